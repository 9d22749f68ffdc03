//! A `result` notice's results table: its first embedded table, with the
//! columns of section 4 (Chinese or English headers) read into candidates.

use crate::data::{self, CellRef, DataSheet};
use crate::diagnostics::{text, Code, Diagnostic, Location, Text};
use crate::model::{Notice, NoticeId};
use crate::render::shortcode;
use gongshi_widgets::table::keys::{parse_bool, parse_number};
use std::path::Path;

/// Education levels of section 4, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Education {
    JuniorHigh,
    SeniorHigh,
    Vocational,
    College,
    Bachelor,
    Master,
    Doctor,
}

impl Education {
    fn parse(text: &str) -> Option<Education> {
        Some(match text {
            "初中" | "初中及以下" | "小学" => Education::JuniorHigh,
            "高中" => Education::SeniorHigh,
            "中专" | "中技" | "职高" => Education::Vocational,
            "大专" | "专科" => Education::College,
            "本科" | "大学" | "大学本科" => Education::Bachelor,
            "硕士" | "研究生" => Education::Master,
            "博士" => Education::Doctor,
            _ => return None,
        })
    }

    /// 大专及以上: college (大专) and every degree above it.
    pub fn college_or_above(self) -> bool {
        self >= Education::College
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// One row of a results table.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Row in the sheet, for locating its cells.
    pub row: usize,
    pub name: String,
    pub post: Option<String>,
    pub votes: Option<u64>,
    pub elected: bool,
    pub gender: Option<Gender>,
    pub age: Option<u32>,
    pub education: Option<Education>,
    pub dual_role: Option<bool>,
}

/// Which column holds what, by header.
#[derive(Debug, Clone, Copy, Default)]
pub struct Columns {
    pub name: Option<usize>,
    pub post: Option<usize>,
    pub votes: Option<usize>,
    pub elected: Option<usize>,
    pub gender: Option<usize>,
    pub age: Option<usize>,
    pub education: Option<usize>,
    pub dual_role: Option<usize>,
}

impl Columns {
    fn find(sheet: &DataSheet) -> Columns {
        // `得票（票）`, `性别(男/女)`: a bracketed note after the name.
        let base = |header: &str| {
            let header = header.trim().to_lowercase();
            let cut = header.find(['（', '(']).unwrap_or(header.len());
            header[..cut].trim().to_string()
        };
        let col = |names: &[&str]| {
            sheet
                .header
                .iter()
                .position(|h| names.contains(&base(h).as_str()))
        };
        Columns {
            name: col(&["姓名", "name"]),
            post: col(&["职务", "post"]),
            votes: col(&["得票", "得票数", "votes"]),
            elected: col(&["当选", "是否当选", "elected"]),
            gender: col(&["性别", "gender"]),
            age: col(&["年龄", "age"]),
            education: col(&["学历", "文化程度", "education"]),
            dual_role: col(&["一肩挑", "dual_role"]),
        }
    }
}

/// A results table read and understood.
#[derive(Debug)]
pub struct Results {
    pub notice: NoticeId,
    pub sheet: DataSheet,
    pub columns: Columns,
    pub candidates: Vec<Candidate>,
}

impl Results {
    pub fn elected(&self) -> impl Iterator<Item = &Candidate> {
        self.candidates.iter().filter(|c| c.elected)
    }

    /// Where a candidate's cell stands, and words for it.
    pub fn locate(&self, candidate: &Candidate, column: usize) -> (Location, Text) {
        self.sheet.locate(CellRef {
            row: Some(candidate.row),
            column,
        })
    }

