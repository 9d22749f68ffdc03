//! Index terms are strings whose first character says what they index. The
//! namespaces keep pinyin, words and filters apart while sharing one sorted
//! dictionary (so a prefix search is one range of it).

/// A Han character or pair of characters from any text.
pub const HAN: char = 'h';
/// A Latin/digit word from any text.
pub const WORD: char = 'w';
/// Full pinyin of a title or region name, from each syllable to the end.
pub const PINYIN: char = 'p';
/// Pinyin initials of a title or region name, from each syllable to the end.
pub const INITIALS: char = 'i';
/// Longest pinyin (and initials) run indexed from one syllable: longer
/// titles are found by their other syllables.
pub const MAX_PINYIN_SYLLABLES: usize = 8;

/// Filters: what `--filter key=value` and the widget's selects restrict to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    Kind,
    /// A region by its site path (`rongnan/tangxia/`); a notice carries the
    /// path of its region and of every region above it.
    RegionPath,
    /// A region by its 12-digit code; also carried up the tree.
    RegionCode,
    Year,
}

impl Filter {
    pub fn namespace(self) -> char {
        match self {
            Filter::Kind => 'k',
            Filter::RegionPath => 'r',
            Filter::RegionCode => 'c',
            Filter::Year => 'y',
        }
    }

    /// `kind`, `region` (a code when it is 12 digits, else a path) or `year`.
    pub fn parse(key: &str, value: &str) -> Option<(Filter, String)> {
        let value = value.trim();
        match key.trim() {
            "kind" => Some((Filter::Kind, value.to_string())),
            "year" => Some((Filter::Year, value.to_string())),
            "region" if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) => {
                Some((Filter::RegionCode, value.to_string()))
            }
            "region" => {
                let path = value.trim_matches('/');
                Some((
                    Filter::RegionPath,
                    if path.is_empty() {
                        String::new()
                    } else {
                        let mut p = path.to_string();
                        p.push('/');
                        p
                    },
                ))
            }
            _ => None,
        }
    }

    pub fn term(self, value: &str) -> String {
        term(self.namespace(), value)
    }
}

pub fn term(namespace: char, text: &str) -> String {
    let mut t = String::with_capacity(text.len() + 1);
    t.push(namespace);
    t.push_str(text);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_filter_is_a_code_or_a_path() {
        assert_eq!(
            Filter::parse("region", "359922101000"),
            Some((Filter::RegionCode, "359922101000".into()))
        );
        assert_eq!(
            Filter::parse("region", "/rongnan/tangxia"),
            Some((Filter::RegionPath, "rongnan/tangxia/".into()))
        );
        assert_eq!(Filter::parse("colour", "red"), None);
    }
}
