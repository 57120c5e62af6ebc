//! The API server's view of the simulated cluster: every object as the JSON the
//! API serves (rendered by `manifest::render`, as `kubectl get -o json` prints
//! it), each with a `resourceVersion`, a history of changes for watches, and the
//! Tables `kubectl get` asks for (cells from kubectl's own printers in
//! `kubectl::printers`, so a table is the same through either door).
//!
//! After every write and every simulated instant, [`Store::refresh`] renders the
//! cluster and records what changed: one watch event per changed object per
//! instant, as an API server sends one per write that landed.
//!
//! It must not read a clock: the server decides when time moves.

use crate::kubectl::printers::{self, age, event_age};
use crate::manifest::{render, service, time};
use crate::sim::{minikube, Service, Sim, TimeMs};
use serde_json::{json, Map, Value as J};
use std::collections::{BTreeMap, VecDeque};

/// The kinds the server stores, in discovery's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Res {
    Pod,
    Event,
    Service,
    Endpoints,
    EndpointSlice,
    Lease,
    Namespace,
    Node,
    Deployment,
    ReplicaSet,
}

impl Res {
    pub fn from_name(group: &str, name: &str) -> Option<Res> {
        Some(match (group, name) {
            ("", "pods") => Res::Pod,
            ("", "events") => Res::Event,
            ("", "services") => Res::Service,
            ("", "endpoints") => Res::Endpoints,
            ("discovery.k8s.io", "endpointslices") => Res::EndpointSlice,
            ("coordination.k8s.io", "leases") => Res::Lease,
            ("", "namespaces") => Res::Namespace,
            ("", "nodes") => Res::Node,
            ("apps", "deployments") => Res::Deployment,
            ("apps", "replicasets") => Res::ReplicaSet,
            _ => return None,
        })
    }
    pub fn plural(self) -> &'static str {
        match self {
            Res::Pod => "pods",
            Res::Event => "events",
            Res::Service => "services",
            Res::Endpoints => "endpoints",
            Res::EndpointSlice => "endpointslices",
            Res::Lease => "leases",
            Res::Namespace => "namespaces",
            Res::Node => "nodes",
            Res::Deployment => "deployments",
            Res::ReplicaSet => "replicasets",
        }
    }
    pub fn group(self) -> &'static str {
        match self {
            Res::Deployment | Res::ReplicaSet => "apps",
            Res::EndpointSlice => "discovery.k8s.io",
            Res::Lease => "coordination.k8s.io",
            _ => "",
        }
    }
    /// `deployments.apps`, `pods`: how API errors name the resource.
    pub fn qualified(self) -> String {
        match self.group() {
            "" => self.plural().to_string(),
            g => format!("{}.{g}", self.plural()),
        }
    }
    pub fn kind(self) -> &'static str {
        match self {
            Res::Pod => "Pod",
            Res::Event => "Event",
            Res::Service => "Service",
            Res::Endpoints => "Endpoints",
            Res::EndpointSlice => "EndpointSlice",
            Res::Lease => "Lease",
            Res::Namespace => "Namespace",
            Res::Node => "Node",
            Res::Deployment => "Deployment",
            Res::ReplicaSet => "ReplicaSet",
        }
    }
    pub fn api_version(self) -> &'static str {
        match self.group() {
            "" => "v1",
            "apps" => "apps/v1",
            "coordination.k8s.io" => "coordination.k8s.io/v1",
            _ => "discovery.k8s.io/v1",
        }
    }
    /// Written through `Api::object_write` (pods: created and patched there).
    pub fn written_here(self) -> bool {
        matches!(self, Res::Service | Res::Namespace)
    }
    pub fn namespaced(self) -> bool {
        !matches!(self, Res::Namespace | Res::Node)
    }
}

/// The key of a stored object: its kind, namespace ("" when cluster-scoped), name.
pub type Key = (Res, String, String);

