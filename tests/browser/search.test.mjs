// The search widget in headless Chromium against the built demo site behind
// nginx (under /cunwu/): results as you type (the same as `gongshi search`),
// filters, keyboard, deep links, scripts off, broken index files, hostile
// input; and against `gongshi serve`, on the first page of a fresh browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { serveBuilt, serveSite, launchBrowser, gongshiBin } from './harness.mjs';

let server;
let browser;
let built;

before(async () => {
  // The built demo site behind nginx under a sub-path, as a host serves it;
  // the same folder is what `gongshi search` reads, the reference.
  server = await serveBuilt();
  built = server.out;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** The search widget's public API, under the site's sub-path. */
const searchJs = () => new URL('_gongshi/search.js', server.url).href;

function cli(query, ...filters) {
  const args = ['search', '--site', built, '--json', '--limit', '10', ...filters.flatMap((f) => ['--filter', f]), query];
  return execFileSync(gongshiBin, args, { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

async function searchPage(context, query = '') {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url + 'search/' + (query ? `?q=${encodeURIComponent(query)}` : ''));
  return { page, errors };
}

async function resultUrls(page) {
  await page.locator('ol.search-results li').first().waitFor();
  return page.$$eval('ol.search-results li > a', (links) => links.map((a) => new URL(a.href).pathname));
}

test('typing a query shows the same results as gongshi search, in the same order', async () => {
  const context = await browser.newContext();
  const { page, errors } = await searchPage(context);
  page.on('console', (m) => errors.push(`${m.type()}: ${m.text()}`));
  page.on('requestfailed', (r) => errors.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  const pending = new Set();
  page.on('request', (r) => pending.add(r.url()));
  page.on('requestfinished', (r) => pending.delete(r.url()));
  for (const query of ['一肩挑', '凤潭村', 'fengtan', '过半数']) {
    await page
      .locator('form[data-gongshi-attached] #gs-search-q')
      .waitFor({ timeout: 10000 })
      .catch((e) => assert.fail(`the widget did not attach: ${e.message}; page errors: ${errors.join(' | ')}`));
    await page.locator('#gs-search-q').fill('');
    await page.locator('#gs-search-q').pressSequentially(query, { delay: 20 });
    // Results come as one types; Enter (as residents also press) searches at once.
    await page.locator('#gs-search-q').press('Enter');
    await page
      .waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, query, { timeout: 10000 })
      .catch((e) => assert.fail(`${e.message}; page errors: ${errors.join(' | ')}; pending: ${[...pending].join(' ')}; url ${page.url()}`));
    await page.waitForFunction(() => !document.querySelector('.search-status')?.textContent.includes('正在搜索'));
    const expected = cli(query).map((r) => r.url);
    assert.ok(expected.length > 0, `the demo site has results for ${query}`);
    assert.deepEqual(await resultUrls(page), expected, query);
    const marks = await page.locator('ol.search-results mark').count();
    if (/\p{Script=Han}/u.test(query)) assert.ok(marks > 0, `matches are highlighted for ${query}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('filters narrow the results and stay in the URL', async () => {
  const context = await browser.newContext();
  const { page } = await searchPage(context, '换届');
  await resultUrls(page);
  await page.locator('#gs-filter-kind').selectOption('result');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('kind') === 'result');
  await page.waitForFunction(() => !document.querySelector('.search-status')?.textContent.includes('正在搜索'));
  const urls = await resultUrls(page);
  assert.deepEqual(urls, cli('换届', 'kind=result').map((r) => r.url));
  const metas = await page.$$eval('.search-meta', (m) => m.map((x) => x.textContent));
  assert.ok(metas.every((m) => m.includes('选举结果公告')), metas.join('\n'));
  // The filtered list is a link that can be shared.
  const shared = await browser.newContext();
  const again = await shared.newPage();
  await again.goto(page.url());
  assert.deepEqual(await resultUrls(again), urls);
  assert.equal(await again.locator('#gs-filter-kind').inputValue(), 'result');
  await shared.close();
  await context.close();
});

test('a ?q= link opens with results, and the JS API returns what the widget shows', async () => {
  const context = await browser.newContext();
  const { page } = await searchPage(context, '凤潭村');
  assert.equal(await page.locator('#gs-search-q').inputValue(), '凤潭村');
  const shown = await resultUrls(page);
  const api = await page.evaluate(async (src) => {
    const s = await import(src);
    return s.search('凤潭村', { limit: 10 });
  }, searchJs());
  assert.deepEqual(api.results.map((r) => r.url), shown);
  assert.ok(api.results[0].title && api.results[0].region && api.results[0].kind && api.results[0].date);
  await context.close();
});

test('keyboard: arrows move through results, Escape returns to the box', async () => {
  const context = await browser.newContext();
  const { page } = await searchPage(context, '选举');
  await resultUrls(page);
  await page.locator('#gs-search-q').focus();
  await page.keyboard.press('ArrowDown');
  const first = await page.evaluate(() => document.activeElement.textContent);
  await page.keyboard.press('ArrowDown');
  const second = await page.evaluate(() => document.activeElement.textContent);
  const titles = await page.$$eval('ol.search-results li > a', (a) => a.map((x) => x.textContent));
  assert.deepEqual([first, second], titles.slice(0, 2));
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'gs-search-q');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith(new URL('search/', server.url).pathname));
  await context.close();
});

test('the header box on any page searches as you type and submits to the search page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + 'rongnan/tangxia/fengtan/');
  await page.locator('#gs-header-q').pressSequentially('一肩挑', { delay: 20 });
  await page.locator('.search-live ol.search-results li').first().waitFor();
  await page.locator('#gs-header-q').press('Enter');
  await page.waitForURL(/\/search\/\?q=/);
  await resultUrls(page);
  await context.close();
});

test('with scripts off the search page explains how to browse, and the form submits', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + 'search/');
  assert.match(await page.locator('main').innerText(), /地区或栏目逐级查找/);
  await page.locator('#gs-search-q').fill('换届');
  await page.locator('#gs-search-q').press('Enter');
  await page.waitForURL(/\/search\/\?q=/);
  assert.ok(await page.getByRole('link', { name: '榕南县', exact: true }).count() > 0);
  await context.close();
});

test('a corrupt or missing index file gives a plain message and a usable page', async () => {
  for (const [pattern, body, status] of [
    ['**/_gongshi/search/*/s*.bin', 'not a shard', 200],
    ['**/_gongshi/search/*/s*.bin', '', 404],
    ['**/_gongshi/search/*/r/*.json', '{"title": ', 200],
    ['**/_gongshi/search_engine_bg.*.wasm', 'not wasm', 200],
  ]) {
    const context = await browser.newContext();
    await context.route(pattern, (route) => route.fulfill({ status, body }));
    const { page, errors } = await searchPage(context, '选举');
    await page.locator('.search-error').waitFor();
    assert.match(await page.locator('.search-error').innerText(), /搜索暂时不可用/);
    await page.getByRole('link', { name: '榕南县', exact: true }).first().click();
    await page.waitForURL(/\/rongnan\/$/);
    assert.deepEqual(errors, [], pattern);
    await context.close();
  }
});

test('hostile queries never hang or throw', async () => {
  const context = await browser.newContext();
  const { page, errors } = await searchPage(context);
  const answers = await page.evaluate(async (src) => {
    const s = await import(src);
    const queries = ['', '   ', '选'.repeat(10000), '.*+?[](){}|\\^$', '\uD800x\uDFFF', '<img src=x onerror=alert(1)>', 'a'];
    const out = [];
    for (const q of queries) out.push((await s.search(q)).total);
    return out;
  }, searchJs());
  assert.equal(answers.length, 7);
  assert.equal(answers[0], 0, 'empty query finds nothing');
  await page.locator('#gs-search-q').fill('<img src=x onerror=alert(1)>');
  await page.locator('#gs-search-q').press('Enter');
  await page.locator('.search-status').waitFor();
  assert.equal(await page.locator('ol.search-results img').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the count of a long phrase, estimated from a sample, is close to the exact count', async () => {
  // Runs of three or more characters are verified against the text; the
  // widget checks the best results and a sample of the others, and counts
  // the rest at the sample's rate ("约 N"). gongshi search checks them all.
  const context = await browser.newContext();
  const { page, errors } = await searchPage(context);
  const queries = ['村民委员会选举', '选举结果', '换届选举', '选举委员会', '村务公开'];
  const answers = await page.evaluate(async ([src, qs]) => {
    const s = await import(src);
    const out = [];
    for (const q of qs) out.push(await s.search(q));
    return out;
  }, [searchJs(), queries]);
  for (const [i, q] of queries.entries()) {
    const exact = execFileSync(gongshiBin, ['search', '--site', built, '--json', '--limit', '0', q], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean).length;
    const { total, exact: isExact } = answers[i];
    if (isExact) assert.equal(total, exact, q);
    else assert.ok(Math.abs(total - exact) <= Math.max(3, 0.25 * exact), `${q}: about ${total}, exactly ${exact}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('gongshi serve: a search works on the first page a fresh browser opens', async () => {
  // A fresh browser opens several connections at once on its first page and
  // keeps them open, one of them in the live-reload poll. The preview server
  // once answered only four of a burst of new connections, so the widget's
  // files could wait forever. Each round is a new server and a new browser;
  // its requests go out in waves, as on a slow phone network, so that many
  // new connections open together (the old server failed about one round in
  // two this way).
  const firsts = [
    ['search/?q=' + encodeURIComponent('一肩挑'), null],
    ['', '#gs-q'],
    ['rongnan/tangxia/fengtan/', '#gs-header-q'],
  ];
  for (const [first, box] of [...firsts, ...firsts]) {
    const preview = await serveSite();
    const fresh = await launchBrowser();
    try {
      const page = await fresh.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const pending = new Map();
      page.on('request', (r) => pending.set(r, r.url()));
      page.on('requestfinished', (r) => pending.delete(r));
      page.on('requestfailed', (r) => pending.delete(r));
      let held = [];
      let timer;
      await page.route('**/*', (route) => {
        held.push(route);
        clearTimeout(timer);
        timer = setTimeout(() => {
          for (const r of held.splice(0)) r.continue().catch(() => {});
        }, 100);
      });
      await page.goto(preview.url + first);
      if (box) await page.locator(box).pressSequentially('一肩挑', { delay: 20 });
      await page
        .locator('ol.search-results li')
        .first()
        .waitFor({ timeout: 10000 })
        .catch((e) => {
          const waiting = [...pending.values()].filter((u) => !u.includes('/__gongshi/events'));
          assert.fail(`no results on /${first}: ${e.message}; still waiting for: ${waiting.join(' ')}; errors: ${errors.join(' | ')}`);
        });
      assert.deepEqual(errors, [], first);
    } finally {
      await fresh.close();
      preview.stop();
    }
  }
});
