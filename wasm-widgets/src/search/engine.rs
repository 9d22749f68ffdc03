//! Queries: parsing, the shards they need, and ranked, exact results.
//!
//! The engine never fetches: it says which shards a query needs
//! (`needed_shards`), is given them (`add_shard`), then runs the query. The
//! browser glue fetches over HTTP, `gongshi search` reads files; both run this
//! same code.

use super::format::{Entry, Posting, Shard};
use super::normalize::fold;
use super::terms::{self, Filter};
use super::tokenize::{tokens, Token};
use super::Corrupt;

/// Longer queries are cut: nobody types more, and it bounds the work.
pub const MAX_QUERY_CHARS: usize = 64;
/// Terms a prefix may expand to, and shards it may span in each namespace.
/// A short prefix of pinyin (`cu`) starts thousands of terms over dozens of
/// shards; the first two hold the prefix itself and the terms right after
/// it, which is what a prefix typed so far can show. (Letters typed apart
/// are also looked up run together, a narrow prefix: see `spaced_clause`.)
const MAX_PREFIX_TERMS: usize = 256;
const MAX_PREFIX_SHARDS: usize = 2;
/// A Latin word shorter than this is matched whole, not as a prefix: one
/// letter would expand over the whole of a pinyin namespace.
const MIN_PREFIX_CHARS: usize = 2;
/// Han runs with more pairs than this take the plain cover of every other
/// pair instead of the cheapest one (which is searched for exhaustively).
const MAX_COVER_SEARCH_PAIRS: usize = 20;
/// BM25's term-frequency saturation.
const K1: f64 = 1.2;
/// Weight of a match in the title or region name over one in the body.
const PROMINENT_BOOST: f64 = 2.5;
/// Weight of recency (newest document 1, oldest 0) in the score.
const RECENCY_WEIGHT: f64 = 1.0;

#[derive(Debug, Clone, PartialEq)]
enum Clause {
    /// Every term must occur (one Han character, or a short Latin word).
    AllOf(Vec<String>),
    /// A Han run of two or more characters: the pairs of neighbouring
    /// characters, in order (repeats included). Pairs that cover every
    /// character must all occur; which ones is up to the engine (see
    /// `Engine::cover`), since runs of three or more are verified against
    /// the text anyway.
    Pairs(Vec<String>),
    /// Any term starting with one of these (a word, or pinyin).
    AnyPrefix(Vec<String>),
    /// Words typed apart: any term starting with one of `joined` (the
    /// words run together, as pinyin or initials), or every clause of
    /// `each` (the words one by one, anywhere).
    Spaced {
        joined: Vec<String>,
        each: Vec<Clause>,
    },
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
        let tokens = tokens(&folded);
        let mut at = 0;
        while at < tokens.len() {
            let token = &tokens[at];
            at += 1;
            let clause = match *token {
                // Letters typed with spaces may be one run of pinyin or
                // initials (`yi jian tiao`, `y j t`), or words apart.
                Token::Word(word) if is_letters(word) => {
                    let mut words = vec![word];
                    while let Some(Token::Word(next)) = tokens.get(at) {
                        if !is_letters(next) {
                            break;
                        }
                        words.push(next);
                        at += 1;
                    }
                    query.needles.extend(words.iter().map(|w| w.to_string()));
                    if words.len() == 1 {
                        word_clause(word)
                    } else {
                        spaced_clause(&words)
                    }
                }
                Token::Han(run) => {
                    let count = run.chars().count();
                    if count >= 3 {
                        query.verify_runs.push(run.to_string());
                    }
                    query.needles.push(run.to_string());
                    if count == 1 {
                        Clause::AllOf(vec![terms::term(terms::HAN, run)])
                    } else {
                        Clause::Pairs(pairs(run).map(|b| terms::term(terms::HAN, b)).collect())
                    }
                }
                Token::Word(word) => {
                    query.needles.push(word.to_string());
                    word_clause(word)
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
}

/// The pairs of neighbouring characters of a Han run, in order.
fn pairs(run: &str) -> impl Iterator<Item = &str> + '_ {
    let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).collect();
    (0..starts.len().saturating_sub(1)).map(move |i| {
        let end = starts.get(i + 2).copied().unwrap_or(run.len());
        &run[starts[i]..end]
    })
}

fn is_letters(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_lowercase())
}

