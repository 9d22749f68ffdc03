//! The election timeline page: one per `[[elections]]` of a region, at
//! `<region path>elections/<id slugified>/`. Its steps in the order the law
//! has them published (notice, voter list, candidate list, election day,
//! results, corrections), each with its notices, dates and the lead times of
//! `[rules]`; the turnout; the elected members from the results table.
//!
//! A child module of `pages` (it shares the page renderer); the lead-time
//! verdicts say the same as the checks of `check/elections.rs`.

use super::{Page, PageCtx, Renderer};
use crate::config::CORRECTION_KIND;
use crate::diagnostics::Diagnostic;
use crate::elections::results::{Education, Gender, Results};
use crate::elections::rules::{LeadRule, Rules};
use crate::elections::ElectionRecord;
use crate::model::{Election, ElectionBody, Notice, NoticeId, Region, RegionId, Site};
use crate::render::context::{region_full_name, DateCtx, Link};
use crate::render::{Batch, Collector, Origin, Sink};
use crate::slug::slugify;
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

/// Site path of an election's timeline page: `xidong/dongjie/wenchang/elections/2021/`.
pub(super) fn election_path(region: &Region, election: &Election) -> String {
    let mut segment = slugify(&election.id);
    if segment.is_empty() {
        // An id with no letter, digit or Han character: the day names it.
        segment = election.day.format("%Y-%m-%d").to_string();
    }
    format!("{}elections/{segment}/", region.path)
}

/// `文昌社区居民委员会选举（2021年）`: the year of election day, and the id
/// too when the region has another election of the same body that year.
pub(super) fn election_title(region: &Region, election: &Election) -> String {
    let year = election.day.year();
    let same_year = region
        .elections
        .iter()
        .filter(|e| e.body == election.body && e.day.year() == year)
        .count();
    let when = if same_year > 1 {
        format!("{year}年 · {}", election.id)
    } else {
        format!("{year}年")
    };
    format!(
        "{}{}选举（{when}）",
        region.name,
        election.body.display_name()
    )
}

#[derive(Serialize)]
struct ElectionPageCtx {
    title: String,
    id: String,
    /// `villagers-committee`, `residents-committee` or `party-branch`.
    body_id: &'static str,
    /// 村民委员会 / 居民委员会 / 党组织.
    body: &'static str,
    /// Whether the villagers' committee law's rules apply (not a party
    /// branch); the lead-time and turnout verdicts are shown only then.
    committee: bool,
    region: RegionLink,
    url: String,
    day: DateCtx,
    seats: u32,
    registered: u32,
    cast: u32,
    /// `84.9%`.
    turnout: String,
    /// More than half of the registered voters cast a ballot.
    turnout_majority: bool,
    /// 有效 / 无效 when the turnout rule applies to this election.
    validity: Option<VerdictCtx>,
    /// The steps, in the order of the law.
    steps: Vec<StepCtx>,
    /// Other notices naming this election (换届纪律, 工作动态…), oldest first.
    others: Vec<NoticeLink>,
    results: Option<ResultsCtx>,
    /// Why there is no results table, when there is none.
    results_missing: Option<&'static str>,
}

#[derive(Serialize)]
struct RegionLink {
    name: String,
    full_name: String,
    url: String,
}

#[derive(Serialize)]
struct VerdictCtx {
    ok: bool,
    /// 符合 / 不符合, 有效 / 无效.
    label: &'static str,
}

#[derive(Serialize)]
struct StepCtx {
    /// A kind id, or `election-day`.
    id: &'static str,
    name: String,
    /// Only for the election day step.
    day: Option<DateCtx>,
    notices: Vec<StepNotice>,
    /// What the step says when it has no notice: 未发布, 无更正公告.
    missing: Option<&'static str>,
    /// A step of the law with no notice (not the corrections: none is the
    /// normal case there).
    unpublished: bool,
}

