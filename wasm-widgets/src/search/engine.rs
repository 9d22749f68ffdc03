//! Queries: parsing, the shards they need, and ranked, exact results.
//!
//! The engine never fetches: it says which shards a query needs
//! (`needed_shards`), is given them (`add_shard`), then runs the query. The
//! browser glue fetches over HTTP, `gongshi search` reads files; both run this
//! same code.

use super::format::{Entry, Posting, Shard};
use super::normalize::fold;
use super::terms::{self, Filter};
use super::tokenize::{bigrams, tokens, Token};
use super::Corrupt;

/// Longer queries are cut: nobody types more, and it bounds the work.
pub const MAX_QUERY_CHARS: usize = 64;
/// Terms a prefix may expand to, and shards it may span.
const MAX_PREFIX_TERMS: usize = 256;
const MAX_PREFIX_SHARDS: usize = 4;
/// BM25's term-frequency saturation.
const K1: f64 = 1.2;
/// Weight of a match in the title or region name over one in the body.
const PROMINENT_BOOST: f64 = 2.5;
/// Weight of recency (newest document 1, oldest 0) in the score.
const RECENCY_WEIGHT: f64 = 1.0;

#[derive(Debug, Clone, PartialEq)]
enum Clause {
    /// Every term must occur (the characters or pairs of a Han run).
    AllOf(Vec<String>),
    /// Any term starting with one of these (a word, or pinyin).
    AnyPrefix(Vec<String>),
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    clauses: Vec<Clause>,
    filters: Vec<String>,
    /// Han runs of three or more characters: pairs alone do not prove the
    /// run occurs, so results are verified against the text.
    verify_runs: Vec<String>,
    /// What excerpts highlight.
    pub needles: Vec<String>,
}

impl Query {
    /// Parses a query. Browser callers pass text already NFKC-normalized (by
    /// JavaScript); native callers use `normalize` first. Case and width are
    /// folded here.
    pub fn parse(text: &str, filters: &[(Filter, String)]) -> Query {
        let text: String = text
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_QUERY_CHARS)
            .collect();
        let folded = fold(&text);
        let mut query = Query {
            filters: filters.iter().map(|(f, v)| f.term(v)).collect(),
            ..Query::default()
        };
        for token in tokens(&folded) {
            let clause = match token {
                Token::Han(run) => {
                    let count = run.chars().count();
                    if count >= 3 {
                        query.verify_runs.push(run.to_string());
                    }
                    query.needles.push(run.to_string());
                    if count == 1 {
                        Clause::AllOf(vec![terms::term(terms::HAN, run)])
                    } else {
                        Clause::AllOf(
                            bigrams(run)
                                .into_iter()
                                .map(|b| terms::term(terms::HAN, b))
                                .collect(),
                        )
                    }
                }
                Token::Word(word) => {
                    query.needles.push(word.to_string());
                    Clause::AnyPrefix(
                        [terms::WORD, terms::PINYIN, terms::INITIALS]
                            .iter()
                            .map(|ns| terms::term(*ns, word))
                            .collect(),
                    )
                }
            };
            if !query.clauses.contains(&clause) {
                query.clauses.push(clause);
            }
        }
        query
    }

    /// Nothing to search for and nothing to filter by.
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty() && self.filters.is_empty()
    }

    pub fn needs_verification(&self) -> bool {
        !self.verify_runs.is_empty()
    }

    /// Whether a document really contains every long Han run of the query.
    /// `fields` are its title, region names and body, NFKC-normalized.
    pub fn verify(&self, fields: &[&str]) -> bool {
        let folded: Vec<String> = fields.iter().map(|f| fold(f)).collect();
        self.verify_runs
            .iter()
            .all(|run| folded.iter().any(|f| f.contains(run.as_str())))
    }

    fn exact_terms(&self) -> impl Iterator<Item = &str> {
        self.clauses
            .iter()
            .filter_map(|c| match c {
                Clause::AllOf(t) => Some(t.iter().map(String::as_str)),
                Clause::AnyPrefix(_) => None,
            })
            .flatten()
            .chain(self.filters.iter().map(String::as_str))
    }

    fn prefixes(&self) -> impl Iterator<Item = &str> {
        self.clauses
            .iter()
            .filter_map(|c| match c {
                Clause::AnyPrefix(p) => Some(p.iter().map(String::as_str)),
                Clause::AllOf(_) => None,
            })
            .flatten()
    }
}

