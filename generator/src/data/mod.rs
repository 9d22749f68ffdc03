//! Data files beside a notice (`.csv`, `.xlsx`) → a [`DataSheet`]: a header
//! and rows of cell text, with where each row came from, so every later
//! error (a bad vote count, an unmasked ID number) can name its cell.

pub mod collate;
mod csv;
mod xlsx;

use crate::diagnostics::{list, relative_to, text, Code, Diagnostic, Location, Text};
use crate::load::safe_relative_path;
use std::path::{Path, PathBuf};

/// A table read from a data file. Every row has as many cells as the header.
#[derive(Debug, Clone)]
pub struct DataSheet {
    /// The file, relative to the site root (as diagnostics show it).
    pub file: PathBuf,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Where the header and each row stand in the file.
    origin: Origin,
}

#[derive(Debug, Clone)]
enum Origin {
    /// CSV: the line on which the header and each row start.
    Lines { header: usize, rows: Vec<usize> },
    /// XLSX: the sheet, and the 1-based sheet row of the header and of each
    /// row and the first column's 0-based index.
    Sheet {
        name: String,
        header: u32,
        rows: Vec<u32>,
        first_column: u32,
    },
}

/// A cell of a sheet: `row` indexes `rows`, or `None` for the header.
#[derive(Debug, Clone, Copy)]
pub struct CellRef {
    pub row: Option<usize>,
    pub column: usize,
}

impl DataSheet {
    /// A table written in a text file (a Markdown pipe table): `lines`
    /// are the lines of the header and of each row.
    pub fn from_lines(
        file: &Path,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        header_line: usize,
        row_lines: Vec<usize>,
    ) -> DataSheet {
        DataSheet {
            file: file.to_path_buf(),
            header,
            rows,
            origin: Origin::Lines {
                header: header_line,
                rows: row_lines,
            },
        }
    }

    /// A location for an error about one cell, and the words for where it is
    /// (`第 5 行第 2 列“得票”`, `line 5, column 2 “得票”`, or
    /// `工作表“结果”的 B5 单元格“得票”`, `cell B5 “得票” of the sheet “结果”`).
    pub fn locate(&self, cell: CellRef) -> (Location, Text) {
        let name = self.header.get(cell.column).filter(|h| !h.is_empty());
        let column_name = name.map(|h| format!("“{h}”")).unwrap_or_default();
        let column_name_en = name.map(|h| format!(" “{h}”")).unwrap_or_default();
        match &self.origin {
            Origin::Lines { header, rows } => {
                let line = cell.row.map_or(*header, |r| rows[r]);
                let column = cell.column + 1;
                (
                    Location::new(&self.file, line, column),
                    text!(
                        zh: "第 {line} 行第 {column} 列{column_name}",
                        en: "line {line}, column {column}{column_name_en}"
                    ),
                )
            }
            Origin::Sheet {
                name,
                header,
                rows,
                first_column,
            } => {
                let row = cell.row.map_or(*header, |r| rows[r]);
                let column = *first_column as usize + cell.column;
                let letters = column_letters(column);
                (
                    Location::new(&self.file, row as usize, column + 1),
                    text!(
                        zh: "工作表“{name}”的 {letters}{row} 单元格{column_name}",
                        en: "cell {letters}{row}{column_name_en} of the sheet “{name}”"
                    ),
                )
            }
        }
    }

    /// The index of the column whose header is `name` (trimmed, exact).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name.trim())
    }

    /// The column names, for "可用的列：…" in errors, each quoted in
    /// English (`“姓名”, “得票”`).
    pub fn column_list(&self) -> Text {
        let quoted: Vec<String> = self.header.iter().map(|h| format!("“{h}”")).collect();
        Text::new(list(&self.header).zh(), list(&quoted).en())
    }
}

