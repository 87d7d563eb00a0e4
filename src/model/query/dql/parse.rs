//! The Dataview query language: a recursive-descent parser over [`lex`]
//! tokens. A query Dataview rejects gets Dataview's own report (docs/vault.md,
//! "Dataview subset").

use super::lex::{Spanned, Tok, parsing_failed, tokenize};
use crate::model::query::{ArithOp, CmpOp, Command, DataviewKind, DataviewQuery, Expr, Source};

/// How deep parentheses, `!`/`-` and function calls may nest in one query, and
/// how many terms one query may have. Dataview itself has no such limits, but
/// no real query comes near them, and past them a parser (or evaluating, or
/// freeing, the tree) could exhaust the stack (docs/vault.md, query blocks).
const MAX_DEPTH: usize = 64;
const MAX_TERMS: usize = 2_000;

/// What Dataview lists as acceptable where a `FROM` source should start.
const EXPECT_SOURCE: &str =
    "'!', '(', '-', 'csv(', 'outgoing(', file link, string, tag ('#hello/stuff')";
/// Where an expression should start.
const EXPECT_EXPR: &str = "'(', 'null', boolean, date, duration, file link, list ('[1, 2, 3]'), negated field, number, object ('{ a: 1, b: 2 }'), string, variable";
/// After a complete clause.
const EXPECT_CLAUSE: &str = "'(', '*' or '/', '+' or '-', '.', '>=' or '<=' or '!=' or '=' or '>' or '<', '[', 'and' or 'or', /FLATTEN/i, /FROM/i, /GROUP BY/i, /LIMIT/i, /SORT/i, /WHERE/i";
const EXPECT_TYPE: &str = "TABLE or LIST or TASK or CALENDAR";

/// A parse failure: where (byte offset, `None` at the end) and what was expected.
struct Fail {
    at: Option<usize>,
    expected: String,
}

type P<T> = Result<T, Fail>;

struct Tokens<'s> {
    src: &'s str,
    toks: Vec<Spanned>,
    pos: usize,
    depth: usize,
    terms: usize,
    /// A limit was passed: a plain message instead of Dataview's report.
    limit: Option<String>,
}

impl Tokens<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|s| &s.tok)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.peek().cloned();
        self.pos += 1;
        t
    }

    fn fail<T>(&self, expected: &str) -> P<T> {
        Err(Fail {
            at: self.toks.get(self.pos).map(|s| s.start),
            expected: expected.to_string(),
        })
    }

    /// Fails at the token just taken.
    fn fail_back<T>(&mut self, expected: &str) -> P<T> {
        self.pos = self.pos.saturating_sub(1);
        self.fail(expected)
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
    fn enter(&mut self) -> P<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.limit = Some(format!(
                "the query nests more than {MAX_DEPTH} levels deep (parentheses, `!` or function calls)"
            ));
            return self.fail("");
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Counts one more term joined by an operator, refusing past [`MAX_TERMS`].
    fn term(&mut self) -> P<()> {
        self.terms += 1;
        if self.terms > MAX_TERMS {
            self.limit = Some(format!("the query has more than {MAX_TERMS} terms"));
            return self.fail("");
        }
        Ok(())
    }

    fn at_clause(&self) -> bool {
        ["FROM", "WHERE", "SORT", "LIMIT", "GROUP", "FLATTEN"]
            .iter()
            .any(|k| self.keyword(k))
    }

    /// The query text between two token positions.
    fn raw(&self, from: usize, to: usize) -> &str {
        match (self.toks.get(from), self.toks.get(to.wrapping_sub(1))) {
            (Some(a), Some(b)) if to > from => &self.src[a.start..b.end],
            _ => "",
        }
    }
}

/// Parses a `dataview` block; `Err` is Dataview's report, or why acct does not evaluate it.
pub fn parse_dataview(src: &str) -> Result<DataviewQuery, String> {
    let toks = tokenize(src).map_err(|(at, _)| parsing_failed(src, Some(at), EXPECT_CLAUSE))?;
    let mut t = Tokens {
        src,
        toks,
        pos: 0,
        depth: 0,
        terms: 0,
        limit: None,
    };
    match query(&mut t) {
        Ok(q) => Ok(q),
        Err(_) if t.limit.is_some() => Err(t.limit.take().unwrap_or_default()),
        Err(f) if f.expected.starts_with("acct:") => Err(f.expected[5..].to_string()),
        Err(f) => Err(parsing_failed(src, f.at, &f.expected)),
    }
}

