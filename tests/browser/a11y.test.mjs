// Accessibility of every page type of the built demo site (issue 9.1).
//
// axe-core runs at WCAG 2.1 AA (tags wcag2a, wcag2aa, wcag21a, wcag21aa)
// over each page type, in three modes, and the goal is zero violations:
//
// - 标准 + scripts: an ordinary visit; the widgets (reading-mode switch,
//   search, table widget) have run before axe looks at the page.
// - 长辈模式 + scripts: the way a resident who chose 长辈模式 comes back: the
//   choice is in localStorage ("gongshi.reading-mode" = "large", set by an
//   init script before the page loads) and the page's own reading-mode widget
//   applies the `gs-large` class, exactly as on a real return visit.
// - 标准 + no scripts: a true no-script visit, `javaScriptEnabled: false`.
//   Chromium then parses `<noscript>` as markup, runs none of the site's
//   scripts, and the 长辈模式 switch stays hidden. Playwright can still
//   evaluate in such a page (over the DevTools protocol), so axe is injected
//   with `page.evaluate(source)` (a `<script>` tag from `addScriptTag` would not
//   run). Timers never fire in a page whose scripts are off, and axe waits on
//   `setTimeout(…, 0)` between rules, so before injecting axe the test puts in
//   a `setTimeout` that runs 0–1 ms callbacks as microtasks and drops longer
//   ones (only axe's give-up timers, for preloading and frames, which
//   `preload: false` and a frameless site never need). Blocking the site's
//   scripts in a scripts-on context instead would show neither `<noscript>`
//   nor the scripting-off state of the page, so it is not used.
//   长辈模式 is not checked without scripts: the switch needs scripts, so a
//   no-script visitor never sees that mode.
//
// No axe rule is disabled.
//
// Also checked: no page scrolls sideways on a 320 px screen (标准 and
// 长辈模式), and in 长辈模式 body text is at least 20 px with a line height of
// at least 1.6 times that.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { serveBuilt, launchBrowser, PAGE_TYPES, sideways } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const AXE_SOURCE = readFileSync(AXE_PATH, 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const PAGES = PAGE_TYPES;

const MODES = [
  { name: '标准+脚本', js: true, large: false },
  { name: '长辈+脚本', js: true, large: true },
  { name: '标准+无脚本', js: false, large: false },
];

let server;
let browser;
/** page type → mode → number of violations (axe), for the summary. */
const summary = new Map();
/** page type → mode → "ok" or what went wrong (layout checks). */
const layoutSummary = new Map();

before(async () => {
  server = await serveBuilt();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newContext(mode, options = {}) {
  const context = await browser.newContext({ javaScriptEnabled: mode.js, ...options });
  if (mode.large) {
    // What the reading-mode widget stored when the resident turned 长辈模式 on.
    await context.addInitScript(() => localStorage.setItem('gongshi.reading-mode', 'large'));
  }
  return context;
}

/** Opens a page and waits until its widgets (when scripts run) are done. */
async function open(context, mode, path) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url + path, { waitUntil: 'load' });
  if (mode.js) {
    await page.locator('#gs-reading-mode').waitFor({ state: 'visible', timeout: 10000 });
    if (mode.large) {
      await page.waitForFunction(() => document.documentElement.classList.contains('gs-large'), null, { timeout: 10000 });
    }
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-gs-table]')].every((t) => /ready|failed/.test(t.dataset.gsTableState ?? '')),
      null,
      { timeout: 10000, polling: 20 },
    );
    if (path.startsWith('search/')) {
      await page.locator('[data-gongshi-search-results] ol.search-results li').first().waitFor({ timeout: 10000 });
    }
  } else {
    assert.ok(await page.locator('#gs-reading-mode').isHidden(), 'the switch stays hidden without scripts');
  }
  assert.equal(
    await page.evaluate(() => document.documentElement.classList.contains('gs-large')),
    mode.large,
    `gs-large on <html> in mode ${mode.name}`,
  );
  return { page, errors };
}

async function runAxe(page, mode) {
  if (mode.js) {
    await page.addScriptTag({ path: AXE_PATH });
  } else {
    // Scripts are off: see the header for why timers are replaced.
    await page.evaluate(() => {
      window.setTimeout = (fn, ms, ...args) => {
        if (!(ms > 1)) Promise.resolve().then(() => fn(...args));
        return 0;
      };
      window.clearTimeout = () => {};
    });
    await page.evaluate(AXE_SOURCE);
  }
  return page.evaluate(async (tags) => {
    const summarize = (list) =>
      list.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary })),
      }));
    const results = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      preload: false,
      resultTypes: ['violations', 'incomplete'],
    });
    const violations = summarize(results.violations);
    const unsure = () => results.incomplete.find((v) => v.id === 'color-contrast')?.nodes.length ?? 0;
    let unverified = unsure();
    if (unverified) {
      // Text in a sideways-scrolling table sits on the scroll cue (gradients
      // on .table-wrap), whose colour axe cannot read, so it leaves that
      // text "to review". The cue is only a shadow at an edge that can
      // scroll; with the plain page colour in its place axe checks the text.
      const style = document.createElement('style');
      style.textContent = '.table-wrap { background: var(--paper) !important; }';
      document.head.append(style);
      const again = await window.axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] }, preload: false, resultTypes: ['violations', 'incomplete'] });
      style.remove();
      for (const v of summarize(again.violations)) violations.push({ ...v, id: `${v.id} (scroll cue off)` });
      unverified = again.incomplete.find((v) => v.id === 'color-contrast')?.nodes ?? [];
      unverified = unverified.map((n) => `${n.target.join(' ')}: ${n.any[0]?.message ?? ''}`);
    } else {
      unverified = [];
    }
    return { violations, unverified };
  }, AXE_TAGS);
}

