//! Names a link may use (paths, file names, titles, aliases, folder names) and
//! link resolution: Obsidian's rules first, then acct's extension by title,
//! alias and folder name (docs/vault.md).

use super::*;

/// Lookup tables from the names a link may use to note paths.
#[derive(Debug, Default)]
pub(super) struct Names {
    /// Lower-cased path without `.md`.
    pub(super) by_path: HashMap<String, Vec<NotePath>>,
    /// Lower-cased file name without `.md`.
    pub(super) by_stem: HashMap<String, Vec<NotePath>>,
    /// Lower-cased title or alias.
    pub(super) by_title: HashMap<String, Vec<NotePath>>,
    /// Lower-cased folder name, for folder notes.
    pub(super) by_folder: HashMap<String, Vec<NotePath>>,
    /// The last two segments of the lower-cased path without `.md` (`acme/readme`):
    /// the candidates for a partial path such as `[[Acme/README]]`, which
    /// Obsidian writes when a file name is not unique.
    pub(super) by_tail: HashMap<String, Vec<NotePath>>,
}

impl Names {
    /// Made of the note's path, title and aliases only: [`super::standing`]
    /// relies on it.
    pub(super) fn keys(note: &Note) -> [Vec<String>; 5] {
        let path = note
            .path
            .strip_suffix(".md")
            .unwrap_or(&note.path)
            .to_lowercase();
        let stem = note.stem().to_lowercase();
        let mut titles: Vec<String> = std::iter::once(&note.title)
            .chain(&note.aliases)
            .map(|t| t.to_lowercase())
            .collect();
        titles.sort();
        titles.dedup();
        let folder = note
            .folder_note_of()
            .map(|f| f.rsplit('/').next().unwrap_or(f).to_lowercase())
            .into_iter()
            .collect();
        let tail = tail(&path).map(str::to_string).into_iter().collect();
        [vec![path], vec![stem], titles, folder, tail]
    }

    /// Every name a link lookup can find the note under, as the last `/`-segment of
    /// the key looked up: its file name (also as the last segment of its path key),
    /// titles and aliases, and folder name. A resolution of a link only ever finds
    /// notes one of whose names is among those [`Index::resolve_noting`] reports.
    pub(super) fn names(keys: &[Vec<String>; 5]) -> impl Iterator<Item = &str> {
        // A tail ends in the file name, which the path key gives already.
        let [path, stem, titles, folder, _tail] = keys;
        path.iter()
            .map(|p| last_segment(p))
            .chain(stem.iter().chain(titles).chain(folder).map(String::as_str))
    }

    pub(super) fn tables(&mut self) -> [&mut HashMap<String, Vec<NotePath>>; 5] {
        [
            &mut self.by_path,
            &mut self.by_stem,
            &mut self.by_title,
            &mut self.by_folder,
            &mut self.by_tail,
        ]
    }

    /// Adds the note at `path` (the index's own handle on it).
    pub(super) fn add(&mut self, path: &NotePath, note: &Note) {
        self.add_keys(path, Self::keys(note));
    }

    /// Adds every note, each under its `keys` ([`Names::keys`]): the five tables
    /// are filled at once, one per task, on all cores.
    pub(super) fn add_all(&mut self, notes: Vec<(&NotePath, [Vec<String>; 5])>) {
        let mut columns: [Vec<(&NotePath, Vec<String>)>; 5] = Default::default();
        for (path, keys) in notes {
            for (column, keys) in columns.iter_mut().zip(keys) {
                if !keys.is_empty() {
                    column.push((path, keys));
                }
            }
        }
        self.tables()
            .into_par_iter()
            .zip(columns)
            .for_each(|(table, column)| {
                table.reserve(column.len());
                for (path, keys) in column {
                    for key in keys {
                        insert_sorted(table.entry(key).or_default(), path);
                    }
                }
                // Most names are one note's: a list grown from empty has room for four.
                for paths in table.values_mut() {
                    paths.shrink_to_fit();
                }
            });
    }

    /// Adds the note at `path` under `keys` ([`Names::keys`], which a whole
    /// vault's build computes on all cores).
    pub(super) fn add_keys(&mut self, path: &NotePath, keys: [Vec<String>; 5]) {
        for (table, keys) in self.tables().into_iter().zip(keys) {
            for key in keys {
                insert_sorted(table.entry(key).or_default(), path);
            }
        }
    }

    pub(super) fn remove(&mut self, note: &Note) {
        for (table, keys) in self.tables().into_iter().zip(Self::keys(note)) {
            for key in keys {
                if let Some(paths) = table.get_mut(&key) {
                    paths.retain(|p| **p != *note.path);
                    if paths.is_empty() {
                        table.remove(&key);
                    }
                }
            }
        }
    }
}

/// Inserts `path` into `paths`, kept sorted and without duplicates.
fn insert_sorted(paths: &mut Vec<NotePath>, path: &NotePath) {
    if let Err(at) = paths.binary_search(path) {
        paths.insert(at, path.clone());
    }
}

