//! The task inbox on the generated vault of 10,000 accounts and 5,000 meeting
//! notes plus a pipeline note of 4 proposed, paraphrased tasks per account
//! (`benches/support/synth.rs`), and one account with 200 proposed tasks in 20
//! meeting notes for the bulk actions. Targets in docs/performance.md.
//!
//! `cargo bench --bench inbox`; figures go to BENCHMARKS.md. The writes are
//! timed with a plain clock (each is undone, untimed, before the next), the
//! rest with divan.

#[path = "support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use acct::config::Config;
use acct::index::Index;
use acct::model::inbox::{self, Scope};
use acct::tui::app::{App, Effect, Inbox};
use acct::tui::keymap::Keymap;
use acct::tui::view;
use acct::tui::view::theme::Theme;
use acct::tui::writes::Writes;
use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const ACCOUNTS: usize = 10_000;
const MEETINGS: usize = 5_000;
const PROPOSED_PER_ACCOUNT: usize = 4;
const BULK: &str = "Customers/Bulk Freight/README.md";

struct Vault {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

static VAULT: LazyLock<Vault> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = dir.path().to_path_buf();
    synth::write_vault_with_proposals(&root, ACCOUNTS, MEETINGS, PROPOSED_PER_ACCOUNT)
        .expect("write the vault");
    write_bulk_account(&root);
    Vault { _dir: dir, root }
});

static INDEX: LazyLock<Index> = LazyLock::new(|| Index::build(&VAULT.root, &Config::default()));

/// An account with 200 proposed tasks in 20 meeting notes: 40 actions, each
/// written five times in other words.
fn write_bulk_account(root: &std::path::Path) {
    let folder = root.join("Customers/Bulk Freight");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("README.md"),
        "---\ntype: customer\ntitle: Bulk Freight\nstatus: active\n---\n# Bulk Freight\n",
    )
    .unwrap();
    let settings = root.join(".obsidian/plugins/obsidian-tasks-plugin");
    std::fs::create_dir_all(&settings).unwrap();
    std::fs::write(
        settings.join("data.json"),
        r#"{"statusSettings":{"coreStatuses":[{"symbol":" ","name":"Todo","type":"TODO"},{"symbol":"x","name":"Done","type":"DONE"}],"customStatuses":[{"symbol":"?","name":"Proposed","type":"TODO"},{"symbol":"R","name":"Rejected","type":"CANCELLED"}]}}"#,
    )
    .unwrap();
    for n in 0..20 {
        let mut s = format!(
            "---\ntype: meeting\ndate: 2026-10-{:02}\naccount: \"[[Bulk Freight]]\"\n---\n\n# Sync {n}\n\n## Action Items\n\n",
            n + 1
        );
        for k in 0..10 {
            let j = n * 10 + k;
            s.push_str(&synth::proposal(1000 + j % 40, j / 40));
        }
        std::fs::write(folder.join(format!("2026-10-{:02} Sync.md", n + 1)), s).unwrap();
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn key(app: &mut App, c: char) -> Option<Effect> {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn draw(app: &mut App, term: &mut Terminal<TestBackend>, theme: &Theme) {
    let mut drawn = Default::default();
    term.draw(|f| drawn = view::draw(f, app, theme)).unwrap();
    app.drawn = drawn;
}

fn main() {
    let index = &*INDEX;
    let tasks = inbox::collect(index, &Scope::All);
    let proposed = tasks.iter().filter(|t| t.proposed).count();
    let clusters: std::collections::HashSet<&str> = tasks.iter().map(|t| &*t.cluster).collect();
    eprintln!(
        "vault: {} notes; {} open tasks ({proposed} proposed) in {} clusters",
        index.len(),
        tasks.len(),
        clusters.len()
    );
    time_grouping_cpu();
    time_writes();
    time_keep_one_of_copies();
    divan::main();
}

/// CPU seconds this process has used (user + system), steadier than the wall
/// clock on a shared machine.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage fills the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

/// Grouping every open task, by wall clock and by CPU time.
fn time_grouping_cpu() {
    let mut runs: Vec<(f64, f64)> = (0..7)
        .map(|_| {
            let (t, c) = (Instant::now(), cpu_seconds());
            let n = inbox::collect(&INDEX, &Scope::All).len();
            assert!(n >= 50_000);
            (t.elapsed().as_secs_f64() * 1e3, (cpu_seconds() - c) * 1e3)
        })
        .collect();
    runs.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (wall, cpu) = runs[runs.len() / 2];
    eprintln!(
        "grouping every open task: median CPU {cpu:.0} ms (wall {wall:.0} ms in that run) over 2 threads"
    );
}

/// Grouping every open task of the vault: collect, normalise, block, cluster.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn group_every_open_task() -> usize {
    inbox::collect(&INDEX, &Scope::All).len()
}

/// Opening the vault-wide tasks view once the index is built (with the open
/// tasks computed beside it, as the dashboard's loading thread does), and its
/// first frame; closing it is timed too.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn open_vault_wide_tasks_view(bencher: divan::Bencher<'_, '_>) {
    let index = Index::build(&VAULT.root, &Config::default());
    let mut app = App::new(index, today(), "bench".into(), Keymap::default());
    // As the dashboard does once the index is built (on the loading thread).
    app.warm_inbox(inbox::collect(&app.index, &Scope::All));
    let theme = Theme::pick(Some("dark"), true);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    bencher.bench_local(|| {
        // T opens the selected account's tasks, A switches to every account's.
        key(&mut app, 'T');
        key(&mut app, 'A');
        draw(&mut app, &mut term, &theme);
        app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    });
}

