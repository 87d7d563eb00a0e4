//! The details view: the account's other sections, one tab each.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Tabs, Widget};

use super::Chrome;
use super::items::{Gutter, ItemWindow, pane_window};
use super::theme::Theme;
use crate::model::dashboard::Dashboard;
use crate::text::sanitize;
use crate::tui::app::{App, DETAIL_TABS, Pane};
use crate::tui::keymap::{Action, Keymap};

pub(super) struct DetailsPane<'a> {
    pub chrome: Chrome,
    pub theme: &'a Theme,
    pub dashboard: &'a Dashboard,
    pub keymap: &'a Keymap,
    /// Index into [`DETAIL_TABS`].
    pub tab: usize,
    /// The selected tab's rows come from here.
    pub app: &'a App,
    /// The cursor's row, and whether the pane has the focus.
    pub cursor: (usize, bool),
}

impl DetailsPane<'_> {
    /// The tabs' row and the body under them.
    fn split(area: Rect) -> [Rect; 2] {
        let inner = Rect {
            x: area.x + 1,
            y: area.y + 1,
            width: area.width.saturating_sub(2),
            height: area.height.saturating_sub(2),
        };
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner)
    }

    /// The lines of the selected tab in view in `body`.
    fn window(&self, body: Rect) -> ItemWindow {
        let size = (body.width as usize, body.height as usize);
        pane_window(
            self.app,
            Pane::Details,
            Gutter::Bullet,
            self.cursor,
            size,
            self.theme,
        )
    }
}

impl Widget for DetailsPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let d = self.dashboard;
        let t = self.theme;
        let keys = self.keymap;
        let block = self.chrome.block(
            t,
            format!(
                "{} · details ({} {} switch, {} back)",
                sanitize(&d.title),
                keys.first_key(Action::PrevTab),
                keys.first_key(Action::NextTab),
                keys.first_key(Action::Details)
            ),
        );
        block.render(area, buf);
        let [tabs_area, body] = Self::split(area);
        Tabs::new(DETAIL_TABS.to_vec())
            .select(self.tab)
            .padding(" ", " ")
            .divider("│")
            .highlight_style(t.heading.add_modifier(ratatui::style::Modifier::REVERSED))
            .style(t.dim)
            .render(tabs_area, buf);
        let shown = self.window(body);
        if shown.lines.is_empty() {
            Paragraph::new(Span::styled("nothing recorded", t.dim)).render(body, buf);
            return;
        }
        Paragraph::new(shown.lines).render(body, buf);
    }
}
