//! Cell text → sort key: numbers in the forms Chinese tables write them,
//! dates, 是/否. Han text keys (pinyin) need a dictionary, so the generator
//! computes them and hands them in as [`Key::Text`].

use std::cmp::Ordering;

/// What a cell sorts by. Cells of one column are compared only with keys of
/// the same variant; a cell whose text does not parse as its column's type
/// has no key and sorts last.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Number(f64),
    /// `yyyymmdd`, with `dd` (and `mm`) 0 when the text leaves them out, so
    /// `2021年8月` sorts before `2021年8月1日`.
    Date(u32),
    Bool(bool),
    /// A collation string: pinyin syllables with tone digits for Han text,
    /// lowercase for Latin, then the text itself to break ties.
    Text(String),
}

impl Key {
    /// Total order within one variant; different variants compare by
    /// variant so a mixed column still sorts deterministically.
    pub fn compare(&self, other: &Key) -> Ordering {
        match (self, other) {
            (Key::Number(a), Key::Number(b)) => a.total_cmp(b),
            (Key::Date(a), Key::Date(b)) => a.cmp(b),
            (Key::Bool(a), Key::Bool(b)) => a.cmp(b),
            (Key::Text(a), Key::Text(b)) => a.cmp(b),
            _ => self.variant().cmp(&other.variant()),
        }
    }

    fn variant(&self) -> u8 {
        match self {
            Key::Number(_) => 0,
            Key::Date(_) => 1,
            Key::Bool(_) => 2,
            Key::Text(_) => 3,
        }
    }
}

/// Full-width digits, signs and punctuation folded to ASCII, spaces removed.
fn fold(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            '\u{3000}' | ' ' | '\u{A0}' | '\t' => None,
            '−' => Some('-'),
            _ => Some(c),
        })
        .collect()
}

/// Units that may follow a number. Multipliers first so `万元` is read as
/// ten thousand yuan, not as a unit 元 after 万.
const MULTIPLIERS: &[(&str, f64)] = &[("亿", 1e8), ("万", 1e4), ("千", 1e3)];
const UNITS: &[&str] = &[
    "元",
    "人",
    "票",
    "户",
    "名",
    "个",
    "岁",
    "次",
    "张",
    "份",
    "项",
    "亩",
    "平方米",
    "米",
    "天",
];

/// Parses `1201`, `1,201`, `1.1万`, `3亿`, `24.6%`, `¥1,200.50`, `1200元`,
/// `１２００`, `-12`, `（12）` (an accounting negative), `+5`. Percentages
/// keep their number (`24.6%` → 24.6) so a column of them sorts right.
pub fn parse_number(text: &str) -> Option<f64> {
    let mut t = fold(text);
    let mut negative = false;
    if let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        negative = true;
        t = inner.to_string();
    }
    let mut s = t.as_str();
    s = s.trim_start_matches(['¥', '￥', '$']);
    if let Some(rest) = s.strip_prefix('-') {
        negative = !negative;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    s = s.trim_start_matches(['¥', '￥', '$']);
    s = s.strip_prefix("RMB").unwrap_or(s);
    s = s.strip_suffix('%').unwrap_or(s);
    if let Some(unit) = UNITS.iter().find(|u| s.ends_with(**u)) {
        s = &s[..s.len() - unit.len()];
    }
    let mut scale = 1.0;
    if let Some((m, f)) = MULTIPLIERS.iter().find(|(m, _)| s.ends_with(*m)) {
        s = &s[..s.len() - m.len()];
        scale = *f;
    }
    if !valid_digits(s) {
        return None;
    }
    let value: f64 = s.replace(',', "").parse().ok()?;
    let value = value * scale;
    Some(if negative { -value } else { value })
}

/// Digits with an optional decimal part; commas only as thousands
/// separators (`1,201`, not `1,2`), so a list such as `1,2,3` is text.
fn valid_digits(s: &str) -> bool {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int.is_empty()
        || frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let groups: Vec<&str> = int.split(',').collect();
    groups
        .iter()
        .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        && (groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)))
}

