//! Every saved fuzz input, run on stable Rust through the same code as the
//! fuzz targets (`fuzz/src/lib.rs`, included here): the seeds under
//! `fuzz/seeds/<target>/` and the inputs of fixed findings under
//! `fuzz/regressions/<target>/`. See `fuzz/README.md`.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod harness;

use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The saved inputs of a target, seeds and regressions.
fn inputs(target: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for kind in ["seeds", "regressions"] {
        let dir = fuzz_dir().join(kind).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("readable folder").path();
            if path.is_file() && path.file_name().is_some_and(|n| n != ".gitkeep") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(
        !files.is_empty() || target == "none",
        "no inputs for {target}"
    );
    files
}

fn run_all(target: &str, run: impl Fn(&[u8])) {
    for file in inputs(target) {
        let bytes = std::fs::read(&file).expect("readable input");
        eprintln!("{target}: {}", file.display());
        run(&bytes);
    }
}

fn with_harness(target: &str, run: impl Fn(&harness::Harness, &[u8])) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let h = harness::Harness::new(dir.path());
    run_all(target, |bytes| run(&h, bytes));
}

#[test]
fn front_matter() {
    with_harness("front_matter", harness::Harness::front_matter);
}

#[test]
fn markdown_page() {
    with_harness("markdown_page", harness::Harness::markdown_page);
}

#[test]
fn data_csv() {
    with_harness("data_csv", harness::Harness::data_csv);
}

#[test]
fn data_xlsx() {
    with_harness("data_xlsx", harness::Harness::data_xlsx);
}

#[test]
fn search_index() {
    run_all("search_index", harness::search_index);
}

#[test]
fn pii() {
    run_all("pii", harness::pii);
}

/// The seeds that are made rather than copied: a workbook written by
/// `rust_xlsxwriter` (as the file, and as the XML parts `data_xlsx` packs
/// itself) and the small search index. Run with
/// `cargo test -p gongshi --test fuzz_regressions -- --ignored write_seeds`.
#[test]
#[ignore = "writes fuzz/seeds; run by hand"]
fn write_seeds() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
    let seeds = fuzz_dir().join("seeds");

    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("结果").unwrap();
    sheet
        .write_row(1, 1, ["姓名", "得票", "当选", "日期", "比例", "身份证号"])
        .unwrap();
    sheet.write(2, 1, "曾国藩").unwrap();
    sheet.write(2, 2, 1102).unwrap();
    sheet.write(2, 3, true).unwrap();
    let date = ExcelDateTime::from_ymd(2021, 9, 10).unwrap();
    let format = Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_datetime_with_format(2, 4, &date, &format)
        .unwrap();
    sheet.write(2, 5, 0.1 + 0.2).unwrap();
    sheet.write(2, 6, "350102199003071234").unwrap();
    sheet.write(3, 1, "单雄信").unwrap();
    sheet.write_formula(3, 2, Formula::new("=C3*2")).unwrap();
    sheet.write(3, 3, false).unwrap();
    sheet.write(3, 5, "24.6%").unwrap();
    let xlsx = book.save_to_buffer().unwrap();
    std::fs::write(seeds.join("data_xlsx/results.xlsx"), &xlsx).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.xlsx"), &xlsx).unwrap();
    let unzipped = std::process::Command::new("unzip")
        .args(["-q", "d.xlsx", "-d", "x"])
        .current_dir(dir.path())
        .status()
        .expect("unzip");
    assert!(unzipped.success());
    let files: Vec<(String, Vec<u8>)> = [
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
        "xl/workbook.xml",
        "xl/styles.xml",
    ]
    .iter()
    .filter_map(|name| {
        let bytes = std::fs::read(dir.path().join("x").join(name)).ok()?;
        Some((name.to_string(), bytes))
    })
    .collect();
    std::fs::write(
        seeds.join("data_xlsx/results-parts.xml"),
        harness::parts_of_xlsx(&files),
    )
    .unwrap();

    let index = harness::search_seed_index();
    let mut full = "xuanju jieguo\n2021年村委会选举结果公告：林文清当选。\nkind=result\nyear=2021"
        .as_bytes()
        .to_vec();
    for part in std::iter::once(&index.entry).chain(&index.shards) {
        full.extend_from_slice(harness::SEARCH_SEPARATOR);
        full.extend_from_slice(part);
    }
    let search = seeds.join("search_index");
    std::fs::write(search.join("whole-index"), &full).unwrap();
    std::fs::write(
        search.join("query-han"),
        "选举结果公告\n更正选举结果公告中的得票数",
    )
    .unwrap();
    std::fs::write(
        search.join("query-pinyin-filter"),
        "xj gg\n\nregion=cun\nyear=2018",
    )
    .unwrap();
    let mut entry_only = b"cai wu".to_vec();
    entry_only.extend_from_slice(harness::SEARCH_SEPARATOR);
    entry_only.extend_from_slice(&index.entry);
    std::fs::write(search.join("entry-only"), entry_only).unwrap();
}
