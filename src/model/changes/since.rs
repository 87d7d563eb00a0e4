//! Choosing an account's baseline (its review point, a day or a revision of the
//! vault's history, or the account as acct first saw it) and measuring the
//! changes from it. Rules in docs/vault.md, "Since last review".

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Local, NaiveDate, TimeZone};
use rayon::prelude::*;

use super::{Baseline, Changes, Since, Snapshot, diff, snapshot};
use crate::config::Config;
use crate::git::{self, Repo};
use crate::index::Index;
use crate::state::StateFile;

/// Days of history shown for an account never reviewed, unless the config says.
pub const DEFAULT_DAYS: u32 = 7;

/// What `--since` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SinceArg {
    /// The review point (the default), else the default number of days.
    Reviewed,
    Date(NaiveDate),
    Revision(String),
}

impl SinceArg {
    /// `reviewed`, a date `YYYY-MM-DD`, or anything else as a git revision.
    pub fn parse(s: &str) -> SinceArg {
        let s = s.trim();
        if s.eq_ignore_ascii_case("reviewed") {
            SinceArg::Reviewed
        } else if let Some(d) = crate::text::parse_date(s).filter(|_| s.len() == 10) {
            SinceArg::Date(d)
        } else {
            SinceArg::Revision(s.to_string())
        }
    }
}

/// Everything a baseline may come from. The vault as it was at a revision is
/// read once and kept, so every account of the list shares it.
pub struct Sources<'a> {
    pub index: &'a Index,
    pub config: &'a Config,
    pub today: NaiveDate,
    /// Now, in unix seconds.
    pub now: i64,
    pub state: Option<&'a StateFile>,
    pub repo: Option<&'a Repo>,
    old: &'a HistoryCache,
    /// Read only the notes one account may draw from at an old revision (its
    /// note, its related notes, notes deleted since), not the whole vault: for
    /// one account at a time. The dashboard, counting every account, reads the
    /// whole vault once instead.
    pub narrow: bool,
}

/// The vault as it was at each revision read so far; kept by the dashboard
/// between views so a second look costs no git call.
#[derive(Default)]
pub struct HistoryCache(Mutex<HashMap<String, Arc<Old>>>);

/// The vault at a revision.
struct Old {
    index: Index,
    renames: Vec<(String, String)>,
}

impl<'a> Sources<'a> {
    pub fn new(
        index: &'a Index,
        config: &'a Config,
        today: NaiveDate,
        state: Option<&'a StateFile>,
        repo: Option<&'a Repo>,
        old: &'a HistoryCache,
    ) -> Self {
        Self {
            index,
            config,
            today,
            now: chrono::Utc::now().timestamp(),
            state,
            repo,
            old,
            narrow: false,
        }
    }

    fn days(&self) -> u32 {
        self.config.changes_days.unwrap_or(DEFAULT_DAYS)
    }

    /// The changes of the account at `path`, each added item with the commit
    /// that brought it when the vault has history.
    pub fn changes(&self, path: &str, since: &SinceArg) -> Result<Changes, String> {
        let mut changes = self.changes_without_commits(path, since)?;
        if let Some(repo) = self.repo {
            attribute(repo, &mut changes);
        }
        Ok(changes)
    }

    /// How many things are new in the account since its baseline (no git blame).
    pub fn new_count(&self, path: &str) -> usize {
        let Ok((base, _)) = self.baseline(path, &SinceArg::Reviewed) else {
            return 0;
        };
        super::count_new(self.index, path, self.today, &base).unwrap_or(0)
    }

    fn changes_without_commits(&self, path: &str, since: &SinceArg) -> Result<Changes, String> {
        let now = snapshot(self.index, path, self.today)
            .ok_or_else(|| format!("{path} is no longer in the vault"))?;
        let (base, since) = self.baseline(path, since)?;
        Ok(diff(&now, path, &base, since))
    }

