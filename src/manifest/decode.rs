//! The decoder: one YAML document to a `DeploymentManifest`, as the API server
//! decodes it (strict fields and types, Go's struct names in type errors, the API
//! defaults), then validated; and the line of a field, for errors.

use super::*;

/// The decoder walks the YAML tree with a path, for error messages and lines.
pub(super) struct Decoder<'a> {
    pub(super) text: &'a str,
    pub(super) first_line: usize,
    /// Decoding as `--local` does: fields the struct lacks are passed over, and
    /// what only the playground refuses is not refused.
    pub(super) lenient: bool,
    /// Unknown fields are passed over, not refused: they were listed before
    /// decoding (to be dropped, or refused once the types have been read).
    pub(super) skip_unknown: bool,
    /// The Go struct at the root (`Deployment`, `Service`), for type errors.
    pub(super) root: &'static str,
}

type D<T> = Result<T, ManifestError>;

fn go_struct(root: &'static str, path: &str) -> &'static str {
    let parent = path.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
    let last = parent.rsplit('.').next().unwrap_or("");
    match last {
        "" => root,
        "spec" if root == "Service" => "ServiceSpec",
        "ports" if root == "Service" => "ServicePort",
        "metadata" => "ObjectMeta",
        "spec" if parent == "spec" => "DeploymentSpec",
        "spec" => "PodSpec",
        "template" => "PodTemplateSpec",
        "strategy" => "DeploymentStrategy",
        "rollingUpdate" => "RollingUpdateDeployment",
        "selector" => "LabelSelector",
        "containers" => "Container",
        "ports" => "ContainerPort",
        "env" => "EnvVar",
        "readinessProbe" | "livenessProbe" => "Probe",
        "httpGet" => "HTTPGetAction",
        "tcpSocket" => "TCPSocketAction",
        "resources" => "ResourceRequirements",
        _ => "Object",
    }
}

impl<'a> Decoder<'a> {
    pub(super) fn line_of(&self, path: &str) -> Option<usize> {
        locate_field(self.text, self.first_line, path)
    }

    pub(super) fn unknown(&self, path: &str) -> ManifestError {
        ManifestError::UnknownField {
            path: path.to_string(),
            all: vec![path.to_string()],
            line: self.line_of(path),
        }
    }

    pub(super) fn type_error(&self, path: &str, v: &Value, want: &str) -> ManifestError {
        let got = typed::json_kind(v, want.starts_with("int"));
        ManifestError::Type {
            path: path.to_string(),
            message: format!(
                "json: cannot unmarshal {got} into Go struct field {}.{} of type {want}",
                go_struct(self.root, path),
                path
            ),
            line: self.line_of(path),
        }
    }

    pub(super) fn map<'v>(
        &self,
        v: &'v Value,
        path: &str,
        allowed: &[&str],
    ) -> D<Vec<(String, &'v Value)>> {
        let Value::Object(m) = v else {
            return Err(self.type_error(path, v, "object"));
        };
        let mut out = Vec::new();
        for (key, val) in m {
            let key = key.clone();
            let child = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            if !allowed.contains(&key.as_str()) {
                if self.lenient || self.skip_unknown {
                    continue;
                }
                return Err(self.unknown(&child));
            }
            // Go's decoder leaves a field alone for `null`: into a fresh object that
            // is the same as leaving the key out.
            if !val.is_null() {
                out.push((key, val));
            }
        }
        Ok(out)
    }

    pub(super) fn string(&self, v: &Value, path: &str) -> D<String> {
        match v {
            Value::String(s) => Ok(s.clone()),
            _ => Err(self.type_error(path, v, "string")),
        }
    }

    pub(super) fn int32(&self, v: &Value, path: &str) -> D<i32> {
        match v {
            Value::Number(n) => match crate::value::as_int(n) {
                Some(i) if i >= i32::MIN as i64 && i <= i32::MAX as i64 => Ok(i as i32),
                _ => Err(self.type_error(path, v, "int32")),
            },
            _ => Err(self.type_error(path, v, "int32")),
        }
    }

    fn int64(&self, v: &Value, path: &str) -> D<i64> {
        match v {
            Value::Number(n) => {
                crate::value::as_int(n).ok_or_else(|| self.type_error(path, v, "int64"))
            }
            _ => Err(self.type_error(path, v, "int64")),
        }
    }

    pub(super) fn boolean(&self, v: &Value, path: &str) -> D<bool> {
        match v {
            Value::Bool(b) => Ok(*b),
            _ => Err(self.type_error(path, v, "bool")),
        }
    }

    pub(super) fn string_map(&self, v: &Value, path: &str) -> D<Labels> {
        let Value::Object(m) = v else {
            return Err(self.type_error(path, v, "map[string]string"));
        };
        let mut out = Labels::new();
        for (key, val) in m {
            let key = key.clone();
            let s = match val {
                Value::String(s) => s.clone(),
                // A map's element starts as the zero value and `null` leaves it so.
                Value::Null => String::new(),
                // Go names a map's element by the map field, so the message names
                // `metadata.annotations`, while the line is the key's own.
                _ => {
                    let mut e = self.type_error(path, val, "string");
                    if let ManifestError::Type { line, path: at, .. } = &mut e {
                        *at = format!("{path}.{key}");
                        *line = self.line_of(at);
                    }
                    return Err(e);
                }
            };
            out.insert(key, s);
        }
        Ok(out)
    }

    fn int_or_string(&self, v: &Value, path: &str) -> D<IntOrPercent> {
        match v {
            Value::Number(n) => match crate::value::as_int(n) {
                Some(i) if i >= i32::MIN as i64 && i <= i32::MAX as i64 => Ok(IntOrPercent::Int(i)),
                _ => Err(self.type_error(path, v, "int32")),
            },
            Value::String(s) => Ok(IntOrPercent::Percent(s.clone())),
            _ => Err(self.type_error(path, v, "intstr.IntOrString")),
        }
    }

    /// A field we accept but do not simulate: kept as canonical text.
    fn opaque(&self, v: &Value) -> String {
        value::to_string(v)
    }

    /// A field of `ty` our model does not hold, as the API server keeps it (see
    /// `typed::field`: zero and unknown fields dropped), or the type error Go's
    /// decoder gives for it.
    fn typed_field(&self, ty: &str, json: &str, v: &Value, path: &str) -> D<Option<String>> {
        let parent = ty.rsplit('.').next().unwrap_or(ty);
        let field_ty = crate::sim::go_types::struct_fields(ty)
            .and_then(|mut fs| fs.find(|f| f.json == json))
            .map(|f| f.ty);
        if let Some(message) = field_ty.and_then(|t| typed::type_error(t, v, parent, path)) {
            return Err(ManifestError::Type {
                path: path.to_string(),
                message,
                line: self.line_of(path),
            });
        }
        let mut v = v.clone();
        default_opaque(json, &mut v);
        Ok(typed::field(ty, json, &v).map(|v| self.opaque(&v)))
    }

    pub(super) fn seq<'v>(&self, v: &'v Value, path: &str) -> D<&'v Vec<Value>> {
        match v {
            Value::Array(s) => Ok(s),
            _ => Err(self.type_error(path, v, "array")),
        }
    }
}

