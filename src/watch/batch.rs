//! One batch of raw `notify` events, reduced per path and settled against the disk.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use notify::event::{AccessKind, AccessMode, CreateKind, MetadataKind, ModifyKind, RemoveKind};
use notify::{Event, EventKind};

use super::describe;
use crate::index::change::Change;
use crate::vault;
use crate::vault::{APP_SETTINGS, TASKS_SETTINGS};

/// What a batch saw happen to one path.
#[derive(Debug, Default, Clone, Copy)]
struct Touch {
    /// Created, removed or renamed (not just written).
    structural: bool,
    /// Possibly a folder (a folder event, or a rename, which does not say).
    maybe_folder: bool,
}

/// The raw events of one batch, reduced per path.
#[derive(Debug, Default)]
pub(super) struct Batch {
    paths: BTreeMap<String, Touch>,
    settings: bool,
    rescan: Option<String>,
    /// The native watcher hit its limit: poll instead, for this reason.
    pub(super) fallback: Option<String>,
    /// Problems no rescan fixes.
    pub(super) errors: Vec<String>,
}

impl Batch {
    /// Records one raw event; false when it cannot matter (a read, a `.git` write), so
    /// it neither starts nor prolongs a batch.
    pub(super) fn add(&mut self, root: &Path, raw: notify::Result<Event>) -> bool {
        let event = match raw {
            Ok(event) => event,
            Err(e) => {
                if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) {
                    self.fallback = Some(describe(&e));
                }
                self.rescan
                    .get_or_insert_with(|| format!("watcher error: {}", describe(&e)));
                return true;
            }
        };
        if event.need_rescan() {
            self.rescan
                .get_or_insert_with(|| "the watcher lost events (queue overflow)".into());
            return true;
        }
        let touch = match event.kind {
            // Our own reads open files: ignoring them keeps re-reading from feeding itself.
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => Touch::default(),
            EventKind::Access(_) => return false,
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => return false,
            EventKind::Modify(ModifyKind::Name(_)) => Touch {
                structural: true,
                maybe_folder: true,
            },
            EventKind::Modify(_) => Touch::default(),
            EventKind::Create(kind) => Touch {
                structural: true,
                maybe_folder: kind != CreateKind::File,
            },
            EventKind::Remove(kind) => Touch {
                structural: true,
                maybe_folder: kind != RemoveKind::File,
            },
            EventKind::Any | EventKind::Other => Touch {
                structural: true,
                maybe_folder: true,
            },
        };
        let mut relevant = false;
        for path in &event.paths {
            if path == root {
                if touch.structural && !root.is_dir() {
                    self.errors.push(format!(
                        "the vault folder {} was moved or removed",
                        root.display()
                    ));
                    relevant = true;
                }
                continue;
            }
            let Some(rel) = vault::relative(root, path) else {
                continue;
            };
            if is_settings_path(&rel, touch.structural) {
                self.settings = true;
                relevant = true;
            } else if !rel.split('/').any(|part| part.starts_with('.')) {
                let seen = self.paths.entry(rel).or_default();
                seen.structural |= touch.structural;
                seen.maybe_folder |= touch.maybe_folder;
                relevant = true;
            }
        }
        relevant
    }

    /// Turns the touched paths into changes by looking at what is on disk now.
    pub(super) fn settle(self, root: &Path) -> Vec<Change> {
        if let Some(reason) = self.rescan {
            return vec![Change::Rescan(reason)];
        }
        let mut changes = Vec::new();
        if self.settings {
            changes.push(Change::Settings);
        }
        let mut removes = BTreeSet::new();
        let mut upserts = BTreeSet::new();
        for (rel, touch) in self.paths {
            match std::fs::metadata(root.join(&rel)) {
                Ok(meta) if meta.is_dir() => {
                    // A note replaced by a folder of its name is gone.
                    if vault::is_note_path(&rel) {
                        removes.insert(Change::Remove(rel.clone()));
                    }
                    // A folder appeared (created, renamed or moved in): what it held before
                    // is gone, what it holds now is read. Files created before the watch
                    // on a new folder was set up are only found this way.
                    if touch.structural {
                        removes.insert(Change::RemoveFolder(rel.clone()));
                        let (notes, _) = vault::scan(&root.join(&rel));
                        upserts.extend(notes.into_iter().map(|p| format!("{rel}/{p}")));
                    }
                }
                Ok(_) => {
                    if vault::is_note_path(&rel) {
                        upserts.insert(rel);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if vault::is_note_path(&rel) {
                        removes.insert(Change::Remove(rel));
                    } else if touch.maybe_folder {
                        removes.insert(Change::RemoveFolder(rel));
                    }
                }
                // Unreadable now: let the index try, and record the problem.
                Err(_) => {
                    if vault::is_note_path(&rel) {
                        upserts.insert(rel);
                    }
                }
            }
        }
        changes.extend(removes);
        changes.extend(upserts.into_iter().map(Change::Upsert));
        changes
    }
}

