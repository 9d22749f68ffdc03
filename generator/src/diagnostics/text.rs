//! Words for people in both languages of the command line. A [`Text`] can
//! only be made with its Chinese and its English together, so no message,
//! help line or error exists in one language only; the reporter picks one
//! when it prints, by [`Lang`].

use super::Lang;

/// One message (or help line, or error) in Simplified Chinese and English,
/// with the same numbers, names and places in both. (Boxed strings: a
/// diagnostic carries two of these and stays small enough to return.)
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text {
    zh: Box<str>,
    en: Box<str>,
}

impl Text {
    /// Both languages, always together. [`text!`](crate::text) formats both
    /// from one set of arguments.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into().into_boxed_str(),
            en: en.into().into_boxed_str(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// The Simplified Chinese text.
    pub fn zh(&self) -> &str {
        &self.zh
    }

    /// The English text.
    pub fn en(&self) -> &str {
        &self.en
    }

    /// Each language's text put into a sentence of that language: `zh` and
    /// `en` are given this text's Chinese and English in turn.
    pub fn wrap(&self, zh: impl FnOnce(&str) -> String, en: impl FnOnce(&str) -> String) -> Text {
        Text::new(zh(&self.zh), en(&self.en))
    }
}

/// A [`Text`] from a Chinese and an English format string, both formatted
/// with the same arguments (inline `{name}` captures, or arguments after
/// the two strings, which both strings must use):
///
/// ```
/// # use gongshi::text;
/// let (line, limit) = (3, 100);
/// let t = text!(zh: "第 {line} 行超过了 {} 层", en: "line {line} nests deeper than {} levels", limit);
/// assert_eq!(t.en(), "line 3 nests deeper than 100 levels");
/// ```
#[macro_export]
macro_rules! text {
    (zh: $zh:literal, en: $en:literal $(,)?) => {
        $crate::diagnostics::Text::new(
            ::std::fmt::format(::std::format_args!($zh)),
            ::std::fmt::format(::std::format_args!($en)),
        )
    };
    (zh: $zh:literal, en: $en:literal, $($args:tt)+) => {
        $crate::diagnostics::Text::new(
            ::std::fmt::format(::std::format_args!($zh, $($args)+)),
            ::std::fmt::format(::std::format_args!($en, $($args)+)),
        )
    };
}

/// Lists `items` as each language writes a list: `a、b、c` and `a, b, c`.
pub fn list<S: AsRef<str>>(items: &[S]) -> Text {
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    Text::new(items.join("、"), items.join(", "))
}

/// A count with its noun in English (`1 error`, `2 errors`, `3
/// mismatches`), for the regular nouns the command line counts.
pub fn count_en(count: impl Into<u64>, noun: &str) -> String {
    let count = count.into();
    if count == 1 {
        format!("{count} {noun}")
    } else if ["s", "sh", "ch", "x"].iter().any(|end| noun.ends_with(end)) {
        format!("{count} {noun}es")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_from_one_set_of_arguments() {
        let (name, days) = ("选民名单", 20);
        let t = text!(zh: "{name}应提前 {} 天", en: "“{name}” is due {} days ahead", days);
        assert_eq!(t.get(Lang::Zh), "选民名单应提前 20 天");
        assert_eq!(t.get(Lang::En), "“选民名单” is due 20 days ahead");
        let t = text!(zh: "没有", en: "none");
        assert_eq!((t.zh(), t.en()), ("没有", "none"));
        let wrapped = t.wrap(|zh| format!("附件{zh}"), |en| format!("attachment: {en}"));
        assert_eq!(wrapped.en(), "attachment: none");
        assert_eq!(list(&["a", "b"]).zh(), "a、b");
        assert_eq!(list(&["a", "b"]).en(), "a, b");
        assert_eq!(count_en(1u64, "error"), "1 error");
        assert_eq!(count_en(0u64, "warning"), "0 warnings");
        assert_eq!(count_en(3u64, "mismatch"), "3 mismatches");
    }
}
