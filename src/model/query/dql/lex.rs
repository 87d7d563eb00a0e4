//! Dataview query tokens, each with the byte offset it starts at (for
//! Dataview-style parse errors that point at the column).

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Ident(String),
    Str(String),
    Num(f64),
    Tag(String),
    Link(String),
    Op(&'static str),
}

/// A token and where it is in the query text: `start..end` in bytes.
#[derive(Debug, Clone)]
pub(super) struct Spanned {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

/// The query's tokens; `Err` is the byte offset of a character no token starts with.
pub(super) fn tokenize(src: &str) -> Result<Vec<Spanned>, (usize, String)> {
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let at = |i: usize| chars.get(i).map_or(src.len(), |c| c.0);
    let ch = |i: usize| chars.get(i).map(|c| c.1);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = ch(i) {
        let start = i;
        let tok = if c.is_whitespace() {
            i += 1;
            continue;
        } else if c == '"' {
            let quote = c;
            let mut s = String::new();
            i += 1;
            while let Some(d) = ch(i).filter(|d| *d != quote) {
                if d == '\\' && ch(i + 1).is_some() {
                    i += 1;
                }
                s.push(ch(i).unwrap_or(d));
                i += 1;
            }
            if ch(i).is_none() {
                return Err((at(start), "a string is not closed".into()));
            }
            i += 1;
            Tok::Str(s)
        } else if c == '[' && ch(i + 1) == Some('[') {
            let mut j = i + 2;
            while ch(j).is_some() && !(ch(j) == Some(']') && ch(j + 1) == Some(']')) {
                j += 1;
            }
            if ch(j).is_none() {
                return Err((at(start), "a [[link]] is not closed".into()));
            }
            let text: String = chars[i + 2..j].iter().map(|c| c.1).collect();
            i = j + 2;
            Tok::Link(text)
        } else if c == '#' {
            i += 1;
            while ch(i).is_some_and(|d| d.is_alphanumeric() || "_-/".contains(d)) {
                i += 1;
            }
            Tok::Tag(chars[start + 1..i].iter().map(|c| c.1).collect())
        } else if c.is_ascii_digit() {
            while ch(i).is_some_and(|d| d.is_ascii_digit() || d == '.') {
                i += 1;
            }
            let text = &src[at(start)..at(i)];
            match text.parse() {
                Ok(n) => Tok::Num(n),
                Err(_) => return Err((at(start), format!("`{text}` is not a number"))),
            }
        } else if c.is_alphabetic() || c == '_' {
            while ch(i).is_some_and(|d| d.is_alphanumeric() || "_.-".contains(d)) {
                i += 1;
            }
            // A trailing `.` or `-` belongs to what follows, not the name.
            while i > start + 1 && matches!(ch(i - 1), Some('.' | '-')) {
                i -= 1;
            }
            Tok::Ident(src[at(start)..at(i)].to_string())
        } else {
            let two = match (c, ch(i + 1)) {
                ('!', Some('=')) => Some("!="),
                ('<', Some('=')) => Some("<="),
                ('>', Some('=')) => Some(">="),
                ('&', Some('&')) => Some("&"),
                ('|', Some('|')) => Some("|"),
                _ => None,
            };
            if let Some(op) = two {
                i += 2;
                out.push(Spanned {
                    tok: Tok::Op(op),
                    start: at(start),
                    end: at(i),
                });
                continue;
            }
            let op = match c {
                '=' => "=",
                '<' => "<",
                '>' => ">",
                '!' => "!",
                '(' => "(",
                ')' => ")",
                '[' => "[",
                ']' => "]",
                ',' => ",",
                '-' => "-",
                '+' => "+",
                '*' => "*",
                '/' => "/",
                '%' => "%",
                '&' => "&",
                '|' => "|",
                _ => return Err((at(start), format!("unexpected `{c}`"))),
            };
            i += 1;
            Tok::Op(op)
        };
        out.push(Spanned {
            tok,
            start: at(start),
            end: at(i),
        });
    }
    Ok(out)
}

/// The failure as Dataview reports it: the lines around the offending one, a
/// caret under the column, and what would have been accepted there.
pub(super) fn parsing_failed(src: &str, offset: Option<usize>, expected: &str) -> String {
    let mut out = String::from(
        "Error: \n-- PARSING FAILED --------------------------------------------------\n\n",
    );
    match offset {
        None => out.push_str("Got the end of the input\n"),
        Some(offset) => {
            let offset = offset.min(src.len());
            let line_no = src[..offset].matches('\n').count();
            let col = src[..offset]
                .rsplit('\n')
                .next()
                .map_or(0, |l| l.chars().count());
            let lines: Vec<&str> = src.lines().collect();
            let width = (line_no + 3).min(lines.len().max(1)).to_string().len();
            let first = line_no.saturating_sub(2);
            let last = (line_no + 2).min(lines.len().saturating_sub(1));
            for (n, line) in lines.iter().enumerate().take(last + 1).skip(first) {
                let mark = if n == line_no { '>' } else { ' ' };
                out.push_str(&format!("{mark} {:>width$} | {line}\n", n + 1));
                if n == line_no {
                    out.push_str(&format!("  {:width$} | {}^\n", "", " ".repeat(col)));
                }
            }
        }
    }
    out.push_str(&format!("\nExpected one of the following: \n\n{expected}"));
    out
}

/// Dataview's parse report on one line, for lists of problems:
/// `Dataview cannot parse line 2, column 6; expected one of: …`.
pub fn one_line(report: &str) -> String {
    if !report.contains("PARSING FAILED") {
        return report.to_string();
    }
    let expected = report.lines().last().unwrap_or("").trim();
    let mut lines = report.lines();
    let at = lines.by_ref().find(|l| l.starts_with("> ")).and_then(|l| {
        let (num, _) = l[2..].split_once(" | ")?;
        let bar = l.find(" | ")? + 3;
        let caret = lines.next()?;
        let col = caret.find('^')?.checked_sub(bar)?;
        Some(format!("line {}, column {}", num.trim(), col + 1))
    });
    match at {
        Some(at) => format!("Dataview cannot parse {at}; expected one of: {expected}"),
        None => format!("Dataview cannot parse the query: it ends too early; expected: {expected}"),
    }
}
