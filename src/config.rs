//! The optional config file (`$XDG_CONFIG_HOME/acct/config.toml` on Linux).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Days without contact before an account of a status not in `[cadence]` is due.
pub const DEFAULT_CADENCE: u32 = 90;

/// Every key is optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub vault: Option<PathBuf>,
    pub account_types: Option<Vec<String>>,
    pub theme: Option<String>,
    pub editor: Option<String>,
    /// Days of history `acct changes` and the changes view show for an account
    /// never reviewed (docs/vault.md, "Since last review"); default 7.
    pub changes_days: Option<u32>,
    /// A frontmatter field each review dates (`reviewed` writes `reviewed:
    /// 2026-11-30`; docs/writing.md, "Reviewing"); none by default.
    pub review_key: Option<String>,
    /// Days without contact before an account is due, per status
    /// (`[cadence] active = 14`); [`DEFAULT_CADENCE`] for any other status.
    #[serde(default)]
    pub cadence: BTreeMap<String, u32>,
    /// The owner names that are "mine" in the tasks view (`@Owner`, any case).
    pub me: Option<Vec<String>>,
    /// Tags the tasks view leaves out of rows (default `task`, `proposed`, `auto`).
    pub hide_tags: Option<Vec<String>>,
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

/// Days without contact before an account is due, per status (lower case).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cadence(BTreeMap<String, u32>);

impl Cadence {
    /// The days allowed for an account of `status` ([`DEFAULT_CADENCE`] for a
    /// status not listed, or none).
    pub fn days(&self, status: Option<&str>) -> i64 {
        status
            .and_then(|s| self.0.get(&s.to_lowercase()))
            .copied()
            .unwrap_or(DEFAULT_CADENCE) as i64
    }
}

impl Config {
    /// The `[cadence]` table, statuses compared without case.
    pub fn cadence(&self) -> Cadence {
        Cadence(
            self.cadence
                .iter()
                .map(|(k, v)| (k.to_lowercase(), *v))
                .collect(),
        )
    }

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
        // As notes are read: never waiting on a FIFO, never reading a device whole.
        match crate::vault::file::read_regular_text(path, "a config file", 4 * 1024 * 1024) {
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
            "vault = \"/v\"\naccount_types = [\"customer\", \"partner\"]\ntheme = \"light\"\neditor = \"hx\"\nme = [\"Mara\"]\nhide_tags = [\"#auto\"]\n[keys]\ndown = [\"j\", \"n\"]\nquit = \"q\"\n",
        )
        .unwrap();
        assert_eq!(c.account_types(), vec!["customer", "partner"]);
        assert_eq!(c.keys["down"].keys(), vec!["j", "n"]);
        assert!(Config::parse("colour = 1").unwrap_err().contains("colour"));
        assert_eq!(Config::default().account_types(), vec!["customer"]);
        assert_eq!(c.me.as_deref(), Some(&["Mara".to_string()][..]));
    }

    #[test]
    fn cadence_is_per_status_without_case_and_ninety_days_otherwise() {
        let c = Config::parse("review_key = \"reviewed\"\n[cadence]\nActive = 14\nprospect = 30\n")
            .unwrap();
        assert_eq!(c.review_key.as_deref(), Some("reviewed"));
        let cadence = c.cadence();
        assert_eq!(cadence.days(Some("active")), 14);
        assert_eq!(cadence.days(Some("Prospect")), 30);
        assert_eq!(cadence.days(Some("paused")), 90);
        assert_eq!(cadence.days(None), 90);
        assert!(Config::parse("[cadence]\nactive = \"soon\"\n").is_err());
    }
}
