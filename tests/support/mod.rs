//! Helpers shared by the end-to-end tests: copies of fixture sites in
//! temporary folders, running the `gongshi` binary, reading output trees.
#![allow(dead_code)] // each test file uses its own subset

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

/// A fresh copy of a fixture site, deleted when dropped.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn copy_of(fixture_name: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture(fixture_name), dir.path());
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    pub fn write(&self, relative: &str, text: &str) {
        let p = self.path(relative);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// The published name of a theme file of the built site, such as
    /// `_gongshi/table.1f0c9a7e52.js` for `table.js` (names carry a hash of
    /// the content).
    pub fn theme_file(&self, name: &str) -> String {
        let (stem, ext) = name.rsplit_once('.').unwrap();
        let dir = self.path("public/_gongshi");
        let found: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|f| {
                f.strip_prefix(&format!("{stem}."))
                    .and_then(|rest| rest.strip_suffix(&format!(".{ext}")))
                    .is_some_and(|hash| {
                        hash.len() == 10 && hash.bytes().all(|b| b.is_ascii_hexdigit())
                    })
            })
            .collect();
        assert_eq!(found.len(), 1, "{name} in {}: {found:?}", dir.display());
        format!("_gongshi/{}", found[0])
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    /// `gongshi <args> --root <site>` with a fixed build date.
    pub fn run(&self, args: &[&str]) -> Output {
        gongshi(args, Some(self.root()))
    }

    /// `gongshi verify --site <site>/public <extra>`.
    pub fn verify(&self, extra: &[&str]) -> Output {
        let public = self.path("public");
        let mut args = vec!["verify", "--site", public.to_str().unwrap()];
        args.extend_from_slice(extra);
        gongshi(&args, None)
    }

    pub fn build(&self, extra: &[&str]) -> Output {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        self.run(&args)
    }
}

/// `gongshi <args> [--root <root>]` in a Chinese locale (the tests read
/// its Chinese messages), with a fixed build date.
pub fn gongshi(args: &[&str], root: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongshi"));
    cmd.args(args);
    if let Some(root) = root {
        cmd.arg("--root").arg(root);
    }
    cmd.env("SOURCE_DATE_EPOCH", "1640966400"); // 2022-01-01 in China
    locale(&mut cmd, "zh_CN.UTF-8");
    cmd.output().expect("gongshi runs")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "exit code\nstdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
}

/// Runs `cmd` with `LANG` set to `lang` and no other locale variable, so
/// that the language of its messages does not depend on who runs the tests.
pub fn locale<'c>(cmd: &'c mut Command, lang: &str) -> &'c mut Command {
    for name in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        cmd.env_remove(name);
    }
    cmd.env("LANG", lang)
}

/// Whether `c` is a Han character, or CJK or full-width punctuation (`，`,
/// `（`, `：`): what English text has only inside quoted content.
pub fn is_chinese(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
        // 「」 are quotes themselves.
        && !matches!(c, '「' | '」')
}

/// The Chinese characters of `text` outside quoted content: inside “…”,
/// 「…」 or `…` is what an editor wrote (a title, a field value, a file
/// name), quoted as written in either language; so is a line of source
/// quoted the way template errors quote it (`1 | {% if %}…`).
pub fn chinese_outside_quotes(text: &str) -> String {
    let mut closing: Option<char> = None;
    let mut found = String::new();
    let quoted_source = |line: &str| {
        let line = line
            .trim_start()
            .trim_start_matches(|c: char| c.is_ascii_digit());
        line.trim_start().starts_with('|')
    };
    let text: Vec<&str> = text.lines().filter(|l| !quoted_source(l)).collect();
    for c in text.join("\n").chars() {
        match closing {
            Some(end) if c == end => closing = None,
            Some(_) => {}
            None => match c {
                '“' => closing = Some('”'),
                '「' => closing = Some('」'),
                '`' => closing = Some('`'),
                c if is_chinese(c) => found.push(c),
                _ => {}
            },
        }
    }
    found
}

/// A diagnostic of `--format json` has its message in both languages: a
/// Chinese one that is not empty, and an English one with no Chinese but in
/// quoted content; `message` is one of them.
pub fn assert_bilingual(d: &serde_json::Value) {
    if let Some(problem) = bilingual_problem(d) {
        panic!("{problem}");
    }
}

/// What keeps `d` from being in both languages, if anything (see
/// [`assert_bilingual`]).
pub fn bilingual_problem(d: &serde_json::Value) -> Option<String> {
    let (Some(zh), Some(en)) = (d["message_zh"].as_str(), d["message_en"].as_str()) else {
        return Some(format!("no message_zh or message_en: {d}"));
    };
    if zh.trim().is_empty() || en.trim().is_empty() {
        return Some(format!("a message is empty: {d}"));
    }
    let stray = chinese_outside_quotes(en);
    if !stray.is_empty() {
        return Some(format!(
            "Chinese {stray:?} outside quotes in the English message of {}: {en}",
            d["code"]
        ));
    }
    if d["message"] != zh && d["message"] != en {
        return Some(format!("message is neither language: {d}"));
    }
    None
}

/// `--format json` lines as values, each checked to be in both languages
/// ([`assert_bilingual`]).
pub fn json_diagnostics(output: &Output) -> Vec<serde_json::Value> {
    let diagnostics: Vec<serde_json::Value> = stdout(output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect();
    diagnostics.iter().for_each(assert_bilingual);
    diagnostics
}
