//! The panes and where the last frame put them. The view decides the layout
//! and hands it back as [`Drawn`]; the state keeps it to page, scroll and
//! hit-test the mouse without drawing anything itself.

use std::collections::HashMap;

use ratatui::layout::{Position, Rect};

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

/// The panes Tab walks on the dashboard.
pub(super) const DASHBOARD_PANES: [Pane; 6] = [
    Pane::List,
    Pane::Status,
    Pane::Blockers,
    Pane::Decisions,
    Pane::Tasks,
    Pane::Recent,
];
/// The panes Tab walks in the details view.
pub(super) const DETAILS_PANES: [Pane; 2] = [Pane::List, Pane::Details];

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

/// The rectangles of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub title: Rect,
    pub hints: Rect,
    pub list: Option<Rect>,
    pub status: Option<Rect>,
    pub blockers: Option<Rect>,
    pub decisions: Option<Rect>,
    pub tasks: Option<Rect>,
    pub recent: Option<Rect>,
    pub details: Option<Rect>,
}

impl Areas {
    /// Only the title and hint bars; the view fills in the panes it places.
    pub fn bars(title: Rect, hints: Rect) -> Self {
        Self {
            title,
            hints,
            list: None,
            status: None,
            blockers: None,
            decisions: None,
            tasks: None,
            recent: None,
            details: None,
        }
    }

    /// The rectangle of a pane, if it is on screen.
    pub fn of(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::List => self.list,
            Pane::Status => self.status,
            Pane::Blockers => self.blockers,
            Pane::Decisions => self.decisions,
            Pane::Tasks => self.tasks,
            Pane::Recent => self.recent,
            Pane::Details => self.details,
        }
    }

    /// Puts a pane at a rectangle.
    pub fn set(&mut self, pane: Pane, at: Rect) {
        let slot = match pane {
            Pane::List => &mut self.list,
            Pane::Status => &mut self.status,
            Pane::Blockers => &mut self.blockers,
            Pane::Decisions => &mut self.decisions,
            Pane::Tasks => &mut self.tasks,
            Pane::Recent => &mut self.recent,
            Pane::Details => &mut self.details,
        };
        *slot = Some(at);
    }

    /// The pane under a screen position.
    pub fn pane_at(&self, at: Position) -> Option<Pane> {
        Pane::ALL
            .into_iter()
            .find(|p| self.of(*p).is_some_and(|r| r.contains(at)))
    }
}

/// What the last frame drew: the view returns it, the app keeps it until the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawn {
    /// Where each pane went; `None` when the terminal was too small to draw in.
    pub areas: Option<Areas>,
    /// How many rows each scrolling pane can scroll: its content's rows at the
    /// width it was drawn, less the rows it shows.
    pub max_scroll: HashMap<Pane, usize>,
    /// The same for the help overlay, when it was open.
    pub help_max_scroll: Option<usize>,
    /// Rows the help overlay shows at once, for paging.
    pub help_rows: usize,
    /// Rows of the problems view, for paging (0 when it was not drawn).
    pub problem_rows: usize,
    /// Rows in the tasks view's list, when it was drawn.
    pub inbox_rows: Option<usize>,
}

impl Drawn {
    /// Rows in the account list, for paging (ten before the first frame).
    pub fn list_rows(&self) -> usize {
        self.areas
            .and_then(|a| a.list)
            .map_or(10, |r| r.height.saturating_sub(2).max(1) as usize)
    }
}
