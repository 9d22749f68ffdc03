//! CSV as Chinese Excel opens it: UTF-8 with a byte-order mark, RFC 4180
//! quoting and CRLF line ends, long digit strings kept as text. The
//! generator writes each table's download with it, and the widget exports
//! the current view with it, so both files are the same format.

use super::keys::is_identifier;

/// Byte-order mark: without it Excel on Chinese Windows reads UTF-8 as GBK.
pub const BOM: &str = "\u{FEFF}";

/// A whole CSV file: BOM, then one line per row.
pub fn to_csv<'a, R, C>(rows: R) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = &'a str>,
{
    let mut out = String::from(BOM);
    for row in rows {
        push_row(&mut out, row);
    }
    out
}

/// Appends one CSV line (with CRLF).
pub fn push_row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell);
    }
    out.push_str("\r\n");
}

fn push_cell(out: &mut String, cell: &str) {
    if is_identifier(cell) {
        // `="…"` is the one form Excel reads as text without showing a quote
        // mark; a plain number of 12+ digits would become 3.50102E+17 and
        // lose its last digits, and a leading zero would be dropped.
        out.push_str("\"=\"\"");
        out.push_str(cell);
        out.push_str("\"\"\"");
        return;
    }
    // A cell Excel would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`) is
    // defused with a leading apostrophe (OWASP "CSV injection"); a negative
    // number such as `-12` is left alone.
    let formula = cell.starts_with(['=', '@', '\t', '\r'])
        || (cell.starts_with(['+', '-'])
            && !cell.as_bytes().get(1).is_some_and(u8::is_ascii_digit));
    let defused;
    let cell = if formula {
        defused = format!("'{cell}");
        defused.as_str()
    } else {
        cell
    };
    if cell.contains([',', '"', '\n', '\r']) || cell.starts_with(' ') || cell.ends_with(' ') {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_quoting_and_crlf() {
        let csv = to_csv([
            vec!["姓名", "备注"],
            vec!["张三", "说 \"好\""],
            vec!["李,四", "两行\n文字"],
        ]);
        assert_eq!(
            csv,
            "\u{FEFF}姓名,备注\r\n张三,\"说 \"\"好\"\"\"\r\n\"李,四\",\"两行\n文字\"\r\n"
        );
    }

    #[test]
    fn long_digits_and_leading_zeros_stay_text() {
        let csv = to_csv([vec![
            "350102199001011234",
            "0591",
            "1201",
            "0",
            "12345678901",
        ]]);
        assert_eq!(
            csv,
            "\u{FEFF}\"=\"\"350102199001011234\"\"\",\"=\"\"0591\"\"\",1201,0,12345678901\r\n"
        );
    }

    #[test]
    fn formulas_are_defused_but_negative_numbers_kept() {
        let csv = to_csv([vec!["=1+1", "@SUM(A1)", "-12", "+5", "-x", "- 1"]]);
        assert_eq!(csv, "\u{FEFF}'=1+1,'@SUM(A1),-12,+5,'-x,'- 1\r\n");
    }
}
