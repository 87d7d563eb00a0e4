//! Query blocks on the generated vault of 10,000 account notes (each with a
//! `LIST … WHERE contains(file.outlinks, this.file.link)` block and a
//! `TASK FROM ""` block) and 5,000 meeting notes: every block evaluated and
//! written as `acct query --json` does, and one account's blocks
//! (targets in docs/performance.md; figures in BENCHMARKS.md, "Query blocks").
//!
//! `cargo bench --bench query`.

#[path = "support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::sync::LazyLock;

use acct::config::Config;
use acct::index::Index;
use acct::model::query::Session;
use chrono::NaiveDate;

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
        "CPU time, median of 20: one account's blocks {:.1} ms; every block as JSON {:.1} ms",
        cpu_ms(20, one_account_blocks),
        cpu_ms(20, every_block_json_10k)
    );
    divan::main();
}

/// The median CPU time of this thread over `runs` calls of `f`, in ms.
fn cpu_ms(runs: usize, f: fn() -> usize) -> f64 {
    let now = || {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid timespec for the call to fill.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        t.tv_sec as f64 * 1e3 + t.tv_nsec as f64 / 1e6
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

/// One account note's blocks in a fresh session: what the dashboard's `v` pays.
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
