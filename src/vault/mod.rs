//! The vault: which folder it is (resolve, here), walking it and reading its
//! notes (scan), and the settings it declares about itself (settings).

pub mod cache;
pub mod file;
pub mod kept;
mod scan;
mod settings;
mod survey;

pub use scan::{
    CacheMode, CacheUpdate, Progress, VaultRead, is_note_path, read_all_counting, read_note,
    read_note_keyed, read_vault, read_vault_cached, read_vault_surveyed, relative, scan,
    scan_with_keys,
};
pub use settings::{
    APP_SETTINGS, IgnoreFilter, IgnoreFilters, RecurrenceSettings, TASKS_SETTINGS, VaultSettings,
    read_settings,
};
pub use survey::{Survey, survey};

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::Config;

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
