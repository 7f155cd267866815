/**
 * The checks every request to the EC2 metadata endpoint passes first, as in
 * aws-vault: it must come from this machine (so that a neighbour on the
 * network cannot route 169.254.169.254 to us), and it must be addressed to
 * 169.254.169.254 (so that a web page cannot reach us by DNS rebinding).
 *
 * @module
 */

import { httpError } from "./go_http.ts";

/** The instance metadata address. */
export const METADATA_IP = "169.254.169.254";
/** The instance metadata address with its port. */
export const METADATA_ADDR = `${METADATA_IP}:80`;

/** Whether `ip` is a loopback address (127.0.0.0/8, `::1`, or 127.x mapped into IPv6). */
export function isLoopback(ip: string): boolean {
  const v4 = ip.replace(/^::ffff:/i, "");
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)) return true;
  return ip === "::1" || /^(0{1,4}:){7}0{0,3}1$/.test(ip);
}

/** The IP address of a client's `host:port` (brackets around an IPv6 host are optional). */
export function remoteIp(remote: string): string {
  const colon = remote.lastIndexOf(":");
  const host = colon < 0 ? remote : remote.slice(0, colon);
  return host.replace(/^\[(.*)\]$/, "$1");
}

/** What a guard accepts besides loopback clients. */
export interface GuardOptions {
  /**
   * Also accept this client address. A program on this machine that connects
   * to 169.254.169.254 once it is a loopback alias comes from that address.
   */
  localAlias?: string;
}

/**
 * The refusal of a request that does not come from this machine or is not
 * addressed to 169.254.169.254 (401, aws-vault's texts); `undefined` when it passes.
 */
export function refuseRequest(
  request: Request,
  remote: string,
  options: GuardOptions = {},
): Response | undefined {
  const ip = remoteIp(remote);
  if (!isLoopback(ip) && ip !== options.localAlias) {
    return httpError("Access denied from non-localhost address", 401);
  }
  const host = request.headers.get("host") ?? "";
  if (host !== METADATA_IP && host !== METADATA_ADDR) {
    return httpError(`Access denied for host '${host}'`, 401);
  }
  return undefined;
}
