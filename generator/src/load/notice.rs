//! One notice file: front matter fields checked and typed.

use super::dates::{parse_day, parse_pub_date};
use super::front_matter::{self, FrontMatter, Value};
use super::limits::{too_deep_body, MAX_BODY_NESTING, MAX_TITLE_CHARS};
use crate::config::{Config, CORRECTION_KIND, ELECTION_KINDS};
use crate::diagnostics::{list, text, Code, Diagnostic, Lang, Location, Text};
use crate::model::{FieldLines, PubDate};
use chrono::NaiveDate;
use std::path::Path;

const KNOWN_FIELDS: &[&str] = &[
    "title",
    "kind",
    "date",
    "election",
    "valid_until",
    "supersedes",
    "slug",
    "attachments",
    "allow_pii",
    "draft",
];

/// A notice as its file states it; references (`supersedes`, `election`,
/// `attachments`) are checked later against the whole site.
#[derive(Debug)]
pub struct ParsedNotice {
    pub title: String,
    pub kind: String,
    pub date: PubDate,
    pub election: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub supersedes: Option<String>,
    pub slug: Option<String>,
    pub attachments: Vec<String>,
    pub allow_pii: Vec<String>,
    pub draft: bool,
    pub body: String,
    pub body_line: usize,
    pub field_lines: FieldLines,
}

