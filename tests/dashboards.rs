//! The dashboards of the fixture vault, as tests/fixtures/README.md expects them
//! (today = 2026-11-24), plus a JSON snapshot of each live account's dashboard
//! (the `show --json` shape).

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::LazyLock;

use acct::config::Config;
use acct::index::Index;
use acct::model::dashboard::{self, AccountSummary, Dashboard, OpenTask};
use acct::note::task::StatusType;
use chrono::NaiveDate;

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault");
    Index::build(&root, &Config::default())
});

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn date(s: &str) -> Option<NaiveDate> {
    Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

const ACME: &str = "Customers/Acme Robotics/README.md";
const BLUEFIN: &str = "Customers/Bluefin/index.md";
const COBALT: &str = "Customers/Cobalt Works/Cobalt Works.md";
const DELTA: &str = "Customers/dp-0042.md";
const NORTHWIND: &str = "Customers/Northwind Analytics.md";

fn dash(path: &str) -> Dashboard {
    dashboard::build(&INDEX, path, today()).unwrap_or_else(|| panic!("no dashboard for {path}"))
}

fn row(path: &str) -> AccountSummary {
    dashboard::summaries(&INDEX, today(), true)
        .into_iter()
        .find(|r| r.path == path)
        .unwrap_or_else(|| panic!("{path} is not in the account list"))
}

fn texts(tasks: &[OpenTask]) -> Vec<&str> {
    tasks.iter().map(|t| t.text.as_str()).collect()
}

/// The fixture task id (`T01`, `M2`, …) a task text starts with, or the whole text.
fn id(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or(text)
}

#[test]
fn live_and_archived_accounts() {
    let live: Vec<String> = dashboard::summaries(&INDEX, today(), false)
        .into_iter()
        .map(|r| r.title)
        .collect();
    // Needs-review first, oldest contact first within each group.
    assert_eq!(
        live,
        [
            "Bluefin",
            "Northwind Analytics",
            "Delta Partners",
            "Acme Robotics",
            "Cobalt Works"
        ]
    );

    let archived: BTreeSet<(String, String)> = dashboard::summaries(&INDEX, today(), true)
        .into_iter()
        .filter(|r| r.archived)
        .map(|r| (r.title, r.path))
        .collect();
    let expected: BTreeSet<(String, String)> = [
        ("Foxglove Ltd", "Archive/Foxglove Ltd.md"),
        (
            "Northwind Analytics",
            "_archived-2025/Northwind Analytics.md",
        ),
        ("Draft Customer", "Ignored/Draft Customer.md"),
    ]
    .into_iter()
    .map(|(t, p)| (t.to_string(), p.to_string()))
    .collect();
    assert_eq!(archived, expected);
}

#[test]
fn activity_people_projects_and_hidden_files_are_not_accounts() {
    for path in [
        "Customers/Acme Robotics/2026-11-03 - Kickoff.md",
        "Meetings/2026-11-18 Delta sync.md",
        "Daily/2026-11-20.md",
        "People/Priya Raman.md",
        "Projects/Data Lake Migration.md",
        "Archive/Projects/Old Warehouse Pilot.md",
    ] {
        assert!(INDEX.note(path).is_some(), "{path} is indexed");
        assert!(!INDEX.is_account(path), "{path} is not an account");
    }
    for path in [
        ".trash/Old.md",
        ".hidden/Secret.md",
        "notes.txt",
        "Customers/Cobalt Works/notes.txt",
        "attachments/diagram.png",
    ] {
        assert!(INDEX.note(path).is_none(), "{path} must not be indexed");
    }
    assert_eq!(
        INDEX.len(),
        14,
        "every .md outside dot-folders, nothing else"
    );
    assert_eq!(INDEX.accounts().count(), 8);
}

#[test]
fn status_review_contact_and_warnings_per_account() {
    struct Expect {
        path: &'static str,
        status: &'static str,
        review: bool,
        days: i64,
        warnings: &'static [&'static [&'static str]],
    }
    let expected = [
        Expect {
            path: NORTHWIND,
            status: "active",
            review: true,
            days: 25,
            // The newer Delta sync only mentions Northwind: no contact warning.
            warnings: &[&["status", "active", "Prospect"]],
        },
        Expect {
            path: ACME,
            status: "active",
            review: false,
            days: 21,
            // The note of 2026-11-20 links to Acme; it is no contact with it.
            warnings: &[],
        },
        Expect {
            path: BLUEFIN,
            status: "paused",
            review: true,
            days: 132,
            warnings: &[&["no contact", "132 days"]],
        },
        Expect {
            path: COBALT,
            status: "onboarding",
            review: false,
            days: -16,
            warnings: &[&["2026-12-10", "future"]],
        },
        Expect {
            path: DELTA,
            status: "prospect",
            review: true,
            days: 6,
            warnings: &[],
        },
    ];
    for e in expected {
        let d = dash(e.path);
        assert_eq!(d.status.as_deref(), Some(e.status), "{}", e.path);
        assert_eq!(d.needs_review, e.review, "{}", e.path);
        assert_eq!(d.days_since_contact, Some(e.days), "{}", e.path);
        assert_eq!(
            d.warnings.len(),
            e.warnings.len(),
            "{}: {:?}",
            e.path,
            d.warnings
        );
        for (warning, words) in d.warnings.iter().zip(e.warnings) {
            for w in *words {
                assert!(warning.contains(w), "{}: {warning:?} lacks {w:?}", e.path);
            }
        }
        // The list row agrees with the dashboard.
        let r = row(e.path);
        assert_eq!(r.status, d.status);
        assert_eq!(r.needs_review, d.needs_review);
        assert_eq!(r.days_since_contact, d.days_since_contact);
        assert_eq!(r.warnings, d.warnings.len());
        assert_eq!(r.open_tasks, d.open_tasks.len());
        assert_eq!(r.blockers, d.blockers.len());
        assert!(!r.archived);
    }
}

#[test]
fn status_table_strips_emphasis_and_reads_placeholders_as_unknown() {
    let acme = dash(ACME);
    assert_eq!(acme.table.get("Status"), Some("Active"));
    assert_eq!(acme.table.get("Tier"), Some("Enterprise"));
    assert_eq!(acme.table.get("ARR"), Some("$120,000"));
    assert_eq!(dash(BLUEFIN).table.get("Status"), Some("Paused"));
    assert_eq!(dash(DELTA).table.get("Status"), Some("Prospect"));
    let cobalt = dash(COBALT);
    assert_eq!(
        cobalt.table.0,
        vec![("Status".to_string(), None), ("Region".to_string(), None)]
    );
    assert_eq!(dash(NORTHWIND).table.get("Industry"), None);
}

#[test]
fn blockers_decisions_and_placeholders() {
    let bluefin = dash(BLUEFIN);
    assert_eq!(
        bluefin.blockers,
        [
            "Budget frozen until their new fiscal year",
            "Vessel refit means no one is on site until spring"
        ]
    );
    assert_eq!(
        bluefin.decisions,
        ["Keep the account paused rather than cancelled."]
    );
    assert!(bluefin.contacts.is_empty(), "italic placeholder is empty");

    let acme = dash(ACME);
    assert_eq!(
        acme.blockers,
        ["Waiting on their firewall change for the telemetry feed"]
    );
    // The account's own decision, then the kickoff note's `## Decisions`.
    assert_eq!(
        acme.decisions,
        [
            "Start with one warehouse.",
            "One warehouse first, the second after the firewall change."
        ]
    );

    let northwind = dash(NORTHWIND);
    assert_eq!(northwind.blockers.len(), 2);
    assert!(northwind.blockers.iter().all(|b| !b.text.starts_with('❌')));
    assert!(northwind.overview.is_empty());
    assert!(northwind.contacts.is_empty());
    assert!(northwind.next_steps.is_empty());
    assert!(northwind.people.is_empty());
    assert_eq!(northwind.topics.len(), 6);
    assert_eq!(northwind.facts.len(), 5);
    assert!(dash(COBALT).blockers.is_empty(), "`_None yet._` is empty");
}

#[test]
fn acme_open_tasks_sorted_deduplicated_and_marked_overdue() {
    let d = dash(ACME);
    let ids: Vec<&str> = d.open_tasks.iter().map(|t| id(&t.text)).collect();
    assert_eq!(
        ids,
        [
            "T12", "T01", "T14", "N1", "send", "T17", "T11", "T20", "T06", "T18",
            "T13", // dated
            "T04", "T08", "T09", "T10", "T16", "T19", "Confirm", // undated, by path then line
        ]
    );
    assert_eq!(d.open_tasks.len(), 18);
    assert_eq!(d.open_tasks.iter().map(|t| t.count).sum::<usize>(), 19);

    let recap = &d.open_tasks[4];
    assert_eq!(recap.text, "send the kickoff recap to acme");
    assert_eq!(recap.count, 2, "README and kickoff versions are one row");
    assert_eq!(recap.due, date("2026-11-26"));
    assert!(
        d.open_tasks
            .iter()
            .all(|t| t.count == 1 || t.line == recap.line)
    );

    let overdue: Vec<&str> = d
        .open_tasks
        .iter()
        .filter(|t| t.overdue)
        .map(|t| id(&t.text))
        .collect();
    assert_eq!(overdue, ["T12", "T01", "T14"], "due today is not overdue");

    let find = |id_: &str| d.open_tasks.iter().find(|t| id(&t.text) == id_).unwrap();
    assert_eq!(find("T04").status, StatusType::InProgress);
    assert_eq!(find("T04").scheduled, date("2026-11-25"));
    assert_eq!(find("T16").status, StatusType::InProgress);
    assert_eq!(find("T16").symbol, '/');
    assert_eq!(
        (find("T06").symbol, find("T06").status),
        ('?', StatusType::Todo)
    );
    assert_eq!(find("T06").status_name, "Proposed");
    assert_eq!(
        (find("T08").symbol, find("T08").status),
        ('!', StatusType::Todo)
    );
    assert_eq!(find("T11").due, date("2026-12-01"));
    assert_eq!(find("T12").due, date("2026-11-10"));
    assert_eq!(find("T18").text, "T18 task in a callout @sam #followup");
    assert_eq!(find("N1").path, "Daily/2026-11-20.md");
    assert_eq!(
        find("T01").text,
        "T01 plain todo, overdue",
        "markers removed"
    );

    for not_open in [
        "T02", "T03", "T05", "T07", "T15", "T21", "C1", "C2", "P1", "X1", "X2",
    ] {
        assert!(
            d.open_tasks.iter().all(|t| id(&t.text) != not_open),
            "{not_open} must not be an open Acme task"
        );
    }
    assert!(
        d.open_tasks
            .iter()
            .all(|t| !t.text.contains("no space") && !t.text.contains("two characters"))
    );
}

#[test]
fn open_tasks_of_the_other_accounts() {
    let northwind = dash(NORTHWIND);
    assert_eq!(
        texts(&northwind.open_tasks),
        [
            "M2 ask Northwind Analytics whether they can be a reference for Delta",
            "T20 share the pilot plan with Northwind Analytics as a reference",
            "D1 draft the migration runbook",
            "P4 introduce Northwind Analytics to Delta",
        ]
    );
    assert!(northwind.open_tasks.iter().all(|t| !t.overdue));

    let delta = dash(DELTA);
    let delta_ids: Vec<&str> = delta.open_tasks.iter().map(|t| id(&t.text)).collect();
    assert_eq!(delta_ids, ["M1", "Send", "M2", "P4"]);
    assert_eq!(
        delta.open_tasks[1].text,
        "Send the data processing terms to legal"
    );
    assert!(delta.open_tasks[0].overdue, "M1 was due 2026-11-21");
    assert!(delta.open_tasks[1..].iter().all(|t| !t.overdue));

    assert_eq!(
        texts(&dash(BLUEFIN).open_tasks),
        ["P2 chase Bluefin about the fiscal year start"]
    );
    let cobalt = dash(COBALT);
    assert_eq!(texts(&cobalt.open_tasks), ["Book onboarding session two"]);
    assert_eq!(cobalt.open_tasks[0].due, date("2026-11-27"));

    // Priya's P1 names no account in its own text and her note names several:
    // it belongs to nobody.
    for path in [ACME, BLUEFIN, COBALT, DELTA, NORTHWIND] {
        assert!(
            dash(path).open_tasks.iter().all(|t| id(&t.text) != "P1"),
            "P1 leaked into {path}"
        );
    }
}

#[test]
fn archived_copy_keeps_its_own_task_and_does_not_leak() {
    let archived = dash("_archived-2025/Northwind Analytics.md");
    assert!(archived.archived);
    assert_eq!(
        texts(&archived.open_tasks),
        ["A1 archived task that must not show for the live account"]
    );
    assert!(
        dash(NORTHWIND)
            .open_tasks
            .iter()
            .all(|t| id(&t.text) != "A1")
    );
    // Links to the shared title resolve to the live note.
    assert_eq!(
        INDEX.resolve_link("Northwind Analytics", "People/Priya Raman.md", false),
        Some(NORTHWIND)
    );
}

fn context(d: &Dashboard) -> Vec<(Option<NaiveDate>, Option<&str>, Option<&str>)> {
    d.recent_context
        .iter()
        .map(|c| (c.date, c.link.as_deref(), c.path.as_deref()))
        .collect()
}

#[test]
fn recent_context_merged_deduplicated_newest_first() {
    assert_eq!(
        context(&dash(NORTHWIND)),
        [
            (
                date("2026-11-18"),
                Some("2026-11-18 Delta sync"),
                Some("Meetings/2026-11-18 Delta sync.md")
            ),
            (
                date("2026-11-03"),
                Some("2026-11-03 - Kickoff"),
                Some("Customers/Acme Robotics/2026-11-03 - Kickoff.md")
            ),
            (date("2026-10-30"), Some("2026-10-30"), None),
            (
                date("2026-10-12"),
                Some(
                    "2026-10-12 - Introductory call covering data platform goals, team structure and timelines"
                ),
                None
            ),
        ]
    );
    let northwind = dash(NORTHWIND);
    assert_eq!(
        northwind.recent_context[2].via.as_deref(),
        Some("Priya Raman")
    );
    assert_eq!(
        northwind.recent_context[3].via.as_deref(),
        Some("Owen Castell")
    );

    let acme = dash(ACME);
    assert_eq!(
        context(&acme),
        [
            (
                date("2026-11-20"),
                Some("2026-11-20"),
                Some("Daily/2026-11-20.md")
            ),
            (
                date("2026-11-03"),
                Some("2026-11-03 - Kickoff"),
                Some("Customers/Acme Robotics/2026-11-03 - Kickoff.md")
            ),
            (date("2026-10-28"), None, None),
            (
                date("2026-10-20"),
                Some("Priya Raman"),
                Some("People/Priya Raman.md")
            ),
        ]
    );
    let c = &acme.recent_context;
    assert_eq!(
        c[0].summary.as_deref(),
        Some("Daily note mentions the firewall change is approved")
    );
    assert_eq!(c[0].via.as_deref(), Some("Sam Ortiz"));
    assert_eq!(
        c[1].via.as_deref(),
        Some("Sam Ortiz"),
        "the section line wins"
    );
    assert_eq!(
        c[2].summary.as_deref(),
        Some("Intro email from their engineering manager, no meeting note")
    );
    assert_eq!(c[2].via, None);
    assert_eq!(c[3].summary.as_deref(), Some("Priya made the introduction"));
    assert_eq!(c[3].via, None);

    assert_eq!(
        context(&dash(DELTA)),
        [(
            date("2026-11-18"),
            Some("2026-11-18 Delta sync"),
            Some("Meetings/2026-11-18 Delta sync.md")
        )]
    );
    let bluefin = dash(BLUEFIN);
    assert_eq!(context(&bluefin), [(date("2026-07-15"), None, None)]);
    assert_eq!(
        bluefin.recent_context[0].summary.as_deref(),
        Some("Last call before the pause")
    );
    assert_eq!(bluefin.recent_context[0].via, None);
    assert!(dash(COBALT).recent_context.is_empty());
}

#[test]
fn active_projects_come_from_the_list_block() {
    let projects: BTreeSet<(String, String)> = dash(NORTHWIND)
        .active_projects
        .into_iter()
        .map(|p| (p.title, p.path))
        .collect();
    // The query also finds `Archive/Projects/Old Warehouse Pilot.md`, but an
    // archived note contributes nothing to a live account.
    let expected: BTreeSet<(String, String)> =
        [("Data Lake Migration", "Projects/Data Lake Migration.md")]
            .into_iter()
            .map(|(t, p)| (t.to_string(), p.to_string()))
            .collect();
    assert_eq!(projects, expected);
    for path in [ACME, BLUEFIN, COBALT, DELTA] {
        assert!(dash(path).active_projects.is_empty(), "{path}");
    }
}

#[test]
fn own_query_blocks_evaluate_literally() {
    // Northwind's `TASK FROM "" WHERE !completed` is vault-wide: it lists tasks the
    // account's own pane does not, such as Priya's P1 and the archived A1.
    let northwind = dashboard::task_queries(&INDEX, NORTHWIND, today());
    assert!(
        dash(NORTHWIND).task_queries.is_empty(),
        "evaluated on demand, not with every dashboard"
    );
    let [view] = northwind.as_slice() else {
        panic!("one task query: {northwind:?}")
    };
    let found = view.result.as_ref().expect("TASK FROM \"\" is supported");
    let ids: BTreeSet<&str> = found.iter().map(|t| id(&t.text)).collect();
    assert!(ids.contains("P1") && ids.contains("A1") && ids.contains("T01"));
    assert!(!ids.contains("T02") && !ids.contains("X1"), "{ids:?}");

    // Bluefin's `tasks` block: not done, in its folder — nothing there.
    let bluefin = dashboard::task_queries(&INDEX, BLUEFIN, today());
    let [view] = bluefin.as_slice() else {
        panic!("one task query: {bluefin:?}")
    };
    assert_eq!(view.result.as_ref().map(Vec::len), Ok(0));
}

#[test]
fn show_json_of_every_live_account() {
    for (name, path) in [
        ("acme-robotics", ACME),
        ("bluefin", BLUEFIN),
        ("cobalt-works", COBALT),
        ("delta-partners", DELTA),
        ("northwind-analytics", NORTHWIND),
    ] {
        insta::assert_json_snapshot!(format!("show-{name}"), dash(path));
    }
}
