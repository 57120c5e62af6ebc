//! kubectl over the simulated cluster: parse a command line, validate, run it against
//! [`Sim`], print what kubectl v1.33 prints (kubectl-formats.md). Each command is
//! parse -> validate -> run, and a command that fails changes nothing.
//!
//! It must not know the browser or the terminal: output is returned as ordered
//! stdout/stderr chunks, files come through [`Files`].

pub mod args;
pub mod printers;
pub mod script;

use crate::manifest::value::{self, Value};
use crate::manifest::{self, render, DeploymentManifest, ManifestError};
use crate::sim::events::Event;
use crate::sim::*;
use args::{ParseError, Parsed};
use printers::*;

/// Where `-f` files come from: the disk for `kubesim`, the editor for the web app.
pub trait Files {
    /// The file's text, or `None` when it does not exist.
    fn read(&self, path: &str) -> Option<String>;
}

/// No files at all.
pub struct NoFiles;
impl Files for NoFiles {
    fn read(&self, _: &str) -> Option<String> {
        None
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// A command's output as a terminal shows it: stdout and stderr in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub chunks: Vec<(Stream, String)>,
    pub exit_code: i32,
}

impl Output {
    fn out(&mut self, s: impl Into<String>) {
        self.chunks.push((Stream::Stdout, s.into()));
    }
    fn err(&mut self, s: impl Into<String>) {
        self.chunks.push((Stream::Stderr, s.into()));
    }
    /// An `error: ...` line on stderr and exit status 1.
    pub fn fail(&mut self, msg: impl Into<String>) {
        let msg = msg.into();
        let msg = if msg.starts_with("error: ")
            || msg.starts_with("Error from server")
            || msg.starts_with("The Deployment ")
        {
            msg
        } else {
            format!("error: {msg}")
        };
        self.err(format!("{}\n", msg.trim_end_matches('\n')));
        self.exit_code = 1;
    }
    pub fn text(&self) -> String {
        self.chunks.iter().map(|(_, s)| s.as_str()).collect()
    }
    pub fn stdout(&self) -> String {
        self.chunks
            .iter()
            .filter(|(s, _)| *s == Stream::Stdout)
            .map(|(_, s)| s.as_str())
            .collect()
    }
    pub fn stderr(&self) -> String {
        self.chunks
            .iter()
            .filter(|(s, _)| *s == Stream::Stderr)
            .map(|(_, s)| s.as_str())
            .collect()
    }
}

/// The longest `rollout status` waits when nothing else stops it (simulated time).
pub const ROLLOUT_STATUS_MAX_WAIT_MS: u64 = 3_600_000;
const RECORD_WARNING: &str =
    "Flag --record has been deprecated, --record will be removed in the future\n";
const KUBECTL_VERSION: &str = "v1.33.1";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Deployment,
    ReplicaSet,
    Pod,
    Event,
    Node,
    Service,
    All,
}

impl Kind {
    pub fn parse(word: &str) -> Option<Kind> {
        Some(match word.to_ascii_lowercase().as_str() {
            "deployment" | "deployments" | "deploy" | "deployment.apps" | "deployments.apps" => {
                Kind::Deployment
            }
            "replicaset" | "replicasets" | "rs" | "replicaset.apps" | "replicasets.apps" => {
                Kind::ReplicaSet
            }
            "pod" | "pods" | "po" => Kind::Pod,
            "event" | "events" | "ev" => Kind::Event,
            "node" | "nodes" | "no" => Kind::Node,
            "service" | "services" | "svc" => Kind::Service,
            "all" => Kind::All,
            _ => return None,
        })
    }

    /// The plural resource name in API errors (`deployments.apps "x" not found`).
    fn resource(self) -> &'static str {
        match self {
            Kind::Deployment => "deployments.apps",
            Kind::ReplicaSet => "replicasets.apps",
            Kind::Pod => "pods",
            Kind::Event => "events",
            Kind::Node => "nodes",
            Kind::Service => "services",
            Kind::All => "all",
        }
    }

    /// The name-printer prefix (`deployment.apps/x`).
    fn name_prefix(self) -> &'static str {
        match self {
            Kind::Deployment => "deployment.apps",
            Kind::ReplicaSet => "replicaset.apps",
            Kind::Pod => "pod",
            Kind::Event => "event",
            Kind::Node => "node",
            Kind::Service => "service",
            Kind::All => "all",
        }
    }
}

fn not_found(kind: Kind, name: &str) -> String {
    format!(
        "Error from server (NotFound): {} \"{name}\" not found",
        kind.resource()
    )
}

/// Runs one command line (`kubectl ...`) against the cluster.
pub fn run(sim: &mut Sim, files: &dyn Files, line: &str) -> Output {
    let mut out = Output::default();
    let words = match args::tokenize(line) {
        Ok(w) => w,
        Err(e) => {
            out.fail(e);
            return out;
        }
    };
    match words.first().map(String::as_str) {
        Some("kubectl") => {}
        Some(other) => {
            out.fail(format!("unknown command {other:?}: the playground runs kubectl commands (try \"kubectl help\")"));
            return out;
        }
        None => return out,
    }
    let rest = &words[1..];
    if rest.is_empty()
        || rest.iter().all(|w| w == "--help" || w == "-h")
        || rest.first().map(String::as_str) == Some("help")
    {
        out.out(help_text());
        return out;
    }
    let parsed = match args::parse(rest) {
        Ok(p) => p,
        Err(e) => {
            parse_error(&mut out, e);
            return out;
        }
    };
    if parsed.bool("help") {
        out.out(command_help(&parsed.command));
        return out;
    }
    if let Some(ns) = parsed.get("namespace") {
        if ns != "default" {
            if parsed.command == "get" || parsed.command == "describe" {
                out.err(format!("No resources found in {ns} namespace.\n"));
            } else {
                out.fail(format!(
                    "the playground has only the \"default\" namespace (got {ns:?})"
                ));
            }
            return out;
        }
    }
    match parsed.command.as_str() {
        "apply" => cmd_apply(sim, files, &parsed, &mut out),
        "create" => cmd_create(sim, files, &parsed, &mut out),
        "get" => cmd_get(sim, &parsed, &mut out),
        "describe" => cmd_describe(sim, &parsed, &mut out),
        "delete" => cmd_delete(sim, files, &parsed, &mut out),
        "set image" => cmd_set_image(sim, &parsed, &mut out),
        "scale" => cmd_scale(sim, &parsed, &mut out),
        "annotate" => cmd_annotate(sim, &parsed, &mut out),
        "edit" => out.fail(
            "kubectl edit opens an interactive editor, which kubesim does not have: change the YAML file and run \"kubectl apply -f\" again (the web playground's editor does this)",
        ),
        "logs" => cmd_logs(sim, &parsed, &mut out),
        "rollout status" => cmd_rollout_status(sim, &parsed, &mut out),
        "rollout history" => cmd_rollout_history(sim, &parsed, &mut out),
        "rollout undo" => cmd_rollout_undo(sim, &parsed, &mut out),
        "rollout pause" => cmd_pause(sim, &parsed, &mut out, true),
        "rollout resume" => cmd_pause(sim, &parsed, &mut out, false),
        "rollout restart" => cmd_restart(sim, &parsed, &mut out),
        "version" => out.out(format!("Client Version: {KUBECTL_VERSION}\nKustomize Version: v5.6.0\nServer Version: {KUBECTL_VERSION}\n")),
        "cluster-info" => out.out(
            "Kubernetes control plane is running at https://192.168.49.2:8443\nCoreDNS is running at https://192.168.49.2:8443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
        ),
        other => out.fail(format!("unknown command {other:?} for \"kubectl\"")),
    }
    out
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
                out.out(command_help(&parent));
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
        ParseError::MissingValue { flag, command } => {
            out.err(format!("error: flag needs an argument: --{flag}\nSee 'kubectl {command} --help' for usage.\n"));
            out.exit_code = 1;
        }
        ParseError::Tokenize(e) => out.fail(e),
        ParseError::NoCommand => out.out(help_text()),
    }
}

