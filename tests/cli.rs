//! The real `acct` binary, run as a person would: exit codes, stdout, stderr
//! and the JSON shapes of docs/cli.md.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn fixture_vault() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault")
}

/// A command with a fixed today and a config file that does not exist, so the
/// developer's own config and vault never leak in.
fn acct(config_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_acct"));
    // acct's own state (review points) never goes to the real state folder.
    cmd.env(
        "ACCT_STATE_DIR",
        std::env::temp_dir().join("acct-tests-state"),
    );
    cmd.env("ACCT_TODAY", "2026-11-24")
        .env("XDG_CACHE_HOME", config_dir.join("cache"))
        .env("ACCT_CONFIG", config_dir.join("no-such-config.toml"))
        .env_remove("ACCT_VAULT")
        .env("NO_COLOR", "1");
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("the acct binary runs");
    Run {
        code: status.code().expect("exited, not killed"),
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

/// `acct --vault tests/fixtures/vault ARGS…`.
fn on_fixtures(args: &[&str]) -> Run {
    let tmp = tempfile::tempdir().unwrap();
    run(acct(tmp.path())
        .arg("--vault")
        .arg(fixture_vault())
        .args(args))
}

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", r.stdout, r.stderr))
}

fn is_date(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok())
}

/// The account titles of `list`'s table (first column, rows only).
fn listed_titles(stdout: &str) -> Vec<String> {
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("ACCOUNT "), "{stdout}");
    let status_col = lines[0].find("STATUS").unwrap();
    lines[1..lines.len() - 1]
        .iter()
        .map(|l| l[..status_col].trim_end().to_string())
        .collect()
}

#[test]
fn list_is_an_aligned_table_in_triage_order() {
    let r = on_fixtures(&["list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    assert_eq!(
        listed_titles(&r.stdout),
        [
            "Bluefin",
            "Northwind Analytics",
            "Delta Partners",
            "Acme Robotics",
            "Cobalt Works"
        ]
    );
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.last(), Some(&"5 accounts, 3 need review"));
    let header = lines[0];
    for (column, values) in [
        (
            "STATUS",
            ["paused", "active", "prospect", "active", "onboarding"],
        ),
        (
            "LAST CONTACT",
            [
                "2026-07-15",
                "2026-10-30",
                "2026-11-18",
                "2026-11-03",
                "2026-12-10",
            ],
        ),
        ("DAYS", ["132", "25", "6", "21", "-16"]),
        ("TASKS", ["1", "4", "4", "18", "1"]),
    ] {
        let col = header.find(column).unwrap();
        for (line, value) in lines[1..6].iter().zip(values) {
            assert!(
                line[col..].starts_with(value) && line.as_bytes()[col - 1] == b' ',
                "{column} not aligned: {line:?} at {col} (wanted {value})\n{}",
                r.stdout
            );
        }
    }
    for line in &lines[1..6] {
        let review = line[header.find("REVIEW").unwrap()..].starts_with("review");
        let expected = ["Bluefin", "Northwind", "Delta"]
            .iter()
            .any(|t| line.starts_with(t));
        assert_eq!(review, expected, "{line}");
    }
}

