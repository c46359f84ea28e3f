#!/usr/bin/env bash
# Runs a command with a Secret Service to talk to: the session's own when it works, else a private
# D-Bus session with a throwaway, unlocked gnome-keyring (so tests never touch a user's keyring).
set -euo pipefail

probe_keyring() {
  local attr="token-wallet-probe-$$"
  printf 'probe' | timeout 5 secret-tool store --label=probe service "$attr" account probe >/dev/null 2>&1 || return 1
  [ "$(timeout 5 secret-tool lookup service "$attr" account probe 2>/dev/null)" = "probe" ] || return 1
  timeout 5 secret-tool clear service "$attr" account probe >/dev/null 2>&1 || true
}

if [ "${1:-}" = "--inner" ]; then
  shift
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"
  mkdir -p "$HOME" "$XDG_DATA_HOME/keyrings" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  # --unlock reads the new keyring's password from stdin; the keyring lives in the scratch folder.
  eval "$(printf 'token-wallet-test' | gnome-keyring-daemon --unlock --components=secrets --daemonize 2>/dev/null)"
  export GNOME_KEYRING_CONTROL
  for _ in $(seq 1 50); do
    probe_keyring && break
    sleep 0.2
  done
  if ! probe_keyring; then
    echo "with-keyring: gnome-keyring did not come up" >&2
    exit 1
  fi
  if [ "${TW_KEYRING_NOTICE:-}" = 1 ]; then
    echo "token-wallet: no Secret Service in this session, so a temporary keyring is used: secrets added now are forgotten when this stops" >&2
  fi
  status=0
  "$@" || status=$?
  exit "$status"
fi

if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v secret-tool >/dev/null && probe_keyring; then
  exec "$@"
fi
exec dbus-run-session -- bash "$0" --inner "$@"
