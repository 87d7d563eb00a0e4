//! What a vault declares about itself in `.obsidian/`: Obsidian's excluded
//! files and the Tasks plugin's statuses (docs/vault.md).

use std::path::Path;

use regex::Regex;

use crate::note::task::TaskStatuses;
use crate::problem::Problem;

/// Obsidian's own settings file, which holds the "Excluded files" filters.
pub const APP_SETTINGS: &str = ".obsidian/app.json";

/// Where the Tasks plugin keeps its settings (custom statuses), relative to the vault.
pub const TASKS_SETTINGS: &str = ".obsidian/plugins/obsidian-tasks-plugin/data.json";

/// Settings a vault declares about itself in `.obsidian/`.
#[derive(Debug, Clone, Default)]
pub struct VaultSettings {
    pub statuses: TaskStatuses,
    /// Obsidian's "Excluded files" (`userIgnoreFilters` in `.obsidian/app.json`).
    pub ignore_filters: IgnoreFilters,
    /// The Tasks plugin's settings as written (its global filter, global query
    /// and presets are read from them by the query engine).
    pub tasks_json: Option<String>,
    /// What the Tasks plugin's settings say about a recurring task's next
    /// occurrence, read once with the statuses.
    pub recurrence: RecurrenceSettings,
    pub problems: Vec<Problem>,
}

/// What the Tasks plugin's settings say about the next occurrence of a
/// recurring task done (docs/writing.md, "Recurring tasks").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecurrenceSettings {
    /// `recurrenceOnNextLine`: the new task goes below the done one, not above.
    pub below: bool,
    /// `setCreatedDate`: the new task is dated `➕` the day it is made.
    pub created_date: bool,
    /// `globalFilter`: only list items holding it are tasks to the plugin.
    pub global_filter: String,
}

impl RecurrenceSettings {
    /// Read from the plugin's `data.json` text; anything missing or unreadable
    /// is the plugin's default (above, no created date, no global filter).
    pub fn from_tasks_json(json: &str) -> Self {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(json) else {
            return Self::default();
        };
        Self {
            below: v["recurrenceOnNextLine"].as_bool().unwrap_or(false),
            created_date: v["setCreatedDate"].as_bool().unwrap_or(false),
            global_filter: v["globalFilter"].as_str().unwrap_or("").trim().to_string(),
        }
    }
}

/// Obsidian's "Excluded files", compiled once when the settings are read, since
/// every note is matched against them on every refresh.
#[derive(Debug, Clone, Default)]
pub struct IgnoreFilters {
    filters: Vec<IgnoreFilter>,
}

/// One excluded-files filter.
#[derive(Debug, Clone)]
pub enum IgnoreFilter {
    /// `/regex/`: the note is excluded when the regex matches its vault-relative path.
    Regex(Regex),
    /// A path prefix (a folder such as `Templates/`), matched case-insensitively;
    /// held lower-cased.
    Prefix(String),
}

impl IgnoreFilters {
    /// Compiles filters as `userIgnoreFilters` holds them. A `/regex/` that does not
    /// compile is left out; each one left out comes back with the reason.
    pub fn compile<S: AsRef<str>>(filters: &[S]) -> (Self, Vec<String>) {
        let mut compiled = Vec::with_capacity(filters.len());
        let mut bad = Vec::new();
        for f in filters {
            let f = f.as_ref();
            if f.len() > 2 && f.starts_with('/') && f.ends_with('/') {
                match Regex::new(&f[1..f.len() - 1]) {
                    Ok(re) => compiled.push(IgnoreFilter::Regex(re)),
                    Err(_) => bad.push(format!(
                        "excluded-files filter {f} is not a valid regular expression; it is ignored"
                    )),
                }
            } else {
                compiled.push(IgnoreFilter::Prefix(
                    f.trim_start_matches('/').to_lowercase(),
                ));
            }
        }
        (Self { filters: compiled }, bad)
    }

    /// [`IgnoreFilters::compile`], dropping any filter that does not compile.
    pub fn new<S: AsRef<str>>(filters: &[S]) -> Self {
        Self::compile(filters).0
    }