/// `0` → `A`, `27` → `AB`: how Excel names a column.
fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// Reads the data file `src` (relative to the notice's folder `notice_dir`,
/// itself relative to `root`). `sheet` picks an XLSX sheet by name. `at`
/// is where the shortcode naming the file stands.
pub fn read(
    root: &Path,
    notice_dir: &Path,
    src: &str,
    sheet: Option<&str>,
    at: &Location,
) -> Result<DataSheet, Diagnostic> {
    let Some(relative) = safe_relative_path(src) else {
        let unsafe_path = Diagnostic::new(
            Code::UnsafePath,
            at.clone(),
            text!(
                zh: "数据文件路径 “{src}” 不安全：只能是公告旁边的文件",
                en: "the data file path “{src}” is not safe: it can only be a file beside the notice"
            ),
        );
        // A Windows-style path (`数据\a.csv`) is refused for its `\`.
        return Err(if src.contains('\\') {
            unsafe_path.with_help(text!(
                zh: "路径中不能有反斜杠 \\；子文件夹用 / 分隔，例如 数据/a.csv",
                en: "a path cannot have a backslash \\; separate folders with /, as in `数据/a.csv`"
            ))
        } else {
            unsafe_path
        });
    };
    let path = root.join(notice_dir).join(&relative);
    let file = relative_to(root, &path);
    // Reported at the shortcode: the file itself is never read.
    let limit = crate::load::limits::max_file_bytes();
    if let Err(message) = crate::load::limits::Bounds::of_site(root).check(&path, &file) {
        return Err(Diagnostic::new(
            Code::BadSymlink,
            at.clone(),
            message.wrap(
                |why| format!("数据文件 {why}"),
                |why| format!("data file: {why}"),
            ),
        ));
    }
    if let Some(size) = std::fs::metadata(&path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
    {
        if size > limit {
            let what = text!(zh: "数据文件 “{src}” ", en: "the data file “{src}”");
            return Err(crate::load::limits::too_large(
                at.clone(),
                &what,
                size,
                limit,
            ));
        }
    }
    if !path.is_file() {
        return Err(Diagnostic::new(
            Code::DataFileMissing,
            at.clone(),
            text!(
                zh: "找不到数据文件 “{src}”（应为 {}）",
                en: "the data file “{src}” is not there (it should be `{}`)",
                file.display()
            ),
        ));
    }
    let extension = relative
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let sheet_for_csv = |kind: &str| {
        Diagnostic::new(
            Code::ShortcodeInvalid,
            at.clone(),
            text!(
                zh: "sheet 只能用于 .xlsx 文件，“{src}” 是 {kind} 文件",
                en: "sheet is only for .xlsx files, and “{src}” is a {kind} file"
            ),
        )
    };
    let unreadable = |why: Text| {
        Diagnostic::new(
            Code::FileUnreadable,
            Location::file(&file),
            why.wrap(
                |why| format!("无法读取：{why}"),
                |why| format!("cannot be read: {why}"),
            ),
        )
    };
    let sheet_data = match extension.as_deref() {
        Some("csv" | "txt" | "tsv") => {
            if sheet.is_some() {
                return Err(sheet_for_csv("CSV"));
            }
            let bytes = read_limited(&path, limit).map_err(unreadable)?;
            if let Some(line) = unterminated_quote(&bytes) {
                return Err(Diagnostic::new(
                    Code::DataFileInvalid,
                    Location::new(&file, line, 1),
                    text!(
                        zh: "数据文件第 {line} 行的英文双引号 \" 没有配对：从这里到文件末尾都成了一个格子",
                        en: "the double quote \" on line {line} of the data file is never closed: everything from here to the end of the file became one cell"
                    ),
                )
                .with_help(text!(
                    zh: "补上缺少的 \"；格子里本身要写双引号时，写两个：\"\"",
                    en: "add the missing \"; to write a double quote inside a cell, write two: \"\""
                )));
            }
            csv::parse(&bytes, &file)?
        }
        Some("xlsx" | "xlsm") => {
            let bytes = read_limited(&path, limit).map_err(unreadable)?;
            xlsx::parse(&bytes, &file, sheet, limit)?
        }
        Some("xls") => {
            return Err(Diagnostic::new(
                Code::DataFileInvalid,
                at.clone(),
                text!(
                    zh: "“{src}” 是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV UTF-8",
                    en: "“{src}” is an old Excel (.xls) file: save it as .xlsx or CSV UTF-8 in Excel"
                ),
            ))
        }
        _ => {
            return Err(Diagnostic::new(
                Code::DataFileInvalid,
                at.clone(),
                text!(
                    zh: "数据文件 “{src}” 既不是 .csv 也不是 .xlsx 文件",
                    en: "the data file “{src}” is neither a .csv nor an .xlsx file"
                ),
            ))
        }
    };
    Ok(sheet_data)
}

/// The file's bytes, never more than `limit` of them (the size was checked
/// from its metadata; this holds even if it grew since).
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Text> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(limit.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|e| text!(zh: "{e}", en: "{e}"))?;
    if bytes.len() as u64 > limit {
        return Err(text!(
            zh: "文件在读取时变大，超过了 max_file_size",
            en: "the file grew while it was read, past max_file_size"
        ));
    }
    Ok(bytes)
}

/// The line on which a quoted CSV field opens and never closes (the CSV
/// reader would take the rest of the file as that one cell). Works on the
/// bytes of UTF-8 and GBK alike (`"`, delimiters and line ends are single
/// bytes in both); UTF-16 files are left to the reader.
fn unterminated_quote(bytes: &[u8]) -> Option<usize> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    // The delimiter as the reader sniffs it from the header line.
    let header = &bytes[..bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len())];
    let delimiter = [b',', b'\t', b';']
        .into_iter()
        .find(|d| header.contains(d))
        .unwrap_or(b',');
    let (mut line, mut opened_on) = (1, 0);
    let mut quoted = false;
    let mut field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1; // An escaped quote.
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && field_start {
            quoted = true;
            opened_on = line;
        }
        field_start = !quoted && (b == delimiter || b == b'\n' || (b == b'\r'));
        i += 1;
    }
    quoted.then_some(opened_on)
}

