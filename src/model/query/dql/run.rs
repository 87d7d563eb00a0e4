//! Running a Dataview query: `FROM` picks the pages, the data commands run in
//! the order written, and the query type decides what is drawn.

use std::cmp::Ordering;

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::scope::{Row, Scope};
use super::value::{Val, compare};
use crate::index::Index;
use crate::model::query::{Command, DataviewKind, DataviewQuery, Source};
use crate::note::Note;

/// A `TASK` group's heading.
#[derive(Debug, Clone)]
pub enum Heading<'a> {
    /// The file the tasks are in, shown by its name (left to the caller: the
    /// names of thousands of files are read on every core).
    File(&'a Note),
    /// A `GROUP BY` key, as shown.
    Key(String),
}

impl Heading<'_> {
    pub fn text(&self) -> String {
        match self {
            Heading::File(note) => note.stem().to_string(),
            Heading::Key(key) => key.clone(),
        }
    }
}

/// What a Dataview query draws.
#[derive(Debug, Clone, Default)]
pub struct DqlOutput<'a> {
    /// Column headers (`TABLE`; the first is `File` or `Group` unless `WITHOUT ID`).
    pub headers: Vec<String>,
    /// `LIST` and `TABLE`: one row per page (or per group), with its path (empty for a group).
    pub rows: Vec<(String, Vec<String>)>,
    /// `TASK`: group headings — the file, or the `GROUP BY` key.
    pub groups: Vec<Heading<'a>>,
    /// `TASK`: (note, task index, group).
    pub tasks: Vec<(&'a Note, usize, usize)>,
}

fn folder_matches(folder: &str, path: &str) -> bool {
    let f = folder.trim_matches('/');
    f.is_empty()
        || path == f
        || path.strip_suffix(".md") == Some(f)
        || path
            .strip_prefix(f)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn source_matches(index: &Index, source: &Source, note: &Note, this: &Note) -> bool {
    match source {
        Source::Folder(f) => folder_matches(f, &note.path),
        Source::Tag(t) => note.tags.iter().any(|nt| {
            let (nt, t) = (nt.to_lowercase(), t.to_lowercase());
            nt == t || nt.starts_with(&format!("{t}/"))
        }),
        Source::Link(l) => {
            let Some(target) = index.resolve_link(l, &this.path, false) else {
                return false;
            };
            index
                .outlinks(&note.path)
                .iter()
                .flatten()
                .any(|p| &**p == target)
        }
        Source::Outgoing(l) => index
            .resolve_link(l, &this.path, false)
            .is_some_and(|from| {
                index
                    .outlinks(from)
                    .iter()
                    .flatten()
                    .any(|p| **p == *note.path)
            }),
        Source::Not(s) => !source_matches(index, s, note, this),
        Source::And(a, b) => {
            source_matches(index, a, note, this) && source_matches(index, b, note, this)
        }
        Source::Or(a, b) => {
            source_matches(index, a, note, this) || source_matches(index, b, note, this)
        }
    }
}

/// From this many rows on, a filter or a sort key is evaluated on every core
/// (a `TASK FROM ""` over a large vault passes tens of thousands of rows).
pub(crate) const PARALLEL_ROWS: usize = 4096;

/// Runs `q` for the note `this` that holds it.
pub fn run<'a>(
    q: &DataviewQuery,
    index: &'a Index,
    this: &'a Note,
    today: NaiveDate,
) -> DqlOutput<'a> {
    let pages = pages(q.from.as_ref(), index, this);
    run_on(q, &pages, index, this, today)
}

/// The pages `FROM` picks (every note without one), in the index's order.
pub fn pages<'a>(from: Option<&Source>, index: &'a Index, this: &Note) -> Vec<&'a Note> {
    if let Some(Source::Folder(f)) = from {
        // A folder is a range of the index's paths: the note `f` or `f.md`
        // (`FROM "Customers/Acme"`), then every note under `f/`, in path order
        // (`f` < `f.md` < `f/…`) — without looking at the rest of the vault.
        let f = f.trim_matches('/');
        if f.is_empty() {
            return index.notes().collect();
        }
        let file = [index.note(f), index.note(&format!("{f}.md"))];
        return file
            .into_iter()
            .flatten()
            .chain(index.notes_under(f))
            .collect();
    }
    index
        .notes()
        .filter(|n| from.is_none_or(|s| source_matches(index, s, n, this)))
        .collect()
}

