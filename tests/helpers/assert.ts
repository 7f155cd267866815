/**
 * Minimal assertions (JSR's @std/assert is not reachable from our machines).
 *
 * @module
 */

function show(value: unknown): string {
  return Deno.inspect(value, {
    depth: 10,
    colors: false,
    strAbbreviateSize: 10_000,
    iterableLimit: 1000,
  });
}

/** Fails unless `actual` and `expected` are deeply equal (Deno.inspect equality, types checked). */
export function assertEquals<T>(actual: T, expected: T, message?: string): void {
  const a = show(actual);
  const e = show(expected);
  if (a !== e || typeof actual !== typeof expected) {
    throw new Error(
      `${message ? message + ": " : ""}values differ\n  actual:   ${a}\n  expected: ${e}`,
    );
  }
}

/** Fails when `actual` and `expected` are deeply equal. */
export function assertNotEquals<T>(actual: T, expected: T, message?: string): void {
  if (show(actual) === show(expected)) {
    throw new Error(`${message ? message + ": " : ""}values are equal: ${show(actual)}`);
  }
}

/** Fails unless `condition` is truthy. */
export function assert(condition: unknown, message = "assertion failed"): asserts condition {
  if (!condition) throw new Error(message);
}

/** Fails unless `text` contains `part`. */
export function assertStringIncludes(text: string, part: string, message?: string): void {
  if (!text.includes(part)) {
    throw new Error(
      `${message ? message + ": " : ""}expected ${show(text)} to contain ${show(part)}`,
    );
  }
}

/** Fails unless `text` matches `re`. */
export function assertMatch(text: string, re: RegExp, message?: string): void {
  if (!re.test(text)) {
    throw new Error(`${message ? message + ": " : ""}expected ${show(text)} to match ${re}`);
  }
}

/** Runs `fn` and fails unless it rejects/throws an instance of `type` whose message includes `includes`. */
export async function assertRejects<E extends Error>(
  fn: () => unknown,
  type?: new (...args: never[]) => E,
  includes?: string,
): Promise<E> {
  try {
    await fn();
  } catch (error) {
    if (type && !(error instanceof type)) {
      throw new Error(`expected ${type.name}, got ${show(error)}`);
    }
    if (includes !== undefined && !(error as Error).message.includes(includes)) {
      throw new Error(
        `expected error message to contain ${show(includes)}, got ${
          show((error as Error).message)
        }`,
      );
    }
    return error as E;
  }
  throw new Error("expected a rejection, but the call succeeded");
}
