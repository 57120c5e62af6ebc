//! The one tree both directions use: what the YAML reader produces and what the
//! JSON/YAML printers consume. Objects keep insertion order (kubectl prints struct
//! fields in declaration order). JSON text in and out, as `encoding/json` writes it.
//!
//! It must not know Kubernetes field names; `manifest` gives the tree its meaning.
//! Purpose-built instead of serde: the playground ships as wasm and every kilobyte
//! of the page counts (see ARCHITECTURE.md).

use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A YAML/JSON number: integers exactly, anything else as a float.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    /// Integral values, also floats without a fraction (`3.0`), as Go's JSON
    /// decoder accepts them for integer fields.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::Int(i) => Some(i),
            Number::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Some(f as i64),
            Number::Float(_) => None,
        }
    }
}

impl fmt::Display for Number {
    /// As Go's `encoding/json` writes a float64: shortest form, exponent outside
    /// 1e-6..1e21 (`1.5e+300`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(x) if !x.is_finite() => write!(
                f,
                "{}",
                if x.is_nan() {
                    ".nan"
                } else if x > 0.0 {
                    "+.inf"
                } else {
                    "-.inf"
                }
            ),
            Number::Float(x) => {
                let a = x.abs();
                if a != 0.0 && !(1e-6..1e21).contains(&a) {
                    f.write_str(&crate::num::exponent(x))
                } else {
                    f.write_str(&crate::num::plain(x))
                }
            }
        }
    }
}

/// An object: keys in insertion order; inserting an existing key replaces its value
/// in place.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    pub fn new() -> Map {
        Map(Vec::new())
    }
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }
    /// Keys in byte order, recursively (Go marshals maps sorted).
    pub fn sort_keys(&mut self) {
        crate::order::sort_by(&mut self.0, |a, b| a.0.cmp(&b.0));
        for (_, v) in &mut self.0 {
            v.sort_keys();
        }
    }
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Map {
        let mut m = Map::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Value)>,
        fn(&'a (String, Value)) -> (&'a String, &'a Value),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

/// An object from `(key, value)` pairs, in that order.
pub fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k, v);
    }
    Value::Object(m)
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    /// The value at a `/`-separated path of object keys (`/spec/paused`).
    pub fn pointer(&self, path: &str) -> Option<&Value> {
        path.split('/').skip(1).try_fold(self, |v, key| match v {
            Value::Object(m) => m.get(key),
            _ => None,
        })
    }
    pub fn sort_keys(&mut self) {
        match self {
            Value::Object(m) => m.sort_keys(),
            Value::Array(a) => a.iter_mut().for_each(Value::sort_keys),
            _ => {}
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::String(s.clone())
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Number(Number::Int(i))
    }
}
impl From<i32> for Value {
    fn from(i: i32) -> Value {
        Value::Number(Number::Int(i as i64))
    }
}
impl From<u32> for Value {
    fn from(i: u32) -> Value {
        Value::Number(Number::Int(i as i64))
    }
}
impl From<u16> for Value {
    fn from(i: u16) -> Value {
        Value::Number(Number::Int(i as i64))
    }
}
impl From<Map> for Value {
    fn from(m: Map) -> Value {
        Value::Object(m)
    }
}
impl From<Vec<Value>> for Value {
    fn from(a: Vec<Value>) -> Value {
        Value::Array(a)
    }
}

/// Anything `json!` accepts as a leaf, taken by reference like serde_json's.
pub trait ToValue {
    fn to_value(&self) -> Value;
}
impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}
impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::String(self.to_string())
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::String(self.clone())
    }
}
impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
}
macro_rules! int_to_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Number(Number::Int(*self as i64))
            }
        }
    )*};
}
int_to_value!(i32, i64, u16, u32, u64, usize);
impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value {
        Value::Array(self.iter().map(ToValue::to_value).collect())
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}
pub fn to_value<T: ToValue + ?Sized>(x: &T) -> Value {
    x.to_value()
}

