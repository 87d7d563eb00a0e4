//! Changing a note on disk for triage: computes a surgical edit on the bytes the
//! index read, refuses when the file changed since, writes atomically and keeps
//! what is needed to undo it.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::edit::write::{self, Undo, WriteError};
use crate::edit::{self, EditError, TextEdit};
use crate::index::Index;

/// A triage change to one note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TriageEdit {
    /// Remove the `needs-review` tag.
    Review,
    /// Set the status (frontmatter, `status/*` tag and table row, where each exists).
    SetStatus(String),
    /// Change a task's status character; `done_on` appends `✅ date`.
    Task {
        line: usize,
        source: String,
        symbol: char,
        done_on: Option<NaiveDate>,
    },
}

/// A write that was made.
#[derive(Debug)]
pub struct Written {
    pub path: String,
    pub undo: Undo,
    /// The changed lines as `- old` / `+ new`.
    pub diff: String,
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
    let note = index
        .note(path)
        .ok_or_else(|| WriteBackError::Unknown(path.to_string()))?;
    let file: PathBuf = index.root.join(path);
    let before = std::fs::read(&file).map_err(|source| WriteError::Io {
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
    let edits: Vec<TextEdit> = match change {
        TriageEdit::Review => edit::remove_tag(text, "needs-review"),
        TriageEdit::SetStatus(status) => edit::set_status(text, status),
        TriageEdit::Task {
            line,
            source,
            symbol,
            done_on,
        } => edit::set_task_status(text, *line, source, *symbol, *done_on),
    }
    .map_err(|source| WriteBackError::Edit {
        path: path.to_string(),
        source,
    })?;
    let after = edit::apply(text, &edits);
    let undo = write::write_with_undo(&file, &before, after.as_bytes())?;
    Ok(Written {
        path: path.to_string(),
        diff: line_diff(text, &after),
        undo,
    })
}

/// The lines that differ between two texts, as a small diff.
pub fn line_diff(before: &str, after: &str) -> String {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut out = String::new();
    for (i, line) in a[prefix..a.len() - suffix].iter().enumerate() {
        out.push_str(&format!(
            "{:>5} - {}\n",
            prefix + i + 1,
            crate::text::sanitize(line)
        ));
    }
    for (i, line) in b[prefix..b.len() - suffix].iter().enumerate() {
        out.push_str(&format!(
            "{:>5} + {}\n",
            prefix + i + 1,
            crate::text::sanitize(line)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_shows_only_changed_lines() {
        let d = line_diff("a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(d, "    2 - b\n    2 + B\n");
        let d = line_diff("a\nb\nc\n", "a\nc\n");
        assert_eq!(d, "    2 - b\n");
    }
}
