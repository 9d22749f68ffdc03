//! The widget's view of a table: which rows pass the filter, in which
//! order. Written and tested here; driven by `dom/table.rs`.
//!
//! Everything the browser needs was computed at build time and arrives in
//! the table's JSON: the cell text, dense sort ranks per column
//! ([`super::rank`]), pinyin initials of name columns and parsed numbers.
//! So sorting is a counting sort of row indices by rank (linear, stable), the
//! filter is a substring scan over one folded haystack, and totals are sums
//! of the numbers of the rows that pass. No cell text is parsed here.

use super::csv;
use super::rank::NO_KEY;
use super::total;

/// Separates cells (row-major) and initials in the strings the widget
/// hands in: one string crosses into wasm instead of one per cell.
pub const SEPARATOR: char = '\u{1F}';

/// Ends every cell (and every initials entry) in the haystack, so a query
/// never matches across two cells. Queries are split on whitespace, so
/// they cannot contain it.
const HAY_END: char = '\n';

/// At most this many words of a query count (each must match).
const MAX_TERMS: usize = 32;

/// Why a table could not be set up: the JSON does not match its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShapeError(pub &'static str);

pub struct TableView {
    headers: Vec<String>,
    rows: usize,
    /// Every cell as given, row-major, separated by [`SEPARATOR`].
    text: String,
    /// Byte offset where each cell ends in `text`.
    cell_ends: Vec<u32>,
    ranks: Vec<Option<Vec<u32>>>,
    /// Per name column: the initials of each row, separated by [`SEPARATOR`].
    initials: Vec<Option<String>>,
    /// Per number column: the number of each row (NaN = none) and the
    /// decimals its total is written with.
    values: Vec<Option<(Vec<f64>, u8)>>,
    /// Built on the first filter: folded cells and initials.
    hay: Option<Haystack>,
    /// Every row in the current sort order.
    order: Vec<u32>,
    sort: Option<(usize, bool)>,
    /// Which rows pass the filter; `None` when there is no filter.
    matched: Option<Vec<bool>>,
    /// `order` restricted to the matched rows, when filtered.
    filtered: Option<Vec<u32>>,
}

struct Haystack {
    text: String,
    /// Byte offset where each row ends in `text`.
    row_ends: Vec<u32>,
}

impl TableView {
    /// A table of `rows` rows under `headers`; `cells` holds their text,
    /// row-major, separated by [`SEPARATOR`].
    pub fn new(headers: Vec<String>, rows: usize, cells: String) -> Result<TableView, ShapeError> {
        let columns = headers.len();
        if columns == 0 {
            return Err(ShapeError("a table needs at least one column"));
        }
        let mut cell_ends = Vec::with_capacity(rows * columns);
        if rows > 0 {
            // The separator is ASCII, so a byte scan finds it (UTF-8 never
            // uses ASCII bytes inside a longer character) and is faster.
            for (at, &b) in cells.as_bytes().iter().enumerate() {
                if b == SEPARATOR as u8 {
                    cell_ends.push(at as u32);
                }
            }
            cell_ends.push(cells.len() as u32);
        } else if !cells.is_empty() {
            return Err(ShapeError("cells given for a table with no rows"));
        }
        if cell_ends.len() != rows * columns {
            return Err(ShapeError("the number of cells is not rows × columns"));
        }
        Ok(TableView {
            headers,
            rows,
            text: cells,
            cell_ends,
            ranks: vec![None; columns],
            initials: vec![None; columns],
            values: vec![None; columns],
            hay: None,
            order: (0..rows as u32).collect(),
            sort: None,
            matched: None,
            filtered: None,
        })
    }

    pub fn columns(&self) -> usize {
        self.headers.len()
    }

    /// Rows in the table, filtered or not.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The dense ranks of a column (one per row, [`NO_KEY`] for none).
    pub fn set_ranks(&mut self, column: usize, ranks: Vec<u32>) -> Result<(), ShapeError> {
        self.check(column, ranks.len())?;
        self.ranks[column] = Some(ranks);
        if self.sort.is_some_and(|(c, _)| c == column) {
            self.sort = None;
            self.order = (0..self.rows as u32).collect();
            self.refilter();
        }
        Ok(())
    }

    /// The pinyin initials of a name column's rows, separated by
    /// [`SEPARATOR`] (`zs␟ls`): the filter matches them as well as the text.
    pub fn set_initials(&mut self, column: usize, initials: String) -> Result<(), ShapeError> {
        let count = if self.rows == 0 && initials.is_empty() {
            0
        } else {
            initials.bytes().filter(|&b| b == SEPARATOR as u8).count() + 1
        };
        self.check(column, count)?;
        self.initials[column] = Some(initials);
        self.hay = None;
        Ok(())
    }

