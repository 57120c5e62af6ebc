//! Command-line words: a shell-like tokenizer and a flag parser driven by one table
//! of commands and flags ([`COMMANDS`]), which also feeds help and tab completion.

/// A flag a command accepts.
#[derive(Clone, Copy, Debug)]
pub struct FlagDef {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes_value: bool,
}

const fn val(long: &'static str, short: Option<char>) -> FlagDef {
    FlagDef {
        long,
        short,
        takes_value: true,
    }
}
const fn flag(long: &'static str) -> FlagDef {
    FlagDef {
        long,
        short: None,
        takes_value: false,
    }
}

/// Flags every command accepts.
pub const GLOBAL_FLAGS: &[FlagDef] = &[val("namespace", Some('n')), flag("help")];

/// (command path, flags, one-line help). The path is the words after `kubectl`.
pub const COMMANDS: &[(&str, &[FlagDef], &str)] = &[
    (
        "apply",
        &[
            val("filename", Some('f')),
            flag("record"),
            val("dry-run", None),
            flag("server-side"),
        ],
        "Apply a configuration to a resource by file name",
    ),
    (
        "create",
        &[
            val("filename", Some('f')),
            flag("record"),
            flag("save-config"),
            val("image", None),
            val("replicas", None),
            val("port", None),
        ],
        "Create a resource from a file or a deployment from an image",
    ),
    (
        "get",
        &[
            val("output", Some('o')),
            val("selector", Some('l')),
            flag("show-labels"),
            flag("all-namespaces"),
            val("label-columns", Some('L')),
            flag("watch"),
        ],
        "Display one or many resources",
    ),
    (
        "describe",
        &[val("selector", Some('l'))],
        "Show details of a specific resource or group of resources",
    ),
    (
        "delete",
        &[
            val("filename", Some('f')),
            val("selector", Some('l')),
            val("grace-period", None),
            flag("force"),
            flag("wait"),
            flag("all"),
        ],
        "Delete resources by file names, resource and names, or by label selector",
    ),
    (
        "set image",
        &[flag("record"), flag("all")],
        "Update the image of a pod template",
    ),
    (
        "scale",
        &[
            val("replicas", None),
            flag("record"),
            val("current-replicas", None),
        ],
        "Set a new size for a deployment",
    ),
    (
        "annotate",
        &[flag("overwrite"), flag("record")],
        "Update the annotations on a resource",
    ),
    (
        "edit",
        &[flag("record"), val("output", Some('o'))],
        "Edit a resource on the server",
    ),
    (
        "logs",
        &[
            val("container", Some('c')),
            flag("previous"),
            val("tail", None),
            flag("follow"),
        ],
        "Print the logs for a container in a pod",
    ),
    (
        "rollout status",
        &[val("timeout", None), flag("watch"), val("revision", None)],
        "Show the status of the rollout",
    ),
    (
        "rollout history",
        &[val("revision", None), val("output", Some('o'))],
        "View rollout history",
    ),
    (
        "rollout undo",
        &[val("to-revision", None), val("dry-run", None)],
        "Undo a previous rollout",
    ),
    ("rollout pause", &[], "Mark the provided resource as paused"),
    ("rollout resume", &[], "Resume a paused resource"),
    ("rollout restart", &[], "Restart a resource"),
    (
        "version",
        &[flag("client"), val("output", Some('o'))],
        "Print the client and server version information",
    ),
    ("cluster-info", &[], "Display cluster information"),
];

/// Top-level words, in the order `kubectl help` lists them.
pub fn top_level_commands() -> Vec<&'static str> {
    let mut v: Vec<&str> = Vec::new();
    for (path, _, _) in COMMANDS {
        let first = path.split(' ').next().unwrap_or(path);
        if !v.contains(&first) {
            v.push(first);
        }
    }
    v
}

pub fn command_flags(path: &str) -> Option<&'static [FlagDef]> {
    COMMANDS
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, f, _)| *f)
}

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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The command path, e.g. `rollout status`.
    pub command: String,
    /// Positional words after the command path.
    pub args: Vec<String>,
    /// Flags in the order given: (long name, value; booleans get "true").
    pub flags: Vec<(String, String)>,
    /// Non-flag words in order, command words included (for `--record`).
    pub positionals: Vec<String>,
}

