//! The preview's rebuilds (`gongshi serve`). The first build is a whole
//! one; after that, an edit to notices (their Markdown, or a data file or
//! attachment beside them) loads and renders only what it can change: the
//! notices themselves, their neighbours and corrections, the region pages
//! and feeds above them, their elections, the listings of their kinds, the
//! home page, the sitemap and the manifest. Anything else (a new, removed or
//! renamed notice, a region file, the config, templates, static files, a
//! notice that no longer loads, a new build date) is a whole build again.
//!
//! The search index is rebuilt after the pages ([`Preview::refresh_search`]),
//! so that the edited page shows first. Once both are done, the files are
//! the same, byte for byte, as a whole build's (`tests/preview.rs` checks
//! this for every kind of edit).
//!
//! While the content has errors nothing is handed out, and what changed is
//! kept until a rebuild without errors hands it out in one patch.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::elections::Elections;
use crate::load::reload_notice;
use crate::model::{Notice, NoticeId, RegionId, Site};
use crate::output::{Contents, Output};
use crate::render::search::Stopped;
use crate::render::{self, Batch, Collector, Origin, RenderedBody, Scope, ThemeAssets, Touched};
use crate::{assets, check, pii, BuildOptions, Fatal};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Rebuilds a site for the preview, as little of it as an edit needs.
pub struct Preview {
    options: BuildOptions,
    last: Option<Last>,
    /// Files changed since `last` that it does not reflect yet: a whole
    /// build that found errors is not kept, so the next rebuild starts from
    /// `last` again with these.
    pending: BTreeSet<PathBuf>,
    /// The pages are newer than the search index.
    search_stale: bool,
}

/// What a rebuild found and what to serve now.
pub struct Rebuilt {
    pub diagnostics: Diagnostics,
    /// `None` when an error keeps the last good build in place.
    pub update: Option<Update>,
    /// Whether only what the edit touched was rendered.
    pub incremental: bool,
}

/// How the served files change.
pub enum Update {
    /// Every file, after a whole build.
    Whole(Output),
    Patch(Patch),
}

impl Update {
    pub fn apply(self, output: &mut Output) {
        match self {
            Update::Whole(whole) => *output = whole,
            Update::Patch(patch) => patch.apply(output),
        }
    }
}

/// Files to write (new or changed) and paths to remove.
#[derive(Default)]
pub struct Patch {
    pub files: BTreeMap<String, Option<Contents>>,
}

