/**
 * The parser's table cases against the declaration of spec_fixture.ts, each read by its own
 * test file and all of them by the lazy-loading test (command_line_test.ts) as a corpus.
 *
 * @module
 */

// Each row: argv, environment, expected outcome.
export const OUTCOMES: [string[], Record<string, string>, unknown[]][] = [
  // No command at all (or only global flags): usage on stderr, exit 0.
  [[], {}, ["usage"]],
  [["--debug"], {}, ["usage"]],
  [["--backend", "file"], {}, ["usage"]],
  // --help anywhere, for the command selected so far; the help command, listed first.
  [["--help"], {}, ["help", undefined]],
  [["exec", "--help"], {}, ["help", "exec"]],
  [["--help", "exec"], {}, ["help", "exec"]],
  [["ls", "--help"], {}, ["help", "list"]],
  [["exec", "p", "ls", "--help"], {}, ["help", "exec"]],
  [["--no-help"], {}, ["help", undefined]],
  [["help"], {}, ["help", undefined]],
  [["help", "exec"], {}, ["help", "exec"]],
  [["help", "rm"], {}, ["help", "remove"]],
  [["help", "help"], {}, ["help", "help"]],
  [["help", "exec", "extra", "args"], {}, ["help", "exec"]],
  [["help", "--", "exec"], {}, ["help", "exec"]],
  [["help", "--bogus"], {}, ["help", undefined]],
  [["help", "exec", "--bogus"], {}, ["help", "exec"]],
  [["--backend=bogus", "help", "exec"], {}, ["help", undefined]],
  [["--backend=bogus", "--help"], {}, ["help", undefined]],
  [["--prompt=x", "--help"], {}, ["help", undefined]],
  [["--help"], { AWS_VAULT_BACKEND: "bogus" }, ["help", undefined]],
  // --version wins over later problems, not over earlier syntax errors.
  [["--version"], {}, ["version"]],
  [["--version", "--bogus"], {}, ["version"]],
  [["exec", "--version"], {}, ["version"]],
  [["--no-version"], {}, ["version"]],
  [["--version=false"], {}, ["version"]],
  [["--version"], { AWS_VAULT_BACKEND: "bogus" }, ["version"]],
  [["--backend=bogus", "--version"], {}, ["version"]],
  // The first of the pre-action flags on the command line wins.
  [["--help-long"], {}, ["help-long", undefined]],
  [["exec", "--help-long"], {}, ["help-long", "exec"]],
  [["--help-man"], {}, ["help-man"]],
  [["help", "--help-long"], {}, ["help", undefined]],
  [["--help-long", "help"], {}, ["help-long", "help"]],
  [["--completion-script-bash"], {}, ["completion-script", "bash"]],
  [["--completion-script-zsh"], {}, ["completion-script", "zsh"]],
  [["--completion-script-fish"], {}, ["completion-script", "fish"]],
  [["--completion-bash", "ex"], {}, ["completion", [
    "help",
    "add",
    "remove",
    "list",
    "exec",
    "export",
    "clear",
  ]]],
  [["--no-completion-bash", "list"], {}, ["command", "list"]],
  // Commands, with quirks kept from kingpin.
  [["list"], {}, ["command", "list"]],
  [["exec", "-"], {}, ["command", "exec"]],
];