/// Words of letters typed apart: as one run of pinyin or initials (the run
/// is a narrow prefix, found in full even where a single word's prefix is
/// too wide to expand in full), or word by word.
fn spaced_clause(words: &[&str]) -> Clause {
    let mut joined = String::new();
    for w in words {
        joined.push_str(w);
    }
    let joined = match word_clause(&joined) {
        Clause::AnyPrefix(prefixes) => prefixes
            .into_iter()
            .filter(|p| !p.starts_with(terms::WORD))
            .collect(),
        _ => Vec::new(),
    };
    Clause::Spaced {
        joined,
        each: words.iter().map(|w| word_clause(w)).collect(),
    }
}

/// A Latin word: a whole word when it is one character; otherwise a prefix
/// of words, of pinyin where it can be pinyin, and of initials where it can
/// be initials. Pinyin is letters, and every syllable has a vowel but the
/// interjections n, m, ng, hm and hng; initials never are i, u or v, and
/// are indexed up to `MAX_PINYIN_SYLLABLES` long. (Each namespace left out
/// is a shard not fetched.)
fn word_clause(word: &str) -> Clause {
    if word.chars().count() < MIN_PREFIX_CHARS {
        return Clause::AllOf(vec![terms::term(terms::WORD, word)]);
    }
    let letters = is_letters(word);
    let pinyin = letters && word.bytes().all(|b| matches!(b, b'n' | b'm' | b'g' | b'h'))
        || word
            .bytes()
            .any(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'v'));
    let initials = letters
        && word.len() <= terms::MAX_PINYIN_SYLLABLES
        && !word.bytes().any(|b| matches!(b, b'i' | b'u' | b'v'));
    let mut prefixes = vec![terms::term(terms::WORD, word)];
    if letters && pinyin {
        prefixes.push(terms::term(terms::PINYIN, word));
    }
    if initials {
        prefixes.push(terms::term(terms::INITIALS, word));
    }
    Clause::AnyPrefix(prefixes)
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
        let mut needed: Vec<usize> = Vec::new();
        for clause in &query.clauses {
            self.clause_shards(clause, &mut needed);
        }
        needed.extend(query.filters.iter().filter_map(|t| self.entry.shard_of(t)));
        needed.retain(|i| self.shards[*i].is_none());
        needed.sort_unstable();
        needed.dedup();
        needed
    }

    /// The shards a clause reads.
    fn clause_shards(&self, clause: &Clause, out: &mut Vec<usize>) {
        match clause {
            Clause::AllOf(terms) => {
                out.extend(terms.iter().filter_map(|t| self.entry.shard_of(t)));
            }
            Clause::Pairs(pairs) => {
                out.extend(
                    self.cover(pairs)
                        .iter()
                        .filter_map(|t| self.entry.shard_of(t)),
                );
            }
            Clause::AnyPrefix(prefixes) => {
                for p in prefixes {
                    out.extend(self.entry.shards_with_prefix(p).take(MAX_PREFIX_SHARDS));
                }
            }
            Clause::Spaced { joined, each } => {
                self.clause_shards(&Clause::AnyPrefix(joined.clone()), out);
                for c in each {
                    self.clause_shards(c, out);
                }
            }
        }
    }

    /// The pairs of a Han run that the query looks up: pairs covering every
    /// character (so any document with the run has them all) from the
    /// fewest shards, with rare pairs first (see `best_cover`); the rare
    /// pairs left out, and the common ones too unless the cover has a rare
    /// one; and every pair of the run the shards chosen hold, since it
    /// costs nothing more. It depends only on the entry file, so a query
    /// ranks the same whatever was fetched before.
    fn cover<'q>(&self, pairs: &'q [String]) -> Vec<&'q str> {
        let shard: Vec<Option<usize>> = pairs.iter().map(|p| self.entry.shard_of(p)).collect();
        // A pair that sorts before every shard is in no document: it alone
        // answers (nothing), with no shard to fetch.
        if let Some(i) = shard.iter().position(Option::is_none) {
            return vec![pairs[i].as_str()];
        }
        let shard: Vec<usize> = shard.into_iter().flatten().collect();
        // 1 for a common pair (in more than one notice in eight), else 0.
        let weight: Vec<u8> = pairs
            .iter()
            .map(|p| u8::from(self.entry.is_common(p)))
            .collect();
        let mut chosen: Vec<usize> = if pairs.len() <= MAX_COVER_SEARCH_PAIRS {
            let mut best = None;
            best_cover(&shard, &weight, 0, false, &mut Vec::new(), &mut best);
            best.map(|(_, shards)| shards).unwrap_or_default()
        } else {
            // Every other pair, and the last: a cover, if not the cheapest.
            (0..pairs.len())
                .filter(|i| i % 2 == 0 || i + 1 == pairs.len())
                .map(|i| shard[i])
                .collect()
        };
        // A common pair left out narrows the candidates little when the
        // cover has a rare one (most documents with the rare pair have the
        // phrase: 会选 in 村民委员会选举). When all are common, every pair
        // is looked up: leaving one out lets in many documents with the
        // words apart (村务公开, in 1,259 of 10,000 generated notices: 4,538
        // have 村务 and 公开, 1,704 have 务公 too).
        let has_rare = chosen
            .iter()
            .any(|c| shard.iter().zip(&weight).any(|(s, w)| s == c && *w == 0));
        for (s, w) in shard.iter().zip(&weight) {
            if (*w == 0 || !has_rare) && !chosen.contains(s) {
                chosen.push(*s);
            }
        }
        let mut out: Vec<&str> = Vec::new();
        for (pair, s) in pairs.iter().zip(&shard) {
            if chosen.contains(s) && !out.contains(&pair.as_str()) {
                out.push(pair);
            }
        }
        out
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
            Clause::Pairs(pairs) => {
                let terms: Vec<String> = self.cover(pairs).into_iter().map(String::from).collect();
                self.clause(&Clause::AllOf(terms))
            }
            Clause::Spaced { joined, each } => {
                let together = self.clause(&Clause::AnyPrefix(joined.clone()))?;
                let mut apart: Option<Vec<Match>> = None;
                for c in each {
                    let matches = self.clause(c)?;
                    apart = Some(match apart {
                        None => matches,
                        // One clause: prominent when every word is.
                        Some(acc) => intersect(&acc, &matches, |a, b| a.min(b)),
                    });
                }
                Ok(union(&together, &apart.unwrap_or_default()))
            }
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
                // Each term's matches, sorted by document.
                let mut lists: Vec<Vec<Match>> = Vec::new();
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
                        let postings = stored.decode(self.entry.doc_count)?;
                        lists.push(
                            postings
                                .iter()
                                .map(|p| Match {
                                    doc: p.doc,
                                    score: Self::weight(idf, p),
                                    prominent: u32::from(p.prominent),
                                })
                                .collect(),
                        );
                    }
                }
                // One entry per document, its best term: the lists merged
                // two by two (a common term's tens of thousands of matches
                // are merged a few times, not sorted).
                while lists.len() > 1 {
                    let mut merged = Vec::with_capacity(lists.len().div_ceil(2));
                    let mut each = lists.into_iter();
                    while let Some(a) = each.next() {
                        merged.push(match each.next() {
                            Some(b) => union(&a, &b),
                            None => a,
                        });
                    }
                    lists = merged;
                }
                Ok(lists.pop().unwrap_or_default())
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
        let page = self.run_page(query, k, 0)?;
        Ok((page.hits, page.total))
    }

    /// `run_top`, with how many results are title matches (they rank
    /// first) and, when `wants_sample`, a sample of up to `sample` of the
    /// results that are not title matches and are not among the `k` best, spread evenly over them in document
    /// order (so over time, newest to oldest). When results are verified,
    /// the best ones tell how often title matches pass, and the sample how
    /// often the others do (see `Checked`): the best alone would not, since
    /// a title with the phrase ranks first.
    pub fn run_page(&self, query: &Query, k: usize, sample: usize) -> Result<Page, SearchError> {
        let mut hits = self.candidates(query)?;
        debug_assert!(hits.windows(2).all(|w| w[0].doc < w[1].doc));
        let total = hits.len();
        let prominent = hits.iter().filter(|h| h.prominent > 0).count();
        let others: Vec<u32> = if sample > 0 && self.wants_sample(query) && total > k {
            hits.iter()
                .filter(|h| h.prominent == 0)
                .map(|h| h.doc)
                .collect()
        } else {
            Vec::new()
        };
        if k < hits.len() {
            hits.select_nth_unstable_by(k, rank);
            hits.truncate(k);
        }
        hits.sort_unstable_by(rank);
        let sample = spread(&others, &hits, sample);
        Ok(Page {
            hits,
            total,
            prominent,
            sample,
        })
    }
}

