//! The query blocks view (`v`): each block of the account note evaluated, one
//! at a time, with group headings, tasks, rows and a block's error in words.

use std::path::Path;

use acct::config::Config;
use acct::index::Index;
use acct::tui::app::{App, Drawn, Effect, Mode};
use acct::tui::keymap::{Keymap, Layer};
use acct::tui::view;
use acct::tui::view::theme::Theme;
use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const ACCOUNT: &str = "---\ntype: customer\nstatus: active\nlast_contact: '2026-11-20'\ntags:\n- type/customer\n---\n# Acme\n\n## Active Projects\n\n```dataview\nTABLE status AS \"State\", effort\nFROM \"Projects\"\nSORT file.name\n```\n\n## Open Tasks\n\n```dataview\nTASK FROM \"Projects\" WHERE !completed GROUP BY choice(due, \"Dated\", \"Undated\")\n```\n\n```dataview\nLIST FROM this.file.folder\n```\n\n```tasks\nnot done\ngroup by filename\n```\n";

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".obsidian")).unwrap();
    write(root, "Customers/Acme.md", ACCOUNT);
    write(
        root,
        "Projects/Rollout.md",
        "---\nstatus: active\neffort: 3\n---\n# Rollout\n\nFor [[Acme]].\n\n- [ ] Ship it 📅 2026-11-30\n",
    );
    write(
        root,
        "Projects/Audit.md",
        "---\nstatus: paused\n---\n# Audit\n\n- [ ] Read logs\n- [x] Plan\n",
    );
    let app = app_on(root);
    (dir, app)
}

/// The dashboard on the vault at `root`, on 2026-11-25.
fn app_on(root: &Path) -> App {
    let index = Index::build(root, &Config::default());
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    App::new(index, today, "test".into(), Keymap::default())
}

fn key(app: &mut App, code: KeyCode) -> Option<Effect> {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut drawn = Drawn::default();
    terminal
        .draw(|f| drawn = view::draw(f, app, &Theme::mono()))
        .unwrap();
    app.drawn = drawn;
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..width {
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
fn v_opens_the_first_block_and_cycles_through_every_block() {
    let (_dir, mut app) = app();
    assert_eq!(app.blocks.len(), 0);
    key(&mut app, KeyCode::Char('v'));
    assert_eq!(app.mode, Mode::Blocks { at: 0, scroll: 0 });
    assert_eq!(app.layer(), Layer::Blocks);
    assert_eq!(app.blocks.len(), 4);
    assert_eq!(app.blocks[0].result.kind, "table");
    // `v` and `]` move on, `[` back, wrapping at either end.
    key(&mut app, KeyCode::Char('v'));
    assert_eq!(app.mode, Mode::Blocks { at: 1, scroll: 0 });
    key(&mut app, KeyCode::Char(']'));
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(app.mode, Mode::Blocks { at: 3, scroll: 0 });
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(app.mode, Mode::Blocks { at: 0, scroll: 0 });
    key(&mut app, KeyCode::Char('['));
    assert_eq!(app.mode, Mode::Blocks { at: 3, scroll: 0 });
    // `e` opens the note at the block's fence; Esc closes the view.
    assert_eq!(
        key(&mut app, KeyCode::Char('e')),
        Some(Effect::Edit {
            path: "Customers/Acme.md".into(),
            line: app.blocks[3].line
        })
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn a_note_without_blocks_says_so() {
    let (dir, _) = app();
    write(
        dir.path(),
        "Customers/Acme.md",
        "---\ntype: customer\n---\n# Acme\n",
    );
    let mut app = app_on(dir.path());
    key(&mut app, KeyCode::Char('v'));
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(
        app.message.as_deref(),
        Some("this note has no tasks or dataview query block")
    );
}

#[test]
fn each_block_drawn_table_grouped_tasks_error_and_tasks_groups() {
    let (_dir, mut app) = app();
    key(&mut app, KeyCode::Char('v'));
    let mut screens = Vec::new();
    for _ in 0..4 {
        screens.push(render(&mut app, 80, 24));
        key(&mut app, KeyCode::Char('v'));
    }
    insta::assert_snapshot!("query_blocks_table", screens[0]);
    insta::assert_snapshot!("query_blocks_task_grouped", screens[1]);
    insta::assert_snapshot!("query_blocks_error", screens[2]);
    insta::assert_snapshot!("query_blocks_tasks", screens[3]);
    assert!(
        screens[0].contains("File    │ State  │ effort"),
        "{}",
        screens[0]
    );
    assert!(screens[1].contains("┃Dated "), "{}", screens[1]);
    assert!(screens[2].contains("PARSING FAILED"), "{}", screens[2]);
}

#[test]
fn a_long_result_scrolls_no_further_than_its_end() {
    let (_dir, mut app) = app();
    key(&mut app, KeyCode::Char('v'));
    render(&mut app, 80, 14);
    let max = app.drawn.block_max_scroll;
    assert!(max > 0);
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(app.mode, Mode::Blocks { at: 0, scroll: max });
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.mode, Mode::Blocks { at: 0, scroll: max });
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(app.mode, Mode::Blocks { at: 0, scroll: 0 });
}

/// Scrolls the open view down one row at a time, `times` times, from the
/// screen `first`: each frame must be the one before moved up by a row.
fn scrolls_row_by_row(app: &mut App, first: Vec<String>, times: usize) {
    let mut previous = first;
    for scroll in 1..=times {
        key(app, KeyCode::Char('j'));
        assert_eq!(app.mode, Mode::Blocks { at: 0, scroll });
        let now = inner_lines(&render(app, 80, 20));
        assert_eq!(now[..now.len() - 1], previous[1..], "scroll {scroll}");
        previous = now;
    }
}

/// A vault whose one account note holds one dataview block, `query`.
fn account_with_block(query: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".obsidian")).unwrap();
    write(
        dir.path(),
        "Customers/Acme.md",
        &format!("---\ntype: customer\nstatus: active\n---\n# Acme\n\n```dataview\n{query}\n```\n"),
    );
    dir
}

/// The screen's lines inside the view's border.
fn inner_lines(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| l.starts_with('┃') && !l.starts_with("┃━"))
        .map(|l| l.trim_start_matches('┃').trim_end_matches('┃').to_string())
        .collect()
}

