//! Dates and date ranges in Tasks filters: absolute dates, `today`,
//! `in 3 days`, `2 weeks ago`, `this week`, `next month`, `2026-W05`,
//! `2026-Q1`, `2026-03`, `2026` and `FROM TO` ranges (docs/vault.md, "Query
//! blocks").

use chrono::{Datelike, Duration, Months, NaiveDate};

use crate::text::parse_date;

/// An inclusive range of days; a single date is a range of one day.
pub type Range = (NaiveDate, NaiveDate);

/// Reads a date or range the way the plugin does, relative to `today`.
pub fn parse_range(s: &str, today: NaiveDate) -> Option<Range> {
    let s = s.trim().to_lowercase();
    let s = s.as_str();
    if let Some(r) = relative_range(s, today) {
        return Some(r);
    }
    if let Some(d) = parse_day(s, today) {
        return Some((d, d));
    }
    // Two dates: `2026-01-01 2026-01-31`.
    let words: Vec<&str> = s.split_whitespace().collect();
    for cut in 1..words.len() {
        let (a, b) = (words[..cut].join(" "), words[cut..].join(" "));
        if let (Some(a), Some(b)) = (parse_day(&a, today), parse_day(&b, today)) {
            return Some(if a <= b { (a, b) } else { (b, a) });
        }
    }
    period(s)
}

/// One day: an ISO date, `today`/`tomorrow`/`yesterday`, `in N units`, `N units ago`.
fn parse_day(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    match s {
        "today" | "now" => return Some(today),
        "tomorrow" => return today.succ_opt(),
        "yesterday" => return today.pred_opt(),
        _ => {}
    }
    if s.len() == 10 && s.as_bytes()[4] == b'-' {
        return parse_date(s);
    }
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if let Some(d) = weekday_date(&words, today).or_else(|| month_date(&words, today)) {
        return Some(d);
    }
    let (n, unit, sign) = match words.as_slice() {
        ["in", n, unit] => (number(n)?, *unit, 1),
        [n, unit, "ago"] => (number(n)?, *unit, -1),
        [n, unit, "from", "now"] | [n, unit, "later"] => (number(n)?, *unit, 1),
        _ => return None,
    };
    shift(today, n * sign, unit.trim_end_matches('s'))
}

/// A weekday's name (or its first three letters), alone or after `this`,
/// `next` or `last`, read as the plugin's date parser (chrono) reads it: alone,
/// the closest such day (on a Wednesday, `tuesday` is yesterday and `friday`
/// in two days); `last`, the one before today; `this`, today or the one after;
/// `next`, the one in the coming week (from a weekday: a day still ahead this
/// week moves on a week; from a weekend, the days of the week to come).
fn weekday_date(words: &[&str], today: NaiveDate) -> Option<NaiveDate> {
    let (modifier, name) = match words {
        [name] => ("", *name),
        [m @ ("this" | "next" | "last" | "past" | "previous"), name] => (*m, *name),
        _ => return None,
    };
    // Days from Sunday, as the parser counts them.
    let target = weekday_number(name)?;
    let now = today.weekday().num_days_from_sunday() as i64;
    let forward = (target - now).rem_euclid(7);
    let backward = if target - now >= 0 {
        target - now - 7
    } else {
        target - now
    };
    let days = match modifier {
        "this" => forward,
        "last" | "past" | "previous" => backward,
        "next" if now == 0 => {
            if target == 0 {
                7
            } else {
                target
            }
        }
        "next" if now == 6 => match target {
            6 => 7,
            0 => 8,
            t => 1 + t,
        },
        "next" if target < now && target != 0 => forward,
        "next" => forward + 7,
        _ if forward < -backward => forward,
        _ => backward,
    };
    today.checked_add_signed(Duration::days(days))
}

fn weekday_number(name: &str) -> Option<i64> {
    const DAYS: [&str; 7] = [
        "sunday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
    ];
    let name = name.trim_end_matches('.');
    DAYS.iter()
        .position(|d| *d == name || (name.len() >= 3 && d.starts_with(name)))
        .map(|p| p as i64)
}

