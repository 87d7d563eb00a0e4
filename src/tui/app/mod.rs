//! The dashboard's state: every key becomes a state change here, in plain code
//! that needs no terminal. Side effects (writes, the editor) come back as an
//! [`Effect`] for the shell to carry out. Nothing here draws or measures: the
//! layout the view used comes back as [`Drawn`] and is read from there.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::index::Index;
use crate::model::dashboard::{self, AccountSummary, Dashboard, OpenTask, QueryView, TaskRef};
use crate::model::search::Searcher;

use super::keymap::Keymap;

mod blocks;
mod changes;
mod inbox;
mod input;
mod list;
mod live;
mod modes;
mod pane;
mod problems;
mod rows;
mod tasks;
mod triage;
mod update;
mod warm;

pub use changes::{ChangeRow, ChangesView, History, RowKind};
pub use inbox::{Inbox, Row};
pub use list::{Filter, ListMeasure, Visible};
pub use live::LiveState;
pub use pane::{Areas, DETAIL_TABS, Drawn, Pane};
pub use rows::{ItemRow, is_item_pane, item_rows};
pub use tasks::{TaskGroup, is_proposed, task_groups};
pub use triage::Triage;

/// What an action that needs the index says while the vault is still read.
pub(super) const STILL_READING: &str = "still reading the vault";

/// What an action that needs the vault's lists says while they are computed.
pub(super) const STILL_COMPUTING: &str = "still counting the vault's tasks and changes";

/// Whether the message is one of the two above, which go once the wait is over.
fn says_wait(message: Option<&str>) -> bool {
    message.is_some_and(|m| m.starts_with(STILL_READING) || m.starts_with(STILL_COMPUTING))
}

/// Everything the dashboard needs that is computed from the whole vault, made
/// on the loading thread once the vault is read: the index and every
/// account's row first ([`App::take_index`]), then the vault's lists
/// ([`App::take_lists`]).
pub struct Loaded {
    pub index: Index,
    /// Every account's row, archived included.
    pub rows: Vec<AccountSummary>,
    pub lists: Lists,
}

/// The lists of the whole vault, computed from the index once it is built.
pub struct Lists {
    /// Every live account's open tasks, for the tasks view.
    pub tasks: Vec<crate::model::inbox::InboxTask>,
    /// The query blocks that do not parse, per note.
    pub query_problems: HashMap<String, usize>,
    /// Review points and history, with what is new in each account counted.
    pub history: History,
    /// For the person, when the state file could not be used.
    pub message: Option<String>,
}

impl Loaded {
    /// The rows and lists of the vault in `index` (see [`Lists::compute`]).
    /// `kept_rows` are the rows an earlier start kept from exactly these notes,
    /// settings, config and day ([`crate::model::listing::Start::kept_rows`]):
    /// taken as they are, not computed again (docs/performance.md, "Kept results").
    pub fn compute(
        index: Index,
        config: &crate::config::Config,
        today: NaiveDate,
        kept_rows: Option<Vec<AccountSummary>>,
    ) -> Self {
        let rows = rows_of(&index, today, kept_rows);
        let lists = Lists::compute(&index, config, today);
        Self { index, rows, lists }
    }
}

/// Every account's row: the kept ones as they are, else computed.
pub fn rows_of(
    index: &Index,
    today: NaiveDate,
    kept_rows: Option<Vec<AccountSummary>>,
) -> Vec<AccountSummary> {
    let started = std::time::Instant::now();
    let rows = kept_rows.unwrap_or_else(|| dashboard::summaries(index, today, true));
    // Where start-up time goes (docs/performance.md), at `ACCT_LOG=debug`.
    tracing::debug!(
        rows_ms = started.elapsed().as_secs_f64() * 1e3,
        "the dashboard's rows taken"
    );
    rows
}

