//! Word wrapping by display width, so panes know how many rows their text takes.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// Wraps styled spans into lines no wider than `width` cells; the first line gets
/// `first_prefix`, the rest an indent of the same width.
pub fn wrap_spans<'a>(spans: Vec<Span<'a>>, width: usize, first_prefix: Span<'a>) -> Vec<Line<'a>> {
    let indent = " ".repeat(first_prefix.content.width());
    let width = width.max(indent.len() + 4);
    let mut lines: Vec<Line<'a>> = Vec::new();
    let mut current: Vec<Span<'a>> = vec![first_prefix];
    let mut used = indent.len();
    for span in spans {
        let style = span.style;
        let text = span.content.into_owned();
        for (i, word) in text.split(' ').enumerate() {
            let word_w = word.width();
            let space = if i > 0 { 1 } else { 0 };
            if used + space + word_w > width && used > indent.len() {
                lines.push(Line::from(std::mem::take(&mut current)));
                current.push(Span::raw(indent.clone()));
                used = indent.len();
            } else if space == 1 {
                current.push(Span::styled(" ", style));
                used += 1;
            }
            // A word longer than a whole line is cut.
            let mut rest = word.to_string();
            while used + rest.width() > width {
                let room = width - used;
                let mut cut = String::new();
                for c in rest.chars() {
                    if (cut.clone() + &c.to_string()).width() > room {
                        break;
                    }
                    cut.push(c);
                }
                if cut.is_empty() {
                    break;
                }
                rest = rest[cut.len()..].to_string();
                current.push(Span::styled(cut, style));
                lines.push(Line::from(std::mem::take(&mut current)));
                current.push(Span::raw(indent.clone()));
                used = indent.len();
            }
            used += rest.width();
            current.push(Span::styled(rest, style));
        }
    }
    lines.push(Line::from(current));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line<'_>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wraps_with_hanging_indent_and_cuts_long_words() {
        let lines = wrap_spans(vec![Span::raw("one two three four")], 10, Span::raw("- "));
        assert_eq!(texts(&lines), vec!["- one two", "  three", "  four"]);
        let lines = wrap_spans(vec![Span::raw("abcdefghijklmno")], 8, Span::raw(""));
        assert_eq!(texts(&lines), vec!["abcdefgh", "ijklmno"]);
    }
}
