//! Hosting-ready output: theme files under content-hashed names, `.gz` and
//! `.br` copies beside text files, `_headers` and `.nojekyll`.

mod support;

use std::io::Read;
use support::{assert_exit, sha256_hex, tree, Site};

fn built(extra: &[&str]) -> Site {
    let site = Site::copy_of("basic");
    assert_exit(&site.build(extra), 0);
    site
}

/// `stem.<10 hex>.ext` → the hash, for theme files.
fn name_hash(name: &str) -> Option<&str> {
    let mut parts = name.rsplitn(3, '.');
    let (_ext, hash) = (parts.next()?, parts.next()?);
    parts.next()?;
    (hash.len() == 10 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hash)
}

#[test]
fn theme_files_are_named_by_the_hash_of_their_contents() {
    let site = built(&[]);
    let files = tree(&site.path("public"));
    let theme: Vec<(&String, &Vec<u8>)> = files
        .iter()
        .filter(|(p, _)| {
            p.starts_with("_gongshi/")
                && !p.starts_with("_gongshi/search/")
                && [".css", ".js", ".wasm"].iter().any(|e| p.ends_with(e))
        })
        .collect();
    let names: Vec<&str> = theme.iter().map(|(p, _)| p.as_str()).collect();
    // search.js names the index of the build: the one script kept by name.
    assert!(names.contains(&"_gongshi/search.js"), "{names:?}");
    assert_eq!(theme.len(), 10, "{names:?}");
    for (path, bytes) in theme {
        if path == "_gongshi/search.js" {
            continue;
        }
        let hash = name_hash(path).unwrap_or_else(|| panic!("{path} has no hash"));
        assert_eq!(hash, &sha256_hex(bytes)[..10], "{path}");
    }
    // Every theme file a page or script names exists.
    let home = site.read("public/index.html");
    for name in [
        "gongshi.css",
        "reading_mode.js",
        "search_engine.js",
        "table.js",
    ] {
        let published = site.theme_file(name);
        assert!(files.contains_key(&published), "{published}");
        assert!(
            home.contains(&format!("/{published}")),
            "{published} on the home page"
        );
    }
    let search = site.read("public/_gongshi/search.js");
    for name in ["search_engine.js", "search_engine_bg.wasm"] {
        let published = site.theme_file(name);
        let file_name = published.trim_start_matches("_gongshi/");
        assert!(search.contains(file_name), "search.js loads {file_name}");
    }
    let table = site.read(&format!("public/{}", site.theme_file("table.js")));
    let glue = site.theme_file("table_widget.js");
    assert!(table.contains(glue.trim_start_matches("_gongshi/")));
}

#[test]
fn text_files_have_gzip_and_brotli_copies_that_decompress_to_them() {
    let site = built(&[]);
    let files = tree(&site.path("public"));
    let mut checked = 0;
    for (path, bytes) in &files {
        let compressible = [
            ".html", ".css", ".js", ".json", ".xml", ".wasm", ".bin", ".csv",
        ]
        .iter()
        .any(|e| path.ends_with(e));
        if !compressible || bytes.len() < 512 {
            continue;
        }
        for suffix in [".gz", ".br"] {
            let Some(copy) = files.get(&format!("{path}{suffix}")) else {
                // Only left out when it would not be smaller.
                assert!(bytes.len() < 1024, "{path}{suffix} missing");
                continue;
            };
            let mut back = Vec::new();
            if suffix == ".gz" {
                flate2::read::GzDecoder::new(&copy[..])
                    .read_to_end(&mut back)
                    .unwrap();
            } else {
                brotli::BrotliDecompress(&mut &copy[..], &mut back).unwrap();
            }
            assert!(
                back == *bytes,
                "{path}{suffix} does not decompress to {path}"
            );
            assert!(copy.len() < bytes.len(), "{path}{suffix} is not smaller");
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} copies checked");
    // No copy of a copy, and none of small or already compressed files.
    assert!(!files
        .keys()
        .any(|p| p.ends_with(".gz.br") || p.ends_with(".br.gz")));
    assert!(!files.contains_key(".nojekyll.gz"));
}

#[test]
fn precompression_can_be_turned_off() {
    let site = built(&["--no-precompress"]);
    let files = tree(&site.path("public"));
    assert!(files.contains_key("index.html"));
    assert!(
        !files
            .keys()
            .any(|p| p.ends_with(".gz") || p.ends_with(".br")),
        "compressed copies written"
    );
}

#[test]
fn hosts_get_cache_rules_and_github_pages_skips_jekyll() {
    let site = built(&[]);
    assert_eq!(site.read("public/.nojekyll"), "");
    let headers = site.read("public/_headers");
    let rules: Vec<(&str, &str)> = headers
        .split('\n')
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[0].starts_with('/') && w[1].starts_with("  "))
        .map(|w| (w[0], w[1].trim()))
        .collect();
    let immutable = "Cache-Control: public, max-age=31536000, immutable";
    for name in [
        "gongshi.css",
        "reading_mode.js",
        "reading_mode_bg.wasm",
        "search_engine.js",
        "search_engine_bg.wasm",
        "table.js",
        "table_widget.js",
        "table_widget_bg.wasm",
        "read_aloud.js",
    ] {
        let path = format!("/{}", site.theme_file(name));
        assert!(
            rules.contains(&(path.as_str(), immutable)),
            "{path}: {headers}"
        );
    }
    assert!(
        rules.contains(&("/_gongshi/search/*", immutable)),
        "{headers}"
    );
    assert!(
        rules.contains(&(
            "/_gongshi/search.js",
            "Cache-Control: public, max-age=300, must-revalidate"
        )),
        "{headers}"
    );
    // Rules that a page's path would match set no cache lifetime: hosts
    // join the values of overlapping rules.
    for (path, header) in &rules {
        if header.starts_with("Cache-Control") {
            assert!(path.starts_with("/_gongshi/"), "{path}");
        }
    }
}

#[test]
fn two_builds_write_the_same_bytes() {
    let (a, b) = (built(&[]), built(&[]));
    let (ta, tb) = (tree(&a.path("public")), tree(&b.path("public")));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(tb[path] == *bytes, "{path} differs between builds");
    }
}
