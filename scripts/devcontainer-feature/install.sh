#!/bin/sh
# The dev container feature's entry point (run as root while the image is built): installs the
# release binary with the release's install script, which sits beside this file in the feature's
# tarball (scripts/release_files puts it there), into /usr/local/bin.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# The release workflow writes its tag here; the option VERSION overrides it ("latest": the newest).
tag="${VERSION:-}"
[ -n "$tag" ] || tag="__AWS_VAULT_RELEASE_TAG__"
case $tag in __*) tag=latest ;; esac

# Slim images have neither curl nor wget: add curl with the image's package manager.
if ! command -v curl >/dev/null 2>&1 && ! command -v wget >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl ca-certificates >/dev/null
  elif command -v apk >/dev/null 2>&1; then
    apk add --no-cache curl ca-certificates >/dev/null
  fi
fi

export AWS_VAULT_INSTALL_DIR="${AWS_VAULT_INSTALL_DIR:-/usr/local/bin}"
if [ "$tag" = latest ]; then
  exec sh "$here/aws-vault-install.sh"
fi
exec sh "$here/aws-vault-install.sh" --version "$tag"