/// The most columns, and cells, a table may have: far beyond any real
/// disclosure, and what keeps pages, downloads and the search index of a
/// table within a bounded multiple of `max_file_size`.
pub const MAX_COLUMNS: usize = 1000;
pub const MAX_CELLS: usize = 1_000_000;

/// The header must name every column, once: a chart or a rule refers to
/// columns by header. The table must stay within [`MAX_COLUMNS`] and
/// [`MAX_CELLS`].
pub fn check_header(sheet: &DataSheet) -> Result<(), Diagnostic> {
    let columns = sheet.header.len();
    if columns > MAX_COLUMNS {
        let (location, _) = sheet.locate(CellRef {
            row: None,
            column: MAX_COLUMNS,
        });
        return Err(Diagnostic::new(
            Code::LimitExceeded,
            location,
            text!(
                zh: "表头有 {columns} 列，超过了 {MAX_COLUMNS} 列",
                en: "the header has {columns} columns, more than {MAX_COLUMNS}"
            ),
        ));
    }
    let rows_allowed = MAX_CELLS / columns.max(1) - 1;
    if sheet.rows.len() > rows_allowed {
        let (location, _) = sheet.locate(CellRef {
            row: Some(rows_allowed),
            column: 0,
        });
        return Err(Diagnostic::new(
            Code::LimitExceeded,
            location,
            text!(
                zh: "表格有 {} 行 {columns} 列，超过了 {MAX_CELLS} 个格子；请拆成几个表格",
                en: "the table has {} rows of {columns} columns, more than {MAX_CELLS} cells; split it into several tables",
                sheet.rows.len() + 1
            ),
        ));
    }
    if sheet.header.iter().all(String::is_empty) {
        let (location, _) = sheet.locate(CellRef {
            row: None,
            column: 0,
        });
        return Err(Diagnostic::new(
            Code::DataFileInvalid,
            location,
            empty_header(),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (column, name) in sheet.header.iter().enumerate() {
        if !name.is_empty() && seen.insert(name) {
            continue;
        }
        let (location, place) = sheet.locate(CellRef { row: None, column });
        if name.is_empty() {
            return Err(Diagnostic::new(
                Code::DataFileInvalid,
                location,
                Text::new(
                    format!("表头的{}是空的：每一列都要有列名", place.zh()),
                    format!(
                        "in the header, {} is empty: every column needs a name",
                        place.en()
                    ),
                ),
            ));
        }
        return Err(Diagnostic::new(
            Code::DataFileInvalid,
            location,
            Text::new(
                format!("表头的列名 “{name}” 重复（{}）", place.zh()),
                format!(
                    "the column name “{name}” is used twice in the header ({})",
                    place.en()
                ),
            ),
        ));
    }
    Ok(())
}

/// A data file with no header.
fn empty_header() -> Text {
    text!(
        zh: "数据文件是空的，或第一行（表头）是空的",
        en: "the data file is empty, or its first line (the header) is"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_column_names() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn unterminated_quotes_are_found() {
        assert_eq!(unterminated_quote(b"a,b\n1,\"2\n3,4\n"), Some(2));
        assert_eq!(
            unterminated_quote("姓名,得票\n张三,\"1,201\"\r\n李四,\"他说\"\"好\"\"\"\n".as_bytes()),
            None
        );
        assert_eq!(unterminated_quote(b"a,b\n1,\"x\ny\"\n"), None);
        assert_eq!(unterminated_quote(b"a;b\n12\" pipe;x\n"), None);
        assert_eq!(unterminated_quote(b"a\tb\n1\t\"x\n"), Some(2));
    }

    #[test]
    fn missing_file_and_unsafe_path_and_wrong_kind() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.doc"), "x").unwrap();
        let at = Location::new(Path::new("n.md"), 3, 1);
        let read = |src: &str| read(dir.path(), Path::new(""), src, None, &at).unwrap_err();
        assert_eq!(read("nope.csv").code, Code::DataFileMissing);
        assert_eq!(read("../x.csv").code, Code::UnsafePath);
        assert_eq!(read("a.doc").code, Code::DataFileInvalid);
        std::fs::write(dir.path().join("b.csv"), "a\n1\n").unwrap();
        let e = super::read(dir.path(), Path::new(""), "b.csv", Some("表1"), &at).unwrap_err();
        assert!(e.message.zh().contains("sheet"));
    }
}