/// A ranked result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub doc: u32,
    /// How many clauses matched in the title or region name.
    pub prominent: u32,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardsMissing(pub Vec<usize>);

pub struct Engine {
    entry: Entry,
    shards: Vec<Option<Shard>>,
}

impl Engine {
    pub fn new(entry: &[u8]) -> Result<Engine, Corrupt> {
        let entry = Entry::decode(entry)?;
        let shards = vec![None; entry.shard_first_terms.len()];
        Ok(Engine { entry, shards })
    }

    pub fn entry(&self) -> &Entry {
        &self.entry
    }

    /// Shards the query needs that are not loaded yet.
    pub fn needed_shards(&self, query: &Query) -> Vec<usize> {
        let mut needed: Vec<usize> = query
            .exact_terms()
            .filter_map(|t| self.entry.shard_of(t))
            .chain(
                query
                    .prefixes()
                    .flat_map(|p| self.entry.shards_with_prefix(p).take(MAX_PREFIX_SHARDS)),
            )
            .filter(|i| self.shards[*i].is_none())
            .collect();
        needed.sort_unstable();
        needed.dedup();
        needed
    }

    pub fn add_shard(&mut self, index: usize, bytes: &[u8]) -> Result<(), Corrupt> {
        let slot = self
            .shards
            .get_mut(index)
            .ok_or(Corrupt("shard number out of range"))?;
        *slot = Some(Shard::decode(bytes)?);
        Ok(())
    }

    fn postings(&self, term: &str) -> Result<Option<(u32, Vec<Posting>)>, Corrupt> {
        let Some(index) = self.entry.shard_of(term) else {
            return Ok(None);
        };
        let Some(Some(shard)) = self.shards.get(index) else {
            return Ok(None);
        };
        match shard.get(term) {
            Some(stored) => Ok(Some((stored.df, stored.decode(self.entry.doc_count)?))),
            None => Ok(None),
        }
    }

