//! The dashboard's state and `update`: every key becomes a state change here,
//! in plain code that needs no terminal. Side effects (writes, the editor) come
//! back as an [`Effect`] for the shell to carry out.

use std::collections::HashMap;

use chrono::NaiveDate;
use ratatui::layout::Rect;

use crate::index::Index;
use crate::model::dashboard::{self, AccountSummary, Dashboard, OpenTask, QueryView, TaskRef};
use crate::model::search::{SearchQuery, Searcher};

use super::keymap::{Action, Keymap};
use super::view::layout::Areas;

mod input;
mod live;
mod tasks;

pub use tasks::{TaskGroup, is_proposed, task_groups};

/// The panes that take focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    List,
    Status,
    Blockers,
    Decisions,
    Tasks,
    Recent,
    Details,
}

impl Pane {
    /// Every pane, in screen order.
    pub const ALL: [Pane; 7] = [
        Pane::List,
        Pane::Status,
        Pane::Blockers,
        Pane::Decisions,
        Pane::Tasks,
        Pane::Recent,
        Pane::Details,
    ];
}

const DASHBOARD_PANES: [Pane; 6] = [
    Pane::List,
    Pane::Status,
    Pane::Blockers,
    Pane::Decisions,
    Pane::Tasks,
    Pane::Recent,
];
const DETAILS_PANES: [Pane; 2] = [Pane::List, Pane::Details];

/// Which accounts the list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    All,
    NeedsReview,
    Status(String),
    Archived,
}

impl Filter {
    pub fn label(&self) -> String {
        match self {
            Filter::All => "all".into(),
            Filter::NeedsReview => "needs review".into(),
            Filter::Status(s) => format!("status: {s}"),
            Filter::Archived => "archived".into(),
        }
    }
}

/// A modal state that takes the keys first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Search,
    Help,
    StatusPicker {
        options: Vec<String>,
        selected: usize,
    },
}

/// The needs-review queue being walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triage {
    /// Account paths, oldest contact first.
    pub queue: Vec<String>,
    pub pos: usize,
}

/// How the watcher is doing, for the title bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveState {
    Off,
    Live,
    Polling(String),
}

/// The sections of the details view.
pub const DETAIL_TABS: [&str; 8] = [
    "About",
    "Contacts",
    "Next steps",
    "Opportunities",
    "Facts",
    "Topics",
    "People",
    "Projects",
];

/// Something the shell must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
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
    /// Undo the last write.
    Undo,
}

/// One visible row of the account list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visible {
    /// Index into [`App::rows`].
    pub row: usize,
    /// Title characters the search matched.
    pub matches: Vec<usize>,
}

/// The whole state of the dashboard.
pub struct App {
    pub index: Index,
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
    /// The task the cursor moves to once a task action is written.
    follow: Option<TaskRef>,
    pub show_query: bool,
    pub mode: Mode,
    pub search: String,
    search_cache: Option<(String, Vec<usize>)>,
    before_search: Option<String>,
    pub filter: Filter,
    pub triage: Option<Triage>,
    pub message: Option<String>,
    pub live: LiveState,
    pub loading: Option<String>,
    /// Problems `check` would report, for the title bar.
    pub problem_count: usize,
    /// Unsupported query blocks per note (parsing every block on each save is not free).
    query_problems: HashMap<String, usize>,
    /// The terminal's size at the last draw, for mouse hit-testing.
    pub screen: Rect,
    /// Panes whose content changed in the last update, briefly marked.
    pub changed: Vec<Pane>,
    searcher: Searcher,
}

