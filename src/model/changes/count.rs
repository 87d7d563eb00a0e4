//! How many things are new in an account since its baseline, counted as
//! [`diff`](super::diff) counts them ([`Changes::new_count`](super::Changes::new_count))
//! but without the changes themselves: the dashboard counts every account when
//! it starts, and only a status item's text matters to the count
//! (docs/performance.md, "Since last review").

use std::collections::HashMap;

use super::diff::{Baseline, ItemChange, note_changes, status_changes};
use super::{PaneKind, Snapshot, fingerprint, pane_of};

/// Takes an account's items now, in the order of its snapshot, and counts
/// what its baseline does not have.
pub struct Counter<'b> {
    base: &'b Baseline,
    /// The baseline's fingerprints not yet matched by an item now.
    left: HashMap<u32, usize>,
    /// Items now that the baseline does not have, status fields aside.
    added: usize,
    /// Status fields now that the baseline does not have (their text decides
    /// how they pair with the removed ones).
    added_status: Vec<ItemChange>,
}

impl<'b> Counter<'b> {
    pub fn new(base: &'b Baseline) -> Self {
        let mut left: HashMap<u32, usize> = HashMap::with_capacity(base.items.len());
        for fp in &base.items {
            *left.entry(*fp).or_default() += 1;
        }
        Self {
            base,
            left,
            added: 0,
            added_status: Vec::new(),
        }
    }

    /// One item of the account now.
    pub fn item(&mut self, pane: PaneKind, text: &str) {
        match self.left.get_mut(&fingerprint(pane, text)) {
            Some(n) if *n > 0 => *n -= 1,
            _ if pane == PaneKind::Status => self.added_status.push(change(Some(text))),
            _ => self.added += 1,
        }
    }

    /// The count, given the account's related notes now (`now.notes`).
    pub fn finish(mut self, now: &Snapshot) -> usize {
        // Only removed status fields count (paired with added ones); the
        // baseline's items are matched in the order a diff matches them.
        let mut removed_status = Vec::new();
        match &self.base.snapshot {
            Some(old) => {
                for item in &old.items {
                    let fp = fingerprint(item.pane, &item.text);
                    if let Some(n) = self.left.get_mut(&fp).filter(|n| **n > 0) {
                        *n -= 1;
                        if item.pane == PaneKind::Status {
                            removed_status.push(change(Some(&item.text)));
                        }
                    }
                }
            }
            None => {
                for fp in &self.base.items {
                    if let Some(n) = self.left.get_mut(fp).filter(|n| **n > 0) {
                        *n -= 1;
                        if pane_of(*fp) == Some(PaneKind::Status) {
                            removed_status.push(change(None));
                        }
                    }
                }
            }
        }
        let status = status_changes(&mut self.added_status, &mut removed_status).len();
        let (notes_added, _) = note_changes(now, self.base);
        self.added + notes_added.len() + status
    }
}

fn change(text: Option<&str>) -> ItemChange {
    ItemChange {
        pane: PaneKind::Status,
        text: text.map(str::to_string),
        path: None,
        line: None,
        commit: None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::NaiveDate;

    use super::super::{Since, count_new, diff, snapshot};
    use super::*;
    use crate::config::Config;
    use crate::index::Index;

    fn since() -> Since {
        Since {
            kind: "reviewed",
            at: String::new(),
            revision: None,
        }
    }

    /// Every account of the pipeline-shaped fixture against many baselines:
    /// none, itself, every account's snapshot (with its texts, and as
    /// fingerprints alone), and with its related notes renamed.
    #[test]
    fn a_count_equals_what_a_diff_counts() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pipeline");
        let index = Index::build(&root, &Config::default());
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let accounts: Vec<&str> = index.accounts().map(|n| n.path.as_str()).collect();
        let snaps: Vec<Snapshot> = (accounts.iter())
            .map(|p| snapshot(&index, p, today).unwrap())
            .collect();
        // Some account's open tasks fold near-identical copies into one row
        // (the count takes each task on its own).
        let folded = snaps.iter().any(|s| {
            let tasks: Vec<&str> = (s.items.iter())
                .filter(|i| i.pane == PaneKind::OpenTasks)
                .map(|i| i.text.as_str())
                .collect();
            (1..tasks.len()).any(|i| tasks[..i].contains(&tasks[i]))
        });
        assert!(folded, "the fixture folds some account's open tasks");
        let mut bases = vec![Baseline::default()];
        for s in &snaps {
            bases.push(Baseline::of(s.clone()));
            bases.push(Baseline {
                snapshot: None,
                ..Baseline::of(s.clone())
            });
            let mut renamed = Baseline::of(s.clone());
            renamed.renames = (s.notes.iter())
                .map(|n| (format!("Old/{}", n.path), n.path.clone()))
                .collect();
            renamed.notes = (renamed.renames.iter())
                .map(|(old, _)| super::super::note_fingerprint(old))
                .collect();
            bases.push(renamed);
        }
        let (mut counted, mut status, mut notes) = (0, 0, 0);
        for (path, now) in accounts.iter().zip(&snaps) {
            for base in &bases {
                let changes = diff(now, path, base, since());
                assert_eq!(
                    count_new(&index, path, today, base),
                    Some(changes.new_count()),
                    "{path}"
                );
                counted += usize::from(changes.new_count() > 0);
                status += usize::from(!changes.status_changes.is_empty());
                notes += usize::from(!changes.notes_added.is_empty());
            }
        }
        assert!(accounts.len() >= 5, "{}", accounts.len());
        assert!(
            counted > 0 && status > 0 && notes > 0,
            "{counted} {status} {notes}"
        );
        assert_eq!(count_new(&index, "Nowhere.md", today, &bases[0]), None);
    }
}
