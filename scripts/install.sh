#!/bin/sh
# Installs an aws-vault for Deno release binary (POSIX sh: dash, busybox, bash; no terminal needed).
#
#   curl -fsSL https://github.com/OWNER/REPO/releases/latest/download/install.sh | sh
#   sh install.sh --version v7.2.0-deno.0.2.0
#
# Downloads aws-vault-<os>-<arch> and SHA256SUMS of the release, checks the binary against its
# line in SHA256SUMS (with sha256sum, shasum or openssl), then installs it as `aws-vault`, mode
# 0755, through a temporary file renamed into place. A missing or wrong checksum stops it before
# anything is written. It never runs sudo.
#
# Environment:
#   AWS_VAULT_INSTALL_DIR   where to install (default ~/.local/bin, or /usr/local/bin as root)
#   AWS_VAULT_RELEASES_URL  download base: files at <base>/<tag>/<asset> and <base>/<tag>/SHA256SUMS
#                           (default https://github.com/<repository>/releases/download)
#   AWS_VAULT_REPO          the GitHub repository, owner/name (the release's copy knows its own)
#   AWS_VAULT_API_URL       the GitHub API, asked for the latest release when no --version is
#                           given (default https://api.github.com)
#   GITHUB_TOKEN            sent to api.github.com only, for its higher rate limit
set -eu

# The release workflow writes the repository here in the copy it attaches to a release.
DEFAULT_REPO="__AWS_VAULT_REPOSITORY__"

die() {
  echo "aws-vault install: $*" >&2
  exit 1
}

usage() {
  echo "usage: install.sh [--version vX.Y.Z]   (default: the latest release; see the script's head)"
  exit 0
}

version=""
while [ $# -gt 0 ]; do
  case $1 in
  --version)
    [ $# -ge 2 ] || die "--version needs a release tag such as v7.2.0-deno.0.2.0"
    version=$2
    shift 2
    ;;
  --version=*)
    version=${1#--version=}
    shift
    ;;
  -h | --help) usage ;;
  *) die "Unknown argument \"$1\": expected --version vX.Y.Z" ;;
  esac
done
if [ -n "$version" ]; then
  case $version in
  v[0-9]*) ;;
  *) die "Invalid version \"$version\": expected a release tag such as v7.2.0-deno.0.2.0" ;;
  esac
  case $version in
  *[!A-Za-z0-9._-]*) die "Invalid version \"$version\": expected a release tag such as v7.2.0-deno.0.2.0" ;;
  esac
fi

os=$(uname -s)
case $os in
Linux) os=linux ;;
Darwin) os=darwin ;;
MINGW* | MSYS* | CYGWIN* | Windows*) die "Unsupported operating system \"$os\": on Windows use install.ps1" ;;
*) die "Unsupported operating system \"$os\": releases exist for Linux, macOS and Windows" ;;
esac
machine=$(uname -m)
case $machine in
x86_64 | amd64) arch=x64 ;;
aarch64 | arm64) arch=arm64 ;;
*) die "Unsupported architecture \"$machine\": releases exist for x86-64 and arm64" ;;
esac
# A shell under Rosetta reports x86_64 on an Apple silicon Mac; the native binary is better there.
if [ "$os" = darwin ] && [ "$arch" = x64 ] &&
  [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || true)" = 1 ]; then
  arch=arm64
fi
asset="aws-vault-$os-$arch"

if command -v curl >/dev/null 2>&1; then
  fetch() { curl -fsSL --retry 2 -o "$2" "$1" 2>/dev/null; }
  fetch_api() {
    if [ -n "${3:-}" ]; then
      curl -fsSL --retry 2 -H "Authorization: Bearer $3" -o "$2" "$1" 2>/dev/null
    else
      curl -fsSL --retry 2 -o "$2" "$1" 2>/dev/null
    fi
  }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget -q -O "$2" "$1" 2>/dev/null; }
  fetch_api() {
    if [ -n "${3:-}" ]; then
      wget -q --header "Authorization: Bearer $3" -O "$2" "$1" 2>/dev/null
    else
      wget -q -O "$2" "$1" 2>/dev/null
    fi
  }
else
  die "Cannot download: neither curl nor wget is installed"
fi

if command -v sha256sum >/dev/null 2>&1; then
  sha256_of() { sha256sum "$1" | awk '{ print $1 }'; }