impl App {
    pub fn new(index: Index, today: NaiveDate, vault_name: String, keymap: Keymap) -> Self {
        let mut app = Self {
            index,
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
            follow: None,
            show_query: false,
            mode: Mode::Normal,
            search: String::new(),
            search_cache: None,
            before_search: None,
            filter: Filter::All,
            triage: None,
            message: None,
            live: LiveState::Off,
            loading: None,
            problem_count: 0,
            query_problems: HashMap::new(),
            screen: Rect::new(0, 0, 120, 40),
            changed: Vec::new(),
            searcher: Searcher::default(),
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
        self.search_cache = None;
        self.refilter(keep.as_deref());
    }

    /// Recomputes the visible rows; selects `keep` if it is still visible, else stays
    /// at the same position (a neighbour).
    fn refilter(&mut self, keep: Option<&str>) {
        let old_pos = self.selected;
        self.visible = self.compute_visible();
        self.selected = keep
            .and_then(|p| self.visible.iter().position(|v| self.rows[v.row].path == p))
            .unwrap_or_else(|| old_pos.min(self.visible.len().saturating_sub(1)));
        self.load_dashboard();
    }

    fn compute_visible(&mut self) -> Vec<Visible> {
        if let Some(t) = &self.triage {
            return t
                .queue
                .iter()
                .filter_map(|p| self.rows.iter().position(|r| &r.path == p))
                .map(|row| Visible {
                    row,
                    matches: Vec::new(),
                })
                .collect();
        }
        let filter = self.filter.clone();
        let base: Vec<usize> = (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                match &filter {
                    Filter::All => !r.archived,
                    Filter::NeedsReview => !r.archived && r.needs_review,
                    Filter::Status(s) => {
                        !r.archived
                            && r.status
                                .as_deref()
                                .is_some_and(|rs| rs.eq_ignore_ascii_case(s))
                    }
                    Filter::Archived => r.archived,
                }
            })
            .collect();
        if self.search.trim().is_empty() {
            return base
                .into_iter()
                .map(|row| Visible {
                    row,
                    matches: Vec::new(),
                })
                .collect();
        }
        // Typing more only narrows: search among the previous hits.
        let among = match &self.search_cache {
            Some((prev, ids))
                if SearchQuery::parse(prev).narrows_to(&SearchQuery::parse(&self.search)) =>
            {
                ids.clone()
            }
            _ => base.clone(),
        };
        let hits = self
            .searcher
            .search_among(&self.rows, Some(&among), &self.search);
        self.search_cache = Some((self.search.clone(), hits.iter().map(|h| h.row).collect()));
        hits.into_iter()
            .filter(|h| base.binary_search(&h.row).is_ok())
            .map(|h| Visible {
                row: h.row,
                matches: h.title_matches,
            })
            .collect()
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
            self.changed = changed_panes(old.as_ref(), self.dashboard.as_ref());
        } else {
            self.changed.clear();
            self.scroll.retain(|p, _| *p == Pane::List);
            self.task_cursor = 0;
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

    fn panes(&self) -> &'static [Pane] {
        if self.details {
            &DETAILS_PANES
        } else {
            &DASHBOARD_PANES
        }
    }

    fn list_page(&self) -> usize {
        let areas = self.areas();
        areas
            .and_then(|a| a.list)
            .map_or(10, |r| r.height.saturating_sub(2).max(1) as usize)
    }

    fn move_list(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let last = self.visible.len() - 1;
        let next = (self.selected as isize + delta).clamp(0, last as isize) as usize;
        if next != self.selected {
            self.selected = next;
            if let Some(t) = self.triage.as_mut() {
                t.pos = next;
            }
            self.load_dashboard();
        }
    }

    fn scroll_pane(&mut self, pane: Pane, delta: isize) {
        let entry = self.scroll.entry(pane).or_insert(0);
        *entry = (*entry as isize + delta).max(0) as usize;
    }

    fn move_focused(&mut self, delta: isize) {
        match self.focus {
            Pane::List => self.move_list(delta),
            Pane::Tasks => {
                let n = self.task_order().len();
                if n > 0 {
                    self.task_cursor =
                        (self.task_cursor as isize + delta).clamp(0, n as isize - 1) as usize;
                }
            }
            pane => self.scroll_pane(pane, delta),
        }
    }

