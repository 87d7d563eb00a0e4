//! What the watcher tells the index, and what the index reports back.
//!
//! Kept apart from `watch` so the index never depends on `notify`. The watcher
//! settles raw events into [`Change`]s (which paths to look at), reads and parses
//! them on its own thread into [`Update`]s, and [`Index::apply`](super::Index::apply)
//! takes those: the thread that draws never reads a file (docs/architecture.md).

use serde::Serialize;

use crate::note::Note;
use crate::vault::{VaultRead, VaultSettings};

/// One path-level change the watcher saw. Paths are vault-relative and `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// Read this note from disk again (added or edited; gone by now → removed).
    Upsert(String),
    /// This note is gone.
    Remove(String),
    /// Everything indexed under this folder is gone (a folder deleted or renamed away).
    /// Notes that are still there arrive as `Upsert`s in the same batch.
    RemoveFolder(String),
    /// `.obsidian/app.json` or the Tasks plugin settings changed: re-read them.
    Settings,
    /// Events were lost (overflow, watcher error): rebuild from disk. Carries the reason.
    Rescan(String),
}

/// One change read from disk and parsed, ready for [`Index::apply`](super::Index::apply).
#[derive(Debug, Clone)]
pub enum Update {
    /// This note now holds these bytes (added or edited).
    Note(Box<Note>),
    /// This note is there but cannot be read, for this reason.
    Unreadable { path: String, error: String },
    /// This note is gone.
    Remove(String),
    /// Everything indexed under this folder is gone. Notes that are still there
    /// come as [`Update::Note`]s after it.
    RemoveFolder(String),
    /// The vault's `.obsidian` settings, read again.
    Settings(VaultSettings),
    /// The whole vault, read again because events were lost, and why.
    Rescan {
        reason: String,
        vault: Box<VaultRead>,
    },
}

impl Update {
    /// An update for a note parsed from text already at hand (just written, say).
    pub fn note(note: Note) -> Self {
        Update::Note(Box::new(note))
    }

    /// The path-level change this update carries out (what changed, without
    /// what was read), for views that only need to know where to look again.
    pub fn change(&self) -> Change {
        match self {
            Update::Note(note) => Change::Upsert(note.path.clone()),
            Update::Unreadable { path, .. } | Update::Remove(path) => Change::Remove(path.clone()),
            Update::RemoveFolder(folder) => Change::RemoveFolder(folder.clone()),
            Update::Settings(_) => Change::Settings,
            Update::Rescan { reason, .. } => Change::Rescan(reason.clone()),
        }
    }
}

/// How a note changed, as the index saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Removed => "removed",
        }
    }
}

/// One note whose content the index now holds differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteChange {
    pub kind: ChangeKind,
    pub path: String,
    /// The title of the account the note belongs to: itself, the account its
    /// `account:` names, or the folder note of its folder (after the change; for
    /// a removed note, before it).
    pub account: Option<String>,
}

/// What one batch of [`Change`]s did to the index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Notes whose bytes differ from before, by path. A save that changed nothing is absent.
    pub notes: Vec<NoteChange>,
    /// The vault's settings were re-read (task status types and archived notes may differ).
    pub settings_changed: bool,
    /// The whole vault was re-read, and why.
    pub rescanned: Option<String>,
    /// Every account whose dashboard the batch can have changed, and more: the
    /// notes it changed and every path the notes it re-derived named (link
    /// targets, owners, `account:` targets, tasks' owners) before and after.
    /// `None` when everything was re-derived (settings, a rescan).
    pub touched: Option<std::collections::BTreeSet<String>>,
}

impl Applied {
    /// Nothing a view shows can have changed.
    pub fn is_empty(&self) -> bool {
        self.notes.is_empty() && !self.settings_changed && self.rescanned.is_none()
    }
}
