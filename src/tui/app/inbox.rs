//! The tasks view's state: the tasks in scope, their filters, groups, marks
//! and cursor, and what its keys do. Rules in docs/tasks.md.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::warm::merge_changed;
use super::{App, Effect, Mode};
use crate::index::Index;
use crate::index::change::Change;
use crate::model::inbox::actions::{self, Plan, TaskAction};
use crate::model::inbox::{self, Grouping, InboxSettings, InboxTask, Scope, TaskFilter};
use crate::tui::keymap::Action;

/// One row of the tasks view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// A group of several tasks (positions into [`Inbox::tasks`]).
    Group {
        key: String,
        members: Vec<usize>,
        expanded: bool,
    },
    /// One task; `member` when it is shown under its expanded group.
    Task { task: usize, member: bool },
}

impl Row {
    /// What the row stands for, to find it again after a reload.
    fn identity(&self, tasks: &[InboxTask]) -> String {
        match self {
            Row::Group { key, .. } => format!("g:{key}"),
            Row::Task { task, .. } => format!("t:{}", tasks[*task].id),
        }
    }

    /// The tasks the row stands for.
    pub fn tasks(&self) -> Vec<usize> {
        match self {
            Row::Group { members, .. } => members.clone(),
            Row::Task { task, .. } => vec![*task],
        }
    }
}

/// The tasks view.
#[derive(Debug, Clone)]
pub struct Inbox {
    pub scope: Scope,
    /// Every open task in scope, clustered.
    pub tasks: Vec<InboxTask>,
    pub filter: TaskFilter,
    pub grouping: Grouping,
    /// The keys of the groups shown expanded.
    pub expanded: HashSet<String>,
    /// The ids of the marked tasks.
    pub marked: HashSet<String>,
    pub rows: Vec<Row>,
    pub cursor: usize,
    /// The first row shown.
    pub offset: usize,
    /// The row the cursor goes to once an action is written.
    follow: Option<String>,
}

impl Inbox {
    pub fn new(index: &Index, scope: Scope) -> Self {
        let tasks = inbox::collect(index, &scope);
        Self::with_tasks(scope, tasks)
    }

    /// A view on `scope` holding `tasks` (the scope's open tasks, as collected).
    pub fn with_tasks(scope: Scope, tasks: Vec<InboxTask>) -> Self {
        Self {
            tasks,
            scope,
            filter: TaskFilter::default(),
            grouping: Grouping::default(),
            expanded: HashSet::new(),
            marked: HashSet::new(),
            rows: Vec::new(),
            cursor: 0,
            offset: 0,
            follow: None,
        }
    }

    /// The positions of the tasks the filters let through.
    pub fn shown(&self, settings: &InboxSettings, today: NaiveDate) -> Vec<usize> {
        (0..self.tasks.len())
            .filter(|&i| self.filter.matches(&self.tasks[i], &settings.me, today))
            .collect()
    }

    /// Recomputes the rows; the cursor stays on the same row when it is still
    /// there, else at the same position.
    pub fn rebuild(&mut self, settings: &InboxSettings, today: NaiveDate) {
        let keep = self.rows.get(self.cursor).map(|r| r.identity(&self.tasks));
        self.rebuild_keeping(settings, today, keep);
    }

    fn rebuild_keeping(
        &mut self,
        settings: &InboxSettings,
        today: NaiveDate,
        keep: Option<String>,
    ) {
        let shown = self.shown(settings, today);
        let mut rows = Vec::new();
        for g in inbox::groups(&self.tasks, &shown, self.grouping) {
            if g.members.len() == 1 {
                rows.push(Row::Task {
                    task: g.members[0],
                    member: false,
                });
                continue;
            }
            let expanded = self.expanded.contains(&g.key);
            let members = g.members.clone();
            rows.push(Row::Group {
                key: g.key,
                members: g.members,
                expanded,
            });
            if expanded {
                rows.extend(
                    members
                        .into_iter()
                        .map(|task| Row::Task { task, member: true }),
                );
            }
        }
        self.rows = rows;
        let found = keep.and_then(|k| self.rows.iter().position(|r| r.identity(&self.tasks) == k));
        self.cursor = found
            .unwrap_or(self.cursor)
            .min(self.rows.len().saturating_sub(1));
    }

