//! The preview's rebuilds (`gongshi serve`): after every kind of edit, the
//! files served are the same, byte for byte, as a whole build of the edited
//! site, and so are the diagnostics; edits to notices are rebuilt
//! incrementally, anything else as a whole.

mod support;

use gongshi::output::{Contents, Output};
use gongshi::preview::Preview;
use gongshi::BuildOptions;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use support::copy_dir;

const FENGTAN_POWERS: &str = "content/rongnan/tangxia/fengtan/2021-xiaowei-quanli-qingdan.md";
const LONGJING_RESULT: &str = "content/rongnan/fengling/longjing/2021-xuanju-jieguo.md";
const LONGJING_RESULT_CSV: &str = "content/rongnan/fengling/longjing/2021-xuanju-jieguo.csv";
const LONGJING_DUTY: &str = "content/rongnan/fengling/longjing/2021-cunwu-jiandu-gongzuo.md";
const HOUYANG_CORRECTION: &str = "content/rongnan/tangxia/houyang/2021-houxuanren-gengzheng.md";

/// A copy of the demo site, served by a preview.
struct Previewed {
    dir: tempfile::TempDir,
    options: BuildOptions,
    preview: Preview,
    served: Output,
}

impl Previewed {
    fn demo() -> Previewed {
        let dir = tempfile::tempdir().unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for part in ["content", "site"] {
            copy_dir(&repo.join(part), &dir.path().join(part));
        }
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            base_url: Some("http://127.0.0.1:8000/".into()),
            build_date: None,
            drafts: false,
            minify: false,
        };
        let mut preview = Preview::new(options.clone());
        let first = preview.rebuild([]).unwrap();
        assert!(!first.incremental);
        let mut served = Output::new();
        first
            .update
            .expect("the demo site builds")
            .apply(&mut served);
        Previewed {
            dir,
            options,
            preview,
            served,
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Replaces `from` by `to` in a file (it must be there).
    fn replace(&self, relative: &str, from: &str, to: &str) -> PathBuf {
        let path = self.path(relative);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from:?} is not in {relative}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        path
    }

    /// Rebuilds after an edit to `changed`, the search index too; whether
    /// it was incremental, and whether it had something to serve.
    fn rebuild(&mut self, changed: &Path) -> Rebuild {
        let rebuilt = self.rebuild_pages(changed);
        self.refresh_search();
        rebuilt
    }

    /// Refreshes the search index as `serve` does once edits pause.
    fn refresh_search(&mut self) {
        if let Some(patch) = self.preview.refresh_search(&|| false).unwrap() {
            patch.apply(&mut self.served);
        }
    }

    /// Rebuilds the pages after an edit to `changed`, and checks the
    /// diagnostics against a whole build's.
    fn rebuild_pages(&mut self, changed: &Path) -> Rebuild {
        let rebuilt = self.preview.rebuild([changed.to_path_buf()]).unwrap();
        let served = rebuilt.update.is_some();
        if let Some(update) = rebuilt.update {
            update.apply(&mut self.served);
        }
        let diagnostics = rebuilt.diagnostics.into_sorted();
        let whole = gongshi::build_in_memory(&self.options).unwrap();
        assert_eq!(
            diagnostics,
            whole.diagnostics.into_sorted(),
            "the preview's diagnostics differ from a whole build's"
        );
        Rebuild {
            incremental: rebuilt.incremental,
            served,
        }
    }

    /// The served files equal a whole build's, byte for byte.
    fn assert_same_as_whole_build(&self) {
        let whole = gongshi::build_in_memory(&self.options).unwrap();
        assert!(whole.is_publishable());
        let (served, expected) = (files(&self.served), files(&whole.output));
        let differing: Vec<&String> = served
            .keys()
            .chain(expected.keys())
            .filter(|p| served.get(*p) != expected.get(*p))
            .collect();
        assert!(
            differing.is_empty(),
            "{} files differ from a whole build: {:?}",
            differing.len(),
            differing.iter().take(10).collect::<Vec<_>>()
        );
    }
}

#[derive(Debug, PartialEq)]
struct Rebuild {
    incremental: bool,
    served: bool,
}

