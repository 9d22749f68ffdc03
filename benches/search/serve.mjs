// A static file server on 127.0.0.1 for the benchmark. It logs every
// request with the size of its body, raw and gzip -9 (computed here, once
// per file), and can hold each response back by a fixed delay so that
// dependent requests are clearly apart in time (see README: round trips).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
};

/** The page every measurement starts from: nothing of either search loaded. */
export const BLANK_PATH = '/__bench__/blank.html';
const BLANK = Buffer.from(
  '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,">' +
    '<title>search bench</title></head><body><p>search bench</p></body></html>',
);

/** Raw and gzip -9 size of a body. */
export function sizes(body) {
  const gz = zlib.gzipSync(body, { level: 9 }).length;
  return { raw: body.length, gz9: gz, transfer: Math.min(body.length, gz) };
}

export function startServer(root, { delayMs = 0 } = {}) {
  const sizeCache = new Map();
  const log = [];
  const server = http.createServer((req, res) => {
    const arrived = performance.now();
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      urlPath = '/';
    }
    let status = 200;
    let body;
    let type = 'application/octet-stream';
    let cache = 'public, max-age=31536000';
    if (urlPath === BLANK_PATH) {
      body = BLANK;
      type = TYPES['.html'];
      cache = 'no-store';
    } else {
      let file = path.join(root, path.normalize(urlPath));
      if (!file.startsWith(root)) file = '';
      try {
        if (file && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
        body = fs.readFileSync(file);
        type = TYPES[path.extname(file)] ?? type;
      } catch {
        status = 404;
        body = Buffer.from('not found');
        type = 'text/plain';
      }
    }
    if (!sizeCache.has(urlPath)) sizeCache.set(urlPath, sizes(body));
    const entry = { path: urlPath, status, arrived, ...sizeCache.get(urlPath) };
    log.push(entry);
    setTimeout(() => {
      res.writeHead(status, { 'content-type': type, 'content-length': body.length, 'cache-control': cache });
      res.end(body, () => {
        entry.ended = performance.now();
      });
    }, delayMs);
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        log,
        sizeOf: (p) => sizeCache.get(p),
        stop: () => new Promise((r) => server.close(r)),
      });
    });
  });
}
