import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WalletError } from '../../app/errors';
import type { HttpResponse } from '../../app/http/http-client';
import { parseRibbonToken } from '../../app/providers/ribbon-sbc';
import { failureFor, readJson, retryAtFrom } from '../../app/providers/responses';
import { localExpiry } from '../../app/providers/sensu';

function response(
  status: number,
  headers: Record<string, string>,
  body: string,
  receivedAt = 1_700_000_000_000,
): HttpResponse {
  return { status, headers, body: Buffer.from(body), receivedAt };
}

const documented = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<response>
  <data>
    <accessToken>YWRtaW4YThmM2U=</accessToken>
  </data>
  <messages/>
  <links/>
</response>`;

test('the documented SBC answer yields its token', () => {
  assert.equal(parseRibbonToken(documented, 's'), 'YWRtaW4YThmM2U=');
});

test('SBC XML with a DOCTYPE, entities or no token is refused', () => {
  const withDoctype =
    `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM ` +
    `"file:///etc/passwd">]><response><data><accessToken>&x;</accessToken></data></response>`;
  assert.throws(() => parseRibbonToken(withDoctype, 's'), /DOCTYPE/);
  assert.throws(() => parseRibbonToken('<response><data></data></response>', 's'), /without <accessToken>/);
  assert.throws(() => parseRibbonToken('<html><body>login</body></html>', 's'), /documented <response>/);
  assert.throws(
    () => parseRibbonToken('<response><data><accessToken>a&amp;b</accessToken></data></response>', 's'),
    /encoded/,
  );
});

test("Sensu's absolute expiry is moved onto our clock using the server's Date", () => {
  const receivedAt = Date.parse('2024-01-01T12:00:00Z');
  // The server's clock is 10 minutes ahead of ours.
  const ahead = response(200, { date: new Date(receivedAt + 600_000).toUTCString() }, '', receivedAt);
  const serverExpiry = (receivedAt + 600_000) / 1000 + 900;
  assert.equal(localExpiry(serverExpiry, ahead), receivedAt + 900_000);
  // Without a Date header the value is taken as is.
  assert.equal(localExpiry(serverExpiry, response(200, {}, '', receivedAt)), serverExpiry * 1000);
});

test('Retry-After and X-RateLimit-Reset give the retry time', () => {
  const at = 1_700_000_000_000;
  assert.equal(retryAtFrom(response(429, { 'retry-after': '30' }, '', at)), at + 30_000);
  assert.equal(
    retryAtFrom(response(429, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }, '', at)),
    Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'),
  );
  assert.equal(
    retryAtFrom(response(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1461930780' }, '', at)),
    1461930780_000,
  );
  assert.equal(
    retryAtFrom(response(200, { 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '1461930780' }, '', at)),
    undefined,
  );
});

test('failures map to the documented kinds', () => {
  const rate = failureFor(response(429, { 'retry-after': '5' }, ''), 's');
  assert.equal(rate.kind, 'unexpected');
  assert.equal(rate.details.rateLimited, true);
  assert.equal(failureFor(response(401, {}, '{"message":"nope"}'), 's').kind, 'credentials');
  assert.match(failureFor(response(401, {}, '{"message":"nope"}'), 's').message, /nope/);
  assert.equal(failureFor(response(503, {}, ''), 's').kind, 'unexpected');
});

test('HTML and malformed JSON bodies are unexpected answers, not crashes', () => {
  const html = response(200, { 'content-type': 'text/html' }, '<html>login page</html>');
  assert.throws(
    () => readJson(html, 's'),
    (error: unknown) => error instanceof WalletError && error.kind === 'unexpected' && /HTML/.test(error.message),
  );
  assert.throws(() => readJson(response(200, {}, '{"a":'), 's'), /malformed JSON/);
  assert.throws(() => readJson(response(200, {}, '[1]'), 's'), /not an object/);
});
