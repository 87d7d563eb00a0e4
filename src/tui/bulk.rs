//! Carrying out a bulk task action from the tasks view: each note written
//! once, the whole action one undo step; a note that changed on disk is
//! refused and named while the others are written. Rules in docs/tasks.md.

use super::app::App;
use super::writes::Writes;
use crate::edit::batch;
use crate::edit::writeback::TriageEdit;

impl Writes {
    pub(super) fn write_batch(
        &mut self,
        app: &mut App,
        edits: &[(String, TriageEdit)],
        label: &str,
    ) {
        let outcome = batch::apply(&app.index, edits);
        let notes = outcome.written.len();
        let mut touched: Vec<String> = outcome.written.iter().map(|w| w.path.clone()).collect();
        let written_tasks = edits
            .iter()
            .filter(|(p, _)| outcome.written.iter().any(|w| &w.path == p))
            .count();
        let refused: Vec<String> = outcome.refused.iter().map(|e| e.to_string()).collect();
        // A refused note is re-read, so the view shows what is on disk now.
        for e in &outcome.refused {
            if let crate::edit::writeback::WriteBackError::Conflict { path } = e {
                touched.push(path.clone());
            }
        }
        let in_notes = if notes == 1 {
            "1 note".to_string()
        } else {
            format!("{notes} notes")
        };
        let done = if written_tasks == edits.len() {
            format!("{label} in {in_notes}")
        } else {
            format!("{label}: {written_tasks} written in {in_notes}")
        };
        let next = outcome
            .written
            .iter()
            .map(|w| w.next_occurrences.len())
            .sum();
        let done = super::writes::with_next_occurrences(done, next);
        if notes > 0 {
            let undos = outcome.written.into_iter().map(|w| w.undo).collect();
            self.undo.push((done.clone(), undos));
        }
        super::writes::reread(app, touched);
        app.message = Some(match (notes, refused.is_empty()) {
            (_, true) => format!("{done} · u undoes"),
            (0, false) => refused.join("; "),
            (_, false) => format!("{done} · u undoes; {}", refused.join("; ")),
        });
    }
}