pub fn help_text() -> String {
    let mut s = String::from(
        "kubectl controls the simulated Kubernetes cluster of Rollout Playground.\n\nCommands:\n",
    );
    for (path, _, help) in args::COMMANDS {
        s.push_str(&format!("  {path}\t{help}\n"));
    }
    s.push_str("\nUsage:\n  kubectl [command] [TYPE] [NAME] [flags]\n\nUse \"kubectl <command> --help\" for more information about a given command.\n");
    tabwrite(&s, 0, 3)
}

fn command_help(command: &str) -> String {
    let subs: Vec<&(&str, &[args::FlagDef], &str)> = args::COMMANDS
        .iter()
        .filter(|(p, _, _)| p.starts_with(command))
        .collect();
    let mut s = String::new();
    for (path, flags, help) in subs {
        s.push_str(&format!("{help}.\n\nUsage:\n  kubectl {path}"));
        for f in flags.iter() {
            let short = f.short.map(|c| format!("-{c}, ")).unwrap_or_default();
            let v = if f.takes_value { "=VALUE" } else { "" };
            s.push_str(&format!(" [{short}--{}{v}]", f.long));
        }
        s.push_str("\n\n");
    }
    s
}

// ----- resource references ----------------------------------------------------------

/// `TYPE NAME...`, `TYPE/NAME...` or `TYPE1,TYPE2`: (kind, names) groups.
fn resolve_refs(args: &[String]) -> Result<Vec<(Kind, Vec<String>)>, String> {
    let Some(first) = args.first() else {
        return Ok(Vec::new());
    };
    if first.contains('/') {
        let mut groups: Vec<(Kind, Vec<String>)> = Vec::new();
        for a in args {
            let (t, n) = a.split_once('/').ok_or_else(|| {
                "arguments in resource/name form must have a single resource and name".to_string()
            })?;
            let kind = Kind::parse(t)
                .ok_or_else(|| format!("the server doesn't have a resource type {t:?}"))?;
            match groups.iter_mut().find(|(k, _)| *k == kind) {
                Some(g) => g.1.push(n.to_string()),
                None => groups.push((kind, vec![n.to_string()])),
            }
        }
        return Ok(groups);
    }
    let kinds: Vec<Kind> = first
        .split(',')
        .map(|t| {
            Kind::parse(t).ok_or_else(|| format!("the server doesn't have a resource type {t:?}"))
        })
        .collect::<Result<_, _>>()?;
    let names: Vec<String> = args[1..].to_vec();
    if names.iter().any(|n| n.contains('/')) {
        return Err("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".into());
    }
    Ok(kinds.into_iter().map(|k| (k, names.clone())).collect())
}

/// One Deployment named by `deployment/x` or `deployment x` (rollout, set, scale...).
fn single_deployment(args: &[String]) -> Result<String, String> {
    if args.is_empty() {
        return Err("required resource not specified".into());
    }
    let refs = resolve_refs(args)?;
    let (kind, names) = refs
        .into_iter()
        .next()
        .ok_or("required resource not specified")?;
    match kind {
        Kind::Deployment => names
            .into_iter()
            .next()
            .ok_or_else(|| "required resource not specified".to_string()),
        Kind::Pod => Err("no status viewer has been implemented for Pod".into()),
        other => Err(format!(
            "the playground can only do this to deployments, not {}",
            other.resource()
        )),
    }
}

/// A `-l` selector: `k=v`, `k==v`, `k!=v`, `k`, `!k`, comma-separated.
fn selector_matches_str(sel: &str, labels: &Labels) -> Result<bool, String> {
    for term in sel.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let ok = if let Some((k, v)) = term.split_once("!=") {
            labels.get(k.trim()).map(String::as_str) != Some(v.trim())
        } else if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
            labels.get(k.trim()).map(String::as_str) == Some(v.trim())
        } else if let Some(k) = term.strip_prefix('!') {
            !labels.contains_key(k.trim())
        } else if term
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        {
            labels.contains_key(term)
        } else {
            return Err(format!("unable to parse requirement: {term:?}: the playground understands k=v, k!=v, k and !k"));
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

// ----- apply / create / delete ----------------------------------------------------

fn file_flags(p: &Parsed) -> Vec<String> {
    p.all("filename").into_iter().map(str::to_string).collect()
}

/// Reads and parses one `-f` file; errors are printed in kubectl's words.
fn load_file(
    files: &dyn Files,
    path: &str,
    out: &mut Output,
) -> Option<Vec<Result<DeploymentManifest, ManifestError>>> {
    let Some(text) = files.read(path) else {
        out.fail(format!("the path {path:?} does not exist"));
        return None;
    };
    match manifest::parse(&text) {
        Ok(docs) => Some(docs),
        Err(e) => {
            out.fail(manifest_error_text(&e, path, "creating"));
            None
        }
    }
}

/// A manifest error as kubectl prints it for `file`.
pub fn manifest_error_text(e: &ManifestError, file: &str, verb: &str) -> String {
    match e {
        ManifestError::Syntax { line, problem } => match line {
            Some(l) => format!("error: error parsing {file}: error converting YAML to JSON: yaml: line {l}: {problem}"),
            None => format!("error: error parsing {file}: error converting YAML to JSON: yaml: {problem}"),
        },
        ManifestError::NotSet { what, .. } => format!(
            "error: error validating {file:?}: error validating data: {what} not set; if you choose to ignore these errors, turn validation off with --validate=false"
        ),
        ManifestError::UnsupportedKind { kind, api_version, .. } => format!(
            "error: unable to recognize {file:?}: the playground simulates apps/v1 Deployments only (got kind {kind:?}, apiVersion {api_version:?})"
        ),
        ManifestError::UnknownField { path, .. } => format!(
            "Error from server (BadRequest): error when {verb} {file:?}: Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field {path:?}"
        ),
        ManifestError::Type { message, .. } => format!(
            "Error from server (BadRequest): error when {verb} {file:?}: Deployment in version \"v1\" cannot be handled as a Deployment: {message}"
        ),
        ManifestError::Invalid { name, causes } => invalid_text(name, causes),
        ManifestError::Unsupported { path, message, .. } => format!("error: error when {verb} {file:?}: {path}: {message}"),
    }
}

pub fn invalid_text(name: &str, causes: &[manifest::FieldError]) -> String {
    if causes.len() == 1 {
        format!("The Deployment {name:?} is invalid: {}", causes[0])
    } else {
        let mut s = format!("The Deployment {name:?} is invalid: \n");
        for c in causes {
            s.push_str(&format!("* {c}\n"));
        }
        s.trim_end().to_string()
    }
}

fn last_applied_json(m: &DeploymentManifest) -> String {
    let mut v = m.source.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("status");
        if let Some(meta) = o.get_mut("metadata").and_then(|m| m.as_object_mut()) {
            if let Some(a) = meta.get_mut("annotations").and_then(|a| a.as_object_mut()) {
                a.remove(ANN_LAST_APPLIED);
            }
        }
    }
    v.sort_keys();
    format!("{}\n", value::to_string(&v))
}

