//! Fuzzy search over accounts: titles, aliases and tags, with `#tag`,
//! `status:x` and `review` narrowing. Shared by `list --search`, `show` and the TUI.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::dashboard::AccountSummary;

/// A parsed search query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub text: String,
    pub tags: Vec<String>,
    pub status: Option<String>,
    pub review: bool,
}

impl SearchQuery {
    pub fn parse(input: &str) -> Self {
        let mut q = SearchQuery::default();
        let mut words = Vec::new();
        for word in input.split_whitespace() {
            if let Some(tag) = word.strip_prefix('#').filter(|t| !t.is_empty()) {
                q.tags.push(tag.to_lowercase());
            } else if let Some(status) = word.strip_prefix("status:").filter(|s| !s.is_empty()) {
                q.status = Some(status.to_lowercase());
            } else if word.eq_ignore_ascii_case("review") {
                q.review = true;
            } else {
                words.push(word);
            }
        }
        q.text = words.join(" ");
        q
    }

    /// Whether every row matching `later` also matches `self` (the person only typed
    /// more text), so `later` can be searched among `self`'s hits.
    pub fn narrows_to(&self, later: &SearchQuery) -> bool {
        !self.text.is_empty()
            && self.tags == later.tags
            && self.status == later.status
            && self.review == later.review
            && later.text.starts_with(&self.text)
    }

    fn narrows(&self, row: &AccountSummary) -> bool {
        (!self.review || row.needs_review)
            && self.status.as_ref().is_none_or(|s| {
                row.status
                    .as_deref()
                    .is_some_and(|rs| rs.to_lowercase().starts_with(s))
            })
            && self.tags.iter().all(|t| {
                row.tags
                    .iter()
                    .any(|rt| rt.to_lowercase().starts_with(t.as_str()))
            })
    }
}

/// One search hit: the row's position, its score and the matched title characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub row: usize,
    pub score: i64,
    /// Char indices of the title that matched (for highlighting).
    pub title_matches: Vec<usize>,
}

/// A reusable matcher (building one allocates).
pub struct Searcher {
    matcher: SkimMatcherV2,
}

impl Default for Searcher {
    fn default() -> Self {
        Self {
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }
}

impl Searcher {
    /// Rows that match, best score first, then by title.
    pub fn search(&self, rows: &[AccountSummary], input: &str) -> Vec<Hit> {
        self.search_among(rows, None, input)
    }

    /// Like [`Searcher::search`], but only among the rows `among` (the hits of a
    /// shorter query, when the person keeps typing: results only narrow).
    pub fn search_among(
        &self,
        rows: &[AccountSummary],
        among: Option<&[usize]>,
        input: &str,
    ) -> Vec<Hit> {
        let q = SearchQuery::parse(input);
        let candidates: Box<dyn Iterator<Item = (usize, &AccountSummary)>> = match among {
            Some(ids) => Box::new(ids.iter().filter_map(|&i| rows.get(i).map(|r| (i, r)))),
            None => Box::new(rows.iter().enumerate()),
        };
        let mut hits: Vec<Hit> = candidates
            .filter(|(_, r)| q.narrows(r))
            .filter_map(|(i, r)| {
                self.score(r, &q.text).map(|(score, title_matches)| Hit {
                    row: i,
                    score,
                    title_matches,
                })
            })
            .collect();
        if q.text.is_empty() {
            hits.sort_by_key(|h| h.row);
        } else {
            hits.sort_by(|a, b| {
                b.score.cmp(&a.score).then_with(|| {
                    rows[a.row]
                        .title
                        .to_lowercase()
                        .cmp(&rows[b.row].title.to_lowercase())
                })
            });
        }
        hits
    }

    fn score(&self, row: &AccountSummary, text: &str) -> Option<(i64, Vec<usize>)> {
        if text.is_empty() {
            return Some((0, Vec::new()));
        }
        let title = self.matcher.fuzzy_indices(&row.title, text);
        let others = row
            .aliases
            .iter()
            .chain(&row.tags)
            .filter_map(|s| self.matcher.fuzzy_match(s, text))
            .max();
        match (title, others) {
            (Some((s, idx)), Some(o)) if o > s => Some((o, idx)),
            (Some((s, idx)), _) => Some((s, idx)),
            (None, Some(o)) => Some((o, Vec::new())),
            (None, None) => None,
        }
    }
}

/// How an ACCOUNT argument resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found(usize),
    Ambiguous(Vec<usize>),
    NotFound,
}

