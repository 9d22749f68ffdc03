//! The one reporter: prints diagnostics as rustc-style text (stderr), JSON
//! lines or GitHub Actions workflow commands (stdout).

use super::{Diagnostic, Lang, Severity, Text};
use crate::load::limits::{max_file_bytes, Bounds};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{self, Files};
use codespan_reporting::term;
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};
use codespan_reporting::term::WriteStyle;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthChar;

/// Display columns of a quoted line (a Han character takes two): a longer
/// line is quoted as a window this wide around the diagnostic's column,
/// with “…” where it was cut. Quoting a line of a million characters whole
/// took seconds, and showed nothing anyone could read.
const QUOTE_COLUMNS: usize = 80;

/// Of the window, the columns kept before the diagnostic's column when the
/// line goes on after the window.
const QUOTE_BEFORE: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

pub struct Reporter {
    format: Format,
    root: PathBuf,
    lang: Lang,
}

impl Reporter {
    /// Prints in `format`, quoting lines of the files under `root`, in the
    /// language `lang`.
    pub fn new(format: Format, root: &Path, lang: Lang) -> Self {
        Reporter {
            format,
            root: root.to_path_buf(),
            lang,
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn report(&self, diagnostics: &[Diagnostic]) {
        let lang = self.lang;
        match self.format {
            Format::Human => self.human(diagnostics),
            Format::Json => print_lines(diagnostics.iter().map(|d| json_line(d, lang))),
            Format::Github => print_lines(diagnostics.iter().map(|d| github_line(d, lang))),
        }
    }

    /// A one-line human summary on stderr, whatever the format: JSON and
    /// GitHub lines go to stdout and stay machine-readable.
    pub fn summary(&self, line: &Text) {
        eprintln!("{}", line.get(self.lang));
    }

    fn human(&self, diagnostics: &[Diagnostic]) {
        let lang = self.lang;
        let mut sources = Sources::new(&self.root);
        // Buffered: the renderer writes a few characters at a time.
        let mut out = BufferedStandardStream::stderr(color_choice());
        let config = term::Config::default();
        for d in diagnostics {
            let file = &d.location.file;
            let severity = match d.severity() {
                Severity::Error => cs::Severity::Error,
                Severity::Warning => cs::Severity::Warning,
            };
            let mut diagnostic = cs::Diagnostic::new(severity)
                .with_code(d.code.id())
                .with_message(d.message.get(lang));
            let mut notes = Vec::new();
            // In a data file the column is the cell's, not a character
            // position: underline the whole line.
            let column = if is_data_file(file) {
                1
            } else {
                d.location.column
            };
            // A file is read only when one of its lines is shown.
            let line = (d.location.line > 0)
                .then(|| sources.get(file))
                .flatten()
                .and_then(|lines| lines.line(d.location.line));
            let quote = match line {
                Some(text) => {
                    let text = crate::pii::mask_for_quoting(text);
                    let (quote, label) = Quote::new(file, d.location.line, &text, column);
                    diagnostic = diagnostic.with_labels(vec![cs::Label::primary((), label)]);
                    quote
                }
                // About the file as a whole, or a file with no lines to show
                // (a workbook, a device): name it, underline nothing.
                None => {
                    notes.push(format!("{}{}", words(lang).file, file.display()));
                    Quote::default()
                }
            };
            if let Some(help) = &d.help {
                notes.push(format!("{}{}", words(lang).help, help.get(lang)));
            }
            diagnostic = diagnostic.with_notes(notes);
            let mut localized = Localized::new(&mut out, lang);
            if term::emit_to_write_style(&mut localized, &config, &quote, &diagnostic).is_err() {
                // The snippet could not be rendered: fall back to the plain
                // one-line form.
                let _ = writeln!(out, "{}", github_line(d, lang));
            }
        }
        let _ = out.flush();
    }
}

/// The fixed words of the human format in each language.
struct Words {
    /// Before the file of a diagnostic about a whole file.
    file: &'static str,
    /// Before the help line.
    help: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Zh => Words {
            file: "文件：",
            help: "提示：",
        },
        Lang::En => Words {
            file: "file: ",
            help: "help: ",
        },
    }
}

/// A writer for codespan-reporting that puts the severity of a header
/// (`error[GS103]: …`) in the language of the run: the renderer writes the
/// English word right after styling the header, and nowhere else.
struct Localized<'a, W: WriteStyle> {
    inner: &'a mut W,
    lang: Lang,
    /// The header style was just set: the next write is the severity word.
    in_header: bool,
}

