import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { dashboardCsp } from '../../app/dashboard/dashboard-server';
import { inlineStyleHashes, policyForPage } from '../../app/dashboard/page-policy';

const sha = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

test('a page without inline styles keeps the policy as it is', () => {
  assert.equal(policyForPage(dashboardCsp, '<html><head></head><body></body></html>'), dashboardCsp);
});

test("the page's inline stylesheets are allowed by their exact hash, nothing else changes", () => {
  const page = '<head><style>a{color:red}</style></head><body><style>\nb{}\n</style></body>';
  assert.deepEqual(inlineStyleHashes(page), [sha('a{color:red}'), sha('\nb{}\n')]);
  const policy = policyForPage(dashboardCsp, page);
  assert.ok(policy.includes(`style-src 'self' ${sha('a{color:red}')} ${sha('\nb{}\n')}`));
  assert.ok(!policy.includes('unsafe-inline') && !policy.includes('unsafe-hashes'), 'style attributes stay refused');
  assert.equal(policy.replace(/ 'sha256-[^']+'/g, ''), dashboardCsp);
});
