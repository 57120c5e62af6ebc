//! One console or script line, parsed once: a shell built-in (`sleep`, `clear`, a
//! comment) or a kubectl command parsed against the table, with what the rest of
//! the program asks of it (the files it reads, whether it changes the cluster). The
//! web console, `kubesim` scripts, the journal and time travel all read this one
//! parse; none of them scans the words again. It must not run anything.

use super::args::{self, Flag, ParseError, Parsed};
use super::commands::{self, Command};
use super::script::MAX_SLEEP_MS;

/// A parsed line.
#[derive(Clone, Debug)]
pub enum Line {
    /// Blank, or a `#` comment.
    Nothing,
    /// `clear`: the page empties its console; a script has no screen to clear.
    Clear,
    /// `sleep DURATION`: simulated milliseconds, or the error to print.
    Sleep(Result<u64, String>),
    /// `kubectl ...`, ready to run.
    Kubectl(Invocation),
    /// A line kubectl (or the shell) answers before running anything: the
    /// tokenizer's error, another program, help, or a parse error.
    Refused(Refusal),
}

/// A kubectl command parsed against its row of the command table.
#[derive(Clone, Debug)]
pub struct Invocation {
    pub parsed: Parsed,
    pub row: &'static Command,
}

/// Why a line runs nothing (each is printed by `kubectl::execute`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    Tokenize(String),
    /// The first word is not `kubectl`.
    NotKubectl(String),
    /// `kubectl`, `kubectl help`, `kubectl --help`: the command list.
    Help,
    Parse(ParseError),
}

/// Parses one line (leading and trailing blanks ignored).
pub fn parse_line(line: &str) -> Line {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Line::Nothing;
    }
    if line == "clear" {
        return Line::Clear;
    }
    if let Some(sleep) = sleep_ms(line) {
        return Line::Sleep(sleep);
    }
    let words = match args::tokenize(line) {
        Ok(w) => w,
        Err(e) => return Line::Refused(Refusal::Tokenize(e)),
    };
    match words.first().map(String::as_str) {
        Some("kubectl") => {}
        Some(other) => return Line::Refused(Refusal::NotKubectl(other.to_string())),
        None => return Line::Nothing,
    }
    let rest = &words[1..];
    if rest.is_empty()
        || rest.iter().all(|w| w == "--help" || w == "-h")
        || rest.first().map(String::as_str) == Some("help")
    {
        return Line::Refused(Refusal::Help);
    }
    match args::parse(rest, &commands::specs()) {
        Ok(parsed) => match commands::find(&parsed.command) {
            Some(row) => Line::Kubectl(Invocation { parsed, row }),
            None => Line::Refused(Refusal::Parse(ParseError::UnknownCommand {
                word: parsed.command,
                parent: None,
                suggestion: None,
            })),
        },
        Err(e) => Line::Refused(Refusal::Parse(e)),
    }
}

/// A `sleep DURATION` line: None when the line is not a sleep; else the simulated
/// milliseconds, or the error to print.
pub fn sleep_ms(line: &str) -> Option<Result<u64, String>> {
    let arg = line.strip_prefix("sleep")?;
    if !(arg.is_empty() || arg.starts_with(' ')) {
        return None;
    }
    let arg = arg.trim();
    Some(match args::parse_duration_ms(arg) {
        Ok(ms) if ms <= MAX_SLEEP_MS => Ok(ms),
        Ok(_) => Err(format!(
            "sleep: {arg}: longer than the playground's limit of 720h"
        )),
        Err(e) => Err(format!("sleep: {e}")),
    })
}

impl Line {
    /// Whether the line can change the cluster or its clock: `false` for reading
    /// commands (`get`, `describe`, `logs`, `rollout history`, `version`,
    /// `--help`), for dry runs and `--local`, for lines kubectl refuses before
    /// running anything, and for the shell's own lines (a sleep is not journaled).
    pub fn changes_cluster(&self) -> bool {
        match self {
            Line::Kubectl(i) => i.changes_cluster(),
            _ => false,
        }
    }

    /// Every file the line reads (`-f a.yaml -fb.yaml --filename=c.yaml`), in order,
    /// without a leading `./`.
    pub fn files(&self) -> Vec<&str> {
        match self {
            Line::Kubectl(i) => i.files(),
            _ => Vec::new(),
        }
    }

    /// Whether the console journals the line (every kubectl line; time passing and
    /// a cleared screen are not commands).
    pub fn journaled(&self) -> bool {
        !matches!(self, Line::Nothing | Line::Clear | Line::Sleep(_))
    }
}

impl Invocation {
    pub fn changes_cluster(&self) -> bool {
        let p = &self.parsed;
        self.row.changes
            && !p.bool(Flag::Help)
            && p.value(Flag::Local) != Some(&args::FlagValue::Bool(true))
            && p.dry_run == Ok(args::DryRun::None)
    }

    pub fn files(&self) -> Vec<&str> {
        self.parsed
            .texts(Flag::Filename)
            .into_iter()
            .map(|f| f.trim_start_matches("./"))
            .collect()
    }
}
