//! Which problems `check` and the problems view show (docs/cli.md, `acct check`):
//! live notes by default, optionally one severity, grouped by kind.

use chrono::NaiveDate;

use crate::index::Index;
use crate::model::dashboard;
use crate::problem::{Kind, Problem, Severity};
use crate::text::count;

/// What to include.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope {
    /// Problems of archived notes too.
    pub archived: bool,
    /// Only problems of this severity.
    pub severity: Option<Severity>,
}

/// The problems in scope, and how many were left out and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Sorted by path, then line.
    pub shown: Vec<Problem>,
    /// Left out because they are in archived notes.
    pub archived: usize,
    /// Left out by the severity asked for (in notes otherwise shown).
    pub other_severity: usize,
}

/// The problems of the vault in `scope`.
pub fn report(index: &Index, today: NaiveDate, scope: Scope) -> Report {
    let mut out = Report::default();
    for p in dashboard::vault_problems(index, today) {
        if !scope.archived && index.is_archived(&p.path) {
            out.archived += 1;
        } else if scope.severity.is_some_and(|s| s != p.severity) {
            out.other_severity += 1;
        } else {
            out.shown.push(p);
        }
    }
    out
}

/// The problems of live notes: what `check` shows by default, the problems view
/// lists and the title bar counts.
pub fn live(index: &Index, today: NaiveDate) -> Vec<Problem> {
    report(index, today, Scope::default()).shown
}

/// Problems grouped by kind (in [`Kind::ALL`] order), each group in the order given.
pub fn groups(problems: &[Problem]) -> Vec<(Kind, Vec<&Problem>)> {
    Kind::ALL
        .into_iter()
        .map(|k| (k, problems.iter().filter(|p| p.kind == k).collect()))
        .filter(|(_, ps): &(Kind, Vec<&Problem>)| !ps.is_empty())
        .collect()
}

impl Report {
    /// The closing line saying what was left out, if anything was:
    /// `Left out 12 problems in archived notes (--archived shows them).`
    pub fn left_out_line(&self, severity: Option<Severity>) -> Option<String> {
        let mut parts = Vec::new();
        if self.archived > 0 {
            parts.push(format!(
                "{} in archived notes (--archived shows them)",
                count(self.archived, "problem", "problems")
            ));
        }
        if self.other_severity > 0 {
            let other = match severity {
                Some(Severity::Error) => ("warning", "warnings"),
                _ => ("error", "errors"),
            };
            parts.push(format!(
                "{} (--severity {} left {})",
                count(self.other_severity, other.0, other.1),
                severity.map_or("", Severity::as_str),
                if self.other_severity == 1 {
                    "it"
                } else {
                    "them"
                }
            ));
        }
        (!parts.is_empty()).then(|| format!("Left out {}.", parts.join(" and ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(path: &str, severity: Severity, kind: Kind) -> Problem {
        Problem::warning(path, None, "x")
            .of_kind(kind)
            .with_severity(severity)
    }

    impl Problem {
        fn with_severity(self, severity: Severity) -> Self {
            Self { severity, ..self }
        }
    }

    #[test]
    fn groups_follow_the_kind_order_and_skip_empty_kinds() {
        let ps = vec![
            problem("b.md", Severity::Warning, Kind::Query),
            problem("a.md", Severity::Warning, Kind::Account),
            problem("c.md", Severity::Error, Kind::Query),
        ];
        let g = groups(&ps);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].0, Kind::Account);
        assert_eq!(g[1].1.len(), 2);
    }

    #[test]
    fn the_left_out_line_counts_in_words() {
        let r = Report {
            shown: Vec::new(),
            archived: 1,
            other_severity: 2,
        };
        assert_eq!(
            r.left_out_line(Some(Severity::Error)).unwrap(),
            "Left out 1 problem in archived notes (--archived shows them) and 2 warnings (--severity error left them)."
        );
        assert_eq!(Report::default().left_out_line(None), None);
    }
}
