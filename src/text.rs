//! Small text helpers shared by the parser, the index and the views.

use chrono::NaiveDate;

/// Makes note text safe to show: control characters (ESC, BEL, …) become
/// U+FFFD so note text can never drive the terminal; tabs and line breaks inside
/// a field become spaces; and characters that reorder or hide text (bidi
/// overrides and isolates, zero-width spaces) are shown as a visible marker such
/// as `⟨U+202E⟩` (docs/vault.md, text).
pub fn sanitize(s: &str) -> String {
    sanitized(s).into_owned()
}

/// Like [`sanitize`], without allocating when there is nothing to replace.
pub fn sanitized(s: &str) -> std::borrow::Cow<'_, str> {
    if !needs_sanitizing(s.as_bytes()) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    let mut prev = None;
    while let Some(c) = chars.next() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            // A joiner between two pictographs is part of an emoji (👩‍💻).
            '\u{200d}'
                if prev.is_some_and(pictographic)
                    && chars.peek().is_some_and(|n| pictographic(*n)) =>
            {
                out.push(c)
            }
            c if hides_text(c) => out.push_str(&format!("⟨U+{:04X}⟩", c as u32)),
            c => out.push(c),
        }
        prev = Some(c);
    }
    std::borrow::Cow::Owned(out)
}

/// Output for a person's terminal, line by line as [`sanitized`] makes a
/// field: whatever a note put in a file name, title or text (ESC, BEL, bidi
/// overrides) reaches the terminal as U+FFFD or a visible marker; the output's
/// own line breaks stay (docs/cli.md, "Text output").
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.split('\n').any(|line| needs_sanitizing(line.as_bytes())) {
        return std::borrow::Cow::Borrowed(s);
    }
    let lines: Vec<std::borrow::Cow<'_, str>> = s.split('\n').map(sanitized).collect();
    std::borrow::Cow::Owned(lines.join("\n"))
}

/// Whether any character [`sanitized`] replaces is in `b`, by its UTF-8 bytes
/// (one pass, no decoding: most note text is plain and common symbols such as
/// `—`, `→` or `✅` share the lead byte of the characters looked for). Runs of
/// printable ASCII, most of a note, are passed over eight bytes at a time.
fn needs_sanitizing(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        while let Some(word) = b.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            if !all_printable_ascii(word) {
                break;
            }
            i += 8;
        }
        let end = (i + 8).min(b.len());
        if (i..end).any(|at| replaced_at(b, at)) {
            return true;
        }
        i = end;
    }
    false
}

/// Whether every byte of `word` is printable ASCII (0x20–0x7e), none of which
/// can start a character [`sanitized`] replaces. With no byte's high bit set,
/// subtracting 0x20 from each byte borrows (setting a high bit) exactly when
/// some byte is below 0x20, and subtracting 1 from each byte of `word ^ 0x7f…`
/// exactly when some byte is 0x7f.
fn all_printable_ascii(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    (word | word.wrapping_sub(0x20 * ONES) | (word ^ (0x7f * ONES)).wrapping_sub(ONES)) & HIGH == 0
}

/// Whether a character [`sanitized`] replaces starts at `b[at]`.
fn replaced_at(b: &[u8], at: usize) -> bool {
    // The bytes that may start a character to replace; everything else is
    // passed over by one table lookup.
    static LEAD: [bool; 256] = byte_table(&[(0, 0x20)], &[0x7f, 0xc2, 0xd8, 0xe2, 0xef]);
    if !LEAD[b[at] as usize] {
        return false;
    }
    let next = |k: usize| b.get(at + k).copied().unwrap_or(0);
    match b[at] {
        // U+0080–U+009F: C1 controls.
        0xc2 => matches!(next(1), 0x80..=0x9f),
        // U+061C.
        0xd8 => next(1) == 0x9c,
        // U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069.
        0xe2 => match next(1) {
            0x80 => matches!(next(2), 0x8b..=0x8f | 0xaa..=0xae),
            0x81 => matches!(next(2), 0xa0..=0xa4 | 0xa6..=0xa9),
            _ => false,
        },
        // U+FEFF.
        0xef => next(1) == 0xbb && next(2) == 0xbf,
        // ASCII controls.
        _ => true,
    }
}

