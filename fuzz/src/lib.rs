//! What every fuzz target runs, in one place: the targets in
//! `fuzz_targets/` call these functions with libFuzzer's bytes, and
//! `tests/fuzz_regressions.rs` (on stable, in CI) includes this same file and
//! calls them with every saved input under `fuzz/seeds/` and
//! `fuzz/regressions/`.
//!
//! Each function feeds bytes to the library's public entry points, and
//! besides "no panic" asserts invariants that should hold for any input.
//! Everything here is public API of `gongshi` and `gongshi-widgets`; parts
//! that are private (`load::front_matter`, `render::markdown`,
//! `render::table`) are reached through the smallest public path that runs
//! them (`load::load` on a one-notice site, `render::render`).

use gongshi::config::Config;
use gongshi::data::{self, CellRef, DataSheet};
use gongshi::diagnostics::{Diagnostic, Location};
use gongshi::elections::Elections;
use gongshi::load::{self, LoadOptions};
use gongshi::model::Site;
use gongshi::output::{Contents, Output};
use gongshi_widgets::search::engine::{Checked, Engine, Query, SearchError};
use gongshi_widgets::search::excerpt::excerpt;
use gongshi_widgets::search::terms::Filter;
use gongshi_widgets::table::{csv as table_csv, keys, rank, total, ColumnType, Key};
use std::path::{Path, PathBuf};

/// The region every fuzzed notice belongs to: a village with one election,
/// so that election references, result tables and election pages run too.
const REGION_TOML: &str = r#"name = "测试村"
kind = "village"
code = "350102004001"

[[elections]]
id = "2021"
body = "villagers-committee"
day = 2021-09-10
seats = 5
registered = 1532
cast = 1301
"#;

/// A results table beside the notice of `markdown_page`, for
/// `{{ table(src="results.csv") }}` written by the fuzzer (the seeds do).
const RESULTS_CSV: &str = "姓名,性别,职务,得票,当选\n林文清,男,主任,\"1,102\",是\n陈秀英,女,委员,987,是\n王建国,男,委员,402,否\n";

/// Front matter of the notice whose body `markdown_page` fuzzes.
const PAGE_FRONT_MATTER: &str = "+++\ntitle = \"测试村第十一届村民委员会选举结果公告\"\nkind = \"result\"\ndate = 2021-09-11\nelection = \"2021\"\n+++\n";

const NOTICE_DIR: &str = "content/cun";

/// The sites the targets write into (one folder each), with what is
/// parsed once: configuration and templates.
pub struct Harness {
    root: PathBuf,
    config: Config,
    mask_config: Config,
    tera: tera::Tera,
}

impl Harness {
    /// Sets up the sites under `root` (created; reused between inputs).
    pub fn new(root: &Path) -> Harness {
        for site in ["fm", "md", "csv", "xlsx"] {
            let dir = root.join(site).join(NOTICE_DIR);
            std::fs::create_dir_all(&dir).expect("create the fuzz site");
            std::fs::write(dir.join("_region.toml"), REGION_TOML).expect("write _region.toml");
        }
        std::fs::write(
            root.join("md").join(NOTICE_DIR).join("results.csv"),
            RESULTS_CSV,
        )
        .expect("write results.csv");
        let base = "title = \"测试市村务公开\"\nbase_url = \"https://example.org/sub/\"\n";
        let config = Config::parse(base, None).expect("the fuzz config parses");
        let mask_config = Config::parse(&format!("{base}pii = \"mask\"\n"), None)
            .expect("the fuzz config parses");
        let tera = gongshi::render::templates::load(root).expect("the default theme loads");
        Harness {
            root: root.to_path_buf(),
            config,
            mask_config,
            tera,
        }
    }

