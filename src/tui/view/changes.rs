//! The changes view: what is new in the selected account since its review
//! point, pane by pane, over the dashboard (docs/vault.md, "Since last review").

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::text::sanitize;
use crate::tui::app::{ChangesView, RowKind};

pub(super) struct ChangesPane<'a> {
    pub view: &'a ChangesView,
    pub theme: &'a Theme,
}

impl Widget for ChangesPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let c = &self.view.changes;
        let title = format!(
            " Changes · {} · since {} ",
            sanitize(&c.title),
            c.since_label()
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(self.theme.border_focused)
            .title(Span::styled(title, self.theme.heading));
        let inner = block.inner(area);
        Clear.render(area, buf);
        block.render(area, buf);
        let height = inner.height as usize;
        let width = inner.width as usize;
        if self.view.rows.is_empty() {
            Paragraph::new("Nothing changed since then.")
                .style(self.theme.dim)
                .render(inner, buf);
            return;
        }
        let offset = self.view.cursor.saturating_sub(height.saturating_sub(1));
        let lines: Vec<Line<'_>> = self
            .view
            .rows
            .iter()
            .enumerate()
            .skip(offset)
            .take(height)
            .map(|(i, r)| {
                let (mark, style) = match r.kind {
                    RowKind::Header => ("", self.theme.heading),
                    RowKind::Added => ("  + ", self.theme.ok),
                    RowKind::Removed => ("  − ", self.theme.dim),
                    RowKind::Changed => ("  ~ ", self.theme.changed),
                };
                let text = format!("{mark}{}", sanitize(&r.text));
                let commit = r
                    .commit
                    .as_deref()
                    .map(|c| format!("  {}", sanitize(c)))
                    .unwrap_or_default();
                let room = width.saturating_sub(commit.width());
                let text = clip(&text, room.max(width / 2));
                let pad = width.saturating_sub(text.width() + commit.width());
                let selected = i == self.view.cursor && r.target.is_some();
                let line = Line::from(vec![
                    Span::styled(text, style),
                    Span::raw(" ".repeat(pad)),
                    Span::styled(
                        clip(&commit, width.saturating_sub(room.max(width / 2))),
                        self.theme.dim,
                    ),
                ]);
                if selected {
                    line.patch_style(self.theme.selected)
                } else {
                    line
                }
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}

/// `s` cut to `width` columns, with `…` when cut.
fn clip(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for ch in s.chars() {
        if out.width() + 1 >= width {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    out
}
