/**
 * The MFA prompt drivers: which are offered here, and which one
 * asks when `--prompt`/`AWS_VAULT_PROMPT` is unset. This module is small and
 * loads no driver: `run.ts` uses it for the `--prompt` list at start-up, and a
 * driver's code is imported only when it asks.
 *
 * @module
 */

import { CredentialsError } from "../errors.ts";
import type { Deps, Logger, OsName } from "../platform/types.ts";
import type { PromptFunc } from "./prompt_func.ts";

/** A prompt driver as `--prompt` names it. */
export interface PromptDriverInfo {
  readonly name: string;
  /** The program that must be on PATH for the driver to be offered. */
  readonly program?: string;
  /** The only OS the driver is offered on. */
  readonly os?: OsName;
  /**
   * Opens an X11/Wayland window: on Linux and the BSDs the automatic choice
   * passes it over when neither `DISPLAY` nor `WAYLAND_DISPLAY` is set.
   */
  readonly needsDisplay?: boolean;
  /** Loads the driver's code. */
  load(): Promise<PromptFunc>;
}

/** Every driver, in alphabetical order (the order of the automatic choice). */
export const PROMPT_DRIVERS: readonly PromptDriverInfo[] = [
  {
    name: "kdialog",
    program: "kdialog",
    needsDisplay: true,
    load: async () => (await import("./kdialog.ts")).kdialogPrompt,
  },
  {
    name: "osascript",
    program: "osascript",
    load: async () => (await import("./osascript.ts")).osascriptPrompt,
  },
  { name: "terminal", load: async () => (await import("./terminal.ts")).terminalPrompt },
  {
    name: "wincredui",
    os: "windows",
    load: async () => (await import("./wincredui.ts")).wincreduiPrompt,
  },
  { name: "ykman", program: "ykman", load: async () => (await import("./ykman.ts")).ykmanPrompt },
  {
    name: "zenity",
    program: "zenity",
    needsDisplay: true,
    load: async () => (await import("./zenity.ts")).zenityPrompt,
  },
];

/** The name of the driver that asks on the controlling terminal. */
export const TERMINAL_DRIVER = "terminal";

/** The driver called `name`, if there is one. */
export function promptDriverInfo(name: string): PromptDriverInfo | undefined {
  return PROMPT_DRIVERS.find((d) => d.name === name);
}

/** Whether `driver` is offered here: the right OS, and its program on PATH. */
export function isPromptDriverAvailable(
  deps: Pick<Deps, "os" | "proc">,
  driver: PromptDriverInfo,
): boolean {
  if (driver.os !== undefined && driver.os !== deps.os) return false;
  return driver.program === undefined || deps.proc.whichSync(driver.program) !== undefined;
}

/** The names of the drivers offered here, sorted: `terminal` always, the others when usable. */
export function availablePromptDrivers(deps: Pick<Deps, "os" | "proc">): string[] {
  return PROMPT_DRIVERS.filter((d) => isPromptDriverAvailable(deps, d)).map((d) => d.name);
}

/**
 * {@linkcode availablePromptDrivers} computed on the first call and kept: for
 * `run.ts`, whose help text and `--prompt` check may both ask.
 */
export function promptDriverLister(deps: Pick<Deps, "os" | "proc">): () => readonly string[] {
  let names: readonly string[] | undefined;
  return () => names ??= availablePromptDrivers(deps);
}

function hasDisplay(deps: Pick<Deps, "os" | "env">): boolean {
  if (deps.os === "darwin" || deps.os === "windows") return true;
  return (deps.env.get("DISPLAY") ?? "") !== "" || (deps.env.get("WAYLAND_DISPLAY") ?? "") !== "";
}

/** What decides the driver. */
export interface PromptDriverRequest {
  /** `--prompt`/`AWS_VAULT_PROMPT`; "" = automatic. */
  requested: string;
  /** `exec --ecs-server`/`--ec2-server`: nobody watches the terminal. */
  serverMode?: boolean;
}

/**
 * The driver that asks, chosen as aws-vault chooses: the requested one; else
 * `terminal`, unless stdout is not a terminal (`credential_process`) or a
 * server mode is on, in which case the alphabetically first available
 * non-terminal driver (that can open a window, where that needs a display);
 * else `terminal`.
 * Unlike aws-vault, the GUI drivers are also tried when there is no
 * controlling terminal to ask on. Logs `Using prompt driver: <name>`.
 */
export function choosePromptDriver(
  deps: Deps,
  log: Logger,
  request: PromptDriverRequest,
): PromptDriverInfo {
  let chosen: PromptDriverInfo | undefined;
  if (request.requested !== "") {
    chosen = promptDriverInfo(request.requested);
    if (chosen === undefined) {
      throw new CredentialsError(`Unknown prompt driver "${request.requested}"`, { code: "MFA" });
    }
  } else if (
    request.serverMode || !deps.io.stdout.isTerminal() || !deps.terminal.available()
  ) {
    for (const driver of PROMPT_DRIVERS) {
      if (driver.name === TERMINAL_DRIVER || !isPromptDriverAvailable(deps, driver)) continue;
      if (driver.needsDisplay && !hasDisplay(deps)) {
        log.debug(
          `Passing over prompt driver ${driver.name}: neither DISPLAY nor WAYLAND_DISPLAY is set`,
        );
        continue;
      }
      chosen = driver;
      break;
    }
  }
  chosen ??= promptDriverInfo(TERMINAL_DRIVER)!;
  log.debug(`Using prompt driver: ${chosen.name}`);
  return chosen;
}
