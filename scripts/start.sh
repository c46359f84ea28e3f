#!/usr/bin/env bash
# `npm start`: set up what a fresh machine lacks, build, then launch the app; where no Electron
# binary is installed (an offline install), say so once and start what still works.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-system-deps.sh
if [ ! -d node_modules ]; then
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
npm run --silent build

electron_binary=$(node -e "try { const p = require('electron'); process.stdout.write(require('fs').existsSync(p) ? p : '') } catch { }" 2>/dev/null || true)
if [ -n "$electron_binary" ]; then
  exec "$electron_binary" .
fi

echo "token-wallet: no Electron binary installed (offline install); starting the agent and the dashboard in your browser instead"
# The real wallet home, as the CLI's: the keychain where one answers, else the encrypted file
# (the dashboard asks for its passphrase once), so accounts survive and the CLI shares this agent.
exec node bin/token-wallet.js dashboard "$@"
