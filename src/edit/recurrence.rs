//! The next occurrence of a recurring task (`🔁 every week`), written when acct
//! marks the task done, as the Tasks plugin writes it: a copy of the task with
//! its dates moved on by the rule, above the done one (docs/writing.md,
//! "Recurring tasks"). A rule acct does not compute is refused, never dropped.

use std::ops::Range;

use chrono::{Days, Months, NaiveDate};

use super::TextEdit;
use crate::note::emoji;
use crate::note::outline::OutlineTask;
use crate::text::parse_date;
use crate::vault::RecurrenceSettings as Settings;

/// The unit a rule counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// A recurrence rule acct computes: `every [N] day|week|month|year[s]`, with
/// `when done` to count from the day the task is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rule {
    every: u32,
    unit: Unit,
    when_done: bool,
}

impl Rule {
    fn parse(text: &str) -> Option<Rule> {
        let lower = text.to_ascii_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let (words, when_done) = match words.as_slice() {
            [rest @ .., "when", "done"] => (rest, true),
            all => (all, false),
        };
        let (every, unit) = match words {
            ["every", unit] => (1, *unit),
            ["every", n, unit] => (n.parse().ok().filter(|n| (1..=9999).contains(n))?, *unit),
            _ => return None,
        };
        let unit = match unit.strip_suffix('s').unwrap_or(unit) {
            "day" => Unit::Day,
            "week" => Unit::Week,
            "month" => Unit::Month,
            "year" => Unit::Year,
            _ => return None,
        };
        Some(Rule {
            every,
            unit,
            when_done,
        })
    }

    /// The next date of the rule after `date`. A month or year without the
    /// day (the 31st, the 29th of February) gives its last day, as the plugin
    /// does.
    fn after(&self, date: NaiveDate) -> Option<NaiveDate> {
        let n = self.every;
        match self.unit {
            Unit::Day => date.checked_add_days(Days::new(n.into())),
            Unit::Week => date.checked_add_days(Days::new(u64::from(n) * 7)),
            Unit::Month => date.checked_add_months(Months::new(n)),
            Unit::Year => date.checked_add_months(Months::new(n.checked_mul(12)?)),
        }
    }
}

/// The rule's text after `🔁`: what the plugin reads as the rule (letters,
/// digits, spaces, commas and `!`), up to the next field.
fn rule_text(text: &str) -> Option<&str> {
    let (at, marker) = text.match_indices('🔁').next()?;
    let rest = &text[at + marker.len()..];
    let rest = rest.strip_prefix('\u{fe0f}').unwrap_or(rest);
    let end = (rest.char_indices())
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, ' ' | ',' | '!')))
        .map_or(rest.len(), |(i, _)| i);
    Some(rest[..end].trim())
}

