//! Reading a vault in the pipeline's shape (folder-note accounts, an `_archive/`
//! copy of an account, emoji headings, placeholder cells): what the panes,
//! `check` and `watch` show. The fixture is `tests/fixtures/reading/`.

mod common;

use std::path::{Path, PathBuf};

use acct::config::Config;
use acct::index::Index;
use acct::index::change::Change;
use acct::model::dashboard;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn vault() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reading")
}

fn index() -> Index {
    Index::build(&vault(), &Config::default())
}

const QUILLON: &str = "Customers/Quillon Systems/Quillon Systems.md";

#[test]
fn a_topic_list_item_is_one_topic_and_a_paragraph_splits_outside_brackets() {
    let d = dashboard::build(&index(), QUILLON, today()).unwrap();
    assert_eq!(
        d.topics,
        vec![
            "Ground segment: antenna sizing, uplink budgets, and rain fade",
            "Pricing (per pass, per month, or flat)",
            "Telemetry archive retention (90 days, 1 year)",
            "ground station siting [north, south]",
            "operator training",
        ]
    );
}

#[test]
fn an_archived_note_contributes_nothing_to_a_live_account() {
    let ix = index();
    let d = dashboard::build(&ix, QUILLON, today()).unwrap();
    assert_eq!(
        d.decisions,
        vec!["Ship the first two receivers from the Lisbon depot"],
        "only the live meeting note's decision"
    );
    assert_eq!(
        d.next_steps,
        vec!["Send the revised pass schedule to the operations team"]
    );
    let projects: Vec<&str> = d.active_projects.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(projects, vec!["Receiver Rollout"]);
    assert!(d.open_tasks.is_empty(), "{:?}", d.open_tasks);
    assert!(
        d.warnings.is_empty(),
        "the archived meeting's later date is no reason for a warning: {:?}",
        d.warnings
    );
    let shown = serde_json::to_string(&d).unwrap();
    assert!(
        !shown.contains("Oslo") && !shown.contains("Archived"),
        "{shown}"
    );
    // The archived copy keeps what its own archive holds.
    let old = "_archive/Customers/Quillon Systems/Quillon Systems.md";
    let archived = dashboard::build(&ix, old, today()).unwrap();
    assert!(
        archived.decisions.iter().any(|d| d.contains("Oslo depot")),
        "{:?}",
        archived.decisions
    );
}

#[test]
fn a_changed_meeting_note_names_its_account() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&vault(), dir.path());
    let mut ix = Index::build(dir.path(), &Config::default());
    let by_field = "Meetings/2026-11-02 Brightwater intro.md";
    let in_folder = "Customers/Quillon Systems/2026-11-10 Weekly sync.md";
    for rel in [by_field, in_folder] {
        let path = dir.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\n- [ ] one more thing\n")).unwrap();
    }
    let applied = ix.apply(&[
        Change::Upsert(by_field.into()),
        Change::Upsert(in_folder.into()),
    ]);
    let named = |p: &str| {
        applied
            .notes
            .iter()
            .find(|c| c.path == p)
            .and_then(|c| c.account.clone())
    };
    assert_eq!(named(by_field).as_deref(), Some("Brightwater"));
    assert_eq!(named(in_folder).as_deref(), Some("Quillon Systems"));
    std::fs::remove_file(dir.path().join(by_field)).unwrap();
    let applied = ix.apply(&[Change::Remove(by_field.into())]);
    assert_eq!(applied.notes[0].account.as_deref(), Some("Brightwater"));
}
