//! Edits inside the YAML frontmatter, line by line as text (never through a
//! YAML library, which would drop comments, quoting and key order): the
//! `tags`/`tag` value in every shape Obsidian accepts, and the `status:` value.
//! Key lines come from the note's outline. Rules in docs/writing.md.

use std::ops::Range;

use super::{EditError, TextEdit};
use crate::note::outline::{Outline, closing_quote, lines_in};

// ---------------------------------------------------------------------------
// YAML, line-oriented
// ---------------------------------------------------------------------------

/// A scalar value on a YAML line.
enum Value {
    /// Nothing (or only a comment) after the colon.
    Empty,
    /// A plain scalar: its bytes, trailing comment and spaces excluded.
    Plain(Range<usize>),
    /// A quoted scalar: the bytes between the quotes.
    Quoted(Range<usize>),
    /// A flow sequence starting at this `[`.
    Flow(usize),
    /// Anything else (mapping, block scalar, anchor, alias, unterminated quote).
    Other,
}

/// Reads the value starting at `start` (just after `:` or `-`) on a line ending at `end`.
fn value_at(text: &str, start: usize, end: usize) -> Value {
    let b = text.as_bytes();
    let mut p = start;
    while p < end && matches!(b[p], b' ' | b'\t') {
        p += 1;
    }
    if p == end || b[p] == b'#' {
        return Value::Empty;
    }
    match b[p] {
        b'[' => Value::Flow(p),
        b'{' | b'|' | b'>' | b'&' | b'!' | b'*' => Value::Other,
        q @ (b'\'' | b'"') => match closing_quote(b, p, end, q) {
            Some(close) => Value::Quoted(p + 1..close),
            None => Value::Other,
        },
        _ => {
            let mut e = p;
            while e < end && !(b[e] == b'#' && matches!(b[e - 1], b' ' | b'\t')) {
                e += 1;
            }
            while e > p && matches!(b[e - 1], b' ' | b'\t') {
                e -= 1;
            }
            Value::Plain(p..e)
        }
    }
}

/// One element of a tags list or string.
pub(super) struct Elem {
    /// The element's bytes including any quotes.
    raw: Range<usize>,
    /// The tag's bytes (inside quotes).
    text: Range<usize>,
}

/// One block list item line.
pub(super) struct BlockItem {
    line: Range<usize>,
    text: Range<usize>,
    /// The item's scalar continues on following lines, so it is never a whole tag.
    continued: bool,
}

/// A frontmatter `tags`/`tag` value, in one of the shapes Obsidian accepts.
pub(super) enum TagField {
    Block(Vec<BlockItem>),
    Flow {
        inner: Range<usize>,
        elems: Vec<Elem>,
    },
    Str {
        inner: Range<usize>,
        quoted: bool,
        elems: Vec<Elem>,
    },
}

impl TagField {
    pub(super) fn tag_texts(&self) -> Vec<Range<usize>> {
        match self {
            TagField::Block(items) => items
                .iter()
                .filter(|i| !i.continued)
                .map(|i| i.text.clone())
                .collect(),
            TagField::Flow { elems, .. } | TagField::Str { elems, .. } => {
                elems.iter().map(|e| e.text.clone()).collect()
            }
        }
    }
}

/// Every `tags`/`tag` key (in any letter case) at the top level of the frontmatter.
pub(super) fn tag_fields(text: &str, outline: &Outline) -> Vec<TagField> {
    let Some(span) = &outline.frontmatter else {
        return Vec::new();
    };
    let lines = lines_in(text, span.yaml.clone());
    let mut out = Vec::new();
    for key_line in &outline.keys {
        let (i, key, after) = (key_line.index, &key_line.key, key_line.after_colon);
        let content = &lines[i].1;
        if !key.eq_ignore_ascii_case("tags") && !key.eq_ignore_ascii_case("tag") {
            continue;
        }
        match value_at(text, after, content.end) {
            Value::Empty => out.push(TagField::Block(block_items(text, &lines[i + 1..]))),
            Value::Flow(open) => {
                if let Some((inner, elems)) = parse_flow(text, open, span.yaml.end) {
                    out.push(TagField::Flow { inner, elems });
                }
            }
            Value::Plain(r) => out.push(TagField::Str {
                elems: split_words(text, r.clone()),
                inner: r,
                quoted: false,
            }),
            Value::Quoted(r) => out.push(TagField::Str {
                elems: split_words(text, r.clone()),
                inner: r,
                quoted: true,
            }),
            Value::Other => {}
        }
    }
    out
}

