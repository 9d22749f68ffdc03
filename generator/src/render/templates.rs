//! Tera templates: the default theme is embedded from `site/templates/`; a
//! file of the same name in a site's `site/templates/` replaces it, and new
//! files there are available to `{% include %}` and `{% extends %}`.

use crate::diagnostics::{relative_to, text, Code, Diagnostic, Location, Text};
use std::path::Path;
use tera::Tera;

pub const TEMPLATES_DIR: &str = "site/templates";

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../site/templates/", $name)))),*]
    };
}

/// The default theme's templates, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "macros.html",
    "index.html",
    "region.html",
    "notice.html",
    "election.html",
    "kind.html",
    "kinds.html",
    "search.html",
    "404.html",
    "feed.xml",
    "sitemap.xml",
);

/// Loads the default theme, then the site's overrides.
pub fn load(root: &Path) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    tera.set_escape_fn(escape);
    tera.add_raw_templates(DEFAULT_TEMPLATES.iter().copied())
        .map_err(|e| vec![template_error(Path::new(TEMPLATES_DIR), &e)])?;
    let dir = root.join(TEMPLATES_DIR);
    if !dir.is_dir() {
        return Ok(tera);
    }
    let mut overrides = Vec::new();
    let mut errors = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) if e.file_type().is_file() && is_template(e.path()) => e,
            Ok(_) => continue,
            Err(e) => {
                errors.push(Diagnostic::new(
                    Code::FileUnreadable,
                    Location::file(relative_to(root, &dir)),
                    text!(
                        zh: "无法读取模板文件夹：{e}",
                        en: "cannot read the templates folder: {e}"
                    ),
                ));
                continue;
            }
        };
        let name = relative_to(&dir, entry.path())
            .to_string_lossy()
            .into_owned();
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => overrides.push((name, text)),
            Err(e) => errors.push(Diagnostic::new(
                Code::FileUnreadable,
                Location::file(relative_to(root, entry.path())),
                text!(zh: "无法读取模板：{e}", en: "cannot read the template: {e}"),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    tera.add_raw_templates(overrides)
        .map_err(|e| vec![template_error(&relative_to(root, &dir), &e)])?;
    Ok(tera)
}

/// Files in `site/templates/` that are templates; notes such as a README
/// beside them are not.
fn is_template(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("html" | "htm" | "xml" | "txt" | "json")
    )
}

/// Autoescaping for HTML and XML: the five characters that can end a text
/// or attribute value. Tera's own escaping also rewrites `/`, which makes
/// every URL in the output harder to read for no safety gain.
pub fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let mut copied = 0;
    // The five are ASCII, which never occurs inside a multi-byte UTF-8
    // sequence: every index found is a character boundary.
    for (i, byte) in input.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&input[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&input[copied..]);
    out
}

/// A Tera error with its chain of causes, which is where Tera puts the
/// useful part ("Variable `x` not found in context").
pub fn template_error(file: &Path, error: &tera::Error) -> Diagnostic {
    let mut causes = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        causes.push(cause.to_string());
        source = cause.source();
    }
    Diagnostic::new(
        Code::TemplateError,
        Location::file(file),
        Text::new(
            format!("模板错误：{}", causes.join("：")),
            format!("template error: {}", causes.join(": ")),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_replaces_the_five_and_keeps_everything_else() {
        assert_eq!(
            escape(r#"<a href="x?a=1&b='2'">村务/公开</a>"#),
            "&lt;a href=&quot;x?a=1&amp;b=&#39;2&#39;&quot;&gt;村务/公开&lt;/a&gt;"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("公示"), "公示");
        assert_eq!(escape("&"), "&amp;");
    }
}
