//! Roll-up statistics of those elected, up the region tree (village → town
//! → county → city): the figures a city's 换届 summary reports, each
//! compared with the previous term of the same body.
//!
//! Definitions (stated on the pages too): averages are over people (each
//! elected member counts once), shares are of the members for whom the
//! column is given, the 一肩挑 rate is over elections, turnout is total
//! ballots over total registered voters.

use super::results::Gender;
use super::{ElectionRecord, Elections};
use crate::model::{ElectionBody, Site};
use chrono::Datelike;
use std::collections::BTreeMap;

/// Sums over a set of elections, from which every figure is derived.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figures {
    pub elections: usize,
    pub elected: usize,
    age_sum: u64,
    age_known: usize,
    college: usize,
    education_known: usize,
    women: usize,
    gender_known: usize,
    dual_role: usize,
    dual_role_known: usize,
    registered: u64,
    cast: u64,
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

impl Figures {
    fn of(record: &ElectionRecord, site: &Site) -> Figures {
        let election = record.election(site);
        let mut f = Figures {
            elections: 1,
            registered: u64::from(election.registered),
            cast: u64::from(election.cast),
            ..Figures::default()
        };
        let Some(results) = &record.results else {
            return f;
        };
        for member in results.elected() {
            f.elected += 1;
            if let Some(age) = member.age {
                f.age_sum += u64::from(age);
                f.age_known += 1;
            }
            if let Some(education) = member.education {
                f.education_known += 1;
                f.college += usize::from(education.college_or_above());
            }
            if let Some(gender) = member.gender {
                f.gender_known += 1;
                f.women += usize::from(gender == Gender::Female);
            }
        }
        if results.columns.dual_role.is_some() {
            f.dual_role_known = 1;
            f.dual_role = usize::from(results.elected().any(|m| m.dual_role == Some(true)));
        }
        f
    }

    fn add(&mut self, other: &Figures) {
        self.elections += other.elections;
        self.elected += other.elected;
        self.age_sum += other.age_sum;
        self.age_known += other.age_known;
        self.college += other.college;
        self.education_known += other.education_known;
        self.women += other.women;
        self.gender_known += other.gender_known;
        self.dual_role += other.dual_role;
        self.dual_role_known += other.dual_role_known;
        self.registered += other.registered;
        self.cast += other.cast;
    }

    /// Mean age of the elected whose age is given, in years.
    pub fn average_age(&self) -> Option<f64> {
        (self.age_known > 0).then(|| self.age_sum as f64 / self.age_known as f64)
    }

    /// Percent of the elected with 大专 or above.
    pub fn college_share(&self) -> Option<f64> {
        share(self.college, self.education_known)
    }

    /// Percent of the elected who are women.
    pub fn women_share(&self) -> Option<f64> {
        share(self.women, self.gender_known)
    }

    /// Percent of elections with an elected member in 一肩挑.
    pub fn dual_role_rate(&self) -> Option<f64> {
        share(self.dual_role, self.dual_role_known)
    }

    /// Percent of registered voters who cast a ballot.
    pub fn turnout(&self) -> Option<f64> {
        (self.registered > 0).then(|| self.cast as f64 * 100.0 / self.registered as f64)
    }
}

/// One body's figures for one term (the election year) in a region and
/// everything below it.
#[derive(Debug, Clone, PartialEq)]
pub struct TermRow {
    pub body: ElectionBody,
    pub year: i32,
    pub figures: Figures,
    /// The previous term of the same body in the same area, when one has
    /// figures.
    pub previous: Option<(i32, Figures)>,
}

/// Figures of every region, indexed by region: rows by body, then year.
pub fn roll_up(site: &Site, elections: &Elections) -> Vec<Vec<TermRow>> {
    let mut sums: Vec<BTreeMap<(u8, i32), (ElectionBody, Figures)>> =
        vec![BTreeMap::new(); site.regions.len()];
    for record in &elections.records {
        let election = record.election(site);
        let figures = Figures::of(record, site);
        let key = (body_order(election.body), election.day.year());
        for region in site.lineage(record.region) {
            sums[region.id.0]
                .entry(key)
                .or_insert((election.body, Figures::default()))
                .1
                .add(&figures);
        }
    }
    sums.into_iter()
        .map(|terms| {
            let mut rows: Vec<TermRow> = Vec::with_capacity(terms.len());
            for ((_, year), (body, figures)) in terms {
                let previous = rows
                    .iter()
                    .rev()
                    .find(|r| r.body == body)
                    .map(|r| (r.year, r.figures));
                rows.push(TermRow {
                    body,
                    year,
                    figures,
                    previous,
                });
            }
            rows
        })
        .collect()
}

fn body_order(body: ElectionBody) -> u8 {
    match body {
        ElectionBody::VillagersCommittee => 0,
        ElectionBody::ResidentsCommittee => 1,
        ElectionBody::PartyBranch => 2,
    }
}
