//! Reading a vault's git history with the `git` command (docs/architecture.md,
//! "Git history"): never writing the work tree, the index or refs, never
//! touching the network. A vault that is not in a git repository, or a machine
//! without git, simply has no history.

mod blame;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset};

pub use blame::Blame;

/// The commit that brought a line or a note.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Commit {
    /// The first 12 hex digits of its id.
    pub id: String,
    /// RFC 3339 commit time.
    pub time: String,
    pub subject: String,
}

/// The git repository a vault lives in.
#[derive(Debug)]
pub struct Repo {
    /// The vault folder; every path given and returned is relative to it.
    root: PathBuf,
    /// The vault folder relative to the repository's top (`""` or `notes/`).
    prefix: String,
    /// Blames by path, kept while the file's size and time are unchanged.
    blames: Mutex<HashMap<String, (FileStamp, Arc<Blame>)>>,
}

type FileStamp = (u64, Option<std::time::SystemTime>);

/// The note files of a revision: vault path and bytes.
pub type Files = Vec<(String, Vec<u8>)>;

impl Repo {
    /// The repository the vault at `root` is in, when git is installed and it
    /// has at least one commit.
    pub fn open(root: &Path) -> Option<Repo> {
        let out = git_in(root)
            .args(["rev-parse", "--show-prefix", "--verify", "HEAD"])
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let prefix = text.lines().next().unwrap_or("").to_string();
        Some(Repo {
            root: root.to_path_buf(),
            prefix,
            blames: Mutex::default(),
        })
    }

    fn git(&self) -> Command {
        git_in(&self.root)
    }

    fn run(&self, args: &[&str]) -> Option<Vec<u8>> {
        let out = self.git().args(args).output().ok()?;
        out.status.success().then_some(out.stdout)
    }

    /// The full id of a revision that names a commit.
    pub fn resolve(&self, rev: &str) -> Option<String> {
        if rev.starts_with('-') {
            return None;
        }
        let out = self.run(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ])?;
        Some(String::from_utf8_lossy(&out).trim().to_string()).filter(|s| !s.is_empty())
    }

    /// The last commit on the current branch made before `unix` seconds.
    pub fn commit_before(&self, unix: i64) -> Option<String> {
        let out = self.run(&["rev-list", "-1", &format!("--before=@{unix}"), "HEAD"])?;
        Some(String::from_utf8_lossy(&out).trim().to_string()).filter(|s| !s.is_empty())
    }

    /// A commit's time.
    pub fn commit_time(&self, rev: &str) -> Option<DateTime<FixedOffset>> {
        let out = self.run(&["show", "-s", "--format=%cI", rev, "--"])?;
        DateTime::parse_from_rfc3339(String::from_utf8_lossy(&out).trim()).ok()
    }

    /// The notes of the vault as they were at `rev` (those in `only`, when
    /// given), read from the object store.
    pub fn notes_at(&self, rev: &str, only: Option<&HashSet<String>>) -> Option<Files> {
        let list = self.run(&["ls-tree", "-r", "-z", "--name-only", rev])?;
        let paths: Vec<String> = list
            .split(|b| *b == 0)
            .filter_map(|p| std::str::from_utf8(p).ok())
            .filter(|p| crate::vault::is_note_path(p))
            .filter(|p| only.is_none_or(|o| o.contains(*p)))
            .map(str::to_string)
            .collect();
        let mut child = self
            .git()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let mut stdin = child.stdin.take()?;
        let requests: String = paths
            .iter()
            .map(|p| format!("{rev}:{}{p}\n", self.prefix))
            .collect();
        let writer = std::thread::spawn(move || {
            use std::io::Write;
            let _ = stdin.write_all(requests.as_bytes());
        });
        let out = child.wait_with_output().ok()?;
        let _ = writer.join();
        Some(blame::split_batch(&out.stdout, paths))
    }

    /// Notes renamed in the commits after `rev` (or after `unix` seconds),
    /// oldest first, as (old path, new path).
    pub fn renames_since(&self, since: Since<'_>) -> Vec<(String, String)> {
        let range;
        let mut args = vec![
            "log",
            "--format=",
            "-M",
            "--name-status",
            "-z",
            "--relative",
        ];
        match since {
            Since::Revision(rev) => {
                range = format!("{rev}..HEAD");
                args.push(&range);
            }
            Since::Time(unix) => {
                range = format!("--since=@{unix}");
                args.extend([range.as_str(), "HEAD"]);
            }
        }
        args.push("--");
        let Some(out) = self.run(&args) else {
            return Vec::new();
        };
        let fields: Vec<&str> = out
            .split(|b| *b == 0)
            .filter_map(|f| std::str::from_utf8(f).ok())
            .collect();
        let mut renames = Vec::new();
        let mut i = 0;
        while i < fields.len() {
            let status = fields[i].trim_start_matches('\n');
            if status.starts_with('R') || status.starts_with('C') {
                if let (Some(old), Some(new)) = (fields.get(i + 1), fields.get(i + 2))
                    && status.starts_with('R')
                {
                    renames.push((old.to_string(), new.to_string()));
                }
                i += 3;
            } else {
                i += 2;
            }
        }
        renames.reverse();
        renames
    }

    /// Notes deleted in the commits after `rev`.
    pub fn deleted_since(&self, rev: &str) -> Vec<String> {
        let range = format!("{rev}..HEAD");
        let args = [
            "log",
            "--format=",
            "--no-renames",
            "--diff-filter=D",
            "--name-only",
            "-z",
            "--relative",
            &range,
            "--",
        ];
        self.run(&args)
            .map(|out| {
                out.split(|b| *b == 0)
                    .filter_map(|p| std::str::from_utf8(p).ok())
                    .map(|p| p.trim_start_matches('\n').to_string())
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Which commit last wrote each line of the note at `path` (as it is on
    /// disk), following renames; cached while the file is unchanged.
    pub fn blame(&self, path: &str) -> Option<Arc<Blame>> {
        let meta = std::fs::metadata(self.root.join(path)).ok()?;
        let stamp = (meta.len(), meta.modified().ok());
        if let Some((s, b)) = self.blames.lock().ok()?.get(path)
            && *s == stamp
        {
            return Some(b.clone());
        }
        let out = self.run(&["blame", "--porcelain", "-M", "--", path])?;
        let blame = Arc::new(Blame::parse(&out));
        if let Ok(mut cache) = self.blames.lock() {
            cache.insert(path.to_string(), (stamp, blame.clone()));
        }
        Some(blame)
    }

    /// The commit that added the note at `path`, following renames.
    pub fn added_by(&self, path: &str) -> Option<Commit> {
        let out = self.run(&[
            "log",
            "--follow",
            "--diff-filter=A",
            "-1",
            "--format=%H%x00%cI%x00%s",
            "--",
            path,
        ])?;
        let text = String::from_utf8_lossy(&out);
        let mut parts = text.trim_end().splitn(3, '\0');
        let (id, time, subject) = (parts.next()?, parts.next()?, parts.next()?);
        (!id.is_empty()).then(|| Commit {
            id: id.chars().take(12).collect(),
            time: time.to_string(),
            subject: subject.to_string(),
        })
    }
}

/// Where a history read starts.
#[derive(Debug, Clone, Copy)]
pub enum Since<'a> {
    Revision(&'a str),
    Time(i64),
}

/// `git -C root`, reading only: no optional locks (no index refresh), no pager,
/// no prompts, messages in English.
fn git_in(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C")
        .arg(root)
        .args(["--no-pager", "-c", "core.quotePath=false"])
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    cmd
}
