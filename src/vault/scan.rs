//! Walking the vault for its notes and reading them from disk.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::cache::{self, FileKey, Loaded, ParseCache, Record};

use crate::note::task::TaskStatuses;
use crate::note::{self, Note};
use crate::problem::Problem;

/// Whether a vault-relative path is a note acct reads (`*.md`, not under a dot-folder).
pub fn is_note_path(rel: &str) -> bool {
    rel.to_ascii_lowercase().ends_with(".md") && !rel.split('/').any(|part| part.starts_with('.'))
}

/// Every note path in the vault, vault-relative and `/`-separated, sorted.
/// Dot-folders are skipped; symlinked folders are followed once, never in a loop.
/// The folders are walked on every core (`ignore`'s parallel walker, with none
/// of its ignore-file rules): on a vault of thousands of folder-note accounts
/// the walk was the longest serial step of a start (docs/performance.md).
pub fn scan(root: &Path) -> (Vec<String>, Vec<Problem>) {
    let (found, problems) = walk(root, false);
    (found.into_iter().map(|(path, _)| path).collect(), problems)
}

/// [`scan`], with each note's file key taken by the thread that found it
/// (`None` where it could not be taken): a survey in one pass over the vault.
pub fn scan_with_keys(root: &Path) -> (Vec<(String, Option<FileKey>)>, Vec<Problem>) {
    walk(root, true)
}

fn walk(root: &Path, keys: bool) -> (Vec<(String, Option<FileKey>)>, Vec<Problem>) {
    let found = std::sync::Mutex::new((Vec::new(), Vec::new()));
    ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .hidden(true)
        .follow_links(true)
        .threads(rayon::current_num_threads())
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                let outcome = match entry {
                    Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => relative(root, e.path())
                        .filter(|rel| is_note_path(rel))
                        .map(|rel| {
                            // Followed through a link when the entry is one, as a
                            // read of the note would be.
                            let key = keys
                                .then(|| std::fs::metadata(e.path()).ok())
                                .flatten()
                                .map(|m| FileKey::of(&m));
                            Ok((rel, key))
                        }),
                    Ok(_) => None,
                    Err(e) => walk_problem(root, &e).map(Err),
                };
                if let Some(outcome) = outcome {
                    let mut found = found.lock().unwrap_or_else(|p| p.into_inner());
                    match outcome {
                        Ok(note) => found.0.push(note),
                        Err(problem) => found.1.push(problem),
                    }
                }
                ignore::WalkState::Continue
            })
        });
    let (mut notes, mut problems) = found.into_inner().unwrap_or_else(|p| p.into_inner());
    notes.sort_unstable_by(|a: &(String, Option<FileKey>), b| a.0.cmp(&b.0));
    notes.dedup_by(|a, b| a.0 == b.0);
    problems.sort_by(|a: &Problem, b: &Problem| a.path.cmp(&b.path));
    (notes, problems)
}

/// What a walk error means for a person: nothing for a symlink that loops back
/// to a folder above it (that folder is walked once), else what could not be read.
fn walk_problem(root: &Path, e: &ignore::Error) -> Option<Problem> {
    let (mut path, mut err) = (None, e);
    loop {
        match err {
            ignore::Error::Loop { .. } => return None,
            ignore::Error::WithDepth { err: inner, .. }
            | ignore::Error::WithLineNumber { err: inner, .. } => err = inner,
            ignore::Error::WithPath {
                path: p,
                err: inner,
            } => {
                path = Some(p);
                err = inner;
            }
            _ => break,
        }
    }
    let rel = path.and_then(|p| relative(root, p)).unwrap_or_default();
    let why = err.io_error().map_or(err.to_string(), |io| io.to_string());
    Some(Problem::warning(&rel, None, format!("cannot read: {why}")))
}