/// Finds an account by title, alias or vault path: exact (case-insensitive) first,
/// else the single best fuzzy match.
pub fn lookup(rows: &[AccountSummary], name: &str) -> Lookup {
    let wanted = name.trim().to_lowercase();
    let wanted_path = wanted.strip_suffix(".md").unwrap_or(&wanted).to_string();
    let exact: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.title.to_lowercase() == wanted
                || r.aliases.iter().any(|a| a.to_lowercase() == wanted)
                || r.path.to_lowercase().strip_suffix(".md") == Some(wanted_path.as_str())
        })
        .map(|(i, _)| i)
        .collect();
    let live: Vec<usize> = exact
        .iter()
        .copied()
        .filter(|&i| !rows[i].archived)
        .collect();
    match (exact.len(), live.len()) {
        (1, _) => return Lookup::Found(exact[0]),
        (_, 1) => return Lookup::Found(live[0]),
        (0, _) => {}
        _ => return Lookup::Ambiguous(if live.is_empty() { exact } else { live }),
    }
    let hits = Searcher::default().search(rows, name);
    match hits.as_slice() {
        [] => Lookup::NotFound,
        [only] => Lookup::Found(only.row),
        [first, second, ..] if first.score > second.score => Lookup::Found(first.row),
        [first, ..] => {
            let tied: Vec<usize> = hits
                .iter()
                .filter(|h| h.score == first.score)
                .map(|h| h.row)
                .collect();
            let live: Vec<usize> = tied
                .iter()
                .copied()
                .filter(|&i| !rows[i].archived)
                .collect();
            match live.as_slice() {
                [one] => Lookup::Found(*one),
                _ => Lookup::Ambiguous(tied),
            }
        }
    }
}

/// Resolves an account name as the command line does (rules in
/// docs/writing.md): live accounts first, exact then fuzzy; archived accounts
/// only when no live account matches at all, or first when `archived` is asked for.
pub fn lookup_live_first(rows: &[AccountSummary], name: &str, archived: bool) -> Lookup {
    let tier = |want_archived: bool| {
        let ids: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i].archived == want_archived)
            .collect();
        let subset: Vec<AccountSummary> = ids.iter().map(|&i| rows[i].clone()).collect();
        match lookup(&subset, name) {
            Lookup::Found(i) => Lookup::Found(ids[i]),
            Lookup::Ambiguous(c) => Lookup::Ambiguous(c.into_iter().map(|i| ids[i]).collect()),
            Lookup::NotFound => Lookup::NotFound,
        }
    };
    match tier(archived) {
        Lookup::NotFound => tier(!archived),
        found => found,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(title: &str, status: &str, review: bool, tags: &[&str]) -> AccountSummary {
        AccountSummary {
            title: title.into(),
            path: format!("Customers/{title}.md"),
            status: Some(status.into()),
            needs_review: review,
            archived: false,
            last_contact: None,
            days_since_contact: None,
            contact_overdue_days: None,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            blockers: 0,
            open_tasks: 0,
            warnings: 0,
            aliases: vec![],
        }
    }

    #[test]
    fn narrowing_and_ranking() {
        let rows = vec![
            row("Acme", "active", true, &["region/emea"]),
            row("Acorn", "paused", false, &[]),
            row("Beta", "active", false, &[]),
        ];
        let titles = |input: &str| -> Vec<String> {
            Searcher::default()
                .search(&rows, input)
                .iter()
                .map(|h| rows[h.row].title.clone())
                .collect()
        };
        assert_eq!(titles("ac"), vec!["Acme", "Acorn"]);
        assert_eq!(titles("review"), vec!["Acme"]);
        assert_eq!(titles("status:act"), vec!["Acme", "Beta"]);
        assert_eq!(titles("#region"), vec!["Acme"]);
        assert_eq!(titles("zzz"), Vec::<String>::new());
    }

    #[test]
    fn lookup_exact_then_fuzzy() {
        let rows = vec![
            row("Acme", "active", true, &[]),
            row("Acme Two", "paused", false, &[]),
            row("Beta", "active", false, &[]),
        ];
        assert_eq!(lookup(&rows, "acme"), Lookup::Found(0));
        assert_eq!(lookup(&rows, "Customers/Beta.md"), Lookup::Found(2));
        assert_eq!(lookup(&rows, "bta"), Lookup::Found(2));
        assert_eq!(lookup(&rows, "qqq"), Lookup::NotFound);
    }

    #[test]
    fn a_live_account_wins_over_an_archived_exact_name() {
        let mut archived = row("Zephyr", "active", false, &[]);
        archived.archived = true;
        archived.path = "_archive/Customers/Zephyr/README.md".into();
        let live = row("Zephyr Dynamics", "active", false, &[]);
        let other = row("Quill", "active", false, &[]);
        let rows = vec![archived, live, other];
        assert_eq!(lookup_live_first(&rows, "zephyr", false), Lookup::Found(1));
        assert_eq!(lookup_live_first(&rows, "Zephyr", true), Lookup::Found(0));
        assert_eq!(lookup_live_first(&rows, "quill", true), Lookup::Found(2));
        let only_archived = vec![rows[0].clone(), rows[2].clone()];
        assert_eq!(
            lookup_live_first(&only_archived, "zephyr", false),
            Lookup::Found(0),
            "no live match: the archived one"
        );
    }
}
