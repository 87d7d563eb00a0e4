//! Carrying out effects: the editor, Obsidian, and writes (through [`Writes`]).

use std::process::Command;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::app::{App, Effect};
use super::terminal::{InputGate, Term, hand_off};
use super::writes::Writes;
use crate::config::Config;
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
            writes: Writes::new(config.review_key.clone()),
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
            Effect::Suspend => super::terminal::suspend(terminal, gate)?,
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
        reread(app, path);
        Ok(())
    }
}

/// Reads a note this shell just wrote (or an editor may have changed) back into the index.
fn reread(app: &mut App, path: &str) {
    super::writes::reread(app, [path.to_string()]);
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
    use super::*;

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
}