/// `14 October`, `October 14th`, `May` (its first day), with an optional year;
/// without one, the current year.
fn month_date(words: &[&str], today: NaiveDate) -> Option<NaiveDate> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let month = |w: &str| {
        let w = w.trim_end_matches('.');
        MONTHS
            .iter()
            .position(|m| *m == w || (w.len() >= 3 && m.starts_with(w)))
            .map(|p| p as u32 + 1)
    };
    let day = |w: &str| -> Option<u32> {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.len() > 2 {
            return None;
        }
        digits.parse().ok()
    };
    let year = |w: &str| -> Option<i32> { (w.len() == 4).then(|| w.parse().ok()).flatten() };
    let (m, d, y) = match words {
        [m] => (month(m)?, 1, None),
        [m, y] if year(y).is_some() => (month(m)?, 1, year(y)),
        [a, b] => match (month(a), month(b)) {
            (Some(m), None) => (m, day(b)?, None),
            (None, Some(m)) => (m, day(a)?, None),
            _ => return None,
        },
        [a, b, y] => match (month(a), month(b)) {
            (Some(m), None) => (m, day(b)?, Some(year(y)?)),
            (None, Some(m)) => (m, day(a)?, Some(year(y)?)),
            _ => return None,
        },
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y.unwrap_or(today.year()), m, d)
}

fn number(w: &str) -> Option<i64> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    match w {
        "a" | "an" => Some(1),
        _ => w
            .parse()
            .ok()
            .or_else(|| WORDS.iter().position(|x| *x == w).map(|p| p as i64)),
    }
}

fn shift(d: NaiveDate, n: i64, unit: &str) -> Option<NaiveDate> {
    let months = |m: i64| {
        if m >= 0 {
            d.checked_add_months(Months::new(m as u32))
        } else {
            d.checked_sub_months(Months::new((-m) as u32))
        }
    };
    match unit {
        "day" => d.checked_add_signed(Duration::days(n)),
        "week" => d.checked_add_signed(Duration::days(7 * n)),
        "month" => months(n),
        "quarter" => months(3 * n),
        "year" => months(12 * n),
        _ => None,
    }
}

/// `last|this|next week|month|quarter|year`: weeks run Monday to Sunday.
fn relative_range(s: &str, today: NaiveDate) -> Option<Range> {
    let (which, unit) = s.split_once(' ')?;
    let step = match which {
        "last" | "previous" => -1,
        "this" | "current" => 0,
        "next" => 1,
        _ => return None,
    };
    let unit = unit.trim();
    let start = match unit {
        "week" => today - Duration::days(today.weekday().num_days_from_monday() as i64),
        "month" => today.with_day(1)?,
        "quarter" => NaiveDate::from_ymd_opt(today.year(), (today.month0() / 3) * 3 + 1, 1)?,
        "year" => NaiveDate::from_ymd_opt(today.year(), 1, 1)?,
        _ => return None,
    };
    let start = shift(start, step, unit)?;
    let end = shift(start, 1, unit)?.pred_opt()?;
    Some((start, end))
}

