import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { addAccount, controlCharacter, json, startHostileServer, type HostileServer } from './hostile-server';

/**
 * Finding 7: a hostile server's text must not reach the terminal raw (ESC sequences can rewrite
 * the screen, set the title, or hide a line), and a token that is not printable ASCII is refused.
 */
describe('server text reaches the terminal without control characters', () => {
  const home = tempWalletHome('tw-sec-text-');
  const evil = '\u001b[2J\u001b]0;pwned\u0007\u009b31mred\u001b[1A\r\u0000bell\u0007';
  let mode: 'reject' | 'token' | 'header' = 'reject';
  let server: HostileServer;

  before(async () => {
    server = await startHostileServer((request, response) => {
      if (mode === 'reject') return json(response, 401, { message: `bad password ${evil}` });
      if (mode === 'header') return json(response, 500, { error: `oops ${evil}`, message: `server\nsays ${evil}` });
      return json(response, 200, {
        access_token: `abc${evil}`,
        refresh_token: 'r1',
        expires_at: Math.floor(Date.now() / 1000) + 900,
      });
    });
    const added = await addAccount(home, 'sensu', ['--provider', 'sensu', '--url', server.url, '--username', 'alice']);
    assert.equal(added.code, 0, added.stderr);
  });
  after(() => server.close());

  test('an error message built from the body is printed without ESC/C0/C1 characters', async () => {
    mode = 'reject';
    const result = await runCli(['token', 'sensu'], { home });
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /bad password/);
    assert.doesNotMatch(result.stderr.trimEnd(), controlCharacter);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, 'one line');
  });

  test('a 5xx reason with newlines and escapes stays one clean line', async () => {
    mode = 'header';
    const result = await runCli(['renew', 'sensu'], { home });
    assert.equal(result.code, 5, result.stderr);
    assert.doesNotMatch(result.stderr.trimEnd(), controlCharacter);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, 'one line');
  });

  test('list and list --json show the stored last error without control characters', async () => {
    const listed = await runCli(['list'], { home });
    assert.doesNotMatch(listed.stdout.replace(/\n/g, ''), controlCharacter);
    const asJson = await runCli(['list', '--json'], { home });
    assert.doesNotMatch(
      asJson.stdout,
      /\\u001b|\\u0007|\\u009b|\\u0000/i,
      'no escaped control characters in the JSON either',
    );
  });

  test('a token that is not printable ASCII is refused, not printed', async () => {
    mode = 'token';
    const result = await runCli(['token', 'sensu'], { home });
    assert.equal(result.code, 5, `exit ${result.code}: ${result.stdout} ${result.stderr}`);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /token/);
    assert.doesNotMatch(result.stderr.trimEnd(), controlCharacter);
  });
});
