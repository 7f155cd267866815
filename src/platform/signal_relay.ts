/**
 * Which signals a parent running a command with inherited stdio passes on to
 * it, and how the command is started so that each signal reaches it once.
 * Used where aws-vault cannot simply become the command (Windows, a failed
 * `execve`, modes that serve credentials while the command runs).
 *
 * A signal does not say who sent it, nor whether it went to our process alone
 * or to our whole process group (which the command, in the same group, would
 * already have received). So the choice is made by where we run:
 *
 * - With a controlling terminal, the command stays in our process group: that
 *   is the terminal's foreground group, so the command can read the terminal
 *   and gets Ctrl-C, Ctrl-\, Ctrl-Z and window resizes itself. What a terminal
 *   or a shell sends to the whole group (INT, QUIT, WINCH, INFO from keys and
 *   resizes; HUP and CONT on hangup, `fg` and `bg`) is not passed on, only
 *   listened to, so that we outlive the command and return its status. The
 *   job-control stops (TSTP, TTIN, TTOU) keep their default: we stop along
 *   with the command, which is what the shell waits for. Everything else
 *   (TERM, USR1, USR2, ALRM, ...) is passed on: with a terminal it comes from
 *   `kill <pid>`. (A `kill -TERM -- -<group>` typed by hand reaches the
 *   command twice.)
 * - Without a controlling terminal (CI jobs, supervisors, services, where
 *   cancellation comes as a signal to the process group), the command runs in
 *   a session of its own and every catchable signal is passed on, so a signal
 *   to our group or to us reaches it exactly once. What cannot be caught,
 *   SIGKILL and SIGSTOP, then no longer reaches it through our group.
 *
 * Never passed on: KILL and STOP (they cannot be caught), ILL, FPE, SEGV, BUS,
 * TRAP, SYS and ABRT (faults of our own process), CHLD (about our child) and
 * PIPE (a write of ours to a closed pipe).
 *
 * @module
 */

/** Signals that terminals and shells send to a whole foreground process group or job. */
const TO_THE_GROUP: readonly Deno.Signal[] = [
  "SIGINT",
  "SIGQUIT",
  "SIGWINCH",
  "SIGINFO",
  "SIGHUP",
  "SIGCONT",
];
/** Job-control stops: caught and passed on only without a terminal. */
const STOPS: readonly Deno.Signal[] = ["SIGTSTP", "SIGTTIN", "SIGTTOU"];
/** Signals sent to a process for it to act on, passed on in every case. */
const FOR_THE_COMMAND: readonly Deno.Signal[] = [
  "SIGTERM",
  "SIGUSR1",
  "SIGUSR2",
  "SIGALRM",
  "SIGVTALRM",
  "SIGPROF",
  "SIGURG",
  "SIGIO",
  "SIGXCPU",
  "SIGXFSZ",
  "SIGPWR",
  "SIGSTKFLT",
];

/** How to relay signals to a command. */
export interface RelayPlan {
  /** Start the command in a session of its own. */
  ownSession: boolean;
  /** Signals to pass on to the command. */
  forward: Deno.Signal[];
  /** Signals to catch without passing them on, so that they do not end us first. */
  absorb: Deno.Signal[];
}

/** The plan for `os`, with or without a controlling terminal. */
export function relayPlan(os: string, hasTerminal: boolean): RelayPlan {
  if (os === "windows") {
    // The console sends Ctrl-C and Ctrl-Break to every process attached to it, the command
    // included; we only have to outlive the command.
    return { ownSession: false, forward: [], absorb: ["SIGINT", "SIGBREAK"] };
  }
  if (hasTerminal) {
    return { ownSession: false, forward: [...FOR_THE_COMMAND], absorb: [...TO_THE_GROUP] };
  }
  return { ownSession: true, forward: [...TO_THE_GROUP, ...STOPS, ...FOR_THE_COMMAND], absorb: [] };
}

/**
 * Starts listening as `plan` says; `send` passes a signal on. Signals this
 * OS lacks are skipped. Returns the function that stops listening.
 */
export function listenForRelay(plan: RelayPlan, send: (signal: Deno.Signal) => void): () => void {
  const listeners: Array<[Deno.Signal, () => void]> = [];
  const listen = (signal: Deno.Signal, fn: () => void) => {
    try {
      Deno.addSignalListener(signal, fn);
      listeners.push([signal, fn]);
    } catch {
      // not a signal of this OS (SIGINFO on Linux, SIGPWR on macOS, ...)
    }
  };
  for (const signal of plan.forward) listen(signal, () => send(signal));
  for (const signal of plan.absorb) listen(signal, () => {});
  return () => {
    for (const [signal, fn] of listeners) Deno.removeSignalListener(signal, fn);
  };
}
