import assert from "node:assert/strict";
import { ConfigError } from "../../../src/errors.ts";
import type { Fs, Logger } from "../../../src/platform/types.ts";
import {
  appendProfileSection,
  configFilePath,
  loadConfigFile,
  MAX_CONFIG_FILE_BYTES,
  parseConfigFile,
} from "../../../src/config/config_file.ts";
import { fakeEnv, MemoryFs } from "../../helpers/fakes.ts";

const PATH = "/home/me/.aws/config";

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { enabled: true, lines, debug: (message) => lines.push(message) };
}

Deno.test("configFilePath() uses AWS_CONFIG_FILE when set and says so", () => {
  const log = recordingLogger();
  const path = configFilePath(fakeEnv({ AWS_CONFIG_FILE: "/etc/aws.ini" }), "/home/me", log);
  assert.equal(path, "/etc/aws.ini");
  assert.deepEqual(log.lines, ["Using AWS_CONFIG_FILE value: /etc/aws.ini"]);
});

Deno.test("configFilePath() defaults to <home>/.aws/config, also when AWS_CONFIG_FILE is empty", () => {
  const log = recordingLogger();
  assert.equal(configFilePath(fakeEnv({}), "/home/me", log), PATH);
  assert.equal(configFilePath(fakeEnv({ AWS_CONFIG_FILE: "" }), "/home/me/", log), PATH);
  assert.equal(configFilePath(fakeEnv({}), "C:\\Users\\me"), "C:\\Users\\me\\.aws\\config");
  assert.deepEqual(log.lines, []);
});

Deno.test("loadConfigFile() creates a missing directory (0700) and an empty file (0600)", async () => {
  const fs = new MemoryFs();
  const log = recordingLogger();
  const config = await loadConfigFile(fs, PATH, log);
  assert.equal(fs.dirs.get("/home/me/.aws"), 0o700);
  assert.equal(fs.text(PATH), "");
  assert.equal(fs.files.get(PATH)?.mode, 0o600);
  assert.deepEqual(config.profileNames(), []);
  assert.equal(config.path, PATH);
  assert.deepEqual(log.lines, [
    `Loading config file ${PATH}`,
    `Config file ${PATH} doesn't exist so lets create it`,
    "Config directory /home/me/.aws created",
    `Config file ${PATH} created`,
    `Parsing config file ${PATH}`,
    "Unrecognised ini file section: DEFAULT",
  ]);
});

Deno.test("loadConfigFile() leaves an existing file alone", async () => {
  const fs = new MemoryFs();
  fs.put(PATH, "[profile a]\nregion = r\n", 0o644);
  const config = await loadConfigFile(fs, PATH);
  assert.deepEqual(config.profileNames(), ["a"]);
  assert.equal(fs.files.get(PATH)?.mode, 0o644);
  assert.equal(fs.dirs.size, 0);
});

Deno.test("loadConfigFile() reports parse errors with the path and line", async () => {
  const fs = new MemoryFs();
  fs.put(PATH, "[default]\nregion = r\noops\n");
  await assert.rejects(
    () => loadConfigFile(fs, PATH),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.message === `Cannot parse "${PATH}" line 3: expected "key = value"`,
  );
});

Deno.test("loadConfigFile() turns a read failure into a ConfigError", async () => {
  const fs = new MemoryFs();
  fs.put(PATH, "");
  const failing: Fs = { ...bind(fs), readTextFile: () => Promise.reject(new Error("EACCES")) };
  await assert.rejects(
    () => loadConfigFile(failing, PATH),
    (error: unknown) =>
      error instanceof ConfigError && error.message === `Cannot read "${PATH}": EACCES`,
  );
});

