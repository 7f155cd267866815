/**
 * Endpoint resolution for STS, IAM and IAM Identity Center (AWS SDK conventions, spec §5.2, §6.4).
 */

import { assertEquals } from "../../helpers/assert.ts";
import { type AwsService, resolveEndpoint } from "../../../src/aws/endpoints.ts";
import type { ProfileConfig } from "../../../src/config/profile_config.ts";

function config(fields: Partial<ProfileConfig>): ProfileConfig {
  return {
    profileName: "p",
    assumeRoleDurationMs: 3600_000,
    nonChainedGetSessionTokenDurationMs: 3600_000,
    chainedGetSessionTokenDurationMs: 8 * 3600_000,
    getFederationTokenDurationMs: 3600_000,
    ssoUseStdout: false,
    ...fields,
  };
}

const ROWS: Array<{
  name: string;
  service: AwsService;
  fields: Partial<ProfileConfig>;
  env?: Record<string, string>;
  url: string | undefined;
  signingRegion: string;
}> = [
  {
    name: "STS defaults to the regional endpoint",
    service: "sts",
    fields: { region: "eu-west-1" },
    url: "https://sts.eu-west-1.amazonaws.com",
    signingRegion: "eu-west-1",
  },
  {
    name: "sts_regional_endpoints=legacy uses the global endpoint for legacy regions",
    service: "sts",
    fields: { region: "eu-west-1", stsRegionalEndpoints: "legacy" },
    url: "https://sts.amazonaws.com",
    signingRegion: "us-east-1",
  },
  {
    name: "sts_regional_endpoints=legacy keeps newer regions regional",
    service: "sts",
    fields: { region: "ap-east-1", stsRegionalEndpoints: "legacy" },
    url: "https://sts.ap-east-1.amazonaws.com",
    signingRegion: "ap-east-1",
  },
  {
    name: "China regions use amazonaws.com.cn",
    service: "sts",
    fields: { region: "cn-north-1" },
    url: "https://sts.cn-north-1.amazonaws.com.cn",
    signingRegion: "cn-north-1",
  },
  {
    name: "no region falls back to us-east-1",
    service: "sts",
    fields: {},
    url: "https://sts.us-east-1.amazonaws.com",
    signingRegion: "us-east-1",
  },
  {
    name: "endpoint_url (or AWS_ENDPOINT_URL, folded in by the loader) wins over the default",
    service: "sts",
    fields: { region: "eu-west-1", endpointUrl: "http://localhost:4566" },
    url: "http://localhost:4566",
    signingRegion: "eu-west-1",
  },
  {
    name: "AWS_ENDPOINT_URL_STS wins over endpoint_url",
    service: "sts",
    fields: { region: "eu-west-1", endpointUrl: "http://localhost:4566" },
    env: { AWS_ENDPOINT_URL_STS: "https://vpce-1.sts.eu-west-1.vpce.amazonaws.com" },
    url: "https://vpce-1.sts.eu-west-1.vpce.amazonaws.com",
    signingRegion: "eu-west-1",
  },
  {
    name: "AWS_ENDPOINT_URL_STS does not apply to IAM",
    service: "iam",
    fields: { region: "eu-west-1" },
    env: { AWS_ENDPOINT_URL_STS: "http://sts.local" },
    url: "https://iam.amazonaws.com",
    signingRegion: "us-east-1",
  },
  {
    name: "AWS_ENDPOINT_URL_IAM applies to IAM",
    service: "iam",
    fields: { region: "eu-west-1", endpointUrl: "http://all.local" },
    env: { AWS_ENDPOINT_URL_IAM: "http://iam.local" },
    url: "http://iam.local",
    signingRegion: "eu-west-1",
  },
  {
    name: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores configured endpoints",
    service: "sts",
    fields: { region: "eu-west-1", endpointUrl: "http://all.local" },
    env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true", AWS_ENDPOINT_URL_STS: "http://x" },
    url: "https://sts.eu-west-1.amazonaws.com",
    signingRegion: "eu-west-1",
  },
  {
    name: "IAM in GovCloud",
    service: "iam",
    fields: { region: "us-gov-west-1" },
    url: "https://iam.us-gov.amazonaws.com",
    signingRegion: "us-gov-west-1",
  },
  {
    name: "SSO OIDC goes to sso_region, not region",
    service: "sso-oidc",
    fields: { region: "us-east-1", ssoRegion: "eu-central-1" },
    url: "https://oidc.eu-central-1.amazonaws.com",
    signingRegion: "eu-central-1",
  },
  {
    name: "the SSO portal goes to sso_region",
    service: "sso",
    fields: { region: "us-east-1", ssoRegion: "cn-northwest-1" },
    url: "https://portal.sso.cn-northwest-1.amazonaws.com.cn",
    signingRegion: "cn-northwest-1",
  },
  {
    name: "AWS_ENDPOINT_URL_SSO_OIDC applies to SSO OIDC only",
    service: "sso-oidc",
    fields: { ssoRegion: "eu-west-1", endpointUrl: "http://all.local" },
    env: {
      AWS_ENDPOINT_URL_SSO_OIDC: "http://oidc.local",
      AWS_ENDPOINT_URL_SSO: "http://sso.local",
    },
    url: "http://oidc.local",
    signingRegion: "eu-west-1",
  },
  {
    name: "AWS_ENDPOINT_URL_SSO applies to the SSO portal",
    service: "sso",
    fields: { ssoRegion: "eu-west-1" },
    env: {
      AWS_ENDPOINT_URL_SSO_OIDC: "http://oidc.local",
      AWS_ENDPOINT_URL_SSO: "http://sso.local",
    },
    url: "http://sso.local",
    signingRegion: "eu-west-1",
  },
  {
    name: "endpoint_url (AWS_ENDPOINT_URL) applies to the SSO portal too",
    service: "sso",
    fields: { ssoRegion: "eu-west-1", endpointUrl: "http://all.local" },
    url: "http://all.local",
    signingRegion: "eu-west-1",
  },
];

for (const row of ROWS) {
  Deno.test(`resolveEndpoint(): ${row.name}`, () => {
    const env = row.env ?? {};
    const got = resolveEndpoint(row.service, config(row.fields), (n) => env[n]);
    assertEquals([got.url, got.signingRegion], [row.url, row.signingRegion]);
  });
}
