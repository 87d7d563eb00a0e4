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

/// Notes written at the same time: most of a note's write is waiting for the
/// disk (`fsync`), and the waits of different notes overlap.
const WRITERS: usize = 8;

/// Applies `changes` (note path, change), grouped by note: one write per note,
/// several notes at a time.
pub fn apply(index: &Index, changes: &[(String, TriageEdit)]) -> BatchOutcome {
    let notes = by_note(changes);
    let per_thread = notes.len().div_ceil(WRITERS).max(1);
    let results: Vec<Result<Written, WriteBackError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = notes
            .chunks(per_thread)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|(path, list)| writeback::apply_all(index, path, list))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a note's write does not panic"))
            .collect()
    });
    let mut out = BatchOutcome::default();
    for result in results {
        match result {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    const A: &str = "---\ntype: customer\n---\n# A\n\n- [?] Send the deck @Mara #task\n";
    const B: &str = "---\ntype: customer\n---\n# B\n\n- [?] Book the call @Ines #task\n";

    fn task(path: &str, source: &str) -> (String, TriageEdit) {
        (
            path.to_string(),
            TriageEdit::Task {
                line: 6,
                source: source.to_string(),
                symbol: 'R',
                done_on: None,
            },
        )
    }

    #[test]
    fn a_note_changed_on_disk_is_refused_and_named_and_the_others_are_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("A.md"), A).unwrap();
        std::fs::write(dir.path().join("B.md"), B).unwrap();
        let index = Index::build(dir.path(), &Config::default());
        let changed = format!("{B}- [ ] typed elsewhere\n");
        std::fs::write(dir.path().join("B.md"), &changed).unwrap();
        let changes = [
            task("A.md", "Send the deck @Mara #task"),
            task("B.md", "Book the call @Ines #task"),
        ];
        let (diffs, refused) = preview(&index, &changes);
        assert_eq!(diffs.len(), 1);
        assert_eq!(refused.len(), 1);
        assert_eq!(std::fs::read_to_string(dir.path().join("A.md")).unwrap(), A);
        let outcome = apply(&index, &changes);
        assert_eq!(outcome.written.len(), 1);
        assert_eq!(outcome.exit_code(), 3);
        assert!(outcome.refused[0].to_string().contains("B.md"));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("A.md")).unwrap(),
            A.replace("[?]", "[R]")
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("B.md")).unwrap(),
            changed
        );
    }
}
