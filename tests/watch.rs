//! The live-update layer end to end: real file operations on a temporary vault,
//! the real watcher, and `Index::apply`. Every wait polls for the expected state
//! for a generous time (a loaded 2-core CI) and returns as soon as it holds.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use acct::config::Config;
use acct::index::Index;
use acct::index::change::{ChangeKind, NoteChange};
use acct::model::dashboard;
use acct::note::task::StatusType;
use acct::vault::TASKS_SETTINGS;
use acct::watch::{VaultWatcher, WatchEvent, WatchMode, WatchOptions};
use chrono::NaiveDate;

const WAIT: Duration = Duration::from_secs(10);

/// A temporary vault with an index kept up to date by the real watcher.
struct Live {
    dir: tempfile::TempDir,
    index: Index,
    rx: Receiver<WatchEvent>,
    mode: WatchMode,
    _watcher: VaultWatcher,
}

impl Live {
    fn start(files: &[(&str, &str)]) -> Self {
        Self::start_with(files, WatchOptions::default())
    }

    fn start_with(files: &[(&str, &str)], options: WatchOptions) -> Self {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            write(dir.path(), path, text);
        }
        let (tx, rx) = mpsc::channel();
        let watcher = VaultWatcher::start(dir.path(), options, move |e| {
            let _ = tx.send(e);
        })
        .unwrap();
        let mode = match rx.recv_timeout(WAIT).unwrap() {
            WatchEvent::Mode(mode) => mode,
            other => panic!("the first event should be the mode, got {other:?}"),
        };
        let index = Index::build(dir.path(), &Config::default());
        Self {
            dir,
            index,
            rx,
            mode,
            _watcher: watcher,
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        write(self.root(), rel, text);
    }

    /// Applies batches until `done` holds; returns every note change seen meanwhile.
    fn wait_for(&mut self, what: &str, done: impl Fn(&Index) -> bool) -> Vec<NoteChange> {
        self.wait_for_within(WAIT, what, done)
    }

    fn wait_for_within(
        &mut self,
        limit: Duration,
        what: &str,
        done: impl Fn(&Index) -> bool,
    ) -> Vec<NoteChange> {
        let deadline = Instant::now() + limit;
        let mut seen = Vec::new();
        while !done(&self.index) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(WatchEvent::Changes(changes)) => {
                    seen.extend(self.index.apply(changes).notes);
                }
                Ok(WatchEvent::Error(e)) => panic!("watcher error while waiting for {what}: {e}"),
                Ok(WatchEvent::Mode(_)) => {}
                Err(_) => panic!("timed out waiting for {what}; changes seen: {seen:?}"),
            }
        }
        seen
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Writes like an editor that saves by rename, so no reader sees half a file.
fn write_atomically(root: &Path, rel: &str, text: &str) {
    let tmp = root.join(format!("{rel}.tmp"));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(tmp, root.join(rel)).unwrap();
}

/// The index holds exactly these bytes for the note.
fn holds(ix: &Index, path: &str, text: &str) -> bool {
    ix.note(path)
        .is_some_and(|n| n.was_read_from(text.as_bytes()))
}

