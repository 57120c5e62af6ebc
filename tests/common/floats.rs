//! The float agreement check shared by the native test (`tests/num.rs`) and the
//! browser one (`tests/browser.rs`, where `num` converts through JavaScript).

use rollout_playground::num::{exponent, parse_f64, plain};
use rollout_playground::sim::rng::Rng;

/// The significant digits of a number's text (`"-0.0250"` -> `"250"`).
fn significant(text: &str) -> String {
    let mantissa = text.split(['e', 'E']).next().unwrap_or("");
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    digits.trim_start_matches('0').to_string()
}

/// `ours` may differ from std's `theirs` only where `x` lies exactly between two
/// shortest candidates: std rounds that tie up, JavaScript and Go take the even
/// digit, and so does `num`. Checked against `x`'s exact decimal expansion.
fn is_even_tie(x: f64, ours: &str, theirs: &str) -> bool {
    let (a, b) = (significant(ours), significant(theirs));
    let n = a.len();
    let exact = significant(&format!("{:.800e}", x.abs()));
    let (Some(lo), Some(rest)) = (exact.get(..n), exact.get(n..)) else {
        return false;
    };
    let tie = rest.starts_with('5') && rest[1..].bytes().all(|c| c == b'0');
    let (Ok(lo), Ok(a_n), Ok(b_n)) = (lo.parse::<u128>(), a.parse::<u128>(), b.parse::<u128>())
    else {
        return false;
    };
    let pair = [lo, lo + 1];
    tie && b.len() == n && pair.contains(&a_n) && pair.contains(&b_n) && a_n % 2 == 0
}

/// The first place where this module and std disagree, or `None`; for the tests,
/// natively and in the browser (where the conversions are JavaScript's). Checks
/// `cases` random values and their negations (shortest text, Go's exponent form,
/// and reading back to the same bits) and `cases` random strings over the float
/// alphabet plus every corner of the grammar (parsing to the same bits). Exact
/// ties between two shortest candidates take the even digit (see `is_even_tie`).
// The tie literals below are exact values (multiples of 0.25).
#[allow(clippy::excessive_precision)]
pub fn disagreement_with_std(cases: usize, seed: u64) -> Option<String> {
    let mut rng = Rng::new(seed);
    let mut next = || rng.next_u64();
    let mut values = vec![
        1.0,
        0.1,
        0.025,
        1.5e300,
        1e-7,
        123456.789,
        5e-324,
        f64::MAX,
        1e21,
        1e20,
        // Exact ties between two shortest candidates.
        1729603865556633.25,
        1729603865556633.75,
    ];
    for _ in 0..cases {
        let x = f64::from_bits(next() >> 1);
        if x.is_finite() && x != 0.0 {
            values.push(x);
            values.push(-x);
        }
    }
    for x in values {
        let std_plain = format!("{x}");
        if plain(x) != std_plain && !is_even_tie(x, &plain(x), &std_plain) {
            return Some(format!("plain({x:e}) = {}", plain(x)));
        }
        let std_e = format!("{x:e}");
        let go = match std_e.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
            _ => std_e.clone(),
        };
        if exponent(x) != go && !is_even_tie(x, &exponent(x), &go) {
            return Some(format!(
                "exponent({std_e}) = {}, Go writes {go}",
                exponent(x)
            ));
        }
        if parse_f64(&plain(x)).map(f64::to_bits) != Some(x.to_bits()) {
            return Some(format!("parse_f64(plain({std_e})) does not read back"));
        }
    }
    let mut strings: Vec<String> = [
        "",
        "+",
        "-",
        ".",
        "e5",
        ".e5",
        "5.",
        ".5",
        "5.e3",
        "1e",
        "1e+",
        "1e-5",
        "1E5",
        "+1",
        "-0",
        "0",
        "00.100",
        "inf",
        "-Infinity",
        "NaN",
        "+nan",
        "infinit",
        "1_0",
        " 1",
        "1 ",
        "0x10",
        "1.5e300",
        "1e400",
        "-1e-400",
        "2.2250738585072014e-308",
        "4.9e-324",
        "123456789012345678901234567890",
        "0.1",
        "1.7976931348623157e308",
        "9007199254740993",
        "1..2",
        "1e5.5",
        "--1",
        "∞",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let alphabet = b"0123456789.eE+-";
    for _ in 0..cases {
        let r = next();
        let len = (r >> 59) as usize + 1;
        strings.push(
            (0..len)
                .map(|k| {
                    let c = r.rotate_left(7 * k as u32 + 3);
                    // Mostly digits, so many strings are valid numbers.
                    let i = if c.is_multiple_of(3) {
                        (c >> 8) as usize % alphabet.len()
                    } else {
                        (c >> 8) as usize % 10
                    };
                    alphabet[i] as char
                })
                .collect(),
        );
    }
    for s in strings {
        let ours = parse_f64(&s);
        let std = s.parse::<f64>().ok();
        if ours.map(f64::to_bits) != std.map(f64::to_bits) {
            return Some(format!("{s:?}: ours {ours:?}, std {std:?}"));
        }
    }
    None
}
