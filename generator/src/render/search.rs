//! The search index of a build, written with the same core the browser and
//! `gongshi search` read it with (`gongshi_widgets::search`).
//!
//! Files, all under `_gongshi/search/<version>/` where `version` is a hash
//! of their content (so hosts may cache them forever): `index.bin` (entry),
//! `s<N>.bin` (term shards) and `r/<doc>.json` (one record per notice, for
//! results and excerpts). `_gongshi/search.js` is written with the version
//! and the entry file (base64) in it; pages do not name the version, so an
//! index change leaves pages (and their hashes in `disclosures.json`) as
//! they are.

use super::context::{region_full_name, Urls};
use super::fingerprint::ThemeAssets;
use super::markdown::RenderedBody;
use super::{Origin, Sink};
use crate::assets;
use crate::load::newest_first;
use crate::model::{Notice, NoticeId, Site};
use crate::output::Contents;
use base64::Engine as _;
use chrono::Datelike;
use gongshi_widgets::search::builder::{Document, IndexBuilder};
use gongshi_widgets::search::format::Choice;
use gongshi_widgets::search::normalize::normalize;
use gongshi_widgets::search::terms::Filter;
use gongshi_widgets::search::tokenize::{tokens, Token};
use pinyin::ToPinyin;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Target size of a term shard before compression.
const SHARD_BYTES: usize = 12 * 1024;

/// One result as the widget and `gongshi search` show it.
#[derive(Serialize, serde::Deserialize)]
pub struct Record {
    pub url: String,
    pub title: String,
    pub kind: String,
    pub region: String,
    pub date: String,
    /// The notice's text (for excerpts and exact-match verification).
    pub text: String,
}

/// Pinyin syllables of each Han run of `text`, for pinyin search.
fn pinyin_runs(text: &str) -> Vec<Vec<String>> {
    tokens(&normalize(text))
        .into_iter()
        .filter_map(|t| match t {
            Token::Han(run) => Some(
                run.chars()
                    .filter_map(|c| c.to_pinyin().map(|p| p.plain().to_string()))
                    .collect::<Vec<_>>(),
            ),
            Token::Word(_) => None,
        })
        .filter(|run| !run.is_empty())
        .collect()
}

/// How the notices are cut for indexing on every core: runs of
/// `notices` consecutive notices, each indexed by one worker, joined in
/// rank order `per_wave` runs at a time. Any cut makes the same index.
#[derive(Clone, Copy)]
pub struct Runs {
    notices: usize,
    per_wave: usize,
}

/// A run takes a worker about a tenth of a second.
pub const RUNS: Runs = Runs {
    notices: 512,
    per_wave: 8,
};

/// A search index left unmade because its `stop` said so.
#[derive(Debug)]
pub struct Stopped;

