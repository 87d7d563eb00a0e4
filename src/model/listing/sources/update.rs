//! Bringing the kept rows up to date with notes edited, added or removed,
//! from those notes and the notes of the accounts they feed alone
//! (docs/performance.md, "Rows after changes").

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::facts::Facts;
use super::{Id, NoteSource, Part, Sources, name_hash};
use crate::config::Config;
use crate::index::{self, Index};
use crate::model::dashboard::{self, AccountSummary};
use crate::note::{self, Note};
use crate::vault::{self, Survey, VaultSettings};

/// The rows after an update, and the sources to keep with them.
pub(in crate::model::listing) struct Updated {
    pub rows: Vec<AccountSummary>,
    pub sources: Sources,
    /// Notes read to recompute them.
    pub notes_read: usize,
    /// Rows recomputed.
    pub rows_computed: usize,
}

/// What a note's links and `account:` resolve to.
struct Linked {
    /// See [`NoteSource::link_accounts`] (here one per link).
    link_accounts: Vec<Option<Id>>,
    account_target: Option<Id>,
}

impl Sources {
    /// The rows `rows` (every account's, as kept with these sources) brought up
    /// to date with the vault `survey` saw. `None` when that needs an index: an
    /// account was removed or renamed, a new account claims a folder that has
    /// notes, an edited note's names differ, a note came or went under a name
    /// some link looked up, a new or relinked note has a Markdown link, a note
    /// cannot be read or changed again while read, or so many notes changed
    /// that reading them is as quick.
    pub(in crate::model::listing) fn update(
        self,
        mut rows: Vec<AccountSummary>,
        root: &Path,
        survey: &Survey,
        settings: &VaultSettings,
        config: &Config,
        today: NaiveDate,
    ) -> Option<Updated> {
        let Sources {
            paths_hash,
            notes: old_notes,
            paths: mut old_paths,
            names: mut old_names,
            mut links,
        } = self;
        let surveyed_hash = super::paths_hash(survey.paths.iter().map(String::as_str));
        // Which kept note each surveyed path is (both lists sorted); the same
        // list needs no look at the kept paths.
        let same_paths = surveyed_hash == paths_hash && survey.paths.len() == old_notes.len();
        let (new_of_old, old_of_new): (Vec<Option<Id>>, Vec<Option<usize>>) = if same_paths {
            let ids = 0..old_notes.len();
            (
                ids.clone().map(|i| Some(i as Id)).collect(),
                ids.map(Some).collect(),
            )
        } else {
            align(old_paths.get()?, &survey.paths)?
        };
        let removed: Vec<usize> = (0..old_notes.len())
            .filter(|i| new_of_old[*i].is_none())
            .collect();
        let added: Vec<usize> = (0..survey.paths.len())
            .filter(|j| old_of_new[*j].is_none())
            .collect();
        let changed: Vec<usize> = (0..survey.paths.len())
            .filter(|j| old_of_new[*j].is_some_and(|i| survey.keys[*j] != Some(old_notes[i].key)))
            .collect();
        if removed.len() + added.len() + changed.len() > (survey.paths.len() / 8).max(64) {
            return give_up("more notes changed than reading them alone is worth");
        }
        if removed.iter().any(|r| old_notes[*r].account) {
            return give_up("an account was removed or renamed");
        }
        // The kept notes in the surveyed order, ids renumbered when notes came
        // or went (a removed note is no account, so only ids of notes a link
        // resolves to can name one: those make the update give up).
        let mut touched: BTreeSet<Id> = BTreeSet::new();
        let mut gone_names: Vec<u64> = Vec::new();
        let mut names: Option<Vec<Option<Vec<u64>>>> = None;
        let mut notes: Vec<Option<NoteSource>> = if removed.is_empty() && added.is_empty() {
            old_notes.into_iter().map(Some).collect()
        } else {
            let remap = |id: Id| new_of_old.get(id as usize).copied().flatten();
            let renumber = |n: &NoteSource| -> Option<NoteSource> {
                Some(NoteSource {
                    owners: n.owners.iter().map(|a| remap(*a)).collect::<Option<_>>()?,
                    link_accounts: (n.link_accounts.iter())
                        .map(|a| match a {
                            Some(a) => remap(*a).map(Some),
                            None => Some(None),
                        })
                        .collect::<Option<_>>()?,
                    tasks: (n.tasks.iter())
                        .map(|(a, t)| Some((remap(*a)?, *t)))
                        .collect::<Option<_>>()?,
                    ..n.clone()
                })
            };
            let mut kept_names = old_names.take()?;
            if kept_names.len() != old_notes.len() {
                return None;
            }
            for &r in &removed {
                let gone = renumber(&old_notes[r])?;
                touched.extend(gone.feeds());
                gone_names.extend(&kept_names[r]);
            }
            for target in links.get()?.resolved.values_mut() {
                if let Some(id) = target {
                    *target =
                        Some(remap(*id).or_else(|| give_up("a note some link finds was removed"))?);
                }
            }
            names = Some(
                (old_of_new.iter())
                    .map(|old| old.map(|i| std::mem::take(&mut kept_names[i])))
                    .collect(),
            );
            old_names = Part::Value(Vec::new());
            (old_of_new.iter())
                .map(|old| match old {
                    Some(i) => renumber(&old_notes[*i]).map(Some),
                    None => Some(None),
                })
                .collect::<Option<_>>()?
        };
        let reader = Reader {
            root,
            survey,
            settings,
        };
        let types = index::account_types(config);
        let fresh: Vec<(usize, Note)> = (changed.iter().chain(&added))
            .copied()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|&i| Some((i, reader.read(i)?)))
            .collect::<Option<_>>()
            .or_else(|| give_up("a changed note could not be read, or changed again"))?;
        // New accounts. One that is a folder note claims the notes under its
        // folder: only a new folder (no note kept under it, no account
        // claiming it already) leaves every kept note's owners as they were.
        let came_accounts: HashSet<usize> = (fresh.iter())
            .filter(|(i, note)| notes[*i].is_none() && index::is_account(note, &types))
            .map(|(i, _)| *i)
            .collect();
        // Where each account folder note's folder is (the last by path claims it).
        let folder_holders: OnceCell<HashMap<&str, Id>> = OnceCell::new();
        let holders = || {
            folder_holders.get_or_init(|| {
                let mut map: HashMap<&str, Id> = HashMap::default();
                for (i, n) in notes.iter().enumerate() {
                    let account = match n {
                        Some(n) => n.account,
                        None => came_accounts.contains(&i),
                    };
                    if account && let Some(folder) = note::folder_note_of(&survey.paths[i]) {
                        map.insert(folder, i as Id);
                    }
                }
                map
            })
        };
        for &a in &came_accounts {
            let Some(folder) = note::folder_note_of(&survey.paths[a]) else {
                continue;
            };
            let inside = format!("{folder}/");
            let from = survey
                .paths
                .partition_point(|p| p.as_str() < inside.as_str());
            let kept_inside = (survey.paths[from..].iter().enumerate())
                .take_while(|(_, p)| p.starts_with(&inside))
                .any(|(k, _)| notes[from + k].is_some());
            let claimed = (survey.paths.iter().enumerate()).any(|(i, p)| {
                i != a
                    && note::folder_note_of(p) == Some(folder)
                    && (notes[i].as_ref().is_some_and(|n| n.account) || came_accounts.contains(&i))
            });
            if kept_inside || claimed {
                return give_up(
                    "a new account claims a folder that has notes or an account already",
                );
            }
        }
        let is_account = |id: Id| match notes.get(id as usize) {
            Some(Some(n)) => n.account,
            Some(None) => came_accounts.contains(&(id as usize)),
            None => false,
        };
        // The names of the notes that came, and none under a name a link of
        // the vault looked up before this start: every resolution made before
        // stands (a resolution only ever finds notes under the names it looks up).
        let came_names: Vec<(usize, Vec<u64>)> = (fresh.iter())
            .filter(|(i, _)| notes[*i].is_none())
            .map(|(i, note)| {
                (
                    *i,
                    index::names_of(note).iter().map(|n| name_hash(n)).collect(),
                )
            })
            .collect();
        if !came_names.is_empty() || !gone_names.is_empty() {
            let looked_up = &links.get()?.looked_up;
            let came = came_names.iter().flat_map(|(_, n)| n);
            if came.chain(&gone_names).any(|n| looked_up.contains(n)) {
                return give_up("a note came or went under a name some link looks up");
            }
        }
        // Wikilink targets of new and relinked notes that the vault never looked
        // up: resolved from the notes under the names they look up (those that
        // came included), which are all the notes a resolution can find.
        let relinked = (fresh.iter()).filter(|(i, note)| {
            notes[*i]
                .as_ref()
                .is_none_or(|kept| index::links_standing(note) != kept.links)
        });
        let mut unknown: BTreeMap<String, (&str, &str)> = BTreeMap::new();
        for (_, note) in relinked {
            let wikilinks = (note.links.iter())
                .filter(|l| !l.markdown)
                .map(|l| l.target.as_str());
            for target in wikilinks.chain(note.account.as_deref()) {
                if let Some(key) = index::link_key(target)
                    && !links.get()?.resolved.contains_key(&key)
                {
                    unknown.insert(key, (target, note.path.as_str()));
                }
            }
        }
        if !unknown.is_empty() {
            let mut names_of_notes: Vec<Option<&[u64]>> = match &names {
                Some(names) => names.iter().map(Option::as_deref).collect(),
                None => old_names
                    .get()?
                    .iter()
                    .map(|n| Some(n.as_slice()))
                    .collect(),
            };
            for (i, came) in &came_names {
                names_of_notes[*i] = Some(came);
            }
            let came: HashMap<usize, &Note> = (fresh.iter())
                .filter(|(i, _)| notes[*i].is_none())
                .map(|(i, note)| (*i, note))
                .collect();
            let resolved = resolve_new_targets(unknown, &names_of_notes, &came, &reader, config)?;
            links.get()?.resolved.extend(resolved);
        }
        let mut looked_up_now: Vec<u64> = Vec::new();
        let mut updates: Vec<(usize, NoteSource)> = Vec::with_capacity(fresh.len());
        for (i, note) in &fresh {
            let id = *i as Id;
            let kept = notes[*i].as_ref();
            let standing = index::standing(note, &types);
            let links_now = index::links_standing(note);
            let mut source = match kept {
                Some(kept) => {
                    if standing != kept.standing {
                        return give_up("a note's title, aliases or being an account changed");
                    }
                    touched.extend(kept.feeds());
                    kept.clone()
                }
                None => NoteSource {
                    key: survey.keys[*i]?,
                    standing,
                    links: links_now,
                    account: came_accounts.contains(i),
                    owners: Vec::new(),
                    link_accounts: Vec::new(),
                    tasks: Vec::new(),
                },
            };
            if kept.is_none() || links_now != source.links {
                let linked = link(note, &links.get()?.resolved, id, &is_account)
                    .or_else(|| give_up("a Markdown link in a new or relinked note"))?;
                looked_up_now.extend(lookups(note).iter().map(|n| name_hash(n)));
                source.owners = if source.account {
                    vec![id]
                } else {
                    owners_of(note, linked.account_target, &is_account, holders())
                };
                let any_account = linked.link_accounts.iter().any(Option::is_some);
                source.link_accounts = if any_account {
                    linked.link_accounts
                } else {
                    Vec::new()
                };
                source.links = links_now;
            }
            let mut base = source.owners.clone();
            base.sort_unstable();
            base.dedup();
            let link_accounts = if source.link_accounts.is_empty() {
                vec![None; note.links.len()]
            } else {
                source.link_accounts.clone()
            };
            source.tasks = index::task_owners(note, &base, &link_accounts)
                .into_iter()
                .map(|(a, t)| Some((a, u32::try_from(t).ok()?)))
                .collect::<Option<_>>()?;
            source.key = survey.keys[*i]?;
            touched.extend(source.feeds());
            updates.push((*i, source));
        }
        if !looked_up_now.is_empty() {
            links.get()?.looked_up.extend(looked_up_now);
        }
        for (i, source) in updates {
            notes[i] = Some(source);
        }
        let names = match names {
            Some(mut names) => {
                for (i, came) in came_names {
                    names[i] = Some(came);
                }
                Part::Value(names.into_iter().collect::<Option<_>>()?)
            }
            None => old_names,
        };
        let notes: Vec<NoteSource> = notes.into_iter().collect::<Option<_>>()?;
        let (fresh_rows, notes_read) = rows_of(&touched, &notes, fresh, &reader, config, today)?;
        let rows_computed = fresh_rows.len();
        let recomputed: HashSet<&str> = fresh_rows.iter().map(|r| r.path.as_str()).collect();
        let before = rows.len();
        rows.retain(|r| !recomputed.contains(r.path.as_str()));
        if before - rows.len() + came_accounts.len() != rows_computed {
            return give_up("the kept rows are not every account's");
        }
        rows.extend(fresh_rows);
        dashboard::sort_for_triage(&mut rows);
        Some(Updated {
            rows,
            sources: Sources {
                paths_hash: surveyed_hash,
                notes,
                paths: if same_paths {
                    old_paths
                } else {
                    Part::Value(survey.paths.clone())
                },
                names,
                links,
            },
            notes_read,
            rows_computed,
        })
    }
}

