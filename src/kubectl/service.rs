//! The Service verbs: `expose deployment`, `create service clusterip|nodeport|
//! loadbalancer`, and Service documents in `apply -f`, `create -f` and `delete -f`.
//! kubectl builds the object (`expose`'s `createService`, `create service`'s), and
//! the API server decodes and validates it as it does a file's.

use super::args::{DryRun, Flag, OutputFormat, Parsed};
use super::output::{Failure, Output};
use super::resources::*;
use crate::manifest::service::service_json;
use crate::manifest::value::{self, Map, Value};
use crate::manifest::{Document, ServiceManifest};
use crate::sim::*;

/// A Service kubectl built, as the API server decodes it.
fn decode_built(object: &Value) -> Result<ServiceManifest, Failure> {
    match super::documents::decode_built(object)? {
        Document::Service(m) => Ok(m),
        _ => Err(Failure::from("no Service built")),
    }
}

/// Creates the Service `m` and prints `service/NAME <verb>` or the object.
fn create_printing(
    sim: &mut Sim,
    p: &Parsed,
    out: &mut Output,
    m: ServiceManifest,
    verb: &str,
) -> Result<(), Failure> {
    let client = p.dry_run == Ok(DryRun::Client);
    let name = m.name.clone();
    let fail = |e: SimError| sim_error_of(Kind::Service, &e, &name);
    let s = sim
        .service_to_create(
            &m.name,
            m.labels.clone(),
            m.annotations.clone(),
            m.spec.clone(),
        )
        .map_err(fail)?;
    if !client {
        sim.create_service(&m.name, m.labels, m.annotations, m.spec)
            .map_err(fail)?;
    }
    match &p.output {
        OutputFormat::Default => out.out(format!("service/{name} {verb}\n")),
        format => {
            let stored = sim.service(&name).filter(|_| !sim.is_dry_run() && !client);
            out.print_object(format, &service_json(stored.unwrap_or(&s)), "service", None);
        }
    }
    Ok(())
}

/// `kubectl expose deployment NAME`: a Service selecting the Deployment's pods, on
/// `--port` (or the ports its containers declare).
pub fn expose(
    sim: &mut Sim,
    _: &dyn super::output::Files,
    p: &Parsed,
    out: &mut Output,
) -> Result<(), Failure> {
    if p.args.is_empty() {
        return Err(Failure::from(NO_RESOURCES));
    }
    let refs = refs(&p.args)?;
    let Some((kind, names)) = refs.into_iter().next() else {
        return Err(Failure::from(NO_RESOURCES));
    };
    let Some(name) = names.first() else {
        return Err(Failure::from(
            "resource(s) were provided, but no name was specified",
        ));
    };
    let exposed = match kind {
        Kind::Deployment => sim.deployment(name).map(|d| Exposed {
            name: d.name.clone(),
            labels: d.labels.clone(),
            selector: d.spec.selector.clone(),
            containers: d.spec.template.spec.containers.clone(),
        }),
        Kind::Pod => sim.pod(name).and_then(|pod| {
            Some(Exposed {
                name: pod.name.to_string(),
                labels: (*pod.labels).clone(),
                selector: (*pod.labels).clone(),
                containers: sim.pod_template(pod)?.spec.containers.clone(),
            })
        }),
        other => {
            return Err(Failure::from(format!(
                "the playground exposes deployments and pods, not {}",
                other.resource()
            )))
        }
    };
    let exposed = exposed.ok_or_else(|| not_found(kind, name))?;
    let object = exposed_object(&exposed, p)?;
    let m = decode_built(&object)?;
    create_printing(sim, p, out, m, "exposed")
}

/// What `expose` reads from the object it exposes.
struct Exposed {
    name: String,
    labels: Labels,
    selector: Labels,
    containers: Vec<Container>,
}

