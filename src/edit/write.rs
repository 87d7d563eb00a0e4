//! Atomic, conflict-checked writes of whole notes, and undo (docs/writing.md).
//!
//! A note is only replaced when its bytes on disk are still the bytes acct read,
//! and nothing another program saves while acct writes is lost:
//!
//! 1. an advisory lock per note keeps two acct processes from writing one note
//!    at once ([`super::lock`]);
//! 2. the note is compared with what was read, the new text is written to a
//!    temporary dot-file beside it (`.acct-PID-RANDOM.tmp`, never indexed),
//!    synced, given the note's permissions, owner and group, and the note is
//!    compared again just before it is replaced;
//! 3. the replacement is an atomic exchange (`renameat2(RENAME_EXCHANGE)` on
//!    Linux), which hands back the file that was replaced: if that is not
//!    exactly what acct read (a save landed in between), or another program
//!    still has it open for writing, the exchange is undone and the write
//!    refused, so the other program's version stays in place;
//! 4. after replacing, acct checks that the note holds what it wrote, so a
//!    success is never reported for a write that another save displaced.
//!
//! A read-only note, or one with several hard links (replacing it would break
//! the links), is refused with a message saying why. A failed write leaves the
//! original untouched.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::lock::NoteLock;

/// Temporary files acct writes start with this (a dot-file: never indexed).
pub const TEMP_PREFIX: &str = ".acct-";
/// … and end with this.
pub const TEMP_SUFFIX: &str = ".tmp";