    /// Re-reads the tasks from the index (after a write or a change on disk);
    /// marks of tasks that are gone are dropped.
    pub fn reload(&mut self, index: &Index, settings: &InboxSettings, today: NaiveDate) {
        let keep = self
            .follow
            .take()
            .or_else(|| self.rows.get(self.cursor).map(|r| r.identity(&self.tasks)));
        self.tasks = inbox::collect(index, &self.scope);
        let ids: HashSet<&str> = self.tasks.iter().map(|t| &*t.id).collect();
        self.marked.retain(|id| ids.contains(id.as_str()));
        self.rebuild_keeping(settings, today, keep);
    }

    /// Re-reads only the accounts a batch of changes can touch (every account
    /// for a settings change or a rescan), keeping the accounts' order.
    pub fn reload_changed(
        &mut self,
        index: &Index,
        settings: &InboxSettings,
        today: NaiveDate,
        changes: &[Change],
    ) {
        if self.scope != Scope::All {
            return self.reload(index, settings, today);
        }
        let keep = self
            .follow
            .take()
            .or_else(|| self.rows.get(self.cursor).map(|r| r.identity(&self.tasks)));
        let old = std::mem::take(&mut self.tasks);
        self.tasks = merge_changed(old, index, changes)
            .unwrap_or_else(|| inbox::collect(index, &self.scope));
        let ids: HashSet<&str> = self.tasks.iter().map(|t| &*t.id).collect();
        self.marked.retain(|id| ids.contains(id.as_str()));
        self.rebuild_keeping(settings, today, keep);
    }

    /// The task the preview shows: the row's, or its group's first.
    pub fn selected_task(&self) -> Option<&InboxTask> {
        match self.rows.get(self.cursor)? {
            Row::Group { members, .. } => self.tasks.get(*members.first()?),
            Row::Task { task, .. } => self.tasks.get(*task),
        }
    }

    /// Keeps the cursor's row on screen in a list `height` rows tall.
    pub fn scroll_to_cursor(&mut self, height: usize) {
        let height = height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + height {
            self.offset = self.cursor + 1 - height;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(1));
    }

    fn move_cursor(&mut self, delta: isize) {
        if self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() as isize - 1;
        self.cursor = (self.cursor as isize).saturating_add(delta).clamp(0, last) as usize;
    }

    /// Marks or unmarks the row's tasks (all of a group: unmarked when all were marked).
    fn toggle_mark(&mut self) {
        let Some(row) = self.rows.get(self.cursor) else {
            return;
        };
        let ids: Vec<String> = row
            .tasks()
            .iter()
            .map(|&i| self.tasks[i].id.to_string())
            .collect();
        self.toggle_ids(ids);
    }

    fn toggle_ids(&mut self, ids: Vec<String>) {
        if ids.iter().all(|id| self.marked.contains(id)) {
            for id in &ids {
                self.marked.remove(id);
            }
        } else {
            self.marked.extend(ids);
        }
    }

    /// The tasks an action takes: the marked ones, else the row's.
    fn targets(&self) -> Vec<&InboxTask> {
        if !self.marked.is_empty() {
            return self
                .tasks
                .iter()
                .filter(|t| self.marked.contains(&*t.id))
                .collect();
        }
        self.rows
            .get(self.cursor)
            .map(|r| r.tasks().into_iter().map(|i| &self.tasks[i]).collect())
            .unwrap_or_default()
    }

    /// The first row after the cursor none of whose tasks `acted` holds: where
    /// the cursor goes once the action is written.
    fn next_untouched(&self, acted: &HashSet<&str>) -> Option<String> {
        let untouched = |r: &Row| {
            r.tasks()
                .iter()
                .all(|&i| !acted.contains(&*self.tasks[i].id))
        };
        self.rows[self.cursor.min(self.rows.len())..]
            .iter()
            .find(|r| untouched(r))
            .or_else(|| {
                self.rows[..self.cursor.min(self.rows.len())]
                    .iter()
                    .rev()
                    .find(|r| untouched(r))
            })
            .map(|r| r.identity(&self.tasks))
    }
}

