//! Simulated time as wall-clock text. Simulated time 0 is a fixed instant
//! ([`SIM_EPOCH_UNIX_S`]) so transcripts never depend on the real date.

use crate::sim::TimeMs;

/// 2026-03-14T09:00:00Z.
pub const SIM_EPOCH_UNIX_S: i64 = 1_773_478_800;

/// (year, month, day) from days since 1970-01-01 (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

struct Parts {
    year: i64,
    month: u32,
    day: u32,
    hour: i64,
    minute: i64,
    second: i64,
    weekday: usize,
}

/// Simulated time `ms` as Unix seconds (the fraction dropped, as RFC 3339 prints it).
pub fn unix_s(ms: TimeMs) -> i64 {
    SIM_EPOCH_UNIX_S + (ms / 1000) as i64
}

fn parts(ms: TimeMs) -> Parts {
    parts_unix(unix_s(ms))
}

fn parts_unix(secs: i64) -> Parts {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Parts {
        year,
        month,
        day,
        hour: rem / 3600,
        minute: rem % 3600 / 60,
        second: rem % 60,
        weekday: (days + 4).rem_euclid(7) as usize,
    }
}

/// `2026-03-14T09:00:05Z`
pub fn rfc3339(ms: TimeMs) -> String {
    let p = parts(ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        p.year, p.month, p.day, p.hour, p.minute, p.second
    )
}

/// A Unix time in seconds as RFC 3339 (`kubesim serve` moves simulated time onto
/// the wall clock with it).
pub fn rfc3339_unix(secs: i64) -> String {
    let p = parts_unix(secs);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        p.year, p.month, p.day, p.hour, p.minute, p.second
    )
}

/// `2026-03-14T09:00:05Z` (the form [`rfc3339`] writes; also with a fraction,
/// dropped, or an offset such as `+01:00`, as Go's `time.RFC3339` reads) as Unix
/// seconds.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let mut zone = &s[19..];
    if let Some(frac) = zone.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        zone = frac.get(digits..).filter(|_| digits > 0)?;
    }
    let offset = match zone.as_bytes() {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2]
            if [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()) =>
        {
            let digit = |c: &u8| (*c - b'0') as i64;
            let secs = (digit(h1) * 10 + digit(h2)) * 3600 + (digit(m1) * 10 + digit(m2)) * 60;
            if *sign == b'+' {
                secs
            } else {
                -secs
            }
        }
        _ => return None,
    };
    let num = |from: usize, to: usize| -> Option<i64> {
        s.get(from..to)
            .filter(|d| d.bytes().all(|c| c.is_ascii_digit()))?
            .parse()
            .ok()
    };
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hh, mm, ss) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // days_from_civil (the inverse of civil_from_days).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss - offset)
}

/// `Sat, 14 Mar 2026 09:00:05 +0000` (what `describe` prints).
pub fn rfc1123z(ms: TimeMs) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let p = parts(ms);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
        DAYS[p.weekday],
        p.day,
        MONTHS[(p.month - 1) as usize],
        p.year,
        p.hour,
        p.minute,
        p.second
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_renders() {
        assert_eq!(rfc3339(0), "2026-03-14T09:00:00Z");
        assert_eq!(rfc1123z(0), "Sat, 14 Mar 2026 09:00:00 +0000");
        assert_eq!(rfc3339(86_400_000 * 365), "2027-03-14T09:00:00Z");
        for ms in [0, 5_000, 86_400_000 * 400 + 3_723_000] {
            let text = rfc3339(ms);
            assert_eq!(
                parse_rfc3339(&text),
                Some(SIM_EPOCH_UNIX_S + (ms / 1000) as i64)
            );
            assert_eq!(rfc3339_unix(parse_rfc3339(&text).unwrap()), text);
        }
        assert_eq!(parse_rfc3339("2024-02-29T00:00:00Z"), Some(1_709_164_800));
        assert_eq!(parse_rfc3339("nginx"), None);
    }
}