/// Whether the pages `FROM` picks depend on the note holding the query
/// (a `[[link]]` resolves from it).
pub fn reads_this(source: &Source) -> bool {
    match source {
        Source::Folder(_) | Source::Tag(_) => false,
        Source::Link(_) | Source::Outgoing(_) => true,
        Source::Not(s) => reads_this(s),
        Source::And(a, b) | Source::Or(a, b) => reads_this(a) || reads_this(b),
    }
}

/// Runs `q` on `pages`, already picked by its `FROM`.
pub fn run_on<'a>(
    q: &DataviewQuery,
    pages: &[&'a Note],
    index: &'a Index,
    this: &'a Note,
    today: NaiveDate,
) -> DqlOutput<'a> {
    let scope = Scope {
        index,
        this,
        today,
        now: chrono::Local::now().time(),
    };
    let pages = pages.iter().copied();
    let mut rows: Vec<Row<'a>> = match q.kind {
        DataviewKind::Task => pages
            .flat_map(|note| {
                note.tasks.iter().enumerate().map(move |(i, t)| Row::Page {
                    note,
                    task: Some((i, t)),
                    bound: Vec::new(),
                })
            })
            .collect(),
        _ => pages
            .map(|note| Row::Page {
                note,
                task: None,
                bound: Vec::new(),
            })
            .collect(),
    };
    let mut grouped = false;
    for command in &q.commands {
        match command {
            Command::Where(e) => {
                if rows.len() >= PARALLEL_ROWS {
                    let keep: Vec<bool> =
                        rows.par_iter().map(|r| scope.eval(r, e).truthy()).collect();
                    let mut keep = keep.into_iter();
                    rows.retain(|_| keep.next() == Some(true));
                } else {
                    rows.retain(|r| scope.eval(r, e).truthy());
                }
            }
            Command::Sort(keys) => {
                // The keys of all rows in one flat list, and the rows' order
                // sorted by them (stable: ties keep their order).
                let k = keys.len();
                let value = |j: usize| scope.eval(&rows[j / k], &keys[j % k].0);
                let values: Vec<Val> = if rows.len() >= PARALLEL_ROWS {
                    (0..rows.len() * k).into_par_iter().map(value).collect()
                } else {
                    (0..rows.len() * k).map(value).collect()
                };
                let mut order: Vec<usize> = (0..rows.len()).collect();
                let by_keys = |&a: &usize, &b: &usize| {
                    for (i, (_, desc)) in keys.iter().enumerate() {
                        let o = compare(&values[a * k + i], &values[b * k + i]);
                        let o = if *desc { o.reverse() } else { o };
                        if o != Ordering::Equal {
                            return o;
                        }
                    }
                    Ordering::Equal
                };
                if rows.len() >= PARALLEL_ROWS {
                    order.par_sort_by(by_keys);
                } else {
                    order.sort_by(by_keys);
                }
                let mut taken: Vec<Option<Row<'_>>> = rows.into_iter().map(Some).collect();
                rows = order.into_iter().filter_map(|i| taken[i].take()).collect();
            }
            Command::Limit(n) => rows.truncate(*n),
            Command::Flatten(e, name) => {
                let mut out = Vec::with_capacity(rows.len());
                for r in rows {
                    let items = match scope.eval(&r, e) {
                        Val::List(items) => items,
                        v => vec![v],
                    };
                    for item in items {
                        out.push(bind(r.clone(), name, item));
                    }
                }
                rows = out;
            }
            Command::GroupBy(e, _name) => {
                let mut keyed: Vec<(Val, Row<'_>)> =
                    rows.into_iter().map(|r| (scope.eval(&r, e), r)).collect();
                // Groups in the order of their keys; rows keep their order within one.
                keyed.sort_by(|a, b| compare(&a.0, &b.0));
                let mut groups: Vec<Row<'_>> = Vec::new();
                for (key, row) in keyed {
                    match groups.last_mut() {
                        Some(Row::Group { key: k, rows }) if compare(k, &key).is_eq() => {
                            rows.push(row)
                        }
                        _ => groups.push(Row::Group {
                            key,
                            rows: vec![row],
                        }),
                    }
                }
                rows = groups;
                grouped = true;
            }
        }
    }
    draw(q, &scope, rows, grouped)
}

