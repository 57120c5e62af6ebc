//! Bad input gets a clear kubectl-style error and changes nothing: malformed YAML,
//! wrong types, invalid specs, absurd numbers, unknown commands and flags. Each case
//! runs against a cluster holding a healthy Deployment, and the cluster's full state
//! (objects as YAML, events, next timer) must be identical afterwards.

use rollout_playground::kubectl::script::Session;
use rollout_playground::kubectl::Files;
use std::collections::BTreeMap;

struct Mem(BTreeMap<String, String>);
impl Files for Mem {
    fn read(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

const GOOD: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
";

/// A Deployment whose annotation value is `string_bytes` of text fanned out
/// 10,000 times through four levels of lists of aliases.
fn alias_bomb(string_bytes: usize) -> String {
    let ten = |name: &str| vec![format!("*{name}"); 10].join(", ");
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    s: &s \"{}\"\nx:\n  a: &a [{}]\n  b: &b [{}]\n  c: &c [{}]\n  d: [{}]\n",
        "x".repeat(string_bytes),
        ten("s"),
        ten("a"),
        ten("b"),
        ten("c")
    )
}

fn good_with(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "{from:?} not in the base manifest");
    GOOD.replacen(from, to, 1)
}

fn state(s: &mut Session) -> String {
    let files = Mem(BTreeMap::new());
    let mut t = String::new();
    for c in [
        "kubectl get deploy,rs,pods -o yaml",
        "kubectl get events",
        "kubectl rollout history deployment/web",
    ] {
        t.push_str(&s.run_line(&files, c).text());
    }
    t.push_str(&format!(
        "next timer: {:?}, now {}",
        s.sim.next_deadline(),
        s.sim.now_ms()
    ));
    t
}

fn session() -> Session {
    let mut s = Session::new(3);
    let files = Mem([("good.yaml".to_string(), GOOD.to_string())].into());
    let out = s.run_line(&files, "kubectl apply -f good.yaml");
    assert_eq!(out.text(), "deployment.apps/web created\n");
    s.sim.advance(5_000);
    s
}

