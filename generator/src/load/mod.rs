//! Loading: `content/` and `site/config.toml` → the `Site` model.
//!
//! Walks the content folder once (sorted, so the model never depends on the
//! file system's order), builds the region tree from `_region.toml` files,
//! parses every notice, and resolves what notices point at inside the site.

pub mod dates;
mod front_matter;
pub mod limits;
mod notice;
pub mod region;

use crate::config::Config;
use crate::diagnostics::{relative_to, text, Code, Diagnostic, Location, Text};
use crate::model::{Attachment, Notice, NoticeId, Region, RegionId, RegionKind, Site};
use crate::slug::slugify;
use chrono::NaiveDate;
use limits::Bounds;
use rayon::prelude::*;
use region::REGION_FILE;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

pub const CONTENT_DIR: &str = "content";

/// Loads the site under `root`. Problems in the content become diagnostics;
/// the `Err` case is for what makes loading impossible (no content folder).
/// What loading needs besides the files.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// `SOURCE_DATE_EPOCH`, when set.
    pub build_date: Option<NaiveDate>,
    /// Publish drafts too (for the preview only).
    pub drafts: bool,
}

pub fn load(
    root: &Path,
    config: Config,
    options: LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Site, Text> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        let content = content.display();
        return Err(text!(
            zh: "找不到内容文件夹 {content}（用 --root 指定站点目录）",
            en: "the content folder {content} is not there (give the site's folder with --root)"
        ));
    }
    limits::set_max_file_bytes(config.max_file_bytes);
    let bounds = Bounds::of_site(root);
    let mut tree = walk(&content, root, &bounds, diagnostics);
    let mut loader = Loader {
        root,
        config: &config,
        regions: Cow::Owned(Vec::new()),
        region_of_dir: HashMap::new(),
        include_drafts: options.drafts,
        bounds,
        refused: std::mem::take(&mut tree.refused),
    };
    // Region files are read on every core; numbering the regions needs
    // their parents, so it follows in walk order (parents first).
    let read = on_every_core(&tree.region_dirs, |dir, found| {
        loader.read_region(dir, found)
    });
    for (dir, (region, found)) in tree.region_dirs.iter().zip(read) {
        diagnostics.extend(found);
        loader.add_region(dir, region);
    }
    // Once the regions are known, notices are independent: read and parse
    // them on every core, then number them and report in file order.
    let loaded = on_every_core(&tree.notice_files, |file, found| {
        loader.load_notice(file, found)
    });
    let mut notices = Vec::new();
    let mut supersedes_raw = Vec::new();
    let mut drafts = 0;
    for (loaded, found) in loaded {
        diagnostics.extend(found);
        match loaded {
            Loaded::Published(mut notice, supersedes) => {
                notice.id = NoticeId(notices.len());
                supersedes_raw.push(supersedes);
                notices.push(*notice);
            }
            Loaded::Draft => drafts += 1,
            Loaded::Failed => {}
        }
    }
    let mut regions = loader.regions.into_owned();
    resolve_supersedes(&mut notices, supersedes_raw, diagnostics);
    for notice in &notices {
        regions[notice.region.0].notices.push(notice.id);
    }
    for region in &mut regions {
        region
            .notices
            .sort_by(|a, b| newest_first(&notices[a.0], &notices[b.0]));
    }
    let build_date = options
        .build_date
        .or_else(|| notices.iter().map(|n| n.date.date).max());
    Ok(Site {
        root: root.to_path_buf(),
        config,
        regions,
        notices,
        drafts,
        build_date,
    })
}

/// `read` of every path on every core, each result with the problems found
/// reading it, in the order of `paths`.
fn on_every_core<T: Send>(
    paths: &[PathBuf],
    read: impl Fn(&Path, &mut Vec<Diagnostic>) -> T + Sync,
) -> Vec<(T, Vec<Diagnostic>)> {
    paths
        .par_iter()
        .map(|path| {
            let mut found = Vec::new();
            (read(path, &mut found), found)
        })
        .collect()
}

/// Newest first; ties broken by page path so the order is total.
pub fn newest_first(a: &Notice, b: &Notice) -> std::cmp::Ordering {
    b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path))
}