/// Keep-one and a 200-task bulk dismiss across 20 notes: the key, the writes,
/// the index and view updated, and the frame drawn.
fn time_writes() {
    let index = Index::build(&VAULT.root, &Config::default());
    let mut app = App::new(index, today(), "bench".into(), Keymap::default());
    let theme = Theme::pick(Some("dark"), true);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut writes = Writes::default();
    let open = |app: &mut App| {
        let mut v = Inbox::new(&app.index, Scope::Account(BULK.into()));
        v.rebuild(&app.inbox_settings, today());
        app.inbox = Some(v);
    };
    let report = |name: &str, mut times: Vec<Duration>| {
        times.sort();
        eprintln!(
            "{name}: median {:.1} ms, slowest {:.1} ms ({} runs)",
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
            times.len()
        );
    };
    let mut bulk = Vec::new();
    let mut disk = Vec::new();
    let mut keep = Vec::new();
    for _ in 0..15 {
        open(&mut app);
        draw(&mut app, &mut term, &theme);
        let t = Instant::now();
        key(&mut app, '*');
        let effect = key(&mut app, 'd').expect("a bulk dismiss");
        let Effect::TaskBatch { edits, .. } = &effect else {
            unreachable!()
        };
        // The same writes alone, on a copy of the notes, for the share of the disk.
        let w = Instant::now();
        let outcome = acct::edit::batch::apply(&app.index, edits);
        disk.push(w.elapsed());
        for written in outcome.written.into_iter().rev() {
            written.undo.undo().unwrap();
        }
        let t = t + w.elapsed();
        writes.carry_out(effect, &mut app).unwrap();
        draw(&mut app, &mut term, &theme);
        bulk.push(t.elapsed());
        assert!(
            app.message
                .as_deref()
                .unwrap()
                .contains("200 tasks in 20 notes"),
            "{:?}",
            app.message
        );
        writes.carry_out(Effect::Undo, &mut app).unwrap();

        open(&mut app);
        draw(&mut app, &mut term, &theme);
        let t = Instant::now();
        let effect = key(&mut app, 'K').expect("a keep-one");
        writes.carry_out(effect, &mut app).unwrap();
        draw(&mut app, &mut term, &theme);
        keep.push(t.elapsed());
        writes.carry_out(Effect::Undo, &mut app).unwrap();
    }
    report(
        "bulk dismiss of 200 tasks in 20 notes, written and drawn",
        bulk,
    );
    report("keep one, written and drawn", keep);
    report(
        "of the bulk dismiss: the 20 notes' safe writes alone (lock, compare, fsync, exchange)",
        disk,
    );
}

/// Keep-one on a pipeline note that wrote one task 5,000 times: one group,
/// 4,999 dismissed in one note, written and drawn (each task's change read the
/// whole note again: 74 s from `acct tasks keep`), then undone.
fn time_keep_one_of_copies() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = dir.path();
    std::fs::write(
        root.join("Copies.md"),
        "---\ntype: customer\ntitle: Copies\nstatus: active\n---\n# Copies\n",
    )
    .unwrap();
    let mut note = String::from(
        "---\ntype: meeting\ndate: 2026-11-20\naccount: \"[[Copies]]\"\n---\n# Sync\n\n## Action Items\n\n",
    );
    for _ in 0..5000 {
        note.push_str("- [?] Send the pricing deck to the buyer @Ana #task #proposed #auto\n");
    }
    std::fs::write(root.join("2026-11-20 Sync.md"), &note).unwrap();
    let index = Index::build(root, &Config::default());
    let mut app = App::new(index, today(), "bench".into(), Keymap::default());
    let theme = Theme::pick(Some("dark"), true);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut writes = Writes::default();
    let mut times = Vec::new();
    for _ in 0..5 {
        let mut v = Inbox::new(&app.index, Scope::Account("Copies.md".into()));
        v.rebuild(&app.inbox_settings, today());
        app.inbox = Some(v);
        draw(&mut app, &mut term, &theme);
        let t = Instant::now();
        let effect = key(&mut app, 'K').expect("a keep-one");
        writes.carry_out(effect, &mut app).unwrap();
        draw(&mut app, &mut term, &theme);
        times.push(t.elapsed());
        let message = app.message.clone().unwrap_or_default();
        assert!(message.contains("5000 tasks in 1 note"), "{message}");
        writes.carry_out(Effect::Undo, &mut app).unwrap();
    }
    times.sort();
    eprintln!(
        "keep one of 5,000 copies in one note, written and drawn: median {:.1} ms, slowest {:.1} ms ({} runs)",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        times.len()
    );
}
