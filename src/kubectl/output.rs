//! What a command prints (stdout and stderr chunks in order, and an exit code) and
//! where `-f` files come from. It must not know the terminal or the browser.

use super::args::OutputFormat;

/// Where `-f` files come from: the disk for `kubesim`, the editor for the web app.
pub trait Files {
    /// The file's text, or `None` when it does not exist.
    fn read(&self, path: &str) -> Option<String>;
}

/// No files at all.
pub struct NoFiles;
impl Files for NoFiles {
    fn read(&self, _: &str) -> Option<String> {
        None
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// A command's output as a terminal shows it: stdout and stderr in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub chunks: Vec<(Stream, String)>,
    pub exit_code: i32,
    /// The command goes on printing as the cluster changes (`rollout status`).
    pub follow: Option<Follow>,
    /// The command wants an editor (`kubectl edit`): the page opens this object in
    /// its own; `kubesim`, which has none, says so ([`Edit::NO_EDITOR`]).
    pub edit: Option<Edit>,
    /// Where in its file the first failure with a place is (a manifest's error):
    /// the page marks that line in the editor.
    pub error_at: Option<ErrorAt>,
    /// Each failure printed: its chunk and its words as one of several.
    failures: Vec<(usize, Option<String>)>,
}

/// A failure's place in a file: the line, when known, and the field path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorAt {
    pub file: String,
    pub line: Option<usize>,
    pub field: Option<String>,
}

/// A command's error, in the words kubectl prints on stderr. A plain message is
/// kubectl's own (`error: MESSAGE`); [`Failure::printed`] keeps a line that is
/// already in its final words (the API server's `Error from server (NotFound):
/// ...`, `The Deployment "x" is invalid: ...`, or kubectl's own with its prefix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    text: String,
    at: Option<ErrorAt>,
    /// How kubectl words this error when it is one of several a command met
    /// (an aggregate prints each as `Error from server (Invalid): ...`), where
    /// that differs from `text`.
    aggregated: Option<String>,
}

impl Failure {
    pub fn printed(text: impl Into<String>) -> Failure {
        Failure {
            text: text.into(),
            at: None,
            aggregated: None,
        }
    }

    /// The same failure, with its words as one of several.
    pub fn or_aggregated(mut self, text: String) -> Failure {
        self.aggregated = Some(text);
        self
    }

    /// The same failure, placed in its file.
    pub fn at(mut self, at: ErrorAt) -> Failure {
        self.at = Some(at);
        self
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::printed(format!("error: {message}"))
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Failure {
        Failure::printed(format!("error: {message}"))
    }
}

/// `kubectl edit`'s object, as `-o yaml` prints it, under the file name the page
/// gives it (Apply runs `kubectl apply -f FILE`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub name: String,
    pub file: String,
    pub text: String,
}

impl Edit {
    /// What `kubesim` prints for an edit it cannot open.
    pub const NO_EDITOR: &'static str = "kubectl edit opens an interactive editor, which kubesim does not have: change the YAML file and run \"kubectl apply -f\" again (the web playground's editor does this)";

    /// The console's line when the page opens the object in its editor.
    pub fn opened_line(&self) -> String {
        format!(
            "Editing deployment.apps/{} in the YAML editor: change it, then press Apply (kubectl apply -f {}).\n",
            self.name, self.file
        )
    }
}

/// What `--for` waits for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WaitFor {
    /// A status condition (case-insensitive type) with this status.
    Condition {
        kind: String,
        status: String,
    },
    Delete,
    /// A simple `{.a.b.c}` path and the value it must print (None: it exists).
    JsonPath {
        path: Vec<String>,
        value: Option<String>,
    },
}

/// The kinds `wait` waits on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitKind {
    Deployment,
    ReplicaSet,
    Pod,
}

impl WaitKind {
    /// `deployment.apps`, as the name printer writes it.
    pub fn name_prefix(self) -> &'static str {
        match self {
            WaitKind::Deployment => "deployment.apps",
            WaitKind::ReplicaSet => "replicaset.apps",
            WaitKind::Pod => "pod",
        }
    }

    /// `deployments`, as kubectl's timeout error names the resource.
    pub fn resource(self) -> &'static str {
        match self {
            WaitKind::Deployment => "deployments",
            WaitKind::ReplicaSet => "replicasets",
            WaitKind::Pod => "pods",
        }
    }
}

/// One object `wait` waits on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitTarget {
    pub kind: WaitKind,
    pub name: String,
}

/// A command that waits and goes on printing (kubectl's watches); polled and run
/// to its end by [`super::follow`], which says how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Follow {
    /// kubectl's `rollout status` watch: prints the status at each change of the
    /// Deployment (`resourceVersion`), ends when it is done or fails.
    RolloutStatus {
        name: String,
        last_resource_version: u64,
        /// `--timeout`: when it gives up. None waits for ever, as kubectl does.
        timeout_at_ms: Option<crate::sim::TimeMs>,
    },
    /// `kubectl wait`: the first target until it meets the condition or its own
    /// `--timeout` passes, then the next.
    Wait {
        targets: Vec<WaitTarget>,
        wait_for: WaitFor,
        timeout_ms: u64,
        /// When the first target's wait ends.
        deadline_ms: crate::sim::TimeMs,
        /// The targets that timed out, for the errors kubectl prints at the end.
        timed_out: Vec<String>,
    },
}

