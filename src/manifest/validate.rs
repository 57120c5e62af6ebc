//! The API server's Deployment validation (k8s-deployment-semantics.md §19), in its
//! order and words, one function per upstream function (pkg/apis/apps/validation:
//! `ValidateDeployment`, `ValidateDeploymentSpec`, `ValidateDeploymentStrategy`,
//! `ValidateRollingUpdateDeployment`; pkg/apis/core/validation:
//! `ValidateObjectMeta`, `ValidatePodTemplateSpecForReplicaSet`,
//! `validateContainers`). Values render as Kubernetes v1.33 does (Go `%#v`, before
//! 1.34's JSON rendering).

use super::DeploymentManifest;
use crate::sim::{Container, DeploymentSpec, IntOrPercent, Labels, Strategy, MAX_REPLICAS};

/// Upstream's `field.ErrorType`: what is wrong with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorType {
    Required,
    Invalid,
    Duplicate,
    NotSupported,
    Forbidden,
}

impl ErrorType {
    /// The words that open the error's body (`ErrorType.String()`).
    pub fn text(self) -> &'static str {
        match self {
            ErrorType::Required => "Required value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
        }
    }

    /// The `reason` of a Status cause (`metav1.CauseType`).
    pub fn reason(self) -> &'static str {
        match self {
            ErrorType::Required => "FieldValueRequired",
            ErrorType::Invalid => "FieldValueInvalid",
            ErrorType::Duplicate => "FieldValueDuplicate",
            ErrorType::NotSupported => "FieldValueNotSupported",
            ErrorType::Forbidden => "FieldValueForbidden",
        }
    }
}

/// Upstream's `field.Error`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub kind: ErrorType,
    /// What follows the type's words: for a value, the value as Go prints it and
    /// the reason (`-1: must be greater than or equal to 0`); else the detail, if any.
    pub detail: String,
    /// 1-based line in the file, when it could be located.
    pub line: Option<usize>,
}

impl FieldError {
    /// A `Required value` error with its detail.
    pub fn required(field: &str, detail: &str, line: Option<usize>) -> FieldError {
        let (field, detail) = (field.to_string(), detail.to_string());
        FieldError {
            field,
            kind: ErrorType::Required,
            detail,
            line,
        }
    }

    /// The error's body (`ErrorBody`): `Invalid value: -1: must be ...`.
    pub fn body(&self) -> String {
        match self.detail.as_str() {
            "" => self.kind.text().to_string(),
            d => format!("{}: {d}", self.kind.text()),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

/// The errors of one validation, in the order found, each placed at its line.
struct Errors<'a> {
    list: Vec<FieldError>,
    line_of: &'a dyn Fn(&str) -> Option<usize>,
}

impl Errors<'_> {
    fn push(&mut self, field: &str, kind: ErrorType, detail: String) {
        let line = (self.line_of)(field);
        self.list.push(FieldError {
            field: field.to_string(),
            kind,
            detail,
            line,
        });
    }
    fn required(&mut self, field: &str) {
        self.push(field, ErrorType::Required, String::new());
    }
    fn invalid(&mut self, field: &str, detail: String) {
        self.push(field, ErrorType::Invalid, detail);
    }
    fn at_least(&mut self, field: &str, value: i64, min: i64) {
        if value < min {
            self.invalid(
                field,
                format!("{value}: must be greater than or equal to {min}"),
            );
        }
    }
}

const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
pub const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const PERCENT_MSG: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

pub fn is_dns1123_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

pub fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253 && dns1123_subdomain_form(s)
}

/// The subdomain regex alone: dot-separated labels of lowercase alphanumerics and
/// `-`, each starting and ending with an alphanumeric. Kubernetes limits the whole
/// name to 253 characters, not each label to 63.
fn dns1123_subdomain_form(s: &str) -> bool {
    s.split('.').all(|l| {
        !l.is_empty()
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    })
}