impl Lists {
    /// The tasks, query problems and history of the vault in `index`.
    pub fn compute(index: &Index, config: &crate::config::Config, today: NaiveDate) -> Self {
        use rayon::prelude::*;
        // The three are independent: side by side, so each one's serial parts
        // (sorts, the state file, the tables they fill) overlap the others' work.
        let started = std::time::Instant::now();
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        let ((tasks, tasks_ms), ((query_problems, query_problems_ms), opened)) = rayon::join(
            || {
                let t = std::time::Instant::now();
                let all = crate::model::inbox::Scope::All;
                let tasks = crate::model::inbox::collect(index, &all);
                (tasks, ms(t.elapsed()))
            },
            || {
                rayon::join(
                    || {
                        let t = std::time::Instant::now();
                        let notes: Vec<&crate::note::Note> = index.notes().collect();
                        let problems: HashMap<String, usize> = notes
                            .par_iter()
                            .map(|n| (n.path.clone(), dashboard::query_problems(n, today).len()))
                            .collect();
                        (problems, ms(t.elapsed()))
                    },
                    || {
                        let t = std::time::Instant::now();
                        (History::open(index, config.clone(), today), ms(t.elapsed()))
                    },
                )
            },
        );
        let ((history, message), since_review_ms) = opened;
        // Where start-up time goes (docs/performance.md), at `ACCT_LOG=debug`:
        // each part's own time (they overlap) and the whole.
        tracing::debug!(
            tasks_ms,
            query_problems_ms,
            since_review_ms,
            all_ms = ms(started.elapsed()),
            "the dashboard's lists computed"
        );
        Self {
            tasks,
            query_problems,
            history,
            message,
        }
    }
}

/// A modal state that takes the keys first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Search,
    /// The key help, scrolled past `scroll` rows.
    Help {
        scroll: usize,
    },
    StatusPicker {
        options: Vec<String>,
        selected: usize,
    },
    /// The problems view, on the `selected` problem of [`App::problems`].
    Problems {
        selected: usize,
    },
    /// The changes view of the selected account ([`App::changes_view`]).
    Changes,
    /// The query blocks view, on block `at` of [`App::blocks`], scrolled past `scroll` rows.
    Blocks {
        at: usize,
        scroll: usize,
    },
}

/// Something the shell must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Stop until the shell continues acct (Ctrl-Z, SIGTSTP).
    Suspend,
    /// Open a note in the editor at a line.
    Edit {
        path: String,
        line: usize,
    },
    /// Open a note in Obsidian.
    OpenObsidian {
        path: String,
    },
    /// Remove the needs-review tag of an account.
    Review {
        path: String,
    },
    /// Set an account's status.
    SetStatus {
        path: String,
        status: String,
    },
    /// Change the status character of the tasks a row stands for (and date
    /// them when done); `label` names what is written (`dismiss → [R] Rejected`).
    TaskStatus {
        targets: Vec<TaskRef>,
        symbol: char,
        done: bool,
        label: String,
    },
    /// Write several tasks' new statuses across notes, each note once, as one
    /// undo step; a note that changed on disk is refused and named.
    TaskBatch {
        edits: Vec<(String, crate::edit::writeback::TriageEdit)>,
        label: String,
    },
    /// Undo the last write.
    Undo,
}

