//! The only writer. Files go into a temporary folder beside the output
//! folder, which is renamed into place only when the build has no error, so
//! a failed build never leaves a half-written site and the previous output
//! stays as it was. `build` spills pages into that folder while rendering
//! (see [`Staging::spill`]), so a large site is never all in memory; the
//! rest is written at the end.

use crate::diagnostics::{text, Text};
use crate::precompress::{self, Effort};
use crate::progress::Progress;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The file that marks a folder as gongshi's output (and lets `build`
/// replace it).
pub const MANIFEST: &str = "disclosures.json";

#[derive(Debug)]
pub enum Contents {
    Bytes(Vec<u8>),
    /// A file copied as is (attachments, static files).
    Copy(PathBuf),
    /// Written into the staging folder already, while rendering.
    Spilled(Spilled),
}

/// What later stages need of a page spilled while rendering.
#[derive(Debug, Clone)]
pub struct Spilled {
    /// SHA-256 of the bytes written, lowercase hex, for `disclosures.json`:
    /// a build hashes only the pages made from a source file (the notices'),
    /// which the manifest lists. Every page and feed would be 187 MB to
    /// hash at 10,000 notices instead of 112 MB.
    pub sha256: Option<String>,
    /// The `id`s of an HTML page (for anchor checks); empty otherwise.
    pub ids: Vec<String>,
}

/// Why writing was refused or failed, in both languages: the error inside
/// the `io::Error`s of [`write`] that are ours (see [`error_text`]).
#[derive(Debug)]
pub struct Refused(pub Text);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.zh())
    }
}

impl std::error::Error for Refused {}

fn refused(text: Text) -> io::Error {
    io::Error::other(Refused(text))
}

/// The words for an error of [`write`]: ours in both languages, the
/// system's own (the same in both) otherwise.
pub fn error_text(error: &io::Error) -> Text {
    match error.get_ref().and_then(|e| e.downcast_ref::<Refused>()) {
        Some(Refused(text)) => text.clone(),
        None => Text::new(error.to_string(), error.to_string()),
    }
}

/// The site as it will be written: every file by its path (relative, with
/// `/` separators), so the result never depends on the order of rendering.
pub type Output = BTreeMap<String, Contents>;

/// Writes `files` as the new content of `out`; with `precompress`, text
/// files get `.gz` and `.br` copies beside them (see `precompress.rs`).
pub fn write(
    out: &Path,
    files: &Output,
    precompress: bool,
    progress: &dyn Progress,
) -> io::Result<()> {
    Staging::create(out, precompress)?.finish(files, progress)
}

/// The folder a build is written into before it replaces the output
/// folder. Dropped unfinished (an error was found, writing failed), it is
/// removed with everything spilled into it.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// Where the previous output waits while the new one is renamed in.
    retired: PathBuf,
    precompress: bool,
    /// The first error of a spill, reported by `finish`.
    failure: Mutex<Option<io::Error>>,
    /// The folders made in `dir` so far, as the parents of output paths:
    /// asking the system for a folder again costs a failed `mkdir` and a
    /// `stat` (19,000 pairs at 10,000 notices).
    made: Mutex<HashSet<String>>,
}

impl Staging {
    /// Makes an empty staging folder beside `out`. Nothing in `out` is
    /// touched before [`Staging::finish`], which checks that it may be
    /// replaced.
    pub fn create(out: &Path, precompress: bool) -> io::Result<Staging> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .ok_or_else(|| {
                let out = out.display();
                refused(
                    text!(zh: "输出目录 {out} 无效", en: "the output folder {out} is not valid"),
                )
            })?
            .to_string_lossy()
            .into_owned();
        let dir = parent.join(format!(".{name}.gongshi-new-{}", std::process::id()));
        let retired = parent.join(format!(".{name}.gongshi-old-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            retired,
            precompress,
            failure: Mutex::new(None),
            made: Mutex::new(HashSet::new()),
        })
    }

    /// Writes one rendered file (and its compressed copies) now; any thread
    /// may call it. False when it could not be written: the error is kept
    /// for [`Staging::finish`] to report, and the caller keeps the bytes.
    pub fn spill(&self, path: &str, bytes: &[u8]) -> bool {
        let written = if is_safe_path(path) {
            self.make_folder_of(path)
                .and_then(|()| fs::write(self.dir.join(path), bytes))
                .and_then(|()| self.compressed_copies(path, bytes, |_| false))
        } else {
            Err(unsafe_path(path))
        };
        match written {
            Ok(()) => true,
            Err(e) => {
                let mut failure = self.failure.lock().unwrap_or_else(|p| p.into_inner());
                failure.get_or_insert(e);
                false
            }
        }
    }

    /// Writes what was not spilled and puts the staging folder in the
    /// place of the output folder, when that may be replaced.
    pub fn finish(self, files: &Output, progress: &dyn Progress) -> io::Result<()> {
        if let Some(e) = self
            .failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            return Err(e);
        }
        refuse_unsafe_paths(files)?;
        refuse_foreign_folder(&self.out)?;
        refuse_source_folder(&self.out, files)?;
        self.write_rest(files, progress)?;
        let (out, retired) = (&self.out, &self.retired);
        if out.exists() {
            fs::rename(out, retired)?;
        }
        if let Err(e) = fs::rename(&self.dir, out) {
            // Put the previous output back before reporting.
            if retired.exists() {
                let _ = fs::rename(retired, out);
            }
            return Err(e);
        }
        if retired.exists() {
            fs::remove_dir_all(retired)?;
        }
        Ok(())
    }

    /// The `.gz` and `.br` copies of a file written as `path`, when asked
    /// for and worth it; `taken(copy)` says the site has a file of that
    /// name itself, which wins.
    fn compressed_copies(
        &self,
        path: &str,
        bytes: &[u8],
        taken: impl Fn(&str) -> bool,
    ) -> io::Result<()> {
        if !(self.precompress && precompress::is_compressible(path, bytes.len())) {
            return Ok(());
        }
        for (suffix, compressed) in precompress::compress(bytes, Effort::for_path(path)) {
            let copy = format!("{path}{suffix}");
            if !taken(&copy) {
                fs::write(self.dir.join(&copy), compressed)?;
            }
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Gone already when finished (renamed into place).
        let _ = fs::remove_dir_all(&self.dir);
    }
}