/// How long a write waits for another program that has the replaced copy open.
const OPEN_WAIT: Duration = Duration::from_millis(50);

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
    /// The note's permissions say it is not to be written.
    #[error("refused to write {}: the file is read-only (make it writable to let acct change it)", path.display())]
    ReadOnly { path: PathBuf },
    /// Replacing the note would break its other hard links.
    #[error("refused to write {}: it has {links} hard links, and replacing it would break them", path.display())]
    HardLinked { path: PathBuf, links: u64 },
    /// Not a regular file (a folder, a FIFO, a device …).
    #[error("refused to write {}: it is not a regular file", path.display())]
    NotAFile { path: PathBuf },
    /// Another acct process is writing the same note and did not finish in time.
    #[error("refused to write {}: another acct is writing it; try again", path.display())]
    Busy { path: PathBuf },
    /// acct's write went through, but another program replaced the note right
    /// after; its version is the one on disk now.
    #[error("{} was changed by another program right after acct wrote it; its version is kept and acct's change is not on disk", path.display())]
    Displaced { path: PathBuf },
    /// Another program saved the note while acct was replacing it and a copy
    /// had to be set aside to keep it.
    #[error("refused to write {}: another program saved it at the same moment; its version is kept at {}", path.display(), kept.display())]
    KeptAside { path: PathBuf, kept: PathBuf },
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
/// exactly `expected` (see the module documentation for how).
///
/// Symbolic links are followed: the file they point to is replaced, the link kept.
pub fn write_if_unchanged(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let io_err = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let target = match fs::canonicalize(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(WriteError::Missing {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(io_err(e)),
    };
    let meta = fs::metadata(&target).map_err(io_err)?;
    if !meta.is_file() {
        return Err(WriteError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    if meta.nlink() > 1 {
        return Err(WriteError::HardLinked {
            path: path.to_path_buf(),
            links: meta.nlink(),
        });
    }
    let _lock = NoteLock::acquire(&target).map_err(|e| match e {
        Some(source) => io_err(source),
        None => WriteError::Busy {
            path: path.to_path_buf(),
        },
    })?;
    let conflict = || WriteError::Conflict {
        path: path.to_path_buf(),
    };
    if read(&target).map_err(io_err)? != expected {
        return Err(conflict());
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let tmp = TempNote::write(dir, new, &meta).map_err(io_err)?;
    // The second comparison, just before replacing.
    if read(&target).map_err(io_err)? != expected {
        return Err(conflict());
    }
    match exchange(tmp.path(), &target) {
        Ok(()) => {
            // `tmp` now names the file that was replaced.
            if !replaced_copy_is(tmp.path(), expected).map_err(io_err)? {
                return Err(undo_exchange(path, &target, tmp, new));
            }
        }
        Err(e) if exchange_unsupported(&e) => {
            fs::rename(tmp.path(), &target).map_err(io_err)?;
            tmp.forget();
        }
        Err(e) => return Err(io_err(e)),
    }
    // Make the replacement durable; not every platform or file system allows it.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    if read(&target).map_err(io_err)? != new {
        return Err(WriteError::Displaced {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// A save landed while acct replaced the note: put the other program's version
/// back, and refuse. If yet another save replaced acct's copy in the meantime,
/// the displaced copy is kept beside the note rather than deleted.
fn undo_exchange(path: &Path, target: &Path, tmp: TempNote, new: &[u8]) -> WriteError {
    let conflict = WriteError::Conflict {
        path: path.to_path_buf(),
    };
    match exchange(tmp.path(), target) {
        Ok(()) if read(tmp.path()).is_ok_and(|b| b == new) => conflict,
        Ok(()) | Err(_) => {
            let kept = tmp.keep();
            WriteError::KeptAside {
                path: path.to_path_buf(),
                kept,
            }
        }
    }
}

/// Whether the copy that an exchange took out holds exactly `expected` and no
/// other program still has it open for writing (a writer that opened it before
/// the exchange could still write into it, and that write would be lost).
fn replaced_copy_is(copy: &Path, expected: &[u8]) -> io::Result<bool> {
    let file = File::open(copy)?;
    let deadline = Instant::now() + OPEN_WAIT;
    let leased = loop {
        match lease::only_holder(&file) {
            Some(true) => break true,
            None => break false,
            Some(false) if Instant::now() >= deadline => return Ok(false),
            Some(false) => std::thread::sleep(Duration::from_millis(1)),
        }
    };
    let mut bytes = Vec::with_capacity(expected.len());
    (&file)
        .take(expected.len() as u64 + 1)
        .read_to_end(&mut bytes)?;
    // A program that began opening the copy for writing while acct read it
    // waits for the lease and writes once it is given back: its save would
    // land in the copy acct is about to remove.
    let unbroken = !leased || lease::unbroken(&file);
    lease::release(&file);
    Ok(unbroken && bytes == expected)
}

/// Reads a note for a comparison: a regular file only, never past the note
/// size limit, never blocking on a FIFO.
fn read(path: &Path) -> io::Result<Vec<u8>> {
    crate::vault::file::read_for_write(path)
}

/// Swaps two paths atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The file system or platform has no atomic exchange: acct falls back to a
/// rename after its second comparison.
fn exchange_unsupported(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::Unsupported
        || matches!(e.raw_os_error(), Some(code) if code == rustix::io::Errno::INVAL.raw_os_error()
            || code == rustix::io::Errno::NOSYS.raw_os_error())
}

/// Whether another process has a file open for writing, asked through a Linux
/// file lease: a read lease is granted only while no one has the file open for
/// writing (readers such as a pager do not count).
mod lease {
    use std::fs::File;

    /// `Some(true)` when no process has the file (opened read-only by the
    /// caller) open for writing, `Some(false)` when one has, `None` when leases are not available here (then acct relies on
    /// its comparisons alone).
    #[cfg(target_os = "linux")]
    pub fn only_holder(file: &File) -> Option<bool> {
        use std::os::fd::AsRawFd;
        ignore_lease_breaks();
        // SAFETY: fcntl on a file descriptor this function borrows; F_SETLEASE
        // takes an integer argument and touches no memory.
        let r = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETLEASE, libc::F_RDLCK) };
        if r == 0 {
            return Some(true);
        }
        match std::io::Error::last_os_error().raw_os_error() {
            Some(libc::EAGAIN) | Some(libc::EBUSY) => Some(false),
            _ => None,
        }
    }

    /// When a process opens a file for writing while acct holds a lease on it,
    /// the kernel tells acct with SIGIO — whose default action ends the
    /// process. acct only asks its question and gives the lease back at once,
    /// so it never wants that notice: the signal is ignored, once, before the
    /// first lease is taken (docs/writing.md).
    #[cfg(target_os = "linux")]
    fn ignore_lease_breaks() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            // SAFETY: SIG_IGN installs no handler and touches no memory; acct
            // uses SIGIO for nothing else.
            unsafe { libc::signal(libc::SIGIO, libc::SIG_IGN) };
        });
    }

    #[cfg(not(target_os = "linux"))]
    pub fn only_holder(_: &File) -> Option<bool> {
        None
    }

    /// Whether the lease [`only_holder`] took is still whole: no process has
    /// begun to open the file for writing since (the kernel then reports the
    /// lease it would break to, `F_UNLCK`, until the lease is given back).
    #[cfg(target_os = "linux")]
    pub fn unbroken(file: &File) -> bool {
        use std::os::fd::AsRawFd;
        // SAFETY: as above; F_GETLEASE takes no argument.
        unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLEASE) == libc::F_RDLCK }
    }

    #[cfg(not(target_os = "linux"))]
    pub fn unbroken(_: &File) -> bool {
        true
    }

    /// Gives a lease back (harmless when none is held).
    #[cfg(target_os = "linux")]
    pub fn release(file: &File) {
        use std::os::fd::AsRawFd;
        // SAFETY: as above.
        unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETLEASE, libc::F_UNLCK) };
    }

    #[cfg(not(target_os = "linux"))]
    pub fn release(_: &File) {}
}

