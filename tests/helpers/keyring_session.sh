#!/usr/bin/env bash
# Runs a command inside a throwaway D-Bus session with gnome-keyring's Secret
# Service running and unlocked (recipe: /work/shared/reference/headless-keystores.md §2).
#
#   tests/helpers/keyring_session.sh CMD [ARGS...]
#
# HOME, XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_RUNTIME_DIR (mode 0700)
# point into a private temporary directory that is deleted afterwards, so the real
# keyrings are never touched. DISPLAY and WAYLAND_DISPLAY are removed: prompts
# cannot be shown and are dismissed at once. The login keyring's password is
# $KEYRING_PW (default "harness-login-pw", a throwaway value).
# The command sees KEYRING_SESSION_ROOT (the temporary directory).
#
# Exit status: the command's; 97 when the daemon did not take its bus name within
# 5 s; 98 when a required program is missing.
set -u

if [ "${1-}" = "--inside" ]; then
  shift
  gkd_log="$XDG_RUNTIME_DIR/gnome-keyring.log"
  printf '%s' "$KEYRING_PW" |
    gnome-keyring-daemon --foreground --unlock --components=secrets >"$gkd_log" 2>&1 &
  gkd_pid=$!
  ready=no
  for _ in $(seq 1 100); do
    if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
      --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true; then
      ready=yes
      break
    fi
    sleep 0.05
  done
  if [ "$ready" != yes ]; then
    echo "keyring_session.sh: gnome-keyring-daemon did not own org.freedesktop.secrets within 5 s" >&2
    sed 's/^/  gnome-keyring-daemon: /' "$gkd_log" >&2
    kill "$gkd_pid" 2>/dev/null
    wait "$gkd_pid" 2>/dev/null
    exit 97
  fi
  "$@"
  rc=$?
  kill "$gkd_pid" 2>/dev/null
  wait "$gkd_pid" 2>/dev/null
  exit "$rc"
fi

if [ "$#" -eq 0 ]; then
  echo "usage: keyring_session.sh CMD [ARGS...]" >&2
  exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon gdbus; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "keyring_session.sh: \"$tool\" not found (apt-get install dbus gnome-keyring libglib2.0-bin)" >&2
    exit 98
  fi
done

root=$(mktemp -d "${TMPDIR:-/tmp}/keyring-session.XXXXXX") || exit 98
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/home" "$root/data" "$root/config" "$root/cache"
mkdir -m 700 "$root/run"

env -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS \
  HOME="$root/home" XDG_DATA_HOME="$root/data" XDG_CONFIG_HOME="$root/config" \
  XDG_CACHE_HOME="$root/cache" XDG_RUNTIME_DIR="$root/run" KEYRING_SESSION_ROOT="$root" \
  KEYRING_PW="${KEYRING_PW:-harness-login-pw}" \
  dbus-run-session -- "$0" --inside "$@" 2> >(grep --line-buffered -v 'Failed to set fd limit' >&2)
rc=$?
exit "$rc"
