//! The API objects the simulator keeps: Deployments, ReplicaSets, Pods and their
//! specs, with the fields the controllers read. Plain data: no controller logic here,
//! no YAML, no printing.

/// Milliseconds of simulated time since the simulation epoch.
pub type TimeMs = u64;

pub type Labels = crate::order::NameMap<String>;

pub const ANN_REVISION: &str = "deployment.kubernetes.io/revision";
pub const ANN_REVISION_HISTORY: &str = "deployment.kubernetes.io/revision-history";
pub const ANN_DESIRED_REPLICAS: &str = "deployment.kubernetes.io/desired-replicas";
pub const ANN_MAX_REPLICAS: &str = "deployment.kubernetes.io/max-replicas";
pub const ANN_CHANGE_CAUSE: &str = "kubernetes.io/change-cause";
pub const ANN_LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
pub const ANN_ROLLBACK_TO: &str = "deprecated.deployment.rollback.to";
pub const ANN_RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";
pub const LABEL_POD_TEMPLATE_HASH: &str = "pod-template-hash";

/// Annotations the controller never copies from a Deployment onto its ReplicaSets
/// (and that `rollout undo` keeps from the Deployment).
pub const ANNOTATIONS_NOT_COPIED: [&str; 6] = [
    ANN_LAST_APPLIED,
    ANN_REVISION,
    ANN_REVISION_HISTORY,
    ANN_DESIRED_REPLICAS,
    ANN_MAX_REPLICAS,
    ANN_ROLLBACK_TO,
];

/// `intstr.IntOrString` as written by the user: `2` or `"25%"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntOrPercent {
    Int(i64),
    /// Kept verbatim (e.g. `"25%"`); validation guarantees the `^[0-9]+%$` shape.
    Percent(String),
}

impl IntOrPercent {
    /// `intstr.GetScaledValueFromIntOrPercent`: ints unchanged, percents scaled by
    /// `total` and rounded up or down. Errors on a string that is not `N%`.
    pub fn scaled(&self, total: i64, round_up: bool) -> Result<i64, String> {
        match self {
            IntOrPercent::Int(v) => Ok(*v),
            IntOrPercent::Percent(s) => {
                let digits = s
                    .strip_suffix('%')
                    .ok_or_else(|| "invalid type: string is not a percentage".to_string())?;
                let p: i64 = digits.parse().map_err(|_| {
                    format!("invalid value {s:?}: strconv.Atoi: parsing {digits:?}: invalid syntax")
                })?;
                // Integer arithmetic equals Go's float64 ceil/floor for these magnitudes.
                let num = p.saturating_mul(total);
                Ok(if round_up {
                    div_ceil(num, 100)
                } else {
                    num.div_euclid(100)
                })
            }
        }
    }

    pub fn display(&self) -> String {
        match self {
            IntOrPercent::Int(v) => v.to_string(),
            IntOrPercent::Percent(s) => s.clone(),
        }
    }
}

