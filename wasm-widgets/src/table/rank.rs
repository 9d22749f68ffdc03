//! Keys → dense ranks: what the table's JSON carries, so the widget sorts
//! by comparing small integers.

use super::keys::Key;

/// Rank of a cell with no key (empty, or not of its column's type): the
/// widget keeps these last in either direction.
pub const NO_KEY: u32 = 0;

/// Dense ranks from 1 in ascending key order; equal keys share a rank.
pub fn ranks(keys: &[Option<Key>]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..keys.len()).filter(|&i| keys[i].is_some()).collect();
    let key = |i: usize| keys[i].as_ref().expect("filtered to keyed rows");
    order.sort_by(|&a, &b| key(a).compare(key(b)));
    let mut out = vec![NO_KEY; keys.len()];
    let mut rank = 0;
    for (position, &row) in order.iter().enumerate() {
        if position == 0 || key(order[position - 1]).compare(key(row)).is_ne() {
            rank += 1;
        }
        out[row] = rank;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_share_a_rank_and_missing_keys_rank_zero() {
        let keys = vec![
            Some(Key::Number(5.0)),
            None,
            Some(Key::Number(-1.0)),
            Some(Key::Number(5.0)),
            Some(Key::Number(2.5)),
        ];
        assert_eq!(ranks(&keys), vec![3, NO_KEY, 1, 3, 2]);
        assert!(ranks(&[]).is_empty());
    }
}
