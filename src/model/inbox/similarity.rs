//! When two tasks are the same action in other words: a task is reduced to its
//! action (the leading verb, folded into a class of synonyms) and its object
//! words (normalised, stemmed, without owners, tags, dates and stop words);
//! two tasks are near-duplicates only when their actions agree and their object
//! words overlap enough, weighted by how rare each word is among the account's
//! tasks. The rules and the threshold are in docs/tasks.md.

use std::sync::LazyLock;

use foldhash::HashMap;

/// A task reduced to what the comparison reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The action's class (`send`, `schedule`, `attend`, …), or the leading word.
    pub action: String,
    /// Object words, stemmed and de-duplicated, in first-seen order.
    pub words: Vec<String>,
    /// The bare numbers and dates written in the text (`1042`, `2026-05-12`),
    /// sorted and de-duplicated: tasks whose figures differ are different
    /// tasks (docs/tasks.md, "Figures").
    pub figures: Vec<String>,
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

static STOPS: LazyLock<foldhash::HashSet<&'static str>> =
    LazyLock::new(|| STOP_WORDS.iter().copied().collect());

/// Stemmed leading word → its action class.
static ACTION_OF: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    ACTIONS
        .iter()
        .flat_map(|row| row.iter().map(move |w| (stem(w).to_string(), row[0])))
        .collect()
});

/// Stemmed object word → the word it is read as.
static SYNONYM_OF: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    SYNONYMS
        .iter()
        .flat_map(|row| {
            row.iter()
                .map(move |w| (stem(w).to_string(), stem(row[0]).to_string()))
        })
        .collect()
});

fn action_class(word: &str) -> Option<&'static str> {
    ACTION_OF.get(stem(word)).copied()
}

/// A light English stemmer: plural and verb endings and a final `e` off, a
/// final `y` off too, so "results"/"result", "scheduled"/"schedule" and
/// "queries"/"query" meet. Consistency matters, not linguistics.
pub fn stem(word: &str) -> &str {
    let n = word.len();
    let ends = |suffix: &str, longer_than: usize| n > longer_than && word.ends_with(suffix);
    let cut = if ends("ies", 4) || ends("ing", 5) {
        3
    } else if ends("ed", 4) || ["ches", "shes", "sses", "xes"].iter().any(|s| ends(s, 4)) {
        2
    } else if ends("s", 3) && !word.ends_with("ss") && !word.ends_with("us") {
        1
    } else {
        0
    };
    let w = &word[..n - cut];
    if w.len() > 3 && (w.ends_with('e') || w.ends_with('y')) {
        &w[..w.len() - 1]
    } else {
        w
    }
}

/// The lowercase words of a task's text without owners (`@x`), tags (`#x`),
/// dates and links' brackets: one buffer and the words' ranges in it; and the
/// dates and bare numbers, apart.
fn raw_words(text: &str) -> (String, Vec<std::ops::Range<usize>>, Vec<String>) {
    let mut buf = String::with_capacity(text.len());
    let mut ranges = Vec::new();
    let mut figures = Vec::new();
    for token in text.split_whitespace() {
        if token.starts_with('@') || token.starts_with('#') {
            continue;
        }
        for word in token
            .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
            .map(|w| w.trim_matches(|c| c == '-' || c == '\''))
            .filter(|w| !w.is_empty())
        {
            // Dates and bare numbers are not words: they say when or which,
            // not what (`--` and `-` alone were trimmed away above).
            if word.bytes().all(|c| c.is_ascii_digit() || c == b'-') {
                figures.push(word.to_string());
                continue;
            }
            let start = buf.len();
            if word.is_ascii() {
                buf.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
            } else {
                buf.push_str(&word.to_lowercase());
            }
            if buf[start..].ends_with("'s") {
                buf.truncate(buf.len() - 2);
            }
            ranges.push(start..buf.len());
        }
    }
    figures.sort_unstable();
    figures.dedup();
    (buf, ranges, figures)
}

