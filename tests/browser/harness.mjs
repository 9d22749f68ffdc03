// Shared by the browser tests: a `gongshi serve` of the demo site and a
// headless Debian Chromium, both started once per test file.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');

/** The gongshi binary: GONGSHI_BIN, else the release build. */
export const gongshiBin =
  process.env.GONGSHI_BIN ?? path.join(repoRoot, 'target/release/gongshi');

/** Starts `gongshi serve --port 0` on a site and resolves to its base URL. */
export async function serveSite(root = repoRoot) {
  const child = spawn(gongshiBin, ['serve', '--port', '0', '--root', root], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SOURCE_DATE_EPOCH: '1640966400' },
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`gongshi serve exited with ${code}`)));
    lines.on('line', (line) => {
      const match = line.match(/http:\/\/[0-9.:]+\//);
      if (match) resolve(match[0]);
    });
  });
  return { url, stop: () => child.kill() };
}

/**
 * Builds the demo site into a temporary folder and serves it with a plain
 * static web server (Python's threaded http.server) on 127.0.0.1, as a host
 * would: no live reload, no preview machinery. Resolves to { url, out, stop }.
 */
export async function serveBuilt(root = repoRoot) {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { execFileSync } = await import('node:child_process');
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'gongshi-built-')), 'public');
  execFileSync(gongshiBin, ['build', '--root', root, '--out', out], {
    env: { ...process.env, SOURCE_DATE_EPOCH: '1640966400' },
    stdio: 'ignore',
  });
  const child = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', out], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`http.server exited with ${code}`)));
    lines.on('line', (line) => {
      const match = line.match(/port (\d+)/);
      if (match) resolve(`http://127.0.0.1:${match[1]}/`);
    });
  });
  return { url, out, stop: () => child.kill() };
}

/** Headless Chromium with the flags this machine needs (no network beyond loopback). */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
