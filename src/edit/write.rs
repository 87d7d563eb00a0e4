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
    /// Undo found the lines acct changed edited since, so it cannot tell what to restore.
    #[error("refused to undo in {}: the lines acct changed were edited since ({what}); nothing written", path.display())]
    RegionChanged { path: PathBuf, what: String },
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
        regions: regions(expected, new),
        before: expected.to_vec(),
        after: new.to_vec(),
    })
}

/// A completed write that can be reverted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undo {
    pub path: PathBuf,
    /// The bytes before the write.
    pub before: Vec<u8>,
    /// The bytes the write left.
    pub after: Vec<u8>,
    /// The lines the write changed, each with what they held before.
    regions: Vec<Region>,
}

/// Whole lines a write changed: where they start in the written file, what
/// acct wrote there and what was there before. A deletion (nothing written)
/// carries its neighbouring lines, so it can be found again.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Region {
    at: usize,
    written: Vec<u8>,
    previous: Vec<u8>,
}

fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|&b| b == b'\n').collect()
}

/// The changed line regions between `before` and `after`.
fn regions(before: &[u8], after: &[u8]) -> Vec<Region> {
    use similar::{Algorithm, DiffTag, capture_diff_slices};
    let (a, b) = (lines(before), lines(after));
    let offset = |ls: &[&[u8]], i: usize| ls[..i].iter().map(|l| l.len()).sum::<usize>();
    let mut out = Vec::new();
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    let mut i = 0;
    while i < ops.len() {
        if ops[i].tag() == DiffTag::Equal {
            i += 1;
            continue;
        }
        let (mut old, mut new) = (ops[i].old_range(), ops[i].new_range());
        while i + 1 < ops.len() && ops[i + 1].tag() != DiffTag::Equal {
            i += 1;
            old.end = ops[i].old_range().end;
            new.end = ops[i].new_range().end;
        }
        i += 1;
        if new.is_empty() {
            if new.start > 0 {
                old.start -= 1;
                new.start -= 1;
            }
            if new.end < b.len() {
                old.end += 1;
                new.end += 1;
            }
        }
        out.push(Region {
            at: offset(&b, new.start),
            written: b[new.clone()].concat(),
            previous: a[old].concat(),
        });
    }
    out
}

/// Where `needle` sits in `hay` as whole lines: the one place, or the place
/// at `at` when it occurs more than once.
fn find_lines(hay: &[u8], needle: &[u8], at: usize) -> Result<usize, &'static str> {
    if needle.is_empty() {
        return if hay.is_empty() {
            Ok(0)
        } else {
            Err("they are gone")
        };
    }
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            hay.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .filter(|&s| hay[s..].starts_with(needle))
        .collect();
    match starts.as_slice() {
        [] => Err("they no longer read as acct wrote them"),
        [one] => Ok(*one),
        many => many
            .iter()
            .copied()
            .find(|&s| s == at)
            .ok_or("they now appear more than once"),
    }
}

impl Undo {
    /// Puts back the previous bytes of the lines the write changed, provided
    /// those lines still hold exactly what acct wrote; the rest of the file
    /// may have changed since and is kept. Rules in docs/writing.md.
    pub fn undo(&self) -> Result<(), WriteError> {
        let current = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(WriteError::Missing {
                    path: self.path.clone(),
                });
            }
            Err(source) => {
                return Err(WriteError::Io {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        let restored = self.restore(&current)?;
        write_if_unchanged(&self.path, &current, &restored)
    }

    /// `current` with each region put back.
    fn restore(&self, current: &[u8]) -> Result<Vec<u8>, WriteError> {
        if current == self.after.as_slice() {
            return Ok(self.before.clone());
        }
        let mut out = Vec::with_capacity(current.len());
        let mut pos = 0;
        for region in &self.regions {
            let found = find_lines(
                &current[pos..],
                &region.written,
                region.at.saturating_sub(pos),
            )
            .map(|s| s + pos)
            .map_err(|what| WriteError::RegionChanged {
                path: self.path.clone(),
                what: what.to_string(),
            })?;
            out.extend_from_slice(&current[pos..found]);
            out.extend_from_slice(&region.previous);
            pos = found + region.written.len();
        }
        out.extend_from_slice(&current[pos..]);
        Ok(out)
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
        let err = undo.undo().unwrap_err();
        assert!(matches!(err, WriteError::RegionChanged { .. }), "{err}");
        assert!(err.to_string().contains("Acme.md"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"edited in Obsidian\n");
    }

    #[test]
    fn undo_keeps_changes_made_elsewhere_in_the_note() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Acme.md");
        let before = b"---\ntags:\n  - needs-review\n  - customer\nstatus: active\n---\n# Acme\n- [ ] call\n";
        let after = b"---\ntags:\n  - customer\nstatus: active\n---\n# Acme\n- [ ] call\n";
        fs::write(&path, before).unwrap();
        let undo = write_with_undo(&path, before, after).unwrap();
        // The pipeline prepends nothing but appends a line and edits the heading.
        let mut outside = after.to_vec();
        outside.extend_from_slice(b"- [ ] new from the pipeline\n");
        let outside = String::from_utf8(outside)
            .unwrap()
            .replace("# Acme", "# Acme Corp");
        fs::write(&path, &outside).unwrap();
        undo.undo().unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "---\ntags:\n  - needs-review\n  - customer\nstatus: active\n---\n# Acme Corp\n- [ ] call\n- [ ] new from the pipeline\n"
        );
    }

    #[test]
    fn undo_refuses_when_the_changed_line_itself_was_edited() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Acme.md");
        let before = b"a\n- [ ] call Bo\nz\n";
        let after = b"a\n- [x] call Bo\nz\n";
        fs::write(&path, before).unwrap();
        let undo = write_with_undo(&path, before, after).unwrap();
        fs::write(&path, b"a\n- [x] call Bo today\nz\nmore\n").unwrap();
        let err = undo.undo().unwrap_err();
        assert!(matches!(err, WriteError::RegionChanged { .. }), "{err}");
        assert_eq!(
            fs::read(&path).unwrap(),
            b"a\n- [x] call Bo today\nz\nmore\n"
        );
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
