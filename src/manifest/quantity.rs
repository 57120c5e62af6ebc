//! `resource.Quantity` as apimachinery v0.33 reads and writes it: `ParseQuantity`
//! (its fast path keeps the text as written when that text is already canonical)
//! and `CanonicalizeBytes` (`0.5` is `500m`, `1024Ki` is `1Mi`, binary values are
//! capped at 2^63-1, values below a nano are rounded up to one). Values are kept
//! as decimal digit strings, so no size of input overflows.
//!
//! This module must not know where a quantity sits in an object.

pub const FORMAT_WRONG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX: &str = "unable to parse quantity's suffix";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    DecimalSi,
    BinarySi,
    DecimalExponent,
}

/// `parseQuantityString`: sign, numerator (leading zeros stripped), denominator,
/// suffix.
fn split(s: &str) -> Result<(bool, &str, &str, &str), &'static str> {
    let b = s.as_bytes();
    let mut pos = 0;
    let positive = match b.first() {
        Some(b'-') => {
            pos = 1;
            false
        }
        Some(b'+') => {
            pos = 1;
            true
        }
        _ => true,
    };
    while pos < b.len() && b[pos] == b'0' {
        pos += 1;
    }
    if pos == b.len() {
        return Ok((positive, "0", "", ""));
    }
    let start = pos;
    while pos < b.len() && b[pos].is_ascii_digit() {
        pos += 1;
    }
    let num = if pos == start { "0" } else { &s[start..pos] };
    let mut denom = "";
    if pos < b.len() && b[pos] == b'.' {
        pos += 1;
        let d = pos;
        while pos < b.len() && b[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = &s[d..pos];
    }
    let suffix_start = pos;
    while pos < b.len() && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < b.len() && matches!(b[pos], b'-' | b'+') {
        pos += 1;
    }
    while pos < b.len() && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos < b.len() {
        return Err(FORMAT_WRONG);
    }
    Ok((positive, num, denom, &s[suffix_start..]))
}

/// The suffixer's `interpret`: (base, exponent, format).
fn interpret(suffix: &str) -> Option<(u32, i32, Format)> {
    let decimal = |e| Some((10, e, Format::DecimalSi));
    let binary = |e| Some((2, e, Format::BinarySi));
    match suffix {
        "n" => decimal(-9),
        "u" => decimal(-6),
        "m" => decimal(-3),
        "" => decimal(0),
        "k" => decimal(3),
        "M" => decimal(6),
        "G" => decimal(9),
        "T" => decimal(12),
        "P" => decimal(15),
        "E" => decimal(18),
        "Ki" => binary(10),
        "Mi" => binary(20),
        "Gi" => binary(30),
        "Ti" => binary(40),
        "Pi" => binary(50),
        "Ei" => binary(60),
        _ if suffix.len() > 1 && suffix.starts_with(['e', 'E']) => {
            // Go's `int32(strconv.ParseInt(...))`, wrapping as Go converts.
            let e: i64 = suffix[1..].parse().ok()?;
            Some((10, e as i32, Format::DecimalExponent))
        }
        _ => None,
    }
}

/// Digits (no leading zeros; "" is zero) times ten to `exp`.
#[derive(Clone, Debug)]
struct Decimal {
    digits: String,
    exp: i64,
}

fn trim_leading_zeros(s: &str) -> String {
    s.trim_start_matches('0').to_string()
}

