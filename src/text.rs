//! Small text helpers shared by the parser, the index and the views.

use chrono::NaiveDate;

/// Replaces control characters (ESC, BEL, …) so note text can never drive the
/// terminal; tabs become spaces and line breaks inside a field become spaces.
pub fn sanitize(s: &str) -> String {
    sanitized(s).into_owned()
}

/// Like [`sanitize`], without allocating when there is nothing to replace.
pub fn sanitized(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c if c.is_control() => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

/// A count with its noun in the right number: `1 account`, `2 accounts`, `0 problems`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How long ago a date was, in words: `today`, `1 day ago`, `3 days ago`,
/// `2 days in the future`.
pub fn days_ago(days: i64) -> String {
    match days {
        0 => "today".into(),
        n if n < 0 => format!(
            "{} in the future",
            count(n.unsigned_abs() as usize, "day", "days")
        ),
        n => format!("{} ago", count(n as usize, "day", "days")),
    }
}

/// The key a heading is matched by: lower case, letters and digits only, single spaces.
/// `## 🚧 Current blockers` and `## Current Blockers` both give `current blockers`.
pub fn section_key(heading: &str) -> String {
    words(heading)
}

/// Lower-cased words with punctuation, emoji and repeated whitespace removed;
/// used to compare texts that an automated writer produced twice.
pub fn words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    words_into(s, &mut out);
    out
}

/// Like [`words`], appending to `out` (so a caller can reuse one buffer).
pub fn words_into(s: &str, out: &mut String) {
    for word in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// Appends `s` to `out` the way [`squash_spaces`] would give it, when `out` holds
/// earlier pieces of the same text: `pending_space` carries a run of whitespace
/// across pieces. Call with `out` empty and `pending_space` false to start.
pub fn push_squashed(out: &mut String, pending_space: &mut bool, s: &str) {
    for c in s.chars() {
        if c.is_whitespace() {
            *pending_space = !out.is_empty();
        } else {
            if *pending_space {
                out.push(' ');
                *pending_space = false;
            }
            out.push(c);
        }
    }
}

/// Collapses runs of whitespace to one space and trims the ends.
pub fn squash_spaces(s: &str) -> String {
    let trimmed = s.trim();
    let mut out = String::with_capacity(trimmed.len());
    let mut in_space = false;
    for c in trimmed.chars() {
        if c.is_whitespace() {
            in_space = true;
        } else {
            if in_space {
                out.push(' ');
                in_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Parses `YYYY-MM-DD` at the start of `s` (a time part after it is ignored).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim().trim_matches(|c| c == '\'' || c == '"');
    let head = s.get(..10)?;
    let date = NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()?;
    match s.as_bytes().get(10) {
        None => Some(date),
        Some(b) if !b.is_ascii_digit() => Some(date),
        Some(_) => None,
    }
}

/// The date a file name starts with (`2025-12-19 - Kickoff.md`), if any.
pub fn date_prefix(file_stem: &str) -> Option<NaiveDate> {
    parse_date(file_stem)
}

/// Upper-cases the first letter: `paused` → `Paused`.
pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_spaces_collapses_and_trims() {
        assert_eq!(squash_spaces("  a \t b\n\nc  "), "a b c");
        assert_eq!(squash_spaces(""), "");
    }

    #[test]
    fn squashing_in_pieces_equals_squashing_the_whole() {
        for pieces in [
            &["  a ", "\t b\n", "", "\nc  "][..],
            &[" ", " "],
            &["x", "y", " z"],
        ] {
            let mut out = String::new();
            let mut pending = false;
            for p in pieces {
                push_squashed(&mut out, &mut pending, p);
            }
            assert_eq!(out, squash_spaces(&pieces.concat()));
        }
    }

    #[test]
    fn section_keys_ignore_emoji_and_punctuation() {
        assert_eq!(section_key("🚧 Current blockers"), "current blockers");
        assert_eq!(section_key("Topics / Themes"), "topics themes");
    }

    #[test]
    fn sanitize_removes_escape_sequences_power() {
        assert_eq!(sanitize("a\u{1b}[31mb\u{7}"), "a\u{fffd}[31mb\u{fffd}");
    }

    #[test]
    fn dates_parse_with_or_without_quotes_and_times() {
        let d = NaiveDate::from_ymd_opt(2025, 12, 19);
        assert_eq!(parse_date("2025-12-19"), d);
        assert_eq!(parse_date("'2025-12-19'"), d);
        assert_eq!(parse_date("2025-12-19T10:00"), d);
        assert_eq!(parse_date("2025-12-19 - Kickoff"), d);
        assert_eq!(parse_date("2025-12-190"), None);
        assert_eq!(parse_date("soon"), None);
    }
}
