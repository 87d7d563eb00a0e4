//! What the index derives from its notes: resolved links, backlinks, accounts,
//! activity and task owners, for the whole vault or only what changed notes affect.

use super::*;

/// Everything computed from the notes as a whole.
///
/// Each note's share of the tables (its resolved links, its owners, its tasks'
/// owners) is kept in `per_note`, so an incremental refresh can take a note's old
/// share out and put its new one in without touching any other note.
#[derive(Debug, Default)]
pub(super) struct Derived {
    pub(super) archived: BTreeSet<NotePath>,
    pub(super) accounts: BTreeSet<NotePath>,
    pub(super) per_note: HashMap<NotePath, NoteDerived>,
    pub(super) backlinks: HashMap<NotePath, Sorted<NotePath>>,
    pub(super) activity: HashMap<NotePath, Sorted<NotePath>>,
    /// Per account, its tasks as (note path, task index), in path/line order.
    pub(super) tasks: HashMap<NotePath, Sorted<(NotePath, usize)>>,
    /// Per name (see [`Names::names`]), the notes with a link or `account:` that
    /// looks it up: the notes to re-resolve when a note gains or loses that name.
    pub(super) link_users: HashMap<String, Sorted<NotePath>>,
    /// Per note, the notes whose `account:` resolves to it (account or not).
    pub(super) account_users: HashMap<NotePath, Sorted<NotePath>>,
    /// Per folder, the account folder notes standing for it; the last one by path
    /// claims the notes under the folder.
    pub(super) folder_accounts: HashMap<String, Sorted<NotePath>>,
}

/// What one note contributes to [`Derived`].
#[derive(Debug, Default)]
pub(super) struct NoteDerived {
    /// The resolved path of each of its links (parallel to `Note::links`).
    pub(super) outlinks: Vec<Option<NotePath>>,
    /// The names its links and `account:` look up (sorted, deduplicated).
    pub(super) lookups: Vec<String>,
    /// What its `account:` resolves to.
    pub(super) account_target: Option<NotePath>,
    /// The accounts it belongs to: itself when it is one, else the account its
    /// `account:` names and the folder-note accounts of the folders it sits in.
    pub(super) owners: Sorted<NotePath>,
    /// The accounts it is an activity note of (its owners, unless it is an account).
    pub(super) activity_of: Vec<NotePath>,
    /// Its tasks' owners, as (account, task index).
    pub(super) tasks: Vec<(NotePath, usize)>,
}

/// A note's links resolved, and what the resolution looked up.
pub(super) struct Linked {
    pub(super) outlinks: Vec<Option<NotePath>>,
    pub(super) lookups: Vec<String>,
    pub(super) account_target: Option<NotePath>,
}

impl Derived {
    pub(super) fn add_links(&mut self, path: &NotePath) {
        let Some(nd) = self.per_note.get(path) else {
            return;
        };
        for target in nd.outlinks.iter().flatten() {
            if target != path {
                insert_into(&mut self.backlinks, target, path);
            }
        }
        for name in &nd.lookups {
            insert_into(&mut self.link_users, name, path);
        }
        if let Some(target) = &nd.account_target {
            insert_into(&mut self.account_users, target, path);
        }
    }

    /// Adds every path the note's share of the tables names: its links'
    /// targets, its owners, its `account:` target, its tasks' owners.
    pub(super) fn named_by(&self, path: &str, out: &mut BTreeSet<NotePath>) {
        let Some(nd) = self.per_note.get(path) else {
            return;
        };
        out.extend(nd.outlinks.iter().flatten().cloned());
        out.extend(nd.owners.iter().cloned());
        out.extend(nd.account_target.iter().cloned());
        out.extend(nd.tasks.iter().map(|(account, _)| account.clone()));
    }

    pub(super) fn remove_links(&mut self, path: &str) {
        let Some(nd) = self.per_note.get_mut(path) else {
            return;
        };
        for target in nd.outlinks.drain(..).flatten() {
            remove_from(&mut self.backlinks, &target, path);
        }
        for name in nd.lookups.drain(..) {
            remove_from(&mut self.link_users, &name, path);
        }
        if let Some(target) = nd.account_target.take() {
            remove_from(&mut self.account_users, &target, path);
        }
    }