impl Engine {
    /// Whether many candidates may fail verification, so that counting
    /// them needs a sample: a Han run of four characters or more whose
    /// pairs are all common. (The pairs of a run of three rarely occur
    /// apart; a rare pair is mostly found in the run: 会选 in 村民委员会选举.
    /// Common pairs often occur apart: 村务 and 公开, 务公 and 公开.)
    fn wants_sample(&self, query: &Query) -> bool {
        query.clauses.iter().any(|c| match c {
            Clause::Pairs(pairs) => {
                pairs.len() >= 3 && pairs.iter().all(|p| self.entry.is_common(p))
            }
            _ => false,
        })
    }
}

/// What `Engine::run_page` returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The best results, in rank order.
    pub hits: Vec<Hit>,
    /// How many results there are (before verification).
    pub total: usize,
    /// How many of them match in the title or region name (ranked first).
    pub prominent: usize,
    /// Other results, not title matches, for estimating how many pass
    /// verification.
    pub sample: Vec<u32>,
}

/// Up to `n` documents of `docs` (sorted) that are not in `top`: one from
/// each of `n` equal stretches, at a place within it that a hash picks (so
/// the sample never keeps in step with a pattern of the documents, and the
/// same results give the same sample); all of them when there are no more
/// than `n`.
fn spread(docs: &[u32], top: &[Hit], n: usize) -> Vec<u32> {
    if n == 0 || docs.is_empty() {
        return Vec::new();
    }
    // As `usize`: the wasm already sorts those (a `u32` sort is more code).
    let mut top: Vec<usize> = top.iter().map(|h| h.doc as usize).collect();
    top.sort_unstable();
    let others: Vec<u32> = docs
        .iter()
        .copied()
        .filter(|d| top.binary_search(&(*d as usize)).is_err())
        .collect();
    if others.len() <= n {
        return others;
    }
    (0..n)
        .map(|i| {
            let (from, to) = (i * others.len() / n, (i + 1) * others.len() / n);
            let hash = ((i as u64 + 1) ^ others.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            others[from + (hash >> 33) as usize % (to - from)]
        })
        .collect()
}

/// What is known, after checking some results against their text, for
/// estimating how many of all pass: results are title matches first
/// (`prominent` of them), then the others.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checked {
    /// Results before verification.
    pub candidates: usize,
    /// How many of them are title matches.
    pub prominent: usize,
    /// The best `checked` were verified and `verified` passed, of which
    /// `verified_prominent` title matches.
    pub checked: usize,
    pub verified: usize,
    pub verified_prominent: usize,
    /// Of a sample of the other results that are not title matches (see
    /// `Engine::run_page`), `sampled` were checked and `sample_verified`
    /// passed.
    pub sampled: usize,
    pub sample_verified: usize,
}

