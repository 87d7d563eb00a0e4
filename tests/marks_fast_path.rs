//! The byte scanner for `@owners` and `#tags` against the patterns that define
//! them: on every text, the same names in the same order (docs/performance.md,
//! "Reading tasks"). The fuzz target `fuzz/fuzz_targets/marks.rs` checks the
//! same property on inputs a coverage-guided fuzzer finds.

use acct::note::marks::{inline_tags, inline_tags_by_pattern, owners, owners_by_pattern};

/// Characters that matter to either pattern, around and inside names: the
/// marks, what may come before them, what a name is made of, and characters
/// outside ASCII (letters, digits, spaces and line breaks of other scripts),
/// which send a text to the patterns.
const ASCII: &[char] = &[
    '@', '#', '@', '#', ' ', ' ', '\t', '\n', '\x0B', '\x0C', '\r', '(', ',', ';', ')', '[', '.',
    '-', '_', '/', 'a', 'Z', 'k', 'q', '0', '7', '9', '!', ':', '\'', '"', '*', '\x00', '\x1b',
    '\x7f',
];
const OTHER: &[char] = &[
    'é', 'ß', 'Ж', '中', '٣', '²', '\u{a0}', '\u{85}', '\u{2028}', '\u{3000}', '\u{200b}',
    '\u{301}', '👩', '📅',
];

/// A small deterministic generator (xorshift), so a failure repeats.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn text(rng: &mut Rng, ascii_only: bool) -> String {
    let len = rng.below(24);
    (0..len)
        .map(|_| {
            if !ascii_only && rng.below(8) == 0 {
                OTHER[rng.below(OTHER.len())]
            } else {
                ASCII[rng.below(ASCII.len())]
            }
        })
        .collect()
}

fn agrees(text: &str) {
    let fast: Vec<&str> = owners(text).collect();
    let pattern: Vec<&str> = owners_by_pattern(text).collect();
    assert_eq!(fast, pattern, "owners differ on {text:?}");
    let fast: Vec<&str> = inline_tags(text).collect();
    let pattern: Vec<&str> = inline_tags_by_pattern(text).collect();
    assert_eq!(fast, pattern, "tags differ on {text:?}");
}

#[test]
fn the_scanner_finds_what_the_patterns_find_in_generated_texts() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut found = (0, 0);
    for i in 0..200_000 {
        let text = text(&mut rng, i % 2 == 0);
        agrees(&text);
        found.0 += owners(&text).count();
        found.1 += inline_tags(&text).count();
    }
    // The texts are made so that both kinds of name are common.
    assert!(found.0 > 5_000 && found.1 > 5_000, "{found:?}");
}

#[test]
fn the_scanner_finds_what_the_patterns_find_in_pipeline_tasks() {
    for text in [
        "Send the revised order form @Dana #task #proposed #auto",
        "Confirm the pilot scope with @lee.m and @ops-team #task #proposed #auto 📅 2026-12-01",
        "Ask about #2026 budget (#finance,#q4;#renewal) @x@y #a#b #1a #/ #-",
        "e-mail ana@example.com about #tag/sub-part_2 and @@twice",
        "@start #start",
        "",
    ] {
        agrees(text);
    }
}
