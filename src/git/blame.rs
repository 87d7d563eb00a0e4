//! Parsing what `git blame --porcelain` and `git cat-file --batch` print.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, TimeZone};

use super::Commit;

/// What porcelain says of a commit: committer time, zone and subject.
type Header = (Option<i64>, Option<String>, Option<String>);

/// The commit of each line of a file (1-based); uncommitted lines have none.
#[derive(Debug, Default)]
pub struct Blame {
    lines: HashMap<usize, usize>,
    commits: Vec<Commit>,
}

impl Blame {
    pub fn commit(&self, line: usize) -> Option<&Commit> {
        self.lines.get(&line).map(|i| &self.commits[*i])
    }

    pub fn parse(out: &[u8]) -> Blame {
        let text = String::from_utf8_lossy(out);
        let mut blame = Blame::default();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut pending: HashMap<String, Header> = HashMap::new();
        let mut current: Option<String> = None;
        let mut line_of: Vec<(usize, String)> = Vec::new();
        for line in text.lines() {
            if line.starts_with('\t') {
                continue;
            }
            let mut words = line.split(' ');
            let first = words.next().unwrap_or("");
            if first.len() == 40 && first.bytes().all(|b| b.is_ascii_hexdigit()) {
                let final_line = words.nth(1).and_then(|n| n.parse::<usize>().ok());
                if let Some(n) = final_line {
                    line_of.push((n, first.to_string()));
                }
                current = Some(first.to_string());
                continue;
            }
            let Some(id) = &current else { continue };
            let entry = pending.entry(id.clone()).or_default();
            if let Some(t) = line.strip_prefix("committer-time ") {
                entry.0 = t.trim().parse().ok();
            } else if let Some(tz) = line.strip_prefix("committer-tz ") {
                entry.1 = Some(tz.trim().to_string());
            } else if let Some(s) = line.strip_prefix("summary ") {
                entry.2 = Some(s.to_string());
            }
        }
        for (n, id) in line_of {
            if id.bytes().all(|b| b == b'0') {
                continue;
            }
            let at = match by_id.get(&id) {
                Some(at) => *at,
                None => {
                    let (time, tz, subject) = pending.get(&id).cloned().unwrap_or_default();
                    blame.commits.push(Commit {
                        id: id[..12].to_string(),
                        time: time
                            .and_then(|t| rfc3339(t, tz.as_deref()))
                            .unwrap_or_default(),
                        subject: subject.unwrap_or_default(),
                    });
                    by_id.insert(id, blame.commits.len() - 1);
                    blame.commits.len() - 1
                }
            };
            blame.lines.insert(n, at);
        }
        blame
    }
}

/// Unix seconds and a `+0100` zone as RFC 3339.
fn rfc3339(unix: i64, tz: Option<&str>) -> Option<String> {
    let offset = tz
        .and_then(|tz| {
            let sign = if tz.starts_with('-') { -1 } else { 1 };
            let digits = tz.trim_start_matches(['+', '-']);
            let h: i32 = digits.get(..2)?.parse().ok()?;
            let m: i32 = digits.get(2..4)?.parse().ok()?;
            FixedOffset::east_opt(sign * (h * 3600 + m * 60))
        })
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    let t: DateTime<FixedOffset> = offset.timestamp_opt(unix, 0).single()?;
    Some(t.to_rfc3339())
}

/// Splits `git cat-file --batch` output into the requested files (in the order
/// asked); a missing object is skipped.
pub(super) fn split_batch(out: &[u8], paths: Vec<String>) -> super::Files {
    let mut files = Vec::with_capacity(paths.len());
    let mut at = 0;
    for path in paths {
        let Some(nl) = out[at..].iter().position(|b| *b == b'\n') else {
            break;
        };
        let header = String::from_utf8_lossy(&out[at..at + nl]).to_string();
        at += nl + 1;
        let mut parts = header.split(' ');
        let (_, kind, size) = (parts.next(), parts.next(), parts.next());
        let Some(size) = size.and_then(|s| s.parse::<usize>().ok()) else {
            continue; // `<rev>:<path> missing`
        };
        if at + size > out.len() {
            break;
        }
        if kind == Some("blob") {
            files.push((path, out[at..at + size].to_vec()));
        }
        at += size + 1;
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn porcelain_gives_each_line_its_commit() {
        let a = "a".repeat(40);
        let z = "0".repeat(40);
        let out = format!(
            "{a} 1 1 2\nauthor X\ncommitter-time 1700000000\ncommitter-tz +0100\nsummary [auto] run 3\nfilename A.md\n\tline one\n{a} 2 2\n\tline two\n{z} 3 3 1\ncommitter-time 0\nsummary Not Committed Yet\n\tnew\n"
        );
        let b = Blame::parse(out.as_bytes());
        let c = b.commit(2).unwrap();
        assert_eq!(c.subject, "[auto] run 3");
        assert_eq!(c.time, "2023-11-14T23:13:20+01:00");
        assert_eq!(c.id, "aaaaaaaaaaaa");
        assert!(b.commit(3).is_none());
    }

    #[test]
    fn batch_output_is_split_by_size() {
        let out = b"x blob 3\nabc\ny:missing missing\nz blob 0\n\n";
        let files = split_batch(out, vec!["a.md".into(), "b.md".into(), "c.md".into()]);
        assert_eq!(files.len(), 2);
        assert_eq!(files[0], ("a.md".to_string(), b"abc".to_vec()));
        assert_eq!(files[1].0, "c.md");
    }
}
