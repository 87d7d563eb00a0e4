//! Small text helpers shared by the parser, the index and the views.

use chrono::NaiveDate;

/// Replaces control characters (ESC, BEL, …) so note text can never drive the
/// terminal; tabs become spaces and line breaks inside a field become spaces.
pub fn sanitize(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
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
    for word in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Collapses runs of whitespace to one space and trims the ends.
pub fn squash_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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
