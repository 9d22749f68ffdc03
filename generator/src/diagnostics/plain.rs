//! serde's English messages about TOML values, in plain Chinese for the
//! village clerks who edit `site/config.toml` and `_region.toml`.

/// The message for an editor; unknown message shapes are kept as they are.
pub fn serde_message(message: &str) -> String {
    let message = message.trim();
    let ticked = |text: &str| -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let names = ticked(rest);
        if let Some((field, expected)) = names.split_first() {
            return format!("不认识的设置项 {field}（可用：{}）", expected.join("、"));
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let names = ticked(rest);
        if let Some((value, expected)) = names.split_first() {
            return format!("取值 “{value}” 不认识（可用：{}）", expected.join("、"));
        }
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("缺少必填项 {}", rest.trim_matches('`'));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return format!(
                "取值的类型不对：应为{}，写的是{}",
                kind(expected),
                kind(found)
            );
        }
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            let wanted = expected
                .strip_prefix("an array of length ")
                .map_or_else(|| expected.to_string(), |n| format!("{n} 项"));
            return format!("列表的项数不对：应为 {wanted}，写了 {found} 项");
        }
    }
    message.to_string()
}

/// `i64`, `a boolean`, `string "15"` → words.
fn kind(text: &str) -> String {
    let text = text.trim();
    if let Some(value) = text.strip_prefix("string ") {
        return format!("带引号的文字 {value}（数字和 true/false 不要加引号）");
    }
    match text {
        "i64" | "u32" | "u64" | "usize" | "an integer" | "integer" => "整数".into(),
        "a boolean" | "boolean" => "true 或 false".into(),
        "a string" | "string" => "带引号的文字".into(),
        "a sequence" | "an array" | "array" => "方括号括起的列表，例如 [3, 7]".into(),
        "a map" | "table" => "一组设置（表）".into(),
        other if other.starts_with("integer ") => format!("整数 {}", &other[8..]),
        other if other.starts_with("boolean ") => format!("true/false 值 {}", &other[8..]),
        other => other.to_string(),
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
            ),
            "不认识的设置项 voter_days（可用：voter_list_days、result_days）"
        );
        assert_eq!(
            serde_message("invalid type: string \"15\", expected i64"),
            "取值的类型不对：应为整数，写的是带引号的文字 \"15\"（数字和 true/false 不要加引号）"
        );
        assert_eq!(
            serde_message("invalid length 1, expected an array of length 2"),
            "列表的项数不对：应为 2 项，写了 1 项"
        );
        assert_eq!(serde_message("missing field `title`"), "缺少必填项 title");
        assert_eq!(serde_message("something else"), "something else");
    }
}
