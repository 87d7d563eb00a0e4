//! Writing triage changes back to notes: through the command line and the library,
//! with whole files compared before and after.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use acct::config::Config;
use acct::edit::writeback::{self, TriageEdit, WriteBackError};
use acct::index::Index;
use common::{copy_tree, fixture_vault};

fn acct(vault: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_acct"))
        // acct's own state (review points) never goes to the real state folder.
        .env(
            "ACCT_STATE_DIR",
            std::env::temp_dir().join("acct-tests-state"),
        )
        .arg("--vault")
        .arg(vault)
        .args(args)
        .env("ACCT_TODAY", "2026-11-24")
        .env("ACCT_CONFIG", vault.join("no-such-config.toml"))
        .output()
        .unwrap()
}

fn vault_copy(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(from, dir.path());
    dir
}

/// Fails with the command's message unless it exited 0.
fn assert_succeeded(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The lines that differ, as (before, after) pairs; the line count must match.
fn changed_lines(before: &str, after: &str) -> Vec<(String, String)> {
    before
        .split_inclusive('\n')
        .zip(after.split_inclusive('\n'))
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn review_removes_only_the_tag_and_prints_a_diff() {
    let dir = vault_copy(&fixture_vault());
    let note = dir.path().join("Customers/Northwind Analytics.md");
    let before = std::fs::read_to_string(&note).unwrap();
    let out = acct(dir.path(), &["review", "northwind analytics"]);
    assert_succeeded(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Customers/Northwind Analytics.md"));
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with('-') && l.ends_with("- needs-review")),
        "{stdout}"
    );
    let after = std::fs::read_to_string(&note).unwrap();
    let expected = before.replacen("- needs-review\n", "", 1);
    assert_eq!(after, expected);
    let again = acct(dir.path(), &["review", "northwind analytics"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not tagged needs-review"));
    assert_eq!(
        std::fs::read_to_string(&note).unwrap(),
        expected,
        "a second review changes nothing"
    );
}

/// A note whose tags key is written `Tags:` or `TAG:` is flagged (Obsidian
/// reads it), and review and set-status edit that key.
#[test]
fn review_and_status_edit_a_tags_key_in_any_letter_case() {
    let dir = vault_copy(&fixture_vault());
    let note = dir.path().join("Customers/Casefold Ltd.md");
    std::fs::write(
        &note,
        "---\ntype: customer\nTags: [needs-review, status/active]\n---\n# Casefold Ltd\n",
    )
    .unwrap();
    let list = acct(dir.path(), &["list", "--needs-review"]);
    assert!(
        String::from_utf8_lossy(&list.stdout).contains("Casefold Ltd"),
        "{}",
        String::from_utf8_lossy(&list.stdout)
    );
    let out = acct(dir.path(), &["set-status", "casefold ltd", "paused"]);
    assert_succeeded(&out);
    let out = acct(dir.path(), &["review", "casefold ltd"]);
    assert_succeeded(&out);
    assert_eq!(
        std::fs::read_to_string(&note).unwrap(),
        "---\ntype: customer\nTags: [status/paused]\n---\n# Casefold Ltd\n"
    );
}

/// Keys written in another letter case (`Type:`, `Status:`, `Needs-Review:`)
/// are read as Obsidian reads them, and edited where they are written: no
/// second `status:` key appears beside `Status:` (the value in the case
/// the vault writes statuses in).
#[test]
fn status_and_flag_keys_in_any_letter_case_are_read_and_edited_in_place() {
    let dir = vault_copy(&fixture_vault());
    let note = dir.path().join("Customers/Upper Keys.md");
    std::fs::write(
        &note,
        "---\nType: customer\nStatus: Active\nNeeds-Review: true\n---\n# Upper Keys\n",
    )
    .unwrap();
    let list = acct(dir.path(), &["list", "--needs-review", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let row = (rows.as_array().unwrap().iter())
        .find(|r| r["title"] == "Upper Keys")
        .unwrap_or_else(|| panic!("an account, flagged: {rows}"));
    assert_eq!(row["status"], "Active", "{row}");
    assert_succeeded(&acct(dir.path(), &["set-status", "upper keys", "paused"]));
    assert_succeeded(&acct(dir.path(), &["review", "upper keys"]));
    assert_eq!(
        std::fs::read_to_string(&note).unwrap(),
        "---\nType: customer\nStatus: paused\nNeeds-Review: false\n---\n# Upper Keys\n"
    );
}

/// A note flagged by a `needs-review: true` field is reviewed by setting the
/// field to `false`, and leaves the review list.
#[test]
fn review_clears_a_needs_review_field() {
    let dir = vault_copy(&fixture_vault());
    let note = dir.path().join("Customers/Flagfield Co.md");
    std::fs::write(
        &note,
        "---\ntype: customer\nneeds-review: true\nstatus: active\n---\n# Flagfield Co\n",
    )
    .unwrap();
    let listed = |dir: &Path| {
        let list = acct(dir, &["list", "--needs-review"]);
        String::from_utf8_lossy(&list.stdout).contains("Flagfield Co")
    };
    assert!(listed(dir.path()), "a true field flags the account");
    let out = acct(dir.path(), &["review", "flagfield co"]);
    assert_succeeded(&out);
    assert_eq!(
        std::fs::read_to_string(&note).unwrap(),
        "---\ntype: customer\nneeds-review: false\nstatus: active\n---\n# Flagfield Co\n"
    );
    assert!(!listed(dir.path()), "reviewed, it leaves the list");
}

/// A flag written where acct does not edit (a YAML anchor) is refused with
/// a message naming the note, and the note keeps every byte.
#[test]
fn a_flag_acct_does_not_edit_is_refused_and_nothing_is_written() {
    let dir = vault_copy(&fixture_vault());
    let note = dir.path().join("Customers/Anchored Inc.md");
    let text = "---\ntype: customer\ntags: &t [needs-review]\n---\n# Anchored Inc\n";
    std::fs::write(&note, text).unwrap();
    let out = acct(dir.path(), &["review", "anchored inc"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("Customers/Anchored Inc.md"), "{stderr}");
    assert!(stderr.contains("YAML anchor"), "{stderr}");
    assert!(!stderr.contains("not tagged"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&note).unwrap(), text);
}

/// Taking a tag out of a paragraph would make the line after it a task: the
/// change does not read back as a review alone, so nothing is written.
#[test]
fn a_review_that_would_change_the_tasks_is_refused_by_the_read_back() {
    let dir = vault_copy(&fixture_vault());
    let note = dir.path().join("Customers/Lazyline GmbH.md");
    let text = "---\ntype: customer\n---\n# Lazyline GmbH\n\n#needs-review\n12) [ ] call Ann\n";
    std::fs::write(&note, text).unwrap();
    let index = Index::build(dir.path(), &Config::default());
    let read = index.note("Customers/Lazyline GmbH.md").unwrap();
    assert!(
        read.needs_review() && read.tasks.is_empty(),
        "before the change, the note is flagged and the numbered line is text"
    );
    let out = acct(dir.path(), &["review", "lazyline gmbh"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("its tasks would change"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&note).unwrap(), text);
}

#[test]
fn set_status_makes_frontmatter_tag_and_table_agree() {
    let dir = vault_copy(&fixture_vault());
    let note = dir.path().join("Customers/Northwind Analytics.md");
    let before = std::fs::read_to_string(&note).unwrap();
    let out = acct(dir.path(), &["set-status", "Northwind Analytics", "Paused"]);
    assert_succeeded(&out);
    let after = std::fs::read_to_string(&note).unwrap();
    let changed = changed_lines(&before, &after);
    assert_eq!(
        changed.len(),
        3,
        "status:, the tag and the table row: {changed:?}"
    );
    assert!(after.contains("status: paused\n"));
    assert!(after.contains("- status/paused\n"));
    assert!(
        after.contains("| Paused |") || after.contains("| **Paused** |"),
        "{after}"
    );
    let show = acct(dir.path(), &["show", "Northwind Analytics", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(json["status"], "paused");
    assert_eq!(json["table"]["Status"], "Paused");
    assert!(
        !json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("status disagrees"))
    );
}

#[test]
fn crlf_and_bom_notes_keep_their_bytes() {
    let dir = vault_copy(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/bad"
    )));
    for (file, name) in [("crlf.md", "CRLF Account"), ("bom.md", "bom")] {
        let path = dir.path().join(file);
        let before = std::fs::read(&path).unwrap();
        let out = acct(dir.path(), &["set-status", name, "churned"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let after = std::fs::read(&path).unwrap();
        assert_eq!(
            before.starts_with(b"\xEF\xBB\xBF"),
            after.starts_with(b"\xEF\xBB\xBF"),
            "{file}: BOM kept"
        );
        let crlf = |b: &[u8]| b.windows(2).filter(|w| w == b"\r\n").count();
        assert_eq!(crlf(&before), crlf(&after), "{file}: line endings kept");
        assert!(String::from_utf8_lossy(&after).contains("status: churned"));
    }
}

#[test]
fn a_note_changed_since_it_was_read_is_never_overwritten() {
    let dir = vault_copy(&fixture_vault());
    let index = Index::build(dir.path(), &Config::default());
    let path = "Customers/Northwind Analytics.md";
    let file = dir.path().join(path);
    let newer = std::fs::read_to_string(&file).unwrap().replace(
        "## Key Facts",
        "## Key Facts\n\n- A fact typed in the editor a moment ago.",
    );
    std::fs::write(&file, &newer).unwrap();
    let err = writeback::apply(&index, path, &TriageEdit::Review).unwrap_err();
    assert!(matches!(err, WriteBackError::Conflict { .. }), "{err}");
    assert_eq!(err.exit_code(), 3);
    assert!(err.to_string().contains(path));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        newer,
        "the newer edit is untouched"
    );
}

#[test]
fn a_task_moved_by_an_edit_is_refused_and_undo_checks_too() {
    let dir = vault_copy(&fixture_vault());
    let mut index = Index::build(dir.path(), &Config::default());
    let path = "Customers/dp-0042.md";
    let task = index
        .note(path)
        .unwrap()
        .tasks
        .iter()
        .find(|t| t.status.is_open())
        .unwrap()
        .clone();
    let wrong = TriageEdit::Task {
        line: task.line + 1,
        source: task.source.to_string(),
        symbol: 'x',
        done_on: None,
    };
    assert!(matches!(
        writeback::apply(&index, path, &wrong),
        Err(WriteBackError::Edit { .. })
    ));
    let file = dir.path().join(path);
    let before = std::fs::read_to_string(&file).unwrap();
    let done_on = chrono::NaiveDate::from_ymd_opt(2026, 11, 24);
    let written = writeback::apply(
        &index,
        path,
        &TriageEdit::Task {
            line: task.line,
            source: task.source.to_string(),
            symbol: 'x',
            done_on,
        },
    )
    .unwrap();
    let after = std::fs::read_to_string(&file).unwrap();
    let changed = changed_lines(&before, &after);
    assert_eq!(changed.len(), 1);
    assert!(
        changed[0].1.contains("- [x] ") && changed[0].1.trim_end().ends_with("✅ 2026-11-24"),
        "{changed:?}"
    );
    index.apply(vec![acct::watch::read_note(
        dir.path(),
        path,
        &index.settings.statuses,
    )]);
    written.undo.undo().unwrap();
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before,
        "undo restores the exact bytes"
    );
    std::fs::write(&file, "changed by hand\n").unwrap();
    assert!(
        written.undo.undo().is_err(),
        "undo after an outside change is refused"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "changed by hand\n");
}
