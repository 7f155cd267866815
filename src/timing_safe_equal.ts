/**
 * Comparing secrets (tokens, signatures) in time that does not depend on
 * where they first differ.
 *
 * @module
 */

/**
 * Whether `given` holds the same bytes as `expected`, in a time that depends
 * on `expected`'s length only (not on `given`'s, nor on where they differ).
 */
export function timingSafeEqual(given: Uint8Array, expected: Uint8Array): boolean {
  let difference = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) difference |= (given[i] ?? 0) ^ expected[i];
  return difference === 0;
}
