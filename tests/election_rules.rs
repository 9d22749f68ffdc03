//! Every election rule of section 5 on a small site: a fixture that meets
//! it exactly at the boundary passes, one that breaks it gets an error with
//! its code, file, line and numbers.

mod support;

use support::{json_diagnostics, Site};

const DIR: &str = "content/鼓楼区/东街街道/三坊社区";

/// What the baseline site holds; each test changes one thing.
struct Election {
    body: &'static str,
    seats: u32,
    registered: u32,
    cast: u32,
    voter_list: &'static str,
    candidate_list: &'static str,
    result: &'static str,
    candidates: String,
    results: String,
    rules: &'static str,
}

const RESULTS_HEADER: &str = "姓名,性别,职务,得票,当选\n";

impl Default for Election {
    fn default() -> Self {
        Election {
            body: "residents-committee",
            seats: 5,
            registered: 1000,
            cast: 800,
            // Election day is 2021-09-10: 20 days, 5 days, 1 day after.
            voter_list: "2021-08-21",
            candidate_list: "2021-09-05",
            result: "2021-09-11",
            candidates: "姓名,性别\n甲,男\n乙,女\n丙,男\n丁,男\n戊,女\n己,男\n".into(),
            results: format!(
                "{RESULTS_HEADER}甲,男,主任,790,是\n乙,女,委员,700,是\n丙,男,委员,650,是\n丁,男,委员,600,是\n戊,女,委员,401,是\n己,男,委员,300,否\n"
            ),
            rules: "",
        }
    }
}

impl Election {
    fn site(&self) -> Site {
        let site = Site::copy_of("basic");
        std::fs::remove_dir_all(site.path(DIR)).unwrap();
        if !self.rules.is_empty() {
            let config = site.read("site/config.toml");
            site.write(
                "site/config.toml",
                &format!("{config}\n[rules]\n{}\n", self.rules),
            );
        }
        site.write(
            &format!("{DIR}/_region.toml"),
            &format!(
                "name = \"三坊社区\"\nkind = \"community\"\n\n[[elections]]\nid = \"2021\"\nbody = \"{}\"\nday = 2021-09-10\nseats = {}\nregistered = {}\ncast = {}\n",
                self.body, self.seats, self.registered, self.cast
            ),
        );
        let notice = |file: &str, kind: &str, date: &str, body: &str| {
            site.write(
                &format!("{DIR}/{file}"),
                &format!("+++\ntitle = \"{file}\"\nkind = \"{kind}\"\ndate = {date}\nelection = \"2021\"\n+++\n\n{body}\n"),
            );
        };
        notice("a.md", "election-notice", "2021-08-10", "选举公告。");
        notice("b.md", "voter-list", self.voter_list, "选民名单。");
        notice(
            "c.md",
            "candidate-list",
            self.candidate_list,
            "{{ table(src=\"c.csv\") }}",
        );
        notice("d.md", "result", self.result, "{{ table(src=\"d.csv\") }}");
        site.write(&format!("{DIR}/c.csv"), &self.candidates);
        site.write(&format!("{DIR}/d.csv"), &self.results);
        site
    }

    fn diagnostics(&self) -> Vec<serde_json::Value> {
        let out = self.site().run(&["check", "--format", "json"]);
        json_diagnostics(&out)
    }
}

/// The one diagnostic with `code`, asserting it is the only finding.
fn only(diagnostics: &[serde_json::Value], code: &str) -> serde_json::Value {
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["code"], code, "{diagnostics:#?}");
    diagnostics[0].clone()
}

fn assert_at(d: &serde_json::Value, file: &str, line: u64) {
    assert_eq!(d["file"], format!("{DIR}/{file}"), "{d}");
    assert_eq!(d["line"], line, "{d}");
}

fn message(d: &serde_json::Value) -> &str {
    d["message"].as_str().unwrap()
}

#[test]
fn the_baseline_meets_every_rule_at_its_boundary() {
    assert_eq!(
        Election::default().diagnostics(),
        Vec::<serde_json::Value>::new()
    );
}

