//! JSON values to YAML as kubectl's `-o yaml` writes them: sigs.k8s.io/yaml hands the
//! value to go-yaml v2 (v2.4.0), whose encoder sorts keys, picks each string's style
//! (plain, 'single', "double" or a `|` block) and folds long scalars at 80 columns.
//! The style rules are ported from its `encode.go` (`stringv`) and `emitterc.go`
//! (`yaml_emitter_analyze_scalar`, `select_scalar_style` and the scalar writers).
//!
//! This module must not read YAML (that is `yaml.rs`) or know Kubernetes fields.

use super::value::{self, Value};

/// go-yaml's `best_width`: past this column a scalar breaks at its next space.
const BEST_WIDTH: usize = 80;

pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    emit(v, 0, &mut out);
    out
}

/// kubectl's `-o yaml` in full: sigs.k8s.io/yaml marshals the object to JSON and
/// reads that JSON back with go-yaml before writing YAML, and the reading sees the
/// characters Go's JSON leaves unescaped. A C1 control, DEL, U+FFFE or U+FFFF is
/// refused (`control characters are not allowed`); NEL (U+0085) is a line break,
/// which a quoted value folds into a space and which a key cannot hold.
pub fn kubectl_yaml(v: &Value) -> Result<String, String> {
    fn refused(c: char) -> bool {
        matches!(c as u32, 0x7F..=0x84 | 0x86..=0x9F | 0xFFFE | 0xFFFF)
    }
    /// `lines`: the NELs met so far in JSON order, each a line for go-yaml, which
    /// names the line of the `:` after a key it could not take.
    fn reread(v: &mut Value, lines: &mut usize) -> Result<(), String> {
        match v {
            Value::String(s) if s.contains(refused) => {
                Err("yaml: control characters are not allowed".into())
            }
            Value::String(s) if s.contains('\u{85}') => {
                *lines += s.matches('\u{85}').count();
                *s = fold_nel(s);
                Ok(())
            }
            Value::Array(a) => a.iter_mut().try_for_each(|v| reread(v, lines)),
            Value::Object(o) => {
                for (k, v) in o.iter_mut() {
                    if k.contains(refused) {
                        return Err("yaml: control characters are not allowed".into());
                    }
                    if k.contains('\u{85}') {
                        *lines += k.matches('\u{85}').count();
                        return Err(format!(
                            "yaml: line {lines}: did not find expected ',' or '}}'"
                        ));
                    }
                    reread(v, lines)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
    let mut v = v.clone();
    reread(&mut v, &mut 0)?;
    Ok(to_yaml(&v))
}

/// A double-quoted YAML scalar's line folding, for NEL (the one break Go's JSON
/// leaves raw): blanks around a break go, one break is a space, n breaks are n-1
/// newlines.
fn fold_nel(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('\u{85}') {
        out.push_str(rest[..at].trim_end_matches([' ', '\t']));
        rest = &rest[at..];
        let mut breaks = 0;
        loop {
            let trimmed = rest.trim_start_matches([' ', '\t']);
            match trimmed.strip_prefix('\u{85}') {
                Some(after) => {
                    breaks += 1;
                    rest = after;
                }
                None => {
                    rest = trimmed;
                    break;
                }
            }
        }
        if breaks == 1 {
            out.push(' ');
        } else {
            out.extend(std::iter::repeat_n('\n', breaks - 1));
        }
    }
    out.push_str(rest);
    out
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// go-yaml's `resolve`: would this text, written plain, read back as something other
/// than a string (null, bool, int, float, timestamp)? Then it must be quoted.
fn resolves_to_non_string(s: &str) -> bool {
    !matches!(super::yaml::resolve_plain(s), Value::String(_))
        || super::yaml::is_timestamp(s)
        || is_base60_float(s)
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`, which go-yaml quotes
/// because YAML 1.1 readers take it as a sexagesimal number.
fn is_base60_float(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (body, _fraction) = match body.split_once('.') {
        Some((b, f)) if f.bytes().all(|c| c.is_ascii_digit() || c == b'_') => (b, f),
        Some(_) => return false,
        None => (body, ""),
    };
    let mut parts = body.split(':');
    let head = parts.next().unwrap_or("");
    if !head.starts_with(|c: char| c.is_ascii_digit())
        || !head.bytes().all(|c| c.is_ascii_digit() || c == b'_')
    {
        return false;
    }
    let mut sexagesimal = 0;
    for part in parts {
        let p = part.as_bytes();
        let ok = match p {
            [d] => d.is_ascii_digit(),
            [a, d] => (b'0'..=b'5').contains(a) && d.is_ascii_digit(),
            _ => false,
        };
        if !ok {
            return false;
        }
        sexagesimal += 1;
    }
    sexagesimal > 0
}

/// YAML's printable set as go-yaml tests it (`is_printable`): no tabs, no C0/C1
/// controls, nothing past the Basic Multilingual Plane.
fn is_printable(c: char) -> bool {
    matches!(c as u32, 0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD) && c != '\u{FEFF}'
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// The style go-yaml writes a string in: `stringv` asks for one, and the emitter
/// falls back (plain to single to double, literal to double) where the text does
/// not allow it. A `key` is written in go-yaml's simple-key context.
fn style_of(s: &str, key: bool) -> Style {
    let requested = if s.contains('\n') {
        Style::Literal
    } else if resolves_to_non_string(s) {
        Style::Double
    } else {
        Style::Plain
    };
    let ScalarAnalysis {
        block_plain,
        single,
        block,
        multiline,
    } = analyze_scalar(s);
    // yaml_emitter_select_scalar_style
    let mut style = requested;
    if key && multiline {
        style = Style::Double;
    }
    if style == Style::Plain && (!block_plain || (s.is_empty() && key)) {
        style = Style::Single;
    }
    if style == Style::Single && !single {
        style = Style::Double;
    }
    if style == Style::Literal && (!block || key) {
        style = Style::Double;
    }
    style
}

/// What `yaml_emitter_analyze_scalar` finds of a string: which styles may hold it,
/// and whether it spans lines.
struct ScalarAnalysis {
    block_plain: bool,
    single: bool,
    block: bool,
    multiline: bool,
}

fn analyze_scalar(s: &str) -> ScalarAnalysis {
    let chars: Vec<char> = s.chars().collect();
    let (mut block_plain, mut single, mut block) = (true, true, true);
    let mut multiline = false;
    if chars.is_empty() {
        block_plain = true;
        block = false;
    } else {
        let mut block_indicators = s.starts_with("---") || s.starts_with("...");
        let (mut leading, mut trailing) = (false, false);
        let (mut break_space, mut space_break, mut special) = (false, false, false);
        let (mut previous_space, mut previous_break) = (false, false);
        let mut preceded_by_whitespace = true;
        for (i, &c) in chars.iter().enumerate() {
            let last = i + 1 == chars.len();
            let followed_by_whitespace = last || matches!(chars[i + 1], ' ' | '\t');
            if i == 0 {
                match c {
                    '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\''
                    | '"' | '%' | '@' | '`' => block_indicators = true,
                    '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                    _ => {}
                }
            } else {
                match c {
                    ':' if followed_by_whitespace => block_indicators = true,
                    '#' if preceded_by_whitespace => block_indicators = true,
                    _ => {}
                }
            }
            if !is_printable(c) {
                special = true;
            }
            if c == ' ' {
                leading |= i == 0;
                trailing |= last;
                break_space |= previous_break;
                (previous_space, previous_break) = (true, false);
            } else if is_break(c) {
                multiline = true;
                leading |= i == 0;
                trailing |= last;
                space_break |= previous_space;
                (previous_space, previous_break) = (false, true);
            } else {
                (previous_space, previous_break) = (false, false);
            }
            preceded_by_whitespace = matches!(c, ' ' | '\t' | '\0') || is_break(c);
        }
        if leading || trailing || multiline || block_indicators {
            block_plain = false;
        }
        if trailing && chars.last() == Some(&' ') {
            block = false;
        }
        if break_space {
            block_plain = false;
            single = false;
        }
        if space_break || special {
            block_plain = false;
            single = false;
            block = false;
        }
    }
    ScalarAnalysis {
        block_plain,
        single,
        block,
        multiline,
    }
}

/// A map key, written as go-yaml writes a simple key (never folded).
fn key_text(k: &str) -> String {
    let mut out = String::new();
    write_scalar(k, style_of(k, true), usize::MAX, 0, &mut out);
    out
}

/// Writes `s` in `style` after `out`'s last line, breaking at a space once the line
/// is past 80 columns (continuing at `indent`), as go-yaml's scalar writers do.
/// `column` is where `s` starts; `usize::MAX` for keys, which never break.
fn write_scalar(s: &str, style: Style, column: usize, indent: usize, out: &mut String) {
    let allow_breaks = column != usize::MAX;
    let mut column = if allow_breaks { column } else { 0 };
    let chars: Vec<char> = s.chars().collect();
    let newline = |out: &mut String, column: &mut usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', indent));
        *column = indent;
    };
    let put = |out: &mut String, text: &str, column: &mut usize| {
        out.push_str(text);
        *column += text.chars().count();
    };
    let mut spaces = false;
    match style {
        Style::Plain => {
            for (i, &c) in chars.iter().enumerate() {
                let next_space = chars.get(i + 1) == Some(&' ');
                if c == ' ' && allow_breaks && !spaces && column > BEST_WIDTH && !next_space {
                    newline(out, &mut column);
                } else {
                    put(out, c.encode_utf8(&mut [0; 4]), &mut column);
                }
                spaces = c == ' ';
            }
        }
        Style::Single => {
            put(out, "'", &mut column);
            let mut breaks = false;
            for (i, &c) in chars.iter().enumerate() {
                let next_space = chars.get(i + 1) == Some(&' ');
                let inner = i > 0 && i + 1 < chars.len();
                if is_break(c) {
                    // Only U+2028 and U+2029 get here (a newline asks for a block, and
                    // the other breaks are not printable): written as they are, and the
                    // text goes on at the indent.
                    out.push(c);
                    column = 0;
                    breaks = true;
                    continue;
                }
                if breaks && c != ' ' {
                    out.extend(std::iter::repeat_n(' ', indent.saturating_sub(column)));
                    column = column.max(indent);
                }
                breaks = false;
                if c == ' '
                    && allow_breaks
                    && !spaces
                    && column > BEST_WIDTH
                    && inner
                    && !next_space
                {
                    newline(out, &mut column);
                } else if c == '\'' {
                    put(out, "''", &mut column);
                } else {
                    put(out, c.encode_utf8(&mut [0; 4]), &mut column);
                }
                spaces = c == ' ';
            }
            put(out, "'", &mut column);
        }
        Style::Double => {
            put(out, "\"", &mut column);
            // go-yaml's `is_bom(value, i)` reads the first bytes whatever `i` is, so
            // after a leading BOM every character is escaped.
            let bom = s.starts_with('\u{FEFF}');
            for (i, &c) in chars.iter().enumerate() {
                let inner = i > 0 && i + 1 < chars.len();
                if bom || !is_printable(c) || is_break(c) || c == '"' || c == '\\' {
                    put(out, &escape(c), &mut column);
                    spaces = false;
                } else if c == ' ' {
                    if allow_breaks && !spaces && column > BEST_WIDTH && inner {
                        newline(out, &mut column);
                        if chars.get(i + 1) == Some(&' ') {
                            put(out, "\\", &mut column);
                        }
                    } else {
                        put(out, " ", &mut column);
                    }
                    spaces = true;
                } else {
                    put(out, c.encode_utf8(&mut [0; 4]), &mut column);
                    spaces = false;
                }
            }
            put(out, "\"", &mut column);
        }
        Style::Literal => {
            // yaml_emitter_write_block_scalar_hints: an indentation indicator when the
            // text starts with a space or a break, then the chomping indicator.
            out.push('|');
            if s.starts_with(|c: char| c == ' ' || is_break(c)) {
                out.push('2');
            }
            let trailing_breaks = chars.iter().rev().take_while(|c| is_break(**c)).count();
            out.push_str(match trailing_breaks {
                0 => "-",
                1 if chars.len() > 1 => "",
                _ => "+",
            });
            out.push('\n');
            let mut at_line_start = true;
            for &c in &chars {
                if is_break(c) {
                    out.push(c);
                    at_line_start = true;
                } else {
                    if at_line_start {
                        out.extend(std::iter::repeat_n(' ', indent));
                        at_line_start = false;
                    }
                    out.push(c);
                }
            }
            // The next line starts fresh whether or not the text ended in a break.
            if !at_line_start {
                out.push('\n');
            }
            return;
        }
    }
    if allow_breaks {
        out.push('\n');
    }
}

