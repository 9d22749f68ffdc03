//! Every content error of issue 2 is reported with its code, file, line and
//! column, all of them in one run, and a failed build leaves the previous
//! output exactly as it was.

mod support;

use support::{assert_exit, json_diagnostics, Site};

const DIR: &str = "content/鼓楼区/东街街道/三坊社区";

/// Adds `text` as a notice and returns the JSON diagnostics of `check`.
fn check_with(file: &str, text: &str) -> (Site, Vec<serde_json::Value>) {
    let site = Site::copy_of("basic");
    site.write(&format!("{DIR}/{file}"), text);
    let out = site.run(&["check", "--format", "json"]);
    assert_exit(&out, 1);
    let diagnostics = json_diagnostics(&out);
    (site, diagnostics)
}

fn find<'a>(diagnostics: &'a [serde_json::Value], code: &str) -> &'a serde_json::Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diagnostics:#?}"))
}

fn assert_at(d: &serde_json::Value, file: &str, line: u64, column: u64) {
    assert_eq!(d["severity"], "error", "{d}");
    assert_eq!(d["file"], format!("{DIR}/{file}"), "{d}");
    assert_eq!(d["line"], line, "{d}");
    assert_eq!(d["column"], column, "{d}");
    assert!(!d["message"].as_str().unwrap().is_empty());
}

#[test]
fn malformed_front_matter() {
    let (_, d) = check_with(
        "a.md",
        "+++\ntitle = \"甲\"\nkind = announcement\ndate = 2021-09-01\n+++\n",
    );
    assert_at(find(&d, "GS102"), "a.md", 3, 8);
}

#[test]
fn missing_front_matter() {
    let (_, d) = check_with("a.md", "# 没有头信息\n");
    assert_at(find(&d, "GS101"), "a.md", 1, 1);
}

#[test]
fn unknown_kind() {
    let (_, d) = check_with(
        "a.md",
        "+++\ntitle = \"甲\"\nkind = \"notice\"\ndate = 2021-09-01\n+++\n",
    );
    assert_at(find(&d, "GS105"), "a.md", 3, 1);
}

#[test]
fn missing_required_field() {
    let (_, d) = check_with("a.md", "---\nkind: news\ndate: 2021-09-01\n---\n");
    let missing = find(&d, "GS103");
    assert_at(missing, "a.md", 2, 1);
    assert!(missing["message"].as_str().unwrap().contains("title"));
}

#[test]
fn bad_date() {
    let (_, d) = check_with(
        "a.md",
        "+++\ntitle = \"甲\"\nkind = \"news\"\n  date = \"2021-02-30\"\n+++\n",
    );
    assert_at(find(&d, "GS106"), "a.md", 4, 3);
}

#[test]
fn election_that_points_nowhere() {
    let (_, d) = check_with(
        "a.md",
        "+++\ntitle = \"甲\"\nkind = \"voter-list\"\ndate = 2021-08-01\nelection = \"2024\"\n+++\n",
    );
    assert_at(find(&d, "GS108"), "a.md", 5, 1);
}

#[test]
fn supersedes_that_points_nowhere() {
    let (_, d) = check_with(
        "a.md",
        "+++\ntitle = \"甲\"\nkind = \"correction\"\ndate = 2021-08-01\nsupersedes = \"鼓楼区/没有.md\"\n+++\n",
    );
    assert_at(find(&d, "GS109"), "a.md", 5, 1);
}

#[test]
fn missing_attachment() {
    let (_, d) = check_with(
        "a.md",
        "+++\ntitle = \"甲\"\nkind = \"news\"\ndate = 2021-08-01\nattachments = [\"没有.pdf\"]\n+++\n",
    );
    assert_at(find(&d, "GS110"), "a.md", 5, 1);
}

#[test]
fn attachment_path_traversal_is_refused() {
    let (_, d) = check_with(
        "a.md",
        "+++\ntitle = \"甲\"\nkind = \"news\"\ndate = 2021-08-01\nattachments = [\"../../../../site/config.toml\"]\nslug = \"../../etc\"\n+++\n",
    );
    let unsafe_paths: Vec<_> = d.iter().filter(|x| x["code"] == "GS113").collect();
    assert!(!unsafe_paths.is_empty(), "{d:#?}");
}

#[test]
fn missing_data_file() {
    let (_, d) = check_with(
        "a.md",
        "+++\ntitle = \"甲\"\nkind = \"news\"\ndate = 2021-08-01\n+++\n\n正文第一段。\n\n{{ table(src=\"没有.csv\") }}\n",
    );
    assert_at(find(&d, "GS111"), "a.md", 9, 1);
}

#[test]
fn ragged_data_file_names_its_row() {
    let site = Site::copy_of("basic");
    site.write(&format!("{DIR}/results.csv"), "姓名,得票\n甲,1\n乙\n");
    let out = site.run(&["check", "--format", "json"]);
    assert_exit(&out, 1);
    let d = json_diagnostics(&out);
    let bad = find(&d, "GS303");
    assert_eq!(bad["file"], format!("{DIR}/results.csv"));
    assert_eq!(bad["line"], 3);
}

