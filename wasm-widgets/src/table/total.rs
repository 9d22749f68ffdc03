//! Column totals: summed at build time for `totals=true`, and again by the
//! widget over the rows that pass the filter, formatted the same way.

/// Decimal places a cell's number is written with (`1,200.50` → 2), so a
/// total is shown as precisely as its cells.
pub fn decimals(text: &str) -> u8 {
    let written = text
        .rsplit_once(['.', '．'])
        .map(|(_, frac)| frac.chars().take_while(char::is_ascii_digit).count())
        .unwrap_or(0);
    // `1.1万` is 11000: a multiplier shifts the decimal point.
    let shift = if text.contains('亿') {
        8
    } else if text.contains('万') {
        4
    } else if text.contains('千') {
        3
    } else {
        0
    };
    written.saturating_sub(shift).min(6) as u8
}

/// `1234567.5` with 2 decimals → `1,234,567.50`.
pub fn format(sum: f64, decimals: u8) -> String {
    let text = fixed(sum.abs(), decimals);
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    if sum < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// `x` with `decimals` digits after the point, exactly as
/// `format!("{:.*}", decimals, x)` writes it: the exact binary value
/// rounded half to even. Done by hand with a small big integer because
/// core's float formatting (shortest and exact, with its tables) would be a
/// quarter of the table widget's wasm; the tests check it against
/// `format!` on random numbers.
pub fn fixed(x: f64, decimals: u8) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    let mut out = String::new();
    if x.is_sign_negative() {
        out.push('-');
    }
    if x.is_infinite() {
        out.push_str("inf");
        return out;
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    };
    // round(mantissa × 2^exponent × 10^decimals), half to even.
    let mut n = Big(vec![mantissa as u32, (mantissa >> 32) as u32]);
    for _ in 0..decimals {
        n.mul_small(10);
    }
    if exponent >= 0 {
        n.shl(exponent as usize);
    } else {
        let shift = exponent.unsigned_abs() as usize;
        let half = n.bit(shift - 1);
        let rest = (0..shift - 1).any(|i| n.bit(i));
        n.shr(shift);
        if half && (rest || n.bit(0)) {
            n.add_one();
        }
    }
    let mut digits = n.into_decimal();
    let places = usize::from(decimals);
    // At least one digit before the point.
    if digits.len() <= places {
        digits.splice(0..0, std::iter::repeat_n(0, places + 1 - digits.len()));
    }
    let point = digits.len() - places;
    for (i, &d) in digits.iter().enumerate() {
        if i == point {
            out.push('.');
        }
        out.push(char::from(b'0' + d));
    }
    out
}

/// An unsigned big integer, 32-bit limbs, least significant first.
struct Big(Vec<u32>);

impl Big {
    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn shl(&mut self, bits: usize) {
        let (limbs, bits) = (bits / 32, bits % 32);
        if bits > 0 {
            let mut carry = 0;
            for limb in &mut self.0 {
                let v = (u64::from(*limb) << bits) | carry;
                *limb = v as u32;
                carry = v >> 32;
            }
            if carry > 0 {
                self.0.push(carry as u32);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }

    fn shr(&mut self, bits: usize) {
        let (limbs, bits) = (bits / 32, bits % 32);
        self.0.drain(..limbs.min(self.0.len()));
        if bits > 0 {
            let mut carry = 0;
            for limb in self.0.iter_mut().rev() {
                let v = *limb;
                *limb = (v >> bits) | carry;
                carry = v << (32 - bits);
            }
        }
    }

    fn bit(&self, i: usize) -> bool {
        self.0
            .get(i / 32)
            .is_some_and(|limb| limb >> (i % 32) & 1 == 1)
    }

    fn add_one(&mut self) {
        for limb in &mut self.0 {
            let (v, overflow) = limb.overflowing_add(1);
            *limb = v;
            if !overflow {
                return;
            }
        }
        self.0.push(1);
    }

    /// Decimal digits (values 0–9), most significant first; `[0]` for zero.
    fn into_decimal(mut self) -> Vec<u8> {
        let mut digits = Vec::new();
        loop {
            while self.0.last() == Some(&0) {
                self.0.pop();
            }
            if self.0.is_empty() {
                break;
            }
            // Divide by 10^9 and write the remainder's nine digits.
            let mut rem = 0u64;
            for limb in self.0.iter_mut().rev() {
                let v = (rem << 32) | u64::from(*limb);
                *limb = (v / 1_000_000_000) as u32;
                rem = v % 1_000_000_000;
            }
            for _ in 0..9 {
                digits.push((rem % 10) as u8);
                rem /= 10;
            }
        }
        while digits.len() > 1 && digits.last() == Some(&0) {
            digits.pop();
        }
        if digits.is_empty() {
            digits.push(0);
        }
        digits.reverse();
        digits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fixed_matches_core_formatting() {
        let edges = [
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            0.25,
            0.125,
            0.375,
            2.675,
            0.05,
            1e-7,
            5e-324,
            f64::MIN_POSITIVE,
            1e300,
            f64::MAX,
            -f64::MAX,
            123_456_789_012_345_680_000.0,
            9_007_199_254_740_993.0,
            1000.65,
            -0.004,
            -1234.5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            999.9999999,
            0.999,
        ];
        for x in edges {
            for d in [0u8, 1, 2, 3, 6, 12, 20, 40] {
                assert_eq!(
                    fixed(x, d),
                    format!("{:.*}", usize::from(d), x),
                    "{x:e} with {d}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn fixed_matches_core_formatting_on_any_number(bits: u64, d in 0u8..=14) {
            let x = f64::from_bits(bits);
            prop_assert_eq!(fixed(x, d), format!("{:.*}", usize::from(d), x));
        }

        #[test]
        fn fixed_matches_core_formatting_on_table_sized_numbers(x in -1e12f64..1e12, d in 0u8..=6) {
            prop_assert_eq!(fixed(x, d), format!("{:.*}", usize::from(d), x));
        }

        #[test]
        fn fixed_matches_core_formatting_on_cents(cents in -10_000_000_000i64..10_000_000_000, d in 0u8..=4) {
            let x = cents as f64 / 100.0;
            prop_assert_eq!(fixed(x, d), format!("{:.*}", usize::from(d), x));
        }
    }

    #[test]
    fn totals_keep_their_cells_precision_and_group_thousands() {
        assert_eq!(decimals("1,200.50"), 2);
        assert_eq!(decimals("1.1万"), 0);
        assert_eq!(decimals("1.23456万"), 1);
        assert_eq!(decimals("98"), 0);
        assert_eq!(format(1_234_567.5, 2), "1,234,567.50");
        assert_eq!(format(999.0, 0), "999");
        assert_eq!(format(1000.0, 0), "1,000");
        assert_eq!(format(-1234.0, 0), "-1,234");
        assert_eq!(format(-0.001, 2), "0.00");
        assert_eq!(format(0.0, 0), "0");
    }
}
