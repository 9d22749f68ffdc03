//! Diagnostics in both languages for every code (issue 7): a corpus of
//! small sites that between them produce every diagnostic code, each
//! diagnostic with a Chinese message and an English one that has no
//! Chinese outside quoted content; `--lang` and the locale choose which one
//! is printed, in every format.

mod support;

use gongshi::diagnostics::Code;
use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Output};
use support::{assert_exit, json_diagnostics, Site};

/// A region of the basic fixture, for the elections.
const SANFANG: &str = "content/鼓楼区/东街街道/三坊社区";
/// A region of our own for the content cases.
const VILLAGE: &str = "content/鼓楼区/东街街道/测试村";

fn notice(fields: &str, body: &str) -> String {
    format!("+++\ntitle = \"测试公告\"\nkind = \"news\"\ndate = 2021-08-01\n{fields}+++\n{body}\n")
}

fn append_config(site: &Site, text: &str) {
    let config = site.read("site/config.toml");
    site.write("site/config.toml", &format!("{config}{text}"));
}

/// Problems in notices, data files, links and regions: everything that
/// loading, checking and rendering report side by side.
fn content_site() -> Site {
    let site = Site::copy_of("basic");
    let at = |name: &str| format!("{VILLAGE}/{name}");
    let write = |name: &str, text: &str| site.write(&at(name), text);
    write("_region.toml", "name = \"测试村\"\nkind = \"village\"\n");
    std::fs::write(
        site.path(&at("gs002.md")),
        b"+++\ntitle = \"\xff\"\nkind = \"news\"\ndate = 2021-08-01\n+++\n",
    )
    .unwrap();
    write("gs003.md", &notice("attachments = [\"big.pdf\"]\n", ""));
    std::fs::File::create(site.path(&at("big.pdf")))
        .unwrap()
        .set_len(1 << 40)
        .unwrap();
    write(
        "gs005.md",
        &format!(
            "+++\ntitle = \"{}\"\nkind = \"news\"\ndate = 2021-08-01\n+++\n",
            "长".repeat(600)
        ),
    );
    write("gs101.md", "# 没有头信息\n");
    write("gs102.md", "+++\ntitle = \"甲\"\nkind = 公告\n+++\n");
    write("gs103.md", "+++\nkind = \"news\"\ndate = 2021-08-01\n+++\n");
    write("gs104.md", &notice("draft = \"是\"\n", ""));
    write(
        "gs105.md",
        "+++\ntitle = \"甲\"\nkind = \"通知\"\ndate = 2021-08-01\n+++\n",
    );
    write(
        "gs106.md",
        "+++\ntitle = \"甲\"\nkind = \"news\"\ndate = \"2021年2月30日\"\n+++\n",
    );
    write("gs107.md", &notice("\"标题\" = \"多写的字段\"\n", ""));
    write("gs108.md", &notice("election = \"第十届\"\n", ""));
    write(
        "gs109.md",
        "+++\ntitle = \"更正\"\nkind = \"correction\"\ndate = 2021-08-01\nsupersedes = \"没有这篇.md\"\n+++\n",
    );
    write(
        "gs110.md",
        &notice("attachments = [\"没有的附件.pdf\"]\n", ""),
    );
    write(
        "gs111.md",
        &notice("", "\n{{ table(src=\"没有的表.csv\") }}\n"),
    );
    write("gs112a.md", &notice("slug = \"tong-yi-ge\"\n", ""));
    write("gs112b.md", &notice("slug = \"tong-yi-ge\"\n", ""));
    write(
        "gs113.md",
        &notice("attachments = [\"../../外面.pdf\"]\n", ""),
    );
    write("gs114.md", &notice("slug = \"！！！\"\n", ""));
    write("gs115.md", &notice("", "见[通知](没有的公告.md)。"));
    write(
        "gs116.md",
        &notice("", "## 小标题\n\n见[上文](#没有的小标题)。"),
    );
    write("sub/gs203.md", &notice("", "没有地区的公告。"));
    write("gs301.md", &notice("", "<p onclick=\"警告()\">点我</p>"));
    write("gs302.md", &notice("", "\n{{ 图表(src=\"a.csv\") }}\n"));
    write("gs303.md", &notice("", "\n{{ table(src=\"旧表.xls\") }}\n"));
    write("旧表.xls", "不是真的表格");
    write("gs304.md", &notice("", "\n{{ table(src=\"收支.csv\") }}\n"));
    write("收支.csv", "项目,金额\n办公费,1\n水电费,2\n合计,5\n");
    write("gs601.md", &notice("", "身份证号：11010519491231002X"));
    // A region file with a bad code and an election id used twice.
    let election = "[[elections]]\nid = \"换届\"\nbody = \"villagers-committee\"\nday = 2021-09-10\nseats = 5\nregistered = 10\ncast = 9\n";
    site.write(
        "content/鼓楼区/东街街道/坏村/_region.toml",
        &format!("name = \"坏村\"\nkind = \"village\"\ncode = \"一二三\"\n{election}{election}"),
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", site.path(&at("gs004.md"))).unwrap();
    site
}

/// Two elections of 三坊社区 that break every rule between them.
fn election_site() -> Site {
    let site = Site::copy_of("basic");
    std::fs::remove_dir_all(site.path(SANFANG)).unwrap();
    let election = |id: &str, day: &str, seats: u32, cast: u32| {
        format!("[[elections]]\nid = \"{id}\"\nbody = \"residents-committee\"\nday = {day}\nseats = {seats}\nregistered = 1000\ncast = {cast}\n")
    };
    site.write(
        &format!("{SANFANG}/_region.toml"),
        &format!(
            "name = \"三坊社区\"\nkind = \"community\"\n{}{}",
            election("2021", "2021-09-10", 3, 400),
            election("2024", "2024-09-10", 5, 800)
        ),
    );
    let notice = |file: &str, kind: &str, date: &str, fields: &str, body: &str| {
        site.write(
            &format!("{SANFANG}/{file}"),
            &format!("+++\ntitle = \"{file}\"\nkind = \"{kind}\"\ndate = {date}\n{fields}+++\n\n{body}\n"),
        );
    };
    let of = |id: &str| format!("election = \"{id}\"\n");
    notice(
        "a.md",
        "election-notice",
        "2021-08-30",
        &of("2021"),
        "选举公告。",
    );
    notice(
        "b.md",
        "voter-list",
        "2021-08-25",
        &of("2021"),
        "选民名单。",
    );
    notice(
        "c.md",
        "candidate-list",
        "2021-09-08",
        &of("2021"),
        "{{ table(src=\"c.csv\") }}",
    );
    site.write(
        &format!("{SANFANG}/c.csv"),
        "姓名,性别\n甲,男\n乙,男\n丙,男\n",
    );
    notice(
        "d.md",
        "result",
        "2021-09-14",
        &format!("{}valid_until = 2021-09-01\n", of("2021")),
        "{{ table(src=\"d.csv\") }}",
    );
    site.write(
        &format!("{SANFANG}/d.csv"),
        "姓名,性别,职务,得票,当选\n甲,男,主任,500,是\n乙,男,委员,150,是\n丙,男,委员,160,否\n丁,男,委员,若干,否\n",
    );
    notice(
        "e.md",
        "result",
        "2024-09-11",
        &of("2024"),
        "{{ table(src=\"e.csv\") }}",
    );
    site.write(
        &format!("{SANFANG}/e.csv"),
        "姓名,性别,职务,得票,当选\n甲,女,主任,500,是\n乙,男,委员,500,是\n丙,女,委员,500,是\n丁,男,委员,500,是\n戊,女,委员,500,是\n己,男,委员,500,是\n",
    );
    site
}

/// Every site of the corpus, by name.
fn corpus() -> Vec<(&'static str, Site)> {
    let config = Site::copy_of("basic");
    append_config(&config, "paginate = 0\n");
    let masked = Site::copy_of("basic");
    append_config(&masked, "pii = \"mask\"\n");
    masked.write(
        &format!("{SANFANG}/手机.md"),
        &notice("", "联系电话：13812345678"),
    );
    let unreadable_template = Site::copy_of("basic");
    std::fs::create_dir_all(unreadable_template.path("site/templates")).unwrap();
    std::fs::write(
        unreadable_template.path("site/templates/page.html"),
        b"\xff\xfe",
    )
    .unwrap();
    let broken_template = Site::copy_of("basic");
    broken_template.write("site/templates/page.html", "{% if %}坏模板{% endif %}");
    let broken_stylesheet = Site::copy_of("basic");
    append_config(&broken_stylesheet, "minify = true\n");
    broken_stylesheet.write(
        "site/static/本村.css",
        "p { color: red; }\np) { color: red; }\n",
    );
    vec![
        ("content", content_site()),
        ("elections", election_site()),
        ("config", config),
        ("pii mask", masked),
        ("unreadable template", unreadable_template),
        ("broken template", broken_template),
        ("broken stylesheet", broken_stylesheet),
    ]
}

/// `gongshi <args> --root <site>` with only `LANG=<lang>` for a locale.
fn run_in(site: &Site, args: &[&str], lang: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongshi"));
    cmd.args(args).arg("--root").arg(site.root());
    cmd.env("SOURCE_DATE_EPOCH", "1640966400");
    support::locale(&mut cmd, lang);
    cmd.output().expect("gongshi runs")
}

#[test]
fn every_code_has_a_message_in_both_languages() {
    let mut seen: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    for (name, site) in corpus() {
        let zh = run_in(&site, &["check", "--format", "json", "--lang", "zh"], "C");
        let en = run_in(&site, &["check", "--format", "json", "--lang", "en"], "C");
        // Errors, or warnings only (exit 0): never a usage error or a panic.
        for out in [&zh, &en] {
            assert!(matches!(out.status.code(), Some(0 | 1)), "{name}: {out:?}");
        }
        // Checked for both languages as they are read.
        let (zh, en) = (json_diagnostics(&zh), json_diagnostics(&en));
        assert_eq!(zh.len(), en.len(), "{name}");
        for (zh, en) in zh.iter().zip(&en) {
            assert_eq!(zh["message"], zh["message_zh"], "{name}: {zh}");
            assert_eq!(en["message"], en["message_en"], "{name}: {en}");
            assert_eq!(zh["message_en"], en["message_en"], "{name}");
            let code = zh["code"].as_str().unwrap().to_string();
            seen.entry(code).or_insert_with(|| zh.clone());
        }
    }
    let mut all: BTreeSet<&str> = Code::ALL.iter().map(|c| c.id()).collect();
    if cfg!(not(unix)) {
        all.remove("GS004"); // made with a symbolic link
    }
    let missing: Vec<&&str> = all.iter().filter(|id| !seen.contains_key(**id)).collect();
    assert!(
        missing.is_empty(),
        "codes the corpus does not produce: {missing:?}"
    );
    if std::env::var_os("GONGSHI_LANGUAGES_VERBOSE").is_some() {
        for d in seen.values() {
            println!(
                "{}\n  {}\n  {}",
                d["code"], d["message_zh"], d["message_en"]
            );
        }
    }
}

/// The human report of `check` in the chosen language: the severity, the
/// message, the help line and the summary, the quoted line the same.
#[test]
fn lang_flag_chooses_the_language_of_the_human_report() {
    let site = Site::copy_of("basic");
    site.write(
        &format!("{SANFANG}/a.md"),
        "+++\ntitle = \"甲\"\nkind = \"votes\"\ndate = 2021-08-01\n+++\n",
    );
    let zh = run_in(&site, &["check", "--lang", "zh"], "C");
    let en = run_in(&site, &["check", "--lang", "en"], "zh_CN.UTF-8");
    assert_exit(&zh, 1);
    assert_exit(&en, 1);
    let (zh, en) = (support::stderr(&zh), support::stderr(&en));
    for expected in [
        "错误[GS105]: 未知的公告类别 “votes”",
        "提示：可用的类别：announcement、election-notice",
        "kind = \"votes\"",
        "1 个错误，2 个警告",
    ] {
        assert!(zh.contains(expected), "{expected:?} in\n{zh}");
    }
    for expected in [
        "error[GS105]: unknown notice kind “votes”",
        "help: the kinds are: announcement, election-notice",
        "kind = \"votes\"",
        "1 error, 2 warnings",
    ] {
        assert!(en.contains(expected), "{expected:?} in\n{en}");
    }
    assert_ne!(zh, en);
    assert!(!en.contains("错误") && !en.contains("提示"), "{en}");

    // GitHub annotations: the runner's keyword, the message and help in
    // the language.
    let zh = run_in(&site, &["check", "--format", "github", "--lang", "zh"], "C");
    let en = run_in(&site, &["check", "--format", "github", "--lang", "en"], "C");
    let (zh, en) = (support::stdout(&zh), support::stdout(&en));
    assert!(
        zh.contains("title=GS105::未知的公告类别 “votes”%0A提示：可用的类别："),
        "{zh}"
    );
    assert!(
        en.contains("title=GS105::unknown notice kind “votes”%0Ahelp: the kinds are: "),
        "{en}"
    );
}

/// Without `--lang`, the locale decides: `LANG=zh_CN.UTF-8` gives Chinese,
/// `LANG=C` English, for diagnostics and for the lines `build` prints.
#[test]
fn the_locale_chooses_when_no_flag_is_given() {
    let site = Site::copy_of("basic");
    let zh = run_in(&site, &["build"], "zh_CN.UTF-8");
    let en = run_in(&site, &["build"], "C");
    assert_exit(&zh, 0);
    assert_exit(&en, 0);
    let (zh, en) = (support::stderr(&zh), support::stderr(&en));
    assert!(zh.contains("[1/4] 读取内容"), "{zh}");
    assert!(zh.contains("篇公告、"), "{zh}");
    assert!(en.contains("[1/4] reading content"), "{en}");
    assert!(en.contains("[3/4] rendering pages ("), "{en}");
    // The fixture's warnings quote its Chinese lines; the lines of the
    // build itself are English.
    let summary = en.lines().last().unwrap();
    assert!(
        summary.starts_with("Built 5 notices, 26 pages and 5 tables into ")
            && summary.contains("(1 draft not published, 2 warnings) in "),
        "{en}"
    );
    for line in en.lines().filter(|l| l.starts_with('[')) {
        assert!(support::chinese_outside_quotes(line).is_empty(), "{line}");
    }

    site.write(
        &format!("{SANFANG}/a.md"),
        "+++\ntitle = \"甲\"\nkind = \"news\"\n+++\n",
    );
    let zh = run_in(&site, &["check", "--format", "json"], "zh_CN.UTF-8");
    let en = run_in(&site, &["check", "--format", "json"], "C");
    let (zh, en) = (json_diagnostics(&zh), json_diagnostics(&en));
    assert_eq!(zh[0]["code"], "GS103");
    assert_eq!(zh[0]["message"], "缺少必填字段 date（发布日期）");
    assert_eq!(
        en[0]["message"],
        "the required field date (the publication date) is missing"
    );
    let human = support::stderr(&run_in(&site, &["check"], "C"));
    assert!(
        human.contains("error[GS103]: the required field date"),
        "{human}"
    );
    let human = support::stderr(&run_in(&site, &["check"], "zh_CN.UTF-8"));
    assert!(human.contains("错误[GS103]: 缺少必填字段 date"), "{human}");
    // LC_ALL before LANG, as POSIX has it.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongshi"));
    cmd.args(["check", "--root"]).arg(site.root());
    support::locale(&mut cmd, "zh_CN.UTF-8").env("LC_ALL", "C");
    let human = support::stderr(&cmd.output().unwrap());
    assert!(human.contains("error[GS103]"), "{human}");
}

/// Errors that stop a run (exit 2) are in the language too.
#[test]
fn fatal_errors_follow_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongshi"));
    cmd.args(["check", "--lang", "en", "--root"])
        .arg(dir.path());
    let out = cmd.output().unwrap();
    assert_exit(&out, 2);
    let text = support::stderr(&out);
    assert!(
        text.starts_with("error: cannot read the site configuration "),
        "{text}"
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongshi"));
    cmd.args(["check", "--lang", "zh", "--root"])
        .arg(dir.path());
    let text = support::stderr(&cmd.output().unwrap());
    assert!(text.starts_with("错误：无法读取站点配置 "), "{text}");
}
