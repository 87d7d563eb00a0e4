//! Evaluating expressions against a task and the query's note.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};

use super::{Js, MAX_DEPTH, Obj, Val};
use crate::model::query::tasks::view::{DateField, TaskView};
use crate::text::parse_date;

/// What `task` and `query` stand for while evaluating.
pub struct Env<'a> {
    pub task: Option<&'a TaskView<'a>>,
    /// The path of the note holding the query.
    pub query_path: &'a str,
    pub today: NaiveDate,
    /// Ids of tasks not done, and ids tasks not done depend on: what
    /// `task.isBlocked` and `task.isBlocking` read (none where a query line is
    /// read before any task is).
    pub ids: Option<(&'a HashSet<String>, &'a HashSet<String>)>,
    /// Arrow-function parameters in scope.
    pub locals: Vec<(String, Val)>,
    pub depth: usize,
}

/// A task not done that depends on a task not done (`⛔ id`), as the plugin's
/// `is blocked` and `task.isBlocked` read it.
pub fn is_blocked(t: &TaskView<'_>, open_ids: &HashSet<String>) -> bool {
    !t.is_done() && t.depends_on.iter().any(|id| open_ids.contains(id))
}

/// A task not done that a task not done depends on (`🆔 id`).
pub fn is_blocking(t: &TaskView<'_>, awaited_ids: &HashSet<String>) -> bool {
    !t.is_done() && t.id.as_ref().is_some_and(|id| awaited_ids.contains(id))
}