const INCREMENTAL: Rebuild = Rebuild {
    incremental: true,
    served: true,
};

/// Path → bytes (or the file copied), comparable.
fn files(output: &Output) -> BTreeMap<String, Result<Vec<u8>, PathBuf>> {
    output
        .iter()
        .map(|(path, contents)| {
            let value = match contents {
                Contents::Bytes(bytes) => Ok(bytes.clone()),
                Contents::Copy(source) => Err(source.clone()),
                Contents::Spilled(_) => panic!("the preview keeps pages in memory"),
            };
            (path.clone(), value)
        })
        .collect()
}

#[test]
fn an_edited_body_is_rebuilt_incrementally() {
    let mut site = Previewed::demo();
    let path = site.replace(
        FENGTAN_POWERS,
        "适用于村级发展规划",
        "适用于村级发展规划和村庄建设",
    );
    assert_eq!(site.rebuild(&path), INCREMENTAL);
    site.assert_same_as_whole_build();
}

#[test]
fn a_new_title_reaches_every_listing() {
    let mut site = Previewed::demo();
    let path = site.replace(LONGJING_DUTY, "title: \"", "title: \"（修订）");
    assert_eq!(site.rebuild(&path), INCREMENTAL);
    site.assert_same_as_whole_build();
}

#[test]
fn an_edit_waiting_stops_the_search_index_until_the_next_pause() {
    let mut site = Previewed::demo();
    let path = site.replace(LONGJING_DUTY, "title: \"", "title: \"（修订）");
    assert_eq!(site.rebuild_pages(&path), INCREMENTAL);
    // Stopped before any run of notices, and after they are indexed.
    assert!(site.preview.refresh_search(&|| true).is_err());
    let asked = AtomicUsize::new(0);
    let after_the_first = || asked.fetch_add(1, Ordering::SeqCst) > 0;
    assert!(site.preview.refresh_search(&after_the_first).is_err());
    // The next pause makes it, as a whole build would: what was stopped
    // left nothing half made.
    site.refresh_search();
    site.assert_same_as_whole_build();
    assert!(matches!(site.preview.refresh_search(&|| true), Ok(None)));
}

#[test]
fn a_new_date_moves_the_notice_among_its_neighbours() {
    let mut site = Previewed::demo();
    let path = site.replace(LONGJING_DUTY, "date: 2021-12-20", "date: 2018-01-15");
    assert_eq!(site.rebuild(&path), INCREMENTAL);
    site.assert_same_as_whole_build();
}

#[test]
fn a_new_kind_moves_the_notice_between_listings() {
    let mut site = Previewed::demo();
    let text = std::fs::read_to_string(site.path(FENGTAN_POWERS)).unwrap();
    assert!(text.contains("kind = \"power-list\""));
    let path = site.replace(
        FENGTAN_POWERS,
        "kind = \"power-list\"",
        "kind = \"affairs\"",
    );
    let rebuilt = site.rebuild(&path);
    assert!(rebuilt.incremental);
    if rebuilt.served {
        site.assert_same_as_whole_build();
    }
}

#[test]
fn edited_results_reach_the_election_page_and_the_statistics() {
    let mut site = Previewed::demo();
    let csv = site.replace(
        LONGJING_RESULT_CSV,
        "池水生,男,44,大专,主任,965",
        "池水生,男,44,大专,主任,966",
    );
    assert_eq!(site.rebuild(&csv), INCREMENTAL);
    site.assert_same_as_whole_build();
    let body = site.replace(LONGJING_RESULT, "主任：池水生965票", "主任：池水生966票");
    assert_eq!(site.rebuild(&body), INCREMENTAL);
    site.assert_same_as_whole_build();
}

#[test]
fn a_table_taken_out_takes_its_downloads_with_it() {
    let mut site = Previewed::demo();
    let path = site.replace(
        LONGJING_RESULT,
        "{{ table(src=\"2021-xuanju-jieguo.csv\", caption=\"龙井村第十二届村民委员会选举结果\") }}",
        "",
    );
    assert_eq!(site.rebuild(&path), INCREMENTAL);
    site.assert_same_as_whole_build();
}

