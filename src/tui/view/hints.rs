//! The hint bar: the search being typed, a message, or the keys of the current
//! layer, all written from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::theme::Theme;
use crate::text::sanitize;
use crate::tui::app::{App, Mode};
use crate::tui::keymap::{Action, Layer};

pub(super) struct HintBar<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for HintBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let keys = &app.keymap;
        let line = if app.mode == Mode::Search {
            let hints: Vec<String> = keys
                .hints(Layer::Search)
                .into_iter()
                .map(|(k, h)| format!("{k} {h}"))
                .collect();
            Line::from(vec![
                Span::styled("/", self.theme.key),
                Span::raw(sanitize(&app.search)),
                Span::styled("▏", self.theme.key),
                Span::styled(
                    format!("  {} · #tag status:x review narrow", hints.join(" · ")),
                    self.theme.dim,
                ),
            ])
        } else if let Some(msg) = &app.message {
            Line::from(Span::styled(
                format!(" {}", sanitize(msg)),
                self.theme.review,
            ))
        } else {
            let layer = app.layer();
            let mut spans = vec![Span::raw(" ")];
            let mut hints = keys.hints(layer);
            if layer == Layer::Normal && !app.search.is_empty() {
                hints.insert(
                    0,
                    (
                        keys.first_key(Action::Back),
                        format!("clear /{}", sanitize(&app.search)),
                    ),
                );
            }
            for (key, label) in hints {
                spans.push(Span::styled(key, self.theme.key));
                spans.push(Span::styled(format!(" {label}  "), self.theme.dim));
            }
            Line::from(spans)
        };
        Paragraph::new(line).render(area, buf);
    }
}