    fn baseline(&self, path: &str, since: &SinceArg) -> Result<(Baseline, Since), String> {
        match since {
            SinceArg::Reviewed => {
                if let Some(found) = self.review_point(path) {
                    return Ok(found);
                }
                self.default_baseline(path)
            }
            SinceArg::Date(d) => {
                let repo = self.repo.ok_or_else(|| {
                    format!(
                        "--since {d} needs the vault's git history, and {} is not in a git repository",
                        self.index.root.display()
                    )
                })?;
                let unix = local_midnight(*d);
                let since = Since {
                    kind: "date",
                    at: d.to_string(),
                    revision: None,
                };
                Ok(self.at_commit(repo, repo.commit_before(unix), path, since))
            }
            SinceArg::Revision(rev) => {
                let repo = self.repo.ok_or_else(|| {
                    format!(
                        "--since {rev} names a git revision, and {} is not in a git repository",
                        self.index.root.display()
                    )
                })?;
                let id = repo.resolve(rev).ok_or_else(|| {
                    format!("--since {rev}: no such revision in the vault's git history (use reviewed, a date YYYY-MM-DD or a commit)")
                })?;
                let at = repo
                    .commit_time(&id)
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_default();
                let since = Since {
                    kind: "revision",
                    at,
                    revision: Some(id.clone()),
                };
                Ok(self.at_commit(repo, Some(id), path, since))
            }
        }
    }

    /// The review point of the account (found under its old path after a rename).
    fn review_point(&self, path: &str) -> Option<(Baseline, Since)> {
        let state = self.state?;
        let mut renames = Vec::new();
        let mut key = path.to_string();
        if !state.state.reviews.contains_key(path) {
            let repo = self.repo?;
            let earliest = state.state.reviews.values().map(|p| p.at).min()?;
            renames = repo.renames_since(git::Since::Time(earliest));
            for (old, new) in renames.iter().rev() {
                if *new == key {
                    key = old.clone();
                }
            }
        }
        let point = state.state.reviews.get(&key)?;
        if renames.is_empty()
            && let Some(repo) = self.repo
        {
            renames = repo.renames_since(git::Since::Time(point.at));
        }
        let texts = state
            .reviewed_texts(&key)
            .and_then(|b| serde_json::from_slice::<Snapshot>(&b).ok());
        // The fingerprints are the review point; the texts only name them.
        let base = Baseline {
            items: point.items.unpack(),
            notes: point.notes.unpack(),
            snapshot: texts,
            renames,
        };
        Some((
            base,
            Since {
                kind: "reviewed",
                at: rfc3339(point.at),
                revision: None,
            },
        ))
    }

    /// Never reviewed: the configured number of days of git history, else the
    /// account as acct first saw the vault.
    fn default_baseline(&self, path: &str) -> Result<(Baseline, Since), String> {
        if let Some(repo) = self.repo {
            let from = self.today - chrono::Duration::days(i64::from(self.days()));
            let since = Since {
                kind: "date",
                at: from.to_string(),
                revision: None,
            };
            return Ok(self.at_commit(repo, repo.commit_before(local_midnight(from)), path, since));
        }
        let since = |at: i64| Since {
            kind: "first_seen",
            at: rfc3339(at),
            revision: None,
        };
        let Some(state) = self.state else {
            return Ok((Baseline::default(), since(self.now)));
        };
        let first = if state.is_new() {
            self.now
        } else {
            state.state.first_seen
        };
        Ok(match state.state.seen.get(path) {
            Some(point) => (
                Baseline {
                    items: point.items.unpack(),
                    notes: point.notes.unpack(),
                    ..Baseline::default()
                },
                since(point.at),
            ),
            None => (Baseline::default(), since(first)),
        })
    }

