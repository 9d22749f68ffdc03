//! Excel workbooks (`.xlsx`): the first sheet, or the one `sheet="…"` names.

use super::{check_header, DataSheet, Origin};
use crate::diagnostics::{Code, Diagnostic, Location};
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;
use std::path::Path;

pub fn parse(bytes: &[u8], file: &Path, sheet: Option<&str>) -> Result<DataSheet, Diagnostic> {
    let invalid =
        |message: String| Diagnostic::new(Code::DataFileInvalid, Location::file(file), message);
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| invalid(format!("无法作为 Excel（.xlsx）文件读取：{e}")))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted.trim())
            .cloned()
            .ok_or_else(|| {
                invalid(format!(
                    "工作簿中没有名为 “{wanted}” 的工作表（有：{}）",
                    names.join("、")
                ))
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| invalid("工作簿中没有工作表".into()))?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| invalid(format!("工作表 “{name}” 无法读取：{e}")))?;
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut header = None;
    let mut rows = Vec::new();
    let mut row_numbers = Vec::new();
    for (offset, cells) in range.rows().enumerate() {
        let sheet_row = first_row + offset as u32 + 1;
        let mut texts = Vec::with_capacity(cells.len());
        for (column, cell) in cells.iter().enumerate() {
            texts.push(cell_text(cell).map_err(|error| {
                let place = format!(
                    "{}{sheet_row}",
                    super::column_letters(first_column as usize + column)
                );
                Diagnostic::new(
                    Code::DataFileInvalid,
                    Location::new(file, sheet_row as usize, first_column as usize + column + 1),
                    format!(
                        "工作表 “{name}” 的 {place} 单元格是错误值 {error}，请在 Excel 中改正公式"
                    ),
                )
            })?);
        }
        if texts.iter().all(String::is_empty) {
            continue;
        }
        if header.is_none() {
            header = Some((sheet_row, texts));
        } else {
            row_numbers.push(sheet_row);
            rows.push(texts);
        }
    }
    let Some((header_row, mut header)) = header else {
        return Err(invalid(format!("工作表 “{name}” 是空的")));
    };
    // A range is as wide as the rightmost cell ever touched; keep only the
    // columns that hold something.
    let width = std::iter::once(&header)
        .chain(&rows)
        .filter_map(|r| r.iter().rposition(|c| !c.is_empty()))
        .max()
        .map_or(0, |last| last + 1);
    header.truncate(width);
    for row in &mut rows {
        row.truncate(width);
    }
    let sheet = DataSheet {
        file: file.to_path_buf(),
        header,
        rows,
        origin: Origin::Sheet {
            name,
            header: header_row,
            rows: row_numbers,
            first_column,
        },
    };
    check_header(&sheet)?;
    Ok(sheet)
}

/// A cell as the reader sees it in Excel: whole numbers without `.0`,
/// dates as `YYYY-MM-DD` (with the time when it has one).
fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => (if *b { "是" } else { "否" }).to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if d.is_datetime() => {
                if t.time() == chrono::NaiveTime::MIN {
                    t.format("%Y-%m-%d").to_string()
                } else {
                    t.format("%Y-%m-%d %H:%M").to_string()
                }
            }
            _ => float_text(d.as_f64()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(e.to_string()),
    })
}

/// Excel stores every number as a double; show it as Excel's "General"
/// format would (no `.0`, no binary noise such as `0.30000000000000004`).
fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        let text = format!("{:.10}", f);
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::CellRef;
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

    fn workbook(build: impl FnOnce(&mut Workbook)) -> Vec<u8> {
        let mut book = Workbook::new();
        build(&mut book);
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn first_sheet_or_named_sheet_with_types() {
        let bytes = workbook(|book| {
            let first = book.add_worksheet().set_name("说明").unwrap();
            first.write(0, 0, "见下一页").unwrap();
            let data = book.add_worksheet().set_name("结果").unwrap();
            data.write_row(1, 1, ["姓名", "得票", "当选", "日期", "比例"])
                .unwrap();
            data.write(2, 1, "曾国藩").unwrap();
            data.write(2, 2, 1201).unwrap();
            data.write(2, 3, true).unwrap();
            let date = ExcelDateTime::from_ymd(2021, 8, 20).unwrap();
            data.write_datetime_with_format(
                2,
                4,
                &date,
                &Format::new().set_num_format("yyyy-mm-dd"),
            )
            .unwrap();
            data.write(2, 5, 0.1 + 0.2).unwrap();
        });
        let first = parse(&bytes, Path::new("a.xlsx"), None).unwrap();
        assert_eq!(first.header, ["见下一页"]);
        let sheet = parse(&bytes, Path::new("a.xlsx"), Some("结果")).unwrap();
        assert_eq!(sheet.header, ["姓名", "得票", "当选", "日期", "比例"]);
        assert_eq!(sheet.rows, [["曾国藩", "1201", "是", "2021-08-20", "0.3"]]);
        let (location, words) = sheet.locate(CellRef {
            row: Some(0),
            column: 1,
        });
        assert_eq!(location.line, 3);
        assert_eq!(words, "工作表“结果”的 C3 单元格“得票”");
    }

    #[test]
    fn missing_sheet_lists_the_sheets() {
        let bytes = workbook(|book| {
            book.add_worksheet()
                .set_name("甲")
                .unwrap()
                .write(0, 0, "a")
                .unwrap();
        });
        let e = parse(&bytes, Path::new("a.xlsx"), Some("乙")).unwrap_err();
        assert!(
            e.message.contains("乙") && e.message.contains("甲"),
            "{}",
            e.message
        );
    }

    #[test]
    fn error_cells_are_named() {
        let bytes = workbook(|book| {
            let s = book.add_worksheet();
            s.write_row(0, 0, ["姓名", "得票"]).unwrap();
            s.write(1, 0, "张三").unwrap();
            s.write_formula(1, 1, Formula::new("=1/0").set_result("#DIV/0!"))
                .unwrap();
        });
        let e = parse(&bytes, Path::new("a.xlsx"), None).unwrap_err();
        assert!(
            e.message.contains("B2") && e.message.contains("#DIV/0!"),
            "{}",
            e.message
        );
    }

    #[test]
    fn not_a_workbook() {
        let e = parse(b"PK\x03\x04garbage", Path::new("a.xlsx"), None).unwrap_err();
        assert_eq!(e.code, Code::DataFileInvalid);
    }
}
