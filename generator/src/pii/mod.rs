//! Personal information (section 6): identity, mobile and bank card numbers
//! in notice titles, bodies and every table cell are errors, unless masked
//! or allowed by the notice's `allow_pii`; with `pii = "mask"` they are
//! masked in the output and reported as warnings.

mod detect;

pub use detect::{find, Finding, Kind};

use crate::config::PiiPolicy;
use crate::data::{CellRef, DataSheet};
use crate::diagnostics::{text, Code, Diagnostic, Location, Text};
use crate::model::{Notice, Site};
use crate::source_text::line_col;
use rayon::prelude::*;
use std::ops::Range;

/// What to do with what is found, for one notice.
#[derive(Clone, Copy)]
pub struct Policy<'a> {
    pub mode: PiiPolicy,
    /// Exact strings the notice may publish (`allow_pii`).
    pub allow: &'a [String],
}

impl Policy<'_> {
    /// Scans `text`; returns a diagnostic per number found (located by
    /// `locate` from its byte range) and, in mask mode, the masked text.
    fn scan(
        &self,
        text: &str,
        locate: impl Fn(&Range<usize>) -> Location,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let findings: Vec<Finding> = find(text)
            .into_iter()
            .filter(|f| {
                let written = &text[f.range.clone()];
                !self.allow.iter().any(|a| a == written || *a == f.digits)
            })
            .collect();
        if findings.is_empty() {
            return None;
        }
        for f in &findings {
            let (kind, kind_en, masked) = (f.kind.name(), f.kind.english_name(), f.masked());
            let (code, message, help) = match self.mode {
                PiiPolicy::Error => (
                    Code::PiiFound,
                    Text::new(
                        format!("有未遮盖的{kind}：{masked}"),
                        format!("an unmasked {kind_en}: {masked}"),
                    ),
                    text!(
                        zh: "请遮盖中间的数字，例如 350102********1234、138****5678；确需公开的号码（如办事电话）写进本公告的 allow_pii",
                        en: "mask the digits in the middle, as in 350102********1234 or 138****5678; a number that must be public (an office phone, say) goes in the notice's allow_pii"
                    ),
                ),
                PiiPolicy::Mask => (
                    Code::PiiMasked,
                    Text::new(
                        format!("{kind}已在发布时自动遮盖为 {masked}"),
                        format!("a {kind_en} was masked as {masked} on publishing"),
                    ),
                    text!(
                        zh: "建议在原文中直接遮盖",
                        en: "better mask it in the source itself"
                    ),
                ),
            };
            diagnostics.push(Diagnostic::new(code, locate(&f.range), message).with_help(help));
        }
        (self.mode == PiiPolicy::Mask).then(|| mask(text, &findings))
    }

    /// Scans every cell of a table (header too); masks them in mask mode.
    pub fn scan_sheet(&self, sheet: &mut DataSheet, diagnostics: &mut Vec<Diagnostic>) {
        let mut masked = Vec::new();
        let rows = std::iter::once((None, &sheet.header))
            .chain(sheet.rows.iter().enumerate().map(|(r, row)| (Some(r), row)));
        for (row, cells) in rows {
            for (column, cell) in cells.iter().enumerate() {
                let at = |_: &Range<usize>| sheet.locate(CellRef { row, column }).0;
                if let Some(new) = self.scan(cell, at, diagnostics) {
                    masked.push((row, column, new));
                }
            }
        }
        for (row, column, new) in masked {
            match row {
                Some(r) => sheet.rows[r][column] = new,
                None => sheet.header[column] = new,
            }
        }
    }
}

/// `text` with every personal number masked, each mask padded with spaces
/// to the characters the number took: for lines quoted in diagnostics,
/// whose columns must still point at the same place. A CI log or a pull
/// request annotation is as public as the site.
pub fn mask_for_quoting(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for f in find(text) {
        out.push_str(&text[last..f.range.start]);
        let masked = f.masked();
        let width = text[f.range.clone()].chars().count();
        out.push_str(&format!("{masked:<width$}"));
        last = f.range.end;
    }
    out.push_str(&text[last..]);
    out
}

fn mask(text: &str, findings: &[Finding]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for f in findings {
        out.push_str(&text[last..f.range.start]);
        out.push_str(&f.masked());
        last = f.range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Scans every notice's title and body, masking them in place in mask
/// mode so that every output (pages, feeds, search) carries the mask.
pub fn scan_notices(site: &mut Site, diagnostics: &mut Vec<Diagnostic>) {
    let mode = site.config.pii;
    let found: Vec<Vec<Diagnostic>> = site
        .notices
        .par_iter_mut()
        .map(|notice| {
            let mut found = Vec::new();
            scan_notice(mode, notice, &mut found);
            found
        })
        .collect();
    diagnostics.extend(found.into_iter().flatten());
}

/// Checks (and, as the policy says, masks) one notice's title and body.
pub fn scan_notice(mode: PiiPolicy, notice: &mut Notice, diagnostics: &mut Vec<Diagnostic>) {
    {
        let policy = Policy {
            mode,
            allow: &notice.allow_pii,
        };
        let (title_line, title_column) = notice.field_lines.position("title");
        let source = notice.source.clone();
        let title_at = Location::new(&source, title_line, title_column);
        if let Some(masked) = policy.scan(&notice.title, |_| title_at.clone(), diagnostics) {
            notice.title = masked;
        }
        let body = &notice.body;
        let body_line = notice.body_line;
        let at = |range: &Range<usize>| {
            let (line, column) = line_col(body, range.start);
            Location::new(&source, body_line + line - 1, column)
        };
        if let Some(masked) = policy.scan(body, at, diagnostics) {
            notice.body = masked;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_lines_keep_their_columns() {
        let line = "张三 138 1234 5678，李四 13812345678。";
        let quoted = mask_for_quoting(line);
        assert_eq!(quoted, "张三 138****5678  ，李四 138****5678。");
        assert_eq!(quoted.chars().count(), line.chars().count());
        assert_eq!(mask_for_quoting("无号码"), "无号码");
    }
}
