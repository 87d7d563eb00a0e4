//! The problems view: the findings of live notes under their kind's heading
//! with its count, as `acct check` prints them, the selected one highlighted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};

use super::theme::Theme;
use super::wrap::wrap_spans;
use crate::model::check;
use crate::problem::{Problem, Severity};
use crate::text::{count, sanitize};

pub(super) struct ProblemsView<'a> {
    /// In the view's order (by kind), as the app keeps them.
    pub problems: &'a [Problem],
    pub selected: usize,
    pub theme: &'a Theme,
}

impl ProblemsView<'_> {
    /// The view's lines at an inner width, and the line each problem starts on.
    fn lines(&self, width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
        let t = self.theme;
        let mut lines = Vec::new();
        let mut starts = Vec::new();
        let mut at = 0;
        for (kind, ps) in check::groups(self.problems) {
            if !lines.is_empty() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(
                format!("{} ({})", kind.title(), ps.len()),
                t.heading,
            ));
            for p in ps {
                let selected = at == self.selected;
                at += 1;
                starts.push(lines.len());
                let place = match p.line {
                    Some(l) => format!("{}:{l}", sanitize(&p.path)),
                    None => sanitize(&p.path),
                };
                let sev = match p.severity {
                    Severity::Error => Span::styled("error ", t.overdue),
                    Severity::Warning => Span::styled("warning ", t.warning),
                };
                let mut row = wrap_spans(
                    vec![
                        Span::styled(place, t.key),
                        Span::raw("  "),
                        sev,
                        Span::raw(sanitize(&p.message)),
                    ],
                    width,
                    Span::raw(if selected { "▶ " } else { "  " }),
                );
                if selected {
                    row = row.into_iter().map(|l| l.style(t.selected)).collect();
                }
                lines.extend(row);
            }
        }
        (lines, starts)
    }

    /// Rows of problems the view shows at once in `area`.
    pub fn rows(area: Rect) -> usize {
        area.height.saturating_sub(2) as usize
    }
}

impl Widget for ProblemsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let title = format!(
            " Problems · {} in live notes · Enter opens the note ",
            count(self.problems.len(), "problem", "problems")
        );
        let block = Block::bordered()
            .border_type(BorderType::Thick)
            .border_style(t.border_focused)
            .title(Span::styled(title, t.heading));
        let inner = block.inner(area);
        Clear.render(area, buf);
        block.render(area, buf);
        if self.problems.is_empty() {
            Paragraph::new("No problems in live notes.")
                .style(t.dim)
                .render(inner, buf);
            return;
        }
        let (lines, starts) = self.lines(inner.width as usize);
        // Keep the selected problem in view, its group heading too when it fits.
        let height = inner.height as usize;
        let at = starts.get(self.selected).copied().unwrap_or(0);
        let scroll = at
            .saturating_sub(height / 2)
            .min(lines.len().saturating_sub(height));
        Paragraph::new(lines)
            .scroll((scroll.min(u16::MAX as usize) as u16, 0))
            .render(inner, buf);
    }
}
