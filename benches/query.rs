//! Query blocks on the generated vault of 10,000 account notes (each with a
//! `LIST … WHERE contains(file.outlinks, this.file.link)` block and a
//! `TASK FROM ""` block) and 5,000 meeting notes: every block evaluated and
//! written as `acct query --json` does, and one account's blocks
//! (targets in docs/performance.md; figures in BENCHMARKS.md, "Query blocks").
//!
//! `cargo bench --bench query`.

// The allocator the `acct` binary uses (src/main.rs), so the figures are the
// ones a person running `acct` gets.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::sync::LazyLock;

use acct::config::Config;
use acct::index::Index;
use acct::model::query::Session;
use acct::tui::app::App;
use acct::tui::keymap::Keymap;
use acct::tui::view;
use acct::tui::view::theme::Theme;
use chrono::NaiveDate;
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

fn main() {
    let index = &*INDEX;
    let blocks: usize = index
        .notes()
        .map(|n| {
            n.queries()
                .filter(|b| b.lang == "tasks" || b.lang == "dataview")
                .count()
        })
        .sum();
    let tasks: usize = index.notes().map(|n| n.tasks.len()).sum();
    eprintln!(
        "vault: {} notes, {blocks} query blocks, {tasks} tasks",
        index.len()
    );
    // The machine may be shared: the CPU time the work itself took, besides
    // divan's wall-clock figures.
    eprintln!(
        "CPU time of every thread, median of 20: one account's blocks {:.1} ms; every block as JSON {:.1} ms",
        cpu_ms(20, one_account_blocks),
        cpu_ms(20, every_block_json_10k)
    );
    divan::main();
}

/// The median CPU time of the process (every thread: the large passes run on
/// both cores) over `runs` calls of `f`, in ms.
fn cpu_ms(runs: usize, f: fn() -> usize) -> f64 {
    let now = || {
        // SAFETY: getrusage fills the struct it is given.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
        let t = |v: libc::timeval| v.tv_sec as f64 * 1e3 + v.tv_usec as f64 / 1e3;
        t(u.ru_utime) + t(u.ru_stime)
    };
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = now();
            divan::black_box(f());
            now() - start
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

/// Every block of the vault, evaluated and written as JSON Lines, as
/// `acct query --json` does (the index already built).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn every_block_json_10k() -> usize {
    let mut out = CountingSink(0);
    acct::cli::query::run(&INDEX, today(), None, None, true, &mut out).expect("the query runs");
    out.0
}

/// `acct --vault DIR query --json > /dev/null` as a person runs it: reading
/// the vault, evaluating every block, writing every line.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn acct_query_json_binary() -> bool {
    std::process::Command::new(env!("CARGO_BIN_EXE_acct"))
        .arg("--vault")
        .arg(&VAULT.root)
        .args(["query", "--json"])
        .env("ACCT_CONFIG", VAULT.root.join("no-such-config.toml"))
        .env("ACCT_TODAY", "2026-11-24")
        .env_remove("ACCT_VAULT")
        .stdout(std::process::Stdio::null())
        .status()
        .expect("acct runs")
        .success()
}

/// One account note's blocks when the session already holds the answers an
/// earlier account's `v` shared (the vault-wide `TASK FROM ""`): what `v` on
/// the next account pays while the index is unchanged.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn one_account_blocks_after_another(bencher: divan::Bencher<'_, '_>) {
    let first = INDEX
        .note(&synth::account_path(41))
        .expect("account 41 exists");
    let note = INDEX
        .note(&synth::account_path(42))
        .expect("account 42 exists");
    let mut session = Session::new(&INDEX, today());
    session.note_blocks(first);
    let mut answers = Some(session.into_answers());
    bencher.bench_local(|| {
        let mut session = Session::with_answers(&INDEX, today(), answers.take().unwrap());
        let n: usize = session
            .note_blocks(note)
            .iter()
            .map(|b| b.result.tasks.len() + b.result.rows.len())
            .sum();
        answers = Some(session.into_answers());
        n
    });
}

/// One account note's blocks in a fresh session: what the dashboard's first `v` pays.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn one_account_blocks() -> usize {
    let note = INDEX
        .note(&synth::account_path(42))
        .expect("account 42 exists");
    let mut session = Session::new(&INDEX, today());
    session
        .note_blocks(note)
        .iter()
        .map(|b| b.result.tasks.len() + b.result.rows.len())
        .sum()
}

fn frame(app: &mut App, term: &mut Terminal<TestBackend>, theme: &Theme) {
    let mut drawn = Default::default();
    term.draw(|f| drawn = view::draw(f, app, theme)).unwrap();
    app.drawn = drawn;
}

/// The first `v` on the dashboard: the account note's blocks evaluated in a
/// fresh session (its `TASK FROM ""` answers with 40,000 tasks) and the view's
/// first frame at 120×40. Each sample starts from a new index (not timed).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn v_opens_the_blocks_view(bencher: divan::Bencher<'_, '_>) {
    let theme = Theme::pick(Some("dark"), true);
    bencher
        .with_inputs(|| {
            let index = Index::build(&VAULT.root, &Config::default());
            let mut app = App::new(index, today(), "bench".into(), Keymap::default());
            let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
            frame(&mut app, &mut term, &theme);
            (app, term)
        })
        .bench_local_values(|(mut app, mut term)| {
            app.handle_key(KeyEvent::new(KeyCode::Char('v'), KeyModifiers::NONE));
            frame(&mut app, &mut term, &theme);
            (app, term)
        });
}

/// `v` on the next account while the index is unchanged: the vault-wide
/// answers kept from the last `v`, and the frame.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn v_on_the_next_account(bencher: divan::Bencher<'_, '_>) {
    let index = Index::build(&VAULT.root, &Config::default());
    let mut app = App::new(index, today(), "bench".into(), Keymap::default());
    let theme = Theme::pick(Some("dark"), true);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    frame(&mut app, &mut term, &theme);
    app.handle_key(KeyEvent::new(KeyCode::Char('v'), KeyModifiers::NONE));
    app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    bencher.bench_local(|| {
        app.handle_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
        app.handle_key(KeyEvent::new(KeyCode::Char('v'), KeyModifiers::NONE));
        frame(&mut app, &mut term, &theme);
        app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    });
}

/// A keypress in the open view on the same block (one line down, and the frame).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn scroll_in_the_blocks_view(bencher: divan::Bencher<'_, '_>) {
    let index = Index::build(&VAULT.root, &Config::default());
    let mut app = App::new(index, today(), "bench".into(), Keymap::default());
    let theme = Theme::pick(Some("dark"), true);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    frame(&mut app, &mut term, &theme);
    // The second block is the `TASK FROM ""` one.
    app.handle_key(KeyEvent::new(KeyCode::Char('v'), KeyModifiers::NONE));
    app.handle_key(KeyEvent::new(KeyCode::Char(']'), KeyModifiers::NONE));
    frame(&mut app, &mut term, &theme);
    bencher.bench_local(|| {
        app.handle_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
        frame(&mut app, &mut term, &theme);
    });
}

/// Bytes written, kept (so the output is not optimised away), not stored.
struct CountingSink(usize);

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
