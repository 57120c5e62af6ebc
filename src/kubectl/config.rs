//! What kubectl answers from its kubeconfig and discovery, not the cluster's
//! objects: `config current-context|get-contexts|view` (minikube's kubeconfig) and
//! `api-versions` (the groups `kubesim serve` serves).

use super::args::{Flag, OutputFormat, Parsed};
use super::output::{Failure, Files, Output};
use super::printers::tabwrite;
use crate::sim::Sim;

/// The kubeconfig `minikube start` writes (the tutorial's user is `user`), as
/// `kubectl config view` prints it.
const MINIKUBE_KUBECONFIG: &str = "apiVersion: v1
clusters:
- cluster:
    certificate-authority: /home/user/.minikube/ca.crt
    extensions:
    - extension:
        last-update: Sat, 14 Mar 2026 09:00:00 UTC
        provider: minikube.sigs.k8s.io
        version: v1.35.0
      name: cluster_info
    server: https://192.168.49.2:8443
  name: minikube
contexts:
- context:
    cluster: minikube
    extensions:
    - extension:
        last-update: Sat, 14 Mar 2026 09:00:00 UTC
        provider: minikube.sigs.k8s.io
        version: v1.35.0
      name: context_info
    namespace: default
    user: minikube
  name: minikube
current-context: minikube
kind: Config
preferences: {}
users:
- name: minikube
  user:
    client-certificate: /home/user/.minikube/profiles/minikube/client.crt
    client-key: /home/user/.minikube/profiles/minikube/client.key
";

pub const CONTEXT: &str = "minikube";

/// `kubectl config current-context`.
pub fn current_context(
    _: &mut Sim,
    _: &dyn Files,
    _: &Parsed,
    out: &mut Output,
) -> Result<(), Failure> {
    out.out(format!("{CONTEXT}\n"));
    Ok(())
}

/// `kubectl config view`.
pub fn view(_: &mut Sim, _: &dyn Files, _: &Parsed, out: &mut Output) -> Result<(), Failure> {
    out.out(MINIKUBE_KUBECONFIG);
    Ok(())
}

/// `kubectl config get-contexts [NAME]`: the table, then an error for each name
/// the kubeconfig lacks.
pub fn get_contexts(
    _: &mut Sim,
    _: &dyn Files,
    p: &Parsed,
    out: &mut Output,
) -> Result<(), Failure> {
    let missing: Vec<&String> = p.args.iter().filter(|n| *n != CONTEXT).collect();
    let mut text = String::from("CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n");
    if p.args.is_empty() || p.args.iter().any(|n| n == CONTEXT) {
        text.push_str("*\tminikube\tminikube\tminikube\tdefault\n");
    }
    out.out(tabwrite(&text, 0, 3));
    if let Some(name) = missing.first() {
        return Err(Failure::from(format!("context {name} not found")));
    }
    Ok(())
}

/// `kubectl api-versions`: the groups the cluster serves.
pub fn api_versions(
    _: &mut Sim,
    _: &dyn Files,
    _: &Parsed,
    out: &mut Output,
) -> Result<(), Failure> {
    out.out("apps/v1\ncoordination.k8s.io/v1\ndiscovery.k8s.io/v1\nv1\n");
    Ok(())
}

/// The resources `kubesim serve`'s discovery lists: (name, short name, group
/// version, namespaced, kind, verbs, categories), in kubectl's order (core group
/// first, then by name).
type Resource = (
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static str,
    &'static str,
    &'static str,
);
const READ: &str = "get,list,watch";
const WRITE: &str = "create,delete,deletecollection,get,list,patch,update,watch";
const RESOURCES: [Resource; 10] = [
    ("endpoints", "ep", "v1", true, "Endpoints", READ, ""),
    ("events", "ev", "v1", true, "Event", READ, ""),
    (
        "namespaces",
        "ns",
        "v1",
        false,
        "Namespace",
        "create,delete,get,list,patch,update,watch",
        "",
    ),
    ("nodes", "no", "v1", false, "Node", READ, ""),
    ("pods", "po", "v1", true, "Pod", WRITE, "all"),
    ("services", "svc", "v1", true, "Service", WRITE, "all"),
    (
        "deployments",
        "deploy",
        "apps/v1",
        true,
        "Deployment",
        WRITE,
        "all",
    ),
    (
        "replicasets",
        "rs",
        "apps/v1",
        true,
        "ReplicaSet",
        READ,
        "all",
    ),
    (
        "leases",
        "",
        "coordination.k8s.io/v1",
        true,
        "Lease",
        READ,
        "",
    ),
    (
        "endpointslices",
        "",
        "discovery.k8s.io/v1",
        true,
        "EndpointSlice",
        READ,
        "",
    ),
];

/// `kubectl api-resources [--namespaced=BOOL] [-o name|wide] [--no-headers]`.
pub fn api_resources(
    _: &mut Sim,
    _: &dyn Files,
    p: &Parsed,
    out: &mut Output,
) -> Result<(), Failure> {
    let namespaced = p.value(Flag::Namespaced).map(|_| p.bool(Flag::Namespaced));
    let rows = RESOURCES
        .iter()
        .filter(|r| namespaced.is_none_or(|n| r.3 == n));
    let wide = match &p.output {
        OutputFormat::Name => {
            for (name, _, gv, ..) in rows {
                let group = gv.split_once('/').map(|(g, _)| format!(".{g}"));
                out.out(format!("{name}{}\n", group.unwrap_or_default()));
            }
            return Ok(());
        }
        OutputFormat::Default => false,
        OutputFormat::Wide => true,
        OutputFormat::Yaml => return Err(Failure::from("--output yaml is not available")),
        OutputFormat::Json => return Err(Failure::from("--output json is not available")),
        OutputFormat::Other(o) => {
            return Err(Failure::from(format!("--output {o} is not available")))
        }
    };
    let mut text = String::new();
    if !p.bool(Flag::NoHeaders) {
        text.push_str("NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND");
        text.push_str(if wide { "\tVERBS\tCATEGORIES\n" } else { "\n" });
    }
    for (name, short, gv, ns, kind, verbs, categories) in rows {
        text.push_str(&format!("{name}\t{short}\t{gv}\t{ns}\t{kind}"));
        if wide {
            text.push_str(&format!("\t{verbs}\t{categories}"));
        }
        text.push('\n');
    }
    out.out(tabwrite(&text, 0, 3));
    Ok(())
}
