//! The byte scanner for `@owners` and `#tags` finds what the patterns find, on
//! any text (docs/performance.md, "Reading tasks"). Run: `cargo +nightly fuzz run marks`.

#![no_main]

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
});
