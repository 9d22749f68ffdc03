//! Excel workbooks (`.xlsx`): the first sheet, or the one `sheet="…"` names.
//!
//! A workbook is a zip of XML, and a few hundred KB of zip can unpack to
//! gigabytes declaring millions of cells (a zip bomb: 300 KB holding ten
//! million cells took 18 s and 870 MB in a release build, over a minute
//! in debug). So before calamine reads
//! anything, what the zip unpacks to is held to `max_file_size`; the sheet
//! is then read one cell at a time, refused as soon as the range it declares
//! or the cells it holds go past the table limits ([`MAX_COLUMNS`],
//! [`MAX_CELLS`]), and laid out as rows only once it is known to fit.

use super::{check_header, column_letters, DataSheet, Origin, MAX_CELLS, MAX_COLUMNS};
use crate::diagnostics::{text, Code, Diagnostic, Location, Text};
use crate::load::limits::{human_bytes, too_large};
use calamine::{Data, Dimensions, Reader, Xlsx, XlsxError};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;

/// The non-empty cells of a sheet: by 0-based row, each with its 0-based
/// column.
type Cells = BTreeMap<u32, Vec<(u32, String)>>;

/// Reads sheet `sheet` (or the first) of the workbook `bytes`, read from
/// `file`; `limit` is `max_file_size`, which its unpacked XML may not pass.
pub fn parse(
    bytes: &[u8],
    file: &Path,
    sheet: Option<&str>,
    limit: u64,
) -> Result<DataSheet, Diagnostic> {
    let invalid =
        |message: Text| Diagnostic::new(Code::DataFileInvalid, Location::file(file), message);
    check_unpacked_size(bytes, file, limit)?;
    check_references(bytes, file)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        invalid(text!(
            zh: "无法作为 Excel（.xlsx）文件读取：{e}",
            en: "cannot be read as an Excel (.xlsx) file: {e}"
        ))
    })?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted.trim())
            .cloned()
            .ok_or_else(|| {
                let quoted: Vec<String> = names.iter().map(|n| format!("“{n}”")).collect();
                invalid(Text::new(
                    format!(
                        "工作簿中没有名为 “{wanted}” 的工作表（有：{}）",
                        names.join("、")
                    ),
                    format!(
                        "the workbook has no sheet named “{wanted}” (it has {})",
                        quoted.join(", ")
                    ),
                ))
            })?,
        None => names.first().cloned().ok_or_else(|| {
            invalid(text!(
                zh: "工作簿中没有工作表",
                en: "the workbook has no sheets"
            ))
        })?,
    };
    let cells = read_cells(&mut workbook, &name, file, MAX_CELLS)?;
    let columns = || cells.values().flatten().map(|(column, _)| *column);
    let (Some(first_column), Some(last_column), Some(&first_row), Some(&last_row)) = (
        columns().min(),
        columns().max(),
        cells.keys().next(),
        cells.keys().next_back(),
    ) else {
        return Err(invalid(empty_sheet(&name)));
    };
    // The table runs from the leftmost to the rightmost column holding
    // something, over the rows holding something: check it fits before
    // laying it out, since a few cells far apart span millions.
    let width = last_column - first_column + 1;
    if let Some(words) = over_limits(cells.len() as u64, u64::from(width)) {
        let span = Dimensions::new((first_row, first_column), (last_row, last_column));
        let span = range_name(span);
        return Err(limit_exceeded(
            Location::file(file),
            Text::new(
                format!(
                    "工作表“{name}”的表格在 {span} 之间，有 {} 行不是空的、{width} 列，{}",
                    cells.len(),
                    words.zh()
                ),
                format!(
                    "the table of the sheet “{name}” spans {span}, with {} rows that are not empty and {width} columns: {}",
                    cells.len(),
                    words.en()
                ),
            ),
        ));
    }
    let mut rows = cells.into_iter().map(|(row, row_cells)| {
        let mut texts = vec![String::new(); width as usize];
        for (column, text) in row_cells {
            texts[(column - first_column) as usize] = text;
        }
        (row + 1, texts)
    });
    let Some((header_row, header)) = rows.next() else {
        return Err(invalid(empty_sheet(&name)));
    };
    let (row_numbers, rows) = rows.unzip();
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

/// A sheet with nothing in it.
fn empty_sheet(name: &str) -> Text {
    text!(zh: "工作表 “{name}” 是空的", en: "the sheet “{name}” is empty")
}

