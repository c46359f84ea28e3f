import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { recordingOpener } from '../helpers/oidc-signin';
import { runCli, tempWalletHome } from '../helpers/cli-runner';
import { answerDeviceDiscovery, json, startHostileServer, type HostileServer } from './hostile-server';

/**
 * Attacker pass: in a device-code sign-in the wallet shows the server's verification_uri and opens
 * it in the user's browser. A hostile server named file:///etc/passwd, javascript: or any other
 * scheme and the wallet opened it (a browser hands unknown schemes to their desktop handlers).
 * Only a web URL may be shown or opened, and https unless the issuer itself is plain http.
 */
describe("a device sign-in's verification_uri must be a web URL", () => {
  let uris: { verification_uri: string; verification_uri_complete?: string } = { verification_uri: '' };
  let server: HostileServer;
  before(async () => {
    server = await startHostileServer((request, response, _body, origin) => {
      if (answerDeviceDiscovery(request, response, origin)) return;
      if (request.url === '/device')
        return json(response, 200, { device_code: 'dc', user_code: 'ABCD-EFGH', expires_in: 60, interval: 1, ...uris });
      return json(response, 200, { access_token: 'at-1', token_type: 'Bearer', expires_in: 300 });
    });
  });
  after(() => server.close());

  const add = async (opener = recordingOpener()): Promise<Awaited<ReturnType<typeof runCli>>> =>
    runCli(['add', 'dev', '--provider', 'oidc', '--issuer', server.url, '--client-id', 'c', '--grant', 'device_code'], {
      home: tempWalletHome('tw-sec-device-'),
      env: opener.env,
    });

  test('a file: verification_uri is refused: nothing opened, no sign-in', async () => {
    uris = { verification_uri: 'file:///etc/passwd' };
    const opener = recordingOpener();
    const added = await add(opener);
    assert.equal(opener.count(), 0, 'the browser was not opened');
    assert.equal(added.code, 5, added.stderr);
    assert.match(added.stderr, /verification_uri/);
    assert.doesNotMatch(added.stderr, /etc\/passwd/, 'the hostile link is not offered to the person either');
  });

  test('a bad verification_uri_complete is left out; the good verification_uri is opened', async () => {
    uris = { verification_uri: `${server.url}/verify`, verification_uri_complete: 'vscode://evil/run?x=1' };
    const opener = recordingOpener();
    const added = await add(opener);
    assert.equal(added.code, 0, added.stderr);
    assert.doesNotMatch(added.stderr, /vscode:/);
    const { link } = await opener.link(0);
    assert.equal(link, `${server.url}/verify`);
  });
});
