//! Notes that are legal but pathological: nesting thousands deep, a query of
//! a hundred thousand terms, a hundred thousand tags. None may crash acct or
//! take it more than a moment (docs/vault.md: limits).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use acct::config::Config;
use acct::index::Index;
use acct::model::dashboard;
use acct::note::task::TaskStatuses;
use acct::note::{self};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn account(body: &str) -> String {
    format!("---\ntype: customer\nstatus: active\n---\n# Deepwater Freight\n\n{body}\n")
}

#[test]
fn deep_markdown_and_yaml_parse_without_a_crash() {
    let cases = [
        (
            "blockquotes",
            account(&format!("{} a quote", ">".repeat(50_000))),
        ),
        (
            "lists",
            account(
                &(0..5_000)
                    .map(|i| format!("{}- [ ] item {i}", "  ".repeat(i)))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        ),
        (
            "emphasis",
            account(&format!("{}x{}", "*_".repeat(30_000), "_*".repeat(30_000))),
        ),
        ("links", account(&"[[".repeat(50_000))),
        (
            "yaml",
            format!(
                "---\ntype: customer\ndeep: {}1{}\n---\n# Deepwater\n",
                "[".repeat(10_000),
                "]".repeat(10_000)
            ),
        ),
        (
            "yaml maps",
            format!(
                "---\ntype: customer\ndeep: {}1{}\n---\n# Deepwater\n",
                "{a: ".repeat(10_000),
                "}".repeat(10_000)
            ),
        ),
    ];
    for (what, text) in cases {
        let start = Instant::now();
        let note = note::parse("Deepwater.md", text.as_bytes(), &TaskStatuses::default());
        assert_eq!(note.path, "Deepwater.md", "{what}");
        assert!(
            start.elapsed().as_secs() < 20,
            "{what} took {:?}",
            start.elapsed()
        );
    }
}

/// The per-note steps stay linear: ten times the tags takes nowhere near a
/// hundred times as long (100,000 tags took 14 s in `list` before).
#[test]
fn many_tags_index_in_linear_time() {
    let time = |n: usize| {
        let dir = tempfile::tempdir().unwrap();
        let tags: String = (0..n).map(|i| format!("  - tag{i}\n")).collect();
        let inline: String = (0..n).map(|i| format!("#inline{i} ")).collect();
        std::fs::write(
            dir.path().join("Deepwater.md"),
            format!("---\ntype: customer\ntags:\n{tags}---\n# Deepwater\n{inline}\n"),
        )
        .unwrap();
        let start = Instant::now();
        let index = Index::build(dir.path(), &Config::default());
        let rows = dashboard::summaries(&index, today(), false);
        assert_eq!(rows[0].tags.len(), 2 * n);
        let _ = dashboard::build(&index, "Deepwater.md", today()).unwrap();
        start.elapsed()
    };
    let small = time(4_000);
    let large = time(40_000);
    assert!(
        large < small * 30,
        "4,000 tags took {small:?}, 40,000 took {large:?}: not linear"
    );
}

/// The dashboard's commands read a note whose query block nests 10,000 deep:
/// the query is reported as a problem, and nothing crashes.
#[test]
fn check_and_show_report_a_too_deep_query() {
    let vault = tempfile::tempdir().unwrap();
    let query = format!(
        "```dataview\nLIST WHERE {}x{}\n```",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    std::fs::write(vault.path().join("Deepwater.md"), account(&query)).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_acct"))
            // acct's own state (review points) never goes to the real state folder.
            .env(
                "ACCT_STATE_DIR",
                std::env::temp_dir().join("acct-tests-state"),
            )
            .arg("--vault")
            .arg(vault.path())
            .args(args)
            .env("ACCT_TODAY", "2026-11-24")
            .env("ACCT_CONFIG", Path::new("/nonexistent/acct.toml"))
            .output()
            .unwrap()
    };
    let check = run(&["check"]);
    let out = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{out}");
    assert!(
        out.contains("Deepwater.md") && out.contains("nests more than 64 levels"),
        "{out}"
    );
    let show = run(&["show", "Deepwater", "--json"]);
    assert_eq!(
        show.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&show.stderr)
    );
}