#[test]
fn two_notices_with_the_same_url() {
    let (_, d) = check_with(
        "xuan-ju-jie-guo.md",
        "+++\ntitle = \"甲\"\nkind = \"news\"\ndate = 2021-08-01\n+++\n",
    );
    let collision = find(&d, "GS112");
    let message = collision["message"].as_str().unwrap();
    assert!(
        message.contains("选举结果.md") && message.contains("xuan-ju-jie-guo.md"),
        "{message}"
    );
}

#[test]
fn raw_html_removal_is_a_warning_with_its_line() {
    let site = Site::copy_of("basic");
    let out = site.run(&["check", "--format", "json"]);
    assert_exit(&out, 0);
    let d = json_diagnostics(&out);
    let removed = d.iter().find(|x| x["code"] == "GS301").expect("warning");
    assert_eq!(removed["severity"], "warning");
    assert_eq!(removed["file"], format!("{DIR}/选举结果.md"));
    assert_eq!(removed["line"], 13);
    assert!(removed["message"].as_str().unwrap().contains("onclick"));
}

#[test]
fn every_error_of_the_run_is_reported() {
    let site = Site::copy_of("basic");
    site.write(
        &format!("{DIR}/a.md"),
        "+++\nkind = \"notice\"\ndate = 2021-08-01\n+++\n",
    );
    site.write(
        &format!("{DIR}/b.md"),
        "+++\ntitle = \"乙\"\nkind = \"news\"\ndate = \"昨天\"\n+++\n",
    );
    site.write(
        "content/鼓楼区/_region.toml",
        "name = \"鼓楼区\"\nkind = \"district\"\n",
    );
    let out = site.run(&["check", "--format", "json"]);
    assert_exit(&out, 1);
    let codes: Vec<String> = json_diagnostics(&out)
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    for code in ["GS103", "GS105", "GS106", "GS201"] {
        assert!(codes.contains(&code.to_string()), "{code} in {codes:?}");
    }
}

#[test]
fn github_format_is_workflow_commands() {
    let site = Site::copy_of("basic");
    site.write(
        &format!("{DIR}/a.md"),
        "+++\ntitle = \"甲\"\nkind = \"notice\"\ndate = 2021-08-01\n+++\n",
    );
    let out = site.run(&["check", "--format", "github"]);
    assert_exit(&out, 1);
    let text = support::stdout(&out);
    assert!(
        text.contains(&format!(
            "::error file={DIR}/a.md,line=3,col=1,title=GS105::"
        )),
        "{text}"
    );
    assert!(text.contains("::warning file="), "warnings too: {text}");
}

#[test]
fn human_format_shows_the_offending_line() {
    let site = Site::copy_of("basic");
    site.write(
        &format!("{DIR}/a.md"),
        "+++\ntitle = \"甲\"\nkind = \"notice\"\ndate = 2021-08-01\n+++\n",
    );
    let out = site.run(&["check"]);
    assert_exit(&out, 1);
    let text = support::stderr(&out);
    // The locale of the tests is Chinese: the severity is too.
    assert!(text.contains("错误[GS105]"), "{text}");
    assert!(
        text.contains("kind = \"notice\""),
        "source line quoted: {text}"
    );
    assert!(text.contains(&format!("{DIR}/a.md:3:1")), "{text}");
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = Site::copy_of("basic");
    assert_exit(&site.build(&[]), 0);
    let before = support::tree(&site.path("public"));
    site.write(
        &format!("{DIR}/a.md"),
        "+++\ntitle = \"甲\"\nkind = \"news\"\n+++\n",
    );
    let out = site.build(&[]);
    assert_exit(&out, 1);
    assert_eq!(support::tree(&site.path("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("gongshi-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn two_builds_are_byte_identical() {
    let a = Site::copy_of("basic");
    let b = Site::copy_of("basic");
    assert_exit(&a.build(&[]), 0);
    assert_exit(&b.build(&[]), 0);
    let (ta, tb) = (
        support::tree(&a.path("public")),
        support::tree(&b.path("public")),
    );
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(tb[path] == *bytes, "{path} differs");
    }
}

#[test]
fn usage_and_io_errors_exit_2() {
    let missing = support::gongshi(&["build"], Some(std::path::Path::new("/nonexistent/site")));
    assert_exit(&missing, 2);
    assert_exit(&support::gongshi(&["explain", "GS999"], None), 2);
    let explained = support::gongshi(&["explain", "gs105"], None);
    assert_exit(&explained, 0);
    assert!(support::stdout(&explained).contains("kind"));
}

#[test]
fn shortcode_inside_a_paragraph_is_an_error() {
    let (_, d) = check_with(
        "a.md",
        "+++\ntitle = \"甲\"\nkind = \"news\"\ndate = 2021-08-01\n+++\n结果如下：\n{{ table(src=\"results.csv\") }}\n",
    );
    assert_at(find(&d, "GS302"), "a.md", 7, 1);
}

#[test]
fn a_broken_region_file_is_reported_once_not_per_notice() {
    let site = Site::copy_of("basic");
    site.write(
        &format!("{DIR}/_region.toml"),
        "name = \"三坊社区\"\nkind = \"community\"\n[[elections]]\nid = \"2021\"\n",
    );
    let out = site.run(&["check", "--format", "json"]);
    assert_exit(&out, 1);
    let d = json_diagnostics(&out);
    let errors: Vec<_> = d.iter().filter(|x| x["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["code"], "GS201");
}
