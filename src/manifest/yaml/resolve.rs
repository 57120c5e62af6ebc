//! go-yaml v2's resolution of plain scalars (`resolve.go`): which text is null,
//! a YAML 1.1 bool, an int (Go's `ParseInt`, then `ParseUint`), a float or a
//! string. The reader and the writer (`emit.rs`, to know what needs quotes) share it.
//!
//! This module must not scan YAML text.

use crate::value::Value;

/// go-yaml v2's resolution of a plain scalar: null, bool (YAML 1.1 words too),
/// int (decimal, `0x`, `0o`, `0b`, leading-zero octal, `_` separators), float,
/// else string.
pub fn resolve_plain(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return Value::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return Value::Bool(false)
        }
        // JSON has no such floats; the parser reports them (see `not_json`).
        _ if non_finite(s).is_some() => return Value::Null,
        _ => {}
    }
    if !s.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) {
        return Value::String(s.to_string());
    }
    let plain = s.replace('_', "");
    if let Some(i) = parse_go_int(&plain) {
        return Value::from(i);
    }
    // go-yaml tries `strconv.ParseUint` next: past int64, up to uint64, it is an integer.
    if let Some(u) = parse_go_uint(&plain) {
        return Value::from(u);
    }
    if is_yaml_float(&plain) {
        if let Some(v) = crate::num::parse_f64(&plain).and_then(crate::value::float) {
            return v;
        }
    }
    Value::String(s.to_string())
}

/// How Go prints the YAML 1.1 infinities and NaN, for the words that spell them.
pub(super) fn non_finite(s: &str) -> Option<&'static str> {
    match s {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Some("+Inf"),
        "-.inf" | "-.Inf" | "-.INF" => Some("-Inf"),
        ".nan" | ".NaN" | ".NAN" => Some("NaN"),
        _ => None,
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)`.
fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = go_magnitude(body)?;
    if neg {
        if magnitude <= i64::MAX as u64 + 1 {
            Some((magnitude as i64).wrapping_neg())
        } else {
            None
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)`: no sign, the same prefixes as `parse_go_int`.
fn parse_go_uint(s: &str) -> Option<u64> {
    if s.starts_with(['-', '+']) {
        return None;
    }
    go_magnitude(s)
}

/// An unsigned number with Go's base-0 prefixes (`0x`, `0o`, `0b`, a leading `0`
/// for octal), as `ParseInt` and `ParseUint` read the part after any sign.
fn go_magnitude(body: &str) -> Option<u64> {
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
        (8, d)
    } else if let Some(d) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
        (2, d)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_float(s: &str) -> bool {
    let b = s.strip_prefix(['-', '+']).unwrap_or(s).as_bytes();
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let mut i = 0;
    if b.first() == Some(&b'.') {
        i = 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e') | Some(b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-') | Some(b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