pub fn is_label_value(s: &str) -> bool {
    s.is_empty()
        || (s.len() <= 63
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
            && s.as_bytes()[0].is_ascii_alphanumeric()
            && s.as_bytes()[s.len() - 1].is_ascii_alphanumeric())
}

fn is_label_key(k: &str) -> bool {
    let (prefix, name) = match k.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, k),
    };
    prefix.is_none_or(|p| !p.is_empty() && is_dns1123_subdomain(p))
        && !name.is_empty()
        && is_label_value(name)
}

/// Go's `%#v` of a `map[string]string`.
pub fn go_map(m: &Labels) -> String {
    let inner: Vec<String> = m.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
    format!("map[string]string{{{}}}", inner.join(", "))
}

pub fn go_selector(m: &Labels) -> String {
    let ml = if m.is_empty() {
        "map[string]string(nil)".to_string()
    } else {
        go_map(m)
    };
    format!(
        "v1.LabelSelector{{MatchLabels:{ml}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}"
    )
}

fn go_intstr(v: &IntOrPercent) -> String {
    match v {
        IntOrPercent::Int(i) => format!("intstr.IntOrString{{Type:0, IntVal:{i}, StrVal:\"\"}}"),
        IntOrPercent::Percent(s) => format!("intstr.IntOrString{{Type:1, IntVal:0, StrVal:{s:?}}}"),
    }
}

/// `ValidateDeployment`: the object's metadata, then its spec; each error once.
pub fn validate(
    m: &DeploymentManifest,
    line_of: &dyn Fn(&str) -> Option<usize>,
) -> Vec<FieldError> {
    let mut errs = Errors {
        list: Vec::new(),
        line_of,
    };
    validate_object_meta(m, &mut errs);
    validate_deployment_spec(m, &mut errs);
    let mut seen = crate::order::NameSet::new();
    errs.list.retain(|e| seen.add(&e.to_string()));
    errs.list
}

/// `ValidateObjectMeta` (the name as a DNS-1123 subdomain), with the label checks
/// of the template and the selector, which our decoder reaches here first.
fn validate_object_meta(m: &DeploymentManifest, errs: &mut Errors) {
    if m.name.is_empty() {
        errs.push(
            "metadata.name",
            ErrorType::Required,
            "name or generateName is required".into(),
        );
    } else {
        // IsDNS1123Subdomain: the length and the form are two separate errors.
        if m.name.len() > 253 {
            errs.invalid(
                "metadata.name",
                format!("{:?}: must be no more than 253 characters", m.name),
            );
        }
        if !dns1123_subdomain_form(&m.name) {
            errs.invalid(
                "metadata.name",
                format!("{:?}: {DNS1123_SUBDOMAIN_MSG}", m.name),
            );
        }
    }
    for (field, labels) in [
        ("metadata.labels", &m.labels),
        ("spec.template.metadata.labels", &m.spec.template.labels),
        ("spec.selector.matchLabels", &m.spec.selector),
    ] {
        validate_labels(field, labels, errs);
    }
}

/// `ValidateLabels` over an object's own labels (`metadata.labels`), as the API
/// server runs it on every write (`kubectl label`).
pub fn validate_metadata_labels(labels: &Labels) -> Vec<FieldError> {
    let mut errs = Errors {
        list: Vec::new(),
        line_of: &|_| None,
    };
    validate_labels("metadata.labels", labels, &mut errs);
    errs.list
}

/// `ValidateLabels`: each key a qualified name, each value a label value.
fn validate_labels(field: &str, labels: &Labels, errs: &mut Errors) {
    for (k, v) in labels {
        if !is_label_key(k) {
            let why = LABEL_VALUE_MSG.replace("a valid label", "must");
            errs.invalid(field, format!("{k:?}: name part {why}"));
        }
        if !is_label_value(v) {
            errs.invalid(field, format!("{v:?}: {LABEL_VALUE_MSG}"));
        }
    }
}

