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
/// each with one adjacent blank. A line left holding nothing but blanks (and
/// quote markers) goes whole, newline and all: a blank line left behind would
/// end the paragraph it stood in and change what follows it.
pub(super) fn remove_tags(text: &str, outline: &Outline, want: &str, edits: &mut Vec<TextEdit>) {
    // The removals on the current line: its bounds, newline included, and ranges.
    let mut line_edits: Option<(Range<usize>, Vec<Range<usize>>)> = None;
    let finish = |line: Option<(Range<usize>, Vec<Range<usize>>)>, edits: &mut Vec<TextEdit>| {
        let Some((whole, ranges)) = line else { return };
        let mut rest = String::new();
        let mut at = whole.start;
        for r in &ranges {
            rest.push_str(&text[at..r.start]);
            at = r.end;
        }
        rest.push_str(&text[at..whole.end]);
        if rest.trim().chars().all(|c| c == '>' || c.is_whitespace()) {
            edits.push(TextEdit::new(whole, ""));
        } else {
            edits.extend(ranges.into_iter().map(|r| TextEdit::new(r, "")));
        }
    };
    for tok in &outline.tags {
        if text[tok.start + 1..tok.end].to_lowercase() != want {
            continue;
        }
        let line_start = text[..tok.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[tok.end..]
            .find('\n')
            .map_or(text.len(), |i| tok.end + i + 1);
        let line = line_start..content_end(text, &(line_start..line_end));
        let floor = match &line_edits {
            Some((whole, ranges)) if whole.start == line.start => {
                ranges.last().map_or(line.start, |r| r.end)
            }
            _ => {
                finish(line_edits.take(), edits);
                line.start
            }
        };
        let range = removal_with_space(text, &line, tok.clone(), floor);
        let (_, ranges) = line_edits.get_or_insert_with(|| (line_start..line_end, Vec::new()));
        ranges.push(range);
    }
    finish(line_edits, edits);
}
