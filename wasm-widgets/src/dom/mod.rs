//! web-sys glue: the only code that touches the browser.

mod reading_mode_switch;

use wasm_bindgen::prelude::*;

/// Runs when the module is instantiated: wires every widget present on the
/// page. A widget whose element is missing is simply not started, so a page
/// that lacks it (or a custom template) keeps working.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    reading_mode_switch::install()
}
