//! Bar charts: vertical bars (`bar`) and horizontal bars (`hbar`, which
//! suits long Chinese names and grows downwards with the number of rows).
//! Every bar has its value written at its end, and a tooltip.

use super::axis::{nice, Scale};
use super::svg::{num, text_width, Canvas, Look, Swatch, FONT, FONT_MAX, LINE, MIN_WIDTH, PAD};
use super::{bar_summary, Data};
use std::fmt::Write as _;

/// Label for a cell left empty.
pub const NO_DATA: &str = "无数据";

/// The smallest and largest value over every series (∞/−∞ when none).
pub fn value_range(data: &Data) -> (f64, f64) {
    data.series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        })
}

fn any_missing(data: &Data) -> bool {
    data.series
        .iter()
        .any(|s| s.values.iter().any(Option::is_none))
}

/// The widest value label any bar will carry: of every bar, or only of
/// the bars going one way (`Some(true)` below zero; `Some(false)` the
/// others and the empty cells, whose label stands on the positive side).
fn widest_value(data: &Data, negative: Option<bool>) -> f64 {
    let mut widest: f64 = if negative != Some(true) && any_missing(data) {
        text_width(NO_DATA, FONT_MAX)
    } else {
        0.0
    };
    for (s, series) in data.series.iter().enumerate() {
        for &value in series.values.iter().flatten() {
            if negative.is_none_or(|n| n == (value < 0.0)) {
                widest = widest.max(text_width(&data.value_text(s, value), FONT_MAX));
            }
        }
    }
    widest
}

/// The tooltip of one bar or point: `张三 得票：1,201 票`.
pub fn tooltip(data: &Data, series: usize, index: usize) -> String {
    let value = match data.series[series].values[index] {
        Some(v) => data.value_text(series, v),
        None => NO_DATA.into(),
    };
    if data.series.len() == 1 {
        format!("{}：{value}", data.categories[index])
    } else {
        format!(
            "{} {}：{value}",
            data.categories[index], data.series[series].name
        )
    }
}

/// A bar from `(x, y)` of size `w × h`, with its tooltip.
fn bar(c: &mut Canvas, series: usize, (x, y, w, h): (f64, f64, f64, f64), tip: &str) {
    let paint = c.paint(Look::series(series));
    let _ = writeln!(
        c.body,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {paint}><title>{}</title></rect>",
        num(x),
        num(y),
        num(w),
        num(h),
        super::escape(tip)
    );
}

/// The legend of several series, at `y`; returns the height used.
fn legend(c: &mut Canvas, data: &Data, y: f64, width: f64) -> f64 {
    if data.series.len() < 2 {
        return 0.0;
    }
    let items: Vec<(Look, &str)> = data
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| (Look::series(i), s.name.as_str()))
        .collect();
    c.legend(&items, Swatch::Fill, PAD, y, width - 2.0 * PAD) + 4.0
}

/// Ends of a bar from zero to `value` along a scale mapped onto
/// `from..to`: (start, end) with start ≤ end, at least one unit long when
/// the value is not zero.
fn span(scale: &Scale, value: f64, from: f64, to: f64) -> (f64, f64) {
    let zero = scale.at(0.0, from, to);
    let end = scale.at(value, from, to);
    let (mut a, mut b) = (zero.min(end), zero.max(end));
    if value != 0.0 && b - a < 1.0 {
        if end >= zero {
            b = a + 1.0;
        } else {
            a = b - 1.0;
        }
    }
    (a, b)
}

/// Vertical bars, categories along the bottom.
pub fn vertical(c: &mut Canvas, data: &Data) -> String {
    let n = data.categories.len();
    let s = data.series.len();
    let (min, max) = value_range(data);
    let scale = nice(min, max, 5);
    let bar_w = if s == 1 { 32.0 } else { 20.0 };
    let pitch = f64::max(bar_w, widest_value(data, None) + 4.0);
    let left = PAD + scale.widest_label() + 6.0;
    let mut slot = f64::max(s as f64 * pitch + 12.0, 3.0 * FONT_MAX);
    if left + n as f64 * slot + PAD < MIN_WIDTH {
        slot = (MIN_WIDTH - left - PAD) / n as f64;
    }
    let width = left + n as f64 * slot + PAD;
    c.width = width;
    let right = width - PAD;

    let mut y = PAD + legend(c, data, PAD, width);
    let title = data.value_title();
    if !title.is_empty() {
        c.text(
            PAD,
            y + FONT_MAX,
            "class=\"gs-chart-muted\" fill=\"#555555\"",
            &title,
            Some(width - 2.0 * PAD),
        );
        y += LINE;
    }
    let top = y + if max > 0.0 || any_missing(data) {
        LINE
    } else {
        4.0
    };
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
    c.body.push_str("</g>\n<g class=\"gs-chart-marks\">\n");
    for i in 0..n {
        let group = left + i as f64 * slot + (slot - s as f64 * pitch) / 2.0;
        for (j, series) in data.series.iter().enumerate() {
            let cx = group + j as f64 * pitch + pitch / 2.0;
            let Some(value) = series.values[i] else {
                c.text(
                    cx,
                    at(0.0) - 5.0,
                    "text-anchor=\"middle\" class=\"gs-chart-muted\" fill=\"#555555\"",
                    NO_DATA,
                    None,
                );
                continue;
            };
            let (y0, y1) = span(&scale, value, bottom, top);
            let (y0, y1) = (y0.min(y1), y0.max(y1));
            if y1 > y0 {
                bar(
                    c,
                    j,
                    (cx - bar_w / 2.0, y0, bar_w, y1 - y0),
                    &tooltip(data, j, i),
                );
            }
            let label = data.value_text(j, value);
            let ly = if value < 0.0 { y1 + FONT_MAX } else { y0 - 5.0 };
            c.text(
                cx,
                ly,
                "text-anchor=\"middle\" class=\"gs-chart-value\"",
                &label,
                None,
            );
        }
    }
    c.body.push_str("</g>\n");
    c.rule(left, at(0.0), right, at(0.0), "gs-chart-zero");
    let label_y = below + 4.0 + FONT_MAX;
    for (i, category) in data.categories.iter().enumerate() {
        let cx = left + (i as f64 + 0.5) * slot;
        c.text(
            cx,
            label_y,
            "text-anchor=\"middle\"",
            category,
            Some(slot - 4.0),
        );
    }
    let x_title_y = label_y + LINE;
    c.text(
        left + (right - left) / 2.0,
        x_title_y,
        "text-anchor=\"middle\" class=\"gs-chart-muted\" fill=\"#555555\"",
        &data.x_name,
        Some(right - left),
    );
    c.height = x_title_y + PAD + 4.0;
    bar_summary(data)
}

