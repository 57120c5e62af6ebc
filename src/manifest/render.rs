//! Objects to the JSON kubectl receives (`-o json`, fields in Go struct order, zero
//! values omitted) and to YAML (`-o yaml`, keys sorted as kubectl prints them).

use super::time::rfc3339;
use super::value::{self, Map, Value};
use crate::json;
pub use crate::sim::stored::template_json;
use crate::sim::stored::{insert_nonempty, intstr, labels_json, pod_spec_json};
use crate::sim::*;

fn strategy_json(s: &Strategy) -> Value {
    match s {
        Strategy::Recreate => json!({"type": "Recreate"}),
        Strategy::RollingUpdate {
            max_surge,
            max_unavailable,
        } => json!({
            "type": "RollingUpdate",
            "rollingUpdate": {"maxUnavailable": intstr(max_unavailable), "maxSurge": intstr(max_surge)}
        }),
    }
}

fn conditions_json(cs: &[Condition]) -> Value {
    Value::Array(
        cs.iter()
            .map(|c| {
                json!({
                    "type": c.kind,
                    "status": c.status.as_str(),
                    "lastUpdateTime": rfc3339(c.last_update_ms),
                    "lastTransitionTime": rfc3339(c.last_transition_ms),
                    "reason": c.reason,
                    "message": c.message,
                })
            })
            .collect(),
    )
}

fn put_nonzero(m: &mut Map, key: &str, v: i64) {
    if v != 0 {
        m.insert(key.to_string(), json!(v));
    }
}

/// A create's answer under a server dry run: the object `deployment_json` printed
/// from a copy of the cluster that made it, as stored before any controller acts
/// (no resourceVersion, no revision, no status).
pub fn as_created(object: &mut Value) {
    if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.shift_remove("resourceVersion");
        if let Some(Value::Object(a)) = meta.get_mut("annotations") {
            a.shift_remove("deployment.kubernetes.io/revision");
            if a.is_empty() {
                meta.shift_remove("annotations");
            }
        }
    }
    object["status"] = json!({});
}

/// An update's answer under a server dry run: `live` with the new labels,
/// annotations and spec, the generation bumped as the registry's
/// `PrepareForUpdate` bumps it (spec or annotations changed), status and
/// resourceVersion as they were.
pub fn as_updated(
    live: &Deployment,
    labels: &Labels,
    annotations: &Labels,
    spec: &DeploymentSpec,
) -> Value {
    let mut d = live.clone();
    if d.spec != *spec || d.annotations != *annotations {
        d.generation += 1;
    }
    d.labels = labels.clone();
    d.annotations = annotations.clone();
    d.spec = spec.clone();
    deployment_json(&d)
}

pub fn deployment_json(d: &Deployment) -> Value {
    let mut meta = Map::new();
    meta.insert("name".into(), json!(d.name));
    meta.insert("namespace".into(), json!("default"));
    meta.insert("uid".into(), json!(d.uid));
    meta.insert(
        "resourceVersion".into(),
        json!(d.resource_version.to_string()),
    );
    meta.insert("generation".into(), json!(d.generation));
    meta.insert("creationTimestamp".into(), json!(rfc3339(d.creation_ms)));
    insert_nonempty(&mut meta, "labels", &d.labels);
    insert_nonempty(&mut meta, "annotations", &d.annotations);
    let s = &d.spec;
    let mut spec = Map::new();
    spec.insert("replicas".into(), json!(s.replicas));
    spec.insert(
        "selector".into(),
        json!({"matchLabels": labels_json(&s.selector)}),
    );
    spec.insert("template".into(), template_json(&s.template));
    spec.insert("strategy".into(), strategy_json(&s.strategy));
    put_nonzero(&mut spec, "minReadySeconds", s.min_ready_seconds as i64);
    spec.insert(
        "revisionHistoryLimit".into(),
        json!(s.revision_history_limit),
    );
    if s.paused {
        spec.insert("paused".into(), json!(true));
    }
    if let Some(p) = s.progress_deadline_seconds {
        spec.insert("progressDeadlineSeconds".into(), json!(p));
    }
    let st = &d.status;
    let mut status = Map::new();
    put_nonzero(&mut status, "observedGeneration", st.observed_generation);
    put_nonzero(&mut status, "replicas", st.replicas as i64);
    put_nonzero(&mut status, "updatedReplicas", st.updated_replicas as i64);
    put_nonzero(&mut status, "readyReplicas", st.ready_replicas as i64);
    put_nonzero(
        &mut status,
        "availableReplicas",
        st.available_replicas as i64,
    );
    put_nonzero(
        &mut status,
        "unavailableReplicas",
        st.unavailable_replicas as i64,
    );
    if !st.conditions.is_empty() {
        status.insert("conditions".into(), conditions_json(&st.conditions));
    }
    if let Some(c) = st.collision_count {
        status.insert("collisionCount".into(), json!(c));
    }
    json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": Value::Object(meta), "spec": Value::Object(spec), "status": Value::Object(status)})
}

