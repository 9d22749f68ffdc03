//! Every page of section 7, each from its template and a typed context.

use super::context::{
    kind_ctx, region_full_name, region_link, summary, AssetsCtx, DateCtx, KindCtx, Link,
    NoticeSummary, SiteCtx, Urls,
};
use super::fingerprint::ThemeAssets;
use super::manifest;
use super::markdown::RenderedBody;
use super::paper::PaperCtx;
use super::templates::{template_error, TEMPLATES_DIR};
use super::{Batch, Collector, Origin, Sink};
use crate::assets;
use crate::diagnostics::Diagnostic;
use crate::elections::stats::TermRow;
use crate::elections::Elections;
use crate::load::newest_first;
use crate::model::{Notice, NoticeId, Region, RegionId, RegionKind, Site};
use crate::output::{Contents, Staging};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use tera::{Context, Tera};

#[path = "election_page.rs"]
mod election_page;

/// Shared by every page renderer.
struct Renderer<'a> {
    site: &'a Site,
    elections: &'a Elections,
    tera: &'a Tera,
    urls: Urls,
    /// The context every page starts from: `site`, made into template
    /// values once (a clone is cheaper than serializing it for each page).
    base_context: Context,
    bodies: &'a [RenderedBody],
    /// For every region, its notices and those of its sub-regions, newest
    /// first.
    within: Vec<Vec<NoticeId>>,
    /// For every notice, where it stands in its region's `notices`: its
    /// newer and older neighbours are found from there.
    places: Vec<Option<usize>>,
    /// Where a `build` writes pages as they are rendered.
    spill: Option<&'a Staging>,
}

impl Renderer<'_> {
    fn summary(&self, id: NoticeId) -> NoticeSummary {
        summary(
            self.site,
            &self.urls,
            self.site.notice(id),
            &self.bodies[id.0].excerpt,
        )
    }

    fn summaries(&self, ids: &[NoticeId]) -> Vec<NoticeSummary> {
        ids.iter().map(|id| self.summary(*id)).collect()
    }

    /// Renders a page with `site`, `page` and the page's own object, and
    /// adds it to the output (minified when the site asks for it).
    fn emit<T: Serialize>(
        &self,
        page: Page<T>,
        out: &mut impl Sink,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let mut context = self.base_context.clone();
        context.insert("page", page.ctx);
        context.insert(page.key, page.data);
        // Rendered into bytes: `Tera::render` would check the whole page
        // is UTF-8 again to make it a `String` (every part of it is a `str`).
        let mut bytes = Vec::with_capacity(PAGE_CAPACITY);
        match self.tera.render_to(page.template, &context, &mut bytes) {
            Ok(()) => {
                // Pages only: feeds and the sitemap are XML, for readers
                // that want it as written.
                if self.site.config.minify && page.path.ends_with(".html") {
                    bytes = super::minify::page(&bytes);
                }
                out.add(page.path, Contents::Bytes(bytes), page.origin)
            }
            Err(e) => diagnostics.push(template_error(
                &Path::new(TEMPLATES_DIR).join(page.template),
                &e,
            )),
        }
    }

    fn breadcrumbs(&self, region: RegionId) -> Vec<Link> {
        self.site
            .lineage(region)
            .into_iter()
            .map(|r| region_link(r, &self.urls))
            .collect()
    }
}

/// Room for a typical page, so that rendering one seldom grows its buffer.
const PAGE_CAPACITY: usize = 16 * 1024;

/// One page to render: its template, where it goes, and what it shows.
struct Page<'a, T> {
    template: &'static str,
    path: String,
    ctx: &'a PageCtx,
    /// Name under which the template sees `data` (`notice`, `region`…).
    key: &'static str,
    data: &'a T,
    origin: Origin,
}

/// What every page has besides `site`.
#[derive(Serialize)]
struct PageCtx {
    title: String,
    /// The page's own link, for `aria-current` and canonical links.
    url: String,
    canonical_url: String,
    breadcrumbs: Vec<Link>,
    /// Which section of the top navigation the page belongs to.
    section: &'static str,
}

