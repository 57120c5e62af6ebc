//! What the documents of a file become in kubectl's hands: the words of a
//! refused document (as kubectl prints the server's errors about it), the
//! last-applied-configuration annotation `apply` writes, and its three-way merge
//! of labels and annotations. Shared by the Deployment and Service verbs.

use super::output::{ErrorAt, Failure};
use crate::manifest::value::{self, Value};
use crate::manifest::{self, ManifestError};
use crate::sim::*;

/// A manifest error as kubectl prints it for `file`.
pub fn manifest_failure(e: &ManifestError, file: &str, verb: &str) -> Failure {
    manifest_failure_of("Deployment", e, file, verb)
}

/// [`manifest_failure`] for a document of `kind`.
pub fn manifest_failure_of(kind: &str, e: &ManifestError, file: &str, verb: &str) -> Failure {
    let at = ErrorAt {
        file: file.to_string(),
        line: e.line(),
        field: e.field(),
    };
    let failure = Failure::printed(manifest_error_text_of(kind, e, file, verb)).at(at);
    match e {
        ManifestError::Invalid { name, causes } => {
            let object = match kind {
                "Deployment" => format!("Deployment.apps {name:?}"),
                _ => format!("{kind} {name:?}"),
            };
            let list: Vec<String> = causes.iter().map(|c| c.to_string()).collect();
            let list = match list.len() {
                1 => list[0].clone(),
                _ => format!("[{}]", list.join(", ")),
            };
            failure.or_aggregated(format!(
                "Error from server (Invalid): error when {verb} {file:?}: {object} is invalid: {list}"
            ))
        }
        _ => failure,
    }
}

/// The line of [`manifest_failure`].
pub fn manifest_error_text(e: &ManifestError, file: &str, verb: &str) -> String {
    manifest_error_text_of("Deployment", e, file, verb)
}

/// The line of [`manifest_failure_of`].
pub fn manifest_error_text_of(kind: &str, e: &ManifestError, file: &str, verb: &str) -> String {
    match e {
        ManifestError::Syntax { line, problem } => match line {
            Some(l) => format!("error: error parsing {file}: error converting YAML to JSON: yaml: line {l}: {problem}"),
            // The YAML-to-JSON step's own errors (`json: unsupported value: +Inf`).
            None if problem.starts_with("json: ") || problem.starts_with("unsupported map key") => format!("error: error parsing {file}: error converting YAML to JSON: {problem}"),
            None => format!("error: error parsing {file}: error converting YAML to JSON: yaml: {problem}"),
        },
        ManifestError::NotSet { what, .. } => format!(
            "error: error validating {file:?}: error validating data: {what} not set; if you choose to ignore these errors, turn validation off with --validate=false"
        ),
        ManifestError::UnsupportedKind { kind, api_version, .. } => format!(
            "error: unable to recognize {file:?}: the playground simulates apps/v1 Deployments only (got kind {kind:?}, apiVersion {api_version:?})"
        ),
        ManifestError::UnknownField { all, .. } => format!(
            "Error from server (BadRequest): error when {verb} {file:?}: {kind} in version \"v1\" cannot be handled as a {kind}: strict decoding error: {}",
            manifest::unknown_fields_text(all)
        ),
        ManifestError::Type { message, .. } => format!(
            "Error from server (BadRequest): error when {verb} {file:?}: {kind} in version \"v1\" cannot be handled as a {kind}: {message}"
        ),
        ManifestError::Invalid { name, causes } => invalid_text_of(kind, name, causes),
        ManifestError::Unsupported { path, message, .. } => format!("error: error when {verb} {file:?}: {path}: {message}"),
    }
}

pub fn invalid_text(name: &str, causes: &[manifest::FieldError]) -> String {
    invalid_text_of("Deployment", name, causes)
}

/// `The KIND "x" is invalid: ...`, one cause on the line, several listed below.
pub fn invalid_text_of(kind: &str, name: &str, causes: &[manifest::FieldError]) -> String {
    if causes.len() == 1 {
        format!("The {kind} {name:?} is invalid: {}", causes[0])
    } else {
        let mut s = format!("The {kind} {name:?} is invalid: \n");
        for c in causes {
            s.push_str(&format!("* {c}\n"));
        }
        s.trim_end().to_string()
    }
}

/// The last-applied-configuration annotation kubectl writes for a document.
pub fn last_applied_of(source: &Value) -> String {
    let mut v = source.clone();
    if let Some(o) = v.as_object_mut() {
        o.shift_remove("status");
        if let Some(meta) = o.get_mut("metadata").and_then(|m| m.as_object_mut()) {
            // kubectl sets the namespace from its context and writes the annotation
            // into the object before it serialises it without that annotation, so
            // a file with no annotations leaves an empty map behind.
            if !meta.contains_key("namespace") {
                meta.insert("namespace".into(), "default".into());
            }
            match meta.get_mut("annotations").and_then(|a| a.as_object_mut()) {
                Some(a) => {
                    a.shift_remove(ANN_LAST_APPLIED);
                }
                None => {
                    meta.insert("annotations".into(), Value::Object(value::Map::new()));
                }
            }
        }
    }
    value::sort_keys(&mut v);
    format!("{}\n", value::to_string(&v))
}

/// Three-way merge of a string map, as `kubectl apply` does for labels/annotations.
pub fn three_way(live: &Labels, last: Option<&Value>, new: &Labels) -> Labels {
    let mut out = live.clone();
    if let Some(Value::Object(o)) = last {
        for k in o.keys() {
            if !new.contains_key(k) {
                out.remove(k);
            }
        }
    }
    for (k, v) in new {
        out.insert(k.clone(), v.clone());
    }
    out
}

/// An object kubectl built (`run`, `expose`, `create service`), decoded and
/// validated as the API server does a file's document; its refusal in kubectl's
/// words.
pub fn decode_built(object: &Value) -> Result<manifest::Document, Failure> {
    let text = value::to_string(object);
    let decoded = manifest::parse_objects(&text, false)
        .map_err(|e| Failure::printed(manifest_error_text(&e, "", "creating")))?;
    match decoded.into_iter().next() {
        Some(Ok(document)) => Ok(document),
        Some(Err(e)) => Err(Failure::printed(manifest_error_text_of(
            e.kind, &e.error, "", "creating",
        ))),
        None => Err(Failure::from("no object built")),
    }
}

/// `apply`'s labels and annotations for a live object: each map merged three
/// ways with the last applied configuration, and `last` (the new one) recorded.
pub fn applied_metadata(
    (live_labels, live_annotations): (&Labels, &Labels),
    (labels, annotations): (&Labels, &Labels),
    last: String,
) -> (Labels, Labels) {
    let previous = live_annotations
        .get(ANN_LAST_APPLIED)
        .and_then(|s| value::from_str(s));
    let at = |ptr: &str| previous.as_ref().and_then(|l| l.pointer(ptr));
    let labels = three_way(live_labels, at("/metadata/labels"), labels);
    let mut new_annotations = three_way(live_annotations, at("/metadata/annotations"), annotations);
    new_annotations.insert(ANN_LAST_APPLIED.to_string(), last);
    (labels, new_annotations)
}
