//! `init`, `new` and `serve` as editors use them.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{assert_exit, gongshi, Site};

const KINDS: &[&str] = &[
    "announcement",
    "election-notice",
    "voter-list",
    "candidate-list",
    "result",
    "discipline",
    "finance",
    "power-list",
    "affairs",
    "supervision",
    "correction",
    "news",
];

#[test]
fn init_makes_a_site_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("新站点");
    assert_exit(&gongshi(&["init", site.to_str().unwrap()], None), 0);
    let out = gongshi(&["build"], Some(&site));
    assert_exit(&out, 0);
    assert!(
        support::stderr(&out).contains("已生成 2 篇公告"),
        "{}",
        support::stderr(&out)
    );
    assert!(site.join("public/xinan/2024-q3-caiwu/index.html").is_file());
    // Not on a terminal: one plain line per stage, no escape codes, and a
    // summary with the counts.
    let stderr = support::stderr(&out);
    for stage in [
        "[1/4] 读取内容",
        "[2/4] 检查",
        "[3/4] 生成页面（2 篇公告）",
        "[4/4] 写入文件（",
    ] {
        assert!(stderr.contains(stage), "{stage}: {stderr}");
    }
    assert!(!stderr.contains('\u{1b}'), "escape codes: {stderr:?}");
    assert!(stderr.contains("、3 个表格"), "{stderr}");
    assert!(stderr.contains("0 个警告"), "{stderr}");
    // init refuses to write over an existing site.
    assert_exit(&gongshi(&["init", site.to_str().unwrap()], None), 2);
}

#[test]
fn new_notice_of_every_kind_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    assert_exit(&gongshi(&["init", site.to_str().unwrap()], None), 0);
    for kind in KINDS {
        let path = site.join(format!("content/xinan/test-{kind}"));
        let out = gongshi(&["new", kind, path.to_str().unwrap()], None);
        assert_exit(&out, 0);
        let text = std::fs::read_to_string(path.with_extension("md")).unwrap();
        assert!(text.contains(&format!("kind = \"{kind}\"")), "{text}");
    }
    // The scaffold dates notices today: move the example election a month
    // ahead so the voter and candidate lists are on time. A result dated
    // before election day is rightly out of order (tested on its own), so
    // this site switches the order rule off.
    let region = site.join("content/xinan/_region.toml");
    let day = (chrono::Local::now().date_naive() + chrono::Days::new(30)).format("%Y-%m-%d");
    let text = std::fs::read_to_string(&region).unwrap();
    std::fs::write(
        &region,
        text.replace("day = 2024-10-20", &format!("day = {day}")),
    )
    .unwrap();
    let config = site.join("site/config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\n[rules]\norder = false\n")).unwrap();
    let out = gongshi(&["check", "--format", "json"], Some(&site));
    assert_exit(&out, 0);
    let out = gongshi(&["build"], Some(&site));
    assert_exit(&out, 0);
    let today_page =
        std::fs::read_to_string(site.join("public/xinan/test-result/index.html")).unwrap();
    assert!(today_page.contains("溪南村选举结果公告"));
    // A folder that is not a region would hide the notice: refused.
    let out = gongshi(
        &[
            "new",
            "news",
            site.join("content/xinan/files/a").to_str().unwrap(),
        ],
        None,
    );
    assert_exit(&out, 2);
    assert!(support::stderr(&out).contains("_region.toml"));
    // An unknown kind is a usage error naming the known ones.
    let out = gongshi(
        &[
            "new",
            "votes",
            site.join("content/xinan/x").to_str().unwrap(),
        ],
        None,
    );
    assert_exit(&out, 2);
    assert!(support::stderr(&out).contains("announcement"));
}

/// A running `gongshi serve`, stopped when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(site: &Site) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongshi"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server { child, address }
    }

    /// A raw HTTP/1.0 GET: status line + headers, and body.
    fn get(&self, path: &str) -> (String, Vec<u8>) {
        self.get_within(path, None).expect("no read timeout set")
    }

    /// A GET that gives up (`None`) when no answer came within `timeout`.
    fn get_within(&self, path: &str, timeout: Option<Duration>) -> Option<(String, Vec<u8>)> {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(timeout).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut response = Vec::new();
        if let Err(e) = stream.read_to_end(&mut response) {
            assert!(
                matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ),
                "{e}"
            );
            return None;
        }
        let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&response[..split]).to_ascii_lowercase();
        Some((head, response[split + 4..].to_vec()))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_gives_wasm_its_content_type_and_pages_the_live_reload() {
    let site = Site::copy_of("basic");
    let server = Server::start(&site);
    let (_, home) = server.get("/");
    let home = String::from_utf8(home).unwrap();
    let named = |stem: &str, ext: &str| {
        let at = home.find(&format!("/_gongshi/{stem}.")).expect(stem);
        let end = at + home[at..].find(ext).unwrap() + ext.len();
        home[at..end].to_string()
    };
    let (head, body) = server.get(&named("search_engine_bg", ".wasm"));
    assert!(
        head.starts_with("http/1.1 200") || head.starts_with("http/1.0 200"),
        "{head}"
    );
    assert!(head.contains("content-type: application/wasm"), "{head}");
    assert_eq!(&body[..4], b"\0asm");
    let reading_mode = named("reading_mode", ".js");
    let (head, _) = server.get(&reading_mode);
    assert!(head.contains("content-type: text/javascript"), "{head}");
    let (head, body) = server.get("/gu-lou-qu/");
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("/__gongshi/events"), "live reload script");
    assert!(html.contains(&format!("\"{reading_mode}\"")));
    let (head, _) = server.get("/gu-lou-qu");
    assert!(
        head.contains(" 301") && head.contains("location: /gu-lou-qu/"),
        "{head}"
    );
    let (head, body) = server.get("/no/such/page/");
    assert!(head.contains(" 404"), "{head}");
    assert!(String::from_utf8(body).unwrap().contains("页面不存在"));
}

