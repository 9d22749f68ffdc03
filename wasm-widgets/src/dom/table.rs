//! The table widget's core as seen from JavaScript. The JS layer
//! (`wasm-widgets/js/table.js`) fetches the table's JSON, parses it with the
//! browser's `JSON.parse` (no JSON parser in the wasm) and does the DOM
//! work; this wrapper only converts types. Strings cross as one string per
//! column (cells joined by `view::SEPARATOR`), numbers as typed arrays.

use crate::table::view::TableView;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Table {
    view: TableView,
}

#[wasm_bindgen]
impl Table {
    /// `headers` and `cells` (row-major) are joined by U+001F. `None` (JS
    /// `undefined`) when the cells do not fill `rows` × the headers.
    pub fn create(headers: &str, rows: u32, cells: String) -> Option<Table> {
        let headers = headers
            .split(crate::table::view::SEPARATOR)
            .map(str::to_string)
            .collect();
        TableView::new(headers, rows as usize, cells)
            .ok()
            .map(|view| Table { view })
    }

    /// Each setter returns false when the data does not fit the table.
    pub fn set_ranks(&mut self, column: u32, ranks: Vec<u32>) -> bool {
        self.view.set_ranks(column as usize, ranks).is_ok()
    }

    pub fn set_initials(&mut self, column: u32, initials: String) -> bool {
        self.view.set_initials(column as usize, initials).is_ok()
    }

    /// NaN stands for a cell with no number.
    pub fn set_values(&mut self, column: u32, values: Vec<f64>, decimals: u8) -> bool {
        self.view
            .set_values(column as usize, values, decimals)
            .is_ok()
    }

    pub fn sort(&mut self, column: u32, descending: bool) -> bool {
        self.view.sort(column as usize, descending)
    }

    /// Readies the filter (folds every cell once) while the page is idle,
    /// so the first keystroke does not pay for it.
    pub fn prepare(&mut self) {
        self.view.prepare();
    }

    /// Returns how many rows pass.
    pub fn filter(&mut self, query: &str) -> u32 {
        self.view.filter(query) as u32
    }

    /// Rows that pass the filter.
    pub fn shown(&self) -> u32 {
        self.view.len() as u32
    }

    /// Row indices (into the JSON's rows) of one page of the view.
    pub fn page(&self, start: u32, count: u32) -> Vec<u32> {
        self.view.page(start as usize, count as usize).to_vec()
    }

    /// The total of a number column over the rows that pass the filter
    /// (`undefined` for other columns).
    pub fn total(&self, column: u32) -> Option<String> {
        self.view.total(column as usize)
    }

    /// The current view, every page, as a CSV file (with BOM).
    pub fn csv(&self) -> String {
        self.view.to_csv()
    }
}