    pub(super) fn add_activity(&mut self, path: &NotePath) {
        let Some(nd) = self.per_note.get(path) else {
            return;
        };
        for account in &nd.activity_of {
            insert_into(&mut self.activity, account, path);
        }
    }

    pub(super) fn remove_owners(&mut self, path: &str) {
        let Some(nd) = self.per_note.get_mut(path) else {
            return;
        };
        nd.owners.clear();
        for account in nd.activity_of.drain(..) {
            remove_from(&mut self.activity, &account, path);
        }
    }

    pub(super) fn add_tasks(&mut self, path: &NotePath) {
        let Some(nd) = self.per_note.get(path) else {
            return;
        };
        for (account, i) in &nd.tasks {
            self.tasks
                .entry(account.clone())
                .or_default()
                .insert((path.clone(), *i));
        }
    }

    pub(super) fn remove_tasks(&mut self, path: &str) {
        let Some(nd) = self.per_note.get_mut(path) else {
            return;
        };
        for (account, i) in nd.tasks.drain(..) {
            if let Some(tasks) = self.tasks.get_mut(&account) {
                tasks.remove_task(path, i);
                if tasks.is_empty() {
                    self.tasks.remove(&account);
                }
            }
        }
    }
}

/// A map from each key `keys` gives for a note to the notes that gave it.
pub(super) fn gather<'a, K: Clone + Eq + std::hash::Hash + 'a>(
    per_note: &'a HashMap<NotePath, NoteDerived>,
    keys: impl Fn(&'a NotePath, &'a NoteDerived) -> Vec<&'a K>,
) -> HashMap<K, Sorted<NotePath>> {
    let mut lists: HashMap<K, Vec<NotePath>> = HashMap::default();
    for (path, nd) in per_note {
        for key in keys(path, nd) {
            if let Some(list) = lists.get_mut(key) {
                list.push(path.clone());
            } else {
                lists.insert(key.clone(), vec![path.clone()]);
            }
        }
    }
    (lists.into_iter())
        .map(|(key, list)| (key, Sorted::from_unsorted(list)))
        .collect()
}

pub(super) fn insert_into<K: Clone + Eq + std::hash::Hash>(
    map: &mut HashMap<K, Sorted<NotePath>>,
    key: &K,
    value: &NotePath,
) {
    if let Some(set) = map.get_mut(key) {
        set.insert(value.clone());
    } else {
        map.insert(key.clone(), Sorted::from_unsorted(vec![value.clone()]));
    }
}

pub(super) fn remove_from<K: Eq + std::hash::Hash + std::borrow::Borrow<str>>(
    map: &mut HashMap<K, Sorted<NotePath>>,
    key: &str,
    value: &str,
) {
    if let Some(set) = map.get_mut(key) {
        set.remove(value);
        if set.is_empty() {
            map.remove(key);
        }
    }
}

/// Makes `path`'s membership of `set` equal `member`; reports whether it changed.
pub(super) fn set_member(set: &mut BTreeSet<NotePath>, path: &NotePath, member: bool) -> bool {
    if member {
        !set.contains(path) && set.insert(path.clone())
    } else {
        set.remove(path)
    }
}