    /// The account as it was at commit `id` (nothing, when the history starts later).
    fn at_commit(
        &self,
        repo: &Repo,
        id: Option<String>,
        path: &str,
        mut since: Since,
    ) -> (Baseline, Since) {
        let Some(id) = id else {
            return (Baseline::default(), since);
        };
        since.revision = Some(id.clone());
        let Some(old) = self.old_vault(repo, &id, path) else {
            return (Baseline::default(), since);
        };
        let mut old_path = path.to_string();
        for (from, to) in old.renames.iter().rev() {
            if *to == old_path {
                old_path = from.clone();
            }
        }
        let snap: Option<Snapshot> = snapshot(&old.index, &old_path, self.today);
        let mut base = snap.map(Baseline::of).unwrap_or_default();
        base.renames = old.renames.clone();
        (base, since)
    }

    fn old_vault(&self, repo: &Repo, id: &str, account: &str) -> Option<Arc<Old>> {
        let key = if self.narrow {
            format!("{id}:{account}")
        } else {
            id.to_string()
        };
        // Held while the revision is read, so two accounts never read it twice.
        let mut cache = self.old.0.lock().ok()?;
        if let Some(old) = cache.get(&key) {
            return Some(old.clone());
        }
        let renames = repo.renames_since(git::Since::Revision(id));
        let only: Option<std::collections::HashSet<String>> = self.narrow.then(|| {
            let mut wanted: Vec<String> = self
                .index
                .related(account)
                .into_iter()
                .map(str::to_string)
                .chain([account.to_string()])
                .collect();
            // Each note under every name it had since the revision.
            for (from, to) in renames.iter().rev() {
                if wanted.contains(to) {
                    wanted.push(from.clone());
                }
            }
            wanted.extend(repo.deleted_since(id));
            wanted.into_iter().collect()
        });
        let files = repo.notes_at(id, only.as_ref())?;
        let statuses = &self.index.settings.statuses;
        let notes = files
            .into_par_iter()
            .map(|(p, bytes)| crate::note::parse_owned(&p, bytes, statuses))
            .collect();
        let index = Index::from_notes(
            &self.index.root,
            self.config,
            self.index.settings.clone(),
            notes,
        );
        let old = Arc::new(Old { index, renames });
        cache.insert(key, old.clone());
        Some(old)
    }
}

/// Gives each added item the commit that last wrote its line, and each added
/// note the commit that added it.
pub fn attribute(repo: &Repo, changes: &mut Changes) {
    let mut paths: Vec<&str> = changes
        .added
        .iter()
        .filter_map(|c| c.path.as_deref())
        .collect();
    paths.sort_unstable();
    paths.dedup();
    let blames: HashMap<String, std::sync::Arc<git::Blame>> = paths
        .par_iter()
        .filter_map(|p| repo.blame(p).map(|b| (p.to_string(), b)))
        .collect();
    for c in &mut changes.added {
        if let (Some(p), Some(line)) = (&c.path, c.line) {
            c.commit = blames.get(p).and_then(|b| b.commit(line)).cloned();
        }
    }
    let added: Vec<Option<git::Commit>> = changes
        .notes_added
        .par_iter()
        .map(|n| n.path.as_deref().and_then(|p| repo.added_by(p)))
        .collect();
    for (n, c) in changes.notes_added.iter_mut().zip(added) {
        n.commit = c;
    }
}

/// The start of `date` in local time, in unix seconds.
fn local_midnight(date: NaiveDate) -> i64 {
    let naive = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| naive.and_utc().timestamp(), |t| t.timestamp())
}

fn rfc3339(unix: i64) -> String {
    DateTime::from_timestamp(unix, 0)
        .map(|t| t.with_timezone(&Local).to_rfc3339())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_reads_reviewed_a_date_or_a_revision() {
        assert_eq!(SinceArg::parse("Reviewed"), SinceArg::Reviewed);
        assert_eq!(
            SinceArg::parse("2026-11-01"),
            SinceArg::Date(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
        );
        assert_eq!(
            SinceArg::parse("HEAD~3"),
            SinceArg::Revision("HEAD~3".into())
        );
    }
}
