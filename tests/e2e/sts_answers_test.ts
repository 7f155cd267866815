/**
 * Broken answers from STS, end to end, against a local stand-in: an answer
 * without end is cut at 1 MiB (one line, before the API timeout, memory
 * flat); one that stalls mid-body ends at AWS_VAULT_API_TIMEOUT; malformed
 * XML and a bad Expiration are named for what they are; an endpoint's
 * `user:password@` never reaches the output.
 */

import { assert, assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { cliCommandLine, CliSandbox } from "../helpers/cli.ts";
import { sessionXml, type StandIn, startStandIn, xmlResponse } from "../helpers/sts_stand_in.ts";

// Runs the CLI and writes the peak RSS (KiB) of the process it waited for to argv[1].
const PEAK_RSS = "import resource,subprocess,sys\n" +
  "r=subprocess.run(sys.argv[2:])\n" +
  "open(sys.argv[1],'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n" +
  "sys.exit(r.returncode)";

const HEAD = sessionXml("2099-01-01T00:00:00Z").split("<Expiration>")[0];

function endlessBody(): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode(`<Padding>${"a".repeat(64 * 1024)}</Padding>`);
  let first = true;
  return new ReadableStream({
    pull(c) {
      c.enqueue(first ? new TextEncoder().encode(HEAD) : chunk);
      first = false;
    },
  });
}

function stalledBody(): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode(HEAD)) });
}

type Mode = "endless" | "stall" | "malformed" | "bad-expiration";

const ANSWERS: Record<Mode, () => Response> = {
  endless: () => xmlResponse(endlessBody()),
  stall: () => xmlResponse(stalledBody()),
  malformed: () => xmlResponse("<GetSessionTokenResponse><GetSessionTokenResult"),
  "bad-expiration": () => xmlResponse(sessionXml("tomorrow")),
};

const PREFIX =
  "aws-vault: error: exec: Failed to get credentials for work: profile work: sts.GetSessionToken failed: ";

Deno.test("broken STS answers are one line, bounded in time and memory", async (t) => {
  let mode: Mode = "malformed";
  const sts: StandIn = startStandIn(() => ANSWERS[mode]());
  const s = CliSandbox.create();
  try {
    s.writeConfig("[profile work]\nregion = eu-west-1\n");
    await s.storeKeys("work");
    const run = async (args: string[], env: Record<string, string>) => {
      const rssFile = `${s.root}/peak-rss`;
      const start = Date.now();
      const r = await s.run(args, {
        env: { AWS_ENDPOINT_URL: sts.url, ...env },
        program: ["python3", "-c", PEAK_RSS, rssFile, ...cliCommandLine()],
      });
      const ms = Date.now() - start;
      const rssMiB = Number(Deno.readTextFileSync(rssFile)) / 1024;
      console.log(`  ${mode}: ${ms} ms, peak RSS ${rssMiB.toFixed(0)} MiB`);
      return { ...r, ms, rssMiB };
    };

    await t.step("an answer without end is cut at 1 MiB, before the timeout", async () => {
      mode = "endless";
      const r = await run(["exec", "work", "--json"], { AWS_VAULT_API_TIMEOUT: "4s" });
      assertEquals(r.code, 1);
      assertEquals(r.stdout, "");
      assertEquals(r.stderr, `${PREFIX}the answer from "${sts.url}" is larger than 1 MiB\n`);
      assert(r.rssMiB < 300, `peak RSS ${r.rssMiB} MiB`);
      // Far below the 4 s timeout when alone; generous for a loaded machine.
      assert(r.ms < 12_000, `took ${r.ms} ms`);
    });

    await t.step("an answer that stalls mid-body ends at AWS_VAULT_API_TIMEOUT", async () => {
      mode = "stall";
      const r = await run(["exec", "work", "--json"], { AWS_VAULT_API_TIMEOUT: "2s" });
      assertEquals(r.code, 1);
      assertEquals(r.stderr, `${PREFIX}no answer from "${sts.url}" in time\n`);
      assert(r.ms >= 2_000 && r.ms < 10_000, `took ${r.ms} ms`);
      assert(r.rssMiB < 300, `peak RSS ${r.rssMiB} MiB`);
    });

    const unreadable: Array<[string, Mode, string]> = [
      [
        "malformed XML is reported as an invalid answer, not as unreachable",
        "malformed",
        "XML parse error: unexpected end of input",
      ],
      [
        "a bad Expiration is one line naming the field",
        "bad-expiration",
        'Expiration "tomorrow" is not an RFC 3339 time',
      ],
    ];
    for (const [name, answer, detail] of unreadable) {
      await t.step(name, async () => {
        mode = answer;
        const r = await run(["exec", "work", "--json"], {});
        assertEquals(r.code, 1);
        assertEquals(r.stderr, `${PREFIX}invalid answer from "${sts.url}" (HTTP 200): ${detail}\n`);
      });
    }

    await t.step("an endpoint's user:password is redacted in errors and --debug", async () => {
      mode = "malformed";
      const secretUrl = `http://alice:s3cret-pw@127.0.0.1:${sts.port}`;
      const shown = `http://alice:xxxxx@127.0.0.1:${sts.port}`;
      for (const variable of ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS"]) {
        const plain = await run(["exec", "work", "--json"], { [variable]: secretUrl });
        assertEquals(plain.code, 1);
        assertStringIncludes(plain.stderr, `invalid answer from "${shown}"`);
        assertEquals(plain.stderr.includes("s3cret-pw"), false, plain.stderr);
        const debug = await run(["exec", "--debug", "work", "--json"], { [variable]: secretUrl });
        assertEquals(debug.code, 1);
        assertStringIncludes(debug.stderr, `calling sts.GetSessionToken at ${shown}`);
        assertEquals(debug.stderr.includes("s3cret-pw"), false, debug.stderr);
      }
    });
    assert(sts.requests() > 0);
  } finally {
    s.cleanup();
    await sts.close();
  }
});
