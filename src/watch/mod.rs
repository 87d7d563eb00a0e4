//! Live updates: a `notify` watcher over the vault, turned into batches of
//! per-path [`Change`]s, read and parsed on the watcher's thread into
//! [`Update`]s for [`Index::apply`](crate::index::Index::apply).
//!
//! Raw events are batched here rather than by `notify-debouncer-full`: its timer
//! thread wakes every quarter of the debounce window for as long as it runs, and an
//! idle dashboard must use no CPU. This thread blocks on its channel until an event
//! arrives, then waits for a short quiet window (which is the latency a save sees).
//! Each batch is settled against the disk rather than by replaying events, so
//! save-by-rename, swap files, deletes and folder moves all come out as "this path
//! now holds this" — de-duplicated per path.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::{Event, EventKindMask, RecommendedWatcher, RecursiveMode, Watcher};

mod batch;
mod poll;
mod read;

pub use crate::index::change::{Change, Update};
use batch::Batch;
use poll::Poller;
pub use read::{Reader, read_note};

/// Set (to anything but `0`) to skip the native watcher and poll, as when inotify
/// cannot start.
pub const FORCE_POLL_ENV: &str = "ACCT_WATCH_FORCE_POLL";

/// How the vault is being watched (the title bar shows polling and why).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchMode {
    /// The operating system reports changes (inotify, FSEvents, …).
    Native,
    /// The folder is re-read on a timer, for this reason.
    Polling(String),
    /// Nothing is watched: the vault folder is gone (deleted or moved away).
    /// The watcher waits for it to come back, then watches and reads it again.
    Lost(String),
}

/// What the watcher hands to the program's event loop.
#[derive(Debug, Clone)]
pub enum WatchEvent {
    /// One batch, de-duplicated per path, read and parsed; give it to
    /// [`Index::apply`](crate::index::Index::apply). Batches queued behind each other
    /// may be concatenated, in order, and applied at once, which costs one refresh
    /// instead of many.
    Changes(Vec<Update>),
    /// Sent first, and again if the watcher has to fall back to polling.
    Mode(WatchMode),
    /// Something the person should know that no rescan can fix (the vault folder is gone).
    Error(String),
}

/// Tuning for [`VaultWatcher::start`].
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// The quiet time that ends a batch: the latency a single save sees.
    pub debounce: Duration,
    /// A continuous stream of events (a `git checkout`) is still cut into batches this
    /// long, so the view keeps up.
    pub max_batch: Duration,
    /// How often the polling fallback re-reads the folder.
    pub poll_interval: Duration,
    /// Poll even when the native watcher would start.
    pub force_poll: bool,
}

impl Default for WatchOptions {
    fn default() -> Self {
        Self {
            debounce: Duration::from_millis(20),
            max_batch: Duration::from_millis(300),
            poll_interval: Duration::from_secs(1),
            force_poll: false,
        }
    }
}

impl WatchOptions {
    /// The defaults, with polling forced when `ACCT_WATCH_FORCE_POLL` is set.
    pub fn from_env() -> Self {
        let force_poll =
            std::env::var_os(FORCE_POLL_ENV).is_some_and(|v| !v.is_empty() && v != "0");
        Self {
            force_poll,
            ..Self::default()
        }
    }
}

/// Why the vault cannot be watched at all (not even by polling).
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("cannot watch {0}: it is not a folder")]
    NotAFolder(PathBuf),
    #[error("cannot watch {path}: {message}")]
    Start { path: PathBuf, message: String },
}

/// A running watcher. Dropping it stops the watcher and its thread.
#[derive(Debug)]
pub struct VaultWatcher {
    mode: WatchMode,
    control: Sender<Msg>,
    thread: Option<JoinHandle<()>>,
}