// Each row: argv, environment, kingpin's message (printed as
// "aws-vault: error: <message>, try --help" by the top level).
export const USAGE_ERRORS: [string[], Record<string, string>, string][] = [
  [["--foo"], {}, "unknown long flag '--foo'"],
  [["exec", "--foo"], {}, "unknown long flag '--foo'"],
  [["--=x"], {}, "unknown long flag '--'"],
  [["-l"], {}, "unknown short flag '-l'"],
  [["exec", "p", "ls", "-la"], {}, "unknown short flag '-l'"],
  [["rm", "-fx", "p"], {}, "unknown short flag '-x'"],
  [["exec", "p", "-x", "--", "y"], {}, "unknown short flag '-x'"],
  [["--region=x", "exec", "p"], {}, "unknown long flag '--region'"],
  [["--no-region"], {}, "unknown long flag '--no-region'"],
  [["exec", "--no-region", "p"], {}, "unknown long flag '--no-region'"],
  [["exec"], {}, "required argument 'profile' not provided"],
  [["add"], {}, "required argument 'profile' not provided"],
  [["rm"], {}, "required argument 'profile' not provided"],
  [["export"], {}, "required argument 'profile' not provided"],
  [["foo"], {}, 'expected command but got "foo"'],
  [[""], {}, 'expected command but got ""'],
  [["-"], {}, 'expected command but got ""'],
  [["a\tb"], {}, 'expected command but got "a\\tb"'],
  [["\u00a0"], {}, 'expected command but got "\\u00a0"'],
  [["--debug=false", "list"], {}, 'expected command but got "false"'],
  [["exec", "--region"], {}, "expected argument for flag '--region'"],
  [["exec", "-t"], {}, "expected argument for flag '-t'"],
  [["exec", "--region", "--debug", "p"], {}, "expected argument for flag '--region'"],
  [
    ["export", "--format", "x", "p"],
    {},
    "enum value must be one of env,export-env,json,ini, got 'x'",
  ],
  [["--backend", "x", "list"], {}, "enum value must be one of secret-service,pass,file, got 'x'"],
  [["add", "a", "b"], {}, "unexpected b"],
  [["list", "x"], {}, "unexpected x"],
  [["clear", "a", "b"], {}, "unexpected b"],
  [["list", "-"], {}, "unexpected "],
  [["list", "--profiles=true"], {}, "unexpected true"],
  [["--debug", "--debug", "list"], {}, "flag 'debug' cannot be repeated"],
  [["--debug", "--no-debug", "list"], {}, "flag 'debug' cannot be repeated"],
  [["exec", "--region", "a", "--region", "b", "p"], {}, "flag 'region' cannot be repeated"],
  [["exec", "-d", "x", "p"], {}, 'time: invalid duration "x"'],
  [["exec", "-d", "1", "p"], {}, 'time: missing unit in duration "1"'],
  [["exec", "-d", "1x", "p"], {}, 'time: unknown unit "x" in duration "1x"'],
  [["exec", "-d=1h", "p"], {}, 'time: invalid duration "=1h"'],
  [
    ["exec", "--duration=-1h", "p"],
    {},
    'Invalid --duration "-1h": a session duration cannot be negative',
  ],
  [
    ["export", "-d-1ns", "p"],
    {},
    'Invalid --duration "-1ns": a session duration cannot be negative',
  ],
  [["--prompt=x", "list"], {}, "--prompt value must be one of terminal,ykman, got 'x'"],
  [
    ["list"],
    { AWS_VAULT_PROMPT: "bogus" },
    "--prompt value must be one of terminal,ykman, got 'bogus'",
  ],
  [["--prompt=x"], {}, "--prompt value must be one of terminal,ykman, got 'x'"],
  [["--prompt=x", "exec"], {}, "required argument 'profile' not provided"],
  [
    ["list"],
    { AWS_VAULT_BACKEND: "bogus" },
    "enum value must be one of secret-service,pass,file, got 'bogus'",
  ],
  [
    ["help"],
    { AWS_VAULT_BACKEND: "bogus" },
    "enum value must be one of secret-service,pass,file, got 'bogus'",
  ],
  [
    ["--backend=bogus", "--prompt=x", "list"],
    {},
    "enum value must be one of secret-service,pass,file, got 'bogus'",
  ],
  [["--help=x"], {}, 'expected command but got "x"'],
  // A value may be "--"-protected: kingpin skips the "--" and takes the next word.
  [["exec", "--region", "--", "p"], {}, "required argument 'profile' not provided"],
];