fn kinds(changes: &[NoteChange], path: &str) -> Vec<ChangeKind> {
    changes
        .iter()
        .filter(|c| c.path == path)
        .map(|c| c.kind)
        .collect()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn open_task_texts(ix: &Index, account: &str) -> Vec<String> {
    dashboard::build(ix, account, today())
        .map(|d| d.open_tasks.into_iter().map(|t| t.text).collect())
        .unwrap_or_default()
}

const ACME: &str =
    "---\ntype: customer\ntitle: Acme\n---\n# Acme\n\n## Current Blockers\n\n- ❌ Legal review\n";

#[test]
fn a_new_note_is_added_with_its_account() {
    let mut live = Live::start(&[]);
    assert_eq!(live.mode, WatchMode::Native);
    live.write("Customers/Acme.md", ACME);
    let seen = live.wait_for("the new account", |ix| ix.is_account("Customers/Acme.md"));
    // A busy machine may show the note half-written first; it is added once, and the
    // last report names the account.
    assert_eq!(seen[0].kind, ChangeKind::Added, "{seen:?}");
    assert!(seen[1..].iter().all(|c| c.kind == ChangeKind::Changed));
    assert_eq!(seen.last().unwrap().account.as_deref(), Some("Acme"));
}

#[test]
fn an_edited_blocker_shows_up() {
    let mut live = Live::start(&[("Customers/Acme.md", ACME)]);
    let edited = ACME.replace(
        "- ❌ Legal review\n",
        "- ❌ Legal review\n- ❌ Budget freeze\n",
    );
    live.write("Customers/Acme.md", &edited);
    live.wait_for("the new blocker", |ix| {
        dashboard::build(ix, "Customers/Acme.md", today())
            .is_some_and(|d| d.blockers == ["Legal review", "Budget freeze"])
    });
}

#[test]
fn save_by_rename_is_one_change() {
    let mut live = Live::start(&[("x.md", "old\n")]);
    std::fs::write(live.path("x.md.tmp"), "new\n").unwrap();
    std::fs::rename(live.path("x.md.tmp"), live.path("x.md")).unwrap();
    let seen = live.wait_for("the renamed-over note", |ix| holds(ix, "x.md", "new\n"));
    assert_eq!(kinds(&seen, "x.md"), vec![ChangeKind::Changed]);
    assert_eq!(live.index.len(), 1);
}

#[test]
fn a_vim_style_save_keeps_the_note() {
    let mut live = Live::start(&[("x.md", "old\n")]);
    std::fs::rename(live.path("x.md"), live.path("x.md~")).unwrap();
    std::fs::write(live.path("x.md"), "new\n").unwrap();
    std::fs::remove_file(live.path("x.md~")).unwrap();
    live.wait_for("the new content", |ix| holds(ix, "x.md", "new\n"));
    // Nothing later takes it away again.
    live.write("marker.md", "m\n");
    live.wait_for("a later note", |ix| ix.note("marker.md").is_some());
    assert!(holds(&live.index, "x.md", "new\n"));
    assert_eq!(live.index.len(), 2);
}

#[test]
fn a_deleted_note_is_removed() {
    let mut live = Live::start(&[("Customers/Acme.md", ACME), ("other.md", "o\n")]);
    std::fs::remove_file(live.path("Customers/Acme.md")).unwrap();
    let seen = live.wait_for("the removal", |ix| ix.note("Customers/Acme.md").is_none());
    assert_eq!(
        seen,
        vec![NoteChange {
            kind: ChangeKind::Removed,
            path: "Customers/Acme.md".into(),
            account: Some("Acme".into()),
        }]
    );
}

#[test]
fn a_renamed_note_takes_its_activity_and_links_along() {
    let mut live = Live::start(&[
        ("Customers/Acme.md", ACME),
        (
            "Meetings/2026-11-01 Sync.md",
            "---\naccount: \"[[Acme]]\"\n---\n- [ ] send the deck\n",
        ),
        ("People/Ann.md", "Works with [[Acme]]\n"),
    ]);
    std::fs::rename(
        live.path("Meetings/2026-11-01 Sync.md"),
        live.path("Meetings/2026-11-02 Sync.md"),
    )
    .unwrap();
    std::fs::rename(live.path("People/Ann.md"), live.path("People/Ann Lee.md")).unwrap();
    let seen = live.wait_for("the renamed notes", |ix| {
        ix.note("Meetings/2026-11-01 Sync.md").is_none() && ix.note("People/Ann.md").is_none()
    });
    assert_eq!(
        kinds(&seen, "Meetings/2026-11-01 Sync.md"),
        vec![ChangeKind::Removed]
    );
    assert_eq!(
        kinds(&seen, "Meetings/2026-11-02 Sync.md"),
        vec![ChangeKind::Added]
    );
    let ix = &live.index;
    assert_eq!(
        ix.activity("Customers/Acme.md").collect::<Vec<_>>(),
        vec!["Meetings/2026-11-02 Sync.md"]
    );
    assert_eq!(
        ix.backlinks("Customers/Acme.md").collect::<Vec<_>>(),
        vec!["Meetings/2026-11-02 Sync.md", "People/Ann Lee.md"]
    );
    assert_eq!(
        open_task_texts(ix, "Customers/Acme.md"),
        vec!["send the deck"]
    );
}

#[test]
fn a_renamed_folder_moves_every_note_in_it() {
    let mut live = Live::start(&[
        (
            "Customers/Acme/README.md",
            "---\ntype: customer\n---\n# Acme\n",
        ),
        ("Customers/Acme/2026-11-01 Call.md", "- [ ] follow up\n"),
        ("Customers/Beta.md", "---\ntype: customer\n---\n"),
        ("Weekly.md", "[[Beta]]\n"),
    ]);
    std::fs::rename(live.path("Customers"), live.path("Clients")).unwrap();
    let seen = live.wait_for("the moved folder", |ix| {
        ix.note("Clients/Acme/README.md").is_some()
            && ix.note("Clients/Beta.md").is_some()
            && !ix.notes().any(|n| n.path.starts_with("Customers/"))
    });
    assert_eq!(seen.len(), 6, "{seen:?}");
    let ix = &live.index;
    assert_eq!(ix.len(), 4);
    assert_eq!(
        ix.activity("Clients/Acme/README.md").collect::<Vec<_>>(),
        vec!["Clients/Acme/2026-11-01 Call.md"]
    );
    assert_eq!(
        open_task_texts(ix, "Clients/Acme/README.md"),
        vec!["follow up"]
    );
    assert_eq!(
        ix.backlinks("Clients/Beta.md").collect::<Vec<_>>(),
        vec!["Weekly.md"]
    );
}

#[test]
fn a_new_folder_with_notes_is_read_whole() {
    let mut live = Live::start(&[]);
    std::fs::create_dir(live.path("New")).unwrap();
    std::fs::create_dir(live.path("New/Sub")).unwrap();
    std::fs::write(live.path("New/a.md"), "a\n").unwrap();
    std::fs::write(live.path("New/Sub/b.md"), "b\n").unwrap();
    std::fs::write(live.path("New/c.md"), "c\n").unwrap();
    std::fs::write(live.path("New/skip.txt"), "s\n").unwrap();
    live.wait_for("the new folder's notes", |ix| ix.len() == 3);
    assert!(holds(&live.index, "New/Sub/b.md", "b\n"));
}

#[test]
fn a_burst_of_two_thousand_files_all_arrive() {
    let mut live = Live::start(&[("Customers/Acme.md", ACME)]);
    let before = live.index.len();
    for i in 0..2000 {
        let folder = i % 20;
        if i < 20 {
            std::fs::create_dir_all(live.path(&format!("Burst/{folder:02}"))).unwrap();
        }
        std::fs::write(
            live.path(&format!("Burst/{folder:02}/note {i:04}.md")),
            format!("Note {i} about [[Acme]]\n"),
        )
        .unwrap();
    }
    live.wait_for_within(Duration::from_secs(60), "all 2,000 notes", |ix| {
        ix.len() == before + 2000
    });
    assert_eq!(live.index.backlinks("Customers/Acme.md").count(), 2000);
}

#[test]
fn a_note_rewritten_while_it_is_read_ends_with_its_last_version() {
    let mut live = Live::start(&[("x.md", "v0\n")]);
    let mut last = String::new();
    for i in 1..=50 {
        last = format!("v{i}\n{}\n", "line\n".repeat(i * 50));
        std::fs::write(live.path("x.md"), &last).unwrap();
    }
    live.wait_for("the last version", |ix| holds(ix, "x.md", &last));
}

#[test]
fn changed_task_settings_re_derive_status_types() {
    let mut live = Live::start(&[
        ("Customers/Acme.md", ACME),
        ("Customers/Acme-tasks.md", "[[Acme]]\n- [?] maybe a pilot\n"),
    ]);
    let status = |ix: &Index| ix.note("Customers/Acme-tasks.md").unwrap().tasks[0].status;
    // Undeclared, `?` counts as TODO.
    assert_eq!(status(&live.index), StatusType::Todo);
    assert_eq!(
        open_task_texts(&live.index, "Customers/Acme.md"),
        vec!["maybe a pilot"]
    );
    live.write(
        TASKS_SETTINGS,
        r#"{"statusSettings":{"customStatuses":[{"symbol":"?","name":"Rejected","type":"CANCELLED"}]}}"#,
    );
    live.wait_for("the new status type", |ix| {
        status(ix) == StatusType::Cancelled
    });
    assert!(open_task_texts(&live.index, "Customers/Acme.md").is_empty());
}

/// Obsidian's excluded files arrive compiled with the settings, on the watcher's
/// thread: a new `/regex/` filter archives the notes it matches, and one that is
/// not a regex is reported once, naming the settings file, instead of failing to
/// match on every refresh.
#[test]
fn changed_excluded_files_are_compiled_once_and_archive_notes() {
    use acct::vault::{APP_SETTINGS, IgnoreFilter};
    let mut live = Live::start(&[
        ("Customers/Acme.md", ACME),
        ("Drafts/2026 plan.md", "[[Acme]]\n"),
    ]);
    assert!(!live.index.is_archived("Drafts/2026 plan.md"));
    live.write(
        APP_SETTINGS,
        r#"{"userIgnoreFilters":["/^Drafts/\\d{4}/","/(unclosed/","Templates/"]}"#,
    );
    live.wait_for("the new excluded files", |ix| {
        ix.is_archived("Drafts/2026 plan.md")
    });
    let filters = live.index.settings.ignore_filters.filters();
    assert!(
        matches!(&filters[0], IgnoreFilter::Regex(re) if re.as_str() == r"^Drafts/\d{4}"),
        "{filters:?}"
    );
    assert!(matches!(&filters[1], IgnoreFilter::Prefix(p) if p == "templates/"));
    let problems: Vec<String> = live
        .index
        .problems()
        .into_iter()
        .filter(|p| p.path == APP_SETTINGS)
        .map(|p| p.message)
        .collect();
    assert_eq!(
        problems,
        vec!["excluded-files filter /(unclosed/ is not a valid regular expression; it is ignored"]
    );
}

#[test]
fn a_meeting_note_that_links_an_account_updates_its_open_tasks() {
    let mut live = Live::start(&[
        ("Customers/Acme.md", ACME),
        ("Customers/Beta.md", "---\ntype: customer\n---\n# Beta\n"),
        (
            "Meetings/Weekly sync.md",
            "Met [[Beta]]\n- [ ] send pricing\n",
        ),
    ]);
    assert_eq!(
        open_task_texts(&live.index, "Customers/Beta.md"),
        vec!["send pricing"]
    );
    live.write(
        "Meetings/Weekly sync.md",
        "Met [[Beta]]\n- [x] send pricing\n- [ ] book the workshop\n",
    );
    live.wait_for("Beta's new open task", |ix| {
        open_task_texts(ix, "Customers/Beta.md") == ["book the workshop"]
    });
    // A second account named in the note: its tasks belong to neither any more.
    live.write(
        "Meetings/Weekly sync.md",
        "Met [[Beta]] and [[Acme]]\n- [ ] book the workshop\n",
    );
    live.wait_for("the tasks to leave Beta", |ix| {
        open_task_texts(ix, "Customers/Beta.md").is_empty()
    });
    assert!(open_task_texts(&live.index, "Customers/Acme.md").is_empty());
}

#[test]
fn the_polling_fallback_also_delivers_changes() {
    let options = WatchOptions {
        force_poll: true,
        poll_interval: Duration::from_millis(100),
        ..WatchOptions::default()
    };
    let mut live = Live::start_with(&[("x.md", "old\n")], options);
    assert!(
        matches!(&live.mode, WatchMode::Polling(why) if why.contains("ACCT_WATCH_FORCE_POLL")),
        "{:?}",
        live.mode
    );
    live.write("Customers/Acme.md", ACME);
    std::fs::remove_file(live.path("x.md")).unwrap();
    live.wait_for("the polled changes", |ix| {
        ix.is_account("Customers/Acme.md") && ix.note("x.md").is_none()
    });
    std::fs::write(
        live.path("Customers/Acme.md"),
        ACME.replace("Legal", "Security"),
    )
    .unwrap();
    live.wait_for("the polled edit", |ix| {
        dashboard::build(ix, "Customers/Acme.md", today())
            .is_some_and(|d| d.blockers == ["Security review"])
    });
}

/// `acct watch --json` as a person would run it.
#[test]
fn acct_watch_json_prints_each_change_once_indexed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Customers/Acme.md", ACME);
    let mut child = Command::new(env!("CARGO_BIN_EXE_acct"))
        // acct's own state (review points) never goes to the real state folder.
        .env(
            "ACCT_STATE_DIR",
            std::env::temp_dir().join("acct-tests-state"),
        )
        .arg("--vault")
        .arg(dir.path())
        .args(["watch", "--json"])
        .env("ACCT_TODAY", "2026-11-24")
        .env("ACCT_CONFIG", dir.path().join("no-such-config.toml"))
        .env_remove("ACCT_VAULT")
        .env_remove("ACCT_WATCH_FORCE_POLL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, lines) = mpsc::channel::<(&str, String)>();
    let stderr = child.stderr.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx2.send(("stderr", line));
        }
    });
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(("stdout", line));
        }
    });
    let next = |stream: &str| loop {
        match lines.recv_timeout(Duration::from_secs(30)) {
            Ok((s, line)) if s == stream => return line,
            Ok(_) => {}
            Err(e) => panic!("no {stream} line from acct watch: {e}"),
        }
    };
    let ready = next("stderr");
    assert!(ready.starts_with("acct: watching "), "{ready}");

    write_atomically(
        dir.path(),
        "Customers/Acme.md",
        &ACME.replace("Legal review", "Security review"),
    );
    let line = next("stdout");
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["kind"], "changed", "{line}");
    assert_eq!(v["path"], "Customers/Acme.md");
    assert_eq!(v["account"], "Acme");
    let at = v["at"].as_str().unwrap();
    assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok(), "{at}");
    assert_eq!(
        v.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["account", "at", "kind", "path"]
    );

    // SIGTERM ends it quietly with 0.
    let killed = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("acct watch did not stop on SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
}

