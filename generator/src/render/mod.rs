//! Rendering: the `Site` model → every output file, in memory.
//!
//! Notice bodies are rendered first (Markdown, tables, sanitizing), then every
//! page through the Tera templates, then feeds, sitemap and the
//! `disclosures.json` manifest whose page hashes are taken from the exact
//! bytes written. Two things may not share an output path; that is reported
//! here, whatever made them (notices, regions, the theme, static files).

mod blocks;
pub mod chart;
mod context;
mod fingerprint;
mod hosting;
pub mod links;
pub mod manifest;
mod markdown;
mod minify;
mod pages;
mod paper;
pub mod sanitize;
pub mod search;
pub mod shortcode;
mod stats;
mod table;
pub mod templates;

pub use fingerprint::ThemeAssets;
pub use markdown::RenderedBody;
pub use pages::{sha256_hex, Scope, Touched};

use crate::assets;
use crate::config::Config;
use crate::diagnostics::{relative_to, text, Code, Diagnostic, Location, Text};
use crate::elections::Elections;
use crate::load::limits::{walk_error, Bounds};
use crate::model::{NoticeId, Site};
use crate::output::{Contents, Output, Spilled, Staging};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

pub const STATIC_DIR: &str = "site/static";

/// A site rendered, with what the preview keeps to render an edit again
/// (see `crate::preview`).
pub struct Rendered<'s> {
    pub out: Collector<'s>,
    /// Every notice's body, by notice id.
    pub bodies: Vec<RenderedBody>,
    /// What rendering each body found, by notice id.
    pub body_diagnostics: Vec<Vec<Diagnostic>>,
    /// Everything else rendering found: static files, templates, links,
    /// two files at one path.
    pub diagnostics: Vec<Diagnostic>,
    pub theme: fingerprint::ThemeAssets,
}

impl Rendered<'_> {
    /// The files, with everything rendering found added to `diagnostics`.
    pub fn into_output(self, diagnostics: &mut Vec<Diagnostic>) -> Output {
        diagnostics.extend(self.body_diagnostics.into_iter().flatten());
        diagnostics.extend(self.diagnostics);
        self.out.finish(diagnostics)
    }
}

/// Renders the whole site. The output is only meant to be written when no
/// diagnostic is an error.
pub fn render<'s>(
    site: &Site,
    elections: &Elections,
    tera: &tera::Tera,
    spill: Option<&'s Staging>,
) -> Rendered<'s> {
    let all: Vec<NoticeId> = site.notices.iter().map(|n| n.id).collect();
    let (bodies, body_diagnostics): (Vec<_>, Vec<_>) =
        render_bodies(site, &all).into_iter().unzip();
    let mut diagnostics = Vec::new();
    let static_files = static_files(&site.root, &mut diagnostics);
    let theme = theme_assets(site, &static_files, &mut diagnostics);
    let mut out = Collector::spilling_into(spill);
    // The search index is built beside the pages: its serial part (joining
    // the runs, cutting the shards) keeps a core busy while the other renders.
    let ((), search) = rayon::join(
        || {
            render_pages(
                site,
                elections,
                tera,
                &bodies,
                &theme,
                &Scope::All,
                &mut out,
                &mut diagnostics,
            )
        },
        || {
            let mut batch = Batch::default();
            search_index(site, &bodies, &theme, &mut batch, &|| false)
                .expect("an index that is never asked to stop is made whole");
            batch
        },
    );
    Batch::merge_all(vec![(search, Vec::new())], &mut out, &mut diagnostics);
    hosting::write(&context::Urls::new(&site.config), &theme, &mut out);
    for (path, bytes) in theme.files() {
        out.add(path.clone(), Contents::Bytes(bytes.clone()), Origin::Theme);
    }
    for (path, bytes) in assets::EMBEDDED {
        // A site's static file of the same name replaces the theme's.
        let replaced = static_files.iter().any(|(p, _)| p == path);
        if !replaced && !assets::is_fingerprinted(path) {
            out.add(
                path.to_string(),
                Contents::Bytes(bytes.to_vec()),
                Origin::Theme,
            );
        }
    }
    for (path, source) in static_files {
        if theme.contains(&path) {
            continue; // published under its hashed name above
        }
        let contents = if minify::minifies_static(&site.config, &path) {
            match read_static(&site.config, &site.root, &path, &source, &mut diagnostics) {
                Some(css) => Contents::Bytes(css),
                None => continue,
            }
        } else {
            Contents::Copy(source.clone())
        };
        out.add(
            path,
            contents,
            Origin::File(relative_to(&site.root, &source)),
        );
    }
    links::check(site, &bodies, &out, &mut diagnostics);
    Rendered {
        out,
        bodies,
        body_diagnostics,
        diagnostics,
        theme,
    }
}