impl Env<'_> {
    pub fn eval(&mut self, e: &Js) -> Result<Val, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH * 4 {
            self.depth -= 1;
            return Err("the expression calls itself too deeply".into());
        }
        let v = self.eval_inner(e);
        self.depth -= 1;
        v
    }

    fn eval_inner(&mut self, e: &Js) -> Result<Val, String> {
        Ok(match e {
            Js::Num(n) => Val::Num(*n),
            Js::Str(s) => Val::Str(s.clone()),
            Js::Array(items) => Val::Array(
                items
                    .iter()
                    .map(|i| self.eval(i))
                    .collect::<Result<_, _>>()?,
            ),
            Js::Ident(name) => self.ident(name)?,
            Js::Member(obj, prop) => {
                let o = self.eval(obj)?;
                self.member(&o, prop)?
            }
            Js::Index(obj, i) => {
                let o = self.eval(obj)?;
                let i = self.eval(i)?;
                match (&o, &i) {
                    (Val::Array(a), Val::Num(n)) => {
                        a.get(*n as usize).cloned().unwrap_or(Val::Undefined)
                    }
                    (Val::Str(s), Val::Num(n)) => s
                        .chars()
                        .nth(*n as usize)
                        .map_or(Val::Undefined, |c| Val::Str(c.to_string())),
                    (_, Val::Str(p)) => self.member(&o, p)?,
                    _ => Val::Undefined,
                }
            }
            Js::Call(callee, args) => self.call(callee, args)?,
            Js::Unary(op, inner) => {
                let v = self.eval(inner)?;
                match *op {
                    "!" => Val::Bool(!v.truthy()),
                    "-" => Val::Num(-to_num(&v)),
                    _ => Val::Num(to_num(&v)),
                }
            }
            Js::Binary(op, a, b) => {
                let a = self.eval(a)?;
                match *op {
                    "&&" => return if a.truthy() { self.eval(b) } else { Ok(a) },
                    "||" => return if a.truthy() { Ok(a) } else { self.eval(b) },
                    "??" => {
                        return if matches!(a, Val::Null | Val::Undefined) {
                            self.eval(b)
                        } else {
                            Ok(a)
                        };
                    }
                    _ => {}
                }
                let b = self.eval(b)?;
                binary(op, &a, &b)
            }
            Js::Cond(c, a, b) => {
                if self.eval(c)?.truthy() {
                    self.eval(a)?
                } else {
                    self.eval(b)?
                }
            }
            Js::Arrow(params, body) => Val::Func(params.clone(), body.clone()),
        })
    }

    fn ident(&self, name: &str) -> Result<Val, String> {
        if let Some((_, v)) = self.locals.iter().rev().find(|(n, _)| n == name) {
            return Ok(v.clone());
        }
        Ok(match name {
            "task" if self.task.is_some() => Val::Obj(Obj::Task),
            "query" => Val::Obj(Obj::Query),
            "true" => Val::Bool(true),
            "false" => Val::Bool(false),
            "null" => Val::Null,
            "undefined" => Val::Undefined,
            "moment" => Val::Func(vec!["moment".into()], Box::new(Js::Ident("moment".into()))),
            _ => return Err(format!("{name} is not defined")),
        })
    }

    fn task(&self) -> Result<&TaskView<'_>, String> {
        self.task.ok_or_else(|| "task is not defined".to_string())
    }

    fn member(&self, o: &Val, prop: &str) -> Result<Val, String> {
        Ok(match o {
            Val::Undefined | Val::Null => {
                return Err(format!(
                    "Cannot read properties of {} (reading '{prop}')",
                    o.text()
                ));
            }
            Val::Str(s) if prop == "length" => Val::Num(s.chars().count() as f64),
            Val::Array(a) if prop == "length" => Val::Num(a.len() as f64),
            Val::Obj(obj) => self.obj_prop(*obj, prop)?,
            _ => Val::Undefined,
        })
    }

    fn obj_prop(&self, obj: Obj, prop: &str) -> Result<Val, String> {
        let date = |d: Option<NaiveDate>| d.map_or(Val::Null, Val::Date);
        Ok(match obj {
            Obj::Task => {
                let t = self.task()?;
                match prop {
                    "description" => Val::Str(t.description.clone()),
                    "status" => Val::Obj(Obj::Status),
                    "isDone" => Val::Bool(t.is_done()),
                    "priorityName" => Val::Str(t.priority_name().into()),
                    "priorityNumber" => Val::Num(t.priority_number() as f64),
                    "urgency" => Val::Num(t.urgency(self.today)),
                    "tags" => Val::Array(t.tags.iter().map(|s| Val::Str(s.clone())).collect()),
                    "file" => Val::Obj(Obj::TaskFile),
                    "heading" => t.heading.clone().map_or(Val::Null, Val::Str),
                    "hasHeading" => Val::Bool(t.heading.is_some()),
                    "isRecurring" => Val::Bool(t.recurrence.is_some()),
                    "recurrenceRule" => Val::Str(t.recurrence.clone().unwrap_or_default()),
                    "originalMarkdown" => {
                        Val::Str(format!("- [{}] {}", t.task.symbol, t.task.source))
                    }
                    "lineNumber" => Val::Num(t.task.line.saturating_sub(1) as f64),
                    "id" => Val::Str(t.id.clone().unwrap_or_default()),
                    "dependsOn" => {
                        Val::Array(t.depends_on.iter().map(|s| Val::Str(s.clone())).collect())
                    }
                    "isBlocked" | "isBlocking" => {
                        let (open_ids, awaited_ids) = self
                            .ids
                            .ok_or_else(|| format!("task.{prop} is not available here"))?;
                        Val::Bool(if prop == "isBlocked" {
                            is_blocked(t, open_ids)
                        } else {
                            is_blocking(t, awaited_ids)
                        })
                    }
                    other => match DateField::from_word(other).or(match other {
                        "start" => Some(DateField::Start),
                        _ => None,
                    }) {
                        Some(f) => Val::Obj(Obj::TasksDate(f)),
                        None => Val::Undefined,
                    },
                }
            }
            Obj::Status => {
                let t = self.task()?;
                match prop {
                    "name" => Val::Str(t.status_name.clone()),
                    "type" => Val::Str(t.status_type.as_str().into()),
                    "typeGroupText" => Val::Str(
                        crate::model::query::tasks::group::status_type_heading(t.status_type),
                    ),
                    "symbol" => Val::Str(t.task.symbol.to_string()),
                    _ => Val::Undefined,
                }
            }
            Obj::TasksDate(f) => {
                let d = self.task()?.date(f);
                match prop {
                    "moment" => date(d),
                    _ => Val::Undefined,
                }
            }
            Obj::TaskFile => file_prop(self.task()?.path(), prop),
            Obj::Query => match prop {
                "file" => Val::Obj(Obj::QueryFile),
                _ => Val::Undefined,
            },
            Obj::QueryFile => file_prop(self.query_path, prop),
        })
    }

    fn call(&mut self, callee: &Js, args: &[Js]) -> Result<Val, String> {
        let argv: Vec<Val> = args
            .iter()
            .map(|a| self.eval(a))
            .collect::<Result<_, _>>()?;
        let (recv, name) = match callee {
            Js::Member(obj, name) => (self.eval(obj)?, name.as_str()),
            Js::Ident(name) if name == "moment" => {
                return Ok(match argv.first() {
                    None => Val::Date(self.today),
                    Some(Val::Date(d)) => Val::Date(*d),
                    Some(v) => parse_date(&v.text()).map_or(Val::Null, Val::Date),
                });
            }
            Js::Ident(name) => match name.as_str() {
                "String" => return Ok(Val::Str(argv.first().map(Val::text).unwrap_or_default())),
                "Number" => return Ok(Val::Num(argv.first().map_or(0.0, to_num))),
                "Boolean" => return Ok(Val::Bool(argv.first().is_some_and(Val::truthy))),
                _ => {
                    let f = self.ident(name)?;
                    return self.apply(&f, argv);
                }
            },
            other => {
                let f = self.eval(other)?;
                return self.apply(&f, argv);
            }
        };
        let arg = |i: usize| argv.get(i).cloned().unwrap_or(Val::Undefined);
        let s_arg = |i: usize| argv.get(i).map(Val::text).unwrap_or_default();
        Ok(match (&recv, name) {
            (Val::Undefined | Val::Null, _) => {
                return Err(format!(
                    "Cannot read properties of {} (reading '{name}')",
                    recv.text()
                ));
            }
            (Val::Str(s), "includes") => Val::Bool(s.contains(&s_arg(0))),
            (Val::Str(s), "startsWith") => Val::Bool(s.starts_with(&s_arg(0))),
            (Val::Str(s), "endsWith") => Val::Bool(s.ends_with(&s_arg(0))),
            (Val::Str(s), "toLowerCase") => Val::Str(s.to_lowercase()),
            (Val::Str(s), "toUpperCase") => Val::Str(s.to_uppercase()),
            (Val::Str(s), "trim") => Val::Str(s.trim().into()),
            (Val::Str(s), "indexOf") => Val::Num(
                s.find(&s_arg(0))
                    .map_or(-1.0, |i| s[..i].chars().count() as f64),
            ),
            (Val::Str(s), "replace") => Val::Str(s.replacen(&s_arg(0), &s_arg(1), 1)),
            (Val::Str(s), "replaceAll") => Val::Str(s.replace(&s_arg(0), &s_arg(1))),
            (Val::Str(s), "split") => {
                Val::Array(s.split(&s_arg(0)).map(|p| Val::Str(p.into())).collect())
            }
            (Val::Str(s), "slice" | "substring") => {
                let chars: Vec<char> = s.chars().collect();
                let n = chars.len() as f64;
                let at = |v: Val, dflt: f64| {
                    let x = if v == Val::Undefined {
                        dflt
                    } else {
                        to_num(&v)
                    };
                    (if x < 0.0 { (n + x).max(0.0) } else { x.min(n) }) as usize
                };
                let (a, b) = (at(arg(0), 0.0), at(arg(1), n));
                Val::Str(chars[a.min(b)..b.max(a)].iter().collect())
            }
            (Val::Str(s), "localeCompare") => {
                Val::Num(match s.to_lowercase().cmp(&s_arg(0).to_lowercase()) {
                    std::cmp::Ordering::Less => -1.0,
                    std::cmp::Ordering::Equal => 0.0,
                    std::cmp::Ordering::Greater => 1.0,
                })
            }
            (Val::Array(a), "includes") => Val::Bool(a.contains(&arg(0))),
            (Val::Array(a), "join") => {
                let sep = if argv.is_empty() {
                    ",".to_string()
                } else {
                    s_arg(0)
                };
                Val::Str(a.iter().map(Val::text).collect::<Vec<_>>().join(&sep))
            }
            (Val::Array(a), "filter" | "map" | "some" | "every" | "find") => {
                let f = arg(0);
                let mut out = Vec::new();
                for item in a {
                    let r = self.apply(&f, vec![item.clone()])?;
                    match name {
                        "filter" if r.truthy() => out.push(item.clone()),
                        "map" => out.push(r),
                        "some" if r.truthy() => return Ok(Val::Bool(true)),
                        "every" if !r.truthy() => return Ok(Val::Bool(false)),
                        "find" if r.truthy() => return Ok(item.clone()),
                        _ => {}
                    }
                }
                match name {
                    "some" => Val::Bool(false),
                    "every" => Val::Bool(true),
                    "find" => Val::Undefined,
                    _ => Val::Array(out),
                }
            }
            (Val::Array(a), "sort") => {
                let mut a = a.clone();
                a.sort_by_key(Val::text);
                Val::Array(a)
            }
            (Val::Num(n), "toFixed") => Val::Str(format!("{:.*}", to_num(&arg(0)) as usize, n)),
            (Val::Obj(Obj::TasksDate(f)), _) => {
                let d = self.task()?.date(*f);
                match name {
                    "format" => Val::Str(d.map(|d| format_date(d, &s_arg(0))).unwrap_or_default()),
                    "formatAsDate" => Val::Str(d.map(|d| d.to_string()).unwrap_or_default()),
                    "formatAsDateAndTime" => {
                        Val::Str(d.map(|d| format!("{d} 00:00")).unwrap_or_default())
                    }
                    "toISOString" => {
                        Val::Str(d.map(|d| format!("{d}T00:00:00.000Z")).unwrap_or_default())
                    }
                    _ => return Err(format!("task date .{name}() is not evaluated")),
                }
            }
            (Val::Date(d), _) => {
                let other = match arg(0) {
                    Val::Date(o) => Some(o),
                    Val::Str(s) => parse_date(&s),
                    Val::Undefined => Some(self.today),
                    _ => None,
                };
                match (name, other) {
                    ("format", _) => Val::Str(format_date(*d, &s_arg(0))),
                    ("isBefore", Some(o)) => Val::Bool(*d < o),
                    ("isAfter", Some(o)) => Val::Bool(*d > o),
                    ("isSame", Some(o)) => Val::Bool(*d == o),
                    ("isSameOrBefore", Some(o)) => Val::Bool(*d <= o),
                    ("isSameOrAfter", Some(o)) => Val::Bool(*d >= o),
                    ("diff", Some(o)) => Val::Num((*d - o).num_days() as f64),
                    _ => return Err(format!("moment .{name}() is not evaluated")),
                }
            }
            (Val::Obj(Obj::TaskFile), "property" | "hasProperty") => {
                let note = self.task()?.note;
                let v = note
                    .fields
                    .iter()
                    .find(|(k, _)| **k == s_arg(0))
                    .map(|(_, v)| v);
                if name == "hasProperty" {
                    Val::Bool(v.is_some_and(|v| !v.is_null()))
                } else {
                    json_val(v)
                }
            }
            _ => return Err(format!("{} is not a function", callee_text(callee))),
        })
    }

    fn apply(&mut self, f: &Val, args: Vec<Val>) -> Result<Val, String> {
        let Val::Func(params, body) = f else {
            return Err(format!("{} is not a function", f.text()));
        };
        let mark = self.locals.len();
        for (p, a) in params
            .iter()
            .zip(args.into_iter().chain(std::iter::repeat(Val::Undefined)))
        {
            self.locals.push((p.clone(), a));
        }
        let r = self.eval(body);
        self.locals.truncate(mark);
        r
    }
}