/// For two sorted lists of paths, where each path of one is in the other:
/// `None` when `new` is not sorted.
#[allow(clippy::type_complexity)]
fn align(old: &[String], new: &[String]) -> Option<(Vec<Option<Id>>, Vec<Option<usize>>)> {
    if !new.windows(2).all(|w| w[0] < w[1]) {
        return None;
    }
    let mut new_of_old: Vec<Option<Id>> = vec![None; old.len()];
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.len()];
    let (mut i, mut j) = (0, 0);
    while i < old.len() && j < new.len() {
        match old[i].cmp(&new[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                new_of_old[i] = Some(j as Id);
                old_of_new[j] = Some(i);
                i += 1;
                j += 1;
            }
        }
    }
    Some((new_of_old, old_of_new))
}

/// Reads the notes the survey found, as it found them.
struct Reader<'a> {
    root: &'a Path,
    survey: &'a Survey,
    settings: &'a VaultSettings,
}

impl Reader<'_> {
    /// The note with id `i`; `None` when it cannot be read or changed since
    /// the survey (whatever it is now, the survey did not see it).
    fn read(&self, i: usize) -> Option<Note> {
        let rel = &self.survey.paths[i];
        let (note, key) = vault::read_note_keyed(self.root, rel, &self.settings.statuses).ok()?;
        (Some(key) == self.survey.keys[i]).then_some(note)
    }
}

