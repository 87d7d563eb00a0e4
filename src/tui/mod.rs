//! The terminal shell: sets up the terminal, runs the event loop, draws, and
//! carries out the effects that `App::update` asks for.

pub mod app;
pub mod keymap;
pub mod layout;
pub mod theme;
pub mod ui;
mod wrap;

use std::io::{Stdout, stdout};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use anyhow::Context;
use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event as TermEvent, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use crate::change::Change;
use crate::config::Config;
use crate::index::Index;
use crate::vault::Vault;
use crate::watch::{VaultWatcher, WatchEvent, WatchMode, WatchOptions};

use app::{App, Effect, LiveState};
use keymap::Keymap;
use theme::Theme;

/// Everything the loop reacts to, on one channel.
pub enum Event {
    Input(TermEvent),
    Indexed(Box<Index>),
    Watch(WatchEvent),
    /// Time to take the "updated" marks off the panes.
    ClearMarks,
    /// Notes read so far while the vault loads.
    Progress {
        read: usize,
        total: usize,
    },
    Terminate,
}

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Puts the terminal back as it was: also called from the panic hook.
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

fn init_terminal() -> anyhow::Result<Term> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    enable_raw_mode().context("cannot switch the terminal to raw mode")?;
    execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)
        .context("cannot enter the alternate screen")?;
    Terminal::new(CrosstermBackend::new(stdout())).context("cannot draw on this terminal")
}

/// Pauses the input thread while an editor owns the terminal.
#[derive(Clone, Default)]
struct InputGate(Arc<(Mutex<bool>, Condvar)>);

impl InputGate {
    fn set_paused(&self, paused: bool) {
        let (lock, cvar) = &*self.0;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = paused;
        cvar.notify_all();
    }