impl PageCtx {
    fn new(
        r: &Renderer,
        title: String,
        path: &str,
        breadcrumbs: Vec<Link>,
        section: &'static str,
    ) -> Self {
        PageCtx {
            title,
            url: r.urls.link(path),
            canonical_url: r.urls.absolute(path),
            breadcrumbs,
            section,
        }
    }
}

/// Which pages a render makes: every one (a build), or those an edit to
/// some notices can change (the preview, see `crate::preview`).
pub enum Scope {
    All,
    Only(Touched),
}

/// The pages an edit touches, by what they show.
#[derive(Debug, Default)]
pub struct Touched {
    /// Notice pages (with their downloads and attachments).
    pub notices: BTreeSet<NoticeId>,
    /// Region pages and feeds.
    pub regions: BTreeSet<RegionId>,
    /// The election pages of these regions.
    pub elections: BTreeSet<RegionId>,
    /// Every listing page of these kinds.
    pub kinds: BTreeSet<String>,
    pub home: bool,
    /// The page of every kind with its count.
    pub kinds_index: bool,
    pub sitemap: bool,
}

impl Scope {
    pub fn has_notice(&self, id: NoticeId) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(t) => t.notices.contains(&id),
        }
    }

    fn has_region(&self, id: RegionId) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(t) => t.regions.contains(&id),
        }
    }

    fn has_elections_of(&self, id: RegionId) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(t) => t.elections.contains(&id),
        }
    }

    fn has_kind(&self, kind: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(t) => t.kinds.contains(kind),
        }
    }

    /// Whether the page `pick` names of [`Touched`] is in.
    fn has(&self, pick: impl Fn(&Touched) -> bool) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(t) => pick(t),
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn render_all(
    site: &Site,
    elections: &Elections,
    tera: &Tera,
    bodies: &[RenderedBody],
    theme: &ThemeAssets,
    scope: &Scope,
    out: &mut Collector,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let urls = Urls::new(&site.config);
    let mut base_context = Context::new();
    base_context.insert("site", &site_context(site, &urls, theme));
    let r = Renderer {
        site,
        elections,
        tera,
        urls,
        base_context,
        bodies,
        within: notices_within_newest_first(site),
        places: places_in_regions(site),
        spill: out.spill(),
    };
    let corrections = corrections_of(site);
    let stats = crate::elections::stats::roll_up(site, elections);
    let notice_pages: Vec<(Batch, Vec<Diagnostic>)> = site
        .notices
        .par_iter()
        .filter(|notice| scope.has_notice(notice.id))
        .map(|notice| {
            let (mut batch, mut found) = (Batch::default(), Vec::new());
            notice_page(&r, notice, &corrections, &mut batch, &mut found);
            batch.spill(r.spill);
            (batch, found)
        })
        .collect();
    Batch::merge_all(notice_pages, out, diagnostics);
    let region_pages: Vec<(Batch, Vec<Diagnostic>)> = site
        .regions
        .par_iter()
        .filter(|region| scope.has_region(region.id))
        .map(|region| {
            let (mut batch, mut found) = (Batch::default(), Vec::new());
            region_page(&r, region, &stats[region.id.0], &mut batch, &mut found);
            feed(&r, region, &mut batch, &mut found);
            batch.spill(r.spill);
            (batch, found)
        })
        .collect();
    Batch::merge_all(region_pages, out, diagnostics);
    election_page::render(
        &r,
        |region| scope.has_elections_of(region),
        out,
        diagnostics,
    );
    if scope.has(|t| t.home) {
        home_page(&r, out, diagnostics);
    }
    if scope.has(|t| t.kinds_index) {
        kinds_page(&r, out, diagnostics);
    }
    if scope.has(|t| t.sitemap) {
        sitemap(&r, out, diagnostics);
    }
    kind_pages(&r, scope, out, diagnostics);
    manifest::write(site, &r.urls, out);
    if !matches!(scope, Scope::All) {
        return;
    }
    // Neither shows a notice: an edit never changes them.
    plain_page(
        &r,
        "search.html",
        "search/index.html",
        "搜索",
        "search",
        out,
        diagnostics,
    );
    plain_page(
        &r,
        "404.html",
        "404.html",
        "页面不存在",
        "",
        out,
        diagnostics,
    );
}

