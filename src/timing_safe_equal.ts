/**
 * Comparing secrets (tokens, signatures) in time that does not depend on
 * where they first differ.
 *
 * @module
 */

/** Whether `a` and `b` hold the same bytes; for equal lengths, the time taken does not depend on the content. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}