    fn focus_step(&mut self, delta: isize) {
        let panes = self.panes();
        let at = panes.iter().position(|p| *p == self.focus).unwrap_or(0) as isize;
        let n = panes.len() as isize;
        self.focus = panes[((at + delta) % n + n) as usize % panes.len()];
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        let page = self.list_page() as isize;
        match action {
            Action::Quit => return Some(Effect::Quit),
            Action::Down => self.move_focused(1),
            Action::Up => self.move_focused(-1),
            Action::PageDown => self.move_focused(page),
            Action::PageUp => self.move_focused(-page),
            Action::Top => self.move_focused(-(isize::MAX / 2)),
            Action::Bottom => self.move_focused(isize::MAX / 2),
            Action::FocusNext => self.focus_step(1),
            Action::FocusPrev => self.focus_step(-1),
            Action::Help => self.mode = Mode::Help,
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
                    self.message = Some("not in triage: press t to start".into());
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
                }
            }
            Action::ToggleQuery => self.toggle_query(),
            Action::Review => {
                let path = self.selected_path()?.to_string();
                if !self.rows[self.visible[self.selected].row].needs_review {
                    self.message = Some("this account is not flagged for review".into());
                    return None;
                }
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

    /// Where `e` opens the editor: the selected task, or the focused section's heading.
    pub fn edit_target(&self) -> Option<(String, usize)> {
        let d = self.dashboard.as_ref()?;
        if self.focus == Pane::Tasks
            && let Some(t) = self.selected_task()
        {
            return Some((t.path.clone(), t.line));
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

    fn cycle_filter(&mut self) {
        if self.triage.is_some() {
            self.leave_triage();
        }
        let mut statuses: Vec<String> = self
            .rows
            .iter()
            .filter(|r| !r.archived)
            .filter_map(|r| r.status.as_ref().map(|s| s.to_lowercase()))
            .collect();
        statuses.sort();
        statuses.dedup();
        let mut cycle = vec![Filter::All, Filter::NeedsReview];
        cycle.extend(statuses.into_iter().map(Filter::Status));
        cycle.push(Filter::Archived);
        let at = cycle.iter().position(|f| *f == self.filter).unwrap_or(0);
        self.filter = cycle[(at + 1) % cycle.len()].clone();
        let keep = self.selected_path().map(str::to_string);
        self.refilter(keep.as_deref());
        self.message = Some(format!(
            "filter: {} ({} accounts)",
            self.filter.label(),
            self.visible.len()
        ));
    }

    fn enter_triage(&mut self) {
        let mut queue: Vec<&AccountSummary> = self
            .rows
            .iter()
            .filter(|r| r.needs_review && !r.archived)
            .collect();
        queue.sort_by_key(|a| (a.last_contact, a.title.to_lowercase()));
        if queue.is_empty() {
            self.message = Some("nothing needs review".into());
            return;
        }
        let queue: Vec<String> = queue.into_iter().map(|r| r.path.clone()).collect();
        self.triage = Some(Triage { queue, pos: 0 });
        self.search.clear();
        self.selected = 0;
        self.focus = Pane::List;
        self.details = false;
        self.refilter(None);
    }

    fn leave_triage(&mut self) {
        let keep = self.selected_path().map(str::to_string);
        self.triage = None;
        self.refilter(keep.as_deref());
    }

    /// Moves triage on after the current account was handled.
    pub fn triage_advance(&mut self) {
        if self.triage.is_some() {
            self.move_list(1);
        }
    }

    /// "3 of 17" while in triage.
    pub fn triage_progress(&self) -> Option<(usize, usize, usize)> {
        let t = self.triage.as_ref()?;
        let reviewed = t
            .queue
            .iter()
            .filter(|p| self.rows.iter().any(|r| &r.path == *p && !r.needs_review))
            .count();
        Some((self.selected + 1, t.queue.len(), reviewed))
    }

    /// The pane rectangles for the current screen and content.
    pub fn areas(&self) -> Option<Areas> {
        Areas::compute(self.screen, self.details, &|pane, width| {
            super::view::wanted_rows(self, pane, width)
        })
    }

    /// The first visible list row, keeping the selection on screen.
    pub fn list_offset(&self, height: usize) -> usize {
        if height == 0 {
            0
        } else {
            self.selected.saturating_sub(height - 1)
        }
    }
}

/// Which panes show different content between two builds of one dashboard.
fn changed_panes(old: Option<&Dashboard>, new: Option<&Dashboard>) -> Vec<Pane> {
    let (Some(a), Some(b)) = (old, new) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if (&a.status, &a.table, &a.warnings, &a.tags, a.last_contact)
        != (&b.status, &b.table, &b.warnings, &b.tags, b.last_contact)
    {
        out.push(Pane::Status);
    }
    if a.blockers != b.blockers {
        out.push(Pane::Blockers);
    }
    if a.decisions != b.decisions {
        out.push(Pane::Decisions);
    }
    if a.open_tasks != b.open_tasks {
        out.push(Pane::Tasks);
    }
    if a.recent_context != b.recent_context {
        out.push(Pane::Recent);
    }
    out
}
