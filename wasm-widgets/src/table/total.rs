//! Column totals: summed at build time for `totals=true`, and again by the
//! widget over the rows that pass the filter, formatted the same way.

/// Decimal places a cell's number is written with (`1,200.50` → 2), so a
/// total is shown as precisely as its cells.
pub fn decimals(text: &str) -> u8 {
    text.rsplit_once(['.', '．'])
        .map(|(_, frac)| frac.chars().take_while(char::is_ascii_digit).count())
        .unwrap_or(0)
        .min(6) as u8
}

/// `1234567.5` with 2 decimals → `1,234,567.50`.
pub fn format(sum: f64, decimals: u8) -> String {
    let text = format!("{:.*}", usize::from(decimals), sum.abs());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_keep_their_cells_precision_and_group_thousands() {
        assert_eq!(decimals("1,200.50"), 2);
        assert_eq!(decimals("1.1万"), 1);
        assert_eq!(decimals("98"), 0);
        assert_eq!(format(1_234_567.5, 2), "1,234,567.50");
        assert_eq!(format(999.0, 0), "999");
        assert_eq!(format(1000.0, 0), "1,000");
        assert_eq!(format(-1234.0, 0), "-1,234");
        assert_eq!(format(-0.001, 2), "0.00");
        assert_eq!(format(0.0, 0), "0");
    }
}
