//! Surgical edits to a note's text, computed without any I/O.
//!
//! Each operation inspects the note and returns the smallest set of
//! [`TextEdit`]s that make the change; [`apply`] turns them into the new text.
//! Every byte outside those edits is preserved: line endings (LF or CRLF), a
//! byte order mark, YAML comments, key order and trailing whitespace.
//!
//! The YAML frontmatter is edited line by line as text, never round-tripped
//! through a YAML library, because a round trip would drop comments, quoting
//! and key order. [`crate::note::frontmatter::locate`] decides where the block is, so
//! the editor and the parser agree on it.

mod lock;
pub mod write;
pub mod writeback;

use std::ops::Range;

use chrono::NaiveDate;

use crate::note::frontmatter::{self, Frontmatter, FrontmatterSpan};

/// Replace the bytes `range` of a text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl TextEdit {
    fn new(range: Range<usize>, replacement: impl Into<String>) -> Self {
        TextEdit {
            range,
            replacement: replacement.into(),
        }
    }
}

/// Why an edit could not be computed. The messages are shown to the user as is.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    #[error("the tag #{tag} is not in this note")]
    TagNotFound { tag: String },
    #[error("\"{tag}\" is not a tag name")]
    InvalidTag { tag: String },
    #[error("\"{status}\" cannot be used as a status: use letters, digits, '-' or '_'")]
    InvalidStatus { status: String },
    #[error("the frontmatter status on line {line} is not a single value; edit it by hand")]
    UnsupportedStatus { line: usize },
    #[error("the frontmatter has no closing --- line; fix it before acct can add a status")]
    UnclosedFrontmatter,
    #[error("the task on line {line} no longer reads \"{expected}\"")]
    TaskMoved { line: usize, expected: String },
    #[error("\"{symbol}\" cannot be used as a task status")]
    InvalidTaskSymbol { symbol: char },
}

