//! Indexing, search, drawing and incremental-update benchmarks on a generated
//! vault of 10,000 account notes and 5,000 meeting notes (targets in
//! docs/performance.md).
//!
//! `cargo bench --bench index`; figures go to BENCHMARKS.md.

#[path = "support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

use acct::config::Config;
use acct::index::Index;
use acct::model::dashboard::{self, AccountSummary};
use acct::model::search::Searcher;
use acct::tui::app::App;
use acct::tui::keymap::Keymap;
use acct::tui::view;
use acct::tui::view::theme::Theme;
use chrono::NaiveDate;
use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const ACCOUNTS: usize = 10_000;
const MEETINGS: usize = 5_000;

struct Vault {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

static VAULT: LazyLock<Vault> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temp dir");
    synth::write_vault(dir.path(), ACCOUNTS, MEETINGS).expect("write the vault");
    let root = dir.path().to_path_buf();
    Vault { _dir: dir, root }
});

static INDEX: LazyLock<Index> = LazyLock::new(|| Index::build(&VAULT.root, &Config::default()));

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn vault_bytes(root: &Path) -> u64 {
    walk(root)
        .iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum()
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(root).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p))
        } else {
            out.push(p)
        }
    }
    out
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() {
    let bytes = vault_bytes(&VAULT.root);
    let before = peak_rss_kib().unwrap_or(0);
    let index = &*INDEX;
    let after = peak_rss_kib().unwrap_or(0);
    eprintln!(
        "vault: {} notes, {:.1} MB; peak RSS after one index build: {:.1} MB ({:.1} MB before); {} accounts",
        index.len(),
        bytes as f64 / 1e6,
        after as f64 / 1024.0,
        before as f64 / 1024.0,
        index.accounts().count()
    );
    divan::main();
}

/// The full index: scan, read and parse every note on all cores, then derive.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn index_full_vault() -> Index {
    Index::build(&VAULT.root, &Config::default())
}

/// Every note's bytes, read once (path, bytes), for the parse benchmarks.
static NOTE_BYTES: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| {
    let (paths, _) = acct::vault::scan(&VAULT.root);
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(VAULT.root.join(&p)).expect("a note");
            (p, bytes)
        })
        .collect()
});

/// Parsing every note of the vault on one thread, from bytes already read.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn parse_every_note_one_thread() -> usize {
    let statuses = acct::note::task::TaskStatuses::default();
    NOTE_BYTES
        .iter()
        .map(|(path, bytes)| acct::note::parse(path, bytes, &statuses).tasks.len())
        .sum()
}

/// Reading the fields of 40,000 proposed tasks in the pipeline's form (`…
/// @Owner #task #proposed #auto`), every other one with a due date
/// (docs/performance.md, "Reading tasks").
#[divan::bench(sample_count = 20, sample_size = 1)]
fn task_fields_pipeline_40k(bencher: Bencher<'_, '_>) {
    let texts: Vec<String> = (0..40_000)
        .map(|i| {
            let line = synth::proposal(i / 4, i % 4);
            let text = line.trim_start_matches("- [?] ").trim_end();
            match i % 2 {
                0 => format!("{text} 📅 2026-12-{:02}", 1 + i % 28),
                _ => text.to_string(),
            }
        })
        .collect();
    bencher.bench(|| {
        (texts.iter())
            .map(|t| acct::note::task::parse_fields(t).owners.len())
            .sum::<usize>()
    });
}

/// Every note, parsed once, for the parse cache benchmarks.
static PARSED: LazyLock<Vec<acct::note::Note>> = LazyLock::new(|| {
    let statuses = acct::note::task::TaskStatuses::default();
    NOTE_BYTES
        .iter()
        .map(|(path, bytes)| acct::note::parse(path, bytes, &statuses))
        .collect()
});

/// Encoding every note's parse cache record, one thread (what a first start
/// adds to each note it reads; docs/performance.md, "The parse cache").
#[divan::bench(sample_count = 10, sample_size = 1)]
fn cache_record_every_note() -> usize {
    PARSED
        .iter()
        .map(|note| acct::vault::cache::encode(note).map_or(0, |r| r.len()))
        .sum()
}

/// Reading every note's frontmatter block, one thread: as a parse does (the
/// simple reader, the YAML crate for what it declines) and by the YAML crate
/// alone (docs/performance.md, "Reading frontmatter").
#[divan::bench(sample_count = 10, sample_size = 1, args = ["as parsed", "yaml crate only"])]
fn frontmatter_every_note(way: &str) -> usize {
    use acct::note::frontmatter::{Frontmatter, locate};
    use acct::note::yaml::{parse_mapping, parse_mapping_full};
    let read = if way == "as parsed" {
        parse_mapping
    } else {
        parse_mapping_full
    };
    NOTE_BYTES
        .iter()
        .filter_map(|(_, bytes)| {
            let text = std::str::from_utf8(bytes).ok()?;
            let Frontmatter::Closed(span) = locate(text) else {
                return None;
            };
            read(&text[span.yaml]).ok().map(|m| m.len())
        })
        .sum()
}

