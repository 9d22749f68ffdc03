//! The search engine as seen from JavaScript. The JS layer
//! (`wasm-widgets/js/search.js`) fetches the entry file, shards and records
//! and draws results; this wrapper only converts types.

use crate::search::engine::{Checked, Engine, Query};
use crate::search::excerpt::excerpt;
use crate::search::terms::Filter;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct SearchEngine {
    engine: Engine,
}

/// Filters arrive as `key=value` strings; unknown keys are ignored here
/// (the JS layer only sends known ones).
fn parse(query: &str, filters: &[String]) -> Query {
    let filters: Vec<(Filter, String)> = filters
        .iter()
        .filter_map(|f| f.split_once('='))
        .filter_map(|(k, v)| Filter::parse(k, v))
        .collect();
    Query::parse(query, &filters)
}

#[wasm_bindgen]
impl SearchEngine {
    #[wasm_bindgen(constructor)]
    pub fn new(entry: &[u8]) -> Result<SearchEngine, JsError> {
        Engine::new(entry)
            .map(|engine| SearchEngine { engine })
            .map_err(|e| JsError::new(e.0))
    }

    /// Shards to fetch (by number) before `run` can answer.
    pub fn needed_shards(&self, query: &str, filters: Vec<String>) -> Vec<u32> {
        self.engine
            .needed_shards(&parse(query, &filters))
            .into_iter()
            .map(|i| i as u32)
            .collect()
    }

    pub fn add_shard(&mut self, index: u32, bytes: &[u8]) -> Result<(), JsError> {
        self.engine
            .add_shard(index as usize, bytes)
            .map_err(|e| JsError::new(e.0))
    }

    /// The `k` best documents in rank order (to be verified when
    /// `needs_verification`), how many match in all and how many of them in
    /// the title (ranked first), and a sample of up to `sample` others that
    /// are not title matches (for `estimate`).
    pub fn run(
        &self,
        query: &str,
        filters: Vec<String>,
        k: u32,
        sample: u32,
    ) -> Result<Ranked, JsError> {
        self.engine
            .run_page(&parse(query, &filters), k as usize, sample as usize)
            .map(|page| Ranked {
                docs: page.hits.into_iter().map(|h| h.doc).collect(),
                total: page.total as u32,
                prominent: page.prominent as u32,
                sample: page.sample,
            })
            .map_err(|e| JsError::new(e.message()))
    }

    /// How many results pass verification, estimated, and whether exactly
    /// (`[total, 0 or 1]`): of the `checked` best, `verified` passed
    /// (`verified_prominent` of them title matches); of the sample,
    /// `sample_verified` of `sampled` (see `Checked`).
    #[allow(clippy::too_many_arguments)]
    pub fn estimate(
        &self,
        candidates: u32,
        prominent: u32,
        checked: u32,
        verified: u32,
        verified_prominent: u32,
        sampled: u32,
        sample_verified: u32,
    ) -> Vec<u32> {
        let (total, exact) = Checked {
            candidates: candidates as usize,
            prominent: prominent as usize,
            checked: checked as usize,
            verified: verified as usize,
            verified_prominent: verified_prominent as usize,
            sampled: sampled as usize,
            sample_verified: sample_verified as usize,
        }
        .estimate();
        vec![total as u32, u32::from(exact)]
    }

    pub fn needs_verification(&self, query: &str) -> bool {
        parse(query, &[]).needs_verification()
    }

    /// Whether a record (title, region, text; NFKC-normalized by the
    /// caller) really contains the query.
    pub fn verify(&self, query: &str, fields: Vec<String>) -> bool {
        let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        parse(query, &[]).verify(&fields)
    }

    /// An excerpt as alternating plain and highlighted pieces, starting
    /// with a plain one (possibly empty).
    pub fn excerpt(&self, query: &str, text: &str, max_chars: u32) -> Vec<String> {
        let query = parse(query, &[]);
        let mut pieces = vec![String::new()];
        for segment in excerpt(text, &query.needles, max_chars as usize) {
            let expect_highlight = pieces.len() % 2 == 0;
            if segment.highlight != expect_highlight {
                pieces.push(String::new());
            }
            pieces
                .last_mut()
                .expect("never empty")
                .push_str(&segment.text);
        }
        pieces
    }

    /// Filter choices: `[value, label, depth, value, label, depth, …]`.
    pub fn kinds(&self) -> Vec<String> {
        flatten(&self.engine.entry().kinds)
    }

    pub fn regions(&self) -> Vec<String> {
        flatten(&self.engine.entry().regions)
    }

    pub fn years(&self) -> Vec<u32> {
        self.engine.entry().years.clone()
    }
}

#[wasm_bindgen]
pub struct Ranked {
    docs: Vec<u32>,
    total: u32,
    prominent: u32,
    sample: Vec<u32>,
}

#[wasm_bindgen]
impl Ranked {
    #[wasm_bindgen(getter)]
    pub fn docs(&self) -> Vec<u32> {
        self.docs.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn total(&self) -> u32 {
        self.total
    }

    #[wasm_bindgen(getter)]
    pub fn prominent(&self) -> u32 {
        self.prominent
    }

    #[wasm_bindgen(getter)]
    pub fn sample(&self) -> Vec<u32> {
        self.sample.clone()
    }
}

fn flatten(choices: &[crate::search::format::Choice]) -> Vec<String> {
    choices
        .iter()
        .flat_map(|c| [c.value.clone(), c.label.clone(), digits(c.depth)])
        .collect()
}

/// `n` in decimal, without the formatting machinery (smaller wasm).
fn digits(mut n: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}
