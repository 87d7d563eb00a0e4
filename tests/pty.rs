//! End to end: the real binary in a pseudo-terminal, driven by keys, with the
//! screen read back through a terminal emulator.

mod common;

use common::{Pty, copy_tree, fixture_vault};

#[test]
fn find_an_account_read_its_blockers_open_help_and_quit_cleanly() {
    let mut pty = Pty::spawn(&fixture_vault(), &[], 120, 40);
    pty.wait_for("Accounts (5)");
    pty.wait_for("Status · Bluefin");
    pty.send("/");
    pty.type_text("delta");
    pty.wait_for("Status · Delta Partners");
    pty.wait_for("Legal review of the data processing");
    pty.send("\r");
    pty.wait_for("filter kept: /delta");
    pty.send("?");
    pty.wait_for("Keys · Esc closes");
    assert!(pty.screen().contains("mark reviewed"));
    pty.send("\x1b");
    pty.wait_until(|s| !s.contains("Keys · Esc closes"), "the help to close");
    assert!(
        !pty.terminal_restored(),
        "while running, acct owns the alternate screen"
    );
    pty.send("q");
    assert!(pty.wait_exit(), "acct exits 0 on q");
    assert!(
        pty.terminal_restored(),
        "alternate screen left, cursor shown, mouse capture off"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut pty = Pty::spawn(&fixture_vault(), &[], 100, 30);
    pty.wait_for("Accounts (5)");
    let pid = pty.pid().expect("a pid");
    let status = std::process::Command::new("kill")
        .arg("-TERM")
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(status.success());
    pty.wait_exit();
    assert!(pty.terminal_restored());
}

#[test]
fn a_small_terminal_gets_a_notice_and_a_narrow_one_stacks_panes() {
    let mut pty = Pty::spawn(&fixture_vault(), &[], 38, 9);
    pty.wait_for("too small");
    pty.send("q");
    assert!(pty.wait_exit());
    let mut pty = Pty::spawn(&fixture_vault(), &[], 80, 24);
    pty.wait_for("Accounts (5)");
    pty.wait_for("Status · Bluefin");
    let screen = pty.screen();
    let list_row = screen
        .lines()
        .position(|l| l.contains("Accounts (5)"))
        .unwrap();
    let status_row = screen
        .lines()
        .position(|l| l.contains("Status · Bluefin"))
        .unwrap();
    assert!(status_row > list_row, "stacked below the list:\n{screen}");
    pty.send("q");
    assert!(pty.wait_exit());
}

#[test]
fn triage_two_accounts_undo_one_and_the_files_say_exactly_that() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture_vault(), dir.path());
    let bluefin = dir.path().join("Customers/Bluefin/index.md");
    let northwind = dir.path().join("Customers/Northwind Analytics.md");
    let bluefin_before = std::fs::read_to_string(&bluefin).unwrap();
    let northwind_before = std::fs::read(&northwind).unwrap();
    let mut pty = Pty::spawn(dir.path(), &[], 120, 40);
    pty.wait_for("Accounts (5)");
    pty.send("t");
    pty.wait_for("TRIAGE 1 of 3");
    pty.send("r");
    pty.wait_for("reviewed Bluefin");
    pty.wait_for("TRIAGE 2 of 3 (1 reviewed)");
    pty.send("r");
    pty.wait_for("reviewed Northwind Analytics");
    pty.send("u");
    pty.wait_for("undone: reviewed Northwind Analytics");
    pty.send("q");
    assert!(pty.wait_exit());
    assert_eq!(
        std::fs::read(&northwind).unwrap(),
        northwind_before,
        "the undone note is byte for byte as before"
    );
    let bluefin_after = std::fs::read_to_string(&bluefin).unwrap();
    assert!(!bluefin_after.to_lowercase().contains("needs-review"));
    let changed: Vec<(&str, &str)> = bluefin_before
        .lines()
        .zip(bluefin_after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "only the tags line changed: {changed:?}");
    assert_eq!(
        bluefin_before.lines().count(),
        bluefin_after.lines().count()
    );
}

#[test]
fn a_saved_note_shows_up_on_the_running_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture_vault(), dir.path());
    let mut pty = Pty::spawn(dir.path(), &[], 120, 40);
    pty.wait_for("Status · Bluefin");
    pty.wait_for("● live");
    let note = dir.path().join("Customers/Bluefin/index.md");
    let text = std::fs::read_to_string(&note).unwrap();
    let blocker = text
        .lines()
        .find(|l| l.trim_start().starts_with("- "))
        .expect("a list item")
        .to_string();
    let edited = text.replacen(&blocker, "- ❌ Budget freeze until spring", 1);
    // Save as editors do: write a temporary file and rename it over the note.
    let tmp = dir.path().join("Customers/Bluefin/.index.md.swp");
    std::fs::write(&tmp, edited).unwrap();
    std::fs::rename(&tmp, &note).unwrap();
    pty.wait_for("Budget freeze until spring");
    pty.wait_for("● updated");
    // A deleted account leaves the list, and the dashboard says so.
    std::fs::remove_file(&note).unwrap();
    pty.wait_for("Bluefin was deleted");
    pty.wait_for("Accounts (4)");
    pty.send("q");
    assert!(pty.wait_exit());
}