/// go-yaml's escape in a double-quoted scalar.
fn escape(c: char) -> String {
    let short = match c {
        '\0' => '0',
        '\u{7}' => 'a',
        '\u{8}' => 'b',
        '\t' => 't',
        '\n' => 'n',
        '\u{b}' => 'v',
        '\u{c}' => 'f',
        '\r' => 'r',
        '\u{1b}' => 'e',
        '"' => '"',
        '\\' => '\\',
        '\u{85}' => 'N',
        '\u{a0}' => '_',
        '\u{2028}' => 'L',
        '\u{2029}' => 'P',
        _ => {
            let v = c as u32;
            return match v {
                0..=0xFF => format!("\\x{v:02X}"),
                0x100..=0xFFFF => format!("\\u{v:04X}"),
                _ => format!("\\U{v:08X}"),
            };
        }
    };
    format!("\\{short}")
}

/// Writes a scalar value after `prefix` (`key: ` or `- `); block scalars and folded
/// lines continue at `indent`.
fn scalar_line(prefix: &str, v: &Value, indent: usize, out: &mut String) {
    out.push_str(prefix);
    let column = prefix.chars().count();
    match v {
        Value::String(s) => write_scalar(s, style_of(s, false), column, indent, out),
        Value::Null => out.push_str("null\n"),
        Value::Bool(b) => out.push_str(if *b { "true\n" } else { "false\n" }),
        Value::Number(n) => {
            out.push_str(&value::number_text(n));
            out.push('\n');
        }
        Value::Array(_) => out.push_str("[]\n"),
        Value::Object(_) => out.push_str("{}\n"),
    }
}

