//! `kubesim serve` under hostile and awkward requests, and real kubectl for what
//! the differential scripts cannot hold (an editor, a stale write, the clock's
//! own timestamps): every bad request gets a Kubernetes `Status`, the server
//! keeps serving, and kubectl prints its own words for each error.

use crate::common;

use common::{real_kubectl, Scratch, Served};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Server {
    served: Served,
    dir: Scratch,
}

impl Server {
    fn start(name: &str) -> Server {
        let dir = Scratch::new(&format!("kubesim-api-{name}"));
        Server {
            served: Served::start(None, &dir.join("kubeconfig")),
            dir,
        }
    }

    /// Sends raw bytes; returns (status code, body).
    fn raw(&self, request: &[u8]) -> (u16, String) {
        self.served.raw(request)
    }

    fn request(&self, method: &str, path: &str, content_type: &str, body: &str) -> (u16, String) {
        self.raw(
            format!(
                "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
                self.served.addr,
                body.len()
            )
            .as_bytes(),
        )
    }

    fn kubectl(
        &self,
        kubectl: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> (String, String, i32) {
        let mut c = Command::new(kubectl);
        c.args(args)
            .current_dir(&self.dir)
            .env("KUBECONFIG", self.dir.join("kubeconfig"))
            .env("HOME", &*self.dir);
        for (k, v) in env {
            c.env(k, v);
        }
        let o = c.output().unwrap();
        (
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
            o.status.code().unwrap_or(-1),
        )
    }
}

const WEB: &str = r#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}"#;
const DEPLOYMENTS: &str = "/apis/apps/v1/namespaces/default/deployments";

fn status_of(body: &str) -> (String, String) {
    let status: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let field = |k: &str| status[k].as_str().unwrap_or("").to_string();
    (field("reason"), field("message"))
}

#[test]
fn bad_requests_get_a_status_and_change_nothing() {
    let s = Server::start("bad");
    let cases: Vec<(&str, u16, &str, Vec<u8>)> = vec![
        ("unknown path", 404, "NotFound", b"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec()),
        ("unknown resource", 404, "NotFound", b"GET /api/v1/namespaces/default/secrets HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec()),
        ("too deep a path", 404, "NotFound", b"GET /apis/apps/v1/namespaces/default/deployments/web/scale/extra HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec()),
        ("missing object", 404, "NotFound", b"GET /apis/apps/v1/namespaces/default/deployments/ghost HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec()),
        ("a pod without its type", 400, "BadRequest", b"POST /api/v1/namespaces/default/pods HTTP/1.1\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}".to_vec()),
        ("ReplicaSets are not created directly", 405, "MethodNotAllowed", b"POST /apis/apps/v1/namespaces/default/replicasets HTTP/1.1\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}".to_vec()),
        ("a namespace that does not exist", 404, "NotFound", format!("POST /apis/apps/v1/namespaces/nope/deployments HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{WEB}", WEB.len()).into_bytes()),
        ("bad label selector", 400, "BadRequest", b"GET /api/v1/namespaces/default/pods?labelSelector=a%20b HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec()),
        ("bad field selector", 400, "BadRequest", b"GET /api/v1/namespaces/default/pods?fieldSelector=nonsense HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec()),
        ("bad watch resourceVersion", 400, "BadRequest", b"GET /api/v1/namespaces/default/pods?watch=true&resourceVersion=abc HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec()),
        ("bad advance", 400, "BadRequest", b"POST /playground/advance?by=forever HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec()),
        ("too long an advance", 400, "BadRequest", b"POST /playground/advance?by=9000h HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec()),
    ];
    for (what, code, reason, req) in &cases {
        let (got, body) = s.raw(req);
        assert_eq!(
            (got, status_of(&body).0.as_str()),
            (*code, *reason),
            "{what}: {body}"
        );
    }
    let body_cases: Vec<(&str, &str, &str, &str, u16, &str)> = vec![
        (
            "not JSON",
            "POST",
            DEPLOYMENTS,
            "application/json",
            400,
            "BadRequest",
        ),
        (
            "a Pod where a Deployment goes",
            "POST",
            DEPLOYMENTS,
            "application/json",
            400,
            "BadRequest",
        ),
        (
            "an unknown field",
            "POST",
            DEPLOYMENTS,
            "application/json",
            400,
            "BadRequest",
        ),
        (
            "an invalid spec",
            "POST",
            DEPLOYMENTS,
            "application/json",
            422,
            "Invalid",
        ),
    ];
    let bodies = [
        "{not json".to_string(),
        r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}"#.to_string(),
        WEB.replace("\"replicas\":2", "\"replicas\":2,\"replicaz\":3"),
        WEB.replace("\"replicas\":2", "\"replicas\":-1"),
    ];
    for ((what, method, path, ct, code, reason), body) in body_cases.iter().zip(&bodies) {
        let (got, reply) = s.request(method, path, ct, body);
        assert_eq!(
            (got, status_of(&reply).0.as_str()),
            (*code, *reason),
            "{what}: {reply}"
        );
    }
    // Nothing above created anything.
    let (_, list) = s.request("GET", DEPLOYMENTS, "", "");
    assert!(list.contains("\"items\":[]"), "{list}");
    // Garbage that is not HTTP at all, then a good request on a new connection.
    let _ = s.raw(b"\x00\xff\x13garbage\r\n\r\n");
    let _ = s.raw(b"GET");
    let (code, _) = s.request("POST", DEPLOYMENTS, "application/json", WEB);
    assert_eq!(code, 201);
    // Patches the server cannot take, and a JSON patch whose test fails.
    let web = format!("{DEPLOYMENTS}/web");
    let (code, reply) = s.request("PATCH", &web, "application/apply-patch+yaml", "{}");
    assert_eq!(
        (code, status_of(&reply).0.as_str()),
        (415, "UnsupportedMediaType"),
        "{reply}"
    );
    let (code, reply) = s.request(
        "PATCH",
        &web,
        "application/json-patch+json",
        r#"[{"op":"test","path":"/spec/replicas","value":9}]"#,
    );
    assert_eq!(code, 422, "{reply}");
    let (code, reply) = s.request(
        "PATCH",
        &web,
        "application/strategic-merge-patch+json",
        r#"{"spec":{"template":{"spec":{"containers":[{"image":"httpd"}]}}}}"#,
    );
    assert_eq!(code, 400, "a merge-list element without its key: {reply}");
    // A stale resourceVersion is a conflict.
    let (code, reply) = s.request(
        "PUT",
        &web,
        "application/json",
        &WEB.replace(
            "\"name\":\"web\"",
            "\"name\":\"web\",\"resourceVersion\":\"1\"",
        ),
    );
    assert_eq!(
        (code, status_of(&reply).0.as_str()),
        (409, "Conflict"),
        "{reply}"
    );
    // Still two replicas of nginx, and the server still answers.
    let (code, obj) = s.request("GET", &web, "", "");
    assert_eq!(code, 200);
    assert!(
        obj.contains("\"replicas\":2") && obj.contains("\"image\":\"nginx\""),
        "{obj}"
    );
}

/// Clients that hold their connection (an upgrade to a stream, as `kubectl exec`
/// and `port-forward` ask; a body that never finishes arriving) hold up only
/// themselves: the rest are answered at once, and the upgrade gets its answer
/// without waiting for the client to hang up.
#[test]
fn held_connections_block_no_one() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};
    let s = Server::start("held");
    let (code, _) = s.request("POST", DEPLOYMENTS, "application/json", WEB);
    assert_eq!(code, 201);
    s.served.call("POST", "/playground/advance?by=30s");
    let pods = s.served.call("GET", "/api/v1/namespaces/default/pods");
    let pod = pods
        .split("\"name\":\"")
        .find(|p| p.starts_with("web-"))
        .and_then(|p| p.split('"').next())
        .expect("a web pod")
        .to_string();
    let hold = |request: String| {
        let mut c = std::net::TcpStream::connect(&s.served.addr).unwrap();
        c.write_all(request.as_bytes()).unwrap();
        c
    };
    let mut exec = hold(format!(
        "GET /api/v1/namespaces/default/pods/{pod}/exec?command=ls&stdout=true HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-Websocket-Protocol: v5.channel.k8s.io\r\n\r\n"
    ));
    let _slow = hold(format!(
        "PATCH {DEPLOYMENTS}/web HTTP/1.1\r\nHost: x\r\nContent-Type: application/merge-patch+json\r\nContent-Length: 1000\r\n\r\n{{\"spec\":"
    ));
    let started = Instant::now();
    let version = s.served.call("GET", "/version");
    assert!(version.contains("gitVersion"), "{version}");
    let (code, body) = s.request("GET", &format!("{DEPLOYMENTS}/web"), "", "");
    assert_eq!(code, 200, "{body}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered after {:?}",
        started.elapsed()
    );
    exec.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut answer = [0u8; 4096];
    let n = exec.read(&mut answer).unwrap_or(0);
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(
        answer.starts_with("HTTP/1.1 400")
            && answer.contains("exec, attach and port-forward are not simulated"),
        "exec got {answer:?}"
    );
    let (code, body) = s.request(
        "GET",
        "/api/v1/namespaces/default/pods/nope/portforward",
        "",
        "",
    );
    assert_eq!(
        (code, status_of(&body).0.as_str()),
        (404, "NotFound"),
        "{body}"
    );
}

fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn real_kubectl_edit_replace_restart_and_errors() {
    let Some(kubectl) = real_kubectl() else {
        return;
    };
    let s = Server::start("kubectl");
    let rolling = common::repo().join("presets/rolling-deployment.yaml");
    let (out, err, code) = s.kubectl(&kubectl, &["apply", "-f", rolling.to_str().unwrap()], &[]);
    assert_eq!(
        (out.as_str(), code),
        ("deployment.apps/rolldeployment created\n", 0),
        "{err}"
    );
    // --dry-run=server: validated and answered, nothing written.
    let (out, _, code) = s.kubectl(
        &kubectl,
        &["delete", "deployment", "rolldeployment", "--dry-run=server"],
        &[],
    );
    assert_eq!(
        (out.as_str(), code),
        (
            "deployment.apps \"rolldeployment\" deleted (server dry run)\n",
            0
        )
    );
    let (out, _, code) = s.kubectl(
        &kubectl,
        &[
            "scale",
            "deployment",
            "rolldeployment",
            "--replicas=3",
            "--dry-run=server",
        ],
        &[],
    );
    assert_eq!(
        (out.as_str(), code),
        (
            "deployment.apps/rolldeployment scaled (server dry run)\n",
            0
        )
    );
    let (out, _, _) = s.kubectl(
        &kubectl,
        &[
            "get",
            "deployment",
            "rolldeployment",
            "-o",
            "jsonpath={.spec.replicas}",
        ],
        &[],
    );
    assert_eq!(out, "10");

    // get -w: rows as the clock moves them (Tables in the watch stream).
    let opened = |s: &Server| s.request("GET", "/playground/watches", "", "").1;
    let before = opened(&s);
    let mut watch = Command::new(&kubectl)
        .args(["get", "deployment", "-w"])
        .env("KUBECONFIG", s.dir.join("kubeconfig"))
        .env("HOME", &*s.dir)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(watch.stdout.take().unwrap()).lines();
    assert!(lines
        .next()
        .unwrap()
        .unwrap()
        .starts_with("NAME             READY   UP-TO-DATE   AVAILABLE   AGE"));
    assert!(lines
        .next()
        .unwrap()
        .unwrap()
        .starts_with("rolldeployment   0/10    10           0           0s"));
    // kubectl lists, prints, then watches: the clock moves once it watches.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while opened(&s) == before && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    s.request("POST", "/playground/advance?by=90s", "", "");
    let mut rows = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let done = line.contains("10/10");
        rows.push(line);
        if done {
            break;
        }
    }
    let _ = watch.kill();
    let _ = watch.wait();
    assert!(
        rows.len() >= 2
            && rows
                .last()
                .unwrap()
                .starts_with("rolldeployment   10/10   10           10 "),
        "{rows:?}"
    );

    // kubectl edit, with a scripted editor: the tutorial's step, as kubectl does it.
    let editor = write_file(
        &s.dir,
        "editor.sh",
        "#!/bin/sh\nsed -i 's/image: nginx/image: httpd/' \"$1\"\n",
    );
    Command::new("chmod")
        .arg("+x")
        .arg(&editor)
        .status()
        .unwrap();
    let (out, err, code) = s.kubectl(
        &kubectl,
        &["edit", "deployment", "rolldeployment", "--record"],
        &[("KUBE_EDITOR", editor.to_str().unwrap())],
    );
    assert_eq!(
        (out.as_str(), code),
        ("deployment.apps/rolldeployment edited\n", 0),
        "{err}"
    );
    assert!(err.contains("Flag --record has been deprecated"), "{err}");
    let (out, _, _) = s.kubectl(
        &kubectl,
        &["rollout", "history", "deployment", "rolldeployment"],
        &[],
    );
    assert!(
        out.contains("2         ") && out.contains(" edit deployment rolldeployment --record=true"),
        "{out}"
    );
    let (out, _, _) = s.kubectl(&kubectl, &["get", "rs"], &[]);
    assert!(
        out.contains("rolldeployment-9b659bdf9 "),
        "the tutorial's httpd ReplicaSet name: {out}"
    );
    // An editor that changes nothing.
    let (out, err, code) = s.kubectl(
        &kubectl,
        &["edit", "deployment", "rolldeployment"],
        &[("KUBE_EDITOR", "true")],
    );
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("", "Edit cancelled, no changes made.\n", 0)
    );

    // replace with a stale object: kubectl's conflict message.
    let (stale, _, _) = s.kubectl(
        &kubectl,
        &["get", "deployment", "rolldeployment", "-o", "json"],
        &[],
    );
    s.kubectl(
        &kubectl,
        &["scale", "deployment", "rolldeployment", "--replicas=4"],
        &[],
    );
    let stale_file = write_file(&s.dir, "stale.json", &stale);
    let (_, err, code) = s.kubectl(
        &kubectl,
        &["replace", "-f", stale_file.to_str().unwrap()],
        &[],
    );
    assert_eq!(code, 1);
    assert!(err.contains("Error from server (Conflict): error when replacing") && err.contains("the object has been modified; please apply your changes to the latest version and try again"), "{err}");

    // rollout restart stamps the template with kubectl's own clock: a new ReplicaSet.
    let (out, err, code) = s.kubectl(
        &kubectl,
        &["rollout", "restart", "deployment/rolldeployment"],
        &[],
    );
    assert_eq!(
        (out.as_str(), code),
        ("deployment.apps/rolldeployment restarted\n", 0),
        "{err}"
    );
    let (out, _, _) = s.kubectl(
        &kubectl,
        &[
            "get",
            "deployment",
            "rolldeployment",
            "-o",
            "jsonpath={.spec.template.metadata.annotations}",
        ],
        &[],
    );
    assert!(out.contains("kubectl.kubernetes.io/restartedAt"), "{out}");
    let (out, _, _) = s.kubectl(&kubectl, &["get", "rs", "-o", "name"], &[]);
    assert_eq!(
        out.lines().count(),
        3,
        "nginx, httpd and the restarted template: {out}"
    );

    // Errors as kubectl words them from the server's Status.
    for (args, want) in [
        (vec!["get", "deployment", "ghost"], "Error from server (NotFound): deployments.apps \"ghost\" not found\n"),
        (vec!["scale", "deployment", "ghost", "--replicas=2"], "error: no objects passed to scale deployments.apps \"ghost\" not found\n"),
        (vec!["get", "pods", "-l", "a b"], "Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match label selector \"a b\", field selector \"\": unable to parse requirement"),
    ] {
        let (_, err, code) = s.kubectl(&kubectl, &args, &[]);
        assert_eq!(code, 1, "{args:?}");
        assert!(err.starts_with(want), "{args:?}: {err}");
    }
    let dup = write_file(
        &s.dir,
        "dup.yaml",
        &std::fs::read_to_string(&rolling).unwrap(),
    );
    let (_, err, code) = s.kubectl(&kubectl, &["create", "-f", dup.to_str().unwrap()], &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("Error from server (AlreadyExists): error when creating")
            && err.contains("deployments.apps \"rolldeployment\" already exists"),
        "{err}"
    );
    let bad = write_file(
        &s.dir,
        "bad.yaml",
        &std::fs::read_to_string(&rolling)
            .unwrap()
            .replace("replicas: 10", "replicas: 10\n  replica: 3"),
    );
    let (_, err, code) = s.kubectl(&kubectl, &["apply", "-f", bad.to_str().unwrap()], &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("strict decoding error: unknown field \"spec.replica\""),
        "{err}"
    );
}

/// `kubectl create deployment` goes through client-go's typed client, which sends
/// protobuf and never retries with JSON: the server reads it, creates what kubectl
/// asked for, and a server dry run answers with the defaulted object and keeps
/// nothing.
#[test]
fn real_kubectl_create_deployment_sends_protobuf() {
    let Some(kubectl) = real_kubectl() else {
        return;
    };
    let s = Server::start("protobuf");
    let (out, err, code) = s.kubectl(
        &kubectl,
        &[
            "create",
            "deployment",
            "api",
            "--image=httpd:2.4",
            "--replicas=3",
            "--port=8080",
        ],
        &[],
    );
    assert_eq!(
        (out.as_str(), code),
        ("deployment.apps/api created\n", 0),
        "{err}"
    );
    let jsonpath = "jsonpath={.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.spec.containers[0].name} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort} {.spec.strategy.type}";
    let (out, _, _) = s.kubectl(&kubectl, &["get", "deployment", "api", "-o", jsonpath], &[]);
    assert_eq!(out, "3 api httpd httpd:2.4 8080 RollingUpdate");
    let (_, err, code) = s.kubectl(
        &kubectl,
        &["create", "deployment", "api", "--image=httpd"],
        &[],
    );
    assert_eq!(
        (err.as_str(), code),
        (
            "error: failed to create deployment: deployments.apps \"api\" already exists\n",
            1
        )
    );

    let (out, err, code) = s.kubectl(
        &kubectl,
        &[
            "create",
            "deployment",
            "web",
            "--image=nginx",
            "--dry-run=server",
            "-o",
            "yaml",
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    for line in [
        "  uid: ",
        "  creationTimestamp: \"",
        "    type: RollingUpdate\n",
        "        imagePullPolicy: Always\n",
        "status: {}\n",
    ] {
        assert!(out.contains(line), "{line:?} missing from\n{out}");
    }
    assert!(
        !out.contains("resourceVersion") && !out.contains("deployment.kubernetes.io/revision"),
        "{out}"
    );
    let (out, _, _) = s.kubectl(&kubectl, &["get", "deployments", "-o", "name"], &[]);
    assert_eq!(out, "deployment.apps/api\n");

    // Protobuf the server does not read is refused, and says what to send.
    let (code, body) = s.request(
        "POST",
        DEPLOYMENTS,
        "application/vnd.kubernetes.protobuf",
        "k8s\0\x0a\x0a\x0a\x02v1\x12\x04Node",
    );
    assert_eq!(
        (code, status_of(&body).0.as_str()),
        (415, "UnsupportedMediaType"),
        "{body}"
    );
    let (code, body) = s.request(
        "POST",
        DEPLOYMENTS,
        "application/vnd.kubernetes.protobuf",
        "k8s\0\x0a\x7f",
    );
    assert_eq!(
        (code, status_of(&body).0.as_str()),
        (400, "BadRequest"),
        "{body}"
    );
}
