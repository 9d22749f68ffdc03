//! Dates as editors write them in front matter and `_region.toml`.

use crate::model::PubDate;
use chrono::{NaiveDate, NaiveTime};

/// `YYYY-MM-DD`, optionally followed by a time (`T` or a space, then
/// `HH:MM[:SS[.fff]]`, then an optional `Z` or `±HH:MM` offset, which is
/// dropped: notices are dated in local time).
pub fn parse_pub_date(text: &str) -> Option<PubDate> {
    let text = text.trim();
    // Ten bytes of digits and dashes, or not a date (and not a place to cut
    // a text such as `2021年2月30日`, whose tenth byte is inside a character).
    let cut = text.len().min(10);
    if !text.is_char_boundary(cut) {
        return None;
    }
    let (date_part, rest) = text.split_at(cut);
    let date = parse_day(date_part)?;
    if rest.is_empty() {
        return Some(PubDate { date, time: None });
    }
    let time_text = rest.strip_prefix(['T', 't', ' '])?;
    let time_text = strip_offset(time_text);
    let time = ["%H:%M:%S%.f", "%H:%M:%S", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(time_text, f).ok())?;
    Some(PubDate {
        date,
        time: Some(time),
    })
}

/// A calendar day, strictly `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let well_formed = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn strip_offset(time: &str) -> &str {
    if let Some(t) = time.strip_suffix(['Z', 'z']) {
        return t;
    }
    match time.rfind(['+', '-']) {
        Some(i) if time.len() - i == 6 => &time[..i],
        _ => time,
    }
}

/// `2021年8月20日`, the form residents read.
pub fn display_day(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_with_and_without_time() {
        let d = parse_pub_date("2021-08-20").unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2021, 8, 20).unwrap());
        assert!(d.time.is_none());
        let d = parse_pub_date("2021-08-20 09:30").unwrap();
        assert_eq!(d.time, NaiveTime::from_hms_opt(9, 30, 0));
        let d = parse_pub_date("2021-08-20T09:30:15+08:00").unwrap();
        assert_eq!(d.time, NaiveTime::from_hms_opt(9, 30, 15));
        assert!(parse_pub_date("2021-08-20T09:30:15Z").is_some());
    }

    #[test]
    fn bad_dates_are_refused() {
        for bad in [
            "2021-13-01",
            "2021-02-30",
            "2021/08/20",
            "21-08-20",
            "2021-8-2",
            "2021-08-20x",
            "明天",
            "2021年2月30日",
            "2021-08-20日",
        ] {
            assert!(parse_pub_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn display_is_chinese() {
        assert_eq!(
            display_day(NaiveDate::from_ymd_opt(2021, 8, 2).unwrap()),
            "2021年8月2日"
        );
    }
}
