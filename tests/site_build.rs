//! Builds the `basic` fixture and checks what section 7 of the content
//! format promises: URLs, pages, feeds, sitemap, manifest.

mod support;

use support::{assert_exit, json_diagnostics, sha256_hex, Site};

const COMMUNITY: &str = "gu-lou-qu/dong-jie-jie-dao/san-fang-she-qu/";

fn built() -> Site {
    let site = Site::copy_of("basic");
    assert_exit(&site.build(&[]), 0);
    site
}

#[test]
fn chinese_folder_and_file_names_become_pinyin_urls() {
    let site = built();
    for page in [
        "public/index.html",
        "public/gu-lou-qu/index.html",
        "public/gu-lou-qu/dong-jie-jie-dao/index.html",
        &format!("public/{COMMUNITY}index.html"),
        &format!("public/{COMMUNITY}2021-nian-xuan-ju-gong-gao/index.html"),
        &format!("public/{COMMUNITY}xuan-ju-jie-guo/index.html"),
        &format!("public/{COMMUNITY}geng-zheng-gong-gao/index.html"),
        "public/quan-shi-tong-zhi/index.html",
        "public/kinds/index.html",
        "public/kinds/result/index.html",
        "public/regions/index.html",
        "public/search/index.html",
        "public/404.html",
        "public/feed.xml",
        &format!("public/{COMMUNITY}feed.xml"),
        "public/sitemap.xml",
        "public/disclosures.json",
    ] {
        assert!(site.path(page).is_file(), "missing {page}");
    }
}

#[test]
fn drafts_are_not_published() {
    let site = built();
    assert!(!site.path(&format!("public/{COMMUNITY}cao-gao")).exists());
    let manifest = site.read("public/disclosures.json");
    assert!(!manifest.contains("未完成的草稿"));
    assert!(!site.read("public/feed.xml").contains("未完成的草稿"));
}

#[test]
fn notice_page_shows_its_facts_body_and_table() {
    let site = built();
    let page = site.read(&format!("public/{COMMUNITY}xuan-ju-jie-guo/index.html"));
    assert!(page.contains("<h1>三坊社区第十一届居民委员会选举结果公告</h1>"));
    assert!(page.contains("<time datetime=\"2021-09-11\">2021年9月11日</time>"));
    // 公示期 ended before the build date (2022-01-01).
    assert!(page.contains("status-ended"), "公示期 status");
    assert!(page.contains("已结束"));
    assert!(page.contains(">选举结果</caption>"));
    assert!(page.contains("<td class=\"num\">1,102</td>"));
    assert!(page.contains("footnote-definition"));
    assert!(
        page.contains("id=\"fn-1\"") && page.contains("href=\"#fn-1\""),
        "footnote anchors are prefixed"
    );
    assert!(page.contains("type=\"checkbox\""));
    assert!(page.contains("<del>旧数字</del>"));
    assert!(!page.contains("onclick"), "raw HTML is sanitized");
    // Breadcrumbs up the tree, and the correction that supersedes it.
    assert!(page.contains("<a href=\"/gu-lou-qu/dong-jie-jie-dao/\">东街街道</a>"));
    assert!(page.contains("本公告已被更正"));
    assert!(page.contains(&format!("/{COMMUNITY}geng-zheng-gong-gao/")));
    assert!(
        page.contains("三坊社区居民选举委员会"),
        "issuer of an election notice"
    );
}

#[test]
fn still_running_display_period_says_so() {
    let site = built();
    let page = site.read("public/quan-shi-tong-zhi/index.html");
    assert!(page.contains("公示中"));
}

#[test]
fn headings_get_unique_anchors() {
    let site = built();
    let page = site.read(&format!(
        "public/{COMMUNITY}2021-nian-xuan-ju-gong-gao/index.html"
    ));
    assert!(page.contains("<h2 id=\"xuan-ju-ri-qi\">选举日期</h2>"));
    assert!(page.contains("<h2 id=\"xuan-ju-ri-qi-1\">选举日期</h2>"));
}

