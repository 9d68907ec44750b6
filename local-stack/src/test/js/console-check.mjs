// Opens the operator console in Debian's headless Chromium and reports, as one JSON line on stdout,
// what the page shows; ConsoleBrowserTest compares it with the API. Run with node from a directory
// where playwright-core is installed (no browser download: executablePath is the system Chromium).
//
//   BASE_URL=http://localhost:8080 MODE=dashboard|auth ADMIN_KEY=… CLIENT_KEY=… OUT_DIR=target/console \
//   CHROMIUM=/usr/bin/chromium node console-check.mjs
//
// dashboard: enters ADMIN_KEY when the page asks, waits for figures and a firing alert, writes
//            console-desktop.png and console-phone-dark.png (390 px wide, dark scheme) to OUT_DIR.
// swagger:   Swagger UI at /swagger-ui renders every operation of /v3/api-docs (screenshot swagger-ui.png).
// auth:      no key -> the key form; CLIENT_KEY -> the "not an admin key" message; then ADMIN_KEY -> figures.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.BASE_URL;
const mode = process.env.MODE || 'dashboard';
const outDir = process.env.OUT_DIR || '.';
const page_url = base + '/admin/multi-ai/analytics';
mkdirSync(outDir, { recursive: true });

// Without the background-networking flags Chromium waits on Google's services on a closed network.
const profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
const result = { mode, problems };
try {
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(30_000);
  // CSP violations and script errors surface here; the test requires none.
  // (failed loads are reported with their URL by the response listener below)
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push('console: ' + m.text());
  });
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('response', (r) => {
    // the API's refusals are the auth mode's subject; the browser's own favicon request is not the page's
    if (r.status() >= 400 && !r.url().includes('/api/ai/') && !r.url().endsWith('/favicon.ico')) problems.push(r.status() + ' ' + r.url());
  });

  if (mode === 'swagger') {
    await page.goto(base + '/swagger-ui');
    await page.locator('.opblock').first().waitFor({ state: 'visible' });
    result.operations = await page.locator('.opblock').count();
    await page.screenshot({ path: join(outDir, 'swagger-ui.png'), fullPage: true });
  } else {
    await page.goto(page_url);
  }
  if (mode === 'swagger') {
    // done above
  } else if (mode === 'auth') {
    await page.locator('#key-panel').waitFor({ state: 'visible' });
    result.withoutKey = await page.locator('#key-message').textContent();
    result.dashboardHiddenWithoutKey = await page.locator('#dashboard').isHidden();
    await enterKey(page, process.env.CLIENT_KEY);
    await page.waitForFunction(() => /not an admin key/.test(document.getElementById('key-message').textContent));
    result.withClientKey = await page.locator('#key-message').textContent();
    result.dashboardHiddenWithClientKey = await page.locator('#dashboard').isHidden();
    await page.screenshot({ path: join(outDir, 'console-client-key.png') });
    await enterKey(page, process.env.ADMIN_KEY);
    await page.locator('#dashboard').waitFor({ state: 'visible' });
    result.keyInSessionStorage = await page.evaluate(() => sessionStorage.length > 0 && localStorage.length === 0);
    // the 4xx of the refused calls are expected in this mode
  } else {
    // Both start hidden: the key panel shows only once the first API call came back 401, so asking
    // right after goto raced that call (the key was then never entered and the wait below timed out).
    await page.waitForFunction(() => !document.getElementById('key-panel').hidden || !document.getElementById('dashboard').hidden);
    if (process.env.ADMIN_KEY && await page.locator('#key-panel').isVisible()) {
      await enterKey(page, process.env.ADMIN_KEY);
    }
    await page.waitForFunction((process_env_alert) => {
      const queries = document.getElementById('kpi-queries').dataset.value;
      return queries && Number(queries) > 0
        && (process_env_alert === '0' || document.querySelectorAll('#alerts-active tbody tr[data-rule]').length > 0)
        && document.querySelectorAll('#comparison tbody tr[data-model]').length > 0;
      // The page refreshes every 10 s and the aggregator trails the calls; on a loaded 2-core machine
      // the alert can take several refreshes to show, hence longer than playwright's 30 s default.
    }, process.env.REQUIRE_ALERT || '1', { timeout: 90_000 });
    Object.assign(result, await page.evaluate(() => {
      const value = (id) => document.getElementById(id).dataset.value;
      const text = (id) => document.getElementById(id).textContent;
      const rows = (selector, key) => [...document.querySelectorAll(selector)].map((tr) => tr.dataset[key]);
      return {
        tiles: {
          queries: Number(value('kpi-queries')), successRate: Number(value('kpi-success')), cost: Number(value('kpi-cost')),
          cacheHitRate: Number(value('kpi-cache')), rateLimitRejections: Number(value('kpi-ratelimit')),
          costToday: Number(value('kpi-budget')),
        },
        texts: { queries: text('kpi-queries'), success: text('kpi-success'), latency: text('kpi-latency'),
          cost: text('kpi-cost'), budget: text('kpi-budget'), cache: text('kpi-cache'), overall: text('overall') },
        statusModels: rows('#models tbody tr', 'model'),
        comparisonModels: rows('#comparison tbody tr', 'model'),
        providers: rows('#split-provider tbody tr', 'group'),
        activeAlerts: rows('#alerts-active tbody tr', 'rule'),
        recentAlerts: rows('#alerts-recent tbody tr', 'rule'),
        charts: document.querySelectorAll('.chart canvas').length,
        state: document.getElementById('state').hidden ? null : text('state'),
        body: document.body.innerText,
      };
    }));
    await page.screenshot({ path: join(outDir, 'console-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(500);
    result.phone = await page.evaluate(() => ({
      overflowPx: document.documentElement.scrollWidth - window.innerWidth,
      dark: window.matchMedia('(prefers-color-scheme: dark)').matches,
      background: getComputedStyle(document.body).backgroundColor,
    }));
    await page.screenshot({ path: join(outDir, 'console-phone-dark.png'), fullPage: true });
  }
} catch (e) {
  result.error = String(e && e.stack || e);
  const page = context.pages()[0];
  if (page) {
    await page.screenshot({ path: join(outDir, 'console-' + mode + '-failure.png'), fullPage: true }).catch(() => {});
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));

async function enterKey(page, key) {
  await page.locator('#key-input').fill(key);
  await page.locator('#key-form button[type=submit]').click();
}