/// Horizontal bars, one row per category, labels on the left.
pub fn horizontal(c: &mut Canvas, data: &Data) -> String {
    let n = data.categories.len();
    let s = data.series.len();
    let (min, max) = value_range(data);
    let longest = data
        .categories
        .iter()
        .map(|l| text_width(l, FONT_MAX))
        .fold(FONT_MAX, f64::max);
    let label_w = longest.min(8.0 * FONT_MAX);
    let axis_x = PAD + label_w + 8.0;
    let before = if min < 0.0 {
        widest_value(data, Some(true)) + 8.0
    } else {
        4.0
    };
    let after = if max > 0.0 || any_missing(data) {
        widest_value(data, Some(false)) + 8.0
    } else {
        8.0
    };
    let width = f64::max(MIN_WIDTH, axis_x + before + 160.0 + after + PAD);
    c.width = width;
    let (from, to) = (axis_x + before, width - PAD - after);
    let mut scale = nice(min, max, 2);
    for target in (2..=5).rev() {
        let candidate = nice(min, max, target);
        let intervals = (candidate.ticks().len() - 1).max(1) as f64;
        if (to - from) / intervals >= candidate.widest_label() + 12.0 {
            scale = candidate;
            break;
        }
    }
    let at = |v: f64| scale.at(v, from, to);

    let mut y = PAD + legend(c, data, PAD, width);
    let title = data.value_title();
    if !title.is_empty() {
        c.text(
            PAD,
            y + FONT_MAX,
            "class=\"gs-chart-muted\" fill=\"#555555\"",
            &title,
            Some(width - 2.0 * PAD),
        );
        y += LINE;
    }
    let tick_labels = |c: &mut Canvas, baseline: f64| {
        for &tick in scale.ticks() {
            let label = scale.label(tick);
            c.text(
                at(tick),
                baseline,
                "text-anchor=\"middle\" class=\"gs-chart-muted\" fill=\"#555555\"",
                &label,
                None,
            );
        }
    };
    c.body.push_str("<g class=\"gs-chart-axis\">\n");
    c.text(
        axis_x - 8.0,
        y + FONT_MAX,
        "text-anchor=\"end\" class=\"gs-chart-muted\" fill=\"#555555\"",
        &data.x_name,
        Some(label_w),
    );
    tick_labels(c, y + FONT_MAX);
    let top = y + LINE + 4.0;
    let bar_h = if s == 1 { 20.0 } else { 16.0 };
    let pitch = LINE;
    let row_h = s as f64 * pitch + 10.0;
    let bottom = top + n as f64 * row_h;
    for &tick in scale.ticks() {
        c.rule(at(tick), top, at(tick), bottom, "gs-chart-grid");
    }
    if n > 12 {
        tick_labels(c, bottom + 4.0 + FONT_MAX);
    }
    c.body.push_str("</g>\n<g class=\"gs-chart-marks\">\n");
    for (i, category) in data.categories.iter().enumerate() {
        let row = top + i as f64 * row_h + 5.0;
        c.text(
            axis_x - 8.0,
            row + s as f64 * pitch / 2.0 + FONT * 0.35,
            "text-anchor=\"end\"",
            category,
            Some(label_w),
        );
        for (j, series) in data.series.iter().enumerate() {
            let cy = row + (j as f64 + 0.5) * pitch;
            let Some(value) = series.values[i] else {
                c.text(
                    at(0.0) + 5.0,
                    cy + FONT * 0.35,
                    "class=\"gs-chart-muted\" fill=\"#555555\"",
                    NO_DATA,
                    None,
                );
                continue;
            };
            let (x0, x1) = span(&scale, value, from, to);
            if x1 > x0 {
                bar(
                    c,
                    j,
                    (x0, cy - bar_h / 2.0, x1 - x0, bar_h),
                    &tooltip(data, j, i),
                );
            }
            let label = data.value_text(j, value);
            if value < 0.0 {
                c.text(
                    x0 - 5.0,
                    cy + FONT * 0.35,
                    "text-anchor=\"end\" class=\"gs-chart-value\"",
                    &label,
                    None,
                );
            } else {
                c.text(
                    x1 + 5.0,
                    cy + FONT * 0.35,
                    "class=\"gs-chart-value\"",
                    &label,
                    None,
                );
            }
        }
    }
    c.body.push_str("</g>\n");
    c.rule(at(0.0), top, at(0.0), bottom, "gs-chart-zero");
    let end = if n > 12 { bottom + LINE + 4.0 } else { bottom };
    c.height = end + PAD;
    bar_summary(data)
}
