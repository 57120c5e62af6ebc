//! The file verbs: `apply -f` (with its three-way merge of labels, annotations,
//! replicas and paused), `create -f` and `create deployment`, and `delete`. Manifest
//! errors are printed as kubectl prints them. It must not touch the browser or disk
//! (files come through [`Files`]).

use super::args::{DryRun, Flag, OutputFormat, Parsed};
pub use super::documents::*;
use super::output::{Failure, Files, Output, RECORD_WARNING};
use super::resources::*;
use crate::manifest::value::{self, Value};
use crate::manifest::{self, render, DeploymentManifest, Document, DocumentError, ManifestError};
use crate::sim::*;

fn file_flags(p: &Parsed) -> Vec<String> {
    p.texts(Flag::Filename)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Reads and parses one `-f` file; errors in kubectl's words.
fn load_file(
    files: &dyn Files,
    path: &str,
    tolerant: bool,
) -> Result<Vec<Result<Document, DocumentError>>, Failure> {
    let Some(text) = files.read(path) else {
        return Err(Failure::from(format!("the path {path:?} does not exist")));
    };
    manifest::parse_objects(&text, tolerant).map_err(|e| manifest_failure(&e, path, "creating"))
}

fn last_applied_json(m: &DeploymentManifest) -> String {
    last_applied_of(&m.source)
}

/// Every document of every `-f` file, in order, to `f`; unreadable files and
/// invalid documents are printed as kubectl prints them (`verb`: "creating",
/// "deleting"). Returns how many documents the files held.
fn each_document(
    files: &dyn Files,
    paths: &[String],
    verb: &str,
    tolerant: bool,
    out: &mut Output,
    mut f: impl FnMut(&mut Output, &str, Document),
) -> usize {
    let mut objects = 0;
    let since = out.failure_count();
    for path in paths {
        let docs = match load_file(files, path, tolerant) {
            Ok(docs) => docs,
            Err(e) => {
                out.fail(e);
                continue;
            }
        };
        objects += docs.len();
        for doc in docs {
            match doc {
                Ok(m) => f(out, path, m),
                Err(e) => out.fail(manifest_failure_of(e.kind, &e.error, path, verb)),
            }
        }
    }
    out.aggregate_failures(since);
    objects
}

/// What `apply -f` and `create -f` share: every document of every `-f` file, with
/// `--record`'s change-cause added to its annotations; file and manifest errors are
/// printed as kubectl prints them and that document is skipped.
fn each_manifest(
    verb: &str,
    files: &dyn Files,
    p: &Parsed,
    out: &mut Output,
    mut f: impl FnMut(&mut Output, &str, Document, Labels),
) -> Result<(), Failure> {
    let paths = file_flags(p);
    if paths.is_empty() {
        return Err(Failure::from("must specify one of -f and -k"));
    }
    // `--validate`: the server's field validation. Strict refuses unknown fields
    // (kubectl's default); warn and ignore have the server drop them, warn with a
    // warning for each.
    let (tolerant, warn) = match p.text(Flag::Validate) {
        "strict" | "true" => (false, false),
        "warn" => (true, true),
        "ignore" | "false" => (true, false),
        other => {
            return Err(Failure::from(format!("invalid - validate option {other:?}; must be one of: strict (or true), warn, ignore (or false)")));
        }
    };
    let record = p.bool(Flag::Record);
    if record {
        out.err(RECORD_WARNING);
    }
    let objects = each_document(files, &paths, "creating", tolerant, out, |out, path, m| {
        let (unknown, annotations) = match &m {
            Document::Deployment(d) => (&d.unknown_fields, &d.annotations),
            Document::Service(s) => (&s.unknown_fields, &s.annotations),
            Document::Pod(pod) => (&pod.unknown_fields, &pod.template.annotations),
        };
        if warn {
            for field in unknown {
                out.err(format!("Warning: unknown field {field:?}\n"));
            }
        }
        let mut annotations = annotations.clone();
        if record {
            annotations.insert(ANN_CHANGE_CAUSE.to_string(), p.change_cause());
        }
        f(out, path, m, annotations);
    });
    // Files that hold nothing but comments or `---`.
    if objects == 0 && out.exit_code == 0 {
        return Err(Failure::from(format!("no objects passed to {verb}")));
    }
    Ok(())
}

/// `kubectl replace -f FILE`: each document's Deployment written whole over the
/// live one (`replaced`); a client dry run sends nothing, so it says so of any
/// object the file names.
pub fn replace(
    sim: &mut Sim,
    files: &dyn Files,
    p: &Parsed,
    out: &mut Output,
) -> Result<(), Failure> {
    let paths = file_flags(p);
    if paths.is_empty() {
        return Err(Failure::from("must specify one of -f and -k"));
    }
    let record = p.bool(Flag::Record);
    if record {
        out.err(RECORD_WARNING);
    }
    let client = p.dry_run == Ok(DryRun::Client);
    let objects = each_document(files, &paths, "replacing", false, out, |out, path, m| {
        let m = match m {
            Document::Deployment(m) => m,
            Document::Service(manifest::ServiceManifest { name, .. })
            | Document::Pod(manifest::PodManifest { name, .. }) => {
                out.fail(format!(
                    "the playground replaces deployments only ({name:?}): apply the file instead"
                ));
                return;
            }
        };
        if client {
            out.out(format!("deployment.apps/{} replaced\n", m.name));
            return;
        }
        if let Err(e) = replace_one(sim, p, path, m, record, out) {
            out.fail(e);
        }
    });
    if objects == 0 && out.exit_code == 0 {
        return Err(Failure::from("no objects passed to replace"));
    }
    Ok(())
}

fn replace_one(
    sim: &mut Sim,
    p: &Parsed,
    path: &str,
    m: DeploymentManifest,
    record: bool,
    out: &mut Output,
) -> Result<(), Failure> {
    let Some(d) = sim.deployment(&m.name).cloned() else {
        return Err(Failure::printed(format!(
            "Error from server (NotFound): error when replacing {path:?}: deployments.apps {:?} not found",
            m.name
        )));
    };
    let immutable = manifest::validate_update(&d.spec.selector, &m);
    if !immutable.is_empty() {
        let e = ManifestError::Invalid {
            name: m.name.clone(),
            causes: immutable,
        };
        return Err(manifest_failure(&e, path, "replacing"));
    }
    let mut nd = d.clone();
    (nd.labels, nd.annotations, nd.spec) = (m.labels, m.annotations, m.spec);
    if record {
        nd.annotations
            .insert(ANN_CHANGE_CAUSE.to_string(), p.change_cause());
    }
    update(sim, &nd)?;
    match &p.output {
        OutputFormat::Default => out.out(format!("deployment.apps/{} replaced\n", nd.name)),
        format => {
            let now = sim.deployment(&nd.name).filter(|_| !sim.is_dry_run());
            out.answer(format, &render::deployment_json(now.unwrap_or(&nd)), false)
        }
    }
    Ok(())
}

/// The object a create of `name` leaves, as the server answers it: the stored one
/// after a real create; under a server dry run, what it would store, before any
/// controller acts (with the uid a real create would draw).
fn created_answer(
    sim: &Sim,
    name: &str,
    labels: &Labels,
    annotations: &Labels,
    spec: &DeploymentSpec,
) -> Option<Value> {
    if !sim.is_dry_run() {
        return sim.deployment(name).map(render::deployment_json);
    }
    // The dry run has left the cluster as it was, so the create is still to come.
    let d = sim
        .deployment_to_create(name, labels.clone(), annotations.clone(), spec.clone())
        .ok()?;
    let mut v = render::deployment_json(&d);
    render::as_created(&mut v);
    Some(v)
}

/// What a client dry run of a create prints: the file's object as kubectl sends
/// it, in the context's namespace, with the annotations kubectl adds (`--record`,
/// `last-applied-configuration`).
fn client_answer(m: &DeploymentManifest, annotations: &Labels) -> Value {
    let mut v = m.source.clone();
    if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        if !meta.contains_key("namespace") {
            meta.insert("namespace".into(), "default".into());
        }
        if *annotations != m.annotations {
            let a: value::Map = annotations
                .iter()
                .map(|(k, v)| (k.to_string(), Value::from(v.to_string())))
                .collect();
            meta.insert("annotations".into(), Value::Object(a));
        }
    }
    v
}

