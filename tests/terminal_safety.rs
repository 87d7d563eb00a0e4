//! What reaches the person's terminal: the dashboard only when there is one,
//! and never text that reorders or hides itself.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use acct::config::Config;
use acct::index::Index;
use acct::tui::app::{App, Drawn};
use acct::tui::keymap::Keymap;
use acct::tui::view::{self, theme::Theme};
use chrono::NaiveDate;

const NOTE: &str = "---\ntype: customer\ntitle: Trellis \u{202e}gnidloH\u{202c}\nstatus: active\n---\n# Trellis\n\n## Current Blockers\n- Pay\u{200b}ment \u{2066}terms\u{2069} pending\n";

fn vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Trellis.md"), NOTE).unwrap();
    dir
}

fn acct(vault: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_acct"))
        .arg("--vault")
        .arg(vault)
        .args(args)
        .env("ACCT_TODAY", "2026-11-24")
        .env("ACCT_CONFIG", vault.join("no-such-config.toml"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn the_dashboard_into_a_file_says_why_and_exits_2() {
    let vault = vault();
    let out = acct(vault.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("needs a terminal") && err.contains("acct list"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "nothing drawn into the file");
    // The commands still work into a file.
    let list = acct(vault.path(), &["list"]);
    assert_eq!(list.status.code(), Some(0));
}

const HIDDEN: [char; 4] = ['\u{202e}', '\u{202c}', '\u{200b}', '\u{2066}'];

#[test]
fn text_output_shows_bidi_and_zero_width_characters_as_markers() {
    let vault = vault();
    for args in [
        &["show", "Trellis"][..],
        &["list"],
        &["show", "Trellis", "--json"],
    ] {
        let out = acct(vault.path(), args);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains(HIDDEN),
            "{args:?} printed a raw bidi/zero-width character"
        );
        assert!(text.contains("⟨U+202E⟩"), "{args:?}: {text}");
    }
    let show = acct(vault.path(), &["show", "Trellis"]);
    let text = String::from_utf8(show.stdout).unwrap();
    assert!(
        text.contains("Pay⟨U+200B⟩ment ⟨U+2066⟩terms⟨U+2069⟩"),
        "{text}"
    );
    let _ = std::io::stdout().flush();
}

/// A note whose file name, title and task carry escape sequences and a bell
/// (`Evil ESC[31mRed.md`): what every text command prints, and an error naming
/// such a path, hold none of them — the file name as written reaches the
/// terminal as U+FFFD, like a note's text.
#[test]
fn file_names_with_escape_sequences_reach_the_terminal_defused() {
    let vault = tempfile::tempdir().unwrap();
    let root = vault.path();
    std::fs::create_dir_all(root.join("Customers")).unwrap();
    std::fs::create_dir_all(root.join("Meetings")).unwrap();
    let account = root.join("Customers/Evil \u{1b}[31mRed.md");
    std::fs::write(
        &account,
        "---\ntype: customer\nstatus: active\ntags: [needs-review]\n---\n# Evil\n\n## Open Tasks\n\n- [?] Call \u{1b}[31mred\u{1b}[0m @Bob #task #proposed #auto\n",
    )
    .unwrap();
    std::fs::write(
        root.join("Meetings/2026-11-01 Sy\u{1b}]0;owned\u{7}nc.md"),
        // YAML's `\\e` is ESC: the link names the account as its file does.
        "---\ndate: 2026-11-01\naccount: \"[[Evil \\e[31mRed]]\"\n---\n# Sync \u{7}\n\n- [ ] Task from the sync\n",
    )
    .unwrap();
    let raw = |bytes: &[u8]| bytes.iter().any(|&b| b == 0x1b || b == 0x07);
    for args in [
        &["list"][..],
        &["show", "Evil"],
        &["check"],
        &["tasks"],
        &["changes"],
        &["query"],
    ] {
        let out = acct(root, args);
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            !raw(&out.stdout),
            "{args:?} printed a raw control character: {said:?}"
        );
        assert!(!raw(&out.stderr), "{args:?} said a raw control character");
        if args[0] == "show" {
            assert!(
                said.contains("(Customers/Evil \u{fffd}[31mRed.md)"),
                "{said}"
            );
            assert!(
                said.contains("Task from the sync"),
                "the meeting's task: {said}"
            );
        }
    }
    // Named in an error (the config beside it cannot be read either).
    let out = acct(&account, &["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !raw(&out.stderr),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("Evil \u{fffd}[31mRed.md"), "{said}");
}

#[test]
fn the_dashboard_draws_markers_instead_of_bidi_characters() {
    let vault = vault();
    let index = Index::build(vault.path(), &Config::default());
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut app = App::new(index, today, "v".into(), Keymap::default());
    app.reload();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
    let mut drawn = Drawn::default();
    terminal
        .draw(|f| drawn = view::draw(f, &app, &Theme::mono()))
        .unwrap();
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        !screen.contains(HIDDEN),
        "a raw bidi/zero-width character was drawn"
    );
    assert!(screen.contains("⟨U+202E⟩"), "{screen}");
}
