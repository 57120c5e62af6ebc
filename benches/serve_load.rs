//! `kubesim serve` under load: 50 watches of the Deployments (as `kubectl get -w`
//! holds them), 20 clients each getting and patching a Deployment in a loop over
//! kept-alive connections, and a `kubectl exec` pending the whole time (real
//! kubectl when it is on PATH as `kubectl.1.33`'s folder has it, else the same
//! upgrade request held open by hand). Prints the requests answered, their
//! latency (p50, p99, max) and whether every watch saw every patch, in order.
//!
//! `LOAD_SECONDS` (default 30) sets how long the clients run. Run with
//! `cargo bench --bench serve_load` (or `./dev bench`).

use serde_json::Value as J;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const WATCHES: usize = 50;
const CLIENTS: usize = 20;
const DEPLOYMENTS: &str = "/apis/apps/v1/namespaces/default/deployments";
const WEB: &str = r#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}"#;

struct Server {
    child: Child,
    addr: String,
    dir: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start() -> Server {
    let dir = std::env::temp_dir().join(format!("kubesim-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubesim"))
        .args(["serve", "--port", "0", "--clock", "real", "--kubeconfig"])
        .arg(dir.join("kubeconfig"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("kubesim serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .expect("the server's address")
        .to_string();
    Server { child, addr, dir }
}

/// One kept-alive HTTP/1.1 connection.
struct Client {
    reader: BufReader<TcpStream>,
    addr: String,
}

impl Client {
    fn connect(addr: &str) -> Client {
        let stream = TcpStream::connect(addr).unwrap();
        stream.set_nodelay(true).unwrap();
        Client {
            reader: BufReader::new(stream),
            addr: addr.to_string(),
        }
    }

    /// Sends a request and reads the whole answer: (status, body).
    fn send(&mut self, method: &str, path: &str, content_type: &str, body: &str) -> (u16, J) {
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
            self.addr,
            body.len()
        );
        self.reader.get_mut().write_all(request.as_bytes()).unwrap();
        let (code, headers) = read_head(&mut self.reader);
        let length: usize = header(&headers, "content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut bytes = vec![0; length];
        self.reader.read_exact(&mut bytes).unwrap();
        (code, serde_json::from_slice(&bytes).unwrap_or(J::Null))
    }
}

fn read_head(r: &mut impl BufRead) -> (u16, Vec<String>) {
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        lines.push(line.trim_end().to_string());
    }
    let code = lines
        .first()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, lines)
}

fn header<'a>(headers: &'a [String], name: &str) -> Option<&'a str> {
    headers.iter().find_map(|h| {
        let (k, v) = h.split_once(':')?;
        k.eq_ignore_ascii_case(name).then_some(v.trim())
    })
}

/// A watch of the Deployments: the resource versions of `web`'s events, in the
/// order they arrive, until `stop`.
fn watch(addr: String, stop: Arc<AtomicBool>, opened: Arc<Mutex<usize>>) -> Vec<u64> {
    let stream = TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut reader = BufReader::new(stream);
    let request = format!(
        "GET {DEPLOYMENTS}?watch=true HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\n\r\n"
    );
    reader.get_mut().write_all(request.as_bytes()).unwrap();
    let (code, _) = read_head(&mut reader);
    assert_eq!(code, 200, "watch opened");
    *opened.lock().unwrap() += 1;
    let mut seen = Vec::new();
    let mut line = String::new();
    while !stop.load(Ordering::Relaxed) {
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) if line.ends_with('\n') => {
                if let Ok(event) = serde_json::from_str::<J>(line.trim()) {
                    let o = &event["object"];
                    if o["metadata"]["name"] == "web" {
                        let rv = o["metadata"]["resourceVersion"].as_str().unwrap_or("0");
                        seen.push(rv.parse().unwrap_or(0));
                    }
                }
                line.clear();
            }
            // Chunk framing or a timeout mid-line: keep what was read and go on.
            _ => {}
        }
    }
    seen
}

struct Figures {
    gets: Vec<Duration>,
    patches: Vec<Duration>,
    patched_rvs: Vec<u64>,
    errors: usize,
}

