//! The election rules of section 5: each a diagnostic of its own, with its
//! setting in `[rules]`, naming the rule, the numbers and where they stand.

use crate::config::CORRECTION_KIND;
use crate::diagnostics::{count_en, text, Code, Diagnostic, Location, Text};
use crate::elections::results::Gender;
use crate::elections::rules::{LeadRule, Rules};
use crate::elections::{ElectionRecord, Elections};
use crate::model::{Election, ElectionBody, Notice, Site};
use chrono::NaiveDate;
use std::collections::HashMap;

pub fn check(site: &Site, elections: &Elections, diagnostics: &mut Vec<Diagnostic>) {
    let rules = &site.config.rules;
    for record in &elections.records {
        diagnostics.extend(record.problems.iter().cloned());
    }
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
fn rule_help(key: &str) -> Text {
    text!(
        zh: "这项规定可在 site/config.toml 的 [rules] {key} 中按本省规定设置",
        en: "this rule can be set to your province's regulations with [rules] {key} in site/config.toml"
    )
}

/// `3 days`, `1 day`.
fn days_en(days: i64) -> String {
    count_en(days.unsigned_abs(), "day")
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
                text!(
                    zh: "公示截止日期 {until} 早于发布日期 {}",
                    en: "the end of the disclosure period, {until}, is before the publication date {}",
                    notice.date.date
                ),
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

/// The steps of an election in the order the law has them published, with
/// their names in Chinese and English.
const STAGES: &[(&str, &str, &str)] = &[
    ("election-notice", "选举公告", "the election notice"),
    ("voter-list", "选民名单", "the voter list"),
    ("candidate-list", "候选人名单", "the list of candidates"),
    ("result", "选举结果", "the results"),
];

impl Check<'_> {
    fn notices(&self, kind: &'static str) -> impl Iterator<Item = &Notice> + '_ {
        self.record
            .of_kind(self.site, kind)
            .map(|n| self.site.notice(n))
    }

    fn title(&self) -> Text {
        let region = &self.site.region(self.record.region).name;
        let id = &self.election.id;
        let body = self.election.body;
        Text::new(
            format!("{region}“{id}”{}选举", body.display_name()),
            format!("the {} election “{id}” of “{region}”", body.english_name()),
        )
    }

    fn days_before_election(&self, date: NaiveDate) -> i64 {
        (self.election.day - date).num_days()
    }

    fn lead_times(&self, diagnostics: &mut Vec<Diagnostic>) {
        let day = self.election.day;
        for (kind, what, what_en, code, key) in [
            (
                "voter-list",
                "选民名单",
                "the voter list",
                Code::VoterListLate,
                "voter_list_days",
            ),
            (
                "candidate-list",
                "正式候选人名单",
                "the final list of candidates",
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
                        Text::new(
                            format!("只提前了 {before} 天"),
                            format!("only {} ahead", days_en(before)),
                        )
                    } else if before == 0 {
                        text!(zh: "正是选举日当天", en: "on election day itself")
                    } else {
                        Text::new(
                            format!("已是选举日之后 {} 天", -before),
                            format!("{} after election day", days_en(before)),
                        )
                    };
                    let date = notice.date.date;
                    let (title, rule) = (self.title(), rule_help(key));
                    diagnostics.push(
                        Diagnostic::new(
                            code,
                            at_field(notice, "date"),
                            Text::new(
                                format!(
                                    "{what}应在选举日 {day} 的 {days} 天以前公布，本公告 {date} 发布，{}",
                                    actual.zh()
                                ),
                                format!(
                                    "{what_en} must be published at least {} before election day {day}; this notice came out on {date}, {}",
                                    days_en(days),
                                    actual.en()
                                ),
                            ),
                        )
                        .with_help(Text::new(
                            format!("{}；{}", title.zh(), rule.zh()),
                            format!("{}; {}", title.en(), rule.en()),
                        )),
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
                        Text::new(
                            format!(
                                "选举结果应在选举日 {day} 后 {} 天内公布，本公告 {} 发布（选举日后第 {after} 天），超过期限 {} 天",
                                self.rules.result_days,
                                notice.date.date,
                                after - self.rules.result_days
                            ),
                            format!(
                                "the results must be published within {} after election day {day}; this notice came out on {} ({} after election day), {} late",
                                days_en(self.rules.result_days),
                                notice.date.date,
                                days_en(after),
                                days_en(after - self.rules.result_days)
                            ),
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
                    self.title().wrap(
                        |title| {
                            format!(
                                "{title}：登记选民 {} 人，投票 {} 人，没有超过半数（须多于 {} 人），选举无效",
                                e.registered,
                                e.cast,
                                e.registered / 2
                            )
                        },
                        |title| {
                            format!(
                                "{title}: {} of {} registered voters voted, not more than half (more than {} needed): the election is not valid",
                                e.cast,
                                e.registered,
                                e.registered / 2
                            )
                        },
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
                    Text::new(
                        format!(
                            "{}的应选名额 seats = {seats}，不在 {low} 至 {high} 人的范围内",
                            self.election.body.display_name()
                        ),
                        format!(
                            "the {}'s number of seats, seats = {seats}, is outside the range of {low} to {high} members",
                            self.election.body.english_name()
                        ),
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
                        text!(
                            zh: "候选人名单只有 {count} 人，应选 {seats} 名，没有实行差额选举（候选人应多于 {seats} 人）",
                            en: "the list has only {count} candidates for {seats} seats: the election is not contested (there should be more than {seats} candidates)"
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
            .map(|(i, (k, _, _))| (*k, i))
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
                        {
                            let (_, later_zh, later_en) = STAGES[later_stage];
                            let (_, earlier_zh, earlier_en) =
                                STAGES[stage_of[earlier.kind.as_str()]];
                            let (later_date, earlier_date) = (later.date.date, earlier.date.date);
                            Text::new(
                                format!(
                                    "{later_zh}（{later_date}）早于{earlier_zh}（{earlier_date}）发布，顺序不对"
                                ),
                                format!(
                                    "{later_en} ({later_date}) came out before {earlier_en} ({earlier_date}): out of order"
                                ),
                            )
                        },
                    )
                    .with_help(text!(
                        zh: "另一篇公告：{}",
                        en: "the other notice: `{}`",
                        earlier.source.display()
                    )),
                );
            }
        }
        for result in self.notices("result") {
            if result.date.date < self.election.day {
                diagnostics.push(Diagnostic::new(
                    Code::ElectionOutOfOrder,
                    at_field(result, "date"),
                    text!(
                        zh: "选举结果 {} 发布，早于选举日 {}",
                        en: "the results came out on {}, before election day {}",
                        result.date.date,
                        self.election.day
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
                        Text::new(
                            format!(
                                "{}得 {votes} 票（{}），超过了投票人数 {cast}",
                                candidate.name,
                                place.zh()
                            ),
                            format!(
                                "“{}” got {votes} votes ({}), more than the {cast} who voted",
                                candidate.name,
                                place.en()
                            ),
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
                        Text::new(
                            format!(
                                "{}当选，但得 {votes} 票（{}），没有超过投票人数 {cast} 的半数（须多于 {} 票）",
                                candidate.name,
                                place.zh(),
                                cast / 2
                            ),
                            format!(
                                "“{}” was elected with {votes} votes ({}), not more than half of the {cast} who voted (more than {} needed)",
                                candidate.name,
                                place.en(),
                                cast / 2
                            ),
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
                text!(
                    zh: "结果表中当选 {elected} 人，超过了应选名额 {seats} 名",
                    en: "the results table has {elected} elected, more than the {seats} seats"
                ),
            ));
        } else if elected < seats && columns.elected.is_some() {
            diagnostics.push(Diagnostic::new(
                Code::FewerElected,
                at_elected,
                text!(
                    zh: "结果表中当选 {elected} 人，少于应选名额 {seats} 名",
                    en: "the results table has {elected} elected, fewer than the {seats} seats"
                ),
            ));
        }
        if committee && self.rules.woman_elected && elected > 0 {
            if let Some(gender_column) = columns.gender {
                let known = results.elected().all(|c| c.gender.is_some());
                if known && !results.elected().any(|c| c.gender == Some(Gender::Female)) {
                    diagnostics.push(Diagnostic::new(
                        Code::NoWomanElected,
                        results.locate_header(gender_column),
                        text!(
                            zh: "当选的 {elected} 人中没有女性",
                            en: "there is no woman among the {elected} elected"
                        ),
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
                    Text::new(
                        format!(
                            "{}得 {loser_votes} 票（{}）却未当选，而同为{}的{}只得 {winner_votes} 票却当选",
                            loser.name,
                            place.zh(),
                            loser.post.as_deref().unwrap_or("候选人"),
                            winner.name
                        ),
                        format!(
                            "“{}” got {loser_votes} votes ({}) and was not elected, while “{}”, {}, got only {winner_votes} votes and was elected",
                            loser.name,
                            place.en(),
                            winner.name,
                            loser
                                .post
                                .as_deref()
                                .map_or_else(|| "also a candidate".to_string(), |post| format!("also standing for “{post}”"))
                        ),
                    ),
                ));
            }
        }
    }
}