    /// The numbers of a column's rows (NaN for a cell with none), for
    /// totals that follow the filter.
    pub fn set_values(
        &mut self,
        column: usize,
        values: Vec<f64>,
        decimals: u8,
    ) -> Result<(), ShapeError> {
        self.check(column, values.len())?;
        self.values[column] = Some((values, decimals.min(12)));
        Ok(())
    }

    fn check(&self, column: usize, len: usize) -> Result<(), ShapeError> {
        if column >= self.columns() {
            Err(ShapeError("no such column"))
        } else if len != self.rows {
            Err(ShapeError(
                "a column's data does not have one entry per row",
            ))
        } else {
            Ok(())
        }
    }

    /// The text of one cell.
    pub fn cell(&self, row: usize, column: usize) -> &str {
        let k = row * self.columns() + column;
        let start = if k == 0 {
            0
        } else {
            self.cell_ends[k - 1] as usize + SEPARATOR.len_utf8()
        };
        self.text
            .get(start..self.cell_ends[k] as usize)
            .unwrap_or("")
    }

    /// Sorts by a column's ranks: ascending or descending, rows with no
    /// key last either way, ties in their original order. Returns false
    /// (and leaves the order) when the column has no ranks.
    pub fn sort(&mut self, column: usize, descending: bool) -> bool {
        let Some(ranks) = self.ranks.get(column).and_then(Option::as_ref) else {
            return false;
        };
        self.order = sorted_rows(ranks, descending);
        self.sort = Some((column, descending));
        self.refilter();
        true
    }

    /// The column and direction (`true` = descending) of the current sort.
    pub fn sorted_by(&self) -> Option<(usize, bool)> {
        self.sort
    }

    /// Keeps the rows whose cells (or, for name columns, pinyin initials)
    /// contain every word of `query`, ignoring case and full-width forms.
    /// An empty query shows every row. Returns how many rows pass.
    pub fn filter(&mut self, query: &str) -> usize {
        let mut folded = String::new();
        push_folded(&mut folded, query);
        let mut terms: Vec<&str> = Vec::new();
        for term in folded.split_whitespace() {
            if !terms.contains(&term) && terms.len() < MAX_TERMS {
                terms.push(term);
            }
        }
        if terms.is_empty() {
            self.matched = None;
            self.filtered = None;
            return self.rows;
        }
        let hay = match self.hay.take() {
            Some(hay) => hay,
            None => self.build_haystack(),
        };
        // One pass over the whole haystack per word, rows found by walking
        // their ends alongside the (increasing) match positions.
        let all = if terms.len() == 32 {
            u32::MAX
        } else {
            (1u32 << terms.len()) - 1
        };
        let mut hits = vec![0u32; self.rows];
        let text = hay.text.as_bytes();
        for (bit, term) in terms.iter().enumerate() {
            // Bytewise: in UTF-8 a match always starts on a character. Once
            // a row matches, the scan skips to the next row.
            let Some((&first, rest)) = term.as_bytes().split_first() else {
                continue;
            };
            let (mut row, mut at) = (0, 0);
            while let Some(offset) = text
                .get(at..)
                .and_then(|t| t.iter().position(|&b| b == first))
            {
                let found = at + offset;
                if text.get(found + 1..found + 1 + rest.len()) != Some(rest) {
                    at = found + 1;
                    continue;
                }
                while hay.row_ends[row] as usize <= found {
                    row += 1;
                }
                hits[row] |= 1 << bit;
                at = hay.row_ends[row] as usize;
            }
        }
        self.hay = Some(hay);
        self.matched = Some(hits.into_iter().map(|h| h == all).collect());
        self.refilter();
        self.len()
    }

    /// Builds the filter's haystack ahead of the first keystroke (the
    /// widget calls it when the page is idle); filtering builds it anyway.
    pub fn prepare(&mut self) {
        if self.hay.is_none() {
            self.hay = Some(self.build_haystack());
        }
    }

    /// Whether a filter is on.
    pub fn is_filtered(&self) -> bool {
        self.matched.is_some()
    }

    fn refilter(&mut self) {
        self.filtered = self.matched.as_ref().map(|matched| {
            self.order
                .iter()
                .copied()
                .filter(|&r| matched[r as usize])
                .collect()
        });
    }