    fn site(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    /// Loads a site (as `build_in_memory` does, with the configuration and
    /// templates parsed once) and, with `render`, checks and renders it.
    fn build(&self, root: &Path, config: &Config, render: bool) -> (Site, Output, Vec<Diagnostic>) {
        let mut found = Vec::new();
        let options = LoadOptions {
            build_date: chrono::NaiveDate::from_ymd_opt(2021, 10, 1),
            drafts: true,
        };
        let mut site = load::load(root, config.clone(), options, &mut found)
            .expect("the content folder exists");
        let mut output = Output::new();
        if render {
            gongshi::pii::scan_notices(&mut site, &mut found);
            let elections = Elections::collect(&site);
            found.extend(gongshi::check::check(&site, &elections));
            output = gongshi::render::render(&site, &elections, &self.tera, None)
                .into_output(&mut found);
        }
        for d in &found {
            assert!(
                !d.message.zh().is_empty() && !d.message.en().is_empty(),
                "a diagnostic without a message in both languages: {d:?}"
            );
        }
        (site, output, found)
    }

    /// `front_matter`: bytes as a notice file → loading (the front matter
    /// splitter, the TOML and YAML parsers, the typed fields), and the
    /// reference checks over what was loaded.
    pub fn front_matter(&self, bytes: &[u8]) {
        let root = self.site("fm");
        let file = root.join(NOTICE_DIR).join("n.md");
        std::fs::write(&file, bytes).expect("write the notice");
        let (site, _, found) = self.build(&root, &self.config, false);
        let elections = Elections::collect(&site);
        let _ = gongshi::check::check(&site, &elections);
        let lines = bytes.split(|&b| b == b'\n').count();
        for d in &found {
            if d.location.file.ends_with("n.md") {
                assert!(
                    d.location.line <= lines + 1,
                    "diagnostic past the end of a {lines}-line file: {d:?}"
                );
            }
        }
        if let Some(notice) = site.notices.first() {
            let text = std::str::from_utf8(bytes).expect("a loaded notice is UTF-8");
            assert!(
                text.ends_with(&notice.body),
                "the body is the end of the file"
            );
            assert!(notice.body_line >= 2, "the body follows the front matter");
            assert_eq!(notice.source_sha256.len(), 64);
        }
    }

    /// `markdown_page`: text as the body of a notice → Markdown, shortcodes,
    /// sanitizing, PII masking, every page, the search index.
    pub fn markdown_page(&self, bytes: &[u8]) {
        let root = self.site("md");
        // A NUL byte makes the file "not text" (GS error, nothing rendered):
        // dropped, so that the fuzzer's bytes still reach the renderer.
        let body = String::from_utf8_lossy(bytes).replace('\0', "");
        let file = root.join(NOTICE_DIR).join("n.md");
        std::fs::write(&file, format!("{PAGE_FRONT_MATTER}{body}")).expect("write the notice");
        let (site, output, found) = self.build(&root, &self.mask_config, true);
        let Some(notice) = site.notices.first() else {
            // Refused by a limit (nesting, size): an error says so.
            assert!(
                found.iter().any(|d| d.location.file.ends_with("n.md")),
                "the notice vanished without a diagnostic"
            );
            return;
        };
        let page = format!("{}index.html", notice.path);
        let html = page_text(&output, &page);
        let body_html = notice_body(html);
        assert_safe_html(body_html, &page);
        assert!(output.contains_key("disclosures.json"));
    }

    /// `data_csv`: bytes as a `.csv` data file.
    pub fn data_csv(&self, bytes: &[u8]) {
        self.data_file("csv", "d.csv", bytes);
    }

    /// `data_xlsx`: bytes as an `.xlsx` workbook. Bytes starting with `PK`
    /// are the file itself; other bytes are the workbook's XML parts
    /// (sheet, shared strings, workbook, styles, separated by 0xFF bytes)
    /// packed into a valid zip here, so the fuzzer reaches the XML readers
    /// instead of failing zip checksums.
    pub fn data_xlsx(&self, bytes: &[u8]) {
        if bytes.starts_with(b"PK") {
            self.data_file("xlsx", "d.xlsx", bytes);
        } else {
            self.data_file("xlsx", "d.xlsx", &xlsx_from_parts(bytes));
        }
    }

    /// Reads a data file, runs the sort keys, ranks, totals and CSV export
    /// over its cells, masks PII in it, then renders it as a table and a
    /// chart in a notice.
    fn data_file(&self, site: &str, name: &str, bytes: &[u8]) {
        let root = self.site(site);
        let dir = root.join(NOTICE_DIR);
        std::fs::write(dir.join(name), bytes).expect("write the data file");
        let at = Location::new(Path::new(NOTICE_DIR).join("n.md"), 7, 1);
        let mut sheet = match data::read(&root, Path::new(NOTICE_DIR), name, None, &at) {
            Ok(sheet) => sheet,
            Err(d) => {
                assert!(!d.message.zh().is_empty() && !d.message.en().is_empty());
                let _ = std::fs::remove_file(dir.join("n.md"));
                return;
            }
        };
        check_sheet(&sheet);
        let allow = Vec::new();
        let policy = gongshi::pii::Policy {
            mode: self.mask_config.pii,
            allow: &allow,
        };
        let mut found = Vec::new();
        policy.scan_sheet(&mut sheet, &mut found);
        for cells in std::iter::once(&sheet.header).chain(&sheet.rows) {
            for cell in cells {
                assert!(
                    gongshi::pii::find(cell).is_empty(),
                    "masked cell still has PII: {cell:?}"
                );
            }
        }
        // The table and a chart of it in a page: the generator's own keys,
        // ranks, totals, JSON and SVG.
        let mut notice = format!(
            "+++\ntitle = \"数据\"\nkind = \"finance\"\ndate = 2021-09-11\n+++\n\n{{{{ table(src=\"{name}\", totals=\"true\") }}}}\n"
        );
        if let Some(chart) = chart_shortcode(&sheet, name, bytes.len()) {
            notice.push('\n');
            notice.push_str(&chart);
            notice.push('\n');
        }
        std::fs::write(dir.join("n.md"), notice).expect("write the notice");
        let (site, output, _) = self.build(&root, &self.config, true);
        if let Some(notice) = site.notices.first() {
            let page = format!("{}index.html", notice.path);
            if let Some(Contents::Bytes(html)) = output.get(&page) {
                let html = std::str::from_utf8(html).expect("pages are UTF-8");
                assert_safe_html(notice_body(html), &page);
            }
        }
    }
}

/// The harness of a fuzz target: sites in a folder of its own under
/// `/dev/shm` (memory), made on first use.
pub fn harness() -> &'static Harness {
    static HARNESS: std::sync::OnceLock<Harness> = std::sync::OnceLock::new();
    HARNESS.get_or_init(|| {
        // One thread for the renderer's pool: the fuzzer runs one input at
        // a time, on a machine it shares.
        if std::env::var_os("RAYON_NUM_THREADS").is_none() {
            std::env::set_var("RAYON_NUM_THREADS", "1");
        }
        let base = Path::new("/dev/shm");
        let base = if base.is_dir() {
            base.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let root = base.join(format!("gongshi-fuzz-{}", std::process::id()));
        Harness::new(&root)
    })
}

fn page_text<'o>(output: &'o Output, path: &str) -> &'o str {
    match output.get(path) {
        Some(Contents::Bytes(bytes)) => std::str::from_utf8(bytes).expect("pages are UTF-8"),
        other => panic!("no page {path}: {other:?}"),
    }
}