    /// Where a column's header stands (for facts about the whole column).
    pub fn locate_header(&self, column: usize) -> Location {
        self.sheet.locate(CellRef { row: None, column }).0
    }
}

/// What a 是/否 cell should be.
fn yes_or_no() -> Text {
    text!(zh: "“是”或“否”", en: "“是” or “否” (yes or no)")
}

/// The `src` (and `sheet`) of the first `table` shortcode in a body.
fn first_table(body: &str) -> Option<(String, Option<String>)> {
    body.lines()
        .filter(|line| shortcode::looks_like_shortcode(line))
        .filter_map(|line| shortcode::parse(line).ok())
        .find(|code| code.name == "table")
        .and_then(|code| {
            let src = code.arg("src")?.to_string();
            Some((src, code.arg("sheet").map(str::to_string)))
        })
}

/// Reads a result notice's results table. `None` when it has none or the
/// file cannot be read (the page renderer reports that); cells that do not
/// read as their column's meaning are pushed to `problems`.
pub fn read(root: &Path, notice: &Notice, problems: &mut Vec<Diagnostic>) -> Option<Results> {
    let (src, sheet_name) = first_table(&notice.body)?;
    let notice_dir = notice.source.parent().unwrap_or(Path::new(""));
    let at = Location::new(&notice.source, notice.body_line, 1);
    let sheet = data::read(root, notice_dir, &src, sheet_name.as_deref(), &at).ok()?;
    let columns = Columns::find(&sheet);
    let mut candidates = Vec::with_capacity(sheet.rows.len());
    for (row, cells) in sheet.rows.iter().enumerate() {
        let mut problem = |column: usize, what: Text| {
            let (location, place) = sheet.locate(CellRef {
                row: Some(row),
                column,
            });
            let cell = &cells[column];
            problems.push(Diagnostic::new(
                Code::ResultsTableInvalid,
                location,
                Text::new(
                    format!("选举结果表{}的 “{cell}” 不是{}", place.zh(), what.zh()),
                    format!(
                        "“{cell}” at {} of the results table is not {}",
                        place.en(),
                        what.en()
                    ),
                ),
            ));
        };
        let cell = |column: Option<usize>| {
            column
                .map(|c| (c, cells[c].trim()))
                .filter(|(_, t)| !t.is_empty())
        };
        let name = cell(columns.name).map_or_else(String::new, |(_, t)| t.to_string());
        // A 合计 row closes the table; it is not a candidate.
        if ["合计", "总计"].contains(&name.as_str()) {
            continue;
        }
        let votes = cell(columns.votes).and_then(|(c, t)| match parse_number(t) {
            Some(v) if v >= 0.0 && v.fract() == 0.0 => Some(v as u64),
            _ => {
                problem(
                    c,
                    text!(
                        zh: "票数（应为 0 或正整数）",
                        en: "a number of votes (0 or a positive whole number)"
                    ),
                );
                None
            }
        });
        let elected = cell(columns.elected).is_some_and(|(c, t)| match parse_bool(t) {
            Some(b) => b,
            None if t == "当选" => true,
            None if t == "未当选" || t == "落选" => false,
            None => {
                problem(c, yes_or_no());
                false
            }
        });
        let gender = cell(columns.gender).and_then(|(c, t)| match t {
            "男" | "male" | "m" | "M" => Some(Gender::Male),
            "女" | "female" | "f" | "F" => Some(Gender::Female),
            _ => {
                problem(c, text!(zh: "“男”或“女”", en: "“男” or “女”"));
                None
            }
        });
        let age =
            cell(columns.age).and_then(|(c, t)| match t.trim_end_matches('岁').parse::<u32>() {
                Ok(a) if (18..=120).contains(&a) => Some(a),
                _ => {
                    problem(
                        c,
                        text!(
                            zh: "年龄（18 到 120 之间的整数）",
                            en: "an age (a whole number from 18 to 120)"
                        ),
                    );
                    None
                }
            });
        let education = cell(columns.education).and_then(|(c, t)| {
            let parsed = Education::parse(t);
            if parsed.is_none() {
                problem(
                    c,
                    text!(
                        zh: "学历（初中、高中、中专、大专、本科、硕士、博士之一）",
                        en: "a level of education (one of “初中”, “高中”, “中专”, “大专”, “本科”, “硕士”, “博士”)"
                    ),
                );
            }
            parsed
        });
        let dual_role = cell(columns.dual_role).and_then(|(c, t)| {
            let parsed = parse_bool(t);
            if parsed.is_none() {
                problem(c, yes_or_no());
            }
            parsed
        });
        candidates.push(Candidate {
            row,
            name,
            post: cell(columns.post).map(|(_, t)| t.to_string()),
            votes,
            elected,
            gender,
            age,
            education,
            dual_role,
        });
    }
    Some(Results {
        notice: notice.id,
        sheet,
        columns,
        candidates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_table_shortcode_is_the_results_table() {
        let body = "结果如下：\n\n{{ chart(src=\"a.csv\", x=\"姓名\", y=\"得票\") }}\n\n{{ table(src=\"r.xlsx\", sheet=\"结果\") }}\n\n{{ table(src=\"b.csv\") }}\n";
        assert_eq!(
            first_table(body),
            Some(("r.xlsx".to_string(), Some("结果".to_string())))
        );
        assert_eq!(first_table("没有表格"), None);
    }

    #[test]
    fn education_order() {
        assert!(Education::parse("大专").unwrap().college_or_above());
        assert!(Education::parse("硕士").unwrap().college_or_above());
        assert!(!Education::parse("中专").unwrap().college_or_above());
        assert!(!Education::parse("高中").unwrap().college_or_above());
        assert_eq!(Education::parse("中学"), None);
    }
}
