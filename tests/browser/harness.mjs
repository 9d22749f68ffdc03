// Shared by the browser tests: a `gongshi serve` of the demo site, a built
// site behind nginx, and a headless Debian Chromium, started once per test
// file.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
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

/** One page of every type the demo site has: [name, path under the site]. */
export const PAGE_TYPES = [
  ['home', ''],
  ['regions index', 'regions/'],
  ['county', 'rongnan/'],
  ['town', 'rongnan/tangxia/'],
  ['village', 'rongnan/tangxia/fengtan/'],
  ['notice with table and chart', 'rongnan/tangxia/fengtan/2021-xuanju-jieguo/'],
  ['plain notice', 'rongnan/tangxia/fengtan/2021-xuanju-gonggao/'],
  ['election timeline', 'rongnan/tangxia/fengtan/elections/2021/'],
  ['kind list', 'kinds/result/'],
  ['kinds index', 'kinds/'],
  ['search (?q=选举)', `search/?q=${encodeURIComponent('选举')}`],
  ['404', 'no-such-page/'],
];

/**
 * Runs in the page (`page.evaluate(sideways)`): how wide the page is against
 * the screen, and up to 5 elements that stick out past its right edge,
 * leaving out the insides of a box that scrolls on its own (wide tables
 * and charts).
 */
export function sideways() {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5)
    .filter((e) => {
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return false;
      }
      return true;
    })
    .slice(0, 5)
    .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''} (right ${Math.round(e.getBoundingClientRect().right)})`);
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
}

/** Where Debian's nginx and its brotli_static module live (NGINX, NGINX_BROTLI_MODULE to change). */
export const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
export const BROTLI_MODULE = process.env.NGINX_BROTLI_MODULE ?? '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
/** True when nginx can send the `.br` copies (libnginx-mod-http-brotli-static). */
export const hasBrotli = existsSync(BROTLI_MODULE);
/** The sub-path the built sites are served under, as on a shared host. */
export const SUB_PATH = '/cunwu/';

/** A port nobody listens on now: bound to 0 by the kernel, then released. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The nginx.conf of `serveBuilt`: everything (pid, logs, temp files) inside `dir`. */
function nginxConf({ dir, out, port }) {
  const q = (p) => JSON.stringify(p); // nginx takes double-quoted strings with \\ escapes, like JSON
  return `# Written by tests/browser/harness.mjs for one test run.
${process.getuid?.() === 0 ? 'user root;\n' : ''}${hasBrotli ? `load_module ${q(BROTLI_MODULE)};\n` : ''}worker_processes 1;
pid ${q(path.join(dir, 'nginx.pid'))};
error_log ${q(path.join(dir, 'error.log'))} warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    # .wasm (older mime.types lack it), as docs/deploy.md says.
    types { application/wasm wasm; }
    default_type application/octet-stream;
    access_log ${q(path.join(dir, 'access.log'))};
    client_body_temp_path ${q(path.join(dir, 'client_body'))};
    proxy_temp_path ${q(path.join(dir, 'proxy'))};
    fastcgi_temp_path ${q(path.join(dir, 'fastcgi'))};
    uwsgi_temp_path ${q(path.join(dir, 'uwsgi'))};
    scgi_temp_path ${q(path.join(dir, 'scgi'))};
    sendfile on;
    server_tokens off;
    absolute_redirect off;
    # The .gz (and .br) copies the build wrote beside each file.
    gzip_static on;
${hasBrotli ? '    brotli_static on;\n' : ''}
    server {
        listen 127.0.0.1:${port};
        server_name 127.0.0.1;
        error_page 404 ${SUB_PATH}404.html;
        location ${SUB_PATH} {
            alias ${q(out + '/')};
            index index.html;
            try_files $uri $uri/ =404;
        }
    }
}
`;
}

/**
 * Builds a site (the demo site by default) into a temporary folder and
 * serves it with nginx on 127.0.0.1, under the sub-path /cunwu/, as a host
 * would: no live reload, no preview machinery; the precompressed copies are
 * sent with gzip_static (and brotli_static when the module is installed).
 * Resolves to { url, out, stop }: `url` is the site's root, with the
 * sub-path (http://127.0.0.1:<port>/cunwu/); `out` the built folder.
 */
export async function serveBuilt(root = repoRoot) {
  if (!existsSync(NGINX)) {
    throw new Error(`${NGINX} is missing: apt-get install nginx libnginx-mod-http-brotli-static (scripts/test-all.sh does)`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'gongshi-built-'));
  const out = path.join(dir, 'public');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}${SUB_PATH}`;
  execFileSync(gongshiBin, ['build', '--root', root, '--out', out, '--base-url', url], {
    env: { ...process.env, SOURCE_DATE_EPOCH: '1640966400' },
    // Warnings are kept for the error message of a failed build (the hostile site has many).
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConf({ dir, out, port }));
  const errorLog = path.join(dir, 'error.log');
  const child = spawn(NGINX, ['-p', dir, '-e', errorLog, '-c', conf, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const log = () => `${stderr}${existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : ''}`.trim();
  // Ready when it answers; it may also stop at once (a bad config, a taken port).
  let ready = false;
  for (const deadline = Date.now() + 10000; !ready && Date.now() < deadline; ) {
    const early = await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 50, null))]);
    if (early) throw new Error(`nginx exited (${early.code ?? early.signal}) on port ${port}: ${log()}`);
    ready = await fetch(url, { method: 'HEAD' }).then(
      () => true,
      () => false,
    );
  }
  if (!ready) {
    child.kill();
    throw new Error(`nginx did not answer on ${url}: ${log()}`);
  }
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited.then(() => rmSync(dir, { recursive: true, force: true }));
  };
  return { url, out, stop };
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
