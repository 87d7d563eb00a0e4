//! Write-back on a vault in the meeting-notes pipeline's shape
//! (tests/fixtures/pipeline): the vault's own task statuses, live accounts
//! before archived snapshots, placeholder table cells, emoji headings, merged
//! task rows, the cursor after an action, undo after outside changes, the
//! printed diff, and a whole scripted session compared byte for byte.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use acct::config::Config;
use acct::index::Index;
use acct::tui::app::{App, Effect, Pane};
use acct::tui::keymap::{Action, Keymap};
use acct::tui::writes::Writes;
use chrono::NaiveDate;
use common::copy_tree;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const ZEPHYR: &str = "Customers/Zephyr Dynamics/README.md";
const SYNC: &str = "Customers/Zephyr Dynamics/2026-11-12 Quarterly sync.md";
const HARBOR: &str = "Customers/Harbor Lane/README.md";
const QUILLON: &str = "Customers/Quillon Bio/README.md";
const ARCHIVED_ZEPHYR: &str = "_archive/2026-06-30/Customers/Zephyr/README.md";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pipeline")
}

fn vault_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn acct(vault: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_acct"))
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
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn read(vault: &Path, path: &str) -> String {
    std::fs::read_to_string(vault.join(path)).unwrap()
}

/// Every file of a vault, by relative path.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn app_on(vault: &Path) -> App {
    let index = Index::build(vault, &Config::default());
    App::new(index, today(), "pipeline".into(), Keymap::default())
}

/// Selects the account at `path` and focuses its open tasks.
fn open_tasks_of(app: &mut App, path: &str) {
    let at = app
        .visible
        .iter()
        .position(|v| app.rows[v.row].path == path)
        .unwrap_or_else(|| panic!("{path} is not listed"));
    app.selected = at;
    app.load_dashboard();
    app.focus = Pane::Tasks;
    app.task_cursor = 0;
}