/// What each wikilink target the vault never looked up (by its key: the
/// target and the note it is written in) resolves to: found by an index of
/// just the notes under the names it looks up (`names`: each note's; those
/// that came in this start, `came`, as read already), which are all the notes
/// a resolution can find.
fn resolve_new_targets(
    unknown: BTreeMap<String, (&str, &str)>,
    names: &[Option<&[u64]>],
    came: &HashMap<usize, &Note>,
    reader: &Reader,
    config: &Config,
) -> Option<Vec<(String, Option<Id>)>> {
    let wanted: HashSet<u64> = (unknown.values())
        .flat_map(|(target, from)| index::looked_up_names(target, from, false))
        .map(|n| name_hash(&n))
        .collect();
    let candidates: Vec<usize> = (names.iter().enumerate())
        .filter(|(_, n)| n.is_some_and(|n| n.iter().any(|h| wanted.contains(h))))
        .map(|(i, _)| i)
        .collect();
    if candidates.len() > 256 {
        return give_up("a new link target that many notes could be");
    }
    let found: Vec<Note> = (candidates.par_iter())
        .map(|&i| match came.get(&i) {
            Some(note) => Some((*note).clone()),
            None => reader.read(i),
        })
        .collect::<Option<_>>()
        .or_else(|| give_up("a note a new link could find could not be read"))?;
    let few = Index::from_notes(reader.root, config, reader.settings.clone(), found);
    let paths = &reader.survey.paths;
    Some(
        (unknown.into_iter())
            .map(|(key, (target, from))| {
                let found = few.resolve_link(target, from, false);
                let id = found.and_then(|t| paths.binary_search_by(|p| p.as_str().cmp(t)).ok());
                (key, id.map(|i| i as Id))
            })
            .collect(),
    )
}

