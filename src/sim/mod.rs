//! The deterministic cluster core: object store, seeded PRNG, simulated clock and
//! timers, the Deployment and ReplicaSet controllers and the kubelet model.
//!
//! It must not read a clock or an entropy source, know YAML or command syntax, or
//! touch the browser: time enters only through [`Sim::advance_to`], randomness only
//! through the seed given to [`Sim::new`]. Every collection that reaches output is
//! ordered (`BTreeMap`, `NameMap`, sorted `Vec`). Same seed and same inputs give
//! the same state, however time is sliced: timers fire at their exact deadlines and
//! everything due at one instant is handled before the controllers settle.
//!
//! Controllers are event driven as upstream: a Deployment is synced when it changes,
//! when one of its ReplicaSets changes (spec or status), on a timed requeue (progress
//! deadline) and, for Recreate, when its last pod object is removed.

mod bare;
pub mod events;
pub mod go_types;
pub mod hash;
pub mod invariants;
pub mod kubelet;
pub mod minikube;
pub mod namespace;
pub mod objects;
pub mod registry;
pub mod rng;
pub mod rolling;
pub mod service;
pub mod spew_schema;
pub mod stored;

mod controller;
mod replicaset;

pub use controller::append_revision_history as revision_history_append;

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::order::{NameMap, NameSet};

use events::{EventLog, EventText, EventType};
use kubelet::{ImageState, NodePod};
pub use namespace::Namespace;
pub use objects::*;
use rng::Rng;
pub use service::*;

/// The largest `spec.replicas` the playground accepts.
pub const MAX_REPLICAS: i32 = 100_000;
/// The most Deployments one simulated cluster holds.
pub const MAX_DEPLOYMENTS: usize = 50;
/// Controller passes at one instant before the loop is declared runaway.
const MAX_RECONCILE_PASSES: u32 = 10_000;

/// What a timer wakes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Wake {
    /// The kubelet's next step for a pod, valid while the pod's epoch is unchanged.
    Pod { id: PodId, epoch: u32 },
    /// A readiness probe run.
    Probe { id: PodId, epoch: u32 },
    /// The ReplicaSet controller's availability re-check (minReadySeconds).
    Available { id: PodId, ready_since_ms: TimeMs },
    /// A timed requeue of a Deployment (progress deadline).
    Deployment { name: String },
}

/// Live pod counts of one ReplicaSet, kept up to date on every pod change so a
/// ReplicaSet sync never scans its pods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PodCounts {
    /// Not terminal and not being deleted: what RS `status.replicas` counts.
    pub active: i32,
    pub ready: i32,
    pub available: i32,
    /// Being deleted, not yet terminal.
    pub terminating: i32,
    /// Not terminal, deleted or not: what blocks a Recreate.
    pub nonterminal: i32,
}

impl PodCounts {
    fn of(p: &Pod) -> PodCounts {
        let active = p.is_active();
        PodCounts {
            active: active as i32,
            ready: (active && p.ready) as i32,
            available: (active && p.available) as i32,
            terminating: p.is_terminating() as i32,
            nonterminal: (!p.phase.is_terminal()) as i32,
        }
    }

    fn add(&mut self, o: PodCounts, sign: i32) {
        self.active += sign * o.active;
        self.ready += sign * o.ready;
        self.available += sign * o.available;
        self.terminating += sign * o.terminating;
        self.nonterminal += sign * o.nonterminal;
    }
}

/// The parts of a pod that every pod of one ReplicaSet shares, built once.
#[derive(Clone, Debug)]
struct PodShared {
    owner: Rc<str>,
    labels: Rc<Labels>,
    annotations: Rc<Labels>,
    container_names: Rc<Vec<Rc<str>>>,
    images: Rc<Vec<Rc<str>>>,
    /// Per image: `imagePullPolicy: Always` (check the registry even when cached).
    pull_always: Rc<Vec<bool>>,
    readiness_probe: Option<Rc<Probe>>,
    env: Rc<Vec<EnvVar>>,
    memory_limit: Option<Rc<str>>,
    profile: Rc<registry::ImageInfo>,
}

