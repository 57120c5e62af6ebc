//! `kubectl label` and `kubectl annotate` on a Service or a pod (a Deployment's
//! are in `edit`): the same words (`labeled`, `unlabeled`, `not labeled`,
//! `label "x" not found.`) as kubectl's `updateDataChangeMsg`, which compares the
//! object's JSON before and after; `annotated` always.

use super::args::{DryRun, Flag, OutputFormat, Parsed};
use super::output::{Failure, Output, RECORD_WARNING};
use super::resources::*;
use crate::manifest::render::pod_json_in;
use crate::manifest::service::service_json;
use crate::manifest::{self, value};
use crate::sim::*;

/// The labels, annotations and JSON of the object `kind`/`name`.
fn current(sim: &Sim, kind: Kind, name: &str) -> Option<(Labels, Labels, value::Value)> {
    match kind {
        Kind::Service => sim
            .service(name)
            .map(|s| (s.labels.clone(), s.annotations.clone(), service_json(s))),
        _ => sim.pod(name).map(|p| {
            let v = pod_json_in(sim, p);
            ((*p.labels).clone(), (*p.annotations).clone(), v)
        }),
    }
}

/// Writes the new labels and annotations.
fn write(
    sim: &mut Sim,
    kind: Kind,
    name: &str,
    labels: Labels,
    annotations: Labels,
) -> Result<(), Failure> {
    if kind == Kind::Service {
        let spec = sim.service(name).map(|s| s.spec.clone());
        let spec = spec.ok_or_else(|| not_found(kind, name))?;
        return sim
            .update_service(name, labels, annotations, spec)
            .map(|_| ())
            .map_err(|e| sim_error_of(kind, &e, name));
    }
    if let Some(rs) = sim.pod(name).and_then(|p| sim.replica_set(&p.owner_rs)) {
        if !selector_matches(&rs.selector, &labels) {
            return Err(Failure::from(format!(
                "the playground does not release pod {name:?} from its ReplicaSet: keep the labels its selector ({}) matches",
                labels_string(&rs.selector)
            )));
        }
    }
    sim.relabel_pod(name, labels, annotations);
    Ok(())
}

/// `kubectl label service|pod NAME KEY=VALUE... KEY-...`.
pub fn label_object(
    sim: &mut Sim,
    p: &Parsed,
    out: &mut Output,
    (kind, name): (Kind, &str),
    (set, remove): (Labels, Vec<String>),
) -> Result<(), Failure> {
    let (old, mut annotations, before) =
        current(sim, kind, name).ok_or_else(|| not_found(kind, name))?;
    let mut labels = old.clone();
    let dry_client = p.dry_run == Ok(DryRun::Client);
    for k in &remove {
        if labels.remove(k).is_none() && !dry_client {
            out.out(format!("label {k:?} not found.\n"));
        }
    }
    for (k, v) in &set {
        match labels.get(k) {
            Some(was) if was != v && !p.bool(Flag::Overwrite) => {
                return Err(Failure::from(format!(
                    "'{k}' already has a value ({was}), and --overwrite is false"
                )))
            }
            _ => labels.insert(k.clone(), v.clone()),
        };
    }
    if p.bool(Flag::Record) {
        out.err(RECORD_WARNING);
        annotations.insert(ANN_CHANGE_CAUSE.to_string(), p.change_cause());
    }
    let causes = manifest::validate_metadata_labels(&labels);
    if !causes.is_empty() {
        let text = super::documents::invalid_text_of(kind.title(), name, &causes);
        return Err(Failure::printed(text));
    }
    // kubectl sets the map even when it ends up empty, so an object that had no
    // labels field changes (`labeled`) when a missing label is removed.
    let mut after = before.clone();
    after["metadata"]["labels"] = crate::sim::stored::labels_json(&labels);
    let (was, now) = (value::to_string(&before), value::to_string(&after));
    let message = if was == now {
        "not labeled"
    } else if !p.bool(Flag::Overwrite) && now.len() < was.len() {
        "unlabeled"
    } else {
        "labeled"
    };
    let mode = p.dry_run.clone().unwrap_or(DryRun::None);
    match mode {
        DryRun::None => write(sim, kind, name, labels, annotations)?,
        _ => sim.dry_run(|sim| write(sim, kind, name, labels, annotations))?,
    }
    let prefix = kind.name_prefix();
    match &p.output {
        OutputFormat::Name => out.out(format!("{prefix}/{name}\n")),
        _ => out.out(format!("{prefix}/{name} {message}{}\n", mode.suffix())),
    }
    Ok(())
}

/// `kubectl annotate service|pod NAME KEY=VALUE... KEY-...`.
pub fn annotate_object(
    sim: &mut Sim,
    p: &Parsed,
    out: &mut Output,
    (kind, name): (Kind, &str),
    kvs: &[String],
) -> Result<(), Failure> {
    if kvs.is_empty() {
        return Err(Failure::from("at least one annotation update is required"));
    }
    let (labels, mut annotations, _) =
        current(sim, kind, name).ok_or_else(|| not_found(kind, name))?;
    for kv in kvs {
        if let Some((k, v)) = kv.split_once('=') {
            if let Some(old) = annotations.get(k) {
                if !p.bool(Flag::Overwrite) && old != v {
                    return Err(Failure::from(format!("--overwrite is false but found the following declared annotation(s): '{k}' already has a value ({old})")));
                }
            }
            annotations.insert(k.to_string(), v.to_string());
        } else if let Some(k) = kv.strip_suffix('-') {
            annotations.remove(k);
        }
    }
    if p.bool(Flag::Record) {
        out.err(RECORD_WARNING);
        annotations.insert(ANN_CHANGE_CAUSE.to_string(), p.change_cause());
    }
    match p.dry_run.clone().unwrap_or(DryRun::None) {
        DryRun::None => write(sim, kind, name, labels, annotations)?,
        _ => sim.dry_run(|sim| write(sim, kind, name, labels, annotations))?,
    }
    out.out(format!("{}/{name} annotated\n", kind.name_prefix()));
    Ok(())
}