/// The temporary file beside a note; removed on drop unless kept or consumed.
struct TempNote {
    path: PathBuf,
    remove: bool,
}

impl TempNote {
    /// Writes `bytes` to a new temporary file in `dir` with the note's
    /// permissions, owner and group, and syncs it.
    fn write(dir: &Path, bytes: &[u8], like: &fs::Metadata) -> io::Result<Self> {
        let pid = std::process::id();
        for attempt in 0u32..100 {
            let salt = xxhash_rust::xxh3::xxh3_64(
                format!("{pid}{attempt}{:?}", Instant::now()).as_bytes(),
            );
            let path = dir.join(format!(
                "{TEMP_PREFIX}{pid}-{:08x}{TEMP_SUFFIX}",
                salt as u32
            ));
            let mut file = match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            };
            let temp = TempNote { path, remove: true };
            file.write_all(bytes)?;
            file.set_permissions(like.permissions())?;
            if (like.uid(), like.gid()) != (file.metadata()?.uid(), file.metadata()?.gid()) {
                std::os::unix::fs::fchown(&file, Some(like.uid()), Some(like.gid()))?;
            }
            file.sync_all()?;
            return Ok(temp);
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free name for a temporary file",
        ))
    }

    fn path(&self) -> &Path {
        &self.path
    }

    /// The file was renamed away: nothing to remove.
    fn forget(mut self) {
        self.remove = false;
    }

    /// Leaves the file where it is and returns its path.
    fn keep(mut self) -> PathBuf {
        self.remove = false;
        self.path.clone()
    }
}

impl Drop for TempNote {
    fn drop(&mut self) {
        if self.remove {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Whether a file name is one of acct's temporary files.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
}

/// Removes temporary files that acct processes no longer running left anywhere
/// in the vault (a write killed half way). Returns how many were removed.
pub fn remove_stale_temp_files(root: &Path) -> usize {
    let walker = walkdir::WalkDir::new(root).follow_links(false).into_iter();
    walker
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !name.starts_with('.') || is_temp_name(&name)
        })
        .flatten()
        .filter(|e| e.file_type().is_file() && remove_if_stale(e.path()))
        .count()
}

/// [`remove_stale_temp_files`] for one folder, not below it (before a write there).
pub fn remove_stale_temp_files_in(dir: &Path) -> usize {
    fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()) && remove_if_stale(&e.path()))
            .count()
    })
}

