/**
 * The EC2 metadata server, the privileged proxy and its 169.254.169.254
 * loopback alias, with real clients: the tests in tests/netns/ec2_servers.ts,
 * run inside a private network namespace so that no host interface changes.
 */
import { assertEquals } from "../helpers/assert.ts";
import { testInNetns } from "../helpers/netns.ts";

Deno.test("the EC2 server, proxy and alias work with real clients (in a private network namespace)", async () => {
  const result = await testInNetns("tests/netns/ec2_servers.ts");
  assertEquals(result.code, 0, result.output);
});
