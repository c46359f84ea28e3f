import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SecretIndex } from '../../app/log/secret-index';

/** Every occurrence of every secret, found the slow way, merged as the index merges them. */
function naiveRanges(text: string, secrets: Iterable<string>): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (const secret of secrets) {
    for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1))
      found.push([at, at + secret.length]);
  }
  found.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of found) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

test('the index finds what a scan of every secret finds, whatever the secrets and the text', () => {
  const alphabet = fc.constantFrom('a', 'b', '.', 'x', 'é');
  const word = fc.array(alphabet, { minLength: 6, maxLength: 12 }).map((chars) => chars.join(''));
  fc.assert(
    fc.property(fc.uniqueArray(word, { maxLength: 8 }), fc.array(fc.oneof(word, alphabet)), (secrets, parts) => {
      const index = new SecretIndex();
      for (const secret of secrets) index.add(secret);
      const text = parts.join('');
      assert.deepEqual(index.ranges(text), naiveRanges(text, secrets));
    }),
    { numRuns: 3_000 },
  );
});

test('a value registered twice stays until deleted twice; a deleted one is no longer found', () => {
  const index = new SecretIndex();
  index.add('shared-password');
  index.add('shared-password');
  index.add('other-password'); // same last six characters: one bucket of two
  index.delete('shared-password');
  assert.deepEqual(index.ranges('x shared-password y'), [[2, 17]]);
  index.delete('shared-password');
  assert.deepEqual(index.ranges('x shared-password y'), []);
  assert.deepEqual(index.ranges('other-password'), [[0, 14]]);
  assert.equal(index.size, 1);
});

test('values shorter than six characters are not indexed', () => {
  const index = new SecretIndex();
  index.add('abc12');
  assert.equal(index.size, 0);
  assert.deepEqual(index.ranges('abc12 abc12'), []);
});

test('two ends with the same key (a hash collision) are told apart', () => {
  // 'Aa' and 'BB' hash alike with a multiplier of 31: so do these two ends.
  const index = new SecretIndex();
  index.add('token-xxxxAa');
  index.add('token-xxxxBB');
  assert.deepEqual(index.ranges('token-xxxxBB and token-xxxxAa'), [
    [0, 12],
    [17, 29],
  ]);
  index.delete('token-xxxxAa');
  assert.deepEqual(index.ranges('token-xxxxBB and token-xxxxAa'), [[0, 12]]);
  assert.equal(index.size, 1);
});
