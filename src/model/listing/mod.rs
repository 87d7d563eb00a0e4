//! The list of every account at a start (`acct list`): taken whole from the
//! previous start's when no note, vault setting, config value or day differs
//! from what it was computed from; brought up to date when notes were only
//! edited in place; else computed from the index; and kept for the next start
//! (docs/performance.md, "Kept results" and "Rows after changes").

mod sources;

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dashboard::{self, AccountSummary};
use crate::config::Config;
use crate::index::Index;
use crate::vault::cache::FileKey;
use crate::vault::kept::Kept;
use crate::vault::{self, CacheMode, VaultSettings};
use sources::Sources;

/// Bumped whenever [`AccountSummary`], the kept sources or the way rows are
/// computed change in a way the acct version would not show (a kept list is
/// also tied to the version).
const ROWS_VERSION: u32 = 3;

/// Every account's row at a start.
pub struct Listing {
    /// Every account, archived ones included, in triage order.
    pub rows: Vec<AccountSummary>,
    /// The index the rows were computed from; `None` when they were kept ones.
    /// (Shared with the writes, which note what the rows were computed from.)
    pub index: Option<Arc<Index>>,
    /// Where the rows came from.
    pub how: How,
    /// The caches to write before the process ends (off the thread that prints).
    pub writes: Writes,
}

/// Where a start's rows came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Kept whole: nothing they are computed from changed.
    Kept,
    /// Kept, with the rows of the accounts that notes edited in place feed
    /// computed again from the notes read for them.
    Updated { notes_read: usize, rows: usize },
    /// Computed from an index of the whole vault.
    Computed,
}

/// The parse cache and the kept rows, when they need writing.
#[derive(Default)]
pub struct Writes {
    /// The parse cache being written, on a thread of its own.
    parse: Option<std::thread::JoinHandle<()>>,
    /// Rows to keep, with what they were computed from.
    keep: Option<Keep>,
}

/// Where rows may be kept, what they were computed from, and (once given)
/// the rows and their sources.
struct Keep {
    kept: Kept,
    /// [`context`].
    context: u128,
    /// The survey's fingerprint of every note.
    notes: u128,
    /// Of every note path the survey found, and each one's key.
    paths: u128,
    keys: Vec<FileKey>,
    /// The rows, encoded.
    rows: Option<Vec<u8>>,
    sources: Option<Sources>,
    /// The index to note the sources from when they are written.
    index: Option<Arc<Index>>,
}

impl Keep {
    fn note_sources(&mut self, index: &Index) {
        let started = std::time::Instant::now();
        self.sources = Sources::of_index(index, self.paths, &self.keys);
        // Where start-up time goes (docs/performance.md), at `ACCT_LOG=debug`.
        tracing::debug!(
            kept = self.sources.is_some(),
            sources_ms = started.elapsed().as_secs_f64() * 1e3,
            "rows' sources noted"
        );
    }
}

impl Writes {
    /// Notes what each account's row is computed from in `index` (built from
    /// the notes the survey found), to keep with the rows.
    pub fn keep_sources(&mut self, index: &Index) {
        if let Some(keep) = &mut self.keep {
            keep.note_sources(index);
        }
    }

    /// [`Writes::keep_sources`] when the caches are written (on the thread
    /// that writes them, while the list prints).
    fn keep_sources_later(&mut self, index: Arc<Index>) {
        if let Some(keep) = &mut self.keep {
            keep.index = Some(index);
        }
    }

    /// Keeps `rows` (every account's, archived included, in triage order, as
    /// [`dashboard::summaries`] gives them for the day of the start) for the
    /// next start, when the inputs could be vouched for.
    pub fn keep_rows(&mut self, rows: &[AccountSummary]) {
        if let Some(keep) = &mut self.keep {
            keep.rows = encode_rows(rows);
        }
    }

    /// Whether there is anything to write.
    pub fn is_empty(&self) -> bool {
        self.parse.is_none() && self.keep.as_ref().is_none_or(|k| k.rows.is_none())
    }