#[test]
fn list_filters() {
    let titles = |args: &[&str]| {
        let r = on_fixtures(args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        if r.stdout == "no accounts match\n" {
            return Vec::new();
        }
        listed_titles(&r.stdout)
    };
    assert_eq!(
        titles(&["list", "--needs-review"]),
        ["Bluefin", "Northwind Analytics", "Delta Partners"]
    );
    assert_eq!(titles(&["list", "--status", "paused"]), ["Bluefin"]);
    assert_eq!(titles(&["list", "--status", "PAUSED"]), ["Bluefin"]);
    assert_eq!(
        titles(&["list", "--status", "churned"]),
        Vec::<String>::new()
    );
    assert_eq!(titles(&["list", "--search", "cobalt"]), ["Cobalt Works"]);
    assert_eq!(
        titles(&["list", "--search", "bfm"]),
        ["Bluefin"],
        "aliases are searched"
    );
    assert_eq!(
        titles(&["list", "--search", "#region/emea"]),
        ["Delta Partners"]
    );
    assert_eq!(
        titles(&["list", "--search", "status:act"]),
        ["Northwind Analytics", "Acme Robotics"]
    );
    let all = titles(&["list", "--archived"]);
    assert_eq!(all.len(), 8, "{all:?}");
    for archived in [
        "Foxglove Ltd (archived)",
        "Northwind Analytics (archived)",
        "Draft Customer (archived)",
    ] {
        assert!(all.iter().any(|t| t == archived), "{archived} in {all:?}");
    }
    assert_eq!(
        titles(&["list", "--archived", "--status", "churned"]),
        ["Foxglove Ltd (archived)"]
    );
}

#[test]
fn list_json_has_the_documented_shape() {
    let r = on_fixtures(&["list", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = json(&r);
    let rows = rows.as_array().expect("an array");
    assert_eq!(rows.len(), 5);
    let keys = [
        "archived",
        "blockers",
        "contact_overdue_days",
        "days_since_contact",
        "last_contact",
        "needs_review",
        "open_tasks",
        "path",
        "status",
        "tags",
        "title",
        "warnings",
    ];
    for row in rows {
        let obj = row.as_object().expect("an object per account");
        let mut got: Vec<&str> = obj.keys().map(String::as_str).collect();
        got.sort();
        assert_eq!(got, keys);
        assert!(row["title"].is_string() && row["path"].is_string());
        assert!(row["status"].is_string() || row["status"].is_null());
        assert!(row["needs_review"].is_boolean() && row["archived"].is_boolean());
        assert!(is_date(&row["last_contact"]) || row["last_contact"].is_null());
        assert!(row["days_since_contact"].is_i64() || row["days_since_contact"].is_null());
        assert!(
            row["tags"]
                .as_array()
                .is_some_and(|t| t.iter().all(Value::is_string))
        );
        for count in ["blockers", "open_tasks", "warnings"] {
            assert!(row[count].is_u64(), "{count} is a count: {row}");
        }
    }
    let acme = rows.iter().find(|r| r["title"] == "Acme Robotics").unwrap();
    assert_eq!(acme["path"], "Customers/Acme Robotics/README.md");
    assert_eq!(acme["last_contact"], "2026-11-03");
    assert_eq!(acme["days_since_contact"], 21);
    assert_eq!(acme["open_tasks"], 18);
    assert_eq!(acme["blockers"], 1);
    assert_eq!(acme["warnings"], 0);
    assert_eq!(acme["contact_overdue_days"], Value::Null);
    assert_eq!(acme["needs_review"], false);
    let cobalt = rows.iter().find(|r| r["title"] == "Cobalt Works").unwrap();
    assert_eq!(cobalt["days_since_contact"], -16);
}

#[test]
fn show_json_snapshot_and_shape() {
    let r = on_fixtures(&["show", "Northwind Analytics", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r);
    for key in [
        "title",
        "path",
        "aliases",
        "type",
        "status",
        "created",
        "last_contact",
        "days_since_contact",
        "tags",
        "needs_review",
        "archived",
        "table",
        "blockers",
        "decisions",
        "next_steps",
        "opportunities",
        "facts",
        "contacts",
        "topics",
        "people",
        "warnings",
        "open_tasks",
        "recent_context",
        "active_projects",
    ] {
        assert!(v.get(key).is_some(), "show --json lacks {key}");
    }
    assert!(v["table"].is_object());
    for task in v["open_tasks"].as_array().unwrap() {
        let mut keys: Vec<&str> = task
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "due",
                "line",
                "overdue",
                "path",
                "scheduled",
                "status",
                "symbol",
                "text"
            ]
        );
    }
    insta::assert_json_snapshot!("show-northwind-json", v);

    // The near-duplicate row carries `count`.
    let acme = json(&on_fixtures(&["show", "Acme Robotics", "--json"]));
    let counted: Vec<&Value> = acme["open_tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t.get("count").is_some())
        .collect();
    assert_eq!(counted.len(), 1);
    assert_eq!(counted[0]["count"], 2);
    assert_eq!(counted[0]["status"], "TODO");
    assert_eq!(counted[0]["symbol"], " ");
    assert_eq!(acme["table"]["Tier"], "Enterprise");
}

#[test]
fn show_by_alias_path_and_case() {
    let title = |name: &str| {
        let r = on_fixtures(&["show", name, "--json"]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        json(&r)["title"].as_str().unwrap().to_string()
    };
    assert_eq!(title("BFM"), "Bluefin");
    assert_eq!(title("bluefin marine"), "Bluefin");
    assert_eq!(title("Delta"), "Delta Partners");
    assert_eq!(title("Customers/dp-0042.md"), "Delta Partners");
    assert_eq!(title("customers/dp-0042"), "Delta Partners");
    assert_eq!(title("northwind analytics"), "Northwind Analytics");
    assert_eq!(
        title("_archived-2025/Northwind Analytics.md"),
        "Northwind Analytics"
    );

    let text = on_fixtures(&["show", "cobalt"]);
    assert_eq!(text.code, 0);
    assert!(
        text.stdout
            .starts_with("Cobalt Works  (Customers/Cobalt Works/Cobalt Works.md)\n")
    );
    assert!(
        text.stdout.contains("16 days in the future"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("Book onboarding session two"));
}

#[test]
fn show_live_before_archived_with_the_same_title() {
    let r = on_fixtures(&["show", "Northwind Analytics", "--json"]);
    assert_eq!(json(&r)["path"], "Customers/Northwind Analytics.md");
}

#[test]
fn ambiguous_and_unknown_accounts_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    for folder in ["East", "West"] {
        std::fs::create_dir_all(vault.join(folder)).unwrap();
        std::fs::write(
            vault.join(folder).join("Acme.md"),
            "---\ntype: customer\n---\n",
        )
        .unwrap();
    }
    let r = run(acct(tmp.path())
        .arg("--vault")
        .arg(&vault)
        .args(["show", "acme"]));
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("more than one account"), "{}", r.stderr);
    assert!(r.stderr.contains("East/Acme.md"), "{}", r.stderr);
    assert!(r.stderr.contains("West/Acme.md"), "{}", r.stderr);

    let r = on_fixtures(&["show", "Zebra Holdings"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("Zebra Holdings"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
}

#[test]
fn check_reports_problems_and_exits_1() {
    let r = on_fixtures(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| l.contains(": warning: "))
        .collect();
    // Notes that merely mention an account are no contact: the newer dated
    // notes linking to Acme and Northwind give no warning.
    let expected = [
        "Customers/Bluefin/index.md: warning: no contact for 132 days (due every 90 days for paused)",
        "Customers/Cobalt Works/Cobalt Works.md: warning: last_contact 2026-12-10 is in the future",
        "Customers/Northwind Analytics.md: warning: status disagrees",
    ];
    assert_eq!(lines.len(), expected.len(), "{}", r.stdout);
    for (line, start) in lines.iter().zip(expected) {
        assert!(line.starts_with(start), "{line:?} should start {start:?}");
    }
    assert_eq!(
        r.stdout.lines().next(),
        Some("3 problems (0 errors, 3 warnings)")
    );

    let r = on_fixtures(&["check", "--json"]);
    assert_eq!(r.code, 1);
    let problems = json(&r);
    let problems = problems.as_array().unwrap();
    assert_eq!(problems.len(), 3);
    for p in problems {
        let mut keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["kind", "line", "message", "path", "severity"]);
        assert!(p["path"].is_string() && p["message"].is_string());
        assert!(p["line"].is_u64() || p["line"].is_null());
        assert!(p["severity"] == "error" || p["severity"] == "warning");
    }
}

#[test]
fn check_names_file_and_line_of_a_broken_note() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    std::fs::create_dir(&vault).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/malformed-yaml.md"),
        vault.join("malformed-yaml.md"),
    )
    .unwrap();
    let r = run(acct(tmp.path())
        .arg("--vault")
        .arg(&vault)
        .args(["check", "--json"]));
    assert_eq!(r.code, 1);
    let problems = json(&r);
    assert_eq!(problems[0]["path"], "malformed-yaml.md");
    assert_eq!(problems[0]["line"], 3);
    assert_eq!(problems[0]["severity"], "error");

    std::fs::remove_file(vault.join("malformed-yaml.md")).unwrap();
    std::fs::write(vault.join("ok.md"), "---\ntype: customer\n---\n").unwrap();
    let r = run(acct(tmp.path()).arg("--vault").arg(&vault).arg("check"));
    assert_eq!((r.code, r.stdout.as_str()), (0, "no problems found\n"));
}

#[test]
fn missing_vault_is_one_line_naming_the_path() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-such-vault");
    let r = run(acct(tmp.path()).arg("--vault").arg(&missing).arg("list"));
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&*missing.to_string_lossy()),
        "{}",
        r.stderr
    );

    // The same through the environment.
    let r = run(acct(tmp.path()).env("ACCT_VAULT", &missing).arg("list"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(&*missing.to_string_lossy()));
}

#[test]
fn bad_acct_today_is_a_usage_error() {
    for bad in ["bad", "2026-13-01", "2026-11-24T10:00"] {
        let tmp = tempfile::tempdir().unwrap();
        let r = run(acct(tmp.path())
            .env("ACCT_TODAY", bad)
            .arg("--vault")
            .arg(fixture_vault())
            .arg("list"));
        assert_eq!(r.code, 2, "ACCT_TODAY={bad}");
        assert_eq!(r.stdout, "");
        assert!(r.stderr.contains("ACCT_TODAY"), "{}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1);
    }
}

#[test]
fn acct_today_moves_days_since_contact() {
    let tmp = tempfile::tempdir().unwrap();
    let r = run(acct(tmp.path())
        .env("ACCT_TODAY", "2026-12-24")
        .arg("--vault")
        .arg(fixture_vault())
        .args(["show", "Cobalt Works", "--json"]));
    assert_eq!(json(&r)["days_since_contact"], 14);
}

#[test]
fn completions_version_and_help() {
    let tmp = tempfile::tempdir().unwrap();
    let r = run(acct(tmp.path()).args(["completions", "bash"]));
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("_acct()"), "a bash completion function");
    assert!(r.stdout.contains("complete -F _acct"));
    assert!(r.stdout.contains("--needs-review"));

    let r = run(acct(tmp.path()).arg("--version"));
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout.trim(),
        format!("acct {}", env!("CARGO_PKG_VERSION"))
    );

    let r = run(acct(tmp.path()).arg("--help"));
    assert_eq!(r.code, 0);
    for word in ["list", "show", "check", "completions", "--vault"] {
        assert!(r.stdout.contains(word), "--help mentions {word}");
    }
    let r = run(acct(tmp.path()).args(["list", "--help"]));
    for flag in [
        "--needs-review",
        "--status",
        "--search",
        "--archived",
        "--json",
    ] {
        assert!(r.stdout.contains(flag), "list --help mentions {flag}");
    }

    let r = run(acct(tmp.path()).args(["list", "--no-such-flag"]));
    assert_eq!(r.code, 2);
}

