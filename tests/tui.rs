//! The dashboard without a terminal: `update()` behaviour, and whole screens and
//! panes drawn on ratatui's TestBackend and compared with snapshots.

use std::path::Path;

use acct::config::Config;
use acct::index::Index;
use acct::tui::app::{App, Drawn, Effect, Filter, Mode, Pane, is_item_pane};
use acct::tui::keymap::{Keymap, Layer};
use acct::tui::view;
use acct::tui::view::theme::Theme;
use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn app() -> App {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault");
    let index = Index::build(&root, &Config::default());
    App::new(index, today(), "fixtures".into(), Keymap::default())
}

fn key(app: &mut App, code: KeyCode) -> Option<Effect> {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn selected_title(app: &App) -> String {
    app.dashboard
        .as_ref()
        .map(|d| d.title.clone())
        .unwrap_or_default()
}

fn titles(app: &App) -> Vec<String> {
    app.visible
        .iter()
        .map(|v| app.rows[v.row].title.clone())
        .collect()
}

#[test]
fn list_is_needs_review_first_then_oldest_contact() {
    let app = app();
    assert_eq!(
        titles(&app),
        vec![
            "Bluefin",
            "Northwind Analytics",
            "Delta Partners",
            "Acme Robotics",
            "Cobalt Works"
        ]
    );
    assert_eq!(selected_title(&app), "Bluefin");
}

#[test]
fn navigation_with_vim_keys_and_arrows() {
    let mut app = app();
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(selected_title(&app), "Northwind Analytics");
    key(&mut app, KeyCode::Down);
    assert_eq!(selected_title(&app), "Delta Partners");
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(selected_title(&app), "Cobalt Works");
    key(&mut app, KeyCode::Down);
    assert_eq!(
        selected_title(&app),
        "Cobalt Works",
        "stays on the last row"
    );
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(selected_title(&app), "Bluefin");
    key(&mut app, KeyCode::Up);
    assert_eq!(selected_title(&app), "Bluefin", "stays on the first row");
}

#[test]
fn search_narrows_as_you_type_and_esc_restores_the_selection() {
    let mut app = app();
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('/'));
    assert_eq!(app.mode, Mode::Search);
    typed(&mut app, "cob");
    assert_eq!(titles(&app)[0], "Cobalt Works", "best match first");
    typed(&mut app, "alt");
    assert_eq!(titles(&app), vec!["Cobalt Works"]);
    assert_eq!(selected_title(&app), "Cobalt Works");
    assert!(
        !app.visible[0].matches.is_empty(),
        "matched characters are highlighted"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(titles(&app).len(), 5);
    assert_eq!(selected_title(&app), "Northwind Analytics");
}

#[test]
fn search_enter_keeps_the_filter_and_narrowing_tokens_work() {
    let mut app = app();
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "review");
    assert_eq!(
        titles(&app),
        vec!["Bluefin", "Northwind Analytics", "Delta Partners"]
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(titles(&app).len(), 3, "Enter keeps the filter");
    key(&mut app, KeyCode::Char('/'));
    for _ in 0.."review".len() {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "status:onboarding");
    assert_eq!(titles(&app), vec!["Cobalt Works"]);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "#region/emea");
    assert_eq!(titles(&app), vec!["Delta Partners"]);
}

#[test]
fn filter_cycles_all_review_each_status_archived() {
    let mut app = app();
    let mut seen = Vec::new();
    for _ in 0..8 {
        key(&mut app, KeyCode::Char('f'));
        seen.push((app.filter.clone(), titles(&app).len()));
    }
    assert_eq!(seen[0], (Filter::NeedsReview, 3));
    assert_eq!(seen[1], (Filter::DueForContact, 1));
    assert_eq!(seen[2], (Filter::Status("active".into()), 2));
    assert_eq!(seen[3], (Filter::Status("onboarding".into()), 1));
    assert_eq!(seen[4], (Filter::Status("paused".into()), 1));
    assert_eq!(seen[5], (Filter::Status("prospect".into()), 1));
    assert_eq!(seen[6], (Filter::Archived, 3));
    assert_eq!(seen[7], (Filter::All, 5));
}

