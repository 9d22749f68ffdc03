// Writes the hostile fixture site of tests/xss/README.md from vectors.json.
// tests/xss.rs writes the same site in Rust (`make_site`): keep the two in
// step (same files, same text) when either changes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Vectors shown together on one data notice, and (but `solo` ones) on one raw notice. */
export const GROUP = 5;
export const RAW_GROUP = 5;
/** Characters of the vectors in one title (a title may have 500). */
const TITLE_CHARS = 440;
const CHART_KINDS = ['bar', 'hbar', 'line', 'pie'];
/** Rows of the large table: more than the page shows, so the widget draws the rest from JSON. */
export const BIG_ROWS = 600;
/** Data files whose names look like URL schemes (tables and charts link to them). */
export const SCHEME_FILES = ['javascript:alert(1).csv', 'vbscript:msgbox(1).csv'];

export function loadCorpus() {
  return JSON.parse(readFileSync(path.join(here, 'vectors.json'), 'utf8'));
}

const pad = (n) => String(n).padStart(3, '0');
const oneLine = (s) => s.replace(/[\r\n]/g, ' ');
const isPunct = (c) => /[!-/:-@[-`{-~]/.test(c);
const mdEscape = (s) => Array.from(s, (c) => (isPunct(c) ? `\\${c}` : c)).join('');

/** A TOML basic string. */
export function toml(s) {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0);
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c;
  }
  return `${out}"`;
}

const csv = (s) => `"${s.replaceAll('"', '""')}"`;

/** The vector as a shortcode argument (shortcode quoting, then Markdown escapes). */
export const shortcodeArg = (v) => mdEscape(oneLine(v).replaceAll('\\', '\\\\').replaceAll('"', '\\"'));

/** A code span showing the vector as text (for search excerpts). */
function codeSpan(v) {
  const s = oneLine(v);
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${s} ${fence}`;
}

const cell = (v) => oneLine(v).replaceAll('|', '\\|');
const linkTitle = (v) => oneLine(v).replaceAll('\\', '\\\\').replaceAll('"', '\\"');

/** A Markdown link destination, or null when the vector cannot be one. */
export function destination(v) {
  if (/[<>]/.test(v)) return null;
  if (!/[\x00-\x20]/.test(v) && balanced(v)) return v;
  if (!/[\r\n]/.test(v)) return `<${v}>`;
  return null;
}

function balanced(s) {
  let depth = 0;
  for (const c of s) {
    if (c === '(') depth += 1;
    if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

const autolink = (v) => (/^[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>]*$/.test(v) ? `<${v}>` : '');

/** A vector alone on a line that would read as a (broken) shortcode, which is an error (GS302). */
const block = (v) => (/^\s*\{\{[\s\S]*\}\}\s*$/.test(v) ? `文字 ${v}` : v);

/** Whether the vector can be an attachment's file name. */
export function attachable(v) {
  return (
    !/[/\\\x00-\x1f\x7f]/.test(v) &&
    v === v.trim() &&
    !v.startsWith('.') &&
    Buffer.byteLength(`${v}.txt`) <= 200
  );
}

const attr = (v) => v.replaceAll('"', '&quot;');

/**
 * The vectors of each raw notice, by index: up to `RAW_GROUP` a notice, as
 * many as its title (all of them) can hold; a vector marked `solo` (it
 * swallows what follows it) has one to itself.
 */
export function rawGroups(corpus = loadCorpus()) {
  const groups = [];
  let current = [];
  const chars = (group) => group.reduce((sum, i) => sum + [...corpus.vectors[i].v].length + 3, -3);
  corpus.vectors.forEach((vector, i) => {
    if (vector.solo === true) {
      groups.push([i]);
      return;
    }
    if (current.length === RAW_GROUP || (current.length && chars([...current, i]) > TITLE_CHARS)) {
      groups.push(current);
      current = [];
    }
    current.push(i);
  });
  if (current.length) groups.push(current);
  return groups;
}

/** The files of the site, as [relative path, text]. */
export function siteFiles(corpus = loadCorpus()) {
  const files = [];
  // A notice with a NUL byte is refused (GS002): there it is written as a
  // character reference (front matter has none: TOML escapes it).
  const add = (p, text) => files.push([p, p.endsWith('.md') ? text.replaceAll('\0', '&#0;') : text]);
  const vs = corpus.vectors.map((x) => x.v);
  const dir = 'content/qu/zhen/cun';
  add(
    'site/config.toml',
    `title = ${toml('XSS测试站<script>alert(1)</script>')}\n` +
      `description = ${toml('<img src=x onerror=alert(1)>说明')}\n` +
      'base_url = "https://example.org/"\n\n[kinds]\n' +
      `xss = ${toml('<svg onload=alert(1)>类')}\n`,
  );
  add('content/_region.toml', 'name = "XSS测试市"\nkind = "city"\n');
  const regions = [['content/qu', 'county'], ['content/qu/zhen', 'town'], [dir, 'village']];
  regions.forEach(([folder, kind], i) => add(`${folder}/_region.toml`, `name = ${toml(corpus.region_names[i])}\nkind = "${kind}"\n`));

  rawGroups(corpus).forEach((group, k) => {
    const rn = pad(k + 1);
    let front = `+++\ntitle = ${toml(`xsst${rn} ${group.map((i) => vs[i]).join(' ｜ ')}`)}\nkind = "announcement"\ndate = 2021-06-01\nslug = "r${rn}"\n`;
    const attachments = group.map((i) => vs[i]).filter(attachable);
    if (attachments.length) front += `attachments = [${attachments.map((v) => toml(`${v}.txt`)).join(', ')}]\n`;
    for (const v of attachments) add(`${dir}/${v}.txt`, 'x\n');
    let body = `+++\n\nxssr${rn} xssrall 开始\n`;
    for (const i of group) {
      const v = vs[i];
      const n = pad(i + 1);
      body += '\n';
      if (corpus.vectors[i].url === true) body += `<a href="${attr(v)}">链接${n}</a> <img src="${attr(v)}" alt="图${n}"> <q cite="${attr(v)}">引${n}</q>\n\n`;
      body += `前文 ${v} 后文\n\n${block(v)}\n\n<b id="xss-probe-${n}">${n}</b>\n`;
    }
    add(`${dir}/r${rn}.md`, front + body);
  });

  for (let g = 0; g * GROUP < vs.length; g += 1) {
    const gn = pad(g + 1);
    let text = `+++\ntitle = ${toml(`xssd${gn} ${vs[g * GROUP]}`)}\nkind = "xss"\ndate = 2021-07-01\nslug = "d${gn}"\n+++\n`;
    for (let i = g * GROUP; i < Math.min(vs.length, (g + 1) * GROUP); i += 1) {
      const v = vs[i];
      const n = pad(i + 1);
      const arg = shortcodeArg(v);
      text +=
        `\nxsss${n} xsssall ${codeSpan(v)}\n\n` +
        `{{ table(src="v${n}.csv", caption="${arg}") }}\n\n` +
        `{{ chart(src="v${n}.csv", x="名称", y="数值", kind="${CHART_KINDS[i % CHART_KINDS.length]}", title="${arg}") }}\n\n` +
        `| 名称 | 数值 | 说明 |\n|---|---|---|\n| ${cell(v)} | 1 | 甲 |\n| 乙 | 2 | ${cell(v)} |\n\n` +
        `[链接${n}](https://example.org/${n} "${linkTitle(v)}") ![${mdEscape(oneLine(v))}](https://example.org/x${n}.png)\n`;
      const { url, md } = corpus.vectors[i];
      const dest = url === true && md !== false ? destination(v) : null;
      if (dest !== null) {
        text += `\n[链接${n}](${dest}) ![图${n}](${dest}) [引用${n}][r${n}] ${autolink(v)}\n\n[r${n}]: ${dest}\n`;
      }
      add(`${dir}/v${n}.csv`, `名称,数值,说明,${csv(v)}\n${csv(v)},1,甲,${csv(v)}\n乙,2,${csv(v)},丙\n`);
    }
    add(`${dir}/d${gn}.md`, text);
  }

  let big = '名称,数值,说明\n';
  for (let k = 0; k < BIG_ROWS; k += 1) big += `${csv(vs[k % vs.length])},${k + 1},${csv(vs[(k * 7 + 3) % vs.length])}\n`;
  add(`${dir}/big.csv`, big);
  add(`${dir}/big.md`, '+++\ntitle = "xssbig 大表"\nkind = "xss"\ndate = 2021-08-01\nslug = "big"\n+++\n\n{{ table(src="big.csv", caption="大表") }}\n');

  const data = '名称,数值\n甲,1\n乙,2\n';
  for (const name of SCHEME_FILES) add(`${dir}/${name}`, data);
  add(
    `${dir}/files.md`,
    '+++\ntitle = "xssfiles 文件名"\nkind = "xss"\ndate = 2021-08-01\nslug = "files"\n+++\n\n' +
      `{{ table(src="${SCHEME_FILES[0]}", caption="文件名像网址") }}\n\n` +
      `{{ chart(src="${SCHEME_FILES[0]}", x="名称", y="数值") }}\n\n` +
      `{{ chart(src="${SCHEME_FILES[1]}", x="名称", y="数值") }}\n`,
  );
  return files;
}

/** Writes the site under `root`. */
export function writeSite(root, corpus = loadCorpus()) {
  for (const [p, text] of siteFiles(corpus)) {
    const full = path.join(root, p);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeSite(process.argv[2] ?? 'xss-site');
}
