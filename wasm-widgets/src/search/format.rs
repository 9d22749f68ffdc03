//! The index's byte format.
//!
//! Entry file (`index.bin`): `GSX2`, document count, the first term of every
//! shard, a Bloom filter of the common Han pairs (those stored densely, see
//! below: the number of hashes, the number of bytes, the bytes), then the
//! filter choices shown by the widget (kinds, regions, years).
//!
//! Shard file (`s<N>.bin`): `GSS2`, then its terms in sorted order, each
//! front-coded against the previous one, with its document frequency, an
//! encoding number and its postings. Document ids are in rank order: 0 is
//! the newest.
//!
//! * Sparse postings (encoding 0): one varint per document,
//!   `gap << 2 | prominent << 1 | repeated` (gap from the previous document
//!   id + 1; `prominent` when the term is in the title or region name;
//!   `repeated` when it occurs more than once, followed by `tf - 2`).
//! * Dense postings (encoding 1), for terms in more than one document in
//!   eight, where a bitmap is smaller: the bitmap's length and bytes (bit
//!   `d` for document `d`), then which of those documents are prominent:
//!   a varint saying how, `0` none, `1` all, `2` a list of varint gaps
//!   between them, `3` a bitmap over the term's documents in order (bit `j`
//!   for its `j`-th document), whichever is smallest. (Common title words
//!   and pinyin are prominent in tens of thousands of documents: a gap list
//!   would cost a byte each, the bitmap an eighth of that.) Term frequency
//!   is taken as 1: a term that common weighs almost nothing in the score
//!   anyway, and this keeps common terms cheap to fetch.

use super::varint::{self, Corrupt, Reader};

pub const ENTRY_MAGIC: &[u8; 4] = b"GSX2";
pub const SHARD_MAGIC: &[u8; 4] = b"GSS2";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    /// Nesting depth, for indenting region choices.
    pub depth: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    pub doc_count: u32,
    pub shard_first_terms: Vec<String>,
    /// The Han pairs stored densely (in more than one document in eight):
    /// the engine needs to know, before fetching, which pairs of a long Han
    /// run are common, to choose the ones to look up.
    pub common_pairs: Bloom,
    pub kinds: Vec<Choice>,
    pub regions: Vec<Choice>,
    pub years: Vec<u32>,
}