    /// Writes them; a failure is logged, never shown: the next start computes
    /// what it cannot take from them.
    pub fn write(self) {
        let rows = self.keep.and_then(|mut keep| {
            let rows = keep.rows.take()?;
            // While the parse cache is still being written.
            if let Some(index) = keep.index.take() {
                keep.note_sources(&index);
            }
            let started = std::time::Instant::now();
            let sources = keep.sources.take().and_then(Sources::into_parts);
            // Where start-up time goes (docs/performance.md), at `ACCT_LOG=debug`.
            tracing::debug!(
                encode_ms = started.elapsed().as_secs_f64() * 1e3,
                "rows' sources encoded"
            );
            Some((encode(keep.notes, rows), sources, keep))
        });
        if let Some(writer) = self.parse {
            let _ = writer.join();
        }
        let Some((rows, sources, keep)) = rows else {
            return;
        };
        if let Err(e) = keep.kept.write_parts(keep.context, &[&rows[0], &rows[1]]) {
            tracing::warn!(file = %keep.kept.file().display(), "could not keep the account list: {e}");
            return;
        }
        pause_for_tests();
        // The sources name the rows they go with: a sources file left from
        // another list (a write cut short between the two) is never used.
        if let Some(sources) = sources {
            let tag = rows_tag(&[&rows[0], &rows[1]]).to_le_bytes();
            let mut parts: Vec<&[u8]> = vec![&tag];
            parts.extend(sources.iter().map(Vec::as_slice));
            let file = keep.kept.sibling("sources");
            if let Err(e) = file.write_parts(keep.context, &parts) {
                tracing::warn!(file = %file.file().display(), "could not keep the rows' sources: {e}");
            }
        }
    }
}

