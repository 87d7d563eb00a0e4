//! The polling fallback, for when the native watcher cannot start.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

use notify::event::{CreateKind, ModifyKind, RemoveKind};
use notify::{Event, EventKind};

use super::Msg;
use crate::vault;
use crate::vault::{APP_SETTINGS, TASKS_SETTINGS};

/// The fallback when the native watcher cannot run: re-reads the notes' sizes and
/// modification times on a timer and reports differences as events.
///
/// Not `notify::PollWatcher`: notify 8.2 keeps modification times in whole seconds,
/// so a second save within the same second is never seen unless it hashes every file
/// each round, `.git` included. Walking only what the index reads, with
/// nanosecond times, is both cheaper and exact.
pub(super) struct Poller {
    /// Dropped to stop the polling thread.
    _stop: Sender<()>,
}

/// What a poll records per file: modification time and size.
type Stamp = (Option<std::time::SystemTime>, u64);

impl Poller {
    pub(super) fn start(root: &Path, interval: Duration, tx: Sender<Msg>) -> std::io::Result<Self> {
        let (stop, stopped) = mpsc::channel::<()>();
        let root = root.to_path_buf();
        let mut seen = stamps(&root);
        std::thread::Builder::new()
            .name("acct-watch-poll".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(interval) {
                    let now = stamps(&root);
                    for (rel, stamp) in &now {
                        let kind = match seen.get(rel) {
                            None => EventKind::Create(CreateKind::File),
                            Some(old) if old != stamp => EventKind::Modify(ModifyKind::Any),
                            Some(_) => continue,
                        };
                        let event = Event::new(kind).add_path(root.join(rel));
                        if tx.send(Msg::Raw(Ok(event))).is_err() {
                            return;
                        }
                    }
                    for rel in seen.keys().filter(|rel| !now.contains_key(*rel)) {
                        let event = Event::new(EventKind::Remove(RemoveKind::File))
                            .add_path(root.join(rel));
                        if tx.send(Msg::Raw(Ok(event))).is_err() {
                            return;
                        }
                    }
                    seen = now;
                }
            })?;
        Ok(Self { _stop: stop })
    }
}

/// Every note and settings file with its stamp.
fn stamps(root: &Path) -> std::collections::HashMap<String, Stamp> {
    let (notes, _) = vault::scan(root);
    notes
        .into_iter()
        .chain([TASKS_SETTINGS.to_string(), APP_SETTINGS.to_string()])
        .filter_map(|rel| {
            let meta = std::fs::metadata(root.join(&rel)).ok()?;
            Some((rel, (meta.modified().ok(), meta.len())))
        })
        .collect()
}
