//! Dataview inline fields (docs/vault.md, "Dataview subset"): `key:: value`
//! as a line (or list item) of its own, and `[key:: value]` or
//! `(key:: value)` inside text. They are read from a note's text when a query
//! asks for one, so indexing a vault never pays for them.

/// The value of inline field `key` in `text` (the first one), if any. Keys
/// match as Dataview matches them: case aside, spaces as `-`, `**` ignored.
pub fn inline_field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    if !text.contains("::") {
        return None;
    }
    inline_fields(text)
        .find(|(k, _)| same_key(k, key))
        .map(|(_, v)| v)
}

/// Every inline field in `text`, in order, outside fenced code.
pub fn inline_fields(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut fence: Option<&str> = None;
    text.lines().flat_map(move |line| {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => {
                fence = Some(m);
                return Vec::new();
            }
            (Some(open), Some(m)) if open == m => {
                fence = None;
                return Vec::new();
            }
            (Some(_), _) => return Vec::new(),
            _ => {}
        }
        if !line.contains("::") {
            return Vec::new();
        }
        let mut found = bracketed(line);
        if found.is_empty()
            && let Some(f) = whole_line(line)
        {
            found.push(f);
        }
        found
    })
}

/// `key:: value` filling the line, after any list marker or checkbox.
fn whole_line(line: &str) -> Option<(&str, &str)> {
    let mut s = line.trim_start().trim_start_matches('>').trim_start();
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = s.strip_prefix(marker) {
            s = rest;
            break;
        }
    }
    if let Some(rest) = s.strip_prefix('[').and_then(|r| r.get(2..))
        && s.as_bytes().get(2) == Some(&b']')
    {
        s = rest.trim_start();
    }
    let (key, value) = s.split_once("::")?;
    valid_key(key).then(|| (key.trim().trim_matches('*').trim(), value.trim()))
}

/// `[key:: value]` and `(key:: value)` inside a line.
fn bracketed(line: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find(['[', '(']) {
        let close_char = if rest.as_bytes()[open] == b'[' {
            ']'
        } else {
            ')'
        };
        let inner_start = open + 1;
        let Some(len) = rest[inner_start..].find(close_char) else {
            break;
        };
        let inner = &rest[inner_start..inner_start + len];
        if let Some((key, value)) = inner.split_once("::")
            && valid_key(key)
        {
            out.push((key.trim(), value.trim()));
        }
        rest = &rest[inner_start..];
    }
    out
}

fn valid_key(key: &str) -> bool {
    let key = key.trim().trim_matches('*').trim();
    !key.is_empty()
        && key.chars().count() <= 64
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || " _-/".contains(c))
}

fn same_key(found: &str, wanted: &str) -> bool {
    let norm = |s: &str| -> String {
        s.trim()
            .chars()
            .filter(|c| *c != '*')
            .map(|c| {
                if c == ' ' {
                    '-'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect::<String>()
            .to_lowercase()
    };
    norm(found) == norm(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_dataview_reads() {
        let text = "Stage:: Negotiation\n- owner:: Ana Lopez\n- [ ] call [due:: 2026-12-01] and (effort:: 3)\n**Deal Size**:: 40k\n```\nhidden:: no\n```\nnot a field: here\n";
        assert_eq!(inline_field(text, "stage"), Some("Negotiation"));
        assert_eq!(inline_field(text, "owner"), Some("Ana Lopez"));
        assert_eq!(inline_field(text, "due"), Some("2026-12-01"));
        assert_eq!(inline_field(text, "effort"), Some("3"));
        assert_eq!(inline_field(text, "deal-size"), Some("40k"));
        assert_eq!(inline_field(text, "hidden"), None);
        assert_eq!(inline_field(text, "not a field"), None);
        assert_eq!(inline_field("see https://x.y::z", "https"), None);
    }
}
