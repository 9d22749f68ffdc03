//! `_region.toml`: a region's name, kind, code and elections.

use crate::diagnostics::{text, Code, Diagnostic, Location};
use crate::model::{Election, ElectionBody, ElectionLines, RegionKind};
use crate::source_text::line_col;
use chrono::NaiveDate;
use serde::Deserialize;
use std::path::Path;

pub const REGION_FILE: &str = "_region.toml";

/// Bounds no real election reaches: beyond them a number is a typo (or an
/// attempt to overflow the arithmetic of the checks).
const MAX_SEATS: u32 = 999;
const MAX_VOTERS: u32 = 99_999_999;
/// An election id is a short name that also becomes a URL segment.
const MAX_ELECTION_ID_CHARS: usize = 64;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    name: String,
    kind: RegionKind,
    code: Option<String>,
    #[serde(default)]
    elections: Vec<toml::Spanned<RawElection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawElection {
    id: toml::Spanned<String>,
    body: ElectionBody,
    day: toml::Spanned<toml::value::Datetime>,
    seats: toml::Spanned<u32>,
    registered: toml::Spanned<u32>,
    cast: toml::Spanned<u32>,
}

#[derive(Debug)]
pub struct RegionFile {
    pub name: String,
    pub kind: RegionKind,
    pub code: Option<String>,
    pub elections: Vec<Election>,
}