fn key(app: &mut App, c: char) -> Option<Effect> {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// Presses `c` and carries out the write it asks for, as the dashboard does.
fn press(app: &mut App, writes: &mut Writes, c: char) {
    if let Some(effect) = key(app, c) {
        writes.carry_out(effect, app).expect("a write");
    }
}

fn shown_texts(app: &App) -> Vec<String> {
    let (tasks, _) = app.shown_tasks();
    app.task_order()
        .into_iter()
        .map(|i| tasks[i].text.clone())
        .collect()
}

fn selected_text(app: &App) -> String {
    app.selected_task()
        .map(|t| t.text.clone())
        .unwrap_or_default()
}

// 1. Statuses follow the Tasks plugin.

#[test]
fn dismiss_writes_the_vaults_declared_cancelled_status() {
    let dir = vault_copy();
    let mut app = app_on(dir.path());
    assert_eq!(
        app.task_action_label(Action::Dismiss).as_deref(),
        Some("dismiss → [R] Rejected")
    );
    assert_eq!(
        app.task_action_label(Action::Done).as_deref(),
        Some("done → [x] Done")
    );
    open_tasks_of(&mut app, ZEPHYR);
    app.task_cursor = 3;
    assert!(selected_text(&app).starts_with("Draft the reference-call agenda"));
    let mut writes = Writes::default();
    press(&mut app, &mut writes, 'd');
    let msg = app.message.clone().unwrap();
    assert!(msg.contains("[R] Rejected"), "{msg}");
    assert!(
        read(dir.path(), ZEPHYR)
            .contains("- [R] Draft the reference-call agenda @Mara #task #proposed #auto\n")
    );
}

/// Gives every CANCELLED status of the vault's Tasks settings the type `to`.
fn retype_cancelled_statuses(vault: &Path, to: &str) {
    let settings = vault.join(".obsidian/plugins/obsidian-tasks-plugin/data.json");
    let json = std::fs::read_to_string(&settings)
        .unwrap()
        .replace("\"CANCELLED\"", &format!("\"{to}\""));
    std::fs::write(&settings, json).unwrap();
}

#[test]
fn a_vault_without_a_cancelled_status_gets_no_dismiss_write() {
    let dir = vault_copy();
    retype_cancelled_statuses(dir.path(), "TODO");
    let before = snapshot(dir.path());
    let mut app = app_on(dir.path());
    open_tasks_of(&mut app, ZEPHYR);
    app.task_cursor = 3;
    assert_eq!(key(&mut app, 'd'), None);
    let msg = app.message.clone().unwrap();
    assert!(msg.contains("declares no CANCELLED status"), "{msg}");
    assert_eq!(snapshot(dir.path()), before, "nothing written");
    // `-` is not declared there either: a `[-]` task is still open.
    assert_eq!(app.index.settings.statuses.kind('-').as_str(), "TODO");
}

#[test]
fn a_hand_edited_status_the_plugin_reads_otherwise_is_named_by_check() {
    let dir = vault_copy();
    // A type written in the wrong case: the plugin reads the status as TODO.
    retype_cancelled_statuses(dir.path(), "Cancelled");
    let check = acct(dir.path(), &["check"]);
    assert!(
        check.stdout.contains(".obsidian/plugins/obsidian-tasks-plugin/data.json")
            && check.stdout.contains(
                "(`R` Rejected) has type \"Cancelled\", which is not TODO, IN_PROGRESS, DONE, CANCELLED or NON_TASK; read as TODO, as the plugin does"
            ),
        "{}",
        check.stdout
    );
    // And acct reads it as the plugin does: `[R]` is an open task, and there
    // is no status to dismiss with.
    let mut app = app_on(dir.path());
    assert_eq!(app.index.settings.statuses.kind('R').as_str(), "TODO");
    open_tasks_of(&mut app, ZEPHYR);
    app.task_cursor = 3;
    assert_eq!(key(&mut app, 'd'), None);
    assert!(
        app.message
            .clone()
            .unwrap()
            .contains("declares no CANCELLED status")
    );
}

// 2. ACCOUNT resolution: live accounts first.

#[test]
fn a_name_never_selects_an_archived_snapshot_over_a_live_account() {
    let dir = vault_copy();
    let archived_before = read(dir.path(), ARCHIVED_ZEPHYR);
    let r = acct(dir.path(), &["review", "Zephyr"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(&format!("--- {ZEPHYR}\n")),
        "{}",
        r.stdout
    );
    assert!(!read(dir.path(), ZEPHYR).contains("needs-review"));
    assert_eq!(read(dir.path(), ARCHIVED_ZEPHYR), archived_before);

    let r = acct(dir.path(), &["show", "Zephyr"]);
    assert!(r.stdout.starts_with("Zephyr Dynamics  ("), "{}", r.stdout);

    let r = acct(dir.path(), &["review", "Zephyr", "--archived"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with(&format!("--- {ARCHIVED_ZEPHYR} (archived)\n")),
        "{}",
        r.stdout
    );
    assert!(!read(dir.path(), ARCHIVED_ZEPHYR).contains("needs-review"));
}

#[test]
fn an_archived_only_match_is_shown_as_archived_and_never_written_without_the_flag() {
    let dir = vault_copy();
    let before = snapshot(dir.path());
    let r = acct(dir.path(), &["set-status", ARCHIVED_ZEPHYR, "paused"]);
    assert_eq!(r.code, 3, "{}", r.stdout);
    assert!(r.stderr.contains("archived"), "{}", r.stderr);
    assert!(r.stderr.contains("--archived"), "{}", r.stderr);
    assert_eq!(snapshot(dir.path()), before);
    let r = acct(dir.path(), &["show", ARCHIVED_ZEPHYR]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("archived"), "{}", r.stdout);
}

// 3. and 5. set-status on placeholder cells, emphasis and emoji headings.

#[test]
fn set_status_replaces_a_placeholder_cell_and_keeps_real_emphasis() {
    let dir = vault_copy();
    let quillon = read(dir.path(), QUILLON);
    let r = acct(dir.path(), &["set-status", "Quillon Bio", "Paused"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = quillon
        .replace("status: prospect\n", "status: paused\n")
        .replace("- status/prospect\n", "- status/paused\n")
        .replace("| **Status** | _Unknown_ |", "| **Status** | Paused |");
    assert_eq!(read(dir.path(), QUILLON), expected);

    let zephyr = read(dir.path(), ZEPHYR);
    let r = acct(dir.path(), &["set-status", "Zephyr Dynamics", "paused"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = zephyr
        .replace("status: active\n", "status: paused\n")
        .replace("- status/active\n", "- status/paused\n")
        .replace("| **Status** | **Active** |", "| **Status** | **Paused** |");
    assert_eq!(read(dir.path(), ZEPHYR), expected);
    let show = acct(dir.path(), &["show", "Zephyr Dynamics", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    assert_eq!(json["table"]["Status"], "Paused");
    assert!(
        !show.stdout.contains("status disagrees"),
        "acct's own write leaves no disagreement: {}",
        show.stdout
    );
}

#[test]
fn each_place_keeps_the_vaults_case() {
    let dir = vault_copy();
    // A vault whose frontmatter statuses are capitalised.
    for path in [ZEPHYR, QUILLON] {
        let text = read(dir.path(), path)
            .replace("status: active\n", "status: Active\n")
            .replace("status: prospect\n", "status: Prospect\n");
        std::fs::write(dir.path().join(path), text).unwrap();
    }
    let r = acct(dir.path(), &["set-status", "Quillon Bio", "paused"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = read(dir.path(), QUILLON);
    assert!(text.contains("status: Paused\n"), "{text}");
    assert!(
        text.contains("- status/paused\n"),
        "tags stay lower case: {text}"
    );
    assert!(text.contains("| **Status** | Paused |"), "{text}");
    let index = Index::build(dir.path(), &Config::default());
    let options = acct::model::dashboard::known_statuses(&index);
    assert!(options.contains(&"Active".to_string()), "{options:?}");
    assert!(!options.contains(&"active".to_string()), "{options:?}");
}

// 4. Effective status.

#[test]
fn a_note_without_a_status_key_takes_its_status_from_the_table() {
    let dir = vault_copy();
    let r = acct(dir.path(), &["list", "--status", "active"]);
    assert!(r.stdout.contains("Harbor Lane"), "{}", r.stdout);
    let show = acct(dir.path(), &["show", "Harbor Lane", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    assert_eq!(json["status"], "active");
    let r = acct(dir.path(), &["list", "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let harbor = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == HARBOR)
        .unwrap();
    assert_eq!(harbor["status"], "active");
}

// 6. and 7. Merged rows and the cursor.

#[test]
fn a_merged_row_acts_on_every_copy_and_one_undo_restores_all() {
    let dir = vault_copy();
    let (zephyr, sync) = (read(dir.path(), ZEPHYR), read(dir.path(), SYNC));
    let mut app = app_on(dir.path());
    let mut writes = Writes::default();
    open_tasks_of(&mut app, ZEPHYR);
    app.task_cursor = 1;
    let row = app.selected_task().unwrap().clone();
    assert_eq!(row.count, 2);
    press(&mut app, &mut writes, 'x');
    let msg = app.message.clone().unwrap();
    assert!(msg.contains("2 tasks"), "{msg}");
    assert!(msg.contains(ZEPHYR) && msg.contains(SYNC), "{msg}");
    let line = "- [?] Share the pilot timeline with procurement @Mara #task #proposed #auto\n";
    let done = "- [x] Share the pilot timeline with procurement @Mara #task #proposed #auto ✅ 2026-11-24\n";
    assert_eq!(read(dir.path(), ZEPHYR), zephyr.replace(line, done));
    assert_eq!(read(dir.path(), SYNC), sync.replace(line, done));
    assert!(
        !shown_texts(&app)
            .iter()
            .any(|t| t.starts_with("Share the pilot")),
        "the row is gone, not counted down"
    );
    press(&mut app, &mut writes, 'u');
    assert_eq!(read(dir.path(), ZEPHYR), zephyr);
    assert_eq!(read(dir.path(), SYNC), sync);
}

#[test]
fn the_cursor_stays_in_place_on_the_task_that_took_the_acted_on_ones_place() {
    let dir = vault_copy();
    let mut app = app_on(dir.path());
    let mut writes = Writes::default();
    open_tasks_of(&mut app, ZEPHYR);
    app.task_cursor = 2;
    assert!(selected_text(&app).starts_with("Ask engineering"));
    // Accepting moves the task up to the undated group; the cursor does not follow it.
    press(&mut app, &mut writes, 'a');
    assert!(
        selected_text(&app).starts_with("Draft the reference-call agenda"),
        "{:?} at {}",
        shown_texts(&app),
        app.task_cursor
    );
    // Pressing `a` again accepts the next proposal, not the one just accepted.
    press(&mut app, &mut writes, 'a');
    let text = read(dir.path(), ZEPHYR);
    assert!(
        text.contains("- [ ] Draft the reference-call agenda"),
        "{text}"
    );
    let sync = read(dir.path(), SYNC);
    assert!(sync.contains("- [ ] Ask engineering"), "{sync}");
}

#[test]
fn a_refused_action_leaves_the_cursor_on_its_row() {
    let dir = vault_copy();
    let mut app = app_on(dir.path());
    let mut writes = Writes::default();
    open_tasks_of(&mut app, ZEPHYR);
    app.task_cursor = 3;
    // The pipeline appends to the note after acct read it: the write is refused.
    let mut text = read(dir.path(), ZEPHYR);
    text.push_str("\nAppended by the pipeline.\n");
    std::fs::write(dir.path().join(ZEPHYR), &text).unwrap();
    press(&mut app, &mut writes, 'd');
    let msg = app.message.clone().unwrap();
    assert!(msg.contains("changed on disk"), "{msg}");
    assert_eq!(read(dir.path(), ZEPHYR), text);
    assert!(selected_text(&app).starts_with("Draft the reference-call agenda"));
}

// 8. Undo after outside changes.

#[test]
fn undo_restores_the_changed_lines_after_the_pipeline_appends_to_the_note() {
    let dir = vault_copy();
    let original = read(dir.path(), ZEPHYR);
    let mut app = app_on(dir.path());
    let mut writes = Writes::default();
    writes
        .carry_out(
            Effect::Review {
                path: ZEPHYR.into(),
            },
            &mut app,
        )
        .unwrap();
    let appended = "- [?] Confirm the workshop room @Ines #task #proposed #auto\n";
    let mut text = read(dir.path(), ZEPHYR);
    text.push_str(appended);
    std::fs::write(dir.path().join(ZEPHYR), &text).unwrap();
    writes.carry_out(Effect::Undo, &mut app).unwrap();
    assert!(app.message.as_deref().unwrap().starts_with("undone"));
    assert_eq!(read(dir.path(), ZEPHYR), format!("{original}{appended}"));
}

#[test]
fn a_refused_undo_shows_its_whole_message() {
    let dir = vault_copy();
    let mut app = app_on(dir.path());
    let mut writes = Writes::default();
    writes
        .carry_out(
            Effect::Review {
                path: ZEPHYR.into(),
            },
            &mut app,
        )
        .unwrap();
    let text = read(dir.path(), ZEPHYR).replace("- status/active\n", "- status/at-risk\n");
    std::fs::write(dir.path().join(ZEPHYR), text).unwrap();
    writes.carry_out(Effect::Undo, &mut app).unwrap();
    let msg = app.message.clone().unwrap();
    assert!(msg.contains("edited since"), "{msg}");
    assert!(msg.contains("README.md"), "{msg}");
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| {
            acct::tui::view::draw(f, &app, &acct::tui::view::theme::Theme::mono());
        })
        .unwrap();
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .chunks(80)
        .map(|row| {
            row.iter()
                .map(|c| c.symbol())
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let words: Vec<&str> = msg.split_whitespace().collect();
    let shown = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        shown.contains(&words.join(" ")),
        "the whole message is on screen:\n{msg}\n---\n{shown}"
    );
}

// 9. The printed diff.

#[test]
fn set_status_prints_only_the_changed_lines_with_context() {
    let dir = vault_copy();
    let r = acct(dir.path(), &["set-status", "Zephyr Dynamics", "paused"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let removed: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .collect();
    let added: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect();
    assert_eq!(
        removed,
        [
            "-status: active",
            "-- status/active",
            "-| **Status** | **Active** |"
        ],
        "{}",
        r.stdout
    );
    assert_eq!(
        added,
        [
            "+status: paused",
            "+- status/paused",
            "+| **Status** | **Paused** |"
        ]
    );
    assert!(r.stdout.contains("@@ -5,"), "{}", r.stdout);
}

// The scripted session.

#[test]
fn a_scripted_triage_session_changes_exactly_the_intended_bytes() {
    let dir = vault_copy();
    let original = snapshot(dir.path());

    for args in [
        &["review", "Zephyr"][..],
        &["set-status", "Harbor Lane", "paused"],
        &["set-status", "Quillon", "active"],
    ] {
        let r = acct(dir.path(), args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }

    let mut app = app_on(dir.path());
    let mut writes = Writes::default();
    open_tasks_of(&mut app, ZEPHYR);
    app.task_cursor = 1; // Share the pilot timeline ×2
    press(&mut app, &mut writes, 'x');
    press(&mut app, &mut writes, 'a'); // Ask engineering…
    press(&mut app, &mut writes, 'd'); // Draft the reference-call agenda
    press(&mut app, &mut writes, 'u'); // … changed my mind
    open_tasks_of(&mut app, HARBOR);
    let at = shown_texts(&app)
        .iter()
        .position(|t| t.starts_with("Introduce the new solutions engineer"))
        .unwrap();
    app.task_cursor = at;
    press(&mut app, &mut writes, 'd');

    let after = snapshot(dir.path());
    let text =
        |snap: &BTreeMap<String, Vec<u8>>, p: &str| String::from_utf8(snap[p].clone()).unwrap();
    let mut expected = original.clone();
    let share = "Share the pilot timeline with procurement @Mara #task #proposed #auto";
    expected.insert(
        ZEPHYR.into(),
        text(&original, ZEPHYR)
            .replace("- needs-review\n", "")
            .replace(
                &format!("- [?] {share}\n"),
                &format!("- [x] {share} ✅ 2026-11-24\n"),
            )
            .into_bytes(),
    );
    expected.insert(
        SYNC.into(),
        text(&original, SYNC)
            .replace(
                &format!("- [?] {share}\n"),
                &format!("- [x] {share} ✅ 2026-11-24\n"),
            )
            .replace("- [?] Ask engineering", "- [ ] Ask engineering")
            .into_bytes(),
    );
    expected.insert(
        HARBOR.into(),
        text(&original, HARBOR)
            .replace("| **Status** | Active |", "| **Status** | Paused |")
            .into_bytes(),
    );
    expected.insert(
        QUILLON.into(),
        text(&original, QUILLON)
            .replace("status: prospect\n", "status: active\n")
            .replace("- status/prospect\n", "- status/active\n")
            .replace("| **Status** | _Unknown_ |", "| **Status** | Active |")
            .into_bytes(),
    );
    let harbor_meeting = "Customers/Harbor Lane/2026-08-21 Renewal check-in.md";
    expected.insert(
        harbor_meeting.into(),
        text(&original, harbor_meeting)
            .replace("- [?] Introduce", "- [R] Introduce")
            .into_bytes(),
    );
    for (path, bytes) in &expected {
        assert_eq!(
            String::from_utf8_lossy(&after[path]),
            String::from_utf8_lossy(bytes),
            "{path}"
        );
    }
    assert_eq!(after, expected, "no other file changed");
}

/// The hint bar on a task and the help say what each task action writes in
/// this vault: `R` Rejected for dismiss, not an undeclared `-`.
#[test]
fn hints_and_help_name_the_status_each_task_action_writes() {
    let dir = vault_copy();
    let mut app = app_on(dir.path());
    open_tasks_of(&mut app, ZEPHYR);
    let draw = |app: &mut App, w: u16, h: u16| -> String {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
        let mut drawn = acct::tui::app::Drawn::default();
        terminal
            .draw(|f| drawn = acct::tui::view::draw(f, app, &acct::tui::view::theme::Theme::mono()))
            .unwrap();
        app.drawn = drawn;
        terminal
            .backend()
            .buffer()
            .content()
            .chunks(w as usize)
            .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let screen = draw(&mut app, 160, 40);
    assert!(screen.contains("d dismiss → [R] Rejected"), "{screen}");
    assert!(screen.contains("x done → [x] Done"), "{screen}");
    key(&mut app, '?');
    let mut help = String::new();
    for _ in 0..20 {
        help.push_str(&draw(&mut app, 160, 40));
        key(&mut app, 'j');
    }
    assert!(
        help.contains("on a task: dismiss it → [R] Rejected"),
        "{help}"
    );
}
