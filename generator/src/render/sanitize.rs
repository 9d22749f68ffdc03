//! The HTML allowlist. Everything a notice body turns into passes through
//! `Sanitizer::clean` (ammonia); raw HTML written by editors is also
//! inspected by `Sanitizer::removals` so that each removal is reported as a
//! warning at its line. Both read the same lists below, so what is reported
//! is exactly what is removed.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Elements kept. Anything else is removed (its text kept, except for
/// `script` and `style`, whose content is dropped too).
pub const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes kept on every allowed element.
pub const GENERIC_ATTRIBUTES: &[&str] = &["class", "id", "lang", "title", "role", "aria-label"];

/// Attributes kept on particular elements.
pub const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height"]),
    ("ol", &["start", "type"]),
    ("td", &["colspan", "rowspan", "style"]),
    ("th", &["colspan", "rowspan", "scope", "style"]),
    ("col", &["span"]),
    ("time", &["datetime"]),
    ("blockquote", &["cite"]),
    ("q", &["cite"]),
    ("input", &["type", "checked", "disabled"]),
    ("div", &["tabindex"]),
];

/// URL schemes allowed in links and images; relative URLs are kept.
pub const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite"];

/// Ids the theme's templates use start with this prefix; notice bodies may
/// not use it, so that a pasted id cannot hijack the page's own anchors.
pub const RESERVED_ID_PREFIX: &str = "gs-";

pub struct Sanitizer {
    builder: ammonia::Builder<'static>,
}

impl Default for Sanitizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Sanitizer {
    pub fn new() -> Self {
        let mut builder = ammonia::Builder::empty();
        builder
            .tags(ALLOWED_TAGS.iter().copied().collect())
            .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
            .tag_attributes(tag_attribute_map())
            .url_schemes(URL_SCHEMES.iter().copied().collect())
            .clean_content_tags(["script", "style"].into_iter().collect())
            .link_rel(Some("noopener noreferrer"))
            // An `<input>` without a type would be a text field.
            .set_tag_attribute_value("input", "type", "checkbox")
            .attribute_filter(|element, attribute, value| {
                // ammonia checks the schemes of `href` and `src` but not of
                // `cite`: every URL attribute is checked here too.
                let url_ok = !URL_ATTRIBUTES.contains(&attribute) || url_allowed(value);
                (url_ok && attribute_value_allowed(element, attribute, value))
                    .then_some(Cow::Borrowed(value))
            });
        Sanitizer { builder }
    }

    pub fn clean(&self, html: &str) -> String {
        self.builder.clean(html).to_string()
    }

    /// What `clean` would remove from a fragment of raw HTML, in plain words
    /// (one entry per removed element or attribute).
    pub fn removals(&self, fragment: &str) -> Vec<crate::diagnostics::Text> {
        use crate::diagnostics::text;
        let mut found = Vec::new();
        for token in html5gum::Tokenizer::new(fragment).flatten() {
            let html5gum::Token::StartTag(tag) = token else {
                continue;
            };
            let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
            if !ALLOWED_TAGS.contains(&name.as_str()) {
                found.push(text!(zh: "标签 <{name}>", en: "the tag <{name}>"));
                continue;
            }
            for (attribute, value) in &tag.attributes {
                let attribute = String::from_utf8_lossy(attribute).to_ascii_lowercase();
                let value = String::from_utf8_lossy(&value.value);
                if !attribute_allowed(&name, &attribute) {
                    found.push(text!(
                        zh: "<{name}> 的属性 {attribute}",
                        en: "the attribute {attribute} of <{name}>"
                    ));
                } else if URL_ATTRIBUTES.contains(&attribute.as_str()) && !url_allowed(&value) {
                    found.push(text!(
                        zh: "<{name}> 的链接 {attribute}=\"{value}\"",
                        en: "the link `{attribute}=\"{value}\"` of <{name}>"
                    ));
                } else if !attribute_value_allowed(&name, &attribute, &value) {
                    found.push(text!(
                        zh: "<{name}> 的属性 {attribute}=\"{value}\"",
                        en: "the attribute `{attribute}=\"{value}\"` of <{name}>"
                    ));
                }
            }
        }
        found
    }
}

