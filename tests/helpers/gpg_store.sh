#!/usr/bin/env bash
# A throwaway pass store for tests (recipe: /work/shared/reference/headless-keystores.md §3).
#
#   tests/helpers/gpg_store.sh init ROOT   creates ROOT/gnupg (GNUPGHOME, a key without
#                                          passphrase) and ROOT/store (`pass init` done),
#                                          then prints GNUPGHOME=, PASSWORD_STORE_DIR= and
#                                          KEY_FPR= lines
#   tests/helpers/gpg_store.sh stop ROOT   stops the gpg-agent started for ROOT/gnupg
#
# ROOT must exist and be private to the test; the caller deletes it.
set -eu
cmd=${1:?usage: gpg_store.sh init|stop ROOT}
root=${2:?usage: gpg_store.sh init|stop ROOT}
export GNUPGHOME="$root/gnupg"

case "$cmd" in
init)
  for tool in gpg pass; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "gpg_store.sh: \"$tool\" not found (apt-get install gnupg pass)" >&2
      exit 98
    fi
  done
  mkdir -m 700 "$GNUPGHOME"
  gpg --batch --quiet --gen-key 2>/dev/null <<'KEY'
%no-protection
Key-Type: EdDSA
Key-Curve: ed25519
Subkey-Type: ECDH
Subkey-Curve: cv25519
Name-Real: aws-vault test
Name-Email: aws-vault-test@example.invalid
Expire-Date: 0
%commit
KEY
  fpr=$(gpg --batch --with-colons --list-secret-keys aws-vault-test@example.invalid 2>/dev/null |
    awk -F: '/^fpr/ { print $10; exit }')
  [ -n "$fpr" ] || { echo "gpg_store.sh: key generation failed" >&2; exit 1; }
  PASSWORD_STORE_DIR="$root/store" pass init "$fpr" >/dev/null
  printf 'GNUPGHOME=%s\nPASSWORD_STORE_DIR=%s\nKEY_FPR=%s\n' "$GNUPGHOME" "$root/store" "$fpr"
  ;;
stop)
  gpgconf --kill gpg-agent 2>/dev/null || true
  ;;
*)
  echo "gpg_store.sh: unknown command \"$cmd\"" >&2
  exit 2
  ;;
esac
