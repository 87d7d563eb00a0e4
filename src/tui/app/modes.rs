//! `update` in the modes that take the keys from the dashboard: search, the
//! status picker and the help.

use super::{App, Effect, Mode};
use crate::tui::keymap::Action;

impl App {
    pub(super) fn update_search(&mut self, action: Action) -> Option<Effect> {
        if self.inbox.is_some() {
            return self.update_inbox_search(action);
        }
        match action {
            Action::Cancel => {
                self.mode = Mode::Normal;
                self.clear_search();
            }
            Action::Confirm => {
                self.mode = Mode::Normal;
                self.before_search = None;
                self.message = Some(if self.search.is_empty() {
                    "search cleared".into()
                } else {
                    format!("filter kept: /{}", self.search)
                });
            }
            Action::Quit => return Some(Effect::Quit),
            Action::Suspend => return Some(Effect::Suspend),
            Action::ClearLine => self.set_search(String::new()),
            Action::DeleteWord => {
                let trimmed = self.search.trim_end();
                let cut = trimmed.rfind(' ').map_or(0, |i| i + 1);
                self.set_search(self.search[..cut].to_string());
            }
            Action::DeleteChar => {
                let mut s = self.search.clone();
                s.pop();
                self.set_search(s);
            }
            Action::Down => self.move_list(1),
            Action::Up => self.move_list(-1),
            _ => {}
        }
        None
    }

    /// A character typed into the search.
    pub(super) fn type_into_search(&mut self, c: char) {
        if self.inbox.is_some() {
            return self.type_into_inbox_search(c);
        }
        let s = format!("{}{c}", self.search);
        self.set_search(s);
    }

    pub(super) fn update_picker(
        &mut self,
        action: Action,
        options: Vec<String>,
        selected: usize,
    ) -> Option<Effect> {
        let n = options.len().max(1);
        match action {
            Action::Cancel => self.mode = Mode::Normal,
            Action::Down => {
                self.mode = Mode::StatusPicker {
                    selected: (selected + 1) % n,
                    options,
                }
            }
            Action::Up => {
                self.mode = Mode::StatusPicker {
                    selected: (selected + n - 1) % n,
                    options,
                }
            }
            Action::Confirm => {
                self.mode = Mode::Normal;
                let path = self.selected_path()?.to_string();
                let status = options.get(selected)?.clone();
                return Some(Effect::SetStatus { path, status });
            }
            Action::Quit => return Some(Effect::Quit),
            Action::Suspend => return Some(Effect::Suspend),
            _ => {}
        }
        None
    }

    pub(super) fn update_help(&mut self, action: Action, scroll: usize) -> Option<Effect> {
        let max = self.drawn.help_max_scroll.unwrap_or(0);
        let page = self.drawn.help_rows.max(1);
        let to = |at: usize| Mode::Help {
            scroll: at.min(max),
        };
        match action {
            Action::Cancel => self.mode = Mode::Normal,
            Action::Down => self.mode = to(scroll + 1),
            Action::Up => self.mode = to(scroll.saturating_sub(1)),
            Action::PageDown => self.mode = to(scroll + page),
            Action::PageUp => self.mode = to(scroll.saturating_sub(page)),
            Action::Top => self.mode = to(0),
            Action::Bottom => self.mode = to(max),
            Action::Quit => return Some(Effect::Quit),
            Action::Suspend => return Some(Effect::Suspend),
            _ => {}
        }
        None
    }
}