/// The rows of the `touched` accounts, computed from their notes, activity
/// notes and task notes (`fresh` already read, the rest read now), and how
/// many notes were read.
fn rows_of(
    touched: &BTreeSet<Id>,
    notes: &[NoteSource],
    fresh: Vec<(usize, Note)>,
    reader: &Reader,
    config: &Config,
    today: NaiveDate,
) -> Option<(Vec<AccountSummary>, usize)> {
    // What the touched accounts' rows read: their notes, activity and tasks.
    let mut activity: HashMap<Id, Vec<Id>> = HashMap::default();
    let mut tasks: HashMap<Id, Vec<(Id, u32)>> = HashMap::default();
    let mut needed: BTreeSet<Id> = touched.clone();
    for (i, n) in notes.iter().enumerate() {
        let i = i as Id;
        if !n.account {
            for owner in n.owners.iter().filter(|o| touched.contains(o)) {
                activity.entry(*owner).or_default().push(i);
                needed.insert(i);
            }
        }
        for (owner, t) in n.tasks.iter().filter(|(o, _)| touched.contains(o)) {
            tasks.entry(*owner).or_default().push((i, *t));
            needed.insert(i);
        }
    }
    let mut read_notes: HashMap<Id, Note> = fresh.into_iter().map(|(i, n)| (i as Id, n)).collect();
    let fresh_count = read_notes.len();
    let unread: Vec<Id> = (needed.iter().copied())
        .filter(|i| !read_notes.contains_key(i))
        .collect();
    let more: Vec<(Id, Note)> = unread
        .par_iter()
        .map(|&i| Some((i, reader.read(i as usize)?)))
        .collect::<Option<_>>()?;
    let notes_read = fresh_count + more.len();
    read_notes.extend(more);
    let path = |i: &Id| reader.survey.paths[*i as usize].as_str();
    let facts = Facts {
        notes: read_notes.values().map(|n| (n.path.as_str(), n)).collect(),
        activity: (activity.iter())
            .map(|(a, list)| (path(a), list.iter().map(path).collect()))
            .collect(),
        tasks: (tasks.iter())
            .map(|(a, list)| {
                let list = list.iter().map(|(n, t)| (path(n), *t as usize));
                (path(a), list.collect())
            })
            .collect(),
        settings: reader.settings,
        cadence: config.cadence(),
    };
    let fresh_rows: Vec<AccountSummary> = (touched.iter())
        .filter(|a| notes[**a as usize].account)
        .map(|a| Some(dashboard::summary(&facts, read_notes.get(a)?, today)))
        .collect::<Option<_>>()?;
    Some((fresh_rows, notes_read))
}