impl<'a, W: WriteStyle> Localized<'a, W> {
    fn new(inner: &'a mut W, lang: Lang) -> Self {
        Localized {
            inner,
            lang,
            in_header: false,
        }
    }
}

impl<W: WriteStyle> Write for Localized<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if std::mem::take(&mut self.in_header) {
            let word = match buf {
                b"error" => Some(Severity::Error),
                b"warning" => Some(Severity::Warning),
                _ => None,
            };
            if let Some(severity) = word {
                self.inner.write_all(severity.name(self.lang).as_bytes())?;
                return Ok(buf.len());
            }
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W: WriteStyle> WriteStyle for Localized<'_, W> {
    fn set_header(&mut self, severity: cs::Severity) -> std::io::Result<()> {
        self.in_header = true;
        self.inner.set_header(severity)
    }

    fn set_header_message(&mut self) -> std::io::Result<()> {
        self.inner.set_header_message()
    }

    fn set_line_number(&mut self) -> std::io::Result<()> {
        self.inner.set_line_number()
    }

    fn set_note_bullet(&mut self) -> std::io::Result<()> {
        self.inner.set_note_bullet()
    }

    fn set_source_border(&mut self) -> std::io::Result<()> {
        self.inner.set_source_border()
    }

    fn set_label(&mut self, severity: cs::Severity, style: cs::LabelStyle) -> std::io::Result<()> {
        self.inner.set_label(severity, style)
    }

    fn reset(&mut self) -> std::io::Result<()> {
        self.inner.reset()
    }
}

/// The files whose lines are quoted, each read once.
struct Sources {
    root: PathBuf,
    /// Links are followed only where loading follows them: inside the site.
    bounds: Bounds,
    read: HashMap<PathBuf, Option<Lines>>,
}

impl Sources {
    fn new(root: &Path) -> Sources {
        Sources {
            root: root.to_path_buf(),
            bounds: Bounds::of_site(root),
            read: HashMap::new(),
        }
    }

    /// The lines of `file` (relative to the root), or `None` when it has none
    /// to show.
    fn get(&mut self, file: &Path) -> Option<&Lines> {
        let (root, bounds) = (&self.root, &self.bounds);
        self.read
            .entry(file.to_path_buf())
            .or_insert_with(|| read_source(root, bounds, file, max_file_bytes()).map(Lines::new))
            .as_ref()
    }
}

/// The text of `file` (relative to `root`), shown lossily so that a file with
/// bad bytes still shows its lines. Only a regular file is read — a link only
/// when it leads inside the site, as loading follows it — and no more than
/// `limit` bytes of it (`max_file_size`: the build read no more either). A
/// device, a pipe or a refused link (loading reported it, GS004) would never
/// end or should not be read; a workbook has no lines.
fn read_source(root: &Path, bounds: &Bounds, file: &Path, limit: u64) -> Option<String> {
    let workbook = file.extension().is_some_and(|e| {
        ["xlsx", "xlsm", "xls"].contains(&e.to_string_lossy().to_ascii_lowercase().as_str())
    });
    if workbook {
        return None;
    }
    let path = root.join(file);
    bounds.check(&path, file).ok()?;
    let regular = |meta: std::fs::Metadata| meta.is_file() && meta.len() <= limit;
    if !regular(std::fs::metadata(&path).ok()?) {
        return None;
    }
    let opened = std::fs::File::open(&path).ok()?;
    // Checked again on what was opened: the file may have been replaced.
    if !regular(opened.metadata().ok()?) {
        return None;
    }
    let mut bytes = Vec::new();
    opened.take(limit).read_to_end(&mut bytes).ok()?;
    // NUL bytes: not a text file (UTF-16, or binary), no lines to show.
    if bytes.contains(&0) {
        return None;
    }
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// A file's text and where each of its lines starts: a file with thousands
/// of diagnostics is not scanned from the top for each.
struct Lines {
    text: String,
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: String) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// Line `number` (1-based), without its line end.
    fn line(&self, number: usize) -> Option<&str> {
        let start = *self.starts.get(number.checked_sub(1)?)?;
        let end = self.starts.get(number).copied().unwrap_or(self.text.len());
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }
}

