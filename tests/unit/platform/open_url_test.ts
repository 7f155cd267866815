import { openerCommand, openUrl } from "../../../src/platform/open_url.ts";
import { assertEquals } from "../../helpers/assert.ts";
import { fakeEnv, FakeProcessRunner } from "../../helpers/fakes.ts";

const URL_WITH_TOKEN = "https://signin.example/federation?SigninToken=secret-token";

Deno.test("openerCommand() uses $BROWSER first, then each OS's own opener", () => {
  const none = fakeEnv({});
  assertEquals(openerCommand("u", { env: none, os: "linux" }), ["xdg-open", "u"]);
  assertEquals(openerCommand("u", { env: none, os: "freebsd" }), ["xdg-open", "u"]);
  assertEquals(openerCommand("u", { env: none, os: "darwin" }), ["open", "u"]);
  assertEquals(openerCommand("u", { env: none, os: "windows" }), [
    "rundll32",
    "url.dll,FileProtocolHandler",
    "u",
  ]);
  const browser = fakeEnv({ BROWSER: "firefox:chromium" });
  assertEquals(openerCommand("u", { env: browser, os: "darwin" }), ["firefox", "u"]);
});

Deno.test("openUrl() runs the opener without credentials in its environment", async () => {
  const proc = new FakeProcessRunner(() => 0, ["xdg-open"]);
  const env = fakeEnv({
    PATH: "/usr/bin",
    AWS_SECRET_ACCESS_KEY: "s",
    AWS_VAULT_FILE_PASSPHRASE: "p",
  });
  assertEquals(await openUrl(URL_WITH_TOKEN, { env, os: "linux", proc }), undefined);
  assertEquals(proc.calls.length, 1);
  assertEquals(proc.calls[0].cmd, "xdg-open");
  assertEquals(proc.calls[0].args, [URL_WITH_TOKEN]);
  assertEquals(proc.calls[0].env, { PATH: "/usr/bin" });
});

Deno.test("openUrl() reports a missing or failing opener without the URL", async () => {
  const env = fakeEnv({});
  const missing = await openUrl(URL_WITH_TOKEN, {
    env,
    os: "linux",
    proc: new FakeProcessRunner(),
  });
  assertEquals(missing, "xdg-open was not found on PATH");
  const failing = new FakeProcessRunner(() => 3, ["xdg-open"]);
  assertEquals(
    await openUrl(URL_WITH_TOKEN, { env, os: "linux", proc: failing }),
    "xdg-open exited with status 3",
  );
});