/// Parses a notice. Every problem found is pushed to `diagnostics`; `None`
/// when an error leaves the notice unusable.
pub fn parse(
    text: &str,
    file: &Path,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ParsedNotice> {
    let fm = match front_matter::parse(text, file) {
        Ok(fm) => fm,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let mut fields = Fields {
        fm: &fm,
        file,
        diagnostics,
        failed: false,
    };
    let draft = fields.boolean("draft").unwrap_or(false);
    let title = fields.required_text("title");
    if let Some(title) = &title {
        let chars = title.chars().count();
        if chars > MAX_TITLE_CHARS {
            let location = fields.location("title");
            fields.error(
                Diagnostic::new(
                    Code::LimitExceeded,
                    location,
                    text!(
                        zh: "标题有 {chars} 个字，超过了 {MAX_TITLE_CHARS} 个字",
                        en: "the title has {chars} characters, more than {MAX_TITLE_CHARS}"
                    ),
                )
                .with_help(text!(
                    zh: "标题只写公告的名称；内容写在正文里",
                    en: "the title only names the notice; what it says goes in the body"
                )),
            );
        }
    }
    let kind = fields.required_text("kind");
    if let Some(kind) = &kind {
        if config.kind(kind).is_none() {
            let (line, column) = fm.lines.position("kind");
            fields.error(
                Diagnostic::new(
                    Code::UnknownKind,
                    Location::new(file, line, column),
                    text!(
                        zh: "未知的公告类别 “{kind}”",
                        en: "unknown notice kind “{kind}”"
                    ),
                )
                .with_help(
                    list(
                        &config
                            .kinds
                            .iter()
                            .map(|k| k.id.as_str())
                            .collect::<Vec<_>>(),
                    )
                    .wrap(
                        |kinds| format!("可用的类别：{kinds}"),
                        |kinds| format!("the kinds are: {kinds}"),
                    ),
                ),
            );
        }
    }
    let date = fields.pub_date("date");
    let election = fields.optional_id("election");
    let valid_until = fields.day("valid_until");
    let supersedes = fields.optional_text("supersedes");
    let slug = fields.optional_text("slug");
    let attachments = fields.text_list("attachments");
    let allow_pii = fields.text_list("allow_pii");

    if let Some(kind) = &kind {
        if ELECTION_KINDS.contains(&kind.as_str()) && election.is_none() {
            fields.missing(
                "election",
                text!(
                    zh: "类别为 {kind} 的选举公告必须用 election 写明所属选举",
                    en: "an election notice of kind {kind} must name its election with election"
                ),
            );
        }
        if kind == CORRECTION_KIND && supersedes.is_none() {
            fields.missing(
                "supersedes",
                text!(
                    zh: "更正公告必须用 supersedes 写明被更正的公告",
                    en: "a correction must name the notice it corrects with supersedes"
                ),
            );
        }
    }
    // Each is named, up to a point: a front matter of thousands of stray
    // keys (a pasted spreadsheet) gets one line for the rest.
    const SHOWN_UNKNOWN: usize = 10;
    let unknown: Vec<&String> = fm
        .fields
        .iter()
        .map(|(key, _)| key)
        .filter(|key| !KNOWN_FIELDS.contains(&key.as_str()))
        .collect();
    for (index, key) in unknown.iter().enumerate().take(SHOWN_UNKNOWN + 1) {
        let (line, column) = fm.lines.position(key);
        let message = if index < SHOWN_UNKNOWN || unknown.len() == SHOWN_UNKNOWN + 1 {
            text!(
                zh: "不认识的字段 “{key}”，将被忽略",
                en: "unknown field “{key}”: it is ignored"
            )
        } else {
            text!(
                zh: "从字段 “{key}” 起，还有 {} 个不认识的字段，都将被忽略",
                en: "from the field “{key}” on, {} more unknown fields: all are ignored",
                unknown.len() - SHOWN_UNKNOWN
            )
        };
        fields.diagnostics.push(
            Diagnostic::new(
                Code::UnknownField,
                Location::new(file, line, column),
                message,
            )
            .with_help(list(KNOWN_FIELDS).wrap(
                |fields| format!("可用的字段：{fields}"),
                |fields| format!("the fields are: {fields}"),
            )),
        );
    }
    if let Some(line) = too_deep_body(fm.body) {
        let line = fm.body_line + line - 1;
        fields.error(
            Diagnostic::new(
                Code::LimitExceeded,
                Location::new(file, line, 1),
                text!(
                    zh: "正文第 {line} 行起，列表、引用或 HTML 标签嵌套超过了 {MAX_BODY_NESTING} 层，无法生成页面",
                    en: "from line {line} of the body, lists, quotes or HTML tags nest deeper than {MAX_BODY_NESTING} levels: the page cannot be made"
                ),
            )
            .with_help(text!(
                zh: "检查这一行附近：是不是多了很多 >、- 或没有关闭的 HTML 标签",
                en: "look around this line for many > or - in a row, or HTML tags left open"
            )),
        );
    }
    let failed = fields.failed;
    Some(ParsedNotice {
        title: title?,
        kind: kind?,
        date: date?,
        election,
        valid_until,
        supersedes,
        slug,
        attachments,
        allow_pii,
        draft,
        body: fm.body.to_string(),
        body_line: fm.body_line,
        field_lines: fm.lines.clone(),
    })
    .filter(|_| !failed)
}

/// Typed access to front matter fields that records what is wrong.
struct Fields<'a, 'd> {
    fm: &'a FrontMatter<'a>,
    file: &'a Path,
    diagnostics: &'d mut Vec<Diagnostic>,
    failed: bool,
}

impl Fields<'_, '_> {
    fn location(&self, key: &str) -> Location {
        let (line, column) = self.fm.lines.position(key);
        Location::new(self.file, line, column)
    }

    fn error(&mut self, diagnostic: Diagnostic) {
        self.failed = true;
        self.diagnostics.push(diagnostic);
    }

    fn missing(&mut self, key: &str, message: Text) {
        let location = self.location(key);
        self.error(Diagnostic::new(Code::FieldMissing, location, message));
    }

    fn wrong_type(&mut self, key: &str, expected: Text, found: &Value) {
        let location = self.location(key);
        self.error(Diagnostic::new(
            Code::FieldType,
            location,
            Text::new(
                format!(
                    "字段 {key} 应为{}，但写的是{}",
                    expected.zh(),
                    found.type_name(Lang::Zh)
                ),
                format!(
                    "the field {key} should be {}, but it is {}",
                    expected.en(),
                    found.type_name(Lang::En)
                ),
            ),
        ));
    }

    fn optional_text(&mut self, key: &str) -> Option<String> {
        match self.fm.get(key)? {
            Value::Str(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Str(_) | Value::Null => None,
            other => {
                self.wrong_type(key, text!(zh: "文字", en: "text"), other);
                None
            }
        }
    }

    fn required_text(&mut self, key: &str) -> Option<String> {
        match self.fm.get(key) {
            None | Some(Value::Null) => {
                self.missing(
                    key,
                    text!(zh: "缺少必填字段 {key}", en: "the required field {key} is missing"),
                );
                None
            }
            Some(Value::Str(s)) if s.trim().is_empty() => {
                self.missing(
                    key,
                    text!(zh: "必填字段 {key} 是空的", en: "the required field {key} is empty"),
                );
                None
            }
            Some(_) => self.optional_text(key),
        }
    }

    /// An identifier that editors may write as a number (`election = 2021`).
    fn optional_id(&mut self, key: &str) -> Option<String> {
        match self.fm.get(key) {
            Some(Value::Int(i)) => Some(i.to_string()),
            _ => self.optional_text(key),
        }
    }

    fn boolean(&mut self, key: &str) -> Option<bool> {
        match self.fm.get(key)? {
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong_type(key, text!(zh: " true 或 false", en: "true or false"), other);
                None
            }
        }
    }

    fn date_text(&mut self, key: &str) -> Option<String> {
        match self.fm.get(key)? {
            Value::Str(s) | Value::Date(s) => Some(s.clone()),
            other => {
                self.wrong_type(
                    key,
                    text!(zh: "日期（YYYY-MM-DD）", en: "a date (YYYY-MM-DD)"),
                    other,
                );
                None
            }
        }
    }

    fn bad_date(&mut self, key: &str, text: &str) {
        let location = self.location(key);
        self.error(
            Diagnostic::new(
                Code::BadDate,
                location,
                text!(
                    zh: "字段 {key} 的日期 “{text}” 无效",
                    en: "the date “{text}” of the field {key} is not valid"
                ),
            )
            .with_help(text!(
                zh: "写成 YYYY-MM-DD，例如 2021-08-20",
                en: "write it as YYYY-MM-DD, for example 2021-08-20"
            )),
        );
    }

    fn pub_date(&mut self, key: &str) -> Option<PubDate> {
        if self.fm.get(key).is_none() {
            self.missing(
                key,
                text!(
                    zh: "缺少必填字段 {key}（发布日期）",
                    en: "the required field {key} (the publication date) is missing"
                ),
            );
            return None;
        }
        let text = self.date_text(key)?;
        let parsed = parse_pub_date(&text);
        if parsed.is_none() {
            self.bad_date(key, &text);
        }
        parsed
    }

    fn day(&mut self, key: &str) -> Option<NaiveDate> {
        let text = self.date_text(key)?;
        let parsed = parse_day(&text);
        if parsed.is_none() {
            self.bad_date(key, &text);
        }
        parsed
    }

    fn text_list(&mut self, key: &str) -> Vec<String> {
        let Some(value) = self.fm.get(key) else {
            return Vec::new();
        };
        match value {
            Value::List(items) if items.iter().all(|i| matches!(i, Value::Str(_))) => items
                .iter()
                .filter_map(|i| match i {
                    Value::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            other => {
                self.wrong_type(
                    key,
                    text!(
                        zh: "文字列表（例如 [\"a.pdf\", \"b.xlsx\"]）",
                        en: "a list of texts (for example [\"a.pdf\", \"b.xlsx\"])"
                    ),
                    other,
                );
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse("title = \"t\"\nbase_url = \"https://e.org/\"\n", None).unwrap()
    }

    fn run(text: &str) -> (Option<ParsedNotice>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let n = parse(text, Path::new("content/a.md"), &config(), &mut diags);
        (n, diags)
    }

    #[test]
    fn a_complete_notice() {
        let (n, d) = run("+++\ntitle = \"选举公告\"\nkind = \"election-notice\"\ndate = 2021-08-20\nelection = 2021\nattachments = [\"a.pdf\"]\n+++\n正文\n");
        assert!(d.is_empty(), "{d:?}");
        let n = n.unwrap();
        assert_eq!(n.election.as_deref(), Some("2021"));
        assert_eq!(n.attachments, vec!["a.pdf"]);
        assert!(!n.draft);
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let (n, d) = run(
            "+++\nkind = \"votes\"\ndate = \"2021-02-30\"\ndraft = \"yes\"\ntittle = \"x\"\n+++\n",
        );
        assert!(n.is_none());
        let codes: Vec<_> = d.iter().map(|d| (d.code, d.location.line)).collect();
        assert!(codes.contains(&(Code::FieldMissing, 2)), "{codes:?}"); // title: front matter start
        assert!(codes.contains(&(Code::UnknownKind, 2)), "{codes:?}");
        assert!(codes.contains(&(Code::BadDate, 3)), "{codes:?}");
        assert!(codes.contains(&(Code::FieldType, 4)), "{codes:?}");
        assert!(codes.contains(&(Code::UnknownField, 5)), "{codes:?}");
    }

    #[test]
    fn election_and_correction_kinds_need_their_reference() {
        let (n, d) = run("+++\ntitle = \"a\"\nkind = \"result\"\ndate = 2021-08-20\n+++\n");
        assert!(n.is_none());
        assert_eq!(d[0].code, Code::FieldMissing);
        let (n, d) = run("+++\ntitle = \"a\"\nkind = \"correction\"\ndate = 2021-08-20\n+++\n");
        assert!(n.is_none());
        assert!(d[0].message.zh().contains("supersedes"));
        assert!(d[0].message.en().contains("supersedes"));
    }
}