/// Three-way merge of a string map, as `kubectl apply` does for labels/annotations.
fn three_way(live: &Labels, last: Option<&Value>, new: &Labels) -> Labels {
    let mut out = live.clone();
    if let Some(Value::Object(o)) = last {
        for k in o.keys() {
            if !new.contains_key(k) {
                out.remove(k);
            }
        }
    }
    for (k, v) in new {
        out.insert(k.clone(), v.clone());
    }
    out
}

/// What `apply -f` and `create -f` share: every document of every `-f` file, with
/// `--record`'s change-cause added to its annotations; file and manifest errors are
/// printed as kubectl prints them and that document is skipped.
fn each_manifest(
    files: &dyn Files,
    p: &Parsed,
    out: &mut Output,
    mut f: impl FnMut(&mut Output, &str, DeploymentManifest, Labels),
) {
    let paths = file_flags(p);
    if paths.is_empty() {
        out.fail("must specify one of -f and -k");
        return;
    }
    let record = p.bool("record");
    if record {
        out.err(RECORD_WARNING);
    }
    for path in paths {
        let Some(docs) = load_file(files, &path, out) else {
            continue;
        };
        for doc in docs {
            match doc {
                Ok(m) => {
                    let mut annotations = m.annotations.clone();
                    if record {
                        annotations.insert(ANN_CHANGE_CAUSE.to_string(), p.change_cause());
                    }
                    f(out, &path, m, annotations);
                }
                Err(e) => out.fail(manifest_error_text(&e, &path, "creating")),
            }
        }
    }
}

fn cmd_apply(sim: &mut Sim, files: &dyn Files, p: &Parsed, out: &mut Output) {
    each_manifest(files, p, out, |out, _path, m, mut annotations| {
        let last_applied = last_applied_json(&m);
        match sim.deployment(&m.name).cloned() {
            None => {
                annotations.insert(ANN_LAST_APPLIED.to_string(), last_applied);
                match sim.create_deployment(&m.name, m.labels.clone(), annotations, m.spec.clone())
                {
                    Ok(()) => out.out(format!("deployment.apps/{} created\n", m.name)),
                    Err(e) => out.fail(sim_error_text(&e, &m.name)),
                }
            }
            Some(live) => {
                let immutable = manifest::validate_update(&live.spec.selector, &m);
                if !immutable.is_empty() {
                    out.fail(invalid_text(&m.name, &immutable));
                    return;
                }
                let last: Option<Value> = match live.annotations.get(ANN_LAST_APPLIED) {
                    Some(s) => value::from_str(s),
                    None => {
                        out.err(format!("Warning: resource deployments.apps/{} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n", m.name));
                        None
                    }
                };
                let labels = three_way(
                    &live.labels,
                    last.as_ref().and_then(|l| l.pointer("/metadata/labels")),
                    &m.labels,
                );
                let mut new_ann = three_way(
                    &live.annotations,
                    last.as_ref()
                        .and_then(|l| l.pointer("/metadata/annotations")),
                    &annotations,
                );
                new_ann.insert(ANN_LAST_APPLIED.to_string(), last_applied);
                let mut spec = m.spec.clone();
                let had = |ptr: &str| last.as_ref().and_then(|l| l.pointer(ptr)).is_some();
                if m.replicas_given.is_none() {
                    spec.replicas = if had("/spec/replicas") {
                        1
                    } else {
                        live.spec.replicas
                    };
                }
                if m.source.pointer("/spec/paused").is_none() {
                    spec.paused = if had("/spec/paused") {
                        false
                    } else {
                        live.spec.paused
                    };
                }
                spec.template.annotations = three_way(
                    &live.spec.template.annotations,
                    last.as_ref()
                        .and_then(|l| l.pointer("/spec/template/metadata/annotations")),
                    &m.spec.template.annotations,
                );
                match sim.update_deployment(&m.name, labels, new_ann, spec) {
                    Ok(true) => out.out(format!("deployment.apps/{} configured\n", m.name)),
                    Ok(false) => out.out(format!("deployment.apps/{} unchanged\n", m.name)),
                    Err(e) => out.fail(sim_error_text(&e, &m.name)),
                }
            }
        }
    });
}

fn sim_error_text(e: &SimError, name: &str) -> String {
    match e {
        SimError::AlreadyExists(n) => {
            format!("Error from server (AlreadyExists): deployments.apps {n:?} already exists")
        }
        SimError::NotFound(n) => not_found(Kind::Deployment, n),
        SimError::TooMany(msg) => format!("The Deployment {name:?} is invalid: {msg}"),
    }
}

