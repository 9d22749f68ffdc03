//! Robust loading (issue 6): a corpus of malformed sites. Every case gives
//! exit 1 with a diagnostic naming the file and line (or builds, exit 0, when
//! that is right), never a panic (exit 101) and never a hang; a failed build
//! leaves the previous `public/` byte for byte as it was. `--out` folders
//! that hold the site or someone's files are refused (exit 2) with nothing
//! written or removed.
//!
//! The corpus runs as one test over a pool of threads; set
//! `GONGSHI_MALFORMED_VERBOSE=1` (with `--nocapture`) for a table of every
//! case's exit code, codes and time. The 10,000-notice case is ignored in
//! the debug build only: run it with
//! `cargo test --release -p gongshi --test malformed ten_thousand -- --nocapture`
//! (in release it is not ignored, so `--ignored` would skip it).

mod support;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use support::{copy_dir, fixture, tree, Site};

const DIR: &str = "content/鼓楼区/东街街道/三坊社区";

/// The longest a case may take. The debug binary renders the search index
/// unoptimized (a million-character line takes ten seconds there, half a
/// second in release); the margin is for a busy machine. A hang is forever.
const CASE_LIMIT: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(60)
} else {
    Duration::from_secs(5)
};

/// A notice with `fields` added to the front matter (from line 5) and `body`
/// after it (the body starts on line 6 when `fields` is empty).
fn notice(fields: &str, body: &str) -> String {
    format!("+++\ntitle = \"甲\"\nkind = \"news\"\ndate = 2021-08-01\n{fields}+++\n{body}")
}