impl Staging {
    /// Makes the folder that the output path `path` goes into, and each
    /// folder above it, unless made already: each level is one `mkdir`,
    /// top down, never one that fails because its parent is missing.
    fn make_folder_of(&self, path: &str) -> io::Result<()> {
        let Some((folder, _)) = path.rsplit_once('/') else {
            return Ok(());
        };
        let made = || self.made.lock().unwrap_or_else(|p| p.into_inner());
        let missing: Vec<&str> = {
            let made = made();
            let mut missing = Vec::new();
            let mut level = Some(folder);
            while let Some(f) = level.filter(|f| !made.contains(*f)) {
                missing.push(f);
                level = f.rsplit_once('/').map(|(above, _)| above);
            }
            missing
        };
        for f in missing.iter().rev() {
            match fs::create_dir(self.dir.join(f)) {
                // Another thread may have made it since the set was read.
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
                _ => {}
            }
        }
        made().extend(missing.into_iter().map(str::to_string));
        Ok(())
    }

    /// Writes every file not spilled yet, on every core.
    fn write_rest(&self, files: &Output, progress: &dyn Progress) -> io::Result<()> {
        files.par_iter().try_for_each(|(path, contents)| {
            self.write_one(files, path, contents)?;
            progress.advance(1);
            Ok(())
        })
    }

    /// Writes one file, and its compressed copies when asked.
    fn write_one(&self, files: &Output, path: &str, contents: &Contents) -> io::Result<()> {
        let target = self.dir.join(path);
        if !matches!(contents, Contents::Spilled(_)) {
            self.make_folder_of(path)?;
        }
        let written = match contents {
            Contents::Bytes(bytes) => {
                fs::write(&target, bytes)?;
                std::borrow::Cow::Borrowed(bytes.as_slice())
            }
            Contents::Copy(source) => {
                let size = fs::copy(source, &target).map_err(|e| {
                    let source = source.display();
                    io::Error::new(
                        e.kind(),
                        Refused(text!(zh: "复制 {source} 失败：{e}", en: "copying {source} failed: {e}")),
                    )
                })? as usize;
                if !(self.precompress && precompress::is_compressible(path, size)) {
                    return Ok(());
                }
                // A copied file is read back only when it gets compressed copies.
                std::borrow::Cow::Owned(fs::read(&target)?)
            }
            Contents::Spilled(_) => return Ok(()),
        };
        // A file of that name among the site's own wins.
        self.compressed_copies(path, &written, |copy| files.contains_key(copy))
    }
}

/// Every output path must stay inside the output folder: relative, with no
/// `..`, no drive, no backslash. Paths come from slugs and file names that
/// loading checked already; this is the last line of defence.
fn refuse_unsafe_paths(files: &Output) -> io::Result<()> {
    match files.keys().find(|p| !is_safe_path(p)) {
        Some(bad) => Err(unsafe_path(bad)),
        None => Ok(()),
    }
}

fn is_safe_path(path: &str) -> bool {
    crate::load::safe_relative_path(path).is_some() && path.trim() == path
}

fn unsafe_path(bad: &str) -> io::Error {
    refused(text!(
        zh: "输出文件路径 “{bad}” 会写到输出文件夹以外，拒绝写入",
        en: "the output path “{bad}” would be written outside the output folder: refused"
    ))
}

