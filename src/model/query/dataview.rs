//! The Dataview query language: a tokenizer and a recursive-descent parser.

use super::{CmpOp, DataviewKind, DataviewQuery, Expr, Source};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(f64),
    Tag(String),
    Link(String),
    Op(&'static str),
}

fn tokenize(src: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' {
            let mut s = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                }
                s.push(chars[i]);
                i += 1;
            }
            if i >= chars.len() {
                return Err("a string is not closed".into());
            }
            i += 1;
            out.push(Tok::Str(s));
        } else if c == '[' && chars.get(i + 1) == Some(&'[') {
            let start = i + 2;
            let mut j = start;
            while j + 1 < chars.len() && !(chars[j] == ']' && chars[j + 1] == ']') {
                j += 1;
            }
            if j + 1 >= chars.len() {
                return Err("a [[link]] is not closed".into());
            }
            out.push(Tok::Link(chars[start..j].iter().collect()));
            i = j + 2;
        } else if c == '#' {
            let start = i + 1;
            i = start;
            while i < chars.len() && (chars[i].is_alphanumeric() || "_-/".contains(chars[i])) {
                i += 1;
            }
            out.push(Tok::Tag(chars[start..i].iter().collect()));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            out.push(Tok::Num(
                text.parse()
                    .map_err(|_| format!("`{text}` is not a number"))?,
            ));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || "_.-".contains(chars[i])) {
                i += 1;
            }
            out.push(Tok::Ident(chars[start..i].iter().collect()));
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let op = match two.as_str() {
                "!=" => Some("!="),
                "<=" => Some("<="),
                ">=" => Some(">="),
                "&&" => Some("&"),
                "||" => Some("|"),
                _ => None,
            };
            if let Some(op) = op {
                out.push(Tok::Op(op));
                i += 2;
                continue;
            }
            let op = match c {
                '=' => "=",
                '<' => "<",
                '>' => ">",
                '!' => "!",
                '(' => "(",
                ')' => ")",
                ',' => ",",
                '-' => "-",
                '&' => "&",
                '|' => "|",
                _ => return Err(format!("unexpected `{c}`")),
            };
            out.push(Tok::Op(op));
            i += 1;
        }
    }
    Ok(out)
}

/// How deep parentheses, `!`/`-` and function calls may nest in one query, and
/// how many terms one query may have. Dataview itself has no such limits, but
/// no real query comes near them, and past them a parser (or evaluating, or
/// freeing, the tree) could exhaust the stack (docs/vault.md, query blocks).
const MAX_DEPTH: usize = 64;
const MAX_TERMS: usize = 2_000;

struct Tokens {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
    terms: usize,
}

