//! What keeps a build safe from what is in the folder: files read only
//! after their size is known, links that lead out of the site refused, and
//! structures too deep for the HTML parser found before rendering.
//!
//! Every check here returns a message or a diagnostic; none panics, and
//! none reads more of a file than the size limit allows.

use crate::diagnostics::{relative_to, text, Code, Diagnostic, Location, Text};
use crate::source_text::line_col;
use pulldown_cmark::{Event, Options, Parser};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Deepest nesting of lists, block quotes and HTML elements in a notice
/// body. The HTML parser behind the sanitizer takes time that grows with
/// the square of the depth (10,000 nested lists take minutes); real notices
/// never go past ten.
pub const MAX_BODY_NESTING: usize = 100;

/// Deepest nesting of `[` and `{` in YAML front matter: the YAML scanner,
/// too, slows down with the square of it.
pub const MAX_YAML_NESTING: usize = 64;

/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 500;

/// Longest URL segment made from a slug, a file name or a folder name, in
/// bytes: it becomes a folder of the output, and file systems allow 255
/// for a name.
pub const MAX_SEGMENT_BYTES: usize = 240;

static MAX_FILE_BYTES: AtomicU64 = AtomicU64::new(crate::config::DEFAULT_MAX_FILE_BYTES);

/// The `max_file_size` of the site being built: set by `load::load`, read
/// by the data file reader too, which renders later without the config.
pub fn max_file_bytes() -> u64 {
    MAX_FILE_BYTES.load(Ordering::Relaxed)
}

pub(super) fn set_max_file_bytes(bytes: u64) {
    MAX_FILE_BYTES.store(bytes, Ordering::Relaxed);
}

/// `20 MB`, `512 KB`, `1.5 GB`: a size as editors write it in the config.
pub fn human_bytes(bytes: u64) -> Text {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")];
    for (size, unit) in UNITS {
        if bytes >= size {
            let value = bytes as f64 / size as f64;
            let text = format!("{value:.1}");
            let text = text.strip_suffix(".0").unwrap_or(&text);
            return text!(zh: "{text} {unit}", en: "{text} {unit}");
        }
    }
    text!(zh: "{bytes} 字节", en: "{bytes} bytes")
}

/// The folders a link may lead into: the site root and the content folder
/// (which may itself be a link to elsewhere), both resolved.
#[derive(Debug, Clone)]
pub struct Bounds {
    allowed: Vec<PathBuf>,
}

impl Bounds {
    pub fn of_site(root: &Path) -> Bounds {
        let allowed = [root.to_path_buf(), root.join(super::CONTENT_DIR)]
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        Bounds { allowed }
    }

    /// `Ok` when `path` does not pass through a link, or every link on the
    /// way leads inside the site; `Err` with the words for a diagnostic
    /// otherwise. A path that does not exist is `Ok`: whoever asked reports
    /// a missing file in its own words. `shown` is how the message names it.
    pub fn check(&self, path: &Path, shown: &Path) -> Result<(), Text> {
        match path.canonicalize() {
            Ok(target) => {
                if self.allowed.iter().any(|a| target.starts_with(a)) {
                    Ok(())
                } else {
                    let (shown, target) = (shown.display(), target.display());
                    Err(text!(
                        zh: "“{shown}” 是一个链接，指向站点文件夹以外的 {target}，为避免发布站点以外的文件，不会读取",
                        en: "“{shown}” is a link to `{target}`, outside the site folder: it is not read, so that no file from outside the site is published"
                    ))
                }
            }
            // Something is there (a link) but leads nowhere: broken or a loop.
            Err(e) if path.symlink_metadata().is_ok() => Err(broken_link(path, shown, &e)),
            Err(_) => Ok(()),
        }
    }

    /// GS004 for an entry of a walk that is a link leading out of the
    /// site; `None` for anything else.
    pub fn refused_link(&self, entry: &walkdir::DirEntry, root: &Path) -> Option<Diagnostic> {
        if !entry.path_is_symlink() {
            return None;
        }
        let rel = relative_to(root, entry.path());
        let message = self.check(entry.path(), &rel).err()?;
        Some(Diagnostic::new(
            Code::BadSymlink,
            Location::file(rel),
            message,
        ))
    }
}

