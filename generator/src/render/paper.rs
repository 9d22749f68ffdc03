//! What a notice printed for the village notice board carries so that a
//! resident can check it against the site: a QR code of the page's full
//! address (SVG, made at build time, shown only in print) and the first
//! characters of the source file's SHA-256, the value `disclosures.json`
//! and the page list for the notice.

use fast_qr::{QRBuilder, QRCode, ECL};
use serde::Serialize;
use std::fmt::Write as _;

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

/// Light modules around the code, as the QR standard asks for.
const QUIET_ZONE: usize = 4;

/// The code as an `<svg>` element sized by CSS (medium error correction: a
/// board notice gets creased and faded). fast_qr picks the mask with the
/// lowest penalty as the standard says, several times faster than the
/// `qrcode` crate did: with one code per notice page that was a quarter of
/// a build.
fn qr_svg(text: &str) -> Option<String> {
    let code = QRBuilder::new(text.as_bytes()).ecl(ECL::M).build().ok()?;
    Some(svg_element(&code))
}

/// One path of the dark modules, a subpath per horizontal run, over a white
/// square with the quiet zone.
fn svg_element(code: &QRCode) -> String {
    let size = code.size;
    let side = size + 2 * QUIET_ZONE;
    let mut svg = format!(
        concat!(
            r#"<svg class="paper-qr" role="img" aria-label="本公告网页地址的二维码" "#,
            r#"xmlns="http://www.w3.org/2000/svg" version="1.1" width="{side}" height="{side}" "#,
            r#"viewBox="0 0 {side} {side}" shape-rendering="crispEdges">"#,
            r##"<rect x="0" y="0" width="{side}" height="{side}" fill="#fff"/><path fill="#000" d=""##,
        ),
        side = side
    );
    for y in 0..size {
        let row = &code.data[y * size..(y + 1) * size];
        let mut x = 0;
        while x < size {
            if !row[x].value() {
                x += 1;
                continue;
            }
            let run = row[x..].iter().take_while(|m| m.value()).count();
            let _ = write!(
                svg,
                "M{} {}h{run}v1h-{run}z",
                x + QUIET_ZONE,
                y + QUIET_ZONE
            );
            x += run;
        }
    }
    svg.push_str(r#""/></svg>"#);
    svg
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
    fn the_path_draws_exactly_the_dark_modules() {
        let code = QRBuilder::new("https://cunwu.example.org/a/b/")
            .ecl(ECL::M)
            .build()
            .unwrap();
        let svg = svg_element(&code);
        let path = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .trim_end_matches("\"/></svg>");
        let side = code.size + 2 * QUIET_ZONE;
        let mut drawn = vec![false; side * side];
        for run in path.split('M').filter(|r| !r.is_empty()) {
            // "x yhNv1h-Nz"
            let (x, rest) = run.split_once(' ').unwrap();
            let (y, rest) = rest.split_once('h').unwrap();
            let width: usize = rest.split_once('v').unwrap().0.parse().unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            for dx in 0..width {
                assert!(!drawn[y * side + x + dx], "module drawn twice");
                drawn[y * side + x + dx] = true;
            }
        }
        for y in 0..side {
            for x in 0..side {
                let inside = (QUIET_ZONE..QUIET_ZONE + code.size).contains(&x)
                    && (QUIET_ZONE..QUIET_ZONE + code.size).contains(&y);
                let dark =
                    inside && code.data[(y - QUIET_ZONE) * code.size + (x - QUIET_ZONE)].value();
                assert_eq!(drawn[y * side + x], dark, "module ({x}, {y})");
            }
        }
    }

    #[test]
    fn an_address_too_long_for_a_code_has_none() {
        let paper = PaperCtx::new(format!("https://x.org/{}", "a".repeat(5000)), "ab");
        assert!(paper.qr_svg.is_none());
    }
}