Deno.test("loadConfigFile() refuses a file over 16 MiB with a ConfigError naming it", async () => {
  const fs = new MemoryFs();
  const profile = "[default]\nregion = r\n";
  const comment = (bytes: number) => "#".repeat(bytes - 1) + "\n";
  fs.put(PATH, profile + comment(MAX_CONFIG_FILE_BYTES - profile.length + 1));
  await assert.rejects(
    () => loadConfigFile(fs, PATH),
    (error: unknown) =>
      error instanceof ConfigError && error.message === `Cannot read "${PATH}": larger than 16 MiB`,
  );
  fs.put(PATH, profile + comment(MAX_CONFIG_FILE_BYTES - profile.length));
  assert.deepEqual((await loadConfigFile(fs, PATH)).profileNames(), ["default"]);
});

function bind(fs: MemoryFs): Fs {
  return {
    readTextFile: (p) => fs.readTextFile(p),
    readFile: (p) => fs.readFile(p),
    writeFileAtomic: (p, d, o) => fs.writeFileAtomic(p, d, o),
    ensureFile: (p, o) => fs.ensureFile(p, o),
    mkdirp: (p, o) => fs.mkdirp(p, o),
    stat: (p) => fs.stat(p),
    readDir: (p) => fs.readDir(p),
    remove: (p) => fs.remove(p),
    chmod: (p, m) => fs.chmod(p, m),
  };
}

Deno.test("profileNames() lists profiles in file order and skips non-profile sections", () => {
  const log = recordingLogger();
  const config = parseConfigFile(
    [
      "[profile zeta]",
      "[sso-session corp]",
      "sso_start_url = https://corp.awsapps.com/start",
      "[default]",
      "region = us-east-1",
      "[preview]",
      "x = 1",
      "[profile default]",
      "region = ignored",
      "[profile alpha]",
      "[profile zeta]",
      "region = merged",
      "",
    ].join("\n"),
    PATH,
    log,
  );
  assert.deepEqual(config.profileNames(), ["zeta", "default", "alpha"]);
  assert.ok(log.lines.includes("Unrecognised ini file section: preview"));
  assert.ok(log.lines.includes("Unrecognised ini file section: DEFAULT"));
  assert.ok(!log.lines.some((line) => line.includes("sso-session")));
});

Deno.test("profileNames() omits [default] unless it sets a key aws-vault understands", () => {
  const rows: Array<[string, string[]]> = [
    ["[default]\n[profile a]\n", ["a"]],
    ["[default]\noutput = json\ncli_pager =\n[profile a]\n", ["a"]],
    ["[default]\nregion =\n[profile a]\n", ["a"]],
    ["[default]\nduration_seconds = abc\n[profile a]\n", ["a"]],
    ["[default]\nregion = eu-west-1\n[profile a]\n", ["default", "a"]],
    ["[profile a]\n[default]\nmfa_process = op\n", ["a", "default"]],
    ["[default]\nduration_seconds = 900\n", ["default"]],
    ["[default]\nendpoint_url = http://localhost:4566\n", ["default"]],
  ];
  for (const [text, names] of rows) {
    assert.deepEqual(parseConfigFile(text, PATH).profileNames(), names, text);
  }
});

Deno.test("profileSection() maps 'default' to [default] and reads the understood keys", () => {
  const config = parseConfigFile(
    [
      "[default]",
      "region = us-east-1",
      "[profile default]",
      "region = never-read",
      "[profile admin]",
      "Role_ARN = arn:aws:iam::111111111111:role/admin",
      "source_profile = default",
      "duration_seconds = 7200",
      "mfa_serial =",
      "output = json",
      "",
    ].join("\n"),
    PATH,
  );
  assert.deepEqual(config.profileSection("default"), { name: "default", region: "us-east-1" });
  assert.deepEqual(config.profileSection("admin"), {
    name: "admin",
    roleArn: "arn:aws:iam::111111111111:role/admin",
    sourceProfile: "default",
    durationSeconds: 7200,
  });
  assert.equal(config.profileSection("missing"), undefined);
  assert.equal(config.hasProfile("admin"), true);
  assert.equal(config.hasProfile("default"), true);
  assert.equal(config.hasProfile("missing"), false);
});