    /// The compiled filters, in the order the settings list them.
    pub fn filters(&self) -> &[IgnoreFilter] {
        &self.filters
    }

    pub fn is_empty(&self) -> bool {
        self.filters.is_empty()
    }

    /// Whether a vault-relative path is excluded by one of the filters.
    pub fn matches(&self, path: &str) -> bool {
        if self.filters.is_empty() {
            return false;
        }
        let mut lower: Option<String> = None;
        self.filters.iter().any(|f| match f {
            IgnoreFilter::Regex(re) => re.is_match(path),
            IgnoreFilter::Prefix(prefix) => lower
                .get_or_insert_with(|| path.to_lowercase())
                .starts_with(prefix.as_str()),
        })
    }
}

/// The most a settings file may hold (far more than any has).
const SETTINGS_LIMIT: u64 = 4 * 1024 * 1024;

/// Reads a settings file as notes are read: a FIFO, a device or a file of
/// gigabytes under its name is an error, never waited on or read whole.
fn read_settings_file(path: &Path) -> std::io::Result<String> {
    super::file::read_regular_text(path, "a settings file", SETTINGS_LIMIT)
}

/// Reads `.obsidian/app.json` and the Tasks plugin settings.
pub fn read_settings(root: &Path) -> VaultSettings {
    let mut settings = VaultSettings::default();
    match read_settings_file(&root.join(TASKS_SETTINGS)) {
        Ok(json) => {
            match TaskStatuses::from_settings_json(&json) {
                Ok((statuses, notes)) => {
                    settings.statuses = statuses;
                    settings.problems.extend(notes.into_iter().map(|note| {
                        Problem::warning(
                            TASKS_SETTINGS,
                            None,
                            format!("Tasks plugin settings: {note}"),
                        )
                    }));
                }
                Err(e) => settings.problems.push(Problem::error(
                    TASKS_SETTINGS,
                    None,
                    format!("Tasks plugin settings are {e}; default statuses used"),
                )),
            }
            settings.recurrence = RecurrenceSettings::from_tasks_json(&json);
            settings.tasks_json = Some(json);
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => settings.problems.push(Problem::error(
            TASKS_SETTINGS,
            None,
            format!("cannot read: {e}"),
        )),
    }
    let app = match read_settings_file(&root.join(APP_SETTINGS)) {
        Ok(json) => Some(json),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            settings.problems.push(Problem::error(
                APP_SETTINGS,
                None,
                format!("cannot read: {e}; no files excluded"),
            ));
            None
        }
    };
    if let Some(json) = app {
        match serde_json::from_str::<serde_json::Value>(&json) {
            Ok(v) => {
                let filters: Vec<&str> = v["userIgnoreFilters"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|f| f.as_str()).collect())
                    .unwrap_or_default();
                let (compiled, bad) = IgnoreFilters::compile(&filters);
                settings.ignore_filters = compiled;
                settings.problems.extend(
                    bad.into_iter()
                        .map(|why| Problem::warning(APP_SETTINGS, None, why)),
                );
            }
            Err(e) => settings.problems.push(Problem::error(
                APP_SETTINGS,
                None,
                format!("not valid JSON ({e}); excluded files ignored"),
            )),
        }
    }
    settings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_match_folders_case_insensitively_and_regexes_anywhere() {
        let filters = IgnoreFilters::new(&["Templates/", "/^T//", "/draft/"]);
        assert!(filters.matches("templates/T.md"));
        assert!(filters.matches("T/x.md"));
        assert!(filters.matches("Notes/a draft.md"));
        assert!(!filters.matches("Notes/Final.md"));
        assert!(!IgnoreFilters::default().matches("Templates/T.md"));
    }

    #[test]
    fn a_filter_that_is_not_a_regex_is_reported_once_and_left_out() {
        let (filters, bad) = IgnoreFilters::compile(&["/(unclosed/", "Archive/"]);
        assert_eq!(filters.filters().len(), 1);
        assert_eq!(
            bad,
            vec![
                "excluded-files filter /(unclosed/ is not a valid regular expression; it is ignored"
            ]
        );
        assert!(!filters.matches("(unclosed/a.md"));
    }
}
