// A static file server on 127.0.0.1 for the benchmark, over HTTP/2 with a
// throwaway self-signed certificate (HTTP/1.1 if openssl is missing). It
// logs every request with its arrival and end times and the size of its
// body, raw and gzip -9 (computed here, once per file), and holds each
// response back by a fixed delay, so that dependent requests are clearly
// apart in time (see README: round trips). HTTP/2 matters: over HTTP/1.1
// the browser's six connections per host would queue parallel requests and
// make them look dependent.
import http from 'node:http';
import http2 from 'node:http2';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';

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

/** A self-signed certificate for 127.0.0.1, or null without openssl. */
function certificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongshi-bench-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const pair = r.status === 0 ? { key: fs.readFileSync(key), cert: fs.readFileSync(cert) } : null;
  fs.rmSync(dir, { recursive: true, force: true });
  return pair;
}

export function startServer(root, { delayMs = 0, http1 = false } = {}) {
  const sizeCache = new Map();
  const log = [];
  const tls = http1 ? null : certificate();
  const handler = (req, res) => {
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
    const entry = { path: urlPath, status, arrived, ended: Infinity, ...sizeCache.get(urlPath) };
    log.push(entry);
    res.on('finish', () => {
      entry.ended = performance.now();
    });
    setTimeout(() => {
      res.writeHead(status, { 'content-type': type, 'content-length': body.length, 'cache-control': cache });
      res.end(body);
    }, delayMs);
  };
  const server = tls ? http2.createSecureServer({ ...tls, allowHTTP1: true }, handler) : http.createServer(handler);
  if (!tls) server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
        protocol: tls ? 'h2' : 'http/1.1',
        log,
        sizeOf: (p) => sizeCache.get(p),
        stop: () =>
          new Promise((r) => {
            server.close(r);
            // HTTP/2 sessions stay open until the browser closes them.
            server.closeAllConnections?.();
            setTimeout(r, 200);
          }),
      });
    });
  });
}
