#!/usr/bin/env bash
# The project's test command (`npm test`): sets up what a fresh machine lacks, then every stage.
set -euo pipefail
cd "$(dirname "$0")/.."

stage() {
  local name=$1
  shift
  echo "=== $name"
  if ! "$@"; then
    echo "=== FAILED: $name" >&2
    exit 1
  fi
}

stage "system packages" bash scripts/install-system-deps.sh
if [ ! -d node_modules ]; then
  stage "npm ci" env ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
stage "build" npm run --silent build
stage "typecheck" npm run --silent typecheck
stage "lint" npm run --silent lint
stage "unit tests" npm run --silent test:unit
stage "integration tests (real keyring, fake servers)" bash scripts/with-keyring.sh npm run --silent test:integration
stage "security tests (attacker's view, property-based input at 10,000 cases per parser)" bash scripts/with-keyring.sh npm run --silent test:security
stage "end-to-end tests (Chromium, real keyring, fake servers)" bash scripts/with-keyring.sh npm run --silent test:e2e
stage "electronegativity (Electron security checklist)" bash scripts/electronegativity.sh