fn double(digits: &str) -> String {
    let mut out = Vec::with_capacity(digits.len() + 1);
    let mut carry = 0;
    for c in digits.bytes().rev() {
        let d = (c - b'0') * 2 + carry;
        out.push(b'0' + d % 10);
        carry = d / 10;
    }
    if carry > 0 {
        out.push(b'0' + carry);
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn increment(digits: &str) -> String {
    let mut out: Vec<u8> = digits.bytes().collect();
    for i in (0..out.len()).rev() {
        if out[i] == b'9' {
            out[i] = b'0';
        } else {
            out[i] += 1;
            return String::from_utf8(out).unwrap_or_default();
        }
    }
    format!("1{}", String::from_utf8(out).unwrap_or_default())
}

impl Decimal {
    fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }
    /// Moves factors of ten from the digits into the exponent.
    fn normalized(mut self) -> Decimal {
        let zeros = self.digits.len() - self.digits.trim_end_matches('0').len();
        self.digits.truncate(self.digits.len() - zeros);
        self.exp += zeros as i64;
        if self.digits.is_empty() {
            self.exp = 0;
        }
        self
    }
    /// The integer part's digits and whether a fraction is left over.
    fn integer(&self) -> (String, bool) {
        let d = self.clone().normalized();
        if d.exp >= 0 {
            (format!("{}{}", d.digits, "0".repeat(d.exp as usize)), false)
        } else {
            let cut = d.digits.len().saturating_sub((-d.exp) as usize);
            (d.digits[..cut].to_string(), !d.digits.is_empty())
        }
    }
    /// Compares the magnitude with an integer written in digits.
    fn cmp_int(&self, n: &str) -> std::cmp::Ordering {
        let (int, fraction) = self.integer();
        let by_len = int.len().cmp(&n.len()).then_with(|| int.as_str().cmp(n));
        by_len.then(if fraction {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        })
    }
}

const MAX_INT64: &str = "9223372036854775807";

/// The canonical text of a quantity written `s` (a JSON string's content or a
/// number's text), or the error `ParseQuantity` gives.
pub fn canonical(s: &str) -> Result<String, &'static str> {
    let s = s.trim_matches(|c: char| c.is_ascii_whitespace());
    if s.is_empty() {
        return Err(FORMAT_WRONG);
    }
    if s == "0" {
        return Ok("0".into());
    }
    let (positive, num, denom, suffix) = split(s)?;
    let (base, exponent, mut format) = interpret(suffix).ok_or(SUFFIX)?;
    let shifted = format!("{num}{denom}");
    // The fast path keeps the text as written when it is already canonical.
    match format {
        Format::DecimalSi | Format::DecimalExponent => {
            let scale = exponent as i64 - denom.len() as i64;
            if num.len() + denom.len() <= 18
                && scale >= -9
                && scale % 3 == 0
                && !shifted.ends_with("000")
                && !shifted.starts_with('0')
            {
                return Ok(s.to_string());
            }
        }
        Format::BinarySi => {
            let precision = 15 - num.len() as i64 - (exponent as i64 * 3 / 10) - 1;
            if denom.is_empty() && precision >= 0 {
                let value: i64 = num.parse().unwrap_or(0);
                if value & 7 != 0 {
                    return Ok(s.to_string());
                }
            }
        }
    }
    let mut amount = Decimal {
        digits: trim_leading_zeros(&shifted),
        exp: -(denom.len() as i64),
    };
    if base == 10 {
        amount.exp += exponent as i64;
    } else {
        for _ in 0..exponent {
            amount.digits = double(&amount.digits);
        }
    }
    // Round up (away from zero) to a nano.
    if !amount.is_zero() && amount.exp < -9 {
        let drop = (-9 - amount.exp) as usize;
        let keep = amount.digits.len().saturating_sub(drop);
        let lost = amount.digits[keep..].bytes().any(|c| c != b'0');
        let mut digits = amount.digits[..keep].to_string();
        if lost {
            digits = increment(&digits);
        }
        amount = Decimal {
            digits: trim_leading_zeros(&digits),
            exp: -9,
        };
    }
    if format == Format::BinarySi && amount.cmp_int(MAX_INT64).is_gt() {
        amount = Decimal {
            digits: MAX_INT64.into(),
            exp: 0,
        };
    }
    if format == Format::BinarySi && !amount.is_zero() && amount.cmp_int("1").is_lt() {
        format = Format::DecimalSi;
    }
    if amount.is_zero() {
        return Ok("0".into());
    }
    let sign = if positive { "" } else { "-" };
    // CanonicalizeBytes
    if format == Format::BinarySi {
        let (int, fraction) = amount.integer();
        if amount.cmp_int("1024").is_lt() || fraction {
            format = Format::DecimalSi;
        } else {
            // At most 2^63-1 here, so it fits.
            let mut value: u64 = int.parse().unwrap_or(0);
            let mut power = 0;
            while value.is_multiple_of(1024) && power < 6 {
                value /= 1024;
                power += 1;
            }
            let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][power];
            return Ok(format!("{sign}{value}{suffix}"));
        }
    }
    let mut d = amount.normalized();
    // Go's `%` truncates: the exponent goes down to a multiple of three.
    while d.exp % 3 != 0 {
        d.digits.push('0');
        d.exp -= 1;
    }
    let suffix = match format {
        Format::DecimalExponent if d.exp == 0 => String::new(),
        Format::DecimalExponent => format!("e{}", d.exp as i32),
        // A decimal exponent without an SI suffix (past E or below n) is printed
        // with none at all, as `constructBytes`' unchecked miss does.
        _ => match d.exp {
            -9 => "n",
            -6 => "u",
            -3 => "m",
            3 => "k",
            6 => "M",
            9 => "G",
            12 => "T",
            15 => "P",
            18 => "E",
            _ => "",
        }
        .to_string(),
    };
    Ok(format!("{sign}{}{suffix}", d.digits))
}