#[test]
fn attachments_are_copied_and_linked() {
    let site = built();
    let copied = site.path(&format!("public/{COMMUNITY}cai-wu-gong-kai/明细 表.pdf"));
    assert_eq!(
        std::fs::read(copied).unwrap(),
        std::fs::read(site.path("content/鼓楼区/东街街道/三坊社区/明细 表.pdf")).unwrap()
    );
    let page = site.read(&format!("public/{COMMUNITY}cai-wu-gong-kai/index.html"));
    assert!(
        page.contains("%E6%98%8E%E7%BB%86%20%E8%A1%A8.pdf"),
        "link is percent-encoded"
    );
}

#[test]
fn region_pages_list_children_and_notices_newest_first_by_kind() {
    let site = built();
    let town = site.read("public/gu-lou-qu/dong-jie-jie-dao/index.html");
    assert!(town.contains(&format!("<a href=\"/{COMMUNITY}\">三坊社区</a>")));
    let community = site.read(&format!("public/{COMMUNITY}index.html"));
    assert!(community.contains("id=\"gs-kind-result\""));
    assert!(community.contains("84.9%"), "turnout 1301/1532");
    let home = site.read("public/index.html");
    let newest = home.find("关于选举结果公告的更正").unwrap();
    let oldest = home.find("关于开展村（社区）换届选举工作的通知").unwrap();
    assert!(newest < oldest, "home lists newest first");
    assert!(
        home.contains("action=\"/search/\""),
        "search box submits to /search/"
    );
}

#[test]
fn kind_pages_list_their_notices() {
    let site = built();
    let results = site.read("public/kinds/result/index.html");
    assert!(results.contains("三坊社区第十一届居民委员会选举结果公告"));
    assert!(!results.contains("财务公开</a>"));
}

#[test]
fn feeds_are_atom_with_absolute_urls() {
    let site = built();
    let feed = site.read("public/feed.xml");
    assert!(feed.starts_with("<?xml"));
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(feed.contains(&format!(
        "<id>https://example.org/{COMMUNITY}xuan-ju-jie-guo/</id>"
    )));
    assert!(feed.contains("<updated>2021-10-08T00:00:00+08:00</updated>"));
    let region_feed = site.read(&format!("public/{COMMUNITY}feed.xml"));
    assert!(
        !region_feed.contains("quan-shi-tong-zhi"),
        "a region feed holds its own subtree"
    );
    assert!(region_feed.contains("xuan-ju-jie-guo"));
}

#[test]
fn sitemap_lists_every_notice() {
    let site = built();
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains(&format!(
        "<loc>https://example.org/{COMMUNITY}xuan-ju-jie-guo/</loc><lastmod>2021-09-11</lastmod>"
    )));
    assert_eq!(
        sitemap.matches("<url>").count(),
        1 + 3 + 5 + 1 + 12,
        "home, regions, notices, election timelines, kinds"
    );
}

#[test]
fn manifest_hashes_match_sources_and_pages() {
    let site = built();
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read("public/disclosures.json")).unwrap();
    let notices = manifest["notices"].as_array().unwrap();
    assert_eq!(notices.len(), 5);
    for n in notices {
        let source = std::fs::read(site.path(n["source"].as_str().unwrap())).unwrap();
        assert_eq!(n["source_sha256"].as_str().unwrap(), sha256_hex(&source));
        let page_path = format!("public/{}index.html", n["path"].as_str().unwrap());
        let page = std::fs::read(site.path(&page_path)).unwrap();
        assert_eq!(n["page_sha256"].as_str().unwrap(), sha256_hex(&page));
        assert!(n["url"]
            .as_str()
            .unwrap()
            .starts_with("https://example.org/"));
        for key in ["title", "kind", "date", "region_code"] {
            assert!(!n[key].is_null(), "{key}");
        }
    }
    let result = notices.iter().find(|n| n["kind"] == "result").unwrap();
    assert_eq!(result["region_code"], "350102004001");
    assert_eq!(result["date"], "2021-09-11");
    // verify agrees, and notices a tampered page.
    let out = site.verify(&[]);
    assert_exit(&out, 0);
    let page = site.path(&format!("public/{COMMUNITY}xuan-ju-jie-guo/index.html"));
    let tampered = std::fs::read_to_string(&page)
        .unwrap()
        .replace("987", "989");
    std::fs::write(&page, tampered).unwrap();
    let out = site.verify(&[]);
    assert_exit(&out, 1);
    assert!(support::stdout(&out).contains("xuan-ju-jie-guo"));
}

