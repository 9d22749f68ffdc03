//! Files every site gets from the binary: the default stylesheet and the
//! widgets built by `build.rs` (wasm + wasm-bindgen glue).

/// Site path of the default stylesheet; a file at the same path under a
/// site's `site/static/` replaces it.
pub const STYLESHEET_PATH: &str = "assets/gongshi.css";
/// Site path of the widgets' JavaScript module; it loads the wasm beside it.
pub const WIDGETS_JS_PATH: &str = "assets/gongshi_widgets.js";
pub const WIDGETS_WASM_PATH: &str = "assets/gongshi_widgets_bg.wasm";

pub const EMBEDDED: &[(&str, &[u8])] = &[
    (
        STYLESHEET_PATH,
        include_bytes!("../../site/static/assets/gongshi.css"),
    ),
    (
        WIDGETS_JS_PATH,
        include_bytes!(concat!(env!("OUT_DIR"), "/widgets/gongshi_widgets.js")),
    ),
    (
        WIDGETS_WASM_PATH,
        include_bytes!(concat!(env!("OUT_DIR"), "/widgets/gongshi_widgets_bg.wasm")),
    ),
];
