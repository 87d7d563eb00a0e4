//! The terminal shell: sets up the terminal, runs the event loop, draws, and
//! carries out the effects that `App::update` asks for.

pub mod app;
mod bulk;
pub mod editor;
pub mod keymap;
pub mod view;

mod shell;
mod terminal;
pub mod writes;

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use anyhow::Context;
use chrono::NaiveDate;
use ratatui::crossterm::event::{Event as TermEvent, KeyEventKind};

use crate::config::Config;
use crate::index::Index;
use crate::index::change::Update;
use crate::vault::Vault;
use crate::watch::{VaultWatcher, WatchEvent, WatchMode, WatchOptions};

use app::{App, Effect, LiveState};
use keymap::Keymap;
use terminal::{InputGate, Term, init_terminal, spawn_input, spawn_signals};
use view::theme::Theme;

pub use terminal::restore_terminal;

/// A frame that takes longer to draw than this is logged (60 frames a second).
const SLOW_FRAME: Duration = Duration::from_millis(16);

/// Everything the loop reacts to, on one channel.
pub enum Event {
    Input(TermEvent),
    /// Every account's row kept by the previous start, shown until the index is built.
    Kept(Vec<crate::model::dashboard::AccountSummary>),
    /// The index and every account's row: the dashboard can be drawn.
    Indexed(
        Arc<crate::index::Index>,
        Vec<crate::model::dashboard::AccountSummary>,
    ),
    /// The vault's lists, computed from that index (which the loading thread
    /// no longer holds).
    Lists(Box<app::Lists>),
    Watch(WatchEvent),
    /// The vault could not be watched (why).
    NotWatching(String),
    /// Time to take the "updated" marks off the panes.
    ClearMarks,
    /// Notes read so far while the vault loads.
    Progress {
        read: usize,
        total: usize,
    },
    Terminate,
    /// SIGTSTP from outside: suspend as Ctrl-Z does.
    Suspend,
    /// SIGCONT: repaint the whole screen.
    Redraw,
}

/// Runs the interactive dashboard until the person quits.
pub fn run(vault: Vault, config: Config, today: NaiveDate) -> anyhow::Result<()> {
    let keymap = Keymap::with_overrides(&config.keys)
        .map_err(|e| anyhow::anyhow!("config file: {}", e.0))?;
    let theme = Theme::pick(config.theme.as_deref(), view::theme::no_color_requested());
    let (tx, rx) = channel();
    // The first frame is drawn at once: watching the vault (which visits every
    // folder) and reading it happen on another thread. The watcher starts before
    // the vault is read, so no save during the read is lost.
    let progress = Arc::new(crate::vault::Progress::default());
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let keeping = Keeping::default();
    let (watcher_tx, watcher_rx) = channel::<VaultWatcher>();
    {
        let tx = tx.clone();
        let root = vault.root.clone();
        let config = config.clone();
        let (progress, done, keeping) = (progress.clone(), done.clone(), keeping.clone());
        std::thread::spawn(move || {
            // The parse cache is read on a thread of its own while the watch is
            // set up and the vault surveyed: the index is built from it after
            // (docs/performance.md, "Starting").
            let mode = crate::vault::CacheMode::from_config(&config);
            let preload = crate::model::listing::preload_cache(&root, &mode);
            let events = tx.clone();
            let watching = std::time::Instant::now();
            match VaultWatcher::start(&root, WatchOptions::from_env(), move |e| {
                let _ = events.send(Event::Watch(e));
            }) {
                Ok(watcher) => {
                    let _ = watcher_tx.send(watcher);
                }
                Err(e) => {
                    let _ = tx.send(Event::NotWatching(e.to_string()));
                }
            }
            // Where start-up time goes (docs/performance.md), at `ACCT_LOG=debug`.
            tracing::debug!(ms = watching.elapsed().as_secs_f64() * 1e3, "watch set up");
            // The account list kept by the previous start, when nothing it was
            // computed from changed (or brought up to date, when notes were only
            // edited in place), is shown while the index is built
            // (docs/performance.md, "Kept results", "Rows after changes").
            let start = crate::model::listing::Start::new(&root, &config, today, &mode)
                .with_preload(preload);
            let kept = start.kept_rows();
            let was_kept = kept.is_some();
            let early = (kept.clone())
                .or_else(|| start.updated_rows(&config, today).map(|(rows, ..)| rows));
            if let Some(rows) = early {
                let _ = tx.send(Event::Kept(rows));
            }
            let (index, mut writes) = start.build_index(&config, &progress);
            done.store(true, std::sync::atomic::Ordering::Relaxed);
            // Every account's row (the kept ones are taken as they are), kept
            // for the next start unless it was the kept one; then the index is
            // handed over, so the selected account's dashboard is drawn while
            // the lists of the whole vault (tasks, query problems, what is new
            // since review) are computed here from the same index, not on the
            // loop's thread (docs/performance.md, "Starting").
            let rows = app::rows_of(&index, today, kept);
            if !was_kept {
                writes.keep_rows(&rows);
            }
            // Marked before the index is handed over: a quit from then on waits
            // for the caches to be written whole — they come first, then the
            // lists, which a quit does not wait for.
            let writing = keeping.start();
            let index = Arc::new(index);
            let _ = tx.send(Event::Indexed(Arc::clone(&index), rows));
            // What each row was computed from, kept with the rows.
            if !was_kept {
                writes.keep_sources(&index);
            }
            writes.write();
            drop(writing);
            let lists = app::Lists::compute(&index, &config, today);
            // Let go before the lists are sent: the loop applies the changes it
            // held back to an index it alone holds.
            drop(index);
            let _ = tx.send(Event::Lists(Box::new(lists)));
            // What the reading threads freed goes back to the system now: they
            // stay idle while the dashboard runs (src/memory.rs).
            crate::memory::release_freed();
            // Temporary files of acct writes killed half way (docs/writing.md).
            crate::edit::write::remove_stale_temp_files(&root);
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
    app.inbox_settings = crate::model::inbox::InboxSettings::from_config(&config);
    app.loading = Some("reading the vault…".into());
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
    // Caches being written when the person quits are finished first: a list
    // kept without its sources would make the next start read the whole vault.
    keeping.wait(KEEPING_WAIT);
    // The process ends next: freeing a large vault's index and taking down the
    // watch of every folder one by one made quitting take seconds at 50,000
    // accounts; the system reclaims both at once (docs/performance.md).
    std::mem::forget(app);
    std::mem::forget(watcher_rx.try_recv());
    result
}

/// How long quitting waits for caches being written (a 50,000-account vault's
/// take well under a second).
const KEEPING_WAIT: Duration = Duration::from_secs(10);

/// Whether the loader thread is writing the caches of this start (the parse
/// cache, the kept list and its sources), so quitting can wait for them.
#[derive(Clone, Default)]
struct Keeping(Arc<(std::sync::Mutex<bool>, std::sync::Condvar)>);

/// Writes under way until dropped (a panic while writing ends them too).
struct Writing<'a>(&'a Keeping);

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        *self.0.0.0.lock().unwrap_or_else(|e| e.into_inner()) = false;
        self.0.0.1.notify_all();
    }
}

