// Dashboard figures with 1,000 accounts, measured in Debian's Chromium. The accounts come from a
// stub UiApi served by the real dashboard server (1,000 real logins are not what is measured here).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDashboardServer } from '../app/dashboard/dashboard-server';
import type { AccountView } from '../app/model';
import { providerCatalog } from '../app/providers/registry';
import type { UiApi } from '../app/ui-contract';
import { launchChromium } from '../test/helpers/browser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function stubAccounts(count: number): AccountView[] {
  const now = Date.now();
  const kinds = ['vss', 'ribbon-sbc', 'sensu', 'vyopta', 'veeam-vao'] as const;
  return Array.from({ length: count }, (_, index) => {
    const lifetime = (5 + (index % 60)) * 60_000;
    const issuedAt = now - (index % 7) * 30_000;
    return {
      id: randomUUID(),
      name: `account-${String(index).padStart(4, '0')}`,
      provider: kinds[index % kinds.length] as AccountView['provider'],
      url: `https://api-${index % 40}.example.net`,
      username: `user${index}`,
      options: {},
      status: 'fresh',
      issuedAt,
      expiresAt: issuedAt + lifetime,
      lastRenewalAt: issuedAt,
      lastError: null,
      freshUntil: issuedAt + lifetime - 60_000,
      nextRenewalAt: issuedAt + lifetime * 0.75,
    };
  });
}

export async function benchDashboard(count = 1000): Promise<Record<string, unknown>> {
  const accounts = stubAccounts(count);
  const api = {
    list: async () => accounts,
    providers: async () => providerCatalog(),
  } as unknown as UiApi;
  const server = await startDashboardServer({ api, onEvent: () => () => undefined, rendererDir: path.join(root, 'dist', 'renderer') });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.openUrl);
    // Long lists render the rows in view: wait for the list of all accounts with its first rows drawn.
    await page.waitForFunction((expected) => document.querySelector(`[aria-label="Accounts (${expected})"] li`) !== null, count, { timeout: 30_000 });
    const firstRenderMs = await page.evaluate(() => performance.now());
    const rowsInDom = await page.evaluate(() => document.querySelectorAll('li.account').length);
    const renderAfterDataMs = await page.evaluate((drawnAt) => drawnAt - (performance.getEntriesByName('tw-accounts-loaded')[0]?.startTime ?? Number.NaN), firstRenderMs);
    const connectedAt = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metric = async (name: string): Promise<number> => {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
      return metrics.find((entry) => entry.name === name)?.value ?? Number.NaN;
    };
    await page.waitForTimeout(2000);
    const seconds = 10;
    const scriptBefore = await metric('ScriptDuration');
    const taskBefore = await metric('TaskDuration');
    await page.waitForTimeout(seconds * 1000);
    const scriptMs = ((await metric('ScriptDuration')) - scriptBefore) * 1000;
    const taskMs = ((await metric('TaskDuration')) - taskBefore) * 1000;
    return {
      bench: 'dashboard',
      accounts: count,
      firstRenderMs: Math.round(firstRenderMs),
      renderAfterDataMs: Math.round(renderAfterDataMs),
      domContentLoadedMs: Math.round(connectedAt),
      rowsInDom,
      tickScriptingMsPerSecond: Number((scriptMs / seconds).toFixed(2)),
      tickMainThreadMsPerSecond: Number((taskMs / seconds).toFixed(2)),
      note: 'firstRenderMs: from navigation start to the list of 1,000 accounts drawn (rows in view only), including loading the bundle and the WebSocket round trip',
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await benchDashboard())}\n`);
}
