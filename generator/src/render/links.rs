//! Links in notice bodies: a link to another notice's Markdown file
//! (`[选举公告](2021-xuanju-gonggao.md)`) becomes a link to its page, and
//! after rendering every internal link, image and anchor must resolve to
//! something the build writes (section 7 of issue 7: "link and asset
//! checking"). External links (`https:`, `mailto:`, `tel:`) are not fetched.

use super::Collector;
use crate::diagnostics::{text, Code, Diagnostic, Location, Text};
use crate::model::Site;
use percent_encoding::percent_decode_str;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// A link as written in a notice body, and where.
#[derive(Debug, Clone)]
pub struct BodyLink {
    /// As it will be in the page (after `.md` links are rewritten).
    pub href: String,
    pub at: Location,
    pub image: bool,
}

/// Notice source files → page paths, for `.md` links.
pub struct Resolver<'a> {
    pages: HashMap<&'a Path, &'a str>,
    base_path: &'a str,
}

impl<'a> Resolver<'a> {
    pub fn new(site: &'a Site) -> Self {
        Resolver {
            pages: site
                .notices
                .iter()
                .map(|n| (n.source.as_path(), n.path.as_str()))
                .collect(),
            base_path: site.config.base_url.path(),
        }
    }

    /// The page a relative `.md` link from `notice_source` names, as a link
    /// the page can use, or `None` when `dest` is no such link. A `.md`
    /// link to a file that is no published notice stays as written, and
    /// the link check reports it.
    pub fn rewrite(&self, notice_source: &Path, dest: &str) -> Option<String> {
        if is_external(dest) {
            return None;
        }
        let (path, fragment) = split_fragment(dest);
        if !path.ends_with(".md") {
            return None;
        }
        let decoded = percent_decode_str(path).decode_utf8().ok()?;
        let target = normalize(&notice_source.parent()?.join(decoded.as_ref()))?;
        let page = self.pages.get(target.as_path())?;
        Some(format!(
            "{}{}{}",
            self.base_path,
            encode(page),
            fragment.map(|f| format!("#{f}")).unwrap_or_default()
        ))
    }
}

fn encode(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, percent_encoding::CONTROLS).to_string()
}

fn is_external(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    lower.starts_with("//")
        || lower.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

fn split_fragment(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (dest, None),
    }
}

/// `a/b/../c` → `a/c`; `None` when it climbs above its start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(c) => out.push(c),
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