/// The API server's defaults inside pod fields the model does not hold, as
/// `pkg/apis/core/v1/defaults.go` sets them: a volume with no source is an
/// emptyDir (`SetDefaults_Volume`); secret and configMap volumes get mode 0644
/// (420); a hostPath gets an empty `type`; a fieldRef gets `apiVersion: v1`.
fn default_opaque(json: &str, v: &mut Value) {
    let set = |m: &mut value::Map, key: &str, default: Value| {
        if m.get(key)
            .is_none_or(|v| v.is_null() || v.as_str() == Some(""))
        {
            m.insert(key.to_string(), default);
        }
    };
    match (json, v) {
        ("volumes", Value::Array(volumes)) => {
            for volume in volumes {
                let Value::Object(m) = volume else { continue };
                let has_source = crate::sim::go_types::struct_fields("v1.VolumeSource")
                    .into_iter()
                    .flatten()
                    .any(|f| m.get(&f.json).is_some_and(|v| !v.is_null()));
                if !has_source {
                    m.insert("emptyDir".into(), Value::Object(value::Map::new()));
                }
                for (source, key, default) in [
                    ("secret", "defaultMode", Value::from(420)),
                    ("configMap", "defaultMode", Value::from(420)),
                    ("hostPath", "type", Value::from("")),
                ] {
                    if let Some(Value::Object(s)) = m.get_mut(source) {
                        if s.get(key).is_none_or(Value::is_null) {
                            s.insert(key.to_string(), default);
                        }
                    }
                }
            }
        }
        ("valueFrom", Value::Object(m)) => {
            if let Some(Value::Object(f)) = m.get_mut("fieldRef") {
                set(f, "apiVersion", Value::from("v1"));
            }
        }
        _ => {}
    }
}

