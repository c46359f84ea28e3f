import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFake, type Fake } from '../fakes/index';
import { testTls } from '../fakes/fake-server';
import { runCli, tempWalletHome, type CliResult } from '../helpers/cli-runner';

const password = 's3cret-Pa55';

/** Every failure is one line on stderr, naming what failed, with no stack trace and no secret. */
function assertOneLine(result: CliResult, code: number, pattern: RegExp, secrets: string[] = [password]): void {
  assert.equal(result.code, code, `exit ${result.code}, stderr: ${result.stderr}`);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line, got: ${result.stderr}`);
  assert.match(lines[0] ?? '', /^token-wallet: /);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  for (const secret of secrets)
    assert.ok(!result.stderr.includes(secret) && !result.stdout.includes(secret), 'no secret printed');
}

async function add(home: string, name: string, args: string[], secret = password): Promise<CliResult> {
  return runCli(['add', name, ...args, '--password-stdin'], { home, input: `${secret}\n` });
}

describe('usage errors exit 2 and lose nothing', () => {
  const home = tempWalletHome();
  before(async () => {
    const result = await add(home, 'keep', [
      '--provider',
      'vss',
      '--url',
      'https://127.0.0.1:1',
      '--username',
      'alice',
      '--no-verify',
    ]);
    assert.equal(result.code, 0, result.stderr);
  });

  const cases: Array<[string, string[], RegExp]> = [
    ['unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['unknown option', ['list', '--colour'], /unknown option "--colour" for list/],
    [
      'unknown provider',
      ['add', 'x', '--provider', 'nope', '--url', 'https://h', '--username', 'u', '--password-stdin'],
      /unknown provider "nope"/,
    ],
    [
      'malformed URL',
      ['add', 'x', '--provider', 'vss', '--url', 'https//h', '--username', 'u', '--password-stdin'],
      /malformed url/,
    ],
    [
      'non-http scheme',
      ['add', 'x', '--provider', 'vss', '--url', 'file:///etc/passwd', '--username', 'u', '--password-stdin'],
      /must start with https/,
    ],
    [
      'plain http to a remote host',
      ['add', 'x', '--provider', 'vss', '--url', 'http://vss.example', '--username', 'u', '--password-stdin'],
      /--allow-http/,
    ],
    [
      'duplicate name',
      ['add', 'keep', '--provider', 'vss', '--url', 'https://h', '--username', 'u', '--password-stdin'],
      /already exists/,
    ],
    [
      'invalid name',
      ['add', 'bad name!', '--provider', 'vss', '--url', 'https://h', '--username', 'u', '--password-stdin'],
      /invalid account name/,
    ],
    [
      'missing required option',
      ['add', 'x', '--provider', 'oauth2', '--url', 'https://h', '--username', 'u', '--password-stdin'],
      /needs --token-url/,
    ],
    ['missing provider', ['add', 'x', '--url', 'https://h', '--password-stdin'], /needs --provider/],
    ['unknown account', ['token', 'nobody'], /no account named "nobody"/],
    [
      'password on the command line',
      ['add', 'x', '--provider', 'vss', '--url', 'https://h', '--username', 'u', '--password', 'hunter2'],
      /never taken from the command line/,
    ],
    ['password= on the command line', ['edit', 'keep', '--password=hunter2'], /never taken from the command line/],
  ];
  for (const [title, args, pattern] of cases) {
    test(title, async () => {
      const result = await runCli(args, { home, input: `${password}\n` });
      assertOneLine(result, 2, pattern, [password, 'hunter2']);
      const listed = JSON.parse((await runCli(['list', '--json'], { home })).stdout) as Array<{ name: string }>;
      assert.deepEqual(
        listed.map((account) => account.name),
        ['keep'],
        'the wallet is unchanged',
      );
    });
  }

  test('an empty password on stdin is refused', async () => {
    const result = await runCli(
      ['add', 'x', '--provider', 'vss', '--url', 'https://h', '--username', 'u', '--password-stdin'],
      { home, input: '' },
    );
    assertOneLine(result, 2, /no password on standard input/);
  });

  test('without a terminal and without --password-stdin, add explains how to pass the password', async () => {
    const result = await runCli(['add', 'x', '--provider', 'vss', '--url', 'https://h', '--username', 'u'], { home });
    assertOneLine(result, 2, /--password-stdin/);
  });
});

describe('server failures map to exit codes 3, 4 and 5', () => {
  // These failures are about `token` and `renew`; `add` checks credentials itself (cli-add-verify.test.ts).
  const addUnchecked = (home: string, name: string, args: string[], secret = password): Promise<CliResult> =>
    add(home, name, [...args, '--no-verify'], secret);
  let vss: Fake;
  let ribbon: Fake;
  let sensu: Fake;
  let tlsVss: Fake;
  let closedPort: number;
  let blackhole: Server;
  let blackholePort: number;
  const home = tempWalletHome();

  before(async () => {
    vss = await startFake('vss');
    ribbon = await startFake('ribbon-sbc');
    sensu = await startFake('sensu');
    tlsVss = await startFake('vss', { tls: testTls() });
    // A port nobody listens on: bind, note the port, close.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    // A server that accepts connections and never answers.
    blackhole = createServer(() => undefined);
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
    blackholePort = (blackhole.address() as { port: number }).port;
  });
  after(async () => {
    await Promise.all([vss.close(), ribbon.close(), sensu.close(), tlsVss.close()]);
    blackhole.close();
  });

  test('wrong password: exit 3, naming account and server', async () => {
    assert.equal(
      (
        await addUnchecked(
          home,
          'wrong',
          ['--provider', 'vss', '--url', vss.url, '--username', 'alice'],
          'not-the-password',
        )
      ).code,
      0,
    );
    const result = await runCli(['token', 'wrong'], { home });
    assertOneLine(
      result,
      3,
      new RegExp(`account "wrong" \\(${vss.url.replace(/[.]/g, '\\.')}\\): invalid username and password`),
      ['not-the-password'],
    );
    const listed = JSON.parse((await runCli(['list', '--json'], { home })).stdout) as Array<{
      name: string;
      status: string;
    }>;
    assert.equal(listed.find((account) => account.name === 'wrong')?.status, 'attention');
  });

  test('a VSS user without API access: exit 3 with the documented reason', async () => {
    assert.equal(
      (await addUnchecked(home, 'bob', ['--provider', 'vss', '--url', vss.url, '--username', 'bob'], 'bob-pass')).code,
      0,
    );
    assertOneLine(await runCli(['token', 'bob'], { home }), 3, /user not authorized to access the API/, ['bob-pass']);
  });

  test('connection refused: exit 4', async () => {
    assert.equal(
      (
        await addUnchecked(home, 'refused', [
          '--provider',
          'vss',
          '--url',
          `http://127.0.0.1:${closedPort}`,
          '--username',
          'alice',
        ])
      ).code,
      0,
    );
    assertOneLine(await runCli(['token', 'refused'], { home }), 4, /connection refused/);
  });

  test('a server that never answers: exit 4 after the time-out', async () => {
    assert.equal(
      (
        await addUnchecked(home, 'slow', [
          '--provider',
          'vss',
          '--url',
          `http://127.0.0.1:${blackholePort}`,
          '--username',
          'alice',
        ])
      ).code,
      0,
    );
    const result = await runCli(['token', 'slow'], { home, env: { TOKEN_WALLET_TIMEOUT_MS: '500' } });
    assertOneLine(result, 4, /no answer within/);
  });

  test('a self-signed certificate: exit 4 without --ca-file, works with it', async () => {
    assert.equal(
      (await addUnchecked(home, 'tls', ['--provider', 'vss', '--url', tlsVss.url, '--username', 'alice'])).code,
      0,
    );
    assertOneLine(await runCli(['token', 'tls'], { home }), 4, /TLS certificate not trusted.*--ca-file/);
    const caFile = path.join(home, 'appliance-ca.pem');
    writeFileSync(caFile, testTls().ca);
    assert.equal(
      (
        await addUnchecked(home, 'tls-ca', [
          '--provider',
          'vss',
          '--url',
          tlsVss.url,
          '--username',
          'alice',
          '--ca-file',
          caFile,
        ])
      ).code,
      0,
    );
    const token = await runCli(['token', 'tls-ca'], { home });
    assert.equal(token.code, 0, token.stderr);
    assert.ok(tlsVss.isValid(token.stdout.trim()));
  });

  test('a CA that did not sign the certificate is still refused', async () => {
    const otherCa = path.join(home, 'other-ca.pem');
    writeFileSync(otherCa, testTls().otherCa);
    assert.equal(
      (
        await addUnchecked(home, 'tls-other', [
          '--provider',
          'vss',
          '--url',
          tlsVss.url,
          '--username',
          'alice',
          '--ca-file',
          otherCa,
        ])
      ).code,
      0,
    );
    assertOneLine(await runCli(['token', 'tls-other'], { home }), 4, /TLS certificate not trusted/);
  });

  test('an HTML page instead of JSON: exit 5', async () => {
    assert.equal(
      (await addUnchecked(home, 'html', ['--provider', 'sensu', '--url', sensu.url, '--username', 'alice'])).code,
      0,
    );
    sensu.knobs.bodyOverride = { contentType: 'text/html', body: '<!doctype html><html><body>Sign in</body></html>' };
    try {
      assertOneLine(await runCli(['token', 'html'], { home }), 5, /HTML page instead of JSON/);
    } finally {
      delete sensu.knobs.bodyOverride;
    }
  });

  test('JSON without the token: exit 5', async () => {
    sensu.knobs.bodyOverride = { contentType: 'application/json', body: '{"expires_at": 1}' };
    try {
      assertOneLine(await runCli(['token', 'html'], { home }), 5, /without "access_token"/);
    } finally {
      delete sensu.knobs.bodyOverride;
    }
  });

  test('XML with a DOCTYPE: exit 5', async () => {
    assert.equal(
      (await addUnchecked(home, 'xml', ['--provider', 'ribbon-sbc', '--url', ribbon.url, '--username', 'alice'])).code,
      0,
    );
    ribbon.knobs.bodyOverride = {
      contentType: 'application/xml',
      body:
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM ' +
        '"file:///etc/passwd">]><response><data><accessToken>&x;</accessToken></data></response>',
    };
    try {
      assertOneLine(await runCli(['token', 'xml'], { home }), 5, /DOCTYPE/);
    } finally {
      delete ribbon.knobs.bodyOverride;
    }
  });

  test('an answer over the size cap: exit 5', async () => {
    sensu.knobs.bodyOverride = { contentType: 'application/json', body: Buffer.alloc(6 * 1024 * 1024, 0x20) };
    try {
      assertOneLine(await runCli(['token', 'html'], { home }), 5, /larger than 4 MiB/);
    } finally {
      delete sensu.knobs.bodyOverride;
    }
  });

  test('an unsupported SBC API version: exit 5 naming the version', async () => {
    assert.equal(
      (
        await addUnchecked(home, 'sbc-v9', [
          '--provider',
          'ribbon-sbc',
          '--url',
          ribbon.url,
          '--username',
          'alice',
          '--api-version',
          'v9.9',
        ])
      ).code,
      0,
    );
    assertOneLine(await runCli(['token', 'sbc-v9'], { home }), 5, /does not support REST API version v9\.9/);
  });

  test('server errors: exit 5, and the token that is still valid is kept', async () => {
    assert.equal(
      (await addUnchecked(home, 'flaky', ['--provider', 'sensu', '--url', sensu.url, '--username', 'alice'])).code,
      0,
    );
    const first = (await runCli(['token', 'flaky'], { home })).stdout.trim();
    sensu.knobs.failNext = [
      { status: 500, body: '{"message":"boom"}' },
      { status: 500, body: '{"message":"boom"}' },
    ];
    assertOneLine(await runCli(['renew', 'flaky'], { home }), 5, /server error \(HTTP 500/, [first]);
    const again = await runCli(['token', 'flaky'], { home });
    assert.equal(again.stdout.trim(), first, 'the still-valid token is served');
    sensu.knobs.failNext = [];
  });

  test('rate limited by VSS: exit 5 with the time to retry', async () => {
    assert.equal(
      (await addUnchecked(home, 'limited', ['--provider', 'vss', '--url', vss.url, '--username', 'alice'])).code,
      0,
    );
    let last: CliResult | undefined;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      last = await runCli(['renew', 'limited'], { home });
      if (last.code !== 0) break;
    }
    assert.ok(last);
    assertOneLine(last, 5, /rate limited/);
  });

  test('a corrupt config is named, exit 1, and left untouched', async () => {
    const corruptHome = tempWalletHome();
    const file = path.join(corruptHome, 'config.json');
    writeFileSync(file, '{"version":1,"walletId":"x","accounts":[');
    assertOneLine(
      await runCli(['list'], { home: corruptHome }),
      1,
      new RegExp(`${file.replace(/[.]/g, '\\.')} is not valid JSON`),
    );
    assertOneLine(
      await add(corruptHome, 'x', ['--provider', 'vss', '--url', vss.url, '--username', 'alice']),
      1,
      /not valid JSON/,
    );
    assert.equal(readFileSync(file, 'utf8'), '{"version":1,"walletId":"x","accounts":[');
  });
});
