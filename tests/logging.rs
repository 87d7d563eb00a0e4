//! The log file is written where README.md ("Logs") promises: `acct/acct.log`
//! under `$XDG_STATE_HOME`, at the level `ACCT_LOG` asks for, and nothing of it
//! reaches the terminal.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `acct` with its state, config and home folders inside `home`, so the developer's
/// own log and config are never touched.
fn acct(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_acct"));
    cmd.env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("ACCT_CONFIG", home.join("no-such-config.toml"))
        .env("ACCT_TODAY", "2026-11-24")
        .env_remove("ACCT_VAULT")
        .env_remove("ACCT_LOG")
        .env("NO_COLOR", "1");
    cmd
}

fn log_of(home: &Path) -> String {
    std::fs::read_to_string(home.join("state/acct/acct.log"))
        .expect("the log file exists under $XDG_STATE_HOME/acct/")
}

/// A vault with one account note.
fn vault_with_an_account(root: &Path) {
    std::fs::create_dir_all(root.join(".obsidian")).unwrap();
    std::fs::write(
        root.join("Cafe Noir.md"),
        "---\ntype: customer\nstatus: active\n---\n# Cafe Noir\n",
    )
    .unwrap();
}

/// In this process (the only test here that sets up logging in-process): a write
/// refused because the note changed on disk since it was read is logged.
#[test]
fn a_refused_write_is_logged() {
    use acct::config::Config;
    use acct::edit::writeback::{self, TriageEdit, WriteBackError};
    use acct::index::Index;
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("state/acct/acct.log");
    assert!(acct::logging::init_at(&log, Some("warn")));
    let vault = home.path().join("vault");
    vault_with_an_account(&vault);
    let index = Index::build(&vault, &Config::default());
    std::fs::write(
        vault.join("Cafe Noir.md"),
        "---\ntype: customer\n---\nedited elsewhere\n",
    )
    .unwrap();
    let refused = writeback::apply(
        &index,
        "Cafe Noir.md",
        &TriageEdit::SetStatus("paused".into()),
    );
    assert!(
        matches!(refused, Err(WriteBackError::Conflict { .. })),
        "{refused:?}"
    );
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("WARN") && text.contains("refused to write Cafe Noir.md: it changed on disk"),
        "the refusal is in the log: {text:?}"
    );
}

#[test]
fn watching_by_polling_is_logged_and_an_unknown_level_falls_back_to_info() {
    let home = tempfile::tempdir().unwrap();
    let vault = home.path().join("vault");
    vault_with_an_account(&vault);
    let mut child = acct(home.path())
        .env("ACCT_WATCH_FORCE_POLL", "1")
        .env("ACCT_LOG", "acct=loud")
        .arg("--vault")
        .arg(&vault)
        .arg("watch")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The watcher starts (and logs how it watches) before this line is printed.
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut line = String::new();
    while !line.contains("watching") && Instant::now() < deadline {
        line.clear();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(line.contains("watching"), "acct watch started: {line:?}");
    let log = log_of(home.path());
    assert!(
        log.contains("ACCT_LOG=\"acct=loud\" is not a log level"),
        "a bad level is reported in the log: {log}"
    );
    assert!(
        log.contains("polling") && log.contains("ACCT_WATCH_FORCE_POLL"),
        "the fall-back to polling and its reason are logged: {log}"
    );
}
