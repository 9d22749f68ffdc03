//! `minify = true` and `build --minify`: pages minified with minify-html
//! and a site's stylesheets with lightningcss, the pages meaning what they
//! meant (same ids, links and text), the manifest hashing what is written,
//! feeds and the sitemap untouched, a stylesheet that does not parse
//! published as it is with a warning.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use support::{assert_exit, json_diagnostics, sha256_hex, tree, Site};

/// What a page means, as a browser would read it: the `id` and `href`
/// values (entities decoded) and the text with whitespace left out.
#[derive(Debug, PartialEq)]
struct Meaning {
    ids: BTreeSet<String>,
    hrefs: BTreeSet<String>,
    text: String,
}

fn meaning(html: &[u8]) -> Meaning {
    let mut meaning = Meaning {
        ids: BTreeSet::new(),
        hrefs: BTreeSet::new(),
        text: String::new(),
    };
    for token in html5gum::Tokenizer::new(html).flatten() {
        match token {
            html5gum::Token::StartTag(tag) => {
                for (name, value) in &tag.attributes {
                    let value = String::from_utf8_lossy(value).into_owned();
                    match &***name {
                        b"id" => meaning.ids.insert(value),
                        b"href" => meaning.hrefs.insert(value),
                        _ => false,
                    };
                }
            }
            html5gum::Token::String(text) => meaning.text.extend(
                String::from_utf8_lossy(&text)
                    .chars()
                    .filter(|c| !c.is_whitespace()),
            ),
            _ => {}
        }
    }
    meaning
}

/// Output files by path, with their bytes.
type Files = BTreeMap<String, Vec<u8>>;

/// The `basic` fixture built into `public/` as it is (`plain`), and into
/// `minified/` with `--minify`.
struct BuiltBothWays {
    site: Site,
    plain: Files,
    minified: Files,
}

fn built_both_ways() -> BuiltBothWays {
    let site = Site::copy_of("basic");
    assert_exit(&site.build(&["--no-precompress"]), 0);
    let minified = site.path("minified");
    let out = minified.to_str().unwrap();
    assert_exit(
        &site.build(&["--no-precompress", "--minify", "--out", out]),
        0,
    );
    BuiltBothWays {
        plain: tree(&site.path("public")),
        minified: tree(&minified),
        site,
    }
}

#[test]
fn minified_pages_are_smaller_and_mean_the_same() {
    let BuiltBothWays {
        plain, minified, ..
    } = built_both_ways();
    assert_eq!(
        plain.keys().collect::<Vec<_>>(),
        minified.keys().collect::<Vec<_>>(),
        "the same files"
    );
    let pages: Vec<&String> = plain.keys().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.len() > 20, "{pages:?}");
    for page in pages {
        let (before, after) = (&plain[page], &minified[page]);
        assert!(
            after.len() < before.len(),
            "{page}: {} → {} bytes",
            before.len(),
            after.len()
        );
        assert_eq!(meaning(before), meaning(after), "{page}");
        // The build's own reading of ids (the anchor check) finds them all.
        let ids: BTreeSet<String> = gongshi::render::links::page_ids(after)
            .into_iter()
            .collect();
        assert_eq!(ids, meaning(after).ids, "{page}");
    }
    // Everything else is written as it was: feeds and the sitemap (XML,
    // not pages), the search index (made from the Markdown, not the
    // pages), table downloads; only the manifest hashes other pages.
    for (path, bytes) in &plain {
        if !path.ends_with(".html") && path != "disclosures.json" {
            assert_eq!(bytes, &minified[path], "{path}");
        }
    }
}

#[test]
fn the_manifest_hashes_the_minified_pages() {
    let BuiltBothWays {
        site,
        plain,
        minified,
    } = built_both_ways();
    let manifest: serde_json::Value =
        serde_json::from_slice(&minified["disclosures.json"]).unwrap();
    let notices = manifest["notices"].as_array().unwrap();
    assert!(!notices.is_empty());
    for n in notices {
        let page = format!("{}index.html", n["path"].as_str().unwrap());
        assert_ne!(plain[&page], minified[&page], "{page} is minified");
        assert_eq!(n["page_sha256"], sha256_hex(&minified[&page]), "{page}");
    }
    let out = support::gongshi(
        &["verify", "--site", site.path("minified").to_str().unwrap()],
        None,
    );
    assert_exit(&out, 0);
}

const STYLESHEET: &str =
    "/* 本村的颜色 */\n.notice-body {\n  color: #ff0000;\n  margin: 0px 0px 0px 0px;\n}\n";
const BROKEN: &str = ".notice-body {\n  color: red;\n}\n.notice-body p) { color: red; }\n";

#[test]
fn site_stylesheets_are_minified_and_a_broken_one_is_kept_with_a_warning() {
    let site = Site::copy_of("basic");
    let config = site.read("site/config.toml");
    site.write("site/config.toml", &format!("{config}minify = true\n"));
    site.write("site/static/css/village.css", STYLESHEET);
    site.write("site/static/css/broken.css", BROKEN);
    // The theme's stylesheet replaced by the site's own.
    site.write("site/static/_gongshi/gongshi.css", STYLESHEET);
    site.write("site/static/notes.txt", "  as it is  \n");
    let out = site.build(&["--format", "json", "--no-precompress"]);
    assert_exit(&out, 0);
    let warnings: Vec<serde_json::Value> = json_diagnostics(&out)
        .into_iter()
        .filter(|d| d["code"] == "GS402")
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = &warnings[0];
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["file"], "site/static/css/broken.css");
    assert_eq!(warning["line"], 4);
    assert_eq!(warning["column"], 15);
    assert!(warning["message_zh"]
        .as_str()
        .unwrap()
        .contains("site/static/css/broken.css"));

    let minified = ".notice-body{color:red;margin:0}";
    assert_eq!(site.read("public/css/village.css"), minified);
    assert_eq!(site.read("public/css/broken.css"), BROKEN);
    assert_eq!(site.read("public/notes.txt"), "  as it is  \n");
    let theme = site.theme_file("gongshi.css");
    assert_eq!(site.read(&format!("public/{theme}")), minified);
    assert!(site.read("public/index.html").contains(&theme));
}

#[test]
fn minify_takes_true_or_false() {
    let site = Site::copy_of("basic");
    let config = site.read("site/config.toml");
    site.write("site/config.toml", &format!("{config}minify = \"yes\"\n"));
    let out = site.build(&["--format", "json"]);
    assert_exit(&out, 1);
    let diagnostics = json_diagnostics(&out);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let error = &diagnostics[0];
    assert_eq!(error["code"], "GS010");
    assert_eq!(error["file"], "site/config.toml");
    assert_eq!(error["line"], config.lines().count() + 1);
    assert!(
        error["message_zh"]
            .as_str()
            .unwrap()
            .contains("true 或 false"),
        "{error}"
    );
    assert!(
        error["message_en"]
            .as_str()
            .unwrap()
            .contains("true or false"),
        "{error}"
    );
    assert!(!site.path("public").exists());
}
