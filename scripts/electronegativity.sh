#!/usr/bin/env bash
# `npm run security`: @doyensec/electronegativity over the main process, the preload and the
# renderer's page; fails on any finding of MEDIUM severity or above.
set -euo pipefail
cd "$(dirname "$0")/.."

scan=$(mktemp -d)
trap 'rm -rf "$scan"' EXIT
mkdir -p "$scan/main" "$scan/renderer"
cp main/*.ts "$scan/main/"
cp renderer/index.html "$scan/renderer/"
electron_version=$(node -p "require('electron/package.json').version")

# Excluded: none of the security checks. Only the release lookup fails offline (it prints a
# warning and carries on), and the version is given explicitly with -e instead.
npx --no-install electronegativity -i "$scan" -s medium -e "$electron_version" -r -v false -o "$scan/findings.csv" >/dev/null 2>&1 || true
if [ ! -s "$scan/findings.csv" ]; then
  echo "electronegativity: did not produce a report" >&2
  exit 1
fi
findings=$(tail -n +2 "$scan/findings.csv" | grep -E '"(MEDIUM|HIGH|CRITICAL)"' || true)
if [ -n "$findings" ]; then
  echo "electronegativity: findings of MEDIUM severity or above:" >&2
  echo "$findings" >&2
  exit 1
fi
echo "electronegativity: no findings of MEDIUM severity or above ($(tail -n +2 "$scan/findings.csv" | wc -l) below it)"
