//! Data tables and charts in built pages (section 4 of the content format):
//! the static table, its downloads, totals, the file formats editors save,
//! pipe tables, charts, and errors that name the row and column.

mod support;

use support::{assert_exit, json_diagnostics, Site};

const DIR: &str = "content/鼓楼区/东街街道/三坊社区";
const PAGE: &str = "public/gu-lou-qu/dong-jie-jie-dao/san-fang-she-qu/shu-ju/";

/// The basic fixture with one more notice, `数据.md`, whose body is `body`.
fn site_with(body: &str) -> Site {
    let site = Site::copy_of("basic");
    site.write(
        &format!("{DIR}/数据.md"),
        &format!("+++\ntitle = \"数据\"\nkind = \"finance\"\ndate = 2021-10-01\n+++\n\n{body}\n"),
    );
    site
}

fn build_ok(site: &Site) -> Vec<serde_json::Value> {
    let out = site.run(&["build", "--format", "json"]);
    assert_exit(&out, 0);
    json_diagnostics(&out)
}

fn check_fails(site: &Site) -> Vec<serde_json::Value> {
    let out = site.run(&["check", "--format", "json"]);
    assert_exit(&out, 1);
    json_diagnostics(&out)
}

fn find<'a>(diagnostics: &'a [serde_json::Value], code: &str) -> &'a serde_json::Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diagnostics:#?}"))
}

#[test]
fn static_table_with_types_totals_and_downloads() {
    let site = site_with("{{ table(src=\"results.csv\", caption=\"选举结果\", totals=true) }}");
    build_ok(&site);
    let page = site.read(&format!("{PAGE}index.html"));
    assert!(page.contains("data-gs-table=\"results.json\""));
    assert!(page.contains("<caption id=\"t-results-caption\">选举结果</caption>"));
    assert!(page.contains("<th scope=\"col\" data-type=\"name\">姓名</th>"));
    assert!(page.contains("<th scope=\"col\" class=\"num\" data-type=\"number\">得票</th>"));
    assert!(page.contains("<tfoot><tr><th scope=\"row\">合计</th>"));
    assert!(
        page.contains("<td class=\"num\">2,491</td>"),
        "1,102 + 987 + 402"
    );
    assert!(page.contains("href=\"results.csv\" download"));

    let csv = std::fs::read(site.path(&format!("{PAGE}results.csv"))).unwrap();
    assert!(csv.starts_with("\u{FEFF}姓名,性别,职务,得票,当选\r\n".as_bytes()));
    assert!(String::from_utf8(csv)
        .unwrap()
        .contains("林文清,男,主任,\"1,102\",是\r\n"));

    let json: serde_json::Value =
        serde_json::from_str(&site.read(&format!("{PAGE}results.json"))).unwrap();
    assert_eq!(json["format"], "gongshi-table/1");
    assert_eq!(json["columns"][3]["total"], "2,491");
    assert_eq!(json["rows"][0][3], "1,102");
    // 得票 ascending: 402 < 987 < 1,102; names by pinyin: chen < lin < wang.
    assert_eq!(json["ranks"][3], serde_json::json!([3, 2, 1]));
    assert_eq!(json["ranks"][0], serde_json::json!([2, 1, 3]));
    assert_eq!(
        json["initials"][0],
        serde_json::json!(["lwq", "cxy", "wjg"])
    );
    assert_eq!(json["values"][3], serde_json::json!([1102.0, 987.0, 402.0]));
}

#[test]
fn gbk_csv_and_xlsx_sheets_are_read() {
    let site = site_with(
        "{{ table(src=\"gbk.csv\", caption=\"GBK\") }}\n\n{{ table(src=\"book.xlsx\", sheet=\"明细\", caption=\"Excel\", types=\"编号:text\") }}",
    );
    let (gbk, _, _) = encoding_rs::GBK.encode("姓名,得票\n曾国藩,12\n单雄信,7\n");
    std::fs::write(site.path(&format!("{DIR}/gbk.csv")), gbk).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .set_name("封面")
        .unwrap()
        .write(0, 0, "封面")
        .unwrap();
    let sheet = book.add_worksheet().set_name("明细").unwrap();
    sheet.write_row(0, 0, ["编号", "金额（元）"]).unwrap();
    sheet.write_row(1, 0, ["007", "1200.5"]).unwrap();
    sheet.write(2, 0, "008").unwrap();
    sheet.write(2, 1, 99.5).unwrap();
    book.save(site.path(&format!("{DIR}/book.xlsx"))).unwrap();
    build_ok(&site);
    let page = site.read(&format!("{PAGE}index.html"));
    assert!(page.contains("<td>曾国藩</td>") && page.contains("<td>单雄信</td>"));
    assert!(page.contains("<td class=\"num\">99.5</td>"));
    let json: serde_json::Value =
        serde_json::from_str(&site.read(&format!("{PAGE}gbk.json"))).unwrap();
    // Surname readings: shan (单) before zeng (曾).
    assert_eq!(json["ranks"][0], serde_json::json!([2, 1]));
    let csv = site.read(&format!("{PAGE}book.csv"));
    assert!(
        csv.contains("\"=\"\"007\"\"\""),
        "leading zeros kept as text: {csv}"
    );
}