#[test]
fn voter_list_19_days_before_is_late() {
    let d = Election {
        voter_list: "2021-08-22",
        ..Default::default()
    }
    .diagnostics();
    let d = only(&d, "GS501");
    assert_at(&d, "b.md", 4);
    assert!(
        message(&d).contains("20 天") && message(&d).contains("19 天"),
        "{d}"
    );
}

#[test]
fn candidate_list_4_days_before_is_late() {
    let d = Election {
        candidate_list: "2021-09-06",
        ..Default::default()
    }
    .diagnostics();
    let d = only(&d, "GS502");
    assert_at(&d, "c.md", 4);
    assert!(message(&d).contains("4 天"), "{d}");
}

#[test]
fn result_2_days_after_is_late() {
    let d = Election {
        result: "2021-09-12",
        ..Default::default()
    }
    .diagnostics();
    assert_at(&only(&d, "GS503"), "d.md", 4);
}

#[test]
fn exactly_half_the_voters_is_not_a_valid_turnout() {
    let results = format!(
        "{RESULTS_HEADER}甲,男,主任,490,是\n乙,女,委员,480,是\n丙,男,委员,470,是\n丁,男,委员,460,是\n戊,女,委员,451,是\n己,男,委员,300,否\n"
    );
    let meets = Election {
        cast: 501,
        results: results.clone(),
        ..Default::default()
    };
    assert_eq!(meets.diagnostics(), Vec::<serde_json::Value>::new());
    let d = Election {
        cast: 500,
        results,
        ..Default::default()
    }
    .diagnostics();
    let gs504: Vec<_> = d.iter().filter(|x| x["code"] == "GS504").collect();
    assert_eq!(gs504.len(), 1, "{d:#?}");
    assert_at(gs504[0], "_region.toml", 10);
    assert!(message(gs504[0]).contains("1000") && message(gs504[0]).contains("500"));
}

#[test]
fn exactly_half_the_ballots_is_not_a_majority() {
    let results = |last: u32| {
        format!("{RESULTS_HEADER}甲,男,主任,790,是\n乙,女,委员,700,是\n丙,男,委员,650,是\n丁,男,委员,600,是\n戊,女,委员,{last},是\n己,男,委员,300,否\n")
    };
    let d = Election {
        results: results(400),
        ..Default::default()
    }
    .diagnostics();
    let d = only(&d, "GS505");
    assert_at(&d, "d.csv", 6);
    assert_eq!(d["column"], 4);
    assert!(
        message(&d).contains("戊") && message(&d).contains("800"),
        "{d}"
    );
}

#[test]
fn votes_above_ballots_cast() {
    let results = format!(
        "{RESULTS_HEADER}甲,男,主任,801,是\n乙,女,委员,700,是\n丙,男,委员,650,是\n丁,男,委员,600,是\n戊,女,委员,401,是\n己,男,委员,300,否\n"
    );
    let d = Election {
        results,
        ..Default::default()
    }
    .diagnostics();
    let d = only(&d, "GS506");
    assert_at(&d, "d.csv", 2);
    assert!(message(&d).contains("801") && message(&d).contains("800"));
}

#[test]
fn more_elected_than_seats_is_an_error_and_fewer_a_warning() {
    let d = Election {
        seats: 5,
        results: Election::default()
            .results
            .replace("己,男,委员,300,否", "己,男,委员,500,是"),
        ..Default::default()
    }
    .diagnostics();
    assert!(message(&only(&d, "GS507")).contains("6 人"));
    let d = Election {
        results: Election::default()
            .results
            .replace("戊,女,委员,401,是", "戊,女,委员,401,否"),
        ..Default::default()
    }
    .diagnostics();
    let d = only(&d, "GS513");
    assert_eq!(d["severity"], "warning");
}