/// The search index and `search.js`, which names it.
pub fn search_index(
    site: &Site,
    bodies: &[RenderedBody],
    theme: &ThemeAssets,
    out: &mut impl Sink,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<(), search::Stopped> {
    search::write(site, bodies, theme, out, stop, search::RUNS)
}

/// The bodies of `notices` (Markdown, tables, sanitizing), rendered on
/// every core, each with what rendering it found.
pub fn render_bodies(site: &Site, notices: &[NoticeId]) -> Vec<(RenderedBody, Vec<Diagnostic>)> {
    let sanitizer = sanitize::Sanitizer::new();
    let resolver = links::Resolver::new(site);
    notices
        .par_iter()
        .map(|id| {
            let n = site.notice(*id);
            let pii = crate::pii::Policy {
                mode: site.config.pii,
                allow: &n.allow_pii,
            };
            let mut found = Vec::new();
            let body = markdown::render(n, &site.root, pii, &resolver, &sanitizer, &mut found);
            (body, found)
        })
        .collect()
}

/// The pages and feeds of `scope` with the notices' downloads and
/// attachments, and the manifest. Bodies are rendered already.
#[allow(clippy::too_many_arguments)]
pub fn render_pages(
    site: &Site,
    elections: &Elections,
    tera: &tera::Tera,
    bodies: &[RenderedBody],
    theme: &fingerprint::ThemeAssets,
    scope: &Scope,
    out: &mut Collector,
    diagnostics: &mut Vec<Diagnostic>,
) {
    pages::render_all(
        site,
        elections,
        tera,
        bodies,
        theme,
        scope,
        out,
        diagnostics,
    );
    for (notice, body) in site.notices.iter().zip(bodies) {
        if !scope.has_notice(notice.id) {
            continue;
        }
        for download in &body.downloads {
            out.add(
                format!("{}{}", notice.path, download.name),
                Contents::Bytes(download.bytes.clone()),
                Origin::File(notice.source.clone()),
            );
        }
        for attachment in &notice.attachments {
            // An editor who also attaches a table's data file gets the
            // table's download in its place: the same data, in a form Excel
            // opens (UTF-8 with BOM).
            let replaced = body
                .downloads
                .iter()
                .any(|d| d.name == attachment.name && d.source == attachment.source);
            if replaced {
                continue;
            }
            out.add(
                format!("{}{}", notice.path, attachment.name),
                Contents::Copy(site.root.join(&attachment.source)),
                Origin::File(notice.source.clone()),
            );
        }
    }
}

/// How many data tables the pages of `output` show: one JSON download each.
pub fn count_tables(output: &Output) -> usize {
    let head = format!("{{\"format\":\"{}\"", table::JSON_FORMAT);
    output
        .iter()
        .filter(|(path, contents)| {
            path.ends_with(".json")
                && matches!(contents, Contents::Bytes(b) if b.starts_with(head.as_bytes()))
        })
        .count()
}

/// The theme's stylesheet, scripts and wasm under content-hashed names, a
/// site's static file of the same path taking the place of the theme's
/// (minified first when it is a stylesheet and the site asks for it).
fn theme_assets(
    site: &Site,
    static_files: &[(String, PathBuf)],
    diagnostics: &mut Vec<Diagnostic>,
) -> ThemeAssets {
    let mut files = Vec::new();
    for (path, bytes) in assets::EMBEDDED {
        if !assets::is_fingerprinted(path) {
            continue;
        }
        let replacement = static_files.iter().find(|(p, _)| p == path);
        let bytes = replacement
            .and_then(|(_, source)| {
                read_static(&site.config, &site.root, path, source, diagnostics)
            })
            .unwrap_or_else(|| bytes.to_vec());
        files.push((path.to_string(), bytes));
    }
    fingerprint::ThemeAssets::new(files)
}

/// A site's static file that the build reads (to fingerprint or minify
/// it), minified when the site asks; `None` once a failed read is
/// reported.
fn read_static(
    config: &Config,
    root: &Path,
    path: &str,
    source: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    let file = relative_to(root, source);
    match std::fs::read(source) {
        Ok(bytes) if minify::minifies_static(config, path) => {
            Some(minify::site_stylesheet(bytes, &file, diagnostics))
        }
        Ok(bytes) => Some(bytes),
        Err(e) => {
            diagnostics.push(Diagnostic::new(
                Code::FileUnreadable,
                Location::file(file),
                static_unreadable(&e),
            ));
            None
        }
    }
}

fn static_unreadable(e: &dyn std::fmt::Display) -> Text {
    text!(
        zh: "无法读取静态文件：{e}",
        en: "cannot read a static file: {e}"
    )
}

/// What produced an output file, for collision messages.
#[derive(Clone, Debug)]
pub enum Origin {
    File(PathBuf),
    /// A page or file the build makes, named in Chinese and in English
    /// (`("首页", "home page")`).
    Generated(&'static str, &'static str),
    Theme,
}

impl Origin {
    fn describe(&self) -> Text {
        match self {
            Origin::File(p) => text!(zh: "{}", en: "`{}`", p.display()),
            Origin::Generated(zh, "") => text!(zh: "自动生成的{zh}", en: "a generated page"),
            Origin::Generated(zh, en) => text!(zh: "自动生成的{zh}", en: "the generated {en}"),
            Origin::Theme => text!(zh: "内置主题文件", en: "a file of the built-in theme"),
        }
    }

    fn location(&self) -> Location {
        match self {
            Origin::File(p) => Location::file(p),
            _ => Location::file(Path::new(STATIC_DIR)),
        }
    }
}

/// Where rendered files go: the [`Collector`], or a worker's own list
/// that is added to the collector in order afterwards (pages are rendered
/// in parallel; the output must not depend on which thread ran first).
pub trait Sink {
    fn add(&mut self, path: String, contents: Contents, origin: Origin);
}

impl Sink for Collector<'_> {
    fn add(&mut self, path: String, contents: Contents, origin: Origin) {
        Collector::add(self, path, contents, origin);
    }
}