/// The whole state of the dashboard.
pub struct App {
    /// Shared with the loading thread while it computes the vault's lists from
    /// it (see [`App::take_index`]); changes wait for those ([`App::apply_changes`]).
    pub index: std::sync::Arc<Index>,
    pub today: NaiveDate,
    pub vault_name: String,
    pub keymap: Keymap,
    /// Every account (archived too), needs-review first then oldest contact.
    pub rows: Vec<AccountSummary>,
    pub visible: Vec<Visible>,
    /// Index into `visible`.
    pub selected: usize,
    pub dashboard: Option<Dashboard>,
    pub focus: Pane,
    pub details: bool,
    pub details_tab: usize,
    pub scroll: HashMap<Pane, usize>,
    /// Index into the flattened task rows of the tasks pane.
    pub task_cursor: usize,
    /// The cursor of each item pane (blockers, decisions, recent, details).
    pub item_cursors: HashMap<Pane, usize>,
    /// The folded rows shown expanded, by where their first item is written.
    pub expanded: std::collections::HashSet<(String, usize)>,
    /// The task the cursor moves to once a task action is written.
    follow: Option<TaskRef>,
    pub show_query: bool,
    pub mode: Mode,
    pub search: String,
    search_cache: Option<(String, Vec<usize>)>,
    /// The list's measure between frames ([`App::list_measure`]).
    list_measure: std::cell::Cell<Option<ListMeasure>>,
    before_search: Option<String>,
    pub filter: Filter,
    pub triage: Option<Triage>,
    /// The full-width tasks view, when open (docs/tasks.md).
    pub inbox: Option<Inbox>,
    /// The config's `me` and `hide_tags`.
    pub inbox_settings: crate::model::inbox::InboxSettings,
    /// Every live account's open tasks, kept current, while the vault-wide
    /// tasks view is closed (it holds them while open).
    inbox_all: Option<Vec<crate::model::inbox::InboxTask>>,
    pub message: Option<String>,
    pub live: LiveState,
    pub loading: Option<String>,
    /// The index is taken but the vault's lists are still computed from it
    /// ([`App::take_index`]).
    pub lists_pending: bool,
    /// The last view pressed while the vault was read or its lists computed,
    /// with the account selected then: it opens once they are
    /// ([`App::take_waiting`]), as the message promises.
    waiting: Option<(crate::tui::keymap::Action, Option<String>)>,
    /// Changes that arrived while the index was shared with the loading
    /// thread, applied once it hands the lists over.
    held_changes: Vec<crate::index::change::Update>,
    /// Problems `check` would report, for the title bar.
    pub problem_count: usize,
    /// What the problems view lists: the problems of live notes in `check`'s
    /// groups, read when the view opens and after each change while it is open.
    pub problems: Vec<crate::problem::Problem>,
    /// The focused pane has the whole screen.
    pub maximised: bool,
    /// What the query blocks view shows: the account note's blocks, evaluated
    /// when the view opens and after each change while it is open.
    pub blocks: Vec<crate::model::query::BlockResult>,
    /// The answers of blocks that read no note of their own (a vault-wide
    /// `TASK FROM ""`), kept for the next account's `v` until the index changes,
    /// with the day they were evaluated on.
    query_answers: Option<(NaiveDate, crate::model::query::Answers)>,
    /// Unsupported query blocks per note (parsing every block on each save is not free).
    query_problems: HashMap<String, usize>,
    /// What the last frame drew, for paging, scrolling and the mouse.
    pub drawn: Drawn,
    /// Panes whose content changed in the last update, briefly marked.
    pub changed: Vec<Pane>,
    searcher: Searcher,
    /// Review points and git history, once the vault is read.
    pub history: Option<History>,
    pub changes_view: Option<ChangesView>,
}

impl App {
    pub fn new(index: Index, today: NaiveDate, vault_name: String, keymap: Keymap) -> Self {
        let mut app = Self {
            index: std::sync::Arc::new(index),
            today,
            vault_name,
            keymap,
            rows: Vec::new(),
            visible: Vec::new(),
            selected: 0,
            dashboard: None,
            focus: Pane::List,
            details: false,
            details_tab: 0,
            scroll: HashMap::new(),
            task_cursor: 0,
            item_cursors: HashMap::new(),
            expanded: Default::default(),
            follow: None,
            show_query: false,
            mode: Mode::Normal,
            search: String::new(),
            search_cache: None,
            list_measure: std::cell::Cell::new(None),
            before_search: None,
            filter: Filter::All,
            triage: None,
            inbox: None,
            inbox_settings: Default::default(),
            inbox_all: None,
            message: None,
            live: LiveState::Off,
            loading: None,
            lists_pending: false,
            waiting: None,
            held_changes: Vec::new(),
            problem_count: 0,
            problems: Vec::new(),
            maximised: false,
            blocks: Vec::new(),
            query_answers: None,
            query_problems: HashMap::new(),
            drawn: Drawn::default(),
            changed: Vec::new(),
            searcher: Searcher::default(),
            history: None,
            changes_view: None,
        };
        app.reload();
        app
    }

