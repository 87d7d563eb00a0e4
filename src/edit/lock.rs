//! An advisory lock per note between acct processes (docs/writing.md), so two
//! of them never write one note at the same time.
//!
//! The lock is a file named after a hash of the note's real path, in the
//! user's runtime folder (`$XDG_RUNTIME_DIR/acct-locks`, else the temporary
//! folder), never in the vault. It is held with `flock`, which the system
//! releases when the process ends, however it ends.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a write waits for another acct process writing the same note.
const WAIT: Duration = Duration::from_secs(2);

/// A held lock; released on drop.
#[derive(Debug)]
pub struct NoteLock {
    _file: File,
}

impl NoteLock {
    /// Takes the lock of the note at `target` (its canonical path), waiting up
    /// to two seconds for another acct process. `Err(None)` when it is still
    /// held after that; `Err(Some(e))` when the lock file cannot be made.
    pub fn acquire(target: &Path) -> Result<Self, Option<io::Error>> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(lock_path(target).map_err(Some)?)
            .map_err(Some)?;
        let deadline = Instant::now() + WAIT;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Self { _file: file }),
                Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(fs::TryLockError::WouldBlock) => return Err(None),
                Err(fs::TryLockError::Error(e)) => return Err(Some(e)),
            }
        }
    }
}

/// The lock file for a note, its folder created when missing.
fn lock_path(target: &Path) -> io::Result<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let hash = xxhash_rust::xxh3::xxh3_64(target.as_os_str().as_bytes());
    let mut last = None;
    for base in [dirs::runtime_dir(), Some(std::env::temp_dir())]
        .into_iter()
        .flatten()
    {
        let dir = base.join("acct-locks");
        match fs::create_dir_all(&dir) {
            Ok(()) => return Ok(dir.join(format!("{hash:016x}.lock"))),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no folder for lock files")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_note_waits_and_then_gives_up() {
        let dir = tempfile::tempdir().unwrap();
        let note = dir.path().join("Acme.md");
        fs::write(&note, "x").unwrap();
        let held = NoteLock::acquire(&note).unwrap();
        // flock locks belong to open file descriptions: a second open in this
        // process contends like another process would.
        let start = Instant::now();
        assert!(matches!(NoteLock::acquire(&note), Err(None)));
        assert!(start.elapsed() >= WAIT);
        drop(held);
        NoteLock::acquire(&note).unwrap();
    }
}