fn site_context(site: &Site, urls: &Urls, theme: &ThemeAssets) -> SiteCtx {
    let config = &site.config;
    SiteCtx {
        title: config.title.clone(),
        description: config.description.clone(),
        language: config.language.clone(),
        base_url: config.base_url.url().to_string(),
        base_path: config.base_url.path().to_string(),
        home_url: urls.link(""),
        search_url: urls.link("search/"),
        kinds_url: urls.link("kinds/"),
        feed_url: urls.link("feed.xml"),
        build_date: site.build_date.map(DateCtx::day),
        kinds: config
            .kinds
            .iter()
            .map(|k| kind_ctx(config, urls, &k.id))
            .collect(),
        assets: AssetsCtx {
            stylesheet: urls.link(theme.path(assets::STYLESHEET_PATH)),
            reading_mode: urls.link(theme.path(assets::READING_MODE_JS_PATH)),
            search: urls.link(assets::SEARCH_JS_PATH),
            search_engine: urls.link(theme.path(assets::SEARCH_ENGINE_JS_PATH)),
            search_engine_wasm: urls.link(theme.path(assets::SEARCH_ENGINE_WASM_PATH)),
            table: urls.link(theme.path(assets::TABLE_JS_PATH)),
            table_widget: urls.link(theme.path(assets::TABLE_WIDGET_JS_PATH)),
            table_widget_wasm: urls.link(theme.path(assets::TABLE_WIDGET_WASM_PATH)),
            read_aloud: urls.link(theme.path(assets::READ_ALOUD_JS_PATH)),
        },
        generator: format!("gongshi {}", env!("CARGO_PKG_VERSION")),
    }
}

/// Corrections of each notice, oldest first.
fn corrections_of(site: &Site) -> HashMap<NoticeId, Vec<NoticeId>> {
    let mut map: HashMap<NoticeId, Vec<NoticeId>> = HashMap::new();
    for notice in &site.notices {
        if let Some(target) = notice.supersedes {
            map.entry(target).or_default().push(notice.id);
        }
    }
    for list in map.values_mut() {
        list.sort_by(|a, b| newest_first(site.notice(*b), site.notice(*a)));
    }
    map
}

/// For every region, the notices of it and its sub-regions, newest first.
fn notices_within_newest_first(site: &Site) -> Vec<Vec<NoticeId>> {
    site.regions
        .iter()
        .map(|region| {
            let mut ids = site.notices_within(region.id);
            ids.sort_by(|a, b| newest_first(site.notice(*a), site.notice(*b)));
            ids
        })
        .collect()
}

/// For every notice (by `NoticeId`), its index in its region's `notices`.
/// Computed once: looking each notice up in its region's list made 10,000
/// notices in one folder take time growing with the square of their number.
fn places_in_regions(site: &Site) -> Vec<Option<usize>> {
    let mut places = vec![None; site.notices.len()];
    for region in &site.regions {
        for (place, id) in region.notices.iter().enumerate() {
            places[id.0] = Some(place);
        }
    }
    places
}

// ---------------------------------------------------------------- notices

#[derive(Serialize)]
struct NoticeCtx {
    title: String,
    url: String,
    kind: KindCtx,
    date: DateCtx,
    valid_until: Option<DateCtx>,
    /// The 公示期 relative to the build date, when the notice has one.
    display_status: Option<StatusCtx>,
    region: RegionRef,
    /// Who issues the notice, as printed under it.
    issuer: String,
    body_html: String,
    attachments: Vec<AttachmentCtx>,
    election: Option<ElectionRef>,
    supersedes: Option<NoticeSummary>,
    corrections: Vec<NoticeSummary>,
    newer: Option<NoticeSummary>,
    older: Option<NoticeSummary>,
    source_sha256: String,
    /// The QR code and hash printed on the paper notice.
    paper: PaperCtx,
    /// Only in a preview with drafts: the page says it will not be published.
    draft: bool,
}