// Each row: argv, the names to look at, the expected command and values.
export const VALUES: [string[], string[], [string, Record<string, unknown>]][] = [
  [["exec", "p", "--region", "x", "--", "ls", "-la"], ["profile", "region", "cmd", "args"], [
    "exec",
    { profile: "p", region: "x", cmd: "ls", args: ["-la"] },
  ]],
  [["exec", "p", "ls", "a", "b", "c"], ["cmd", "args"], ["exec", {
    cmd: "ls",
    args: ["a", "b", "c"],
  }]],
  [["exec", "p"], ["cmd", "args", "region"], ["exec", { cmd: "", args: [], region: "" }]],
  [["exec", "p", "--", "--region", "x"], ["region", "cmd", "args"], ["exec", {
    region: "",
    cmd: "--region",
    args: ["x"],
  }]],
  [["exec", "--", "p", "--debug"], ["profile", "cmd", "debug"], ["exec", {
    profile: "p",
    cmd: "--debug",
    debug: false,
  }]],
  [["exec", "p", "ls", "--", "-x"], ["cmd", "args"], ["exec", { cmd: "ls", args: ["-x"] }]],
  // Global flags before, after the command, and after positional arguments.
  [["--debug", "exec", "p"], ["debug"], ["exec", { debug: true }]],
  [["exec", "--debug", "p"], ["debug"], ["exec", { debug: true }]],
  [["exec", "p", "cmd", "--debug"], ["debug", "cmd"], ["exec", { debug: true, cmd: "cmd" }]],
  [["exec", "p", "--backend", "pass"], ["backend"], ["exec", { backend: "pass" }]],
  // Short flags: separate, attached, clustered.
  [["exec", "-t", "123456", "p"], ["mfa-token"], ["exec", { "mfa-token": "123456" }]],
  [["exec", "-t123456", "p"], ["mfa-token"], ["exec", { "mfa-token": "123456" }]],
  [["exec", "-nt123456", "p"], ["no-session", "mfa-token"], ["exec", {
    "no-session": true,
    "mfa-token": "123456",
  }]],
  [["exec", "-ns", "p"], ["no-session", "ecs-server"], ["exec", {
    "no-session": true,
    "ecs-server": true,
  }]],
  [["rm", "-fs", "p"], ["force", "sessions-only", "profile"], ["remove", {
    force: true,
    "sessions-only": true,
    profile: "p",
  }]],
  [["exec", "-d", "1h30m", "p"], ["duration"], ["exec", { duration: "1h30m" }]],
  [["exec", "--duration=90m", "p"], ["duration"], ["exec", { duration: "90m" }]],
  // --flag=value splits at the first "=".
  [["exec", "--mfa-token=1=2", "p"], ["mfa-token"], ["exec", { "mfa-token": "1=2" }]],
  [["exec", "--region=", "p"], ["region"], ["exec", { region: "" }]],
  // --no-<bool> forms.
  [["add", "--no-add-config", "p"], ["add-config", "env"], ["add", {
    "add-config": false,
    env: false,
  }]],
  [["add", "p"], ["add-config"], ["add", { "add-config": true }]],
  [["list", "--no-profiles"], ["profiles"], ["list", { profiles: false }]],
  [["exec", "--no-no-session", "p"], ["no-session"], ["exec", { "no-session": false }]],
  // --server and --ecs-server share one value: the last one given wins.
  [["exec", "--server", "--no-ecs-server", "p"], ["ecs-server"], ["exec", { "ecs-server": false }]],
  [["exec", "--ecs-server", "--no-server", "p"], ["ecs-server"], ["exec", { "ecs-server": false }]],
  [["exec", "-s", "p"], ["ecs-server"], ["exec", { "ecs-server": true }]],
  // Aliases resolve to the canonical name.
  [["ls", "--credentials"], ["credentials"], ["list", { credentials: true }]],
  [["rm", "p"], ["profile", "force"], ["remove", { profile: "p", force: false }]],
  [["clear"], ["profile"], ["clear", { profile: "" }]],
  [["export", "p"], ["format", "stdout"], ["export", { format: "env", stdout: false }]],
  [["export", "--format", "json", "p"], ["format"], ["export", { format: "json" }]],
  // A lone "-" is read as an empty argument (kingpin v2.3 quirk).
  [["exec", "-", "x"], ["profile", "cmd"], ["exec", { profile: "", cmd: "x" }]],
  [["exec", "p", "-"], ["cmd"], ["exec", { cmd: "" }]],
  [["exec", "p", "--no-debug"], ["debug"], ["exec", { debug: false }]],
];

