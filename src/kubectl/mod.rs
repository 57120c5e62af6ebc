//! kubectl over the simulated cluster: parse a command line, validate, run it against
//! [`Sim`], print what kubectl v1.33 prints (kubectl-formats.md). Each command is
//! parse -> validate -> run, and a command that fails changes nothing.
//!
//! Where things are: the command table (path, typed flags, help, handler) is
//! [`commands`]; the tokenizer, flag vocabulary and parser [`args`]; completion
//! [`complete`]; handlers by verb family in `apply` (apply, create, delete), `get`
//! (get, describe, logs, version), `edit` (set image, scale, annotate, edit) and
//! `rollout`; naming objects and selectors in `resources`; the printers
//! [`printers`]; `kubesim` scripts [`script`].
//!
//! It must not know the browser or the terminal: output is returned as ordered
//! stdout/stderr chunks, files come through [`Files`].

pub mod args;
pub mod commands;
pub mod complete;
pub mod follow;
pub mod printers;
pub mod script;

mod apply;
mod edit;
mod get;
mod output;
mod resources;
mod rollout;

pub use apply::{invalid_text, manifest_error_text};
pub use follow::{rollout_status_message, ROLLOUT_STATUS_MAX_WAIT_MS};
pub use get::KUBECTL_VERSION;
pub use output::{Files, Follow, NoFiles, Output, Stream};
pub use resources::{selector_matches_str, Kind};

use crate::sim::Sim;
use args::{Flag, ParseError};

/// Runs one command line (`kubectl ...`) against the cluster.
pub fn run(sim: &mut Sim, files: &dyn Files, line: &str) -> Output {
    let mut out = Output::default();
    let words = match args::tokenize(line) {
        Ok(w) => w,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    match words.first().map(String::as_str) {
        Some("kubectl") => {}
        Some(other) => {
            out.fail(format!("unknown command {other:?}: the playground runs kubectl commands (try \"kubectl help\")"));
            return out;
        }
        None => return out,
    }
    let rest = &words[1..];
    if rest.is_empty()
        || rest.iter().all(|w| w == "--help" || w == "-h")
        || rest.first().map(String::as_str) == Some("help")
    {
        out.out(commands::help_text());
        return out;
    }
    let parsed = match args::parse(rest, &commands::specs()) {
        Ok(p) => p,
        Err(e) => {
            parse_error(&mut out, e);
            return out;
        }
    };
    if parsed.bool(Flag::Help) {
        out.out(commands::command_help(&parsed.command));
        return out;
    }
    if let Some(ns) = parsed.given(Flag::Namespace) {
        if ns != "default" {
            if parsed.command == "get" || parsed.command == "describe" {
                out.err(format!("No resources found in {ns} namespace.\n"));
            } else {
                out.fail(format!(
                    "the playground has only the \"default\" namespace (got {ns:?})"
                ));
            }
            return out;
        }
    }
    if let Some(warning) = dry_run_warning(&parsed, sim.now_ms()) {
        out.err(warning);
    }
    match commands::find(&parsed.command) {
        Some(c) => match dry_run(&parsed) {
            Err(e) => out.fail(e),
            // A dry run: the cluster validates and answers but changes nothing
            // (`Sim::dry_run`); its operation lines say so, as kubectl's printer
            // does. `rollout undo` prints its own (the template it would restore).
            Ok(Some(suffix)) if parsed.command != "rollout undo" => {
                sim.dry_run = true;
                (c.run)(sim, files, &parsed, &mut out);
                sim.dry_run = false;
                if parsed.given(Flag::Output).is_none() {
                    mark_dry_run(&mut out, suffix);
                }
            }
            _ => (c.run)(sim, files, &parsed, &mut out),
        },
        None => out.fail(format!(
            "unknown command {:?} for \"kubectl\"",
            parsed.command
        )),
    }
    out
}

/// `--dry-run`'s strategy as kubectl's `GetDryRunStrategy` reads it: "none",
/// "client" or "server", or the value it refuses. The bare flag and the booleans
/// are kubectl's deprecated spellings (`--dry-run` and `true` are client).
pub(crate) fn dry_run_mode(p: &args::Parsed) -> &str {
    // `given`, not `text`: this is read for every command, most without the flag.
    match p.given(Flag::DryRun).unwrap_or("none") {
        "" | "none" | "false" => "none",
        "unchanged" | "client" | "true" => "client",
        other => other,
    }
}

/// The suffix a dry run's printer adds, or None for a real run.
fn dry_run(p: &args::Parsed) -> Result<Option<&'static str>, String> {
    match dry_run_mode(p) {
        "none" => Ok(None),
        "client" => Ok(Some(" (dry run)")),
        "server" => Ok(Some(" (server dry run)")),
        v => Err(format!(
            "Invalid dry-run value ({v}). Must be \"none\", \"server\", or \"client\"."
        )),
    }
}

