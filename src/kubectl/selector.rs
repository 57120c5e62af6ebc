//! Label selectors as apimachinery's `labels.Parse` reads them: equality
//! (`k=v`, `k==v`, `k!=v`), sets (`k in (a,b)`, `k notin (a)`), existence (`k`,
//! `!k`) and `k gt|lt N`, with its lexer's tokens and its parser's errors, so
//! `-l` means (and fails) the same in the built-in kubectl and `kubesim serve`.

use crate::sim::Labels;

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Ident(String),
    OpenPar,
    ClosedPar,
    Comma,
    Not,
    Equals,
    DoubleEquals,
    NotEquals,
    Greater,
    Less,
    In,
    NotIn,
    End,
}

impl Token {
    /// The literal Go's errors quote.
    fn literal(&self) -> String {
        match self {
            Token::Ident(s) => s.clone(),
            Token::OpenPar => "(".into(),
            Token::ClosedPar => ")".into(),
            Token::Comma => ",".into(),
            Token::Not => "!".into(),
            Token::Equals => "=".into(),
            Token::DoubleEquals => "==".into(),
            Token::NotEquals => "!=".into(),
            Token::Greater => ">".into(),
            Token::Less => "<".into(),
            Token::In => "in".into(),
            Token::NotIn => "notin".into(),
            Token::End => String::new(),
        }
    }

    /// In a value position `in` and `notin` are plain words.
    fn in_values(self) -> Token {
        match self {
            Token::In | Token::NotIn => Token::Ident(self.literal()),
            t => t,
        }
    }
}

fn special(c: char) -> bool {
    matches!(c, '=' | '!' | '(' | ')' | ',' | '>' | '<')
}

fn lex(s: &str) -> Vec<Token> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if special(c) {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let (t, n) = match (c, two.as_str()) {
                (_, "==") => (Token::DoubleEquals, 2),
                (_, "!=") => (Token::NotEquals, 2),
                ('=', _) => (Token::Equals, 1),
                ('!', _) => (Token::Not, 1),
                ('(', _) => (Token::OpenPar, 1),
                (')', _) => (Token::ClosedPar, 1),
                (',', _) => (Token::Comma, 1),
                ('>', _) => (Token::Greater, 1),
                _ => (Token::Less, 1),
            };
            out.push(t);
            i += n;
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && !special(chars[i]) {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        out.push(match word.as_str() {
            "in" => Token::In,
            "notin" => Token::NotIn,
            _ => Token::Ident(word),
        });
    }
    out.push(Token::End);
    out
}

#[derive(Clone, Debug, PartialEq)]
enum Op {
    Exists,
    DoesNotExist,
    Equals,
    NotEquals,
    In,
    NotIn,
    Greater,
    Less,
}

#[derive(Clone, Debug, PartialEq)]
struct Requirement {
    key: String,
    op: Op,
    values: Vec<String>,
}

impl Requirement {
    fn matches(&self, labels: &Labels) -> bool {
        let have = labels.get(&self.key);
        let number = |s: &str| s.parse::<i64>().ok();
        match self.op {
            Op::Exists => have.is_some(),
            Op::DoesNotExist => have.is_none(),
            Op::Equals | Op::In => have.is_some_and(|v| self.values.contains(v)),
            Op::NotEquals | Op::NotIn => !have.is_some_and(|v| self.values.contains(v)),
            Op::Greater | Op::Less => {
                let (Some(have), Some(bound)) =
                    (have.and_then(|v| number(v)), number(&self.values[0]))
                else {
                    return false;
                };
                if self.op == Op::Greater {
                    have > bound
                } else {
                    have < bound
                }
            }
        }
    }
}

/// A parsed selector: every requirement must hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selector(Vec<Requirement>);

impl Selector {
    pub fn matches(&self, labels: &Labels) -> bool {
        self.0.iter().all(|r| r.matches(labels))
    }
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

const BINARY: &str = "in, notin, =, ==, !=, gt, lt";

impl Parser {
    fn peek(&self) -> Token {
        self.tokens[self.at].clone().in_values()
    }

    fn next_raw(&mut self) -> Token {
        let t = self.tokens[self.at].clone();
        if t != Token::End {
            self.at += 1;
        }
        t
    }

    fn next(&mut self) -> Token {
        self.next_raw().in_values()
    }

    fn requirement(&mut self) -> Result<Requirement, String> {
        let mut t = self.next();
        let negated = t == Token::Not;
        if negated {
            t = self.next();
        }
        let Token::Ident(key) = t else {
            return Err(format!("found '{}', expected: identifier", t.literal()));
        };
        if matches!(self.peek(), Token::End | Token::Comma) {
            let op = if negated {
                Op::DoesNotExist
            } else {
                Op::Exists
            };
            return Ok(Requirement {
                key,
                op,
                values: Vec::new(),
            });
        }
        let op = match self.next_raw() {
            Token::In => Op::In,
            Token::NotIn => Op::NotIn,
            Token::Equals | Token::DoubleEquals => Op::Equals,
            Token::NotEquals => Op::NotEquals,
            Token::Greater => Op::Greater,
            Token::Less => Op::Less,
            other => return Err(format!("found '{}', expected: {BINARY}", other.literal())),
        };
        let values = match op {
            Op::In | Op::NotIn => self.set_values()?,
            _ => self.exact_value()?,
        };
        Ok(Requirement { key, op, values })
    }

    fn exact_value(&mut self) -> Result<Vec<String>, String> {
        if matches!(self.peek(), Token::End | Token::Comma) {
            return Ok(vec![String::new()]);
        }
        match self.next() {
            Token::Ident(v) => Ok(vec![v]),
            other => Err(format!("found '{}', expected: identifier", other.literal())),
        }
    }