#[test]
fn without_a_vault_the_demo_vault_is_used_and_said_so() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path().join("not-a-vault");
    std::fs::create_dir(&cwd).unwrap();
    let r = run(acct(tmp.path())
        .current_dir(&cwd)
        .env("XDG_CONFIG_HOME", tmp.path())
        .arg("list"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("demo vault"), "{}", r.stderr);
    assert!(r.stdout.starts_with("ACCOUNT "), "{}", r.stdout);
    assert!(listed_titles(&r.stdout).len() >= 5, "{}", r.stdout);

    // A current folder holding .obsidian/ is a vault, and no demo is mentioned.
    std::fs::create_dir(cwd.join(".obsidian")).unwrap();
    std::fs::write(cwd.join("Mine.md"), "---\ntype: customer\n---\n").unwrap();
    let r = run(acct(tmp.path()).current_dir(&cwd).arg("list"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("demo"), "{}", r.stderr);
    assert_eq!(listed_titles(&r.stdout), ["Mine"]);
}

#[test]
fn the_configured_cadence_decides_who_is_due_in_list_and_show() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, "[cadence]\npaused = 100\nactive = 50\n").unwrap();
    let overdue = |args: &[&str]| {
        let r = run(acct(tmp.path())
            .env("ACCT_TODAY", "2026-12-24")
            .env("ACCT_CONFIG", &config)
            .arg("--vault")
            .arg(fixture_vault())
            .args(args));
        assert_eq!(r.code, 0, "{}", r.stderr);
        json(&r)
    };
    // Bluefin (paused) last met 162 days before: 62 over a 100-day cadence, not
    // the 72 of the default 90 days.
    let list = overdue(&["list", "--json"]);
    let row = |title: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|r| r["title"] == title)
            .unwrap()
            .clone()
    };
    assert_eq!(row("Bluefin")["contact_overdue_days"], 62);
    assert_eq!(row("Northwind Analytics")["contact_overdue_days"], 5);
    assert_eq!(
        overdue(&["show", "Bluefin", "--json"])["contact_overdue_days"],
        62
    );
}