/// The text (after the checkbox) of the next occurrence of a task whose text
/// is `text`, done on `today`; `None` when the task does not recur. Err says,
/// for a person, why acct does not write it.
pub fn next_text(
    text: &str,
    today: NaiveDate,
    settings: &Settings,
) -> Result<Option<String>, String> {
    if !settings.global_filter.is_empty() && !text.contains(&settings.global_filter) {
        // Not a task to the plugin, so it makes no next occurrence either.
        return Ok(None);
    }
    if text.contains("repeat::") {
        return Err(
            "it repeats by a Dataview field (`repeat::`), which acct does not compute".into(),
        );
    }
    let Some(rule_text) = rule_text(text) else {
        return Ok(None);
    };
    let rule = Rule::parse(rule_text).ok_or_else(|| {
        format!("its rule \"🔁 {rule_text}\" is one acct does not compute (it computes every N days, weeks, months or years)")
    })?;
    let dates = emoji::dates(text);
    let mut due = None;
    let mut scheduled = None;
    let mut start = None;
    for d in &dates {
        let (slot, name) = match d.marker {
            "📅" | "📆" | "🗓" => (&mut due, "due"),
            "⏳" | "⌛" => (&mut scheduled, "scheduled"),
            "🛫" => (&mut start, "start"),
            _ => continue,
        };
        if slot.is_some() {
            return Err(format!("it has two {name} dates"));
        }
        let date = parse_date(d.date)
            .ok_or_else(|| format!("its {name} date {} is not a date", d.date))?;
        *slot = Some(date);
    }
    let reference = due.or(scheduled).or(start);
    let base = match (rule.when_done, reference) {
        (false, Some(reference)) => reference,
        _ => today,
    };
    let next = rule.after(base).ok_or("its next date is out of range")?;
    // Each date keeps its distance from the reference date (due, else
    // scheduled, else start).
    let moved = |date: NaiveDate| -> Result<String, String> {
        let reference = reference.expect("a dated task has a reference date");
        let shifted = next
            .checked_add_signed(date - reference)
            .ok_or("its next date is out of range")?;
        Ok(shifted.format("%Y-%m-%d").to_string())
    };
    let mut out = String::with_capacity(text.len());
    let mut kept_from = 0;
    for d in &dates {
        let date_range = d.range.end - d.date.len()..d.range.end;
        let replacement = match d.marker {
            "📅" | "📆" | "🗓" | "⏳" | "⌛" | "🛫" => {
                Some(moved(parse_date(d.date).expect("read above"))?)
            }
            "➕" if settings.created_date => Some(today.format("%Y-%m-%d").to_string()),
            // A done, cancelled or (unless the settings ask) created date goes.
            _ => None,
        };
        match replacement {
            Some(date) => {
                out.push_str(&text[kept_from..date_range.start]);
                out.push_str(&date);
            }
            None => {
                let cut = with_blank_before(text, d.range.clone());
                out.push_str(&text[kept_from..cut.start]);
            }
        }
        kept_from = d.range.end;
    }
    out.push_str(&text[kept_from..]);
    // A block id names one task: the new one has none.
    Ok(Some(without_block_id(&out)))
}

/// The edit adding the next occurrence of `task` (as the outline of `text`
/// found it), done on `today`, as a new line with status `todo` beside it, and
/// the new task's text; `None` when it does not recur.
pub fn next_occurrence(
    text: &str,
    task: &OutlineTask,
    todo: char,
    today: NaiveDate,
    settings: &Settings,
) -> Result<Option<(TextEdit, String)>, String> {
    let Some(next) = next_text(&text[task.text.clone()], today, settings)? else {
        return Ok(None);
    };
    // A byte order mark stays the note's first bytes.
    let first = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let line_start = text[..task.status.start]
        .rfind('\n')
        .map_or(first, |i| i + 1);
    let rest = &text[task.text.end..];
    let eol = if rest.starts_with("\r\n") || (rest.is_empty() && text.contains("\r\n")) {
        "\r\n"
    } else {
        "\n"
    };
    let line = format!(
        "{}{todo}{}{next}",
        &text[line_start..task.status.start],
        &text[task.status.end..task.text.start]
    );
    let edit = match (settings.below, rest.find('\n')) {
        (false, _) => TextEdit::new(line_start..line_start, format!("{line}{eol}")),
        (true, Some(i)) => {
            let at = task.text.end + i + 1;
            TextEdit::new(at..at, format!("{line}{eol}"))
        }
        (true, None) => TextEdit::new(text.len()..text.len(), format!("{eol}{line}")),
    };
    Ok(Some((edit, next)))
}

/// `range`, with the one blank before it.
fn with_blank_before(text: &str, range: Range<usize>) -> Range<usize> {
    match text[..range.start].ends_with([' ', '\t']) {
        true => range.start - 1..range.end,
        false => range,
    }
}

