//! A reader for the frontmatter almost every note has: top-level `key: value`
//! lines whose values are plain words, quoted strings, whole and decimal
//! numbers, dates, booleans, nulls and lists of those (one `- item` a line, or
//! `[a, b]` on one). It gives exactly what the YAML crate gives for such a
//! block, in a fraction of the time (docs/performance.md, "Reading frontmatter").
//!
//! It answers only what it is sure of: on anything else — a comment, a tab, a
//! nested mapping, a folded line, an escape, a number that is not a plain whole
//! number or decimal fraction, a word YAML might read as something other than
//! text, a repeated key, a character YAML treats specially — it returns `None`
//! and the caller asks the YAML crate. `tests` below and the fuzz target
//! `fuzz/fuzz_targets/frontmatter.rs` check that whenever it answers, the YAML
//! crate answers the same.

use serde_json::{Map, Number, Value};

/// The longest key read here; YAML limits implicit keys (1024 characters),
/// and a long key is no common case.
const MAX_KEY: usize = 128;

/// Reads `yaml` (the text between the frontmatter fences) when it is of the
/// simple shape described above; `None` for anything else.
pub fn read(yaml: &str) -> Option<Map<String, Value>> {
    let mut map = Map::new();
    let mut lines = yaml.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let line = line.strip_suffix('\n').unwrap_or(line);
        if is_blank(line) {
            continue;
        }
        let (key, rest) = key_line(line)?;
        if map.contains_key(key) {
            return None;
        }
        let value = if rest.is_empty() {
            list(&mut lines)?
        } else {
            scalar(rest)?
        };
        map.insert(key.to_string(), value);
    }
    Some(map)
}

/// The `- item` lines under a key written with nothing after its colon: a
/// list, or null when none follow.
fn list<'a>(lines: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>) -> Option<Value> {
    let mut items = Vec::new();
    let mut indent = None;
    while let Some(&next) = lines.peek() {
        let line = next.strip_suffix('\n').unwrap_or(next);
        if is_blank(line) {
            // A blank line between items, or before the next key: only what
            // comes after it tells which, so leave it to the YAML crate.
            return None;
        }
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let Some(item) = line[spaces..].strip_prefix("- ") else {
            if spaces > 0 || line[spaces..] == *"-" {
                return None;
            }
            break;
        };
        if *indent.get_or_insert(spaces) != spaces {
            return None;
        }
        items.push(scalar(item)?);
        lines.next();
    }
    Some(if items.is_empty() {
        Value::Null
    } else {
        Value::Array(items)
    })
}

/// `key: rest` at the start of a line: the key and what follows the colon,
/// without surrounding spaces.
fn key_line(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    let after = &line[colon + 1..];
    if !is_plain_key(key) || !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    Some((key, after.trim_matches(' ')))
}

fn is_plain_key(key: &str) -> bool {
    key.len() <= MAX_KEY
        && key.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !is_special_word(key)
}

/// A value after `key: ` or `- `, spaces trimmed.
fn scalar(text: &str) -> Option<Value> {
    let text = text.trim_matches(' ');
    match text.as_bytes().first()? {
        b'\'' => single_quoted(text).map(Value::String),
        b'"' => double_quoted(text).map(Value::String),
        b'0'..=b'9' => number_or_date(text),
        b'[' => flow_list(text),
        _ => plain(text),
    }
}

/// `[a, b, 'c']` on one line: items that are plain words, numbers, dates or
/// quoted strings, none of them holding a comma, bracket, brace, colon or `#`.
fn flow_list(text: &str) -> Option<Value> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    if inner.contains(['[', ']', '{', '}', ':', '#']) {
        return None;
    }
    if inner.trim_matches(' ').is_empty() {
        return Some(Value::Array(Vec::new()));
    }
    inner
        .split(',')
        .map(|item| match item.trim_matches(' ') {
            "" => None,
            item => scalar(item),
        })
        .collect::<Option<Vec<_>>>()
        .map(Value::Array)
}

/// A plain (unquoted) word or phrase that starts with a letter.
fn plain(text: &str) -> Option<Value> {
    let first = text.chars().next()?;
    if !(first.is_ascii_alphabetic() || (!first.is_ascii() && printable(first))) {
        return None;
    }
    if !is_plain_text(text) {
        return None;
    }
    match text {
        "null" | "Null" | "NULL" => Some(Value::Null),
        "true" | "True" | "TRUE" => Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => Some(Value::Bool(false)),
        _ if is_special_word(text) => None,
        _ => Some(Value::String(text.to_string())),
    }
}

/// Text that reads as one plain scalar: no comment, no `key: value` inside,
/// nothing YAML reads specially.
fn is_plain_text(text: &str) -> bool {
    !(text.contains(" #") || text.contains(": ") || text.ends_with(':'))
        && text.chars().all(printable)
}

/// Words some YAML readers take for something other than text (booleans,
/// nulls, infinities): left to the YAML crate whatever their case.
fn is_special_word(text: &str) -> bool {
    const WORDS: [&str; 12] = [
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan",
    ];
    text.len() <= 8 && WORDS.iter().any(|w| w.eq_ignore_ascii_case(text))
}

