//! The items of the panes that list text (blockers, decisions, next steps,
//! facts, …): each with the note and line it is written at and the date of its
//! note, and near-duplicates — the same words, case, punctuation and spacing
//! aside — folded into one item with a count (docs/vault.md, "Folded items").

use super::*;

/// One item of a pane, where it is written.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PaneItem {
    pub text: String,
    pub path: String,
    /// 1-based line of the item (of its section's heading, for a paragraph).
    pub line: usize,
    /// The date of the note it comes from, when that note is dated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The title of the note it comes from, when that is not the account note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// How many items this one stands for (itself and its copies).
    pub count: usize,
    /// The near-duplicates folded into it, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<PaneItem>,
}

/// An item is its text, for comparing with what a note says.
impl PartialEq<&str> for PaneItem {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

/// The items' texts, one per (folded) item: what the JSON string lists hold.
pub(super) fn texts<S: serde::Serializer>(items: &[PaneItem], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(items.iter().map(|i| &i.text))
}

/// Items of a section (top-level items that are not tasks, with a leading
/// marker emoji removed) plus its non-placeholder paragraphs, unfolded.
/// `from` names the note when it is not the account's own.
pub(super) fn entries(note: &Note, keys: &[&str], marker: &str, from: bool) -> Vec<PaneItem> {
    let Some(section) = note.section(keys) else {
        return Vec::new();
    };
    let item = |text: String, line: usize| PaneItem {
        text,
        path: note.path.clone(),
        line,
        date: note.date,
        source: from.then(|| note.title.clone()),
        count: 1,
        copies: Vec::new(),
    };
    let mut out: Vec<PaneItem> = note
        .items(section)
        .iter()
        .filter(|i| i.depth == 0 && i.task.is_none())
        .filter_map(|i| {
            let text = note
                .item_text(i)
                .trim_start_matches(marker)
                .trim()
                .to_string();
            (!text.is_empty()).then(|| item(text, i.line as usize))
        })
        .collect();
    out.extend(
        note.paragraphs(section)
            .iter()
            .filter(|p| !p.placeholder)
            .map(|p| item(note.paragraph_text(p), section.line as usize)),
    );
    out
}

/// Folds each item whose words are already listed into the first such item.
pub fn fold(items: Vec<PaneItem>) -> Vec<PaneItem> {
    if items.len() < 2 {
        return items;
    }
    let mut out: Vec<PaneItem> = Vec::with_capacity(items.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for item in items {
        match seen.entry(words(&item.text)) {
            std::collections::hash_map::Entry::Occupied(at) => {
                let at = *at.get();
                out[at].count += item.count;
                out[at].copies.push(item);
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(out.len());
                out.push(item);
            }
        }
    }
    out
}

/// [`fold`], then folds items that say the same action in other words, as the
/// tasks view groups near-duplicate tasks (docs/tasks.md): for next steps and
/// decisions, which the pipeline writes as actions.
pub fn fold_similar(items: Vec<PaneItem>) -> Vec<PaneItem> {
    use crate::model::inbox::{groups::cluster, similarity::Signature};
    let items = fold(items);
    let signatures: Vec<Signature> = items.iter().map(|i| Signature::of(&i.text)).collect();
    let group = cluster(&signatures);
    let mut out: Vec<PaneItem> = Vec::with_capacity(items.len());
    let mut at: HashMap<usize, usize> = HashMap::new();
    for (i, mut item) in items.into_iter().enumerate() {
        match at.get(&group[i]) {
            Some(&first) => {
                let copies = std::mem::take(&mut item.copies);
                out[first].count += item.count;
                item.count = 1;
                out[first].copies.push(item);
                out[first].copies.extend(copies);
            }
            None => {
                at.insert(group[i], out.len());
                out.push(item);
            }
        }
    }
    out
}

/// The account's topics: each list item is one topic; a plain paragraph is a
/// comma-separated list, split at commas outside parentheses and brackets.
pub(super) fn topics(note: &Note) -> Vec<PaneItem> {
    let Some(section) = note.section(TOPICS) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in entries(note, TOPICS, "", false) {
        if item.line == section.line as usize {
            // A paragraph: one topic per comma-separated piece.
            out.extend(
                split_outside_brackets(&item.text)
                    .into_iter()
                    .map(|text| PaneItem {
                        text,
                        ..item.clone()
                    }),
            );
        } else {
            out.push(item);
        }
    }
    out
}

/// `a (b, c), d [e, f]` → `a (b, c)`, `d [e, f]`.
fn split_outside_brackets(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(text[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(text[start..].trim().to_string());
    out.retain(|t| !t.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(text: &str, line: usize) -> PaneItem {
        PaneItem {
            text: text.into(),
            path: "A.md".into(),
            line,
            date: None,
            source: None,
            count: 1,
            copies: Vec::new(),
        }
    }

    #[test]
    fn near_duplicates_fold_into_the_first_with_a_count() {
        let folded = fold(vec![
            item("HQ in Lisbon.", 3),
            item("Renewal in March", 4),
            item("hq in  lisbon", 9),
            item("HQ — in Lisbon", 12),
        ]);
        assert_eq!(folded.len(), 2);
        assert_eq!(
            (folded[0].text.as_str(), folded[0].count),
            ("HQ in Lisbon.", 3)
        );
        let lines: Vec<usize> = folded[0].copies.iter().map(|c| c.line).collect();
        assert_eq!(lines, vec![9, 12]);
        assert_eq!(folded[1].count, 1);
    }

    #[test]
    fn actions_in_other_words_fold_too_but_different_actions_do_not() {
        let folded = fold_similar(vec![
            item("Send the pilot timeline to procurement", 3),
            item("Book the sizing workshop", 4),
            item("Share pilot timeline with procurement", 8),
            item("send the pilot timeline to procurement!", 9),
        ]);
        let rows: Vec<(&str, usize)> = folded.iter().map(|i| (i.text.as_str(), i.count)).collect();
        assert_eq!(
            rows,
            vec![
                ("Send the pilot timeline to procurement", 3),
                ("Book the sizing workshop", 1),
            ]
        );
        let lines: Vec<usize> = folded[0].copies.iter().map(|c| c.line).collect();
        assert_eq!(lines, vec![9, 8]);
    }
}
