import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkPrivateDirectory } from '../agent/agent-socket';
import { oneTimeLinkMs } from './dashboard-auth';

/**
 * Opens a dashboard link without putting it on a command line (any local user reads
 * /proc/<pid>/cmdline): the link goes into a 0600 file in a 0700 directory of the wallet home, and
 * the browser is given only that file's path. The file redirects to the link, which works once.
 */
export function writeOpenerFile(home: string, link: string, now = Date.now()): string {
  const dir = path.join(home, 'open');
  if (!checkPrivateDirectory(dir, 'dashboard link directory')) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    checkPrivateDirectory(dir, 'dashboard link directory');
  }
  // Links expire: so may the files that held them.
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    try {
      if (now - statSync(file).mtimeMs > oneTimeLinkMs) rmSync(file, { force: true });
    } catch {
      // Removed meanwhile.
    }
  }
  const file = path.join(dir, `dashboard-${randomBytes(8).toString('hex')}.html`);
  const escaped = link.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const page =
    `<!doctype html>\n<html><head><meta charset="utf-8"><meta name="referrer" ` +
    `content="no-referrer"><meta http-equiv="refresh" content="0;url=${escaped}"><title>Token ` +
    `Wallet</title></head><body></body></html>\n`;
  writeFileSync(file, page, { mode: 0o600, flag: 'wx' });
  return file;
}

/** The platform's opener with the file's path; failures are silent (the user can run --no-open). */
export function openInBrowser(home: string, link: string): void {
  const file = writeOpenerFile(home, link);
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [file], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}