/// The output folder replaced whole must not hold the site itself: the site
/// root, its `content/` or `site/` (given as `--out` by mistake), or any
/// folder above a file the build copies from.
fn refuse_source_folder(out: &Path, files: &Output) -> io::Result<()> {
    // Inside a region folder of `content/`: the next build would read it.
    let absolute = std::path::absolute(out)?;
    if let Some(region) = absolute
        .ancestors()
        .skip(1)
        .find(|a| a.join("_region.toml").is_file())
    {
        let (out, region) = (out.display(), region.display());
        return Err(refused(text!(
            zh: "输出文件夹 {out} 在内容文件夹 {region} 里面，拒绝写入；请用 --out 指定内容文件夹以外的地方，例如 public",
            en: "the output folder {out} is inside the content folder {region}: refused; give --out a place outside the content, such as public"
        )));
    }
    let Ok(out_real) = out.canonicalize() else {
        return Ok(()); // Does not exist yet: nothing in it to lose.
    };
    // Never in an output folder: gongshi publishes neither.
    let looks_like_site = out.join("site/config.toml").exists()
        || out.join("content/_region.toml").exists()
        || out.join("_region.toml").exists()
        || (out.join("content").is_dir() && out.join("site").is_dir());
    let holds_source = files.values().any(|c| match c {
        Contents::Copy(source) => source
            .canonicalize()
            .is_ok_and(|s| s.starts_with(&out_real)),
        Contents::Bytes(_) | Contents::Spilled(_) => false,
    });
    if looks_like_site || holds_source {
        let out = out.display();
        return Err(refused(text!(
            zh: "输出文件夹 {out} 含有站点的源文件（content/、site/ 或要发布的附件），替换它会删掉这些文件，拒绝写入；请用 --out 指定一个单独的文件夹，例如 public",
            en: "the output folder {out} holds the site's own files (content/, site/ or attachments to publish), which replacing it would delete: refused; give --out a folder of its own, such as public"
        )));
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
        let out = out.display();
        return Err(refused(text!(
            zh: "输出路径 {out} 已存在且不是文件夹",
            en: "the output path {out} exists and is not a folder"
        )));
    }
    let empty = fs::read_dir(out)?.next().is_none();
    if empty || out.join(MANIFEST).is_file() {
        Ok(())
    } else {
        let out = out.display();
        Err(refused(text!(
            zh: "输出文件夹 {out} 不是空的，也不是 gongshi 生成的（没有 {MANIFEST}），为避免误删，拒绝覆盖；请换一个 --out 或先清空它",
            en: "the output folder {out} is not empty and was not made by gongshi (it has no {MANIFEST}): refused to overwrite it, so nothing is deleted by mistake; give another --out or empty it first"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

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
            false,
            &Silent,
        )
        .unwrap();
        write(
            &out,
            &output(&[(MANIFEST, "{}"), ("new/index.html", "new")]),
            false,
            &Silent,
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
        let e = write(dir.path(), &output(&[(MANIFEST, "{}")]), false, &Silent).unwrap_err();
        assert!(e.to_string().contains("拒绝覆盖"));
        assert!(dir.path().join("thesis.docx").exists());
    }

    #[test]
    fn refuses_paths_outside_and_folders_holding_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for bad in ["../x.html", "/etc/x", "a/../../x", "a\\..\\x", ""] {
            let e = write(
                &out,
                &output(&[(MANIFEST, "{}"), (bad, "x")]),
                false,
                &Silent,
            )
            .unwrap_err();
            assert!(e.to_string().contains("拒绝写入"), "{bad}: {e}");
            assert!(!out.exists(), "{bad}");
        }
        // A site root with a manifest in it (someone copied one there).
        let site = dir.path().join("site-root");
        fs::create_dir_all(site.join("content")).unwrap();
        fs::write(site.join("content/_region.toml"), "").unwrap();
        fs::write(site.join(MANIFEST), "{}").unwrap();
        let e = write(&site, &output(&[(MANIFEST, "{}")]), false, &Silent).unwrap_err();
        assert!(e.to_string().contains("源文件"), "{e}");
        assert!(site.join("content").is_dir());
        // A folder above a file the build copies.
        let above = dir.path().join("above");
        fs::create_dir_all(above.join("x")).unwrap();
        fs::write(above.join(MANIFEST), "{}").unwrap();
        fs::write(above.join("x/a.pdf"), "pdf").unwrap();
        let mut files = output(&[(MANIFEST, "{}")]);
        files.insert("a.pdf".into(), Contents::Copy(above.join("x/a.pdf")));
        assert!(write(&above, &files, false, &Silent).is_err());
        assert!(above.join("x/a.pdf").exists());
        // Inside a region folder.
        let inside = site.join("content/public");
        let e = write(&inside, &output(&[(MANIFEST, "{}")]), false, &Silent).unwrap_err();
        assert!(e.to_string().contains("内容文件夹"), "{e}");
        assert!(!inside.exists());
    }

    #[test]
    fn failed_copy_leaves_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &output(&[(MANIFEST, "v1")]), false, &Silent).unwrap();
        let mut files = output(&[(MANIFEST, "v2")]);
        files.insert(
            "a.pdf".into(),
            Contents::Copy(dir.path().join("missing.pdf")),
        );
        assert!(write(&out, &files, false, &Silent).is_err());
        assert_eq!(fs::read_to_string(out.join(MANIFEST)).unwrap(), "v1");
    }
}