#[derive(Serialize)]
struct RegionRef {
    name: String,
    full_name: String,
    url: String,
    code: Option<String>,
}

#[derive(Serialize)]
struct StatusCtx {
    /// `upcoming`, `active` or `ended`, for styling.
    state: &'static str,
    /// 未开始 / 公示中 / 已结束.
    label: &'static str,
}

#[derive(Serialize)]
struct AttachmentCtx {
    name: String,
    url: String,
    size: String,
}

#[derive(Serialize)]
struct ElectionRef {
    id: String,
    body: &'static str,
    day: DateCtx,
}

fn display_status(notice: &Notice, build_date: Option<NaiveDate>) -> Option<StatusCtx> {
    let until = notice.valid_until?;
    let today = build_date?;
    Some(if today < notice.date.date {
        StatusCtx {
            state: "upcoming",
            label: "未开始",
        }
    } else if today <= until {
        StatusCtx {
            state: "active",
            label: "公示中",
        }
    } else {
        StatusCtx {
            state: "ended",
            label: "已结束",
        }
    })
}

fn issuer(region: &Region, kind: &str) -> String {
    let election = crate::config::ELECTION_KINDS.contains(&kind);
    let suffix = match (region.kind, election) {
        (RegionKind::Village, true) => "村民选举委员会",
        (RegionKind::Village, false) => "村民委员会",
        (RegionKind::Community, true) => "居民选举委员会",
        (RegionKind::Community, false) => "居民委员会",
        _ => "",
    };
    format!("{}{}", region.name, suffix)
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{:.0} KB", b as f64 / 1024.0),
        b => format!("{b} 字节"),
    }
}

fn notice_page(
    r: &Renderer,
    notice: &Notice,
    corrections: &HashMap<NoticeId, Vec<NoticeId>>,
    out: &mut impl Sink,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let site = r.site;
    let region = site.region(notice.region);
    let neighbour = |offset: isize| {
        r.places[notice.id.0]
            .and_then(|p| p.checked_add_signed(offset))
            .and_then(|p| region.notices.get(p))
            .map(|id| r.summary(*id))
    };
    let election = notice.election.as_ref().and_then(|id| {
        region
            .elections
            .iter()
            .find(|e| &e.id == id)
            .map(|e| ElectionRef {
                id: e.id.clone(),
                body: e.body.display_name(),
                day: DateCtx::day(e.day),
            })
    });
    let ctx = NoticeCtx {
        title: notice.title.clone(),
        url: r.urls.link(&notice.path),
        kind: kind_ctx(&site.config, &r.urls, &notice.kind),
        date: DateCtx::published(notice.date),
        valid_until: notice.valid_until.map(DateCtx::day),
        display_status: display_status(notice, site.build_date),
        region: RegionRef {
            name: region.name.clone(),
            full_name: region_full_name(site, region),
            url: r.urls.link(&region.path),
            code: region.code.clone(),
        },
        issuer: issuer(region, &notice.kind),
        body_html: r.bodies[notice.id.0].html.clone(),
        attachments: notice
            .attachments
            .iter()
            .map(|a| AttachmentCtx {
                name: a.name.clone(),
                url: r.urls.link(&format!("{}{}", notice.path, a.name)),
                size: human_size(a.size),
            })
            .collect(),
        election,
        supersedes: notice.supersedes.map(|id| r.summary(id)),
        corrections: corrections
            .get(&notice.id)
            .map(|ids| r.summaries(ids))
            .unwrap_or_default(),
        newer: neighbour(-1),
        older: neighbour(1),
        source_sha256: notice.source_sha256.clone(),
        paper: PaperCtx::new(r.urls.absolute(&notice.path), &notice.source_sha256),
        draft: notice.draft,
    };
    let mut breadcrumbs = r.breadcrumbs(notice.region);
    breadcrumbs.push(Link {
        name: notice.title.clone(),
        url: ctx.url.clone(),
    });
    let page = PageCtx::new(
        r,
        notice.title.clone(),
        &notice.path,
        breadcrumbs,
        "regions",
    );
    r.emit(
        Page {
            template: "notice.html",
            path: format!("{}index.html", notice.path),
            ctx: &page,
            key: "notice",
            data: &ctx,
            origin: Origin::File(notice.source.clone()),
        },
        out,
        diagnostics,
    );
}

