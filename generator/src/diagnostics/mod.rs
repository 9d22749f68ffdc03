//! Diagnostics are data: every problem found in a run carries a code, a file,
//! a line and a column, and is printed by one reporter (`report`) in the
//! format the user asked for. Stages never print; they return diagnostics.

mod codes;
pub mod explain;
mod lang;
pub mod plain;
mod report;
mod text;

pub use crate::text;
pub use codes::Code;
pub use explain::Explanation;
pub use lang::Lang;
pub use report::{Format, Reporter};
pub use text::{count_en, list, Text};

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a file of the site. `line` and `column` are 1-based; a line of
/// 0 means "the file as a whole" (for example a file that cannot be read).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// Relative to the site root, with `/` separators (`content/a/b.md`).
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line,
            column,
        }
    }

    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location::new(file, 0, 0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub location: Location,
    /// One sentence, in Chinese and in English, with the numbers and names
    /// involved; the reporter prints it in the language of the run.
    pub message: Text,
    /// What to do about it, when that is not obvious from the message.
    pub help: Option<Text>,
}

impl Diagnostic {
    pub fn new(code: Code, location: Location, message: Text) -> Self {
        Diagnostic {
            code,
            location,
            message,
            help: None,
        }
    }

    pub fn with_help(mut self, help: Text) -> Self {
        self.help = Some(help);
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// Everything a run found, in a stable order.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity() == Severity::Error)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    }

    /// Sorted by file, line and column (duplicates dropped) so that output does not depend on the
    /// order in which stages (or threads) found the problems.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.location, a.code.id(), &a.message).cmp(&(&b.location, b.code.id(), &b.message))
        });
        // The same problem found by every page that meets it (a broken
        // template) is reported once.
        self.items.dedup();
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Turns an absolute or root-relative path into the root-relative form used
/// in diagnostics and manifests, always with `/` separators.
pub fn relative_to(root: &Path, path: &Path) -> PathBuf {
    let rel = path.strip_prefix(root).unwrap_or(path);
    PathBuf::from(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}
