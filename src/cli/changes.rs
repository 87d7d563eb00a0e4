//! `acct changes`: what changed in an account since its review point, a date or
//! a revision (docs/cli.md), and recording a review point for `acct review`.

use chrono::NaiveDate;

use super::{Failure, find_account};
use crate::config::Config;
use crate::git::Repo;
use crate::index::Index;
use crate::model::changes::{self, Changes, SinceArg, Sources};
use crate::state::StateFile;

/// Opens the vault's state (recording the first sight of a vault) and its history.
pub fn open_state(index: &Index, today: NaiveDate) -> Result<(StateFile, Option<Repo>), Failure> {
    let repo = Repo::open(&index.root);
    let mut state = StateFile::open(&index.root).map_err(|e| Failure {
        code: 1,
        message: e.to_string(),
    })?;
    let now = chrono::Utc::now().timestamp();
    changes::record_first_sight(&mut state, index, today, now, repo.is_some())
        .map_err(|message| Failure { code: 1, message })?;
    Ok((state, repo))
}

/// The changes of one account (`account`), or of every live account that has any.
pub fn run(
    index: &Index,
    config: &Config,
    today: NaiveDate,
    account: Option<&str>,
    since: Option<&str>,
    archived: bool,
) -> Result<Vec<Changes>, Failure> {
    let since = since.map_or(SinceArg::Reviewed, SinceArg::parse);
    let (state, repo) = open_state(index, today)?;
    let cache = changes::HistoryCache::default();
    let mut sources = Sources::new(index, config, today, Some(&state), repo.as_ref(), &cache);
    sources.narrow = account.is_some();
    let one = |path: &str| sources.changes(path, &since).map_err(Failure::usage);
    match account {
        Some(name) => Ok(vec![
            one(&find_account(index, today, name, archived)?.path)?,
        ]),
        None => {
            let mut out = Vec::new();
            for row in crate::model::dashboard::summaries(index, today, archived) {
                let c = one(&row.path)?;
                if !c.is_empty() {
                    out.push(c);
                }
            }
            Ok(out)
        }
    }
}

/// Records a review point of the account at `path` (after `acct review`).
pub fn record_review(index: &Index, today: NaiveDate, path: &str) -> Result<(), Failure> {
    let (mut state, _) = open_state(index, today)?;
    let now = chrono::Utc::now().timestamp();
    changes::record_review(&mut state, index, path, today, now)
        .map(|_| ())
        .map_err(|message| Failure { code: 1, message })
}

/// The changes as text: one block per account, `+` added, `-` removed, `~` a
/// status change; each added item with where it is and the commit that brought it.
pub fn render(all: &[Changes]) -> String {
    if all.is_empty() {
        return "no changes\n".to_string();
    }
    let mut out = String::new();
    for c in all {
        out.push_str(&format!(
            "{} ({}) since {}\n",
            c.title,
            c.path,
            c.since_label()
        ));
        if c.is_empty() {
            out.push_str("  no changes\n");
        }
        for s in &c.status_changes {
            out.push_str(&format!(
                "  ~ {}: {} → {}\n",
                s.field,
                s.from.as_deref().unwrap_or("-"),
                s.to.as_deref().unwrap_or("-")
            ));
        }
        for a in &c.added {
            out.push_str(&format!(
                "  + {}: {}  ({}:{}{})\n",
                a.pane.label(),
                a.text.as_deref().unwrap_or(""),
                a.path.as_deref().unwrap_or(""),
                a.line.unwrap_or(0),
                commit_label(a.commit.as_ref())
            ));
        }
        for r in &c.removed {
            out.push_str(&format!(
                "  - {}: {}\n",
                r.pane.label(),
                r.text
                    .as_deref()
                    .unwrap_or("(an item whose text was not kept)")
            ));
        }
        for n in &c.notes_added {
            out.push_str(&format!(
                "  + note {} ({}{})\n",
                n.title.as_deref().unwrap_or(""),
                n.path.as_deref().unwrap_or(""),
                commit_label(n.commit.as_ref())
            ));
        }
        for n in &c.notes_removed {
            out.push_str(&format!(
                "  - note {}\n",
                n.path
                    .as_deref()
                    .unwrap_or("(a note whose path was not kept)")
            ));
        }
    }
    out
}

fn commit_label(c: Option<&crate::git::Commit>) -> String {
    c.map_or_else(String::new, |c| {
        format!(" · {} {}", c.time.get(..10).unwrap_or(&c.time), c.subject)
    })
}