    fn build_haystack(&self) -> Haystack {
        let columns = self.columns();
        let mut initials: Vec<std::str::Split<'_, char>> = self
            .initials
            .iter()
            .flatten()
            .map(|joined| joined.split(SEPARATOR))
            .collect();
        let mut text = String::with_capacity(self.text.len() + self.text.len() / 4);
        let mut row_ends = Vec::with_capacity(self.rows);
        for row in 0..self.rows {
            for column in 0..columns {
                push_folded(&mut text, self.cell(row, column));
                text.push(HAY_END);
            }
            for column in &mut initials {
                push_folded(&mut text, column.next().unwrap_or(""));
                text.push(HAY_END);
            }
            row_ends.push(text.len() as u32);
        }
        Haystack { text, row_ends }
    }

    /// The rows shown: filtered, in sort order.
    pub fn view(&self) -> &[u32] {
        self.filtered.as_deref().unwrap_or(&self.order)
    }

    /// How many rows pass the filter.
    pub fn len(&self) -> usize {
        self.view().len()
    }

    pub fn is_empty(&self) -> bool {
        self.view().is_empty()
    }

    /// Up to `count` rows of the view from `start` (an empty slice past the end).
    pub fn page(&self, start: usize, count: usize) -> &[u32] {
        let view = self.view();
        let start = start.min(view.len());
        &view[start..start.saturating_add(count).min(view.len())]
    }

    /// The total of a number column over the rows that pass the filter,
    /// formatted as the build-time total is; `None` for other columns.
    /// Summed in the original row order, so sorting never changes it.
    pub fn total(&self, column: usize) -> Option<String> {
        let (values, decimals) = self.values.get(column)?.as_ref()?;
        let passes = |row: usize| self.matched.as_ref().is_none_or(|m| m[row]);
        let sum: f64 = values
            .iter()
            .enumerate()
            .filter(|&(row, v)| !v.is_nan() && passes(row))
            .map(|(_, v)| v)
            .sum();
        Some(total::format(sum, *decimals))
    }

    /// The current view (every page) as a CSV file, in the same format as
    /// the build-time download: BOM, header line, then the rows.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(csv::BOM);
        csv::push_row(&mut out, self.headers.iter().map(String::as_str));
        for &row in self.view() {
            csv::push_row(
                &mut out,
                (0..self.columns()).map(|c| self.cell(row as usize, c)),
            );
        }
        out
    }
}

/// Row indices ordered by `ranks`: ascending or descending, [`NO_KEY`]
/// last in both, ties by row index. Dense ranks (never above the row count,
/// as the generator writes them) take a counting sort; anything else falls
/// back to a stable comparison sort.
pub fn sorted_rows(ranks: &[u32], descending: bool) -> Vec<u32> {
    let rows = ranks.len();
    let max = ranks.iter().copied().max().unwrap_or(NO_KEY) as usize;
    if max > rows {
        let mut order: Vec<u32> = (0..rows as u32).collect();
        // The row in the key makes the unstable sort stable (and it is
        // smaller in the wasm than the stable one).
        order.sort_unstable_by_key(|&r| {
            let rank = ranks[r as usize];
            (
                rank == NO_KEY,
                if descending { u32::MAX - rank } else { rank },
                r,
            )
        });
        return order;
    }
    // Bucket of each rank: 1..=max in the asked direction, then NO_KEY.
    let bucket = |rank: u32| match rank {
        NO_KEY => max,
        r if descending => max - r as usize,
        r => r as usize - 1,
    };
    let mut starts = vec![0u32; max + 1];
    for &rank in ranks {
        starts[bucket(rank)] += 1;
    }
    let mut sum = 0;
    for start in &mut starts {
        let count = *start;
        *start = sum;
        sum += count;
    }
    let mut order = vec![0u32; rows];
    for (row, &rank) in ranks.iter().enumerate() {
        let slot = &mut starts[bucket(rank)];
        order[*slot as usize] = row as u32;
        *slot += 1;
    }
    order
}

/// Lowercase, with full-width letters, digits and punctuation as ASCII, so
/// `ＡＢ` finds `ab`; line breaks and separators become spaces.
fn push_folded(out: &mut String, text: &str) {
    for c in text.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | HAY_END | '\r' | SEPARATOR => ' ',
            _ => c,
        };
        out.push(lowercase(c));
    }
}