    fn idf(&self, df: u32) -> f64 {
        let n = f64::from(self.entry.doc_count);
        let df = f64::from(df);
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// A posting's BM25-style weight, given its term's idf.
    fn weight(idf: f64, p: &Posting) -> f64 {
        let tf = f64::from(p.tf);
        let boost = if p.prominent { PROMINENT_BOOST } else { 1.0 };
        idf * tf * (K1 + 1.0) / (tf + K1) * boost
    }

    /// Documents matching one clause, sorted by document, with the clause's
    /// score and whether the match is prominent.
    fn clause(&self, clause: &Clause) -> Result<Vec<Match>, Corrupt> {
        match clause {
            Clause::AllOf(terms) => {
                let share = 1.0 / terms.len() as f64;
                let mut result: Option<Vec<Match>> = None;
                for term in terms {
                    let Some((df, postings)) = self.postings(term)? else {
                        return Ok(Vec::new());
                    };
                    let idf = self.idf(df);
                    let matches: Vec<Match> = postings
                        .iter()
                        .map(|p| Match {
                            doc: p.doc,
                            score: Self::weight(idf, p) * share,
                            prominent: u32::from(p.prominent),
                        })
                        .collect();
                    result = Some(match result {
                        None => matches,
                        // Prominent only when every pair is in the title.
                        Some(acc) => intersect(&acc, &matches, |a, b| a.min(b)),
                    });
                }
                Ok(result.unwrap_or_default())
            }
            Clause::AnyPrefix(prefixes) => {
                let mut all: Vec<Match> = Vec::new();
                for prefix in prefixes {
                    let shards = self
                        .entry
                        .shards_with_prefix(prefix)
                        .take(MAX_PREFIX_SHARDS);
                    let terms = shards
                        .filter_map(|i| self.shards[i].as_ref())
                        .flat_map(|shard| shard.with_prefix(prefix))
                        .take(MAX_PREFIX_TERMS);
                    for (_, stored) in terms {
                        let idf = self.idf(stored.df);
                        for p in stored.decode(self.entry.doc_count)? {
                            all.push(Match {
                                doc: p.doc,
                                score: Self::weight(idf, &p),
                                prominent: u32::from(p.prominent),
                            });
                        }
                    }
                }
                // One entry per document: its best term.
                all.sort_unstable_by_key(|m| m.doc);
                all.dedup_by(|later, kept| {
                    let same = later.doc == kept.doc;
                    if same {
                        kept.score = kept.score.max(later.score);
                        kept.prominent = kept.prominent.max(later.prominent);
                    }
                    same
                });
                Ok(all)
            }
        }
    }

    /// Every document matching the query, unordered, with its rank keys.
    fn candidates(&self, query: &Query) -> Result<Vec<Hit>, SearchError> {
        let missing = self.needed_shards(query);
        if !missing.is_empty() {
            return Err(SearchError::ShardsMissing(ShardsMissing(missing)));
        }
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let mut candidates: Option<Vec<Match>> = None;
        for clause in &query.clauses {
            let matches = self.clause(clause)?;
            candidates = Some(match candidates {
                None => matches,
                Some(acc) => intersect(&acc, &matches, |a, b| a + b),
            });
        }
        for filter in &query.filters {
            let docs: Vec<Match> = self
                .postings(filter)?
                .map(|(_, ps)| {
                    ps.iter()
                        .map(|p| Match {
                            doc: p.doc,
                            score: 0.0,
                            prominent: 0,
                        })
                        .collect()
                })
                .unwrap_or_default();
            candidates = Some(match candidates {
                None => docs,
                Some(acc) => intersect(&acc, &docs, |a, b| a + b),
            });
        }
        let n = f64::from(self.entry.doc_count.max(1));
        Ok(candidates
            .unwrap_or_default()
            .into_iter()
            .map(|m| Hit {
                doc: m.doc,
                prominent: m.prominent,
                score: m.score + RECENCY_WEIGHT * (1.0 - f64::from(m.doc) / n),
            })
            .collect())
    }

    /// Runs a query over the loaded shards and ranks every result: more
    /// clauses matched in the title or region name first, then by score
    /// (BM25-style term weights plus recency). When
    /// `query.needs_verification()`, each result must still pass
    /// `query.verify` against its text.
    pub fn run(&self, query: &Query) -> Result<Vec<Hit>, SearchError> {
        let mut hits = self.candidates(query)?;
        hits.sort_unstable_by(rank);
        Ok(hits)
    }

    /// The best `k` results in rank order, and how many there are in all:
    /// what a page of results needs, without ranking tens of thousands.
    pub fn run_top(&self, query: &Query, k: usize) -> Result<(Vec<Hit>, usize), SearchError> {
        let mut hits = self.candidates(query)?;
        let total = hits.len();
        if k < hits.len() {
            hits.select_nth_unstable_by(k, rank);
            hits.truncate(k);
        }
        hits.sort_unstable_by(rank);
        Ok((hits, total))
    }
}

/// Rank order. It is total (ties end on the document number), so unstable
/// sorting and selection give the same result as a stable sort.
fn rank(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    b.prominent
        .cmp(&a.prominent)
        .then(b.score.total_cmp(&a.score))
        .then(a.doc.cmp(&b.doc))
}

/// A document matching part of a query.
#[derive(Debug, Clone, Copy)]
struct Match {
    doc: u32,
    score: f64,
    prominent: u32,
}

/// Documents in both lists (each sorted by document): scores add up,
/// prominence combines with `prominent`.
fn intersect(a: &[Match], b: &[Match], prominent: fn(u32, u32) -> u32) -> Vec<Match> {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].doc.cmp(&b[j].doc) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(Match {
                    doc: a[i].doc,
                    score: a[i].score + b[j].score,
                    prominent: prominent(a[i].prominent, b[j].prominent),
                });
                i += 1;
                j += 1;
            }
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchError {
    ShardsMissing(ShardsMissing),
    Corrupt(Corrupt),
}

impl From<Corrupt> for SearchError {
    fn from(c: Corrupt) -> Self {
        SearchError::Corrupt(c)
    }
}

impl SearchError {
    /// A fixed message (no formatting machinery in the wasm).
    pub fn message(&self) -> &'static str {
        match self {
            SearchError::ShardsMissing(_) => "search shards not loaded",
            SearchError::Corrupt(c) => c.0,
        }
    }
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}