impl Keeping {
    fn start(&self) -> Writing<'_> {
        *self.0.0.lock().unwrap_or_else(|e| e.into_inner()) = true;
        Writing(self)
    }

    /// Waits, at most `limit`, until no write is under way.
    fn wait(&self, limit: Duration) {
        let (lock, done) = &*self.0;
        let writing = lock.lock().unwrap_or_else(|e| e.into_inner());
        let _ = done.wait_timeout_while(writing, limit, |writing| *writing);
    }
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
    let mut early: Vec<Update> = Vec::new();
    loop {
        let mut drawn = app::Drawn::default();
        let started = std::time::Instant::now();
        terminal.draw(|f| drawn = view::draw(f, app, theme))?;
        if started.elapsed() > SLOW_FRAME {
            tracing::info!("slow frame: drawing took {:?}", started.elapsed());
        }
        app.drawn = drawn;
        // Block for the next event, then drain whatever else queued up: one draw per burst.
        let first = rx.recv().context("the event channel closed")?;
        let mut changes: Vec<Update> = Vec::new();
        for ev in std::iter::once(first).chain(rx.try_iter()) {
            let effect = match ev {
                Event::Terminate => return Ok(()),
                Event::Suspend => Some(Effect::Suspend),
                Event::Redraw => {
                    terminal::repaint(terminal)?;
                    None
                }
                Event::Kept(rows) => {
                    app.show_kept_rows(rows);
                    None
                }
                Event::Indexed(index, rows) => {
                    let started = std::time::Instant::now();
                    app.take_index(index, rows);
                    // Held by the app until the lists arrive (`App::apply_changes`).
                    changes.append(&mut early);
                    tracing::debug!(
                        ms = started.elapsed().as_secs_f64() * 1e3,
                        "index handed to the dashboard"
                    );
                    None
                }
                Event::Lists(lists) => {
                    let started = std::time::Instant::now();
                    let shown = app.take_lists(*lists);
                    if shown && !app.changed.is_empty() {
                        clear_marks_later(tx);
                    }
                    tracing::debug!(
                        ms = started.elapsed().as_secs_f64() * 1e3,
                        "lists handed to the dashboard"
                    );
                    // What was pressed meanwhile runs now, as its message said.
                    app.take_waiting().and_then(|action| app.update(action))
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
                        WatchMode::Lost(why) => LiveState::Lost(why),
                    };
                    None
                }
                Event::Watch(WatchEvent::Error(e)) => {
                    app.message = Some(format!("watcher: {e}"));
                    None
                }
                Event::NotWatching(why) => {
                    app.message = Some(format!("not watching the vault: {why}"));
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
        if !changes.is_empty() && app.apply_changes(changes) && !app.changed.is_empty() {
            clear_marks_later(tx);
        }
    }
}

/// Takes the "updated" marks off the panes in a moment.
fn clear_marks_later(tx: &Sender<Event>) {
    let tx = tx.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        let _ = tx.send(Event::ClearMarks);
    });
}
