//! The query blocks view: every `tasks` and `dataview` block of the account
//! note, evaluated as `acct query` evaluates it, one block at a time
//! (docs/vault.md, "Query blocks"). `v` opens it on the first block; `v`, `]`
//! and `[` move between blocks.

use super::{App, Effect, Mode};
use crate::model::query::{Answers, Session};
use crate::tui::keymap::Action;

impl App {
    /// Evaluates the selected account's blocks and opens the view on the first.
    pub(super) fn open_blocks(&mut self) {
        if !self.evaluate_blocks() {
            return;
        }
        if self.blocks.is_empty() {
            self.message = Some("this note has no tasks or dataview query block".into());
            return;
        }
        self.mode = Mode::Blocks { at: 0, scroll: 0 };
    }

    /// The selected account's blocks, evaluated; false when no account is shown.
    fn evaluate_blocks(&mut self) -> bool {
        let Some(note) = self
            .dashboard
            .as_ref()
            .and_then(|d| self.index.note(&d.path))
        else {
            self.blocks.clear();
            return false;
        };
        let answers = match self.query_answers.take() {
            Some((day, answers)) if day == self.today => answers,
            _ => Answers::default(),
        };
        let mut session = Session::with_answers(&self.index, self.today, answers);
        self.blocks = session.note_blocks(note);
        self.query_answers = Some((self.today, session.into_answers()));
        true
    }

    /// Re-evaluates the blocks while the view is open, staying on the same one.
    pub(super) fn refresh_blocks(&mut self) {
        let Mode::Blocks { at, scroll } = self.mode else {
            return;
        };
        if !self.evaluate_blocks() || self.blocks.is_empty() {
            self.mode = Mode::Normal;
            return;
        }
        let at = at.min(self.blocks.len() - 1);
        self.mode = Mode::Blocks { at, scroll };
    }

    pub(super) fn update_blocks(
        &mut self,
        action: Action,
        at: usize,
        scroll: usize,
    ) -> Option<Effect> {
        let n = self.blocks.len().max(1);
        let max = self.drawn.block_max_scroll;
        let page = self.drawn.block_rows.max(1);
        let scrolled = |to: usize| Mode::Blocks {
            at,
            scroll: to.min(max),
        };
        match action {
            Action::NextBlock | Action::QueryBlocks => {
                self.mode = Mode::Blocks {
                    at: (at + 1) % n,
                    scroll: 0,
                }
            }
            Action::PrevBlock => {
                self.mode = Mode::Blocks {
                    at: (at + n - 1) % n,
                    scroll: 0,
                }
            }
            Action::Down => self.mode = scrolled(scroll + 1),
            Action::Up => self.mode = scrolled(scroll.saturating_sub(1)),
            Action::PageDown => self.mode = scrolled(scroll + page),
            Action::PageUp => self.mode = scrolled(scroll.saturating_sub(page)),
            Action::Top => self.mode = scrolled(0),
            Action::Bottom => self.mode = scrolled(max),
            Action::Edit => {
                let b = self.blocks.get(at)?;
                return Some(Effect::Edit {
                    path: b.path.clone(),
                    line: b.line,
                });
            }
            Action::Cancel => self.mode = Mode::Normal,
            Action::Quit => return Some(Effect::Quit),
            Action::Suspend => return Some(Effect::Suspend),
            _ => {}
        }
        None
    }
}
