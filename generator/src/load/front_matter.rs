//! Splits a notice into front matter and body, and parses the front matter
//! (TOML between `+++` lines or YAML between `---` lines) into plain values
//! with the position of every key, whatever the syntax.

use super::limits::{too_deep_yaml, MAX_YAML_NESTING};
use crate::diagnostics::{text, Code, Diagnostic, Lang, Location, Text};
use crate::model::FieldLines;
use crate::source_text::line_col;
use std::collections::HashMap;
use std::path::Path;

/// A front matter value, the same for both syntaxes.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A TOML date or datetime, in its TOML text form.
    Date(String),
    List(Vec<Value>),
    Table,
    Null,
}

impl Value {
    /// What kind of value this is, in words of `lang`.
    pub fn type_name(&self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, Value::Str(_)) => "文字",
            (Lang::Zh, Value::Bool(_)) => "true/false",
            (Lang::Zh, Value::Int(_) | Value::Float(_)) => "数字",
            (Lang::Zh, Value::Date(_)) => "日期",
            (Lang::Zh, Value::List(_)) => "列表",
            (Lang::Zh, Value::Table) => "表",
            (Lang::Zh, Value::Null) => "空值",
            (Lang::En, Value::Str(_)) => "text",
            (Lang::En, Value::Bool(_)) => "true/false",
            (Lang::En, Value::Int(_) | Value::Float(_)) => "a number",
            (Lang::En, Value::Date(_)) => "a date",
            (Lang::En, Value::List(_)) => "a list",
            (Lang::En, Value::Table) => "a table",
            (Lang::En, Value::Null) => "an empty value",
        }
    }
}

#[derive(Debug)]
pub struct FrontMatter<'a> {
    /// Fields in source order.
    pub fields: Vec<(String, Value)>,
    pub lines: FieldLines,
    pub body: &'a str,
    pub body_line: usize,
}

impl FrontMatter<'_> {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

#[derive(Clone, Copy)]
enum Syntax {
    Toml,
    Yaml,
}

pub fn parse<'a>(text: &'a str, file: &Path) -> Result<FrontMatter<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let (syntax, delimiter) = match text.lines().next().map(str::trim_end) {
        Some("+++") => (Syntax::Toml, "+++"),
        Some("---") => (Syntax::Yaml, "---"),
        _ => return Err(Diagnostic::new(
            Code::FrontMatterMissing,
            Location::new(file, 1, 1),
            text!(
                zh: "公告开头没有头信息（应以 +++ 或 --- 单独一行开始）",
                en: "the notice does not begin with front matter (a line of +++ or --- alone)"
            ),
        )
        .with_help(text!(
            zh: "在文件第一行写 +++，接着写 title、kind、date，再以 +++ 一行结束",
            en: "write +++ on the first line, then title, kind and date, and end with a line of +++"
        ))),
    };
    // Byte offsets of every line start, to cut the text without copying.
    let mut offset = 0;
    let mut closing = None;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if index > 0 && line.trim_end() == delimiter {
            closing = Some((index, offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let first_line_len = text.split_inclusive('\n').next().map_or(0, str::len);
    let Some((closing_index, closing_start, body_start)) = closing else {
        return Err(Diagnostic::new(
            Code::FrontMatterMissing,
            Location::new(file, 1, 1),
            text!(
                zh: "头信息以 {delimiter} 开始，但没有以 {delimiter} 单独一行结束",
                en: "the front matter begins with {delimiter} but does not end with a line of {delimiter} alone"
            ),
        ));
    };
    let block = &text[first_line_len..closing_start];
    let first_line = 2;
    let fields = match syntax {
        Syntax::Toml => parse_toml(block, first_line, file)?,
        Syntax::Yaml => parse_yaml(block, first_line, file)?,
    };
    let positions = key_positions(block, first_line);
    let lines = FieldLines {
        front_matter_start: first_line,
        fields: fields
            .iter()
            .filter_map(|(k, _)| positions.get(k.as_str()).map(|&(l, c)| (k.clone(), l, c)))
            .collect(),
    };
    Ok(FrontMatter {
        fields,
        lines,
        body: &text[body_start..],
        body_line: closing_index + 2,
    })
}

/// Where each key of the block is first written, in one pass over it (a
/// search per key would take the square of the time on a front matter of
/// many thousand keys). The same rule as `source_text::key_position`: a
/// line whose text, after indentation, is the key (bare or quoted) followed
/// by `=` or `:`.
fn key_positions(block: &str, first_line: usize) -> HashMap<&str, (usize, usize)> {
    let mut positions = HashMap::new();
    for (index, line) in block.lines().enumerate() {
        let trimmed = line.trim_start();
        let column = line.len() - trimmed.len() + 1;
        let (key, rest) = match trimmed.chars().next() {
            Some(quote @ ('"' | '\'')) => match trimmed[1..].find(quote) {
                Some(end) => (&trimmed[1..1 + end], &trimmed[end + 2..]),
                None => continue,
            },
            Some(_) => match trimmed.find(['=', ':']) {
                Some(end) => (trimmed[..end].trim_end(), &trimmed[end..]),
                None => continue,
            },
            None => continue,
        };
        let rest = rest.trim_start();
        if rest.starts_with('=') || rest.starts_with(':') {
            positions.entry(key).or_insert((first_line + index, column));
        }
    }
    positions
}

/// The parsers' English for what editors meet most, in plain Chinese and
/// plain English; other messages as the parser wrote them, in both.
fn plain_message(message: &str) -> Text {
    let message = message.trim();
    if message == "duplicate key" {
        return text!(zh: "同一个字段写了两次", en: "a field is written twice");
    }
    if let Some(key) = message.strip_prefix("duplicate entry with key ") {
        let key = key.trim_matches('"');
        return text!(zh: "字段 {key} 写了两次", en: "the field `{key}` is written twice");
    }
    if message.contains("repetition limit exceeded") {
        return text!(
            zh: "别名（*）展开的次数太多，头信息不能这样写",
            en: "aliases (*) expand too many times: front matter cannot be written this way"
        );
    }
    if message.contains("recursion limit exceeded") || message.contains("max recursion depth") {
        return text!(
            zh: "括号或缩进嵌套太深",
            en: "brackets or indentation nest too deep"
        );
    }
    if let Some(rest) = message.strip_prefix("invalid date") {
        return Text::new(
            format!("日期无效{}", rest.replace(", expected", "，应为")),
            format!("invalid date{rest}"),
        );
    }
    Text::new(message, message)
}

fn syntax_error(file: &Path, line: usize, column: usize, detail: Text) -> Diagnostic {
    Diagnostic::new(
        Code::FrontMatterSyntax,
        Location::new(file, line, column),
        detail.wrap(
            |detail| format!("头信息语法错误：{detail}"),
            |detail| format!("syntax error in the front matter: {detail}"),
        ),
    )
}

fn parse_toml(
    block: &str,
    first_line: usize,
    file: &Path,
) -> Result<Vec<(String, Value)>, Diagnostic> {
    let table: toml::Table = toml::from_str(block).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(block, s.start));
        syntax_error(
            file,
            first_line + line - 1,
            column,
            plain_message(e.message()),
        )
    })?;
    Ok(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
}

fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::Str(s),
        toml::Value::Integer(i) => Value::Int(i),
        toml::Value::Float(f) => Value::Float(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::Date(d.to_string()),
        toml::Value::Array(a) => Value::List(a.into_iter().map(from_toml).collect()),
        toml::Value::Table(_) => Value::Table,
    }
}

fn parse_yaml(
    block: &str,
    first_line: usize,
    file: &Path,
) -> Result<Vec<(String, Value)>, Diagnostic> {
    if block.trim().is_empty() {
        return Ok(Vec::new());
    }
    if let Some(line) = too_deep_yaml(block) {
        return Err(Diagnostic::new(
            Code::LimitExceeded,
            Location::new(file, first_line + line - 1, 1),
            text!(
                zh: "头信息中的方括号或花括号嵌套超过了 {MAX_YAML_NESTING} 层",
                en: "square or curly brackets in the front matter nest deeper than {MAX_YAML_NESTING} levels"
            ),
        ));
    }
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(block).map_err(|e| {
        // From the byte offset: the parser's own line count takes a lone
        // `\r` for a line break, which editors and our line numbers do not.
        let (line, column) = e.location().map_or((1, 1), |l| line_col(block, l.index()));
        // The parser's message ends with its own "at line N column M",
        // counted inside the front matter; the location says it properly.
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        syntax_error(
            file,
            first_line + line.max(1) - 1,
            column.max(1),
            plain_message(&message),
        )
    })?;
    let serde_yaml_ng::Value::Mapping(map) = value else {
        return Err(syntax_error(
            file,
            first_line,
            1,
            text!(
                zh: "头信息必须是“字段: 值”的形式",
                en: "the front matter must be written as “field: value” lines"
            ),
        ));
    };
    map.into_iter()
        .map(|(k, v)| match k {
            serde_yaml_ng::Value::String(k) => Ok((k, from_yaml(v))),
            other => Err(syntax_error(
                file,
                first_line,
                1,
                text!(
                    zh: "字段名必须是文字，而不是 {other:?}",
                    en: "a field name must be text, not `{other:?}`"
                ),
            )),
        })
        .collect()
}