/// `kubectl apply -f`.
pub fn apply(
    sim: &mut Sim,
    files: &dyn Files,
    p: &Parsed,
    out: &mut Output,
) -> Result<(), Failure> {
    let format = &p.output;
    if let Some(e) = super::output::printer_error(format) {
        return Err(Failure::from(e));
    }
    each_manifest("apply", files, p, out, |out, _path, m, annotations| {
        let m = match m {
            Document::Deployment(m) => m,
            Document::Service(s) => {
                if let Err(e) = super::service::apply_document(sim, p, out, s, annotations) {
                    out.fail(e);
                }
                return;
            }
            Document::Pod(pod) => {
                if let Err(e) = super::pod::apply_document(sim, p, out, pod, annotations) {
                    out.fail(e);
                }
                return;
            }
        };
        let applied = match sim.deployment(&m.name).cloned() {
            None => apply_create(sim, p, out, &m, annotations),
            Some(live) => apply_update(sim, p, out, &m, &live, annotations),
        };
        if let Err(e) = applied {
            out.fail(e);
        }
    })
}

/// `apply` of an object the cluster does not have: a create that records the
/// file as the last applied configuration.
fn apply_create(
    sim: &mut Sim,
    p: &Parsed,
    out: &mut Output,
    m: &DeploymentManifest,
    mut annotations: Labels,
) -> Result<(), Failure> {
    annotations.insert(ANN_LAST_APPLIED.to_string(), last_applied_json(m));
    let format = &p.output;
    sim.create_deployment(
        &m.name,
        m.labels.clone(),
        annotations.clone(),
        m.spec.clone(),
    )
    .map_err(|e| sim_error(&e, &m.name))?;
    if *format == OutputFormat::Default {
        out.out(format!("deployment.apps/{} created\n", m.name));
    } else if p.dry_run == Ok(DryRun::Client) {
        out.answer(format, &client_answer(m, &annotations), false);
    } else if let Some(v) = created_answer(sim, &m.name, &m.labels, &annotations, &m.spec) {
        out.answer(format, &v, false);
    }
    Ok(())
}