/// The warning kubectl logs (through klog, on stderr) for a deprecated `--dry-run`
/// spelling. klog's header holds the time and kubectl's process ID: here the
/// simulated time and a fixed ID.
fn dry_run_warning(p: &args::Parsed, now_ms: crate::sim::TimeMs) -> Option<String> {
    let (line, message) = match p.given(Flag::DryRun)? {
        "unchanged" => (703, "--dry-run is deprecated and can be replaced with --dry-run=client."),
        "true" => (717, "--dry-run=true is deprecated (boolean value) and can be replaced with --dry-run=client."),
        "false" => (720, "--dry-run=false is deprecated (boolean value) and can be replaced with --dry-run=none."),
        _ => return None,
    };
    let stamp = crate::manifest::time::rfc3339(now_ms);
    let (month_day, clock) = (format!("{}{}", &stamp[5..7], &stamp[8..10]), &stamp[11..19]);
    Some(format!(
        "W{month_day} {clock}.{:06} {:>7} helpers.go:{line}] {message}\n",
        now_ms % 1000 * 1000,
        1
    ))
}

/// Adds the dry run's suffix to each operation line (`deployment.apps/web scaled`):
/// without `-o`, what these commands print on stdout is one such line a chunk. A
/// client dry run of `apply` does not diff against the live object, so what it
/// would leave unchanged it calls configured.
fn mark_dry_run(out: &mut Output, suffix: &str) {
    for (stream, text) in out.chunks.iter_mut() {
        if let (Stream::Stdout, Some(line)) = (*stream, text.strip_suffix('\n')) {
            let line = match line.strip_suffix(" unchanged") {
                Some(l) if suffix == " (dry run)" => format!("{l} configured"),
                _ => line.to_string(),
            };
            *text = format!("{line}{suffix}\n");
        }
    }
}

fn parse_error(out: &mut Output, e: ParseError) {
    match e {
        ParseError::UnknownCommand {
            word,
            parent: None,
            suggestion,
        } => {
            let mut msg = format!("error: unknown command {word:?} for \"kubectl\"\n");
            if let Some(s) = suggestion {
                msg.push_str(&format!("\nDid you mean this?\n\t{s}\n"));
            }
            out.err(msg);
            out.exit_code = 1;
        }
        ParseError::UnknownCommand {
            word,
            parent: Some(parent),
            ..
        } => {
            if word.is_empty() {
                out.out(commands::command_help(&parent));
            } else {
                out.err(format!("error: unknown command {word:?}\nSee 'kubectl {parent} -h' for help and examples\n"));
                out.exit_code = 1;
            }
        }
        ParseError::UnknownFlag { flag, command } => {
            out.err(format!(
                "error: unknown flag: {flag}\nSee 'kubectl {command} --help' for usage.\n"
            ));
            out.exit_code = 1;
        }
        ParseError::UnknownShorthand {
            flag,
            word,
            command,
        } => {
            out.err(format!("error: unknown shorthand flag: '{flag}' in {word}\nSee 'kubectl {command} --help' for usage.\n"));
            out.exit_code = 1;
        }
        ParseError::InvalidValue {
            value,
            flag,
            why,
            command,
        } => {
            out.err(format!(
                "error: invalid argument {} for \"{flag}\" flag: {why}\nSee 'kubectl {command} --help' for usage.\n",
                args::go_quote(&value)
            ));
            out.exit_code = 1;
        }
        ParseError::MissingValue { flag, command } => {
            out.err(format!("error: flag needs an argument: {flag}\nSee 'kubectl {command} --help' for usage.\n"));
            out.exit_code = 1;
        }
        ParseError::Tokenize(e) => out.fail(e),
        ParseError::NoCommand => out.out(commands::help_text()),
    }
}

/// Whether `line` can change the cluster or its clock: `false` for reading
/// commands (`get`, `describe`, `logs`, `rollout history`, `version`, `--help`),
/// for dry runs and `--local`, and for lines kubectl refuses before running anything (unknown
/// commands, bad flags).
pub fn changes_cluster(line: &str) -> bool {
    let Ok(words) = args::tokenize(line) else {
        return false;
    };
    if words.first().map(String::as_str) != Some("kubectl") || words.len() < 2 {
        return false;
    }
    match args::parse(&words[1..], &commands::specs()) {
        Ok(p)
            if !p.bool(Flag::Help)
                && p.given(Flag::Local).is_none_or(|v| v == "false")
                && matches!(dry_run(&p), Ok(None)) =>
        {
            commands::find(&p.command).is_some_and(|c| c.changes)
        }
        _ => false,
    }
}