impl Index {
    /// Recomputes links, backlinks, accounts, activity and task ownership for the
    /// whole vault.
    pub fn refresh(&mut self) {
        self.pending.clear();
        self.dirty_names.clear();
        self.stale = false;
        self.touched = None;
        let status: Vec<(bool, bool)> = self
            .notes
            .par_iter()
            .map(|(path, note)| {
                (
                    is_archived_path(path, &self.settings.ignore_filters),
                    self.is_account_note(note),
                )
            })
            .collect();
        let mut d = Derived::default();
        for ((path, note), (archived, account)) in self.notes.iter().zip(status) {
            if archived {
                d.archived.insert(path.clone());
            }
            if account {
                d.accounts.insert(path.clone());
                if let Some(folder) = note.folder_note_of() {
                    insert_into(&mut d.folder_accounts, &folder.to_string(), path);
                }
            }
        }
        // Link resolution reads `archived`; ownership reads `accounts` and `folder_accounts`.
        let old = std::mem::replace(&mut self.derived, d);
        // Freeing the previous tables takes a while (about a fifth of a refresh):
        // leave it to another thread (if one cannot start, they are freed here).
        if !old.per_note.is_empty() {
            let _ = std::thread::Builder::new()
                .name("acct-free-index".into())
                .spawn(move || drop(old));
        }
        let linked: Vec<(NotePath, Linked)> = self
            .notes
            .par_iter()
            .map(|(path, note)| (path.clone(), self.link_note(note)))
            .collect();
        self.derived.per_note = linked
            .into_iter()
            .map(|(path, l)| {
                let nd = NoteDerived {
                    outlinks: l.outlinks,
                    lookups: l.lookups,
                    account_target: l.account_target,
                    ..NoteDerived::default()
                };
                (path, nd)
            })
            .collect();
        type Owners = (Sorted<NotePath>, Vec<NotePath>);
        let owners: Vec<(&NotePath, Owners)> = self
            .notes
            .par_iter()
            .map(|(path, note)| {
                let owners = self.owners_of(note);
                let activity_of = if self.derived.accounts.contains(path) {
                    Vec::new()
                } else {
                    owners.iter().cloned().collect()
                };
                (path, (owners, activity_of))
            })
            .collect();
        for (path, (owners, activity_of)) in owners {
            let nd = self.derived.per_note.get_mut(path).expect("linked above");
            nd.owners = owners;
            nd.activity_of = activity_of;
        }
        let tasks: Vec<(&NotePath, Vec<(NotePath, usize)>)> = self
            .notes
            .par_iter()
            .filter(|(_, note)| !note.tasks.is_empty())
            .map(|(path, note)| (path, self.task_owners(note)))
            .collect();
        for (path, tasks) in tasks {
            self.derived
                .per_note
                .get_mut(path)
                .expect("linked above")
                .tasks = tasks;
        }
        // The tables are independent of each other: fill them side by side.
        let d = &mut self.derived;
        let per_note = &d.per_note;
        let ((backlinks, link_users), ((account_users, activity), tasks)) = rayon::join(
            || {
                rayon::join(
                    || {
                        gather(per_note, |path, nd| {
                            nd.outlinks
                                .iter()
                                .flatten()
                                .filter(|t| *t != path)
                                .collect()
                        })
                    },
                    || gather(per_note, |_, nd| nd.lookups.iter().collect()),
                )
            },
            || {
                rayon::join(
                    || {
                        rayon::join(
                            || gather(per_note, |_, nd| nd.account_target.iter().collect()),
                            || gather(per_note, |_, nd| nd.activity_of.iter().collect()),
                        )
                    },
                    || {
                        let mut tasks: HashMap<NotePath, Vec<(NotePath, usize)>> =
                            HashMap::default();
                        for (path, nd) in per_note {
                            for (account, i) in &nd.tasks {
                                if let Some(list) = tasks.get_mut(account) {
                                    list.push((path.clone(), *i));
                                } else {
                                    tasks.insert(account.clone(), vec![(path.clone(), *i)]);
                                }
                            }
                        }
                        (tasks.into_iter())
                            .map(|(account, list)| (account, Sorted::from_unsorted(list)))
                            .collect()
                    },
                )
            },
        );
        d.backlinks = backlinks;
        d.link_users = link_users;
        d.account_users = account_users;
        d.activity = activity;
        d.tasks = tasks;
    }

