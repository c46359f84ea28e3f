import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultGrant, fieldsFor, formNeeds, grantChoices, grantOf } from '../../app/common/grant-form';
import { oauth2GenericProvider, oidcProvider } from '../../app/providers/oauth2-token';
import { providerFor } from '../../app/providers/registry';

const oidc = oidcProvider.meta;
const oauth2 = oauth2GenericProvider.meta;
const keys = (grant: string) => fieldsFor(oidc, grant).map((field) => field.key);

test('the form starts on the grant the CLI would choose, from the provider’s own choices', () => {
  assert.equal(defaultGrant(oidc), 'authorization_code');
  assert.equal(defaultGrant(oauth2), 'password', 'oauth2 has no browser sign-in');
  assert.deepEqual(grantChoices(oauth2), ['password', 'client_credentials']);
  assert.equal(grantOf(oidc, {}), 'password', 'a saved account without a grant uses the password grant');
  assert.equal(defaultGrant(providerFor('vss').meta), undefined);
});

test('each grant asks only for what it sends', () => {
  assert.deepEqual(formNeeds(oidc, 'authorization_code'), {
    username: false,
    password: false,
    clientSecret: 'optional',
    interactive: true,
  });
  assert.deepEqual(formNeeds(oidc, 'client_credentials'), {
    username: false,
    password: false,
    clientSecret: 'required',
    interactive: false,
  });
  assert.equal(formNeeds(oidc, 'password').password, true);
  assert.deepEqual(formNeeds(providerFor('vss').meta, undefined), {
    username: true,
    password: true,
    clientSecret: 'none',
    interactive: false,
  });
  assert.ok(keys('device_code').includes('maxSession'));
  assert.ok(!keys('client_credentials').includes('maxSession'), 'no session to plan for a client');
  assert.ok(!keys('password').includes('grant'), 'the Grant select is shown on its own');
  assert.ok(keys('client_credentials').includes('clientId'));
});
