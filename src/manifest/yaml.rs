//! A YAML reader for Kubernetes manifests: block and flow collections, plain,
//! quoted and block scalars, comments, anchors and aliases, merge keys, and
//! multi-document files. Plain scalars resolve as kubectl's YAML library (go-yaml
//! v2) resolves them, so `yes` is a bool and `0755` is octal, as on a real cluster.
//! Errors carry go-yaml's wording and the 1-based line.
//!
//! It must not know Kubernetes field names; it only turns text into [`Value`]s.
//! Mapping keys go as kubectl's YAML step takes them: the later of two equal
//! keys wins; a collection as a key (`? [a, b]`, `[a]: 1`), a null key or one
//! past int64 fails the document after it parses, with kubectl's message.
//! Explicit tags resolve as go-yaml's decoder takes them (`!!binary` decodes
//! base64; `!!int abc` fails the document; an unknown tag keeps the text).
//! Not supported (an error, never a wrong tree): directives other than
//! `%YAML`/`%TAG` lines, which are skipped.

use super::value::{Map, Value};

/// Why a file is not YAML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub problem: String,
}

/// A block mapping's entry: the key as JSON writes it, whether it was quoted,
/// the value, whether the key is held for an error, and where the next starts.
type Entry = (String, bool, Value, bool, Option<usize>);

/// One document: the 1-based line it starts on, and its tree (`Null` when empty).
pub type Document = (usize, Value);

/// Nesting deeper than this is refused, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 100;
/// Alias expansion beyond this much copied content is refused ("billion laughs"):
/// each alias costs its node count plus the bytes of every string and key it
/// copies, so one long string fanned out many times is caught as surely as a deep
/// tree of small ones. A megabyte is far above any real manifest's reuse.
const MAX_ALIAS_WEIGHT: usize = 1_000_000;

pub fn parse_documents(text: &str) -> Result<Vec<Document>, YamlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.chars().any(|c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || ('\u{7f}'..='\u{9f}').contains(&c)
    }) {
        return Err(YamlError {
            line: None,
            problem: "control characters are not allowed".into(),
        });
    }
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut p = Parser {
        lines,
        i: 0,
        c: 0,
        anchors: Vec::new(),
        alias_weight: 0,
        not_json: None,
        decode_error: None,
        unsupported_key: None,
    };
    p.documents()
}

struct Parser<'a> {
    lines: Vec<&'a str>,
    /// Current line (0-based) and byte column in it.
    i: usize,
    c: usize,
    anchors: Vec<(String, Value)>,
    /// What alias expansion has copied so far (see [`MAX_ALIAS_WEIGHT`]).
    alias_weight: usize,
    /// The first float in this document that JSON cannot hold (`+Inf`, `-Inf`,
    /// `NaN`): go-yaml reads it, then kubectl's YAML-to-JSON step refuses the
    /// document, after any syntax error in it.
    not_json: Option<&'static str>,
    /// The first thing go-yaml's decoder fails on in this document, in the order
    /// it decodes: a collection as a mapping key (`invalid map key: []interface
    /// {}{"a"}`), a tag its value does not fit (`cannot decode !!str `x` as a
    /// !!int`), bad `!!binary` data. Before kubectl's YAML-to-JSON step.
    decode_error: Option<String>,
    /// The first key that step cannot write as JSON (null, an integer past
    /// int64), with its value: it fails there, before `not_json`.
    unsupported_key: Option<String>,
}

/// A copy with its keys in order, as Go's fmt prints a map's.
fn sorted(v: &Value) -> Value {
    let mut v = v.clone();
    super::value::sort_keys(&mut v);
    v
}

/// The float a YAML 1.1 word for infinity or NaN spells.
fn non_finite_f64(s: &str) -> Option<f64> {
    non_finite(s).map(go_non_finite)
}

/// The float Go prints as `+Inf`, `-Inf` or `NaN`.
fn go_non_finite(go: &str) -> f64 {
    match go {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        _ => f64::NAN,
    }
}

/// `? key` starts an explicit mapping key; `: value` gives it its value.
fn is_indicator(rest: &str, c: char) -> bool {
    let mut chars = rest.chars();
    chars.next() == Some(c) && matches!(chars.next(), None | Some(' ') | Some('\t'))
}

type R<T> = Result<T, YamlError>;

fn indent_of(line: &str) -> usize {
    line.bytes().take_while(|&b| b == b' ').count()
}

fn is_doc_marker(line: &str) -> bool {
    for m in ["---", "..."] {
        if let Some(rest) = line.strip_prefix(m) {
            if rest.is_empty() || rest.starts_with([' ', '\t']) {
                return true;
            }
        }
    }
    false
}

/// Blank or only a comment.
fn is_empty_line(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t']);
    t.is_empty() || t.starts_with('#')
}

