//! The simple frontmatter reader against the YAML crate: whenever it answers,
//! the crate answers the same (docs/performance.md, "Reading frontmatter").
//! The fuzz target `fuzz/fuzz_targets/frontmatter.rs` checks the same property
//! on inputs a coverage-guided fuzzer finds.

use acct::note::yaml::{parse_mapping_full, simple};
use proptest::prelude::*;

#[path = "../benches/support/synth.rs"]
mod synth;

/// Asserts the property for one block; returns whether the fast path answered.
fn agrees(yaml: &str) -> bool {
    match simple::read(yaml) {
        Some(fast) => {
            assert_eq!(
                parse_mapping_full(yaml),
                Ok(fast),
                "the fast reader differs on {yaml:?}"
            );
            true
        }
        None => false,
    }
}

const KEYS: &[&str] = &[
    "title",
    "type",
    "tags",
    "aliases",
    "date",
    "account",
    "last_contact",
    "auto-created",
    "x1",
    "a",
    "y",
    "No",
    "null",
    "TRUE",
    "inf",
    "é",
    "1",
    "_k",
    "key ",
    " key",
    "k:",
];

const VALUES: &[&str] = &[
    "",
    "~",
    "null",
    "Null",
    "NULL",
    "nUll",
    "true",
    "True",
    "tRue",
    "false",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "nan",
    "NaN",
    ".nan",
    "inf",
    ".inf",
    "Infinity",
    "0",
    "00",
    "007",
    "12",
    "123456789012345678",
    "1234567890123456789",
    "99999999999999999999",
    "-3",
    "+4",
    "1.5",
    "1e3",
    "1_000",
    "0x1F",
    "0o7",
    "0b1",
    "2026-10-11",
    "2026-1-1",
    "2026-10-11T10:00:00",
    "2026-13-45",
    "20261011",
    "'quoted'",
    "'it''s'",
    "'bad'quote'",
    "''",
    "'a",
    "\"dq\"",
    "\"a\\nb\"",
    "\"[[Link]]\"",
    "\"\"",
    "\"a\"b\"",
    "[[Link]]",
    "[a, b]",
    "{a: 1}",
    "a: b",
    "a #c",
    "a#b",
    "ab:",
    "a:b",
    "Foo Bar",
    "Foo  Bar",
    "é",
    "\u{a0}x",
    "x\u{a0}",
    "x\u{2028}y",
    "x\u{85}y",
    "x\u{feff}",
    "x\ty",
    "&a x",
    "*a",
    "!tag x",
    "!!str 5",
    "|",
    ">",
    "%x",
    "@x",
    "`x",
    "-x",
    "- x",
    "?x",
    ":x",
    ",x",
    "x,",
    "x]",
    "x}",
    "a - b",
    "🚀 launch",
    "日本",
    "x\u{7f}",
    "x\u{1}",
    "=",
    "<<",
    "x'y",
    "x\"y",
    "x\\y",
    "[]",
    "[ ]",
    "[a]",
    "[a,b]",
    "[a, 'b', \"c\", 1, 2026-10-11]",
    "[a, , b]",
    "[a, b,]",
    "[,]",
    "[a b, c]",
    "[null, ~, true]",
    "[yes]",
    "[a #b]",
    "[a, [b]]",
    "[a, {b}]",
    "[a: b]",
    "['a, b']",
    "[\"a]\"]",
    "[-a]",
    "[ a ]",
    "[a]x",
    "[a] ",
    "2026-W47",
    "4.5",
    "0.5",
    "00.5",
    "01.5",
    "1.0",
    "10.25",
    "1.",
    ".5",
    "1.5e3",
    "0.0",
    "123456789012345.5",
    "1234567890123456.5",
    "3.14159265358979",
    "9.99999999999999",
    "1.2.3.4",
    "1.5 x",
    "[4.5, 0.25]",
    "-4.5",
    "+4.5",
    "4.50",
    "12 apples",
    "1:30",
    "3rd",
    "1.2.3",
    "10%",
    "1 #x",
    "1: x",
    "1e",
    "1-2",
    "0x",
    "12:",
    "1\u{2028}",
    "4 é",
    "2026-10-11 x",
    "[2026-W47, 1 x]",
    "[é, 🚀]",
    "[a\tb]",
    "[1.5]",
    "[007]",
    "['']",
    "[\"\"]",
    "[a\u{a0}]",
];

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(VALUES).prop_map(str::to_string),
        1 => "[ -~é\u{a0}\u{2028}\t🚀]{0,10}",
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_string),
        1 => "[a-zA-Z0-9_: -]{0,6}",
    ]
}