impl Tokens {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn keyword(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(i)) if i.eq_ignore_ascii_case(kw))
    }

    fn eat_keyword(&mut self, kw: &str) -> bool {
        let hit = self.keyword(kw);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn op(&self, op: &str) -> bool {
        matches!(self.peek(), Some(Tok::Op(o)) if *o == op)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        let hit = self.op(op);
        if hit {
            self.pos += 1;
        }
        hit
    }

    /// Goes one nesting level deeper, refusing past [`MAX_DEPTH`].
    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!(
                "the query nests more than {MAX_DEPTH} levels deep (parentheses, `!` or function calls)"
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Counts one more term joined by an operator, refusing past [`MAX_TERMS`].
    fn term(&mut self) -> Result<(), String> {
        self.terms += 1;
        if self.terms > MAX_TERMS {
            return Err(format!("the query has more than {MAX_TERMS} terms"));
        }
        Ok(())
    }

    fn at_clause(&self) -> bool {
        ["FROM", "WHERE", "SORT", "LIMIT", "GROUP", "FLATTEN"]
            .iter()
            .any(|k| self.keyword(k))
    }
}

pub(super) fn parse_dataview(src: &str) -> Result<DataviewQuery, String> {
    let mut t = Tokens {
        toks: tokenize(src)?,
        pos: 0,
        depth: 0,
        terms: 0,
    };
    let kind = if t.eat_keyword("LIST") {
        if !t.at_clause() && t.peek().is_some() {
            return Err("LIST with an expression is not supported".into());
        }
        DataviewKind::List
    } else if t.eat_keyword("TASK") {
        DataviewKind::Task
    } else if t.eat_keyword("TABLE") {
        if t.eat_keyword("WITHOUT") && !t.eat_keyword("ID") {
            return Err("expected ID after WITHOUT".into());
        }
        let mut columns = Vec::new();
        while !t.at_clause() && t.peek().is_some() {
            let expr = parse_expr(&mut t)?;
            let name = if t.eat_keyword("AS") {
                match t.next() {
                    Some(Tok::Str(s) | Tok::Ident(s)) => s,
                    _ => return Err("expected a name after AS".into()),
                }
            } else {
                expr_name(&expr)
            };
            columns.push((expr, name));
            if !t.eat_op(",") {
                break;
            }
        }
        DataviewKind::Table(columns)
    } else {
        return Err("only LIST, TASK and TABLE queries are evaluated".into());
    };
    let mut q = DataviewQuery {
        kind,
        from: None,
        filter: None,
        sort: Vec::new(),
        limit: None,
    };
    while t.peek().is_some() {
        if t.eat_keyword("FROM") {
            q.from = Some(parse_source_or(&mut t)?);
        } else if t.eat_keyword("WHERE") {
            let e = parse_expr(&mut t)?;
            q.filter = Some(match q.filter.take() {
                Some(prev) => Expr::And(Box::new(prev), Box::new(e)),
                None => e,
            });
        } else if t.eat_keyword("SORT") {
            loop {
                let e = parse_expr(&mut t)?;
                let desc = if t.eat_keyword("DESC") || t.eat_keyword("DESCENDING") {
                    true
                } else {
                    if !t.eat_keyword("ASC") {
                        t.eat_keyword("ASCENDING");
                    }
                    false
                };
                q.sort.push((e, desc));
                if !t.eat_op(",") {
                    break;
                }
            }
        } else if t.eat_keyword("LIMIT") {
            match t.next() {
                Some(Tok::Num(n)) if n >= 0.0 => q.limit = Some(n as usize),
                _ => return Err("LIMIT needs a number".into()),
            }
        } else if t.keyword("GROUP") || t.keyword("FLATTEN") {
            return Err("GROUP BY and FLATTEN are not supported".into());
        } else {
            return Err(format!("unexpected {}", describe(t.peek())));
        }
    }
    Ok(q)
}

fn expr_name(e: &Expr) -> String {
    match e {
        Expr::Field(f) => f.clone(),
        Expr::Call(name, _) => format!("{name}(…)"),
        _ => "value".into(),
    }
}

/// A token in words, for messages.
fn describe(tok: Option<&Tok>) -> String {
    match tok {
        None => "the end of the query".into(),
        Some(Tok::Ident(s)) => format!("`{s}`"),
        Some(Tok::Str(s)) => format!("the text \"{s}\""),
        Some(Tok::Num(n)) => format!("the number {n}"),
        Some(Tok::Tag(s)) => format!("the tag #{s}"),
        Some(Tok::Link(s)) => format!("the link [[{s}]]"),
        Some(Tok::Op(o)) => format!("`{o}`"),
    }
}

fn parse_source_or(t: &mut Tokens) -> Result<Source, String> {
    let mut left = parse_source_and(t)?;
    while t.eat_keyword("OR") || t.eat_op("|") {
        t.term()?;
        left = Source::Or(Box::new(left), Box::new(parse_source_and(t)?));
    }
    Ok(left)
}

fn parse_source_and(t: &mut Tokens) -> Result<Source, String> {
    let mut left = parse_source_atom(t)?;
    while t.eat_keyword("AND") || t.eat_op("&") {
        t.term()?;
        left = Source::And(Box::new(left), Box::new(parse_source_atom(t)?));
    }
    Ok(left)
}

fn parse_source_atom(t: &mut Tokens) -> Result<Source, String> {
    t.enter()?;
    let source = parse_source_atom_inner(t);
    t.leave();
    source
}

fn parse_source_atom_inner(t: &mut Tokens) -> Result<Source, String> {
    match t.next() {
        Some(Tok::Str(s)) => Ok(Source::Folder(s)),
        Some(Tok::Tag(s)) => Ok(Source::Tag(s)),
        Some(Tok::Link(s)) => Ok(Source::Link(s)),
        Some(Tok::Op("-" | "!")) => Ok(Source::Not(Box::new(parse_source_atom(t)?))),
        Some(Tok::Op("(")) => {
            let s = parse_source_or(t)?;
            if !t.eat_op(")") {
                return Err("a `(` in FROM is not closed".into());
            }
            Ok(s)
        }
        other => Err(format!("FROM cannot take {}", describe(other.as_ref()))),
    }
}

fn parse_expr(t: &mut Tokens) -> Result<Expr, String> {
    let mut left = parse_and(t)?;
    while t.eat_keyword("OR") || t.eat_op("|") {
        t.term()?;
        left = Expr::Or(Box::new(left), Box::new(parse_and(t)?));
    }
    Ok(left)
}

fn parse_and(t: &mut Tokens) -> Result<Expr, String> {
    let mut left = parse_cmp(t)?;
    while t.eat_keyword("AND") || t.eat_op("&") {
        t.term()?;
        left = Expr::And(Box::new(left), Box::new(parse_cmp(t)?));
    }
    Ok(left)
}

fn parse_cmp(t: &mut Tokens) -> Result<Expr, String> {
    let left = parse_unary(t)?;
    for (sym, op) in [
        ("=", CmpOp::Eq),
        ("!=", CmpOp::Ne),
        ("<=", CmpOp::Le),
        (">=", CmpOp::Ge),
        ("<", CmpOp::Lt),
        (">", CmpOp::Gt),
    ] {
        if t.eat_op(sym) {
            t.term()?;
            return Ok(Expr::Cmp(op, Box::new(left), Box::new(parse_unary(t)?)));
        }
    }
    Ok(left)
}

fn parse_unary(t: &mut Tokens) -> Result<Expr, String> {
    t.enter()?;
    let expr = parse_unary_inner(t);
    t.leave();
    expr
}

fn parse_unary_inner(t: &mut Tokens) -> Result<Expr, String> {
    if t.eat_op("!") {
        return Ok(Expr::Not(Box::new(parse_unary(t)?)));
    }
    match t.next() {
        Some(Tok::Str(s)) => Ok(Expr::Str(s)),
        Some(Tok::Num(n)) => Ok(Expr::Num(n)),
        Some(Tok::Link(l)) => Ok(Expr::Call("link".into(), vec![Expr::Str(l)])),
        Some(Tok::Op("(")) => {
            let e = parse_expr(t)?;
            if !t.eat_op(")") {
                return Err("a `(` is not closed".into());
            }
            Ok(e)
        }
        Some(Tok::Ident(name)) => {
            if t.eat_op("(") {
                // date(2025-01-02) and date(today) take a bare argument.
                if name.eq_ignore_ascii_case("date") {
                    let mut raw = String::new();
                    while let Some(tok) = t.next() {
                        match tok {
                            Tok::Op(")") => {
                                return Ok(Expr::Call("date".into(), vec![Expr::Str(raw)]));
                            }
                            Tok::Num(n) => raw.push_str(&format!("{n}")),
                            Tok::Ident(s) | Tok::Str(s) => raw.push_str(&s),
                            Tok::Op(o) => raw.push_str(o),
                            _ => return Err("date(…) takes a date or `today`".into()),
                        }
                    }
                    return Err("date( is not closed".into());
                }
                let mut args = Vec::new();
                if !t.eat_op(")") {
                    loop {
                        args.push(parse_expr(t)?);
                        if t.eat_op(")") {
                            break;
                        }
                        if !t.eat_op(",") {
                            return Err(format!("{name}( is not closed"));
                        }
                    }
                }
                return Ok(Expr::Call(name.to_lowercase(), args));
            }
            match name.to_lowercase().as_str() {
                "true" => Ok(Expr::Bool(true)),
                "false" => Ok(Expr::Bool(false)),
                "null" => Ok(Expr::Null),
                _ => Ok(Expr::Field(name)),
            }
        }
        Some(Tok::Op("-")) => match t.next() {
            Some(Tok::Num(n)) => Ok(Expr::Num(-n)),
            _ => Err("unexpected `-`".into()),
        },
        other => Err(format!(
            "unexpected {} in an expression",
            describe(other.as_ref())
        )),
    }
}
