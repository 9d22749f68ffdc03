//! Roll-up statistics on a small region tree whose figures were computed
//! by hand (see the comments): city → county → two towns → two villages
//! and a community, with two terms for one village and the community.

mod support;

use support::{assert_exit, Site};

fn built() -> Site {
    let site = Site::copy_of("rollup");
    let out = site.build(&[]);
    assert_exit(&out, 0);
    site
}

/// The stats.csv rows of a region page folder, without BOM and header.
fn rows(site: &Site, folder: &str) -> Vec<String> {
    let csv = site.read(&format!("public/{folder}stats.csv"));
    let csv = csv.strip_prefix('\u{FEFF}').unwrap();
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    assert!(lines
        .remove(0)
        .starts_with("机构,届（年份）,选举数,当选人数,平均年龄（岁）"));
    lines
}

#[test]
fn town_figures_and_changes() {
    let site = built();
    assert_eq!(
        rows(&site, "a/a1/"),
        [
            // 2018, 一村 only: ages 50 40 45 → 45.0; 大专+ 1/3; women 1/3;
            // 一肩挑 0/1; turnout 800/1000.
            "村民委员会,2018,1,3,45.0,33.3,33.3,0.0,80.0,—,—,—,—,—",
            // 2021, both villages: ages 44 38 42 36 30 34 → 224/6 = 37.3;
            // 大专+ 4/6; women 3/6; 一肩挑 2/2; turnout 1300/1500 = 86.7.
            // Changes: 37.33 − 45 = −7.7 years; +33.3, +16.7, +100.0 and
            // +6.7 points.
            "村民委员会,2021,2,6,37.3,66.7,50.0,100.0,86.7,-7.7,+33.3,+16.7,+100.0,+6.7",
        ]
    );
}

#[test]
fn city_rolls_up_every_body_and_leaves_unknowns_blank() {
    let site = built();
    let city = rows(&site, "regions/");
    assert_eq!(city.len(), 4, "{city:#?}");
    assert_eq!(
        city[1],
        "村民委员会,2021,2,6,37.3,66.7,50.0,100.0,86.7,-7.7,+33.3,+16.7,+100.0,+6.7"
    );
    // The community has no 一肩挑 column: that share is unknown, not 0.
    // 2018: ages 50 48 46 44 42 → 46.0; 大专+ 3/5; women 2/5; 1500/2000.
    assert_eq!(
        city[2],
        "居民委员会,2018,1,5,46.0,60.0,40.0,—,75.0,—,—,—,—,—"
    );
    // 2021: ages 40 38 36 34 32 → 36.0; 大专+ 5/5; women 3/5; 1600/2000.
    assert_eq!(
        city[3],
        "居民委员会,2021,1,5,36.0,100.0,60.0,—,80.0,-10.0,+40.0,+20.0,—,+5.0"
    );
}

#[test]
fn region_pages_show_the_table_chart_and_definitions() {
    let site = built();
    let page = site.read("public/a/index.html");
    assert!(page.contains("换届选举统计"));
    assert!(page.contains("data-gs-table=\"stats.json\""));
    assert!(page.contains("<figure class=\"gs-chart"));
    assert!(page.contains("按人数加权"));
    let json: serde_json::Value = serde_json::from_str(&site.read("public/a/stats.json")).unwrap();
    assert_eq!(json["columns"][4]["name"], "平均年龄（岁）");
    // A village with one term has no change to report.
    assert!(rows(&site, "a/a1/v2/")[0].ends_with(",—,—,—,—,—"));
}
