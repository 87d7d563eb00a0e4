//! Changing a note on disk for triage: computes a surgical edit on the bytes the
//! index read, refuses when the file changed since, writes atomically and keeps
//! what is needed to undo it.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::edit::recurrence;
use crate::edit::write::{self, Undo, WriteError};
use crate::edit::{self, Case, EditError, StatusStyle, TextEdit};
use crate::index::Index;
use crate::note::task::{StatusType, TaskStatuses};
use crate::vault::RecurrenceSettings;

/// A triage change to one note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TriageEdit {
    /// Remove the `needs-review` tag.
    Review,
    /// Set the status (frontmatter, `status/*` tag and table row, where each exists).
    SetStatus(String),
    /// Write the review date in the frontmatter field the config's `review_key`
    /// names (`reviewed: 2026-11-30`).
    MarkReviewed { key: String, on: NaiveDate },
    /// Change a task's status character; `done_on` appends `✅ date`.
    Task {
        line: usize,
        source: String,
        symbol: char,
        done_on: Option<NaiveDate>,
    },
}

/// The changes a review writes to an account's note: a flagged account loses
/// its `needs-review` tag, and with a `review_key` in the config the review date
/// is written in that frontmatter field (docs/writing.md, "Reviewing"). Both go
/// in one write, one undo step; none at all for an unflagged account without
/// `review_key` (its review point is acct's own state).
pub fn review_changes(
    flagged: bool,
    review_key: Option<&str>,
    today: NaiveDate,
) -> Vec<TriageEdit> {
    let mut out = Vec::new();
    if flagged {
        out.push(TriageEdit::Review);
    }
    if let Some(key) = review_key {
        out.push(TriageEdit::MarkReviewed {
            key: key.to_string(),
            on: today,
        });
    }
    out
}

/// A write that was made.
#[derive(Debug)]
pub struct Written {
    pub path: String,
    pub undo: Undo,
    /// The changed lines as `- old` / `+ new`.
    pub diff: String,
    /// The text of each next occurrence written for a recurring task done.
    pub next_occurrences: Vec<String>,
}

