//! Kept results (docs/performance.md): the list of every account is taken whole
//! from the previous start only when no note, vault setting, config value or day
//! differs; after any change it is computed again and equals what a start
//! without any cache shows.

mod common;
#[path = "../benches/support/synth.rs"]
mod synth;

use common::{set_mtime, settle};

use std::path::Path;
use std::time::{Duration, SystemTime};

use acct::config::Config;
use acct::index::Index;
use acct::model::dashboard::{self, AccountSummary};
use acct::model::listing::{self, How, Listing};
use acct::vault::CacheMode;
use acct::vault::kept::Kept;
use chrono::NaiveDate;

const ZEPHYR: &str = "Customers/Zephyr Dynamics/README.md";

struct Setup {
    vault: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl Setup {
    /// The pipeline fixture (folder-note accounts, meetings beside them, an
    /// `_archive/` copy), written more than a second before it is surveyed.
    fn new() -> Self {
        let vault = tempfile::tempdir().unwrap();
        common::copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pipeline"),
            vault.path(),
        );
        settle();
        Self {
            vault,
            cache: tempfile::tempdir().unwrap(),
        }
    }

    fn root(&self) -> &Path {
        self.vault.path()
    }

    fn mode(&self) -> CacheMode {
        CacheMode::In(self.cache.path().to_path_buf())
    }

    /// One start's list and where it came from, its caches written as the
    /// binary writes them.
    fn start_how(&self, config: &Config, today: NaiveDate) -> (How, Vec<AccountSummary>) {
        let Listing {
            rows,
            index,
            how,
            writes,
        } = listing::every_account(self.root(), config, today, &self.mode());
        assert_eq!(index.is_some(), how == How::Computed);
        writes.write();
        (how, rows)
    }

    /// A start that must have brought the kept list up to date and list what
    /// a start without any cache lists; its rows. `what` names the case.
    fn start_updated(&self, what: &str) -> Vec<AccountSummary> {
        let (how, rows) = self.start_how(&Config::default(), today());
        assert!(matches!(how, How::Updated { .. }), "{what}: {how:?}");
        assert_eq!(shown(&rows), shown(&self.fresh()), "{what}");
        rows
    }

    /// Whether the rows were the kept ones (nothing changed), and the rows.
    fn start_with(&self, config: &Config, today: NaiveDate) -> (bool, Vec<AccountSummary>) {
        let (how, rows) = self.start_how(config, today);
        (how == How::Kept, rows)
    }

    fn start(&self) -> (bool, Vec<AccountSummary>) {
        self.start_with(&Config::default(), today())
    }

    /// What a start without any cache shows.
    fn fresh_with(&self, config: &Config, today: NaiveDate) -> Vec<AccountSummary> {
        dashboard::summaries(&Index::build(self.root(), config), today, true)
    }

