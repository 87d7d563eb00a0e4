//! acct's own state about a vault (docs/vault.md, "Since last review"): when acct
//! first saw it, and each account's review point. One folder per vault under the
//! platform's state directory; every file is written whole, atomically.

use std::collections::{BTreeMap, BTreeSet, btree_map::Entry};
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use serde::{Deserialize, Serialize};

/// The state file's format version.
const VERSION: u32 = 1;

/// The most a state or snapshot file is read to (a FIFO or a device under its
/// name is refused, never waited on or read whole).
const STATE_LIMIT: u64 = 1 << 30;

/// A point an account's changes are measured from: when, and the fingerprints of
/// its items and related notes (four bytes each, base64-packed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    /// Unix seconds.
    pub at: i64,
    pub items: Packed,
    pub notes: Packed,
}

/// Fingerprints packed as little-endian `u32`s in base64.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Packed(String);

impl Packed {
    pub fn pack(values: &[u32]) -> Self {
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        Packed(base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes))
    }

    /// The fingerprints; a damaged value gives none.
    pub fn unpack(&self) -> Vec<u32> {
        let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(&self.0)
            .unwrap_or_default();
        bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    }
}

/// Everything in the state file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub version: u32,
    /// The vault folder, for a person reading the file.
    pub vault: String,
    /// When acct first saw the vault (unix seconds); 0 before it is saved.
    pub first_seen: i64,
    /// Review points by account path.
    #[serde(default)]
    pub reviews: BTreeMap<String, Point>,
    /// In a vault without git history: each account as acct first saw it.
    #[serde(default)]
    pub seen: BTreeMap<String, Point>,
}

/// Why the state could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("cannot read acct's state file {path}: {message}")]
    Read { path: PathBuf, message: String },
    #[error("cannot write acct's state file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no folder for acct's state: set ACCT_STATE_DIR or XDG_STATE_HOME to an absolute path")]
    NoDir,
}

/// The state of one vault and where it lives.
#[derive(Debug, Clone)]
pub struct StateFile {
    dir: PathBuf,
    pub state: State,
}

/// The platform's state directory for acct: `$ACCT_STATE_DIR`, else
/// `$XDG_STATE_HOME/acct`, else the platform default (`~/.local/state/acct`).
pub fn state_root() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ACCT_STATE_DIR").map(PathBuf::from) {
        return Some(p);
    }
    let base = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(dirs::state_dir)
        .or_else(dirs::data_local_dir)?;
    Some(base.join("acct"))
}

/// The folder of one vault's state: its name and a hash of its absolute path.
pub fn vault_dir(root: &Path, vault: &Path) -> PathBuf {
    let abs = std::fs::canonicalize(vault).unwrap_or_else(|_| vault.to_path_buf());
    let name: String = abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let hash = xxhash_rust::xxh3::xxh3_64(abs.to_string_lossy().as_bytes());
    root.join("vaults").join(format!("{name}-{hash:016x}"))
}

impl StateFile {
    /// Opens the state of the vault at `vault` (an empty one when none is saved).
    pub fn open(vault: &Path) -> Result<Self, StateError> {
        let root = state_root().ok_or(StateError::NoDir)?;
        Self::open_in(&vault_dir(&root, vault), vault)
    }

