//! One note, parsed: frontmatter fields, sections, list items, tasks, links,
//! tags and query blocks. Parsing is a pure function of the note's bytes.

use std::sync::LazyLock;

use chrono::NaiveDate;
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;
use serde_json::{Map, Value};

use crate::frontmatter::{self, Frontmatter};
use crate::problem::Problem;
use crate::task::{self, StatusType, TaskFields, TaskStatuses};
use crate::text::{date_prefix, parse_date, push_squashed, sanitize, section_key, words_into};
use crate::yaml;

/// Notes larger than this are skipped with a problem.
pub const MAX_NOTE_BYTES: usize = 4 * 1024 * 1024;

/// A parsed note.
///
/// The note keeps its body text once ([`Note::text`]); sections, list items,
/// paragraphs and table cells are small structs of ranges into it, and their
/// plain text is produced on demand (`note.item_text(item)` …), when a
/// dashboard is built for one account. Nothing per item is copied while a
/// whole vault is indexed.
#[derive(Debug, Clone, Default)]
pub struct Note {
    /// Path relative to the vault, `/`-separated.
    pub path: String,
    pub title: String,
    pub aliases: Vec<String>,
    /// Frontmatter fields as read (empty when there is none or it is malformed).
    pub fields: Map<String, Value>,
    /// Tags from frontmatter and body, without `#`, in the order first seen.
    pub tags: Vec<String>,
    /// Frontmatter `date`, else a date the file name starts with.
    pub date: Option<NaiveDate>,
    /// The link target named by frontmatter `account:`, if any.
    pub account: Option<String>,
    pub sections: Vec<Section>,
    pub tasks: Vec<Task>,
    pub links: Vec<Link>,
    pub problems: Vec<Problem>,
    /// Fingerprint of the bytes this note was parsed from (for conflict checks).
    pub fingerprint: u64,
    pub byte_len: usize,
    /// The note's text after its frontmatter block (lossy UTF-8 when the file was not).
    text: Box<str>,
    /// Text that pulldown-cmark rewrote (entities, escapes), which is not a slice of `text`.
    spill: Box<str>,
    /// The text pieces of headings, items, paragraphs and cells, in runs.
    pieces: Vec<Span>,
    items: Vec<ListItem>,
    paragraphs: Vec<Paragraph>,
    tables: Vec<Table>,
    rows: Vec<Run>,
    cells: Vec<Cell>,
    queries: Vec<QuerySpan>,
}

/// A range of indices into one of a note's lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Run {
    start: u32,
    end: u32,
}

impl Run {
    fn at(start: usize) -> Self {
        Self {
            start: start as u32,
            end: start as u32,
        }
    }

    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A piece of text: a byte range of the note's text, of its spill buffer
/// (marked by [`SPILL`]), or a single space ([`Span::SPACE`], a line break).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

const SPILL: u32 = 1 << 31;

impl Span {
    const SPACE: Span = Span {
        start: u32::MAX,
        end: u32::MAX,
    };

    fn get<'t>(self, text: &'t str, spill: &'t str) -> &'t str {
        if self == Span::SPACE {
            " "
        } else if self.start & SPILL != 0 {
            &spill[(self.start & !SPILL) as usize..(self.end & !SPILL) as usize]
        } else {
            &text[self.start as usize..self.end as usize]
        }
    }
}

/// A heading and what sits under it, up to the next heading.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// The heading's pieces (none for text before the first heading).
    heading: Run,
    /// A hash of the heading's matching key (see [`section_key`]).
    key_hash: u64,
    pub level: u8,
    pub line: u32,
    items: Run,
    paragraphs: Run,
    tables: Run,
}

/// A list item (tasks included).
#[derive(Debug, Clone, Default)]
pub struct ListItem {
    pub line: u32,
    /// 0 for a top-level item, 1 for an item nested in it, …
    pub depth: u32,
    /// Index into [`Note::tasks`] when this item is a task.
    pub task: Option<u32>,
    /// Where the item's first line starts in the text (at its list marker).
    source: u32,
    text: Run,
    /// Indices into [`Note::links`] of links in this item's own text.
    links: Run,
}

/// A paragraph of text.
#[derive(Debug, Clone, Default)]
pub struct Paragraph {
    text: Run,
    /// Only italic text: a template placeholder such as `_No key contacts identified._`.
    pub placeholder: bool,
}

/// A Markdown table: header cells and body rows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub line: u32,
    header: Run,
    /// Indices of the body rows (each a run of cells).
    rows: Run,
}

