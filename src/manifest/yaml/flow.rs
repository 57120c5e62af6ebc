//! Flow collections (`[a, b]`, `{a: 1}`) for the YAML reader: their items, keys
//! and tags, and go-yaml's errors where one ends early.
//!
//! It must not read block structure; the parser hands it the position of `[` or `{`.

use super::{merge_into, plain_part, Parser, MAX_DEPTH, R};
use crate::value::{Map, Value};

impl Parser<'_> {
    /// A flow collection (`[...]` or `{...}`), which may span lines.
    pub(super) fn flow(&mut self, depth: usize) -> R<Value> {
        if depth > MAX_DEPTH {
            return self.err(&format!("exceeded max depth of {MAX_DEPTH}"));
        }
        let open = self.line().as_bytes()[self.c];
        let close = if open == b'[' { b']' } else { b'}' };
        self.c += 1;
        // go-yaml's parser names where it met the end of the stream or the stray token.
        let unclosed = |p: &mut Self| -> R<Value> {
            p.i = p.i.min(p.eof_line());
            p.err(if close == b']' {
                "did not find expected ',' or ']'"
            } else {
                "did not find expected ',' or '}'"
            })
        };
        // Where a node must follow (after the bracket, a comma or a colon), the
        // end of the stream is a missing node.
        let no_node = |p: &mut Self| -> R<Value> {
            p.i = p.i.min(p.eof_line());
            p.err("did not find expected node content")
        };
        let mut items = Vec::new();
        let mut map = Map::new();
        loop {
            if !self.flow_ws() {
                return no_node(self);
            }
            let b = self.line().as_bytes()[self.c];
            if b == close {
                self.c += 1;
                break;
            }
            // Only a plain `<<` merges; a quoted one is an ordinary key.
            let quoted = matches!(b, b'"' | b'\'');
            let (key, non_finite) = self.read_key(|p| p.flow_node(depth + 1))?;
            if !self.flow_ws() {
                return unclosed(self);
            }
            let b = self.line().as_bytes()[self.c];
            let value = if b == b':' {
                self.c += 1;
                if !self.flow_ws() {
                    return no_node(self);
                }
                let b = self.line().as_bytes()[self.c];
                if b == b',' || b == close {
                    Some(Value::Null)
                } else {
                    Some(self.flow_node(depth + 1)?)
                }
            } else {
                None
            };
            let (key, non_finite) = (FlowKey { key, quoted }, non_finite);
            if close == b'}' {
                self.flow_map_entry(&mut map, key, non_finite, value)?;
            } else {
                items.push(self.flow_seq_item(key, non_finite, value));
            }
            if !self.flow_ws() {
                return unclosed(self);
            }
            let b = self.line().as_bytes()[self.c];
            if b == b',' {
                self.c += 1;
            } else if b != close {
                return unclosed(self);
            }
        }
        Ok(if close == b']' {
            Value::Array(items)
        } else {
            Value::Object(map)
        })
    }

    /// `key: value` (or a lone key, null) in a flow mapping; a plain `<<` merges.
    fn flow_map_entry(
        &mut self,
        map: &mut Map,
        key: FlowKey,
        non_finite: Option<f64>,
        value: Option<Value>,
    ) -> R<()> {
        let (k, held) = self.note_key(&key.key, non_finite);
        let value = value.unwrap_or(Value::Null);
        self.note_value(held, &value);
        if k == "<<" && !key.quoted {
            if let Err(problem) = merge_into(map, value) {
                return self.err(problem);
            }
        } else {
            map.insert(k, value);
        }
        Ok(())
    }

    /// An item of a flow sequence: a node, or `key: value` as a one-pair mapping.
    fn flow_seq_item(
        &mut self,
        key: FlowKey,
        non_finite: Option<f64>,
        value: Option<Value>,
    ) -> Value {
        let Some(v) = value else {
            return key.key;
        };
        let (k, held) = self.note_key(&key.key, non_finite);
        self.note_value(held, &v);
        let mut pair = Map::new();
        pair.insert(k, v);
        Value::Object(pair)
    }

    /// Skips spaces, line breaks and comments inside a flow collection. False at
    /// the end of the file.
    fn flow_ws(&mut self) -> bool {
        loop {
            if self.at_eof() {
                return false;
            }
            let b = self.line().as_bytes();
            while self.c < b.len() && matches!(b[self.c], b' ' | b'\t') {
                self.c += 1;
            }
            if self.c < b.len() && b[self.c] != b'#' {
                return true;
            }
            self.i += 1;
            self.c = 0;
        }
    }

    pub(super) fn flow_node(&mut self, depth: usize) -> R<Value> {
        let r = self.rest();
        if let Some(name) = r.strip_prefix('&') {
            // An anchor on a flow node (`[&a {x: 1}, *a]`); with nothing after it,
            // the node is null.
            let len = self.anchor_len()?;
            let name = name[..len].to_string();
            self.c += 1 + len;
            if !self.flow_ws() {
                return self.err("did not find expected node content");
            }
            let value = match self.line().as_bytes()[self.c] {
                b',' | b']' | b'}' => Value::Null,
                _ => self.flow_node(depth)?,
            };
            self.anchors.retain(|(n, _)| *n != name);
            self.anchors.push((name, value.clone()));
            return Ok(value);
        }
        if r.starts_with('!') {
            // A tag resolves the scalar after it (none at all is an empty one).
            let len = self.tag_len()?;
            let tag = r[..len].to_string();
            self.c += len;
            if !self.flow_ws() {
                return self.err("did not find expected node content");
            }
            return Ok(match self.line().as_bytes()[self.c] {
                b',' | b']' | b'}' => self.tagged(&tag, ""),
                b'[' | b'{' | b'*' | b'&' => self.flow_node(depth)?,
                b'"' | b'\'' => match self.quoted(depth)? {
                    Value::String(s) => self.tagged(&tag, &s),
                    v => v,
                },
                _ => {
                    let part = plain_part(self.rest(), true);
                    self.c += part.len();
                    self.tagged(&tag, part.trim_end())
                }
            });
        }
        match r.as_bytes()[0] {
            b'[' | b'{' => self.flow(depth),
            b'"' | b'\'' => self.quoted(depth),
            b'*' => {
                let len = self.anchor_len()?;
                let name = r[1..1 + len].to_string();
                self.c += 1 + len;
                self.alias(&name)
            }
            b',' | b']' | b'}' => self.err("did not find expected node content"),
            b'@' | b'`' => self.err("found character that cannot start any token"),
            _ => {
                let part = plain_part(r, true);
                self.c += part.len();
                Ok(self.scalar(part.trim_end()))
            }
        }
    }
}

/// A flow node read where a key may be, and whether it was quoted (only a plain
/// `<<` merges).
struct FlowKey {
    key: Value,
    quoted: bool,
}
