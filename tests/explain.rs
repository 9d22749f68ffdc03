//! `gongshi explain`: the long explanation of a code in Chinese or English,
//! chosen by `--lang` or by the locale.

mod support;

use std::process::{Command, Output};
use support::{assert_exit, stderr, stdout};

/// `gongshi <args>` with only the given locale variables set.
fn explain(args: &[&str], locale: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongshi"));
    cmd.arg("explain").args(args);
    for name in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        cmd.env_remove(name);
    }
    for (name, value) in locale {
        cmd.env(name, value);
    }
    cmd.output().expect("gongshi runs")
}

fn has_han(text: &str) -> bool {
    text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

fn assert_chinese(output: &Output) {
    assert_exit(output, 0);
    let text = stdout(output);
    assert!(text.starts_with("GS103（错误）：缺少必填字段\n"), "{text}");
    for label in ["\n意思\n", "\n例子\n", "\n怎么改\n"] {
        assert!(text.contains(label), "{label:?} in\n{text}");
    }
    assert!(text.contains("每篇公告必须有 title"), "{text}");
    // The example: a front matter without title.
    assert!(text.contains("    kind = \"announcement\"\n"), "{text}");
}

fn assert_english(output: &Output) {
    assert_exit(output, 0);
    let text = stdout(output);
    assert!(
        text.starts_with("GS103 (error): Required field missing\n"),
        "{text}"
    );
    for label in ["\nMeaning\n", "\nExample\n", "\nFix\n"] {
        assert!(text.contains(label), "{label:?} in\n{text}");
    }
    assert!(text.contains("Every notice must have title"), "{text}");
    assert!(text.contains("    kind = \"announcement\"\n"), "{text}");
    assert!(!has_han(&text), "Chinese in the English text:\n{text}");
}

#[test]
fn lang_flag_chooses_the_language() {
    assert_english(&explain(
        &["GS103", "--lang", "en"],
        &[("LANG", "zh_CN.UTF-8")],
    ));
    assert_chinese(&explain(&["GS103", "--lang", "zh"], &[("LANG", "C")]));
    // Either side of the code, and any case.
    assert_english(&explain(&["--lang", "en", "gs103"], &[]));
}

#[test]
fn locale_chooses_the_language_without_the_flag() {
    assert_chinese(&explain(&["GS103"], &[("LANG", "zh_CN.UTF-8")]));
    assert_english(&explain(&["GS103"], &[("LANG", "C")]));
    assert_english(&explain(&["GS103"], &[]));
    // LC_ALL comes first, then LC_MESSAGES, then LANG.
    assert_english(&explain(
        &["GS103"],
        &[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")],
    ));
    assert_chinese(&explain(
        &["GS103"],
        &[("LC_MESSAGES", "zh_CN.UTF-8"), ("LANG", "en_US.UTF-8")],
    ));
}

#[test]
fn warnings_say_so() {
    let zh = explain(&["gs203", "--lang", "zh"], &[]);
    assert_exit(&zh, 0);
    assert!(
        stdout(&zh).starts_with("GS203（警告）："),
        "{}",
        stdout(&zh)
    );
    let en = explain(&["gs203", "--lang", "en"], &[]);
    assert_exit(&en, 0);
    assert!(
        stdout(&en).starts_with("GS203 (warning): "),
        "{}",
        stdout(&en)
    );
}

#[test]
fn unknown_code_exits_2_in_the_chosen_language() {
    let en = explain(&["GS999", "--lang", "en"], &[]);
    assert_exit(&en, 2);
    assert!(stdout(&en).is_empty());
    let message = stderr(&en);
    assert!(
        message.contains("GS999") && message.contains("GS103"),
        "{message}"
    );
    assert!(message.contains("--list"), "{message}");
    assert!(!has_han(&message), "{message}");

    let zh = explain(&["nonsense"], &[("LANG", "zh_CN.UTF-8")]);
    assert_exit(&zh, 2);
    let message = stderr(&zh);
    assert!(
        message.starts_with("错误：没有诊断代码 “nonsense”；代码形如 GS103"),
        "{message}"
    );
}

#[test]
fn bad_usage_exits_2() {
    // No code and no --list, or a language we do not have.
    assert_exit(&explain(&[], &[]), 2);
    assert_exit(&explain(&["GS103", "--lang", "fr"], &[]), 2);
}

#[test]
fn list_shows_every_code_with_its_title() {
    let en = explain(&["--list", "--lang", "en"], &[]);
    assert_exit(&en, 0);
    let text = stdout(&en);
    assert!(text.lines().count() >= 40, "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("GS103  error") && l.ends_with("Required field missing")),
        "{text}"
    );
    assert!(!has_han(&text), "{text}");

    let zh = explain(&["--list", "--lang", "zh"], &[]);
    assert_exit(&zh, 0);
    assert!(
        stdout(&zh).contains("GS203  警告  公告不属于任何地区\n"),
        "{}",
        stdout(&zh)
    );
}
