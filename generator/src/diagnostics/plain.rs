//! serde's messages about TOML values, in plain Chinese for the village
//! clerks who edit `site/config.toml` and `_region.toml`, and in plain
//! English (setting names in backticks) for everyone else.

use super::{text, Text};

/// The message for an editor, in both languages; unknown message shapes
/// are kept as they are in both.
pub fn serde_message(message: &str) -> Text {
    let message = message.trim();
    let ticked = |text: &str| -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let quoted =
        |names: &[String]| -> Vec<String> { names.iter().map(|n| format!("`{n}`")).collect() };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let names = ticked(rest);
        if let Some((field, expected)) = names.split_first() {
            return Text::new(
                format!("不认识的设置项 {field}（可用：{}）", expected.join("、")),
                format!(
                    "unknown setting `{field}` (allowed: {})",
                    quoted(expected).join(", ")
                ),
            );
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let names = ticked(rest);
        if let Some((value, expected)) = names.split_first() {
            return Text::new(
                format!("取值 “{value}” 不认识（可用：{}）", expected.join("、")),
                format!(
                    "unknown value “{value}” (allowed: {})",
                    quoted(expected).join(", ")
                ),
            );
        }
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let field = rest.trim_matches('`');
        return text!(zh: "缺少必填项 {field}", en: "the required setting `{field}` is missing");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            let (expected, found) = (kind(expected), kind(found));
            return Text::new(
                format!(
                    "取值的类型不对：应为{}，写的是{}",
                    expected.zh(),
                    found.zh()
                ),
                format!(
                    "the value has the wrong type: expected {}, found {}",
                    expected.en(),
                    found.en()
                ),
            );
        }
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return match expected.strip_prefix("an array of length ") {
                Some(n) => text!(
                    zh: "列表的项数不对：应为 {n} 项，写了 {found} 项",
                    en: "the list has the wrong number of items: expected {n}, found {found}"
                ),
                None => text!(
                    zh: "列表的项数不对：应为 {expected}，写了 {found} 项",
                    en: "the list has the wrong number of items: expected {expected}, found {found}"
                ),
            };
        }
    }
    Text::new(message, message)
}

/// `i64`, `a boolean`, `string "15"` → words.
fn kind(text: &str) -> Text {
    let text = text.trim();
    if let Some(value) = text.strip_prefix("string ") {
        // serde shows the text as Rust writes a string: "15".
        let inner = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        return text!(
            zh: "带引号的文字 {value}（数字和 true/false 不要加引号）",
            en: "the text “{inner}” in quotes (numbers and true/false take no quotes)"
        );
    }
    match text {
        "i64" | "u32" | "u64" | "usize" | "an integer" | "integer" => {
            text!(zh: "整数", en: "a whole number")
        }
        "a boolean" | "boolean" => text!(zh: "true 或 false", en: "true or false"),
        "a string" | "string" => text!(zh: "带引号的文字", en: "quoted text"),
        "a sequence" | "an array" | "array" => text!(
            zh: "方括号括起的列表，例如 [3, 7]",
            en: "a list in square brackets, such as [3, 7]"
        ),
        "a map" | "table" => text!(zh: "一组设置（表）", en: "a group of settings (a table)"),
        other if other.starts_with("integer ") => {
            let value = &other[8..];
            text!(zh: "整数 {value}", en: "the whole number {value}")
        }
        other if other.starts_with("boolean ") => {
            let value = &other[8..];
            text!(zh: "true/false 值 {value}", en: "the true/false value {value}")
        }
        other => Text::new(other, other),
    }
}

#[cfg(test)]
mod tests {
    use super::serde_message;

    #[test]
    fn common_messages_in_chinese() {
        assert_eq!(
            serde_message(
                "unknown field `voter_days`, expected one of `voter_list_days`, `result_days`"
            )
            .zh(),
            "不认识的设置项 voter_days（可用：voter_list_days、result_days）"
        );
        assert_eq!(
            serde_message("invalid type: string \"15\", expected i64").zh(),
            "取值的类型不对：应为整数，写的是带引号的文字 \"15\"（数字和 true/false 不要加引号）"
        );
        assert_eq!(
            serde_message("invalid length 1, expected an array of length 2").zh(),
            "列表的项数不对：应为 2 项，写了 1 项"
        );
        assert_eq!(
            serde_message("missing field `title`").zh(),
            "缺少必填项 title"
        );
        assert_eq!(serde_message("something else").zh(), "something else");
    }

    #[test]
    fn common_messages_in_english() {
        assert_eq!(
            serde_message(
                "unknown field `voter_days`, expected one of `voter_list_days`, `result_days`"
            )
            .en(),
            "unknown setting `voter_days` (allowed: `voter_list_days`, `result_days`)"
        );
        assert_eq!(
            serde_message("unknown variant `town`, expected `village` or `community`").en(),
            "unknown value “town” (allowed: `village`, `community`)"
        );
        assert_eq!(
            serde_message("invalid type: string \"15\", expected i64").en(),
            "the value has the wrong type: expected a whole number, found the text “15” in quotes (numbers and true/false take no quotes)"
        );
        assert_eq!(
            serde_message("invalid length 1, expected an array of length 2").en(),
            "the list has the wrong number of items: expected 2, found 1"
        );
        assert_eq!(
            serde_message("missing field `title`").en(),
            "the required setting `title` is missing"
        );
        assert_eq!(serde_message("something else").en(), "something else");
    }
}
