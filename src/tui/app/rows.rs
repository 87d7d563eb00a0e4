//! The rows of the panes that list items (blockers, decisions, recent context,
//! the details tabs): a folded item once with its count, followed by the items
//! it stands for when expanded, and the cursor that walks them. `Enter` or `e`
//! opens a row's note at its line (docs/vault.md, "Folded items").

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{App, Pane};
use crate::model::dashboard::{Dashboard, NoteRef, PaneItem, RecentContext};

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
    rows_of(d, pane, tab, expanded).map(RowOf::row).collect()
}

/// A row of an item pane before anything of it is copied: walking a pane's
/// rows to count them or to find the few on screen allocates nothing per
/// item, so a pane of tens of thousands of items answers a keypress at once
/// (docs/performance.md, "Drawing").
#[derive(Clone, Copy)]
enum RowOf<'a> {
    Item {
        item: &'a PaneItem,
        /// The folded row it belongs to (itself for a top row).
        head: &'a PaneItem,
        sourced: bool,
        expanded: bool,
        nested: bool,
    },
    Recent {
        context: &'a RecentContext,
        head: &'a RecentContext,
        expanded: bool,
        nested: bool,
    },
    Project(&'a NoteRef),
}

impl RowOf<'_> {
    /// Whether this is the top row of the folded row `key` names.
    fn is_top_row_of(&self, key: &(String, usize)) -> bool {
        match *self {
            RowOf::Item { item, nested, .. } => {
                !nested && (&item.path, item.line) == (&key.0, key.1)
            }
            RowOf::Recent {
                context, nested, ..
            } => !nested && (&context.source, context.line) == (&key.0, key.1),
            RowOf::Project(p) => (&p.path, 1) == (&key.0, key.1),
        }
    }

    fn row(self) -> ItemRow {
        match self {
            RowOf::Item {
                item,
                head,
                sourced,
                expanded,
                nested,
            } => item_row(
                item,
                sourced,
                expanded,
                nested,
                &(head.path.clone(), head.line),
            ),
            RowOf::Recent {
                context,
                head,
                expanded,
                nested,
            } => recent_row(context, expanded, nested, &(head.source.clone(), head.line)),
            RowOf::Project(p) => ItemRow {
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
            },
        }
    }
}

/// The rows of an item pane, in order, as [`RowOf`]s.
fn rows_of<'a>(
    d: &'a Dashboard,
    pane: Pane,
    tab: usize,
    expanded: &'a HashSet<(String, usize)>,
) -> Box<dyn Iterator<Item = RowOf<'a>> + 'a> {
    // Only a folded row can be expanded: the key is copied for those alone.
    let open = move |count: usize, path: &str, line: usize| {
        count > 1 && !expanded.is_empty() && expanded.contains(&(path.to_string(), line))
    };
    let items = move |list: &'a [PaneItem], sourced: bool| {
        list.iter().flat_map(move |item| {
            let expanded = open(item.count, &item.path, item.line);
            let copies: &[PaneItem] = if expanded { &item.copies } else { &[] };
            let head = RowOf::Item {
                item,
                head: item,
                sourced,
                expanded,
                nested: false,
            };
            std::iter::once(head).chain(copies.iter().map(move |copy| RowOf::Item {
                item: copy,
                head: item,
                sourced: true,
                expanded: false,
                nested: true,
            }))
        })
    };
    match (pane, tab) {
        (Pane::Blockers, _) => Box::new(items(&d.blockers, false)),
        (Pane::Decisions, _) => Box::new(items(&d.decisions, true)),
        (Pane::Recent, _) => Box::new(d.recent_context.iter().flat_map(move |c| {
            let expanded = open(c.count, &c.source, c.line);
            let row = |context, expanded, nested| RowOf::Recent {
                context,
                head: c,
                expanded,
                nested,
            };
            // A folded mentions row names them all: each shows under it.
            let itself = (expanded && c.mention).then(|| row(c, false, true));
            let copies: &[RecentContext] = if expanded { &c.copies } else { &[] };
            std::iter::once(row(c, expanded, false))
                .chain(itself)
                .chain(copies.iter().map(move |copy| row(copy, false, true)))
        })),
        (Pane::Details, 0) => Box::new(items(&d.overview, false)),
        (Pane::Details, 1) => Box::new(items(&d.contacts, false)),
        (Pane::Details, 2) => Box::new(items(&d.next_steps, true)),
        (Pane::Details, 3) => Box::new(items(&d.opportunities, false)),
        (Pane::Details, 4) => Box::new(items(&d.facts, false)),
        (Pane::Details, 5) => Box::new(items(&d.topics, false)),
        (Pane::Details, 6) => Box::new(items(&d.people, false)),
        (Pane::Details, _) => Box::new(d.active_projects.iter().map(RowOf::Project)),
        _ => Box::new(std::iter::empty()),
    }
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
        self.item_rows_in(pane, 0..usize::MAX)
    }

    /// The rows of an item pane in `range` (the others are not copied).
    pub fn item_rows_in(&self, pane: Pane, range: std::ops::Range<usize>) -> Vec<ItemRow> {
        let Some(d) = &self.dashboard else {
            return Vec::new();
        };
        let rows = rows_of(d, pane, self.details_tab, &self.expanded);
        (rows.skip(range.start))
            .take(range.end.saturating_sub(range.start))
            .map(RowOf::row)
            .collect()
    }

    /// How many rows an item pane has.
    pub fn item_row_count(&self, pane: Pane) -> usize {
        (self.dashboard.as_ref()).map_or(0, |d| {
            rows_of(d, pane, self.details_tab, &self.expanded).count()
        })
    }

    /// The cursor's row in an item pane, within its rows.
    pub fn item_cursor(&self, pane: Pane) -> usize {
        let n = self.item_row_count(pane);
        self.item_cursors
            .get(&pane)
            .copied()
            .unwrap_or(0)
            .min(n.saturating_sub(1))
    }

    /// The row under the cursor of an item pane.
    pub fn selected_item(&self, pane: Pane) -> Option<ItemRow> {
        let at = self.item_cursor(pane);
        self.item_rows_in(pane, at..at + 1).pop()
    }

    pub(super) fn move_item_cursor(&mut self, pane: Pane, delta: isize) {
        let n = self.item_row_count(pane);
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
            let head = (self.dashboard.as_ref())
                .and_then(|d| {
                    rows_of(d, pane, self.details_tab, &self.expanded)
                        .position(|r| r.is_top_row_of(&row.key))
                })
                .unwrap_or(0);
            self.item_cursors.insert(pane, head);
        }
    }
}