struct Tree {
    /// Region folders, parents before children; the content folder first.
    region_dirs: Vec<PathBuf>,
    notice_files: Vec<PathBuf>,
    /// Links the walk refused (reported already), never to be read.
    refused: HashSet<PathBuf>,
}

/// A region folder's own file, read and parsed (`None` when it is missing
/// or broken: reported already), and its page path.
struct ReadRegion {
    parsed: Option<region::RegionFile>,
    has_file: bool,
    path: String,
}

/// Walks `content/`, following links that stay inside the site (a folder
/// linked twice is walked twice; a link to a folder above it is a loop,
/// reported and not followed) and refusing every other one.
fn walk(content: &Path, root: &Path, bounds: &Bounds, diagnostics: &mut Vec<Diagnostic>) -> Tree {
    let mut tree = Tree {
        region_dirs: vec![content.to_path_buf()],
        notice_files: Vec::new(),
        refused: HashSet::new(),
    };
    let mut walker = walkdir::WalkDir::new(content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let (path, diagnostic) = limits::walk_error(&e, root);
                tree.refused.insert(path);
                diagnostics.push(diagnostic);
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        let is_input = entry.file_type().is_dir()
            || name == REGION_FILE
            || (name.ends_with(".md") && !name.starts_with('_'));
        if let Some(refused) = is_input
            .then(|| bounds.refused_link(&entry, root))
            .flatten()
        {
            diagnostics.push(refused);
            tree.refused.insert(entry.path().to_path_buf());
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_dir() {
            if entry.depth() > 0 && entry.path().join(REGION_FILE).is_file() {
                tree.region_dirs.push(entry.into_path());
            }
        } else if name.ends_with(".md") && !name.starts_with('_') {
            tree.notice_files.push(entry.into_path());
        }
    }
    tree
}

enum Loaded {
    Published(Box<Notice>, Option<(String, Location)>),
    Draft,
    Failed,
}

struct Loader<'a> {
    root: &'a Path,
    config: &'a Config,
    /// Regions so far (a reload borrows the site's).
    regions: Cow<'a, [Region]>,
    region_of_dir: HashMap<PathBuf, RegionId>,
    include_drafts: bool,
    bounds: Bounds,
    refused: HashSet<PathBuf>,
}

