//! Builds the index from documents added in rank order (newest first).
//!
//! Postings are encoded as documents arrive, so memory grows with the size
//! of the index, not with the number of term occurrences. Builders of
//! consecutive runs of documents can be made apart (on several threads) and
//! joined with [`IndexBuilder::append`]; the result is the same index.

use super::format::{is_dense, Bloom, Choice, Entry, Posting, PostingsWriter, Shard};
use super::normalize::normalize;
use super::terms::{self, Filter};
use super::tokenize::{is_han, tokens, Token};
use rustc_hash::FxHashMap;

/// What the index needs of one notice.
pub struct Document<'a> {
    pub title: &'a str,
    /// Names of the notice's region and the regions above it.
    pub region_names: &'a [&'a str],
    /// The body as plain text.
    pub body: &'a str,
    /// Pinyin syllables (toneless, lower case) of every Han run in the title
    /// and region names, computed by the caller (the wasm carries no pinyin
    /// dictionary).
    pub pinyin: &'a [Vec<String>],
    pub filters: &'a [(Filter, String)],
}

/// The files of a built index.
pub struct IndexFiles {
    pub entry: Vec<u8>,
    pub shards: Vec<Vec<u8>>,
    /// Bytes of postings, for size reports.
    pub postings_bytes: usize,
}

#[derive(Default)]
pub struct IndexBuilder {
    /// Every term but Han ones once, with its number in `postings`.
    ids: FxHashMap<Box<str>, u32>,
    /// Han terms (most occurrences by far) by [`han_key`]: looked up without
    /// making the term's string.
    han_ids: FxHashMap<u64, u32>,
    postings: Vec<(Box<str>, PostingsWriter)>,
    docs: u32,
    kinds: Vec<Choice>,
    regions: Vec<Choice>,
    years: Vec<u32>,
    /// Scratch space reused between documents.
    buffer: String,
    /// The document being added: each term's occurrences in it and whether
    /// one is prominent, by term number (zero for terms it has not used)...
    counts: Vec<(u32, bool)>,
    /// ...and the terms it has used. Counted in place, so no document's
    /// occurrences need sorting to group them.
    used: Vec<u32>,
}

