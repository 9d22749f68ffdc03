//! Excerpts: a window of a document's text around the first match, with the
//! matches marked.

use super::normalize::fold_char;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub highlight: bool,
}

/// Characters of context before the first match.
const LEAD: usize = 24;

/// An excerpt of at most `max_chars` characters of `text` around the first
/// occurrence of any needle (already folded), or its beginning when none
/// occurs. Ellipses mark where the text was cut.
pub fn excerpt(text: &str, needles: &[String], max_chars: usize) -> Vec<Segment> {
    let original: Vec<char> = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let folded: Vec<char> = original.iter().map(|c| fold_char(*c)).collect();
    let needles: Vec<Vec<char>> = needles
        .iter()
        .filter(|n| !n.is_empty())
        .map(|n| n.chars().collect())
        .collect();
    let mut marked = vec![false; folded.len()];
    let mut first = None;
    for needle in &needles {
        let mut i = 0;
        while i + needle.len() <= folded.len() {
            if folded[i..i + needle.len()] == needle[..] {
                marked[i..i + needle.len()]
                    .iter_mut()
                    .for_each(|m| *m = true);
                first = Some(first.map_or(i, |f: usize| f.min(i)));
                i += needle.len();
            } else {
                i += 1;
            }
        }
    }
    let start = first.map_or(0, |f| f.saturating_sub(LEAD));
    let end = (start + max_chars).min(original.len());
    let mut segments: Vec<Segment> = Vec::new();
    if start > 0 {
        segments.push(Segment {
            text: "…".into(),
            highlight: false,
        });
    }
    for i in start..end {
        match segments.last_mut() {
            Some(s) if s.highlight == marked[i] && i > start => s.text.push(original[i]),
            _ => segments.push(Segment {
                text: original[i].to_string(),
                highlight: marked[i],
            }),
        }
    }
    if end < original.len() {
        segments.push(Segment {
            text: "…".into(),
            highlight: false,
        });
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| {
                if s.highlight {
                    format!("[{}]", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn marks_matches_in_a_window() {
        let text = format!(
            "{}村委会主任实行一肩挑，一肩挑比例100%。",
            "前言".repeat(30)
        );
        let e = render(&excerpt(&text, &["一肩挑".to_string()], 40));
        assert!(e.starts_with('…'), "{e}");
        assert!(e.contains("[一肩挑]，[一肩挑]"), "{e}");
        assert!(e.ends_with('…') || e.ends_with('。'), "{e}");
    }

    #[test]
    fn case_and_width_insensitive_without_changing_the_text() {
        let e = render(&excerpt(
            "使用ＧＯＮＧＳＨＩ发布",
            &["gongshi".to_string()],
            40,
        ));
        assert_eq!(e, "使用[ＧＯＮＧＳＨＩ]发布");
    }

    #[test]
    fn no_match_gives_the_beginning() {
        let e = render(&excerpt("第一句。第二句。", &["无".to_string()], 4));
        assert_eq!(e, "第一句。…");
    }
}
