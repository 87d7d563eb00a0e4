//! Problems found in a vault: what `check` reports and the title bar counts.

use serde::{Deserialize, Serialize};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// What a problem is about; `check` and the problems view group by it, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `.obsidian` settings that cannot be used.
    Settings,
    /// Files or folders that cannot be read.
    Read,
    /// A note that cannot be read as written (encoding, size, frontmatter).
    Note,
    /// An account's facts that disagree or are out of date.
    Account,
    /// A query block acct does not evaluate.
    Query,
}

impl Kind {
    /// Every kind, in the order findings are grouped.
    pub const ALL: [Kind; 5] = [
        Kind::Settings,
        Kind::Read,
        Kind::Note,
        Kind::Account,
        Kind::Query,
    ];

    /// The group's heading.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Settings => "Obsidian settings acct cannot use",
            Kind::Read => "Files acct cannot read",
            Kind::Note => "Notes acct cannot read as written",
            Kind::Account => "Account warnings",
            Kind::Query => "Query blocks acct does not evaluate",
        }
    }
}

/// One thing wrong with one file, located as precisely as acct can.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub path: String,
    pub line: Option<usize>,
    pub severity: Severity,
    pub kind: Kind,
    pub message: String,
}

impl Problem {
    pub fn error(path: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            line,
            severity: Severity::Error,
            kind: Kind::Note,
            message: message.into(),
        }
    }

    pub fn warning(path: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            line,
            severity: Severity::Warning,
            kind: Kind::Note,
            message: message.into(),
        }
    }

    /// The same problem, of another kind (a new problem is about a note).
    pub fn of_kind(self, kind: Kind) -> Self {
        Self { kind, ..self }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = self.severity.as_str();
        match self.line {
            Some(line) => write!(f, "{}:{}: {}: {}", self.path, line, sev, self.message),
            None => write!(f, "{}: {}: {}", self.path, sev, self.message),
        }
    }
}
