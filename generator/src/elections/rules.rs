//! The `[rules]` table of `site/config.toml`: the numbers and switches of
//! the election checks. Defaults follow the 2018 text of the Organic Law of
//! Villagers' Committees and common provincial measures; a province, or the
//! 2025 revision in force from 2026-01-01, sets its own.

use crate::diagnostics::{text, Text};
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// A `voter-list` notice is published at least this many days before
    /// election day.
    pub voter_list_days: i64,
    /// A `candidate-list` notice is published at least this many days
    /// before election day.
    pub candidate_list_days: i64,
    /// The `result` notice is published no later than this many days after
    /// election day.
    pub result_days: i64,
    /// The election is valid only if more than half of the registered
    /// voters cast a ballot.
    pub turnout_majority: bool,
    /// A first-round winner has more than half of the ballots cast.
    pub winner_majority: bool,
    /// No candidate has more votes than ballots cast; no more are elected
    /// than there are seats.
    pub votes_within_cast: bool,
    /// Committee size bounds, checked against `seats`.
    pub committee_size: bool,
    pub villagers_committee_size: [u32; 2],
    pub residents_committee_size: [u32; 2],
    /// At least one woman among those elected, when the results give
    /// gender.
    pub woman_elected: bool,
    /// A candidate list has more candidates than seats (差额选举).
    pub contested: bool,
    /// An election's notices are published in order: notice, voter list,
    /// candidate list, results (after election day).
    pub order: bool,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            voter_list_days: 20,
            candidate_list_days: 5,
            result_days: 1,
            turnout_majority: true,
            winner_majority: true,
            votes_within_cast: true,
            committee_size: true,
            villagers_committee_size: [3, 7],
            residents_committee_size: [5, 9],
            woman_elected: true,
            contested: true,
            order: true,
        }
    }
}

/// When a notice of an election must come out, relative to election day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadRule {
    /// At least this many days before election day.
    Before(i64),
    /// No later than this many days after election day.
    After(i64),
}

impl LeadRule {
    /// Whether a notice published `days_before` election day (negative
    /// after it) meets the rule.
    pub fn met(self, days_before: i64) -> bool {
        match self {
            LeadRule::Before(days) => days_before >= days,
            LeadRule::After(days) => -days_before <= days,
        }
    }
}

impl Rules {
    /// The lead-time rule of a notice kind: voter lists and candidate
    /// lists before election day, results after it.
    pub fn lead_rule(&self, kind: &str) -> Option<LeadRule> {
        match kind {
            "voter-list" => Some(LeadRule::Before(self.voter_list_days)),
            "candidate-list" => Some(LeadRule::Before(self.candidate_list_days)),
            "result" => Some(LeadRule::After(self.result_days)),
            _ => None,
        }
    }

    /// Values that parse but make no sense: the key and what is wrong.
    pub fn validate(&self) -> Result<(), (&'static str, Text)> {
        for (key, days) in [
            ("voter_list_days", self.voter_list_days),
            ("candidate_list_days", self.candidate_list_days),
            ("result_days", self.result_days),
        ] {
            if days < 0 {
                return Err((
                    key,
                    text!(
                        zh: "[rules] {key} 不能是负数（现在是 {days}）",
                        en: "[rules] {key} cannot be negative (it is {days})"
                    ),
                ));
            }
        }
        for (key, [low, high]) in [
            ("villagers_committee_size", self.villagers_committee_size),
            ("residents_committee_size", self.residents_committee_size),
        ] {
            if low == 0 || low > high {
                return Err((
                    key,
                    text!(
                        zh: "[rules] {key} 应写成 [最少人数, 最多人数]，且最少人数大于 0、不大于最多人数（现在是 [{low}, {high}]）",
                        en: "[rules] {key} should be written [fewest, most], the fewest more than 0 and no more than the most (it is [{low}, {high}])"
                    ),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let rules: Rules = toml::from_str("").unwrap();
        assert_eq!(rules, Rules::default());
        let rules: Rules = toml::from_str(
            "voter_list_days = 15\nwoman_elected = false\nresidents_committee_size = [5, 11]\n",
        )
        .unwrap();
        assert_eq!(rules.voter_list_days, 15);
        assert!(!rules.woman_elected);
        assert_eq!(rules.residents_committee_size, [5, 11]);
        assert!(toml::from_str::<Rules>("voter_days = 15").is_err());
        assert!(toml::from_str::<Rules>("voter_list_days = \"20\"").is_err());
        assert!(Rules::default().validate().is_ok());
        let upside_down: Rules = toml::from_str("villagers_committee_size = [7, 3]").unwrap();
        assert_eq!(
            upside_down.validate().unwrap_err().0,
            "villagers_committee_size"
        );
        let negative: Rules = toml::from_str("result_days = -1").unwrap();
        assert!(negative.validate().is_err());
    }

    #[test]
    fn lead_rules_at_their_boundaries() {
        let rules = Rules::default();
        let voter = rules.lead_rule("voter-list").unwrap();
        assert!(voter.met(20) && !voter.met(19));
        let result = rules.lead_rule("result").unwrap();
        assert!(result.met(0) && result.met(-1) && !result.met(-2));
        assert_eq!(rules.lead_rule("news"), None);
    }
}