    fn set_values(&mut self) -> Result<Vec<String>, String> {
        let open = self.next();
        if open != Token::OpenPar {
            return Err(format!("found '{}' expected: '('", open.literal()));
        }
        let mut values = Vec::new();
        match self.peek() {
            Token::ClosedPar => {
                self.next();
                return Ok(vec![String::new()]);
            }
            Token::Ident(_) | Token::Comma => {}
            other => {
                return Err(format!(
                    "found '{}', expected: ',', ')' or identifier",
                    other.literal()
                ))
            }
        }
        loop {
            match self.next() {
                Token::Ident(v) => {
                    values.push(v);
                    match self.peek() {
                        Token::Comma => {
                            self.next();
                            if self.peek() == Token::ClosedPar {
                                values.push(String::new());
                            }
                        }
                        Token::ClosedPar => {
                            self.next();
                            return Ok(values);
                        }
                        other => {
                            return Err(format!(
                                "found '{}', expected: ',' or ')'",
                                other.literal()
                            ))
                        }
                    }
                }
                Token::Comma => values.push(String::new()),
                Token::ClosedPar => return Ok(values),
                other => {
                    return Err(format!(
                        "found '{}', expected: ',', or identifier",
                        other.literal()
                    ))
                }
            }
        }
    }
}

/// `labels.Parse`: the selector, or the API server's error text.
pub fn parse(text: &str) -> Result<Selector, String> {
    let mut p = Parser {
        tokens: lex(text),
        at: 0,
    };
    let mut reqs = Vec::new();
    loop {
        match p.peek() {
            Token::End => return Ok(Selector(reqs)),
            Token::Ident(_) | Token::Not => {
                let r = p
                    .requirement()
                    .map_err(|e| format!("unable to parse requirement: {e}"))?;
                check(&r)?;
                reqs.push(r);
                match p.next() {
                    Token::End => return Ok(Selector(reqs)),
                    Token::Comma => match p.peek() {
                        Token::Ident(_) | Token::Not => {}
                        t => {
                            return Err(format!(
                                "found '{}', expected: identifier after ','",
                                t.literal()
                            ))
                        }
                    },
                    t => {
                        return Err(format!(
                            "found '{}', expected: ',' or 'end of string'",
                            t.literal()
                        ))
                    }
                }
            }
            t => {
                return Err(format!(
                    "found '{}', expected: !, identifier, or 'end of string'",
                    t.literal()
                ))
            }
        }
    }
}

/// `NewRequirement`'s checks of the values an operator takes (keys are taken as
/// written: the lexer already splits them at blanks and symbols).
fn check(r: &Requirement) -> Result<(), String> {
    // Go's `%#v` of the []string.
    let go_values = || {
        let quoted: Vec<String> = r.values.iter().map(|v| format!("{v:?}")).collect();
        format!("[]string{{{}}}", quoted.join(", "))
    };
    if matches!(r.op, Op::Greater | Op::Less) && r.values[0].parse::<i64>().is_err() {
        return Err(format!(
            "unable to parse requirement: values: Invalid value: {}: for 'Gt', 'Lt' operators, the value must be an integer",
            go_values()
        ));
    }
    for (i, v) in r.values.iter().enumerate() {
        if !crate::manifest::is_label_value(v) {
            return Err(format!(
                "unable to parse requirement: values[{i}][{}]: Invalid value: {v:?}: {}",
                r.key,
                crate::manifest::LABEL_VALUE_MSG
            ));
        }
    }
    Ok(())
}

/// One term of a field selector: `path=value`, `path==value` or `path!=value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldTerm {
    pub path: String,
    pub equal: bool,
    pub value: String,
}

/// `fields.ParseSelector`: the terms, or the API server's error text.
pub fn parse_fields(text: &str) -> Result<Vec<FieldTerm>, String> {
    let mut terms = Vec::new();
    for term in text.split(',').filter(|t| !t.is_empty()) {
        let (path, equal, value) = if let Some((k, v)) = term.split_once("!=") {
            (k, false, v)
        } else if let Some((k, v)) = term.split_once("==") {
            (k, true, v)
        } else if let Some((k, v)) = term.split_once('=') {
            (k, true, v)
        } else {
            return Err(format!(
                "invalid selector: '{text}'; can't understand '{term}'"
            ));
        };
        terms.push(FieldTerm {
            path: path.to_string(),
            equal,
            value: value.to_string(),
        });
    }
    Ok(terms)
}

/// The field labels the API server can select `resource` (plural) by; any other
/// is `field label not supported`.
pub fn check_field_labels(resource: &str, terms: &[FieldTerm]) -> Result<(), String> {
    let extra: &[&str] = match resource {
        "pods" => &[
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.podIPs",
            "status.nominatedNodeName",
        ],
        "events" => &[
            "involvedObject.kind",
            "involvedObject.namespace",
            "involvedObject.name",
            "involvedObject.uid",
            "involvedObject.apiVersion",
            "involvedObject.resourceVersion",
            "involvedObject.fieldPath",
            "reason",
            "reportingComponent",
            "source",
            "type",
        ],
        "replicasets" => &["status.replicas"],
        "namespaces" => &["status.phase"],
        "nodes" => &["spec.unschedulable"],
        "services" => &["spec.clusterIP", "spec.type"],
        _ => &[],
    };
    for t in terms {
        let known = ["metadata.name", "metadata.namespace"].contains(&t.path.as_str())
            || extra.contains(&t.path.as_str());
        if !known {
            return Err(format!("field label not supported: {}", t.path));
        }
    }
    Ok(())
}