/// A workbook that may be damaged.
fn resave_help() -> Text {
    text!(
        zh: "文件可能已损坏：请用 Excel 打开后另存为 .xlsx，或另存为 CSV UTF-8",
        en: "the file may be damaged: open it in Excel and save it again as .xlsx, or as CSV UTF-8"
    )
}

/// Refuses a workbook whose parts unpack to more than `limit` bytes. The
/// sizes the zip declares are added up first, unpacking nothing; a zip can
/// lie about them, so every part is then unpacked once into nothing,
/// counting, and never past the limit. Bytes that are not a zip are left to
/// calamine, which says what they are (a password-protected workbook, say).
fn check_unpacked_size(bytes: &[u8], file: &Path, limit: u64) -> Result<(), Diagnostic> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let declared = (0..zip.len())
        .filter_map(|i| zip.by_index_raw(i).ok().map(|part| part.size()))
        .fold(0u64, u64::saturating_add);
    if declared > limit {
        return Err(too_large(
            Location::file(file),
            &text!(zh: "这个 Excel 文件解压后", en: "unpacked, this Excel file"),
            declared,
            limit,
        ));
    }
    let mut left = limit;
    for i in 0..zip.len() {
        // A part that cannot be unpacked (or not to the end): calamine
        // reports it if it needs it.
        let Ok(part) = zip.by_index(i) else { continue };
        let unpacked = std::io::copy(&mut part.take(left.saturating_add(1)), &mut std::io::sink())
            .unwrap_or(0);
        if unpacked > left {
            return Err(Diagnostic::new(
                Code::FileTooLarge,
                Location::file(file),
                human_bytes(limit).wrap(
                    |limit| format!("这个 Excel 文件解压后超过了 max_file_size 允许的 {limit}，比文件里记录的大小更大，没有读取"),
                    |limit| format!("unpacked, this Excel file is more than the {limit} max_file_size allows, and larger than the file itself records: not read"),
                ),
            )
            .with_help(resave_help()));
        }
        left -= unpacked;
    }
    Ok(())
}

/// Refuses a workbook whose worksheets name a cell Excel cannot have (past
/// XFD1048576, row 0) or a range that ends before it starts
/// (`<dimension ref="B8:G4">`). calamine (still in 0.38) adds a cell name
/// up in `u32` unchecked and takes a range's size as end − start: a panic
/// where overflow is checked (debug builds, the fuzzer), cells in the wrong
/// place in a release build. Found by the `data_xlsx` fuzz target. The
/// parts were already held to `max_file_size` by [`check_unpacked_size`].
fn check_references(bytes: &[u8], file: &Path) -> Result<(), Diagnostic> {
    // Not a zip: calamine says so, in its words.
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(mut part) = zip.by_index(i) else {
            continue;
        };
        if !(part.name().starts_with("xl/worksheets/") && part.name().ends_with(".xml")) {
            continue;
        }
        let mut xml = Vec::new();
        if part.read_to_end(&mut xml).is_err() {
            continue;
        }
        if let Some(reference) = bad_reference(&xml) {
            return Err(Diagnostic::new(
                Code::DataFileInvalid,
                Location::file(file),
                text!(
                    zh: "工作表中的单元格位置 “{reference}” 不是 Excel 的位置（A1 到 XFD1048576），没有读取",
                    en: "the cell position “{reference}” in a sheet is not one Excel has (A1 to XFD1048576): not read"
                ),
            )
            .with_help(resave_help()));
        }
    }
    Ok(())
}

/// The first cell name (`<c r>`) or range (`<dimension ref>`) of a sheet's
/// XML that is not a real one. Malformed XML is left to calamine to report.
fn bad_reference(xml: &[u8]) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        let bad = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let wanted: &[u8] = match e.local_name().as_ref() {
                    b"dimension" => b"ref",
                    b"c" => b"r",
                    _ => b"",
                };
                e.attributes()
                    .flatten()
                    .find(|a| !wanted.is_empty() && a.key.local_name().as_ref() == wanted)
                    .filter(|a| !is_real_reference(&a.value))
                    .map(|a| String::from_utf8_lossy(&a.value).into_owned())
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => None,
        };
        if bad.is_some() {
            return bad;
        }
        buf.clear();
    }
}

/// `B2`, or a range `A1:D9` that does not end before it starts.
fn is_real_reference(value: &[u8]) -> bool {
    let cells: Vec<_> = value.split(|&b| b == b':').map(cell_position).collect();
    match cells[..] {
        [Some(_)] => true,
        [Some((row, column)), Some((end_row, end_column))] => {
            end_row >= row && end_column >= column
        }
        _ => false,
    }
}

