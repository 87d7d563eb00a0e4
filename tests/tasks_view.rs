//! The tasks view without a terminal: `update()` behaviour, bulk writes and
//! undo through [`Writes`], and the screen on ratatui's TestBackend.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use acct::config::Config;
use acct::edit::writeback::TriageEdit;
use acct::index::Index;
use acct::model::inbox::InboxSettings;
use acct::tui::app::{App, Effect, Row};
use acct::tui::keymap::{Keymap, Layer};
use acct::tui::view;
use acct::tui::view::theme::Theme;
use acct::tui::writes::Writes;
use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const KESTREL: &str = "Customers/Kestrel Freight/README.md";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inbox")
}

fn app_on(root: &Path) -> App {
    let index = Index::build(root, &Config::default());
    let mut app = App::new(index, today(), "inbox".into(), Keymap::default());
    app.inbox_settings = InboxSettings {
        me: vec!["mara".into()],
        ..InboxSettings::default()
    };
    app
}

fn key(app: &mut App, code: KeyCode) -> Option<Effect> {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(app: &mut App, c: char) -> Option<Effect> {
    key(app, KeyCode::Char(c))
}

/// The app with Kestrel Freight selected and its tasks view open.
fn kestrel(root: &Path) -> App {
    let mut app = app_on(root);
    while app.selected_path() != Some(KESTREL) {
        ch(&mut app, 'j');
    }
    ch(&mut app, 'T');
    assert_eq!(app.layer(), Layer::Tasks);
    app
}

fn shown(app: &App) -> usize {
    let v = app.inbox.as_ref().unwrap();
    v.shown(&app.inbox_settings, app.today).len()
}

/// Every file of a vault, by path, for byte comparisons.
fn snapshot_files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walk(root) {
        out.insert(
            e.strip_prefix(root).unwrap().to_path_buf(),
            std::fs::read(&e).unwrap(),
        );
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&fixture(), dir.path());
    dir
}

#[test]
fn t_opens_the_accounts_tasks_grouped_and_esc_goes_back() {
    let mut app = kestrel(&fixture());
    let view = app.inbox.as_ref().unwrap();
    assert_eq!(
        view.tasks.len(),
        152,
        "150 proposed + a to-do + one in progress"
    );
    let groups = view
        .rows
        .iter()
        .filter(|r| matches!(r, Row::Group { .. }))
        .count();
    assert!(groups >= 40, "near-duplicates shown once: {groups} groups");
    assert!(
        view.rows.len() < 80,
        "{} rows for 152 tasks",
        view.rows.len()
    );
    key(&mut app, KeyCode::Esc);
    assert!(app.inbox.is_none());
    assert_eq!(app.layer(), Layer::Normal);
}

#[test]
fn enter_expands_a_group_to_its_members_and_folds_it_again() {
    let mut app = kestrel(&fixture());
    let at = {
        let v = app.inbox.as_ref().unwrap();
        v.rows
            .iter()
            .position(|r| matches!(r, Row::Group { .. }))
            .unwrap()
    };
    for _ in 0..at {
        ch(&mut app, 'j');
    }
    let before = app.inbox.as_ref().unwrap().rows.len();
    key(&mut app, KeyCode::Enter);
    let v = app.inbox.as_ref().unwrap();
    let Row::Group {
        members, expanded, ..
    } = &v.rows[at]
    else {
        panic!("a group row")
    };
    assert!(expanded);
    assert_eq!(v.rows.len(), before + members.len());
    assert!(matches!(v.rows[at + 1], Row::Task { member: true, .. }));
    ch(&mut app, 'j');
    ch(&mut app, ' ');
    let v = app.inbox.as_ref().unwrap();
    assert_eq!(v.rows.len(), before, "space on a member folds its group");
    assert_eq!(v.cursor, at, "back on the group's row");
}

#[test]
fn filters_cycle_owner_status_and_due_and_slash_searches_text() {
    let mut app = kestrel(&fixture());
    assert_eq!(shown(&app), 152);
    ch(&mut app, 's');
    assert_eq!(shown(&app), 150, "proposed");
    ch(&mut app, 's');
    assert_eq!(shown(&app), 1, "to do");
    ch(&mut app, 's');
    assert_eq!(shown(&app), 1, "in progress");
    ch(&mut app, 's');
    assert_eq!(shown(&app), 152, "all");
    ch(&mut app, 'o');
    let mine = shown(&app);
    let v = app.inbox.as_ref().unwrap();
    let maras = v.tasks.iter().filter(|t| t.owners == ["Mara"]).count();
    let tbd = v.tasks.iter().filter(|t| t.owners == ["TBD"]).count();
    assert_eq!(mine, maras, "`me = [\"mara\"]` matches @Mara");
    ch(&mut app, 'o');
    ch(&mut app, 'o');
    assert_eq!(shown(&app), tbd, "unassigned: @TBD");
    ch(&mut app, 'o');
    ch(&mut app, 'w');
    let overdue = shown(&app);
    assert!(overdue > 0 && overdue < 20, "overdue: {overdue}");
    ch(&mut app, 'w');
    ch(&mut app, 'w');
    ch(&mut app, 'w');
    ch(&mut app, '/');
    for c in "pricing proposal".chars() {
        ch(&mut app, c);
    }
    assert_eq!(shown(&app), 7);
    key(&mut app, KeyCode::Enter);
    assert_eq!(shown(&app), 7, "Enter keeps the search");
    ch(&mut app, '/');
    key(&mut app, KeyCode::Esc);
    assert_eq!(shown(&app), 152, "Esc clears it");
}

