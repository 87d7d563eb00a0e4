//! The vault-wide open tasks kept warm: computed beside the index when the
//! vault is read, kept current batch by batch by re-reading only the accounts
//! the changed notes feed, and lent to the tasks view while it shows every
//! account (docs/tasks.md).

use std::collections::BTreeSet;

use super::{App, Inbox};
use crate::index::Index;
use crate::index::change::Change;
use crate::model::inbox::{self, InboxTask, Scope};

/// Every live account's open tasks after a batch of changes, re-reading only
/// the accounts the changed notes feed (before and after); `None` when the
/// batch needs every account re-read (settings, a rescan, a folder removed).
pub fn merge_changed(
    old: Vec<InboxTask>,
    index: &Index,
    changes: &[Change],
) -> Option<Vec<InboxTask>> {
    let mut accounts: BTreeSet<String> = BTreeSet::new();
    for c in changes {
        match c {
            Change::Upsert(p) | Change::Remove(p) => {
                accounts.insert(p.clone());
                accounts.extend(index.accounts_touched_by(p));
                // Accounts the note fed before the change.
                accounts.extend(
                    old.iter()
                        .filter(|t| *t.path == **p)
                        .map(|t| t.account_path.to_string()),
                );
            }
            _ => return None,
        }
    }
    let fresh = accounts
        .iter()
        .filter(|a| index.is_account(a) && !index.is_archived(a))
        .filter_map(|a| {
            index
                .note(a)
                .map(|n| (n, inbox::collect(index, &Scope::Account(a.clone()))))
        });
    // Runs of tasks by account, in account order.
    let mut runs: Vec<((String, String), Vec<InboxTask>)> = Vec::new();
    for t in old
        .into_iter()
        .filter(|t| !accounts.contains(&*t.account_path))
    {
        match runs.last_mut() {
            Some((_, run)) if run[0].account_path == t.account_path => run.push(t),
            _ => runs.push((
                (t.account.to_lowercase(), t.account_path.to_string()),
                vec![t],
            )),
        }
    }
    for (note, tasks) in fresh {
        if !tasks.is_empty() {
            runs.push(((note.title.to_lowercase(), note.path.clone()), tasks));
        }
    }
    runs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut seen: foldhash::HashSet<u64> = Default::default();
    Some(
        runs.into_iter()
            .flat_map(|(_, run)| run)
            .filter(|t| seen.insert(xxhash_rust::xxh3::xxh3_64(t.id.as_bytes())))
            .collect(),
    )
}

impl App {
    /// Keeps every live account's open tasks, computed when the index was
    /// built, so the vault-wide tasks view opens without computing them.
    pub fn warm_inbox(&mut self, tasks: Vec<InboxTask>) {
        self.inbox_all = Some(tasks);
    }

    /// A tasks view on `scope`, taking the vault-wide tasks kept warm when it can.
    pub(super) fn inbox_on(&mut self, scope: Scope) -> Inbox {
        let tasks = match (&scope, self.inbox_all.take()) {
            (Scope::All, Some(tasks)) => tasks,
            (_, kept) => {
                self.inbox_all = kept;
                inbox::collect(&self.index, &scope)
            }
        };
        Inbox::with_tasks(scope, tasks)
    }

    /// Closes the tasks view; its vault-wide tasks are kept warm for the next time.
    pub(super) fn close_inbox(&mut self) {
        if let Some(view) = self.inbox.take()
            && view.scope == Scope::All
        {
            self.inbox_all = Some(view.tasks);
        }
    }

    /// Re-reads what a batch of changes can touch in the tasks view and in the
    /// vault-wide tasks kept warm.
    pub(super) fn refresh_inbox_after(&mut self, changes: &[Change]) {
        if let Some(all) = self.inbox_all.take() {
            self.inbox_all = Some(
                merge_changed(all, &self.index, changes)
                    .unwrap_or_else(|| inbox::collect(&self.index, &Scope::All)),
            );
        }
        if let Some(view) = self.inbox.as_mut() {
            view.reload_changed(&self.index, &self.inbox_settings, self.today, changes);
            view.scroll_to_cursor(self.drawn.inbox_rows.unwrap_or(10));
        }
    }

    /// Re-reads the tasks view after the index changed.
    pub(super) fn refresh_inbox(&mut self) {
        if let Some(view) = self.inbox.as_mut() {
            view.reload(&self.index, &self.inbox_settings, self.today);
            view.scroll_to_cursor(self.drawn.inbox_rows.unwrap_or(10));
        }
    }
}
