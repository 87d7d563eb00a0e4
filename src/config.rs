//! The optional config file (`$XDG_CONFIG_HOME/acct/config.toml` on Linux).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Every key is optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub vault: Option<PathBuf>,
    pub account_types: Option<Vec<String>>,
    pub theme: Option<String>,
    pub editor: Option<String>,
    /// `false` reads every note afresh at each start, without the parse cache
    /// (docs/performance.md).
    pub cache: Option<bool>,
    /// Key overrides: action name → key or keys (`"down" = ["j", "n"]`).
    #[serde(default)]
    pub keys: BTreeMap<String, KeyList>,
}

/// One key or a list of keys.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    pub fn keys(&self) -> Vec<&str> {
        match self {
            KeyList::One(k) => vec![k.as_str()],
            KeyList::Many(ks) => ks.iter().map(String::as_str).collect(),
        }
    }
}

/// A config file that exists but cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("config file {path}: {message}")]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl Config {
    /// The account types, defaulting to `["customer"]`.
    pub fn account_types(&self) -> Vec<String> {
        self.account_types
            .clone()
            .unwrap_or_else(|| vec!["customer".to_string()])
    }

    /// Where the config file lives: `$ACCT_CONFIG`, else the platform config dir.
    pub fn default_path() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os("ACCT_CONFIG") {
            return Some(PathBuf::from(p));
        }
        let base = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(dirs::config_dir)?;
        Some(base.join("acct").join("config.toml"))
    }

    /// Loads the config; a missing file is an empty config.
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        let Some(path) = path else {
            return Ok(Self::default());
        };
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text).map_err(|message| ConfigError {
                path: path.to_path_buf(),
                message,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(ConfigError {
                path: path.to_path_buf(),
                message: e.to_string(),
            }),
        }
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| e.message().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_key_and_rejects_unknown_ones() {
        let c = Config::parse(
            "vault = \"/v\"\naccount_types = [\"customer\", \"partner\"]\ntheme = \"light\"\neditor = \"hx\"\n[keys]\ndown = [\"j\", \"n\"]\nquit = \"q\"\n",
        )
        .unwrap();
        assert_eq!(c.account_types(), vec!["customer", "partner"]);
        assert_eq!(c.keys["down"].keys(), vec!["j", "n"]);
        assert!(Config::parse("colour = 1").unwrap_err().contains("colour"));
        assert_eq!(Config::default().account_types(), vec!["customer"]);
    }
}
