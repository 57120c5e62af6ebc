//! `kubesim serve`: the simulated cluster behind a Kubernetes API endpoint on
//! loopback, so real kubectl (and any client library) drives it.
//!
//! - [`api`]: requests to replies over the `Sim` (no sockets, no clock);
//! - [`store`]: the objects as the API serves them, resource versions, watch
//!   history, Tables;
//! - [`protobuf`]: typed clients' protobuf bodies, read as the JSON they stand for;
//! - [`discovery`]: `/version`, discovery, OpenAPI;
//! - this file: options, the socket (tiny_http), the clock, watch streams.
//!
//! One thread owns the cluster and answers requests in arrival order. It never
//! touches a socket's read side: each request's headers and body are read on a
//! thread of its own, so a slow client (or one that upgrades its connection, as
//! `kubectl exec` does) holds up only itself; each watch stream has a thread
//! that only writes what the cluster thread sends it. Native only: nothing here
//! is in the page.

pub mod api;
pub mod discovery;
pub mod protobuf;
pub mod store;

use crate::manifest::time;
use api::{Api, Filter, Reply, Request};
use serde_json::{json, Value as J};
use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Clock {
    /// Simulated time runs at `speed` times the wall clock.
    Real { speed: f64 },
    /// Simulated time moves only on `POST /playground/advance?by=30s`.
    Manual,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub port: u16,
    pub kubeconfig: String,
    pub seed: u64,
    pub clock: Clock,
}

pub const USAGE: &str = "usage: kubesim serve [--port N|0] [--kubeconfig FILE] [--seed N] [--clock real|manual] [--speed X]\n\nServes the simulated cluster as a Kubernetes API on 127.0.0.1 (default port 6443; 0 picks a free one)\nand writes a kubeconfig for it (default ./kubesim.kubeconfig; context minikube, namespace default).\nThen: kubectl --kubeconfig kubesim.kubeconfig get pods\n--clock real (default) runs simulated time at --speed (default 1) times the wall clock;\n--clock manual holds it until POST /playground/advance?by=30s.\n";

/// Parses `kubesim serve`'s arguments.
pub fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        port: 6443,
        kubeconfig: "kubesim.kubeconfig".into(),
        seed: 1,
        clock: Clock::Real { speed: 1.0 },
    };
    let mut speed = 1.0f64;
    let mut manual = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or(format!("{name} needs a value"))
        };
        match flag {
            "--port" => {
                o.port = value("--port")?
                    .parse()
                    .map_err(|_| "--port needs a port number (0-65535)")?
            }
            "--kubeconfig" => o.kubeconfig = value("--kubeconfig")?,
            "--seed" => {
                o.seed = value("--seed")?
                    .parse()
                    .map_err(|_| "--seed needs a non-negative integer")?
            }
            "--clock" => match value("--clock")?.as_str() {
                "real" => manual = false,
                "manual" => manual = true,
                other => return Err(format!("--clock must be real or manual (got {other:?})")),
            },
            "--speed" => {
                speed = crate::num::parse_f64(&value("--speed")?)
                    .filter(|s| *s > 0.0 && *s <= 1000.0)
                    .ok_or("--speed needs a number above 0, at most 1000")?
            }
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    o.clock = if manual {
        Clock::Manual
    } else {
        Clock::Real { speed }
    };
    Ok(o)
}

fn kubeconfig(url: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: minikube\n  cluster:\n    server: {url}\ncontexts:\n- name: minikube\n  context:\n    cluster: minikube\n    namespace: default\n    user: minikube\ncurrent-context: minikube\npreferences: {{}}\nusers:\n- name: minikube\n  user: {{}}\n"
    )
}

struct Watcher {
    filter: Filter,
    table: bool,
    tx: mpsc::Sender<Vec<u8>>,
    until: Instant,
}

fn event_line(e: &J) -> Vec<u8> {
    let mut b = serde_json::to_vec(e).expect("JSON");
    b.push(b'\n');
    b
}

