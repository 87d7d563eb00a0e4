//! Reading a settled batch on the watcher's thread: every changed note is read
//! and parsed here, the vault's settings too, and a rescan reads the whole vault,
//! so [`Index::apply`](crate::index::Index::apply) on the program's own thread
//! touches no file (docs/architecture.md).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::index::change::{Change, Update};
use crate::vault::{self, VaultSettings};

/// Turns the watcher's path-level [`Change`]s into parsed [`Update`]s. Keeps the
/// vault's settings, since the Tasks statuses decide how task lines parse.
#[derive(Debug)]
pub struct Reader {
    root: PathBuf,
    settings: VaultSettings,
}

impl Reader {
    /// A reader for the vault at `root`, with its settings read now.
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            settings: vault::read_settings(root),
        }
    }

    /// Reads what a batch names: the settings first (the notes of the same batch
    /// parse with them), then each note, in parallel (a `git checkout` can hand
    /// over thousands at once). A rescan reads the whole vault and makes the rest
    /// of the batch moot.
    pub fn read(&mut self, changes: Vec<Change>) -> Vec<Update> {
        if let Some(reason) = changes.iter().find_map(|c| match c {
            Change::Rescan(why) => Some(why.clone()),
            _ => None,
        }) {
            tracing::info!("re-reading the whole vault: {reason}");
            let read = vault::read_vault(&self.root, &vault::Progress::default());
            self.settings = read.settings.clone();
            return vec![Update::Rescan {
                reason,
                vault: Box::new(read),
            }];
        }
        let mut updates = Vec::with_capacity(changes.len());
        if changes.contains(&Change::Settings) {
            self.settings = vault::read_settings(&self.root);
            updates.push(Update::Settings(self.settings.clone()));
        }
        let statuses = &self.settings.statuses;
        let root = &self.root;
        let read: Vec<Update> = changes
            .into_par_iter()
            .filter_map(|change| match change {
                Change::Upsert(path) => Some(read_note(root, &path, statuses)),
                Change::Remove(path) => Some(Update::Remove(path)),
                Change::RemoveFolder(folder) => Some(Update::RemoveFolder(folder)),
                Change::Settings | Change::Rescan(_) => None,
            })
            .collect();
        updates.extend(read);
        updates
    }
}

/// Reads and parses one note as an [`Update`]: the note, a removal when it is gone
/// by now, or the reason it cannot be read.
pub fn read_note(root: &Path, path: &str, statuses: &crate::note::task::TaskStatuses) -> Update {
    match vault::read_note(root, path, statuses) {
        Ok(note) => Update::Note(Box::new(note)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Update::Remove(path.to_string()),
        Err(e) => {
            tracing::warn!("cannot read {path}: {e}");
            Update::Unreadable {
                path: path.to_string(),
                error: e.to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::Index;
    use crate::index::change::{Applied, ChangeKind, NoteChange};

    const ACCOUNT: &str = "---\ntype: customer\n---\n- [ ] call\n";

    fn summary(applied: &Applied) -> Vec<(ChangeKind, &str, Option<&str>)> {
        applied
            .notes
            .iter()
            .map(|c| (c.kind, c.path.as_str(), c.account.as_deref()))
            .collect()
    }

    /// The watcher's reader turns what it saw on disk into updates: edits, vanished
    /// notes, folder moves and rescans.
    #[test]
    fn the_reader_reads_what_a_batch_names() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |p: &str, t: &str| {
            let path = root.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, t).unwrap();
        };
        write("Acme.md", ACCOUNT);
        write("Old/a.md", "[[Acme]]\n");
        let mut ix = Index::build(root, &Config::default());
        let mut reader = Reader::new(root);
        assert!(
            ix.apply(reader.read(vec![Change::Upsert("Acme.md".into())]))
                .is_empty()
        );

        write("Acme.md", "---\ntype: customer\n---\n- [/] call\n");
        std::fs::rename(root.join("Old"), root.join("New")).unwrap();
        write(
            crate::vault::TASKS_SETTINGS,
            r#"{"statusSettings":{"customStatuses":[{"symbol":"/","name":"Doing","type":"DONE"}]}}"#,
        );
        let updates = reader.read(vec![
            Change::RemoveFolder("Old".into()),
            Change::Settings,
            Change::Upsert("Acme.md".into()),
            Change::Upsert("New/a.md".into()),
            Change::Upsert("vanished.md".into()),
        ]);
        assert!(
            matches!(updates[0], Update::Settings(_)),
            "settings come first"
        );
        let applied = ix.apply(updates);
        assert_eq!(
            summary(&applied),
            vec![
                (ChangeKind::Changed, "Acme.md", Some("Acme")),
                (ChangeKind::Added, "New/a.md", None),
                (ChangeKind::Removed, "Old/a.md", None),
            ]
        );
        assert_eq!(
            ix.backlinks("Acme.md").collect::<Vec<_>>(),
            vec!["New/a.md"]
        );
        let tasks = ix.account_tasks("Acme.md");
        assert_eq!(
            tasks[0].1.status,
            crate::note::task::StatusType::Done,
            "parsed with the statuses read in the same batch"
        );

        std::fs::remove_file(root.join("Acme.md")).unwrap();
        let applied = ix.apply(reader.read(vec![Change::Rescan("test".into())]));
        assert_eq!(applied.rescanned.as_deref(), Some("test"));
        assert_eq!(
            applied.notes,
            vec![NoteChange {
                kind: ChangeKind::Removed,
                path: "Acme.md".into(),
                account: Some("Acme".into()),
            }]
        );
        assert_eq!(ix.len(), 1);
    }
}