/// `ValidateDeploymentSpec`, in upstream's order.
fn validate_deployment_spec(m: &DeploymentManifest, errs: &mut Errors) {
    let spec = &m.spec;
    errs.at_least("spec.replicas", spec.replicas.into(), 0);
    if spec.replicas > MAX_REPLICAS {
        errs.invalid(
            "spec.replicas",
            format!(
                "{}: must be less than or equal to {MAX_REPLICAS} (the playground's limit)",
                spec.replicas
            ),
        );
    }
    let selector_given = m.source.pointer("/spec/selector").is_some();
    if !selector_given {
        errs.required("spec.selector");
    } else if spec.selector.is_empty() {
        errs.invalid(
            "spec.selector",
            format!(
                "{}: empty selector is invalid for deployment",
                go_selector(&spec.selector)
            ),
        );
    }
    validate_pod_template_spec(spec, selector_given, errs);
    validate_deployment_strategy(m, errs);
    errs.at_least("spec.minReadySeconds", spec.min_ready_seconds.into(), 0);
    errs.at_least(
        "spec.revisionHistoryLimit",
        spec.revision_history_limit.into(),
        0,
    );
    if let Some(pds) = spec.progress_deadline_seconds {
        if pds < 0 {
            errs.at_least("spec.progressDeadlineSeconds", pds.into(), 0);
        } else if pds <= spec.min_ready_seconds {
            errs.invalid(
                "spec.progressDeadlineSeconds",
                format!("{pds}: must be greater than minReadySeconds"),
            );
        }
    }
}

/// `ValidatePodTemplateSpecForReplicaSet`: the selector matches the labels, then
/// the pod spec as a Deployment's may be.
fn validate_pod_template_spec(spec: &DeploymentSpec, selector_given: bool, errs: &mut Errors) {
    let t = &spec.template;
    if selector_given
        && !spec.selector.is_empty()
        && !crate::sim::selector_matches(&spec.selector, &t.labels)
    {
        errs.invalid(
            "spec.template.metadata.labels",
            format!(
                "{}: `selector` does not match template `labels`",
                go_map(&t.labels)
            ),
        );
    }
    validate_containers(&t.spec.containers, errs);
    if t.spec.restart_policy != "Always" {
        errs.push(
            "spec.template.spec.restartPolicy",
            ErrorType::NotSupported,
            format!("{:?}: supported values: \"Always\"", t.spec.restart_policy),
        );
    }
    errs.at_least(
        "spec.template.spec.terminationGracePeriodSeconds",
        t.spec.termination_grace_period_seconds,
        0,
    );
    if t.spec.extra.contains_key("activeDeadlineSeconds") {
        errs.push(
            "spec.template.spec.activeDeadlineSeconds",
            ErrorType::Forbidden,
            "activeDeadlineSeconds in ReplicaSet is not Supported".into(),
        );
    }
    if t.spec.extra.contains_key("ephemeralContainers") {
        errs.push(
            "spec.template.spec.ephemeralContainers",
            ErrorType::Forbidden,
            "ephemeral containers not allowed in pod template".into(),
        );
    }
}

/// `ValidatePodCreate`, the parts a learner's Pod meets: the name (a DNS-1123
/// subdomain), labels, the containers and the restart policy; field paths as a
/// template's (the Pod decoder renames them).
pub fn validate_pod(
    name: &str,
    t: &crate::sim::PodTemplate,
    line_of: &dyn Fn(&str) -> Option<usize>,
) -> Vec<FieldError> {
    let mut errs = Errors {
        list: Vec::new(),
        line_of,
    };
    if name.is_empty() {
        let why = "name or generateName is required".into();
        errs.push("metadata.name", ErrorType::Required, why);
    } else if !is_dns1123_subdomain(name) {
        errs.invalid(
            "metadata.name",
            format!("{name:?}: {DNS1123_SUBDOMAIN_MSG}"),
        );
    }
    validate_labels("metadata.labels", &t.labels, &mut errs);
    validate_containers(&t.spec.containers, &mut errs);
    if !["Always", "OnFailure", "Never"].contains(&t.spec.restart_policy.as_str()) {
        errs.push(
            "spec.template.spec.restartPolicy",
            ErrorType::NotSupported,
            format!(
                "{:?}: supported values: \"Always\", \"OnFailure\", \"Never\"",
                t.spec.restart_policy
            ),
        );
    }
    errs.list
}

