//! Atomic, conflict-checked writes of whole notes, and undo.
//!
//! A note is only overwritten when its bytes on disk are still the bytes acct
//! read; the new content goes to a temporary file in the same folder, is synced,
//! takes the original's permissions and is renamed over the original, so a
//! failed write leaves the original untouched and a reader never sees half a note.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why a note was not written. Messages name the file.
#[derive(thiserror::Error, Debug)]
pub enum WriteError {
    /// The file's bytes differ from what acct read. Callers reload the note,
    /// which is what the message tells the user.
    #[error("refused to write {}: it changed on disk since acct read it; reloaded", path.display())]
    Conflict { path: PathBuf },
    /// The file is gone (moved or deleted) since acct read it.
    #[error("refused to write {}: it is no longer on disk (moved or deleted since acct read it)", path.display())]
    Missing { path: PathBuf },
    /// Reading or writing failed; the original is untouched.
    #[error("could not write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Replaces the contents of `path` with `new`, provided the file still holds
/// exactly `expected`.
///
/// Symbolic links are followed: the file they point to is replaced, the link kept.
pub fn write_if_unchanged(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let io_err = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let current = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(WriteError::Missing {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(io_err(e)),
    };
    if current != expected {
        return Err(WriteError::Conflict {
            path: path.to_path_buf(),
        });
    }
    let target = fs::canonicalize(path).map_err(io_err)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let permissions = fs::metadata(&target).map_err(io_err)?.permissions();

    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io_err)?;
    tmp.write_all(new).map_err(io_err)?;
    tmp.as_file().sync_all().map_err(io_err)?;
    fs::set_permissions(tmp.path(), permissions).map_err(io_err)?;
    // On failure the temporary file is deleted when the error drops it.
    tmp.persist(&target).map_err(|e| io_err(e.error))?;
    // Make the rename itself durable; not every platform or file system allows it.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes `new` over `path` like [`write_if_unchanged`] and returns how to undo it.
pub fn write_with_undo(path: &Path, expected: &[u8], new: &[u8]) -> Result<Undo, WriteError> {
    write_if_unchanged(path, expected, new)?;
    Ok(Undo {
        path: path.to_path_buf(),
        before: expected.to_vec(),
        after: new.to_vec(),
    })
}

/// A completed write that can be reverted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undo {
    pub path: PathBuf,
    /// The bytes before the write, restored by [`Undo::undo`].
    pub before: Vec<u8>,
    /// The bytes the write left; undo refuses if the file no longer holds them.
    pub after: Vec<u8>,
}

impl Undo {
    /// Restores the exact previous bytes, unless the file changed since the write.
    pub fn undo(&self) -> Result<(), WriteError> {
        write_if_unchanged(&self.path, &self.after, &self.before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    const CRLF: &[u8] = b"---\r\nstatus: active\r\n---\r\nbody\r\n";
    const NEW: &[u8] = b"---\r\nstatus: paused\r\n---\r\nbody\r\n";

    fn note(dir: &Path) -> PathBuf {
        let path = dir.join("Acme.md");
        fs::write(&path, CRLF).unwrap();
        path
    }

    #[test]
    fn conflict_is_refused_and_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = note(dir.path());
        let err = write_if_unchanged(&path, b"what acct read earlier", NEW).unwrap_err();
        assert!(matches!(err, WriteError::Conflict { .. }));
        let msg = err.to_string();
        assert!(
            msg.contains("Acme.md") && msg.contains("changed on disk"),
            "{msg}"
        );
        assert_eq!(fs::read(&path).unwrap(), CRLF);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn success_keeps_permissions_and_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = note(dir.path());
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_if_unchanged(&path, CRLF, NEW).unwrap();
        assert_eq!(fs::read(&path).unwrap(), NEW);
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn symlinked_note_is_written_through_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = note(dir.path());
        let link = dir.path().join("Link.md");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_if_unchanged(&link, CRLF, NEW).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), NEW);
    }

    #[test]
    fn undo_restores_exactly_and_refuses_after_external_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = note(dir.path());
        let undo = write_with_undo(&path, CRLF, NEW).unwrap();
        undo.undo().unwrap();
        assert_eq!(fs::read(&path).unwrap(), CRLF);

        let undo = write_with_undo(&path, CRLF, NEW).unwrap();
        fs::write(&path, b"edited in Obsidian\n").unwrap();
        assert!(matches!(
            undo.undo().unwrap_err(),
            WriteError::Conflict { .. }
        ));
        assert_eq!(fs::read(&path).unwrap(), b"edited in Obsidian\n");
    }

    #[test]
    fn missing_file_or_folder_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone").join("Acme.md");
        let err = write_if_unchanged(&path, CRLF, NEW).unwrap_err();
        assert!(matches!(err, WriteError::Missing { .. }));
        assert!(err.to_string().contains("gone/Acme.md"), "{err}");
        assert!(!path.exists());
    }

    #[test]
    fn read_only_folder_fails_cleanly_and_keeps_the_original() {
        let dir = tempfile::tempdir().unwrap();
        let path = note(dir.path());
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
        let probe = dir.path().join("probe");
        let can_write = || {
            let ok = File::create(&probe).is_ok();
            let _ = fs::remove_file(&probe);
            ok
        };
        // Root ignores folder permissions; an immutable folder stops root too.
        let immutable = can_write()
            && std::process::Command::new("chattr")
                .arg("+i")
                .arg(dir.path())
                .status()
                .is_ok_and(|s| s.success());
        let blocked = !can_write();
        let result = write_if_unchanged(&path, CRLF, NEW);
        if immutable {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(dir.path())
                .status();
        }
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        if !blocked {
            eprintln!("note: cannot make a folder unwritable here; skipped the failure assertion");
            result.unwrap();
            return;
        }
        let err = result.unwrap_err();
        assert!(matches!(err, WriteError::Io { .. }));
        assert!(err.to_string().contains("Acme.md"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), CRLF, "the original is untouched");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left behind"
        );
    }
}
