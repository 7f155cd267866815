import assert from "node:assert/strict";
import { ConfigError } from "../../../src/errors.ts";
import { parseConfigFile } from "../../../src/config/config_file.ts";
import { minTtlMs, type ResolveInput, resolveProfile } from "../../../src/config/resolve.ts";
import {
  getSessionTokenDurationMs,
  isChained,
  type ProfileConfig,
} from "../../../src/config/profile_config.ts";

const H = 3_600_000;
const M = 60_000;

interface Row {
  /** The behaviour, completing "resolveProfile() ...". */
  name: string;
  config: string;
  profile: string;
  input?: Omit<ResolveInput, "env" | "log">;
  env?: Record<string, string>;
  /** Dotted paths into the result; `undefined` means the field must be absent. */
  want: Record<string, unknown>;
  /** Narration lines that must have been logged. */
  logs?: string[];
}

function at(config: ProfileConfig, path: string): { parent: Record<string, unknown>; key: string } {
  const parts = path.split(".");
  let parent = config as unknown as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) {
    const next = parent[part];
    assert.ok(next !== undefined && next !== null, `${path}: ${part} is missing`);
    parent = next as Record<string, unknown>;
  }
  return { parent, key: parts[parts.length - 1] };
}

function run(row: Row): { config: ProfileConfig; logs: string[] } {
  const logs: string[] = [];
  const file = parseConfigFile(row.config, "/home/me/.aws/config");
  const config = resolveProfile(file, row.profile, {
    ...row.input,
    env: row.env ?? {},
    log: (line) => logs.push(line),
  });
  return { config, logs };
}

const CHAIN = `
[default]
region = us-east-1

[profile base]
mfa_serial = arn:aws:iam::111111111111:mfa/me

[profile middle]
source_profile = base
role_arn = arn:aws:iam::222222222222:role/middle
mfa_serial = arn:aws:iam::111111111111:mfa/me

[profile top]
source_profile = middle
role_arn = arn:aws:iam::333333333333:role/top
`;

const REGIONS = `
[default]
region = from-default

[profile inc]
region = from-include

[profile own]
region = from-profile
include_profile = inc

[profile viaInclude]
include_profile = inc

[profile viaDefault]
`;

