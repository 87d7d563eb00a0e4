//! When two tasks are the same action in other words: a task is reduced to its
//! action (the leading verb, folded into a class of synonyms) and its object
//! words (normalised, stemmed, without owners, tags, dates and stop words);
//! two tasks are near-duplicates only when their actions agree and their object
//! words overlap enough, weighted by how rare each word is among the account's
//! tasks. The rules and the threshold are in docs/tasks.md.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// A task reduced to what the comparison reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The action's class (`send`, `schedule`, `attend`, …), or the leading word.
    pub action: String,
    /// Object words, stemmed and de-duplicated, in first-seen order.
    pub words: Vec<String>,
}

/// Words that carry no meaning for the comparison.
const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "to",
    "for",
    "with",
    "on",
    "in",
    "at",
    "by",
    "from",
    "about",
    "into",
    "as",
    "is",
    "are",
    "be",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "our",
    "their",
    "his",
    "her",
    "we",
    "they",
    "them",
    "us",
    "you",
    "your",
    "all",
    "any",
    "some",
    "up",
    "out",
    "over",
    "after",
    "before",
    "ahead",
    "time",
    "team",
    "s",
    "whether",
    "when",
    "who",
    "what",
    "will",
    "would",
    "can",
    "should",
    "do",
    "doing",
    "if",
    "so",
    "then",
    "new",
    "updated",
    "revised",
    "current",
    "next",
    "side",
    "please",
    "also",
    "again",
    "there",
    "written",
    "sure",
    "someone",
    "internally",
];

/// Leading words folded into one action: the first word of each row names the
/// class. A phrasal verb's particle is dropped by the stop words.
const ACTIONS: &[&[&str]] = &[
    &[
        "send",
        "share",
        "forward",
        "email",
        "circulate",
        "distribute",
        "provide",
        "return",
        "mail",
    ],
    &[
        "schedule", "book", "arrange", "organise", "organize", "set", "plan", "calendar", "invite",
    ],
    &["attend", "join", "participate", "cover"],
    &["follow", "chase", "nudge", "ping", "remind"],
    &[
        "check",
        "confirm",
        "verify",
        "validate",
        "clarify",
        "find",
        "determine",
        "ascertain",
    ],
    &["ask", "request", "get", "obtain", "collect", "gather"],
    &[
        "draft", "write", "prepare", "create", "build", "compose", "put", "outline",
    ],
    &[
        "review", "go", "walk", "discuss", "assess", "evaluate", "examine",
    ],
    &[
        "update", "log", "record", "file", "note", "track", "capture", "document", "add",
    ],
    &["introduce", "connect", "intro"],
    &["run", "execute", "perform", "test"],
    &[
        "estimate",
        "size",
        "calculate",
        "work",
        "compute",
        "quantify",
    ],
    &["demo", "show", "present", "demonstrate"],
    &["escalate", "raise", "flag"],
    &["identify", "pick", "choose", "select", "nominate"],
    &["install", "rack", "deploy", "set-up"],
    &["move", "reschedule", "postpone", "shift"],
    &["define", "agree", "align", "settle"],
    &[
        "complete", "fill", "answer", "finish", "finalise", "finalize",
    ],
];

/// Object words read as one: the first word of each row stands for the row.
const SYNONYMS: &[&[&str]] = &[
    &[
        "meet",
        "meeting",
        "call",
        "session",
        "sync",
        "touchbase",
        "catchup",
        "check-in",
    ],
    &["deck", "slide", "presentation"],
    &["doc", "document", "writeup", "write-up"],
    &["exec", "executive"],
    &["poc", "pilot"],
    &["intro", "introduction"],
    &["se", "engineer"],
    &["number", "result", "figure"],
    &["ops", "operation"],
];

static STOPS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| STOP_WORDS.iter().copied().collect());

/// Stemmed leading word → its action class.
static ACTION_OF: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    ACTIONS
        .iter()
        .flat_map(|row| row.iter().map(move |w| (stem(w), row[0])))
        .collect()
});

/// Stemmed object word → the word it is read as.
static SYNONYM_OF: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    SYNONYMS
        .iter()
        .flat_map(|row| row.iter().map(move |w| (stem(w), stem(row[0]))))
        .collect()
});

fn action_class(word: &str) -> Option<&'static str> {
    ACTION_OF.get(&stem(word)).copied()
}

fn canonical(stemmed: String) -> String {
    match SYNONYM_OF.get(&stemmed) {
        Some(w) => w.clone(),
        None => stemmed,
    }
}

/// A light English stemmer: plural and verb endings and a final `e` off, so
/// "results"/"result" and "scheduled"/"schedule" meet. Consistency matters,
/// not linguistics.
pub fn stem(word: &str) -> String {
    let w = word;
    let n = w.len();
    let base = if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..n - 3]);
    } else if n > 5 && w.ends_with("ing") {
        &w[..n - 3]
    } else if n > 4 && w.ends_with("ed") {
        &w[..n - 2]
    } else if n > 4
        && ["ches", "shes", "sses", "xes"]
            .iter()
            .any(|s| w.ends_with(s))
    {
        &w[..n - 2]
    } else if n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        &w[..n - 1]
    } else {
        w
    };
    let base = if base.len() > 3 {
        base.strip_suffix('e').unwrap_or(base)
    } else {
        base
    };
    base.to_string()
}