#[test]
fn tab_cycles_focus_and_task_keys_need_the_tasks_pane() {
    let mut app = app();
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.focus, Pane::List);
    let mut order = Vec::new();
    for _ in 0..6 {
        key(&mut app, KeyCode::Tab);
        order.push(app.focus);
    }
    assert_eq!(
        order,
        vec![
            Pane::Status,
            Pane::Blockers,
            Pane::Decisions,
            Pane::Tasks,
            Pane::Recent,
            Pane::List
        ]
    );
    key(&mut app, KeyCode::BackTab);
    assert_eq!(app.focus, Pane::Recent);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.focus, Pane::List);
    assert_eq!(key(&mut app, KeyCode::Char('x')), None);
    assert!(app.message.as_deref().unwrap_or("").contains("open tasks"));
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.focus,
        Pane::Tasks,
        "Enter in the list goes to the open tasks"
    );
    let first = app.selected_task().unwrap().clone();
    match key(&mut app, KeyCode::Char('x')) {
        Some(Effect::TaskStatus {
            targets,
            symbol,
            done,
            ..
        }) => {
            assert_eq!(
                (targets[0].path.as_str(), targets[0].line, symbol, done),
                (first.path.as_str(), first.line, 'x', true)
            );
        }
        other => panic!("expected a task write, got {other:?}"),
    }
    assert!(matches!(
        key(&mut app, KeyCode::Char('d')),
        Some(Effect::TaskStatus {
            symbol: '-',
            done: false,
            ..
        })
    ));
    assert_eq!(
        key(&mut app, KeyCode::Char('a')),
        None,
        "only a proposed task can be accepted"
    );
}

#[test]
fn triage_walks_the_queue_oldest_contact_first() {
    let mut app = app();
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(
        titles(&app),
        vec!["Bluefin", "Northwind Analytics", "Delta Partners"]
    );
    assert_eq!(app.triage_progress(), Some((1, 3, 0)));
    assert_eq!(
        key(&mut app, KeyCode::Char('r')),
        Some(Effect::Review {
            path: "Customers/Bluefin/index.md".into()
        })
    );
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(selected_title(&app), "Northwind Analytics");
    key(&mut app, KeyCode::Char('p'));
    assert_eq!(selected_title(&app), "Bluefin");
    key(&mut app, KeyCode::Esc);
    assert!(app.triage.is_none());
    assert_eq!(titles(&app).len(), 5);
}

#[test]
fn status_picker_and_help_are_modal() {
    let mut app = app();
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
    assert_eq!(key(&mut app, KeyCode::Char('j')), None);
    assert_eq!(
        selected_title(&app),
        "Bluefin",
        "keys do not leak through the help"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal);
    key(&mut app, KeyCode::Char('s'));
    let Mode::StatusPicker { options, selected } = app.mode.clone() else {
        panic!("no picker")
    };
    assert_eq!(
        options[selected], "paused",
        "the picker starts on the current status"
    );
    key(&mut app, KeyCode::Char('k'));
    let effect = key(&mut app, KeyCode::Enter);
    assert_eq!(
        effect,
        Some(Effect::SetStatus {
            path: "Customers/Bluefin/index.md".into(),
            status: "prospect".into()
        })
    );
    assert_eq!(key(&mut app, KeyCode::Char('q')), Some(Effect::Quit));
}

#[test]
fn edit_opens_the_selected_task_line_and_query_toggle_shows_the_literal_result() {
    let mut app = app();
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    let task = app.selected_task().unwrap().clone();
    assert_eq!(
        key(&mut app, KeyCode::Char('e')),
        Some(Effect::Edit {
            path: task.path.clone(),
            line: task.line
        })
    );
    key(&mut app, KeyCode::Char('V'));
    let (tasks, query) = app.shown_tasks();
    assert!(
        query.unwrap().source.contains("TASK"),
        "Northwind's own TASK FROM \"\" block"
    );
    assert!(
        tasks.len() > app.dashboard.as_ref().unwrap().open_tasks.len(),
        "vault-wide, not just the account's"
    );
    key(&mut app, KeyCode::Char('V'));
    assert!(app.shown_tasks().1.is_none());
}

/// Draws a frame as the event loop does, keeping what was drawn in the app.
fn render(app: &mut App, width: u16, height: u16) -> String {
    render_buffer(app, width, height).1
}

fn render_buffer(app: &mut App, width: u16, height: u16) -> (ratatui::buffer::Buffer, String) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut drawn = Drawn::default();
    terminal
        .draw(|f| drawn = view::draw(f, app, &Theme::mono()))
        .unwrap();
    app.drawn = drawn;
    let buf = terminal.backend().buffer().clone();
    let text = buffer_text(&buf, Rect::new(0, 0, width, height));
    (buf, text)
}

fn buffer_text(buf: &ratatui::buffer::Buffer, area: Rect) -> String {
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
fn screen_120x40() {
    let mut app = app();
    key(&mut app, KeyCode::Char('j'));
    insta::assert_snapshot!("screen_120x40_northwind", render(&mut app, 120, 40));
}

#[test]
fn screen_80x24_stacks_the_panes() {
    let mut app = app();
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char('k'));
    key(&mut app, KeyCode::Char('k'));
    let screen = render(&mut app, 80, 24);
    insta::assert_snapshot!("screen_80x24_delta", screen);
}

#[test]
fn screen_too_small() {
    let mut app = app();
    let screen = render(&mut app, 39, 9);
    assert!(screen.contains("too small"), "{screen}");
}