/// The notice body inside a rendered notice page (the theme's own markup
/// around it is trusted).
fn notice_body(html: &str) -> &str {
    const START: &str = "<div class=\"notice-body\">";
    const END: &str = "<footer class=\"notice-footer\">";
    let start = html.find(START).map_or(0, |i| i + START.len());
    let end = html.rfind(END).unwrap_or(html.len()).max(start);
    &html[start..end]
}

/// What may never come out of a notice body, whatever its Markdown, HTML,
/// shortcodes or data: scripts, event handlers, script URLs.
fn assert_safe_html(html: &str, page: &str) {
    for token in html5gum::Tokenizer::new(html).flatten() {
        let html5gum::Token::StartTag(tag) = token else {
            continue;
        };
        let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
        assert!(
            !matches!(
                name.as_str(),
                "script" | "iframe" | "object" | "embed" | "frame" | "base" | "meta" | "link"
            ),
            "<{name}> in the body of {page}"
        );
        for (attribute, value) in &tag.attributes {
            let attribute = String::from_utf8_lossy(attribute).to_ascii_lowercase();
            let value = String::from_utf8_lossy(&value.value);
            assert!(
                !attribute.starts_with("on"),
                "<{name} {attribute}=…> in the body of {page}"
            );
            if matches!(
                attribute.as_str(),
                "href" | "src" | "cite" | "action" | "formaction" | "xlink:href"
            ) {
                let cleaned: String = value
                    .chars()
                    .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_lowercase();
                assert!(
                    !cleaned.starts_with("javascript:")
                        && !cleaned.starts_with("vbscript:")
                        && !cleaned.starts_with("data:text/html"),
                    "<{name} {attribute}=\"{value}\"> in the body of {page}"
                );
            }
        }
    }
}