    /// The path of the selected account.
    pub fn selected_path(&self) -> Option<&str> {
        self.visible
            .get(self.selected)
            .map(|v| self.rows[v.row].path.as_str())
    }

    /// Recomputes the rows from the index, keeping the selection on the same note.
    pub fn reload(&mut self) {
        let keep = self.selected_path().map(str::to_string);
        self.rows = dashboard::summaries(&self.index, self.today, true);
        self.query_problems.clear();
        let paths: Vec<String> = self.index.notes().map(|n| n.path.clone()).collect();
        for p in &paths {
            self.count_query_problems(p);
        }
        self.count_problems();
        self.count_changes();
        self.search_cache = None;
        self.refilter(keep.as_deref());
        self.refresh_inbox();
    }

    /// Takes what the loading thread computed once the vault was read, all at
    /// once ([`App::take_index`], then [`App::take_lists`]).
    pub fn take_loaded(&mut self, loaded: Loaded) {
        self.take_index(std::sync::Arc::new(loaded.index), loaded.rows);
        self.take_lists(loaded.lists);
    }

    /// Takes the index and every account's row once the vault is read: the
    /// selected account's dashboard is drawn from here on, while the loading
    /// thread goes on computing the vault's lists from the same index
    /// (docs/performance.md, "Starting"). Until [`App::take_lists`], what needs
    /// those lists waits ([`App::needs_index`]) and changes to the index are
    /// held back ([`App::apply_changes`]). The selection stays on the same account.
    pub fn take_index(&mut self, index: std::sync::Arc<Index>, rows: Vec<AccountSummary>) {
        let keep = self.selected_path().map(str::to_string);
        self.index = index;
        self.loading = None;
        self.lists_pending = true;
        self.rows = rows;
        if self
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with(STILL_READING))
        {
            self.message = None;
        }
        self.count_problems();
        self.search_cache = None;
        self.refilter(keep.as_deref());
    }

    /// The view pressed while the vault was not yet ready, now that it is, if
    /// the dashboard is still where it was pressed: the same account selected,
    /// and not in help, search or a picker.
    pub fn take_waiting(&mut self) -> Option<crate::tui::keymap::Action> {
        let (action, selected) = self.waiting.take()?;
        let ready = self.loading.is_none() && !self.lists_pending;
        let same = self.mode == Mode::Normal
            && self.inbox.is_none()
            && self.selected_path().map(str::to_string) == selected;
        (ready && same).then_some(action)
    }

    /// Takes the vault's lists, computed from the index [`App::take_index`]
    /// took, and applies the changes held back meanwhile. Returns whether those
    /// changed anything shown.
    pub fn take_lists(&mut self, lists: Lists) -> bool {
        let keep = self.selected_path().map(str::to_string);
        self.lists_pending = false;
        self.warm_inbox(lists.tasks);
        self.query_problems = lists.query_problems;
        self.history = Some(lists.history);
        if says_wait(self.message.as_deref()) {
            self.message = None;
        }
        if let Some(message) = lists.message {
            self.message = Some(message);
        }
        self.count_problems();
        self.search_cache = None;
        self.refilter(keep.as_deref());
        self.refresh_inbox();
        let held = std::mem::take(&mut self.held_changes);
        !held.is_empty() && self.apply_changes(held)
    }

    /// Shows every account's row kept by the previous start while the vault is
    /// still read (docs/performance.md, "Kept results"): the list can be moved in
    /// and searched; what needs the index waits for it ([`App::needs_index`]).
    pub fn show_kept_rows(&mut self, rows: Vec<dashboard::AccountSummary>) {
        if self.loading.is_none() {
            return;
        }
        let keep = self.selected_path().map(str::to_string);
        self.rows = rows;
        self.search_cache = None;
        self.refilter(keep.as_deref());
    }

    /// Recomputes the visible rows; selects `keep` if it is still visible, else stays
    /// at the same position (a neighbour).
    fn refilter(&mut self, keep: Option<&str>) {
        let old_pos = self.selected;
        self.visible = self.compute_visible();
        self.forget_list_measure();
        self.selected = keep
            .and_then(|p| self.visible.iter().position(|v| self.rows[v.row].path == p))
            .unwrap_or_else(|| old_pos.min(self.visible.len().saturating_sub(1)));
        self.load_dashboard();
    }

    /// Rebuilds the selected account's dashboard.
    pub fn load_dashboard(&mut self) {
        let path = self.selected_path().map(str::to_string);
        let same = self.dashboard.as_ref().map(|d| d.path.as_str()) == path.as_deref();
        let old = self.dashboard.take();
        self.dashboard = path
            .as_deref()
            .and_then(|p| dashboard::build(&self.index, p, self.today));
        if let Some(d) = self.dashboard.as_mut()
            && self.show_query
        {
            d.task_queries = dashboard::task_queries(&self.index, &d.path, self.today);
        }
        if same {
            self.changed = live::changed_panes(old.as_ref(), self.dashboard.as_ref());
        } else {
            self.changed.clear();
            self.scroll.retain(|p, _| *p == Pane::List);
            self.task_cursor = 0;
            self.item_cursors.clear();
            self.expanded.clear();
        }
        self.clamp_task_cursor();
    }

    /// The tasks shown in the tasks pane: the account's open tasks, or the note's
    /// own query result when toggled.
    pub fn shown_tasks(&self) -> (&[OpenTask], Option<&QueryView>) {
        let Some(d) = &self.dashboard else {
            return (&[], None);
        };
        if self.show_query
            && let Some(q) = d.task_queries.first()
        {
            return (q.result.as_deref().unwrap_or(&[]), Some(q));
        }
        (&d.open_tasks, None)
    }

    /// The task indices in display order (grouped), as the cursor walks them.
    pub fn task_order(&self) -> Vec<usize> {
        let (tasks, query) = self.shown_tasks();
        if query.is_some() {
            return (0..tasks.len()).collect();
        }
        task_groups(tasks)
            .into_iter()
            .flat_map(|(_, ids)| ids)
            .collect()
    }

    /// The task under the cursor.
    pub fn selected_task(&self) -> Option<&OpenTask> {
        let order = self.task_order();
        let (tasks, _) = self.shown_tasks();
        order.get(self.task_cursor).and_then(|&i| tasks.get(i))
    }

    fn clamp_task_cursor(&mut self) {
        let n = self.task_order().len();
        self.task_cursor = self.task_cursor.min(n.saturating_sub(1));
    }

    /// Where `e` opens the editor: the selected task or item, or the focused
    /// section's heading.
    pub fn edit_target(&self) -> Option<(String, usize)> {
        let d = self.dashboard.as_ref()?;
        if self.focus == Pane::Tasks
            && let Some(t) = self.selected_task()
        {
            return Some((t.path.clone(), t.line));
        }
        if is_item_pane(self.focus)
            && let Some(row) = self.selected_item(self.focus)
        {
            return Some((row.path, row.line));
        }
        let key = match self.focus {
            Pane::Blockers => "blockers",
            Pane::Decisions => "decisions",
            Pane::Recent => "recent",
            Pane::Status => "status",
            _ => "",
        };
        Some((
            d.path.clone(),
            d.section_lines.get(key).copied().unwrap_or(1),
        ))
    }

    fn toggle_query(&mut self) {
        let Some(d) = self.dashboard.as_mut() else {
            return;
        };
        if !self.show_query {
            d.task_queries = dashboard::task_queries(&self.index, &d.path, self.today);
            if d.task_queries.is_empty() {
                self.message = Some("this note has no task query block".into());
                return;
            }
        }
        self.show_query = !self.show_query;
        self.task_cursor = 0;
        self.focus = Pane::Tasks;
    }
}
