//! `update`: what each action does to the state, and the dashboard's own mode
//! (the other modes are in `modes`).

use crate::model::dashboard;

use super::pane::{DASHBOARD_PANES, DETAILS_PANES};
use super::{App, DETAIL_TABS, Effect, Mode, Pane};
use crate::tui::keymap::Action;

impl App {
    pub(super) fn panes(&self) -> &'static [Pane] {
        if self.details {
            &DETAILS_PANES
        } else {
            &DASHBOARD_PANES
        }
    }

    /// Scrolls a pane, no further than its content goes at the width it was last
    /// drawn, so scrolling back up answers at once.
    pub(super) fn scroll_pane(&mut self, pane: Pane, delta: isize) {
        let max = self.drawn.max_scroll.get(&pane).copied();
        let entry = self.scroll.entry(pane).or_insert(0);
        let next = (*entry as isize).saturating_add(delta).max(0) as usize;
        *entry = max.map_or(next, |m| next.min(m));
    }

    pub(super) fn move_focused(&mut self, delta: isize) {
        match self.focus {
            Pane::List => self.move_list(delta),
            Pane::Tasks => {
                let n = self.task_order().len();
                if n > 0 {
                    self.task_cursor =
                        (self.task_cursor as isize + delta).clamp(0, n as isize - 1) as usize;
                }
            }
            pane if super::is_item_pane(pane) => self.move_item_cursor(pane, delta),
            pane => self.scroll_pane(pane, delta),
        }
    }

    pub(super) fn focus_step(&mut self, delta: isize) {
        let panes = self.panes();
        let at = panes.iter().position(|p| *p == self.focus).unwrap_or(0) as isize;
        let n = panes.len() as isize;
        self.focus = panes[((at + delta) % n + n) as usize % panes.len()];
    }

    /// Whether `action` acts on what only the index knows (a note's contents,
    /// its tasks, the problems, history or query blocks), so that it waits
    /// while the vault is still read and the list shows the kept rows, and
    /// while the vault's lists are computed from the index.
    pub fn needs_index(action: Action) -> bool {
        matches!(
            action,
            Action::Review
                | Action::SetStatus
                | Action::Done
                | Action::Accept
                | Action::Dismiss
                | Action::Undo
                | Action::Edit
                | Action::Problems
                | Action::Changes
                | Action::QueryBlocks
                | Action::OpenTasks
                | Action::ToggleQuery
        )
    }

    /// Whether `action` writes a note (through acct, not an editor).
    fn changes_a_note(action: Action) -> bool {
        matches!(
            action,
            Action::Review | Action::Done | Action::Accept | Action::Dismiss | Action::Undo
        )
    }

    /// Applies one action in the current mode.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if self.mode == Mode::Normal && Self::needs_index(action) {
            // The vault still read; or read, and its lists still computed
            // (they take a moment on a large vault; writes wait for them too).
            let wait = if self.loading.is_some() {
                Some(super::STILL_READING)
            } else if self.lists_pending {
                Some(super::STILL_COMPUTING)
            } else {
                None
            };
            if let Some(wait) = wait {
                // A view opens once the wait is over; a change is never made
                // later than it was asked for (the note may change meanwhile).
                self.waiting = None;
                let then = if Self::changes_a_note(action) {
                    "nothing was changed; try again in a moment"
                } else {
                    self.waiting = Some((action, self.selected_path().map(str::to_string)));
                    "this opens once it is done"
                };
                self.message = Some(format!("{wait}: {then}"));
                return None;
            }
        }
        match self.mode.clone() {
            Mode::Normal if self.inbox.is_some() => self.update_inbox(action),
            Mode::Normal => self.update_normal(action),
            Mode::Search => self.update_search(action),
            Mode::Help { scroll } => self.update_help(action, scroll),
            Mode::StatusPicker { options, selected } => {
                self.update_picker(action, options, selected)
            }
            Mode::Problems { selected } => self.update_problems(action, selected),
            Mode::Changes => self.update_changes(action),
            Mode::Blocks { at, scroll } => self.update_blocks(action, at, scroll),
        }
    }

    /// The dashboard's actions (triage's too: it is the dashboard walking a queue).
    fn update_normal(&mut self, action: Action) -> Option<Effect> {
        let page = self.drawn.list_rows() as isize;
        match action {
            Action::Quit => return Some(Effect::Quit),
            Action::Suspend => return Some(Effect::Suspend),
            Action::Down => self.move_focused(1),
            Action::Up => self.move_focused(-1),
            Action::PageDown => self.move_focused(page),
            Action::PageUp => self.move_focused(-page),
            Action::Top => self.move_focused(-(isize::MAX / 2)),
            Action::Bottom => self.move_focused(isize::MAX / 2),
            Action::FocusNext => self.focus_step(1),
            Action::FocusPrev => self.focus_step(-1),
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::Back => self.escape(),
            Action::Expand => self.toggle_expand(),
            Action::EnterPane => {
                if super::is_item_pane(self.focus) {
                    // On an item: its note, at its line.
                    let row = self.selected_item(self.focus)?;
                    return Some(Effect::Edit {
                        path: row.path,
                        line: row.line,
                    });
                }
                if self.focus == Pane::List {
                    self.focus = if self.details {
                        Pane::Details
                    } else {
                        Pane::Tasks
                    };
                }
            }
            Action::LeaveTriage => {
                if self.triage.is_some() {
                    self.leave_triage();
                    self.message = Some("left triage".into());
                }
            }
            Action::Search => {
                if self.triage.is_some() {
                    self.leave_triage();
                }
                self.before_search = self.selected_path().map(str::to_string);
                self.mode = Mode::Search;
                self.focus = Pane::List;
            }
            Action::Filter => self.cycle_filter(),
            Action::Triage => self.enter_triage(),
            Action::TriageNext | Action::TriagePrev => {
                if self.triage.is_none() {
                    self.message = Some(format!(
                        "not in triage: press {} to start",
                        self.keymap.first_key(Action::Triage)
                    ));
                } else {
                    self.move_list(if action == Action::TriageNext { 1 } else { -1 });
                }
            }
            Action::Details => {
                self.details = !self.details;
                self.focus = if self.details {
                    Pane::Details
                } else {
                    Pane::List
                };
            }
            Action::NextTab | Action::PrevTab => {
                if self.details {
                    let n = DETAIL_TABS.len();
                    self.details_tab =
                        (self.details_tab + if action == Action::NextTab { 1 } else { n - 1 }) % n;
                    self.scroll.remove(&Pane::Details);
                    self.item_cursors.remove(&Pane::Details);
                }
            }
            Action::ToggleQuery => self.toggle_query(),
            Action::Maximise => self.maximised = !self.maximised,
            Action::Problems => self.open_problems(),
            Action::Changes => self.open_changes(),
            Action::QueryBlocks => self.open_blocks(),
            Action::Review => {
                // Not flagged: the review point is still recorded.
                let path = self.selected_path()?.to_string();
                return Some(Effect::Review { path });
            }
            Action::SetStatus => {
                self.selected_path()?;
                let options = dashboard::known_statuses(&self.index);
                let current = self
                    .dashboard
                    .as_ref()
                    .and_then(|d| d.status.clone())
                    .unwrap_or_default()
                    .to_lowercase();
                let selected = options
                    .iter()
                    .position(|o| o.eq_ignore_ascii_case(&current))
                    .unwrap_or(0);
                self.mode = Mode::StatusPicker { options, selected };
            }
            Action::Done | Action::Accept | Action::Dismiss => return self.task_action(action),
            Action::Undo => return Some(Effect::Undo),
            Action::OpenTasks => self.open_inbox(),
            // The tasks view's own actions.
            Action::ToggleScope
            | Action::Mark
            | Action::MarkAll
            | Action::KeepOne
            | Action::CycleOwner
            | Action::CycleStatusFilter
            | Action::CycleDue
            | Action::CycleGrouping => {}
            // The other modes' actions.
            Action::Confirm
            | Action::Cancel
            | Action::DeleteChar
            | Action::DeleteWord
            | Action::ClearLine
            | Action::NextBlock
            | Action::PrevBlock => {}
            Action::Edit => {
                let (path, line) = self.edit_target()?;
                return Some(Effect::Edit { path, line });
            }
            Action::OpenObsidian => {
                let path = self
                    .selected_task()
                    .filter(|_| self.focus == Pane::Tasks)
                    .map(|t| t.path.clone())
                    .or_else(|| self.selected_path().map(str::to_string))?;
                return Some(Effect::OpenObsidian { path });
            }
        }
        None
    }

    /// Backs out one step (leaving triage is the triage layer's own action).
    fn escape(&mut self) {
        if !self.search.is_empty() {
            self.clear_search();
        } else if self.show_query {
            self.show_query = false;
            self.clamp_task_cursor();
        } else if self.details {
            self.details = false;
            self.focus = Pane::List;
        } else if self.focus != Pane::List {
            self.focus = Pane::List;
        }
    }
}
