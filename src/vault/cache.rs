//! The parse cache: every note as parsed, kept on disk between runs, so that a
//! start on a vault whose notes did not change neither reads nor parses them.
//! Its format, its key and why it is never trusted blindly are in
//! docs/performance.md ("The parse cache").

use std::collections::HashMap;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::note::Note;
use crate::note::task::TaskStatuses;

/// Bumped whenever the layout of the file or of [`Note`] changes, or parsing
/// gives a different note for the same bytes; a file of another version is
/// ignored and rebuilt.
pub const FORMAT_VERSION: u32 = 5;
const MAGIC: &[u8; 8] = b"acctnote";
/// Magic, format version, checksum (of everything after the prefix, then the
/// header length), header length. The records follow the prefix, the header
/// comes last, so records can be written as they are made.
const PREFIX_LEN: usize = 8 + 4 + 8 + 8;
/// The file's name in the vault's cache folder.
const FILE_NAME: &str = "notes.bin";
/// Beside it, the vault's path, so the cache of a vault that is gone can be removed.
const VAULT_FILE: &str = "vault-path";

/// What identifies one version of a note file: if any of it differs, the note is
/// read and parsed again. The change time catches a modification time put back
/// by hand (`touch -d`), the inode a file replaced by another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileKey {
    size: u64,
    mtime: (i64, u32),
    ctime: (i64, u32),
    inode: u64,
    device: u64,
}

impl FileKey {
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        Self {
            size: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec() as u32),
            ctime: (meta.ctime(), meta.ctime_nsec() as u32),
            inode: meta.ino(),
            device: meta.dev(),
        }
    }

    #[cfg(not(unix))]
    pub fn of(meta: &std::fs::Metadata) -> Self {
        let since = |t: std::io::Result<std::time::SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos()))
        };
        Self {
            size: meta.len(),
            mtime: since(meta.modified()),
            ctime: since(meta.created()),
            inode: 0,
            device: 0,
        }
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Feeds every part of the key to `hasher`.
    pub fn hash_into(&self, hasher: &mut xxhash_rust::xxh3::Xxh3) {
        for part in [
            self.size,
            self.mtime.0 as u64,
            u64::from(self.mtime.1),
            self.ctime.0 as u64,
            u64::from(self.ctime.1),
            self.inode,
            self.device,
        ] {
            hasher.update(&part.to_le_bytes());
        }
    }

    /// Whether this key, taken during a read that started at `read_started`
    /// (whole seconds since the epoch), may be trusted at a later start. A file
    /// changed in the same second as the read (or dated in the future, when
    /// clocks disagree) could change again without its key changing on a file
    /// system that keeps whole seconds only, so it is not kept: the next start
    /// reads it again.
    pub fn settled(&self, read_started: i64) -> bool {
        self.mtime.0 < read_started && self.ctime.0 < read_started
    }
}

/// Where one note's record comes from when the cache is written again.
pub enum Record {
    /// Its bytes in the cache that was loaded (unchanged note).
    Kept(Range<usize>),
    /// Freshly encoded.
    Fresh(Vec<u8>),
}

/// A parse cache file being read ahead of the read of the vault that takes it
/// (docs/performance.md, "Starting").
#[derive(Debug)]
pub struct Preload {
    cache: ParseCache,
    reading: Option<std::thread::JoinHandle<Result<Loaded, Unusable>>>,
}

impl Preload {
    /// What reading `cache` gave, when this is a read of the same file for the
    /// same vault and settings; `None` when it is not (the settings changed
    /// since it started) or its thread could not start or failed.
    pub fn take(self, cache: &ParseCache) -> Option<Result<Loaded, Unusable>> {
        if self.cache != *cache {
            return None;
        }
        self.reading?.join().ok()
    }
}

/// One vault's parse cache file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseCache {
    file: PathBuf,
    root: String,
    settings: u64,
}