pub(super) fn decode_document(
    text: &str,
    first_line: usize,
    v: &Value,
    lenient: bool,
    tolerated: Option<&std::cell::RefCell<Vec<String>>>,
) -> D<DeploymentManifest> {
    // The API server's strict decoding names every field the structs lack, in the
    // order the document holds them; with validation relaxed they are dropped. A
    // strict refusal comes after kubectl's own checks and the type errors (Go's
    // decoder reports those first) and before validation.
    let strict_refusal = if lenient {
        None
    } else {
        strict_unknown_fields("v1.Deployment", text, first_line, v, tolerated)
    };
    let skip_unknown = tolerated.is_some() || strict_refusal.is_some();
    let dec = Decoder {
        text,
        first_line,
        lenient,
        skip_unknown,
        root: "Deployment",
    };
    let Value::Object(m) = v else {
        return Err(ManifestError::Syntax {
            line: Some(first_line),
            problem: "cannot unmarshal a non-object document into a Kubernetes object".into(),
        });
    };
    type_meta(&dec, m, first_line)?;
    let ((name, labels, annotations), spec_value) = metadata_and_spec(&dec, v)?;
    let (spec, replicas_given, strategy_written) = decode_spec(&dec, spec_value)?;
    let manifest = DeploymentManifest {
        name: name.clone(),
        labels,
        annotations,
        replicas_given,
        spec,
        source: v.clone(),
        first_line,
        strategy_written,
        unknown_fields: Vec::new(),
    };
    if let Some(e) = strict_refusal {
        return Err(e);
    }
    let causes = validate::validate(&manifest, &|p| dec.line_of(p));
    if !causes.is_empty() {
        return Err(ManifestError::Invalid { name, causes });
    }
    Ok(manifest)
}

/// An object's top level: its metadata (name, labels, annotations) and its spec
/// (an empty one when there is none); `apiVersion`, `kind` and `status` pass.
pub(super) fn metadata_and_spec<'v>(
    dec: &Decoder,
    v: &'v Value,
) -> D<((String, Labels, Labels), &'v Value)> {
    static EMPTY: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    let mut meta = Default::default();
    let mut spec = None;
    for (k, val) in dec.map(v, "", &["apiVersion", "kind", "metadata", "spec", "status"])? {
        match k.as_str() {
            "metadata" => meta = decode_metadata(dec, val)?,
            "spec" => spec = Some(val),
            _ => {}
        }
    }
    let empty = EMPTY.get_or_init(|| Value::Object(Default::default()));
    Ok((meta, spec.unwrap_or(empty)))
}

/// The fields the API server's strict decoding would refuse (listed in
/// `tolerated` instead when validation is relaxed): the refusal, with the first
/// one's line, or None.
pub(super) fn strict_unknown_fields(
    ty: &str,
    text: &str,
    first_line: usize,
    v: &Value,
    tolerated: Option<&std::cell::RefCell<Vec<String>>>,
) -> Option<ManifestError> {
    // kubectl sends the object with every map's keys sorted (Go marshals its
    // maps so), and the server meets the fields in that order.
    let mut sorted = v.clone();
    value::sort_keys(&mut sorted);
    let mut unknown = Vec::new();
    typed::unknown_fields(ty, &sorted, "", &mut unknown);
    if let Some(t) = tolerated {
        t.borrow_mut().extend(unknown.iter().cloned());
        return None;
    }
    let first = unknown.first()?;
    // The decoder's name for it (no indices) finds its line.
    let mut path = String::new();
    let mut depth = 0;
    for ch in first.chars() {
        match ch {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => path.push(ch),
            _ => {}
        }
    }
    let line = locate_field(text, first_line, &path);
    Some(ManifestError::UnknownField {
        line,
        path,
        all: unknown,
    })
}

