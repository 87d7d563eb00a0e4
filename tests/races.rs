//! Races between acct's writes and other writers of the same note: an editor
//! saving in place, an editor saving by rename, and a second acct process.
//! README promises acct "refuses to write if the note changed since it was
//! read"; these trials hold it to that when the change lands mid-write. Each
//! harness is bounded in trials and time.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use acct::edit::write::{WriteError, is_temp_name, write_if_unchanged};

const READ: &[u8] = b"---\nstatus: active\ntags: [needs-review]\n---\n# Ferrovia Logistics\n";
const ACCT: &[u8] = b"---\nstatus: paused\ntags: [needs-review]\n---\n# Ferrovia Logistics\n";

#[derive(Clone, Copy, Debug)]
enum Writer {
    /// Truncates and rewrites the file itself (many editors and scripts).
    InPlace,
    /// Writes a new file and renames it over the note (Vim, Obsidian, VS Code).
    ByRename,
}

impl Writer {
    fn save(self, path: &Path, bytes: &[u8], gap: Duration) {
        match self {
            Writer::InPlace => {
                let mut f = OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .open(path)
                    .unwrap();
                spin(gap);
                f.write_all(bytes).unwrap();
            }
            Writer::ByRename => {
                let tmp = path.with_extension("md.swp");
                fs::write(&tmp, bytes).unwrap();
                spin(gap);
                fs::rename(&tmp, path).unwrap();
            }
        }
    }
}

/// Busy-waits (a sleep is far coarser than the windows being raced).
fn spin(d: Duration) {
    let end = Instant::now() + d;
    while Instant::now() < end {
        std::hint::spin_loop();
    }
}

/// A small deterministic generator, so a failing trial can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "Ferrovia.md")
        .collect()
}

/// How long one uncontended write takes here, to aim the other writer into it.
fn write_time(dir: &Path) -> Duration {
    let path = dir.join("Ferrovia.md");
    let mut total = Duration::ZERO;
    for _ in 0..20 {
        fs::write(&path, READ).unwrap();
        let start = Instant::now();
        write_if_unchanged(&path, READ, ACCT).unwrap();
        total += start.elapsed();
    }
    total / 20
}

/// One trial: acct writes while `writer` saves its own version at a random
/// moment around it. The other program's save must never be lost: whatever
/// acct reports, the note ends with the other program's bytes (acct either
/// refused, or wrote before the save replaced its version).
fn trial(dir: &Path, writer: Writer, offset: Duration, gap: Duration, n: usize) -> String {
    let path = dir.join("Ferrovia.md");
    fs::write(&path, READ).unwrap();
    let theirs = format!(
        "---\nstatus: churned\n---\n# Ferrovia Logistics\nsaved by the editor, trial {n}\n"
    );
    let barrier = Arc::new(Barrier::new(2));
    let other = {
        let (barrier, path, theirs) = (barrier.clone(), path.clone(), theirs.clone());
        std::thread::spawn(move || {
            barrier.wait();
            spin(offset);
            writer.save(&path, theirs.as_bytes(), gap);
        })
    };
    barrier.wait();
    let result = write_if_unchanged(&path, READ, ACCT);
    other.join().unwrap();
    let last = fs::read_to_string(&path).unwrap();
    assert_eq!(
        last, theirs,
        "trial {n} ({writer:?}, offset {offset:?}, gap {gap:?}): the other program's save was \
         lost; acct said {result:?}"
    );
    if let Err(e) = &result {
        assert!(
            matches!(
                e,
                WriteError::Conflict { .. }
                    | WriteError::Displaced { .. }
                    | WriteError::KeptAside { .. }
            ),
            "trial {n}: unexpected error {e}"
        );
    }
    // Nothing of acct's is left in the folder, except a copy it said it kept.
    for name in leftovers(dir) {
        let kept =
            matches!(&result, Err(WriteError::KeptAside { kept, .. }) if kept.ends_with(&name));
        assert!(
            kept || name.ends_with(".swp"),
            "trial {n}: {name} left behind"
        );
        if is_temp_name(&name) {
            fs::remove_file(dir.join(&name)).unwrap();
        }
    }
    match result {
        Ok(()) => "written".into(),
        Err(e) => format!("{e:?}").split_whitespace().next().unwrap().into(),
    }
}

