//! Running a Dataview query: `FROM` picks the pages, the data commands run in
//! the order written, and the query type decides what is drawn.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::NaiveDate;

use super::scope::{Row, Scope};
use super::value::{Val, compare};
use crate::index::Index;
use crate::model::query::{Command, DataviewKind, DataviewQuery, Source};
use crate::note::Note;

/// What a Dataview query draws.
#[derive(Debug, Clone, Default)]
pub struct DqlOutput<'a> {
    /// Column headers (`TABLE`; the first is `File` or `Group` unless `WITHOUT ID`).
    pub headers: Vec<String>,
    /// `LIST` and `TABLE`: one row per page (or per group), with its path (empty for a group).
    pub rows: Vec<(String, Vec<String>)>,
    /// `TASK`: group headings — the file, or the `GROUP BY` key.
    pub groups: Vec<String>,
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
                .any(|p| p == target)
        }
        Source::Outgoing(l) => index
            .resolve_link(l, &this.path, false)
            .is_some_and(|from| {
                index
                    .outlinks(from)
                    .iter()
                    .flatten()
                    .any(|p| *p == note.path)
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
    let scope = Scope { index, this, today };
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
            Command::Where(e) => rows.retain(|r| scope.eval(r, e).truthy()),
            Command::Sort(keys) => {
                // The keys of all rows in one flat list, and the rows' order
                // sorted by them (stable: ties keep their order).
                let k = keys.len();
                let values: Vec<Val> = rows
                    .iter()
                    .flat_map(|r| keys.iter().map(move |(e, _)| (r, e)))
                    .map(|(r, e)| scope.eval(r, e))
                    .collect();
                let mut order: Vec<usize> = (0..rows.len()).collect();
                order.sort_by(|&a, &b| {
                    for (i, (_, desc)) in keys.iter().enumerate() {
                        let o = compare(&values[a * k + i], &values[b * k + i]);
                        let o = if *desc { o.reverse() } else { o };
                        if o != Ordering::Equal {
                            return o;
                        }
                    }
                    Ordering::Equal
                });
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
            let mut files: HashMap<*const Note, usize> = HashMap::new();
            for r in &rows {
                match r {
                    Row::Page { note, task, .. } => {
                        let next = out.groups.len();
                        let g = *files.entry(*note as *const Note).or_insert(next);
                        if g == next {
                            out.groups.push(note.stem().to_string());
                        }
                        let index = task.map_or(0, |(i, _)| i);
                        out.tasks.push((note, index, g));
                    }
                    Row::Group { key, rows } => {
                        let g = out.groups.len();
                        out.groups.push(scope.show(key));
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
            // Each group's tasks together, groups in order of their first task.
            out.tasks.sort_by_key(|t| t.2);
        }
    }
    out
}
