//! The live view converges on the disk after storms of creates, deletes,
//! re-creates and renames, with the native watcher and with polling; and
//! after the vault folder itself is deleted and put back, or a note is
//! replaced by a folder of the same name.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use acct::config::Config;
use acct::index::Index;
use acct::watch::{VaultWatcher, WatchEvent, WatchMode, WatchOptions};

const NOTES: usize = 12;

fn note(i: usize, rev: usize) -> String {
    format!("---\ntype: customer\nstatus: active\n---\n# Vireo {i}\n\nrevision {rev}\n")
}

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

fn on_disk(root: &Path) -> BTreeSet<String> {
    acct::vault::scan(root).0.into_iter().collect()
}

fn indexed(ix: &Index) -> BTreeSet<String> {
    ix.notes().map(|n| n.path.clone()).collect()
}

/// Applies batches until the index holds exactly the notes on disk (with
/// their bytes), or panics after `limit` with the difference.
fn converge(ix: &mut Index, rx: &Receiver<WatchEvent>, root: &Path, limit: Duration) {
    let deadline = Instant::now() + limit;
    loop {
        let disk = on_disk(root);
        let same = indexed(ix) == disk
            && disk.iter().all(|p| {
                std::fs::read(root.join(p))
                    .is_ok_and(|b| ix.note(p).is_some_and(|n| n.was_read_from(&b)))
            });
        if same {
            return;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "the index never matched the disk:\n only indexed: {:?}\n only on disk: {:?}",
            indexed(ix).difference(&disk).collect::<Vec<_>>(),
            disk.difference(&indexed(ix)).collect::<Vec<_>>()
        );
        if let Ok(WatchEvent::Changes(updates)) =
            rx.recv_timeout(left.min(Duration::from_millis(200)))
        {
            ix.apply(updates);
        }
    }
}

fn start(root: &Path, options: WatchOptions) -> (VaultWatcher, Receiver<WatchEvent>, Index) {
    let (tx, rx) = mpsc::channel();
    let watcher = VaultWatcher::start(root, options, move |e| {
        let _ = tx.send(e);
    })
    .unwrap();
    let index = Index::build(root, &Config::default());
    (watcher, rx, index)
}

fn storm(options: WatchOptions, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("Customers")).unwrap();
    for i in 0..NOTES {
        std::fs::write(root.join(format!("Customers/Vireo {i}.md")), note(i, 0)).unwrap();
    }
    let (_watcher, rx, mut ix) = start(root, options);
    let mut rng = Lcg(seed);
    for rev in 1..250 {
        let i = rng.below(NOTES as u64) as usize;
        let path = root.join(format!("Customers/Vireo {i}.md"));
        match rng.below(5) {
            // Removed and re-created at once: the case polling lost track of.
            0 => {
                let _ = std::fs::remove_file(&path);
                std::fs::write(&path, note(i, rev)).unwrap();
            }
            1 => {
                let _ = std::fs::remove_file(&path);
            }
            2 => std::fs::write(&path, note(i, rev)).unwrap(),
            3 => {
                let to = root.join(format!("Customers/Vireo {}.md", rng.below(NOTES as u64)));
                let _ = std::fs::rename(&path, to);
            }
            _ => {
                // Created and removed again before anything could read it.
                std::fs::write(&path, note(i, rev)).unwrap();
                let _ = std::fs::remove_file(&path);
            }
        }
        if rng.below(3) == 0 {
            std::thread::sleep(Duration::from_millis(rng.below(40)));
        }
        // Keep the index busy too, as the dashboard would be.
        while let Ok(WatchEvent::Changes(updates)) = rx.try_recv() {
            ix.apply(updates);
        }
    }
    converge(&mut ix, &rx, root, Duration::from_secs(10));
    // A last real deletion is reported too (the ghost case).
    for p in on_disk(root) {
        std::fs::remove_file(root.join(p)).unwrap();
    }
    converge(&mut ix, &rx, root, Duration::from_secs(10));
    assert_eq!(ix.len(), 0);
}

fn polling() -> WatchOptions {
    WatchOptions {
        poll_interval: Duration::from_millis(30),
        force_poll: true,
        ..WatchOptions::default()
    }
}

#[test]
fn polling_converges_after_a_storm_and_reports_the_last_deletion() {
    for seed in [1, 2, 3] {
        storm(polling(), seed);
    }
}

#[test]
fn the_native_watcher_converges_after_a_storm() {
    for seed in [4, 5] {
        storm(WatchOptions::default(), seed);
    }
}

fn vault_deleted_and_put_back(options: WatchOptions) {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("Vault");
    std::fs::create_dir_all(root.join("Customers")).unwrap();
    for i in 0..3 {
        std::fs::write(root.join(format!("Customers/Vireo {i}.md")), note(i, 0)).unwrap();
    }
    let (_watcher, rx, mut ix) = start(&root, options);
    assert_eq!(ix.len(), 3);
    // rm -rf V; cp -r … V
    std::fs::remove_dir_all(&root).unwrap();
    // The watcher says it lost the folder (the title bar shows it) and the
    // index empties, as the folder is.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(WatchEvent::Mode(WatchMode::Lost(why))) => {
                assert!(why.contains("is gone"), "{why}");
                break;
            }
            Ok(WatchEvent::Changes(updates)) => {
                ix.apply(updates);
            }
            Ok(_) => {}
            Err(_) => panic!("the watcher never said the vault folder was gone"),
        }
    }
    converge(&mut ix, &rx, &root, Duration::from_secs(10));
    assert_eq!(ix.len(), 0);
    std::fs::create_dir_all(root.join("Customers")).unwrap();
    for i in 0..5 {
        std::fs::write(root.join(format!("Customers/Vireo {i}.md")), note(i, 1)).unwrap();
    }
    converge(&mut ix, &rx, &root, Duration::from_secs(10));
    assert_eq!(ix.len(), 5);
    // And it keeps watching the new folder.
    std::fs::write(root.join("Customers/Vireo 9.md"), note(9, 2)).unwrap();
    converge(&mut ix, &rx, &root, Duration::from_secs(10));
    assert_eq!(ix.len(), 6);
}

#[test]
fn the_vault_folder_deleted_and_put_back_is_watched_again() {
    vault_deleted_and_put_back(WatchOptions::default());
}

#[test]
fn the_vault_folder_deleted_and_put_back_is_polled_again() {
    vault_deleted_and_put_back(polling());
}

#[test]
fn a_note_replaced_by_a_folder_of_its_name_is_no_longer_an_account() {
    for options in [WatchOptions::default(), polling()] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("Vireo.md"), note(0, 0)).unwrap();
        let (_watcher, rx, mut ix) = start(root, options);
        assert_eq!(ix.accounts().count(), 1);
        std::fs::remove_file(root.join("Vireo.md")).unwrap();
        std::fs::create_dir(root.join("Vireo.md")).unwrap();
        std::fs::write(root.join("Vireo.md/inside.txt"), "not a note").unwrap();
        converge(&mut ix, &rx, root, Duration::from_secs(10));
        assert_eq!(ix.accounts().count(), 0);
    }
}