// ---------------------------------------------------------------- regions

#[derive(Serialize)]
struct RegionCtx {
    name: String,
    kind: RegionKind,
    kind_name: &'static str,
    code: Option<String>,
    url: String,
    feed_url: String,
    children: Vec<ChildCtx>,
    /// The region's own notices by kind (kinds in the configured order).
    groups: Vec<GroupCtx>,
    /// The newest notices of the region and all regions below it.
    latest_within: Vec<NoticeSummary>,
    notice_count: usize,
    total_count: usize,
    elections: Vec<ElectionCtx>,
    /// The 换届 statistics of the region and all below it (table, chart
    /// and definitions), made by gongshi; `None` without elections.
    stats_html: Option<String>,
}

#[derive(Serialize)]
struct ChildCtx {
    name: String,
    url: String,
    kind_name: &'static str,
    notice_count: usize,
}

#[derive(Serialize)]
struct GroupCtx {
    kind: KindCtx,
    notices: Vec<NoticeSummary>,
}

#[derive(Serialize)]
struct ElectionCtx {
    id: String,
    body: &'static str,
    day: DateCtx,
    seats: u32,
    registered: u32,
    cast: u32,
    /// Share of registered voters who cast a ballot, `85.1%`.
    turnout: String,
    /// `文昌社区居民委员会选举（2021）`.
    title: String,
    /// The election's timeline page (`None` only if it has none).
    url: Option<String>,
}

/// Newest notices of a region and its sub-regions shown on its page.
const LATEST_WITHIN: usize = 10;

fn region_page(
    r: &Renderer,
    region: &Region,
    stats: &[TermRow],
    out: &mut impl Sink,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let site = r.site;
    // The root region is the home page; its listing page lives under /regions/.
    let path = if region.parent.is_none() {
        "regions/".to_string()
    } else {
        region.path.clone()
    };
    let region_file = region.dir.join(crate::load::region::REGION_FILE);
    let stats = super::stats::render(stats, &region_file);
    for download in stats.iter().flat_map(|s| &s.downloads) {
        out.add(
            format!("{path}{}", download.name),
            Contents::Bytes(download.bytes.clone()),
            Origin::File(region_file.clone()),
        );
    }
    let within = &r.within;
    let groups = site
        .config
        .kinds
        .iter()
        .filter_map(|kind| {
            let ids: Vec<NoticeId> = region
                .notices
                .iter()
                .copied()
                .filter(|id| site.notice(*id).kind == kind.id)
                .collect();
            (!ids.is_empty()).then(|| GroupCtx {
                kind: kind_ctx(&site.config, &r.urls, &kind.id),
                notices: r.summaries(&ids),
            })
        })
        .collect();
    let ctx = RegionCtx {
        name: region.name.clone(),
        kind: region.kind,
        kind_name: region.kind.display_name(),
        code: region.code.clone(),
        url: r.urls.link(&region.path),
        feed_url: r.urls.link(&format!("{}feed.xml", region.path)),
        children: region
            .children
            .iter()
            .map(|c| {
                let child = site.region(*c);
                ChildCtx {
                    name: child.name.clone(),
                    url: r.urls.link(&child.path),
                    kind_name: child.kind.display_name(),
                    notice_count: within[c.0].len(),
                }
            })
            .collect(),
        groups,
        latest_within: r
            .summaries(&within[region.id.0][..within[region.id.0].len().min(LATEST_WITHIN)]),
        notice_count: region.notices.len(),
        total_count: within[region.id.0].len(),
        elections: region
            .elections
            .iter()
            .enumerate()
            .map(|(index, e)| ElectionCtx {
                id: e.id.clone(),
                body: e.body.display_name(),
                day: DateCtx::day(e.day),
                seats: e.seats,
                registered: e.registered,
                cast: e.cast,
                turnout: percent(e.cast, e.registered),
                title: election_page::election_title(region, e),
                url: r
                    .elections
                    .of_region(region.id)
                    .any(|record| record.index == index)
                    .then(|| r.urls.link(&election_page::election_path(region, e))),
            })
            .collect(),
        stats_html: stats.map(|s| s.html),
    };
    let page = PageCtx::new(
        r,
        region.name.clone(),
        &path,
        r.breadcrumbs(region.id),
        "regions",
    );
    let origin = Origin::File(region.dir.join(crate::load::region::REGION_FILE));
    r.emit(
        Page {
            template: "region.html",
            path: format!("{path}index.html"),
            ctx: &page,
            key: "region",
            data: &ctx,
            origin,
        },
        out,
        diagnostics,
    );
}

fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        return "—".into();
    }
    format!("{:.1}%", f64::from(part) * 100.0 / f64::from(whole))
}

// ---------------------------------------------------------------- home

#[derive(Serialize)]
struct HomeCtx {
    latest: Vec<NoticeSummary>,
    tree: Vec<TreeNode>,
    region_count: usize,
    notice_count: usize,
    kinds: Vec<KindCount>,
}

#[derive(Serialize)]
struct TreeNode {
    name: String,
    url: String,
    kind_name: &'static str,
    notice_count: usize,
    children: Vec<TreeNode>,
}

#[derive(Serialize)]
struct KindCount {
    kind: KindCtx,
    count: usize,
}

/// The regions below `id`, nested.
fn tree(r: &Renderer, id: RegionId) -> Vec<TreeNode> {
    r.site
        .region(id)
        .children
        .iter()
        .map(|c| {
            let child = r.site.region(*c);
            TreeNode {
                name: child.name.clone(),
                url: r.urls.link(&child.path),
                kind_name: child.kind.display_name(),
                notice_count: r.within[c.0].len(),
                children: tree(r, *c),
            }
        })
        .collect()
}

fn kind_counts(r: &Renderer) -> Vec<KindCount> {
    r.site
        .config
        .kinds
        .iter()
        .map(|k| KindCount {
            kind: kind_ctx(&r.site.config, &r.urls, &k.id),
            count: r.site.notices.iter().filter(|n| n.kind == k.id).count(),
        })
        .collect()
}

fn home_page(r: &Renderer, out: &mut Collector, diagnostics: &mut Vec<Diagnostic>) {
    let site = r.site;
    let all = &r.within[0];
    let ctx = HomeCtx {
        latest: r.summaries(&all[..all.len().min(site.config.home_latest)]),
        tree: tree(r, RegionId(0)),
        region_count: site.regions.len() - 1,
        notice_count: all.len(),
        kinds: kind_counts(r),
    };
    let page = PageCtx::new(r, site.config.title.clone(), "", Vec::new(), "home");
    r.emit(
        Page {
            template: "index.html",
            path: "index.html".into(),
            ctx: &page,
            key: "home",
            data: &ctx,
            origin: Origin::Generated("首页", "home page"),
        },
        out,
        diagnostics,
    );
}

// ---------------------------------------------------------------- kinds

#[derive(Serialize)]
struct KindPageCtx {
    kind: KindCtx,
    notices: Vec<NoticeSummary>,
    total_count: usize,
    pagination: Pagination,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    previous_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
}

#[derive(Serialize)]
struct KindsCtx {
    kinds: Vec<KindCount>,
}

fn kind_page_path(kind: &str, page: usize) -> String {
    if page == 1 {
        format!("kinds/{kind}/")
    } else {
        format!("kinds/{kind}/page/{page}/")
    }
}