/// Errors a command to the cluster can meet (beyond what `manifest` validates).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimError {
    AlreadyExists(String),
    NotFound(String),
    TooMany(String),
    /// The API server's allocators refused a field: the cause, as `path: Invalid value: ...`.
    Invalid(String),
}

#[derive(Clone, Debug)]
pub struct Sim {
    now_ms: TimeMs,
    rng: Rng,
    seed: u64,
    deployments: NameMap<Deployment>,
    services: NameMap<Service>,
    namespaces: NameMap<Namespace>,
    /// The templates of the pods no controller owns, by pod name.
    bare_pods: NameMap<PodTemplate>,
    replica_sets: NameMap<ReplicaSet>,
    /// Boxed: B-tree nodes then move pointers, not whole pods, when they split.
    pods: BTreeMap<PodId, Box<NodePod>>,
    pod_names: BTreeMap<Rc<str>, PodId>,
    rs_pods: NameMap<BTreeSet<PodId>>,
    rs_counts: NameMap<PodCounts>,
    next_pod_id: PodId,
    next_ip: u32,
    /// Timers by deadline, each bucket in the order they were set. Kubelet steps land
    /// on relist ticks, so a few hundred buckets hold most timers.
    timers: BTreeMap<TimeMs, Vec<Wake>>,
    requeue_at: NameMap<TimeMs>,
    dirty_deployments: NameSet,
    dirty_rs: NameSet,
    images: NameMap<ImageState>,
    /// What every pod of a ReplicaSet shares (its template never changes).
    pod_templates: NameMap<PodShared>,
    events: EventLog,
    /// Times the reconcile loop hit its pass limit; the invariant checker reports it.
    runaway_reconciles: u32,
    /// Controller syncs run so far (for benchmarks and the "why" view).
    pub sync_count: u64,
    /// Per Deployment, the arithmetic of its last few syncs, newest last (the "why"
    /// view); a sync that repeats the previous one's words only updates its time.
    sync_traces: NameMap<Vec<SyncTrace>>,
    /// Inside [`Sim::dry_run`]: the writes below validate and answer as if they
    /// had acted, and change nothing (not even the random stream).
    dry_run: bool,
}

/// The numbers one rollout sync worked with and what it decided, as facts; the
/// page puts them into words (`ui::views::sync_lines`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncTrace {
    pub at_ms: TimeMs,
    pub facts: Vec<SyncFact>,
}

/// One thing a sync found or decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncFact {
    /// RollingUpdate's bounds: maxSurge and maxUnavailable as written and resolved.
    Bounds {
        desired: i32,
        surge_written: String,
        surge: i32,
        unavailable_written: String,
        unavailable: i32,
    },
    /// Pods in the ReplicaSets' specs, and how many are available.
    Now {
        pods: i64,
        available: i64,
    },
    /// The new ReplicaSet grows into the room under replicas + maxSurge.
    NewScaledUp {
        rs: String,
        from: i32,
        to: i32,
        max_total: i64,
        pods: i64,
        desired: i32,
    },
    NewScaledDown {
        rs: String,
        from: i32,
        to: i32,
    },
    /// The new ReplicaSet cannot grow: pods are at the maximum.
    NewBlocked {
        rs: String,
        at: i32,
    },
    /// How many pods the old ReplicaSets may lose.
    OldBudget {
        budget: i64,
        pods: i64,
        min_available: i64,
        new_unavailable: i64,
    },
    OldScaled {
        rs: String,
        from: i32,
        to: i32,
    },
    /// Nothing may scale down until new pods are available.
    WaitingForNewPods,
    Complete,
    RecreatePlan {
        desired: i32,
    },
    /// Recreate waits for the old pods to be gone.
    RecreateWaiting {
        old_pods: i32,
    },
    RecreateNew {
        rs: String,
        from: i32,
        to: i32,
    },
    /// A scaling event: the desired count against the specs' sum.
    Scaling {
        desired: i32,
        specs_sum: i64,
        paused: bool,
    },
    /// Several ReplicaSets are active: the change is shared in proportion.
    Proportional {
        max_total: i32,
    },
    Scaled {
        rs: String,
        from: i32,
        to: i32,
    },
}