/// One change, as a watch sends it.
#[derive(Clone, Debug)]
pub struct Change {
    pub rv: u64,
    pub res: Res,
    pub kind: &'static str,
    pub object: J,
    /// The object as a one-row Table at the instant of the change (for `get -w`),
    /// when some watch asked for Tables.
    pub table: Option<J>,
}

/// How many changes a watch can resume from; older resource versions get 410.
const HISTORY: usize = 20_000;

pub struct Store {
    rv: u64,
    objects: BTreeMap<Key, (u64, J)>,
    history: VecDeque<Change>,
    /// Seconds added to every timestamp: simulated time 0 is `SIM_EPOCH_UNIX_S`
    /// plus this (the wall-clock start of a `--clock real` server).
    pub shift_s: i64,
}

/// Every timestamp string in `v` moved by `shift_s` seconds.
pub fn shift_times(v: &mut J, shift_s: i64) {
    match v {
        J::String(s) => {
            // A MicroTime (a lease's) keeps its six fraction digits.
            let (text, micro) = match s.strip_suffix(".000000Z") {
                Some(t) => (format!("{t}Z"), true),
                None => (s.clone(), false),
            };
            if let Some(t) = time::parse_rfc3339(&text) {
                *s = time::rfc3339_unix(t + shift_s);
                if micro {
                    *s = s.replace('Z', ".000000Z");
                }
            }
        }
        J::Array(a) => a.iter_mut().for_each(|x| shift_times(x, shift_s)),
        J::Object(o) => o.values_mut().for_each(|x| shift_times(x, shift_s)),
        _ => {}
    }
}

/// The objects that exist in every playground cluster besides the simulated ones.
fn fixed_objects(now: TimeMs) -> Vec<(Key, J)> {
    vec![
        (
            (Res::Node, String::new(), "minikube".into()),
            render::node_json_at(now),
        ),
        (
            (Res::Lease, "kube-node-lease".into(), "minikube".into()),
            crate::manifest::node::lease_json(now),
        ),
    ]
}

/// Every Service with its Endpoints and EndpointSlice, rendered.
fn render_services(sim: &Sim, out: &mut Vec<(Key, J)>) {
    let services = crate::sim::system_services().iter().chain(sim.services());
    for svc in services {
        let key = |res| (res, svc.namespace.to_string(), svc.name.clone());
        out.push((key(Res::Service), service::service_json(svc)));
        let eps = sim.endpoints(svc);
        if let Some(e) = service::endpoints_json(svc, &eps) {
            out.push((key(Res::Endpoints), e));
        }
        if let Some(e) = service::endpoint_slice_json(svc, &eps) {
            let key = (
                Res::EndpointSlice,
                svc.namespace.to_string(),
                svc.slice_name.clone(),
            );
            out.push((key, e));
        }
    }
}

