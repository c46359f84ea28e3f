import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { startAgent } from '../helpers/agent-process';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import {
  addAccount,
  addVssAccount,
  controlCharacter,
  json,
  startHostileServer,
  type HostileServer,
} from './hostile-server';

/**
 * Attacker pass 2: the built-in recipes (VSS, Sensu) facing a server that lies about lifetimes and hands out
 * refresh tokens no header or terminal could carry. Headless (an encrypted file, no keychain) to stay fast.
 */
const scratch = mkdtempSync(path.join(os.tmpdir(), 'tw-sec2-hostile-'));
const passFile = path.join(scratch, 'pass');
writeFileSync(passFile, 'home passphrase\n', { mode: 0o600 });
const env = {
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
  DISPLAY: '',
  TOKEN_WALLET_PASSPHRASE_FILE: passFile,
  TOKEN_WALLET_TIMEOUT_MS: '1500',
};
const tenYearsMs = 10 * 365 * 86_400_000;
const servers: HostileServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

async function vssAnswering(answer: (count: number) => unknown): Promise<{ server: HostileServer; home: string }> {
  let count = 0;
  const server = await startHostileServer((_request, response) => json(response, 200, answer((count += 1))));
  servers.push(server);
  const home = tempWalletHome('tw-sec2-hostile-');
  const added = await addVssAccount(home, 'v', server.url, 'pw', env);
  assert.equal(added.code, 0, added.stderr);
  return { server, home };
}

function assertOneCleanLine(stderr: string, pattern: RegExp): void {
  assert.match(stderr, pattern);
  assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
  assert.doesNotMatch(stderr.trimEnd(), controlCharacter);
}

describe('a hostile token server', () => {
  test('tokens that live 1 ms do not make the agent log in again and again', async () => {
    const { server, home } = await vssAnswering((count) => ({ token: `tok-${count}`, duration: 0.001 }));
    const agent = await startAgent(home, env);
    try {
      const start = server.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 4000));
      const logins = server.requests.length - start;
      // Backing off as after failures (about 1 s, 2 s, 4 s …): a handful, where it was hundreds a second.
      assert.ok(logins <= 6, `${logins} logins in 4 s`);
      // A token that is gone before it could be used is not handed out; the error says why, in one line.
      const token = await runCli(['token', 'v'], { home, env });
      assert.notEqual(token.code, 0);
      assertOneCleanLine(token.stderr, /valid for under a second; refused/);
      assert.equal(agent.child.exitCode, null, 'the agent is still up');
    } finally {
      await agent.stop();
    }
  });

  test('an OAuth2 token that lives 1 ms is refused, not handed out dead by the agent', async () => {
    const server = await startHostileServer((_request, response) =>
      json(response, 200, { access_token: 'at-dead', token_type: 'Bearer', expires_in: 0.001 }),
    );
    servers.push(server);
    const home = tempWalletHome('tw-sec2-oauth-');
    const args = ['--provider', 'oauth2', '--url', server.url, '--token-url', `${server.url}/token`];
    const added = await addAccount(home, 'o', [...args, '--client-id', 'c', '--username', 'alice'], 'pw', env);
    assert.equal(added.code, 0, added.stderr);
    const agent = await startAgent(home, env);
    try {
      const token = await runCli(['token', 'o'], { home, env });
      assert.notEqual(token.code, 0, `handed out ${token.stdout.trim()}`);
      assertOneCleanLine(token.stderr, /valid for under a second; refused/);
    } finally {
      await agent.stop();
    }
  });

  for (const [label, duration] of [
    ['31,000 years', 1e12],
    ['a numeric string of 3,000 years', '1e11'],
  ] as const) {
    test(`a recipe lifetime of ${label} is capped at ten years`, async () => {
      const { home } = await vssAnswering(() => ({ token: 'tok-long', duration }));
      const token = await runCli(['token', 'v'], { home, env });
      assert.equal(token.code, 0, token.stderr);
      const shown = await runCli(['show', 'v', '--json'], { home, env });
      assert.equal(shown.code, 0, shown.stderr);
      const { expiresAt } = JSON.parse(shown.stdout) as { expiresAt: string | number };
      const at = typeof expiresAt === 'number' ? expiresAt : Date.parse(expiresAt);
      assert.ok(Number.isFinite(at) && at <= Date.now() + tenYearsMs + 60_000, `expires ${String(expiresAt)}`);
    });
  }

  for (const [label, refreshToken] of [
    ['a terminal escape', 'rt-\u001b]0;pwned\u0007-x'],
    ['a line break', 'rt-1\r\nX-Injected: yes'],
    ['a megabyte', 'r'.repeat(1024 * 1024)],
  ] as const) {
    test(`a refresh token with ${label} is refused, not stored`, async () => {
      const server = await startHostileServer((_request, response) =>
        json(response, 200, {
          access_token: 'at-1',
          expires_at: Math.floor(Date.now() / 1000) + 900,
          refresh_token: refreshToken,
        }),
      );
      servers.push(server);
      const home = tempWalletHome('tw-sec2-sensu-');
      const args = ['--provider', 'sensu', '--url', server.url, '--username', 'alice'];
      assert.equal((await addAccount(home, 's', args, 'pw', env)).code, 0);
      const token = await runCli(['token', 's'], { home, env });
      assert.notEqual(token.code, 0, 'the answer must be refused');
      assertOneCleanLine(token.stderr, /refresh_token.*refused/);
    });
  }

  test('holds: a redirect to another host is not followed; odd token fields, slow bodies: one line', async () => {
    const elsewhere = await startHostileServer((_request, response) =>
      json(response, 200, { token: 'x', duration: 60 }),
    );
    servers.push(elsewhere);
    let mode = 0;
    const server = await startHostileServer((_request, response) => {
      if (mode === 0) return void response.writeHead(307, { Location: `${elsewhere.url}/auth/request-token` }).end();
      if (mode === 1) return json(response, 200, { token: { nested: 'x' }, duration: 60 });
      if (mode === 2) return json(response, 200, { token: ['x'], duration: -5 });
      if (mode === 3) return json(response, 200, { error: 'nope\u001b[2J', message: 'ok' });
      response.writeHead(200, { 'Content-Type': 'application/json' }).write('{"token":"');
      const drip = setInterval(() => response.write('a'), 200);
      response.on('close', () => clearInterval(drip));
    });
    servers.push(server);
    const home = tempWalletHome('tw-sec2-odd-');
    const args = ['--provider', 'vss', '--url', server.url, '--username', 'alice'];
    assert.equal((await addAccount(home, 'v', args, 'pw', env)).code, 0);
    for (const [which, pattern] of [
      [0, /HTTP 307/],
      [1, /without "token"|not printable/],
      [2, /without "token"|not printable/],
      [3, /without "token"/],
      [4, /no answer within/],
    ] as const) {
      mode = which;
      const token = await runCli(['token', 'v'], { home, env });
      assert.notEqual(token.code, 0);
      assertOneCleanLine(token.stderr, pattern);
    }
    assert.equal(elsewhere.requests.length, 0, 'the other host saw nothing');
  });
});