/// A row with `name` bound to `value` (`FLATTEN … AS name`).
fn bind<'a>(row: Row<'a>, name: &str, value: Val) -> Row<'a> {
    match row {
        Row::Page {
            note,
            task,
            mut bound,
        } => {
            bound.retain(|(k, _)| k != name);
            bound.push((name.to_string(), value));
            Row::Page { note, task, bound }
        }
        group => group,
    }
}

fn draw<'a>(
    q: &DataviewQuery,
    scope: &Scope<'a>,
    rows: Vec<Row<'a>>,
    grouped: bool,
) -> DqlOutput<'a> {
    let mut out = DqlOutput::default();
    let id = |r: &Row<'_>| -> (String, String) {
        match r {
            Row::Page { note, .. } => (note.path.clone(), note.stem().to_string()),
            Row::Group { key, .. } => (String::new(), scope.show(key)),
        }
    };
    match &q.kind {
        DataviewKind::List(expr) => {
            for r in &rows {
                let (path, name) = id(r);
                let mut values = Vec::new();
                if !q.without_id {
                    values.push(name);
                }
                if let Some(e) = expr {
                    values.push(scope.show(&scope.eval(r, e)));
                }
                out.rows.push((path, values));
            }
        }
        DataviewKind::Table(columns) => {
            if !q.without_id {
                out.headers
                    .push(if grouped { "Group" } else { "File" }.to_string());
            }
            out.headers.extend(columns.iter().map(|(_, n)| n.clone()));
            for r in &rows {
                let (path, name) = id(r);
                let mut values = Vec::new();
                if !q.without_id {
                    values.push(name);
                }
                values.extend(columns.iter().map(|(e, _)| scope.show(&scope.eval(r, e))));
                out.rows.push((path, values));
            }
        }
        DataviewKind::Task => {
            // Ungrouped, Dataview draws each file's tasks under the file:
            // a group per file (by path), in order of its first task.
            let mut files: FxHashMap<*const Note, usize> = FxHashMap::default();
            for r in &rows {
                match r {
                    Row::Page { note, task, .. } => {
                        let next = out.groups.len();
                        let g = *files.entry(*note as *const Note).or_insert(next);
                        if g == next {
                            out.groups.push(Heading::File(note));
                        }
                        let index = task.map_or(0, |(i, _)| i);
                        out.tasks.push((note, index, g));
                    }
                    Row::Group { key, rows } => {
                        let g = out.groups.len();
                        out.groups.push(Heading::Key(scope.show(key)));
                        for r in rows {
                            if let Row::Page {
                                note,
                                task: Some((i, _)),
                                ..
                            } = r
                            {
                                out.tasks.push((note, *i, g));
                            }
                        }
                    }
                }
            }
            // Each group's tasks together, groups in order of their first task
            // (a stable counting sort: rows keep their order within a group).
            let mut start = vec![0usize; out.groups.len() + 1];
            for t in &out.tasks {
                start[t.2 + 1] += 1;
            }
            for g in 1..start.len() {
                start[g] += start[g - 1];
            }
            let mut sorted = vec![None; out.tasks.len()];
            for t in out.tasks.drain(..) {
                sorted[start[t.2]] = Some(t);
                start[t.2] += 1;
            }
            out.tasks = sorted.into_iter().flatten().collect();
        }
    }
    out
}
