//! The parse cache (docs/performance.md): an unchanged note is taken from it, and
//! a cache that is damaged, of another version, or out of date with a note is
//! never trusted — the note is read again and the result is what a fresh read gives.

mod common;

use std::fs::File;
use std::path::Path;
use std::sync::atomic::Ordering::Relaxed;
use std::time::{Duration, SystemTime};

use acct::config::Config;
use acct::index::Index;
use acct::model::dashboard;
use acct::vault::cache::{self, FileKey, ParseCache, Record};
use acct::vault::{CacheMode, Progress, read_vault_cached};
use common::{set_mtime, settle};

const ACME: &str = "---\ntype: customer\nstatus: active\ntags:\n- needs-review\n---\n\n# Acme Rockets\n\n## Open Tasks\n\n- [ ] Send the rocket quote 📅 2026-03-01\n";
const BRAVO: &str = "---\ntype: customer\nstatus: paused\n---\n\n# Bravo Boats\n\n## Current Blockers\n\n- ❌ Waiting on the hull survey\n";
const MEETING: &str = "---\ndate: 2026-02-02\naccount: \"[[Acme Rockets]]\"\n---\n\n# Sync\n\n- [ ] Book the launch review\n";

struct Setup {
    vault: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl Setup {
    /// A vault of three notes, written more than a second before it is read (a note
    /// changed in the second of a read is never kept, see [`a_note_changed_in_the_second_of_the_read_is_not_kept`]).
    fn new() -> Self {
        let vault = tempfile::tempdir().unwrap();
        let root = vault.path();
        std::fs::create_dir_all(root.join("Customers")).unwrap();
        std::fs::create_dir_all(root.join("Meetings")).unwrap();
        std::fs::write(root.join("Customers/Acme Rockets.md"), ACME).unwrap();
        std::fs::write(root.join("Customers/Bravo Boats.md"), BRAVO).unwrap();
        std::fs::write(root.join("Meetings/2026-02-02 Sync.md"), MEETING).unwrap();
        settle();
        Self {
            vault,
            cache: tempfile::tempdir().unwrap(),
        }
    }

    fn root(&self) -> &Path {
        self.vault.path()
    }

    fn mode(&self) -> CacheMode {
        CacheMode::In(self.cache.path().to_path_buf())
    }

    fn cache(&self) -> ParseCache {
        let settings = acct::vault::read_settings(self.root());
        ParseCache::in_folder(self.cache.path(), self.root(), &settings.statuses)
    }

    /// Reads the vault through the cache, writes the cache if asked to, and
    /// returns how many notes came from the cache and what `acct list --json` shows.
    fn read(&self) -> (usize, String) {
        let progress = Progress::default();
        let (index, update) =
            Index::build_cached(self.root(), &Config::default(), &progress, &self.mode());
        if let Some(update) = update {
            update.write();
        }
        (progress.cached.load(Relaxed), listing(&index))
    }

    /// What a read without any cache shows.
    fn fresh(&self) -> String {
        listing(&Index::build(self.root(), &Config::default()))
    }

    fn write_note(&self, rel: &str, text: &str) {
        std::fs::write(self.root().join(rel), text).unwrap();
    }
}

fn listing(index: &Index) -> String {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
    let rows = dashboard::summaries(index, today, true);
    let dash = dashboard::build(index, "Customers/Acme Rockets.md", today);
    format!(
        "{}\n{}",
        serde_json::to_string_pretty(&rows).unwrap(),
        serde_json::to_string_pretty(&dash).unwrap()
    )
}

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn an_unchanged_vault_is_served_from_the_cache_and_shows_what_a_fresh_read_shows() {
    let s = Setup::new();
    let (cached, first) = s.read();
    assert_eq!(cached, 0, "nothing is cached before the first read");
    assert!(s.cache().file().exists(), "the first read writes the cache");
    let (cached, second) = s.read();
    assert_eq!(cached, 3, "every unchanged note comes from the cache");
    assert_eq!(second, first);
    assert_eq!(second, s.fresh());
    assert!(second.contains("Send the rocket quote"), "{second}");
}

#[test]
fn a_truncated_cache_is_ignored_and_rebuilt() {
    let s = Setup::new();
    s.read();
    let file = s.cache().file().to_path_buf();
    let len = std::fs::metadata(&file).unwrap().len();
    for keep in [0, 5, len / 2, len - 1] {
        File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_len(keep)
            .unwrap();
        assert!(
            s.cache().load().is_err(),
            "a cache cut to {keep} bytes is refused"
        );
        let (cached, shown) = s.read();
        assert_eq!(cached, 0);
        assert_eq!(shown, s.fresh());
        assert_eq!(s.read().0, 3, "the cache was rebuilt whole");
    }
}

#[test]
fn a_cache_with_any_byte_flipped_is_ignored_and_rebuilt() {
    let s = Setup::new();
    s.read();
    let file = s.cache().file().to_path_buf();
    let good = std::fs::read(&file).unwrap();
    // The magic, the version, the checksum, the header's length, the notes'
    // records and the header.
    for at in [0, 9, 14, 22, 30, good.len() / 2, good.len() - 1] {
        let mut bad = good.clone();
        bad[at] ^= 0x5a;
        std::fs::write(&file, &bad).unwrap();
        assert!(s.cache().load().is_err(), "a flip at byte {at} is refused");
        let (cached, shown) = s.read();
        assert_eq!(cached, 0, "flip at byte {at}");
        assert_eq!(shown, s.fresh());
    }
}

#[test]
fn a_cache_of_another_format_version_or_for_other_task_statuses_is_ignored() {
    let s = Setup::new();
    s.read();
    let file = s.cache().file().to_path_buf();
    let mut other = std::fs::read(&file).unwrap();
    other[8..12].copy_from_slice(&(cache::FORMAT_VERSION + 1).to_le_bytes());
    std::fs::write(&file, &other).unwrap();
    let err = s.cache().load().err().expect("another version is refused");
    assert!(err.to_string().contains("format"), "{err}");
    assert_eq!(s.read().0, 0);
    assert_eq!(s.read().0, 3);

    // Declaring task statuses changes how tasks parse: the old cache does not apply.
    let plugin = s.root().join(".obsidian/plugins/obsidian-tasks-plugin");
    std::fs::create_dir_all(&plugin).unwrap();
    std::fs::write(
        plugin.join("data.json"),
        r#"{"statusSettings":{"coreStatuses":[{"symbol":" ","name":"Todo","type":"TODO"},{"symbol":"x","name":"Done","type":"DONE"}],"customStatuses":[{"symbol":"?","name":"Maybe","type":"NON_TASK"}]}}"#,
    )
    .unwrap();
    let (cached, shown) = s.read();
    assert_eq!(cached, 0);
    assert_eq!(shown, s.fresh());
}

#[test]
fn a_note_rewritten_with_the_same_size_and_modification_time_is_read_again() {
    let s = Setup::new();
    s.read();
    let path = s.root().join("Customers/Bravo Boats.md");
    let before = mtime(&path);
    let changed = BRAVO.replace("paused", "active");
    assert_eq!(changed.len(), BRAVO.len());
    s.write_note("Customers/Bravo Boats.md", &changed);
    // The modification time put back to the nanosecond, as a coarse file
    // system or a restoring tool would leave it: the change time still differs.
    set_mtime(&path, before);
    assert_eq!(mtime(&path), before);
    let (cached, shown) = s.read();
    assert_eq!(cached, 2, "the rewritten note is read again");
    assert_eq!(shown, s.fresh());
    assert!(!shown.contains("\"paused\""), "{shown}");

    // Replaced by another file (another inode), same size, same second.
    settle();
    s.read();
    let tmp = s.root().join("Customers/.replace");
    std::fs::write(&tmp, BRAVO).unwrap();
    set_mtime(&tmp, mtime(&path));
    std::fs::rename(&tmp, &path).unwrap();
    let (cached, shown) = s.read();
    assert_eq!(cached, 2);
    assert!(shown.contains("\"paused\""), "{shown}");
}

#[test]
fn a_note_changed_in_the_second_of_the_read_is_not_kept() {
    let s = Setup::new();
    s.read();
    // Written just now: in the second the next read starts in (or just before),
    // where a file system keeping whole seconds could not tell a later change.
    let second = || {
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    };
    s.write_note(
        "Customers/Acme Rockets.md",
        &ACME.replace("rocket", "racket"),
    );
    // The kernel stamps files from a clock that can lag the wall clock by a few
    // milliseconds, enough to date the write in the second before; date it now.
    let written_at = SystemTime::now();
    std::fs::File::options()
        .write(true)
        .open(s.root().join("Customers/Acme Rockets.md"))
        .unwrap()
        .set_modified(written_at)
        .unwrap();
    let written_in = written_at
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let (cached, shown) = s.read();
    let read_in = second();
    assert_eq!(cached, 2);
    assert!(shown.contains("Send the racket quote"), "{shown}");
    if written_in == read_in {
        // (Skipped in the rare run where the write and the read straddle a second.)
        assert_eq!(s.read().0, 2, "a note as new as the read is read again");
    }
    settle();
    s.read();
    assert_eq!(s.read().0, 3, "once settled it is cached like any other");
}

#[test]
fn a_note_dated_in_the_future_is_read_at_every_start_until_its_date_has_passed() {
    let s = Setup::new();
    let path = s.root().join("Meetings/2026-02-02 Sync.md");
    // A clock ahead of this one (a network share, a restored backup).
    set_mtime(&path, SystemTime::now() + Duration::from_secs(3600));
    s.read();
    assert_eq!(s.read().0, 2);
    assert_eq!(s.read().0, 2);
    // Set back to a past date with the same contents: a new change time and
    // modification time, so it is read once more and then kept.
    set_mtime(&path, SystemTime::now() - Duration::from_secs(3600));
    settle();
    assert_eq!(s.read().0, 2);
    assert_eq!(s.read().0, 3);
}

#[test]
fn a_note_added_or_removed_is_seen_with_the_rest_from_the_cache() {
    let s = Setup::new();
    s.read();
    std::fs::remove_file(s.root().join("Customers/Bravo Boats.md")).unwrap();
    s.write_note(
        "Customers/Cobalt Cranes.md",
        "---\ntype: customer\nstatus: active\n---\n\n# Cobalt Cranes\n",
    );
    let (cached, shown) = s.read();
    assert_eq!(cached, 2);
    assert_eq!(shown, s.fresh());
    assert!(shown.contains("Cobalt Cranes") && !shown.contains("Bravo Boats"));
}

#[test]
fn with_the_cache_off_nothing_is_written_or_used() {
    let s = Setup::new();
    let (read, update) = read_vault_cached(s.root(), &Progress::default(), &CacheMode::Off);
    assert!(update.is_none());
    assert_eq!(read.notes.len(), 3);
    assert_eq!(std::fs::read_dir(s.cache.path()).unwrap().count(), 0);
    let off: Config = toml::from_str("cache = false").unwrap();
    assert_eq!(CacheMode::from_config(&off), CacheMode::Off);
    assert_eq!(
        CacheMode::from_config(&Config::default()),
        CacheMode::Platform
    );
}

#[test]
fn verifying_finds_a_cached_parse_that_differs_from_the_file_and_deletes_the_cache() {
    let s = Setup::new();
    s.read();
    let cache = s.cache();
    let settings = acct::vault::read_settings(s.root());
    let found = cache::verify(s.root(), &cache, &settings.statuses);
    assert_eq!((found.compared, found.differing.len()), (3, 0));

    // A cache whose checksum is right but whose record says something the file
    // does not (written by a faulty acct, say).
    let rel = "Customers/Bravo Boats.md";
    let path = s.root().join(rel);
    let mut forged = acct::note::parse(rel, BRAVO.as_bytes(), &settings.statuses);
    forged.title = "Forged Title".into();
    let key = FileKey::of(&std::fs::metadata(&path).unwrap());
    let record = Record::Fresh(cache::encode(&forged).unwrap());
    cache
        .write(None, vec![(rel.to_string(), key, record)])
        .unwrap();
    let found = cache::verify(s.root(), &cache, &settings.statuses);
    assert_eq!(found.differing, vec![rel.to_string()]);
    assert!(!cache.file().exists(), "a cache found wrong is deleted");
}

#[test]
fn the_list_command_writes_and_then_uses_the_cache_and_no_cache_leaves_it_alone() {
    let s = Setup::new();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_acct"))
            .args(args)
            .args(["--vault", s.root().to_str().unwrap(), "list", "--json"])
            .env("XDG_CACHE_HOME", s.cache.path())
            .env("ACCT_CONFIG", s.cache.path().join("no-config.toml"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let acct_dir = s.cache.path().join("acct");
    let uncached = run(&["--no-cache"]);
    assert!(!acct_dir.exists(), "--no-cache writes no cache");
    assert_eq!(run(&[]), uncached);
    assert!(acct_dir.exists(), "a plain run writes the cache");
    assert_eq!(run(&[]), uncached, "the cached run lists the same accounts");
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_acct"))
        .args([
            "--vault",
            s.root().to_str().unwrap(),
            "check",
            "--verify-cache",
        ])
        .env("XDG_CACHE_HOME", s.cache.path())
        .env("ACCT_CONFIG", s.cache.path().join("no-config.toml"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{said}");
    assert!(
        said.contains("agrees with a fresh parse of all 3 notes"),
        "{said}"
    );
    assert!(
        said.contains("The kept account list (kept whole) agrees with the"),
        "{said}"
    );
}

#[test]
fn the_cache_of_a_vault_that_is_gone_is_removed_when_another_is_written() {
    let base = tempfile::tempdir().unwrap();
    let gone = Setup::new();
    let kept = Setup::new();
    let statuses = acct::note::task::TaskStatuses::default();
    let write = |root: &Path| {
        let cache = ParseCache::in_folder(base.path(), root, &statuses);
        cache.write(None, Vec::new()).unwrap();
        cache.file().parent().unwrap().to_path_buf()
    };
    let gone_folder = write(gone.root());
    let kept_folder = write(kept.root());
    drop(gone);
    assert!(gone_folder.exists());
    write(kept.root());
    assert!(
        !gone_folder.exists(),
        "the vault is gone, and so is its cache"
    );
    assert!(kept_folder.exists());
}

#[test]
fn a_few_changed_notes_are_read_again_without_rewriting_the_cache() {
    let s = Setup::new();
    for i in 0..37 {
        s.write_note(
            &format!("Customers/Filler {i:02}.md"),
            &format!("---\ntype: customer\n---\n\n# Filler {i:02}\n"),
        );
    }
    settle();
    s.read();
    assert_eq!(s.read().0, 40);
    let written = mtime(s.cache().file());
    s.write_note(
        "Customers/Acme Rockets.md",
        &ACME.replace("rocket", "racket"),
    );
    settle();
    for _ in 0..2 {
        let (cached, shown) = s.read();
        assert_eq!(cached, 39, "the changed note is read at each start");
        assert!(shown.contains("Send the racket quote"), "{shown}");
        assert_eq!(shown, s.fresh());
    }
    assert_eq!(
        mtime(s.cache().file()),
        written,
        "one note in forty is not worth a rewrite"
    );
}

/// Every folder and file under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn a_first_read_streams_its_records_to_the_file_and_nothing_replaces_the_cache_until_written() {
    let s = Setup::new();
    let progress = Progress::default();
    // No cache yet: the records are written as the notes are read …
    let (read, update) = read_vault_cached(s.root(), &progress, &s.mode());
    assert_eq!(read.notes.len(), 3);
    assert!(!s.cache().file().exists(), "no cache file before the write");
    // … and a read whose update is dropped leaves nothing behind.
    drop(update);
    assert!(!s.cache().file().exists());
    let leftovers: Vec<String> = (tree(s.cache.path()).into_iter())
        .filter(|p| p.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Written, it serves every note, as a fresh read shows them.
    assert_eq!(s.read(), (0, s.fresh()));
    assert_eq!(s.read(), (3, s.fresh()));
}

#[test]
fn a_cache_folder_that_cannot_be_written_costs_nothing_but_the_cache() {
    let s = Setup::new();
    // The cache's base is a file: no folder can be made under it.
    let base = s.cache.path().join("not-a-folder");
    std::fs::write(&base, "x").unwrap();
    let progress = Progress::default();
    let (index, update) = Index::build_cached(
        s.root(),
        &Config::default(),
        &progress,
        &CacheMode::In(base.clone()),
    );
    assert_eq!(listing(&index), s.fresh());
    update.expect("a cache to write").write();
    assert_eq!(std::fs::read_to_string(&base).unwrap(), "x");
}

#[test]
fn records_gathered_in_chunks_on_every_thread_are_each_found_again() {
    // Several megabytes of records: each reading thread appends many chunks,
    // and every record must be found at the place the header gives it.
    let s = Setup::new();
    std::fs::create_dir_all(s.root().join("Customers/Many")).unwrap();
    let filler = "- a line of notes that makes the account longer than most\n".repeat(60);
    for i in 0..600 {
        s.write_note(
            &format!("Customers/Many/Account {i:03}.md"),
            &format!(
                "---\ntype: customer\nstatus: active\ntags: [needs-review]\n---\n\n# Account {i:03}\n\n## Current Blockers\n\n- ❌ Blocker number {i}\n\n## Notes\n\n{filler}"
            ),
        );
    }
    settle();
    let (cached, first) = s.read();
    assert_eq!(cached, 0);
    assert!(
        std::fs::metadata(s.cache().file()).unwrap().len() > 4 * 512 * 1024,
        "the records span several chunks"
    );
    let (cached, second) = s.read();
    assert_eq!(cached, 603, "every note comes from the cache");
    assert_eq!(second, first);
    assert_eq!(second, s.fresh());
    assert!(second.contains("\"Account 599\""), "{second}");
}

/// The dashboard reads the cache file ahead, while it sets up its watch: the
/// read it started gives what reading the file then gives, and one started
/// under other task statuses than the start then reads is not taken — the
/// read reads the cache of the statuses it has instead.
#[test]
fn a_cache_read_ahead_is_taken_only_for_the_same_vault_and_settings() {
    let s = Setup::new();
    s.read();
    let ahead = s.cache().preload().take(&s.cache());
    let taken = ahead.expect("the same cache").expect("a whole file");
    assert_eq!(taken.len(), 3);
    assert_eq!(taken.len(), s.cache().load().unwrap().len());
    let early = s.cache().preload();
    let plugin = s.root().join(".obsidian/plugins/obsidian-tasks-plugin");
    std::fs::create_dir_all(&plugin).unwrap();
    std::fs::write(
        plugin.join("data.json"),
        r#"{"statusSettings":{"coreStatuses":[{"symbol":" ","name":"Todo","type":"TODO"}],"customStatuses":[{"symbol":"?","name":"Maybe","type":"NON_TASK"}]}}"#,
    )
    .unwrap();
    assert!(early.take(&s.cache()).is_none(), "read for other statuses");
    // Through a start, as the dashboard makes one: a read ahead under the
    // declared statuses (no cache file for them), then the declaration taken
    // back before the start reads the settings — the start reads the cache
    // of the statuses it has, and every note comes from it.
    let (config, mode) = (Config::default(), s.mode());
    let preload = acct::model::listing::preload_cache(s.root(), &mode);
    std::fs::remove_dir_all(&plugin).unwrap();
    let progress = Progress::default();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let start =
        acct::model::listing::Start::new(s.root(), &config, today, &mode).with_preload(preload);
    let (index, _) = start.build_index(&config, &progress);
    assert_eq!(
        progress.cached.load(Relaxed),
        3,
        "the cache of these statuses"
    );
    assert_eq!(listing(&index), s.fresh());
}
