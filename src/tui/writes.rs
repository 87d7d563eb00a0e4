//! Carrying out the effects that write notes (review, status, task actions)
//! and undo, without a terminal, so a whole session can be driven from tests.
//! Rules in docs/writing.md.

use super::app::{App, Effect};
use crate::edit::writeback::{self, TriageEdit};
use crate::index::change::Change;

/// The writes made in this session that `u` can take back, newest last; one
/// step may span several notes.
#[derive(Default)]
pub struct Writes {
    undo: Vec<(String, Vec<crate::edit::write::Undo>)>,
}

impl Writes {
    /// Carries out a write effect; any other effect is handed back.
    pub fn carry_out(&mut self, effect: Effect, app: &mut App) -> Result<(), Effect> {
        match effect {
            Effect::Review { path } => {
                let title = app
                    .index
                    .note(&path)
                    .map(|n| n.title.clone())
                    .unwrap_or_default();
                if self.write(app, &path, TriageEdit::Review, format!("reviewed {title}")) {
                    app.triage_advance();
                }
            }
            Effect::SetStatus { path, status } => {
                let title = app
                    .index
                    .note(&path)
                    .map(|n| n.title.clone())
                    .unwrap_or_default();
                self.write(
                    app,
                    &path,
                    TriageEdit::SetStatus(status.clone()),
                    format!("{title} is now {status}"),
                );
            }
            Effect::TaskStatus {
                targets,
                symbol,
                done,
                label,
            } => self.write_tasks(app, targets, symbol, done, &label),
            Effect::Undo => self.undo(app),
            other => return Err(other),
        }
        Ok(())
    }

    /// Writes a change to a note, reloads it, and says what happened.
    fn write(
        &mut self,
        app: &mut App,
        path: &str,
        change: TriageEdit,
        done_message: String,
    ) -> bool {
        match writeback::apply(&app.index, path, &change) {
            Ok(written) => {
                self.undo.push((done_message.clone(), vec![written.undo]));
                app.apply_changes(&[Change::Upsert(path.to_string())]);
                app.message = Some(format!("{done_message} · u undoes"));
                true
            }
            Err(e) => {
                if matches!(e, writeback::WriteBackError::Conflict { .. }) {
                    app.apply_changes(&[Change::Upsert(path.to_string())]);
                }
                app.message = Some(e.to_string());
                false
            }
        }
    }

    /// Writes the same task change to every task a row stands for, grouped by
    /// note, as one undo step; a refusal takes back the notes already written.
    fn write_tasks(
        &mut self,
        app: &mut App,
        targets: Vec<crate::model::dashboard::TaskRef>,
        symbol: char,
        done: bool,
        label: &str,
    ) {
        let done_on = done.then_some(app.today);
        let mut by_note: Vec<(String, Vec<TriageEdit>)> = Vec::new();
        for t in &targets {
            let change = TriageEdit::Task {
                line: t.line,
                source: t.source.clone(),
                symbol,
                done_on,
            };
            match by_note.iter_mut().find(|(p, _)| *p == t.path) {
                Some((_, changes)) => changes.push(change),
                None => by_note.push((t.path.clone(), vec![change])),
            }
        }
        let mut undos = Vec::new();
        let mut failure = None;
        for (path, changes) in &by_note {
            match writeback::apply_all(&app.index, path, changes) {
                Ok(written) => undos.push(written.undo),
                Err(e) => {
                    failure = Some(e.to_string());
                    break;
                }
            }
        }
        let touched: Vec<Change> = by_note
            .iter()
            .map(|(p, _)| Change::Upsert(p.clone()))
            .collect();
        let text: String = targets[0].source.chars().take(40).collect();
        let written = failure.is_none();
        let message = match failure {
            Some(why) => {
                for undo in undos.iter().rev() {
                    let _ = undo.undo();
                }
                why
            }
            None => {
                let whole = format!("{label}: {text}{}", where_written(&targets));
                self.undo.push((whole.clone(), undos));
                format!("{whole} · u undoes")
            }
        };
        app.apply_changes(&touched);
        app.settle_task_cursor(written);
        app.message = Some(message);
    }

    fn undo(&mut self, app: &mut App) {
        let Some((what, undos)) = self.undo.pop() else {
            app.message = Some("nothing to undo".into());
            return;
        };
        let mut failed = None;
        let mut changes = Vec::new();
        for undo in undos.iter().rev() {
            changes.push(Change::Upsert(
                crate::vault::relative(&app.index.root, &undo.path).unwrap_or_default(),
            ));
            if let Err(e) = undo.undo() {
                failed = Some(e);
            }
        }
        app.message = Some(match failed {
            None => format!("undone: {what}"),
            Some(e) => format!("cannot undo \"{what}\": {e}"),
        });
        app.apply_changes(&changes);
    }
}

/// ` (3 tasks: Customers/A/README.md, Customers/A/2026-01-02.md)` for a row
/// that stood for several tasks; empty for one.
fn where_written(targets: &[crate::model::dashboard::TaskRef]) -> String {
    if targets.len() < 2 {
        return String::new();
    }
    let mut paths: Vec<&str> = Vec::new();
    for t in targets {
        if !paths.contains(&t.path.as_str()) {
            paths.push(&t.path);
        }
    }
    format!(" ({} tasks: {})", targets.len(), paths.join(", "))
}