/// The settings files, or a folder on the way to them being created or moved.
fn is_settings_path(rel: &str, structural: bool) -> bool {
    if rel == TASKS_SETTINGS || rel == APP_SETTINGS {
        return true;
    }
    structural
        && (TASKS_SETTINGS.starts_with(&format!("{rel}/"))
            || APP_SETTINGS.starts_with(&format!("{rel}/")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::RenameMode;

    fn event(kind: EventKind, paths: &[&str]) -> notify::Result<Event> {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(Path::new("/v").join(p));
        }
        Ok(e)
    }

    #[test]
    fn reads_and_dot_folders_do_not_start_a_batch() {
        let root = Path::new("/v");
        let mut b = Batch::default();
        assert!(!b.add(
            root,
            event(
                EventKind::Access(AccessKind::Open(AccessMode::Any)),
                &["a.md"]
            )
        ));
        assert!(!b.add(
            root,
            event(EventKind::Create(CreateKind::File), &[".git/index.lock"])
        ));
        assert!(!b.add(
            root,
            event(
                EventKind::Modify(ModifyKind::Any),
                &[".obsidian/workspace.json"]
            )
        ));
        assert!(b.paths.is_empty() && !b.settings);
        assert!(b.add(
            root,
            event(EventKind::Modify(ModifyKind::Any), &[TASKS_SETTINGS])
        ));
        assert!(b.settings);
    }

    #[test]
    fn settles_against_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("New/Deep")).unwrap();
        std::fs::write(root.join("New/a.md"), "a").unwrap();
        std::fs::write(root.join("New/Deep/b.md"), "b").unwrap();
        std::fs::write(root.join("New/c.txt"), "c").unwrap();
        std::fs::write(root.join("kept.md"), "k").unwrap();
        let mut b = Batch::default();
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let ok = |paths: &[&str], kind| {
            let mut e = Event::new(kind);
            for p in paths {
                e = e.add_path(root.join(p));
            }
            Ok(e)
        };
        assert!(b.add(root, ok(&["Old", "New"], rename)));
        assert!(b.add(root, ok(&["kept.md.tmp", "kept.md"], rename)));
        assert!(b.add(root, ok(&["gone.md"], EventKind::Remove(RemoveKind::File))));
        assert!(b.add(root, ok(&["x.md~"], EventKind::Remove(RemoveKind::File))));
        assert_eq!(
            b.settle(root),
            vec![
                Change::Remove("gone.md".into()),
                Change::RemoveFolder("New".into()),
                Change::RemoveFolder("Old".into()),
                // A renamed-away temp name might have been a folder; removing nothing is cheap.
                Change::RemoveFolder("kept.md.tmp".into()),
                Change::Upsert("New/Deep/b.md".into()),
                Change::Upsert("New/a.md".into()),
                Change::Upsert("kept.md".into()),
            ]
        );
    }

    #[test]
    fn an_overflow_becomes_one_rescan() {
        let mut b = Batch::default();
        assert!(b.add(
            Path::new("/v"),
            Ok(Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan))
        ));
        assert!(b.add(
            Path::new("/v"),
            event(EventKind::Create(CreateKind::File), &["a.md"])
        ));
        assert!(matches!(
            b.settle(Path::new("/v")).as_slice(),
            [Change::Rescan(_)]
        ));
    }
}