impl Sim {
    pub fn new(seed: u64) -> Sim {
        Sim {
            now_ms: 0,
            dry_run: false,
            rng: Rng::new(seed),
            seed,
            deployments: NameMap::new(),
            services: NameMap::new(),
            namespaces: namespace::minikube_namespaces(),
            bare_pods: NameMap::new(),
            replica_sets: NameMap::new(),
            pods: BTreeMap::new(),
            pod_names: BTreeMap::new(),
            rs_pods: NameMap::new(),
            rs_counts: NameMap::new(),
            next_pod_id: 1,
            next_ip: 3,
            timers: BTreeMap::new(),
            requeue_at: NameMap::new(),
            dirty_deployments: NameSet::new(),
            dirty_rs: NameSet::new(),
            images: NameMap::new(),
            pod_templates: NameMap::new(),
            events: EventLog::default(),
            runaway_reconciles: 0,
            sync_count: 0,
            sync_traces: NameMap::new(),
        }
    }

    /// Pods created since the start (a measure of simulation work).
    pub fn pods_created(&self) -> u64 {
        self.next_pod_id - 1
    }

    /// The arithmetic of a Deployment's last sync.
    pub fn sync_trace(&self, deployment: &str) -> Option<&SyncTrace> {
        self.sync_traces.get(deployment)?.last()
    }

    /// The last few syncs of a Deployment, newest first.
    pub fn sync_traces(&self, deployment: &str) -> impl Iterator<Item = &SyncTrace> {
        self.sync_traces
            .get(deployment)
            .into_iter()
            .flat_map(|v| v.iter().rev())
    }

    pub(crate) fn set_sync_trace(&mut self, deployment: &str, facts: Vec<SyncFact>) {
        const KEEP: usize = 4;
        let at_ms = self.now_ms;
        let traces = self.sync_traces.get_or_insert_with(deployment, Vec::new);
        match traces.last_mut() {
            Some(last) if last.facts == facts => last.at_ms = at_ms,
            _ => {
                traces.push(SyncTrace { at_ms, facts });
                if traces.len() > KEEP {
                    traces.remove(0);
                }
            }
        }
    }

    // ----- getters -------------------------------------------------------------