/// A worker's files, in the order it made them.
#[derive(Default)]
pub struct Batch {
    files: Vec<(String, Contents, Origin)>,
}

impl Sink for Batch {
    fn add(&mut self, path: String, contents: Contents, origin: Origin) {
        self.files.push((path, contents, origin));
    }
}

/// What later stages keep of the page or feed written as `path`: an HTML
/// page's ids and, when `hashed`, its SHA-256.
pub fn spilled(path: &str, bytes: &[u8], hashed: bool) -> Spilled {
    Spilled {
        sha256: hashed.then(|| sha256_hex(bytes)),
        ids: if path.ends_with(".html") {
            links::page_ids(bytes)
        } else {
            Vec::new()
        },
    }
}

impl Batch {
    /// Writes the batch's files into the staging folder of a `build` now,
    /// keeping only what later stages need of them: a site's pages are
    /// never all in memory. Without a staging folder (the preview, `check`)
    /// the files stay as they are.
    pub fn spill(&mut self, staging: Option<&Staging>) {
        let Some(staging) = staging else {
            return;
        };
        for (path, contents, origin) in &mut self.files {
            // Pages and feeds, the bulk of a site; the tables' JSON stays
            // for the summary to count (`count_tables`).
            let page = path.ends_with(".html") || path.ends_with(".xml");
            if let (true, Contents::Bytes(bytes)) = (page, &*contents) {
                if staging.spill(path, bytes) {
                    let hashed = matches!(origin, Origin::File(_));
                    *contents = Contents::Spilled(spilled(path, bytes, hashed));
                }
            }
        }
    }

