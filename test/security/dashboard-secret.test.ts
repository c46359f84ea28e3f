import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright';
import { launchChromium } from '../helpers/browser';
import { cliPath, tempWalletHome } from '../helpers/cli-runner';
import { startAgent } from '../helpers/agent-process';
import { startDashboard } from '../helpers/dashboard-process';
import { runCliWithin } from './timed-cli';

/**
 * Finding 1 (and the dashboard items of the usability issue): the dashboard secret is never on a
 * command line or in an environment of a process we start; the browser trades it for an HttpOnly,
 * SameSite=Strict cookie; page scripts never hold it; a second `dashboard` opens the running one;
 * a busy --port fails in one line; a page without the secret says how to get a link.
 */
const scratch = tempWalletHome('tw-sec-dash-');
const binDir = path.join(scratch, 'bin');
const openerLog = path.join(scratch, 'opener.log');

/** A fake xdg-open: records its argv, its /proc cmdline and environ, and the file it was given. */
function installFakeOpener(): void {
  mkdirSync(binDir, { recursive: true });
  const script = [
    '#!/bin/sh',
    `log=${JSON.stringify(openerLog)}`,
    '{ echo "--- opener"; printf "ARGV:%s\\n" "$*"; printf "CMDLINE:"; tr "\\000" " " < /proc/$$/cmdline; echo; ' +
      'printf "ENVIRON:"; tr "\\000" " " < /proc/$$/environ; echo;',
    '  for a in "$@"; do if [ -f "$a" ]; then printf "FILE:%s\\n" "$a"; printf "MODE:%s\\n" "$(stat -c %a "$a") ' +
      '$(stat -c %a "$(dirname "$a")")"; printf "CONTENT:"; tr "\\n" " " < "$a"; echo; fi; done; echo "END"; } >> ' +
      '"$log"',
  ].join('\n');
  writeFileSync(path.join(binDir, 'xdg-open'), `${script}\n`);
  chmodSync(path.join(binDir, 'xdg-open'), 0o755);
}

const openerEnv = (): Record<string, string> => ({
  PATH: `${binDir}:${process.env.PATH ?? ''}`,
  BROWSER: path.join(binDir, 'xdg-open'),
});