#[test]
fn help_overlay_lists_every_key_of_every_layer_and_scrolls_to_the_end() {
    for (width, height) in [(120, 40), (80, 24)] {
        let mut app = app();
        key(&mut app, KeyCode::Char('?'));
        let first = render(&mut app, width, height);
        if width == 120 {
            insta::assert_snapshot!("help_overlay", first);
        }
        // Walk down the help until it stops moving, collecting every page.
        let mut seen = first.clone();
        let mut last = first;
        loop {
            key(&mut app, KeyCode::Char('j'));
            let screen = render(&mut app, width, height);
            if screen == last {
                break;
            }
            seen.push_str(&screen);
            last = screen;
        }
        assert!(
            last.contains("click selects and focuses"),
            "the help's last line is reachable at {width}×{height}:\n{last}"
        );
        for layer in Layer::ALL {
            assert!(seen.contains(layer.title()), "help lacks {}", layer.title());
        }
        for b in &app.keymap.bindings {
            // Whole at 120 columns; wrapped under itself at 80.
            let whole = seen.contains(b.description);
            let wrapped = b.description.split(' ').all(|w| seen.contains(w));
            assert!(
                whole || (width < 120 && wrapped),
                "help lacks {:?} at {width}×{height}",
                b.description
            );
        }
        key(&mut app, KeyCode::Char('k'));
        assert_ne!(render(&mut app, width, height), last, "k scrolls back up");
        key(&mut app, KeyCode::Char('?'));
        assert_eq!(app.mode, Mode::Normal, "the help key closes the help");
    }
}

#[test]
fn each_pane_on_its_own() {
    let mut app = app();
    key(&mut app, KeyCode::Char('j'));
    let (buf, _) = render_buffer(&mut app, 120, 40);
    let areas = app.drawn.areas.unwrap();
    for (name, pane) in [
        ("pane_list", Pane::List),
        ("pane_status", Pane::Status),
        ("pane_blockers", Pane::Blockers),
        ("pane_decisions", Pane::Decisions),
        ("pane_tasks", Pane::Tasks),
        ("pane_recent", Pane::Recent),
    ] {
        insta::assert_snapshot!(name, buffer_text(&buf, areas.of(pane).unwrap()));
    }
    key(&mut app, KeyCode::Char('m'));
    key(&mut app, KeyCode::Char(']'));
    key(&mut app, KeyCode::Char(']'));
    let (buf, screen) = render_buffer(&mut app, 120, 40);
    let details = app.drawn.areas.unwrap().of(Pane::Details).unwrap();
    assert!(screen.contains("Next steps"));
    insta::assert_snapshot!("pane_details_next_steps", buffer_text(&buf, details));
}

#[test]
fn control_characters_never_reach_the_screen() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    let index = Index::build(&root, &Config::default());
    let mut app = App::new(index, today(), "bad".into(), Keymap::default());
    for _ in 0..app.visible.len() {
        let screen = render(&mut app, 120, 40);
        assert!(
            !screen.chars().any(|c| c.is_control() && c != '\n'),
            "control character on screen:\n{screen}"
        );
        key(&mut app, KeyCode::Char('j'));
    }
}

/// A blocker pasted as one line of two megabytes (a log, a blob): the
/// dashboard draws it as far as a pane can show and marks the cut, and every
/// pane stays drawable, where laying the line out used to take minutes.
#[test]
fn a_blocker_of_megabytes_is_drawn_as_far_as_a_pane_shows() {
    let dir = tempfile::tempdir().unwrap();
    let blob = "x".repeat(2_000_000);
    let note = format!(
        "---\ntype: customer\nstatus: active\n---\n# Huge\n\n## Current Blockers\n\n- ❌ {blob}\n- ❌ Waiting on legal\n"
    );
    std::fs::write(dir.path().join("Huge.md"), note).unwrap();
    let index = Index::build(dir.path(), &Config::default());
    let mut app = App::new(index, today(), "huge".into(), Keymap::default());
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("Blockers (2)"), "{screen}");
    assert!(screen.contains("xxxxxxxxxx"), "{screen}");
    // Scrolled to its end, the pane shows the cut, then the next blocker.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('G'));
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("cut here: open the note"), "{screen}");
    assert!(screen.contains("Waiting on legal"), "{screen}");
}

