//! Collapsing the noise (docs/vault.md, "Folded items"), on the pipeline
//! fixture with a noisy pipeline run added: near-duplicate items show once with
//! a count and expand; a date's "Mentioned in: …" lines fold into one; decisions
//! show their date and source note; Enter or `e` on any item opens its note at
//! its line.

mod common;

use std::path::Path;

use acct::config::Config;
use acct::index::Index;
use acct::model::dashboard::{self, Dashboard};
use acct::tui::app::{App, Drawn, Effect, Pane};
use acct::tui::keymap::Keymap;
use acct::tui::view::{self, theme::Theme};
use chrono::NaiveDate;
use common::copy_tree;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

const ZEPHYR: &str = "Customers/Zephyr Dynamics/README.md";
const SYNC: &str = "Customers/Zephyr Dynamics/2026-11-12 Quarterly sync.md";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// The pipeline fixture after a noisy run: Zephyr's note gains decisions and
/// facts written twice in other words' case and punctuation, and recent-context
/// lines of which three are "Mentioned in" lines of one date; its meeting note
/// gains a decision.
fn vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pipeline"),
        dir.path(),
    );
    let note = dir.path().join(ZEPHYR);
    let mut text = std::fs::read_to_string(&note).unwrap();
    text.push_str(
        "\n## ✅ Key Decisions\n\n\
         - ✅ Pilot on two render nodes first\n\
         - ✅ Keep the render farm on-premises\n\
         - ✅ pilot on two render-nodes first.\n\
         \n## Next Steps\n\n\
         - Share pilot timeline with procurement\n\
         \n## 📌 Key Facts\n\n\
         - Render farm of 400 nodes\n\
         - Render farm of 400 nodes\n\
         - Renewal due in March\n\
         \n## 🕐 Recent Context\n\n\
         - 2026-11-20: Mentioned in: [[Weekly ops digest]]\n\
         - 2026-11-20: Mentioned in: [[Hiring notes]]\n\
         - 2026-11-20: Mentioned in: [[Partner roundup]]\n\
         - 2026-11-18: Call with procurement about references (via Mara)\n\
         - 2026-11-18: call with procurement about references\n",
    );
    std::fs::write(&note, text).unwrap();
    let sync = dir.path().join(SYNC);
    let text = std::fs::read_to_string(&sync).unwrap();
    // A plain bullet among the meeting's action items is a next step.
    let mut text = text.replacen(
        "## ✅ Action Items\n\n",
        "## ✅ Action Items\n\n- Send the pilot timeline to procurement\n",
        1,
    );
    text.push_str("\n## Decisions\n\n- ✅ Sizing workshop before any quote\n");
    std::fs::write(&sync, text).unwrap();
    dir
}

fn dashboard_of(root: &Path) -> Dashboard {
    let index = Index::build(root, &Config::default());
    dashboard::build(&index, ZEPHYR, today()).unwrap()
}

fn line_of(root: &Path, path: &str, text: &str) -> usize {
    std::fs::read_to_string(root.join(path))
        .unwrap()
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text:?} not in {path}"))
        + 1
}

