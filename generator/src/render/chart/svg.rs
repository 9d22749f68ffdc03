//! Drawing helpers shared by every kind of chart: the canvas, numbers and
//! text as SVG writes them, the series looks (colour + fill pattern, line
//! dash + marker) and the legend.

use super::escape;
use std::fmt::Write as _;

/// Text size in user units. The stylesheet sets the same, and [`FONT_MAX`]
/// on phones and in the 长辈模式; layouts leave room for that.
pub const FONT: f64 = 15.0;
/// The size on phones and in the large-text mode (`.gs-large .gs-chart text`).
pub const FONT_MAX: f64 = 17.0;
/// One line of text at [`FONT_MAX`].
pub const LINE: f64 = 22.0;
/// Space around the drawing.
pub const PAD: f64 = 8.0;
/// At its natural size a chart is `width / UNITS_PER_EM` em wide, so its
/// text grows with the page's (the 长辈模式 enlarges both).
pub const UNITS_PER_EM: f64 = 16.0;
/// Below this scale text gets too small: a wider chart scrolls sideways
/// on a phone instead of shrinking further.
pub const MIN_SCALE: f64 = 0.7;
/// The content width of a 320 px phone (the page has 1rem padding each side).
pub const PHONE_WIDTH: f64 = 288.0;
/// Narrowest drawing: fits a 320 px phone at a readable scale.
pub const MIN_WIDTH: f64 = 300.0;

pub const INK: &str = "#1b1b1b";
pub const GRID: &str = "#d8d8d8";

/// Series colours: each at least 4.5:1 against white, so a bar or line
/// stands out (3:1 is needed) and reads the same as text would.
pub const COLORS: [&str; 8] = [
    "#1d4f91", "#b04a00", "#2d7a33", "#6b3fa0", "#a3262a", "#555555", "#00707a", "#7d6100",
];

/// Fill patterns, so series differ without colour (and in black-and-white
/// print): solid, diagonal stripes, dots, diagonal cross-hatch, horizontal
/// stripes, vertical stripes, reverse diagonal stripes, grid.
const PATTERNS: usize = 8;

/// Line dashes, one per series, for line charts.
pub const DASHES: [&str; 8] = [
    "", "8 4", "2 3", "10 3 2 3", "4 4", "12 4 4 4", "1 5", "6 2",
];

/// How a series or a slice is told apart: colour and pattern (and for
/// lines, the pattern's index picks the dash and the marker).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    pub color: usize,
    pub pattern: usize,
}

impl Look {
    pub fn series(index: usize) -> Look {
        Look {
            color: index % COLORS.len(),
            pattern: index % PATTERNS,
        }
    }

    /// Pie slices: neighbours differ in both colour and pattern, and the
    /// first 64 slices are all different.
    pub fn slice(index: usize) -> Look {
        Look {
            color: index % COLORS.len(),
            pattern: (index + index / COLORS.len()) % PATTERNS,
        }
    }

    pub fn color(self) -> &'static str {
        COLORS[self.color]
    }
}

/// A number as an SVG coordinate: rounded to a tenth, no `-0`, never NaN.
pub fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".into();
    }
    let tenths = (value * 10.0).round();
    if tenths == 0.0 {
        return "0".into();
    }
    if tenths % 10.0 == 0.0 {
        format!("{}", tenths / 10.0)
    } else {
        format!("{:.1}", tenths / 10.0)
    }
}

/// An upper estimate of a text's width: Han characters and full-width
/// forms are one em, Latin letters and digits a bit over half.
pub fn text_width(text: &str, font: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * font
}

fn char_em(c: char) -> f64 {
    match c {
        'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' => 0.32,
        'm' | 'w' | 'M' | 'W' | '@' => 0.9,
        'A'..='Z' => 0.7,
        c if c.is_ascii() => 0.6,
        _ => 1.0,
    }
}

/// `text`, cut with an ellipsis to fit `max` at [`FONT_MAX`]; and whether it
/// was cut.
pub fn fit(text: &str, max: f64) -> (String, bool) {
    if text_width(text, FONT_MAX) <= max {
        return (text.to_string(), false);
    }
    let budget = max - FONT_MAX;
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        used += char_em(c) * FONT_MAX;
        if used > budget {
            break;
        }
        out.push(c);
    }
    out.push('…');
    (out, true)
}