/// The one line a diagnostic points at, as codespan-reporting renders it:
/// the only line of this "file", cut to a window around the column when it
/// is long, and answering with the real line and column numbers. The
/// renderer lines up the underline itself, by the display width of each
/// character of `text`, so a window keeps it in place.
#[derive(Default)]
struct Quote {
    name: String,
    /// 1-based line number in the file.
    line: usize,
    /// The line, or its window with “…” where it was cut.
    text: String,
    /// Characters of the line left out before `text`, less the one “…”
    /// standing for them: added to columns counted in `text`.
    skipped: usize,
}

impl Quote {
    /// Line `line` of `file`, of text `text`, quoted for a label from
    /// `column` (1-based, in characters) to the end of the line; returns the
    /// label's byte range in the quote.
    fn new(file: &Path, line: usize, text: &str, column: usize) -> (Quote, Range<usize>) {
        let start = text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(offset, _)| offset);
        let (from, to) = window(text, start);
        let (before, after) = (
            if from > 0 { "…" } else { "" },
            if to < text.len() { "…" } else { "" },
        );
        let quote = Quote {
            name: file.display().to_string(),
            line,
            text: format!("{before}{}{after}", &text[from..to]),
            skipped: text[..from].chars().count().saturating_sub(1),
        };
        let label = before.len() + start - from..before.len() + to - from;
        (quote, label)
    }
}

/// Columns a character takes in a terminal, as the renderer counts them
/// (a tab taken at its widest, the renderer's default tab width).
fn columns(c: char) -> usize {
    if c == '\t' {
        4
    } else {
        c.width().unwrap_or(0)
    }
}

/// The byte range of `text` to quote for a label starting at byte `start`:
/// all of it when it fits in [`QUOTE_COLUMNS`], otherwise a window of that
/// many columns (less two for the “…” marks) with up to [`QUOTE_BEFORE`]
/// columns before `start` — more when the line ends sooner. Looks at no
/// more of the line than the window, but for finding `start`.
fn window(text: &str, start: usize) -> (usize, usize) {
    let mut width = 0;
    let fits = text.chars().all(|c| {
        width += columns(c);
        width <= QUOTE_COLUMNS
    });
    if fits {
        return (0, text.len());
    }
    let budget = QUOTE_COLUMNS - 2;
    let (mut from, mut used) = back(text, start, 0, QUOTE_BEFORE);
    let mut to = start;
    for (i, c) in text[start..].char_indices() {
        if used + columns(c) > budget {
            break;
        }
        used += columns(c);
        to = start + i + c.len_utf8();
    }
    if to == text.len() {
        (from, _) = back(text, from, used, budget);
    }
    (from, to)
}

/// Moves `from` back over the characters of `text` before it while they fit
/// in `limit` columns, `used` counted already; the new `from` and `used`.
fn back(text: &str, mut from: usize, mut used: usize, limit: usize) -> (usize, usize) {
    for (i, c) in text[..from].char_indices().rev() {
        if used + columns(c) > limit {
            break;
        }
        used += columns(c);
        from = i;
    }
    (from, used)
}

impl<'a> Files<'a> for Quote {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), _byte_index: usize) -> Result<usize, files::Error> {
        Ok(self.line.saturating_sub(1))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        if line_index + 1 == self.line {
            Ok(0..self.text.len())
        } else {
            Err(files::Error::LineTooLarge {
                given: line_index,
                max: self.line.saturating_sub(1),
            })
        }
    }

    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        Ok(self.skipped + files::column_index(&self.text, 0..self.text.len(), byte_index) + 1)
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

fn file_string(d: &Diagnostic) -> String {
    d.location.file.to_string_lossy().replace('\\', "/")
}

/// The message of `d` in `lang`, its help after it in brackets.
fn message_with_help(d: &Diagnostic, lang: Lang) -> String {
    let message = d.message.get(lang);
    match (&d.help, lang) {
        (None, _) => message.to_string(),
        (Some(help), Lang::Zh) => format!("{message}（提示：{}）", help.zh()),
        (Some(help), Lang::En) => format!("{message} (help: {})", help.en()),
    }
}

/// One JSON object: `message` in `lang` (with the help in brackets), and
/// `message_zh` and `message_en` with both languages whatever `lang` is.
pub fn json_line(d: &Diagnostic, lang: Lang) -> String {
    serde_json::json!({
        "severity": d.severity().as_str(),
        "code": d.code.id(),
        "file": file_string(d),
        "line": d.location.line,
        "column": d.location.column,
        "message": message_with_help(d, lang),
        "message_zh": message_with_help(d, Lang::Zh),
        "message_en": message_with_help(d, Lang::En),
    })
    .to_string()
}