    /// Adds the batches' files to `out` and their diagnostics to
    /// `diagnostics`, batch by batch in order.
    pub fn merge_all(
        batches: Vec<(Batch, Vec<Diagnostic>)>,
        out: &mut Collector,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for (batch, found) in batches {
            for (path, contents, origin) in batch.files {
                out.add(path, contents, origin);
            }
            diagnostics.extend(found);
        }
    }
}

/// Gathers output files and notices when two want the same path.
#[derive(Default)]
pub struct Collector<'s> {
    files: Output,
    origins: HashMap<String, Origin>,
    collisions: Vec<Diagnostic>,
    /// Where a `build` writes pages as workers render them (see
    /// [`Batch::spill`]); `None` keeps everything in memory.
    spill: Option<&'s Staging>,
    /// The preview: this render continues a previous one, whose files a
    /// file rendered again replaces (once) instead of colliding with them.
    resumed: bool,
    /// The preview: what this render changed of the previous one.
    changes: Changes,
}

/// What a preview's render changed of the previous render.
#[derive(Debug, Default)]
pub struct Changes {
    /// Paths added or rendered again.
    pub written: BTreeSet<String>,
    /// Paths of the previous render that are gone.
    pub removed: BTreeSet<String>,
}

impl<'s> Collector<'s> {
    pub fn spilling_into(spill: Option<&'s Staging>) -> Self {
        Collector {
            spill,
            ..Collector::default()
        }
    }

    pub fn spill(&self) -> Option<&'s Staging> {
        self.spill
    }

    /// Continues from a previous render (the preview): its files stay
    /// unless rendered again or forgotten, and [`Collector::into_parts`]
    /// tells what changed.
    pub fn resume(files: Output, origins: HashMap<String, Origin>) -> Collector<'static> {
        Collector {
            files,
            origins,
            resumed: true,
            ..Collector::default()
        }
    }

    pub fn add(&mut self, path: String, contents: Contents, origin: Origin) {
        let again =
            self.resumed && self.files.contains_key(&path) && !self.changes.written.contains(&path);
        if again {
            self.changes.written.insert(path.clone());
            self.origins.insert(path.clone(), origin);
            self.files.insert(path, contents);
            return;
        }
        if let Some(first) = self.origins.get(&path) {
            // Report at the editor's file when one of the two is theirs.
            let at = match (&origin, first) {
                (Origin::File(_), _) => origin.location(),
                (_, Origin::File(_)) => first.location(),
                _ => origin.location(),
            };
            self.collisions.push(
                Diagnostic::new(
                    Code::UrlCollision,
                    at,
                    {
                        let url = path.strip_suffix("index.html").unwrap_or(&path);
                        let (first, second) = (first.describe(), origin.describe());
                        Text::new(
                            format!(
                                "网址 /{url} 冲突：{} 与 {} 会生成同一个文件",
                                first.zh(),
                                second.zh()
                            ),
                            format!(
                                "the web address `/{url}` is taken twice: {} and {} would make the same file",
                                first.en(),
                                second.en()
                            ),
                        )
                    },
                )
                .with_help(text!(
                    zh: "修改其中一篇公告的文件名，或在头信息中设置不同的 slug",
                    en: "rename one of the notices' files, or give it another slug in its front matter"
                )),
            );
            return;
        }
        if self.resumed {
            self.changes.removed.remove(&path);
            self.changes.written.insert(path.clone());
        }
        self.origins.insert(path.clone(), origin);
        self.files.insert(path, contents);
    }

    /// Removes the files under `prefix` that `which` picks (the preview,
    /// before rendering what made them again).
    pub fn forget_under(&mut self, prefix: &str, which: impl Fn(&str, &Origin) -> bool) {
        let gone: Vec<String> = self
            .files
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .map(|(path, _)| path)
            .take_while(|path| path.starts_with(prefix))
            .filter(|path| self.origins.get(*path).is_some_and(|o| which(path, o)))
            .cloned()
            .collect();
        for path in gone {
            self.files.remove(&path);
            self.origins.remove(&path);
            self.changes.written.remove(&path);
            self.changes.removed.insert(path);
        }
    }

    /// Whether some producer writes `path`.
    pub fn has(&self, path: &str) -> bool {
        self.origins.contains_key(path)
    }

    /// SHA-256 of the file written as `path`, lowercase hex; `None` for a
    /// copied file, and for a spilled page not made from a source file.
    pub fn sha256(&self, path: &str) -> Option<String> {
        match self.files.get(path)? {
            Contents::Bytes(b) => Some(sha256_hex(b)),
            Contents::Spilled(spilled) => spilled.sha256.clone(),
            Contents::Copy(_) => None,
        }
    }

    /// The element ids of the HTML page written as `path`.
    pub fn ids(&self, path: &str) -> Option<HashSet<String>> {
        match self.files.get(path)? {
            Contents::Bytes(b) => Some(links::page_ids(b).into_iter().collect()),
            Contents::Spilled(spilled) => Some(spilled.ids.iter().cloned().collect()),
            Contents::Copy(_) => None,
        }
    }

    /// The files, reporting two producers of one path to `diagnostics`.
    pub fn finish(self, diagnostics: &mut Vec<Diagnostic>) -> Output {
        self.into_parts(diagnostics).0
    }

    /// The files with what made each, and what changed since the render
    /// resumed (empty unless it did).
    pub fn into_parts(
        self,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Output, HashMap<String, Origin>, Changes) {
        diagnostics.extend(self.collisions);
        (self.files, self.origins, self.changes)
    }
}