/// A marker shape for line series: circle, square, triangle, diamond,
/// downward triangle, cross, plus, hexagon, centred at (x, y).
pub fn marker(index: usize, x: f64, y: f64) -> String {
    let r = 4.5;
    let p = |dx: f64, dy: f64| format!("{} {}", num(x + dx), num(y + dy));
    match index % 8 {
        0 => format!(
            "M{}a{r} {r} 0 1 0 {d} 0a{r} {r} 0 1 0 -{d} 0Z",
            p(-r, 0.0),
            d = num(2.0 * r)
        ),
        1 => format!(
            "M{}H{}V{}H{}Z",
            p(-r, -r),
            num(x + r),
            num(y + r),
            num(x - r)
        ),
        2 => format!(
            "M{}L{}L{}Z",
            p(0.0, -r - 1.0),
            p(r + 1.0, r),
            p(-r - 1.0, r)
        ),
        3 => format!(
            "M{}L{}L{}L{}Z",
            p(0.0, -r - 1.0),
            p(r + 1.0, 0.0),
            p(0.0, r + 1.0),
            p(-r - 1.0, 0.0)
        ),
        4 => format!(
            "M{}L{}L{}Z",
            p(0.0, r + 1.0),
            p(r + 1.0, -r),
            p(-r - 1.0, -r)
        ),
        5 => format!(
            "M{}L{}L{}L{}L{}L{}L{}L{}L{}L{}L{}L{}Z",
            p(-r, -r + 2.0),
            p(-r + 2.0, -r),
            p(0.0, -2.0),
            p(r - 2.0, -r),
            p(r, -r + 2.0),
            p(2.0, 0.0),
            p(r, r - 2.0),
            p(r - 2.0, r),
            p(0.0, 2.0),
            p(-r + 2.0, r),
            p(-r, r - 2.0),
            p(-2.0, 0.0)
        ),
        6 => format!(
            "M{}H{}V{}H{}V{}H{}V{}H{}V{}H{}V{}H{}Z",
            p(-1.5, -r),
            num(x + 1.5),
            num(y - 1.5),
            num(x + r),
            num(y + 1.5),
            num(x + 1.5),
            num(y + r),
            num(x - 1.5),
            num(y + 1.5),
            num(x - r),
            num(y - 1.5),
            num(x - 1.5)
        ),
        _ => format!(
            "M{}L{}L{}L{}L{}L{}Z",
            p(-r, 0.0),
            p(-r / 2.0, -r),
            p(r / 2.0, -r),
            p(r, 0.0),
            p(r / 2.0, r),
            p(-r / 2.0, r)
        ),
    }
}

/// What legend swatches show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swatch {
    /// A square filled like the bars or slices.
    Fill,
    /// A stretch of line with its dash and marker.
    Line,
}

/// The SVG being drawn: its size, its marks, and the patterns they use.
pub struct Canvas {
    pub width: f64,
    pub height: f64,
    pub body: String,
    /// Prefix of every id inside the chart: the chart's id, restricted to
    /// characters that are safe in `url(#…)`.
    prefix: String,
    /// The (colour, pattern) pairs used, in order of first use.
    patterns: Vec<(usize, usize)>,
}

impl Canvas {
    pub fn new(id: &str) -> Canvas {
        let prefix = id
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        Canvas {
            width: MIN_WIDTH,
            height: MIN_WIDTH,
            body: String::new(),
            prefix,
            patterns: Vec::new(),
        }
    }

    /// The fill and outline attributes of a mark with this look.
    pub fn paint(&mut self, look: Look) -> String {
        let color = look.color();
        if look.pattern == 0 {
            return format!("fill=\"{color}\" stroke=\"{color}\" stroke-width=\"1.5\"");
        }
        let key = (look.color, look.pattern);
        if !self.patterns.contains(&key) {
            self.patterns.push(key);
        }
        format!(
            "fill=\"url(#{}-p{}-{})\" stroke=\"{color}\" stroke-width=\"1.5\"",
            self.prefix, look.color, look.pattern
        )
    }

    /// `<defs>` with every pattern used, or nothing.
    pub fn defs(&self) -> String {
        if self.patterns.is_empty() {
            return String::new();
        }
        let mut out = String::from("<defs>");
        for &(color, pattern) in &self.patterns {
            let fill = COLORS[color];
            let (transform, mark) = match pattern {
                1 => (" patternTransform=\"rotate(45)\"", stripe("M4 0V8", 3.0)),
                2 => (
                    "",
                    "<circle cx=\"4\" cy=\"4\" r=\"1.8\" fill=\"#fff\"/>".to_string(),
                ),
                3 => (
                    " patternTransform=\"rotate(45)\"",
                    stripe("M4 0V8M0 4H8", 1.6),
                ),
                4 => ("", stripe("M0 4H8", 2.5)),
                5 => ("", stripe("M4 0V8", 2.5)),
                6 => (" patternTransform=\"rotate(-45)\"", stripe("M4 0V8", 3.0)),
                _ => ("", stripe("M4 0V8M0 4H8", 1.6)),
            };
            let _ = write!(
                out,
                "<pattern id=\"{}-p{color}-{pattern}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"{transform}>\
                 <rect width=\"8\" height=\"8\" fill=\"{fill}\"/>{mark}</pattern>",
                self.prefix
            );
        }
        out.push_str("</defs>\n");
        out
    }