/// Why a change was not written. Nothing on disk changed.
#[derive(Debug, thiserror::Error)]
pub enum WriteBackError {
    #[error("{0} is not in the index")]
    Unknown(String),
    #[error("refused to write {path}: it changed on disk since acct read it; reloaded")]
    Conflict { path: String },
    #[error("refused to write {path}: {reason}")]
    Refused { path: String, reason: String },
    #[error("{path}: {source}")]
    Edit { path: String, source: EditError },
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl WriteBackError {
    /// Exit code for the command line: 3 when the write was refused for safety.
    pub fn exit_code(&self) -> u8 {
        match self {
            WriteBackError::Unknown(_) => 2,
            WriteBackError::Edit { .. } => 2,
            WriteBackError::Write(WriteError::Io { .. }) => 1,
            _ => 3,
        }
    }
}

/// Computes and writes `change` to the note at `path`.
pub fn apply(index: &Index, path: &str, change: &TriageEdit) -> Result<Written, WriteBackError> {
    apply_all(index, path, std::slice::from_ref(change))
}

/// Computes every change on the bytes the index read and writes them to the
/// note at `path` at once (all or nothing), as one undo step.
pub fn apply_all(
    index: &Index,
    path: &str,
    changes: &[TriageEdit],
) -> Result<Written, WriteBackError> {
    let (file, before, (after, next_occurrences)) = compute(index, path, changes)?;
    if let Some(dir) = file.parent() {
        write::remove_stale_temp_files_in(dir);
    }
    let undo = write::write_with_undo(&file, &before, after.as_bytes())?;
    Ok(Written {
        path: path.to_string(),
        diff: line_diff(&String::from_utf8_lossy(&before), &after),
        undo,
        next_occurrences,
    })
}

/// The diff [`apply_all`] would write, with the same checks, writing nothing.
pub fn preview_all(
    index: &Index,
    path: &str,
    changes: &[TriageEdit],
) -> Result<String, WriteBackError> {
    let (_, before, (after, _)) = compute(index, path, changes)?;
    Ok(line_diff(&String::from_utf8_lossy(&before), &after))
}

/// A note's new text and the next occurrences of recurring tasks written in it.
type Edited = (String, Vec<String>);

/// The file, its bytes, its new text and the next occurrences in it: every
/// change computed on the bytes the index read, refused when the file changed
/// since.
fn compute(
    index: &Index,
    path: &str,
    changes: &[TriageEdit],
) -> Result<(PathBuf, Vec<u8>, Edited), WriteBackError> {
    let note = index
        .note(path)
        .ok_or_else(|| WriteBackError::Unknown(path.to_string()))?;
    let file: PathBuf = index.root.join(path);
    let before = crate::vault::file::read_for_write(&file).map_err(|source| WriteError::Io {
        path: file.clone(),
        source,
    })?;
    if !note.was_read_from(&before) {
        tracing::warn!("refused to write {path}: it changed on disk since acct read it");
        return Err(WriteBackError::Conflict {
            path: path.to_string(),
        });
    }
    let text = std::str::from_utf8(&before).map_err(|_| WriteBackError::Refused {
        path: path.to_string(),
        reason: "it is not valid UTF-8; fix it in an editor first".into(),
    })?;
    // Learnt from every account, so only for a status change.
    let setting_status = changes
        .iter()
        .any(|c| matches!(c, TriageEdit::SetStatus(_)));
    let style = match setting_status {
        true => status_style(index),
        false => StatusStyle::default(),
    };
    let (statuses, recurring) = (&index.settings.statuses, &index.settings.recurrence);
    let after = edit_text(path, text, changes, &style, statuses, recurring)?;
    Ok((file, before, after))
}

/// The note at `path` (vault-relative), whose text is `text`, with every
/// change made: computed as surgical edits, then read back as every start
/// reads a note and refused unless it reads as the changes mean and as
/// nothing more (docs/writing.md, "Read back before writing"). Statuses are
/// written in `style`'s cases; tasks are read with `statuses`; a recurring
/// task marked done gets its next occurrence as `recurring` says, and the
/// text of each comes back beside the new text.
pub fn edit_text(
    path: &str,
    text: &str,
    changes: &[TriageEdit],
    style: &StatusStyle,
    statuses: &TaskStatuses,
    recurring: &RecurrenceSettings,
) -> Result<Edited, WriteBackError> {
    let before = crate::note::parse(path, text.as_bytes(), statuses);
    let mut edits: Vec<TextEdit> = Vec::new();
    // The text of each next occurrence added, for the read-back.
    let mut added: Vec<String> = Vec::new();
    // Read once for every task changed in the note.
    let outline = std::cell::OnceCell::new();
    for change in changes {
        let more = match change {
            TriageEdit::Review => match edit::clear_needs_review(text) {
                edits if !edits.is_empty() => Ok(edits),
                // Flagged in a shape acct does not edit (a YAML anchor, a block
                // scalar): nothing is written, and the person is told why.
                _ if before.needs_review() => {
                    return Err(WriteBackError::Refused {
                        path: path.to_string(),
                        reason: "its needs-review flag is written in a form acct does not \
                                 edit (such as a YAML anchor or a block scalar); remove it \
                                 in an editor"
                            .into(),
                    });
                }
                _ => Err(EditError::TagNotFound {
                    tag: "needs-review".into(),
                }),
            },
            TriageEdit::SetStatus(status) => edit::set_status_styled(text, status, style),
            TriageEdit::MarkReviewed { key, on } => edit::set_date_field(text, key, *on),
            TriageEdit::Task {
                line,
                source,
                symbol,
                done_on,
            } => {
                let outline = outline.get_or_init(|| crate::note::outline(text));
                let mut more = edit::set_task_status_in(text, outline, *line, source, *symbol, *done_on);
                // Done now, and not before: a recurring task starts its next occurrence.
                let task = outline.task_at(*line);
                let completes = |old: char| {
                    statuses.kind(*symbol) == StatusType::Done && statuses.kind(old) != StatusType::Done
                };
                if let (Ok(edits), Some(task), Some(today)) = (&mut more, task, done_on)
                    && completes(task.symbol)
                {
                    let todo = statuses.first_of(StatusType::Todo).map_or(' ', |s| s.symbol);
                    match recurrence::next_occurrence(text, task, todo, *today, recurring) {
                        Ok(Some((insert, next))) => {
                            edits.push(insert);
                            added.push(next);
                        }
                        Ok(None) => {}
                        Err(why) => {
                            return Err(WriteBackError::Refused {
                                path: path.to_string(),
                                reason: format!(
                                    "the task on line {line} repeats, and {why}; nothing was written: \
                                     complete it in Obsidian, where the Tasks plugin writes its next occurrence"
                                ),
                            });
                        }
                    }
                }
                more
            }
        }
        .map_err(|source| WriteBackError::Edit {
            path: path.to_string(),
            source,
        })?;
        edits.extend(more);
    }
    if any_overlap(&edits) {
        return Err(WriteBackError::Refused {
            path: path.to_string(),
            reason: "two changes would touch the same text".into(),
        });
    }
    let after = edit::apply(text, &edits);
    // Read back as every start would read it: written only if it reads as meant.
    let reread = crate::note::parse(path, after.as_bytes(), statuses);
    if let Some(why) = super::readback::mismatch(&before, &reread, changes, &added) {
        tracing::warn!("refused to write {path}: {why}");
        return Err(WriteBackError::Refused {
            path: path.to_string(),
            reason: format!(
                "read back after the change, {why}; nothing was written, make this change in an editor"
            ),
        });
    }
    Ok((after, added))
}

/// How the vault writes statuses in each place, by majority over its live
/// accounts: the frontmatter `status:` values, the `status/*` tags and the
/// status tables' Status values; a place the vault never writes keeps the
/// default (`paused`, `status/paused`, `Paused`). Rules in docs/writing.md.
pub fn status_style(index: &Index) -> StatusStyle {
    use crate::note::outline::STATUS_SECTION;
    let mut counts = [[0usize; 3]; 3];
    let mut count = |place: usize, value: &str| {
        if let Some(case) = Case::of(value) {
            counts[place][case as usize] += 1;
        }
    };
    for note in index.accounts().filter(|n| !index.is_archived(&n.path)) {
        if let Some(s) = note.field_text("status") {
            count(0, &s);
        }
        for tag in &note.tags {
            if let Some(value) = tag
                .get(7..)
                .filter(|_| tag[..7].eq_ignore_ascii_case("status/"))
            {
                count(1, value);
            }
        }
        let table = note
            .section(STATUS_SECTION)
            .and_then(|s| note.tables(s).first());
        for row in table.into_iter().flat_map(|t| note.table_rows(t)) {
            if row.len() >= 2
                && !row[1].placeholder
                && note.cell_text(&row[0]).eq_ignore_ascii_case("status")
            {
                count(2, &note.cell_text(&row[1]));
            }
        }
    }
    let pick = |place: usize, default: Case| {
        let [lower, capitalised, upper] = counts[place];
        if lower + capitalised + upper == 0 {
            default
        } else if upper > lower.max(capitalised) {
            Case::Upper
        } else if capitalised > lower {
            Case::Capitalised
        } else {
            Case::Lower
        }
    };
    let default = StatusStyle::default();
    StatusStyle {
        frontmatter: pick(0, default.frontmatter),
        tag: pick(1, default.tag),
        table: pick(2, default.table),
    }
}

/// Whether two of `edits` overlap — share text, or one inserts inside the
/// other, or both insert at one place — in one pass over them
/// in order: an edit overlaps one before it exactly when it starts before the
/// furthest end so far, or has the same range as the one just before it.
fn any_overlap(edits: &[TextEdit]) -> bool {
    let mut ranges: Vec<&std::ops::Range<usize>> = edits.iter().map(|e| &e.range).collect();
    ranges.sort_unstable_by_key(|r| (r.start, r.end));
    let mut furthest: Option<usize> = None;
    ranges.windows(2).any(|w| w[0] == w[1])
        || ranges.iter().any(|r| {
            let hit = furthest.is_some_and(|end| end > r.start);
            furthest = Some(furthest.map_or(r.end, |end| end.max(r.end)));
            hit
        })
}

/// A unified diff of the changed lines with one line of context, numbered as
/// in the file (`@@ -5,3 +5,3 @@`), control characters made visible.
pub fn line_diff(before: &str, after: &str) -> String {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::configure()
        .timeout(super::write::DIFF_BUDGET)
        .diff_lines(before, after);
    let mut out = String::new();
    for group in diff.grouped_ops(1) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old = first.old_range().start..last.old_range().end;
        let new = first.new_range().start..last.new_range().end;
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            hunk_range(&old),
            hunk_range(&new)
        ));
        for op in &group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    ChangeTag::Equal => ' ',
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                };
                let line = change.value().trim_end_matches(['\n', '\r']);
                out.push_str(&format!("{sign}{}\n", crate::text::sanitize(line)));
            }
        }
    }
    out
}