/// 5,000 folder-note accounts (`Customers/Acct N/README.md`) and a meeting note
/// beside each linking two of them by partial path (`[[Acct N/README]]`, as
/// Obsidian writes a link when `README` alone is not unique).
static PARTIAL_PATHS: LazyLock<Vault> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temp dir");
    for i in 0..5_000 {
        let folder = dir.path().join(format!("Customers/Acct {i:05}"));
        std::fs::create_dir_all(&folder).expect("a folder");
        std::fs::write(
            folder.join("README.md"),
            format!("---\ntype: customer\ntitle: Acct {i:05}\n---\n# Acct {i:05}\n"),
        )
        .expect("an account note");
        std::fs::write(
            folder.join("2026-11-20 Sync.md"),
            format!(
                "---\ntype: meeting\n---\n# Sync\n\nWith [[Acct {i:05}/README]] and [[Acct {:05}/README]].\n",
                (i + 1) % 5_000
            ),
        )
        .expect("a meeting note");
    }
    let root = dir.path().to_path_buf();
    Vault { _dir: dir, root }
});

/// Indexing a vault whose links are partial paths: each is looked up among the
/// notes with the same last two path segments, not among every path.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn index_partial_path_links() -> Index {
    let index = Index::build(&PARTIAL_PATHS.root, &Config::default());
    assert!(index.backlinks("Customers/Acct 00001/README.md").count() == 2);
    index
}

/// The baseline of docs/performance.md, timed in the same run: `rg -c needs-review`.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn ripgrep_count_needs_review(bencher: Bencher<'_, '_>) {
    if Command::new("rg").arg("--version").output().is_err() {
        eprintln!("rg is not installed: no baseline");
        return;
    }
    bencher.bench(|| {
        Command::new("rg")
            .args(["-c", "needs-review"])
            .arg(&VAULT.root)
            .output()
            .unwrap()
    });
}

/// What the watcher pays per saved note: replace it, then re-derive what it affects
/// (`Index::refresh_changed`, as `Index::apply` does).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn upsert_one_note_and_refresh(bencher: Bencher<'_, '_>) {
    upsert_account_42(bencher, Index::refresh_changed);
}

/// The same with the full re-derivation (`Index::refresh`: builds, rescans, settings).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn upsert_one_note_and_full_refresh(bencher: Bencher<'_, '_>) {
    upsert_account_42(bencher, Index::refresh);
}

fn upsert_account_42(bencher: Bencher<'_, '_>, refresh: fn(&mut Index)) {
    let mut index = Index::build(&VAULT.root, &Config::default());
    let mut revision = 0;
    bencher.bench_local(|| {
        revision += 1;
        let text = synth::account_note(42, revision);
        let note = acct::note::parse(
            &synth::account_path(42),
            text.as_bytes(),
            &index.settings.statuses,
        );
        index.upsert(note);
        refresh(&mut index);
    });
}

/// The list rows of every account (after each change).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn account_rows_10k() -> Vec<AccountSummary> {
    dashboard::summaries(&INDEX, today(), true)
}

static ROWS: LazyLock<Vec<AccountSummary>> =
    LazyLock::new(|| dashboard::summaries(&INDEX, today(), true));

/// One search keystroke over 10,000 accounts (a fresh query, no narrowing).
#[divan::bench]
fn search_keystroke_10k(bencher: Bencher<'_, '_>) {
    let searcher = Searcher::default();
    bencher.bench(|| searcher.search(&ROWS, "acc 042 pri"));
}

/// The next keystroke narrows among the previous hits, as the dashboard does.
#[divan::bench]
fn search_next_keystroke_10k(bencher: Bencher<'_, '_>) {
    let searcher = Searcher::default();
    let previous: Vec<usize> = searcher
        .search(&ROWS, "acc 04")
        .iter()
        .map(|h| h.row)
        .collect();
    bencher.bench(|| searcher.search_among(&ROWS, Some(&previous), "acc 042"));
}

static ROWS_100K: LazyLock<Vec<AccountSummary>> = LazyLock::new(|| {
    (0..100_000)
        .map(|i| {
            let mut r = ROWS[i % ROWS.len()].clone();
            r.title = format!("{} {}", r.title, i / ROWS.len());
            r
        })
        .collect()
});

