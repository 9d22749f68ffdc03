//! Files for static hosts: `_headers` (Netlify, Cloudflare Pages) with
//! cache lifetimes, and `.nojekyll`, which stops GitHub Pages from running
//! Jekyll over the site (it would drop folders whose names start with `_`,
//! such as `_gongshi/`). `docs/deploy.md` gives the same rules for nginx.

use super::context::Urls;
use super::fingerprint::ThemeAssets;
use super::{Collector, Origin};
use crate::assets;
use crate::output::Contents;

/// A year: files whose name changes with their content never go stale.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `search.js` names the index of the current build: re-checked often.
const SHORT: &str = "public, max-age=300, must-revalidate";

pub fn write(urls: &Urls, theme: &ThemeAssets, out: &mut Collector) {
    out.add(
        ".nojekyll".to_string(),
        Contents::Bytes(Vec::new()),
        Origin::Generated("GitHub Pages 标记文件", "GitHub Pages marker file"),
    );
    out.add(
        "_headers".to_string(),
        Contents::Bytes(headers(urls, theme).into_bytes()),
        Origin::Generated("托管平台响应头文件", "hosting headers file"),
    );
}

/// One rule per fingerprinted file (a host applies every rule that matches a
/// path, joining the values of a header named twice, so rules must not
/// overlap), the search index folder (its name is the index's hash), and
/// `search.js`. Pages get the host's default, which revalidates.
fn headers(urls: &Urls, theme: &ThemeAssets) -> String {
    let mut text =
        String::from("# Written by gongshi for Netlify and Cloudflare Pages; see docs/deploy.md\n");
    let rule = |text: &mut String, path: &str, cache: &str| {
        text.push_str(&format!("{path}\n  Cache-Control: {cache}\n"));
    };
    for (path, _) in theme.files() {
        rule(&mut text, &urls.link(path), IMMUTABLE);
    }
    rule(
        &mut text,
        &format!("{}*", urls.link(assets::SEARCH_INDEX_DIR)),
        IMMUTABLE,
    );
    rule(&mut text, &urls.link(assets::SEARCH_JS_PATH), SHORT);
    text.push_str(&format!(
        "{}*\n  X-Content-Type-Options: nosniff\n",
        urls.link("")
    ));
    text
}
