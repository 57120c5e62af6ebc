//! Services to and from JSON: a `v1` `Service` document decoded as the API server
//! decodes it (strict fields, Go's type errors, the defaults, `ValidateService`'s
//! common errors), and a Service with its Endpoints and EndpointSlice rendered as
//! the API server and the endpoint controllers store them.

use super::decode::{metadata_and_spec, strict_unknown_fields, Decoder};
use super::time::rfc3339;
use super::validate::{validate_service, ServiceWritten};
use super::value::{self, Map, Value};
use super::*;
use crate::json;
use crate::sim::stored::{insert_nonempty, labels_json};

/// One Service document, decoded and defaulted.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceManifest {
    pub name: String,
    pub labels: Labels,
    pub annotations: Labels,
    pub spec: ServiceSpec,
    /// The document as JSON, for the last-applied-configuration annotation.
    pub source: Value,
    pub first_line: usize,
    /// Fields the struct lacks, passed over under `fieldValidation=Warn|Ignore`.
    pub unknown_fields: Vec<String>,
}

type D<T> = Result<T, ManifestError>;

/// Whether a document is a Service (`v1`, `Service`), by its type fields.
pub fn is_service(v: &Value) -> bool {
    v.get("kind").and_then(Value::as_str) == Some("Service")
        && v.get("apiVersion").and_then(Value::as_str) == Some("v1")
}

pub(super) fn decode_service(
    text: &str,
    first_line: usize,
    v: &Value,
    tolerated: Option<&std::cell::RefCell<Vec<String>>>,
) -> D<ServiceManifest> {
    let strict_refusal = strict_unknown_fields("v1.Service", text, first_line, v, tolerated);
    let dec = Decoder {
        text,
        first_line,
        lenient: false,
        skip_unknown: true,
        root: "Service",
    };
    type_errors(&dec, v)?;
    let ((name, labels, annotations), spec_value) = metadata_and_spec(&dec, v)?;
    let mut written = ServiceWritten::default();
    let spec = decode_spec(&dec, spec_value, &mut written)?;
    if let Some(e) = strict_refusal {
        return Err(e);
    }
    let m = ServiceManifest {
        name: name.clone(),
        labels,
        annotations,
        spec,
        source: v.clone(),
        first_line,
        unknown_fields: Vec::new(),
    };
    let causes = validate_service(&m.name, &m.labels, &m.spec, &written, &|p| dec.line_of(p));
    if !causes.is_empty() {
        return Err(ManifestError::Invalid { name, causes });
    }
    Ok(m)
}

/// Go's decoder's first type error in the document, if any.
fn type_errors(dec: &Decoder, v: &Value) -> D<()> {
    let Value::Object(m) = v else { return Ok(()) };
    let fields = crate::sim::go_types::struct_fields("v1.Service")
        .map(|f| f.collect::<Vec<_>>())
        .unwrap_or_default();
    for (k, child) in m {
        let ty = match k.as_str() {
            "metadata" => "v1.ObjectMeta",
            "apiVersion" | "kind" => "string",
            _ => match fields.iter().find(|f| f.json == *k) {
                Some(f) => f.ty,
                None => continue,
            },
        };
        if let Some(message) = typed::type_error(ty, child, "Service", k) {
            let path = message
                .split("Go struct field ")
                .nth(1)
                .and_then(|r| r.split(" of type").next())
                .and_then(|r| r.split_once('.'))
                .map_or(k.clone(), |(_, p)| p.to_string());
            return Err(ManifestError::Type {
                line: dec.line_of(&path),
                path,
                message,
            });
        }
    }
    Ok(())
}

/// Fields the playground does not simulate: refused when set, rather than
/// stored and ignored.
const NOT_SIMULATED: [&str; 8] = [
    "externalIPs",
    "loadBalancerIP",
    "loadBalancerSourceRanges",
    "externalName",
    "healthCheckNodePort",
    "publishNotReadyAddresses",
    "loadBalancerClass",
    "trafficDistribution",
];

