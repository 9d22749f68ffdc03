//! What `gongshi build` shows while it works: on a terminal, a bar for the
//! current stage with its counts (indicatif, on stderr, cleared before the
//! summary); in CI or when stderr is not a terminal, one plain line per
//! stage, with no escape codes. `check`, `serve` and the library's callers
//! that pass [`Silent`] report nothing.

use crate::diagnostics::Lang;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// The stages of a build, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Load,
    Check,
    Render,
    Write,
}

impl Stage {
    const COUNT: usize = 4;

    fn number(self) -> usize {
        self as usize + 1
    }

    fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, Stage::Load) => "读取内容",
            (Lang::Zh, Stage::Check) => "检查",
            (Lang::Zh, Stage::Render) => "生成页面",
            (Lang::Zh, Stage::Write) => "写入文件",
            (Lang::En, Stage::Load) => "reading content",
            (Lang::En, Stage::Check) => "checking",
            (Lang::En, Stage::Render) => "rendering pages",
            (Lang::En, Stage::Write) => "writing files",
        }
    }

    /// What the stage counts, after the number: 篇公告 or notices.
    fn unit(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, Stage::Render) => "篇公告",
            (Lang::Zh, _) => "个文件",
            (Lang::En, Stage::Render) => "notices",
            (Lang::En, _) => "files",
        }
    }
}

/// Receives the stages of a build; shared by the threads that write files.
pub trait Progress: Sync {
    /// A stage starts; `items` when it is known how many there are (notices
    /// to render, files to write).
    fn stage(&self, stage: Stage, items: Option<u64>);
    /// `n` more items of the current stage are done.
    fn advance(&self, n: u64);
    /// The build is over: leaves the terminal clean for the summary.
    fn finish(&self);
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: Stage, _: Option<u64>) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// One line per stage on stderr, in the language of the run:
/// `[3/4] 生成页面（10000 篇公告）`, `[3/4] rendering pages (10000 notices)`.
pub struct Lines(pub Lang);

impl Progress for Lines {
    fn stage(&self, stage: Stage, items: Option<u64>) {
        eprintln!("{}", stage_line(stage, items, self.0));
    }
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// A bar (or, when the count is unknown, a spinner) per stage.
pub struct Bar {
    bar: ProgressBar,
    lang: Lang,
}

impl Bar {
    fn new(lang: Lang) -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.enable_steady_tick(Duration::from_millis(120));
        Bar { bar, lang }
    }
}

impl Progress for Bar {
    fn stage(&self, stage: Stage, items: Option<u64>) {
        let template = match items {
            Some(_) => "{prefix} [{bar:30}] {pos}/{len} {msg} {elapsed}",
            None => "{prefix} {spinner} {elapsed}",
        };
        let style = ProgressStyle::with_template(template)
            .expect("the templates above are valid")
            .progress_chars("=> ");
        self.bar.set_style(style);
        self.bar.set_prefix(stage_line(stage, None, self.lang));
        self.bar.set_position(0);
        match items {
            Some(count) => {
                self.bar.set_length(count);
                self.bar.set_message(stage.unit(self.lang));
            }
            None => self.bar.unset_length(),
        }
    }
    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn stage_line(stage: Stage, items: Option<u64>, lang: Lang) -> String {
    let head = format!(
        "[{}/{}] {}",
        stage.number(),
        Stage::COUNT,
        stage.label(lang)
    );
    let what = stage.unit(lang);
    match (items, lang) {
        (Some(count), Lang::Zh) => format!("{head}（{count} {what}）"),
        (Some(count), Lang::En) => format!("{head} ({count} {what})"),
        (None, _) => head,
    }
}

/// The progress display for `build`, in `lang`: a bar on a terminal, plain
/// lines in CI (`CI` set, as every CI service does) or when stderr is
/// redirected.
pub fn for_build(lang: Lang) -> Box<dyn Progress> {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
    if std::io::stderr().is_terminal() && !ci {
        Box::new(Bar::new(lang))
    } else {
        Box::new(Lines(lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_lines_name_the_stage_and_its_count() {
        assert_eq!(stage_line(Stage::Load, None, Lang::Zh), "[1/4] 读取内容");
        assert_eq!(
            stage_line(Stage::Render, Some(10_000), Lang::Zh),
            "[3/4] 生成页面（10000 篇公告）"
        );
        assert_eq!(
            stage_line(Stage::Write, Some(3), Lang::Zh),
            "[4/4] 写入文件（3 个文件）"
        );
        assert_eq!(
            stage_line(Stage::Load, None, Lang::En),
            "[1/4] reading content"
        );
        assert_eq!(
            stage_line(Stage::Render, Some(10_000), Lang::En),
            "[3/4] rendering pages (10000 notices)"
        );
        assert_eq!(
            stage_line(Stage::Write, Some(3), Lang::En),
            "[4/4] writing files (3 files)"
        );
    }
}
