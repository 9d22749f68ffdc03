//! What a notice printed for the village notice board carries so that a
//! resident can check it against the site: a QR code of the page's full
//! address (SVG, made at build time, shown only in print) and the first
//! characters of the source file's SHA-256, the value `disclosures.json`
//! and the page list for the notice.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use serde::Serialize;

/// Hex digits of the SHA-256 printed: enough to tell two versions apart by
/// eye, short enough to read aloud.
const HASH_CHARS: usize = 16;

#[derive(Serialize)]
pub struct PaperCtx {
    /// The page's full address, printed under the code.
    pub url: String,
    /// Inline SVG of the QR code; `None` only for an address too long to
    /// encode (thousands of characters).
    pub qr_svg: Option<String>,
    pub hash_prefix: String,
}

impl PaperCtx {
    pub fn new(absolute_url: String, source_sha256: &str) -> PaperCtx {
        PaperCtx {
            qr_svg: qr_svg(&absolute_url),
            url: absolute_url,
            hash_prefix: source_sha256.chars().take(HASH_CHARS).collect(),
        }
    }
}

/// The code as an `<svg>` element sized by CSS (medium error correction: a
/// board notice gets creased and faded).
fn qr_svg(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    // Drop the XML declaration: the element goes inside the page's HTML.
    let start = image.find("<svg")?;
    Some(image[start..].replacen(
        "<svg ",
        "<svg class=\"paper-qr\" role=\"img\" aria-label=\"本公告网页地址的二维码\" ",
        1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_an_inline_svg_element() {
        let paper = PaperCtx::new(
            "https://cunwu.example.org/gu-lou-qu/dong-jie/2021-xuanju-gonggao/".into(),
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        );
        let svg = paper.qr_svg.unwrap();
        assert!(
            svg.starts_with("<svg class=\"paper-qr\" role=\"img\""),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("<?xml"));
        assert_eq!(paper.hash_prefix, "0123456789abcdef");
    }

    #[test]
    fn an_address_too_long_for_a_code_has_none() {
        let paper = PaperCtx::new(format!("https://x.org/{}", "a".repeat(5000)), "ab");
        assert!(paper.qr_svg.is_none());
    }
}