impl Checked {
    /// How many results pass, estimated, and whether that is exact. Title
    /// matches not checked pass at the rate of those checked; other results
    /// at the sample's rate (or, without a sample, of the others checked).
    pub fn estimate(&self) -> (usize, bool) {
        let top_prominent = self.checked.min(self.prominent);
        let top_other = self.checked - top_prominent;
        let verified_other = self.verified.saturating_sub(self.verified_prominent);
        let rest_prominent = self.prominent - top_prominent;
        let rest_other = self.candidates.saturating_sub(self.prominent + top_other);
        let rate = |passed: usize, tried: usize| passed.min(tried) as f64 / tried as f64;
        let prominent_rate = if top_prominent > 0 {
            rate(self.verified_prominent, top_prominent)
        } else {
            1.0
        };
        let (other, other_exact) = if self.sampled >= rest_other {
            (self.sample_verified.min(rest_other), true)
        } else {
            let other_rate = if self.sampled > 0 {
                rate(self.sample_verified, self.sampled)
            } else if top_other > 0 {
                rate(verified_other, top_other)
            } else {
                prominent_rate
            };
            (round(rest_other as f64 * other_rate), false)
        };
        (
            self.verified + round(rest_prominent as f64 * prominent_rate) + other,
            other_exact && rest_prominent == 0,
        )
    }
}