/// (manifest, expected error text) for `kubectl apply -f bad.yaml`.
fn manifest_cases() -> Vec<(String, &'static str)> {
    vec![
        ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n spec: {}\n".into(), "error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key"),
        ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n\tname: web\n".into(), "error: error parsing bad.yaml: error converting YAML to JSON: yaml: line"),
        ("key: [unclosed\n".into(), "error: error parsing bad.yaml: error converting YAML to JSON: yaml:"),
        (good_with("apiVersion: apps/v1\n", ""), "error: error validating \"bad.yaml\": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false"),
        (good_with("kind: Deployment\n", ""), "error validating data: kind not set"),
        (good_with("kind: Deployment", "kind: Service"), "error: unable to recognize \"bad.yaml\": the playground simulates apps/v1 Deployments only (got kind \"Service\", apiVersion \"apps/v1\")"),
        (good_with("replicas: 3", "replica: 3"), "Error from server (BadRequest): error when creating \"bad.yaml\": Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replica\""),
        (good_with("replicas: 3", "replicas: \"3\""), "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"),
        (good_with("replicas: 3", "replicas: 99999999999"), "json: cannot unmarshal number 99999999999 into Go struct field DeploymentSpec.spec.replicas of type int32"),
        (good_with("replicas: 3", "replicas: 1.5e300"), "cannot unmarshal number"),
        (good_with("replicas: 3", "replicas: -1"), "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
        (good_with("replicas: 3", "replicas: 200000"), "spec.replicas: Invalid value: 200000: must be less than or equal to 100000 (the playground's limit)"),
        (good_with("        app: web\n    spec", "        app: other\n    spec"), "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`"),
        (good_with("    matchLabels:\n      app: web\n", "    matchLabels: {}\n"), "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"),
        (good_with("  selector:\n    matchLabels:\n      app: web\n", ""), "spec.selector: Required value"),
        (good_with("  replicas: 3\n", "  replicas: 3\n  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n"), "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"),
        (good_with("  replicas: 3\n", "  replicas: 3\n  strategy:\n    rollingUpdate:\n      maxUnavailable: 110%\n"), "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"110%\"}: must not be greater than 100%"),
        (good_with("  replicas: 3\n", "  replicas: 3\n  strategy:\n    rollingUpdate:\n      maxSurge: abc\n"), "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"abc\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"),
        (good_with("  replicas: 3\n", "  replicas: 3\n  strategy:\n    rollingUpdate:\n      maxSurge: -2\n"), "spec.strategy.rollingUpdate.maxSurge: Invalid value: -2: must be greater than or equal to 0"),
        (good_with("  replicas: 3\n", "  replicas: 3\n  strategy:\n    type: Recreate\n    rollingUpdate:\n      maxSurge: 1\n"), "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"),
        (good_with("  replicas: 3\n", "  replicas: 3\n  strategy:\n    type: BlueGreen\n"), "spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\""),
        (good_with("name: web", "name: Web_1"), "metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain must consist of"),
        (good_with("metadata:\n  name: web\n", "metadata:\n  labels:\n    a: b\n"), "metadata.name: Required value: name or generateName is required"),
        (good_with("      containers:\n      - name: nginx\n        image: nginx:1.25\n", "      containers: []\n"), "spec.template.spec.containers: Required value"),
        (good_with("        image: nginx:1.25\n", ""), "spec.template.spec.containers[0].image: Required value"),
        (good_with("      containers:", "      restartPolicy: Never\n      containers:"), "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""),
        (good_with("  replicas: 3\n", "  replicas: 3\n  minReadySeconds: 700\n"), "spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds"),
        (good_with("  replicas: 3\n", "  replicas: 3\n  minReadySeconds: -5\n"), "spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0"),
        (good_with("    matchLabels:\n      app: web\n", "    matchLabels:\n      app: web\n    matchExpressions:\n    - key: app\n      operator: In\n      values: [web]\n"), "matchExpressions are not supported by the playground; use matchLabels"),
        (good_with("  name: web\n", "  name: web\n  namespace: prod\n"), "the playground has only the \"default\" namespace"),
        (good_with("  replicas: 3\n", "  replicas: 3\n  paused: \"yes\"\n"), "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool"),
        (good_with("        image: nginx:1.25\n", "        image: nginx:1.25\n        ports:\n        - containerPort: 70000\n"), "spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"),
        ("\u{0}\u{1}binary\u{7f}".into(), "error: error parsing bad.yaml: error converting YAML to JSON: yaml:"),
        ("- just\n- a list\n".into(), "error: error parsing bad.yaml"),
        (format!("{}\n", "[".repeat(5_000)), "error: error parsing bad.yaml"),
        // One anchored 100 KB string fanned out through nested lists: a few aliases
        // copy gigabytes. The budget counts what aliases copy, bytes included.
        (alias_bomb(100_000), "document contains excessive aliasing"),
        // Many small nodes, as in "billion laughs".
        ("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n".into(), "document contains excessive aliasing"),
        // Several causes at once are listed one per line.
        (good_with("replicas: 3", "replicas: -1").replace("image: nginx:1.25\n", ""), "The Deployment \"web\" is invalid: \n* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n* spec.template.spec.containers[0].image: Required value"),
        // An update may not change the selector.
        (good_with("      app: web\n  template", "      app: web\n      tier: x\n  template").replace("        app: web\n    spec", "        app: web\n        tier: x\n    spec"), "The Deployment \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"x\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"),
    ]
}

#[test]
fn invalid_manifests_are_refused_and_change_nothing() {
    for (i, (yaml, expected)) in manifest_cases().into_iter().enumerate() {
        let mut s = session();
        let before = state(&mut s);
        let files = Mem([("bad.yaml".to_string(), yaml.clone())].into());
        let out = s.run_line(&files, "kubectl apply -f bad.yaml");
        assert_eq!(
            out.exit_code,
            1,
            "case {i}: exit code\n{yaml}\n{}",
            out.text()
        );
        assert!(
            out.stderr().contains(expected),
            "case {i}: expected {expected:?} in\n{}\nfor\n{yaml}",
            out.stderr()
        );
        assert!(
            out.stdout().is_empty(),
            "case {i}: nothing on stdout: {}",
            out.stdout()
        );
        assert_eq!(
            state(&mut s),
            before,
            "case {i}: the cluster changed\n{yaml}"
        );
    }
}

/// (command line, expected error text); every one exits 1 and changes nothing.
const COMMAND_CASES: &[(&str, &str)] = &[
    ("kubectl rollouts status deployment/web", "error: unknown command \"rollouts\" for \"kubectl\"\n\nDid you mean this?\n\trollout\n"),
    ("kubectl frobnicate", "error: unknown command \"frobnicate\" for \"kubectl\"\n"),
    // cobra names every argument after `rollout` (as kubectl.1.33 prints it).
    ("kubectl rollout foo deployment/web", "error: unknown command \"foo deployment/web\"\nSee 'kubectl rollout -h' for help and examples\n"),
    ("kubectl get pods --foo", "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n"),
    ("kubectl get pods -x", "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n"),
    ("kubectl get deploymnet", "error: the server doesn't have a resource type \"deploymnet\"\n"),
    ("kubectl get", "error: Required resource not specified."),
    ("kubectl get pods -o table", "error: unable to match a printer suitable for the output format \"table\""),
    ("kubectl scale deployment web --replicas=abc", "error: invalid argument \"abc\" for \"--replicas\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'kubectl scale --help' for usage.\n"),
    ("kubectl scale deployment web --replicas=-1", "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n"),
    ("kubectl scale deployment web --replicas=99999999999999999999", "error: invalid argument \"99999999999999999999\" for \"--replicas\" flag: strconv.ParseInt: parsing \"99999999999999999999\": value out of range\nSee 'kubectl scale --help' for usage.\n"),
    ("kubectl scale deployment web --replicas=0x1_g", "error: invalid argument \"0x1_g\" for \"--replicas\" flag: strconv.ParseInt: parsing \"0x1_g\": invalid syntax\nSee 'kubectl scale --help' for usage.\n"),
    ("kubectl create deployment big --image=nginx --replicas=3000000000", "error: invalid argument \"3000000000\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"3000000000\": value out of range\nSee 'kubectl create deployment --help' for usage.\n"),
    ("kubectl apply -f x.yaml --record=maybe", "error: invalid argument \"maybe\" for \"--record\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\nSee 'kubectl apply --help' for usage.\n"),
    ("kubectl rollout status deployment/web --timeout=abc", "error: invalid argument \"abc\" for \"--timeout\" flag: time: invalid duration \"abc\"\nSee 'kubectl rollout status --help' for usage.\n"),
    ("kubectl rollout undo deployment/web --to-revision=99999999999999999999", "error: invalid argument \"99999999999999999999\" for \"--to-revision\" flag: strconv.ParseInt: parsing \"99999999999999999999\": value out of range\nSee 'kubectl rollout undo --help' for usage.\n"),
    ("kubectl scale deployment web --replicas=100001", "spec.replicas: Invalid value: 100001: must be less than or equal to 100000 (the playground's limit)"),
    ("kubectl scale deployment web", "error: required flag(s) \"replicas\" not set\n"),
    ("kubectl scale deployment nope --replicas=2", "error: no objects passed to scale deployments.apps \"nope\" not found\n"),
    ("kubectl rollout undo deployment/web --to-revision=99", "error: unable to find specified revision 99 in history\n"),
    ("kubectl rollout undo deployment/web", "error: no rollout history found for deployment \"web\"\n"),
    ("kubectl rollout undo deployment/web --to-revision=abc", "error: invalid argument \"abc\" for \"--to-revision\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'kubectl rollout undo --help' for usage.\n"),
    ("kubectl rollout undo", "error: required resource not specified\n"),
    ("kubectl rollout history deployment/web --revision=7", "error: unable to find the specified revision\n"),
    ("kubectl rollout resume deployment/web", "error: deployments.apps \"web\" is not paused\n"),
    ("kubectl rollout status nginx", "error: the server doesn't have a resource type \"nginx\"\n"),
    ("kubectl rollout status deployment/web --revision=-1", "error: revision must be a positive integer: -1\n"),
    ("kubectl set image deployment/web", "error: at least one image update is required\n"),
    ("kubectl set image deployment/web nginx", "error: arguments in resource/name form must have a single resource and name\n"),
    ("kubectl get deployment deployment/web", "error: there is no need to specify a resource type as a separate argument"),
    ("kubectl set image deployment/web ngnix=httpd", "error: unable to find container named \"ngnix\"\n"),
    ("kubectl annotate deployment web kubernetes.io/change-cause=x", ""),
    ("kubectl apply", "error: must specify one of -f and -k\n"),
    ("kubectl apply -f missing.yaml", "error: the path \"missing.yaml\" does not exist\n"),
    ("kubectl delete", "error: You must provide one or more resources by argument or filename."),
    ("kubectl delete deployment nope", "Error from server (NotFound): deployments.apps \"nope\" not found\n"),
    ("kubectl get pods 'unterminated", "error: unterminated quoted string\n"),
    ("kubectl create deployment web --image=httpd", "error: failed to create deployment: deployments.apps \"web\" already exists\n"),
    ("kubectl edit deployment web", "kubectl edit opens an interactive editor"),
    ("kubectl logs nope", "Error from server (NotFound): pods \"nope\" not found\n"),
    ("kubectl get pods -n prod", "No resources found in prod namespace.\n"),
    ("helm install x", "error: unknown command \"helm\": the playground runs kubectl commands"),
    ("sleep 99999h", "error: sleep: 99999h: longer than the playground's limit of 720h\n"),
    ("sleep abc", "error: sleep: time: invalid duration \"abc\"\n"),
    ("sleep 5", "error: sleep: time: missing unit in duration \"5\"\n"),
];

#[test]
fn bad_commands_are_refused_and_change_nothing() {
    for (line, expected) in COMMAND_CASES {
        let mut s = session();
        // The annotate case needs an existing value to refuse overwriting.
        let files = Mem(BTreeMap::new());
        let expected = if line.starts_with("kubectl annotate") {
            s.run_line(
                &files,
                "kubectl annotate deployment web kubernetes.io/change-cause=first",
            );
            "error: --overwrite is false but found the following declared annotation(s): 'kubernetes.io/change-cause' already has a value (first)\n"
        } else {
            expected
        };
        let before = state(&mut s);
        let out = s.run_line(&files, line);
        let exit_ok = out.exit_code == 1 || line.contains("-n prod");
        assert!(
            exit_ok,
            "{line}: exit code {}\n{}",
            out.exit_code,
            out.text()
        );
        assert!(
            out.text().contains(expected),
            "{line}: expected {expected:?} in\n{}",
            out.text()
        );
        assert_eq!(state(&mut s), before, "{line}: the cluster changed");
    }
}

#[test]
fn an_empty_file_applies_nothing_and_says_so_as_kubectl_does() {
    for text in ["", "# nothing\n", "# nothing\n---\n", "---\n...\n"] {
        let mut s = session();
        let before = state(&mut s);
        let files = Mem([("empty.yaml".to_string(), text.to_string())].into());
        for (line, expected, code) in [
            (
                "kubectl apply -f empty.yaml",
                "error: no objects passed to apply\n",
                1,
            ),
            (
                "kubectl create -f empty.yaml",
                "error: no objects passed to create\n",
                1,
            ),
            ("kubectl delete -f empty.yaml", "No resources found\n", 0),
        ] {
            let out = s.run_line(&files, line);
            assert_eq!(
                (out.text().as_str(), out.exit_code),
                (expected, code),
                "{line} of {text:?}"
            );
        }
        assert_eq!(state(&mut s), before);
    }
}

/// Integer flags read as pflag reads them (Go's `strconv.ParseInt(s, 0, bits)`):
/// hexadecimal, octal, binary and `_` separators are numbers too.
#[test]
fn integer_flags_take_go_integer_syntax() {
    for (flag, replicas) in [("0x4", 4), ("010", 8), ("0b11", 3), ("1_0", 10), ("+2", 2)] {
        let mut s = session();
        let out = s.run_line(
            &Mem(BTreeMap::new()),
            &format!("kubectl scale deployment web --replicas={flag}"),
        );
        assert_eq!(
            out.text(),
            "deployment.apps/web scaled\n",
            "--replicas={flag}"
        );
        assert_eq!(
            s.sim.deployment("web").unwrap().spec.replicas,
            replicas,
            "--replicas={flag}"
        );
    }
}

/// A Deployment name is a DNS subdomain: up to 253 characters in all, with no
/// 63-character limit on its parts; past 253, kubectl's length message.
#[test]
fn deployment_names_are_dns_subdomains_of_up_to_253_characters() {
    let name64 = "a".repeat(64);
    let mut s = session();
    let files = Mem([(
        "long.yaml".to_string(),
        good_with("  name: web\n", &format!("  name: {name64}\n")),
    )]
    .into());
    let out = s.run_line(&files, "kubectl apply -f long.yaml");
    assert_eq!(out.text(), format!("deployment.apps/{name64} created\n"));
    s.run_line(&files, "sleep 20s");
    let pods: Vec<String> = s.sim.pods().map(|p| p.name.to_string()).collect();
    assert!(
        pods.iter()
            .any(|p| p.len() == 63 && p.starts_with(&"a".repeat(57))),
        "pod names are cut to 58 characters plus a 5-character suffix: {pods:?}"
    );
    let name300 = "b".repeat(300);
    let mut s = session();
    let before = state(&mut s);
    let files = Mem([(
        "long.yaml".to_string(),
        good_with("  name: web\n", &format!("  name: {name300}\n")),
    )]
    .into());
    let out = s.run_line(&files, "kubectl apply -f long.yaml");
    assert_eq!(
        out.text(),
        format!("The Deployment \"{name300}\" is invalid: metadata.name: Invalid value: \"{name300}\": must be no more than 253 characters\n")
    );
    assert_eq!(state(&mut s), before);
}