    /// Brings everything derived up to date after [`Index::upsert`]s and
    /// [`Index::remove`]s, re-deriving only what the changed notes can affect:
    ///
    /// 1. the changed notes' own archived and account status;
    /// 2. links of the changed notes, and of notes looking up a name a changed note
    ///    gained or lost (file name, path, title, alias, folder name);
    /// 3. the owners (activity) of those notes, of notes whose `account:` names a note
    ///    that became or stopped being an account, and of every note under a folder
    ///    whose folder-note account changed;
    /// 4. the task owners of all of those, and of notes linking to a note that became
    ///    or stopped being an account.
    ///
    /// Falls back to [`Index::refresh`] after a settings change.
    pub fn refresh_changed(&mut self) {
        if self.stale {
            self.refresh();
            return;
        }
        let changed = std::mem::take(&mut self.pending);
        let dirty = std::mem::take(&mut self.dirty_names);
        if changed.is_empty() {
            return;
        }
        // 1. Archived and account status.
        let mut flipped: Vec<NotePath> = Vec::new();
        let mut claimed: BTreeSet<String> = BTreeSet::new();
        // Each changed path as the index holds it (a removed note's, as named).
        let changed: BTreeSet<NotePath> = (changed.into_iter())
            .map(|p| match self.notes.get_key_value(p.as_str()) {
                Some((key, _)) => key.clone(),
                None => NotePath::from(p),
            })
            .collect();
        for path in &changed {
            let note = self.notes.get(path);
            let archived = note.is_some() && is_archived_path(path, &self.settings.ignore_filters);
            let account = note.is_some_and(|n| self.is_account_note(n));
            set_member(&mut self.derived.archived, path, archived);
            if !set_member(&mut self.derived.accounts, path, account) {
                continue;
            }
            flipped.push(path.clone());
            if let Some(folder) = note::folder_note_of(path) {
                let holders = self
                    .derived
                    .folder_accounts
                    .entry(folder.to_string())
                    .or_default();
                let before = holders.last().cloned();
                if account {
                    holders.insert(path.clone());
                } else {
                    holders.remove(path);
                }
                if holders.last() != before.as_ref() {
                    claimed.insert(folder.to_string());
                }
                if holders.is_empty() {
                    self.derived.folder_accounts.remove(folder);
                }
            }
        }
        // What each note re-derived below named before and after (see
        // `Applied::touched`): the changed notes and flipped accounts first.
        let mut touched: BTreeSet<NotePath> = changed.clone();
        touched.extend(flipped.iter().cloned());
        // 2. Links.
        let mut affected: BTreeSet<NotePath> = changed.clone();
        for name in &dirty {
            if let Some(users) = self.derived.link_users.get(name) {
                affected.extend(users.iter().cloned());
            }
        }
        for path in &affected {
            self.derived.named_by(path, &mut touched);
            self.derived.remove_links(path);
            if let Some(note) = self.notes.get(path) {
                let l = self.link_note(note);
                let nd = self.derived.per_note.entry(path.clone()).or_default();
                nd.outlinks = l.outlinks;
                nd.lookups = l.lookups;
                nd.account_target = l.account_target;
                self.derived.add_links(path);
            }
        }
        // 3. Owners and activity.
        for account in &flipped {
            if let Some(users) = self.derived.account_users.get(account) {
                affected.extend(users.iter().cloned());
            }
        }
        for folder in &claimed {
            let prefix = format!("{folder}/");
            affected.extend(
                self.notes
                    .range::<str, _>((Bound::Included(prefix.as_str()), Bound::Unbounded))
                    .map(|(p, _)| p)
                    .take_while(|p| p.starts_with(&prefix))
                    .cloned(),
            );
        }
        for path in &affected {
            self.derived.named_by(path, &mut touched);
            self.derived.remove_owners(path);
            if let Some(note) = self.notes.get(path) {
                let owners = self.owners_of(note);
                let nd = self.derived.per_note.entry(path.clone()).or_default();
                if !self.derived.accounts.contains(path) {
                    nd.activity_of = owners.iter().cloned().collect();
                }
                nd.owners = owners;
                self.derived.add_activity(path);
            }
        }
        // 4. Task owners.
        for account in &flipped {
            if let Some(from) = self.derived.backlinks.get(account) {
                affected.extend(from.iter().cloned());
            }
        }
        for path in &affected {
            self.derived.named_by(path, &mut touched);
            self.derived.remove_tasks(path);
            if let Some(note) = self.notes.get(path)
                && !note.tasks.is_empty()
            {
                let tasks = self.task_owners(note);
                self.derived.per_note.entry(path.clone()).or_default().tasks = tasks;
                self.derived.add_tasks(path);
            }
        }
        for path in &affected {
            self.derived.named_by(path, &mut touched);
        }
        if let Some(all) = &mut self.touched {
            all.extend(touched);
        }
        for path in &changed {
            if !self.notes.contains_key(path) {
                self.derived.per_note.remove(path);
            }
        }
    }

