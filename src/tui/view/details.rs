//! The details view: the account's other sections, one tab each.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Tabs, Widget};

use super::Chrome;
use super::items::{Gutter, item_lines};
use super::theme::Theme;
use crate::model::dashboard::Dashboard;
use crate::text::sanitize;
use crate::tui::app::{DETAIL_TABS, ItemRow};
use crate::tui::keymap::{Action, Keymap};

pub(super) struct DetailsPane<'a> {
    pub chrome: Chrome,
    pub theme: &'a Theme,
    pub dashboard: &'a Dashboard,
    pub keymap: &'a Keymap,
    /// Index into [`DETAIL_TABS`].
    pub tab: usize,
    /// The selected tab's rows.
    pub rows: Vec<ItemRow>,
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

    /// The lines of the selected tab at a width, and the line after the cursor's row.
    fn lines(&self, width: u16) -> (Vec<ratatui::text::Line<'static>>, usize) {
        item_lines(
            &self.rows,
            Gutter::Bullet,
            self.cursor,
            width as usize,
            self.theme,
        )
    }

    /// How far the body can scroll in `area`.
    pub fn max_scroll(&self, area: Rect) -> usize {
        let [_, body] = Self::split(area);
        self.lines(body.width)
            .0
            .len()
            .saturating_sub(body.height as usize)
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
        let (lines, cursor_end) = self.lines(body.width);
        if lines.is_empty() {
            Paragraph::new(Span::styled("nothing recorded", t.dim)).render(body, buf);
            return;
        }
        let scroll = cursor_end.saturating_sub(body.height as usize);
        Paragraph::new(lines)
            .scroll((scroll as u16, 0))
            .render(body, buf);
    }
}