/// Every listing page of the kinds in `scope`, rendered on every core.
fn kind_pages(r: &Renderer, scope: &Scope, out: &mut Collector, diagnostics: &mut Vec<Diagnostic>) {
    let site = r.site;
    let per_page = site.config.paginate;
    let listings: Vec<(&crate::config::Kind, Vec<NoticeId>)> = site
        .config
        .kinds
        .iter()
        .filter(|kind| scope.has_kind(&kind.id))
        .map(|kind| {
            let ids = r.within[0]
                .iter()
                .copied()
                .filter(|id| site.notice(*id).kind == kind.id)
                .collect();
            (kind, ids)
        })
        .collect();
    // (kind, its notices, page number), a page per job.
    let jobs: Vec<(&crate::config::Kind, &[NoticeId], usize)> = listings
        .iter()
        .flat_map(|(kind, ids)| {
            let total_pages = ids.len().div_ceil(per_page).max(1);
            (1..=total_pages).map(move |number| (*kind, ids.as_slice(), number))
        })
        .collect();
    let pages: Vec<(Batch, Vec<Diagnostic>)> = jobs
        .par_iter()
        .map(|&(kind, ids, number)| {
            let (mut batch, mut found) = (Batch::default(), Vec::new());
            kind_page(r, kind, ids, number, &mut batch, &mut found);
            batch.spill(r.spill);
            (batch, found)
        })
        .collect();
    Batch::merge_all(pages, out, diagnostics);
}

/// Page `number` of the listing of `kind`, whose notices are `ids`.
fn kind_page(
    r: &Renderer,
    kind: &crate::config::Kind,
    ids: &[NoticeId],
    number: usize,
    out: &mut impl Sink,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let site = r.site;
    let per_page = site.config.paginate;
    let total_pages = ids.len().div_ceil(per_page).max(1);
    let chunk = ids.chunks(per_page).nth(number - 1).unwrap_or(&[]);
    let link = |n: usize| r.urls.link(&kind_page_path(&kind.id, n));
    let ctx = KindPageCtx {
        kind: kind_ctx(&site.config, &r.urls, &kind.id),
        notices: r.summaries(chunk),
        total_count: ids.len(),
        pagination: Pagination {
            current: number,
            total: total_pages,
            previous_url: (number > 1).then(|| link(number - 1)),
            next_url: (number < total_pages).then(|| link(number + 1)),
            pages: (1..=total_pages)
                .map(|n| PageLink {
                    number: n,
                    url: link(n),
                })
                .collect(),
        },
    };
    let path = kind_page_path(&kind.id, number);
    let mut title = kind.name.clone();
    if number > 1 {
        title.push_str(&format!("（第 {number} 页）"));
    }
    let page = PageCtx::new(r, title, &path, Vec::new(), "kinds");
    r.emit(
        Page {
            template: "kind.html",
            path: format!("{path}index.html"),
            ctx: &page,
            key: "listing",
            data: &ctx,
            origin: Origin::Generated("栏目页", "listing page"),
        },
        out,
        diagnostics,
    );
}

/// The page listing every kind with its count.
fn kinds_page(r: &Renderer, out: &mut Collector, diagnostics: &mut Vec<Diagnostic>) {
    let ctx = KindsCtx {
        kinds: kind_counts(r),
    };
    let page = PageCtx::new(r, "公开栏目".into(), "kinds/", Vec::new(), "kinds");
    r.emit(
        Page {
            template: "kinds.html",
            path: "kinds/index.html".into(),
            ctx: &page,
            key: "listing",
            data: &ctx,
            origin: Origin::Generated("栏目页", "listing page"),
        },
        out,
        diagnostics,
    );
}

// ---------------------------------------------------------------- others

fn plain_page(
    r: &Renderer,
    template: &'static str,
    path: &str,
    title: &str,
    section: &'static str,
    out: &mut Collector,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let site_path = path.trim_end_matches("index.html");
    let page = PageCtx::new(r, title.into(), site_path, Vec::new(), section);
    #[derive(Serialize)]
    struct Browse {
        tree: Vec<TreeNode>,
    }
    r.emit(
        Page {
            template,
            path: path.into(),
            ctx: &page,
            key: "browse",
            data: &Browse {
                tree: tree(r, RegionId(0)),
            },
            origin: Origin::Generated("", ""),
        },
        out,
        diagnostics,
    );
}