#[test]
fn b_switches_grouping_to_source_notes_and_to_none() {
    let mut app = kestrel(&fixture());
    ch(&mut app, 'b');
    let v = app.inbox.as_ref().unwrap();
    assert_eq!(v.rows.len(), 21, "20 meeting notes and the README");
    ch(&mut app, 'b');
    assert_eq!(app.inbox.as_ref().unwrap().rows.len(), 152);
}

#[test]
fn a_switches_to_every_accounts_tasks_and_back() {
    let mut app = kestrel(&fixture());
    ch(&mut app, 'A');
    assert_eq!(app.inbox.as_ref().unwrap().tasks.len(), 156);
    ch(&mut app, 'A');
    assert_eq!(app.inbox.as_ref().unwrap().tasks.len(), 152);
}

#[test]
fn the_list_scrolls_so_the_cursor_row_is_always_on_screen() {
    let mut app = kestrel(&fixture());
    app.drawn.inbox_rows = Some(5);
    for _ in 0..9 {
        ch(&mut app, 'j');
    }
    let v = app.inbox.as_ref().unwrap();
    assert_eq!((v.cursor, v.offset), (9, 5));
    for _ in 0..7 {
        ch(&mut app, 'k');
    }
    let v = app.inbox.as_ref().unwrap();
    assert_eq!((v.cursor, v.offset), (2, 2));
}

#[test]
fn keep_one_accepts_the_row_and_dismisses_the_rest_of_its_group_in_one_undo_step() {
    let dir = copy();
    let before = snapshot_files(dir.path());
    let mut app = kestrel(dir.path());
    let mut writes = Writes::default();
    let at = {
        let v = app.inbox.as_ref().unwrap();
        v.rows
            .iter()
            .position(|r| matches!(r, Row::Group { .. }))
            .unwrap()
    };
    for _ in 0..at {
        ch(&mut app, 'j');
    }
    let (kept, others, next) = {
        let v = app.inbox.as_ref().unwrap();
        let Row::Group { members, .. } = &v.rows[at] else {
            unreachable!()
        };
        let kept = v.tasks[members[0]].clone();
        let others: Vec<_> = members[1..].iter().map(|&i| v.tasks[i].clone()).collect();
        (kept, others, v.rows[at + 1].clone())
    };
    let effect = ch(&mut app, 'K').expect("a write");
    let Effect::TaskBatch { edits, .. } = &effect else {
        panic!("{effect:?}")
    };
    assert_eq!(edits.len(), 1 + others.len());
    writes.carry_out(effect, &mut app).unwrap();
    let msg = app.message.clone().unwrap();
    assert!(msg.starts_with("keep one"), "{msg}");
    let line = |t: &acct::model::inbox::InboxTask| {
        let text = std::fs::read_to_string(dir.path().join(&*t.path)).unwrap();
        text.lines().nth(t.line - 1).unwrap().to_string()
    };
    assert!(line(&kept).starts_with("- [ ] "), "{}", line(&kept));
    for o in &others {
        assert!(line(o).starts_with("- [R] "), "{}", line(o));
    }
    // The cursor is on the row that followed the group.
    let v = app.inbox.as_ref().unwrap();
    let now = &v.rows[v.cursor];
    let first = |r: &Row| v.tasks.get(r.tasks()[0]).map(|t| t.id.clone());
    assert_eq!(
        v.tasks[now.tasks()[0]].text,
        {
            let old = kestrel(&fixture());
            let ov = old.inbox.as_ref().unwrap();
            ov.tasks[next.tasks()[0]].text.clone()
        },
        "the cursor moved to the next row ({:?})",
        first(now)
    );
    // One undo restores every byte.
    writes.carry_out(Effect::Undo, &mut app).unwrap();
    assert_eq!(snapshot_files(dir.path()), before);
}

