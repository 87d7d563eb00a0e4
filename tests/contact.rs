//! Contact that counts (docs/vault.md, "Contact"), on the pipeline fixture: the
//! last contact is the newest activity note, a note that merely mentions the
//! account is none, the cadence per status decides who is due, and the "due for
//! contact" filter lists them most overdue first.

mod common;

use std::path::Path;

use acct::config::Config;
use acct::index::Index;
use acct::model::dashboard;
use acct::tui::app::{App, Filter};
use acct::tui::keymap::Keymap;
use chrono::NaiveDate;
use common::copy_tree;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const ZEPHYR: &str = "Customers/Zephyr Dynamics/README.md";
const HARBOR: &str = "Customers/Harbor Lane/README.md";
const QUILLON: &str = "Customers/Quillon Bio/README.md";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pipeline"),
        dir.path(),
    );
    dir
}

fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn config(cadence: &str) -> Config {
    Config::parse(cadence).unwrap()
}

#[test]
fn a_note_that_only_mentions_an_account_is_no_contact() {
    let v = vault();
    // A newer daily note links to Harbor Lane: a mention, not an interaction.
    write(
        v.path(),
        "Daily/2026-11-20.md",
        "---\ndate: 2026-11-20\n---\nHeard [[Harbor Lane]] is hiring.\n",
    );
    let index = Index::build(v.path(), &config(""));
    let d = dashboard::build(&index, HARBOR, today()).unwrap();
    assert_eq!(d.last_contact, NaiveDate::from_ymd_opt(2026, 8, 21));
    assert_eq!(
        d.contact_note.as_deref(),
        Some("Customers/Harbor Lane/2026-08-21 Renewal check-in.md")
    );
    assert_eq!(d.days_since_contact, Some(101));
    // Active (its table says), no [cadence]: the default 90 days, 11 over.
    assert_eq!(d.contact_overdue_days, Some(11));
    assert!(
        d.warnings
            .iter()
            .any(|w| w == "no contact for 101 days (due every 90 days for active)"),
        "{:?}",
        d.warnings
    );
    assert!(
        !d.warnings.iter().any(|w| w.contains("older than")),
        "a mention does not make last_contact stale: {:?}",
        d.warnings
    );
}

#[test]
fn a_meeting_note_naming_the_account_is_its_last_contact() {
    let v = vault();
    // Outside the account's folder, tied to it by `account:`.
    write(
        v.path(),
        "Meetings/2026-11-26 Harbor Lane pricing call.md",
        "---\ntype: meeting\ndate: 2026-11-26\naccount: \"[[Harbor Lane]]\"\n---\n# Pricing call\n",
    );
    // A meeting dated after today is not contact yet.
    write(
        v.path(),
        "Meetings/2026-12-03 Harbor Lane follow-up.md",
        "---\ntype: meeting\ndate: 2026-12-03\naccount: \"[[Harbor Lane]]\"\n---\n# Follow-up\n",
    );
    let index = Index::build(v.path(), &config(""));
    let d = dashboard::build(&index, HARBOR, today()).unwrap();
    assert_eq!(d.last_contact, NaiveDate::from_ymd_opt(2026, 11, 26));
    assert_eq!(
        d.contact_note.as_deref(),
        Some("Meetings/2026-11-26 Harbor Lane pricing call.md")
    );
    assert_eq!(d.contact_overdue_days, None);
    // The frontmatter's 2026-08-21 is older than that meeting: said once.
    assert_eq!(
        d.warnings,
        vec![
            "last_contact 2026-08-21 is older than the newest activity note \
             (2026-11-26, 2026-11-26 Harbor Lane pricing call)"
                .to_string()
        ]
    );
    let row = dashboard::summary(&index, index.note(HARBOR).unwrap(), today());
    assert_eq!(row.last_contact, d.last_contact);
    assert_eq!(row.warnings, 1);
}

#[test]
fn the_cadence_per_status_decides_who_is_due() {
    let v = vault();
    // Zephyr (active) last met 2026-11-12: 18 days. Quillon (prospect): its
    // frontmatter 2026-10-30 (no activity notes), 31 days.
    let lenient = Index::build(v.path(), &config(""));
    let strict = Index::build(v.path(), &config("[cadence]\nactive = 14\nprospect = 30\n"));
    let due = |index: &Index, path: &str| {
        dashboard::summary(index, index.note(path).unwrap(), today()).contact_overdue_days
    };
    assert_eq!(due(&lenient, ZEPHYR), None);
    assert_eq!(due(&lenient, QUILLON), None);
    assert_eq!(due(&strict, ZEPHYR), Some(4));
    assert_eq!(due(&strict, QUILLON), Some(1));
    let d = dashboard::build(&strict, ZEPHYR, today()).unwrap();
    assert!(
        d.warnings
            .contains(&"no contact for 18 days (due every 14 days for active)".to_string()),
        "{:?}",
        d.warnings
    );
}

#[test]
fn the_due_for_contact_filter_lists_the_most_overdue_first() {
    let v = vault();
    let index = Index::build(v.path(), &config("[cadence]\nactive = 14\nprospect = 30\n"));
    let mut app = App::new(index, today(), "pipeline".into(), Keymap::default());
    while app.filter != Filter::DueForContact {
        app.handle_key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE));
    }
    let shown: Vec<(&str, Option<i64>)> = app
        .visible
        .iter()
        .map(|v| {
            let r = &app.rows[v.row];
            (r.path.as_str(), r.contact_overdue_days)
        })
        .collect();
    // Harbor Lane (active, 101 days) is 87 days over, Zephyr 4, Quillon 1.
    assert_eq!(
        shown,
        vec![(HARBOR, Some(87)), (ZEPHYR, Some(4)), (QUILLON, Some(1))]
    );
    assert_eq!(
        app.message.as_deref(),
        Some("filter: due for contact (3 accounts)")
    );
}
