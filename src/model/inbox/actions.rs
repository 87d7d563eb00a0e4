//! What a task action writes: accept, dismiss and done on chosen tasks, and
//! keep-one (accept one task, dismiss the rest of its group). The statuses
//! are the vault's own (docs/writing.md); the rules are in docs/tasks.md.

use chrono::NaiveDate;

use super::InboxTask;
use crate::edit::writeback::TriageEdit;
use crate::note::task::{StatusType, TaskStatus, TaskStatuses};

/// An action on tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskAction {
    Accept,
    Dismiss,
    Done,
}

impl TaskAction {
    pub fn verb(self) -> &'static str {
        match self {
            TaskAction::Accept => "accept",
            TaskAction::Dismiss => "dismiss",
            TaskAction::Done => "done",
        }
    }

    /// The status the action writes in this vault: accept → the first TODO
    /// status that is not a proposal, dismiss → the first CANCELLED one, done
    /// → the first DONE one; an error sentence when the vault declares none.
    pub fn status(self, statuses: &TaskStatuses) -> Result<&TaskStatus, String> {
        let (found, kind) = match self {
            TaskAction::Accept => (
                statuses.declared().iter().find(|s| {
                    s.kind == StatusType::Todo && !super::is_proposed_status(s.symbol, &s.name)
                }),
                "TODO",
            ),
            TaskAction::Dismiss => (statuses.cancelled(), "CANCELLED"),
            TaskAction::Done => (statuses.done(), "DONE"),
        };
        found.ok_or_else(|| {
            format!(
                "{} needs a {kind} status and this vault declares none; nothing written \
                 (declare one in the Tasks plugin settings)",
                self.verb()
            )
        })
    }
}

/// One task's new status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub path: String,
    pub line: usize,
    /// The task's text as written, which the edit checks against.
    pub written: String,
    pub symbol: char,
    /// Whether to date it done (`✅ today`).
    pub done: bool,
}

/// What an action plans: the changes, and how many chosen tasks it leaves
/// as they are (accept on a task that is not a proposal).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub changes: Vec<StatusChange>,
    pub skipped: usize,
}

fn change(task: &InboxTask, status: &TaskStatus, done: bool) -> StatusChange {
    StatusChange {
        path: task.path.to_string(),
        line: task.line,
        written: task.written.to_string(),
        symbol: status.symbol,
        done,
    }
}

/// `action` on every one of `chosen`.
pub fn plan(
    chosen: &[&InboxTask],
    action: TaskAction,
    statuses: &TaskStatuses,
) -> Result<Plan, String> {
    let status = action.status(statuses)?;
    let mut out = Plan::default();
    for t in chosen {
        if action == TaskAction::Accept && !t.proposed {
            out.skipped += 1;
        } else {
            out.changes
                .push(change(t, status, action == TaskAction::Done));
        }
    }
    Ok(out)
}

/// Keep one: accept `keep` (when it is a proposal) and dismiss every other
/// open task of its cluster.
pub fn keep_one(
    tasks: &[InboxTask],
    keep: &InboxTask,
    statuses: &TaskStatuses,
) -> Result<Plan, String> {
    let accept = TaskAction::Accept.status(statuses)?;
    let dismiss = TaskAction::Dismiss.status(statuses)?;
    let mut out = Plan::default();
    if keep.proposed {
        out.changes.push(change(keep, accept, false));
    } else {
        out.skipped += 1;
    }
    for t in tasks
        .iter()
        .filter(|t| t.cluster == keep.cluster && t.id != keep.id)
    {
        out.changes.push(change(t, dismiss, false));
    }
    Ok(out)
}

impl Plan {
    /// The plan as note edits for [`crate::edit::batch`]; done tasks are dated `today`.
    pub fn edits(&self, today: NaiveDate) -> Vec<(String, TriageEdit)> {
        self.changes
            .iter()
            .map(|c| {
                (
                    c.path.clone(),
                    TriageEdit::Task {
                        line: c.line,
                        source: c.written.clone(),
                        symbol: c.symbol,
                        done_on: c.done.then_some(today),
                    },
                )
            })
            .collect()
    }
}
