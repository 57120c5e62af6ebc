//! Real kubectl as the reference, without a cluster: what kubectl v1.33 prints
//! before it talks to any server (YAML errors from `apply --dry-run=client`, flag
//! errors, `-o json` escaping) against what `kubesim` prints for the same input.
//!
//! kubectl.1.33 is looked up beside the `kubectl` on PATH. Without it the tests say
//! they compared nothing; under CI (`CI=true`) a missing kubectl fails them.
//! Known differences are listed in `KNOWN` with their class: a listed case that
//! starts to match fails too, so the list only shrinks.

mod common;

use common::{real_kubectl, Scratch};
use std::process::Command;

fn kubesim(dir: &std::path::Path, script: &str) -> String {
    std::fs::write(dir.join("script.kubesim"), script).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kubesim"))
        .arg(dir.join("script.kubesim"))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn scratch(name: &str) -> Scratch {
    Scratch::new(&format!("kubesim-ref-{name}"))
}

const DEPLOY_HEAD: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";

/// Broken (and a few valid) files: (case, text).
fn yaml_corpus() -> Vec<(&'static str, String)> {
    let d = DEPLOY_HEAD;
    vec![
        ("tab-indent", format!("{d}spec:\n\treplicas: 1\n")),
        ("mapping-values", format!("{d}spec:\n  replicas: 1: 2\n")),
        (
            "dash-in-mapping",
            format!("{d}spec:\n  replicas: 1\n  - x\n"),
        ),
        ("unclosed-flow-map", format!("{d}spec: {{replicas: 1\n")),
        ("unclosed-flow-seq", format!("{d}spec:\n  x: [1, 2\n")),
        (
            "unclosed-double-quote",
            format!("{d}  labels:\n    a: \"open\nspec: {{}}\n"),
        ),
        (
            "unclosed-single-quote",
            format!("{d}  labels:\n    a: 'open\nspec: {{}}\n"),
        ),
        ("unknown-anchor", format!("{d}spec:\n  replicas: *nope\n")),
        ("yaml-2-directive", format!("%YAML 2.0\n---\n{d}")),
        ("complex-key", format!("{d}spec:\n  ? [a, b]\n  : 1\n")),
        (
            "bad-indent-key",
            format!("{d}spec:\n    replicas: 1\n  paused: true\n"),
        ),
        ("stray-close-bracket", format!("{d}spec: ]\n")),
        ("at-sign", format!("{d}spec: @x\n")),
        ("backtick", format!("{d}spec: `x\n")),
        ("tab-after-dash", format!("{d}spec:\n  x:\n  -\tone\n")),
        ("space-tab-after-dash", format!("{d}  labels:\n  - \tx\n")),
        (
            "tab-after-nested-dash",
            format!("{d}spec:\n  x:\n  - - \ty\n"),
        ),
        (
            "unknown-escape",
            format!("{d}  labels:\n    a: \"\\q\"\nspec: {{}}\n"),
        ),
        ("flow-in-block-key", format!("{d}spec:\n  [a]: 1\n")),
        (
            "flow-map-key",
            format!("{d}spec:\n  {{b: 1, a: [x, ~, 1.5, 1e6, \"q\\\"\"]}}: 1\n"),
        ),
        (
            "explicit-seq-key",
            format!("{d}spec:\n  ? - a\n    - 18446744073709551615\n  : 1\n"),
        ),
        ("key-before-syntax", format!("{d}spec:\n  [a]: 1\n  x: [\n")),
        (
            "first-bad-key-wins",
            format!("{d}spec:\n  ~: 1\n  ? [b]\n  : {{[a]: 1}}\n  y: .inf\n"),
        ),
        (
            "null-key",
            format!("{d}spec:\n  ~: [1, 1.5, {{a: [b]}}, ~, x]\n"),
        ),
        (
            "uint64-key",
            format!("{d}spec:\n  18446744073709551615: {{a: ~}}\n"),
        ),
        ("empty-key", format!("{d}spec:\n  : 1\n")),
        // Explicit tags: go-yaml resolves the text and refuses a kind that does not
        // fit, in decoding order with the key errors; a tag wants a blank after it.
        (
            "tag-int-of-str",
            format!("{d}spec:\n  replicas: !!int abc\n"),
        ),
        ("tag-bool-of-int", format!("{d}spec:\n  paused: !!bool 1\n")),
        (
            "tag-int-of-float",
            format!("{d}spec:\n  replicas: !!int 1.5\n"),
        ),
        ("tag-null-of-str", format!("{d}spec:\n  x: !!null x\n")),
        (
            "tag-timestamp-of-str",
            format!("{d}spec:\n  x: !!timestamp abc\n"),
        ),
        (
            "tag-int-of-nothing",
            format!("{d}spec:\n  replicas: !!int\n"),
        ),
        (
            "tag-bad-base64",
            format!("{d}spec:\n  x: !!binary \"aGVs bG8=\"\n"),
        ),
        (
            "tag-base64-unpadded",
            format!("{d}spec:\n  x: !!binary aGk\n"),
        ),
        ("tag-in-flow", format!("{d}spec: {{x: !!int x}}\n")),
        ("tag-no-blank-flow", format!("{d}spec: {{x: !!str}}\n")),
        ("tag-no-blank-hash", format!("{d}spec:\n  x: !foo#x 1\n")),
        ("tag-comma-in-uri", format!("{d}spec: {{a: !!str, b: 1}}\n")),
        (
            "key-error-before-tag-error",
            format!("{d}spec:\n  [a]: 1\n  b: !!int x\n"),
        ),
        (
            "tag-error-before-key-error",
            format!("{d}spec:\n  b: !!int x\n  [a]: 1\n"),
        ),
        (
            "syntax-after-tag-error",
            format!("{d}spec:\n  b: !!int x\n  c: [\n"),
        ),
        // Anchor and alias names: letters, digits, `-`, `_`, then a blank or an indicator.
        ("anchor-name-dot", format!("{d}spec:\n  x: &a.b v\n")),
        (
            "alias-name-dot",
            format!("{d}spec:\n  x: &a v\n  y: *a.b\n"),
        ),
        ("anchor-name-empty", format!("{d}spec:\n  x: & v\n")),
        ("anchor-name-in-flow", format!("{d}spec: [&a.b v]\n")),
        ("anchor-on-key-dot", format!("{d}spec:\n  &a.b k: v\n")),
        ("alias-key-unknown", format!("{d}spec:\n  *nope : v\n")),
        (
            "alias-key-to-seq",
            format!("{d}spec:\n  x: &k [a]\n  *k : v\n"),
        ),
        ("tag-on-key-mismatch", format!("{d}spec:\n  !!int x: v\n")),
        // At the end of the stream inside a flow collection: a node was due (after
        // the bracket, a comma, a colon) or a separator was.
        ("flow-eof-after-open", "a: [".to_string()),
        ("flow-eof-after-comma", "a: [1,".to_string()),
        ("flow-eof-after-colon", "a: {b:".to_string()),
        ("flow-eof-blank-lines", "a: [\n\n".to_string()),
        ("flow-eof-after-key", "a: {b".to_string()),
        ("percent-start", format!("{d}spec: %x\n")),
        ("merge-of-scalar", format!("{d}spec:\n  <<: 1\n")),
        (
            "literal-bad-indent",
            format!("{d}spec:\n  x: |\n    a\n   b\n"),
        ),
        ("unclosed-flow-no-newline", "kind: [unclosed".to_string()),
        (
            "unclosed-quote-no-newline",
            format!("{d}  labels:\n    a: \"open"),
        ),
        ("alias-bomb", {
            let mut t =
                String::from("a: &a [\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"]\n");
            for i in 1..12 {
                t.push_str(&format!(
                    "l{i}: &l{i} [{}]\n",
                    vec![
                        format!(
                            "*{}",
                            if i == 1 {
                                "a".to_string()
                            } else {
                                format!("l{}", i - 1)
                            }
                        );
                        9
                    ]
                    .join(", ")
                ));
            }
            t
        }),
    ]
}

/// Cases whose first error line differs today, and the class of difference.
const KNOWN: &[(&str, &str)] = &[];

#[test]
fn yaml_errors_are_kubectls() {
    let Some(kubectl) = real_kubectl() else {
        return;
    };
    let dir = scratch("yaml");
    let (mut same, mut differ) = (Vec::new(), Vec::new());
    for (case, text) in yaml_corpus() {
        let file = dir.join(format!("{case}.yaml"));
        std::fs::write(&file, &text).unwrap();
        let real = Command::new(&kubectl)
            .args(["apply", "--dry-run=client", "--validate=false", "-f"])
            .arg(&file)
            .output()
            .unwrap();
        let real = String::from_utf8_lossy(&real.stderr)
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        let ours = kubesim(&dir, &format!("kubectl apply -f {case}.yaml\n"));
        let ours = ours.lines().nth(1).unwrap_or("").to_string();
        // kubectl names the file by the path it was given.
        let real = real.replace(&format!("{}", file.display()), &format!("{case}.yaml"));
        if real == ours {
            same.push(case);
        } else {
            differ.push(format!("{case}:\n  kubectl: {real}\n  kubesim: {ours}"));
        }
    }
    eprintln!(
        "YAML errors: {} of {} cases byte-identical",
        same.len(),
        same.len() + differ.len()
    );
    let unexpected: Vec<&String> = differ
        .iter()
        .filter(|d| !KNOWN.iter().any(|(k, _)| d.starts_with(&format!("{k}:"))))
        .collect();
    let fixed: Vec<&&str> = same
        .iter()
        .filter(|c| KNOWN.iter().any(|(k, _)| k == *c))
        .collect();
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "differences not in KNOWN:\n{}\nlisted in KNOWN but now the same: {fixed:?}",
        unexpected
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn json_output_is_indented_and_escaped_as_kubectl_prints_it() {
    let Some(kubectl) = real_kubectl() else {
        return;
    };
    let dir = scratch("json");
    let yaml = format!("{DEPLOY_HEAD}  annotations:\n    note: \"a <b> & c \\u2028 \\b \\f \\u0001 é \\\"q\\\" \\\\ \\t\"\nspec:\n  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: c, image: nginx}}]}}\n");
    std::fs::write(dir.join("e.yaml"), &yaml).unwrap();
    let real = Command::new(&kubectl)
        .args(["set", "image", "--local", "-o", "json", "-f"])
        .arg(dir.join("e.yaml"))
        .arg("c=httpd")
        .output()
        .unwrap();
    let real = String::from_utf8_lossy(&real.stdout).into_owned();
    let ours = kubesim(
        &dir,
        "kubectl apply -f e.yaml\nkubectl get deployment web -o json\n",
    );
    let line = |text: &str| {
        text.lines()
            .find(|l| l.contains("\"note\""))
            .map(str::to_string)
    };
    assert!(line(&real).is_some(), "kubectl printed:\n{real}");
    // The same depth in both (metadata.annotations.note): indentation and escapes.
    assert_eq!(line(&ours), line(&real));
}

/// Command lines kubectl answers before it needs a server: flag and argument
/// errors, which learners meet first, and the client-side dry runs that print the
/// object kubectl would send.
const LINES: &[&str] = &[
    "create deployment web --image=nginx --dry-run=client",
    "create deployment web --image=nginx --dry-run=client -o yaml",
    "create deployment web --image=nginx --dry-run=client -o json",
    "create deployment web --image=nginx --dry-run=client -o name",
    "create deployment api --image=httpd:2.4 --replicas=3 --port=8080 --dry-run=client -o yaml",
    "create deployment api --image=registry.k8s.io/pause:3.9 --port=0 -r 0 --dry-run=client -o json",
    "create deployment web --image=nginx --dry-run=bogus",
    "scale deployment web --replicas=2 --dry-run=maybe",
    "delete deployment web --dry-run=maybe",
    "set image deployment/web web=httpd --dry-run=maybe",
    "annotate deployment web a=b --dry-run=maybe",
    "rollout undo deployment web --dry-run=maybe",
    "scale deployment web --replicas=abc",
    "scale deployment web",
    "scale deployment web --replicas=99999999999999999999",
    "get pods --bogus",
    "get pods -z",
    "rollout status deployment web --timeout=abc",
    "rollout undo deployment web --to-revision=x",
    "create deployment web",
    "create deployment",
    "delete",
    "rollout frob deployment web",
    "logs",
    "get",
    "describe",
    "annotate deployment web",
    "scale --replicas=2",
    "version --output=bogus",
    "apply",
    "apply -f",
    "edit",
    "rollout history deployment web --revision=-1",
    "set image",
    "rollout undo",
    "create deployment web --image=nginx --replicas=x",
    "get pods --watch=maybe",
];

/// Lines whose output differs today, and the class of difference.
const KNOWN_LINES: &[(&str, &str)] = &[];

#[test]
fn argument_errors_are_kubectls() {
    let Some(kubectl) = real_kubectl() else {
        return;
    };
    let dir = scratch("args");
    let (mut same, mut differ, mut needs_server) = (0, Vec::new(), 0);
    for line in LINES {
        let words: Vec<&str> = line.split_whitespace().collect();
        let real = Command::new(&kubectl)
            .args(&words)
            .env("KUBECONFIG", "/dev/null")
            .output()
            .unwrap();
        let real = String::from_utf8_lossy(&real.stderr).into_owned()
            + &String::from_utf8_lossy(&real.stdout);
        if real.contains("connection refused") {
            assert!(
                !line.contains("--dry-run=client"),
                "a client dry run needed a server: kubectl {line}\n{real}"
            );
            needs_server += 1;
            continue;
        }
        let ours = kubesim(&dir, &format!("kubectl {line}\n"));
        let ours = ours
            .split_once('\n')
            .map(|(_, rest)| rest)
            .unwrap_or("")
            .to_string();
        if ours == real {
            same += 1;
        } else if !KNOWN_LINES.iter().any(|(l, _)| l == line) {
            differ.push(format!(
                "kubectl {line}\n--- kubectl\n{real}--- kubesim\n{ours}"
            ));
        }
    }
    eprintln!(
        "argument errors: {same} of {} lines byte-identical ({needs_server} needed a server)",
        LINES.len() - needs_server
    );
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

/// YAML 1.1 scalars for the decoded-values corpus.
const VALUES: [&str; 31] = [
    "yes", "no", "on", "off", "y", "n", "true", "True", "FALSE", "010", "0x10", "0o10", "1_000",
    "0b101", "+12", "-0", "1e3", "1.5", ".5", "~", "null", "\"\"", "'010'", "12:30", "0.", "1_0.5",
    ".inf", "-.Inf", ".nan", "07", "08",
];

/// Fields of every type a Deployment has: (field, JSON pointer).
const VALUE_FIELDS: [(&str, &str); 6] = [
    ("replicas", "/spec/replicas"),
    ("minReadySeconds", "/spec/minReadySeconds"),
    ("paused", "/spec/paused"),
    ("annotation", "/metadata/annotations/note"),
    ("env", "/spec/template/spec/containers/0/env/0/value"),
    (
        "containerPort",
        "/spec/template/spec/containers/0/ports/0/containerPort",
    ),
];

/// A Deployment (container `web`) with `v` written in `field`.
fn values_file(field: &str, v: &str) -> String {
    let mut spec_extra = String::new();
    let mut annotations = String::new();
    let mut env = "        env:\n        - name: A\n          value: x\n".to_string();
    let mut port = "        ports:\n        - containerPort: 80\n".to_string();
    let mut replicas = "2".to_string();
    match field {
        "replicas" => replicas = v.to_string(),
        "minReadySeconds" => spec_extra = format!("  minReadySeconds: {v}\n"),
        "paused" => spec_extra = format!("  paused: {v}\n"),
        "annotation" => annotations = format!("  annotations:\n    note: {v}\n"),
        "env" => env = format!("        env:\n        - name: A\n          value: {v}\n"),
        _ => port = format!("        ports:\n        - containerPort: {v}\n"),
    }
    format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n{annotations}spec:\n  replicas: {replicas}\n  progressDeadlineSeconds: 100000\n{spec_extra}  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx\n{env}{port}")
}

/// The decoded-values corpus: YAML 1.1 scalars (`yes`, `on`, `010`, `0x10`,
/// `1_000`, ...) in fields of every type a Deployment has, decoded by kubectl
/// (`set image --local -f F ... -o json`, which decodes the file and prints the
/// typed object) and by the playground (`apply -f F`, then `get -o json`). Both
/// must give the same value, or both refuse it with the same `json: ...` reason.
/// (Values the API server's validation refuses are left out: `--local` does not
/// validate.) Known differences are listed by class in `DECODE_KNOWN`; a
/// difference of no listed class fails, and so does a class that no longer occurs,
/// so the list only shrinks.
#[test]
fn decoded_values_are_kubectls() {
    let Some(kubectl) = real_kubectl() else {
        return;
    };
    let dir = scratch("decoded");
    let (values, fields) = (VALUES, VALUE_FIELDS);
    let file = values_file;
    // What a JSON value or an error says: the value as JSON text, or the reason.
    let reason = |err: &str| err.rsplit("json: ").next().unwrap_or("").trim().to_string();
    let mut same = 0;
    let mut differ = Vec::new();
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for (field, path) in fields {
        for v in values {
            let text = file(field, v);
            std::fs::write(dir.join("d.yaml"), &text).unwrap();
            let real = Command::new(&kubectl)
                .args(["set", "image", "--local", "-f"])
                .arg(dir.join("d.yaml"))
                .args(["web=changed", "-o", "json"])
                .output()
                .unwrap();
            let theirs = if real.status.success() {
                let j: serde_json::Value = serde_json::from_slice(&real.stdout).unwrap();
                match j.pointer(path) {
                    // `--local` does not default; the API server sets an unset
                    // replicas to 1 (SetDefaults_Deployment), as the playground does.
                    None if field == "replicas" => Ok(serde_json::json!(1)),
                    v => Ok(v.cloned().unwrap_or(serde_json::Value::Null)),
                }
            } else {
                Err(reason(&String::from_utf8_lossy(&real.stderr)))
            };
            let transcript = kubesim(
                &dir,
                "kubectl apply -f d.yaml\nkubectl get deployment web -o json\n",
            );
            let json_text: String = transcript
                .split_inclusive('\n')
                .skip_while(|l| !l.starts_with('{'))
                .take_while(|l| !l.starts_with('$'))
                .collect();
            let ours = match serde_json::from_str::<serde_json::Value>(&json_text) {
                // Omitted zero values print as nothing, as kubectl's omitempty fields do.
                Ok(j) => Ok(j.pointer(path).cloned().unwrap_or(serde_json::Value::Null)),
                Err(_) => Err(reason(transcript.lines().nth(1).unwrap_or(""))),
            };
            let norm = |r: &Result<serde_json::Value, String>| match r {
                Ok(serde_json::Value::Bool(false)) | Ok(serde_json::Value::Null) => {
                    Ok("<zero>".to_string())
                }
                Ok(serde_json::Value::Number(n)) if n.as_f64() == Some(0.0) => {
                    Ok("<zero>".to_string())
                }
                Ok(serde_json::Value::String(s)) if s.is_empty() => Ok("<zero>".to_string()),
                Ok(v) => Ok(v.to_string()),
                Err(e) => Err(e.clone()),
            };
            if matches!(&ours, Err(e) if e.contains(" is invalid: ")) {
                continue;
            }
            let (theirs, ours) = (norm(&theirs), norm(&ours));
            if theirs == ours {
                same += 1;
                continue;
            }
            let class = DECODE_KNOWN
                .iter()
                .find(|(_, test)| test(&theirs, &ours))
                .map(|(c, _)| *c);
            match class {
                Some(c) => *seen.entry(c).or_insert(0) += 1,
                None => differ.push(format!(
                    "{field}: {v}: kubectl {theirs:?}, playground {ours:?}"
                )),
            }
        }
    }
    eprintln!(
        "decoded values: {same} of {} identical; known differences by class: {seen:?}",
        same + differ.len() + seen.values().sum::<usize>()
    );
    assert!(
        differ.is_empty(),
        "{} differ in no known class:\n{}",
        differ.len(),
        differ.join("\n")
    );
    for (class, _) in DECODE_KNOWN {
        assert!(
            seen.contains_key(class),
            "no case of {class:?} is left: remove it from DECODE_KNOWN"
        );
    }
}

type Decoded = Result<String, String>;

/// Differences between kubectl's decoding and ours, by class: (class, test).
/// Empty since the decoder leaves `null` alone, names a number's value only for
/// integer fields and names a map's element by its map field, as Go does.
const DECODE_KNOWN: &[(&str, fn(&Decoded, &Decoded) -> bool)] = &[];

/// Files for `set image --local`: (name, text). Container names: the tutorial's
/// `nginx`, the others' `web`.
fn local_corpus() -> Vec<(String, String)> {
    let mut files = vec![
        (
            "rolling.yaml".to_string(),
            common::read("presets/rolling-deployment.yaml"),
        ),
        (
            "recreate.yaml".to_string(),
            common::read("presets/recreate-deployment.yaml"),
        ),
    ];
    let web = |extra_meta: &str, extra_spec: &str, extra_pod: &str, extra_container: &str| {
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n{extra_meta}spec:\n{extra_spec}  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n{extra_pod}      containers:\n      - name: web\n        image: nginx\n{extra_container}")
    };
    let mut add = |name: &str, text: String| files.push((name.to_string(), text));
    // Every field of the Deployment's own structs, in an order Go does not use.
    add("spec.yaml", web(
        "  namespace: prod\n  annotations: {z: \"1\", a: \"2\"}\n  labels: {b: x, a: \"y\"}\n  uid: 0f0e\n  generation: 3\n  creationTimestamp: \"2024-01-02T03:04:05+01:00\"\n",
        "  progressDeadlineSeconds: 30\n  paused: true\n  revisionHistoryLimit: 0\n  minReadySeconds: 5\n  strategy:\n    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}\n    type: RollingUpdate\n  replicas: 0\n",
        "      terminationGracePeriodSeconds: 0\n      restartPolicy: Always\n      dnsPolicy: ClusterFirst\n",
        "        imagePullPolicy: IfNotPresent\n        readinessProbe:\n          periodSeconds: 2\n          httpGet: {port: http, path: /}\n        livenessProbe:\n          tcpSocket: {port: 80}\n        env: [{value: b, name: A}, {name: B}]\n        ports: [{protocol: TCP, containerPort: 80, name: http}]\n        resources:\n          requests: {memory: 64Mi, cpu: 250m}\n          limits: {cpu: \"1\"}\n",
    ));
    add("status.yaml", web("", "", "", "") + "status:\n  replicas: 2\n  conditions:\n  - type: Available\n    status: \"True\"\n    reason: MinimumReplicasAvailable\n  observedGeneration: 1\n");
    // Zero values and nulls: each left out, or kept where Go's struct keeps it.
    add(
        "nulls.yaml",
        web(
            "  labels: {}\n  annotations: ~\n",
            "  strategy: null\n  replicas: ~\n  paused: false\n  minReadySeconds: 0\n",
            "      volumes: []\n",
            "        ports: []\n        env: []\n        resources: ~\n        command: []\n",
        ),
    );
    // Fields the structs do not have (dropped), and what only the API server or the
    // playground refuses (kept: `--local` neither validates nor simulates).
    add(
        "unknown.yaml",
        web(
            "  nmae: x\n",
            "  replica: 3\n  selector2: {}\n",
            "      bogus: 1\n",
            "        imagee: x\n",
        ),
    );
    add("invalid.yaml", web("", "  replicas: -4\n  strategy: {type: Sideways}\n", "", "        ports: [{containerPort: 0}]\n").replace("matchLabels: {app: web}", "matchLabels: {app: other}\n    matchExpressions: [{key: tier, operator: In, values: [a, b]}]"));
    add("init.yaml", web("", "", "      initContainers:\n      - name: setup\n        image: busybox\n      - name: web\n        image: alpine\n", "      - name: side\n        image: envoy\n"));
    add(
        "two.yaml",
        format!(
            "{}---\n{}",
            web("", "", "", ""),
            web("", "", "", "").replace("name: web\nspec", "name: second\nspec")
        ),
    );
    add("empty.yaml", String::new());
    add("only-separators.yaml", "---\n---\n".to_string());
    // Broken: the first error fails the command before anything is printed.
    add("type.yaml", web("", "  replicas: two\n", "", ""));
    add(
        "mixed.yaml",
        format!(
            "{}---\n{}",
            web("", "", "", ""),
            web("", "  paused: maybe\n", "", "")
        ),
    );
    add(
        "no-kind.yaml",
        web("", "", "", "").replacen("kind: Deployment\n", "", 1),
    );
    add(
        "no-api.yaml",
        web("", "", "", "").replacen("apiVersion: apps/v1\n", "", 1),
    );
    add("syntax.yaml", web("", "  replicas: [2\n", "", ""));
    add("labels-type.yaml", web("  labels: {a: 1}\n", "", "", ""));
    // Mapping keys as kubectl's YAML step takes them: the later of two equal keys
    // wins; float keys are written at 32 bits; `? ` keys; and the keys it refuses.
    add("keys.yaml", web(
        "  labels: {1e6: a, .inf: b, 0.1234567891: c, 1.0: d, 0x10: e, yes: f, 1_000: g, -.inf: h, .nan: i, 1e21: j, 16777217.0: k, 1e-50: l}\n  annotations:\n    ? explicit\n    : v\n    ? |\n      block key\n    : w\n    dup: first\n    \"dup\": second\n    true: x\n    on: y\n",
        "  replicas: 1\n  replicas: 3\n", "", "        image: httpd\n",
    ));
    add("tags.yaml", web(
        "  annotations:\n    a: !foo 1\n    b: ! 2\n    c: !!str 0x10\n    d: !!binary aGVsbG8=\n    e: !!binary |\n      aGVs\n      bG8=\n    f: !<tag:yaml.org,2002:str> 1\n    g: !!str\n    h: !!str .inf\n    i: !!binary /w==\n    i2: !!binary 4oI=\n    i3: !!binary 4oJh\n    j: !!merge x\n    k: !!timestamp 2001-12-14\n  labels: {a: !!str 1, b: ! 2, c: !!binary aGk=, !!str 1: g, d: !!str }\n",
        "  replicas: !!int \"3\"\n  paused: !!bool \"yes\"\n  minReadySeconds: !!float 5\n  progressDeadlineSeconds: !!null\n", "", "",
    ));
    add("key-properties.yaml", web(
        "  annotations:\n    &a k: v\n    j: *a\n    !!str 1: w\n    x: &k key\n    *k : y\n    &b !!str 2: z\n    m: *b\n    &c \"q k\": v\n    n: *c\n    &d .inf: w\n    !!float -.inf: x\n",
        "", "", "",
    ));
    // Pod fields past the tutorial's, in foreign orders, with zero values and unknown fields.
    add("volumes.yaml", web(
        "",
        "",
        "      volumes:\n      - emptyDir: {medium: \"\", sizeLimit: 1Gi}\n        name: scratch\n      - name: conf\n        configMap: {name: web-conf, items: [{path: a.conf, key: a, mode: 0644}], optional: false, bogus: 1}\n      - name: cert\n        secret: {secretName: tls, defaultMode: 0400}\n      - name: data\n        persistentVolumeClaim: {readOnly: false, claimName: data}\n      - hostPath: {type: Directory, path: /var/log}\n        name: logs\n      tolerations: [{effect: NoSchedule, operator: Exists, key: node-role, tolerationSeconds: null}]\n      imagePullSecrets: [{name: regcred}]\n",
        "        volumeMounts:\n        - {mountPath: /tmp, name: scratch, readOnly: false}\n        - {readOnly: true, name: conf, mountPath: /etc/web, subPath: \"\"}\n        env:\n        - name: POD\n          valueFrom: {fieldRef: {fieldPath: metadata.name}}\n        - name: KEY\n          valueFrom: {secretKeyRef: {key: k, name: s, optional: true}}\n        - name: MEM\n          valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}\n        envFrom: [{prefix: CM_, configMapRef: {name: web-conf}}, {secretRef: {name: s, optional: false}}]\n        securityContext: {runAsNonRoot: true, capabilities: {drop: [ALL], add: []}, allowPrivilegeEscalation: false, colour: red}\n",
    ));
    // Type errors inside them, in Go's words (struct, path without indices, type).
    for (i, (pod, container)) in [
        ("      volumes: abc\n", ""),
        ("      volumes: [{name: 5}]\n", ""),
        ("      volumes: [{name: v, configMap: x}]\n", ""),
        (
            "      volumes: [{name: v, configMap: {defaultMode: 1.5}}]\n",
            "",
        ),
        (
            "      volumes: [{name: v, emptyDir: {sizeLimit: [1]}}]\n",
            "",
        ),
        (
            "      volumes: [{name: v, emptyDir: {sizeLimit: 0.5Gi}}]\n",
            "",
        ),
        ("      tolerations: [{tolerationSeconds: x}]\n", ""),
        ("      nodeSelector: {a: 1}\n", ""),
        ("", "        volumeMounts: [{name: v, readOnly: yes2}]\n"),
        ("", "        securityContext: {runAsUser: \"1\"}\n"),
        (
            "",
            "        env: [{name: A, valueFrom: {fieldRef: {fieldPath: [x]}}}]\n",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        add(&format!("pod-type-{i}.yaml"), web("", "", pod, container));
    }
    add(
        "complex-key.yaml",
        web("  labels:\n    ? [a, b]\n    : x\n", "", "", ""),
    );
    add(
        "flow-key.yaml",
        web("", "", "", "").replace("matchLabels: {app: web}", "matchLabels: {{app: web}: x}"),
    );
    add(
        "null-key.yaml",
        web("  annotations:\n    null: [1, {a: ~}]\n", "", "", ""),
    );
    add(
        "uint64-key.yaml",
        web("  labels: {18446744073709551615: x}\n", "", "", ""),
    );
    for (field, _) in VALUE_FIELDS {
        for (i, v) in VALUES.iter().enumerate() {
            add(&format!("value-{field}-{i}.yaml"), values_file(field, v));
        }
    }
    files
}

/// `set image --local -f F ...`: kubectl decodes each file into its Go struct,
/// sets the images and prints the objects as Go encodes them, with no server. The
/// corpus: the tutorial's files, files with every field of the Deployment's
/// structs in foreign orders, zero values and nulls, unknown fields, specs only a
/// server refuses, init containers, several documents, broken files, and the
/// YAML 1.1 values corpus; the tutorial files with every form of the command
/// (formats, `--record`, dry runs, wildcards, missing containers, unchanged
/// images, errors). Output must be byte-identical, stdout and stderr as they
/// interleave.
#[test]
fn set_image_local_is_kubectls() {
    let Some(kubectl) = real_kubectl() else {
        return;
    };
    let dir = scratch("local");
    // As `kubectl`, so `--record`'s change-cause names the same command.
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    std::os::unix::fs::symlink(&kubectl, dir.join("bin/kubectl")).unwrap();
    let files = local_corpus();
    for (name, text) in &files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let mut lines: Vec<String> = [
        "-o yaml",
        "-o json",
        "-o name",
        "",
        "--dry-run=client",
        "--dry-run=client -o yaml",
        "--record -o yaml",
        "--record",
        "-o wide",
        "--dry-run=server",
        "--dry-run=bogus",
    ]
    .iter()
    .map(|form| format!("set image --local -f rolling.yaml nginx=httpd {form}"))
    .collect();
    for args in [
        "nginx=nginx -o yaml",
        "nginx=nginx --record -o yaml",
        "*=busybox:1.36 -o yaml",
        "nginx=httpd nginx=alpine -o yaml",
        "bogus=x",
        "nginx=httpd bogus=x -o name",
        "*=a nginx=b",
        "",
        "nginx= -o yaml",
    ] {
        lines.push(format!("set image --local -f recreate.yaml {args}"));
    }
    lines.extend(
        [
            "set image --local nginx=httpd",
            "set image --local deployment/rcdeployment nginx=httpd",
            "set image --local -f missing.yaml nginx=httpd",
            "set image --local -f rolling.yaml deployment/rcdeployment nginx=httpd",
            "set image --local -f rolling.yaml -f recreate.yaml nginx=httpd -o yaml",
        ]
        .map(String::from),
    );
    for (name, _) in files.iter().skip(2) {
        let format = if name.starts_with("value-") {
            "-o json"
        } else {
            "-o yaml"
        };
        lines.push(format!("set image --local -f {name} web=changed {format}"));
        if !name.starts_with("value-") {
            lines.push(format!("set image --local -f {name} *=busybox -o json"));
        }
    }
    let script: String = lines.iter().map(|l| format!("kubectl {l}\n")).collect();
    let transcript = kubesim(&dir, &script);
    let ours: Vec<&str> = transcript.split("$ kubectl ").skip(1).collect();
    assert_eq!(ours.len(), lines.len(), "kubesim transcript:\n{transcript}");
    let (mut same, mut differ) = (0, Vec::new());
    for (line, ours) in lines.iter().zip(ours) {
        let ours = ours.split_once('\n').map_or("", |(_, rest)| rest);
        let real = Command::new("sh")
            .arg("-c")
            .arg("exec \"$0\" \"$@\" 2>&1")
            .arg(dir.join("bin/kubectl"))
            .args(line.split_whitespace())
            .current_dir(&*dir)
            .env("KUBECONFIG", "/dev/null")
            .output()
            .unwrap();
        let real = String::from_utf8_lossy(&real.stdout);
        if ours == real {
            same += 1;
        } else {
            differ.push(format!(
                "kubectl {line}\n--- kubectl\n{real}--- kubesim\n{ours}"
            ));
        }
    }
    eprintln!(
        "set image --local: {same} of {} commands byte-identical over {} files",
        lines.len(),
        files.len()
    );
    assert!(
        differ.is_empty(),
        "{} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

/// Strings that stress go-yaml's choice of style (plain, 'single', "double", `|`
/// blocks with their indicators) and its folding at 80 columns: indicators at the
/// start, middle and end, words YAML 1.1 reads as other types, controls and
/// characters outside the printable set, line breaks with spaces around them, and
/// long texts in each style, broken near the limit at single and double spaces.
fn yaml_strings() -> Vec<String> {
    let mut strings: Vec<String> = [
        "plain",
        "a: b",
        "a:b",
        "x:",
        "x: ",
        ":x",
        ": x",
        "-x",
        "- x",
        "-",
        "--",
        "---",
        "--- x",
        "...",
        "...x",
        "#x",
        "x #y",
        "x#y",
        "x# y",
        "*x",
        "&x",
        "!x",
        "|x",
        ">x",
        "%x",
        "@x",
        "`x",
        "'x",
        "\"x",
        "x'",
        "x\"",
        "it's",
        "?x",
        "? x",
        ",x",
        "x,y",
        "[x",
        "x]",
        "{x",
        "x}",
        " x",
        "x ",
        "  ",
        " ",
        "",
        "~",
        "null",
        "Null",
        "NULL",
        "true",
        "True",
        "yes",
        "Yes",
        "no",
        "on",
        "off",
        "y",
        "n",
        "Y",
        "1",
        "-1",
        "+1",
        "1.5",
        "1e3",
        "1E3",
        ".5",
        "5.",
        "0x10",
        "0X10",
        "0o17",
        "010",
        "08",
        "0b101",
        "1_000",
        "+x",
        "-.5",
        ".inf",
        "-.Inf",
        ".NaN",
        ".nan",
        "1e999",
        "12:30",
        "1:20",
        "1:60",
        "-1:2:3.5",
        "190:20:30",
        "2024-01-02",
        "2024-1-2",
        "2024-01-02T03:04:05Z",
        "2024-01-02 03:04:05",
        "2024-01-02x",
        "2024-02-30",
        "2024-01-02T03:04:05",
        "x\ty",
        "\tx",
        "x\t",
        "x\u{7}y",
        "\u{1b}[0m",
        "nul\u{0}",
        "\u{7f}",
        "é",
        "naïve café",
        "日本語",
        "emoji 😀",
        "\u{a0}nbsp",
        "x\u{85}y",
        "line\u{2028}sep",
        "a\u{2029}b\u{2028}\u{2028}c",
        "\u{feff}bom",
        "\u{feff}b é 😀 \"\t",
        "a\u{feff}b",
        "a \u{85} b",
        "a\u{85}",
        "a\u{85}\u{85}b",
        "\u{85}",
        "\u{9f}",
        "\u{fffe}",
        "back\\slash",
        "\"quoted\"",
        "=x",
        "<x>",
        "a&b",
        "x?",
        "x!",
        "$HOME",
        "a\nb",
        "a\nb\n",
        "a\n\nb",
        "a\n\n",
        "\n",
        "\n\n",
        "\nx",
        " x\ny",
        "x \ny",
        "x\n y",
        "x\n\ty",
        "x\ny ",
        "x\r\ny",
        "key: |\n  nested\n",
        "#!/bin/sh\necho hi\n",
        "trailing\n\n\n",
    ]
    .map(String::from)
    .to_vec();
    // Long texts: a run of words whose spaces fall on every column near 80, in each
    // style (plain; single for ": "; double for a tab), some with double spaces.
    for lead in ["", "a: ", "\t", "'q' "] {
        for (shift, gap) in [(0, " "), (1, " "), (3, " "), (5, "  "), (2, "   ")] {
            let words: Vec<String> = (0..24)
                .map(|i| "w".repeat(1 + (i * 7 + shift) % 6))
                .collect();
            strings.push(format!("{lead}{}", words.join(gap)));
        }
    }
    strings.push("x".repeat(120));
    strings.push(format!("{} end", "y".repeat(100)));
    strings
}

/// The string as a YAML double-quoted scalar, every character outside printable
/// ASCII escaped, so the file itself holds nothing a reader could trip on.
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// kubectl's `-o yaml` writes every string as go-yaml v2 chooses: each string of
/// `yaml_strings` as a map value (an annotation), as a map key (a label's) and as a
/// sequence item (an argument, two levels deeper), printed by `set image --local
/// -o yaml` from kubectl.1.33 and from the playground; byte-identical.
#[test]
fn yaml_output_strings_are_kubectls() {
    let Some(kubectl) = real_kubectl() else {
        return;
    };
    let dir = scratch("yaml-strings");
    let strings = yaml_strings();
    let mut lines = Vec::new();
    for (i, s) in strings.iter().enumerate() {
        let q = yaml_quoted(s);
        let text = format!(
            "{DEPLOY_HEAD}  annotations:\n    note: {q}\n  labels:\n    {q}: v\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        args: [{q}, {q}]\n"
        );
        std::fs::write(dir.join(format!("s{i}.yaml")), text).unwrap();
        lines.push(format!("set image --local -f s{i}.yaml web=httpd -o yaml"));
    }
    let labels: Vec<String> = strings.iter().map(|s| format!("{s:?}")).collect();
    let (same, differ) = compare_lines(&kubectl, &dir, &lines, &labels);
    eprintln!("-o yaml strings: {same} of {} byte-identical", lines.len());
    assert!(
        differ.is_empty(),
        "{} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

/// Quantities as YAML writes them (plain and quoted): apimachinery's parse (the
/// text kept when already canonical), its canonical form, rounding to a nano, the
/// binary cap, and its two errors.
const QUANTITIES: &[&str] = &[
    "0",
    "0.5",
    "1",
    "1.5",
    "1000",
    "1500",
    "2000",
    "0.1",
    "100m",
    "1000m",
    "1500m",
    "0.0001",
    "0.0000000001",
    "1n",
    "1u",
    "1k",
    "1M",
    "1G",
    "1T",
    "1P",
    "1E",
    "1000E",
    "1Ki",
    "1024Ki",
    "1536Mi",
    "0.5Gi",
    "1.1Gi",
    "1.5Gi",
    "100Mi",
    "128974848",
    "129e6",
    "129M",
    "123Mi",
    "1e3",
    "1E3",
    "1e-3",
    "1.5e3",
    "2e6",
    "1e21",
    "0.1e1",
    "-1",
    "-0.5",
    "-1Ki",
    "-1024Ki",
    "+1",
    "01",
    "1.",
    "007m",
    "0.000",
    "1000000000000000000000",
    "1.0",
    "10Ei",
    "8Ei",
    "9Ei",
    "12345678901234567890",
    "1024",
    "1023Ki",
    "2048",
    "1e0",
    "5e-9",
    "5e-10",
    "1.0000000001",
    "-0.0000000001",
    "3Pi",
    "1Ti",
    "2.5Ti",
    "1e+3",
    "'1e+3'",
    "'0.5'",
    "'1000'",
    "' 2 '",
    "abc",
    "''",
    "1x",
    "1.2.3",
    "true",
    "1e",
    "1Ki5",
    "0x10",
    "{a: 1}",
    "[1]",
    "null",
    "~",
    ".5",
    "1e999",
    "0755",
    "1_000",
];

/// `resources` quantities: each of `QUANTITIES` as a limit and a request, through
/// `set image --local -o json` by kubectl.1.33 and by the playground; identical.
#[test]
fn quantities_are_kubectls() {
    let Some(kubectl) = real_kubectl() else {
        return;
    };
    let dir = scratch("quantities");
    let mut lines = Vec::new();
    for (i, q) in QUANTITIES.iter().enumerate() {
        let text = format!(
            "{DEPLOY_HEAD}spec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        resources:\n          limits:\n            cpu: {q}\n          requests:\n            memory: {q}\n"
        );
        std::fs::write(dir.join(format!("q{i}.yaml")), text).unwrap();
        lines.push(format!("set image --local -f q{i}.yaml web=httpd -o json"));
    }
    let labels: Vec<String> = QUANTITIES.iter().map(|q| q.to_string()).collect();
    let (same, differ) = compare_lines(&kubectl, &dir, &lines, &labels);
    eprintln!("quantities: {same} of {} byte-identical", lines.len());
    assert!(
        differ.is_empty(),
        "{} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

/// Each command line through kubesim (one script) and through `kubectl` in `dir`,
/// stdout then stderr: how many print the same, and each difference under its
/// `label`.
fn compare_lines(
    kubectl: &std::path::Path,
    dir: &std::path::Path,
    lines: &[String],
    labels: &[String],
) -> (usize, Vec<String>) {
    let script: String = lines.iter().map(|l| format!("kubectl {l}\n")).collect();
    let transcript = kubesim(dir, &script);
    let ours: Vec<&str> = transcript.split("$ kubectl ").skip(1).collect();
    assert_eq!(ours.len(), lines.len(), "kubesim transcript:\n{transcript}");
    let (mut same, mut differ) = (0, Vec::new());
    for ((line, ours), label) in lines.iter().zip(ours).zip(labels) {
        let ours = ours.split_once('\n').map_or("", |(_, rest)| rest);
        let real = Command::new(kubectl)
            .args(line.split_whitespace())
            .current_dir(dir)
            .env("KUBECONFIG", "/dev/null")
            .output()
            .unwrap();
        let real = format!(
            "{}{}",
            String::from_utf8_lossy(&real.stdout),
            String::from_utf8_lossy(&real.stderr)
        );
        if ours == real {
            same += 1;
        } else {
            differ.push(format!(
                "{label}: kubectl {line}\n--- kubectl\n{real}--- kubesim\n{ours}"
            ));
        }
    }
    (same, differ)
}
