//! Pie charts: one series of non-negative numbers as slices clockwise
//! from twelve o'clock, in row order. Large slices carry their name and
//! percentage; a legend below lists every slice with its value and
//! percentage, the percentages rounded so they add up to exactly 100.

use super::bar::NO_DATA;
use super::svg::{fit, num, text_width, Canvas, Look, FONT, FONT_MAX, HALO, LINE, PAD};
use super::Data;
use std::f64::consts::PI;
use std::fmt::Write as _;

const RADIUS: f64 = 100.0;

/// Each share of `values` in tenths of a percent, rounded by largest
/// remainder so that they sum to exactly 1000 (when the total is not 0).
pub fn tenths(values: &[Option<f64>]) -> Vec<u32> {
    let total: f64 = values.iter().flatten().sum();
    if total <= 0.0 {
        return vec![0; values.len()];
    }
    let exact: Vec<f64> = values
        .iter()
        .map(|v| v.unwrap_or(0.0) / total * 1000.0)
        .collect();
    let mut shares: Vec<u32> = exact.iter().map(|e| e.floor() as u32).collect();
    let missing = 1000u32.saturating_sub(shares.iter().sum());
    let mut order: Vec<usize> = (0..values.len()).filter(|&i| values[i].is_some()).collect();
    // Largest remainder first; ties to the earlier row, so it is deterministic.
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    for &i in order.iter().cycle().take(missing as usize) {
        shares[i] += 1;
    }
    shares
}

pub fn percent(tenths: u32) -> String {
    format!("{}.{}%", tenths / 10, tenths % 10)
}