#[derive(Serialize, Deserialize)]
struct Header {
    acct_version: String,
    root: String,
    settings: u64,
    entries: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    path: String,
    key: FileKey,
    start: u64,
    len: u64,
}

/// Why a cache file was not used (it is then rebuilt).
#[derive(Debug, thiserror::Error)]
pub enum Unusable {
    #[error("cannot be read: {0}")]
    Unreadable(#[from] std::io::Error),
    #[error("is not an acct parse cache")]
    Foreign,
    #[error("was written in format {0}, this acct reads format {FORMAT_VERSION}")]
    OtherVersion(u32),
    #[error("is damaged (its checksum does not match)")]
    Damaged,
    #[error("was written by acct {0}")]
    OtherAcct(String),
    #[error("belongs to another vault or other task statuses")]
    OtherVault,
}

/// A cache file read and checked, ready to give back notes.
pub struct Loaded {
    bytes: Buffer,
    entries: HashMap<String, (FileKey, Range<usize>)>,
}

impl Loaded {
    /// The cached parse of `rel`, if its file still has `key`; `None` when the
    /// note must be read (not cached, changed, or its record cannot be decoded).
    pub fn note(&self, rel: &str, key: &FileKey) -> Option<(Note, Range<usize>)> {
        let (cached_key, range) = self.entries.get(rel)?;
        if cached_key != key {
            return None;
        }
        let note: Note = postcard::from_bytes(&self.bytes[range.clone()]).ok()?;
        (note.path == rel && note.byte_len as u64 == key.size).then(|| (note, range.clone()))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl ParseCache {
    /// The cache of the vault at `root` in the platform's cache folder
    /// (`~/.cache/acct/<hash of the vault's path>/` on Linux); `None` when the
    /// platform has none.
    pub fn for_vault(root: &Path, statuses: &TaskStatuses) -> Option<Self> {
        Some(Self::in_folder(&platform_base()?, root, statuses))
    }

    /// The cache of the vault at `root` under `base` (one folder per vault).
    pub fn in_folder(base: &Path, root: &Path, statuses: &TaskStatuses) -> Self {
        let (folder, root) = vault_folder(base, root);
        Self {
            file: folder.join(FILE_NAME),
            root,
            settings: statuses.fingerprint(),
        }
    }

    /// The cache file.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Starts reading the cache file on a thread of its own, for a read of the
    /// vault that will want it once other work is done ([`Preload`]).
    pub fn preload(self) -> Preload {
        let cache = self.clone();
        let reading = std::thread::Builder::new()
            .name("acct-cache-read".into())
            .spawn(move || cache.load())
            .ok();
        Preload {
            cache: self,
            reading,
        }
    }

    /// Reads and checks the cache file. Anything but a whole file of this
    /// version, for this vault and these settings, with a matching checksum, is
    /// refused.
    pub fn load(&self) -> Result<Loaded, Unusable> {
        let bytes = read_whole(&self.file)?;
        if bytes.len() < PREFIX_LEN || &bytes[..8] != MAGIC {
            return Err(Unusable::Foreign);
        }
        let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
        if version != FORMAT_VERSION {
            return Err(Unusable::OtherVersion(version));
        }
        let checksum = u64::from_le_bytes(bytes[12..20].try_into().expect("8 bytes"));
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(&bytes[PREFIX_LEN..]);
        hasher.update(&bytes[20..PREFIX_LEN]);
        if hasher.digest() != checksum {
            return Err(Unusable::Damaged);
        }
        let header_len = u64::from_le_bytes(bytes[20..28].try_into().expect("8 bytes"));
        let header_start = usize::try_from(header_len)
            .ok()
            .and_then(|len| bytes.len().checked_sub(len))
            .filter(|&start| start >= PREFIX_LEN)
            .ok_or(Unusable::Damaged)?;
        let body = PREFIX_LEN;
        let header: Header =
            postcard::from_bytes(&bytes[header_start..]).map_err(|_| Unusable::Damaged)?;
        if header.acct_version != env!("CARGO_PKG_VERSION") {
            return Err(Unusable::OtherAcct(header.acct_version));
        }
        if header.root != self.root || header.settings != self.settings {
            return Err(Unusable::OtherVault);
        }
        let mut entries = HashMap::with_capacity(header.entries.len());
        for e in header.entries {
            let range = usize::try_from(e.start)
                .ok()
                .zip(usize::try_from(e.len).ok())
                .and_then(|(start, len)| {
                    let start = body.checked_add(start)?;
                    Some(start..start.checked_add(len)?)
                })
                .filter(|r| r.end <= header_start)
                .ok_or(Unusable::Damaged)?;
            entries.insert(e.path, (e.key, range));
        }
        Ok(Loaded { bytes, entries })
    }

    /// Writes the cache: each note's record (its key, and its bytes kept from
    /// `loaded` or freshly encoded), to a temporary file renamed over the old one,
    /// so a reader sees the old file or the new one, never half of one.
    pub fn write(
        &self,
        loaded: Option<&Loaded>,
        records: Vec<(String, FileKey, Record)>,
    ) -> std::io::Result<()> {
        let mut writer = Writer::start(self)?;
        for (path, key, record) in records {
            match record {
                Record::Kept(range) => {
                    let loaded = loaded.expect("kept records come from a loaded cache");
                    writer.push(path, key, &loaded.bytes[range])?;
                }
                Record::Fresh(bytes) => writer.push(path, key, &bytes)?,
            }
        }
        writer.finish()
    }

    /// Deletes the cache file (`--no-cache` leaves it; this is for tests and a
    /// cache found wrong).
    pub fn remove(&self) -> std::io::Result<()> {
        match std::fs::remove_file(&self.file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// A whole cache file in memory.
enum Buffer {
    Empty,
    /// Anonymous memory, read into by [`read_whole`]: the file is tens or
    /// hundreds of megabytes, returned to the system whole when dropped.
    Mapped(memmap2::MmapMut),
}

impl std::ops::Deref for Buffer {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Buffer::Empty => &[],
            Buffer::Mapped(map) => map,
        }
    }
}

/// A cache file being written: each note's record appended as it comes (in
/// any order), then the header. Streamed through a buffer, the checksum computed
/// on the way: neither the records nor the file are ever whole in memory
/// (docs/performance.md, "The parse cache"). Nothing replaces the old file
/// until [`Writer::finish`]; a writer dropped before it leaves no trace.
pub struct Writer {
    cache: ParseCache,
    out: std::io::BufWriter<tempfile::NamedTempFile>,
    hasher: xxhash_rust::xxh3::Xxh3,
    entries: Vec<Entry>,
    len: u64,
}

impl Writer {
    /// A temporary file in the cache's folder, its prefix left to fill in.
    pub fn start(cache: &ParseCache) -> std::io::Result<Self> {
        let folder = cache
            .file
            .parent()
            .expect("the cache file sits in a folder");
        std::fs::create_dir_all(folder)?;
        let tmp = tempfile::Builder::new()
            .prefix(".notes-")
            .suffix(".tmp")
            .tempfile_in(folder)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp);
        out.write_all(&[0; PREFIX_LEN])?;
        Ok(Self {
            cache: cache.clone(),
            out,
            hasher: xxhash_rust::xxh3::Xxh3::new(),
            entries: Vec::new(),
            len: 0,
        })
    }

    /// Appends the record of the note at `path`, whose file had `key`.
    pub fn push(&mut self, path: String, key: FileKey, record: &[u8]) -> std::io::Result<()> {
        self.out.write_all(record)?;
        self.hasher.update(record);
        self.entries.push(Entry {
            path,
            key,
            start: self.len,
            len: record.len() as u64,
        });
        self.len += record.len() as u64;
        Ok(())
    }

    /// Appends a chunk of records laid end to end, each entry's `start` counted
    /// from the chunk's first byte.
    fn push_chunk(&mut self, bytes: &[u8], entries: &mut Vec<Entry>) -> std::io::Result<()> {
        self.out.write_all(bytes)?;
        self.hasher.update(bytes);
        let base = self.len;
        self.entries.extend(entries.drain(..).map(|mut e| {
            e.start += base;
            e
        }));
        self.len += bytes.len() as u64;
        Ok(())
    }

    /// Appends the header, fills in the prefix and renames the file over the old one.
    pub fn finish(mut self) -> std::io::Result<()> {
        let header = postcard::to_stdvec(&Header {
            acct_version: env!("CARGO_PKG_VERSION").to_string(),
            root: self.cache.root.clone(),
            settings: self.cache.settings,
            entries: self.entries,
        })
        .map_err(std::io::Error::other)?;
        let header_len = (header.len() as u64).to_le_bytes();
        self.out.write_all(&header)?;
        self.hasher.update(&header);
        self.hasher.update(&header_len);
        let mut tmp = self.out.into_inner().map_err(|e| e.into_error())?;
        use std::io::{Seek, SeekFrom};
        tmp.seek(SeekFrom::Start(0))?;
        tmp.write_all(MAGIC)?;
        tmp.write_all(&FORMAT_VERSION.to_le_bytes())?;
        tmp.write_all(&self.hasher.digest().to_le_bytes())?;
        tmp.write_all(&header_len)?;
        tmp.persist(&self.cache.file).map_err(|e| e.error)?;
        let folder = self
            .cache
            .file
            .parent()
            .expect("the cache file sits in a folder");
        tend_folder(folder, &self.cache.root)
    }
}

/// A [`Writer`] shared by the threads that read the notes. Each thread gathers
/// records in a [`Chunk`] of its own and takes the writer only to append a
/// whole chunk: taking it for every note made the threads wait on each
/// other's writes (docs/performance.md, "The parse cache"). A write that fails
/// stops the streaming; the failure is reported by [`Stream::finish`].
pub struct Stream {
    writer: std::sync::Mutex<std::io::Result<Writer>>,
}

/// How many bytes of records a [`Chunk`] gathers before it appends them.
const CHUNK_BYTES: usize = 512 * 1024;

impl Stream {
    pub fn start(cache: &ParseCache) -> Self {
        Self {
            writer: std::sync::Mutex::new(Writer::start(cache)),
        }
    }

    /// A chunk for one thread's records; it appends what it holds when dropped.
    pub fn chunk(&self) -> Chunk<'_> {
        Chunk {
            stream: self,
            bytes: Vec::new(),
            entries: Vec::new(),
        }
    }

    /// The writer, or the first error met, once every chunk was dropped.
    pub fn finish(self) -> std::io::Result<Writer> {
        self.writer.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// Records gathered by one thread for a [`Stream`].
pub struct Chunk<'s> {
    stream: &'s Stream,
    bytes: Vec<u8>,
    entries: Vec<Entry>,
}

impl Chunk<'_> {
    /// Adds the record of the note at `path`, whose file had `key`.
    pub fn push(&mut self, path: String, key: FileKey, record: &[u8]) {
        if self.bytes.capacity() == 0 {
            self.bytes.reserve_exact(CHUNK_BYTES + record.len());
        }
        self.entries.push(Entry {
            path,
            key,
            start: self.bytes.len() as u64,
            len: record.len() as u64,
        });
        self.bytes.extend_from_slice(record);
        if self.bytes.len() >= CHUNK_BYTES {
            self.append();
        }
    }

    fn append(&mut self) {
        if self.entries.is_empty() {
            return;
        }
        let mut writer = self.stream.writer.lock().unwrap_or_else(|e| e.into_inner());
        if let Ok(w) = &mut *writer
            && let Err(e) = w.push_chunk(&self.bytes, &mut self.entries)
        {
            *writer = Err(e);
        }
        self.bytes.clear();
        self.entries.clear();
    }
}

impl Drop for Chunk<'_> {
    fn drop(&mut self) {
        self.append();
    }
}

/// Reads the file at `path` whole, in pieces side by side (one per core, none
/// under 8 MiB): most of a read into fresh memory is the kernel clearing and
/// filling its pages, which the cores share; in 4 KiB pages, not huge pages,
/// whose clearing took up to half a second (docs/performance.md, "Resources").
/// A file that changes length meanwhile is cut short or fails to read;
/// either way its checksum no longer matches.
fn read_whole(path: &Path) -> std::io::Result<Buffer> {
    use std::os::unix::fs::FileExt;
    // Never waiting on a FIFO or reading a device put under the cache's name.
    let (file, meta) = super::file::open_regular(path, "a cache file")?;
    let len = usize::try_from(meta.len()).map_err(std::io::Error::other)?;
    if len == 0 {
        return Ok(Buffer::Empty);
    }
    let mut map = memmap2::MmapMut::map_anon(len)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let size = len.div_ceil(cores.min(len / READ_PIECE).max(1));
    let file = &file;
    std::thread::scope(|scope| {
        let pieces: Vec<_> = map
            .chunks_mut(size)
            .enumerate()
            .map(|(i, piece)| scope.spawn(move || file.read_exact_at(piece, (i * size) as u64)))
            .collect();
        pieces.into_iter().try_for_each(|piece| {
            piece
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("a reading thread failed")))
        })
    })?;
    Ok(Buffer::Mapped(map))
}