#[test]
fn a_pane_of_thousands_of_items_keeps_the_cursors_row_in_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut note =
        String::from("---\ntype: customer\nstatus: active\n---\n# Long\n\n## Current Blockers\n\n");
    for b in 0..3000 {
        note.push_str(&format!("- ❌ Blocker {b:04} waits on region {}\n", b % 7));
    }
    std::fs::write(dir.path().join("Long.md"), note).unwrap();
    let index = Index::build(dir.path(), &Config::default());
    let mut app = App::new(index, today(), "long".into(), Keymap::default());
    while app.focus != Pane::Blockers {
        key(&mut app, KeyCode::Tab);
    }
    // The pane's own text, and whether it marks more below.
    let blockers = |app: &mut App| {
        let (buf, _) = render_buffer(app, 120, 40);
        let area = app.drawn.areas.unwrap().blockers.unwrap();
        let text = buffer_text(&buf, area);
        let below = text.lines().last().unwrap().contains('▼');
        let shown: Vec<String> = (text.lines())
            .filter_map(|l| l.split("Blocker ").nth(1))
            .map(|l| l[..4].to_string())
            .collect();
        (shown, below, area.height as usize - 2)
    };
    let (shown, below, rows) = blockers(&mut app);
    assert_eq!(shown.first().map(String::as_str), Some("0000"), "{shown:?}");
    assert_eq!(shown.len(), rows, "the pane is full: {shown:?}");
    assert!(below, "more below the first screenful");
    // Down past the first screenful: the cursor's row is the pane's last.
    for _ in 0..rows + 5 {
        key(&mut app, KeyCode::Char('j'));
    }
    let (shown, below, _) = blockers(&mut app);
    assert_eq!(
        shown.last().map(String::as_str),
        Some(format!("{:04}", rows + 5).as_str())
    );
    assert_eq!(shown.len(), rows);
    assert!(below);
    assert_eq!(
        app.selected_item(Pane::Blockers).map(|r| r.text),
        Some(format!(
            "Blocker {:04} waits on region {}",
            rows + 5,
            (rows + 5) % 7
        ))
    );
    // At the end: the last blocker at the bottom, nothing below it.
    key(&mut app, KeyCode::Char('G'));
    let (shown, below, _) = blockers(&mut app);
    assert_eq!(shown.last().map(String::as_str), Some("2999"), "{shown:?}");
    assert_eq!(shown.len(), rows);
    assert!(!below, "nothing below the last blocker");
    // And back to the top.
    key(&mut app, KeyCode::Char('g'));
    let (shown, _, _) = blockers(&mut app);
    assert_eq!(shown.first().map(String::as_str), Some("0000"), "{shown:?}");
}

#[test]
fn an_account_of_thousands_of_tasks_keeps_the_cursors_task_in_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut note =
        String::from("---\ntype: customer\nstatus: active\n---\n# Busy\n\n## Open Tasks\n\n");
    for n in 0..3000 {
        note.push_str(&format!("- [ ] Task {n:04} of the rollout\n"));
    }
    std::fs::write(dir.path().join("Busy.md"), note).unwrap();
    let index = Index::build(dir.path(), &Config::default());
    let mut app = App::new(index, today(), "busy".into(), Keymap::default());
    while app.focus != Pane::Tasks {
        key(&mut app, KeyCode::Tab);
    }
    let tasks = |app: &mut App| {
        let (buf, _) = render_buffer(app, 120, 40);
        let area = app.drawn.areas.unwrap().tasks.unwrap();
        let text = buffer_text(&buf, area);
        (text.lines())
            .filter_map(|l| l.split("Task ").nth(1))
            .map(|l| l[..4].to_string())
            .collect::<Vec<_>>()
    };
    let shown = tasks(&mut app);
    assert_eq!(shown.first().map(String::as_str), Some("0000"), "{shown:?}");
    for _ in 0..100 {
        key(&mut app, KeyCode::Char('j'));
    }
    let shown = tasks(&mut app);
    // The cursor's task two rows above the pane's bottom: one more below it.
    assert_eq!(shown[shown.len() - 2], "0100", "{shown:?}");
    assert_eq!(
        app.selected_task().map(|t| t.text.as_str()),
        Some("Task 0100 of the rollout")
    );
    key(&mut app, KeyCode::Char('G'));
    let shown = tasks(&mut app);
    assert_eq!(shown.last().map(String::as_str), Some("2999"), "{shown:?}");
}

#[test]
fn the_problems_view_of_thousands_keeps_the_selected_one_in_view() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Acme.md"),
        "---\ntype: customer\nstatus: active\n---\n# Acme\n",
    )
    .unwrap();
    for n in 0..3000 {
        // Frontmatter that is never closed: one error each.
        std::fs::write(
            dir.path().join(format!("Broken {n:04}.md")),
            "---\ntitle: x\n",
        )
        .unwrap();
    }
    let index = Index::build(dir.path(), &Config::default());
    let mut app = App::new(index, today(), "broken".into(), Keymap::default());
    key(&mut app, KeyCode::Char('!'));
    let selected = |app: &mut App| {
        let screen = render(app, 120, 40);
        let line = (screen.lines())
            .find(|l| l.contains("▶"))
            .unwrap_or_else(|| panic!("a selected problem on screen:\n{screen}"))
            .to_string();
        let row = screen.lines().position(|l| l.contains("▶")).unwrap();
        (line.split("Broken ").nth(1).unwrap()[..4].to_string(), row)
    };
    assert_eq!(selected(&mut app), ("0000".to_string(), 3));
    for _ in 0..1500 {
        key(&mut app, KeyCode::Char('j'));
    }
    // In the middle of the view.
    let (name, row) = selected(&mut app);
    assert_eq!(name, "1500");
    assert!((18..=22).contains(&row), "row {row}");
    for _ in 0..1600 {
        key(&mut app, KeyCode::Char('j'));
    }
    // The last one, at the view's end.
    let (name, row) = selected(&mut app);
    assert_eq!(name, "2999");
    assert_eq!(row, 37, "the last problem on the view's last row");
}

