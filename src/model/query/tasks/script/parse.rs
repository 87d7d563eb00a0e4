//! Parsing `filter by function` expressions into a tree.

use super::{Js, MAX_DEPTH, num_text};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Ident(String),
    Punct(&'static str),
}

const PUNCTS: [&str; 30] = [
    "===", "!==", "?.", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "<", ">", "!", "?", ":",
    "(", ")", "[", "]", ",", ".", "+", "-", "*", "/", "%", "{", "}", ";",
];

fn tokenize(src: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' || c == '\'' || c == '`' {
            let mut s = String::new();
            i += 1;
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                    s.push(match chars[i] {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                } else {
                    s.push(chars[i]);
                }
                i += 1;
            }
            if i >= chars.len() {
                return Err("a string is not closed".into());
            }
            i += 1;
            out.push(Tok::Str(s));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            out.push(Tok::Num(
                text.parse()
                    .map_err(|_| format!("{text} is not a number"))?,
            ));
        } else if c.is_alphabetic() || c == '_' || c == '$' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            out.push(Tok::Ident(chars[start..i].iter().collect()));
        } else {
            let rest: String = chars[i..(i + 3).min(chars.len())].iter().collect();
            let Some(p) = PUNCTS.iter().find(|p| rest.starts_with(**p)) else {
                return Err(format!("Unexpected token '{c}'"));
            };
            if matches!(*p, "{" | "}" | ";") {
                return Err("statements and blocks (`{ … }`, `return`) are not evaluated".into());
            }
            out.push(Tok::Punct(p));
            i += p.chars().count();
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
}

/// Parses one expression.
pub fn parse(src: &str) -> Result<Js, String> {
    let mut p = Parser {
        toks: tokenize(src)?,
        pos: 0,
        depth: 0,
    };
    if p.toks.iter().any(|t| *t == Tok::Ident("return".into())) {
        return Err("statements and blocks (`{ … }`, `return`) are not evaluated".into());
    }
    let e = p.expr()?;
    match p.toks.get(p.pos) {
        None => Ok(e),
        Some(t) => Err(format!("Unexpected token {}", show(t))),
    }
}

fn show(t: &Tok) -> String {
    match t {
        Tok::Num(n) => num_text(*n),
        Tok::Str(s) => format!("'{s}'"),
        Tok::Ident(s) => format!("'{s}'"),
        Tok::Punct(p) => format!("'{p}'"),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn eat(&mut self, p: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Punct(q)) if *q == p) {
            self.pos += 1;
            return true;
        }
        false
    }

    fn expect(&mut self, p: &str) -> Result<(), String> {
        if self.eat(p) {
            return Ok(());
        }
        Err(match self.peek() {
            Some(t) => format!("Unexpected token {}; expected '{p}'", show(t)),
            None => format!("Unexpected end of input; expected '{p}'"),
        })
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!(
                "the expression nests more than {MAX_DEPTH} levels deep"
            ));
        }
        Ok(())
    }

    fn expr(&mut self) -> Result<Js, String> {
        self.enter()?;
        let e = self.arrow_or_cond();
        self.depth -= 1;
        e
    }

    fn arrow_or_cond(&mut self) -> Result<Js, String> {
        // `x => …` and `(x, y) => …`
        let save = self.pos;
        let params = match (self.toks.get(self.pos), self.toks.get(self.pos + 1)) {
            (Some(Tok::Ident(x)), Some(Tok::Punct("=>"))) => {
                self.pos += 2;
                Some(vec![x.clone()])
            }
            (Some(Tok::Punct("(")), _) => {
                self.pos += 1;
                let mut names = Vec::new();
                while let Some(Tok::Ident(x)) = self.peek() {
                    names.push(x.clone());
                    self.pos += 1;
                    if !self.eat(",") {
                        break;
                    }
                }
                if self.eat(")") && self.eat("=>") {
                    Some(names)
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some(params) = params {
            return Ok(Js::Arrow(params, Box::new(self.expr()?)));
        }
        self.pos = save;
        let cond = self.binary(0)?;
        if self.eat("?") {
            let a = self.expr()?;
            self.expect(":")?;
            let b = self.expr()?;
            return Ok(Js::Cond(Box::new(cond), Box::new(a), Box::new(b)));
        }
        Ok(cond)
    }

    fn binary(&mut self, level: usize) -> Result<Js, String> {
        const LEVELS: [&[&str]; 6] = [
            &["||", "??"],
            &["&&"],
            &["===", "!==", "==", "!="],
            &["<", ">", "<=", ">="],
            &["+", "-"],
            &["*", "/", "%"],
        ];
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        let mut terms = 0;
        loop {
            let Some(op) = LEVELS[level].iter().find(|op| self.eat(op)) else {
                return Ok(left);
            };
            terms += 1;
            if terms > 2000 {
                return Err("the expression has more than 2000 terms".into());
            }
            let right = self.binary(level + 1)?;
            left = Js::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Js, String> {
        for op in ["!", "-", "+"] {
            if self.eat(op) {
                self.enter()?;
                let e = self.unary();
                self.depth -= 1;
                return Ok(Js::Unary(op, Box::new(e?)));
            }
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<Js, String> {
        let mut e = self.primary()?;
        loop {
            if self.eat(".") || self.eat("?.") {
                match self.peek().cloned() {
                    Some(Tok::Ident(name)) => {
                        self.pos += 1;
                        e = Js::Member(Box::new(e), name);
                    }
                    Some(t) => return Err(format!("Unexpected token {}", show(&t))),
                    None => return Err("Unexpected end of input".into()),
                }
            } else if self.eat("(") {
                let mut args = Vec::new();
                if !self.eat(")") {
                    loop {
                        args.push(self.expr()?);
                        if self.eat(")") {
                            break;
                        }
                        self.expect(",")?;
                    }
                }
                e = Js::Call(Box::new(e), args);
            } else if self.eat("[") {
                let i = self.expr()?;
                self.expect("]")?;
                e = Js::Index(Box::new(e), Box::new(i));
            } else {
                return Ok(e);
            }
            self.enter()?;
        }
    }

    fn primary(&mut self) -> Result<Js, String> {
        match self.peek().cloned() {
            Some(Tok::Num(n)) => {
                self.pos += 1;
                Ok(Js::Num(n))
            }
            Some(Tok::Str(s)) => {
                self.pos += 1;
                Ok(Js::Str(s))
            }
            Some(Tok::Ident(s)) => {
                self.pos += 1;
                Ok(Js::Ident(s))
            }
            Some(Tok::Punct("(")) => {
                self.pos += 1;
                let e = self.expr()?;
                self.expect(")")?;
                Ok(e)
            }
            Some(Tok::Punct("[")) => {
                self.pos += 1;
                let mut items = Vec::new();
                if !self.eat("]") {
                    loop {
                        items.push(self.expr()?);
                        if self.eat("]") {
                            break;
                        }
                        self.expect(",")?;
                    }
                }
                Ok(Js::Array(items))
            }
            Some(t) => Err(format!("Unexpected token {}", show(&t))),
            None => Err("Unexpected end of input".into()),
        }
    }
}
