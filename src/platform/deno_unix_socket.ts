/**
 * Unix-domain stream sockets (used to speak D-Bus to the session bus).
 *
 * @module
 */

/** A connected byte stream. */
export interface ByteStream {
  /** Reads into `buffer`; resolves to the byte count, or null at end of stream. */
  read(buffer: Uint8Array): Promise<number | null>;
  /** Writes some of `data`; resolves to the byte count written. */
  write(data: Uint8Array): Promise<number>;
  close(): void;
}

/** Opens a connection to a Unix socket; `abstract` selects Linux's abstract namespace. */
export type UnixSocketConnector = (
  path: string,
  options?: { abstract?: boolean },
) => Promise<ByteStream>;

/** The real connector, on `Deno.connect`. */
export const connectUnixSocket: UnixSocketConnector = async (path, options = {}) => {
  const target = options.abstract ? `\0${path}` : path;
  return await Deno.connect({ transport: "unix", path: target });
};