impl Parsed {
    pub fn get(&self, long: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(k, _)| k == long)
            .map(|(_, v)| v.as_str())
    }

    pub fn all(&self, long: &str) -> Vec<&str> {
        self.flags
            .iter()
            .filter(|(k, _)| k == long)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A boolean flag: absent is false; `--x`, `--x=true` are true.
    pub fn bool(&self, long: &str) -> bool {
        matches!(self.get(long), Some(v) if v != "false")
    }

    /// The change-cause `--record` writes: the program, the positional words, then
    /// each flag as `--name=value`.
    pub fn change_cause(&self) -> String {
        let mut s = String::from("kubectl");
        for p in &self.positionals {
            s.push(' ');
            s.push_str(p);
        }
        for (k, v) in &self.flags {
            s.push_str(&format!(" --{k}={v}"));
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
    Tokenize(String),
    NoCommand,
}

/// Parses the words after `kubectl`.
pub fn parse(words: &[String]) -> Result<Parsed, ParseError> {
    // Find the command path from the non-flag words.
    let non_flags: Vec<&String> = words.iter().filter(|w| !w.starts_with('-')).collect();
    let Some(first) = non_flags.first() else {
        return Err(ParseError::NoCommand);
    };
    let tops = top_level_commands();
    if !tops.contains(&first.as_str()) {
        return Err(ParseError::UnknownCommand {
            word: first.to_string(),
            parent: None,
            suggestion: suggest(first, &tops),
        });
    }
    let mut command = first.to_string();
    let subs: Vec<&str> = COMMANDS
        .iter()
        .filter_map(|(p, _, _)| p.strip_prefix(&format!("{command} ")))
        .collect();
    if !subs.is_empty() {
        match non_flags.get(1) {
            Some(w) if subs.contains(&w.as_str()) => command = format!("{command} {w}"),
            Some(w) if first.as_str() == "rollout" => {
                return Err(ParseError::UnknownCommand {
                    word: w.to_string(),
                    parent: Some(command),
                    suggestion: None,
                })
            }
            Some(w) => {
                return Err(ParseError::UnknownCommand {
                    word: w.to_string(),
                    parent: Some(command),
                    suggestion: None,
                })
            }
            None => {
                return Err(ParseError::UnknownCommand {
                    word: String::new(),
                    parent: Some(command),
                    suggestion: None,
                })
            }
        }
    }
    let defs: Vec<FlagDef> = command_flags(&command)
        .unwrap_or(&[])
        .iter()
        .chain(GLOBAL_FLAGS)
        .copied()
        .collect();
    let mut out = Parsed {
        command: command.clone(),
        ..Default::default()
    };
    let cmd_words = command.split(' ').count();
    let mut seen_cmd_words = 0;
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if w == "--" {
            for rest in &words[i..] {
                out.args.push(rest.clone());
                out.positionals.push(rest.clone());
            }
            break;
        }
        if let Some(body) = w.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let Some(def) = defs.iter().find(|d| d.long == name) else {
                return Err(ParseError::UnknownFlag {
                    flag: format!("--{name}"),
                    command: command.clone(),
                });
            };
            let value = if def.takes_value {
                match inline {
                    Some(v) => v,
                    None => {
                        let Some(v) = words.get(i) else {
                            return Err(ParseError::MissingValue {
                                flag: name.to_string(),
                                command: command.clone(),
                            });
                        };
                        i += 1;
                        v.clone()
                    }
                }
            } else {
                inline.unwrap_or_else(|| "true".to_string())
            };
            out.flags.push((def.long.to_string(), value));
        } else if w.len() > 1 && w.starts_with('-') {
            let body = &w[1..];
            let c = body.chars().next().unwrap_or('-');
            let Some(def) = defs.iter().find(|d| d.short == Some(c)) else {
                return Err(ParseError::UnknownShorthand {
                    flag: c,
                    word: w.clone(),
                    command: command.clone(),
                });
            };
            let rest = &body[c.len_utf8()..];
            let value = if def.takes_value {
                if !rest.is_empty() {
                    rest.strip_prefix('=').unwrap_or(rest).to_string()
                } else {
                    let Some(v) = words.get(i) else {
                        return Err(ParseError::MissingValue {
                            flag: def.long.to_string(),
                            command: command.clone(),
                        });
                    };
                    i += 1;
                    v.clone()
                }
            } else {
                "true".to_string()
            };
            out.flags.push((def.long.to_string(), value));
        } else {
            out.positionals.push(w.clone());
            if seen_cmd_words < cmd_words {
                seen_cmd_words += 1;
            } else {
                out.args.push(w.clone());
            }
        }
    }
    Ok(out)
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