/// Every object of the simulated cluster, rendered.
fn render_all(sim: &Sim) -> Vec<(Key, J)> {
    let mut out = fixed_objects(sim.now_ms());
    for ns in sim.namespaces() {
        let key = (Res::Namespace, String::new(), ns.name.clone());
        out.push((key, render::namespace_json(ns)));
    }
    let ns = || "default".to_string();
    for d in sim.deployments() {
        out.push((
            (Res::Deployment, ns(), d.name.clone()),
            render::deployment_json(d),
        ));
    }
    for rs in sim.replica_sets() {
        let owner = sim
            .deployment(&rs.owner)
            .map(|d| d.uid.as_str())
            .unwrap_or("");
        out.push((
            (Res::ReplicaSet, ns(), rs.name.clone()),
            render::replica_set_json(rs, owner),
        ));
    }
    for p in sim.pods() {
        out.push((
            (Res::Pod, ns(), p.name.to_string()),
            admitted(p, sim.pod_template(p), render::pod_json_in(sim, p)),
        ));
    }
    render_services(sim, &mut out);
    for p in minikube::system_pods() {
        out.push((
            (Res::Pod, p.namespace.to_string(), p.name.to_string()),
            admitted(p, None, render::pod_json(p, None)),
        ));
    }
    for (name, e) in event_names(sim) {
        let (kind, api_version, uid) = match e.object_kind {
            "deployment" => (
                "Deployment",
                "apps/v1",
                sim.deployment(&e.object_name).map(|d| d.uid.clone()),
            ),
            "replicaset" => (
                "ReplicaSet",
                "apps/v1",
                sim.replica_set(&e.object_name).map(|r| r.uid.clone()),
            ),
            _ => ("Pod", "v1", sim.pod(&e.object_name).map(|p| p.uid_string())),
        };
        let mut involved = json!({"kind": kind, "namespace": "default", "name": &*e.object_name, "apiVersion": api_version});
        if let Some(uid) = uid {
            involved["uid"] = json!(uid);
        }
        out.push((
            (Res::Event, ns(), name.clone()),
            json!({"apiVersion": "v1", "kind": "Event",
              "metadata": {"name": name, "namespace": "default", "creationTimestamp": time::rfc3339(e.first_ms)},
              "involvedObject": involved,
              "reason": e.reason, "message": e.message(),
              "source": {"component": e.source},
              "firstTimestamp": time::rfc3339(e.first_ms), "lastTimestamp": time::rfc3339(e.last_ms),
              "count": e.count, "type": e.kind.as_str(), "eventTime": null,
              "reportingComponent": e.source, "reportingInstance": ""}),
        ));
    }
    out
}

/// A pod as an API server stores it: what admission adds to every pod of a
/// minikube cluster (service account, priority, the two default tolerations), and
/// what the kubelet reports (condition times, pod IPs, QoS class). The built-in `describe pod` prints the same from the simulator.
fn admitted(p: &crate::sim::Pod, template: Option<&crate::sim::PodTemplate>, mut pod: J) -> J {
    if let Some(spec) = pod.get_mut("spec").and_then(J::as_object_mut) {
        spec.insert("serviceAccountName".into(), json!("default"));
        spec.insert("serviceAccount".into(), json!("default"));
        spec.insert("priority".into(), json!(0));
        spec.insert("enableServiceLinks".into(), json!(true));
        spec.insert("preemptionPolicy".into(), json!("PreemptLowerPriority"));
        spec.insert(
            "tolerations".into(),
            json!([
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
            ]),
        );
    }
    let ready = p.ready && !p.phase.is_terminal();
    let flag = |b: bool| if b { "True" } else { "False" };
    let since = time::rfc3339(p.creation_ms);
    let ready_since = time::rfc3339(p.ready_since_ms.unwrap_or(p.creation_ms));
    let conditions: Vec<J> = [
        ("PodReadyToStartContainers", flag(p.ip().is_some()), &since),
        ("Initialized", "True", &since),
        ("Ready", flag(ready), &ready_since),
        ("ContainersReady", flag(ready), &ready_since),
        ("PodScheduled", flag(p.node_name.is_some()), &since),
    ]
    .iter()
    .map(|(kind, status, at)| json!({"type": kind, "status": status, "lastProbeTime": null, "lastTransitionTime": at}))
    .collect();
    let containers = template.map_or(&[][..], |t| &t.spec.containers[..]);
    if let Some(status) = pod.get_mut("status").and_then(J::as_object_mut) {
        status.insert("conditions".into(), J::Array(conditions));
        if let Some(ip) = p.ip() {
            status.insert("podIPs".into(), json!([{"ip": ip}]));
        }
        status.insert("qosClass".into(), json!(printers::qos_class(containers)));
        if let Some(J::Array(list)) = status.get_mut("containerStatuses") {
            for c in list.iter_mut().filter_map(J::as_object_mut) {
                // The runtime's IDs are not simulated (kubectl prints them empty).
                c.insert("imageID".into(), json!(""));
                c.insert("lastState".into(), json!({}));
            }
        }
    }
    pod
}

