//! Minifies the theme's scripts and stylesheet once, when the generator is
//! compiled: they are the same for every site, so no build pays for it.
//! Scripts go through oxc (compress, mangle local names, strip comments),
//! the stylesheet through lightningcss (as builds with `minify = true` do a
//! site's own stylesheets). A file the minifier cannot parse fails the
//! compilation: shipping it unminified would hide the bug.

#[path = "../src/render/minify/css.rs"]
mod css;

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions};
use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_span::SourceType;
use std::path::Path;

/// An ES module, minified. Exported names and string literals (the
/// placeholders the generator fills in, the file names it fingerprints)
/// are kept as written.
pub fn script(source: &str, origin: &Path) -> String {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, SourceType::mjs()).parse();
    if parsed.panicked || !parsed.errors.is_empty() {
        let errors: Vec<String> = parsed.errors.iter().map(|e| e.to_string()).collect();
        panic!("cannot minify {}: {}", origin.display(), errors.join("; "));
    }
    let mut program = parsed.program;
    let options = MinifierOptions {
        // A module's top level is private to it: only its exports, which
        // keep their names, are seen from outside.
        mangle: Some(MangleOptions {
            top_level: true,
            ..MangleOptions::default()
        }),
        compress: Some(CompressOptions::default()),
    };
    let minified = Minifier::new(options).build(&allocator, &mut program);
    Codegen::new()
        .with_options(CodegenOptions::minify())
        .with_scoping(minified.scoping)
        .build(&program)
        .code
}

/// A stylesheet, minified (for every browser: no target-specific rewrites).
pub fn stylesheet(source: &str, origin: &Path) -> String {
    css::minify(source).unwrap_or_else(|e| panic!("cannot minify {}: {e}", origin.display()))
}