#[test]
fn verify_compares_two_copies() {
    let a = built();
    let b = built();
    let b_public = b.path("public");
    assert_exit(&a.verify(&["--against", b_public.to_str().unwrap()]), 0);
    std::fs::remove_dir_all(b.path(&format!("public/{COMMUNITY}geng-zheng-gong-gao"))).unwrap();
    let out = a.verify(&["--against", b_public.to_str().unwrap()]);
    assert_exit(&out, 1);
    assert!(support::stdout(&out).contains("geng-zheng-gong-gao"));
}

#[test]
fn base_url_with_sub_path_prefixes_every_link() {
    let site = Site::copy_of("basic");
    assert_exit(
        &site.build(&["--base-url", "https://example.org/cunwu/"]),
        0,
    );
    for (path, bytes) in support::tree(&site.path("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"/", "src=\"/", "action=\"/"] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len()..];
                assert!(
                    rest.starts_with("cunwu/"),
                    "{path}: link without sub-path: {}",
                    &rest[..rest.len().min(40)]
                );
            }
        }
        assert!(
            html.contains("\"/cunwu/_gongshi/reading_mode."),
            "{path}: widget loader"
        );
    }
    let feed = site.read("public/feed.xml");
    assert!(feed.contains("https://example.org/cunwu/gu-lou-qu/"));
    assert!(site
        .read("public/sitemap.xml")
        .contains("<loc>https://example.org/cunwu/</loc>"));
}

#[test]
fn a_same_named_template_overrides_the_theme() {
    let site = Site::copy_of("basic");
    site.write(
        "site/templates/notice.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">自定义：{{ notice.title }}</p>{% endblock main %}",
    );
    assert_exit(&site.build(&[]), 0);
    let page = site.read(&format!("public/{COMMUNITY}xuan-ju-jie-guo/index.html"));
    assert!(page.contains("<p class=\"custom\">自定义：三坊社区第十一届居民委员会选举结果公告</p>"));
    assert!(
        page.contains("skip-link"),
        "the built-in base template still applies"
    );
    let region = site.read(&format!("public/{COMMUNITY}index.html"));
    assert!(!region.contains("class=\"custom\""));
}

#[test]
fn static_files_are_copied_and_may_replace_the_stylesheet() {
    let site = Site::copy_of("basic");
    site.write("site/static/robots.txt", "User-agent: *\n");
    site.write("site/static/_gongshi/gongshi.css", "body{color:red}");
    assert_exit(&site.build(&[]), 0);
    assert_eq!(site.read("public/robots.txt"), "User-agent: *\n");
    // Published under the hash of the site's own stylesheet, which pages name.
    let css = site.theme_file("gongshi.css");
    assert_eq!(site.read(&format!("public/{css}")), "body{color:red}");
    assert!(site
        .read("public/index.html")
        .contains(&format!("href=\"/{css}\"")));
    assert!(!site.path("public/_gongshi/gongshi.css").exists());
}

/// Links in `site/static/` are followed inside the site, like links in
/// `content/`; one that leads out of it, or nowhere, stops the build.
#[cfg(unix)]
#[test]
fn static_links_are_followed_inside_the_site_and_refused_outside() {
    use std::os::unix::fs::symlink;
    let site = Site::copy_of("basic");
    site.write("site/static/docs/章程.txt", "村规民约\n");
    symlink("docs/章程.txt", site.path("site/static/rules.txt")).unwrap();
    symlink("docs", site.path("site/static/files")).unwrap();
    assert_exit(&site.build(&[]), 0);
    assert_eq!(site.read("public/rules.txt"), "村规民约\n");
    assert_eq!(site.read("public/files/章程.txt"), "村规民约\n");

    for (name, target) in [
        ("passwd", "/etc/passwd"),
        ("etc", "/etc"),
        ("gone.txt", "nothing.txt"),
    ] {
        let site = Site::copy_of("basic");
        std::fs::create_dir_all(site.path("site/static")).unwrap();
        symlink(target, site.path(&format!("site/static/{name}"))).unwrap();
        let out = site.build(&["--format", "json"]);
        assert_exit(&out, 1);
        let errors: Vec<_> = json_diagnostics(&out)
            .into_iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
        assert_eq!(errors[0]["code"], "GS004", "{name}");
        assert_eq!(errors[0]["file"], format!("site/static/{name}"));
        assert!(!site.path("public").exists(), "{name}: nothing written");
    }
}

