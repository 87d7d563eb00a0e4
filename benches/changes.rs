//! Since last review: `acct changes` on a git vault of 1,000 commits, the
//! changes view opened a second time, and a state file of 10,000 review points
//! (targets in docs/performance.md).
//!
//! `cargo bench --bench changes`; figures go to BENCHMARKS.md. Needs git.

#[path = "support/synth.rs"]
mod synth;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;

use acct::config::Config;
use acct::git::Repo;
use acct::index::Index;
use acct::model::changes::{HistoryCache, SinceArg, Sources};
use acct::state::{Packed, Point, StateFile};
use chrono::NaiveDate;
use divan::Bencher;

const ACCOUNTS: usize = 500;
const MEETINGS: usize = 250;
const COMMITS: usize = 1_000;
/// Account 0's note is rewritten by every 26th commit (38 of them), as a busy
/// account is by a nightly pipeline.
const EVERY: usize = 26;

struct GitVault {
    _dir: tempfile::TempDir,
    root: PathBuf,
    state: PathBuf,
}

/// A vault whose history is one commit of every note, then 999 commits that each
/// rewrite one account note, one a day-hour apart over the last 40 days.
static VAULT: LazyLock<GitVault> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("vault");
    synth::write_vault(&root, ACCOUNTS, MEETINGS).unwrap();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .arg("-C")
            .arg(&root)
            .args(args)
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "-A"]);
    let now = chrono::Utc::now().timestamp();
    let start = now - 40 * 86_400;
    let step = 40 * 86_400 / COMMITS as i64;
    let first = Command::new("git")
        .arg("-C")
        .arg(&root)
        .args([
            "-c",
            "user.name=p",
            "-c",
            "user.email=p@x",
            "commit",
            "-qm",
            "[auto] import",
        ])
        .env("GIT_COMMITTER_DATE", format!("@{start} +0000"))
        .env("GIT_AUTHOR_DATE", format!("@{start} +0000"))
        .output()
        .unwrap();
    assert!(first.status.success());
    let mut stream = String::new();
    for c in 1..COMMITS {
        let account = if c % EVERY == 0 {
            0
        } else {
            1 + c % (ACCOUNTS - 1)
        };
        let body = synth::account_note(account, c);
        let at = start + c as i64 * step;
        let msg = format!("[auto] pipeline run {c}");
        stream.push_str(&format!(
            "commit refs/heads/main\ncommitter Pipeline <p@x> {at} +0000\ndata {}\n{msg}\n",
            msg.len()
        ));
        if c == 1 {
            stream.push_str("from refs/heads/main^0\n");
        }
        stream.push_str(&format!(
            "M 100644 inline {}\ndata {}\n{body}\n",
            synth::account_path(account),
            body.len()
        ));
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    git(&["reset", "-q", "--hard", "main"]);
    let state = dir.path().join("state");
    GitVault {
        root,
        state,
        _dir: dir,
    }
});

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// What `acct changes ACCOUNT` does after reading the vault: open the state and
/// the repository, take the account as it was 7 days ago from history, compare,
/// and blame the lines that are new.
#[divan::bench(sample_count = 10)]
fn changes_account_1000_commits(bencher: Bencher) {
    let v = &*VAULT;
    let config = Config::default();
    let index = Index::build(&v.root, &config);
    let path = synth::account_path(0);
    bencher.bench_local(|| {
        let state = StateFile::open_in(&v.state, &v.root).unwrap();
        let repo = Repo::open(&v.root);
        let cache = HistoryCache::default();
        let mut sources = Sources::new(
            &index,
            &config,
            today(),
            Some(&state),
            repo.as_ref(),
            &cache,
        );
        sources.narrow = true;
        let c = sources.changes(&path, &SinceArg::Reviewed).unwrap();
        assert!(!c.added.is_empty());
        c
    });
}

/// The same with the vault read too: the whole command but its output.
#[divan::bench(sample_count = 5)]
fn changes_command_with_index_build(bencher: Bencher) {
    let v = &*VAULT;
    let config = Config::default();
    let path = synth::account_path(0);
    bencher.bench_local(|| {
        let index = Index::build(&v.root, &config);
        let state = StateFile::open_in(&v.state, &v.root).unwrap();
        let repo = Repo::open(&v.root);
        let cache = HistoryCache::default();
        let mut sources = Sources::new(
            &index,
            &config,
            today(),
            Some(&state),
            repo.as_ref(),
            &cache,
        );
        sources.narrow = true;
        sources.changes(&path, &SinceArg::Reviewed).unwrap()
    });
}

/// The changes view opened again: history and blame come from the caches.
#[divan::bench(sample_count = 20)]
fn changes_view_second_open(bencher: Bencher) {
    let v = &*VAULT;
    let config = Config::default();
    let index = Index::build(&v.root, &config);
    let state = StateFile::open_in(&v.state, &v.root).unwrap();
    let repo = Repo::open(&v.root);
    let cache = HistoryCache::default();
    let path = synth::account_path(0);
    let sources = Sources::new(
        &index,
        &config,
        today(),
        Some(&state),
        repo.as_ref(),
        &cache,
    );
    sources.changes(&path, &SinceArg::Reviewed).unwrap();
    bencher.bench_local(|| sources.changes(&path, &SinceArg::Reviewed).unwrap());
}

/// A state file with review points of 10,000 accounts of 40 items and 10
/// related notes each.
static BIG_STATE: LazyLock<(tempfile::TempDir, u64)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let mut state = StateFile::open_in(dir.path(), Path::new("/vault")).unwrap();
    for i in 0..10_000u32 {
        let items: Vec<u32> = (0..40).map(|k| i.wrapping_mul(2_654_435_761) ^ k).collect();
        let notes: Vec<u32> = (0..10).map(|k| i.wrapping_mul(40_503) ^ k).collect();
        state.state.reviews.insert(
            synth::account_path(i as usize),
            Point {
                at: 1_764_000_000 + i64::from(i),
                items: Packed::pack(&items),
                notes: Packed::pack(&notes),
            },
        );
    }
    state.save(1_764_000_000).unwrap();
    let size = std::fs::metadata(state.path()).unwrap().len();
    println!("state file of 10,000 review points: {size} bytes");
    (dir, size)
});

#[divan::bench(sample_count = 20)]
fn state_file_10k_load(bencher: Bencher) {
    let (dir, size) = &*BIG_STATE;
    assert!(*size < 5 * 1024 * 1024, "{size} bytes");
    bencher.bench_local(|| StateFile::open_in(dir.path(), Path::new("/vault")).unwrap());
}

fn main() {
    divan::main();
}
