//! Drawing: every pane is a small struct that borrows what it shows and
//! `impl Widget`, so drawing cannot change the state. [`draw`] returns what it
//! drew ([`Drawn`]) for the app to keep: the state reads the layout, never
//! renders to measure it.

mod blocks;
mod changes;
mod details;
mod help;
mod hints;
mod inbox;
mod items;
pub mod layout;
mod list;
mod message;
mod picker;
mod popup;
mod problems;
mod tasks;
mod text;
pub mod theme;
mod title;
mod window;
mod wrap;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Widget};

use crate::text::sanitize;
use crate::tui::app::{App, Drawn, Mode, Pane, is_item_pane};

use self::blocks::BlocksView;
use self::details::DetailsPane;
use self::help::HelpOverlay;
use self::hints::HintBar;
use self::items::{Gutter, ItemWindow, pane_window};
use self::layout::{MIN_HEIGHT, MIN_WIDTH};
use self::list::AccountList;
use self::message::LongMessage;
use self::picker::StatusPicker;
use self::problems::ProblemsView;
use self::tasks::TasksPane;
use self::text::{TextPane, status_lines, wanted_rows};
use self::theme::Theme;
use self::title::TitleBar;

/// What a pane of text is given to draw.
enum Shown {
    /// An item pane's lines in view (the cursor's row among them).
    Window(ItemWindow),
    /// All of a pane's lines, scrolled as the app says.
    Text(Vec<Line<'static>>),
}

/// Draws one frame and says where everything went.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) -> Drawn {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let mut drawn = Drawn::default();
    if let Some(view) = &app.inbox {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            TooSmall { theme }.render(area, buf);
            return drawn;
        }
        drawn.inbox_rows = Some(inbox::TasksView { app, view, theme }.draw(area, buf));
        if let Mode::Help { scroll } = app.mode {
            let help = HelpOverlay {
                keymap: &app.keymap,
                theme,
                scroll,
                task_labels: task_labels(app),
            };
            drawn.help_max_scroll = Some(help.max_scroll(area));
            drawn.help_rows = help.page_rows(area);
            help.render(area, buf);
        }
        return drawn;
    }
    let shape = layout::Shape {
        details: app.details,
        maximised: app.maximised.then_some(app.focus),
        list_width: list::wanted_width(app),
    };
    let Some(areas) = layout::areas(area, shape, &|p, w| wanted_rows(app, p, w, area.height))
    else {
        TooSmall { theme }.render(area, buf);
        return drawn;
    };
    drawn.areas = Some(areas);
    TitleBar { app, theme }.render(areas.title, buf);
    HintBar { app, theme }.render(areas.hints, buf);
    if let Some(r) = areas.list {
        AccountList { app, theme }.render(r, buf);
    }
    // An item pane is given the lines it shows (`Shown::Window`); the others
    // their whole text, scrolled by the app.
    let mut pane = |p: Pane, title: String, shown: Shown, empty, buf: &mut Buffer| {
        if let Some(r) = areas.of(p) {
            let (lines, scroll, more) = match shown {
                Shown::Window(w) => (w.lines, 0, w.more_below),
                Shown::Text(lines) => (lines, app.scroll.get(&p).copied().unwrap_or(0), false),
            };
            let pane = TextPane {
                chrome: Chrome::of(app, p),
                theme,
                title,
                lines,
                empty,
                scroll,
                more,
            };
            if !is_item_pane(p) {
                drawn.max_scroll.insert(p, pane.max_scroll(r));
            }
            pane.render(r, buf);
        }
    };
    let items = |p: Pane, gutter: Gutter, width: usize| {
        let height = areas.of(p).map_or(0, |r| r.height.saturating_sub(2));
        let cursor = (app.item_cursor(p), app.focus == p);
        Shown::Window(pane_window(
            app,
            p,
            gutter,
            cursor,
            (width, height as usize),
            theme,
        ))
    };
    match &app.dashboard {
        Some(d) if app.details => {
            if let Some(r) = areas.details {
                let details = DetailsPane {
                    chrome: Chrome::of(app, Pane::Details),
                    theme,
                    dashboard: d,
                    keymap: &app.keymap,
                    tab: app.details_tab,
                    app,
                    cursor: (app.item_cursor(Pane::Details), app.focus == Pane::Details),
                };
                details.render(r, buf);
            }
        }
        Some(d) => {
            let w = |p: Pane| {
                areas
                    .of(p)
                    .map_or(40, |r| r.width.saturating_sub(2) as usize)
            };
            pane(
                Pane::Status,
                format!("Status · {}", sanitize(&d.title)),
                Shown::Text(status_lines(d, w(Pane::Status), theme)),
                "",
                buf,
            );
            pane(
                Pane::Blockers,
                format!("Blockers ({})", d.blockers.len()),
                items(Pane::Blockers, Gutter::Bullet, w(Pane::Blockers)),
                "no blockers",
                buf,
            );
            pane(
                Pane::Decisions,
                format!("Decisions ({})", d.decisions.len()),
                items(Pane::Decisions, Gutter::Bullet, w(Pane::Decisions)),
                "no decisions",
                buf,
            );
            if let Some(r) = areas.tasks {
                let (tasks, query) = app.shown_tasks();
                TasksPane {
                    chrome: Chrome::of(app, Pane::Tasks),
                    theme,
                    tasks,
                    query,
                    cursor: app.task_cursor,
                    keymap: &app.keymap,
                }
                .render(r, buf);
            }
            pane(
                Pane::Recent,
                format!("Recent context ({})", d.recent_context.len()),
                items(Pane::Recent, Gutter::Date, w(Pane::Recent)),
                "no recent context",
                buf,
            );
        }
        None => NoAccount { app, theme }.render(placeholder_area(&areas), buf),
    }
    match &app.mode {
        Mode::Help { scroll } => {
            let help = HelpOverlay {
                keymap: &app.keymap,
                theme,
                scroll: *scroll,
                task_labels: task_labels(app),
            };
            drawn.help_max_scroll = Some(help.max_scroll(area));
            drawn.help_rows = help.page_rows(area);
            help.render(area, buf);
        }
        Mode::Problems { selected } => {
            let main = main_area(&areas);
            drawn.problem_rows = ProblemsView::rows(main);
            ProblemsView {
                problems: &app.problems,
                selected: *selected,
                theme,
            }
            .render(main, buf);
        }
        Mode::Blocks { at, scroll } => {
            let main = main_area(&areas);
            let view = BlocksView {
                blocks: &app.blocks,
                at: *at,
                scroll: *scroll,
                theme,
            };
            let fit = view.draw(main, buf);
            drawn.block_rows = fit.rows;
            drawn.block_max_scroll = fit.max_scroll;
        }
        Mode::StatusPicker { options, selected } => StatusPicker {
            options,
            selected: *selected,
            keymap: &app.keymap,
            theme,
        }
        .render(area, buf),
        Mode::Changes => {
            if let Some(view) = &app.changes_view {
                let r = Rect {
                    y: areas.title.y + 1,
                    height: areas.hints.y - areas.title.y - 1,
                    ..areas.title
                };
                changes::ChangesPane { view, theme }.render(r, buf);
            }
        }
        _ => {}
    }
    LongMessage { app, theme }.render(areas.hints, buf);
    drawn
}