/// `B2` → (2, 2): the row and column of a cell named as Excel names it,
/// within XFD1048576.
fn cell_position(name: &[u8]) -> Option<(u32, u32)> {
    let letters = name.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (column, row) = name.split_at(letters);
    if !(1..=3).contains(&column.len())
        || !(1..=7).contains(&row.len())
        || !row.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let column = column.iter().fold(0, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row = row.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0'));
    ((1..=1_048_576).contains(&row) && column <= 16_384).then_some((row, column))
}

/// The non-empty cells of sheet `name`, read one at a time and refused
/// (GS005) as soon as the range the sheet declares goes past the table
/// limits, or its cells number more than `max_cells` ([`MAX_CELLS`]; fewer
/// in tests): a bomb is never laid out.
fn read_cells(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    file: &Path,
    max_cells: usize,
) -> Result<Cells, Diagnostic> {
    let unreadable = |e: XlsxError| {
        Diagnostic::new(
            Code::DataFileInvalid,
            Location::file(file),
            text!(
                zh: "工作表 “{name}” 无法读取：{e}",
                en: "the sheet “{name}” cannot be read: {e}"
            ),
        )
    };
    let mut reader = match workbook.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        // A chart sheet: no cells.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Cells::new()),
        Err(e) => return Err(unreadable(e)),
    };
    // `<dimension ref="A1:XFD1048576">`: what the sheet says it spans.
    let declared = reader.dimensions();
    let rows = u64::from(declared.end.0.saturating_sub(declared.start.0)) + 1;
    let columns = u64::from(declared.end.1.saturating_sub(declared.start.1)) + 1;
    if let Some(words) = over_limits(rows, columns) {
        let range = range_name(declared);
        return Err(limit_exceeded(
            Location::file(file),
            Text::new(
                format!(
                    "工作表“{name}”的范围是 {range}，有 {rows} 行 {columns} 列，{}",
                    words.zh()
                ),
                format!(
                    "the sheet “{name}” spans {range}, {rows} rows by {columns} columns: {}",
                    words.en()
                ),
            ),
        ));
    }
    let mut cells = Cells::new();
    let mut count = 0;
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        let place = || format!("{}{}", column_letters(column as usize), row + 1);
        let text = cell_text(&Data::from(cell.get_value().clone())).map_err(|error| {
            Diagnostic::new(
                Code::DataFileInvalid,
                Location::new(file, row as usize + 1, column as usize + 1),
                text!(
                    zh: "工作表 “{name}” 的 {} 单元格是错误值 {error}，请在 Excel 中改正公式",
                    en: "cell {} of the sheet “{name}” holds the error value {error}: correct the formula in Excel",
                    place()
                ),
            )
        })?;
        if text.is_empty() {
            continue;
        }
        count += 1;
        if count > max_cells {
            return Err(limit_exceeded(
                Location::new(file, row as usize + 1, column as usize + 1),
                text!(
                    zh: "工作表“{name}”中不是空的格子超过了 {max_cells} 个（到 {} 为止）",
                    en: "the sheet “{name}” has more than {max_cells} cells that are not empty (counting up to {})",
                    place()
                ),
            ));
        }
        cells.entry(row).or_default().push((column, text));
    }
    Ok(cells)
}

/// What a table of `rows` by `columns` cells goes past, if anything.
fn over_limits(rows: u64, columns: u64) -> Option<Text> {
    if columns > MAX_COLUMNS as u64 {
        Some(text!(
            zh: "超过了 {MAX_COLUMNS} 列",
            en: "more than {MAX_COLUMNS} columns"
        ))
    } else if rows.saturating_mul(columns) > MAX_CELLS as u64 {
        Some(text!(
            zh: "超过了 {MAX_CELLS} 个格子",
            en: "more than {MAX_CELLS} cells"
        ))
    } else {
        None
    }
}

/// The error for a sheet past the table limits, found before reading it all.
fn limit_exceeded(location: Location, message: Text) -> Diagnostic {
    Diagnostic::new(
        Code::LimitExceeded,
        location,
        message.wrap(
            |message| format!("{message}，没有读取"),
            |message| format!("{message}; not read"),
        ),
    )
    .with_help(text!(
        zh: "在 Excel 中删掉表格以外多余的行和列（选中后“删除”，不是“清除内容”）再保存；表格确实这么大时，请拆成几个表格",
        en: "in Excel, delete the extra rows and columns around the table (select them and “Delete”, not “Clear Contents”) and save; if the table really is this large, split it into several tables"
    ))
}