fn cmd_create(sim: &mut Sim, files: &dyn Files, p: &Parsed, out: &mut Output) {
    if p.args.first().map(String::as_str) == Some("deployment")
        || p.args.first().map(String::as_str) == Some("deploy")
    {
        let Some(name) = p.args.get(1) else {
            out.fail("exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples");
            return;
        };
        let Some(image) = p.get("image") else {
            out.fail("required flag(s) \"image\" not set");
            return;
        };
        let replicas = match p.get("replicas").map(str::parse::<i64>) {
            None => 1,
            Some(Ok(r)) => r,
            Some(Err(_)) => {
                out.fail(format!("invalid argument {:?} for \"--replicas\" flag: strconv.ParseInt: parsing {:?}: invalid syntax", p.get("replicas").unwrap_or(""), p.get("replicas").unwrap_or("")));
                return;
            }
        };
        let (repo, _) = crate::sim::registry::split_image(image);
        let cname: String = repo
            .rsplit('/')
            .next()
            .unwrap_or("app")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let port = p
            .get("port")
            .map(|v| format!("        ports:\n        - containerPort: {v}\n"))
            .unwrap_or_default();
        let yaml = format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name:?}\n  labels:\n    app: {name:?}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: {name:?}\n  template:\n    metadata:\n      labels:\n        app: {name:?}\n    spec:\n      containers:\n      - name: {cname:?}\n        image: {image:?}\n{port}"
        );
        let m = match manifest::parse(&yaml).map(|mut d| d.pop()) {
            Ok(Some(Ok(m))) => m,
            Ok(Some(Err(e))) => {
                out.fail(manifest_error_text(&e, "deployment", "creating"));
                return;
            }
            _ => {
                out.fail("failed to create deployment");
                return;
            }
        };
        if sim.deployment(name).is_some() {
            out.fail(format!(
                "failed to create deployment: deployments.apps {name:?} already exists"
            ));
            return;
        }
        match sim.create_deployment(&m.name, m.labels, m.annotations, m.spec) {
            Ok(()) => out.out(format!("deployment.apps/{name} created\n")),
            Err(e) => out.fail(sim_error_text(&e, name)),
        }
        return;
    }
    let save_config = p.bool("save-config");
    each_manifest(files, p, out, |out, path, m, mut annotations| {
        if sim.deployment(&m.name).is_some() {
            out.fail(format!("Error from server (AlreadyExists): error when creating {path:?}: deployments.apps {:?} already exists", m.name));
            return;
        }
        if save_config {
            annotations.insert(ANN_LAST_APPLIED.to_string(), last_applied_json(&m));
        }
        match sim.create_deployment(&m.name, m.labels.clone(), annotations, m.spec.clone()) {
            Ok(()) => out.out(format!("deployment.apps/{} created\n", m.name)),
            Err(e) => out.fail(sim_error_text(&e, &m.name)),
        }
    });
}