/// Parses a `_region.toml`; `file` is its root-relative path. Every problem
/// found is returned.
pub fn parse(text: &str, file: &Path) -> Result<RegionFile, Vec<Diagnostic>> {
    let at = |offset: usize| {
        let (line, column) = line_col(text, offset);
        Location::new(file, line, column)
    };
    let raw: RawRegion = toml::from_str(text).map_err(|e| {
        vec![Diagnostic::new(
            Code::RegionInvalid,
            at(e.span().map_or(0, |s| s.start)),
            crate::diagnostics::plain::serde_message(e.message()).wrap(
                |why| format!("{REGION_FILE} 有误：{why}"),
                |why| format!("{REGION_FILE} is not right: {why}"),
            ),
        )]
    })?;
    let mut errors = Vec::new();
    if raw.name.trim().is_empty() {
        errors.push(Diagnostic::new(
            Code::RegionInvalid,
            at(0),
            text!(
                zh: "地区名称 name 不能为空",
                en: "the region's name cannot be empty"
            ),
        ));
    }
    if let Some(code) = &raw.code {
        if code.len() != 12 || !code.bytes().all(|b| b.is_ascii_digit()) {
            let offset = text.find(code.as_str()).unwrap_or(0);
            errors.push(Diagnostic::new(
                Code::RegionInvalid,
                at(offset),
                text!(
                    zh: "统计用区划代码 “{code}” 应为 12 位数字",
                    en: "the statistical division code “{code}” should be 12 digits"
                ),
            ));
        }
    }
    let mut elections: Vec<Election> = Vec::new();
    for spanned in raw.elections {
        let start = spanned.span().start;
        let e = spanned.into_inner();
        let id_offset = e.id.span().start;
        let id = e.id.into_inner();
        let day_offset = e.day.span().start;
        let day = e.day.into_inner();
        let line_of = |offset: usize| line_col(text, offset).0;
        let lines = ElectionLines {
            id: line_of(id_offset),
            day: line_of(day_offset),
            seats: line_of(e.seats.span().start),
            registered: line_of(e.registered.span().start),
            cast: line_of(e.cast.span().start),
        };
        let (seats, registered, cast) = (
            e.seats.into_inner(),
            e.registered.into_inner(),
            e.cast.into_inner(),
        );
        let Some(day) = day
            .date
            .filter(|_| day.time.is_none())
            .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()))
        else {
            errors.push(Diagnostic::new(
                Code::BadDate,
                at(day_offset),
                text!(
                    zh: "选举 “{id}” 的选举日 day 应为日期，例如 day = 2021-09-10（不带时间）",
                    en: "the election day (day) of the election “{id}” should be a date such as day = 2021-09-10 (with no time)"
                ),
            ));
            continue;
        };
        if elections.iter().any(|other| other.id == id) {
            errors.push(Diagnostic::new(
                Code::DuplicateElection,
                at(id_offset),
                text!(
                    zh: "选举 id “{id}” 在本地区重复",
                    en: "the election id “{id}” is used twice in this region"
                ),
            ));
            continue;
        }
        if id.chars().count() > MAX_ELECTION_ID_CHARS {
            errors.push(Diagnostic::new(
                Code::RegionInvalid,
                at(id_offset),
                text!(
                    zh: "选举 id 有 {} 个字符，超过了 {MAX_ELECTION_ID_CHARS} 个；id 是选举的代号，例如 \"2021\"",
                    en: "the election id has {} characters, more than {MAX_ELECTION_ID_CHARS}; the id is a short name for the election, such as \"2021\"",
                    id.chars().count()
                ),
            ));
            continue;
        }
        if seats > MAX_SEATS || registered > MAX_VOTERS {
            errors.push(Diagnostic::new(
                Code::RegionInvalid,
                at(start),
                text!(
                    zh: "选举 “{id}” 的数字大得不合常理：应选 {seats} 名，登记选民 {registered} 人（应选名额最多 {MAX_SEATS}，登记选民最多 {MAX_VOTERS}）",
                    en: "the numbers of the election “{id}” are implausibly large: {seats} seats, {registered} registered voters (at most {MAX_SEATS} seats and {MAX_VOTERS} registered voters)"
                ),
            ));
            continue;
        }
        if seats == 0 || cast > registered {
            errors.push(Diagnostic::new(
                Code::RegionInvalid,
                at(start),
                text!(
                    zh: "选举 “{id}” 的数字不合理：应选 {seats} 名，登记选民 {registered} 人，投票 {cast} 人（应选名额须大于 0，投票人数不能超过登记选民数）",
                    en: "the numbers of the election “{id}” do not add up: {seats} seats, {registered} registered voters, {cast} voted (seats must be more than 0, and no more can vote than are registered)"
                ),
            ));
            continue;
        }
        elections.push(Election {
            id,
            body: e.body,
            day,
            seats,
            registered,
            cast,
            lines,
        });
    }
    if errors.is_empty() {
        Ok(RegionFile {
            name: raw.name.trim().to_string(),
            kind: raw.kind,
            code: raw.code,
            elections,
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> &'static Path {
        Path::new("content/a/_region.toml")
    }

    #[test]
    fn region_with_elections() {
        let r = parse(
            "name = \"三坊社区\"\nkind = \"community\"\ncode = \"350102001001\"\n\n[[elections]]\nid = \"2021\"\nbody = \"residents-committee\"\nday = 2021-09-10\nseats = 5\nregistered = 1532\ncast = 1301\n",
            file(),
        )
        .unwrap();
        assert_eq!(r.kind, RegionKind::Community);
        assert_eq!(r.elections[0].seats, 5);
        assert_eq!(r.elections[0].lines.id, 6);
    }

    #[test]
    fn bad_kind_and_code_are_reported() {
        let e = parse("name = \"a\"\nkind = \"hamlet\"\n", file()).unwrap_err();
        assert_eq!(e[0].code, Code::RegionInvalid);
        assert_eq!(e[0].location.line, 2);
        let e = parse(
            "name = \"a\"\nkind = \"village\"\ncode = \"3501\"\n",
            file(),
        )
        .unwrap_err();
        assert_eq!(e[0].location.line, 3);
    }

    #[test]
    fn impossible_numbers_and_types_are_reported_with_their_line() {
        let election = |fields: &str| {
            format!("name = \"a\"\nkind = \"village\"\n[[elections]]\nid = \"2021\"\nbody = \"party-branch\"\nday = 2021-09-10\n{fields}")
        };
        for (fields, line) in [
            ("seats = -1\nregistered = 10\ncast = 9\n", 7),
            (
                "seats = 5\nregistered = 99999999999999999999\ncast = 9\n",
                8,
            ),
            ("seats = 5\nregistered = \"十\"\ncast = 9\n", 8),
            ("seats = 5.5\nregistered = 10\ncast = 9\n", 7),
            ("seats = 4000000000\nregistered = 4000000000\ncast = 9\n", 3),
        ] {
            let e = parse(&election(fields), file()).unwrap_err();
            assert_eq!(e[0].code, Code::RegionInvalid, "{fields}");
            assert_eq!(e[0].location.line, line, "{fields}: {:?}", e[0].message);
        }
        let long_id = election("seats = 5\nregistered = 10\ncast = 9\n")
            .replace("id = \"2021\"", &format!("id = \"{}\"", "9".repeat(100)));
        assert_eq!(parse(&long_id, file()).unwrap_err()[0].location.line, 4);
    }

    #[test]
    fn duplicate_election_id() {
        let one = "[[elections]]\nid = \"2021\"\nbody = \"party-branch\"\nday = 2021-09-10\nseats = 5\nregistered = 10\ncast = 9\n";
        let text = format!("name = \"a\"\nkind = \"village\"\n{one}{one}");
        let e = parse(&text, file()).unwrap_err();
        assert_eq!(e[0].code, Code::DuplicateElection);
        assert_eq!(e[0].location.line, 11);
    }
}
