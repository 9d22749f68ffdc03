//! The election rules of section 5: each a diagnostic of its own, with its
//! setting in `[rules]`, naming the rule, the numbers and where they stand.

use crate::config::CORRECTION_KIND;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::elections::results::Gender;
use crate::elections::rules::{LeadRule, Rules};
use crate::elections::{ElectionRecord, Elections};
use crate::model::{Election, ElectionBody, Notice, Site};
use chrono::NaiveDate;
use std::collections::HashMap;

pub fn check(site: &Site, elections: &Elections, diagnostics: &mut Vec<Diagnostic>) {
    let rules = &site.config.rules;
    diagnostics.extend(elections.problems.iter().cloned());
    for notice in &site.notices {
        valid_until(notice, diagnostics);
    }
    for record in &elections.records {
        let election = record.election(site);
        let region = site.region(record.region);
        let election_file = region.dir.join(crate::load::region::REGION_FILE);
        let at_field = |line: usize| Location::new(&election_file, line, 1);
        let check = Check {
            site,
            record,
            election,
            rules,
            at_field: &at_field,
        };
        // The villagers' committee law governs committees, not a party
        // branch (its own rules are the party's, not the state's).
        let committee = election.body != ElectionBody::PartyBranch;
        if committee {
            check.lead_times(diagnostics);
            check.turnout(diagnostics);
            check.committee_size(diagnostics);
            check.contested(diagnostics);
        }
        check.order(diagnostics);
        check.results(committee, diagnostics);
    }
}

/// Where the rule's value is set, for the help line.
fn rule_help(key: &str) -> String {
    format!("这项规定可在 site/config.toml 的 [rules] {key} 中按本省规定设置")
}

fn at_field(notice: &Notice, key: &str) -> Location {
    let (line, column) = notice.field_lines.position(key);
    Location::new(&notice.source, line, column)
}

fn valid_until(notice: &Notice, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(until) = notice.valid_until {
        if until < notice.date.date {
            diagnostics.push(Diagnostic::new(
                Code::ValidUntilBeforeDate,
                at_field(notice, "valid_until"),
                format!("公示截止日期 {until} 早于发布日期 {}", notice.date.date),
            ));
        }
    }
}

struct Check<'a> {
    site: &'a Site,
    record: &'a ElectionRecord,
    election: &'a Election,
    rules: &'a Rules,
    at_field: &'a dyn Fn(usize) -> Location,
}

/// The steps of an election in the order the law has them published.
const STAGES: &[(&str, &str)] = &[
    ("election-notice", "选举公告"),
    ("voter-list", "选民名单"),
    ("candidate-list", "候选人名单"),
    ("result", "选举结果"),
];