/// One keystroke over 100,000 search rows.
#[divan::bench(sample_count = 20)]
fn search_keystroke_100k(bencher: Bencher<'_, '_>) {
    let searcher = Searcher::default();
    bencher.bench(|| searcher.search(&ROWS_100K, "acc 042 pri"));
}

fn app() -> App {
    let index = Index::build(&VAULT.root, &Config::default());
    App::new(index, today(), "bench".into(), Keymap::default())
}

/// The dashboard on the 10,000-account vault with review points: every
/// account seen once before, as the dashboard records a vault without git
/// history (the state file in `dir`).
fn app_with_history(dir: &Path) -> App {
    let mut app = app();
    let mut state = acct::state::StateFile::open_in(dir, &VAULT.root).expect("a state file");
    let now = chrono::Utc::now().timestamp();
    acct::model::changes::record_first_sight(&mut state, &app.index, today(), now, false)
        .expect("first sight recorded");
    app.attach_history(acct::tui::app::History::new(
        Config::default(),
        Some(state),
        None,
    ));
    app
}

/// Counting what is new since review in every account of the 10,000-account
/// vault with review points, on one thread: what the dashboard counts on all
/// cores beside the index when it starts (docs/performance.md, "Since last review").
#[divan::bench(sample_count = 10)]
fn new_since_review_every_account_10k(bencher: Bencher<'_, '_>) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut state = acct::state::StateFile::open_in(dir.path(), &VAULT.root).expect("a state file");
    let now = chrono::Utc::now().timestamp();
    acct::model::changes::record_first_sight(&mut state, &INDEX, today(), now, false)
        .expect("first sight recorded");
    let (config, cache) = (Config::default(), Default::default());
    let sources =
        acct::model::changes::Sources::new(&INDEX, &config, today(), Some(&state), None, &cache);
    let accounts: Vec<String> = INDEX.accounts().map(|n| n.path.clone()).collect();
    bencher.bench_local(|| accounts.iter().map(|p| sources.new_count(p)).sum::<usize>());
}

/// Recording a review point from the dashboard (`r`) on the 10,000-account
/// vault: the state file read, merged and written, and what is new counted
/// again in the accounts whose review point changed.
#[divan::bench(sample_count = 20)]
fn review_keypress_10k(bencher: Bencher<'_, '_>) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut app = app_with_history(dir.path());
    let path = synth::account_path(42);
    bencher.bench_local(|| app.record_review(&path).expect("a review point"));
}

/// A new meeting note arriving from the watcher (not an edit of a note the
/// index holds: names may change) on the 10,000-account vault with review
/// points: the batch applied to the index, and the rows and counts of what is
/// new of the accounts it can change computed again.
#[divan::bench(sample_count = 20)]
fn new_note_applied_10k(bencher: Bencher<'_, '_>) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut app = app_with_history(dir.path());
    let mut n = 0;
    bencher.bench_local(|| {
        n += 1;
        let path = format!("Meetings/Arrived {n}.md");
        let text = synth::meeting_note(10_000 + n, 10_000);
        let note = acct::note::parse(&path, text.as_bytes(), &app.index.settings.statuses);
        app.apply_changes(vec![acct::index::change::Update::Note(Box::new(note))])
    });
}

/// The very first frame, drawn before the vault is read.
#[divan::bench]
fn first_frame(bencher: Bencher<'_, '_>) {
    bencher.bench_local(|| {
        let app = App::new(Index::default(), today(), "bench".into(), Keymap::default());
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal
            .draw(|f| {
                view::draw(f, &app, &Theme::dark());
            })
            .unwrap();
    });
}

/// A full frame at 120x40 on the 10,000-account vault.
#[divan::bench(sample_count = 50)]
fn full_frame_120x40(bencher: Bencher<'_, '_>) {
    let app = app();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    bencher.bench_local(|| {
        terminal
            .draw(|f| {
                view::draw(f, &app, &Theme::dark());
            })
            .unwrap()
            .area
    });
}

/// A keypress (move down: a new dashboard is built) and the redraw.
#[divan::bench(sample_count = 50)]
fn keypress_and_redraw(bencher: Bencher<'_, '_>) {
    bench_keypresses(bencher, app());
}

static VAULT_50K: LazyLock<Vault> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temp dir");
    synth::write_vault(dir.path(), 33_000, 17_000).expect("write the vault");
    let root = dir.path().to_path_buf();
    Vault { _dir: dir, root }
});