fn div_ceil(a: i64, b: i64) -> i64 {
    let q = a.div_euclid(b);
    if a.rem_euclid(b) != 0 {
        q + 1
    } else {
        q
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Strategy {
    Recreate,
    RollingUpdate {
        max_surge: IntOrPercent,
        max_unavailable: IntOrPercent,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerPort {
    pub container_port: i64,
    pub protocol: String,
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProbeHandler {
    HttpGet { path: String, port: String },
    TcpSocket { port: String },
    Exec { command: Vec<String> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    pub handler: ProbeHandler,
    pub initial_delay_seconds: i64,
    pub period_seconds: i64,
    pub timeout_seconds: i64,
    pub success_threshold: i64,
    pub failure_threshold: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvVar {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Container {
    pub name: String,
    pub image: String,
    pub image_pull_policy: String,
    pub ports: Vec<ContainerPort>,
    pub env: Vec<EnvVar>,
    pub readiness_probe: Option<Probe>,
    pub liveness_probe: Option<Probe>,
    /// `resources.limits.memory` as written (e.g. `"128Mi"`), if any.
    pub memory_limit: Option<String>,
    pub termination_message_path: String,
    pub termination_message_policy: String,
    /// Fields Kubernetes knows but the simulator does not act on, as canonical
    /// text (field name -> value). They take part in template equality and hashing.
    pub extra: crate::order::NameMap<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodSpec {
    pub containers: Vec<Container>,
    pub restart_policy: String,
    pub termination_grace_period_seconds: i64,
    pub dns_policy: String,
    pub scheduler_name: String,
    /// See [`Container::extra`].
    pub extra: crate::order::NameMap<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodTemplate {
    pub labels: Labels,
    pub annotations: Labels,
    pub spec: PodSpec,
}

impl PodTemplate {
    /// `EqualIgnoreHash`: equal once the pod-template-hash label is dropped from both.
    pub fn equal_ignore_hash(&self, other: &PodTemplate) -> bool {
        if self.spec != other.spec || self.annotations != other.annotations {
            return false;
        }
        let strip = |l: &Labels| -> Labels {
            l.iter()
                .filter(|(k, _)| k.as_str() != LABEL_POD_TEMPLATE_HASH)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        strip(&self.labels) == strip(&other.labels)
    }

    pub fn without_hash(&self) -> PodTemplate {
        let mut t = self.clone();
        t.labels.remove(LABEL_POD_TEMPLATE_HASH);
        t
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeploymentSpec {
    pub replicas: i32,
    /// `matchLabels`; the simulator supports label-equality selectors only.
    pub selector: Labels,
    pub template: PodTemplate,
    pub strategy: Strategy,
    pub min_ready_seconds: i32,
    pub revision_history_limit: i32,
    /// `None` means disabled (Kubernetes also treats 2147483647 as disabled).
    pub progress_deadline_seconds: Option<i32>,
    pub paused: bool,
}

impl DeploymentSpec {
    pub fn progress_deadline_enabled(&self) -> bool {
        matches!(self.progress_deadline_seconds, Some(p) if p != i32::MAX)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConditionStatus {
    True,
    False,
    Unknown,
}

impl ConditionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionStatus::True => "True",
            ConditionStatus::False => "False",
            ConditionStatus::Unknown => "Unknown",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub kind: String,
    pub status: ConditionStatus,
    pub reason: String,
    pub message: String,
    pub last_update_ms: TimeMs,
    pub last_transition_ms: TimeMs,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeploymentStatus {
    pub observed_generation: i64,
    pub replicas: i32,
    pub updated_replicas: i32,
    pub ready_replicas: i32,
    pub available_replicas: i32,
    pub unavailable_replicas: i32,
    pub conditions: Vec<Condition>,
    pub collision_count: Option<i32>,
}

impl DeploymentStatus {
    pub fn condition(&self, kind: &str) -> Option<&Condition> {
        self.conditions.iter().find(|c| c.kind == kind)
    }

    /// `SetDeploymentCondition`: no-op when status and reason are unchanged; keeps
    /// lastTransitionTime when only the reason changes; the new entry goes last.
    pub fn set_condition(&mut self, mut cond: Condition) {
        if let Some(cur) = self.condition(&cond.kind) {
            if cur.status == cond.status && cur.reason == cond.reason {
                return;
            }
            if cur.status == cond.status {
                cond.last_transition_ms = cur.last_transition_ms;
            }
        }
        self.remove_condition(&cond.kind.clone());
        self.conditions.push(cond);
    }

    pub fn remove_condition(&mut self, kind: &str) {
        self.conditions.retain(|c| c.kind != kind);
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deployment {
    pub name: String,
    pub uid: String,
    pub labels: Labels,
    pub annotations: Labels,
    pub generation: i64,
    /// Bumped on every write, spec or status: one "watch event" each.
    pub resource_version: u64,
    pub creation_ms: TimeMs,
    pub spec: DeploymentSpec,
    pub status: DeploymentStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplicaSetStatus {
    pub replicas: i32,
    pub fully_labeled_replicas: i32,
    pub ready_replicas: i32,
    pub available_replicas: i32,
    pub observed_generation: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicaSet {
    pub name: String,
    pub uid: String,
    /// Name of the controlling Deployment.
    pub owner: String,
    pub labels: Labels,
    pub annotations: Labels,
    pub generation: i64,
    pub creation_ms: TimeMs,
    pub replicas: i32,
    pub min_ready_seconds: i32,
    pub selector: Labels,
    pub template: PodTemplate,
    pub status: ReplicaSetStatus,
}

impl ReplicaSet {
    /// The revision annotation; a missing one counts as 0, an unparsable one as None.
    pub fn revision(&self) -> Option<i64> {
        match self.annotations.get(ANN_REVISION) {
            None => Some(0),
            Some(v) => v.parse().ok(),
        }
    }

    pub fn template_hash(&self) -> &str {
        self.labels
            .get(LABEL_POD_TEMPLATE_HASH)
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn images(&self) -> Vec<String> {
        self.template
            .spec
            .containers
            .iter()
            .map(|c| c.image.clone())
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodPhase {
    Pending,
    Running,
    Succeeded,
    Failed,
}

impl PodPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
        }
    }

    pub fn is_terminal(self) -> bool {
        matches!(self, PodPhase::Succeeded | PodPhase::Failed)
    }
}

/// The state of the pod's containers. The simulator moves all containers of a pod
/// through one shared lifecycle (see ARCHITECTURE.md).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContainerState {
    Waiting {
        reason: &'static str,
        message: String,
    },
    Running {
        started_ms: TimeMs,
    },
    Terminated {
        reason: &'static str,
        exit_code: i32,
        finished_ms: TimeMs,
    },
}

pub type PodId = u64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pod {
    pub id: PodId,
    pub name: std::rc::Rc<str>,
    /// `default` for every pod the cluster runs; `kube-system` for minikube's own
    /// (`super::minikube`).
    pub namespace: &'static str,
    /// Runs in the node's network namespace (its IP is the node's), as minikube's
    /// control-plane pods do.
    pub host_network: bool,
    /// 128 random bits shown as a UUID; also the deletion-order tie-break.
    pub uid: u128,
    /// The owning ReplicaSet's name; empty once orphaned.
    pub owner_rs: std::rc::Rc<str>,
    /// Shared with every pod of the ReplicaSet (pods never change them).
    pub labels: std::rc::Rc<Labels>,
    pub annotations: std::rc::Rc<Labels>,
    pub creation_ms: TimeMs,
    pub node_name: Option<&'static str>,
    /// The pod IP as a number in 10.244.0.0/16 (see [`Pod::ip`]).
    pub pod_ip: Option<u32>,
    pub phase: PodPhase,
    pub container: ContainerState,
    pub container_names: std::rc::Rc<Vec<std::rc::Rc<str>>>,
    pub images: std::rc::Rc<Vec<std::rc::Rc<str>>>,
    /// Per image: the container's `imagePullPolicy` is `Always`.
    pub pull_always: std::rc::Rc<Vec<bool>>,
    pub ready: bool,
    pub ready_since_ms: Option<TimeMs>,
    pub available: bool,
    pub restart_count: i32,
    pub last_termination_ms: Option<TimeMs>,
    pub deletion_ms: Option<TimeMs>,
    pub grace_period_seconds: i64,
    pub readiness_probe: Option<std::rc::Rc<Probe>>,
    pub memory_limit: Option<std::rc::Rc<str>>,
    pub env: std::rc::Rc<Vec<EnvVar>>,
}

impl Pod {
    /// Active as the ReplicaSet controller counts it: not terminal, not being deleted.
    pub fn is_active(&self) -> bool {
        !self.phase.is_terminal() && self.deletion_ms.is_none()
    }

    pub fn is_terminating(&self) -> bool {
        self.deletion_ms.is_some() && !self.phase.is_terminal()
    }

    /// `10.244.x.y`, once the sandbox exists.
    pub fn ip(&self) -> Option<String> {
        if self.host_network {
            return Some(NODE_IP.to_string());
        }
        self.pod_ip
            .map(|n| format!("10.244.{}.{}", n / 256, n % 256))
    }

    pub fn uid_string(&self) -> String {
        format_uid(self.uid)
    }
}

/// The namespace every object the learner makes lives in.
pub const DEFAULT_NAMESPACE: &str = "default";

/// The node's InternalIP (minikube's docker driver).
pub const NODE_IP: &str = "192.168.49.2";

pub fn format_uid(u: u128) -> String {
    let h = format!("{u:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

pub fn selector_matches(selector: &Labels, labels: &Labels) -> bool {
    selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

pub fn labels_string(l: &Labels) -> String {
    if l.is_empty() {
        return "<none>".to_string();
    }
    l.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}
