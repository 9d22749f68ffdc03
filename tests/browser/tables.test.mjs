// The table widget in headless Chromium against a built fixture site
// (tests/browser/fixtures/tables) behind nginx (under /cunwu/): sorting by the
// build-time ranks, filtering (Chinese substrings and pinyin initials),
// pages, totals that follow the filter, CSV export of the current view,
// keyboard use, the 3,000-row table loading its rest from JSON, scripts off,
// and broken JSON leaving the static table readable. Then every data table
// of the built demo site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { serveBuilt, launchBrowser, repoRoot } from './harness.mjs';

const fixture = path.join(repoRoot, 'tests/browser/fixtures/tables');
const VOTES = 'gu-lou-qu/dong-jie-jie-dao/san-fang-she-qu/xuan-ju-de-piao-tong-ji/';
const SUBSIDY = 'gu-lou-qu/dong-jie-jie-dao/san-fang-she-qu/bu-tie-fa-fang-ming-ce/';
const FAILED = '表格排序功能加载失败，表格内容仍可阅读。';

let server;
let demo;
let browser;

before(async () => {
  [server, demo, browser] = await Promise.all([serveBuilt(fixture), serveBuilt(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  server?.stop();
  demo?.stop();
});

/** A page of the fixture with its errors collected; waits for every table to settle. */
async function open(context, page, { ready = true, site = server } = {}) {
  const tab = await context.newPage();
  const errors = [];
  tab.on('pageerror', (e) => errors.push(String(e)));
  tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await tab.goto(site.url + page, { waitUntil: 'domcontentloaded' });
  if (ready) {
    await tab
      .waitForFunction(() => [...document.querySelectorAll('[data-gs-table]')].every((t) => /ready|failed/.test(t.dataset.gsTableState ?? '')), null, { timeout: 10000, polling: 20 })
      .catch((e) => assert.fail(`tables did not settle: ${e.message}; errors: ${errors.join(' | ')}`));
  }
  return { tab, errors };
}

const names = (tab, table = '#t-votes') => tab.$$eval(`${table} tbody tr`, (trs) => trs.map((tr) => tr.cells[0].textContent));
const countText = (tab, table = '#t-votes') => tab.locator(`${table} .gs-table-count`).innerText();
const sortButton = (tab, name, table = '#t-votes') => tab.locator(`${table} thead th button`, { hasText: name });
const sortState = (tab, table = '#t-votes') =>
  tab.$$eval(`${table} thead th`, (ths) => ths.map((th) => th.getAttribute('aria-sort')));

/** The built site's copy of a file, as the browser gets it. */
function built(file, site = server) {
  return readFileSync(path.join(site.out, file));
}

/** `total::format` for sums of numbers with at most `decimals` places (exact in cents). */
function formatTotal(values, decimals) {
  const scale = 10 ** decimals;
  const units = values.reduce((sum, v) => sum + Math.round(v * scale), 0);
  const int = Math.trunc(units / scale).toLocaleString('en-US');
  return decimals ? `${int}.${String(units % scale).padStart(decimals, '0')}` : int;
}

test('a header button sorts by the build-time ranks, ascending then descending', async () => {
  const context = await browser.newContext();
  const { tab, errors } = await open(context, VOTES);
  assert.deepEqual(await names(tab), ['张三', '李四', '曾小明', '单田芳', '王建国', '张伟', '陈秀英', '林文清'], 'source order first');
  assert.deepEqual(await sortState(tab), [null, null, null, null]);

  await sortButton(tab, '得票').click();
  // 1.1万 is 11,000; 98 ties keep their source order; the uncounted “—” is last.
  assert.deepEqual(await names(tab), ['李四', '林文清', '王建国', '单田芳', '张伟', '张三', '曾小明', '陈秀英']);
  assert.deepEqual(await sortState(tab), [null, 'ascending', null, null]);
  await tab.locator('#t-votes .gs-table-live').filter({ hasText: '已按“得票”升序排列' }).waitFor();

  await sortButton(tab, '得票').click();
  assert.deepEqual(await names(tab), ['曾小明', '张三', '张伟', '单田芳', '王建国', '李四', '林文清', '陈秀英'], 'descending: ties still in source order, no value still last');
  assert.deepEqual(await sortState(tab), [null, 'descending', null, null]);
  await tab.locator('#t-votes .gs-table-live').filter({ hasText: '已按“得票”降序排列' }).waitFor();

  // Names sort by pinyin with surname readings: 单 shan, 曾 zeng.
  await sortButton(tab, '姓名').click();
  assert.deepEqual(await names(tab), ['陈秀英', '李四', '林文清', '单田芳', '王建国', '曾小明', '张三', '张伟']);
  assert.deepEqual(await sortState(tab), ['ascending', null, null, null], 'aria-sort only on the sorted column');

  // The enhanced table keeps its caption, header scopes and a visible icon hidden from screen readers.
  assert.equal(await tab.locator('#t-votes caption').innerText(), '候选人得票统计');
  assert.equal(await tab.locator('#t-votes thead th[scope="col"]').count(), 4);
  assert.equal(await tab.locator('#t-votes thead th .gs-sort-icon[aria-hidden="true"]').count(), 4);
  assert.equal(await tab.locator('#t-votes table').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the filter finds Chinese substrings and pinyin initials, and totals follow it', async () => {
  const context = await browser.newContext();
  const { tab, errors } = await open(context, VOTES);
  const filter = tab.getByLabel('筛选').first();
  const total = tab.locator('#t-votes tfoot td').first();
  // Totals are written with the decimals the generator chose for the column.
  const votes = JSON.parse(built(`${VOTES}votes.json`)).columns[1];
  const sum = (...values) => formatTotal(values, votes.decimals);
  assert.equal(sum(1201, 98, 11000, 856, 402, 1150, 98), votes.total);
  assert.equal(await countText(tab), '共 8 条，显示 1–8');
  assert.equal(await total.innerText(), votes.total, 'the build-time total first');

  await filter.fill('张');
  assert.deepEqual(await names(tab), ['张三', '张伟']);
  assert.equal(await countText(tab), '筛选出 2 条（共 8 条），显示 1–2');
  assert.equal(await total.innerText(), sum(1201, 1150));

  for (const [query, expected] of [
    ['zxm', ['曾小明']],
    ['stf', ['单田芳']],
    ['ZS', ['张三']],
    ['z', ['张三', '曾小明', '张伟']],
    ['未计票', ['陈秀英']],
    ['1,201', ['张三']],
    ['是 委员', ['曾小明', '单田芳', '张伟']],
  ]) {
    await filter.fill(query);
    assert.deepEqual(await names(tab), expected, query);
  }
  assert.equal(await total.innerText(), sum(11000, 856, 1150), 'the sum of the rows shown');

  await filter.fill('是');
  assert.equal(await total.innerText(), sum(1201, 11000, 856, 1150));
  await sortButton(tab, '得票').click();
  assert.deepEqual(await names(tab), ['单田芳', '张伟', '张三', '曾小明'], 'sorting applies to the filtered rows');

  await filter.fill('没有这个人');
  assert.equal(await countText(tab), '筛选出 0 条（共 8 条）');
  assert.equal(await tab.locator('#t-votes tbody tr.gs-table-empty').innerText(), '没有符合筛选条件的行。');
  assert.equal(await total.innerText(), sum());

  await filter.fill('');
  assert.equal(await countText(tab), '共 8 条，显示 1–8');
  assert.equal(await total.innerText(), votes.total);
  assert.deepEqual(errors, []);
  await context.close();
});

test('export downloads the current view as CSV in the build-time format', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { tab, errors } = await open(context, VOTES);
  const exportCsv = async () => {
    const [download] = await Promise.all([
      tab.waitForEvent('download'),
      tab.locator('#t-votes').getByRole('button', { name: '导出当前结果（CSV）' }).click(),
    ]);
    return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
  };

  // Unfiltered and unsorted, the export is the build-time download byte for byte.
  const whole = await exportCsv();
  assert.equal(whole.name, 'votes-筛选结果.csv');
  assert.deepEqual(whole.bytes, built(`${VOTES}votes.csv`));

  await tab.getByLabel('筛选').first().fill('是');
  await sortButton(tab, '得票').click();
  await sortButton(tab, '得票').click();
  const { bytes } = await exportCsv();
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM, for Excel');
  assert.equal(
    bytes.subarray(3).toString('utf8'),
    '姓名,得票,当选,备注\r\n曾小明,1.1万,是,委员\r\n张三,"1,201",是,主任\r\n张伟,"1,150",是,委员\r\n单田芳,856,是,委员\r\n',
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard only: Tab to a header button, Enter sorts, focus is visible', async () => {
  const context = await browser.newContext();
  const { tab, errors } = await open(context, VOTES);
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await tab.keyboard.press('Tab');
    reached = await tab.evaluate(() => document.activeElement?.closest('#t-votes th')?.textContent === '得票');
  }
  assert.ok(reached, 'Tab reaches the 得票 header button');
  const focus = await tab.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return { tag: document.activeElement.tagName, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  assert.equal(focus.tag, 'BUTTON');
  assert.ok(focus.outline !== 'none' && focus.width >= 2, `visible focus: ${JSON.stringify(focus)}`);
  await tab.keyboard.press('Enter');
  assert.deepEqual(await sortState(tab), [null, 'ascending', null, null]);
  await tab.keyboard.press('Space');
  assert.deepEqual(await sortState(tab), [null, 'descending', null, null]);
  assert.equal((await names(tab))[0], '曾小明');

  // Shift+Tab back to the filter box and the export button: native controls.
  for (let i = 0; i < 10; i++) {
    await tab.keyboard.press('Shift+Tab');
    if (await tab.evaluate(() => document.activeElement?.id === 't-votes-filter')) break;
  }
  assert.equal(await tab.evaluate(() => document.activeElement?.id), 't-votes-filter');
  await tab.keyboard.type('zs');
  assert.deepEqual(await names(tab), ['张三']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('markup in cells of pipe tables survives sorting (rows are moved, not rebuilt)', async () => {
  const context = await browser.newContext();
  const { tab, errors } = await open(context, VOTES);
  const table = '#t-table-1';
  await sortButton(tab, '序号', table).click();
  assert.deepEqual(await names(tab, table), ['1', '2', '3']);
  assert.equal(await tab.locator(`${table} tbody tr`).nth(0).locator('a[href="https://example.org/a"]').innerText(), '查看公告');
  assert.equal(await tab.locator(`${table} tbody tr`).nth(1).locator('strong').innerText(), '候选人');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the 3,000-row table loads its other rows from JSON, in pages of 50', async () => {
  const context = await browser.newContext();
  const { tab, errors } = await open(context, SUBSIDY);
  const data = JSON.parse(built(`${SUBSIDY}subsidy.json`));
  const table = '#t-subsidy';
  const rows = () => tab.$$eval(`${table} tbody tr`, (trs) => trs.map((tr) => Array.from(tr.cells, (td) => td.textContent)));

  assert.equal(await countText(tab, table), '共 3,000 条，显示 1–50');
  assert.match(await tab.locator(`${table} .table-more`).innerText(), /共 3,000 行，已全部载入/);
  assert.deepEqual(await rows(), data.rows.slice(0, 50));
  assert.equal(await tab.locator(`${table} .gs-table-page`).innerText(), '第 1 / 60 页');
  assert.ok(await tab.locator(`${table} .gs-table-pager`).getByRole('button', { name: '上一页' }).isDisabled());

  const next = tab.locator(`${table} .gs-table-pager`).getByRole('button', { name: '下一页' });
  for (let page = 2; page <= 3; page++) await next.click();
  assert.equal(await countText(tab, table), '共 3,000 条，显示 101–150');
  assert.deepEqual(await rows(), data.rows.slice(100, 150), 'rows that were not in the HTML, from the JSON');
  assert.equal(await tab.locator(`${table} tbody td.num`).count(), 50, 'number cells keep their class');

  // Sorting and filtering reach every row, not just the hundred in the HTML.
  await sortButton(tab, '金额', table).click();
  await sortButton(tab, '金额', table).click();
  const amounts = data.values[2];
  const max = Math.max(...amounts);
  assert.equal(await countText(tab, table), '共 3,000 条，显示 1–50', 'sorting returns to the first page');
  assert.equal((await rows())[0][2], data.rows[amounts.indexOf(max)][2]);

  // Pinyin initials reach every row too: zh is 张海, 曾海 and 郑海.
  const query = 'zh';
  const matching = data.rows.map((r, i) => i).filter((i) => data.initials[0][i].includes(query) || data.rows[i].some((cell) => cell.includes(query)));
  assert.ok(matching.length > 50 && matching.length <= 100, `two pages of ${query}: ${matching.length}`);
  const ranks = data.ranks[2];
  const expected = matching.toSorted((a, b) => (ranks[a] === 0) - (ranks[b] === 0) || ranks[b] - ranks[a] || a - b);
  await tab.getByLabel('筛选').fill(query);
  assert.equal(await countText(tab, table), `筛选出 ${matching.length} 条（共 3,000 条），显示 1–50`);
  assert.equal(await tab.locator(`${table} tfoot td.num`).innerText(), formatTotal(matching.map((i) => amounts[i]), 2));
  assert.deepEqual(await rows(), expected.slice(0, 50).map((i) => data.rows[i]));
  await next.click();
  assert.equal(await countText(tab, table), `筛选出 ${matching.length} 条（共 3,000 条），显示 51–${matching.length}`);
  assert.deepEqual(await rows(), expected.slice(50).map((i) => data.rows[i]));
  assert.ok(await next.isDisabled());
  assert.equal(await tab.evaluate(() => document.activeElement?.textContent), '上一页', 'focus stays on a usable button');
  assert.ok((await tab.locator(`${table} tbody tr`).count()) <= 50);

  // Printed, the current view shows in full (up to 500 rows), not one page.
  await tab.getByLabel('筛选').fill('');
  await tab.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  assert.equal(await tab.locator(`${table} tbody tr`).count(), 500);
  await tab.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  assert.equal(await tab.locator(`${table} tbody tr`).count(), 50);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with scripts off the static table, its first rows and the downloads are there', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const { tab } = await open(context, SUBSIDY, { ready: false });
  assert.equal(await tab.locator('#t-subsidy tbody tr').count(), 100);
  assert.match(await tab.locator('#t-subsidy .table-more').innerText(), /共 3,000 行，此处显示前 100 行/);
  assert.equal(await tab.locator('#t-subsidy .table-downloads a[href="subsidy.csv"]').count(), 1);
  assert.equal(await tab.locator('#t-subsidy .table-downloads a[href="subsidy.json"]').count(), 1);
  assert.equal(await tab.locator('.gs-table-tools, th button').count(), 0);

  await tab.goto(server.url + VOTES);
  assert.deepEqual(await names(tab), ['张三', '李四', '曾小明', '单田芳', '王建国', '张伟', '陈秀英', '林文清']);
  assert.equal(await tab.locator('#t-votes tfoot td').first().innerText(), JSON.parse(built(`${VOTES}votes.json`)).columns[1].total);
  await context.close();
});

test('broken or missing JSON leaves the static table readable, with a plain message', async () => {
  const cases = {
    'not JSON': (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"format": "gongshi-table/1", "rows": [' }),
    'wrong shape': (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ format: 'gongshi-table/1', columns: [{ name: 'x' }], rows: [['1']], ranks: [[1]] }) }),
    'ranks of the wrong length': async (route) => {
      const data = JSON.parse(built(`${VOTES}votes.json`));
      data.ranks[1] = [1, 2];
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(data) });
    },
    'missing file': (route) => route.fulfill({ status: 404, body: 'not found' }),
  };
  for (const [name, handler] of Object.entries(cases)) {
    const context = await browser.newContext();
    await context.route('**/votes.json', handler);
    const { tab, errors } = await open(context, VOTES);
    assert.equal(await tab.locator('#t-votes').getAttribute('data-gs-table-state'), 'failed', name);
    assert.equal(await tab.locator('#t-votes .gs-table-error').innerText(), FAILED, name);
    assert.deepEqual(await names(tab), ['张三', '李四', '曾小明', '单田芳', '王建国', '张伟', '陈秀英', '林文清'], name);
    assert.equal(await tab.locator('#t-votes th button, #t-votes .gs-table-tools').count(), 0, `${name}: the table is untouched`);
    assert.equal(await tab.locator('#t-table-1').getAttribute('data-gs-table-state'), 'ready', `${name}: the other table still works`);
    // A 404 is logged by the browser itself; nothing may be thrown.
    assert.deepEqual(errors.filter((e) => !/404/.test(e)), [], name);
    await context.close();
  }
});

test('pages without a data table do not load the widget', async () => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const requested = [];
  tab.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await tab.goto(server.url);
  await tab.waitForLoadState('networkidle');
  assert.deepEqual(requested.filter((p) => p.includes('table')), []);
  await context.close();
});

test('data tables of the demo site enhance, with all their rows, without errors', async () => {
  // One notice of each kind (2021-xuanju-jieguo of every village is one
  // kind) and one region page: all 160 pages take minutes on the test server.
  const kinds = new Map();
  for (const file of readdirSync(demo.out, { recursive: true }).sort()) {
    if (!file.endsWith('index.html') || !built(file, demo).includes(' data-gs-table=')) continue;
    const page = file.slice(0, -'index.html'.length);
    const leaf = page.split('/').at(-2);
    const kind = /^\d{4}/.test(leaf) ? leaf.replace(/^\d{4}(-q\d)?-/, '') : 'region';
    if (!kinds.has(kind)) kinds.set(kind, page);
  }
  assert.ok(kinds.size >= 10, `the demo has data tables of many kinds (${kinds.size})`);
  const context = await browser.newContext();
  const tab = await context.newPage();
  let errors = [];
  tab.on('pageerror', (e) => errors.push(String(e)));
  tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  for (const page of kinds.values()) {
    errors = [];
    await tab.goto(demo.url + page, { waitUntil: 'domcontentloaded' });
    await tab.waitForFunction(() => [...document.querySelectorAll('[data-gs-table]')].every((t) => /ready|failed/.test(t.dataset.gsTableState ?? '')), null, {
      timeout: 10000,
      polling: 20,
    });
    const states = await tab.$$eval('[data-gs-table]', (els) =>
      els.map((e) => ({ json: e.dataset.gsTable, state: e.dataset.gsTableState, count: e.querySelector('.gs-table-count')?.textContent })),
    );
    for (const { json, state, count } of states) {
      assert.equal(state, 'ready', `${page}${json}`);
      const rows = JSON.parse(built(page + json, demo)).rows.length;
      assert.match(count, new RegExp(`^共 ${rows.toLocaleString('en-US')} 条`), `${page}${json}`);
    }
    assert.deepEqual(errors, [], page);
  }
  await context.close();
});

test('the demo results table sorts by votes', async () => {
  const page = 'rongnan/tangxia/fengtan/2021-xuanju-jieguo/';
  const context = await browser.newContext();
  const { tab, errors } = await open(context, page, { site: demo });
  const table = '#t-2021-xuanju-jieguo';
  const data = JSON.parse(built(`${page}2021-xuanju-jieguo.json`, demo));
  const votes = data.columns.findIndex((c) => c.name === '得票');
  const order = data.rows.map((r, i) => i).sort((a, b) => data.ranks[votes][b] - data.ranks[votes][a] || a - b);
  await sortButton(tab, '得票', table).click();
  await sortButton(tab, '得票', table).click();
  assert.deepEqual(await names(tab, table), order.map((i) => data.rows[i][0]));
  assert.deepEqual(errors, []);
  await context.close();
});