/// A hunk's line range as unified diffs write it: `start,count`, 1-based.
fn hunk_range(r: &std::ops::Range<usize>) -> String {
    let start = if r.is_empty() { r.start } else { r.start + 1 };
    format!("{start},{}", r.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaps(a: &TextEdit, b: &TextEdit) -> bool {
        a.range.start < b.range.end && b.range.start < a.range.end || a.range == b.range
    }

    /// The one pass agrees with comparing every pair, on sets of edits of
    /// every kind (empty insertions, equal ranges, ranges inside others).
    #[test]
    fn any_overlap_is_what_comparing_every_pair_says() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        let (mut with, mut without) = (0, 0);
        for _ in 0..20_000 {
            let count = 1 + next(5);
            let edits: Vec<TextEdit> = (0..count)
                .map(|_| {
                    let start = next(12);
                    TextEdit::new(start..start + next(4), "x")
                })
                .collect();
            let pairwise = (edits.iter().enumerate())
                .any(|(i, e)| edits[i + 1..].iter().any(|f| overlaps(e, f)));
            assert_eq!(
                any_overlap(&edits),
                pairwise,
                "{:?}",
                edits.iter().map(|e| &e.range).collect::<Vec<_>>()
            );
            if pairwise { with += 1 } else { without += 1 }
        }
        assert!(with > 1000 && without > 1000, "{with} {without}");
    }

    #[test]
    fn diff_shows_only_changed_lines_with_context() {
        let d = line_diff("a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(d, "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
        let d = line_diff("a\nb\nc\n", "a\nc\n");
        assert_eq!(d, "@@ -1,3 +1,2 @@\n a\n-b\n c\n");
    }

    #[test]
    fn two_changes_far_apart_are_two_small_hunks() {
        let before: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        let after = before
            .replace("line 5\n", "line five\n")
            .replace("line 19\n", "line nineteen\n");
        let d = line_diff(&before, &after);
        assert_eq!(
            d,
            "@@ -4,3 +4,3 @@\n line 4\n-line 5\n+line five\n line 6\n\
             @@ -18,3 +18,3 @@\n line 18\n-line 19\n+line nineteen\n line 20\n"
        );
    }
}