#[test]
fn a_result_of_thousands_of_tasks_is_drawn_a_window_at_a_time_and_the_same_as_a_whole() {
    // 1,500 tasks, every hundredth long enough to wrap, under a block: the
    // view lays out only the rows it shows, so scrolling one row must shift
    // the screen by exactly one row, and the end must be the last task.
    let dir = account_with_block("TASK FROM \"Projects\"");
    let root = dir.path();
    let mut big = String::from("# Big\n\n");
    for i in 0..1500 {
        if i % 100 == 7 {
            big.push_str(&format!(
                "- [ ] Task {i:04} {}\n",
                "with many words to wrap ".repeat(8)
            ));
        } else {
            big.push_str(&format!("- [ ] Task {i:04}\n"));
        }
    }
    write(root, "Projects/Big.md", &big);
    let mut app = app_on(root);
    key(&mut app, KeyCode::Char('v'));
    assert_eq!(app.blocks[0].result.tasks.len(), 1500);
    let first = inner_lines(&render(&mut app, 80, 20));
    let max = app.drawn.block_max_scroll;
    // 5 lines of block and summary, the group heading, 1,485 one-line tasks
    // and 15 of four lines, less the rows shown.
    assert_eq!(app.drawn.block_rows, 16);
    assert_eq!(max, 5 + 1 + 1485 + 15 * 4 - 16);
    // Past two tasks that wrap.
    scrolls_row_by_row(&mut app, first, 130);
    key(&mut app, KeyCode::Char('G'));
    let end = inner_lines(&render(&mut app, 80, 20));
    assert!(end.last().unwrap().contains("Task 1499"), "{end:?}");
    assert!(end[0].contains("Task 1484"), "{end:?}");
}

#[test]
fn answers_kept_for_the_next_v_are_dropped_when_a_note_changes() {
    let (dir, mut app) = app();
    key(&mut app, KeyCode::Char('v'));
    key(&mut app, KeyCode::Char('v'));
    let texts = |app: &App| -> Vec<String> {
        app.blocks[1]
            .result
            .tasks
            .iter()
            .map(|t| t.text.clone())
            .collect()
    };
    assert_eq!(texts(&app), ["Ship it", "Read logs"]);
    key(&mut app, KeyCode::Esc);
    // A new open task in a project note: the next `v` must show it.
    write(
        dir.path(),
        "Projects/Audit.md",
        "---\nstatus: paused\n---\n# Audit\n\n- [ ] Read logs\n- [ ] Ask legal\n- [x] Plan\n",
    );
    app.apply_changes(vec![acct::watch::read_note(
        dir.path(),
        "Projects/Audit.md",
        &app.index.settings.statuses,
    )]);
    key(&mut app, KeyCode::Char('v'));
    assert_eq!(texts(&app), ["Ship it", "Read logs", "Ask legal"]);
}

#[test]
fn a_long_table_is_drawn_a_window_at_a_time_with_columns_as_wide_as_any_cell() {
    let dir = account_with_block("TABLE stage FROM \"Projects\" SORT file.name");
    let root = dir.path();
    for i in 0..2000 {
        // The widest stage is on the last row.
        let stage = if i == 1999 {
            "a much longer stage"
        } else {
            "short"
        };
        write(
            root,
            &format!("Projects/P{i:04}.md"),
            &format!("---\nstage: {stage}\n---\n# P\n"),
        );
    }
    let mut app = app_on(root);
    key(&mut app, KeyCode::Char('v'));
    let first = inner_lines(&render(&mut app, 80, 20));
    // The header is padded to the widest cell, which is not on screen.
    let header = first.iter().find(|l| l.starts_with("File")).unwrap();
    assert!(header.starts_with("File  │ stage"), "{header}");
    assert!(
        first
            .iter()
            .any(|l| l.starts_with("P0000 │ short              ")),
        "{first:?}"
    );
    scrolls_row_by_row(&mut app, first, 30);
    key(&mut app, KeyCode::Char('G'));
    let end = inner_lines(&render(&mut app, 80, 20));
    assert!(
        end.last()
            .unwrap()
            .starts_with("P1999 │ a much longer stage"),
        "{end:?}"
    );
}