impl App {
    /// Opens the tasks view on the selected account (every account's when none is).
    pub(super) fn open_inbox(&mut self) {
        let scope = match self.selected_path() {
            Some(p) => Scope::Account(p.to_string()),
            None => Scope::All,
        };
        let mut view = self.inbox_on(scope);
        view.rebuild(&self.inbox_settings, self.today);
        self.inbox = Some(view);
    }

    /// The tasks view's keys.
    pub(super) fn update_inbox(&mut self, action: Action) -> Option<Effect> {
        let page = self.drawn.inbox_rows.unwrap_or(10) as isize;
        let (settings, today) = (self.inbox_settings.clone(), self.today);
        let view = self.inbox.as_mut()?;
        match action {
            Action::Quit => return Some(Effect::Quit),
            Action::Back | Action::OpenTasks => {
                self.close_inbox();
                return None;
            }
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::Down => view.move_cursor(1),
            Action::Up => view.move_cursor(-1),
            Action::PageDown => view.move_cursor(page),
            Action::PageUp => view.move_cursor(-page),
            Action::Top => view.move_cursor(-(isize::MAX / 2)),
            Action::Bottom => view.move_cursor(isize::MAX / 2),
            Action::Expand => {
                if let Some(Row::Group { key, .. }) = view.rows.get(view.cursor).cloned() {
                    if !view.expanded.remove(&key) {
                        view.expanded.insert(key);
                    }
                    view.rebuild(&settings, today);
                } else if let Some(Row::Task { member: true, .. }) = view.rows.get(view.cursor) {
                    // On a member: fold its group and go back to the group's row.
                    let group = view.rows[..view.cursor]
                        .iter()
                        .rposition(|r| matches!(r, Row::Group { .. }));
                    if let Some(g) = group
                        && let Row::Group { key, .. } = view.rows[g].clone()
                    {
                        view.expanded.remove(&key);
                        view.cursor = g;
                        view.rebuild(&settings, today);
                    }
                }
            }
            Action::Mark => {
                view.toggle_mark();
                view.move_cursor(1);
            }
            Action::MarkAll => {
                let ids: Vec<String> = view
                    .shown(&settings, today)
                    .into_iter()
                    .map(|i| view.tasks[i].id.to_string())
                    .collect();
                if !ids.is_empty() && ids.iter().all(|id| view.marked.contains(id)) {
                    view.marked.clear();
                } else {
                    view.marked.extend(ids);
                }
            }
            Action::CycleOwner => {
                view.filter.owner = view.filter.owner.next();
                if settings.me.is_empty() && view.filter.owner == inbox::OwnerFilter::Mine {
                    self.message = Some(
                        "no `me` in the config file: mine matches nobody (me = [\"Your Name\"])"
                            .into(),
                    );
                }
                view.rebuild(&settings, today);
            }
            Action::CycleStatusFilter => {
                view.filter.status = view.filter.status.next();
                view.rebuild(&settings, today);
            }
            Action::CycleDue => {
                view.filter.due = view.filter.due.next();
                view.rebuild(&settings, today);
            }
            Action::CycleGrouping => {
                view.grouping = view.grouping.next();
                view.rebuild(&settings, today);
            }
            Action::ToggleScope => {
                let scope = match (&view.scope, self.visible.get(self.selected)) {
                    (Scope::All, Some(v)) => Scope::Account(self.rows[v.row].path.clone()),
                    _ => Scope::All,
                };
                let (filter, grouping) = (view.filter.clone(), view.grouping);
                self.close_inbox();
                let mut fresh = self.inbox_on(scope);
                fresh.filter = filter;
                fresh.grouping = grouping;
                fresh.rebuild(&settings, today);
                self.inbox = Some(fresh);
            }
            Action::Search => {
                self.mode = Mode::Search;
            }
            Action::Accept | Action::Dismiss | Action::Done => {
                let what = match action {
                    Action::Accept => TaskAction::Accept,
                    Action::Dismiss => TaskAction::Dismiss,
                    _ => TaskAction::Done,
                };
                return self.inbox_action(what);
            }
            Action::KeepOne => return self.keep_one(),
            Action::Undo => return Some(Effect::Undo),
            Action::Edit => {
                let t = view.selected_task()?;
                return Some(Effect::Edit {
                    path: t.path.to_string(),
                    line: t.line,
                });
            }
            _ => {}
        }
        if let Some(view) = self.inbox.as_mut() {
            view.scroll_to_cursor(self.drawn.inbox_rows.unwrap_or(10));
        }
        None
    }

