//! A task's emoji dates (`📅 2026-11-30`, `✅ 2026-12-01` …) and priorities
//! (`⏫` …), as the Tasks plugin writes them.
//!
//! Both are defined by patterns ([`dates_by_pattern`], [`PRIORITY`]). Most
//! tasks a pipeline writes carry a date, so the patterns ran on nearly every
//! task; the dates are now found by a scan when ASCII decides each of them
//! (what follows a marker, up to the end of its date, is ASCII), and
//! priorities, which are single characters, always are. Anything else goes to
//! the date pattern, whose spaces and digits are Unicode's (docs/performance.md,
//! "Reading tasks"). `tests/marks_fast_path.rs`, the unit tests below and the
//! fuzz target `marks` check that the two agree.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::is_pattern_space;

static EMOJI_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(📅|📆|🗓|⏳|⌛|🛫|➕|✅|❌)\u{FE0F}?\s*(\d{4}-\d{2}-\d{2})").unwrap()
});

/// A priority marker and the variation selector that may follow it.
pub static PRIORITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(🔺|⏫|🔼|🔽|⏬)\u{FE0F}?").unwrap());

const DATE_MARKERS: [&str; 9] = ["📅", "📆", "🗓", "⏳", "⌛", "🛫", "➕", "✅", "❌"];
const PRIORITY_MARKERS: [&str; 5] = ["🔺", "⏫", "🔼", "🔽", "⏬"];
const SELECTOR: &str = "\u{FE0F}";

/// An emoji date: its marker, the date as written and the bytes both cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmojiDate<'t> {
    pub marker: &'t str,
    pub date: &'t str,
    pub range: Range<usize>,
}

/// The emoji dates of `text`, in order, as [`dates_by_pattern`] finds them.
pub fn dates(text: &str) -> Vec<EmojiDate<'_>> {
    scan_dates(text).unwrap_or_else(|| dates_by_pattern(text))
}

/// The emoji dates of `text` as the pattern finds them (what [`dates`] answers).
pub fn dates_by_pattern(text: &str) -> Vec<EmojiDate<'_>> {
    (EMOJI_DATE.captures_iter(text))
        .map(|c| {
            let part = |i| c.get(i).expect("the pattern has two groups");
            EmojiDate {
                marker: part(1).as_str(),
                date: part(2).as_str(),
                range: part(0).range(),
            }
        })
        .collect()
}

/// Where each of `set`'s markers starts in `text`, in order, and which it is.
/// Every marker's first byte is 0xE2 or 0xF0, which starts a character.
fn markers<'t>(
    text: &'t str,
    set: &'static [&'static str],
) -> impl Iterator<Item = (usize, &'static str)> + 't {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(offset) = bytes[at..].iter().position(|&b| matches!(b, 0xE2 | 0xF0)) {
            let start = at + offset;
            at = start + 1;
            if let Some(marker) = set.iter().find(|m| text[start..].starts_with(**m)) {
                return Some((start, *marker));
            }
        }
        None
    })
}

/// The dates when ASCII decides every one; `None` when a marker is followed,
/// before its date ends, by a character outside ASCII (a space or a digit of
/// another script may make a date the pattern finds).
fn scan_dates(text: &str) -> Option<Vec<EmojiDate<'_>>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    // What a date covers after its marker is ASCII or a selector, so no
    // marker starts inside it.
    for (start, marker) in markers(text, &DATE_MARKERS) {
        let mut pos = start + marker.len();
        if text[pos..].starts_with(SELECTOR) {
            pos += SELECTOR.len();
        }
        // `\s*`: ASCII spaces here; any other character decides nothing.
        while bytes.get(pos).is_some_and(|&b| is_pattern_space(b)) {
            pos += 1;
        }
        // `\d{4}-\d{2}-\d{2}`, digit by digit.
        let mut whole = true;
        for (i, want_digit) in "dddd-dd-dd".bytes().map(|b| b == b'd').enumerate() {
            match bytes.get(pos + i) {
                Some(b) if !b.is_ascii() => return None,
                Some(b) if want_digit && b.is_ascii_digit() => {}
                Some(b'-') if !want_digit => {}
                _ => {
                    whole = false;
                    break;
                }
            }
        }
        if whole {
            let end = pos + "dddd-dd-dd".len();
            found.push(EmojiDate {
                marker,
                date: &text[pos..end],
                range: start..end,
            });
        }
    }
    Some(found)
}

/// The first priority marker in `text` (what `PRIORITY.captures` finds first).
pub fn first_priority(text: &str) -> Option<&'static str> {
    markers(text, &PRIORITY_MARKERS).next().map(|(_, m)| m)
}

/// `text` without its priority markers (and the selector after each), as
/// `PRIORITY.replace_all(text, "")` gives it.
pub fn without_priorities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut kept_from = 0;
    for (start, marker) in markers(text, &PRIORITY_MARKERS) {
        out.push_str(&text[kept_from..start]);
        kept_from = start + marker.len();
        if text[kept_from..].starts_with(SELECTOR) {
            kept_from += SELECTOR.len();
        }
    }
    out.push_str(&text[kept_from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_priorities_in_every_form() {
        let text = "Send 📅 2026-11-10 ⏫\u{fe0f} ✅\u{fe0f}\t2026-12-01 ➕2026-1-1 🔽";
        let found = dates(text);
        let pairs: Vec<_> = found.iter().map(|d| (d.marker, d.date)).collect();
        assert_eq!(pairs, [("📅", "2026-11-10"), ("✅", "2026-12-01")]);
        assert_eq!(found, dates_by_pattern(text));
        assert_eq!(first_priority(text), Some("⏫"));
        assert_eq!(without_priorities(text), PRIORITY.replace_all(text, ""));
        // Other scripts' spaces and digits go to the pattern.
        for text in ["📅\u{a0}2026-11-10", "📅 ٢٠٢٦-١١-١٠", "📅 2026-11-1é"] {
            assert_eq!(scan_dates(text), None, "{text:?}");
            assert_eq!(dates(text), dates_by_pattern(text), "{text:?}");
        }
    }
}