/// A table cell; a placeholder is an all-`_italic_` value like `_Unknown_`
/// (bold `**Paused**` and `*Enterprise*` are values with their emphasis stripped).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    text: Run,
    pub placeholder: bool,
}

/// A task list item.
#[derive(Debug, Clone)]
pub struct Task {
    pub line: usize,
    pub symbol: char,
    pub status: StatusType,
    pub fields: TaskFields,
    /// The text after the checkbox as written (what an edit checks against).
    pub source: String,
    /// Links in the task's own text (targets as written).
    pub links: Vec<String>,
    /// Index into [`Note::sections`] of the section the task sits in.
    pub section: usize,
}

/// A link to another note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The target as written, without `#heading`, `|alias` or `.md`.
    pub target: String,
    pub heading: Option<String>,
    pub line: usize,
    pub embed: bool,
    /// A Markdown link (resolved relative to the note's folder first).
    pub markdown: bool,
    pub in_frontmatter: bool,
}

/// A fenced `dataview`/`tasks`/`dataviewjs` block, as [`Note::queries`] gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryBlock {
    pub lang: String,
    pub source: String,
    pub line: usize,
    pub section: String,
}

/// Where a query block sits: its language, source text and section.
#[derive(Debug, Clone, Copy)]
struct QuerySpan {
    /// Index into [`QUERY_LANGS`].
    lang: u8,
    line: u32,
    source: Span,
    /// Index into [`Note::sections`]; `None` for a section dropped as empty.
    section: Option<u32>,
}

const QUERY_LANGS: [&str; 4] = ["dataview", "tasks", "dataviewjs", "query"];

impl Note {
    /// The file name without folder and `.md`.
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        name.strip_suffix(".md").unwrap_or(name)
    }

    /// The folder the note sits in (`""` at the vault root).
    pub fn folder(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    /// A folder note stands for its folder: `README.md`, `index.md` or `Name/Name.md`.
    pub fn folder_note_of(&self) -> Option<&str> {
        folder_note_of(&self.path)
    }

    /// A frontmatter field as text (strings, numbers and booleans).
    pub fn field_text(&self, key: &str) -> Option<String> {
        match self.fields.get(key)? {
            Value::String(s) => Some(sanitize(s.trim())).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A frontmatter field as a date.
    pub fn field_date(&self, key: &str) -> Option<NaiveDate> {
        self.field_text(key).as_deref().and_then(parse_date)
    }

    /// Whether the note carries `tag` (case-insensitive, nested tags compared whole).
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
    }

    /// The first section whose key matches one of `keys`.
    pub fn section(&self, keys: &[&str]) -> Option<&Section> {
        // Hash the keys once, not once per section (the list rows look up a
        // few sections of every account).
        let mut hashes = [0; 8];
        for (hash, key) in hashes.iter_mut().zip(keys) {
            *hash = key_hash(key);
        }
        self.sections.iter().find(|s| {
            keys.iter().enumerate().any(|(i, k)| {
                let hash = hashes.get(i).copied().unwrap_or_else(|| key_hash(k));
                hash == s.key_hash && self.heading_has_key(s, k)
            })
        })
    }

    /// Whether a section's key is `key`, without making its heading text: the
    /// key is the heading's words (alphanumeric runs), lower-cased, one space
    /// apart, and squashing or sanitizing the heading never changes them.
    fn heading_has_key(&self, section: &Section, key: &str) -> bool {
        let mut want = key.chars();
        let mut in_word = false;
        let mut any_word = false;
        for piece in &self.pieces[section.heading.range()] {
            for c in piece.get(&self.text, &self.spill).chars() {
                if !c.is_alphanumeric() {
                    in_word = false;
                    continue;
                }
                if !in_word && any_word && want.next() != Some(' ') {
                    return false;
                }
                in_word = true;
                any_word = true;
                if !c.to_lowercase().all(|l| want.next() == Some(l)) {
                    return false;
                }
            }
        }
        want.next().is_none()
    }

    /// A section's heading as plain text (empty before the first heading).
    pub fn heading(&self, section: &Section) -> String {
        self.plain(section.heading)
    }

    /// A section's matching key (see [`section_key`]).
    pub fn section_key(&self, section: &Section) -> String {
        section_key(&self.heading(section))
    }

    /// The list items of a section (nested ones included), in order.
    pub fn items(&self, section: &Section) -> &[ListItem] {
        &self.items[section.items.range()]
    }

    /// The paragraphs of a section (outside lists and quotes), in order.
    pub fn paragraphs(&self, section: &Section) -> &[Paragraph] {
        &self.paragraphs[section.paragraphs.range()]
    }

    /// The tables of a section, in order.
    pub fn tables(&self, section: &Section) -> &[Table] {
        &self.tables[section.tables.range()]
    }

    /// A list item's own text (up to a nested list) as plain text: emphasis and
    /// link brackets removed, control characters replaced, spaces squashed; a
    /// task's checkbox left out.
    pub fn item_text(&self, item: &ListItem) -> String {
        let text = self.plain(item.text);
        if item.task.is_some()
            && let Some(rest) = strip_checkbox(&text)
        {
            return rest.to_string();
        }
        text
    }

    /// A list item's first source line after its list marker (and checkbox), as written.
    pub fn item_source(&self, item: &ListItem) -> &str {
        let at = item.source as usize;
        let line_end = self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |i| at + i);
        let line = self.text[at..line_end].trim_end_matches('\r');
        match task::split_checkbox(line) {
            Some((_, rest)) if item.task.is_some() => rest,
            _ => strip_marker(line),
        }
    }

    /// The links in a list item's own text.
    pub fn item_links(&self, item: &ListItem) -> &[Link] {
        &self.links[item.links.range()]
    }

    /// A paragraph as plain text.
    pub fn paragraph_text(&self, paragraph: &Paragraph) -> String {
        self.plain(paragraph.text)
    }

    /// A table's header cells.
    pub fn table_header(&self, table: &Table) -> &[Cell] {
        &self.cells[table.header.range()]
    }

    /// A table's body rows.
    pub fn table_rows(&self, table: &Table) -> impl Iterator<Item = &[Cell]> + '_ {
        self.rows[table.rows.range()]
            .iter()
            .map(|row| &self.cells[row.range()])
    }

    /// A table cell as plain text.
    pub fn cell_text(&self, cell: &Cell) -> String {
        self.plain(cell.text)
    }

    /// The heading of the section a task sits in.
    pub fn task_section(&self, task: &Task) -> String {
        self.sections
            .get(task.section)
            .map(|s| self.heading(s))
            .unwrap_or_default()
    }

    /// The note's `dataview`/`tasks`/`dataviewjs`/`query` blocks, in order.
    pub fn queries(&self) -> impl Iterator<Item = QueryBlock> + '_ {
        self.queries.iter().map(|q| QueryBlock {
            lang: QUERY_LANGS[q.lang as usize].to_string(),
            source: q.source.get(&self.text, &self.spill).to_string(),
            line: q.line as usize,
            section: q
                .section
                .and_then(|s| self.sections.get(s as usize))
                .map(|s| self.heading(s))
                .unwrap_or_default(),
        })
    }

    /// The note's text after its frontmatter block.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// A run of pieces as plain text.
    fn plain(&self, run: Run) -> String {
        let mut out = String::new();
        push_plain(&self.text, &self.spill, &self.pieces[run.range()], &mut out);
        out
    }

    /// Whether the parsed bytes equal `bytes` (by fingerprint and length).
    pub fn was_read_from(&self, bytes: &[u8]) -> bool {
        bytes.len() == self.byte_len && fingerprint(bytes) == self.fingerprint
    }
}