/// A path relative to the vault root, `/`-separated.
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    // The common case, a clean UTF-8 path, as it is (on Unix, `/`-separated already).
    if cfg!(unix)
        && let Some(text) = rel.to_str()
        && !text.is_empty()
        && !text.starts_with("./")
        && !text.ends_with('/')
        && !text.contains("//")
        && !text.contains("/./")
        && !text.ends_with("/.")
        && text != "."
    {
        return Some(text.to_string());
    }
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
    let (bytes, meta) = super::file::read_note_file(&root.join(rel))?;
    Ok(parse_read(rel, bytes, &meta, statuses))
}

/// [`read_note`], with the key of the file as it was read.
pub fn read_note_keyed(
    root: &Path,
    rel: &str,
    statuses: &TaskStatuses,
) -> Result<(Note, FileKey), std::io::Error> {
    let (bytes, meta) = super::file::read_note_file(&root.join(rel))?;
    Ok((parse_read(rel, bytes, &meta, statuses), FileKey::of(&meta)))
}

/// A note parsed from the bytes read from its file, with the file's times.
pub(super) fn parse_read(
    rel: &str,
    bytes: super::file::NoteBytes,
    meta: &std::fs::Metadata,
    statuses: &TaskStatuses,
) -> Note {
    let mut note = match bytes {
        super::file::NoteBytes::Read(bytes) => note::parse_owned(rel, bytes, statuses),
        super::file::NoteBytes::TooLarge(size) => note::too_large(rel, size),
    };
    note.set_file_times(meta);
    note
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

/// Whether reading a vault uses a parse cache, and which (docs/performance.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheMode {
    /// Read and parse every note (`--no-cache`, `cache = false`).
    Off,
    /// The vault's cache in the platform's cache folder.
    Platform,
    /// The vault's cache under this folder (tests, benchmarks).
    In(PathBuf),
}

impl CacheMode {
    /// The mode the config asks for: the platform cache unless `cache = false`.
    pub fn from_config(config: &crate::config::Config) -> Self {
        if config.cache == Some(false) {
            Self::Off
        } else {
            Self::Platform
        }
    }

    /// The parse cache of the vault at `root` under these task statuses; `None`
    /// when off (or the system has no cache folder).
    pub fn cache(&self, root: &Path, statuses: &TaskStatuses) -> Option<ParseCache> {
        match self {
            CacheMode::Off => None,
            CacheMode::Platform => ParseCache::for_vault(root, statuses),
            CacheMode::In(base) => Some(ParseCache::in_folder(base, root, statuses)),
        }
    }
}

/// A parse cache to write after a read that found changes: written off the
/// thread that needs the index ([`CacheUpdate::write`]).
pub struct CacheUpdate {
    cache: ParseCache,
    loaded: Option<Loaded>,
    records: Vec<(String, FileKey, Record)>,
    /// When there was no cache to keep records from: the writer the records
    /// were streamed to while the notes were read.
    streamed: Option<std::io::Result<cache::Writer>>,
}

impl CacheUpdate {
    /// Writes the cache file; a failure is logged, never shown: the next start
    /// reads every note again.
    pub fn write(self) {
        let file = self.cache.file().to_path_buf();
        let written = match self.streamed {
            Some(writer) => writer.and_then(cache::Writer::finish),
            None => self.cache.write(self.loaded.as_ref(), self.records),
        };
        match written {
            Ok(()) => tracing::debug!(file = %file.display(), "parse cache written"),
            Err(e) => {
                tracing::warn!(file = %file.display(), "could not write the parse cache: {e}")
            }
        }
    }
}

/// [`read_vault`] through the parse cache: a note whose file has the key the
/// cache holds for it is taken from the cache, neither read nor parsed. Returns
/// the cache to write when anything differed from it.
pub fn read_vault_cached(
    root: &Path,
    progress: &Progress,
    mode: &CacheMode,
) -> (VaultRead, Option<CacheUpdate>) {
    let (read, update, _) =
        read_vault_surveyed(root, progress, mode, super::read_settings(root), None, None);
    (read, update)
}