/// A table of the bytes in the half-open `ranges` and in `bytes`: for scans
/// that skip every other byte by one lookup.
const fn byte_table(ranges: &[(usize, usize)], bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut r = 0;
    while r < ranges.len() {
        let mut b = ranges[r].0;
        while b < ranges[r].1 {
            t[b] = true;
            b += 1;
        }
        r += 1;
    }
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
}

/// Characters that change the order text is shown in, or are invisible.
fn hides_text(c: char) -> bool {
    matches!(c,
        '\u{061c}'                      // Arabic letter mark
        | '\u{200b}'..='\u{200f}'        // zero-width space, joiners, LRM, RLM
        | '\u{202a}'..='\u{202e}'        // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}'        // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'        // bidi isolates
        | '\u{feff}'                      // zero-width no-break space
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

/// Roughly, the characters emoji sequences are made of.
fn pictographic(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27bf}' | '\u{1f000}'..='\u{1faff}' | '\u{fe0f}')
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
    // One pass; ASCII (nearly all note text) without the Unicode tables.
    let mut in_word = false;
    for c in s.chars() {
        let ascii = c.is_ascii();
        if !(if ascii {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        }) {
            in_word = false;
            continue;
        }
        if !in_word {
            if !out.is_empty() {
                out.push(' ');
            }
            in_word = true;
        }
        if ascii {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Appends `s` to `out` the way [`squash_spaces`] would give it, when `out` holds
/// earlier pieces of the same text: `pending_space` carries a run of whitespace
/// across pieces. Call with `out` empty and `pending_space` false to start.
pub fn push_squashed(out: &mut String, pending_space: &mut bool, s: &str) {
    // Byte by byte, copying each run of text whole; only a non-ASCII
    // character is decoded (to ask whether it is whitespace).
    fn text(out: &mut String, pending_space: &mut bool, run: &str) {
        if !run.is_empty() {
            if *pending_space {
                out.push(' ');
                *pending_space = false;
            }
            out.push_str(run);
        }
    }
    // The bytes that may start whitespace: ASCII's, and any non-ASCII lead byte.
    static MAY_BE_SPACE: [bool; 256] = byte_table(&[(0x80, 0x100)], b" \t\n\x0b\x0c\r");
    let bytes = s.as_bytes();
    let (mut run, mut i) = (0, 0);
    while i < bytes.len() {
        if !MAY_BE_SPACE[bytes[i] as usize] {
            i += 1;
            continue;
        }
        let (space, len) = match bytes[i] {
            0..0x80 => (true, 1),
            _ => s[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
        };
        if space {
            text(out, pending_space, &s[run..i]);
            *pending_space = !out.is_empty();
            run = i + len;
        }
        i += len;
    }
    text(out, pending_space, &s[run..]);
}

/// Is `b` a byte a pattern's `\s` matches? Among ASCII: tab, line feed,
/// vertical tab, form feed, carriage return and space (`u8::is_ascii_whitespace`
/// leaves out the vertical tab).
#[inline]
pub fn is_pattern_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ')
}

/// Collapses runs of whitespace to one space and trims the ends.
pub fn squash_spaces(s: &str) -> String {
    let trimmed = s.trim();
    let mut out = String::with_capacity(trimmed.len());
    push_squashed(&mut out, &mut false, trimmed);
    out
}

/// `%Y-%m-%d`, read once.
static YMD: std::sync::LazyLock<Vec<chrono::format::Item<'static>>> =
    std::sync::LazyLock::new(|| chrono::format::StrftimeItems::new("%Y-%m-%d").collect());

/// Parses `YYYY-MM-DD` at the start of `s` (a time part after it is ignored).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim().trim_matches(|c| c == '\'' || c == '"');
    let head = s.get(..10)?;
    let date = match ymd_digits(head.as_bytes()) {
        // Four, two and two ASCII digits: the date they name, if there is one.
        Some((y, m, d)) => NaiveDate::from_ymd_opt(y, m, d)?,
        // What `NaiveDate::parse_from_str(head, "%Y-%m-%d")` does, without reading
        // the format string again for every date of every note.
        None => {
            let mut parsed = chrono::format::Parsed::new();
            chrono::format::parse(&mut parsed, head, YMD.iter()).ok()?;
            parsed.to_naive_date().ok()?
        }
    };
    match s.as_bytes().get(10) {
        None => Some(date),
        Some(b) if !b.is_ascii_digit() => Some(date),
        Some(_) => None,
    }
}

/// Year, month and day of `YYYY-MM-DD` written in ASCII digits.
fn ymd_digits(head: &[u8]) -> Option<(i32, u32, u32)> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *head else {
        return None;
    };
    let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |ds: &[u8]| ds.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    Some((n(&digits[..4]) as i32, n(&digits[4..6]), n(&digits[6..])))
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

/// 20,000 strings of up to eleven of `parts` each, picked by a xorshift
/// generator from `seed`: inputs for the tests that hold a fast path to the form
/// it replaced.
#[cfg(test)]
pub(crate) fn generated_strings(
    parts: &'static [&'static str],
    seed: u64,
) -> impl Iterator<Item = String> {
    let mut state = seed;
    (0..20_000).map(move |_| {
        let mut s = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        for k in 0..(state % 12) {
            s.push_str(parts[(state >> (k * 5)) as usize % parts.len()]);
        }
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_output_keeps_its_lines_and_defuses_what_notes_put_in_them() {
        let out = "Evil\u{1b}[31mRed  (Customers/Evil\u{1b}[31mRed.md)\n  [?] Call\u{7} x\tB\n\n";
        assert_eq!(
            printable(out),
            "Evil\u{fffd}[31mRed  (Customers/Evil\u{fffd}[31mRed.md)\n  [?] Call\u{fffd} x B\n\n"
        );
        let plain = "Acme  (Customers/Acme.md)\n3 accounts\n";
        assert!(matches!(printable(plain), std::borrow::Cow::Borrowed(p) if p == plain));
        assert_eq!(printable("a\u{202e}b\n"), "a⟨U+202E⟩b\n");
    }

    #[test]
    fn dates_read_as_chrono_reads_them_with_the_format_string() {
        for head in [
            "2026-10-11",
            "2026-1-011",
            "2026-02-30",
            "0000-01-01",
            "+202-10-11",
            "2026/10/11",
            "2026-10-1x",
            "026 -10-11",
            "2026-10- 1",
            "99999-1-01",
            "2026-00-10",
            "abcd-ef-gh",
        ] {
            assert_eq!(
                parse_date(head),
                NaiveDate::parse_from_str(head, "%Y-%m-%d").ok(),
                "{head:?}"
            );
        }
    }

    #[test]
    fn dates_in_ascii_digits_read_as_chrono_reads_them() {
        // Every month and day number from 00 to 99 in years chrono treats
        // alike or apart (leap years, the year 0), and generated strings of
        // digits, dashes and other characters in the date's ten places.
        let mut heads = Vec::new();
        for year in ["2026", "2024", "1900", "2000", "0000", "9999", "0001"] {
            for month in 0..100 {
                for day in 0..100 {
                    heads.push(format!("{year}-{month:02}-{day:02}"));
                }
            }
        }
        let parts: &[&str] = &["2", "0", "1", "9", "3", "-", "-", "x", "+", "٣"];
        heads.extend(generated_strings(parts, 7).filter(|s| s.len() >= 10));
        let mut dates = 0;
        for head in &heads {
            let expected =
                NaiveDate::parse_from_str(&head[..head.floor_char_boundary(10)], "%Y-%m-%d").ok();
            let tail_is_digit = head.as_bytes().get(10).is_some_and(u8::is_ascii_digit);
            assert_eq!(
                parse_date(head),
                expected.filter(|_| !tail_is_digit),
                "{head:?}"
            );
            dates += usize::from(expected.is_some());
        }
        assert!(dates > 2_000, "{dates} dates among the heads");
    }

    /// Passing over printable ASCII eight bytes at a time finds exactly what
    /// looking at every byte finds: each byte value in each place of strings
    /// of 1–24 bytes, and the characters replaced (and their neighbours) in
    /// each place around the eight-byte words.
    #[test]
    fn needs_sanitizing_finds_what_a_scan_of_every_byte_finds() {
        let every_byte = |b: &[u8]| (0..b.len()).any(|at| replaced_at(b, at));
        let mut found = 0;
        for len in 1..=24 {
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut b = vec![b'a'; len];
                    b[at] = byte;
                    assert_eq!(needs_sanitizing(&b), every_byte(&b), "{b:?}");
                    found += usize::from(every_byte(&b));
                }
            }
        }
        assert!(found > 9_000, "{found}");
        let chars = [
            '\u{7f}', '\u{80}', '\u{85}', '\u{9f}', '\u{a0}', '\u{61b}', '\u{61c}', '\u{200a}',
            '\u{200b}', '\u{200d}', '\u{200f}', '\u{2010}', '\u{2029}', '\u{202a}', '\u{202e}',
            '\u{202f}', '\u{205f}', '\u{2060}', '\u{2064}', '\u{2065}', '\u{2066}', '\u{2069}',
            '\u{206a}', '\u{feff}', '\u{fefe}', '—', '✅', 'é',
        ];
        for c in chars {
            for before in 0..20 {
                for after in 0..12 {
                    let s = format!("{}{c}{}", "x".repeat(before), "y".repeat(after));
                    let expected = every_byte(s.as_bytes());
                    assert_eq!(needs_sanitizing(s.as_bytes()), expected, "{s:?}");
                    // The replaced characters are those sanitizing changes.
                    let changed = sanitized(&s) != s;
                    assert_eq!(expected, changed || c == '\u{200d}', "{s:?}");
                }
            }
        }
    }

    /// The character-by-character forms [`words_into`] and [`push_squashed`]
    /// replaced, kept as the reference they must agree with.
    fn words_reference(s: &str, mut out: String) -> String {
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

    fn push_squashed_reference(out: &mut String, pending_space: &mut bool, s: &str) {
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

    /// Strings of letters, digits, punctuation, every kind of whitespace,
    /// letters that lower-case to two characters, other scripts' digits, emoji.
    fn tricky_strings() -> impl Iterator<Item = String> {
        const PARTS: &[&str] = &[
            "a",
            "Z",
            "7",
            " ",
            "  ",
            "\t",
            "\n",
            "\r",
            "\u{b}",
            "\u{c}",
            "\u{a0}",
            "\u{2003}",
            "\u{3000}",
            "\u{85}",
            "-",
            "_",
            ".",
            "#",
            "@",
            "É",
            "Σ",
            "İ",
            "ß",
            "٣",
            "Ⅻ",
            "🚧",
            "\u{fe0f}",
            "\u{200d}",
            "Acme",
            "2026-01-02",
            "x/y",
        ];
        generated_strings(PARTS, 0x2545_f491_4f6c_dd1d)
    }

    #[test]
    fn words_and_squashing_agree_with_their_character_by_character_forms() {
        for s in tricky_strings() {
            assert_eq!(words(&s), words_reference(&s, String::new()), "{s:?}");
            let mut with_prefix = String::from("x");
            words_into(&s, &mut with_prefix);
            assert_eq!(with_prefix, words_reference(&s, "x".into()), "{s:?}");
            for (start, pending) in [("", false), ("x", false), ("x", true)] {
                let (mut out, mut p) = (start.to_string(), pending);
                let (mut want, mut q) = (start.to_string(), pending);
                push_squashed(&mut out, &mut p, &s);
                push_squashed_reference(&mut want, &mut q, &s);
                assert_eq!((out, p), (want, q), "{s:?} after {start:?}, {pending}");
            }
            let mut want = String::new();
            push_squashed_reference(&mut want, &mut false, s.trim());
            assert_eq!(squash_spaces(&s), want, "{s:?}");
        }
    }

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

    #[test]
    fn text_that_reorders_or_hides_itself_is_shown_with_a_marker() {
        // An override would show "ecnelis" reversed; a zero-width space hides.
        assert_eq!(
            sanitize("Renewal \u{202e}ecnelis\u{202c} ok"),
            "Renewal ⟨U+202E⟩ecnelis⟨U+202C⟩ ok"
        );
        assert_eq!(sanitize("pay\u{200b}ment"), "pay⟨U+200B⟩ment");
        assert_eq!(sanitize("\u{2067}x\u{2069}"), "⟨U+2067⟩x⟨U+2069⟩");
        assert_eq!(sanitize("a\u{feff}b"), "a⟨U+FEFF⟩b");
        // Emoji sequences keep their joiner; a lone joiner is marked.
        assert_eq!(sanitize("👩\u{200d}💻 dev"), "👩\u{200d}💻 dev");
        assert_eq!(sanitize("a\u{200d}b"), "a⟨U+200D⟩b");
        // Controls as before; plain text is not copied.
        assert_eq!(sanitize("bell\u{7}\u{1b}[2J"), "bell\u{fffd}\u{fffd}[2J");
        assert_eq!(sanitize("C1 \u{9b}31m"), "C1 \u{fffd}31m");
        assert!(matches!(
            sanitized("Café — naïve ✅"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