/// A keypress redrawn on a 50,000-note vault (target: docs/performance.md).
#[divan::bench(sample_count = 50)]
fn keypress_and_redraw_50k_notes(bencher: Bencher<'_, '_>) {
    let index = Index::build(&VAULT_50K.root, &Config::default());
    assert_eq!(index.len(), 50_000);
    bench_keypresses(
        bencher,
        App::new(index, today(), "bench".into(), Keymap::default()),
    );
}

/// Alternates j and k, each followed by a full redraw at 120x40.
fn bench_keypresses(bencher: Bencher<'_, '_>, mut app: App) {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut down = true;
    bencher.bench_local(|| {
        let code = if down {
            KeyCode::Char('j')
        } else {
            KeyCode::Char('k')
        };
        down = !down;
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        let mut drawn = Default::default();
        let area = terminal
            .draw(|f| drawn = view::draw(f, &app, &Theme::dark()))
            .unwrap()
            .area;
        app.drawn = drawn;
        area
    });
}

/// A vault of one account whose blockers are 40,000 items (a pasted log), and
/// one of an account with 40,000 open tasks: the panes lay out only what they
/// show.
static HUGE_BLOCKERS: LazyLock<Vault> = LazyLock::new(|| {
    huge_account("## Current Blockers\n\n", |b| {
        format!(
            "- ❌ Blocker {b} waits on the storage migration of region {}\n",
            b % 50
        )
    })
});

static HUGE_TASKS: LazyLock<Vault> = LazyLock::new(|| {
    huge_account("## Open Tasks\n\n", |t| {
        format!(
            "- [ ] Follow up on item {t} of the migration 📅 2026-{:02}-{:02}\n",
            1 + t % 12,
            1 + t % 28
        )
    })
});

/// A vault of one account whose section `heading` starts with 40,000 lines.
fn huge_account(heading: &str, line: impl Fn(usize) -> String) -> Vault {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut lines = heading.to_string();
    for n in 0..40_000 {
        lines.push_str(&line(n));
    }
    let note = synth::account_note(7, 0).replacen(heading, &lines, 1);
    let path = dir.path().join(synth::account_path(7));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, note).unwrap();
    let root = dir.path().to_path_buf();
    Vault { _dir: dir, root }
}

/// A keypress in a pane of 40,000 blockers or tasks (the cursor one row down
/// or up, near the pane's top or near its end) and the redraw at 120x40.
#[divan::bench(
    sample_count = 30,
    args = ["blockers, top", "blockers, end", "tasks, top", "tasks, end"]
)]
fn keypress_in_a_pane_of_40000_items(bencher: Bencher<'_, '_>, case: &str) {
    use acct::tui::app::Pane;
    let (pane, at) = case.split_once(", ").unwrap();
    let vault = if pane == "tasks" {
        &HUGE_TASKS
    } else {
        &HUGE_BLOCKERS
    };
    let index = Index::build(&vault.root, &Config::default());
    let mut app = App::new(index, today(), "bench".into(), Keymap::default());
    let d = app.dashboard.as_ref().expect("the account's dashboard");
    let (pane, rows) = if pane == "tasks" {
        (Pane::Tasks, d.open_tasks.len())
    } else {
        (Pane::Blockers, d.blockers.len())
    };
    assert!(rows > 30_000, "{rows} rows");
    let start = if at == "top" { 1 } else { rows - 2 };
    app.focus = pane;
    app.item_cursors.insert(pane, start);
    app.task_cursor = start;
    bench_keypresses(bencher, app);
}

/// A keypress in the problems view of the 10,000-account vault (7,776 account
/// warnings; the selection one down or up, in the middle of the list) and the
/// redraw at 120x40.
#[divan::bench(sample_count = 30)]
fn keypress_in_the_problems_view_10k(bencher: Bencher<'_, '_>) {
    let mut app = app();
    app.handle_key(KeyEvent::new(KeyCode::Char('!'), KeyModifiers::NONE));
    let count = app.problems.len();
    assert!(count > 5_000, "{count} problems");
    for _ in 0..count / 2 {
        app.handle_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    }
    bench_keypresses(bencher, app);
}

/// An account whose recent context is 20,000 lines, each its own: the
/// dashboard built when it is selected (each line was compared with every one
/// listed before it: 13.7 s).
#[divan::bench(sample_count = 10)]
fn dashboard_of_20000_context_lines(bencher: Bencher<'_, '_>) {
    let vault = huge_account("## Recent Context\n\n", |i| {
        format!("- 2026-10-01: [[Meeting {i}]] - Call number {i} about the rollout\n")
    });
    let index = Index::build(&vault.root, &Config::default());
    let path = synth::account_path(7);
    bencher.bench_local(|| {
        let d = dashboard::build(&index, &path, today()).expect("the account's dashboard");
        assert!(d.recent_context.len() >= 20_000);
        d
    });
}
