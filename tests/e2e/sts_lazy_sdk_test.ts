/**
 * A cached call never loads the AWS SDK: with the SDK's modules remapped to a
 * module that throws when loaded, a cached `exec --json` still works, and an
 * uncached one fails on that very module (proving the remapping took). Nor does
 * start-up resolve the SDK's npm packages: with them mapped to a version that
 * does not exist, a cached call still works.
 */

import { assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { motoTest, stsSandbox } from "../helpers/moto.ts";

const CONFIG = `[profile plain]
region = eu-west-1

[profile role]
source_profile = plain
role_arn = arn:aws:iam::123456789012:role/Cached
mfa_serial = arn:aws:iam::123456789012:mfa/plain
`;

motoTest("a cached exec --json does not load the AWS SDK", async (t, moto) => {
  const w = await stsSandbox(moto, CONFIG, ["plain"]);
  try {
    const poison = `${w.sandbox.root}/poison.ts`;
    Deno.writeTextFileSync(poison, 'throw new Error("the AWS SDK was loaded");\n');
    const config = `${w.sandbox.root}/deno.json`;
    Deno.writeTextFileSync(
      config,
      JSON.stringify({
        lock: false,
        nodeModulesDir: "none",
        imports: {
          "@aws-sdk/client-sts": `file://${poison}`,
          "@aws-sdk/client-iam": `file://${poison}`,
        },
      }),
    );
    const warm = await w.run(["exec", "role", "--json", "-t", "123456"]);
    assertEquals(warm.code, 0, warm.stderr);

    await t.step("the cached role session is served without the SDK", async () => {
      const r = await w.sandbox.run(["exec", "--debug", "role", "--json"], {
        env: w.env,
        denoConfig: config,
      });
      assertEquals(r.code, 0, r.stderr);
      assertEquals(JSON.parse(r.stdout).AccessKeyId, JSON.parse(warm.stdout).AccessKeyId);
      assertStringIncludes(r.stderr, "Re-using cached credentials");
      assertEquals(r.stderr.includes("Loading the AWS SDK"), false);
    });

    await t.step("an uncached call does load it (the remapping works)", async () => {
      const r = await w.sandbox.run(["exec", "plain", "--json"], {
        env: w.env,
        denoConfig: config,
      });
      assertEquals(r.code, 1);
      assertEquals(
        r.stderr,
        "aws-vault: error: exec: Failed to get credentials for plain: Cannot load the AWS SDK (@aws-sdk/client-sts): the AWS SDK was loaded\n",
      );
    });
    await t.step("start-up does not resolve the SDK's npm packages", async () => {
      // A registry that records what it is asked: a literal `import()` of an npm package
      // makes Deno fetch its metadata at start-up even when the import never runs.
      const asked: string[] = [];
      const registry = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
        asked.push(new URL(req.url).pathname);
        return new Response("{}", { status: 404 });
      });
      try {
        const missing = `${w.sandbox.root}/missing.json`;
        Deno.writeTextFileSync(
          missing,
          JSON.stringify({
            lock: false,
            nodeModulesDir: "none",
            imports: {
              "@aws-sdk/client-sts": "npm:@aws-sdk/client-sts@0.0.0-no-such-version",
              "@aws-sdk/client-iam": "npm:@aws-sdk/client-iam@0.0.0-no-such-version",
            },
          }),
        );
        const r = await w.sandbox.run(["exec", "role", "--json"], {
          env: { ...w.env, NPM_CONFIG_REGISTRY: `http://127.0.0.1:${registry.addr.port}/` },
          denoConfig: missing,
        });
        assertEquals(r.code, 0, r.stderr);
        assertEquals(JSON.parse(r.stdout).AccessKeyId, JSON.parse(warm.stdout).AccessKeyId);
        assertEquals(asked, []);
      } finally {
        await registry.shutdown();
      }
    });
    assertEquals((await moto.stsCalls()).length, 1);
  } finally {
    w.cleanup();
  }
});