/// `apply` onto a live object: the three-way merge, then an update.
fn apply_update(
    sim: &mut Sim,
    p: &Parsed,
    out: &mut Output,
    m: &DeploymentManifest,
    live: &Deployment,
    annotations: Labels,
) -> Result<(), Failure> {
    let immutable = manifest::validate_update(&live.spec.selector, m);
    if !immutable.is_empty() {
        return Err(Failure::printed(invalid_text(&m.name, &immutable)));
    }
    let last: Option<Value> = match live.annotations.get(ANN_LAST_APPLIED) {
        Some(s) => value::from_str(s),
        None => {
            out.err(format!("Warning: resource deployments/{} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n", m.name));
            None
        }
    };
    let (labels, new_ann, spec) = three_way_merge(live, last.as_ref(), m, &annotations);
    let answer = sim
        .is_dry_run()
        .then(|| render::as_updated(live, &labels, &new_ann, &spec));
    let format = &p.output;
    match sim.update_deployment(&m.name, labels, new_ann, spec) {
        Ok(_) if *format != OutputFormat::Default => {
            if let Some(v) = answer.or_else(|| sim.deployment(&m.name).map(render::deployment_json))
            {
                out.answer(format, &v, false);
            }
        }
        Ok(true) => out.out(format!("deployment.apps/{} configured\n", m.name)),
        // Fields the server drops are never in the live object, so
        // kubectl's patch always holds them: never "unchanged".
        Ok(false) if !m.unknown_fields.is_empty() => {
            out.out(format!("deployment.apps/{} configured\n", m.name))
        }
        Ok(false) => out.out(format!("deployment.apps/{} unchanged\n", m.name)),
        Err(e) => return Err(sim_error(&e, &m.name)),
    }
    Ok(())
}

/// What `apply` sends onto `live`: labels and annotations merged three ways with
/// the last applied configuration, `replicas` and `paused` kept from the live
/// object unless the file or the last apply set them, and the rest the file's.
fn three_way_merge(
    live: &Deployment,
    last: Option<&Value>,
    m: &DeploymentManifest,
    annotations: &Labels,
) -> (Labels, Labels, DeploymentSpec) {
    let labels = three_way(
        &live.labels,
        last.and_then(|l| l.pointer("/metadata/labels")),
        &m.labels,
    );
    let mut new_ann = three_way(
        &live.annotations,
        last.and_then(|l| l.pointer("/metadata/annotations")),
        annotations,
    );
    new_ann.insert(ANN_LAST_APPLIED.to_string(), last_applied_json(m));
    let mut spec = m.spec.clone();
    let had = |ptr: &str| last.and_then(|l| l.pointer(ptr)).is_some();
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
        last.and_then(|l| l.pointer("/spec/template/metadata/annotations")),
        &m.spec.template.annotations,
    );
    (labels, new_ann, spec)
}