const ROWS: Row[] = [
  // Checklist 13: inheritance through include_profile and [default].
  {
    name: "takes unset keys from the include_profile target",
    config: "[profile a]\ninclude_profile = b\n[profile b]\nrole_arn = arn:b\nexternal_id = x\n",
    profile: "a",
    want: { roleArn: "arn:b", externalId: "x" },
  },
  {
    name: "keeps the profile's own value over the include_profile target's",
    config: "[profile a]\nrole_arn = arn:a\ninclude_profile = b\n[profile b]\nrole_arn = arn:b\n",
    profile: "a",
    want: { roleArn: "arn:a" },
  },
  {
    name: "follows include_profile recursively, then applies [default] last",
    config: [
      "[default]",
      "region = d-region",
      "mfa_serial = d-mfa",
      "role_session_name = d-name",
      "[profile a]",
      "include_profile = b",
      "[profile b]",
      "include_profile = c",
      "mfa_serial = b-mfa",
      "[profile c]",
      "region = c-region",
      "",
    ].join("\n"),
    profile: "a",
    want: { region: "c-region", mfaSerial: "b-mfa", roleSessionName: "d-name" },
  },
  {
    name: "inherits every [default] key, including role_arn, source_profile and mfa_process",
    config: [
      "[default]",
      "role_arn = arn:default-role",
      "source_profile = creds",
      "mfa_process = op read mfa",
      "credential_process = cp",
      "[profile creds]",
      "[profile a]",
      "",
    ].join("\n"),
    profile: "a",
    want: {
      roleArn: "arn:default-role",
      sourceProfileName: "creds",
      mfaProcess: "op read mfa",
      credentialProcess: "cp",
      "sourceProfile.profileName": "creds",
      "sourceProfile.roleArn": "arn:default-role",
      "sourceProfile.sourceProfileName": undefined,
    },
  },
  {
    name: "treats a missing profile section as empty and still applies [default]",
    config: "[default]\nregion = eu-central-1\n",
    profile: "nowhere",
    want: { profileName: "nowhere", region: "eu-central-1" },
    logs: ["Profile 'nowhere' missing in config file"],
  },
  {
    name: "treats a missing include_profile target as empty and falls back to [default]",
    config: "[default]\nregion = r-default\n[profile a]\ninclude_profile = ghost\n",
    profile: "a",
    want: { region: "r-default" },
    logs: ["Profile 'ghost' missing in config file"],
  },
  {
    name: "resolves the default profile from [default] alone",
    config: "[default]\nregion = r\n[profile default]\nregion = ignored\n",
    profile: "default",
    want: { profileName: "default", region: "r" },
  },
  // Checklist 15: source_profile naming the profile itself.
  {
    name: "drops a source_profile that names the profile itself",
    config: "[profile a]\nsource_profile = a\nrole_arn = arn:a\n",
    profile: "a",
    want: { sourceProfileName: undefined, sourceProfile: undefined },
  },
  {
    name: "drops a source_profile inherited from [default] that names the profile itself",
    config: "[default]\nsource_profile = creds\n[profile creds]\n[profile role]\nrole_arn = r\n",
    profile: "creds",
    want: { sourceProfileName: undefined },
  },
  // Checklist 16: mfa_serial is not inherited from source_profile.
  {
    name: "does not inherit mfa_serial from the source profile",
    config:
      "[profile creds]\nmfa_serial = arn:mfa\n[profile role]\nsource_profile = creds\nrole_arn = r\n",
    profile: "role",
    want: { mfaSerial: undefined, "sourceProfile.mfaSerial": "arn:mfa" },
  },
  {
    name: "shares an mfa_serial set in [default] with every profile in the chain",
    config:
      "[default]\nmfa_serial = arn:mfa\n[profile creds]\n[profile role]\nsource_profile = creds\n",
    profile: "role",
    want: { mfaSerial: "arn:mfa", "sourceProfile.mfaSerial": "arn:mfa" },
  },
  // Checklist 17: region precedence.
  {
    name: "prefers --region over AWS_REGION, AWS_DEFAULT_REGION and the file",
    config: REGIONS,
    profile: "own",
    input: { region: "from-flag" },
    env: { AWS_REGION: "from-aws-region", AWS_DEFAULT_REGION: "from-default-region" },
    want: { region: "from-flag" },
  },
  {
    name: "prefers AWS_REGION over AWS_DEFAULT_REGION and the file",
    config: REGIONS,
    profile: "own",
    env: { AWS_REGION: "from-aws-region", AWS_DEFAULT_REGION: "from-default-region" },
    want: { region: "from-aws-region" },
    logs: ['Using region "from-aws-region" from AWS_REGION'],
  },
  {
    name: "prefers AWS_DEFAULT_REGION over the file",
    config: REGIONS,
    profile: "own",
    env: { AWS_DEFAULT_REGION: "from-default-region", AWS_REGION: "" },
    want: { region: "from-default-region" },
    logs: ['Using region "from-default-region" from AWS_DEFAULT_REGION'],
  },
  {
    name: "prefers the profile's region over include_profile and [default]",
    config: REGIONS,
    profile: "own",
    want: { region: "from-profile" },
  },
  {
    name: "prefers the include_profile region over [default]",
    config: REGIONS,
    profile: "viaInclude",
    want: { region: "from-include" },
  },
  {
    name: "falls back to the [default] region",
    config: REGIONS,
    profile: "viaDefault",
    want: { region: "from-default" },
  },
  {
    name: "applies AWS_REGION to every profile in the source chain",
    config: CHAIN,
    profile: "top",
    env: { AWS_REGION: "ap-southeast-2" },
    want: {
      region: "ap-southeast-2",
      "sourceProfile.region": "ap-southeast-2",
      "sourceProfile.sourceProfile.region": "ap-southeast-2",
    },
  },
  // Checklist 18: overrides for every profile in the chain.
  {
    name: "lets AWS_MFA_SERIAL override the file for every profile in the chain",
    config: CHAIN,
    profile: "top",
    env: { AWS_MFA_SERIAL: "arn:env-mfa" },
    want: {
      mfaSerial: "arn:env-mfa",
      "sourceProfile.mfaSerial": "arn:env-mfa",
      "sourceProfile.sourceProfile.mfaSerial": "arn:env-mfa",
    },
    logs: ['Using mfa_serial "arn:env-mfa" from AWS_MFA_SERIAL'],
  },
  {
    name: "lets AWS_STS_REGIONAL_ENDPOINTS override the file for every profile in the chain",
    config: CHAIN + "sts_regional_endpoints = regional\n",
    profile: "top",
    env: { AWS_STS_REGIONAL_ENDPOINTS: "legacy" },
    want: { stsRegionalEndpoints: "legacy", "sourceProfile.stsRegionalEndpoints": "legacy" },
    logs: ['Using "legacy" from AWS_STS_REGIONAL_ENDPOINTS'],
  },
  {
    name: "lets the TTL variables set durations for every profile in the chain",
    config: CHAIN,
    profile: "top",
    env: {
      AWS_ASSUME_ROLE_TTL: "90m",
      AWS_SESSION_TOKEN_TTL: "2h",
      AWS_CHAINED_SESSION_TOKEN_TTL: "12h",
      AWS_FEDERATION_TOKEN_TTL: "1h30m",
    },
    want: {
      assumeRoleDurationMs: 90 * M,
      nonChainedGetSessionTokenDurationMs: 2 * H,
      chainedGetSessionTokenDurationMs: 12 * H,
      getFederationTokenDurationMs: 90 * M,
      "sourceProfile.sourceProfile.assumeRoleDurationMs": 90 * M,
      "sourceProfile.sourceProfile.chainedGetSessionTokenDurationMs": 12 * H,
    },
    logs: [
      'Using duration_seconds "1h30m0s" from AWS_ASSUME_ROLE_TTL',
      'Using a session duration of "2h0m0s" from AWS_SESSION_TOKEN_TTL',
      // Sic: aws-vault names a variable that does not exist.
      'Using a cached MFA session duration of "12h0m0s" from AWS_CACHED_SESSION_TOKEN_TTL',
      'Using a session duration of "1h30m0s" from AWS_FEDERATION_TOKEN_TTL',
    ],
  },
  {
    name: "applies AWS_ENDPOINT_URL to every profile, over endpoint_url in the file",
    config: CHAIN + "endpoint_url = http://file\n",
    profile: "top",
    env: { AWS_ENDPOINT_URL: "http://localhost:4566" },
    want: {
      endpointUrl: "http://localhost:4566",
      "sourceProfile.sourceProfile.endpointUrl": "http://localhost:4566",
    },
  },
  {
    name: "narrates AWS_ENDPOINT_URL without the password in it",
    config: "[profile a]\n",
    profile: "a",
    env: { AWS_ENDPOINT_URL: "http://user:pw-secret@localhost:4566" },
    want: { endpointUrl: "http://user:pw-secret@localhost:4566" },
    logs: ['Using endpoint_url "http://user:xxxxx@localhost:4566" from AWS_ENDPOINT_URL'],
  },
  {
    name: "reads endpoint_url from the profile",
    config: "[profile a]\nendpoint_url = http://localhost:5000\n",
    profile: "a",
    want: { endpointUrl: "http://localhost:5000" },
  },
  // Checklist 19: target-only variables.
  {
    name: "applies AWS_ROLE_ARN and AWS_ROLE_SESSION_NAME to the requested profile only",
    config: CHAIN,
    profile: "top",
    env: { AWS_ROLE_ARN: "arn:env-role", AWS_ROLE_SESSION_NAME: "env-session" },
    want: {
      roleArn: "arn:env-role",
      roleSessionName: "env-session",
      "sourceProfile.roleArn": "arn:aws:iam::222222222222:role/middle",
      "sourceProfile.roleSessionName": undefined,
      "sourceProfile.sourceProfile.roleArn": undefined,
    },
    logs: [
      'Using role_arn "arn:env-role" from AWS_ROLE_ARN',
      'Using role_session_name "env-session" from AWS_ROLE_SESSION_NAME',
    ],
  },
  {
    name: "prefers AWS_ROLE_ARN over the profile's role_arn",
    config: "[profile a]\nrole_arn = arn:file\n",
    profile: "a",
    env: { AWS_ROLE_ARN: "arn:env-role" },
    want: { roleArn: "arn:env-role" },
  },
  {
    name: "applies the tag and source identity variables to the requested profile only",
    config: CHAIN,
    profile: "top",
    env: {
      AWS_SESSION_TAGS: "team=blue, cost = 42",
      AWS_TRANSITIVE_TAGS: "team, ,cost",
      AWS_SOURCE_IDENTITY: "alice",
    },
    want: {
      sessionTags: new Map([["team", "blue"], ["cost", "42"]]),
      transitiveSessionTags: ["team", "cost"],
      sourceIdentity: "alice",
      "sourceProfile.sessionTags": undefined,
      "sourceProfile.transitiveSessionTags": undefined,
      "sourceProfile.sourceIdentity": undefined,
    },
    logs: [
      "Using session_tags map[cost:42 team:blue] from AWS_SESSION_TAGS",
      "Using transitive_session_tags [team cost] from AWS_TRANSITIVE_TAGS",
      "Using source_identity alice from AWS_SOURCE_IDENTITY",
    ],
  },
  {
    name: "prefers the tag variables over the profile's session_tags",
    config:
      "[profile a]\nsession_tags = a=1\ntransitive_session_tags = a\nsource_identity = file\n",
    profile: "a",
    env: { AWS_SESSION_TAGS: "b=2", AWS_TRANSITIVE_TAGS: "b", AWS_SOURCE_IDENTITY: "env" },
    want: {
      sessionTags: new Map([["b", "2"]]),
      transitiveSessionTags: ["b"],
      sourceIdentity: "env",
    },
  },
  {
    name: "reads session_tags and transitive_session_tags from the file, trimmed",
    config:
      "[default]\nsession_tags = d=1\n[profile a]\nsession_tags = k1 = v1 ,k2=v2\ntransitive_session_tags = k1, ,k2,\n",
    profile: "a",
    want: {
      sessionTags: new Map([["k1", "v1"], ["k2", "v2"]]),
      transitiveSessionTags: ["k1", "k2"],
    },
  },
  {
    name: "leaves transitive tags unset when only empty keys are given",
    config: "[profile a]\ntransitive_session_tags = , ,\n[default]\ntransitive_session_tags = d\n",
    profile: "a",
    want: { transitiveSessionTags: ["d"] },
  },
  // Checklists 20-22: durations.
  {
    name: "fills the default durations",
    config: "[profile a]\n",
    profile: "a",
    want: {
      assumeRoleDurationMs: H,
      nonChainedGetSessionTokenDurationMs: H,
      chainedGetSessionTokenDurationMs: 8 * H,
      getFederationTokenDurationMs: H,
    },
  },
  {
    name: "leaves the defaults for TTL variables of zero, as aws-vault does",
    config: "[profile a]\n",
    profile: "a",
    env: { AWS_ASSUME_ROLE_TTL: "0", AWS_SESSION_TOKEN_TTL: "0s", AWS_FEDERATION_TOKEN_TTL: "-0h" },
    want: {
      assumeRoleDurationMs: H,
      nonChainedGetSessionTokenDurationMs: H,
      getFederationTokenDurationMs: H,
    },
  },
  {
    name: "ignores TTL variables that are not Go durations",
    config: "[profile a]\nduration_seconds = 900\n",
    profile: "a",
    env: {
      AWS_ASSUME_ROLE_TTL: "3600",
      AWS_SESSION_TOKEN_TTL: "1 hour",
      AWS_CHAINED_SESSION_TOKEN_TTL: "1d",
      AWS_FEDERATION_TOKEN_TTL: "h",
    },
    want: {
      assumeRoleDurationMs: 15 * M,
      nonChainedGetSessionTokenDurationMs: H,
      chainedGetSessionTokenDurationMs: 8 * H,
      getFederationTokenDurationMs: H,
    },
  },
  {
    name: "uses duration_seconds for the AssumeRole duration",
    config: "[profile a]\nduration_seconds = 43200\n",
    profile: "a",
    want: { assumeRoleDurationMs: 12 * H, nonChainedGetSessionTokenDurationMs: H },
  },
  {
    name: "inherits duration_seconds from [default]",
    config: "[default]\nduration_seconds = 7200\n[profile a]\n",
    profile: "a",
    want: { assumeRoleDurationMs: 2 * H },
  },
  {
    name: "ignores a duration_seconds that is not a whole number of seconds",
    config: "[profile a]\nduration_seconds = 2h\n[profile b]\nduration_seconds = abc\n",
    profile: "a",
    want: { assumeRoleDurationMs: H },
  },
  {
    name: "lets AWS_ASSUME_ROLE_TTL override duration_seconds",
    config: "[profile a]\nduration_seconds = 43200\n",
    profile: "a",
    env: { AWS_ASSUME_ROLE_TTL: "2h" },
    want: { assumeRoleDurationMs: 2 * H },
  },
  {
    name:
      "lets --duration override AWS_ASSUME_ROLE_TTL, AWS_SESSION_TOKEN_TTL and duration_seconds",
    config: "[profile a]\nduration_seconds = 43200\n",
    profile: "a",
    input: { durationMs: 3 * H },
    env: { AWS_ASSUME_ROLE_TTL: "2h", AWS_SESSION_TOKEN_TTL: "2h" },
    want: {
      assumeRoleDurationMs: 3 * H,
      nonChainedGetSessionTokenDurationMs: 3 * H,
      chainedGetSessionTokenDurationMs: 8 * H,
    },
  },
  {
    name: "applies --duration to every profile in the chain",
    config: CHAIN,
    profile: "top",
    input: { durationMs: 15 * M },
    want: {
      "sourceProfile.assumeRoleDurationMs": 15 * M,
      "sourceProfile.sourceProfile.nonChainedGetSessionTokenDurationMs": 15 * M,
    },
  },
  {
    name: "applies chainedSessionDurationMs and federationTokenDurationMs over the variables",
    config: "[profile a]\n",
    profile: "a",
    input: { chainedSessionDurationMs: 36 * H, federationTokenDurationMs: 12 * H },
    env: { AWS_CHAINED_SESSION_TOKEN_TTL: "2h", AWS_FEDERATION_TOKEN_TTL: "2h" },
    want: { chainedGetSessionTokenDurationMs: 36 * H, getFederationTokenDurationMs: 12 * H },
  },
  // Checklist 23: sso-session.
  {
    name: "replaces inline sso_start_url and sso_region with the [sso-session] values",
    config: [
      "[profile sso]",
      "sso_session = corp",
      "sso_start_url = https://inline.awsapps.com/start",
      "sso_region = us-west-2",
      "sso_account_id = 111111111111",
      "sso_role_name = Admin",
      "[sso-session corp]",
      "sso_start_url = https://corp.awsapps.com/start#/",
      "sso_region = eu-west-1",
      "sso_registration_scopes = sso:account:access",
      "",
    ].join("\n"),
    profile: "sso",
    want: {
      ssoSession: "corp",
      ssoStartUrl: "https://corp.awsapps.com/start#/",
      ssoRegion: "eu-west-1",
      ssoRegistrationScopes: "sso:account:access",
      ssoAccountId: "111111111111",
      ssoRoleName: "Admin",
    },
  },
  {
    name: "replaces an sso_start_url set by an earlier profile when sso_session first appears",
    config: [
      "[profile a]",
      "sso_start_url = https://a.awsapps.com/start",
      "include_profile = b",
      "[profile b]",
      "sso_session = corp",
      "[sso-session corp]",
      "sso_region = eu-west-1",
      "",
    ].join("\n"),
    profile: "a",
    want: { ssoSession: "corp", ssoStartUrl: undefined, ssoRegion: "eu-west-1" },
  },
  {
    name: "keeps inline values when the [sso-session] section is missing",
    config:
      "[profile sso]\nsso_session = nowhere\nsso_start_url = https://inline.awsapps.com/start\n",
    profile: "sso",
    want: { ssoSession: "nowhere", ssoStartUrl: "https://inline.awsapps.com/start" },
    logs: ["[sso-session] 'nowhere' missing in config file"],
  },
  {
    name: "fills an [sso-session] key it lacks from the profile's inline value",
    config:
      "[profile sso]\nsso_session = corp\nsso_region = us-west-2\n[sso-session corp]\nsso_start_url = https://corp/start\n",
    profile: "sso",
    want: { ssoStartUrl: "https://corp/start", ssoRegion: "us-west-2" },
  },
  // Source chains.
  {
    name: "resolves a source chain of depth 3 and links it both ways",
    config: CHAIN,
    profile: "top",
    want: {
      profileName: "top",
      sourceProfileName: "middle",
      "sourceProfile.profileName": "middle",
      "sourceProfile.sourceProfileName": "base",
      "sourceProfile.sourceProfile.profileName": "base",
      "sourceProfile.sourceProfile.sourceProfile": undefined,
      "sourceProfile.sourceProfile.mfaSerial": "arn:aws:iam::111111111111:mfa/me",
      "sourceProfile.sourceProfile.region": "us-east-1",
      chainedFromProfile: undefined,
    },
  },
  {
    name: "copies command-line values to every profile in the chain",
    config: CHAIN,
    profile: "top",
    input: { mfaToken: "123456", mfaPromptMethod: "terminal", ssoUseStdout: true },
    want: {
      mfaToken: "123456",
      "sourceProfile.sourceProfile.mfaToken": "123456",
      "sourceProfile.sourceProfile.mfaPromptMethod": "terminal",
      "sourceProfile.sourceProfile.ssoUseStdout": true,
      ssoUseStdout: true,
    },
  },
  // go-ini child sections.
  {
    name: "inherits keys of [profile a.b] from [profile a] before include_profile and [default]",
    config: [
      "[default]",
      "region = d",
      "mfa_serial = d-mfa",
      "[profile team]",
      "region = team-region",
      "[profile team.dev]",
      "role_arn = arn:dev",
      "include_profile = other",
      "[profile other]",
      "region = other-region",
      "",
    ].join("\n"),
    profile: "team.dev",
    want: { region: "team-region", roleArn: "arn:dev", mfaSerial: "d-mfa" },
  },
  {
    name: "does not treat a missing [profile a.b] as inheriting from [profile a]",
    config: "[default]\nregion = d\n[profile team]\nregion = team-region\n",
    profile: "team.dev",
    want: { region: "d" },
  },
  // Environment handling.
  {
    name: "treats empty environment variables as unset",
    config: "[profile a]\nregion = file\nmfa_serial = file-mfa\n",
    profile: "a",
    env: { AWS_REGION: "", AWS_MFA_SERIAL: "", AWS_ROLE_ARN: "" },
    want: { region: "file", mfaSerial: "file-mfa", roleArn: undefined },
  },
];