/// What expanding `v` once copies: one per node, plus every string's and key's bytes.
fn alias_weight(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(alias_weight).sum::<usize>(),
        Value::Object(m) => {
            1 + m
                .iter()
                .map(|(k, v)| k.len() + alias_weight(v))
                .sum::<usize>()
        }
        Value::String(s) => 1 + s.len(),
        _ => 1,
    }
}

impl<'a> Parser<'a> {
    fn err<T>(&self, problem: &str) -> R<T> {
        Err(YamlError {
            line: go_line(problem, self.i),
            problem: problem.to_string(),
        })
    }

    /// The 0-based line where the stream ends as go-yaml sees it: kubectl's
    /// document reader ends every document with a line break.
    fn eof_line(&self) -> usize {
        self.lines.len() - (self.lines.last() == Some(&"")) as usize
    }

    fn line(&self) -> &'a str {
        self.lines.get(self.i).copied().unwrap_or("")
    }

    fn rest(&self) -> &'a str {
        let l = self.line();
        l.get(self.c.min(l.len())..).unwrap_or("")
    }

    fn at_eof(&self) -> bool {
        self.i >= self.lines.len()
    }

    fn skip_spaces(&mut self) {
        let l = self.line().as_bytes();
        while self.c < l.len() && matches!(l[self.c], b' ' | b'\t') {
            self.c += 1;
        }
    }

    /// True when only spaces or a comment remain on the current line.
    fn rest_is_empty(&mut self) -> bool {
        self.skip_spaces();
        let r = self.rest();
        r.is_empty() || r.starts_with('#')
    }

    /// Moves to the next line that has content (not blank, not only a comment).
    /// Returns false at the end of the file or at a document marker.
    fn next_content_line(&mut self) -> bool {
        self.i += 1;
        self.c = 0;
        self.seek_content()
    }

    fn seek_content(&mut self) -> bool {
        while !self.at_eof() && is_empty_line(self.line()) && !is_doc_marker(self.line()) {
            self.i += 1;
        }
        self.c = 0;
        !self.at_eof() && !is_doc_marker(self.line())
    }

    fn check_tab_indent(&self) -> R<()> {
        let l = self.line();
        let n = indent_of(l);
        if l.as_bytes().get(n) == Some(&b'\t') {
            return self.err("found character that cannot start any token");
        }
        Ok(())
    }

    fn documents(&mut self) -> R<Vec<Document>> {
        let mut docs = Vec::new();
        // An implicit document starts right after the previous marker.
        let mut implicit_start = 1;
        loop {
            // Directives and blank lines before a document.
            while !self.at_eof() && (is_empty_line(self.line()) || self.line().starts_with('%')) {
                if let Some(version) = self.line().strip_prefix("%YAML") {
                    // go-yaml v2 reads YAML 1.1 only; and kubectl splits a file at
                    // `---` before parsing, so a 1.1 directive is left alone in its
                    // piece, with no document after it.
                    if version.split_whitespace().next() != Some("1.1") {
                        return self.err("found incompatible YAML document");
                    }
                    self.i += 1;
                    return self.err("did not find expected <document start>");
                }
                self.i += 1;
            }
            if self.at_eof() {
                break;
            }
            let mut first_line = implicit_start;
            self.c = 0;
            let l = self.line();
            if l.starts_with("...") && is_doc_marker(l) {
                self.i += 1;
                implicit_start = self.i + 1;
                continue;
            }
            let value = if l.starts_with("---") && is_doc_marker(l) {
                first_line = self.i + 2;
                self.c = 3;
                if self.rest_is_empty() {
                    if self.next_content_line() {
                        self.check_tab_indent()?;
                        let n = indent_of(self.line());
                        self.block_node(-1, n, 0)?
                    } else {
                        Value::Null
                    }
                } else {
                    self.inline_value(-1, false, 0)?
                }
            } else {
                self.check_tab_indent()?;
                let n = indent_of(l);
                self.block_node(-1, n, 0)?
            };
            let end = (self.i, self.c);
            // After the root node: only blank lines, comments or a marker.
            if !self.at_eof() {
                if self.c > 0 {
                    if !self.rest_is_empty() {
                        return self.err("did not find expected <document start>");
                    }
                    self.i += 1;
                    self.c = 0;
                }
                if self.seek_content() {
                    return self.err("did not find expected <document start>");
                }
            }
            self.refused_after_parse()?;
            docs.push((first_line, value));
            implicit_start = end.0 + 1;
        }
        Ok(docs)
    }

    /// The document parsed: now what go-yaml's decoder, then kubectl's
    /// YAML-to-JSON step, refuse in it, in that order.
    fn refused_after_parse(&mut self) -> R<()> {
        let not_json = self
            .not_json
            .take()
            .map(|v| format!("json: unsupported value: {v}"));
        match self
            .decode_error
            .take()
            .or(self.unsupported_key.take())
            .or(not_json)
        {
            Some(problem) => Err(YamlError {
                line: None,
                problem,
            }),
            None => Ok(()),
        }
    }

    /// A node that starts at the beginning of line `self.i`, column `n`.
    fn block_node(&mut self, parent: isize, n: usize, depth: usize) -> R<Value> {
        if depth > MAX_DEPTH {
            return self.err(&format!("exceeded max depth of {MAX_DEPTH}"));
        }
        self.c = n;
        let rest = self.rest();
        if rest == "-" || rest.starts_with("- ") || rest.starts_with("-\t") {
            return self.block_sequence(n, depth);
        }
        if self.key_colon(self.c).is_some() || is_indicator(rest, '?') {
            return self.block_mapping(n, depth);
        }
        self.inline_value(parent, false, depth)
    }

    /// Files a mapping key's problem where kubectl meets it (go-yaml fails at the
    /// first collection key it decodes, the JSON step at the first key it cannot
    /// write) and returns its text. True when this entry holds the JSON step's
    /// error, which names the value too: [`Self::note_value`] completes it.
    fn note_key(&mut self, key: &Value, non_finite: Option<f64>) -> (String, bool) {
        match json_key(key, non_finite) {
            JsonKey::Text(t) => (t, false),
            JsonKey::Invalid => {
                if self.decode_error.is_none() {
                    self.decode_error = Some(format!(
                        "invalid map key: {}",
                        go_value::sharp_v(&sorted(key))
                    ));
                }
                (String::new(), false)
            }
            JsonKey::Unsupported { go_type, key } => {
                let first = self.unsupported_key.is_none();
                if first {
                    self.unsupported_key = Some(format!(
                        "unsupported map key of type: {go_type}, key: {key}, value: "
                    ));
                }
                (String::new(), first)
            }
        }
    }

    /// Reads a mapping key with `read`. A key that is `.inf`, `-.inf` or `.nan`
    /// is a float key (returned beside the null the reader holds for it), not a
    /// value JSON cannot hold.
    fn read_key(&mut self, read: impl FnOnce(&mut Self) -> R<Value>) -> R<(Value, Option<f64>)> {
        let not_json = self.not_json;
        let key = read(self)?;
        let mut non_finite = None;
        if key.is_null() && self.not_json != not_json {
            non_finite = self.not_json.map(go_non_finite);
            self.not_json = not_json;
        }
        Ok((key, non_finite))
    }

    fn note_value(&mut self, held: bool, value: &Value) {
        if let (true, Some(text)) = (held, self.unsupported_key.as_mut()) {
            text.push_str(&go_value::sharp_v_top(&sorted(value)));
        }
    }

    /// Where the `:` of a mapping key starting at column `c` of the current line
    /// is, if the line holds a key there.
    fn key_colon(&self, c: usize) -> Option<usize> {
        let l = self.line().as_bytes();
        let mut j = c;
        match l.get(j) {
            Some(b'"') | Some(b'\'') => {
                let q = l[j];
                j += 1;
                while j < l.len() {
                    if l[j] == b'\\' && q == b'"' {
                        j += 2;
                        continue;
                    }
                    if l[j] == q {
                        if q == b'\'' && l.get(j + 1) == Some(&b'\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j += 1;
                }
                j += 1;
                while j < l.len() && l[j] == b' ' {
                    j += 1;
                }
                (l.get(j) == Some(&b':') && matches!(l.get(j + 1), None | Some(b' ') | Some(b'\t')))
                    .then_some(j)
            }
            Some(b'[') | Some(b'{') => {
                // A flow collection as a key, on one line: `[a, b]: 1`.
                let mut open = 0usize;
                let mut quote = None;
                while j < l.len() {
                    match (quote, l[j]) {
                        (Some(b'"'), b'\\') => j += 1,
                        (Some(q), b) if b == q => quote = None,
                        (Some(_), _) => {}
                        (None, b'"' | b'\'') => quote = Some(l[j]),
                        (None, b'[' | b'{') => open += 1,
                        (None, b']' | b'}') => {
                            open -= 1;
                            if open == 0 {
                                break;
                            }
                        }
                        (None, b'#') if matches!(l[j - 1], b' ' | b'\t') => return None,
                        _ => {}
                    }
                    j += 1;
                }
                j += 1;
                while j < l.len() && l[j] == b' ' {
                    j += 1;
                }
                (j < l.len()
                    && l[j] == b':'
                    && matches!(l.get(j + 1), None | Some(b' ') | Some(b'\t')))
                .then_some(j)
            }
            Some(b'#') | Some(b'|') | Some(b'>') | None => None,
            _ => {
                while j < l.len() {
                    if l[j] == b':' && matches!(l.get(j + 1), None | Some(b' ') | Some(b'\t')) {
                        return Some(j);
                    }
                    if l[j] == b'#' && j > c && matches!(l[j - 1], b' ' | b'\t') {
                        return None;
                    }
                    j += 1;
                }
                None
            }
        }
    }

    fn block_mapping(&mut self, n: usize, depth: usize) -> R<Value> {
        let mut map = Map::new();
        loop {
            let (key, quoted, value, held, next) = if is_indicator(self.rest(), '?') {
                self.explicit_entry(n, depth)?
            } else {
                self.implicit_entry(n, depth)?
            };
            self.note_value(held, &value);
            if key == "<<" && !quoted {
                merge_into(&mut map, value).map_err(|problem| YamlError {
                    line: None,
                    problem: problem.into(),
                })?;
            } else {
                // go-yaml v2 keeps the later of two equal keys, and kubectl sends
                // only that (no warning; the API server never sees the first).
                map.insert(key, value);
            }
            // The next entry, if any, starts a line at exactly this indentation.
            let Some(m) = next else {
                break;
            };
            if m < n {
                break;
            }
            if m > n {
                return self.err("did not find expected key");
            }
            self.c = m;
            if self.rest().starts_with("- ") || self.rest() == "-" {
                return self.err("did not find expected key");
            }
        }
        Ok(Value::Object(map))
    }

    /// `? key`, then `: value` at this indentation (or no value: null): the key
    /// (as JSON writes it), whether it was quoted, the value, whether the key is
    /// held for an error, and where the next entry starts.
    fn explicit_entry(&mut self, n: usize, depth: usize) -> R<Entry> {
        // `? key`, then `: value` at this indentation (or no value: null).
        self.c += 1;
        let key = self.inline_value(n as isize, false, depth + 1)?;
        let (key, held) = self.note_key(&key, None);
        let mut next = self.next_entry("did not find expected key")?;
        let mut value = Value::Null;
        if next == Some(n) && {
            self.c = n;
            is_indicator(self.rest(), ':')
        } {
            self.c = n + 1;
            value = self.inline_value(n as isize, false, depth + 1)?;
            next = self.next_entry("did not find expected key")?;
        }
        Ok((key, false, value, held, next))
    }

    /// `key: value`, the key plain, quoted, a flow collection or with properties.
    fn implicit_entry(&mut self, n: usize, depth: usize) -> R<Entry> {
        let Some(colon) = self.key_colon(self.c) else {
            return self.err(if self.rest().starts_with('-') {
                "did not find expected key"
            } else {
                "could not find expected ':'"
            });
        };
        let key_line = self.i;
        let raw = &self.line()[self.c..colon];
        // Only a plain `<<` merges; a quoted one is an ordinary key.
        let quoted = matches!(raw.as_bytes().first(), Some(b'"') | Some(b'\''));
        let (key, held) = match raw.trim_end().as_bytes().first() {
            Some(b'"') | Some(b'\'') => {
                let v = self.quoted(depth)?;
                self.i = key_line;
                self.note_key(&v, None)
            }
            Some(b'[') | Some(b'{') => {
                let v = self.flow(depth + 1)?;
                self.note_key(&v, None)
            }
            None => return self.err("did not find expected key"),
            Some(b'&') | Some(b'!') | Some(b'*') => {
                let (key, non_finite) = self.read_key(|p| p.key_with_properties(colon, depth))?;
                self.i = key_line;
                self.note_key(&key, non_finite)
            }
            _ => {
                let t = raw.trim_end();
                if t.starts_with(['?', '@', '`']) {
                    return self.err("found character that cannot start any token");
                }
                self.note_key(&resolve_plain(t), non_finite_f64(t))
            }
        };
        self.c = colon + 1;
        let value = self.inline_value(n as isize, true, depth + 1)?;
        let next = self.next_entry("did not find expected key")?;
        Ok((key, quoted, value, held, next))
    }

    /// A block key with an anchor or a tag before it (`&a k: v`, `!!str 1: v`), or
    /// an alias as the key (`*a : v`), ending before the `:` at `colon`.
    fn key_with_properties(&mut self, colon: usize, depth: usize) -> R<Value> {
        let (anchor, tag) = self.properties()?;
        if self.rest().starts_with('*') {
            let len = self.anchor_len()?;
            let name = self.rest()[1..1 + len].to_string();
            self.c += 1 + len;
            return self.alias(&name);
        }
        let key = if self.rest().starts_with(['"', '\'']) {
            let v = self.quoted(depth)?;
            match (&tag, v) {
                (Some(t), Value::String(s)) => self.tagged(t, &s),
                (_, v) => v,
            }
        } else {
            let text = self.line()[self.c..colon.max(self.c)].trim_end();
            match &tag {
                Some(t) => self.tagged(t, text),
                None => self.scalar(text),
            }
        };
        if let Some(name) = anchor {
            self.anchors.retain(|(n, _)| *n != name);
            self.anchors.push((name, key.clone()));
        }
        Ok(key)
    }

    /// After an entry's value: moves to the next line with content and returns its
    /// indentation; None at the end of the file or at a document marker. Anything
    /// left on the value's own line is the error `junk`.
    fn next_entry(&mut self, junk: &str) -> R<Option<usize>> {
        if self.at_eof() {
            return Ok(None);
        }
        if self.c > 0 && !self.rest_is_empty() {
            return self.err(junk);
        }
        if self.c > 0 && !self.next_content_line() {
            return Ok(None);
        }
        if self.c == 0 && !self.seek_content() {
            return Ok(None);
        }
        self.check_tab_indent()?;
        Ok(Some(indent_of(self.line())))
    }

    fn block_sequence(&mut self, n: usize, depth: usize) -> R<Value> {
        let mut items = Vec::new();
        loop {
            self.c = n + 1;
            // go-yaml's scanner allows a simple key right after `-`, and there it
            // eats spaces but not tabs: a tab before the item cannot start a token.
            let gap = self.rest().len() - self.rest().trim_start_matches(' ').len();
            if self.rest()[gap..].starts_with('\t') {
                return self.err("found character that cannot start any token");
            }
            items.push(self.inline_value(n as isize, false, depth + 1)?);
            let Some(m) = self.next_entry("did not find expected '-' indicator")? else {
                break;
            };
            self.c = m;
            let is_item = self.rest() == "-"
                || self.rest().starts_with("- ")
                || self.rest().starts_with("-\t");
            if m < n || (m == n && !is_item) {
                self.c = 0;
                break;
            }
            if m > n {
                return self.err("did not find expected '-' indicator");
            }
        }
        Ok(Value::Array(items))
    }

    /// The value that follows `key:` or `- ` at (`self.i`, `self.c`): on the same
    /// line, or as a block on the following lines indented past `parent`. On
    /// return, the position is at the end of what was read (same line, or the
    /// start of the first line not consumed with `c == 0`).
    fn inline_value(&mut self, parent: isize, after_key: bool, depth: usize) -> R<Value> {
        if depth > MAX_DEPTH {
            return self.err(&format!("exceeded max depth of {MAX_DEPTH}"));
        }
        self.skip_spaces();
        let (anchor, mut tag) = self.properties()?;
        // True for a quoted or block scalar, and for no node at all (an empty
        // plain scalar): the nodes a tag resolves.
        let mut scalar_node = false;
        let value = if self.rest_is_empty() {
            // The value is on the following lines (or absent).
            if self.next_content_line() {
                self.check_tab_indent()?;
                let m = indent_of(self.line());
                self.c = m;
                let rest = self.rest();
                let is_item = rest == "-" || rest.starts_with("- ") || rest.starts_with("-\t");
                if m as isize > parent || (after_key && m as isize == parent && is_item) {
                    self.block_node(parent, m, depth)?
                } else {
                    self.c = 0;
                    scalar_node = true;
                    Value::Null
                }
            } else {
                self.c = 0;
                scalar_node = true;
                Value::Null
            }
        } else {
            let col = self.c;
            let r = self.rest();
            let first = r.as_bytes()[0];
            if !after_key && (r == "-" || r.starts_with("- ") || r.starts_with("-\t")) {
                // `- - a`: a sequence in a sequence, at this column.
                self.block_sequence(col, depth)?
            } else if self.key_colon(col).is_some() {
                if after_key {
                    return self.err("mapping values are not allowed in this context");
                }
                // `- name: x`: a mapping whose first key sits after the dash.
                self.block_mapping(col, depth)?
            } else {
                match first {
                    b'|' | b'>' => {
                        scalar_node = true;
                        self.block_scalar(parent)?
                    }
                    b'[' | b'{' => {
                        let v = self.flow(depth)?;
                        if !self.rest_is_empty() {
                            return self.err("did not find expected key");
                        }
                        v
                    }
                    b'"' | b'\'' => {
                        scalar_node = true;
                        let v = self.quoted(depth)?;
                        if !self.rest_is_empty() {
                            return self.err("did not find expected key");
                        }
                        v
                    }
                    b'*' => {
                        let len = self.anchor_len()?;
                        let name = r[1..1 + len].to_string();
                        self.c += 1 + len;
                        let v = self.alias(&name)?;
                        if !self.rest_is_empty() {
                            return self.err("did not find expected key");
                        }
                        v
                    }
                    b'@' | b'`' | b'%' => {
                        return self.err("found character that cannot start any token")
                    }
                    b']' | b'}' => return self.err("did not find expected node content"),
                    b'?' if is_indicator(r, '?') => {
                        if after_key {
                            return self.err("mapping values are not allowed in this context");
                        }
                        // `- ? key`: a mapping whose first key is explicit.
                        self.block_mapping(col, depth)?
                    }
                    _ => {
                        let text = self.plain_block(parent)?;
                        match tag.take() {
                            Some(t) => self.tagged(&t, &text),
                            None => self.scalar(&text),
                        }
                    }
                }
            }
        };
        // A tag on a quoted or block scalar resolves its text as go-yaml does; on
        // a collection or an alias it changes nothing.
        let value = match (tag, value) {
            (Some(t), Value::String(s)) if scalar_node => self.tagged(&t, &s),
            (Some(t), Value::Null) if scalar_node => self.tagged(&t, ""),
            (_, v) => v,
        };
        if let Some(name) = anchor {
            self.anchors.retain(|(n, _)| *n != name);
            self.anchors.push((name, value.clone()));
        }
        Ok(value)
    }

    /// A plain scalar's value, noting a float JSON cannot hold.
    fn scalar(&mut self, s: &str) -> Value {
        let v = resolve_plain(s);
        if v.is_null() && self.not_json.is_none() {
            self.not_json = non_finite(s);
        }
        v
    }

    /// A node's properties at the position, in either order: an anchor (`&a`) and
    /// a tag (`!!str`), each with the blanks after it.
    fn properties(&mut self) -> R<(Option<String>, Option<String>)> {
        let (mut anchor, mut tag) = (None, None);
        loop {
            let r = self.rest();
            if let Some(name) = r.strip_prefix('&') {
                let len = self.anchor_len()?;
                anchor = Some(name[..len].to_string());
                self.c += 1 + len;
            } else if r.starts_with('!') {
                let len = self.tag_len()?;
                tag = Some(r[..len].to_string());
                self.c += len;
            } else {
                return Ok((anchor, tag));
            }
            self.skip_spaces();
        }
    }

    /// The length of the anchor or alias name after the `&` or `*` at the position:
    /// go-yaml's scanner takes letters, digits, `-` and `_`, at least one, then
    /// wants a blank or an indicator.
    fn anchor_len(&self) -> R<usize> {
        let name = &self.rest().as_bytes()[1..];
        let len = name
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
            .count();
        match name.get(len) {
            _ if len == 0 => self.err("did not find expected alphabetic or numeric character"),
            None | Some(b' ' | b'\t' | b'?' | b':' | b',' | b']' | b'}' | b'%' | b'@' | b'`') => {
                Ok(len)
            }
            _ => self.err("did not find expected alphabetic or numeric character"),
        }
    }

    /// The length of the tag at the position (`!`, `!!str`, `!foo`, `!<...>`): go-yaml
    /// scans URI characters (`,`, `[` and `]` among them), then wants a blank.
    fn tag_len(&self) -> R<usize> {
        let r = self.rest().as_bytes();
        let len = if r.starts_with(b"!<") {
            r.iter().position(|&b| b == b'>').map_or(r.len(), |p| p + 1)
        } else {
            1 + r[1..]
                .iter()
                .take_while(|&&b| {
                    b.is_ascii_alphanumeric() || b"-_;/?:@&=+$,.!~*'()[]%".contains(&b)
                })
                .count()
        };
        match r.get(len) {
            None | Some(b' ') | Some(b'\t') => Ok(len),
            _ => self.err("did not find expected whitespace or line break"),
        }
    }

    /// A scalar's text under an explicit tag, as go-yaml's decoder resolves it;
    /// a value the tag does not fit is this document's decode error.
    fn tagged(&mut self, tag: &str, text: &str) -> Value {
        match resolve::resolve_tagged(tag, text) {
            Ok(v) => {
                if v.is_null() && self.not_json.is_none() {
                    self.not_json = non_finite(text);
                }
                v
            }
            Err(problem) => {
                self.decode_error.get_or_insert(problem);
                Value::Null
            }
        }
    }

    fn alias(&mut self, name: &str) -> R<Value> {
        let Some((_, v)) = self.anchors.iter().find(|(n, _)| n == name) else {
            return self.err(&format!("unknown anchor '{name}' referenced"));
        };
        self.alias_weight += alias_weight(v);
        if self.alias_weight > MAX_ALIAS_WEIGHT {
            return self.err("document contains excessive aliasing");
        }
        Ok(v.clone())
    }

    /// A plain scalar in block context, with continuation lines indented past
    /// `parent` folded in.
    fn plain_block(&mut self, parent: isize) -> R<String> {
        let mut text = plain_part(self.rest(), false).trim_end().to_string();
        self.c += plain_part(self.rest(), false).len();
        if !self.rest_is_empty() {
            return self.err("mapping values are not allowed in this context");
        }
        // Continuation lines.
        let mut j = self.i + 1;
        let mut blanks = 0;
        while j < self.lines.len() {
            let l = self.lines[j];
            if is_doc_marker(l) {
                break;
            }
            let t = l.trim_start_matches([' ', '\t']);
            if t.is_empty() {
                blanks += 1;
                j += 1;
                continue;
            }
            if (indent_of(l) as isize) <= parent || t.starts_with('#') {
                break;
            }
            let part = plain_part(t, false);
            let after = t[part.len()..].trim_start();
            if !(after.is_empty() || after.starts_with('#')) {
                self.i = j;
                return self.err("mapping values are not allowed in this context");
            }
            if blanks > 0 {
                text.push_str(&"\n".repeat(blanks));
            } else {
                text.push(' ');
            }
            text.push_str(part.trim_end());
            blanks = 0;
            self.i = j;
            self.c = l.len();
            j += 1;
            if !after.is_empty() {
                break;
            }
        }
        Ok(text)
    }

    fn quoted(&mut self, _depth: usize) -> R<Value> {
        let start_line = self.i;
        let l = self.line().as_bytes();
        let q = l[self.c];
        self.c += 1;
        let mut out = String::new();
        loop {
            let line = self.line();
            let b = line.as_bytes();
            let mut j = self.c;
            let mut seg_start = j;
            let mut closed = false;
            let mut escaped_break = false;
            while j < b.len() {
                if b[j] == q {
                    if q == b'\'' && b.get(j + 1) == Some(&b'\'') {
                        out.push_str(&line[seg_start..j + 1]);
                        j += 2;
                        seg_start = j;
                        continue;
                    }
                    out.push_str(&line[seg_start..j]);
                    closed = true;
                    j += 1;
                    break;
                }
                if b[j] == b'\\' && q == b'"' {
                    out.push_str(&line[seg_start..j]);
                    let Some(&e) = b.get(j + 1) else {
                        // `\` at the end of a line joins the next without a space.
                        j = b.len();
                        seg_start = j;
                        escaped_break = true;
                        break;
                    };
                    let simple = match e {
                        b'0' => Some('\0'),
                        b'a' => Some('\u{7}'),
                        b'b' => Some('\u{8}'),
                        b't' | b'\t' => Some('\t'),
                        b'n' => Some('\n'),
                        b'v' => Some('\u{b}'),
                        b'f' => Some('\u{c}'),
                        b'r' => Some('\r'),
                        b'e' => Some('\u{1b}'),
                        b' ' => Some(' '),
                        b'"' => Some('"'),
                        b'/' => Some('/'),
                        b'\\' => Some('\\'),
                        b'N' => Some('\u{85}'),
                        b'_' => Some('\u{a0}'),
                        b'L' => Some('\u{2028}'),
                        b'P' => Some('\u{2029}'),
                        _ => None,
                    };
                    if let Some(ch) = simple {
                        out.push(ch);
                        j += 2;
                    } else {
                        let width = match e {
                            b'x' => 2,
                            b'u' => 4,
                            b'U' => 8,
                            _ => return self.err("found unknown escape character"),
                        };
                        let hex = line.get(j + 2..j + 2 + width).unwrap_or("");
                        let ch = u32::from_str_radix(hex, 16)
                            .ok()
                            .filter(|_| hex.len() == width)
                            .and_then(char::from_u32);
                        match ch {
                            Some(ch) => out.push(ch),
                            None => return self.err("did not find expected hexdecimal number"),
                        }
                        j += 2 + width;
                    }
                    seg_start = j;
                    continue;
                }
                j += 1;
            }
            if closed {
                self.c = j;
                return Ok(Value::String(out));
            }
            if seg_start < b.len() {
                out.push_str(&line[seg_start..]);
            }
            // Fold the line break: trailing spaces go, one break is a space, each
            // further empty line is a newline.
            if !escaped_break {
                let trimmed = out.trim_end_matches([' ', '\t']).len();
                out.truncate(trimmed);
            }
            let mut breaks = 0;
            loop {
                self.i += 1;
                if self.at_eof() {
                    // go-yaml names the end of the stream, not where the quote opened.
                    self.i = self.eof_line();
                    return self.err("found unexpected end of stream");
                }
                let next = self.line();
                if next.trim().is_empty() {
                    breaks += 1;
                    continue;
                }
                if is_doc_marker(next) {
                    self.i = start_line;
                    return self.err("found unexpected document indicator");
                }
                break;
            }
            if breaks > 0 {
                out.push_str(&"\n".repeat(breaks));
            } else if !escaped_break {
                out.push(' ');
            }
            self.c = indent_of(self.line());
            let b = self.line().as_bytes();
            while self.c < b.len() && b[self.c] == b'\t' {
                self.c += 1;
            }
        }
    }

    /// `|` and `>` scalars. `parent` is the indentation of the node holding it.
    fn block_scalar(&mut self, parent: isize) -> R<Value> {
        let header = self.rest();
        let folded = header.starts_with('>');
        let mut keep = false;
        let mut strip = false;
        let mut explicit = None;
        let mut k = 1;
        for ch in header[1..].chars() {
            match ch {
                '+' if !keep && !strip => keep = true,
                '-' if !keep && !strip => strip = true,
                '1'..='9' if explicit.is_none() => explicit = Some(ch as usize - '0' as usize),
                _ => break,
            }
            k += 1;
        }
        self.c += k;
        if !self.rest_is_empty() {
            return self.err("did not find expected comment or line break");
        }
        let base = parent.max(0) as usize;
        let mut content_indent = explicit.map(|e| if parent < 0 { e } else { base + e });
        let mut lines: Vec<&str> = Vec::new();
        let mut j = self.i + 1;
        while j < self.lines.len() {
            let l = self.lines[j];
            let blank = l.trim().is_empty();
            if !blank {
                let ind = indent_of(l);
                let need = match content_indent {
                    Some(ci) => ci,
                    None => {
                        if (ind as isize) <= parent {
                            break;
                        }
                        content_indent = Some(ind);
                        ind
                    }
                };
                if ind < need || (ind == 0 && is_doc_marker(l)) {
                    break;
                }
            }
            lines.push(l);
            j += 1;
        }
        let ci = content_indent.unwrap_or(0);
        // Trailing blank lines belong to chomping, not content.
        let mut trailing = 0;
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
            trailing += 1;
        }
        let mut out = String::new();
        let mut prev_normal = false;
        let mut pending = 0;
        let mut started = false;
        for l in &lines {
            let body = l.get(ci..).unwrap_or("");
            if l.trim().is_empty() {
                pending += 1;
                continue;
            }
            let more = body.starts_with([' ', '\t']);
            if started {
                if folded && prev_normal && !more {
                    if pending == 0 {
                        out.push(' ');
                    } else {
                        out.push_str(&"\n".repeat(pending));
                    }
                } else {
                    out.push_str(&"\n".repeat(pending + 1));
                }
            } else {
                out.push_str(&"\n".repeat(pending));
            }
            pending = 0;
            started = true;
            out.push_str(body);
            prev_normal = !more;
        }
        if started && !strip {
            out.push('\n');
        }
        if keep {
            out.push_str(&"\n".repeat(trailing + pending));
        }
        // Leave the position at the start of the first line not consumed.
        self.i = j;
        self.c = 0;
        Ok(Value::String(out))
    }
}