#[derive(Serialize)]
struct StepNotice {
    title: String,
    url: String,
    date: DateCtx,
    lead: Option<LeadCtx>,
    /// For a correction: the notice it corrects.
    corrects: Option<NoticeLink>,
    /// Corrections of this notice.
    corrected_by: Vec<NoticeLink>,
}

#[derive(Serialize, Clone)]
struct NoticeLink {
    title: String,
    url: String,
    date: DateCtx,
    kind_name: String,
}

#[derive(Serialize)]
struct LeadCtx {
    /// Days from publication to election day: positive before it.
    days_before: i64,
    /// `选举日前 22 天公布`.
    text: String,
    /// `应至少提前 20 天`, when a rule applies.
    rule: Option<String>,
    verdict: Option<VerdictCtx>,
}

#[derive(Serialize)]
struct ResultsCtx {
    /// The result notice the table comes from.
    source: NoticeLink,
    /// Corrections of that notice: the table is as first published.
    corrected_by: Vec<NoticeLink>,
    /// Whether the table says who was elected (its 当选 column).
    elected_known: bool,
    candidate_count: usize,
    elected_count: usize,
    /// `候选人 7 名，当选 5 名（应选 5 名）`.
    summary: String,
    columns: ColumnsCtx,
    /// The elected, or every candidate when the table does not say.
    members: Vec<MemberCtx>,
}

#[derive(Serialize)]
struct ColumnsCtx {
    post: bool,
    votes: bool,
    gender: bool,
    age: bool,
    education: bool,
    dual_role: bool,
}

#[derive(Serialize)]
struct MemberCtx {
    name: String,
    post: Option<String>,
    /// `1,102`.
    votes: Option<String>,
    gender: Option<&'static str>,
    age: Option<u32>,
    education: Option<&'static str>,
    /// 是 / 否.
    dual_role: Option<&'static str>,
}

/// The steps and the kinds of notice they hold.
const STEPS: &[&str] = &[
    "election-notice",
    "voter-list",
    "candidate-list",
    ELECTION_DAY,
    "result",
    CORRECTION_KIND,
];

const ELECTION_DAY: &str = "election-day";

const UNPUBLISHED: &str = "未发布";

/// The page of every election in the regions `wanted` picks, rendered on
/// every core like notice pages.
pub(super) fn render(
    r: &Renderer,
    wanted: impl Fn(RegionId) -> bool + Sync,
    out: &mut Collector,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let pages: Vec<(Batch, Vec<Diagnostic>)> = r
        .elections
        .records
        .par_iter()
        .filter(|record| wanted(record.region))
        .map(|record| {
            let (mut batch, mut found) = (Batch::default(), Vec::new());
            election_page(r, record, &mut batch, &mut found);
            batch.spill(r.spill);
            (batch, found)
        })
        .collect();
    Batch::merge_all(pages, out, diagnostics);
}

