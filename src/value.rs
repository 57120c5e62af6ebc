//! The one tree both directions use: what the YAML reader produces and what the
//! JSON/YAML printers consume. It is serde_json's `Value` (with `preserve_order`:
//! kubectl prints struct fields in declaration order), so the page, `kubesim serve`
//! and `json-patch` share one type; what is ours is the printing, which must be
//! byte-for-byte Go's `encoding/json` (4-space indent, HTML-safe escapes, Go's
//! float form), and the `json!` builder over [`ToValue`].
//!
//! It must not know Kubernetes field names; `manifest` gives the tree its meaning.

pub use serde_json::{Number, Value};

/// A JSON object, keys in insertion order; inserting an existing key keeps its place.
pub type Map = serde_json::Map<String, Value>;

/// The integer in a number, also a float without a fraction (`3.0`), as Go's
/// JSON decoder accepts them for integer fields.
pub fn as_int(n: &Number) -> Option<i64> {
    match n.as_i64() {
        Some(i) => Some(i),
        None => n
            .as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
            .map(|f| f as i64),
    }
}

/// A number as Go's `encoding/json` writes a float64: shortest form, exponent
/// outside 1e-6..1e21 (`1.5e+300`); integers as they are.
pub fn number_text(n: &Number) -> String {
    if n.is_f64() {
        let x = n.as_f64().unwrap_or(0.0);
        let a = x.abs();
        if a != 0.0 && !(1e-6..1e21).contains(&a) {
            return crate::num::exponent(x);
        }
        return crate::num::plain(x);
    }
    n.to_string()
}

/// A number value from a float; `None` for NaN and the infinities, which JSON
/// cannot hold (kubectl's YAML-to-JSON step refuses them).
pub fn float(f: f64) -> Option<Value> {
    Number::from_f64(f).map(Value::Number)
}

/// Keys in byte order, recursively (Go marshals maps sorted).
pub fn sort_keys(v: &mut Value) {
    v.sort_all_objects();
}

/// An object from `(key, value)` pairs, in that order.
pub fn obj<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k.to_string(), v);
    }
    Value::Object(m)
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
                Value::from(*self)
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
        $m.insert($k.to_string(), $crate::json!({$($inner)*}));
        $crate::json!(@obj $m $($($rest)*)?);
    };
    (@obj $m:ident $k:literal : [$($inner:tt)*] $(, $($rest:tt)*)?) => {
        $m.insert($k.to_string(), $crate::json!([$($inner)*]));
        $crate::json!(@obj $m $($($rest)*)?);
    };
    (@obj $m:ident $k:literal : $v:expr $(, $($rest:tt)*)?) => {
        $m.insert($k.to_string(), $crate::value::to_value(&$v));
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
        Value::Number(n) => out.push_str(&number_text(n)),
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

/// Parses JSON text (annotations the playground wrote itself, and request
/// bodies). serde_json limits nesting to 128, so hostile input cannot exhaust
/// the stack.
pub fn from_str(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

/// RFC 7386's JSON merge patch: `patch`'s keys set onto `target`, a `null` removes
/// one, objects merge key by key, anything else replaces. `kubesim serve` applies
/// it for `application/merge-patch+json`; the page's `kubectl edit` applies
/// [`merge_diff`] with it.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    let Some(t) = target.as_object_mut() else {
        return;
    };
    for (k, v) in p {
        if v.is_null() {
            t.shift_remove(k);
        } else {
            merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

/// The merge patch that takes `before` to `after` (jsonmergepatch's
/// `CreateMergePatch`, what kubectl edit sends): changed and added keys, removed
/// keys as `null`, objects compared key by key, anything else whole.
pub fn merge_diff(before: &Value, after: &Value) -> Value {
    let (Value::Object(b), Value::Object(a)) = (before, after) else {
        return after.clone();
    };
    let mut patch = Map::new();
    for (k, av) in a {
        match b.get(k) {
            Some(bv) if bv == av => {}
            Some(bv) if bv.is_object() && av.is_object() => {
                patch.insert(k.clone(), merge_diff(bv, av));
            }
            _ => {
                patch.insert(k.clone(), av.clone());
            }
        }
    }
    for k in b.keys().filter(|k| !a.contains_key(*k)) {
        patch.insert(k.clone(), Value::Null);
    }
    Value::Object(patch)
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
        assert_eq!(
            to_string(&html),
            r#""a \u003cb\u003e \u0026 c \u2028 \b \f""#
        );
        assert_eq!(to_string(&float(1.5e300).unwrap()), "1.5e+300");
        assert_eq!(to_string(&float(1e-7).unwrap()), "1e-7");
        assert_eq!(as_int(&Number::from_f64(3.0).unwrap()), Some(3));
        assert_eq!(float(f64::INFINITY), None);
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
