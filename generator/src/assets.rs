//! Files every site gets from the binary, under `_gongshi/` (a name no
//! content slug can take): the default stylesheet, the widgets built by
//! `build.rs` (wasm + wasm-bindgen glue) and the search and table widgets'
//! JavaScript.

/// Folder of everything gongshi itself adds to a site.
pub const ASSETS_DIR: &str = "_gongshi/";

/// Site path of the default stylesheet; a file at the same path under a
/// site's `site/static/` replaces it.
pub const STYLESHEET_PATH: &str = "_gongshi/gongshi.css";
/// The 长辈模式 switch, loaded by every page.
pub const READING_MODE_JS_PATH: &str = "_gongshi/reading_mode.js";
/// The search widget and its documented API; it loads the engine on use.
pub const SEARCH_JS_PATH: &str = "_gongshi/search.js";

/// Where the search index of a build lives: `_gongshi/search/<version>/`.
pub const SEARCH_INDEX_DIR: &str = "_gongshi/search/";

/// The search widget's source, with [`SEARCH_INDEX_PLACEHOLDER`] standing
/// for the URL of the index folder of the build.
pub const SEARCH_JS: &str = include_str!(concat!(env!("OUT_DIR"), "/widgets/search.js"));
pub const SEARCH_INDEX_PLACEHOLDER: &str = "__GONGSHI_SEARCH_INDEX__";
/// Stands for the index's entry file, base64-encoded, in the widget source.
pub const SEARCH_ENTRY_PLACEHOLDER: &str = "__GONGSHI_SEARCH_ENTRY__";
/// The search engine's glue and wasm, which pages preload on first focus.
pub const SEARCH_ENGINE_JS_PATH: &str = "_gongshi/search_engine.js";
pub const SEARCH_ENGINE_WASM_PATH: &str = "_gongshi/search_engine_bg.wasm";
/// The table widget (sorting, filtering, paging, totals, CSV export), loaded
/// only by pages with a data table; it loads its core, which pages preload.
pub const TABLE_JS_PATH: &str = "_gongshi/table.js";
pub const TABLE_WIDGET_JS_PATH: &str = "_gongshi/table_widget.js";
pub const TABLE_WIDGET_WASM_PATH: &str = "_gongshi/table_widget_bg.wasm";
/// 朗读 on notice pages (the browser's speech synthesis; no wasm).
pub const READ_ALOUD_JS_PATH: &str = "_gongshi/read_aloud.js";

/// Whether an embedded file is published under a content-hashed name (see
/// `render/fingerprint.rs`): the stylesheet, scripts and wasm, which pages
/// name through the template context. The favicon keeps its name, which
/// browsers also ask for on their own.
pub fn is_fingerprinted(path: &str) -> bool {
    [".css", ".js", ".wasm"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

pub const EMBEDDED: &[(&str, &[u8])] = &[
    (
        STYLESHEET_PATH,
        include_bytes!(concat!(env!("OUT_DIR"), "/widgets/gongshi.css")),
    ),
    (
        "_gongshi/favicon.svg",
        include_bytes!("../../site/static/_gongshi/favicon.svg"),
    ),
    (
        READING_MODE_JS_PATH,
        include_bytes!(concat!(env!("OUT_DIR"), "/widgets/reading_mode.js")),
    ),
    (
        "_gongshi/reading_mode_bg.wasm",
        include_bytes!(concat!(env!("OUT_DIR"), "/widgets/reading_mode_bg.wasm")),
    ),
    (
        SEARCH_ENGINE_JS_PATH,
        include_bytes!(concat!(env!("OUT_DIR"), "/widgets/search_engine.js")),
    ),
    (
        SEARCH_ENGINE_WASM_PATH,
        include_bytes!(concat!(env!("OUT_DIR"), "/widgets/search_engine_bg.wasm")),
    ),
    (
        TABLE_JS_PATH,
        include_bytes!(concat!(env!("OUT_DIR"), "/widgets/table.js")),
    ),
    (
        READ_ALOUD_JS_PATH,
        include_bytes!(concat!(env!("OUT_DIR"), "/widgets/read_aloud.js")),
    ),
    (
        TABLE_WIDGET_JS_PATH,
        include_bytes!(concat!(env!("OUT_DIR"), "/widgets/table_widget.js")),
    ),
    (
        TABLE_WIDGET_WASM_PATH,
        include_bytes!(concat!(env!("OUT_DIR"), "/widgets/table_widget_bg.wasm")),
    ),
];
