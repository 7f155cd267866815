/**
 * `aws-vault plan <profile>`: the credential chain `exec` would run, without calling AWS.
 * The work loads only when the command runs.
 *
 * @module
 */

import { getBool } from "../cli_spec.ts";
import type { Command } from "../command.ts";
import { chainRequest, DURATION, NO_SESSION, profileArg } from "../common_flags.ts";
import type { PlanOptions } from "../plan_run.ts";

/** `plan`: its declaration, options and run. */
export const planCommand: Command<PlanOptions> = {
  spec: (sources) => ({
    name: "plan",
    help: "Show the credential steps exec would run for a profile, without calling AWS.",
    flags: [
      DURATION,
      NO_SESSION,
      { name: "json", short: "j", kind: "bool", help: "Output the plan as JSON" },
    ],
    args: [profileArg(sources, true)],
  }),
  options: (v) => ({ ...chainRequest(v), json: getBool(v, "json") }),
  run: async (ctx, opts) => (await import("../plan_run.ts")).runPlan(ctx, opts),
};
