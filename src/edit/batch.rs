//! Writing one change set to several notes: each note once, with every change
//! to it at once; a note that cannot be written (it changed on disk, say) is
//! refused and named, the others are still written. Rules in docs/writing.md.

use crate::index::Index;

use super::writeback::{self, TriageEdit, WriteBackError, Written};

/// What a batch wrote and what it refused.
#[derive(Debug, Default)]
pub struct BatchOutcome {
    /// One per note written, in the order the notes first appear in the batch.
    pub written: Vec<Written>,
    /// One per note refused, nothing written to it.
    pub refused: Vec<WriteBackError>,
}

impl BatchOutcome {
    /// Exit code for the command line: 0, or the worst refusal's.
    pub fn exit_code(&self) -> u8 {
        self.refused
            .iter()
            .map(WriteBackError::exit_code)
            .max()
            .unwrap_or(0)
    }
}

/// Applies `changes` (note path, change), grouped by note: one write per note.
pub fn apply(index: &Index, changes: &[(String, TriageEdit)]) -> BatchOutcome {
    let mut out = BatchOutcome::default();
    for (path, list) in by_note(changes) {
        match writeback::apply_all(index, path, &list) {
            Ok(written) => out.written.push(written),
            Err(e) => out.refused.push(e),
        }
    }
    out
}

/// What [`apply`] would write, note by note (path, diff), with the same
/// checks and refusals, writing nothing.
pub fn preview(
    index: &Index,
    changes: &[(String, TriageEdit)],
) -> (Vec<(String, String)>, Vec<WriteBackError>) {
    let mut diffs = Vec::new();
    let mut refused = Vec::new();
    for (path, list) in by_note(changes) {
        match writeback::preview_all(index, path, &list) {
            Ok(diff) => diffs.push((path.to_string(), diff)),
            Err(e) => refused.push(e),
        }
    }
    (diffs, refused)
}

/// The changes grouped by note, notes in the order they first appear.
fn by_note(changes: &[(String, TriageEdit)]) -> Vec<(&str, Vec<TriageEdit>)> {
    let mut out: Vec<(&str, Vec<TriageEdit>)> = Vec::new();
    for (path, change) in changes {
        match out.iter_mut().find(|(p, _)| p == path) {
            Some((_, list)) => list.push(change.clone()),
            None => out.push((path, vec![change.clone()])),
        }
    }
    out
}