#[test]
fn near_duplicates_fold_with_a_count_and_keep_where_each_is_written() {
    let v = vault();
    let root = v.path();
    let d = dashboard_of(root);
    let texts: Vec<(&str, usize)> = d
        .decisions
        .iter()
        .map(|i| (i.text.as_str(), i.count))
        .collect();
    assert_eq!(
        texts,
        vec![
            ("Pilot on two render nodes first", 2),
            ("Keep the render farm on-premises", 1),
            ("Sizing workshop before any quote", 1),
        ]
    );
    let pilot = &d.decisions[0];
    assert_eq!(
        (pilot.path.as_str(), pilot.line),
        (ZEPHYR, line_of(root, ZEPHYR, "Pilot on two render nodes"))
    );
    assert_eq!(
        pilot.copies[0].line,
        line_of(root, ZEPHYR, "pilot on two render-nodes first.")
    );
    // A decision from a meeting note carries that note's date and title.
    let sizing = &d.decisions[2];
    assert_eq!(sizing.path, SYNC);
    assert_eq!(sizing.date, NaiveDate::from_ymd_opt(2026, 11, 12));
    assert_eq!(sizing.source.as_deref(), Some("2026-11-12 Quarterly sync"));
    assert_eq!(sizing.line, line_of(root, SYNC, "Sizing workshop"));
    assert_eq!(d.decisions[0].source, None, "the account's own decision");

    assert_eq!(d.facts.len(), 2);
    assert_eq!(d.facts[0].count, 2);

    // A next step in other words, as the tasks view groups tasks: one row.
    assert_eq!(d.next_steps.len(), 1, "{:?}", d.next_steps);
    assert_eq!(d.next_steps[0].count, 2);
    assert_eq!(d.next_steps[0].copies[0].path, SYNC);

    // The JSON string lists hold each row once, as before.
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(
        json["decisions"],
        serde_json::json!([
            "Pilot on two render nodes first",
            "Keep the render farm on-premises",
            "Sizing workshop before any quote"
        ])
    );
}

/// Next steps in the same words but for a number are two things to do: they
/// stay two rows, while one written again with the same number folds.
#[test]
fn next_steps_alike_but_for_a_number_stay_apart() {
    let v = vault();
    let root = v.path();
    let note = root.join(ZEPHYR);
    let text = std::fs::read_to_string(&note).unwrap().replacen(
        "- Share pilot timeline with procurement\n",
        "- Share pilot timeline with procurement\n- Send invoice 1042 to procurement\n\
         - Send invoice 1043 to procurement\n",
        1,
    );
    std::fs::write(&note, text).unwrap();
    let sync = root.join(SYNC);
    let text = std::fs::read_to_string(&sync).unwrap().replacen(
        "## ✅ Action Items\n\n",
        "## ✅ Action Items\n\n- Email procurement invoice 1043\n",
        1,
    );
    std::fs::write(&sync, text).unwrap();
    let d = dashboard_of(root);
    let rows: Vec<(&str, usize)> = (d.next_steps.iter())
        .map(|i| (i.text.as_str(), i.count))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Share pilot timeline with procurement", 2),
            ("Send invoice 1042 to procurement", 1),
            ("Send invoice 1043 to procurement", 2),
        ]
    );
}

#[test]
fn a_dates_mentioned_in_lines_fold_into_one() {
    let v = vault();
    let d = dashboard_of(v.path());
    let rows: Vec<(Option<NaiveDate>, usize, bool)> = d
        .recent_context
        .iter()
        .map(|c| (c.date, c.count, c.mention))
        .collect();
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d);
    assert_eq!(
        rows,
        vec![(day(20), 3, true), (day(18), 2, false), (day(12), 1, false),]
    );
    let mentions = &d.recent_context[0];
    let folded: Vec<&str> = std::iter::once(mentions)
        .chain(&mentions.copies)
        .map(|c| c.summary.as_deref().unwrap())
        .collect();
    assert_eq!(
        folded,
        vec![
            "Mentioned in: Weekly ops digest",
            "Mentioned in: Hiring notes",
            "Mentioned in: Partner roundup"
        ]
    );
}

fn app_on(root: &Path) -> App {
    let index = Index::build(root, &Config::default());
    let mut app = App::new(index, today(), "pipeline".into(), Keymap::default());
    let at = app
        .visible
        .iter()
        .position(|r| app.rows[r.row].path == ZEPHYR)
        .unwrap();
    app.selected = at;
    app.load_dashboard();
    app
}

