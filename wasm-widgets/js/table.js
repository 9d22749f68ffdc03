// gongshi table widget: sorting, filtering, paging, totals and CSV export for
// the data tables of a page (`[data-gs-table]`), as an enhancement of the
// static <table>, which stays complete and readable without scripts.
//
//   const t = await import('/_gongshi/table.js');
//   t.enhanceAll();                 // every [data-gs-table] of the page
//   const ok = await t.enhance(el); // one table; false when it stays static
//
// The table's JSON (beside the page; also the public download) carries the
// cell text and what the generator computed: sort ranks, pinyin initials,
// numbers. It is parsed here with JSON.parse, so the wasm (the same Rust
// core the generator links) holds no JSON parser; it sorts, filters, sums
// and writes the CSV. Nothing here uses innerHTML: all text is set as text.
const glue = import('./table_widget.js');
const wasm = fetch(new URL('./table_widget_bg.wasm', import.meta.url));
glue.catch(() => {});
wasm.catch(() => {});

const FORMAT = 'gongshi-table/1';
const PAGE_SIZE = 50;
// Printed, a table shows this many rows of the current view (all of a table
// the page holds in full without scripts), not just the page on screen.
const PRINT_ROWS = 500;
// Joins cells (and names, initials) into one string per call into wasm.
const SEP = '\u001f';
const FAILED = '表格排序功能加载失败，表格内容仍可阅读。';
let tables = 0;

let core;
function loadCore() {
  core ??= glue.then(async (m) => {
    await m.default({ module_or_path: wasm });
    return m;
  });
  return core;
}

/** Enhances every data table of the page; never throws. */
export function enhanceAll(root = document) {
  return Promise.all(Array.from(root.querySelectorAll('[data-gs-table]'), enhance));
}

/**
 * Enhances one table. On any failure (JSON missing, malformed or not
 * matching the table; wasm not loading) the static table is left exactly as
 * it was, with a short note; resolves to false.
 */
export async function enhance(box) {
  if (box.dataset.gsTableState) return box.dataset.gsTableState === 'ready';
  box.dataset.gsTableState = 'loading';
  try {
    const url = new URL(box.dataset.gsTable, location.href);
    const json = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
      return r.json();
    });
    const [m, data] = await Promise.all([loadCore(), json]);
    setup(box, m, data, url);
    box.dataset.gsTableState = 'ready';
    return true;
  } catch (error) {
    box.dataset.gsTableState = 'failed';
    if (!box.querySelector('.gs-table-error')) {
      box.prepend(el('p', { className: 'gs-table-error', role: 'status', textContent: FAILED }));
    }
    console.warn('gongshi table widget:', error);
    return false;
  }
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

const fmt = (n) => n.toLocaleString('en-US');
const text = (cell) => (cell == null ? '' : String(cell));

function invalid(what) {
  throw new Error(`table JSON does not match the page: ${what}`);
}

/** The wasm side of one table: cells, ranks, initials and numbers. */
function tableCore(m, data) {
  const { columns, rows } = data;
  const headers = columns.map((c) => text(c.name).replaceAll(SEP, ' ')).join(SEP);
  const join = (clean) => rows.map((r) => (clean ? r.map((c) => text(c).replaceAll(SEP, ' ')) : r).join(SEP)).join(SEP);
  // A cell holding the separator itself is so rare that it costs a second pass only then.
  const t = m.Table.create(headers, rows.length, join(false)) ?? m.Table.create(headers, rows.length, join(true));
  if (!t) invalid('cells');
  const sortable = columns.map((column, c) => {
    const ranks = data.ranks?.[c];
    if (!Array.isArray(ranks)) return false;
    // A plain array goes straight into wasm memory (null would become 0, no key).
    if (!t.set_ranks(c, ranks)) invalid(`ranks of column ${c}`);
    return true;
  });
  columns.forEach((column, c) => {
    const initials = data.initials?.[c];
    if (Array.isArray(initials) && !t.set_initials(c, initials.map(text).join(SEP))) invalid(`initials of column ${c}`);
    const values = data.values?.[c];
    if (Array.isArray(values)) {
      const numbers = Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN));
      if (!t.set_values(c, numbers, Math.max(0, Math.min(12, column.decimals | 0)))) invalid(`values of column ${c}`);
    }
  });
  return { t, sortable };
}

