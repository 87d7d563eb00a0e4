//! An account's recent context: its `## Recent Context` lines merged with its
//! dated related notes, de-duplicated, newest first.

use std::collections::{HashMap, HashSet};

use super::*;

static CONTEXT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(?P<date>\d{4}-\d{2}-\d{2})\s*[:\-–—]?\s*)?(?P<link>!?\[\[[^\]]+\]\])?\s*(?:[-–—:]\s*)?(?P<summary>.*?)\s*(?:\((?:via|by)\s+(?P<via>[^)]*)\))?\s*$").unwrap()
});

/// `[[A|b]]` → `b`, `[[A#H]]` → `A#H`; emphasis markers and backticks removed.
pub(super) fn inline_plain(raw: &str) -> String {
    static LINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"!?\[\[([^\]|]+)(?:\|([^\]]+))?\]\]").unwrap());
    static MDLINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").unwrap());
    let s = LINK.replace_all(raw, |c: &regex::Captures<'_>| {
        c.get(2)
            .map_or(c[1].to_string(), |m| m.as_str().to_string())
    });
    let s = MDLINK.replace_all(&s, "$1");
    let s = s.replace("**", "").replace("__", "").replace('`', "");
    sanitize(&squash_spaces(&s))
}

pub(super) fn recent_context(index: &Index, note: &Note) -> Vec<RecentContext> {
    let mut out: Vec<RecentContext> = Vec::new();
    // Looked up, not searched for in what is listed so far: a section of tens
    // of thousands of lines is read in one pass (docs/performance.md).
    let mut listed_paths: HashSet<String> = HashSet::new();
    let mut firsts: HashMap<(Option<NaiveDate>, String), usize> = HashMap::new();
    let mut push = |entry: RecentContext, out: &mut Vec<RecentContext>| {
        // A line naming a note already listed is that note: dropped.
        if entry
            .path
            .as_ref()
            .is_some_and(|p| listed_paths.contains(p))
        {
            return;
        }
        // The same words on the same date: folded into the first.
        let key = (entry.date, words(entry_text(&entry)));
        match firsts.get(&key) {
            Some(&first) => {
                out[first].count += 1;
                out[first].copies.push(entry);
            }
            None => {
                firsts.insert(key, out.len());
                listed_paths.extend(entry.path.clone());
                out.push(entry);
            }
        }
    };
    if let Some(section) = note.section(RECENT) {
        for item in note.items(section).iter().filter(|i| i.depth == 0) {
            let Some(c) = CONTEXT_LINE.captures(note.item_source(item)) else {
                continue;
            };
            let raw_link = c.name("link").map(|m| m.as_str());
            let link_target = raw_link.map(|l| {
                crate::note::split_target(
                    l.trim_start_matches('!')
                        .trim_start_matches("[[")
                        .trim_end_matches("]]"),
                )
                .0
            });
            let path = link_target
                .as_deref()
                .and_then(|t| index.resolve_link(t, &note.path, false))
                .map(str::to_string);
            let summary = c
                .name("summary")
                .map(|m| inline_plain(m.as_str()))
                .filter(|s| !s.is_empty());
            let mention = words(summary.as_deref().unwrap_or("")).starts_with("mentioned in");
            let entry = RecentContext {
                date: c.name("date").and_then(|m| parse_date(m.as_str())),
                link: raw_link.map(inline_plain),
                summary,
                via: c
                    .name("via")
                    .map(|m| inline_plain(m.as_str()))
                    .filter(|s| !s.is_empty()),
                path,
                count: 1,
                source: note.path.clone(),
                line: item.line as usize,
                mention,
                copies: Vec::new(),
            };
            push(entry, &mut out);
        }
    }
    for related in index.related(&note.path) {
        let Some(r) = index.note(related) else {
            continue;
        };
        let Some(date) = r.date else { continue };
        if !feeds(index, related, &note.path) {
            continue;
        }
        let summary = r
            .field_text("summary")
            .map(|s| inline_plain(&s))
            .or_else(|| {
                r.section(&["summary"])
                    .and_then(|s| r.paragraphs(s).iter().find(|p| !p.placeholder))
                    .map(|p| r.paragraph_text(p))
            });
        push(
            RecentContext {
                date: Some(date),
                link: Some(r.title.clone()),
                summary,
                via: None,
                path: Some(r.path.clone()),
                count: 1,
                source: r.path.clone(),
                line: 1,
                mention: false,
                copies: Vec::new(),
            },
            &mut out,
        );
    }
    out.sort_by(|a, b| {
        b.date
            .is_some()
            .cmp(&a.date.is_some())
            .then(b.date.cmp(&a.date))
    });
    fold_mentions(out)
}

/// The text an entry is compared by: its summary, else its link.
fn entry_text(e: &RecentContext) -> &str {
    e.summary.as_deref().or(e.link.as_deref()).unwrap_or("")
}

/// Folds each date's "Mentioned in: …" lines into the first of them.
fn fold_mentions(entries: Vec<RecentContext>) -> Vec<RecentContext> {
    let mut out: Vec<RecentContext> = Vec::with_capacity(entries.len());
    // The first mention of each date, by its place in `out`.
    let mut firsts: HashMap<Option<NaiveDate>, usize> = HashMap::new();
    for e in entries {
        match firsts.get(&e.date).filter(|_| e.mention) {
            Some(&first) => {
                out[first].count += e.count;
                out[first].copies.push(e);
            }
            None => {
                if e.mention {
                    firsts.insert(e.date, out.len());
                }
                out.push(e);
            }
        }
    }
    out
}
