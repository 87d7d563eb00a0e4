//! The problems view: the findings of live notes, grouped as `acct check`
//! groups them (docs/cli.md, `acct check`); Enter opens the note at the line.

use super::{App, Effect, Mode};
use crate::model::check;
use crate::tui::keymap::Action;

impl App {
    /// Opens the problems view on its first problem.
    pub(super) fn open_problems(&mut self) {
        self.problems = sorted_by_group(check::live(&self.index, self.today));
        self.mode = Mode::Problems { selected: 0 };
    }

    /// Re-reads the problems while the view is open, staying on the same one
    /// when it is still there.
    pub(super) fn refresh_problems(&mut self) {
        let Mode::Problems { selected } = self.mode else {
            return;
        };
        let was = self.problems.get(selected).cloned();
        self.problems = sorted_by_group(check::live(&self.index, self.today));
        let selected = was
            .and_then(|w| self.problems.iter().position(|p| *p == w))
            .unwrap_or(selected)
            .min(self.problems.len().saturating_sub(1));
        self.mode = Mode::Problems { selected };
    }

    pub(super) fn update_problems(&mut self, action: Action, selected: usize) -> Option<Effect> {
        let last = self.problems.len().saturating_sub(1);
        let page = self.drawn.problem_rows.max(1);
        let to = |at: usize| Mode::Problems {
            selected: at.min(last),
        };
        match action {
            Action::Cancel => self.mode = Mode::Normal,
            Action::Down => self.mode = to(selected + 1),
            Action::Up => self.mode = to(selected.saturating_sub(1)),
            Action::PageDown => self.mode = to(selected + page),
            Action::PageUp => self.mode = to(selected.saturating_sub(page)),
            Action::Top => self.mode = to(0),
            Action::Bottom => self.mode = to(last),
            Action::Confirm => {
                let Some(p) = self.problems.get(selected) else {
                    self.message = Some("no problems in live notes".into());
                    return None;
                };
                return Some(Effect::Edit {
                    path: p.path.clone(),
                    line: p.line.unwrap_or(1),
                });
            }
            Action::Quit => return Some(Effect::Quit),
            _ => {}
        }
        None
    }
}

/// The problems in the order the view shows them: by kind, then path and line.
fn sorted_by_group(problems: Vec<crate::problem::Problem>) -> Vec<crate::problem::Problem> {
    check::groups(&problems)
        .into_iter()
        .flat_map(|(_, ps)| ps.into_iter().cloned())
        .collect()
}
