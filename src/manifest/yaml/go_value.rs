//! What kubectl's YAML step makes of mapping keys ([`json_key`]), and how it names
//! what it cannot turn into JSON: Go's `%#v` of the
//! `interface{}` values go-yaml v2 decodes (`[]interface {}{"a", 1}`,
//! `map[interface {}]interface {}{"a":1}`, `interface {}(nil)`, uint64 in hex),
//! and the text `sigs.k8s.io/yaml` gives a float mapping key (`strconv.FormatFloat`
//! at 32 bits, so `1e6` is `1e+06` and `0.1234567891` is `0.12345679`).
//!
//! This module must not scan YAML text; it reads values the reader has built.

use crate::value::{Number, Value};

/// What kubectl's YAML step makes of a mapping key: go-yaml decodes it into a Go
/// value, then `sigs.k8s.io/yaml` writes that as a JSON key.
pub(super) enum JsonKey {
    Text(String),
    /// No JSON text for it: the step's error names its Go type and its value.
    Unsupported { go_type: &'static str, key: String },
    /// A sequence or a mapping: go-yaml itself refuses it.
    Invalid,
}

/// `sigs.k8s.io/yaml`'s text for a mapping key. `non_finite` is the float a plain
/// key spelled as `.inf`, `-.inf` or `.nan` (the reader holds those as null).
pub(super) fn json_key(key: &Value, non_finite: Option<f64>) -> JsonKey {
    match (key, non_finite) {
        (Value::Null, Some(f)) => JsonKey::Text(float_key(f)),
        (Value::Null, None) => JsonKey::Unsupported { go_type: "%!s(<nil>)", key: "<nil>".into() },
        (Value::String(s), _) => JsonKey::Text(s.clone()),
        (Value::Bool(b), _) => JsonKey::Text(b.to_string()),
        (Value::Number(n), _) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => JsonKey::Text(i.to_string()),
            (None, Some(u), _) => JsonKey::Unsupported { go_type: "uint64", key: format!("{u:#x}") },
            (_, _, f) => JsonKey::Text(float_key(f.unwrap_or(0.0))),
        },
        (Value::Array(_) | Value::Object(_), _) => JsonKey::Invalid,
    }
}

/// A float key as `sigs.k8s.io/yaml` writes it: Go's `FormatFloat(f, 'g', -1, 32)`
/// (32 bits, copied from go-yaml), with go-yaml's words for the non-finite ones.
fn float_key(f: f64) -> String {
    match format_g(f, 32).as_str() {
        "+Inf" => ".inf".into(),
        "-Inf" => "-.inf".into(),
        "NaN" => ".nan".into(),
        s => s.to_string(),
    }
}

/// Go's `%#v` of a value inside a container (a nil element is `interface {}(nil)`).
/// Mapping keys print as the strings the reader made of them.
pub fn sharp_v(v: &Value) -> String {
    match v {
        Value::Null => "interface {}(nil)".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => go_number(n),
        Value::String(s) => go_quote(s),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(sharp_v).collect();
            format!("[]interface {{}}{{{}}}", parts.join(", "))
        }
        Value::Object(m) => {
            // fmt prints a map's entries in key order.
            let mut entries: Vec<(&String, &Value)> = m.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let parts: Vec<String> = entries.iter().map(|(k, v)| format!("{}:{}", go_quote(k), sharp_v(v))).collect();
            format!("map[interface {{}}]interface {{}}{{{}}}", parts.join(", "))
        }
    }
}

/// Go's `%+#v` of a whole value passed on its own: a nil one is `<nil>`.
pub fn sharp_v_top(v: &Value) -> String {
    if v.is_null() {
        "<nil>".to_string()
    } else {
        sharp_v(v)
    }
}

/// An int as `%#v` prints it: decimal, but an unsigned one (past int64, where
/// go-yaml falls back to uint64) in hex.
fn go_number(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        format!("{u:#x}")
    } else {
        format_g(n.as_f64().unwrap_or(0.0), 64)
    }
}