elif command -v shasum >/dev/null 2>&1; then
  sha256_of() { shasum -a 256 "$1" | awk '{ print $1 }'; }
elif command -v openssl >/dev/null 2>&1; then
  sha256_of() { openssl dgst -sha256 "$1" | awk '{ print $NF }'; }
else
  die "Cannot check the download: none of sha256sum, shasum or openssl is installed"
fi

repo=${AWS_VAULT_REPO:-$DEFAULT_REPO}
repo_known() {
  case $repo in
  ?*/?*) return 0 ;;
  *) return 1 ;;
  esac
}
if [ -n "${AWS_VAULT_RELEASES_URL:-}" ]; then
  base=${AWS_VAULT_RELEASES_URL%/}
elif repo_known; then
  base="https://github.com/$repo/releases/download"
else
  die "Unknown GitHub repository: set AWS_VAULT_REPO=owner/name, or use the install.sh of a release"
fi

if [ -n "${AWS_VAULT_INSTALL_DIR:-}" ]; then
  dir=${AWS_VAULT_INSTALL_DIR%/}
  dir=${dir:-/}
elif [ "$(id -u)" = 0 ]; then
  dir=/usr/local/bin
else
  [ -n "${HOME:-}" ] || die "HOME is not set: set AWS_VAULT_INSTALL_DIR"
  dir="$HOME/.local/bin"
fi
[ ! -d "$dir/aws-vault" ] || die "\"$dir/aws-vault\" is a directory: not replacing it"

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t aws-vault-install)
staged=""
cleanup() {
  rm -rf "$tmp"
  if [ -n "$staged" ]; then rm -f "$staged"; fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

if [ -z "$version" ]; then
  repo_known || die "Unknown GitHub repository for the latest release: set AWS_VAULT_REPO=owner/name or pass --version"
  api=${AWS_VAULT_API_URL:-https://api.github.com}
  api=${api%/}
  token=""
  if [ "$api" = https://api.github.com ]; then token=${GITHUB_TOKEN:-}; fi
  fetch_api "$api/repos/$repo/releases/latest" "$tmp/latest.json" "$token" ||
    die "Cannot find the latest release: $api/repos/$repo/releases/latest did not answer (pass --version vX.Y.Z)"
  version=$(sed -n 's/.*"tag_name"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$tmp/latest.json" | head -n 1)
  case $version in
  v[0-9]*) ;;
  *) die "Cannot find the latest release: no tag_name in $api/repos/$repo/releases/latest" ;;
  esac
fi

fetch "$base/$version/SHA256SUMS" "$tmp/SHA256SUMS" ||
  die "Cannot download $base/$version/SHA256SUMS: is \"$version\" a release?"
expected=$(awk -v name="$asset" '$2 == name || $2 == "*" name { print tolower($1); exit }' "$tmp/SHA256SUMS")
[ -n "$expected" ] || die "SHA256SUMS of $version has no entry for \"$asset\": not installing it"
fetch "$base/$version/$asset" "$tmp/$asset" ||
  die "Cannot download $base/$version/$asset"
actual=$(sha256_of "$tmp/$asset" | tr 'A-F' 'a-f')
[ "$actual" = "$expected" ] ||
  die "Checksum mismatch for \"$asset\" of $version: expected $expected, got $actual: not installing it"

mkdir -p "$dir" 2>/dev/null || die "Cannot create the install directory \"$dir\": set AWS_VAULT_INSTALL_DIR"
staged="$dir/.aws-vault.install.$$"
{ cp "$tmp/$asset" "$staged" && chmod 0755 "$staged"; } 2>/dev/null ||
  die "Cannot write to \"$dir\": set AWS_VAULT_INSTALL_DIR to a directory you can write to"
installed=$("$staged" --version 2>&1) ||
  die "The downloaded aws-vault does not run on this system: $(echo "$installed" | head -n 1)"
mv -f "$staged" "$dir/aws-vault" 2>/dev/null ||
  die "Cannot write to \"$dir/aws-vault\": set AWS_VAULT_INSTALL_DIR to a directory you can write to"
staged=""
echo "Installed aws-vault $installed to $dir/aws-vault"
case ":${PATH:-}:" in
*":$dir:"*) ;;
*) echo "Note: $dir is not on PATH; add it to use aws-vault by name" ;;
esac