impl Index {
    /// Resolves a link target like Obsidian does, then by title/alias and folder name.
    /// Live notes win over archived ones; then the shortest path.
    pub fn resolve_link(&self, target: &str, from: &str, markdown: bool) -> Option<&str> {
        self.resolve_noting(target, from, markdown, None)
            .map(|p| &**p)
    }

    /// [`Index::resolve_link`], adding to `names` (when given) every name (see
    /// [`Names::names`]) the resolution may look up: each key it looks up or
    /// suffix-matches ends in one of them.
    pub(super) fn resolve_noting(
        &self,
        target: &str,
        from: &str,
        markdown: bool,
        names: Option<&mut Vec<String>>,
    ) -> Option<&NotePath> {
        let lower = link_key(target)?;
        let joined = joined_key(&lower, from, markdown);
        let normalized = normalize_path(&lower);
        if let Some(names) = names {
            push_looked_up(names, joined.as_deref(), &normalized, &lower);
        }
        if let Some(joined) = &joined
            && let Some(found) = self.pick(self.names.by_path.get(joined))
        {
            return Some(found);
        }
        if let Some(found) = self.pick(self.names.by_path.get(&normalized)) {
            return Some(found);
        }
        if lower.contains('/') {
            // A partial path matches the notes whose path ends in it: only notes
            // with the same last two segments can, so only those are looked at.
            let suffix = format!("/{lower}");
            let candidates = tail(&lower)
                .and_then(|t| self.names.by_tail.get(t))
                .into_iter()
                .flatten()
                .filter(|p| {
                    let key = p.strip_suffix(".md").unwrap_or(p).to_lowercase();
                    key.ends_with(&suffix)
                });
            if let Some(found) = self.pick_among(candidates) {
                return Some(found);
            }
        } else if let Some(found) = self.pick(self.names.by_stem.get(&lower)) {
            return Some(found);
        }
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        self.pick(self.names.by_title.get(name))
            .or_else(|| self.pick(self.names.by_folder.get(name)))
    }

    pub(super) fn pick<'a>(
        &'a self,
        candidates: Option<&'a Vec<NotePath>>,
    ) -> Option<&'a NotePath> {
        self.pick_among(candidates?.iter())
    }

    /// Of notes a link may mean, the one it resolves to: live before archived,
    /// then the shortest path, then the first by path.
    fn pick_among<'a>(
        &'a self,
        candidates: impl Iterator<Item = &'a NotePath>,
    ) -> Option<&'a NotePath> {
        candidates.min_by_key(|p| (self.is_archived(p), p.len(), &***p))
    }
}

/// A Markdown link's target joined to the folder of the note it is in.
fn joined_key(lower: &str, from: &str, markdown: bool) -> Option<String> {
    markdown.then(|| {
        let folder = from.rsplit_once('/').map_or("", |(d, _)| d);
        normalize_path(&format!("{folder}/{lower}"))
    })
}

/// Adds the names (see [`Names::names`]) a lookup of these keys reads to `names`.
fn push_looked_up(names: &mut Vec<String>, joined: Option<&str>, normalized: &str, lower: &str) {
    let start = names.len();
    for key in joined.into_iter().chain([normalized, lower]) {
        let name = last_segment(key);
        if !names[start..].iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
}

/// The names (see [`Names::names`]) resolving the link `target` in the note
/// at `from` reads: only a note under one of them can be what it finds, so
/// the resolution stands while no note under any of them comes or goes.
pub fn looked_up_names(target: &str, from: &str, markdown: bool) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(lower) = link_key(target) {
        let joined = joined_key(&lower, from, markdown);
        push_looked_up(
            &mut names,
            joined.as_deref(),
            &normalize_path(&lower),
            &lower,
        );
    }
    names
}

/// Every name (see [`Names::names`]) the note can be found under.
pub fn names_of(note: &Note) -> Vec<String> {
    Names::names(&Names::keys(note))
        .map(str::to_string)
        .collect()
}

/// A link target as looked up: trimmed, without a leading `/` or `.md`, lower-cased.
pub fn link_key(target: &str) -> Option<String> {
    let target = target.trim().trim_start_matches('/');
    let target = target.strip_suffix(".md").unwrap_or(target);
    (!target.is_empty()).then(|| target.to_lowercase())
}

/// The last two `/`-segments of a key, or `None` when it has one.
pub(super) fn tail(key: &str) -> Option<&str> {
    let (head, _) = key.rsplit_once('/')?;
    let start = head.rfind('/').map_or(0, |i| i + 1);
    Some(&key[start..])
}

pub(super) fn last_segment(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

/// Removes `.` and `..` segments from a `/`-separated path.
pub(super) fn normalize_path(p: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            part => out.push(part),
        }
    }
    out.join("/")
}