/// `2026`, `2026-03`, `2026-Q1`, `2026-W05`.
fn period(s: &str) -> Option<Range> {
    let s = s.to_uppercase();
    let (year, rest) = match s.split_once('-') {
        Some((y, r)) => (y, Some(r)),
        None => (s.as_str(), None),
    };
    if year.len() != 4 {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let (start, months) = match rest {
        None => (NaiveDate::from_ymd_opt(year, 1, 1)?, 12),
        Some(q) if q.starts_with('Q') => {
            let q: u32 = q[1..].parse().ok().filter(|q| (1..=4).contains(q))?;
            (NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1)?, 3)
        }
        Some(w) if w.starts_with('W') => {
            let w: u32 = w[1..].parse().ok()?;
            let start = NaiveDate::from_isoywd_opt(year, w, chrono::Weekday::Mon)?;
            return Some((start, start + Duration::days(6)));
        }
        Some(m) if m.len() == 2 => {
            let m: u32 = m.parse().ok()?;
            (NaiveDate::from_ymd_opt(year, m, 1)?, 1)
        }
        _ => return None,
    };
    let end = start.checked_add_months(Months::new(months))?.pred_opt()?;
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn ranges_the_plugin_reads() {
        let today = d("2026-11-25"); // a Wednesday
        assert_eq!(parse_range("today", today), Some((today, today)));
        assert_eq!(
            parse_range("in 2 days", today),
            Some((d("2026-11-27"), d("2026-11-27")))
        );
        assert_eq!(
            parse_range("two weeks ago", today),
            Some((d("2026-11-11"), d("2026-11-11")))
        );
        assert_eq!(
            parse_range("this week", today),
            Some((d("2026-11-23"), d("2026-11-29")))
        );
        assert_eq!(
            parse_range("next month", today),
            Some((d("2026-12-01"), d("2026-12-31")))
        );
        assert_eq!(
            parse_range("last quarter", today),
            Some((d("2026-07-01"), d("2026-09-30")))
        );
        assert_eq!(
            parse_range("2026-Q1", today),
            Some((d("2026-01-01"), d("2026-03-31")))
        );
        assert_eq!(
            parse_range("2026-02", today),
            Some((d("2026-02-01"), d("2026-02-28")))
        );
        assert_eq!(
            parse_range("2026-W01", today),
            Some((d("2025-12-29"), d("2026-01-04")))
        );
        assert_eq!(
            parse_range("2026-01-05 2026-01-01", today),
            Some((d("2026-01-01"), d("2026-01-05")))
        );
        assert_eq!(parse_range("whenever", today), None);
    }

    #[test]
    fn weekdays_and_month_names_as_the_plugin_reads_them() {
        let day = |s: &str, today: &str| parse_range(s, d(today)).map(|r| r.0);
        // The documentation's example: on a Wednesday, `tuesday` is yesterday.
        let wed = "2026-11-25";
        assert_eq!(day("tuesday", wed), Some(d("2026-11-24")));
        assert_eq!(day("friday", wed), Some(d("2026-11-27")));
        assert_eq!(day("wednesday", wed), Some(d("2026-11-25")));
        assert_eq!(day("next tuesday", wed), Some(d("2026-12-01")));
        assert_eq!(day("next monday", wed), Some(d("2026-11-30")));
        assert_eq!(day("next friday", wed), Some(d("2026-12-04")));
        assert_eq!(day("next wednesday", wed), Some(d("2026-12-02")));
        assert_eq!(day("last friday", wed), Some(d("2026-11-20")));
        assert_eq!(day("last wednesday", wed), Some(d("2026-11-18")));
        assert_eq!(day("this friday", wed), Some(d("2026-11-27")));
        assert_eq!(day("this monday", wed), Some(d("2026-11-30")));
        assert_eq!(day("Mon", wed), Some(d("2026-11-23")));
        // From a weekend, `next` names the days of the week to come.
        let sat = "2026-11-28";
        assert_eq!(day("next monday", sat), Some(d("2026-11-30")));
        assert_eq!(day("next saturday", sat), Some(d("2026-12-05")));
        assert_eq!(day("next sunday", sat), Some(d("2026-12-06")));
        let sun = "2026-11-29";
        assert_eq!(day("next monday", sun), Some(d("2026-11-30")));
        assert_eq!(day("next sunday", sun), Some(d("2026-12-06")));
        // Month names: the current year unless one is given.
        assert_eq!(day("14 October", wed), Some(d("2026-10-14")));
        assert_eq!(day("October 14th", wed), Some(d("2026-10-14")));
        assert_eq!(day("may", wed), Some(d("2026-05-01")));
        assert_eq!(day("25th May 2023", wed), Some(d("2023-05-25")));
        assert_eq!(day("Dec 1, 2027", wed), Some(d("2027-12-01")));
        assert_eq!(day("31 February", wed), None);
        assert_eq!(day("mayday", wed), None);
        // A range of two dates in words.
        assert_eq!(
            parse_range("1 May 31 May", d(wed)),
            Some((d("2026-05-01"), d("2026-05-31")))
        );
    }
}
