/**
 * Finding the D-Bus session bus: parsing `DBUS_SESSION_BUS_ADDRESS` and the
 * `$XDG_RUNTIME_DIR/bus` fallback that libdbus, sd-bus and godbus also use.
 *
 * @module
 */

import type { Env } from "../src/platform/types.ts";

/** A Unix socket we can connect to; `abstract` ones live in Linux's abstract namespace. */
export interface BusSocket {
  path: string;
  abstract: boolean;
}

/** The session bus sockets to try, in order, and a description for messages. */
export interface SessionBusAddress {
  sockets: BusSocket[];
  /** Where the address came from, e.g. `DBUS_SESSION_BUS_ADDRESS "unix:path=/run/user/1000/bus"`. */
  source: string;
  /** Why nothing usable was found, when `sockets` is empty. */
  problem?: string;
}

function unescapeValue(value: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === "%" && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...new TextEncoder().encode(value[i]));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * Parses a D-Bus server address list (`unix:path=/run/user/1000/bus;unix:abstract=/tmp/x`)
 * into the Unix sockets it names; transports we cannot use (tcp, unixexec, ...) are skipped.
 */
export function parseBusAddress(address: string): { sockets: BusSocket[]; skipped: string[] } {
  const sockets: BusSocket[] = [];
  const skipped: string[] = [];
  for (const entry of address.split(";")) {
    if (entry.trim() === "") continue;
    const colon = entry.indexOf(":");
    const transport = colon < 0 ? entry : entry.slice(0, colon);
    const params = new Map<string, string>();
    for (const pair of (colon < 0 ? "" : entry.slice(colon + 1)).split(",")) {
      const eq = pair.indexOf("=");
      if (eq > 0) params.set(pair.slice(0, eq), unescapeValue(pair.slice(eq + 1)));
    }
    const path = params.get("path");
    const abstract = params.get("abstract");
    if (transport === "unix" && path !== undefined) sockets.push({ path, abstract: false });
    else if (transport === "unix" && abstract !== undefined) {
      sockets.push({ path: abstract, abstract: true });
    } else skipped.push(transport);
  }
  return { sockets, skipped };
}

/** The session bus address from the environment, with the `$XDG_RUNTIME_DIR/bus` default. */
export function sessionBusAddress(env: Env): SessionBusAddress {
  const address = env.get("DBUS_SESSION_BUS_ADDRESS");
  if (address !== undefined && address !== "") {
    const { sockets, skipped } = parseBusAddress(address);
    const source = `DBUS_SESSION_BUS_ADDRESS "${address}"`;
    if (sockets.length > 0) return { sockets, source };
    const kinds = skipped.length > 0 ? `: unsupported transport "${skipped.join('", "')}"` : "";
    return { sockets, source, problem: `${source} names no Unix socket${kinds}` };
  }
  const runtime = env.get("XDG_RUNTIME_DIR");
  if (runtime !== undefined && runtime !== "") {
    const path = `${runtime.replace(/\/+$/, "")}/bus`;
    return { sockets: [{ path, abstract: false }], source: `"${path}"` };
  }
  return {
    sockets: [],
    source: "the environment",
    problem: "no session bus: DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR are not set",
  };
}
