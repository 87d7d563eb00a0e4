//! Since last review: a review point, then commits (or plain edits) that add,
//! reword and remove items, rename a note and add a meeting note; `acct changes
//! --json` and the changes view show exactly those changes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use acct::config::Config;
use acct::git::Repo;
use acct::index::Index;
use acct::index::change::Update;
use acct::state::StateFile;
use acct::tui::app::{App, Drawn, History, Mode};
use acct::tui::keymap::Keymap;
use acct::tui::view;
use acct::tui::view::theme::Theme;
use acct::watch::read_note;
use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;

const ZEPHYR: &str = "Customers/Zephyr Dynamics/README.md";
const SYNC: &str = "Customers/Zephyr Dynamics/2026-11-12 Quarterly sync.md";
const SYNC_RENAMED: &str = "Customers/Zephyr Dynamics/2026-11-12 Q4 sync.md";
const PRICING: &str = "Customers/Zephyr Dynamics/2026-11-20 Pricing call.md";

/// A copy of the pipeline fixture and a state folder of its own.
struct Vault {
    _dir: tempfile::TempDir,
    root: PathBuf,
    state: PathBuf,
}

fn vault() -> Vault {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("vault");
    let state = dir.path().join("state");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pipeline"),
        &root,
    );
    Vault {
        _dir: dir,
        root,
        state,
    }
}

