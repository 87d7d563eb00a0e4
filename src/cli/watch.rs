//! `acct watch [--json]`: the index's live updates as a stream of lines.

use std::io::Write;
use std::sync::mpsc;

use chrono::{Local, SecondsFormat};
use serde::Serialize;

use super::Failure;
use crate::config::Config;
use crate::index::Index;
use crate::index::change::{ChangeKind, NoteChange};
use crate::vault::Vault;
use crate::watch::{VaultWatcher, WatchEvent, WatchMode, WatchOptions};

/// What the loop waits for: the watcher, or a request to stop.
enum Input {
    Watch(WatchEvent),
    Quit,
}

/// One `--json` line.
#[derive(Serialize)]
struct ChangeLine<'a> {
    kind: ChangeKind,
    path: &'a str,
    account: Option<&'a str>,
    at: String,
}

/// Streams changes until Ctrl-C, SIGTERM or a closed stdout; all of them end it with 0.
pub fn run(vault: &Vault, config: &Config, json: bool) -> Result<u8, Failure> {
    let (tx, rx) = mpsc::channel();
    let quit = tx.clone();
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
    ])
    .map_err(|e| Failure {
        code: 1,
        message: format!("cannot handle signals: {e}"),
    })?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = quit.send(Input::Quit);
        }
    });
    // The watcher starts before the index is built, so nothing written meanwhile is missed.
    let watcher = VaultWatcher::start(&vault.root, WatchOptions::from_env(), move |e| {
        let _ = tx.send(Input::Watch(e));
    })
    .map_err(|e| Failure {
        code: 1,
        message: e.to_string(),
    })?;
    let mut index = Index::build(&vault.root, config);
    super::say(format!("watching {}", vault.root.display()));
    let mut out = Output {
        out: std::io::stdout().lock(),
        json,
    };
    let result = stream(&mut index, &rx, &mut out);
    drop(watcher);
    match result {
        Ok(()) => Ok(0),
        // A closed pipe (`acct watch | head -1`) ends the stream quietly.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(Failure {
            code: 1,
            message: format!("cannot write output: {e}"),
        }),
    }
}

fn stream(
    index: &mut Index,
    rx: &mpsc::Receiver<Input>,
    out: &mut Output<impl Write>,
) -> std::io::Result<()> {
    while let Ok(first) = rx.recv() {
        // Apply everything already queued as one batch: one refresh, however many arrived.
        let mut changes = Vec::new();
        let mut quit = false;
        for input in std::iter::once(first).chain(rx.try_iter()) {
            match input {
                Input::Quit => quit = true,
                Input::Watch(WatchEvent::Mode(WatchMode::Native)) => {}
                Input::Watch(WatchEvent::Mode(WatchMode::Polling(reason))) => {
                    out.notice("polling", &format!("watching by polling: {reason}"))?;
                }
                Input::Watch(WatchEvent::Mode(WatchMode::Lost(reason))) => {
                    out.notice("lost", &format!("not watching: {reason}"))?;
                }
                Input::Watch(WatchEvent::Error(message)) => super::say(message),
                Input::Watch(WatchEvent::Changes(batch)) => changes.extend(batch),
            }
        }
        if quit {
            break;
        }
        if changes.is_empty() {
            continue;
        }
        let applied = index.apply(changes);
        if let Some(reason) = &applied.rescanned {
            out.notice("rescan", &format!("re-read the whole vault: {reason}"))?;
        } else if applied.settings_changed {
            out.notice("settings", "re-read the vault's .obsidian settings")?;
        }
        for change in &applied.notes {
            out.change(change)?;
        }
    }
    Ok(())
}

struct Output<W: Write> {
    out: W,
    json: bool,
}

impl<W: Write> Output<W> {
    fn change(&mut self, change: &NoteChange) -> std::io::Result<()> {
        let now = Local::now();
        if self.json {
            let line = ChangeLine {
                kind: change.kind,
                path: &change.path,
                account: change.account.as_deref(),
                at: now.to_rfc3339_opts(SecondsFormat::Millis, false),
            };
            let text = serde_json::to_string(&line).expect("a change line serializes");
            writeln!(self.out, "{text}")?;
        } else {
            let account = change
                .account
                .as_ref()
                .map_or_else(String::new, |a| format!("  ({a})"));
            // As every text output (docs/cli.md, "Text output").
            let line = format!(
                "{}  {:<7}  {}{account}",
                now.format("%H:%M:%S"),
                change.kind.as_str(),
                change.path
            );
            writeln!(self.out, "{}", crate::text::printable(&line))?;
        }
        self.out.flush()
    }

    /// A line about the watcher itself: on stdout in the log, on stderr beside JSON.
    fn notice(&mut self, word: &str, message: &str) -> std::io::Result<()> {
        if self.json {
            super::say(message);
            return Ok(());
        }
        writeln!(
            self.out,
            "{}  {word:<7}  {}",
            Local::now().format("%H:%M:%S"),
            crate::text::printable(message)
        )?;
        self.out.flush()
    }
}
