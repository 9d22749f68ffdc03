//! Data tables: a data file (`{{ table(src=…) }}`) or a Markdown pipe table
//! → a typed table, published three ways: a real `<table>` in the page
//! (readable without scripts), and `.csv` and `.json` downloads beside the
//! page, the JSON carrying the sort ranks the table widget uses.

mod export;
pub use export::FORMAT as JSON_FORMAT;
mod html;

use crate::data::{collate, CellRef, DataSheet};
use crate::diagnostics::{text, Code, Diagnostic, Location, Text};
use gongshi_widgets::table::keys::{parse_bool, parse_date, parse_number};
use gongshi_widgets::table::{rank, total, ColumnType, Key};

/// Above this many rows, the page shows only the first [`HTML_ROWS`] and
/// the widget loads the rest from the JSON: a voter list of thousands of
/// names would otherwise make the page too heavy for a cheap phone.
pub const LARGE_TABLE_ROWS: usize = 500;
pub const HTML_ROWS: usize = 100;

/// What an editor asks of a table, beyond its data.
#[derive(Debug, Default)]
pub struct TableOptions {
    pub caption: Option<String>,
    /// Add a row of totals of the number columns.
    pub totals: bool,
    /// `types="姓名:name,得票:number"` as written.
    pub types: Option<String>,
}

/// A file published beside the notice page.
#[derive(Debug)]
pub struct Download {
    /// File name, relative to the page's folder.
    pub name: String,
    pub bytes: Vec<u8>,
    /// The data file it was made from (the notice, for a pipe table).
    pub source: std::path::PathBuf,
}

/// A table as the page shows it, the text search indexes, its downloads,
/// and warnings about its data.
#[derive(Debug, Default)]
pub struct RenderedTable {
    pub html: String,
    pub text: String,
    pub downloads: Vec<Download>,
    pub warnings: Vec<Diagnostic>,
}

/// First cells of a last row that totals the rows above it.
const TOTAL_LABELS: &[&str] = &["合计", "总计", "共计", "总数"];

/// A column with its type and everything computed from its cells.
struct Column {
    name: String,
    kind: ColumnType,
    /// Dense rank of each row's key, [`rank::NO_KEY`] for none.
    ranks: Vec<u32>,
    /// Name columns: pinyin initials of each row.
    initials: Option<Vec<String>>,
    /// Number columns: each row's value, for totals.
    values: Option<Vec<Option<f64>>>,
    /// Number columns: decimal places the cells are written with.
    decimals: u8,
    /// When totals were asked for: the formatted sum.
    total: Option<String>,
}

/// A typed table ready to be written out.
struct Table<'a> {
    /// Page-unique, e.g. `t-2021-xuanju-jieguo`.
    id: String,
    /// Download file stem, e.g. `2021-xuanju-jieguo`.
    stem: String,
    caption: Option<String>,
    sheet: &'a DataSheet,
    /// The data rows: the sheet's rows without a totals row it ends with.
    rows: &'a [Vec<String>],
    /// For pipe tables: each cell's inline HTML (links, emphasis), already
    /// sanitized; data files have plain text cells.
    cell_html: Option<&'a [Vec<String>]>,
    columns: Vec<Column>,
}

/// Renders a table. `stem` names its downloads and id (unique in the
/// notice); `cell_html` is given for pipe tables; `at` is where the table
/// stands in the notice, for errors about its options.
pub fn render(
    sheet: &DataSheet,
    stem: &str,
    options: &TableOptions,
    cell_html: Option<&[Vec<String>]>,
    at: &Location,
) -> Result<RenderedTable, Diagnostic> {
    let overrides = parse_types(options.types.as_deref(), sheet, at)?;
    let given_totals = sheet.rows.last().filter(|row| {
        let first = row[0].replace(['*', ' ', '\u{3000}'], "");
        sheet.rows.len() > 1 && TOTAL_LABELS.contains(&first.as_str())
    });
    let rows = &sheet.rows[..sheet.rows.len() - usize::from(given_totals.is_some())];
    let columns: Vec<Column> = (0..sheet.header.len())
        .map(|c| {
            let kind = overrides
                .iter()
                .find(|(column, _)| *column == c)
                .map(|(_, kind)| *kind)
                .unwrap_or_else(|| {
                    ColumnType::infer(&sheet.header[c], rows.iter().map(|r| r[c].as_str()))
                });
            column(
                &sheet.header[c],
                rows,
                c,
                kind,
                options.totals || given_totals.is_some(),
            )
        })
        .collect();
    let warnings = given_totals
        .map(|given| totals_mismatches(sheet, given, &columns))
        .unwrap_or_default();
    let table = Table {
        id: format!("t-{}", crate::slug::slugify(stem)),
        stem: stem.to_string(),
        caption: options.caption.clone(),
        sheet,
        rows,
        cell_html,
        columns,
    };
    let mut text = options
        .caption
        .as_ref()
        .map(|c| format!("{c}\n"))
        .unwrap_or_default();
    for row in std::iter::once(&sheet.header).chain(rows) {
        text.push_str(&row.join(" "));
        text.push('\n');
    }
    Ok(RenderedTable {
        html: html::render(&table),
        text,
        downloads: vec![
            Download {
                name: format!("{stem}.csv"),
                bytes: export::csv(&table).into_bytes(),
                source: sheet.file.clone(),
            },
            Download {
                name: format!("{stem}.json"),
                bytes: export::json(&table),
                source: sheet.file.clone(),
            },
        ],
        warnings,
    })
}