/// `validateContainers`: at least one; each named (unique DNS-1123 label), with an
/// image, a known pull policy, valid ports and probe settings.
fn validate_containers(containers: &[Container], errs: &mut Errors) {
    if containers.is_empty() {
        errs.required("spec.template.spec.containers");
    }
    let mut names = crate::order::NameSet::new();
    for (i, c) in containers.iter().enumerate() {
        let base = format!("spec.template.spec.containers[{i}]");
        let name = format!("{base}.name");
        if c.name.is_empty() {
            errs.required(&name);
        } else if !is_dns1123_label(&c.name) {
            errs.invalid(&name, format!("{:?}: {DNS1123_LABEL_MSG}", c.name));
        } else if !names.add(&c.name) {
            errs.push(&name, ErrorType::Duplicate, format!("{:?}", c.name));
        }
        if c.image.trim().is_empty() {
            errs.required(&format!("{base}.image"));
        }
        if !["Always", "IfNotPresent", "Never"].contains(&c.image_pull_policy.as_str()) {
            errs.push(
                &format!("{base}.imagePullPolicy"),
                ErrorType::NotSupported,
                format!(
                    "{:?}: supported values: \"Always\", \"IfNotPresent\", \"Never\"",
                    c.image_pull_policy
                ),
            );
        }
        validate_ports(&base, c, errs);
        validate_probes(&base, c, errs);
    }
}

/// `validateContainerPorts`.
fn validate_ports(base: &str, c: &Container, errs: &mut Errors) {
    for (j, p) in c.ports.iter().enumerate() {
        if !(1..=65535).contains(&p.container_port) {
            errs.invalid(
                &format!("{base}.ports[{j}].containerPort"),
                format!(
                    "{}: must be between 1 and 65535, inclusive",
                    p.container_port
                ),
            );
        }
        if !["TCP", "UDP", "SCTP"].contains(&p.protocol.as_str()) {
            errs.push(
                &format!("{base}.ports[{j}].protocol"),
                ErrorType::NotSupported,
                format!(
                    "{:?}: supported values: \"SCTP\", \"TCP\", \"UDP\"",
                    p.protocol
                ),
            );
        }
    }
}

/// `validateProbe`: each period and threshold at least its minimum.
fn validate_probes(base: &str, c: &Container, errs: &mut Errors) {
    for (kind, probe) in [
        ("readinessProbe", &c.readiness_probe),
        ("livenessProbe", &c.liveness_probe),
    ] {
        let Some(p) = probe else { continue };
        for (f, v, min) in [
            ("initialDelaySeconds", p.initial_delay_seconds, 0),
            ("periodSeconds", p.period_seconds, 1),
            ("timeoutSeconds", p.timeout_seconds, 1),
            ("successThreshold", p.success_threshold, 1),
            ("failureThreshold", p.failure_threshold, 1),
        ] {
            errs.at_least(&format!("{base}.{kind}.{f}"), v, min);
        }
    }
}

/// `ValidateDeploymentStrategy`: Recreate takes no rollingUpdate; RollingUpdate's
/// parameters; any other type is not supported.
fn validate_deployment_strategy(m: &DeploymentManifest, errs: &mut Errors) {
    let w = &m.strategy_written;
    match (w.type_name.as_deref(), &m.spec.strategy) {
        (Some("Recreate"), _) if w.rolling_update_given => {
            errs.push(
                "spec.strategy.rollingUpdate",
                ErrorType::Forbidden,
                "may not be specified when strategy `type` is 'Recreate'".into(),
            );
        }
        (Some("Recreate"), _) => {}
        (
            None | Some("RollingUpdate"),
            Strategy::RollingUpdate {
                max_surge,
                max_unavailable,
            },
        ) => {
            validate_rolling_update_deployment(max_surge, max_unavailable, errs);
        }
        (None | Some("RollingUpdate"), _) => {}
        (Some(other), _) => {
            let ru = if w.rolling_update_given {
                "(*apps.RollingUpdateDeployment)(0xc000a1b2c0)"
            } else {
                "(*apps.RollingUpdateDeployment)(nil)"
            };
            errs.push("spec.strategy", ErrorType::NotSupported, format!("apps.DeploymentStrategy{{Type:{other:?}, RollingUpdate:{ru}}}: supported values: \"Recreate\", \"RollingUpdate\""));
        }
    }
}