fn query(t: &mut Tokens<'_>) -> P<DataviewQuery> {
    let kind = if t.eat_keyword("LIST") {
        let without_id = without_id(t)?;
        let expr = if !t.at_clause() && t.peek().is_some() {
            Some(expr(t)?)
        } else {
            None
        };
        (DataviewKind::List(expr), without_id)
    } else if t.eat_keyword("TASK") {
        (DataviewKind::Task, false)
    } else if t.eat_keyword("TABLE") {
        let without_id = without_id(t)?;
        let mut columns = Vec::new();
        while !t.at_clause() && t.peek().is_some() {
            let start = t.pos;
            let e = expr(t)?;
            let name = if t.eat_keyword("AS") {
                match t.next() {
                    Some(Tok::Str(s) | Tok::Ident(s)) => s,
                    _ => return t.fail_back("string, variable"),
                }
            } else {
                t.raw(start, t.pos).to_string()
            };
            columns.push((e, name));
            if !t.eat_op(",") {
                break;
            }
        }
        (DataviewKind::Table(columns), without_id)
    } else if t.keyword("CALENDAR") {
        return t.fail("acct:CALENDAR queries are not evaluated; LIST, TASK and TABLE are");
    } else {
        return t.fail(EXPECT_TYPE);
    };
    let mut q = DataviewQuery {
        kind: kind.0,
        without_id: kind.1,
        from: None,
        commands: Vec::new(),
    };
    let mut seen_command = false;
    while t.peek().is_some() {
        if !seen_command && t.eat_keyword("FROM") {
            q.from = Some(source_or(t)?);
        } else if t.eat_keyword("WHERE") {
            q.commands.push(Command::Where(expr(t)?));
        } else if t.eat_keyword("SORT") {
            let mut keys = Vec::new();
            loop {
                let e = expr(t)?;
                let desc = if t.eat_keyword("DESC") || t.eat_keyword("DESCENDING") {
                    true
                } else {
                    let _ = t.eat_keyword("ASC") || t.eat_keyword("ASCENDING");
                    false
                };
                keys.push((e, desc));
                if !t.eat_op(",") {
                    break;
                }
            }
            q.commands.push(Command::Sort(keys));
        } else if t.eat_keyword("LIMIT") {
            match t.next() {
                Some(Tok::Num(n)) if n >= 0.0 => q.commands.push(Command::Limit(n as usize)),
                _ => return t.fail_back("number"),
            }
        } else if t.eat_keyword("GROUP") {
            if !t.eat_keyword("BY") {
                return t.fail("/GROUP BY/i");
            }
            let (e, name) = named_expr(t)?;
            q.commands.push(Command::GroupBy(e, name));
        } else if t.eat_keyword("FLATTEN") {
            let (e, name) = named_expr(t)?;
            q.commands.push(Command::Flatten(e, name));
        } else {
            return t.fail(EXPECT_CLAUSE);
        }
        seen_command = true;
    }
    Ok(q)
}

fn without_id(t: &mut Tokens<'_>) -> P<bool> {
    if !t.eat_keyword("WITHOUT") {
        return Ok(false);
    }
    if !t.eat_keyword("ID") {
        return t.fail("/ID/i");
    }
    Ok(true)
}

/// `expr [AS name]`; without a name, the expression's text names it.
fn named_expr(t: &mut Tokens<'_>) -> P<(Expr, String)> {
    let start = t.pos;
    let e = expr(t)?;
    let raw = t.raw(start, t.pos).to_lowercase();
    if t.eat_keyword("AS") {
        return match t.next() {
            Some(Tok::Str(s) | Tok::Ident(s)) => Ok((e, s.to_lowercase())),
            _ => t.fail_back("string, variable"),
        };
    }
    Ok((e, raw))
}

fn source_or(t: &mut Tokens<'_>) -> P<Source> {
    let mut left = source_and(t)?;
    while t.eat_keyword("OR") || t.eat_op("|") {
        t.term()?;
        left = Source::Or(Box::new(left), Box::new(source_and(t)?));
    }
    Ok(left)
}

fn source_and(t: &mut Tokens<'_>) -> P<Source> {
    let mut left = source_atom(t)?;
    while t.eat_keyword("AND") || t.eat_op("&") {
        t.term()?;
        left = Source::And(Box::new(left), Box::new(source_atom(t)?));
    }
    Ok(left)
}

fn source_atom(t: &mut Tokens<'_>) -> P<Source> {
    t.enter()?;
    let source = source_atom_inner(t);
    t.leave();
    source
}

fn source_atom_inner(t: &mut Tokens<'_>) -> P<Source> {
    match t.next() {
        Some(Tok::Str(s)) => Ok(Source::Folder(s)),
        Some(Tok::Tag(s)) => Ok(Source::Tag(s)),
        Some(Tok::Link(s)) => Ok(Source::Link(s)),
        Some(Tok::Op("-" | "!")) => Ok(Source::Not(Box::new(source_atom(t)?))),
        Some(Tok::Op("(")) => {
            let s = source_or(t)?;
            if !t.eat_op(")") {
                return t.fail("')', 'and' or 'or'");
            }
            Ok(s)
        }
        Some(Tok::Ident(name)) if name.eq_ignore_ascii_case("outgoing") && t.op("(") => {
            t.pos += 1;
            let Some(Tok::Link(l)) = t.next() else {
                return t.fail_back("file link");
            };
            if !t.eat_op(")") {
                return t.fail("')'");
            }
            Ok(Source::Outgoing(l))
        }
        _ => t.fail_back(EXPECT_SOURCE),
    }
}