/// The ids of an HTML page, for anchor checks: values of `id` attributes
/// after whitespace (so not `data-id`), quoted with `"` or `'`, or not at
/// all, as minified pages write them. Read from the bytes: every page of a
/// build passes through here, and decoding whole pages as text cost more
/// than finding the ids.
pub fn page_ids(html: &[u8]) -> Vec<String> {
    let mut found: Vec<String> = memchr::memmem::find_iter(html, b"id=")
        .filter(|&i| i > 0 && html[i - 1].is_ascii_whitespace())
        .filter_map(|i| attribute_value(&html[i + b"id=".len()..]))
        .filter(|id| !id.is_empty())
        .map(|id| String::from_utf8_lossy(id).into_owned())
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// The attribute value `rest` starts with.
fn attribute_value(rest: &[u8]) -> Option<&[u8]> {
    match *rest.first()? {
        quote @ (b'"' | b'\'') => {
            let quoted = &rest[1..];
            memchr::memchr(quote, quoted).map(|end| &quoted[..end])
        }
        _ => {
            let end = rest
                .iter()
                .position(|&c| c.is_ascii_whitespace() || c == b'>')
                .unwrap_or(rest.len());
            Some(&rest[..end])
        }
    }
}

/// Checks every link of every notice page against what the build writes.
/// `bodies[i]` is the body of notice `i`.
pub fn check(
    site: &Site,
    bodies: &[super::RenderedBody],
    out: &Collector,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let base_path = site.config.base_url.path();
    let mut page_ids: HashMap<String, HashSet<String>> = HashMap::new();
    let mut ids_of = |page: &str| -> Option<HashSet<String>> {
        if let Some(found) = page_ids.get(page) {
            return Some(found.clone());
        }
        let found = out.ids(page)?;
        page_ids.insert(page.to_string(), found.clone());
        Some(found)
    };
    for (notice, body) in site.notices.iter().zip(bodies) {
        for link in &body.links {
            let href = link.href.trim();
            if href.is_empty() || is_external(href) {
                continue;
            }
            let (path, fragment) = split_fragment(href);
            let path = path.split('?').next().unwrap_or("");
            let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
                continue;
            };
            let target = if decoded.is_empty() {
                Some(notice.path.clone())
            } else if let Some(absolute) = decoded.strip_prefix('/') {
                format!("/{absolute}")
                    .strip_prefix(base_path)
                    .map(str::to_string)
            } else {
                normalize(&Path::new(&notice.path).join(decoded.as_ref())).map(|p| {
                    p.to_string_lossy().replace('\\', "/")
                        + if decoded.ends_with('/') { "/" } else { "" }
                })
            };
            let (what, what_en) = if link.image {
                ("图片", "the image")
            } else {
                ("链接", "the link")
            };
            let Some(target) = target else {
                diagnostics.push(broken(
                    link,
                    text!(
                        zh: "{what} {href} 指向网站以外或网站子路径 {base_path} 以外的位置",
                        en: "{what_en} `{href}` leads outside the site, or outside its sub-path {base_path}"
                    ),
                ));
                continue;
            };
            let page = resolve(out, &target);
            let Some(page) = page else {
                diagnostics.push(broken(
                    link,
                    text!(
                        zh: "{what} {href} 指向的页面或文件不存在（/{target}）",
                        en: "the page or file that {what_en} `{href}` leads to does not exist (`/{target}`)"
                    ),
                ));
                continue;
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let fragment = percent_decode_str(fragment).decode_utf8_lossy();
                if page.ends_with(".html")
                    && !ids_of(&page).is_some_and(|ids| ids.contains(fragment.as_ref()))
                {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::BrokenAnchor,
                            link.at.clone(),
                            text!(
                                zh: "链接 {href} 中的 #{fragment} 在 /{target} 上不存在",
                                en: "`#{fragment}` of the link `{href}` does not exist on `/{target}`"
                            ),
                        )
                        .with_help(text!(
                            zh: "页内位置来自小标题：用 gongshi build 后在网页上复制小标题的链接",
                            en: "places in a page come from its headings: after gongshi build, copy a heading's link from the page"
                        )),
                    );
                }
            }
        }
    }
}

/// The output file a site path names: the file itself, or the folder's
/// `index.html`.
fn resolve(out: &Collector, target: &str) -> Option<String> {
    let trimmed = target.trim_end_matches('/');
    let index = if trimmed.is_empty() {
        "index.html".to_string()
    } else {
        format!("{trimmed}/index.html")
    };
    if !target.ends_with('/') && out.has(target) {
        return Some(target.to_string());
    }
    out.has(&index).then_some(index)
}

fn broken(link: &BodyLink, message: Text) -> Diagnostic {
    Diagnostic::new(Code::BrokenLink, link.at.clone(), message).with_help(text!(
        zh: "检查文件名和路径；链接到另一篇公告时可以直接写它的文件名，例如 [选举公告](2021-xuanju-gonggao.md)",
        en: "check the file name and path; to link to another notice, its file name will do, as in `[选举公告](2021-xuanju-gonggao.md)`"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_are_recognised() {
        for href in [
            "https://example.org",
            "mailto:a@b.c",
            "tel:12345",
            "//cdn.example.org/x",
            "HTTP://X",
        ] {
            assert!(is_external(href), "{href}");
        }
        for href in ["a.pdf", "../x/", "/gulou/", "#top", "2021年.md"] {
            assert!(!is_external(href), "{href}");
        }
    }

    #[test]
    fn ids_are_found_quoted_or_not() {
        let html =
            "<h2 id=\"a\">x</h2><h2 class=x id='b'>y</h2><p\nid=换届>z<a id=c/d href=/e>w</a>\
<div data-id=\"no\" id=last>";
        assert_eq!(page_ids(html.as_bytes()), ["a", "b", "c/d", "last", "换届"]);
        // The end of another name is not `id`, and an empty id is none.
        assert!(page_ids(b"<p>grid=3 id=\"\" id= </p>").is_empty());
    }

    #[test]
    fn paths_normalize_without_climbing_out() {
        assert_eq!(normalize(Path::new("a/b/../c")), Some(PathBuf::from("a/c")));
        assert_eq!(normalize(Path::new("a/../../c")), None);
    }
}
