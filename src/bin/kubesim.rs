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
    let Some(cli) = Cli::from_args() else {
        print!("{USAGE}");
        return;
    };
    let mut session = Session::new(cli.seed);
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    if let Some(line) = &cli.complete {
        // The script first, so names complete against its cluster.
        if let Some(path) = &cli.script {
            let files = Disk {
                base: folder_of(path),
            };
            for l in read_script(path).lines() {
                session.transcript_line(&files, l);
            }
        }
        for c in complete_line(&session.sim, line) {
            let _ = writeln!(w, "{c}");
        }
        return;
    }
    match &cli.script {
        Some(path) => {
            let files = Disk {
                base: folder_of(path),
            };
            for line in read_script(path).lines() {
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

/// `kubesim [--seed N] [--complete LINE] [SCRIPT]`.
struct Cli {
    seed: u64,
    script: Option<String>,
    complete: Option<String>,
}

impl Cli {
    /// The command line, or None for `--help`; a bad one exits with the usage.
    fn from_args() -> Option<Cli> {
        let mut cli = Cli {
            seed: 1,
            script: None,
            complete: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(a) = args.next() {
            match a.as_str() {
                "--seed" | "-s" => cli.seed = seed(args.next().as_deref()),
                s if s.starts_with("--seed=") => cli.seed = seed(Some(&s["--seed=".len()..])),
                "--complete" => match args.next() {
                    Some(line) => cli.complete = Some(line),
                    None => usage_error("--complete needs a command line"),
                },
                "-h" | "--help" => return None,
                other if cli.script.is_none() => cli.script = Some(other.to_string()),
                other => usage_error(&format!("unexpected argument {other:?}")),
            }
        }
        Some(cli)
    }
}

fn seed(value: Option<&str>) -> u64 {
    value
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| usage_error("--seed needs a non-negative integer"))
}

fn usage_error(why: &str) -> ! {
    eprintln!("kubesim: {why}\n\n{USAGE}");
    std::process::exit(2);
}

/// A script's text (invalid UTF-8 replaced), or exit 1 saying why not.
fn read_script(path: &str) -> String {
    match std::fs::read(path) {
        Ok(t) => String::from_utf8_lossy(&t).into_owned(),
        Err(e) => {
            eprintln!("kubesim: cannot read {path}: {e}");
            std::process::exit(1);
        }
    }
}

/// The folder `-f` paths in a script are read from: the script's own.
fn folder_of(path: &str) -> PathBuf {
    PathBuf::from(path)
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}