impl Check<'_> {
    fn notices(&self, kind: &'static str) -> impl Iterator<Item = &Notice> + '_ {
        self.record
            .of_kind(self.site, kind)
            .map(|n| self.site.notice(n))
    }

    fn title(&self) -> String {
        let region = self.site.region(self.record.region);
        format!(
            "{}“{}”{}选举",
            region.name,
            self.election.id,
            self.election.body.display_name()
        )
    }

    fn days_before_election(&self, date: NaiveDate) -> i64 {
        (self.election.day - date).num_days()
    }

    fn lead_times(&self, diagnostics: &mut Vec<Diagnostic>) {
        let day = self.election.day;
        for (kind, what, code, key) in [
            (
                "voter-list",
                "选民名单",
                Code::VoterListLate,
                "voter_list_days",
            ),
            (
                "candidate-list",
                "正式候选人名单",
                Code::CandidateListLate,
                "candidate_list_days",
            ),
        ] {
            let Some(rule @ LeadRule::Before(days)) = self.rules.lead_rule(kind) else {
                continue;
            };
            for notice in self.notices(kind) {
                let before = self.days_before_election(notice.date.date);
                if !rule.met(before) {
                    let actual = if before > 0 {
                        format!("只提前了 {before} 天")
                    } else if before == 0 {
                        "正是选举日当天".to_string()
                    } else {
                        format!("已是选举日之后 {} 天", -before)
                    };
                    diagnostics.push(
                        Diagnostic::new(
                            code,
                            at_field(notice, "date"),
                            format!(
                                "{what}应在选举日 {day} 的 {days} 天以前公布，本公告 {} 发布，{actual}",
                                notice.date.date
                            ),
                        )
                        .with_help(format!("{}；{}", self.title(), rule_help(key))),
                    );
                }
            }
        }
        let result_rule = self.rules.lead_rule("result");
        for notice in self.notices("result") {
            let before = self.days_before_election(notice.date.date);
            let after = -before;
            if result_rule.is_some_and(|rule| !rule.met(before)) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ResultLate,
                        at_field(notice, "date"),
                        format!(
                            "选举结果应在选举日 {day} 后 {} 天内公布，本公告 {} 发布（选举日后第 {after} 天），超过期限 {} 天",
                            self.rules.result_days,
                            notice.date.date,
                            after - self.rules.result_days
                        ),
                    )
                    .with_help(rule_help("result_days")),
                );
            }
        }
    }

    fn turnout(&self, diagnostics: &mut Vec<Diagnostic>) {
        let e = self.election;
        if self.rules.turnout_majority && u64::from(e.cast) * 2 <= u64::from(e.registered) {
            diagnostics.push(
                Diagnostic::new(
                    Code::TurnoutTooLow,
                    (self.at_field)(e.lines.cast),
                    format!(
                        "{}：登记选民 {} 人，投票 {} 人，没有超过半数（须多于 {} 人），选举无效",
                        self.title(),
                        e.registered,
                        e.cast,
                        e.registered / 2
                    ),
                )
                .with_help(rule_help("turnout_majority")),
            );
        }
    }

    fn committee_size(&self, diagnostics: &mut Vec<Diagnostic>) {
        if !self.rules.committee_size {
            return;
        }
        let [low, high] = match self.election.body {
            ElectionBody::VillagersCommittee => self.rules.villagers_committee_size,
            _ => self.rules.residents_committee_size,
        };
        let seats = self.election.seats;
        if seats < low || seats > high {
            let key = match self.election.body {
                ElectionBody::VillagersCommittee => "villagers_committee_size",
                _ => "residents_committee_size",
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::CommitteeSize,
                    (self.at_field)(self.election.lines.seats),
                    format!(
                        "{}的应选名额 seats = {seats}，不在 {low} 至 {high} 人的范围内",
                        self.election.body.display_name()
                    ),
                )
                .with_help(rule_help(key)),
            );
        }
    }

    /// A candidate list has more candidates than seats. Its candidates are
    /// the rows of its first table (a 合计 row aside).
    fn contested(&self, diagnostics: &mut Vec<Diagnostic>) {
        if !self.rules.contested {
            return;
        }
        for notice in self.notices("candidate-list") {
            let mut problems = Vec::new();
            let Some(list) =
                crate::elections::results::read(&self.site.root, notice, &mut problems)
            else {
                continue;
            };
            let count = list.candidates.len();
            let seats = self.election.seats as usize;
            if count <= seats {
                diagnostics.push(
                    Diagnostic::new(
                        Code::NotContested,
                        list.locate_header(0),
                        format!(
                            "候选人名单只有 {count} 人，应选 {seats} 名，没有实行差额选举（候选人应多于 {seats} 人）"
                        ),
                    )
                    .with_help(rule_help("contested")),
                );
            }
        }
    }

    /// Notices of a later stage published before those of an earlier one,
    /// or results before election day.
    fn order(&self, diagnostics: &mut Vec<Diagnostic>) {
        if !self.rules.order {
            return;
        }
        let stage_of: HashMap<&str, usize> = STAGES
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (*k, i))
            .collect();
        let notices: Vec<&Notice> = self
            .record
            .notices
            .iter()
            .map(|&n| self.site.notice(n))
            .filter(|n| n.kind != CORRECTION_KIND)
            .collect();
        for later in &notices {
            let Some(&later_stage) = stage_of.get(later.kind.as_str()) else {
                continue;
            };
            let earliest_wrong = notices
                .iter()
                .filter(|earlier| {
                    stage_of
                        .get(earlier.kind.as_str())
                        .is_some_and(|&s| s < later_stage && earlier.date.date > later.date.date)
                })
                .max_by_key(|earlier| earlier.date);
            if let Some(earlier) = earliest_wrong {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ElectionOutOfOrder,
                        at_field(later, "date"),
                        format!(
                            "{}（{}）早于{}（{}）发布，顺序不对",
                            STAGES[later_stage].1,
                            later.date.date,
                            STAGES[stage_of[earlier.kind.as_str()]].1,
                            earlier.date.date
                        ),
                    )
                    .with_help(format!("另一篇公告：{}", earlier.source.display())),
                );
            }
        }
        for result in self.notices("result") {
            if result.date.date < self.election.day {
                diagnostics.push(Diagnostic::new(
                    Code::ElectionOutOfOrder,
                    at_field(result, "date"),
                    format!(
                        "选举结果 {} 发布，早于选举日 {}",
                        result.date.date, self.election.day
                    ),
                ));
            }
        }
    }

    fn results(&self, committee: bool, diagnostics: &mut Vec<Diagnostic>) {
        let Some(results) = &self.record.results else {
            return;
        };
        let e = self.election;
        let cast = u64::from(e.cast);
        let columns = results.columns;
        if let Some(votes_column) = columns.votes {
            for candidate in &results.candidates {
                let Some(votes) = candidate.votes else {
                    continue;
                };
                let (at, place) = results.locate(candidate, votes_column);
                if self.rules.votes_within_cast && votes > cast {
                    diagnostics.push(Diagnostic::new(
                        Code::VotesExceedCast,
                        at,
                        format!(
                            "{}得 {votes} 票（{place}），超过了投票人数 {cast}",
                            candidate.name
                        ),
                    ));
                } else if committee
                    && self.rules.winner_majority
                    && candidate.elected
                    && votes * 2 <= cast
                {
                    diagnostics.push(Diagnostic::new(
                        Code::WinnerWithoutMajority,
                        at,
                        format!(
                            "{}当选，但得 {votes} 票（{place}），没有超过投票人数 {cast} 的半数（须多于 {} 票）",
                            candidate.name,
                            cast / 2
                        ),
                    ));
                }
            }
            self.losers_ahead(votes_column, diagnostics);
        }
        let elected = results.elected().count();
        let seats = e.seats as usize;
        let at_elected = columns
            .elected
            .map_or_else(|| results.locate_header(0), |c| results.locate_header(c));
        if self.rules.votes_within_cast && elected > seats {
            diagnostics.push(Diagnostic::new(
                Code::TooManyElected,
                at_elected,
                format!("结果表中当选 {elected} 人，超过了应选名额 {seats} 名"),
            ));
        } else if elected < seats && columns.elected.is_some() {
            diagnostics.push(Diagnostic::new(
                Code::FewerElected,
                at_elected,
                format!("结果表中当选 {elected} 人，少于应选名额 {seats} 名"),
            ));
        }
        if committee && self.rules.woman_elected && elected > 0 {
            if let Some(gender_column) = columns.gender {
                let known = results.elected().all(|c| c.gender.is_some());
                if known && !results.elected().any(|c| c.gender == Some(Gender::Female)) {
                    diagnostics.push(Diagnostic::new(
                        Code::NoWomanElected,
                        results.locate_header(gender_column),
                        format!("当选的 {elected} 人中没有女性"),
                    ));
                }
            }
        }
    }

    /// Suspicious but legal: a loser with more votes than a winner of the
    /// same post.
    fn losers_ahead(&self, votes_column: usize, diagnostics: &mut Vec<Diagnostic>) {
        let Some(results) = &self.record.results else {
            return;
        };
        for loser in results.candidates.iter().filter(|c| !c.elected) {
            let Some(loser_votes) = loser.votes else {
                continue;
            };
            let outpolled = results
                .elected()
                .filter(|w| w.post == loser.post)
                .filter_map(|w| w.votes.map(|v| (w, v)))
                .filter(|(_, v)| *v < loser_votes)
                .min_by_key(|(_, v)| *v);
            if let Some((winner, winner_votes)) = outpolled {
                let (at, place) = results.locate(loser, votes_column);
                diagnostics.push(Diagnostic::new(
                    Code::LoserOutpolledWinner,
                    at,
                    format!(
                        "{}得 {loser_votes} 票（{place}）却未当选，而同为{}的{}只得 {winner_votes} 票却当选",
                        loser.name,
                        loser.post.as_deref().unwrap_or("候选人"),
                        winner.name
                    ),
                ));
            }
        }
    }
}
