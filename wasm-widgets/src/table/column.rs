//! Column types: inferred from the cells, or set by the editor with
//! `types="姓名:name,得票:number"`.

use super::keys::{is_identifier, parse_bool, parse_date, parse_number};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Sorted by pinyin, filtered by substring.
    Text,
    /// A person's name: pinyin with surname readings (曾 zeng, 单 shan),
    /// filtered also by pinyin initials.
    Name,
    Number,
    Date,
    Bool,
}

/// Share of non-empty cells that must parse for a column to take a type;
/// the rest (`—`, `弃权`) are kept as text and sort last.
const INFER_SHARE: f64 = 0.8;

/// Headers that name a person, in the tables villages publish.
const NAME_HEADERS: &[&str] = &["姓名", "名字", "name", "候选人", "户主", "当选人"];

impl ColumnType {
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::Text => "text",
            ColumnType::Name => "name",
            ColumnType::Number => "number",
            ColumnType::Date => "date",
            ColumnType::Bool => "bool",
        }
    }

    /// The names an editor writes in `types="…"`, English or Chinese.
    pub fn parse(name: &str) -> Option<ColumnType> {
        Some(match name.trim() {
            "text" | "文字" | "文本" => ColumnType::Text,
            "name" | "姓名" | "人名" => ColumnType::Name,
            "number" | "数字" | "数值" => ColumnType::Number,
            "date" | "日期" => ColumnType::Date,
            "bool" | "是否" => ColumnType::Bool,
            _ => return None,
        })
    }

    pub const NAMES: &'static str = "text、name、number、date、bool";

    /// Whether `text` reads as a value of this type.
    pub fn accepts(self, text: &str) -> bool {
        match self {
            ColumnType::Text | ColumnType::Name => true,
            ColumnType::Number => !is_identifier(text) && parse_number(text).is_some(),
            ColumnType::Date => parse_date(text).is_some(),
            ColumnType::Bool => parse_bool(text).is_some(),
        }
    }

    /// The type a column's header and cells suggest. Dates are tried before
    /// numbers (`2021.8` is a month, not 2021.8 of something), and a column
    /// with no cells is text.
    pub fn infer<'a>(header: &str, cells: impl Iterator<Item = &'a str> + Clone) -> ColumnType {
        let header_folded = header.trim().to_lowercase();
        if NAME_HEADERS
            .iter()
            .any(|h| header_folded == *h || header_folded.ends_with("姓名"))
        {
            return ColumnType::Name;
        }
        let filled = cells.clone().filter(|c| !c.trim().is_empty()).count();
        if filled == 0 {
            return ColumnType::Text;
        }
        let share = |t: ColumnType| {
            cells
                .clone()
                .filter(|c| !c.trim().is_empty() && t.accepts(c))
                .count() as f64
                / filled as f64
        };
        [ColumnType::Date, ColumnType::Number, ColumnType::Bool]
            .into_iter()
            .find(|t| share(*t) >= INFER_SHARE)
            .unwrap_or(ColumnType::Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer(header: &str, cells: &[&str]) -> ColumnType {
        ColumnType::infer(header, cells.iter().copied())
    }

    #[test]
    fn types_are_inferred_from_cells_and_headers() {
        assert_eq!(infer("得票", &["1,201", "98", "1.1万"]), ColumnType::Number);
        assert_eq!(
            infer("得票", &["1201", "98", "98", "98", "弃权"]),
            ColumnType::Number
        );
        assert_eq!(infer("得票", &["1201", "弃权"]), ColumnType::Text);
        assert_eq!(
            infer("日期", &["2021-08-20", "2021年9月"]),
            ColumnType::Date
        );
        assert_eq!(infer("当选", &["是", "否", ""]), ColumnType::Bool);
        assert_eq!(infer("姓名", &["张三"]), ColumnType::Name);
        assert_eq!(infer("Name", &["Li"]), ColumnType::Name);
        assert_eq!(infer("候选人姓名", &["张三"]), ColumnType::Name);
        assert_eq!(infer("备注", &["", " "]), ColumnType::Text);
        assert_eq!(infer("职务", &["主任", "委员"]), ColumnType::Text);
        assert_eq!(infer("编号", &["0591", "0592"]), ColumnType::Text);
        assert_eq!(infer("证件号", &["350102199001011234"]), ColumnType::Text);
    }

    #[test]
    fn editor_names_parse_both_ways() {
        for t in [
            ColumnType::Text,
            ColumnType::Name,
            ColumnType::Number,
            ColumnType::Date,
            ColumnType::Bool,
        ] {
            assert_eq!(ColumnType::parse(t.as_str()), Some(t));
        }
        assert_eq!(ColumnType::parse("数字"), Some(ColumnType::Number));
        assert_eq!(ColumnType::parse("money"), None);
    }
}