/// The folder a note at `path` stands for, if it is a folder note: `README.md`,
/// `index.md` or `Name/Name.md` (a function of the path alone).
pub fn folder_note_of(path: &str) -> Option<&str> {
    let (folder, name) = path.rsplit_once('/')?;
    if folder.is_empty() {
        return None;
    }
    let folder_name = folder.rsplit('/').next().unwrap_or(folder);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    (stem.eq_ignore_ascii_case("readme")
        || stem.eq_ignore_ascii_case("index")
        || stem == folder_name)
        .then_some(folder)
}

/// A stable fingerprint of a file's bytes.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

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
    let mut note = Note {
        path: path.to_string(),
        fingerprint: fingerprint(bytes),
        byte_len: bytes.len(),
        ..Note::default()
    };
    note.problems.push(Problem::error(
        path,
        None,
        format!(
            "note is {:.1} MiB, over the 4 MiB limit; skipped",
            bytes.len() as f64 / (1024.0 * 1024.0)
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
                Ok(fields) => note.fields = fields,
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
    BUFFERS.with_borrow_mut(|buffers| {
        buffers.swap(note, true);
        BodyParser::new(note, text, body_start, statuses).run();
        buffers.swap(note, false);
    });
    body_start
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
    note.aliases = match note
        .fields
        .get("aliases")
        .or_else(|| note.fields.get("alias"))
    {
        Some(Value::Array(items)) => items.iter().filter_map(scalar).collect(),
        Some(Value::String(s)) => s
            .split(',')
            .map(|a| sanitize(a.trim()))
            .filter(|a| !a.is_empty())
            .collect(),
        _ => Vec::new(),
    };
    let mut tags = Vec::new();
    match note.fields.get("tags").or_else(|| note.fields.get("tag")) {
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

fn add_tag(tags: &mut Vec<String>, tag: &str) {
    let tag = tag.trim().trim_start_matches('#');
    if tag.is_empty() || tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
        return;
    }
    tags.push(sanitize(tag));
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

/// Counts lines up to byte offsets that mostly come in increasing order.
struct Lines<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl Lines<'_> {
    /// The 1-based line number of the byte at `offset`.
    fn line(&mut self, offset: usize) -> usize {
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.text[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

/// Text being collected for a heading, paragraph or cell: where its pieces start
/// on the scratch stack, and what kind of text it has seen.
#[derive(Clone, Copy)]
struct OpenText {
    start: usize,
    /// Some text outside italics (`_` italics only, for a cell).
    plain: bool,
    /// Some text that is not all whitespace.
    any: bool,
}

/// An item still being read.
struct OpenItem {
    /// Index into the note's items.
    index: usize,
    /// Text is taken until a nested list starts.
    taking_text: bool,
    /// Where the item's pieces start on the scratch stack.
    start: usize,
}

/// A fenced query block still being read.
struct OpenCode {
    lang: u8,
    line: usize,
}

/// Walks pulldown-cmark's events once and fills the note.
///
/// Text goes to at most one open heading, cell, item or paragraph, as ranges
/// pushed on a scratch stack; when one of them ends its pieces move to the
/// note as one run (they nest, so the stack suffices).
struct BodyParser<'a> {
    note: &'a mut Note,
    /// The body (the text after the frontmatter block).
    body: &'a str,
    /// Where the body starts in the note's text (for line numbers).
    offset: usize,
    lines: Lines<'a>,
    statuses: &'a TaskStatuses,
    spill: String,
    scratch: Vec<Span>,
    items: Vec<OpenItem>,
    heading: Option<(u8, usize, OpenText)>,
    paragraph: Option<OpenText>,
    /// Open italic spans, innermost last: `true` when written with `_` (the
    /// template writer's placeholder style, `_Unknown_`), `false` for `*`.
    italics: Vec<bool>,
    blockquote: usize,
    /// Inside a code block; `Some` for a query block.
    code: Option<Option<OpenCode>>,
    code_pieces: Vec<Span>,
    table: Option<Table>,
    row: Option<Run>,
    cell: Option<OpenText>,
    in_table_head: bool,
    /// Reused buffer for plain text computed while parsing (task text, heading keys).
    buf: String,
    key_buf: String,
}

impl<'a> BodyParser<'a> {
    fn new(note: &'a mut Note, text: &'a str, offset: usize, statuses: &'a TaskStatuses) -> Self {
        note.sections.push(Section::default());
        Self {
            note,
            body: &text[offset..],
            offset,
            lines: Lines {
                text: text.as_bytes(),
                offset: 0,
                line: 1,
            },
            statuses,
            spill: String::new(),
            scratch: Vec::new(),
            items: Vec::new(),
            heading: None,
            paragraph: None,
            italics: Vec::new(),
            blockquote: 0,
            code: None,
            code_pieces: Vec::new(),
            table: None,
            row: None,
            cell: None,
            in_table_head: false,
            buf: String::new(),
            key_buf: String::new(),
        }
    }

    fn section(&mut self) -> &mut Section {
        self.note
            .sections
            .last_mut()
            .expect("a section is always open")
    }

    /// The line of a body offset.
    fn line(&mut self, at: usize) -> usize {
        self.lines.line(at + self.offset)
    }

    /// Where `s` sits in the body, or a copy of it in the spill buffer.
    fn span(&mut self, s: &str) -> Span {
        let base = self.body.as_ptr() as usize;
        let at = s.as_ptr() as usize;
        if at >= base && at + s.len() <= base + self.body.len() {
            let start = (at - base) as u32;
            return Span {
                start,
                end: start + s.len() as u32,
            };
        }
        let start = self.spill.len() as u32;
        self.spill.push_str(s);
        Span {
            start: start | SPILL,
            end: self.spill.len() as u32 | SPILL,
        }
    }

    /// Moves the pieces from `start` on the scratch stack to the note as one run.
    fn flush(&mut self, start: usize) -> Run {
        let mut run = Run::at(self.note.pieces.len());
        self.note.pieces.extend(self.scratch.drain(start..));
        run.end = self.note.pieces.len() as u32;
        run
    }

    /// The plain text of a run of the note's pieces, into `self.buf`.
    fn render(&mut self, run: Run) {
        self.buf.clear();
        push_plain(
            self.body,
            &self.spill,
            &self.note.pieces[run.range()],
            &mut self.buf,
        );
    }

    fn run(mut self) {
        let body = self.body;
        let options =
            Options::ENABLE_TABLES | Options::ENABLE_WIKILINKS | Options::ENABLE_STRIKETHROUGH;
        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            let at = range.start;
            match event {
                Event::Start(tag) => self.start(tag, at),
                Event::End(tag) => self.end(tag),
                Event::Text(t) => self.text(&t, true, false),
                Event::Code(t) => self.text(&t, false, false),
                Event::SoftBreak | Event::HardBreak => self.text(" ", false, true),
                Event::Rule => {
                    let line = self.line(at) as u32;
                    self.push_section(Section {
                        line,
                        ..Section::default()
                    })
                }
                _ => {}
            }
        }
        let note = self.note;
        note.spill = std::mem::take(&mut self.spill).into_boxed_str();
        if note.sections.first().is_some_and(|s| {
            s.heading.is_empty()
                && s.items.is_empty()
                && s.paragraphs.is_empty()
                && s.tables.is_empty()
        }) {
            note.sections.remove(0);
            for task in &mut note.tasks {
                task.section -= 1;
            }
            for query in &mut note.queries {
                query.section = query.section.and_then(|s| s.checked_sub(1));
            }
        }
    }

    /// Opens a new section after the current one.
    fn push_section(&mut self, mut section: Section) {
        let note = &*self.note;
        section.items = Run::at(note.items.len());
        section.paragraphs = Run::at(note.paragraphs.len());
        section.tables = Run::at(note.tables.len());
        self.note.sections.push(section);
    }

    fn open_text(&self) -> OpenText {
        OpenText {
            start: self.scratch.len(),
            plain: false,
            any: false,
        }
    }

    fn start(&mut self, tag: Tag<'_>, at: usize) {
        match tag {
            Tag::Heading { level, .. } => {
                let line = self.line(at);
                self.heading = Some((level as u8, line, self.open_text()))
            }
            Tag::Paragraph
                if self.items.is_empty() && self.blockquote == 0 && self.table.is_none() =>
            {
                self.paragraph = Some(self.open_text());
            }
            Tag::BlockQuote(_) => self.blockquote += 1,
            Tag::Emphasis => self.italics.push(self.body[at..].starts_with('_')),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => query_lang(&info),
                    CodeBlockKind::Indented => None,
                };
                let line = self.line(at);
                self.code_pieces.clear();
                self.code = Some(lang.map(|lang| OpenCode { lang, line }));
            }
            Tag::List(_) => {
                if let Some(open) = self.items.last_mut() {
                    open.taking_text = false;
                }
            }
            Tag::Item => self.start_item(at),
            Tag::Table(_) => {
                self.table = Some(Table {
                    line: self.line(at) as u32,
                    ..Table::default()
                })
            }
            Tag::TableHead => {
                self.in_table_head = true;
                self.row = Some(Run::at(self.note.cells.len()));
            }
            Tag::TableRow => self.row = Some(Run::at(self.note.cells.len())),
            Tag::TableCell => self.cell = Some(self.open_text()),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => self.link(link_type, &dest_url, at, false),
            Tag::Image {
                link_type,
                dest_url,
                ..
            } => self.link(link_type, &dest_url, at, true),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, line, open)) = self.heading.take() {
                    let heading = self.flush(open.start);
                    self.render(heading);
                    self.key_buf.clear();
                    words_into(&self.buf, &mut self.key_buf);
                    let key_hash = key_hash(&self.key_buf);
                    self.push_section(Section {
                        heading,
                        key_hash,
                        level,
                        line: line as u32,
                        ..Section::default()
                    });
                }
            }
            TagEnd::Paragraph => {
                if let Some(open) = self.paragraph.take() {
                    let text = self.flush(open.start);
                    if open.any {
                        self.note.paragraphs.push(Paragraph {
                            text,
                            placeholder: !open.plain,
                        });
                        self.section().paragraphs.end += 1;
                    }
                }
            }
            TagEnd::BlockQuote(_) => self.blockquote = self.blockquote.saturating_sub(1),
            TagEnd::Emphasis => {
                self.italics.pop();
            }
            TagEnd::CodeBlock => {
                if let Some(Some(OpenCode { lang, line })) = self.code.take() {
                    let source = self.code_source();
                    let section = self.note.sections.len() - 1;
                    self.note.queries.push(QuerySpan {
                        lang,
                        line: line as u32,
                        source,
                        section: Some(section as u32),
                    });
                }
            }
            TagEnd::Item => self.end_item(),
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.note.tables.push(table);
                    self.section().tables.end += 1;
                }
            }
            TagEnd::TableHead => {
                self.in_table_head = false;
                if let (Some(row), Some(table)) = (self.row.take(), self.table.as_mut()) {
                    table.header = row;
                }
            }
            TagEnd::TableRow => {
                if let (Some(row), Some(table)) = (self.row.take(), self.table.as_mut()) {
                    if table.rows.is_empty() {
                        table.rows = Run::at(self.note.rows.len());
                    }
                    self.note.rows.push(row);
                    table.rows.end += 1;
                }
            }
            TagEnd::TableCell => {
                if let Some(open) = self.cell.take() {
                    let text = self.flush(open.start);
                    if let Some(row) = self.row.as_mut() {
                        self.note.cells.push(Cell {
                            text,
                            placeholder: !open.plain && open.any,
                        });
                        row.end += 1;
                    }
                }
            }
            _ => {}
        }
    }

    /// A query block's source: one range of the body when its pieces are
    /// contiguous (they are, outside lists and quotes), else a copy.
    fn code_source(&mut self) -> Span {
        let pieces = std::mem::take(&mut self.code_pieces);
        let contiguous = pieces
            .windows(2)
            .all(|w| w[0].start & SPILL == 0 && w[1].start == w[0].end);
        let source = match (pieces.first(), pieces.last()) {
            (Some(first), Some(last)) if contiguous && first.start & SPILL == 0 => Span {
                start: first.start,
                end: last.end,
            },
            (None, _) | (_, None) => Span::default(),
            _ => {
                let start = self.spill.len() as u32;
                for piece in &pieces {
                    let s = piece.get(self.body, &self.spill).to_string();
                    self.spill.push_str(&s);
                }
                Span {
                    start: start | SPILL,
                    end: self.spill.len() as u32 | SPILL,
                }
            }
        };
        self.code_pieces = pieces;
        source
    }

    /// Text, inline code (`scan_tags` false) or a line break (`line_break`, as a space).
    fn text(&mut self, raw: &str, scan_tags: bool, line_break: bool) {
        if let Some(code) = &self.code {
            if code.is_some() {
                let span = self.span(raw);
                self.code_pieces.push(span);
            }
            return;
        }
        let clean = crate::text::sanitized(raw);
        if scan_tags && clean.contains('#') {
            for tag in task::inline_tags(&clean) {
                add_tag(&mut self.note.tags, tag);
            }
        }
        // Bold is emphasis, not a placeholder: only italic text can be one. A
        // paragraph is a placeholder when all of it is italic; a table cell only
        // when all of it is `_italic_`, so `*Enterprise*` stays a value.
        let has_text = !clean.trim().is_empty();
        let plain = has_text && self.italics.is_empty();
        let plain_cell = has_text && !self.italics.contains(&true);
        let taken = if let Some((_, _, open)) = self.heading.as_mut() {
            open.any |= has_text;
            true
        } else if let Some(open) = self.cell.as_mut() {
            open.plain |= plain_cell;
            open.any |= has_text;
            true
        } else if let Some(open) = self.items.last() {
            open.taking_text
        } else if let Some(open) = self.paragraph.as_mut() {
            open.plain |= plain;
            open.any |= has_text;
            true
        } else {
            false
        };
        if taken {
            let span = if line_break {
                Span::SPACE
            } else {
                self.span(raw)
            };
            self.scratch.push(span);
        }
    }

    fn start_item(&mut self, at: usize) {
        if let Some(open) = self.items.last_mut() {
            open.taking_text = false;
        }
        // An item's range may start at a preceding blank line or quote marker.
        let skipped = self.body[at..].len()
            - self.body[at..]
                .trim_start_matches([' ', '\t', '\r', '\n', '>'])
                .len();
        let at = at + skipped;
        let line_end = self.body[at..]
            .find('\n')
            .map_or(self.body.len(), |i| at + i);
        let source_line = self.body[at..line_end].trim_end_matches('\r');
        let line = self.line(at);
        let depth = self.items.len();
        let mut item = ListItem {
            line: line as u32,
            depth: depth as u32,
            source: at as u32,
            ..ListItem::default()
        };
        if let Some((symbol, rest)) = task::split_checkbox(source_line) {
            let section = self.note.sections.len() - 1;
            self.note.tasks.push(Task {
                line,
                symbol,
                status: self.statuses.kind(symbol),
                fields: TaskFields::default(),
                source: rest.to_string(),
                links: Vec::new(),
                section,
            });
            item.task = Some(self.note.tasks.len() as u32 - 1);
        }
        let index = self.note.items.len();
        item.links = Run::at(self.note.links.len());
        self.note.items.push(item);
        self.section().items.end += 1;
        self.items.push(OpenItem {
            index,
            taking_text: true,
            start: self.scratch.len(),
        });
    }

    fn end_item(&mut self) {
        let Some(open) = self.items.pop() else { return };
        let text = self.flush(open.start);
        self.note.items[open.index].text = text;
        let item = &self.note.items[open.index];
        let Some(task_index) = item.task else { return };
        let links = item.links;
        self.render(text);
        // The checkbox arrives as text: drop it from the plain text.
        let shown = strip_checkbox(&self.buf).unwrap_or(&self.buf);
        let task = &mut self.note.tasks[task_index as usize];
        task.fields = task::parse_fields(shown);
        task.links = self.note.links[links.range()]
            .iter()
            .map(|l| l.target.clone())
            .collect();
    }

    fn link(&mut self, link_type: LinkType, dest: &str, at: usize, embed: bool) {
        let markdown = match link_type {
            LinkType::WikiLink { .. } => false,
            LinkType::Inline | LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {
                let path = dest.split('#').next().unwrap_or("");
                if !path.to_ascii_lowercase().ends_with(".md") || path.contains("://") {
                    return;
                }
                true
            }
            _ => return,
        };
        let decoded;
        let dest = if markdown {
            decoded = percent_decode(dest);
            decoded.as_str()
        } else {
            dest
        };
        let (target, heading) = split_target(dest);
        if target.is_empty() {
            return;
        }
        let line = self.line(at);
        self.note.links.push(Link {
            target,
            heading,
            line,
            embed,
            markdown,
            in_frontmatter: false,
        });
        let link_index = self.note.links.len() - 1;
        if let Some(open) = self.items.last()
            && open.taking_text
        {
            let links = &mut self.note.items[open.index].links;
            if links.is_empty() {
                *links = Run::at(link_index);
            }
            links.end = link_index as u32 + 1;
        }
    }
}

