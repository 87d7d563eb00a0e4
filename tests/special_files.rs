//! Files that are not notes under a note's name — a FIFO, a link to a device, a
//! sparse file of gigabytes — never freeze, exhaust or crash acct: at start, in
//! the live view, or in `acct watch`. Each case runs against a deadline.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Pty;

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

fn account(name: &str) -> String {
    format!("---\ntype: customer\nstatus: active\n---\n# {name}\n")
}

/// Runs acct to completion, or kills it and fails after `limit`.
fn run_within(limit: Duration, vault: &Path, args: &[&str]) -> std::process::Output {
    run_within_caching(limit, vault, args, &vault.join(".cache"))
}

/// [`run_within`], with acct's caches kept under `cache`.
fn run_within_caching(
    limit: Duration,
    vault: &Path,
    args: &[&str],
    cache: &Path,
) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_acct"))
        .arg("--vault")
        .arg(vault)
        .args(args)
        .env("ACCT_TODAY", "2026-11-24")
        .env("ACCT_CONFIG", vault.join("no-such-config.toml"))
        .env("ACCT_STATE_DIR", vault.join(".state"))
        .env("XDG_CACHE_HOME", cache)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("acct {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn strange_vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("Halcyon.md"), account("Halcyon")).unwrap();
    mkfifo(&root.join("Pipe.md"));
    std::os::unix::fs::symlink("/dev/zero", root.join("Zero.md")).unwrap();
    let sparse = std::fs::File::create(root.join("Sparse.md")).unwrap();
    sparse.set_len(1536 * 1024 * 1024).unwrap();
    dir
}

#[test]
fn list_and_check_finish_on_a_vault_of_special_files() {
    let vault = strange_vault();
    let list = run_within(Duration::from_secs(20), vault.path(), &["list", "--json"]);
    assert_eq!(list.status.code(), Some(0));
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1, "only the real account");
    let check = run_within(Duration::from_secs(20), vault.path(), &["check"]);
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        text.contains("Sparse.md") && text.contains("1536.0 MiB, over the 4 MiB limit"),
        "{text}"
    );
}

#[test]
fn a_fifo_created_while_watching_is_reported_and_watching_goes_on() {
    let vault = tempfile::tempdir().unwrap();
    std::fs::write(vault.path().join("Halcyon.md"), account("Halcyon")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_acct"))
        .arg("--vault")
        .arg(vault.path())
        .args(["watch", "--json"])
        .env("ACCT_CONFIG", vault.path().join("no-such-config.toml"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    mkfifo(&vault.path().join("Late.md"));
    std::os::unix::fs::symlink("/dev/zero", vault.path().join("Endless.md")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(vault.path().join("Kestrel.md"), account("Kestrel")).unwrap();
    // The later note is still seen: the FIFO froze nothing.
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    while !seen.iter().any(|l: &String| l.contains("Kestrel.md")) {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => seen.push(line),
            Err(_) => panic!("acct watch stopped reporting; saw {seen:?}"),
        }
    }
    // And it still ends on SIGTERM.
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "acct watch ignored SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_dashboard_keeps_answering_after_a_fifo_appears() {
    let vault = tempfile::tempdir().unwrap();
    std::fs::write(vault.path().join("Halcyon.md"), account("Halcyon")).unwrap();
    let mut pty = Pty::spawn(vault.path(), &[], 100, 30);
    pty.wait_for("Accounts (1)");
    mkfifo(&vault.path().join("Late.md"));
    std::fs::write(vault.path().join("Kestrel.md"), account("Kestrel")).unwrap();
    pty.wait_for("Accounts (2)");
    pty.wait_for("1 problem");
    pty.send("q");
    assert!(pty.wait_exit(), "acct quits with q");
    assert!(pty.terminal_restored());
}

#[test]
fn settings_files_that_are_a_fifo_or_a_device_are_reported_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("Halcyon.md"), account("Halcyon")).unwrap();
    let plugin = root.join(".obsidian/plugins/obsidian-tasks-plugin");
    std::fs::create_dir_all(&plugin).unwrap();
    mkfifo(&root.join(".obsidian/app.json"));
    std::os::unix::fs::symlink("/dev/zero", plugin.join("data.json")).unwrap();
    let list = run_within(Duration::from_secs(20), root, &["list", "--json"]);
    assert_eq!(
        list.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1, "the account is listed");
    let check = run_within(Duration::from_secs(20), root, &["check"]);
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        text.contains(".obsidian/app.json")
            && text.contains("it is a FIFO (named pipe), not a settings file"),
        "{text}"
    );
    assert!(
        text.contains("data.json") && text.contains("it is a device, not a settings file"),
        "{text}"
    );
}

#[test]
fn cache_files_that_are_a_fifo_are_passed_over_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("vault");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("Halcyon.md"), account("Halcyon")).unwrap();
    let cache = dir.path().join("cache");
    let run = || {
        let out = run_within_caching(Duration::from_secs(20), &root, &["list", "--json"], &cache);
        assert_eq!(out.status.code(), Some(0));
        out.stdout
    };
    common::settle();
    let first = run();
    // Every file the start wrote under the cache folder becomes a FIFO.
    let files: Vec<_> = walkdir::WalkDir::new(&cache)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "bin"))
        .map(|e| e.into_path())
        .collect();
    assert!(files.len() >= 2, "{files:?}");
    for file in &files {
        std::fs::remove_file(file).unwrap();
        mkfifo(file);
    }
    assert_eq!(run(), first, "the same list, the caches passed over");
    assert_eq!(run(), first);
}
