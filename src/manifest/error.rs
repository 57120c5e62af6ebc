//! Why a manifest was refused (`ManifestError`), with each error's line.

use super::FieldError;

/// Why a manifest was refused. `Display` gives kubectl's words (without the
/// `error when creating "<file>"` framing, which `kubectl` adds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManifestError {
    /// YAML that does not parse: `yaml: line N: <problem>`.
    Syntax {
        line: Option<usize>,
        problem: String,
    },
    /// `kind` or `apiVersion` missing.
    NotSet { what: &'static str, line: usize },
    /// A kind the playground does not simulate.
    UnsupportedKind {
        kind: String,
        api_version: String,
        line: usize,
    },
    /// Strict decoding: fields Kubernetes does not know. `path` is the first, as
    /// the decoder names fields (for its line); `all` names every one as the API
    /// server's strict decoding does, indices included (`containers[0].x`).
    UnknownField {
        path: String,
        all: Vec<String>,
        line: Option<usize>,
    },
    /// A value of the wrong type (or out of the int32 range).
    Type {
        path: String,
        message: String,
        line: Option<usize>,
    },
    /// The API server's validation.
    Invalid {
        name: String,
        causes: Vec<FieldError>,
    },
    /// Something the playground does not model (e.g. matchExpressions).
    Unsupported {
        path: String,
        message: String,
        line: Option<usize>,
    },
}

/// `unknown field "a", unknown field "b"`, as the API server joins them.
pub fn unknown_fields_text(paths: &[String]) -> String {
    paths
        .iter()
        .map(|p| format!("unknown field {p:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl ManifestError {
    /// The 1-based line in the file the error is about, when known.
    pub fn line(&self) -> Option<usize> {
        match self {
            ManifestError::Syntax { line, .. } => *line,
            ManifestError::NotSet { line, .. } | ManifestError::UnsupportedKind { line, .. } => {
                Some(*line)
            }
            ManifestError::UnknownField { line, .. }
            | ManifestError::Type { line, .. }
            | ManifestError::Unsupported { line, .. } => *line,
            ManifestError::Invalid { causes, .. } => causes.iter().find_map(|c| c.line),
        }
    }

    /// The field path the error is about, when there is one.
    pub fn field(&self) -> Option<String> {
        match self {
            ManifestError::UnknownField { path, .. }
            | ManifestError::Type { path, .. }
            | ManifestError::Unsupported { path, .. } => Some(path.clone()),
            ManifestError::Invalid { causes, .. } => causes.first().map(|c| c.field.clone()),
            _ => None,
        }
    }
}
