//! Running a parsed `tasks` query over the vault's tasks: filter, sort,
//! limit, group (docs/vault.md, "Query blocks").

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;

use super::TasksQuery;
use super::filter::FilterEnv;
use super::group::{self, Heading};
use super::script::Val;
use super::sort::{self, Key, function_value, val_cmp};
use super::view::{TaskView, task_depths};
use crate::index::Index;

/// Every task of the vault as Tasks queries see it (built once per run).
pub struct TaskPool<'a> {
    pub views: Vec<TaskView<'a>>,
    open_ids: HashSet<String>,
    awaited_ids: HashSet<String>,
}

impl<'a> TaskPool<'a> {
    pub fn build(index: &'a Index, global_filter: &str) -> Self {
        let mut views = Vec::new();
        for note in index.notes() {
            if note.tasks.is_empty() {
                continue;
            }
            let depths = task_depths(note);
            for (i, depth) in depths.into_iter().enumerate() {
                if let Some(v) = TaskView::new(index, note, i, depth, global_filter) {
                    views.push(v);
                }
            }
        }
        let open = || views.iter().filter(|v| !v.is_done());
        let open_ids = open().filter_map(|v| v.id.clone()).collect();
        let awaited_ids = open().flat_map(|v| v.depends_on.iter().cloned()).collect();
        Self {
            views,
            open_ids,
            awaited_ids,
        }
    }
}

/// What a `tasks` query finds: group headings and, in drawing order, each
/// task (by pool index) with the group it is drawn under.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TasksOutcome {
    pub groups: Vec<Vec<String>>,
    pub hits: Vec<(usize, usize)>,
}

pub fn run(
    q: &TasksQuery,
    pool: &TaskPool<'_>,
    query_path: &str,
    today: NaiveDate,
) -> Result<TasksOutcome, String> {
    let env = FilterEnv {
        today,
        query_path,
        open_ids: &pool.open_ids,
        awaited_ids: &pool.awaited_ids,
    };
    let mut found = Vec::new();
    'tasks: for (i, t) in pool.views.iter().enumerate() {
        for f in &q.filters {
            if !f.matches(t, &env)? {
                continue 'tasks;
            }
        }
        found.push(i);
    }
    let mut keys = q.sorts.clone();
    keys.extend(sort::default_keys());
    // Function keys run once per task.
    let mut values: Vec<Vec<Val>> = vec![Vec::new(); found.len()];
    for k in &keys {
        if let Key::Function(js, src) = &k.key {
            for (n, &i) in found.iter().enumerate() {
                let t = &pool.views[i];
                values[n].push(sort::sort_key(function_value(js, src, t, &env)?, t));
            }
        }
    }
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (&pool.views[found[x]], &pool.views[found[y]]);
        let mut f = 0;
        for k in &keys {
            let o = match &k.key {
                Key::Function(..) => {
                    f += 1;
                    val_cmp(&values[x][f - 1], &values[y][f - 1])
                }
                key => sort::compare(key, a, b, today),
            };
            let o = if k.reverse { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    });
    let sorted: Vec<usize> = order
        .into_iter()
        .map(|n| found[n])
        .take(q.limit.unwrap_or(usize::MAX))
        .collect();
    if q.groups.is_empty() {
        let hits = sorted
            .into_iter()
            .take(q.limit_groups.unwrap_or(usize::MAX))
            .map(|i| (i, 0))
            .collect();
        return Ok(TasksOutcome {
            groups: vec![Vec::new()],
            hits,
        });
    }
    // Each task's group paths: one heading per key, several where a key gives several.
    let mut members: BTreeMap<Vec<Heading>, Vec<usize>> = BTreeMap::new();
    for &i in &sorted {
        let mut paths: Vec<Vec<Heading>> = vec![Vec::new()];
        for k in &q.groups {
            let hs = group::headings(&k.key, &pool.views[i], &env)?;
            paths = paths
                .into_iter()
                .flat_map(|p| {
                    hs.iter().map(move |h| {
                        let mut p = p.clone();
                        p.push(h.clone());
                        p
                    })
                })
                .collect();
        }
        for p in paths {
            members.entry(p).or_default().push(i);
        }
    }
    let mut groups: Vec<(Vec<Heading>, Vec<usize>)> = members.into_iter().collect();
    groups.sort_by(|(a, _), (b, _)| {
        for ((x, y), k) in a.iter().zip(b).zip(&q.groups) {
            let o = x.sort.cmp(&y.sort);
            let o = if k.reverse { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    });
    let mut out = TasksOutcome::default();
    for (n, (path, tasks)) in groups.into_iter().enumerate() {
        out.groups.push(path.into_iter().map(|h| h.shown).collect());
        out.hits.extend(
            tasks
                .into_iter()
                .take(q.limit_groups.unwrap_or(usize::MAX))
                .map(|i| (i, n)),
        );
    }
    Ok(out)
}
