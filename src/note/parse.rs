//! Parsing a note's bytes into a [`Note`]: decoding, the frontmatter, and one
//! pass of pulldown-cmark's events over the body that records sections, list
//! items, paragraphs, tables, tasks, links, tags and query blocks.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::body::BodyParser;
use super::outline::Outline;
use super::*;
use crate::problem::Problem;
use crate::text::{date_prefix, sanitize};
use task::TaskStatuses;

/// Parses a note from its raw bytes. Never fails: problems are recorded on the note.
pub fn parse(path: &str, bytes: &[u8], statuses: &TaskStatuses) -> Note {
    let Some(mut note) = start_note(path, bytes) else {
        return too_large(path, bytes);
    };
    let text = decode(&mut note, bytes);
    let body_start = parse_text(&mut note, &text, statuses);
    note.text = text[body_start..].into();
    note
}

/// Parses a note's text and records its [`Outline`] (byte ranges of its
/// frontmatter keys, sections, table rows, items, tasks and tags), which the
/// editor uses to find what it changes.
pub fn parse_with_outline(path: &str, text: &str, statuses: &TaskStatuses) -> (Note, Outline) {
    let mut note = start_note(path, text.as_bytes()).unwrap_or_default();
    let (body_start, outline) =
        parse_text_with(&mut note, text, statuses, Some(Outline::start(text)));
    note.text = text[body_start..].into();
    (note, outline.expect("an outline was asked for"))
}

/// The outline of a note's text (see [`parse_with_outline`]).
pub fn outline(text: &str) -> Outline {
    parse_with_outline("", text, &TaskStatuses::default()).1
}

/// Like [`parse`], keeping `bytes` as the note's text without copying it.
pub fn parse_owned(path: &str, bytes: Vec<u8>, statuses: &TaskStatuses) -> Note {
    let Some(mut note) = start_note(path, &bytes) else {
        return too_large(path, &bytes);
    };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            let body_start = parse_text(&mut note, &text, statuses);
            text.drain(..body_start);
            note.text = text.into_boxed_str();
            note
        }
        Err(e) => parse(path, e.as_bytes(), statuses),
    }
}

/// A note with its path and fingerprint, or `None` when the bytes are over the limit.
fn start_note(path: &str, bytes: &[u8]) -> Option<Note> {
    (bytes.len() <= MAX_NOTE_BYTES).then(|| Note {
        path: path.to_string(),
        fingerprint: fingerprint(bytes),
        byte_len: bytes.len(),
        ..Note::default()
    })
}

fn too_large(path: &str, bytes: &[u8]) -> Note {
    let mut note = skipped(path, bytes.len() as u64);
    note.fingerprint = fingerprint(bytes);
    note
}

/// A note over the size limit, known by its size alone: nothing of it is read.
pub fn too_large_note(path: &str, size: u64) -> Note {
    skipped(path, size)
}

fn skipped(path: &str, size: u64) -> Note {
    let mut note = Note {
        path: path.to_string(),
        byte_len: size as usize,
        ..Note::default()
    };
    note.problems.push(Problem::error(
        path,
        None,
        format!(
            "note is {:.1} MiB, over the 4 MiB limit; skipped",
            size as f64 / (1024.0 * 1024.0)
        ),
    ));
    note.title = default_title(&note);
    note
}

/// The bytes as text; invalid UTF-8 is replaced and recorded as a problem.
fn decode<'b>(note: &mut Note, bytes: &'b [u8]) -> std::borrow::Cow<'b, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            note.problems.push(Problem::error(
                &note.path,
                Some(line),
                "invalid UTF-8; read with replacement characters",
            ));
            String::from_utf8_lossy(bytes)
        }
    }
}

fn default_title(note: &Note) -> String {
    let stem = note.stem();
    if let Some(folder) = note.folder_note_of() {
        return folder.rsplit('/').next().unwrap_or(folder).to_string();
    }
    sanitize(stem)
}

/// Reads frontmatter and body into `note`; returns where the body starts.
fn parse_text(note: &mut Note, text: &str, statuses: &TaskStatuses) -> usize {
    parse_text_with(note, text, statuses, None).0
}

/// [`parse_text`], recording `outline` when given.
fn parse_text_with(
    note: &mut Note,
    text: &str,
    statuses: &TaskStatuses,
    outline: Option<Outline>,
) -> (usize, Option<Outline>) {
    let body_start = match frontmatter::locate(text) {
        Frontmatter::None => frontmatter::bom_len(text),
        Frontmatter::Unclosed => {
            note.problems.push(Problem::error(
                &note.path,
                Some(1),
                "frontmatter starts with `---` but is never closed; read as body",
            ));
            frontmatter::bom_len(text)
        }
        Frontmatter::Closed(span) => {
            match yaml::parse_mapping(&text[span.yaml.clone()]) {
                Ok(fields) => note.fields = fields.into(),
                Err(e) => {
                    let line = e.line.map(|l| l + span.first_line - 1);
                    note.problems.push(Problem::error(
                        &note.path,
                        line.or(Some(span.first_line)),
                        format!(
                            "frontmatter is not valid YAML ({}); fields ignored",
                            e.message
                        ),
                    ));
                }
            }
            collect_frontmatter_links(note, &text[span.yaml.clone()], span.first_line);
            span.block.end
        }
    };
    read_fields(note);
    let outline = BUFFERS.with_borrow_mut(|buffers| {
        buffers.swap(note, true);
        let parser = BodyParser::new(note, text, body_start, statuses);
        let outline = match outline {
            Some(o) => parser.with_outline(o).run(),
            None => parser.run(),
        };
        buffers.swap(note, false);
        outline
    });
    dedup_tags(&mut note.tags);
    (body_start, outline)
}