#[test]
fn list_from_kept_rows_equals_a_fresh_list_and_follows_an_edit() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = settled_copy(tmp.path());
    let cache = tmp.path().join("cache");
    let list = |extra: &[&str]| list_archived(tmp.path(), &vault, &[], extra);
    let fresh = list(&["--no-cache"]);
    assert_eq!(list(&[]), fresh, "the first start");
    let kept_file = std::fs::read_dir(cache.join("acct"))
        .unwrap()
        .flatten()
        .map(|e| e.path().join("rows.bin"))
        .find(|p| p.exists())
        .expect("the first start keeps its rows");
    let kept_at = std::fs::metadata(&kept_file).unwrap().modified().unwrap();
    assert_eq!(list(&[]), fresh, "the kept rows");
    assert_eq!(
        std::fs::metadata(&kept_file).unwrap().modified().unwrap(),
        kept_at,
        "taken, not rewritten"
    );
    let note = vault.join("Customers/Northwind Analytics.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(
        &note,
        text.replacen(
            "title: Northwind Analytics",
            "title: Northwind Analytics Ltd",
            1,
        ),
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let edited = list(&[]);
    assert!(edited.contains("Northwind Analytics Ltd"), "{edited}");
    assert_eq!(edited, list(&["--no-cache"]));
    assert_eq!(list(&[]), edited);
}

