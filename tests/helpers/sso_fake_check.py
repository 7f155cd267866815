#!/usr/bin/env python3
"""Drives tests/helpers/sso_fake.ts with botocore, the AWS SDK for Python, to check
that the fake speaks IAM Identity Center's wire format (SSO OIDC and the SSO portal).

Usage: sso_fake_check.py <fake URL>; prints one JSON object of what it saw.
"""

import json
import sys
import urllib.request

import botocore.session
from botocore import UNSIGNED
from botocore.config import Config


def error_code(call):
    try:
        call()
    except Exception as e:  # noqa: BLE001 - the code is what we report
        return getattr(e, "response", {}).get("Error", {}).get("Code", type(e).__name__)
    return None


def main(url):
    session = botocore.session.get_session()
    config = Config(signature_version=UNSIGNED, retries={"max_attempts": 1})
    oidc = session.create_client("sso-oidc", region_name="eu-west-1", endpoint_url=url, config=config)
    sso = session.create_client("sso", region_name="eu-west-1", endpoint_url=url, config=config)
    out = {}
    client = oidc.register_client(clientName="aws-vault", clientType="public", scopes=["sso:account:access"])
    out["client_expires_in_days"] = (client["clientSecretExpiresAt"] - client["clientIdIssuedAt"]) // 86400
    ids = {"clientId": client["clientId"], "clientSecret": client["clientSecret"]}
    device = oidc.start_device_authorization(startUrl="https://x.awsapps.com/start", **ids)
    out["interval"] = device["interval"]
    out["expires_in"] = device["expiresIn"]
    grant = {"grantType": "urn:ietf:params:oauth:grant-type:device_code", "deviceCode": device["deviceCode"], **ids}
    out["pending"] = error_code(lambda: oidc.create_token(**grant))
    urllib.request.urlopen(device["verificationUriComplete"]).read()
    token = oidc.create_token(**grant)
    out["token_type"] = token["tokenType"]
    out["has_refresh_token"] = "refreshToken" in token
    creds = sso.get_role_credentials(accessToken=token["accessToken"], accountId="123456789012", roleName="Admin")
    role = creds["roleCredentials"]
    out["role_key_prefix"] = role["accessKeyId"][:4]
    out["role_expiration_is_ms"] = role["expiration"] > 10**12
    out["bad_token"] = error_code(
        lambda: sso.get_role_credentials(accessToken="bogus", accountId="123456789012", roleName="Admin")
    )
    refresh = {"grantType": "refresh_token", "refreshToken": token["refreshToken"], **ids}
    out["refreshed"] = "accessToken" in oidc.create_token(**refresh)
    out["refresh_reused"] = error_code(lambda: oidc.create_token(**refresh))
    out["replayed_device_code"] = error_code(lambda: oidc.create_token(**grant))
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
