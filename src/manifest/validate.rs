//! The API server's Deployment validation (k8s-deployment-semantics.md §19), in its
//! order and words. Values render as Kubernetes v1.33 does (Go `%#v`, before 1.34's
//! JSON rendering).

use super::DeploymentManifest;
use crate::sim::{IntOrPercent, Labels, Strategy, MAX_REPLICAS};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    /// e.g. `Invalid value: -1: must be greater than or equal to 0`.
    pub detail: String,
    /// 1-based line in the file, when it could be located.
    pub line: Option<usize>,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.detail)
    }
}

const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
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

fn is_label_value(s: &str) -> bool {
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

pub fn validate(
    m: &DeploymentManifest,
    line_of: &dyn Fn(&str) -> Option<usize>,
) -> Vec<FieldError> {
    let mut errs: Vec<FieldError> = Vec::new();
    let mut push = |field: &str, detail: String| {
        errs.push(FieldError {
            field: field.to_string(),
            detail,
            line: line_of(field),
        });
    };
    // 1. metadata
    if m.name.is_empty() {
        push(
            "metadata.name",
            "Required value: name or generateName is required".into(),
        );
    } else {
        // IsDNS1123Subdomain: the length and the form are two separate errors.
        if m.name.len() > 253 {
            push(
                "metadata.name",
                format!(
                    "Invalid value: {:?}: must be no more than 253 characters",
                    m.name
                ),
            );
        }
        if !dns1123_subdomain_form(&m.name) {
            push(
                "metadata.name",
                format!("Invalid value: {:?}: {DNS1123_SUBDOMAIN_MSG}", m.name),
            );
        }
    }
    for (field, labels) in [
        ("metadata.labels", &m.labels),
        ("spec.template.metadata.labels", &m.spec.template.labels),
        ("spec.selector.matchLabels", &m.spec.selector),
    ] {
        for (k, v) in labels {
            if !is_label_key(k) {
                push(
                    field,
                    format!(
                        "Invalid value: {k:?}: name part {}",
                        LABEL_VALUE_MSG.replace("a valid label", "must")
                    ),
                );
            }
            if !is_label_value(v) {
                push(field, format!("Invalid value: {v:?}: {LABEL_VALUE_MSG}"));
            }
        }
    }
    let spec = &m.spec;
    // 2. replicas
    if spec.replicas < 0 {
        push(
            "spec.replicas",
            format!(
                "Invalid value: {}: must be greater than or equal to 0",
                spec.replicas
            ),
        );
    } else if spec.replicas > MAX_REPLICAS {
        push("spec.replicas", format!("Invalid value: {}: must be less than or equal to {MAX_REPLICAS} (the playground's limit)", spec.replicas));
    }
    // 3. selector
    let selector_given = m.source.pointer("/spec/selector").is_some();
    if !selector_given {
        push("spec.selector", "Required value".into());
    } else if spec.selector.is_empty() {
        push(
            "spec.selector",
            format!(
                "Invalid value: {}: empty selector is invalid for deployment",
                go_selector(&spec.selector)
            ),
        );
    }
    // 4. template
    let t = &spec.template;
    if selector_given
        && !spec.selector.is_empty()
        && !crate::sim::selector_matches(&spec.selector, &t.labels)
    {
        push(
            "spec.template.metadata.labels",
            format!(
                "Invalid value: {}: `selector` does not match template `labels`",
                go_map(&t.labels)
            ),
        );
    }
    if t.spec.containers.is_empty() {
        push("spec.template.spec.containers", "Required value".into());
    }
    let mut names = crate::order::NameSet::new();
    for (i, c) in t.spec.containers.iter().enumerate() {
        let base = format!("spec.template.spec.containers[{i}]");
        if c.name.is_empty() {
            push(&format!("{base}.name"), "Required value".into());
        } else if !is_dns1123_label(&c.name) {
            push(
                &format!("{base}.name"),
                format!("Invalid value: {:?}: {DNS1123_LABEL_MSG}", c.name),
            );
        } else if !names.add(&c.name) {
            push(
                &format!("{base}.name"),
                format!("Duplicate value: {:?}", c.name),
            );
        }
        if c.image.trim().is_empty() {
            push(&format!("{base}.image"), "Required value".into());
        }
        if !["Always", "IfNotPresent", "Never"].contains(&c.image_pull_policy.as_str()) {
            push(
                &format!("{base}.imagePullPolicy"),
                format!("Unsupported value: {:?}: supported values: \"Always\", \"IfNotPresent\", \"Never\"", c.image_pull_policy),
            );
        }
        for (j, p) in c.ports.iter().enumerate() {
            if !(1..=65535).contains(&p.container_port) {
                push(
                    &format!("{base}.ports[{j}].containerPort"),
                    format!(
                        "Invalid value: {}: must be between 1 and 65535, inclusive",
                        p.container_port
                    ),
                );
            }
            if !["TCP", "UDP", "SCTP"].contains(&p.protocol.as_str()) {
                push(
                    &format!("{base}.ports[{j}].protocol"),
                    format!(
                        "Unsupported value: {:?}: supported values: \"SCTP\", \"TCP\", \"UDP\"",
                        p.protocol
                    ),
                );
            }
        }
        for (kind, probe) in [
            ("readinessProbe", &c.readiness_probe),
            ("livenessProbe", &c.liveness_probe),
        ] {
            if let Some(p) = probe {
                for (f, v, min) in [
                    ("initialDelaySeconds", p.initial_delay_seconds, 0),
                    ("periodSeconds", p.period_seconds, 1),
                    ("timeoutSeconds", p.timeout_seconds, 1),
                    ("successThreshold", p.success_threshold, 1),
                    ("failureThreshold", p.failure_threshold, 1),
                ] {
                    if v < min {
                        push(
                            &format!("{base}.{kind}.{f}"),
                            format!("Invalid value: {v}: must be greater than or equal to {min}"),
                        );
                    }
                }
            }
        }
    }
    if t.spec.restart_policy != "Always" {
        push(
            "spec.template.spec.restartPolicy",
            format!(
                "Unsupported value: {:?}: supported values: \"Always\"",
                t.spec.restart_policy
            ),
        );
    }
    if t.spec.termination_grace_period_seconds < 0 {
        push(
            "spec.template.spec.terminationGracePeriodSeconds",
            format!(
                "Invalid value: {}: must be greater than or equal to 0",
                t.spec.termination_grace_period_seconds
            ),
        );
    }
    if t.spec.extra.contains_key("activeDeadlineSeconds") {
        push(
            "spec.template.spec.activeDeadlineSeconds",
            "Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported".into(),
        );
    }
    if t.spec.extra.contains_key("ephemeralContainers") {
        push(
            "spec.template.spec.ephemeralContainers",
            "Forbidden: ephemeral containers not allowed in pod template".into(),
        );
    }
    // 5. strategy
    let w = &m.strategy_written;
    match w.type_name.as_deref() {
        Some("Recreate") => {
            if w.rolling_update_given {
                push(
                    "spec.strategy.rollingUpdate",
                    "Forbidden: may not be specified when strategy `type` is 'Recreate'".into(),
                );
            }
        }
        None | Some("RollingUpdate") => {
            if let Strategy::RollingUpdate {
                max_surge,
                max_unavailable,
            } = &spec.strategy
            {
                let base = "spec.strategy.rollingUpdate";
                for (f, v) in [("maxUnavailable", max_unavailable), ("maxSurge", max_surge)] {
                    match v {
                        IntOrPercent::Int(i) if *i < 0 => push(
                            &format!("{base}.{f}"),
                            format!("Invalid value: {i}: must be greater than or equal to 0"),
                        ),
                        IntOrPercent::Percent(s) if !is_percent(s) => push(
                            &format!("{base}.{f}"),
                            format!("Invalid value: {s:?}: {PERCENT_MSG}"),
                        ),
                        _ => {}
                    }
                }
                if is_zero(max_unavailable) && is_zero(max_surge) {
                    push(
                        &format!("{base}.maxUnavailable"),
                        format!(
                            "Invalid value: {}: may not be 0 when `maxSurge` is 0",
                            go_intstr(max_unavailable)
                        ),
                    );
                }
                if let IntOrPercent::Percent(s) = max_unavailable {
                    if is_percent(s)
                        && s.trim_end_matches('%')
                            .parse::<u64>()
                            .map(|p| p > 100)
                            .unwrap_or(true)
                    {
                        push(
                            &format!("{base}.maxUnavailable"),
                            format!(
                                "Invalid value: {}: must not be greater than 100%",
                                go_intstr(max_unavailable)
                            ),
                        );
                    }
                }
            }
        }
        Some(other) => {
            let ru = if w.rolling_update_given {
                "(*apps.RollingUpdateDeployment)(0xc000a1b2c0)"
            } else {
                "(*apps.RollingUpdateDeployment)(nil)"
            };
            push(
                "spec.strategy",
                format!("Unsupported value: apps.DeploymentStrategy{{Type:{other:?}, RollingUpdate:{ru}}}: supported values: \"Recreate\", \"RollingUpdate\""),
            );
        }
    }
    // 6. minReadySeconds, revisionHistoryLimit
    if spec.min_ready_seconds < 0 {
        push(
            "spec.minReadySeconds",
            format!(
                "Invalid value: {}: must be greater than or equal to 0",
                spec.min_ready_seconds
            ),
        );
    }
    if spec.revision_history_limit < 0 {
        push(
            "spec.revisionHistoryLimit",
            format!(
                "Invalid value: {}: must be greater than or equal to 0",
                spec.revision_history_limit
            ),
        );
    }
    // 7. progressDeadlineSeconds
    if let Some(pds) = spec.progress_deadline_seconds {
        if pds < 0 {
            push(
                "spec.progressDeadlineSeconds",
                format!("Invalid value: {pds}: must be greater than or equal to 0"),
            );
        } else if pds <= spec.min_ready_seconds {
            push(
                "spec.progressDeadlineSeconds",
                format!("Invalid value: {pds}: must be greater than minReadySeconds"),
            );
        }
    }
    let mut seen = crate::order::NameSet::new();
    errs.retain(|e| seen.add(&e.to_string()));
    errs
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
            detail: format!(
                "Invalid value: {}: field is immutable",
                go_selector(&new.spec.selector)
            ),
            line: None,
        }];
    }
    Vec::new()
}