function setup(box, m, data, url) {
  // Everything is checked, and the core built, before the page is touched.
  const table = box.querySelector('table');
  const headRow = table?.tHead?.rows[0];
  const body = table?.tBodies[0];
  if (!headRow || !body) invalid('no <thead> or <tbody>');
  if (data?.format !== FORMAT) invalid(`format ${data?.format}`);
  const { columns, rows } = data;
  const ths = Array.from(headRow.cells);
  if (!Array.isArray(columns) || columns.length !== ths.length) invalid('columns');
  if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r) && r.length === columns.length)) invalid('rows');
  // The rows in the HTML are the first rows of the JSON: they are moved, not
  // rebuilt, so markup in cells (links, emphasis) survives.
  const nodes = Array.from(body.rows);
  if (nodes.length > rows.length) invalid('more rows in the page than in the JSON');
  const { t, sortable } = tableCore(m, data);

  const id = box.id || `gs-table-${++tables}`;
  const numeric = ths.map((th) => th.classList.contains('num'));
  const total = rows.length;
  const footCells = table.tFoot?.rows[0]?.cells;
  const staticTotals = columns.map((column, c) => (column.total != null && footCells?.[c] ? footCells[c].textContent : null));
  const stem = decodeURIComponent(url.pathname.split('/').pop()).replace(/\.json$/i, '') || 'table';
  let page = 0;
  let sorted = -1;
  let descending = false;
  let filtered = false;
  let shownIds = [];

  const input = el('input', { type: 'search', id: `${id}-filter`, autocomplete: 'off', spellcheck: false });
  input.setAttribute('aria-describedby', `${id}-count`);
  const exportButton = el('button', { type: 'button', className: 'gs-table-export', textContent: '导出当前结果（CSV）' });
  const tools = el(
    'div',
    { className: 'gs-table-tools' },
    el('span', { className: 'gs-table-filter' }, el('label', { htmlFor: input.id, textContent: '筛选' }), input),
    exportButton,
  );
  const count = el('p', { className: 'gs-table-count', id: `${id}-count` });
  const prev = el('button', { type: 'button', textContent: '上一页' });
  const next = el('button', { type: 'button', textContent: '下一页' });
  const pageLabel = el('span', { className: 'gs-table-page' });
  const pager = el('div', { className: 'gs-table-pager', role: 'group' }, prev, pageLabel, next);
  pager.setAttribute('aria-label', '表格翻页');
  const live = el('div', { className: 'gs-table-live' });
  live.setAttribute('aria-live', 'polite');
  const empty = el('tr', { className: 'gs-table-empty' }, el('td', { colSpan: columns.length, textContent: '没有符合筛选条件的行。' }));

  function row(i) {
    if (!nodes[i]) {
      const tr = el('tr');
      rows[i].forEach((cell, c) => {
        const td = el('td', { textContent: text(cell) });
        if (numeric[c]) td.className = 'num';
        tr.append(td);
      });
      nodes[i] = tr;
    }
    return nodes[i];
  }

  function render() {
    const shown = t.shown();
    const pages = Math.max(1, Math.ceil(shown / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    const start = page * PAGE_SIZE;
    const ids = t.page(start, PAGE_SIZE);
    // The same rows as shown (a keystroke that changes nothing on this
    // page) cost no relayout of the table.
    if (ids.length !== shownIds.length || ids.some((r, i) => r !== shownIds[i]) || !body.firstChild) {
      body.replaceChildren(...(ids.length ? Array.from(ids, row) : [empty]));
      shownIds = ids;
    }
    const range = `显示 ${fmt(start + 1)}–${fmt(start + ids.length)}`;
    count.textContent = filtered
      ? `筛选出 ${fmt(shown)} 条（共 ${fmt(total)} 条）${shown ? `，${range}` : ''}`
      : `共 ${fmt(total)} 条${shown ? `，${range}` : ''}`;
    pager.hidden = pages <= 1;
    pageLabel.textContent = `第 ${fmt(page + 1)} / ${fmt(pages)} 页`;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    staticTotals.forEach((original, c) => {
      if (original != null) footCells[c].textContent = filtered ? (t.total(c) ?? original) : original;
    });
  }

  let announceTimer;
  function announce(message, delay = 0) {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      live.textContent = message;
    }, delay);
  }

  function sortBy(c) {
    descending = sorted === c ? !descending : false;
    sorted = c;
    t.sort(c, descending);
    ths.forEach((th, i) => {
      if (i === c) th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    });
    page = 0;
    render();
    announce(`已按“${text(columns[c].name)}”${descending ? '降序' : '升序'}排列`);
  }

  function runFilter() {
    t.filter(input.value);
    filtered = input.value.trim() !== '';
    page = 0;
    render();
    announce(count.textContent, 600);
  }

  function turn(by) {
    page += by;
    render();
    // Keep focus on a usable button when the one pressed is now disabled.
    if (by > 0 && next.disabled) prev.focus();
    if (by < 0 && prev.disabled) next.focus();
    announce(`${pageLabel.textContent}，${count.textContent}`);
  }

  function download() {
    const blob = new Blob([t.csv()], { type: 'text/csv;charset=utf-8' });
    const link = el('a', { href: URL.createObjectURL(blob), download: `${stem}-筛选结果.csv`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  }

  // From here on the page changes; nothing below depends on the JSON's shape.
  ths.forEach((th, c) => {
    if (!sortable[c]) return;
    const button = el('button', { type: 'button', className: 'gs-sort' }, ...th.childNodes);
    const icon = el('span', { className: 'gs-sort-icon' });
    icon.setAttribute('aria-hidden', 'true');
    button.append(icon);
    button.addEventListener('click', () => sortBy(c));
    th.append(button);
  });
  input.addEventListener('input', (event) => {
    // Pinyin typed into an input method is not the query until chosen.
    if (!event.isComposing) runFilter();
  });
  input.addEventListener('compositionend', runFilter);
  // Fold every cell for the filter before the first keystroke: when the page
  // is idle, or at once when the box is focused first.
  const prepare = () => t.prepare();
  input.addEventListener('focus', prepare, { once: true });
  (window.requestIdleCallback ?? setTimeout)(prepare);
  prev.addEventListener('click', () => turn(-1));
  next.addEventListener('click', () => turn(1));
  exportButton.addEventListener('click', download);
  window.addEventListener('beforeprint', () => {
    body.replaceChildren(...Array.from(t.page(0, PRINT_ROWS), row));
    shownIds = [];
  });
  window.addEventListener('afterprint', render);
  const wrap = table.closest('.table-wrap') ?? table;
  wrap.before(tools, count);
  wrap.after(pager);
  box.append(live);
  box.classList.add('gs-table-enhanced');
  const more = box.querySelector('.table-more');
  if (more) more.textContent = `共 ${fmt(total)} 行，已全部载入，可筛选、排序和翻页查看。`;
  render();
}