impl Entry {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = ENTRY_MAGIC.to_vec();
        varint::write(&mut out, self.doc_count.into());
        varint::write(&mut out, self.shard_first_terms.len() as u64);
        for t in &self.shard_first_terms {
            varint::write_str(&mut out, t);
        }
        varint::write(&mut out, self.common_pairs.hashes.into());
        varint::write(&mut out, self.common_pairs.bits.len() as u64);
        out.extend_from_slice(&self.common_pairs.bits);
        for list in [&self.kinds, &self.regions] {
            varint::write(&mut out, list.len() as u64);
            for c in list {
                varint::write_str(&mut out, &c.value);
                varint::write_str(&mut out, &c.label);
                varint::write(&mut out, c.depth.into());
            }
        }
        varint::write(&mut out, self.years.len() as u64);
        for y in &self.years {
            varint::write(&mut out, (*y).into());
        }
        out
    }

    pub fn decode(bytes: &[u8]) -> Result<Entry, Corrupt> {
        let mut r = Reader::new(bytes);
        if r.bytes(4)? != ENTRY_MAGIC {
            return Err(Corrupt("not a gongshi search index"));
        }
        let doc_count = u32::try_from(r.varint()?).map_err(|_| Corrupt("document count"))?;
        let shards = r.usize()?;
        let mut shard_first_terms = Vec::with_capacity(shards.min(1 << 16));
        for _ in 0..shards {
            shard_first_terms.push(r.str()?.to_string());
        }
        let hashes = u32::try_from(r.varint()?)
            .ok()
            .filter(|h| *h <= 32)
            .ok_or(Corrupt("hash count"))?;
        let len = r.usize()?;
        let common_pairs = Bloom {
            hashes,
            bits: r.bytes(len)?.to_vec(),
        };
        let mut lists = [Vec::new(), Vec::new()];
        for list in &mut lists {
            let n = r.usize()?;
            for _ in 0..n {
                let value = r.str()?.to_string();
                let label = r.str()?.to_string();
                let depth = u32::try_from(r.varint()?).map_err(|_| Corrupt("depth"))?;
                list.push(Choice {
                    value,
                    label,
                    depth,
                });
            }
        }
        let n = r.usize()?;
        let mut years = Vec::new();
        for _ in 0..n {
            years.push(u32::try_from(r.varint()?).map_err(|_| Corrupt("year"))?);
        }
        if !shard_first_terms.windows(2).all(|w| w[0] < w[1]) {
            return Err(Corrupt("shards out of order"));
        }
        let [kinds, regions] = lists;
        Ok(Entry {
            doc_count,
            shard_first_terms,
            common_pairs,
            kinds,
            regions,
            years,
        })
    }

    /// Whether the Han pair `term` is common (stored densely, in more than
    /// one document in eight); rarely true of a rare one (the filter's false
    /// positives), never false of a common one.
    pub fn is_common(&self, term: &str) -> bool {
        self.common_pairs.contains(term)
    }

    /// The shard that holds `term`, if any shard could.
    pub fn shard_of(&self, term: &str) -> Option<usize> {
        match self
            .shard_first_terms
            .binary_search_by(|first| first.as_str().cmp(term))
        {
            Ok(i) => Some(i),
            Err(0) => None,
            Err(i) => Some(i - 1),
        }
    }

    /// The shards that hold terms starting with `prefix`.
    pub fn shards_with_prefix(&self, prefix: &str) -> std::ops::Range<usize> {
        let start = self.shard_of(prefix).unwrap_or(0);
        let mut end = start;
        while end < self.shard_first_terms.len()
            && (end == start
                || self.shard_first_terms[end].as_str() < prefix
                || self.shard_first_terms[end].starts_with(prefix))
        {
            end += 1;
        }
        start..end.max(start)
    }
}

/// A Bloom filter of strings: `contains` is true of every string inserted,
/// and of about one other in a hundred.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bloom {
    pub hashes: u32,
    pub bits: Vec<u8>,
}

impl Bloom {
    const BITS_PER_ITEM: usize = 10;
    const HASHES: u32 = 7;

    /// An empty filter sized for `items` strings.
    pub fn new(items: usize) -> Bloom {
        Bloom {
            hashes: Self::HASHES,
            bits: vec![0; (items * Self::BITS_PER_ITEM).div_ceil(8)],
        }
    }

    /// The bits of `item`: FNV-1a, then double hashing.
    fn positions(&self, item: &str) -> impl Iterator<Item = usize> {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in item.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let (h1, h2) = (h & 0xffff_ffff, (h >> 32) | 1);
        let m = self.bits.len() as u64 * 8;
        (0..u64::from(self.hashes))
            .map(move |i| (h1.wrapping_add(i.wrapping_mul(h2)) % m.max(1)) as usize)
    }

    pub fn insert(&mut self, item: &str) {
        if self.bits.is_empty() {
            return;
        }
        let positions: Vec<usize> = self.positions(item).collect();
        for p in positions {
            self.bits[p / 8] |= 1 << (p % 8);
        }
    }

    pub fn contains(&self, item: &str) -> bool {
        !self.bits.is_empty()
            && self
                .positions(item)
                .all(|p| self.bits[p / 8] & 1 << (p % 8) != 0)
    }
}

/// One posting: a document and how the term occurs in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub tf: u32,
    pub prominent: bool,
}

/// Appends postings in increasing document order.
#[derive(Debug, Default, Clone)]
pub struct PostingsWriter {
    pub bytes: Vec<u8>,
    pub df: u32,
    next: u32,
}

impl PostingsWriter {
    pub fn push(&mut self, p: Posting) {
        debug_assert!(p.doc >= self.next);
        let gap = u64::from(p.doc - self.next);
        let flags = (u64::from(p.prominent) << 1) | u64::from(p.tf > 1);
        varint::write(&mut self.bytes, gap << 2 | flags);
        if p.tf > 1 {
            varint::write(&mut self.bytes, u64::from(p.tf - 2));
        }
        self.next = p.doc + 1;
        self.df += 1;
    }

