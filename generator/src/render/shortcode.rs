//! Shortcodes: a paragraph that is exactly `{{ name(key="value", …) }}`.

use crate::diagnostics::{text, Text};

#[derive(Debug, PartialEq, Eq)]
pub struct Shortcode {
    pub name: String,
    pub args: Vec<(String, String)>,
}

impl Shortcode {
    pub fn arg(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Whether a paragraph's text is meant as a shortcode (even a broken one).
pub fn looks_like_shortcode(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("{{") && t.ends_with("}}")
}

/// Parses `{{ name(key="value", key2='v', flag=true) }}`.
pub fn parse(text: &str) -> Result<Shortcode, Text> {
    let inner = text
        .trim()
        .strip_prefix("{{")
        .and_then(|t| t.strip_suffix("}}"))
        .ok_or_else(|| {
            text!(
                zh: "应以 {{{{ 开始、以 }}}} 结束",
                en: "it should start with {{{{ and end with }}}}"
            )
        })?
        .trim();
    let open = inner
        .find('(')
        .ok_or_else(|| text!(zh: "缺少 (", en: "the ( is missing"))?;
    let name = inner[..open].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(text!(zh: "名称 “{name}” 无效", en: "the name “{name}” is not valid"));
    }
    let args_text = inner[open + 1..]
        .strip_suffix(')')
        .ok_or_else(|| text!(zh: "缺少结尾的 )", en: "the closing ) is missing"))?;
    let mut args = Vec::new();
    let mut rest = args_text.trim_start();
    while !rest.is_empty() {
        let eq = rest.find('=').ok_or_else(|| {
            text!(
                zh: "参数 “{rest}” 缺少 =",
                en: "the argument “{rest}” has no ="
            )
        })?;
        let key = rest[..eq].trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(text!(
                zh: "参数名 “{key}” 无效",
                en: "the argument name “{key}” is not valid"
            ));
        }
        let (value, after) = parse_value(rest[eq + 1..].trim_start())?;
        if args.iter().any(|(k, _): &(String, String)| k == key) {
            return Err(text!(
                zh: "参数 {key} 重复",
                en: "the argument {key} is given twice"
            ));
        }
        args.push((key.to_string(), value));
        rest = after.trim_start();
        if let Some(r) = rest.strip_prefix([',', '，']) {
            rest = r.trim_start();
        } else if !rest.is_empty() {
            return Err(text!(
                zh: "参数之间应以逗号分隔：“{rest}”",
                en: "arguments should be separated by commas: “{rest}”"
            ));
        }
    }
    Ok(Shortcode {
        name: name.to_string(),
        args,
    })
}

/// A quoted string (`"…"` or `'…'`) or a bare word. In a quoted string `\`
/// escapes only the quote and itself (`\"`, `\\`); any other `\` is kept as
/// written, so a Windows-style path (`..\..\etc`) reaches the path check,
/// which refuses it, instead of losing its backslashes (`....etc`).
fn parse_value(text: &str) -> Result<(String, &str), Text> {
    let mut chars = text.char_indices().peekable();
    match chars.next() {
        Some((_, quote @ ('"' | '\''))) => {
            let mut value = String::new();
            while let Some((i, c)) = chars.next() {
                if c == quote {
                    return Ok((value, &text[i + c.len_utf8()..]));
                }
                // `\"` or `\\`: the character after the `\`.
                let escaped = if c == '\\' {
                    chars.next_if(|&(_, next)| next == quote || next == '\\')
                } else {
                    None
                };
                value.push(escaped.map_or(c, |(_, next)| next));
            }
            Err(text!(
                zh: "引号不成对",
                en: "a quote is not closed"
            ))
        }
        Some(_) => {
            let end = text.find([',', '，']).unwrap_or(text.len());
            Ok((text[..end].trim().to_string(), &text[end..]))
        }
        None => Err(text!(
            zh: "参数缺少取值",
            en: "an argument has no value"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_table_shortcode() {
        let s =
            parse(r#"{{ table(src="2021-results.csv", caption="第十二届村民委员会选举结果") }}"#)
                .unwrap();
        assert_eq!(s.name, "table");
        assert_eq!(s.arg("src"), Some("2021-results.csv"));
        assert_eq!(s.arg("caption"), Some("第十二届村民委员会选举结果"));
    }

    #[test]
    fn quotes_escapes_bare_values_and_chinese_comma() {
        let s = parse(r#"{{ t(a='x, "y"', b=true，c="q\"r") }}"#).unwrap();
        assert_eq!(s.arg("a"), Some("x, \"y\""));
        assert_eq!(s.arg("b"), Some("true"));
        assert_eq!(s.arg("c"), Some("q\"r"));
    }

    #[test]
    fn backslashes_escape_only_quotes_and_themselves() {
        let s = parse(r#"{{ t(a="..\..\etc\passwd", b='it\'s', c="a\\b", d="end\\") }}"#).unwrap();
        assert_eq!(s.arg("a"), Some(r"..\..\etc\passwd"));
        assert_eq!(s.arg("b"), Some("it's"));
        assert_eq!(s.arg("c"), Some(r"a\b"));
        assert_eq!(s.arg("d"), Some(r"end\"));
    }

    #[test]
    fn errors_are_explained() {
        assert!(parse("{{ table(src=\"a.csv\" }}").is_err());
        assert!(parse("{{ table(src=\"a.csv) }}").is_err());
        assert!(parse("{{ (src=\"a\") }}").is_err());
        assert!(parse("{{ table(src=\"a\" caption=\"b\") }}").is_err());
        assert!(parse("{{ table(src=\"a\", src=\"b\") }}").is_err());
    }
}
