//! Bare pods: `kubectl run NAME --image=IMAGE`, and Pod documents in `apply -f`,
//! `create -f` and `delete -f`. kubectl builds the Pod (`run`'s generator), and
//! the API server decodes and validates it as it does a file's.

use super::args::{DryRun, Flag, OutputFormat, Parsed};
use super::output::{Failure, Files, Output};
use super::resources::*;
use crate::manifest::render::pod_json_in;
use crate::manifest::value::{self, Map, Value};
use crate::manifest::{Document, PodManifest};
use crate::sim::*;

/// What kubectl sends for `kubectl run`: the Pod its generator builds, in Go
/// struct order, as `--dry-run=client -o yaml` prints it.
fn run_object(p: &Parsed, name: &str, image: &str) -> Result<Value, Failure> {
    let mut container = Map::new();
    container.insert("name".into(), Value::from(name));
    container.insert("image".into(), Value::from(image));
    let rest: Vec<Value> = p.args[1..]
        .iter()
        .map(|a| Value::from(a.as_str()))
        .collect();
    if !rest.is_empty() {
        let key = if p.bool(Flag::Command) {
            "command"
        } else {
            "args"
        };
        container.insert(key.into(), Value::Array(rest));
    }
    if let Some(port) = p.given(Flag::Port) {
        let port: i64 = port.parse().map_err(|_| {
            Failure::from(format!("strconv.Atoi: parsing {port:?}: invalid syntax"))
        })?;
        let ports = vec![value::obj([("containerPort", port.into())])];
        container.insert("ports".into(), Value::Array(ports));
    }
    let env: Vec<Value> = p
        .texts(Flag::Env)
        .iter()
        .map(|e| {
            let (k, v) = e.split_once('=').unwrap_or((e, ""));
            value::obj([("name", k.into()), ("value", v.into())])
        })
        .collect();
    if !env.is_empty() {
        container.insert("env".into(), Value::Array(env));
    }
    container.insert("resources".into(), Value::Object(Map::new()));
    let labels = match p.given(Flag::Labels) {
        Some(spec) => {
            let mut m = Map::new();
            for item in spec.split(',') {
                let (k, v) = item
                    .split_once('=')
                    .ok_or_else(|| Failure::from(format!("invalid label spec: {item}")))?;
                m.insert(k.to_string(), Value::from(v));
            }
            Value::Object(m)
        }
        None => value::obj([("run", name.into())]),
    };
    let restart = p.given(Flag::Restart).unwrap_or("Always");
    Ok(value::obj([
        ("kind", "Pod".into()),
        ("apiVersion", "v1".into()),
        (
            "metadata",
            value::obj([
                ("name", name.into()),
                ("creationTimestamp", Value::Null),
                ("labels", labels),
            ]),
        ),
        (
            "spec",
            value::obj([
                ("containers", Value::Array(vec![Value::Object(container)])),
                ("restartPolicy", restart.into()),
                ("dnsPolicy", "ClusterFirst".into()),
            ]),
        ),
        ("status", Value::Object(Map::new())),
    ]))
}

/// `kubectl run NAME --image=IMAGE [-- ARGS...]`: one bare pod.
pub fn run(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    // cobra checks required flags before the command looks at its arguments.
    let Some(image) = p.given(Flag::Image) else {
        return Err(Failure::from("required flag(s) \"image\" not set"));
    };
    let Some(name) = p.args.first() else {
        return Err(Failure::from(
            "NAME is required for run\nSee 'kubectl run -h' for help and examples",
        ));
    };
    if let Some(r) = p.given(Flag::Restart) {
        if !["Always", "OnFailure", "Never"].contains(&r) {
            return Err(Failure::from(format!(
                "invalid restart policy: {r}\nSee 'kubectl run -h' for help and examples"
            )));
        }
    }
    let object = run_object(p, name, image)?;
    if p.dry_run == Ok(DryRun::Client) && p.output != OutputFormat::Default {
        out.print_object(&p.output, &object, "pod", Some("v1.Pod"));
        return Ok(());
    }
    match super::documents::decode_built(&object)? {
        Document::Pod(m) => create_printing(sim, p, out, m, "created"),
        _ => Err(Failure::from("no Pod built")),
    }
}

/// Creates the pod `m` and prints `pod/NAME <verb>` or the object.
fn create_printing(
    sim: &mut Sim,
    p: &Parsed,
    out: &mut Output,
    m: PodManifest,
    verb: &str,
) -> Result<(), Failure> {
    let client = p.dry_run == Ok(DryRun::Client);
    let name = m.name.clone();
    // A client dry run sends nothing: kubectl says the pod would be created.
    if !client {
        sim.create_bare_pod(&m.name, m.template)
            .map_err(|e| sim_error_of(Kind::Pod, &e, &name))?;
    }
    match (
        &p.output,
        sim.pod(&name).filter(|_| !client && !sim.is_dry_run()),
    ) {
        (OutputFormat::Default, _) | (_, None) => out.out(format!("pod/{name} {verb}\n")),
        (format, Some(pod)) => {
            let v = pod_json_in(sim, pod);
            out.print_object(format, &v, "pod", None)
        }
    }
    Ok(())
}

/// `apply -f` of a Pod document: a create that records the file, or, onto a
/// bare pod, a change of its labels and annotations (a pod's spec does not
/// change in place in the playground).
pub fn apply_document(
    sim: &mut Sim,
    p: &Parsed,
    out: &mut Output,
    mut m: PodManifest,
    annotations: Labels,
) -> Result<(), Failure> {
    let last = super::documents::last_applied_of(&m.source);
    let live = sim.pod(&m.name).cloned();
    let Some(live) = live.filter(|pod| pod.owner_rs.is_empty()) else {
        if sim.pod(&m.name).is_some() {
            return Err(Failure::from(format!(
                "the playground does not change pod {:?} in place: its ReplicaSet owns it",
                m.name
            )));
        }
        m.template.annotations = annotations;
        m.template
            .annotations
            .insert(ANN_LAST_APPLIED.to_string(), last);
        return create_printing(sim, p, out, m, "created");
    };
    if sim.pod_template(&live).map(|t| &t.spec) != Some(&m.template.spec) {
        return Err(Failure::from(format!(
            "the playground does not change a pod's spec in place (pod {:?}): delete the pod and apply the file again",
            m.name
        )));
    }
    let (labels, new_ann) = super::documents::applied_metadata(
        (&live.labels, &live.annotations),
        (&m.template.labels, &annotations),
        last,
    );
    let changed = *live.labels != labels || *live.annotations != new_ann;
    sim.relabel_pod(&m.name, labels, new_ann);
    let verb = if changed { "configured" } else { "unchanged" };
    out.out(format!("pod/{} {verb}\n", m.name));
    Ok(())
}

/// `create -f` of a Pod document.
pub fn create_document(
    sim: &mut Sim,
    p: &Parsed,
    out: &mut Output,
    path: &str,
    m: PodManifest,
) -> Result<(), Failure> {
    if sim.pod(&m.name).is_some() {
        return Err(Failure::printed(format!(
            "Error from server (AlreadyExists): error when creating {path:?}: pods {:?} already exists",
            m.name
        )));
    }
    create_printing(sim, p, out, m, "created")
}