/// Lowercase for the letters village tables hold: Latin (with the Latin-1
/// and Extended-A accents), Greek and Cyrillic. By ranges, because core's
/// full Unicode tables would add a sixth to the wasm.
fn lowercase(c: char) -> char {
    let u = c as u32;
    let lower = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => {
            u + 0x20
        }
        0x400..=0x40F => u + 0x50,
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if u % 2 == 0 => u + 1,
        0x139..=0x148 | 0x179..=0x17E if u % 2 == 1 => u + 1,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: &str = "\u{1F}";

    /// 姓名 (name, with initials), 得票 (number), 当选 (bool).
    fn sample() -> TableView {
        let rows = [
            ["张三", "1,201", "是"],
            ["李四", "98", "否"],
            ["曾五", "", "是"],
            ["单六", "1.1万", "否"],
            ["Zhang Wei", "98", "是"],
        ];
        let cells = rows.iter().flatten().copied().collect::<Vec<_>>().join(S);
        let mut t = TableView::new(
            vec!["姓名".into(), "得票".into(), "当选".into()],
            rows.len(),
            cells,
        )
        .unwrap();
        t.set_ranks(0, vec![5, 2, 4, 1, 3]).unwrap();
        t.set_ranks(1, vec![2, 1, NO_KEY, 3, 1]).unwrap();
        t.set_ranks(2, vec![2, 1, 2, 1, 2]).unwrap();
        t.set_initials(0, ["zs", "ls", "zw", "sl", "zw"].join(S))
            .unwrap();
        t.set_values(1, vec![1201.0, 98.0, f64::NAN, 11_000.0, 98.0], 0)
            .unwrap();
        t
    }

    #[test]
    fn sorts_by_rank_with_missing_keys_last_and_stable_ties() {
        let mut t = sample();
        assert_eq!(t.view(), &[0, 1, 2, 3, 4], "unsorted: source order");
        assert!(t.sort(1, false));
        assert_eq!(
            t.view(),
            &[1, 4, 0, 3, 2],
            "ascending, ties by row, no key last"
        );
        assert!(t.sort(1, true));
        assert_eq!(
            t.view(),
            &[3, 0, 1, 4, 2],
            "descending, ties still by row, no key still last"
        );
        assert!(t.sort(2, true));
        assert_eq!(t.view(), &[0, 2, 4, 1, 3]);
        assert_eq!(t.sorted_by(), Some((2, true)));
        assert!(!t.sort(7, false), "no such column");
        assert_eq!(t.sorted_by(), Some((2, true)));
    }

    #[test]
    fn counting_sort_agrees_with_a_comparison_sort() {
        let ranks: Vec<u32> = (0..500u32).map(|i| (i * 7919 + 13) % 37).collect();
        for descending in [false, true] {
            let mut expected: Vec<u32> = (0..ranks.len() as u32).collect();
            expected.sort_by_key(|&r| {
                let k = ranks[r as usize];
                (k == NO_KEY, if descending { u32::MAX - k } else { k }, r)
            });
            assert_eq!(sorted_rows(&ranks, descending), expected);
        }
        // Ranks that are not dense (above the row count) still sort.
        assert_eq!(sorted_rows(&[900, 0, 5], false), vec![2, 0, 1]);
        assert_eq!(sorted_rows(&[900, 0, 5], true), vec![0, 2, 1]);
        assert_eq!(sorted_rows(&[0, 0], true), vec![0, 1]);
        assert!(sorted_rows(&[], false).is_empty());
    }

    #[test]
    fn filters_by_substring_case_and_initials() {
        let mut t = sample();
        assert_eq!(t.filter("张"), 1);
        assert_eq!(t.view(), &[0]);
        assert_eq!(t.filter("zs"), 1, "initials of 张三");
        assert_eq!(t.view(), &[0]);
        assert_eq!(t.filter("z"), 3, "initials prefix, and Zhang Wei's text");
        assert_eq!(t.view(), &[0, 2, 4]);
        assert_eq!(t.filter("ZHANG"), 1, "case-insensitive");
        assert_eq!(t.filter("ｚｈａｎｇ"), 1, "full-width letters");
        assert_eq!(t.filter("98"), 2);
        assert_eq!(t.filter("是 z"), 3, "every word must match");
        assert_eq!(t.filter("是 ls"), 0);
        assert_eq!(t.filter("三1"), 0, "no match across cells");
        t.prepare();
        assert_eq!(t.filter("sl"), 1, "单 is shan");
        assert_eq!(t.view(), &[3]);
        assert!(t.is_filtered());
        assert_eq!(t.filter("  "), 5, "a blank query shows every row");
        assert!(!t.is_filtered());
    }

    #[test]
    fn lowercase_agrees_with_unicode_where_it_folds() {
        for c in (0u32..0x500).filter_map(char::from_u32) {
            let mine = lowercase(c);
            if mine != c {
                assert_eq!(c.to_lowercase().to_string(), mine.to_string(), "{c}");
            }
        }
        for (upper, lower) in [
            ('A', 'a'),
            ('Ā', 'ā'),
            ('É', 'é'),
            ('Ω', 'ω'),
            ('Я', 'я'),
            ('Ё', 'ё'),
            ('Ł', 'ł'),
            ('Ž', 'ž'),
        ] {
            assert_eq!(lowercase(upper), lower);
        }
        assert_eq!(sample().filter("WEI"), 1);
    }

    #[test]
    fn filter_and_sort_compose() {
        let mut t = sample();
        t.filter("是");
        t.sort(1, true);
        assert_eq!(t.view(), &[0, 4, 2]);
        t.sort(0, false);
        assert_eq!(t.view(), &[4, 2, 0]);
        t.filter("");
        assert_eq!(
            t.view(),
            &[3, 1, 4, 2, 0],
            "sort kept when the filter is cleared"
        );
    }

    #[test]
    fn pages_slice_the_view() {
        let rows = 123;
        let cells = (0..rows).map(|i| i.to_string()).collect::<Vec<_>>().join(S);
        let mut t = TableView::new(vec!["n".into()], rows, cells).unwrap();
        assert_eq!(t.page(0, 50).len(), 50);
        assert_eq!(t.page(100, 50), &(100..123).collect::<Vec<u32>>()[..]);
        assert!(t.page(150, 50).is_empty());
        assert!(t.page(usize::MAX, usize::MAX).is_empty());
        t.filter("1");
        let ones: Vec<u32> = (0..123).filter(|i| i.to_string().contains('1')).collect();
        assert_eq!(t.len(), ones.len());
        assert_eq!(t.page(0, 10), &ones[..10]);
        assert_eq!(t.page(40, 50), &ones[40..]);
    }

    #[test]
    fn totals_follow_the_filter() {
        let mut t = sample();
        assert_eq!(t.total(1).as_deref(), Some("12,397"));
        assert_eq!(t.total(0), None, "not a number column");
        t.filter("是");
        assert_eq!(
            t.total(1).as_deref(),
            Some("1,299"),
            "rows with no number are skipped"
        );
        t.sort(1, true);
        assert_eq!(t.total(1).as_deref(), Some("1,299"));
        t.filter("nobody");
        assert_eq!(t.total(1).as_deref(), Some("0"));
        t.set_values(1, vec![0.1, 0.2, 0.3, 1000.0, 0.05], 2)
            .unwrap();
        t.filter("");
        assert_eq!(t.total(1).as_deref(), Some("1,000.65"));
    }

    #[test]
    fn csv_of_the_current_view() {
        let mut t = sample();
        t.filter("是");
        t.sort(1, true);
        assert_eq!(
            t.to_csv(),
            "\u{FEFF}姓名,得票,当选\r\n张三,\"1,201\",是\r\nZhang Wei,98,是\r\n曾五,,是\r\n"
        );
    }

    #[test]
    fn shapes_are_checked() {
        let headers = || vec!["a".to_string(), "b".to_string()];
        assert!(TableView::new(vec![], 0, String::new()).is_err());
        assert!(TableView::new(headers(), 2, format!("1{S}2{S}3")).is_err());
        let mut t = TableView::new(headers(), 2, format!("1{S}{S}3{S}")).unwrap();
        assert_eq!((t.cell(0, 1), t.cell(1, 0), t.cell(1, 1)), ("", "3", ""));
        assert!(t.set_ranks(0, vec![1]).is_err());
        assert!(t.set_ranks(2, vec![1, 2]).is_err());
        assert!(t.set_initials(0, "a".into()).is_err());
        assert!(t.set_values(1, vec![1.0, 2.0, 3.0], 0).is_err());
        let mut empty = TableView::new(headers(), 0, String::new()).unwrap();
        assert!(empty.set_initials(0, String::new()).is_ok());
        assert_eq!(empty.filter("x"), 0);
        assert_eq!(empty.to_csv(), "\u{FEFF}a,b\r\n");
        assert!(TableView::new(headers(), 0, "x".into()).is_err());
        assert_eq!(t.filter("3"), 1);
    }
}
