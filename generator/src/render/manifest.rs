//! `disclosures.json`: every published notice with the sha256 of its source
//! file and of its page as written, so that anyone can verify that a notice
//! online is the one that was published.

use super::context::Urls;
use super::pages::sha256_hex;
use super::{Collector, Origin};
use crate::model::Site;
use crate::output::{Contents, MANIFEST};
use rayon::prelude::*;
use serde::Serialize;

#[derive(Serialize)]
struct Manifest<'a> {
    generator: String,
    base_url: &'a str,
    build_date: Option<String>,
    /// A digest chained over every entry in path order: one value an
    /// auditor records to tell later whether any notice was added, removed
    /// or changed (see [`chain`]).
    chain_sha256: String,
    notices: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    url: String,
    path: &'a str,
    title: &'a str,
    kind: &'a str,
    region: &'a str,
    region_code: Option<&'a str>,
    date: String,
    source: String,
    source_sha256: &'a str,
    page_sha256: String,
}

/// Adds the manifest; must run after every notice page is in `out`.
pub fn write(site: &Site, urls: &Urls, out: &mut Collector) {
    let shared: &Collector = out;
    let mut notices: Vec<Entry> = site
        .notices
        .par_iter()
        .map(|n| {
            let region = site.region(n.region);
            let page = shared
                .sha256(&format!("{}index.html", n.path))
                .unwrap_or_default();
            Entry {
                url: urls.absolute(&n.path),
                path: &n.path,
                title: &n.title,
                kind: &n.kind,
                region: &region.name,
                region_code: region.code.as_deref(),
                date: n.date.date.format("%Y-%m-%d").to_string(),
                source: n.source.to_string_lossy().replace('\\', "/"),
                source_sha256: &n.source_sha256,
                page_sha256: page,
            }
        })
        .collect();
    notices.sort_by(|a, b| a.path.cmp(b.path));
    let chain_sha256 = chain(
        notices
            .iter()
            .map(|n| (n.path, n.source_sha256, n.page_sha256.as_str())),
    );
    let manifest = Manifest {
        generator: format!("gongshi {}", env!("CARGO_PKG_VERSION")),
        base_url: site.config.base_url.url(),
        build_date: site.build_date.map(|d| d.format("%Y-%m-%d").to_string()),
        chain_sha256,
        notices,
    };
    let mut json = serde_json::to_vec_pretty(&manifest).expect("plain data serializes");
    json.push(b'\n');
    out.add(
        MANIFEST.into(),
        Contents::Bytes(json),
        Origin::Generated("公示清单", "disclosure manifest"),
    );
}

/// The chained digest of manifest entries `(path, source_sha256,
/// page_sha256)` given in path order: `h0 = sha256("gongshi-disclosures/1")`,
/// then `h = sha256(h ‖ "\n" ‖ path ‖ "\n" ‖ source ‖ "\n" ‖ page)` per entry,
/// in lowercase hex. Anyone can recompute it from the list with a few lines
/// of any language; `verify` does.
pub fn chain<'e>(entries: impl IntoIterator<Item = (&'e str, &'e str, &'e str)>) -> String {
    let mut digest = sha256_hex(b"gongshi-disclosures/1");
    for (path, source, page) in entries {
        digest = sha256_hex(format!("{digest}\n{path}\n{source}\n{page}").as_bytes());
    }
    digest
}

#[cfg(test)]
mod tests {
    use super::chain;

    #[test]
    fn chain_depends_on_every_entry_and_its_order() {
        let a = ("a/", "1", "2");
        let b = ("b/", "3", "4");
        let both = chain([a, b]);
        assert_eq!(both.len(), 64);
        assert_ne!(both, chain([b, a]));
        assert_ne!(both, chain([a]));
        assert_ne!(both, chain([a, ("b/", "3", "5")]));
        assert_eq!(both, chain([a, b]));
    }
}
