//! How the index's tables name notes: each note's path is allocated once and
//! shared by every table that names it, and the many small sets of paths are
//! sorted lists rather than trees (docs/performance.md, "The index's tables").

use std::sync::Arc;

/// A note's path in the index's tables: one allocation per note, shared.
pub type NotePath = Arc<str>;

/// A set of note paths (or of `(path, task index)` pairs), kept sorted and
/// without duplicates.
///
/// Most of the index's sets hold a handful of entries (a note's owners, the
/// notes linking to one note), where a tree's nodes cost many times what they
/// hold. A sorted list costs only its entries; an insertion or removal moves
/// the entries after it, which for the largest set of a 50,000-note vault is
/// under a megabyte of memory moved once per change the watcher applies. A
/// whole vault's sets are built by [`Sorted::from_unsorted`], never one
/// insertion at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sorted<T>(Vec<T>);

impl<T> Default for Sorted<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T: Ord> Sorted<T> {
    /// The set of these entries, however ordered.
    pub fn from_unsorted(mut entries: Vec<T>) -> Self {
        entries.sort_unstable();
        entries.dedup();
        entries.shrink_to_fit();
        Self(entries)
    }

    /// Adds `entry`; reports whether it was new.
    pub fn insert(&mut self, entry: T) -> bool {
        match self.0.binary_search(&entry) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, entry);
                true
            }
        }
    }

    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The greatest entry.
    pub fn last(&self) -> Option<&T> {
        self.0.last()
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// Finds an entry by a key ordered as the entries are.
    fn find<K: Ord + ?Sized>(&self, key: &K, key_of: impl Fn(&T) -> &K) -> Result<usize, usize> {
        self.0.binary_search_by(|e| key_of(e).cmp(key))
    }
}

impl Sorted<NotePath> {
    pub fn contains(&self, path: &str) -> bool {
        self.find(path, |p| &**p).is_ok()
    }

    /// Removes `path`; reports whether it was there.
    pub fn remove(&mut self, path: &str) -> bool {
        match self.find(path, |p| &**p) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }
}

impl Sorted<(NotePath, usize)> {
    /// Removes the entry for task `index` of the note at `path`.
    pub fn remove_task(&mut self, path: &str, index: usize) -> bool {
        match self
            .0
            .binary_search_by(|(p, i)| (&**p, *i).cmp(&(path, index)))
        {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }
}

impl<'a, T> IntoIterator for &'a Sorted<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: Ord> FromIterator<T> for Sorted<T> {
    fn from_iter<I: IntoIterator<Item = T>>(entries: I) -> Self {
        Self::from_unsorted(entries.into_iter().collect())
    }
}

impl<T: Ord> Extend<T> for Sorted<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, entries: I) {
        let mut all = std::mem::take(&mut self.0);
        all.extend(entries);
        *self = Self::from_unsorted(all);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> NotePath {
        NotePath::from(p)
    }

    #[test]
    fn a_sorted_set_keeps_order_and_refuses_duplicates() {
        let mut set: Sorted<NotePath> = ["b.md", "a.md", "c.md", "a.md"]
            .into_iter()
            .map(path)
            .collect();
        assert_eq!(set.len(), 3);
        assert!(!set.insert(path("b.md")));
        assert!(set.insert(path("ab.md")));
        let order: Vec<&str> = set.iter().map(|p| &**p).collect();
        assert_eq!(order, ["a.md", "ab.md", "b.md", "c.md"]);
        assert!(set.contains("ab.md") && !set.contains("x.md"));
        assert!(set.remove("a.md") && !set.remove("a.md"));
        assert_eq!(set.last().map(|p| &**p), Some("c.md"));
        set.extend([path("0.md"), path("c.md")]);
        let order: Vec<&str> = set.iter().map(|p| &**p).collect();
        assert_eq!(order, ["0.md", "ab.md", "b.md", "c.md"]);
    }

    #[test]
    fn tasks_sort_by_path_then_index() {
        let mut tasks: Sorted<(NotePath, usize)> =
            [(path("b.md"), 0), (path("a.md"), 10), (path("a.md"), 2)]
                .into_iter()
                .collect();
        let order: Vec<(&str, usize)> = tasks.iter().map(|(p, i)| (&**p, *i)).collect();
        assert_eq!(order, [("a.md", 2), ("a.md", 10), ("b.md", 0)]);
        assert!(tasks.remove_task("a.md", 10) && !tasks.remove_task("a.md", 10));
        assert_eq!(tasks.len(), 2);
    }
}