/// Removes `path` if it is an acct temporary file whose process is gone.
fn remove_if_stale(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    if !is_temp_name(&name) {
        return false;
    }
    let pid = name[TEMP_PREFIX.len()..]
        .split('-')
        .next()
        .and_then(|p| p.parse::<u32>().ok());
    let alive = pid.is_some_and(|p| Path::new(&format!("/proc/{p}")).exists());
    !alive && fs::remove_file(path).is_ok()
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

/// How long a line diff may look for the fewest changed lines. A change of
/// thousands of lines in one note (a bulk action) would take seconds to
/// diff minimally; past this, the diff's middle is one changed region, which
/// undoes just as exactly (docs/writing.md, "Undo puts back only what acct
/// changed").
pub(crate) const DIFF_BUDGET: std::time::Duration = std::time::Duration::from_millis(100);

/// The changed line regions between `before` and `after`.
fn regions(before: &[u8], after: &[u8]) -> Vec<Region> {
    use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};
    let (a, b) = (lines(before), lines(after));
    // Where each line of `after` starts.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(b.iter().scan(0, |at, l| {
            *at += l.len();
            Some(*at)
        }))
        .collect();
    let mut out = Vec::new();
    let deadline = std::time::Instant::now() + DIFF_BUDGET;
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &a, &b, Some(deadline));
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
            at: starts[new.start],
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
        let current = match read(&self.path) {
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
    fn undo_of_thousands_of_changed_lines_restores_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Copies.md");
        let task = |n: usize, s: char| format!("- [{s}] Send the deck, copy {n} @Ana #task\n");
        let before: String = (0..6000).map(|n| task(n, '?')).collect();
        // Every other line changed, and the last few thousand all changed.
        let after: String = (0..6000)
            .map(|n| task(n, if n % 2 == 0 || n > 3000 { '-' } else { '?' }))
            .collect();
        fs::write(&path, &before).unwrap();
        let undo = write_with_undo(&path, before.as_bytes(), after.as_bytes()).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), after);
        undo.undo().unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), before);
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

    #[test]
    fn a_read_only_note_is_refused_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = note(dir.path());
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        let err = write_if_unchanged(&path, CRLF, NEW).unwrap_err();
        assert!(matches!(err, WriteError::ReadOnly { .. }), "{err}");
        assert!(err.to_string().contains("Acme.md is") || err.to_string().contains("read-only"));
        assert_eq!(fs::read(&path).unwrap(), CRLF);
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o444
        );
    }

    #[test]
    fn a_hard_linked_note_is_refused_and_keeps_its_links() {
        let dir = tempfile::tempdir().unwrap();
        let path = note(dir.path());
        let twin = dir.path().join("Twin.md");
        fs::hard_link(&path, &twin).unwrap();
        let err = write_if_unchanged(&path, CRLF, NEW).unwrap_err();
        assert!(
            matches!(err, WriteError::HardLinked { links: 2, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("hard links"), "{err}");
        assert_eq!(fs::metadata(&path).unwrap().nlink(), 2);
        assert_eq!(fs::read(&twin).unwrap(), CRLF);
    }

    #[test]
    fn owner_and_group_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = note(dir.path());
        // Only a privileged user can give a file away; elsewhere the note is the
        // writer's own and keeping it is the ordinary case below.
        let given = std::os::unix::fs::chown(&path, Some(4242), Some(4343)).is_ok();
        let before = fs::metadata(&path).unwrap();
        write_if_unchanged(&path, CRLF, NEW).unwrap();
        let after = fs::metadata(&path).unwrap();
        assert_eq!(fs::read(&path).unwrap(), NEW);
        assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
        if given {
            assert_eq!((after.uid(), after.gid()), (4242, 4343));
        }
    }

    #[test]
    fn a_folder_or_fifo_under_a_note_name_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("Folder.md");
        fs::create_dir(&folder).unwrap();
        let err = write_if_unchanged(&folder, CRLF, NEW).unwrap_err();
        assert!(matches!(err, WriteError::NotAFile { .. }), "{err}");
        let fifo = dir.path().join("Pipe.md");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let err = write_if_unchanged(&fifo, CRLF, NEW).unwrap_err();
        assert!(matches!(err, WriteError::NotAFile { .. }), "{err}");
    }

    #[test]
    fn only_stale_temp_files_of_acct_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("Customers");
        fs::create_dir(&sub).unwrap();
        // A process id above the kernel's limit is never running.
        let dead = sub.join(".acct-4194305-1a2b3c4d.tmp");
        let alive = sub.join(format!(".acct-{}-1a2b3c4d.tmp", std::process::id()));
        let other = sub.join(".tmp-someone-else");
        for p in [&dead, &alive, &other] {
            fs::write(p, NEW).unwrap();
        }
        assert_eq!(
            remove_stale_temp_files_in(dir.path()),
            0,
            "not below the folder"
        );
        assert_eq!(remove_stale_temp_files(dir.path()), 1);
        assert!(!dead.exists());
        assert!(alive.exists() && other.exists());
        fs::write(&dead, NEW).unwrap();
        assert_eq!(remove_stale_temp_files_in(&sub), 1);
        assert!(!dead.exists());
    }

    #[test]
    fn a_write_leaves_only_the_note() {
        let dir = tempfile::tempdir().unwrap();
        let path = note(dir.path());
        write_if_unchanged(&path, CRLF, NEW).unwrap();
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["Acme.md"]);
    }

    /// A note in `dir` whose lease acct holds, and a shell appending `x` to it,
    /// given 300 ms to begin: its open waits for the lease, which the kernel
    /// breaks. `None` where file leases are not available.
    fn leased_note_and_writer(dir: &Path) -> Option<(PathBuf, File, std::process::Child)> {
        let path = note(dir);
        let file = File::open(&path).unwrap();
        if lease::only_holder(&file) != Some(true) {
            eprintln!("note: file leases are not available here; skipped");
            return None;
        }
        assert!(lease::unbroken(&file), "no one is opening it yet");
        let writer = std::process::Command::new("sh")
            .arg("-c")
            .arg("printf x >> \"$0\"")
            .arg(&path)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(300));
        Some((path, file, writer))
    }

    /// The kernel breaks acct's lease when another process opens the note for
    /// writing meanwhile, and signals acct (SIGIO): acct must live through it.
    #[test]
    fn a_writer_opening_a_note_while_acct_holds_its_lease_does_not_end_acct() {
        let dir = tempfile::tempdir().unwrap();
        let Some((path, file, mut writer)) = leased_note_and_writer(dir.path()) else {
            return;
        };
        lease::release(&file);
        assert!(writer.wait().unwrap().success());
        assert!(fs::read(&path).unwrap().ends_with(b"x"), "the writer wrote");
    }

    /// A program that begins opening the replaced copy for writing while acct
    /// holds its lease waits for the lease and writes once acct gives it back;
    /// acct sees the lease broken, so it does not take the copy as unchanged.
    #[test]
    fn a_writer_waiting_on_the_lease_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let Some((_, file, mut writer)) = leased_note_and_writer(dir.path()) else {
            return;
        };
        assert!(!lease::unbroken(&file), "the writer's open broke the lease");
        lease::release(&file);
        assert!(writer.wait().unwrap().success());
    }

    #[test]
    fn a_copy_another_program_holds_open_is_not_taken() {
        let dir = tempfile::tempdir().unwrap();
        let path = note(dir.path());
        let first = File::open(&path).unwrap();
        if lease::only_holder(&first).is_none() {
            eprintln!("note: file leases are not available here; skipped");
            return;
        }
        lease::release(&first);
        drop(first);
        let reader = File::open(&path).unwrap();
        assert!(
            replaced_copy_is(&path, CRLF).unwrap(),
            "a reader does not count"
        );
        let writer = OpenOptions::new().write(true).open(&path).unwrap();
        assert!(!replaced_copy_is(&path, CRLF).unwrap());
        drop((reader, writer));
        assert!(replaced_copy_is(&path, CRLF).unwrap());
    }
}
