//! Carrying out effects: the editor, Obsidian, and (later) writes.

use std::process::Command;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::app::{App, Effect};
use super::terminal::{InputGate, Term, hand_off};
use crate::config::Config;
use crate::edit::writeback::{self, TriageEdit};
use crate::index::change::Change;
use crate::vault::Vault;

pub struct Shell<'a> {
    vault: &'a Vault,
    config: &'a Config,
    /// Writes that `u` can take back, newest last.
    undo: Vec<(String, crate::edit::write::Undo)>,
}

impl<'a> Shell<'a> {
    pub fn new(vault: &'a Vault, config: &'a Config) -> Self {
        Self {
            vault,
            config,
            undo: Vec::new(),
        }
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
                self.undo.push((done_message.clone(), written.undo));
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

    fn undo(&mut self, app: &mut App) {
        let Some((what, undo)) = self.undo.last() else {
            app.message = Some("nothing to undo".into());
            return;
        };
        let path = crate::vault::relative(&app.index.root, &undo.path).unwrap_or_default();
        // The entry stays until the undo succeeds (or a newer write replaces
        // it as the last one), so a failed undo can be tried again.
        match undo.undo() {
            Ok(()) => {
                app.message = Some(format!("undone: {what}"));
                self.undo.pop();
            }
            Err(e) => app.message = Some(format!("cannot undo \"{what}\" yet: {e}; u tries again")),
        }
        app.apply_changes(&[Change::Upsert(path)]);
    }

    pub fn carry_out(
        &mut self,
        effect: Effect,
        app: &mut App,
        terminal: &mut Term,
        gate: &InputGate,
    ) -> anyhow::Result<()> {
        match effect {
            Effect::Quit => {}
            Effect::Suspend => super::terminal::suspend(terminal, gate)?,
            Effect::Edit { path, line } => self.edit(&path, line, app, terminal, gate)?,
            Effect::OpenObsidian { path } => app.message = Some(open_obsidian(self.vault, &path)),
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
                path,
                line,
                source,
                symbol,
                done,
            } => {
                let verb = if done {
                    "done"
                } else if symbol == ' ' {
                    "accepted"
                } else {
                    "dismissed"
                };
                let done_on = done.then_some(app.today);
                let text: String = source.chars().take(40).collect();
                self.write(
                    app,
                    &path,
                    TriageEdit::Task {
                        line,
                        source,
                        symbol,
                        done_on,
                    },
                    format!("{verb}: {text}"),
                );
            }
            Effect::Undo => self.undo(app),
        }
        Ok(())
    }

    fn edit(
        &mut self,
        path: &str,
        line: usize,
        app: &mut App,
        terminal: &mut Term,
        gate: &InputGate,
    ) -> anyhow::Result<()> {
        let editor = crate::tui::editor::choose(self.config.editor.as_deref());
        let file = self.vault.root.join(path);
        let (program, args) = match crate::tui::editor::command(&editor, &file, line) {
            Ok(command) => command,
            Err(e) => {
                app.message = Some(e.to_string());
                return Ok(());
            }
        };
        let status = hand_off(terminal, gate, || {
            Command::new(&program).args(&args).status()
        })?;
        app.message = Some(match status {
            Ok(s) if s.success() => format!("back from {program}"),
            Ok(s) => format!("{program} exited with {s}"),
            Err(e) => format!(
                "cannot start the editor `{program}`: {e} (set $VISUAL, $EDITOR or `editor` in the config)"
            ),
        });
        // Re-read the note: the editor may have changed it.
        app.apply_changes(&[Change::Upsert(path.to_string())]);
        Ok(())
    }
}

fn open_obsidian(vault: &Vault, path: &str) -> String {
    let name = vault
        .root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let uri = obsidian_uri(&name, path);
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    match Command::new(opener)
        .arg(&uri)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(_) => format!("opened {path} in Obsidian"),
        Err(_) => format!("no system opener ({opener}) to open {uri}"),
    }
}

/// Everything but letters, digits and `-_.~/` is percent-encoded in the URI's
/// query values (`/` separates the folders of the note's path, as Obsidian expects).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// The `obsidian://open` URI of a note in a vault, the note named by its path
/// without `.md`.
fn obsidian_uri(vault_name: &str, path: &str) -> String {
    format!(
        "obsidian://open?vault={}&file={}",
        utf8_percent_encode(vault_name, QUERY_VALUE),
        utf8_percent_encode(path.strip_suffix(".md").unwrap_or(path), QUERY_VALUE)
    )
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::index::Index;
    use crate::tui::keymap::Keymap;

    #[test]
    fn the_obsidian_uri_encodes_spaces_hashes_ampersands_and_non_ascii() {
        assert_eq!(
            obsidian_uri("Work Vault", "Customers/Café & Co #1.md"),
            "obsidian://open?vault=Work%20Vault&file=Customers/Caf%C3%A9%20%26%20Co%20%231"
        );
        assert_eq!(
            obsidian_uri("v", "Kunden/Müller+Söhne?.md"),
            "obsidian://open?vault=v&file=Kunden/M%C3%BCller%2BS%C3%B6hne%3F"
        );
    }

    const NOTE: &str = "---\ntype: customer\ntags: [needs-review]\n---\n# Acme\n";

    #[test]
    fn a_failed_undo_keeps_its_entry_for_another_try() {
        let dir = tempfile::tempdir().unwrap();
        let note = dir.path().join("Acme.md");
        fs::write(&note, NOTE).unwrap();
        let config = Config::default();
        let vault = Vault::resolve(Some(dir.path()), &config).unwrap();
        let index = Index::build(dir.path(), &config);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let mut app = App::new(index, today, "test".into(), Keymap::default());
        let mut shell = Shell::new(&vault, &config);
        assert!(shell.write(
            &mut app,
            "Acme.md",
            TriageEdit::Review,
            "reviewed Acme".into()
        ));
        assert!(!fs::read_to_string(&note).unwrap().contains("needs-review"));

        // The undo cannot be written now (the note was made read-only) …
        fs::set_permissions(&note, fs::Permissions::from_mode(0o444)).unwrap();
        shell.undo(&mut app);
        let message = app.message.clone().unwrap();
        assert!(message.contains("read-only"), "{message}");
        assert_eq!(shell.undo.len(), 1, "the entry is kept");
        // … and succeeds once it can.
        fs::set_permissions(&note, fs::Permissions::from_mode(0o644)).unwrap();
        shell.undo(&mut app);
        assert_eq!(fs::read_to_string(&note).unwrap(), NOTE);
        assert!(shell.undo.is_empty());
        shell.undo(&mut app);
        assert_eq!(app.message.as_deref(), Some("nothing to undo"));
    }
}
