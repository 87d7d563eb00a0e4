//! The simple frontmatter reader answers only as the YAML crate would: for any
//! text it reads, the crate reads the same mapping (docs/performance.md,
//! "Reading frontmatter"). Run: `cargo +nightly fuzz run frontmatter`.

#![no_main]

use acct::note::yaml::{parse_mapping_full, simple};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(yaml) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(fast) = simple::read(yaml) {
        assert_eq!(parse_mapping_full(yaml), Ok(fast), "{yaml:?}");
    }
});