#[test]
fn mouse_click_selects_and_focuses_and_the_wheel_scrolls() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut app = app();
    render(&mut app, 120, 40);
    let areas = app.drawn.areas.unwrap();
    let list = areas.list.unwrap();
    let click = |column, row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    app.handle_mouse(click(list.x + 3, list.y + 3));
    assert_eq!(selected_title(&app), "Delta Partners", "third row clicked");
    let tasks = areas.tasks.unwrap();
    app.handle_mouse(click(tasks.x + 3, tasks.y + 2));
    assert_eq!(app.focus, Pane::Tasks);
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: list.x + 2,
        row: list.y + 2,
        modifiers: KeyModifiers::NONE,
    };
    app.handle_mouse(wheel);
    assert_eq!(
        selected_title(&app),
        "Cobalt Works",
        "the wheel moves the list under the pointer"
    );
    assert_eq!(app.focus, Pane::Tasks, "scrolling does not steal focus");
}

#[test]
fn no_color_theme_uses_no_colours() {
    use ratatui::style::Color;
    let mut app = app();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| {
            view::draw(f, &app, &Theme::pick(Some("light"), true));
        })
        .unwrap();
    let buf = terminal.backend().buffer();
    assert!(
        buf.content()
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
    terminal
        .draw(|f| {
            view::draw(f, &app, &Theme::pick(Some("light"), false));
        })
        .unwrap();
    assert!(
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.fg != Color::Reset)
    );
    key(&mut app, KeyCode::Char('j'));
}

#[test]
fn config_key_overrides_reach_the_help_and_the_keys() {
    let mut overrides = std::collections::BTreeMap::new();
    overrides.insert("down".to_string(), acct::config::KeyList::One("n".into()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault");
    let index = Index::build(&root, &Config::default());
    let mut app = App::new(
        index,
        today(),
        "fixtures".into(),
        Keymap::with_overrides(&overrides).unwrap(),
    );
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(selected_title(&app), "Northwind Analytics");
    key(&mut app, KeyCode::Char('?'));
    let screen = render(&mut app, 120, 40);
    assert!(
        screen
            .lines()
            .any(|l| l.contains("│n ") && l.contains("move down")),
        "{screen}"
    );
    assert!(
        !screen
            .lines()
            .any(|l| l.contains("│j") && l.contains("move down"))
    );
}

#[test]
fn file_changes_keep_the_selection_follow_renames_and_report_deletes() {
    use acct::index::change::Change;
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault");
    copy(&fixtures, dir.path());
    let index = Index::build(dir.path(), &Config::default());
    let mut app = App::new(index, today(), "copy".into(), Keymap::default());
    // What the watcher's thread does with each batch: read and parse it.
    let mut reader = acct::watch::Reader::new(dir.path());
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(selected_title(&app), "Delta Partners");
    // Another account gets flagged: the list reorders, the selection stays on Delta.
    let acme = dir.path().join("Customers/Acme Robotics/README.md");
    let text = std::fs::read_to_string(&acme).unwrap();
    std::fs::write(
        &acme,
        text.replacen("tags:\n", "tags:\n- needs-review\n", 1),
    )
    .unwrap();
    assert!(app.apply_changes(reader.read(vec![Change::Upsert(
        "Customers/Acme Robotics/README.md".into()
    )])));
    assert_eq!(selected_title(&app), "Delta Partners");
    let full = |app: &App| acct::model::dashboard::summaries(&app.index, today(), true);
    assert_eq!(
        app.rows,
        full(&app),
        "rows updated in place equal rows computed afresh"
    );
    assert_eq!(
        app.problem_count,
        acct::model::dashboard::vault_problems(&app.index, today()).len()
    );
    // A meeting note gains a task for Northwind: only rows it feeds change, correctly.
    let meeting = dir.path().join("Meetings/2026-11-18 Delta sync.md");
    let text = std::fs::read_to_string(&meeting).unwrap();
    std::fs::write(&meeting, format!("{text}\n- [ ] call [[Northwind Analytics]] 📅 2026-12-02\n\n```dataviewjs\ndv.list()\n```\n")).unwrap();
    let problems_before = app.problem_count;
    assert!(app.apply_changes(reader.read(vec![Change::Upsert(
        "Meetings/2026-11-18 Delta sync.md".into()
    )])));
    assert_eq!(app.rows, full(&app));
    assert_eq!(
        app.problem_count,
        problems_before + 1,
        "the unsupported block counts"
    );
    assert_eq!(
        app.problem_count,
        acct::model::dashboard::vault_problems(&app.index, today()).len()
    );
    assert!(
        app.rows
            .iter()
            .any(|r| r.title == "Acme Robotics" && r.needs_review)
    );
    // A rename of the selected note keeps it selected.
    std::fs::rename(
        dir.path().join("Customers/dp-0042.md"),
        dir.path().join("Customers/Delta.md"),
    )
    .unwrap();
    app.apply_changes(reader.read(vec![
        Change::Remove("Customers/dp-0042.md".into()),
        Change::Upsert("Customers/Delta.md".into()),
    ]));
    assert_eq!(app.selected_path(), Some("Customers/Delta.md"));
    // Deleting it moves to a neighbour and says so.
    std::fs::remove_file(dir.path().join("Customers/Delta.md")).unwrap();
    app.apply_changes(reader.read(vec![Change::Remove("Customers/Delta.md".into())]));
    assert_ne!(selected_title(&app), "Delta Partners");
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .contains("Delta Partners was deleted")
    );
    // A save that changes nothing redraws nothing.
    assert!(
        !app.apply_changes(reader.read(vec![Change::Upsert("Customers/Bluefin/index.md".into())]))
    );
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target)
        } else {
            std::fs::copy(entry.path(), &target).map(|_| ()).unwrap()
        }
    }
}

