//! Word wrapping by display width, so panes know how many rows their text takes.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// The most rows one text is wrapped into, far more than any pane shows: a
/// note's line of megabytes is laid out only as far as a person could scroll
/// through it, then marked as cut ([`CUT`]); the note has the rest.
pub const MAX_ROWS: usize = 1_000;

/// The last row of a text cut at [`MAX_ROWS`].
pub const CUT: &str = "… (cut here: open the note for the rest)";

/// Wraps styled spans into lines no wider than `width` cells; the first line gets
/// `first_prefix`, the rest an indent of the same width. At most [`MAX_ROWS`]
/// rows, and a row saying so when the text goes on.
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
                if lines.len() == MAX_ROWS {
                    return cut(lines, indent);
                }
                current.push(Span::raw(indent.clone()));
                used = indent.len();
            } else if space == 1 {
                current.push(Span::styled(" ", style));
                used += 1;
            }
            // A word longer than a whole line is cut, a line's room at a time:
            // each cut looks at no more of the word than fits, so a word of
            // megabytes (a pasted blob) wraps in time linear in its length.
            let mut rest = word;
            while used + word_w > width {
                let cut = fitting_prefix(rest, width - used);
                if cut == rest.len() || cut == 0 {
                    break;
                }
                current.push(Span::styled(rest[..cut].to_string(), style));
                lines.push(Line::from(std::mem::take(&mut current)));
                if lines.len() == MAX_ROWS {
                    return self::cut(lines, indent);
                }
                current.push(Span::raw(indent.clone()));
                used = indent.len();
                rest = &rest[cut..];
            }
            used += if rest.len() == word.len() {
                word_w
            } else {
                rest.width()
            };
            current.push(Span::styled(rest.to_string(), style));
        }
    }
    lines.push(Line::from(current));
    lines
}

/// `lines`, [`MAX_ROWS`] of them, and the row that says the text was cut.
fn cut(mut lines: Vec<Line<'_>>, indent: String) -> Vec<Line<'_>> {
    lines.push(Line::from(vec![Span::raw(indent), Span::raw(CUT)]));
    lines
}

/// The length in bytes of the longest prefix of `text` at most `room` cells
/// wide (`text`'s length when it all fits), cut between grapheme clusters and
/// measured one cluster at a time, as the terminal draws them: it reads no
/// further than the cut.
fn fitting_prefix(text: &str, room: usize) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    let mut used = 0;
    for (at, cluster) in text.grapheme_indices(true) {
        used += cluster.width();
        if used > room {
            return at;
        }
    }
    text.len()
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

    #[test]
    fn a_word_of_megabytes_is_laid_out_as_far_as_a_pane_could_show() {
        // Two million cells of one word, behind a prefix: the pasted blob that
        // took the dashboard minutes to lay out.
        let word = "x".repeat(2_000_000);
        let lines = wrap_spans(vec![Span::raw(word.as_str())], 80, Span::raw("- "));
        let rows = texts(&lines);
        assert_eq!(rows.len(), MAX_ROWS + 1);
        assert_eq!(rows[0], format!("- {}", "x".repeat(78)));
        assert!(
            rows[1..MAX_ROWS]
                .iter()
                .all(|r| *r == format!("  {}", "x".repeat(78)))
        );
        assert_eq!(rows[MAX_ROWS], format!("  {CUT}"));
        // A text that fits is laid out whole, without the mark.
        let word = "x".repeat(78 * MAX_ROWS);
        let rows = texts(&wrap_spans(
            vec![Span::raw(word.as_str())],
            80,
            Span::raw("- "),
        ));
        assert_eq!(rows.len(), MAX_ROWS);
        assert!(!rows.concat().contains(CUT));
        // Many short words are cut the same way.
        let words = "ab ".repeat(1_000_000);
        let rows = texts(&wrap_spans(
            vec![Span::raw(words.as_str())],
            80,
            Span::raw(""),
        ));
        assert_eq!(rows.len(), MAX_ROWS + 1);
        assert_eq!(rows[MAX_ROWS], CUT);
    }

    #[test]
    fn wide_and_joined_characters_are_cut_by_their_cells() {
        // CJK characters are two cells wide; a family emoji joined by U+200D is
        // one cluster, two cells wide, though its parts sum to more: never split.
        let lines = wrap_spans(vec![Span::raw("漢字漢字漢字漢")], 6, Span::raw(""));
        assert_eq!(texts(&lines), vec!["漢字漢", "字漢字", "漢"]);
        let family = "👨\u{200d}👩\u{200d}👧";
        let word = format!("{family}{family}{family}");
        let lines = wrap_spans(vec![Span::raw(word.as_str())], 4, Span::raw(""));
        assert_eq!(
            texts(&lines),
            vec![format!("{family}{family}"), family.to_string()]
        );
    }
}
