//! Grouping the open tasks pane: overdue, upcoming, undated, proposed.

use super::{App, Effect, Pane};
use crate::model::dashboard::OpenTask;
use crate::note::task::TaskStatus;
use crate::tui::keymap::Action;

/// A group in the open tasks pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskGroup {
    Overdue,
    Upcoming,
    Undated,
    Proposed,
}

impl TaskGroup {
    pub fn label(self) -> &'static str {
        match self {
            TaskGroup::Overdue => "Overdue",
            TaskGroup::Upcoming => "Upcoming",
            TaskGroup::Undated => "Undated",
            TaskGroup::Proposed => "Proposed",
        }
    }
}

/// Whether a task is a proposal waiting to be accepted.
pub fn is_proposed(task: &OpenTask) -> bool {
    task.symbol == '?' || task.status_name.eq_ignore_ascii_case("proposed")
}

/// Groups task indices: overdue, upcoming, undated, proposed (empty groups left out).
pub fn task_groups(tasks: &[OpenTask]) -> Vec<(TaskGroup, Vec<usize>)> {
    let mut groups: Vec<(TaskGroup, Vec<usize>)> = [
        TaskGroup::Overdue,
        TaskGroup::Upcoming,
        TaskGroup::Undated,
        TaskGroup::Proposed,
    ]
    .into_iter()
    .map(|g| (g, Vec::new()))
    .collect();
    for (i, t) in tasks.iter().enumerate() {
        let g = if is_proposed(t) {
            3
        } else if t.overdue {
            0
        } else if t.due.is_some() {
            1
        } else {
            2
        };
        groups[g].1.push(i);
    }
    groups.retain(|(_, v)| !v.is_empty());
    groups
}

impl App {
    /// The status a task action writes in this vault: done → the first DONE
    /// status, dismiss → the first CANCELLED one, accept → the first TODO one
    /// (rules in docs/writing.md). `None` when the vault declares no such status.
    pub fn task_action_status(&self, action: Action) -> Option<&TaskStatus> {
        let statuses = &self.index.settings.statuses;
        match action {
            Action::Done => statuses.done(),
            Action::Dismiss => statuses.cancelled(),
            Action::Accept => statuses.todo(),
            _ => None,
        }
    }

    /// What a task key writes, for hints and help: `dismiss → [R] Rejected`,
    /// or `dismiss (this vault declares no CANCELLED status)`.
    pub fn task_action_label(&self, action: Action) -> Option<String> {
        let (verb, kind) = match action {
            Action::Done => ("done", "DONE"),
            Action::Dismiss => ("dismiss", "CANCELLED"),
            Action::Accept => ("accept", "TODO"),
            _ => return None,
        };
        Some(match self.task_action_status(action) {
            Some(status) => format!("{verb} → {}", status.label()),
            None => format!("{verb} (this vault declares no {kind} status)"),
        })
    }

    /// `x`, `a` and `d` on the selected row: every task the row stands for gets
    /// the vault's status for the action; the cursor then stays where it was,
    /// on the task that takes the row's place.
    pub(super) fn task_action(&mut self, action: Action) -> Option<Effect> {
        if self.focus != Pane::Tasks {
            self.message = Some("focus the open tasks pane first (Tab)".into());
            return None;
        }
        let Some(task) = self.selected_task().cloned() else {
            self.message = Some("no task selected".into());
            return None;
        };
        if action == Action::Accept && !is_proposed(&task) {
            self.message = Some("only a proposed task can be accepted".into());
            return None;
        }
        let label = self.task_action_label(action)?;
        let Some(status) = self.task_action_status(action) else {
            self.message = Some(format!(
                "{label}; nothing written (declare one in the Tasks plugin settings)"
            ));
            return None;
        };
        let symbol = status.symbol;
        let order = self.task_order();
        let (tasks, _) = self.shown_tasks();
        let next = order
            .get(self.task_cursor + 1)
            .or_else(|| self.task_cursor.checked_sub(1).and_then(|i| order.get(i)))
            .and_then(|&i| tasks.get(i))
            .map(|t| t.targets().remove(0));
        self.follow = next;
        Some(Effect::TaskStatus {
            targets: task.targets(),
            symbol,
            done: action == Action::Done,
            label,
        })
    }

    /// After a task action: when it was `written`, the cursor goes to the task
    /// that took the acted-on row's place, else stays at the same position;
    /// when it was refused, the cursor stays on the row.
    pub fn settle_task_cursor(&mut self, written: bool) {
        let Some(follow) = self.follow.take().filter(|_| written) else {
            return;
        };
        let order = self.task_order();
        let (tasks, _) = self.shown_tasks();
        if let Some(pos) = order
            .iter()
            .position(|&i| tasks.get(i).is_some_and(|t| t.targets().contains(&follow)))
        {
            self.task_cursor = pos;
        }
    }
}