/// serde_json's `json!` for the shapes the printers use: object and array
/// literals (nested), and leaves that implement [`ToValue`].
#[macro_export]
macro_rules! json {
    (@obj $m:ident) => {};
    (@obj $m:ident $k:literal : {$($inner:tt)*} $(, $($rest:tt)*)?) => {
        $m.insert($k, $crate::json!({$($inner)*}));
        $crate::json!(@obj $m $($($rest)*)?);
    };
    (@obj $m:ident $k:literal : [$($inner:tt)*] $(, $($rest:tt)*)?) => {
        $m.insert($k, $crate::json!([$($inner)*]));
        $crate::json!(@obj $m $($($rest)*)?);
    };
    (@obj $m:ident $k:literal : $v:expr $(, $($rest:tt)*)?) => {
        $m.insert($k, $crate::value::to_value(&$v));
        $crate::json!(@obj $m $($($rest)*)?);
    };
    (@arr $a:ident) => {};
    (@arr $a:ident {$($inner:tt)*} $(, $($rest:tt)*)?) => {
        $a.push($crate::json!({$($inner)*}));
        $crate::json!(@arr $a $($($rest)*)?);
    };
    (@arr $a:ident $v:expr $(, $($rest:tt)*)?) => {
        $a.push($crate::value::to_value(&$v));
        $crate::json!(@arr $a $($($rest)*)?);
    };
    ({ $($t:tt)* }) => {{
        #[allow(unused_mut)]
        let mut m = $crate::value::Map::new();
        $crate::json!(@obj m $($t)*);
        $crate::value::Value::Object(m)
    }};
    ([ $($t:tt)* ]) => {{
        #[allow(unused_mut)]
        let mut a = Vec::new();
        $crate::json!(@arr a $($t)*);
        $crate::value::Value::Array(a)
    }};
    ($e:expr) => {
        $crate::value::to_value(&$e)
    };
}

/// A JSON string literal: `"`, `\` and control characters escaped, the rest as is.
pub fn quote(s: &str, out: &mut String) {
    quote_as(s, false, out)
}

/// A JSON string as Go's `encoding/json` writes it, which also escapes `<`, `>`,
/// `&` and U+2028/U+2029 (its HTML-safe default, which kubectl keeps).
fn quote_json(s: &str, out: &mut String) {
    quote_as(s, true, out)
}

fn quote_as(s: &str, html_safe: bool, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '<' if html_safe => out.push_str("\\u003c"),
            '>' if html_safe => out.push_str("\\u003e"),
            '&' if html_safe => out.push_str("\\u0026"),
            '\u{2028}' if html_safe => out.push_str("\\u2028"),
            '\u{2029}' if html_safe => out.push_str("\\u2029"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Compact JSON (`json.Marshal`).
pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    write(v, None, 0, &mut out);
    out
}

/// Indented JSON, four spaces, as kubectl's JSON printer (`json.MarshalIndent`
/// with `"    "`) writes it.
pub fn to_string_pretty(v: &Value) -> String {
    let mut out = String::new();
    write(v, Some(4), 0, &mut out);
    out
}

fn newline(indent: Option<usize>, depth: usize, out: &mut String) {
    if let Some(step) = indent {
        out.push('\n');
        for _ in 0..step * depth {
            out.push(' ');
        }
    }
}

fn write(v: &Value, indent: Option<usize>, depth: usize, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(Number::Float(f)) if !f.is_finite() => out.push_str("null"),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => quote_json(s, out),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(o) if o.is_empty() => out.push_str("{}"),
        Value::Array(a) => {
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(indent, depth + 1, out);
                write(item, indent, depth + 1, out);
            }
            newline(indent, depth, out);
            out.push(']');
        }
        Value::Object(o) => {
            out.push('{');
            for (i, (k, item)) in o.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(indent, depth + 1, out);
                quote(k, out);
                out.push_str(if indent.is_some() { ": " } else { ":" });
                write(item, indent, depth + 1, out);
            }
            newline(indent, depth, out);
            out.push('}');
        }
    }
}

/// Parses JSON text (for annotations the playground wrote itself, so errors need
/// no detail). Nesting is limited so hostile input cannot exhaust the stack.
pub fn from_str(text: &str) -> Option<Value> {
    let mut p = JsonParser {
        s: text.as_bytes(),
        i: 0,
    };
    let v = p.value(0)?;
    p.ws();
    (p.i == p.s.len()).then_some(v)
}