for (const row of ROWS) {
  Deno.test(`resolveProfile() ${row.name}`, () => {
    const { config, logs } = run(row);
    for (const [path, expected] of Object.entries(row.want)) {
      const { parent, key } = at(config, path);
      if (expected === undefined) {
        assert.equal(Object.hasOwn(parent, key), false, `${path} should be absent`);
      } else if (key === "sourceProfile" || key === "chainedFromProfile") {
        assert.equal(parent[key], expected, path);
      } else {
        assert.deepEqual(parent[key], expected, path);
      }
    }
    for (const line of row.logs ?? []) {
      assert.ok(logs.includes(line), `expected log line ${JSON.stringify(line)} in ${logs}`);
    }
  });
}

interface ErrorRow {
  name: string;
  config: string;
  profile: string;
  env?: Record<string, string>;
  message: string;
}

const ERROR_ROWS: ErrorRow[] = [
  {
    name: "fails on an include_profile loop",
    config: "[profile a]\ninclude_profile = b\n[profile b]\ninclude_profile = a\n",
    profile: "a",
    message: "Loop detected in config file for profile 'a'",
  },
  {
    name: "fails on a profile that includes itself",
    config: "[profile a]\ninclude_profile = a\n",
    profile: "a",
    message: "Loop detected in config file for profile 'a'",
  },
  {
    name: "fails when [default] includes a profile that falls back to [default]",
    config: "[default]\ninclude_profile = x\n[profile x]\n",
    profile: "default",
    message: "Loop detected in config file for profile 'default'",
  },
  {
    name: "fails on an include_profile loop in a source profile",
    config: "[profile role]\nsource_profile = c\n[profile c]\ninclude_profile = c\n",
    profile: "role",
    message: "Loop detected in config file for profile 'c'",
  },
  {
    name: "fails on a source_profile loop",
    config:
      "[profile a]\nsource_profile = b\n[profile b]\nsource_profile = c\n[profile c]\nsource_profile = a\n",
    profile: "a",
    message: "Loop detected in source_profile chain for profile 'a'",
  },
  {
    name: "fails on malformed session_tags in the file",
    config: "[profile a]\nsession_tags = a=1,b\n",
    profile: "a",
    message:
      "Failed to parse session_tags profile setting: session tags string must be <key1>=<value1>,[<key2>=<value2>[,...]]",
  },
  {
    name: "fails on malformed session_tags inherited from [default]",
    config: "[default]\nsession_tags = oops\n[profile a]\n",
    profile: "a",
    message:
      "Failed to parse session_tags profile setting: session tags string must be <key1>=<value1>,[<key2>=<value2>[,...]]",
  },
  {
    name: "fails with a clear message on a malformed AWS_SESSION_TAGS",
    config: "[profile a]\n",
    profile: "a",
    env: { AWS_SESSION_TAGS: "team" },
    message:
      "Failed to parse AWS_SESSION_TAGS environment variable: session tags string must be <key1>=<value1>,[<key2>=<value2>[,...]]",
  },
  {
    name: "fails on a negative TTL variable, naming it and its value",
    config: "[profile a]\n",
    profile: "a",
    env: { AWS_SESSION_TOKEN_TTL: "-1h" },
    message: 'Invalid AWS_SESSION_TOKEN_TTL "-1h": a session duration cannot be negative',
  },
  {
    name: "fails on a negative TTL variable met by a source profile",
    config: "[profile a]\nsource_profile = b\n[profile b]\n",
    profile: "a",
    env: { AWS_CHAINED_SESSION_TOKEN_TTL: "-1ns" },
    message: 'Invalid AWS_CHAINED_SESSION_TOKEN_TTL "-1ns": a session duration cannot be negative',
  },
];