fn callee_text(e: &Js) -> String {
    match e {
        Js::Ident(n) => n.clone(),
        Js::Member(o, p) => format!("{}.{p}", callee_text(o)),
        _ => "expression".into(),
    }
}

fn json_val(v: Option<&serde_json::Value>) -> Val {
    match v {
        None => Val::Undefined,
        Some(serde_json::Value::Null) => Val::Null,
        Some(serde_json::Value::Bool(b)) => Val::Bool(*b),
        Some(serde_json::Value::Number(n)) => Val::Num(n.as_f64().unwrap_or(0.0)),
        Some(serde_json::Value::String(s)) => Val::Str(s.clone()),
        Some(serde_json::Value::Array(a)) => {
            Val::Array(a.iter().map(|i| json_val(Some(i))).collect())
        }
        Some(serde_json::Value::Object(_)) => Val::Undefined,
    }
}

fn file_prop(path: &str, prop: &str) -> Val {
    let (folder, name) = match path.rsplit_once('/') {
        Some((dir, name)) => (format!("{dir}/"), name),
        None => ("/".to_string(), path),
    };
    let root = path
        .split_once('/')
        .map_or("/".to_string(), |(top, _)| format!("{top}/"));
    Val::Str(match prop {
        "path" => path.to_string(),
        "pathWithoutExtension" => path.strip_suffix(".md").unwrap_or(path).to_string(),
        "folder" => folder,
        "root" => root,
        "filename" => name.to_string(),
        "filenameWithoutExtension" => name.strip_suffix(".md").unwrap_or(name).to_string(),
        _ => return Val::Undefined,
    })
}