/// What a walk of the site (following links) met and could not enter or
/// read: the path, and the diagnostic for it (a loop or a broken link is
/// GS004, anything else unreadable).
pub fn walk_error(e: &walkdir::Error, root: &Path) -> (PathBuf, Diagnostic) {
    let path = e.path().map(Path::to_path_buf).unwrap_or_default();
    let rel = relative_to(root, &path);
    let is_link = path.symlink_metadata().is_ok_and(|m| m.is_symlink());
    let (code, message) = if let Some(ancestor) = e.loop_ancestor() {
        let (link, ancestor) = (rel.display(), relative_to(root, ancestor));
        let ancestor = ancestor.display();
        (
            Code::BadSymlink,
            text!(
                zh: "“{link}” 是一个循环的链接：它指向自己的上级文件夹 {ancestor}，不会跟随",
                en: "“{link}” is a link in a loop: it leads to `{ancestor}`, a folder above it; not followed"
            ),
        )
    } else if is_link {
        let message = match e.io_error() {
            Some(io) => broken_link(&path, &rel, io),
            None => broken_link(&path, &rel, &std::io::Error::other(e.to_string())),
        };
        (Code::BadSymlink, message)
    } else {
        (
            Code::FileUnreadable,
            text!(zh: "无法读取：{e}", en: "cannot be read: {e}"),
        )
    };
    let diagnostic = Diagnostic::new(code, Location::file(&rel), message);
    (path, diagnostic)
}

/// The words for the link at `path` that cannot be followed.
pub fn broken_link(path: &Path, shown: &Path, error: &std::io::Error) -> Text {
    // ELOOP: 40 on Linux, 62 on the BSDs and macOS.
    let eloop = if cfg!(target_os = "linux") { 40 } else { 62 };
    let shown = shown.display();
    if error.raw_os_error() == Some(eloop) || error.to_string().contains("symbolic links") {
        text!(
            zh: "“{shown}” 是一个循环的链接（链接指向它自己或它的上级文件夹），不会跟随",
            en: "“{shown}” is a link in a loop (it leads to itself or to a folder above it): not followed"
        )
    } else {
        let target = std::fs::read_link(path)
            .map_or_else(|_| error.to_string(), |t| t.display().to_string());
        text!(
            zh: "“{shown}” 是一个失效的链接：它指向的 {target} 不存在",
            en: "“{shown}” is a broken link: `{target}`, where it leads, does not exist"
        )
    }
}

/// An I/O error in plain words, the system's own text after them.
pub fn io_message(error: &std::io::Error) -> Text {
    use std::io::ErrorKind;
    let (zh, en) = match error.kind() {
        ErrorKind::NotFound => ("文件不存在", "the file does not exist"),
        ErrorKind::PermissionDenied => ("没有读取权限", "no permission to read it"),
        ErrorKind::InvalidData => ("内容无法识别", "its content cannot be read"),
        _ => return text!(zh: "{error}", en: "{error}"),
    };
    text!(zh: "{zh}（{error}）", en: "{en} ({error})")
}

/// Reads a text file (a notice, `_region.toml`) whose root-relative path is
/// `shown`: refused when it is not a regular file, larger than `limit`
/// bytes, not UTF-8, or holds a NUL byte. The size is checked before
/// reading, and no more than `limit` bytes are ever read.
pub fn read_text(path: &Path, shown: &Path, limit: u64) -> Result<String, Diagnostic> {
    let unreadable =
        |message: Text| Diagnostic::new(Code::FileUnreadable, Location::file(shown), message);
    let io_failed = |e: std::io::Error| {
        unreadable(io_message(&e).wrap(
            |why| format!("无法读取文件：{why}"),
            |why| format!("the file cannot be read: {why}"),
        ))
    };
    let the_file = || text!(zh: "文件", en: "the file");
    let meta = std::fs::metadata(path).map_err(io_failed)?;
    if !meta.is_file() {
        return Err(unreadable(text!(
            zh: "这不是普通文件（可能是文件夹、管道或设备），无法作为文本读取",
            en: "this is not a regular file (perhaps a folder, a pipe or a device) and cannot be read as text"
        )));
    }
    if meta.len() > limit {
        return Err(too_large(
            Location::file(shown),
            &the_file(),
            meta.len(),
            limit,
        ));
    }
    let file = std::fs::File::open(path).map_err(io_failed)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_failed)?;
    if bytes.len() as u64 > limit {
        // The file grew while it was read.
        return Err(too_large(
            Location::file(shown),
            &the_file(),
            bytes.len() as u64,
            limit,
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let (line, column) = line_col_of_bytes(e.as_bytes(), valid);
            return Err(Diagnostic::new(
                Code::NotUtf8,
                Location::new(shown, line, column),
                text!(
                    zh: "第 {line} 行含有不是 UTF-8 编码的字节",
                    en: "line {line} holds bytes that are not UTF-8"
                ),
            )
            .with_help(save_as_utf8()));
        }
    };
    if let Some(offset) = text.find('\0') {
        let (line, column) = line_col(&text, offset);
        return Err(Diagnostic::new(
            Code::NotUtf8,
            Location::new(shown, line, column),
            text!(
                zh: "第 {line} 行含有 NUL 字节（\\0）：这不是普通的文本文件，或是用 UTF-16（“Unicode”）编码保存的",
                en: "line {line} holds a NUL byte (\\0): this is not a plain text file, or it was saved as UTF-16 (“Unicode”)"
            ),
        )
        .with_help(save_as_utf8()));
    }
    Ok(text)
}