#[test]
fn an_edited_correction_reaches_what_it_corrects() {
    let mut site = Previewed::demo();
    let path = site.replace(HOUYANG_CORRECTION, "title = \"", "title = \"再次");
    assert_eq!(site.rebuild(&path), INCREMENTAL);
    site.assert_same_as_whole_build();
}

#[test]
fn an_edited_attachment_changes_its_notice() {
    let mut site = Previewed::demo();
    let pdf = site.path("content/rongnan/tangxia/fengtan/xiaowei-quanli-liuchengtu.pdf");
    let mut bytes = std::fs::read(&pdf).unwrap();
    bytes.extend(std::iter::repeat_n(b' ', 4096));
    std::fs::write(&pdf, bytes).unwrap();
    assert_eq!(site.rebuild(&pdf), INCREMENTAL);
    site.assert_same_as_whole_build();
}

#[test]
fn errors_hold_the_changes_back_until_they_are_fixed() {
    let mut site = Previewed::demo();
    // A link to a notice that is not there: an error, found incrementally.
    let link = site.replace(
        FENGTAN_POWERS,
        "适用于村级发展规划",
        "适用于[村级发展规划](buzai.md)",
    );
    let rebuilt = site.rebuild(&link);
    assert_eq!(
        rebuilt,
        Rebuild {
            incremental: true,
            served: false
        }
    );
    // Another edit meanwhile is kept too.
    let title = site.replace(LONGJING_DUTY, "title: \"", "title: \"（修订）");
    assert!(!site.rebuild(&title).served);
    site.replace(FENGTAN_POWERS, "[村级发展规划](buzai.md)", "村级发展规划");
    assert_eq!(site.rebuild(&link), INCREMENTAL);
    site.assert_same_as_whole_build();
}

#[test]
fn a_notice_that_no_longer_loads_is_judged_by_a_whole_build() {
    let mut site = Previewed::demo();
    let path = site.replace(LONGJING_DUTY, "date: 2021-12-20", "date: 不是日期");
    assert_eq!(
        site.rebuild(&path),
        Rebuild {
            incremental: false,
            served: false
        }
    );
    site.replace(LONGJING_DUTY, "date: 不是日期", "date: 2021-12-20");
    // Back from the last good build and the files changed since.
    assert_eq!(site.rebuild(&path), INCREMENTAL);
    site.assert_same_as_whole_build();
}

#[test]
fn new_notices_regions_and_templates_need_a_whole_build() {
    let mut site = Previewed::demo();
    let notice = site.path("content/rongnan/fengling/longjing/2021-xin-gonggao.md");
    std::fs::write(
        &notice,
        "+++\ntitle = \"新公告\"\nkind = \"affairs\"\ndate = 2021-12-01\n+++\n\n正文。\n",
    )
    .unwrap();
    assert_eq!(
        site.rebuild(&notice),
        Rebuild {
            incremental: false,
            served: true
        }
    );
    site.assert_same_as_whole_build();
    let region = site.replace(
        "content/rongnan/fengling/longjing/_region.toml",
        "name = \"",
        "name = \"新",
    );
    assert!(!site.rebuild(&region).incremental);
    site.assert_same_as_whole_build();
    std::fs::remove_file(&notice).unwrap();
    assert!(!site.rebuild(&notice).incremental);
    site.assert_same_as_whole_build();
}

#[test]
fn a_newer_date_than_any_changes_the_build_date_and_every_page() {
    let mut site = Previewed::demo();
    let path = site.replace(LONGJING_DUTY, "date: 2021-12-20", "date: 2023-03-01");
    assert_eq!(
        site.rebuild(&path),
        Rebuild {
            incremental: false,
            served: true
        }
    );
    site.assert_same_as_whole_build();
}

#[test]
fn files_no_notice_uses_change_nothing() {
    let mut site = Previewed::demo();
    let swap = site.path("content/rongnan/fengling/longjing/.2021-xuanju-jieguo.md.swp");
    std::fs::write(&swap, "editor state").unwrap();
    let rebuilt = site.rebuild(&swap);
    assert!(rebuilt.incremental);
    std::fs::remove_file(&swap).unwrap();
    assert!(site.rebuild(&swap).incremental);
    site.assert_same_as_whole_build();
}