fn election_page(
    r: &Renderer,
    record: &ElectionRecord,
    out: &mut impl Sink,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let site = r.site;
    let rules = &site.config.rules;
    let election = record.election(site);
    let region = site.region(record.region);
    let committee = election.body != ElectionBody::PartyBranch;
    let path = election_path(region, election);
    let title = election_title(region, election);
    let link = |id: NoticeId| notice_link(r, site.notice(id));
    let corrections_of = |id: NoticeId| -> Vec<NoticeLink> {
        record
            .of_kind(site, CORRECTION_KIND)
            .filter(|&c| site.notice(c).supersedes == Some(id))
            .map(link)
            .collect()
    };
    let steps = STEPS
        .iter()
        .map(|&step| {
            let name = if step == ELECTION_DAY {
                "选举日".to_string()
            } else {
                super::kind_ctx(&site.config, &r.urls, step).name
            };
            let notices: Vec<StepNotice> = if step == ELECTION_DAY {
                Vec::new()
            } else {
                record
                    .of_kind(site, step)
                    .map(|id| {
                        let notice = site.notice(id);
                        StepNotice {
                            title: notice.title.clone(),
                            url: r.urls.link(&notice.path),
                            date: DateCtx::published(notice.date),
                            lead: lead_time(rules, election, committee, step, notice.date.date),
                            corrects: notice.supersedes.map(link),
                            corrected_by: corrections_of(id),
                        }
                    })
                    .collect()
            };
            let missing = match step {
                ELECTION_DAY => None,
                _ if !notices.is_empty() => None,
                CORRECTION_KIND => Some("无更正公告"),
                _ => Some(UNPUBLISHED),
            };
            StepCtx {
                id: step,
                name,
                day: (step == ELECTION_DAY).then(|| DateCtx::day(election.day)),
                notices,
                missing,
                unpublished: missing == Some(UNPUBLISHED),
            }
        })
        .collect();
    let others = record
        .notices
        .iter()
        .copied()
        .filter(|&id| !STEPS.contains(&site.notice(id).kind.as_str()))
        .map(link)
        .collect();
    let turnout_majority = u64::from(election.cast) * 2 > u64::from(election.registered);
    let (results, results_missing) = match &record.results {
        Some(results) => (
            Some(results_ctx(
                results,
                election,
                link(results.notice),
                corrections_of(results.notice),
            )),
            None,
        ),
        None if record.of_kind(site, "result").next().is_some() => {
            (None, Some("选举结果公告中没有可读取的结果表格"))
        }
        None => (None, Some("尚未发布选举结果")),
    };
    let ctx = ElectionPageCtx {
        title: title.clone(),
        id: election.id.clone(),
        body_id: body_id(election.body),
        body: election.body.display_name(),
        committee,
        region: RegionLink {
            name: region.name.clone(),
            full_name: region_full_name(site, region),
            url: r.urls.link(&region.path),
        },
        url: r.urls.link(&path),
        day: DateCtx::day(election.day),
        seats: election.seats,
        registered: election.registered,
        cast: election.cast,
        turnout: super::percent(election.cast, election.registered),
        turnout_majority,
        validity: (committee && rules.turnout_majority).then_some(VerdictCtx {
            ok: turnout_majority,
            label: if turnout_majority { "有效" } else { "无效" },
        }),
        steps,
        others,
        results,
        results_missing,
    };
    let mut breadcrumbs = r.breadcrumbs(region.id);
    breadcrumbs.push(Link {
        name: title.clone(),
        url: ctx.url.clone(),
    });
    let page = PageCtx::new(r, title, &path, breadcrumbs, "regions");
    r.emit(
        Page {
            template: "election.html",
            path: format!("{path}index.html"),
            ctx: &page,
            key: "election",
            data: &ctx,
            origin: Origin::File(region.dir.join(crate::load::region::REGION_FILE)),
        },
        out,
        diagnostics,
    );
}

fn body_id(body: ElectionBody) -> &'static str {
    match body {
        ElectionBody::VillagersCommittee => "villagers-committee",
        ElectionBody::ResidentsCommittee => "residents-committee",
        ElectionBody::PartyBranch => "party-branch",
    }
}

fn notice_link(r: &Renderer, notice: &Notice) -> NoticeLink {
    NoticeLink {
        title: notice.title.clone(),
        url: r.urls.link(&notice.path),
        date: DateCtx::published(notice.date),
        kind_name: super::kind_ctx(&r.site.config, &r.urls, &notice.kind).name,
    }
}