/// Files under `site/static/`, by output path. A link is followed when it
/// leads inside the site; any other is reported (GS004) and left out, as
/// in `content/`.
fn static_files(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let dir = root.join(STATIC_DIR);
    if !dir.is_dir() {
        return Vec::new();
    }
    let bounds = Bounds::of_site(root);
    let mut files = Vec::new();
    let mut walker = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                diagnostics.push(walk_error(&e, root).1);
                continue;
            }
        };
        if let Some(refused) = bounds.refused_link(&entry, root) {
            diagnostics.push(refused);
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_file() {
            let path = relative_to(&dir, entry.path())
                .to_string_lossy()
                .into_owned();
            files.push((path, entry.into_path()));
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(minify: bool) -> Config {
        let toml = format!("title = \"t\"\nbase_url = \"https://e.org/\"\nminify = {minify}\n");
        Config::parse(&toml, None).unwrap()
    }

    #[test]
    fn a_static_file_read_is_minified_when_asked() {
        let root = tempfile::tempdir().unwrap();
        let source = root.path().join("site/static/a.css");
        std::fs::create_dir_all(source.parent().unwrap()).unwrap();
        std::fs::write(&source, "a {\n  color: red;\n}\n").unwrap();
        let read = |minify| {
            read_static(
                &config(minify),
                root.path(),
                "a.css",
                &source,
                &mut Vec::new(),
            )
        };
        assert_eq!(read(true).unwrap(), b"a{color:red}");
        assert_eq!(read(false).unwrap(), b"a {\n  color: red;\n}\n");
        let txt = root.path().join("site/static/a.txt");
        std::fs::write(&txt, " as it is ").unwrap();
        let mut found = Vec::new();
        let kept = read_static(&config(true), root.path(), "a.txt", &txt, &mut found);
        assert_eq!(kept.unwrap(), b" as it is ");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_static_file_that_cannot_be_read_is_reported_where_it_is() {
        let root = tempfile::tempdir().unwrap();
        let source = root.path().join("site/static/gone.css");
        let mut found = Vec::new();
        let read = read_static(&config(true), root.path(), "gone.css", &source, &mut found);
        assert!(read.is_none());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, Code::FileUnreadable);
        assert_eq!(found[0].location.file, Path::new("site/static/gone.css"));
    }
}