fn decode_spec(dec: &Decoder, v: &Value, written: &mut ServiceWritten) -> D<ServiceSpec> {
    let mut spec = ServiceSpec {
        type_: ServiceType::ClusterIP,
        selector: Labels::new(),
        ports: Vec::new(),
        session_affinity: "None".into(),
        headless: false,
        requested_ip: None,
        external_traffic_policy: String::new(),
    };
    let allowed = schema_keys("v1.ServiceSpec");
    let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
    for (k, val) in dec.map(v, "spec", &allowed)? {
        let path = format!("spec.{k}");
        match k.as_str() {
            "type" => written.type_ = Some(dec.string(val, &path)?),
            "selector" => spec.selector = dec.string_map(val, &path)?,
            "ports" => {
                for (i, p) in dec.seq(val, &path)?.iter().enumerate() {
                    spec.ports.push(decode_port(dec, p, &path, i, written)?);
                }
            }
            "sessionAffinity" => spec.session_affinity = dec.string(val, &path)?,
            "externalTrafficPolicy" => spec.external_traffic_policy = dec.string(val, &path)?,
            "clusterIP" => written.cluster_ip = Some(dec.string(val, &path)?),
            _ if NOT_SIMULATED.contains(&k.as_str()) && !is_zero(val) => {
                return Err(ManifestError::Unsupported {
                    line: dec.line_of(&path),
                    path,
                    message: "the playground does not simulate this Service field".into(),
                })
            }
            _ => {}
        }
    }
    if let Some(t) = written.type_.as_deref().and_then(ServiceType::parse) {
        spec.type_ = t;
    }
    match written.cluster_ip.as_deref() {
        Some("None") => spec.headless = true,
        Some("") | None => {}
        Some(ip) => spec.requested_ip = parse_ipv4(ip),
    }
    if spec.type_.has_node_ports() && spec.external_traffic_policy.is_empty() {
        spec.external_traffic_policy = "Cluster".into();
    }
    Ok(spec)
}

/// The JSON names of struct `ty`'s fields.
fn schema_keys(ty: &str) -> Vec<String> {
    crate::sim::go_types::struct_fields(ty)
        .map(|f| f.map(|f| f.json).collect())
        .unwrap_or_default()
}

fn is_zero(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Number(n) => value::as_int(n) == Some(0),
        Value::Object(o) => o.is_empty(),
    }
}

pub fn parse_ipv4(s: &str) -> Option<u32> {
    let parts: Vec<u8> = s
        .split('.')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    (parts.len() == 4).then(|| u32::from_be_bytes([parts[0], parts[1], parts[2], parts[3]]))
}

fn decode_port(
    dec: &Decoder,
    v: &Value,
    parent: &str,
    i: usize,
    written: &mut ServiceWritten,
) -> D<ServicePort> {
    let mut port = ServicePort {
        name: String::new(),
        protocol: "TCP".into(),
        port: 0,
        target_port: TargetPort::Number(0),
        node_port: 0,
    };
    let path = format!("{parent}[{i}]");
    let allowed = schema_keys("v1.ServicePort");
    let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
    for (k, val) in dec.map(v, parent, &allowed)? {
        let p = format!("{parent}.{k}");
        match k.as_str() {
            "name" => port.name = dec.string(val, &p)?,
            "protocol" => port.protocol = dec.string(val, &p)?,
            "port" => port.port = dec.int32(val, &p)?,
            "nodePort" => port.node_port = dec.int32(val, &p)?,
            "targetPort" => {
                port.target_port = match val {
                    Value::String(s) => TargetPort::Name(s.clone()),
                    _ => TargetPort::Number(dec.int32(val, &p)?),
                }
            }
            _ => {}
        }
    }
    written.port_paths.push(path);
    // The API server's default: the target is the port itself.
    if matches!(&port.target_port, TargetPort::Number(0))
        || matches!(&port.target_port, TargetPort::Name(n) if n.is_empty())
    {
        port.target_port = TargetPort::Number(port.port);
    }
    Ok(port)
}

fn target_json(t: &TargetPort) -> Value {
    match t {
        TargetPort::Number(n) => json!(n),
        TargetPort::Name(s) => json!(s),
    }
}

fn meta_json(name: &str, ns: &str, uid: &str, created_ms: TimeMs) -> Map {
    let mut meta = Map::new();
    meta.insert("name".into(), json!(name));
    meta.insert("namespace".into(), json!(ns));
    meta.insert("uid".into(), json!(uid));
    meta.insert("resourceVersion".into(), json!("1"));
    meta.insert("creationTimestamp".into(), json!(rfc3339(created_ms)));
    meta
}