    pub fn now_ms(&self) -> TimeMs {
        self.now_ms
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn deployments(&self) -> impl Iterator<Item = &Deployment> {
        self.deployments.values()
    }

    pub fn deployment(&self, name: &str) -> Option<&Deployment> {
        self.deployments.get(name)
    }

    pub fn replica_sets(&self) -> impl Iterator<Item = &ReplicaSet> {
        self.replica_sets.values()
    }

    pub fn replica_set(&self, name: &str) -> Option<&ReplicaSet> {
        self.replica_sets.get(name)
    }

    /// The ReplicaSets a Deployment owns, oldest first.
    pub fn replica_sets_of(&self, deployment: &str) -> Vec<&ReplicaSet> {
        let mut v: Vec<&ReplicaSet> = self
            .replica_sets
            .values()
            .filter(|r| r.owner == deployment)
            .collect();
        crate::order::sort_by(&mut v, |a, b| {
            (a.creation_ms, &a.name).cmp(&(b.creation_ms, &b.name))
        });
        v
    }

    /// Pods in name order.
    pub fn pods(&self) -> impl Iterator<Item = &Pod> {
        self.pod_names
            .values()
            .filter_map(|id| self.pods.get(id).map(|p| &p.pod))
    }

    pub fn pod_count(&self) -> usize {
        self.pods.len()
    }

    pub fn pod(&self, name: &str) -> Option<&Pod> {
        self.pod_names
            .get(name)
            .and_then(|id| self.pods.get(id).map(|p| &p.pod))
    }

    /// Pods a ReplicaSet owns (terminating ones included), in name order.
    pub fn pods_of(&self, rs: &str) -> Vec<&Pod> {
        let mut v: Vec<&Pod> = self
            .rs_pods
            .get(rs)
            .map(|ids| {
                ids.iter()
                    .filter_map(|id| self.pods.get(id).map(|p| &p.pod))
                    .collect()
            })
            .unwrap_or_default();
        crate::order::sort_by(&mut v, |a, b| a.name.cmp(&b.name));
        v
    }

    /// Pods a ReplicaSet owns in creation order, without sorting (for drawing).
    pub fn pods_of_in_creation_order(&self, rs: &str) -> impl Iterator<Item = &Pod> {
        self.rs_pods.get(rs).into_iter().flat_map(|ids| {
            ids.iter()
                .filter_map(|id| self.pods.get(id).map(|p| &p.pod))
        })
    }

    /// What a pod's application does, as the simulated registry describes its image.
    pub fn pod_behaviour(&self, id: PodId) -> Option<&registry::AppBehaviour> {
        self.pods.get(&id).map(|n| &n.profile.behaviour)
    }

    pub fn pod_counts(&self, rs: &str) -> PodCounts {
        self.rs_counts.get(rs).copied().unwrap_or_default()
    }

    pub fn events(&self) -> &EventLog {
        &self.events
    }

    /// When the next timer fires, if any.
    pub fn next_deadline(&self) -> Option<TimeMs> {
        self.timers.first_key_value().map(|(t, _)| *t)
    }

    pub fn runaway_reconciles(&self) -> u32 {
        self.runaway_reconciles
    }

    // ----- commands --------------------------------------------------------------

    /// The Deployment a create would store (generation 1, empty status, the uid the
    /// next create draws), checked but not stored: what a server dry run answers.
    pub fn deployment_to_create(
        &self,
        name: &str,
        labels: Labels,
        annotations: Labels,
        spec: DeploymentSpec,
    ) -> Result<Deployment, SimError> {
        if self.deployments.contains_key(name) {
            return Err(SimError::AlreadyExists(name.to_string()));
        }
        if self.deployments.len() >= MAX_DEPLOYMENTS {
            return Err(SimError::TooMany(format!(
                "the playground holds at most {MAX_DEPLOYMENTS} deployments"
            )));
        }
        check_caps(&spec)?;
        Ok(Deployment {
            name: name.to_string(),
            uid: format_uid(self.rng.clone().u128()),
            labels,
            annotations,
            generation: 1,
            resource_version: 1,
            creation_ms: self.now_ms,
            spec,
            status: DeploymentStatus::default(),
        })
    }

    /// Creates a Deployment (generation 1, empty status) and lets the controllers act.
    pub fn create_deployment(
        &mut self,
        name: &str,
        labels: Labels,
        annotations: Labels,
        spec: DeploymentSpec,
    ) -> Result<(), SimError> {
        let d = self.deployment_to_create(name, labels, annotations, spec)?;
        if self.dry_run {
            return Ok(());
        }
        // The uid `deployment_to_create` read; drawn now.
        self.rng.u128();
        self.deployments.insert(name.to_string(), d);
        self.dirty_deployments.add(name);
        self.reconcile();
        Ok(())
    }

    /// Replaces a Deployment's labels, annotations and spec, as an API update does:
    /// generation goes up when the spec or the annotations changed. Returns whether
    /// anything changed.
    pub fn update_deployment(
        &mut self,
        name: &str,
        labels: Labels,
        annotations: Labels,
        spec: DeploymentSpec,
    ) -> Result<bool, SimError> {
        check_caps(&spec)?;
        let d = self
            .deployments
            .get_mut(name)
            .ok_or_else(|| SimError::NotFound(name.to_string()))?;
        let bump = d.spec != spec || d.annotations != annotations;
        let changed = bump || d.labels != labels;
        if !changed || self.dry_run {
            return Ok(false);
        }
        if bump {
            d.generation += 1;
        }
        d.labels = labels;
        d.annotations = annotations;
        d.spec = spec;
        d.resource_version += 1;
        self.dirty_deployments.add(name);
        self.reconcile();
        Ok(true)
    }

    /// Deletes a Deployment with background cascading: the object goes at once, the
    /// garbage collector then deletes its ReplicaSets, whose pods terminate gracefully.
    pub fn delete_deployment(&mut self, name: &str) -> Result<(), SimError> {
        self.remove_deployment(name, false)
    }

    /// Deletes a Deployment with orphan propagation: the garbage collector only
    /// removes the owner reference from its ReplicaSets, which go on running their
    /// pods, owned by nobody.
    pub fn orphan_deployment(&mut self, name: &str) -> Result<(), SimError> {
        self.remove_deployment(name, true)
    }

    fn remove_deployment(&mut self, name: &str, orphan: bool) -> Result<(), SimError> {
        if !self.deployments.contains_key(name) {
            return Err(SimError::NotFound(name.to_string()));
        }
        if self.dry_run {
            return Ok(());
        }
        self.deployments.remove(name);
        self.requeue_at.remove(name);
        let owned: Vec<String> = self
            .replica_sets_of(name)
            .iter()
            .map(|r| r.name.clone())
            .collect();
        for rs in owned {
            match self.replica_sets.get_mut(&rs) {
                Some(r) if orphan => r.owner.clear(),
                _ => self.delete_replica_set(&rs),
            }
        }
        self.reconcile();
        Ok(())
    }

    /// `kubectl delete pod`: graceful deletion; the ReplicaSet replaces the pod
    /// (a bare pod is gone for good).
    pub fn delete_pod(&mut self, name: &str) -> Result<(), SimError> {
        let id = *self
            .pod_names
            .get(name)
            .ok_or_else(|| SimError::NotFound(name.to_string()))?;
        if self.dry_run {
            return Ok(());
        }
        self.request_pod_deletion(id);
        self.reconcile();
        Ok(())
    }

    /// Runs `f` as a dry run, the API server's `dryRun=All`: every write in it
    /// validates and answers, and nothing changes. The one mechanism for both
    /// doors: kubectl's `--dry-run` and `kubesim serve`'s `?dryRun=All`.
    pub fn dry_run<R>(&mut self, f: impl FnOnce(&mut Sim) -> R) -> R {
        let was = std::mem::replace(&mut self.dry_run, true);
        let result = f(self);
        self.dry_run = was;
        result
    }

    /// Whether the writes happening now are a dry run's.
    pub fn is_dry_run(&self) -> bool {
        self.dry_run
    }

    /// Advances simulated time by `dt_ms`.
    pub fn advance(&mut self, dt_ms: TimeMs) {
        self.advance_to(self.now_ms.saturating_add(dt_ms));
    }

    /// Advances simulated time to `t` (no-op if `t` is not in the future), firing
    /// every timer due on the way at its own deadline.
    pub fn advance_to(&mut self, t: TimeMs) {
        while let Some((&at, _)) = self.timers.first_key_value() {
            if at > t {
                break;
            }
            self.now_ms = self.now_ms.max(at);
            // Timers set while these fire, for this same instant, form a new bucket
            // and run after them, in the order they were set.
            while let Some(entry) = self.timers.first_entry() {
                if *entry.key() > self.now_ms {
                    break;
                }
                for wake in entry.remove() {
                    self.fire(wake);
                }
            }
            self.reconcile();
        }
        self.now_ms = self.now_ms.max(t);
    }

    // ----- internals shared by the controllers ----------------------------------

    fn schedule(&mut self, at: TimeMs, wake: Wake) {
        self.timers.entry(at).or_default().push(wake);
    }

    fn fire(&mut self, wake: Wake) {
        match wake {
            Wake::Pod { id, epoch } => {
                if self.pods.get(&id).is_some_and(|p| p.epoch == epoch) {
                    self.kubelet_step(id);
                }
            }
            Wake::Probe { id, epoch } => {
                if self.pods.get(&id).is_some_and(|p| p.epoch == epoch) {
                    self.readiness_probe(id);
                }
            }
            Wake::Available { id, ready_since_ms } => self.availability_check(id, ready_since_ms),
            Wake::Deployment { name } => {
                if self.requeue_at.get(&name) == Some(&self.now_ms) {
                    self.requeue_at.remove(&name);
                }
                if self.deployments.contains_key(&name) {
                    self.dirty_deployments.add(&name);
                }
            }
        }
    }

    /// Runs the ReplicaSet and Deployment controllers until nothing is left to do.
    fn reconcile(&mut self) {
        let mut passes = 0;
        while !self.dirty_rs.is_empty() || !self.dirty_deployments.is_empty() {
            passes += 1;
            if passes > MAX_RECONCILE_PASSES {
                self.runaway_reconciles += 1;
                self.dirty_rs.clear();
                self.dirty_deployments.clear();
                break;
            }
            for (rs, ()) in std::mem::take(&mut self.dirty_rs) {
                self.sync_replica_set(&rs);
            }
            for (d, ()) in std::mem::take(&mut self.dirty_deployments) {
                self.sync_count += 1;
                self.sync_deployment(&d);
            }
        }
    }

    fn record(
        &mut self,
        kind: EventType,
        reason: &'static str,
        object_kind: &'static str,
        name: &Rc<str>,
        message: impl Into<EventText>,
        source: &'static str,
    ) {
        self.events.record(
            self.now_ms,
            kind,
            reason,
            object_kind,
            name,
            message.into(),
            source,
        );
    }

    /// Every pod change goes through here so the owner's counts stay exact and the
    /// owner is enqueued, as a pod update enqueues its ReplicaSet upstream.
    fn update_pod<R>(&mut self, id: PodId, f: impl FnOnce(&mut Pod) -> R) -> Option<R> {
        let pod = &mut self.pods.get_mut(&id)?.pod;
        let before = PodCounts::of(pod);
        let r = f(pod);
        let after = PodCounts::of(pod);
        if !pod.owner_rs.is_empty() {
            if before != after {
                if let Some(c) = self.rs_counts.get_mut(&pod.owner_rs) {
                    c.add(before, -1);
                    c.add(after, 1);
                }
            }
            if !self.dirty_rs.contains_key(&pod.owner_rs) {
                self.dirty_rs.add(&pod.owner_rs);
            }
        }
        Some(r)
    }

    fn remove_pod(&mut self, id: PodId) {
        let Some(pod) = self.pods.remove(&id) else {
            return;
        };
        self.pod_names.remove(&pod.name);
        if pod.owner_rs.is_empty() {
            self.bare_pods.remove(&pod.name);
            return;
        }
        if let Some(c) = self.rs_counts.get_mut(&pod.owner_rs) {
            c.add(PodCounts::of(&pod), -1);
        }
        if let Some(set) = self.rs_pods.get_mut(&pod.owner_rs) {
            set.remove(&id);
        }
        self.dirty_rs.add(&pod.owner_rs);
        // Upstream's pod-delete handler enqueues a Recreate Deployment once none of
        // its pods remain.
        if let Some(owner) = self
            .replica_sets
            .get(&pod.owner_rs)
            .map(|r| r.owner.clone())
        {
            let recreate = self
                .deployments
                .get(&owner)
                .is_some_and(|d| d.spec.strategy == Strategy::Recreate);
            if recreate {
                let none_left = self
                    .replica_sets
                    .values()
                    .filter(|r| r.owner == owner)
                    .all(|r| self.rs_pods.get(&r.name).is_none_or(|s| s.is_empty()));
                if none_left {
                    self.dirty_deployments.add(&owner);
                }
            }
        }
    }

    /// Deletes a ReplicaSet object; its pods are orphaned and deleted gracefully.
    fn delete_replica_set(&mut self, name: &str) {
        if self.replica_sets.remove(name).is_none() {
            return;
        }
        let ids: Vec<PodId> = self
            .rs_pods
            .remove(name)
            .map(|s| s.into_iter().collect())
            .unwrap_or_default();
        self.rs_counts.remove(name);
        self.pod_templates.remove(name);
        self.dirty_rs.remove(name);
        for id in ids {
            if let Some(p) = self.pods.get_mut(&id) {
                p.pod.owner_rs = Rc::from("");
            }
            self.request_pod_deletion(id);
        }
    }
}

fn check_caps(spec: &DeploymentSpec) -> Result<(), SimError> {
    if spec.replicas > MAX_REPLICAS {
        return Err(SimError::TooMany(format!(
            "spec.replicas must be at most {MAX_REPLICAS} in the playground"
        )));
    }
    Ok(())
}