/// `ACCT_TEST_PAUSE_KEEPING_MS`: a pause between keeping the list and keeping its
/// sources, so that a test can end the process in the middle of the two writes
/// (the dashboard waits for them when it quits).
fn pause_for_tests() {
    if let Some(ms) = std::env::var("ACCT_TEST_PAUSE_KEEPING_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Every account's row: the kept rows when they were computed from exactly
/// this vault, settings, config and day; the kept rows brought up to date
/// when notes were edited, added or removed since; else from an index built now
/// (through the parse cache `mode` names). Kept for the next start.
pub fn every_account(root: &Path, config: &Config, today: NaiveDate, mode: &CacheMode) -> Listing {
    let start = Start::new(root, config, today, mode);
    if let Some(rows) = start.kept_rows() {
        return Listing {
            rows,
            index: None,
            how: How::Kept,
            writes: Writes::default(),
        };
    }
    if let Some((rows, how, writes)) = start.updated_rows(config, today) {
        return Listing {
            rows,
            index: None,
            how,
            writes,
        };
    }
    let (index, mut writes) = start.build_index(config, &vault::Progress::default());
    let started = std::time::Instant::now();
    let rows = dashboard::summaries(&index, today, true);
    // Where start-up time goes (docs/performance.md), at `ACCT_LOG=debug`.
    tracing::debug!(
        rows_ms = started.elapsed().as_secs_f64() * 1e3,
        peak_mib = crate::logging::memory_mib().map(|m| m.0),
        "every account's row computed"
    );
    let index = Arc::new(index);
    writes.keep_rows(&rows);
    writes.keep_sources_later(index.clone());
    Listing {
        rows,
        index: Some(index),
        how: How::Computed,
        writes,
    }
}

/// What `acct check --verify-cache` finds of the kept account list.
#[derive(Debug, PartialEq, Eq)]
pub enum KeptCheck {
    /// No kept list could be taken (none yet, or another day's, config's or build's).
    Nothing,
    /// The kept list (`how`: kept whole or brought up to date) equals the rows
    /// computed from an index of every note.
    Agrees { how: How, rows: usize },
    /// It differs in these accounts' rows; the kept file was removed.
    Differs { how: How, paths: Vec<String> },
}

/// Compares the account list a start would take (kept whole, or brought up to
/// date after changes) with the rows computed from an index of every note; a
/// kept list that differs is removed, so the next start computes it afresh.
pub fn verify(root: &Path, config: &Config, today: NaiveDate, mode: &CacheMode) -> KeptCheck {
    let start = Start::new(root, config, today, mode);
    let taken = match start.kept_rows() {
        Some(rows) => Some((How::Kept, rows)),
        None => start
            .updated_rows(config, today)
            .map(|(rows, how, _)| (how, rows)),
    };
    let Some((how, rows)) = taken else {
        return KeptCheck::Nothing;
    };
    let fresh = dashboard::summaries(&Index::build(root, config), today, true);
    if rows == fresh {
        return KeptCheck::Agrees {
            how,
            rows: rows.len(),
        };
    }
    let mut paths: Vec<String> = (rows.iter().filter(|r| !fresh.contains(r)))
        .chain(fresh.iter().filter(|r| !rows.contains(r)))
        .map(|r| r.path.clone())
        .collect();
    paths.sort();
    paths.dedup();
    if let Some(kept) = &start.kept {
        let _ = std::fs::remove_file(kept.file());
    }
    KeptCheck::Differs { how, paths }
}

/// A start, before the index is built: the vault's settings read and, when
/// results may be kept, the vault surveyed and what the previous start kept
/// read.
pub struct Start {
    root: std::path::PathBuf,
    mode: CacheMode,
    settings: VaultSettings,
    survey: Option<vault::Survey>,
    kept: Option<Kept>,
    /// [`context`].
    context: u128,
    /// The survey's fingerprint of every note; `None` when it cannot vouch for
    /// them (nothing is then taken or kept).
    notes: Option<u128>,
    /// What the previous start kept under the same context.
    payload: Option<crate::vault::kept::Payload>,
    /// The parse cache, being read ahead of [`Start::build_index`].
    preload: Option<crate::vault::cache::Preload>,
}

impl Start {
    pub fn new(root: &Path, config: &Config, today: NaiveDate, mode: &CacheMode) -> Self {
        let started = std::time::Instant::now();
        let settings = vault::read_settings(root);
        let kept = Kept::for_vault(mode, root, "rows");
        let context = context(config, &settings, today);
        // Only rows kept for these very inputs need the vault surveyed (a
        // `stat` of every note) before the notes are read; otherwise the read
        // takes each note's key as it opens it (docs/performance.md, "Kept results").
        let payload = kept.as_ref().and_then(|kept| kept.load(context));
        let survey = payload.is_some().then(|| vault::survey(root));
        if let Some(survey) = &survey {
            // Where start-up time goes (docs/performance.md), at `ACCT_LOG=debug`.
            tracing::debug!(
                notes = survey.paths.len(),
                survey_ms = started.elapsed().as_secs_f64() * 1e3,
                peak_mib = crate::logging::memory_mib().map(|m| m.0),
                "vault surveyed"
            );
        }
        let notes = survey.as_ref().and_then(vault::Survey::fingerprint);
        let payload = notes.and(payload);
        Self {
            root: root.to_path_buf(),
            mode: mode.clone(),
            settings,
            survey,
            kept,
            context,
            notes,
            payload,
            preload: None,
        }
    }

    /// Takes the parse cache `preload` started reading (see [`preload_cache`]),
    /// so that [`Start::build_index`] does not read it again.
    pub fn with_preload(mut self, preload: Option<crate::vault::cache::Preload>) -> Self {
        self.preload = preload;
        self
    }

    /// The rows kept by an earlier start from exactly these inputs, if any.
    pub fn kept_rows(&self) -> Option<Vec<AccountSummary>> {
        let started = std::time::Instant::now();
        let payload = Payload::split(self.payload.as_deref()?)?;
        if Some(payload.notes) != self.notes {
            return None;
        }
        let rows = decode_rows(payload.rows)?;
        // Where start-up time goes (docs/performance.md), at `ACCT_LOG=debug`.
        tracing::debug!(
            rows = rows.len(),
            load_ms = started.elapsed().as_secs_f64() * 1e3,
            "account list kept from the previous start"
        );
        Some(rows)
    }

    /// The rows kept by an earlier start under the same settings, config and
    /// day, brought up to date with notes edited, added or removed since; `None` when
    /// that needs an index ([`Sources::update`]). With them, how they were got
    /// and the rows to keep for the next start.
    pub fn updated_rows(
        &self,
        config: &Config,
        today: NaiveDate,
    ) -> Option<(Vec<AccountSummary>, How, Writes)> {
        let started = std::time::Instant::now();
        let bytes = self.payload.as_deref()?;
        let payload = Payload::split(bytes)?;
        let notes = self.notes?;
        let Some(kept_sources) = self.kept.as_ref()?.sibling("sources").load(self.context) else {
            return sources::give_up("no rows' sources were kept with the list");
        };
        let (tag, sources) = kept_sources.split_at_checked(16)?;
        if tag != rows_tag(&[bytes]).to_le_bytes() {
            return sources::give_up("the rows' sources kept go with another list");
        }
        let sources = Sources::decode(sources)?;
        let rows = decode_rows(payload.rows)?;
        let survey = self.survey.as_ref()?;
        let updated = sources.update(rows, &self.root, survey, &self.settings, config, today)?;
        let how = How::Updated {
            notes_read: updated.notes_read,
            rows: updated.rows_computed,
        };
        // Where start-up time goes (docs/performance.md), at `ACCT_LOG=debug`.
        tracing::debug!(
            notes_read = updated.notes_read,
            rows_computed = updated.rows_computed,
            update_ms = started.elapsed().as_secs_f64() * 1e3,
            peak_mib = crate::logging::memory_mib().map(|m| m.0),
            "account list brought up to date"
        );
        let writes = Writes {
            parse: None,
            keep: Some(Keep {
                kept: self.kept.clone()?,
                context: self.context,
                notes,
                paths: 0,
                keys: Vec::new(),
                rows: Some(encode_rows(&updated.rows)?),
                sources: Some(updated.sources),
                index: None,
            }),
        };
        Some((updated.rows, how, writes))
    }

    /// Builds the index (through the parse cache, with the survey's keys),
    /// counting the notes read in `progress`. The caches to write come with it:
    /// the parse cache, already being written, and room for the rows
    /// ([`Writes::keep_sources`], [`Writes::keep_rows`]).
    pub fn build_index(self, config: &Config, progress: &vault::Progress) -> (Index, Writes) {
        // A survey taken before the read was fingerprinted when the start was
        // made; one the read took is fingerprinted here.
        let keep_of = |survey: &vault::Survey, notes: Option<u128>| {
            Some(Keep {
                kept: self.kept.clone()?,
                context: self.context,
                notes: notes?,
                paths: sources::paths_hash(survey.paths.iter().map(String::as_str)),
                keys: survey.keys.iter().copied().collect::<Option<_>>()?,
                rows: None,
                sources: None,
                index: None,
            })
        };
        let surveyed = (self.survey.as_ref()).and_then(|survey| keep_of(survey, self.notes));
        let (read, parse, taken) = vault::read_vault_surveyed(
            &self.root,
            progress,
            &self.mode,
            self.settings,
            self.survey,
            self.preload,
        );
        let keep = surveyed
            .or_else(|| (taken.as_ref()).and_then(|survey| keep_of(survey, survey.fingerprint())));
        // The parse cache is written while the index is derived: its records
        // (as large as the vault's notes) are freed before the index grows
        // (docs/performance.md, "The parse cache").
        let parse = parse.map(|update| std::thread::spawn(move || update.write()));
        let index = Index::from_read(&self.root, config, read);
        let writes = Writes { parse, keep };
        (index, writes)
    }
}

/// Starts reading `root`'s parse cache on a thread of its own, for a start that
/// will build the index whatever it finds (the dashboard): it reads the file
/// while the start sets up its watch and surveys the vault, instead of after
/// (docs/performance.md, "Starting"). `None` with the cache off.
pub fn preload_cache(root: &Path, mode: &CacheMode) -> Option<crate::vault::cache::Preload> {
    let statuses = vault::read_settings(root).statuses;
    Some(mode.cache(root, &statuses)?.preload())
}

/// Everything the rows are computed from apart from the notes, as one number:
/// the vault's settings, the config, the day, and the version of the rows'
/// layout.
fn context(config: &Config, settings: &VaultSettings, today: NaiveDate) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut part = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    part(&ROWS_VERSION.to_le_bytes());
    // Debug text of values without hash maps: the same values give the same text.
    part(format!("{config:?}").as_bytes());
    part(&settings.statuses.fingerprint().to_le_bytes());
    part(format!("{:?}", settings.ignore_filters).as_bytes());
    part(settings.tasks_json.as_deref().unwrap_or("").as_bytes());
    part(format!("{:?}", settings.problems).as_bytes());
    part(today.to_string().as_bytes());
    hasher.digest128()
}

/// What is kept: the fingerprint of the notes the rows were computed from,
/// and the rows. (The rows' sources are kept beside them, in a file of their
/// own read only when the rows are to be brought up to date.)
struct Payload<'a> {
    notes: u128,
    rows: &'a [u8],
}

