//! Dataview values: comparison (the order `SORT` and `GROUP BY` use),
//! arithmetic on numbers, dates and durations, and how a value is shown.

use std::cmp::Ordering;

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::model::query::ArithOp;
use crate::text::parse_date;

/// The words `date(…)` takes besides a date.
pub(super) const DATE_WORDS: &[&str] = &[
    "today",
    "now",
    "tomorrow",
    "yesterday",
    "sow",
    "eow",
    "som",
    "eom",
    "soy",
    "eoy",
];

/// A duration: calendar months and seconds, as Dataview's durations keep them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Dur {
    pub months: i64,
    pub seconds: f64,
}

impl Dur {
    /// Seconds, a month counted as 30 days (for comparing durations).
    fn total(&self) -> f64 {
        self.months as f64 * 30.0 * 86_400.0 + self.seconds
    }

    fn scale(&self, k: f64) -> Dur {
        Dur {
            months: (self.months as f64 * k).round() as i64,
            seconds: self.seconds * k,
        }
    }
}

/// A value in a Dataview expression.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Val {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    /// A date and time, in local time; a date alone is its midnight, as in
    /// Dataview (where every date is a date-time).
    Date(NaiveDateTime),
    Dur(Dur),
    /// A note, by path (or the link's text when it resolves to no note).
    Link(String),
    List(Vec<Val>),
}

impl Val {
    /// A day, as the date-time of its midnight.
    pub fn day(d: NaiveDate) -> Val {
        Val::Date(d.and_time(NaiveTime::MIN))
    }

    /// A date-time's day (its midnight); anything else as it is.
    pub fn day_of(self) -> Val {
        match self {
            Val::Date(d) => Val::day(d.date()),
            v => v,
        }
    }

    pub fn truthy(&self) -> bool {
        match self {
            Val::Null => false,
            Val::Bool(b) => *b,
            Val::Num(n) => *n != 0.0,
            Val::Str(s) => !s.is_empty(),
            Val::List(l) => !l.is_empty(),
            Val::Dur(d) => d.total() != 0.0,
            Val::Date(_) | Val::Link(_) => true,
        }
    }

    /// Where a type sorts among the others (null first).
    fn rank(&self) -> u8 {
        match self {
            Val::Null => 0,
            Val::Bool(_) => 1,
            Val::Num(_) => 2,
            Val::Str(_) => 3,
            Val::Date(_) => 4,
            Val::Dur(_) => 5,
            Val::Link(_) => 6,
            Val::List(_) => 7,
        }
    }

