//! Surgical edits to a note's text, computed without any I/O.
//!
//! Each operation inspects the note and returns the smallest set of
//! [`TextEdit`]s that make the change; [`apply`] turns them into the new text.
//! Every byte outside those edits is preserved: line endings (LF or CRLF), a
//! byte order mark, YAML comments, key order and trailing whitespace.
//!
//! The YAML frontmatter is edited line by line as text, never round-tripped
//! through a YAML library, because a round trip would drop comments, quoting
//! and key order. Every target (frontmatter key lines, sections, table rows,
//! tasks, inline tags) is found through the reader's outline
//! ([`crate::note::outline`]), so the editor changes exactly what the reader
//! reads. Rules in docs/writing.md.

pub mod batch;
mod body;
mod frontmatter;
mod lock;
mod readback;
pub mod recurrence;
mod task;
pub mod write;
pub mod writeback;

use std::ops::Range;

pub use task::{set_task_status, set_task_status_in};

/// Replace the bytes `range` of a text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl TextEdit {
    fn new(range: Range<usize>, replacement: impl Into<String>) -> Self {
        TextEdit {
            range,
            replacement: replacement.into(),
        }
    }
}

/// Why an edit could not be computed. The messages are shown to the user as is.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    #[error("the tag #{tag} is not in this note")]
    TagNotFound { tag: String },
    #[error("\"{tag}\" is not a tag name")]
    InvalidTag { tag: String },
    #[error("\"{status}\" cannot be used as a status: use letters, digits, '-' or '_'")]
    InvalidStatus { status: String },
    #[error("the frontmatter status on line {line} is not a single value; edit it by hand")]
    UnsupportedStatus { line: usize },
    #[error("the frontmatter has no closing --- line; fix it before acct can add a status")]
    UnclosedFrontmatter,
    #[error("\"{key}\" cannot be used as a frontmatter key: use letters, digits, '-' or '_'")]
    InvalidKey { key: String },
    #[error("the frontmatter {key} on line {line} is not a single value; edit it by hand")]
    UnsupportedField { key: String, line: usize },
    #[error("the frontmatter has no closing --- line; fix it before acct can add {key}")]
    UnclosedFrontmatterFor { key: String },
    #[error("the task on line {line} no longer reads \"{expected}\"")]
    TaskMoved { line: usize, expected: String },
    #[error("\"{symbol}\" cannot be used as a task status")]
    InvalidTaskSymbol { symbol: char },
}

