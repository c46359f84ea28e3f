import os from 'node:os';
import path from 'node:path';

/** Electron's userData folder is named after productName; the CLI uses the same folder so both share one wallet. */
export const productName = 'Token Wallet';

/** The wallet home: TOKEN_WALLET_HOME, else the Electron app's userData directory for this platform. */
export function defaultWalletHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const explicit = env.TOKEN_WALLET_HOME;
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  const home = env.HOME ?? os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', productName);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), productName);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), productName);
}
