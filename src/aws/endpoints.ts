/**
 * Where STS, IAM and IAM Identity Center (SSO portal, SSO OIDC) calls go,
 * following the AWS SDKs' conventions: `AWS_ENDPOINT_URL_STS`,
 * `AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL_SSO`, `AWS_ENDPOINT_URL_SSO_OIDC`,
 * then `AWS_ENDPOINT_URL`
 * and the profile's `endpoint_url` (both folded into
 * {@linkcode ProfileConfig.endpointUrl} by the config loader, the variable
 * first), then the service's default endpoint for the region, honouring
 * `sts_regional_endpoints = legacy`. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`
 * skips the configured ones, as in the SDKs. Identity Center calls go to the
 * profile's `sso_region`, the others to its `region`.
 *
 * @module
 */

import type { ProfileConfig } from "../config/profile_config.ts";

/** The AWS services aws-vault calls. */
export type AwsService = "sts" | "iam" | "sso" | "sso-oidc";

/** The region used when none is configured (aws-vault fails there; the AWS SDK for JS defaults STS to it). */
export const FALLBACK_REGION = "us-east-1";

/** aws-vault's regions for the global STS endpoint when `sts_regional_endpoints = legacy`. */
export const LEGACY_STS_REGIONS: ReadonlySet<string> = new Set([
  "ap-northeast-1",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "aws-global",
  "ca-central-1",
  "eu-central-1",
  "eu-north-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
]);

/** A resolved endpoint. */
export interface Endpoint {
  /** The URL to call, or `undefined` to let the SDK choose (partitions we do not know). */
  url?: string;
  /** The region requests are signed for. */
  signingRegion: string;
  /** Where the endpoint came from, for `--debug`. */
  source: string;
}

function dnsSuffix(region: string): string | undefined {
  if (region.startsWith("cn-")) return "amazonaws.com.cn";
  if (/^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+$/.test(region) || region === "aws-global") {
    return "amazonaws.com";
  }
  return undefined;
}

/** The region `service` is called in: `sso_region` for Identity Center, else `region`. */
function serviceRegion(service: AwsService, config: ProfileConfig): string {
  const sso = service === "sso" || service === "sso-oidc";
  return (sso ? config.ssoRegion : config.region) ?? FALLBACK_REGION;
}

function defaultEndpoint(service: AwsService, config: ProfileConfig): Endpoint {
  const region = serviceRegion(service, config);
  const suffix = dnsSuffix(region);
  if (service === "sso" || service === "sso-oidc") {
    if (suffix === undefined) return { signingRegion: region, source: "default" };
    const host = service === "sso" ? `portal.sso.${region}` : `oidc.${region}`;
    return { url: `https://${host}.${suffix}`, signingRegion: region, source: "default" };
  }
  if (service === "iam") {
    if (region.startsWith("cn-")) {
      return {
        url: "https://iam.cn-north-1.amazonaws.com.cn",
        signingRegion: "cn-north-1",
        source: "default",
      };
    }
    if (region.startsWith("us-gov-")) {
      return {
        url: "https://iam.us-gov.amazonaws.com",
        signingRegion: "us-gov-west-1",
        source: "default",
      };
    }
    if (suffix === undefined) return { signingRegion: region, source: "default" };
    return { url: "https://iam.amazonaws.com", signingRegion: "us-east-1", source: "default" };
  }
  if (config.stsRegionalEndpoints === "legacy" && LEGACY_STS_REGIONS.has(region)) {
    return {
      url: "https://sts.amazonaws.com",
      signingRegion: "us-east-1",
      source: "sts_regional_endpoints=legacy",
    };
  }
  if (suffix === undefined) return { signingRegion: region, source: "default" };
  const host = region === "aws-global" ? "sts.amazonaws.com" : `sts.${region}.${suffix}`;
  return {
    url: `https://${host}`,
    signingRegion: region === "aws-global" ? "us-east-1" : region,
    source: "default",
  };
}

/**
 * The endpoint for `service` calls made for `config`. `getEnv` reads the
 * process environment (for the service-specific variables).
 */
export function resolveEndpoint(
  service: AwsService,
  config: ProfileConfig,
  getEnv: (name: string) => string | undefined,
): Endpoint {
  const region = serviceRegion(service, config);
  const ignore = (getEnv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") ?? "").toLowerCase() === "true";
  if (!ignore) {
    const variable = `AWS_ENDPOINT_URL_${service.toUpperCase().replace("-", "_")}`;
    const specific = getEnv(variable);
    if (specific) return { url: specific, signingRegion: region, source: variable };
    if (config.endpointUrl) {
      return { url: config.endpointUrl, signingRegion: region, source: "endpoint_url" };
    }
  }
  return defaultEndpoint(service, config);
}