/// A chart of the sheet's first column against up to three others, when
/// their names can be written in a shortcode; the kind varies with `seed`.
fn chart_shortcode(sheet: &DataSheet, src: &str, seed: usize) -> Option<String> {
    let writable = |h: &str| !h.is_empty() && !h.contains(['\n', '\r']);
    let x = sheet.header.first().filter(|h| writable(h))?;
    let ys: Vec<&str> = sheet.header[1..]
        .iter()
        .map(String::as_str)
        .filter(|h| writable(h) && !h.contains([',', '，', '、']) && h.trim() == *h)
        .take(3)
        .collect();
    if ys.is_empty() || x.trim() != x {
        return None;
    }
    let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let kind = ["bar", "hbar", "line", "pie"][seed % 4];
    Some(format!(
        "{{{{ chart(src=\"{src}\", x=\"{}\", y=\"{}\", kind=\"{kind}\", unit=\"元\") }}}}",
        quote(x),
        quote(&ys.join(","))
    ))
}

/// Invariants of a sheet as read, and of everything computed from its
/// cells: types, keys, ranks, totals, CSV.
fn check_sheet(sheet: &DataSheet) {
    let width = sheet.header.len();
    assert!(width > 0, "a sheet has a header");
    for row in &sheet.rows {
        assert_eq!(
            row.len(),
            width,
            "every row has as many cells as the header"
        );
    }
    for (column, name) in sheet.header.iter().enumerate() {
        assert!(!name.is_empty());
        assert_eq!(sheet.column(name), Some(column), "header names are unique");
        let _ = sheet.locate(CellRef { row: None, column });
        for row in 0..sheet.rows.len() {
            let _ = sheet.locate(CellRef {
                row: Some(row),
                column,
            });
        }
    }
    for column in 0..width {
        let cells: Vec<&str> = sheet.rows.iter().map(|r| r[column].as_str()).collect();
        let inferred = ColumnType::infer(&sheet.header[column], cells.iter().copied());
        assert_eq!(ColumnType::parse(inferred.as_str()), Some(inferred));
        for kind in [
            ColumnType::Text,
            ColumnType::Name,
            ColumnType::Number,
            ColumnType::Date,
            ColumnType::Bool,
        ] {
            let keys: Vec<Option<Key>> = cells.iter().map(|c| cell_key(c, kind)).collect();
            check_ranks(&keys);
        }
        for cell in &cells {
            check_cell(cell);
        }
        let numbers: Vec<f64> = cells.iter().filter_map(|c| keys::parse_number(c)).collect();
        let decimals = cells
            .iter()
            .filter(|c| keys::parse_number(c).is_some())
            .map(|c| total::decimals(c))
            .max()
            .unwrap_or(0);
        let _ = total::format(numbers.iter().sum(), decimals);
    }
    let rows = std::iter::once(&sheet.header).chain(&sheet.rows);
    let csv = table_csv::to_csv(rows.clone().map(|r| r.iter().map(String::as_str)));
    check_csv(&csv, rows.map(|r| r.as_slice()));
}