impl IndexBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// The filter choices the widget offers.
    pub fn set_choices(&mut self, kinds: Vec<Choice>, regions: Vec<Choice>, mut years: Vec<u32>) {
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        self.kinds = kinds;
        self.regions = regions;
        self.years = years;
    }

    /// Records one occurrence of the term `namespace` + `text` in the
    /// document being added. Terms are interned: the string is allocated
    /// once per index, not once per document.
    fn occur(&mut self, namespace: char, text: &str, prominent: bool) {
        self.buffer.clear();
        self.buffer.push(namespace);
        self.buffer.push_str(text);
        let id = match self.ids.get(self.buffer.as_str()) {
            Some(id) => *id,
            None => {
                let term: Box<str> = self.buffer.as_str().into();
                let id = self.intern(term.clone());
                self.ids.insert(term, id);
                id
            }
        };
        self.count(id, prominent);
    }

    /// One occurrence of a Han character (`second` is `None`) or pair.
    fn occur_han(&mut self, first: char, second: Option<char>, prominent: bool) {
        let key = han_key(first, second);
        let id = match self.han_ids.get(&key) {
            Some(id) => *id,
            None => {
                let term: String = [Some(terms::HAN), Some(first), second]
                    .into_iter()
                    .flatten()
                    .collect();
                let id = self.intern(term.into());
                self.han_ids.insert(key, id);
                id
            }
        };
        self.count(id, prominent);
    }

    /// One more occurrence of term `id` in the document being added.
    fn count(&mut self, id: u32, prominent: bool) {
        let term = id as usize;
        if term >= self.counts.len() {
            self.counts.resize(self.postings.len(), (0, false));
        }
        let (tf, any_prominent) = &mut self.counts[term];
        if *tf == 0 {
            self.used.push(id);
        }
        *tf += 1;
        *any_prominent |= prominent;
    }

    /// A new term's number.
    fn intern(&mut self, term: Box<str>) -> u32 {
        let id = self.postings.len() as u32;
        self.postings.push((term, PostingsWriter::default()));
        id
    }

    /// The id of `term` (namespace included), made when new.
    fn term_id(&mut self, term: &str) -> u32 {
        let mut chars = term.chars();
        if chars.next() == Some(terms::HAN) {
            if let Some(first) = chars.next() {
                let second = chars.next();
                if chars.next().is_none() {
                    let key = han_key(first, second);
                    if let Some(id) = self.han_ids.get(&key) {
                        return *id;
                    }
                    let id = self.intern(term.into());
                    self.han_ids.insert(key, id);
                    return id;
                }
            }
        }
        if let Some(id) = self.ids.get(term) {
            return *id;
        }
        let id = self.intern(term.into());
        self.ids.insert(term.into(), id);
        id
    }

    fn text(&mut self, text: &str, prominent: bool) {
        let folded = normalize(text);
        for token in tokens(&folded) {
            match token {
                Token::Han(run) => {
                    // Every character, then every pair of neighbours (see
                    // `tokenize::han_grams`, the same terms as strings).
                    for c in run.chars() {
                        self.occur_han(c, None, prominent);
                    }
                    let mut pairs = run.chars().zip(run.chars().skip(1));
                    for (a, b) in &mut pairs {
                        self.occur_han(a, Some(b), prominent);
                    }
                }
                Token::Word(word) => self.occur(terms::WORD, word, prominent),
            }
        }
    }

    /// Adds the documents of `later`, numbered after this builder's own, as
    /// if they had been added here one by one.
    pub fn append(&mut self, later: IndexBuilder) {
        let base = self.docs;
        for (term, postings) in later.postings {
            let id = self.term_id(&term);
            self.postings[id as usize].1.append(&postings, base);
        }
        self.docs += later.docs;
    }

    /// Adds the next document; returns its id.
    pub fn add(&mut self, doc: &Document) -> u32 {
        let id = self.docs;
        self.docs += 1;
        self.text(doc.title, true);
        for name in doc.region_names {
            self.text(name, true);
        }
        self.text(doc.body, false);
        for run in doc.pinyin {
            for start in 0..run.len() {
                let end = run.len().min(start + terms::MAX_PINYIN_SYLLABLES);
                let syllables = &run[start..end];
                let full: String = syllables.concat();
                let initials: String = syllables.iter().filter_map(|s| s.chars().next()).collect();
                self.occur(terms::PINYIN, &full, true);
                self.occur(terms::INITIALS, &initials, true);
            }
        }
        for (filter, value) in doc.filters {
            self.occur(filter.namespace(), value, false);
        }
        // One posting per term used: its frequency, and prominent if any
        // occurrence is.
        for &term in &self.used {
            let (tf, prominent) = std::mem::take(&mut self.counts[term as usize]);
            self.postings[term as usize].1.push(Posting {
                doc: id,
                tf,
                prominent,
            });
        }
        self.used.clear();
        id
    }

    /// Splits the sorted dictionary into shards of about `shard_bytes`.
    pub fn finish(self, shard_bytes: usize) -> IndexFiles {
        let mut terms: Vec<(&str, &PostingsWriter)> =
            self.postings.iter().map(|(t, p)| (&**t, p)).collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let postings_bytes = terms.iter().map(|(_, p)| p.bytes.len()).sum();
        let mut shards = Vec::new();
        let mut firsts = Vec::new();
        let mut start = 0;
        let mut size = 0;
        for (i, (term, p)) in terms.iter().enumerate() {
            size += term.len() + p.bytes.len() + 4;
            if size >= shard_bytes || i + 1 == terms.len() {
                firsts.push(terms[start].0.to_string());
                shards.push(Shard::encode(&terms[start..=i], self.docs));
                start = i + 1;
                size = 0;
            }
        }
        let common: Vec<&str> = terms
            .iter()
            .filter(|(t, p)| {
                t.starts_with(terms::HAN) && t.chars().count() == 3 && is_dense(p.df, self.docs)
            })
            .map(|(t, _)| *t)
            .collect();
        let mut common_pairs = Bloom::new(common.len());
        for t in common {
            common_pairs.insert(t);
        }
        let entry = Entry {
            doc_count: self.docs,
            shard_first_terms: firsts,
            common_pairs,
            kinds: self.kinds,
            regions: self.regions,
            years: self.years,
        };
        IndexFiles {
            entry: entry.encode(),
            shards,
            postings_bytes,
        }
    }
}

/// A Han character or pair as one number: 21 bits a character.
fn han_key(first: char, second: Option<char>) -> u64 {
    debug_assert!(is_han(first) && second.is_none_or(is_han));
    (u64::from(first) << 21) | second.map_or(0, u64::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add_all(builder: &mut IndexBuilder, docs: &[(String, String)]) {
        let pinyin = vec![vec!["cun".to_string(), "wu".to_string()]];
        let filters = vec![(Filter::Kind, "finance".to_string())];
        for (title, body) in docs {
            builder.add(&Document {
                title,
                region_names: &["鼓楼区", "东街社区"],
                body,
                pinyin: &pinyin,
                filters: &filters,
            });
        }
    }

    #[test]
    fn builders_appended_make_the_same_index_as_one() {
        let docs: Vec<(String, String)> = (0..40)
            .map(|i| {
                (
                    format!("第{i}号公告 village {}", i % 7),
                    format!(
                        "村务公开{}。选举 ｶﾞ {i} 一肩挑{}",
                        "监督".repeat(i % 5),
                        i % 3
                    ),
                )
            })
            .collect();
        let mut whole = IndexBuilder::new();
        add_all(&mut whole, &docs);
        let mut joined = IndexBuilder::new();
        for chunk in [&docs[..1], &docs[1..17], &docs[17..17], &docs[17..]] {
            let mut part = IndexBuilder::new();
            add_all(&mut part, chunk);
            joined.append(part);
        }
        let (a, b) = (whole.finish(512), joined.finish(512));
        assert_eq!(a.entry, b.entry);
        assert_eq!(a.shards, b.shards);
        assert!(a.shards.len() > 3, "the test covers several shards");
    }
}
