//! Personal information (section 6) end to end: found in titles, bodies,
//! CSV and XLSX cells with file and line; masked forms and `allow_pii`
//! pass; `pii = "mask"` masks every output and warns.

mod support;

use support::{assert_exit, json_diagnostics, tree, Site};

const DIR: &str = "content/鼓楼区/东街街道/三坊社区";
const ID: &str = "11010519491231002X";

fn site_with(front: &str, body: &str) -> Site {
    let site = Site::copy_of("basic");
    site.write(
        &format!("{DIR}/名单.md"),
        &format!(
            "+++\ntitle = \"名单\"\nkind = \"news\"\ndate = 2021-10-01\n{front}+++\n\n{body}\n"
        ),
    );
    site
}

fn pii_diagnostics(site: &Site) -> Vec<serde_json::Value> {
    let out = site.run(&["check", "--format", "json"]);
    json_diagnostics(&out)
        .into_iter()
        .filter(|d| d["code"] == "GS601" || d["code"] == "GS602")
        .collect()
}

#[test]
fn found_in_body_title_and_table_cells_with_their_place() {
    let site = site_with(
        "",
        "第一行。\n\n联系人手机 138 1234 5678。\n\n{{ table(src=\"名单.csv\") }}\n\n{{ table(src=\"名单.xlsx\") }}\n",
    );
    site.write(
        &format!("{DIR}/名单.csv"),
        &format!("姓名,证件号\n张三,{ID}\n"),
    );
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_row(0, 0, ["姓名", "卡号"]).unwrap();
    sheet
        .write_row(1, 0, ["李四", "6222020200000000006"])
        .unwrap();
    book.save(site.path(&format!("{DIR}/名单.xlsx"))).unwrap();
    site.write(
        &format!("{DIR}/标题.md"),
        "+++\ntitle = \"请13812345678联系\"\nkind = \"news\"\ndate = 2021-10-01\n+++\n",
    );
    let d = pii_diagnostics(&site);
    let at = |file: &str| {
        d.iter()
            .find(|x| x["file"] == format!("{DIR}/{file}"))
            .unwrap_or_else(|| panic!("{file}: {d:#?}"))
    };
    assert_eq!(d.len(), 4, "{d:#?}");
    let body = at("名单.md");
    assert_eq!(
        (body["line"].as_u64(), body["column"].as_u64()),
        (Some(9), Some(7))
    );
    assert_eq!(body["severity"], "error");
    assert!(body["message"].as_str().unwrap().contains("138****5678"));
    assert!(
        !body["message"].as_str().unwrap().contains("1234 5678")
            && !body["message"].as_str().unwrap().contains("12345678"),
        "the message never repeats the number"
    );
    assert_eq!(at("名单.csv")["line"], 2);
    assert_eq!(at("名单.csv")["column"], 2);
    assert!(at("名单.xlsx")["message"]
        .as_str()
        .unwrap()
        .contains("银行卡号"));
    assert_eq!(at("标题.md")["line"], 2);
    // The human report quotes the lines, with the numbers masked: a CI log
    // or a pull request annotation is as public as the site.
    let human = site.run(&["check"]);
    assert_exit(&human, 1);
    let stderr = support::stderr(&human);
    for (number, masked) in [
        ("138 1234 5678", "138****5678"),
        (ID, "110105********002X"),
        ("13812345678", "138****5678"),
    ] {
        assert!(!stderr.contains(number), "{number} quoted: {stderr}");
        assert!(stderr.contains(masked), "{masked}: {stderr}");
    }
}

#[test]
fn masked_forms_and_allowed_strings_pass() {
    let site = site_with(
        "allow_pii = [\"13812345678\"]\n",
        "身份证 350102********1234，手机 139****5678，村委会值班手机 13812345678，热线 12345，办公电话 0591-87654321。",
    );
    assert_eq!(pii_diagnostics(&site), Vec::<serde_json::Value>::new());
}

#[test]
fn mask_mode_masks_every_output_and_warns() {
    let site = site_with(
        "",
        &format!("证件号 {ID}\n\n{{{{ table(src=\"名单.csv\") }}}}\n"),
    );
    site.write(&format!("{DIR}/名单.csv"), "姓名,手机\n张三,13812345678\n");
    let config = site.read("site/config.toml");
    site.write("site/config.toml", &format!("pii = \"mask\"\n{config}"));
    let out = site.run(&["build", "--format", "json"]);
    assert_exit(&out, 0);
    let d: Vec<_> = json_diagnostics(&out)
        .into_iter()
        .filter(|d| d["code"] == "GS602")
        .collect();
    assert_eq!(d.len(), 2, "{d:#?}");
    assert!(d.iter().all(|x| x["severity"] == "warning"));
    for (path, bytes) in tree(&site.path("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(ID) && !text.contains("13812345678"),
            "unmasked in {path}"
        );
    }
    let page = site.read("public/gu-lou-qu/dong-jie-jie-dao/san-fang-she-qu/ming-dan/index.html");
    assert!(page.contains("110105********002X") && page.contains("138****5678"));
}
