//! The query blocks view: one block of the account note at a time — its text,
//! then what it evaluates to, drawn as `acct query` prints it: group headings,
//! tasks, list items or a table, or the block's error in words.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use super::wrap::wrap_spans;
use crate::model::query::{BlockResult, Evaluated};
use crate::text::{count, sanitize};

pub(super) struct BlocksView<'a> {
    pub blocks: &'a [BlockResult],
    pub at: usize,
    pub scroll: usize,
    pub theme: &'a Theme,
}

/// The rows the view shows at once in `area`, and how far its content scrolls.
pub(super) struct BlocksFit {
    pub rows: usize,
    pub max_scroll: usize,
}

impl BlocksView<'_> {
    /// The block's lines at an inner width.
    fn lines(&self, width: usize) -> Vec<Line<'static>> {
        let t = self.theme;
        let Some(b) = self.blocks.get(self.at) else {
            return Vec::new();
        };
        let mut lines = vec![Line::styled(format!("```{}", b.language), t.dim)];
        for l in b.source.lines() {
            lines.push(Line::styled(sanitize(l), t.dim));
        }
        lines.push(Line::styled("```", t.dim));
        lines.push(Line::raw(""));
        let e = &b.result;
        if let Some(err) = &e.error {
            lines.push(Line::styled("This block cannot be evaluated:", t.overdue));
            // Dataview's report lines up a caret under the query: keep its lines.
            for l in err.lines() {
                lines.push(Line::raw(sanitize(l)));
            }
            return lines;
        }
        lines.push(Line::styled(summary(e), t.heading));
        tasks(e, width, t, &mut lines);
        if e.headers.is_empty() {
            for row in &e.rows {
                let text = row
                    .values
                    .iter()
                    .map(|v| sanitize(v))
                    .collect::<Vec<_>>()
                    .join(": ");
                lines.extend(wrap_spans(vec![Span::raw(text)], width, Span::raw("• ")));
            }
        } else {
            table(e, width, t, &mut lines);
        }
        lines
    }

    /// What the view fits in `area`.
    pub fn fit(&self, area: Rect) -> BlocksFit {
        let inner = area.height.saturating_sub(2) as usize;
        let total = self.lines(area.width.saturating_sub(2) as usize).len();
        BlocksFit {
            rows: inner,
            max_scroll: total.saturating_sub(inner),
        }
    }
}

fn summary(e: &Evaluated) -> String {
    let named_groups = e.groups.iter().filter(|g| !g.is_empty()).count();
    let what = if e.kind == "tasks" || e.kind == "task" {
        count(e.tasks.len(), "task", "tasks")
    } else {
        count(e.rows.len(), "row", "rows")
    };
    if named_groups > 1 || (named_groups == 1 && e.kind != "table" && e.kind != "list") {
        format!("{what} in {}", count(named_groups, "group", "groups"))
    } else {
        what
    }
}

/// Tasks under their group headings, nested headings indented.
fn tasks(e: &Evaluated, width: usize, t: &Theme, lines: &mut Vec<Line<'static>>) {
    let mut group = usize::MAX;
    for task in &e.tasks {
        let headings = e.groups.get(task.group).map_or(&[][..], Vec::as_slice);
        if task.group != group {
            group = task.group;
            for (depth, h) in headings.iter().enumerate() {
                lines.push(Line::styled(
                    format!("{}{}", "  ".repeat(depth), sanitize(h)),
                    t.heading,
                ));
            }
        }
        let indent = "  ".repeat(headings.len());
        lines.extend(wrap_spans(
            vec![
                Span::raw(format!(
                    "[{}] {}",
                    sanitize(&task.symbol),
                    sanitize(&task.text)
                )),
                Span::styled(format!("  {}:{}", sanitize(&task.path), task.line), t.dim),
            ],
            width,
            Span::raw(indent),
        ));
    }
}

/// A table: columns as wide as their widest cell, the last one cut to fit.
fn table(e: &Evaluated, width: usize, t: &Theme, lines: &mut Vec<Line<'static>>) {
    let cells: Vec<Vec<String>> = std::iter::once(&e.headers)
        .chain(e.rows.iter().map(|r| &r.values))
        .map(|row| row.iter().map(|v| sanitize(v)).collect())
        .collect();
    let columns = e.headers.len();
    let mut widths = vec![0; columns];
    for row in &cells {
        for (i, c) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(c.width().min(40));
        }
    }
    let line = |row: &[String]| -> String {
        let mut out = String::new();
        for (i, w) in widths.iter().enumerate() {
            let c = row.get(i).map_or("", String::as_str);
            out.push_str(&fit(c, *w));
            if i + 1 < columns {
                out.push_str(" │ ");
            }
        }
        fit(out.trim_end(), width)
    };
    lines.push(Line::styled(line(&cells[0]), t.heading));
    let rule: usize = widths.iter().sum::<usize>() + 3 * columns.saturating_sub(1);
    lines.push(Line::styled("─".repeat(rule.min(width)), t.dim));
    for row in &cells[1..] {
        lines.push(Line::raw(line(row)));
    }
}

/// Text padded or cut (with `…`) to `width` columns.
fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return format!("{s}{}", " ".repeat(width - s.width()));
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + c.to_string().width() + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

impl Widget for BlocksView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let title = match self.blocks.get(self.at) {
            Some(b) => format!(
                " Query blocks · {} of {} · {}:{} · {} {} ",
                self.at + 1,
                self.blocks.len(),
                sanitize(&b.path),
                b.line,
                b.language,
                b.result.kind
            ),
            None => " Query blocks ".into(),
        };
        let block = Block::bordered()
            .border_type(BorderType::Thick)
            .border_style(t.border_focused)
            .title(Span::styled(title, t.heading));
        let inner = block.inner(area);
        Clear.render(area, buf);
        block.render(area, buf);
        let lines = self.lines(inner.width as usize);
        Paragraph::new(lines)
            .scroll((self.scroll.min(u16::MAX as usize) as u16, 0))
            .render(inner, buf);
    }
}
