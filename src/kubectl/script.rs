//! `kubesim` scripts and the web console: one line per step, a `kubectl ...`
//! command, `sleep DURATION` (simulated time, Go duration syntax), a `#` comment or a
//! blank line. A [`Session`] owns the cluster and prints a transcript: each line
//! echoed as `$ LINE`, then what a terminal would show.

use super::{Files, Line, Output};
use crate::sim::Sim;

/// The longest single `sleep` (simulated time).
pub const MAX_SLEEP_MS: u64 = 30 * 24 * 3_600_000;

pub struct Session {
    pub sim: Sim,
}

impl Session {
    pub fn new(seed: u64) -> Session {
        Session {
            sim: Sim::new(seed),
        }
    }

    /// Runs one line and returns its output (without the `$ LINE` echo); a
    /// command that waits (`rollout status`) runs to its end, moving the clock.
    pub fn run_line(&mut self, files: &dyn Files, line: &str) -> Output {
        let mut out = self.start_line(files, line);
        if let Some(follow) = out.follow.take() {
            follow.run_to_end(&mut self.sim, &mut out);
        }
        if out.edit.take().is_some() {
            out.fail(super::Edit::NO_EDITOR);
        }
        out
    }

    /// Runs one line; a command that waits comes back with its [`Output::follow`]
    /// for the caller to poll as its clock runs (the page).
    pub fn start_line(&mut self, files: &dyn Files, line: &str) -> Output {
        self.start(files, &super::parse_line(line))
    }

    /// [`Session::start_line`] for a line already parsed.
    pub fn start(&mut self, files: &dyn Files, line: &Line) -> Output {
        super::execute(&mut self.sim, files, line)
    }

    /// Runs a whole script and returns the transcript.
    pub fn run_script(&mut self, files: &dyn Files, script: &str) -> String {
        let mut transcript = String::new();
        for line in script.lines() {
            transcript.push_str(&self.transcript_line(files, line));
        }
        transcript
    }

    /// `$ LINE` then the output, for one line (comments and blank lines echo too).
    pub fn transcript_line(&mut self, files: &dyn Files, line: &str) -> String {
        let line = line.trim_end();
        let mut t = format!("$ {line}\n");
        if line.trim().is_empty() {
            t = "\n".to_string();
        }
        t.push_str(&self.run_line(files, line).text());
        t
    }
}
