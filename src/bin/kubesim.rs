//! `kubesim [--seed N] [SCRIPT]`: runs a script of kubectl lines against the
//! simulated cluster and prints the transcript; with no script, reads lines from
//! standard input (an interactive terminal playground). `-f` paths are relative to
//! the script's folder (the current folder for standard input). With
//! `--complete LINE` it prints the completions of LINE's last word after running
//! SCRIPT (if any), one a line, as the web console's Tab offers them.

use rollout_playground::kubectl::complete::complete as complete_line;
use rollout_playground::kubectl::script::Session;
use rollout_playground::kubectl::Files;
use std::io::{BufRead, Write};
use std::path::PathBuf;

struct Disk {
    base: PathBuf,
}

impl Files for Disk {
    /// The file's text; bytes that are not UTF-8 become U+FFFD, as Go's JSON
    /// encoding turns them when kubectl sends the object (kubectl reads such files).
    fn read(&self, path: &str) -> Option<String> {
        let bytes = std::fs::read(self.base.join(path)).ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Standard input, line by line; a line that is not UTF-8 is read lossily rather
/// than ending the session.
fn stdin_lines() -> impl Iterator<Item = String> {
    let mut input = std::io::stdin().lock();
    std::iter::from_fn(move || {
        let mut line = Vec::new();
        match input.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                if line.ends_with(b"\n") {
                    line.pop();
                }
                if line.ends_with(b"\r") {
                    line.pop();
                }
                Some(String::from_utf8_lossy(&line).into_owned())
            }
        }
    })
}

const USAGE: &str = "usage: kubesim [--seed N] [--complete LINE] [SCRIPT]\n       kubesim serve [--port N|0] [--kubeconfig FILE] [--seed N] [--clock real|manual] [--speed X]\n\nRuns kubectl lines against a simulated Kubernetes cluster and prints the transcript.\nScript lines: `kubectl ...`, `sleep DURATION` (e.g. 500ms, 30s, 2m, 1h30m), `# comments`.\nWith no SCRIPT, lines are read from standard input.\n--complete LINE prints the completions of LINE's last word (after SCRIPT, if given).\n";

/// `kubesim serve ...`: runs the API server and never returns (native only; the
/// wasm test build compiles this binary too).
#[cfg(not(target_arch = "wasm32"))]
fn serve_if_asked() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.first().map(String::as_str) != Some("serve") {
        return;
    }
    if argv.iter().any(|a| a == "-h" || a == "--help") {
        print!("{}", rollout_playground::serve::USAGE);
        std::process::exit(0);
    }
    let result = rollout_playground::serve::parse_options(&argv[1..])
        .and_then(|o| rollout_playground::serve::run(&o));
    if let Err(e) = result {
        eprintln!("kubesim serve: {e}\n\n{}", rollout_playground::serve::USAGE);
        std::process::exit(2);
    }
    std::process::exit(0);
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    serve_if_asked();
    let mut seed: u64 = 1;
    let mut script: Option<String> = None;
    let mut complete: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" | "-s" => match args.next().and_then(|v| v.parse().ok()) {
                Some(s) => seed = s,
                None => {
                    eprintln!("kubesim: --seed needs a non-negative integer\n\n{USAGE}");
                    std::process::exit(2);
                }
            },
            s if s.starts_with("--seed=") => match s["--seed=".len()..].parse() {
                Ok(v) => seed = v,
                Err(_) => {
                    eprintln!("kubesim: --seed needs a non-negative integer\n\n{USAGE}");
                    std::process::exit(2);
                }
            },
            "--complete" => match args.next() {
                Some(line) => complete = Some(line),
                None => {
                    eprintln!("kubesim: --complete needs a command line\n\n{USAGE}");
                    std::process::exit(2);
                }
            },
            "-h" | "--help" => {
                print!("{USAGE}");
                return;
            }
            other if script.is_none() => script = Some(other.to_string()),
            other => {
                eprintln!("kubesim: unexpected argument {other:?}\n\n{USAGE}");
                std::process::exit(2);
            }
        }
    }
    let mut session = Session::new(seed);
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    if let Some(line) = complete {
        if let Some(path) = &script {
            let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
                eprintln!("kubesim: cannot read {path}: {e}");
                std::process::exit(1);
            });
            let base = PathBuf::from(path)
                .parent()
                .map(PathBuf::from)
                .unwrap_or_default();
            let files = Disk { base };
            for l in text.lines() {
                session.transcript_line(&files, l);
            }
        }
        for c in complete_line(&session.sim, &line) {
            let _ = writeln!(w, "{c}");
        }
        return;
    }
    match script {
        Some(path) => {
            let text = match std::fs::read(&path) {
                Ok(t) => String::from_utf8_lossy(&t).into_owned(),
                Err(e) => {
                    eprintln!("kubesim: cannot read {path}: {e}");
                    std::process::exit(1);
                }
            };
            let base = PathBuf::from(&path)
                .parent()
                .map(PathBuf::from)
                .unwrap_or_default();
            let files = Disk { base };
            for line in text.lines() {
                let _ = w.write_all(session.transcript_line(&files, line).as_bytes());
            }
        }
        None => {
            let files = Disk {
                base: PathBuf::from("."),
            };
            for line in stdin_lines() {
                let _ = w.write_all(session.transcript_line(&files, &line).as_bytes());
                let _ = w.flush();
            }
        }
    }
}
