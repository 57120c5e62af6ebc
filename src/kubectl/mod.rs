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
pub mod line;
pub mod printers;
pub mod script;
pub mod selector;

mod apply;
mod config;
mod documents;
mod edit;
mod get;
mod labels;
mod namespace;
mod output;
mod pod;
mod resources;
mod rollout;
mod service;
mod wait;

pub use documents::{invalid_text, manifest_error_text};
pub use follow::{rollout_status_message, ROLLOUT_STATUS_MAX_WAIT_MS};
pub use get::KUBECTL_VERSION;
pub use namespace::{immortal as namespace_immortal, invalid_name as namespace_name_error};
pub use output::{Edit, ErrorAt, Failure, Files, Follow, NoFiles, Output, Stream};
pub use resources::ENDPOINTS_DEPRECATED;
pub use resources::{selector_matches_str, Kind};

use crate::sim::Sim;
use args::{DryRun, Flag, OutputFormat, ParseError};
pub use line::{parse_line, Invocation, Line, Refusal};

/// Runs one line (`kubectl ...`, `sleep 5s`) against the cluster.
pub fn run(sim: &mut Sim, files: &dyn Files, line: &str) -> Output {
    execute(sim, files, &parse_line(line))
}

/// Runs a parsed line: a kubectl command, a refusal printed in kubectl's words, or
/// the shell's `sleep` (which moves the clock). `clear` and comments print nothing.
pub fn execute(sim: &mut Sim, files: &dyn Files, line: &Line) -> Output {
    let mut out = Output::default();
    match line {
        Line::Nothing | Line::Clear => {}
        Line::Sleep(Ok(ms)) => sim.advance(*ms),
        Line::Sleep(Err(e)) => out.fail(e.clone()),
        Line::Refused(r) => refused(&mut out, r.clone()),
        Line::Kubectl(i) => invoke(sim, files, i, &mut out),
    }
    out
}

fn refused(out: &mut Output, r: Refusal) {
    match r {
        Refusal::Tokenize(e) => out.fail(e),
        Refusal::NotKubectl(word) => out.fail(format!(
            "unknown command {word:?}: the playground runs kubectl commands (try \"kubectl help\")"
        )),
        Refusal::Help => out.out(commands::help_text()),
        Refusal::Parse(e) => parse_error(out, e),
    }
}

fn invoke(sim: &mut Sim, files: &dyn Files, i: &Invocation, out: &mut Output) {
    let parsed = &i.parsed;
    if parsed.bool(Flag::Help) {
        out.out(commands::command_help(&parsed.command));
        return;
    }
    if let Some(ns) = parsed.given(Flag::Namespace) {
        if ns != "default" && !i.row.scoped {
            if i.row.lists {
                out.err(format!("No resources found in {ns} namespace.\n"));
            } else {
                out.fail(format!(
                    "the playground runs your objects in the \"default\" namespace only (got {ns:?})"
                ));
            }
            return;
        }
    }
    if let Some(warning) = dry_run_warning(parsed, sim.now_ms()) {
        out.err(warning);
    }
    match &parsed.dry_run {
        Err(e) => out.fail(e.clone()),
        // A dry run: the cluster validates and answers but changes nothing
        // (`Sim::dry_run`); its operation lines say so, as kubectl's printer
        // does. `rollout undo` prints its own (the template it would restore).
        Ok(mode @ (DryRun::Client | DryRun::Server)) if i.row.marks_dry_run => {
            let ran = sim.dry_run(|sim| (i.row.run)(sim, files, parsed, out));
            if let Err(e) = ran {
                return out.fail(e);
            }
            if parsed.output == OutputFormat::Default {
                mark_dry_run(out, *mode);
            }
        }
        Ok(_) => {
            if let Err(e) = (i.row.run)(sim, files, parsed, out) {
                out.fail(e);
            }
        }
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
fn mark_dry_run(out: &mut Output, mode: DryRun) {
    let suffix = mode.suffix();
    for (stream, text) in out.chunks.iter_mut() {
        if let (Stream::Stdout, Some(line)) = (*stream, text.strip_suffix('\n')) {
            let line = match line.strip_suffix(" unchanged") {
                Some(l) if mode == DryRun::Client => format!("{l} configured"),
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
        ParseError::NoCommand => out.out(commands::help_text()),
    }
}
