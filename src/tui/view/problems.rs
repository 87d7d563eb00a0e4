//! The problems view: the findings of live notes under their kind's heading
//! with its count, as `acct check` prints them, the selected one highlighted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};

use super::theme::Theme;
use super::window::window;
use super::wrap::wrap_spans;
use crate::model::check;
use crate::problem::{Kind, Problem, Severity};
use crate::text::{count, sanitize};

pub(super) struct ProblemsView<'a> {
    /// In the view's order (by kind), as the app keeps them.
    pub problems: &'a [Problem],
    pub selected: usize,
    pub theme: &'a Theme,
}

/// A line or more of the view: a kind's heading (after a blank line but for
/// the first), or a problem (`n`: its place in the view's order).
enum Entry<'a> {
    Heading(Kind, usize, bool),
    Problem(usize, &'a Problem),
}

impl ProblemsView<'_> {
    /// The view's entries in order: each kind's heading, then its problems.
    fn entries(&self) -> Vec<Entry<'_>> {
        let mut out = Vec::with_capacity(self.problems.len() + 8);
        let mut n = 0;
        for (kind, ps) in check::groups(self.problems) {
            out.push(Entry::Heading(kind, ps.len(), out.is_empty()));
            for p in ps {
                out.push(Entry::Problem(n, p));
                n += 1;
            }
        }
        out
    }

    /// An entry's lines at an inner width.
    fn lines(&self, entry: &Entry<'_>, width: usize) -> Vec<Line<'static>> {
        let t = self.theme;
        let (n, p) = match *entry {
            Entry::Heading(kind, count, first) => {
                let heading = Line::styled(format!("{} ({count})", kind.title()), t.heading);
                return match first {
                    true => vec![heading],
                    false => vec![Line::raw(""), heading],
                };
            }
            Entry::Problem(n, p) => (n, p),
        };
        let selected = n == self.selected;
        let place = match p.line {
            Some(l) => format!("{}:{l}", sanitize(&p.path)),
            None => sanitize(&p.path),
        };
        let sev = match p.severity {
            Severity::Error => Span::styled("error ", t.overdue),
            Severity::Warning => Span::styled("warning ", t.warning),
        };
        let row = wrap_spans(
            vec![
                Span::styled(place, t.key),
                Span::raw("  "),
                sev,
                Span::raw(sanitize(&p.message)),
            ],
            width,
            Span::raw(if selected { "▶ " } else { "  " }),
        );
        match selected {
            true => row.into_iter().map(|l| l.style(t.selected)).collect(),
            false => row,
        }
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
        // Keep the selected problem in the middle of the view; only the
        // problems around it are laid out.
        let (width, height) = (inner.width as usize, inner.height as usize);
        let entries = self.entries();
        let at = (entries.iter())
            .position(|e| matches!(e, Entry::Problem(n, _) if *n == self.selected))
            .unwrap_or(0);
        let scroll = |line: usize| line.saturating_sub(height / 2);
        let (lines, scroll) = window(entries.len(), at, height, scroll, |i| {
            self.lines(&entries[i], width)
        });
        Paragraph::new(lines)
            .scroll((scroll.min(u16::MAX as usize) as u16, 0))
            .render(inner, buf);
    }
}