fn client(addr: String, i: usize, until: Instant) -> Figures {
    let mut c = Client::connect(&addr);
    let mut f = Figures {
        gets: Vec::new(),
        patches: Vec::new(),
        patched_rvs: Vec::new(),
        errors: 0,
    };
    let mut n = 0u64;
    while Instant::now() < until {
        let t = Instant::now();
        let (code, _) = c.send("GET", &format!("{DEPLOYMENTS}/web"), "", "");
        f.gets.push(t.elapsed());
        f.errors += usize::from(code != 200);
        n += 1;
        let patch = format!(r#"{{"metadata":{{"annotations":{{"load/client-{i}":"{n}"}}}}}}"#);
        let t = Instant::now();
        let (code, body) = c.send(
            "PATCH",
            &format!("{DEPLOYMENTS}/web"),
            "application/merge-patch+json",
            &patch,
        );
        f.patches.push(t.elapsed());
        f.errors += usize::from(code != 200);
        if let Some(rv) = body["metadata"]["resourceVersion"].as_str() {
            f.patched_rvs.push(rv.parse().unwrap());
        }
    }
    f
}

/// A pending `kubectl exec` (real kubectl if there is one), or the same upgrade
/// request held open by hand.
enum Exec {
    Kubectl(Child),
    Held(#[allow(dead_code)] TcpStream),
}

fn pending_exec(s: &Server, pod: &str) -> Exec {
    let folder = std::process::Command::new("sh")
        .args(["-c", "dirname \"$(readlink -f \"$(command -v kubectl)\")\""])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if let Some(kubectl) = folder
        .map(|f| std::path::Path::new(&f).join("kubectl.1.33"))
        .filter(|k| k.exists())
    {
        let link = s.dir.join("kubectl");
        let _ = std::os::unix::fs::symlink(kubectl, &link);
        let child = Command::new(link)
            .args(["exec", "-i", pod, "--", "sh"])
            .env("KUBECONFIG", s.dir.join("kubeconfig"))
            .env("HOME", &s.dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        return Exec::Kubectl(child);
    }
    let mut c = TcpStream::connect(&s.addr).unwrap();
    let request = format!("GET /api/v1/namespaces/default/pods/{pod}/exec?command=sh&stdin=true HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
    c.write_all(request.as_bytes()).unwrap();
    Exec::Held(c)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let seconds: u64 = std::env::var("LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let s = start();
    let mut admin = Client::connect(&s.addr);
    let (code, body) = admin.send("POST", DEPLOYMENTS, "application/json", WEB);
    assert_eq!(code, 201, "{body}");
    std::thread::sleep(Duration::from_millis(200));
    let (_, pods) = admin.send("GET", "/api/v1/namespaces/default/pods", "", "");
    let pod = pods["items"][0]["metadata"]["name"]
        .as_str()
        .expect("a pod")
        .to_string();
    let exec = pending_exec(&s, &pod);

    let stop = Arc::new(AtomicBool::new(false));
    let opened = Arc::new(Mutex::new(0));
    let watchers: Vec<_> = (0..WATCHES)
        .map(|_| {
            let (addr, stop, opened) = (s.addr.clone(), stop.clone(), opened.clone());
            std::thread::spawn(move || watch(addr, stop, opened))
        })
        .collect();
    while *opened.lock().unwrap() < WATCHES {
        std::thread::sleep(Duration::from_millis(10));
    }
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let clients: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let addr = s.addr.clone();
            std::thread::spawn(move || client(addr, i, until))
        })
        .collect();
    let figures: Vec<Figures> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    let elapsed = started.elapsed();
    // Let the last events reach every watch, then close them.
    std::thread::sleep(Duration::from_secs(2));
    stop.store(true, Ordering::Relaxed);
    let seen: Vec<Vec<u64>> = watchers.into_iter().map(|w| w.join().unwrap()).collect();

    let exec_state = match exec {
        Exec::Kubectl(mut child) => {
            let state = match child.try_wait().unwrap() {
                Some(status) => format!("real kubectl exec answered at once ({status})"),
                None => "real kubectl exec still pending".to_string(),
            };
            let _ = child.kill();
            state
        }
        Exec::Held(_) => "an exec upgrade request held open by hand".to_string(),
    };
    let mut gets: Vec<Duration> = figures.iter().flat_map(|f| f.gets.clone()).collect();
    let mut patches: Vec<Duration> = figures.iter().flat_map(|f| f.patches.clone()).collect();
    gets.sort();
    patches.sort();
    let mut patched: Vec<u64> = figures.iter().flat_map(|f| f.patched_rvs.clone()).collect();
    patched.sort();
    let errors: usize = figures.iter().map(|f| f.errors).sum();
    let in_order = seen
        .iter()
        .filter(|s| s.windows(2).all(|w| w[0] < w[1]))
        .count();
    let complete = seen
        .iter()
        .filter(|s| patched.iter().all(|rv| s.binary_search(rv).is_ok()))
        .count();
    let events: usize = seen.iter().map(Vec::len).sum();
    let answered = gets.len() + patches.len();
    println!("kubesim serve under load ({seconds} s; {WATCHES} watches, {CLIENTS} get/patch clients; {exec_state})");
    println!(
        "  requests answered: {answered} ({:.0}/s), errors: {errors}",
        answered as f64 / elapsed.as_secs_f64()
    );
    println!(
        "  get:   p50 {}  p99 {}  max {}",
        ms(percentile(&gets, 0.5)),
        ms(percentile(&gets, 0.99)),
        ms(percentile(&gets, 1.0))
    );
    println!(
        "  patch: p50 {}  p99 {}  max {}",
        ms(percentile(&patches, 0.5)),
        ms(percentile(&patches, 0.99)),
        ms(percentile(&patches, 1.0))
    );
    println!(
        "  watch events delivered: {events}; watches in order: {in_order}/{WATCHES}; watches that saw all {} patches: {complete}/{WATCHES}",
        patched.len()
    );
    assert_eq!(errors, 0, "every request answered 200");
    assert_eq!(in_order, WATCHES, "every watch in resource-version order");
    assert_eq!(complete, WATCHES, "every watch saw every patch");
}
