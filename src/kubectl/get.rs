//! The reading verbs: `get` (one path for every kind: find or list the objects, then
//! print them as a table, `-o wide|yaml|json|name`), `describe`, `logs`, `version`
//! and `cluster-info`. It must not change the cluster.

use super::args::{Flag, OutputFormat, Parsed};
use super::output::{Failure, Files, Output};
use super::printers::*;
use super::resources::*;
use crate::manifest::render;
use crate::manifest::value::{self, Value};
use crate::sim::events::Event;
use crate::sim::minikube;
use crate::sim::*;

/// The version kubectl and the simulated API server report.
pub const KUBECTL_VERSION: &str = "v1.33.1";

/// One object as `get` finds and prints it.
#[derive(Clone, Copy)]
enum Obj<'a> {
    Deployment(&'a Deployment),
    ReplicaSet(&'a ReplicaSet),
    Pod(&'a Pod),
    Event(&'a Event),
    /// The one node, `minikube`.
    Node,
    Service(&'a Service),
    /// The Endpoints object of a Service.
    Endpoints(&'a Service),
    /// The EndpointSlice of a Service.
    EndpointSlice(&'a Service),
    Namespace(&'a Namespace),
}

const NODE_NAME: &str = "minikube";

/// Which namespaces a read covers: `-n NS` (default: `default`) or `-A`.
#[derive(Clone, Copy, PartialEq)]
enum Scope<'s> {
    One(&'s str),
    All,
}

impl<'s> Scope<'s> {
    fn of(p: &'s Parsed) -> Scope<'s> {
        if p.bool(Flag::AllNamespaces) {
            return Scope::All;
        }
        Scope::One(p.given(Flag::Namespace).unwrap_or(DEFAULT_NAMESPACE))
    }

    fn holds(self, ns: &str) -> bool {
        self == Scope::All || self == Scope::One(ns)
    }

    /// kubectl's line for a list that found nothing.
    fn nothing_found(self) -> String {
        match self {
            Scope::One(ns) => format!("No resources found in {ns} namespace.\n"),
            Scope::All => "No resources found\n".to_string(),
        }
    }
}

/// What the commands that do not read `-n` themselves see.
const DEFAULT_SCOPE: Scope = Scope::One(DEFAULT_NAMESPACE);

/// How `get` prints a table: `-o wide`, label columns, and `-A`'s NAMESPACE.
#[derive(Clone, Copy)]
struct View<'k> {
    sim: &'k Sim,
    now: TimeMs,
    wide: bool,
    labels: LabelColumns<'k>,
    namespaces: bool,
}

/// Every Service in `scope` (minikube's and the learner's), by namespace then name.
fn services<'a>(sim: &'a Sim, scope: Scope) -> impl Iterator<Item = &'a Service> {
    let mut all: Vec<&Service> = crate::sim::system_services()
        .iter()
        .chain(sim.services())
        .collect();
    all.retain(|s| scope.holds(s.namespace));
    crate::order::sort_by(&mut all, |a, b| {
        (a.namespace, &a.name).cmp(&(b.namespace, &b.name))
    });
    all.into_iter()
}

/// Whether the endpoint controllers keep objects for `s` (they leave a Service
/// without a selector alone; the API server keeps `kubernetes`'s).
fn has_endpoints(s: &Service) -> bool {
    render_endpoints(s, &[]).is_some()
}

fn render_endpoints(s: &Service, eps: &[Endpoint]) -> Option<Value> {
    crate::manifest::service::endpoints_json(s, eps)
}

impl<'a> Obj<'a> {
    /// The Endpoints or EndpointSlice object without its endpoints (its metadata).
    fn json_of_endpoints(self) -> Option<Value> {
        match self {
            Obj::Endpoints(s) => render_endpoints(s, &[]),
            Obj::EndpointSlice(s) => crate::manifest::service::endpoint_slice_json(s, &[]),
            _ => None,
        }
    }

    /// The Endpoints or EndpointSlice object as the controllers keep it now.
    fn json_of_endpoints_in(self, sim: &Sim) -> Option<Value> {
        match self {
            Obj::Endpoints(s) => render_endpoints(s, &sim.endpoints(s)),
            Obj::EndpointSlice(s) => {
                crate::manifest::service::endpoint_slice_json(s, &sim.endpoints(s))
            }
            _ => None,
        }
    }

    /// Every object of `kind` in `scope`, in the order kubectl lists them (by
    /// namespace, then name).
    fn list(sim: &'a Sim, kind: Kind, scope: Scope) -> Vec<Obj<'a>> {
        let default = scope.holds(DEFAULT_NAMESPACE);
        match kind {
            Kind::Pod => {
                let mut pods: Vec<Obj> = Vec::new();
                if default {
                    pods.extend(sim.pods().map(Obj::Pod));
                }
                if scope.holds(minikube::SYSTEM_NAMESPACE) {
                    pods.extend(minikube::system_pods().iter().map(Obj::Pod));
                }
                pods
            }
            Kind::Node => vec![Obj::Node],
            Kind::Service => services(sim, scope).map(Obj::Service).collect(),
            Kind::Endpoints => services(sim, scope)
                .filter(|s| has_endpoints(s))
                .map(Obj::Endpoints)
                .collect(),
            Kind::EndpointSlice => {
                let mut v: Vec<&Service> =
                    services(sim, scope).filter(|s| has_endpoints(s)).collect();
                crate::order::sort_by(&mut v, |a, b| {
                    (a.namespace, &a.slice_name).cmp(&(b.namespace, &b.slice_name))
                });
                v.into_iter().map(Obj::EndpointSlice).collect()
            }
            Kind::Namespace => sim.namespaces().map(Obj::Namespace).collect(),
            _ if !default => Vec::new(),
            Kind::Deployment => sim.deployments().map(Obj::Deployment).collect(),
            Kind::ReplicaSet => sim.replica_sets().map(Obj::ReplicaSet).collect(),
            Kind::Event => {
                // The API lists events by name (`OBJECT.<first seen, hex>`), so by
                // object, then time, as etcd orders the keys.
                let mut v: Vec<&Event> = sim.events().iter().collect();
                crate::order::sort_by(&mut v, |a, b| {
                    let name =
                        |e: &Event| e.object_name.bytes().chain(Some(b'.')).collect::<Vec<u8>>();
                    (name(a), a.first_ms).cmp(&(name(b), b.first_ms))
                });
                v.into_iter().map(Obj::Event).collect()
            }
            Kind::All => Vec::new(),
        }
    }

    fn find(sim: &'a Sim, kind: Kind, name: &str, scope: Scope) -> Option<Obj<'a>> {
        if kind == Kind::Pod && scope.holds(minikube::SYSTEM_NAMESPACE) {
            return minikube::system_pod_named(name).map(Obj::Pod);
        }
        if kind == Kind::Namespace {
            return sim.namespace(name).map(Obj::Namespace);
        }
        let named = |s: &&Service| s.name == name;
        match kind {
            Kind::Service => return services(sim, scope).find(named).map(Obj::Service),
            Kind::Endpoints => {
                return services(sim, scope)
                    .filter(|s| has_endpoints(s))
                    .find(named)
                    .map(Obj::Endpoints)
            }
            Kind::EndpointSlice => {
                return services(sim, scope)
                    .filter(|s| has_endpoints(s))
                    .find(|s| s.slice_name == name)
                    .map(Obj::EndpointSlice)
            }
            _ => {}
        }
        if kind != Kind::Node && !scope.holds(DEFAULT_NAMESPACE) {
            return None;
        }
        match kind {
            Kind::Deployment => sim.deployment(name).map(Obj::Deployment),
            Kind::ReplicaSet => sim.replica_set(name).map(Obj::ReplicaSet),
            Kind::Pod => sim.pod(name).map(Obj::Pod),
            Kind::Node => (name == NODE_NAME).then_some(Obj::Node),
            Kind::Event
            | Kind::Namespace
            | Kind::All
            | Kind::Service
            | Kind::Endpoints
            | Kind::EndpointSlice => None,
        }
    }

    /// A field `--field-selector` may select by, as the API server's field set
    /// for the kind gives it ("" when the object has none).
    fn field(self, path: &str) -> String {
        let text = match (self, path) {
            (_, "metadata.name") => self.name(),
            (_, "metadata.namespace") => self.namespace(),
            (Obj::Pod(p), "spec.nodeName") => p.node_name.unwrap_or(""),
            (Obj::Pod(p), "status.phase") => p.phase.as_str(),
            (Obj::Pod(p), "status.podIP" | "status.podIPs") => return p.ip().unwrap_or_default(),
            (Obj::Pod(p), "spec.hostNetwork") => return p.host_network.to_string(),
            (Obj::Pod(_), "spec.restartPolicy") => "Always",
            (Obj::Pod(_), "spec.schedulerName") => "default-scheduler",
            (Obj::Pod(_), "spec.serviceAccountName") => "default",
            (Obj::Event(e), "involvedObject.name") => &e.object_name,
            (Obj::Event(_), "involvedObject.namespace") => DEFAULT_NAMESPACE,
            (Obj::Event(e), "involvedObject.kind") => match e.object_kind {
                "deployment" => "Deployment",
                "replicaset" => "ReplicaSet",
                _ => "Pod",
            },
            (Obj::Event(e), "reason") => e.reason,
            (Obj::Event(e), "type") => e.kind.as_str(),
            (Obj::Event(e), "source" | "reportingComponent") => e.source,
            (Obj::ReplicaSet(r), "status.replicas") => return r.status.replicas.to_string(),
            (Obj::Namespace(_), "status.phase") => "Active",
            (Obj::Node, "spec.unschedulable") => "false",
            _ => "",
        };
        text.to_string()
    }

    /// The NAMESPACE cell (`-A`); empty for what no namespace holds.
    fn namespace(self) -> &'a str {
        match self {
            Obj::Pod(p) => p.namespace,
            Obj::Service(s) | Obj::Endpoints(s) | Obj::EndpointSlice(s) => s.namespace,
            Obj::Node | Obj::Namespace(_) => "",
            _ => DEFAULT_NAMESPACE,
        }
    }

    fn labels(self) -> std::borrow::Cow<'a, Labels> {
        use std::borrow::Cow;
        let pairs: &[(&str, &str)] = match self {
            Obj::Deployment(d) => return Cow::Borrowed(&d.labels),
            Obj::ReplicaSet(r) => return Cow::Borrowed(&r.labels),
            Obj::Pod(p) => return Cow::Borrowed(&p.labels),
            Obj::Event(_) => &[],
            // As minikube labels its node and the API server its Service.
            Obj::Node => &[
                ("kubernetes.io/hostname", NODE_NAME),
                ("kubernetes.io/os", "linux"),
                ("minikube.k8s.io/name", NODE_NAME),
                ("node-role.kubernetes.io/control-plane", ""),
            ],
            Obj::Service(s) => return Cow::Borrowed(&s.labels),
            Obj::Endpoints(_) | Obj::EndpointSlice(_) => {
                let v = self.json_of_endpoints().unwrap_or_default();
                let labels = v.pointer("/metadata/labels").and_then(Value::as_object);
                return Cow::Owned(
                    labels
                        .into_iter()
                        .flatten()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                        .collect(),
                );
            }
            Obj::Namespace(ns) => {
                let mut labels = Labels::new();
                labels.insert("kubernetes.io/metadata.name", ns.name.clone());
                return Cow::Owned(labels);
            }
        };
        Cow::Owned(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    fn name(self) -> &'a str {
        match self {
            Obj::Deployment(d) => &d.name,
            Obj::ReplicaSet(r) => &r.name,
            Obj::Pod(p) => &p.name,
            Obj::Event(e) => &e.object_name,
            Obj::Node => NODE_NAME,
            Obj::Service(s) | Obj::Endpoints(s) => &s.name,
            Obj::EndpointSlice(s) => &s.slice_name,
            Obj::Namespace(ns) => &ns.name,
        }
    }

    /// `kubectl describe`, for the kinds the playground describes.
    fn describe(self, sim: &Sim) -> Option<String> {
        Some(match self {
            Obj::Deployment(d) => describe_deployment(sim, d),
            Obj::ReplicaSet(r) => describe_rs(sim, r),
            Obj::Pod(p) => describe_pod(sim, p),
            Obj::Service(s) => describe_service(sim, s),
            Obj::Node => describe_node(sim),
            Obj::Event(_) | Obj::Endpoints(_) | Obj::EndpointSlice(_) | Obj::Namespace(_) => {
                return None
            }
        })
    }

    /// `-o name`.
    fn name_line(self) -> Option<String> {
        Some(match self {
            Obj::Deployment(d) => format!("deployment.apps/{}", d.name),
            Obj::ReplicaSet(r) => format!("replicaset.apps/{}", r.name),
            Obj::Pod(p) => format!("pod/{}", p.name),
            Obj::Event(_) => return None,
            Obj::Node => format!("node/{NODE_NAME}"),
            Obj::Service(s) => format!("service/{}", s.name),
            Obj::Endpoints(s) => format!("endpoints/{}", s.name),
            Obj::EndpointSlice(s) => {
                format!("endpointslice.discovery.k8s.io/{}", s.slice_name)
            }
            Obj::Namespace(ns) => format!("namespace/{}", ns.name),
        })
    }

    /// `-o json|yaml`, for the kinds the playground renders.
    fn json(self, sim: &Sim) -> Option<Value> {
        Some(match self {
            Obj::Deployment(d) => render::deployment_json(d),
            Obj::ReplicaSet(r) => render::replica_set_json(
                r,
                sim.deployment(&r.owner)
                    .map(|d| d.uid.as_str())
                    .unwrap_or(""),
            ),
            Obj::Pod(p) => render::pod_json_in(sim, p),
            Obj::Namespace(ns) => render::namespace_json(ns),
            Obj::Service(s) => crate::manifest::service::service_json(s),
            Obj::Endpoints(_) | Obj::EndpointSlice(_) => return self.json_of_endpoints_in(sim),
            Obj::Node => render::node_json_at(sim.now_ms()),
            Obj::Event(_) => return None,
        })
    }
}

/// The table for `objects`, all of one `kind`.
fn kind_table(kind: Kind, objects: &[Obj], view: View, prefix: &str) -> String {
    macro_rules! of {
        ($variant:ident) => {
            objects
                .iter()
                .filter_map(|o| match o {
                    Obj::$variant(x) => Some(*x),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
    }
    let (now, wide) = (view.now, view.wide);
    let mut grid = match kind {
        Kind::Deployment => deploy_grid(&of!(Deployment), now, wide, prefix),
        Kind::ReplicaSet => rs_grid(&of!(ReplicaSet), now, wide, prefix),
        Kind::Pod => pods_grid(&of!(Pod), now, wide, prefix),
        Kind::Event => events_grid(&of!(Event), now),
        Kind::Node => Grid::new(
            &NODE_COLUMNS,
            vec![node_cells(format!("{prefix}{NODE_NAME}"), age(now, 0))],
        ),
        Kind::Service => service_grid(&of!(Service), now, wide, prefix),
        Kind::Endpoints => endpoints_grid(&of!(Endpoints), view.sim, prefix),
        Kind::EndpointSlice => slices_grid(&of!(EndpointSlice), view.sim, prefix),
        Kind::Namespace => Grid::new(
            &["NAME", "STATUS", "AGE"],
            of!(Namespace)
                .iter()
                .map(|ns| {
                    let name = format!("{prefix}{}", ns.name);
                    vec![name, "Active".into(), age(now, ns.creation_ms)]
                })
                .collect(),
        ),
        Kind::All => return String::new(),
    };
    view.labels.extend_header(&mut grid.header);
    for (row, o) in grid.rows.iter_mut().zip(objects) {
        view.labels.extend_row(row, &o.labels());
    }
    if view.namespaces && !matches!(kind, Kind::Node | Kind::Namespace) {
        grid.header.insert(0, "NAMESPACE".into());
        for (row, o) in grid.rows.iter_mut().zip(objects) {
            row.insert(0, o.namespace().to_string());
        }
    }
    grid.text()
}

/// `kubectl get TYPE[,TYPE] [NAME...]` and `kubectl get TYPE/NAME...`: every kind
/// goes the same way: find the named objects (or list those the selector
/// matches), then print them in the requested format.
pub fn get(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    if p.args.is_empty() {
        out.err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n");
        out.exit_code = 1;
        return Ok(());
    }
    if p.bool(Flag::Watch) {
        return Err(Failure::from("--watch is not available in the playground: use \"sleep\" and get again, or \"kubectl rollout status\""));
    }
    let format = &p.output;
    if let OutputFormat::Other(format) = format {
        return Err(Failure::from(format!("unable to match a printer suitable for the output format {format:?}, allowed formats are: json,name,wide,yaml")));
    }
    let refs = refs(&p.args)?;
    let selector = p.text(Flag::Selector);
    let fields = p.text(Flag::FieldSelector);
    for (kind, _) in refs.iter().filter(|(k, _)| *k != Kind::All) {
        check_selectors(*kind, selector, fields)?;
    }
    let scope = Scope::of(p);
    if scope == Scope::All && refs.iter().any(|(_, names)| !names.is_empty()) {
        return Err(Failure::from(
            "a resource cannot be retrieved by name across all namespaces",
        ));
    }
    let multi = refs.len() > 1 || refs.iter().any(|(k, _)| *k == Kind::All);
    let Found {
        tables,
        mut objects,
        names,
        not_found,
        any_named,
        warned_endpoints,
    } = find_objects(sim, p, refs, multi);
    if warned_endpoints {
        out.err(format!("Warning: {}\n", super::ENDPOINTS_DEPRECATED));
    }
    let none_found = not_found.is_empty();
    match format {
        OutputFormat::Yaml | OutputFormat::Json => {
            if objects.is_empty() && none_found {
                out.err(scope.nothing_found());
                return Ok(());
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
                if *format == OutputFormat::Json {
                    out.out(format!("{}\n", render::to_json(&v)));
                } else {
                    out.yaml(&v);
                }
            }
        }
        OutputFormat::Name => {
            for n in &names {
                out.out(format!("{n}\n"));
            }
        }
        _ => {
            if tables.is_empty() && none_found {
                out.err(scope.nothing_found());
                return Ok(());
            }
            out.out(tables.join("\n"));
        }
    }
    for e in not_found {
        out.fail(e);
    }
    Ok(())
}

/// What `get` found, in every form it may print, and the names it did not find.
#[derive(Default)]
struct Found {
    tables: Vec<String>,
    objects: Vec<Value>,
    names: Vec<String>,
    not_found: Vec<Failure>,
    /// Whether any kind was asked for by name.
    any_named: bool,
    /// Whether v1 Endpoints were read (the API server warns of them).
    warned_endpoints: bool,
}

/// The objects `refs` name (or, for a kind without names, every object the
/// selector matches), as a table per kind, JSON and name lines.
fn find_objects(sim: &Sim, p: &Parsed, refs: Vec<(Kind, Vec<String>)>, multi: bool) -> Found {
    let scope = Scope::of(p);
    // -L takes a comma list and may repeat.
    let keys: Vec<String> = p
        .texts(Flag::LabelColumns)
        .iter()
        .flat_map(|v| v.split(','))
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect();
    let view = View {
        sim,
        now: sim.now_ms(),
        wide: p.output == OutputFormat::Wide,
        labels: LabelColumns {
            keys: &keys,
            show_all: p.bool(Flag::ShowLabels),
        },
        namespaces: scope == Scope::All,
    };
    let selector = p.text(Flag::Selector);
    // Checked by `get` before it lists.
    let fields = super::selector::parse_fields(p.text(Flag::FieldSelector)).unwrap_or_default();
    let mut found = Found::default();
    let expanded = refs.into_iter().flat_map(|(k, n)| {
        let kinds = match k {
            Kind::All => vec![Kind::Pod, Kind::Service, Kind::Deployment, Kind::ReplicaSet],
            k => vec![k],
        };
        kinds.into_iter().map(move |k| (k, n.clone()))
    });
    for (kind, names) in expanded {
        found.any_named |= !names.is_empty();
        found.warned_endpoints |= kind == Kind::Endpoints;
        let items: Vec<Obj> = if names.is_empty() {
            Obj::list(sim, kind, scope)
                .into_iter()
                .filter(|o| selector_matches_str(selector, &o.labels()).unwrap_or(false))
                .filter(|o| {
                    fields
                        .iter()
                        .all(|t| (o.field(&t.path) == t.value) == t.equal)
                })
                .collect()
        } else {
            let (hits, misses): (Vec<_>, Vec<_>) = names
                .iter()
                .map(|n| (n, Obj::find(sim, kind, n, scope)))
                .partition(|(_, o)| o.is_some());
            found
                .not_found
                .extend(misses.into_iter().map(|(n, _)| not_found(kind, n)));
            hits.into_iter().filter_map(|(_, o)| o).collect()
        };
        if items.is_empty() {
            continue;
        }
        let prefix = if multi {
            format!("{}/", kind.name_prefix())
        } else {
            String::new()
        };
        found.tables.push(kind_table(kind, &items, view, &prefix));
        found
            .objects
            .extend(items.iter().filter_map(|o| o.json(sim)));
        found
            .names
            .extend(items.iter().filter_map(|o| o.name_line()));
    }
    found
}

/// `kubectl describe TYPE [NAME_PREFIX]`.
pub fn describe(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    if p.args.is_empty() {
        return Err(Failure::from("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources."));
    }
    let refs = refs(&p.args)?;
    let selector = p.text(Flag::Selector);
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
        if !matches!(
            kind,
            Kind::Deployment | Kind::ReplicaSet | Kind::Pod | Kind::Service | Kind::Node
        ) {
            return Err(Failure::from(format!(
                "the playground cannot describe {}",
                kind.resource()
            )));
        }
        // The names the selector allows.
        let all: Vec<String> = Obj::list(sim, kind, DEFAULT_SCOPE)
            .into_iter()
            .filter(|o| selector_matches_str(selector, &o.labels()).unwrap_or(false))
            .map(|o| o.name().to_string())
            .collect();
        let (found, missing) = pick(all, &names);
        pages.extend(
            found
                .iter()
                .filter_map(|n| Obj::find(sim, kind, n, DEFAULT_SCOPE))
                .filter_map(|o| o.describe(sim)),
        );
        for n in missing {
            out.fail(not_found(kind, &n));
        }
    }
    if pages.is_empty() && out.exit_code == 0 {
        out.err("No resources found in default namespace.\n");
        return Ok(());
    }
    out.out(pages.join("\n\n"));
    Ok(())
}

/// `kubectl logs POD` or `kubectl logs deployment/NAME`.
pub fn logs(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    let selector = p.text(Flag::Selector);
    // With a selector kubectl shows the last 10 lines of each pod by default.
    let default_tail = if selector.is_empty() { -1 } else { 10 };
    let tail = p.int(Flag::Tail).unwrap_or(default_tail);
    if tail < -1 {
        return Err(Failure::from("--tail must be greater than or equal to -1"));
    }
    let pods: Vec<String> = if !selector.is_empty() && p.args.is_empty() {
        check_selector(Kind::Pod, selector)?;
        let names = selected_names(sim, Kind::Pod, selector);
        if names.is_empty() {
            out.err("No resources found in default namespace.\n");
            return Ok(());
        }
        names
    } else {
        let Some(target) = p.args.first() else {
            return Err(Failure::from("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples"));
        };
        vec![log_target(sim, target, out)?]
    };
    for name in pods {
        let (container, text) = pod_log(sim, &name, p.text(Flag::Container))?;
        // `--since`: whole seconds, as kubectl sends them; the lines were
        // written when the container (its last instance) started.
        let since_s = p.duration_ms(Flag::Since).map_or(0, |ms| (ms + 500) / 1000);
        let written = sim.pod(&name).map_or(0, log_written_ms);
        let fresh = since_s == 0 || written + since_s * 1000 >= sim.now_ms();
        let text = if fresh { last_lines(&text, tail) } else { "" };
        if p.bool(Flag::Prefix) {
            for line in text.lines() {
                out.out(format!("[pod/{name}/{container}] {line}\n"));
            }
        } else {
            out.out(text.to_string());
        }
    }
    Ok(())
}

/// The pod `kubectl logs TARGET` reads: the pod named, or the first of a
/// Deployment's pods in podutils.ByLogging's order.
fn log_target(sim: &Sim, target: &str, out: &mut Output) -> Result<String, Failure> {
    Ok(
        if let Some(dep) = target
            .strip_prefix("deployment/")
            .or_else(|| target.strip_prefix("deploy/"))
        {
            let Some(d) = sim.deployment(dep) else {
                return Err(not_found(Kind::Deployment, dep));
            };
            // kubectl lists the pods the selector matches and logs the first in
            // podutils.ByLogging's order.
            let mut pods: Vec<&Pod> = sim
                .pods()
                .filter(|p| {
                    d.spec
                        .selector
                        .iter()
                        .all(|(k, v)| p.labels.get(k) == Some(v))
                })
                .collect();
            crate::order::sort_by(&mut pods, |a, b| by_logging(a).cmp(&by_logging(b)));
            let Some(first) = pods.first() else {
                return Err(Failure::from("timed out waiting for the condition"));
            };
            if pods.len() > 1 {
                out.err(format!(
                    "Found {} pods, using pod/{}\n",
                    pods.len(),
                    first.name
                ));
            }
            first.name.to_string()
        } else {
            target.to_string()
        },
    )
}

/// One pod's log (the container `-c` names, else the first): (container, text).
fn pod_log(sim: &Sim, name: &str, want: &str) -> Result<(String, String), Failure> {
    let pod = name.to_string();
    let Some(pod) = sim.pod(&pod) else {
        return Err(not_found(Kind::Pod, &pod));
    };
    let container = match want {
        "" => pod
            .container_names
            .first()
            .map(|c| c.to_string())
            .unwrap_or_default(),
        c if pod.container_names.iter().any(|n| &**n == c) => c.to_string(),
        c => {
            // kubectl checks the name against the pod it fetched.
            return Err(Failure::from(format!(
                "container {c} is not valid for pod {}",
                pod.name
            )));
        }
    };
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
        return Err(Failure::printed(format!("Error from server (BadRequest): container {container:?} in pod {:?} is waiting to start: {why}", pod.name)));
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
    Ok((container, text))
}

/// When a pod's log was written: its container's (last) start, or the exit that
/// wrote a crash's last words.
fn log_written_ms(p: &Pod) -> TimeMs {
    match p.container {
        ContainerState::Running { started_ms } => started_ms,
        ContainerState::Terminated { finished_ms, .. } => finished_ms,
        ContainerState::Waiting { .. } => p.last_termination_ms.unwrap_or(p.creation_ms),
    }
}

/// The last `n` lines of `text` (all of it when `n` is -1), as the kubelet's
/// `tailLines` cuts a log.
fn last_lines(text: &str, n: i64) -> &str {
    let Ok(n) = usize::try_from(n) else {
        return text;
    };
    let starts: Vec<usize> = text.match_indices('\n').map(|(i, _)| i + 1).collect();
    let lines = starts.len() + usize::from(!text.ends_with('\n') && !text.is_empty());
    if n >= lines {
        return text;
    }
    let skip = lines - n;
    &text[starts[skip - 1]..]
}

/// podutils.ByLogging as a sort key: assigned first, Running before Unknown before
/// Pending (the other phases rank with Running), ready first, ready longest first,
/// most restarts first, oldest first; times in whole seconds, as the API has them.
fn by_logging(p: &Pod) -> (bool, u8, bool, u64, i32, u64) {
    let ready = p.ready && !p.phase.is_terminal();
    let phase = match p.phase.as_str() {
        "Unknown" => 1,
        "Pending" => 2,
        _ => 0,
    };
    let ready_s = if ready {
        p.ready_since_ms.unwrap_or(p.creation_ms) / 1000
    } else {
        0
    };
    (
        p.node_name.is_none(),
        phase,
        !ready,
        ready_s,
        -p.restart_count,
        p.creation_ms / 1000,
    )
}

/// `kubectl version`.
pub fn version(_: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    if !matches!(
        p.output,
        OutputFormat::Default | OutputFormat::Yaml | OutputFormat::Json
    ) {
        return Err(Failure::from("--output must be 'yaml' or 'json'"));
    }
    out.out(format!("Client Version: {KUBECTL_VERSION}\nKustomize Version: v5.6.0\nServer Version: {KUBECTL_VERSION}\n"));
    Ok(())
}

/// `kubectl cluster-info`: minikube's addresses.
pub fn cluster_info(
    _: &mut Sim,
    _: &dyn Files,
    _: &Parsed,
    out: &mut Output,
) -> Result<(), Failure> {
    out.out(
        "Kubernetes control plane is running at https://192.168.49.2:8443\nCoreDNS is running at https://192.168.49.2:8443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
    Ok(())
}