fn is_compound(v: &Value) -> bool {
    matches!(v, Value::Object(o) if !o.is_empty()) || matches!(v, Value::Array(a) if !a.is_empty())
}

fn emit(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(o) => {
            let mut pairs: Vec<(&String, &Value)> = o.iter().collect();
            crate::order::sort_by(&mut pairs, |a, b| a.0.cmp(b.0));
            for (k, child) in pairs {
                if k.len() > 128 || k.contains(is_break) {
                    // Not a simple key (yaml_emitter_check_simple_key): `? key`, then
                    // `: value`, each written as a value is.
                    out.push_str(&format!("{pad}? "));
                    write_scalar(k, style_of(k, false), indent + 2, indent + 2, out);
                    if is_compound(child) {
                        out.push_str(&format!("{pad}:\n"));
                        emit(child, indent + 2, out);
                    } else {
                        scalar_line(&format!("{pad}: "), child, indent + 2, out);
                    }
                    continue;
                }
                let key = key_text(k);
                if is_compound(child) {
                    out.push_str(&format!("{pad}{key}:\n"));
                    // go-yaml writes a sequence under a key at the key's own indent.
                    let child_indent = if matches!(child, Value::Array(_)) {
                        indent
                    } else {
                        indent + 2
                    };
                    emit(child, child_indent, out);
                } else {
                    scalar_line(&format!("{pad}{key}: "), child, indent + 2, out);
                }
            }
        }
        Value::Array(a) => {
            for item in a {
                if is_compound(item) {
                    let mut inner = String::new();
                    emit(item, indent + 2, &mut inner);
                    // Replace the first line's indentation with "- ".
                    let inner = inner.trim_start_matches(' ');
                    out.push_str(&format!("{pad}- {inner}"));
                } else {
                    scalar_line(&format!("{pad}- "), item, indent + 2, out);
                }
            }
        }
        other => scalar_line(&pad, other, indent, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_sexagesimals_are_go_yamls() {
        for s in [
            "2024-01-02",
            "2024-1-2",
            "2024-01-02T03:04:05Z",
            "2024-01-02t03:04:05.5+01:00",
            "2024-01-02 03:04:05",
        ] {
            assert!(super::super::yaml::is_timestamp(s), "{s}");
        }
        for s in [
            "2024-13-02",
            "2024-02-30",
            "2024-01-02x",
            "2024-01-02T03:04:05",
            "24-01-02",
            "2024-01-02 03:04:05Z",
        ] {
            assert!(!super::super::yaml::is_timestamp(s), "{s}");
        }
        for s in ["12:30", "1:20", "-1:2:3.5", "1_0:00"] {
            assert!(is_base60_float(s), "{s}");
        }
        for s in ["12:60", "a:1", "12:", ":12", "1:2x"] {
            assert!(!is_base60_float(s), "{s}");
        }
    }
}
