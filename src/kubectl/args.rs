//! Command-line words: a shell-like tokenizer, the flag vocabulary ([`Flag`], with
//! each flag's type, default and help), and a parser that reads a command's flags
//! from its [`CommandSpec`]. The command table itself, with each command's handler,
//! is `commands.rs`; parsing, help, completion and dispatch all read that one table.
//! Handlers read flags through [`Parsed`]'s typed getters, named by [`Flag`], so the
//! compiler checks every flag name. It must not run commands.

/// Every flag the playground's kubectl knows, by its long name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    All,
    AllNamespaces,
    Cascade,
    Client,
    Command,
    Container,
    CurrentReplicas,
    DryRun,
    Env,
    FieldSelector,
    Filename,
    Follow,
    For,
    Force,
    GracePeriod,
    Help,
    Image,
    LabelColumns,
    Labels,
    Limits,
    List,
    Local,
    Name,
    Namespaced,
    NodePort,
    NoHeaders,
    Validate,
    Namespace,
    Output,
    Overwrite,
    Patch,
    Port,
    Prefix,
    Protocol,
    Previous,
    Record,
    Replicas,
    Requests,
    Restart,
    Revision,
    SaveConfig,
    Selector,
    ServerSide,
    ShowLabels,
    Since,
    Tail,
    TargetPort,
    Tcp,
    Timeout,
    ToRevision,
    Type,
    Wait,
    Watch,
}

/// What a flag's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagType {
    /// `--x`, `--x=true|false`; takes no separate value.
    Bool,
    Text,
    /// May be given more than once (`-f a.yaml -f b.yaml`).
    Texts,
    /// pflag's `int` / `int64`: Go's `strconv.ParseInt(s, 0, 64)`.
    Int,
    /// pflag's `int32`: `strconv.ParseInt(s, 0, 32)`.
    Int32,
    /// Go duration syntax (`30s`, `2m`).
    Duration,
    /// pflag's `NoOptDefVal`: a bare `--x` means this value, and any other value
    /// must be joined to the flag (`--x=v`), never the next word.
    Optional(&'static str),
}

/// A flag a command accepts.
#[derive(Clone, Copy, Debug)]
pub struct FlagDef {
    pub flag: Flag,
    pub long: &'static str,
    pub short: Option<char>,
    pub ty: FlagType,
    /// The value when the flag is not given ("" for none), as `--help` shows it.
    pub default: &'static str,
    pub help: &'static str,
}

impl FlagDef {
    pub const fn new(
        flag: Flag,
        long: &'static str,
        short: Option<char>,
        ty: FlagType,
        default: &'static str,
        help: &'static str,
    ) -> FlagDef {
        FlagDef {
            flag,
            long,
            short,
            ty,
            default,
            help,
        }
    }

    /// Whether the next word is the flag's value when none is joined with `=`.
    pub fn takes_value(&self) -> bool {
        !matches!(self.ty, FlagType::Bool | FlagType::Optional(_))
    }

    /// The value of the bare flag (`--x`) when it takes none.
    fn bare_value(&self) -> &'static str {
        match self.ty {
            FlagType::Optional(v) => v,
            _ => "true",
        }
    }
}

/// A command's words, flags and one-line help (its row of the command table,
/// without the handler).
#[derive(Clone, Copy, Debug)]
pub struct CommandSpec {
    /// The words after `kubectl`, e.g. `rollout status`.
    pub path: &'static str,
    pub flags: &'static [FlagDef],
    pub help: &'static str,
}

/// Flags every command accepts.
pub const GLOBAL_FLAGS: &[FlagDef] = &[
    FlagDef::new(
        Flag::Namespace,
        "namespace",
        Some('n'),
        FlagType::Text,
        "default",
        "If present, the namespace scope for this CLI request",
    ),
    FlagDef::new(
        Flag::Help,
        "help",
        None,
        FlagType::Bool,
        "false",
        "help for the command",
    ),
];