/// How a pane's border shows its state: focused, or just updated on disk.
#[derive(Debug, Clone, Copy)]
struct Chrome {
    focused: bool,
    changed: bool,
}

impl Chrome {
    fn of(app: &App, pane: Pane) -> Self {
        Self {
            focused: app.focus == pane,
            changed: app.changed.contains(&pane),
        }
    }

    /// The pane's bordered block with its title.
    fn block<'a>(self, theme: &Theme, title: String) -> Block<'a> {
        let mut title_spans = vec![Span::styled(
            format!(" {title} "),
            if self.focused {
                theme.heading
            } else {
                theme.base
            },
        )];
        if self.changed {
            title_spans.push(Span::styled("● updated ", theme.changed));
        }
        Block::default()
            .borders(Borders::ALL)
            .border_type(if self.focused {
                BorderType::Thick
            } else {
                BorderType::Rounded
            })
            .border_style(if self.focused {
                theme.border_focused
            } else {
                theme.border
            })
            .title(Line::from(title_spans))
    }
}

/// Everything between the title bar and the hint bar.
fn main_area(areas: &crate::tui::app::Areas) -> Rect {
    Rect {
        x: areas.title.x,
        y: areas.title.y + 1,
        width: areas.title.width,
        height: areas.hints.y - areas.title.y - 1,
    }
}

/// Where the panes would be when no account is shown: beside or below the list.
fn placeholder_area(areas: &crate::tui::app::Areas) -> Rect {
    let r = main_area(areas);
    areas.list.map_or(r, |l| {
        if l.y == r.y {
            Rect {
                x: l.right(),
                width: r.width - l.width,
                ..r
            }
        } else {
            Rect {
                y: l.bottom(),
                height: r.bottom() - l.bottom(),
                ..r
            }
        }
    })
}

/// The empty right-hand side: the vault is loading, or no account matches.
struct NoAccount<'a> {
    app: &'a App,
    theme: &'a Theme,
}

impl Widget for NoAccount<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let text = if app.loading.is_some() {
            "Reading the vault…".to_string()
        } else if app.visible.is_empty() {
            let keys = &app.keymap;
            format!(
                "No account matches. {} clears the search, {} changes the filter.",
                keys.first_key(crate::tui::keymap::Action::Back),
                keys.first_key(crate::tui::keymap::Action::Filter)
            )
        } else {
            String::new()
        };
        Paragraph::new(text)
            .style(self.theme.dim)
            .alignment(Alignment::Center)
            .block(Block::bordered().border_style(self.theme.border))
            .render(area, buf);
    }
}

struct TooSmall<'a> {
    theme: &'a Theme,
}

impl Widget for TooSmall<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let text = format!(
            "Terminal too small: {}×{} (need {MIN_WIDTH}×{MIN_HEIGHT})",
            area.width, area.height
        );
        let y = area.y + area.height / 2;
        Paragraph::new(text)
            .style(self.theme.warning)
            .alignment(Alignment::Center)
            .render(
                Rect {
                    y,
                    height: 1.min(area.height),
                    ..area
                },
                buf,
            );
    }
}

/// What `x`, `a` and `d` write in this vault, for the help and the hint bar
/// (docs/writing.md: task statuses follow the Tasks plugin).
pub(super) fn task_labels(app: &App) -> Vec<(crate::tui::keymap::Action, String)> {
    use crate::tui::keymap::Action;
    [Action::Done, Action::Accept, Action::Dismiss]
        .into_iter()
        .filter_map(|a| Some((a, app.task_action_label(a)?)))
        .collect()
}
