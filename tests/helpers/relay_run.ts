/**
 * Runs `<cmd> [args...]` through the real process runner's relay
 * (`runInherited`: a child process with signals forwarded) and exits with its
 * status, as `exec` does where it cannot replace itself with the command
 * (Windows, a failed `execve`, the server modes). Test helper only.
 *
 * @module
 */

import { denoProcessRunner } from "../../src/platform/deno_proc.ts";

const [cmd, ...args] = Deno.args;
const runner = denoProcessRunner({ getEnv: (name) => Deno.env.get(name) });
Deno.exit(await runner.runInherited({ cmd, args }));
