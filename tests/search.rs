//! `gongshi search` over built sites: the fixture and the demo site.

mod support;

use support::{assert_exit, gongshi, Site};

fn built() -> Site {
    let site = Site::copy_of("basic");
    assert_exit(&site.build(&[]), 0);
    site
}

fn search(site: &Site, args: &[&str]) -> Vec<serde_json::Value> {
    let public = site.path("public");
    let mut all = vec!["search", "--site", public.to_str().unwrap(), "--json"];
    all.extend_from_slice(args);
    let out = gongshi(&all, None);
    assert_exit(&out, 0);
    support::stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn titles(results: &[serde_json::Value]) -> Vec<&str> {
    results
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect()
}

#[test]
fn results_carry_the_contract_fields() {
    let site = built();
    let results = search(&site, &["陈秀英"]);
    assert_eq!(
        titles(&results),
        vec![
            "关于选举结果公告的更正",
            "三坊社区第十一届居民委员会选举结果公告"
        ]
    );
    let r = &results[1];
    assert_eq!(
        r["url"],
        "/gu-lou-qu/dong-jie-jie-dao/san-fang-she-qu/xuan-ju-jie-guo/"
    );
    assert_eq!(r["kind"], "选举结果公告");
    assert_eq!(r["region"], "鼓楼区 · 东街街道 · 三坊社区");
    assert_eq!(r["date"], "2021-09-11");
    assert!(
        r["excerpt"].as_str().unwrap().contains("陈秀英"),
        "table cells are indexed: {r}"
    );
}

#[test]
fn substring_pinyin_and_region_names() {
    let site = built();
    // 秀英 is inside a name in a table cell; 十一届居 crosses words.
    assert_eq!(search(&site, &["秀英"]).len(), 2);
    assert_eq!(titles(&search(&site, &["十一届居"])).len(), 2);
    // Region names are searchable, in Han characters and pinyin.
    let by_name = search(&site, &["--limit", "0", "三坊社区"]);
    assert_eq!(
        by_name.len(),
        4,
        "every notice of 三坊社区: {:?}",
        titles(&by_name)
    );
    assert_eq!(search(&site, &["--limit", "0", "sanfang"]).len(), 4);
    assert_eq!(search(&site, &["--limit", "0", "sfsq"]).len(), 4);
    // Title pinyin: 关于开展… → guanyu
    assert_eq!(
        titles(&search(&site, &["kaizhan huanjie"])),
        vec!["关于开展村（社区）换届选举工作的通知"]
    );
    assert!(search(&site, &["不存在的词语"]).is_empty());
}

#[test]
fn filters_and_limit() {
    let site = built();
    let all = search(&site, &["--limit", "0", "选举"]);
    assert!(all.len() >= 3);
    let results = search(&site, &["--filter", "kind=result", "选举"]);
    assert_eq!(
        titles(&results),
        vec!["三坊社区第十一届居民委员会选举结果公告"]
    );
    for region in ["350102004001", "gu-lou-qu", "/gu-lou-qu/dong-jie-jie-dao/"] {
        let within = search(
            &site,
            &[
                "--limit",
                "0",
                "--filter",
                &format!("region={region}"),
                "选举",
            ],
        );
        assert!(
            within
                .iter()
                .all(|r| r["region"].as_str().unwrap().starts_with("鼓楼区")),
            "{region}"
        );
        assert_eq!(
            within.len(),
            all.len() - 1,
            "all but the city-level notice: {region}"
        );
    }
    assert!(search(&site, &["--filter", "year=2020", "选举"]).is_empty());
    assert_eq!(search(&site, &["--limit", "1", "选举"]).len(), 1);
    // Title matches rank first.
    assert!(all[0]["title"].as_str().unwrap().contains("选举"));
    let bad = gongshi(
        &[
            "search",
            "--site",
            site.path("public").to_str().unwrap(),
            "--filter",
            "colour=red",
            "x",
        ],
        None,
    );
    assert_exit(&bad, 2);
}

#[test]
fn a_folder_that_is_not_a_built_site_is_a_usage_error() {
    let site = Site::copy_of("basic");
    let out = gongshi(
        &["search", "--site", site.root().to_str().unwrap(), "选举"],
        None,
    );
    assert_exit(&out, 2);
    assert!(support::stderr(&out).contains("search.js"));
}

/// The one `_gongshi/search/<version>/` folder of a built site.
fn index_dir(site: &Site) -> std::path::PathBuf {
    std::fs::read_dir(site.path("public/_gongshi/search"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
}

#[test]
fn a_corrupt_shard_is_reported_not_a_panic() {
    let site = built();
    let dir = index_dir(&site);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "bin") && path.file_name().unwrap() != "index.bin"
        {
            std::fs::write(&path, b"GSS1\xff\xff\xff").unwrap();
        }
    }
    let out = gongshi(
        &[
            "search",
            "--site",
            site.path("public").to_str().unwrap(),
            "选举",
        ],
        None,
    );
    assert_exit(&out, 2);
    assert!(support::stderr(&out).contains("搜索索引已损坏"));
}

#[test]
fn the_demo_site_finds_its_village_by_pinyin_and_its_results_by_phrase() {
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = gongshi(
        &["build", "--out", site.path("public").to_str().unwrap()],
        Some(&repo),
    );
    assert_exit(&out, 0);
    let results = search(
        &site,
        &["--limit", "0", "--filter", "kind=result", "一肩挑"],
    );
    assert!(
        results.len() >= 18,
        "every committee result mentions 一肩挑: {}",
        results.len()
    );
    let fengtan = search(&site, &["--limit", "0", "fengtancun"]);
    assert!(!fengtan.is_empty());
    assert!(fengtan
        .iter()
        .all(|r| r["region"].as_str().unwrap().contains("凤潭村")));
}

#[test]
fn spaced_pinyin_initials_and_single_letters() {
    let site = built();
    // Letters typed apart are also one run of pinyin or initials.
    for q in ["san fang she qu", "sanfang shequ", "s f s q", "sfsq"] {
        assert_eq!(search(&site, &["--limit", "0", q]).len(), 4, "{q}");
    }
    // One letter is a whole word: not every title whose pinyin starts with it.
    assert!(search(&site, &["--limit", "0", "s"]).is_empty());
    assert_eq!(search(&site, &["--limit", "0", "sa"]).len(), 4);
}

#[test]
fn long_phrases_find_exactly_the_notices_containing_them() {
    // Runs of four characters or more are looked up by some of their pairs
    // (a cover from the fewest shards), then checked against the text.
    let site = built();
    let dir = index_dir(&site);
    let texts: Vec<String> = std::fs::read_dir(dir.join("r"))
        .unwrap()
        .map(|e| e.unwrap().path())
        // Not the .gz and .br copies beside each record.
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let record: serde_json::Value =
                serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
            ["title", "region", "text"]
                .map(|k| record[k].as_str().unwrap().to_string())
                .join("\n")
        })
        .collect();
    for q in [
        "第十一届居民委员会",
        "居民委员会选举",
        "委员会选举结果公告",
        "十一届居",
        "选举委员会主任",
    ] {
        let expected = texts.iter().filter(|t| t.contains(q)).count();
        assert_eq!(search(&site, &["--limit", "0", q]).len(), expected, "{q}");
    }
}