/// With polling forced, `acct watch` says so and still streams readable lines.
#[test]
fn acct_watch_polls_when_told_to_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Customers/Acme.md", ACME);
    let mut child = Command::new(env!("CARGO_BIN_EXE_acct"))
        // acct's own state (review points) never goes to the real state folder.
        .env(
            "ACCT_STATE_DIR",
            std::env::temp_dir().join("acct-tests-state"),
        )
        .arg("--vault")
        .arg(dir.path())
        .arg("watch")
        .env("ACCT_TODAY", "2026-11-24")
        .env("ACCT_CONFIG", dir.path().join("no-such-config.toml"))
        .env("ACCT_WATCH_FORCE_POLL", "1")
        .env_remove("ACCT_VAULT")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut ready = String::new();
    stderr.read_line(&mut ready).unwrap();
    assert!(ready.starts_with("acct: watching "), "{ready}");
    let (tx, lines) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let next = || {
        lines
            .recv_timeout(Duration::from_secs(30))
            .expect("a line from acct watch")
    };
    let polling = next();
    assert!(
        polling.contains("polling") && polling.contains("ACCT_WATCH_FORCE_POLL"),
        "{polling}"
    );
    write_atomically(
        dir.path(),
        "Customers/Acme.md",
        &ACME.replace("Legal", "Security"),
    );
    let line = next();
    // A file name with an escape sequence is printed defused (docs/cli.md, "Text output").
    write(dir.path(), "Customers/Evil \u{1b}[31mRed.md", "# Evil\n");
    let evil = next();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        evil.contains("added") && evil.contains("Customers/Evil \u{fffd}[31mRed.md"),
        "{evil:?}"
    );
    assert!(!evil.contains('\u{1b}'), "{evil:?}");
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        words[1..],
        ["changed", "Customers/Acme.md", "(Acme)"],
        "{line}"
    );
    assert!(
        chrono::NaiveTime::parse_from_str(words[0], "%H:%M:%S").is_ok(),
        "{line}"
    );
}