/// What `expose`'s `createService` builds for the object `d`.
fn exposed_object(d: &Exposed, p: &Parsed) -> Result<Value, Failure> {
    let containers = &d.containers;
    let declared: Vec<&ContainerPort> = containers.iter().flat_map(|c| &c.ports).collect();
    let ports: Vec<String> = match p.given(Flag::Port) {
        Some(list) => list.split(',').map(str::to_string).collect(),
        None => declared
            .iter()
            .map(|c| c.container_port.to_string())
            .collect(),
    };
    if ports.is_empty() {
        return Err(Failure::from(
            "couldn't find port via --port flag or introspection",
        ));
    }
    let protocol_flag = p.given(Flag::Protocol);
    let target = p.given(Flag::TargetPort);
    let mut list = Vec::new();
    for (i, port) in ports.iter().enumerate() {
        let number: i64 = port.parse().map_err(|_| {
            Failure::from(format!("strconv.Atoi: parsing {port:?}: invalid syntax"))
        })?;
        let declared_protocol = declared
            .iter()
            .find(|c| c.container_port.to_string() == *port)
            .map(|c| c.protocol.as_str());
        let protocol = protocol_flag.or(declared_protocol).unwrap_or("TCP");
        let mut m = Map::new();
        if ports.len() > 1 {
            m.insert("name".into(), Value::from(format!("port-{}", i + 1)));
        }
        m.insert("protocol".into(), Value::from(protocol));
        m.insert("port".into(), Value::from(number));
        m.insert(
            "targetPort".into(),
            match target {
                Some(t) => t.parse::<i64>().map(Value::from).unwrap_or(Value::from(t)),
                None => Value::from(number),
            },
        );
        list.push(Value::Object(m));
    }
    let selector = match p.given(Flag::Selector) {
        Some(s) => parse_label_spec(s)?,
        None => d.selector.clone(),
    };
    let labels = match p.given(Flag::Labels) {
        Some(s) => parse_label_spec(s)?,
        None => d.labels.clone(),
    };
    let mut name = p.given(Flag::Name).unwrap_or(&d.name).to_string();
    name.truncate(63);
    let mut meta = Map::new();
    meta.insert("name".into(), Value::from(name));
    if !labels.is_empty() {
        meta.insert("labels".into(), crate::sim::stored::labels_json(&labels));
    }
    let mut spec = Map::new();
    spec.insert("ports".into(), Value::Array(list));
    spec.insert(
        "selector".into(),
        crate::sim::stored::labels_json(&selector),
    );
    if let Some(t) = p.given(Flag::Type) {
        spec.insert("type".into(), Value::from(t));
    }
    Ok(value::obj([
        ("apiVersion", "v1".into()),
        ("kind", "Service".into()),
        ("metadata", Value::Object(meta)),
        ("spec", Value::Object(spec)),
    ]))
}

/// expose's `parseLabels`: `k=v,k2=v2`, each exactly one `=`.
fn parse_label_spec(s: &str) -> Result<Labels, Failure> {
    let mut out = Labels::new();
    for item in s.split(',') {
        let parts: Vec<&str> = item.split('=').collect();
        if parts.len() != 2 {
            return Err(Failure::from(format!("unexpected label spec: {item}")));
        }
        if parts[0].is_empty() {
            return Err(Failure::from("unexpected empty label key"));
        }
        out.insert(parts[0], parts[1].to_string());
    }
    Ok(out)
}

