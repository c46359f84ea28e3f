import assert from 'node:assert/strict';
import type { Fake } from '../fakes/index';
import { cliPath, runCli } from './cli-runner';

/** Adds an account through the CLI, as a user would, against a fake's URL. */
export async function addAccount(
  home: string,
  name: string,
  provider: string,
  url: string,
  password = 's3cret-Pa55',
  extra: string[] = [],
): Promise<void> {
  const add = await runCli(
    ['add', name, '--provider', provider, '--url', url, '--username', 'alice', ...extra, '--password-stdin'],
    { home, input: `${password}\n` },
  );
  assert.equal(add.code, 0, add.stderr);
}

/** Every token the fake issued, and the forms a Basic-auth API puts it in: what must never be in an argv. */
export function issuedSecrets(...fakes: Fake[]): string[] {
  return fakes.flatMap((fake) =>
    [...fake.state.tokens.keys()].flatMap((token) => [token, Buffer.from(`${token}:`).toString('base64')]),
  );
}

/** The CLI as a shell sees it: `node bin/token-wallet.js`, quoted for /bin/sh. */
export const shellCli = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)}`;
