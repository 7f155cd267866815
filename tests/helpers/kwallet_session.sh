#!/usr/bin/env bash
# A throwaway KWallet for tests: a private session bus (dbus-run-session), a
# kwalletd5 in it with private HOME/XDG directories, and the wallet opened (or
# created) through kwalletd5's D-Bus method pamOpen, which needs no password
# dialog (see /work/shared/reference/headless-keystores.md §4).
#
# Usage:
#   kwallet_session.sh                 serve: print "READY <bus address>" on stdout once the
#                                      wallet is open, then keep the session until stdin closes
#   kwallet_session.sh -- CMD ARGS...  run CMD inside the session (DBUS_SESSION_BUS_ADDRESS set),
#                                      exit with its status
# Environment: KWALLET_NAME (default aws-vault) is the wallet opened; KWALLET_STATE, when set, is a
# directory kept between runs (HOME of kwalletd5), otherwise a temporary one is removed at the end.
# On failure it prints "FAILED <reason>" on stdout and exits 1. Needs: dbus (dbus-run-session),
# libglib2.0-bin (gdbus), libkf5wallet-bin (kwalletd5).
set -u

if [ "${1:-}" != "--inside" ]; then
  for tool in dbus-run-session gdbus kwalletd5; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "FAILED $tool not found (apt-get install dbus libglib2.0-bin libkf5wallet-bin)"
      exit 1
    fi
  done
  own_state=0
  if [ -z "${KWALLET_STATE:-}" ]; then
    KWALLET_STATE=$(mktemp -d "${TMPDIR:-/tmp}/kwallet-test.XXXXXX") || exit 1
    own_state=1
  fi
  run=$(mktemp -d "${TMPDIR:-/tmp}/kwallet-run.XXXXXX") || exit 1
  chmod 700 "$run"
  mkdir -p "$KWALLET_STATE/home"
  env -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS \
    HOME="$KWALLET_STATE/home" XDG_RUNTIME_DIR="$run" \
    XDG_DATA_HOME="$KWALLET_STATE/home/.local/share" XDG_CONFIG_HOME="$KWALLET_STATE/home/.config" \
    XDG_CACHE_HOME="$KWALLET_STATE/home/.cache" QT_QPA_PLATFORM=offscreen \
    KWALLET_NAME="${KWALLET_NAME:-aws-vault}" \
    dbus-run-session -- bash "${BASH_SOURCE[0]}" --inside "$@" 2>"$run/dbus.log"
  rc=$?
  rm -rf "$run"
  [ "$own_state" -eq 1 ] && rm -rf "$KWALLET_STATE"
  exit "$rc"
fi
shift # --inside

call() { # call METHOD ARGS...: a method of org.kde.KWallet on kwalletd5
  gdbus call --session --dest org.kde.kwalletd5 --object-path /modules/kwalletd5 \
    --method "org.kde.KWallet.$1" "${@:2}"
}

# wait_for SECONDS COMMAND...: retry COMMAND every 50 ms until it succeeds or time runs out.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

kwalletd5 >"$XDG_RUNTIME_DIR/kwalletd.log" 2>&1 &
kwd=$!
trap 'kill "$kwd" 2>/dev/null; wait "$kwd" 2>/dev/null' EXIT

owned() {
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner org.kde.kwalletd5 | grep -q true
}
if ! wait_for 20 owned; then
  echo "FAILED kwalletd5 did not appear on the session bus: $(tail -n 3 "$XDG_RUNTIME_DIR/kwalletd.log" | tr '\n' ' ')"
  exit 1
fi

# A fixed 56-byte key, so that a kept KWALLET_STATE can be reopened by a later run.
key=$(seq 1 56 | paste -sd,)
dbus-send --session --type=method_call --dest=org.kde.kwalletd5 /modules/kwalletd5 \
  org.kde.KWallet.pamOpen "string:$KWALLET_NAME" "array:byte:$key" int32:0
is_open() { call isOpen "$KWALLET_NAME" | grep -q true; }
if ! wait_for 20 is_open; then
  echo "FAILED the wallet \"$KWALLET_NAME\" did not open after pamOpen"
  exit 1
fi

if [ "${1:-}" = "--" ]; then
  "${@:2}"
  exit $?
fi
echo "READY $DBUS_SESSION_BUS_ADDRESS"
cat >/dev/null # hold the session until our caller closes stdin
