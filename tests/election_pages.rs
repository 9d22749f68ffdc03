//! The election timeline pages: one per `[[elections]]` of a region, at
//! `<region path>elections/<id slugified>/`, with its facts, its steps in
//! the order of the law (dates, lead times and their verdicts), the elected
//! members, and links from the region page and the sitemap.

mod support;

use gongshi::output::Contents;
use gongshi::{build_in_memory, BuildOptions};
use support::{assert_exit, json_diagnostics, Site};

const DIR: &str = "content/鼓楼区/东街街道/三坊社区";
const COMMUNITY: &str = "gu-lou-qu/dong-jie-jie-dao/san-fang-she-qu/";
const PAGE: &str = "elections/2021/";

fn built() -> Site {
    let site = Site::copy_of("basic");
    assert_exit(&site.build(&[]), 0);
    site
}

fn timeline(site: &Site) -> String {
    site.read(&format!("public/{COMMUNITY}{PAGE}index.html"))
}

/// The part of a page from `start` to the next `end` after it.
fn between<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {page}"));
    let rest = &page[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// One step of the timeline, by its kind (or `election-day`).
fn step<'a>(page: &'a str, id: &str) -> &'a str {
    between(
        page,
        &format!("timeline-step timeline-{id}"),
        "</li>\n<li class=\"timeline-step",
    )
}

/// Renders a site in memory, as `serve` and `check` do: the page exists
/// even when errors keep the site from being written.
fn render(site: &Site) -> (Vec<String>, impl Fn(&str) -> String) {
    let built = build_in_memory(&BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        build_date: None,
        drafts: false,
        minify: false,
    })
    .unwrap();
    let codes = built
        .diagnostics
        .into_iter()
        .map(|d| d.code.id().to_string())
        .collect();
    let output = built.output;
    (codes, move |path: &str| match output.get(path) {
        Some(Contents::Bytes(bytes)) => String::from_utf8(bytes.clone()).unwrap(),
        _ => panic!("no page {path}"),
    })
}

fn voter_list(date: &str) -> String {
    format!(
        "+++\ntitle = \"三坊社区选民名单公示\"\nkind = \"voter-list\"\ndate = {date}\nelection = \"2021\"\n+++\n\n选民名单见附表。\n"
    )
}

#[test]
fn every_election_has_a_timeline_page_with_its_facts() {
    let site = built();
    let page = timeline(&site);
    assert!(page.contains("<h1>三坊社区居民委员会选举（2021年）</h1>"));
    assert!(page.contains("<title>三坊社区居民委员会选举（2021年） - 测试市村务公开</title>"));
    assert!(page.contains("<dd>居民委员会</dd>"));
    assert!(page.contains("<time datetime=\"2021-09-10\">2021年9月10日</time>"));
    assert!(page.contains("<dd>5 名</dd>"));
    assert!(page.contains("<dd>1532 人</dd>") && page.contains("<dd>1301 人</dd>"));
    // 1301 ÷ 1532 = 84.9%, more than half.
    assert!(page.contains("84.9%，超过登记选民的半数，选举"));
    assert!(page.contains("aria-hidden=\"true\">✓</span>有效"));
    // Breadcrumbs through the region, and a link back to it.
    assert!(page.contains(&format!("<a href=\"/{COMMUNITY}\">三坊社区</a>")));
    assert!(page.contains(&format!(
        "<a href=\"/{COMMUNITY}{PAGE}\" aria-current=\"page\">三坊社区居民委员会选举（2021年）</a>"
    )));
    assert!(page.contains(&format!("<a href=\"/{COMMUNITY}\">返回三坊社区</a>")));
}