/// How long before (or after) election day a notice of `kind` came out,
/// and whether that meets the rules as `check/elections.rs` applies them:
/// for a committee (`lead_times`), a voter list or candidate list at least
/// N days before, the result no later than N days after; for any body
/// (`order`), the result not before election day. `None` for kinds with
/// no lead time.
fn lead_time(
    rules: &Rules,
    election: &Election,
    committee: bool,
    kind: &str,
    date: NaiveDate,
) -> Option<LeadCtx> {
    let days_before = (election.day - date).num_days();
    let text = match days_before {
        0 => "选举日当天公布".to_string(),
        d if d > 0 => format!("选举日前 {d} 天公布"),
        d => format!("选举日后 {} 天公布", -d),
    };
    let after = -days_before;
    // A result before election day is out of order (the `order` check, which
    // holds for a party branch too).
    let early_result = kind == "result" && after < 0 && rules.order;
    let (rule, ok) = match (rules.lead_rule(kind), committee) {
        (Some(LeadRule::Before(days)), true) => (
            format!("应至少提前 {days} 天"),
            LeadRule::Before(days).met(days_before),
        ),
        (Some(LeadRule::After(days)), true) => (
            format!("应在选举日后 {days} 天内公布"),
            LeadRule::After(days).met(days_before) && !early_result,
        ),
        _ if early_result => ("应在选举日之后公布".to_string(), false),
        (Some(_), false) => {
            return Some(LeadCtx {
                days_before,
                text,
                rule: None,
                verdict: None,
            })
        }
        (None, _) => return None,
    };
    Some(LeadCtx {
        days_before,
        text,
        rule: Some(rule),
        verdict: Some(VerdictCtx {
            ok,
            label: if ok { "符合" } else { "不符合" },
        }),
    })
}

fn results_ctx(
    results: &Results,
    election: &Election,
    source: NoticeLink,
    corrected_by: Vec<NoticeLink>,
) -> ResultsCtx {
    let columns = results.columns;
    let elected_known = columns.elected.is_some();
    let candidate_count = results.candidates.len();
    let elected_count = results.elected().count();
    let summary = if elected_known {
        format!(
            "候选人 {candidate_count} 名，当选 {elected_count} 名（应选 {} 名）",
            election.seats
        )
    } else {
        format!("候选人 {candidate_count} 名（结果表没有“当选”一栏）")
    };
    let members = results
        .candidates
        .iter()
        .filter(|c| c.elected || !elected_known)
        .map(|c| MemberCtx {
            name: c.name.clone(),
            post: c.post.clone(),
            votes: c
                .votes
                .map(|v| gongshi_widgets::table::total::format(v as f64, 0)),
            gender: c.gender.map(|g| match g {
                Gender::Male => "男",
                Gender::Female => "女",
            }),
            age: c.age,
            education: c.education.map(education_name),
            dual_role: c.dual_role.map(|d| if d { "是" } else { "否" }),
        })
        .collect();
    ResultsCtx {
        source,
        corrected_by,
        elected_known,
        candidate_count,
        elected_count,
        summary,
        columns: ColumnsCtx {
            post: columns.post.is_some(),
            votes: columns.votes.is_some(),
            gender: columns.gender.is_some(),
            age: columns.age.is_some(),
            education: columns.education.is_some(),
            dual_role: columns.dual_role.is_some(),
        },
        members,
    }
}

fn education_name(education: Education) -> &'static str {
    match education {
        Education::JuniorHigh => "初中",
        Education::SeniorHigh => "高中",
        Education::Vocational => "中专",
        Education::College => "大专",
        Education::Bachelor => "本科",
        Education::Master => "硕士",
        Education::Doctor => "博士",
    }
}

