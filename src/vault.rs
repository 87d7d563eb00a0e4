//! Finding the vault, walking it, and reading its notes from disk.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use rayon::prelude::*;

use crate::config::Config;
use crate::note::{self, Note};
use crate::problem::Problem;
use crate::task::{TASKS_SETTINGS, TaskStatuses};

static DEMO_VAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets/demo-vault");

/// Where the vault came from (shown to the person).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VaultSource {
    Flag,
    Env,
    Config,
    CurrentDir,
    Demo,
}

/// A resolved vault folder. The demo vault's temporary folder lives as long as this.
#[derive(Debug)]
pub struct Vault {
    pub root: PathBuf,
    pub source: VaultSource,
    _demo_dir: Option<tempfile::TempDir>,
}

/// Why no vault could be opened.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("vault folder {0} does not exist")]
    Missing(PathBuf),
    #[error("vault path {0} is not a folder")]
    NotAFolder(PathBuf),
    #[error("could not unpack the demo vault: {0}")]
    Demo(std::io::Error),
}

impl Vault {
    /// Resolves the vault: `--vault` > `$ACCT_VAULT` > config `vault` > the current
    /// folder if it holds `.obsidian/` > the bundled demo vault.
    pub fn resolve(flag: Option<&Path>, config: &Config) -> Result<Self, VaultError> {
        let env = std::env::var_os("ACCT_VAULT")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        let chosen = flag
            .map(|p| (p.to_path_buf(), VaultSource::Flag))
            .or_else(|| env.map(|p| (p, VaultSource::Env)))
            .or_else(|| {
                config
                    .vault
                    .clone()
                    .map(|p| (expand_home(&p), VaultSource::Config))
            });
        if let Some((root, source)) = chosen {
            return Self::open(root, source);
        }
        if let Ok(cwd) = std::env::current_dir()
            && cwd.join(".obsidian").is_dir()
        {
            return Self::open(cwd, VaultSource::CurrentDir);
        }
        Self::demo()
    }

    fn open(root: PathBuf, source: VaultSource) -> Result<Self, VaultError> {
        if !root.exists() {
            return Err(VaultError::Missing(root));
        }
        if !root.is_dir() {
            return Err(VaultError::NotAFolder(root));
        }
        Ok(Self {
            root,
            source,
            _demo_dir: None,
        })
    }

    /// Unpacks the bundled demo vault into a temporary folder.
    pub fn demo() -> Result<Self, VaultError> {
        let dir = tempfile::Builder::new()
            .prefix("acct-demo-vault-")
            .tempdir()
            .map_err(VaultError::Demo)?;
        DEMO_VAULT.extract(dir.path()).map_err(VaultError::Demo)?;
        Ok(Self {
            root: dir.path().to_path_buf(),
            source: VaultSource::Demo,
            _demo_dir: Some(dir),
        })
    }

    /// The name shown in the title bar.
    pub fn display_name(&self) -> String {
        if self.source == VaultSource::Demo {
            return "demo vault".to_string();
        }
        self.root.file_name().map_or_else(
            || self.root.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

fn expand_home(p: &Path) -> PathBuf {
    match (p.strip_prefix("~"), dirs::home_dir()) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => p.to_path_buf(),
    }
}

/// Settings a vault declares about itself in `.obsidian/`.
#[derive(Debug, Clone, Default)]
pub struct VaultSettings {
    pub statuses: TaskStatuses,
    /// Obsidian's "Excluded files" (`userIgnoreFilters` in `.obsidian/app.json`).
    pub ignore_filters: Vec<String>,
    pub problems: Vec<Problem>,
}

/// Reads `.obsidian/app.json` and the Tasks plugin settings.
pub fn read_settings(root: &Path) -> VaultSettings {
    let mut settings = VaultSettings::default();
    match std::fs::read_to_string(root.join(TASKS_SETTINGS)) {
        Ok(json) => match TaskStatuses::from_settings_json(&json) {
            Ok(statuses) => settings.statuses = statuses,
            Err(e) => settings.problems.push(Problem::error(
                TASKS_SETTINGS,
                None,
                format!("Tasks plugin settings are {e}; default statuses used"),
            )),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => settings.problems.push(Problem::error(
            TASKS_SETTINGS,
            None,
            format!("cannot read: {e}"),
        )),
    }
    const APP: &str = ".obsidian/app.json";
    if let Ok(json) = std::fs::read_to_string(root.join(APP)) {
        match serde_json::from_str::<serde_json::Value>(&json) {
            Ok(v) => {
                settings.ignore_filters = v["userIgnoreFilters"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|f| f.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
            }
            Err(e) => settings.problems.push(Problem::error(
                APP,
                None,
                format!("not valid JSON ({e}); excluded files ignored"),
            )),
        }
    }
    settings
}

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
pub fn read_note(root: &Path, rel: &str, statuses: &TaskStatuses) -> Result<Note, std::io::Error> {
    let bytes = std::fs::read(root.join(rel))?;
    Ok(note::parse_owned(rel, bytes, statuses))
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