#[test]
fn steps_come_in_the_order_of_the_law_with_dates_and_verdicts() {
    let site = built();
    let page = timeline(&site);
    let names = [
        "选举公告",
        "选民名单公示",
        "候选人名单公示",
        "选举日",
        "选举结果公告",
        "更正公告",
    ];
    let positions: Vec<usize> = names
        .iter()
        .map(|n| {
            page.find(&format!("<h3 class=\"timeline-name\">{n}</h3>"))
                .unwrap_or_else(|| panic!("no step {n}"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert!(page.contains("<ol class=\"election-timeline\" role=\"list\">"));

    let notice = step(&page, "election-notice");
    assert!(notice.contains("<time datetime=\"2021-08-10\">2021年8月10日</time>"));
    assert!(notice.contains(&format!(
        "<a href=\"/{COMMUNITY}2021-nian-xuan-ju-gong-gao/\">三坊社区第十一届居民委员会选举公告</a>"
    )));

    // The fixture publishes no voter list and no candidate list: the page
    // says so and invents nothing.
    for id in ["voter-list", "candidate-list"] {
        let missing = step(&page, id);
        assert!(missing.contains("timeline-missing"), "{missing}");
        assert!(missing.contains(">未发布</p>"), "{missing}");
        assert!(!missing.contains("<time"), "{missing}");
    }

    let day = step(&page, "election-day");
    assert!(day.contains("<time datetime=\"2021-09-10\">2021年9月10日</time>"));

    // Published the day after election day; the rule allows one day.
    let result = step(&page, "result");
    assert!(result.contains("<time datetime=\"2021-09-11\">2021年9月11日</time>"));
    assert!(result.contains(&format!("/{COMMUNITY}xuan-ju-jie-guo/")));
    assert!(result.contains("选举日后 1 天公布（应在选举日后 1 天内公布）：<span class=\"verdict verdict-ok\"><span class=\"verdict-icon\" aria-hidden=\"true\">✓</span>符合</span>"));
    assert!(result.contains("已被更正"), "{result}");

    // The correction, with the notice it corrects.
    let correction = step(&page, "correction");
    assert!(correction.contains("<time datetime=\"2021-09-12\">2021年9月12日</time>"));
    assert!(correction.contains(&format!(
        "<a href=\"/{COMMUNITY}geng-zheng-gong-gao/\">关于选举结果公告的更正</a>"
    )));
    assert!(correction.contains(&format!(
        "更正的是：<a href=\"/{COMMUNITY}xuan-ju-jie-guo/\">三坊社区第十一届居民委员会选举结果公告</a>"
    )));
    assert!(!page.contains("不符合"));
}

#[test]
fn elected_members_are_listed_from_the_results_table() {
    let site = built();
    let page = timeline(&site);
    let elected = between(
        &page,
        "<section aria-labelledby=\"gs-elected\">",
        "</section>",
    );
    assert!(elected.contains("候选人 3 名，当选 2 名（应选 5 名）"));
    assert!(elected.contains("<table class=\"data-table\">"));
    assert!(elected.contains(">三坊社区居民委员会选举（2021年）当选人员</caption>"));
    assert!(elected.contains("<th scope=\"col\" class=\"num\">得票</th>"));
    assert!(elected.contains(
        "<tr><th scope=\"row\">林文清</th><td>主任</td><td class=\"num\">1,102</td><td>男</td></tr>"
    ));
    assert!(elected.contains("<th scope=\"row\">陈秀英</th>"));
    assert!(!elected.contains("王建国"), "a candidate not elected");
    // Columns the table does not have are not shown.
    assert!(!elected.contains("年龄") && !elected.contains("一肩挑"));
    // The results were corrected after: the page says which to trust.
    assert!(elected.contains("该选举结果公告已被更正，请以更正公告为准"));
}

#[test]
fn region_page_and_sitemap_link_the_timeline_but_the_manifest_does_not() {
    let site = built();
    let region = site.read(&format!("public/{COMMUNITY}index.html"));
    assert!(region.contains(&format!(
        "<a href=\"/{COMMUNITY}{PAGE}\">居民委员会（2021）</a>"
    )));
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains(&format!(
        "<url><loc>https://example.org/{COMMUNITY}{PAGE}</loc><lastmod>2021-09-12</lastmod></url>"
    )));
    let manifest = site.read("public/disclosures.json");
    assert!(!manifest.contains("elections/"), "only notices are listed");
}

#[test]
fn the_page_is_deterministic() {
    let site = Site::copy_of("basic");
    let path = format!("{COMMUNITY}{PAGE}index.html");
    let (_, first) = render(&site);
    let (_, second) = render(&site);
    assert_eq!(first(&path), second(&path));
}

/// A late voter list breaks the rule of GS501, so the site is not written;
/// the page as `check` and `serve` render it says 不符合, with the numbers
/// of the rule.
#[test]
fn a_lead_time_not_met_says_so() {
    let site = Site::copy_of("basic");
    // 16 days before election day (2021-09-10); the rule asks for 20.
    site.write(&format!("{DIR}/选民名单.md"), &voter_list("2021-08-25"));
    let (codes, page) = render(&site);
    assert!(codes.iter().any(|c| c == "GS501"), "{codes:?}");
    let page = page(&format!("{COMMUNITY}{PAGE}index.html"));
    let voters = step(&page, "voter-list");
    assert!(voters.contains("<time datetime=\"2021-08-25\">2021年8月25日</time>"));
    assert!(voters.contains("选举日前 16 天公布（应至少提前 20 天）：<span class=\"verdict verdict-fail\"><span class=\"verdict-icon\" aria-hidden=\"true\">✗</span>不符合</span>"), "{voters}");
    assert!(!voters.contains("未发布"));

    let out = site.build(&[]);
    assert_exit(&out, 1);
    assert!(!site.path("public").exists(), "nothing is written");

    // The same notice on time, and the rule's days from [rules].
    site.write(&format!("{DIR}/选民名单.md"), &voter_list("2021-08-21"));
    let (codes, page) = render(&site);
    assert!(!codes.iter().any(|c| c == "GS501"), "{codes:?}");
    let voters = step(&page(&format!("{COMMUNITY}{PAGE}index.html")), "voter-list").to_string();
    assert!(voters.contains("选举日前 20 天公布（应至少提前 20 天）："));
    assert!(voters.contains("符合") && !voters.contains("不符合"));
    let config = site.read("site/config.toml");
    site.write(
        "site/config.toml",
        &format!("{config}\n[rules]\nvoter_list_days = 15\n"),
    );
    let (_, page) = render(&site);
    let page = page(&format!("{COMMUNITY}{PAGE}index.html"));
    assert!(step(&page, "voter-list").contains("选举日前 20 天公布（应至少提前 15 天）："));
}

/// A party branch's steps are shown with their dates, without the
/// villagers' committee law's verdicts (the checks skip them too).
#[test]
fn a_party_branch_election_shows_steps_without_committee_verdicts() {
    let site = Site::copy_of("basic");
    let region = site.read(&format!("{DIR}/_region.toml"));
    site.write(
        &format!("{DIR}/_region.toml"),
        &format!("{region}\n[[elections]]\nid = \"2021-dangzhibu\"\nbody = \"party-branch\"\nday = 2021-07-01\nseats = 3\nregistered = 64\ncast = 61\n"),
    );
    site.write(
        &format!("{DIR}/党员名单.md"),
        "+++\ntitle = \"三坊社区党员名单\"\nkind = \"voter-list\"\ndate = 2021-06-28\nelection = \"2021-dangzhibu\"\n+++\n\n党员名单。\n",
    );
    assert_exit(&site.build(&[]), 0);
    let page = site.read(&format!(
        "public/{COMMUNITY}elections/2021-dangzhibu/index.html"
    ));
    assert!(page.contains("<h1>三坊社区党组织选举（2021年）</h1>"));
    let voters = step(&page, "voter-list");
    assert!(voters.contains("选举日前 3 天公布</span>"), "{voters}");
    assert!(!voters.contains("符合") && !voters.contains("应至少"));
    assert!(!page.contains("有效"), "no committee turnout verdict");
    assert!(step(&page, "result").contains("未发布"));
    assert!(page.contains("尚未发布选举结果"));
    // Both elections are linked from the region page.
    let region = site.read(&format!("public/{COMMUNITY}index.html"));
    assert!(region.contains(&format!("/{COMMUNITY}elections/2021-dangzhibu/")));
    assert!(region.contains(&format!("/{COMMUNITY}{PAGE}")));
}

/// The page goes through the same collector as every page: a region folder
/// whose URL is the page's is a GS112 collision.
#[test]
fn a_url_taken_by_a_region_is_a_collision() {
    let site = Site::copy_of("basic");
    site.write(
        &format!("{DIR}/elections/_region.toml"),
        "name = \"选举\"\nkind = \"community\"\n",
    );
    site.write(
        &format!("{DIR}/elections/2021/_region.toml"),
        "name = \"二〇二一\"\nkind = \"community\"\n",
    );
    let out = site.run(&["check", "--format", "json"]);
    assert_exit(&out, 1);
    let diagnostics = json_diagnostics(&out);
    let collision = diagnostics
        .iter()
        .find(|d| d["code"] == "GS112")
        .unwrap_or_else(|| panic!("no GS112 in {diagnostics:#?}"));
    let message = collision["message"].as_str().unwrap();
    assert!(message.contains(&format!("{COMMUNITY}{PAGE}")), "{message}");
}