impl Output {
    pub fn out(&mut self, s: impl Into<String>) {
        self.chunks.push((Stream::Stdout, s.into()));
    }
    pub fn err(&mut self, s: impl Into<String>) {
        self.chunks.push((Stream::Stderr, s.into()));
    }
    /// A failure's line on stderr and exit status 1.
    /// kubectl's aggregate: when the documents of one command failed more than
    /// once, each failure printed since `since` (a count of failures) takes its
    /// words as one of several.
    pub fn aggregate_failures(&mut self, since: usize) {
        if self.failures.len() <= since + 1 {
            return;
        }
        for (chunk, text) in &self.failures[since..] {
            if let Some(text) = text {
                self.chunks[*chunk].1 = format!("{}\n", text.trim_end_matches('\n'));
            }
        }
    }

    /// How many failures were printed so far.
    pub fn failure_count(&self) -> usize {
        self.failures.len()
    }

    pub fn fail(&mut self, failure: impl Into<Failure>) {
        let failure = failure.into();
        self.failures
            .push((self.chunks.len(), failure.aggregated.clone()));
        self.err(format!("{}\n", failure.text.trim_end_matches('\n')));
        self.exit_code = 1;
        if self.error_at.is_none() {
            self.error_at = failure.at;
        }
    }
    /// A write's answer as `-o` prints it: `name`, or the object. `typed`: in Go
    /// struct order, as kubectl prints the typed objects of `create deployment` and
    /// `set image`; otherwise keys sorted, as it prints what the server sent.
    pub fn answer(
        &mut self,
        format: &OutputFormat,
        v: &crate::manifest::value::Value,
        typed: bool,
    ) {
        let typed = typed.then_some("v1.Deployment");
        self.print_object(format, v, "deployment.apps", typed);
    }

    /// One object as kubectl's `-o name|json|yaml` printers print it: `typed`
    /// (a Go type such as `v1.ReplicaSet`) when kubectl holds the object in its
    /// Go struct, whose JSON keeps the struct's field order; else a map, whose
    /// keys kubectl sorts.
    pub fn print_object(
        &mut self,
        format: &OutputFormat,
        v: &crate::manifest::value::Value,
        name_prefix: &str,
        typed: Option<&str>,
    ) {
        use crate::manifest::{render, typed::encode, value};
        match (format, typed) {
            (OutputFormat::Name, _) => {
                let name = v
                    .pointer("/metadata/name")
                    .and_then(|n| n.as_str())
                    .unwrap_or("");
                self.out(format!("{name_prefix}/{name}\n"));
            }
            (OutputFormat::Json, Some(ty)) => self.out(format!(
                "{}\n",
                value::to_string_pretty(&encode(ty, Some(v)))
            )),
            (OutputFormat::Json, None) => self.out(format!("{}\n", render::to_json(v))),
            _ => self.yaml(v),
        }
    }

    /// An object as kubectl's `-o yaml` prints it, or the error it stops with.
    pub fn yaml(&mut self, v: &crate::manifest::value::Value) {
        match crate::manifest::render::kubectl_yaml(v) {
            Ok(text) => self.out(text),
            Err(e) => self.fail(e),
        }
    }
    pub fn text(&self) -> String {
        self.chunks.iter().map(|(_, s)| s.as_str()).collect()
    }
    pub fn stdout(&self) -> String {
        self.chunks
            .iter()
            .filter(|(s, _)| *s == Stream::Stdout)
            .map(|(_, s)| s.as_str())
            .collect()
    }
    pub fn stderr(&self) -> String {
        self.chunks
            .iter()
            .filter(|(s, _)| *s == Stream::Stderr)
            .map(|(_, s)| s.as_str())
            .collect()
    }
}

/// What `--record` prints on stderr (kubectl v1.33 deprecates the flag).
pub const RECORD_WARNING: &str =
    "Flag --record has been deprecated, --record will be removed in the future\n";

/// Why a write cannot print `-o format` (apply, create, scale, set image), in kubectl's words (or the
/// playground's, for kubectl's template printers, which it does not have).
pub fn printer_error(format: &OutputFormat) -> Option<String> {
    let format = match format {
        OutputFormat::Other(text) => text.as_str(),
        OutputFormat::Wide => "wide",
        _ => return None,
    };
    let family = format.split_once('=').map_or(format, |(f, _)| f);
    if [
        "go-template",
        "go-template-file",
        "jsonpath",
        "jsonpath-as-json",
        "jsonpath-file",
        "template",
        "templatefile",
    ]
    .contains(&family)
    {
        return Some(format!(
            "output format {family:?} is not available in the playground: use json, yaml or name"
        ));
    }
    Some(format!("unable to match a printer suitable for the output format {format:?}, allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml"))
}
