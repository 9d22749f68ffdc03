//! `gongshi verify`: a clean site passes; a changed byte, a removed notice,
//! an added notice and an edited manifest are each reported.

mod support;

use support::{assert_exit, stdout, Site};

const COMMUNITY: &str = "gu-lou-qu/dong-jie-jie-dao/san-fang-she-qu/";

fn built() -> Site {
    let site = Site::copy_of("basic");
    assert_exit(&site.build(&[]), 0);
    site
}

fn manifest(site: &Site) -> serde_json::Value {
    serde_json::from_str(&site.read("public/disclosures.json")).unwrap()
}

#[test]
fn a_clean_site_passes_and_prints_its_chain_digest() {
    let site = built();
    let out = site.verify(&[]);
    assert_exit(&out, 0);
    let chain = manifest(&site)["chain_sha256"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(chain.len(), 64);
    assert!(String::from_utf8_lossy(&out.stderr).contains(&chain));
}

#[test]
fn one_changed_byte_in_a_page() {
    let site = built();
    let page = site.path(&format!("public/{COMMUNITY}xuan-ju-jie-guo/index.html"));
    let mut bytes = std::fs::read(&page).unwrap();
    let last = bytes.len() - 2;
    bytes[last] ^= 1;
    std::fs::write(&page, bytes).unwrap();
    let out = site.verify(&[]);
    assert_exit(&out, 1);
    assert!(stdout(&out).contains("已改动") && stdout(&out).contains("xuan-ju-jie-guo"));
}

#[test]
fn a_removed_notice() {
    let site = built();
    std::fs::remove_dir_all(site.path(&format!("public/{COMMUNITY}geng-zheng-gong-gao"))).unwrap();
    let out = site.verify(&[]);
    assert_exit(&out, 1);
    assert!(stdout(&out).contains("缺失") && stdout(&out).contains("geng-zheng-gong-gao"));
}

#[test]
fn a_notice_added_in_another_copy() {
    let ours = built();
    let theirs = Site::copy_of("basic");
    theirs.write(
        "content/鼓楼区/东街街道/三坊社区/补充公告.md",
        "+++\ntitle = \"补充公告\"\nkind = \"news\"\ndate = 2021-10-01\n+++\n\n新增。\n",
    );
    assert_exit(&theirs.build(&[]), 0);
    let other = theirs.path("public");
    let out = ours.verify(&["--against", other.to_str().unwrap()]);
    assert_exit(&out, 1);
    let report = stdout(&out);
    assert!(report.contains("bu-chong-gong-gao"), "{report}");
    assert!(report.contains("链式校验值"), "{report}");
}

#[test]
fn an_edited_manifest() {
    let site = built();
    let mut m = manifest(&site);
    // Someone hides a tampered page by editing its recorded hash.
    m["notices"][0]["page_sha256"] = serde_json::json!("0".repeat(64));
    site.write(
        "public/disclosures.json",
        &serde_json::to_string_pretty(&m).unwrap(),
    );
    let out = site.verify(&[]);
    assert_exit(&out, 1);
    assert!(stdout(&out).contains("公示清单被改动"), "{}", stdout(&out));
}
