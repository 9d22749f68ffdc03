//! gongshi: a static site generator for village and community affairs
//! disclosure (公示) sites.
//!
//! The pipeline, in the order it runs:
//!
//! 1. [`config`]: `site/config.toml` → [`config::Config`]
//! 2. [`load`]: `content/` → the [`model::Site`] model
//! 3. [`check`]: the site → diagnostics
//! 4. [`render`]: the site → every output file, in memory
//! 5. [`output`]: the files → the output folder, atomically
//!
//! Every stage reports problems as [`diagnostics::Diagnostic`] values; only
//! `main` prints them. Commands built on the pipeline: [`scaffold`] (`init`,
//! `new`) and [`serve`].

pub mod assets;
pub mod check;
pub mod config;
pub mod data;
pub mod diagnostics;
pub mod elections;
pub mod load;
pub mod model;
pub mod output;
pub mod pii;
pub mod precompress;
pub mod preview;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod source_text;
pub mod verify;

use chrono::NaiveDate;
use diagnostics::{Diagnostic, Diagnostics, Lang, Text};
use progress::Stage;
use std::path::{Path, PathBuf};

/// What a build needs besides the site's files.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// `--base-url`, replacing `base_url` of the config.
    pub base_url: Option<String>,
    /// The date pages are "as of"; `None` takes the newest notice date.
    pub build_date: Option<NaiveDate>,
    /// Render drafts too, marked as such (`serve --drafts`).
    pub drafts: bool,
    /// Minify pages and stylesheets even when the config does not say
    /// `minify = true` (`build --minify`).
    pub minify: bool,
}

/// A site rendered in memory, with everything found on the way.
pub struct Built {
    pub site: Option<model::Site>,
    pub output: output::Output,
    pub diagnostics: Diagnostics,
}

impl Built {
    /// Ready to write: rendered, and no error found.
    pub fn is_publishable(&self) -> bool {
        self.site.is_some() && !self.diagnostics.has_errors()
    }
}

/// An error that stops the run before the content could be judged (exit 2),
/// in both languages.
#[derive(Debug)]
pub struct Fatal(pub Text);

impl Fatal {
    /// The error in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        self.0.get(lang)
    }
}

/// Loads, checks and renders the site, writing nothing.
pub fn build_in_memory(options: &BuildOptions) -> Result<Built, Fatal> {
    Ok(pipeline(options, None, &progress::Silent)?.into_built())
}

/// Everything one run of the pipeline made; the preview keeps it to render
/// edits again (see [`preview`]).
struct Pipeline<'s> {
    site: Option<model::Site>,
    elections: elections::Elections,
    tera: Option<tera::Tera>,
    rendered: Option<render::Rendered<'s>>,
    /// Found before the checks: the config, loading, personal numbers, the
    /// templates.
    loaded: Vec<Diagnostic>,
    /// The checks over the whole site.
    checked: Vec<Diagnostic>,
}

impl Pipeline<'_> {
    fn into_built(self) -> Built {
        let mut found = self.loaded;
        found.extend(self.checked);
        let output = match self.rendered {
            Some(rendered) => rendered.into_output(&mut found),
            None => Default::default(),
        };
        Built {
            site: self.site,
            output,
            diagnostics: collect(found),
        }
    }
}

/// The pipeline; with `spill`, pages go into that staging folder as they
/// are rendered instead of staying in memory (see `output::Staging`).
fn pipeline<'s>(
    options: &BuildOptions,
    spill: Option<&'s output::Staging>,
    progress: &dyn progress::Progress,
) -> Result<Pipeline<'s>, Fatal> {
    progress.stage(Stage::Load, None);
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut config = match config::Config::load(&options.root, options.base_url.as_deref()) {
        Ok(c) => c,
        Err(d) if d.code == diagnostics::Code::FileUnreadable => return Err(Fatal(d.message)),
        Err(d) => {
            found.push(d);
            return Ok(Pipeline {
                site: None,
                elections: Default::default(),
                tera: None,
                rendered: None,
                loaded: found,
                checked: Vec::new(),
            });
        }
    };
    config.minify |= options.minify;
    let load_options = load::LoadOptions {
        build_date: options.build_date,
        drafts: options.drafts,
    };
    let mut site = load::load(&options.root, config, load_options, &mut found).map_err(Fatal)?;
    progress.stage(Stage::Check, None);
    pii::scan_notices(&mut site, &mut found);
    let elections = elections::Elections::collect(&site);
    let checked = check::check(&site, &elections);
    progress.stage(Stage::Render, Some(site.notices.len() as u64));
    let (tera, rendered) = match render::templates::load(&options.root) {
        Ok(tera) => {
            let rendered = render::render(&site, &elections, &tera, spill);
            (Some(tera), Some(rendered))
        }
        Err(errors) => {
            found.extend(errors);
            (None, None)
        }
    };
    Ok(Pipeline {
        site: Some(site),
        elections,
        tera,
        rendered,
        loaded: found,
        checked,
    })
}

pub(crate) fn collect(found: Vec<Diagnostic>) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.extend(found);
    d
}

/// Builds and, when no error was found, writes the output folder (with
/// `.gz`/`.br` copies of text files when `precompress`), telling `progress`
/// how far it got.
pub fn build(
    options: &BuildOptions,
    out: &Path,
    precompress: bool,
    progress: &dyn progress::Progress,
) -> Result<Built, Fatal> {
    let write_failed = |e: std::io::Error| {
        let out = out.display();
        Fatal(output::error_text(&e).wrap(
            |why| format!("写入 {out} 失败：{why}"),
            |why| format!("writing {out} failed: {why}"),
        ))
    };
    let staging = output::Staging::create(out, precompress).map_err(write_failed)?;
    let built = pipeline(options, Some(&staging), progress)?.into_built();
    if built.is_publishable() {
        let files = built.output.len() as u64;
        progress.stage(Stage::Write, Some(files));
        let written = staging.finish(&built.output, progress);
        progress.finish();
        written.map_err(write_failed)?;
    } else {
        // Dropping the staging folder removes what was spilled into it.
        progress.finish();
    }
    Ok(built)
}

/// The build date from `SOURCE_DATE_EPOCH` (seconds since 1970, the
/// reproducible-builds convention), as a date in China Standard Time.
pub fn build_date_from_env() -> Result<Option<NaiveDate>, Fatal> {
    let Ok(value) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    value
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|secs| chrono::DateTime::from_timestamp(secs + 8 * 3600, 0))
        .map(|t| Some(t.date_naive()))
        .ok_or_else(|| {
            Fatal(text!(
                zh: "SOURCE_DATE_EPOCH=“{value}” 不是以秒计的时间戳",
                en: "SOURCE_DATE_EPOCH=“{value}” is not a timestamp in seconds"
            ))
        })
}