/// A cell's key under a column type, as `render::table` computes it (with
/// the generator's collation keys for text and names).
fn cell_key(cell: &str, kind: ColumnType) -> Option<Key> {
    if cell.trim().is_empty() {
        return None;
    }
    match kind {
        ColumnType::Text => Some(Key::Text(data::collate::text_key(cell))),
        ColumnType::Name => Some(Key::Text(data::collate::name_key(cell))),
        ColumnType::Number => keys::parse_number(cell).map(Key::Number),
        ColumnType::Date => keys::parse_date(cell).map(Key::Date),
        ColumnType::Bool => keys::parse_bool(cell).map(Key::Bool),
    }
}

/// Every parser on one cell, whatever its column.
fn check_cell(cell: &str) {
    if let Some(n) = keys::parse_number(cell) {
        assert!(!n.is_nan(), "{cell:?} parsed as NaN");
    }
    if let Some(d) = keys::parse_date(cell) {
        let (year, month, day) = (d / 10_000, d / 100 % 100, d % 100);
        assert!((1900..=2200).contains(&year), "{cell:?} → {d}");
        assert!(
            month <= 12 && day <= 31 && (month > 0 || day == 0),
            "{cell:?} → {d}"
        );
    }
    let _ = keys::parse_bool(cell);
    let _ = keys::is_identifier(cell);
    let decimals = total::decimals(cell);
    if let Some(n) = keys::parse_number(cell) {
        let _ = total::format(n, decimals);
        for places in [0, decimals, 6] {
            assert_eq!(
                total::fixed(n, places),
                format!("{n:.places$}", places = usize::from(places)),
                "{n:e} with {places} decimals"
            );
        }
    }
    let _ = data::collate::name_initials(cell);
}

/// Ranks are dense from 1, 0 exactly for cells without a key, and order
/// rows as their keys do.
fn check_ranks(keys: &[Option<Key>]) {
    let ranks = rank::ranks(keys);
    assert_eq!(ranks.len(), keys.len());
    let keyed = keys.iter().filter(|k| k.is_some()).count();
    for (key, r) in keys.iter().zip(&ranks) {
        assert_eq!(key.is_none(), *r == rank::NO_KEY, "{key:?} ranked {r}");
        assert!(*r as usize <= keyed);
    }
    // Pairwise over the first rows (quadratic).
    let n = keys.len().min(48);
    for i in 0..n {
        for j in 0..n {
            if let (Some(a), Some(b)) = (&keys[i], &keys[j]) {
                assert_eq!(
                    a.compare(b),
                    ranks[i].cmp(&ranks[j]),
                    "ranks disagree with keys {a:?} {b:?}"
                );
            }
        }
    }
}

/// The CSV export reads back, with the `csv` parser, as the cells it was
/// given (identifiers as `="…"`, formulas defused with `'`).
fn check_csv<'a>(csv: &str, rows: impl Iterator<Item = &'a [String]>) {
    let body = csv
        .strip_prefix(table_csv::BOM)
        .expect("the export starts with a BOM");
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes());
    let mut read = reader.records();
    for row in rows {
        let record = read
            .next()
            .expect("a CSV record per row")
            .expect("the export is valid CSV");
        let expected: Vec<String> = row.iter().map(|c| exported(c)).collect();
        let got: Vec<&str> = record.iter().collect();
        assert_eq!(got, expected, "CSV export does not read back");
    }
    assert!(read.next().is_none(), "extra CSV records");
}