/// The line go-yaml v2 names for an error at 0-based line `i` (`yaml.go` `fail()`):
/// none when the mark is on the first line; else its scanner's errors give the
/// 1-based line and its parser's the 0-based one; the decoder's (aliases, merges)
/// give none. Checked against kubectl.1.33 in tests/kubectl_reference.rs.
fn go_line(problem: &str, i: usize) -> Option<usize> {
    const PARSER: &[&str] = &[
        "did not find expected key",
        "did not find expected node content",
        "did not find expected ',' or ']'",
        "did not find expected ',' or '}'",
        "found incompatible YAML document",
        "did not find expected <document start>",
    ];
    const DECODER: &[&str] = &[
        "document contains excessive aliasing",
        "map merge requires map or sequence of maps as the value",
    ];
    if i == 0 || problem.starts_with("unknown anchor") || DECODER.contains(&problem) {
        None
    } else if PARSER.contains(&problem) {
        Some(i)
    } else {
        Some(i + 1)
    }
}

/// A merge key (`<<`) as go-yaml v2 applies it: the mapping's keys are written
/// where the merge stands, so an explicit key before it is overwritten and one
/// after it wins; in a list of mappings the earlier one wins (v2 writes them from
/// the last to the first). kubectl reads YAML with v2; v3 would let every explicit
/// key win.
fn merge_into(map: &mut Map, value: Value) -> Result<(), &'static str> {
    let maps = match value {
        Value::Array(items) => items,
        one => vec![one],
    };
    for m in maps.iter().rev() {
        let Value::Object(m) = m else {
            return Err("map merge requires map or sequence of maps as the value");
        };
        for (k, v) in m {
            map.insert(k.clone(), v.clone());
        }
    }
    Ok(())
}

/// The plain scalar at the start of `s`: up to a comment, a `: `, or (in flow
/// context) a flow indicator.
fn plain_part(s: &str, flow: bool) -> &str {
    let b = s.as_bytes();
    let mut j = 0;
    while j < b.len() {
        let ch = b[j];
        if ch == b':'
            && (j + 1 == b.len()
                || matches!(b[j + 1], b' ' | b'\t')
                || (flow && matches!(b[j + 1], b',' | b']' | b'}' | b'[' | b'{')))
        {
            break;
        }
        if ch == b'#' && j > 0 && matches!(b[j - 1], b' ' | b'\t') {
            break;
        }
        if flow && matches!(ch, b',' | b'[' | b']' | b'{' | b'}') {
            break;
        }
        j += 1;
    }
    &s[..j]
}

mod flow;
mod go_value;
use go_value::{json_key, JsonKey};
mod resolve;
use resolve::non_finite;
pub use resolve::{is_timestamp, resolve_plain};

#[cfg(test)]
mod tests;