    /// Appends `later`'s postings, whose document numbers count from
    /// `base` (all after this writer's own). Only the first gap changes: the
    /// rest are relative and copied as they are.
    pub fn append(&mut self, later: &PostingsWriter, base: u32) {
        if later.df == 0 {
            return;
        }
        debug_assert!(base >= self.next);
        let mut reader = varint::Reader::new(&later.bytes);
        let first = reader.varint().expect("written by push");
        let rest = &later.bytes[reader.position()..];
        let gap = first >> 2;
        let flags = first & 0b11;
        let moved = gap + u64::from(base - self.next);
        varint::write(&mut self.bytes, moved << 2 | flags);
        self.bytes.extend_from_slice(rest);
        self.next = base + later.next;
        self.df += later.df;
    }
}

/// A term's postings as stored, decoded on use.
#[derive(Debug, Clone, Copy)]
pub struct StoredPostings<'a> {
    pub df: u32,
    dense: bool,
    bytes: &'a [u8],
}

impl StoredPostings<'_> {
    pub fn decode(&self, doc_count: u32) -> Result<Vec<Posting>, Corrupt> {
        if self.dense {
            decode_dense(self.bytes, doc_count)
        } else {
            decode_postings(self.bytes, doc_count)
        }
    }
}

const SPARSE: u64 = 0;
const DENSE: u64 = 1;

/// A term is stored densely when its bitmap is smaller than its list.
pub fn is_dense(df: u32, doc_count: u32) -> bool {
    u64::from(df) * 8 > u64::from(doc_count)
}

/// How the prominent documents of a dense term are stored.
const PROMINENT_NONE: u64 = 0;
const PROMINENT_ALL: u64 = 1;
const PROMINENT_GAPS: u64 = 2;
const PROMINENT_RANKS: u64 = 3;

fn encode_dense(sparse: &[u8], doc_count: u32) -> Vec<u8> {
    let postings = decode_postings(sparse, doc_count).expect("written by this module");
    let mut bitmap = vec![0u8; (doc_count as usize).div_ceil(8)];
    for p in &postings {
        bitmap[p.doc as usize / 8] |= 1 << (p.doc % 8);
    }
    let mut out = Vec::with_capacity(bitmap.len() + 8);
    varint::write(&mut out, bitmap.len() as u64);
    out.extend_from_slice(&bitmap);
    let prominent = postings.iter().filter(|p| p.prominent).count();
    if prominent == 0 {
        varint::write(&mut out, PROMINENT_NONE);
    } else if prominent == postings.len() {
        varint::write(&mut out, PROMINENT_ALL);
    } else {
        let mut gaps = Vec::new();
        let mut next = 0;
        for p in postings.iter().filter(|p| p.prominent) {
            varint::write(&mut gaps, u64::from(p.doc - next));
            next = p.doc + 1;
        }
        let mut ranks = vec![0u8; postings.len().div_ceil(8)];
        for (j, p) in postings.iter().enumerate() {
            if p.prominent {
                ranks[j / 8] |= 1 << (j % 8);
            }
        }
        if gaps.len() <= ranks.len() {
            varint::write(&mut out, PROMINENT_GAPS);
            out.extend_from_slice(&gaps);
        } else {
            varint::write(&mut out, PROMINENT_RANKS);
            out.extend_from_slice(&ranks);
        }
    }
    out
}

