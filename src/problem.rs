//! Problems found in a vault: what `check` reports and the title bar counts.

use serde::Serialize;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One thing wrong with one file, located as precisely as acct can.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    pub line: Option<usize>,
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    pub fn error(path: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            line,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(path: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            line,
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.line {
            Some(line) => write!(f, "{}:{}: {}: {}", self.path, line, sev, self.message),
            None => write!(f, "{}: {}: {}", self.path, sev, self.message),
        }
    }
}
