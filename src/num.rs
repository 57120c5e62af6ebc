//! Decimal text to `f64` and back, for the few places the playground reads or
//! writes a float (YAML and JSON numbers, durations, the speed box, UI geometry).
//!
//! Why not `str::parse` and `{}`: in the browser, core's float parser and printer
//! bring about 30 KB of wasm, a third of it tables that barely compress (see
//! ARCHITECTURE.md, page budget). The browser already has correctly rounded
//! conversions, so on wasm this module checks the syntax itself and hands the
//! digits to JavaScript's `parseFloat` and `Number.prototype.toString`; natively it
//! uses std. Both give the same answers: correctly rounded parsing and the
//! shortest digits that round-trip (tested on both sides).
//!
//! It must not know any playground type.

/// Rust's `f64::from_str`: `[+-]` then `inf`, `infinity` or `nan` (any case), or
/// digits with an optional `.` and an optional exponent. `None` where std errs.
pub fn parse_f64(s: &str) -> Option<f64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let word = body.to_ascii_lowercase();
    let special = match word.as_str() {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(v) = special {
        return Some(if neg { -v } else { v });
    }
    if !is_decimal(body) {
        return None;
    }
    Some(platform::parse_decimal(s))
}

/// True when `s` is digits with an optional `.` (with a digit on one side) and an
/// optional exponent, unsigned.
fn is_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |mut i: usize| {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        (i, i - start)
    };
    let (mut i, int_digits) = digits(0);
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        (i, frac_digits) = digits(i + 1);
    }
    if int_digits + frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let (end, exp_digits) = digits(i);
        if exp_digits == 0 {
            return false;
        }
        i = end;
    }
    i == b.len()
}

/// The shortest decimal digits that read back as `x` (finite, not zero), and the
/// power of ten of the first one: 1.5e300 is `("15", 300)`, 0.025 is `("25", -2)`.
pub fn shortest_digits(x: f64) -> (String, i32) {
    let text = platform::shortest_text(x.abs());
    // Either "1.5e+300" / "1.5e300" or positional "0.025" / "1234.5".
    let (mantissa, exp) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.trim_start_matches('+').parse::<i32>().unwrap_or(0)),
        None => (text.as_str(), 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = format!("{int_part}{frac_part}");
    let lead_zeros = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0').to_string();
    let point = int_part.len() as i32 + exp;
    let first_exp = point - 1 - lead_zeros as i32;
    if digits.is_empty() {
        return ("0".to_string(), 0);
    }
    (digits, first_exp)
}

/// Positional text of a finite `x`, shortest round-trip digits, like `{}` on f64.
pub fn plain(x: f64) -> String {
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    let (digits, exp) = shortest_digits(x);
    positional(x < 0.0, &digits, exp)
}

