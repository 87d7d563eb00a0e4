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
use crate::text::{count, sanitize, sanitized};

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
    /// The block's lines `from..from + rows` at an inner width, and how many
    /// lines it has in all. Only the lines in the window are built: a
    /// `TASK FROM ""` over a large vault answers with tens of thousands of
    /// tasks, and a keypress must not lay out every one of them.
    fn window(&self, width: usize, from: usize, rows: usize) -> (Vec<Line<'static>>, usize) {
        let mut w = Window {
            from,
            to: from.saturating_add(rows),
            at: 0,
            lines: Vec::new(),
        };
        let t = self.theme;
        let Some(b) = self.blocks.get(self.at) else {
            return (Vec::new(), 0);
        };
        w.line(|| Line::styled(format!("```{}", b.language), t.dim));
        for l in b.source.lines() {
            w.line(|| Line::styled(sanitize(l), t.dim));
        }
        w.line(|| Line::styled("```", t.dim));
        w.line(|| Line::raw(""));
        let e = &b.result;
        if let Some(err) = &e.error {
            w.line(|| Line::styled("This block cannot be evaluated:", t.overdue));
            // Dataview's report lines up a caret under the query: keep its lines.
            for l in err.lines() {
                w.line(|| Line::raw(sanitize(l)));
            }
            return (w.lines, w.at);
        }
        w.line(|| Line::styled(summary(e), t.heading));
        tasks(e, width, t, &mut w);
        if e.headers.is_empty() {
            for row in &e.rows {
                let text = row
                    .values
                    .iter()
                    .map(|v| sanitize(v))
                    .collect::<Vec<_>>()
                    .join(": ");
                w.wrapped(vec![Span::raw(text)], width, Span::raw("• "));
            }
        } else {
            table(e, width, t, &mut w);
        }
        (w.lines, w.at)
    }
}

/// The lines of a view in a window of rows: each item says how tall it is,
/// and is laid out only when some of it shows.
struct Window {
    from: usize,
    to: usize,
    /// Lines so far, shown or not.
    at: usize,
    lines: Vec<Line<'static>>,
}

impl Window {
    fn visible(&self, height: usize) -> bool {
        self.at < self.to && self.at + height > self.from
    }

    /// Keeps the part of `lines` (the next item) that falls in the window.
    fn push(&mut self, lines: Vec<Line<'static>>) {
        let start = self.at;
        self.at += lines.len();
        let skip = self.from.saturating_sub(start);
        let keep = self.to.saturating_sub(start.max(self.from));
        self.lines.extend(lines.into_iter().skip(skip).take(keep));
    }

    fn line(&mut self, make: impl FnOnce() -> Line<'static>) {
        if self.visible(1) {
            self.lines.push(make());
        }
        self.at += 1;
    }

    /// Spans wrapped at `width`. One that fits on a line by its byte count
    /// (never less than its width in cells) is not laid out unless it shows.
    fn wrapped(&mut self, spans: Vec<Span<'static>>, width: usize, prefix: Span<'static>) {
        let bytes: usize =
            prefix.content.len() + spans.iter().map(|s| s.content.len()).sum::<usize>();
        if bytes <= width {
            if self.visible(1) {
                self.lines.push(Line::from(
                    std::iter::once(prefix).chain(spans).collect::<Vec<_>>(),
                ));
            }
            self.at += 1;
            return;
        }
        self.push(wrap_spans(spans, width, prefix));
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
fn tasks(e: &Evaluated, width: usize, t: &Theme, w: &mut Window) {
    let mut group = usize::MAX;
    let mut symbol = [0; 4];
    for task in &e.tasks {
        let headings = e.groups.get(task.group).map_or(&[][..], Vec::as_slice);
        if task.group != group {
            group = task.group;
            for (depth, h) in headings.iter().enumerate() {
                w.line(|| {
                    Line::styled(format!("{}{}", "  ".repeat(depth), sanitize(h)), t.heading)
                });
            }
        }
        let text = sanitized(&task.text);
        let path = sanitized(&task.path);
        // Most tasks fit on one line: tell by their length, without building them.
        let bytes = 2 * headings.len() + 4 + text.len() + 2 + path.len() + 20;
        if bytes <= width && !w.visible(1) {
            w.at += 1;
            continue;
        }
        w.wrapped(
            vec![
                Span::raw(format!(
                    "[{}] {text}",
                    sanitize(task.symbol.encode_utf8(&mut symbol))
                )),
                Span::styled(format!("  {path}:{}", task.line), t.dim),
            ],
            width,
            Span::raw("  ".repeat(headings.len())),
        );
    }
}

/// A table: columns as wide as their widest cell, the last one cut to fit.
fn table(e: &Evaluated, width: usize, t: &Theme, w: &mut Window) {
    // Column widths need every cell; the lines are built only where they show.
    let columns = e.headers.len();
    let mut widths = vec![0; columns];
    for row in std::iter::once(&e.headers).chain(e.rows.iter().map(|r| &r.values)) {
        for (i, c) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(sanitized(c).width().min(40));
        }
    }
    let line = |row: &[String]| -> String {
        let mut out = String::new();
        for (i, w) in widths.iter().enumerate() {
            let c = row
                .get(i)
                .map_or(std::borrow::Cow::Borrowed(""), |c| sanitized(c));
            out.push_str(&fit(&c, *w));
            if i + 1 < columns {
                out.push_str(" │ ");
            }
        }
        fit(out.trim_end(), width)
    };
    w.line(|| Line::styled(line(&e.headers), t.heading));
    let rule: usize = widths.iter().sum::<usize>() + 3 * columns.saturating_sub(1);
    w.line(|| Line::styled("─".repeat(rule.min(width)), t.dim));
    for row in &e.rows {
        w.line(|| Line::raw(line(&row.values)));
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

impl BlocksView<'_> {
    /// Draws the view in `area` and says what it fits: the content is walked
    /// once for both.
    pub fn draw(self, area: Rect, buf: &mut Buffer) -> BlocksFit {
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
        let rows = inner.height as usize;
        let (lines, total) = self.window(inner.width as usize, self.scroll, rows);
        Paragraph::new(lines).render(inner, buf);
        BlocksFit {
            rows,
            max_scroll: total.saturating_sub(rows),
        }
    }
}
