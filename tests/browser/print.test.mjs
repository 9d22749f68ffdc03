// Paper notices: printed (print media emulated in headless Chromium), a
// notice page shows a QR code of its address and the first 16 characters of
// its source's SHA-256, as listed in disclosures.json; on screen neither
// shows. The QR code is decoded from a screenshot (jsQR) and must give the
// page's address. The site is built and served by nginx under /cunwu/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
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

/** Notices of the built demo site, from its manifest. */
function notices() {
  return JSON.parse(readFileSync(path.join(server.out, 'disclosures.json'), 'utf8')).notices;
}

test('a printed notice carries a QR code of its address and its hash', async () => {
  const list = notices();
  // A notice with a table and one without.
  const picks = [list[0], list.find((n) => n.kind === 'result') ?? list[1]];
  const context = await browser.newContext({ deviceScaleFactor: 4 });
  const page = await context.newPage();
  for (const notice of picks) {
    await page.emulateMedia({ media: 'screen' });
    await page.goto(new URL(notice.path, server.url).href);
    assert.equal(await page.locator('.paper-check').isVisible(), false, 'hidden on screen');

    await page.emulateMedia({ media: 'print' });
    const paper = page.locator('.paper-check');
    assert.ok(await paper.isVisible(), `${notice.path}: paper block printed`);
    assert.equal(await page.locator('.paper-hash').innerText(), notice.source_sha256.slice(0, 16));
    assert.match(await paper.innerText(), new RegExp(notice.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    // Screen-only parts do not print.
    assert.equal(await page.locator('.site-header').isVisible(), false);

    const qr = page.locator('.paper-qr');
    const box = await qr.boundingBox();
    assert.ok(box.width > 80 && Math.abs(box.width - box.height) < 1, `square code, ${box.width} px`);
    const png = PNG.sync.read(await qr.screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    assert.ok(decoded, `${notice.path}: the QR code decodes`);
    assert.equal(decoded.data, notice.url, 'the code gives the page address');
  }
  await context.close();
});
