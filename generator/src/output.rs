//! The only writer. The whole site is rendered in memory first; here it is
//! written into a temporary folder beside the output folder and renamed into
//! place, so a failed build never leaves a half-written site, and the
//! previous output stays as it was.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The file that marks a folder as gongshi's output (and lets `build`
/// replace it).
pub const MANIFEST: &str = "disclosures.json";

#[derive(Debug)]
pub enum Contents {
    Bytes(Vec<u8>),
    /// A file copied as is (attachments, static files).
    Copy(PathBuf),
}

/// The site as it will be written: every file by its path (relative, with
/// `/` separators), so the result never depends on the order of rendering.
pub type Output = BTreeMap<String, Contents>;

/// Writes `files` as the new content of `out`.
pub fn write(out: &Path, files: &Output) -> io::Result<()> {
    refuse_foreign_folder(out)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = out
        .file_name()
        .ok_or_else(|| io::Error::other(format!("输出目录 {} 无效", out.display())))?
        .to_string_lossy()
        .into_owned();
    let staging = parent.join(format!(".{name}.gongshi-new-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    if let Err(e) = write_all(&staging, files) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let retired = parent.join(format!(".{name}.gongshi-old-{}", std::process::id()));
    if out.exists() {
        fs::rename(out, &retired)?;
    }
    if let Err(e) = fs::rename(&staging, out) {
        // Put the previous output back before reporting.
        if retired.exists() {
            let _ = fs::rename(&retired, out);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if retired.exists() {
        fs::remove_dir_all(&retired)?;
    }
    Ok(())
}

fn write_all(dir: &Path, files: &Output) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    for (path, contents) in files {
        let target = dir.join(path);
        if let Some(p) = target.parent() {
            fs::create_dir_all(p)?;
        }
        match contents {
            Contents::Bytes(bytes) => fs::write(&target, bytes)?,
            Contents::Copy(source) => {
                fs::copy(source, &target).map_err(|e| {
                    io::Error::new(e.kind(), format!("复制 {} 失败：{e}", source.display()))
                })?;
            }
        }
    }
    Ok(())
}

/// `build` replaces its output folder whole: make sure that folder is one it
/// wrote (or empty), never a folder of someone's files given by mistake.
fn refuse_foreign_folder(out: &Path) -> io::Result<()> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(io::Error::other(format!(
            "输出路径 {} 已存在且不是文件夹",
            out.display()
        )));
    }
    let empty = fs::read_dir(out)?.next().is_none();
    if empty || out.join(MANIFEST).is_file() {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "输出文件夹 {} 不是空的，也不是 gongshi 生成的（没有 {MANIFEST}），为避免误删，拒绝覆盖；请换一个 --out 或先清空它",
            out.display()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(pairs: &[(&str, &str)]) -> Output {
        pairs
            .iter()
            .map(|(p, c)| (p.to_string(), Contents::Bytes(c.as_bytes().to_vec())))
            .collect()
    }

    #[test]
    fn replaces_previous_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(
            &out,
            &output(&[(MANIFEST, "{}"), ("old/index.html", "old")]),
        )
        .unwrap();
        write(
            &out,
            &output(&[(MANIFEST, "{}"), ("new/index.html", "new")]),
        )
        .unwrap();
        assert!(!out.join("old").exists());
        assert_eq!(
            fs::read_to_string(out.join("new/index.html")).unwrap(),
            "new"
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folders are cleaned up");
    }

    #[test]
    fn refuses_a_foreign_folder() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("thesis.docx"), "precious").unwrap();
        let e = write(dir.path(), &output(&[(MANIFEST, "{}")])).unwrap_err();
        assert!(e.to_string().contains("拒绝覆盖"));
        assert!(dir.path().join("thesis.docx").exists());
    }

    #[test]
    fn failed_copy_leaves_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &output(&[(MANIFEST, "v1")])).unwrap();
        let mut files = output(&[(MANIFEST, "v2")]);
        files.insert(
            "a.pdf".into(),
            Contents::Copy(dir.path().join("missing.pdf")),
        );
        assert!(write(&out, &files).is_err());
        assert_eq!(fs::read_to_string(out.join(MANIFEST)).unwrap(), "v1");
    }
}