fn write(site: &Site, relative: &str, bytes: impl AsRef<[u8]>) {
    let path = site.path(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn in_dir(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// A file of `size` bytes that takes no disk space: reading it would take
/// minutes and all memory, so a quick error proves its size was checked
/// from metadata.
fn sparse(site: &Site, relative: &str, size: u64) {
    let path = site.path(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::File::create(path).unwrap().set_len(size).unwrap();
}

#[cfg(unix)]
fn link(site: &Site, relative: &str, target: &str) {
    let path = site.path(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, path).unwrap();
}

fn append_config(site: &Site, text: &str) {
    let config = site.read("site/config.toml");
    write(site, "site/config.toml", format!("{config}{text}"));
}

/// A `_region.toml` for the community with one election whose numbers are
/// `numbers` (from line 7).
fn region_with(numbers: &str) -> String {
    format!(
        "name = \"三坊社区\"\nkind = \"community\"\n[[elections]]\nid = \"2021\"\nbody = \"residents-committee\"\nday = 2021-09-10\n{numbers}"
    )
}

/// Sparse: no disk space, and more than any machine would allocate.
const ONE_TB: u64 = 1 << 40;

/// An `.xlsx` of one sheet that declares `range` (`<dimension ref>`) and
/// holds `rows` (the XML inside `<sheetData>`), zipped by hand as a bomb
/// would be: nothing checks that the two agree.
fn workbook(range: &str, rows: &str) -> Vec<u8> {
    use std::io::Write;
    let ns = "http://schemas.openxmlformats.org";
    let parts = [
        (
            "xl/workbook.xml",
            format!(
                r#"<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<worksheet xmlns="{ns}/spreadsheetml/2006/main"><dimension ref="{range}"/><sheetData>{rows}</sheetData></worksheet>"#
            ),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Exit 1 with an error of this code in this file (relative to the
    /// root), on this line when given.
    Error(&'static str, &'static str, Option<u64>),
    /// Same, the file given whole (no `&'static` name: built at run time).
    ErrorIn(&'static str, Option<u64>),
    /// Exit 0 (warnings allowed).
    Builds,
}

struct Case {
    name: &'static str,
    setup: Box<dyn Fn(&Site) + Send + Sync>,
    /// File of the expected diagnostic, relative to the root, for
    /// [`Expect::ErrorIn`].
    file: String,
    expect: Expect,
}

fn case(
    name: &'static str,
    expect: Expect,
    file: &str,
    setup: impl Fn(&Site) + Send + Sync + 'static,
) -> Case {
    Case {
        name,
        setup: Box::new(setup),
        file: file.to_string(),
        expect,
    }
}

/// An error in `file` under the community folder.
fn error_at(
    name: &'static str,
    code: &'static str,
    file: &str,
    line: Option<u64>,
    setup: impl Fn(&Site) + Send + Sync + 'static,
) -> Case {
    case(name, Expect::ErrorIn(code, line), &in_dir(file), setup)
}

fn corpus() -> Vec<Case> {
    let mut cases = vec![
        // ---------------------------------------------------- sizes
        error_at(
            "notice over the size limit (1 TB, sparse)",
            "GS003",
            "big.md",
            Some(0),
            |s| sparse(s, &in_dir("big.md"), ONE_TB),
        ),
        error_at(
            "notice over max_file_size = \"4 KB\"",
            "GS003",
            "big.md",
            Some(0),
            |s| {
                append_config(s, "max_file_size = \"4 KB\"\n");
                write(s, &in_dir("big.md"), notice("", &"正文。".repeat(1000)));
            },
        ),
        error_at(
            "data file over the size limit (1 TB, sparse)",
            "GS003",
            "t.md",
            Some(7),
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice("", "\n{{ table(src=\"big.csv\") }}\n"),
                );
                sparse(s, &in_dir("big.csv"), ONE_TB);
            },
        ),
        error_at(
            "data file of one 50 MB cell",
            "GS003",
            "t.md",
            Some(7),
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice("", "\n{{ table(src=\"big.csv\") }}\n"),
                );
                let mut csv = b"a,b\n1,\"".to_vec();
                csv.resize(csv.len() + (50 << 20), b'x');
                csv.extend_from_slice(b"\"\n");
                write(s, &in_dir("big.csv"), csv);
            },
        ),
        error_at(
            "attachment over the size limit (1 TB, sparse)",
            "GS003",
            "t.md",
            Some(5),
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice("attachments = [\"big.pdf\"]\n", ""),
                );
                sparse(s, &in_dir("big.pdf"), ONE_TB);
            },
        ),
        case(
            "config over the size limit (1 TB, sparse)",
            Expect::Error("GS003", "site/config.toml", Some(0)),
            "",
            |s| sparse(s, "site/config.toml", ONE_TB),
        ),
        case(
            "max_file_size that is not a size",
            Expect::Error("GS010", "site/config.toml", Some(3)),
            "",
            |s| append_config(s, "max_file_size = \"lots\"\n"),
        ),
        // ---------------------------------------------------- encodings
        error_at("notice with invalid UTF-8", "GS002", "a.md", Some(7), |s| {
            let mut bytes = notice("", "第一行\n").into_bytes();
            bytes.extend_from_slice(b"\xB5\xDA\xB6\xFE\n");
            write(s, &in_dir("a.md"), bytes);
        }),
        error_at("notice saved as UTF-16", "GS002", "a.md", Some(1), |s| {
            let mut bytes = vec![0xFF, 0xFE];
            for unit in notice("", "正文\n").encode_utf16() {
                bytes.extend_from_slice(&unit.to_le_bytes());
            }
            write(s, &in_dir("a.md"), bytes);
        }),
        error_at("notice with a NUL byte", "GS002", "a.md", Some(6), |s| {
            write(s, &in_dir("a.md"), notice("", "正文\0\n"))
        }),
        error_at(
            "_region.toml with invalid UTF-8",
            "GS002",
            "_region.toml",
            Some(1),
            |s| {
                write(
                    s,
                    &in_dir("_region.toml"),
                    b"name = \"\xC8\xFD\xB7\xBB\"\nkind = \"community\"\n",
                )
            },
        ),
        case(
            "config with invalid UTF-8",
            Expect::Error("GS002", "site/config.toml", Some(1)),
            "",
            |s| {
                write(
                    s,
                    "site/config.toml",
                    b"title = \"\xB2\xE2\xCA\xD4\"\nbase_url = \"https://example.org/\"\n",
                )
            },
        ),
        error_at(
            "CSV in neither UTF-8 nor GBK",
            "GS303",
            "d.csv",
            Some(2),
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice("", "\n{{ table(src=\"d.csv\") }}\n"),
                );
                write(s, &in_dir("d.csv"), b"a,b\n\xFF\xFF\xFF,1\n");
            },
        ),
        // ---------------------------------------------------- depth and size of content
        error_at("10,000 nested lists", "GS005", "a.md", Some(6), |s| {
            write(
                s,
                &in_dir("a.md"),
                notice("", &format!("{}甲\n", "- ".repeat(10_000))),
            )
        }),
        error_at(
            "10,000 nested block quotes",
            "GS005",
            "a.md",
            Some(6),
            |s| {
                write(
                    s,
                    &in_dir("a.md"),
                    notice("", &format!("{} 甲\n", ">".repeat(10_000))),
                )
            },
        ),
        error_at(
            "200 lists nested by indentation",
            "GS005",
            "a.md",
            None,
            |s| {
                let body: String = (0..200)
                    .map(|i| format!("{}- 甲\n", "  ".repeat(i)))
                    .collect();
                write(s, &in_dir("a.md"), notice("", &body));
            },
        ),
        error_at(
            "10,000 nested HTML elements",
            "GS005",
            "a.md",
            Some(6),
            |s| {
                write(
                    s,
                    &in_dir("a.md"),
                    notice("", &format!("{}甲\n", "<div><ul><li>".repeat(10_000))),
                )
            },
        ),
        case("a million-character line", Expect::Builds, "", |s| {
            write(
                s,
                &in_dir("a.md"),
                notice("", &format!("{}\n", "村务公开 ".repeat(200_000))),
            )
        }),
        case(
            "10,000 stray front matter keys (warnings)",
            Expect::Builds,
            "",
            |s| {
                let keys: String = (0..10_000).map(|i| format!("k{i} = {i}\n")).collect();
                write(s, &in_dir("a.md"), notice(&keys, "正文\n"));
            },
        ),
        case("a region tree 20 levels deep", Expect::Builds, "", |s| {
            let mut dir = format!("{DIR}/");
            for level in 0..20 {
                dir.push_str(&format!("第{level}层/"));
                write(
                    s,
                    &format!("{dir}_region.toml"),
                    format!("name = \"第{level}层\"\nkind = \"village\"\n"),
                );
            }
            write(s, &format!("{dir}深处.md"), notice("", "正文\n"));
        }),
        // ---------------------------------------------------- front matter
        error_at("unterminated +++", "GS101", "a.md", Some(1), |s| {
            write(
                s,
                &in_dir("a.md"),
                "+++\ntitle = \"甲\"\nkind = \"news\"\ndate = 2021-08-01\n正文\n",
            )
        }),
        error_at("unterminated ---", "GS101", "a.md", Some(1), |s| {
            write(s, &in_dir("a.md"), "---\ntitle: 甲\nkind: news\n")
        }),
        error_at("YAML billion laughs", "GS102", "a.md", None, |s| {
            let mut yaml = "---\na: &a [\"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\"]\n".to_string();
            let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
            for pair in names.windows(2) {
                let refs = vec![format!("*{}", pair[0]); 9].join(", ");
                yaml.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
            }
            yaml.push_str("title: *i\nkind: news\ndate: 2021-08-01\n---\n");
            write(s, &in_dir("a.md"), yaml);
        }),
        error_at(
            "YAML flow nested 100,000 deep",
            "GS005",
            "a.md",
            Some(2),
            |s| {
                let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
                write(
                    s,
                    &in_dir("a.md"),
                    format!("---\ntitle: {deep}\nkind: news\ndate: 2021-08-01\n---\n"),
                );
            },
        ),
        error_at(
            "TOML arrays nested 100,000 deep",
            "GS102",
            "a.md",
            Some(2),
            |s| {
                let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
                write(
                    s,
                    &in_dir("a.md"),
                    format!("+++\ntitle = {deep}\nkind = \"news\"\ndate = 2021-08-01\n+++\n"),
                );
            },
        ),
        error_at("duplicate TOML key", "GS102", "a.md", Some(3), |s| {
            write(
                s,
                &in_dir("a.md"),
                "+++\ntitle = \"甲\"\ntitle = \"乙\"\nkind = \"news\"\ndate = 2021-08-01\n+++\n",
            )
        }),
        error_at("duplicate YAML key", "GS102", "a.md", None, |s| {
            write(
                s,
                &in_dir("a.md"),
                "---\ntitle: 甲\ntitle: 乙\nkind: news\ndate: 2021-08-01\n---\n",
            )
        }),
        error_at(
            "YAML front matter that is a list",
            "GS102",
            "a.md",
            Some(2),
            |s| write(s, &in_dir("a.md"), "---\n- title\n- kind\n---\n"),
        ),
        error_at("a 1 MB title", "GS005", "a.md", Some(2), |s| {
            write(
                s,
                &in_dir("a.md"),
                format!(
                    "+++\ntitle = \"{}\"\nkind = \"news\"\ndate = 2021-08-01\n+++\n",
                    "长".repeat(350_000)
                ),
            )
        }),
        error_at("title of the wrong type", "GS104", "a.md", Some(2), |s| {
            write(
                s,
                &in_dir("a.md"),
                "+++\ntitle = 5\nkind = \"news\"\ndate = 2021-08-01\n+++\n",
            )
        }),
        error_at("TOML date 2021-02-30", "GS102", "a.md", Some(4), |s| {
            write(
                s,
                &in_dir("a.md"),
                "+++\ntitle = \"甲\"\nkind = \"news\"\ndate = 2021-02-30\n+++\n",
            )
        }),
        error_at("YAML date 2021-02-30", "GS106", "a.md", Some(4), |s| {
            write(
                s,
                &in_dir("a.md"),
                "---\ntitle: 甲\nkind: news\ndate: 2021-02-30\n---\n",
            )
        }),
        error_at("a slug of 300 characters", "GS005", "a.md", Some(5), |s| {
            write(
                s,
                &in_dir("a.md"),
                notice(&format!("slug = \"{}\"\n", "a".repeat(300)), ""),
            )
        }),
        // ---------------------------------------------------- _region.toml
        error_at("seats = -1", "GS201", "_region.toml", Some(7), |s| {
            write(
                s,
                &in_dir("_region.toml"),
                region_with("seats = -1\nregistered = 1532\ncast = 1301\n"),
            )
        }),
        error_at(
            "registered beyond 64 bits",
            "GS201",
            "_region.toml",
            Some(8),
            |s| {
                write(
                    s,
                    &in_dir("_region.toml"),
                    region_with("seats = 5\nregistered = 99999999999999999999\ncast = 1301\n"),
                )
            },
        ),
        error_at(
            "registered of four billion",
            "GS201",
            "_region.toml",
            Some(3),
            |s| {
                write(
                    s,
                    &in_dir("_region.toml"),
                    region_with("seats = 5\nregistered = 4000000000\ncast = 4000000000\n"),
                )
            },
        ),
        error_at("seats as text", "GS201", "_region.toml", Some(7), |s| {
            write(
                s,
                &in_dir("_region.toml"),
                region_with("seats = \"五\"\nregistered = 1532\ncast = 1301\n"),
            )
        }),
        error_at(
            "region name as a number",
            "GS201",
            "_region.toml",
            Some(1),
            |s| {
                write(
                    s,
                    &in_dir("_region.toml"),
                    "name = 5\nkind = \"community\"\n",
                )
            },
        ),
        error_at(
            "unterminated string in _region.toml",
            "GS201",
            "_region.toml",
            Some(1),
            |s| {
                write(
                    s,
                    &in_dir("_region.toml"),
                    "name = \"三坊社区\nkind = \"community\"\n",
                )
            },
        ),
        // ---------------------------------------------------- CSV
        error_at("ragged CSV", "GS303", "d.csv", Some(3), |s| {
            write(
                s,
                &in_dir("t.md"),
                notice("", "\n{{ table(src=\"d.csv\") }}\n"),
            );
            write(s, &in_dir("d.csv"), "a,b\n1,2\n3\n");
        }),
        error_at(
            "CSV with an unterminated quote",
            "GS303",
            "d.csv",
            Some(2),
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice("", "\n{{ table(src=\"d.csv\") }}\n"),
                );
                write(s, &in_dir("d.csv"), "a,b\n1,\"2\n3,4\n");
            },
        ),
        error_at(
            "CSV header of a million columns",
            "GS005",
            "d.csv",
            Some(1),
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice("", "\n{{ table(src=\"d.csv\") }}\n"),
                );
                let header: Vec<String> = (0..1_000_000).map(|i| format!("c{i}")).collect();
                write(s, &in_dir("d.csv"), format!("{}\n", header.join(",")));
            },
        ),
        case("CSV of one 512 KB cell", Expect::Builds, "", |s| {
            write(
                s,
                &in_dir("t.md"),
                notice("", "\n{{ table(src=\"d.csv\") }}\n"),
            );
            write(
                s,
                &in_dir("d.csv"),
                format!("a,b\n1,\"{}\"\n", "x".repeat(512 << 10)),
            );
        }),
        error_at(
            "XLSX that is not a workbook",
            "GS303",
            "d.xlsx",
            None,
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice("", "\n{{ table(src=\"d.xlsx\") }}\n"),
                );
                write(s, &in_dir("d.xlsx"), "this is not a zip file");
            },
        ),
        // A zip bomb, scaled down: 600 KB that unpack to ten million cells
        // took over a minute and a gigabyte, but take as long to make here.
        // This one unpacks past its max_file_size (2 MB of XML in 15 KB).
        error_at(
            "XLSX that unpacks past max_file_size (zip bomb)",
            "GS003",
            "d.xlsx",
            None,
            |s| {
                append_config(s, "max_file_size = \"1 MB\"\n");
                write(
                    s,
                    &in_dir("t.md"),
                    notice("", "\n{{ table(src=\"d.xlsx\") }}\n"),
                );
                let row = format!("<row>{}</row>", "<c><v>1</v></c>".repeat(1000));
                write(
                    s,
                    &in_dir("d.xlsx"),
                    workbook("A1:ALL140", &row.repeat(140)),
                );
            },
        ),
        error_at(
            "XLSX declaring the whole sheet, A1:XFD1048576",
            "GS005",
            "d.xlsx",
            None,
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice("", "\n{{ table(src=\"d.xlsx\") }}\n"),
                );
                let row = "<row><c><v>1</v></c></row>";
                write(s, &in_dir("d.xlsx"), workbook("A1:XFD1048576", row));
            },
        ),
        // ---------------------------------------------------- path traversal
        error_at(
            "table src ../../etc/passwd",
            "GS113",
            "t.md",
            Some(7),
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice("", "\n{{ table(src=\"../../etc/passwd\") }}\n"),
                )
            },
        ),
        error_at("table src /etc/passwd", "GS113", "t.md", Some(7), |s| {
            write(
                s,
                &in_dir("t.md"),
                notice("", "\n{{ table(src=\"/etc/passwd\") }}\n"),
            )
        }),
        // The shortcode alone takes `\\` as one `\` (Markdown's escapes do
        // not apply inside it): `..\\\\..\\\\` in the file reaches the
        // reader as `..\\..\\`, refused all the same.
        error_at(
            "table src ..\\..\\etc\\passwd (escaped)",
            "GS113",
            "t.md",
            Some(7),
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice(
                        "",
                        "\n{{ table(src=\"..\\\\\\\\..\\\\\\\\etc\\\\\\\\passwd\") }}\n",
                    ),
                )
            },
        ),
        // As typed: once escaped twice (by Markdown, then by the shortcode),
        // the backslashes vanished (`....etcpasswd`, a missing file, GS111).
        // Now a `\` escapes only a quote or another `\`: the path reaches
        // the reader as written and is refused.
        error_at(
            "table src ..\\..\\etc\\passwd (as typed)",
            "GS113",
            "t.md",
            Some(7),
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice("", "\n{{ table(src=\"..\\..\\etc\\passwd\") }}\n"),
                )
            },
        ),
        error_at(
            "attachments ../../etc/passwd",
            "GS113",
            "t.md",
            Some(5),
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice("attachments = [\"../../etc/passwd\"]\n", ""),
                )
            },
        ),
        error_at("attachments /etc/passwd", "GS113", "t.md", Some(5), |s| {
            write(
                s,
                &in_dir("t.md"),
                notice("attachments = [\"/etc/passwd\"]\n", ""),
            )
        }),
        error_at(
            "attachments ..\\..\\etc\\passwd",
            "GS113",
            "t.md",
            Some(5),
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice("attachments = ['..\\..\\etc\\passwd']\n", ""),
                )
            },
        ),
        error_at("slug ../../etc", "GS113", "t.md", Some(5), |s| {
            write(s, &in_dir("t.md"), notice("slug = \"../../etc\"\n", ""))
        }),
        error_at("slug /etc", "GS113", "t.md", Some(5), |s| {
            write(s, &in_dir("t.md"), notice("slug = \"/etc\"\n", ""))
        }),
        error_at("slug ..\\..\\etc", "GS113", "t.md", Some(5), |s| {
            write(s, &in_dir("t.md"), notice("slug = '..\\..\\etc'\n", ""))
        }),
    ];
    #[cfg(unix)]
    cases.extend([
        error_at(
            "notice linked to /etc/passwd",
            "GS004",
            "x.md",
            Some(0),
            |s| link(s, &in_dir("x.md"), "/etc/passwd"),
        ),
        error_at(
            "data file linked to /etc/passwd",
            "GS004",
            "t.md",
            Some(7),
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice("", "\n{{ table(src=\"p.csv\") }}\n"),
                );
                link(s, &in_dir("p.csv"), "/etc/passwd");
            },
        ),
        error_at(
            "attachment linked to /etc/passwd",
            "GS004",
            "t.md",
            Some(5),
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice("attachments = [\"p.pdf\"]\n", ""),
                );
                link(s, &in_dir("p.pdf"), "/etc/passwd");
            },
        ),
        error_at(
            "attachment in a folder linked to /etc",
            "GS004",
            "t.md",
            Some(5),
            |s| {
                write(
                    s,
                    &in_dir("t.md"),
                    notice("attachments = [\"etc/passwd\"]\n", ""),
                );
                link(s, &in_dir("etc"), "/etc");
            },
        ),
        error_at(
            "region folder linked to /etc",
            "GS004",
            "etc",
            Some(0),
            |s| link(s, &in_dir("etc"), "/etc"),
        ),
        error_at(
            "_region.toml linked to /etc/passwd",
            "GS004",
            "村/_region.toml",
            Some(0),
            |s| {
                link(s, &in_dir("村/_region.toml"), "/etc/passwd");
                write(s, &in_dir("村/a.md"), notice("", "正文\n"));
            },
        ),
        error_at(
            "folder linked to its parent (loop)",
            "GS004",
            "loop",
            Some(0),
            |s| link(s, &in_dir("loop"), ".."),
        ),
        error_at(
            "notice linked to itself (loop)",
            "GS004",
            "x.md",
            Some(0),
            |s| link(s, &in_dir("x.md"), "x.md"),
        ),
        error_at("broken link", "GS004", "x.md", Some(0), |s| {
            link(s, &in_dir("x.md"), "nothing.md")
        }),
        case(
            "notice linked to another inside the site",
            Expect::Builds,
            "",
            |s| link(s, &in_dir("x.md"), "财务公开.md"),
        ),
    ]);
    cases
}

