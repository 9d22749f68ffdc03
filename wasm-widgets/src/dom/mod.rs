//! web-sys glue: the only code that touches the browser. Each widget is its
//! own wasm module (a cargo feature), loaded only by pages that use it.

#[cfg(feature = "reading-mode")]
mod reading_mode_switch;
#[cfg(feature = "search")]
mod search;
#[cfg(feature = "table")]
mod table;

#[cfg(feature = "reading-mode")]
use wasm_bindgen::prelude::*;

/// Runs when the reading-mode module is instantiated: applies the
/// remembered mode and wires the switch (when the page has one).
#[cfg(feature = "reading-mode")]
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    reading_mode_switch::install()
}