/// A Service as the API server stores it (fields in Go struct order, with the
/// defaults and allocations).
pub fn service_json(s: &Service) -> Value {
    let mut meta = meta_json(&s.name, s.namespace, &s.uid, s.creation_ms);
    meta.insert(
        "resourceVersion".into(),
        json!(s.resource_version.to_string()),
    );
    insert_nonempty(&mut meta, "labels", &s.labels);
    insert_nonempty(&mut meta, "annotations", &s.annotations);
    let ports: Vec<Value> = s
        .spec
        .ports
        .iter()
        .map(|p| {
            let mut m = Map::new();
            if !p.name.is_empty() {
                m.insert("name".into(), json!(p.name));
            }
            m.insert("protocol".into(), json!(p.protocol));
            m.insert("port".into(), json!(p.port));
            m.insert("targetPort".into(), target_json(&p.target_port));
            if p.node_port != 0 {
                m.insert("nodePort".into(), json!(p.node_port));
            }
            Value::Object(m)
        })
        .collect();
    let mut spec = Map::new();
    if !ports.is_empty() {
        spec.insert("ports".into(), Value::Array(ports));
    }
    insert_nonempty(&mut spec, "selector", &s.spec.selector);
    let ip = s.cluster_ip_text();
    spec.insert("clusterIP".into(), json!(ip));
    spec.insert("clusterIPs".into(), Value::Array(vec![json!(ip)]));
    spec.insert("type".into(), json!(s.spec.type_.as_str()));
    spec.insert("sessionAffinity".into(), json!(s.spec.session_affinity));
    if !s.spec.external_traffic_policy.is_empty() {
        spec.insert(
            "externalTrafficPolicy".into(),
            json!(s.spec.external_traffic_policy),
        );
    }
    spec.insert("ipFamilies".into(), Value::Array(vec![json!("IPv4")]));
    spec.insert("ipFamilyPolicy".into(), json!("SingleStack"));
    if s.spec.type_ == ServiceType::LoadBalancer {
        spec.insert("allocateLoadBalancerNodePorts".into(), json!(true));
    }
    spec.insert("internalTrafficPolicy".into(), json!("Cluster"));
    json!({"kind": "Service", "apiVersion": "v1", "metadata": Value::Object(meta),
        "spec": Value::Object(spec), "status": {"loadBalancer": {}}})
}

fn target_ref(ns: &str, pod: &(std::rc::Rc<str>, String)) -> Value {
    json!({"kind": "Pod", "namespace": ns, "name": &*pod.0, "uid": pod.1})
}