/// The lists a note is built in, kept per thread between notes: the note gets
/// exact-size copies, so it carries no spare capacity and building it does not
/// grow (reallocate) each list from empty.
#[derive(Default)]
struct Buffers {
    sections: Vec<Section>,
    tasks: Vec<Task>,
    links: Vec<Link>,
    pieces: Vec<Span>,
    items: Vec<ListItem>,
    paragraphs: Vec<Paragraph>,
    tables: Vec<Table>,
    rows: Vec<Run>,
    cells: Vec<Cell>,
    queries: Vec<QuerySpan>,
}

thread_local! {
    static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::default();
}

impl Buffers {
    /// Hands the buffers to the note (keeping what its lists already hold), or
    /// (`lend` false) moves the note's lists into exact-size ones and keeps the buffers.
    fn swap(&mut self, note: &mut Note, lend: bool) {
        fn one<T>(buffer: &mut Vec<T>, list: &mut Vec<T>, lend: bool) {
            std::mem::swap(buffer, list);
            if lend {
                list.append(buffer);
            } else {
                *list = Vec::with_capacity(buffer.len());
                list.append(buffer);
            }
        }
        one(&mut self.sections, &mut note.sections, lend);
        one(&mut self.tasks, &mut note.tasks, lend);
        one(&mut self.links, &mut note.links, lend);
        one(&mut self.pieces, &mut note.pieces, lend);
        one(&mut self.items, &mut note.items, lend);
        one(&mut self.paragraphs, &mut note.paragraphs, lend);
        one(&mut self.tables, &mut note.tables, lend);
        one(&mut self.rows, &mut note.rows, lend);
        one(&mut self.cells, &mut note.cells, lend);
        one(&mut self.queries, &mut note.queries, lend);
    }
}

/// Reads title, aliases, tags, date and account from the frontmatter fields.
fn read_fields(note: &mut Note) {
    note.title = note
        .field_text("title")
        .unwrap_or_else(|| default_title(note));
    note.aliases = match note.fields.get_any_case(&["aliases", "alias"]) {
        Some(Value::Array(items)) => items.iter().filter_map(scalar).collect(),
        Some(Value::String(s)) => s
            .split(',')
            .map(|a| sanitize(a.trim()))
            .filter(|a| !a.is_empty())
            .collect(),
        _ => Vec::new(),
    };
    let mut tags = Vec::new();
    match note.fields.get_any_case(&["tags", "tag"]) {
        Some(Value::Array(items)) => tags.extend(items.iter().filter_map(scalar)),
        Some(Value::String(s)) => tags.extend(s.split([',', ' ']).map(str::to_string)),
        _ => {}
    }
    for tag in tags {
        add_tag(&mut note.tags, &tag);
    }
    note.date = note.field_date("date").or_else(|| date_prefix(note.stem()));
    note.account = note.field_text("account").map(|a| link_target_text(&a));
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(sanitize(s.trim())),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// Adds a tag as found; [`dedup_tags`] drops repeats once the note is read, so
/// a note with very many tags costs linear time, not quadratic.
pub(super) fn add_tag(tags: &mut Vec<String>, tag: &str) {
    let tag = tag.trim().trim_start_matches('#');
    if !tag.is_empty() {
        tags.push(sanitize(tag));
    }
}

/// Keeps the first of tags that are equal ignoring case, in the order first seen.
fn dedup_tags(tags: &mut Vec<String>) {
    if tags.len() < 2 {
        return;
    }
    let mut seen = std::collections::HashSet::with_capacity(tags.len());
    tags.retain(|t| seen.insert(t.to_ascii_lowercase()));
}

static WIKILINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[\[([^\]\n]+?)\]\]").unwrap());

/// `[[Acme|the client]]` → `Acme`; a bare `Acme` stays `Acme`.
fn link_target_text(value: &str) -> String {
    let inner = WIKILINK
        .captures(value)
        .map_or(value, |c| c.get(1).map_or(value, |m| m.as_str()));
    split_target(inner).0
}

/// Splits a link destination into its target (no `.md`) and heading.
/// Both are shown to a person, so control characters (a line break inside
/// `[[…]]`, a `%1b` in a Markdown link) are replaced like any other text.
pub fn split_target(dest: &str) -> (String, Option<String>) {
    let dest = sanitize(dest);
    let dest = dest.split('|').next().unwrap_or(&dest);
    let (target, heading) = match dest.split_once('#') {
        Some((t, h)) => (t, Some(h.trim().to_string())),
        None => (dest, None),
    };
    let target = target.trim();
    let target = target.strip_suffix(".md").unwrap_or(target);
    (target.to_string(), heading)
}

/// Links in frontmatter values, each on the line of the block that names it.
fn collect_frontmatter_links(note: &mut Note, yaml: &str, first_line: usize) {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => {
                for c in WIKILINK.captures_iter(s) {
                    out.push(c[1].to_string());
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(map) => map.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    if yaml.contains("[[") {
        note.fields.values().for_each(|v| walk(v, &mut found));
    }
    for dest in found {
        let (target, heading) = split_target(&dest);
        let written = format!("[[{dest}]]");
        let line = first_line + yaml.lines().position(|l| l.contains(&written)).unwrap_or(0);
        if !target.is_empty() {
            note.links.push(Link {
                target,
                heading,
                line,
                embed: false,
                markdown: false,
                in_frontmatter: true,
            });
        }
    }
}