fn cmd_delete(sim: &mut Sim, files: &dyn Files, p: &Parsed, out: &mut Output) {
    let paths = file_flags(p);
    if !paths.is_empty() {
        for path in paths {
            let Some(docs) = load_file(files, &path, out) else {
                continue;
            };
            for doc in docs {
                match doc {
                    Ok(m) => match sim.delete_deployment(&m.name) {
                        Ok(()) => out.out(format!("deployment.apps {:?} deleted\n", m.name)),
                        Err(_) => out.fail(format!(
                            "Error from server (NotFound): error when deleting {path:?}: deployments.apps {:?} not found",
                            m.name
                        )),
                    },
                    Err(e) => out.fail(manifest_error_text(&e, &path, "deleting")),
                }
            }
        }
        return;
    }
    if p.args.is_empty() {
        out.fail("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
        return;
    }
    let refs = match resolve_refs(&p.args) {
        Ok(r) => r,
        Err(e) => {
            out.fail(e);
            return;
        }
    };
    for (kind, mut names) in refs {
        if p.bool("all") {
            names = match kind {
                Kind::Deployment => sim.deployments().map(|d| d.name.clone()).collect(),
                Kind::ReplicaSet => sim.replica_sets().map(|r| r.name.clone()).collect(),
                Kind::Pod => sim
                    .pods()
                    .filter(|p| p.deletion_ms.is_none())
                    .map(|p| p.name.to_string())
                    .collect(),
                _ => Vec::new(),
            };
            if names.is_empty() {
                out.err("No resources found\n");
            }
        } else if names.is_empty() {
            out.fail("resource(s) were provided, but no name was specified");
            return;
        }
        for name in names {
            match kind {
                Kind::Deployment => match sim.delete_deployment(&name) {
                    Ok(()) => out.out(format!("deployment.apps {name:?} deleted\n")),
                    Err(_) => out.fail(not_found(kind, &name)),
                },
                Kind::Pod => match sim.delete_pod(&name) {
                    Ok(()) => {
                        out.out(format!("pod {name:?} deleted\n"));
                        // --wait (the default): block until the object is gone.
                        if p.get("wait") != Some("false") {
                            let until = sim.now_ms() + 60_000;
                            while sim.pod(&name).is_some() {
                                match sim.next_deadline() {
                                    Some(t) if t <= until => sim.advance_to(t),
                                    _ => break,
                                }
                            }
                        }
                    }
                    Err(_) => out.fail(not_found(kind, &name)),
                },
                Kind::ReplicaSet => out.fail(format!(
                    "the playground does not delete ReplicaSets directly (replicaset {name:?}): its Deployment would recreate it; delete the Deployment or change its spec"
                )),
                other => out.fail(format!("the playground cannot delete {}", other.resource())),
            }
        }
    }
}

// ----- get / describe ----------------------------------------------------------------

fn cmd_get(sim: &mut Sim, p: &Parsed, out: &mut Output) {
    if p.args.is_empty() {
        out.err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n");
        out.exit_code = 1;
        return;
    }
    if p.bool("watch") {
        out.fail("--watch is not available in the playground: use \"sleep\" and get again, or \"kubectl rollout status\"");
        return;
    }
    let format = p.get("output").unwrap_or("");
    if !["", "wide", "yaml", "json", "name"].contains(&format) {
        out.fail(format!("unable to match a printer suitable for the output format {format:?}, allowed formats are: json,name,wide,yaml"));
        return;
    }
    let refs = match resolve_refs(&p.args) {
        Ok(r) => r,
        Err(e) => {
            out.fail(e);
            return;
        }
    };
    let selector = p.get("selector").unwrap_or("");
    let matches = |l: &Labels| selector_matches_str(selector, l);
    if let Err(e) = matches(&Labels::new()) {
        out.fail(e);
        return;
    }
    let sel = |l: &Labels| matches(l).unwrap_or(false);
    let now = sim.now_ms();
    let wide = format == "wide";
    let show_labels = p.bool("show-labels");
    let is_all = refs.iter().any(|(k, _)| *k == Kind::All);
    let multi = refs.len() > 1 || is_all;
    let mut tables: Vec<String> = Vec::new();
    let mut objects: Vec<Value> = Vec::new();
    let mut names_out: Vec<String> = Vec::new();
    let mut not_found_errors: Vec<String> = Vec::new();
    let mut any_named = false;
    let expanded: Vec<(Kind, Vec<String>)> = refs
        .into_iter()
        .flat_map(|(k, n)| {
            if k == Kind::All {
                vec![
                    (Kind::Pod, n.clone()),
                    (Kind::Service, n.clone()),
                    (Kind::Deployment, n.clone()),
                    (Kind::ReplicaSet, n),
                ]
            } else {
                vec![(k, n)]
            }
        })
        .collect();
    for (kind, names) in expanded {
        any_named |= !names.is_empty();
        let prefix = if multi {
            format!("{}/", kind.name_prefix())
        } else {
            String::new()
        };
        match kind {
            Kind::Deployment => {
                let mut items: Vec<&Deployment> = Vec::new();
                if names.is_empty() {
                    items = sim.deployments().filter(|d| sel(&d.labels)).collect();
                } else {
                    for n in &names {
                        match sim.deployment(n) {
                            Some(d) => items.push(d),
                            None => not_found_errors.push(not_found(kind, n)),
                        }
                    }
                }
                if !items.is_empty() {
                    tables.push(deploy_table(&items, now, wide, show_labels, &prefix));
                    objects.extend(items.iter().map(|d| render::deployment_json(d)));
                    names_out.extend(items.iter().map(|d| format!("deployment.apps/{}", d.name)));
                }
            }
            Kind::ReplicaSet => {
                let mut items: Vec<&ReplicaSet> = Vec::new();
                if names.is_empty() {
                    items = sim.replica_sets().filter(|r| sel(&r.labels)).collect();
                } else {
                    for n in &names {
                        match sim.replica_set(n) {
                            Some(r) => items.push(r),
                            None => not_found_errors.push(not_found(kind, n)),
                        }
                    }
                }
                if !items.is_empty() {
                    tables.push(rs_table(&items, now, wide, show_labels, &prefix));
                    objects.extend(items.iter().map(|r| {
                        render::replica_set_json(
                            r,
                            sim.deployment(&r.owner)
                                .map(|d| d.uid.as_str())
                                .unwrap_or(""),
                        )
                    }));
                    names_out.extend(items.iter().map(|r| format!("replicaset.apps/{}", r.name)));
                }
            }
            Kind::Pod => {
                let mut items: Vec<&Pod> = Vec::new();
                if names.is_empty() {
                    items = sim.pods().filter(|p| sel(&p.labels)).collect();
                } else {
                    for n in &names {
                        match sim.pod(n) {
                            Some(pod) => items.push(pod),
                            None => not_found_errors.push(not_found(kind, n)),
                        }
                    }
                }
                if !items.is_empty() {
                    tables.push(pods_table(&items, now, wide, show_labels, &prefix));
                    objects.extend(
                        items
                            .iter()
                            .map(|pod| render::pod_json(pod, sim.replica_set(&pod.owner_rs))),
                    );
                    names_out.extend(items.iter().map(|pod| format!("pod/{}", pod.name)));
                }
            }
            Kind::Event => {
                let items: Vec<&Event> = sim.events().iter().collect();
                if !items.is_empty() {
                    tables.push(events_table(&items, now));
                }
            }
            Kind::Node => {
                if names.iter().all(|n| n == "minikube") && selector.is_empty() {
                    tables.push(table(
                        &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
                        &[vec![
                            format!("{prefix}minikube"),
                            "Ready".into(),
                            "control-plane".into(),
                            age(now, 0),
                            KUBECTL_VERSION.into(),
                        ]],
                    ));
                    names_out.push("node/minikube".into());
                } else {
                    for n in names.iter().filter(|n| *n != "minikube") {
                        not_found_errors.push(not_found(kind, n));
                    }
                }
            }
            Kind::Service => {
                if (names.is_empty() || names.iter().any(|n| n == "kubernetes"))
                    && (selector.is_empty() || selector == "component=apiserver")
                {
                    tables.push(table(
                        &[
                            "NAME",
                            "TYPE",
                            "CLUSTER-IP",
                            "EXTERNAL-IP",
                            "PORT(S)",
                            "AGE",
                        ],
                        &[vec![
                            format!("{prefix}kubernetes"),
                            "ClusterIP".into(),
                            "10.96.0.1".into(),
                            "<none>".into(),
                            "443/TCP".into(),
                            age(now, 0),
                        ]],
                    ));
                    names_out.push("service/kubernetes".into());
                }
                for n in names.iter().filter(|n| *n != "kubernetes") {
                    not_found_errors.push(not_found(kind, n));
                }
            }
            Kind::All => {}
        }
    }
    match format {
        "yaml" | "json" => {
            if objects.is_empty() && not_found_errors.is_empty() {
                out.err("No resources found in default namespace.\n");
                return;
            }
            if !objects.is_empty() {
                let v = if objects.len() == 1 && any_named && !multi {
                    objects.remove(0)
                } else {
                    value::obj([
                        ("apiVersion", "v1".into()),
                        ("items", Value::Array(objects)),
                        ("kind", "List".into()),
                        ("metadata", value::obj([("resourceVersion", "".into())])),
                    ])
                };
                if format == "json" {
                    out.out(format!("{}\n", render::to_json(&v)));
                } else {
                    out.out(render::to_yaml(&v));
                }
            }
        }
        "name" => {
            for n in names_out {
                out.out(format!("{n}\n"));
            }
        }
        _ => {
            if tables.is_empty() && not_found_errors.is_empty() {
                out.err("No resources found in default namespace.\n");
                return;
            }
            out.out(tables.join("\n"));
        }
    }
    for e in not_found_errors {
        out.fail(e);
    }
}

fn cmd_describe(sim: &mut Sim, p: &Parsed, out: &mut Output) {
    if p.args.is_empty() {
        out.fail("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.");
        return;
    }
    let refs = match resolve_refs(&p.args) {
        Ok(r) => r,
        Err(e) => {
            out.fail(e);
            return;
        }
    };
    let selector = p.get("selector").unwrap_or("");
    let mut pages: Vec<String> = Vec::new();
    for (kind, names) in refs {
        // A name may be a prefix, as kubectl describe allows.
        let pick = |all: Vec<String>, names: &[String]| -> (Vec<String>, Vec<String>) {
            if names.is_empty() {
                return (all, Vec::new());
            }
            let mut found = Vec::new();
            let mut missing = Vec::new();
            for n in names {
                if all.contains(n) {
                    found.push(n.clone());
                } else {
                    let pre: Vec<String> = all
                        .iter()
                        .filter(|a| a.starts_with(n.as_str()))
                        .cloned()
                        .collect();
                    if pre.is_empty() {
                        missing.push(n.clone());
                    }
                    found.extend(pre);
                }
            }
            (found, missing)
        };
        let sel = |l: &Labels| selector_matches_str(selector, l).unwrap_or(false);
        // Per kind: the names a selector allows, and how to describe one.
        type Describe<'a> = Box<dyn Fn(&str) -> Option<String> + 'a>;
        let (all, describe): (Vec<String>, Describe) = match kind {
            Kind::Deployment => (
                sim.deployments()
                    .filter(|d| sel(&d.labels))
                    .map(|d| d.name.clone())
                    .collect(),
                Box::new(|n| sim.deployment(n).map(|d| describe_deployment(sim, d))),
            ),
            Kind::ReplicaSet => (
                sim.replica_sets()
                    .filter(|r| sel(&r.labels))
                    .map(|r| r.name.clone())
                    .collect(),
                Box::new(|n| sim.replica_set(n).map(|r| describe_rs(sim, r))),
            ),
            Kind::Pod => (
                sim.pods()
                    .filter(|p| sel(&p.labels))
                    .map(|p| p.name.to_string())
                    .collect(),
                Box::new(|n| sim.pod(n).map(|pod| describe_pod(sim, pod))),
            ),
            other => {
                out.fail(format!(
                    "the playground cannot describe {}",
                    other.resource()
                ));
                return;
            }
        };
        let (found, missing) = pick(all, &names);
        pages.extend(found.iter().filter_map(|n| describe(n)));
        for n in missing {
            out.fail(not_found(kind, &n));
        }
    }
    if pages.is_empty() && out.exit_code == 0 {
        out.err("No resources found in default namespace.\n");
        return;
    }
    out.out(pages.join("\n\n"));
}

// ----- changing a Deployment -----------------------------------------------------

fn deployment_or_fail(sim: &Sim, p: &Parsed, out: &mut Output) -> Option<Deployment> {
    let name = match single_deployment(&p.args) {
        Ok(n) => n,
        Err(e) => {
            out.fail(e);
            return None;
        }
    };
    match sim.deployment(&name) {
        Some(d) => Some(d.clone()),
        None => {
            out.fail(not_found(Kind::Deployment, &name));
            None
        }
    }
}

/// Writes a changed Deployment back; `Ok(changed)`.
fn update(sim: &mut Sim, d: &Deployment, out: &mut Output) -> bool {
    match sim.update_deployment(
        &d.name,
        d.labels.clone(),
        d.annotations.clone(),
        d.spec.clone(),
    ) {
        Ok(changed) => changed,
        Err(e) => {
            out.fail(sim_error_text(&e, &d.name));
            false
        }
    }
}

fn cmd_set_image(sim: &mut Sim, p: &Parsed, out: &mut Output) {
    // Positional args: the resource (1 or 2 words), then container=image pairs.
    let (res_args, pairs): (Vec<String>, Vec<String>) =
        p.args.iter().cloned().partition(|a| !a.contains('='));
    if res_args.is_empty() {
        out.fail("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
        return;
    }
    let name = match single_deployment(&res_args) {
        Ok(n) => n,
        Err(e) => {
            out.fail(e);
            return;
        }
    };
    if pairs.is_empty() {
        out.fail("at least one image update is required");
        return;
    }
    let record = p.bool("record");
    if record {
        out.err(RECORD_WARNING);
    }
    let Some(mut d) = sim.deployment(&name).cloned() else {
        out.fail(not_found(Kind::Deployment, &name));
        return;
    };
    for pair in &pairs {
        let (c, img) = pair.split_once('=').unwrap_or((pair.as_str(), ""));
        if img.is_empty() {
            out.fail(format!(
                "invalid image update {pair:?}: expected container=image"
            ));
            return;
        }
        let mut hit = false;
        for container in d.spec.template.spec.containers.iter_mut() {
            if c == "*" || container.name == c {
                container.image = img.to_string();
                hit = true;
            }
        }
        if !hit {
            out.fail(format!("unable to find container named {c:?}"));
            return;
        }
    }
    let live = sim.deployment(&name).cloned();
    if live.as_ref().map(|l| &l.spec) == Some(&d.spec) {
        // kubectl prints nothing when the image is already set.
        return;
    }
    if record {
        d.annotations
            .insert(ANN_CHANGE_CAUSE.to_string(), p.change_cause());
    }
    if update(sim, &d, out) || out.exit_code == 0 {
        out.out(format!("deployment.apps/{name} image updated\n"));
    }
}

fn cmd_scale(sim: &mut Sim, p: &Parsed, out: &mut Output) {
    let Some(raw) = p.get("replicas") else {
        out.fail("required flag(s) \"replicas\" not set");
        return;
    };
    let replicas: i64 = match raw.parse() {
        Ok(r) => r,
        Err(_) => {
            out.fail(format!("invalid argument {raw:?} for \"--replicas\" flag: strconv.ParseInt: parsing {raw:?}: invalid syntax"));
            return;
        }
    };
    if replicas < 0 {
        out.fail(
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        );
        return;
    }
    let Some(mut d) = deployment_or_fail(sim, p, out) else {
        return;
    };
    if replicas > MAX_REPLICAS as i64 {
        out.fail(format!(
            "The Deployment {:?} is invalid: spec.replicas: Invalid value: {replicas}: must be less than or equal to {MAX_REPLICAS} (the playground's limit)",
            d.name
        ));
        return;
    }
    if p.bool("record") {
        out.err(RECORD_WARNING);
        d.annotations
            .insert(ANN_CHANGE_CAUSE.to_string(), p.change_cause());
    }
    d.spec.replicas = replicas as i32;
    update(sim, &d, out);
    if out.exit_code == 0 {
        out.out(format!("deployment.apps/{} scaled\n", d.name));
    }
}

fn cmd_annotate(sim: &mut Sim, p: &Parsed, out: &mut Output) {
    let (res, kvs): (Vec<String>, Vec<String>) = p
        .args
        .iter()
        .cloned()
        .partition(|a| !(a.contains('=') || a.ends_with('-')));
    let name = match single_deployment(&res) {
        Ok(n) => n,
        Err(e) => {
            out.fail(e);
            return;
        }
    };
    if kvs.is_empty() {
        out.fail("at least one annotation update is required");
        return;
    }
    let Some(mut d) = sim.deployment(&name).cloned() else {
        out.fail(not_found(Kind::Deployment, &name));
        return;
    };
    for kv in &kvs {
        if let Some((k, v)) = kv.split_once('=') {
            if let Some(old) = d.annotations.get(k) {
                if !p.bool("overwrite") && old != v {
                    out.fail(format!("--overwrite is false but found the following declared annotation(s): '{k}' already has a value ({old})"));
                    return;
                }
            }
            d.annotations.insert(k.to_string(), v.to_string());
        } else if let Some(k) = kv.strip_suffix('-') {
            d.annotations.remove(k);
        }
    }
    if p.bool("record") {
        out.err(RECORD_WARNING);
        d.annotations
            .insert(ANN_CHANGE_CAUSE.to_string(), p.change_cause());
    }
    update(sim, &d, out);
    if out.exit_code == 0 {
        out.out(format!("deployment.apps/{name} annotated\n"));
    }
}

fn cmd_logs(sim: &mut Sim, p: &Parsed, out: &mut Output) {
    let Some(target) = p.args.first() else {
        out.fail("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples");
        return;
    };
    let pod = if let Some(dep) = target
        .strip_prefix("deployment/")
        .or_else(|| target.strip_prefix("deploy/"))
    {
        let rs_names: Vec<String> = sim
            .replica_sets_of(dep)
            .iter()
            .rev()
            .map(|r| r.name.clone())
            .collect();
        let found = rs_names
            .iter()
            .flat_map(|rs| sim.pods_of(rs))
            .next()
            .map(|p| p.name.to_string());
        match found {
            Some(n) => n,
            None => {
                out.fail(format!(
                    "Error from server (NotFound): deployments.apps {dep:?} not found"
                ));
                return;
            }
        }
    } else {
        target.clone()
    };
    let Some(pod) = sim.pod(&pod) else {
        out.fail(not_found(Kind::Pod, &pod));
        return;
    };
    let container = pod.container_names.first().cloned().unwrap_or_default();
    let started = !matches!(pod.container, ContainerState::Waiting { .. }) || pod.restart_count > 0;
    if !started {
        let why = match &pod.container {
            ContainerState::Waiting { reason, .. }
                if *reason == "ErrImagePull" || *reason == "ImagePullBackOff" =>
            {
                "trying and failing to pull image".to_string()
            }
            ContainerState::Waiting { reason, .. } if !reason.is_empty() => reason.to_string(),
            _ => "ContainerCreating".to_string(),
        };
        out.fail(format!("Error from server (BadRequest): container {container:?} in pod {:?} is waiting to start: {why}", pod.name));
        return;
    }
    use crate::sim::registry::AppBehaviour;
    let text = match sim.pod_behaviour(pod.id) {
        Some(AppBehaviour::Crash { log, .. }) => log.clone(),
        _ => {
            let (repo, _) = crate::sim::registry::split_image(&pod.images[0]);
            if repo.ends_with("nginx") {
                "/docker-entrypoint.sh: Configuration complete; ready for start up\n2026/03/14 09:00:05 [notice] 1#1: nginx/1.27.4\n2026/03/14 09:00:05 [notice] 1#1: start worker processes\n".to_string()
            } else if repo.ends_with("httpd") {
                "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.0.3.\n[mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.63 (Unix) configured -- resuming normal operations\n".to_string()
            } else {
                format!("{} started\nlistening on :8080\n", pod.images[0])
            }
        }
    };
    out.out(text);
}

// ----- rollout -----------------------------------------------------------------------

/// kubectl's `DeploymentStatusViewer.Status`: (message, done, error).
pub fn rollout_status_message(d: &Deployment) -> (String, bool, bool) {
    let name = &d.name;
    let s = &d.status;
    if d.generation > s.observed_generation {
        return (
            "Waiting for deployment spec update to be observed...\n".into(),
            false,
            false,
        );
    }
    if s.condition("Progressing")
        .is_some_and(|c| c.reason == "ProgressDeadlineExceeded")
    {
        return (
            format!("deployment {name:?} exceeded its progress deadline"),
            false,
            true,
        );
    }
    if s.updated_replicas < d.spec.replicas {
        return (
            format!("Waiting for deployment {name:?} rollout to finish: {} out of {} new replicas have been updated...\n", s.updated_replicas, d.spec.replicas),
            false,
            false,
        );
    }
    if s.replicas > s.updated_replicas {
        return (
            format!("Waiting for deployment {name:?} rollout to finish: {} old replicas are pending termination...\n", s.replicas - s.updated_replicas),
            false,
            false,
        );
    }
    if s.available_replicas < s.updated_replicas {
        return (
            format!("Waiting for deployment {name:?} rollout to finish: {} of {} updated replicas are available...\n", s.available_replicas, s.updated_replicas),
            false,
            false,
        );
    }
    (
        format!("deployment {name:?} successfully rolled out\n"),
        true,
        false,
    )
}

fn cmd_rollout_status(sim: &mut Sim, p: &Parsed, out: &mut Output) {
    let Some(d) = deployment_or_fail(sim, p, out) else {
        return;
    };
    let name = d.name.clone();
    if let Some(r) = p.get("revision") {
        let want: i64 = match r.parse() {
            Ok(v) => v,
            Err(_) => {
                out.fail(format!("invalid argument {r:?} for \"--revision\" flag: strconv.ParseInt: parsing {r:?}: invalid syntax"));
                return;
            }
        };
        if want < 0 {
            out.fail(format!("revision must be a positive integer: {want}"));
            return;
        }
        let cur = d.annotations.get(ANN_REVISION).cloned().unwrap_or_default();
        if want > 0 && cur != want.to_string() {
            out.fail(format!(
                "desired revision ({want}) is different from the running revision ({cur})"
            ));
            return;
        }
    }
    let timeout_ms = match p.get("timeout").map(args::parse_duration_ms) {
        None | Some(Ok(0)) => None,
        Some(Ok(t)) => Some(t),
        Some(Err(e)) => {
            out.fail(format!(
                "invalid argument {:?} for \"--timeout\" flag: {e}",
                p.get("timeout").unwrap_or("")
            ));
            return;
        }
    };
    let watch = p.get("watch") != Some("false");
    let start = sim.now_ms();
    let limit = start + timeout_ms.unwrap_or(ROLLOUT_STATUS_MAX_WAIT_MS);
    let mut last_rv = None;
    loop {
        let Some(d) = sim.deployment(&name).cloned() else {
            out.fail("object has been deleted");
            return;
        };
        if last_rv != Some(d.resource_version) {
            last_rv = Some(d.resource_version);
            let (msg, done, error) = rollout_status_message(&d);
            if error {
                out.fail(msg);
                return;
            }
            out.out(msg);
            if done || !watch {
                return;
            }
        }
        match sim.next_deadline() {
            Some(t) if t <= limit => sim.advance_to(t),
            _ => {
                sim.advance_to(limit);
                out.fail("timed out waiting for the condition");
                return;
            }
        }
    }
}

fn revisions_of(sim: &Sim, name: &str) -> Vec<(i64, ReplicaSet)> {
    let mut v: Vec<(i64, ReplicaSet)> = sim
        .replica_sets_of(name)
        .into_iter()
        .filter_map(|r| {
            r.annotations
                .get(ANN_REVISION)
                .and_then(|s| s.parse::<i64>().ok())
                .map(|rev| (rev, r.clone()))
        })
        .collect();
    crate::order::sort_by_key(&mut v, |(r, _)| *r);
    v
}

fn cmd_rollout_history(sim: &mut Sim, p: &Parsed, out: &mut Output) {
    let Some(d) = deployment_or_fail(sim, p, out) else {
        return;
    };
    let revs = revisions_of(sim, &d.name);
    if let Some(r) = p.get("revision") {
        let want: i64 = match r.parse() {
            Ok(v) => v,
            Err(_) => {
                out.err(format!("error: invalid argument {r:?} for \"--revision\" flag: strconv.ParseInt: parsing {r:?}: invalid syntax\nSee 'kubectl rollout history --help' for usage.\n"));
                out.exit_code = 1;
                return;
            }
        };
        if want > 0 {
            let Some((_, rs)) = revs.iter().find(|(rev, _)| *rev == want) else {
                out.fail("unable to find the specified revision");
                return;
            };
            let mut t = rs.template.clone();
            if let Some(cc) = rs.annotations.get(ANN_CHANGE_CAUSE) {
                t.annotations
                    .insert(ANN_CHANGE_CAUSE.to_string(), cc.clone());
            }
            out.out(format!(
                "deployment.apps/{} with revision #{want}\n{}\n",
                d.name,
                pod_template_section(&t)
            ));
            return;
        }
    }
    if revs.is_empty() {
        out.out(format!(
            "deployment.apps/{} \nNo rollout history found.\n",
            d.name
        ));
        return;
    }
    let mut text = String::from("REVISION\tCHANGE-CAUSE\n");
    for (rev, rs) in &revs {
        text.push_str(&format!(
            "{rev}\t{}\n",
            rs.annotations
                .get(ANN_CHANGE_CAUSE)
                .map(String::as_str)
                .unwrap_or("<none>")
        ));
    }
    out.out(format!(
        "deployment.apps/{} \n{}\n",
        d.name,
        tabwrite(&text, 0, 2)
    ));
}

fn cmd_rollout_undo(sim: &mut Sim, p: &Parsed, out: &mut Output) {
    let Some(d) = deployment_or_fail(sim, p, out) else {
        return;
    };
    let to: i64 = match p.get("to-revision").map(str::parse::<i64>) {
        None => 0,
        Some(Ok(v)) => v,
        Some(Err(_)) => {
            let r = p.get("to-revision").unwrap_or("");
            out.err(format!("error: invalid argument {r:?} for \"--to-revision\" flag: strconv.ParseInt: parsing {r:?}: invalid syntax\nSee 'kubectl rollout undo --help' for usage.\n"));
            out.exit_code = 1;
            return;
        }
    };
    if to < 0 {
        out.fail(format!("unable to find specified revision {to} in history"));
        return;
    }
    let revs = revisions_of(sim, &d.name);
    let target = if to == 0 {
        if revs.len() < 2 {
            out.fail(format!(
                "no rollout history found for deployment {:?}",
                d.name
            ));
            return;
        }
        revs[revs.len() - 2].1.clone()
    } else {
        match revs.iter().find(|(r, _)| *r == to) {
            Some((_, rs)) => rs.clone(),
            None => {
                out.fail(format!("unable to find specified revision {to} in history"));
                return;
            }
        }
    };
    if p.get("dry-run").is_some_and(|v| v != "none") {
        out.out(format!(
            "deployment.apps/{} Pod Template:\n{}",
            d.name,
            tabwrite(&pod_template_section(&target.template.without_hash()), 0, 2)
        ));
        return;
    }
    if d.spec.paused {
        out.fail("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
        return;
    }
    if target.template.equal_ignore_hash(&d.spec.template) {
        out.out(format!("deployment.apps/{} skipped rollback (current template already matches revision {to})\n", d.name));
        return;
    }
    let mut nd = d.clone();
    nd.spec.template = target.template.without_hash();
    let mut ann = Labels::new();
    for k in ANNOTATIONS_NOT_COPIED {
        if let Some(v) = d.annotations.get(k) {
            ann.insert(k.to_string(), v.clone());
        }
    }
    for (k, v) in &target.annotations {
        if !ANNOTATIONS_NOT_COPIED.contains(&k.as_str()) {
            ann.insert(k.clone(), v.clone());
        }
    }
    nd.annotations = ann;
    update(sim, &nd, out);
    if out.exit_code == 0 {
        out.out(format!("deployment.apps/{} rolled back\n", d.name));
    }
}

fn cmd_pause(sim: &mut Sim, p: &Parsed, out: &mut Output, pause: bool) {
    let Some(mut d) = deployment_or_fail(sim, p, out) else {
        return;
    };
    if d.spec.paused == pause {
        let state = if pause {
            "already paused"
        } else {
            "not paused"
        };
        out.fail(format!("deployments.apps {:?} is {state}", d.name));
        return;
    }
    d.spec.paused = pause;
    update(sim, &d, out);
    if out.exit_code == 0 {
        out.out(format!(
            "deployment.apps/{} {}\n",
            d.name,
            if pause { "paused" } else { "resumed" }
        ));
    }
}

fn cmd_restart(sim: &mut Sim, p: &Parsed, out: &mut Output) {
    let Some(mut d) = deployment_or_fail(sim, p, out) else {
        return;
    };
    if d.spec.paused {
        out.fail(format!(
            "deployments.apps {:?} can't restart paused deployment (run rollout resume first)",
            d.name
        ));
        return;
    }
    let stamp = manifest::time::rfc3339(sim.now_ms());
    if d.spec.template.annotations.get(ANN_RESTARTED_AT) == Some(&stamp) {
        out.fail(format!(
            "failed to create patch for {}: if restart has already been triggered within the past second, please wait before attempting to trigger another",
            d.name
        ));
        return;
    }
    d.spec
        .template
        .annotations
        .insert(ANN_RESTARTED_AT.to_string(), stamp);
    update(sim, &d, out);
    if out.exit_code == 0 {
        out.out(format!("deployment.apps/{} restarted\n", d.name));
    }
}
