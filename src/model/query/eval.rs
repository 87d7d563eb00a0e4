//! Evaluating a parsed query against the index.

use std::cmp::Ordering;

use chrono::NaiveDate;

use super::{CmpOp, DataviewKind, DataviewQuery, Expr, Query, QueryResult, Source};
use crate::index::Index;
use crate::note::{Note, Task};
use crate::text::parse_date;

/// A value in a Dataview expression.
#[derive(Debug, Clone, PartialEq)]
enum Val {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Date(NaiveDate),
    Link(String),
    List(Vec<Val>),
}

impl Val {
    fn truthy(&self) -> bool {
        match self {
            Val::Null => false,
            Val::Bool(b) => *b,
            Val::Num(n) => *n != 0.0,
            Val::Str(s) => !s.is_empty(),
            Val::List(l) => !l.is_empty(),
            Val::Date(_) | Val::Link(_) => true,
        }
    }

    fn display(&self, index: &Index) -> String {
        match self {
            Val::Null => String::new(),
            Val::Bool(b) => b.to_string(),
            Val::Num(n) => format!("{n}"),
            Val::Str(s) => s.clone(),
            Val::Date(d) => d.format("%Y-%m-%d").to_string(),
            Val::Link(p) => index.note(p).map_or_else(|| p.clone(), |n| n.title.clone()),
            Val::List(items) => items
                .iter()
                .map(|v| v.display(index))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

fn compare(a: &Val, b: &Val) -> Option<Ordering> {
    match (a, b) {
        (Val::Null, Val::Null) => Some(Ordering::Equal),
        (Val::Null, _) => Some(Ordering::Less),
        (_, Val::Null) => Some(Ordering::Greater),
        (Val::Num(x), Val::Num(y)) => x.partial_cmp(y),
        (Val::Date(x), Val::Date(y)) => Some(x.cmp(y)),
        (Val::Date(x), Val::Str(s)) => parse_date(s).map(|y| x.cmp(&y)),
        (Val::Str(s), Val::Date(y)) => parse_date(s).map(|x| x.cmp(y)),
        (Val::Str(x), Val::Str(y)) => Some(x.to_lowercase().cmp(&y.to_lowercase())),
        (Val::Bool(x), Val::Bool(y)) => Some(x.cmp(y)),
        (Val::Link(x), Val::Link(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// What an expression is evaluated against.
struct Scope<'a> {
    index: &'a Index,
    note: &'a Note,
    task: Option<&'a Task>,
    this: &'a Note,
    today: NaiveDate,
}

fn field_value(note: &Note, key: &str) -> Val {
    let value = note
        .fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v);
    json_val(value)
}

fn json_val(value: Option<&serde_json::Value>) -> Val {
    match value {
        None | Some(serde_json::Value::Null) => Val::Null,
        Some(serde_json::Value::Bool(b)) => Val::Bool(*b),
        Some(serde_json::Value::Number(n)) => Val::Num(n.as_f64().unwrap_or(0.0)),
        Some(serde_json::Value::String(s)) => parse_date(s)
            .filter(|_| s.trim().len() <= 10)
            .map_or_else(|| Val::Str(s.clone()), Val::Date),
        Some(serde_json::Value::Array(items)) => {
            Val::List(items.iter().map(|i| json_val(Some(i))).collect())
        }
        Some(serde_json::Value::Object(_)) => Val::Null,
    }
}

fn opt_date(d: Option<NaiveDate>) -> Val {
    d.map_or(Val::Null, Val::Date)
}

impl Scope<'_> {
    fn file_field(&self, note: &Note, field: &str) -> Val {
        match field {
            "name" => Val::Str(note.stem().to_string()),
            "path" => Val::Str(note.path.clone()),
            "folder" => Val::Str(note.folder().to_string()),
            "link" => Val::Link(note.path.clone()),
            "outlinks" => Val::List(
                self.index
                    .outlinks(&note.path)
                    .iter()
                    .flatten()
                    .map(|p| Val::Link(p.clone()))
                    .collect(),
            ),
            "inlinks" => Val::List(
                self.index
                    .backlinks(&note.path)
                    .map(|p| Val::Link(p.to_string()))
                    .collect(),
            ),
            "tags" | "etags" => Val::List(
                note.tags
                    .iter()
                    .map(|t| Val::Str(format!("#{t}")))
                    .collect(),
            ),
            "day" => opt_date(note.date),
            "aliases" => Val::List(note.aliases.iter().map(|a| Val::Str(a.clone())).collect()),
            "tasks" => Val::List(
                note.tasks
                    .iter()
                    .map(|t| Val::Str(t.fields.text.clone()))
                    .collect(),
            ),
            _ => Val::Null,
        }
    }

    fn field(&self, name: &str) -> Val {
        let lower = name.to_lowercase();
        if let Some(rest) = lower.strip_prefix("this.") {
            return match rest.strip_prefix("file.") {
                Some(f) => self.file_field(self.this, f),
                None => field_value(self.this, rest),
            };
        }
        if let Some(f) = lower.strip_prefix("file.") {
            return self.file_field(self.note, f);
        }
        if let Some(task) = self.task {
            let f = &task.fields;
            match lower.as_str() {
                "completed" | "fullycompleted" => {
                    return Val::Bool(task.status == crate::note::task::StatusType::Done);
                }
                "checked" => return Val::Bool(task.symbol != ' '),
                "status" => return Val::Str(task.symbol.to_string()),
                "text" => return Val::Str(f.text.clone()),
                "due" => return opt_date(f.due),
                "scheduled" => return opt_date(f.scheduled),
                "start" => return opt_date(f.start),
                "created" => return opt_date(f.created),
                "completion" => return opt_date(f.done),
                "tags" => {
                    return Val::List(f.tags.iter().map(|t| Val::Str(format!("#{t}"))).collect());
                }
                "line" => return Val::Num(task.line as f64),
                "path" => return Val::Str(self.note.path.clone()),
                _ => {}
            }
        }
        field_value(self.note, &lower)
    }

    fn eval(&self, e: &Expr) -> Val {
        match e {
            Expr::Field(f) => self.field(f),
            Expr::Str(s) => Val::Str(s.clone()),
            Expr::Num(n) => Val::Num(*n),
            Expr::Bool(b) => Val::Bool(*b),
            Expr::Null => Val::Null,
            Expr::Not(inner) => Val::Bool(!self.eval(inner).truthy()),
            Expr::And(a, b) => Val::Bool(self.eval(a).truthy() && self.eval(b).truthy()),
            Expr::Or(a, b) => Val::Bool(self.eval(a).truthy() || self.eval(b).truthy()),
            Expr::Cmp(op, a, b) => {
                let ord = compare(&self.eval(a), &self.eval(b));
                Val::Bool(match op {
                    CmpOp::Eq => ord == Some(Ordering::Equal),
                    CmpOp::Ne => ord != Some(Ordering::Equal),
                    CmpOp::Lt => ord == Some(Ordering::Less),
                    CmpOp::Le => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
                    CmpOp::Gt => ord == Some(Ordering::Greater),
                    CmpOp::Ge => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
                })
            }
            Expr::Call(name, args) => self.call(name, args),
        }
    }

    fn call(&self, name: &str, args: &[Expr]) -> Val {
        let vals: Vec<Val> = args.iter().map(|a| self.eval(a)).collect();
        match (name, vals.as_slice()) {
            ("date", [Val::Str(s)]) => match s.trim().to_lowercase().as_str() {
                "today" => Val::Date(self.today),
                other => opt_date(parse_date(other)),
            },
            ("link", [Val::Str(s)]) => self
                .index
                .resolve_link(s, &self.this.path, false)
                .map_or(Val::Null, |p| Val::Link(p.to_string())),
            ("contains", [haystack, needle]) => Val::Bool(contains(haystack, needle)),
            ("icontains", [haystack, needle]) => Val::Bool(contains(haystack, needle)),
            ("length", [Val::List(l)]) => Val::Num(l.len() as f64),
            ("length", [Val::Str(s)]) => Val::Num(s.chars().count() as f64),
            _ => Val::Null,
        }
    }
}

fn norm_tag(s: &str) -> String {
    s.trim_start_matches('#').to_lowercase()
}

fn contains(haystack: &Val, needle: &Val) -> bool {
    match (haystack, needle) {
        (Val::List(items), needle) => items.iter().any(|i| match (i, needle) {
            (Val::Str(a), Val::Str(b)) => norm_tag(a) == norm_tag(b),
            (a, b) => compare(a, b) == Some(Ordering::Equal),
        }),
        (Val::Str(s), Val::Str(n)) => s.to_lowercase().contains(&n.to_lowercase()),
        (a, b) => compare(a, b) == Some(Ordering::Equal),
    }
}

fn source_matches(index: &Index, source: &Source, note: &Note, this: &Note) -> bool {
    match source {
        Source::Folder(f) => {
            let f = f.trim_matches('/');
            f.is_empty()
                || note
                    .path
                    .strip_prefix(f)
                    .is_some_and(|rest| rest == ".md" || rest.starts_with('/'))
        }
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
        Source::Not(s) => !source_matches(index, s, note, this),
        Source::And(a, b) => {
            source_matches(index, a, note, this) && source_matches(index, b, note, this)
        }
        Source::Or(a, b) => {
            source_matches(index, a, note, this) || source_matches(index, b, note, this)
        }
    }
}

/// Evaluates a query for the note `this` that holds it.
pub fn evaluate(query: &Query, index: &Index, this: &Note, today: NaiveDate) -> QueryResult {
    match query {
        Query::Dataview(q) => evaluate_dataview(q, index, this, today),
        Query::Tasks(q) => {
            let pool = super::tasks::TaskPool::build(index, "");
            let found = super::tasks::run(q, &pool, &this.path, today).unwrap_or_default();
            QueryResult::Tasks(
                found
                    .hits
                    .iter()
                    .map(|&(i, _)| (pool.views[i].path().to_string(), pool.views[i].index))
                    .collect(),
            )
        }
    }
}

fn evaluate_dataview(
    q: &DataviewQuery,
    index: &Index,
    this: &Note,
    today: NaiveDate,
) -> QueryResult {
    let notes = index.notes().filter(|n| {
        q.from
            .as_ref()
            .is_none_or(|s| source_matches(index, s, n, this))
    });
    let scope = |note, task| Scope {
        index,
        note,
        task,
        this,
        today,
    };
    let sort_key = |s: &Scope<'_>| -> Vec<Val> { q.sort.iter().map(|(e, _)| s.eval(e)).collect() };
    let order = |a: &Vec<Val>, b: &Vec<Val>| -> Ordering {
        for ((x, y), (_, desc)) in a.iter().zip(b).zip(&q.sort) {
            let o = compare(x, y).unwrap_or(Ordering::Equal);
            let o = if *desc { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    };
    let limit = q.limit.unwrap_or(usize::MAX);
    match &q.kind {
        DataviewKind::Task => {
            let mut hits: Vec<(Vec<Val>, (String, usize))> = Vec::new();
            for note in notes {
                for (i, task) in note.tasks.iter().enumerate() {
                    let s = scope(note, Some(task));
                    if q.filter.as_ref().is_none_or(|f| s.eval(f).truthy()) {
                        hits.push((sort_key(&s), (note.path.clone(), i)));
                    }
                }
            }
            hits.sort_by(|a, b| order(&a.0, &b.0));
            QueryResult::Tasks(hits.into_iter().take(limit).map(|(_, t)| t).collect())
        }
        DataviewKind::List | DataviewKind::Table(_) => {
            let mut hits: Vec<(Vec<Val>, &Note)> = notes
                .filter_map(|note| {
                    let s = scope(note, None);
                    q.filter
                        .as_ref()
                        .is_none_or(|f| s.eval(f).truthy())
                        .then(|| (sort_key(&s), note))
                })
                .collect();
            hits.sort_by(|a, b| order(&a.0, &b.0));
            let hits = hits.into_iter().take(limit).map(|(_, n)| n);
            match &q.kind {
                DataviewKind::Table(columns) => QueryResult::Table {
                    columns: columns.iter().map(|(_, name)| name.clone()).collect(),
                    rows: hits
                        .map(|n| {
                            let s = scope(n, None);
                            (
                                n.path.clone(),
                                columns
                                    .iter()
                                    .map(|(e, _)| s.eval(e).display(index))
                                    .collect(),
                            )
                        })
                        .collect(),
                },
                _ => QueryResult::Notes(hits.map(|n| n.path.clone()).collect()),
            }
        }
    }
}