pub fn draw(c: &mut Canvas, data: &Data) -> String {
    let values = &data.series[0].values;
    let n = values.len();
    let total: f64 = values.iter().flatten().sum();
    let shares = tenths(values);
    let entry = |i: usize| match values[i] {
        None => NO_DATA.to_string(),
        Some(v) if total > 0.0 => format!("{}（{}）", data.value_text(0, v), percent(shares[i])),
        Some(v) => data.value_text(0, v),
    };
    let widest = (0..n)
        .map(|i| {
            text_width(&data.categories[i], FONT_MAX).min(10.0 * FONT_MAX)
                + text_width(&entry(i), FONT_MAX)
        })
        .fold(0.0, f64::max);
    let width = (widest + FONT_MAX + 2.0 * PAD + 24.0).clamp(320.0, 560.0);
    c.width = width;
    let (cx, cy) = (width / 2.0, PAD + 8.0 + RADIUS);

    c.body.push_str("<g class=\"gs-chart-marks\">\n");
    let point = |angle: f64, r: f64| (cx + r * angle.cos(), cy + r * angle.sin());
    let slices: Vec<usize> = (0..n)
        .filter(|&i| values[i].is_some_and(|v| v > 0.0))
        .collect();
    let mut bounds = Vec::new();
    if total <= 0.0 {
        let _ = writeln!(
            c.body,
            "<circle class=\"gs-chart-grid\" cx=\"{}\" cy=\"{}\" r=\"{RADIUS}\" fill=\"none\" stroke=\"#767676\" stroke-width=\"1.5\"/>",
            num(cx),
            num(cy)
        );
        c.text(
            cx,
            cy + FONT * 0.35,
            "text-anchor=\"middle\"",
            "合计为 0",
            None,
        );
    }
    let mut start = -PI / 2.0;
    for &i in &slices {
        let value = values[i].unwrap_or(0.0);
        let sweep = value / total * 2.0 * PI;
        let end = start + sweep;
        let paint = c.paint(Look::slice(i));
        let tip = super::escape(&format!("{}：{}", data.categories[i], entry(i)));
        if slices.len() == 1 {
            let _ = writeln!(
                c.body,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{RADIUS}\" {paint}><title>{tip}</title></circle>",
                num(cx),
                num(cy)
            );
        } else {
            let (x0, y0) = point(start, RADIUS);
            let (x1, y1) = point(end, RADIUS);
            let large = if sweep > PI { 1 } else { 0 };
            let _ = writeln!(
                c.body,
                "<path d=\"M{} {}L{} {}A{RADIUS} {RADIUS} 0 {large} 1 {} {}Z\" {paint}><title>{tip}</title></path>",
                num(cx),
                num(cy),
                num(x0),
                num(y0),
                num(x1),
                num(y1)
            );
            bounds.push(start);
        }
        start = end;
    }
    if !bounds.is_empty() {
        let mut d = String::new();
        for angle in &bounds {
            let (x, y) = point(*angle, RADIUS + 1.0);
            let _ = write!(d, "M{} {}L{} {}", num(cx), num(cy), num(x), num(y));
        }
        let _ = writeln!(
            c.body,
            "<path d=\"{d}\" stroke=\"#fff\" stroke-width=\"2.5\"/>"
        );
    }
    // Labels on slices wide enough to hold them.
    let mut start = -PI / 2.0;
    for &i in &slices {
        let sweep = values[i].unwrap_or(0.0) / total * 2.0 * PI;
        let mid = start + sweep / 2.0;
        start += sweep;
        let degrees = sweep.to_degrees();
        let (lx, ly) = if slices.len() == 1 {
            (cx, cy)
        } else {
            point(mid, RADIUS * 0.62)
        };
        let attrs = format!("text-anchor=\"middle\" {HALO}");
        if degrees >= 40.0 {
            c.text(
                lx,
                ly - 2.0,
                &attrs,
                &data.categories[i],
                Some(4.5 * FONT_MAX),
            );
            c.text(lx, ly + FONT_MAX, &attrs, &percent(shares[i]), None);
        } else if degrees >= 16.0 {
            c.text(lx, ly + FONT * 0.35, &attrs, &percent(shares[i]), None);
        }
    }
    c.body.push_str("</g>\n<g class=\"gs-chart-legend\">\n");
    let mut y = cy + RADIUS + 16.0;
    for i in 0..n {
        let paint = c.paint(Look::slice(i));
        let _ = writeln!(
            c.body,
            "<rect x=\"{}\" y=\"{}\" width=\"15\" height=\"15\" {paint}/>",
            num(PAD + 0.5),
            num(y + (LINE - 15.0) / 2.0)
        );
        let tail = format!("：{}", entry(i));
        let room = width - 2.0 * PAD - 22.0 - text_width(&tail, FONT_MAX);
        let (name, cut) = fit(&data.categories[i], room.max(3.0 * FONT_MAX));
        let full = format!("{}{tail}", data.categories[i]);
        let shown = format!("{name}{tail}");
        let _ = write!(
            c.body,
            "<text x=\"{}\" y=\"{}\" class=\"gs-chart-entry\">",
            num(PAD + 22.0),
            num(y + LINE / 2.0 + FONT * 0.35)
        );
        if cut {
            let _ = write!(c.body, "<title>{}</title>", super::escape(&full));
        }
        let _ = writeln!(c.body, "{}</text>", super::escape(&shown));
        y += LINE + 2.0;
    }
    c.body.push_str("</g>\n");
    c.height = y + PAD;
    summary(data, &shares, total)
}

fn summary(data: &Data, shares: &[u32], total: f64) -> String {
    let values = &data.series[0].values;
    let n = values.len();
    let mut text = format!("共 {n} 项，合计 {}", data.value_text(0, total));
    let present: Vec<usize> = (0..n).filter(|&i| values[i].is_some()).collect();
    if total > 0.0 && present.len() > 1 {
        let largest = present
            .iter()
            .copied()
            .max_by(|&a, &b| shares[a].cmp(&shares[b]).then(b.cmp(&a)));
        let smallest = present
            .iter()
            .copied()
            .min_by(|&a, &b| shares[a].cmp(&shares[b]).then(a.cmp(&b)));
        if let (Some(a), Some(b)) = (largest, smallest) {
            let _ = write!(
                text,
                "；占比最大的是 {}（{}），最小的是 {}（{}）",
                data.categories[a],
                percent(shares[a]),
                data.categories[b],
                percent(shares[b])
            );
        }
    }
    let missing = n - present.len();
    if missing > 0 {
        let _ = write!(text, "；{missing} 项没有数据");
    }
    text.push('。');
    text
}
