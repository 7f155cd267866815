#!/usr/bin/env bash
# Runs one CLI round trip against the keyring backend named $BACKEND:
# add --env, list, export, exec, clear, remove, with awkward profile names.
# Writes each step's output and status to $RESULTS/<n>.out / <n>.rc. Test helper,
# run inside a store harness (keyring_session.sh, kwallet_session.sh, or with a
# pass store in the environment). Needs DENO, ROOT, RESULTS, BACKEND, AWS_CONFIG_FILE.
set -u
step=0
av() {
  step=$((step + 1))
  "$DENO" run -A --quiet --config "$ROOT/deno.json" "$ROOT/main.ts" "$@" >"$RESULTS/$step.out" 2>&1
  echo $? >"$RESULTS/$step.rc"
}
export AWS_VAULT_BACKEND="$BACKEND"
AWS_ACCESS_KEY_ID=AKIAFLOWEXAMPLE00001 AWS_SECRET_ACCESS_KEY='flow/secret+1=' av add --env "team/prod"
AWS_ACCESS_KEY_ID=AKIAFLOWEXAMPLE00002 AWS_SECRET_ACCESS_KEY='second secret' av add --env "a b,c:dé"
av list --credentials
av export --no-session --format=json "team/prod"
av exec --no-session "a b,c:dé" -- sh -c 'echo "$AWS_VAULT|$AWS_ACCESS_KEY_ID|$AWS_SECRET_ACCESS_KEY"'
av clear
av remove -f "team/prod"
av list --credentials
av list --profiles
