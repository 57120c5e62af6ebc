//! Pod documents (`kubectl run` builds one; learners write them): decoded with
//! the pod template's decoder and validated with its container rules, their
//! field paths those of a Pod (`spec.containers[0].image`), not of a template.

use super::decode::{decode_template, metadata_and_spec, strict_unknown_fields, Decoder};
use super::validate::validate_pod;
use super::value::{self, Value};
use super::*;

/// One Pod document, decoded and defaulted.
#[derive(Clone, Debug, PartialEq)]
pub struct PodManifest {
    pub name: String,
    /// Its labels, annotations and spec, as a template holds them.
    pub template: PodTemplate,
    pub source: Value,
    pub first_line: usize,
    pub unknown_fields: Vec<String>,
}

type D<T> = Result<T, ManifestError>;

/// Whether a document is a Pod (`v1`, `Pod`), by its type fields.
pub fn is_pod(v: &Value) -> bool {
    v.get("kind").and_then(Value::as_str) == Some("Pod")
        && v.get("apiVersion").and_then(Value::as_str) == Some("v1")
}

/// A template's path as the Pod's own: `spec.template.spec.x` is `spec.x`.
fn pod_path(s: &str) -> String {
    s.replace("spec.template.spec.", "spec.")
        .replace("spec.template.spec", "spec")
        .replace("spec.template.metadata.", "metadata.")
}

/// A template decoder's error, about the Pod's own fields and lines.
fn as_pod_error(e: ManifestError, text: &str, first_line: usize) -> ManifestError {
    let line = |path: &str| locate_field(text, first_line, path);
    match e {
        ManifestError::Type { path, message, .. } => {
            let path = pod_path(&path);
            ManifestError::Type {
                line: line(&path),
                message: pod_path(&message),
                path,
            }
        }
        ManifestError::Unsupported { path, message, .. } => {
            let path = pod_path(&path);
            ManifestError::Unsupported {
                line: line(&path),
                message,
                path,
            }
        }
        ManifestError::Invalid { name, causes } => ManifestError::Invalid {
            name,
            causes: causes
                .into_iter()
                .map(|mut c| {
                    c.field = pod_path(&c.field);
                    c.line = line(&c.field);
                    c
                })
                .collect(),
        },
        other => other,
    }
}

pub(super) fn decode_pod(
    text: &str,
    first_line: usize,
    v: &Value,
    tolerated: Option<&std::cell::RefCell<Vec<String>>>,
) -> D<PodManifest> {
    let strict_refusal = strict_unknown_fields("v1.Pod", text, first_line, v, tolerated);
    let dec = Decoder {
        text,
        first_line,
        lenient: false,
        skip_unknown: true,
        root: "Pod",
    };
    let ((name, labels, annotations), spec) = metadata_and_spec(&dec, v)?;
    // The template decoder reads `{metadata, spec}`; labels and annotations were
    // read (and checked) with the Pod's metadata.
    let wrapped = value::obj([("spec", spec.clone())]);
    let mut template =
        decode_template(&dec, &wrapped).map_err(|e| as_pod_error(e, text, first_line))?;
    (template.labels, template.annotations) = (labels, annotations);
    if let Some(e) = strict_refusal {
        return Err(e);
    }
    let causes = validate_pod(&name, &template, &|p| dec.line_of(p));
    if !causes.is_empty() {
        return Err(as_pod_error(
            ManifestError::Invalid {
                name: name.clone(),
                causes,
            },
            text,
            first_line,
        ));
    }
    Ok(PodManifest {
        name,
        template,
        source: v.clone(),
        first_line,
        unknown_fields: Vec::new(),
    })
}
