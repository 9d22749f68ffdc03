//! Compiles `wasm-widgets` to wasm32 once per widget (a cargo feature each),
//! runs wasm-bindgen on each and leaves the browser-ready files in
//! `$OUT_DIR/widgets/` (`<name>.js` + `<name>_bg.wasm`), where
//! `src/assets.rs` embeds them. This is what makes `gongshi` one
//! self-contained binary. The glue, the widgets' own scripts and the theme's
//! stylesheet are minified on the way (`minify.rs`).

mod minify;

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// (cargo feature, output name) of every widget module.
const WIDGETS: &[(&str, &str)] = &[
    ("reading-mode", "reading_mode"),
    ("search", "search_engine"),
    ("table", "table_widget"),
];

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let widgets = manifest_dir.join("../wasm-widgets");
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("set by cargo"));
    println!("cargo:rerun-if-changed={}", widgets.join("src").display());
    println!(
        "cargo:rerun-if-changed={}",
        widgets.join("Cargo.toml").display()
    );

    let theme = [
        widgets.join("js/search.js"),
        widgets.join("js/table.js"),
        widgets.join("js/read_aloud.js"),
        manifest_dir.join("../site/static/_gongshi/gongshi.css"),
    ];
    for file in &theme {
        println!("cargo:rerun-if-changed={}", file.display());
    }

    ensure_wasm_target();
    for (feature, name) in WIDGETS {
        // One target directory per widget, so each keeps its own cached build.
        let wasm = compile_widget(&widgets, &out_dir.join(format!("wasm-{name}")), feature);
        wasm_bindgen_cli_support::Bindgen::new()
            .input_path(&wasm)
            .out_name(name)
            .web(true)
            .expect("the web target is always available")
            .omit_default_module_path(false)
            .typescript(false)
            .generate(out_dir.join("widgets"))
            .unwrap_or_else(|e| panic!("wasm-bindgen failed on {}: {e:#}", wasm.display()));
        let glue = out_dir.join("widgets").join(format!("{name}.js"));
        minify_into(&glue, &glue);
    }
    for file in &theme {
        let name = file.file_name().expect("theme files have names");
        minify_into(file, &out_dir.join("widgets").join(name));
    }
}

/// Writes the minified `source` (a script or a stylesheet) to `target`.
fn minify_into(source: &Path, target: &Path) {
    let text = std::fs::read_to_string(source)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", source.display()));
    let minified = match source.extension().and_then(|e| e.to_str()) {
        Some("css") => minify::stylesheet(&text, source),
        _ => minify::script(&text, source),
    };
    std::fs::write(target, minified)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
}

/// The wasm32 standard library is a rustup component; add it when missing so
/// that `cargo install` works on a fresh machine.
fn ensure_wasm_target() {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let installed = sysroot
        .map(|root| root.join("lib/rustlib").join(WASM_TARGET).exists())
        .unwrap_or(false);
    if installed {
        return;
    }
    let added = Command::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !added {
        panic!(
            "the {WASM_TARGET} target is missing and `rustup target add {WASM_TARGET}` failed; \
             install it and build again"
        );
    }
}

/// Builds one widget in a target directory of its own: sharing the outer
/// build's directory would deadlock on cargo's lock.
fn compile_widget(widgets: &Path, target_dir: &Path, feature: &str) -> PathBuf {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.arg("build")
        .arg("--manifest-path")
        .arg(widgets.join("Cargo.toml"))
        .args(["--lib", "--profile", "wasm", "--target", WASM_TARGET])
        .args(["--features", feature])
        .arg("--target-dir")
        .arg(target_dir);
    // Flags and wrappers meant for the host build (clippy, coverage, native
    // CPU flags) must not leak into the wasm build.
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
    ] {
        cmd.env_remove(var);
    }
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("could not run cargo to build the widgets: {e}"));
    if !status.success() {
        panic!("building wasm-widgets for {WASM_TARGET} failed ({status})");
    }
    target_dir
        .join(WASM_TARGET)
        .join("wasm")
        .join("gongshi_widgets.wasm")
}