/// `kubectl create -f` and `kubectl create deployment NAME --image=IMAGE`.
pub fn create(
    sim: &mut Sim,
    files: &dyn Files,
    p: &Parsed,
    out: &mut Output,
) -> Result<(), Failure> {
    match p.args.first().map(String::as_str) {
        Some("deployment" | "deploy") => return create_deployment(sim, p, out),
        Some("service" | "svc") => return super::service::create_service(sim, p, out),
        Some("namespace" | "ns") => return super::namespace::create(sim, p, out),
        _ => {}
    }
    let format = &p.output;
    if let Some(e) = super::output::printer_error(format) {
        return Err(Failure::from(e));
    }
    let save_config = p.bool(Flag::SaveConfig);
    each_manifest("create", files, p, out, |out, path, m, mut annotations| {
        let m = match m {
            Document::Deployment(m) => m,
            Document::Service(s) => {
                let s = manifest::ServiceManifest { annotations, ..s };
                if let Err(e) = super::service::create_document(sim, p, out, path, s) {
                    out.fail(e);
                }
                return;
            }
            Document::Pod(mut pod) => {
                pod.template.annotations = annotations;
                if let Err(e) = super::pod::create_document(sim, p, out, path, pod) {
                    out.fail(e);
                }
                return;
            }
        };
        if sim.deployment(&m.name).is_some() {
            out.fail(Failure::printed(format!("Error from server (AlreadyExists): error when creating {path:?}: deployments.apps {:?} already exists", m.name)));
            return;
        }
        if save_config {
            annotations.insert(ANN_LAST_APPLIED.to_string(), last_applied_json(&m));
        }
        match sim.create_deployment(
            &m.name,
            m.labels.clone(),
            annotations.clone(),
            m.spec.clone(),
        ) {
            Ok(()) if *format != OutputFormat::Default && p.dry_run == Ok(DryRun::Client) => {
                out.answer(format, &client_answer(&m, &annotations), false)
            }
            Ok(()) => match created_answer(sim, &m.name, &m.labels, &annotations, &m.spec) {
                Some(v) if *format != OutputFormat::Default => out.answer(format, &v, false),
                _ => out.out(format!("deployment.apps/{} created\n", m.name)),
            },
            Err(e) => out.fail(sim_error(&e, &m.name)),
        }
    })?;
    Ok(())
}

/// `kubectl create deployment NAME --image=IMAGE`: the object kubectl builds
/// (`createDeployment`), printed as built for a client dry run, else created.
fn create_deployment(sim: &mut Sim, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    // cobra checks required flags before the command looks at its arguments.
    let Some(image) = p.given(Flag::Image) else {
        return Err(Failure::from("required flag(s) \"image\" not set"));
    };
    let Some(name) = p.args.get(1) else {
        return Err(Failure::from("exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples"));
    };
    let replicas = p.int(Flag::Replicas).unwrap_or(1);
    let (repo, _) = crate::sim::registry::split_image(image);
    let cname = container_name(&repo);
    let format = &p.output;
    if let Some(e) = super::output::printer_error(format) {
        return Err(Failure::from(e));
    }
    let object = client_deployment(
        name,
        &cname,
        image,
        replicas,
        p.int(Flag::Port).filter(|&v| v >= 0),
    );
    // A client dry run prints the object as kubectl built it, before any
    // server defaulted it; nothing is sent.
    if p.dry_run == Ok(DryRun::Client) && *format != OutputFormat::Default {
        match format {
            OutputFormat::Json => out.out(format!("{}\n", value::to_string_pretty(&object))),
            OutputFormat::Yaml => out.yaml(&object),
            _ => out.out(format!("deployment.apps/{name}\n")),
        }
        return Ok(());
    }
    let yaml = render::to_yaml(&object);
    let m = match manifest::parse(&yaml).map(|mut d| d.pop()) {
        Ok(Some(Ok(m))) => m,
        Ok(Some(Err(e))) => {
            return Err(manifest_failure(&e, "deployment", "creating"));
        }
        _ => {
            return Err(Failure::from("failed to create deployment"));
        }
    };
    if sim.deployment(name).is_some() {
        return Err(Failure::from(format!(
            "failed to create deployment: deployments.apps {name:?} already exists"
        )));
    }
    if let Err(e) = sim.create_deployment(
        &m.name,
        m.labels.clone(),
        m.annotations.clone(),
        m.spec.clone(),
    ) {
        return Err(sim_error(&e, name));
    }
    // The object as stored, which the simulator's controller has already acted
    // on (kubesim serve answers a create with the same).
    match created_answer(sim, name, &m.labels, &m.annotations, &m.spec) {
        Some(v) if *format != OutputFormat::Default => out.answer(format, &v, true),
        _ => out.out(format!("deployment.apps/{name} created\n")),
    }
    Ok(())
}

