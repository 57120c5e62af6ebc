//! YAML manifests to Deployment specs, the way the API server takes them: strict
//! decoding (unknown fields and wrong types are errors), defaults, then validation
//! with field paths, all worded as kubectl prints them. Also the reverse: objects to
//! JSON/YAML for `-o json|yaml`, and simulated timestamps as text.
//!
//! It must not run the cluster or parse command lines; it only turns text into
//! `sim` objects and objects into text.

mod decode;
mod emit;
mod error;
pub mod node;
pub mod patch;
pub mod pod;
pub mod quantity;
pub mod render;
pub mod service;
pub mod time;
pub mod typed;
mod validate;
pub use crate::value;
pub mod yaml;

use crate::sim::registry::default_pull_policy;
use crate::sim::*;
use value::Value;

use decode::decode_document;
pub use decode::locate_field;
pub use error::{unknown_fields_text, ManifestError};
pub use pod::PodManifest;
pub use service::ServiceManifest;
pub use validate::{
    is_dns1123_label, is_label_value, validate_metadata_labels, validate_update, ErrorType,
    FieldError, LABEL_VALUE_MSG,
};

/// One Deployment document, decoded and defaulted.
#[derive(Clone, Debug, PartialEq)]
pub struct DeploymentManifest {
    pub name: String,
    pub labels: Labels,
    pub annotations: Labels,
    /// `spec.replicas` as written (None when omitted; the spec holds the default 1).
    pub replicas_given: Option<i32>,
    pub spec: DeploymentSpec,
    /// The document as JSON, for the last-applied-configuration annotation.
    pub source: Value,
    /// 1-based line of the document's first line in the file.
    pub first_line: usize,
    /// `spec.strategy` as written, for validation (the spec holds a usable default).
    pub strategy_written: StrategyWritten,
    /// Fields the struct lacks, passed over when decoding with [`parse_tolerant`]
    /// (the API server's `fieldValidation=Warn|Ignore`); paths as the server names them.
    pub unknown_fields: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StrategyWritten {
    pub type_name: Option<String>,
    pub rolling_update_given: bool,
}

/// Parses every document of a file. A syntax error fails the whole file (as
/// kubectl does before sending anything); each document otherwise succeeds or fails
/// on its own.
pub fn parse(text: &str) -> Result<Vec<Result<DeploymentManifest, ManifestError>>, ManifestError> {
    Ok(documents(text)?
        .into_iter()
        .map(|(first_line, v)| decode_document(text, first_line, &v, false, None))
        .collect())
}

/// [`parse`] as the API server decodes with `fieldValidation=Warn` or `Ignore`:
/// unknown fields are dropped and listed in `unknown_fields`, not refused.
pub fn parse_tolerant(
    text: &str,
) -> Result<Vec<Result<DeploymentManifest, ManifestError>>, ManifestError> {
    Ok(documents(text)?
        .into_iter()
        .map(|(first_line, v)| {
            let unknown = std::cell::RefCell::new(Vec::new());
            let mut m = decode_document(text, first_line, &v, false, Some(&unknown))?;
            m.unknown_fields = unknown.into_inner();
            Ok(m)
        })
        .collect())
}

/// One document of a file, by kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Document {
    Deployment(DeploymentManifest),
    Service(ServiceManifest),
    Pod(PodManifest),
}

/// A document's error, with the kind it was read as (`Deployment`, `Service`),
/// which the server's messages name.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentError {
    pub kind: &'static str,
    pub error: ManifestError,
}

/// [`parse`] for every kind the playground runs: each document a Deployment or a
/// Service (by its `kind` and `apiVersion`), or its error. `tolerant` decodes as
/// [`parse_tolerant`] does.
pub fn parse_objects(
    text: &str,
    tolerant: bool,
) -> Result<Vec<Result<Document, DocumentError>>, ManifestError> {
    Ok(documents(text)?
        .into_iter()
        .map(|(first_line, v)| {
            let unknown = std::cell::RefCell::new(Vec::new());
            let tolerated = tolerant.then_some(&unknown);
            if pod::is_pod(&v) {
                let err = |error| DocumentError { kind: "Pod", error };
                let mut m = pod::decode_pod(text, first_line, &v, tolerated).map_err(err)?;
                m.unknown_fields = unknown.into_inner();
                return Ok(Document::Pod(m));
            }
            if service::is_service(&v) {
                let err = |error| DocumentError {
                    kind: "Service",
                    error,
                };
                let mut m =
                    service::decode_service(text, first_line, &v, tolerated).map_err(err)?;
                m.unknown_fields = unknown.into_inner();
                return Ok(Document::Service(m));
            }
            let err = |error| DocumentError {
                kind: "Deployment",
                error,
            };
            let mut m = decode_document(text, first_line, &v, false, tolerated).map_err(err)?;
            m.unknown_fields = unknown.into_inner();
            Ok(Document::Deployment(m))
        })
        .collect())
}

/// Every document of a file as kubectl decodes it with `--local`: each document's
/// JSON, or the error its decoding into a Go struct gives. Unlike [`parse`] nothing
/// is refused that only the API server refuses (unknown fields, invalid specs)
/// or only the playground cannot run (another namespace, `matchExpressions`).
pub fn parse_local(text: &str) -> Result<Vec<Result<Value, ManifestError>>, ManifestError> {
    Ok(documents(text)?
        .into_iter()
        .map(
            |(first_line, v)| match decode_document(text, first_line, &v, true, None) {
                Ok(_) | Err(ManifestError::Unsupported { .. } | ManifestError::Invalid { .. }) => {
                    Ok(v)
                }
                // The scheme's own words, with the document as the YAML-to-JSON step
                // wrote it (keys sorted).
                Err(ManifestError::NotSet { what, line }) => {
                    let mut json = v.clone();
                    value::sort_keys(&mut json);
                    let what = if what == "kind" { "Kind" } else { what };
                    Err(ManifestError::Type {
                        path: String::new(),
                        message: format!(
                            "Object '{what}' is missing in '{}'",
                            value::to_string(&json)
                        ),
                        line: Some(line),
                    })
                }
                Err(e) => Err(e),
            },
        )
        .collect())
}

/// The YAML documents of a file that are not empty, with their first lines.
fn documents(text: &str) -> Result<Vec<(usize, Value)>, ManifestError> {
    if text.len() > 1_000_000 {
        return Err(ManifestError::Syntax {
            line: None,
            problem: "file larger than 1 MB".into(),
        });
    }
    let docs = yaml::parse_documents(text).map_err(|e| ManifestError::Syntax {
        line: e.line,
        problem: e.problem,
    })?;
    Ok(docs.into_iter().filter(|(_, v)| !v.is_null()).collect())
}
