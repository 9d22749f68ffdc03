// The reading-mode widget loads from the embedded wasm on every page, works,
// is remembered across pages, and pages stay usable with scripts off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveSite, launchBrowser } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveSite();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const pages = [
  '',
  'regions/',
  'rongnan/tangxia/fengtan/',
  'rongnan/tangxia/fengtan/2021-xuanju-jieguo/',
  'kinds/result/',
  'search/',
  'no-such-page/',
];

test('the widget loads from wasm on every page type, without errors', async () => {
  const context = await browser.newContext();
  for (const p of pages) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('404') && errors.push(m.text()));
    const wasm = page.waitForResponse((r) => r.url().endsWith('.wasm'));
    await page.goto(server.url + p);
    const response = await wasm;
    assert.equal(response.headers()['content-type'], 'application/wasm', p);
    await page.locator('#gs-reading-mode').waitFor({ state: 'visible' });
    assert.deepEqual(errors, [], `errors on /${p}`);
    await page.close();
  }
  await context.close();
});

test('长辈模式 enlarges text and is remembered across pages', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  const button = page.locator('#gs-reading-mode');
  await button.waitFor({ state: 'visible' });
  const before = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  await button.click();
  assert.equal(await button.getAttribute('aria-pressed'), 'true');
  const after = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  assert.ok(after >= 20 && after > before, `body font ${before}px → ${after}px`);

  await page.goto(server.url + 'rongnan/tangxia/fengtan/2021-xuanju-jieguo/');
  await page.locator('#gs-reading-mode').waitFor({ state: 'visible' });
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('gs-large')));
  await page.locator('#gs-reading-mode').click();
  assert.ok(!(await page.evaluate(() => document.documentElement.classList.contains('gs-large'))));
  await context.close();
});

test('a remembered 长辈模式 is on before its widget loads', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.evaluate(() => localStorage.setItem('gongshi.reading-mode', 'large'));
  // The widget never arrives: the page must be large without it.
  await page.route(/reading_mode\.[0-9a-f]+\.js$/, () => {});
  await page.goto(server.url + 'rongnan/tangxia/fengtan/2021-xuanju-gonggao/', { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.documentElement.classList.contains('gs-large'), null, { timeout: 2000 });
  const size = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  assert.ok(size >= 20, `body font ${size}px`);
  assert.ok(await page.locator('#gs-reading-mode').isHidden(), 'the switch waits for its widget');
  await context.close();
});

test('with scripts off every page reads and navigates', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url);
  assert.ok(await page.locator('#gs-reading-mode').isHidden(), 'switch stays hidden without scripts');
  await page.getByRole('link', { name: '榕南县', exact: true }).first().click();
  await page.getByRole('link', { name: '塘下镇' }).first().click();
  await page.getByRole('link', { name: '凤潭村' }).first().click();
  assert.match(await page.locator('h1').innerText(), /凤潭村/);
  await page.getByRole('link', { name: /选举结果公告/ }).first().click();
  assert.ok(await page.locator('table caption').count() >= 1, 'results table is real HTML');
  await context.close();
});

test('a notice fits a 320 px screen without sideways scrolling of the page', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  await page.goto(server.url + 'rongnan/tangxia/fengtan/2021-xuanju-jieguo/');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await context.close();
});