impl Store {
    pub fn new(sim: &Sim, shift_s: i64) -> Store {
        let mut s = Store {
            rv: 0,
            objects: BTreeMap::new(),
            history: VecDeque::new(),
            shift_s,
        };
        s.refresh(sim);
        s
    }

    pub fn rv(&self) -> u64 {
        self.rv
    }

    /// Renders the cluster and records what changed since the last refresh; returns
    /// the new changes, in resource-version order.
    pub fn refresh(&mut self, sim: &Sim) -> Vec<Change> {
        let mut now: BTreeMap<Key, J> = render_all(sim).into_iter().collect();
        if self.shift_s != 0 {
            now.values_mut().for_each(|v| shift_times(v, self.shift_s));
        }
        let mut changes = Vec::new();
        let gone: Vec<Key> = self
            .objects
            .keys()
            .filter(|k| !now.contains_key(*k))
            .cloned()
            .collect();
        for key in gone {
            let (_, mut last) = self.objects.remove(&key).expect("listed");
            self.rv += 1;
            set_rv(&mut last, self.rv);
            changes.push(Change {
                rv: self.rv,
                res: key.0,
                kind: "DELETED",
                object: last,
                table: None,
            });
        }
        for (key, object) in now {
            let kind = match self.objects.get(&key) {
                // Rendered objects carry the simulator's own resourceVersion; the
                // server numbers them once, across kinds, as etcd does.
                Some((_, old)) if without_rv(old) == without_rv(&object) => continue,
                Some(_) => "MODIFIED",
                None => "ADDED",
            };
            self.rv += 1;
            let mut stored = object;
            set_rv(&mut stored, self.rv);
            changes.push(Change {
                rv: self.rv,
                res: key.0,
                kind,
                object: stored.clone(),
                table: None,
            });
            self.objects.insert(key, (self.rv, stored));
        }
        for c in &changes {
            self.history.push_back(c.clone());
        }
        while self.history.len() > HISTORY {
            self.history.pop_front();
        }
        changes
    }

    pub fn get(&self, res: Res, ns: &str, name: &str) -> Option<&J> {
        let ns = if res.namespaced() { ns } else { "" };
        self.objects
            .get(&(res, ns.to_string(), name.to_string()))
            .map(|(_, o)| o)
    }

    /// Every object of `res` in `ns` (None: all namespaces), in name order.
    pub fn list(&self, res: Res, ns: Option<&str>) -> Vec<&J> {
        self.objects
            .iter()
            .filter(|((r, n, _), _)| {
                *r == res && (ns.is_none() || !res.namespaced() || Some(n.as_str()) == ns)
            })
            .map(|(_, (_, o))| o)
            .collect()
    }

    /// The changes after `rv`, or None when they are no longer kept.
    pub fn since(&self, rv: u64) -> Option<Vec<Change>> {
        if rv > self.rv {
            return Some(Vec::new());
        }
        match self.history.front() {
            Some(first) if first.rv > rv + 1 => None,
            _ => Some(self.history.iter().filter(|c| c.rv > rv).cloned().collect()),
        }
    }
}

fn set_rv(v: &mut J, rv: u64) {
    if let Some(meta) = v.get_mut("metadata").and_then(J::as_object_mut) {
        meta.insert("resourceVersion".into(), json!(rv.to_string()));
    }
}

fn without_rv(v: &J) -> J {
    let mut v = v.clone();
    if let Some(meta) = v.get_mut("metadata").and_then(J::as_object_mut) {
        meta.shift_remove("resourceVersion");
    }
    v
}

/// The object's metadata as a Table row carries it.
fn partial_metadata(o: &J) -> J {
    json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": o.get("metadata").cloned().unwrap_or(json!({}))})
}