/// What a cell should become in the CSV export.
fn exported(cell: &str) -> String {
    if keys::is_identifier(cell) {
        return format!("=\"{cell}\"");
    }
    let formula = cell.starts_with(['=', '@', '\t', '\r'])
        || (cell.starts_with(['+', '-'])
            && !cell.as_bytes().get(1).is_some_and(u8::is_ascii_digit));
    if formula {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// `search_index`: bytes as the search entry file and shards, and a query
/// with filters and text to excerpt. The input is parts separated by
/// [`SEARCH_SEPARATOR`]: the query lines (query, then text for excerpts,
/// then `key=value` filters), the entry file, then shards 0, 1, …. A
/// missing or empty entry or shard is taken from a small valid index, so
/// corrupting one file at a time is easy to reach.
pub fn search_index(bytes: &[u8]) {
    let parts = split(bytes, SEARCH_SEPARATOR);
    let valid = valid_index();
    let query_part = String::from_utf8_lossy(parts[0]);
    let mut lines = query_part.split('\n');
    let query_text = lines.next().unwrap_or("");
    let text = lines.next().unwrap_or("");
    let filters: Vec<(Filter, String)> = lines
        .filter_map(|l| l.split_once('='))
        .filter_map(|(k, v)| Filter::parse(k, v))
        .collect();
    let entry: &[u8] = match parts.get(1) {
        Some(p) if !p.is_empty() => p,
        _ => &valid.0,
    };
    let mut shards: Vec<&[u8]> = parts.iter().skip(2).copied().collect();
    for (i, shard) in valid.1.iter().enumerate() {
        match shards.get_mut(i) {
            Some(s) if s.is_empty() => *s = shard,
            Some(_) => {}
            None => shards.push(shard),
        }
    }
    for (q, f) in [
        (query_text, filters.as_slice()),
        ("选举结果", &[][..]),
        ("xuanju cwh", &[][..]),
        ("村委 2021", &[][..]),
    ] {
        run_search(entry, &shards, q, f, text);
    }
}

/// Separates the parts of a `search_index` input.
pub const SEARCH_SEPARATOR: &[u8] = b"|SHARD|";

fn split<'a>(bytes: &'a [u8], separator: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = bytes;
    while let Some(i) = rest.windows(separator.len()).position(|w| w == separator) {
        parts.push(&rest[..i]);
        rest = &rest[i + separator.len()..];
    }
    parts.push(rest);
    parts
}

/// A small index of a few notices, cut into many shards.
fn valid_index() -> &'static (Vec<u8>, Vec<Vec<u8>>) {
    static INDEX: std::sync::OnceLock<(Vec<u8>, Vec<Vec<u8>>)> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let files = search_seed_index();
        (files.entry, files.shards)
    })
}

/// The index the `search_index` seeds and the default parts come from.
pub fn search_seed_index() -> gongshi_widgets::search::builder::IndexFiles {
    use gongshi_widgets::search::builder::{Document, IndexBuilder};
    use gongshi_widgets::search::format::Choice;
    let docs: &[(&str, &str, &[&str], &str, &str)] = &[
        (
            "村委会选举结果公告",
            "选举结果如下：林文清当选主任。2021",
            &[
                "cun", "wei", "hui", "xuan", "ju", "jie", "guo", "gong", "gao",
            ],
            "result",
            "2021",
        ),
        (
            "2021年第三季度财务公开",
            "收入 1,201 元，支出 987 元。",
            &["nian", "di", "san", "ji", "du", "cai", "wu", "gong", "kai"],
            "finance",
            "2021",
        ),
        (
            "换届纪律",
            "严禁拉票贿选 Election discipline",
            &["huan", "jie", "ji", "lv"],
            "discipline",
            "2021",
        ),
        (
            "选民名单公示",
            "选民 1532 人",
            &["xuan", "min", "ming", "dan", "gong", "shi"],
            "voter-list",
            "2018",
        ),
        (
            "更正公告",
            "更正选举结果公告中的得票数",
            &["geng", "zheng", "gong", "gao"],
            "correction",
            "2018",
        ),
    ];
    let mut builder = IndexBuilder::new();
    builder.set_choices(
        vec![Choice {
            value: "result".into(),
            label: "选举结果公告".into(),
            depth: 0,
        }],
        vec![Choice {
            value: "cun".into(),
            label: "测试村".into(),
            depth: 1,
        }],
        vec![2021, 2018],
    );
    for (title, body, pinyin, kind, year) in docs {
        let pinyin = vec![pinyin.iter().map(|s| s.to_string()).collect()];
        let filters = vec![
            (Filter::Kind, kind.to_string()),
            (Filter::Year, year.to_string()),
            (Filter::RegionPath, "cun".to_string()),
        ];
        builder.add(&Document {
            title,
            region_names: &["测试村"],
            body,
            pinyin: &pinyin,
            filters: &filters,
        });
    }
    builder.finish(96)
}

