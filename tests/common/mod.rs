//! Test helpers shared by the integration tests: files from a folder of the repo, and
//! a runner that steps simulated time timer by timer so checks see every state.
#![allow(dead_code)]

pub mod floats;

use rollout_playground::kubectl::script::Session;
use rollout_playground::kubectl::{args, rollout_status_message, Files, Output};
use rollout_playground::sim::Sim;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Dir(pub PathBuf);

impl Files for Dir {
    fn read(&self, path: &str) -> Option<String> {
        std::fs::read_to_string(self.0.join(path)).ok()
    }
}

/// A fresh scratch folder under the temp dir, removed when dropped, unless the
/// test is failing: then it stays for inspection and its path is printed.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(prefix: &str) -> Scratch {
        // One test binary runs every family at once: a counter keeps two
        // folders of the same prefix apart.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("{prefix}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        Scratch(dir)
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("scratch folder kept for inspection: {}", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn presets() -> Dir {
    Dir(repo().join("presets"))
}

pub fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// One executed line and its output.
pub struct Step {
    pub line: String,
    pub output: Output,
}

/// Runs `script`, calling `check` after every command and after every timer that
/// fires during `sleep` and `rollout status` (which is first waited out step by step,
/// then run, so it prints only its final line).
pub fn run_stepped(
    seed: u64,
    files: &dyn Files,
    script: &str,
    mut check: impl FnMut(&Sim, &str),
) -> Vec<Step> {
    let mut s = Session::new(seed);
    let mut steps = Vec::new();
    for line in script.lines() {
        let t = line.trim();
        if let Some(arg) = t.strip_prefix("sleep ") {
            let target = s.sim.now_ms() + args::parse_duration_ms(arg.trim()).expect("valid sleep");
            step_until(&mut s.sim, target, &mut check, line, |_| false);
        } else if t.starts_with("kubectl rollout status") {
            let name = t
                .split_whitespace()
                .nth(3)
                .unwrap_or("")
                .trim_start_matches("deployment/")
                .to_string();
            let limit = s.sim.now_ms() + 3_600_000;
            step_until(&mut s.sim, limit, &mut check, line, |sim| {
                sim.deployment(&name).is_none_or(|d| {
                    let (_, done, err) = rollout_status_message(d);
                    done || err
                })
            });
        }
        let output = s.run_line(files, line);
        check(&s.sim, line);
        steps.push(Step {
            line: line.to_string(),
            output,
        });
    }
    steps
}

fn step_until(
    sim: &mut Sim,
    target: u64,
    check: &mut impl FnMut(&Sim, &str),
    line: &str,
    done: impl Fn(&Sim) -> bool,
) {
    loop {
        if done(sim) {
            return;
        }
        match sim.next_deadline() {
            Some(t) if t <= target => {
                sim.advance_to(t);
                check(sim, line);
            }
            _ => {
                sim.advance_to(target);
                check(sim, line);
                return;
            }
        }
    }
}

/// The outputs of every line that starts with `prefix`, in order.
pub fn outputs<'a>(steps: &'a [Step], prefix: &str) -> Vec<&'a Output> {
    steps
        .iter()
        .filter(|s| s.line.trim().starts_with(prefix))
        .map(|s| &s.output)
        .collect()
}

pub fn path_exists(p: &Path) -> bool {
    p.exists()
}

/// kubectl.1.33, beside the `kubectl` on PATH. Without it the caller compares
/// nothing and says so; under CI (`CI=true`) a missing kubectl fails the run.
pub fn real_kubectl() -> Option<PathBuf> {
    let on_path = Command::new("sh")
        .args(["-c", "readlink -f \"$(command -v kubectl)\""])
        .output()
        .ok()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let found = on_path
        .and_then(|p| p.parent().map(|d| d.join("kubectl.1.33")))
        .filter(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true and kubectl.1.33 is missing"
        );
        eprintln!("kubectl.1.33 not found beside the kubectl on PATH: compared nothing");
    }
    found
}

/// `kubesim serve` on a free loopback port with a manual clock (and `seed`, else
/// its default), writing its kubeconfig to `kubeconfig`; killed when dropped.
pub struct Served {
    child: std::process::Child,
    pub addr: String,
}

impl Served {
    pub fn start(seed: Option<u64>, kubeconfig: &Path) -> Served {
        use std::io::BufRead;
        let mut command = Command::new(env!("CARGO_BIN_EXE_kubesim"));
        command
            .args(["serve", "--port", "0", "--clock", "manual", "--kubeconfig"])
            .arg(kubeconfig);
        if let Some(seed) = seed {
            command.args(["--seed", &seed.to_string()]);
        }
        let mut child = command
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("kubesim serve starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_string();
        Served { child, addr }
    }

    /// Sends raw bytes; returns (status code, body).
    pub fn raw(&self, request: &[u8]) -> (u16, String) {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        s.write_all(request).unwrap();
        // A request cut short ends here: the server sees the end of the stream.
        let _ = s.shutdown(std::net::Shutdown::Write);
        let mut text = String::new();
        let _ = s.read_to_string(&mut text);
        let code = text
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (
            code,
            text.split_once("\r\n\r\n")
                .map(|(_, b)| b.to_string())
                .unwrap_or_default(),
        )
    }

    /// A bodiless request; returns the body of the answer.
    pub fn call(&self, method: &str, path: &str) -> String {
        self.raw(
            format!(
                "{method} {path} HTTP/1.0\r\nHost: {}\r\nContent-Length: 0\r\n\r\n",
                self.addr
            )
            .as_bytes(),
        )
        .1
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