pub fn to_num(v: &Val) -> f64 {
    match v {
        Val::Num(n) => *n,
        Val::Bool(b) => f64::from(u8::from(*b)),
        Val::Null => 0.0,
        Val::Str(s) if s.trim().is_empty() => 0.0,
        Val::Str(s) => s.trim().parse().unwrap_or(f64::NAN),
        Val::Date(d) => d.num_days_from_ce() as f64,
        _ => f64::NAN,
    }
}

fn binary(op: &str, a: &Val, b: &Val) -> Val {
    use std::cmp::Ordering;
    match op {
        "===" => Val::Bool(strict_eq(a, b)),
        "!==" => Val::Bool(!strict_eq(a, b)),
        "==" => Val::Bool(loose_eq(a, b)),
        "!=" => Val::Bool(!loose_eq(a, b)),
        "+" => match (a, b) {
            (Val::Str(_), _) | (_, Val::Str(_)) | (Val::Array(_), _) => {
                Val::Str(a.text() + &b.text())
            }
            _ => Val::Num(to_num(a) + to_num(b)),
        },
        "-" => Val::Num(to_num(a) - to_num(b)),
        "*" => Val::Num(to_num(a) * to_num(b)),
        "/" => Val::Num(to_num(a) / to_num(b)),
        "%" => Val::Num(to_num(a) % to_num(b)),
        _ => {
            let ord = match (a, b) {
                (Val::Str(x), Val::Str(y)) => Some(x.cmp(y)),
                _ => to_num(a).partial_cmp(&to_num(b)),
            };
            Val::Bool(match op {
                "<" => ord == Some(Ordering::Less),
                ">" => ord == Some(Ordering::Greater),
                "<=" => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
                _ => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
            })
        }
    }
}