/// A value starting with a digit: a whole number without a leading zero that
/// fits 64 bits, a short decimal fraction (`4.5`), a `YYYY-MM-DD` date (which
/// YAML leaves as text), or text that cannot be a number.
fn number_or_date(text: &str) -> Option<Value> {
    let b = text.as_bytes();
    if b.iter().all(u8::is_ascii_digit) {
        if b.len() > 18 || !is_decimal(text) {
            return None;
        }
        return text
            .parse::<i64>()
            .ok()
            .map(|n| Value::Number(Number::from(n)));
    }
    let date = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if date {
        return Some(Value::String(text.to_string()));
    }
    if let Some((whole, fraction)) = text.split_once('.')
        && is_decimal(whole)
        && !fraction.is_empty()
        && fraction.bytes().all(|c| c.is_ascii_digit())
        && text.len() <= 17
    {
        // `4.5`, `0.25`: what the crate makes of a plain decimal fraction.
        return text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number);
    }
    // Anything else made only of what numbers are written with (`1e3`, `1.`,
    // `0x1F`, `1_000`, `+4`) is left to the YAML crate; with any other
    // character (`2026-W47`, `12 apples`) it is text.
    let numeric = |c: &u8| c.is_ascii_hexdigit() || b"xXoO.+-_".contains(c);
    (!b.iter().all(numeric) && is_plain_text(text)).then(|| Value::String(text.to_string()))
}

/// Digits without a leading zero (`0` alone aside).
fn is_decimal(digits: &str) -> bool {
    !digits.is_empty()
        && digits.bytes().all(|c| c.is_ascii_digit())
        && (digits.len() == 1 || !digits.starts_with('0'))
}

/// `'…'` on one line, `''` standing for a quote; nothing after the closing quote.
fn single_quoted(text: &str) -> Option<String> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\'' {
            // Only a doubled quote may sit inside.
            if chars.next() != Some('\'') {
                return None;
            }
        } else if !printable(c) {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

/// `"…"` on one line without escapes or inner quotes.
fn double_quoted(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains(['"', '\\']) && inner.chars().all(printable)).then(|| inner.to_string())
}

/// A character YAML takes as itself inside a value: printable, and not one it
/// reads as a line break or byte order mark. Tabs are left to the YAML crate.
fn printable(c: char) -> bool {
    matches!(c, ' '..='~')
        || (c >= '\u{a0}'
            && !matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            ))
}

fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast(yaml: &str) -> Option<Value> {
        read(yaml).map(Value::Object)
    }

    #[test]
    fn reads_the_pipeline_shape() {
        let yaml = "type: customer\ntitle: Acme Widgets\ncreated: '2026-01-03'\n\
                    date: 2026-10-11\naccount: \"[[Acme Widgets]]\"\nauto_created: true\n\
                    seats: 40\nrating: 4.5\nowner:\ntags:\n- type/customer\n- needs-review\n\
                    labels: [one, 'two', 3, \"four\"]\nnone: []\n\
                    aliases:\n  - 'Acme''s'\n  - \"AW\"\n";
        assert_eq!(
            fast(yaml),
            Some(serde_json::json!({
                "type": "customer", "title": "Acme Widgets", "created": "2026-01-03",
                "date": "2026-10-11", "account": "[[Acme Widgets]]", "auto_created": true,
                "seats": 40, "rating": 4.5, "owner": null, "tags": ["type/customer", "needs-review"],
                "aliases": ["Acme's", "AW"], "labels": ["one", "two", 3, "four"], "none": [],
            }))
        );
    }

    #[test]
    fn leaves_everything_unusual_to_the_yaml_crate() {
        for yaml in [
            "tags: [a, [b]]\n",
            "tags: [a, b,]\n",
            "tags: [a, 'b, c']\n",
            "tags: [a: 1]\n",
            "a: 1 # comment\n",
            "# comment\na: 1\n",
            "a: x\n  folded on\n",
            "a:\n  b: 1\n",
            "a:\n\n- x\n",
            "a:\n- x\n  - y\n",
            "a:\n-\n",
            "a: \"esc\\n\"\n",
            "a: 'open\n",
            "a: 1.5e3\n",
            "a: 00.5\n",
            "a: 1.\n",
            "a: 007\n",
            "a: -3\n",
            "a: 1_000\n",
            "a: 0x1F\n",
            "a: yes\n",
            "a: NaN\n",
            "a: ~\n",
            "a: 1\na: 2\n",
            "a:\tx\n",
            "a: x\r\n",
            "a:b\n",
            "a : b\n",
            "no: x\n",
            "a: &anchor x\n",
            "a: *alias\n",
            "a: !tag x\n",
            "a: [[Link]]\n",
            "a: x: y\n",
            "a: x\u{2028}y\n",
            "- x\n",
            "%YAML 1.2\n",
        ] {
            assert_eq!(read(yaml), None, "{yaml:?}");
        }
    }
}