function describe(violations) {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s)\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target}\n      ${n.html}\n      ${(n.summary ?? '').replace(/\n/g, '\n      ')}`)
          .join('\n'),
    )
    .join('\n');
}

for (const mode of MODES) {
  test(`axe WCAG 2.1 AA, ${mode.name}: no violations on any page type`, async (t) => {
    const context = await newContext(mode);
    const failures = [];
    for (const [type, path] of PAGES) {
      const { page, errors } = await open(context, mode, path);
      const { violations, unverified } = await runAxe(page, mode);
      const row = summary.get(type) ?? {};
      row[mode.name] = `${violations.reduce((n, v) => n + v.nodes.length, 0)}${unverified.length ? ` (${unverified.length} contrast unverifiable)` : ''}`;
      if (unverified.length) t.diagnostic(`${type}, ${mode.name}: axe could not decide the contrast of ${unverified.length} element(s), e.g. ${unverified.slice(0, 3).join('; ')}`);
      summary.set(type, row);
      if (violations.length) failures.push(`${type} (/${path}):\n${describe(violations)}`);
      assert.deepEqual(errors, [], `script errors on /${path}`);
      await page.close();
    }
    await context.close();
    t.diagnostic(`${mode.name}: ${PAGES.length} page types, ${failures.length} with violations`);
    assert.equal(failures.length, 0, `axe violations (${mode.name}):\n${failures.join('\n')}`);
  });
}

for (const mode of MODES) {
  test(`320 px wide, ${mode.name}: no page scrolls sideways${mode.large ? '; text is large and airy' : ''}`, async (t) => {
    const context = await newContext(mode, { viewport: { width: 320, height: 640 } });
    const failures = [];
    for (const [type, path] of PAGES) {
      const { page } = await open(context, mode, path);
      const m = {
        ...(await page.evaluate(sideways)),
        ...(await page.evaluate(() => {
          const body = getComputedStyle(document.body);
          return { fontSize: parseFloat(body.fontSize), lineHeight: body.lineHeight };
        })),
      };
      const problems = [];
      if (m.scrollWidth > m.clientWidth) {
        problems.push(`scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth} (wide: ${m.wide.join(', ')})`);
      }
      if (mode.large) {
        const lineHeight = parseFloat(m.lineHeight); // "normal" → NaN, which fails
        if (!(m.fontSize >= 20)) problems.push(`body font-size ${m.fontSize}px < 20px`);
        if (!(lineHeight >= 1.6 * m.fontSize)) problems.push(`body line-height ${m.lineHeight} < 1.6 × ${m.fontSize}px`);
      }
      const row = layoutSummary.get(type) ?? {};
      row[mode.name] = problems.length ? 'FAIL' : mode.large ? `ok (${m.fontSize}px/${m.lineHeight})` : 'ok';
      layoutSummary.set(type, row);
      if (problems.length) failures.push(`${type} (/${path}): ${problems.join('; ')}`);
      await page.close();
    }
    await context.close();
    t.diagnostic(`${mode.name} at 320 px: ${PAGES.length} page types, ${failures.length} failing`);
    assert.equal(failures.length, 0, failures.join('\n'));
  });
}

test('summary', (t) => {
  const names = MODES.map((m) => m.name);
  t.diagnostic(`axe-core ${JSON.parse(readFileSync(require.resolve('axe-core/package.json'), 'utf8')).version}, tags ${AXE_TAGS.join(' ')}`);
  t.diagnostic(`axe violations (elements) — page type × ${names.join(' | ')}`);
  let total = 0;
  for (const [type] of PAGES) {
    const row = summary.get(type) ?? {};
    total += names.reduce((n, m) => n + (parseInt(row[m], 10) || 0), 0);
    t.diagnostic(`  ${type}: ${names.map((m) => row[m] ?? 'not run').join(' | ')}`);
  }
  t.diagnostic(`  total: ${total} violating elements over ${summary.size} page types × ${names.length} modes`);
  t.diagnostic(`320 px layout (and 长辈模式 type size) — page type × ${names.join(' | ')}`);
  for (const [type] of PAGES) {
    const row = layoutSummary.get(type) ?? {};
    t.diagnostic(`  ${type}: ${names.map((m) => row[m] ?? 'not run').join(' | ')}`);
  }
});
