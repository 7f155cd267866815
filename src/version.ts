/**
 * The version string printed by `--version`: aws-vault's version this build
 * is compatible with, then this implementation's own release.
 *
 * @module
 */

/** The program's version. */
export const VERSION = "v7.2.0-deno.0.1.0";
