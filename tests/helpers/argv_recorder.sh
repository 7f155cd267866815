#!/usr/bin/env bash
# A stand-in for a helper program, for tests: link it into a directory placed
# first on PATH under the helper's name (pass, gpg, secret-tool, ...). Each run
# appends the program name, every argument and the whole environment to
# $ARGV_RECORDER_LOG, then execs the real program of the same name found later
# on PATH, with the same arguments and standard streams.
#
# Record format (one run):
#   === <name>
#   arg: <argument>          (one line per argument)
#   env: <NAME=value>        (one line per variable)
set -u
name=$(basename "$0")
self_dir=$(cd "$(dirname "$0")" && pwd -P)
log=${ARGV_RECORDER_LOG:?ARGV_RECORDER_LOG must name the log file}
{
  printf '=== %s\n' "$name"
  for arg in "$@"; do printf 'arg: %s\n' "$arg"; done
  while IFS= read -r -d '' var; do printf 'env: %s\n' "$var"; done < <(env -0)
} >>"$log"

real=""
IFS=: read -r -a dirs <<<"${PATH-}"
for dir in "${dirs[@]}"; do
  [ -n "$dir" ] || continue
  resolved=$(cd "$dir" 2>/dev/null && pwd -P) || continue
  [ "$resolved" = "$self_dir" ] && continue
  if [ -x "$dir/$name" ] && [ ! -d "$dir/$name" ]; then
    real="$dir/$name"
    break
  fi
done
if [ -z "$real" ]; then
  echo "argv_recorder.sh: no real \"$name\" on PATH after $self_dir" >&2
  exit 127
fi
exec "$real" "$@"