impl Signature {
    /// Reads a task's text (as the index keeps it: owners and tags included).
    pub fn of(text: &str) -> Self {
        let (buf, ranges, figures) = raw_words(text);
        let words: Vec<&str> = ranges.into_iter().map(|r| &buf[r]).collect();
        // "Mara to send …": the pipeline sometimes names the owner first.
        let start = match words.get(1) {
            Some(&"to") if action_class(words[0]).is_none() => 2,
            _ => 0,
        };
        let action = words
            .get(start)
            .map(|w| action_class(w).unwrap_or_else(|| stem(w)).to_string())
            .unwrap_or_default();
        let mut object: Vec<String> = Vec::new();
        // Each word once, in the order first seen; looked up in a set, not
        // the list, so a task of a hundred thousand words costs no more than
        // reading them.
        let mut seen: foldhash::HashSet<&str> = Default::default();
        for w in words.iter().skip(start + 1) {
            if STOPS.contains(w) {
                continue;
            }
            let w = stem(w);
            let w = SYNONYM_OF.get(w).map_or(w, String::as_str);
            if !w.is_empty() && seen.insert(w) {
                object.push(w.to_string());
            }
        }
        Self {
            action,
            words: object,
            figures,
        }
    }
}

/// Two tasks are near-duplicates at or above this similarity (docs/tasks.md).
pub const THRESHOLD: f32 = 0.5;
/// Every pair of a group is at least this similar (no chains of weak links).
pub const FLOOR: f32 = 0.3;

/// The signatures of one set of tasks (one account's), ready to compare: words
/// numbered, each weighed by how rare it is in the set, `ln(1 + n / df)`.
#[derive(Debug, Default)]
pub struct Prepared {
    /// Per task: its action's number.
    pub action: Vec<u32>,
    /// Per task: its object words' numbers, sorted.
    words: Vec<Vec<u32>>,
    /// Per word number: its weight.
    weight: Vec<f32>,
    /// Per task: the summed weight of its object words.
    total: Vec<f32>,
    /// Per task: its figures' numbers, sorted.
    figures: Vec<Vec<u32>>,
}

impl Prepared {
    pub fn new(signatures: &[Signature]) -> Self {
        let mut numbers: HashMap<&str, u32> = HashMap::default();
        let mut actions: HashMap<&str, u32> = HashMap::default();
        let mut df: Vec<u32> = Vec::new();
        let mut figures: HashMap<&str, u32> = HashMap::default();
        let mut out = Prepared::default();
        for s in signatures {
            let mut ids: Vec<u32> = (s.figures.iter())
                .map(|f| {
                    let next = figures.len() as u32;
                    *figures.entry(f.as_str()).or_insert(next)
                })
                .collect();
            ids.sort_unstable();
            out.figures.push(ids);
            let next = actions.len() as u32;
            out.action
                .push(*actions.entry(s.action.as_str()).or_insert(next));
            let mut ids: Vec<u32> = s
                .words
                .iter()
                .map(|w| {
                    let next = numbers.len() as u32;
                    let id = *numbers.entry(w.as_str()).or_insert(next);
                    if id as usize == df.len() {
                        df.push(0);
                    }
                    df[id as usize] += 1;
                    id
                })
                .collect();
            ids.sort_unstable();
            out.words.push(ids);
        }
        let n = signatures.len().max(1) as f32;
        out.weight = df.iter().map(|&d| (1.0 + n / d as f32).ln()).collect();
        out.total = out
            .words
            .iter()
            .map(|ws| ws.iter().map(|&w| out.weight[w as usize]).sum())
            .collect();
        out
    }

    /// The tasks' object words, by number (sorted), for blocking.
    pub fn words(&self, task: usize) -> &[u32] {
        &self.words[task]
    }

    /// The task's figures, by number (sorted).
    pub fn figures(&self, task: usize) -> &[u32] {
        &self.figures[task]
    }

