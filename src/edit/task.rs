//! Changing a task line's status character and its done date, on the task
//! the reader's outline puts on that line. Rules in docs/writing.md.

use std::ops::Range;

use chrono::NaiveDate;

use super::{EditError, TextEdit};
use crate::note::outline::Outline;

/// Changes the status character of the task on 1-based `line` to `new_symbol`.
///
/// The reader must still see a task on that line (found through the note's
/// outline, so any list marker, indentation or blockquote the reader accepts)
/// whose text after the checkbox contains `expected_task_text` (both
/// trimmed); otherwise the note changed under us and [`EditError::TaskMoved`]
/// is returned.
///
/// With `done_on`, ` ✅ YYYY-MM-DD` is appended to the line's content (before
/// trailing whitespace and a `^block-id`), or an existing `✅` date is replaced.
pub fn set_task_status(
    text: &str,
    line: usize,
    expected_task_text: &str,
    new_symbol: char,
    done_on: Option<NaiveDate>,
) -> Result<Vec<TextEdit>, EditError> {
    let outline = crate::note::outline(text);
    set_task_status_in(
        text,
        &outline,
        line,
        expected_task_text,
        new_symbol,
        done_on,
    )
}

/// [`set_task_status`] with the note's outline already read from `text`: a
/// change of a thousand tasks in one note reads the note once, not once a task.
pub fn set_task_status_in(
    text: &str,
    outline: &Outline,
    line: usize,
    expected_task_text: &str,
    new_symbol: char,
    done_on: Option<NaiveDate>,
) -> Result<Vec<TextEdit>, EditError> {
    if new_symbol.is_control() || matches!(new_symbol, '[' | ']') {
        return Err(EditError::InvalidTaskSymbol { symbol: new_symbol });
    }
    let expected = expected_task_text.trim();
    let moved = || EditError::TaskMoved {
        line,
        expected: expected.to_string(),
    };
    let task = outline.task_at(line).ok_or_else(moved)?;
    let task_text = &text[task.text.clone()];
    if !task_text.trim().contains(expected) {
        return Err(moved());
    }
    let start = task.text.start;
    let mut edits = vec![TextEdit::new(task.status.clone(), new_symbol)];
    if let Some(date) = done_on {
        let date = date.format("%Y-%m-%d").to_string();
        edits.push(match existing_done_date(task_text) {
            Some(r) => TextEdit::new(start + r.start..start + r.end, date),
            None => {
                let at = start + done_insert_point(task_text);
                TextEdit::new(at..at, format!(" ✅ {date}"))
            }
        });
    }
    Ok(edits)
}

/// The range of the date after an existing `✅` in a task's text.
fn existing_done_date(task: &str) -> Option<Range<usize>> {
    let (i, _) = task.match_indices('✅').next()?;
    let after = &task[i + '✅'.len_utf8()..];
    let rest = after.trim_start_matches(['\u{fe0f}', ' ']);
    let start = task.len() - rest.len();
    let d = rest.get(..10)?.as_bytes();
    let ok = d.iter().enumerate().all(|(k, c)| {
        if k == 4 || k == 7 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    ok.then_some(start..start + 10)
}

/// Where a done date goes: after the content, before trailing blanks and a `^block-id`.
pub(super) fn done_insert_point(task: &str) -> usize {
    let trimmed = task.trim_end();
    if let Some(caret) = trimmed.rfind(" ^") {
        let id = &trimmed[caret + 2..];
        if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return trimmed[..caret].trim_end().len();
        }
    }
    trimmed.len()
}