/// `apiVersion` and `kind`: set, strings, and `apps/v1` `Deployment`.
fn type_meta(dec: &Decoder, m: &value::Map, first_line: usize) -> D<()> {
    // Each set, and a string.
    let field = |what: &'static str| match m.get(what) {
        Some(Value::String(s)) => Ok(s.clone()),
        None => Err(ManifestError::NotSet {
            what,
            line: first_line,
        }),
        Some(other) => Err(dec.type_error(what, other, "string")),
    };
    let api_version = field("apiVersion")?;
    let kind = field("kind")?;
    if kind != "Deployment" || api_version != "apps/v1" {
        return Err(ManifestError::UnsupportedKind {
            kind,
            api_version,
            line: first_line,
        });
    }
    Ok(())
}

/// `metadata`: the name, labels and annotations (in the default namespace only).
pub(super) fn decode_metadata(dec: &Decoder, val: &Value) -> D<(String, Labels, Labels)> {
    let (mut name, mut labels, mut annotations) = (String::new(), Labels::new(), Labels::new());
    for (mk, mv) in dec.map(
        val,
        "metadata",
        &[
            "name",
            "namespace",
            "labels",
            "annotations",
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "managedFields",
            "selfLink",
            "generateName",
            "finalizers",
            "ownerReferences",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
        ],
    )? {
        let p = format!("metadata.{mk}");
        match mk.as_str() {
            "name" => name = dec.string(mv, &p)?,
            "namespace" => {
                let ns = dec.string(mv, &p)?;
                if ns != "default" && !dec.lenient {
                    return Err(ManifestError::Unsupported {
                        line: dec.line_of(&p),
                        path: p,
                        message: format!(
                            "namespace {ns:?}: the playground has only the \"default\" namespace"
                        ),
                    });
                }
            }
            "labels" => labels = dec.string_map(mv, &p)?,
            "annotations" => annotations = dec.string_map(mv, &p)?,
            "generateName" if !dec.lenient => {
                return Err(ManifestError::Unsupported {
                    line: dec.line_of(&p),
                    path: p,
                    message: "generateName is not supported by the playground; give metadata.name"
                        .into(),
                })
            }
            _ => {}
        }
    }
    Ok((name, labels, annotations))
}

fn decode_spec(dec: &Decoder, v: &Value) -> D<(DeploymentSpec, Option<i32>, StrategyWritten)> {
    let mut replicas = None;
    let mut selector = None;
    let mut template = None;
    let mut strategy_type: Option<String> = None;
    let mut rolling: Option<(Option<IntOrPercent>, Option<IntOrPercent>)> = None;
    let mut min_ready_seconds = 0;
    let mut revision_history_limit = 10;
    let mut progress_deadline_seconds = Some(600);
    let mut paused = false;
    for (k, val) in dec.map(
        v,
        "spec",
        &[
            "replicas",
            "selector",
            "template",
            "strategy",
            "minReadySeconds",
            "revisionHistoryLimit",
            "progressDeadlineSeconds",
            "paused",
        ],
    )? {
        let p = format!("spec.{k}");
        match k.as_str() {
            "replicas" => replicas = Some(dec.int32(val, &p)?),
            "selector" => selector = Some(decode_selector(dec, val, &p)?),
            "template" => template = Some(decode_template(dec, val)?),
            "strategy" => (strategy_type, rolling) = decode_strategy(dec, val, &p)?,
            "minReadySeconds" => min_ready_seconds = dec.int32(val, &p)?,
            "revisionHistoryLimit" => revision_history_limit = dec.int32(val, &p)?,
            "progressDeadlineSeconds" => progress_deadline_seconds = Some(dec.int32(val, &p)?),
            _ => paused = dec.boolean(val, &p)?,
        }
    }
    let written = StrategyWritten {
        type_name: strategy_type.clone(),
        rolling_update_given: rolling.is_some(),
    };
    let strategy = if strategy_type.as_deref() == Some("Recreate") {
        Strategy::Recreate
    } else {
        let (s, u) = rolling.unwrap_or((None, None));
        Strategy::RollingUpdate {
            max_surge: s.unwrap_or(IntOrPercent::Percent("25%".into())),
            max_unavailable: u.unwrap_or(IntOrPercent::Percent("25%".into())),
        }
    };
    let template = match template {
        Some(t) => t,
        None => PodTemplate {
            labels: Labels::new(),
            annotations: Labels::new(),
            spec: default_pod_spec(Vec::new()),
        },
    };
    Ok((
        DeploymentSpec {
            replicas: replicas.unwrap_or(1),
            selector: selector.unwrap_or_default(),
            template,
            strategy,
            min_ready_seconds,
            revision_history_limit,
            progress_deadline_seconds,
            paused,
        },
        replicas,
        written,
    ))
}