// Each row: environment, flag, expected value ("flag beats env", "empty env ignored").
export const ENV: [string[], Record<string, string>, string, string][] = [
  [["list"], { AWS_VAULT_BACKEND: "pass" }, "backend", "pass"],
  [["list"], { AWS_VAULT_BACKEND: "" }, "backend", "secret-service"],
  [["--backend", "file", "list"], { AWS_VAULT_BACKEND: "bogus" }, "backend", "file"],
  [["list"], { AWS_VAULT_PROMPT: "ykman" }, "prompt", "ykman"],
  [["list"], { AWS_VAULT_KEYCHAIN_NAME: "kc" }, "keychain", "kc"],
  [["--keychain", "flag", "list"], { AWS_VAULT_KEYCHAIN_NAME: "kc" }, "keychain", "flag"],
  [["list"], { AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME: "c" }, "secret-service-collection", "c"],
  [["list"], { AWS_VAULT_PASS_PASSWORD_STORE_DIR: "/p" }, "pass-dir", "/p"],
  [["list"], { AWS_VAULT_PASS_CMD: "gopass" }, "pass-cmd", "gopass"],
  [["list"], { AWS_VAULT_PASS_PREFIX: "aws" }, "pass-prefix", "aws"],
  [["list"], { AWS_VAULT_FILE_DIR: "/d" }, "file-dir", "/d"],
  [["--file-dir=", "list"], { AWS_VAULT_FILE_DIR: "/env" }, "file-dir", ""],
];

const COMMANDS = ["help", "add", "remove", "list", "exec", "export", "clear"];
const GLOBAL_FLAGS = [
  "--help",
  "--version",
  "--debug",
  "--backend",
  "--prompt",
  "--keychain",
  "--secret-service-collection",
  "--pass-dir",
  "--pass-cmd",
  "--pass-prefix",
  "--file-dir",
];
const EXEC_FLAGS = [
  "--duration",
  "--no-session",
  "--region",
  "--mfa-token",
  "--server",
  "--ec2-server",
  "--ecs-server",
  "--lazy",
  "--stdout",
];

// Each row: the words after `aws-vault` (the last one is being completed), the candidates.
export const COMPLETIONS: [string[], readonly string[]][] = [
  [[], COMMANDS],
  [[""], COMMANDS],
  [["ex"], COMMANDS],
  [["help", "ex"], []],
  [["exec", ""], ["dev", "prod", "dev2"]],
  [["exec", "de"], ["dev", "dev2"]],
  // An exact match counts as given, even when a longer name also matches.
  [["exec", "dev"], []],
  [["exec", "dev2", ""], []],
  [["exec", "prod", ""], []],
  [["rm", ""], ["dev", "prod", "dev2"]],
  [["remove", "d"], ["dev", "dev2"]],
  [["clear", ""], ["dev", "prod", "dev2"]],
  [["add", ""], []],
  [["list", ""], []],
  [["--"], GLOBAL_FLAGS],
  [["--b"], GLOBAL_FLAGS],
  [["exec", "--"], [...EXEC_FLAGS, ...GLOBAL_FLAGS]],
  [["exec", "--reg"], [...EXEC_FLAGS, ...GLOBAL_FLAGS]],
  [["--backend", ""], ["secret-service", "pass", "file"]],
  [["--backend", "pa"], ["secret-service", "pass", "file"]],
  [["--backend", "pass"], COMMANDS],
  [["--backend", "pass", ""], COMMANDS],
  [["exec", "--backend", ""], ["secret-service", "pass", "file"]],
  [["export", "--format", ""], ["env", "export-env", "json", "ini"]],
  [["export", "--format", "json"], ["dev", "prod", "dev2"]],
  [["--debug", ""], COMMANDS],
  [["--prompt", ""], COMMANDS],
  [["exec", "--region", ""], ["dev", "prod", "dev2"]],
  [["exec", "-n", ""], ["dev", "prod", "dev2"]],
  [["exec", "p", "--", "--x"], []],
];
