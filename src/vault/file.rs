//! Reading a note file without trusting what sits under its name: only regular
//! files are read (after following a symbolic link), the size is checked before
//! any byte is read, no more than the limit is ever read, and opening never
//! blocks — a FIFO or a device named `*.md` is refused, not waited on
//! (docs/vault.md, what acct reads). Every other file acct reads (the vault's
//! settings, its config, state and caches) is opened by the same rules
//! ([`read_regular`]).

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use crate::note::MAX_NOTE_BYTES;

/// A note file's bytes, or its size when it is over the limit (nothing read).
#[derive(Debug, PartialEq, Eq)]
pub enum NoteBytes {
    Read(Vec<u8>),
    TooLarge(u64),
}

/// Reads the note file at `path` as described in the module documentation.
/// Anything that is not a regular file is an error of kind `InvalidInput` whose
/// message says what it is.
pub fn read_note_bytes(path: &Path) -> io::Result<NoteBytes> {
    read_note_file(path).map(|(bytes, _)| bytes)
}

/// [`read_note_bytes`], with the metadata of the file as it was opened (what
/// the parse cache keys a note by).
pub fn read_note_file(path: &Path) -> io::Result<(NoteBytes, std::fs::Metadata)> {
    let (file, meta) = open_regular(path, "a note file; skipped")?;
    let bytes = match read_within(&file, &meta, MAX_NOTE_BYTES as u64)? {
        Ok(bytes) => NoteBytes::Read(bytes),
        Err(size) => NoteBytes::TooLarge(size),
    };
    Ok((bytes, meta))
}

/// The bytes of an open regular file, or its size when that is over `limit`:
/// checked before any byte is read, and never read past, since the file may
/// have grown meanwhile.
fn read_within(
    file: &File,
    meta: &std::fs::Metadata,
    limit: u64,
) -> io::Result<Result<Vec<u8>, u64>> {
    if meta.len() > limit {
        return Ok(Err(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

/// The error for a file of `size` bytes over the `limit` for `what`.
fn over_limit(size: u64, limit: u64, what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "it is {:.1} MiB, over the {} MiB limit for {what}",
            size as f64 / (1024.0 * 1024.0),
            limit / (1024 * 1024)
        ),
    )
}

/// Opens `path` for reading without blocking, and only when it is a regular
/// file (after following a symbolic link); anything else is an error of kind
/// `InvalidInput` that says what it is, and that it is not `wanted`.
pub fn open_regular(path: &Path, wanted: &str) -> io::Result<(File, std::fs::Metadata)> {
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    let kind = meta.file_type();
    if !kind.is_file() {
        let what = if kind.is_dir() {
            "a folder"
        } else if kind.is_fifo() {
            "a FIFO (named pipe)"
        } else if kind.is_char_device() || kind.is_block_device() {
            "a device"
        } else if kind.is_socket() {
            "a socket"
        } else {
            "not a regular file"
        };
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {what}, not {wanted}"),
        ));
    }
    Ok((file, meta))
}

/// Reads a file acct depends on besides notes — the vault's settings, its own
/// config, state and caches — by the rules notes are read by: never blocking
/// on a FIFO, only a regular file, never more than `limit` bytes (over it, an
/// error of kind `InvalidInput` that says so). `wanted` names what the file
/// should be, for the error.
pub fn read_regular(path: &Path, wanted: &str, limit: u64) -> io::Result<Vec<u8>> {
    let (file, meta) = open_regular(path, wanted)?;
    read_within(&file, &meta, limit)?.map_err(|size| over_limit(size, limit, wanted))
}

/// [`read_regular`] of a text file; bytes that are not UTF-8 are an error.
pub fn read_regular_text(path: &Path, wanted: &str, limit: u64) -> io::Result<String> {
    String::from_utf8(read_regular(path, wanted, limit)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

/// Reads a note file acct is about to write or has written (for its
/// comparisons): the same rules, a file over the limit being an error.
pub fn read_for_write(path: &Path) -> io::Result<Vec<u8>> {
    match read_note_bytes(path)? {
        NoteBytes::Read(bytes) => Ok(bytes),
        NoteBytes::TooLarge(size) => Err(over_limit(size, MAX_NOTE_BYTES as u64, "notes")),
    }
}

/// Opens for reading without blocking: a FIFO with no writer would otherwise
/// hold the open forever.
fn open_nonblocking(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_note_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "# A\n").unwrap();
        assert_eq!(
            read_note_bytes(&p).unwrap(),
            NoteBytes::Read(b"# A\n".to_vec())
        );
    }

    #[test]
    fn a_file_over_its_limit_is_refused_and_one_within_it_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("data.json");
        std::fs::write(&p, vec![b'x'; 2 * 1024 * 1024 + 1]).unwrap();
        let e = read_regular(&p, "a settings file", 2 * 1024 * 1024).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        assert_eq!(
            e.to_string(),
            "it is 2.0 MiB, over the 2 MiB limit for a settings file"
        );
        std::fs::write(&p, b"{}").unwrap();
        assert_eq!(
            read_regular_text(&p, "a settings file", 2 * 1024 * 1024).unwrap(),
            "{}"
        );
    }

    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pipe.md");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&p)
                .status()
                .unwrap()
                .success()
        );
        let err = read_note_bytes(&p).unwrap_err();
        assert!(err.to_string().contains("FIFO"), "{err}");
    }

    #[test]
    fn a_link_to_a_device_is_refused_and_never_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("zero.md");
        std::os::unix::fs::symlink("/dev/zero", &p).unwrap();
        let err = read_note_bytes(&p).unwrap_err();
        assert!(err.to_string().contains("a device"), "{err}");
    }

    #[test]
    fn a_huge_sparse_note_is_measured_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sparse.md");
        let f = File::create(&p).unwrap();
        f.set_len(2 * 1024 * 1024 * 1024).unwrap();
        assert_eq!(
            read_note_bytes(&p).unwrap(),
            NoteBytes::TooLarge(2 * 1024 * 1024 * 1024)
        );
        assert!(
            read_for_write(&p)
                .unwrap_err()
                .to_string()
                .contains("2048.0 MiB")
        );
    }
}
