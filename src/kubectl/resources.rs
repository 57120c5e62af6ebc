//! Naming objects on the command line (`TYPE NAME`, `TYPE/NAME`, `TYPE1,TYPE2`), label
//! selectors, and finding or writing back the one Deployment a command acts on,
//! with kubectl's errors. It must not print anything but errors.

use super::args::Parsed;
use super::output::Failure;
use crate::sim::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Deployment,
    ReplicaSet,
    Pod,
    Event,
    Node,
    Service,
    Endpoints,
    EndpointSlice,
    Namespace,
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
            "endpoints" | "ep" => Kind::Endpoints,
            "endpointslice"
            | "endpointslices"
            | "endpointslice.discovery.k8s.io"
            | "endpointslices.discovery.k8s.io" => Kind::EndpointSlice,
            "namespace" | "namespaces" | "ns" => Kind::Namespace,
            "all" => Kind::All,
            _ => return None,
        })
    }

    /// The plural resource name in API errors (`deployments.apps "x" not found`).
    pub fn resource(self) -> &'static str {
        match self {
            Kind::Deployment => "deployments.apps",
            Kind::ReplicaSet => "replicasets.apps",
            Kind::Pod => "pods",
            Kind::Event => "events",
            Kind::Node => "nodes",
            Kind::Service => "services",
            Kind::Endpoints => "endpoints",
            Kind::EndpointSlice => "endpointslices.discovery.k8s.io",
            Kind::Namespace => "namespaces",
            Kind::All => "all",
        }
    }

    /// The kind as the API names it (`The Service "x" is invalid`).
    pub fn title(self) -> &'static str {
        match self {
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::Pod => "Pod",
            Kind::Event => "Event",
            Kind::Node => "Node",
            Kind::Service => "Service",
            Kind::Endpoints => "Endpoints",
            Kind::EndpointSlice => "EndpointSlice",
            Kind::Namespace => "Namespace",
            Kind::All => "",
        }
    }

    /// The name-printer prefix (`deployment.apps/x`).
    pub fn name_prefix(self) -> &'static str {
        match self {
            Kind::Deployment => "deployment.apps",
            Kind::ReplicaSet => "replicaset.apps",
            Kind::Pod => "pod",
            Kind::Event => "event",
            Kind::Node => "node",
            Kind::Service => "service",
            Kind::Endpoints => "endpoints",
            Kind::EndpointSlice => "endpointslice.discovery.k8s.io",
            Kind::Namespace => "namespace",
            Kind::All => "all",
        }
    }
}

/// A `-l` or `--field-selector` the API server cannot parse, as kubectl
/// reports the failed list of `kind`.
pub fn bad_selector(kind: Kind, labels: &str, fields: &str, why: &str) -> Failure {
    let (group, resource) = match kind.resource().split_once('.') {
        Some((r, g)) => (format!("{g}/v1"), r),
        None => ("/v1".to_string(), kind.resource()),
    };
    Failure::printed(format!(
        "Error from server (BadRequest): Unable to find \"{group}, Resource={resource}\" that match label selector {labels:?}, field selector {fields:?}: {why}"
    ))
}

/// Checks `-l` before a command lists `kind`.
pub fn check_selector(kind: Kind, selector: &str) -> Result<(), Failure> {
    check_selectors(kind, selector, "").map(|_| ())
}

/// Checks `-l` and `--field-selector` before a command lists `kind`; the field
/// terms to filter by.
pub fn check_selectors(
    kind: Kind,
    labels: &str,
    fields: &str,
) -> Result<Vec<super::selector::FieldTerm>, Failure> {
    let fail = |why: String| bad_selector(kind, labels, fields, &why);
    super::selector::parse(labels).map_err(fail)?;
    let terms = super::selector::parse_fields(fields).map_err(fail)?;
    let resource = kind.resource().split('.').next().unwrap_or("");
    super::selector::check_field_labels(resource, &terms).map_err(fail)?;
    Ok(terms)
}

pub fn not_found(kind: Kind, name: &str) -> Failure {
    Failure::printed(format!(
        "Error from server (NotFound): {} \"{name}\" not found",
        kind.resource()
    ))
}

/// `TYPE NAME...`, `TYPE/NAME...` or `TYPE1,TYPE2`: (kind, names) groups.
pub fn resolve_refs(args: &[String]) -> Result<Vec<(Kind, Vec<String>)>, String> {
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

/// [`resolve_refs`], its error as kubectl prints it when the words are wrong.
pub fn refs(args: &[String]) -> Result<Vec<(Kind, Vec<String>)>, Failure> {
    resolve_refs(args).map_err(Failure::from)
}

/// One Deployment named by `deployment/x` or `deployment x` (rollout, set, scale...).
pub fn single_deployment(args: &[String]) -> Result<String, String> {
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
pub fn selector_matches_str(sel: &str, labels: &Labels) -> Result<bool, String> {
    super::selector::parse(sel).map(|s| s.matches(labels))
}

/// The names of the objects of `kind` that `selector` picks (`-l`, or every
/// one for `--all`), in name order, as the API server lists them.
pub fn selected_names(sim: &Sim, kind: Kind, selector: &str) -> Vec<String> {
    let picks = |labels: &Labels| selector_matches_str(selector, labels).unwrap_or(false);
    match kind {
        Kind::Deployment => sim
            .deployments()
            .filter(|d| picks(&d.labels))
            .map(|d| d.name.clone())
            .collect(),
        Kind::ReplicaSet => sim
            .replica_sets()
            .filter(|r| picks(&r.labels))
            .map(|r| r.name.clone())
            .collect(),
        Kind::Pod => sim
            .pods()
            .filter(|p| picks(&p.labels))
            .map(|p| p.name.to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// The one Deployment the command's arguments name, as it is now.
pub fn the_deployment(sim: &Sim, p: &Parsed) -> Result<Deployment, Failure> {
    let name = single_deployment(&p.args)?;
    sim.deployment(&name)
        .cloned()
        .ok_or_else(|| not_found(Kind::Deployment, &name))
}

/// Writes a changed Deployment back; `Ok(changed)`.
pub fn update(sim: &mut Sim, d: &Deployment) -> Result<bool, Failure> {
    sim.update_deployment(
        &d.name,
        d.labels.clone(),
        d.annotations.clone(),
        d.spec.clone(),
    )
    .map_err(|e| sim_error(&e, &d.name))
}

/// A refused write to a Deployment, as the API server words it.
pub fn sim_error(e: &SimError, name: &str) -> Failure {
    sim_error_of(Kind::Deployment, e, name)
}

/// A refused write to an object of `kind`, as the API server words it.
pub fn sim_error_of(kind: Kind, e: &SimError, name: &str) -> Failure {
    match e {
        SimError::AlreadyExists(n) => Failure::printed(format!(
            "Error from server (AlreadyExists): {} {n:?} already exists",
            kind.resource()
        )),
        SimError::NotFound(n) => not_found(kind, n),
        SimError::TooMany(msg) | SimError::Invalid(msg) => {
            Failure::printed(format!("The {} {name:?} is invalid: {msg}", kind.title()))
        }
    }
}

/// What kubectl says when a command that takes resources got none.
pub const NO_RESOURCES: &str = "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/// The API server's warning on every request for v1 Endpoints (v1.33+).
pub const ENDPOINTS_DEPRECATED: &str =
    "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice";