/// `ValidateRollingUpdateDeployment`: both non-negative ints or percents, not both
/// zero, maxUnavailable at most 100%.
fn validate_rolling_update_deployment(
    max_surge: &IntOrPercent,
    max_unavailable: &IntOrPercent,
    errs: &mut Errors,
) {
    let base = "spec.strategy.rollingUpdate";
    for (f, v) in [("maxUnavailable", max_unavailable), ("maxSurge", max_surge)] {
        match v {
            IntOrPercent::Int(i) => errs.at_least(&format!("{base}.{f}"), *i, 0),
            IntOrPercent::Percent(s) if !is_percent(s) => {
                errs.invalid(&format!("{base}.{f}"), format!("{s:?}: {PERCENT_MSG}"))
            }
            IntOrPercent::Percent(_) => {}
        }
    }
    if is_zero(max_unavailable) && is_zero(max_surge) {
        errs.invalid(
            &format!("{base}.maxUnavailable"),
            format!(
                "{}: may not be 0 when `maxSurge` is 0",
                go_intstr(max_unavailable)
            ),
        );
    }
    if let IntOrPercent::Percent(s) = max_unavailable {
        let over = s
            .trim_end_matches('%')
            .parse::<u64>()
            .map(|p| p > 100)
            .unwrap_or(true);
        if is_percent(s) && over {
            errs.invalid(
                &format!("{base}.maxUnavailable"),
                format!(
                    "{}: must not be greater than 100%",
                    go_intstr(max_unavailable)
                ),
            );
        }
    }
}

fn is_percent(s: &str) -> bool {
    s.len() > 1 && s.ends_with('%') && s[..s.len() - 1].bytes().all(|b| b.is_ascii_digit())
}

/// Upstream treats an unparsable string as 0 here.
fn is_zero(v: &IntOrPercent) -> bool {
    match v {
        IntOrPercent::Int(i) => *i == 0,
        IntOrPercent::Percent(s) => s
            .trim_end_matches('%')
            .parse::<i64>()
            .map(|p| p == 0)
            .unwrap_or(true),
    }
}

/// Update-only checks (§19.8): the selector is immutable in apps/v1.
pub fn validate_update(old_selector: &Labels, new: &DeploymentManifest) -> Vec<FieldError> {
    if old_selector != &new.spec.selector {
        return vec![FieldError {
            field: "spec.selector".into(),
            kind: ErrorType::Invalid,
            detail: format!("{}: field is immutable", go_selector(&new.spec.selector)),
            line: None,
        }];
    }
    Vec::new()
}

/// What a Service document wrote where the decoded spec holds a usable value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceWritten {
    pub type_: Option<String>,
    pub cluster_ip: Option<String>,
    /// `spec.ports[i]` for each port, for lines.
    pub port_paths: Vec<String>,
}

const DNS1035_LABEL_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const PORT_RANGE_MSG: &str = "must be between 1 and 65535, inclusive";

