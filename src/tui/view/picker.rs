//! The status picker: the vault's statuses, the current one highlighted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::popup::popup;
use super::theme::Theme;
use crate::text::sanitize;
use crate::tui::keymap::{Action, Keymap, Layer};

pub(super) struct StatusPicker<'a> {
    pub options: &'a [String],
    pub selected: usize,
    pub keymap: &'a Keymap,
    pub theme: &'a Theme,
}

impl Widget for StatusPicker<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines: Vec<Line<'static>> = self
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                Line::styled(
                    format!(" {} ", sanitize(o)),
                    if i == self.selected {
                        self.theme.selected
                    } else {
                        self.theme.base
                    },
                )
            })
            .collect();
        let title = format!(
            " Set status · {} ",
            self.keymap.first_key_in(Layer::Picker, Action::Confirm)
        );
        popup(area, 30, lines, 0, &title, self.theme, buf);
    }
}