#[test]
fn committee_size_bounds() {
    let d = Election {
        seats: 4,
        results: Election::default()
            .results
            .replace("戊,女,委员,401,是", "戊,女,委员,401,否"),
        ..Default::default()
    }
    .diagnostics();
    let d = only(&d, "GS508");
    assert_at(&d, "_region.toml", 8);
    assert!(message(&d).contains("5 至 9"));
    let villagers = Election {
        body: "villagers-committee",
        ..Default::default()
    };
    assert_eq!(villagers.diagnostics(), Vec::<serde_json::Value>::new());
}

#[test]
fn no_woman_elected() {
    let d = Election {
        results: Election::default().results.replace(",女,", ",男,"),
        ..Default::default()
    }
    .diagnostics();
    let d = only(&d, "GS509");
    assert_at(&d, "d.csv", 1);
}

#[test]
fn as_many_candidates_as_seats_is_not_contested() {
    let d = Election {
        candidates: "姓名,性别\n甲,男\n乙,女\n丙,男\n丁,男\n戊,女\n".into(),
        ..Default::default()
    }
    .diagnostics();
    let d = only(&d, "GS510");
    assert_at(&d, "c.csv", 1);
    assert!(message(&d).contains("5 人"));
}

#[test]
fn results_before_the_candidate_list_or_election_day() {
    let d = Election {
        candidate_list: "2021-09-12",
        result: "2021-09-11",
        ..Default::default()
    }
    .diagnostics();
    let out_of_order: Vec<_> = d.iter().filter(|x| x["code"] == "GS511").collect();
    assert_eq!(out_of_order.len(), 1, "{d:#?}");
    assert_at(out_of_order[0], "d.md", 4);
    let d = Election {
        result: "2021-09-09",
        ..Default::default()
    }
    .diagnostics();
    let d = only(&d, "GS511");
    assert!(message(&d).contains("早于选举日"));
}

#[test]
fn valid_until_before_date() {
    let site = Election::default().site();
    site.write(
        &format!("{DIR}/e.md"),
        "+++\ntitle = \"e\"\nkind = \"news\"\ndate = 2021-09-20\nvalid_until = 2021-09-19\n+++\n",
    );
    let d = json_diagnostics(&site.run(&["check", "--format", "json"]));
    assert_at(&only(&d, "GS512"), "e.md", 5);
}

#[test]
fn rules_are_set_in_config() {
    let relaxed = Election {
        voter_list: "2021-08-22",
        rules: "voter_list_days = 19",
        ..Default::default()
    };
    assert_eq!(relaxed.diagnostics(), Vec::<serde_json::Value>::new());
    let off = Election {
        cast: 400,
        rules: "turnout_majority = false\nvotes_within_cast = false",
        ..Default::default()
    };
    assert_eq!(off.diagnostics(), Vec::<serde_json::Value>::new());
    let bad = Election {
        rules: "voter_days = 3",
        ..Default::default()
    }
    .diagnostics();
    assert_eq!(only(&bad, "GS010")["file"], "site/config.toml");
}

#[test]
fn a_party_branch_is_not_held_to_the_committee_law() {
    let d = Election {
        body: "party-branch",
        seats: 3,
        cast: 400,
        candidates: "姓名\n甲\n乙\n丙\n".into(),
        results: format!(
            "{RESULTS_HEADER}甲,男,书记,390,是\n乙,男,委员,300,是\n丙,男,委员,200,是\n"
        ),
        ..Default::default()
    }
    .diagnostics();
    assert_eq!(d, Vec::<serde_json::Value>::new());
}

#[test]
fn unreadable_results_cells_and_a_suspicious_loser() {
    let d = Election {
        results: Election::default()
            .results
            .replace("己,男,委员,300,否", "己,男,委员,三百,否"),
        ..Default::default()
    }
    .diagnostics();
    let d = only(&d, "GS500");
    assert_at(&d, "d.csv", 7);
    assert!(message(&d).contains("三百"));
    let d = Election {
        results: Election::default()
            .results
            .replace("己,男,委员,300,否", "己,男,委员,650,否"),
        ..Default::default()
    }
    .diagnostics();
    let d = only(&d, "GS514");
    assert_eq!(d["severity"], "warning");
    assert!(message(&d).contains("戊"), "{d}");
}
