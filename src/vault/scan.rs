//! Walking the vault for its notes and reading them from disk.

use std::path::Path;

use rayon::prelude::*;

use crate::note::task::TaskStatuses;
use crate::note::{self, Note};
use crate::problem::Problem;

/// Whether a vault-relative path is a note acct reads (`*.md`, not under a dot-folder).
pub fn is_note_path(rel: &str) -> bool {
    rel.to_ascii_lowercase().ends_with(".md") && !rel.split('/').any(|part| part.starts_with('.'))
}

/// Every note path in the vault, vault-relative and `/`-separated, sorted.
/// Dot-folders are skipped; symlinked folders are followed once, never in a loop.
pub fn scan(root: &Path) -> (Vec<String>, Vec<Problem>) {
    let mut paths = Vec::new();
    let mut problems = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if let Some(rel) = relative(root, e.path())
                    && is_note_path(&rel)
                {
                    paths.push(rel);
                }
            }
            Ok(_) => {}
            Err(e) if e.loop_ancestor().is_some() => {}
            Err(e) => {
                let path = e.path().and_then(|p| relative(root, p)).unwrap_or_default();
                problems.push(Problem::warning(
                    &path,
                    None,
                    format!(
                        "cannot read: {}",
                        e.io_error().map_or(e.to_string(), |io| io.to_string())
                    ),
                ));
            }
        }
    }
    paths.sort();
    paths.dedup();
    (paths, problems)
}

/// A path relative to the vault root, `/`-separated.
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Reads and parses one note; an unreadable file gives a note carrying the problem.
/// Only regular files are read, never more than the note size limit, and a FIFO
/// or device under a note's name is an error rather than a wait
/// ([`super::file`]).
pub fn read_note(root: &Path, rel: &str, statuses: &TaskStatuses) -> Result<Note, std::io::Error> {
    Ok(match super::file::read_note_bytes(&root.join(rel))? {
        super::file::NoteBytes::Read(bytes) => note::parse_owned(rel, bytes, statuses),
        super::file::NoteBytes::TooLarge(size) => note::too_large(rel, size),
    })
}

/// A whole vault, read and parsed: what an index is built from.
#[derive(Debug, Clone, Default)]
pub struct VaultRead {
    pub settings: super::VaultSettings,
    pub notes: Vec<Note>,
    /// Folders and notes that could not be read.
    pub problems: Vec<Problem>,
}

/// Reads the settings and every note of the vault (in parallel), counting the notes
/// read in `progress`.
pub fn read_vault(root: &Path, progress: &Progress) -> VaultRead {
    let settings = super::read_settings(root);
    let (paths, mut problems) = scan(root);
    let (notes, read_problems) = read_all_counting(root, &paths, &settings.statuses, progress);
    problems.extend(read_problems);
    VaultRead {
        settings,
        notes,
        problems,
    }
}

/// How far reading a vault has got, for a progress display.
#[derive(Debug, Default)]
pub struct Progress {
    /// Notes found by the scan.
    pub total: std::sync::atomic::AtomicUsize,
    /// Notes read and parsed so far.
    pub read: std::sync::atomic::AtomicUsize,
}

/// Reads and parses every note in parallel, counting each note read in `progress`.
pub fn read_all_counting(
    root: &Path,
    paths: &[String],
    statuses: &TaskStatuses,
    progress: &Progress,
) -> (Vec<Note>, Vec<Problem>) {
    use std::sync::atomic::Ordering::Relaxed;
    progress.total.store(paths.len(), Relaxed);
    let results: Vec<Result<Note, Problem>> = paths
        .par_iter()
        .map(|rel| {
            let note = read_note(root, rel, statuses)
                .map_err(|e| Problem::error(rel, None, format!("cannot read: {e}")));
            progress.read.fetch_add(1, Relaxed);
            note
        })
        .collect();
    let mut notes = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(n) => notes.push(n),
            Err(p) => problems.push(p),
        }
    }
    (notes, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_skips_dot_folders_follows_links_once_and_never_loops() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("Linked.md"), "# Linked\n").unwrap();
        let vault = tempfile::tempdir().unwrap();
        let root = vault.path();
        std::fs::create_dir_all(root.join("A/.hidden")).unwrap();
        std::fs::create_dir_all(root.join(".trash")).unwrap();
        std::fs::write(root.join("A/Note.md"), "# Note\n").unwrap();
        std::fs::write(root.join("A/.hidden/Secret.md"), "").unwrap();
        std::fs::write(root.join(".trash/Old.md"), "").unwrap();
        std::fs::write(root.join("A/image.png"), "").unwrap();
        std::os::unix::fs::symlink(root, root.join("A/loop")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("Shared")).unwrap();
        let (paths, problems) = scan(root);
        assert_eq!(paths, vec!["A/Note.md", "Shared/Linked.md"]);
        assert!(problems.is_empty(), "{problems:?}");
    }
}
