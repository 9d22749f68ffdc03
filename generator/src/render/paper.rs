//! What a notice printed for the village notice board carries so that a
//! resident can check it against the site: a QR code of the page's full
//! address (SVG, made at build time, shown only in print) and the first
//! characters of the source file's SHA-256, the value `disclosures.json`
//! and the page list for the notice.

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};
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

/// Light modules around the code, as the QR standard asks for.
const QUIET_ZONE: usize = 4;

/// The mask every code is drawn with (mask 0, the checkerboard). The
/// standard has the encoder score all eight masks and keep the least
/// penalised, which readers do not need (they read the mask from the code's
/// format bits): scoring them was a tenth of a whole build's CPU, one code
/// per notice page. The tests read codes made with it back with a decoder.
const MASK: u8 = 0;

/// The code as an `<svg>` element sized by CSS (medium error correction: a
/// board notice gets creased and faded).
fn qr_svg(text: &str) -> Option<String> {
    qr_code(text).map(|code| svg_element(&code))
}

/// The code of `text`, `None` when it is too long for one.
fn qr_code(text: &str) -> Option<QrCode> {
    QrCode::encode_segments_advanced(
        &QrSegment::make_segments(text),
        QrCodeEcc::Medium,
        Version::MIN,
        Version::MAX,
        Some(Mask::new(MASK)),
        false,
    )
    .ok()
}

/// One path over a white square with the quiet zone: a line one module
/// wide through the middle of each row's dark runs, "M{x} {y}.5h{run}" for
/// the first and "m{gap} 0h{run}" for each next. Half the bytes of a filled
/// rectangle per run, and the code is a third of a notice page.
fn svg_element(code: &QrCode) -> String {
    let size = code_side(code);
    let side = size + 2 * QUIET_ZONE;
    let mut svg = format!(
        concat!(
            r#"<svg class="paper-qr" role="img" aria-label="本公告网页地址的二维码" "#,
            r#"xmlns="http://www.w3.org/2000/svg" version="1.1" width="{side}" height="{side}" "#,
            r#"viewBox="0 0 {side} {side}" shape-rendering="crispEdges">"#,
            r##"<rect x="0" y="0" width="{side}" height="{side}" fill="#fff"/>"##,
            r##"<path fill="none" stroke="#000" stroke-width="1" d=""##,
        ),
        side = side
    );
    let dark = |x: usize, y: usize| code.get_module(x as i32, y as i32);
    // Numbers pushed with itoa, not `write!`: a code has hundreds of runs,
    // and formatting them was a few percent of a build.
    let mut number = itoa::Buffer::new();
    for y in 0..size {
        // Where the pen is after the row's last run.
        let mut pen = None;
        let mut x = 0;
        while x < size {
            if !dark(x, y) {
                x += 1;
                continue;
            }
            let run = (x..size).take_while(|&x| dark(x, y)).count();
            match pen {
                None => {
                    svg.push('M');
                    svg.push_str(number.format(x + QUIET_ZONE));
                    svg.push(' ');
                    svg.push_str(number.format(y + QUIET_ZONE));
                    svg.push_str(".5");
                }
                Some(end) => {
                    svg.push('m');
                    svg.push_str(number.format(x - end));
                    svg.push_str(" 0");
                }
            }
            svg.push('h');
            svg.push_str(number.format(run));
            x += run;
            pen = Some(x);
        }
    }
    svg.push_str(r#""/></svg>"#);
    svg
}

/// Modules along one side of `code` (21 to 177).
fn code_side(code: &QrCode) -> usize {
    usize::try_from(code.size()).expect("a code has a positive size")
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

    /// The modules the SVG path of `code` draws dark, row by row over the
    /// code with its quiet zone; none drawn twice.
    fn drawn(code: &QrCode) -> Vec<bool> {
        let svg = svg_element(code);
        let path = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .trim_end_matches("\"/></svg>");
        let side = code_side(code) + 2 * QUIET_ZONE;
        let mut drawn = vec![false; side * side];
        // "M{x} {y}.5" starts a row, "m{gap} 0" moves along it, "h{run}"
        // draws; nothing else may appear.
        let (mut x, mut y) = (0, 0);
        let mut rest = path;
        while let Some(command) = rest.chars().next() {
            let end = rest[1..]
                .find(|c: char| c.is_ascii_alphabetic())
                .map_or(rest.len(), |i| i + 1);
            let arguments = &rest[1..end];
            rest = &rest[end..];
            match command {
                'M' => {
                    let (column, row) = arguments.split_once(' ').unwrap();
                    x = column.parse().unwrap();
                    y = row.strip_suffix(".5").unwrap().parse().unwrap();
                }
                'm' => {
                    x += arguments
                        .strip_suffix(" 0")
                        .unwrap()
                        .parse::<usize>()
                        .unwrap()
                }
                'h' => {
                    let run: usize = arguments.parse().unwrap();
                    for dx in 0..run {
                        assert!(!drawn[y * side + x + dx], "module drawn twice");
                        drawn[y * side + x + dx] = true;
                    }
                    x += run;
                }
                other => panic!("unexpected path command {other}"),
            }
        }
        drawn
    }

    #[test]
    fn the_path_draws_exactly_the_dark_modules() {
        let code = qr_code("https://cunwu.example.org/a/b/").unwrap();
        let drawn = drawn(&code);
        let side = code_side(&code) + 2 * QUIET_ZONE;
        for y in 0..side {
            for x in 0..side {
                let (cx, cy) = (x as i32 - QUIET_ZONE as i32, y as i32 - QUIET_ZONE as i32);
                // Outside the code (the quiet zone) get_module is light.
                let dark = code.get_module(cx, cy);
                assert_eq!(drawn[y * side + x], dark, "module ({x}, {y})");
            }
        }
    }

    /// What a phone reads from the code drawn by `svg_element`, pixel for
    /// pixel from its path.
    fn scanned(code: &QrCode) -> String {
        const PIXELS: usize = 4;
        let dark = drawn(code);
        let side = code_side(code) + 2 * QUIET_ZONE;
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(side * PIXELS, side * PIXELS, |x, y| {
                if dark[(y / PIXELS) * side + x / PIXELS] {
                    0
                } else {
                    255
                }
            });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().unwrap().1
    }

    #[test]
    fn phones_read_the_address_back() {
        let addresses = [
            "https://cunwu.example.org/".to_string(),
            "https://cunwu.example.org/gu-lou-qu/dong-jie/2021-xuanju-gonggao/".into(),
            "http://127.0.0.1:8000/cunwu/min-hou-xian/gan-zhe-jie-dao/2024-q3-caiwu/".into(),
            "https://example.gov.cn/%E9%BC%93%E6%A5%BC%E5%8C%BA/%E4%B8%9C%E8%A1%97/2021-11-03-xuanmin/".into(),
            format!("https://x.org/{}/", "lian-jiang-xian/".repeat(12)),
        ];
        for address in addresses {
            let code = qr_code(&address).unwrap();
            assert_eq!(code.mask().value(), MASK, "drawn with the fixed mask");
            assert_eq!(scanned(&code), address);
        }
    }

    #[test]
    fn an_address_too_long_for_a_code_has_none() {
        let paper = PaperCtx::new(format!("https://x.org/{}", "a".repeat(5000)), "ab");
        assert!(paper.qr_svg.is_none());
    }
}
