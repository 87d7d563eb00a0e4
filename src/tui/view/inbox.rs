//! The full-width tasks view: a title with the scope, counts and filters; one
//! line per task or group; a preview of the selected task; the key hints.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Widget, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::theme::Theme;
use crate::model::inbox::{Grouping, InboxSettings, InboxTask, Scope, row_text};
use crate::text::sanitize;
use crate::tui::app::{App, Inbox, Mode, Row};
use crate::tui::keymap::{Action, Layer};

/// Rows of the preview, borders included.
const PREVIEW: u16 = 8;

/// The tasks view over the whole screen; returns the list's height in rows.
pub(super) struct TasksView<'a> {
    pub app: &'a App,
    pub view: &'a Inbox,
    pub theme: &'a Theme,
}

impl TasksView<'_> {
    /// Draws the view and says how many list rows it showed.
    pub fn draw(self, area: Rect, buf: &mut Buffer) -> usize {
        let preview_h = if area.height >= 20 { PREVIEW } else { 4 };
        let list_h = area.height.saturating_sub(2 + preview_h);
        let title = Rect { height: 1, ..area };
        let list = Rect {
            y: area.y + 1,
            height: list_h,
            ..area
        };
        let preview = Rect {
            y: list.bottom(),
            height: preview_h,
            ..area
        };
        let hints = Rect {
            y: area.bottom().saturating_sub(1),
            height: 1,
            ..area
        };
        self.title(title, buf);
        let rows = list_h.saturating_sub(2) as usize;
        self.list(list, rows, buf);
        self.preview(preview, buf);
        self.hints(hints, buf);
        rows
    }

    fn title(&self, area: Rect, buf: &mut Buffer) {
        let (view, t) = (self.view, self.theme);
        let scope = match &view.scope {
            Scope::All => "every account".to_string(),
            Scope::Account(p) => view
                .tasks
                .iter()
                .find(|t| *t.account_path == **p)
                .map(|t| t.account.to_string())
                .or_else(|| self.app.index.note(p).map(|n| n.title.clone()))
                .unwrap_or_else(|| p.clone()),
        };
        let proposed = view.tasks.iter().filter(|t| t.proposed).count();
        let shown = view.shown(&self.app.inbox_settings, self.app.today).len();
        let f = &view.filter;
        let mut parts = vec![
            format!(" Tasks · {}", sanitize(&scope)),
            format!("{} open, {proposed} proposed", view.tasks.len()),
        ];
        if f.is_active() {
            let mut what = vec![];
            if !f.text.is_empty() {
                what.push(format!("/{}", sanitize(&f.text)));
            }
            for (active, label) in [
                (f.owner != Default::default(), f.owner.label()),
                (f.status != Default::default(), f.status.label()),
                (f.due != Default::default(), f.due.label()),
            ] {
                if active {
                    what.push(label.to_string());
                }
            }
            parts.push(format!("{shown} shown: {}", what.join(", ")));
        }
        parts.push(view.grouping.label().to_string());
        if !view.marked.is_empty() {
            parts.push(format!("{} marked", view.marked.len()));
        }
        Paragraph::new(Line::from(Span::styled(parts.join(" · "), t.title_bar)))
            .style(t.title_bar)
            .render(area, buf);
    }

    fn list(&self, area: Rect, rows: usize, buf: &mut Buffer) {
        let (view, t) = (self.view, self.theme);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Thick)
            .border_style(t.border_focused);
        let inner = block.inner(area);
        block.render(area, buf);
        if view.rows.is_empty() {
            let text = if view.tasks.is_empty() {
                "No open tasks.".to_string()
            } else {
                let keys = &self.app.keymap;
                format!(
                    "No task matches the filters ({} open). {} searches, {} {} {} cycle the filters.",
                    view.tasks.len(),
                    keys.first_key_in(Layer::Tasks, Action::Search),
                    keys.first_key_in(Layer::Tasks, Action::CycleOwner),
                    keys.first_key_in(Layer::Tasks, Action::CycleStatusFilter),
                    keys.first_key_in(Layer::Tasks, Action::CycleDue),
                )
            };
            Paragraph::new(text).style(t.dim).render(inner, buf);
            return;
        }
        let offset = visible_offset(view.offset, view.cursor, rows);
        let width = inner.width as usize;
        let settings = &self.app.inbox_settings;
        for (k, row) in view.rows.iter().enumerate().skip(offset).take(rows) {
            let line = row_line(view, row, width, settings, self.app.today, t);
            let y = inner.y + (k - offset) as u16;
            let r = Rect {
                y,
                height: 1,
                ..inner
            };
            let mut p = Paragraph::new(line);
            if k == view.cursor {
                p = p.style(t.selected);
            }
            p.render(r, buf);
        }
    }

    fn preview(&self, area: Rect, buf: &mut Buffer) {
        let (view, t) = (self.view, self.theme);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Rounded)
            .border_style(t.border)
            .title(Span::styled(" Task ", t.heading));
        let Some(task) = view.selected_task() else {
            block.render(area, buf);
            return;
        };
        let mut lines = vec![Line::from(Span::styled(sanitize(&task.text), t.base))];
        let source = match task.source.date {
            Some(d) if !task.source.title.starts_with(&d.to_string()) => {
                format!("{d} · {}", task.source.title)
            }
            _ => task.source.title.to_string(),
        };
        lines.push(Line::from(vec![
            Span::styled("from ", t.dim),
            Span::styled(sanitize(&source), t.heading),
            Span::styled(format!("  {}:{}", sanitize(&task.path), task.line), t.dim),
        ]));
        let owners = if task.owners.is_empty() {
            "nobody".to_string()
        } else {
            task.owners.join(", ")
        };
        let due = task.due.map_or("no date".to_string(), |d| d.to_string());
        let tags = task
            .tags
            .iter()
            .map(|g| format!("#{g}"))
            .collect::<Vec<_>>()
            .join(" ");
        lines.push(Line::from(vec![
            Span::styled(format!("[{}] {}", task.symbol, task.status), t.key),
            Span::styled("  owner ", t.dim),
            Span::styled(sanitize(&owners), t.base),
            Span::styled("  due ", t.dim),
            Span::styled(due, t.base),
            Span::styled("  account ", t.dim),
            Span::styled(sanitize(&task.account), t.base),
            Span::styled("  ", t.dim),
            Span::styled(sanitize(&tags), t.dim),
        ]));
        if let Some(Row::Group { members, .. }) = view.rows.get(view.cursor) {
            let key = self.app.keymap.first_key_in(Layer::Tasks, Action::Expand);
            let what = match view.grouping {
                Grouping::Note => "tasks from this note",
                _ => "near-duplicates",
            };
            lines.push(Line::from(Span::styled(
                format!("{} {what}: {key} shows them", members.len()),
                t.dim,
            )));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block)
            .render(area, buf);
    }

    fn hints(&self, area: Rect, buf: &mut Buffer) {
        let (app, t) = (self.app, self.theme);
        let line = if app.mode == Mode::Search {
            Line::from(vec![
                Span::styled("/", t.key),
                Span::raw(sanitize(&self.view.filter.text)),
                Span::styled("▏", t.key),
                Span::styled("  Enter keep · Esc clear", t.dim),
            ])
        } else if let Some(msg) = &app.message {
            Line::from(Span::styled(format!(" {}", sanitize(msg)), t.review))
        } else {
            let mut spans = vec![Span::raw(" ")];
            for (key, label) in app.keymap.hints(Layer::Tasks) {
                spans.push(Span::styled(key, t.key));
                spans.push(Span::styled(format!(" {label}  "), t.dim));
            }
            Line::from(spans)
        };
        Paragraph::new(line).render(area, buf);
    }
}