fn save_as_utf8() -> Text {
    text!(
        zh: "用编辑器把文件另存为 UTF-8 编码",
        en: "save the file as UTF-8 in your editor"
    )
}

/// Line and column of `offset` in bytes that are UTF-8 up to it.
fn line_col_of_bytes(bytes: &[u8], offset: usize) -> (usize, usize) {
    let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or("");
    line_col(valid, valid.len())
}

/// The error for a file over the size limit, at `location`; `what` names
/// it at the start of the message (`文件`/`the file`, `附件 “a.pdf” `/`the
/// attachment “a.pdf”`).
pub fn too_large(location: impl Into<Location>, what: &Text, size: u64, limit: u64) -> Diagnostic {
    let (size, limit) = (human_bytes(size), human_bytes(limit));
    Diagnostic::new(
        Code::FileTooLarge,
        location.into(),
        Text::new(
            format!(
                "{}有 {}，超过了 max_file_size 允许的 {}，没有读取",
                what.zh(),
                size.zh(),
                limit.zh()
            ),
            format!(
                "{} is {}, more than the {} max_file_size allows: not read",
                what.en(),
                size.en(),
                limit.en()
            ),
        ),
    )
    .with_help(text!(
        zh: "压缩或拆分这个文件；确实需要时，在 site/config.toml 中调大 max_file_size，例如 max_file_size = \"50 MB\"",
        en: "compress or split the file; if it must be this large, raise max_file_size in site/config.toml, for example max_file_size = \"50 MB\""
    ))
}

/// The line (1-based, within `body`) where lists, block quotes and HTML
/// elements first nest deeper than [`MAX_BODY_NESTING`], if they do.
pub fn too_deep_body(body: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            // Each list, list item, quote or other block adds a level; so
            // do emphasis and links, which HTML nests the same way.
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                depth = html_depth(&html, depth);
            }
            _ => {}
        }
        if depth > MAX_BODY_NESTING {
            return Some(line_col(body, range.start).0);
        }
    }
    None
}

/// The extensions `render::markdown` parses with (its module is private to
/// rendering); only the nesting they build matters here.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Elements that never hold others, or whose next sibling closes them
/// (`<p><p>`, `<li><li>`, `<td><td>`): they do not deepen the tree.
const FLAT_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody",
    "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc",
];

/// The nesting depth after the raw HTML `html`, starting from `depth`: each
/// opening tag of an element that can hold others adds one, each closing
/// tag takes one away. An estimate, but never an underestimate of what the
/// HTML parser will build from unclosed tags.
fn html_depth(html: &str, mut depth: usize) -> usize {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(found) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + found + 1;
        i = start;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = if closing { start + 1 } else { start };
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        if FLAT_ELEMENTS.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let end = bytes[name_start..]
            .iter()
            .position(|&b| b == b'>')
            .map(|p| name_start + p);
        let self_closing = end.is_some_and(|e| e > 0 && bytes[e - 1] == b'/');
        if !self_closing {
            depth += 1;
        }
    }
    depth
}

