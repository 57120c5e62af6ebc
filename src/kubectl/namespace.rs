//! `kubectl create namespace NAME` and `kubectl delete namespace NAME`. A
//! namespace the learner makes holds nothing: the playground runs the learner's
//! objects in `default`.

use super::args::{OutputFormat, Parsed};
use super::output::{Failure, Output};
use super::resources::*;
use crate::manifest::{self, render};
use crate::sim::*;

/// The API server's refusal of a namespace name: not a DNS-1123 label.
pub fn invalid_name(name: &str) -> Option<manifest::FieldError> {
    if manifest::is_dns1123_label(name) {
        return None;
    }
    let why = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    Some(manifest::FieldError {
        field: "metadata.name".into(),
        kind: manifest::ErrorType::Invalid,
        detail: format!("{name:?}: {why}"),
        line: None,
    })
}

/// Why minikube's own namespaces are not deleted, as the API server says it.
pub fn immortal(name: &str) -> Option<String> {
    minikube::NAMESPACES
        .contains(&name)
        .then(|| format!("namespaces {name:?} is forbidden: this namespace may not be deleted"))
}

pub fn create(sim: &mut Sim, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    let Some(name) = p.args.get(1) else {
        return Err(Failure::from("exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples"));
    };
    if let Some(cause) = invalid_name(name) {
        let text = super::documents::invalid_text_of("Namespace", name, &[cause]);
        return Err(Failure::printed(text));
    }
    sim.create_namespace(name)
        .map_err(|e| sim_error_of(Kind::Namespace, &e, name))?;
    match &p.output {
        OutputFormat::Default => out.out(format!("namespace/{name} created\n")),
        format => {
            let ns = sim.namespace(name).cloned().unwrap_or(Namespace {
                name: name.clone(),
                uid: String::new(),
                creation_ms: sim.now_ms(),
            });
            out.print_object(format, &render::namespace_json(&ns), "namespace", None);
        }
    }
    Ok(())
}

/// `kubectl delete namespace NAME`.
pub fn delete(sim: &mut Sim, client: bool, name: &str) -> Result<String, Failure> {
    if let Some(why) = immortal(name) {
        return Err(Failure::printed(format!(
            "Error from server (Forbidden): {why}"
        )));
    }
    let deleted = if client {
        Ok(())
    } else {
        sim.delete_namespace(name)
    };
    deleted
        .map(|()| format!("namespace {name:?} deleted\n"))
        .map_err(|_| not_found(Kind::Namespace, name))
}