fn decode_dense(bytes: &[u8], doc_count: u32) -> Result<Vec<Posting>, Corrupt> {
    let mut r = Reader::new(bytes);
    let len = r.usize()?;
    if len != (doc_count as usize).div_ceil(8) {
        return Err(Corrupt("bitmap size"));
    }
    let bitmap = r.bytes(len)?;
    let mut out = Vec::new();
    for (i, byte) in bitmap.iter().enumerate() {
        let mut bits = *byte;
        while bits != 0 {
            let doc = (i * 8) as u32 + bits.trailing_zeros();
            bits &= bits - 1;
            if doc >= doc_count {
                return Err(Corrupt("posting beyond the last document"));
            }
            out.push(Posting {
                doc,
                tf: 1,
                prominent: false,
            });
        }
    }
    match r.varint()? {
        PROMINENT_NONE => {}
        PROMINENT_ALL => out.iter_mut().for_each(|p| p.prominent = true),
        PROMINENT_GAPS => {
            // Gaps between prominent documents, each one of the term's.
            let mut next = 0u64;
            let mut at = 0;
            while !r.is_empty() {
                let doc = next.saturating_add(r.varint()?);
                while at < out.len() && u64::from(out[at].doc) < doc {
                    at += 1;
                }
                match out.get_mut(at) {
                    Some(p) if u64::from(p.doc) == doc => p.prominent = true,
                    _ => return Err(Corrupt("prominent document without the term")),
                }
                next = doc + 1;
            }
        }
        PROMINENT_RANKS => {
            let ranks = r.bytes(out.len().div_ceil(8))?;
            for (j, p) in out.iter_mut().enumerate() {
                p.prominent = ranks[j / 8] & (1 << (j % 8)) != 0;
            }
        }
        _ => return Err(Corrupt("unknown prominence encoding")),
    }
    if !r.is_empty() {
        return Err(Corrupt("bytes after dense postings"));
    }
    Ok(out)
}

pub fn decode_postings(bytes: &[u8], doc_count: u32) -> Result<Vec<Posting>, Corrupt> {
    let mut r = Reader::new(bytes);
    let mut out = Vec::new();
    let mut next = 0u64;
    while !r.is_empty() {
        let v = r.varint()?;
        let doc = next + (v >> 2);
        if doc >= u64::from(doc_count) {
            return Err(Corrupt("posting beyond the last document"));
        }
        let tf = if v & 1 == 1 {
            r.varint()?.saturating_add(2)
        } else {
            1
        };
        out.push(Posting {
            doc: doc as u32,
            tf: u32::try_from(tf).unwrap_or(u32::MAX),
            prominent: v & 2 == 2,
        });
        next = doc + 1;
    }
    Ok(out)
}

/// A decoded shard: terms with their stored postings (decoded on use).
#[derive(Debug, Clone, Default)]
pub struct Shard {
    terms: Vec<(String, u32, bool, Vec<u8>)>,
}

impl Shard {
    /// Encodes terms (sorted) of an index of `doc_count` documents.
    pub fn encode(terms: &[(&str, &PostingsWriter)], doc_count: u32) -> Vec<u8> {
        let mut out = SHARD_MAGIC.to_vec();
        varint::write(&mut out, terms.len() as u64);
        let mut previous: &str = "";
        for (term, postings) in terms {
            let shared = common_prefix(previous, term);
            varint::write(&mut out, shared as u64);
            varint::write_str(&mut out, &term[shared..]);
            varint::write(&mut out, postings.df.into());
            if is_dense(postings.df, doc_count) {
                let dense = encode_dense(&postings.bytes, doc_count);
                varint::write(&mut out, DENSE);
                varint::write(&mut out, dense.len() as u64);
                out.extend_from_slice(&dense);
            } else {
                varint::write(&mut out, SPARSE);
                varint::write(&mut out, postings.bytes.len() as u64);
                out.extend_from_slice(&postings.bytes);
            }
            previous = term;
        }
        out
    }

