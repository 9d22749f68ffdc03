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

/// NFKC, then `fold`: what the index is built from.
///
/// Nearly every character of a notice is Han, ASCII, a full-width form or
/// common Chinese punctuation, whose NFKC is known without the Unicode
/// tables (see [`is_plain`]); only the runs around anything else go through
/// them. Normalizing the runs apart is exact: NFKC never joins or reorders
/// anything across a plain character, which starts a new composition
/// segment. A run starts one character early, because a combining mark
/// composes with the character before it (`e` + U+0301 is `é`).
#[cfg(not(target_arch = "wasm32"))]
pub fn normalize(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    // Where the run waiting for the tables starts in `text`.
    let mut run = None::<usize>;
    // The plain character just written: where it starts in `text` and `out`.
    let mut plain_before = None::<(usize, usize)>;
    for (i, c) in text.char_indices() {
        if is_plain(c) {
            if let Some(start) = run.take() {
                out.extend(text[start..i].nfkc().map(fold_char));
            }
            plain_before = Some((i, out.len()));
            out.push(fold_char(c));
        } else if run.is_none() {
            run = Some(match plain_before.take() {
                Some((in_text, in_out)) => {
                    out.truncate(in_out);
                    in_text
                }
                None => i,
            });
        }
    }
    if let Some(start) = run {
        out.extend(text[start..].nfkc().map(fold_char));
    }
    out
}

/// Characters whose NFKC is themselves, or (full-width forms, the
/// ideographic space) one ASCII character, and that begin a composition
/// segment: canonical combining class 0, and nothing composes with a
/// character before them.
#[cfg(not(target_arch = "wasm32"))]
fn is_plain(c: char) -> bool {
    matches!(c,
        '\0'..='\x7F'
        | '\u{3400}'..='\u{4DBF}'  // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}'  // CJK Unified Ideographs
        | '\u{FF01}'..='\u{FF5E}'  // full-width ASCII forms: ，：；（）
        | '\u{3000}'..='\u{3002}'  // ideographic space, 、。
        | '\u{3008}'..='\u{3011}'  // 〈〉《》「」『』【】
        | '\u{2014}' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' // — ‘’ “”
        | '\u{00B7}'                // ·
    )
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

    /// NFKC over the whole text at once, then `fold`: what `normalize`
    /// must equal.
    fn full(text: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        text.nfkc().map(fold_char).collect()
    }

    #[test]
    fn runs_around_plain_characters_agree_with_full_nfkc() {
        for text in [
            "村民委员会选举公告，第1号。",
            "Ａ村①组",
            "e\u{301}",
            "Ａ\u{301}村",
            "村\u{301}\u{323}a\u{323}\u{301}",
            "한국어 ｶﾞ ｶ\u{3099}",
            "\u{1100}\u{1161}\u{11A8}村\u{1100}",
            "ＢＭ２５，（合计）：１２３元",
            "",
        ] {
            assert_eq!(normalize(text), full(text), "{text:?}");
        }
    }

    #[test]
    fn every_plain_character_is_its_own_segment() {
        // Each plain character alone, and between marks and characters
        // that compose or reorder, normalizes as the whole text does.
        let neighbours = [
            "",
            "\u{301}",
            "\u{323}\u{301}",
            "\u{3099}",
            "\u{1161}",
            "①",
            "e",
        ];
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_plain(c))
        {
            for before in neighbours {
                for after in neighbours {
                    let text = format!("{before}{c}{after}");
                    assert_eq!(normalize(&text), full(&text), "{text:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_full_nfkc(chars in proptest::collection::vec(proptest::sample::select(vec![
            'a', 'Z', '1', ' ', '村', '委', 'Ａ', '，', '　', '。', '《', '·', '—',
            'e', '\u{301}', '\u{323}', '\u{3099}', 'ｶ', 'ﾞ', '①', 'é', 'ﬁ', '㈱',
            '\u{1100}', '\u{1161}', '\u{11A8}', 'ｱ', '\u{F900}', '…', '￥', 'Ω',
        ]), 0..24)) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(normalize(&text), full(&text));
        }
    }
}
