//! URL path segments from folder names, file stems and headings (section 2 of
//! the content format): ASCII letters lowered, digits and `-` kept, Han
//! characters turned into toneless pinyin syllables joined by `-`, everything
//! else folded to a single `-`.

use pinyin::ToPinyin;

/// Slugifies `text`. The result may be empty (text with no letter, digit or
/// Han character); callers report that.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    // Whether the next token must be preceded by a separator: after every
    // pinyin syllable, and wherever a folded character stood.
    let mut pending_separator = false;
    for c in text.chars().map(to_half_width) {
        if c.is_ascii_alphanumeric() {
            if pending_separator {
                push_separator(&mut slug);
                pending_separator = false;
            }
            slug.push(c.to_ascii_lowercase());
        } else if let Some(syllable) = c.to_pinyin() {
            push_separator(&mut slug);
            slug.push_str(syllable.plain());
            pending_separator = true;
        } else {
            pending_separator = true;
        }
    }
    slug
}

fn push_separator(slug: &mut String) {
    if !slug.is_empty() && !slug.ends_with('-') {
        slug.push('-');
    }
}

/// Full-width ASCII forms (ＡＢＣ１２３) as typed by Chinese input methods.
fn to_half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn ascii_is_lowered_and_kept() {
        assert_eq!(slugify("Gulou"), "gulou");
        assert_eq!(slugify("2021-xuanju-gonggao"), "2021-xuanju-gonggao");
    }

    #[test]
    fn han_becomes_toneless_pinyin_joined_by_dashes() {
        assert_eq!(slugify("鼓楼区"), "gu-lou-qu");
        assert_eq!(slugify("三坊社区"), "san-fang-she-qu");
    }

    #[test]
    fn mixed_runs_are_separated() {
        assert_eq!(slugify("2021年选举公告"), "2021-nian-xuan-ju-gong-gao");
        assert_eq!(slugify("第3季度"), "di-3-ji-du");
        assert_eq!(slugify("A区B栋"), "a-qu-b-dong");
    }

    #[test]
    fn other_characters_fold_to_one_dash() {
        assert_eq!(slugify("a__b  c"), "a-b-c");
        assert_eq!(slugify("（更正）公告！"), "geng-zheng-gong-gao");
        assert_eq!(slugify("--x--"), "x");
    }

    #[test]
    fn full_width_ascii_is_folded() {
        assert_eq!(slugify("ＡＢ１２"), "ab12");
    }

    #[test]
    fn nothing_sluggable_gives_empty() {
        assert_eq!(slugify("！？…"), "");
        assert_eq!(slugify(""), "");
    }
}
