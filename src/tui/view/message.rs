//! A message wider than the hint bar, wrapped onto the rows above it so all of
//! it shows (a refused undo names the file and why).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use super::wrap::wrap_spans;
use crate::text::sanitize;
use crate::tui::app::{App, Mode};

pub(super) struct LongMessage<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for LongMessage<'_> {
    fn render(self, hints: Rect, buf: &mut Buffer) {
        let Some(msg) = self.app.message.as_deref() else {
            return;
        };
        if self.app.mode == Mode::Search || msg.width() < hints.width as usize {
            return;
        }
        let spans = vec![Span::styled(sanitize(msg), self.theme.review)];
        let lines = wrap_spans(spans, hints.width as usize, Span::raw(" "));
        let height = (lines.len() as u16).min(hints.y + 1);
        let area = Rect {
            y: hints.y + 1 - height,
            height,
            ..hints
        };
        Clear.render(area, buf);
        Paragraph::new(lines).render(area, buf);
    }
}