#[test]
fn list_after_edits_and_a_new_meeting_reads_only_those_notes() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = settled_copy(tmp.path());
    let state = tmp.path().join("state");
    let settle = || std::thread::sleep(std::time::Duration::from_millis(1100));
    let env = [
        ("XDG_STATE_HOME", state.as_os_str()),
        ("ACCT_LOG", OsStr::new("debug")),
    ];
    let list = |extra: &[&str]| list_archived(tmp.path(), &vault, &env, extra);
    let log = || std::fs::read_to_string(state.join("acct/acct.log")).unwrap_or_default();
    list(&[]);
    // The account reviewed and a meeting with it written, as after a pipeline run.
    let note = vault.join("Customers/Northwind Analytics.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, text.replacen("- needs-review\n", "", 1)).unwrap();
    std::fs::write(
        vault.join("Customers/2026-11-23 Northwind sync.md"),
        "---\ndate: 2026-11-23\naccount: \"[[Northwind Analytics]]\"\n---\n# Sync\n\n- [ ] Send the renewal terms\n",
    )
    .unwrap();
    settle();
    // `check --verify-cache` compares the list a start would bring up to date
    // with one computed from every note, and writes nothing.
    let check = run(acct(tmp.path())
        .envs(env.iter().copied())
        .arg("--vault")
        .arg(&vault)
        .args(["check", "--verify-cache"]));
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(
        check
            .stdout
            .contains("The kept account list (brought up to date from")
            && check
                .stdout
                .contains("agrees with the 8 rows computed from every note"),
        "{}",
        check.stdout
    );
    let before = log().matches("brought up to date").count();
    let updated = list(&[]);
    let after = log();
    assert_eq!(
        after.matches("brought up to date").count(),
        before + 1,
        "the kept list was brought up to date: {after}"
    );
    // Northwind's notes only, of the vault's sixteen; its row alone computed.
    let line = after
        .lines()
        .rfind(|l| l.contains("brought up to date"))
        .unwrap();
    let field = |name: &str| -> usize {
        let at = line.find(&format!("{name}=")).unwrap() + name.len() + 1;
        line[at..].split(' ').next().unwrap().parse().unwrap()
    };
    assert!(field("notes_read") <= 6, "{line}");
    assert_eq!(field("rows_computed"), 1, "{line}");
    assert_eq!(
        updated,
        list(&["--no-cache"]),
        "as a start without any cache"
    );
    let rows: serde_json::Value = serde_json::from_str(&updated).unwrap();
    let northwind = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "Customers/Northwind Analytics.md")
        .unwrap();
    assert_eq!(northwind["needs_review"], false);
    assert_eq!(northwind["last_contact"], "2026-11-23");
}

/// A copy of the fixture vault in `tmp`, its files a second old: a start now
/// may keep what it computes from them.
fn settled_copy(tmp: &Path) -> PathBuf {
    let vault = tmp.join("vault");
    copy_dir(&fixture_vault(), &vault);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    vault
}

/// `acct list --json --archived` of `vault`, caches under `tmp`, with `extra`
/// arguments before the command.
fn list_archived(tmp: &Path, vault: &Path, env: &[(&str, &OsStr)], extra: &[&str]) -> String {
    let r = run(acct(tmp)
        .envs(env.iter().copied())
        .arg("--vault")
        .arg(vault)
        .args(extra)
        .args(["list", "--json", "--archived"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
