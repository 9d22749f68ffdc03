//! `site/config.toml`: site settings, the notice kinds, the public base URL.

use crate::diagnostics::{text, Code, Diagnostic, Location, Text};
use crate::elections::rules::Rules;
use crate::source_text::line_col;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub const CONFIG_PATH: &str = "site/config.toml";

/// The built-in notice kinds (section 3 of the content format) in the order
/// residents see them.
pub const BUILTIN_KINDS: &[(&str, &str)] = &[
    ("announcement", "公告"),
    ("election-notice", "选举公告"),
    ("voter-list", "选民名单公示"),
    ("candidate-list", "候选人名单公示"),
    ("result", "选举结果公告"),
    ("discipline", "换届纪律"),
    ("finance", "财务公开"),
    ("power-list", "小微权力清单"),
    ("affairs", "村务公开"),
    ("supervision", "监督举报"),
    ("correction", "更正公告"),
    ("news", "工作动态"),
];

/// Kinds whose notices belong to an election and must name it.
pub const ELECTION_KINDS: &[&str] = &["election-notice", "voter-list", "candidate-list", "result"];

/// The kind of a correction, which must name the notice it supersedes.
pub const CORRECTION_KIND: &str = "correction";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kind {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: BaseUrl,
    /// Built-in kinds, then the site's own, in a stable order.
    pub kinds: Vec<Kind>,
    /// Notices per page on kind listings.
    pub paginate: usize,
    /// Entries in each Atom feed.
    pub feed_limit: usize,
    /// Notices listed under 最新公告 on the home page.
    pub home_latest: usize,
    /// Election rule settings, applied by the election checks.
    pub rules: Rules,
    pub pii: PiiPolicy,
    /// `max_file_size`: the largest notice, region file, data file or
    /// attachment the build reads or publishes, in bytes. Checked from the
    /// file's metadata before it is read, so a huge file never fills memory.
    pub max_file_bytes: u64,
    /// `minify`: pages and the site's own stylesheets are written minified
    /// (`render/minify.rs`). Off unless asked for, like `build --minify`.
    pub minify: bool,
}

/// `max_file_size` when the config does not set it: 20 MB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// `max_file_size` as written: a number of bytes (`10485760`) or a number
/// with a unit (`"10 MB"`, `"512KB"`, `"1.5 GB"`; a KB is 1024 bytes).
fn file_size_bytes(value: &toml::Value) -> Result<u64, Text> {
    let wrong = |written: &str| {
        text!(
            zh: "max_file_size “{written}” 写法不对：写成 \"20 MB\"、\"512 KB\" 这样的数加单位（B、KB、MB、GB）",
            en: "max_file_size “{written}” is not written right: write a number and a unit (B, KB, MB, GB), such as \"20 MB\" or \"512 KB\""
        )
    };
    let bytes = match value {
        toml::Value::Integer(n) => u64::try_from(*n).map_err(|_| wrong(&n.to_string()))?,
        toml::Value::String(text) => {
            let trimmed = text.trim();
            let split = trimmed
                .find(|c: char| !c.is_ascii_digit() && c != '.')
                .unwrap_or(trimmed.len());
            let (number, unit) = trimmed.split_at(split);
            let number: f64 = number.parse().map_err(|_| wrong(text))?;
            let unit: u64 = match unit.trim().to_ascii_uppercase().as_str() {
                "" | "B" => 1,
                "K" | "KB" | "KIB" => 1 << 10,
                "M" | "MB" | "MIB" => 1 << 20,
                "G" | "GB" | "GIB" => 1 << 30,
                _ => return Err(wrong(text)),
            };
            let bytes = number * unit as f64;
            if !bytes.is_finite() || bytes >= u64::MAX as f64 {
                return Err(wrong(text));
            }
            bytes as u64
        }
        other => return Err(wrong(&other.to_string())),
    };
    if bytes == 0 {
        return Err(text!(
            zh: "max_file_size 必须大于 0",
            en: "max_file_size must be more than 0"
        ));
    }
    Ok(bytes)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PiiPolicy {
    #[default]
    Error,
    Mask,
}

/// The public address of the site. Pages link with `path` (which carries a
/// sub-path such as `/cunwu/`), feeds and sitemaps with the full `url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Always ends with `/`.
    url: String,
    /// Always starts and ends with `/`.
    path: String,
}

