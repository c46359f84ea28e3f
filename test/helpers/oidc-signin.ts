import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright';
import { clickAndType } from './dashboard-page';

/**
 * A recording xdg-open for browser sign-ins: the wallet hands it only the path of its opener file;
 * the test reads the link from that file and lets Chromium (Playwright) sign in like a person.
 */
export interface RecordingOpener {
  env: Record<string, string>;
  /** How many times the browser was opened. */
  count(): number;
  /** The n-th opened link (0-based), waiting for it; and the argv the opener got. */
  link(index: number): Promise<{ link: string; argv: string }>;
}

export function recordingOpener(): RecordingOpener {
  const binDir = mkdtempSync(path.join(os.tmpdir(), 'tw-opener-'));
  const log = path.join(binDir, 'opened');
  writeFileSync(path.join(binDir, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\n`);
  chmodSync(path.join(binDir, 'xdg-open'), 0o755);
  const lines = (): string[] =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .filter((entry) => entry !== '')
      : [];
  return {
    env: { PATH: `${binDir}:${process.env.PATH ?? ''}`, DISPLAY: ':99', TOKEN_WALLET_SIGNIN_TIMEOUT_MS: '30000' },
    count: () => lines().length,
    link: async (index) => {
      for (let i = 0; i < 300; i += 1) {
        const argv = lines()[index];
        if (argv !== undefined) {
          const link = /url=([^"]+)"/.exec(readFileSync(argv, 'utf8'))?.[1]?.replace(/&amp;/g, '&');
          if (link === undefined) throw new Error('the opener file holds no link');
          return { link, argv };
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the browser was never opened');
    },
  };
}

/** Types into oidc-provider's own login and consent pages. */
export async function signInAtProvider(
  browser: Browser,
  link: string,
  login = 'alice',
  password = 's3cret-Pa55',
): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.goto(link);
    await clickAndType(page, page.locator('input[name="login"]'), login);
    await clickAndType(page, page.locator('input[name="password"]'), password);
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('you can close this tab').waitFor({ timeout: 10_000 });
  } finally {
    await page.close();
  }
}