    fn fresh(&self) -> Vec<AccountSummary> {
        self.fresh_with(&Config::default(), today())
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    fn kept_file(&self) -> std::path::PathBuf {
        Kept::for_vault(&self.mode(), self.root(), "rows")
            .unwrap()
            .file()
            .to_path_buf()
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

/// The rows as `acct list --json --archived` prints them, aliases included.
fn shown(rows: &[AccountSummary]) -> String {
    let aliases: Vec<&Vec<String>> = rows.iter().map(|r| &r.aliases).collect();
    format!(
        "{}\n{aliases:?}",
        serde_json::to_string_pretty(rows).unwrap()
    )
}

#[test]
fn an_unchanged_vault_lists_the_kept_rows_which_equal_a_fresh_start() {
    let s = Setup::new();
    let (kept, first) = s.start();
    assert!(!kept, "nothing is kept before the first start");
    assert!(s.kept_file().exists(), "the first start keeps its rows");
    let (kept, second) = s.start();
    assert!(kept, "the second start takes the kept rows");
    assert_eq!(shown(&second), shown(&first));
    assert_eq!(shown(&second), shown(&s.fresh()));
    assert!(
        second.iter().any(|r| r.archived),
        "archived rows are kept too"
    );
}

/// One change to the vault, named.
type Change<'a> = Box<dyn Fn() + 'a>;

#[test]
fn every_change_to_a_note_lists_afresh_and_shows_it() {
    let s = Setup::new();
    s.start();
    let readme = s.read(ZEPHYR);
    // Each change, then: the next start computes the rows again, they equal a
    // fresh start's, and the start after that takes them from the kept file.
    let changes: Vec<(&str, Change)> = vec![
        (
            "a note's bytes, same size",
            Box::new(|| s.write(ZEPHYR, &readme.replacen("needs-review", "needs-reviex", 1))),
        ),
        (
            "a new meeting",
            Box::new(|| {
                s.write(
                    "Customers/Zephyr Dynamics/2026-11-28 Call.md",
                    "---\ndate: 2026-11-28\ntags: [meeting]\n---\n# Call with [[Zephyr Dynamics]]\n\n- [ ] Send the plan @Ana\n",
                )
            }),
        ),
        (
            "a note removed",
            Box::new(|| {
                std::fs::remove_file(
                    s.root()
                        .join("Customers/Zephyr Dynamics/2026-11-28 Call.md"),
                )
                .unwrap()
            }),
        ),
        (
            "an account renamed",
            Box::new(|| {
                std::fs::rename(
                    s.root().join("Customers/Quillon Bio"),
                    s.root().join("Customers/Quillon Biotech"),
                )
                .unwrap()
            }),
        ),
        (
            "the vault's excluded files",
            Box::new(|| {
                s.write(
                    ".obsidian/app.json",
                    r#"{"userIgnoreFilters": ["Customers/Harbor Lane/"]}"#,
                )
            }),
        ),
    ];
    let mut before = shown(&s.start().1);
    for (what, change) in changes {
        change();
        settle();
        let (kept, rows) = s.start();
        assert!(!kept, "{what}: the rows are computed again");
        assert_eq!(shown(&rows), shown(&s.fresh()), "{what}");
        assert_ne!(shown(&rows), before, "{what}: the list shows the change");
        before = shown(&rows);
        let (kept, again) = s.start();
        assert!(kept, "{what}: the next start takes them from the kept file");
        assert_eq!(shown(&again), before, "{what}");
    }
}

#[test]
fn another_day_or_config_lists_afresh() {
    let s = Setup::new();
    s.start();
    let tomorrow = today().succ_opt().unwrap();
    let (kept, rows) = s.start_with(&Config::default(), tomorrow);
    assert!(!kept, "days since contact move with the day");
    assert_eq!(
        shown(&rows),
        shown(&s.fresh_with(&Config::default(), tomorrow))
    );
    let strict = Config::parse("[cadence]\nactive = 7\nprospect = 7\n").unwrap();
    let (kept, rows) = s.start_with(&strict, tomorrow);
    assert!(!kept, "the cadence decides who is overdue");
    assert_eq!(shown(&rows), shown(&s.fresh_with(&strict, tomorrow)));
    assert!(rows.iter().any(|r| r.contact_overdue_days.is_some()));
    let (kept, _) = s.start_with(&strict, tomorrow);
    assert!(kept);
    let (kept, rows) = s.start_with(&Config::default(), tomorrow);
    assert!(!kept, "back to the default cadence");
    assert_eq!(
        shown(&rows),
        shown(&s.fresh_with(&Config::default(), tomorrow))
    );
}

#[test]
fn a_damaged_kept_file_is_never_used() {
    let s = Setup::new();
    s.start();
    let file = s.kept_file();
    let whole = std::fs::read(&file).unwrap();
    for at in [0, 9, 13, 25, whole.len() / 2, whole.len() - 1] {
        let mut damaged = whole.clone();
        damaged[at] ^= 0x41;
        std::fs::write(&file, &damaged).unwrap();
        let (kept, rows) = s.start();
        assert!(!kept, "byte {at} damaged");
        assert_eq!(shown(&rows), shown(&s.fresh()));
        assert!(s.start().0, "rewritten whole");
        std::fs::write(&file, &whole).unwrap();
    }
    std::fs::write(&file, &whole[..whole.len() / 3]).unwrap();
    assert!(!s.start().0, "a cut file is not used");
}

/// Changes a note and starts at once: the rows show the change but are not
/// kept, since on a file system of whole seconds the note could change again
/// within this second without its key changing; once the note has settled
/// they are. `what` names the start.
fn a_change_in_the_second_of_a_start_is_not_trusted(s: &Setup, what: &str) {
    let readme = s.read(ZEPHYR);
    let second = |t: SystemTime| t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
    s.write(ZEPHYR, &readme.replace("needs-review", "reviewed"));
    // The kernel stamps files from a clock that can lag the wall clock by a few
    // milliseconds; date the write now.
    let written_at = SystemTime::now();
    set_mtime(&s.root().join(ZEPHYR), written_at);
    let (kept, rows) = s.start();
    let listed_in = second(SystemTime::now());
    assert!(!kept, "{what}");
    assert_eq!(shown(&rows), shown(&s.fresh()), "{what}");
    settle();
    let (kept, rows) = s.start();
    if second(written_at) == listed_in {
        // (Skipped in the rare run where the write and the start straddle a second.)
        assert!(
            !kept,
            "{what}: the rows of the start in the note's second were not kept"
        );
    }
    assert_eq!(shown(&rows), shown(&s.fresh()), "{what}");
    assert!(s.start().0, "{what}: kept once the note has settled");
}

#[test]
fn a_note_changed_in_the_second_of_the_start_is_not_trusted_next_time() {
    let s = Setup::new();
    s.start();
    a_change_in_the_second_of_a_start_is_not_trusted(&s, "a start after one kept its rows");
}

/// A start with nothing kept takes each note's key as it reads the note (no
/// survey first); a note changed in the second of that read is not vouched
/// for either.
#[test]
fn a_note_changed_in_the_second_of_a_first_start_is_not_trusted_next_time() {
    let s = Setup::new();
    let readme = s.read(ZEPHYR);
    a_change_in_the_second_of_a_start_is_not_trusted(&s, "a first start");
    // Changed after a first start whose keys came from its reads: the same
    // size, bytes and second-old times differ from what that read took.
    s.write(ZEPHYR, &readme.replace("needs-review", "needs-reviex"));
    settle();
    let (kept, rows) = s.start();
    assert!(!kept, "the change is seen");
    assert_eq!(shown(&rows), shown(&s.fresh()));
}

#[test]
fn a_note_dated_in_the_future_is_listed_afresh_until_its_date_has_passed() {
    let s = Setup::new();
    s.start();
    // A clock ahead of this one (a network share, a restored backup).
    let path = s.root().join(ZEPHYR);
    set_mtime(&path, SystemTime::now() + Duration::from_secs(3600));
    for _ in 0..2 {
        let (kept, rows) = s.start();
        assert!(!kept, "never kept while the note is dated ahead");
        assert_eq!(shown(&rows), shown(&s.fresh()));
    }
    set_mtime(&path, SystemTime::now() - Duration::from_secs(3600));
    settle();
    assert!(!s.start().0);
    assert!(s.start().0, "kept once its date has passed");
}

#[test]
fn without_a_cache_nothing_is_kept() {
    let s = Setup::new();
    let off = listing::every_account(s.root(), &Config::default(), today(), &CacheMode::Off);
    assert!(off.index.is_some());
    assert!(off.writes.is_empty());
    assert_eq!(shown(&off.rows), shown(&s.fresh()));
}

/// A vault in the pipeline's shape with every way a note can feed an account's
/// row: folder-note accounts with meetings beside them, a flat account, a
/// meeting naming its account in `account:`, a person note linking two
/// accounts, a note linking one (which hands it its tasks), tasks naming an
/// account, archived copies, and a note feeding nothing.
fn rich_vault(s: &Setup) -> Vec<String> {
    let mut notes = Vec::new();
    let mut write = |rel: &str, text: &str| {
        s.write(rel, text);
        notes.push(rel.to_string());
    };
    for (name, status) in [
        ("Acme", "Active"),
        ("Borealis", "Prospect"),
        ("Cobalt", "Churned"),
    ] {
        write(
            &format!("Customers/{name}/README.md"),
            &format!(
                "---\ntype: customer\nstatus: {status}\nlast_contact: 2026-10-01\ntags: [needs-review]\n---\n# {name}\n\n| Field | Value |\n|---|---|\n| Status | {status} |\n\n## Blockers\n- ❌ Budget\n\n## Next steps\n- [ ] Send the deck @Ana #task\n"
            ),
        );
        write(
            &format!("Customers/{name}/2026-11-1{} Sync.md", name.len() % 7),
            &format!(
                "---\ndate: 2026-11-1{}\ntags: [meeting, needs-review]\n---\n# Sync\n\n## Action items\n- [?] Share pricing @Ben #task #proposed #auto\n- [ ] Book the review @Ana #task\n",
                name.len() % 7
            ),
        );
        write(
            &format!("_archive/2026-06-30/Customers/{name}/README.md"),
            &format!("---\ntype: customer\nstatus: {status}\n---\n# {name}\n\n- [ ] Old task\n"),
        );
    }
    write(
        "Customers/Dunmore.md",
        "---\ntype: customer\nstatus: Active\n---\n# Dunmore\n\n- [ ] Call back 📅 2026-12-02\n",
    );
    write(
        "Meetings/2026-11-20 Dunmore call.md",
        "---\ndate: 2026-11-20\naccount: \"[[Dunmore]]\"\n---\n# Call\n\n- [ ] Send notes\n",
    );
    write(
        "People/Ana.md",
        "# Ana\n\nWorks with [[Acme]] and [[Borealis]].\n\n- [ ] Intro to [[Cobalt]]\n- [ ] Ask [[Acme]] about renewal\n- [ ] Plain follow-up\n",
    );
    write(
        "Notes/Cobalt thoughts.md",
        "# Thoughts on [[Cobalt]]\n\n- [ ] Draft the win-back plan\n",
    );
    write(
        "Notes/Loose.md",
        "# Loose\n\nNo account here; [[Ghost]] is a note nobody wrote yet.\n",
    );
    notes
}

/// An edit to a note's text, and whether a start after it can update the kept
/// list (it keeps the note's names and whether it is an account).
const EDITS: &[(&str, bool)] = &[
    ("append an open task", true),
    ("append a plain line", true),
    ("tick the first open task", true),
    ("change the status", true),
    ("clear the review tag", true),
    ("move the date", true),
    ("move last_contact", true),
    ("append a task naming an account", true),
    ("append a task naming a note never linked", true),
    ("give it a title", false),
];
fn apply_edit(text: &str, edit: &str, round: usize) -> String {
    match edit {
        "append an open task" => format!("{text}- [ ] Task of round {round}\n"),
        "append a plain line" => format!("{text}Round {round}.\n"),
        "tick the first open task" => text.replacen("- [ ]", "- [x]", 1),
        "change the status" => text
            .replace("status: Active", "status: Paused")
            .replace("| Active |", "| Paused |")
            .replace("status: Prospect", "status: Active"),
        "clear the review tag" => text
            .replace(", needs-review", "")
            .replace("needs-review", "reviewed"),
        "move the date" => text.replace("date: 2026-11-", "date: 2026-10-"),
        "move last_contact" => text.replace("last_contact: 2026-10-01", "last_contact: 2026-11-25"),
        "append a task naming an account" => format!("{text}- [ ] Loop in [[Dunmore]]\n"),
        "append a task naming a note never linked" => {
            format!("{text}- [ ] Ask [[Person {round}]]\n")
        }
        "give it a title" => format!("---\ntitle: Renamed {round}\n---\n{text}"),
        _ => unreachable!(),
    }
}

#[test]
fn notes_edited_in_place_update_only_the_rows_they_feed() {
    let s = Setup::new();
    let notes = rich_vault(&s);
    settle();
    assert_eq!(s.start_how(&Config::default(), today()).0, How::Computed);
    // Each edit that keeps its note's standing, on every note: the next start
    // reads only what it needs, and its list equals a fresh start's.
    for (edit, _) in EDITS.iter().filter(|(_, updates)| *updates) {
        let mut changed = 0;
        for rel in &notes {
            let before = s.read(rel);
            let after = apply_edit(&before, edit, 0);
            if after != before {
                s.write(rel, &after);
                changed += 1;
            }
        }
        assert!(changed > 0, "{edit} changes some note");
        settle();
        let rows = s.start_updated(edit);
        let (how, again) = s.start_how(&Config::default(), today());
        assert_eq!(how, How::Kept, "{edit}: kept for the next start");
        assert_eq!(shown(&again), shown(&rows), "{edit}");
    }
}

#[test]
fn one_edited_account_reads_its_own_notes_not_the_vault() {
    let s = Setup::new();
    rich_vault(&s);
    settle();
    s.start();
    let rel = "Customers/Dunmore.md";
    s.write(
        rel,
        &apply_edit(&s.read(rel), "tick the first open task", 1),
    );
    settle();
    let (how, rows) = s.start_how(&Config::default(), today());
    // Dunmore's note and its meeting; its row alone is computed again.
    assert_eq!(
        how,
        How::Updated {
            notes_read: 2,
            rows: 1
        }
    );
    assert_eq!(shown(&rows), shown(&s.fresh()));
    let dunmore = rows.iter().find(|r| r.path == rel).unwrap();
    assert_eq!(dunmore.open_tasks, 1, "the meeting's task is left");
}

#[test]
fn new_and_removed_notes_nobody_links_to_update_the_rows_they_feed() {
    let s = Setup::new();
    rich_vault(&s);
    settle();
    s.start();
    let acme = "Customers/Acme/README.md";
    let changes: Vec<(&str, Change)> = vec![
        (
            "a meeting beside its folder-note account",
            Box::new(|| {
                s.write(
                    "Customers/Acme/2026-11-29 Pricing call.md",
                    "---\ndate: 2026-11-29\ntags: [meeting, needs-review]\n---\n# Pricing call with [[Acme]]\n\n## Action items\n- [?] Send the quote @Ana #task #proposed #auto\n- [ ] Ask [[Borealis]] for a reference\n",
                )
            }),
        ),
        (
            "a meeting naming its account in `account:`, and an edit",
            Box::new(|| {
                s.write(
                    "Meetings/2026-11-27 Dunmore review.md",
                    "---\ndate: 2026-11-27\naccount: \"[[Dunmore]]\"\n---\n# Review\n\n- [ ] Confirm the scope\n",
                );
                let rel = "Customers/Cobalt/README.md";
                s.write(rel, &apply_edit(&s.read(rel), "append an open task", 2));
            }),
        ),
        (
            "a meeting removed",
            Box::new(|| {
                std::fs::remove_file(s.root().join("Meetings/2026-11-27 Dunmore review.md"))
                    .unwrap()
            }),
        ),
        (
            // Nothing linked to Quillon Bio before: the link is resolved from
            // the notes under its names, and the task is handed to it.
            "a task naming an account nobody linked before",
            Box::new(|| {
                let rel = "Notes/Loose.md";
                s.write(
                    rel,
                    &format!(
                        "{}- [ ] Ask [[Quillon Bio]] for the contract\n",
                        s.read(rel)
                    ),
                );
            }),
        ),
        (
            "a note handing its tasks to the one account it names, removed",
            Box::new(|| std::fs::remove_file(s.root().join("Notes/Cobalt thoughts.md")).unwrap()),
        ),
    ];
    let mut before = s.start().1;
    for (what, change) in changes {
        change();
        settle();
        let rows = s.start_updated(what);
        assert_ne!(shown(&rows), shown(&before), "{what}: the list shows it");
        assert_eq!(
            s.start_how(&Config::default(), today()).0,
            How::Kept,
            "{what}"
        );
        before = rows;
    }
    let row = before.iter().find(|r| r.path == acme).unwrap();
    assert_eq!(
        row.last_contact,
        NaiveDate::from_ymd_opt(2026, 11, 29),
        "the new meeting is Acme's last contact"
    );
}

#[test]
fn edits_that_change_names_links_or_accounts_list_from_an_index() {
    let s = Setup::new();
    let notes = rich_vault(&s);
    settle();
    s.start();
    let changes: Vec<(&str, Change)> = vec![
        (
            "a title",
            Box::new(|| {
                let rel = "Customers/Dunmore.md";
                s.write(rel, &apply_edit(&s.read(rel), "give it a title", 1));
            }),
        ),
        (
            "an account that is no longer one",
            Box::new(|| {
                let rel = "Customers/Borealis/README.md";
                s.write(rel, &s.read(rel).replace("type: customer", "type: vendor"));
            }),
        ),
        (
            "a new account claiming a folder with notes in it",
            Box::new(|| {
                s.write(
                    "Notes/README.md",
                    "---\ntype: customer\n---\n# Notebook Inc\n",
                )
            }),
        ),
        (
            "a note under a name a link looks up",
            Box::new(|| s.write("Notes/Ghost.md", "# Ghost\n\n- [ ] Haunt [[Acme]]\n")),
        ),
        (
            "a note others link to removed",
            Box::new(|| std::fs::remove_file(s.root().join("Notes/Ghost.md")).unwrap()),
        ),
        (
            // `[[Acme]]` found the account by its folder's name; a note named
            // Acme comes first now, and the account loses what links handed it.
            "a note taking the name an account is linked by",
            Box::new(|| s.write("Notes/Acme.md", "# Acme\n\nA note about the word.\n")),
        ),
        (
            "that note removed",
            Box::new(|| std::fs::remove_file(s.root().join("Notes/Acme.md")).unwrap()),
        ),
        (
            "a new note with a Markdown link",
            Box::new(|| s.write("Notes/Md.md", "See [Acme](../Customers/Acme/README.md).\n")),
        ),
    ];
    assert!(notes.len() > 10);
    for (what, change) in changes {
        change();
        settle();
        let (how, rows) = s.start_how(&Config::default(), today());
        assert_eq!(how, How::Computed, "{what}");
        assert_eq!(shown(&rows), shown(&s.fresh()), "{what}");
        assert_eq!(
            s.start_how(&Config::default(), today()).0,
            How::Kept,
            "{what}"
        );
    }
}

#[test]
fn any_sequence_of_edits_lists_what_a_fresh_start_lists() {
    let s = Setup::new();
    let notes = rich_vault(&s);
    settle();
    s.start();
    // A fixed xorshift sequence: the same rounds on every run.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut notes = notes;
    let mut updated = 0;
    for round in 1..=10 {
        for _ in 0..1 + next(4) {
            match next(6) {
                // A new meeting in an account's folder, or one gone.
                0 => {
                    let name = ["Acme", "Borealis", "Cobalt"][next(3)];
                    let rel = format!("Customers/{name}/2026-11-2{} Call {round}.md", next(9));
                    s.write(
                        &rel,
                        &format!("---\ndate: 2026-11-2{}\n---\n# Call with [[{name}]]\n\n- [ ] Follow up {round}\n", next(9)),
                    );
                    notes.push(rel);
                }
                1 => {
                    let at = next(notes.len());
                    if notes[at].contains(" Call ") {
                        std::fs::remove_file(s.root().join(notes.remove(at))).unwrap();
                    }
                }
                _ => {
                    let rel = &notes[next(notes.len())];
                    let (edit, _) = EDITS[next(EDITS.len())];
                    s.write(rel, &apply_edit(&s.read(rel), edit, round));
                }
            }
        }
        settle();
        let (how, rows) = s.start_how(&Config::default(), today());
        if matches!(how, How::Updated { .. }) {
            updated += 1;
        }
        assert_eq!(shown(&rows), shown(&s.fresh()), "round {round}: {how:?}");
    }
    assert!(updated >= 2, "most rounds keep every note's standing");
}

#[test]
fn pipeline_runs_on_a_generated_vault_list_what_a_fresh_start_lists() {
    let s = Setup::new();
    let accounts = 40;
    synth::write_vault(s.root(), accounts, 30).unwrap();
    settle();
    s.start();
    let meeting = |m: usize| format!("Meetings/2026-11-{:02} Sync {m}.md", 1 + m % 28);
    let mut updated = 0;
    for round in 1..=6 {
        // A pipeline run: three new meetings, a new account with its first
        // meeting, two accounts appended to, an old meeting removed and another
        // renamed.
        for k in 0..3 {
            let m = 100 + round * 3 + k;
            s.write(&meeting(m), &synth::meeting_note(m, accounts));
        }
        // A new account, and its first meeting.
        let new = accounts + round;
        s.write(&synth::account_path(new), &synth::account_note(new, 0));
        s.write(&meeting(200 + new), &synth::meeting_note(new, 1000));
        for i in [round * 7 % accounts, round * 13 % accounts] {
            let rel = synth::account_path(i);
            s.write(
                &rel,
                &format!("{}- [ ] Follow-up of run {round}\n", s.read(&rel)),
            );
        }
        let old = |m: usize| format!("Meetings/2026-10-{:02} Sync {m}.md", 1 + m % 28);
        std::fs::remove_file(s.root().join(old(round))).unwrap();
        std::fs::rename(
            s.root().join(old(10 + round)),
            s.root().join(format!("Meetings/Renamed sync {round}.md")),
        )
        .unwrap();
        settle();
        let (how, rows) = s.start_how(&Config::default(), today());
        if matches!(how, How::Updated { .. }) {
            updated += 1;
        }
        assert_eq!(shown(&rows), shown(&s.fresh()), "run {round}: {how:?}");
    }
    assert_eq!(
        updated, 6,
        "every run is brought up to date without an index"
    );
}

#[test]
fn a_new_note_named_like_an_account_takes_the_new_links_to_that_name() {
    let s = Setup::new();
    rich_vault(&s);
    settle();
    let (_, before) = s.start();
    // Nothing linked to Harbor Lane before. One run writes a plain note named
    // like it and a meeting linking the name: the link finds the new note (a
    // file name comes before an account's folder name), so the account gets
    // no task.
    s.write(
        "Notes/Harbor Lane.md",
        "# Harbor Lane\n\nThe street, not the customer.\n",
    );
    s.write(
        "Meetings/2026-11-26 Street survey.md",
        "# Survey\n\n- [ ] Photograph [[Harbor Lane]]\n",
    );
    settle();
    let rows = s.start_updated("a plain note and a meeting naming it");
    let harbor = |rows: &[AccountSummary]| {
        rows.iter()
            .find(|r| r.path == "Customers/Harbor Lane/README.md")
            .unwrap()
            .open_tasks
    };
    assert_eq!(harbor(&rows), harbor(&before));
}

#[test]
fn new_accounts_with_their_first_meetings_are_listed_without_the_index() {
    let s = Setup::new();
    rich_vault(&s);
    settle();
    s.start();
    // A pipeline run: a flat account, a folder-note account with a meeting
    // beside it, and a meeting elsewhere naming the flat one.
    s.write(
        "Customers/Fernhill.md",
        "---\ntype: customer\nstatus: Prospect\ntags: [needs-review]\n---\n# Fernhill\n\n- [ ] Send the deck\n",
    );
    s.write(
        "Customers/Eastgate/README.md",
        "---\ntype: customer\nstatus: Active\ntags: [needs-review]\n---\n# Eastgate\n",
    );
    s.write(
        "Customers/Eastgate/2026-11-27 Intro.md",
        "---\ndate: 2026-11-27\n---\n# Intro\n\n- [ ] Share pricing @Ana\n- [ ] Loop in [[Fernhill]]\n",
    );
    s.write(
        "Meetings/2026-11-28 Fernhill call.md",
        "---\ndate: 2026-11-28\naccount: \"[[Fernhill]]\"\n---\n# Call\n\n- [ ] Book the demo\n",
    );
    settle();
    let rows = s.start_updated("new accounts and their meetings");
    let row = |path: &str| rows.iter().find(|r| r.path == path).unwrap().clone();
    let eastgate = row("Customers/Eastgate/README.md");
    assert_eq!(eastgate.last_contact, NaiveDate::from_ymd_opt(2026, 11, 27));
    assert_eq!(eastgate.open_tasks, 2, "its meeting's tasks");
    let fernhill = row("Customers/Fernhill.md");
    assert_eq!(fernhill.last_contact, NaiveDate::from_ymd_opt(2026, 11, 28));
    assert_eq!(
        fernhill.open_tasks, 3,
        "its own, its meeting's, and the one naming it"
    );
    assert_eq!(s.start_how(&Config::default(), today()).0, How::Kept);
}

/// The dashboard's lists take the kept rows as they are when nothing changed
/// since they were kept. A note changed after the survey, while the index is
/// built, is in the index but not in those rows; the watcher (started before
/// the survey) reports it, and applying that report gives the rows a fresh
/// start gives.
#[test]
fn the_dashboard_takes_the_kept_rows_and_a_change_while_it_loads_updates_them() {
    use acct::tui::app::{App, Loaded};
    let s = Setup::new();
    s.start();
    let (config, mode) = (Config::default(), s.mode());
    let start = listing::Start::new(s.root(), &config, today(), &mode);
    let kept = start
        .kept_rows()
        .expect("the rows of the first start are kept");
    let readme = s.read(ZEPHYR);
    s.write(ZEPHYR, &readme.replace("needs-review", "reviewed"));
    let (index, writes) = start.build_index(&config, &acct::vault::Progress::default());
    let loaded = Loaded::compute(index, &config, today(), Some(kept.clone()));
    assert_eq!(shown(&loaded.rows), shown(&kept), "taken as they are");
    assert_ne!(shown(&kept), shown(&s.fresh()), "the change is not in them");
    let mut app = App::new(
        Index::default(),
        today(),
        "vault".into(),
        acct::tui::keymap::Keymap::default(),
    );
    app.take_loaded(loaded);
    let change = acct::watch::read_note(s.root(), ZEPHYR, &app.index.settings.statuses);
    app.apply_changes(vec![change]);
    assert_eq!(shown(&app.rows), shown(&s.fresh()));
    writes.write();
}