/// The smallest piece of the cache file [`read_whole`] reads on a thread of its own.
const READ_PIECE: usize = 8 << 20;

/// The platform's cache folder for acct (`~/.cache/acct` on Linux).
pub fn platform_base() -> Option<PathBuf> {
    Some(dirs::cache_dir()?.join("acct"))
}

/// The folder under `base` that holds the caches of the vault at `root`, and the
/// vault's path as recorded in them (canonical where it can be).
pub fn vault_folder(base: &Path, root: &Path) -> (PathBuf, String) {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let root = root.to_string_lossy().into_owned();
    let folder = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(root.as_bytes()));
    (base.join(folder), root)
}

/// Records the vault's path beside its caches (once), removes the temporary
/// files of writes cut short (a process that ended or was killed mid-write) and
/// the caches of vaults that are gone.
pub(super) fn tend_folder(folder: &Path, root: &str) -> std::io::Result<()> {
    let vault_file = folder.join(VAULT_FILE);
    if !vault_file.exists() {
        std::fs::write(vault_file, root)?;
    }
    remove_abandoned_temp_files(folder, std::time::Duration::from_secs(600));
    if let Some(base) = folder.parent() {
        remove_caches_of_gone_vaults(base);
    }
    Ok(())
}

/// Removes this folder's temporary cache files (`.notes-*.tmp`, `.kept-*.tmp`)
/// not touched for `age`: no write takes that long, so their writer is gone.
fn remove_abandoned_temp_files(folder: &Path, age: std::time::Duration) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let temporary =
            (name.starts_with(".notes-") || name.starts_with(".kept-")) && name.ends_with(".tmp");
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|elapsed| elapsed >= age);
        if temporary && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Removes the cache folders under `base` whose vault folder no longer exists