    /// Opens the state kept in `dir`.
    pub fn open_in(dir: &Path, vault: &Path) -> Result<Self, StateError> {
        let path = dir.join("state.json");
        let state = match crate::vault::file::read_regular(&path, "a state file", STATE_LIMIT) {
            Ok(bytes) => serde_json::from_slice::<State>(&bytes).map_err(|e| StateError::Read {
                path: path.clone(),
                message: format!(
                    "it is not a state file acct wrote ({e}); move it away to start afresh"
                ),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => State {
                version: VERSION,
                vault: vault.display().to_string(),
                ..State::default()
            },
            Err(e) => {
                return Err(StateError::Read {
                    path,
                    message: e.to_string(),
                });
            }
        };
        Ok(Self {
            dir: dir.to_path_buf(),
            state,
        })
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join("state.json")
    }

    /// Whether the state was ever saved (acct has seen the vault before).
    pub fn is_new(&self) -> bool {
        self.state.first_seen == 0
    }

    /// Records a review point of the account at `path` and keeps its texts
    /// (what the point's fingerprints stand for) beside the state file, so a
    /// removed item can be shown by its text, then saves. Other processes'
    /// points written meanwhile are kept. Returns the accounts whose review
    /// point or first sight now differs from what this state held: `path`, and
    /// any another process recorded meanwhile (only their counts of what is new
    /// can have changed).
    pub fn record_review(
        &mut self,
        path: &str,
        point: Point,
        texts: &[u8],
    ) -> Result<BTreeSet<String>, StateError> {
        let at = point.at;
        write_atomic(&self.snapshot_path(path), texts)?;
        let vault = PathBuf::from(&self.state.vault);
        let mut changed = BTreeSet::from([path.to_string()]);
        if let Ok(on_disk) = Self::open_in(&self.dir, &vault) {
            for (p, point) in on_disk.state.reviews {
                if self.state.reviews.get(&p) != Some(&point) {
                    changed.insert(p.clone());
                    self.state.reviews.insert(p, point);
                }
            }
            for (p, seen) in on_disk.state.seen {
                if let Entry::Vacant(e) = self.state.seen.entry(p) {
                    changed.insert(e.key().clone());
                    e.insert(seen);
                }
            }
        }
        self.state.reviews.insert(path.to_string(), point);
        self.save(at)?;
        Ok(changed)
    }

    /// The texts kept with the review point of `path`, if any.
    pub fn reviewed_texts(&self, path: &str) -> Option<Vec<u8>> {
        crate::vault::file::read_regular(&self.snapshot_path(path), "a snapshot file", STATE_LIMIT)
            .ok()
    }

    fn snapshot_path(&self, path: &str) -> PathBuf {
        let hash = xxhash_rust::xxh3::xxh3_64(path.as_bytes());
        self.dir.join("reviewed").join(format!("{hash:016x}.json"))
    }

    /// Writes the state file atomically; the first save records `now` as when
    /// acct first saw the vault.
    pub fn save(&mut self, now: i64) -> Result<(), StateError> {
        if self.state.first_seen == 0 {
            self.state.first_seen = now;
        }
        self.state.version = VERSION;
        write_atomic(
            &self.path(),
            &serde_json::to_vec(&self.state).expect("state serializes"),
        )
    }
}

/// Writes `bytes` to `path` by way of a temporary file in the same folder,
/// flushed to disk, then renamed over it: a reader sees the old file or the new
/// one, never a part.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StateError> {
    let err = |source| StateError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(err)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_fingerprints_round_trip() {
        let v = vec![0, 1, u32::MAX, 0xdead_beef];
        assert_eq!(Packed::pack(&v).unpack(), v);
        assert!(Packed("!!".into()).unpack().is_empty());
    }

    #[test]
    fn a_review_is_saved_atomically_and_read_back_with_its_texts() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("v");
        let mut state = StateFile::open_in(&dir.path().join("s"), &vault).unwrap();
        assert!(state.is_new());
        let point = Point {
            at: 100,
            items: Packed::pack(&[1, 2]),
            notes: Packed::pack(&[]),
        };
        state
            .record_review("A.md", point.clone(), b"texts")
            .unwrap();
        let again = StateFile::open_in(&dir.path().join("s"), &vault).unwrap();
        assert_eq!(again.state.first_seen, 100);
        assert_eq!(again.state.reviews["A.md"], point);
        assert_eq!(again.reviewed_texts("A.md").as_deref(), Some(&b"texts"[..]));
        std::fs::write(again.path(), "{").unwrap();
        let e = StateFile::open_in(&dir.path().join("s"), &vault).unwrap_err();
        assert!(e.to_string().contains("state.json"), "{e}");
    }
}