impl Loader<'_> {
    fn rel(&self, path: &Path) -> PathBuf {
        relative_to(self.root, path)
    }

    /// A text file's content; `None` once the problem is reported.
    fn read(&self, path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
        let rel = self.rel(path);
        if self.refused.contains(path) {
            return None;
        }
        // The walk checked every link it met; this is for a file reached
        // otherwise.
        if path.symlink_metadata().is_ok_and(|m| m.is_symlink()) {
            if let Err(message) = self.bounds.check(path, &rel) {
                diagnostics.push(Diagnostic::new(
                    Code::BadSymlink,
                    Location::file(rel),
                    message,
                ));
                return None;
            }
        }
        limits::read_text(path, &rel, self.config.max_file_bytes)
            .map_err(|d| diagnostics.push(d))
            .ok()
    }

    /// What the region folder `dir` says of itself.
    fn read_region(&self, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> ReadRegion {
        let file = dir.join(REGION_FILE);
        let has_file = file.is_file();
        let parsed = if has_file {
            self.read(&file, diagnostics).and_then(|text| {
                region::parse(&text, &self.rel(&file))
                    .map_err(|errors| diagnostics.extend(errors))
                    .ok()
            })
        } else {
            None
        };
        ReadRegion {
            parsed,
            has_file,
            path: self.region_path(dir, &file, diagnostics),
        }
    }

    /// Numbers the region of folder `dir` and links it to its parent,
    /// which must have been added before.
    fn add_region(&mut self, dir: &Path, read: ReadRegion) {
        let ReadRegion {
            parsed,
            has_file,
            path,
        } = read;
        let id = RegionId(self.regions.len());
        let rel_dir = self.rel(dir);
        let parent = dir
            .ancestors()
            .skip(1)
            .find_map(|a| self.region_of_dir.get(a).copied());
        let folder_name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A region whose file is broken still exists, so that its notices are
        // checked too; the errors keep the build from being written.
        let region = match parsed {
            Some(r) => Region {
                id,
                parent,
                children: Vec::new(),
                name: r.name,
                kind: r.kind,
                code: r.code,
                dir: rel_dir,
                path,
                elections: r.elections,
                definition_ok: true,
                notices: Vec::new(),
            },
            None => Region {
                id,
                parent,
                children: Vec::new(),
                name: if parent.is_none() {
                    self.config.title.clone()
                } else {
                    folder_name
                },
                kind: RegionKind::City,
                code: None,
                dir: rel_dir,
                path,
                elections: Vec::new(),
                // The root may go without a _region.toml; any other region
                // got here because its file is broken.
                definition_ok: parent.is_none() && !has_file,
                notices: Vec::new(),
            },
        };
        if let Some(p) = parent {
            self.regions.to_mut()[p.0].children.push(id);
        }
        self.region_of_dir.insert(dir.to_path_buf(), id);
        self.regions.to_mut().push(region);
    }

    /// `gulou/dongjie/` from the folder names under `content/`.
    fn region_path(
        &self,
        dir: &Path,
        region_file: &Path,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        let content = self.root.join(CONTENT_DIR);
        let mut path = String::new();
        let below = dir.strip_prefix(&content).unwrap_or(Path::new(""));
        let count = below.components().count();
        let mut folder = content.clone();
        for (index, component) in below.components().enumerate() {
            folder.push(component);
            // A parent region reports its own folder name.
            let own = index + 1 == count || !self.region_of_dir.contains_key(&folder);
            let name = component.as_os_str().to_string_lossy();
            let slug = slugify(&name);
            if slug.is_empty() {
                diagnostics.push(Diagnostic::new(
                    Code::SlugEmpty,
                    Location::file(self.rel(region_file)),
                    text!(
                        zh: "无法从文件夹名 “{name}” 生成网址",
                        en: "no web address can be made from the folder name “{name}”"
                    ),
                ));
            } else if slug.len() > limits::MAX_SEGMENT_BYTES && own {
                diagnostics.push(Diagnostic::new(
                    Code::LimitExceeded,
                    Location::file(self.rel(region_file)),
                    text!(
                        zh: "由文件夹名 “{name}” 生成的网址段有 {} 个字符，超过了 {} 个，无法作为文件夹名",
                        en: "the web address part made from the folder name “{name}” has {} characters, more than {}, too long for a folder name",
                        slug.len(),
                        limits::MAX_SEGMENT_BYTES
                    ),
                ));
            }
            path.push_str(&slug);
            path.push('/');
        }
        path
    }

    /// Reads and checks one notice file; its id is set by the caller.
    fn load_notice(&self, file: &Path, diagnostics: &mut Vec<Diagnostic>) -> Loaded {
        let rel = self.rel(file);
        let Some(region) = file
            .parent()
            .and_then(|d| self.region_of_dir.get(d).copied())
        else {
            diagnostics.push(Diagnostic::new(
                Code::OrphanNotice,
                Location::file(&rel),
                text!(
                    zh: "公告所在的文件夹没有 _region.toml，不会发布",
                    en: "the notice's folder has no _region.toml: the notice is not published"
                ),
            ));
            return Loaded::Failed;
        };
        let Some(text) = self.read(file, diagnostics) else {
            return Loaded::Failed;
        };
        let Some(parsed) = notice::parse(&text, &rel, self.config, diagnostics) else {
            return Loaded::Failed;
        };
        if parsed.draft && !self.include_drafts {
            return Loaded::Draft;
        }
        let (slug_line, slug_column) = parsed.field_lines.position("slug");
        let slug_location = Location::new(&rel, slug_line, slug_column);
        let slug = match &parsed.slug {
            Some(s) if safe_relative_path(s).is_none_or(|p| p.components().count() != 1) => {
                diagnostics.push(Diagnostic::new(
                    Code::UnsafePath,
                    slug_location,
                    text!(
                        zh: "slug “{s}” 不能含有 /、\\ 或 ..，它只是网址的最后一段",
                        en: "the slug “{s}” cannot contain /, \\ or ..: it is only the last part of the web address"
                    ),
                ));
                return Loaded::Failed;
            }
            Some(s) => slugify(s),
            None => slugify(&file.file_stem().unwrap_or_default().to_string_lossy()),
        };
        if slug.len() > limits::MAX_SEGMENT_BYTES {
            diagnostics.push(
                Diagnostic::new(
                    Code::LimitExceeded,
                    if parsed.slug.is_some() {
                        slug_location
                    } else {
                        Location::file(&rel)
                    },
                    text!(
                        zh: "由文件名或 slug 生成的网址段有 {} 个字符，超过了 {} 个，无法作为文件夹名",
                        en: "the web address part made from the file name or slug has {} characters, more than {}, too long for a folder name",
                        slug.len(),
                        limits::MAX_SEGMENT_BYTES
                    ),
                )
                .with_help(text!(
                    zh: "换一个短一些的文件名，或在头信息中写一个短的 slug",
                    en: "use a shorter file name, or write a short slug in the front matter"
                )),
            );
            return Loaded::Failed;
        }
        if slug.is_empty() {
            diagnostics.push(Diagnostic::new(
                Code::SlugEmpty,
                if parsed.slug.is_some() {
                    slug_location
                } else {
                    Location::file(&rel)
                },
                text!(
                    zh: "无法从文件名或 slug 生成网址：其中没有汉字、字母或数字",
                    en: "no web address can be made from the file name or slug: it has no Chinese characters, letters or digits"
                ),
            ));
            return Loaded::Failed;
        }
        let attachments = self.attachments(file, &rel, &parsed, diagnostics);
        let path = format!("{}{}/", self.regions[region.0].path, slug);
        let supersedes = parsed.supersedes.as_ref().map(|s| {
            let (line, column) = parsed.field_lines.position("supersedes");
            (s.clone(), Location::new(&rel, line, column))
        });
        Loaded::Published(
            Box::new(Notice {
                id: NoticeId(0),
                region,
                source: rel,
                source_sha256: hex(&Sha256::digest(text.as_bytes())),
                title: parsed.title,
                kind: parsed.kind,
                date: parsed.date,
                election: parsed.election,
                valid_until: parsed.valid_until,
                supersedes: None,
                slug,
                path,
                attachments,
                allow_pii: parsed.allow_pii,
                draft: parsed.draft,
                body: parsed.body,
                body_line: parsed.body_line,
                field_lines: parsed.field_lines,
            }),
            supersedes,
        )
    }

    fn attachments(
        &self,
        file: &Path,
        rel: &Path,
        parsed: &notice::ParsedNotice,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<Attachment> {
        let (line, column) = parsed.field_lines.position("attachments");
        let location = Location::new(rel, line, column);
        let dir = file.parent().unwrap_or(Path::new("."));
        let mut out = Vec::new();
        for name in &parsed.attachments {
            let Some(relative) = safe_relative_path(name) else {
                diagnostics.push(Diagnostic::new(
                    Code::UnsafePath,
                    location.clone(),
                    text!(
                        zh: "附件路径 “{name}” 不安全：只能是公告旁边的文件",
                        en: "the attachment path “{name}” is not safe: it can only be a file beside the notice"
                    ),
                ));
                continue;
            };
            let source = dir.join(&relative);
            if let Err(message) = self.bounds.check(&source, &self.rel(&source)) {
                diagnostics.push(Diagnostic::new(
                    Code::BadSymlink,
                    location.clone(),
                    message.wrap(
                        |why| format!("附件 {why}"),
                        |why| format!("attachment: {why}"),
                    ),
                ));
                continue;
            }
            match std::fs::metadata(&source) {
                Ok(meta) if meta.is_file() && meta.len() > self.config.max_file_bytes => {
                    diagnostics.push(limits::too_large(
                        location.clone(),
                        &text!(zh: "附件 “{name}” ", en: "the attachment “{name}”"),
                        meta.len(),
                        self.config.max_file_bytes,
                    ))
                }
                Ok(meta) if meta.is_file() => out.push(Attachment {
                    name: name.clone(),
                    source: self.rel(&source),
                    size: meta.len(),
                }),
                _ => diagnostics.push(Diagnostic::new(
                    Code::AttachmentMissing,
                    location.clone(),
                    text!(
                        zh: "找不到附件 “{name}”（应在 {} 旁边）",
                        en: "the attachment “{name}” is not there (it should be beside `{}`)",
                        rel.display()
                    ),
                )),
            }
        }
        out
    }
}

fn resolve_supersedes(
    notices: &mut [Notice],
    raw: Vec<Option<(String, Location)>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let by_path = notices_by_path(notices);
    for (index, entry) in raw.into_iter().enumerate() {
        notices[index].supersedes = resolve(&by_path, NoticeId(index), entry, diagnostics);
    }
}

/// Notices by source path relative to `content/`, as `supersedes` names
/// them.
fn notices_by_path(notices: &[Notice]) -> HashMap<PathBuf, NoticeId> {
    notices
        .iter()
        .map(|n| {
            (
                n.source
                    .strip_prefix(CONTENT_DIR)
                    .unwrap_or(&n.source)
                    .to_path_buf(),
                n.id,
            )
        })
        .collect()
}

/// The notice that notice `id`'s `supersedes` names, reporting a target
/// that is no published notice.
fn resolve(
    by_path: &HashMap<PathBuf, NoticeId>,
    id: NoticeId,
    supersedes: Option<(String, Location)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<NoticeId> {
    let (target, location) = supersedes?;
    let resolved = safe_relative_path(&target).and_then(|p| by_path.get(&p).copied());
    match resolved {
        Some(found) if found != id => return Some(found),
        Some(_) => diagnostics.push(Diagnostic::new(
            Code::SupersedesNotFound,
            location,
            text!(
                zh: "更正公告不能更正它自己",
                en: "a correction cannot correct itself"
            ),
        )),
        None => diagnostics.push(
            Diagnostic::new(
                Code::SupersedesNotFound,
                location,
                text!(
                    zh: "supersedes 指向的公告 “{target}” 不存在（或是草稿）",
                    en: "supersedes names the notice “{target}”, which does not exist (or is a draft)"
                ),
            )
            .with_help(text!(
                zh: "路径相对于 content/ 文件夹，例如 gulou/dongjie/2021-xuanju-gonggao.md",
                en: "the path is relative to the content/ folder, for example gulou/dongjie/2021-xuanju-gonggao.md"
            )),
        ),
    }
    None
}

/// Reads notice `id` of `site` again from its file (the preview, after an
/// edit), as loading the whole site would. `None` when it no longer loads
/// as a published notice (an error, reported to `diagnostics`, or a draft
/// now).
pub fn reload_notice(
    site: &Site,
    id: NoticeId,
    drafts: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Notice> {
    let old = site.notice(id);
    let file = site.root.join(&old.source);
    let dir = file.parent()?.to_path_buf();
    let loader = Loader {
        root: &site.root,
        config: &site.config,
        regions: Cow::Borrowed(&site.regions),
        region_of_dir: HashMap::from([(dir, old.region)]),
        include_drafts: drafts,
        bounds: Bounds::of_site(&site.root),
        refused: HashSet::new(),
    };
    let Loaded::Published(mut notice, supersedes) = loader.load_notice(&file, diagnostics) else {
        return None;
    };
    notice.id = id;
    if supersedes.is_some() {
        let by_path = notices_by_path(&site.notices);
        notice.supersedes = resolve(&by_path, id, supersedes, diagnostics);
    }
    Some(*notice)
}

/// A path written by an editor that must stay inside the folder it is
/// relative to: no root, no drive, no `..`, not empty. `./` parts are dropped.
pub fn safe_relative_path(text: &str) -> Option<PathBuf> {
    let text = text.trim();
    if text.is_empty() || text.contains('\\') || text.contains('\0') {
        return None;
    }
    let mut out = PathBuf::new();
    for component in Path::new(text).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::safe_relative_path;
    use std::path::PathBuf;

    #[test]
    fn safe_paths_stay_inside() {
        assert_eq!(
            safe_relative_path("a/b.pdf"),
            Some(PathBuf::from("a/b.pdf"))
        );
        assert_eq!(safe_relative_path("./b.pdf"), Some(PathBuf::from("b.pdf")));
        for bad in [
            "../../etc/passwd",
            "/etc/passwd",
            "a/../../b",
            "",
            "a\\..\\b",
            ".",
        ] {
            assert_eq!(safe_relative_path(bad), None, "{bad}");
        }
    }
}