/// The `- item` lines of a block list that follows a key line.
fn block_items(text: &str, lines: &[(Range<usize>, Range<usize>)]) -> Vec<BlockItem> {
    let mut items: Vec<BlockItem> = Vec::new();
    for (line, content) in lines {
        let s = &text[content.clone()];
        let trimmed = s.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = s.len() - trimmed.len();
        let dash = content.start + indent;
        if trimmed == "-" || trimmed.starts_with("- ") || trimmed.starts_with("-\t") {
            let text_range = match value_at(text, dash + 1, content.end) {
                Value::Plain(r) | Value::Quoted(r) => r,
                _ => continue,
            };
            items.push(BlockItem {
                line: line.clone(),
                text: text_range,
                continued: false,
            });
        } else if indent > 0 {
            if let Some(last) = items.last_mut() {
                last.continued = true;
            }
        } else {
            break;
        }
    }
    items
}

/// Parses a flow sequence opening at `open`, possibly spanning lines up to `limit`.
/// Returns the range between the brackets and the elements; `None` when nested
/// or unterminated.
fn parse_flow(text: &str, open: usize, limit: usize) -> Option<(Range<usize>, Vec<Elem>)> {
    let b = text.as_bytes();
    let mut elems = Vec::new();
    let mut i = open + 1;
    let mut start: Option<usize> = None;
    let mut last_end = i;
    let mut quoted: Option<Range<usize>> = None;
    let finish = |start: &mut Option<usize>,
                  last_end: usize,
                  quoted: &mut Option<Range<usize>>,
                  elems: &mut Vec<Elem>| {
        if let Some(s) = start.take() {
            let raw = s..last_end;
            let text = quoted
                .take()
                .filter(|q| q.start == s + 1 && q.end + 1 == last_end)
                .map_or(raw.clone(), |q| q);
            elems.push(Elem { raw, text });
        }
        *quoted = None;
    };
    while i < limit {
        match b[i] {
            b']' => {
                finish(&mut start, last_end, &mut quoted, &mut elems);
                return Some((open + 1..i, elems));
            }
            b',' => {
                finish(&mut start, last_end, &mut quoted, &mut elems);
                i += 1;
            }
            b'[' | b'{' => return None,
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'#' if matches!(b[i - 1], b' ' | b'\t' | b'\n') => {
                while i < limit && b[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'\'' | b'"') if start.is_none() => {
                let line_end = text[i..limit].find('\n').map_or(limit, |n| i + n);
                let close = closing_quote(b, i, line_end, q)?;
                start = Some(i);
                quoted = Some(i + 1..close);
                i = close + 1;
                last_end = i;
            }
            _ => {
                if start.is_none() {
                    start = Some(i);
                }
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                last_end = i;
            }
        }
    }
    None
}

/// Splits a tags string on commas and whitespace.
fn split_words(text: &str, inner: Range<usize>) -> Vec<Elem> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text[inner.clone()].char_indices() {
        let at = inner.start + i;
        if c == ',' || c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(Elem {
                    raw: s..at,
                    text: s..at,
                });
            }
        } else if start.is_none() {
            start = Some(at);
        }
    }
    if let Some(s) = start {
        out.push(Elem {
            raw: s..inner.end,
            text: s..inner.end,
        });
    }
    out
}

pub(super) fn normalize_tag(tag: &str) -> Result<String, EditError> {
    let t = tag.trim();
    let t = t.strip_prefix('#').unwrap_or(t);
    if t.is_empty() || t.chars().any(|c| c.is_whitespace() || c == ',' || c == '#') {
        return Err(EditError::InvalidTag {
            tag: tag.to_string(),
        });
    }
    Ok(t.to_lowercase())
}

fn tag_matches(raw: &str, want: &str) -> bool {
    let raw = raw.trim();
    raw.strip_prefix('#').unwrap_or(raw).to_lowercase() == want
}

pub(super) fn remove_from_field(
    text: &str,
    field: &TagField,
    want: &str,
    edits: &mut Vec<TextEdit>,
) {
    match field {
        TagField::Block(items) => {
            for item in items {
                if !item.continued && tag_matches(&text[item.text.clone()], want) {
                    edits.push(TextEdit::new(item.line.clone(), ""));
                }
            }
        }
        TagField::Flow { inner, elems } | TagField::Str { inner, elems, .. } => {
            let removed: Vec<bool> = elems
                .iter()
                .map(|e| tag_matches(&text[e.text.clone()], want))
                .collect();
            if !removed.contains(&true) {
                return;
            }
            if removed.iter().all(|&r| r) {
                let empty = match field {
                    TagField::Str { quoted: false, .. } => "\"\"",
                    _ => "",
                };
                edits.push(TextEdit::new(inner.clone(), empty));
                return;
            }
            let raws: Vec<Range<usize>> = elems.iter().map(|e| e.raw.clone()).collect();
            edits.extend(list_removal(&raws, &removed));
        }
    }
}

