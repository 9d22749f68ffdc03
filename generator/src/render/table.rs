//! The `table` shortcode: a CSV file beside the notice rendered as a real
//! `<table>` that reads without scripts.

use super::templates::escape as escape_html;
use crate::diagnostics::{relative_to, Code, Diagnostic, Location};
use crate::load::safe_relative_path;
use std::path::Path;

/// A data table as HTML, and as the plain text search indexes.
#[derive(Default)]
pub struct RenderedTable {
    pub html: String,
    pub text: String,
}

/// Renders `src` (relative to `notice_dir`) as an HTML table. `at` is where
/// the shortcode stands, for errors about the shortcode itself.
pub fn render(
    root: &Path,
    notice_dir: &Path,
    src: &str,
    caption: Option<&str>,
    at: &Location,
) -> Result<RenderedTable, Diagnostic> {
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
    if extension.as_deref() != Some("csv") {
        return Err(Diagnostic::new(
            Code::DataFileInvalid,
            at.clone(),
            format!("数据文件 “{src}” 不是 .csv 文件；请在 Excel 中“另存为 CSV UTF-8”"),
        ));
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::new(
            Code::FileUnreadable,
            Location::file(&file),
            format!("无法读取：{e}"),
        )
    })?;
    let rows = read_csv(&bytes, &file)?;
    let mut text = caption.map(|c| format!("{c}\n")).unwrap_or_default();
    for row in &rows {
        text.push_str(&row.join(" "));
        text.push('\n');
    }
    Ok(RenderedTable {
        html: to_html(&rows, caption),
        text,
    })
}

fn read_csv(bytes: &[u8], file: &Path) -> Result<Vec<Vec<String>>, Diagnostic> {
    let bytes = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        return Err(Diagnostic::new(
            Code::DataFileInvalid,
            Location::new(file, line, 1),
            format!("数据文件第 {line} 行不是 UTF-8 编码"),
        )
        .with_help("在 Excel 中选择“另存为 → CSV UTF-8（逗号分隔）”"));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            let message = match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => format!("数据文件第 {line} 行有 {len} 列，但表头有 {expected_len} 列"),
                _ => format!("数据文件无法读取：{e}"),
            };
            Diagnostic::new(Code::DataFileInvalid, Location::new(file, line, 1), message)
        })?;
        rows.push(
            record
                .iter()
                .map(|c| c.trim().to_string())
                .collect::<Vec<_>>(),
        );
    }
    if rows.is_empty() || rows[0].iter().all(String::is_empty) {
        return Err(Diagnostic::new(
            Code::DataFileInvalid,
            Location::new(file, 1, 1),
            "数据文件是空的，或第一行（表头）是空的",
        ));
    }
    Ok(rows)
}

/// A cell that reads as a number: digits with optional sign, thousands
/// separators, decimals, and a trailing `%`.
fn is_numeric(cell: &str) -> bool {
    let t = cell.trim_end_matches('%').replace(',', "");
    let t = t.strip_prefix(['-', '+']).unwrap_or(&t);
    !t.is_empty() && t.parse::<f64>().is_ok() && t.chars().all(|c| c.is_ascii_digit() || c == '.')
}

fn to_html(rows: &[Vec<String>], caption: Option<&str>) -> String {
    let (header, body) = rows.split_first().expect("checked non-empty");
    let numeric: Vec<bool> = (0..header.len())
        .map(|col| {
            let mut cells = body
                .iter()
                .map(|r| r[col].as_str())
                .filter(|c| !c.is_empty());
            let mut any = false;
            let all = cells.all(|c| {
                any = true;
                is_numeric(c)
            });
            any && all
        })
        .collect();
    let class = |col: usize| if numeric[col] { " class=\"num\"" } else { "" };
    let mut html = String::from("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\"");
    if let Some(c) = caption {
        html.push_str(&format!(" aria-label=\"{}\"", escape_html(c)));
    }
    html.push_str("><table class=\"data-table\">");
    if let Some(c) = caption {
        html.push_str(&format!("<caption>{}</caption>", escape_html(c)));
    }
    html.push_str("<thead><tr>");
    for (col, cell) in header.iter().enumerate() {
        html.push_str(&format!(
            "<th scope=\"col\"{}>{}</th>",
            class(col),
            escape_html(cell)
        ));
    }
    html.push_str("</tr></thead><tbody>");
    for row in body {
        html.push_str("<tr>");
        for (col, cell) in row.iter().enumerate() {
            html.push_str(&format!("<td{}>{}</td>", class(col), escape_html(cell)));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_columns_are_marked_and_cells_escaped() {
        let rows = read_csv(
            "\u{FEFF}姓名,得票\n张<b>三,1,201\n李四,98\n".as_bytes(),
            Path::new("a.csv"),
        );
        // "1,201" unquoted is two cells: a ragged row.
        assert!(rows.is_err());
        let rows = read_csv(
            "姓名,得票\n张<b>三,\"1,201\"\n李四,98\n".as_bytes(),
            Path::new("a.csv"),
        )
        .unwrap();
        let html = to_html(&rows, Some("结果"));
        assert!(html.contains("<caption>结果</caption>"));
        assert!(html.contains("<th scope=\"col\" class=\"num\">得票</th>"));
        assert!(html.contains("<td class=\"num\">1,201</td>"));
        assert!(html.contains("张&lt;b&gt;三"));
    }

    #[test]
    fn ragged_row_names_its_line() {
        let e = read_csv("a,b\n1,2\n3\n".as_bytes(), Path::new("content/x.csv")).unwrap_err();
        assert_eq!(e.code, Code::DataFileInvalid);
        assert_eq!(e.location.line, 3);
        assert!(e.message.contains("1 列"));
    }

    #[test]
    fn gbk_bytes_are_refused_with_advice() {
        let e = read_csv(&[0xD0, 0xD5, 0xC3, 0xFB, b'\n'], Path::new("x.csv")).unwrap_err();
        assert_eq!(e.code, Code::DataFileInvalid);
        assert!(e.help.is_some());
    }
}
