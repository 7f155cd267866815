import { selfCommandLine } from "../../../src/platform/self_process.ts";
import { assertEquals } from "../../helpers/assert.ts";
import { withTempDir } from "../../helpers/temp_dir.ts";

const RUN = ["run", "--allow-all", "--no-prompt", "--quiet", "--no-config"];

Deno.test("selfCommandLine() runs a compiled binary as itself, else Deno on the main module", () => {
  assertEquals(
    selfCommandLine({
      execPath: "/usr/local/bin/aws-vault",
      mainModule: "file:///tmp/deno-compile-aws-vault/main.ts",
      standalone: true,
      os: "linux",
    }),
    ["/usr/local/bin/aws-vault"],
  );
  assertEquals(
    selfCommandLine({
      execPath: "/opt/deno/bin/deno",
      mainModule: "file:///home/me/aws%20vault/.tools/bundle/aws-vault.js",
      standalone: false,
      os: "linux",
    }),
    ["/opt/deno/bin/deno", ...RUN, "/home/me/aws vault/.tools/bundle/aws-vault.js"],
  );
  assertEquals(
    selfCommandLine({
      execPath: "C:\\deno\\deno.exe",
      mainModule: "file:///C:/src/aws-vault/main.ts",
      standalone: false,
      os: "windows",
    }),
    ["C:\\deno\\deno.exe", ...RUN, "C:\\src\\aws-vault\\main.ts"],
  );
  assertEquals(
    selfCommandLine({
      execPath: "/usr/bin/deno",
      mainModule: "https://example.com/aws-vault/main.ts",
      standalone: false,
      os: "linux",
    }),
    ["/usr/bin/deno", ...RUN, "https://example.com/aws-vault/main.ts"],
  );
});

const SELF_PROCESS = new URL("../../../src/platform/self_process.ts", import.meta.url).href;

/** A program that starts itself again with selfCommand() and prints what the second run says. */
const RERUN = `import { selfCommand } from ${JSON.stringify(SELF_PROCESS)};
if (Deno.args[0] === "again") {
  console.log("again: " + Deno.mainModule + " " + Deno.args.slice(1).join(" "));
} else {
  const [cmd, ...args] = selfCommand();
  const out = await new Deno.Command(cmd, {
    args: [...args, "again", "with args"],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  Deno.exit(out.code);
}
`;

Deno.test("selfCommand() under deno run starts the same program, ignoring a deno.json beside it", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/rerun.ts`, RERUN);
    // Deno finds the configuration file beside the main module; this one cannot be read.
    await Deno.writeTextFile(`${dir}/deno.json`, "{ not json");
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", "--no-config", `${dir}/rerun.ts`],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    assertEquals(out.code, 0, dec.decode(out.stderr));
    assertEquals(dec.decode(out.stdout), `again: file://${dir}/rerun.ts with args\n`);
  });
});
