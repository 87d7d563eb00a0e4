//! The dashboard on a vault in the pipeline's shape (`tests/fixtures/reading/`):
//! the problems view, a maximised pane, the hint bar on small terminals and the
//! list's width, through `update()` and TestBackend screens.

use std::path::{Path, PathBuf};

use acct::config::Config;
use acct::index::Index;
use acct::model::check;
use acct::tui::app::{App, Drawn, Effect, Mode, Pane};
use acct::tui::keymap::Keymap;
use acct::tui::view;
use acct::tui::view::theme::Theme;
use acct::watch::read_note;
use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn vault() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reading")
}

fn app_on(root: &Path) -> App {
    let index = Index::build(root, &Config::default());
    App::new(index, today(), "reading".into(), Keymap::default())
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
    let buf = terminal.backend().buffer();
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

fn select(app: &mut App, title: &str) {
    key(app, KeyCode::Char('g'));
    for _ in 0..app.visible.len() {
        if app.dashboard.as_ref().is_some_and(|d| d.title == title) {
            return;
        }
        key(app, KeyCode::Char('j'));
    }
    panic!("{title} is not in the list");
}

#[test]
fn the_problems_view_lists_what_check_and_the_title_bar_count() {
    let mut app = app_on(&vault());
    let live = check::live(&app.index, today());
    assert_eq!(live.len(), 3, "{live:?}");
    assert_eq!(
        app.problem_count,
        live.len(),
        "the title bar leaves archived notes out, as check does"
    );
    let screen = render(&mut app, 100, 30);
    assert!(
        screen.lines().next().unwrap().contains("· 3 problems"),
        "{screen}"
    );
    key(&mut app, KeyCode::Char('!'));
    assert_eq!(app.mode, Mode::Problems { selected: 0 });
    assert_eq!(app.problems.len(), app.problem_count);
    insta::assert_snapshot!("problems_view_100x30", render(&mut app, 100, 30));
    // Grouped by kind as check prints them: the unclosed frontmatter first.
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        Some(Effect::Edit {
            path: "Notes/Unclosed.md".into(),
            line: 1
        })
    );
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(app.mode, Mode::Problems { selected: 2 });
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        Some(Effect::Edit {
            path: "Customers/Brightwater/Brightwater.md".into(),
            line: 22
        })
    );
    key(&mut app, KeyCode::Char('k'));
    assert_eq!(app.mode, Mode::Problems { selected: 1 });
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn the_problem_count_follows_changes_to_live_notes_only() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&vault(), dir.path());
    let mut app = app_on(dir.path());
    key(&mut app, KeyCode::Char('!'));
    let block = "\n```dataviewjs\ndv.list()\n```\n";
    let archived = "_archive/Projects/Old Relay Pilot.md";
    append(dir.path(), archived, block);
    app.apply_changes(vec![read_note(
        dir.path(),
        archived,
        &app.index.settings.statuses,
    )]);
    assert_eq!(
        app.problem_count, 3,
        "an archived note's problem is left out"
    );
    let live = "Projects/Receiver Rollout.md";
    append(dir.path(), live, block);
    app.apply_changes(vec![read_note(
        dir.path(),
        live,
        &app.index.settings.statuses,
    )]);
    assert_eq!(app.problem_count, 4);
    assert_eq!(app.problems.len(), 4, "the open view is read again");
    assert_eq!(check::live(&app.index, today()).len(), 4);
}

#[test]
fn a_maximised_pane_takes_the_screen_and_the_same_key_restores_it() {
    let mut app = app_on(&vault());
    select(&mut app, "Quillon Systems");
    let before = {
        render(&mut app, 80, 24);
        app.drawn.areas.unwrap()
    };
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Blockers);
    key(&mut app, KeyCode::Char('z'));
    let screen = render(&mut app, 80, 24);
    let areas = app.drawn.areas.unwrap();
    assert_eq!(areas.blockers.unwrap().height, 22);
    assert_eq!(areas.list, None);
    insta::assert_snapshot!("maximised_blockers_80x24", screen);
    assert!(screen.lines().last().unwrap().starts_with(" z restore"));
    // Tab takes the whole screen to the next pane.
    key(&mut app, KeyCode::Tab);
    render(&mut app, 80, 24);
    assert_eq!(app.drawn.areas.unwrap().decisions.unwrap().width, 80);
    key(&mut app, KeyCode::Char('z'));
    render(&mut app, 80, 24);
    assert_eq!(app.drawn.areas.unwrap(), before);
}

#[test]
fn help_and_quit_stay_on_the_hint_bar_of_small_terminals() {
    for (w, h) in [(80, 24), (100, 30)] {
        let mut app = app_on(&vault());
        let screen = render(&mut app, w, h);
        let hints = screen.lines().nth(h as usize - 1).unwrap();
        assert!(
            hints.contains("? help") && hints.contains("q quit"),
            "{w}×{h}: {hints}"
        );
        assert!(hints.contains("/ search"), "{w}×{h}: {hints}");
    }
}

#[test]
fn the_list_is_as_wide_as_its_titles_need_and_the_selected_title_shows_whole() {
    let mut app = app_on(&vault());
    let long = "Halvorsen Maritime Logistics International Holdings";
    select(&mut app, long);
    key(&mut app, KeyCode::Char('z'));
    let screen = render(&mut app, 160, 40);
    assert!(
        screen.contains(&format!("  {long} ")),
        "a maximised list shows the title whole:\n{screen}"
    );
    key(&mut app, KeyCode::Char('z'));
    let screen = render(&mut app, 160, 40);
    let list = app.drawn.areas.unwrap().list.unwrap();
    assert_eq!(list.width, 64, "two fifths of 160 columns");
    assert!(
        screen.contains("Halvorsen Maritime Logistics International"),
        "{screen}"
    );
    let bottom = screen.lines().nth(list.bottom() as usize - 1).unwrap();
    assert!(
        bottom.contains(long),
        "the cut title is shown whole under the list:\n{screen}"
    );
    // Short titles keep the list narrow.
    key(&mut app, KeyCode::Char('/'));
    for c in "bright".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    render(&mut app, 160, 40);
    assert_eq!(app.drawn.areas.unwrap().list.unwrap().width, 32);
}

#[test]
fn the_title_bar_says_1_needs_review() {
    let mut app = app_on(&vault());
    let screen = render(&mut app, 100, 30);
    let title = screen.lines().next().unwrap();
    assert!(
        title.contains("3 accounts · 1 needs review · 3 problems"),
        "{title}"
    );
}

fn append(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let before = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{before}{text}")).unwrap();
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}