/// Logs why the kept rows cannot be brought up to date (at `ACCT_LOG=debug`),
/// and gives up: the start builds the index.
pub(in crate::model::listing) fn give_up<T>(why: &str) -> Option<T> {
    tracing::debug!(why, "the account list needs the index");
    None
}

/// What `note`'s wikilinks and `account:` resolve to, as the vault resolved
/// them (`resolved`); `None` when it has a Markdown link (resolved from its
/// folder) or a target the vault never looked up.
fn link(
    note: &Note,
    resolved: &HashMap<String, Option<Id>>,
    id: Id,
    is_account: &impl Fn(Id) -> bool,
) -> Option<Linked> {
    let lookup = |target: &str| -> Option<Option<Id>> {
        match index::link_key(target) {
            Some(key) => resolved.get(&key).copied(),
            None => Some(None),
        }
    };
    let mut link_accounts = Vec::with_capacity(note.links.len());
    for l in &note.links {
        if l.markdown {
            return None;
        }
        let target = lookup(&l.target)?;
        link_accounts.push(target.filter(|t| *t != id && is_account(*t)));
    }
    let account_target = match note.account.as_deref() {
        Some(account) => lookup(account)?,
        None => None,
    };
    Some(Linked {
        link_accounts,
        account_target,
    })
}

/// The names `note`'s links and `account:` look up.
fn lookups(note: &Note) -> Vec<String> {
    let path = note.path.as_str();
    let mut names: Vec<String> = (note.links.iter())
        .flat_map(|l| index::looked_up_names(&l.target, path, l.markdown))
        .collect();
    if let Some(account) = &note.account {
        names.extend(index::looked_up_names(account, path, false));
    }
    names
}

/// The accounts a note that is no account belongs to: the one its `account:`
/// names, and the folder-note accounts of the folders it sits in.
fn owners_of(
    note: &Note,
    account_target: Option<Id>,
    is_account: &impl Fn(Id) -> bool,
    holders: &HashMap<&str, Id>,
) -> Vec<Id> {
    let mut owners = BTreeSet::new();
    if let Some(a) = account_target.filter(|a| is_account(*a)) {
        owners.insert(a);
    }
    let mut folder = note.folder();
    while !folder.is_empty() {
        if let Some(a) = holders.get(folder) {
            owners.insert(*a);
        }
        folder = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
    }
    owners.into_iter().collect()
}
