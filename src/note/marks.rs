//! Owners (`@name`) and inline tags (`#tag`) in a piece of text.
//!
//! Both are defined by a pattern ([`owners_by_pattern`], [`inline_tags_by_pattern`]).
//! Every task's text and every line of a note's body with a mark is searched for
//! them, so text is scanned byte by byte instead, with the same answers, when
//! every mark in it is decided by ASCII alone: what precedes the mark and what
//! ends the name after it are ASCII. Otherwise (a mark after `é` or a no-break
//! space, a name running on into `é`), where the patterns' Unicode letters,
//! digits and spaces decide, the text goes to the patterns (docs/performance.md,
//! "Reading tasks"). `tests/marks_fast_path.rs` and the fuzz target `marks` check
//! that the two agree.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::is_pattern_space;

static OWNER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|\s)@([\w.\-]+)").unwrap());

/// An inline `#tag`: letters, digits, `_`, `-`, `/`, with at least one non-digit.
pub static INLINE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(,;])#([\p{L}\p{N}_/\-]*[\p{L}_/\-][\p{L}\p{N}_/\-]*)").unwrap()
});

/// `@owner` names in `text`, without the `@`, in order.
pub fn owners(text: &str) -> impl Iterator<Item = &str> {
    if Mark::Owner.decided_by_ascii(text) {
        Found::Scan(Scan::new(text, Mark::Owner))
    } else {
        Found::Pattern(captured(&OWNER, text))
    }
}

/// Inline `#tags` in `text`, without the `#`, in order.
pub fn inline_tags(text: &str) -> impl Iterator<Item = &str> {
    if Mark::Tag.decided_by_ascii(text) {
        Found::Scan(Scan::new(text, Mark::Tag))
    } else {
        Found::Pattern(captured(&INLINE_TAG, text))
    }
}

/// `@owner` names as the pattern finds them (what [`owners`] answers).
pub fn owners_by_pattern(text: &str) -> impl Iterator<Item = &str> {
    captured(&OWNER, text)
}

/// Inline `#tags` as the pattern finds them (what [`inline_tags`] answers).
pub fn inline_tags_by_pattern(text: &str) -> impl Iterator<Item = &str> {
    captured(&INLINE_TAG, text)
}

fn captured<'t>(pattern: &'static Regex, text: &'t str) -> impl Iterator<Item = &'t str> {
    (pattern.captures_iter(text))
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str())
}

/// One of two iterators over the same items.
enum Found<A, B> {
    Scan(A),
    Pattern(B),
}

impl<'t, A, B> Iterator for Found<A, B>
where
    A: Iterator<Item = &'t str>,
    B: Iterator<Item = &'t str>,
{
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        match self {
            Found::Scan(a) => a.next(),
            Found::Pattern(b) => b.next(),
        }
    }
}

#[derive(Clone, Copy)]
enum Mark {
    Owner,
    Tag,
}

impl Mark {
    fn byte(self) -> u8 {
        match self {
            Mark::Owner => b'@',
            Mark::Tag => b'#',
        }
    }

    /// May the mark follow this byte? (`^` is the start of the text.)
    fn may_follow(self, b: u8) -> bool {
        let space = is_pattern_space(b);
        match self {
            Mark::Owner => space,
            Mark::Tag => space || matches!(b, b'(' | b',' | b';'),
        }
    }

    /// Does ASCII alone decide every mark in `text`: is the byte before each
    /// mark ASCII, and the byte that ends the name after it?
    fn decided_by_ascii(self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let mark = self.byte();
        let mut from = 0;
        while let Some(found) = bytes[from..].iter().position(|&b| b == mark) {
            let at = from + found;
            if at > 0 && !bytes[at - 1].is_ascii() {
                return false;
            }
            from = at + 1 + self.name_len(&bytes[at + 1..]);
            if bytes.get(from).is_some_and(|b| !b.is_ascii()) {
                return false;
            }
        }
        true
    }

    /// How many of the bytes `after` a mark make its name.
    fn name_len(self, after: &[u8]) -> usize {
        after.iter().take_while(|&&b| self.in_name(b)).count()
    }

    /// Is this byte part of a name? (`[\w.\-]` and `[\p{L}\p{N}_/\-]` in ASCII.)
    fn in_name(self, b: u8) -> bool {
        b.is_ascii_alphanumeric()
            || match self {
                Mark::Owner => matches!(b, b'_' | b'.' | b'-'),
                Mark::Tag => matches!(b, b'_' | b'/' | b'-'),
            }
    }
}

/// The byte scanner, over text whose every mark ASCII decides.
struct Scan<'t> {
    text: &'t str,
    at: usize,
    mark: Mark,
}

impl<'t> Scan<'t> {
    fn new(text: &'t str, mark: Mark) -> Self {
        Self { text, at: 0, mark }
    }
}

impl<'t> Iterator for Scan<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let bytes = self.text.as_bytes();
        let byte = self.mark.byte();
        while let Some(found) = bytes[self.at..].iter().position(|&b| b == byte) {
            let mark = self.at + found;
            self.at = mark + 1;
            if mark > 0 && !self.mark.may_follow(bytes[mark - 1]) {
                continue;
            }
            let start = mark + 1;
            let len = self.mark.name_len(&bytes[start..]);
            let name = &self.text[start..start + len];
            // A tag needs one character that is not a digit.
            let whole = match self.mark {
                Mark::Owner => !name.is_empty(),
                Mark::Tag => name.bytes().any(|b| !b.is_ascii_digit()),
            };
            if whole {
                self.at = start + len;
                return Some(name);
            }
        }
        self.at = bytes.len();
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str) -> (Vec<&str>, Vec<&str>) {
        (owners(text).collect(), inline_tags(text).collect())
    }

    #[test]
    fn owners_and_tags_where_they_may_start() {
        assert_eq!(
            both("Send it @ana.b-c to x@y (#a,#b;#c) #1 #1a #a/b-c_d"),
            (vec!["ana.b-c"], vec!["a", "b", "c", "1a", "a/b-c_d"])
        );
        assert_eq!(both("@a@b #a#b"), (vec!["a"], vec!["a"]));
        assert_eq!(both("@ #"), (vec![], vec![]));
        assert_eq!(both("\t@x\n#y"), (vec!["x"], vec!["y"]));
        // Other scripts: a no-break space lets a mark follow; letters continue names.
        assert_eq!(
            both("Due 📅 @ana #a\u{a0}@b\u{a0}#b"),
            (vec!["ana", "b"], vec!["a", "b"])
        );
        assert_eq!(both("@josé #café é@x é#y"), (vec!["josé"], vec!["café"]));
    }
}