impl VaultWatcher {
    /// Starts watching `root` recursively on a background thread. `on_event` runs on
    /// that thread: send the events on to the program's own channel, e.g.
    /// `move |e| { let _ = tx.send(AppEvent::Watch(e)); }`. The first event is
    /// [`WatchEvent::Mode`]. Once this returns, every later change on disk is reported,
    /// so start the watcher before building the index to miss nothing in between.
    pub fn start<F>(root: &Path, options: WatchOptions, on_event: F) -> Result<Self, WatchError>
    where
        F: FnMut(WatchEvent) + Send + 'static,
    {
        if !root.is_dir() {
            return Err(WatchError::NotAFolder(root.to_path_buf()));
        }
        let (tx, rx) = mpsc::channel();
        let (backend, mode) = Backend::start(root, &options, &tx)?;
        let mut batcher = Batcher {
            root: root.to_path_buf(),
            options,
            backend,
            mode: mode.clone(),
            control: tx.clone(),
            rx,
            on_event: Box::new(on_event),
        };
        let thread = std::thread::Builder::new()
            .name("acct-watch".into())
            .spawn(move || batcher.run())
            .map_err(|e| WatchError::Start {
                path: root.to_path_buf(),
                message: e.to_string(),
            })?;
        Ok(Self {
            mode,
            control: tx,
            thread: Some(thread),
        })
    }

    /// How the watcher started (a later fallback arrives as [`WatchEvent::Mode`]).
    pub fn mode(&self) -> &WatchMode {
        &self.mode
    }
}

