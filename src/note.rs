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
use crate::text::{date_prefix, parse_date, sanitize, section_key, squash_spaces};
use crate::yaml;

/// Notes larger than this are skipped with a problem.
pub const MAX_NOTE_BYTES: usize = 4 * 1024 * 1024;

/// A parsed note.
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
    pub queries: Vec<QueryBlock>,
    pub problems: Vec<Problem>,
    /// Fingerprint of the bytes this note was parsed from (for conflict checks).
    pub fingerprint: u64,
    pub byte_len: usize,
}

/// A heading and what sits under it, up to the next heading.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// The heading text as written (empty for text before the first heading).
    pub heading: String,
    /// The heading's matching key (see [`section_key`]).
    pub key: String,
    pub level: u8,
    pub line: usize,
    pub items: Vec<ListItem>,
    pub paragraphs: Vec<Paragraph>,
    pub tables: Vec<Table>,
}

/// A list item (tasks included).
#[derive(Debug, Clone, Default)]
pub struct ListItem {
    pub line: usize,
    /// 0 for a top-level item, 1 for an item nested in it, …
    pub depth: usize,
    /// The item's text as plain text (emphasis and link brackets removed).
    pub text: String,
    /// The item's first source line after its list marker, as written.
    pub source: String,
    /// Indices into [`Note::links`] of links in this item's own text.
    pub links: Vec<usize>,
    /// Index into [`Note::tasks`] when this item is a task.
    pub task: Option<usize>,
}

/// A paragraph of text.
#[derive(Debug, Clone, Default)]
pub struct Paragraph {
    pub text: String,
    /// Only italic text: a template placeholder such as `_No key contacts identified._`.
    pub placeholder: bool,
}

/// A Markdown table: header cells and body rows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub line: usize,
    pub header: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
}

/// A table cell as plain text; a placeholder is an all-`_italic_` value like `_Unknown_`
/// (bold `**Paused**` and `*Enterprise*` are values with their emphasis stripped).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
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
    /// The heading of the section the task sits in.
    pub section: String,
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

/// A fenced `dataview`/`tasks`/`dataviewjs` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryBlock {
    pub lang: String,
    pub source: String,
    pub line: usize,
    pub section: String,
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
        self.sections
            .iter()
            .find(|s| keys.contains(&s.key.as_str()))
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
    let mut note = Note {
        path: path.to_string(),
        fingerprint: fingerprint(bytes),
        byte_len: bytes.len(),
        ..Note::default()
    };
    if bytes.len() > MAX_NOTE_BYTES {
        note.problems.push(Problem::error(
            path,
            None,
            format!(
                "note is {:.1} MiB, over the 4 MiB limit; skipped",
                bytes.len() as f64 / (1024.0 * 1024.0)
            ),
        ));
        note.title = default_title(&note);
        return note;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            note.problems.push(Problem::error(
                path,
                Some(line),
                "invalid UTF-8; read with replacement characters",
            ));
            String::from_utf8_lossy(bytes)
        }
    };
    parse_text(&mut note, &text, statuses);
    note
}

fn default_title(note: &Note) -> String {
    let stem = note.stem();
    if let Some(folder) = note.folder_note_of() {
        return folder.rsplit('/').next().unwrap_or(folder).to_string();
    }
    sanitize(stem)
}

fn parse_text(note: &mut Note, text: &str, statuses: &TaskStatuses) {
    let lines = LineIndex::new(text);
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
    BodyParser::new(note, text, body_start, &lines, statuses).run();
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

/// Maps byte offsets to 1-based line numbers.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    fn line_end(&self, text: &str, offset: usize) -> usize {
        let line = self.line(offset);
        self.starts.get(line).map_or(text.len(), |&next| next - 1)
    }
}

/// An item still being read.
struct OpenItem {
    index: usize,
    /// Text is taken until a nested list starts.
    taking_text: bool,
    text: String,
}

/// Walks pulldown-cmark's events once and fills the note.
struct BodyParser<'a> {
    note: &'a mut Note,
    text: &'a str,
    offset: usize,
    lines: &'a LineIndex,
    statuses: &'a TaskStatuses,
    items: Vec<OpenItem>,
    heading: Option<(u8, usize, String)>,
    paragraph: Option<(String, bool)>,
    /// Open italic spans, innermost last: `true` when written with `_` (the
    /// template writer's placeholder style, `_Unknown_`), `false` for `*`.
    italics: Vec<bool>,
    blockquote: usize,
    code: Option<(String, usize, String)>,
    table: Option<Table>,
    row: Option<Vec<Cell>>,
    cell: Option<(String, bool)>,
    in_table_head: bool,
    body_tags: Vec<String>,
}

