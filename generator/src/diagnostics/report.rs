//! The one reporter: prints diagnostics as rustc-style text (stderr), JSON
//! lines or GitHub Actions workflow commands (stdout).

use super::{Diagnostic, Severity};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

pub struct Reporter {
    format: Format,
    root: PathBuf,
}

impl Reporter {
    pub fn new(format: Format, root: &Path) -> Self {
        Reporter {
            format,
            root: root.to_path_buf(),
        }
    }

    pub fn report(&self, diagnostics: &[Diagnostic]) {
        match self.format {
            Format::Human => self.human(diagnostics),
            Format::Json => print_lines(diagnostics.iter().map(json_line)),
            Format::Github => print_lines(diagnostics.iter().map(github_line)),
        }
    }

    /// A one-line human summary on stderr, whatever the format: JSON and
    /// GitHub lines go to stdout and stay machine-readable.
    pub fn summary(&self, line: &str) {
        eprintln!("{line}");
    }

    fn human(&self, diagnostics: &[Diagnostic]) {
        let mut files = SimpleFiles::new();
        let mut ids = HashMap::new();
        let stream = StandardStream::stderr(color_choice());
        let config = term::Config::default();
        let mut out = stream.lock();
        for d in diagnostics {
            let file = d.location.file.clone();
            let id = *ids.entry(file.clone()).or_insert_with(|| {
                // Shown lossily so that a file with bad bytes still shows
                // its lines; one that cannot be read shows none.
                let source = std::fs::read(self.root.join(&file))
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default();
                files.add(file.display().to_string(), source)
            });
            let source = files
                .get(id)
                .map(|f| f.source().clone())
                .unwrap_or_default();
            let severity = match d.severity() {
                Severity::Error => cs::Severity::Error,
                Severity::Warning => cs::Severity::Warning,
            };
            let mut diagnostic = cs::Diagnostic::new(severity)
                .with_code(d.code.id())
                .with_message(&d.message);
            let mut notes = Vec::new();
            // A binary file (a workbook) has no lines to show: its cell is
            // named in the message.
            if d.location.line == 0 || source.contains('\0') {
                // About the file as a whole: name it, underline nothing.
                notes.push(format!("文件：{}", file.display()));
            } else {
                // In a data file the column is the cell's, not a character
                // position: underline the whole line.
                let column = if is_data_file(&file) {
                    1
                } else {
                    d.location.column
                };
                let range = byte_range(&source, d.location.line, column);
                diagnostic = diagnostic.with_labels(vec![cs::Label::primary(id, range)]);
            }
            if let Some(help) = &d.help {
                notes.push(format!("提示：{help}"));
            }
            diagnostic = diagnostic.with_notes(notes);
            if term::emit_to_write_style(&mut out, &config, &files, &diagnostic).is_err() {
                // The snippet could not be rendered (file changed meanwhile):
                // fall back to the plain one-line form.
                let _ = writeln!(out, "{}", github_line(d));
            }
        }
    }
}

fn is_data_file(file: &std::path::Path) -> bool {
    file.extension().is_some_and(|e| {
        ["csv", "tsv", "txt"].contains(&e.to_string_lossy().to_ascii_lowercase().as_str())
    })
}

/// Colours only on a terminal, and never with `NO_COLOR` set.
fn color_choice() -> ColorChoice {
    use std::io::IsTerminal;
    if std::env::var_os("NO_COLOR").is_some() || !std::io::stderr().is_terminal() {
        ColorChoice::Never
    } else {
        ColorChoice::Auto
    }
}

fn print_lines(lines: impl Iterator<Item = String>) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
}

/// The byte range a label underlines: from the column to the end of the line
/// (a whole-file location underlines nothing at the start).
fn byte_range(source: &str, line: usize, column: usize) -> std::ops::Range<usize> {
    if line == 0 {
        return 0..0;
    }
    let mut start = 0;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let text = l.trim_end_matches(['\n', '\r']);
            let col_offset = text
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(text.len(), |(o, _)| o);
            return start + col_offset..start + text.len().max(col_offset);
        }
        start += l.len();
    }
    source.len()..source.len()
}

fn file_string(d: &Diagnostic) -> String {
    d.location.file.to_string_lossy().replace('\\', "/")
}

pub fn json_line(d: &Diagnostic) -> String {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("（提示：");
        message.push_str(help);
        message.push('）');
    }
    serde_json::json!({
        "severity": d.severity().as_str(),
        "code": d.code.id(),
        "file": file_string(d),
        "line": d.location.line,
        "column": d.location.column,
        "message": message,
    })
    .to_string()
}

/// A GitHub Actions workflow command. Property values and the message are
/// escaped as the runner expects (`%`, CR, LF, and `:`/`,` in properties).
pub fn github_line(d: &Diagnostic) -> String {
    let command = match d.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = vec![format!("file={}", escape_property(&file_string(d)))];
    if d.location.line > 0 {
        props.push(format!("line={}", d.location.line));
        props.push(format!("col={}", d.location.column.max(1)));
    }
    props.push(format!("title={}", escape_property(d.code.id())));
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\n提示：");
        message.push_str(help);
    }
    format!("::{command} {}::{}", props.join(","), escape_data(&message))
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Location};

    fn sample() -> Diagnostic {
        Diagnostic::new(
            Code::BadDate,
            Location::new("content/a,b.md", 3, 7),
            "日期 “2021-13-01” 不是有效日期",
        )
        .with_help("写成 YYYY-MM-DD")
    }

    #[test]
    fn json_line_has_the_contract_fields() {
        let v: serde_json::Value = serde_json::from_str(&json_line(&sample())).unwrap();
        assert_eq!(v["severity"], "error");
        assert_eq!(v["code"], "GS106");
        assert_eq!(v["file"], "content/a,b.md");
        assert_eq!(v["line"], 3);
        assert_eq!(v["column"], 7);
        assert!(v["message"].as_str().unwrap().contains("2021-13-01"));
    }

    #[test]
    fn github_line_escapes_properties_and_newlines() {
        let line = github_line(&sample());
        assert!(line.starts_with("::error file=content/a%2Cb.md,line=3,col=7,title=GS106::"));
        assert!(line.contains("%0A提示"));
        assert!(!line.contains('\n'));
    }

    #[test]
    fn byte_range_counts_characters_not_bytes() {
        let src = "第一行\n标题 = 1\n";
        let r = byte_range(src, 2, 4);
        assert_eq!(&src[r], "= 1");
        assert_eq!(byte_range(src, 0, 0), 0..0);
    }
}
