import assert from 'node:assert/strict';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connectAgent } from '../../app/agent/agent-client';
import { startFake } from '../fakes/index';
import { testTls } from '../fakes/fake-server';
import { startAgent, type AgentProcess } from '../helpers/agent-process';
import { runCli, tempWalletHome, addVyopta } from '../helpers/cli-runner';

/**
 * Changing where (or how) a stored password is sent needs the password again in the same call:
 * otherwise anyone who can call the API could point an account at their own server and collect it.
 */
const secret = 's3cret-Pa55';

interface Capture {
  url: string;
  seen: string[];
  close(): Promise<void>;
}

/** Records every request (line, headers, body) that reaches it; it must never see the stored password. */
async function startCapture(): Promise<Capture> {
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
    request.on('end', () => {
      seen.push(`${request.method} ${request.url} ${JSON.stringify(request.headers)} ${body}`);
      response.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"no"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The password in every form a request could carry it: plain, Basic-encoded, form-encoded. */
function leaks(capture: Capture, password: string): string[] {
  const forms = [password, Buffer.from(`alice:${password}`).toString('base64'), encodeURIComponent(password)];
  return capture.seen.filter((request) => forms.some((form) => request.includes(form)));
}

describe('a changed destination needs the password again', () => {
  const home = tempWalletHome('tw-dest-');
  const caFile = path.join(home, 'other-ca.pem');
  let vss: Awaited<ReturnType<typeof startFake<'vss'>>>;
  let vyopta: Awaited<ReturnType<typeof startFake<'vyopta'>>>;
  let capture: Capture;
  let agent: AgentProcess | undefined;

  before(async () => {
    writeFileSync(caFile, testTls().otherCa);
    [vss, vyopta, capture] = await Promise.all([startFake('vss'), startFake('vyopta'), startCapture()]);
    for (const args of [
      ['add', 'v', '--provider', 'vss', '--url', vss.url, '--username', 'alice'],
      addVyopta('vy', vyopta.tokenUrl),
      [
        'add',
        'cc',
        '--provider',
        'oauth2',
        '--url',
        vss.url,
        '--token-url',
        vyopta.tokenUrl,
        '--client-id',
        'svc',
        '--grant',
        'client_credentials',
        '--no-verify',
      ],
    ]) {
      const added = await runCli([...args, '--password-stdin'], { home, input: `${secret}\n` });
      assert.equal(added.code, 0, added.stderr);
    }
  });
  after(async () => {
    await agent?.stop();
    await Promise.all([vss.close(), vyopta.close(), capture.close()]);
  });

  const changes = (): Array<[string, string[]]> => [
    ['v', ['--url', capture.url]],
    ['vy', ['--token-url', `${capture.url}/token`]],
    ['cc', ['--token-url', `${capture.url}/token`]],
    ['v', ['--ca-file', caFile]],
    ['v', ['--allow-http']],
    ['v', ['--provider', 'sensu']],
  ];

  test('the CLI refuses a new URL, token URL, CA file, --allow-http or provider without the password', async () => {
    const config = async () => (await runCli(['list', '--json'], { home })).stdout;
    const before = await config();
    for (const [name, args] of changes()) {
      const result = await runCli(['edit', name, ...args], { home });
      assert.equal(result.code, 2, `edit ${name} ${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /password/);
      assert.match(result.stderr, /--password/);
    }
    assert.equal(await config(), before, 'nothing changed');
    for (const name of ['v', 'vy', 'cc']) await runCli(['renew', name], { home });
    assert.deepEqual(capture.seen, [], 'the capture server saw nothing');
  });

  test('through the agent socket too, for every field that moves the password', async () => {
    agent = await startAgent(home);
    const connection = await connectAgent(home);
    assert.ok(connection);
    try {
      const attempts = [
        ['v', { url: capture.url }],
        ['vy', { options: { tokenUrl: `${capture.url}/token` } }],
        ['cc', { options: { tokenUrl: `${capture.url}/token`, clientId: 'svc', grant: 'client_credentials' } }],
        ['v', { caFile }],
        ['v', { allowHttp: true }],
      ] as const;
      for (const [name, change] of attempts) {
        await assert.rejects(
          connection.api.update(name, change),
          (error: Error) => /password|client secret/.test(error.message),
          `update ${name} ${JSON.stringify(change)}`,
        );
      }
      for (const name of ['v', 'vy', 'cc']) await connection.api.renew(name).catch(() => undefined);
    } finally {
      await connection.close();
    }
    assert.deepEqual(capture.seen, [], 'the capture server saw nothing');
  });

  test('with the password in the same call the change is made, and only the new password travels', async () => {
    const edit = await runCli(['edit', 'v', '--url', capture.url, '--password-stdin'], { home, input: 'a-new-one\n' });
    assert.equal(edit.code, 0, edit.stderr);
    await runCli(['renew', 'v'], { home });
    assert.ok(capture.seen.length > 0, 'the renewal went to the new server');
    assert.deepEqual(leaks(capture, secret), [], 'never the old password');
    assert.ok(leaks(capture, 'a-new-one').length > 0);
  });
});
