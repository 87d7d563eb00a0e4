//! What an account's list row reads of the vault: its notes, which of them are
//! archived, its activity notes, its tasks and the contact cadence. The index
//! answers all of it; so does the handful of notes a start after in-place
//! edits reads to recompute only the rows those edits feed
//! (docs/performance.md, "Rows after changes").

use crate::config::Cadence;
use crate::index::Index;
use crate::note::{Note, Task};

/// The facts [`super::summary`] computes a row from.
pub trait RowFacts {
    fn note(&self, path: &str) -> Option<&Note>;
    fn is_archived(&self, path: &str) -> bool;
    /// The account's activity notes (see [`Index::activity`]).
    fn activity<'a>(&'a self, account: &'a str) -> impl Iterator<Item = &'a str> + 'a;
    /// The account's tasks, any status, in path/line order.
    fn account_tasks(&self, account: &str) -> Vec<(&Note, &Task)>;
    fn cadence(&self) -> &Cadence;
}

impl RowFacts for Index {
    fn note(&self, path: &str) -> Option<&Note> {
        Index::note(self, path)
    }

    fn is_archived(&self, path: &str) -> bool {
        Index::is_archived(self, path)
    }

    fn activity<'a>(&'a self, account: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        Index::activity(self, account)
    }

    fn account_tasks(&self, account: &str) -> Vec<(&Note, &Task)> {
        Index::account_tasks(self, account)
    }

    fn cadence(&self) -> &Cadence {
        &self.cadence
    }
}