/// Positional text of the number whose `digits` start at the power `exp`.
pub fn positional(negative: bool, digits: &str, exp: i32) -> String {
    let sign = if negative { "-" } else { "" };
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

/// Exponent text of a finite `x` as Go's `encoding/json` writes it: shortest
/// digits, a signed exponent without padding (`1.5e+300`, `1e-7`).
pub fn exponent(x: f64) -> String {
    let (digits, exp) = shortest_digits(x);
    scientific(x < 0.0, &digits, exp, 1)
}

/// `d.ddde±x` of the number whose `digits` start at the power `exp`, the exponent
/// written with at least `exp_width` digits (Go's `%e` pads to 2, its JSON to 1).
pub fn scientific(negative: bool, digits: &str, exp: i32, exp_width: usize) -> String {
    let sign = if negative { "-" } else { "" };
    let (first, rest) = digits.split_at(1);
    let dot = if rest.is_empty() { "" } else { "." };
    let exp_sign = if exp < 0 { "-" } else { "+" };
    format!(
        "{sign}{first}{dot}{rest}e{exp_sign}{:0exp_width$}",
        exp.unsigned_abs()
    )
}

/// `x` rounded to `decimals` places, like `{:.N}` for the UI's geometry and
/// percentages (ties round away from zero; nothing here prints a tie to a user).
pub fn fixed(x: f64, decimals: u32) -> String {
    if !x.is_finite() {
        return "0".to_string();
    }
    let scale = 10f64.powi(decimals as i32);
    let scaled = (x.abs() * scale).round();
    if scaled >= 9.0e15 {
        return plain(x);
    }
    let n = scaled as u64;
    let sign = if x < 0.0 && n != 0 { "-" } else { "" };
    if decimals == 0 {
        return format!("{sign}{n}");
    }
    let text = format!("{n:0width$}", width = decimals as usize + 1);
    let (a, b) = text.split_at(text.len() - decimals as usize);
    format!("{sign}{a}.{b}")
}

#[cfg(not(target_arch = "wasm32"))]
mod platform {
    pub fn parse_decimal(s: &str) -> f64 {
        s.parse().unwrap_or(f64::NAN)
    }

    /// std's shortest digits, except where two candidates are exactly as near to
    /// `x`: std rounds that tie up, while JavaScript (and Go's `strconv`, and
    /// Python's dtoa) take the even digit, so the page and `kubesim` would print
    /// different digits. Here the even one wins too.
    pub fn shortest_text(x: f64) -> String {
        let text = format!("{x:e}");
        let Some((mantissa, exp)) = text.split_once('e') else {
            return text;
        };
        let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
        let n = digits.len();
        // A tie needs the next digit to be 5 (cheap to see), then nothing after it.
        let next = format!("{x:.n$e}");
        if next.split('e').next().and_then(|m| m.chars().last()) != Some('5') {
            return text;
        }
        // Every f64 has at most 767 significant digits: this is its exact value.
        let exact = format!("{x:.800e}");
        let exact_digits: String = exact
            .split('e')
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| *c != '.')
            .collect();
        let (Some(lo), Some(rest)) = (exact_digits.get(..n), exact_digits.get(n..)) else {
            return text;
        };
        if !(rest.starts_with('5') && rest[1..].bytes().all(|b| b == b'0')) {
            return text;
        }
        // A tie between `lo` and the next n-digit number up: take the even one.
        let Ok(lo_n) = lo.parse::<u64>() else {
            return text;
        };
        let even = if lo_n % 2 == 0 { lo_n } else { lo_n + 1 };
        let mut exp: i32 = exp.parse().unwrap_or(0);
        let mut even_digits = even.to_string();
        if even_digits.len() > n {
            // 99..9 + 1: one digit more, one power of ten up.
            even_digits.truncate(n);
            exp += 1;
        }
        let candidate = format!("{}.{}e{exp}", &even_digits[..1], &even_digits[1..]);
        match candidate.parse::<f64>() {
            Ok(v) if v == x => candidate,
            _ => text,
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod platform {
    pub fn parse_decimal(s: &str) -> f64 {
        js_sys::Number::parse_float(s)
    }
    pub fn shortest_text(x: f64) -> String {
        js_sys::Number::from(x)
            .to_string_with_radix(10)
            .map(String::from)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    // The literals are exact values (multiples of 0.25): that is the point.
    #[allow(clippy::excessive_precision)]
    fn exact_ties_take_the_even_digit_as_javascript_and_go_do() {
        // 1729603865556633.25 is exactly between ...633.2 and ...633.3.
        assert_eq!(plain(1729603865556633.25), "1729603865556633.2");
        assert_eq!(plain(1729603865556633.75), "1729603865556633.8");
        assert_eq!(exponent(1729603865556633.25), "1.7296038655566332e+15");
        // No tie: std's digits stand.
        assert_eq!(plain(0.1), "0.1");
        assert_eq!(plain(123456.789), "123456.789");
    }

    #[test]
    fn zero_and_fixed_places() {
        assert_eq!(plain(0.0), "0");
        assert_eq!(fixed(12.345, 1), "12.3");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-2.26, 1), "-2.3");
        assert_eq!(fixed(0.5, 2), "0.50");
        assert_eq!(fixed(99.999, 2), "100.00");
        assert_eq!(fixed(3.0, 0), "3");
    }
}
