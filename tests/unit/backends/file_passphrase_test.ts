import assert from "node:assert/strict";
import { FILE_PASSPHRASE_ENV, filePassphraseSource } from "../../../backends/file_passphrase.ts";
import { NoTerminalError } from "../../../src/errors.ts";
import type { Env, Logger, Terminal } from "../../../src/platform/types.ts";

const DIR = "/home/jon/.awsvault/keys/";

function env(vars: Record<string, string> = {}): Env {
  return { get: (name) => vars[name], toObject: () => ({ ...vars }) };
}

interface PromptCall {
  message: string;
  options: { echo: boolean; promptTo?: "terminal" | "stderr" };
}

/** A terminal that answers from a list (or fails) and records every prompt. */
function terminal(answers: (string | Error)[], available = true) {
  const calls: PromptCall[] = [];
  const fake: Terminal & { calls: PromptCall[] } = {
    calls,
    available: () => available,
    async prompt(message, options) {
      calls.push({ message, options });
      await Promise.resolve();
      const answer = answers.shift();
      if (answer === undefined) throw new Error("unexpected prompt");
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return fake;
}

function logger() {
  const lines: string[] = [];
  const log: Logger & { lines: string[] } = { enabled: true, debug: (m) => lines.push(m), lines };
  return log;
}

async function rejection<T>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => T,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${error}`);
    return error;
  }
  return assert.fail(`expected a ${type.name}`);
}

Deno.test("filePassphraseSource() uses AWS_VAULT_FILE_PASSPHRASE without touching the terminal", async () => {
  const term = terminal([]);
  const log = logger();
  const source = filePassphraseSource({
    dir: DIR,
    env: env({ [FILE_PASSPHRASE_ENV]: "from-env" }),
    terminal: term,
    log,
  });
  assert.equal(await source(), "from-env");
  assert.equal(await source(), "from-env");
  assert.equal(term.calls.length, 0);
  assert.deepEqual(log.lines, [
    "file backend: using the passphrase from AWS_VAULT_FILE_PASSPHRASE",
  ]);
});

Deno.test("filePassphraseSource() uses an empty AWS_VAULT_FILE_PASSPHRASE as-is", async () => {
  const term = terminal([]);
  const source = filePassphraseSource({
    dir: DIR,
    env: env({ [FILE_PASSPHRASE_ENV]: "" }),
    terminal: term,
  });
  assert.equal(await source(), "");
  assert.equal(term.calls.length, 0);
});

Deno.test("filePassphraseSource() prompts on stderr with echo off using aws-vault's text", async () => {
  const term = terminal(["typed"]);
  const source = filePassphraseSource({ dir: DIR, env: env(), terminal: term });
  assert.equal(await source(), "typed");
  assert.deepEqual(term.calls, [{
    message: 'Enter passphrase to unlock "/home/jon/.awsvault/keys/": ',
    options: { echo: false, promptTo: "stderr" },
  }]);
});

Deno.test("filePassphraseSource() asks once, for sequential and concurrent callers alike", async () => {
  const term = terminal(["typed", "asked twice"]);
  const source = filePassphraseSource({ dir: DIR, env: env(), terminal: term });
  const answers = await Promise.all([source(), source(), source()]);
  assert.deepEqual(answers, ["typed", "typed", "typed"]);
  assert.equal(await source(), "typed");
  assert.equal(term.calls.length, 1);
});

Deno.test("filePassphraseSource() remembers an empty answer too: asked at most once per process", async () => {
  const term = terminal(["", "second"]);
  const source = filePassphraseSource({ dir: DIR, env: env(), terminal: term });
  assert.equal(await source(), "");
  assert.equal(await source(), "");
  assert.equal(term.calls.length, 1);
});

Deno.test("filePassphraseSource() without a terminal fails at once, pointing to the variable", async () => {
  const term = terminal(["never"], false);
  const source = filePassphraseSource({ dir: DIR, env: env(), terminal: term });
  const error = await rejection(source(), NoTerminalError);
  assert.equal(
    error.message,
    'Cannot ask for the passphrase to unlock "/home/jon/.awsvault/keys/": no terminal is available; ' +
      "set AWS_VAULT_FILE_PASSPHRASE to supply it without a terminal",
  );
  assert.equal(term.calls.length, 0);
});

Deno.test("filePassphraseSource() turns a prompt's NoTerminalError into the same advice, then retries", async () => {
  const term = terminal([new NoTerminalError("interrupted"), "later"]);
  const source = filePassphraseSource({ dir: DIR, env: env(), terminal: term });
  const error = await rejection(source(), NoTerminalError);
  assert.match(error.message, /: interrupted; set AWS_VAULT_FILE_PASSPHRASE to supply it/);
  assert.ok(!error.message.includes("\n"));
  assert.equal(error.cause instanceof NoTerminalError, true);
  assert.equal(await source(), "later");
});

Deno.test("filePassphraseSource() passes other prompt failures through unchanged", async () => {
  const boom = new TypeError("boom");
  const source = filePassphraseSource({ dir: DIR, env: env(), terminal: terminal([boom]) });
  assert.equal(await source().catch((e) => e), boom);
});

Deno.test("filePassphraseSource() logs where the passphrase came from, never its value", async () => {
  const log = logger();
  const source = filePassphraseSource({
    dir: DIR,
    env: env(),
    terminal: terminal(["s3cr3t-value"]),
    log,
  });
  await source();
  await source();
  assert.deepEqual(log.lines, ["file backend: asking for the passphrase on the terminal"]);
  assert.ok(log.lines.every((line) => !line.includes("s3cr3t-value")));
});

Deno.test("filePassphraseSource() with an agent that does not answer: the error also names the agent", async () => {
  const term = terminal(["never"], false);
  let asked = 0;
  const agent = { passphrase: () => (asked++, Promise.resolve(undefined)) };
  const source = filePassphraseSource({ dir: DIR, env: env(), terminal: term, agent });
  const error = await rejection(source(), NoTerminalError);
  assert.equal(
    error.message,
    'Cannot ask for the passphrase to unlock "/home/jon/.awsvault/keys/": no terminal is available; ' +
      'set AWS_VAULT_FILE_PASSPHRASE to supply it without a terminal, or run "aws-vault agent start" ' +
      "in a terminal first",
  );
  assert.deepEqual([asked, term.calls.length], [1, 0]);
});