impl Drop for VaultWatcher {
    fn drop(&mut self) {
        let _ = self.control.send(Msg::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

enum Msg {
    Raw(notify::Result<Event>),
    Stop,
}

/// The events the native watcher asks the kernel for: every kind of change, and
/// a file closed after writing; never an open or a read. Watching opens, a
/// start's own walk of the vault (a folder opened per folder) and any reader
/// flooded the kernel's queue until it overflowed, and an overflow means reading
/// the whole vault again (docs/performance.md, "Live updates").
pub const WATCHED_EVENTS: EventKindMask = EventKindMask::CORE.union(EventKindMask::ACCESS_CLOSE);

/// What reports raw events; kept alive by the batching thread.
enum Backend {
    Native(#[allow(dead_code)] RecommendedWatcher),
    Polling(#[allow(dead_code)] Poller),
}

impl Backend {
    fn start(
        root: &Path,
        options: &WatchOptions,
        tx: &Sender<Msg>,
    ) -> Result<(Self, WatchMode), WatchError> {
        let reason = if options.force_poll {
            format!("{FORCE_POLL_ENV} is set")
        } else {
            match Self::native(root, tx) {
                Ok(watcher) => return Ok((Backend::Native(watcher), WatchMode::Native)),
                Err(reason) => {
                    tracing::warn!("cannot watch {}: {reason}", root.display());
                    reason
                }
            }
        };
        tracing::info!("watching {} by polling: {reason}", root.display());
        let watcher = Self::polling(root, options, tx)?;
        Ok((Backend::Polling(watcher), WatchMode::Polling(reason)))
    }

    fn native(root: &Path, tx: &Sender<Msg>) -> Result<RecommendedWatcher, String> {
        let tx = tx.clone();
        let mut watcher = RecommendedWatcher::new(
            move |r| {
                let _ = tx.send(Msg::Raw(r));
            },
            notify::Config::default().with_event_kinds(WATCHED_EVENTS),
        )
        .map_err(|e| describe(&e))?;
        watcher
            .watch(root, RecursiveMode::Recursive)
            .map_err(|e| describe(&e))?;
        Ok(watcher)
    }

    fn polling(
        root: &Path,
        options: &WatchOptions,
        tx: &Sender<Msg>,
    ) -> Result<Poller, WatchError> {
        Poller::start(root, options.poll_interval, tx.clone()).map_err(|e| WatchError::Start {
            path: root.to_path_buf(),
            message: e.to_string(),
        })
    }
}

/// A watcher error in words a person can act on.
fn describe(e: &notify::Error) -> String {
    match &e.kind {
        notify::ErrorKind::MaxFilesWatch => {
            "the inotify watch limit is reached (raise fs.inotify.max_user_watches)".into()
        }
        notify::ErrorKind::Io(io) if io.raw_os_error() == Some(24) => {
            "too many inotify instances (raise fs.inotify.max_user_instances)".into()
        }
        _ => e.to_string(),
    }
}

/// The background thread: collects raw events into batches and settles them.
struct Batcher {
    root: PathBuf,
    options: WatchOptions,
    backend: Backend,
    mode: WatchMode,
    control: Sender<Msg>,
    rx: Receiver<Msg>,
    on_event: Box<dyn FnMut(WatchEvent) + Send>,
}

impl Batcher {
    fn run(&mut self) {
        (self.on_event)(WatchEvent::Mode(self.mode.clone()));
        let mut reader = Reader::new(&self.root);
        let mut batch = Batch::default();
        loop {
            // Idle: blocked here, using no CPU.
            match self.rx.recv() {
                Ok(Msg::Raw(raw)) => {
                    if !batch.add(&self.root, raw) {
                        continue;
                    }
                }
                Ok(Msg::Stop) | Err(_) => return,
            }
            let start = Instant::now();
            let mut last = start;
            loop {
                let deadline = (last + self.options.debounce).min(start + self.options.max_batch);
                let Some(wait) = deadline.checked_duration_since(Instant::now()) else {
                    break;
                };
                match self.rx.recv_timeout(wait) {
                    Ok(Msg::Raw(raw)) => {
                        if batch.add(&self.root, raw) {
                            last = Instant::now();
                        }
                    }
                    Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                    Err(RecvTimeoutError::Timeout) => break,
                }
            }
            let done = std::mem::take(&mut batch);
            if let Some(reason) = &done.fallback {
                self.fall_back(reason.clone());
            }
            for error in &done.errors {
                tracing::error!("watching {}: {error}", self.root.display());
                (self.on_event)(WatchEvent::Error(error.clone()));
            }
            let changes = done.settle(&self.root);
            if !changes.is_empty() {
                (self.on_event)(WatchEvent::Changes(reader.read(changes)));
            }
            if !self.root.is_dir() && !self.wait_for_root(&mut reader) {
                return;
            }
        }
    }

    /// The vault folder is gone (`rm -rf V; cp -r … V`): say so, show it empty,
    /// wait for it to come back (looking four times a second, only while it is
    /// missing), then watch the new folder and read it all again. False when the
    /// watcher was stopped meanwhile.
    fn wait_for_root(&mut self, reader: &mut Reader) -> bool {
        let gone = format!("the vault folder {} is gone", self.root.display());
        tracing::warn!("{gone}; waiting for it to come back");
        (self.on_event)(WatchEvent::Mode(WatchMode::Lost(format!(
            "{gone}; waiting for it"
        ))));
        (self.on_event)(WatchEvent::Changes(
            reader.read(vec![Change::Rescan(gone.clone())]),
        ));
        loop {
            match self.rx.recv_timeout(Duration::from_millis(250)) {
                Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return false,
                Ok(Msg::Raw(_)) => {}
                Err(RecvTimeoutError::Timeout) if self.root.is_dir() => break,
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
        // Events still queued from the old folder's watch say nothing now.
        while let Ok(msg) = self.rx.try_recv() {
            if matches!(msg, Msg::Stop) {
                return false;
            }
        }
        let options = WatchOptions {
            force_poll: self.options.force_poll || matches!(self.mode, WatchMode::Polling(_)),
            ..self.options.clone()
        };
        match Backend::start(&self.root, &options, &self.control) {
            Ok((backend, mode)) => {
                self.backend = backend;
                self.mode = mode;
            }
            Err(e) => {
                tracing::error!("{e}");
                (self.on_event)(WatchEvent::Error(e.to_string()));
                return true;
            }
        }
        tracing::info!(
            "the vault folder {} is back; reading it again",
            self.root.display()
        );
        (self.on_event)(WatchEvent::Mode(self.mode.clone()));
        (self.on_event)(WatchEvent::Changes(
            reader.read(vec![Change::Rescan("the vault folder was replaced".into())]),
        ));
        true
    }

    /// The native watcher stopped covering the vault (watch limit): poll instead.
    fn fall_back(&mut self, reason: String) {
        if matches!(self.mode, WatchMode::Polling(_)) {
            return;
        }
        tracing::warn!("falling back to polling {}: {reason}", self.root.display());
        match Backend::polling(&self.root, &self.options, &self.control) {
            Ok(watcher) => {
                self.backend = Backend::Polling(watcher);
                self.mode = WatchMode::Polling(reason);
                (self.on_event)(WatchEvent::Mode(self.mode.clone()));
            }
            Err(e) => {
                tracing::error!("{e}");
                (self.on_event)(WatchEvent::Error(e.to_string()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_and_reads_are_never_watched_and_every_change_is() {
        assert!(!WATCHED_EVENTS.intersects(EventKindMask::ACCESS_OPEN));
        assert!(!WATCHED_EVENTS.intersects(EventKindMask::ACCESS_CLOSE_NOWRITE));
        assert!(WATCHED_EVENTS.contains(EventKindMask::CORE));
        assert!(WATCHED_EVENTS.contains(EventKindMask::ACCESS_CLOSE));
    }
}
