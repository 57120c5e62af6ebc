//! Base64, the two ways the playground meets it: Go's `base64.StdEncoding` for
//! YAML's `!!binary` (the standard alphabet, `=` padding, line breaks skipped), and
//! the URL-safe alphabet without padding for share links. It must not know any
//! playground type.

/// The value of one symbol of `alphabet`, if it is one.
fn sextet(b: u8, url_safe: bool) -> Option<u8> {
    Some(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' if !url_safe => 62,
        b'/' if !url_safe => 63,
        b'-' if url_safe => 62,
        b'_' if url_safe => 63,
        _ => return None,
    })
}

/// Go's `base64.StdEncoding.DecodeString` as go-yaml calls it: padding to a
/// multiple of four symbols, `\r` and `\n` skipped; None for anything else.
pub fn decode_std(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut bits, mut held, mut pad, mut symbols) = (0u32, 0u32, 0, 0);
    for b in text.bytes() {
        let six = match b {
            b'\r' | b'\n' => continue,
            b'=' => {
                pad += 1;
                symbols += 1;
                continue;
            }
            _ if pad > 0 => return None,
            _ => sextet(b, false)?,
        };
        symbols += 1;
        bits = bits << 6 | u32::from(six);
        held += 6;
        if held >= 8 {
            held -= 8;
            out.push((bits >> held) as u8);
        }
    }
    (symbols % 4 == 0 && pad <= 2).then_some(out)
}

const URL_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// URL-safe base64 without padding (share links).
pub fn encode_url(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..=chunk.len() {
            out.push(URL_ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// [`encode_url`]'s inverse; None for a symbol outside the alphabet or leftover
/// bits that are not zero padding.
pub fn decode_url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        acc = acc << 6 | u32::from(sextet(c, true)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (bits < 6 && acc == 0).then_some(out)
}