#[test]
fn reading_the_vault_over_and_over_sends_nothing_and_loses_nothing() {
    use acct::index::change::Update;
    let live = Live::start(&[("Customers/Acme.md", ACME)]);
    // Far more opens than the kernel's event queue holds (16,384 by default): a
    // start's walk and reads, an indexer, a backup. Were opens watched, the
    // queue would overflow and the whole vault be read again.
    let note = live.path("Customers/Acme.md");
    let folder = live.path("Customers");
    for _ in 0..40_000 {
        drop(std::fs::File::open(&note).unwrap());
        drop(std::fs::read_dir(&folder).unwrap());
    }
    // Then a real edit, which must arrive on its own.
    live.write("Customers/Acme.md", &ACME.replace("Acme", "Acme Rockets"));
    let deadline = Instant::now() + WAIT;
    let mut updates = Vec::new();
    while Instant::now() < deadline {
        if let Ok(WatchEvent::Changes(batch)) = live.rx.recv_timeout(Duration::from_millis(200)) {
            let done = batch
                .iter()
                .any(|u| matches!(u, Update::Note(n) if n.text().contains("Acme Rockets")));
            updates.extend(batch);
            if done {
                break;
            }
        }
    }
    assert!(
        !updates.iter().any(|u| matches!(u, Update::Rescan { .. })),
        "no rescan: nothing was lost"
    );
    assert_eq!(updates.len(), 1, "only the edit: {} updates", updates.len());
    assert!(matches!(&updates[0], Update::Note(n) if n.path == "Customers/Acme.md"));
}