/// Parses `2021-08-20`, `2021/8/20`, `2021.8.20`, `2021年8月20日`,
/// `2021年8月`, `2021-08` into `yyyymmdd` (missing parts 0).
pub fn parse_date(text: &str) -> Option<u32> {
    let t = fold(text);
    let (parts, chinese): (Vec<&str>, bool) = if t.contains('年') {
        let t = t.strip_suffix(['日', '号']).unwrap_or(&t);
        (
            t.split(['年', '月']).filter(|p| !p.is_empty()).collect(),
            true,
        )
    } else {
        let separator = ['-', '/', '.'].into_iter().find(|s| t.contains(*s))?;
        (t.split(separator).collect(), false)
    };
    if parts.len() < 2 && !chinese || parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let mut numbers = [0u32; 3];
    for (slot, part) in numbers.iter_mut().zip(&parts) {
        if part.is_empty() || part.len() > 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    let [year, month, day] = numbers;
    let year_ok = parts[0].len() == 4 && (1900..=2200).contains(&year);
    let month_ok = parts.len() < 2 || (1..=12).contains(&month);
    let day_ok = parts.len() < 3 || (1..=days_in_month(year, month)).contains(&day);
    (year_ok && month_ok && day_ok).then_some(year * 10_000 + month * 100 + day)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A digit string that names rather than counts: 12 digits or more
/// (identity, card and account numbers) or a leading zero (`0591`, `007`).
/// It is text: not summed, not shown as a number, kept whole in CSV.
pub fn is_identifier(text: &str) -> bool {
    let text = text.trim();
    text.bytes().all(|b| b.is_ascii_digit())
        && (text.len() >= 12 || (text.len() > 1 && text.starts_with('0')))
}

/// 是/否 and their usual synonyms.
pub fn parse_bool(text: &str) -> Option<bool> {
    match fold(text).to_lowercase().as_str() {
        "是" | "√" | "✓" | "true" | "yes" | "y" | "有" => Some(true),
        "否" | "×" | "✗" | "false" | "no" | "n" | "无" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_every_common_form() {
        let cases: &[(&str, f64)] = &[
            ("1201", 1201.0),
            ("1,201", 1201.0),
            ("1.1万", 11_000.0),
            ("3亿", 3e8),
            ("24.6%", 24.6),
            ("¥1,200.50", 1200.5),
            ("￥1,200.50", 1200.5),
            ("1200元", 1200.0),
            ("2.5万元", 25_000.0),
            ("１２００", 1200.0),
            ("１，２００．５", 1200.5),
            ("-12", -12.0),
            ("−12", -12.0),
            ("（12）", -12.0),
            ("(1,200.00)", -1200.0),
            ("-¥30", -30.0),
            ("+5", 5.0),
            ("856票", 856.0),
            (" 42 ", 42.0),
            ("0", 0.0),
        ];
        for (text, want) in cases {
            assert_eq!(parse_number(text), Some(*want), "{text}");
        }
    }

    #[test]
    fn non_numbers_are_refused() {
        for text in [
            "",
            "张三",
            "1,2,3",
            "12,34",
            "1.2.3",
            "万",
            "%",
            "12号楼",
            "1e5",
            "—",
            "2021-08-20",
            ".",
        ] {
            assert_eq!(parse_number(text), None, "{text}");
        }
    }

    #[test]
    // yyyy_mm_dd reads better here than clippy's groups of three.
    #[allow(clippy::inconsistent_digit_grouping)]
    fn dates_in_every_common_form() {
        let cases: &[(&str, u32)] = &[
            ("2021-08-20", 20210820),
            ("2021/8/20", 20210820),
            ("2021.8.20", 20210820),
            ("2021年8月20日", 20210820),
            ("2021年08月20号", 20210820),
            ("2021年8月", 20210800),
            ("2021-08", 20210800),
            ("２０２１年８月２０日", 20210820),
            ("2024-02-29", 20240229),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Some(*want), "{text}");
        }
        assert!(parse_date("2021年8月") < parse_date("2021年8月1日"));
    }

    #[test]
    fn non_dates_are_refused() {
        for text in [
            "",
            "2021",
            "8/20",
            "2021-13-01",
            "2021-02-30",
            "2023-02-29",
            "1.5",
            "20210820",
            "12.5.1",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn yes_and_no() {
        assert_eq!(parse_bool("是"), Some(true));
        assert_eq!(parse_bool(" 否 "), Some(false));
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("当选"), None);
        assert!(Key::Bool(false).compare(&Key::Bool(true)).is_lt());
    }
}