Deno.test("profileSection() inherits missing keys from the dotted parent profile", () => {
  const config = parseConfigFile(
    "[profile team]\nregion = eu-west-1\nmfa_serial = m\n[profile team.dev]\nmfa_serial = n\n",
    PATH,
  );
  assert.deepEqual(config.profileSection("team.dev"), {
    name: "team.dev",
    region: "eu-west-1",
    mfaSerial: "n",
  });
});

Deno.test("ssoSession() reads [sso-session X] sections", () => {
  const config = parseConfigFile(
    "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start#/\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n",
    PATH,
  );
  assert.deepEqual(config.ssoSession("corp"), {
    name: "corp",
    ssoStartUrl: "https://corp.awsapps.com/start#/",
    ssoRegion: "eu-west-1",
    ssoRegistrationScopes: "sso:account:access",
  });
  assert.equal(config.ssoSession("other"), undefined);
});

Deno.test("appendProfileSection() appends after a blank line without touching the rest", async () => {
  const fs = new MemoryFs();
  const original =
    "# my notes\n[default]\nregion=us-east-1   # keep\ns3 =\n  max_concurrent_requests = 50\n";
  fs.put(PATH, original, 0o644);
  assert.equal(await appendProfileSection(fs, PATH, "work"), true);
  assert.equal(fs.text(PATH), original + "\n[profile work]\n");
  assert.equal(fs.files.get(PATH)?.mode, 0o644);
  assert.deepEqual((await loadConfigFile(fs, PATH)).profileNames(), ["default", "work"]);
});

Deno.test("appendProfileSection() completes a last line without a newline", async () => {
  const fs = new MemoryFs();
  fs.put(PATH, "[profile a]\nregion = r");
  await appendProfileSection(fs, PATH, "b");
  assert.equal(fs.text(PATH), "[profile a]\nregion = r\n\n[profile b]\n");
});

Deno.test("appendProfileSection() adds no second blank line when one is there", async () => {
  const fs = new MemoryFs();
  fs.put(PATH, "[profile a]\n\n");
  await appendProfileSection(fs, PATH, "b");
  assert.equal(fs.text(PATH), "[profile a]\n\n[profile b]\n");
});

Deno.test("appendProfileSection() keeps CRLF line endings", async () => {
  const fs = new MemoryFs();
  fs.put(PATH, "[profile a]\r\nregion = r\r\n");
  await appendProfileSection(fs, PATH, "b");
  assert.equal(fs.text(PATH), "[profile a]\r\nregion = r\r\n\r\n[profile b]\r\n");
});

Deno.test("appendProfileSection() writes [default] for the default profile", async () => {
  const fs = new MemoryFs();
  fs.put(PATH, "[profile a]\n");
  await appendProfileSection(fs, PATH, "default");
  assert.equal(fs.text(PATH), "[profile a]\n\n[default]\n");
});

Deno.test("appendProfileSection() creates a missing file with mode 0600", async () => {
  const fs = new MemoryFs();
  assert.equal(await appendProfileSection(fs, PATH, "new"), true);
  assert.equal(fs.text(PATH), "[profile new]\n");
  assert.equal(fs.files.get(PATH)?.mode, 0o600);
  assert.equal(fs.dirs.get("/home/me/.aws"), 0o700);
});

Deno.test("appendProfileSection() writes nothing when the profile already has a section", async () => {
  const fs = new MemoryFs();
  fs.put(PATH, "[profile a]\nregion = r", 0o640);
  assert.equal(await appendProfileSection(fs, PATH, "a"), false);
  assert.equal(fs.text(PATH), "[profile a]\nregion = r");
});

Deno.test("appendProfileSection() preserves a byte order mark", async () => {
  const fs = new MemoryFs();
  const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
  const body = new TextEncoder().encode("[profile a]\n");
  const data = new Uint8Array([...bom, ...body]);
  fs.files.set(PATH, { data, mode: 0o600 });
  await appendProfileSection(fs, PATH, "b");
  const written = fs.files.get(PATH)?.data;
  assert.deepEqual(written?.slice(0, 3), bom);
  assert.equal(new TextDecoder().decode(written?.slice(3)), "[profile a]\n\n[profile b]\n");
});