    /// A line of text at (x, y) (y is the baseline), cut to `max` width if
    /// given, the full text then kept as its tooltip. `extra` holds further
    /// attributes (`text-anchor="end"`, a class).
    pub fn text(&mut self, x: f64, y: f64, extra: &str, text: &str, max: Option<f64>) {
        let (shown, cut) = match max {
            Some(max) => fit(text, max),
            None => (text.to_string(), false),
        };
        let _ = write!(self.body, "<text x=\"{}\" y=\"{}\"", num(x), num(y));
        if !extra.is_empty() {
            self.body.push(' ');
            self.body.push_str(extra);
        }
        self.body.push('>');
        if cut {
            let _ = write!(self.body, "<title>{}</title>", escape(text));
        }
        self.body.push_str(&escape(&shown));
        self.body.push_str("</text>\n");
    }

    /// A horizontal or vertical rule.
    pub fn rule(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, class: &str) {
        let (stroke, width) = if class == "gs-chart-grid" {
            (GRID, "1")
        } else {
            (INK, "1.5")
        };
        let _ = writeln!(
            self.body,
            "<line class=\"{class}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>",
            num(x1),
            num(y1),
            num(x2),
            num(y2)
        );
    }

    /// The legend: a swatch and a name per item, flowing into rows across
    /// `width` from (x, y). Returns the height used.
    pub fn legend(
        &mut self,
        items: &[(Look, &str)],
        swatch: Swatch,
        x: f64,
        y: f64,
        width: f64,
    ) -> f64 {
        let swatch_w = match swatch {
            Swatch::Fill => 14.0,
            Swatch::Line => 26.0,
        };
        self.body.push_str("<g class=\"gs-chart-legend\">\n");
        let (mut cx, mut cy) = (x, y);
        for (index, (look, name)) in items.iter().enumerate() {
            let (shown, _) = fit(name, (width - swatch_w - 6.0).max(FONT_MAX * 2.0));
            let item_w = swatch_w + 6.0 + text_width(&shown, FONT_MAX) + 16.0;
            if cx > x && cx + item_w > x + width {
                cx = x;
                cy += LINE;
            }
            let mid = cy + LINE / 2.0;
            match swatch {
                Swatch::Fill => {
                    let paint = self.paint(*look);
                    let _ = writeln!(
                        self.body,
                        "<rect x=\"{}\" y=\"{}\" width=\"13\" height=\"13\" {paint}/>",
                        num(cx + 0.5),
                        num(mid - 6.5)
                    );
                }
                Swatch::Line => {
                    let _ = writeln!(
                        self.body,
                        "<path d=\"M{} {}h{}\" {}/>\n<path d=\"{}\" fill=\"{}\"/>",
                        num(cx),
                        num(mid),
                        num(swatch_w),
                        line_stroke(index),
                        marker(index, cx + swatch_w / 2.0, mid),
                        look.color()
                    );
                }
            }
            self.text(
                cx + swatch_w + 6.0,
                mid + FONT * 0.35,
                "",
                name,
                Some(text_width(&shown, FONT_MAX)),
            );
            cx += item_w;
        }
        self.body.push_str("</g>\n");
        cy + LINE - y
    }
}

fn stripe(d: &str, width: f64) -> String {
    format!(
        "<path d=\"{d}\" stroke=\"#fff\" stroke-width=\"{}\"/>",
        num(width)
    )
}

/// The stroke attributes of line series `index`.
pub fn line_stroke(index: usize) -> String {
    let look = Look::series(index);
    let dash = DASHES[index % DASHES.len()];
    let mut attrs = format!(
        "fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"",
        look.color()
    );
    if !dash.is_empty() {
        let _ = write!(attrs, " stroke-dasharray=\"{dash}\"");
    }
    attrs
}

/// Attributes of text drawn over marks: a white halo keeps it readable.
pub const HALO: &str =
    "class=\"gs-chart-halo\" stroke=\"#fff\" stroke-width=\"4\" stroke-linejoin=\"round\" paint-order=\"stroke\"";
