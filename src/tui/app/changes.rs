//! Since last review in the dashboard: the vault's state and history, the
//! "new since review" count of each account, review points for `r`, and the
//! changes view (`c`). Rules in docs/vault.md, "Since last review".

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{App, Effect, Mode};
use crate::config::Config;
use crate::git::Repo;
use crate::index::Index;
use crate::model::changes::{self, Changes, HistoryCache, PaneKind, SinceArg, Sources};
use crate::state::StateFile;
use crate::tui::keymap::Action;

/// The vault's review points and git history, opened once the vault is read.
pub struct History {
    pub config: Config,
    pub state: Option<StateFile>,
    pub repo: Option<Repo>,
    cache: HistoryCache,
    /// Things new since its review point, per account path.
    pub new_counts: HashMap<String, usize>,
}

impl History {
    pub fn new(config: Config, state: Option<StateFile>, repo: Option<Repo>) -> Self {
        Self {
            config,
            state,
            repo,
            cache: HistoryCache::default(),
            new_counts: HashMap::new(),
        }
    }

    /// Opens the vault's review points and history once the vault is read,
    /// recording the first sight of a vault without history, and counts what is
    /// new in every live account. Run on the loading thread: at 50,000 accounts
    /// the counts take over a second. Also returns what the person should be
    /// told when the state file could not be used.
    pub fn open(index: &Index, config: Config, today: NaiveDate) -> (Self, Option<String>) {
        let repo = Repo::open(&index.root);
        let mut message = None;
        let state = match StateFile::open(&index.root) {
            Ok(mut state) => {
                let now = chrono::Utc::now().timestamp();
                if let Err(e) =
                    changes::record_first_sight(&mut state, index, today, now, repo.is_some())
                {
                    message = Some(e);
                }
                Some(state)
            }
            Err(e) => {
                message = Some(e.to_string());
                None
            }
        };
        let mut history = Self::new(config, state, repo);
        let accounts: Vec<String> = index.accounts().map(|n| n.path.clone()).collect();
        history.count(index, today, &accounts);
        (history, message)
    }

    /// Counts what is new in these accounts (live ones; others count 0).
    fn count<'p>(
        &mut self,
        index: &Index,
        today: NaiveDate,
        paths: impl IntoIterator<Item = &'p String>,
    ) {
        use rayon::prelude::*;
        let sources = Sources::new(
            index,
            &self.config,
            today,
            self.state.as_ref(),
            self.repo.as_ref(),
            &self.cache,
        );
        let (live, others): (Vec<&String>, Vec<&String>) = paths
            .into_iter()
            .partition(|p| index.is_account(p) && !index.is_archived(p));
        for gone in others {
            self.new_counts.remove(gone.as_str());
        }
        let counts: Vec<(String, usize)> = live
            .par_iter()
            .map(|p| (p.to_string(), sources.new_count(p)))
            .collect();
        self.new_counts.extend(counts);
    }
}

/// One row of the changes view; a row with a target opens its note there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    /// `Header` rows name a pane; the others are `+`, `-` or `~` lines.
    pub kind: RowKind,
    pub text: String,
    /// When and by which commit, for an added line.
    pub commit: Option<String>,
    pub target: Option<(String, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Header,
    Added,
    Removed,
    Changed,
}

/// The open changes view of one account.
#[derive(Debug, Clone)]
pub struct ChangesView {
    pub changes: Changes,
    pub rows: Vec<ChangeRow>,
    pub cursor: usize,
}

impl ChangesView {
    fn of(changes: Changes) -> Self {
        let rows = rows(&changes);
        let cursor = rows.iter().position(|r| r.target.is_some()).unwrap_or(0);
        Self {
            changes,
            rows,
            cursor,
        }
    }
}