#[test]
fn a_bulk_action_writes_each_file_once_and_one_undo_restores_every_byte() {
    let dir = copy();
    let before = snapshot_files(dir.path());
    let mut app = kestrel(dir.path());
    let mut writes = Writes::default();
    ch(&mut app, 's'); // proposed
    ch(&mut app, '*');
    assert_eq!(app.inbox.as_ref().unwrap().marked.len(), 150);
    let effect = ch(&mut app, 'd').expect("a write");
    let Effect::TaskBatch { edits, .. } = &effect else {
        panic!()
    };
    assert_eq!(edits.len(), 150);
    assert!(
        edits
            .iter()
            .all(|(_, e)| matches!(e, TriageEdit::Task { symbol: 'R', .. }))
    );
    writes.carry_out(effect, &mut app).unwrap();
    assert_eq!(shown(&app), 0, "no proposed task left");
    assert_eq!(
        app.message.as_deref().unwrap(),
        "dismiss 150 tasks in 20 notes · u undoes"
    );
    let after = snapshot_files(dir.path());
    for (path, bytes) in &after {
        let old = String::from_utf8(before[path].clone()).unwrap();
        let new = String::from_utf8(bytes.clone()).unwrap();
        let expected = if path.starts_with("Customers/Kestrel Freight") {
            old.replace("- [?] ", "- [R] ")
        } else {
            old
        };
        assert_eq!(
            new,
            expected,
            "{} changed exactly its proposed tasks",
            path.display()
        );
    }
    writes.carry_out(Effect::Undo, &mut app).unwrap();
    assert_eq!(snapshot_files(dir.path()), before);
    assert_eq!(shown(&app), 150);
}

#[test]
fn a_note_changed_on_disk_is_refused_and_named_while_the_others_are_written() {
    let dir = copy();
    let mut app = kestrel(dir.path());
    let mut writes = Writes::default();
    ch(&mut app, 's');
    ch(&mut app, '*');
    let changed = dir
        .path()
        .join("Customers/Kestrel Freight/2026-09-15 Benchmark readout.md");
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\nA line typed in another editor.\n");
    std::fs::write(&changed, &text).unwrap();
    let effect = ch(&mut app, 'a').unwrap();
    writes.carry_out(effect, &mut app).unwrap();
    let msg = app.message.clone().unwrap();
    assert!(msg.contains("2026-09-15 Benchmark readout.md"), "{msg}");
    assert!(msg.contains("changed on disk"), "{msg}");
    assert!(msg.contains("in 19 notes"), "{msg}");
    assert_eq!(
        std::fs::read_to_string(&changed).unwrap(),
        text,
        "left alone"
    );
    let other = dir
        .path()
        .join("Customers/Kestrel Freight/2026-07-07 Discovery call.md");
    let other = std::fs::read_to_string(other).unwrap();
    assert!(!other.contains("- [?] ") && other.contains("- [ ] "));
}

#[test]
fn accept_on_tasks_that_are_not_proposals_leaves_them_and_says_so() {
    let mut app = kestrel(&fixture());
    ch(&mut app, 's');
    ch(&mut app, 's'); // to do
    let effect = ch(&mut app, 'a');
    assert!(effect.is_none());
    assert!(app.message.as_deref().unwrap().contains("nothing to write"));
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::pick(Some("dark"), true);
    let mut drawn = Default::default();
    term.draw(|f| drawn = view::draw(f, app, &theme)).unwrap();
    app.drawn = drawn;
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_view_on_screen() {
    let mut app = kestrel(&fixture());
    insta::assert_snapshot!("tasks-view-kestrel", screen(&mut app, 110, 30));
    key(&mut app, KeyCode::Enter);
    ch(&mut app, 'm');
    ch(&mut app, 'b');
    insta::assert_snapshot!(
        "tasks-view-expanded-marked-by-note",
        screen(&mut app, 90, 24)
    );
}

#[test]
fn after_a_write_in_the_vault_wide_view_only_touched_accounts_are_reread_and_the_list_is_as_fresh()
{
    let dir = copy();
    use acct::model::inbox::{Scope, collect};
    let mut app = kestrel(dir.path());
    app.warm_inbox(collect(&app.index, &Scope::All));
    let mut writes = Writes::default();
    ch(&mut app, 'A');
    let effect = ch(&mut app, 'K').unwrap();
    writes.carry_out(effect, &mut app).unwrap();
    assert_eq!(
        app.inbox.as_ref().unwrap().tasks,
        collect(&app.index, &Scope::All)
    );
    writes.carry_out(Effect::Undo, &mut app).unwrap();
    assert_eq!(
        app.inbox.as_ref().unwrap().tasks,
        collect(&app.index, &Scope::All)
    );
    // Closed, the vault-wide tasks are kept current for the next opening.
    key(&mut app, KeyCode::Esc);
    ch(&mut app, 'T');
    let effect = ch(&mut app, 'd').unwrap();
    writes.carry_out(effect, &mut app).unwrap();
    ch(&mut app, 'A');
    assert_eq!(
        app.inbox.as_ref().unwrap().tasks,
        collect(&app.index, &Scope::All)
    );
}
