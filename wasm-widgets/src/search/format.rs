//! The index's byte format.
//!
//! Entry file (`index.bin`): `GSX1`, document count, the first term of every
//! shard, then the filter choices shown by the widget (kinds, regions,
//! years).
//!
//! Shard file (`s<N>.bin`): `GSS1`, then its terms in sorted order, each
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
//!   `d` for document `d`), then the prominent documents as varint gaps.
//!   Term frequency is taken as 1: a term that common weighs almost nothing
//!   in the score anyway, and this keeps common terms cheap to fetch.

use super::varint::{self, Corrupt, Reader};

pub const ENTRY_MAGIC: &[u8; 4] = b"GSX1";
pub const SHARD_MAGIC: &[u8; 4] = b"GSS1";

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
            kinds,
            regions,
            years,
        })
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
fn is_dense(df: u32, doc_count: u32) -> bool {
    u64::from(df) * 8 > u64::from(doc_count)
}

fn encode_dense(sparse: &[u8], doc_count: u32) -> Vec<u8> {
    let postings = decode_postings(sparse, doc_count).expect("written by this module");
    let mut bitmap = vec![0u8; (doc_count as usize).div_ceil(8)];
    for p in &postings {
        bitmap[p.doc as usize / 8] |= 1 << (p.doc % 8);
    }
    let mut out = Vec::with_capacity(bitmap.len() + 8);
    varint::write(&mut out, bitmap.len() as u64);
    out.extend_from_slice(&bitmap);
    let mut next = 0;
    for p in postings.iter().filter(|p| p.prominent) {
        varint::write(&mut out, u64::from(p.doc - next));
        next = p.doc + 1;
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
    let mut prominent = Vec::new();
    let mut next = 0u64;
    while !r.is_empty() {
        let doc = next + r.varint()?;
        prominent.push(doc);
        next = doc + 1;
    }
    let mut out = Vec::new();
    let mut p = prominent.iter().peekable();
    for (i, byte) in bitmap.iter().enumerate() {
        let mut bits = *byte;
        while bits != 0 {
            let doc = (i * 8) as u32 + bits.trailing_zeros();
            bits &= bits - 1;
            if doc >= doc_count {
                return Err(Corrupt("posting beyond the last document"));
            }
            while p.next_if(|d| **d < u64::from(doc)).is_some() {}
            let is_prominent = p.next_if(|d| **d == u64::from(doc)).is_some();
            out.push(Posting {
                doc,
                tf: 1,
                prominent: is_prominent,
            });
        }
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
            let term = format!("{}{}", &previous[..shared], suffix);
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