impl<'a> Payload<'a> {
    fn split(bytes: &'a [u8]) -> Option<Self> {
        let notes = u128::from_le_bytes(bytes.get(..16)?.try_into().ok()?);
        let rows_len = u64::from_le_bytes(bytes.get(16..24)?.try_into().ok()?);
        let rows_end = usize::try_from(rows_len).ok()?.checked_add(24)?;
        let rows = bytes.get(24..rows_end)?;
        (rows_end == bytes.len()).then_some(Self { notes, rows })
    }
}

/// The payload in its two parts, written one after the other: the notes'
/// fingerprint and the rows' length, then the rows.
fn encode(notes: u128, rows: Vec<u8>) -> [Vec<u8>; 2] {
    let mut head = notes.to_le_bytes().to_vec();
    head.extend_from_slice(&(rows.len() as u64).to_le_bytes());
    [head, rows]
}

/// What names one kept list: the hash of its payload (given whole or in its parts).
fn rows_tag(payload: &[&[u8]]) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for part in payload {
        hasher.update(part);
    }
    hasher.digest128()
}

/// A row as kept: every field, the aliases too (search reads them; the JSON
/// output leaves them out).
#[derive(Serialize, Deserialize)]
struct KeptRow {
    title: String,
    path: String,
    status: Option<String>,
    needs_review: bool,
    archived: bool,
    last_contact: Option<NaiveDate>,
    days_since_contact: Option<i64>,
    contact_overdue_days: Option<i64>,
    tags: Vec<String>,
    blockers: usize,
    open_tasks: usize,
    warnings: usize,
    aliases: Vec<String>,
}

