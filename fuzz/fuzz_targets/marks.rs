//! The scans for a task's marks find what the patterns that define them find,
//! on any text: `@owners` and `#tags`, emoji dates and priorities
//! (docs/performance.md, "Reading tasks"). Run: `cargo +nightly fuzz run marks`.

#![no_main]

use acct::note::emoji;
use acct::note::marks::{inline_tags, inline_tags_by_pattern, owners, owners_by_pattern};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    assert_eq!(
        owners(text).collect::<Vec<_>>(),
        owners_by_pattern(text).collect::<Vec<_>>(),
        "{text:?}"
    );
    assert_eq!(
        inline_tags(text).collect::<Vec<_>>(),
        inline_tags_by_pattern(text).collect::<Vec<_>>(),
        "{text:?}"
    );
    assert_eq!(emoji::dates(text), emoji::dates_by_pattern(text), "{text:?}");
    let first = emoji::PRIORITY.captures(text).map(|c| c.get(1).unwrap().as_str());
    assert_eq!(emoji::first_priority(text), first, "{text:?}");
    assert_eq!(
        emoji::without_priorities(text),
        emoji::PRIORITY.replace_all(text, ""),
        "{text:?}"
    );
});
