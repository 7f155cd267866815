/**
 * Whether something accepts TCP connections at an address, asked within a
 * time limit (aws-vault's check that nothing already serves 169.254.169.254:80).
 *
 * @module
 */

/** True when a TCP connection to `hostname:port` opens within `timeoutMs` (it is closed at once). */
export async function acceptsTcp(
  hostname: string,
  port: number,
  timeoutMs: number,
): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname, port, signal: AbortSignal.timeout(timeoutMs) });
    conn.close();
    return true;
  } catch {
    return false;
  }
}