fn app_with_keys(pairs: &[(&str, &[&str])]) -> App {
    let overrides = pairs
        .iter()
        .map(|(name, keys)| {
            (
                name.to_string(),
                acct::config::KeyList::Many(keys.iter().map(|k| k.to_string()).collect()),
            )
        })
        .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault");
    let index = Index::build(&root, &Config::default());
    App::new(
        index,
        today(),
        "fixtures".into(),
        Keymap::with_overrides(&overrides).unwrap(),
    )
}

fn ctrl(app: &mut App, c: char) -> Option<Effect> {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

#[test]
fn a_rebound_key_works_in_search_and_the_old_key_is_typed_or_ignored() {
    let mut app = app_with_keys(&[("search.keep", &["ctrl-k"]), ("search.down", &["ctrl-j"])]);
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "review");
    assert_eq!(titles(&app).len(), 3);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Search, "Enter no longer keeps the search");
    ctrl(&mut app, 'j');
    assert_eq!(
        selected_title(&app),
        "Northwind Analytics",
        "ctrl-j moves down"
    );
    ctrl(&mut app, 'n');
    assert_eq!(
        selected_title(&app),
        "Northwind Analytics",
        "ctrl-n was replaced"
    );
    ctrl(&mut app, 'k');
    assert_eq!(app.mode, Mode::Normal, "ctrl-k keeps the search");
    assert_eq!(titles(&app).len(), 3, "as a filter");
    let hints = render(&mut app, 120, 40);
    assert!(hints.contains("filter kept: /review"), "{hints}");
    key(&mut app, KeyCode::Char('/'));
    let screen = render(&mut app, 120, 40);
    let hint_bar = screen.lines().nth(39).unwrap();
    assert!(hint_bar.contains("Ctrl-k keep · Esc clear"), "{hint_bar}");
}

#[test]
fn a_rebound_key_works_in_the_status_picker() {
    let mut app = app_with_keys(&[("picker.cancel", &["x"]), ("down", &["n"])]);
    key(&mut app, KeyCode::Char('s'));
    let picked = |app: &App| match &app.mode {
        Mode::StatusPicker { options, selected } => Some(options[*selected].clone()),
        _ => None,
    };
    let Mode::StatusPicker { options, selected } = app.mode.clone() else {
        panic!("no picker")
    };
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(
        picked(&app),
        Some(options[(selected + 1) % options.len()].clone()),
        "the picker follows the rebound down"
    );
    key(&mut app, KeyCode::Esc);
    assert!(picked(&app).is_some(), "Esc no longer closes the picker");
    assert_eq!(key(&mut app, KeyCode::Char('x')), None);
    assert_eq!(app.mode, Mode::Normal, "x closes it without a write");
    let screen = {
        key(&mut app, KeyCode::Char('s'));
        render(&mut app, 120, 40)
    };
    assert!(screen.contains("Set status · Enter"), "{screen}");
    assert!(screen.lines().nth(39).unwrap().contains("x cancel"));
}