    pub fn decode(bytes: &[u8]) -> Result<Shard, Corrupt> {
        let mut r = Reader::new(bytes);
        if r.bytes(4)? != SHARD_MAGIC {
            return Err(Corrupt("not a gongshi search shard"));
        }
        let n = r.usize()?;
        let mut terms: Vec<(String, u32, bool, Vec<u8>)> = Vec::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let shared = r.usize()?;
            let suffix = r.str()?;
            let previous = terms.last().map_or("", |t| t.0.as_str());
            if shared > previous.len() || !previous.is_char_boundary(shared) {
                return Err(Corrupt("bad term prefix"));
            }
            let mut term = String::with_capacity(shared + suffix.len());
            term.push_str(&previous[..shared]);
            term.push_str(suffix);
            let df = u32::try_from(r.varint()?).map_err(|_| Corrupt("frequency"))?;
            let dense = match r.varint()? {
                SPARSE => false,
                DENSE => true,
                _ => return Err(Corrupt("unknown postings encoding")),
            };
            let len = r.usize()?;
            let postings = r.bytes(len)?.to_vec();
            if terms.last().is_some_and(|t| t.0 >= term) {
                return Err(Corrupt("terms out of order"));
            }
            terms.push((term, df, dense, postings));
        }
        Ok(Shard { terms })
    }

    fn stored(t: &(String, u32, bool, Vec<u8>)) -> StoredPostings<'_> {
        StoredPostings {
            df: t.1,
            dense: t.2,
            bytes: &t.3,
        }
    }

    /// The postings of a term.
    pub fn get(&self, term: &str) -> Option<StoredPostings<'_>> {
        self.terms
            .binary_search_by(|t| t.0.as_str().cmp(term))
            .ok()
            .map(|i| Self::stored(&self.terms[i]))
    }

    /// Terms starting with `prefix`, in order, with their postings.
    pub fn with_prefix<'s>(
        &'s self,
        prefix: &'s str,
    ) -> impl Iterator<Item = (&'s str, StoredPostings<'s>)> + 's {
        let start = self.terms.partition_point(|t| t.0.as_str() < prefix);
        self.terms[start..]
            .iter()
            .take_while(move |t| t.0.starts_with(prefix))
            .map(|t| (t.0.as_str(), Self::stored(t)))
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = 0;
    for ((i, ca), cb) in a.char_indices().zip(b.chars()) {
        if ca != cb {
            return i;
        }
        n = i + ca.len_utf8();
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip() {
        let mut w = PostingsWriter::default();
        let postings = [
            Posting {
                doc: 0,
                tf: 1,
                prominent: false,
            },
            Posting {
                doc: 5,
                tf: 3,
                prominent: true,
            },
            Posting {
                doc: 6,
                tf: 1,
                prominent: true,
            },
            Posting {
                doc: 900,
                tf: 200,
                prominent: false,
            },
        ];
        for p in postings {
            w.push(p);
        }
        assert_eq!(w.df, 4);
        assert_eq!(decode_postings(&w.bytes, 1000).unwrap(), postings);
        assert!(decode_postings(&w.bytes, 900).is_err(), "doc beyond count");
    }

    #[test]
    fn shard_round_trip_with_front_coding() {
        let mut a = PostingsWriter::default();
        a.push(Posting {
            doc: 1,
            tf: 1,
            prominent: false,
        });
        let mut b = PostingsWriter::default();
        b.push(Posting {
            doc: 2,
            tf: 2,
            prominent: true,
        });
        let bytes = Shard::encode(&[("h一肩", &a), ("h一肩挑", &b), ("wxuan", &a)], 1000);
        let shard = Shard::decode(&bytes).unwrap();
        assert_eq!(shard.get("h一肩挑").unwrap().df, 1);
        assert!(shard.get("h一").is_none());
        let prefixed: Vec<_> = shard.with_prefix("h一肩").map(|t| t.0).collect();
        assert_eq!(prefixed, vec!["h一肩", "h一肩挑"]);
    }

    #[test]
    fn common_terms_are_stored_as_bitmaps_and_read_back() {
        let mut common = PostingsWriter::default();
        let expected: Vec<Posting> = (0..100)
            .filter(|d| d % 3 != 0)
            .map(|doc| Posting {
                doc,
                tf: 1,
                prominent: doc % 7 == 0,
            })
            .collect();
        for p in &expected {
            common.push(*p);
        }
        let bytes = Shard::encode(&[("h村", &common)], 100);
        assert!(
            bytes.len() < 40,
            "a bitmap, not a list: {} bytes",
            bytes.len()
        );
        let shard = Shard::decode(&bytes).unwrap();
        assert_eq!(shard.get("h村").unwrap().decode(100).unwrap(), expected);
        assert!(
            shard.get("h村").unwrap().decode(50).is_err(),
            "bitmap of another size"
        );
    }

    #[test]
    fn prominence_of_common_terms_is_stored_compactly_and_read_back() {
        // 2,000 documents, the term in every other one; prominent in none,
        // all, a few, or most of them.
        let docs = 2000u32;
        type Case = (&'static str, fn(u32) -> bool, usize);
        let cases: [Case; 4] = [
            ("none", |_| false, 275),
            ("all", |_| true, 275),
            ("few", |d| d % 200 == 0, 300),
            ("most", |d| d % 10 != 0, 400),
        ];
        for (name, prominent, max_bytes) in cases {
            let expected: Vec<Posting> = (0..docs)
                .filter(|d| d % 2 == 0)
                .map(|doc| Posting {
                    doc,
                    tf: 1,
                    prominent: prominent(doc),
                })
                .collect();
            let mut w = PostingsWriter::default();
            for p in &expected {
                w.push(*p);
            }
            let bytes = Shard::encode(&[("pcun", &w)], docs);
            // The bitmap is 250 bytes; a gap list of the 900 prominent
            // documents of "most" would be 900 more.
            assert!(bytes.len() <= max_bytes, "{name}: {} bytes", bytes.len());
            let shard = Shard::decode(&bytes).unwrap();
            assert_eq!(
                shard.get("pcun").unwrap().decode(docs).unwrap(),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn common_pairs_round_trip_with_few_false_positives() {
        let pairs: Vec<String> = (0..700u32)
            .map(|i| {
                format!(
                    "h{}{}",
                    char::from_u32(0x4E00 + i).unwrap(),
                    char::from_u32(0x5E00 + i).unwrap()
                )
            })
            .collect();
        let mut bloom = Bloom::new(pairs.len());
        for p in &pairs {
            bloom.insert(p);
        }
        let entry = Entry {
            doc_count: 9,
            shard_first_terms: vec!["h".into()],
            common_pairs: bloom,
            ..Entry::default()
        };
        let bytes = entry.encode();
        let decoded = Entry::decode(&bytes).unwrap();
        assert_eq!(decoded, entry);
        assert!(pairs.iter().all(|p| decoded.is_common(p)));
        let false_positives = (0..10_000u32)
            .filter(|i| decoded.is_common(&format!("h{}", char::from_u32(0x6000 + i).unwrap())))
            .count();
        assert!(false_positives < 300, "{false_positives} in 10,000");
        assert!(
            !Entry::default().is_common("h村民"),
            "no filter: nothing common"
        );
        assert!(Entry::decode(&bytes[..bytes.len() - 4]).is_err());
    }

    #[test]
    fn corrupt_bytes_are_errors_not_panics() {
        let mut a = PostingsWriter::default();
        a.push(Posting {
            doc: 1,
            tf: 1,
            prominent: false,
        });
        let bytes = Shard::encode(&[("h一肩", &a), ("h一肩挑", &a)], 3);
        for cut in 0..bytes.len() {
            let _ = Shard::decode(&bytes[..cut]);
        }
        let mut flipped = bytes.clone();
        for i in 4..flipped.len() {
            flipped[i] ^= 0xff;
            let _ = Shard::decode(&flipped);
            flipped[i] ^= 0xff;
        }
        assert!(Entry::decode(b"nope").is_err());
    }

    #[test]
    fn entry_round_trip_and_shard_lookup() {
        let entry = Entry {
            doc_count: 3,
            shard_first_terms: vec!["h一".into(), "h村".into(), "w2021".into()],
            common_pairs: Bloom::new(3),
            kinds: vec![Choice {
                value: "result".into(),
                label: "选举结果公告".into(),
                depth: 0,
            }],
            regions: vec![],
            years: vec![2021, 2022],
        };
        let decoded = Entry::decode(&entry.encode()).unwrap();
        assert_eq!(decoded, entry);
        assert_eq!(entry.shard_of("a"), None);
        assert_eq!(entry.shard_of("h一肩"), Some(0));
        assert_eq!(entry.shard_of("h村民"), Some(1));
        assert_eq!(entry.shard_of("zzz"), Some(2));
        assert_eq!(entry.shards_with_prefix("h"), 0..2);
    }
}