fn strict_eq(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Array(_), _) | (Val::Obj(_), _) => false,
        _ => a == b,
    }
}

fn loose_eq(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Null | Val::Undefined, Val::Null | Val::Undefined) => true,
        (Val::Null | Val::Undefined, _) | (_, Val::Null | Val::Undefined) => false,
        (Val::Str(x), Val::Str(y)) => x == y,
        _ => strict_eq(a, b) || to_num(a) == to_num(b),
    }
}

/// Formats a date with moment.js tokens (`YYYY`, `MM`, `DD`, `dddd`, `MMMM` …).
pub fn format_date(d: NaiveDate, fmt: &str) -> String {
    const TOKENS: [(&str, &str); 14] = [
        ("YYYY", "%Y"),
        ("YY", "%y"),
        ("MMMM", "%B"),
        ("MMM", "%b"),
        ("MM", "%m"),
        ("M", "%-m"),
        ("DDDD", "%j"),
        ("DD", "%d"),
        ("D", "%-d"),
        ("dddd", "%A"),
        ("ddd", "%a"),
        ("ww", "%V"),
        ("[W]", "W"),
        ("Q", "Q"),
    ];
    if fmt.is_empty() {
        return d.format("%Y-%m-%dT00:00:00").to_string();
    }
    let mut out = String::new();
    let mut rest = fmt;
    'outer: while !rest.is_empty() {
        if let Some(stripped) = rest.strip_prefix('[')
            && let Some(end) = stripped.find(']')
        {
            out.push_str(&stripped[..end]);
            rest = &stripped[end + 1..];
            continue;
        }
        for (tok, f) in TOKENS {
            if let Some(r) = rest.strip_prefix(tok) {
                if tok == "Q" {
                    out.push_str(&(d.month0() / 3 + 1).to_string());
                } else {
                    out.push_str(&d.format(f).to_string());
                }
                rest = r;
                continue 'outer;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}
