// Copies the notice pages of a built gongshi site into a separate folder,
// marked up so that Pagefind indexes what gongshi indexes and can filter the
// way gongshi filters:
//
// - `data-pagefind-body` on <article class="notice">: the title, the meta
//   list (issuer, region names, dates) and the body; not the site header,
//   navigation, breadcrumbs or footer, which repeat on every page;
// - `data-pagefind-ignore` on the kind label, the meta labels (<dt>) and the
//   SHA-256 footer, which gongshi does not index either;
// - empty <span data-pagefind-filter="key:value"> elements for `kind`,
//   `region` (the path of every region above the notice, as gongshi's
//   `region=` filter takes them: `350102/`, `350102/350102001/`, ...) and
//   `year`.
//
// Nothing else changes, so Pagefind reads the same HTML gongshi wrote.
//
//   node pagefind-src.mjs SITE_OUT DEST   → prints {"pages":N,"bytes":B}
import fs from 'node:fs';
import path from 'node:path';

export function markPage(html) {
  const kind = html.match(/<p class="notice-kind">\s*<a href="[^"]*\/kinds\/([^/"]+)\/"/)?.[1];
  const crumbs = html.match(/<nav class="breadcrumbs[^"]*"[^>]*>([\s\S]*?)<\/nav>/)?.[1] ?? '';
  const hrefs = [...crumbs.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
  // First crumb is the site root, last is the notice itself.
  const regions = hrefs.slice(1, -1).map((h) => h.replace(/^\//, ''));
  const year = html.match(/<article class="notice">[\s\S]*?<time datetime="(\d{4})-/)?.[1];
  const filters = [];
  if (kind) filters.push(`kind:${kind}`);
  for (const r of regions) filters.push(`region:${r}`);
  if (year) filters.push(`year:${year}`);
  const spans = filters.map((f) => `<span data-pagefind-filter="${f}"></span>`).join('');
  return html
    .replace('<article class="notice">', `<article class="notice" data-pagefind-body>${spans}`)
    .replace('<p class="notice-kind">', '<p class="notice-kind" data-pagefind-ignore>')
    .replaceAll('<dt>', '<dt data-pagefind-ignore>')
    .replace('<footer class="notice-footer">', '<footer class="notice-footer" data-pagefind-ignore>');
}

/** Notice pages are `…/nNNNNNN/index.html`. */
function* noticePages(dir, rel = '') {
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith('_') || e.name.startsWith('pagefind')) continue;
    const sub = path.join(rel, e.name);
    if (/^n\d+$/.test(e.name)) {
      const file = path.join(dir, sub, 'index.html');
      if (fs.existsSync(file)) yield sub;
    } else {
      yield* noticePages(dir, sub);
    }
  }
}

export function writePagefindSource(site, dest) {
  fs.rmSync(dest, { recursive: true, force: true });
  let pages = 0;
  let bytes = 0;
  for (const sub of noticePages(site)) {
    const html = markPage(fs.readFileSync(path.join(site, sub, 'index.html'), 'utf8'));
    fs.mkdirSync(path.join(dest, sub), { recursive: true });
    fs.writeFileSync(path.join(dest, sub, 'index.html'), html);
    pages += 1;
    bytes += Buffer.byteLength(html);
  }
  return { pages, bytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [site, dest] = process.argv.slice(2);
  if (!site || !dest) {
    console.error('usage: node pagefind-src.mjs SITE_OUT DEST');
    process.exit(2);
  }
  console.log(JSON.stringify(writePagefindSource(site, dest)));
}
