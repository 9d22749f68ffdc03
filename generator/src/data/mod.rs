//! Data files beside a notice (`.csv`, `.xlsx`) → a [`DataSheet`]: a header
//! and rows of cell text, with where each row came from, so every later
//! error (a bad vote count, an unmasked ID number) can name its cell.

pub mod collate;
mod csv;
mod xlsx;

use crate::diagnostics::{relative_to, Code, Diagnostic, Location};
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
    /// (`第 5 行第 2 列“得票”` or `工作表“结果”的 B5 单元格“得票”`).
    pub fn locate(&self, cell: CellRef) -> (Location, String) {
        let column_name = self
            .header
            .get(cell.column)
            .filter(|h| !h.is_empty())
            .map(|h| format!("“{h}”"))
            .unwrap_or_default();
        match &self.origin {
            Origin::Lines { header, rows } => {
                let line = cell.row.map_or(*header, |r| rows[r]);
                (
                    Location::new(&self.file, line, cell.column + 1),
                    format!("第 {line} 行第 {} 列{column_name}", cell.column + 1),
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
                (
                    Location::new(&self.file, row as usize, column + 1),
                    format!(
                        "工作表“{name}”的 {}{row} 单元格{column_name}",
                        column_letters(column)
                    ),
                )
            }
        }
    }

    /// The index of the column whose header is `name` (trimmed, exact).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name.trim())
    }

    /// The column names, for "可用的列：…" in errors.
    pub fn column_list(&self) -> String {
        self.header.join("、")
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
        return Err(Diagnostic::new(
            Code::UnsafePath,
            at.clone(),
            format!("数据文件路径 “{src}” 不安全：只能是公告旁边的文件"),
        ));
    };
    let path = root.join(notice_dir).join(&relative);
    let file = relative_to(root, &path);
    if !path.is_file() {
        return Err(Diagnostic::new(
            Code::DataFileMissing,
            at.clone(),
            format!("找不到数据文件 “{src}”（应为 {}）", file.display()),
        ));
    }
    let extension = relative
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let sheet_for_csv = |kind: &str| {
        Diagnostic::new(
            Code::ShortcodeInvalid,
            at.clone(),
            format!("sheet 只能用于 .xlsx 文件，“{src}” 是 {kind} 文件"),
        )
    };
    let unreadable = |e: std::io::Error| {
        Diagnostic::new(
            Code::FileUnreadable,
            Location::file(&file),
            format!("无法读取：{e}"),
        )
    };
    let sheet_data = match extension.as_deref() {
        Some("csv" | "txt" | "tsv") => {
            if sheet.is_some() {
                return Err(sheet_for_csv("CSV"));
            }
            let bytes = std::fs::read(&path).map_err(unreadable)?;
            csv::parse(&bytes, &file)?
        }
        Some("xlsx" | "xlsm") => {
            let bytes = std::fs::read(&path).map_err(unreadable)?;
            xlsx::parse(&bytes, &file, sheet)?
        }
        Some("xls") => {
            return Err(Diagnostic::new(
                Code::DataFileInvalid,
                at.clone(),
                format!("“{src}” 是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV UTF-8"),
            ))
        }
        _ => {
            return Err(Diagnostic::new(
                Code::DataFileInvalid,
                at.clone(),
                format!("数据文件 “{src}” 既不是 .csv 也不是 .xlsx 文件"),
            ))
        }
    };
    Ok(sheet_data)
}

/// The header must name every column, once: a chart or a rule refers to
/// columns by header.
pub fn check_header(sheet: &DataSheet) -> Result<(), Diagnostic> {
    if sheet.header.iter().all(String::is_empty) {
        let (location, _) = sheet.locate(CellRef {
            row: None,
            column: 0,
        });
        return Err(Diagnostic::new(
            Code::DataFileInvalid,
            location,
            "数据文件是空的，或第一行（表头）是空的",
        ));
    }
    for (column, name) in sheet.header.iter().enumerate() {
        let (location, place) = sheet.locate(CellRef { row: None, column });
        if name.is_empty() {
            return Err(Diagnostic::new(
                Code::DataFileInvalid,
                location,
                format!("表头的{place}是空的：每一列都要有列名"),
            ));
        }
        if sheet.header[..column].contains(name) {
            return Err(Diagnostic::new(
                Code::DataFileInvalid,
                location,
                format!("表头的列名 “{name}” 重复（{place}）"),
            ));
        }
    }
    Ok(())
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
        assert!(e.message.contains("sheet"));
    }
}