/// `application/json;as=Table`: the columns and cells `kubectl get` prints (the
/// first five of pods, ReplicaSets and Deployments by default, all with `-o wide`).
/// The pod a stored object is: the simulator's, or one of minikube's own.
fn pod_of<'a>(sim: &'a Sim, o: &J) -> Option<&'a crate::sim::Pod> {
    let name = o.pointer("/metadata/name").and_then(J::as_str)?;
    match o.pointer("/metadata/namespace").and_then(J::as_str) {
        Some(minikube::SYSTEM_NAMESPACE) => minikube::system_pod_named(name),
        _ => sim.pod(name),
    }
}

/// The Service behind a stored Service, Endpoints or EndpointSlice.
fn service_of<'a>(sim: &'a Sim, res: Res, o: &J) -> Option<&'a Service> {
    let name = o.pointer("/metadata/name").and_then(J::as_str)?;
    let ns = o.pointer("/metadata/namespace").and_then(J::as_str)?;
    let all = crate::sim::system_services().iter().chain(sim.services());
    all.filter(|s| s.namespace == ns).find(|s| match res {
        Res::EndpointSlice => s.slice_name == name,
        _ => s.name == name,
    })
}

pub fn table(sim: &Sim, res: Res, objects: &[&J], rv: u64) -> J {
    let now: TimeMs = sim.now_ms();
    let name = |o: &J| {
        o.pointer("/metadata/name")
            .and_then(J::as_str)
            .unwrap_or("")
            .to_string()
    };
    let created = |o: &J| -> TimeMs {
        o.pointer("/metadata/creationTimestamp")
            .and_then(J::as_str)
            .and_then(time::parse_rfc3339)
            .map(|t| ((t - time::SIM_EPOCH_UNIX_S).max(0) as u64) * 1000)
            .unwrap_or(0)
    };
    let (columns, rows): (Vec<&str>, Vec<Vec<String>>) = match res {
        Res::Pod => (
            printers::POD_COLUMNS.to_vec(),
            objects
                .iter()
                .filter_map(|o| pod_of(sim, o).map(|p| printers::pod_cells(p, now)))
                .collect(),
        ),
        Res::ReplicaSet => (
            printers::RS_COLUMNS.to_vec(),
            objects
                .iter()
                .filter_map(|o| {
                    sim.replica_set(&name(o))
                        .map(|r| printers::rs_cells(r, now))
                })
                .collect(),
        ),
        Res::Deployment => (
            printers::DEPLOY_COLUMNS.to_vec(),
            objects
                .iter()
                .filter_map(|o| {
                    sim.deployment(&name(o))
                        .map(|d| printers::deploy_cells(d, now))
                })
                .collect(),
        ),
        Res::Event => (
            vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
            event_rows(sim, objects, now),
        ),
        Res::Node => (
            printers::NODE_COLUMNS.to_vec(),
            objects
                .iter()
                .map(|o| printers::node_cells(name(o), age(now, created(o))))
                .collect(),
        ),
        Res::Service | Res::Endpoints | Res::EndpointSlice => {
            let services: Vec<&Service> = objects
                .iter()
                .filter_map(|o| service_of(sim, res, o))
                .collect();
            let grid = match res {
                Res::Service => printers::service_grid(&services, now, true, ""),
                Res::Endpoints => printers::endpoints_grid(&services, sim, ""),
                _ => printers::slices_grid(&services, sim, ""),
            };
            return table_of(res, &grid.header, grid.rows, objects, rv);
        }
        // A namespace's phase, a lease's holder (the kubelet's node).
        Res::Namespace | Res::Lease => {
            let (title, cell) = match res {
                Res::Lease => ("HOLDER", "minikube"),
                _ => ("STATUS", "Active"),
            };
            let cells = |o: &&J| vec![name(o), cell.into(), age(now, created(o))];
            (
                vec!["NAME", title, "AGE"],
                objects.iter().map(cells).collect(),
            )
        }
    };
    table_of(res, &columns, rows, objects, rv)
}