/// Hands the request's connection to a thread that writes a chunked stream of
/// watch events, one chunk per event, flushed at once.
fn open_watch(request: tiny_http::Request, initial: Vec<J>) -> mpsc::Sender<Vec<u8>> {
    let (tx, rx) = mpsc::channel::<Vec<u8>>();
    for e in &initial {
        let _ = tx.send(event_line(e));
    }
    std::thread::spawn(move || {
        let mut w = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nCache-Control: no-cache, private\r\n\r\n";
        if w.write_all(head.as_bytes())
            .and_then(|_| w.flush())
            .is_err()
        {
            return;
        }
        for chunk in rx {
            let framed = [
                format!("{:x}\r\n", chunk.len()).into_bytes(),
                chunk,
                b"\r\n".to_vec(),
            ]
            .concat();
            if w.write_all(&framed).and_then(|_| w.flush()).is_err() {
                return;
            }
        }
        let _ = w.write_all(b"0\r\n\r\n");
        let _ = w.flush();
    });
    tx
}

fn respond(
    request: tiny_http::Request,
    code: u16,
    content_type: &str,
    body: Vec<u8>,
    warnings: &[String],
) {
    let header = tiny_http::Header::from_bytes("Content-Type", content_type).expect("header");
    let mut response = tiny_http::Response::from_data(body)
        .with_status_code(code)
        .with_header(header);
    for w in warnings {
        // RFC 7234's warn-code 299, the text as a quoted string, as the API server sends them.
        let text = format!("299 - {}", serde_json::to_string(w).expect("JSON"));
        if let Ok(h) = tiny_http::Header::from_bytes("Warning", text.as_bytes()) {
            response = response.with_header(h);
        }
    }
    let _ = request.respond(response);
}

/// The request's parts, the body read up to a bound. A request that asks to
/// upgrade its connection (`exec`, `attach`, `port-forward`) has no body to read:
/// tiny_http hands it the raw socket, which ends only when the client hangs up.
fn read_request(rq: &mut tiny_http::Request) -> Request {
    let url = rq.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let header = |name: &str| {
        rq.headers()
            .iter()
            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str().to_string())
            .unwrap_or_default()
    };
    let accept = header("Accept");
    let content_type = header("Content-Type");
    let upgrade = header("Connection")
        .to_ascii_lowercase()
        .contains("upgrade");
    let mut body = Vec::new();
    if !upgrade {
        let _ = rq.as_reader().take(4 * 1024 * 1024).read_to_end(&mut body);
    }
    Request {
        method: rq.method().as_str().to_string(),
        path: path.to_string(),
        query: form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect(),
        accept,
        content_type,
        body,
    }
}

/// `POST /playground/advance?by=DURATION` (manual clock), `GET /playground/time`
/// and `GET /playground/watches` (how many were opened).
fn playground(api: &mut Api, req: &Request, clock: Clock, watches_opened: u64) -> Reply {
    let now = |api: &Api| {
        let secs = time::unix_s(api.sim.now_ms()) + api.store.shift_s;
        json!({"nowMs": api.sim.now_ms(), "time": time::rfc3339_unix(secs)})
    };
    match (req.method.as_str(), req.path.trim_end_matches('/')) {
        ("GET", "/playground/time") => Reply::Json(200, now(api)),
        // How many watch streams were ever opened: a test driving real kubectl
        // waits for its command's watch before it moves the clock.
        ("GET", "/playground/watches") => Reply::Json(200, json!({"opened": watches_opened})),
        ("POST", "/playground/advance") => {
            if clock != Clock::Manual {
                return api::status(
                    409,
                    "Conflict",
                    "the clock is real: start kubesim serve with --clock manual to move it by hand",
                    J::Null,
                );
            }
            let by = req.param("by").unwrap_or("");
            match crate::kubectl::args::parse_duration_ms(by) {
                Ok(ms) if ms <= api::MAX_ADVANCE_MS => {
                    let t = api.sim.now_ms() + ms;
                    api.advance_to(t);
                    Reply::Json(200, now(api))
                }
                Ok(_) => api::status(
                    400,
                    "BadRequest",
                    format!("by={by}: longer than a week"),
                    J::Null,
                ),
                Err(e) => api::status(400, "BadRequest", format!("by={by:?}: {e}"), J::Null),
            }
        }
        _ => api::status(
            404,
            "NotFound",
            "the server could not find the requested resource",
            J::Null,
        ),
    }
}