#[test]
fn pipe_tables_are_enhanced_and_a_wrong_total_is_reported() {
    let site = site_with(
        "| 小组 | 人数 |\n|---|---|\n| [第一组](https://example.org/) | 12 |\n| 第二组 | 30 |\n| **合计** | **40** |",
    );
    let diagnostics = build_ok(&site);
    let page = site.read(&format!("{PAGE}index.html"));
    assert!(page.contains("data-gs-table=\"table-1.json\""));
    assert!(
        page.contains(
            "<td><a href=\"https://example.org/\" rel=\"noopener noreferrer\">第一组</a></td>"
        ),
        "{page}"
    );
    assert!(page.contains("<td class=\"num\">42</td>"), "computed total");
    let warning = find(&diagnostics, "GS304");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["file"], format!("{DIR}/数据.md"));
    assert_eq!(warning["line"], 11);
    assert!(warning["message"].as_str().unwrap().contains("42"));
    assert!(site.path(&format!("{PAGE}table-1.csv")).is_file());
}

#[test]
fn large_tables_show_their_first_rows() {
    let mut csv = String::from("序号,姓名\n");
    for n in 1..=600 {
        csv.push_str(&format!("{n},居民{n}\n"));
    }
    let site = site_with("{{ table(src=\"voters.csv\", caption=\"名单\") }}");
    site.write(&format!("{DIR}/voters.csv"), &csv);
    build_ok(&site);
    let page = site.read(&format!("{PAGE}index.html"));
    assert!(page.contains("data-rows=\"600\""));
    assert!(page.contains("<td>居民100</td>") && !page.contains("<td>居民101</td>"));
    assert!(page.contains("共 600 行，此处显示前 100 行"));
    assert!(site
        .read(&format!("{PAGE}voters.csv"))
        .contains("600,居民600"));
}

#[test]
fn charts_are_inline_svg_linked_to_their_table() {
    let site = site_with(
        "{{ table(src=\"results.csv\", caption=\"选举结果\") }}\n\n{{ chart(src=\"results.csv\", x=\"姓名\", y=\"得票\", kind=\"hbar\", unit=\"票\") }}",
    );
    build_ok(&site);
    let page = site.read(&format!("{PAGE}index.html"));
    assert!(page.contains("<figure class=\"gs-chart"));
    assert!(page.contains("<svg"));
    assert!(page.contains("href=\"#t-results\""));
    assert!(page.contains("林文清"));
}

#[test]
fn a_chart_alone_publishes_its_data() {
    let site = site_with("{{ chart(src=\"results.csv\", x=\"姓名\", y=\"得票\") }}");
    build_ok(&site);
    let page = site.read(&format!("{PAGE}index.html"));
    assert!(page.contains("href=\"results.csv\""));
    assert!(site.path(&format!("{PAGE}results.csv")).is_file());
}

#[test]
fn bad_data_names_row_and_column() {
    let site = site_with("{{ chart(src=\"results.csv\", x=\"姓名\", y=\"性别\") }}");
    let d = check_fails(&site);
    let bad = find(&d, "GS303");
    assert_eq!(bad["file"], format!("{DIR}/results.csv"));
    assert_eq!(bad["line"], 2);
    assert_eq!(bad["column"], 2);

    let site = site_with("{{ chart(src=\"results.csv\", x=\"名字\", y=\"得票\") }}");
    let d = check_fails(&site);
    assert!(find(&d, "GS302")["message"]
        .as_str()
        .unwrap()
        .contains("姓名"));

    let site = site_with("{{ table(src=\"results.csv\", types=\"得票:money\") }}");
    let d = check_fails(&site);
    assert!(find(&d, "GS302")["message"]
        .as_str()
        .unwrap()
        .contains("money"));

    let site = site_with("{{ table(src=\"book.xlsx\") }}");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_row(0, 0, ["姓名", "得票"]).unwrap();
    sheet.write(1, 0, "甲").unwrap();
    sheet
        .write_formula(
            1,
            1,
            rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
        )
        .unwrap();
    book.save(site.path(&format!("{DIR}/book.xlsx"))).unwrap();
    let d = check_fails(&site);
    let bad = find(&d, "GS303");
    assert_eq!(bad["file"], format!("{DIR}/book.xlsx"));
    assert!(bad["message"].as_str().unwrap().contains("B2"));
}

#[test]
fn a_numbered_table_with_its_own_totals_row() {
    let site = site_with("{{ table(src=\"numbered.csv\", caption=\"名单\") }}");
    site.write(
        &format!("{DIR}/numbered.csv"),
        "序号,姓名,区划代码,得票\n1,甲,350102004001,5\n2,乙,0591,1.1万\n合计,,,\"11,005\"\n",
    );
    let diagnostics = build_ok(&site);
    assert!(
        !diagnostics.iter().any(|d| d["code"] == "GS304"),
        "{diagnostics:#?}"
    );
    let page = site.read(&format!("{PAGE}index.html"));
    // 序号 is not summed and 区划代码 is an identifier, not a number.
    assert!(page.contains("<tfoot><tr><th scope=\"row\">合计</th><td></td><td></td><td class=\"num\">11,005</td></tr></tfoot>"), "{page}");
    assert!(page.contains("<th scope=\"col\" data-type=\"text\">区划代码</th>"));
}

#[test]
fn attaching_the_tables_own_data_file_is_not_a_collision() {
    let site = Site::copy_of("basic");
    site.write(
        &format!("{DIR}/数据.md"),
        "+++\ntitle = \"数据\"\nkind = \"finance\"\ndate = 2021-10-01\nattachments = [\"results.csv\"]\n+++\n\n{{ table(src=\"results.csv\") }}\n",
    );
    build_ok(&site);
    let csv = std::fs::read(site.path(&format!("{PAGE}results.csv"))).unwrap();
    assert!(
        csv.starts_with("\u{FEFF}".as_bytes()),
        "the download, with its BOM"
    );
}
