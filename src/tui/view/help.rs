//! The help overlay: every layer of the key table with its keys and what they
//! do, so it lists exactly what the keys do, config overrides included.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::popup::{popup, popup_rows};
use super::theme::Theme;
use super::wrap::wrap_spans;
use crate::tui::keymap::{Action, Keymap, Layer};

/// The help's width on a wide terminal.
const WIDTH: u16 = 92;

pub(super) struct HelpOverlay<'a> {
    pub keymap: &'a Keymap,
    pub theme: &'a Theme,
    /// Rows scrolled past (clamped to the content).
    pub scroll: usize,
    /// What the task actions write in this vault (`dismiss → [R] Rejected`),
    /// shown in place of their general description.
    pub task_labels: Vec<(crate::tui::keymap::Action, String)>,
}

impl HelpOverlay<'_> {
    /// The help's lines at the popup's inner width, long descriptions wrapped
    /// under themselves.
    fn lines(&self, area: Rect) -> Vec<Line<'static>> {
        let width = WIDTH.min(area.width).saturating_sub(2) as usize;
        let map = self.keymap;
        let label = |b: &crate::tui::keymap::Binding| {
            b.keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join("/")
        };
        let key_w = map
            .bindings
            .iter()
            .map(|b| label(b).width())
            .max()
            .unwrap_or(8)
            .max(8);
        let row = |keys: String, what: String| {
            wrap_spans(
                vec![Span::raw(what)],
                width,
                Span::styled(format!("{keys:<key_w$}  "), self.theme.key),
            )
        };
        let mut lines = Vec::new();
        for layer in Layer::ALL {
            if !lines.is_empty() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(layer.title(), self.theme.heading));
            lines.extend(map.layer(layer).flat_map(|b| {
                let what = match self.task_labels.iter().find(|(a, _)| *a == b.action) {
                    // "dismiss → [R] Rejected": the description, then what is written.
                    Some((_, written)) => format!(
                        "{}{}",
                        b.description,
                        written.find(' ').map_or("", |i| &written[i..])
                    ),
                    None => b.description.to_string(),
                };
                row(label(b), what)
            }));
        }
        lines.push(Line::raw(""));
        lines.extend(row(
            "mouse".into(),
            "click selects and focuses, the wheel scrolls".into(),
        ));
        lines
    }

    /// How many rows the help shows at once on a screen of this size.
    pub fn page_rows(&self, area: Rect) -> usize {
        popup_rows(area, self.lines(area).len())
    }

    /// How far the help can scroll on a screen of this size.
    pub fn max_scroll(&self, area: Rect) -> usize {
        let lines = self.lines(area).len();
        lines.saturating_sub(popup_rows(area, lines))
    }
}

impl Widget for HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let scroll = self.scroll.min(self.max_scroll(area));
        let map = self.keymap;
        let mut title = format!(
            " Keys · {} closes ",
            map.first_key_in(Layer::Help, Action::Cancel)
        );
        if self.max_scroll(area) > 0 {
            title.push_str(&format!(
                "· {}/{} scroll ",
                map.first_key_in(Layer::Help, Action::Down),
                map.first_key_in(Layer::Help, Action::Up)
            ));
        }
        popup(
            area,
            WIDTH,
            self.lines(area),
            scroll,
            &title,
            self.theme,
            buf,
        );
    }
}