#[test]
fn a_rebound_key_opens_and_closes_the_help() {
    let mut app = app_with_keys(&[("help", &["f1"]), ("help.close", &["h", "esc"])]);
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(app.mode, Mode::Normal, "? no longer opens the help");
    key(&mut app, KeyCode::F(1));
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
    key(&mut app, KeyCode::Char('q'));
    assert_eq!(app.mode, Mode::Help { scroll: 0 }, "q was replaced");
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("Keys · h closes"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.contains("│F1 ") && l.contains("this help")),
        "{screen}"
    );
    key(&mut app, KeyCode::Char('h'));
    assert_eq!(app.mode, Mode::Normal);
    // The help's own close follows the help key unless set itself.
    let mut app = app_with_keys(&[("help", &["f1"])]);
    key(&mut app, KeyCode::F(1));
    key(&mut app, KeyCode::F(1));
    assert_eq!(
        app.mode,
        Mode::Normal,
        "the key that opens the help closes it"
    );
}

#[test]
fn a_rebound_key_walks_triage_and_the_hint_bar_says_so() {
    let mut app = app();
    key(&mut app, KeyCode::Char('t'));
    let bar = render(&mut app, 120, 40)
        .lines()
        .nth(39)
        .unwrap()
        .to_string();
    assert!(
        bar.starts_with(" n next  p prev  Esc leave triage  Tab pane  / search"),
        "{bar}"
    );
    let mut app = app_with_keys(&[
        ("triage_next", &["N"]),
        ("triage.leave_triage", &["ctrl-l"]),
    ]);
    key(&mut app, KeyCode::Char('t'));
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(selected_title(&app), "Bluefin", "n was replaced");
    app.handle_key(KeyEvent::new(KeyCode::Char('N'), KeyModifiers::SHIFT));
    assert_eq!(selected_title(&app), "Northwind Analytics");
    let bar = render(&mut app, 120, 40)
        .lines()
        .nth(39)
        .unwrap()
        .to_string();
    assert!(
        bar.starts_with(" N next  p prev  Ctrl-l leave triage"),
        "{bar}"
    );
    key(&mut app, KeyCode::Esc);
    assert!(app.triage.is_some(), "Esc no longer leaves triage");
    ctrl(&mut app, 'l');
    assert!(app.triage.is_none());
    assert_eq!(
        selected_title(&app),
        "Northwind Analytics",
        "the selection stays"
    );
}

#[test]
fn texts_that_name_keys_follow_the_key_table() {
    let mut app = app_with_keys(&[
        ("back", &["backspace"]),
        ("filter", &["F"]),
        ("query", &["Q"]),
        ("details", &["M"]),
    ]);
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "zzzz");
    key(&mut app, KeyCode::Enter);
    app.message = None;
    let screen = render(&mut app, 120, 40);
    assert!(
        screen.contains("No account matches. Backspace clears the search, F changes the filter."),
        "{screen}"
    );
    assert!(
        screen
            .lines()
            .nth(39)
            .unwrap()
            .contains("Backspace clear /zzzz")
    );
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Char('j'));
    app.handle_key(KeyEvent::new(KeyCode::Char('Q'), KeyModifiers::SHIFT));
    assert!(render(&mut app, 120, 40).contains("· Q back"));
    app.handle_key(KeyEvent::new(KeyCode::Char('M'), KeyModifiers::SHIFT));
    assert!(render(&mut app, 120, 40).contains("details ([ ] switch, M back)"));
}

#[test]
fn scrolling_stops_at_the_end_of_what_the_pane_drew() {
    let mut app = app();
    key(&mut app, KeyCode::Char('j'));
    render(&mut app, 80, 24);
    // A pane whose content is longer than the rows it got.
    let (&pane, &max) = app
        .drawn
        .max_scroll
        .iter()
        // Item panes and the tasks move a cursor instead (tested on their own).
        .filter(|(p, m)| **m > 0 && **p != Pane::Tasks && !is_item_pane(**p))
        .max_by_key(|(_, m)| **m)
        .expect("some pane overflows at 80x24");
    while app.focus != pane {
        key(&mut app, KeyCode::Tab);
    }
    for _ in 0..max + 10 {
        key(&mut app, KeyCode::Char('j'));
    }
    assert_eq!(app.scroll[&pane], max, "no further than the content goes");
    let bottom = render(&mut app, 80, 24);
    key(&mut app, KeyCode::Char('k'));
    assert_eq!(app.scroll[&pane], max - 1);
    assert_ne!(
        render(&mut app, 80, 24),
        bottom,
        "one k scrolls back at once"
    );
}

#[test]
fn a_click_selects_the_row_under_it_in_the_stacked_layout_too() {
    use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut app = app();
    key(&mut app, KeyCode::Char('G'));
    render(&mut app, 80, 24);
    let list = app.drawn.areas.unwrap().list.unwrap();
    let rows = list.height as usize - 2;
    assert!(rows < 5, "the list scrolls at 80x24");
    // The list shows its last rows; the top one is 5 - rows from the first.
    app.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: list.x + 4,
        row: list.y + 1,
        modifiers: KeyModifiers::NONE,
    });
    assert_eq!(app.selected, 5 - rows);
    assert_eq!(selected_title(&app), titles(&app)[5 - rows]);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains(&format!("Status · {}", titles(&app)[5 - rows])));
}

