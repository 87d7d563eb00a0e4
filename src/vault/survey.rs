//! A survey of the vault: every note's path and its file's key, taken before
//! anything kept from an earlier start is trusted. It costs a walk and a `stat`
//! per note, and no note is opened (docs/performance.md, "Kept results").

use std::path::Path;

use super::cache::FileKey;
use crate::problem::Problem;

/// Every note path (sorted, as [`super::scan`] gives them) with its file's key.
#[derive(Debug, Default)]
pub struct Survey {
    pub paths: Vec<String>,
    /// The key of each path's file; `None` where it could not be taken (the
    /// read then reports why).
    pub keys: Vec<Option<FileKey>>,
    /// Folders that could not be walked.
    pub problems: Vec<Problem>,
    /// The second (since the epoch) the survey started in: a key is trusted at a
    /// later start only when its file had settled before it ([`FileKey::settled`]).
    pub started: i64,
}

/// Walks the vault and takes every note's key, on every core.
pub fn survey(root: &Path) -> Survey {
    let started = current_second();
    let (notes, problems) = super::scan_with_keys(root);
    let (paths, keys) = notes.into_iter().unzip();
    Survey {
        paths,
        keys,
        problems,
        started,
    }
}

/// The wall clock's current second since the epoch: what a file key is
/// [settled](FileKey::settled) against.
pub(super) fn current_second() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Survey {
    /// One number for every path and key: equal fingerprints mean the same notes
    /// in the same files, unchanged. `None` when the survey cannot vouch for that
    /// later: a folder or a note could not be read, or a note changed in the
    /// second of the survey (it could change again without a new key).
    pub fn fingerprint(&self) -> Option<u128> {
        if !self.problems.is_empty() {
            return None;
        }
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(&(self.paths.len() as u64).to_le_bytes());
        for (path, key) in self.paths.iter().zip(&self.keys) {
            let key = key.as_ref().filter(|k| k.settled(self.started))?;
            hasher.update(&(path.len() as u64).to_le_bytes());
            hasher.update(path.as_bytes());
            key.hash_into(&mut hasher);
        }
        Some(hasher.digest128())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settle() {
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }

    fn set_mtime(path: &Path, when: std::time::SystemTime) {
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_times(std::fs::FileTimes::new().set_modified(when))
            .unwrap();
    }

    #[test]
    fn the_fingerprint_changes_with_any_note_added_removed_renamed_or_changed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("A")).unwrap();
        std::fs::write(root.join("A/One.md"), "one\n").unwrap();
        std::fs::write(root.join("Two.md"), "two\n").unwrap();
        settle();
        let first = survey(root).fingerprint().expect("settled notes");
        assert_eq!(survey(root).fingerprint(), Some(first), "nothing changed");
        let mut before = first;
        let mut step = |change: &dyn Fn()| {
            change();
            settle();
            let now = survey(root).fingerprint().expect("settled notes");
            assert_ne!(now, before, "a change gives a new fingerprint");
            before = now;
        };
        // Same size, new bytes.
        step(&|| std::fs::write(root.join("Two.md"), "TWO\n").unwrap());
        step(&|| std::fs::write(root.join("Three.md"), "three\n").unwrap());
        step(&|| std::fs::remove_file(root.join("Three.md")).unwrap());
        step(&|| std::fs::rename(root.join("A/One.md"), root.join("A/Uno.md")).unwrap());
        step(&|| std::fs::rename(root.join("A"), root.join("B")).unwrap());
    }

    #[test]
    fn a_note_changed_in_the_second_of_the_survey_or_later_gives_no_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let note = dir.path().join("Now.md");
        std::fs::write(&note, "now\n").unwrap();
        // The kernel stamps files from a clock that can lag the wall clock by a
        // few milliseconds; date the write now.
        let written_at = std::time::SystemTime::now();
        set_mtime(&note, written_at);
        let written_in = written_at
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let s = survey(dir.path());
        assert_eq!(s.paths, vec!["Now.md"]);
        // Changed in the second the survey started in (a straddled second aside).
        if written_in == s.started {
            assert_eq!(s.fingerprint(), None);
        }
        // Dated ahead of the clock: never vouched for until that time has passed.
        set_mtime(
            &note,
            std::time::SystemTime::now() + std::time::Duration::from_secs(3600),
        );
        settle();
        assert_eq!(survey(dir.path()).fingerprint(), None);
    }

    #[test]
    fn a_folder_that_could_not_be_walked_gives_no_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("One.md"), "one\n").unwrap();
        settle();
        let mut s = survey(dir.path());
        assert!(s.fingerprint().is_some());
        s.problems.push(Problem::warning(
            "Locked",
            None,
            "cannot read: permission denied",
        ));
        assert_eq!(s.fingerprint(), None);
    }
}