    fn wait_while_paused(&self) {
        let (lock, cvar) = &*self.0;
        let mut paused = lock.lock().unwrap_or_else(|e| e.into_inner());
        while *paused {
            paused = cvar.wait(paused).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// Reads terminal input on its own thread. It wakes twice a second to notice a
/// pause (an editor taking the terminal over), which costs no measurable CPU.
fn spawn_input(tx: Sender<Event>, gate: InputGate) {
    std::thread::spawn(move || {
        loop {
            gate.wait_while_paused();
            match event::poll(Duration::from_millis(500)) {
                Ok(true) => match event::read() {
                    Ok(ev) => {
                        if tx.send(Event::Input(ev)).is_err() {
                            return;
                        }
                    }
                    Err(_) => return,
                },
                Ok(false) => {}
                Err(_) => return,
            }
        }
    });
}

fn spawn_signals(tx: Sender<Event>) {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]) {
        std::thread::spawn(move || {
            if signals.forever().next().is_some() {
                let _ = tx.send(Event::Terminate);
            }
        });
    }
}

/// Runs the interactive dashboard until the person quits.
pub fn run(vault: Vault, config: Config, today: NaiveDate) -> anyhow::Result<()> {
    let keymap = Keymap::with_overrides(&config.keys)
        .map_err(|e| anyhow::anyhow!("config file: {}", e.0))?;
    let theme = Theme::pick(config.theme.as_deref(), theme::no_color_requested());
    let (tx, rx) = channel();
    // The watcher starts before the vault is read, so no save during the read is lost.
    let watcher = {
        let tx = tx.clone();
        VaultWatcher::start(&vault.root, WatchOptions::from_env(), move |e| {
            let _ = tx.send(Event::Watch(e));
        })
    };
    // The vault is read off the UI thread, so the first frame appears at once.
    let progress = Arc::new(crate::vault::Progress::default());
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    {
        let tx = tx.clone();
        let root = vault.root.clone();
        let config = config.clone();
        let (progress, done) = (progress.clone(), done.clone());
        std::thread::spawn(move || {
            let index = Index::build_counting(&root, &config, &progress);
            done.store(true, std::sync::atomic::Ordering::Relaxed);
            let _ = tx.send(Event::Indexed(Box::new(index)));
        });
    }
    // While a large vault loads, the title bar counts the notes read; this ticker
    // stops for good once the index is ready.
    {
        let tx = tx.clone();
        let (progress, done) = (progress.clone(), done.clone());
        std::thread::spawn(move || {
            use std::sync::atomic::Ordering::Relaxed;
            loop {
                std::thread::sleep(Duration::from_millis(100));
                if done.load(Relaxed) {
                    return;
                }
                let (read, total) = (progress.read.load(Relaxed), progress.total.load(Relaxed));
                if tx.send(Event::Progress { read, total }).is_err() {
                    return;
                }
            }
        });
    }
    let mut app = App::new(Index::default(), today, vault.display_name(), keymap);
    app.loading = Some("reading the vault…".into());
    match &watcher {
        Ok(_) => {}
        Err(e) => app.message = Some(format!("not watching the vault: {e}")),
    }
    let mut terminal = init_terminal()?;
    let gate = InputGate::default();
    spawn_input(tx.clone(), gate.clone());
    spawn_signals(tx.clone());
    let result = event_loop(
        &mut terminal,
        &mut app,
        &theme,
        (&tx, &rx),
        &gate,
        &vault,
        &config,
    );
    restore_terminal();
    drop(watcher);
    result
}

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    theme: &Theme,
    (tx, rx): (&Sender<Event>, &Receiver<Event>),
    gate: &InputGate,
    vault: &Vault,
    config: &Config,
) -> anyhow::Result<()> {
    let mut effects = shell::Shell::new(vault, config);
    // Changes seen before the first index is ready, applied to it when it arrives.
    let mut early: Vec<Change> = Vec::new();
    loop {
        app.screen = terminal
            .size()
            .map(|s| ratatui::layout::Rect::new(0, 0, s.width, s.height))
            .unwrap_or(app.screen);
        terminal.draw(|f| ui::draw(f, app, theme))?;
        // Block for the next event, then drain whatever else queued up: one draw per burst.
        let first = rx.recv().context("the event channel closed")?;
        let mut changes: Vec<Change> = Vec::new();
        for ev in std::iter::once(first).chain(rx.try_iter()) {
            let effect = match ev {
                Event::Terminate => return Ok(()),
                Event::Indexed(index) => {
                    app.index = *index;
                    app.loading = None;
                    changes.append(&mut early);
                    app.reload();
                    None
                }
                Event::Watch(WatchEvent::Changes(batch)) => {
                    if app.loading.is_some() {
                        early.extend(batch);
                    } else {
                        changes.extend(batch);
                    }
                    None
                }
                Event::Watch(WatchEvent::Mode(mode)) => {
                    app.live = match mode {
                        WatchMode::Native => LiveState::Live,
                        WatchMode::Polling(why) => LiveState::Polling(why),
                    };
                    None
                }
                Event::Watch(WatchEvent::Error(e)) => {
                    app.message = Some(format!("watcher: {e}"));
                    None
                }
                Event::ClearMarks => {
                    app.changed.clear();
                    None
                }
                Event::Progress { read, total } => {
                    if app.loading.is_some() {
                        app.loading = Some(if total == 0 {
                            "finding notes…".to_string()
                        } else {
                            format!("reading {read} of {total} notes…")
                        });
                    }
                    None
                }
                Event::Input(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => {
                    app.handle_key(key)
                }
                Event::Input(TermEvent::Mouse(m)) => {
                    app.handle_mouse(m);
                    None
                }
                Event::Input(_) => None,
            };
            match effect {
                Some(Effect::Quit) => return Ok(()),
                Some(effect) => effects.carry_out(effect, app, terminal, gate)?,
                None => {}
            }
        }
        // Every change of the burst is applied in one batch, then drawn once.
        if !changes.is_empty() && app.apply_changes(&changes) && !app.changed.is_empty() {
            let tx = tx.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(1500));
                let _ = tx.send(Event::ClearMarks);
            });
        }
    }
}

mod shell {
    //! Carrying out effects: the editor, Obsidian, and (later) writes.

    use std::process::Command;

    use super::*;
    use crate::change::Change;
    use crate::writeback::{self, TriageEdit};

    pub struct Shell<'a> {
        vault: &'a Vault,
        config: &'a Config,
        /// Writes that `u` can take back, newest last.
        undo: Vec<(String, crate::write::Undo)>,
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
            let Some((what, undo)) = self.undo.pop() else {
                app.message = Some("nothing to undo".into());
                return;
            };
            let path = crate::vault::relative(&app.index.root, &undo.path).unwrap_or_default();
            match undo.undo() {
                Ok(()) => app.message = Some(format!("undone: {what}")),
                Err(e) => app.message = Some(format!("cannot undo \"{what}\": {e}")),
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
                Effect::Edit { path, line } => self.edit(&path, line, app, terminal, gate)?,
                Effect::OpenObsidian { path } => {
                    app.message = Some(open_obsidian(self.vault, &path))
                }
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
            let editor = crate::editor::choose(self.config.editor.as_deref());
            let file = self.vault.root.join(path);
            let (program, args) = crate::editor::command(&editor, &file, line);
            gate.set_paused(true);
            // Let the input thread finish its current wait before the editor reads keys.
            std::thread::sleep(Duration::from_millis(550));
            super::restore_terminal();
            let status = Command::new(&program).args(&args).status();
            enable_raw_mode()?;
            execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)?;
            // A fresh terminal redraws everything (Terminal::clear would query the
            // cursor position, which some terminals never answer).
            *terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
            gate.set_paused(false);
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
}