pub fn replica_set_json(rs: &ReplicaSet, owner_uid: &str) -> Value {
    let mut meta = Map::new();
    meta.insert("name".into(), json!(rs.name));
    meta.insert("namespace".into(), json!("default"));
    meta.insert("uid".into(), json!(rs.uid));
    meta.insert("generation".into(), json!(rs.generation));
    meta.insert("creationTimestamp".into(), json!(rfc3339(rs.creation_ms)));
    insert_nonempty(&mut meta, "labels", &rs.labels);
    insert_nonempty(&mut meta, "annotations", &rs.annotations);
    // An orphan (`delete --cascade=orphan`) has lost its owner reference.
    if !rs.owner.is_empty() {
        meta.insert("ownerReferences".into(),
            json!([{"apiVersion": "apps/v1", "kind": "Deployment", "name": rs.owner, "uid": owner_uid, "controller": true, "blockOwnerDeletion": true}]),
        );
    }
    let mut spec = Map::new();
    spec.insert("replicas".into(), json!(rs.replicas));
    put_nonzero(&mut spec, "minReadySeconds", rs.min_ready_seconds as i64);
    spec.insert(
        "selector".into(),
        json!({"matchLabels": labels_json(&rs.selector)}),
    );
    spec.insert("template".into(), template_json(&rs.template));
    let mut status = Map::new();
    status.insert("replicas".into(), json!(rs.status.replicas));
    put_nonzero(
        &mut status,
        "fullyLabeledReplicas",
        rs.status.fully_labeled_replicas as i64,
    );
    put_nonzero(
        &mut status,
        "readyReplicas",
        rs.status.ready_replicas as i64,
    );
    put_nonzero(
        &mut status,
        "availableReplicas",
        rs.status.available_replicas as i64,
    );
    put_nonzero(
        &mut status,
        "observedGeneration",
        rs.status.observed_generation,
    );
    json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": Value::Object(meta), "spec": Value::Object(spec), "status": Value::Object(status)})
}

pub fn pod_json(p: &Pod, rs: Option<&ReplicaSet>) -> Value {
    let mut meta = Map::new();
    meta.insert("name".into(), json!(&*p.name));
    // Static pods (the control plane's) have no controller and no generated name.
    if !p.owner_rs.is_empty() {
        meta.insert("generateName".into(), json!(format!("{}-", p.owner_rs)));
    }
    meta.insert("namespace".into(), json!(p.namespace));
    meta.insert("uid".into(), json!(p.uid_string()));
    meta.insert("creationTimestamp".into(), json!(rfc3339(p.creation_ms)));
    if let Some(t) = p.deletion_ms {
        meta.insert(
            "deletionTimestamp".into(),
            json!(rfc3339(t + p.grace_period_seconds.max(0) as u64 * 1000)),
        );
        meta.insert(
            "deletionGracePeriodSeconds".into(),
            json!(p.grace_period_seconds),
        );
    }
    insert_nonempty(&mut meta, "labels", &p.labels);
    insert_nonempty(&mut meta, "annotations", &p.annotations);
    if let Some(rs) = rs {
        meta.insert("ownerReferences".into(),
            json!([{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs.name, "uid": rs.uid, "controller": true, "blockOwnerDeletion": true}]),
        );
    }
    let spec = rs
        .map(|r| pod_spec_json(&r.template.spec, p.node_name))
        .unwrap_or_else(|| own_spec_json(p));
    let mut status = Map::new();
    status.insert("phase".into(), json!(p.phase.as_str()));
    let ready = if p.ready { "True" } else { "False" };
    status.insert("conditions".into(),
        json!([
            {"type": "PodScheduled", "status": if p.node_name.is_some() { "True" } else { "False" }},
            {"type": "Initialized", "status": "True"},
            {"type": "ContainersReady", "status": ready},
            {"type": "Ready", "status": ready},
        ]),
    );
    if p.node_name.is_some() {
        status.insert("hostIP".into(), json!("192.168.49.2"));
    }
    if let Some(ip) = p.ip() {
        status.insert("podIP".into(), json!(ip));
    }
    let state = match &p.container {
        ContainerState::Waiting { reason, message } if reason.is_empty() && message.is_empty() => {
            json!({"waiting": {"reason": "ContainerCreating"}})
        }
        ContainerState::Waiting { reason, message } if message.is_empty() => {
            json!({"waiting": {"reason": reason}})
        }
        ContainerState::Waiting { reason, message } => {
            json!({"waiting": {"reason": reason, "message": message}})
        }
        ContainerState::Running { started_ms } => {
            json!({"running": {"startedAt": rfc3339(*started_ms)}})
        }
        ContainerState::Terminated {
            reason,
            exit_code,
            finished_ms,
        } => {
            json!({"terminated": {"exitCode": exit_code, "reason": reason, "finishedAt": rfc3339(*finished_ms)}})
        }
    };
    if p.node_name.is_some() {
        let statuses: Vec<Value> = p
            .container_names
            .iter()
            .zip(p.images.iter())
            .map(|(n, img)| json!({"name": &**n, "image": &**img, "ready": p.ready, "restartCount": p.restart_count, "started": matches!(p.container, ContainerState::Running{..}), "state": state.clone()}))
            .collect();
        status.insert("containerStatuses".into(), Value::Array(statuses));
        status.insert("startTime".into(), json!(rfc3339(p.creation_ms)));
    }
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": Value::Object(meta), "spec": spec, "status": Value::Object(status)})
}