/// What the browser does with fetched bytes: the engine from the entry
/// file, the shards it asks for, the query, excerpts.
fn run_search(
    entry: &[u8],
    shards: &[&[u8]],
    query: &str,
    filters: &[(Filter, String)],
    text: &str,
) {
    let Ok(mut engine) = Engine::new(entry) else {
        return;
    };
    let shard_count = engine.entry().shard_first_terms.len();
    let doc_count = engine.entry().doc_count;
    let _ = engine.entry().is_common(query);
    let _ = engine.entry().shard_of(query);
    let _ = engine.entry().shards_with_prefix(query);
    let q = Query::parse(query, filters);
    let needed = engine.needed_shards(&q);
    let mut all_added = true;
    for &i in &needed {
        assert!(i < shard_count, "needed shard {i} of {shard_count}");
        match shards.get(i) {
            Some(bytes) => all_added &= engine.add_shard(i, bytes).is_ok(),
            None => all_added = false,
        }
    }
    assert!(engine.add_shard(shard_count, b"GSS2\0").is_err());
    let k = 3;
    match engine.run_page(&q, k, 4) {
        Ok(page) => {
            assert!(page.hits.len() <= k && page.hits.len() <= page.total);
            assert!(page.prominent <= page.total);
            for h in &page.hits {
                assert!(h.doc < doc_count, "hit {} of {doc_count} documents", h.doc);
                assert!(!h.score.is_nan());
            }
            for d in &page.sample {
                assert!(*d < doc_count);
                assert!(
                    !page.hits.iter().any(|h| h.doc == *d),
                    "sampled a hit shown"
                );
            }
            let all = engine.run(&q).expect("run_page succeeded");
            assert_eq!(all.len(), page.total);
            assert_eq!(
                &all[..page.hits.len()],
                &page.hits[..],
                "top hits differ from run()"
            );
            let (top, total) = engine.run_top(&q, k).expect("run_page succeeded");
            assert_eq!((top, total), (page.hits.clone(), page.total));
            let passes = q.verify(&[text]);
            let checked = Checked {
                candidates: page.total,
                prominent: page.prominent,
                checked: page.hits.len(),
                verified: if passes { page.hits.len() } else { 0 },
                verified_prominent: if passes {
                    page.hits.iter().filter(|h| h.prominent > 0).count()
                } else {
                    0
                },
                sampled: page.sample.len(),
                sample_verified: if passes { page.sample.len() } else { 0 },
            };
            let (estimate, _) = checked.estimate();
            assert!(
                estimate <= page.total,
                "estimate {estimate} > {}",
                page.total
            );
        }
        Err(SearchError::ShardsMissing(missing)) => {
            assert!(
                !all_added,
                "shards {missing:?} missing after they were added"
            );
        }
        Err(SearchError::Corrupt(c)) => assert!(!c.0.is_empty()),
    }
    let _ = q.needs_verification();
    let _ = q.verify(&[text, query]);
    for max in [0, 1, 30] {
        let segments = excerpt(text, &q.needles, max);
        let chars: usize = segments.iter().map(|s| s.text.chars().count()).sum();
        // Ellipses may be added at either end.
        assert!(
            chars <= max.max(1) + 2,
            "excerpt of {chars} chars for at most {max}"
        );
    }
}

