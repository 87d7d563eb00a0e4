//! The account list: which accounts it shows (filter and search), and moving
//! the selection through it.

use unicode_width::UnicodeWidthStr;

use crate::model::search::SearchQuery;
use crate::text::sanitized;

use super::App;

/// Which accounts the list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    All,
    NeedsReview,
    /// Accounts with something new since their review point.
    Changed,
    /// Accounts past their status's contact cadence, most overdue first.
    DueForContact,
    Status(String),
    Archived,
}

impl Filter {
    pub fn label(&self) -> String {
        match self {
            Filter::All => "all".into(),
            Filter::NeedsReview => "needs review".into(),
            Filter::Changed => "changed since review".into(),
            Filter::DueForContact => "due for contact".into(),
            Filter::Status(s) => format!("status: {s}"),
            Filter::Archived => "archived".into(),
        }
    }
}

/// One visible row of the account list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visible {
    /// Index into [`App::rows`].
    pub row: usize,
    /// Title characters the search matched.
    pub matches: Vec<usize>,
}

/// What the account list's frame and the title bar measure over all the rows: kept between
/// frames and measured again only after the rows, the visible rows or the
/// counts of what is new change, so a keypress that changes none of them does
/// no work in proportion to the vault (docs/performance.md, "Interaction").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListMeasure {
    /// The widest visible title as drawn, its "+N new since review" mark included.
    pub title_width: usize,
    /// Accounts that are not archived.
    pub live: usize,
    /// Accounts that are not archived and need review.
    pub needs_review: usize,
}

impl App {
    /// The list's measure, kept until what it measures changes.
    pub fn list_measure(&self) -> ListMeasure {
        let kept = self.list_measure.get();
        // Debug builds (every test) check that nothing changed the rows, the
        // visible rows or the counts without forgetting the kept measure.
        debug_assert!(
            kept.is_none_or(|m| m == self.measure_list()),
            "the account list's kept measure is stale"
        );
        kept.unwrap_or_else(|| {
            let measure = self.measure_list();
            self.list_measure.set(Some(measure));
            measure
        })
    }

    /// Forgets the kept measure: the rows, the visible rows or the counts changed.
    pub(super) fn forget_list_measure(&self) {
        self.list_measure.set(None);
    }

    fn measure_list(&self) -> ListMeasure {
        let title_width = (self.visible.iter())
            .map(|v| {
                let row = &self.rows[v.row];
                let new = match self.new_count(&row.path) {
                    0 => 0,
                    n => " +".len() + n.checked_ilog10().map_or(1, |d| d as usize + 1),
                };
                // Measured where it lies, without a copy; an ASCII title by its length.
                let title = sanitized(&row.title);
                let width = if title.is_ascii() {
                    title.len()
                } else {
                    title.width()
                };
                width + new
            })
            .max()
            .unwrap_or(0);
        let live = self.rows.iter().filter(|r| !r.archived);
        let (live, needs_review) = live.fold((0, 0), |(live, review), r| {
            (live + 1, review + usize::from(r.needs_review))
        });
        ListMeasure {
            title_width,
            live,
            needs_review,
        }
    }

    pub(super) fn compute_visible(&mut self) -> Vec<Visible> {
        if let Some(t) = &self.triage {
            return t
                .queue
                .iter()
                .filter_map(|p| self.rows.iter().position(|r| &r.path == p))
                .map(|row| Visible {
                    row,
                    matches: Vec::new(),
                })
                .collect();
        }
        let filter = self.filter.clone();
        let base: Vec<usize> = (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                match &filter {
                    Filter::All => !r.archived,
                    Filter::NeedsReview => !r.archived && r.needs_review,
                    Filter::Changed => !r.archived && self.new_count(&r.path) > 0,
                    Filter::DueForContact => !r.archived && r.contact_overdue_days.is_some(),
                    Filter::Status(s) => {
                        !r.archived
                            && r.status
                                .as_deref()
                                .is_some_and(|rs| rs.eq_ignore_ascii_case(s))
                    }
                    Filter::Archived => r.archived,
                }
            })
            .collect();
        if self.search.trim().is_empty() {
            let mut order = base;
            if filter == Filter::DueForContact {
                // The most overdue first; the list's own order breaks ties.
                order.sort_by_key(|&i| std::cmp::Reverse(self.rows[i].contact_overdue_days));
            }
            return order
                .into_iter()
                .map(|row| Visible {
                    row,
                    matches: Vec::new(),
                })
                .collect();
        }
        // Typing more only narrows: search among the previous hits.
        let among = match &self.search_cache {
            Some((prev, ids))
                if SearchQuery::parse(prev).narrows_to(&SearchQuery::parse(&self.search)) =>
            {
                ids.clone()
            }
            _ => base.clone(),
        };
        let hits = self
            .searcher
            .search_among(&self.rows, Some(&among), &self.search);
        self.search_cache = Some((self.search.clone(), hits.iter().map(|h| h.row).collect()));
        hits.into_iter()
            .filter(|h| base.binary_search(&h.row).is_ok())
            .map(|h| Visible {
                row: h.row,
                matches: h.title_matches,
            })
            .collect()
    }

    pub(super) fn move_list(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let last = self.visible.len() - 1;
        let next = (self.selected as isize + delta).clamp(0, last as isize) as usize;
        if next != self.selected {
            self.selected = next;
            if let Some(t) = self.triage.as_mut() {
                t.pos = next;
            }
            self.load_dashboard();
        }
    }

    pub(super) fn cycle_filter(&mut self) {
        if self.triage.is_some() {
            self.leave_triage();
        }
        let mut statuses: Vec<String> = self
            .rows
            .iter()
            .filter(|r| !r.archived)
            .filter_map(|r| r.status.as_ref().map(|s| s.to_lowercase()))
            .collect();
        statuses.sort();
        statuses.dedup();
        let mut cycle = vec![Filter::All, Filter::NeedsReview, Filter::DueForContact];
        if self.history.is_some() {
            cycle.push(Filter::Changed);
        }
        cycle.extend(statuses.into_iter().map(Filter::Status));
        cycle.push(Filter::Archived);
        let at = cycle.iter().position(|f| *f == self.filter).unwrap_or(0);
        self.filter = cycle[(at + 1) % cycle.len()].clone();
        let keep = self.selected_path().map(str::to_string);
        self.refilter(keep.as_deref());
        self.message = Some(format!(
            "filter: {} ({} accounts)",
            self.filter.label(),
            self.visible.len()
        ));
    }

    /// The first visible list row, keeping the selection on screen.
    pub fn list_offset(&self, height: usize) -> usize {
        if height == 0 {
            0
        } else {
            self.selected.saturating_sub(height - 1)
        }
    }

    pub(super) fn set_search(&mut self, s: String) {
        self.search = s;
        self.selected = 0;
        self.refilter(None);
    }

    pub(super) fn clear_search(&mut self) {
        let back = self
            .before_search
            .take()
            .or_else(|| self.selected_path().map(str::to_string));
        self.search.clear();
        self.search_cache = None;
        self.refilter(back.as_deref());
    }
}