/// The Endpoints object the endpoints controller keeps for `s` (None for a
/// Service without a selector, which it leaves alone): ready pods as addresses,
/// the others (not terminating) as not-ready addresses, one subset per port set.
pub fn endpoints_json(s: &Service, eps: &[Endpoint]) -> Option<Value> {
    let fixed = crate::sim::fixed_endpoints(s).is_some();
    if s.spec.selector.is_empty() && !fixed {
        return None;
    }
    let mut meta = meta_json(&s.name, s.namespace, &s.endpoints_uid, s.creation_ms);
    let mut labels = s.labels.clone();
    if fixed {
        labels = [("endpointslice.kubernetes.io/skip-mirror", "true")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    } else if s.spec.headless {
        labels.insert("service.kubernetes.io/headless", String::new());
    }
    insert_nonempty(&mut meta, "labels", &labels);
    // Per distinct port list: its ready and its not-ready addresses.
    type Subset = (Vec<(String, i32, String)>, Vec<Value>, Vec<Value>);
    let mut subsets: Vec<Subset> = Vec::new();
    for e in eps.iter().filter(|e| !e.terminating) {
        let i = match subsets.iter().position(|(ports, ..)| *ports == e.ports) {
            Some(i) => i,
            None => {
                subsets.push((e.ports.clone(), Vec::new(), Vec::new()));
                subsets.len() - 1
            }
        };
        let mut a = Map::new();
        a.insert("ip".into(), json!(e.ip));
        if let Some(n) = e.node_name {
            a.insert("nodeName".into(), json!(n));
        }
        if let Some(pod) = &e.pod {
            a.insert("targetRef".into(), target_ref(s.namespace, pod));
        }
        let list = if e.ready {
            &mut subsets[i].1
        } else {
            &mut subsets[i].2
        };
        list.push(Value::Object(a));
    }
    let subsets: Vec<Value> = subsets
        .into_iter()
        .map(|(ports, ready, not_ready)| {
            let mut m = Map::new();
            if !ready.is_empty() {
                m.insert("addresses".into(), Value::Array(ready));
            }
            if !not_ready.is_empty() {
                m.insert("notReadyAddresses".into(), Value::Array(not_ready));
            }
            m.insert("ports".into(), ports_json(&ports, false));
            Value::Object(m)
        })
        .collect();
    let mut out = json!({"kind": "Endpoints", "apiVersion": "v1", "metadata": Value::Object(meta)});
    if !subsets.is_empty() {
        out["subsets"] = Value::Array(subsets);
    }
    Some(out)
}

/// Ports of an Endpoints subset (`name` left out when empty) or of an
/// EndpointSlice (`name` always there, as its pointer is always set).
fn ports_json(ports: &[(String, i32, String)], slice: bool) -> Value {
    Value::Array(
        ports
            .iter()
            .map(|(name, port, protocol)| {
                let mut m = Map::new();
                if slice || !name.is_empty() {
                    m.insert("name".into(), json!(name));
                }
                if slice {
                    m.insert("protocol".into(), json!(protocol));
                    m.insert("port".into(), json!(port));
                } else {
                    m.insert("port".into(), json!(port));
                    m.insert("protocol".into(), json!(protocol));
                }
                Value::Object(m)
            })
            .collect(),
    )
}

/// The EndpointSlice the EndpointSlice controller keeps for `s` (None without a
/// selector): every pod with an IP, with its conditions.
pub fn endpoint_slice_json(s: &Service, eps: &[Endpoint]) -> Option<Value> {
    let fixed = crate::sim::fixed_endpoints(s).is_some();
    if s.spec.selector.is_empty() && !fixed {
        return None;
    }
    let mut meta = Map::new();
    meta.insert("name".into(), json!(s.slice_name));
    if !fixed {
        meta.insert("generateName".into(), json!(format!("{}-", s.name)));
    }
    for (k, v) in meta_json(&s.slice_name, s.namespace, &s.slice_uid, s.creation_ms) {
        if k != "name" {
            meta.insert(k, v);
        }
    }
    meta.insert("generation".into(), json!(1));
    let mut labels = Labels::new();
    if !fixed {
        labels = s.labels.clone();
        labels.insert(
            "endpointslice.kubernetes.io/managed-by",
            "endpointslice-controller.k8s.io".into(),
        );
        if s.spec.headless {
            labels.insert("service.kubernetes.io/headless", String::new());
        }
    }
    labels.insert("kubernetes.io/service-name", s.name.clone());
    meta.insert("labels".into(), labels_json(&labels));
    if !fixed {
        meta.insert(
            "ownerReferences".into(),
            json!([{"apiVersion": "v1", "kind": "Service", "name": s.name, "uid": s.uid, "controller": true, "blockOwnerDeletion": true}]),
        );
    }
    let endpoints: Vec<Value> = eps
        .iter()
        .map(|e| {
            let mut m = Map::new();
            m.insert("addresses".into(), Value::Array(vec![json!(e.ip)]));
            m.insert(
                "conditions".into(),
                json!({"ready": e.ready, "serving": e.serving, "terminating": e.terminating}),
            );
            if let Some(pod) = &e.pod {
                m.insert("targetRef".into(), target_ref(s.namespace, pod));
            }
            if let Some(n) = e.node_name {
                m.insert("nodeName".into(), json!(n));
            }
            Value::Object(m)
        })
        .collect();
    // Every endpoint of one slice shares its ports: those of the first, or the
    // Service's own port numbers while there is none.
    let ports = match eps.first() {
        Some(e) => e.ports.clone(),
        None => Vec::new(),
    };
    let mut out = json!({"kind": "EndpointSlice", "apiVersion": "discovery.k8s.io/v1",
        "metadata": Value::Object(meta), "addressType": "IPv4"});
    out["endpoints"] = if endpoints.is_empty() {
        Value::Null
    } else {
        Value::Array(endpoints)
    };
    out["ports"] = if ports.is_empty() {
        Value::Null
    } else {
        ports_json(&ports, true)
    };
    Some(out)
}
