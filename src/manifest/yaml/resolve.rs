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

/// A scalar's text under an explicit tag, as go-yaml v2's decoder takes it: `!!str`
/// (and any tag it cannot resolve: `!`, `!foo`, `!!merge`) keeps the text;
/// `!!binary` decodes base64; `!!bool`, `!!int`, `!!float`, `!!null` and
/// `!!timestamp` resolve the text and refuse what resolves to another kind (an
/// int is a `!!float`). Err is go-yaml's message.
pub fn resolve_tagged(tag: &str, text: &str) -> Result<Value, String> {
    let long = tag
        .strip_prefix("!<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(tag);
    let name = long
        .strip_prefix("tag:yaml.org,2002:")
        .or_else(|| long.strip_prefix("!!"))
        .unwrap_or("");
    let want = match name {
        "binary" => {
            return crate::base64::decode_std(text)
                .map(|bytes| Value::String(go_string(&bytes)))
                .ok_or_else(|| "!!binary value contains invalid base64 data".to_string())
        }
        "bool" | "int" | "float" | "null" | "timestamp" => name,
        _ => return Ok(Value::String(text.to_string())),
    };
    let v = resolve_plain(text);
    let got = match &v {
        _ if non_finite(text).is_some() => "float",
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        _ if is_timestamp(text) => "timestamp",
        _ => "str",
    };
    match (got, &v) {
        _ if got == want => Ok(v),
        ("int", Value::Number(n)) if want == "float" => Ok(n
            .as_f64()
            .and_then(crate::value::float)
            .unwrap_or(Value::Null)),
        _ => Err(format!("cannot decode !!{got} `{text}` as a !!{want}")),
    }
}

/// Bytes as Go's JSON encoder writes a string of them: each byte that is not part
/// of valid UTF-8 becomes U+FFFD.
fn go_string(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let (valid, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push('\u{fffd}');
                rest = &bad[1..];
            }
        }
    }
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
    let (radix, digits) =
        if let Some(d) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
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

/// go-yaml's `parseTimestamp`: `YYYY-M-D`, optionally followed by `T`/`t` and a time
/// with a zone, or a space and a time without one (Go's `time.Parse` layouts).
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let mut i = 5;
    // Go's `getnum` for the layouts' "1", "2", "15", "4" and "5": one or two digits.
    let num = |i: &mut usize| -> Option<u32> {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - start < 2 {
            *i += 1;
        }
        s[start..*i].parse().ok()
    };
    let (Some(month), true) = (num(&mut i), b.get(i) == Some(&b'-')) else {
        return false;
    };
    i += 1;
    let Some(day) = num(&mut i) else { return false };
    if !is_date(s[..4].parse().unwrap_or(0), month, day) {
        return false;
    }
    if i == b.len() {
        return true;
    }
    let zoned = match b[i] {
        b'T' | b't' => true,
        b' ' => false,
        _ => return false,
    };
    i += 1;
    let (Some(h), true) = (num(&mut i), b.get(i) == Some(&b':')) else {
        return false;
    };
    i += 1;
    let (Some(m), true) = (num(&mut i), b.get(i) == Some(&b':')) else {
        return false;
    };
    i += 1;
    let Some(sec) = num(&mut i) else { return false };
    if h > 23 || m > 59 || sec > 59 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    if !zoned {
        return i == b.len();
    }
    is_zone(&s[i..])
}

/// A day of the Gregorian calendar.
fn is_date(year: u32, month: u32, day: u32) -> bool {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=12).contains(&month) && day != 0 && day <= days[month as usize - 1]
}

/// `Z` or `±hh:mm`.
fn is_zone(zone: &str) -> bool {
    let z = zone.as_bytes();
    zone == "Z"
        || (z.len() == 6
            && matches!(z[0], b'+' | b'-')
            && z[1..3].iter().all(u8::is_ascii_digit)
            && z[3] == b':'
            && z[4..].iter().all(u8::is_ascii_digit))
}