/// Removes the marked elements of a separated list, each with one separator:
/// the one after it, or for a run at the end, the one before it.
fn list_removal(elems: &[Range<usize>], removed: &[bool]) -> Vec<TextEdit> {
    let n = elems.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if !removed[i] {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < n && removed[j + 1] {
            j += 1;
        }
        if j + 1 < n {
            out.push(TextEdit::new(elems[i].start..elems[j + 1].start, ""));
        } else {
            out.push(TextEdit::new(elems[i - 1].end..elems[j].end, ""));
        }
        i = j + 1;
    }
    out
}

/// Edits setting every top-level `status:` value in the frontmatter to `value`.
pub(super) fn status_edits(
    text: &str,
    outline: &Outline,
    value: &str,
    edits: &mut Vec<TextEdit>,
) -> Result<(), EditError> {
    scalar_edits(text, outline, "status", &yaml_plain(value), value, edits)
        .map(|_| ())
        .map_err(|line| EditError::UnsupportedStatus { line })
}

/// Edits setting every top-level `key:` value in the frontmatter: `plain` where
/// the value is plain or empty, `quoted` between the quotes of a quoted one.
/// Gives how many key lines were found, or the line of a value that is not a
/// single scalar (a list, a mapping, a block scalar).
pub(super) fn scalar_edits(
    text: &str,
    outline: &Outline,
    key: &str,
    plain: &str,
    quoted: &str,
    edits: &mut Vec<TextEdit>,
) -> Result<usize, usize> {
    let Some(span) = &outline.frontmatter else {
        return Ok(0);
    };
    let lines = lines_in(text, span.yaml.clone());
    let mut found = 0;
    // In any letter case, as the reader reads the key (docs/vault.md, "Frontmatter").
    for key_line in (outline.keys.iter()).filter(|k| k.key.eq_ignore_ascii_case(key)) {
        let (n, after) = (key_line.index, key_line.after_colon);
        let content = &lines[n].1;
        found += 1;
        edits.push(match value_at(text, after, content.end) {
            // `key:` with a list or mapping on the lines under it is no empty value.
            Value::Empty if continues(text, &lines[n + 1..]) => return Err(span.first_line + n),
            Value::Empty => TextEdit::new(after..after, format!(" {plain}")),
            Value::Plain(r) => TextEdit::new(r, plain),
            Value::Quoted(r) => TextEdit::new(r, quoted),
            Value::Flow(_) | Value::Other => return Err(span.first_line + n),
        });
    }
    Ok(found)
}

/// Edits turning every top-level `key: true` (plain, in any of YAML's three
/// spellings) into `false` in the same letter case. Values in other shapes are
/// left alone; the read-back check refuses a review they keep flagged.
pub(super) fn unset_flag_edits(
    text: &str,
    outline: &Outline,
    key: &str,
    edits: &mut Vec<TextEdit>,
) {
    let Some(span) = &outline.frontmatter else {
        return;
    };
    let lines = lines_in(text, span.yaml.clone());
    for key_line in (outline.keys.iter()).filter(|k| k.key.eq_ignore_ascii_case(key)) {
        let content = &lines[key_line.index].1;
        if let Value::Plain(r) = value_at(text, key_line.after_colon, content.end) {
            let off = match &text[r.clone()] {
                "true" => "false",
                "True" => "False",
                "TRUE" => "FALSE",
                _ => continue,
            };
            edits.push(TextEdit::new(r, off));
        }
    }
}

/// Whether the first non-blank line of `rest` carries on the value above it (an
/// indented line or a block list item).
fn continues(text: &str, rest: &[(Range<usize>, Range<usize>)]) -> bool {
    rest.iter()
        .map(|(_, content)| &text[content.clone()])
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.starts_with([' ', '\t', '-']) && !l.starts_with("---"))
}

/// `s` as a YAML plain scalar, single-quoted when it would otherwise not read as a string.
pub(super) fn yaml_plain(s: &str) -> String {
    const SPECIAL: &[&str] = &["true", "false", "null", "yes", "no", "on", "off", "y", "n"];
    if SPECIAL.contains(&s.to_lowercase().as_str())
        || s.starts_with(|c: char| c.is_ascii_digit() || c == '-')
    {
        format!("'{s}'")
    } else {
        s.to_string()
    }
}

/// If `r` holds a `status/<x>` tag (optionally `#`-prefixed), the edit renaming `<x>`.
pub(super) fn rename_status_tag(text: &str, r: Range<usize>, value: &str) -> Option<TextEdit> {
    let t = &text[r.clone()];
    let hash = usize::from(t.starts_with('#'));
    let prefix = t.get(hash..hash + 7)?;
    (prefix.eq_ignore_ascii_case("status/") && t.len() > hash + 7)
        .then(|| TextEdit::new(r.start + hash + 7..r.end, value))
}
