//! The facts of the rows an update recomputes, from the notes read for them
//! (docs/performance.md, "Rows after changes").

use rustc_hash::FxHashMap as HashMap;

use crate::config::Cadence;
use crate::index;
use crate::model::dashboard::RowFacts;
use crate::note::{Note, Task};
use crate::vault::VaultSettings;

/// The facts of the touched accounts' rows, from the notes read for them.
pub(super) struct Facts<'a> {
    pub(super) notes: HashMap<&'a str, &'a Note>,
    pub(super) activity: HashMap<&'a str, Vec<&'a str>>,
    pub(super) tasks: HashMap<&'a str, Vec<(&'a str, usize)>>,
    pub(super) settings: &'a VaultSettings,
    pub(super) cadence: Cadence,
}

impl RowFacts for Facts<'_> {
    fn note(&self, path: &str) -> Option<&Note> {
        self.notes.get(path).copied()
    }

    fn is_archived(&self, path: &str) -> bool {
        index::is_archived_path(path, &self.settings.ignore_filters)
    }

    fn activity<'a>(&'a self, account: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.activity.get(account).into_iter().flatten().copied()
    }

    fn account_tasks(&self, account: &str) -> Vec<(&Note, &Task)> {
        (self.tasks.get(account).into_iter().flatten())
            .filter_map(|(path, i)| {
                let note = self.notes.get(path)?;
                Some((*note, note.tasks.get(*i)?))
            })
            .collect()
    }

    fn cadence(&self) -> &Cadence {
        &self.cadence
    }
}
