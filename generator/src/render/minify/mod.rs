//! `minify = true` in the config (or `build --minify`): every page is
//! written without the whitespace, comments and quotes a browser does not
//! need (minify-html), and a site's own stylesheets under `site/static/`
//! are minified like the theme's (`css.rs`, lightningcss). Pages are
//! minified before they are added to the output, so `disclosures.json`
//! hashes the bytes written.

mod css;

use crate::config::Config;
use crate::diagnostics::{text, Code, Diagnostic, Location};
use minify_html::Cfg;
use std::path::Path;

/// What minify-html may do to a page: only what keeps it valid HTML that
/// every browser, screen reader and checking tool parses as it parsed the
/// page before.
static PAGE: Cfg = Cfg {
    // Every tag stays where it was written: `serve` puts its live-reload
    // script before `</body>`, and people who read the source of a
    // published notice (or check it against `disclosures.json`) see the
    // document's whole structure. Omitting them would save ~1% more after
    // gzip for ~25% more time (BENCHMARKS.md, "Minification").
    keep_closing_tags: true,
    keep_html_and_head_opening_tags: true,
    // Output that follows the HTML standard, not what "almost all
    // browsers" accept: old browsers in village offices, validators.
    allow_noncompliant_unquoted_attribute_values: false,
    allow_optimal_entities: false,
    allow_removing_spaces_between_attributes: false,
    minify_doctype: false,
    keep_comments: false,
    keep_ssi_comments: false,
    keep_input_type_text_attr: false,
    // The one inline script is the theme's, the same on every page:
    // minifying it again on every page of every build doubles the time
    // for ~2.5% less after gzip. Pages have no `<style>`, and `style`
    // attributes are few and short.
    minify_js: false,
    minify_css: false,
    // Notice text is not a template: `{{` and `<%` are plain text.
    preserve_brace_template_syntax: false,
    preserve_chevron_percent_template_syntax: false,
    remove_bangs: false,
    remove_processing_instructions: false,
};

/// A rendered page, minified.
pub fn page(html: &[u8]) -> Vec<u8> {
    minify_html::minify(html, &PAGE)
}

/// Whether the static file published at `path` is minified: stylesheets,
/// when the site asks for it (other files are copied as they are).
pub fn minifies_static(config: &Config, path: &str) -> bool {
    config.minify && path.ends_with(".css")
}

/// A stylesheet of the site (`file`, relative to the site's root), minified;
/// one that does not parse is kept as it is, with a warning: the browser
/// skips what it does not understand, so the site still works.
pub fn site_stylesheet(bytes: Vec<u8>, file: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<u8> {
    let minified = std::str::from_utf8(&bytes)
        .map_err(|_| css::Unparsable {
            reason: "not UTF-8".into(),
            at: None,
        })
        .and_then(css::minify);
    match minified {
        Ok(text) => text.into_bytes(),
        Err(e) => {
            diagnostics.push(not_minified(file, &e));
            bytes
        }
    }
}

fn not_minified(file: &Path, e: &css::Unparsable) -> Diagnostic {
    let (reason, shown) = (&e.reason, file.display());
    let location = match e.at {
        Some((line, column)) => Location::new(file, line, column),
        None => Location::file(file),
    };
    Diagnostic::new(
        Code::StylesheetNotMinified,
        location,
        text!(
            zh: "样式表 {shown} 无法解析，已原样发布，没有压缩（{reason}）",
            en: "the stylesheet `{shown}` cannot be parsed, so it is published as it is, not minified ({reason})"
        ),
    )
    .with_help(text!(
        zh: "检查这一处的括号、引号和分号是否成对、写全；浏览器会跳过看不懂的部分，网站仍可使用",
        en: "check that the brackets, parentheses, quotes and semicolons there are paired and complete; browsers skip what they do not understand, so the site still works"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_keep_their_tags_and_lose_whitespace_and_comments() {
        let html = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<title>通知</title>\n</head>\n<body>\n<!-- x -->\n<ul>\n  <li><a href=\"/a/\" class=\"x y\">甲</a></li>\n</ul>\n<p id=\"换届\">乙 <em>丙</em></p>\n</body>\n</html>\n";
        let page = String::from_utf8(page(html.as_bytes())).unwrap();
        assert_eq!(
            page,
            "<!doctype html><html lang=zh-CN><head><title>通知</title></head><body><ul><li><a class=\"x y\" href=/a/>甲</a></li></ul><p id=换届>乙 <em>丙</em></p></body></html>"
        );
    }

    #[test]
    fn a_stylesheet_is_minified_or_kept_with_a_warning() {
        let mut found = Vec::new();
        let file = Path::new("site/static/a.css");
        let css = b"a {\n  color: #ff0000;\n}\n".to_vec();
        assert_eq!(site_stylesheet(css, file, &mut found), b"a{color:red}");
        assert!(found.is_empty());
        let broken = b"a {\n  color: red;\n}\na b) {}\n".to_vec();
        assert_eq!(site_stylesheet(broken.clone(), file, &mut found), broken);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, Code::StylesheetNotMinified);
        assert_eq!(found[0].location.line, 4);
        assert_eq!(found[0].location.column, 4);
        assert!(found[0].message.zh().contains("site/static/a.css"));
        let latin1 = b"a{content:\"\xe9\"}".to_vec();
        assert_eq!(site_stylesheet(latin1.clone(), file, &mut found), latin1);
        assert_eq!(found.len(), 2);
    }
}
