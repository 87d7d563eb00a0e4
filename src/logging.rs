//! The log file: what went wrong or slow, for when someone asks "why did that
//! happen?" later. Never the terminal, which belongs to the dashboard or to the
//! command's output.
//!
//! The file is `acct/acct.log` in the platform's state folder
//! (`$XDG_STATE_HOME`, else `~/.local/state`, on Linux), or in the local data
//! folder where the platform has no state folder (macOS, Windows). `ACCT_LOG`
//! sets the level (`error`, `warn`, `info`, `debug`, `trace`, or any
//! `tracing` filter such as `acct::watch=debug`); the default is `info`.
//! See README.md, "Logs".

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// The environment variable that sets the log level.
pub const LEVEL_ENV: &str = "ACCT_LOG";

/// The level when `ACCT_LOG` is unset or empty.
const DEFAULT_LEVEL: &str = "info";

/// A log at start-up larger than this is moved to `acct.log.old`, so the file
/// never grows without bound.
const MAX_BYTES: u64 = 10 * 1024 * 1024;

/// The process's peak and current resident memory in MiB, where the system says
/// (`/proc/self/status` on Linux), for the start-up timings in the log.
pub fn memory_mib() -> Option<(f64, f64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<f64> {
        let kib: f64 = status
            .lines()
            .find(|l| l.starts_with(name))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()?;
        Some(kib / 1024.0)
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

/// Where the log is written: `<state folder>/acct/acct.log`, falling back to the
/// local data folder, then the home folder's `.local/state`.
pub fn log_path() -> Option<PathBuf> {
    let base = dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .or_else(|| dirs::home_dir().map(|h| h.join(".local/state")))?;
    Some(base.join("acct").join("acct.log"))
}

/// Sends `tracing` events to the log file from now on, at the level `ACCT_LOG`
/// asks for. Returns the file's path, or `None` when it cannot be opened (a
/// read-only home): acct then runs without a log, since no message may disturb
/// the terminal.
pub fn init() -> Option<PathBuf> {
    let path = log_path()?;
    let level = std::env::var(LEVEL_ENV).ok();
    init_at(&path, level.as_deref()).then_some(path)
}

/// [`init`] with the file and the level given: `level` is what `ACCT_LOG` would
/// hold. Returns whether the log was set up (only the first call in a process can).
pub fn init_at(path: &Path, level: Option<&str>) -> bool {
    let Ok(file) = open(path) else {
        return false;
    };
    let requested = level.filter(|v| !v.trim().is_empty());
    let (filter, bad) = match requested.map(EnvFilter::try_new) {
        Some(Ok(filter)) => (filter, None),
        Some(Err(e)) => (EnvFilter::new(DEFAULT_LEVEL), Some(e)),
        None => (EnvFilter::new(DEFAULT_LEVEL), None),
    };
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .try_init()
        .is_ok();
    if let (true, Some(e)) = (installed, bad) {
        tracing::warn!(
            "{LEVEL_ENV}={:?} is not a log level or filter ({e}); logging at {DEFAULT_LEVEL}",
            requested.unwrap_or_default()
        );
    }
    installed
}

/// Opens the log for appending, creating its folder, and moves an oversized one aside.
fn open(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_BYTES) {
        std::fs::rename(path, path.with_extension("log.old"))?;
    }
    OpenOptions::new().create(true).append(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_oversized_log_is_moved_aside_and_a_fresh_one_started() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acct").join("acct.log");
        drop(open(&path).unwrap());
        assert!(path.exists(), "the folder and file are created");
        std::fs::write(&path, vec![b'x'; MAX_BYTES as usize + 1]).unwrap();
        drop(open(&path).unwrap());
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
        assert!(dir.path().join("acct/acct.log.old").exists());
    }
}
