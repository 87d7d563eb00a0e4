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
use crate::index::change::Change;
use crate::vault::Vault;

pub struct Shell<'a> {
    vault: &'a Vault,
    config: &'a Config,
    /// Writes that `u` can take back, newest last; one step may span notes.
    undo: Vec<(String, Vec<crate::edit::write::Undo>)>,
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
        app.settle_task_cursor();
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
                targets,
                symbol,
                done,
                label,
            } => self.write_tasks(app, targets, symbol, done, &label),
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
        app.apply_changes(&[Change::Upsert(path.to_string())]);
        Ok(())
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
