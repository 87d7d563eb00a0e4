//! Edits in a note's body: inline `#tags` and the status table's value cell,
//! each found where the reader's outline says it is. Rules in docs/writing.md.

use std::ops::Range;

use super::TextEdit;
use crate::note::outline::{Outline, STATUS_SECTION, content_end};

/// The range removing token `tok` plus one adjacent blank (the preceding one,
/// else the following one), never reaching before `floor`.
fn removal_with_space(
    text: &str,
    line: &Range<usize>,
    tok: Range<usize>,
    floor: usize,
) -> Range<usize> {
    let b = text.as_bytes();
    if tok.start > floor.max(line.start) && matches!(b[tok.start - 1], b' ' | b'\t') {
        tok.start - 1..tok.end
    } else if tok.end < line.end && matches!(b[tok.end], b' ' | b'\t') {
        tok.start..tok.end + 1
    } else {
        tok
    }
}

const EMPHASIS: [&str; 4] = ["**", "__", "*", "_"];

fn strip_emphasis(s: &str) -> &str {
    for w in EMPHASIS {
        if s.len() > 2 * w.len() && s.starts_with(w) && s.ends_with(w) {
            return &s[w.len()..s.len() - w.len()];
        }
    }
    s
}

/// Replaces a table cell's text (`cell`, blanks around it excluded) with
/// `value`, keeping its emphasis (`**Active**` → `**Paused**`); a placeholder
/// (`_Unknown_`) is replaced whole, so the value reads as a value.
pub(super) fn cell_edit(
    text: &str,
    cell: Range<usize>,
    value: &str,
    placeholder: bool,
) -> TextEdit {
    let inner = &text[cell.clone()];
    if inner.is_empty() {
        // An empty cell: the blanks between its pipes become ` value `.
        let line_end = text[cell.end..]
            .find('\n')
            .map_or(text.len(), |i| cell.end + i);
        let left = text[..cell.start].rfind('|').map_or(cell.start, |i| i + 1);
        let right = text[cell.end..line_end]
            .find('|')
            .map_or(cell.end, |i| cell.end + i);
        return TextEdit::new(left.min(cell.start)..right, format!(" {value} "));
    }
    if placeholder {
        return TextEdit::new(cell, value);
    }
    let w = EMPHASIS
        .iter()
        .find(|w| inner.len() > 2 * w.len() && inner.starts_with(*w) && inner.ends_with(*w))
        .map_or(0, |w| w.len());
    TextEdit::new(cell.start + w..cell.end - w, value)
}

/// The value cells of the Status row of the first table in the note's status
/// section, each with whether the reader judged it a placeholder. The value
/// is the `Value` column, else the second.
pub(super) fn status_cells(text: &str, outline: &Outline) -> Vec<(Range<usize>, bool)> {
    let Some(section) = outline.section(STATUS_SECTION) else {
        return Vec::new();
    };
    let mut rows = outline.rows.iter().filter(|r| r.section == Some(section));
    let Some(first) = rows.next() else {
        return Vec::new();
    };
    let cell_text = |c: &Range<usize>| strip_emphasis(text[c.clone()].trim());
    let value_col = first
        .cells
        .iter()
        .position(|c| cell_text(c).eq_ignore_ascii_case("value"))
        .unwrap_or(1);
    std::iter::once(first)
        .chain(rows)
        .filter(|r| r.table == first.table && !r.header)
        .filter(|r| {
            r.cells
                .first()
                .is_some_and(|c| cell_text(c).eq_ignore_ascii_case("status"))
        })
        .filter_map(|r| {
            Some((
                r.cells.get(value_col)?.clone(),
                r.placeholders.get(value_col).copied().unwrap_or(false),
            ))
        })
        .collect()
}

/// Edits removing every inline `#tag` equal to `want` (lower case, no `#`),
/// each with one adjacent blank.
pub(super) fn remove_tags(text: &str, outline: &Outline, want: &str, edits: &mut Vec<TextEdit>) {
    let mut last: Option<(usize, usize)> = None;
    for tok in &outline.tags {
        if text[tok.start + 1..tok.end].to_lowercase() != want {
            continue;
        }
        let line_start = text[..tok.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[tok.end..]
            .find('\n')
            .map_or(text.len(), |i| tok.end + i + 1);
        let line = line_start..content_end(text, &(line_start..line_end));
        let floor = match last {
            Some((start, end)) if start == line.start => end,
            _ => line.start,
        };
        let range = removal_with_space(text, &line, tok.clone(), floor);
        last = Some((line.start, range.end));
        edits.push(TextEdit::new(range, ""));
    }
}
