//! Positions in source text: byte offsets to 1-based lines and columns
//! (columns count characters, as editors do).

/// Line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The 1-based line of `key = …` (TOML) or `key: …` (YAML) in a block of
/// front matter or config, searched from `first_line`; used to point a
/// diagnostic at the field it is about. Returns the line and the column of
/// the key.
pub fn key_position(text: &str, first_line: usize, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start();
        let rest = [format!("\"{key}\""), format!("'{key}'"), key.to_string()]
            .iter()
            .find_map(|k| trimmed.strip_prefix(k.as_str()))?;
        let rest = rest.trim_start();
        (rest.starts_with('=') || rest.starts_with(':'))
            .then(|| (first_line + i, line.len() - trimmed.len() + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "标题\n日期 = x";
        assert_eq!(line_col(text, 0), (1, 1));
        let offset = text.find('=').unwrap();
        assert_eq!(line_col(text, offset), (2, 4));
        assert_eq!(line_col(text, text.len() + 10), (2, 7));
    }

    #[test]
    fn key_position_finds_toml_and_yaml_keys_only() {
        let fm = "title = \"x\"\n  date: 2021-01-01\ndates = 1\n";
        assert_eq!(key_position(fm, 2, "title"), Some((2, 1)));
        assert_eq!(key_position(fm, 2, "date"), Some((3, 3)));
        assert_eq!(key_position(fm, 2, "kind"), None);
        assert_eq!(
            key_position("[kinds]\n\"Fire Safety\" = 1\n", 1, "Fire Safety"),
            Some((2, 1))
        );
    }
}
