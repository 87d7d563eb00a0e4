//! The body pass: one walk over pulldown-cmark's events that records a note's
//! sections, list items, paragraphs, tables, tasks, links, inline tags and
//! query blocks as ranges into the note's text.

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::outline::Outline;
use super::parse::add_tag;
use super::record::Recorder;
use super::*;
use crate::text::{push_squashed, words_into};
use task::{TaskFields, TaskStatuses};

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
pub(super) struct BodyParser<'a> {
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
    /// Records the outline, when asked for.
    recorder: Option<Recorder>,
}

impl<'a> BodyParser<'a> {
    pub(super) fn new(
        note: &'a mut Note,
        text: &'a str,
        offset: usize,
        statuses: &'a TaskStatuses,
    ) -> Self {
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
            recorder: None,
        }
    }

    /// Records the outline (full-text byte ranges) during the pass.
    pub(super) fn with_outline(mut self, outline: Outline) -> Self {
        self.recorder = Some(Recorder::new(outline));
        self
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

    pub(super) fn run(mut self) -> Option<Outline> {
        let body = self.body;
        let options =
            Options::ENABLE_TABLES | Options::ENABLE_WIKILINKS | Options::ENABLE_STRIKETHROUGH;
        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            let at = range.start;
            if self.recorder.is_some() {
                let line = Recorder::wants_line(&event).then(|| self.line(at));
                let in_code = self.code.is_some();
                if let Some(r) = self.recorder.as_mut() {
                    r.before(&event, range.clone(), self.body, self.offset, line, in_code);
                }
            }
            // Only an outline needs the event again after the reader took it.
            let recorded = self.recorder.is_some().then(|| event.clone());
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
            if let (Some(r), Some(event)) = (self.recorder.as_mut(), recorded) {
                let note = &*self.note;
                r.after(
                    &event,
                    &self.key_buf,
                    note.items.last(),
                    note.cells.last(),
                    self.body,
                    self.offset,
                );
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
        self.recorder.map(Recorder::finish)
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
            for tag in super::marks::inline_tags(&clean) {
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
                source: rest.into(),
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
pub(super) fn push_plain(text: &str, spill: &str, pieces: &[Span], out: &mut String) {
    let mut pending_space = false;
    for piece in pieces {
        let clean = crate::text::sanitized(piece.get(text, spill));
        push_squashed(out, &mut pending_space, &clean);
    }
}

/// `[ ] Call Bob` → `Call Bob`: a task item's text without its checkbox.
pub(super) fn strip_checkbox(text: &str) -> Option<&str> {
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
pub(super) fn key_hash(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
}

pub(super) fn strip_marker(line: &str) -> &str {
    let rest = if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        rest
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        line[digits..].strip_prefix(['.', ')']).unwrap_or(line)
    };
    rest.trim_start()
}

pub(super) fn percent_decode(s: &str) -> String {
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