/// `spec.selector`: its matchLabels (matchExpressions are refused unless empty).
fn decode_selector(dec: &Decoder, val: &Value, p: &str) -> D<Labels> {
    let mut labels = Labels::new();
    for (sk, sv) in dec.map(val, p, &["matchLabels", "matchExpressions"])? {
        let sp = format!("{p}.{sk}");
        match sk.as_str() {
            "matchLabels" => labels = dec.string_map(sv, &sp)?,
            _ => {
                if !dec.seq(sv, &sp)?.is_empty() && !dec.lenient {
                    return Err(ManifestError::Unsupported {
                        line: dec.line_of(&sp),
                        path: sp,
                        message:
                            "matchExpressions are not supported by the playground; use matchLabels"
                                .into(),
                    });
                }
            }
        }
    }
    Ok(labels)
}

/// What `spec.strategy` wrote: its type, and rollingUpdate's two fields when given.
type StrategyFields = (
    Option<String>,
    Option<(Option<IntOrPercent>, Option<IntOrPercent>)>,
);

/// `spec.strategy` as written (defaults come later).
fn decode_strategy(dec: &Decoder, val: &Value, p: &str) -> D<StrategyFields> {
    let (mut strategy_type, mut rolling) = (None, None);
    for (sk, sv) in dec.map(val, p, &["type", "rollingUpdate"])? {
        let sp = format!("{p}.{sk}");
        match sk.as_str() {
            "type" => strategy_type = Some(dec.string(sv, &sp)?),
            _ => {
                let mut surge = None;
                let mut unavailable = None;
                for (rk, rv) in dec.map(sv, &sp, &["maxSurge", "maxUnavailable"])? {
                    let rp = format!("{sp}.{rk}");
                    match rk.as_str() {
                        "maxSurge" => surge = Some(dec.int_or_string(rv, &rp)?),
                        _ => unavailable = Some(dec.int_or_string(rv, &rp)?),
                    }
                }
                rolling = Some((surge, unavailable));
            }
        }
    }
    Ok((strategy_type, rolling))
}

fn default_pod_spec(containers: Vec<Container>) -> PodSpec {
    PodSpec {
        containers,
        restart_policy: "Always".into(),
        termination_grace_period_seconds: 30,
        dns_policy: "ClusterFirst".into(),
        scheduler_name: "default-scheduler".into(),
        extra: Default::default(),
    }
}

const POD_SPEC_OPAQUE: &[&str] = &[
    "volumes",
    "initContainers",
    "nodeSelector",
    "affinity",
    "tolerations",
    "securityContext",
    "serviceAccountName",
    "serviceAccount",
    "automountServiceAccountToken",
    "hostname",
    "subdomain",
    "imagePullSecrets",
    "priorityClassName",
    "priority",
    "topologySpreadConstraints",
    "enableServiceLinks",
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "shareProcessNamespace",
    "nodeName",
    "runtimeClassName",
    "preemptionPolicy",
    "overhead",
    "readinessGates",
    "dnsConfig",
    "hostAliases",
    "setHostnameAsFQDN",
    "os",
    "schedulingGates",
    "resourceClaims",
    "hostUsers",
    "activeDeadlineSeconds",
    "ephemeralContainers",
];

