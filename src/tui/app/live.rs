//! Keeping the dashboard current as notes change on disk: applying a batch of
//! file changes to the index and recomputing only what they touch.

use std::collections::BTreeSet;

use super::{App, Pane};
use crate::model::dashboard::{self, Dashboard};

/// How the watcher is doing, for the title bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveState {
    Off,
    Live,
    Polling(String),
    /// Not watching, for this reason (the vault folder is gone).
    Lost(String),
}

impl App {
    /// Applies a batch of file changes to the index; the selection stays on the
    /// same note, follows it across a rename, and moves to a neighbour when it was
    /// deleted. Returns whether anything shown may have changed. While the
    /// loading thread still computes the vault's lists from the index, the
    /// changes are held and applied once it hands them over ([`App::take_lists`]).
    pub fn apply_changes(&mut self, changes: Vec<crate::index::change::Update>) -> bool {
        let selected = self.selected_path().map(str::to_string);
        let old = selected
            .as_deref()
            .and_then(|p| self.index.note(p))
            .map(|n| (n.fingerprint, n.title.clone()));
        let Some(index) = std::sync::Arc::get_mut(&mut self.index) else {
            self.held_changes.extend(changes);
            return false;
        };
        let paths: Vec<crate::index::change::Change> = changes.iter().map(|u| u.change()).collect();
        let applied = index.apply(changes);
        if applied.is_empty() {
            return false;
        }
        self.query_answers = None;
        let mut keep = selected.clone();
        if let (Some(path), Some((fingerprint, title))) = (&selected, &old)
            && self.index.note(path).is_none()
        {
            // A rename arrives as a removal and an addition: follow the same bytes, else the same title.
            let added: Vec<&str> = applied
                .notes
                .iter()
                .filter(|c| c.kind == crate::index::change::ChangeKind::Added)
                .map(|c| c.path.as_str())
                .collect();
            let moved = added
                .iter()
                .find(|p| {
                    self.index
                        .note(p)
                        .is_some_and(|n| n.fingerprint == *fingerprint)
                })
                .or_else(|| {
                    added
                        .iter()
                        .find(|p| self.index.note(p).is_some_and(|n| &n.title == title))
                });
            keep = moved.map(|p| p.to_string());
            if keep.is_none() {
                self.message = Some(format!("{title} was deleted ({path})"));
            }
        }
        if let Some(t) = self.triage.as_mut() {
            if let (Some(old), Some(new)) = (&selected, &keep) {
                for p in t.queue.iter_mut().filter(|p| *p == old) {
                    *p = new.clone();
                }
            }
            t.queue.retain(|p| self.index.is_account(p));
        }
        if let Some(why) = &applied.rescanned {
            self.message = Some(format!("vault re-read ({why})"));
        }
        let keep_pos = self.selected;
        // Rows and what is new can differ only in the accounts the notes the
        // index re-derived named, before and after (docs/performance.md,
        // "Live updates"); after a settings change or a rescan, in any.
        match &applied.touched {
            Some(touched) => {
                self.update_rows(touched);
                self.count_changes_of(touched);
            }
            None => {
                self.rows = dashboard::summaries(&self.index, self.today, true);
                self.count_changes();
            }
        }
        for c in &applied.notes {
            self.count_query_problems(&c.path);
        }
        self.count_problems();
        self.refresh_problems();
        self.search_cache = None;
        self.selected = keep_pos;
        self.refilter(keep.as_deref());
        self.refresh_inbox_after(&paths);
        self.refresh_blocks();
        true
    }

    /// Re-counts the unsupported query blocks of one note.
    pub(super) fn count_query_problems(&mut self, path: &str) {
        match self.index.note(path) {
            Some(note) => {
                let n = dashboard::query_problems(note, self.today).len();
                self.query_problems.insert(path.to_string(), n);
            }
            None => {
                self.query_problems.remove(path);
            }
        }
    }

    /// The title bar's problem count: what `acct check` reports (live notes
    /// only), from cached parts.
    pub(super) fn count_problems(&mut self) {
        let warnings: usize = self
            .rows
            .iter()
            .filter(|r| !r.archived)
            .map(|r| r.warnings)
            .sum();
        let index = &self.index;
        let read = index
            .problems()
            .iter()
            .filter(|p| !index.is_archived(&p.path))
            .count();
        let queries: usize = (self.query_problems.iter())
            .filter(|(path, _)| !index.is_archived(path))
            .map(|(_, n)| n)
            .sum();
        self.problem_count = read + warnings + queries;
    }

    /// Recomputes the list rows of some accounts and keeps the list order.
    pub(super) fn update_rows(&mut self, accounts: &BTreeSet<String>) {
        self.rows.retain(|r| !accounts.contains(&r.path));
        for path in accounts {
            if let Some(note) = self
                .index
                .note(path)
                .filter(|_| self.index.is_account(path))
            {
                self.rows
                    .push(dashboard::summary(&*self.index, note, self.today));
            }
        }
        dashboard::sort_for_triage(&mut self.rows);
    }
}

/// Which panes show different content between two builds of one dashboard.
pub(super) fn changed_panes(old: Option<&Dashboard>, new: Option<&Dashboard>) -> Vec<Pane> {
    let (Some(a), Some(b)) = (old, new) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if (&a.status, &a.table, &a.warnings, &a.tags, a.last_contact)
        != (&b.status, &b.table, &b.warnings, &b.tags, b.last_contact)
    {
        out.push(Pane::Status);
    }
    if a.blockers != b.blockers {
        out.push(Pane::Blockers);
    }
    if a.decisions != b.decisions {
        out.push(Pane::Decisions);
    }
    if a.open_tasks != b.open_tasks {
        out.push(Pane::Tasks);
    }
    if a.recent_context != b.recent_context {
        out.push(Pane::Recent);
    }
    out
}
