//! `acct tasks`: the listing, its JSON, and accept/dismiss/done/keep by id.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inbox")
}

fn acct(vault: &Path, args: &[&str]) -> Output {
    let config = vault.join("acct-test-config.toml");
    std::fs::write(&config, "me = [\"mara\"]\n").ok();
    Command::new(env!("CARGO_BIN_EXE_acct"))
        .arg("--vault")
        .arg(vault)
        .args(args)
        .env("ACCT_TODAY", "2026-11-24")
        .env("ACCT_CONFIG", &config)
        .output()
        .unwrap()
}

fn json(vault: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = acct(vault, args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&fixture(), dir.path());
    dir
}

#[test]
fn json_lists_each_task_with_its_source_and_cluster() {
    let dir = copy();
    let tasks = json(dir.path(), &["tasks", "Marlow", "--json"]);
    assert_eq!(tasks.len(), 4);
    let send = tasks
        .iter()
        .find(|t| t["text"].as_str().unwrap().starts_with("Send the storage"))
        .unwrap();
    for key in [
        "id", "path", "line", "symbol", "status", "text", "due", "owners", "tags", "account",
        "source", "cluster",
    ] {
        assert!(send.get(key).is_some(), "{key} in {send}");
    }
    assert_eq!(send["symbol"], "?");
    assert_eq!(send["status"], "Proposed");
    assert_eq!(send["owners"], serde_json::json!(["Mara"]));
    assert_eq!(send["source"]["title"], "Marlow Textiles");
    let share = tasks
        .iter()
        .find(|t| t["text"].as_str().unwrap().starts_with("Share the pricing"))
        .unwrap();
    assert_eq!(
        send["cluster"], share["cluster"],
        "paraphrases share a cluster"
    );
    let call = tasks
        .iter()
        .find(|t| t["text"].as_str().unwrap().starts_with("Schedule"))
        .unwrap();
    assert_ne!(call["cluster"], send["cluster"]);
}

#[test]
fn filters_narrow_the_listing() {
    let dir = copy();
    let all = json(dir.path(), &["tasks", "--json"]);
    assert_eq!(all.len(), 156);
    assert_eq!(
        json(dir.path(), &["tasks", "--proposed", "--json"]).len(),
        153
    );
    let mine = json(dir.path(), &["tasks", "--owner", "me", "--json"]);
    assert!(
        mine.iter()
            .all(|t| t["owners"] == serde_json::json!(["Mara"]))
    );
    let none = json(
        dir.path(),
        &["tasks", "kestrel", "--owner", "none", "--json"],
    );
    assert!(!none.is_empty());
    assert!(
        none.iter()
            .all(|t| t["owners"] == serde_json::json!(["TBD"]))
    );
    let overdue = json(dir.path(), &["tasks", "--overdue", "--json"]);
    assert!(!overdue.is_empty());
    assert!(
        overdue
            .iter()
            .all(|t| t["due"].as_str().unwrap() < "2026-11-24")
    );
    let text = String::from_utf8(acct(dir.path(), &["tasks", "Marlow"]).stdout).unwrap();
    assert!(text.starts_with("Marlow Textiles\n"), "{text}");
    assert!(text.contains("≈2"), "{text}");
    assert!(!text.contains("#proposed"), "pipeline tags hidden: {text}");
}

#[test]
fn keep_accepts_one_and_dismisses_its_cluster_with_a_diff_and_dry_run_writes_nothing() {
    let dir = copy();
    let note = dir.path().join("Customers/Marlow Textiles/README.md");
    let before = std::fs::read_to_string(&note).unwrap();
    let tasks = json(dir.path(), &["tasks", "Marlow", "--json"]);
    let send = tasks
        .iter()
        .find(|t| t["text"].as_str().unwrap().starts_with("Send the storage"))
        .unwrap();
    let id = send["id"].as_str().unwrap();
    let dry = acct(dir.path(), &["tasks", "keep", id, "--dry-run"]);
    assert!(dry.status.success());
    let diff = String::from_utf8(dry.stdout).unwrap();
    assert!(
        diff.contains("+- [ ] Send the storage pricing sheet"),
        "{diff}"
    );
    assert!(diff.contains("+- [R] Share the pricing sheet"), "{diff}");
    assert_eq!(std::fs::read_to_string(&note).unwrap(), before, "dry run");
    let out = acct(dir.path(), &["tasks", "keep", id]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), diff);
    let after = std::fs::read_to_string(&note).unwrap();
    assert_eq!(
        after,
        before
            .replace("- [?] Send the storage", "- [ ] Send the storage")
            .replace("- [?] Share the pricing", "- [R] Share the pricing")
    );
    let again = acct(dir.path(), &["tasks", "dismiss", id]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "the id still names the accepted task"
    );
}

/// Writes a meeting of Marlow Textiles holding `items` under its action items;
/// returns its path.
fn write_marlow_sync(vault: &Path, items: &str) -> std::path::PathBuf {
    let path = vault.join("Customers/Marlow Textiles/2026-11-20 Sync.md");
    let head = "---\ntype: meeting\ndate: 2026-11-20\naccount: \"[[Marlow Textiles]]\"\n---\n\n# 2026-11-20 Sync\n\n## Action Items\n\n";
    std::fs::write(&path, format!("{head}{items}")).unwrap();
    path
}

