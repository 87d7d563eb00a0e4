//! The lines of an item pane: each row wrapped under its marker, a folded row
//! with its count, the rows it stands for indented under it when expanded, and
//! the cursor's row highlighted while the pane has the focus.

use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::wrap::wrap_spans;
use crate::text::sanitize;
use crate::tui::app::ItemRow;

/// How a pane's rows start: a bullet, or the date column of recent context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gutter {
    Bullet,
    Date,
}

/// The rows' lines, and the line after the cursor's row (for keeping it in
/// view); the cursor's row is highlighted while the pane is `focused`.
pub(super) fn item_lines(
    rows: &[ItemRow],
    gutter: Gutter,
    (cursor, focused): (usize, bool),
    width: usize,
    t: &Theme,
) -> (Vec<Line<'static>>, usize) {
    let mut out = Vec::new();
    let mut cursor_end = 0;
    for (i, row) in rows.iter().enumerate() {
        let fold = match (row.count > 1, row.expanded) {
            (true, true) => "▾ ",
            (true, false) => "▸ ",
            _ => "",
        };
        let prefix = match gutter {
            Gutter::Bullet if row.nested => Span::raw("    · "),
            Gutter::Bullet if fold.is_empty() => Span::raw("• "),
            Gutter::Bullet => Span::raw(fold),
            Gutter::Date => {
                let date = row
                    .date
                    .filter(|_| !row.nested)
                    .map_or(" ".repeat(10), |d| d.to_string());
                let nest = if row.nested { "  · " } else { fold };
                Span::styled(format!("{date}  {nest}"), t.due)
            }
        };
        let mut spans = Vec::new();
        if let Some(title) = &row.title {
            spans.push(Span::styled(sanitize(title), t.heading));
        }
        if !row.text.is_empty() {
            let text = sanitize(&row.text);
            spans.push(Span::styled(
                if row.title.is_some() {
                    format!(" — {text}")
                } else {
                    text
                },
                t.base,
            ));
        }
        if row.count > 1 {
            spans.push(Span::styled(format!(" ×{}", row.count), t.due));
        }
        if let Some(note) = source_note(row, gutter) {
            spans.push(Span::styled(note, t.dim));
        }
        let mut lines = wrap_spans(spans, width, prefix);
        if focused && cursor == i {
            for l in &mut lines {
                l.style = t.selected;
            }
        }
        out.extend(lines);
        if cursor == i {
            cursor_end = out.len();
        }
    }
    (out, cursor_end)
}

/// What a row says of its source: `(via Ana)` in recent context; the date and
/// title of the note a decision or next step comes from (the date once, when the
/// title starts with it).
fn source_note(row: &ItemRow, gutter: Gutter) -> Option<String> {
    let note = sanitize(row.note.as_deref()?);
    if gutter == Gutter::Date {
        return Some(format!(" ({note})"));
    }
    Some(match row.date {
        Some(d) if !note.starts_with(&d.to_string()) => format!(" · {d}, {note}"),
        _ => format!(" · {note}"),
    })
}