/// One line or group of lines of a frontmatter block.
fn part() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (key(), " {0,2}", token()).prop_map(|(k, s, v)| format!("{k}:{s}{v}\n")),
        3 => (key(), "[ ]{0,3}", prop::collection::vec((token(), 0..8u8), 0..4))
            .prop_map(|(k, indent, items)| {
                // Mostly one indent for the whole list, sometimes one item off it.
                let mut s = format!("{k}:\n");
                for (item, odd) in items {
                    let indent = if odd == 0 { " ".repeat(indent.len() + 1) } else { indent.clone() };
                    s.push_str(&format!("{indent}- {item}\n"));
                }
                s
            }),
        1 => prop::sample::select(&["\n", "  \n", "# c\n", "---\n", "...\n", "  more\n", "-\n", "- x\n", "\t\n"][..])
            .prop_map(str::to_string),
        1 => "[ -~\n\t:#'\"-]{0,20}",
    ]
}

fn block() -> impl Strategy<Value = String> {
    (prop::collection::vec(part(), 0..8), any::<bool>()).prop_map(|(parts, newline)| {
        let mut s = parts.concat();
        if !newline {
            s.pop();
        }
        s
    })
}

/// 20,000 generated blocks of pipeline-like lines with tricky values mixed in;
/// the fast reader must answer a good share of them (or the test proves nothing).
#[test]
fn the_fast_reader_agrees_with_the_yaml_crate() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = block();
    let (mut fast, cases) = (0, 20_000);
    for _ in 0..cases {
        let yaml = strategy.new_tree(&mut runner).unwrap().current();
        fast += usize::from(agrees(&yaml));
    }
    assert!(
        fast > cases / 10,
        "the fast reader answered only {fast} of {cases}"
    );
}

/// Every value of the lists above under a key, and as a list item, one at a time.
#[test]
fn every_listed_value_alone_agrees() {
    for value in VALUES {
        for yaml in [
            format!("k: {value}\n"),
            format!("k: {value}"),
            format!("k:\n- {value}\n"),
            format!("k:\n  - {value}\n  - {value}\n"),
            format!("k: {value}   \n"),
        ] {
            agrees(&yaml);
        }
    }
    for key in KEYS {
        agrees(&format!("{key}: v\n"));
        agrees(&format!("{key}:\n- v\n"));
    }
}

/// The fast path is taken where it matters: every note of the demo vault and of
/// the generated benchmark vault (both in the pipeline's shape).
#[test]
fn pipeline_frontmatter_takes_the_fast_path() {
    use acct::note::frontmatter::{Frontmatter, locate};
    let dir = tempfile::tempdir().unwrap();
    let demo = acct::vault::Vault::demo().unwrap();
    let mut roots = vec![demo.root.clone()];
    synth::write_vault(dir.path(), 300, 150).unwrap();
    roots.push(dir.path().to_path_buf());
    let mut blocks = 0;
    for root in roots {
        for rel in acct::vault::scan(&root).0 {
            let text = std::fs::read_to_string(root.join(&rel)).unwrap();
            if let Frontmatter::Closed(span) = locate(&text) {
                let yaml = &text[span.yaml];
                assert!(agrees(yaml), "{rel}: not read by the fast path:\n{yaml}");
                blocks += 1;
            }
        }
    }
    assert!(blocks > 400, "{blocks} blocks");
}