#[test]
fn e_opens_the_editor_at_the_line_and_the_note_is_read_again() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture_vault(), dir.path());
    let script = dir.path().join("fake-editor.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\necho \"$1 $2\" > \"$(dirname \"$0\")/editor-args\"\nsed -i 's/Budget frozen/Budget thawed/' \"$2\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut pty = Pty::spawn_with_env(
        dir.path(),
        &[],
        120,
        40,
        &[("VISUAL", script.to_str().unwrap())],
    );
    pty.wait_for("Status · Bluefin");
    pty.send("\t");
    pty.send("\t");
    pty.send("e");
    pty.wait_for("Budget thawed");
    pty.wait_for("back from");
    let args = std::fs::read_to_string(dir.path().join("editor-args")).unwrap();
    assert!(
        // The blocker under the cursor, at its own line.
        args.starts_with("+25 ") && args.trim_end().ends_with("Customers/Bluefin/index.md"),
        "{args}"
    );
    pty.send("q");
    assert!(pty.wait_exit());
    assert!(pty.terminal_restored());
}

#[test]
fn at_80x24_the_hint_bar_keeps_help_and_quit_and_the_help_scrolls_to_its_last_key() {
    let mut pty = Pty::spawn(&fixture_vault(), &[], 80, 24);
    pty.wait_for("Accounts (5)");
    pty.wait_until(
        |s| {
            let last = s.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
            last.contains("? help") && last.contains("q quit")
        },
        "? help and q quit on the hint bar",
    );
    pty.send("?");
    pty.wait_for("Keys · Esc closes");
    assert!(
        !pty.screen().contains("click selects and focuses"),
        "the help does not fit at 80×24:\n{}",
        pty.screen()
    );
    pty.send("G");
    pty.wait_for("click selects and focuses");
    pty.wait_for("In this help");
    pty.send("g");
    pty.wait_for("move down in the focused pane");
    pty.send("\x1b");
    pty.wait_until(|s| !s.contains("Keys · Esc closes"), "the help to close");
    pty.send("q");
    assert!(pty.wait_exit());
}

/// The fixture vault copied and settled, with its own cache and log folders
/// (the log at debug level), for starts that read what the last one kept.
struct Kept {
    dir: tempfile::TempDir,
}

impl Kept {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixture_vault(), &dir.path().join("vault"));
        std::thread::sleep(std::time::Duration::from_millis(1100));
        Self { dir }
    }

    fn vault(&self) -> std::path::PathBuf {
        self.dir.path().join("vault")
    }

    fn env(&self) -> [(&'static str, String); 3] {
        let at = |name: &str| self.dir.path().join(name).to_str().unwrap().to_string();
        [
            ("XDG_CACHE_HOME", at("cache")),
            ("XDG_STATE_HOME", at("logs")),
            ("ACCT_LOG", "debug".to_string()),
        ]
    }

    /// `acct list` of the vault, on the fixture's day: it keeps the list.
    fn list(&self) {
        let vault = self.vault();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_acct"))
            .args(["--vault", vault.to_str().unwrap(), "list"])
            .envs(self.env())
            .env("ACCT_CONFIG", vault.join("no-such-config.toml"))
            .env("ACCT_TODAY", "2026-11-24")
            .output()
            .unwrap();
        assert!(out.status.success());
    }

    fn dashboard(&self) -> Pty {
        let env = self.env();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Pty::spawn_with_env(&self.vault(), &[], 120, 40, &env)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("logs/acct/acct.log")).unwrap()
    }
}

#[test]
fn the_dashboard_starts_from_the_list_kept_by_acct_list_and_then_reads_the_vault() {
    let s = Kept::new();
    // `acct list` keeps the list …
    s.list();
    // … and the dashboard of the same day starts from it, then from the index.
    let mut pty = s.dashboard();
    pty.wait_for("Accounts (5)");
    pty.wait_for("Status · Bluefin");
    pty.send("j");
    pty.wait_for("Status · Northwind Analytics");
    pty.send("q");
    assert!(pty.wait_exit());
    let log = s.log();
    let kept = log
        .lines()
        .filter(|l| l.contains("account list kept from the previous start"))
        .count();
    assert_eq!(kept, 1, "the dashboard took the kept list:\n{log}");
}

#[test]
fn after_a_review_in_the_editor_the_dashboard_starts_from_the_list_brought_up_to_date() {
    let s = Kept::new();
    s.list();
    // Northwind reviewed in the editor: its review tag gone.
    let note = s.vault().join("Customers/Northwind Analytics.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, text.replacen("- needs-review\n", "", 1)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let mut pty = s.dashboard();
    // The list shows at once, brought up to date from Northwind's notes (the
    // log says so), and then the dashboard from the index.
    pty.wait_for("Accounts (5)");
    pty.wait_for("Status · Bluefin");
    pty.send("q");
    assert!(pty.wait_exit());
    let log = s.log();
    let updated: Vec<&str> = (log.lines())
        .filter(|l| l.contains("account list brought up to date"))
        .collect();
    assert_eq!(
        updated.len(),
        1,
        "the dashboard brought the kept list up to date:\n{log}"
    );
    assert!(updated[0].contains("rows_computed=1"), "{}", updated[0]);
}

#[test]
fn quitting_while_the_list_is_being_kept_waits_for_it_so_the_next_start_updates_it() {
    let s = Kept::new();
    // A first start (nothing kept): the dashboard builds the index and keeps
    // the list and its sources, here with a pause between the two writes.
    let env = s.env();
    let mut env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    env.push(("ACCT_TEST_PAUSE_KEEPING_MS", "1500"));
    let mut pty = Pty::spawn_with_env(&s.vault(), &[], 120, 40, &env);
    pty.wait_for("Status · Bluefin");
    pty.send("q");
    assert!(pty.wait_exit());
    // Northwind reviewed in the editor; the next start takes the kept list and
    // brings it up to date, which needs both files written whole.
    let note = s.vault().join("Customers/Northwind Analytics.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, text.replacen("- needs-review\n", "", 1)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    s.list();
    let log = s.log();
    assert!(
        log.contains("account list brought up to date"),
        "the list kept by the dashboard was brought up to date:\n{log}"
    );
}
