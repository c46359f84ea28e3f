import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountRecord } from '../../app/model';
import { providerFor } from '../../app/providers/registry';
import { buildSnippet, shellQuote, snippetUrl } from '../../app/snippets';

function account(partial: Partial<AccountRecord>): AccountRecord {
  return {
    id: 'id',
    name: 'n',
    provider: 'sensu',
    url: 'https://h.example:8080',
    username: 'u',
    options: {},
    createdAt: '',
    ...partial,
  };
}

test('shell quoting survives quotes, spaces and dollars', () => {
  assert.equal(shellQuote('abc.DEF-123'), 'abc.DEF-123');
  assert.equal(shellQuote("it's $HOME"), `'it'\\''s $HOME'`);
});

test('VSS snippets use the token as the Basic user name with an empty password', () => {
  const vss = account({ provider: 'vss', url: 'https://vss.example:8001' });
  const meta = providerFor('vss').meta;
  const basic = `Basic ${Buffer.from('TOK:').toString('base64')}`;
  assert.equal(
    buildSnippet('curl', vss, meta, 'TOK'),
    `curl -sS -H @- https://vss.example:8001/v2 <<'TOKEN_WALLET_EOF'\nAuthorization: ${basic}\nTOKEN_WALLET_EOF`,
  );
  assert.equal(
    buildSnippet('httpie', vss, meta, 'TOK'),
    `http --ignore-stdin GET https://vss.example:8001/v2 Authorization:@/dev/stdin ` +
      `<<'TOKEN_WALLET_EOF'\n${basic}\nTOKEN_WALLET_EOF`,
  );
  assert.equal(
    buildSnippet('header', vss, meta, 'TOK'),
    `Authorization: Basic ${Buffer.from('TOK:').toString('base64')}`,
  );
});

test('Bearer snippets, CA files and paths', () => {
  const sensu = account({ caFile: '/etc/ca dir/ca.pem' });
  const meta = providerFor('sensu').meta;
  assert.equal(
    buildSnippet('curl', sensu, meta, 'a.b.c', '/api/core/v2/events'),
    `curl -sS --cacert '/etc/ca dir/ca.pem' -H @- https://h.example:8080/api/core/v2/events ` +
      `<<'TOKEN_WALLET_EOF'\nAuthorization: Bearer a.b.c\nTOKEN_WALLET_EOF`,
  );
  assert.equal(
    buildSnippet('httpie', sensu, meta, 'a.b.c', 'x'),
    `http --ignore-stdin --verify='/etc/ca dir/ca.pem' GET https://h.example:8080/x Authorization:@/dev/stdin ` +
      `<<'TOKEN_WALLET_EOF'\nBearer a.b.c\nTOKEN_WALLET_EOF`,
  );
});

test('the Ribbon default path follows the configured API version', () => {
  const meta = providerFor('ribbon-sbc').meta;
  assert.equal(snippetUrl(account({ provider: 'ribbon-sbc' }), meta), 'https://h.example:8080/rest/v1.2/system');
  assert.equal(
    snippetUrl(account({ provider: 'ribbon-sbc', options: { apiVersion: 'v1.1' } }), meta),
    'https://h.example:8080/rest/v1.1/system',
  );
});

test('a snippet never sends the token to another host', () => {
  const meta = providerFor('sensu').meta;
  assert.throws(() => snippetUrl(account({}), meta, 'https://evil.example/steal'), /not on the account's server/);
  assert.equal(snippetUrl(account({}), meta, 'https://h.example:8080/ok'), 'https://h.example:8080/ok');
});

test('paths are relative to an account URL with a prefix', () => {
  assert.equal(
    snippetUrl(account({ url: 'https://h.example/api' }), providerFor('oauth2').meta, '/v1/items'),
    'https://h.example/api/v1/items',
  );
});

test('the token is only ever in the here-document, and a token with a line break is refused', () => {
  const meta = providerFor('sensu').meta;
  for (const kind of ['curl', 'httpie'] as const) {
    const [command, ...rest] = buildSnippet(kind, account({}), meta, 'SECRET-TOKEN', '/p').split('\n');
    assert.ok(!command?.includes('SECRET-TOKEN'), command);
    assert.match(rest.join('\n'), /SECRET-TOKEN\nTOKEN_WALLET_EOF$/);
    assert.throws(() => buildSnippet(kind, account({}), meta, 'a\nTOKEN_WALLET_EOF\nrm -rf ~', '/p'), /line break/);
  }
});
