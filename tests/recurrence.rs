//! Completing a recurring task (`🔁 every week`) through the command line: the
//! next occurrence is written beside it as the Tasks plugin writes it, and a
//! rule acct does not compute is refused with nothing written.

use std::path::Path;
use std::process::{Command, Output};

const NOTE: &str = "Customers/Recur Co.md";

const TEXT: &str = "---\ntype: customer\nstatus: active\n---\n# Recur Co\n\n## Tasks\n\
- [ ] Send the weekly report @Mara #task 🔁 every week 📅 2026-11-23 ^weekly\n\
- [ ] Book the training room @Mara #task 🔁 every week on Monday 📅 2026-11-23\n\
- [ ] Call the new champion @Mara #task 📅 2026-11-25\n";

fn acct(vault: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_acct"))
        .arg("--vault")
        .arg(vault)
        .args(args)
        .env("ACCT_STATE_DIR", vault.join(".acct-test-state"))
        .env("ACCT_TODAY", "2026-11-24")
        .env("ACCT_CONFIG", vault.join("no-such-config.toml"))
        .output()
        .unwrap()
}

/// A vault holding the one account note, with the Tasks settings `tasks_json`.
fn vault(tasks_json: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("Customers")).unwrap();
    std::fs::write(dir.path().join(NOTE), TEXT).unwrap();
    if let Some(json) = tasks_json {
        let plugin = dir.path().join(".obsidian/plugins/obsidian-tasks-plugin");
        std::fs::create_dir_all(&plugin).unwrap();
        std::fs::write(plugin.join("data.json"), json).unwrap();
    }
    dir
}

/// The id `acct tasks` gives the open task whose text starts with `start`.
fn id_of(vault: &Path, start: &str) -> String {
    let out = acct(vault, &["tasks", "recur co", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tasks: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let task = (tasks.iter())
        .find(|t| t["text"].as_str().is_some_and(|s| s.starts_with(start)))
        .unwrap_or_else(|| panic!("no task {start:?} in {tasks:?}"));
    task["id"].as_str().unwrap().to_string()
}

/// `acct tasks done` on the open task whose text starts with `start`.
fn done(vault: &Path, start: &str) -> Output {
    acct(vault, &["tasks", "done", &id_of(vault, start)])
}

/// Fails with the command's message unless it exited 0.
fn assert_succeeded(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn done_writes_the_next_occurrence_above_with_its_date_moved_on() {
    let dir = vault(None);
    assert_succeeded(&done(dir.path(), "Send the weekly report"));
    let expected = TEXT.replace(
        "- [ ] Send the weekly report @Mara #task 🔁 every week 📅 2026-11-23 ^weekly\n",
        "- [ ] Send the weekly report @Mara #task 🔁 every week 📅 2026-11-30\n\
         - [x] Send the weekly report @Mara #task 🔁 every week 📅 2026-11-23 ✅ 2026-11-24 ^weekly\n",
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(NOTE)).unwrap(),
        expected
    );
    // The next occurrence is an open task like any other.
    id_of(dir.path(), "Send the weekly report");
}

#[test]
fn the_plugins_next_line_setting_puts_it_below() {
    let dir = vault(Some(
        r#"{"recurrenceOnNextLine": true, "setCreatedDate": false}"#,
    ));
    assert_succeeded(&done(dir.path(), "Send the weekly report"));
    let written = std::fs::read_to_string(dir.path().join(NOTE)).unwrap();
    assert!(
        written.contains(
            "✅ 2026-11-24 ^weekly\n- [ ] Send the weekly report @Mara #task 🔁 every week 📅 2026-11-30\n"
        ),
        "{written}"
    );
}

#[test]
fn a_rule_acct_does_not_compute_is_refused_and_nothing_is_written() {
    let dir = vault(None);
    let out = done(dir.path(), "Book the training room");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("every week on Monday"), "{stderr}");
    assert!(stderr.contains("Recur Co.md"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join(NOTE)).unwrap(),
        TEXT
    );
    // A task that does not recur is done as before, with no copy.
    assert_succeeded(&done(dir.path(), "Call the new champion"));
    let written = std::fs::read_to_string(dir.path().join(NOTE)).unwrap();
    assert_eq!(written.matches("Call the new champion").count(), 1);
    assert!(
        written.contains("- [x] Call the new champion @Mara #task 📅 2026-11-25 ✅ 2026-11-24")
    );
}

/// The write reports the next occurrence it added (the dashboard says so), and
/// its undo takes the copy away with the tick.
#[test]
fn the_write_names_the_next_occurrence_and_undo_takes_it_back() {
    use acct::edit::writeback::{self, TriageEdit};
    let dir = vault(None);
    let index = acct::index::Index::build(dir.path(), &acct::config::Config::default());
    let task = (index.note(NOTE).unwrap().tasks.iter())
        .find(|t| t.source.starts_with("Send the weekly report"))
        .unwrap()
        .clone();
    let done = TriageEdit::Task {
        line: task.line,
        source: task.source.to_string(),
        symbol: 'x',
        done_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 24),
    };
    let written = writeback::apply(&index, NOTE, &done).unwrap();
    assert_eq!(
        written.next_occurrences,
        ["Send the weekly report @Mara #task 🔁 every week 📅 2026-11-30"]
    );
    written.undo.undo().unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join(NOTE)).unwrap(),
        TEXT
    );
}
