//! What kubectl answers from its kubeconfig and discovery, not the cluster's
//! objects: `config current-context|get-contexts|view` (minikube's kubeconfig) and
//! `api-versions` (the groups `kubesim serve` serves).

use super::args::Parsed;
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
    out.out("apps/v1\nv1\n");
    Ok(())
}