/// Makes the search index, cut in `runs`, and adds its files to `out`.
/// `stop` is asked before each notice and each join of the runs: the
/// preview stops making an index an edit has made stale already. Nothing
/// is added to `out` when it stops.
pub fn write(
    site: &Site,
    bodies: &[RenderedBody],
    theme: &ThemeAssets,
    out: &mut impl Sink,
    stop: &(dyn Fn() -> bool + Sync),
    runs: Runs,
) -> Result<(), Stopped> {
    let urls = &Urls::new(&site.config);
    let mut order: Vec<NoticeId> = site.notices.iter().map(|n| n.id).collect();
    order.sort_by(|a, b| newest_first(site.notice(*a), site.notice(*b)));

    // Consecutive runs of notices are indexed on every core, then joined in
    // rank order: the same index as adding them one by one. A wave of runs
    // is joined before the next is made: a run's own dictionary repeats
    // most terms of the others, and holding every run until the end took
    // a ninth of a 100,000-notice build's peak memory (1.78 -> 1.58 GB).
    // `stop` is asked before each notice and each join: an atomic load.
    let mut builder = IndexBuilder::new();
    let mut records = Vec::with_capacity(order.len());
    for wave in order.chunks(runs.notices.saturating_mul(runs.per_wave)) {
        let parts: Vec<(IndexBuilder, Vec<Vec<u8>>)> = wave
            .par_chunks(runs.notices)
            .map(|ids| {
                let mut builder = IndexBuilder::new();
                let records = ids
                    .iter()
                    .map(|id| {
                        (!stop()).then(|| {
                            index_notice(
                                site,
                                site.notice(*id),
                                &bodies[id.0].text,
                                urls,
                                &mut builder,
                            )
                        })
                    })
                    .collect::<Option<_>>()?;
                Some((builder, records))
            })
            .collect::<Option<_>>()
            .ok_or(Stopped)?;
        for (part, part_records) in parts {
            if stop() {
                return Err(Stopped);
            }
            builder.append(part);
            records.extend(part_records);
        }
    }
    let years = order
        .iter()
        .map(|id| site.notice(*id).date.date.year() as u32)
        .collect();
    builder.set_choices(kind_choices(site), region_choices(site), years);
    if stop() {
        return Err(Stopped);
    }
    let files = builder.finish(SHARD_BYTES);

    let entry_base64 = base64::engine::general_purpose::STANDARD.encode(&files.entry);
    let mut named: Vec<(String, Vec<u8>)> = vec![("index.bin".into(), files.entry)];
    named.extend(
        files
            .shards
            .into_iter()
            .enumerate()
            .map(|(i, s)| (format!("s{i}.bin"), s)),
    );
    named.extend(
        records
            .into_iter()
            .enumerate()
            .map(|(i, r)| (format!("r/{i}.json"), r)),
    );
    let mut hasher = Sha256::new();
    for (name, bytes) in &named {
        hasher.update(name.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    let version = crate::load::hex(&hasher.finalize()[..8]);
    let dir = format!("{}{version}/", assets::SEARCH_INDEX_DIR);
    for (name, bytes) in named {
        out.add(
            format!("{dir}{name}"),
            Contents::Bytes(bytes),
            Origin::Generated("搜索索引", "search index"),
        );
    }
    // The widget loads the engine's glue and wasm by their hashed names.
    let script = theme
        .rewrite(assets::SEARCH_JS)
        .replace(assets::SEARCH_INDEX_PLACEHOLDER, &urls.link(&dir))
        .replace(assets::SEARCH_ENTRY_PLACEHOLDER, &entry_base64);
    out.add(
        assets::SEARCH_JS_PATH.to_string(),
        Contents::Bytes(script.into_bytes()),
        Origin::Generated("搜索脚本", "search script"),
    );
    Ok(())
}

/// Adds `notice` to `builder`; returns its record, as JSON.
fn index_notice(
    site: &Site,
    notice: &Notice,
    body: &str,
    urls: &Urls,
    builder: &mut IndexBuilder,
) -> Vec<u8> {
    let lineage = site.lineage(notice.region);
    let names: Vec<&str> = lineage.iter().skip(1).map(|r| r.name.as_str()).collect();
    let mut pinyin = pinyin_runs(&notice.title);
    for name in &names {
        pinyin.extend(pinyin_runs(name));
    }
    let year = notice.date.date.year();
    let mut filters = vec![
        (Filter::Kind, notice.kind.clone()),
        (Filter::Year, year.to_string()),
    ];
    for region in lineage.iter().skip(1) {
        filters.push((Filter::RegionPath, region.path.clone()));
        if let Some(code) = &region.code {
            filters.push((Filter::RegionCode, code.clone()));
        }
    }
    builder.add(&Document {
        title: &notice.title,
        region_names: &names,
        body,
        pinyin: &pinyin,
        filters: &filters,
    });
    let record = Record {
        url: urls.link(&notice.path),
        title: notice.title.clone(),
        kind: site
            .config
            .kind(&notice.kind)
            .map_or_else(|| notice.kind.clone(), |k| k.name.clone()),
        region: region_full_name(site, site.region(notice.region)),
        date: notice.date.date.format("%Y-%m-%d").to_string(),
        text: body.to_string(),
    };
    serde_json::to_vec(&record).expect("plain data serializes")
}

/// Kinds that have notices, in the configured order.
fn kind_choices(site: &Site) -> Vec<Choice> {
    site.config
        .kinds
        .iter()
        .filter(|k| site.notices.iter().any(|n| n.kind == k.id))
        .map(|k| Choice {
            value: k.id.clone(),
            label: k.name.clone(),
            depth: 0,
        })
        .collect()
}

/// The regions two levels below the root (counties and towns), in tree
/// order: what a resident narrows a search to.
fn region_choices(site: &Site) -> Vec<Choice> {
    let mut out = Vec::new();
    for county in &site.root_region().children {
        let county = site.region(*county);
        out.push(Choice {
            value: county.path.clone(),
            label: county.name.clone(),
            depth: 0,
        });
        for town in &county.children {
            let town = site.region(*town);
            out.push(Choice {
                value: town.path.clone(),
                label: town.name.clone(),
                depth: 1,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{render_bodies, Batch};
    use std::path::Path;

    /// The files of the index of the `basic` fixture, made in `runs`.
    fn index_files(runs: Runs) -> Vec<(String, Vec<u8>)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/basic");
        let options = crate::BuildOptions {
            root,
            base_url: None,
            build_date: None,
            drafts: false,
            minify: false,
        };
        let site = crate::build_in_memory(&options).unwrap().site.unwrap();
        assert!(site.notices.len() >= 5, "too few notices to cut in runs");
        let all: Vec<NoticeId> = site.notices.iter().map(|n| n.id).collect();
        let bodies: Vec<RenderedBody> = render_bodies(&site, &all)
            .into_iter()
            .map(|(body, _)| body)
            .collect();
        let mut batch = Batch::default();
        let theme = ThemeAssets::new(Vec::new());
        write(&site, &bodies, &theme, &mut batch, &|| false, runs).unwrap();
        batch
            .files
            .into_iter()
            .map(|(path, contents, _)| match contents {
                Contents::Bytes(bytes) => (path, bytes),
                _ => panic!("{path} is not in memory"),
            })
            .collect()
    }

    #[test]
    fn any_cut_in_runs_and_waves_makes_the_index_of_one_run() {
        let whole = index_files(Runs {
            notices: usize::MAX,
            per_wave: 1,
        });
        assert!(whole.iter().any(|(path, _)| path.ends_with("index.bin")));
        for (notices, per_wave) in [(1, 1), (1, 2), (2, 2), (3, 1)] {
            let cut = index_files(Runs { notices, per_wave });
            assert!(cut == whole, "runs of {notices}, {per_wave} a wave");
        }
    }
}
