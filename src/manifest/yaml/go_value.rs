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
    Unsupported {
        go_type: &'static str,
        key: String,
    },
    /// A sequence or a mapping: go-yaml itself refuses it.
    Invalid,
}

/// `sigs.k8s.io/yaml`'s text for a mapping key. `non_finite` is the float a plain
/// key spelled as `.inf`, `-.inf` or `.nan` (the reader holds those as null).
pub(super) fn json_key(key: &Value, non_finite: Option<f64>) -> JsonKey {
    match (key, non_finite) {
        (Value::Null, Some(f)) => JsonKey::Text(float_key(f)),
        (Value::Null, None) => JsonKey::Unsupported {
            go_type: "%!s(<nil>)",
            key: "<nil>".into(),
        },
        (Value::String(s), _) => JsonKey::Text(s.clone()),
        (Value::Bool(b), _) => JsonKey::Text(b.to_string()),
        (Value::Number(n), _) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => JsonKey::Text(i.to_string()),
            (None, Some(u), _) => JsonKey::Unsupported {
                go_type: "uint64",
                key: hex(u),
            },
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
/// Mapping keys print as the strings the reader made of them, in the order they
/// stand: fmt prints a map's entries sorted, so give it a value with sorted keys.
pub fn sharp_v(v: &Value) -> String {
    let (open, parts): (&str, Vec<String>) = match v {
        Value::Null => return "interface {}(nil)".to_string(),
        Value::Bool(b) => return b.to_string(),
        Value::Number(n) => return go_number(n),
        Value::String(s) => return go_quote(s),
        Value::Array(items) => ("[]interface {}{", items.iter().map(sharp_v).collect()),
        Value::Object(m) => (
            "map[interface {}]interface {}{",
            m.iter()
                .map(|(k, v)| format!("{}:{}", go_quote(k), sharp_v(v)))
                .collect(),
        ),
    };
    format!("{open}{}}}", parts.join(", "))
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
    match (n.as_i64(), n.as_u64()) {
        (Some(i), _) => i.to_string(),
        (None, Some(u)) => hex(u),
        _ => format_g(n.as_f64().unwrap_or(0.0), 64),
    }
}

/// `%#x`: `0x` and lowercase hex digits.
pub(super) fn hex(u: u64) -> String {
    let mut digits = Vec::new();
    let mut rest = u;
    loop {
        digits.push(b"0123456789abcdef"[(rest % 16) as usize] as char);
        rest /= 16;
        if rest == 0 {
            break;
        }
    }
    format!("0x{}", digits.iter().rev().collect::<String>())
}

/// `strconv.FormatFloat(x, 'g', -1, bits)`: the shortest digits that read back at
/// that width, in `%e` form when the exponent is below -4 or at least 6
/// (`1e+06`, `1e-05`, `123456.5`).
pub fn format_g(x: f64, bits: u32) -> String {
    let x = if bits == 32 { x as f32 as f64 } else { x };
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "+Inf"
        } else {
            "-Inf"
        }
        .to_string();
    }
    if x == 0.0 {
        return crate::num::plain(x);
    }
    let (digits, exp) = crate::num::shortest_digits(x);
    let (digits, exp) = if bits == 32 {
        shortest_f32(x, digits, exp)
    } else {
        (digits, exp)
    };
    if (-4..6).contains(&exp) {
        crate::num::positional(x < 0.0, &digits, exp)
    } else {
        crate::num::scientific(x < 0.0, &digits, exp, 2)
    }
}

/// The shortest digits that read back as the same float32: `x`'s float64 digits
/// rounded to 1, 2, ... places until one reads back (at most 9 are needed).
fn shortest_f32(x: f64, digits: String, exp: i32) -> (String, i32) {
    for n in 1..digits.len() {
        let head =
            digits[..n].parse::<u64>().unwrap_or(0) + u64::from(digits.as_bytes()[n] >= b'5');
        if crate::num::parse_f64(&format!("{head}e{}", exp + 1 - n as i32)).map(|f| f as f32)
            == Some(x as f32)
        {
            // Rounding up may carry into a new digit (99 to 100).
            let head = head.to_string();
            let exp = exp + (head.len() - n) as i32;
            return (head.trim_end_matches('0').to_string(), exp);
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
        let short = match c {
            '"' => '"',
            '\\' => '\\',
            '\u{7}' => 'a',
            '\u{8}' => 'b',
            '\u{c}' => 'f',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            '\u{b}' => 'v',
            c if is_go_printable(c) => {
                out.push(c);
                continue;
            }
            c => {
                // \x.. below 0x80, \u.... in the BMP, \U........ beyond.
                let (tag, width) = match c as u32 {
                    0..=0x7f => ('x', 2),
                    0x80..=0xffff => ('u', 4),
                    _ => ('U', 8),
                };
                let digits = hex(c as u32 as u64);
                out.push('\\');
                out.push(tag);
                out.push_str(&"0".repeat(width - (digits.len() - 2)));
                out.push_str(&digits[2..]);
                continue;
            }
        };
        out.push('\\');
        out.push(short);
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