#[derive(Serialize)]
struct FeedCtx {
    title: String,
    /// Absolute URL of the feed itself.
    self_url: String,
    /// Absolute URL of the page the feed follows.
    alternate_url: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    url: String,
    updated: String,
    summary: String,
    author: String,
    kind: String,
}

/// RFC 3339 in China Standard Time, as Atom requires.
fn rfc3339(notice: &Notice) -> String {
    let time = notice.date.time.unwrap_or_default();
    format!(
        "{}T{}+08:00",
        notice.date.date.format("%Y-%m-%d"),
        time.format("%H:%M:%S")
    )
}

fn feed(r: &Renderer, region: &Region, out: &mut impl Sink, diagnostics: &mut Vec<Diagnostic>) {
    let site = r.site;
    let within = &r.within[region.id.0];
    let region_path = region.path.as_str();
    let entries: Vec<FeedEntry> = within
        .iter()
        .take(site.config.feed_limit)
        .map(|id| {
            let n = site.notice(*id);
            FeedEntry {
                title: n.title.clone(),
                url: r.urls.absolute(&n.path),
                updated: rfc3339(n),
                summary: r.bodies[id.0].excerpt.clone(),
                author: issuer(site.region(n.region), &n.kind),
                kind: kind_ctx(&site.config, &r.urls, &n.kind).name,
            }
        })
        .collect();
    let updated = within
        .first()
        .map(|id| rfc3339(site.notice(*id)))
        .unwrap_or_else(|| "1970-01-01T00:00:00+08:00".into());
    let title = if region.parent.is_none() {
        site.config.title.clone()
    } else {
        format!("{} · {}", region_full_name(site, region), site.config.title)
    };
    let feed_path = format!("{region_path}feed.xml");
    let ctx = FeedCtx {
        title: title.clone(),
        self_url: r.urls.absolute(&feed_path),
        alternate_url: r.urls.absolute(region_path),
        updated,
        entries,
    };
    let page = PageCtx::new(r, title, &feed_path, Vec::new(), "");
    r.emit(
        Page {
            template: "feed.xml",
            path: feed_path,
            ctx: &page,
            key: "feed",
            data: &ctx,
            origin: Origin::Generated("订阅源", "feed"),
        },
        out,
        diagnostics,
    );
}

#[derive(Serialize)]
struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
}

fn sitemap(r: &Renderer, out: &mut Collector, diagnostics: &mut Vec<Diagnostic>) {
    let site = r.site;
    let mut entries = vec![SitemapEntry {
        loc: r.urls.absolute(""),
        lastmod: None,
    }];
    entries.extend(site.regions.iter().skip(1).map(|region| SitemapEntry {
        loc: r.urls.absolute(&region.path),
        lastmod: None,
    }));
    entries.extend(site.notices.iter().map(|n| SitemapEntry {
        loc: r.urls.absolute(&n.path),
        lastmod: Some(n.date.date.format("%Y-%m-%d").to_string()),
    }));
    entries.extend(
        election_page::sitemap_entries(site, &r.elections.records)
            .into_iter()
            .map(|(path, newest)| SitemapEntry {
                loc: r.urls.absolute(&path),
                lastmod: newest.map(|d| d.format("%Y-%m-%d").to_string()),
            }),
    );
    entries.extend(site.config.kinds.iter().map(|k| SitemapEntry {
        loc: r.urls.absolute(&format!("kinds/{}/", k.id)),
        lastmod: None,
    }));
    let page = PageCtx::new(r, "sitemap".into(), "sitemap.xml", Vec::new(), "");
    r.emit(
        Page {
            template: "sitemap.xml",
            path: "sitemap.xml".into(),
            ctx: &page,
            key: "entries",
            data: &entries,
            origin: Origin::Generated("网站地图", "sitemap"),
        },
        out,
        diagnostics,
    );
}

/// Hex sha256 of bytes, as the manifest records pages.
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::load::hex(&Sha256::digest(bytes))
}
