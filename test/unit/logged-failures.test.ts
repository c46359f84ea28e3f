import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { silentLogger, useLogger, type Logger } from '../../app/log/current';
import { MemorySecretStore } from '../../app/secrets/secret-store';
import { Wallet } from '../../app/wallet';
import { scriptedHttp } from '../helpers/scripted-http';

/** A logger that keeps what it is given, for assertions. */
function capture(): Logger & { records: Array<{ level: string; fields: Record<string, unknown>; message: string }> } {
  const records: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
  const keep = (level: string) => (fields: Record<string, unknown>, message: string) =>
    void records.push({ level, fields, message });
  return {
    records,
    debug: keep('debug'),
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    flush: () => undefined,
  };
}

test('a failed logout before a credentials test is a logged warning (account, cause), not silence', async () => {
  const logger = capture();
  useLogger(logger);
  try {
    // Veeam VAO: one session per account, so `test` logs out first; here the logout fails.
    const http = scriptedHttp((request) => {
      if (request.url.pathname.endsWith('/Logout')) return { status: 503, body: 'maintenance' };
      return {
        status: 200,
        body: { access_token: 'vao-access-1', refresh_token: 'vao-refresh-1', token_type: 'bearer', expires_in: 900 },
      };
    });
    const wallet = new Wallet({
      home: mkdtempSync(path.join(os.tmpdir(), 'tw-log-')),
      secrets: new MemorySecretStore(),
      http: http.transport,
    });
    await wallet.add(
      { name: 'vao', provider: 'veeam-vao', url: 'https://vao.example:9899', username: 'CORP\\alice' },
      'pw-1',
      { verify: false },
    );
    await wallet.freshToken('vao');
    await wallet.test('vao');
    const warning = logger.records.find((record) => record.level === 'warn');
    assert.ok(warning !== undefined, 'a warning was logged');
    assert.equal(warning.fields.account, 'vao');
    assert.ok(warning.fields.cause instanceof Error);
    assert.match(warning.message, /logout before a credentials test failed/);
  } finally {
    useLogger(silentLogger);
  }
});