/// `text` without a trailing ` ^block-id` (and trailing blanks).
fn without_block_id(text: &str) -> String {
    text[..super::task::done_insert_point(text)].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn next(text: &str, today: &str) -> Result<Option<String>, String> {
        next_text(text, d(today), &Settings::default())
    }

    #[test]
    fn rules_read_as_the_plugin_writes_them() {
        let rule = |s| Rule::parse(s);
        assert_eq!(
            rule("every week").map(|r| (r.every, r.unit)),
            Some((1, Unit::Week))
        );
        assert_eq!(
            rule("Every 2 Days").map(|r| (r.every, r.unit)),
            Some((2, Unit::Day))
        );
        assert_eq!(
            rule("every month when done").map(|r| r.when_done),
            Some(true)
        );
        assert_eq!(rule("every 3 years").map(|r| r.unit), Some(Unit::Year));
        for unread in [
            "every week on Monday",
            "every weekday",
            "every",
            "every 0 days",
            "daily",
            "every 2",
        ] {
            assert_eq!(rule(unread), None, "{unread}");
        }
    }

    #[test]
    fn the_due_date_moves_on_and_the_others_keep_their_distance() {
        assert_eq!(
            next(
                "Send the report 🔁 every week 🛫 2026-11-28 📅 2026-11-30 ✅ 2026-11-29",
                "2026-12-02"
            )
            .unwrap(),
            Some("Send the report 🔁 every week 🛫 2026-12-05 📅 2026-12-07".into())
        );
        // Scheduled is the reference without a due date.
        assert_eq!(
            next("Call Ann 🔁 every 2 days ⏳ 2026-11-30", "2026-12-02").unwrap(),
            Some("Call Ann 🔁 every 2 days ⏳ 2026-12-02".into())
        );
    }

    #[test]
    fn when_done_counts_from_the_day_it_is_done() {
        assert_eq!(
            next(
                "Water plants 🔁 every week when done 📅 2026-11-01",
                "2026-12-02"
            )
            .unwrap(),
            Some("Water plants 🔁 every week when done 📅 2026-12-09".into())
        );
    }

    #[test]
    fn a_month_without_the_day_gives_its_last_day() {
        assert_eq!(
            next("Invoice 🔁 every month 📅 2027-01-31", "2027-01-31").unwrap(),
            Some("Invoice 🔁 every month 📅 2027-02-28".into())
        );
        assert_eq!(
            next("Renew 🔁 every year 📅 2028-02-29", "2028-02-29").unwrap(),
            Some("Renew 🔁 every year 📅 2029-02-28".into())
        );
    }

    #[test]
    fn the_copy_loses_its_block_id_and_created_date_unless_asked() {
        assert_eq!(
            next(
                "Stand-up ➕ 2026-11-01 🔁 every day 📅 2026-12-01 ^standup",
                "2026-12-02"
            )
            .unwrap(),
            Some("Stand-up 🔁 every day 📅 2026-12-02".into())
        );
        let created = Settings {
            created_date: true,
            ..Settings::default()
        };
        assert_eq!(
            next_text(
                "Stand-up ➕ 2026-11-01 🔁 every day",
                d("2026-12-02"),
                &created
            )
            .unwrap(),
            Some("Stand-up ➕ 2026-12-02 🔁 every day".into())
        );
    }

    #[test]
    fn a_task_without_a_rule_or_outside_the_filter_does_not_recur() {
        assert_eq!(
            next("Plain task 📅 2026-12-01", "2026-12-02").unwrap(),
            None
        );
        let filtered = Settings {
            global_filter: "#task".into(),
            ..Settings::default()
        };
        assert_eq!(
            next_text("Chore 🔁 every day", d("2026-12-02"), &filtered).unwrap(),
            None
        );
    }

    #[test]
    fn rules_acct_does_not_compute_are_refused_with_the_reason() {
        let err = next("Gym 🔁 every week on Monday 📅 2026-12-07", "2026-12-02").unwrap_err();
        assert!(err.contains("every week on Monday"), "{err}");
        assert!(next("Report [repeat:: every week]", "2026-12-02").is_err());
        assert!(
            next(
                "Twice 🔁 every day 📅 2026-12-01 📅 2026-12-02",
                "2026-12-02"
            )
            .is_err()
        );
    }
}