/// The clusters of the listed tasks whose text starts with `start`.
fn clusters_of(tasks: &[serde_json::Value], start: &str) -> std::collections::BTreeSet<String> {
    (tasks.iter())
        .filter(|t| t["text"].as_str().unwrap().starts_with(start))
        .map(|t| t["cluster"].as_str().unwrap().to_string())
        .collect()
}

/// Runs `acct tasks keep` on the first listed task whose text starts with `start`.
fn keep_first(vault: &Path, tasks: &[serde_json::Value], start: &str) {
    let first = (tasks.iter())
        .find(|t| t["text"].as_str().unwrap().starts_with(start))
        .unwrap();
    let out = acct(vault, &["tasks", "keep", first["id"].as_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Tasks alike but for a number or a date are different tasks: pipeline runs
/// that proposed "Send invoice 1042" and "Send invoice 1043" (and each twice)
/// make two groups, and keeping one invoice's task leaves the other's alone.
#[test]
fn tasks_that_differ_in_a_number_are_not_dismissed_by_keeping_one() {
    let dir = copy();
    let mut items = String::new();
    for _ in 0..2 {
        for n in [1042, 1043] {
            items.push_str(&format!(
                "- [?] Send invoice {n} to the buyer @Mara #task #proposed #auto\n"
            ));
        }
        items.push_str("- [?] Send the recap of the 2026-11-13 call @Mara #task #proposed #auto\n");
        items.push_str("- [?] Send the recap of the 2026-11-20 call @Mara #task #proposed #auto\n");
    }
    let path = write_marlow_sync(dir.path(), &items);
    let tasks = json(dir.path(), &["tasks", "Marlow", "--json"]);
    let groups = [
        clusters_of(&tasks, "Send invoice 1042"),
        clusters_of(&tasks, "Send invoice 1043"),
        clusters_of(&tasks, "Send the recap of the 2026-11-13"),
        clusters_of(&tasks, "Send the recap of the 2026-11-20"),
    ];
    for (i, g) in groups.iter().enumerate() {
        assert_eq!(
            g.len(),
            1,
            "each task's two copies are one group: {groups:?}"
        );
        for other in &groups[i + 1..] {
            assert_ne!(g, other, "{groups:?}");
        }
    }
    keep_first(dir.path(), &tasks, "Send invoice 1042");
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after.matches("- [ ] Send invoice 1042").count(), 1);
    assert_eq!(after.matches("- [R] Send invoice 1042").count(), 1);
    assert_eq!(after.matches("- [?] Send invoice 1043").count(), 2);
    assert_eq!(after.matches("- [?] Send the recap").count(), 4);
}

#[test]
fn copies_of_a_task_make_one_group_however_many_tasks_share_its_action() {
    // Pipeline runs that wrote one task 150 times and another 50: 200 "send"
    // tasks, more than are compared pair by pair, the first's words in most.
    let dir = copy();
    let mut items = String::new();
    for n in 0..150 {
        items.push_str("- [?] Send the pricing deck to the buyer @Mara #task #proposed #auto\n");
        if n % 3 == 0 {
            items.push_str(
                "- [?] Send the security questionnaire to the buyer @Mara #task #proposed #auto\n",
            );
        }
    }
    let path = write_marlow_sync(dir.path(), &items);
    let tasks = json(dir.path(), &["tasks", "Marlow", "--json"]);
    let (deck, questionnaire) = (
        clusters_of(&tasks, "Send the pricing deck"),
        clusters_of(&tasks, "Send the security"),
    );
    assert_eq!(deck.len(), 1, "one group of the deck's copies: {deck:?}");
    assert_eq!(questionnaire.len(), 1, "{questionnaire:?}");
    assert_ne!(deck, questionnaire, "two tasks, two groups");
    // Keep one: the other 149 copies are dismissed, the other task untouched.
    keep_first(dir.path(), &tasks, "Send the pricing deck");
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after.matches("- [ ] Send the pricing deck").count(), 1);
    assert_eq!(after.matches("- [R] Send the pricing deck").count(), 149);
    assert_eq!(
        after
            .matches("- [?] Send the security questionnaire")
            .count(),
        50
    );
}

#[test]
fn an_id_whose_line_changed_is_refused_and_nothing_is_written() {
    let dir = copy();
    let tasks = json(dir.path(), &["tasks", "--proposed", "--json"]);
    let marlow: Vec<&str> = tasks
        .iter()
        .filter(|t| t["account"] == "Marlow Textiles")
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    let kestrel = tasks
        .iter()
        .find(|t| t["account"] == "Kestrel Freight")
        .unwrap();
    let kestrel_file = dir.path().join(kestrel["path"].as_str().unwrap());
    // The Kestrel task's line is edited: its id no longer matches.
    let text = std::fs::read_to_string(&kestrel_file).unwrap();
    let old = kestrel["text"]
        .as_str()
        .unwrap()
        .split(" @")
        .next()
        .unwrap();
    std::fs::write(&kestrel_file, text.replace(old, &format!("{old} soon"))).unwrap();
    let out = acct(
        dir.path(),
        &["tasks", "done", marlow[0], kestrel["id"].as_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no open task has the id"));
    let marlow_note = dir.path().join("Customers/Marlow Textiles/README.md");
    assert!(
        !std::fs::read_to_string(&marlow_note)
            .unwrap()
            .contains("- [x]")
    );

    let out = acct(dir.path(), &["tasks", "done", marlow[0]]);
    assert!(out.status.success());
    assert!(
        std::fs::read_to_string(&marlow_note)
            .unwrap()
            .contains("✅ 2026-11-24")
    );
}
