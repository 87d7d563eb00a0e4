//! Kept results: something computed from the whole vault (the list of every
//! account), kept on disk beside the parse cache with the fingerprint of every
//! input it was computed from, and used at a later start only when that
//! fingerprint is the same again (docs/performance.md, "Kept results").

use std::io::Write;
use std::path::{Path, PathBuf};

use super::CacheMode;
use super::cache::{platform_base, tend_folder, vault_folder};

/// Bumped whenever the layout of this file changes.
const FORMAT_VERSION: u32 = 1;
const MAGIC: &[u8; 8] = b"acctkept";
/// Magic, format version, checksum of everything after the prefix.
const PREFIX_LEN: usize = 8 + 4 + 8;

/// One kept result of one vault.
#[derive(Debug, Clone)]
pub struct Kept {
    file: PathBuf,
    root: String,
    build: u128,
}

impl Kept {
    /// The kept result `name` of the vault at `root`, where `mode` keeps caches;
    /// `None` when caches are off or the platform has no cache folder.
    /// Also `None` when the running executable cannot be identified: nothing is
    /// then kept, rather than something another build kept being trusted.
    pub fn for_vault(mode: &CacheMode, root: &Path, name: &str) -> Option<Self> {
        let build = this_build()?;
        let base = match mode {
            CacheMode::Off => return None,
            CacheMode::Platform => platform_base()?,
            CacheMode::In(base) => base.clone(),
        };
        let (folder, root) = vault_folder(&base, root);
        Some(Self {
            file: folder.join(format!("{name}.bin")),
            root,
            build,
        })
    }

    /// The kept result `name` of the same vault, beside this one.
    pub fn sibling(&self, name: &str) -> Self {
        Self {
            file: self.file.with_file_name(format!("{name}.bin")),
            ..self.clone()
        }
    }

    /// The file it is kept in.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The inputs' fingerprint folded with this acct's version, the build that
    /// runs and the vault's path: a result kept by another build (whose rules for
    /// computing it may differ, whatever its version says) or for another vault
    /// never matches.
    fn stamp(&self, inputs: u128) -> u128 {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        hasher.update(&[0]);
        hasher.update(&self.build.to_le_bytes());
        hasher.update(self.root.as_bytes());
        hasher.update(&[0]);
        hasher.update(&inputs.to_le_bytes());
        hasher.digest128()
    }

    /// The result kept for `inputs`; `None` when there is none, it was kept for
    /// other inputs, or the file is not whole (any of which means: compute it).
    pub fn load(&self, inputs: u128) -> Option<Payload> {
        // Never waiting on a FIFO or reading a device put under its name.
        let bytes = super::file::read_regular(&self.file, "a kept file", 1 << 30).ok()?;
        if bytes.len() < PREFIX_LEN + 16 || &bytes[..8] != MAGIC {
            return None;
        }
        if u32::from_le_bytes(bytes[8..12].try_into().ok()?) != FORMAT_VERSION {
            return None;
        }
        let checksum = u64::from_le_bytes(bytes[12..20].try_into().ok()?);
        if xxhash_rust::xxh3::xxh3_64(&bytes[PREFIX_LEN..]) != checksum {
            return None;
        }
        let stamp = u128::from_le_bytes(bytes[PREFIX_LEN..PREFIX_LEN + 16].try_into().ok()?);
        (stamp == self.stamp(inputs)).then_some(Payload {
            bytes,
            start: PREFIX_LEN + 16,
        })
    }

    /// Keeps `payload` as the result for `inputs`: written to a temporary file
    /// renamed over the old one, so a reader sees one whole file or the other.
    pub fn write(&self, inputs: u128, payload: &[u8]) -> std::io::Result<()> {
        self.write_parts(inputs, &[payload])
    }