fn expr(t: &mut Tokens<'_>) -> P<Expr> {
    let mut left = and(t)?;
    while t.eat_keyword("OR") || t.eat_op("|") {
        t.term()?;
        left = Expr::Or(Box::new(left), Box::new(and(t)?));
    }
    Ok(left)
}

fn and(t: &mut Tokens<'_>) -> P<Expr> {
    let mut left = cmp(t)?;
    while t.eat_keyword("AND") || t.eat_op("&") {
        t.term()?;
        left = Expr::And(Box::new(left), Box::new(cmp(t)?));
    }
    Ok(left)
}

fn cmp(t: &mut Tokens<'_>) -> P<Expr> {
    let left = sum(t)?;
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
            return Ok(Expr::Cmp(op, Box::new(left), Box::new(sum(t)?)));
        }
    }
    Ok(left)
}

fn sum(t: &mut Tokens<'_>) -> P<Expr> {
    let mut left = product(t)?;
    loop {
        let op = if t.eat_op("+") {
            ArithOp::Add
        } else if t.eat_op("-") {
            ArithOp::Sub
        } else {
            return Ok(left);
        };
        t.term()?;
        left = Expr::Arith(op, Box::new(left), Box::new(product(t)?));
    }
}

fn product(t: &mut Tokens<'_>) -> P<Expr> {
    let mut left = unary(t)?;
    loop {
        let op = if t.eat_op("*") {
            ArithOp::Mul
        } else if t.eat_op("/") {
            ArithOp::Div
        } else if t.eat_op("%") {
            ArithOp::Rem
        } else {
            return Ok(left);
        };
        t.term()?;
        left = Expr::Arith(op, Box::new(left), Box::new(unary(t)?));
    }
}

fn unary(t: &mut Tokens<'_>) -> P<Expr> {
    t.enter()?;
    let e = unary_inner(t);
    t.leave();
    e
}

fn unary_inner(t: &mut Tokens<'_>) -> P<Expr> {
    if t.eat_op("!") {
        return Ok(Expr::Not(Box::new(unary(t)?)));
    }
    if t.eat_op("-") {
        return Ok(match unary(t)? {
            Expr::Num(n) => Expr::Num(-n),
            e => Expr::Neg(Box::new(e)),
        });
    }
    match t.next() {
        Some(Tok::Str(s)) => Ok(Expr::Str(s)),
        Some(Tok::Num(n)) => Ok(Expr::Num(n)),
        Some(Tok::Link(l)) => Ok(Expr::Call("link".into(), vec![Expr::Str(l)])),
        Some(Tok::Op("(")) => {
            let e = expr(t)?;
            if !t.eat_op(")") {
                return t.fail("')'");
            }
            Ok(e)
        }
        Some(Tok::Op("[")) => {
            let mut items = Vec::new();
            if !t.eat_op("]") {
                loop {
                    items.push(expr(t)?);
                    if t.eat_op("]") {
                        break;
                    }
                    if !t.eat_op(",") {
                        return t.fail("',', ']'");
                    }
                }
            }
            Ok(Expr::List(items))
        }
        Some(Tok::Ident(name)) if t.op("(") => {
            t.pos += 1;
            call(t, name.to_lowercase())
        }
        Some(Tok::Ident(name)) => Ok(match name.to_lowercase().as_str() {
            "true" => Expr::Bool(true),
            "false" => Expr::Bool(false),
            "null" => Expr::Null,
            lower => Expr::Field(lower.to_string()),
        }),
        _ => t.fail_back(EXPECT_EXPR),
    }
}

/// The arguments of `name(`, the `(` taken. `date(today)`, `date(2026-01-02)`
/// and `dur(7 days)` take a bare literal.
fn call(t: &mut Tokens<'_>, name: String) -> P<Expr> {
    if name == "date" || name == "dur" {
        let start = t.pos;
        let mut end = start;
        while end < t.toks.len() && !matches!(t.toks[end].tok, Tok::Op(")" | "(")) {
            end += 1;
        }
        let closed = matches!(t.toks.get(end).map(|s| &s.tok), Some(Tok::Op(")")));
        let raw = t.raw(start, end).to_string();
        let simple =
            end > start && !matches!(t.toks[start].tok, Tok::Str(_)) && literal(&name, &raw);
        if closed && simple {
            t.pos = end + 1;
            return Ok(Expr::Call(name, vec![Expr::Str(raw)]));
        }
    }
    let mut args = Vec::new();
    if !t.eat_op(")") {
        loop {
            args.push(expr(t)?);
            if t.eat_op(")") {
                break;
            }
            if !t.eat_op(",") {
                return t.fail("')', ','");
            }
        }
    }
    Ok(Expr::Call(name, args))
}

/// Whether the bare text in `date(…)`/`dur(…)` is a literal rather than an expression.
fn literal(name: &str, raw: &str) -> bool {
    let raw = raw.trim();
    if name == "dur" {
        return super::value::parse_duration(raw).is_some();
    }
    super::value::DATE_WORDS.contains(&raw.to_lowercase().as_str())
        || crate::text::parse_date(raw).is_some()
}