fn encode_rows(rows: &[AccountSummary]) -> Option<Vec<u8>> {
    let kept: Vec<KeptRow> = rows
        .iter()
        .map(|r| KeptRow {
            title: r.title.clone(),
            path: r.path.clone(),
            status: r.status.clone(),
            needs_review: r.needs_review,
            archived: r.archived,
            last_contact: r.last_contact,
            days_since_contact: r.days_since_contact,
            contact_overdue_days: r.contact_overdue_days,
            tags: r.tags.clone(),
            blockers: r.blockers,
            open_tasks: r.open_tasks,
            warnings: r.warnings,
            aliases: r.aliases.clone(),
        })
        .collect();
    postcard::to_stdvec(&kept).ok()
}

fn decode_rows(bytes: &[u8]) -> Option<Vec<AccountSummary>> {
    let kept: Vec<KeptRow> = postcard::from_bytes(bytes).ok()?;
    Some(
        kept.into_iter()
            .map(|r| AccountSummary {
                title: r.title,
                path: r.path,
                status: r.status,
                needs_review: r.needs_review,
                archived: r.archived,
                last_contact: r.last_contact,
                days_since_contact: r.days_since_contact,
                contact_overdue_days: r.contact_overdue_days,
                tags: r.tags,
                blockers: r.blockers,
                open_tasks: r.open_tasks,
                warnings: r.warnings,
                aliases: r.aliases,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn a_kept_list_that_differs_from_the_notes_is_named_and_removed() {
        let vault = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let root = vault.path();
        write(
            root,
            "Customers/Acme.md",
            "---\ntype: customer\n---\n# Acme\n",
        );
        write(
            root,
            "Customers/Beta.md",
            "---\ntype: customer\n---\n# Beta\n",
        );
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let (config, today) = (
            Config::default(),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        );
        let mode = CacheMode::In(cache.path().to_path_buf());
        every_account(root, &config, today, &mode).writes.write();
        assert_eq!(
            verify(root, &config, today, &mode),
            KeptCheck::Agrees {
                how: How::Kept,
                rows: 2
            }
        );
        // A kept list that says something the notes do not, whole and stamped
        // for these very inputs: what a wrong update would have left.
        let start = Start::new(root, &config, today, &mode);
        let payload = Payload::split(start.payload.as_deref().unwrap()).unwrap();
        let mut rows = decode_rows(payload.rows).unwrap();
        let beta = rows.iter_mut().find(|r| r.title == "Beta").unwrap();
        beta.open_tasks = 7;
        let [head, rows] = encode(payload.notes, encode_rows(&rows).unwrap());
        let kept = start.kept.clone().unwrap();
        kept.write_parts(start.context, &[&head, &rows]).unwrap();
        assert!(
            Start::new(root, &config, today, &mode)
                .updated_rows(&config, today)
                .is_none(),
            "the kept sources go with the list they were kept with, not this one"
        );
        assert_eq!(
            verify(root, &config, today, &mode),
            KeptCheck::Differs {
                how: How::Kept,
                paths: vec!["Customers/Beta.md".to_string()]
            }
        );
        assert!(!kept.file().exists(), "the wrong list is removed");
        assert_eq!(verify(root, &config, today, &mode), KeptCheck::Nothing);
    }
}
