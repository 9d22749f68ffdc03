//! A stylesheet minified with lightningcss, for every browser (no
//! target-specific rewrites). Shared by the build script, which minifies the
//! theme's stylesheet once, and by builds with `minify = true`, which
//! minify a site's own; so this file uses nothing but lightningcss.

use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
use std::fmt;

/// Why a stylesheet was not minified: lightningcss's reason, and where in
/// the file when it knows (line and column, from 1).
#[derive(Debug)]
pub struct Unparsable {
    pub reason: String,
    pub at: Option<(usize, usize)>,
}

impl<T: fmt::Display> From<lightningcss::error::Error<T>> for Unparsable {
    fn from(e: lightningcss::error::Error<T>) -> Self {
        Unparsable {
            reason: e.kind.to_string(),
            // lightningcss counts lines from 0 and columns from 1.
            at: e.loc.map(|l| (l.line as usize + 1, l.column as usize)),
        }
    }
}

impl fmt::Display for Unparsable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{} (line {line}, column {column})", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

/// `source` minified, or why it cannot be: a stylesheet lightningcss does not
/// parse whole is refused rather than half minified.
pub fn minify(source: &str) -> Result<String, Unparsable> {
    let mut sheet = StyleSheet::parse(source, ParserOptions::default())?;
    sheet.minify(MinifyOptions::default())?;
    let printed = sheet.to_css(PrinterOptions {
        minify: true,
        ..PrinterOptions::default()
    })?;
    Ok(printed.code)
}