fn from_yaml(value: serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => n
            .as_i64()
            .map(Value::Int)
            .unwrap_or_else(|| Value::Float(n.as_f64().unwrap_or(f64::NAN))),
        Y::String(s) => Value::Str(s),
        Y::Sequence(items) => Value::List(items.into_iter().map(from_yaml).collect()),
        Y::Mapping(_) => Value::Table,
        Y::Tagged(tagged) => from_yaml(tagged.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> &'static Path {
        Path::new("content/a.md")
    }

    #[test]
    fn toml_front_matter_and_body() {
        let text = "+++\ntitle = \"选举公告\"\ndate = 2021-08-20\n+++\n正文\n";
        let fm = parse(text, file()).unwrap();
        assert_eq!(fm.get("title"), Some(&Value::Str("选举公告".into())));
        assert_eq!(fm.get("date"), Some(&Value::Date("2021-08-20".into())));
        assert_eq!(fm.body, "正文\n");
        assert_eq!(fm.body_line, 5);
        assert_eq!(fm.lines.position("date"), (3, 1));
    }

    #[test]
    fn yaml_front_matter_with_crlf_and_bom() {
        let text = "\u{FEFF}---\r\ntitle: 公告\r\nattachments: [a.pdf]\r\n---\r\n正文";
        let fm = parse(text, file()).unwrap();
        assert_eq!(fm.get("title"), Some(&Value::Str("公告".into())));
        assert_eq!(
            fm.get("attachments"),
            Some(&Value::List(vec![Value::Str("a.pdf".into())]))
        );
        assert_eq!(fm.body, "正文");
    }

    #[test]
    fn toml_syntax_error_points_at_its_line() {
        let text = "+++\ntitle = \"a\"\ndate = 2021-08-20\nkind = 公告\n+++\n";
        let e = parse(text, file()).unwrap_err();
        assert_eq!(e.code, Code::FrontMatterSyntax);
        assert_eq!(e.location.line, 4);
    }

    #[test]
    fn yaml_syntax_error_points_at_its_line() {
        let text = "---\ntitle: a\nkind: [x\n---\n";
        let e = parse(text, file()).unwrap_err();
        assert_eq!(e.code, Code::FrontMatterSyntax);
        assert!(e.location.line >= 3, "{e:?}");
    }

    #[test]
    fn key_positions_match_key_position() {
        let block =
            "title = \"x\"\n  date: 2021-01-01\ndates = 1\n\"a b\" = 2\n'c': 3\nlist:\n  - x\n";
        let positions = key_positions(block, 2);
        for key in ["title", "date", "dates", "a b", "c", "list", "kind"] {
            assert_eq!(
                positions.get(key).copied(),
                crate::source_text::key_position(block, 2, key),
                "{key}"
            );
        }
    }

    #[test]
    fn many_keys_and_deep_brackets_are_fast() {
        let started = std::time::Instant::now();
        let keys: String = (0..100_000).map(|i| format!("k{i} = {i}\n")).collect();
        let text = format!("+++\n{keys}+++\n");
        let fm = parse(&text, file()).unwrap();
        assert_eq!(fm.lines.position("k99999"), (100_001, 1));
        let deep = format!("---\ntitle: {}\n---\n", "[".repeat(100_000));
        assert_eq!(parse(&deep, file()).unwrap_err().code, Code::LimitExceeded);
        let braces = format!(
            "---\nx: {}1{}\n---\n",
            "{a: ".repeat(20_000),
            "}".repeat(20_000)
        );
        assert_eq!(
            parse(&braces, file()).unwrap_err().code,
            Code::LimitExceeded
        );
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }

    #[test]
    fn alias_bombs_and_duplicates_are_syntax_errors() {
        let mut lol = "---\na: &a [x, x, x, x, x, x, x, x, x]\n".to_string();
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for pair in names.windows(2) {
            lol.push_str(&format!(
                "{}: &{} [{}]\n",
                pair[1],
                pair[1],
                vec![format!("*{}", pair[0]); 9].join(", ")
            ));
        }
        lol.push_str("title: *i\n---\n");
        let e = parse(&lol, file()).unwrap_err();
        assert_eq!(e.code, Code::FrontMatterSyntax);
        assert!(e.message.zh().contains("别名"), "{:?}", e.message);
        let e = parse("+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n", file()).unwrap_err();
        assert_eq!((e.code, e.location.line), (Code::FrontMatterSyntax, 3));
        assert!(e.message.zh().contains("两次"), "{:?}", e.message);
        let e = parse("---\ntitle: a\ntitle: b\n---\n", file()).unwrap_err();
        assert!(e.message.zh().contains("title 写了两次"), "{:?}", e.message);
        assert!(
            e.message.en().contains("`title` is written twice"),
            "{:?}",
            e.message
        );
    }

    #[test]
    fn missing_or_unclosed_front_matter() {
        assert_eq!(
            parse("# 标题\n", file()).unwrap_err().code,
            Code::FrontMatterMissing
        );
        assert_eq!(
            parse("+++\ntitle = \"a\"\n", file()).unwrap_err().code,
            Code::FrontMatterMissing
        );
    }
}
