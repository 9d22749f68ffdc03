//! The value axis: a range that includes zero, with round ticks
//! (1, 2 or 5 × 10ⁿ) and their labels (`5万` once numbers get long).

use super::svg::{text_width, FONT_MAX};
use gongshi_widgets::table::total;

pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    ticks: Vec<f64>,
    /// Tick labels are divided by this and followed by `suffix`.
    divisor: f64,
    suffix: &'static str,
    decimals: u8,
}

/// A scale over `[min, max]` and zero with about `target` intervals.
/// Empty or all-zero data gets `0…1`.
pub fn nice(min: f64, max: f64, target: usize) -> Scale {
    let lo = if min.is_finite() { min.min(0.0) } else { 0.0 };
    let mut hi = if max.is_finite() { max.max(0.0) } else { 0.0 };
    if hi <= lo {
        hi = lo + 1.0;
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mut exponent = raw.log10().floor() as i32;
    let fraction = raw / 10f64.powi(exponent);
    let mantissa = if fraction <= 1.0 + 1e-9 {
        1.0
    } else if fraction <= 2.0 + 1e-9 {
        2.0
    } else if fraction <= 5.0 + 1e-9 {
        5.0
    } else {
        exponent += 1;
        1.0
    };
    let step = mantissa * 10f64.powi(exponent);
    let first = (lo / step + 1e-9).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    let ticks: Vec<f64> = (first..=last).map(|k| k as f64 * step).collect();
    let largest = lo.abs().max(hi.abs());
    let (divisor, suffix, shift) = if largest >= 1e9 {
        (1e8, "亿", 8)
    } else if largest >= 1e5 {
        (1e4, "万", 4)
    } else {
        (1.0, "", 0)
    };
    Scale {
        lo: ticks[0],
        hi: ticks[ticks.len() - 1],
        ticks,
        divisor,
        suffix,
        decimals: (shift - exponent).clamp(0, 6) as u8,
    }
}

impl Scale {
    pub fn ticks(&self) -> &[f64] {
        &self.ticks
    }

    /// `1,000`, `0.5`, `20万`; zero is `0`.
    pub fn label(&self, value: f64) -> String {
        if value.abs() < f64::EPSILON * self.hi.abs().max(self.lo.abs()).max(1.0) {
            return "0".into();
        }
        format!(
            "{}{}",
            total::format(value / self.divisor, self.decimals),
            self.suffix
        )
    }

    /// Where `value` falls between `from` (at `lo`) and `to` (at `hi`).
    pub fn at(&self, value: f64, from: f64, to: f64) -> f64 {
        from + (value - self.lo) / (self.hi - self.lo) * (to - from)
    }

    pub fn widest_label(&self) -> f64 {
        self.ticks
            .iter()
            .map(|&t| text_width(&self.label(t), FONT_MAX))
            .fold(0.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(scale: &Scale) -> Vec<String> {
        scale.ticks().iter().map(|&t| scale.label(t)).collect()
    }

    #[test]
    fn round_ticks_from_zero() {
        let s = nice(0.0, 1201.0, 5);
        assert_eq!(labels(&s), ["0", "500", "1,000", "1,500"]);
        let s = nice(3.0, 9.0, 5);
        assert_eq!(labels(&s), ["0", "2", "4", "6", "8", "10"]);
        let s = nice(0.0, 0.37, 5);
        assert_eq!(labels(&s), ["0", "0.1", "0.2", "0.3", "0.4"]);
    }

    #[test]
    fn negatives_all_zero_and_big_numbers() {
        let s = nice(-42_300.0, 120_000.0, 5);
        assert!(s.lo <= -42_300.0 && s.hi >= 120_000.0);
        assert!(labels(&s).contains(&"0".to_string()));
        assert!(
            labels(&s).iter().all(|l| l == "0" || l.ends_with('万')),
            "{:?}",
            labels(&s)
        );
        let s = nice(0.0, 0.0, 5);
        assert_eq!((s.lo, s.hi), (0.0, 1.0));
        let s = nice(f64::INFINITY, f64::NEG_INFINITY, 5);
        assert_eq!((s.lo, s.hi), (0.0, 1.0));
        let s = nice(-5.0, -1.0, 5);
        assert_eq!(s.hi, 0.0);
        assert_eq!(labels(&s)[0], "-5");
    }
}