const CONTAINER_OPAQUE: &[&str] = &[
    "command",
    "args",
    "workingDir",
    "envFrom",
    "volumeMounts",
    "volumeDevices",
    "startupProbe",
    "lifecycle",
    "securityContext",
    "stdin",
    "stdinOnce",
    "tty",
    "resizePolicy",
    "restartPolicy",
];

pub(super) fn decode_template(dec: &Decoder, v: &Value) -> D<PodTemplate> {
    let mut labels = Labels::new();
    let mut annotations = Labels::new();
    let mut spec = default_pod_spec(Vec::new());
    for (k, val) in dec.map(v, "spec.template", &["metadata", "spec"])? {
        match k.as_str() {
            "metadata" => {
                for (mk, mv) in dec.map(
                    val,
                    "spec.template.metadata",
                    &[
                        "labels",
                        "annotations",
                        "name",
                        "creationTimestamp",
                        "namespace",
                        "generateName",
                    ],
                )? {
                    let p = format!("spec.template.metadata.{mk}");
                    match mk.as_str() {
                        "labels" => labels = dec.string_map(mv, &p)?,
                        "annotations" => annotations = dec.string_map(mv, &p)?,
                        _ => {}
                    }
                }
            }
            _ => {
                let mut allowed = vec![
                    "containers",
                    "restartPolicy",
                    "terminationGracePeriodSeconds",
                    "dnsPolicy",
                    "schedulerName",
                ];
                allowed.extend_from_slice(POD_SPEC_OPAQUE);
                for (sk, sv) in dec.map(val, "spec.template.spec", &allowed)? {
                    let p = format!("spec.template.spec.{sk}");
                    match sk.as_str() {
                        "containers" => {
                            spec.containers = dec
                                .seq(sv, &p)?
                                .iter()
                                .map(|c| decode_container(dec, c, &p))
                                .collect::<D<Vec<_>>>()?
                        }
                        "restartPolicy" => spec.restart_policy = dec.string(sv, &p)?,
                        "terminationGracePeriodSeconds" => {
                            spec.termination_grace_period_seconds = dec.int64(sv, &p)?
                        }
                        "dnsPolicy" => spec.dns_policy = dec.string(sv, &p)?,
                        "schedulerName" => spec.scheduler_name = dec.string(sv, &p)?,
                        // An empty securityContext is the API server's default; keep the
                        // template equal to one that omits it.
                        "securityContext" if matches!(sv, Value::Object(m) if m.is_empty()) => {}
                        other => {
                            if let Some(v) = dec.typed_field("v1.PodSpec", other, sv, &p)? {
                                spec.extra.insert(other.to_string(), v);
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(PodTemplate {
        labels,
        annotations,
        spec,
    })
}

fn decode_container(dec: &Decoder, v: &Value, base: &str) -> D<Container> {
    let mut c = Container {
        name: String::new(),
        image: String::new(),
        image_pull_policy: String::new(),
        ports: Vec::new(),
        env: Vec::new(),
        readiness_probe: None,
        liveness_probe: None,
        memory_limit: None,
        termination_message_path: "/dev/termination-log".into(),
        termination_message_policy: "File".into(),
        extra: Default::default(),
    };
    let mut allowed = vec![
        "name",
        "image",
        "imagePullPolicy",
        "ports",
        "env",
        "readinessProbe",
        "livenessProbe",
        "resources",
        "terminationMessagePath",
        "terminationMessagePolicy",
    ];
    allowed.extend_from_slice(CONTAINER_OPAQUE);
    for (k, val) in dec.map(v, base, &allowed)? {
        let p = format!("{base}.{k}");
        match k.as_str() {
            "name" => c.name = dec.string(val, &p)?,
            "image" => c.image = dec.string(val, &p)?,
            "imagePullPolicy" => c.image_pull_policy = dec.string(val, &p)?,
            "terminationMessagePath" => c.termination_message_path = dec.string(val, &p)?,
            "terminationMessagePolicy" => c.termination_message_policy = dec.string(val, &p)?,
            "ports" => decode_ports(dec, val, &p, &mut c)?,
            "env" => decode_env(dec, val, &p, &mut c)?,
            "readinessProbe" => c.readiness_probe = Some(decode_probe(dec, val, &p)?),
            "livenessProbe" => c.liveness_probe = Some(decode_probe(dec, val, &p)?),
            "resources" => decode_resources(dec, val, &p, &mut c)?,
            other => {
                if let Some(v) = dec.typed_field("v1.Container", other, val, &p)? {
                    c.extra.insert(other.to_string(), v);
                }
            }
        }
    }
    if c.image_pull_policy.is_empty() {
        c.image_pull_policy = default_pull_policy(&c.image).to_string();
    }
    Ok(c)
}

/// A container's `ports`, each kept as the model holds it (other port fields are
/// stored opaque).
fn decode_ports(dec: &Decoder, val: &Value, p: &str, c: &mut Container) -> D<()> {
    for port in dec.seq(val, p)? {
        let mut cp = ContainerPort {
            container_port: 0,
            protocol: "TCP".into(),
            name: None,
        };
        for (pk, pv) in dec.map(
            port,
            p,
            &["containerPort", "protocol", "name", "hostPort", "hostIP"],
        )? {
            let pp = format!("{p}.{pk}");
            match pk.as_str() {
                "containerPort" => cp.container_port = dec.int32(pv, &pp)? as i64,
                "protocol" => cp.protocol = dec.string(pv, &pp)?,
                "name" => cp.name = Some(dec.string(pv, &pp)?),
                _ => {
                    c.extra.insert(format!("ports.{pk}"), dec.opaque(pv));
                }
            }
        }
        c.ports.push(cp);
    }
    Ok(())
}

/// A container's `env`: name and value, and a `valueFrom` kept under the
/// variable's name.
fn decode_env(dec: &Decoder, val: &Value, p: &str, c: &mut Container) -> D<()> {
    for e in dec.seq(val, p)? {
        let mut ev = EnvVar {
            name: String::new(),
            value: String::new(),
        };
        let mut value_from = None;
        for (ek, evv) in dec.map(e, p, &["name", "value", "valueFrom"])? {
            let ep = format!("{p}.{ek}");
            match ek.as_str() {
                "name" => ev.name = dec.string(evv, &ep)?,
                "value" => ev.value = dec.string(evv, &ep)?,
                _ => value_from = dec.typed_field("v1.EnvVar", "valueFrom", evv, &ep)?,
            }
        }
        // Keyed by the variable's name, wherever the file put `name`.
        if let Some(v) = value_from {
            c.extra.insert(format!("env.{}.valueFrom", ev.name), v);
        }
        c.env.push(ev);
    }
    Ok(())
}

/// A container's `resources`: limits and requests as canonical quantities.
fn decode_resources(dec: &Decoder, val: &Value, p: &str, c: &mut Container) -> D<()> {
    for (rk, rv) in dec.map(val, p, &["limits", "requests", "claims"])? {
        let rp = format!("{p}.{rk}");
        if rk == "limits" || rk == "requests" {
            let Value::Object(m) = rv else {
                return Err(dec.type_error(&rp, rv, "v1.ResourceList"));
            };
            // Each value is a resource.Quantity, which refuses what it cannot
            // read and is kept (and printed) in its canonical form.
            let mut canonical = value::Map::new();
            for (name, q) in m {
                match quantity::of_json(q) {
                    Ok(text) => canonical.insert(name.clone(), Value::String(text)),
                    Err(message) => {
                        return Err(ManifestError::Type {
                            path: rp.clone(),
                            message: message.into(),
                            line: dec.line_of(&rp),
                        })
                    }
                };
            }
            if let (true, Some(Value::String(mem))) = (rk == "limits", canonical.get("memory")) {
                c.memory_limit = Some(mem.clone());
            }
            c.extra.insert(
                format!("resources.{rk}"),
                dec.opaque(&Value::Object(canonical)),
            );
            continue;
        }
        c.extra.insert(format!("resources.{rk}"), dec.opaque(rv));
    }
    Ok(())
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => crate::value::number_text(n),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn decode_probe(dec: &Decoder, v: &Value, base: &str) -> D<Probe> {
    let mut p = Probe {
        handler: ProbeHandler::TcpSocket {
            port: String::new(),
        },
        initial_delay_seconds: 0,
        period_seconds: 10,
        timeout_seconds: 1,
        success_threshold: 1,
        failure_threshold: 3,
    };
    let mut handler = None;
    for (k, val) in dec.map(
        v,
        base,
        &[
            "httpGet",
            "tcpSocket",
            "exec",
            "grpc",
            "initialDelaySeconds",
            "periodSeconds",
            "timeoutSeconds",
            "successThreshold",
            "failureThreshold",
            "terminationGracePeriodSeconds",
        ],
    )? {
        let path = format!("{base}.{k}");
        match k.as_str() {
            "httpGet" | "tcpSocket" | "grpc" | "exec" => {
                handler = Some(decode_probe_handler(dec, &k, val, &path)?)
            }
            "initialDelaySeconds" => p.initial_delay_seconds = dec.int32(val, &path)? as i64,
            "periodSeconds" => p.period_seconds = dec.int32(val, &path)? as i64,
            "timeoutSeconds" => p.timeout_seconds = dec.int32(val, &path)? as i64,
            "successThreshold" => p.success_threshold = dec.int32(val, &path)? as i64,
            "failureThreshold" => p.failure_threshold = dec.int32(val, &path)? as i64,
            _ => {}
        }
    }
    p.handler = handler.ok_or_else(|| ManifestError::Invalid {
        name: String::new(),
        causes: vec![FieldError::required(
            base,
            "must specify a handler type",
            dec.line_of(base),
        )],
    })?;
    Ok(p)
}

/// One of a probe's handlers (`httpGet`, `tcpSocket`, `grpc`, `exec`) at `path`.
fn decode_probe_handler(dec: &Decoder, kind: &str, val: &Value, path: &str) -> D<ProbeHandler> {
    Ok(match kind {
        "httpGet" => {
            let mut hpath = "/".to_string();
            let mut port = String::new();
            let fields = ["path", "port", "scheme", "host", "httpHeaders"];
            for (hk, hv) in dec.map(val, path, &fields)? {
                match hk.as_str() {
                    "path" => hpath = dec.string(hv, &format!("{path}.path"))?,
                    "port" => port = scalar_text(hv),
                    _ => {}
                }
            }
            ProbeHandler::HttpGet { path: hpath, port }
        }
        "exec" => {
            let mut command = Vec::new();
            for (hk, hv) in dec.map(val, path, &["command"])? {
                if hk == "command" {
                    command = dec.seq(hv, path)?.iter().map(scalar_text).collect();
                }
            }
            ProbeHandler::Exec { command }
        }
        // tcpSocket, and grpc, which the playground probes as a TCP connect.
        _ => {
            let mut port = String::new();
            for (hk, hv) in dec.map(val, path, &["port", "host", "service"])? {
                if hk == "port" {
                    port = scalar_text(hv);
                }
            }
            ProbeHandler::TcpSocket { port }
        }
    })
}

/// Best-effort 1-based line of a dotted field path in a YAML document, following
/// indentation (list items count as their parent's key).
pub fn locate_field(text: &str, first_line: usize, path: &str) -> Option<usize> {
    let keys: Vec<&str> = path.split('.').filter(|k| !k.is_empty()).collect();
    if keys.is_empty() {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut start = first_line.saturating_sub(1);
    let mut min_indent: i64 = -1;
    let mut found = None;
    for key in keys {
        let mut hit = None;
        for (i, raw) in lines.iter().enumerate().skip(start) {
            if i > start && (raw.trim_end() == "---") {
                break;
            }
            let trimmed = raw.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = (raw.len() - trimmed.len()) as i64;
            let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
            let body_indent = indent + (trimmed.len() - body.len()) as i64;
            if body_indent <= min_indent && i > start {
                break;
            }
            if body.starts_with(&format!("{key}:")) && body_indent > min_indent {
                hit = Some((i, body_indent));
                break;
            }
        }
        let (i, indent) = hit?;
        found = Some(i + 1);
        start = i;
        min_indent = indent;
    }
    found
}
