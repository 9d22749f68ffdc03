//! Links in notice bodies: `.md` links become page links, and every
//! internal link, image and anchor must resolve (GS115, GS116).

mod support;

use support::{assert_exit, json_diagnostics, Site};

const DIR: &str = "content/鼓楼区/东街街道/三坊社区";

fn site_with(body: &str) -> Site {
    let site = Site::copy_of("basic");
    site.write(
        &format!("{DIR}/链接.md"),
        &format!("+++\ntitle = \"链接\"\nkind = \"news\"\ndate = 2021-10-01\nattachments = [\"明细 表.pdf\"]\n+++\n\n## 第一节\n\n{body}\n"),
    );
    site
}

fn link_diagnostics(site: &Site) -> Vec<serde_json::Value> {
    json_diagnostics(&site.run(&["check", "--format", "json"]))
        .into_iter()
        .filter(|d| d["code"] == "GS115" || d["code"] == "GS116")
        .collect()
}

#[test]
fn working_links_pass_and_md_links_become_page_links() {
    let site = site_with(
        "见[选举结果](选举结果.md#fn-1)、[本节](#di-yi-jie)、[附件](明细%20表.pdf)、[上级](../)、[首页](/)、[全市](../../../全市通知.md)、[外部](https://example.org/x)。",
    );
    assert_eq!(link_diagnostics(&site), Vec::<serde_json::Value>::new());
    assert_exit(&site.build(&[]), 0);
    let page = site.read("public/gu-lou-qu/dong-jie-jie-dao/san-fang-she-qu/lian-jie/index.html");
    assert!(
        page.contains("href=\"/gu-lou-qu/dong-jie-jie-dao/san-fang-she-qu/xuan-ju-jie-guo/#fn-1\""),
        "{page}"
    );
    assert!(page.contains("href=\"/quan-shi-tong-zhi/\""));
}

#[test]
fn broken_links_images_and_anchors_name_their_line() {
    let site = site_with("[没有](不存在.md)\n\n![图](照片.jpg)\n\n[锚点](#没有这一节)\n\n[别处](选举结果.md#nowhere)");
    let d = link_diagnostics(&site);
    assert_eq!(d.len(), 4, "{d:#?}");
    let lines: Vec<u64> = d.iter().map(|x| x["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [10, 12, 14, 16]);
    assert_eq!(d[0]["code"], "GS115");
    assert!(d[1]["message"].as_str().unwrap().contains("图片"));
    assert_eq!(d[2]["code"], "GS116");
    assert_eq!(d[3]["code"], "GS116");
}

#[test]
fn absolute_links_must_carry_the_sub_path() {
    let site = site_with("[首页](/gu-lou-qu/)");
    let out = site.run(&[
        "check",
        "--format",
        "json",
        "--base-url",
        "https://example.org/cunwu/",
    ]);
    let d: Vec<_> = json_diagnostics(&out)
        .into_iter()
        .filter(|d| d["code"] == "GS115")
        .collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0]["message"].as_str().unwrap().contains("/cunwu/"));
    let site = site_with("[首页](/cunwu/gu-lou-qu/)");
    let out = site.run(&[
        "check",
        "--format",
        "json",
        "--base-url",
        "https://example.org/cunwu/",
    ]);
    assert!(json_diagnostics(&out).iter().all(|d| d["code"] != "GS115"));
}
