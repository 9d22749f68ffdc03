//! Full-text search over a site's notices, the same code in the generator
//! (writing the index, `gongshi search`) and in the browser (querying).
//!
//! * `normalize` and `tokenize`: text → terms (Han characters and bigrams,
//!   Latin/digit words).
//! * `terms`: the namespaces of index terms (text, pinyin, filters).
//! * `builder`: documents → index files (an entry file and term shards).
//! * `format`: the byte format of those files, read back with bounds checks.
//! * `engine`: a query → the shards it needs → ranked documents; exact
//!   substring verification and excerpts.

/// Indexing runs in the generator only (it needs NFKC tables the wasm
/// leaves out).
#[cfg(not(target_arch = "wasm32"))]
pub mod builder;
pub mod engine;
pub mod excerpt;
pub mod format;
pub mod normalize;
pub mod terms;
pub mod tokenize;
mod varint;

pub use varint::Corrupt;
