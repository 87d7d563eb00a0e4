//! Any text as a `tasks` or `dataview` block → parsing and evaluating it against
//! a small vault must not panic, hang or overflow the stack, however deep or long
//! the query (the parsers and evaluators have depth and term limits).
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use acct::config::Config;
use acct::index::Index;
use acct::model::query::Session;
use acct::note::task::TaskStatuses;
use acct::note::{self, QueryBlock};
use acct::vault::VaultSettings;
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

const NOTES: &[(&str, &str)] = &[
    (
        "Customers/Orrin Labs/README.md",
        "---\ntype: customer\nstatus: active\ntags: [needs-review]\nowner: Ana\n---\n# Orrin Labs\n\n## Open Tasks\n- [?] Send the pricing sheet @Ana #task #proposed 📅 2026-05-20\n- [ ] Call the CFO ⏫ ⏳ 2026-05-10\n  - [x] Book the room ✅ 2026-05-01\n- [/] Draft the SOW 🔁 every week 🛫 2026-05-02 🆔 abc123\n- [R] Old idea ⛔ abc123\n",
    ),
    (
        "Customers/Orrin Labs/2026-05-12 - Kickoff.md",
        "---\ndate: 2026-05-12\naccount: \"[[Orrin Labs]]\"\n---\n# Kickoff\n- [ ] Share the deck [due:: 2026-05-15] #followup\n- [-] Cancelled thing ❌ 2026-05-11\n",
    ),
    (
        "Projects/Relay.md",
        "---\nstatus: active\n---\nLinks [[Orrin Labs]]\n\n- [ ] Relay step one 🔽\n",
    ),
];

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let statuses = TaskStatuses::default();
    let notes = NOTES
        .iter()
        .map(|(p, t)| note::parse(p, t.as_bytes(), &statuses))
        .collect();
    Index::from_notes(Path::new("/fuzz"), &Config::default(), VaultSettings::default(), notes)
});

fuzz_target!(|bytes: &[u8]| {
    let Some((&pick, rest)) = bytes.split_first() else {
        return;
    };
    let Ok(source) = std::str::from_utf8(rest) else {
        return;
    };
    let lang = if pick % 2 == 0 { "tasks" } else { "dataview" };
    let block = QueryBlock {
        lang: lang.into(),
        source: source.into(),
        line: 1,
        section: String::new(),
    };
    let today = NaiveDate::from_ymd_opt(2026, 5, 14).unwrap();
    let index = &*INDEX;
    let this = index.note(NOTES[0].0).unwrap();
    let _ = acct::model::query::parse(&block, today);
    let mut session = Session::new(index, today);
    let _ = session.block(this, &block);
});