/// Applies non-overlapping `edits` (in any order) to `text`.
///
/// Edits with empty ranges at the same position are inserted in the order given.
///
/// # Panics
/// If two edits overlap, a range is out of bounds, or a range does not fall on
/// character boundaries.
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut order: Vec<&TextEdit> = edits.iter().collect();
    order.sort_by_key(|e| e.range.start);
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    for edit in order {
        assert!(
            pos <= edit.range.start && edit.range.start <= edit.range.end,
            "overlapping or inverted edit {:?}",
            edit.range
        );
        out.push_str(&text[pos..edit.range.start]);
        out.push_str(&edit.replacement);
        pos = edit.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// The edits that turn `apply(text, edits)` back into `text`.
pub fn invert(text: &str, edits: &[TextEdit]) -> Vec<TextEdit> {
    let mut order: Vec<&TextEdit> = edits.iter().collect();
    order.sort_by_key(|e| e.range.start);
    let mut delta: isize = 0;
    order
        .into_iter()
        .map(|e| {
            let start = e
                .range
                .start
                .checked_add_signed(delta)
                .expect("edits stay in bounds");
            delta += e.replacement.len() as isize - e.range.len() as isize;
            TextEdit::new(start..start + e.replacement.len(), &text[e.range.clone()])
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Public operations
// ---------------------------------------------------------------------------

/// Removes `tag` (compared case-insensitively, a leading `#` ignored) from the
/// frontmatter `tags`/`tag` key in whatever shape it has (block list, flow
/// list, comma- or space-separated string, quoted or not) and every inline
/// `#tag` the reader sees in the body.
///
/// A block list item loses its whole line; a flow list or string element loses
/// itself and one separator. Removing the only element leaves `tags: []` (flow
/// list), `tags: ""` (string) or a bare `tags:` (block list).
pub fn remove_tag(text: &str, tag: &str) -> Result<Vec<TextEdit>, EditError> {
    let want = frontmatter::normalize_tag(tag)?;
    let outline = crate::note::outline(text);
    let mut edits = Vec::new();
    for field in frontmatter::tag_fields(text, &outline) {
        frontmatter::remove_from_field(text, &field, &want, &mut edits);
    }
    body::remove_tags(text, &outline, &want, &mut edits);
    if edits.is_empty() {
        return Err(EditError::TagNotFound {
            tag: tag.trim().trim_start_matches('#').to_string(),
        });
    }
    Ok(edits)
}

/// Everything that flags a note for review, cleared (docs/writing.md,
/// "Reviewing"): the `needs-review` tag as [`remove_tag`] removes it, and every
/// `needs-review: true` / `needs_review: true` field set to `false`. Empty when
/// nothing acct can edit flags the note.
pub fn clear_needs_review(text: &str) -> Vec<TextEdit> {
    let outline = crate::note::outline(text);
    let mut edits = Vec::new();
    for field in frontmatter::tag_fields(text, &outline) {
        frontmatter::remove_from_field(text, &field, "needs-review", &mut edits);
    }
    body::remove_tags(text, &outline, "needs-review", &mut edits);
    for key in crate::note::NEEDS_REVIEW_FIELDS {
        frontmatter::unset_flag_edits(text, &outline, key, &mut edits);
    }
    edits
}

/// How a vault writes a status value in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `paused`
    Lower,
    /// `Paused`
    Capitalised,
    /// `PAUSED`
    Upper,
}

impl Case {
    /// The case a written value shows (`None` when it has no letters).
    pub fn of(value: &str) -> Option<Case> {
        let mut letters = value.chars().filter(|c| c.is_alphabetic());
        let first = letters.next()?;
        let rest: Vec<char> = letters.collect();
        Some(if first.is_lowercase() {
            Case::Lower
        } else if !rest.is_empty() && rest.iter().all(|c| c.is_uppercase()) {
            Case::Upper
        } else {
            Case::Capitalised
        })
    }

    pub fn apply(self, value: &str) -> String {
        let lower = value.to_lowercase();
        match self {
            Case::Lower => lower,
            Case::Upper => value.to_uppercase(),
            Case::Capitalised => {
                let mut chars = lower.chars();
                chars
                    .next()
                    .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
            }
        }
    }
}

/// The case each place of a status is written in: learnt from the vault
/// (see `writeback::status_style`), else `paused`, `status/paused`, `Paused`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusStyle {
    pub frontmatter: Case,
    pub tag: Case,
    pub table: Case,
}

impl Default for StatusStyle {
    fn default() -> Self {
        Self {
            frontmatter: Case::Lower,
            tag: Case::Lower,
            table: Case::Capitalised,
        }
    }
}

/// [`set_status_styled`] with the default cases.
pub fn set_status(text: &str, status: &str) -> Result<Vec<TextEdit>, EditError> {
    set_status_styled(text, status, &StatusStyle::default())
}

/// Sets the account status, keeping three facts in agreement, each changed
/// only where it already exists (rules in docs/writing.md):
///
/// - the frontmatter `status:` value (`paused`), in the old value's quoting
///   style, any trailing comment kept;
/// - every `status/<x>` tag, in the frontmatter tags (any shape) and inline in
///   the body, renamed to `status/paused` (the `status/` prefix keeps its case);
/// - the Status row of the first table in the status section (`## Account
///   Status`, an emoji or any punctuation around the words allowed): the value
///   cell (the `Value` column, else the second) becomes `Paused`, keeping the
///   cell's padding and emphasis (`**Active**` becomes `**Paused**`); a
///   placeholder such as `_Unknown_` becomes the plain value.
///
/// Each place is written in `style`'s case for it. When none of the three
/// exists, a `status: paused` line is added as the last line of the
/// frontmatter, creating a frontmatter block if the note has none.
pub fn set_status_styled(
    text: &str,
    status: &str,
    style: &StatusStyle,
) -> Result<Vec<TextEdit>, EditError> {
    let status = status.trim();
    if status.is_empty()
        || !status
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(EditError::InvalidStatus {
            status: status.to_string(),
        });
    }
    let outline = crate::note::outline(text);
    let in_frontmatter = style.frontmatter.apply(status);
    let as_tag = style.tag.apply(status);
    let mut edits = Vec::new();
    frontmatter::status_edits(text, &outline, &in_frontmatter, &mut edits)?;
    for field in frontmatter::tag_fields(text, &outline) {
        for r in field.tag_texts() {
            edits.extend(frontmatter::rename_status_tag(text, r, &as_tag));
        }
    }
    for tag in &outline.tags {
        edits.extend(frontmatter::rename_status_tag(text, tag.clone(), &as_tag));
    }
    for (cell, placeholder) in body::status_cells(text, &outline) {
        edits.push(body::cell_edit(
            text,
            cell,
            &style.table.apply(status),
            placeholder,
        ));
    }
    if edits.is_empty() {
        let line = format!("status: {}", frontmatter::yaml_plain(&in_frontmatter));
        edits.push(
            add_frontmatter_line(text, &outline, &line).ok_or(EditError::UnclosedFrontmatter)?,
        );
    }
    Ok(edits)
}

/// Sets the frontmatter field `key` to `date` (`reviewed: 2026-11-30`), the
/// review date a config's `review_key` asks for (rules in docs/writing.md):
/// every top-level `key:` line gets the date, in its quoting style, any trailing
/// comment kept; without one, a `key: date` line is added as the last line of
/// the frontmatter, creating a frontmatter block if the note has none.
pub fn set_date_field(
    text: &str,
    key: &str,
    date: chrono::NaiveDate,
) -> Result<Vec<TextEdit>, EditError> {
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(EditError::InvalidKey {
            key: key.to_string(),
        });
    }
    let outline = crate::note::outline(text);
    let value = date.format("%Y-%m-%d").to_string();
    let mut edits = Vec::new();
    let found = frontmatter::scalar_edits(text, &outline, key, &value, &value, &mut edits)
        .map_err(|line| EditError::UnsupportedField {
            key: key.to_string(),
            line,
        })?;
    if found == 0 {
        edits.push(
            add_frontmatter_line(text, &outline, &format!("{key}: {value}")).ok_or_else(|| {
                EditError::UnclosedFrontmatterFor {
                    key: key.to_string(),
                }
            })?,
        );
    }
    Ok(edits)
}

/// The edit adding `line` as the frontmatter's last line (a new block when the
/// note has none); `None` when the frontmatter is not closed.
fn add_frontmatter_line(
    text: &str,
    outline: &crate::note::outline::Outline,
    line: &str,
) -> Option<TextEdit> {
    let eol = line_ending(text);
    match &outline.frontmatter {
        Some(span) => Some(TextEdit::new(
            span.yaml.end..span.yaml.end,
            format!("{line}{eol}"),
        )),
        None if outline.unclosed_frontmatter => None,
        None => {
            let at = crate::note::frontmatter::bom_len(text);
            Some(TextEdit::new(
                at..at,
                format!("---{eol}{line}{eol}---{eol}"),
            ))
        }
    }
}

/// The file's line ending, judged by its first line break (LF when it has none).
fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests;
