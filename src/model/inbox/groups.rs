//! Near-duplicate groups of one account's tasks (rules in docs/tasks.md), and
//! the groups the tasks view shows: by duplicates, by source note, or none.

use std::collections::HashMap;

use super::InboxTask;
use super::similarity::{FLOOR, Prepared, Signature, THRESHOLD};

/// Below this many tasks of one action every pair is compared; above it only
/// pairs that share an object word that is not in most of them.
const ALL_PAIRS_UP_TO: usize = 64;

/// Clusters the tasks of one account: for each task, the position of the
/// first task of its group (its own position when it stands alone).
///
/// Pairs at or above [`THRESHOLD`] are joined strongest first, and two groups
/// join only when every pair across them is at least [`FLOOR`] alike, so a
/// chain of weak likenesses never merges two different actions.
pub fn cluster(signatures: &[Signature]) -> Vec<usize> {
    let prepared = Prepared::new(signatures);
    // Tasks of one action with the same object words and figures are alike in
    // everything (wholly like each other, equally like any other task): the
    // first of them stands for them all, so a pipeline's hundred copies of one
    // task make one group however large their block, and are compared once.
    let mut first_of: foldhash::HashMap<(u32, &[u32], &[u32]), usize> = Default::default();
    // A task without object words matches nothing, even its copies.
    let stands_for: Vec<usize> = (0..signatures.len())
        .map(|i| match signatures[i].words.is_empty() {
            true => i,
            false => *first_of
                .entry((prepared.action[i], prepared.words(i), prepared.figures(i)))
                .or_insert(i),
        })
        .collect();
    let mut by_action: foldhash::HashMap<u32, Vec<usize>> = Default::default();
    for (i, s) in signatures.iter().enumerate() {
        if !s.words.is_empty() && stands_for[i] == i {
            by_action.entry(prepared.action[i]).or_default().push(i);
        }
    }
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for block in by_action.values() {
        for (a, b) in candidate_pairs(block, &prepared) {
            let s = prepared.similarity(a, b);
            if s >= THRESHOLD {
                pairs.push((s, a, b));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut group: Vec<usize> = (0..signatures.len()).collect();
    let mut members: Vec<Vec<usize>> = (0..signatures.len()).map(|i| vec![i]).collect();
    for (_, a, b) in pairs {
        let (ga, gb) = (group[a], group[b]);
        if ga == gb {
            continue;
        }
        let close = members[ga].iter().all(|&x| {
            members[gb]
                .iter()
                .all(|&y| prepared.similarity(x, y) >= FLOOR)
        });
        if !close {
            continue;
        }
        let (keep, gone) = (ga.min(gb), ga.max(gb));
        let moved = std::mem::take(&mut members[gone]);
        for &m in &moved {
            group[m] = keep;
        }
        members[keep].extend(moved);
    }
    stands_for.iter().map(|&first| group[first]).collect()
}

/// The pairs of a block worth comparing: all of a small block; in a large one,
/// those sharing a word that fewer than half the block use.
fn candidate_pairs(block: &[usize], prepared: &Prepared) -> Vec<(usize, usize)> {
    if block.len() <= ALL_PAIRS_UP_TO {
        let mut out = Vec::new();
        for (k, &a) in block.iter().enumerate() {
            for &b in &block[k + 1..] {
                out.push((a, b));
            }
        }
        return out;
    }
    let mut postings: foldhash::HashMap<u32, Vec<usize>> = Default::default();
    for &i in block {
        for &w in prepared.words(i) {
            postings.entry(w).or_default().push(i);
        }
    }
    let common = block.len() / 2;
    let mut out: Vec<(usize, usize)> = Vec::new();
    for list in postings.values().filter(|l| l.len() < common.max(2)) {
        for (k, &a) in list.iter().enumerate() {
            for &b in &list[k + 1..] {
                // Never alike, so never worth a place in the list.
                if !prepared.figures_differ(a, b) {
                    out.push((a.min(b), a.max(b)));
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// How the tasks view groups its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    /// Near-duplicates together.
    #[default]
    Duplicates,
    /// The tasks of each source note together.
    Note,
    /// One row per task.
    None,
}

impl Grouping {
    pub fn next(self) -> Self {
        match self {
            Grouping::Duplicates => Grouping::Note,
            Grouping::Note => Grouping::None,
            Grouping::None => Grouping::Duplicates,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Grouping::Duplicates => "duplicates",
            Grouping::Note => "by note",
            Grouping::None => "no groups",
        }
    }
}

/// A group of shown tasks: positions into the task list, in list order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// What the group is keyed on (the cluster, or the note's path).
    pub key: String,
    pub members: Vec<usize>,
}

/// Groups the `shown` tasks (positions into `tasks`), each group where its
/// first member is, members in the order shown.
pub fn groups(tasks: &[InboxTask], shown: &[usize], grouping: Grouping) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for &i in shown {
        let t = &tasks[i];
        let key = match grouping {
            Grouping::Duplicates => &*t.cluster,
            Grouping::Note => &*t.path,
            Grouping::None => &*t.id,
        };
        match at.get(key) {
            Some(&g) => out[g].members.push(i),
            None => {
                at.insert(key, out.len());
                out.push(Group {
                    key: key.to_string(),
                    members: vec![i],
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tasks alike but for their numbers are as many groups as numbers, in a
    /// block compared pair by pair and in one too large for that; copies of
    /// one of them (same number) are still one group.
    #[test]
    fn tasks_that_differ_in_their_numbers_are_groups_of_their_own() {
        for n in [10, 300] {
            let mut texts: Vec<String> = (1..=n)
                .map(|i| format!("Review section {i} of the master agreement @Ann #task"))
                .collect();
            for _ in 0..3 {
                texts.push("Review section 7 of the master agreement @Ann #task".into());
            }
            texts.push("Review the master agreement section @Ann #task".into());
            let signatures: Vec<Signature> = texts.iter().map(|t| Signature::of(t)).collect();
            let first = cluster(&signatures);
            let groups: std::collections::BTreeSet<usize> = first.iter().copied().collect();
            // One group per number; the task without one joins at most one of them.
            assert!(groups.len() >= n, "{n} tasks: {} groups", groups.len());
            let sevens: Vec<usize> = (texts.iter().zip(&first))
                .filter(|(t, _)| t.starts_with("Review section 7 "))
                .map(|(_, &g)| g)
                .collect();
            assert_eq!(sevens.len(), 4);
            assert!(sevens.iter().all(|&g| g == sevens[0]), "{sevens:?}");
            for (i, &g) in first.iter().enumerate() {
                let (a, b) = (&signatures[i].figures, &signatures[g].figures);
                if !a.is_empty() && !b.is_empty() {
                    assert_eq!(a, b, "{:?} grouped with {:?}", texts[i], texts[g]);
                }
            }
        }
    }
}
