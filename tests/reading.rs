//! Reading a vault in the pipeline's shape (folder-note accounts, an `_archive/`
//! copy of an account, emoji headings, placeholder cells): what the panes,
//! `check` and `watch` show. The fixture is `tests/fixtures/reading/`.

mod common;

use std::path::{Path, PathBuf};

use acct::config::Config;
use acct::index::Index;
use acct::index::change::Update;
use acct::model::dashboard;
use acct::watch::read_note;
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
        archived
            .decisions
            .iter()
            .any(|d| d.text.contains("Oslo depot")),
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
    let statuses = ix.settings.statuses.clone();
    let applied = ix.apply(vec![
        read_note(dir.path(), by_field, &statuses),
        read_note(dir.path(), in_folder, &statuses),
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
    let applied = ix.apply(vec![Update::Remove(by_field.into())]);
    assert_eq!(applied.notes[0].account.as_deref(), Some("Brightwater"));
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn acct(args: &[&str]) -> Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_acct"))
        .arg("--vault")
        .arg(vault())
        .args(args)
        .env("ACCT_TODAY", "2026-11-24")
        .env("ACCT_CONFIG", vault().join("no-such-config.toml"))
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Text that only Rust's `Debug` formatting writes.
fn has_debug_text(s: &str) -> bool {
    ["Some(", "None", "Ident(", "Err(", "Ok(", "\\\""]
        .iter()
        .any(|d| s.contains(d))
}

#[test]
fn check_covers_live_notes_groups_by_kind_and_counts_what_it_left_out() {
    let r = acct(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let expected = "\
3 problems (1 error, 2 warnings)
  1  Notes acct cannot read as written
  1  Account warnings
  1  Query blocks acct does not evaluate

Notes acct cannot read as written (1)
  Notes/Unclosed.md:1: error: frontmatter starts with `---` but is never closed; read as body

Account warnings (1)
  Customers/Brightwater/Brightwater.md: warning: status disagrees: frontmatter status active, table Status Paused, tag status/active

Query blocks acct does not evaluate (1)
";
    assert!(r.stdout.starts_with(expected), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("\n  Customers/Brightwater/Brightwater.md:22: warning: "),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("_archive/"), "{}", r.stdout);
    assert_eq!(
        r.stdout.lines().last(),
        Some("Left out 1 problem in archived notes (--archived shows them).")
    );
    assert!(!has_debug_text(&r.stdout), "{}", r.stdout);

    let all = acct(&["check", "--archived"]);
    assert!(all.stdout.starts_with("4 problems (1 error, 3 warnings)\n"));
    assert!(
        all.stdout
            .contains("  _archive/Customers/Quillon Systems/Quillon Systems.md:")
    );
    assert!(!all.stdout.contains("Left out"), "{}", all.stdout);
    assert!(!has_debug_text(&all.stdout), "{}", all.stdout);

    let errors = acct(&["check", "--severity", "error"]);
    assert_eq!(errors.code, 1);
    assert!(
        errors
            .stdout
            .starts_with("1 problem (1 error, 0 warnings)\n")
    );
    assert!(!errors.stdout.contains(": warning: "), "{}", errors.stdout);
    assert_eq!(
        errors.stdout.lines().last(),
        Some(
            "Left out 1 problem in archived notes (--archived shows them) and 2 warnings (--severity error left them)."
        )
    );

    let json = acct(&["check", "--json", "--severity", "warning"]);
    let found: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let kinds: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["account", "query"]);
    assert!(json.stderr.contains("Left out"), "{}", json.stderr);

    let bad = acct(&["check", "--severity", "fatal"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn every_command_ends_quietly_when_the_reader_has_gone() {
    let commands: &[&[&str]] = &[
        &["completions", "bash"],
        &["completions", "zsh"],
        &["list"],
        &["list", "--json"],
        &["show", "Quillon Systems"],
        &["show", "Quillon Systems", "--json"],
        &["check", "--severity", "error", "--json"],
        &["check", "--verify-cache"],
        &["changes"],
        &["changes", "--json"],
        &["query"],
        &["tasks"],
        &["tasks", "--json"],
        &["--help"],
    ];
    let cache = tempfile::tempdir().unwrap();
    for args in commands {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_acct"))
            .arg("--vault")
            .arg(vault())
            .args(*args)
            .env("ACCT_TODAY", "2026-11-24")
            .env("ACCT_CONFIG", vault().join("no-such-config.toml"))
            .env("XDG_CACHE_HOME", cache.path())
            .env("ACCT_STATE_DIR", cache.path().join("state"))
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        // `check` exits 1 for the problems it finds (`--verify-cache` checks the cache instead).
        let expected = if args[..] == ["check", "--severity", "error", "--json"] {
            1
        } else {
            0
        };
        assert_eq!(out.status.code(), Some(expected), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn counts_of_one_are_singular() {
    let r = acct(&["list"]);
    assert_eq!(r.stdout.lines().last(), Some("3 accounts, 1 needs review"));
    let r = acct(&["check", "--severity", "error"]);
    assert!(
        r.stdout.starts_with("1 problem (1 error, 0 warnings)\n"),
        "{}",
        r.stdout
    );
    let r = acct(&["show", "Halvorsen"]);
    assert!(r.stdout.contains("(4 days ago)"), "{}", r.stdout);
}
