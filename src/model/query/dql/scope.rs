//! Evaluating a Dataview expression against one row: a page, a task, or a
//! group (`key`, `rows`) — fields, `file.*`, `this.*`, operators and the
//! functions account notes use (docs/vault.md, "Dataview subset").

use chrono::{NaiveDate, NaiveTime};

use super::value::{Val, arith, compare, date_word, parse_date_time, parse_duration};
use crate::index::Index;
use crate::model::query::{CmpOp, Expr};
use crate::note::inline::inline_field;
use crate::note::task::StatusType;
use crate::note::{Note, Task};

/// A row the data commands pass along.
#[derive(Debug, Clone)]
pub(super) enum Row<'a> {
    Page {
        note: &'a Note,
        /// For `TASK`: the task and its index in the note.
        task: Option<(usize, &'a Task)>,
        /// Names bound by `FLATTEN … AS name`.
        bound: Vec<(String, Val)>,
    },
    Group {
        key: Val,
        rows: Vec<Row<'a>>,
    },
}

/// What expressions are evaluated against.
pub(super) struct Scope<'a> {
    pub index: &'a Index,
    pub this: &'a Note,
    pub today: NaiveDate,
    /// The time of day `date(now)` gives.
    pub now: NaiveTime,
}

impl<'a> Scope<'a> {
    /// A link's name as Dataview shows it: the note's file name.
    pub fn name_of(&self, path: &str) -> String {
        self.index
            .note(path)
            .map_or_else(|| path.to_string(), |n| n.stem().to_string())
    }

    pub fn show(&self, v: &Val) -> String {
        v.display(&|p| self.name_of(p))
    }

    pub fn eval(&self, row: &Row<'a>, e: &Expr) -> Val {
        match e {
            Expr::Field(f) => self.field(row, f),
            Expr::Str(s) => Val::Str(s.clone()),
            Expr::Num(n) => Val::Num(*n),
            Expr::Bool(b) => Val::Bool(*b),
            Expr::Null => Val::Null,
            Expr::List(items) => Val::List(items.iter().map(|i| self.eval(row, i)).collect()),
            Expr::Not(inner) => Val::Bool(!self.eval(row, inner).truthy()),
            Expr::Neg(inner) => match self.eval(row, inner) {
                Val::Num(n) => Val::Num(-n),
                _ => Val::Null,
            },
            Expr::And(a, b) => Val::Bool(self.eval(row, a).truthy() && self.eval(row, b).truthy()),
            Expr::Or(a, b) => Val::Bool(self.eval(row, a).truthy() || self.eval(row, b).truthy()),
            Expr::Cmp(op, a, b) => {
                let ord = compare(&self.eval(row, a), &self.eval(row, b));
                Val::Bool(match op {
                    CmpOp::Eq => ord.is_eq(),
                    CmpOp::Ne => ord.is_ne(),
                    CmpOp::Lt => ord.is_lt(),
                    CmpOp::Le => ord.is_le(),
                    CmpOp::Gt => ord.is_gt(),
                    CmpOp::Ge => ord.is_ge(),
                })
            }
            Expr::Arith(op, a, b) => arith(*op, &self.eval(row, a), &self.eval(row, b)),
            Expr::Call(name, args) => self.call(row, name, args),
        }
    }

    /// A field path (lowercased) on a row.
    fn field(&self, row: &Row<'a>, path: &str) -> Val {
        if let Some(rest) = path.strip_prefix("this.") {
            let this = Row::Page {
                note: self.this,
                task: None,
                bound: Vec::new(),
            };
            return self.field(&this, rest);
        }
        match row {
            Row::Group { key, rows } => match path {
                "key" => key.clone(),
                "rows" => Val::List(rows.iter().map(|r| self.row_link(r)).collect()),
                _ => match path.strip_prefix("rows.") {
                    Some(rest) => {
                        let mut out = Vec::new();
                        for r in rows {
                            match self.field(r, rest) {
                                Val::List(items) => out.extend(items),
                                v => out.push(v),
                            }
                        }
                        Val::List(out)
                    }
                    None => Val::Null,
                },
            },
            Row::Page { note, task, bound } => {
                if let Some((_, v)) = bound.iter().find(|(k, _)| k == path) {
                    return v.clone();
                }
                if let Some(f) = path.strip_prefix("file.") {
                    return self.file_field(note, f);
                }
                if let Some((_, task)) = task
                    && let Some(v) = self.task_field(note, task, path)
                {
                    return v;
                }
                self.page_field(note, path)
            }
        }
    }

