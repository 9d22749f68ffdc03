//! `gongshi verify`: checks that a built site still matches its manifest
//! (`disclosures.json`), and optionally that another copy of it (a folder,
//! or the live site at a URL) publishes exactly the same notices.

use crate::diagnostics::{text, Text};
use crate::output::MANIFEST;
use crate::render::manifest::chain;
use crate::render::sha256_hex;
use crate::Fatal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Manifest {
    #[serde(default)]
    chain_sha256: Option<String>,
    notices: Vec<Entry>,
}

impl Manifest {
    /// The chained digest recomputed from the entries in path order.
    fn recomputed_chain(&self) -> String {
        let mut entries: Vec<&Entry> = self.notices.iter().collect();
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        chain(entries.iter().map(|e| {
            (
                e.path.as_str(),
                e.source_sha256.as_str(),
                e.page_sha256.as_str(),
            )
        }))
    }
}

#[derive(Deserialize, Clone, PartialEq, Eq)]
struct Entry {
    path: String,
    title: String,
    source_sha256: String,
    page_sha256: String,
}

pub struct VerifyReport {
    pub checked: usize,
    /// The manifest's chained digest, recomputed: the one value to record.
    pub chain_sha256: String,
    /// One line per mismatch, naming the notice and what differs.
    pub problems: Vec<Text>,
}

/// Where a copy of a site is read from.
enum Copy {
    Folder(PathBuf),
    Url(String),
}

impl Copy {
    fn parse(text: &str) -> Copy {
        if text.starts_with("http://") || text.starts_with("https://") {
            Copy::Url(format!("{}/", text.trim_end_matches('/')))
        } else {
            Copy::Folder(PathBuf::from(text))
        }
    }

    fn describe(&self) -> String {
        match self {
            Copy::Folder(p) => p.display().to_string(),
            Copy::Url(u) => u.clone(),
        }
    }

    fn fetch(&self, site_path: &str) -> Result<Vec<u8>, String> {
        match self {
            Copy::Folder(dir) => {
                let file = if site_path.is_empty() || site_path.ends_with('/') {
                    dir.join(site_path).join("index.html")
                } else {
                    dir.join(site_path)
                };
                std::fs::read(&file).map_err(|e| format!("{}：{e}", file.display()))
            }
            Copy::Url(base) => {
                let url = format!("{base}{site_path}");
                ureq::get(&url)
                    .call()
                    .map_err(|e| format!("{url}：{e}"))?
                    .body_mut()
                    .with_config()
                    .limit(64 * 1024 * 1024)
                    .read_to_vec()
                    .map_err(|e| format!("{url}：{e}"))
            }
        }
    }

    fn manifest(&self) -> Result<Manifest, Fatal> {
        let bytes = self.fetch(MANIFEST).map_err(|e| {
            Fatal(text!(
                zh: "无法读取 {MANIFEST}：{e}",
                en: "cannot read {MANIFEST}: {e}"
            ))
        })?;
        serde_json::from_slice(&bytes).map_err(|e| {
            Fatal(text!(
                zh: "{} 的 {MANIFEST} 无效：{e}",
                en: "the {MANIFEST} of {} is not valid: {e}",
                self.describe()
            ))
        })
    }
}

pub fn verify(site: &Path, against: Option<&str>) -> Result<VerifyReport, Fatal> {
    let ours = Copy::Folder(site.to_path_buf());
    let manifest = ours.manifest()?;
    let chain_sha256 = manifest.recomputed_chain();
    let mut problems = pages_match(&ours, &manifest.notices);
    if manifest.chain_sha256.as_deref() != Some(chain_sha256.as_str()) {
        problems.push(text!(
            zh: "公示清单被改动：{MANIFEST} 记录的链式校验值与按清单重新计算的 {chain_sha256} 不同",
            en: "the manifest was altered: the chain digest {MANIFEST} records differs from {chain_sha256}, recomputed from its entries"
        ));
    }
    if let Some(other) = against.map(Copy::parse) {
        let theirs = other.manifest()?;
        if theirs.recomputed_chain() != chain_sha256 {
            problems.push(text!(
                zh: "两份不同：{} 的公示清单链式校验值为 {}，本地为 {chain_sha256}",
                en: "the copies differ: the manifest chain digest of {} is {}, and here it is {chain_sha256}",
                other.describe(),
                theirs.recomputed_chain()
            ));
        }
        problems.extend(compare(
            &manifest.notices,
            &theirs.notices,
            &other.describe(),
        ));
        problems.extend(pages_match(&other, &manifest.notices));
    }
    Ok(VerifyReport {
        checked: manifest.notices.len(),
        chain_sha256,
        problems,
    })
}

/// Every page of `copy` hashes to what the manifest recorded.
fn pages_match(copy: &Copy, entries: &[Entry]) -> Vec<Text> {
    let place = copy.describe();
    entries
        .iter()
        .filter_map(|e| match copy.fetch(&e.path) {
            Ok(bytes) if sha256_hex(&bytes) == e.page_sha256 => None,
            Ok(_) => Some(text!(
                zh: "已改动：{place} 中的 /{}（{}）与公示清单记录的校验值不同",
                en: "altered: /{} (“{}”) in {place} does not match the digest the manifest records",
                e.path,
                e.title
            )),
            Err(error) => Some(text!(
                zh: "缺失：{place} 中找不到 /{}（{}）：{error}",
                en: "missing: /{} (“{}”) is not in {place}: {error}",
                e.path,
                e.title
            )),
        })
        .collect()
}

/// Notices published in one copy and not the other, or with other hashes.
fn compare(ours: &[Entry], theirs: &[Entry], place: &str) -> Vec<Text> {
    let index = |entries: &[Entry]| -> BTreeMap<String, Entry> {
        entries
            .iter()
            .map(|e| (e.path.clone(), e.clone()))
            .collect()
    };
    let (ours, theirs) = (index(ours), index(theirs));
    let mut problems = Vec::new();
    for (path, e) in &ours {
        match theirs.get(path) {
            None => problems.push(text!(
                zh: "缺失：{place} 的公示清单中没有 /{path}（{}）",
                en: "missing: the manifest of {place} has no /{path} (“{}”)",
                e.title
            )),
            Some(t) if t.source_sha256 != e.source_sha256 => problems.push(text!(
                zh: "原文不同：{place} 中的 /{path}（{}）来自不同的原文",
                en: "other source: /{path} (“{}”) in {place} was made from another source text",
                e.title
            )),
            Some(_) => {}
        }
    }
    for (path, t) in &theirs {
        if !ours.contains_key(path) {
            problems.push(text!(
                zh: "多出：{place} 发布了本站没有的 /{path}（{}）",
                en: "extra: {place} publishes /{path} (“{}”), which this site does not",
                t.title
            ));
        }
    }
    problems
}
