//! `review_key`: a review dates the account's frontmatter, surgically, in the
//! same write (and undo step) as the tag removal; without the key nothing is
//! added to the note (docs/writing.md, "Reviewing").

use std::path::Path;
use std::process::Command;

use acct::config::Config;
use acct::index::Index;
use acct::tui::app::{App, Effect};
use acct::tui::keymap::Keymap;
use acct::tui::writes::Writes;
use chrono::NaiveDate;

const FLAGGED: &str = "---\r\ntype: customer\r\n# keep this comment\r\nreviewed: '2026-01-05'\r\ntags: [needs-review, status/active]\r\n---\r\n# Acme\r\n";
const QUIET: &str = "---\ntype: customer\nstatus: active\n---\n# Borealis\n";

fn vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Acme.md"), FLAGGED).unwrap();
    std::fs::write(dir.path().join("Borealis.md"), QUIET).unwrap();
    dir
}

fn review(vault: &Path, account: &str, config: &str) -> std::process::Output {
    let config_file = vault.join(".acct-test-config.toml");
    std::fs::write(&config_file, config).unwrap();
    Command::new(env!("CARGO_BIN_EXE_acct"))
        .env("ACCT_STATE_DIR", vault.join(".state"))
        .env("ACCT_TODAY", "2026-11-24")
        .env("ACCT_CONFIG", &config_file)
        .env_remove("ACCT_VAULT")
        .arg("--vault")
        .arg(vault)
        .args(["review", account])
        .output()
        .unwrap()
}

fn read(vault: &Path, name: &str) -> String {
    std::fs::read_to_string(vault.join(name)).unwrap()
}

#[test]
fn acct_review_with_a_review_key_dates_the_frontmatter_byte_for_byte() {
    let v = vault();
    let out = review(v.path(), "Acme", "review_key = \"reviewed\"\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        read(v.path(), "Acme.md"),
        "---\r\ntype: customer\r\n# keep this comment\r\nreviewed: '2026-11-24'\r\ntags: [status/active]\r\n---\r\n# Acme\r\n"
    );
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(diff.contains("+reviewed: '2026-11-24'"), "{diff}");

    // An account that is not flagged still gets its date: a line of its own.
    let out = review(v.path(), "Borealis", "review_key = \"reviewed\"\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        read(v.path(), "Borealis.md"),
        "---\ntype: customer\nstatus: active\nreviewed: 2026-11-24\n---\n# Borealis\n"
    );
}

#[test]
fn acct_review_without_a_review_key_adds_nothing_to_the_note() {
    let v = vault();
    let out = review(v.path(), "Acme", "");
    assert!(out.status.success());
    assert_eq!(
        read(v.path(), "Acme.md"),
        FLAGGED.replace("[needs-review, status/active]", "[status/active]")
    );
    let out = review(v.path(), "Borealis", "");
    assert!(out.status.success());
    assert_eq!(read(v.path(), "Borealis.md"), QUIET);
}

#[test]
fn the_dashboard_review_writes_tag_and_date_as_one_undo_step() {
    let v = vault();
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    // No history attached: the review point is not this test's subject.
    let index = Index::build(v.path(), &Config::default());
    let mut app = App::new(index, today, "test".into(), Keymap::default());
    let mut writes = Writes::new(Some("reviewed".into()));
    writes
        .carry_out(
            Effect::Review {
                path: "Acme.md".into(),
            },
            &mut app,
        )
        .unwrap();
    let after = read(v.path(), "Acme.md");
    assert!(after.contains("reviewed: '2026-11-24'\r\n"), "{after}");
    assert!(!after.contains("needs-review"), "{after}");
    writes.carry_out(Effect::Undo, &mut app).unwrap();
    assert_eq!(
        read(v.path(), "Acme.md"),
        FLAGGED,
        "one undo takes back both"
    );
}