#[test]
fn serve_rebuilds_on_change_and_keeps_the_last_good_site_while_broken() {
    let site = Site::copy_of("basic");
    let server = Server::start(&site);
    let notice = "content/鼓楼区/东街街道/三坊社区/新公告.md";
    site.write(
        notice,
        "+++\ntitle = \"新加的公告\"\nkind = \"news\"\ndate = 2021-12-01\n+++\n正文\n",
    );
    let page = "/gu-lou-qu/dong-jie-jie-dao/san-fang-she-qu/xin-gong-gao/";
    wait_until(
        || server.get(page).0.contains(" 200"),
        "the new notice is served",
    );

    site.write(
        notice,
        "+++\ntitle = \"新加的公告\"\nkind = \"nonsense\"\ndate = 2021-12-01\n+++\n正文\n",
    );
    wait_until(
        || String::from_utf8_lossy(&server.get("/").1).contains("GS105"),
        "the error is shown over the page",
    );
    assert!(
        server.get(page).0.contains(" 200"),
        "the last good build is still served"
    );
}

#[test]
fn serve_shows_an_edited_notice_and_then_finds_it_in_search() {
    let site = Site::copy_of("basic");
    let server = Server::start(&site);
    let manifest: serde_json::Value =
        serde_json::from_slice(&server.get("/disclosures.json").1).unwrap();
    let url = manifest["notices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["source"] == "content/全市通知.md")
        .unwrap()["url"]
        .as_str()
        .unwrap()
        .to_string();
    let page = &url[url.find("://").unwrap() + 3..];
    let page = &page[page.find('/').unwrap()..];
    let search_before = server.get("/_gongshi/search.js").1;
    let text = site.read("content/全市通知.md");
    site.write(
        "content/全市通知.md",
        &text.replace("换届选举工作于", "换届选举工作（已更新）于"),
    );
    wait_until(
        || String::from_utf8_lossy(&server.get(page).1).contains("（已更新）"),
        "the edited notice is served",
    );
    // The search index is rebuilt after the page: a new index, named by
    // search.js.
    wait_until(
        || server.get("/_gongshi/search.js").1 != search_before,
        "the search index follows the edit",
    );
}

#[test]
fn serve_does_not_rebuild_when_nothing_changed() {
    let site = Site::copy_of("basic");
    let server = Server::start(&site);
    // The first build is generation 1; reading files (as the build itself
    // does) must not start another one, which would reload the page forever.
    let answer = server.get_within("/__gongshi/events?since=1", Some(Duration::from_secs(2)));
    assert!(
        answer.is_none(),
        "a rebuild happened without any edit: {:?}",
        answer.map(|(_, body)| String::from_utf8_lossy(&body).into_owned())
    );
}

fn wait_until(mut condition: impl FnMut() -> bool, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The example GitHub workflow runs commands this binary accepts: each
/// `gongshi …` line of `.github/workflows/publish.yml` runs on the basic
/// fixture (GitHub expressions replaced by plausible values).
#[test]
fn the_example_workflow_runs() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.github/workflows/publish.yml"),
    )
    .unwrap();
    let workflow: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let jobs = &workflow["jobs"];
    assert!(jobs["check"].is_mapping() && jobs["deploy"].is_mapping());
    let site = Site::copy_of("basic");
    let mut ran = 0;
    for job in ["check", "deploy"] {
        for step in jobs[job]["steps"].as_sequence().unwrap() {
            let Some(run) = step["run"].as_str() else {
                continue;
            };
            for line in run
                .lines()
                .map(str::trim)
                .filter(|l| l.starts_with("gongshi "))
            {
                let line = line.replace(
                    "\"${{ steps.pages.outputs.base_url }}/\"",
                    "https://example.org/site/",
                );
                let args: Vec<&str> = line.split_whitespace().skip(1).collect();
                let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gongshi"));
                cmd.args(&args).current_dir(site.root());
                cmd.env("SOURCE_DATE_EPOCH", "1640966400");
                let out = cmd.output().unwrap();
                assert_exit(&out, 0);
                ran += 1;
            }
        }
    }
    assert_eq!(ran, 3, "check, build and verify");
    assert!(site.path("public/index.html").is_file());
}