struct Run {
    exit: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    timed_out: bool,
}

/// `gongshi <args>`, killed after `limit`.
/// `gongshi check` of `site` with `extra` arguments, which must answer
/// within [`CASE_LIMIT`].
fn check_in_time(site: &Site, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--root", site.root().to_str().unwrap()];
    args.extend_from_slice(extra);
    let r = run(&args, CASE_LIMIT);
    assert!(!r.timed_out, "no answer after {:?}", r.elapsed);
    r
}

fn run(args: &[&str], limit: Duration) -> Run {
    let started = Instant::now();
    let mut child = support::locale(
        &mut Command::new(env!("CARGO_BIN_EXE_gongshi")),
        "zh_CN.UTF-8",
    )
    .args(args)
    .env("SOURCE_DATE_EPOCH", "1640966400")
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("gongshi runs");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            timed_out = true;
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        exit: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        elapsed: started.elapsed(),
        timed_out,
    }
}

fn staging_leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("gongshi-"))
        .collect()
}

/// Runs one case on a copy of the basic site holding `previous` as its
/// `public/`; returns what went wrong, if anything, and a line for the table.
fn run_case(case: &Case, previous: &Path) -> (Vec<String>, String) {
    let site = Site::copy_of("basic");
    copy_dir(previous, &site.path("public"));
    let before = tree(&site.path("public"));
    (case.setup)(&site);
    let root = site.root().to_str().unwrap();
    let built = run(&["build", "--root", root, "--format", "json"], CASE_LIMIT);
    // The human reporter quotes source lines: it must cope too (where it
    // reports an error; a case that builds shows it nothing new).
    let checked = (!matches!(case.expect, Expect::Builds))
        .then(|| run(&["check", "--root", root], CASE_LIMIT));
    let mut problems = Vec::new();
    for (what, r) in [
        ("build --format json", Some(&built)),
        ("check", checked.as_ref()),
    ] {
        let Some(r) = r else { continue };
        if r.timed_out {
            problems.push(format!("{what}: no answer after {:?} (hang?)", r.elapsed));
        }
        if r.exit == Some(101) || r.stderr.contains("panicked") {
            problems.push(format!("{what}: panicked\n{}", r.stderr));
        }
    }
    let diagnostics: Vec<serde_json::Value> = built
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    // Every diagnostic of every case, whatever its code, in both languages.
    problems.extend(diagnostics.iter().filter_map(support::bilingual_problem));
    let codes: Vec<String> = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| format!("{}@{}", d["code"].as_str().unwrap_or("?"), d["line"]))
        .collect();
    let wanted = match case.expect {
        Expect::Error(code, file, line) => Some((code, file.to_string(), line)),
        Expect::ErrorIn(code, line) => Some((code, case.file.clone(), line)),
        Expect::Builds => None,
    };
    match &wanted {
        Some((code, file, line)) => {
            if built.exit != Some(1) {
                problems.push(format!("exit {:?}, not 1", built.exit));
            }
            if let Some(checked) = checked.as_ref().filter(|c| c.exit != Some(1)) {
                problems.push(format!("check: exit {:?}, not 1", checked.exit));
            }
            let found = diagnostics.iter().any(|d| {
                d["code"] == *code
                    && d["severity"] == "error"
                    && d["file"] == file.as_str()
                    && line.is_none_or(|l| d["line"] == l)
                    && !d["message"].as_str().unwrap_or("").is_empty()
            });
            if !found {
                problems.push(format!(
                    "no {code} in {file} at line {line:?}: {}",
                    built.stdout
                ));
            }
            if tree(&site.path("public")) != before {
                problems.push("the previous public/ changed".to_string());
            }
        }
        None => {
            if built.exit != Some(0) {
                problems.push(format!(
                    "exit {:?}, not 0: {}{}",
                    built.exit, built.stdout, built.stderr
                ));
            }
        }
    }
    let leftovers = staging_leftovers(site.root());
    if !leftovers.is_empty() {
        problems.push(format!("staging folders left behind: {leftovers:?}"));
    }
    let line = format!(
        "{:<48} exit {:>4} {:>6.2}s  {}",
        case.name,
        built.exit.map_or("none".to_string(), |c| c.to_string()),
        built.elapsed.as_secs_f64(),
        codes.join(" ")
    );
    (problems, line)
}