fn rows(c: &Changes) -> Vec<ChangeRow> {
    let mut out = Vec::new();
    let row = |kind, text: String, commit: Option<&crate::git::Commit>, target| ChangeRow {
        kind,
        text,
        commit: commit.map(|c| format!("{} {}", c.time.get(..10).unwrap_or(&c.time), c.subject)),
        target,
    };
    if !c.status_changes.is_empty() {
        out.push(row(RowKind::Header, "Status".into(), None, None));
        for s in &c.status_changes {
            let text = format!(
                "{}: {} → {}",
                s.field,
                s.from.as_deref().unwrap_or("-"),
                s.to.as_deref().unwrap_or("-")
            );
            out.push(row(RowKind::Changed, text, None, Some((c.path.clone(), 1))));
        }
    }
    for pane in PaneKind::ALL {
        let added: Vec<_> = c.added.iter().filter(|a| a.pane == pane).collect();
        let removed: Vec<_> = c.removed.iter().filter(|a| a.pane == pane).collect();
        if added.is_empty() && removed.is_empty() {
            continue;
        }
        out.push(row(RowKind::Header, pane.label().into(), None, None));
        for a in added {
            let target = a.path.clone().zip(a.line);
            let text = a.text.clone().unwrap_or_default();
            out.push(row(RowKind::Added, text, a.commit.as_ref(), target));
        }
        for r in removed {
            let text = r
                .text
                .clone()
                .unwrap_or_else(|| "an item whose text was not kept".into());
            out.push(row(RowKind::Removed, text, None, None));
        }
    }
    if !c.notes_added.is_empty() || !c.notes_removed.is_empty() {
        out.push(row(RowKind::Header, "Related notes".into(), None, None));
        for n in &c.notes_added {
            let text = n.title.clone().or(n.path.clone()).unwrap_or_default();
            let target = n.path.clone().map(|p| (p, 1));
            out.push(row(RowKind::Added, text, n.commit.as_ref(), target));
        }
        for n in &c.notes_removed {
            let text = n
                .path
                .clone()
                .unwrap_or_else(|| "a note whose path was not kept".into());
            out.push(row(RowKind::Removed, text, None, None));
        }
    }
    out
}

impl App {
    /// Uses these review points and this history (and counts what is new).
    pub fn attach_history(&mut self, history: History) {
        self.history = Some(history);
        self.count_changes();
    }

    /// Re-counts what is new in every account since its review point.
    pub(super) fn count_changes(&mut self) {
        let all: Vec<String> = self.rows.iter().map(|r| r.path.clone()).collect();
        if let Some(h) = self.history.as_mut() {
            h.new_counts.clear();
        }
        self.count_changes_of(&all);
    }

    /// Re-counts what is new in these accounts (live ones; others count 0).
    pub(super) fn count_changes_of<'p>(&mut self, paths: impl IntoIterator<Item = &'p String>) {
        self.forget_list_measure();
        if let Some(h) = self.history.as_mut() {
            h.count(&self.index, self.today, paths);
        }
    }

    /// Things new in the account since its review point (0 without history).
    pub fn new_count(&self, path: &str) -> usize {
        self.history
            .as_ref()
            .and_then(|h| h.new_counts.get(path))
            .copied()
            .unwrap_or(0)
    }

    /// Records a review point of the account at `path`; says why not when it cannot.
    pub fn record_review(&mut self, path: &str) -> Result<(), String> {
        let Some(state) = self.history.as_mut().and_then(|h| h.state.as_mut()) else {
            return Err("no review point recorded: acct's state file is not available".into());
        };
        let now = chrono::Utc::now().timestamp();
        let changed = changes::record_review(state, &self.index, path, self.today, now)?;
        // Only the accounts whose review point changed count anew: not the
        // whole vault on a key press (docs/performance.md, "Interaction").
        self.count_changes_of(&changed);
        Ok(())
    }

    /// Opens the changes view of the selected account.
    pub(super) fn open_changes(&mut self) {
        let Some(path) = self.selected_path().map(str::to_string) else {
            return;
        };
        let Some(h) = &self.history else {
            self.message = Some("the vault is still being read".into());
            return;
        };
        let sources = Sources::new(
            &self.index,
            &h.config,
            self.today,
            h.state.as_ref(),
            h.repo.as_ref(),
            &h.cache,
        );
        match sources.changes(&path, &SinceArg::Reviewed) {
            Ok(c) => {
                self.changes_view = Some(ChangesView::of(c));
                self.mode = Mode::Changes;
            }
            Err(e) => self.message = Some(e),
        }
    }

    pub(super) fn update_changes(&mut self, action: Action) -> Option<Effect> {
        let view = self.changes_view.as_mut()?;
        let targets: Vec<usize> = (0..view.rows.len())
            .filter(|&i| view.rows[i].target.is_some())
            .collect();
        let at = targets.iter().position(|&i| i == view.cursor);
        match action {
            Action::Down => {
                if let Some(&next) = targets.get(at.map_or(0, |a| a + 1)) {
                    view.cursor = next;
                }
            }
            Action::Up => {
                if let Some(a) = at.filter(|a| *a > 0) {
                    view.cursor = targets[a - 1];
                }
            }
            Action::Confirm | Action::Edit => {
                let (path, line) = view.rows.get(view.cursor)?.target.clone()?;
                return Some(Effect::Edit { path, line });
            }
            Action::Cancel => {
                self.mode = Mode::Normal;
                self.changes_view = None;
            }
            Action::Quit => return Some(Effect::Quit),
            _ => {}
        }
        None
    }
}
