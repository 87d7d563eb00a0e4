//! Changes to the index one note at a time, and whole batches from the watcher.

use super::*;

/// What [`Index::state_of`] reports: fingerprint, length and (for an account) title.
type State = Option<(u64, usize, Option<String>)>;

impl Index {
    /// Adds or replaces one note. Call [`Index::refresh_changed`] (or
    /// [`Index::refresh`]) after a batch.
    pub fn upsert(&mut self, mut note: Note) {
        // Task types follow the index's settings, whichever statuses the note was parsed with.
        for task in &mut note.tasks {
            task.status = self.settings.statuses.kind(task.symbol);
        }
        let keys = Names::keys(&note);
        let old = self.notes.remove_entry(note.path.as_str());
        // The index's handle on the path, kept when the note was indexed already.
        let path = old
            .as_ref()
            .map_or_else(|| NotePath::from(note.path.as_str()), |(p, _)| p.clone());
        if let Some((_, old)) = old {
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
        self.names.add(&path, &note);
        self.pending.insert(note.path.clone());
        self.notes.insert(path, note);
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

    /// Applies one batch of updates, already read and parsed (by the watcher's
    /// [`Reader`](crate::watch::Reader)), in order, so batches queued behind each
    /// other can be concatenated; then re-derives what they affect, once (everything,
    /// when the settings changed or the vault was re-read). Reads no file.
    /// Reports the notes whose bytes changed, so a save that changed nothing reports
    /// nothing.
    pub fn apply(&mut self, mut updates: Vec<Update>) -> Applied {
        // Whatever came before the last rescan is part of what it read.
        let rescan = match updates
            .iter()
            .rposition(|u| matches!(u, Update::Rescan { .. }))
        {
            Some(i) => {
                let rest = updates.split_off(i + 1);
                let last = updates.pop();
                updates = rest;
                match last {
                    Some(Update::Rescan { reason, vault }) => Some((reason, vault)),
                    _ => None,
                }
            }
            None => None,
        };
        let mut before: BTreeMap<String, State> = BTreeMap::new();
        let mut applied = Applied::default();
        self.touched = Some(BTreeSet::new());
        if let Some((reason, vault)) = rescan {
            before.extend(self.notes.keys().map(|p| (p.to_string(), self.state_of(p))));
            let cadence = std::mem::take(&mut self.cadence);
            *self = Self::from_parts(&self.root, self.account_types.clone(), *vault);
            self.cadence = cadence;
            let added: Vec<String> = self
                .notes
                .keys()
                .filter(|p| !before.contains_key(&***p))
                .map(|p| p.to_string())
                .collect();
            before.extend(added.into_iter().map(|p| (p, None)));
            applied.settings_changed = true;
            applied.rescanned = Some(reason);
        }
        for update in updates {
            self.apply_one(update, &mut before, &mut applied);
        }
        if before.is_empty() && !applied.settings_changed {
            applied.touched = Some(BTreeSet::new());
            return applied;
        }
        self.refresh_changed();
        applied.touched =
            (self.touched.take()).map(|touched| touched.iter().map(|p| p.to_string()).collect());
        for (path, before) in before {
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

    /// One update of a batch; `before` keeps each touched note's state from before the batch.
    fn apply_one(
        &mut self,
        update: Update,
        before: &mut BTreeMap<String, State>,
        applied: &mut Applied,
    ) {
        let mut touch = |ix: &Self, path: &str| {
            if !before.contains_key(path) {
                before.insert(path.to_string(), ix.state_of(path));
            }
        };
        match update {
            Update::Settings(settings) => {
                self.set_settings(settings);
                applied.settings_changed = true;
            }
            Update::Note(note) => {
                touch(self, &note.path);
                self.scan_problems.retain(|p| p.path != note.path);
                self.upsert(*note);
            }
            Update::Unreadable { path, error } => {
                touch(self, &path);
                self.remove(&path);
                self.scan_problems.retain(|p| p.path != path);
                self.scan_problems.push(Problem::error(
                    &path,
                    None,
                    format!("cannot read: {error}"),
                ));
            }
            Update::Remove(path) => {
                touch(self, &path);
                self.remove(&path);
                self.scan_problems.retain(|p| p.path != path);
            }
            Update::RemoveFolder(folder) => {
                let prefix = format!("{}/", folder.trim_end_matches('/'));
                let gone: Vec<String> = self
                    .notes
                    .range::<str, _>((Bound::Included(prefix.as_str()), Bound::Unbounded))
                    .map(|(p, _)| p)
                    .take_while(|p| p.starts_with(&prefix))
                    .map(|p| p.to_string())
                    .collect();
                for path in gone {
                    touch(self, &path);
                    self.remove(&path);
                }
                self.scan_problems.retain(|p| !p.path.starts_with(&prefix));
            }
            // Never here: `apply` takes out the batch's last rescan and drops what came before it.
            Update::Rescan { .. } => {}
        }
    }

    /// A note's fingerprint, length and the title of the account it belongs to
    /// (itself when it is one; else the account its `account:` names, or the
    /// folder note whose folder holds it), if indexed.
    pub(super) fn state_of(&self, path: &str) -> State {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::task::TaskStatuses;

    const ACCOUNT: &str = "---\ntype: customer\n---\n- [ ] call\n";

    fn parse(path: &str, text: &str) -> Update {
        Update::note(note::parse(path, text.as_bytes(), &TaskStatuses::default()))
    }

    fn summary(applied: &Applied) -> Vec<(ChangeKind, &str, Option<&str>)> {
        applied
            .notes
            .iter()
            .map(|c| (c.kind, c.path.as_str(), c.account.as_deref()))
            .collect()
    }

    /// The index's root does not exist: every update arrives parsed, so applying
    /// reads nothing (a read would fail and show up as a missing or unreadable note).
    #[test]
    fn apply_needs_no_file_on_disk() {
        let root = Path::new("/no/such/vault/anywhere");
        let mut ix = Index::from_notes(
            root,
            &Config::default(),
            VaultSettings::default(),
            Vec::new(),
        );
        let applied = ix.apply(vec![
            parse("Acme.md", ACCOUNT),
            parse("Old/a.md", "[[Acme]]\n"),
            parse("Old/b.md", "b\n"),
        ]);
        assert_eq!(applied.notes.len(), 3);
        assert_eq!(
            ix.backlinks("Acme.md").collect::<Vec<_>>(),
            vec!["Old/a.md"]
        );

        // The same bytes again change nothing.
        assert!(ix.apply(vec![parse("Acme.md", ACCOUNT)]).is_empty());

        // A folder renamed, an account edited, a note that vanished, one unreadable:
        // in one batch, in order, reported once each.
        let applied = ix.apply(vec![
            Update::RemoveFolder("Old".into()),
            parse(
                "Acme.md",
                "---\ntype: customer\n---\n- [ ] call\n- [ ] write\n",
            ),
            parse("New/a.md", "[[Acme]]\n"),
            parse("New/b.md", "b\n"),
            Update::Remove("vanished.md".into()),
            Update::Unreadable {
                path: "Locked.md".into(),
                error: "permission denied".into(),
            },
        ]);
        assert_eq!(
            summary(&applied),
            vec![
                (ChangeKind::Changed, "Acme.md", Some("Acme")),
                (ChangeKind::Added, "New/a.md", None),
                (ChangeKind::Added, "New/b.md", None),
                (ChangeKind::Removed, "Old/a.md", None),
                (ChangeKind::Removed, "Old/b.md", None),
            ]
        );
        assert_eq!(
            ix.backlinks("Acme.md").collect::<Vec<_>>(),
            vec!["New/a.md"]
        );
        assert_eq!(ix.account_tasks("Acme.md").len(), 2);
        assert!(
            ix.problems()
                .iter()
                .any(|p| p.path == "Locked.md" && p.message == "cannot read: permission denied")
        );

        // Later updates of a path win over earlier ones, so batches can be concatenated.
        let applied = ix.apply(vec![
            parse("Late.md", "one\n"),
            Update::Remove("Late.md".into()),
        ]);
        assert!(applied.is_empty() && ix.note("Late.md").is_none());

        // New settings: excluded files are archived, task types follow the new statuses.
        let settings = VaultSettings {
            ignore_filters: IgnoreFilters::new(&["New/"]),
            ..VaultSettings::default()
        };
        let applied = ix.apply(vec![Update::Settings(settings)]);
        assert!(applied.settings_changed && applied.notes.is_empty());
        assert!(ix.is_archived("New/a.md"));

        // A rescan replaces everything with what it read; what follows it applies on top.
        let read = VaultRead {
            notes: vec![note::parse(
                "Acme.md",
                ACCOUNT.as_bytes(),
                &TaskStatuses::default(),
            )],
            ..VaultRead::default()
        };
        let applied = ix.apply(vec![
            parse("Before.md", "dropped: the rescan read the vault after it\n"),
            Update::Rescan {
                reason: "events were lost".into(),
                vault: Box::new(read),
            },
            parse("After.md", "x\n"),
        ]);
        assert_eq!(applied.rescanned.as_deref(), Some("events were lost"));
        assert_eq!(
            summary(&applied),
            vec![
                (ChangeKind::Changed, "Acme.md", Some("Acme")),
                (ChangeKind::Added, "After.md", None),
                (ChangeKind::Removed, "New/a.md", None),
                (ChangeKind::Removed, "New/b.md", None),
            ]
        );
        assert!(!ix.is_archived("New/a.md") && ix.note("Before.md").is_none());
        assert!(ix.problems().iter().all(|p| p.path != "Locked.md"));
    }
}