/// The lowercase words of a task's text without owners (`@x`), tags (`#x`),
/// dates and links' brackets.
fn raw_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in text.split_whitespace() {
        if token.starts_with('@') || token.starts_with('#') {
            continue;
        }
        for word in token
            .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
            .map(|w| w.trim_matches(|c| c == '-' || c == '\''))
            .filter(|w| !w.is_empty())
        {
            let word = word.to_lowercase();
            let word = word.strip_suffix("'s").unwrap_or(&word).to_string();
            // Dates and bare numbers say when, not what.
            if word.chars().all(|c| c.is_ascii_digit() || c == '-') {
                continue;
            }
            out.push(word);
        }
    }
    out
}

impl Signature {
    /// Reads a task's text (as the index keeps it: owners and tags included).
    pub fn of(text: &str) -> Self {
        let words = raw_words(text);
        // "Mara to send …": the pipeline sometimes names the owner first.
        let start = match words.get(1) {
            Some(w) if w == "to" && action_class(&words[0]).is_none() => 2,
            _ => 0,
        };
        let mut rest = words.iter().skip(start);
        let action = rest
            .next()
            .map(|w| {
                action_class(w)
                    .map(str::to_string)
                    .unwrap_or_else(|| stem(w))
            })
            .unwrap_or_default();
        let mut object: Vec<String> = Vec::new();
        for w in rest {
            if STOPS.contains(w.as_str()) {
                continue;
            }
            let w = canonical(stem(w));
            if !w.is_empty() && !object.contains(&w) {
                object.push(w);
            }
        }
        Self {
            action,
            words: object,
        }
    }
}

/// How rare each object word is among a set of tasks: `ln(1 + n / df)`.
#[derive(Debug, Default)]
pub struct Weights {
    idf: HashMap<String, f32>,
    unseen: f32,
}

impl Weights {
    pub fn of(signatures: &[Signature]) -> Self {
        let mut df: HashMap<&str, usize> = HashMap::new();
        for s in signatures {
            for w in &s.words {
                *df.entry(w).or_default() += 1;
            }
        }
        let n = signatures.len().max(1) as f32;
        Self {
            idf: df
                .into_iter()
                .map(|(w, d)| (w.to_string(), (1.0 + n / d as f32).ln()))
                .collect(),
            unseen: (1.0 + n).ln(),
        }
    }

    fn weight(&self, word: &str) -> f32 {
        self.idf.get(word).copied().unwrap_or(self.unseen)
    }
}

/// Two tasks are near-duplicates at or above this similarity (docs/tasks.md).
pub const THRESHOLD: f32 = 0.5;
/// Every pair of a group is at least this similar (no chains of weak links).
pub const FLOOR: f32 = 0.3;

/// How alike two tasks are, 0 to 1: zero when their actions differ; else the
/// mean of the weighted Dice coefficient and the weighted overlap of their
/// object words.
pub fn similarity(a: &Signature, b: &Signature, weights: &Weights) -> f32 {
    if a.action != b.action || a.words.is_empty() || b.words.is_empty() {
        return 0.0;
    }
    let total = |s: &Signature| s.words.iter().map(|w| weights.weight(w)).sum::<f32>();
    let shared: f32 = a
        .words
        .iter()
        .filter(|w| b.words.contains(w))
        .map(|w| weights.weight(w))
        .sum();
    let (ta, tb) = (total(a), total(b));
    let dice = 2.0 * shared / (ta + tb);
    let overlap = shared / ta.min(tb);
    (dice + overlap) / 2.0
}

/// The naive baseline the docs compare against: Jaccard overlap of the
/// lowercase words (owners and tags removed), no weights, no action.
pub fn word_overlap(a: &str, b: &str) -> f32 {
    let wa: std::collections::HashSet<String> = raw_words(a).into_iter().collect();
    let wb: std::collections::HashSet<String> = raw_words(b).into_iter().collect();
    let union = wa.union(&wb).count();
    if union == 0 {
        return 0.0;
    }
    wa.intersection(&wb).count() as f32 / union as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(a: &str, b: &str) -> f32 {
        let (sa, sb) = (Signature::of(a), Signature::of(b));
        let weights = Weights::of(&[sa.clone(), sb.clone()]);
        similarity(&sa, &sb, &weights)
    }

    #[test]
    fn owners_tags_dates_and_stop_words_are_not_words() {
        let s = Signature::of("Send the deck to Acme's CFO @Mara #task #proposed 2026-12-01");
        assert_eq!(s.action, "send");
        assert_eq!(s.words, vec!["deck", "acm", "cfo"]);
    }

    #[test]
    fn paraphrases_of_one_action_meet_and_different_actions_on_one_topic_do_not() {
        assert!(
            sim(
                "Share the updated pricing proposal with procurement",
                "Email procurement the revised pricing proposal"
            ) >= THRESHOLD
        );
        assert_eq!(
            sim(
                "Schedule the call with Acme's CFO",
                "Attend the call with Acme's CFO"
            ),
            0.0
        );
    }

    #[test]
    fn the_stemmer_meets_plurals_and_past_tenses() {
        assert_eq!(stem("results"), stem("result"));
        assert_eq!(stem("queries"), stem("query"));
        assert_eq!(stem("scheduled"), stem("schedule"));
        assert_eq!(stem("approved"), stem("approve"));
        assert_eq!(stem("batches"), stem("batch"));
        assert_eq!(stem("status"), "status");
    }
}
