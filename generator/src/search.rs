//! `gongshi search`: the browser's search engine, run over a built site's
//! index files from disk (same core, same results, verified exactly).

use crate::assets::{SEARCH_INDEX_DIR, SEARCH_JS_PATH};
use crate::diagnostics::text;
use crate::render::search::Record;
use crate::Fatal;
use gongshi_widgets::search::engine::{Engine, Query};
use gongshi_widgets::search::excerpt::excerpt;
use gongshi_widgets::search::normalize::normalize;
use gongshi_widgets::search::terms::Filter;
use serde::Serialize;
use std::path::{Path, PathBuf};

const EXCERPT_CHARS: usize = 90;

#[derive(Serialize)]
pub struct Found {
    pub url: String,
    pub title: String,
    pub kind: String,
    pub region: String,
    pub date: String,
    pub excerpt: String,
    /// Character ranges of `excerpt` that matched the query.
    pub highlights: Vec<(usize, usize)>,
}

/// Parses `key=value` filters as given on the command line.
pub fn parse_filters(raw: &[String]) -> Result<Vec<(Filter, String)>, Fatal> {
    raw.iter()
        .map(|f| {
            f.split_once('=')
                .and_then(|(k, v)| Filter::parse(k, v))
                .ok_or_else(|| {
                    Fatal(text!(
                        zh: "过滤条件 “{f}” 无效：应写成 kind=类别、region=区划代码或地区路径、year=年份",
                        en: "the filter “{f}” is not valid: write kind=KIND, region=CODE-or-PATH or year=YYYY"
                    ))
                })
        })
        .collect()
}

/// The index folder of the build in `site`, as named by its `search.js`.
fn index_dir(site: &Path) -> Result<PathBuf, Fatal> {
    let script = std::fs::read_to_string(site.join(SEARCH_JS_PATH)).map_err(|e| {
        Fatal(text!(
            zh: "{} 不是 gongshi 生成的网站（读不到 {SEARCH_JS_PATH}：{e}）",
            en: "{} is not a site built by gongshi ({SEARCH_JS_PATH} cannot be read: {e})",
            site.display()
        ))
    })?;
    let version = script
        .split(SEARCH_INDEX_DIR)
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| {
            Fatal(text!(
                zh: "{SEARCH_JS_PATH} 中找不到搜索索引的位置",
                en: "{SEARCH_JS_PATH} does not say where the search index is"
            ))
        })?;
    Ok(site.join(SEARCH_INDEX_DIR).join(version))
}

fn read(path: &Path) -> Result<Vec<u8>, Fatal> {
    std::fs::read(path).map_err(|e| {
        Fatal(text!(
            zh: "无法读取搜索索引 {}：{e}",
            en: "cannot read the search index {}: {e}",
            path.display()
        ))
    })
}

/// The results of a search: the first `limit` and how many there are.
pub struct Results {
    pub shown: Vec<Found>,
    pub total: usize,
}

/// Runs `query` over the site in `site`; `limit` 0 means all results.
pub fn search(
    site: &Path,
    query: &str,
    filters: &[(Filter, String)],
    limit: usize,
) -> Result<Results, Fatal> {
    let dir = index_dir(site)?;
    let corrupt = |what: String| {
        Fatal(text!(
            zh: "搜索索引已损坏（{what}），请重新生成网站",
            en: "the search index is damaged ({what}): build the site again"
        ))
    };
    let mut engine =
        Engine::new(&read(&dir.join("index.bin"))?).map_err(|e| corrupt(e.to_string()))?;
    let query = Query::parse(&normalize(query), filters);
    for shard in engine.needed_shards(&query) {
        let bytes = read(&dir.join(format!("s{shard}.bin")))?;
        engine
            .add_shard(shard, &bytes)
            .map_err(|e| corrupt(format!("s{shard}.bin: {e}")))?;
    }
    let hits = engine.run(&query).map_err(|e| corrupt(e.to_string()))?;
    let mut found = Vec::new();
    let mut total = 0;
    for hit in hits {
        let wanted = limit == 0 || found.len() < limit;
        // Past the results shown, a record is only read when the count
        // depends on verifying it.
        if !wanted && !query.needs_verification() {
            total += 1;
            continue;
        }
        let path = dir.join(format!("r/{}.json", hit.doc));
        let record: Record = serde_json::from_slice(&read(&path)?)
            .map_err(|e| corrupt(format!("{}: {e}", path.display())))?;
        let fields = [
            normalize(&record.title),
            normalize(&record.region),
            normalize(&record.text),
        ];
        let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        if query.needs_verification() && !query.verify(&fields) {
            continue;
        }
        total += 1;
        if !wanted {
            continue;
        }
        let mut text = String::new();
        let mut highlights = Vec::new();
        for segment in excerpt(&record.text, &query.needles, EXCERPT_CHARS) {
            let start = text.chars().count();
            text.push_str(&segment.text);
            if segment.highlight {
                highlights.push((start, text.chars().count()));
            }
        }
        found.push(Found {
            url: record.url,
            title: record.title,
            kind: record.kind,
            region: record.region,
            date: record.date,
            excerpt: text,
            highlights,
        });
    }
    Ok(Results {
        shown: found,
        total,
    })
}

/// The excerpt with matches in 【】, for a terminal.
pub fn marked_excerpt(found: &Found) -> String {
    let chars: Vec<char> = found.excerpt.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for (start, end) in &found.highlights {
        out.extend(&chars[at..*start]);
        out.push('【');
        out.extend(&chars[*start..*end]);
        out.push('】');
        at = *end;
    }
    out.extend(&chars[at..]);
    out
}