/// The container `create deployment` names after the image: its last path
/// element, lowercased, other characters as `-`.
fn container_name(repo: &str) -> String {
    let last = repo.rsplit('/').next().unwrap_or("app");
    let safe = |c: char| {
        if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '-'
        }
    };
    last.chars().map(safe).collect()
}

/// `kubectl delete -f FILE...`: every object the files name.
fn delete_files(
    sim: &mut Sim,
    files: &dyn Files,
    paths: &[String],
    client: bool,
    out: &mut Output,
) {
    // kubectl delete reads a file for the names in it and validates nothing.
    let mut pods = Vec::new();
    let objects = each_document(files, paths, "deleting", true, out, |out, path, m| {
        let m = match m {
            Document::Deployment(m) => m,
            Document::Service(s) => {
                match super::service::delete_named(sim, client, &s.name) {
                    Ok(line) => out.out(line),
                    Err(_) => out.fail(Failure::printed(format!("Error from server (NotFound): error when deleting {path:?}: services {:?} not found", s.name))),
                }
                return;
            }
            Document::Pod(pod) => {
                match if client { Ok(()) } else { sim.delete_pod(&pod.name) } {
                    Ok(()) => {
                        out.out(format!("pod {:?} deleted\n", pod.name));
                        pods.push(pod.name);
                    }
                    Err(_) => out.fail(Failure::printed(format!("Error from server (NotFound): error when deleting {path:?}: pods {:?} not found", pod.name))),
                }
                return;
            }
        };
        match if client { Ok(()) } else { sim.delete_deployment(&m.name) } {
            Ok(()) => out.out(format!("deployment.apps {:?} deleted\n", m.name)),
            Err(_) => out.fail(Failure::printed(format!(
                "Error from server (NotFound): error when deleting {path:?}: deployments.apps {:?} not found",
                m.name
            ))),
        }
    });
    if objects == 0 && out.exit_code == 0 {
        out.out("No resources found\n");
    }
    if !client && !sim.is_dry_run() {
        wait_until_gone(sim, &pods);
    }
}

