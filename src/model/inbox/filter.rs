//! The tasks view's filters: text, owner, status and due (docs/tasks.md).

use chrono::{Days, NaiveDate};

use super::InboxTask;
use crate::note::task::StatusType;

/// Whose tasks are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OwnerFilter {
    #[default]
    All,
    /// An owner is one of the config's `me` names.
    Mine,
    /// Owned, by someone else.
    Others,
    /// No owner, or only `@TBD`.
    Unassigned,
}

/// Which statuses are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    Proposed,
    /// TODO tasks that are not proposals.
    Todo,
    InProgress,
}

/// Which due dates are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DueFilter {
    #[default]
    All,
    /// Due before today.
    Overdue,
    /// Due today or in the next six days.
    ThisWeek,
    Undated,
}

impl OwnerFilter {
    pub fn next(self) -> Self {
        match self {
            OwnerFilter::All => OwnerFilter::Mine,
            OwnerFilter::Mine => OwnerFilter::Others,
            OwnerFilter::Others => OwnerFilter::Unassigned,
            OwnerFilter::Unassigned => OwnerFilter::All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OwnerFilter::All => "anyone's",
            OwnerFilter::Mine => "mine",
            OwnerFilter::Others => "others'",
            OwnerFilter::Unassigned => "unassigned",
        }
    }
}

impl StatusFilter {
    pub fn next(self) -> Self {
        match self {
            StatusFilter::All => StatusFilter::Proposed,
            StatusFilter::Proposed => StatusFilter::Todo,
            StatusFilter::Todo => StatusFilter::InProgress,
            StatusFilter::InProgress => StatusFilter::All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::All => "any status",
            StatusFilter::Proposed => "proposed",
            StatusFilter::Todo => "to do",
            StatusFilter::InProgress => "in progress",
        }
    }
}

impl DueFilter {
    pub fn next(self) -> Self {
        match self {
            DueFilter::All => DueFilter::Overdue,
            DueFilter::Overdue => DueFilter::ThisWeek,
            DueFilter::ThisWeek => DueFilter::Undated,
            DueFilter::Undated => DueFilter::All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DueFilter::All => "any date",
            DueFilter::Overdue => "overdue",
            DueFilter::ThisWeek => "due this week",
            DueFilter::Undated => "undated",
        }
    }
}

/// Every filter of the view at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskFilter {
    /// Words that must all appear in the task's text (case-insensitive).
    pub text: String,
    pub owner: OwnerFilter,
    pub status: StatusFilter,
    pub due: DueFilter,
}

/// Whether an owner name means "nobody yet".
pub fn is_unassigned_name(owner: &str) -> bool {
    owner.eq_ignore_ascii_case("tbd")
}

/// Whether one of the task's owners is one of `me` (case-insensitive).
pub fn is_mine(task: &InboxTask, me: &[String]) -> bool {
    task.owners.iter().any(|o| {
        me.iter()
            .any(|m| m.trim_start_matches('@').eq_ignore_ascii_case(o))
    })
}

impl TaskFilter {
    pub fn matches(&self, task: &InboxTask, me: &[String], today: NaiveDate) -> bool {
        let unassigned = task.owners.iter().all(|o| is_unassigned_name(o));
        let owner = match self.owner {
            OwnerFilter::All => true,
            OwnerFilter::Mine => is_mine(task, me),
            OwnerFilter::Others => !unassigned && !is_mine(task, me),
            OwnerFilter::Unassigned => unassigned,
        };
        let status = match self.status {
            StatusFilter::All => true,
            StatusFilter::Proposed => task.proposed,
            StatusFilter::Todo => task.kind == StatusType::Todo && !task.proposed,
            StatusFilter::InProgress => task.kind == StatusType::InProgress,
        };
        let week = today.checked_add_days(Days::new(6)).unwrap_or(today);
        let due = match (self.due, task.due) {
            (DueFilter::All, _) => true,
            (DueFilter::Overdue, Some(d)) => d < today,
            (DueFilter::ThisWeek, Some(d)) => d >= today && d <= week,
            (DueFilter::Undated, None) => true,
            _ => false,
        };
        owner && status && due && self.text_matches(task)
    }

    fn text_matches(&self, task: &InboxTask) -> bool {
        if self.text.trim().is_empty() {
            return true;
        }
        let hay = task.text.to_lowercase();
        self.text
            .to_lowercase()
            .split_whitespace()
            .all(|w| hay.contains(w))
    }

    /// Whether anything narrows the view.
    pub fn is_active(&self) -> bool {
        *self != TaskFilter::default()
    }
}