for (const row of ERROR_ROWS) {
  Deno.test(`resolveProfile() ${row.name}`, () => {
    const file = parseConfigFile(row.config, "/c");
    assert.throws(
      () => resolveProfile(file, row.profile, { env: row.env ?? {} }),
      (error: unknown) => error instanceof ConfigError && error.message === row.message,
    );
  });
}

Deno.test("resolveProfile() ignores a malformed AWS_SESSION_TAGS for source profiles", () => {
  const file = parseConfigFile(CHAIN + "session_tags = t=1\n", "/c");
  const config = resolveProfile(file, "top", { env: { AWS_SESSION_TAGS: "x=1" } });
  assert.deepEqual(config.sessionTags, new Map([["x", "1"]]));
  assert.deepEqual(config.sourceProfile?.sessionTags, undefined);
});

Deno.test("resolveProfile() marks source profiles as chained and picks their session duration", () => {
  const file = parseConfigFile(CHAIN, "/c");
  const top = resolveProfile(file, "top", { env: {} });
  const base = top.sourceProfile?.sourceProfile;
  assert.ok(base);
  assert.equal(isChained(top), false);
  assert.equal(isChained(base), true);
  assert.equal(base.chainedFromProfile?.chainedFromProfile, top);
  assert.equal(getSessionTokenDurationMs(base), 8 * H);
  assert.equal(getSessionTokenDurationMs(resolveProfile(file, "base", { env: {} })), H);
});