fn git(root: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "user.name=Pipeline",
            "-c",
            "user.email=pipeline@example.com",
        ])
        .args(args)
        .env("GIT_CEILING_DIRECTORIES", root.parent().unwrap())
        .output()
        .expect("git is installed (.ci/run installs it)");
    assert!(
        ok.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

fn acct(v: &Vault, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_acct"))
        .arg("--vault")
        .arg(&v.root)
        .args(args)
        .env("ACCT_TODAY", "2026-11-24")
        .env("ACCT_CONFIG", v.root.join("no-such-config.toml"))
        .env("ACCT_STATE_DIR", &v.state)
        .env("GIT_CEILING_DIRECTORIES", v.root.parent().unwrap())
        .output()
        .unwrap()
}

/// The pipeline's next run: a blocker reworded, a fact added, a proposed task
/// removed, the meeting note renamed and a new meeting note with a decision.
fn pipeline_run(root: &Path, rename: impl Fn(&Path, &Path)) {
    let note = root.join(ZEPHYR);
    let text = std::fs::read_to_string(&note).unwrap();
    let text = text
        .replace(
            "- ❌ Procurement wants a second reference customer before signing",
            "- ❌ Procurement wants two reference customers before signing\n\n## 🔑 Key Facts\n\n- Render farm has 400 nodes",
        )
        .replace(
            "- [?] Draft the reference-call agenda @Mara #task #proposed #auto\n",
            "",
        );
    std::fs::write(&note, text).unwrap();
    rename(&root.join(SYNC), &root.join(SYNC_RENAMED));
    std::fs::write(
        root.join(PRICING),
        "---\ntype: meeting\ndate: 2026-11-20\naccount: \"[[Zephyr Dynamics]]\"\n---\n\n# 2026-11-20 Pricing call\n\n## ✅ Key Decisions\n\n- ✅ Pilot priced per node\n",
    )
    .unwrap();
}

fn texts(list: &Value) -> Vec<(String, String)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["pane"].as_str().unwrap().to_string(),
                i["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn paths(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|n| n["path"].as_str().unwrap().to_string())
        .collect()
}

fn expected_added() -> Vec<(String, String)> {
    [
        (
            "blockers",
            "Procurement wants two reference customers before signing",
        ),
        ("decisions", "Pilot priced per node"),
        ("facts", "Render farm has 400 nodes"),
    ]
    .map(|(p, t)| (p.to_string(), t.to_string()))
    .to_vec()
}

fn expected_removed() -> Vec<(String, String)> {
    [
        (
            "blockers",
            "Procurement wants a second reference customer before signing",
        ),
        (
            "open_tasks",
            "Draft the reference-call agenda @Mara #task #proposed #auto",
        ),
    ]
    .map(|(p, t)| (p.to_string(), t.to_string()))
    .to_vec()
}

#[test]
fn acct_changes_json_in_a_git_vault_shows_exactly_what_the_commits_changed() {
    let v = vault();
    git(&v.root, &["init", "-q"]);
    git(&v.root, &["add", "-A"]);
    git(&v.root, &["commit", "-qm", "[auto] first run"]);
    let out = acct(&v, &["review", "Zephyr"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!v.root.join(".git/index.lock").exists());
    pipeline_run(&v.root, |from, to| {
        let rel = |p: &Path| {
            p.strip_prefix(&v.root)
                .unwrap()
                .to_str()
                .unwrap()
                .to_string()
        };
        git(&v.root, &["mv", &rel(from), &rel(to)]);
    });
    git(&v.root, &["add", "-A"]);
    git(&v.root, &["commit", "-qm", "[auto] second run"]);
    let status_before = Command::new("git")
        .arg("-C")
        .arg(&v.root)
        .args(["status", "--porcelain"])
        .output()
        .unwrap()
        .stdout;

    let out = acct(&v, &["changes", "Zephyr", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["title"], "Zephyr Dynamics");
    assert_eq!(json["path"], ZEPHYR);
    assert_eq!(json["since"]["kind"], "reviewed");
    assert_eq!(texts(&json["added"]), expected_added());
    assert_eq!(texts(&json["removed"]), expected_removed());
    for added in json["added"].as_array().unwrap() {
        assert_eq!(added["commit"]["subject"], "[auto] second run", "{added}");
        assert!(added["line"].as_u64().unwrap() > 0);
    }
    assert_eq!(json["added"][1]["path"], PRICING);
    // The renamed meeting note is the same note; only the new one is added.
    assert_eq!(paths(&json["notes_added"]), vec![PRICING.to_string()]);
    assert_eq!(
        json["notes_added"][0]["commit"]["subject"],
        "[auto] second run"
    );
    assert!(json["notes_removed"].as_array().unwrap().is_empty());
    assert!(json["status_changes"].as_array().unwrap().is_empty());

    // A revision works too, and the work tree was never touched.
    let out = acct(&v, &["changes", "Zephyr", "--since", "HEAD~1", "--json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["since"]["kind"], "revision");
    assert_eq!(texts(&json["added"]), expected_added());
    let status_after = Command::new("git")
        .arg("-C")
        .arg(&v.root)
        .args(["status", "--porcelain"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(status_before, status_after);
}

#[test]
fn without_git_the_state_file_alone_gives_the_same_changes() {
    let v = vault();
    let out = acct(&v, &["review", "Zephyr"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    pipeline_run(&v.root, |from, to| std::fs::rename(from, to).unwrap());
    let out = acct(&v, &["changes", "Zephyr", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(texts(&json["added"]), expected_added());
    assert_eq!(texts(&json["removed"]), expected_removed());
    assert!(json["added"][0]["commit"].is_null());
    // Without history a rename is a note gone and a note new.
    let mut added = paths(&json["notes_added"]);
    added.sort();
    assert_eq!(added, vec![SYNC_RENAMED.to_string(), PRICING.to_string()]);
    assert_eq!(paths(&json["notes_removed"]), vec![SYNC.to_string()]);
    // Nothing was added to the note.
    let note = std::fs::read_to_string(v.root.join(ZEPHYR)).unwrap();
    assert!(!note.contains("reviewed"));

    // Another account, never reviewed: measured from when acct first saw the vault.
    let out = acct(&v, &["changes", "Harbor Lane", "--json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["since"]["kind"], "first_seen");
    assert!(json["added"].as_array().unwrap().is_empty(), "{json}");

    let out = acct(&v, &["changes", "Zephyr", "--since", "HEAD~1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not in a git repository"));
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn key(app: &mut App, c: char) {
    let code = match c {
        '\n' => KeyCode::Enter,
        c => KeyCode::Char(c),
    };
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn screen(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut drawn = Drawn::default();
    terminal
        .draw(|f| drawn = view::draw(f, app, &Theme::mono()))
        .unwrap();
    app.drawn = drawn;
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..height {
        let line: String = (0..width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

const HARBOR: &str = "Customers/Harbor Lane/README.md";
const QUILLON: &str = "Customers/Quillon Bio/README.md";

/// The dashboard on the vault with its review points and history, as a start
/// takes them from the state file.
fn open_with_history(v: &Vault) -> App {
    let config = Config::default();
    let index = Index::build(&v.root, &config);
    let mut app = App::new(index, today(), "pipeline".into(), Keymap::default());
    let state = StateFile::open_in(&v.state, &v.root).unwrap();
    app.attach_history(History::new(config, Some(state), Repo::open(&v.root)));
    app
}

/// [`open_with_history`], each account reviewed as it is.
fn every_account_reviewed(v: &Vault) -> App {
    let mut app = open_with_history(v);
    for account in [ZEPHYR, HARBOR, QUILLON] {
        app.record_review(account).unwrap();
    }
    app
}

#[test]
fn a_review_counts_anew_the_accounts_whose_review_point_changed_and_only_those() {
    let v = vault();
    let open = || open_with_history(&v);
    let mut ours = every_account_reviewed(&v);
    // Another acct process on the same vault and state.
    let mut theirs = open();
    // A new meeting note in each account's folder: one thing new in each.
    let mut updates = Vec::new();
    for account in [ZEPHYR, HARBOR, QUILLON] {
        let folder = account.strip_suffix("/README.md").unwrap();
        let path = format!("{folder}/2026-11-23 Check-in.md");
        std::fs::write(
            v.root.join(&path),
            "---\ntype: meeting\ndate: 2026-11-23\n---\n\n# Check-in\n",
        )
        .unwrap();
        updates.push(path);
    }
    for app in [&mut ours, &mut theirs] {
        let statuses = app.index.settings.statuses.clone();
        let batch = (updates.iter())
            .map(|p| read_note(&v.root, p, &statuses))
            .collect();
        app.apply_changes(batch);
        for account in [ZEPHYR, HARBOR, QUILLON] {
            assert_eq!(app.new_count(account), 1, "{account}");
        }
    }
    theirs.record_review(HARBOR).unwrap();
    ours.record_review(ZEPHYR).unwrap();
    // Ours took Harbor Lane's new review point from the state file as it
    // recorded its own, and counted both again; Quillon's point is as it was.
    assert_eq!(ours.new_count(ZEPHYR), 0);
    assert_eq!(ours.new_count(HARBOR), 0);
    assert_eq!(ours.new_count(QUILLON), 1);
    // The same as a fresh start on the state file counts.
    let fresh = open();
    for account in [ZEPHYR, HARBOR, QUILLON] {
        assert_eq!(
            fresh.new_count(account),
            ours.new_count(account),
            "{account}"
        );
    }
}

#[test]
fn after_notes_come_and_go_rows_and_what_is_new_are_as_a_fresh_start_makes_them() {
    let v = vault();
    let open = || open_with_history(&v);
    let mut ours = every_account_reviewed(&v);
    const CALL: &str = "Customers/Harbor Lane/2026-11-23 Call.md";
    const INTRO: &str = "Notes/Intro.md";
    const NAMESAKE: &str = "Quillon Bio.md";
    let decision = |extra: &str| {
        format!(
            "---\ntype: meeting\ndate: 2026-11-23\n{extra}---\n\n## ✅ Key Decisions\n\n- ✅ Agreed\n"
        )
    };
    // Each batch: notes written (path, text) and notes removed.
    type Batch = (Vec<(&'static str, String)>, Vec<&'static str>);
    let batches: Vec<Batch> = vec![
        // A meeting note in an account's folder.
        (vec![(CALL, decision(""))], vec![]),
        // A note naming an account by `account:`.
        (
            vec![(INTRO, decision("account: \"[[Quillon Bio]]\"\n"))],
            vec![],
        ),
        // A note taking that name by its file name: the link now finds it.
        (vec![(NAMESAKE, "A stray note.\n".into())], vec![]),
        // It becomes an account of its own.
        (
            vec![(NAMESAKE, "---\ntype: customer\n---\n".into())],
            vec![],
        ),
        // And goes; the meeting note is renamed.
        (
            vec![(
                "Customers/Harbor Lane/2026-11-23 Renewal call.md",
                decision(""),
            )],
            vec![NAMESAKE, CALL],
        ),
    ];
    for (round, (written, removed)) in batches.into_iter().enumerate() {
        let mut batch = Vec::new();
        for (path, text) in &written {
            let file = v.root.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, text).unwrap();
            batch.push(read_note(&v.root, path, &ours.index.settings.statuses));
        }
        for path in removed {
            std::fs::remove_file(v.root.join(path)).unwrap();
            batch.push(Update::Remove(path.into()));
        }
        ours.apply_changes(batch);
        let fresh = open();
        let accounts: Vec<String> = fresh.index.accounts().map(|n| n.path.clone()).collect();
        assert!(accounts.len() >= 3, "round {round}");
        for account in &accounts {
            assert_eq!(
                ours.new_count(account),
                fresh.new_count(account),
                "round {round}: {account}"
            );
        }
        assert_eq!(ours.rows, fresh.rows, "round {round}: the list's rows");
        if round == 1 {
            assert_eq!(
                ours.new_count(QUILLON),
                2,
                "the note and its decision are new"
            );
        }
    }
}

#[test]
fn the_changes_view_shows_the_changes_pane_by_pane() {
    let v = vault();
    let config = Config::default();
    let index = Index::build(&v.root, &config);
    let mut app = App::new(index, today(), "pipeline".into(), Keymap::default());
    let state = StateFile::open_in(&v.state, &v.root).unwrap();
    app.attach_history(History::new(config, Some(state), Repo::open(&v.root)));
    let at = app
        .visible
        .iter()
        .position(|r| app.rows[r.row].path == ZEPHYR)
        .unwrap();
    app.selected = at;
    app.load_dashboard();
    key(&mut app, 'r');
    // The review write is the shell's; the review point is recorded here.
    app.record_review(ZEPHYR).unwrap();
    assert_eq!(app.new_count(ZEPHYR), 0);

    pipeline_run(&v.root, |from, to| std::fs::rename(from, to).unwrap());
    let statuses = app.index.settings.statuses.clone();
    app.apply_changes(vec![
        read_note(&v.root, ZEPHYR, &statuses),
        Update::Remove(SYNC.into()),
        read_note(&v.root, SYNC_RENAMED, &statuses),
        read_note(&v.root, PRICING, &statuses),
    ]);
    // 3 items and 2 notes are new.
    assert_eq!(app.new_count(ZEPHYR), 5);
    let list = screen(&mut app, 110, 30);
    assert!(list.contains("Zephyr Dynamics +5"), "{list}");

    key(&mut app, 'c');
    assert_eq!(app.mode, Mode::Changes);
    let text = screen(&mut app, 110, 30);
    let text: String = text
        .lines()
        .map(|l| {
            // The review time changes from run to run.
            match l.find("since review") {
                Some(i) => format!("{}since review <time>", &l[..i]),
                None => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("changes-view-zephyr", text);

    // Enter opens the selected item's note at its line.
    let effect = app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(
        effect,
        Some(acct::tui::app::Effect::Edit {
            path: ZEPHYR.into(),
            line: 30
        })
    );
    key(&mut app, 'c');
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn pty_review_an_account_edit_its_note_and_read_the_change_in_the_view() {
    let v = vault();
    let mut pty = common::Pty::spawn(&v.root, &[], 120, 36);
    pty.wait_for("Accounts (3)");
    pty.send("/");
    pty.type_text("zephyr");
    pty.wait_for("Status · Zephyr Dynamics");
    pty.send("\r");
    pty.send("r");
    pty.wait_for("reviewed Zephyr Dynamics");
    let note = v.root.join(ZEPHYR);
    let text = std::fs::read_to_string(&note).unwrap();
    assert!(!text.contains("needs-review"), "r removed the tag");
    std::fs::write(
        &note,
        text.replace(
            "## 🚧 Current Blockers",
            "## 🔑 Key Facts\n\n- Render farm has 400 nodes\n\n## 🚧 Current Blockers",
        ),
    )
    .unwrap();
    pty.wait_for("Zephyr Dynamics +1");
    pty.send("c");
    pty.wait_for("Changes · Zephyr Dynamics · since review");
    pty.wait_for("+ Render farm has 400 nodes");
    pty.send("\x1b");
    pty.wait_until(|s| !s.contains("Changes · Zephyr"), "the view to close");
    pty.send("q");
    assert!(pty.wait_exit());
}

/// The account list's width on a wide screen: the column of its top-right corner.
fn list_width(app: &mut App) -> usize {
    let screen = screen(app, 200, 30);
    let top = screen.lines().nth(1).unwrap();
    // Heavy when the list has the focus.
    top.chars().position(|c| c == '┓' || c == '┐').unwrap() + 1
}

#[test]
fn the_list_is_as_wide_as_its_widest_title_and_new_mark_after_every_change() {
    let v = vault();
    let mut app = every_account_reviewed(&v);
    let reviewed = list_width(&mut app);
    assert_eq!(reviewed, "Zephyr Dynamics".len() + 2 + 1 + 10 + 1 + 5 + 2);
    // Two new meeting notes: Zephyr Dynamics, the longest title, gets a "+2" mark.
    let mut updates = Vec::new();
    for day in [23, 24] {
        let path = format!("Customers/Zephyr Dynamics/2026-11-{day} Check-in.md");
        let note = format!("---\ntype: meeting\ndate: 2026-11-{day}\n---\n\n# Check-in\n");
        std::fs::write(v.root.join(&path), note).unwrap();
        updates.push(path);
    }
    let statuses = app.index.settings.statuses.clone();
    let batch = (updates.iter())
        .map(|p| read_note(&v.root, p, &statuses))
        .collect();
    app.apply_changes(batch);
    assert_eq!(app.new_count(ZEPHYR), 2);
    assert_eq!(list_width(&mut app), reviewed + " +2".len());
    // Moving through the list changes nothing it measures.
    key(&mut app, 'j');
    key(&mut app, 'k');
    assert_eq!(list_width(&mut app), reviewed + " +2".len());
    // Reviewed again: the mark goes, and the list narrows.
    app.record_review(ZEPHYR).unwrap();
    assert_eq!(list_width(&mut app), reviewed);
    // A search that leaves a shorter title narrows it to that title.
    for c in "/harbor".chars() {
        key(&mut app, c);
    }
    let harbor = "Harbor Lane".len() + 2 + 1 + 10 + 1 + 5 + 2;
    assert_eq!(list_width(&mut app), harbor.max(30));
}
