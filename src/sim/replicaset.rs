//! The ReplicaSet controller: create or delete pods to match `spec.replicas`, choose
//! which pods go first as upstream's `getPodsToDelete` does, and write the status from
//! the live counts. It never looks at Deployments beyond enqueueing the owner.
//! Simplification: pods are created in one step (no 500-pod burst limit).

use super::events::{EventText, EventType};
use super::kubelet::NodePod;
use super::objects::*;
use super::{PodCounts, PodShared, Sim, Wake};
use std::rc::Rc;

const DELETION_COST: &str = "controller.kubernetes.io/pod-deletion-cost";

impl Sim {
    pub(super) fn sync_replica_set(&mut self, name: &str) {
        let Some(rs) = self.replica_sets.get(name) else {
            return;
        };
        let counts = self.pod_counts(name);
        let diff = counts.active - rs.replicas;
        if diff < 0 {
            for _ in 0..(-diff) {
                self.create_pod(name);
            }
        } else if diff > 0 {
            for id in self.pods_to_delete(name, diff as usize) {
                let pod_name = self.pods[&id].name.clone();
                self.request_pod_deletion(id);
                let rs_name = self.rs_name_rc(name);
                self.record(
                    EventType::Normal,
                    "SuccessfulDelete",
                    "replicaset",
                    &rs_name,
                    EventText::around("Deleted pod: ", &pod_name, ""),
                    "replicaset-controller",
                );
            }
        }
        let c: PodCounts = self.pod_counts(name);
        let Some(rs) = self.replica_sets.get_mut(name) else {
            return;
        };
        let status = ReplicaSetStatus {
            replicas: c.active,
            fully_labeled_replicas: c.active,
            ready_replicas: c.ready,
            available_replicas: c.available,
            observed_generation: rs.generation,
        };
        if status != rs.status {
            rs.status = status;
            let owner = rs.owner.clone();
            if self.deployments.contains_key(&owner) {
                self.dirty_deployments.add(&owner);
            }
        }
    }

    /// The ReplicaSet's name, shared (no allocation once its first pod exists).
    fn rs_name_rc(&self, rs_name: &str) -> Rc<str> {
        self.pod_templates
            .get(rs_name)
            .map(|p| Rc::clone(&p.owner))
            .unwrap_or_else(|| Rc::from(rs_name))
    }

    /// What every pod of the ReplicaSet shares (names, images, labels, probe and
    /// the image's behaviour), made once per template and kept.
    fn pod_shared(&mut self, rs_name: &str) -> PodShared {
        match self.pod_templates.get(rs_name) {
            Some(p) => p.clone(),
            None => {
                let p = shared_of(rs_name, &self.replica_sets[rs_name].template);
                self.pod_templates.insert(rs_name.to_string(), p.clone());
                p
            }
        }
    }
    fn create_pod(&mut self, rs_name: &str) {
        let rs = &self.replica_sets[rs_name];
        // generateName "<rs>-", cut to 58 characters as the API server does.
        let base_len = (rs.name.len() + 1).min(58);
        let grace = rs.template.spec.termination_grace_period_seconds;
        let id = self.next_pod_id;
        // One search of the name index both checks uniqueness and inserts.
        let name: Rc<str> = loop {
            let mut candidate = String::with_capacity(base_len + 5);
            candidate.push_str(rs_name);
            candidate.push('-');
            candidate.truncate(base_len);
            self.rng.push_name_suffix(&mut candidate, 5);
            let candidate: Rc<str> = Rc::from(candidate);
            if let std::collections::btree_map::Entry::Vacant(slot) =
                self.pod_names.entry(Rc::clone(&candidate))
            {
                slot.insert(id);
                break candidate;
            }
        };
        let shared = self.pod_shared(rs_name);
        self.spawn_pod(id, Rc::clone(&name), shared, grace);
        let owner = self.rs_name_rc(rs_name);
        self.record(
            EventType::Normal,
            "SuccessfulCreate",
            "replicaset",
            &owner,
            EventText::around("Created pod: ", &name, ""),
            "replicaset-controller",
        );
    }