/// (a temporary or deleted vault), so they do not pile up.
fn remove_caches_of_gone_vaults(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let folder = entry.path();
        let Ok(root) = super::file::read_regular_text(&folder.join(VAULT_FILE), "a path", 1 << 16)
        else {
            continue;
        };
        if !root.is_empty() && !Path::new(&root).exists() {
            match std::fs::remove_dir_all(&folder) {
                Ok(()) => {
                    tracing::debug!(folder = %folder.display(), "removed the cache of a vault that is gone")
                }
                Err(e) => {
                    tracing::debug!(folder = %folder.display(), "could not remove an old cache: {e}")
                }
            }
        }
    }
}

#[cfg(test)]
mod tidy_tests {
    use super::*;

    #[test]
    fn a_large_file_read_in_pieces_is_read_whole_and_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.bin");
        // Several pieces' worth, not a multiple of a piece, every position
        // telling where it is.
        let len = 3 * READ_PIECE + 12_345;
        let bytes: Vec<u8> = (0..len)
            .map(|i| (i % 251) as u8 ^ (i / 251 % 256) as u8)
            .collect();
        std::fs::write(&path, &bytes).unwrap();
        assert!(*read_whole(&path).unwrap() == bytes[..]);
        std::fs::write(&path, b"").unwrap();
        assert!(read_whole(&path).unwrap().is_empty());
    }

    #[test]
    fn temporary_files_of_writes_cut_short_are_removed_once_old() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path();
        for name in [".notes-a1.tmp", ".kept-b2.tmp", "notes.bin", "rows.bin"] {
            std::fs::write(folder.join(name), "x").unwrap();
        }
        let present = |name: &str| folder.join(name).exists();
        remove_abandoned_temp_files(folder, std::time::Duration::from_secs(600));
        assert!(present(".notes-a1.tmp"), "a write may still be under way");
        remove_abandoned_temp_files(folder, std::time::Duration::ZERO);
        assert!(!present(".notes-a1.tmp") && !present(".kept-b2.tmp"));
        assert!(present("notes.bin") && present("rows.bin"), "caches stay");
    }
}

