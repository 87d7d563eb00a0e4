//! What a vault declares about itself in `.obsidian/`: Obsidian's excluded
//! files and the Tasks plugin's statuses.

use std::path::Path;

use crate::note::task::{TASKS_SETTINGS, TaskStatuses};
use crate::problem::Problem;

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