fn key(app: &mut App, code: KeyCode) -> Option<Effect> {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn focus(app: &mut App, pane: Pane) {
    while app.focus != pane {
        key(app, KeyCode::Tab);
    }
}

#[test]
fn space_expands_a_folded_row_and_enter_opens_each_item_at_its_line() {
    let v = vault();
    let root = v.path();
    let mut app = app_on(root);
    focus(&mut app, Pane::Decisions);
    assert_eq!(app.item_rows(Pane::Decisions).len(), 3);

    // Enter and `e` on the folded row: its first item.
    let first = Effect::Edit {
        path: ZEPHYR.into(),
        line: line_of(root, ZEPHYR, "Pilot on two render nodes"),
    };
    assert_eq!(key(&mut app, KeyCode::Enter), Some(first.clone()));
    assert_eq!(key(&mut app, KeyCode::Char('e')), Some(first));

    key(&mut app, KeyCode::Char(' '));
    let rows = app.item_rows(Pane::Decisions);
    assert_eq!(rows.len(), 4, "the copy shows under its row");
    assert!(rows[0].expanded && rows[1].nested);
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        Some(Effect::Edit {
            path: ZEPHYR.into(),
            line: line_of(root, ZEPHYR, "pilot on two render-nodes first."),
        })
    );
    // The meeting's decision opens the meeting note.
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(
        key(&mut app, KeyCode::Char('e')),
        Some(Effect::Edit {
            path: SYNC.into(),
            line: line_of(root, SYNC, "Sizing workshop"),
        })
    );
    // Space on a copy folds its row back and puts the cursor on it.
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(app.item_rows(Pane::Decisions).len(), 3);
    assert_eq!(app.item_cursor(Pane::Decisions), 0);
    // Space on an item that stands alone says so and changes nothing.
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(app.item_rows(Pane::Decisions).len(), 3);
    assert!(app.message.as_deref().unwrap().contains("nothing folded"));
}

#[test]
fn enter_on_recent_context_opens_the_line_or_the_note_it_names() {
    let v = vault();
    let root = v.path();
    let mut app = app_on(root);
    focus(&mut app, Pane::Recent);
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        Some(Effect::Edit {
            path: ZEPHYR.into(),
            line: line_of(root, ZEPHYR, "Weekly ops digest"),
        })
    );
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        Some(Effect::Edit {
            path: SYNC.into(),
            line: 1
        }),
        "a related note's entry opens that note"
    );
}

#[test]
fn the_details_tabs_fold_too_and_open_their_items() {
    let v = vault();
    let root = v.path();
    let mut app = app_on(root);
    key(&mut app, KeyCode::Char('m'));
    for _ in 0..4 {
        key(&mut app, KeyCode::Char(']'));
    }
    let rows = app.item_rows(Pane::Details);
    assert_eq!(rows.len(), 2, "Key facts: the repeated fact once");
    assert_eq!(rows[0].count, 2);
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        Some(Effect::Edit {
            path: ZEPHYR.into(),
            line: line_of(root, ZEPHYR, "Render farm of 400 nodes"),
        })
    );
}

fn pane_text(app: &mut App, pane: Pane) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut drawn = Drawn::default();
    terminal
        .draw(|f| drawn = view::draw(f, app, &Theme::mono()))
        .unwrap();
    app.drawn = drawn;
    let area: Rect = app.drawn.areas.unwrap().of(pane).unwrap();
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn folded_panes_and_their_expansion_on_screen() {
    let v = vault();
    let mut app = app_on(v.path());
    focus(&mut app, Pane::Decisions);
    insta::assert_snapshot!("decisions_folded", pane_text(&mut app, Pane::Decisions));
    key(&mut app, KeyCode::Char(' '));
    insta::assert_snapshot!("decisions_expanded", pane_text(&mut app, Pane::Decisions));

    focus(&mut app, Pane::Recent);
    insta::assert_snapshot!("recent_folded", pane_text(&mut app, Pane::Recent));
    key(&mut app, KeyCode::Char(' '));
    insta::assert_snapshot!("recent_expanded", pane_text(&mut app, Pane::Recent));
}