/// Encodes a parsed note as a cache record.
pub fn encode(note: &Note) -> Option<Vec<u8>> {
    // A record is about twice its note's size (the text, and the ranges into
    // it): room for that at once, not grown from nothing by doubling and copying.
    let room = note.byte_len.saturating_mul(2).saturating_add(256);
    postcard::to_extend(note, Vec::with_capacity(room)).ok()
}

/// What comparing the cache with a fresh parse found (`acct check --verify-cache`).
#[derive(Debug)]
pub struct Verification {
    pub file: PathBuf,
    /// Why the cache file could not be used at all, if it could not.
    pub unusable: Option<String>,
    /// Notes whose cached parse was compared with a fresh one.
    pub compared: usize,
    /// Vault paths whose cached parse differs from a fresh parse of the same bytes.
    pub differing: Vec<String>,
}

/// Compares every note the cache would serve with a fresh parse of its file.
/// A cache found wrong is deleted, so the next start rebuilds it.
pub fn verify(root: &Path, cache: &ParseCache, statuses: &TaskStatuses) -> Verification {
    use rayon::prelude::*;
    let mut verification = Verification {
        file: cache.file().to_path_buf(),
        unusable: None,
        compared: 0,
        differing: Vec::new(),
    };
    let loaded = match cache.load() {
        Ok(loaded) => loaded,
        Err(reason) => {
            verification.unusable = Some(reason.to_string());
            return verification;
        }
    };
    let (paths, _) = super::scan(root);
    let outcomes: Vec<Option<bool>> = paths
        .par_iter()
        .map(|rel| {
            let path = root.join(rel);
            let key = FileKey::of(&std::fs::metadata(&path).ok()?);
            let (cached, _) = loaded.note(rel, &key)?;
            let fresh = super::file::read_note_file(&path)
                .ok()
                .map(|(bytes, meta)| super::scan::parse_read(rel, bytes, &meta, statuses));
            Some(fresh.is_some_and(|fresh| encode(&fresh) == encode(&cached)))
        })
        .collect();
    for (rel, outcome) in paths.iter().zip(outcomes) {
        match outcome {
            Some(true) => verification.compared += 1,
            Some(false) => {
                verification.compared += 1;
                verification.differing.push(rel.clone());
            }
            None => {}
        }
    }
    if !verification.differing.is_empty() {
        let _ = cache.remove();
    }
    verification
}