/// `kubectl delete -f FILE` and `kubectl delete TYPE NAME...`.
pub fn delete(
    sim: &mut Sim,
    files: &dyn Files,
    p: &Parsed,
    out: &mut Output,
) -> Result<(), Failure> {
    // A client dry run sends nothing, so kubectl says any object it names (by name
    // or in a file) would be deleted, whether or not it exists.
    let client = p.dry_run == Ok(DryRun::Client);
    let paths = file_flags(p);
    if !paths.is_empty() {
        delete_files(sim, files, &paths, client, out);
        return Ok(());
    }
    if p.args.is_empty() {
        return Err(Failure::from(NO_RESOURCES));
    }
    let refs = refs(&p.args)?;
    let selector = p.text(Flag::Selector);
    if let Some((kind, _)) = refs.first() {
        check_selector(*kind, selector)?;
    }
    let orphan = cascade(p, out)? == Cascade::Orphan;
    // kubectl deletes every object first, then waits for all of them (--wait).
    let mut waiting = Vec::new();
    for (kind, mut names) in refs {
        if p.bool(Flag::All) || !selector.is_empty() {
            names = selected_names(sim, kind, selector);
            // A pod already being deleted is not deleted again.
            names.retain(|n| sim.pod(n).is_none_or(|pod| pod.deletion_ms.is_none()));
            if names.is_empty() {
                out.err("No resources found\n");
            }
        } else if names.is_empty() {
            return Err(Failure::from(
                "resource(s) were provided, but no name was specified",
            ));
        }
        for name in names {
            match kind {
                Kind::Deployment => match if client {
                    Ok(())
                } else if orphan {
                    sim.orphan_deployment(&name)
                } else {
                    sim.delete_deployment(&name)
                } {
                    Ok(()) => out.out(format!("deployment.apps {name:?} deleted\n")),
                    Err(_) => out.fail(not_found(kind, &name)),
                },
                Kind::Pod => match if client { Ok(()) } else { sim.delete_pod(&name) } {
                    Ok(()) => {
                        out.out(format!("pod {name:?} deleted\n"));
                        waiting.push(name);
                    }
                    Err(_) => out.fail(not_found(kind, &name)),
                },
                Kind::Namespace => match super::namespace::delete(sim, client, &name) {
                    Ok(line) => out.out(line),
                    Err(e) => out.fail(e),
                },
                Kind::Service => match super::service::delete_named(sim, client, &name) {
                    Ok(line) => out.out(line),
                    Err(e) => out.fail(e),
                },
                Kind::ReplicaSet => out.fail(format!(
                    "the playground does not delete ReplicaSets directly (replicaset {name:?}): its Deployment would recreate it; delete the Deployment or change its spec"
                )),
                other => out.fail(format!("the playground cannot delete {}", other.resource())),
            }
        }
    }
    if p.bool(Flag::Wait) && !sim.is_dry_run() && !client {
        wait_until_gone(sim, &waiting);
    }
    Ok(())
}

#[derive(PartialEq)]
enum Cascade {
    Background,
    Foreground,
    Orphan,
}

/// `--cascade`: kubectl's `parseCascadingFlag`, booleans warned of. Foreground
/// deletes as background does here (the Deployment goes at once, not after its
/// dependents).
fn cascade(p: &Parsed, out: &mut Output) -> Result<Cascade, Failure> {
    let v = p.text(Flag::Cascade);
    let warn = |out: &mut Output, to: &str| {
        out.err(format!("warning: --cascade={v} is deprecated (boolean value) and can be replaced with --cascade={to}.\n"))
    };
    Ok(match v {
        "background" | "" => Cascade::Background,
        "foreground" => Cascade::Foreground,
        "orphan" => Cascade::Orphan,
        "1" | "t" | "T" | "true" | "TRUE" | "True" => {
            warn(out, "background");
            Cascade::Background
        }
        "0" | "f" | "F" | "false" | "FALSE" | "False" => {
            warn(out, "orphan");
            Cascade::Orphan
        }
        other => {
            return Err(Failure::from(format!(
                "invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
            )))
        }
    })
}

/// Moves the clock until the pods `names` are gone, as `delete --wait` blocks,
/// for at most a minute of simulated time.
fn wait_until_gone(sim: &mut Sim, names: &[String]) {
    let until = sim.now_ms() + 60_000;
    while names.iter().any(|n| sim.pod(n).is_some()) {
        match sim.next_deadline() {
            Some(t) if t <= until => sim.advance_to(t),
            _ => break,
        }
    }
}

/// The Deployment `kubectl create deployment` builds (kubectl's
/// `createDeployment`), as Go encodes the struct (`typed`: field order, `null`
/// creation times, empty structs). Written as JSON text: the page already reads
/// JSON, and building the tree by hand costs more code.
fn client_deployment(
    name: &str,
    container_name: &str,
    image: &str,
    replicas: i64,
    port: Option<i64>,
) -> Value {
    let q = |s: &str| {
        let mut out = String::new();
        value::quote(s, &mut out);
        out
    };
    let (n, c, i) = (q(name), q(container_name), q(image));
    let ports = port
        .map(|p| format!(r#","ports":[{{"containerPort":{p}}}]"#))
        .unwrap_or_default();
    let labels = format!(r#""labels":{{"app":{n}}}"#);
    let text = format!(
        r#"{{"kind":"Deployment","apiVersion":"apps/v1","metadata":{{"name":{n},{labels}}},"spec":{{"replicas":{replicas},"selector":{{"matchLabels":{{"app":{n}}}}},"template":{{"metadata":{{{labels}}},"spec":{{"containers":[{{"name":{c},"image":{i}{ports}}}]}}}}}}}}"#
    );
    manifest::typed::encode("v1.Deployment", value::from_str(&text).as_ref())
}