/// Appends the plain text of `pieces`: control characters replaced, runs of
/// whitespace squashed to one space, the ends trimmed.
fn push_plain(text: &str, spill: &str, pieces: &[Span], out: &mut String) {
    let mut pending_space = false;
    for piece in pieces {
        let clean = crate::text::sanitized(piece.get(text, spill));
        push_squashed(out, &mut pending_space, &clean);
    }
}

/// `[ ] Call Bob` → `Call Bob`: a task item's text without its checkbox.
fn strip_checkbox(text: &str) -> Option<&str> {
    text.strip_prefix('[')
        .and_then(|r| r.split_once(']'))
        .map(|(_, r)| r.trim_start())
}

/// The index into [`QUERY_LANGS`] of a fenced block's language, if it is one.
fn query_lang(info: &str) -> Option<u8> {
    let word = info.split_whitespace().next().unwrap_or("");
    let found = if word.is_ascii() {
        QUERY_LANGS
            .iter()
            .position(|l| l.eq_ignore_ascii_case(word))
    } else {
        let lower = word.to_lowercase();
        QUERY_LANGS.iter().position(|l| *l == lower)
    };
    found.map(|i| i as u8)
}

/// The hash a section key is looked up by.
fn key_hash(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
}

fn strip_marker(line: &str) -> &str {
    let rest = if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        rest
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        line[digits..].strip_prefix(['.', ')']).unwrap_or(line)
    };
    rest.trim_start()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(path: &str, text: &str) -> Note {
        parse(path, text.as_bytes(), &TaskStatuses::default())
    }

    #[test]
    fn reads_sections_items_tasks_and_links() {
        let note = parse_str(
            "Customers/Acme.md",
            "---\ntitle: Acme Corp\ntags: [type/customer, '#Needs-Review']\n---\n# Acme\n\n## 🚧 Current Blockers\n\n- ❌ Waiting on [[Legal|legal team]] sign-off\n\n## Tasks\n\n- [ ] Call [[Bob]] 📅 2026-01-02\n  - [/] nested\n> - [?] quoted\n\n```\n- [ ] not a task\n```\n",
        );
        assert_eq!(note.title, "Acme Corp");
        assert!(note.has_tag("needs-review"));
        let blockers = note.section(&["current blockers"]).unwrap();
        assert_eq!(
            note.item_text(&note.items(blockers)[0]),
            "❌ Waiting on legal team sign-off"
        );
        assert_eq!(note.tasks.len(), 3);
        assert_eq!(note.tasks[0].fields.text, "Call Bob");
        assert_eq!(note.tasks[0].links, vec!["Bob"]);
        assert_eq!(note.tasks[0].line, 13);
        assert_eq!(note.tasks[1].symbol, '/');
        assert_eq!(note.tasks[2].symbol, '?');
        assert!(note.links.iter().any(|l| l.target == "Legal"));
    }

    #[test]
    fn only_underscore_italics_make_a_cell_a_placeholder() {
        let note = parse_str(
            "x.md",
            "| Field | Value |\n|---|---|\n| **Status** | **Paused** |\n| Tier | *Enterprise* |\n| Region | _Unknown_ |\n\n**Bold paragraph**\n\n*Italic paragraph*\n",
        );
        let table = &note.tables(&note.sections[0])[0];
        let rows: Vec<&[Cell]> = note.table_rows(table).collect();
        let cell = |r: usize| (note.cell_text(&rows[r][1]), rows[r][1].placeholder);
        assert_eq!(cell(0), ("Paused".to_string(), false));
        assert_eq!(cell(1), ("Enterprise".to_string(), false));
        assert_eq!(cell(2), ("Unknown".to_string(), true));
        let paragraphs = note.paragraphs(&note.sections[0]);
        assert!(!paragraphs[0].placeholder, "bold is not a placeholder");
        assert!(paragraphs[1].placeholder);
    }

    #[test]
    fn a_heading_inside_a_list_item_keeps_the_item_and_its_links() {
        // A link after such a heading used to index the new section's items and panic.
        let note = parse_str("x.md", "# A\n- a\n- b\n  # H\n  c [[y]]\n");
        let a = &note.sections[0];
        let items = note.items(a);
        assert_eq!(items.len(), 2);
        assert_eq!(note.item_text(&items[1]), "bc y");
        assert_eq!(note.item_links(&items[1])[0].target, "y");
        assert_eq!(note.heading(&note.sections[1]), "H");
    }

    #[test]
    fn plain_text_is_made_on_demand_from_the_kept_body() {
        let note = parse_str(
            "x.md",
            "---\ntitle: T\n---\n## Facts\n\n- a &amp; *b*\u{1b} `c`\n  d\n\n```Tasks\nnot done\n```\n",
        );
        assert!(
            note.text().starts_with("## Facts"),
            "frontmatter is not kept"
        );
        let facts = note.section(&["facts"]).unwrap();
        let item = &note.items(facts)[0];
        assert_eq!(note.item_text(item), "a & b\u{fffd} c d");
        assert_eq!(note.item_source(item), "a &amp; *b*\u{1b} `c`");
        let query = note.queries().next().unwrap();
        assert_eq!(
            (query.lang.as_str(), query.source.as_str()),
            ("tasks", "not done\n")
        );
        assert_eq!(query.section, "Facts");
    }

    #[test]
    fn sections_are_found_by_the_words_of_their_heading() {
        let note = parse_str(
            "x.md",
            "## 🚧 Current *Blockers*\n\n## Topics / Themes\n\n## ÄB\u{1b}c\n\n## x\n",
        );
        for s in &note.sections {
            let key = note.section_key(s);
            assert!(note.heading_has_key(s, &key), "{key}");
            assert!(!note.heading_has_key(s, &format!("{key} x")));
            assert!(!note.heading_has_key(s, &key[..key.len() - 1]));
        }
        assert_eq!(
            note.section_key(note.section(&["no", "current blockers"]).unwrap()),
            "current blockers"
        );
        assert!(note.section(&["topics themes"]).is_some());
        assert!(note.section(&["äb c"]).is_some());
        assert!(note.section(&["topics"]).is_none());
    }

    #[test]
    fn folder_note_titles() {
        assert_eq!(parse_str("Customers/Acme/README.md", "").title, "Acme");
        assert_eq!(parse_str("Customers/Acme/Acme.md", "").title, "Acme");
        assert_eq!(parse_str("Customers/Acme/index.md", "").title, "Acme");
        assert_eq!(parse_str("Customers/Acme/Notes.md", "").title, "Notes");
    }

    #[test]
    fn link_targets_never_carry_control_characters() {
        let note = parse_str("x.md", "[[A\r\nB]] and [x](Esc%1b.md)\n");
        let targets: Vec<&str> = note.links.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets, ["A  B", "Esc\u{fffd}"]);
    }

    #[test]
    fn percent_decoding_of_markdown_links() {
        assert_eq!(percent_decode("My%20Note.md"), "My Note.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