/// `kubectl create service clusterip|nodeport|loadbalancer NAME --tcp=PORT[:TARGET]`.
pub fn create_service(sim: &mut Sim, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    let type_ = match p.args.get(1).map(String::as_str) {
        Some("clusterip") => "ClusterIP",
        Some("nodeport") => "NodePort",
        Some("loadbalancer") => "LoadBalancer",
        Some(other) => {
            return Err(Failure::from(format!(
                "the playground creates services of type clusterip, nodeport or loadbalancer, not {other:?}"
            )))
        }
        None => return Err(Failure::from("a service type is required: clusterip, nodeport or loadbalancer\nSee 'kubectl create service -h' for help and examples")),
    };
    let Some(name) = p.args.get(2) else {
        return Err(Failure::from(format!("exactly one NAME is required, got 0\nSee 'kubectl create service {} -h' for help and examples", p.args[1])));
    };
    // A string slice: each value may hold several, comma-separated.
    let tcp: Vec<&str> = p
        .texts(Flag::Tcp)
        .into_iter()
        .flat_map(|v| v.split(','))
        .collect();
    if tcp.is_empty() {
        return Err(Failure::from(
            "at least one tcp port specifier must be provided",
        ));
    }
    let node_port = p.int(Flag::NodePort).unwrap_or(0);
    let mut ports = Vec::new();
    for spec in tcp {
        let (port, target) = spec.split_once(':').unwrap_or((spec, spec));
        let port: i64 = port.parse().map_err(|_| {
            Failure::from(format!("strconv.Atoi: parsing {port:?}: invalid syntax"))
        })?;
        let target = target
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or(Value::from(target));
        let mut m = Map::new();
        m.insert("name".into(), Value::from(spec.replace(':', "-")));
        m.insert("protocol".into(), Value::from("TCP"));
        m.insert("port".into(), Value::from(port));
        m.insert("targetPort".into(), target);
        if node_port != 0 {
            m.insert("nodePort".into(), Value::from(node_port));
        }
        ports.push(Value::Object(m));
    }
    let app = crate::json!({"app": name});
    let object = crate::json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": name, "labels": app.clone()},
        "spec": {"ports": Value::Array(ports), "selector": app, "type": type_}});
    // kubectl's own words around what the server refused.
    let wrap = |f: Failure| {
        let server = f
            .text()
            .strip_prefix("The ")
            .unwrap_or(f.text())
            .to_string();
        let server = server.replacen(" is invalid: \n* ", " is invalid: [", 1);
        let server = match server.contains(" is invalid: [") {
            true => format!("{}]", server.replace("\n* ", ", ")),
            false => server,
        };
        let server = server
            .strip_prefix("Error from server (AlreadyExists): ")
            .unwrap_or(&server)
            .to_string();
        Failure::from(format!("failed to create {type_} service: {server}"))
    };
    let m = decode_built(&object).map_err(wrap)?;
    create_printing(sim, p, out, m, "created").map_err(wrap)
}

/// `apply -f` of a Service document: a create that records the file, or an update
/// whose labels and annotations merge three ways (`configured`, `unchanged`).
pub fn apply_document(
    sim: &mut Sim,
    p: &Parsed,
    out: &mut Output,
    m: ServiceManifest,
    mut annotations: Labels,
) -> Result<(), Failure> {
    let last = super::documents::last_applied_of(&m.source);
    let Some(live) = sim.service(&m.name).cloned() else {
        annotations.insert(ANN_LAST_APPLIED.to_string(), last);
        let m = ServiceManifest { annotations, ..m };
        return create_printing(sim, p, out, m, "created");
    };
    let (labels, new_ann) = super::documents::applied_metadata(
        (&live.labels, &live.annotations),
        (&m.labels, &annotations),
        last,
    );
    let s = sim
        .update_service(&m.name, labels, new_ann, m.spec)
        .map_err(|e| sim_error_of(Kind::Service, &e, &m.name))?;
    match &p.output {
        OutputFormat::Default if s == live => out.out(format!("service/{} unchanged\n", m.name)),
        OutputFormat::Default => out.out(format!("service/{} configured\n", m.name)),
        format => out.print_object(format, &service_json(&s), "service", None),
    }
    Ok(())
}

/// `create -f` of a Service document.
pub fn create_document(
    sim: &mut Sim,
    p: &Parsed,
    out: &mut Output,
    path: &str,
    m: ServiceManifest,
) -> Result<(), Failure> {
    if sim.service(&m.name).is_some() || crate::sim::is_fixed_service(&m.name) {
        return Err(Failure::printed(format!(
            "Error from server (AlreadyExists): error when creating {path:?}: services {:?} already exists",
            m.name
        )));
    }
    create_printing(sim, p, out, m, "created")
}

/// `delete service NAME` and a Service document in `delete -f`.
pub fn delete_named(sim: &mut Sim, client: bool, name: &str) -> Result<String, Failure> {
    if crate::sim::is_fixed_service(name) && !client {
        return Err(Failure::from(format!(
            "the playground keeps minikube's own Service {name:?}"
        )));
    }
    let deleted = if client {
        Ok(())
    } else {
        sim.delete_service(name)
    };
    deleted
        .map(|()| format!("service {name:?} deleted\n"))
        .map_err(|_| not_found(Kind::Service, name))
}