/// `pii`: every personal number found is a whole range of the text on
/// character boundaries, in order, and its masked form hides digits
/// without changing how many there are.
pub fn pii(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let findings = gongshi::pii::find(&text);
    let mut end = 0;
    for f in &findings {
        assert!(f.range.start >= end, "findings overlap or are out of order");
        assert!(f.range.start < f.range.end);
        assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
        end = f.range.end;
        let written = &text[f.range.clone()];
        let digits: String = written
            .chars()
            .filter_map(|c| match c {
                '0'..='9' => Some(c),
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
                'X' | 'x' | 'Ｘ' | 'ｘ' => Some('X'),
                _ => None,
            })
            .collect();
        assert_eq!(digits, f.digits, "digits of {written:?}");
        let masked = f.masked();
        assert_eq!(
            masked.chars().count(),
            f.digits.chars().count(),
            "{:?} masked as {masked:?}",
            f.digits
        );
        assert!(masked.contains('*'), "{masked:?} hides nothing");
        for (m, d) in masked.chars().zip(f.digits.chars()) {
            assert!(
                m == '*' || m == d,
                "{masked:?} is not a mask of {:?}",
                f.digits
            );
        }
        // A masked number is not found again.
        assert!(
            gongshi::pii::find(&masked).is_empty(),
            "{masked:?} found again"
        );
    }
}

/// An `.xlsx` file from fuzzed XML parts (sheet, shared strings, workbook,
/// styles, separated by 0xFF, which UTF-8 XML never contains), with the
/// package parts around them fixed.
pub fn xlsx_from_parts(bytes: &[u8]) -> Vec<u8> {
    let parts: Vec<&[u8]> = bytes.split(|&b| b == 0xFF).collect();
    let part = |i: usize, default: &'static str| -> Vec<u8> {
        parts
            .get(i)
            .map_or(default.as_bytes().to_vec(), |p| p.to_vec())
    };
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("_rels/.rels", ROOT_RELS.as_bytes().to_vec()),
        (
            "xl/_rels/workbook.xml.rels",
            WORKBOOK_RELS.as_bytes().to_vec(),
        ),
        ("xl/worksheets/sheet1.xml", part(0, "")),
        ("xl/sharedStrings.xml", part(1, SHARED_STRINGS)),
        ("xl/workbook.xml", part(2, WORKBOOK)),
        ("xl/styles.xml", part(3, STYLES)),
    ];
    stored_zip(&files)
}

/// The XML parts of an `.xlsx` file, as [`xlsx_from_parts`] takes them:
/// for making seeds from a real workbook.
pub fn parts_of_xlsx(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let get = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for (i, name) in [
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
        "xl/workbook.xml",
        "xl/styles.xml",
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            out.push(0xFF);
        }
        out.extend(get(name));
    }
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const SHARED_STRINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>"#;
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>"#;

/// A zip archive of uncompressed ("stored") entries: all an `.xlsx` reader
/// needs, without a zip library.
pub fn stored_zip(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    fn u16le(out: &mut Vec<u8>, v: u16) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    fn u32le(out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let header = |out: &mut Vec<u8>, central: bool| {
            if central {
                u32le(out, 0x0201_4b50);
                u16le(out, 20); // made by
            } else {
                u32le(out, 0x0403_4b50);
            }
            u16le(out, 20); // needed
            u16le(out, 0); // flags
            u16le(out, 0); // stored
            u16le(out, 0); // time
            u16le(out, 0x21); // date: 1980-01-01
            u32le(out, crc);
            u32le(out, data.len() as u32);
            u32le(out, data.len() as u32);
            u16le(out, name.len() as u16);
            u16le(out, 0); // extra
            if central {
                u16le(out, 0); // comment
                u16le(out, 0); // disk
                u16le(out, 0); // internal attributes
                u32le(out, 0); // external attributes
                u32le(out, offset);
            }
            out.extend_from_slice(name.as_bytes());
        };
        header(&mut out, false);
        out.extend_from_slice(data);
        header(&mut central, true);
    }
    let central_offset = out.len() as u32;
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, files.len() as u16);
    u16le(&mut out, files.len() as u16);
    u32le(&mut out, central.len() as u32);
    u32le(&mut out, central_offset);
    u16le(&mut out, 0);
    out
}

fn crc32(data: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = [0u32; 256];
        for (i, slot) in table.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *slot = c;
        }
        table
    });
    !data.iter().fold(!0u32, |c, &b| {
        table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8)
    })
}
