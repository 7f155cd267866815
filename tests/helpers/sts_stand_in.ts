/**
 * Local stand-ins for STS in end-to-end tests: a server whose answers the
 * test chooses (including broken ones moto never gives), one that accepts
 * connections and never answers, and the XML of the answers STS gives.
 *
 * @module
 */

/** A local HTTP server standing in for STS. */
export interface StandIn {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** How many requests it received. */
  requests(): number;
  close(): Promise<void>;
}

/** Starts a server that answers every request with `answer(request, its body)`. */
export function startStandIn(
  answer: (req: Request, body: string) => Response | Promise<Response>,
): StandIn {
  let count = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const body = await req.text();
    count++;
    return await answer(req, body);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    port: server.addr.port,
    requests: () => count,
    close: () => server.shutdown(),
  };
}

/** Starts a TCP server that accepts connections and never answers. */
export function startSilentServer(): StandIn {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    try {
      for await (const conn of listener) held.push(conn);
    } catch {
      // closed
    }
  })();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: () => held.length,
    close: async () => {
      listener.close();
      for (const c of held) c.close();
      await accepting;
    },
  };
}

/** The XML of a GetSessionToken answer; `expiration` is written as given. */
export function sessionXml(expiration: string): string {
  return `<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">` +
    `<GetSessionTokenResult><Credentials><AccessKeyId>ASIASTANDIN000000001</AccessKeyId>` +
    `<SecretAccessKey>stand-in-secret</SecretAccessKey><SessionToken>stand-in-token</SessionToken>` +
    `<Expiration>${expiration}</Expiration></Credentials></GetSessionTokenResult>` +
    `<ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></GetSessionTokenResponse>`;
}

/** The XML of an STS error answer. */
export function stsErrorXml(code: string, message: string): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error>` +
    `<Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error>` +
    `<RequestId>r-1</RequestId></ErrorResponse>`;
}

/** An XML answer. */
export function xmlResponse(body: BodyInit, status = 200): Response {
  return new Response(body, { status, headers: { "content-type": "text/xml" } });
}
