//! Splits folded text into what the index holds: runs of Han characters
//! (indexed as single characters and overlapping bigrams) and words of
//! ASCII letters and digits (after NFKC, full-width forms are ASCII too).
//! Everything else separates tokens.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// A maximal run of Han characters.
    Han(&'a str),
    /// A maximal run of ASCII letters and digits.
    Word(&'a str),
}

pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF      // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // Compatibility Ideographs
        | 0x20000..=0x3134F  // Extensions B–G
        | 0x3007             // 〇
    )
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Tokens of `text` (already folded), in order.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start = None::<(usize, bool)>;
    for (i, c) in text.char_indices() {
        let class = if is_han(c) {
            Some(true)
        } else if is_word_char(c) {
            Some(false)
        } else {
            None
        };
        match (start, class) {
            (Some((_, han)), Some(h)) if han == h => {}
            (Some((s, han)), _) => {
                out.push(make(&text[s..i], han));
                start = class.map(|h| (i, h));
            }
            (None, Some(h)) => start = Some((i, h)),
            (None, None) => {}
        }
    }
    if let Some((s, han)) = start {
        out.push(make(&text[s..], han));
    }
    out
}

fn make(s: &str, han: bool) -> Token<'_> {
    if han {
        Token::Han(s)
    } else {
        Token::Word(s)
    }
}

/// The index terms of a Han run: every character, and every pair of
/// neighbours. Any substring of two or more characters is found through its
/// pairs; one character through the character itself.
pub fn han_grams(run: &str) -> impl Iterator<Item = &str> + '_ {
    let bounds: Vec<usize> = run
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(run.len()))
        .collect();
    let n = bounds.len() - 1;
    let unigrams = (0..n).map(move |i| (i, i + 1));
    let bigrams = (0..n.saturating_sub(1)).map(move |i| (i, i + 2));
    let b = bounds.clone();
    unigrams.chain(bigrams).map(move |(s, e)| &run[b[s]..b[e]])
}

/// The distinct pairs of neighbouring characters of a run, in order of
/// first appearance: what a query of two or more characters must match.
pub fn bigrams(run: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for gram in han_grams(run).filter(|g| g.chars().count() == 2) {
        if !out.contains(&gram) {
            out.push(gram);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_han_words_and_punctuation() {
        assert_eq!(
            tokens("2021年村委会（第12届）bm25 一肩挑"),
            vec![
                Token::Word("2021"),
                Token::Han("年村委会"),
                Token::Han("第"),
                Token::Word("12"),
                Token::Han("届"),
                Token::Word("bm25"),
                Token::Han("一肩挑"),
            ]
        );
        assert!(tokens("，。！ ").is_empty());
    }

    #[test]
    fn grams_are_characters_and_pairs() {
        let grams: Vec<_> = han_grams("一肩挑").collect();
        assert_eq!(grams, vec!["一", "肩", "挑", "一肩", "肩挑"]);
        assert_eq!(han_grams("村").collect::<Vec<_>>(), vec!["村"]);
    }

    #[test]
    fn bigrams_are_distinct_pairs() {
        assert_eq!(bigrams("一段简单"), vec!["一段", "段简", "简单"]);
        assert_eq!(bigrams("哈哈哈"), vec!["哈哈"]);
        assert!(bigrams("村").is_empty());
    }
}
