//! Changes to the index one note at a time, and whole batches from the watcher.

use super::*;

impl Index {
    /// Adds or replaces one note. Call [`Index::refresh_changed`] (or
    /// [`Index::refresh`]) after a batch.
    pub fn upsert(&mut self, note: Note) {
        let keys = Names::keys(&note);
        if let Some(old) = self.notes.remove(&note.path) {
            // Same path, so the same file and folder names: only titles and aliases
            // can differ, and only lookups of a title gained or lost can change.
            let old_titles = &Names::keys(&old)[2];
            let titles = &keys[2];
            self.dirty_names.extend(
                old_titles
                    .iter()
                    .filter(|t| !titles.contains(t))
                    .chain(titles.iter().filter(|t| !old_titles.contains(t)))
                    .cloned(),
            );
            self.names.remove(&old);
        } else {
            self.dirty_names
                .extend(Names::names(&keys).map(str::to_string));
        }
        self.names.add(&note);
        self.pending.insert(note.path.clone());
        self.notes.insert(note.path.clone(), note);
    }

    /// Removes one note; returns it if it was indexed. Call [`Index::refresh_changed`]
    /// (or [`Index::refresh`]) after a batch.
    pub fn remove(&mut self, path: &str) -> Option<Note> {
        let old = self.notes.remove(path)?;
        self.dirty_names
            .extend(Names::names(&Names::keys(&old)).map(str::to_string));
        self.names.remove(&old);
        self.pending.insert(old.path.clone());
        Some(old)
    }

    /// Replaces the vault's `.obsidian` settings (the Tasks statuses re-derive task types).
    /// The next refresh re-derives everything (archived notes may differ).
    pub fn set_settings(&mut self, settings: VaultSettings) {
        for note in self.notes.values_mut() {
            for task in &mut note.tasks {
                task.status = settings.statuses.kind(task.symbol);
            }
        }
        self.settings = settings;
        self.stale = true;
    }

    /// Applies one batch of changes from the watcher: re-reads upserted notes from disk
    /// (a note gone by now is removed), applies removals, re-reads the settings, or
    /// rebuilds everything on a rescan; then re-derives what those notes affect, once
    /// (everything, when the settings changed).
    /// Reports the notes whose bytes changed, so a save that changed nothing reports
    /// nothing.
    pub fn apply(&mut self, changes: &[Change]) -> Applied {
        if let Some(reason) = changes.iter().find_map(|c| match c {
            Change::Rescan(why) => Some(why.clone()),
            _ => None,
        }) {
            return self.rescan(reason);
        }
        let mut applied = Applied::default();
        if changes.contains(&Change::Settings) {
            self.set_settings(vault::read_settings(&self.root));
            applied.settings_changed = true;
        }
        let mut removed: BTreeSet<String> = BTreeSet::new();
        let mut upserts: BTreeSet<&str> = BTreeSet::new();
        for change in changes {
            match change {
                Change::Remove(path) => {
                    removed.insert(path.clone());
                }
                Change::RemoveFolder(folder) => {
                    let prefix = format!("{}/", folder.trim_end_matches('/'));
                    removed.extend(
                        self.notes
                            .range(prefix.clone()..)
                            .map(|(p, _)| p)
                            .take_while(|p| p.starts_with(&prefix))
                            .cloned(),
                    );
                }
                Change::Upsert(path) => {
                    upserts.insert(path);
                }
                Change::Settings | Change::Rescan(_) => {}
            }
        }
        let touched: BTreeSet<String> = removed
            .iter()
            .cloned()
            .chain(upserts.iter().map(|p| p.to_string()))
            .collect();
        let before: Vec<Option<(u64, usize, Option<String>)>> =
            touched.iter().map(|p| self.state_of(p)).collect();
        for path in &removed {
            self.remove(path);
        }
        // Read in parallel: a `git checkout` can hand over thousands of notes at once.
        let statuses = &self.settings.statuses;
        let root = &self.root;
        let read: Vec<(&str, std::io::Result<Note>)> = upserts
            .par_iter()
            .map(|p| (*p, vault::read_note(root, p, statuses)))
            .collect();
        for (path, result) in read {
            self.scan_problems.retain(|p| p.path != path);
            match result {
                Ok(note) => self.upsert(note),
                Err(e) => {
                    self.remove(path);
                    if e.kind() != std::io::ErrorKind::NotFound {
                        self.scan_problems.push(Problem::error(
                            path,
                            None,
                            format!("cannot read: {e}"),
                        ));
                    }
                }
            }
        }
        for path in &removed {
            if !upserts.contains(path.as_str()) {
                self.scan_problems.retain(|p| &p.path != path);
            }
        }
        if touched.is_empty() && !applied.settings_changed {
            return applied;
        }
        self.refresh_changed();
        for (path, before) in touched.into_iter().zip(before) {
            let after = self.state_of(&path);
            let kind = match (&before, &after) {
                (None, None) => continue,
                (None, Some(_)) => ChangeKind::Added,
                (Some(_), None) => ChangeKind::Removed,
                (Some((f0, l0, _)), Some((f1, l1, _))) if f0 == f1 && l0 == l1 => continue,
                (Some(_), Some(_)) => ChangeKind::Changed,
            };
            let account = match kind {
                ChangeKind::Removed => before.and_then(|b| b.2),
                _ => after.and_then(|a| a.2),
            };
            applied.notes.push(NoteChange {
                kind,
                path,
                account,
            });
        }
        applied
    }

    /// A note's fingerprint, length and the title of the account it belongs to
    /// (itself when it is one; else the account its `account:` names, or the
    /// folder note whose folder holds it), if indexed.
    pub(super) fn state_of(&self, path: &str) -> Option<(u64, usize, Option<String>)> {
        let note = self.notes.get(path)?;
        let account = if self.is_account(path) {
            Some(note.title.clone())
        } else {
            self.derived.per_note.get(path).and_then(|nd| {
                nd.account_target
                    .iter()
                    .chain(&nd.owners)
                    .find(|a| self.is_account(a))
                    .and_then(|a| self.notes.get(a))
                    .map(|a| a.title.clone())
            })
        };
        Some((note.fingerprint, note.byte_len, account))
    }

    /// Reads the whole vault again and reports how each note differs from before.
    pub(super) fn rescan(&mut self, reason: String) -> Applied {
        let before: HashMap<String, (u64, usize, Option<String>)> = self
            .notes
            .keys()
            .filter_map(|p| Some((p.clone(), self.state_of(p)?)))
            .collect();
        let config = Config {
            account_types: Some(self.account_types.clone()),
            ..Config::default()
        };
        *self = Self::build(&self.root, &config);
        let mut notes: Vec<NoteChange> = Vec::new();
        for (path, old) in &before {
            match self.state_of(path) {
                None => notes.push(NoteChange {
                    kind: ChangeKind::Removed,
                    path: path.clone(),
                    account: old.2.clone(),
                }),
                Some(new) if (new.0, new.1) != (old.0, old.1) => notes.push(NoteChange {
                    kind: ChangeKind::Changed,
                    path: path.clone(),
                    account: new.2,
                }),
                Some(_) => {}
            }
        }
        for path in self.notes.keys() {
            if !before.contains_key(path) {
                notes.push(NoteChange {
                    kind: ChangeKind::Added,
                    path: path.clone(),
                    account: self.state_of(path).and_then(|s| s.2),
                });
            }
        }
        notes.sort_by(|a, b| a.path.cmp(&b.path));
        Applied {
            notes,
            settings_changed: true,
            rescanned: Some(reason),
        }
    }
}
