/**
 * The V8 flags the shipped program runs with: the `deno compile` binaries
 * (scripts/build.ts), scripts/aws-vault (which spells them out, to start no
 * extra process; a test checks they match), the benchmark and the bundle tests.
 *
 * - `--no-lazy` compiles every function when the file is first compiled, so
 *   V8's code cache holds them all and later starts compile nothing.
 * - `--min-semi-space-size=16` (MB) starts V8's young generation large enough
 *   that a run never collects garbage, which a large `list` otherwise does.
 *   The pages are committed only when used, so the peak memory of `list` and
 *   `export` does not grow.
 *
 * Their measured effect is in docs/performance.md.
 *
 * @module
 */

/** The value of `--v8-flags=` for the shipped program. */
export const SHIPPED_V8_FLAGS = "--no-lazy,--min-semi-space-size=16";
