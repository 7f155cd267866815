/**
 * The CLI against each real keystore backend available here (pass, Secret
 * Service, KWallet): the same round trip as with the file backend.
 */
import { assertEquals } from "../helpers/assert.ts";
import { openGpgStore } from "../helpers/gpg_store.ts";
// Every test here needs the real Linux keystores: ignored elsewhere, and named so.
import { linuxKeystoreTest as test } from "../helpers/platform.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const FLOW = `${ROOT}/tests/e2e/backend_flow.sh`;

interface Flow {
  results: string[];
  codes: number[];
}

async function runFlow(
  backend: string,
  wrap: string[],
  extraEnv: Record<string, string> = {},
): Promise<Flow> {
  const dir = Deno.makeTempDirSync({ prefix: `aws-vault-flow-${backend}-` });
  try {
    const results = `${dir}/results`;
    Deno.mkdirSync(results);
    Deno.writeTextFileSync(`${dir}/config`, "[profile team/prod]\nregion = eu-west-1\n");
    const out = await new Deno.Command(wrap[0], {
      args: [...wrap.slice(1), FLOW],
      env: {
        DENO: Deno.execPath(),
        ROOT,
        RESULTS: results,
        BACKEND: backend,
        AWS_CONFIG_FILE: `${dir}/config`,
        DENO_DIR: Deno.env.get("DENO_DIR") ??
          `${Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME")}/.cache`}/deno`,
        NO_COLOR: "1",
        ...extraEnv,
      },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    if (!out.success) {
      throw new Error(
        `harness failed (${out.code}): ${dec.decode(out.stdout)}${dec.decode(out.stderr)}`,
      );
    }
    const steps = [...Deno.readDirSync(results)].filter((e) => e.name.endsWith(".rc")).length;
    const flow: Flow = { results: [], codes: [] };
    for (let i = 1; i <= steps; i++) {
      flow.results.push(Deno.readTextFileSync(`${results}/${i}.out`));
      flow.codes.push(Number(Deno.readTextFileSync(`${results}/${i}.rc`).trim()));
    }
    return flow;
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

function assertFlow(flow: Flow) {
  assertEquals(flow.results, [
    'Added credentials to profile "team/prod" in vault\n',
    'Added credentials to profile "a b,c:dé" in vault\n',
    "a b,c:dé\nteam/prod\n",
    '{\n  "Version": 1,\n  "AccessKeyId": "AKIAFLOWEXAMPLE00001",\n  "SecretAccessKey": "flow/secret+1="\n}\n',
    "a b,c:dé|AKIAFLOWEXAMPLE00002|second secret\n",
    "Cleared 0 sessions.\n",
    "Deleted credentials.\n",
    "a b,c:dé\n",
    "team/prod\na b,c:dé\n",
  ]);
  assertEquals(flow.codes, [0, 0, 0, 0, 0, 0, 0, 0, 0]);
}

/** Sorts the lines of `list --credentials` (backends list in their own order). */
function sortCredentialLines(flow: Flow): Flow {
  for (const i of [2, 7]) {
    flow.results[i] = flow.results[i].trimEnd().split("\n").sort().join("\n") + "\n";
  }
  return flow;
}

test("the CLI round trip works with the pass backend and a real GnuPG store", async () => {
  const gpg = await openGpgStore("aws-vault-flow-gpg-");
  try {
    const flow = await runFlow("pass", ["bash"], {
      PATH: Deno.env.get("PATH")!,
      HOME: gpg.root,
      ...gpg.env,
    });
    assertFlow(sortCredentialLines(flow));
  } finally {
    await gpg.close();
  }
});

test("the CLI round trip works with secret-service on a real gnome-keyring", async () => {
  const flow = await runFlow(
    "secret-service",
    [`${ROOT}/tests/helpers/keyring_session.sh`, "bash"],
    {
      PATH: Deno.env.get("PATH")!,
      AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME: "login",
    },
  );
  assertFlow(sortCredentialLines(flow));
});

test("the CLI round trip works with kwallet on a real kwalletd5", async () => {
  const flow = await runFlow(
    "kwallet",
    [`${ROOT}/tests/helpers/kwallet_session.sh`, "--", "bash"],
    {
      PATH: Deno.env.get("PATH")!,
      QT_QPA_PLATFORM: "offscreen",
    },
  );
  assertFlow(sortCredentialLines(flow));
});
