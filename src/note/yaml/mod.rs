//! All YAML handling lives here, so the YAML crate can be swapped in one place.
//!
//! The crate is `serde_norway`, a maintained fork of `serde_yaml` (deprecated)
//! on a maintained fork of its libyaml port: the same YAML 1.2 reading, the same
//! error positions and messages, and the same cap on alias expansion, so a
//! "billion laughs" frontmatter fails fast instead of filling memory.
//!
//! The common simple block is read by [`simple`] without the crate; it answers
//! only when the crate would answer the same, and leaves everything else to it.

pub mod simple;

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Number, Value};

/// A frontmatter block that could not be read as a `key: value` mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line within the YAML text, when the parser knows it.
    pub line: Option<usize>,
    pub message: String,
}

/// Parses frontmatter YAML into a JSON-like mapping (keys as strings).
/// Empty YAML gives an empty mapping.
pub fn parse_mapping(yaml: &str) -> Result<Map<String, Value>, YamlError> {
    match simple::read(yaml) {
        Some(map) => Ok(map),
        None => parse_mapping_full(yaml),
    }
}

/// [`parse_mapping`] by the YAML crate alone, whatever the block's shape: what
/// [`simple::read`] is checked against.
pub fn parse_mapping_full(yaml: &str) -> Result<Map<String, Value>, YamlError> {
    if yaml.trim().is_empty() {
        return Ok(Map::new());
    }
    let value: serde_norway::Value = serde_norway::from_str(yaml).map_err(error)?;
    match to_json(value) {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(YamlError {
            line: Some(1),
            message: "frontmatter is not a list of `key: value` fields".into(),
        }),
    }
}

/// Turns the YAML crate's error into a line and a message without positions.
///
/// libyaml notices an unclosed `[` only on the next line; when it names the
/// construct it was parsing ("while parsing a flow sequence at line 2 column 7")
/// that line is where the fix belongs, so it is the one reported.
fn error(e: serde_norway::Error) -> YamlError {
    static AT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r" at line (\d+) column \d+").unwrap());
    let text = e.to_string();
    let context_line = AT
        .captures_iter(&text)
        .nth(1)
        .and_then(|c| c[1].parse().ok());
    YamlError {
        line: context_line.or_else(|| e.location().map(|l| l.line())),
        message: AT.replace_all(&text, "").into_owned(),
    }
}

fn to_json(value: serde_norway::Value) -> Value {
    use serde_norway::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                n.as_f64()
                    .and_then(Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (scalar_key(k), to_json(v)))
                .collect(),
        ),
        Y::Tagged(tagged) => to_json(tagged.value),
    }
}

fn scalar_key(key: serde_norway::Value) -> String {
    match key {
        serde_norway::Value::String(s) => s,
        other => serde_norway::to_string(&other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_mapping_and_reports_line_of_error() {
        let map = parse_mapping("title: A\ntags:\n- x\n").unwrap();
        assert_eq!(map["title"], "A");
        let err = parse_mapping("title: A\ntags: [a, b\nstatus: x\n").unwrap_err();
        assert_eq!(err.line, Some(2), "the line the unclosed list starts on");
        assert!(!err.message.contains("line"), "{}", err.message);
        let err = parse_mapping("a: 1\n  b: 2\n").unwrap_err();
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn alias_bombs_fail_fast_instead_of_expanding() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = format!("*a{}", i - 1);
            let items = [prev.as_str(); 9].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{items}]\n"));
        }
        let started = std::time::Instant::now();
        let err = parse_mapping(&bomb).unwrap_err();
        assert!(err.message.contains("repetition limit"), "{}", err.message);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn unquoted_dates_stay_text() {
        let map = parse_mapping("date: 2025-12-19\n").unwrap();
        assert_eq!(map["date"], "2025-12-19");
    }
}