/// Rounded half up (`f64::round` would add code to the wasm).
fn round(x: f64) -> usize {
    (x + 0.5) as usize
}

/// Searches the covers of a Han run for the best one: the fewest shards,
/// then a rare pair if it can (the lowest weight), then the fewest common
/// pairs (the lowest sum of weights): a rare pair, often the one across two
/// words, narrows the candidates most. The pair at position `i` covers
/// characters `i` and `i + 1`, is in shard `shard[i]` and weighs
/// `weight[i]` (1 when common); a cover has the first and the last pair
/// and never leaves out two neighbours. `set` holds the shards (and
/// weights) of the pairs taken so far.
fn best_cover(
    shard: &[usize],
    weight: &[u8],
    at: usize,
    skipped_last: bool,
    set: &mut Vec<(usize, u8)>,
    best: &mut Option<(CoverKey, Vec<usize>)>,
) {
    if best.as_ref().is_some_and(|(key, _)| set.len() > key.0) {
        return;
    }
    if at == shard.len() {
        let key = (
            set.len(),
            set.iter().map(|s| s.1).min().unwrap_or(0),
            set.iter().map(|s| usize::from(s.1)).sum(),
        );
        if best.as_ref().is_none_or(|(b, _)| key < *b) {
            *best = Some((key, set.iter().map(|s| s.0).collect()));
        }
        return;
    }
    let added = !set.iter().any(|s| s.0 == shard[at]);
    if added {
        set.push((shard[at], weight[at]));
    }
    best_cover(shard, weight, at + 1, false, set, best);
    if added {
        set.pop();
    }
    if at != 0 && at + 1 != shard.len() && !skipped_last {
        best_cover(shard, weight, at + 1, true, set, best);
    }
}

/// Shards, lowest weight, sum of weights: lower is better.
type CoverKey = (usize, u8, usize);

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