struct JsonParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl JsonParser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\n' | b'\r' | b'\t') {
            self.i += 1;
        }
    }
    fn eat(&mut self, b: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&b) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn lit(&mut self, word: &str, v: Value) -> Option<Value> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Some(v)
        } else {
            None
        }
    }
    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > 200 {
            return None;
        }
        self.ws();
        match *self.s.get(self.i)? {
            b'n' => self.lit("null", Value::Null),
            b't' => self.lit("true", Value::Bool(true)),
            b'f' => self.lit("false", Value::Bool(false)),
            b'"' => self.string().map(Value::String),
            b'[' => {
                self.i += 1;
                let mut a = Vec::new();
                if self.eat(b']') {
                    return Some(Value::Array(a));
                }
                loop {
                    a.push(self.value(depth + 1)?);
                    if self.eat(b']') {
                        return Some(Value::Array(a));
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            b'{' => {
                self.i += 1;
                let mut m = Map::new();
                if self.eat(b'}') {
                    return Some(Value::Object(m));
                }
                loop {
                    self.ws();
                    let k = self.string()?;
                    if !self.eat(b':') {
                        return None;
                    }
                    m.insert(k, self.value(depth + 1)?);
                    if self.eat(b'}') {
                        return Some(Value::Object(m));
                    }
                    if !self.eat(b',') {
                        return None;
                    }
                }
            }
            _ => {
                let start = self.i;
                while self.i < self.s.len()
                    && matches!(
                        self.s[self.i],
                        b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
                    )
                {
                    self.i += 1;
                }
                let t = std::str::from_utf8(&self.s[start..self.i]).ok()?;
                match t.parse::<i64>() {
                    Ok(i) => Some(Value::Number(Number::Int(i))),
                    Err(_) => crate::num::parse_f64(t).map(|f| Value::Number(Number::Float(f))),
                }
            }
        }
    }
    fn string(&mut self) -> Option<String> {
        if self.s.get(self.i) != Some(&b'"') {
            return None;
        }
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let b = *self.s.get(self.i)?;
            self.i += 1;
            match b {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let e = *self.s.get(self.i)?;
                    self.i += 1;
                    let c = match e {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'/' => '/',
                        b'\\' => '\\',
                        b'"' => '"',
                        b'u' => {
                            let hex = std::str::from_utf8(self.s.get(self.i..self.i + 4)?).ok()?;
                            self.i += 4;
                            let mut cp = u32::from_str_radix(hex, 16).ok()?;
                            if (0xD800..0xDC00).contains(&cp)
                                && self.s[self.i..].starts_with(b"\\u")
                            {
                                let lo = std::str::from_utf8(self.s.get(self.i + 2..self.i + 6)?)
                                    .ok()?;
                                let lo = u32::from_str_radix(lo, 16).ok()?;
                                self.i += 6;
                                cp = 0x10000
                                    + ((cp - 0xD800) << 10)
                                    + (lo.wrapping_sub(0xDC00) & 0x3ff);
                            }
                            char::from_u32(cp).unwrap_or('\u{fffd}')
                        }
                        _ => return None,
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.push(b),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trips_and_prints_like_encoding_json() {
        let text = r#"{"b":[1,-2,1.5,true,null,"x\"\n\u0001é"],"a":{},"c":[]}"#;
        let v = from_str(text).expect("parses");
        assert_eq!(to_string(&v), text);
        assert_eq!(
            to_string_pretty(&v),
            "{\n    \"b\": [\n        1,\n        -2,\n        1.5,\n        true,\n        null,\n        \"x\\\"\\n\\u0001é\"\n    ],\n    \"a\": {},\n    \"c\": []\n}"
        );
        // Go's HTML-safe escapes, as kubectl.1.33 prints them (tests/kubectl_reference.rs).
        let html = Value::String("a <b> & c \u{2028} \u{8} \u{c}".into());
        assert_eq!(to_string(&html), r#""a \u003cb\u003e \u0026 c \u2028 \b \f""#);
        assert_eq!(Number::Float(1.5e300).to_string(), "1.5e+300");
        assert_eq!(Number::Float(3.0).as_i64(), Some(3));
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "tru",
            "\"\\q\"",
            "[1] x",
            &"[".repeat(500),
        ] {
            assert_eq!(from_str(bad), None, "{bad:?}");
        }
    }
}
