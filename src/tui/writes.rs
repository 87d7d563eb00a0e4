//! Carrying out the effects that write notes (review, status, task actions)
//! and undo, without a terminal, so a whole session can be driven from tests.
//! Rules in docs/writing.md.

use super::app::{App, Effect};
use crate::edit::writeback::{self, TriageEdit};

/// The writes made in this session that `u` can take back, newest last; one
/// step may span several notes.
#[derive(Default)]
pub struct Writes {
    pub(super) undo: Vec<(String, Vec<crate::edit::write::Undo>)>,
    /// The config's `review_key`: the frontmatter field a review dates.
    review_key: Option<String>,
}

impl Writes {
    /// Writes that date each review in the frontmatter field `review_key`, when given.
    pub fn new(review_key: Option<String>) -> Self {
        Self {
            undo: Vec::new(),
            review_key,
        }
    }

    /// Carries out a write effect; any other effect is handed back.
    pub fn carry_out(&mut self, effect: Effect, app: &mut App) -> Result<(), Effect> {
        match effect {
            Effect::Review { path } => {
                let title = app
                    .index
                    .note(&path)
                    .map(|n| n.title.clone())
                    .unwrap_or_default();
                // A review records a review point; a flagged account also loses its tag.
                let flagged = app
                    .index
                    .note(&path)
                    .is_some_and(crate::note::Note::needs_review);
                let changes =
                    writeback::review_changes(flagged, self.review_key.as_deref(), app.today);
                if !changes.is_empty()
                    && !self.write_all(app, &path, &changes, format!("reviewed {title}"))
                {
                    return Ok(());
                }
                match app.record_review(&path) {
                    Ok(()) if !flagged => {
                        app.message =
                            Some(format!("reviewed {title}: changes now count from here"));
                    }
                    Ok(()) => {}
                    Err(e) => app.message = Some(e),
                }
                if flagged {
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
            Effect::TaskBatch { edits, label } => self.write_batch(app, &edits, &label),
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
        self.write_all(app, path, std::slice::from_ref(&change), done_message)
    }

    /// Writes changes to one note at once, as one undo step.
    fn write_all(
        &mut self,
        app: &mut App,
        path: &str,
        changes: &[TriageEdit],
        done_message: String,
    ) -> bool {
        match writeback::apply_all(&app.index, path, changes) {
            Ok(written) => {
                self.undo.push((done_message.clone(), vec![written.undo]));
                reread(app, [path.to_string()]);
                app.message = Some(format!("{done_message} · u undoes"));
                true
            }
            Err(e) => {
                if matches!(e, writeback::WriteBackError::Conflict { .. }) {
                    reread(app, [path.to_string()]);
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
        let mut next_occurrences = 0;
        for (path, changes) in &by_note {
            match writeback::apply_all(&app.index, path, changes) {
                Ok(written) => {
                    next_occurrences += written.next_occurrences.len();
                    undos.push(written.undo);
                }
                Err(e) => {
                    failure = Some(e.to_string());
                    break;
                }
            }
        }
        let touched: Vec<String> = by_note.iter().map(|(p, _)| p.clone()).collect();
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
                let whole = with_next_occurrences(whole, next_occurrences);
                self.undo.push((whole.clone(), undos));
                format!("{whole} · u undoes")
            }
        };
        reread(app, touched);
        app.settle_task_cursor(written);
        app.message = Some(message);
    }

    fn undo(&mut self, app: &mut App) {
        let Some((what, undos)) = self.undo.pop() else {
            app.message = Some("nothing to undo".into());
            return;
        };
        let mut failed = None;
        let mut left = Vec::new();
        let mut changes = Vec::new();
        for undo in undos.into_iter().rev() {
            changes.push(crate::vault::relative(&app.index.root, &undo.path).unwrap_or_default());
            if let Err(e) = undo.undo() {
                failed = Some(e);
                left.push(undo);
            }
        }
        app.message = Some(match failed {
            None => format!("undone: {what}"),
            Some(e) => {
                // What could not be undone stays the last step, so `u` can try
                // again once the cause is gone (docs/writing.md).
                left.reverse();
                self.undo.push((what.clone(), left));
                format!("cannot undo \"{what}\" yet: {e}; u tries again")
            }
        });
        reread(app, changes);
    }
}

/// Reads notes acct just wrote (or put back) into the index at once, so the
/// screen shows the change before the watcher reports it.
pub(super) fn reread(app: &mut App, paths: impl IntoIterator<Item = String>) {
    let updates: Vec<_> = paths
        .into_iter()
        .map(|p| crate::watch::read_note(&app.index.root, &p, &app.index.settings.statuses))
        .collect();
    app.apply_changes(updates);
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

/// What a write says, with the next occurrences of recurring tasks it wrote
/// (docs/writing.md, "Recurring tasks").
pub(super) fn with_next_occurrences(said: String, next_occurrences: usize) -> String {
    match next_occurrences {
        0 => said,
        1 => format!("{said} · its next occurrence written"),
        n => format!("{said} · {n} next occurrences written"),
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::config::Config;
    use crate::index::Index;
    use crate::tui::keymap::Keymap;

    const NOTE: &str = "---\ntype: customer\ntags: [needs-review]\n---\n# Acme\n";

    #[test]
    fn a_failed_undo_keeps_its_entry_for_another_try() {
        let dir = tempfile::tempdir().unwrap();
        let note = dir.path().join("Acme.md");
        fs::write(&note, NOTE).unwrap();
        let index = Index::build(dir.path(), &Config::default());
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let mut app = App::new(index, today, "test".into(), Keymap::default());
        let mut writes = Writes::default();
        assert!(writes.write(
            &mut app,
            "Acme.md",
            TriageEdit::Review,
            "reviewed Acme".into()
        ));
        assert!(!fs::read_to_string(&note).unwrap().contains("needs-review"));

        // The undo cannot be written now (the note was made read-only) …
        fs::set_permissions(&note, fs::Permissions::from_mode(0o444)).unwrap();
        writes.undo(&mut app);
        let message = app.message.clone().unwrap();
        assert!(message.contains("read-only"), "{message}");
        assert_eq!(writes.undo.len(), 1, "the entry is kept");
        // … and succeeds once it can.
        fs::set_permissions(&note, fs::Permissions::from_mode(0o644)).unwrap();
        writes.undo(&mut app);
        assert_eq!(fs::read_to_string(&note).unwrap(), NOTE);
        assert!(writes.undo.is_empty());
        writes.undo(&mut app);
        assert_eq!(app.message.as_deref(), Some("nothing to undo"));
    }
}
