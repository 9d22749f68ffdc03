//! CSV as editors save it: UTF-8 (with or without BOM), GBK/GB18030 (what
//! Excel on Chinese Windows writes for "CSV"), or UTF-16 with BOM (Excel's
//! "Unicode text", tab-separated).

use super::{check_header, empty_header, DataSheet, Origin};
use crate::diagnostics::{text, Code, Diagnostic, Location};
use std::borrow::Cow;
use std::path::Path;

pub fn parse(bytes: &[u8], file: &Path) -> Result<DataSheet, Diagnostic> {
    let text = decode(bytes, file)?;
    let delimiter = sniff_delimiter(&text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut lines = Vec::new();
    let mut rows = Vec::new();
    let mut record = ::csv::StringRecord::new();
    let mut counter = LineCounter::new(&text);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(1, |p| counter.line_at(p));
                let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
                // Excel writes a line of bare commas for an empty row.
                if cells.iter().all(String::is_empty) && !rows.is_empty() {
                    continue;
                }
                lines.push(line);
                rows.push(cells);
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| counter.line_at(p));
                let message = match e.kind() {
                    ::csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => text!(
                        zh: "数据文件第 {line} 行有 {len} 列，但表头有 {expected_len} 列；含逗号的内容要用英文双引号括起来",
                        en: "line {line} of the data file has {len} columns, but the header has {expected_len}; put a cell holding a comma in double quotes"
                    ),
                    _ => text!(
                        zh: "数据文件第 {line} 行无法读取：{e}",
                        en: "line {line} of the data file cannot be read: {e}"
                    ),
                };
                return Err(Diagnostic::new(
                    Code::DataFileInvalid,
                    Location::new(file, line, 1),
                    message,
                ));
            }
        }
    }
    if rows.is_empty() {
        return Err(Diagnostic::new(
            Code::DataFileInvalid,
            Location::new(file, 1, 1),
            empty_header(),
        ));
    }
    let header = rows.remove(0);
    let header_line = lines.remove(0);
    let sheet = DataSheet {
        file: file.to_path_buf(),
        header,
        rows,
        origin: Origin::Lines {
            header: header_line,
            rows: lines,
        },
    };
    check_header(&sheet)?;
    Ok(sheet)
}

/// Text of the file, whichever of the encodings editors use it is in.
fn decode<'a>(bytes: &'a [u8], file: &Path) -> Result<Cow<'a, str>, Diagnostic> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if !had_errors {
            return Ok(text);
        }
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    } else if let Some(text) =
        encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Ok(text);
    }
    // Neither UTF-8 nor GB18030: name the first line that is not UTF-8.
    let valid = match std::str::from_utf8(bytes) {
        Err(e) => e.valid_up_to(),
        Ok(_) => 0,
    };
    let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
    Err(Diagnostic::new(
        Code::DataFileInvalid,
        Location::new(file, line, 1),
        text!(
            zh: "数据文件第 {line} 行的编码无法识别（既不是 UTF-8，也不是 GBK）",
            en: "the encoding of line {line} of the data file is unknown (neither UTF-8 nor GBK)"
        ),
    )
    .with_help(text!(
        zh: "在 Excel 中选择“另存为 → CSV UTF-8（逗号分隔）”",
        en: "in Excel, choose “Save As → CSV UTF-8 (Comma delimited)”"
    )))
}

/// Lines of records from their byte offsets (which may stand before blank
/// lines the reader skipped; the reader's own line count does not count
/// blank lines). Records come in order, so counting goes on from the last
/// offset: linear in the file, not quadratic.
struct LineCounter<'t> {
    bytes: &'t [u8],
    offset: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, position: &::csv::Position) -> usize {
        let bytes = self.bytes;
        let mut offset = (position.byte() as usize).min(bytes.len());
        while offset < bytes.len() && matches!(bytes[offset], b'\n' | b'\r') {
            offset += 1;
        }
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += bytes[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

/// Comma, unless the header line has tabs or semicolons and no comma.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.contains(',') {
        b','
    } else if header.contains('\t') {
        b'\t'
    } else if header.contains(';') {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::CellRef;

    fn parse_str(bytes: &[u8]) -> Result<DataSheet, Diagnostic> {
        parse(bytes, Path::new("content/x.csv"))
    }

    #[test]
    fn utf8_with_and_without_bom() {
        for bytes in [&b"\xEF\xBB\xBF"[..], b""] {
            let mut data = bytes.to_vec();
            data.extend_from_slice("姓名,得票\n张三,\"1,201\"\r\n李四,98\n".as_bytes());
            let sheet = parse_str(&data).unwrap();
            assert_eq!(sheet.header, ["姓名", "得票"]);
            assert_eq!(sheet.rows, [["张三", "1,201"], ["李四", "98"]]);
        }
    }

    #[test]
    fn gbk_is_detected_and_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("姓名,得票\n曾国藩,1201\n单雄信,98\n");
        let sheet = parse_str(&bytes).unwrap();
        assert_eq!(sheet.rows[0][0], "曾国藩");
        assert_eq!(sheet.rows[1][0], "单雄信");
    }

    #[test]
    fn utf16_tab_separated_from_excel_unicode_text() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "姓名\t得票\r\n张三\t5\r\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let sheet = parse_str(&bytes).unwrap();
        assert_eq!(sheet.rows, [["张三", "5"]]);
    }

    #[test]
    fn ragged_row_names_its_line_and_counts() {
        let e = parse_str("a,b\n1,2\n\n3\n".as_bytes()).unwrap_err();
        assert_eq!(e.code, Code::DataFileInvalid);
        assert_eq!(e.location.line, 4);
        assert!(
            e.message.zh().contains("1 列") && e.message.zh().contains("2 列"),
            "{:?}",
            e.message
        );
    }

    #[test]
    fn unreadable_bytes_name_the_line() {
        let e = parse_str(b"a,b\n1,2\n\xFF\xFF\xFF,1\n").unwrap_err();
        assert_eq!(e.location.line, 3);
        assert!(e.help.is_some());
    }

    #[test]
    fn empty_and_bad_headers() {
        assert!(parse_str(b"").is_err());
        assert!(parse_str(b",\n1,2\n").is_err());
        let e = parse_str("姓名,\n张三,1\n".as_bytes()).unwrap_err();
        assert!(e.message.zh().contains("第 1 行第 2 列"), "{:?}", e.message);
        assert!(
            e.message.en().contains("line 1, column 2 is empty"),
            "{:?}",
            e.message
        );
        assert!(parse_str("姓名,姓名\n张三,李四\n".as_bytes())
            .unwrap_err()
            .message
            .zh()
            .contains("重复"));
    }

    #[test]
    fn cells_are_located_by_line() {
        let sheet = parse_str("姓名,得票\n张三,\"1\n2\"\n李四,3\n".as_bytes()).unwrap();
        let (location, words) = sheet.locate(CellRef {
            row: Some(1),
            column: 1,
        });
        assert_eq!(location.line, 4);
        assert_eq!(words.zh(), "第 4 行第 2 列“得票”");
        assert_eq!(words.en(), "line 4, column 2 “得票”");
    }
}