impl<'a> BodyParser<'a> {
    fn new(
        note: &'a mut Note,
        text: &'a str,
        offset: usize,
        lines: &'a LineIndex,
        statuses: &'a TaskStatuses,
    ) -> Self {
        note.sections.push(Section::default());
        Self {
            note,
            text,
            offset,
            lines,
            statuses,
            items: Vec::new(),
            heading: None,
            paragraph: None,
            italics: Vec::new(),
            blockquote: 0,
            code: None,
            table: None,
            row: None,
            cell: None,
            in_table_head: false,
            body_tags: Vec::new(),
        }
    }

    fn section(&mut self) -> &mut Section {
        self.note
            .sections
            .last_mut()
            .expect("a section is always open")
    }

    fn run(mut self) {
        let body = &self.text[self.offset..];
        let options =
            Options::ENABLE_TABLES | Options::ENABLE_WIKILINKS | Options::ENABLE_STRIKETHROUGH;
        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            let at = range.start + self.offset;
            match event {
                Event::Start(tag) => self.start(tag, at),
                Event::End(tag) => self.end(tag),
                Event::Text(t) => self.text(&t, true),
                Event::Code(t) => self.text(&t, false),
                Event::SoftBreak | Event::HardBreak => self.text(" ", false),
                Event::Rule => self.note.sections.push(Section {
                    line: self.lines.line(at),
                    ..Section::default()
                }),
                _ => {}
            }
        }
        for tag in std::mem::take(&mut self.body_tags) {
            add_tag(&mut self.note.tags, &tag);
        }
        if self.note.sections.first().is_some_and(|s| {
            s.heading.is_empty()
                && s.items.is_empty()
                && s.paragraphs.is_empty()
                && s.tables.is_empty()
        }) {
            self.note.sections.remove(0);
        }
    }

    fn start(&mut self, tag: Tag<'_>, at: usize) {
        match tag {
            Tag::Heading { level, .. } => {
                self.heading = Some((level as u8, self.lines.line(at), String::new()))
            }
            Tag::Paragraph
                if self.items.is_empty() && self.blockquote == 0 && self.table.is_none() =>
            {
                self.paragraph = Some((String::new(), false));
            }
            Tag::BlockQuote(_) => self.blockquote += 1,
            Tag::Emphasis => self.italics.push(self.text[at..].starts_with('_')),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_lowercase()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, self.lines.line(at), String::new()));
            }
            Tag::List(_) => {
                if let Some(open) = self.items.last_mut() {
                    open.taking_text = false;
                }
            }
            Tag::Item => self.start_item(at),
            Tag::Table(_) => {
                self.table = Some(Table {
                    line: self.lines.line(at),
                    ..Table::default()
                })
            }
            Tag::TableHead => {
                self.in_table_head = true;
                self.row = Some(Vec::new());
            }
            Tag::TableRow => self.row = Some(Vec::new()),
            Tag::TableCell => self.cell = Some((String::new(), false)),
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
                if let Some((level, line, text)) = self.heading.take() {
                    let heading = squash_spaces(&text);
                    let key = section_key(&heading);
                    self.note.sections.push(Section {
                        heading,
                        key,
                        level,
                        line,
                        ..Section::default()
                    });
                }
            }
            TagEnd::Paragraph => {
                if let Some((text, plain)) = self.paragraph.take() {
                    let text = squash_spaces(&text);
                    if !text.is_empty() {
                        self.section().paragraphs.push(Paragraph {
                            text,
                            placeholder: !plain,
                        });
                    }
                }
            }
            TagEnd::BlockQuote(_) => self.blockquote = self.blockquote.saturating_sub(1),
            TagEnd::Emphasis => {
                self.italics.pop();
            }
            TagEnd::CodeBlock => {
                if let Some((lang, line, source)) = self.code.take()
                    && QUERY_LANGS.contains(&lang.as_str())
                {
                    let section = self.section().heading.clone();
                    self.note.queries.push(QueryBlock {
                        lang,
                        source,
                        line,
                        section,
                    });
                }
            }
            TagEnd::Item => self.end_item(),
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.section().tables.push(table);
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
                    table.rows.push(row);
                }
            }
            TagEnd::TableCell => {
                if let (Some((text, plain)), Some(row)) = (self.cell.take(), self.row.as_mut()) {
                    let text = squash_spaces(&text);
                    let placeholder = !plain && !text.is_empty();
                    row.push(Cell { text, placeholder });
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, raw: &str, scan_tags: bool) {
        if let Some((_, _, source)) = self.code.as_mut() {
            source.push_str(raw);
            return;
        }
        let clean = crate::text::sanitized(raw);
        if scan_tags && clean.contains('#') {
            self.body_tags
                .extend(task::inline_tags(&clean).map(str::to_string));
        }
        // Bold is emphasis, not a placeholder: only italic text can be one. A
        // paragraph is a placeholder when all of it is italic; a table cell only
        // when all of it is `_italic_`, so `*Enterprise*` stays a value.
        let has_text = !clean.trim().is_empty();
        let plain = has_text && self.italics.is_empty();
        let plain_cell = has_text && !self.italics.contains(&true);
        if let Some((_, _, heading)) = self.heading.as_mut() {
            heading.push_str(&clean);
        } else if let Some((cell, cell_plain)) = self.cell.as_mut() {
            cell.push_str(&clean);
            *cell_plain |= plain_cell;
        } else if let Some(open) = self.items.last_mut() {
            if open.taking_text {
                open.text.push_str(&clean);
            }
        } else if let Some((para, para_plain)) = self.paragraph.as_mut() {
            para.push_str(&clean);
            *para_plain |= plain;
        }
    }

    fn start_item(&mut self, at: usize) {
        if let Some(open) = self.items.last_mut() {
            open.taking_text = false;
        }
        // An item's range may start at a preceding blank line or quote marker.
        let skipped = self.text[at..].len()
            - self.text[at..]
                .trim_start_matches([' ', '\t', '\r', '\n', '>'])
                .len();
        let at = at + skipped;
        let line_end = self.lines.line_end(self.text, at);
        let source_line = self.text[at..line_end].trim_end_matches('\r');
        let line = self.lines.line(at);
        let depth = self.items.len();
        let mut item = ListItem {
            line,
            depth,
            source: String::new(),
            ..ListItem::default()
        };
        if let Some((symbol, rest)) = task::split_checkbox(source_line) {
            item.source = rest.to_string();
            let section = self.section().heading.clone();
            self.note.tasks.push(Task {
                line,
                symbol,
                status: self.statuses.kind(symbol),
                fields: TaskFields::default(),
                source: rest.to_string(),
                links: Vec::new(),
                section,
            });
            item.task = Some(self.note.tasks.len() - 1);
        } else {
            item.source = strip_marker(source_line).to_string();
        }
        let section = self.section();
        section.items.push(item);
        let index = section.items.len() - 1;
        self.items.push(OpenItem {
            index,
            taking_text: true,
            text: String::new(),
        });
    }

    fn end_item(&mut self) {
        let Some(open) = self.items.pop() else { return };
        let mut text = squash_spaces(&open.text);
        let section = self
            .note
            .sections
            .last_mut()
            .expect("a section is always open");
        let Some(item) = section.items.get_mut(open.index) else {
            return;
        };
        if let Some(task_index) = item.task {
            // The checkbox arrives as text: drop it from the plain text.
            if let Some(rest) = text
                .strip_prefix('[')
                .and_then(|r| r.split_once(']'))
                .map(|(_, r)| r.trim_start().to_string())
            {
                text = rest;
            }
            let task = &mut self.note.tasks[task_index];
            task.fields = task::parse_fields(&text);
            task.links = item
                .links
                .iter()
                .map(|&l| self.note.links[l].target.clone())
                .collect();
        }
        item.text = text;
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
        let dest = if markdown {
            percent_decode(dest)
        } else {
            dest.to_string()
        };
        let (target, heading) = split_target(&dest);
        if target.is_empty() {
            return;
        }
        self.note.links.push(Link {
            target,
            heading,
            line: self.lines.line(at),
            embed,
            markdown,
            in_frontmatter: false,
        });
        let link_index = self.note.links.len() - 1;
        if let Some(open) = self.items.last()
            && open.taking_text
        {
            let index = open.index;
            self.section().items[index].links.push(link_index);
        }
    }
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
        assert_eq!(blockers.items[0].text, "❌ Waiting on legal team sign-off");
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
        let rows = &note.sections[0].tables[0].rows;
        let cell = |r: usize| (rows[r][1].text.as_str(), rows[r][1].placeholder);
        assert_eq!(cell(0), ("Paused", false));
        assert_eq!(cell(1), ("Enterprise", false));
        assert_eq!(cell(2), ("Unknown", true));
        let paragraphs = &note.sections[0].paragraphs;
        assert!(!paragraphs[0].placeholder, "bold is not a placeholder");
        assert!(paragraphs[1].placeholder);
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