/// The events table's rows for the stored events `objects`.
fn event_rows(sim: &Sim, objects: &[&J], now: TimeMs) -> Vec<Vec<String>> {
    let by_name: BTreeMap<String, &crate::sim::events::Event> =
        event_names(sim).into_iter().collect();
    objects
        .iter()
        .filter_map(|o| by_name.get(o.pointer("/metadata/name").and_then(J::as_str)?))
        .map(|e| {
            vec![
                event_age(e, now),
                e.kind.as_str().into(),
                e.reason.into(),
                format!("{}/{}", e.object_kind, e.object_name),
                e.message().into_owned(),
            ]
        })
        .collect()
}

/// A Table of `columns` and `rows`, one row per object.
fn table_of<S: AsRef<str>>(
    res: Res,
    columns: &[S],
    rows: Vec<Vec<String>>,
    objects: &[&J],
    rv: u64,
) -> J {
    let wide_from = if matches!(res, Res::Pod | Res::ReplicaSet | Res::Deployment) {
        5
    } else if res == Res::Service {
        6
    } else {
        usize::MAX
    };
    let defs: Vec<J> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
 json!({"name": c.as_ref(), "type": "string", "format": if i == 0 { "name" } else { "" }, "description": "", "priority": if i >= wide_from { 1 } else { 0 }})
        })
        .collect();
    let rows: Vec<J> = rows
        .into_iter()
        .zip(objects.iter())
        .map(|(cells, o)| json!({"cells": cells, "object": partial_metadata(o)}))
        .collect();
    json!({"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {"resourceVersion": rv.to_string()}, "columnDefinitions": defs, "rows": rows})
}

/// Every event with its name as the event recorder names events: the object's
/// name and the first occurrence in Unix nanoseconds, in hex (one nanosecond
/// later for each event of the same object and millisecond).
fn event_names(sim: &Sim) -> Vec<(String, &crate::sim::events::Event)> {
    let mut used = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for e in sim.events().iter() {
        let mut nanos = ((time::SIM_EPOCH_UNIX_S as u64) * 1000 + e.first_ms) * 1_000_000;
        let mut name = format!("{}.{nanos:x}", e.object_name);
        while !used.insert(name.clone()) {
            nanos += 1;
            name = format!("{}.{nanos:x}", e.object_name);
        }
        out.push((name, e));
    }
    out
}

/// A list response (`DeploymentList`, ...).
pub fn list_object(res: Res, items: Vec<J>, rv: u64) -> J {
    let items: Vec<J> = items
        .into_iter()
        .map(|mut o| {
            // As an API server lists them: the list carries kind and apiVersion.
            if let Some(m) = o.as_object_mut() {
                m.shift_remove("kind");
                m.shift_remove("apiVersion");
            }
            o
        })
        .collect();
    let mut m = Map::new();
    m.insert("kind".into(), json!(format!("{}List", res.kind())));
    m.insert("apiVersion".into(), json!(res.api_version()));
    m.insert(
        "metadata".into(),
        json!({"resourceVersion": rv.to_string()}),
    );
    m.insert("items".into(), J::Array(items));
    J::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_object_is_not_a_change() {
        let mut sim = Sim::new(1);
        let m = crate::manifest::parse(
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/presets/rolling-deployment.yaml"
            ))
            .unwrap(),
        )
        .unwrap()
        .remove(0)
        .unwrap();
        sim.create_deployment(
            &m.name,
            m.labels.clone(),
            m.annotations.clone(),
            m.spec.clone(),
        )
        .unwrap();
        let mut store = Store::new(&sim, 0);
        for _ in 0..40 {
            let Some(t) = sim.next_deadline() else { break };
            sim.advance_to(t);
            for c in store.refresh(&sim) {
                let _ = c;
            }
        }
        let again = store.refresh(&sim);
        assert!(
            again.is_empty(),
            "{:?}",
            again.iter().map(|c| (c.res, c.kind)).collect::<Vec<_>>()
        );
    }
}
