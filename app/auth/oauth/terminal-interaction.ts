import { openInBrowser } from '../../dashboard/dashboard-opener';
import { stripControls } from '../../errors';
import type { SignInInteraction } from '../../providers/provider';

/**
 * The person at this terminal: lines on stderr, and the system browser opened like the dashboard's
 * (the link in a 0600 file, never in argv). No display on Linux: no browser to open.
 */
export function terminalInteraction(
  home: string,
  stderr: NodeJS.WritableStream,
  env: NodeJS.ProcessEnv,
): SignInInteraction {
  const timeoutMs = Number(env.TOKEN_WALLET_SIGNIN_TIMEOUT_MS);
  return {
    say: (text) => {
      stderr.write(`${stripControls(text)}\n`);
    },
    openBrowser: (url) => {
      if (env.TOKEN_WALLET_NO_BROWSER === '1') return false;
      if (
        process.platform === 'linux' &&
        env.DISPLAY === undefined &&
        env.WAYLAND_DISPLAY === undefined &&
        env.BROWSER === undefined
      )
        return false;
      openInBrowser(home, url);
      return true;
    },
    ...(Number.isFinite(timeoutMs) && timeoutMs > 0 ? { timeoutMs } : {}),
  };
}
