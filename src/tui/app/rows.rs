//! The rows of the panes that list items (blockers, decisions, recent context,
//! the details tabs): a folded item once with its count, followed by the items
//! it stands for when expanded, and the cursor that walks them. `Enter` or `e`
//! opens a row's note at its line (docs/vault.md, "Folded items").

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{App, Pane};
use crate::model::dashboard::{Dashboard, PaneItem, RecentContext};

/// One row of an item pane, as the view draws it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    /// Shown first (a recent-context date, a decision's date).
    pub date: Option<NaiveDate>,
    /// Shown as a heading before the text (a recent-context line's note).
    pub title: Option<String>,
    pub text: String,
    /// Shown dim after the text: the note an item comes from, or who said it.
    pub note: Option<String>,
    /// How many items the row stands for (> 1 when folded).
    pub count: usize,
    /// A folded row showing its items under it.
    pub expanded: bool,
    /// One of the items under an expanded row.
    pub nested: bool,
    /// Where the item is written.
    pub path: String,
    pub line: usize,
    /// The folded row this row belongs to (itself for a top row).
    pub key: (String, usize),
}

/// Whether a pane lists items with a cursor.
pub fn is_item_pane(pane: Pane) -> bool {
    matches!(
        pane,
        Pane::Blockers | Pane::Decisions | Pane::Recent | Pane::Details
    )
}

/// The rows of an item pane (`tab` picks the details view's section).
pub fn item_rows(
    d: &Dashboard,
    pane: Pane,
    tab: usize,
    expanded: &HashSet<(String, usize)>,
) -> Vec<ItemRow> {
    let mut out = Vec::new();
    let items = |list: &[PaneItem], sourced: bool, out: &mut Vec<ItemRow>| {
        for item in list {
            let key = (item.path.clone(), item.line);
            let open = item.count > 1 && expanded.contains(&key);
            out.push(item_row(item, sourced, open, false, &key));
            if open {
                for copy in &item.copies {
                    out.push(item_row(copy, true, false, true, &key));
                }
            }
        }
    };
    match (pane, tab) {
        (Pane::Blockers, _) => items(&d.blockers, false, &mut out),
        (Pane::Decisions, _) => items(&d.decisions, true, &mut out),
        (Pane::Recent, _) => {
            for c in &d.recent_context {
                let key = (c.source.clone(), c.line);
                let open = c.count > 1 && expanded.contains(&key);
                out.push(recent_row(c, open, false, &key));
                if open {
                    // A folded mentions row names them all: each shows under it.
                    if c.mention {
                        out.push(recent_row(c, false, true, &key));
                    }
                    for copy in &c.copies {
                        out.push(recent_row(copy, false, true, &key));
                    }
                }
            }
        }
        (Pane::Details, 0) => items(&d.overview, false, &mut out),
        (Pane::Details, 1) => items(&d.contacts, false, &mut out),
        (Pane::Details, 2) => items(&d.next_steps, true, &mut out),
        (Pane::Details, 3) => items(&d.opportunities, false, &mut out),
        (Pane::Details, 4) => items(&d.facts, false, &mut out),
        (Pane::Details, 5) => items(&d.topics, false, &mut out),
        (Pane::Details, 6) => items(&d.people, false, &mut out),
        (Pane::Details, _) => out.extend(d.active_projects.iter().map(|p| ItemRow {
            date: None,
            title: None,
            text: format!("{} ({})", p.title, p.path),
            note: None,
            count: 1,
            expanded: false,
            nested: false,
            path: p.path.clone(),
            line: 1,
            key: (p.path.clone(), 1),
        })),
        _ => {}
    }
    out
}

