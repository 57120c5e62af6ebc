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
pub use get::KUBECTL_VERSION;
pub use output::{Files, Follow, NoFiles, Output, Stream};
pub use resources::{selector_matches_str, Kind};
pub use follow::{rollout_status_message, ROLLOUT_STATUS_MAX_WAIT_MS};

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
    match commands::find(&parsed.command) {
        Some(c) => (c.run)(sim, files, &parsed, &mut out),
        None => out.fail(format!(
            "unknown command {:?} for \"kubectl\"",
            parsed.command
        )),
    }
    out
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
/// commands (`get`, `describe`, `logs`, `rollout history`, `version`, `--help`) and
/// for lines kubectl refuses before running anything (unknown commands, bad flags).
pub fn changes_cluster(line: &str) -> bool {
    let Ok(words) = args::tokenize(line) else {
        return false;
    };
    if words.first().map(String::as_str) != Some("kubectl") || words.len() < 2 {
        return false;
    }
    match args::parse(&words[1..], &commands::specs()) {
        Ok(p) if !p.bool(Flag::Help) => commands::find(&p.command).is_some_and(|c| c.changes),
        _ => false,
    }
}
