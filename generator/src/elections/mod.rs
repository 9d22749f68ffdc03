//! Elections as a whole: each `[[elections]]` of a region with its notices
//! and its results table. The election checks (`check/elections.rs`), the
//! election timeline pages and the roll-up statistics (`stats`) read this.

pub mod results;
pub mod rules;
pub mod stats;

use crate::diagnostics::Diagnostic;
use crate::model::{Election, NoticeId, RegionId, Site};
use results::Results;
use std::collections::{BTreeSet, HashMap};

/// One election and everything published about it.
#[derive(Debug)]
pub struct ElectionRecord {
    pub region: RegionId,
    /// Index into the region's `elections`.
    pub index: usize,
    /// Notices naming this election (corrections included), oldest first.
    pub notices: Vec<NoticeId>,
    /// Its first `result` notice.
    pub result_notice: Option<NoticeId>,
    /// The results table of its first `result` notice, when readable.
    pub results: Option<Results>,
    /// Results table cells that do not read as what their column means.
    pub problems: Vec<Diagnostic>,
}

impl ElectionRecord {
    pub fn election<'s>(&self, site: &'s Site) -> &'s Election {
        &site.region(self.region).elections[self.index]
    }

    /// This election's notices of one kind, oldest first.
    pub fn of_kind<'s>(
        &'s self,
        site: &'s Site,
        kind: &'s str,
    ) -> impl Iterator<Item = NoticeId> + 's {
        self.notices
            .iter()
            .copied()
            .filter(move |&n| site.notice(n).kind == kind)
    }
}

#[derive(Debug, Default)]
pub struct Elections {
    /// Regions in site order, each region's elections by day.
    pub records: Vec<ElectionRecord>,
}

impl Elections {
    pub fn collect(site: &Site) -> Elections {
        Elections::collect_again(site, Elections::default(), &BTreeSet::new())
    }

    /// Collects the elections again after an edit to the `edited` notices
    /// (the preview), taking the results tables of `previous` that no edit
    /// touched instead of reading them again.
    pub fn collect_again(
        site: &Site,
        previous: Elections,
        edited: &BTreeSet<NoticeId>,
    ) -> Elections {
        let mut kept: HashMap<(RegionId, usize), ElectionRecord> = previous
            .records
            .into_iter()
            .map(|r| ((r.region, r.index), r))
            .collect();
        let mut elections = Elections::default();
        for region in &site.regions {
            if !region.definition_ok {
                continue;
            }
            let mut order: Vec<usize> = (0..region.elections.len()).collect();
            order.sort_by_key(|&i| (region.elections[i].day, region.elections[i].id.clone()));
            for index in order {
                let id = &region.elections[index].id;
                let mut notices: Vec<NoticeId> = region
                    .notices
                    .iter()
                    .copied()
                    .filter(|&n| site.notice(n).election.as_ref() == Some(id))
                    .collect();
                // A correction belongs to the election of what it corrects.
                let corrections: Vec<NoticeId> = region
                    .notices
                    .iter()
                    .copied()
                    .filter(|&n| {
                        let notice = site.notice(n);
                        notice.election.is_none()
                            && notice.supersedes.is_some_and(|s| notices.contains(&s))
                    })
                    .collect();
                notices.extend(corrections);
                notices.sort_by_key(|&n| (site.notice(n).date, site.notice(n).path.clone()));
                let result_notice = notices
                    .iter()
                    .copied()
                    .find(|&n| site.notice(n).kind == "result");
                let (results, problems) = match kept.remove(&(region.id, index)) {
                    Some(old)
                        if old.result_notice == result_notice
                            && result_notice.is_none_or(|n| !edited.contains(&n)) =>
                    {
                        (old.results, old.problems)
                    }
                    _ => {
                        let mut problems = Vec::new();
                        let results = result_notice
                            .and_then(|n| results::read(&site.root, site.notice(n), &mut problems));
                        (results, problems)
                    }
                };
                elections.records.push(ElectionRecord {
                    region: region.id,
                    index,
                    notices,
                    result_notice,
                    results,
                    problems,
                });
            }
        }
        elections
    }

    /// The elections of one region, by day.
    pub fn of_region(&self, region: RegionId) -> impl Iterator<Item = &ElectionRecord> {
        self.records.iter().filter(move |r| r.region == region)
    }

    /// The election of the same body held before this one in its region.
    pub fn previous(&self, site: &Site, record: &ElectionRecord) -> Option<&ElectionRecord> {
        let this = record.election(site);
        self.of_region(record.region)
            .filter(|r| {
                let e = r.election(site);
                e.body == this.body && e.day < this.day
            })
            .last()
    }
}