/// A Quantity decoded from a JSON value as `UnmarshalJSON` reads it: null is zero,
/// a string is its text, anything else is its JSON text (which only a number can
/// pass).
pub fn of_json(v: &super::value::Value) -> Result<String, &'static str> {
    use super::value::Value;
    match v {
        Value::Null => Ok("0".into()),
        Value::String(s) => canonical(s),
        Value::Number(n) => canonical(&super::value::number_text(n)),
        _ => Err(FORMAT_WRONG),
    }
}

/// A quantity's amount in nano-units and whether it is written in binary SI
/// (`Ki`, `Mi`...), which a sum keeps (Go's `Quantity.Add` keeps the format of
/// the quantity added to). None if it does not parse.
pub fn nanos(s: &str) -> Option<(i128, bool)> {
    let c = canonical(s).ok()?;
    let split = c
        .find(|ch: char| ch.is_ascii_alphabetic())
        .unwrap_or(c.len());
    let (num, suffix) = c.split_at(split);
    let n: i128 = num.parse().ok()?;
    let (base, exponent, format) = interpret(suffix)?;
    let scaled = match (base, exponent) {
        (2, e) => n.checked_mul(1i128 << e)?.checked_mul(1_000_000_000)?,
        (_, e) if e >= -9 => n.checked_mul(10i128.checked_pow((e + 9) as u32)?)?,
        _ => 0,
    };
    Some((scaled, format == Format::BinarySi))
}

/// The text `Quantity.String()` gives for `nanos` nano-units in binary or
/// decimal SI.
pub fn from_nanos(nanos: i128, binary: bool) -> String {
    if nanos == 0 {
        return "0".into();
    }
    if binary && nanos % 1_000_000_000 == 0 {
        let bytes = nanos / 1_000_000_000;
        if bytes % 1024 == 0 {
            return canonical(&format!("{}Ki", bytes / 1024)).unwrap_or_default();
        }
        return bytes.to_string();
    }
    canonical(&format!("{nanos}n")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn big_inputs_stay_bounded() {
        // Arithmetic on digit strings: a long number neither overflows nor panics.
        let long = "9".repeat(400);
        assert_eq!(canonical(&long).unwrap(), long);
        assert_eq!(
            canonical(&format!("{long}Ei")).unwrap(),
            "9223372036854775807"
        );
        assert_eq!(canonical(&format!("0.{long}")).unwrap(), "1");
    }
}