/// Turns off Nagle's algorithm on the listening socket, which Linux hands on to
/// every connection it accepts. tiny_http writes a reply's head and body apart;
/// with Nagle on, a kept-alive connection's body waits for the client's delayed
/// ACK of the head: about 40 ms on every request after a connection's first.
fn no_delay(listener: &std::net::TcpListener) {
    use std::os::fd::AsRawFd;
    let on: libc::c_int = 1;
    // SAFETY: a valid socket descriptor and a c_int option of the size given.
    unsafe {
        libc::setsockopt(
            listener.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_NODELAY,
            (&on as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
    }
}

/// Accepts connections and reads each request on a thread of its own; the
/// cluster thread receives them whole, in the order they finish arriving.
fn read_requests(server: tiny_http::Server) -> mpsc::Receiver<(Request, tiny_http::Request)> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for mut rq in server.incoming_requests() {
            let tx = tx.clone();
            std::thread::spawn(move || {
                let req = read_request(&mut rq);
                let _ = tx.send((req, rq));
            });
        }
    });
    rx
}

/// Answers a request, or opens its watch stream and returns the watcher.
fn send(
    rq: tiny_http::Request,
    req: &Request,
    reply: Reply,
    warnings: &[String],
) -> Option<Watcher> {
    let json = |body: &J| serde_json::to_vec(body).expect("JSON");
    match reply {
        Reply::Json(code, body) => respond(rq, code, "application/json", json(&body), warnings),
        Reply::JsonAs(code, media, body) => respond(rq, code, media, json(&body), warnings),
        Reply::Text(code, text) => respond(rq, code, "text/plain", text.into_bytes(), warnings),
        Reply::Watch {
            filter,
            initial,
            table,
        } => {
            let timeout_s = req
                .param("timeoutSeconds")
                .and_then(|t| t.parse::<u64>().ok())
                .unwrap_or(1800)
                .min(3600);
            return Some(Watcher {
                filter,
                table,
                tx: open_watch(rq, initial),
                until: Instant::now() + Duration::from_secs(timeout_s),
            });
        }
    }
    None
}

/// Runs the server until the process ends.
pub fn run(o: &Options) -> Result<(), String> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", o.port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", o.port))?;
    no_delay(&listener);
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", o.port))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(o.port);
    let host = format!("127.0.0.1:{port}");
    let url = format!("http://{host}");
    std::fs::write(&o.kubeconfig, kubeconfig(&url))
        .map_err(|e| format!("cannot write {}: {e}", o.kubeconfig))?;
    // Manual clocks keep the playground's fixed epoch, so runs are reproducible; a
    // real clock starts simulated time at this moment, so kubectl's own age
    // arithmetic agrees with the server's.
    let shift_s = match o.clock {
        Clock::Manual => 0,
        Clock::Real { .. } => {
            let wall = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            wall - time::SIM_EPOCH_UNIX_S
        }
    };
    let mut api = Api::new(o.seed, shift_s, host);
    let clock_text = match o.clock {
        Clock::Manual => "manual".to_string(),
        Clock::Real { speed } => format!("real, speed {}", crate::num::plain(speed)),
    };
    println!(
        "kubesim: serving a simulated cluster at {url} (kubeconfig {}, clock {clock_text})",
        o.kubeconfig
    );
    let _ = std::io::stdout().flush();
    let started = Instant::now();
    let mut watchers: Vec<Watcher> = Vec::new();
    let mut watches_opened: u64 = 0;
    let requests = read_requests(server);
    loop {
        let next = requests.recv_timeout(Duration::from_millis(match o.clock {
            Clock::Real { .. } => 20,
            Clock::Manual => 200,
        }));
        if let Clock::Real { speed } = o.clock {
            let target = (started.elapsed().as_millis() as f64 * speed) as u64;
            if target > api.sim.now_ms() {
                api.advance_to(target);
            }
        }
        if let Ok((req, rq)) = next {
            let reply = if req.path.starts_with("/playground/") {
                playground(&mut api, &req, o.clock, watches_opened)
            } else {
                api.handle(&req)
            };
            let warnings = std::mem::take(&mut api.warnings);
            if let Some(w) = send(rq, &req, reply, &warnings) {
                watches_opened += 1;
                watchers.push(w);
            }
        }
        let now = Instant::now();
        watchers.retain(|w| w.until > now);
        for c in api.pending.drain(..) {
            let line = event_line(&json!({"type": c.kind, "object": c.object}));
            // A deleted object has no row left to compute: its last object goes.
            let row = c
                .table
                .as_ref()
                .map(|t| event_line(&json!({"type": c.kind, "object": t})));
            watchers.retain(|w| {
                let text = if w.table {
                    row.as_ref().unwrap_or(&line)
                } else {
                    &line
                };
                !w.filter.matches(c.res, &c.object) || w.tx.send(text.clone()).is_ok()
            });
        }
        api.want_tables = watchers.iter().any(|w| w.table);
    }
}