/// A pod as the API serves it, whoever made it: a ReplicaSet's (with its owner
/// reference), a bare pod (its own spec), or one of minikube's.
pub fn pod_json_in(sim: &Sim, p: &Pod) -> Value {
    let rs = sim.replica_set(&p.owner_rs);
    let mut v = pod_json(p, rs);
    if rs.is_none() {
        if let Some(t) = sim.pod_template(p) {
            v["spec"] = pod_spec_json(&t.spec, p.node_name);
        }
    }
    v
}

/// The spec of a pod no ReplicaSet templates (minikube's own): its containers,
/// node and network as the pod holds them.
fn own_spec_json(p: &Pod) -> Value {
    let containers: Vec<Value> = p
        .container_names
        .iter()
        .zip(p.images.iter())
        .map(|(n, i)| {
            let (requests, limits) = crate::sim::minikube::system_pod_resources(&p.name);
            let list = |l: &[(&str, &str)]| {
                let m: Map = l.iter().map(|(k, v)| (k.to_string(), json!(v))).collect();
                Value::Object(m)
            };
            let mut resources = Map::new();
            if !limits.is_empty() {
                resources.insert("limits".into(), list(limits));
            }
            if !requests.is_empty() {
                resources.insert("requests".into(), list(requests));
            }
            json!({"name": &**n, "image": &**i, "resources": Value::Object(resources)})
        })
        .collect();
    let mut spec = Map::new();
    spec.insert("containers".into(), Value::Array(containers));
    spec.insert("restartPolicy".into(), json!("Always"));
    if let Some(n) = p.node_name {
        spec.insert("nodeName".into(), json!(n));
    }
    if p.host_network {
        spec.insert("hostNetwork".into(), json!(true));
    }
    spec.insert("schedulerName".into(), json!("default-scheduler"));
    Value::Object(spec)
}

/// The node `minikube` at `now` (see [`super::node`]).
pub fn node_json_at(now: TimeMs) -> Value {
    super::node::node_json(now)
}

/// A namespace as the API serves it.
pub fn namespace_json(ns: &Namespace) -> Value {
    let finalizers = Value::Array(vec!["kubernetes".into()]);
    json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {
        "name": ns.name, "uid": ns.uid, "creationTimestamp": rfc3339(ns.creation_ms),
        "labels": {"kubernetes.io/metadata.name": ns.name}},
      "spec": {"finalizers": finalizers}, "status": {"phase": "Active"}})
}

/// kubectl's `-o json` of what a server sent: an unstructured object, so every
/// mapping's keys sorted (Go marshals maps so), four spaces, Go's escaping.
pub fn to_json(v: &Value) -> String {
    let mut v = v.clone();
    value::sort_keys(&mut v);
    value::to_string_pretty(&v)
}

/// kubectl's `-o yaml`: keys sorted, sequences at their parent's indentation.
pub use super::emit::{kubectl_yaml, to_yaml};