fn item_row(
    item: &PaneItem,
    sourced: bool,
    expanded: bool,
    nested: bool,
    key: &(String, usize),
) -> ItemRow {
    let from_other = item.source.is_some();
    ItemRow {
        // A decision or next step shows the date and title of its note.
        date: (sourced && from_other).then_some(item.date).flatten(),
        title: None,
        text: item.text.clone(),
        note: if sourced { item.source.clone() } else { None },
        count: if nested { 1 } else { item.count },
        expanded,
        nested,
        path: item.path.clone(),
        line: item.line,
        key: key.clone(),
    }
}

fn recent_row(c: &RecentContext, expanded: bool, nested: bool, key: &(String, usize)) -> ItemRow {
    let folded_mentions = !nested && c.mention && c.count > 1;
    // A dated note's title often repeats the date shown beside it.
    let title = c.link.as_ref().map(|link| {
        c.date
            .and_then(|d| link.strip_prefix(&d.to_string()))
            .map(|rest| rest.trim_start_matches([' ', '-', '–', '—', ':']))
            .filter(|r| !r.is_empty())
            .unwrap_or(link)
            .to_string()
    });
    ItemRow {
        date: c.date,
        title: if folded_mentions { None } else { title },
        text: if folded_mentions {
            let names: Vec<&str> = std::iter::once(c)
                .chain(&c.copies)
                .map(|m| mentioned(m.summary.as_deref().unwrap_or("")))
                .collect();
            format!("Mentioned in: {}", names.join(", "))
        } else {
            c.summary.clone().unwrap_or_default()
        },
        note: c.via.as_ref().map(|v| format!("via {v}")),
        count: if nested { 1 } else { c.count },
        expanded,
        nested,
        path: c.source.clone(),
        line: c.line,
        key: key.clone(),
    }
}

/// `Mentioned in: Weekly digest` → `Weekly digest`.
fn mentioned(summary: &str) -> &str {
    summary
        .get("mentioned in".len()..)
        .filter(|_| summary[.."mentioned in".len()].eq_ignore_ascii_case("mentioned in"))
        .map_or(summary, |rest| {
            rest.trim_start_matches([':', ' ', '-', '–', '—'])
        })
}

impl App {
    /// The rows of an item pane of the selected account.
    pub fn item_rows(&self, pane: Pane) -> Vec<ItemRow> {
        self.dashboard.as_ref().map_or_else(Vec::new, |d| {
            item_rows(d, pane, self.details_tab, &self.expanded)
        })
    }

    /// The cursor's row in an item pane, within its rows.
    pub fn item_cursor(&self, pane: Pane) -> usize {
        let n = self.item_rows(pane).len();
        self.item_cursors
            .get(&pane)
            .copied()
            .unwrap_or(0)
            .min(n.saturating_sub(1))
    }

    /// The row under the cursor of an item pane.
    pub fn selected_item(&self, pane: Pane) -> Option<ItemRow> {
        let at = self.item_cursor(pane);
        self.item_rows(pane).into_iter().nth(at)
    }

    pub(super) fn move_item_cursor(&mut self, pane: Pane, delta: isize) {
        let n = self.item_rows(pane).len();
        if n == 0 {
            return;
        }
        let at = self.item_cursor(pane) as isize;
        self.item_cursors
            .insert(pane, (at + delta).clamp(0, n as isize - 1) as usize);
    }

    /// Shows or hides the items a folded row stands for; on one of those items,
    /// folds them back and puts the cursor on the folded row.
    pub(super) fn toggle_expand(&mut self) {
        let pane = self.focus;
        if !is_item_pane(pane) {
            return;
        }
        let Some(row) = self.selected_item(pane) else {
            return;
        };
        if row.count < 2 && !row.nested {
            self.message = Some("nothing folded here: this item appears once".into());
            return;
        }
        if !self.expanded.remove(&row.key) {
            self.expanded.insert(row.key.clone());
        }
        if row.nested {
            let head = self
                .item_rows(pane)
                .iter()
                .position(|r| !r.nested && r.key == row.key)
                .unwrap_or(0);
            self.item_cursors.insert(pane, head);
        }
    }
}
