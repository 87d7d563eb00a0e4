//! Grouping the open tasks pane: overdue, upcoming, undated, proposed.

use crate::model::dashboard::OpenTask;

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