/// [`read_vault_cached`] with the vault's settings already read and, when the
/// caller surveyed the vault first, its survey: its paths and keys are used as
/// they are, not walked and taken again. Without one (and with a cache), the
/// read takes each note's key as it opens the note and gives them back as a
/// survey of its own, started when the read started: what a survey would have
/// vouched for, without a `stat` of every note first (docs/performance.md,
/// "Kept results").
pub fn read_vault_surveyed(
    root: &Path,
    progress: &Progress,
    mode: &CacheMode,
    settings: super::VaultSettings,
    survey: Option<super::Survey>,
    preload: Option<cache::Preload>,
) -> (VaultRead, Option<CacheUpdate>, Option<super::Survey>) {
    let Some(cache) = mode.cache(root, &settings.statuses) else {
        let (paths, mut problems) = match survey {
            Some(s) => (s.paths, s.problems),
            None => scan(root),
        };
        let (notes, read_problems) = read_all_counting(root, &paths, &settings.statuses, progress);
        problems.extend(read_problems);
        let read = VaultRead {
            settings,
            notes,
            problems,
        };
        return (read, None, None);
    };
    let read_started = survey
        .as_ref()
        .map_or_else(super::survey::current_second, |s| s.started);
    let started = std::time::Instant::now();
    // Read ahead, when the caller started it early enough and for this cache.
    let loaded = preload.and_then(|p| p.take(&cache));
    let loaded = match loaded.unwrap_or_else(|| cache.load()) {
        Ok(loaded) => Some(loaded),
        Err(reason) => {
            tracing::info!(file = %cache.file().display(), "parse cache not used: it {reason}");
            None
        }
    };
    let cache_loaded = started.elapsed();
    // Read only when the timings below are logged: not a file read on every start.
    let cache_peak = tracing::enabled!(tracing::Level::DEBUG)
        .then(crate::logging::memory_mib)
        .flatten()
        .map(|m| m.0);
    let surveyed = survey.is_some();
    let (paths, mut problems, keys) = match survey {
        Some(s) => (s.paths, s.problems, s.keys),
        None => {
            let (paths, problems) = scan(root);
            (paths, problems, Vec::new())
        }
    };
    // Without a survey, the walk's problems and each note's key as the read
    // takes it make the survey this read gives back.
    let mut taken = (!surveyed).then(|| (problems.clone(), Vec::with_capacity(paths.len())));
    let scanned = started.elapsed();
    use std::sync::atomic::Ordering::Relaxed;
    progress.total.store(paths.len(), Relaxed);
    let statuses = &settings.statuses;
    // With no cache to keep records from, every note is encoded afresh: each
    // record goes to the file as it is made (by the thread that made it, through
    // the writer's buffer) instead of all waiting in memory for the write
    // (docs/performance.md, "The parse cache"). A write that fails stops the
    // streaming; the failure is reported when the cache is written.
    let stream = loaded.is_none().then(|| cache::Stream::start(&cache));
    let results: Vec<Result<ReadNote, Problem>> = paths
        .par_iter()
        .enumerate()
        .map_init(
            || stream.as_ref().map(cache::Stream::chunk),
            |chunk, (i, rel)| {
                let key = keys.get(i).copied().flatten();
                let mut result = read_through(root, rel, statuses, loaded.as_ref(), key)
                    .map_err(|e| Problem::error(rel, None, format!("cannot read: {e}")));
                if let (Some(chunk), Ok((note, key, record))) = (chunk, &mut result)
                    && key.settled(read_started)
                    && let Some(Record::Fresh(bytes)) = record.take()
                {
                    chunk.push(note.path.clone(), *key, &bytes);
                }
                if let Ok((_, _, Some(Record::Kept(_)))) = &result {
                    progress.cached.fetch_add(1, Relaxed);
                }
                progress.read.fetch_add(1, Relaxed);
                result
            },
        )
        .collect();
    // Where start-up time goes (docs/performance.md), at `ACCT_LOG=debug`.
    tracing::debug!(
        cache_load_ms = cache_loaded.as_secs_f64() * 1e3,
        walk_ms = (scanned - cache_loaded).as_secs_f64() * 1e3,
        read_ms = (started.elapsed() - scanned).as_secs_f64() * 1e3,
        notes = results.len(),
        cache_peak_mib = cache_peak,
        peak_mib = crate::logging::memory_mib().map(|m| m.0),
        "vault read"
    );
    let mut notes = Vec::with_capacity(results.len());
    let mut records = Vec::with_capacity(results.len());
    // Notes read afresh, and the cache's entries not used (notes changed or gone).
    let mut fresh = 0;
    let mut kept = 0;
    for r in results {
        if let Some((_, keys)) = &mut taken {
            keys.push(r.as_ref().ok().map(|(_, key, _)| *key));
        }
        match r {
            Ok((note, key, record)) => {
                match record {
                    Some(Record::Kept(_)) => kept += 1,
                    _ => fresh += 1,
                }
                match record {
                    Some(record) if key.settled(read_started) => {
                        records.push((note.path.clone(), key, record));
                    }
                    // Not kept: it is read again at the next start (a note read
                    // from the cache was settled when kept, so this one is fresh).
                    _ => {}
                }
                notes.push(note);
            }
            Err(p) => problems.push(p),
        }
    }
    let read = VaultRead {
        settings,
        notes,
        problems,
    };
    // Rewriting the cache costs about as much as reading it back; a few notes
    // that differ from it are cheaper to read again at the next start too, until
    // one note in twenty differs (docs/performance.md).
    let rewrite = match &loaded {
        None => true,
        Some(l) => (fresh + l.len() - kept) * 20 > paths.len(),
    };
    let update = rewrite.then_some(CacheUpdate {
        cache,
        loaded,
        records,
        streamed: stream.map(cache::Stream::finish),
    });
    let taken = taken.map(|(problems, keys)| super::Survey {
        paths,
        keys,
        problems,
        started: read_started,
    });
    (read, update, taken)
}