/// The site's elections with their page paths, for the sitemap.
pub(super) fn sitemap_entries(
    site: &Site,
    records: &[ElectionRecord],
) -> Vec<(String, Option<NaiveDate>)> {
    records
        .iter()
        .map(|record| {
            let region = site.region(record.region);
            let newest = record
                .notices
                .iter()
                .map(|&n| site.notice(n).date.date)
                .max();
            (election_path(region, record.election(site)), newest)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ElectionLines;

    fn election(body: ElectionBody) -> Election {
        Election {
            id: "2021".into(),
            body,
            day: NaiveDate::from_ymd_opt(2021, 9, 10).unwrap(),
            seats: 5,
            registered: 1000,
            cast: 800,
            lines: ElectionLines {
                id: 1,
                day: 1,
                seats: 1,
                registered: 1,
                cast: 1,
            },
        }
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, m, d).unwrap()
    }

    fn verdict(lead: &LeadCtx) -> Option<bool> {
        lead.verdict.as_ref().map(|v| v.ok)
    }

    #[test]
    fn lead_times_at_the_boundaries_of_the_rules() {
        let rules = Rules::default();
        let e = election(ElectionBody::VillagersCommittee);
        let lead = |kind, date| lead_time(&rules, &e, true, kind, date).unwrap();
        let on_time = lead("voter-list", day(8, 21));
        assert_eq!(on_time.text, "选举日前 20 天公布");
        assert_eq!(on_time.rule.as_deref(), Some("应至少提前 20 天"));
        assert_eq!(verdict(&on_time), Some(true));
        assert_eq!(verdict(&lead("voter-list", day(8, 22))), Some(false));
        assert_eq!(verdict(&lead("candidate-list", day(9, 5))), Some(true));
        assert_eq!(verdict(&lead("candidate-list", day(9, 6))), Some(false));
        let result = lead("result", day(9, 11));
        assert_eq!(result.text, "选举日后 1 天公布");
        assert_eq!(verdict(&result), Some(true));
        assert_eq!(lead("result", day(9, 10)).text, "选举日当天公布");
        assert_eq!(verdict(&lead("result", day(9, 12))), Some(false));
        assert_eq!(verdict(&lead("result", day(9, 9))), Some(false));
        assert!(lead_time(&rules, &e, true, "election-notice", day(8, 1)).is_none());
    }

    #[test]
    fn a_party_branch_gets_no_committee_verdicts() {
        let rules = Rules::default();
        let e = election(ElectionBody::PartyBranch);
        let late = lead_time(&rules, &e, false, "voter-list", day(9, 9)).unwrap();
        assert_eq!(late.text, "选举日前 1 天公布");
        assert!(late.rule.is_none() && late.verdict.is_none());
        let result = lead_time(&rules, &e, false, "result", day(9, 20)).unwrap();
        assert!(result.verdict.is_none());
        // Results before election day are out of order for every body.
        let early = lead_time(&rules, &e, false, "result", day(9, 9)).unwrap();
        assert_eq!(early.rule.as_deref(), Some("应在选举日之后公布"));
        assert_eq!(verdict(&early), Some(false));
    }

    #[test]
    fn ids_become_url_segments() {
        let mut region = Region {
            id: crate::model::RegionId(1),
            parent: Some(crate::model::RegionId(0)),
            children: Vec::new(),
            name: "文昌社区".into(),
            kind: crate::model::RegionKind::Community,
            code: None,
            dir: "content/xidong/dongjie/wenchang".into(),
            path: "xidong/dongjie/wenchang/".into(),
            elections: Vec::new(),
            definition_ok: true,
            notices: Vec::new(),
        };
        let mut e = election(ElectionBody::ResidentsCommittee);
        region.elections.push(e.clone());
        assert_eq!(
            election_path(&region, &e),
            "xidong/dongjie/wenchang/elections/2021/"
        );
        assert_eq!(
            election_title(&region, &e),
            "文昌社区居民委员会选举（2021年）"
        );
        // A second election of the same body that year (a by-election).
        let mut by_election = e.clone();
        by_election.id = "2021-bu".into();
        region.elections.push(by_election);
        assert_eq!(
            election_title(&region, &e),
            "文昌社区居民委员会选举（2021年 · 2021）"
        );
        e.id = "2021-党支部".into();
        assert_eq!(
            election_path(&region, &e),
            "xidong/dongjie/wenchang/elections/2021-dang-zhi-bu/"
        );
        e.id = "？".into();
        assert_eq!(
            election_path(&region, &e),
            "xidong/dongjie/wenchang/elections/2021-09-10/"
        );
    }
}