    /// [`Kept::write`] of a payload in parts, one after the other (not copied
    /// into one buffer first).
    pub fn write_parts(&self, inputs: u128, parts: &[&[u8]]) -> std::io::Result<()> {
        let folder = self.file.parent().expect("a kept file sits in a folder");
        std::fs::create_dir_all(folder)?;
        let stamp = self.stamp(inputs).to_le_bytes();
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(&stamp);
        for part in parts {
            hasher.update(part);
        }
        let mut tmp = tempfile::Builder::new()
            .prefix(".kept-")
            .suffix(".tmp")
            .tempfile_in(folder)?;
        tmp.write_all(MAGIC)?;
        tmp.write_all(&FORMAT_VERSION.to_le_bytes())?;
        tmp.write_all(&hasher.digest().to_le_bytes())?;
        tmp.write_all(&stamp)?;
        for part in parts {
            tmp.write_all(part)?;
        }
        tmp.persist(&self.file).map_err(|e| e.error)?;
        tend_folder(folder, &self.root)
    }
}

/// A kept result as read: the file's bytes, used in place.
#[derive(Debug, PartialEq, Eq)]
pub struct Payload {
    bytes: Vec<u8>,
    /// Where the result starts, after the file's prefix and stamp.
    start: usize,
}

impl std::ops::Deref for Payload {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes[self.start..]
    }
}

/// The running executable, identified by its path, size and modification time.
fn this_build() -> Option<u128> {
    static BUILD: std::sync::OnceLock<Option<u128>> = std::sync::OnceLock::new();
    *BUILD.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let meta = std::fs::metadata(&exe).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(exe.to_string_lossy().as_bytes());
        hasher.update(&meta.len().to_le_bytes());
        hasher.update(&modified.as_nanos().to_le_bytes());
        Some(hasher.digest128())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(base: &Path, vault: &Path) -> Kept {
        Kept::for_vault(&CacheMode::In(base.to_path_buf()), vault, "rows").unwrap()
    }

    #[test]
    fn a_result_is_given_back_only_for_the_same_inputs_and_vault() {
        let base = tempfile::tempdir().unwrap();
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let k = kept(base.path(), a.path());
        assert_eq!(k.load(7), None, "nothing kept yet");
        k.write(7, b"seven").unwrap();
        assert_eq!(k.load(7).as_deref(), Some(&b"seven"[..]));
        assert_eq!(k.load(8), None, "other inputs");
        assert_eq!(kept(base.path(), b.path()).load(7), None, "another vault");
        k.write(8, b"").unwrap();
        assert_eq!(k.load(8).as_deref(), Some(&b""[..]));
        assert_eq!(k.load(7), None, "replaced");
        assert!(Kept::for_vault(&CacheMode::Off, a.path(), "rows").is_none());
    }

    #[test]
    fn a_result_kept_by_another_build_is_not_used() {
        let base = tempfile::tempdir().unwrap();
        let vault = tempfile::tempdir().unwrap();
        let ours = kept(base.path(), vault.path());
        let theirs = Kept {
            build: ours.build ^ 1,
            ..ours.clone()
        };
        theirs.write(7, b"their rows").unwrap();
        assert_eq!(theirs.load(7).as_deref(), Some(&b"their rows"[..]));
        assert_eq!(ours.load(7), None);
    }

    #[test]
    fn a_damaged_or_cut_file_is_never_used() {
        let base = tempfile::tempdir().unwrap();
        let vault = tempfile::tempdir().unwrap();
        let k = kept(base.path(), vault.path());
        k.write(1, b"the kept rows").unwrap();
        let whole = std::fs::read(k.file()).unwrap();
        for i in 0..whole.len() {
            let mut flipped = whole.clone();
            flipped[i] ^= 0x20;
            std::fs::write(k.file(), &flipped).unwrap();
            assert_eq!(k.load(1), None, "byte {i} flipped");
        }
        for len in 0..whole.len() {
            std::fs::write(k.file(), &whole[..len]).unwrap();
            assert_eq!(k.load(1), None, "cut to {len} bytes");
        }
        std::fs::write(k.file(), &whole).unwrap();
        assert_eq!(k.load(1).as_deref(), Some(&b"the kept rows"[..]));
    }
}