/// `ValidateService`, the parts a learner's Service meets: the name (a DNS-1035
/// label), labels, the ports, the selector, session affinity and the type.
pub fn validate_service(
    name: &str,
    labels: &Labels,
    spec: &crate::sim::ServiceSpec,
    written: &ServiceWritten,
    line_of: &dyn Fn(&str) -> Option<usize>,
) -> Vec<FieldError> {
    let mut errs = Errors {
        list: Vec::new(),
        line_of,
    };
    validate_service_name(name, &mut errs);
    validate_labels("metadata.labels", labels, &mut errs);
    if spec.ports.is_empty() && !spec.headless {
        errs.required("spec.ports");
    }
    let mut names = crate::order::NameSet::new();
    for (i, p) in spec.ports.iter().enumerate() {
        validate_service_port(p, i, spec.ports.len() > 1, &mut names, &mut errs);
        if p.node_port != 0 && written.type_.as_deref().unwrap_or("ClusterIP") == "ClusterIP" {
            errs.push(
                &format!("spec.ports[{i}].nodePort"),
                ErrorType::Forbidden,
                "may not be used when `type` is 'ClusterIP'".into(),
            );
        }
    }
    validate_labels("spec.selector", &spec.selector, &mut errs);
    if !["ClientIP", "None"].contains(&spec.session_affinity.as_str()) {
        errs.push(
            "spec.sessionAffinity",
            ErrorType::NotSupported,
            format!(
                "{:?}: supported values: \"ClientIP\", \"None\"",
                spec.session_affinity
            ),
        );
    }
    if let Some(t) = written.type_.as_deref() {
        if crate::sim::ServiceType::parse(t).is_none() {
            errs.push("spec.type", ErrorType::NotSupported, format!("{t:?}: supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""));
        }
    }
    errs.list
}

fn validate_service_name(name: &str, errs: &mut Errors) {
    if name.is_empty() {
        let why = "name or generateName is required".into();
        errs.push("metadata.name", ErrorType::Required, why);
        return;
    }
    if name.len() > 63 {
        errs.invalid(
            "metadata.name",
            format!("{name:?}: must be no more than 63 characters"),
        );
    }
    let b = name.as_bytes();
    let form = b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[b.len() - 1] != b'-';
    if !form {
        errs.invalid("metadata.name", format!("{name:?}: {DNS1035_LABEL_MSG}"));
    }
}

/// `validateServicePort`.
fn validate_service_port(
    p: &crate::sim::ServicePort,
    i: usize,
    require_name: bool,
    names: &mut crate::order::NameSet,
    errs: &mut Errors,
) {
    let at = |f: &str| format!("spec.ports[{i}].{f}");
    if require_name && p.name.is_empty() {
        errs.required(&at("name"));
    } else if !p.name.is_empty() {
        if !dns1123_subdomain_form(&p.name) || p.name.contains('.') || p.name.len() > 63 {
            errs.invalid(&at("name"), format!("{:?}: {DNS1123_LABEL_MSG}", p.name));
        } else if !names.add(&p.name) {
            errs.push(&at("name"), ErrorType::Duplicate, format!("{:?}", p.name));
        }
    }
    if !(1..=65535).contains(&p.port) {
        errs.invalid(&at("port"), format!("{}: {PORT_RANGE_MSG}", p.port));
    }
    if !["SCTP", "TCP", "UDP"].contains(&p.protocol.as_str()) {
        errs.push(
            &at("protocol"),
            ErrorType::NotSupported,
            format!(
                "{:?}: supported values: \"SCTP\", \"TCP\", \"UDP\"",
                p.protocol
            ),
        );
    }
    match &p.target_port {
        crate::sim::TargetPort::Number(n) if !(1..=65535).contains(n) => {
            errs.invalid(&at("targetPort"), format!("{n}: {PORT_RANGE_MSG}"));
        }
        crate::sim::TargetPort::Name(n) => {
            for why in port_name_errors(n) {
                errs.invalid(&at("targetPort"), format!("{n:?}: {why}"));
            }
        }
        _ => {}
    }
}

/// `IsValidPortName`: an IANA_SVC_NAME.
pub fn port_name_errors(n: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    if n.len() > 15 {
        out.push("must be no more than 15 characters");
    }
    if !n
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        out.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if !n.bytes().any(|b| b.is_ascii_lowercase()) {
        out.push("must contain at least one letter (a-z)");
    }
    if n.contains("--") {
        out.push("must not contain consecutive hyphens");
    }
    if n.starts_with('-') || n.ends_with('-') {
        out.push("must not begin or end with a hyphen");
    }
    out
}