/// Every case of the corpus: the expected exit code and diagnostic, never a
/// panic or a hang, and the previous output untouched.
#[test]
fn malformed_corpus() {
    let previous = Site::copy_of("basic");
    support::assert_exit(&previous.build(&[]), 0);
    let previous_public = previous.path("public");
    let cases = corpus();
    let next = AtomicUsize::new(0);
    let results = Mutex::new(BTreeMap::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                let Some(case) = cases.get(index) else { break };
                let outcome = run_case(case, &previous_public);
                results.lock().unwrap().insert(index, (case.name, outcome));
            });
        }
    });
    let results = results.into_inner().unwrap();
    if std::env::var_os("GONGSHI_MALFORMED_VERBOSE").is_some() {
        for (_, (_, line)) in results.values() {
            println!("{line}");
        }
    }
    let failures: Vec<String> = results
        .values()
        .filter(|(_, (problems, _))| !problems.is_empty())
        .map(|(name, (problems, _))| format!("{name}:\n  {}", problems.join("\n  ")))
        .collect();
    assert_eq!(results.len(), cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Every file under `dir` with its bytes, and every folder.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let bytes = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

/// `--out` at the site itself, above it, at someone's folder or at a file:
/// exit 2 with a clear message; nothing written or removed anywhere.
#[test]
fn out_folders_that_hold_the_site_or_other_files_are_refused() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("site");
    copy_dir(&fixture("basic"), &root);
    let build = |out: &Path| {
        run(
            &[
                "build",
                "--root",
                root.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
            CASE_LIMIT,
        )
    };
    let first = build(&root.join("public"));
    assert_eq!(first.exit, Some(0), "{}", first.stderr);
    let manifest = std::fs::read(root.join("public/disclosures.json")).unwrap();
    let someone = outer.path().join("someone");
    std::fs::create_dir(&someone).unwrap();
    std::fs::write(someone.join("论文.docx"), "precious").unwrap();
    std::fs::write(outer.path().join("a-file"), "a file").unwrap();
    type Plant = fn(&Path, &[u8]);
    let plant_manifest: Plant = |dir, manifest| {
        std::fs::write(dir.join("disclosures.json"), manifest).unwrap();
    };
    let nothing: Plant = |_, _| {};
    let cases: Vec<(&str, PathBuf, Plant, &str)> = vec![
        ("the site root", root.clone(), nothing, "拒绝覆盖"),
        (
            "the site root holding a manifest",
            root.clone(),
            plant_manifest,
            "源文件",
        ),
        ("content/", root.join("content"), nothing, "拒绝覆盖"),
        (
            "content/ holding a manifest",
            root.join("content"),
            plant_manifest,
            "源文件",
        ),
        ("site/", root.join("site"), nothing, "拒绝覆盖"),
        (
            "a folder inside content/",
            root.join(DIR).join("public"),
            nothing,
            "内容文件夹",
        ),
        (
            "the folder above the site",
            outer.path().to_path_buf(),
            nothing,
            "拒绝覆盖",
        ),
        (
            "the folder above the site holding a manifest",
            outer.path().to_path_buf(),
            plant_manifest,
            "源文件",
        ),
        ("someone's folder", someone.clone(), nothing, "拒绝覆盖"),
        ("a file", outer.path().join("a-file"), nothing, "不是文件夹"),
    ];
    for (name, out, plant, words) in cases {
        if out.is_dir() {
            plant(&out, &manifest);
        }
        let before = snapshot(outer.path());
        let r = build(&out);
        assert_eq!(r.exit, Some(2), "{name}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(words), "{name}: {}", r.stderr);
        assert_eq!(snapshot(outer.path()), before, "{name}: files changed");
        let _ = std::fs::remove_file(out.join("disclosures.json"));
    }
    // The previous output is still whole (its manifest was never planted).
    assert_eq!(
        std::fs::read(root.join("public/disclosures.json")).unwrap(),
        manifest
    );
}

/// A config that is a device, not a file: exit 2 at once (reading it would
/// never end).
#[cfg(unix)]
#[test]
fn config_linked_to_an_endless_device_is_refused() {
    let site = Site::copy_of("basic");
    std::fs::remove_file(site.path("site/config.toml")).unwrap();
    link(&site, "site/config.toml", "/dev/zero");
    let r = check_in_time(&site, &[]);
    assert_eq!(r.exit, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("不是普通文件"), "{}", r.stderr);
}

/// 10,000 small notices in one folder build. Slow unoptimized (the debug
/// binary renders the search index and pages without optimization): run in
/// release, `cargo test --release -p gongshi --test malformed ten_thousand`.
#[test]
#[cfg_attr(debug_assertions, ignore = "slow in a debug build: run with --release")]
fn ten_thousand_notices_in_one_folder() {
    let site = Site::copy_of("basic");
    for i in 0..10_000 {
        write(
            &site,
            &in_dir(&format!("通知{i:05}.md")),
            format!("+++\ntitle = \"第{i}号通知\"\nkind = \"news\"\ndate = 2021-08-01\n+++\n第{i}号。\n"),
        );
    }
    let r = run(
        &[
            "build",
            "--root",
            site.root().to_str().unwrap(),
            "--format",
            "json",
        ],
        Duration::from_secs(120),
    );
    assert!(!r.timed_out, "no answer after {:?}", r.elapsed);
    assert_eq!(r.exit, Some(0), "{}{}", r.stdout, r.stderr);
    let community = site.path("public/gu-lou-qu/dong-jie-jie-dao/san-fang-she-qu");
    let pages = std::fs::read_dir(&community)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
        .count();
    assert!(pages >= 10_000, "{pages} notice pages");
    println!("10,000 notices built in {:.1} s", r.elapsed.as_secs_f64());
}

// ------------------------------------------------------------------------
// Problems found here whose fix belongs outside loading.

/// The human reporter once read the whole file a diagnostic names, following
/// links: a link to `/dev/zero` (refused by loading with GS004) made it read
/// forever. `diagnostics/report.rs` now reads only regular files (links only
/// where loading follows them), at most `max_file_size` bytes, and only the
/// files whose lines are shown.
#[cfg(unix)]
#[test]
fn human_report_of_a_link_to_an_endless_file() {
    let site = Site::copy_of("basic");
    link(&site, &in_dir("x.md"), "/dev/zero");
    let r = check_in_time(&site, &[]);
    assert_eq!(r.exit, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("GS004"), "{}", r.stderr);
}

/// The human reporter once quoted the line of a diagnostic whole: on a line
/// of a million characters that took 14 s in release, minutes in debug.
/// `diagnostics/report.rs` now quotes a window of the line around the
/// column, with the real line and column named.
#[test]
fn human_report_of_a_very_long_line() {
    let site = Site::copy_of("basic");
    let body = format!(
        "{}<span onclick=\"x\">甲</span>\n",
        "村务公开 ".repeat(200_000)
    );
    write(&site, &in_dir("a.md"), notice("", &body));
    let r = check_in_time(&site, &[]);
    assert_eq!(r.exit, Some(0), "{}", r.stderr);
    assert!(r.stderr.contains("a.md:6:1000001"), "{}", r.stderr);
    assert!(r.stderr.contains("…"), "{}", r.stderr);
    assert!(r.stderr.len() < 10_000, "the line quoted whole?");
}

/// Every CSV record once counted the lines before it from the start of the
/// file: 100,000 short rows took minutes. `data/csv.rs` (`LineCounter`) now
/// counts on from the previous record.
#[test]
fn csv_of_many_rows_is_read_in_linear_time() {
    let site = Site::copy_of("basic");
    write(
        &site,
        &in_dir("t.md"),
        notice("", "\n{{ table(src=\"d.csv\") }}\n"),
    );
    let rows: String = (0..100_000).map(|i| format!("{i},{i}\n")).collect();
    write(&site, &in_dir("d.csv"), format!("a,b\n{rows}"));
    let r = check_in_time(&site, &["--format", "json"]);
    assert_ne!(r.exit, Some(101), "{}", r.stderr);
}