    fn inbox_action(&mut self, what: TaskAction) -> Option<Effect> {
        let view = self.inbox.as_ref()?;
        let targets = view.targets();
        if targets.is_empty() {
            self.message = Some("no task selected".into());
            return None;
        }
        let plan = match actions::plan(&targets, what, &self.index.settings.statuses) {
            Ok(plan) => plan,
            Err(why) => {
                self.message = Some(why);
                return None;
            }
        };
        let label = self.plan_label(what.verb(), &plan);
        self.send_plan(plan, label)
    }

    fn keep_one(&mut self) -> Option<Effect> {
        let view = self.inbox.as_ref()?;
        let Some(keep) = view.selected_task() else {
            self.message = Some("no task selected".into());
            return None;
        };
        let plan = match actions::keep_one(&view.tasks, keep, &self.index.settings.statuses) {
            Ok(plan) => plan,
            Err(why) => {
                self.message = Some(why);
                return None;
            }
        };
        let label = self.plan_label("keep one", &plan);
        self.send_plan(plan, label)
    }

    /// `accept 3 tasks` / `keep one: 1 accepted, 4 dismissed`.
    fn plan_label(&self, verb: &str, plan: &Plan) -> String {
        let n = plan.changes.len();
        let tasks = if n == 1 { "task" } else { "tasks" };
        let skipped = match plan.skipped {
            0 => String::new(),
            k => format!(" ({k} not proposed, left as they are)"),
        };
        format!("{verb} {n} {tasks}{skipped}")
    }

    fn send_plan(&mut self, plan: Plan, label: String) -> Option<Effect> {
        let view = self.inbox.as_mut()?;
        if plan.changes.is_empty() {
            self.message = Some(format!("{label}: nothing to write"));
            return None;
        }
        let acted: HashSet<&str> = view
            .tasks
            .iter()
            .filter(|t| {
                plan.changes
                    .iter()
                    .any(|c| *c.path == *t.path && c.line == t.line)
            })
            .map(|t| t.id.as_ref())
            .collect();
        view.follow = view.next_untouched(&acted);
        view.marked.clear();
        Some(Effect::TaskBatch {
            edits: plan.edits(self.today),
            label,
        })
    }

    /// A character typed into the tasks view's search.
    pub(super) fn type_into_inbox_search(&mut self, c: char) {
        self.edit_inbox_search(|s| s.push(c));
    }

    fn edit_inbox_search(&mut self, f: impl FnOnce(&mut String)) {
        let (settings, today) = (self.inbox_settings.clone(), self.today);
        if let Some(view) = self.inbox.as_mut() {
            f(&mut view.filter.text);
            view.cursor = 0;
            view.offset = 0;
            view.rebuild(&settings, today);
        }
    }

    /// The search keys while the tasks view is open.
    pub(super) fn update_inbox_search(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Cancel => {
                self.mode = Mode::Normal;
                self.edit_inbox_search(String::clear);
            }
            Action::Confirm => self.mode = Mode::Normal,
            Action::Quit => return Some(Effect::Quit),
            Action::ClearLine => self.edit_inbox_search(String::clear),
            Action::DeleteWord => self.edit_inbox_search(|s| {
                let cut = s.trim_end().rfind(' ').map_or(0, |i| i + 1);
                s.truncate(cut);
            }),
            Action::DeleteChar => self.edit_inbox_search(|s| {
                s.pop();
            }),
            Action::Down | Action::Up => {
                if let Some(view) = self.inbox.as_mut() {
                    view.move_cursor(if action == Action::Down { 1 } else { -1 });
                }
            }
            _ => {}
        }
        None
    }
}