impl Patch {
    pub fn apply(self, output: &mut Output) {
        for (path, contents) in self.files {
            match contents {
                Some(contents) => output.insert(path, contents),
                None => output.remove(&path),
            };
        }
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// The latest rendered state of the site, good or not.
struct Last {
    site: Site,
    elections: Elections,
    tera: tera::Tera,
    theme: ThemeAssets,
    bodies: Vec<RenderedBody>,
    /// What rendering each body found, by notice id.
    body_diagnostics: Vec<Vec<Diagnostic>>,
    /// Found while loading (the config, regions, notices, personal numbers).
    loaded: Vec<Diagnostic>,
    /// Every file, pages by their hash and ids only: the served copy holds
    /// their bytes.
    files: Output,
    origins: HashMap<String, Origin>,
    /// Changes not handed out yet (`None`: removed), while errors last.
    unsent: Patch,
    /// No error: changes may be handed out.
    publishable: bool,
}

/// Why an edit needs a whole build.
struct Whole;

impl Preview {
    pub fn new(options: BuildOptions) -> Self {
        Preview {
            options,
            last: None,
            pending: BTreeSet::new(),
            search_stale: false,
        }
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        &self.options.root
    }

    /// Rebuilds after `changed` (absolute paths; none for the first build).
    pub fn rebuild(
        &mut self,
        changed: impl IntoIterator<Item = PathBuf>,
    ) -> Result<Rebuilt, Fatal> {
        self.pending.extend(changed);
        if let Some(mut last) = self.last.take() {
            if let Some(ids) = notices_to_reload(&last, &self.pending) {
                match incremental(&mut last, &ids, &self.options) {
                    Ok(rebuilt) => {
                        // A template error leaves pages missing that only
                        // rendering them again would report: start over.
                        let template_error = rebuilt
                            .diagnostics
                            .iter()
                            .any(|d| d.code == Code::TemplateError);
                        if !template_error {
                            self.last = Some(last);
                        }
                        self.pending.clear();
                        self.search_stale = true;
                        return Ok(rebuilt);
                    }
                    // `incremental` gives up before it changes `last`.
                    Err(Whole) => self.last = Some(last),
                }
            } else {
                self.last = Some(last);
            }
        }
        self.whole()
    }

    /// Rebuilds the search index after a rebuild of pages only; the patch
    /// to serve, when there is one and no error holds it back. When `stop`
    /// says so before the index is made (an edit is waiting), nothing
    /// changes and the index is still to be refreshed.
    pub fn refresh_search(
        &mut self,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Result<Option<Patch>, Stopped> {
        let Some(last) = self.last.as_mut().filter(|_| self.search_stale) else {
            return Ok(None);
        };
        let mut index = Batch::default();
        render::search_index(&last.site, &last.bodies, &last.theme, &mut index, stop)?;
        self.search_stale = false;
        let mut out = Collector::resume(
            std::mem::take(&mut last.files),
            std::mem::take(&mut last.origins),
        );
        out.forget_under(assets::SEARCH_INDEX_DIR, |_, _| true);
        out.forget_under(assets::SEARCH_JS_PATH, |path, _| {
            path == assets::SEARCH_JS_PATH
        });
        Batch::merge_all(vec![(index, Vec::new())], &mut out, &mut Vec::new());
        let (files, origins, changes) = out.into_parts(&mut Vec::new());
        last.files = files;
        last.origins = origins;
        last.take_in(changes);
        Ok(last.hand_out())
    }

    fn whole(&mut self) -> Result<Rebuilt, Fatal> {
        let run = crate::pipeline(&self.options, None, &crate::progress::Silent)?;
        let (Some(site), Some(tera), Some(mut rendered)) = (run.site, run.tera, run.rendered)
        else {
            let mut found = run.loaded;
            found.extend(run.checked);
            return Ok(Rebuilt {
                diagnostics: crate::collect(found),
                update: None,
                incremental: false,
            });
        };
        let (served, origins, _) = rendered.out.into_parts(&mut rendered.diagnostics);
        let diagnostics = gather(
            &run.loaded,
            run.checked,
            &rendered.body_diagnostics,
            rendered.diagnostics,
        );
        if diagnostics.has_errors() {
            // Keep `last` and what changed since: the next rebuild may
            // start from there.
            return Ok(Rebuilt {
                diagnostics,
                update: None,
                incremental: false,
            });
        }
        let files = served
            .par_iter()
            .map(|(path, contents)| (path.clone(), kept(path, contents)))
            .collect();
        self.last = Some(Last {
            site,
            elections: run.elections,
            tera,
            theme: rendered.theme,
            bodies: rendered.bodies,
            body_diagnostics: rendered.body_diagnostics,
            loaded: run.loaded,
            files,
            origins,
            unsent: Patch::default(),
            publishable: true,
        });
        self.pending.clear();
        self.search_stale = false;
        Ok(Rebuilt {
            diagnostics,
            update: Some(Update::Whole(served)),
            incremental: false,
        })
    }
}

impl Last {
    /// Records what a render changed, keeping pages' bytes only until they
    /// are handed out.
    fn take_in(&mut self, changes: render::Changes) {
        for path in changes.removed {
            self.unsent.files.insert(path, None);
        }
        for path in changes.written {
            let Some(contents) = self.files.get_mut(&path) else {
                continue;
            };
            let small = kept(&path, contents);
            let full = std::mem::replace(contents, small);
            self.unsent.files.insert(path, Some(full));
        }
    }

    /// The changes not handed out yet, unless an error holds them back.
    fn hand_out(&mut self) -> Option<Patch> {
        (self.publishable && !self.unsent.is_empty()).then(|| std::mem::take(&mut self.unsent))
    }
}

/// Every diagnostic of a render, in the pipeline's order; what loading and
/// the bodies found is kept for the next rebuild, so it is copied.
fn gather(
    loaded: &[Diagnostic],
    checked: Vec<Diagnostic>,
    body_diagnostics: &[Vec<Diagnostic>],
    rendered: Vec<Diagnostic>,
) -> Diagnostics {
    let mut found = loaded.to_vec();
    found.extend(checked);
    found.extend(body_diagnostics.iter().flatten().cloned());
    found.extend(rendered);
    crate::collect(found)
}

/// What the preview keeps of a file besides the served copy: a page's hash
/// and ids (for the manifest and the link check), anything else as it is.
fn kept(path: &str, contents: &Contents) -> Contents {
    match contents {
        Contents::Bytes(bytes) if path.ends_with(".html") || path.ends_with(".xml") => {
            Contents::Spilled(render::spilled(path, bytes, true))
        }
        Contents::Bytes(bytes) => Contents::Bytes(bytes.clone()),
        Contents::Copy(source) => Contents::Copy(source.clone()),
        Contents::Spilled(spilled) => Contents::Spilled(spilled.clone()),
    }
}

/// The notices to read again for the edits to `changed`, or `None` when
/// they need a whole build.
fn notices_to_reload(last: &Last, changed: &BTreeSet<PathBuf>) -> Option<BTreeSet<NoticeId>> {
    let site = &last.site;
    let root = &site.root;
    let content = root.join(crate::load::CONTENT_DIR);
    let by_source: HashMap<&Path, NoticeId> = site
        .notices
        .iter()
        .map(|n| (n.source.as_path(), n.id))
        .collect();
    let mut ids = BTreeSet::new();
    for path in changed {
        // Only the content folder: the config, templates and static files
        // change every page.
        let below = path.strip_prefix(&content).ok()?;
        let rel = Path::new(crate::load::CONTENT_DIR).join(below);
        let meta = path.symlink_metadata();
        let is_file = meta.as_ref().is_ok_and(|m| m.file_type().is_file());
        if let Some(id) = by_source.get(rel.as_path()) {
            // An edited notice; a removed one (or one made a link) changes
            // the set of pages.
            if !is_file {
                return None;
            }
            ids.insert(*id);
            continue;
        }
        let name = path.file_name()?.to_string_lossy();
        if name.ends_with(".md") || name == crate::load::region::REGION_FILE {
            return None; // a new notice, or a region
        }
        if meta.is_ok() && !is_file {
            return None; // a folder or a link: maybe regions and notices
        }
        if meta.is_err()
            && (site.regions.iter().any(|r| r.dir.starts_with(&rel))
                || site.notices.iter().any(|n| n.source.starts_with(&rel)))
        {
            return None; // a folder with regions or notices was removed
        }
        // A data file or attachment, edited, added or removed: only the
        // notices above it can name it (their paths may not use `..`).
        let folder = rel.parent()?;
        ids.extend(
            site.notices
                .iter()
                .filter(|n| n.source.parent().is_some_and(|d| folder.starts_with(d)))
                .map(|n| n.id),
        );
    }
    Some(ids)
}

/// A notice before the edit.
struct Replaced {
    id: NoticeId,
    notice: Notice,
    body: RenderedBody,
}

/// Loads and renders again what an edit to notices `ids` touches. `last`
/// is left as it was when the answer is `Whole`.
fn incremental(
    last: &mut Last,
    ids: &BTreeSet<NoticeId>,
    options: &BuildOptions,
) -> Result<Rebuilt, Whole> {
    let mut reloaded_diagnostics = Vec::new();
    let mut fresh = Vec::with_capacity(ids.len());
    for &id in ids {
        let old = last.site.notice(id);
        let mut notice = reload_notice(&last.site, id, options.drafts, &mut reloaded_diagnostics)
            .filter(|n| n.path == old.path && n.region == old.region)
            .ok_or(Whole)?;
        pii::scan_notice(last.site.config.pii, &mut notice, &mut reloaded_diagnostics);
        fresh.push(notice);
    }
    // Every page's 公示期 status reads the build date.
    let newest = last
        .site
        .notices
        .iter()
        .filter(|n| !ids.contains(&n.id))
        .chain(&fresh)
        .map(|n| n.date.date)
        .max();
    if options.build_date.or(newest) != last.site.build_date {
        return Err(Whole);
    }
    // Swap the edited notices in, keeping the old ones and the old order
    // of their regions.
    let regions: BTreeSet<RegionId> = fresh.iter().map(|n| n.region).collect();
    let old_orders: HashMap<RegionId, Vec<NoticeId>> = regions
        .iter()
        .map(|r| (*r, last.site.region(*r).notices.clone()))
        .collect();
    let olds: Vec<(NoticeId, Notice)> = fresh
        .into_iter()
        .map(|n| (n.id, std::mem::replace(&mut last.site.notices[n.id.0], n)))
        .collect();
    sort_regions(&mut last.site, &regions);
    let site = &last.site;
    let id_list: Vec<NoticeId> = ids.iter().copied().collect();
    let bodies = render::render_bodies(site, &id_list);
    let mut replaced = Vec::with_capacity(ids.len());
    for ((id, notice), (body, found)) in olds.into_iter().zip(bodies) {
        last.body_diagnostics[id.0] = found;
        replaced.push(Replaced {
            id,
            notice,
            body: std::mem::replace(&mut last.bodies[id.0], body),
        });
    }
    let touched = touched(site, &last.bodies, &replaced, &old_orders);
    last.elections = Elections::collect_again(site, std::mem::take(&mut last.elections), ids);
    let elections = &last.elections;
    let checked = check::check(site, elections);

    let mut out = Collector::resume(
        std::mem::take(&mut last.files),
        std::mem::take(&mut last.origins),
    );
    forget_touched(site, &touched, &mut out);
    let mut rendered = Vec::new();
    render::render_pages(
        site,
        elections,
        &last.tera,
        &last.bodies,
        &last.theme,
        &Scope::Only(touched),
        &mut out,
        &mut rendered,
    );
    render::links::check(site, &last.bodies, &out, &mut rendered);
    let (files, origins, changes) = out.into_parts(&mut rendered);
    last.files = files;
    last.origins = origins;
    last.take_in(changes);

    // Loading found the same as before except in the files read again.
    let sources: BTreeSet<&Path> = ids
        .iter()
        .map(|id| last.site.notice(*id).source.as_path())
        .collect();
    last.loaded
        .retain(|d| !sources.contains(d.location.file.as_path()));
    last.loaded.extend(reloaded_diagnostics);
    let diagnostics = gather(&last.loaded, checked, &last.body_diagnostics, rendered);
    last.publishable = !diagnostics.has_errors();
    let update = last.hand_out().map(Update::Patch);
    Ok(Rebuilt {
        diagnostics,
        update,
        incremental: true,
    })
}

/// Puts the notices of `regions` in order again, newest first.
fn sort_regions(site: &mut Site, regions: &BTreeSet<RegionId>) {
    for region in regions {
        let mut order = std::mem::take(&mut site.regions[region.0].notices);
        order.sort_by(|a, b| crate::load::newest_first(site.notice(*a), site.notice(*b)));
        site.regions[region.0].notices = order;
    }
}

/// The pages that can show what changed in the `replaced` notices.
fn touched(
    site: &Site,
    bodies: &[RenderedBody],
    replaced: &[Replaced],
    old_orders: &HashMap<RegionId, Vec<NoticeId>>,
) -> Touched {
    let mut t = Touched::default();
    for old in replaced {
        let new = site.notice(old.id);
        let was = &old.notice;
        t.notices.insert(old.id);
        // What listings, feeds and other notices' pages show of a notice.
        let listed = was.title != new.title
            || was.date != new.date
            || was.kind != new.kind
            || was.valid_until != new.valid_until
            || was.election != new.election
            || was.supersedes != new.supersedes
            || old.body.excerpt != bodies[old.id.0].excerpt;
        // Election pages and the 换届 statistics read these notices (and
        // a result's table).
        let electoral = [was, new].iter().any(|n| {
            n.election.is_some()
                || n.supersedes.is_some()
                || crate::config::ELECTION_KINDS.contains(&n.kind.as_str())
        });
        if listed || electoral {
            t.regions
                .extend(site.lineage(new.region).into_iter().map(|r| r.id));
        }
        if electoral {
            t.elections.insert(new.region);
        }
        if !listed {
            continue;
        }
        // Its neighbours before and after (a new date moves it).
        let orders = [&old_orders[&new.region], &site.region(new.region).notices];
        for order in orders {
            if let Some(place) = order.iter().position(|id| *id == old.id) {
                t.notices.extend(place.checked_sub(1).map(|p| order[p]));
                t.notices.extend(order.get(place + 1).copied());
            }
        }
        // What it corrects, and its corrections.
        t.notices.extend(was.supersedes);
        t.notices.extend(new.supersedes);
        t.notices.extend(
            site.notices
                .iter()
                .filter(|n| n.supersedes == Some(old.id))
                .map(|n| n.id),
        );
        t.kinds.insert(was.kind.clone());
        t.kinds.insert(new.kind.clone());
        // The home page counts kinds and lists the newest notices; with
        // several notices edited at once their old places are not known.
        t.home |= was.kind != new.kind
            || replaced.len() > 1
            || on_home_page(site, was)
            || on_home_page(site, new);
        t.kinds_index |= was.kind != new.kind;
        // The sitemap gives each page's date.
        t.sitemap |= was.date.date != new.date.date;
    }
    t
}

/// Whether the home page lists `notice` among the newest: fewer notices
/// than it shows come before it.
fn on_home_page(site: &Site, notice: &Notice) -> bool {
    let newer = site
        .notices
        .iter()
        .filter(|n| n.id != notice.id && crate::load::newest_first(n, notice).is_lt())
        .count();
    newer < site.config.home_latest
}

/// Forgets the files of the previous render that rendering `touched` makes
/// again, so that one it no longer makes (a table taken out, a listing page
/// fewer) is gone.
fn forget_touched(site: &Site, touched: &Touched, out: &mut Collector) {
    for id in &touched.notices {
        // A notice's page, downloads and attachments sit in its folder.
        let notice = site.notice(*id);
        out.forget_under(
            &notice.path,
            |_, origin| matches!(origin, Origin::File(file) if *file == notice.source),
        );
    }
    for id in &touched.regions {
        // A region's page and statistics downloads sit in its folder (the
        // root's under regions/), its sub-regions' below; its feed too.
        let region = site.region(*id);
        let folder = if region.parent.is_none() {
            "regions/"
        } else {
            region.path.as_str()
        };
        let file = region.dir.join(crate::load::region::REGION_FILE);
        out.forget_under(folder, |path, origin| {
            !path[folder.len()..].contains('/')
                && matches!(origin, Origin::File(made_by) if *made_by == file)
        });
        let feed = format!("{}feed.xml", region.path);
        out.forget_under(&feed, |path, _| path == feed);
    }
    for kind in &touched.kinds {
        out.forget_under(&format!("kinds/{kind}/"), |_, _| true);
    }
}