    /// A new pod `id` named `name` (already in the name index), counted with its
    /// ReplicaSet if it has one, and handed to the scheduler.
    pub(super) fn spawn_pod(&mut self, id: PodId, name: Rc<str>, shared: PodShared, grace: i64) {
        let uid = self.rng.u128();
        self.next_pod_id += 1;
        let owner = Rc::clone(&shared.owner);
        let pod = Pod {
            id,
            name: Rc::clone(&name),
            namespace: DEFAULT_NAMESPACE,
            host_network: false,
            uid,
            owner_rs: Rc::clone(&shared.owner),
            labels: shared.labels,
            annotations: shared.annotations,
            creation_ms: self.now_ms,
            node_name: None,
            pod_ip: None,
            phase: PodPhase::Pending,
            container: ContainerState::Waiting {
                reason: "",
                message: String::new(),
            },
            container_names: shared.container_names,
            images: shared.images,
            pull_always: shared.pull_always,
            ready: false,
            ready_since_ms: None,
            available: false,
            restart_count: 0,
            last_termination_ms: None,
            deletion_ms: None,
            grace_period_seconds: grace,
            readiness_probe: shared.readiness_probe,
            memory_limit: shared.memory_limit,
            env: shared.env,
        };
        if !owner.is_empty() {
            if let Some(c) = self.rs_counts.get_mut(&owner) {
                c.add(PodCounts::of(&pod), 1);
            }
            self.rs_pods
                .get_or_insert_with(&owner, std::collections::BTreeSet::new)
                .insert(id);
        }
        self.pods
            .insert(id, Box::new(NodePod::new(pod, shared.profile)));
        let bind_at = self.now_ms + super::kubelet::jitter(&mut self.rng, (5, 40));
        self.schedule(bind_at, Wake::Pod { id, epoch: 0 });
    }

    /// §17.2 getPodsToDelete: the `n` active pods that go first, in name order.
    fn pods_to_delete(&self, rs_name: &str, n: usize) -> Vec<PodId> {
        let Some(ids) = self.rs_pods.get(rs_name) else {
            return Vec::new();
        };
        let mut active: Vec<&Pod> = ids
            .iter()
            .filter_map(|id| self.pods.get(id).map(|p| &p.pod))
            .filter(|p| p.is_active())
            .collect();
        if n < active.len() {
            let now = self.now_ms;
            active.select_nth_unstable_by_key(n, |p| deletion_rank(p, now));
            active.truncate(n);
        }
        crate::order::sort_by(&mut active, |a, b| a.name.cmp(&b.name));
        active.into_iter().map(|p| p.id).collect()
    }
}

/// The sort key of upstream's `ActivePodsWithRanks` comparator (deleted first =
/// smallest), made a total order: unassigned, then Pending before Running, then not
/// ready, lower deletion cost, (one node: equal co-location rank), shorter time ready
/// by log2 bucket with the UID as tie-break, more restarts, newer by log2 bucket, UID.
type Rank = (
    u8,
    u8,
    u8,
    i64,
    u32,
    u128,
    std::cmp::Reverse<i32>,
    u32,
    u128,
);

pub fn deletion_rank(p: &Pod, now: TimeMs) -> Rank {
    let unassigned = if p.node_name.is_none() { 0 } else { 1 };
    let phase = match p.phase {
        PodPhase::Pending => 0,
        PodPhase::Running => 2,
        _ => 1,
    };
    let cost: i64 = p
        .annotations
        .get(DELETION_COST)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let (ready, ready_bucket, ready_uid) = match (p.ready, p.ready_since_ms) {
        (true, Some(t)) => (1, log2_bucket(now.saturating_sub(t)), p.uid),
        (true, None) => (1, 0, p.uid),
        _ => (0, 0, 0),
    };
    (
        unassigned,
        phase,
        ready,
        cost,
        ready_bucket,
        ready_uid,
        std::cmp::Reverse(p.restart_count),
        log2_bucket(now.saturating_sub(p.creation_ms)),
        p.uid,
    )
}

/// floor(log2(nanoseconds)), 0 for no time at all.
fn log2_bucket(ms: TimeMs) -> u32 {
    let ns = (ms as u128) * 1_000_000;
    if ns == 0 {
        0
    } else {
        127 - ns.leading_zeros()
    }
}

/// What every pod made from `template` shares (names, images, labels, probe and
/// the image's behaviour); `owner` is its ReplicaSet, or "" for a bare pod.
pub(super) fn shared_of(owner: &str, template: &PodTemplate) -> PodShared {
    let first = template.spec.containers.first();
    let image_strings: Vec<String> = template
        .spec
        .containers
        .iter()
        .map(|c| c.image.clone())
        .collect();
    let env = first.map(|c| c.env.clone()).unwrap_or_default();
    let memory_limit = first.and_then(|c| c.memory_limit.as_deref());
    let profile = Rc::new(super::registry::pod_profile(
        &image_strings,
        &env,
        memory_limit,
    ));
    PodShared {
        owner: Rc::from(owner),
        labels: Rc::new(template.labels.clone()),
        annotations: Rc::new(template.annotations.clone()),
        container_names: Rc::new(
            template
                .spec
                .containers
                .iter()
                .map(|c| Rc::from(c.name.as_str()))
                .collect(),
        ),
        images: Rc::new(image_strings.iter().map(|i| Rc::from(i.as_str())).collect()),
        pull_always: Rc::new(
            template
                .spec
                .containers
                .iter()
                .map(|c| c.image_pull_policy == "Always")
                .collect(),
        ),
        readiness_probe: first.and_then(|c| c.readiness_probe.clone()).map(Rc::new),
        env: Rc::new(env),
        memory_limit: memory_limit.map(Rc::from),
        profile,
    }
}