Deno.test("resolveProfile() does not modify its inputs", () => {
  const file = parseConfigFile(CHAIN, "/c");
  const before = JSON.stringify(file.ini, (_k, v) => (v instanceof Map ? [...v] : v));
  const env = Object.freeze({ AWS_REGION: "r", AWS_SESSION_TAGS: "a=1" });
  const input = Object.freeze({ env, region: undefined, durationMs: 2 * H });
  const first = resolveProfile(file, "top", input);
  const second = resolveProfile(file, "top", input);
  assert.equal(JSON.stringify(file.ini, (_k, v) => (v instanceof Map ? [...v] : v)), before);
  assert.notEqual(first, second);
  assert.equal(first.region, second.region);
});

Deno.test("resolveProfile() accepts the environment as a function or an Env object", () => {
  const file = parseConfigFile("[profile a]\n", "/c");
  const vars: Record<string, string> = { AWS_REGION: "from-env" };
  assert.equal(resolveProfile(file, "a", { env: (n) => vars[n] }).region, "from-env");
  assert.equal(
    resolveProfile(file, "a", { env: { get: (n: string) => vars[n] } }).region,
    "from-env",
  );
});

Deno.test("minTtlMs() reads AWS_MIN_TTL as a Go duration, defaulting to 5m", () => {
  assert.equal(minTtlMs({}), 5 * M);
  assert.equal(minTtlMs({ AWS_MIN_TTL: "" }), 5 * M);
  assert.equal(minTtlMs({ AWS_MIN_TTL: "10m" }), 10 * M);
  assert.equal(minTtlMs({ AWS_MIN_TTL: "90s" }), 90_000);
  assert.equal(minTtlMs({ AWS_MIN_TTL: "0" }), 0);
  assert.equal(minTtlMs({ AWS_MIN_TTL: "600" }), 5 * M);
  assert.equal(minTtlMs((n) => (n === "AWS_MIN_TTL" ? "1h" : undefined)), H);
});
