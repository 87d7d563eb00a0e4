//! Triage: walking the needs-review queue, oldest contact first.

use crate::model::dashboard::AccountSummary;

use super::{App, Pane};

/// The needs-review queue being walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triage {
    /// Account paths, oldest contact first.
    pub queue: Vec<String>,
    pub pos: usize,
}

impl App {
    pub(super) fn enter_triage(&mut self) {
        let mut queue: Vec<&AccountSummary> = self
            .rows
            .iter()
            .filter(|r| r.needs_review && !r.archived)
            .collect();
        queue.sort_by_key(|a| (a.last_contact, a.title.to_lowercase()));
        if queue.is_empty() {
            self.message = Some("nothing needs review".into());
            return;
        }
        let queue: Vec<String> = queue.into_iter().map(|r| r.path.clone()).collect();
        self.triage = Some(Triage { queue, pos: 0 });
        self.search.clear();
        self.selected = 0;
        self.focus = Pane::List;
        self.details = false;
        self.refilter(None);
    }

    pub(super) fn leave_triage(&mut self) {
        let keep = self.selected_path().map(str::to_string);
        self.triage = None;
        self.refilter(keep.as_deref());
    }

    /// Moves triage on after the current account was handled.
    pub fn triage_advance(&mut self) {
        if self.triage.is_some() {
            self.move_list(1);
        }
    }

    /// "3 of 17" while in triage.
    pub fn triage_progress(&self) -> Option<(usize, usize, usize)> {
        let t = self.triage.as_ref()?;
        let reviewed = t
            .queue
            .iter()
            .filter(|p| self.rows.iter().any(|r| &r.path == *p && !r.needs_review))
            .count();
        Some((self.selected + 1, t.queue.len(), reviewed))
    }
}
