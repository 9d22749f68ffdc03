//! The `Site` model that loading produces and every later stage reads.

use crate::config::Config;
use chrono::{NaiveDate, NaiveTime};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionId(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NoticeId(pub usize);

#[derive(Debug)]
pub struct Site {
    /// The site root (holding `content/` and `site/`).
    pub root: PathBuf,
    pub config: Config,
    /// `regions[0]` is the root region (`content/`); parents come before
    /// their children.
    pub regions: Vec<Region>,
    /// Published notices (drafts are counted, not kept, unless the preview
    /// asked for them).
    pub notices: Vec<Notice>,
    pub drafts: usize,
    /// The date pages are "as of": from `SOURCE_DATE_EPOCH`, else the newest
    /// notice date, so that rebuilding the same input gives the same bytes.
    /// `None` only for a site without notices.
    pub build_date: Option<NaiveDate>,
}

impl Site {
    pub fn region(&self, id: RegionId) -> &Region {
        &self.regions[id.0]
    }

    pub fn notice(&self, id: NoticeId) -> &Notice {
        &self.notices[id.0]
    }

    pub fn root_region(&self) -> &Region {
        &self.regions[0]
    }

    /// The region and its ancestors, from the root down.
    pub fn lineage(&self, id: RegionId) -> Vec<&Region> {
        let mut chain = vec![self.region(id)];
        while let Some(parent) = chain.last().and_then(|r| r.parent) {
            chain.push(self.region(parent));
        }
        chain.reverse();
        chain
    }

    /// Notices of a region and of all regions below it.
    pub fn notices_within(&self, id: RegionId) -> Vec<NoticeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(r) = stack.pop() {
            let region = self.region(r);
            out.extend(&region.notices);
            stack.extend(&region.children);
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegionKind {
    City,
    County,
    Town,
    Village,
    Community,
}

impl RegionKind {
    pub fn display_name(self) -> &'static str {
        match self {
            RegionKind::City => "市",
            RegionKind::County => "区县",
            RegionKind::Town => "乡镇（街道）",
            RegionKind::Village => "村",
            RegionKind::Community => "社区",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Region {
    pub id: RegionId,
    pub parent: Option<RegionId>,
    pub children: Vec<RegionId>,
    pub name: String,
    pub kind: RegionKind,
    pub code: Option<String>,
    /// Folder relative to the site root (`content/gulou`).
    pub dir: PathBuf,
    /// Site path of the region page: `""` for the root, else `gulou/dongjie/`.
    pub path: String,
    pub elections: Vec<Election>,
    /// Whether `_region.toml` was read without error. When it was not, the
    /// region's elections are unknown and checks against them are skipped
    /// (its own error is reported instead).
    pub definition_ok: bool,
    /// Published notices of this region (not of sub-regions), newest first.
    pub notices: Vec<NoticeId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ElectionBody {
    VillagersCommittee,
    ResidentsCommittee,
    PartyBranch,
}

impl ElectionBody {
    pub fn display_name(self) -> &'static str {
        match self {
            ElectionBody::VillagersCommittee => "村民委员会",
            ElectionBody::ResidentsCommittee => "居民委员会",
            ElectionBody::PartyBranch => "党组织",
        }
    }

    /// The body in English, for the command line's messages.
    pub fn english_name(self) -> &'static str {
        match self {
            ElectionBody::VillagersCommittee => "villagers' committee",
            ElectionBody::ResidentsCommittee => "residents' committee",
            ElectionBody::PartyBranch => "Party branch",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Election {
    pub id: String,
    pub body: ElectionBody,
    pub day: NaiveDate,
    pub seats: u32,
    pub registered: u32,
    pub cast: u32,
    /// Where each field stands in `_region.toml`, for diagnostics.
    pub lines: ElectionLines,
}

/// 1-based lines of an election's fields in `_region.toml`.
#[derive(Debug, Clone, Copy)]
pub struct ElectionLines {
    pub id: usize,
    pub day: usize,
    pub seats: usize,
    pub registered: usize,
    pub cast: usize,
}

/// A publication date, with the time when the front matter gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PubDate {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
}

#[derive(Debug)]
pub struct Notice {
    pub id: NoticeId,
    pub region: RegionId,
    /// Source file relative to the site root (`content/gulou/a.md`).
    pub source: PathBuf,
    /// Hex sha256 of the source file's bytes.
    pub source_sha256: String,
    pub title: String,
    pub kind: String,
    pub date: PubDate,
    pub election: Option<String>,
    pub valid_until: Option<NaiveDate>,
    /// The superseded notice, resolved by the reference check.
    pub supersedes: Option<NoticeId>,
    pub slug: String,
    /// Site path of the notice page: `gulou/dongjie/slug/`.
    pub path: String,
    pub attachments: Vec<Attachment>,
    pub allow_pii: Vec<String>,
    /// A draft shown because the preview asked for drafts; never in a build.
    pub draft: bool,
    /// Markdown body, after the front matter.
    pub body: String,
    /// 1-based line in the source file where `body` starts.
    pub body_line: usize,
    /// Lines of front matter fields, for diagnostics of later stages.
    pub field_lines: FieldLines,
}

#[derive(Debug, Clone)]
pub struct Attachment {
    /// As written in the front matter, relative to the notice's folder.
    pub name: String,
    /// The file, relative to the site root.
    pub source: PathBuf,
    pub size: u64,
}

/// Where each front matter field stands in the source file (1-based line and
/// column), so checks after loading can point at the field they are about.
#[derive(Debug, Clone, Default)]
pub struct FieldLines {
    pub front_matter_start: usize,
    pub fields: Vec<(String, usize, usize)>,
}

impl FieldLines {
    pub fn position(&self, key: &str) -> (usize, usize) {
        self.fields
            .iter()
            .find(|(k, _, _)| k == key)
            .map_or((self.front_matter_start, 1), |(_, l, c)| (*l, *c))
    }
}
