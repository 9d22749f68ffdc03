// 朗读 on notice pages, in headless Chromium behind nginx. Chromium here has
// no voices, so the test (and only the test) replaces speechSynthesis with
// a stub that records what it is asked and "speaks" each sentence in a few
// milliseconds. The control must stay hidden where no Chinese voice exists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serveBuilt, launchBrowser } from './harness.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([serveBuilt(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** Installs a fake speechSynthesis with the given voices, before any page script. */
function stubSpeech(voices) {
  return (voiceList) => {
    const log = [];
    let queue = [];
    let paused = false;
    const next = () => {
      if (paused || !queue.length) return;
      const u = queue.shift();
      u.onstart?.({});
      setTimeout(() => {
        u.onend?.({});
        next();
      }, 30);
    };
    window.__speech = log;
    Object.defineProperty(window, 'speechSynthesis', {
      value: {
        getVoices: () => voiceList,
        addEventListener() {},
        speak(u) { log.push(['speak', u.text, u.lang]); queue.push(u); if (queue.length === 1) setTimeout(next, 0); },
        pause() { log.push(['pause']); paused = true; },
        resume() { log.push(['resume']); paused = false; next(); },
        cancel() { log.push(['cancel']); queue = []; },
      },
    });
    window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  };
}

function aNotice() {
  const list = JSON.parse(readFileSync(path.join(server.out, 'disclosures.json'), 'utf8')).notices;
  return list.find((n) => n.kind === 'election-notice') ?? list[0];
}

test('read-aloud plays the title then the body, highlights, pauses and stops', async () => {
  const context = await browser.newContext();
  await context.addInitScript(stubSpeech(), [{ lang: 'zh-CN', name: 'stub' }]);
  const page = await context.newPage();
  const notice = aNotice();
  await page.goto(new URL(notice.path, server.url).href);
  const control = page.locator('[data-gs-read-aloud]');
  await control.waitFor({ state: 'visible' });
  const play = control.getByRole('button', { name: '朗读' });
  const pause = control.getByRole('button', { name: '暂停' });
  const stop = control.getByRole('button', { name: '停止' });
  assert.ok(await stop.isDisabled(), 'nothing to stop yet');

  await play.click();
  await pause.waitFor({ state: 'visible' });
  const spoken = await page.evaluate(() => window.__speech.filter((e) => e[0] === 'speak'));
  assert.equal(spoken[0][1], notice.title, 'the title first');
  assert.equal(spoken[0][2], 'zh-CN');
  assert.ok(spoken.length > 2, `the body follows, sentence by sentence (${spoken.length})`);
  const body = await page.locator('.notice-body').innerText();
  assert.ok(body.includes(spoken[1][1].slice(0, 5)), 'the second sentence is from the body');
  // The sentence being read is highlighted.
  await page.waitForFunction(() => CSS.highlights.has('gs-read-aloud'));

  await pause.click();
  assert.ok(await page.evaluate(() => window.__speech.some((e) => e[0] === 'pause')));
  await control.getByRole('button', { name: '继续' }).click();
  assert.ok(await page.evaluate(() => window.__speech.some((e) => e[0] === 'resume')));

  await stop.click();
  assert.ok(await page.evaluate(() => window.__speech.at(-1)[0] === 'cancel'));
  assert.equal(await page.evaluate(() => CSS.highlights.has('gs-read-aloud')), false, 'highlight cleared');
  await play.waitFor({ state: 'visible' });
  assert.ok(await stop.isDisabled());
  await context.close();
});

test('read-aloud stays hidden without a Chinese voice, and with scripts off', async () => {
  const notice = aNotice();
  const noVoice = await browser.newContext();
  await noVoice.addInitScript(stubSpeech(), [{ lang: 'en-US', name: 'stub' }]);
  const page = await noVoice.newPage();
  await page.goto(new URL(notice.path, server.url).href);
  await page.waitForTimeout(2000); // longer than the wait for late voices
  assert.equal(await page.locator('[data-gs-read-aloud]').isVisible(), false);
  await noVoice.close();

  const off = await browser.newContext({ javaScriptEnabled: false });
  const still = await off.newPage();
  await still.goto(new URL(notice.path, server.url).href);
  assert.equal(await still.locator('[data-gs-read-aloud]').isVisible(), false);
  await off.close();
});