    fn row_link(&self, row: &Row<'a>) -> Val {
        match row {
            Row::Page { note, .. } => Val::Link(note.path.clone()),
            Row::Group { key, .. } => key.clone(),
        }
    }

    /// A frontmatter field (any case), else an inline `key:: value` field.
    fn page_field(&self, note: &Note, key: &str) -> Val {
        match self.frontmatter_field(note, key) {
            Val::Null => match inline_field(note.text(), key) {
                Some(v) => self.text_val(v, &note.path),
                None => Val::Null,
            },
            v => v,
        }
    }

    /// A frontmatter field (any case), or a field of a frontmatter object by its path.
    fn frontmatter_field(&self, note: &Note, key: &str) -> Val {
        if let Some((_, v)) = note
            .fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
        {
            return self.json_val(v, &note.path);
        }
        // `client.name`: a field of a frontmatter object (any case, at any depth).
        if let Some((first, rest)) = key.split_once('.')
            && let Some((_, mut v)) = note
                .fields
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(first))
        {
            for part in rest.split('.') {
                let serde_json::Value::Object(map) = v else {
                    return Val::Null;
                };
                match map.iter().find(|(k, _)| k.eq_ignore_ascii_case(part)) {
                    Some((_, inner)) => v = inner,
                    None => return Val::Null,
                }
            }
            return self.json_val(v, &note.path);
        }
        Val::Null
    }

    fn json_val(&self, value: &serde_json::Value, from: &str) -> Val {
        match value {
            serde_json::Value::Null | serde_json::Value::Object(_) => Val::Null,
            serde_json::Value::Bool(b) => Val::Bool(*b),
            serde_json::Value::Number(n) => Val::Num(n.as_f64().unwrap_or(0.0)),
            serde_json::Value::String(s) => self.text_val(s, from),
            serde_json::Value::Array(items) => {
                Val::List(items.iter().map(|i| self.json_val(i, from)).collect())
            }
        }
    }

    /// Text as Dataview reads a field's value: a date, a `[[link]]`, a
    /// duration, a number, else text.
    fn text_val(&self, s: &str, from: &str) -> Val {
        let t = s.trim();
        if let Some(target) = t.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
            let target = target.split(['|', '#']).next().unwrap_or(target);
            return Val::Link(self.resolve(target, from));
        }
        if t.len() <= 29
            && t.as_bytes().first().is_some_and(u8::is_ascii_digit)
            && let Some(d) = parse_date_time(t)
        {
            return Val::Date(d);
        }
        if let Ok(n) = t.parse::<f64>() {
            return Val::Num(n);
        }
        match t {
            "true" => Val::Bool(true),
            "false" => Val::Bool(false),
            _ => Val::Str(s.to_string()),
        }
    }

    fn resolve(&self, target: &str, from: &str) -> String {
        self.index
            .resolve_link(target, from, false)
            .map_or_else(|| target.to_string(), str::to_string)
    }

    fn file_field(&self, note: &Note, field: &str) -> Val {
        let opt_date = |d: Option<NaiveDate>| d.map_or(Val::Null, Val::day);
        // File times in local time, as Obsidian shows them.
        let time = |ms: Option<i64>| {
            ms.and_then(chrono::DateTime::from_timestamp_millis)
                .map_or(Val::Null, |t| {
                    Val::Date(t.with_timezone(&chrono::Local).naive_local())
                })
        };
        match field {
            "name" => Val::Str(note.stem().to_string()),
            "path" => Val::Str(note.path.clone()),
            "folder" => Val::Str(note.folder().to_string()),
            "ext" => Val::Str("md".into()),
            "link" => Val::Link(note.path.clone()),
            "outlinks" => Val::List(
                self.index
                    .outlinks(&note.path)
                    .iter()
                    .flatten()
                    .map(|p| Val::Link(p.to_string()))
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
            "mtime" => time(note.modified),
            "ctime" => time(note.created),
            "mday" => time(note.modified).day_of(),
            "cday" => time(note.created).day_of(),
            "aliases" => Val::List(note.aliases.iter().map(|a| Val::Str(a.clone())).collect()),
            "tasks" => Val::List(
                note.tasks
                    .iter()
                    .map(|t| Val::Str(t.fields.text.to_string()))
                    .collect(),
            ),
            "size" => Val::Num(note.byte_len as f64),
            // Every list item's text, tasks included, as `file.tasks` gives tasks'.
            "lists" => Val::List(
                note.sections
                    .iter()
                    .flat_map(|s| note.items(s))
                    .map(|i| Val::Str(note.item_text(i)))
                    .collect(),
            ),
            // The frontmatter as text (`key: value, …`); `file.frontmatter.key`
            // is the one field.
            "frontmatter" => Val::Str(
                note.fields
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{k}: {}",
                            self.json_val(v, &note.path).display(&|p| self.name_of(p))
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            f if f.starts_with("frontmatter.") => {
                self.frontmatter_field(note, &f["frontmatter.".len()..])
            }
            _ => Val::Null,
        }
    }

    fn task_field(&self, note: &Note, task: &Task, field: &str) -> Option<Val> {
        let opt_date = |d: Option<NaiveDate>| d.map_or(Val::Null, Val::day);
        let f = &task.fields;
        Some(match field {
            "completed" => Val::Bool(task.status == StatusType::Done),
            "fullycompleted" => Val::Bool(task.status == StatusType::Done),
            "checked" => Val::Bool(task.symbol != ' '),
            "status" => Val::Str(task.symbol.to_string()),
            "text" => Val::Str(f.text.to_string()),
            "due" => opt_date(f.due),
            "scheduled" => opt_date(f.scheduled),
            "start" => opt_date(f.start),
            "created" => opt_date(f.created),
            "completion" => opt_date(f.done),
            "tags" => Val::List(f.tags.iter().map(|t| Val::Str(format!("#{t}"))).collect()),
            "line" => Val::Num(task.line as f64 - 1.0),
            "path" => Val::Str(note.path.clone()),
            "link" => Val::Link(note.path.clone()),
            "section" => Val::Str(note.task_section(task)),
            "task" => Val::Bool(true),
            other => {
                return inline_field(&task.source, other).map(|v| self.text_val(v, &note.path));
            }
        })
    }

    fn call(&self, row: &Row<'a>, name: &str, args: &[Expr]) -> Val {
        // `default` and `choice` need their arguments; the rest take values.
        let vals: Vec<Val> = args.iter().map(|a| self.eval(row, a)).collect();
        let s = |v: &Val| self.show(v);
        match (name, vals.as_slice()) {
            ("date", [Val::Str(w)]) => {
                date_word(w, self.today, self.now).map_or(Val::Null, Val::Date)
            }
            ("date", [d @ Val::Date(_)]) => d.clone(),
            ("date", [Val::Link(p)]) => self
                .index
                .note(p)
                .and_then(|n| n.date)
                .map_or(Val::Null, Val::day),
            ("dur", [Val::Str(w)]) => parse_duration(w).map_or(Val::Null, Val::Dur),
            ("dur", [d @ Val::Dur(_)]) => d.clone(),
            ("link", [Val::Str(t)]) => Val::Link(self.resolve(t, &self.this.path)),
            ("link", [l @ Val::Link(_)]) => l.clone(),
            ("contains", [hay, needle]) => Val::Bool(contains(hay, needle, false, &s)),
            ("icontains", [hay, needle]) => Val::Bool(contains(hay, needle, true, &s)),
            ("econtains", [Val::List(items), needle]) => {
                Val::Bool(items.iter().any(|i| compare(i, needle).is_eq()))
            }
            ("startswith", [Val::Str(a), Val::Str(b)]) => Val::Bool(a.starts_with(b.as_str())),
            ("endswith", [Val::Str(a), Val::Str(b)]) => Val::Bool(a.ends_with(b.as_str())),
            ("regexmatch", [Val::Str(p), Val::Str(t)]) => regex(&format!("^(?:{p})$"), t),
            ("regextest", [Val::Str(p), Val::Str(t)]) => regex(p, t),
            ("replace", [Val::Str(t), Val::Str(a), Val::Str(b)]) => Val::Str(t.replace(a, b)),
            ("length", [Val::List(l)]) => Val::Num(l.len() as f64),
            ("length", [Val::Str(t)]) => Val::Num(t.chars().count() as f64),
            ("length", [Val::Null]) => Val::Num(0.0),
            ("lower", [v]) => map_str(v, str::to_lowercase),
            ("upper", [v]) => map_str(v, str::to_uppercase),
            ("default", [v, d]) => match v {
                Val::Null => d.clone(),
                Val::List(items) => Val::List(
                    items
                        .iter()
                        .map(|i| {
                            if *i == Val::Null {
                                d.clone()
                            } else {
                                i.clone()
                            }
                        })
                        .collect(),
                ),
                v => v.clone(),
            },
            ("choice", [c, a, b]) => {
                if c.truthy() {
                    a.clone()
                } else {
                    b.clone()
                }
            }
            ("round", [Val::Num(n)]) => Val::Num(n.round()),
            ("round", [Val::Num(n), Val::Num(d)]) => {
                let k = 10f64.powi(*d as i32);
                Val::Num((n * k).round() / k)
            }
            ("min" | "max", _) => extreme(name == "max", &vals),
            ("sum", [Val::List(l)]) => l.iter().fold(Val::Num(0.0), |a, b| {
                arith(crate::model::query::ArithOp::Add, &a, b)
            }),
            ("number", [Val::Num(n)]) => Val::Num(*n),
            ("number", [Val::Str(t)]) => leading_number(t),
            ("string", [v]) => Val::Str(s(v)),
            ("list", _) => Val::List(vals.clone()),
            ("join", [Val::List(l)]) => Val::Str(l.iter().map(s).collect::<Vec<_>>().join(", ")),
            ("join", [Val::List(l), Val::Str(sep)]) => {
                Val::Str(l.iter().map(s).collect::<Vec<_>>().join(sep))
            }
            ("nonnull", [Val::List(l)]) => {
                Val::List(l.iter().filter(|v| **v != Val::Null).cloned().collect())
            }
            ("all", [Val::List(l)]) => Val::Bool(l.iter().all(Val::truthy)),
            ("any", [Val::List(l)]) => Val::Bool(l.iter().any(Val::truthy)),
            _ => Val::Null,
        }
    }
}

fn map_str(v: &Val, f: fn(&str) -> String) -> Val {
    match v {
        Val::Str(t) => Val::Str(f(t)),
        Val::List(items) => Val::List(items.iter().map(|i| map_str(i, f)).collect()),
        other => other.clone(),
    }
}

fn regex(pattern: &str, text: &str) -> Val {
    match regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
    {
        Ok(re) => Val::Bool(re.is_match(text)),
        Err(_) => Val::Null,
    }
}

fn leading_number(t: &str) -> Val {
    let start = t.find(|c: char| c.is_ascii_digit() || c == '-');
    let Some(start) = start else { return Val::Null };
    let end = t[start + 1..]
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map_or(t.len(), |i| start + 1 + i);
    t[start..end].parse().map_or(Val::Null, Val::Num)
}

/// `min(a, b, …)` / `max(…)`, or of one list; nulls are left out.
fn extreme(max: bool, vals: &[Val]) -> Val {
    let items: Vec<&Val> = match vals {
        [Val::List(l)] => l.iter().collect(),
        _ => vals.iter().collect(),
    };
    let best = items
        .into_iter()
        .filter(|v| **v != Val::Null)
        .reduce(|a, b| {
            let o = compare(a, b);
            if (max && o.is_lt()) || (!max && o.is_gt()) {
                b
            } else {
                a
            }
        });
    best.cloned().unwrap_or(Val::Null)
}

/// Dataview's `contains`: text within text, or, in a list, an element that
/// contains it (recursively); `icontains` the same with case aside.
fn contains(hay: &Val, needle: &Val, fold: bool, show: &dyn Fn(&Val) -> String) -> bool {
    match (hay, needle) {
        (Val::List(items), needle) => items.iter().any(|i| contains(i, needle, fold, show)),
        (Val::Str(s), Val::Str(n)) if fold => s.to_lowercase().contains(&n.to_lowercase()),
        (Val::Str(s), Val::Str(n)) => s.contains(n.as_str()),
        (Val::Link(a), Val::Link(b)) => a.eq_ignore_ascii_case(b),
        (Val::Link(_), Val::Str(n)) => {
            let name = show(hay);
            if fold {
                name.to_lowercase().contains(&n.to_lowercase())
            } else {
                name.contains(n.as_str())
            }
        }
        (a, b) => compare(a, b).is_eq(),
    }
}
