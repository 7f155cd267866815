import { assertEquals } from "../../helpers/assert.ts";
import { credentialProcessJson, formatExport } from "../../../src/output/export_formats.ts";
import { buildChildEnv } from "../../../src/output/child_env.ts";
import { renderTable } from "../../../src/output/tab_table.ts";
import { goQuote } from "../../../src/go_quote.ts";

const temp = {
  accessKeyId: "ASIAEXAMPLE",
  secretAccessKey: "sec/ret+key=",
  sessionToken: "tok",
  expiration: new Date("2023-05-25T08:30:06.789Z"),
};
const master = { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "sec" };

Deno.test("export --format=json prints credential_process JSON with Version 1 and 2-space indent", () => {
  assertEquals(
    credentialProcessJson(temp),
    '{\n  "Version": 1,\n  "AccessKeyId": "ASIAEXAMPLE",\n  "SecretAccessKey": "sec/ret+key=",\n' +
      '  "SessionToken": "tok",\n  "Expiration": "2023-05-25T08:30:06Z"\n}\n',
  );
  assertEquals(
    credentialProcessJson(master),
    '{\n  "Version": 1,\n  "AccessKeyId": "AKIAEXAMPLE",\n  "SecretAccessKey": "sec"\n}\n',
  );
});

Deno.test("export --format=env and export-env print the variables in aws-vault's order", () => {
  assertEquals(
    formatExport("env", "p", temp, "eu-west-1"),
    "AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nAWS_SECRET_ACCESS_KEY=sec/ret+key=\nAWS_SESSION_TOKEN=tok\n" +
      "AWS_CREDENTIAL_EXPIRATION=2023-05-25T08:30:06Z\nAWS_REGION=eu-west-1\nAWS_DEFAULT_REGION=eu-west-1\n",
  );
  assertEquals(
    formatExport("export-env", "p", master, undefined),
    "export AWS_ACCESS_KEY_ID=AKIAEXAMPLE\nexport AWS_SECRET_ACCESS_KEY=sec\n",
  );
});

Deno.test("export --format=ini prints a [profile] section with key=value lines", () => {
  assertEquals(
    formatExport("ini", "prod", temp, "us-east-1"),
    "[prod]\naws_access_key_id=ASIAEXAMPLE\naws_secret_access_key=sec/ret+key=\naws_session_token=tok\n" +
      "aws_credential_expiration=2023-05-25T08:30:06Z\nregion=us-east-1\n",
  );
  assertEquals(
    formatExport("ini", "p", master, undefined),
    "[p]\naws_access_key_id=AKIAEXAMPLE\naws_secret_access_key=sec\n",
  );
});

Deno.test("buildChildEnv() unsets the 8 variables and sets AWS_VAULT, region and credentials", () => {
  const parent = {
    PATH: "/bin",
    AWS_ACCESS_KEY_ID: "old",
    AWS_SECRET_ACCESS_KEY: "old",
    AWS_SESSION_TOKEN: "old",
    AWS_SECURITY_TOKEN: "old",
    AWS_CREDENTIAL_FILE: "x",
    AWS_DEFAULT_PROFILE: "x",
    AWS_PROFILE: "x",
    AWS_SDK_LOAD_CONFIG: "1",
    AWS_CONFIG_FILE: "/c",
  };
  assertEquals(buildChildEnv({ parent, profile: "p", region: "eu-west-1", credentials: master }), {
    PATH: "/bin",
    AWS_CONFIG_FILE: "/c",
    AWS_VAULT: "p",
    AWS_ACCESS_KEY_ID: "AKIAEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "sec",
    AWS_REGION: "eu-west-1",
    AWS_DEFAULT_REGION: "eu-west-1",
  });
  assertEquals(parent.AWS_PROFILE, "x");
  const withSession = buildChildEnv({ parent: {}, profile: "p", credentials: temp });
  assertEquals(withSession.AWS_SESSION_TOKEN, "tok");
  assertEquals(withSession.AWS_CREDENTIAL_EXPIRATION, "2023-05-25T08:30:06Z");
  assertEquals("AWS_REGION" in withSession, false);
});

Deno.test("renderTable() pads every cell to max(25, longest + 2) like Go's tabwriter", () => {
  assertEquals(
    renderTable([["Profile", "Credentials", "Sessions"], [
      "jonsmith",
      "jonsmith",
      "sts.GetSessionToken:7h58m1s",
    ]]),
    "Profile                  Credentials              Sessions                     \n" +
      "jonsmith                 jonsmith                 sts.GetSessionToken:7h58m1s  \n",
  );
  assertEquals(renderTable([["é"]]), "é" + " ".repeat(24) + "\n");
});

Deno.test("goQuote() quotes like Go's %q", () => {
  assertEquals(goQuote("prod"), '"prod"');
  assertEquals(goQuote('a"b\\c'), '"a\\"b\\\\c"');
  assertEquals(goQuote("tab\there\n"), '"tab\\there\\n"');
  assertEquals(goQuote("é prod"), '"é prod"');
  assertEquals(goQuote("\x01"), '"\\x01"');
});