async function waitFor<T>(what: string, probe: () => T | undefined, limitMs = 10_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The opener runs that the log holds, parsed. */
function openerRuns(): Array<{
  argv: string;
  cmdline: string;
  environ: string;
  file?: string;
  mode?: string;
  content?: string;
}> {
  if (!existsSync(openerLog)) return [];
  return (
    readFileSync(openerLog, 'utf8')
      .split('--- opener\n')
      // Only complete records: the script appends in several writes.
      .filter((chunk) => /^END$/m.test(chunk))
      .map((chunk) => {
        const field = (name: string): string | undefined => new RegExp(`^${name}:(.*)$`, 'm').exec(chunk)?.[1];
        return {
          argv: field('ARGV') ?? '',
          cmdline: field('CMDLINE') ?? '',
          environ: field('ENVIRON') ?? '',
          file: field('FILE'),
          mode: field('MODE'),
          content: field('CONTENT'),
        };
      })
  );
}

function procText(pid: number, what: 'cmdline' | 'environ'): string {
  return readFileSync(`/proc/${pid}/${what}`, 'utf8').replace(/\0/g, ' ');
}

/** Starts `token-wallet dashboard` (opening a browser through the fake opener) and waits for its first opener run. */
function startOpeningDashboard(home: string, extraArgs: string[] = []) {
  const child = spawn(process.execPath, [cliPath, 'dashboard', ...extraArgs], {
    env: { ...process.env, TOKEN_WALLET_HOME: home, ...openerEnv() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, output: () => output, stop: async () => (child.exitCode === null && child.kill('SIGTERM'), exited) };
}

describe('the dashboard secret stays out of command lines, history and page scripts', () => {
  const home = tempWalletHome('tw-sec-dash-home-');
  let browser: Browser;
  let dashboard: ReturnType<typeof startOpeningDashboard>;
  let secret = '';
  let origin = '';

  before(async () => {
    installFakeOpener();
    browser = await launchChromium();
    dashboard = startOpeningDashboard(home);
  });
  after(async () => {
    await browser?.close();
    assert.equal(await dashboard.stop(), 0);
  });

  test('the opener gets only a path to an owner-only file; no argv or environment holds the secret', async () => {
    const run = await waitFor('the opener to run', () => openerRuns()[0]);
    // Whatever the opener got, the secret is whatever grants access: take it from what it pointed at.
    const granted = /[?#&]s=([A-Za-z0-9_-]{20,})/.exec(`${run.argv} ${run.content ?? ''}`);
    assert.ok(granted !== null, `the opener was pointed at the dashboard: ${run.argv}`);
    secret = granted[1] ?? '';
    assert.ok(!run.argv.includes(secret), `the secret is in the opener's argv: ${run.argv}`);
    assert.ok(!run.cmdline.includes(secret), 'the secret is in /proc/<opener>/cmdline');
    assert.ok(!run.environ.includes(secret), 'the secret is in /proc/<opener>/environ');
    assert.ok(!procText(dashboard.child.pid ?? 0, 'cmdline').includes(secret), 'not in the dashboard process cmdline');
    assert.ok(!procText(dashboard.child.pid ?? 0, 'environ').includes(secret), 'not in the dashboard process environ');
    assert.ok(run.file !== undefined, 'the opener got a file');
    assert.equal(run.mode, '600 700', 'the file is 0600 in a 0700 directory');
    origin = new URL(/(http:\/\/127\.0\.0\.1:\d+)/.exec(run.content ?? '')?.[1] ?? 'http://invalid').origin;
  });

  test('the browser trades the secret for an HttpOnly SameSite=Strict cookie; page scripts never hold it', async () => {
    const run = openerRuns()[0];
    assert.ok(run?.file !== undefined && secret !== '');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`file://${run.file}`);
    await page.getByTestId('empty').waitFor({ timeout: 15_000 });
    assert.equal(new URL(page.url()).origin, origin);
    assert.ok(!page.url().includes(secret), `the address bar still holds the secret: ${page.url()}`);
    const cookies = await context.cookies(origin);
    assert.equal(cookies.length, 1, JSON.stringify(cookies));
    const [cookie] = cookies;
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.sameSite, 'Strict');
    assert.ok(cookie?.value !== secret, 'the cookie is a session of its own, not the link secret');
    const visible = await page.evaluate(() =>
      [
        document.cookie,
        location.href,
        document.documentElement.outerHTML,
        JSON.stringify({ ...sessionStorage }),
        JSON.stringify({ ...localStorage }),
        String(history.length),
      ].join('\n'),
    );
    assert.ok(!visible.includes(secret), 'a page script can read the link secret');
    assert.ok(!visible.includes(cookie?.value ?? '-'), 'a page script can read the session cookie');
    await context.close();
  });

  test('the dashboard URL without a session says how to get a valid link (not an empty wallet)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${origin}/`);
    assert.equal(response?.status(), 401);
    assert.match(await page.locator('body').innerText(), /token-wallet dashboard/);
    assert.equal(await page.getByTestId('empty').count(), 0);
    // A stale link (a secret of an earlier run) gets the same page.
    await page.goto(`${origin}/login?s=${'x'.repeat(43)}`);
    assert.match(await page.locator('body').innerText(), /no longer valid|token-wallet dashboard/);
    await context.close();
  });

  test('a second `dashboard` opens the running one (exit 0), with a fresh link of its own', async () => {
    const before = openerRuns().length;
    const second = await runCliWithin(['dashboard'], home, 10_000, openerEnv());
    assert.equal(second.hung, false, 'the second dashboard returns');
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /already running/);
    const run = await waitFor('the second opener run', () => openerRuns()[before]);
    assert.match(run.content ?? '', new RegExp(origin.replace(/[.:/]/g, '\\$&')));
    const printed = await runCliWithin(['dashboard', '--no-open'], home, 10_000, openerEnv());
    assert.equal(printed.code, 0, printed.stderr);
    const link = printed.stdout.trim();
    assert.equal(new URL(link).origin, origin, 'the printed link is the running dashboard');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link);
    await page.getByTestId('empty').waitFor({ timeout: 15_000 });
    await context.close();
  });
});

describe('dashboard start-up edge cases', () => {
  test('with an agent running, `dashboard --no-open` prints a working link served by the agent', async () => {
    const home = tempWalletHome('tw-sec-dash-agent-');
    const agent = await startAgent(home);
    const browser = await launchChromium();
    try {
      const result = await runCliWithin(['dashboard', '--no-open'], home, 10_000);
      assert.equal(result.code, 0, result.stderr);
      const page = await browser.newPage();
      await page.goto(result.stdout.trim());
      await page.getByTestId('empty').waitFor({ timeout: 15_000 });
    } finally {
      await browser.close();
      await agent.stop();
    }
  });

  test('a busy --port: one line, exit 2, and no process or socket left behind', async () => {
    const home = tempWalletHome('tw-sec-dash-port-');
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCliWithin(['dashboard', '--port', String(port), '--no-open'], home, 10_000);
      assert.equal(result.hung, false, 'the process must exit, not linger');
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, `one line: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`port ${port}`));
      assert.equal(existsSync(path.join(home, 'agent.sock')), false, 'no agent socket left');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('the printed --no-open link still works for a person in a fresh browser', async () => {
    const home = tempWalletHome('tw-sec-dash-print-');
    const dashboard = await startDashboard(home);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(dashboard.openUrl);
      await page.getByTestId('empty').waitFor({ timeout: 15_000 });
      assert.equal(new URL(page.url()).search + new URL(page.url()).hash, '', 'nothing left in the address bar');
      const unauthenticated = await new Promise<number>((resolve) =>
        http.get(`${dashboard.origin}/`, (response) => resolve(response.statusCode ?? 0)),
      );
      assert.equal(unauthenticated, 401, 'without the cookie the app is not served');
    } finally {
      await browser.close();
      await dashboard.stop();
    }
  });
});