fn harness(writer: Writer, trials: usize, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let took = write_time(dir.path());
    let span = (took.as_micros() as u64 * 3 / 2).max(50);
    let mut rng = Lcg(seed);
    let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    for n in 0..trials {
        let offset = Duration::from_micros(rng.below(span));
        let gap = Duration::from_micros(rng.below(span / 4 + 1));
        *outcomes
            .entry(trial(dir.path(), writer, offset, gap, n))
            .or_default() += 1;
        assert!(Instant::now() < deadline, "the harness is bounded in time");
    }
    eprintln!("{writer:?}: one write takes {took:?}; outcomes {outcomes:?}");
    // The trials really raced: some saves landed before acct's read (refused),
    // some after (written).
    assert!(
        outcomes.get("written").copied().unwrap_or(0) > 0,
        "{outcomes:?}"
    );
    assert!(outcomes.keys().any(|k| k != "written"), "{outcomes:?}");
}

#[test]
fn a_save_in_place_during_a_write_is_never_lost() {
    harness(Writer::InPlace, 600, 7);
}

#[test]
fn a_save_by_rename_during_a_write_is_never_lost() {
    harness(Writer::ByRename, 600, 11);
}

fn acct(vault: &Path, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_acct"))
        // acct's own state (review points) never goes to the real state folder.
        .env(
            "ACCT_STATE_DIR",
            std::env::temp_dir().join("acct-tests-state"),
        )
        .arg("--vault")
        .arg(vault)
        .args(args)
        .env("ACCT_TODAY", "2026-11-24")
        .env("ACCT_CONFIG", vault.join("no-such-config.toml"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

/// Two acct processes change one note at once (`review` and `set-status`): each
/// that exits 0 has its change on disk; one whose note changed under it exits 3.
#[test]
fn two_acct_processes_never_lose_each_others_change() {
    let vault = tempfile::tempdir().unwrap();
    fs::create_dir(vault.path().join(".obsidian")).unwrap();
    let note: PathBuf = vault.path().join("Ferrovia.md");
    let original =
        "---\ntype: customer\nstatus: active\ntags:\n  - needs-review\n---\n# Ferrovia Logistics\n";
    let mut both = 0;
    let deadline = Instant::now() + Duration::from_secs(90);
    let runs = 150;
    for run in 0..runs {
        fs::write(&note, original).unwrap();
        let mut review = acct(vault.path(), &["review", "Ferrovia"]);
        let mut status = acct(vault.path(), &["set-status", "Ferrovia", "paused"]);
        let reviewed = review.wait().unwrap().code();
        let paused = status.wait().unwrap().code();
        let last = fs::read_to_string(&note).unwrap();
        for (code, what, present) in [
            (reviewed, "review", !last.contains("needs-review")),
            (paused, "set-status", last.contains("status: paused")),
        ] {
            match code {
                Some(0) => assert!(
                    present,
                    "run {run}: {what} exited 0 but its change is gone:\n{last}"
                ),
                Some(3) => {}
                other => panic!("run {run}: {what} exited {other:?}"),
            }
        }
        if reviewed == Some(0) && paused == Some(0) {
            both += 1;
        }
        assert!(
            leftovers(vault.path()).iter().all(|n| n == ".obsidian"),
            "run {run}: files left behind: {:?}",
            leftovers(vault.path())
        );
        assert!(Instant::now() < deadline, "bounded in time");
    }
    eprintln!("{runs} runs; both changes written in {both}");
}

/// acct killed at random moments while writing: the note is always whole (the
/// old bytes or the new), and the temporary files the killed processes leave
/// are removed by the next acct that writes there.
#[test]
fn a_killed_write_never_truncates_and_its_leftovers_are_cleaned() {
    let vault = tempfile::tempdir().unwrap();
    fs::create_dir(vault.path().join(".obsidian")).unwrap();
    let note = vault.path().join("Ferrovia.md");
    let active = "---\ntype: customer\nstatus: active\n---\n# Ferrovia Logistics\n".to_string();
    let paused = active.replace("status: active", "status: paused");
    let mut rng = Lcg(3);
    for _ in 0..60 {
        let now = fs::read_to_string(&note).unwrap_or_default();
        let next = if now.contains("active") {
            "paused"
        } else {
            "active"
        };
        if now.is_empty() {
            fs::write(&note, &active).unwrap();
        }
        let mut child = acct(vault.path(), &["set-status", "Ferrovia", next]);
        std::thread::sleep(Duration::from_micros(rng.below(30_000)));
        let _ = child.kill();
        let _ = child.wait();
        let last = fs::read_to_string(&note).unwrap();
        assert!(
            last == active || last == paused,
            "a note was left half written:\n{last}"
        );
    }
    let left = leftovers(vault.path());
    eprintln!("left by killed writes: {left:?}");
    // One more, as a kill between writing the temporary file and replacing the
    // note leaves it (its process id is above the kernel's limit: never running).
    fs::write(vault.path().join(".acct-4194305-00c0ffee.tmp"), &paused).unwrap();
    let now = fs::read_to_string(&note).unwrap();
    let next = if now.contains("active") {
        "paused"
    } else {
        "active"
    };
    let mut child = acct(vault.path(), &["set-status", "Ferrovia", next]);
    assert_eq!(child.wait().unwrap().code(), Some(0));
    let temps: Vec<_> = leftovers(vault.path())
        .into_iter()
        .filter(|n| is_temp_name(n))
        .collect();
    assert!(temps.is_empty(), "stale temporary files remain: {temps:?}");
}

#[path = "../benches/support/synth.rs"]
mod synth;

/// acct on `vault` with `args`, its caches (and state) under `cache`.
fn cached(vault: &Path, cache: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_acct"));
    command
        .arg("--vault")
        .arg(vault)
        .args(args)
        .env("XDG_CACHE_HOME", cache)
        .env("ACCT_STATE_DIR", cache.join("state"))
        .env("ACCT_TODAY", "2026-11-24")
        .env("ACCT_CONFIG", vault.join("no-such-config.toml"));
    command
}

/// `acct list --json` (after `extra`) on `vault`, started.
fn listed(vault: &Path, cache: &Path, extra: &[&str]) -> std::process::Child {
    cached(vault, cache, extra)
        .args(["list", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

fn output_of(child: std::process::Child) -> String {
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Four acct processes start at once on a vault none of them has a cache of,
/// and again after a note changed: each writes the parse cache and the kept
/// account list as it reads, at the same time as the others. Every one lists
/// what a read without caches lists, the caches left behind agree with a fresh
/// parse, and no temporary file is left.
#[test]
fn acct_processes_starting_together_each_leave_whole_caches() {
    let vault = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    synth::write_vault(vault.path(), 1_200, 600).unwrap();
    // Older than the second of any read: every note is kept in the cache.
    std::thread::sleep(Duration::from_millis(1_100));
    for round in 0..2 {
        let fresh = output_of(listed(vault.path(), cache.path(), &["--no-cache"]));
        let starts: Vec<_> = (0..4)
            .map(|_| listed(vault.path(), cache.path(), &[]))
            .collect();
        for (i, start) in starts.into_iter().enumerate() {
            assert!(
                output_of(start) == fresh,
                "round {round}: start {i} listed other accounts than a read without caches"
            );
        }
        // A start after them is served by what they left, and lists the same.
        assert!(output_of(listed(vault.path(), cache.path(), &[])) == fresh);
        let check = cached(vault.path(), cache.path(), &["check", "--verify-cache"])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&check.stdout);
        // Every note in the first round; after the edits, the starts that
        // brought the kept list up to date read the edited notes without
        // rewriting the parse cache (docs/performance.md), which then holds the
        // rest — and whatever it holds agrees.
        let whole = "agrees with a fresh parse of all 1800 notes";
        assert!(
            said.contains(if round == 0 {
                whole
            } else {
                "agrees with a fresh parse of all"
            }),
            "round {round}: {said}"
        );
        assert!(
            said.contains("The kept account list (kept whole) agrees with the"),
            "round {round}: {said}"
        );
        let left: Vec<String> = walkdir::WalkDir::new(cache.path())
            .into_iter()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "round {round}: left behind: {left:?}");
        if round == 1 {
            break;
        }
        // A tenth of the accounts edited: the next round's starts read them again.
        for i in (0..1_200).step_by(10) {
            let path = vault.path().join(synth::account_path(i));
            let text = fs::read_to_string(&path).unwrap();
            fs::write(
                &path,
                text.replace("status: ", "status: churned\nold_status: "),
            )
            .unwrap();
        }
        std::thread::sleep(Duration::from_millis(1_100));
    }
}
