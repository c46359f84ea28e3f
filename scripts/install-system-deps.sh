#!/usr/bin/env bash
# Installs the Debian packages the app and its tests need, once; a no-op when they are all there.
set -euo pipefail

packages=(gnome-keyring libsecret-1-dev libsecret-tools dbus dbus-x11 curl httpie chromium xvfb xauth ca-certificates openssl git)
# The tool tests run the real kubectl; any kubectl on the PATH will do, else Debian's.
command -v kubectl >/dev/null || packages+=(kubernetes-client)
# The shell fast-path benchmark compares with oidc-agent's oidc-token where Debian has it.
apt-cache show oidc-agent-cli >/dev/null 2>&1 && packages+=(oidc-agent-cli)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "system packages: missing ${missing[*]}, and this is not a Debian system; install them by hand" >&2
  exit 1
fi
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system packages: installed ${missing[*]}"
