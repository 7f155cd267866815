import { assertEquals } from "../helpers/assert.ts";
import { redactUrls } from "../../src/redact_url.ts";

Deno.test("redactUrls() hides passwords and lone user names in every URL of a text", () => {
  assertEquals(redactUrls("http://u:pw@host:1/p"), "http://u:xxxxx@host:1/p");
  assertEquals(redactUrls("https://token@host"), "https://xxxxx@host");
  assertEquals(
    redactUrls('"http://u:p@ss@h/a@b" and https://a:b@c'),
    '"http://u:xxxxx@h/a@b" and https://a:xxxxx@c',
  );
  assertEquals(
    redactUrls("http://host/path@x and arn:aws:iam::1:mfa/u"),
    "http://host/path@x and arn:aws:iam::1:mfa/u",
  );
});
