/**
 * The smoke test of a built program, on any OS: `--version`, `add --env` and `export` with
 * the file backend, and `exec -- <command>` with a session from a real STS call against moto.
 * CI runs it against each compiled binary (`AWS_VAULT_SMOKE_BINARY=dist/aws-vault-linux-x64`,
 * with `AWS_VAULT_SMOKE_VERSION` the version it must print); without those it runs main.ts
 * and expects the development version. It needs no shell, no setsid and no POSIX paths, so
 * that it runs on Windows and macOS as well as Linux.
 */
import { assert, assertEquals } from "../helpers/assert.ts";
import { Moto } from "../helpers/moto.ts";
import { VERSION } from "../../src/version.ts";

const ROOT = new URL("../../", import.meta.url);
const dec = new TextDecoder();

/** The command line that runs the program under test. */
function program(): string[] {
  const binary = Deno.env.get("AWS_VAULT_SMOKE_BINARY");
  // A relative path names a file in the current directory, not in the program's (the home).
  if (binary) return [/^(\/|[A-Za-z]:[\\/])/.test(binary) ? binary : `${Deno.cwd()}/${binary}`];
  const path = (name: string) => decodeURIComponent(new URL(name, ROOT).pathname);
  const root = Deno.build.os === "windows" ? (p: string) => path(p).replace(/^\//, "") : path;
  return [Deno.execPath(), "run", "-A", "--quiet", "--config", root("deno.json"), root("main.ts")];
}

/** This process's environment without AWS settings, plus `extra` (the OS's own variables stay). */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env = Object.fromEntries(
    Object.entries(Deno.env.toObject()).filter(([k]) => !/^AWS_/i.test(k)),
  );
  return { ...env, ...extra };
}

Deno.test("smoke test of the built program: version, file backend, exec with an STS session", async (t) => {
  const [cmd, ...pre] = program();
  const home = await Deno.makeTempDir({ prefix: "aws-vault-smoke-" });
  const moto = await Moto.start();
  const env = cleanEnv({
    HOME: home,
    USERPROFILE: home,
    AWS_VAULT_BACKEND: "file",
    AWS_VAULT_FILE_PASSPHRASE: "smoke-passphrase",
    AWS_ENDPOINT_URL: moto.url,
    AWS_REGION: "us-east-1",
    NO_COLOR: "1",
  });
  const run = async (args: string[], extra: Record<string, string> = {}) => {
    const out = await new Deno.Command(cmd, {
      args: [...pre, ...args],
      env: { ...env, ...extra },
      clearEnv: true,
      cwd: home,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  };
  try {
    await t.step("--version prints the expected version", async () => {
      const expected = Deno.env.get("AWS_VAULT_SMOKE_VERSION") || VERSION;
      assertEquals(await run(["--version"]), { code: 0, stdout: "", stderr: `${expected}\n` });
    });

    const key = await moto.createUserWithKey("smoke");
    await t.step("add --env stores the keys in the file backend", async () => {
      const added = await run(["add", "--env", "smoke"], {
        AWS_ACCESS_KEY_ID: key.accessKeyId,
        AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
      });
      assertEquals(added, {
        code: 0,
        stdout: 'Added credentials to profile "smoke" in vault\n',
        stderr: "",
      });
      assertEquals([...Deno.readDirSync(`${home}/.awsvault/keys`)].map((e) => e.name), ["smoke"]);
    });

    await t.step("export --no-session reads them back", async () => {
      assertEquals(await run(["export", "--no-session", "smoke"]), {
        code: 0,
        stdout:
          `AWS_ACCESS_KEY_ID=${key.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${key.secretAccessKey}\n` +
          "AWS_REGION=us-east-1\nAWS_DEFAULT_REGION=us-east-1\n",
        stderr: "",
      });
    });

    await t.step(
      "exec -- <command> runs it with a session from STS, passing its status",
      async () => {
        await moto.resetRequests();
        const show = "const e = Deno.env.toObject(); console.log(JSON.stringify(" +
          "[e.AWS_VAULT, e.AWS_ACCESS_KEY_ID, e.AWS_SESSION_TOKEN ?? ''])); Deno.exit(3)";
        const r = await run(["exec", "smoke", "--", Deno.execPath(), "eval", show]);
        assertEquals([r.code, r.stderr], [3, ""]);
        const [profile, keyId, token] = JSON.parse(r.stdout);
        assertEquals(profile, "smoke");
        // moto answers GetSessionToken with AWS's documented example key, not an ASIA one.
        assert(keyId !== key.accessKeyId, `a session key, not the stored ${keyId}`);
        assert(token.length > 0, "a session token");
        const calls = await moto.stsCalls();
        assertEquals(calls.map((c) => [c.action, c.accessKeyId]), [
          ["GetSessionToken", key.accessKeyId],
        ]);
      },
    );
  } finally {
    await moto.stop();
    await Deno.remove(home, { recursive: true });
  }
});