/// Applies non-overlapping `edits` (in any order) to `text`.
///
/// Edits with empty ranges at the same position are inserted in the order given.
///
/// # Panics
/// If two edits overlap, a range is out of bounds, or a range does not fall on
/// character boundaries.
pub fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut order: Vec<&TextEdit> = edits.iter().collect();
    order.sort_by_key(|e| e.range.start);
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    for edit in order {
        assert!(
            pos <= edit.range.start && edit.range.start <= edit.range.end,
            "overlapping or inverted edit {:?}",
            edit.range
        );
        out.push_str(&text[pos..edit.range.start]);
        out.push_str(&edit.replacement);
        pos = edit.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// The edits that turn `apply(text, edits)` back into `text`.
pub fn invert(text: &str, edits: &[TextEdit]) -> Vec<TextEdit> {
    let mut order: Vec<&TextEdit> = edits.iter().collect();
    order.sort_by_key(|e| e.range.start);
    let mut delta: isize = 0;
    order
        .into_iter()
        .map(|e| {
            let start = e
                .range
                .start
                .checked_add_signed(delta)
                .expect("edits stay in bounds");
            delta += e.replacement.len() as isize - e.range.len() as isize;
            TextEdit::new(start..start + e.replacement.len(), &text[e.range.clone()])
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Public operations
// ---------------------------------------------------------------------------

/// Removes `tag` (compared case-insensitively, a leading `#` ignored) from the
/// frontmatter `tags`/`tag` key in whatever shape it has (block list, flow
/// list, comma- or space-separated string, quoted or not) and every inline
/// `#tag` in the body outside code.
///
/// A block list item loses its whole line; a flow list or string element loses
/// itself and one separator. Removing the only element leaves `tags: []` (flow
/// list), `tags: ""` (string) or a bare `tags:` (block list).
pub fn remove_tag(text: &str, tag: &str) -> Result<Vec<TextEdit>, EditError> {
    let want = normalize_tag(tag)?;
    let mut edits = Vec::new();
    let body_start = match frontmatter::locate(text) {
        Frontmatter::Closed(span) => {
            for field in tag_fields(text, &span) {
                remove_from_field(text, &field, &want, &mut edits);
            }
            span.block.end
        }
        _ => frontmatter::bom_len(text),
    };
    for line_tags in body_tags(text, body_start) {
        let mut last_end = line_tags.content.start;
        for tok in line_tags.tokens {
            if text[tok.start + 1..tok.end].to_lowercase() != want {
                continue;
            }
            let range = removal_with_space(text, &line_tags.content, tok, last_end);
            last_end = range.end;
            edits.push(TextEdit::new(range, ""));
        }
    }
    if edits.is_empty() {
        return Err(EditError::TagNotFound {
            tag: tag.trim().trim_start_matches('#').to_string(),
        });
    }
    Ok(edits)
}

/// Sets the account status, keeping three facts in agreement, each changed
/// only where it already exists:
///
/// - the frontmatter `status:` value, written in lower case (`paused`), in the
///   old value's quoting style, any trailing comment kept;
/// - every `status/<x>` tag, in the frontmatter tags (any shape) and inline in
///   the body, renamed to `status/paused` (the `status/` prefix keeps its case);
/// - the Status row of the table under the `## Account Status` heading: the
///   value cell (the `Value` column, else the second) becomes `Paused`, keeping
///   the cell's padding and emphasis (`**Active**` becomes `**Paused**`).
///
/// When none of the three exists, a `status: paused` line is added as the last
/// line of the frontmatter, creating a frontmatter block if the note has none.
pub fn set_status(text: &str, status: &str) -> Result<Vec<TextEdit>, EditError> {
    let status = status.trim();
    if status.is_empty()
        || !status
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(EditError::InvalidStatus {
            status: status.to_string(),
        });
    }
    let lower = status.to_lowercase();
    let shown = capitalise(&lower);
    let mut edits = Vec::new();
    let fm = frontmatter::locate(text);
    let body_start = match &fm {
        Frontmatter::Closed(span) => {
            frontmatter_status_edits(text, span, &lower, &mut edits)?;
            for field in tag_fields(text, span) {
                for r in field.tag_texts() {
                    edits.extend(rename_status_tag(text, r, &lower));
                }
            }
            span.block.end
        }
        _ => frontmatter::bom_len(text),
    };
    for line_tags in body_tags(text, body_start) {
        for tok in line_tags.tokens {
            edits.extend(rename_status_tag(text, tok, &lower));
        }
    }
    for cell in status_cells(text, body_start) {
        edits.push(cell_edit(text, cell, &shown));
    }
    if edits.is_empty() {
        let eol = line_ending(text);
        let line = format!("status: {}", yaml_plain(&lower));
        edits.push(match fm {
            Frontmatter::Closed(span) => {
                TextEdit::new(span.yaml.end..span.yaml.end, format!("{line}{eol}"))
            }
            Frontmatter::None => {
                let at = frontmatter::bom_len(text);
                TextEdit::new(at..at, format!("---{eol}{line}{eol}---{eol}"))
            }
            Frontmatter::Unclosed => return Err(EditError::UnclosedFrontmatter),
        });
    }
    Ok(edits)
}

/// Changes the status character of the task on 1-based `line` to `new_symbol`.
///
/// The line must still be a task (`- [c]`, `* [c]`, `+ [c]`, `1. [c]`,
/// `1) [c]`, any indentation, also behind `>` blockquote markers) whose text
/// after the brackets contains `expected_task_text` (both trimmed); otherwise
/// the note changed under us and [`EditError::TaskMoved`] is returned.
///
/// With `done_on`, ` ✅ YYYY-MM-DD` is appended to the line's content (before
/// trailing whitespace and a `^block-id`), or an existing `✅` date is replaced.
pub fn set_task_status(
    text: &str,
    line: usize,
    expected_task_text: &str,
    new_symbol: char,
    done_on: Option<NaiveDate>,
) -> Result<Vec<TextEdit>, EditError> {
    if new_symbol.is_control() || matches!(new_symbol, '[' | ']') {
        return Err(EditError::InvalidTaskSymbol { symbol: new_symbol });
    }
    let expected = expected_task_text.trim();
    let moved = || EditError::TaskMoved {
        line,
        expected: expected.to_string(),
    };
    let range = line
        .checked_sub(1)
        .and_then(|i| frontmatter::line_ranges(text).nth(i))
        .ok_or_else(moved)?;
    let start = if range.start == 0 {
        frontmatter::bom_len(text)
    } else {
        range.start
    };
    let content = &text[start..content_end(text, &range)];
    let (status, text_start) = parse_task(content).ok_or_else(moved)?;
    let task_text = &content[text_start..];
    if !task_text.trim().contains(expected) {
        return Err(moved());
    }
    let mut edits = vec![TextEdit::new(
        start + status.start..start + status.end,
        new_symbol,
    )];
    if let Some(date) = done_on {
        let date = date.format("%Y-%m-%d").to_string();
        edits.push(match existing_done_date(task_text) {
            Some(r) => TextEdit::new(
                start + text_start + r.start..start + text_start + r.end,
                date,
            ),
            None => {
                let at = start + text_start + done_insert_point(task_text);
                TextEdit::new(at..at, format!(" ✅ {date}"))
            }
        });
    }
    Ok(edits)
}

// ---------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------

/// Where a line's content ends (before `\n` or `\r\n`).
fn content_end(text: &str, line: &Range<usize>) -> usize {
    let s = &text[line.clone()];
    let s = s
        .strip_suffix('\n')
        .map_or(s, |l| l.strip_suffix('\r').unwrap_or(l));
    line.start + s.len()
}

/// Lines of `text[within]` as (whole line including its break, content range).
fn lines_in(text: &str, within: Range<usize>) -> Vec<(Range<usize>, Range<usize>)> {
    let base = within.start;
    frontmatter::line_ranges(&text[within])
        .map(|r| {
            let r = base + r.start..base + r.end;
            let end = content_end(text, &r);
            (r.clone(), r.start..end)
        })
        .collect()
}

/// The file's line ending, judged by its first line break (LF when it has none).
fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

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

/// Index of the quote closing the one at `open`, honouring `''` and `\"` escapes.
fn closing_quote(b: &[u8], open: usize, end: usize, q: u8) -> Option<usize> {
    let mut i = open + 1;
    while i < end {
        if q == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            if q == b'\'' && i + 1 < end && b[i + 1] == b'\'' {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// A top-level mapping key on a YAML line: its name and the offset just after its colon.
fn top_level_key(text: &str, content: &Range<usize>) -> Option<(String, usize)> {
    let s = &text[content.clone()];
    let first = s.chars().next()?;
    if first.is_whitespace() || matches!(first, '#' | '-' | '[' | '{' | '?') {
        return None;
    }
    let colon_ok = |i: usize| {
        s.as_bytes()
            .get(i + 1)
            .is_none_or(|c| matches!(c, b' ' | b'\t'))
    };
    let (key, colon) = if first == '"' || first == '\'' {
        let close = s[1..].find(first)? + 1;
        let after = close + 1 + s[close + 1..].len() - s[close + 1..].trim_start().len();
        (s[1..close].to_string(), after)
    } else {
        let i = s
            .match_indices(':')
            .map(|(i, _)| i)
            .find(|&i| colon_ok(i))?;
        (s[..i].trim_end().to_string(), i)
    };
    (s.as_bytes().get(colon) == Some(&b':') && colon_ok(colon))
        .then_some((key, content.start + colon + 1))
}

/// The top-level keys among frontmatter `lines` (ending at `limit`): each
/// key line's index, key and the offset after its colon. Lines inside a flow
/// collection (`[…]`, `{…}`) that a key line opened are not key lines, even
/// when they look like one (`tags: [a,` / `status: x]` is one value).
fn top_level_keys(
    text: &str,
    lines: &[(Range<usize>, Range<usize>)],
    limit: usize,
) -> Vec<(usize, String, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut inside_until = 0;
    for (i, (_, content)) in lines.iter().enumerate() {
        if content.start < inside_until {
            continue;
        }
        let Some((key, after)) = top_level_key(text, content) else {
            continue;
        };
        let open = after + text[after..content.end].len()
            - text[after..content.end]
                .trim_start_matches([' ', '\t'])
                .len();
        if matches!(b.get(open), Some(b'[' | b'{')) && open < content.end {
            inside_until = flow_end(b, open, limit);
        }
        out.push((i, key, after));
    }
    out
}

/// Where the flow collection opening at `open` ends (after its closing
/// bracket), or `limit` when it is not closed before. A closing bracket of the
/// other kind (`[a}`) closes nothing, as in [`parse_flow`].
fn flow_end(b: &[u8], open: usize, limit: usize) -> usize {
    let mut open_brackets = Vec::new();
    let mut i = open;
    while i < limit {
        match b[i] {
            c @ (b'[' | b'{') => open_brackets.push(if c == b'[' { b']' } else { b'}' }),
            c @ (b']' | b'}') if open_brackets.last() == Some(&c) => {
                open_brackets.pop();
                if open_brackets.is_empty() {
                    return i + 1;
                }
            }
            q @ (b'\'' | b'"')
                if i == open
                    || matches!(b[i - 1], b'[' | b'{' | b',' | b' ' | b'\t' | b'\r' | b'\n') =>
            {
                match closing_quote(b, i, limit, q) {
                    Some(close) => i = close,
                    None => return limit,
                }
            }
            b'#' if matches!(b[i - 1], b' ' | b'\t' | b'\n') => {
                while i < limit && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    limit
}

/// One element of a tags list or string.
struct Elem {
    /// The element's bytes including any quotes.
    raw: Range<usize>,
    /// The tag's bytes (inside quotes).
    text: Range<usize>,
}

/// One block list item line.
struct BlockItem {
    line: Range<usize>,
    text: Range<usize>,
    /// The item's scalar continues on following lines, so it is never a whole tag.
    continued: bool,
}

/// A frontmatter `tags`/`tag` value, in one of the shapes Obsidian accepts.
enum TagField {
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
    fn tag_texts(&self) -> Vec<Range<usize>> {
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

/// Every `tags`/`tag` key at the top level of the frontmatter.
fn tag_fields(text: &str, span: &FrontmatterSpan) -> Vec<TagField> {
    let lines = lines_in(text, span.yaml.clone());
    let mut out = Vec::new();
    for (i, key, after) in top_level_keys(text, &lines, span.yaml.end) {
        let content = &lines[i].1;
        if key != "tags" && key != "tag" {
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

fn normalize_tag(tag: &str) -> Result<String, EditError> {
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

fn remove_from_field(text: &str, field: &TagField, want: &str, edits: &mut Vec<TextEdit>) {
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

/// Edits setting every top-level `status:` value in the frontmatter.
fn frontmatter_status_edits(
    text: &str,
    span: &FrontmatterSpan,
    lower: &str,
    edits: &mut Vec<TextEdit>,
) -> Result<(), EditError> {
    let lines = lines_in(text, span.yaml.clone());
    for (n, key, after) in top_level_keys(text, &lines, span.yaml.end) {
        let content = &lines[n].1;
        if key != "status" {
            continue;
        }
        edits.push(match value_at(text, after, content.end) {
            Value::Empty => TextEdit::new(after..after, format!(" {}", yaml_plain(lower))),
            Value::Plain(r) => TextEdit::new(r, yaml_plain(lower)),
            Value::Quoted(r) => TextEdit::new(r, lower),
            Value::Flow(_) | Value::Other => {
                return Err(EditError::UnsupportedStatus {
                    line: span.first_line + n,
                });
            }
        });
    }
    Ok(())
}

/// `s` as a YAML plain scalar, single-quoted when it would otherwise not read as a string.
fn yaml_plain(s: &str) -> String {
    const SPECIAL: &[&str] = &["true", "false", "null", "yes", "no", "on", "off", "y", "n"];
    if SPECIAL.contains(&s) || s.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        format!("'{s}'")
    } else {
        s.to_string()
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// If `r` holds a `status/<x>` tag (optionally `#`-prefixed), the edit renaming `<x>`.
fn rename_status_tag(text: &str, r: Range<usize>, lower: &str) -> Option<TextEdit> {
    let t = &text[r.clone()];
    let hash = usize::from(t.starts_with('#'));
    let prefix = t.get(hash..hash + 7)?;
    (prefix.eq_ignore_ascii_case("status/") && t.len() > hash + 7)
        .then(|| TextEdit::new(r.start + hash + 7..r.end, lower))
}

// ---------------------------------------------------------------------------
// Body
// ---------------------------------------------------------------------------

/// Tracks fenced code blocks (``` or ~~~) line by line.
#[derive(Default)]
struct Fences {
    open: Option<(u8, usize)>,
}

impl Fences {
    /// Whether `line` is code (a fence line or inside a fence); updates the state.
    fn is_code(&mut self, line: &str) -> bool {
        let t = line.trim_start_matches([' ', '\t']);
        let t = t.trim_start_matches(['>', ' ']);
        let fence = t
            .as_bytes()
            .first()
            .copied()
            .filter(|c| matches!(c, b'`' | b'~'))
            .and_then(|c| {
                let n = t.bytes().take_while(|&x| x == c).count();
                (n >= 3).then_some((c, n, &t[n..]))
            });
        match (self.open, fence) {
            (Some((c, n)), Some((fc, fnum, rest)))
                if fc == c && fnum >= n && rest.trim().is_empty() =>
            {
                self.open = None;
                true
            }
            (Some(_), _) => true,
            (None, Some((c, n, _))) => {
                self.open = Some((c, n));
                true
            }
            (None, None) => false,
        }
    }
}

/// Inline `#tag` tokens of one body line.
struct LineTags {
    content: Range<usize>,
    /// Token ranges, each starting at its `#`.
    tokens: Vec<Range<usize>>,
}

fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '/')
}

/// Inline tags in the body (from `body_start`), outside fenced code and code spans.
fn body_tags(text: &str, body_start: usize) -> Vec<LineTags> {
    let mut fences = Fences::default();
    let mut out = Vec::new();
    for (_, content) in lines_in(text, body_start..text.len()) {
        let s = &text[content.clone()];
        if fences.is_code(s) {
            continue;
        }
        let tokens = line_tags(s, content.start);
        if !tokens.is_empty() {
            out.push(LineTags { content, tokens });
        }
    }
    out
}

fn line_tags(s: &str, base: usize) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'`' => {
                let n = b[i..].iter().take_while(|&&c| c == b'`').count();
                let mut j = i + n;
                let mut close = None;
                while j < b.len() {
                    if b[j] == b'`' {
                        let m = b[j..].iter().take_while(|&&c| c == b'`').count();
                        if m == n {
                            close = Some(j + m);
                            break;
                        }
                        j += m;
                    } else {
                        j += 1;
                    }
                }
                i = close.unwrap_or(i + n);
            }
            b'#' if s[..i].chars().next_back().is_none_or(char::is_whitespace) => {
                let len = s[i + 1..]
                    .find(|c: char| !is_tag_char(c))
                    .unwrap_or(s.len() - i - 1);
                let tok = &s[i + 1..i + 1 + len];
                if !tok.is_empty() && !tok.chars().all(|c| c.is_ascii_digit()) {
                    out.push(base + i..base + i + 1 + len);
                    i += 1 + len;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// The range removing token `tok` plus one adjacent blank (the preceding one,
/// else the following one), never reaching before `floor`.
fn removal_with_space(
    text: &str,
    line: &Range<usize>,
    tok: Range<usize>,
    floor: usize,
) -> Range<usize> {
    let b = text.as_bytes();
    if tok.start > floor.max(line.start) && matches!(b[tok.start - 1], b' ' | b'\t') {
        tok.start - 1..tok.end
    } else if tok.end < line.end && matches!(b[tok.end], b' ' | b'\t') {
        tok.start..tok.end + 1
    } else {
        tok
    }
}

/// Value cells of the Status row(s) in the table under the `Account Status` heading.
fn status_cells(text: &str, body_start: usize) -> Vec<Range<usize>> {
    let mut fences = Fences::default();
    let mut section: Option<usize> = None;
    // Value column of the current table, once its header row has been seen.
    let mut table: Option<usize> = None;
    let mut out = Vec::new();
    for (_, content) in lines_in(text, body_start..text.len()) {
        let s = &text[content.clone()];
        if fences.is_code(s) {
            table = None;
            continue;
        }
        if let Some((level, title)) = heading(s) {
            table = None;
            if title.eq_ignore_ascii_case("account status") {
                section = Some(level);
            } else if section.is_some_and(|l| level <= l) {
                section = None;
            }
            continue;
        }
        if section.is_none() || !s.trim_start().starts_with('|') {
            table = None;
            continue;
        }
        let cells = table_cells(text, &content);
        let cell_text = |i: usize| strip_emphasis(text[cells[i].clone()].trim());
        let Some(value_col) = table else {
            table = Some(
                (0..cells.len())
                    .find(|&i| cell_text(i).eq_ignore_ascii_case("value"))
                    .unwrap_or(1),
            );
            continue;
        };
        if !cells.is_empty()
            && cell_text(0).eq_ignore_ascii_case("status")
            && value_col < cells.len()
        {
            out.push(cells[value_col].clone());
        }
    }
    out
}

/// An ATX heading's level and title.
fn heading(s: &str) -> Option<(usize, &str)> {
    let t = s.trim_start_matches(' ');
    if s.len() - t.len() > 3 {
        return None;
    }
    let level = t.bytes().take_while(|&c| c == b'#').count();
    let rest = &t[level..];
    if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim_end()))
}

/// Cell ranges of a `| a | b |` row (between unescaped pipes outside code spans).
fn table_cells(text: &str, content: &Range<usize>) -> Vec<Range<usize>> {
    let s = &text[content.clone()];
    let b = s.as_bytes();
    let mut pipes = Vec::new();
    let mut in_code = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'`' => in_code = !in_code,
            b'|' if !in_code && (i == 0 || b[i - 1] != b'\\') => pipes.push(i),
            _ => {}
        }
    }
    let mut cells: Vec<Range<usize>> = pipes
        .windows(2)
        .map(|w| content.start + w[0] + 1..content.start + w[1])
        .collect();
    if let Some(&last) = pipes.last()
        && !s[last + 1..].trim().is_empty()
    {
        cells.push(content.start + last + 1..content.end);
    }
    cells
}

const EMPHASIS: [&str; 4] = ["**", "__", "*", "_"];

fn strip_emphasis(s: &str) -> &str {
    for w in EMPHASIS {
        if s.len() > 2 * w.len() && s.starts_with(w) && s.ends_with(w) {
            return &s[w.len()..s.len() - w.len()];
        }
    }
    s
}

/// Replaces a table cell's text with `value`, keeping its padding and emphasis.
fn cell_edit(text: &str, cell: Range<usize>, value: &str) -> TextEdit {
    let s = &text[cell.clone()];
    let inner = s.trim();
    if inner.is_empty() {
        return TextEdit::new(cell, format!(" {value} "));
    }
    let start = cell.start + (s.len() - s.trim_start().len());
    let end = start + inner.len();
    let w = EMPHASIS
        .iter()
        .find(|w| inner.len() > 2 * w.len() && inner.starts_with(*w) && inner.ends_with(*w))
        .map_or(0, |w| w.len());
    TextEdit::new(start + w..end - w, value)
}

// ---------------------------------------------------------------------------
// Tasks
// ---------------------------------------------------------------------------

/// Parses a task line: the status character's range and where the task text starts.
fn parse_task(s: &str) -> Option<(Range<usize>, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len() && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        if i < b.len() && b[i] == b'>' {
            i += 1;
        } else {
            break;
        }
    }
    match b.get(i)? {
        b'-' | b'*' | b'+' => i += 1,
        c if c.is_ascii_digit() => {
            let n = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n > 9 || !matches!(b.get(i + n), Some(b'.' | b')')) {
                return None;
            }
            i += n + 1;
        }
        _ => return None,
    }
    let ws = b[i..]
        .iter()
        .take_while(|c| matches!(c, b' ' | b'\t'))
        .count();
    if ws == 0 || b.get(i + ws) != Some(&b'[') {
        return None;
    }
    i += ws + 1;
    let c = s[i..].chars().next()?;
    if matches!(c, ']' | '\r' | '\n') {
        return None;
    }
    let status = i..i + c.len_utf8();
    i = status.end;
    if b.get(i) != Some(&b']') {
        return None;
    }
    i += 1;
    match b.get(i) {
        None => Some((status, i)),
        Some(b' ' | b'\t') => Some((status, i + 1)),
        Some(_) => None,
    }
}

/// The range of the date after an existing `✅` in a task's text.
fn existing_done_date(task: &str) -> Option<Range<usize>> {
    let (i, _) = task.match_indices('✅').next()?;
    let after = &task[i + '✅'.len_utf8()..];
    let rest = after.trim_start_matches(['\u{fe0f}', ' ']);
    let start = task.len() - rest.len();
    let d = rest.get(..10)?.as_bytes();
    let ok = d.iter().enumerate().all(|(k, c)| {
        if k == 4 || k == 7 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    ok.then_some(start..start + 10)
}

/// Where a done date goes: after the content, before trailing blanks and a `^block-id`.
fn done_insert_point(task: &str) -> usize {
    let trimmed = task.trim_end();
    if let Some(caret) = trimmed.rfind(" ^") {
        let id = &trimmed[caret + 2..];
        if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return trimmed[..caret].trim_end().len();
        }
    }
    trimmed.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(text: &str, tag: &str) -> String {
        apply(text, &remove_tag(text, tag).unwrap())
    }

    fn status(text: &str, value: &str) -> String {
        apply(text, &set_status(text, value).unwrap())
    }

    fn task(text: &str, line: usize, expected: &str, c: char, done: Option<&str>) -> String {
        let done = done.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
        apply(
            text,
            &set_task_status(text, line, expected, c, done).unwrap(),
        )
    }

    const SEED: &str = "---\ntype: customer\ntitle: Databricks\nstatus: active\ntags:\n- type/customer\n- needs-review\n- status/active\n---\n\n# Databricks\n\n## Account Status\n\n| Field | Value |\n|-------|-------|\n| **Status** | Prospect |\n| **Industry** | _Unknown_ |\n\n## Key Contacts\n";

    // ----- apply / invert -----

    #[test]
    fn apply_takes_edits_in_any_order_and_invert_restores() {
        let text = "abcdef";
        let edits = vec![
            TextEdit::new(4..5, "XY"),
            TextEdit::new(0..1, ""),
            TextEdit::new(2..2, "-"),
        ];
        let out = apply(text, &edits);
        assert_eq!(out, "b-cdXYf");
        assert_eq!(apply(&out, &invert(text, &edits)), text);
    }

    // ----- remove_tag: frontmatter shapes -----

    #[test]
    fn block_list_item_line_is_deleted() {
        assert_eq!(
            removed(SEED, "needs-review"),
            "---\ntype: customer\ntitle: Databricks\nstatus: active\ntags:\n- type/customer\n- status/active\n---\n\n# Databricks\n\n## Account Status\n\n| Field | Value |\n|-------|-------|\n| **Status** | Prospect |\n| **Industry** | _Unknown_ |\n\n## Key Contacts\n"
        );
    }

    #[test]
    fn indented_block_list_with_hash_and_case() {
        let text = "---\ntags:\n  - type/customer\n  - Needs-Review\n  - status/active\ntitle: A\n---\nbody\n";
        assert_eq!(
            removed(text, "#needs-review"),
            "---\ntags:\n  - type/customer\n  - status/active\ntitle: A\n---\nbody\n"
        );
    }

    #[test]
    fn quoted_block_items_with_comments() {
        let text = "---\ntags: # the tags\n  - 'type/customer'\n  - \"needs-review\"   # added by the writer\n  # a comment line\n  - '#needs-review'\n---\n";
        assert_eq!(
            removed(text, "needs-review"),
            "---\ntags: # the tags\n  - 'type/customer'\n  # a comment line\n---\n"
        );
    }

    #[test]
    fn only_block_item_leaves_bare_key() {
        let text = "---\ntags:\n- needs-review\nstatus: active\n---\n";
        assert_eq!(
            removed(text, "needs-review"),
            "---\ntags:\nstatus: active\n---\n"
        );
    }

    #[test]
    fn tag_key_singular_is_handled() {
        let text = "---\ntag: needs-review, x\n---\n";
        assert_eq!(removed(text, "needs-review"), "---\ntag: x\n---\n");
    }

    #[test]
    fn flow_list_first_middle_last_only() {
        let text = "---\ntags: [type/customer, needs-review, status/active]\n---\n";
        assert_eq!(
            removed(text, "needs-review"),
            "---\ntags: [type/customer, status/active]\n---\n"
        );
        assert_eq!(
            removed(text, "type/customer"),
            "---\ntags: [needs-review, status/active]\n---\n"
        );
        assert_eq!(
            removed(text, "status/active"),
            "---\ntags: [type/customer, needs-review]\n---\n"
        );
        let spaced = "---\ntags: [ a,needs-review ]  # note\n---\n";
        assert_eq!(
            removed(spaced, "needs-review"),
            "---\ntags: [ a ]  # note\n---\n"
        );
        let only = "---\ntags: [\"needs-review\"]\n---\n";
        assert_eq!(removed(only, "needs-review"), "---\ntags: []\n---\n");
    }

    #[test]
    fn flow_list_repeated_and_quoted_elements() {
        let text = "---\ntags: [needs-review, 'a', \"needs-review\", b, needs-review]\n---\n";
        assert_eq!(removed(text, "needs-review"), "---\ntags: ['a', b]\n---\n");
    }

    #[test]
    fn flow_list_over_several_lines() {
        let text = "---\ntags: [\n  a,\n  needs-review,\n  b\n]\n---\n";
        assert_eq!(
            removed(text, "needs-review"),
            "---\ntags: [\n  a,\n  b\n]\n---\n"
        );
    }

    #[test]
    fn comma_string() {
        let text = "---\ntags: type/customer, needs-review\n---\n";
        assert_eq!(
            removed(text, "needs-review"),
            "---\ntags: type/customer\n---\n"
        );
        let text = "---\ntags: needs-review, type/customer # c\n---\n";
        assert_eq!(
            removed(text, "needs-review"),
            "---\ntags: type/customer # c\n---\n"
        );
    }

    #[test]
    fn space_string_and_only_element() {
        let text = "---\ntags: a needs-review b\n---\n";
        assert_eq!(removed(text, "needs-review"), "---\ntags: a b\n---\n");
        let text = "---\ntags: needs-review\n---\n";
        assert_eq!(removed(text, "needs-review"), "---\ntags: \"\"\n---\n");
    }

    #[test]
    fn quoted_string() {
        let text = "---\ntags: \"a, #needs-review\"\n---\n";
        assert_eq!(removed(text, "needs-review"), "---\ntags: \"a\"\n---\n");
        let text = "---\ntags: 'needs-review'\n---\n";
        assert_eq!(removed(text, "needs-review"), "---\ntags: ''\n---\n");
    }

    #[test]
    fn similar_tags_are_kept() {
        let text = "---\ntags: [needs-review-later, x/needs-review]\n---\nsee #needs-reviewer\n";
        assert_eq!(
            remove_tag(text, "needs-review"),
            Err(EditError::TagNotFound {
                tag: "needs-review".into()
            })
        );
    }

    // ----- remove_tag: body -----

    #[test]
    fn inline_tags_in_body_outside_code() {
        let text = "---\ntitle: A\n---\n#needs-review first\nmiddle #needs-review here\nend #Needs-Review\n- [ ] call #needs-review #needs-review\n`#needs-review` and [[A#needs-review]]\n```\n#needs-review\n```\n~~~~\n#needs-review\n~~~~\n# Heading #needs-review\n";
        assert_eq!(
            removed(text, "needs-review"),
            "---\ntitle: A\n---\nfirst\nmiddle here\nend\n- [ ] call\n`#needs-review` and [[A#needs-review]]\n```\n#needs-review\n```\n~~~~\n#needs-review\n~~~~\n# Heading\n"
        );
    }

    #[test]
    fn note_without_frontmatter_and_missing_tag() {
        assert_eq!(removed("a #x b\n", "x"), "a b\n");
        assert!(matches!(
            remove_tag("no tags\n", "x"),
            Err(EditError::TagNotFound { .. })
        ));
        assert!(matches!(
            remove_tag("x", " "),
            Err(EditError::InvalidTag { .. })
        ));
        assert_eq!(
            remove_tag("x", "#needs-review").unwrap_err().to_string(),
            "the tag #needs-review is not in this note"
        );

        // `}` does not close a `[` list, so `status:` is still inside it.
        let text = "---\n!\0p\ntags: [TyIEW, status/}\nstatus: attr\n]1:mer\n---";
        let edits = set_status(text, "paused").unwrap();
        let after = apply(text, &edits);
        assert_eq!(apply(&after, &invert(text, &edits)), text);
    }

    #[test]
    fn crlf_and_bom_are_kept() {
        let text = "\u{feff}---\r\ntags:\r\n- a\r\n- needs-review\r\n---\r\ntext #needs-review\r\n";
        assert_eq!(
            removed(text, "needs-review"),
            "\u{feff}---\r\ntags:\r\n- a\r\n---\r\ntext\r\n"
        );
    }

    #[test]
    fn comments_and_other_keys_untouched() {
        let text = "---\n# written by the note writer\ntitle: A # the title\ntags: [a, needs-review] # tags\nlinks:\n  - needs-review\n---\n";
        assert_eq!(
            removed(text, "needs-review"),
            "---\n# written by the note writer\ntitle: A # the title\ntags: [a] # tags\nlinks:\n  - needs-review\n---\n"
        );
    }

    // ----- set_status -----

    #[test]
    fn seed_note_status_all_three_places() {
        assert_eq!(
            status(SEED, "Paused"),
            "---\ntype: customer\ntitle: Databricks\nstatus: paused\ntags:\n- type/customer\n- needs-review\n- status/paused\n---\n\n# Databricks\n\n## Account Status\n\n| Field | Value |\n|-------|-------|\n| **Status** | Paused |\n| **Industry** | _Unknown_ |\n\n## Key Contacts\n"
        );
    }

    #[test]
    fn quoted_status_values_and_comments() {
        let text = "---\nstatus: \"active\"\n---\n";
        assert_eq!(status(text, "paused"), "---\nstatus: \"paused\"\n---\n");
        let text = "---\nstatus: 'active' # set by hand\n---\n";
        assert_eq!(
            status(text, "PAUSED"),
            "---\nstatus: 'paused' # set by hand\n---\n"
        );
        let text = "---\nstatus: active   # note\n---\n";
        assert_eq!(
            status(text, "churned"),
            "---\nstatus: churned   # note\n---\n"
        );
        let text = "---\nstatus:\ntitle: A\n---\n";
        assert_eq!(
            status(text, "paused"),
            "---\nstatus: paused\ntitle: A\n---\n"
        );
    }

    #[test]
    fn status_tag_in_every_shape_keeps_prefix_case() {
        let text = "---\ntags: [a, Status/Active, b]\n---\n";
        assert_eq!(
            status(text, "paused"),
            "---\ntags: [a, Status/paused, b]\n---\n"
        );
        let text = "---\ntags: \"a, #status/active\"\n---\n";
        assert_eq!(
            status(text, "paused"),
            "---\ntags: \"a, #status/paused\"\n---\n"
        );
        let text = "---\ntags: a status/active\n---\nbody #status/active.\n";
        assert_eq!(
            status(text, "paused"),
            "---\ntags: a status/paused\n---\nbody #status/paused.\n"
        );
    }

    #[test]
    fn table_with_extra_columns_and_emphasis() {
        let text = "# A\n\n## Account Status\n\n| Field | Value | Source |\n|---|---|---|\n| Owner | Ann | crm |\n| **Status** | **Active** | crm |\n\n## Status\n\n| Status | x |\n";
        assert_eq!(
            status(text, "paused"),
            "# A\n\n## Account Status\n\n| Field | Value | Source |\n|---|---|---|\n| Owner | Ann | crm |\n| **Status** | **Paused** | crm |\n\n## Status\n\n| Status | x |\n"
        );
    }

    #[test]
    fn table_value_column_found_by_header_and_empty_cell() {
        let text = "## Account Status\n| Field | Source | Value |\n| --- | --- | --- |\n| status | crm |  |\n";
        assert_eq!(
            status(text, "on-hold"),
            "## Account Status\n| Field | Source | Value |\n| --- | --- | --- |\n| status | crm | On-hold |\n"
        );
    }

    #[test]
    fn status_added_when_missing() {
        let text = "---\ntitle: A\n---\nbody\n";
        assert_eq!(
            status(text, "Active"),
            "---\ntitle: A\nstatus: active\n---\nbody\n"
        );
        let text = "\u{feff}# A\r\nbody\r\n";
        assert_eq!(
            status(text, "active"),
            "\u{feff}---\r\nstatus: active\r\n---\r\n# A\r\nbody\r\n"
        );
        assert_eq!(
            set_status("---\nx: 1\n", "a"),
            Err(EditError::UnclosedFrontmatter)
        );
        assert!(matches!(
            set_status(text, "on hold"),
            Err(EditError::InvalidStatus { .. })
        ));
        assert_eq!(status("---\n---\n", "true"), "---\nstatus: 'true'\n---\n");
    }

    #[test]
    fn status_crlf_bom_note() {
        let text = "\u{feff}---\r\nstatus: active\r\ntags:\r\n  - status/active\r\n---\r\n## Account Status\r\n| Field | Value |\r\n|---|---|\r\n| Status | Active |\r\n";
        assert_eq!(
            status(text, "paused"),
            "\u{feff}---\r\nstatus: paused\r\ntags:\r\n  - status/paused\r\n---\r\n## Account Status\r\n| Field | Value |\r\n|---|---|\r\n| Status | Paused |\r\n"
        );
    }

    #[test]
    fn non_scalar_status_is_refused() {
        let text = "---\ntitle: A\nstatus: [a, b]\n---\n";
        assert_eq!(
            set_status(text, "paused"),
            Err(EditError::UnsupportedStatus { line: 3 })
        );
    }

    // ----- set_task_status -----

    #[test]
    fn every_task_marker() {
        for (before, after) in [
            ("- [ ] call Ann\n", "- [x] call Ann\n"),
            ("* [ ] call Ann\n", "* [x] call Ann\n"),
            ("+ [/] call Ann\n", "+ [x] call Ann\n"),
            ("1. [ ] call Ann\n", "1. [x] call Ann\n"),
            ("12) [?] call Ann\n", "12) [x] call Ann\n"),
            ("\t    - [ ] call Ann  \n", "\t    - [x] call Ann  \n"),
            ("> - [ ] call Ann\n", "> - [x] call Ann\n"),
            ("> > [!todo]\n", ""),
        ] {
            if after.is_empty() {
                assert!(set_task_status(before, 1, "call", 'x', None).is_err());
            } else {
                assert_eq!(task(before, 1, "call Ann", 'x', None), after);
            }
        }
    }

    #[test]
    fn blockquote_task_in_callout_on_crlf_line() {
        let text = "a\r\n> [!todo] Tasks\r\n> - [ ] send the deck 📅 2026-01-05\r\nz\r\n";
        assert_eq!(
            task(
                text,
                3,
                " send the deck 📅 2026-01-05 ",
                'x',
                Some("2026-01-04")
            ),
            "a\r\n> [!todo] Tasks\r\n> - [x] send the deck 📅 2026-01-05 ✅ 2026-01-04\r\nz\r\n"
        );
    }

    #[test]
    fn done_date_appended_replaced_and_before_block_id() {
        assert_eq!(
            task("- [ ] a", 1, "a", 'x', Some("2026-02-01")),
            "- [x] a ✅ 2026-02-01"
        );
        assert_eq!(
            task("- [x] a ✅ 2025-12-31  \n", 1, "a", 'x', Some("2026-02-01")),
            "- [x] a ✅ 2026-02-01  \n"
        );
        assert_eq!(
            task("- [ ] a ^abc-1\n", 1, "a", 'x', Some("2026-02-01")),
            "- [x] a ✅ 2026-02-01 ^abc-1\n"
        );
        assert_eq!(
            task("\u{feff}- [ ] a\n", 1, "a", '-', None),
            "\u{feff}- [-] a\n"
        );
    }

    #[test]
    fn moved_task_is_refused() {
        let text = "x\n- [ ] call Ann\n- [ ] call Bob\n";
        let err = set_task_status(text, 3, "call Ann", 'x', None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the task on line 3 no longer reads \"call Ann\""
        );
        assert!(set_task_status(text, 1, "x", 'x', None).is_err());
        assert!(set_task_status(text, 9, "call", 'x', None).is_err());
        assert!(set_task_status(text, 0, "call", 'x', None).is_err());
        assert!(set_task_status("- [ ]call\n", 1, "call", 'x', None).is_err());
        assert!(set_task_status(text, 2, "call Ann", ']', None).is_err());
    }

    // ----- found by fuzzing (fuzz/fuzz_targets/edit_note.rs) -----

    /// A flow list continued on a line that looks like a key: the `status:`
    /// line is part of the `tags` value, not a key, so the two edits that both
    /// claimed its bytes (and made `apply` panic) are now one.
    #[test]
    fn key_lookalike_inside_a_multiline_flow_list_is_not_a_key() {
        let text = "---\nycui\ntags: [TysrW, status/\nstatus: atye]\n---\n\n-";
        let edits = set_status(text, "paused").unwrap();
        let after = apply(text, &edits);
        assert_eq!(apply(&after, &invert(text, &edits)), text);
        assert_eq!(after, "---\nycui\ntags: [TysrW, status/paused]\n---\n\n-");

        let text = "---\ntags: [a,\ntags: needs-review]\nstatus: active\n---\n";
        // YAML reads the list as `[a, {tags: needs-review}]`: no such tag.
        assert!(matches!(
            remove_tag(text, "needs-review"),
            Err(EditError::TagNotFound { .. })
        ));
        assert_eq!(
            status(text, "paused"),
            "---\ntags: [a,\ntags: needs-review]\nstatus: paused\n---\n"
        );
    }
}