/// Splits a command line into words: whitespace separated, with '...' and "..."
/// quoting and backslash escapes, as a POSIX shell would.
pub fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => cur.push(ch),
                        None => return Err("unterminated quoted string".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\' | '$' | '`')) => cur.push(ch),
                            Some(ch) => {
                                cur.push('\\');
                                cur.push(ch);
                            }
                            None => return Err("unterminated quoted string".into()),
                        },
                        Some(ch) => cur.push(ch),
                        None => return Err("unterminated quoted string".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(ch) = chars.next() {
                    cur.push(ch);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// A parsed command line.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// The command path, e.g. `rollout status`.
    pub command: String,
    /// Positional words after the command path.
    pub args: Vec<String>,
    /// Flags in the order given: (flag, long name, value as its type reads it).
    pub flags: Vec<(Flag, &'static str, FlagValue)>,
    /// Non-flag words in order, command words included (for `--record`).
    pub positionals: Vec<String>,
    /// `--dry-run` as kubectl's `GetDryRunStrategy` reads it, or the value it
    /// refuses (reported where kubectl reports it, after the namespace check).
    pub dry_run: Result<DryRun, String>,
    /// `-o`: the last value given, else the command's default printer.
    pub output: OutputFormat,
    /// The command's flags and the global ones (types and defaults).
    defs: Vec<FlagDef>,
}

impl Default for Parsed {
    fn default() -> Parsed {
        Parsed {
            command: String::new(),
            args: Vec::new(),
            flags: Vec::new(),
            positionals: Vec::new(),
            dry_run: Ok(DryRun::None),
            output: OutputFormat::Default,
            defs: Vec::new(),
        }
    }
}

/// A flag's value as its type reads it (pflag), checked by the parser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlagValue {
    Bool(bool),
    Int(i64),
    /// A Go duration, with the text given (what `--record` writes).
    Duration {
        ms: u64,
        text: String,
    },
    Text(String),
}

impl FlagValue {
    /// pflag's `Value.String()`: what `--record` writes into the change-cause.
    pub fn to_text(&self) -> String {
        match self {
            FlagValue::Bool(b) => b.to_string(),
            FlagValue::Int(n) => n.to_string(),
            FlagValue::Duration { text, .. } | FlagValue::Text(text) => text.clone(),
        }
    }
}

/// `--dry-run`'s strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DryRun {
    None,
    Client,
    Server,
}

impl DryRun {
    /// As kubectl's `GetDryRunStrategy` reads the flag's value. The bare flag and
    /// the booleans are kubectl's deprecated spellings (`--dry-run` and `true` are
    /// client); anything else is refused in kubectl's words.
    pub fn from_flag(value: Option<&str>) -> Result<DryRun, String> {
        match value.unwrap_or("none") {
            "" | "none" | "false" => Ok(DryRun::None),
            "unchanged" | "client" | "true" => Ok(DryRun::Client),
            "server" => Ok(DryRun::Server),
            v => Err(format!(
                "Invalid dry-run value ({v}). Must be \"none\", \"server\", or \"client\"."
            )),
        }
    }

    /// What a dry run's printer adds to each operation line.
    pub fn suffix(self) -> &'static str {
        match self {
            DryRun::None => "",
            DryRun::Client => " (dry run)",
            DryRun::Server => " (server dry run)",
        }
    }
}

/// `-o`'s printer. Which ones a command accepts, and its words for the others,
/// are the command's (`get` and the writes differ); `Other` keeps the text for them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// No `-o`: the command's own lines (a table, `deployment.apps/x created`).
    Default,
    Wide,
    Yaml,
    Json,
    Name,
    Other(String),
}

impl OutputFormat {
    pub fn from_flag(value: Option<&str>) -> OutputFormat {
        match value {
            None | Some("") => OutputFormat::Default,
            Some("wide") => OutputFormat::Wide,
            Some("yaml") => OutputFormat::Yaml,
            Some("json") => OutputFormat::Json,
            Some("name") => OutputFormat::Name,
            Some(other) => OutputFormat::Other(other.to_string()),
        }
    }

    /// The text as typed ("" for the default).
    pub fn as_str(&self) -> &str {
        match self {
            OutputFormat::Default => "",
            OutputFormat::Wide => "wide",
            OutputFormat::Yaml => "yaml",
            OutputFormat::Json => "json",
            OutputFormat::Name => "name",
            OutputFormat::Other(s) => s,
        }
    }
}

impl Parsed {
    fn def(&self, flag: Flag) -> Option<&FlagDef> {
        let def = self.defs.iter().find(|d| d.flag == flag);
        debug_assert!(
            def.is_some(),
            "{} reads --{flag:?}, which it does not declare",
            self.command
        );
        def
    }

    /// The last value given on the command line, if any, typed.
    pub fn value(&self, flag: Flag) -> Option<&FlagValue> {
        self.flags
            .iter()
            .rev()
            .find(|(f, _, _)| *f == flag)
            .map(|(_, _, v)| v)
    }

    /// The last value a text flag was given, if any.
    pub fn given(&self, flag: Flag) -> Option<&str> {
        match self.value(flag)? {
            FlagValue::Text(s) => Some(s),
            other => {
                debug_assert!(false, "--{flag:?} is not a text flag: {other:?}");
                None
            }
        }
    }

    /// The value given, else the flag's default ("" when it has none).
    pub fn text(&self, flag: Flag) -> &str {
        self.given(flag)
            .or_else(|| self.def(flag).map(|d| d.default))
            .unwrap_or("")
    }

    /// Every value of a repeatable flag, in order.
    pub fn texts(&self, flag: Flag) -> Vec<&str> {
        self.flags
            .iter()
            .filter(|(f, _, _)| *f == flag)
            .filter_map(|(_, _, v)| match v {
                FlagValue::Text(s) => Some(s.as_str()),
                _ => None,
            })
            .collect()
    }

    /// A boolean flag: `--x` and `--x=true` are true, `--x=false` is false, absent
    /// is its default.
    pub fn bool(&self, flag: Flag) -> bool {
        match self.value(flag) {
            Some(FlagValue::Bool(b)) => *b,
            _ => self.def(flag).is_some_and(|d| d.default == "true"),
        }
    }

    /// An integer flag as given (the parser has checked it, as pflag does), or
    /// `None` when absent.
    pub fn int(&self, flag: Flag) -> Option<i64> {
        match self.value(flag)? {
            FlagValue::Int(n) => Some(*n),
            _ => None,
        }
    }

    /// A duration flag in milliseconds (checked by the parser), or `None`.
    pub fn duration_ms(&self, flag: Flag) -> Option<u64> {
        match self.value(flag)? {
            FlagValue::Duration { ms, .. } => Some(*ms),
            _ => None,
        }
    }

    /// The change-cause `--record` writes: the program, the positional words, then
    /// each flag as `--name=value`.
    pub fn change_cause(&self) -> String {
        let mut s = String::from("kubectl");
        for p in &self.positionals {
            s.push(' ');
            s.push_str(p);
        }
        for (_, k, v) in &self.flags {
            s.push_str(&format!(" --{k}={}", v.to_text()));
        }
        s
    }
}

/// Errors from parsing, already in kubectl's words (without the `error: ` prefix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    UnknownCommand {
        word: String,
        parent: Option<String>,
        suggestion: Option<String>,
    },
    UnknownFlag {
        flag: String,
        command: String,
    },
    UnknownShorthand {
        flag: char,
        word: String,
        command: String,
    },
    MissingValue {
        flag: String,
        command: String,
    },
    /// A value the flag's type refuses, in pflag's words: `flag` is how pflag names
    /// it (`-r, --replicas`), `why` strconv's or time's reason.
    InvalidValue {
        value: String,
        flag: String,
        why: String,
        command: String,
    },
    NoCommand,
}

/// Top-level words, in the order the table lists them.
pub fn top_level_commands(commands: &[&CommandSpec]) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    for c in commands {
        let first = c.path.split(' ').next().unwrap_or(c.path);
        if !v.contains(&first) {
            v.push(first);
        }
    }
    v
}

/// Parses the words after `kubectl` against the command table's `commands`.
pub fn parse(words: &[String], commands: &[&CommandSpec]) -> Result<Parsed, ParseError> {
    let command = command_path(words, commands)?;
    let defs: Vec<FlagDef> = commands
        .iter()
        .find(|c| c.path == command)
        .map_or(&[][..], |c| c.flags)
        .iter()
        .chain(GLOBAL_FLAGS)
        .copied()
        .collect();
    let mut out = Parsed {
        command: command.clone(),
        defs: defs.clone(),
        ..Default::default()
    };
    let cmd_words = command.split(' ').count();
    let mut seen_cmd_words = 0;
    // The first flag value its type refuses; reported once the command's words
    // are known (`create deployment`), as cobra does.
    let mut invalid: Option<(&FlagDef, String, String)> = None;
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if w == "--" {
            out.args.extend(words[i..].iter().cloned());
            out.positionals.extend(words[i..].iter().cloned());
            break;
        }
        let (def, value) = if let Some(body) = w.strip_prefix("--") {
            long_flag(body, words, &mut i, &defs, &command)?
        } else if w.len() > 1 && w.starts_with('-') {
            short_flag(w, words, &mut i, &defs, &command)?
        } else {
            out.positionals.push(w.clone());
            if seen_cmd_words < cmd_words {
                seen_cmd_words += 1;
            } else {
                out.args.push(w.clone());
            }
            continue;
        };
        match checked(def, value) {
            Ok(value) => out.flags.push((def.flag, def.long, value)),
            Err((value, why)) => {
                invalid.get_or_insert((def, value, why));
            }
        }
    }
    if let Some((def, value, why)) = invalid {
        return Err(invalid_value(&out, def, value, why));
    }
    out.dry_run = DryRun::from_flag(out.given(Flag::DryRun));
    out.output = OutputFormat::from_flag(out.given(Flag::Output));
    Ok(out)
}

/// The command path (`rollout status`) from the words that are not flags, or
/// cobra's error for an unknown command or subcommand.
fn command_path(words: &[String], commands: &[&CommandSpec]) -> Result<String, ParseError> {
    let non_flags: Vec<&String> = words.iter().filter(|w| !w.starts_with('-')).collect();
    let Some(first) = non_flags.first() else {
        return Err(ParseError::NoCommand);
    };
    let tops = top_level_commands(commands);
    if !tops.contains(&first.as_str()) {
        return Err(ParseError::UnknownCommand {
            word: first.to_string(),
            parent: None,
            suggestion: suggest(first, &tops),
        });
    }
    let command = first.to_string();
    let subs: Vec<&str> = commands
        .iter()
        .filter_map(|c| c.path.strip_prefix(&format!("{command} ")))
        .collect();
    if subs.is_empty() {
        return Ok(command);
    }
    match non_flags.get(1) {
        Some(w) if subs.contains(&w.as_str()) => Ok(format!("{command} {w}")),
        // cobra names every argument after the parent (`DefaultSubCommandRun`).
        Some(_) => {
            let words: Vec<&str> = non_flags[1..].iter().map(|w| w.as_str()).collect();
            Err(ParseError::UnknownCommand {
                word: words.join(" "),
                parent: Some(command),
                suggestion: None,
            })
        }
        None => Err(ParseError::UnknownCommand {
            word: String::new(),
            parent: Some(command),
            suggestion: None,
        }),
    }
}

/// `--name`, `--name=value` or `--name value` (the word at `*i`, then consumed).
fn long_flag<'d>(
    body: &str,
    words: &[String],
    i: &mut usize,
    defs: &'d [FlagDef],
    command: &str,
) -> Result<(&'d FlagDef, String), ParseError> {
    let (name, inline) = match body.split_once('=') {
        Some((n, v)) => (n, Some(v.to_string())),
        None => (body, None),
    };
    let Some(def) = defs.iter().find(|d| d.long == name) else {
        let (flag, command) = (format!("--{name}"), command.to_string());
        return Err(ParseError::UnknownFlag { flag, command });
    };
    if !def.takes_value() {
        return Ok((def, inline.unwrap_or_else(|| def.bare_value().to_string())));
    }
    if let Some(v) = inline {
        return Ok((def, v));
    }
    let Some(v) = words.get(*i) else {
        let (flag, command) = (format!("--{name}"), command.to_string());
        return Err(ParseError::MissingValue { flag, command });
    };
    *i += 1;
    Ok((def, v.clone()))
}

/// `-x`, `-xVALUE`, `-x=VALUE` or `-x VALUE` (the word at `*i`, then consumed).
fn short_flag<'d>(
    w: &str,
    words: &[String],
    i: &mut usize,
    defs: &'d [FlagDef],
    command: &str,
) -> Result<(&'d FlagDef, String), ParseError> {
    let body = &w[1..];
    let c = body.chars().next().unwrap_or('-');
    let Some(def) = defs.iter().find(|d| d.short == Some(c)) else {
        let (word, command) = (w.to_string(), command.to_string());
        return Err(ParseError::UnknownShorthand {
            flag: c,
            word,
            command,
        });
    };
    let rest = &body[c.len_utf8()..];
    if !def.takes_value() {
        // pflag: `-w=false` gives a boolean shorthand its value.
        let value = rest.strip_prefix('=').unwrap_or("true");
        return Ok((def, value.to_string()));
    }
    if !rest.is_empty() {
        return Ok((def, rest.strip_prefix('=').unwrap_or(rest).to_string()));
    }
    let Some(v) = words.get(*i) else {
        // pflag names a shorthand by its letter and the word.
        let flag = format!("'{}' in {w}", &body[..c.len_utf8()]);
        return Err(ParseError::MissingValue {
            flag,
            command: command.to_string(),
        });
    };
    *i += 1;
    Ok((def, v.clone()))
}

/// pflag's error for a value its type refuses, named as cobra names the command.
fn invalid_value(out: &Parsed, def: &FlagDef, value: String, why: String) -> ParseError {
    // `kubectl create deployment` is its own command in kubectl.
    let command = match out.args.first().map(String::as_str) {
        Some("deployment" | "deploy") if out.command == "create" => "create deployment".into(),
        _ => out.command.clone(),
    };
    let flag = match def.short {
        Some(c) => format!("-{c}, --{}", def.long),
        None => format!("--{}", def.long),
    };
    ParseError::InvalidValue {
        value,
        flag,
        why,
        command,
    }
}

/// A flag's value as its type reads it (pflag); `Err((value, why))` in strconv's
/// or time's words.
fn checked(def: &FlagDef, value: String) -> Result<FlagValue, (String, String)> {
    match def.ty {
        FlagType::Bool => match value.as_str() {
            "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(FlagValue::Bool(true)),
            "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(FlagValue::Bool(false)),
            _ => {
                let why = format!(
                    "strconv.ParseBool: parsing {}: invalid syntax",
                    go_quote(&value)
                );
                Err((value, why))
            }
        },
        FlagType::Int | FlagType::Int32 => {
            let bits = if def.ty == FlagType::Int { 64 } else { 32 };
            match parse_go_int(&value, bits) {
                Ok(n) => Ok(FlagValue::Int(n)),
                Err(e) => {
                    let why = format!("strconv.ParseInt: parsing {}: {e}", go_quote(&value));
                    Err((value, why))
                }
            }
        }
        FlagType::Duration => match parse_duration_ms(&value) {
            Ok(ms) => Ok(FlagValue::Duration { ms, text: value }),
            Err(why) => Err((value, why)),
        },
        FlagType::Text | FlagType::Texts | FlagType::Optional(_) => Ok(FlagValue::Text(value)),
    }
}

/// Go's `%q` of a string the user typed. Rust's `{:?}` writes the same for what a
/// command line holds (printable text, `\"`, `\\`, `\n`, `\t`).
pub fn go_quote(s: &str) -> String {
    format!("{s:?}")
}

/// Go's `strconv.ParseInt(s, 0, bits)`: an optional sign, then `0x`/`0o`/`0b` or
/// a leading `0` (octal) or decimal digits, with `_` between digits; the error is
/// `invalid syntax` or `value out of range`.
pub fn parse_go_int(s: &str, bits: u32) -> Result<i64, &'static str> {
    const SYNTAX: &str = "invalid syntax";
    const RANGE: &str = "value out of range";
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return Err(SYNTAX);
    }
    let lower = body.to_ascii_lowercase();
    let (base, digits, prefixed) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d, true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d, true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d, true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..], true)
    } else {
        (10, lower.as_str(), false)
    };
    // Underscores only between digits (a base prefix counts as a digit).
    let mut last = if prefixed { '0' } else { '^' };
    for c in digits.chars() {
        last = match c {
            '_' if last == '0' => '_',
            '_' => return Err(SYNTAX),
            _ => '0',
        };
    }
    if last == '_' || (digits.is_empty() && base != 8) {
        return Err(SYNTAX);
    }
    let mut n: u64 = 0;
    let mut overflow = false;
    for c in digits.chars().filter(|c| *c != '_') {
        // Go reads on after an overflow, so a bad digit is a syntax error first.
        let d = c.to_digit(base).ok_or(SYNTAX)? as u64;
        match n.checked_mul(base as u64).and_then(|m| m.checked_add(d)) {
            Some(m) => n = m,
            None => overflow = true,
        }
    }
    let limit = 1u64 << (bits - 1);
    if overflow || (!neg && n >= limit) || (neg && n > limit) {
        return Err(RANGE);
    }
    Ok(if neg {
        (n as i64).wrapping_neg()
    } else {
        n as i64
    })
}

/// Cobra's "Did you mean this?": a known word within edit distance 2.
fn suggest(word: &str, known: &[&str]) -> Option<String> {
    known
        .iter()
        .filter(|k| levenshtein(word, k) <= 2)
        .min_by_key(|k| levenshtein(word, k))
        .map(|s| s.to_string())
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Go duration syntax (`500ms`, `30s`, `2m`, `1h30m`, `1.5h`) to milliseconds.
pub fn parse_duration_ms(s: &str) -> Result<u64, String> {
    let bad = || format!("time: invalid duration {s:?}");
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(bad());
    }
    let mut total: f64 = 0.0;
    let mut rest = s;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return Err(bad());
        }
        let n = crate::num::parse_f64(&rest[..num_len]).ok_or_else(bad)?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let ms = match unit {
            "ns" => 1e-6,
            "us" | "µs" => 1e-3,
            "ms" => 1.0,
            "s" => 1_000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            "" => return Err(format!("time: missing unit in duration {s:?}")),
            _ => return Err(format!("time: unknown unit {unit:?} in duration {s:?}")),
        };
        total += n * ms;
        if !total.is_finite() || total > 1e15 {
            return Err(format!("time: invalid duration {s:?}"));
        }
    }
    Ok(total.round() as u64)
}
