//! Hostile HTML and URLs (issue 6): every vector of `tests/xss/vectors.json`
//! is put everywhere an editor's text reaches a page (see
//! `tests/xss/README.md`), the site is built, and every page is read with a
//! real HTML tokenizer: no script but the theme's own, no event attribute, no
//! `javascript:`/`vbscript:`/`data:` URL, no frame, object, base, refresh or
//! form an editor could have written, no CSS but the two kinds gongshi writes.
//! `tests/browser/xss.test.mjs` opens the same site in Chromium.

mod support;

use gongshi::render::sanitize::{ALLOWED_TAGS, GENERIC_ATTRIBUTES, TAG_ATTRIBUTES, URL_SCHEMES};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use support::{assert_exit, gongshi, json_diagnostics};

// ------------------------------------------------------------ the site
// Mirrors tests/xss/make-site.mjs: the same files with the same text.

const GROUP: usize = 5;
const RAW_GROUP: usize = 5;
/// Characters of the vectors in one title (a title may have 500).
const TITLE_CHARS: usize = 440;
const CHART_KINDS: [&str; 4] = ["bar", "hbar", "line", "pie"];
const BIG_ROWS: usize = 600;
const SCHEME_FILES: [&str; 2] = ["javascript:alert(1).csv", "vbscript:msgbox(1).csv"];
const DIR: &str = "content/qu/zhen/cun";
const PAGES: &str = "qu/zhen/cun";

struct Vector {
    v: String,
    /// URL-shaped: also written as link and image targets.
    url: bool,
    /// Whether it can be a Markdown link target: `false` for those the
    /// link check (GS115) takes for broken relative links.
    markdown: bool,
    /// Whether it swallows what follows it (an open `<textarea>`, comment,
    /// quote…), so that it needs a raw notice to itself.
    solo: bool,
}

struct Corpus {
    region_names: Vec<String>,
    vectors: Vec<Vector>,
}

fn corpus() -> Corpus {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/xss/vectors.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let strings = |v: &serde_json::Value| v.as_str().unwrap().to_string();
    Corpus {
        region_names: json["region_names"]
            .as_array()
            .unwrap()
            .iter()
            .map(strings)
            .collect(),
        vectors: json["vectors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| Vector {
                v: strings(&x["v"]),
                url: x["url"] == true,
                markdown: x["md"] != false,
                solo: x["solo"] == true,
            })
            .collect(),
    }
}

fn pad(n: usize) -> String {
    format!("{n:03}")
}

fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn toml(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn csv(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn shortcode_arg(v: &str) -> String {
    md_escape(&one_line(v).replace('\\', "\\\\").replace('"', "\\\""))
}

fn code_span(v: &str) -> String {
    let s = one_line(v);
    let (mut longest, mut run) = (0, 0);
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {s} {fence}")
}

fn cell(v: &str) -> String {
    one_line(v).replace('|', "\\|")
}

fn link_title(v: &str) -> String {
    one_line(v).replace('\\', "\\\\").replace('"', "\\\"")
}

fn is_control_or_space(c: char) -> bool {
    c <= ' '
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

fn destination(v: &str) -> Option<String> {
    if v.contains(['<', '>']) {
        None
    } else if !v.chars().any(is_control_or_space) && balanced(v) {
        Some(v.to_string())
    } else if !v.contains(['\r', '\n']) {
        Some(format!("<{v}>"))
    } else {
        None
    }
}

fn autolink(v: &str) -> String {
    let Some((scheme, rest)) = v.split_once(':') else {
        return String::new();
    };
    let mut chars = scheme.chars();
    let scheme_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && (2..=32).contains(&scheme.len())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    if scheme_ok
        && !rest
            .chars()
            .any(|c| is_control_or_space(c) || c == '<' || c == '>')
    {
        format!("<{v}>")
    } else {
        String::new()
    }
}

fn block(v: &str) -> String {
    let t = v.trim();
    if t.len() >= 4 && t.starts_with("{{") && t.ends_with("}}") {
        format!("文字 {v}")
    } else {
        v.to_string()
    }
}

fn attachable(v: &str) -> bool {
    !v.contains(|c: char| c == '/' || c == '\\' || (c as u32) < 0x20 || c == '\u{7f}')
        && v == v.trim()
        && !v.starts_with('.')
        && v.len() + ".txt".len() <= 200
}

fn attr(v: &str) -> String {
    v.replace('"', "&quot;")
}

/// The vectors of each raw notice, by index: up to [`RAW_GROUP`] a notice,
/// as many as its title (all of them) can hold; a vector marked `solo` (it
/// swallows what follows it) has one to itself.
fn raw_groups(corpus: &Corpus) -> Vec<Vec<usize>> {
    let mut groups = Vec::new();
    let mut current = Vec::new();
    let chars = |group: &[usize]| -> usize {
        group
            .iter()
            .map(|&i| corpus.vectors[i].v.chars().count() + 3)
            .sum::<usize>()
            - 3
    };
    for (i, vector) in corpus.vectors.iter().enumerate() {
        if vector.solo {
            groups.push(vec![i]);
            continue;
        }
        let with = [current.as_slice(), &[i]].concat();
        if current.len() == RAW_GROUP || (!current.is_empty() && chars(&with) > TITLE_CHARS) {
            groups.push(std::mem::take(&mut current));
        }
        current.push(i);
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

/// The files of the site, as (relative path, text).
fn site_files(corpus: &Corpus) -> Vec<(String, String)> {
    let mut files = Vec::new();
    // A notice with a NUL byte is refused (GS002): there it is written as a
    // character reference (front matter has none: TOML escapes it).
    let mut add = |p: String, text: String| {
        let text = if p.ends_with(".md") {
            text.replace('\0', "&#0;")
        } else {
            text
        };
        files.push((p, text))
    };
    let vs: Vec<&str> = corpus.vectors.iter().map(|x| x.v.as_str()).collect();
    add(
        "site/config.toml".into(),
        format!(
            "title = {}\ndescription = {}\nbase_url = \"https://example.org/\"\n\n[kinds]\nxss = {}\n",
            toml("XSS测试站<script>alert(1)</script>"),
            toml("<img src=x onerror=alert(1)>说明"),
            toml("<svg onload=alert(1)>类")
        ),
    );
    add(
        "content/_region.toml".into(),
        "name = \"XSS测试市\"\nkind = \"city\"\n".into(),
    );
    let regions = [
        ("content/qu", "county"),
        ("content/qu/zhen", "town"),
        (DIR, "village"),
    ];
    for (i, (folder, kind)) in regions.iter().enumerate() {
        add(
            format!("{folder}/_region.toml"),
            format!(
                "name = {}\nkind = \"{kind}\"\n",
                toml(&corpus.region_names[i])
            ),
        );
    }

    for (k, group) in raw_groups(corpus).iter().enumerate() {
        let rn = pad(k + 1);
        let title: Vec<&str> = group.iter().map(|&i| vs[i]).collect();
        let mut front = format!(
            "+++\ntitle = {}\nkind = \"announcement\"\ndate = 2021-06-01\nslug = \"r{rn}\"\n",
            toml(&format!("xsst{rn} {}", title.join(" ｜ ")))
        );
        let attachments: Vec<&str> = title.iter().copied().filter(|v| attachable(v)).collect();
        if !attachments.is_empty() {
            let names: Vec<String> = attachments
                .iter()
                .map(|v| toml(&format!("{v}.txt")))
                .collect();
            front.push_str(&format!("attachments = [{}]\n", names.join(", ")));
        }
        for v in attachments {
            add(format!("{DIR}/{v}.txt"), "x\n".into());
        }
        let mut body = format!("+++\n\nxssr{rn} xssrall 开始\n");
        for &i in group {
            let v = vs[i];
            let n = pad(i + 1);
            body.push('\n');
            if corpus.vectors[i].url {
                let a = attr(v);
                body.push_str(&format!(
                    "<a href=\"{a}\">链接{n}</a> <img src=\"{a}\" alt=\"图{n}\"> <q cite=\"{a}\">引{n}</q>\n\n"
                ));
            }
            body.push_str(&format!(
                "前文 {v} 后文\n\n{}\n\n<b id=\"xss-probe-{n}\">{n}</b>\n",
                block(v)
            ));
        }
        add(format!("{DIR}/r{rn}.md"), front + &body);
    }

    for g in 0..vs.len().div_ceil(GROUP) {
        let gn = pad(g + 1);
        let mut text = format!(
            "+++\ntitle = {}\nkind = \"xss\"\ndate = 2021-07-01\nslug = \"d{gn}\"\n+++\n",
            toml(&format!("xssd{gn} {}", vs[g * GROUP]))
        );
        for i in g * GROUP..vs.len().min((g + 1) * GROUP) {
            let v = vs[i];
            let n = pad(i + 1);
            let arg = shortcode_arg(v);
            let cell = cell(v);
            text.push_str(&format!(
                "\nxsss{n} xsssall {}\n\n\
                 {{{{ table(src=\"v{n}.csv\", caption=\"{arg}\") }}}}\n\n\
                 {{{{ chart(src=\"v{n}.csv\", x=\"名称\", y=\"数值\", kind=\"{}\", title=\"{arg}\") }}}}\n\n\
                 | 名称 | 数值 | 说明 |\n|---|---|---|\n| {cell} | 1 | 甲 |\n| 乙 | 2 | {cell} |\n\n\
                 [链接{n}](https://example.org/{n} \"{}\") ![{}](https://example.org/x{n}.png)\n",
                code_span(v),
                CHART_KINDS[i % CHART_KINDS.len()],
                link_title(v),
                md_escape(&one_line(v)),
            ));
            let vector = &corpus.vectors[i];
            let dest = (vector.url && vector.markdown)
                .then(|| destination(v))
                .flatten();
            if let Some(dest) = dest {
                text.push_str(&format!(
                    "\n[链接{n}]({dest}) ![图{n}]({dest}) [引用{n}][r{n}] {}\n\n[r{n}]: {dest}\n",
                    autolink(v)
                ));
            }
            let c = csv(v);
            add(
                format!("{DIR}/v{n}.csv"),
                format!("名称,数值,说明,{c}\n{c},1,甲,{c}\n乙,2,{c},丙\n"),
            );
        }
        add(format!("{DIR}/d{gn}.md"), text);
    }

    let mut big = String::from("名称,数值,说明\n");
    for k in 0..BIG_ROWS {
        big.push_str(&format!(
            "{},{},{}\n",
            csv(vs[k % vs.len()]),
            k + 1,
            csv(vs[(k * 7 + 3) % vs.len()])
        ));
    }
    add(format!("{DIR}/big.csv"), big);
    add(
        format!("{DIR}/big.md"),
        "+++\ntitle = \"xssbig 大表\"\nkind = \"xss\"\ndate = 2021-08-01\nslug = \"big\"\n+++\n\n{{ table(src=\"big.csv\", caption=\"大表\") }}\n".into(),
    );

    for name in SCHEME_FILES {
        add(format!("{DIR}/{name}"), "名称,数值\n甲,1\n乙,2\n".into());
    }
    add(
        format!("{DIR}/files.md"),
        format!(
            "+++\ntitle = \"xssfiles 文件名\"\nkind = \"xss\"\ndate = 2021-08-01\nslug = \"files\"\n+++\n\n\
             {{{{ table(src=\"{0}\", caption=\"文件名像网址\") }}}}\n\n\
             {{{{ chart(src=\"{0}\", x=\"名称\", y=\"数值\") }}}}\n\n\
             {{{{ chart(src=\"{1}\", x=\"名称\", y=\"数值\") }}}}\n",
            SCHEME_FILES[0], SCHEME_FILES[1]
        ),
    );
    files
}

fn write_site(root: &Path, corpus: &Corpus) {
    for (p, text) in site_files(corpus) {
        let full = root.join(p);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
}

// ------------------------------------------------------------ the scan

/// Attributes whose value is a URL a browser may load or navigate to.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "codebase",
    "classid",
    "manifest",
    "profile",
    "usemap",
    "icon",
    "ping",
    "archive",
    "srcset",
    "imagesrcset",
    "data-gs-table",
];

/// Elements no page may have: the theme uses none and the allowlist keeps none.
const FORBIDDEN_TAGS: &[&str] = &[
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "math",
    "style",
    "template",
    "textarea",
    "select",
    "keygen",
    "isindex",
    "xmp",
    "plaintext",
    "listing",
    "video",
    "audio",
    "source",
    "track",
    "marquee",
    "bgsound",
    "param",
    "portal",
    "noembed",
    "noframes",
    "xml",
    "use",
    "animate",
    "set",
    "animatetransform",
    "animatemotion",
    "foreignobject",
    "image",
];

/// What a chart's inline SVG is drawn with.
const CHART_SVG_TAGS: &[&str] = &[
    "title", "desc", "defs", "pattern", "rect", "path", "circle", "g", "text", "line",
];

/// The `rel` of `<link>`s the theme writes.
const LINK_RELS: &[&str] = &["canonical", "stylesheet", "icon", "alternate"];

/// `javascript:`, `vbscript:` and `data:` (but raster images) URLs, judged
/// as a browser would after entity decoding (done by the tokenizer): with
/// every control character and space removed, in any case.
fn dangerous_url(value: &str) -> bool {
    let squeezed: String = value
        .chars()
        .filter(|c| !is_control_or_space(*c) && *c != '\u{7f}')
        .collect::<String>()
        .to_ascii_lowercase();
    squeezed.split(',').any(|candidate| {
        let c = candidate.trim_start();
        ["javascript:", "vbscript:", "livescript:", "mocha:"]
            .iter()
            .any(|s| c.starts_with(s))
    }) || (squeezed.starts_with("data:")
        && !["png", "gif", "jpeg", "webp"].iter().any(|kind| {
            let rest = &squeezed[..];
            rest.starts_with(&format!("data:image/{kind};"))
                || rest.starts_with(&format!("data:image/{kind},"))
        }))
}

/// `max-width:18.8em;min-width:210px`: the one style a chart's `<svg>` has.
fn chart_svg_style(value: &str) -> bool {
    let number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
    value
        .strip_prefix("max-width:")
        .and_then(|rest| rest.split_once("em;min-width:"))
        .and_then(|(em, rest)| rest.strip_suffix("px").map(|px| (em, px)))
        .is_some_and(|(em, px)| number(em) && number(px))
}

/// Alignment from a Markdown table: the one style notice HTML may keep.
fn alignment_style(value: &str) -> bool {
    matches!(
        value.trim().trim_end_matches(';'),
        "text-align: left" | "text-align: right" | "text-align: center"
    )
}

/// One page read with a tokenizer that switches to raw text, RCDATA and
/// script data after the tags that do so in a browser.
#[derive(Default)]
struct Page {
    findings: Vec<String>,
    /// The text inside each script element.
    scripts: Vec<String>,
    /// All text outside scripts, decoded.
    text: String,
    /// The text outside `<code>` too (the notice's hash is in one).
    prose: String,
    /// Text of the `<h1>`s.
    h1: Vec<String>,
    /// `<a download>` link texts.
    downloads: Vec<String>,
    charts: usize,
    tables: usize,
    /// Ids of the `<b id="xss-probe-…">` elements.
    probes: BTreeSet<String>,
}

fn read_page(html: &str) -> Page {
    let mut page = Page::default();
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut in_script: Option<String> = None;
    let mut in_svg = false;
    let mut in_h1: Option<String> = None;
    let mut in_download: Option<String> = None;
    let mut code_depth = 0usize;
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let attributes: BTreeMap<String, String> = tag
                    .attributes
                    .iter()
                    .map(|(k, v)| {
                        (
                            String::from_utf8_lossy(k).to_ascii_lowercase(),
                            String::from_utf8_lossy(&v.value).into_owned(),
                        )
                    })
                    .collect();
                check_tag(&name, &attributes, in_svg, &mut page);
                match name.as_str() {
                    "script" => in_script = Some(String::new()),
                    "svg" => in_svg = true,
                    "h1" => in_h1 = Some(String::new()),
                    "code" => code_depth += 1,
                    "a" if attributes.contains_key("download") => in_download = Some(String::new()),
                    "figure"
                        if attributes
                            .get("class")
                            .is_some_and(|c| c.contains("gs-chart")) =>
                    {
                        page.charts += 1
                    }
                    "div" if attributes.contains_key("data-gs-table") => page.tables += 1,
                    "b" => page.probes.extend(
                        attributes
                            .get("id")
                            .filter(|id| id.starts_with("xss-probe-"))
                            .cloned(),
                    ),
                    _ => {}
                }
            }
            Token::EndTag(tag) => match tag.name.as_slice() {
                b"script" => page.scripts.extend(in_script.take()),
                b"svg" => in_svg = false,
                b"h1" => page.h1.extend(in_h1.take()),
                b"code" => code_depth = code_depth.saturating_sub(1),
                b"a" => page.downloads.extend(in_download.take()),
                _ => {}
            },
            Token::String(text) => {
                let text = String::from_utf8_lossy(&text.value);
                if let Some(script) = &mut in_script {
                    script.push_str(&text);
                    continue;
                }
                for open in [&mut in_h1, &mut in_download].into_iter().flatten() {
                    open.push_str(&text);
                }
                page.text.push_str(&text);
                if code_depth == 0 {
                    page.prose.push_str(&text);
                }
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    page
}

/// A chart, or the QR code a printed notice carries (`render/paper.rs`),
/// which has exactly these attributes.
fn is_theme_svg(attributes: &BTreeMap<String, String>) -> bool {
    const QR: &[&str] = &[
        "aria-label",
        "class",
        "height",
        "role",
        "shape-rendering",
        "version",
        "viewbox",
        "width",
        "xmlns",
    ];
    match attributes.get("class").map(String::as_str) {
        Some("gs-chart-svg") => true,
        Some("paper-qr") => attributes.keys().map(String::as_str).eq(QR.iter().copied()),
        _ => false,
    }
}

fn check_tag(name: &str, attributes: &BTreeMap<String, String>, in_svg: bool, page: &mut Page) {
    let mut finding = |what: String| page.findings.push(format!("<{name}>: {what}"));
    if FORBIDDEN_TAGS.contains(&name) {
        finding("element not allowed".into());
    }
    if in_svg && !CHART_SVG_TAGS.contains(&name) {
        finding("element inside an <svg> that charts do not draw".into());
    }
    match name {
        "script"
            if attributes.len() != 1
                || attributes.get("type").map(String::as_str) != Some("module") =>
        {
            finding(format!("script that is not the theme's: {attributes:?}"))
        }
        "svg" if !is_theme_svg(attributes) => {
            finding("svg that is neither a chart nor the QR code".into())
        }
        "meta" if attributes.contains_key("http-equiv") => finding("meta http-equiv".into()),
        "form" => {
            let theme = attributes.contains_key("data-gongshi-search")
                && attributes.get("action").map(String::as_str) == Some("/search/")
                && attributes.get("method").map(String::as_str) == Some("get");
            if !theme {
                finding(format!(
                    "form that is not the theme's search form: {attributes:?}"
                ));
            }
        }
        "link" => {
            let rel = attributes.get("rel").map(String::as_str).unwrap_or("");
            if !LINK_RELS.contains(&rel) {
                finding(format!("link rel=\"{rel}\""));
            }
        }
        "input" => {
            let kind = attributes.get("type").map(String::as_str).unwrap_or("text");
            if !["checkbox", "search"].contains(&kind) {
                finding(format!("input type=\"{kind}\""));
            }
        }
        "button" => {
            let kind = attributes
                .get("type")
                .map(String::as_str)
                .unwrap_or("submit");
            if !["button", "submit"].contains(&kind) {
                finding(format!("button type=\"{kind}\""));
            }
        }
        _ => {}
    }
    for (attribute, value) in attributes {
        if attribute.starts_with("on") {
            finding(format!("event attribute {attribute}=\"{value}\""));
        }
        if attribute == "srcdoc" {
            finding("srcdoc".into());
        }
        if URL_ATTRIBUTES.contains(&attribute.as_str()) && dangerous_url(value) {
            finding(format!("dangerous URL {attribute}=\"{value}\""));
        }
        if attribute == "style"
            && !alignment_style(value)
            && !(name == "svg" && chart_svg_style(value))
        {
            finding(format!("style=\"{value}\""));
        }
    }
}

/// What the tokenizer makes of text written into a page: line breaks
/// normalized, NUL dropped (browsers show U+FFFD or nothing).
fn normalized(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace(['\0', '\u{FFFD}'], "")
}

// ------------------------------------------------------------ the tests

#[test]
fn hostile_content_never_reaches_a_page_as_markup() {
    let corpus = corpus();
    let vectors = &corpus.vectors;
    assert!(
        vectors.len() >= 120,
        "the corpus has {} vectors",
        vectors.len()
    );
    let site = tempfile::tempdir().unwrap();
    write_site(site.path(), &corpus);
    if let Some(keep) = std::env::var_os("GONGSHI_XSS_SITE") {
        // For comparing with `node tests/xss/make-site.mjs <dir>`.
        write_site(Path::new(&keep), &corpus);
    }
    let out_dir = site.path().join("public");
    let out = gongshi(
        &[
            "build",
            "--format",
            "json",
            "--out",
            out_dir.to_str().unwrap(),
        ],
        Some(site.path()),
    );
    assert_exit(&out, 0);
    let diagnostics = json_diagnostics(&out);
    let codes: BTreeSet<&str> = diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        BTreeSet::from(["GS301"]),
        "only removal warnings are expected"
    );
    // A raw notice whose raw `<a href>` has a `javascript:`-like URL is
    // warned about. (What Markdown does not take for HTML, such as
    // `<SCRIPT/XSS …>`, is shown as text and not warned about; Markdown
    // links are cleaned without a warning.)
    let warned: BTreeSet<&str> = diagnostics
        .iter()
        .filter_map(|d| d["file"].as_str())
        .collect();
    let groups = raw_groups(&corpus);
    let raw_notice: BTreeMap<usize, String> = groups
        .iter()
        .enumerate()
        .flat_map(|(k, group)| group.iter().map(move |&i| (i, pad(k + 1))))
        .collect();
    for (i, vector) in vectors.iter().enumerate() {
        let lower = vector.v.trim_start().to_ascii_lowercase();
        let schemes = ["javascript:", "vbscript:", "livescript:", "data:"];
        if vector.url && schemes.iter().any(|s| lower.starts_with(s)) {
            let file = format!("{DIR}/r{}.md", raw_notice[&i]);
            assert!(
                warned.contains(file.as_str()),
                "no GS301 for {file}: {:?}",
                vector.v
            );
        }
    }

    let mut findings = Vec::new();
    let mut scripts = BTreeSet::new();
    let mut pages = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&out_dir) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&out_dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let page = read_page(&std::fs::read_to_string(entry.path()).unwrap());
        findings.extend(page.findings.iter().map(|f| format!("{rel}: {f}")));
        if page.scripts.len() != 1 {
            findings.push(format!("{rel}: {} scripts", page.scripts.len()));
        }
        scripts.extend(page.scripts.iter().cloned());
        if page.prose.contains("1337") {
            findings.push(format!(
                "{rel}: a template expression was evaluated (7*191)"
            ));
        }
        pages.insert(rel, page);
    }
    assert_eq!(
        scripts.len(),
        1,
        "pages differ in their scripts: {scripts:#?}"
    );
    let script = scripts.first().unwrap();
    assert!(
        script.starts_with("\n// 长辈模式 as soon as the page is parsed"),
        "the theme's script is not what is expected: {script}"
    );
    assert!(
        findings.is_empty(),
        "{} findings:\n{}",
        findings.len(),
        findings.join("\n")
    );

    // Each vector reached its places as text: the title in the <h1>, the
    // attachment's name, the table caption and chart title (one line); and
    // the probe after it in its raw notice is an element: it did not swallow
    // what follows it, which is then tested as HTML too.
    let page = |rel: String| pages.get(&rel).unwrap_or_else(|| panic!("no page {rel}"));
    let mut swallowing = Vec::new();
    for (k, group) in groups.iter().enumerate() {
        let rn = pad(k + 1);
        let raw = page(format!("{PAGES}/r{rn}/index.html"));
        let title: Vec<&str> = group.iter().map(|&i| vectors[i].v.as_str()).collect();
        assert_eq!(
            raw.h1.first().map(|h| normalized(h)),
            Some(normalized(
                format!("xsst{rn} {}", title.join(" ｜ ")).trim()
            )),
            "title of raw notice {rn}"
        );
        for v in title.iter().filter(|v| attachable(v)) {
            assert!(
                raw.downloads.contains(&format!("{v}.txt")),
                "attachment {v:?} of raw notice {rn}: {:?}",
                raw.downloads
            );
        }
        if group.len() > 1 {
            for &i in group {
                if !raw.probes.contains(&format!("xss-probe-{}", pad(i + 1))) {
                    swallowing.push(format!("{}: {:?}", i + 1, vectors[i].v));
                }
            }
        }
    }
    assert!(
        swallowing.is_empty(),
        "these vectors swallow what follows them in their raw notice; mark them \"solo\": true in tests/xss/vectors.json:\n{}",
        swallowing.join("\n")
    );
    for (i, vector) in vectors.iter().enumerate() {
        let data = page(format!("{PAGES}/d{}/index.html", pad(i / GROUP + 1)));
        let caption = normalized(one_line(&vector.v).trim());
        assert!(
            normalized(&data.text).contains(&caption),
            "caption of vector {} ({caption:?}) is not on its page",
            i + 1
        );
    }
    for g in 0..vectors.len().div_ceil(GROUP) {
        let data = page(format!("{PAGES}/d{}/index.html", pad(g + 1)));
        let count = vectors.len().min((g + 1) * GROUP) - g * GROUP;
        assert_eq!(data.charts, count, "charts of data notice {g}");
        assert_eq!(data.tables, 2 * count, "tables of data notice {g}");
    }
    let region = page(format!("{PAGES}/index.html"));
    for name in &corpus.region_names {
        assert!(region.text.contains(name.as_str()), "region name {name}");
    }
    let big: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out_dir.join(format!("{PAGES}/big/big.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(big["rows"].as_array().unwrap().len(), BIG_ROWS);

    eprintln!(
        "xss: {} vectors (+{} region names) in {} raw and {} data notices, {} pages scanned, {} GS301 warnings",
        vectors.len(),
        corpus.region_names.len(),
        groups.len(),
        vectors.len().div_ceil(GROUP),
        pages.len(),
        diagnostics.len()
    );
}

#[test]
fn the_scan_catches_what_it_looks_for() {
    for html in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\" &#1;JAVASCRIPT:alert(1)\">x</a>",
        "<img src=\"data:text/html,x\">",
        "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
        "<iframe srcdoc=\"x\"></iframe>",
        "<meta http-equiv=\"refresh\" content=\"0;url=x\">",
        "<form action=\"/search/\"></form>",
        "<p style=\"color:red\">x</p>",
        "<svg class=\"gs-chart-svg\"><use href=\"#x\"/></svg>",
        "<base href=\"/\">",
        "<div data-gs-table=\"javascript:alert(1).json\"></div>",
    ] {
        assert!(!read_page(html).findings.is_empty(), "{html}");
    }
    for html in [
        "<a href=\"https://example.org/\">x</a>",
        "<img src=\"data:image/png;base64,AAAA\">",
        "<td style=\"text-align: right\">1</td>",
        "<svg class=\"gs-chart-svg\" style=\"max-width:18.8em;min-width:210px\"><g><rect/></g></svg>",
        "<a href=\"./javascript:alert(1).csv\">x</a>",
        "<textarea-not>x</textarea-not>",
    ] {
        assert!(read_page(html).findings.is_empty(), "{html}: {:?}", read_page(html).findings);
    }
}

/// docs/content.md "可以用的 HTML" lists the allowlist exactly as
/// `render/sanitize.rs` has it.
#[test]
fn the_documented_allowlist_is_the_real_one() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/content.md"))
            .unwrap();
    let start = docs.find("## 可以用的 HTML").expect("the section exists");
    let section = &docs[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
    let listed = |label: &str| -> BTreeSet<String> {
        let line = section
            .lines()
            .skip_while(|l| !l.contains(label))
            .find(|l| l.trim_start().starts_with('`'))
            .unwrap_or_else(|| panic!("no list after {label}"));
        line.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let tags: BTreeSet<String> = ALLOWED_TAGS.iter().map(|t| t.to_string()).collect();
    assert_eq!(listed("保留的标签"), tags, "the tags");
    let generic: BTreeSet<String> = GENERIC_ATTRIBUTES.iter().map(|a| a.to_string()).collect();
    assert_eq!(
        listed("所有标签都可以带"),
        generic,
        "the attributes of every tag"
    );
    for (tag, attributes) in TAG_ATTRIBUTES {
        let line = section
            .lines()
            .find(|l| l.starts_with(&format!("- `{tag}`：")))
            .unwrap_or_else(|| panic!("no line for <{tag}>"));
        let documented: BTreeSet<&str> = line
            .split_once('：')
            .unwrap()
            .1
            .split('`')
            .skip(1)
            .step_by(2)
            .collect();
        let real: BTreeSet<&str> = attributes.iter().copied().collect();
        assert_eq!(documented, real, "the attributes of <{tag}>");
    }
    for scheme in URL_SCHEMES {
        assert!(section.contains(&format!("`{scheme}:`")), "scheme {scheme}");
    }
}