fn tag_attribute_map() -> HashMap<&'static str, HashSet<&'static str>> {
    TAG_ATTRIBUTES
        .iter()
        .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
        .collect()
}

fn attribute_allowed(tag: &str, attribute: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&attribute)
        || TAG_ATTRIBUTES
            .iter()
            .any(|(t, attributes)| *t == tag && attributes.contains(&attribute))
}

/// Checks of values that ammonia's lists cannot express.
fn attribute_value_allowed(tag: &str, attribute: &str, value: &str) -> bool {
    match (tag, attribute) {
        // Table alignment from Markdown, and nothing else of CSS.
        (_, "style") => matches!(
            value.trim().trim_end_matches(';'),
            "text-align: left" | "text-align: right" | "text-align: center"
        ),
        (_, "id") => !value.starts_with(RESERVED_ID_PREFIX),
        ("input", "type") => value == "checkbox",
        _ => true,
    }
}

/// A URL is kept when it is relative or uses an allowed scheme, judged the
/// way browsers do: control characters and whitespace inside the scheme do
/// not hide `javascript:`.
fn url_allowed(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
        .collect();
    match cleaned.find(':') {
        Some(colon) if !cleaned[..colon].contains(['/', '?', '#']) => {
            let scheme = cleaned[..colon].to_ascii_lowercase();
            URL_SCHEMES.contains(&scheme.as_str())
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_are_removed_and_reported() {
        let s = Sanitizer::new();
        let raw = r#"<p onclick="alert(1)">hi</p><script>alert(2)</script><a href="javascript:alert(3)">x</a>"#;
        let cleaned = s.clean(raw);
        assert!(!cleaned.contains("onclick"));
        assert!(!cleaned.contains("alert"));
        assert!(!cleaned.contains("javascript"));
        let removed = s.removals(raw);
        assert_eq!(removed.len(), 3, "{removed:?}");
        assert!(removed.iter().any(|r| r.zh().contains("onclick")));
        assert!(removed.iter().any(|r| r.zh().contains("<script>")));
        assert!(removed.iter().any(|r| r.zh().contains("javascript")));
        assert!(removed.iter().any(|r| r.en() == "the tag <script>"));
    }

    #[test]
    fn obfuscated_javascript_urls_are_caught() {
        let s = Sanitizer::new();
        for raw in [
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
            "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
            "<img src=\"vbscript:x\">",
            "<q cite=\"javascript:alert(1)\">x</q>",
            "<blockquote cite=\"jav&#x09;ascript:alert(1)\">x</blockquote>",
        ] {
            assert!(!s.removals(raw).is_empty(), "{raw}");
            let cleaned = s.clean(raw).to_ascii_lowercase();
            assert!(!cleaned.contains("script:"), "{raw} → {cleaned}");
        }
    }

    #[test]
    fn markdown_output_survives() {
        let s = Sanitizer::new();
        let html = "<h2 id=\"xuan-ju\">选举</h2><table><thead><tr><th style=\"text-align: right\">得票</th></tr></thead></table><ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>完成</li></ul><sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>";
        let cleaned = s.clean(html);
        assert!(cleaned.contains("id=\"xuan-ju\""));
        assert!(cleaned.contains("text-align: right"));
        assert!(cleaned.contains("type=\"checkbox\""));
        assert!(cleaned.contains("footnote-reference"));
        assert!(s.removals(html).is_empty());
    }

    #[test]
    fn inputs_are_only_checkboxes() {
        let s = Sanitizer::new();
        for raw in [
            "<input>",
            "<input type=\"text\">",
            "<input type=\"image\" src=\"x\">",
        ] {
            let cleaned = s.clean(raw);
            assert!(cleaned.contains("type=\"checkbox\""), "{raw} → {cleaned}");
        }
    }

    #[test]
    fn css_and_reserved_ids_are_refused() {
        let s = Sanitizer::new();
        let raw = "<td style=\"background:url(x)\">a</td><div id=\"gs-reading-mode\">b</div>";
        assert_eq!(s.removals(raw).len(), 2);
        let cleaned = s.clean(raw);
        assert!(!cleaned.contains("background"));
        assert!(!cleaned.contains("gs-reading-mode"));
    }
}