/// The first row to show so the cursor's row is whole on screen.
fn visible_offset(offset: usize, cursor: usize, rows: usize) -> usize {
    let rows = rows.max(1);
    if cursor < offset {
        cursor
    } else if cursor >= offset + rows {
        cursor + 1 - rows
    } else {
        offset
    }
}

/// One row: mark, expander, status, due, owner, text (cut with `…`), and the
/// group's count or the member's source note.
fn row_line(
    view: &Inbox,
    row: &Row,
    width: usize,
    settings: &InboxSettings,
    today: chrono::NaiveDate,
    t: &Theme,
) -> Line<'static> {
    let marked = |ids: &[usize]| {
        let n = ids
            .iter()
            .filter(|&&i| view.marked.contains(&*view.tasks[i].id))
            .count();
        match n {
            0 => "  ",
            n if n == ids.len() => "● ",
            _ => "◐ ",
        }
    };
    let (first, mark, lead, tail): (&InboxTask, &str, String, String) = match row {
        Row::Group {
            members, expanded, ..
        } => {
            let first = &view.tasks[members[0]];
            let arrow = if *expanded { "▾ " } else { "▸ " };
            let tail = format!(" ×{}", members.len());
            (first, marked(members), arrow.to_string(), tail)
        }
        Row::Task { task, member } => {
            let task_ref = &view.tasks[*task];
            let (lead, tail) = if *member {
                let source = match task_ref.source.date {
                    Some(d) if !task_ref.source.title.starts_with(&d.to_string()) => {
                        format!("{d} {}", task_ref.source.title)
                    }
                    _ => task_ref.source.title.to_string(),
                };
                ("  └ ".to_string(), format!(" · {}", sanitize(&source)))
            } else {
                ("  ".to_string(), String::new())
            };
            (task_ref, marked(&[*task]), lead, tail)
        }
    };
    let group_by_note = matches!(row, Row::Group { .. }) && view.grouping == Grouping::Note;
    let text = if group_by_note {
        match first.source.date {
            Some(d) if !first.source.title.starts_with(&d.to_string()) => {
                format!("{d} {}", first.source.title)
            }
            _ => first.source.title.to_string(),
        }
    } else {
        row_text(&first.text, &settings.hide_tags)
    };
    let due = first.due.map_or_else(|| " ".repeat(10), |d| d.to_string());
    let due_style = match first.due {
        Some(d) if d < today => t.overdue,
        Some(_) => t.due,
        None => t.dim,
    };
    let owner: String = first
        .owners
        .first()
        .map_or("", String::as_str)
        .chars()
        .take(9)
        .collect();
    // A note's group has no one status, date or owner: its columns stay blank.
    let head = if group_by_note {
        vec![
            Span::styled(mark.to_string(), t.key),
            Span::styled(lead.clone(), t.dim),
            Span::raw(" ".repeat(4 + 11 + 10)),
        ]
    } else {
        vec![
            Span::styled(mark.to_string(), t.key),
            Span::styled(lead.clone(), t.dim),
            Span::styled(format!("[{}] ", sanitize(&first.symbol.to_string())), t.key),
            Span::styled(format!("{due} "), due_style),
            Span::styled(format!("{:<10}", sanitize(&owner)), t.heading),
        ]
    };
    let used: usize = head.iter().map(|s| s.content.width()).sum();
    let room = width.saturating_sub(used + tail.width());
    let mut spans = head;
    spans.push(Span::styled(cut(&sanitize(&text), room), t.base));
    spans.push(Span::styled(tail, t.dim));
    Line::from(spans)
}

/// `text` cut to `width` columns, ending in `…` when it was longer.
pub(super) fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}