impl BaseUrl {
    pub fn parse(input: &str) -> Result<BaseUrl, Text> {
        let parsed = url::Url::parse(input).map_err(|e| {
            text!(
                zh: "base_url “{input}” 不是有效的网址（{e}）",
                en: "base_url “{input}” is not a valid web address ({e})"
            )
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(text!(
                zh: "base_url “{input}” 必须是 http:// 或 https:// 开头的完整网址",
                en: "base_url “{input}” must be a full web address starting with http:// or https://"
            ));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(text!(
                zh: "base_url “{input}” 不能带 ? 或 # 部分",
                en: "base_url “{input}” cannot have a ? or # part"
            ));
        }
        let mut path = parsed.path().to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        let origin = parsed.origin().ascii_serialization();
        Ok(BaseUrl {
            url: format!("{origin}{path}"),
            path,
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// The absolute URL of a site path such as `gulou/notice/`.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.url, site_path)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_language")]
    language: String,
    base_url: String,
    #[serde(default)]
    kinds: BTreeMap<String, String>,
    #[serde(default = "default_paginate")]
    paginate: usize,
    #[serde(default = "default_feed_limit")]
    feed_limit: usize,
    #[serde(default = "default_home_latest")]
    home_latest: usize,
    #[serde(default)]
    rules: Rules,
    #[serde(default)]
    pii: PiiPolicy,
    #[serde(default)]
    max_file_size: Option<toml::Value>,
    #[serde(default)]
    minify: bool,
}

fn default_language() -> String {
    "zh-CN".into()
}
fn default_paginate() -> usize {
    50
}
fn default_feed_limit() -> usize {
    50
}
fn default_home_latest() -> usize {
    20
}

impl Config {
    /// Reads `site/config.toml` under `root`; `base_url_override` is the
    /// `--base-url` flag.
    pub fn load(root: &Path, base_url_override: Option<&str>) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_PATH);
        let unreadable = |why: Text| {
            let path = path.display();
            Diagnostic::new(
                Code::FileUnreadable,
                Location::file(CONFIG_PATH),
                why.wrap(
                    |why| format!("无法读取站点配置 {path}：{why}"),
                    |why| format!("cannot read the site configuration {path}: {why}"),
                ),
            )
            .with_help(text!(
                zh: "在站点根目录运行，或用 --root 指定站点目录；新站点可用 `gongshi init 目录` 创建",
                en: "run in the site's folder, or give it with --root; `gongshi init FOLDER` makes a new site"
            ))
        };
        let meta = std::fs::metadata(&path).map_err(|e| unreadable(text!(zh: "{e}", en: "{e}")))?;
        if !meta.is_file() {
            return Err(unreadable(text!(
                zh: "这不是普通文件",
                en: "it is not a regular file"
            )));
        }
        // Checked for size (the limit it may set is not known yet), UTF-8
        // and NUL bytes like every text file of the site.
        let text =
            crate::load::limits::read_text(&path, Path::new(CONFIG_PATH), DEFAULT_MAX_FILE_BYTES)?;
        Self::parse(&text, base_url_override)
    }

    pub fn parse(text: &str, base_url_override: Option<&str>) -> Result<Config, Diagnostic> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |span| line_col(text, span.start));
            Diagnostic::new(
                Code::ConfigInvalid,
                Location::new(CONFIG_PATH, line, column),
                crate::diagnostics::plain::serde_message(e.message()).wrap(
                    |why| format!("站点配置有误：{why}"),
                    |why| format!("the site configuration is not right: {why}"),
                ),
            )
        })?;
        let invalid = |key: &str, message: Text| {
            let (line, column) = crate::source_text::key_position(text, 1, key).unwrap_or((1, 1));
            Diagnostic::new(
                Code::ConfigInvalid,
                Location::new(CONFIG_PATH, line, column),
                message,
            )
        };
        let base_url = BaseUrl::parse(base_url_override.unwrap_or(&raw.base_url))
            .map_err(|m| invalid("base_url", m))?;
        for (key, value) in [
            ("paginate", raw.paginate),
            ("feed_limit", raw.feed_limit),
            ("home_latest", raw.home_latest),
        ] {
            if value == 0 {
                return Err(invalid(
                    key,
                    text!(zh: "{key} 必须大于 0", en: "{key} must be more than 0"),
                ));
            }
        }
        let max_file_bytes = match &raw.max_file_size {
            Some(size) => file_size_bytes(size).map_err(|m| invalid("max_file_size", m))?,
            None => DEFAULT_MAX_FILE_BYTES,
        };
        raw.rules
            .validate()
            .map_err(|(key, message)| invalid(key, message))?;
        let mut kinds: Vec<Kind> = BUILTIN_KINDS
            .iter()
            .map(|(id, name)| Kind {
                id: id.to_string(),
                name: name.to_string(),
            })
            .collect();
        for (id, name) in raw.kinds {
            if id.is_empty() || crate::slug::slugify(&id) != id {
                return Err(invalid(
                    &id,
                    text!(
                        zh: "[kinds] 中的类别 “{id}” 只能由小写字母、数字和 - 组成",
                        en: "the kind “{id}” in [kinds] can only be made of lowercase letters, digits and -"
                    ),
                ));
            }
            match kinds.iter_mut().find(|k| k.id == id) {
                Some(builtin) => builtin.name = name,
                None => kinds.push(Kind { id, name }),
            }
        }
        Ok(Config {
            title: raw.title,
            description: raw.description,
            language: raw.language,
            base_url,
            kinds,
            paginate: raw.paginate,
            feed_limit: raw.feed_limit,
            home_latest: raw.home_latest,
            rules: raw.rules,
            pii: raw.pii,
            max_file_bytes,
            minify: raw.minify,
        })
    }

    pub fn kind(&self, id: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_sub_path() {
        let b = BaseUrl::parse("https://example.org/cunwu").unwrap();
        assert_eq!(b.url(), "https://example.org/cunwu/");
        assert_eq!(b.path(), "/cunwu/");
        assert_eq!(b.absolute("a/b/"), "https://example.org/cunwu/a/b/");
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("ftp://example.org/").is_err());
    }

    #[test]
    fn site_kinds_extend_and_rename_builtins() {
        let c = Config::parse(
            "title = \"t\"\nbase_url = \"https://e.org/\"\n[kinds]\nfire-safety = \"消防安全\"\nnews = \"新闻\"\n",
            None,
        )
        .unwrap();
        assert_eq!(c.kind("fire-safety").unwrap().name, "消防安全");
        assert_eq!(c.kind("news").unwrap().name, "新闻");
        assert_eq!(c.kinds.len(), BUILTIN_KINDS.len() + 1);
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let e = Config::parse(
            "title = \"t\"\nbase_url = \"https://e.org/\"\ntitel = 1\n",
            None,
        )
        .unwrap_err();
        assert_eq!(e.code, Code::ConfigInvalid);
        assert_eq!(e.location.line, 3);
    }

    #[test]
    fn max_file_size_with_units() {
        let size = |line: &str| {
            Config::parse(
                &format!("title = \"t\"\nbase_url = \"https://e.org/\"\n{line}\n"),
                None,
            )
            .map(|c| c.max_file_bytes)
        };
        assert_eq!(size("").unwrap(), DEFAULT_MAX_FILE_BYTES);
        assert_eq!(size("max_file_size = \"10 MB\"").unwrap(), 10 << 20);
        assert_eq!(size("max_file_size = \"512kb\"").unwrap(), 512 << 10);
        assert_eq!(size("max_file_size = \"1.5 GB\"").unwrap(), 3 << 29);
        assert_eq!(size("max_file_size = 1000").unwrap(), 1000);
        for bad in ["-1", "0", "\"ten MB\"", "\"10 TB\"", "\"\"", "true"] {
            let e = size(&format!("max_file_size = {bad}")).unwrap_err();
            assert_eq!(e.code, Code::ConfigInvalid, "{bad}");
            assert_eq!(e.location.line, 3, "{bad}");
        }
    }

    #[test]
    fn minify_is_off_unless_set_and_takes_only_true_or_false() {
        let parse = |line: &str| {
            Config::parse(
                &format!("title = \"t\"\nbase_url = \"https://e.org/\"\n{line}\n"),
                None,
            )
        };
        assert!(!parse("").unwrap().minify);
        assert!(parse("minify = true").unwrap().minify);
        assert!(!parse("minify = false").unwrap().minify);
        for bad in ["\"true\"", "1", "\"是\""] {
            let e = parse(&format!("minify = {bad}")).unwrap_err();
            assert_eq!(e.code, Code::ConfigInvalid, "{bad}");
            assert_eq!(e.location.line, 3, "{bad}");
            assert!(e.message.zh().contains("应为true 或 false"), "{bad}");
            assert!(e.message.en().contains("expected true or false"), "{bad}");
        }
    }

    #[test]
    fn bad_kind_id_is_refused() {
        let e = Config::parse(
            "title = \"t\"\nbase_url = \"https://e.org/\"\n[kinds]\n\"Fire Safety\" = \"x\"\n",
            None,
        )
        .unwrap_err();
        assert_eq!(e.code, Code::ConfigInvalid);
    }
}