#[test]
fn widgets_are_embedded_in_the_output() {
    let site = built();
    for widget in ["reading_mode", "search_engine", "table_widget"] {
        let wasm_file = site.theme_file(&format!("{widget}_bg.wasm"));
        let wasm = std::fs::read(site.path(&format!("public/{wasm_file}"))).unwrap();
        assert_eq!(&wasm[..4], b"\0asm");
        let glue = site.read(&format!(
            "public/{}",
            site.theme_file(&format!("{widget}.js"))
        ));
        assert!(
            glue.contains(wasm_file.trim_start_matches("_gongshi/")),
            "glue finds the wasm beside it"
        );
    }
    let search = site.read("public/_gongshi/search.js");
    let engine = site.theme_file("search_engine.js");
    assert!(search.contains(&format!(
        "import(`./{}`)",
        engine.trim_start_matches("_gongshi/")
    )));
    assert!(
        !search.contains("__GONGSHI_SEARCH_"),
        "index location filled in"
    );
    assert!(
        search.contains("`/_gongshi/search/"),
        "the index location is filled in"
    );
    let home = site.read("public/index.html");
    assert!(home.contains("id=\"gs-reading-mode\""));
    let reading_mode = site.theme_file("reading_mode.js");
    assert!(home.contains(&format!("import(\"/{reading_mode}\")")));
}

/// `build` writes pages into its staging folder while rendering (so a large
/// site is never all in memory); what it writes must be exactly what the
/// in-memory pipeline (`check`, `serve`) makes, file for file.
#[test]
fn the_written_build_is_the_in_memory_build() {
    let site = Site::copy_of("basic");
    assert_exit(&site.build(&["--no-precompress"]), 0);
    let written = support::tree(&site.path("public"));
    let built = gongshi::build_in_memory(&gongshi::BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        build_date: chrono::NaiveDate::from_ymd_opt(2022, 1, 1),
        drafts: false,
        minify: false,
    })
    .unwrap();
    assert!(built.is_publishable());
    let expected: std::collections::BTreeMap<String, Vec<u8>> = built
        .output
        .iter()
        .map(|(path, contents)| {
            let bytes = match contents {
                gongshi::output::Contents::Bytes(b) => b.clone(),
                gongshi::output::Contents::Copy(source) => std::fs::read(source).unwrap(),
                gongshi::output::Contents::Spilled(_) => panic!("{path} spilled without a build"),
            };
            (path.clone(), bytes)
        })
        .collect();
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &expected {
        assert!(written[path] == *bytes, "{path} differs");
    }
    assert!(
        expected
            .keys()
            .filter(|p| p.ends_with("index.html"))
            .count()
            > 10,
        "the fixture has pages to spill"
    );
}

/// Rendering, spilling, indexing and compressing run on every core; the
/// output must not depend on how many there are or which thread ran first.
#[test]
fn the_output_is_the_same_on_one_thread_and_on_many() {
    let site = Site::copy_of("basic");
    let build = |threads: &str, out: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_gongshi"))
            .args(["build", "--root"])
            .arg(site.root())
            .arg("--out")
            .arg(site.path(out))
            .env("SOURCE_DATE_EPOCH", "1640966400")
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert_exit(&output, 0);
        support::tree(&site.path(out))
    };
    let one = build("1", "public-1");
    let many = build("5", "public-5");
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        many.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &one {
        assert!(many[path] == *bytes, "{path} differs");
    }
}