/// A note, its file's key, and its cache record (none when it could not be encoded).
type ReadNote = (Note, FileKey, Option<Record>);

/// One note from the cache when its key matches, else read and parsed (and
/// encoded for the cache). The file is opened before its key is taken, and the
/// key is that of the open file: a change after the key was taken gives a new
/// key, so it is read again next time. `surveyed` is the key a survey took
/// before this read, if one did.
fn read_through(
    root: &Path,
    rel: &str,
    statuses: &TaskStatuses,
    loaded: Option<&Loaded>,
    surveyed: Option<FileKey>,
) -> std::io::Result<ReadNote> {
    let path = root.join(rel);
    if let Some(loaded) = loaded {
        let key = match surveyed {
            Some(key) => key,
            None => FileKey::of(&std::fs::metadata(&path)?),
        };
        if let Some((note, range)) = loaded.note(rel, &key) {
            return Ok((note, key, Some(Record::Kept(range))));
        }
    }
    // Only a regular file, never blocking, never past the size limit (`file.rs`).
    let (bytes, meta) = super::file::read_note_file(&path)?;
    let key = FileKey::of(&meta);
    let note = parse_read(rel, bytes, &meta, statuses);
    let record = cache::encode(&note).map(Record::Fresh);
    Ok((note, key, record))
}

/// How far reading a vault has got, for a progress display.
#[derive(Debug, Default)]
pub struct Progress {
    /// Notes found by the scan.
    pub total: std::sync::atomic::AtomicUsize,
    /// Notes read and parsed so far (taken from the parse cache included).
    pub read: std::sync::atomic::AtomicUsize,
    /// Of those, the notes taken from the parse cache, neither read nor parsed.
    pub cached: std::sync::atomic::AtomicUsize,
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
    fn relative_paths_are_slash_separated_and_clean() {
        let root = Path::new("/v");
        let rel = |p: &str| relative(root, Path::new(p));
        assert_eq!(rel("/v/A/B.md").as_deref(), Some("A/B.md"));
        assert_eq!(rel("/v//A/./B.md").as_deref(), Some("A/B.md"));
        assert_eq!(rel("/v/A/B/.").as_deref(), Some("A/B"));
        assert_eq!(rel("/v/A/B/").as_deref(), Some("A/B"));
        assert_eq!(rel("/v"), None);
        assert_eq!(rel("/elsewhere/A.md"), None);
    }

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
