import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Wrappers named like the real tools that append their argv (NUL-separated, one record per line)
 * to a file and then exec the real binary, so the real tool does the request.
 */
export function argvWrappers(tools: Record<string, string>): { dir: string; records(): string[][] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tw-argv-'));
  const log = path.join(dir, 'argv.log');
  writeFileSync(log, '');
  for (const [name, real] of Object.entries(tools)) {
    const script = path.join(dir, name);
    // printf is a shell builtin: recording starts no process of its own.
    writeFileSync(
      script,
      `#!/bin/sh\n{ printf '%s\\0' ${JSON.stringify(name)} "$@"; printf '\\n'; } >> ${JSON.stringify(log)}\nexec ` +
        `${JSON.stringify(real)} "$@"\n`,
    );
    chmodSync(script, 0o755);
  }
  return {
    dir,
    records: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split('\0').filter((arg) => arg !== '')),
  };
}

/** Every process's argv, as /proc shows it to any local user. */
export function allCommandLines(): Array<{ pid: string; argv: string }> {
  const found: Array<{ pid: string; argv: string }> = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      found.push({ pid, argv: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // Gone since the listing.
    }
  }
  return found;
}

/**
 * Scans /proc/*\/cmdline every few milliseconds while tests run, for any of the secrets `secrets()`
 * names (the tokens a fake issued so far). `stop()` returns what it found, with how many scans ran.
 */
export function startArgvScanner(
  secrets: () => string[],
  intervalMs = 15,
): { stop(): { scans: number; hits: string[] } } {
  let scans = 0;
  const hits: string[] = [];
  const timer = setInterval(() => {
    const wanted = secrets().filter((secret) => secret.length >= 8);
    if (wanted.length === 0) return;
    scans += 1;
    for (const { pid, argv } of allCommandLines()) {
      for (const secret of wanted) {
        if (argv.includes(secret)) hits.push(`pid ${pid}: ${argv.slice(0, 200)}`);
      }
    }
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { scans, hits };
    },
  };
}
