//! The lines of an item pane: each row wrapped under its marker, a folded row
//! with its count, the rows it stands for indented under it when expanded, and
//! the cursor's row highlighted while the pane has the focus.

use std::ops::Range;

use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::wrap::wrap_spans;
use crate::text::sanitize;
use crate::tui::app::{App, ItemRow, Pane};

/// How a pane's rows start: a bullet, or the date column of recent context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gutter {
    Bullet,
    Date,
}

/// What an item pane shows: its lines in view, and whether more follow below.
pub(super) struct ItemWindow {
    pub lines: Vec<Line<'static>>,
    pub more_below: bool,
}

/// The lines an item pane shows in `height` rows at `width`, with the cursor's
/// row in view: from the first row while the cursor's row ends within the
/// first screenful, else the rows that end with the cursor's, its last line at
/// the bottom. Only the rows that reach the screen are laid out (at most
/// `height + 1` of them), so a pane of tens of thousands of items draws as
/// fast as one of ten (docs/performance.md, "Drawing"). `rows` gives the
/// pane's rows in a range, of `n` in all; the cursor's row is highlighted
/// while the pane is `focused`.
fn item_window(
    rows: &dyn Fn(Range<usize>) -> Vec<ItemRow>,
    n: usize,
    gutter: Gutter,
    (cursor, focused): (usize, bool),
    (width, height): (usize, usize),
    t: &Theme,
) -> ItemWindow {
    if n == 0 {
        return ItemWindow {
            lines: Vec::new(),
            more_below: false,
        };
    }
    let cursor = cursor.min(n - 1);
    let lay = |range: Range<usize>, lines: &mut Vec<Line<'static>>| {
        let from = range.start;
        for (i, row) in rows(range).iter().enumerate() {
            lines.extend(row_lines(
                row,
                gutter,
                focused && from + i == cursor,
                width,
                t,
            ));
        }
    };
    // Each row takes a line at least: the rows ending with the cursor's that
    // can reach the screen.
    let from = (cursor + 1).saturating_sub(height);
    let mut lines = Vec::new();
    lay(from..cursor + 1, &mut lines);
    if from == 0 && lines.len() <= height {
        // The cursor's row ends on the first screenful: the pane shows its
        // top, and the rows after the cursor's as far as they fit (one line
        // more tells whether anything is below).
        let mut next = cursor + 1;
        while lines.len() <= height && next < n {
            let upto = n.min(next + height + 1 - lines.len());
            lay(next..upto, &mut lines);
            next = upto;
        }
        let more_below = lines.len() > height;
        lines.truncate(height);
        return ItemWindow { lines, more_below };
    }
    lines.drain(..lines.len().saturating_sub(height));
    ItemWindow {
        lines,
        more_below: cursor + 1 < n,
    }
}

/// [`item_window`] over the rows of an item pane of the selected account.
pub(super) fn pane_window(
    app: &App,
    pane: Pane,
    gutter: Gutter,
    cursor: (usize, bool),
    size: (usize, usize),
    t: &Theme,
) -> ItemWindow {
    let rows = |range| app.item_rows_in(pane, range);
    item_window(&rows, app.item_row_count(pane), gutter, cursor, size, t)
}

/// One row's lines: wrapped under its marker, highlighted when `selected`.
fn row_lines(
    row: &ItemRow,
    gutter: Gutter,
    selected: bool,
    width: usize,
    t: &Theme,
) -> Vec<Line<'static>> {
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
    if selected {
        for l in &mut lines {
            l.style = t.selected;
        }
    }
    lines
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(i: usize, words: usize) -> ItemRow {
        ItemRow {
            date: None,
            title: None,
            text: format!("row {i} {}", "word ".repeat(words)),
            note: None,
            count: 1,
            expanded: false,
            nested: false,
            path: "A.md".into(),
            line: i + 1,
            key: ("A.md".into(), i + 1),
        }
    }

    fn texts(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    /// The window agrees with laying out every row and scrolling the cursor's
    /// row's end into view, for short and wrapped rows, every cursor and
    /// heights from none to more than the rows take.
    #[test]
    fn the_window_is_what_laying_out_every_row_would_show() {
        let t = Theme::mono();
        for (n, words) in [(1, 0), (7, 0), (12, 9), (30, 25), (5, 80)] {
            let all: Vec<ItemRow> = (0..n).map(|i| row(i, (i * words) % (words + 1))).collect();
            let rows = |r: Range<usize>| all[r.start.min(n)..r.end.min(n)].to_vec();
            for width in [12, 40] {
                for height in [0, 1, 3, 8, 50] {
                    for cursor in 0..n {
                        let mut every = Vec::new();
                        let mut cursor_end = 0;
                        for (i, r) in all.iter().enumerate() {
                            every.extend(row_lines(r, Gutter::Bullet, i == cursor, width, &t));
                            if i == cursor {
                                cursor_end = every.len();
                            }
                        }
                        let scroll = cursor_end.saturating_sub(height);
                        let expected = &every[scroll..every.len().min(scroll + height)];
                        let shown = item_window(
                            &rows,
                            n,
                            Gutter::Bullet,
                            (cursor, true),
                            (width, height),
                            &t,
                        );
                        let at =
                            format!("{n} rows, width {width}, height {height}, cursor {cursor}");
                        assert_eq!(texts(&shown.lines), texts(expected), "{at}");
                        let styles: Vec<_> = shown.lines.iter().map(|l| l.style).collect();
                        let want: Vec<_> = expected.iter().map(|l| l.style).collect();
                        assert_eq!(styles, want, "the cursor's row highlighted: {at}");
                        assert_eq!(shown.more_below, every.len() > scroll + height, "{at}");
                    }
                }
            }
        }
    }
}