/// A totals row the editor wrote is replaced by computed totals; where
/// the two differ, the editor hears about it: a published sum that does
/// not add up is exactly what residents query.
fn totals_mismatches(sheet: &DataSheet, given: &[String], columns: &[Column]) -> Vec<Diagnostic> {
    let row = sheet.rows.len() - 1;
    columns
        .iter()
        .enumerate()
        .filter_map(|(c, column)| {
            column.total.as_ref()?;
            let computed = column.values.as_ref()?.iter().flatten().sum::<f64>();
            let written = &given[c];
            let written_value = parse_number(written.trim_matches('*'));
            if written_value.is_some_and(|w| (w - computed).abs() < 0.005) || written.is_empty() {
                return None;
            }
            let (location, place) = sheet.locate(CellRef {
                row: Some(row),
                column: c,
            });
            Some(Diagnostic::new(
                Code::TotalMismatch,
                location,
                {
                    let sum = column.total.as_deref().unwrap_or_default();
                    Text::new(
                        format!(
                            "合计行的{}写的是 “{written}”，但上面各行相加是 {sum}；页面上显示的是相加的结果",
                            place.zh()
                        ),
                        format!(
                            "the total row has “{written}” at {}, but the rows above add up to {sum}; the page shows the sum",
                            place.en()
                        ),
                    )
                },
            ))
        })
        .collect()
}

/// `姓名:name,得票:number` → (column index, type) pairs.
fn parse_types(
    types: Option<&str>,
    sheet: &DataSheet,
    at: &Location,
) -> Result<Vec<(usize, ColumnType)>, Diagnostic> {
    let Some(types) = types else {
        return Ok(Vec::new());
    };
    let invalid = |message: Text| Diagnostic::new(Code::ShortcodeInvalid, at.clone(), message);
    types
        .split([',', '，'])
        .filter(|pair| !pair.trim().is_empty())
        .map(|pair| {
            let (name, kind) = pair.split_once([':', '：']).ok_or_else(|| {
                invalid(text!(
                    zh: "types 中的 “{pair}” 应写成 列名:类型，例如 得票:number",
                    en: "“{pair}” in types should be written column:type, such as `得票:number`"
                ))
            })?;
            let column = sheet.column(name).ok_or_else(|| {
                let columns = sheet.column_list();
                invalid(Text::new(
                    format!(
                        "types 中的列 “{}” 不在表头中（表头：{}）",
                        name.trim(),
                        columns.zh()
                    ),
                    format!(
                        "the column “{}” of types is not in the header (the header: {})",
                        name.trim(),
                        columns.en()
                    ),
                ))
            })?;
            let kind = ColumnType::parse(kind).ok_or_else(|| {
                invalid(text!(
                    zh: "types 中的类型 “{}” 不认识（可用：{}）",
                    en: "unknown type “{}” in types (the types are: {})",
                    kind.trim(),
                    ColumnType::NAMES.replace('、', ", ")
                ))
            })?;
            Ok((column, kind))
        })
        .collect()
}

fn column(name: &str, rows: &[Vec<String>], c: usize, kind: ColumnType, totals: bool) -> Column {
    let cells = || rows.iter().map(move |r| r[c].as_str());
    let keys: Vec<Option<Key>> = cells().map(|cell| key(cell, kind)).collect();
    let values: Option<Vec<Option<f64>>> =
        (kind == ColumnType::Number).then(|| cells().map(parse_number).collect());
    let decimals = if kind == ColumnType::Number {
        cells()
            .filter(|cell| parse_number(cell).is_some())
            .map(total::decimals)
            .max()
            .unwrap_or(0)
    } else {
        0
    };
    let total = values
        .as_ref()
        .filter(|_| totals && !is_ordinal(name))
        .map(|v| total::format(v.iter().flatten().sum(), decimals));
    Column {
        name: name.to_string(),
        kind,
        ranks: rank::ranks(&keys),
        initials: (kind == ColumnType::Name).then(|| cells().map(collate::name_initials).collect()),
        values,
        decimals,
        total,
    }
}

/// A column that numbers the rows (序号): a number, but never summed.
fn is_ordinal(header: &str) -> bool {
    let header = header.trim().to_lowercase();
    ["序号", "编号", "序", "#", "no", "no.", "id"].contains(&header.as_str())
}

/// A cell's sort key under its column's type; `None` (sorts last) for an
/// empty cell or one that is not of the type.
fn key(cell: &str, kind: ColumnType) -> Option<Key> {
    if cell.trim().is_empty() {
        return None;
    }
    match kind {
        ColumnType::Text => Some(Key::Text(collate::text_key(cell))),
        ColumnType::Name => Some(Key::Text(collate::name_key(cell))),
        ColumnType::Number => parse_number(cell).map(Key::Number),
        ColumnType::Date => parse_date(cell).map(Key::Date),
        ColumnType::Bool => parse_bool(cell).map(Key::Bool),
    }
}
