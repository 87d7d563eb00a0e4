//! The hint bar: the search being typed, a message, or the keys of the current
//! layer, all written from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

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
            let mut hints = keys.hint_actions(layer);
            if layer == Layer::Normal && !app.search.is_empty() {
                hints.insert(
                    0,
                    (
                        Action::Back,
                        keys.first_key(Action::Back),
                        format!("clear /{}", sanitize(&app.search)),
                    ),
                );
            }
            // On a task, the hints say what each action writes in this vault.
            if app.focus == crate::tui::app::Pane::Tasks
                && matches!(layer, Layer::Normal | Layer::Triage)
            {
                for (i, (action, label)) in super::task_labels(app).into_iter().enumerate() {
                    hints.insert(i, (action, keys.first_key(action), label));
                }
            }
            if app.maximised && matches!(layer, Layer::Normal | Layer::Triage) {
                let restore = (
                    Action::Maximise,
                    keys.first_key(Action::Maximise),
                    "restore".into(),
                );
                hints.insert(0, restore);
            }
            for (key, label) in fit(hints, area.width as usize) {
                spans.push(Span::styled(key, self.theme.key));
                spans.push(Span::styled(format!(" {label}  "), self.theme.dim));
            }
            Line::from(spans)
        };
        Paragraph::new(line).render(area, buf);
    }
}

/// The hints that fit in `width` cells: help and quit always; the others, in
/// table order, are dropped from the last while the line is too long.
fn fit(mut hints: Vec<(Action, String, String)>, width: usize) -> Vec<(String, String)> {
    let essential = |a: Action| matches!(a, Action::Help | Action::Quit);
    let cells = |h: &[(Action, String, String)]| {
        1 + h
            .iter()
            .map(|(_, k, l)| k.width() + 1 + l.width() + 2)
            .sum::<usize>()
    };
    // Trailing spaces of the last hint need not fit.
    while cells(&hints).saturating_sub(2) > width {
        let Some(drop) = hints.iter().rposition(|(a, _, _)| !essential(*a)) else {
            break;
        };
        hints.remove(drop);
    }
    hints.into_iter().map(|(_, k, l)| (k, l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_and_quit_stay_when_others_do_not_fit() {
        let h = |a, k: &str, l: &str| (a, k.to_string(), l.to_string());
        let hints = vec![
            h(Action::Search, "/", "search"),
            h(Action::Filter, "f", "filter"),
            h(Action::Help, "?", "help"),
            h(Action::Quit, "q", "quit"),
        ];
        let labels =
            |w| -> Vec<String> { fit(hints.clone(), w).into_iter().map(|(_, l)| l).collect() };
        assert_eq!(labels(80), ["search", "filter", "help", "quit"]);
        assert_eq!(labels(28), ["search", "help", "quit"]);
        assert_eq!(labels(10), ["help", "quit"]);
    }
}
