//! The open tasks pane: grouped tasks, or the note's own query result, with the
//! cursor kept in view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::Chrome;
use super::theme::Theme;
use super::window::window;
use super::wrap::wrap_spans;
use crate::model::dashboard::{OpenTask, QueryView};
use crate::text::sanitize;
use crate::tui::app::{TaskGroup, task_groups};
use crate::tui::keymap::{Action, Keymap};

pub(super) struct TasksPane<'a> {
    pub chrome: Chrome,
    pub theme: &'a Theme,
    /// The tasks shown: the account's, or the query's result.
    pub tasks: &'a [OpenTask],
    /// The note's query block, when its result is shown.
    pub query: Option<&'a QueryView>,
    /// Index into the tasks in display order.
    pub cursor: usize,
    pub keymap: &'a Keymap,
}

/// A line or more of the pane: a group's heading, or a task (`n`: its place
/// in display order, which the cursor counts).
#[derive(Clone, Copy)]
enum Entry {
    Group(TaskGroup, usize),
    Task { task: usize, n: usize },
}

/// The pane's entries in display order: the query's result as it comes, else
/// the tasks under their groups' headings.
fn entries(tasks: &[OpenTask], query: bool) -> Vec<Entry> {
    if query {
        return (0..tasks.len())
            .map(|i| Entry::Task { task: i, n: i })
            .collect();
    }
    let mut out = Vec::with_capacity(tasks.len() + 4);
    let mut n = 0;
    for (group, ids) in task_groups(tasks) {
        out.push(Entry::Group(group, ids.len()));
        for task in ids {
            out.push(Entry::Task { task, n });
            n += 1;
        }
    }
    out
}

fn task_line(task: &OpenTask, t: &Theme, width: usize, selected: bool) -> Vec<Line<'static>> {
    let check = Span::styled(
        format!("[{}] ", sanitize(&task.symbol.to_string())),
        if task.symbol == ' ' { t.base } else { t.key },
    );
    let mut spans = vec![Span::raw(task.text.clone())];
    if let Some(due) = task.due {
        spans.push(Span::styled(
            format!(" 📅 {due}"),
            if task.overdue { t.overdue } else { t.due },
        ));
    }
    if task.count > 1 {
        spans.push(Span::styled(format!(" ×{}", task.count), t.dim));
    }
    let mut lines = wrap_spans(spans, width, check);
    if selected {
        for l in &mut lines {
            l.style = t.selected;
        }
    }
    lines
}

impl Widget for TasksPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let (tasks, query, cursor) = (self.tasks, self.query, self.cursor);
        let title = match query {
            Some(q) => format!(
                "Query result ({}) · {} · {} back",
                tasks.len(),
                sanitize(q.source.lines().next().unwrap_or("")),
                self.keymap.first_key(Action::ToggleQuery)
            ),
            None => format!("Open tasks ({})", tasks.len()),
        };
        let block = self.chrome.block(t, title);
        let inner = block.inner(area);
        block.render(area, buf);
        let width = inner.width as usize;
        let focused = self.chrome.focused;
        let h = inner.height as usize;
        let (lines, scroll) = if let Some(Err(why)) = query.map(|q| &q.result) {
            let mut lines = vec![Line::from(Span::styled(
                format!("unsupported query: {why}"),
                t.warning,
            ))];
            for l in query.map(|q| q.source.as_str()).unwrap_or("").lines() {
                lines.push(Line::from(Span::styled(sanitize(l), t.dim)));
            }
            (lines, 0)
        } else {
            let entries = entries(tasks, query.is_some());
            let at = (entries.iter())
                .position(|e| matches!(e, Entry::Task { n, .. } if *n == cursor))
                .unwrap_or(0);
            // The cursor's task starts no lower than two rows above the bottom.
            let scroll = |line: usize| (line + 2).saturating_sub(h);
            window(entries.len(), at, h, scroll, |i| match entries[i] {
                Entry::Group(group, count) => {
                    let style = if group == TaskGroup::Overdue {
                        t.overdue
                    } else {
                        t.heading
                    };
                    vec![Line::from(Span::styled(
                        format!("{} ({count})", group.label()),
                        style,
                    ))]
                }
                Entry::Task { task, n } => {
                    task_line(&tasks[task], t, width, focused && n == cursor)
                }
            })
        };
        if lines.is_empty() {
            Paragraph::new(Span::styled(
                if query.is_some() {
                    "the query finds no tasks"
                } else {
                    "no open tasks"
                },
                t.dim,
            ))
            .render(inner, buf);
            return;
        }
        Paragraph::new(lines)
            .scroll((scroll as u16, 0))
            .render(inner, buf);
    }
}