#[test]
fn the_kept_list_shows_while_the_vault_is_read_and_actions_wait_for_the_index() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault");
    let index = Index::build(&root, &Config::default());
    let rows = acct::model::dashboard::summaries(&index, today(), true);
    // As the dashboard starts: no index yet, the vault being read.
    let mut app = App::new(
        Index::default(),
        today(),
        "fixtures".into(),
        Keymap::default(),
    );
    app.loading = Some("reading the vault…".into());
    assert!(titles(&app).is_empty());
    app.show_kept_rows(rows.clone());
    assert_eq!(
        titles(&app),
        titles(&self::app()),
        "the kept list, in order"
    );
    let screen = render(&mut app, 120, 30);
    assert!(screen.contains("Northwind Analytics"), "{screen}");
    assert!(screen.contains("Reading the vault…"), "{screen}");
    // Moving and searching work; what needs the index waits for it.
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(
        app.selected_path(),
        Some("Customers/Northwind Analytics.md")
    );
    // Each of these keys does nothing but say why, in words with `because`.
    let wait = |app: &mut App, keys: &[(char, &str)], because: &str| {
        for &(c, what) in keys {
            assert_eq!(key(app, KeyCode::Char(c)), None, "{what} waits");
            assert_eq!(app.mode, Mode::Normal, "{what} opens nothing");
            let said = app.message.take();
            assert!(
                said.as_deref().is_some_and(|m| m.contains(because)),
                "{what}: {said:?}"
            );
        }
    };
    let all = [
        ('r', "review"),
        ('s', "status"),
        ('x', "done"),
        ('u', "undo"),
        ('T', "tasks view"),
    ];
    wait(&mut app, &all, "still reading");
    typed(&mut app, "/delta");
    key(&mut app, KeyCode::Enter);
    assert_eq!(titles(&app), vec!["Delta Partners"]);
    key(&mut app, KeyCode::Char('r'));
    let said = app.message.clone().unwrap_or_default();
    assert!(
        said.contains("nothing was changed"),
        "a write is not made later: {said}"
    );
    let delta = app.selected_path().unwrap().to_string();
    // The index arrives: the selection stays and the dashboard fills in; what
    // needs the vault's lists waits for them, and a change seen meanwhile is
    // held, not lost.
    let index = std::sync::Arc::new(index);
    let loading = std::sync::Arc::clone(&index);
    app.take_index(index, rows);
    assert!(app.loading.is_none() && app.lists_pending);
    assert_eq!(app.message, None, "the read is over");
    assert_eq!(app.selected_path(), Some(delta.as_str()));
    assert_eq!(selected_title(&app), "Delta Partners");
    let screen = render(&mut app, 120, 30);
    assert!(screen.contains("Status · Delta Partners"), "{screen}");
    assert!(!screen.contains("Reading the vault"), "{screen}");
    wait(&mut app, &all, "still counting");
    key(&mut app, KeyCode::Char('T'));
    let said = app.message.clone().unwrap_or_default();
    assert!(said.contains("opens once"), "{said}");
    let dir = tempfile::tempdir().unwrap();
    let note = "---\ntype: customer\nstatus: active\n---\n# Echo Freight\n";
    std::fs::write(dir.path().join("Echo Freight.md"), note).unwrap();
    let echo = acct::watch::read_note(dir.path(), "Echo Freight.md", &app.index.settings.statuses);
    assert!(
        !app.apply_changes(vec![echo]),
        "held while the lists are computed"
    );
    let has_echo = |app: &App| app.rows.iter().any(|r| r.title == "Echo Freight");
    assert!(!has_echo(&app));
    // The lists arrive from a thread that let the index go: the held change
    // is applied, and the actions act.
    let lists = acct::tui::app::Lists::compute(&loading, &Config::default(), today());
    drop(loading);
    assert!(app.take_lists(lists), "the held change shows");
    assert!(!app.lists_pending);
    assert_eq!(app.message, None, "the wait is over");
    assert!(has_echo(&app));
    assert_eq!(selected_title(&app), "Delta Partners");
    // The last action pressed while waiting, the tasks view, runs now, as the
    // message said it would.
    let waited = app.take_waiting().expect("T waited");
    assert_eq!(app.update(waited), None);
    assert!(app.inbox.is_some(), "the tasks view opened");
    assert_eq!(app.take_waiting(), None, "only once");
    key(&mut app, KeyCode::Esc);
    assert!(app.inbox.is_none());
    assert!(matches!(
        key(&mut app, KeyCode::Char('r')),
        Some(Effect::Review { .. })
    ));
}