/// A GitHub Actions workflow command. Property values and the message are
/// escaped as the runner expects (`%`, CR, LF, and `:`/`,` in properties).
/// The command (`error`, `warning`) is the runner's keyword; the message and
/// its help line are in `lang`.
pub fn github_line(d: &Diagnostic, lang: Lang) -> String {
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
    let mut message = d.message.get(lang).to_string();
    if let Some(help) = &d.help {
        message.push('\n');
        message.push_str(words(lang).help);
        message.push_str(help.get(lang));
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
    use crate::diagnostics::{text, Code, Location};

    fn sample() -> Diagnostic {
        Diagnostic::new(
            Code::BadDate,
            Location::new("content/a,b.md", 3, 7),
            text!(
                zh: "日期 “2021-13-01” 不是有效日期",
                en: "the date “2021-13-01” is not a valid date"
            ),
        )
        .with_help(text!(zh: "写成 YYYY-MM-DD", en: "write it as YYYY-MM-DD"))
    }

    #[test]
    fn json_line_has_the_contract_fields() {
        for lang in [Lang::Zh, Lang::En] {
            let v: serde_json::Value = serde_json::from_str(&json_line(&sample(), lang)).unwrap();
            assert_eq!(v["severity"], "error");
            assert_eq!(v["code"], "GS106");
            assert_eq!(v["file"], "content/a,b.md");
            assert_eq!(v["line"], 3);
            assert_eq!(v["column"], 7);
            assert!(v["message"].as_str().unwrap().contains("2021-13-01"));
            assert_eq!(
                v["message_zh"],
                "日期 “2021-13-01” 不是有效日期（提示：写成 YYYY-MM-DD）"
            );
            assert_eq!(
                v["message_en"],
                "the date “2021-13-01” is not a valid date (help: write it as YYYY-MM-DD)"
            );
            let chosen = if lang == Lang::Zh {
                "message_zh"
            } else {
                "message_en"
            };
            assert_eq!(v["message"], v[chosen]);
        }
    }

    #[test]
    fn github_line_escapes_properties_and_newlines() {
        let line = github_line(&sample(), Lang::Zh);
        assert!(line.starts_with("::error file=content/a%2Cb.md,line=3,col=7,title=GS106::"));
        assert!(line.contains("不是有效日期%0A提示：写成"));
        assert!(!line.contains('\n'));
        let line = github_line(&sample(), Lang::En);
        assert!(line.starts_with("::error file=content/a%2Cb.md,line=3,col=7,title=GS106::"));
        assert!(line.ends_with(
            "::the date “2021-13-01” is not a valid date%0Ahelp: write it as YYYY-MM-DD"
        ));
    }

    #[test]
    fn the_severity_of_a_header_is_in_the_language_of_the_run() {
        let render = |severity: cs::Severity, lang: Lang| {
            let diagnostic = cs::Diagnostic::new(severity)
                .with_code("GS106")
                .with_message("error warning")
                .with_notes(vec!["error".to_string()]);
            let mut out = term::termcolor::NoColor::new(Vec::new());
            let mut localized = Localized::new(&mut out, lang);
            term::emit_to_write_style(
                &mut localized,
                &term::Config::default(),
                &Quote::default(),
                &diagnostic,
            )
            .unwrap();
            String::from_utf8(out.into_inner()).unwrap()
        };
        let zh = render(cs::Severity::Error, Lang::Zh);
        assert!(zh.starts_with("错误[GS106]: error warning\n"), "{zh}");
        assert!(zh.contains("= error"), "notes untouched: {zh}");
        let zh = render(cs::Severity::Warning, Lang::Zh);
        assert!(zh.starts_with("警告[GS106]: error warning\n"), "{zh}");
        let en = render(cs::Severity::Error, Lang::En);
        assert!(en.starts_with("error[GS106]: error warning\n"), "{en}");
        let en = render(cs::Severity::Warning, Lang::En);
        assert!(en.starts_with("warning[GS106]: "), "{en}");
    }

    /// `text` as line `line` of `a.md`, with a label from `column`,
    /// rendered without colours.
    fn render(line: usize, text: &str, column: usize) -> String {
        let (quote, label) = Quote::new(Path::new("a.md"), line, text, column);
        let diagnostic = cs::Diagnostic::error()
            .with_message("有误")
            .with_labels(vec![cs::Label::primary((), label)]);
        term::emit_into_string(&term::Config::default(), &quote, &diagnostic).unwrap()
    }

    /// The quoted line and the underline below it, from a rendering.
    fn quoted(rendered: &str) -> (&str, &str) {
        let lines: Vec<&str> = rendered.lines().collect();
        let at = lines.iter().position(|l| l.contains('^')).unwrap();
        let text = lines[at - 1].split_once("│ ").unwrap().1;
        let carets = lines[at].split_once("│ ").unwrap().1;
        (text, carets)
    }

    #[test]
    fn a_line_is_quoted_by_characters_not_bytes() {
        let lines = Lines::new("第一行\r\n标题 = 1\n".to_string());
        assert_eq!(lines.line(1), Some("第一行"));
        assert_eq!(lines.line(4), None);
        let rendered = render(2, lines.line(2).unwrap(), 4);
        assert!(rendered.contains("a.md:2:4"), "{rendered}");
        let (text, carets) = quoted(&rendered);
        assert_eq!(text, "标题 = 1");
        // Two Han characters take two columns each.
        assert_eq!(carets, "     ^^^");
    }

    #[test]
    fn a_long_line_is_quoted_around_its_column_in_a_window() {
        let tail = "<span onclick=\"x\">甲</span>";
        let long = format!("{}{tail}", "村务公开 ".repeat(200_000));
        let column = 1_000_001;
        let started = std::time::Instant::now();
        let rendered = render(6, &long, column);
        assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
        assert!(rendered.contains("a.md:6:1000001"), "{rendered}");
        let (text, carets) = quoted(&rendered);
        assert!(text.starts_with('…') && text.ends_with("</span>"), "{text}");
        let width = unicode_width::UnicodeWidthStr::width;
        assert!(width(text) <= QUOTE_COLUMNS, "{text}");
        // The underline starts under `<span`, Han characters counted twice.
        let before = &text[..text.find("<span").unwrap()];
        assert_eq!(carets.find('^'), Some(width(before)), "{text}\n{carets}");
        assert_eq!(carets.trim_start().len(), width(tail));

        // From the start of the line: cut after the window, not before.
        let rendered = render(6, &long, 1);
        assert!(rendered.contains("a.md:6:1"), "{rendered}");
        let (text, carets) = quoted(&rendered);
        assert!(
            text.starts_with("村务公开") && text.ends_with('…'),
            "{text}"
        );
        assert!(carets.starts_with('^'));
        assert!(width(text) <= QUOTE_COLUMNS, "{text}");

        // In the middle: some of what comes before, then the rest.
        let rendered = render(6, &long, 500_001);
        assert!(rendered.contains("a.md:6:500001"), "{rendered}");
        let (text, carets) = quoted(&rendered);
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        let ahead = carets.find('^').unwrap();
        assert!(
            (QUOTE_BEFORE - 1..=QUOTE_BEFORE + 1).contains(&ahead),
            "{text}\n{carets}"
        );
    }

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir(root.join("content")).unwrap();
        std::fs::write(root.join("content/a.md"), "甲\n乙\n").unwrap();
        std::fs::write(root.join("content/b.md"), "甲\0\n").unwrap();
        let bounds = Bounds::of_site(root);
        let read = |file: &str, limit| read_source(root, &bounds, Path::new(file), limit);
        assert_eq!(read("content/a.md", 100).as_deref(), Some("甲\n乙\n"));
        assert_eq!(read("content/a.md", 4), None, "over the limit");
        assert_eq!(read("content/b.md", 100), None, "NUL bytes");
        assert_eq!(read("content", 100), None, "a folder");
        assert_eq!(read("content/none.md", 100), None);
        #[cfg(unix)]
        {
            let link = |name: &str, to: &str| {
                std::os::unix::fs::symlink(to, root.join("content").join(name)).unwrap()
            };
            link("zero.md", "/dev/zero");
            link("passwd.md", "/etc/passwd");
            link("inside.md", "a.md");
            assert_eq!(read("content/zero.md", u64::MAX), None, "endless");
            assert_eq!(read("content/passwd.md", u64::MAX), None, "outside");
            assert!(read("content/inside.md", 100).is_some());
        }
    }
}
