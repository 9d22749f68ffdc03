//! Line charts: one or more series over categories in order (by date when
//! every category is a date, spaced by time). Series differ by dash and
//! marker shape as well as colour; values are written beside the points
//! wherever they fit without overlapping.

use super::axis::nice;
use super::bar::{tooltip, value_range};
use super::svg::{
    line_stroke, marker, num, text_width, Canvas, Look, Swatch, FONT, FONT_MAX, HALO, LINE,
    MIN_WIDTH, PAD,
};
use super::{extremes, Data};
use std::fmt::Write as _;

/// A box taken by a label: left, top, right, bottom.
type Box = (f64, f64, f64, f64);

fn overlaps(a: &Box, b: &Box) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

pub fn draw(c: &mut Canvas, data: &Data) -> String {
    let n = data.categories.len();
    let s = data.series.len();
    let (min, max) = value_range(data);
    let scale = nice(min, max, 5);
    let left = PAD + scale.widest_label() + 6.0;
    let label_max = 8.0 * FONT_MAX;
    let label_w = |i: usize| text_width(&data.categories[i], FONT_MAX).min(label_max);
    let edge = |i: usize| {
        let value_w = data
            .series
            .iter()
            .enumerate()
            .filter_map(|(j, series)| {
                series.values[i].map(|v| text_width(&data.value_text(j, v), FONT_MAX))
            })
            .fold(0.0, f64::max);
        f64::max(label_w(i), value_w) / 2.0 + 4.0
    };
    let (pad_l, pad_r) = (edge(0).max(12.0), edge(n - 1).max(12.0));
    // Room for every category label where there are few, capped where
    // there are many (labels are then thinned out).
    let widest = (0..n).map(label_w).fold(0.0, f64::max);
    let inner = (n.saturating_sub(1) as f64 * (widest + 8.0).max(44.0)).clamp(240.0, 900.0);
    let width = f64::max(MIN_WIDTH, left + pad_l + inner + pad_r + PAD);
    c.width = width;
    let (x0, right) = (left + pad_l, width - PAD);
    let xs: Vec<f64> = match (&data.days, n) {
        (_, 1) => vec![x0 + inner / 2.0],
        (Some(days), _) if days[n - 1] > days[0] => days
            .iter()
            .map(|d| x0 + (d - days[0]) as f64 / (days[n - 1] - days[0]) as f64 * inner)
            .collect(),
        _ => (0..n)
            .map(|i| x0 + i as f64 * inner / (n - 1) as f64)
            .collect(),
    };

    let mut y = PAD;
    if s > 1 {
        let items: Vec<(Look, &str)> = data
            .series
            .iter()
            .enumerate()
            .map(|(i, series)| (Look::series(i), series.name.as_str()))
            .collect();
        y += c.legend(&items, Swatch::Line, PAD, y, width - 2.0 * PAD) + 4.0;
    }
    let title = data.value_title();
    let title_top = y;
    let mut taken: Vec<Box> = Vec::new();
    if !title.is_empty() {
        let room = width - 2.0 * PAD;
        c.text(
            PAD,
            y + FONT_MAX,
            "class=\"gs-chart-muted\" fill=\"#555555\"",
            &title,
            Some(room),
        );
        taken.push((
            PAD,
            y,
            PAD + text_width(&title, FONT_MAX).min(room),
            y + LINE,
        ));
        y += LINE;
    }
    let top = y + LINE;
    let bottom = top + 200.0;
    let below = bottom + if min < 0.0 { LINE } else { 4.0 };
    let at = |v: f64| scale.at(v, bottom, top);

    c.body.push_str("<g class=\"gs-chart-axis\">\n");
    for &tick in scale.ticks() {
        let ty = at(tick);
        c.rule(left, ty, right, ty, "gs-chart-grid");
        let label = scale.label(tick);
        c.text(
            left - 6.0,
            ty + FONT * 0.35,
            "text-anchor=\"end\" class=\"gs-chart-muted\" fill=\"#555555\"",
            &label,
            None,
        );
    }
    c.rule(left, at(0.0), right, at(0.0), "gs-chart-zero");
    // Category labels: the first and the last always, others where they fit.
    let label_y = below + 4.0 + FONT_MAX;
    let mut shown: Vec<usize> = vec![0];
    if n > 1 {
        let last_left = xs[n - 1] - label_w(n - 1) / 2.0;
        let mut right_edge = xs[0] + label_w(0) / 2.0;
        for (i, &x) in xs.iter().enumerate().take(n - 1).skip(1) {
            let half = label_w(i) / 2.0;
            if x - half >= right_edge + 8.0 && x + half + 8.0 <= last_left {
                shown.push(i);
                right_edge = x + half;
            }
        }
        if last_left >= xs[0] + label_w(0) / 2.0 + 4.0 {
            shown.push(n - 1);
        }
    }
    for &i in &shown {
        c.rule(xs[i], below - 4.0, xs[i], below, "gs-chart-tick");
        c.text(
            xs[i],
            label_y,
            "text-anchor=\"middle\"",
            &data.categories[i],
            Some(label_max),
        );
    }
    c.body.push_str("</g>\n<g class=\"gs-chart-marks\">\n");

    let spacing = if n > 1 { inner / (n - 1) as f64 } else { inner };
    let markers = spacing >= 10.0;
    for (j, series) in data.series.iter().enumerate() {
        let mut d = String::new();
        let mut pen_down = false;
        for (i, value) in series.values.iter().enumerate() {
            match value {
                Some(v) => {
                    let _ = write!(
                        d,
                        "{}{} {}",
                        if pen_down { "L" } else { "M" },
                        num(xs[i]),
                        num(at(*v))
                    );
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        if !d.is_empty() {
            let _ = writeln!(
                c.body,
                "<path class=\"gs-chart-line\" d=\"{d}\" {}/>",
                line_stroke(j)
            );
        }
        for (i, value) in series.values.iter().enumerate() {
            let Some(v) = *value else { continue };
            let (px, py) = (xs[i], at(v));
            let tip = super::escape(&tooltip(data, j, i));
            if markers || series.values.iter().flatten().count() == 1 {
                let _ = writeln!(
                    c.body,
                    "<path d=\"{}\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"1\"><title>{tip}</title></path>",
                    marker(j, px, py),
                    Look::series(j).color()
                );
            }
        }
    }
    // Value labels after every line, so they sit on top; above the point,
    // else below it, else left out (the tooltip and the table still have it).
    for (j, series) in data.series.iter().enumerate() {
        for (i, value) in series.values.iter().enumerate() {
            let Some(v) = *value else { continue };
            let (px, py) = (xs[i], at(v));
            let label = data.value_text(j, v);
            let half = text_width(&label, FONT_MAX) / 2.0;
            let candidates = [py - 8.0, py + 8.0 + FONT_MAX];
            for baseline in candidates {
                let b: Box = (px - half, baseline - FONT_MAX, px + half, baseline + 3.0);
                let inside = b.1 >= title_top && b.3 <= below && b.0 >= 0.0 && b.2 <= width;
                if inside && !taken.iter().any(|t| overlaps(t, &b)) {
                    taken.push(b);
                    let attrs = format!("text-anchor=\"middle\" {HALO}");
                    c.text(px, baseline, &attrs, &label, None);
                    break;
                }
            }
        }
    }
    c.body.push_str("</g>\n");
    let x_title_y = label_y + LINE;
    c.text(
        left + (right - left) / 2.0,
        x_title_y,
        "text-anchor=\"middle\" class=\"gs-chart-muted\" fill=\"#555555\"",
        &data.x_name,
        Some(right - left),
    );
    c.height = x_title_y + PAD + 4.0;
    summary(data)
}

fn summary(data: &Data) -> String {
    let n = data.categories.len();
    let all: Vec<usize> = (0..n).collect();
    let mut text = if n == 1 {
        format!("共 1 个点（{}）", data.categories[0])
    } else {
        format!(
            "从 {} 到 {} 共 {n} 个点",
            data.categories[0],
            data.categories[n - 1]
        )
    };
    for (j, series) in data.series.iter().enumerate() {
        let present: Vec<f64> = series.values.iter().flatten().copied().collect();
        text.push_str(if j == 0 { "。" } else { "；" });
        text.push_str(&series.name);
        text.push('：');
        match (present.first(), present.last()) {
            (Some(first), Some(last)) if present.len() > 1 => {
                let _ = write!(
                    text,
                    "从 {} 变为 {}，",
                    data.value_text(j, *first),
                    data.value_text(j, *last)
                );
            }
            _ => {}
        }
        text.push_str(&extremes(data, j, &all).unwrap_or_else(|| "没有数据".into()));
    }
    text.push('。');
    text
}