/// The line (1-based, within `block`) where `[` and `{` first nest deeper
/// than [`MAX_YAML_NESTING`], if they do. Quotes are not followed, so
/// brackets inside a quoted text count too: only a text with more than 64
/// unclosed brackets in a row could be refused by mistake.
pub fn too_deep_yaml(block: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut line = 1;
    for b in block.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_YAML_NESTING {
                    return Some(line);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => line += 1,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_written() {
        assert_eq!(human_bytes(20 << 20).zh(), "20 MB");
        assert_eq!(human_bytes(1536).en(), "1.5 KB");
        assert_eq!(human_bytes(3 << 29).zh(), "1.5 GB");
        assert_eq!(human_bytes(12).zh(), "12 字节");
        assert_eq!(human_bytes(12).en(), "12 bytes");
    }

    #[test]
    fn deep_lists_quotes_and_html_are_found_fast() {
        let started = std::time::Instant::now();
        let list = format!("正文\n\n{}a\n", "- ".repeat(10_000));
        assert_eq!(too_deep_body(&list), Some(3));
        let quote = format!("{} a\n", ">".repeat(10_000));
        assert_eq!(too_deep_body(&quote), Some(1));
        let indented: String = (0..200)
            .map(|i| format!("{}- a\n", "  ".repeat(i)))
            .collect();
        assert!(too_deep_body(&indented).is_some());
        assert!(too_deep_body(&format!("{}a\n", "<div>".repeat(10_000))).is_some());
        assert!(too_deep_body(&format!("{}a\n", "<ul><li>".repeat(10_000))).is_some());
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }

    #[test]
    fn ordinary_bodies_pass() {
        let body = "# 标题\n\n- 一\n  - 二\n    > 引用 **粗体** [链接](a.md)\n\n<p>甲<p>乙<br><img src=a.png/>\n\n<table><tr><td>1<td>2<tr><td>3</table>\n";
        assert_eq!(too_deep_body(body), None);
        let rows: String = (0..1000).map(|i| format!("<tr><td>{i}<td>x\n")).collect();
        assert_eq!(too_deep_body(&format!("<table>\n{rows}</table>\n")), None);
        let closed = "<div><span>a</span></div>\n".repeat(1000);
        assert_eq!(too_deep_body(&closed), None);
    }

    #[test]
    fn deep_yaml_brackets() {
        assert_eq!(too_deep_yaml("title: a\nx: [[1], {a: 2}]\n"), None);
        let deep = format!("title: a\nx: {}\n", "[".repeat(100_000));
        assert_eq!(too_deep_yaml(&deep), Some(2));
    }

    #[test]
    fn text_files_over_the_limit_or_with_nul_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let shown = Path::new("content/a.md");
        std::fs::write(&path, "甲\n乙\n").unwrap();
        assert_eq!(read_text(&path, shown, 100).unwrap(), "甲\n乙\n");
        let e = read_text(&path, shown, 4).unwrap_err();
        assert_eq!(e.code, Code::FileTooLarge);
        std::fs::write(&path, "甲\n乙\0\n").unwrap();
        let e = read_text(&path, shown, 100).unwrap_err();
        assert_eq!(
            (e.code, e.location.line, e.location.column),
            (Code::NotUtf8, 2, 2)
        );
        std::fs::write(&path, b"a\nb\xff\n").unwrap();
        let e = read_text(&path, shown, 100).unwrap_err();
        assert_eq!(
            (e.code, e.location.line, e.location.column),
            (Code::NotUtf8, 2, 2)
        );
        let e = read_text(dir.path(), shown, 100).unwrap_err();
        assert_eq!(e.code, Code::FileUnreadable);
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_site_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "x").unwrap();
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("content")).unwrap();
        std::fs::write(site.path().join("content/in.md"), "x").unwrap();
        let link = |name: &str, to: &Path| {
            let path = site.path().join("content").join(name);
            std::os::unix::fs::symlink(to, &path).unwrap();
            path
        };
        let bounds = Bounds::of_site(site.path());
        let shown = Path::new("x");
        let out = link("out.md", &outside.path().join("secret"));
        assert!(bounds
            .check(&out, shown)
            .unwrap_err()
            .zh()
            .contains("站点文件夹以外"));
        let inside = link("inside.md", Path::new("in.md"));
        assert!(bounds.check(&inside, shown).is_ok());
        let broken = link("broken.md", Path::new("nope.md"));
        assert!(bounds
            .check(&broken, shown)
            .unwrap_err()
            .zh()
            .contains("失效"));
        let looped = link("loop.md", Path::new("loop.md"));
        assert!(bounds
            .check(&looped, shown)
            .unwrap_err()
            .zh()
            .contains("循环"));
        assert!(bounds
            .check(&site.path().join("content/missing.md"), shown)
            .is_ok());
    }
}
