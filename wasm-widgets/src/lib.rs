//! gongshi's browser widgets.
//!
//! The crate has two layers:
//!
//! * a pure Rust core (every module but `dom`), which never touches the
//!   browser, so the generator links it natively and its tests run with plain
//!   `cargo test`;
//! * `dom`, the thin web-sys glue compiled only for `wasm32`.
//!
//! The generator's build script compiles this crate to `wasm32-unknown-unknown`,
//! runs wasm-bindgen on it and embeds the result in the `gongshi` binary, so a
//! site gets its widgets from the one binary that builds it.

pub mod reading_mode;
pub mod search;
pub mod table;

#[cfg(target_arch = "wasm32")]
mod dom;