    /// The value as text; `name` turns a link's path into the name shown.
    pub fn display(&self, name: &dyn Fn(&str) -> String) -> String {
        match self {
            Val::Null => String::new(),
            Val::Bool(b) => b.to_string(),
            Val::Num(n) => format!("{n}"),
            Val::Str(s) => s.clone(),
            Val::Date(d) if d.time() == NaiveTime::MIN => d.format("%Y-%m-%d").to_string(),
            Val::Date(d) if d.second() == 0 => d.format("%Y-%m-%d %H:%M").to_string(),
            Val::Date(d) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
            Val::Dur(d) => show_duration(d),
            Val::Link(p) => name(p),
            Val::List(items) => items
                .iter()
                .map(|v| v.display(name))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// Dataview's order: values of one type by value, else by type, null first.
/// Text compares case aside first, as `localeCompare` does.
pub(super) fn compare(a: &Val, b: &Val) -> Ordering {
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Val::Date(x), Val::Date(y)) => x.cmp(y),
        (Val::Date(x), Val::Str(s)) if parse_date(s).is_some() => {
            parse_date(s).map_or(Ordering::Less, |y| x.cmp(&y.and_time(NaiveTime::MIN)))
        }
        (Val::Str(s), Val::Date(y)) if parse_date(s).is_some() => {
            parse_date(s).map_or(Ordering::Less, |x| x.and_time(NaiveTime::MIN).cmp(y))
        }
        (Val::Str(x), Val::Str(y)) => x
            .to_lowercase()
            .cmp(&y.to_lowercase())
            .then_with(|| y.cmp(x)),
        (Val::Bool(x), Val::Bool(y)) => x.cmp(y),
        (Val::Dur(x), Val::Dur(y)) => x.total().partial_cmp(&y.total()).unwrap_or(Ordering::Equal),
        (Val::Link(x), Val::Link(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Val::List(x), Val::List(y)) => {
            for (a, b) in x.iter().zip(y) {
                let o = compare(a, b);
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        _ => a.rank().cmp(&b.rank()),
    }
}

/// `a op b` as Dataview computes it; a combination it has no meaning for is null.
pub(super) fn arith(op: ArithOp, a: &Val, b: &Val) -> Val {
    use ArithOp::*;
    match (op, a, b) {
        (_, Val::Null, _) | (_, _, Val::Null) => Val::Null,
        (_, Val::Num(x), Val::Num(y)) => match op {
            Add => Val::Num(x + y),
            Sub => Val::Num(x - y),
            Mul => Val::Num(x * y),
            Div if *y != 0.0 => Val::Num(x / y),
            Rem if *y != 0.0 => Val::Num(x % y),
            _ => Val::Null,
        },
        (Add, Val::Str(x), y) => Val::Str(format!("{x}{}", y.display(&|p| p.to_string()))),
        (Add, x, Val::Str(y)) => Val::Str(format!("{}{y}", x.display(&|p| p.to_string()))),
        (Add, Val::Date(d), Val::Dur(u)) | (Add, Val::Dur(u), Val::Date(d)) => shift(*d, u, 1),
        (Sub, Val::Date(d), Val::Dur(u)) => shift(*d, u, -1),
        (Sub, Val::Date(x), Val::Date(y)) => Val::Dur(Dur {
            months: 0,
            seconds: (*x - *y).num_seconds() as f64,
        }),
        (Add | Sub, Val::Dur(x), Val::Dur(y)) => {
            let k = if op == Add { 1 } else { -1 };
            Val::Dur(Dur {
                months: x.months + k * y.months,
                seconds: x.seconds + k as f64 * y.seconds,
            })
        }
        (Mul, Val::Dur(d), Val::Num(k)) | (Mul, Val::Num(k), Val::Dur(d)) => Val::Dur(d.scale(*k)),
        (Div, Val::Dur(d), Val::Num(k)) if *k != 0.0 => Val::Dur(d.scale(1.0 / k)),
        _ => Val::Null,
    }
}

/// A date moved by a duration (`sign` -1 to go back): months first, then the
/// rest (days, hours, …).
fn shift(d: NaiveDateTime, u: &Dur, sign: i64) -> Val {
    let months = u.months * sign;
    let d = if months >= 0 {
        d.checked_add_months(Months::new(months as u32))
    } else {
        d.checked_sub_months(Months::new((-months) as u32))
    };
    let millis = (u.seconds * 1000.0).round() as i64 * sign;
    d.and_then(|d| d.checked_add_signed(chrono::Duration::try_milliseconds(millis)?))
        .map_or(Val::Null, Val::Date)
}

/// `date(today)` and the other words `date(…)` takes, or a date's text
/// (`2026-11-30`, `2026-11-30T09:30`). `now` is `today` at the time `now` gives.
pub(super) fn date_word(word: &str, today: NaiveDate, now: NaiveTime) -> Option<NaiveDateTime> {
    let week_start = today - Days::new(today.weekday().num_days_from_monday() as u64);
    let month_start = today.with_day(1)?;
    let day = match word.trim().to_lowercase().as_str() {
        "now" => return Some(today.and_time(now)),
        "today" => today,
        "tomorrow" => today + Days::new(1),
        "yesterday" => today - Days::new(1),
        "sow" => week_start,
        "eow" => week_start + Days::new(6),
        "som" => month_start,
        "eom" => month_start.checked_add_months(Months::new(1))? - Days::new(1),
        "soy" => today.with_ordinal(1)?,
        "eoy" => NaiveDate::from_ymd_opt(today.year(), 12, 31)?,
        other => return parse_date_time(other),
    };
    Some(day.and_time(NaiveTime::MIN))
}

/// An ISO date, or an ISO date and time (`T` or a space between, minutes or
/// seconds, an optional `Z`).
pub(super) fn parse_date_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    // Not a date unless it starts like one (numbers and words are read often).
    if s.len() < 10 || s.as_bytes()[4] != b'-' {
        return None;
    }
    if s.len() == 10 {
        return parse_date(s).map(|d| d.and_time(NaiveTime::MIN));
    }
    let s = s.strip_suffix(['Z', 'z']).unwrap_or(s).to_uppercase();
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(&s, f).ok())
}

/// `7 days`, `1 week`, `3mo`, `2 hours, 30 minutes`: Dataview's duration text.
pub fn parse_duration(text: &str) -> Option<Dur> {
    let mut rest = text.trim();
    let mut dur = Dur {
        months: 0,
        seconds: 0.0,
    };
    let mut any = false;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let n: f64 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start();
        let unit_len = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let unit = rest[..unit_len].to_lowercase();
        rest = rest[unit_len..].trim_start_matches([',', ' ']);
        if let Some(after) = rest.strip_prefix("and ") {
            rest = after.trim_start();
        }
        let seconds = match unit.as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3_600.0,
            "d" | "day" | "days" => 86_400.0,
            "w" | "wk" | "wks" | "week" | "weeks" => 7.0 * 86_400.0,
            "mo" | "month" | "months" => {
                dur.months += n as i64;
                any = true;
                continue;
            }
            "yr" | "yrs" | "year" | "years" => {
                dur.months += 12 * n as i64;
                any = true;
                continue;
            }
            _ => return None,
        };
        dur.seconds += n * seconds;
        any = true;
    }
    any.then_some(dur)
}

/// A duration in words: `1 month, 7 days`.
fn show_duration(d: &Dur) -> String {
    let mut parts = Vec::new();
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    let (years, months) = (d.months / 12, d.months % 12);
    if years != 0 {
        parts.push(plural(years, "year"));
    }
    if months != 0 {
        parts.push(plural(months, "month"));
    }
    let mut secs = d.seconds.round() as i64;
    for (unit, size) in [
        ("week", 604_800),
        ("day", 86_400),
        ("hour", 3_600),
        ("minute", 60),
        ("second", 1),
    ] {
        if secs.abs() >= size {
            parts.push(plural(secs / size, unit));
            secs %= size;
        }
    }
    if parts.is_empty() {
        "0 seconds".into()
    } else {
        parts.join(", ")
    }
}