    /// Resolves a note's links and its `account:`, noting the names looked up.
    pub(super) fn link_note(&self, note: &Note) -> Linked {
        let path = note.path.as_str();
        let mut lookups = Vec::new();
        let outlinks = note
            .links
            .iter()
            .map(|l| {
                self.resolve_noting(&l.target, path, l.markdown, Some(&mut lookups))
                    .cloned()
            })
            .collect();
        let account_target = note.account.as_deref().and_then(|target| {
            self.resolve_noting(target, path, false, Some(&mut lookups))
                .cloned()
        });
        lookups.sort_unstable();
        lookups.dedup();
        Linked {
            outlinks,
            lookups,
            account_target,
        }
    }

    /// The accounts a note belongs to (needs its `account:` resolved).
    pub(super) fn owners_of(&self, note: &Note) -> Sorted<NotePath> {
        let path = note.path.as_str();
        let d = &self.derived;
        if let Some(me) = d.accounts.get(path) {
            return Sorted::from_unsorted(vec![me.clone()]);
        }
        let mut owners = Vec::new();
        if let Some(a) = d
            .per_note
            .get(path)
            .and_then(|nd| nd.account_target.as_ref())
            .filter(|a| d.accounts.contains(*a))
        {
            owners.push(a.clone());
        }
        // A folder note that is an account claims the notes in its folder.
        let mut folder = note.folder();
        while !folder.is_empty() {
            if let Some(a) = d.folder_accounts.get(folder).and_then(|h| h.last()) {
                owners.push(a.clone());
            }
            folder = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
        Sorted::from_unsorted(owners)
    }

    /// The owners of each of a note's tasks (needs its links and owners derived).
    pub(super) fn task_owners(&self, note: &Note) -> Vec<(NotePath, usize)> {
        let path = note.path.as_str();
        let d = &self.derived;
        let Some(nd) = d.per_note.get(path) else {
            return Vec::new();
        };
        let link_accounts: Vec<Option<NotePath>> = nd
            .outlinks
            .iter()
            .map(|r| r.clone().filter(|r| d.accounts.contains(r) && &**r != path))
            .collect();
        task_owners(note, nd.owners.as_slice(), &link_accounts)
    }

    pub(super) fn is_account_note(&self, note: &Note) -> bool {
        super::is_account(note, &self.account_types)
    }
}

/// The owners of each of a note's tasks, as (owner, task index), given the
/// accounts the note belongs to (`base`, sorted, without duplicates) and,
/// for each of its links, the account it resolves to (`None` when it resolves to no account, or to the
/// note itself). Accounts are paths in the index and ids in the kept sources
/// of the list's rows (`model/listing`), which recompute a changed note's task
/// owners without an index.
pub fn task_owners<A: Ord + Clone>(
    note: &Note,
    base: &[A],
    link_accounts: &[Option<A>],
) -> Vec<(A, usize)> {
    let account_of = |target: &str| -> Option<&A> {
        note.links
            .iter()
            .zip(link_accounts)
            .find(|(l, _)| l.target == target)
            .and_then(|(_, r)| r.as_ref())
    };
    let note_accounts: BTreeSet<&A> = link_accounts.iter().flatten().collect();
    let mut out = Vec::new();
    for (i, task) in note.tasks.iter().enumerate() {
        let task_accounts: BTreeSet<&A> = task.links.iter().filter_map(|t| account_of(t)).collect();
        let mut owners: BTreeSet<&A> = base.iter().collect();
        owners.extend(task_accounts.iter());
        // A note naming exactly one account hands its tasks to it, unless the
        // note already belongs to an account or the task names another one.
        if base.is_empty() && note_accounts.len() == 1 && task_accounts.is_subset(&note_accounts) {
            owners.extend(note_accounts.iter());
        }
        out.extend(owners.into_iter().map(|owner| (owner.clone(), i)));
    }
    out
}