/// `strconv.FormatFloat(x, 'g', -1, bits)`: the shortest digits that read back at
/// that width, in `%e` form when the exponent is below -4 or at least 6
/// (`1e+06`, `1e-05`, `123456.5`).
pub fn format_g(x: f64, bits: u32) -> String {
    let x = if bits == 32 { x as f32 as f64 } else { x };
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0");
    }
    let (digits, exp) = if bits == 32 { shortest_f32(x) } else { crate::num::shortest_digits(x) };
    if !(-4..6).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        let exp_sign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{dot}{rest}e{exp_sign}{:02}", exp.unsigned_abs());
    }
    let n = digits.len() as i32;
    if exp < 0 {
        format!("{sign}0.{}{digits}", "0".repeat((-exp - 1) as usize))
    } else if exp + 1 >= n {
        format!("{sign}{digits}{}", "0".repeat((exp + 1 - n) as usize))
    } else {
        let (a, b) = digits.split_at((exp + 1) as usize);
        format!("{sign}{a}.{b}")
    }
}

/// The shortest digits that read back as the same float32: the float64 digits of
/// `x` rounded to 1, 2, ... places until one reads back (at most 9 are needed).
fn shortest_f32(x: f64) -> (String, i32) {
    let (digits, exp) = crate::num::shortest_digits(x);
    let target = x as f32;
    for n in 1..digits.len() {
        let (mut kept, mut e) = (digits[..n].as_bytes().to_vec(), exp);
        if digits.as_bytes()[n] >= b'5' {
            // Round up, carrying; 999 becomes 1000 (one place more in the exponent).
            let mut i = n;
            loop {
                if i == 0 {
                    kept.insert(0, b'1');
                    kept.pop();
                    e += 1;
                    break;
                }
                i -= 1;
                if kept[i] == b'9' {
                    kept[i] = b'0';
                } else {
                    kept[i] += 1;
                    break;
                }
            }
        }
        let text = format!("{}e{}", String::from_utf8_lossy(&kept), e - (n as i32 - 1));
        if crate::num::parse_f64(&text).map(|f| f as f32) == Some(target) {
            let trimmed = String::from_utf8_lossy(&kept).trim_end_matches('0').to_string();
            return (trimmed, e);
        }
    }
    (digits, exp)
}

/// Go's `strconv.Quote`: `\"`, `\\`, the short escapes, `\x..` for other ASCII
/// controls, `\u....` for the other characters Go does not count as printable.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Go's `unicode.IsPrint` for what a manifest holds: not a control, not a space
/// other than U+0020, not a format character or a private-use or unassigned one
/// that text editors make (the common ones; a full table is not worth its weight).
fn is_go_printable(c: char) -> bool {
    !(c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{fffe}' | '\u{ffff}' | '\u{e000}'..='\u{f8ff}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_as_go_formats_them() {
        // Each pair is Go's own answer, taken from kubectl.1.33's output.
        for (x, bits, go) in [
            (1e6, 64, "1e+06"),
            (100000.0, 64, "100000"),
            (0.000001, 64, "1e-06"),
            (1e21, 64, "1e+21"),
            (1.5, 64, "1.5"),
            (0.1234567891, 32, "0.12345679"),
            (16777217.0, 32, "1.6777216e+07"),
            (1e-50, 32, "0"),
            (0.00001, 32, "1e-05"),
            (123456.5, 32, "123456.5"),
            (3.4028236e38, 32, "+Inf"),
            (0.1, 32, "0.1"),
        ] {
            assert_eq!(format_g(x, bits), go, "{x} at {bits} bits");
        }
    }

    #[test]
    fn strings_as_strconv_quotes_them() {
        assert_eq!(go_quote("q\"x"), r#""q\"x""#);
        assert_eq!(go_quote("é\t\u{1}\u{a0}"), r#""é\t\x01\u00a0""#);
    }
}