/// Documents in either list (each sorted by document), with the better
/// score and prominence of the two.
fn union(a: &[Match], b: &[Match]) -> Vec<Match> {
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        if x.doc < y.doc {
            out.push(x);
            i += 1;
        } else if y.doc < x.doc {
            out.push(y);
            j += 1;
        } else {
            out.push(Match {
                doc: x.doc,
                score: x.score.max(y.score),
                prominent: x.prominent.max(y.prominent),
            });
            i += 1;
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::search::builder::{Document, IndexBuilder};
    use crate::search::format::Entry;
    use crate::search::normalize::normalize;

    /// A notice: title, body, and the pinyin of its title.
    type Doc = (String, String, Vec<Vec<String>>);

    fn doc(title: &str, body: &str, pinyin: &[&str]) -> Doc {
        let pinyin = if pinyin.is_empty() {
            Vec::new()
        } else {
            vec![pinyin.iter().map(|s| s.to_string()).collect()]
        };
        (title.into(), body.into(), pinyin)
    }

    struct Index {
        engine: Engine,
        shards: Vec<Vec<u8>>,
        docs: Vec<Doc>,
    }

    impl Index {
        fn new(docs: Vec<Doc>, shard_bytes: usize) -> Index {
            let mut builder = IndexBuilder::new();
            for (title, body, pinyin) in &docs {
                builder.add(&Document {
                    title,
                    region_names: &[],
                    body,
                    pinyin,
                    filters: &[],
                });
            }
            let files = builder.finish(shard_bytes);
            Index {
                engine: Engine::new(&files.entry).unwrap(),
                shards: files.shards,
                docs,
            }
        }

        /// Loads what `text` needs; returns the shards fetched.
        fn load(&mut self, text: &str) -> (Query, Vec<usize>) {
            let query = Query::parse(&normalize(text), &[]);
            let needed = self.engine.needed_shards(&query);
            for i in &needed {
                self.engine.add_shard(*i, &self.shards[*i]).unwrap();
            }
            (query, needed)
        }

        fn passes(&self, query: &Query, doc: u32) -> bool {
            let (title, body, _) = &self.docs[doc as usize];
            query.verify(&[&normalize(title), &normalize(body)])
        }

        /// Verified results, in rank order, as `gongshi search` lists them.
        fn search(&mut self, text: &str) -> Vec<u32> {
            let (query, _) = self.load(text);
            let hits = self.engine.run(&query).unwrap();
            hits.into_iter()
                .map(|h| h.doc)
                .filter(|d| self.passes(&query, *d))
                .collect()
        }
    }

    fn prefixes(text: &str) -> Vec<Clause> {
        Query::parse(text, &[]).clauses
    }

    #[test]
    fn words_expand_only_into_namespaces_they_can_be() {
        let any = |t: &[&str]| vec![Clause::AnyPrefix(t.iter().map(|s| s.to_string()).collect())];
        // One character: the whole word only.
        assert_eq!(prefixes("x"), vec![Clause::AllOf(vec!["wx".into()])]);
        assert_eq!(prefixes("7"), vec![Clause::AllOf(vec!["w7".into()])]);
        // Pinyin has vowels; initials never are i, u or v.
        assert_eq!(prefixes("cun"), any(&["wcun", "pcun"]));
        assert_eq!(prefixes("yijiantiao"), any(&["wyijiantiao", "pyijiantiao"]));
        assert_eq!(prefixes("hjxj"), any(&["whjxj", "ihjxj"]));
        assert_eq!(
            prefixes("fengtan"),
            any(&["wfengtan", "pfengtan", "ifengtan"])
        );
        assert_eq!(prefixes("hm"), any(&["whm", "phm", "ihm"]));
        assert_eq!(prefixes("2021"), any(&["w2021"]));
        assert_eq!(prefixes("bm25"), any(&["wbm25"]));
        // Initials are indexed up to 8 syllables.
        assert_eq!(prefixes("qwrtypsdf"), any(&["wqwrtypsdf"]));
    }

    /// Pinyin of many titles starting with 村 (cun): a prefix that spans
    /// many shards.
    fn many_cun_titles() -> Vec<Doc> {
        let syllables = [
            "min", "wu", "wei", "zhang", "ji", "dai", "guan", "li", "zhu", "jian", "gong", "kai",
        ];
        let mut docs = Vec::new();
        for (i, a) in syllables.iter().enumerate() {
            for b in &syllables {
                docs.push(doc("村务", "正文", &["cun", a, b, "gong", "gao"]));
                docs.push(doc("新闻", &format!("X 第{i}号"), &["xin", "wen", b]));
            }
        }
        docs
    }

    #[test]
    fn one_letter_finds_whole_words_and_fetches_one_shard() {
        let mut index = Index::new(many_cun_titles(), 256);
        let (_, fetched) = index.load("x");
        assert_eq!(fetched.len(), 1, "the shard of the word x alone");
        let found = index.search("x");
        assert_eq!(found.len(), 144, "every notice with the word X");
        assert!(found
            .iter()
            .all(|d| index.docs[*d as usize].1.contains('X')));
        // Two letters start pinyin prefixes.
        assert!(!index.search("xi").is_empty());
        assert!(index.search("c").is_empty(), "no word c");
    }

    #[test]
    fn a_prefix_fetches_at_most_two_shards_a_namespace() {
        let mut index = Index::new(many_cun_titles(), 256);
        let spanned = index.engine.entry().shards_with_prefix("pcun").len();
        assert!(spanned > 4, "the test needs a wide prefix: {spanned}");
        let (_, fetched) = index.load("cun");
        assert!(fetched.len() <= 3, "pinyin 2 + word 1: {fetched:?}");
        assert!(!index.search("cun").is_empty());
        // Full pinyin, spaced or not, and initials still find every title
        // (the joined run is a narrow prefix, expanded in full).
        let wanted = index
            .docs
            .iter()
            .position(|d| d.2.first().is_some_and(|p| p[..3] == ["cun", "wu", "wei"]))
            .unwrap() as u32;
        for q in [
            "cunwuweigonggao",
            "cun wu wei",
            "cun wuwei",
            "cwwgg",
            "c w w g g",
        ] {
            assert!(index.search(q).contains(&wanted), "{q}");
        }
        assert!(
            index.search("c w w").len() >= 2,
            "cwwgg and cwwgg (cun wei wu)"
        );
    }

    #[test]
    fn long_runs_fetch_a_cover_of_their_pairs_and_stay_exact() {
        // 村民委员会 and 选举 are in every notice, 会选 (across the two
        // words) in one in ten: the cover takes it and leaves out common
        // pairs, and the notices with 村民委员会换届选举 are not candidates.
        let texts = [
            "村民委员会选举办法",
            "村民委员会换届选举",
            "村民委员会换届选举结果",
            "选举村民委员会",
            "村民委员会换届选举工作",
        ];
        let n = 200;
        let text = |i: usize| texts[if i % 10 == 0 { 0 } else { 1 + i % 4 }];
        let docs: Vec<Doc> = (0..n).map(|i| doc(text(i), text(i), &[])).collect();
        let mut index = Index::new(docs, 128);
        let query = "村民委员会选举";
        let run: Vec<String> = pairs(query).map(|p| terms::term(terms::HAN, p)).collect();
        let entry = index.engine.entry();
        assert!(!entry.is_common("h会选") && entry.is_common("h村民"));
        let cover = index.engine.cover(&run);
        assert!(cover.contains(&"h会选") && cover.len() == 4, "{cover:?}");
        let (query, fetched) = index.load(query);
        assert_eq!(fetched.len(), 4);
        let expected: Vec<u32> = (0..n as u32).filter(|i| i % 10 == 0).collect();
        let mut found = index.search("村民委员会选举");
        found.sort_unstable();
        assert_eq!(found, expected);
        let (page, total) = index.engine.run_top(&query, 10).unwrap();
        assert_eq!(total, expected.len(), "no candidate is turned down");
        assert!(page.iter().all(|h| index.passes(&query, h.doc)));
    }

    #[test]
    fn pairs_in_one_shard_make_a_cheaper_cover_and_all_of_them_are_used() {
        let bloom = |common: &[&str]| {
            let mut b = crate::search::format::Bloom::new(common.len().max(1));
            for c in common {
                b.insert(c);
            }
            b
        };
        let engine = |firsts: &[&str], dense: &[bool]| {
            let entry = Entry {
                doc_count: 1,
                shard_first_terms: firsts.iter().map(|s| s.to_string()).collect(),
                common_pairs: bloom(
                    &firsts
                        .iter()
                        .zip(dense)
                        .filter(|(_, d)| **d)
                        .map(|(f, _)| *f)
                        .collect::<Vec<_>>(),
                ),
                ..Entry::default()
            };
            Engine::new(&entry.encode()).unwrap()
        };
        let run: Vec<String> = pairs("一二三四五")
            .map(|p| terms::term(terms::HAN, p))
            .collect();
        // Every pair in a shard of its own: the first, the last and the
        // rare one of the middle two; common pairs are left out.
        let own = ["h一二", "h三四", "h二三", "h四五"];
        assert_eq!(
            engine(&own, &[true, false, true, true]).cover(&run),
            vec!["h一二", "h三四", "h四五"]
        );
        assert_eq!(
            engine(&own, &[true, true, false, true]).cover(&run),
            vec!["h一二", "h二三", "h四五"]
        );
        // With no rare pair, or two, every pair is looked up.
        assert_eq!(
            engine(&own, &[true; 4]).cover(&run),
            vec!["h一二", "h二三", "h三四", "h四五"]
        );
        assert_eq!(
            engine(&own, &[true, false, false, true]).cover(&run),
            vec!["h一二", "h二三", "h三四", "h四五"]
        );
        // 一二, 三四 and 二三 sort into one shard: two shards, four pairs.
        let shared = engine(&["h一", "h四"], &[]);
        assert_eq!(shared.cover(&run), vec!["h一二", "h二三", "h三四", "h四五"]);
        // A pair before every shard is in no document: nothing to fetch.
        let none = engine(&["h三"], &[]);
        assert_eq!(none.cover(&run), vec!["h一二"]);
        assert!(none
            .needed_shards(&Query::parse("一二三四五", &[]))
            .is_empty());
    }

    #[test]
    fn estimates_take_title_matches_and_the_others_at_their_own_rates() {
        let c = |candidates,
                 prominent,
                 checked,
                 verified,
                 verified_prominent,
                 sampled,
                 sample_verified| {
            Checked {
                candidates,
                prominent,
                checked,
                verified,
                verified_prominent,
                sampled,
                sample_verified,
            }
            .estimate()
        };
        assert_eq!(c(10, 4, 10, 7, 4, 0, 0), (7, true), "all checked");
        assert_eq!(
            c(30, 0, 10, 10, 0, 20, 5),
            (15, true),
            "the sample is the rest"
        );
        assert_eq!(
            c(1000, 100, 10, 10, 10, 10, 3),
            (10 + 90 + 270, false),
            "title matches at their rate, the others at the sample's"
        );
        assert_eq!(
            c(110, 0, 10, 5, 0, 0, 0),
            (55, false),
            "no sample: the others checked"
        );
        assert_eq!(c(110, 0, 0, 0, 0, 0, 0), (110, false), "nothing checked");
    }

    #[test]
    fn the_estimated_count_of_a_phrase_is_close_when_the_best_results_all_pass() {
        // 村务 and 公开 are in all 600 notices; 村务公开 in the title and text
        // of a third and in the text only of another third, so the best
        // results (title matches) all pass: counting what is turned down
        // among them, as before, left the count 50% high.
        let docs: Vec<Doc> = (0..600)
            .map(|i| match i % 3 {
                0 => doc("村务公开栏", "本月村务公开如下", &[]),
                1 => doc("通知", "本月村务公开如下", &[]),
                _ => doc("通知", "村务工作安排，政务公开", &[]),
            })
            .collect();
        let mut index = Index::new(docs, 4096);
        let (query, _) = index.load("村务公开");
        // What the widget does: the best 20, 10 of them checked, and a
        // sample of 10 others.
        let page = index.engine.run_page(&query, 20, 10).unwrap();
        assert_eq!((page.total, page.prominent), (600, 200));
        let checked = 10;
        let verified = page.hits[..checked]
            .iter()
            .filter(|h| index.passes(&query, h.doc))
            .count();
        assert_eq!(verified, checked);
        assert_eq!(page.sample.len(), 10);
        assert!(page
            .sample
            .iter()
            .all(|d| page.hits.iter().all(|h| h.doc != *d) && d % 3 != 0));
        let sample_verified = page
            .sample
            .iter()
            .filter(|d| index.passes(&query, **d))
            .count();
        let (estimate, exact) = Checked {
            candidates: page.total,
            prominent: page.prominent,
            checked,
            verified,
            verified_prominent: verified,
            sampled: page.sample.len(),
            sample_verified,
        }
        .estimate();
        assert!(!exact);
        assert!(
            (360..=440).contains(&estimate),
            "estimate {estimate} for 400 (sample: {sample_verified} of 10 passed)"
        );
        let before = page.total - (checked - verified);
        assert_eq!(before, 600, "what the count was before");
    }
}
