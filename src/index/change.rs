//! What the watcher tells the index, and what the index reports back.
//!
//! Kept apart from `watch` so the index never depends on `notify`.

use serde::Serialize;

/// One change to apply to the index. Paths are vault-relative and `/`-separated.
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
}

impl Applied {
    /// Nothing a view shows can have changed.
    pub fn is_empty(&self) -> bool {
        self.notes.is_empty() && !self.settings_changed && self.rescanned.is_none()
    }
}
