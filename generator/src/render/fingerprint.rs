//! Content-hashed names for the theme's stylesheet, scripts and wasm, so a
//! host can let browsers keep them forever (`Cache-Control: immutable`):
//! `_gongshi/table_widget_bg.wasm` is published as
//! `_gongshi/table_widget_bg.1f0c9a7e52.wasm`, and changes name whenever it
//! changes. Pages keep stable URLs and name these files through the
//! template context; the scripts name each other by file name, and those
//! names are rewritten here, each file after the files it names, so a hash
//! covers what a file loads too.
//!
//! `_gongshi/search.js` is the one script left under its own name: it names
//! the search index of the build, so pages would change with every notice
//! if they named it by hash. It is served with a short cache lifetime, like
//! pages (see `hosting.rs`).

use super::pages::sha256_hex;
use std::collections::BTreeMap;

/// Hex digits of the SHA-256 kept in a name (40 bits): far more than the
/// versions a theme file will ever have.
const HASH_CHARS: usize = 10;

/// The theme's files, each under its published (hashed) path.
#[derive(Debug, Default)]
pub struct ThemeAssets {
    /// Path as the code and overrides know it → path as published.
    published: BTreeMap<String, String>,
    /// Published path → bytes, with the names inside rewritten.
    files: BTreeMap<String, Vec<u8>>,
}

impl ThemeAssets {
    /// Fingerprints `files` (path as known → bytes). A file that names
    /// another one (by its file name, after `/`, a quote or a backtick) is
    /// hashed after that one, with the name replaced by the published one.
    pub fn new(files: Vec<(String, Vec<u8>)>) -> ThemeAssets {
        let mut theme = ThemeAssets::default();
        let mut pending = files;
        while !pending.is_empty() {
            // The first file that names no other file still waiting. There
            // is always one unless files name each other in a cycle, which
            // nothing the theme ships does; then the first goes as it is.
            let ready = pending
                .iter()
                .position(|(path, bytes)| {
                    let Ok(text) = std::str::from_utf8(bytes) else {
                        return true; // wasm and images name nothing
                    };
                    pending.iter().all(|(other, _)| {
                        other == path || name_positions(text, file_name(other)).next().is_none()
                    })
                })
                .unwrap_or(0);
            let (path, bytes) = pending.remove(ready);
            let bytes = match String::from_utf8(bytes) {
                Ok(text) => theme.rewrite(&text).into_bytes(),
                Err(binary) => binary.into_bytes(),
            };
            let hashed = hashed_path(&path, &sha256_hex(&bytes)[..HASH_CHARS]);
            theme.published.insert(path, hashed.clone());
            theme.files.insert(hashed, bytes);
        }
        theme
    }

    /// The published path of a theme file, or the path itself for a file
    /// that is not one.
    pub fn path<'a>(&'a self, known: &'a str) -> &'a str {
        self.published.get(known).map_or(known, String::as_str)
    }

    /// Whether `path` (as known, before hashing) is a theme file.
    pub fn contains(&self, known: &str) -> bool {
        self.published.contains_key(known)
    }

    /// Every published file: (published path, bytes).
    pub fn files(&self) -> impl Iterator<Item = (&String, &Vec<u8>)> {
        self.files.iter()
    }

    /// `text` with the file names of published theme files replaced by their
    /// hashed names (for scripts generated per build, such as `search.js`).
    pub fn rewrite(&self, text: &str) -> String {
        let mut text = text.to_string();
        for (known, published) in &self.published {
            text = replace_name(&text, file_name(known), file_name(published));
        }
        text
    }
}

/// `path` with `.<hash>` before its extension.
fn hashed_path(path: &str, hash: &str) -> String {
    let name_start = path.rfind('/').map_or(0, |i| i + 1);
    match path[name_start..].rfind('.') {
        Some(dot) if dot > 0 => {
            let dot = name_start + dot;
            format!("{}.{hash}{}", &path[..dot], &path[dot..])
        }
        _ => format!("{path}.{hash}"),
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Where `name` stands in `text` as a file name: preceded by the start,
/// `/`, a quote or a backtick, so `table.js` is not found in `my_table.js`.
fn name_positions<'a>(text: &'a str, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(name).filter_map(move |(at, _)| {
        let before = text[..at].chars().next_back();
        matches!(before, None | Some('/' | '\'' | '"' | '`')).then_some(at)
    })
}

fn replace_name(text: &str, name: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for at in name_positions(text, name).collect::<Vec<_>>() {
        out.push_str(&text[last..at]);
        out.push_str(with);
        last = at + name.len();
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme() -> ThemeAssets {
        ThemeAssets::new(vec![
            (
                "_gongshi/t.js".into(),
                b"import('./t_glue.js');fetch('t_bg.wasm')".to_vec(),
            ),
            (
                "_gongshi/t_glue.js".into(),
                b"new URL('t_bg.wasm', import.meta.url)".to_vec(),
            ),
            ("_gongshi/t_bg.wasm".into(), vec![0, 0x61, 0x73, 0x6d, 0xff]),
            ("_gongshi/a.css".into(), b"body{color:red}".to_vec()),
        ])
    }

    #[test]
    fn names_carry_the_hash_of_the_published_bytes() {
        let theme = theme();
        for (path, bytes) in theme.files() {
            let hash = &sha256_hex(bytes)[..HASH_CHARS];
            assert!(path.contains(&format!(".{hash}.")), "{path}");
        }
        assert!(theme.path("_gongshi/a.css").starts_with("_gongshi/a."));
        assert!(theme.path("_gongshi/a.css").ends_with(".css"));
        assert_eq!(theme.path("_gongshi/other.js"), "_gongshi/other.js");
    }

    #[test]
    fn files_name_each_other_by_published_names() {
        let theme = theme();
        let wasm = file_name(theme.path("_gongshi/t_bg.wasm"));
        let glue = file_name(theme.path("_gongshi/t_glue.js"));
        let script = String::from_utf8(theme.files[theme.path("_gongshi/t.js")].clone()).unwrap();
        assert_eq!(script, format!("import('./{glue}');fetch('{wasm}')"));
        // The glue's hash covers the wasm's new name.
        let glue_text = &theme.files[theme.path("_gongshi/t_glue.js")];
        assert!(String::from_utf8_lossy(glue_text).contains(wasm));
    }

    #[test]
    fn only_whole_file_names_are_rewritten() {
        let theme = theme();
        let text = "'./t.js' my_t.js at.js `t.js`";
        let t = file_name(theme.path("_gongshi/t.js"));
        assert_eq!(theme.rewrite(text), format!("'./{t}' my_t.js at.js `{t}`"));
    }

    #[test]
    fn a_name_without_an_extension_gets_the_hash_at_the_end() {
        assert_eq!(
            hashed_path("_gongshi/LICENSE", "abc"),
            "_gongshi/LICENSE.abc"
        );
        assert_eq!(hashed_path("_gongshi/.x", "abc"), "_gongshi/.x.abc");
        assert_eq!(hashed_path("a.b/c.d.js", "abc"), "a.b/c.d.abc.js");
    }
}