/// `A1:XFD1048576`: a range as Excel names it.
fn range_name(range: Dimensions) -> String {
    let cell =
        |(row, column): (u32, u32)| format!("{}{}", column_letters(column as usize), row + 1);
    format!("{}:{}", cell(range.start), cell(range.end))
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

    /// The default `max_file_size`.
    const LIMIT: u64 = crate::config::DEFAULT_MAX_FILE_BYTES;

    fn workbook(build: impl FnOnce(&mut Workbook)) -> Vec<u8> {
        let mut book = Workbook::new();
        build(&mut book);
        book.save_to_buffer().unwrap()
    }

    /// A workbook of one sheet, 表1, of `range` (`<dimension ref>`) and
    /// `rows` (the XML inside `<sheetData>`), written by hand as a bomb
    /// would be.
    fn hand_made(range: &str, rows: &str) -> Vec<u8> {
        use std::io::Write;
        let main = "http://schemas.openxmlformats.org";
        let parts = [
            (
                "xl/workbook.xml",
                format!(
                    r#"<workbook xmlns="{main}/spreadsheetml/2006/main" xmlns:r="{main}/officeDocument/2006/relationships"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
                ),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                format!(
                    r#"<Relationships xmlns="{main}/package/2006/relationships"><Relationship Id="rId1" Type="{main}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
                ),
            ),
            (
                "xl/worksheets/sheet1.xml",
                format!(
                    r#"<worksheet xmlns="{main}/spreadsheetml/2006/main"><dimension ref="{range}"/><sheetData>{rows}</sheetData></worksheet>"#
                ),
            ),
        ];
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn cell_names_calamine_would_overflow_on_are_refused() {
        let row = |r: &str| format!(r#"<row><c r="{r}"><v>1</v></c></row>"#);
        for (range, rows) in [
            ("A1:KKKKKKKK1", row("A1")),
            ("B8:G4", row("B8")),
            ("A1:B2", row("A99999999999")),
            ("A1:B2", row("A0")),
        ] {
            let e = parse(&hand_made(range, &rows), Path::new("a.xlsx"), None, LIMIT).unwrap_err();
            assert_eq!(e.code, Code::DataFileInvalid, "{range} {rows}");
            assert!(
                e.message.zh().contains("不是 Excel 的位置"),
                "{:?}",
                e.message
            );
        }
        assert!(is_real_reference(b"A1:XFD1048576"));
        assert!(!is_real_reference(b"A1:XFE1"));
    }

    #[test]
    fn hand_made_workbooks_read() {
        let rows = r#"<row><c t="inlineStr"><is><t>姓名</t></is></c><c t="inlineStr"><is><t>得票</t></is></c></row><row><c t="inlineStr"><is><t>张三</t></is></c><c><v>12</v></c></row>"#;
        let sheet = parse(&hand_made("A1:B2", rows), Path::new("a.xlsx"), None, LIMIT).unwrap();
        assert_eq!(sheet.header, ["姓名", "得票"]);
        assert_eq!(sheet.rows, [["张三", "12"]]);
    }

    #[test]
    fn a_declared_range_past_the_limits_is_refused_unread() {
        let row = r#"<row><c><v>1</v></c></row>"#;
        for (range, words) in [
            ("A1:XFD1048576", "1000 列"),
            ("A1:J100001", "1000000 个格子"),
        ] {
            let e = parse(&hand_made(range, row), Path::new("a.xlsx"), None, LIMIT).unwrap_err();
            assert_eq!(e.code, Code::LimitExceeded);
            assert_eq!(e.location.file, Path::new("a.xlsx"));
            assert!(
                e.message.zh().contains(range) && e.message.zh().contains(words),
                "{:?}",
                e.message
            );
        }
    }

    #[test]
    fn cells_far_apart_are_refused_before_they_are_laid_out() {
        // Two cells, declared as one: laid out, 1,048,576 rows by 16,384
        // columns.
        let rows = r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"#;
        let e = parse(&hand_made("A1", rows), Path::new("a.xlsx"), None, LIMIT).unwrap_err();
        assert_eq!(e.code, Code::LimitExceeded);
        assert!(e.message.zh().contains("A1:XFD1048576"), "{:?}", e.message);
        // Two rows far apart are two rows.
        let rows = r#"<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>3</v></c></row><row r="1048576"><c r="B1048576"><v>2</v></c></row>"#;
        let sheet = parse(&hand_made("A1", rows), Path::new("a.xlsx"), None, LIMIT).unwrap();
        assert_eq!(sheet.header, ["1", "3"]);
        assert_eq!(sheet.rows, [["", "2"]]);
        assert_eq!(
            sheet
                .locate(CellRef {
                    row: Some(0),
                    column: 1
                })
                .0
                .line,
            1048576
        );
    }

    #[test]
    fn more_cells_than_the_limit_are_refused_while_reading() {
        // Eleven cells in a sheet that declares one, ten allowed.
        let rows = format!("<row>{}</row>", "<c><v>1</v></c>".repeat(11));
        let bytes = hand_made("A1", &rows);
        let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(&bytes[..])).unwrap();
        let e = read_cells(&mut workbook, "表1", Path::new("a.xlsx"), 10).unwrap_err();
        assert_eq!(e.code, Code::LimitExceeded);
        assert_eq!((e.location.line, e.location.column), (1, 11));
        assert!(
            e.message.zh().contains("超过了 10 个（到 K1 为止）"),
            "{:?}",
            e.message
        );
        let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(&bytes[..])).unwrap();
        assert_eq!(
            read_cells(&mut workbook, "表1", Path::new("a.xlsx"), 11).unwrap()[&0].len(),
            11
        );
    }

    #[test]
    fn workbooks_that_unpack_past_max_file_size_are_refused() {
        let padding = " ".repeat(64 << 10);
        let bytes = hand_made("A1", &format!("{padding}<row><c><v>1</v></c></row>"));
        assert!(bytes.len() < 16 << 10, "{} bytes", bytes.len());
        assert!(parse(&bytes, Path::new("a.xlsx"), None, 1 << 20).is_ok());
        let e = parse(&bytes, Path::new("a.xlsx"), None, 32 << 10).unwrap_err();
        assert_eq!(e.code, Code::FileTooLarge);
        assert!(e.message.zh().contains("解压后有 64"), "{:?}", e.message);
        // The zip lies: every size it declares is 1 byte.
        let mut lying = bytes.clone();
        let directory = lying.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        let mut at = directory;
        while lying[at..].starts_with(b"PK\x01\x02") {
            lying[at + 24..at + 28].copy_from_slice(&1u32.to_le_bytes());
            let lengths =
                |i: usize| u16::from_le_bytes([lying[at + i], lying[at + i + 1]]) as usize;
            at += 46 + lengths(28) + lengths(30) + lengths(32);
        }
        let e = parse(&lying, Path::new("a.xlsx"), None, 32 << 10).unwrap_err();
        assert_eq!(e.code, Code::FileTooLarge);
        assert!(
            e.message.zh().contains("比文件里记录的大小更大"),
            "{:?}",
            e.message
        );
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
        let first = parse(&bytes, Path::new("a.xlsx"), None, LIMIT).unwrap();
        assert_eq!(first.header, ["见下一页"]);
        let sheet = parse(&bytes, Path::new("a.xlsx"), Some("结果"), LIMIT).unwrap();
        assert_eq!(sheet.header, ["姓名", "得票", "当选", "日期", "比例"]);
        assert_eq!(sheet.rows, [["曾国藩", "1201", "是", "2021-08-20", "0.3"]]);
        let (location, words) = sheet.locate(CellRef {
            row: Some(0),
            column: 1,
        });
        assert_eq!(location.line, 3);
        assert_eq!(words.zh(), "工作表“结果”的 C3 单元格“得票”");
        assert_eq!(words.en(), "cell C3 “得票” of the sheet “结果”");
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
        let e = parse(&bytes, Path::new("a.xlsx"), Some("乙"), LIMIT).unwrap_err();
        assert!(
            e.message.zh().contains("乙") && e.message.zh().contains("甲"),
            "{:?}",
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
        let e = parse(&bytes, Path::new("a.xlsx"), None, LIMIT).unwrap_err();
        assert!(
            e.message.zh().contains("B2") && e.message.zh().contains("#DIV/0!"),
            "{:?}",
            e.message
        );
    }

    #[test]
    fn not_a_workbook() {
        let e = parse(b"PK\x03\x04garbage", Path::new("a.xlsx"), None, LIMIT).unwrap_err();
        assert_eq!(e.code, Code::DataFileInvalid);
    }
}