    /// Whether both tasks write figures and they differ: then they are
    /// different tasks however alike their words (`Send invoice 1042`,
    /// `Send invoice 1043`). A task that leaves the figure out may still be
    /// a paraphrase of one that writes it.
    pub fn figures_differ(&self, a: usize, b: usize) -> bool {
        let (fa, fb) = (&self.figures[a], &self.figures[b]);
        !fa.is_empty() && !fb.is_empty() && fa != fb
    }

    /// How alike tasks `a` and `b` are, 0 to 1: zero when their actions or
    /// their figures differ; else the mean of the weighted Dice coefficient
    /// and the weighted overlap of their object words.
    pub fn similarity(&self, a: usize, b: usize) -> f32 {
        if self.action[a] != self.action[b]
            || self.words[a].is_empty()
            || self.words[b].is_empty()
            || self.figures_differ(a, b)
        {
            return 0.0;
        }
        let (wa, wb) = (&self.words[a], &self.words[b]);
        let (mut i, mut j, mut shared) = (0, 0, 0.0f32);
        while i < wa.len() && j < wb.len() {
            match wa[i].cmp(&wb[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += self.weight[wa[i] as usize];
                    i += 1;
                    j += 1;
                }
            }
        }
        let (ta, tb) = (self.total[a], self.total[b]);
        let dice = 2.0 * shared / (ta + tb);
        let overlap = shared / ta.min(tb);
        (dice + overlap) / 2.0
    }
}

/// The naive baseline the docs compare against: Jaccard overlap of the
/// lowercase words (owners and tags removed), no weights, no action.
pub fn word_overlap(a: &str, b: &str) -> f32 {
    let (ba, ra, _) = raw_words(a);
    let (bb, rb, _) = raw_words(b);
    let wa: std::collections::HashSet<&str> = ra.into_iter().map(|r| &ba[r]).collect();
    let wb: std::collections::HashSet<&str> = rb.into_iter().map(|r| &bb[r]).collect();
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
        Prepared::new(&[Signature::of(a), Signature::of(b)]).similarity(0, 1)
    }

    #[test]
    fn owners_tags_dates_and_stop_words_are_not_words() {
        let s = Signature::of("Send the deck to Acme's CFO @Mara #task #proposed 2026-12-01");
        assert_eq!(s.action, "send");
        assert_eq!(s.words, vec!["deck", "acm", "cfo"]);
        assert_eq!(s.figures, vec!["2026-12-01"]);
        assert_eq!(Signature::of("Mara to send the deck").action, "send");
    }

    /// Numbers and dates say which: tasks that write different ones are
    /// different tasks, however alike their words; a task that leaves the
    /// figure out can still be a paraphrase of one that writes it.
    #[test]
    fn tasks_whose_figures_differ_are_never_alike() {
        let invoice = "Send invoice 1042 to Acme's buyer";
        assert_eq!(sim(invoice, "Send invoice 1043 to Acme's buyer"), 0.0);
        assert_eq!(
            sim(invoice, "Send invoices 1042 and 1043 to Acme's buyer"),
            0.0
        );
        assert!(sim(invoice, "Email Acme's buyer invoice 1042") >= THRESHOLD);
        assert!(sim(invoice, "Send the invoice to Acme's buyer") >= THRESHOLD);
        assert_eq!(
            sim(
                "Send the recap of the 2026-05-12 call",
                "Send the recap of the 2026-05-19 call"
            ),
            0.0
        );
        assert_eq!(
            Signature::of("Order 12,500 seats (phase 2) by 2026-05-12").figures,
            vec!["12", "2", "2026-05-12", "500"]
        );
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
    fn a_task_of_a_hundred_thousand_words_keeps_each_once_in_order() {
        // A pasted blob in a task line (it took `acct tasks` 15 s at 150,000
        // words when each word was looked for in the list so far).
        let text: Vec<String> = (0..100_000).map(|i| format!("zq{i}x")).collect();
        let text = format!("Review {} zq0x zq99999x", text.join(" "));
        let s = Signature::of(&text);
        assert_eq!(s.action, "review");
        assert_eq!(s.words.len(), 100_000);
        assert_eq!(s.words[0], "zq0x");
        assert_eq!(s.words[99_999], "zq99999x");
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
