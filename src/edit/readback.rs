//! The read-back check: before a triage write, the new text is read the way
//! every start reads it, and the write is refused unless it reads as the change
//! meant and as nothing more (docs/writing.md, "Read back before writing").

use crate::note::Note;
use crate::note::task::StatusType;

use super::writeback::TriageEdit;

/// Why `after` does not read as `before` with `changes` made and the next
/// occurrences whose texts are `added` (recurring tasks done) put in, in words
/// for a person; `None` when it does.
pub(super) fn mismatch(
    before: &Note,
    after: &Note,
    changes: &[TriageEdit],
    added: &[String],
) -> Option<String> {
    let reviewing = changes.iter().any(|c| matches!(c, TriageEdit::Review));
    let status = changes.iter().find_map(|c| match c {
        TriageEdit::SetStatus(s) => Some(s.as_str()),
        _ => None,
    });
    let has_frontmatter = |n: &Note| !n.fields.is_empty();
    if has_frontmatter(before) && !has_frontmatter(after) {
        return Some("its frontmatter would no longer be read".into());
    }
    if let Some((key, _)) = before
        .fields
        .iter()
        .find(|(k, _)| after.fields.get(k).is_none())
    {
        return Some(format!("its frontmatter would lose the key {key}"));
    }
    // The tags, but for those the changes mean to change.
    let kept = |n: &Note| -> Vec<String> {
        (n.tags.iter())
            .map(|t| t.to_lowercase())
            .filter(|t| !(reviewing && t == "needs-review"))
            .filter(|t| !(status.is_some() && t.starts_with("status/")))
            .collect()
    };
    if kept(before) != kept(after) {
        return Some("other tags would change".into());
    }
    // A heading may carry the tag a review or a status change takes out.
    let tags_change = reviewing || status.is_some();
    let headings = |n: &Note| -> Vec<(u8, String)> {
        // Text before the first heading is a section only while it holds
        // something: a review may empty it.
        (n.sections.iter().filter(|s| s.level > 0))
            .map(|s| match tags_change {
                true => (s.level, String::new()),
                false => (s.level, n.section_key(s)),
            })
            .collect()
    };
    if headings(before) != headings(after) {
        return Some("its headings would change".into());
    }
    let targets = |n: &Note| -> Vec<String> { n.links.iter().map(|l| l.target.clone()).collect() };
    if targets(before) != targets(after) {
        return Some("its links would change".into());
    }
    if let Some(why) = tasks_mismatch(before, after, changes, added) {
        return Some(why);
    }
    for change in changes {
        match change {
            TriageEdit::Review if after.needs_review() => {
                return Some("it would still be flagged needs-review".into());
            }
            TriageEdit::SetStatus(s) => {
                if after
                    .field_text("status")
                    .is_some_and(|v| !v.eq_ignore_ascii_case(s))
                {
                    return Some(format!("its status would not read {s}"));
                }
                let tag = format!("status/{s}");
                let other = (after.tags.iter())
                    .find(|t| t.len() > 7 && t[..7].eq_ignore_ascii_case("status/"))
                    .filter(|t| !t.eq_ignore_ascii_case(&tag));
                if let Some(other) = other {
                    return Some(format!("it would still carry the tag #{other}"));
                }
            }
            TriageEdit::MarkReviewed { key, on } if after.field_date(key) != Some(*on) => {
                return Some(format!("its {key} would not read {on}"));
            }
            _ => {}
        }
    }
    None
}

/// Why the tasks of `after` are not those of `before` with the task changes
/// made and the `added` next occurrences put in: the same tasks in the same
/// order, each changed task with its new status and every other one as it was.
fn tasks_mismatch(
    before: &Note,
    after: &Note,
    changes: &[TriageEdit],
    added: &[String],
) -> Option<String> {
    if before.tasks.len() + added.len() != after.tasks.len() {
        return Some("its tasks would change".into());
    }
    let mut rest: Vec<&crate::note::Task> = after.tasks.iter().collect();
    for next in added {
        let found = (rest.iter())
            .position(|t| t.source.trim() == next.trim() && t.status != StatusType::Done);
        match found {
            Some(i) => rest.remove(i),
            None => {
                return Some("a recurring task's next occurrence would not read as a task".into());
            }
        };
    }
    // A review or a status change may take a tag out of a task's text; only
    // task changes leave every other task's text exactly as it was.
    let only_tasks = changes.iter().all(|c| matches!(c, TriageEdit::Task { .. }));
    for (old, new) in before.tasks.iter().zip(rest) {
        let change = changes.iter().find_map(|c| match c {
            TriageEdit::Task {
                line,
                source,
                symbol,
                ..
            } if *line == old.line && **source == *old.source => Some(*symbol),
            _ => None,
        });
        match change {
            Some(symbol) if new.symbol != symbol => {
                return Some(format!(
                    "the task on line {} would not read [{symbol}]",
                    old.line
                ));
            }
            Some(_) => {}
            None if new.symbol != old.symbol || (only_tasks && new.source != old.source) => {
                return Some(format!("the task on line {} would change too", old.line));
            }
            None => {}
        }
    }
    None
}
