//! Precompressed copies written beside text files (`page/index.html.gz`,
//! `page/index.html.br`), so that hosts that serve them as they are (nginx
//! `gzip_static` and `brotli_static`, object storage behind a CDN with
//! `Content-Encoding` metadata) send small files without compressing on
//! every request. Both encoders are deterministic: a rebuild writes the
//! same bytes.

use flate2::write::GzEncoder;
use std::io::Write;

/// File endings worth compressing: text, and wasm and the search index,
/// which compress well. Images, PDFs, Office files and archives already
/// are compressed.
const COMPRESSIBLE: &[&str] = &[
    ".html",
    ".css",
    ".js",
    ".mjs",
    ".json",
    ".xml",
    ".svg",
    ".txt",
    ".csv",
    ".wasm",
    ".bin",
    ".map",
    ".md",
    ".webmanifest",
];

/// Below this, a compressed copy saves less than a network packet.
const MIN_SIZE: usize = 512;

/// The theme's files are fetched by every visitor: worth the slowest,
/// smallest settings. Pages and index files are many: fast settings that
/// keep a large site's build in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effort {
    Most,
    Fast,
}

impl Effort {
    /// The theme's files (`_gongshi/`, but not the search index) get the most.
    pub fn for_path(path: &str) -> Effort {
        let theme = path.starts_with(crate::assets::ASSETS_DIR)
            && !path.starts_with(crate::assets::SEARCH_INDEX_DIR);
        if theme {
            Effort::Most
        } else {
            Effort::Fast
        }
    }
}

/// Whether `path` gets compressed copies.
pub fn is_compressible(path: &str, size: usize) -> bool {
    size >= MIN_SIZE && COMPRESSIBLE.iter().any(|ext| path.ends_with(ext))
}

/// The compressed copies of `bytes`: (suffix, bytes), each only when it is
/// smaller than the original.
pub fn compress(bytes: &[u8], effort: Effort) -> Vec<(&'static str, Vec<u8>)> {
    let (gzip_level, brotli_quality) = match effort {
        Effort::Most => (9, 11),
        Effort::Fast => (6, 4),
    };
    let mut copies = Vec::with_capacity(2);
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::new(gzip_level));
    gz.write_all(bytes).expect("writing to memory cannot fail");
    copies.push((".gz", gz.finish().expect("writing to memory cannot fail")));
    let mut br = Vec::new();
    // A window no larger than the file: the encoder's tables are sized by
    // it, and clearing 4 MB of them for every 10 KB page took longer than
    // compressing the page.
    let window_bits = (usize::BITS - bytes.len().saturating_sub(1).leading_zeros()).clamp(10, 22);
    let params = brotli::enc::BrotliEncoderParams {
        quality: brotli_quality,
        lgwin: window_bits as i32,
        size_hint: bytes.len(),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params)
        .expect("reading from and writing to memory cannot fail");
    copies.push((".br", br));
    copies.retain(|(_, c)| c.len() < bytes.len());
    copies
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn copies_decompress_to_the_original() {
        let text = "村务公开栏：2024 年第三季度财务收支明细。".repeat(100);
        for effort in [Effort::Most, Effort::Fast] {
            let copies = compress(text.as_bytes(), effort);
            assert_eq!(copies.len(), 2);
            for (suffix, bytes) in copies {
                let mut back = Vec::new();
                match suffix {
                    ".gz" => {
                        flate2::read::GzDecoder::new(&bytes[..])
                            .read_to_end(&mut back)
                            .unwrap();
                    }
                    _ => {
                        brotli::BrotliDecompress(&mut &bytes[..], &mut back).unwrap();
                    }
                }
                assert_eq!(back, text.as_bytes(), "{suffix} {effort:?}");
            }
        }
    }

    #[test]
    fn incompressible_bytes_get_no_copies() {
        // A xorshift stream: nothing for either encoder to find.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        assert!(compress(&noise, Effort::Fast).is_empty());
    }

    #[test]
    fn only_text_of_some_size_is_compressed() {
        assert!(is_compressible("a/index.html", 4096));
        assert!(is_compressible("_gongshi/x.1234.wasm", 4096));
        assert!(!is_compressible("a/index.html", 100));
        assert!(!is_compressible("a/photo.jpg", 1 << 20));
        assert!(!is_compressible("a/ledger.xlsx", 1 << 20));
    }
}
