//! Carrying out effects: the editor, Obsidian, and (later) writes.

use std::io::stdout;
use std::process::Command;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::EnableMouseCapture;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};

use super::app::{App, Effect};
use super::terminal::{InputGate, Term};
use crate::config::Config;
use crate::edit::writeback::{self, TriageEdit};
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
                reread(app, path);
                app.message = Some(format!("{done_message} · u undoes"));
                true
            }
            Err(e) => {
                if matches!(e, writeback::WriteBackError::Conflict { .. }) {
                    reread(app, path);
                }
                app.message = Some(e.to_string());
                false
            }
        }
    }

    fn undo(&mut self, app: &mut App) {
        let Some((what, undo)) = self.undo.pop() else {
            app.message = Some("nothing to undo".into());
            return;
        };
        let path = crate::vault::relative(&app.index.root, &undo.path).unwrap_or_default();
        match undo.undo() {
            Ok(()) => app.message = Some(format!("undone: {what}")),
            Err(e) => app.message = Some(format!("cannot undo \"{what}\": {e}")),
        }
        reread(app, &path);
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
        let (program, args) = crate::tui::editor::command(&editor, &file, line);
        // The input thread stops reading first, so the editor gets every key.
        gate.pause();
        super::terminal::restore_terminal();
        let status = Command::new(&program).args(&args).status();
        enable_raw_mode()?;
        execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)?;
        // A fresh terminal redraws everything (Terminal::clear would query the
        // cursor position, which some terminals never answer).
        *terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
        gate.resume();
        app.message = Some(match status {
            Ok(s) if s.success() => format!("back from {program}"),
            Ok(s) => format!("{program} exited with {s}"),
            Err(e) => format!(
                "cannot start the editor `{program}`: {e} (set $VISUAL, $EDITOR or `editor` in the config)"
            ),
        });
        // Re-read the note: the editor may have changed it.
        reread(app, path);
        Ok(())
    }
}

/// Reads a note this shell just wrote (or an editor may have changed) back into the index.
fn reread(app: &mut App, path: &str) {
    let update = crate::watch::read_note(&app.index.root, path, &app.index.settings.statuses);
    app.apply_changes(vec![update]);
}

fn open_obsidian(vault: &Vault, path: &str) -> String {
    let name = vault
        .root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let uri = format!(
        "obsidian://open?vault={}&file={}",
        encode(&name),
        encode(path.strip_suffix(".md").unwrap_or(path))
    );
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

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
