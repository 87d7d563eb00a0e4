//! Locating the YAML frontmatter block of a note, without interpreting it.
//!
//! Shared by the parser (which hands the block to `yaml`) and by the editor
//! (which changes bytes inside it), so both agree on where the block is.

use std::ops::Range;

/// Where a note's frontmatter sits, as byte ranges into the note's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontmatterSpan {
    /// The YAML between the fences (starts after the opening `---` line).
    pub yaml: Range<usize>,
    /// The whole block including both fence lines and the closing line break.
    pub block: Range<usize>,
    /// 1-based line number of the first YAML line in the text.
    pub first_line: usize,
}

/// Outcome of looking for frontmatter at the top of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frontmatter {
    /// No block: the first line is not `---`.
    None,
    /// A complete block.
    Closed(FrontmatterSpan),
    /// An opening `---` without a closing `---`/`...`; the note is read as all body.
    Unclosed,
}

/// Length of a leading UTF-8 byte order mark, if any.
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

/// Finds the frontmatter block of `text` (which may start with a BOM and use CRLF).
pub fn locate(text: &str) -> Frontmatter {
    let start = bom_len(text);
    let mut lines = LineIter { text, pos: start };
    let Some(first) = lines.next() else {
        return Frontmatter::None;
    };
    if trim_eol(&text[first.clone()]).trim_end() != "---" {
        return Frontmatter::None;
    }
    let yaml_start = first.end;
    for line in lines {
        let content = trim_eol(&text[line.clone()]).trim_end();
        if content == "---" || content == "..." {
            return Frontmatter::Closed(FrontmatterSpan {
                yaml: yaml_start..line.start,
                block: start..line.end,
                first_line: 2,
            });
        }
    }
    Frontmatter::Unclosed
}

fn trim_eol(line: &str) -> &str {
    line.strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(line)
}

/// Iterates lines as byte ranges that include their line break.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for LineIter<'_> {
    type Item = Range<usize>;
    fn next(&mut self) -> Option<Range<usize>> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i + 1);
        self.pos = end;
        Some(start..end)
    }
}

/// Byte ranges of every line of `text`, each including its line break.
pub fn line_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    LineIter { text, pos: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_block_with_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nbody\r\n";
        let Frontmatter::Closed(span) = locate(text) else {
            panic!("no block")
        };
        assert_eq!(&text[span.yaml.clone()], "title: A\r\n");
        assert_eq!(&text[span.block.end..], "body\r\n");
    }

    #[test]
    fn dots_close_a_block_and_missing_close_is_unclosed() {
        assert!(matches!(
            locate("---\na: 1\n...\nx"),
            Frontmatter::Closed(_)
        ));
        assert_eq!(locate("---\na: 1\n"), Frontmatter::Unclosed);
        assert_eq!(locate("# title\n---\n"), Frontmatter::None);
        assert_eq!(locate(""), Frontmatter::None);
    }
}
