//! Text normalization shared by indexing and querying.
//!
//! `fold` maps one character to one character (so positions in folded text
//! are positions in the original): full-width ASCII forms to ASCII, the
//! ideographic space to a space, and ASCII letters to lower case (search
//! words are ASCII letters and digits, see `tokenize`; leaving other scripts'
//! case alone keeps Unicode case tables out of the wasm). Indexing applies
//! Unicode NFKC before folding; in the browser the query is NFKC-normalized
//! by JavaScript's `String.prototype.normalize` before it reaches the wasm,
//! so the wasm needs no normalization tables.

/// Folds one character (see the module documentation).
pub fn fold_char(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    c.to_ascii_lowercase()
}

pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// NFKC, then `fold`: what the index is built from. Most text is NFKC
/// already (Han characters, ASCII, Chinese punctuation): the quick check
/// says so without decomposing and recomposing every character.
#[cfg(not(target_arch = "wasm32"))]
pub fn normalize(text: &str) -> String {
    use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        fold(text)
    } else {
        text.nfkc().map(fold_char).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_is_one_to_one_and_width_insensitive() {
        assert_eq!(fold("ＡＢｃ１２　Ｘ"), "abc12 x");
        assert_eq!(fold("GongShi 公示"), "gongshi 公示");
        assert_eq!(fold("Ωμέγα"), "Ωμέγα", "only ASCII case is folded");
        for s in ["ＡＢｃ", "İstanbul", "ß", "公示"] {
            assert_eq!(fold(s).chars().count(), s.chars().count(), "{s}");
        }
    }

    #[test]
    fn normalize_applies_nfkc() {
        assert_eq!(normalize("①号"), "1号");
        assert_eq!(normalize("ｶﾞ"), "ガ");
        assert_eq!(normalize("ＢＭ２５"), "bm25");
    }

    #[test]
    fn the_quick_path_agrees_with_full_nfkc() {
        use unicode_normalization::UnicodeNormalization;
        for text in [
            "村民委员会选举公告，第1号。",
            "Ａ村①组",
            "e\u{301}",
            "한국어 ｶﾞ",
            "",
        ] {
            let full: String = text.nfkc().map(fold_char).collect();
            assert_eq!(normalize(text), full, "{text}");
        }
    }
}
