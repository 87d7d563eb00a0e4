//! Carrying out effects: the editor, Obsidian, and writes (through [`Writes`]).

use std::io::stdout;
use std::process::Command;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::EnableMouseCapture;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};

use super::app::{App, Effect};
use super::terminal::{InputGate, Term};
use super::writes::Writes;
use crate::config::Config;
use crate::index::change::Change;
use crate::vault::Vault;

pub struct Shell<'a> {
    vault: &'a Vault,
    config: &'a Config,
    writes: Writes,
}

impl<'a> Shell<'a> {
    pub fn new(vault: &'a Vault, config: &'a Config) -> Self {
        Self {
            vault,
            config,
            writes: Writes::default(),
        }
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
            // Every other effect is a write, which `Writes` carries out.
            effect => {
                let _ = self.writes.carry_out(effect, app);
            }
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
