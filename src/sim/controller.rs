//! The Deployment controller: `syncDeployment` and what it calls, following
//! `k8s-deployment-semantics.md` section by section (numbers in comments). The
//! arithmetic lives in `rolling.rs`; this file reads and writes the store.
//! Simplifications: no adoption/orphaning of ReplicaSets (selectors are immutable and
//! the playground has no foreign ReplicaSets), no legacy rollback annotation, no
//! ReplicaFailure (pod creation never fails here).

use super::events::EventType;
use super::objects::*;
use super::rolling::{self, OldRsView, ScaleView};
use super::{Sim, SyncFact, Wake};

const PROGRESSING: &str = "Progressing";
const AVAILABLE: &str = "Available";
/// Upstream's cap on the revision-history annotation (§6.2).
const MAX_REV_HISTORY_CHARS: usize = 2000;

impl Sim {
    /// §3, for one Deployment.
    pub(super) fn sync_deployment(&mut self, name: &str) {
        if !self.deployments.contains_key(name) {
            return;
        }
        self.check_paused_conditions(name);
        let d = self.deployments[name].clone();
        let rs_list = self.owned_sorted(name);
        if d.spec.paused {
            self.sync_scale(&d, &rs_list);
            return;
        }
        if self.is_scaling_event(&d, &rs_list) {
            let d = self.deployments[name].clone();
            self.sync_scale(&d, &rs_list);
            return;
        }
        match d.spec.strategy {
            Strategy::Recreate => self.rollout_recreate(name, &rs_list),
            Strategy::RollingUpdate { .. } => self.rollout_rolling(name, &rs_list),
        }
    }

    /// RS names owned by `d`, oldest first (creation time, then name).
    fn owned_sorted(&self, d: &str) -> Vec<String> {
        self.replica_sets_of(d)
            .into_iter()
            .map(|r| r.name.clone())
            .collect()
    }

    fn rs(&self, name: &str) -> &ReplicaSet {
        &self.replica_sets[name]
    }

    fn spec_sum(&self, names: &[String]) -> i64 {
        names
            .iter()
            .filter_map(|n| self.replica_sets.get(n))
            .map(|r| r.replicas as i64)
            .sum()
    }

    /// §4 FindNewReplicaSet: the oldest RS whose template equals d's, ignoring the hash.
    fn find_new_rs(&self, d: &Deployment, rs_list: &[String]) -> Option<String> {
        rs_list
            .iter()
            .find(|n| self.rs(n).template.equal_ignore_hash(&d.spec.template))
            .cloned()
    }

    /// §4 getAllReplicaSetsAndSyncRevision: (new RS, all old RSs), oldest first.
    fn get_all(
        &mut self,
        name: &str,
        rs_list: &[String],
        create: bool,
    ) -> (Option<String>, Vec<String>) {
        let d = self.deployments[name].clone();
        let existing = self.find_new_rs(&d, rs_list);
        let old: Vec<String> = rs_list
            .iter()
            .filter(|n| Some(*n) != existing.as_ref())
            .cloned()
            .collect();
        let new = self.get_new_rs(name, &old, create);
        (new, old)
    }

    /// §5 getNewReplicaSet.
    fn get_new_rs(&mut self, name: &str, old: &[String], create: bool) -> Option<String> {
        let d = self.deployments[name].clone();
        let rs_list = self.owned_sorted(name);
        let max_old_revision = old
            .iter()
            .filter_map(|n| self.rs(n).revision())
            .max()
            .unwrap_or(0);
        let new_revision = max_old_revision + 1;
        if let Some(rs_name) = self.find_new_rs(&d, &rs_list) {
            // §5.1
            let mut rs = self.rs(&rs_name).clone();
            let mut changed = copy_deployment_annotations(&d, &mut rs);
            let current: i64 = rs
                .annotations
                .get(ANN_REVISION)
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            if current < new_revision {
                let had = rs
                    .annotations
                    .get(ANN_REVISION)
                    .cloned()
                    .filter(|v| !v.is_empty());
                rs.annotations
                    .insert(ANN_REVISION.to_string(), new_revision.to_string());
                if let Some(old_rev) = had {
                    let history = rs
                        .annotations
                        .get(ANN_REVISION_HISTORY)
                        .cloned()
                        .unwrap_or_default();
                    rs.annotations.insert(
                        ANN_REVISION_HISTORY.to_string(),
                        append_revision_history(&history, &old_rev, MAX_REV_HISTORY_CHARS),
                    );
                }
                changed = true;
            }
            if changed || rs.min_ready_seconds != d.spec.min_ready_seconds {
                let mrs_changed = rs.min_ready_seconds != d.spec.min_ready_seconds;
                if mrs_changed {
                    rs.generation += 1;
                }
                rs.min_ready_seconds = d.spec.min_ready_seconds;
                self.replica_sets.insert(rs_name.clone(), rs);
                if mrs_changed {
                    self.min_ready_changed(&rs_name);
                }
                self.dirty_rs.add(&rs_name);
                self.dirty_deployments.add(name);
                return Some(rs_name);
            }
            let rev = rs
                .annotations
                .get(ANN_REVISION)
                .cloned()
                .unwrap_or_default();
            let mut nd = d.clone();
            nd.annotations.insert(ANN_REVISION.to_string(), rev);
            if d.spec.progress_deadline_enabled() && nd.status.condition(PROGRESSING).is_none() {
                let c = self.condition(
                    PROGRESSING,
                    ConditionStatus::True,
                    "FoundNewReplicaSet",
                    format!("Found new replica set \"{rs_name}\""),
                );
                nd.status.set_condition(c);
            }
            if nd != d {
                self.write_deployment(nd);
            }
            return Some(rs_name);
        }
        if !create {
            return None;
        }
        // §5.2
        let template = d.spec.template.without_hash();
        let hash = super::hash::compute_hash(&template, d.status.collision_count);
        let rs_name = format!("{}-{}", d.name, hash);
        let mut labels = template.labels.clone();
        labels.insert(LABEL_POD_TEMPLATE_HASH.to_string(), hash.clone());
        let mut selector = d.spec.selector.clone();
        selector.insert(LABEL_POD_TEMPLATE_HASH.to_string(), hash.clone());
        let mut rs_template = template.clone();
        rs_template.labels = labels.clone();
        let replicas = rolling::new_rs_new_replicas(&d.spec, self.spec_sum(old), 0)
            .unwrap_or(0)
            .max(0);
        if let Some(existing) = self.replica_sets.get(&rs_name) {
            if existing.owner == d.name && existing.template.equal_ignore_hash(&d.spec.template) {
                return Some(rs_name);
            }
            // A hash collision: bump collisionCount; the retry computes another name.
            let mut nd = d.clone();
            nd.status.collision_count = Some(nd.status.collision_count.unwrap_or(0) + 1);
            self.write_deployment(nd);
            return None;
        }
        let mut annotations = Labels::new();
        copy_annotations_into(&d, &mut annotations);
        annotations.insert(ANN_REVISION.to_string(), new_revision.to_string());
        annotations.insert(
            ANN_DESIRED_REPLICAS.to_string(),
            d.spec.replicas.to_string(),
        );
        annotations.insert(
            ANN_MAX_REPLICAS.to_string(),
            (d.spec.replicas + rolling::max_surge(&d.spec)).to_string(),
        );
        let uid = format_uid(self.rng.u128());
        let rs = ReplicaSet {
            name: rs_name.clone(),
            uid,
            owner: d.name.clone(),
            labels,
            annotations,
            generation: 1,
            creation_ms: self.now_ms,
            replicas,
            min_ready_seconds: d.spec.min_ready_seconds,
            selector,
            template: rs_template,
            status: ReplicaSetStatus::default(),
        };
        self.replica_sets.insert(rs_name.clone(), rs);
        self.rs_pods.insert(rs_name.clone(), Default::default());
        self.rs_counts.insert(rs_name.clone(), Default::default());
        self.dirty_rs.add(&rs_name);
        if replicas > 0 {
            let dname: std::rc::Rc<str> = std::rc::Rc::from(d.name.as_str());
            self.record(
                EventType::Normal,
                "ScalingReplicaSet",
                "deployment",
                &dname,
                format!("Scaled up replica set {rs_name} from 0 to {replicas}"),
                "deployment-controller",
            );
        }
        let mut nd = self.deployments[name].clone();
        nd.annotations
            .insert(ANN_REVISION.to_string(), new_revision.to_string());
        if d.spec.progress_deadline_enabled() {
            let c = self.condition(
                PROGRESSING,
                ConditionStatus::True,
                "NewReplicaSetCreated",
                format!("Created new replica set \"{rs_name}\""),
            );
            nd.status.set_condition(c);
        }
        self.write_deployment(nd);
        Some(rs_name)
    }

    fn condition(
        &self,
        kind: &str,
        status: ConditionStatus,
        reason: &str,
        message: String,
    ) -> Condition {
        Condition {
            kind: kind.to_string(),
            status,
            reason: reason.to_string(),
            message,
            last_update_ms: self.now_ms,
            last_transition_ms: self.now_ms,
        }
    }

    /// Stores a Deployment the controller changed (status, revision annotation):
    /// a watch event, and a requeue of the Deployment itself.
    fn write_deployment(&mut self, mut d: Deployment) {
        d.resource_version += 1;
        self.dirty_deployments.add(&d.name);
        self.deployments.insert(d.name.clone(), d);
    }

    /// §10 scaleReplicaSet. Returns whether the size changed.
    fn scale_rs(&mut self, rs_name: &str, new_size: i32, d: &Deployment) -> bool {
        let desired = d.spec.replicas.to_string();
        let max = (d.spec.replicas + rolling::max_surge(&d.spec)).to_string();
        let Some(rs) = self.replica_sets.get_mut(rs_name) else {
            return false;
        };
        let old_size = rs.replicas;
        let size_changed = old_size != new_size;
        let ann_changed = rs.annotations.get(ANN_DESIRED_REPLICAS) != Some(&desired)
            || rs.annotations.get(ANN_MAX_REPLICAS) != Some(&max);
        if !size_changed && !ann_changed {
            return false;
        }
        rs.annotations
            .insert(ANN_DESIRED_REPLICAS.to_string(), desired);
        rs.annotations.insert(ANN_MAX_REPLICAS.to_string(), max);
        if size_changed {
            rs.replicas = new_size;
            rs.generation += 1;
        }
        self.dirty_rs.add(rs_name);
        self.dirty_deployments.add(&d.name);
        if size_changed {
            let dir = if new_size > old_size { "up" } else { "down" };
            let dname: std::rc::Rc<str> = std::rc::Rc::from(d.name.as_str());
            self.record(
                EventType::Normal,
                "ScalingReplicaSet",
                "deployment",
                &dname,
                format!("Scaled {dir} replica set {rs_name} from {old_size} to {new_size}"),
                "deployment-controller",
            );
        }
        size_changed
    }

    /// scaleReplicaSetAndRecordEvent: nothing at all when the size is already right.
    fn scale_rs_and_record(&mut self, rs_name: &str, new_size: i32, d: &Deployment) -> bool {
        match self.replica_sets.get(rs_name) {
            Some(rs) if rs.replicas != new_size => self.scale_rs(rs_name, new_size, d),
            _ => false,
        }
    }

    /// §8.2 rolloutRolling.
    fn rollout_rolling(&mut self, name: &str, rs_list: &[String]) {
        let (new_rs, old) = self.get_all(name, rs_list, true);
        let d = self.deployments[name].clone();
        let mut all: Vec<String> = old.clone();
        all.extend(new_rs.iter().cloned());
        let mut why = self.why_rolling(&d, &all);
        // reconcileNewReplicaSet
        if let Some(n) = &new_rs {
            let cur = self.rs(n).replicas;
            if cur != d.spec.replicas {
                let target = if cur > d.spec.replicas {
                    d.spec.replicas
                } else {
                    rolling::new_rs_new_replicas(&d.spec, self.spec_sum(&all), cur).unwrap_or(cur)
                };
                let (rs, from, to) = (n.clone(), cur, target);
                if target > cur {
                    let max_total = d.spec.replicas as i64 + rolling::max_surge(&d.spec) as i64;
                    let (pods, desired) = (self.spec_sum(&all), d.spec.replicas);
                    why.push(SyncFact::NewScaledUp {
                        rs,
                        from,
                        to,
                        max_total,
                        pods,
                        desired,
                    });
                } else if target < cur {
                    why.push(SyncFact::NewScaledDown { rs, from, to });
                }
                if self.scale_rs_and_record(n, target, &d) {
                    self.set_sync_trace(name, why);
                    self.sync_rollout_status(name, &all, new_rs.as_deref());
                    return;
                }
                why.push(SyncFact::NewBlocked {
                    rs: n.clone(),
                    at: cur,
                });
            }
        }
        // reconcileOldReplicaSets over the active old RSs.
        let active_old: Vec<String> = old
            .iter()
            .filter(|n| self.rs(n).replicas > 0)
            .cloned()
            .collect();
        if self.spec_sum(&active_old) > 0 {
            if self.reconcile_old(&d, &all, &active_old, new_rs.as_deref(), &mut why) {
                self.set_sync_trace(name, why);
                self.sync_rollout_status(name, &all, new_rs.as_deref());
                return;
            }
            why.push(SyncFact::WaitingForNewPods);
        }
        if rolling::deployment_complete(&d.spec, d.generation, &d.status) {
            why.push(SyncFact::Complete);
            self.cleanup_deployment(&d, &old);
        }
        self.set_sync_trace(name, why);
        self.sync_rollout_status(name, &all, new_rs.as_deref());
    }

    /// The numbers a RollingUpdate sync works with, as the "why" view shows them.
    fn why_rolling(&self, d: &Deployment, all: &[String]) -> Vec<SyncFact> {
        let (surge_written, unavailable_written) = match &d.spec.strategy {
            Strategy::RollingUpdate {
                max_surge,
                max_unavailable,
            } => (max_surge.display(), max_unavailable.display()),
            Strategy::Recreate => (String::new(), String::new()),
        };
        let surge = rolling::max_surge(&d.spec);
        let unavailable = rolling::max_unavailable(&d.spec);
        let available: i64 = all
            .iter()
            .map(|n| self.rs(n).status.available_replicas as i64)
            .sum();
        vec![
            SyncFact::Bounds {
                desired: d.spec.replicas,
                surge_written,
                surge,
                unavailable_written,
                unavailable,
            },
            SyncFact::Now {
                pods: self.spec_sum(all),
                available,
            },
        ]
    }

    /// §8.3 reconcileOldReplicaSets. Returns whether anything was scaled down.
    /// `why` gets the budget and each old ReplicaSet's change, in words.
    fn reconcile_old(
        &mut self,
        d: &Deployment,
        all: &[String],
        active_old: &[String],
        new_rs: Option<&str>,
        why: &mut Vec<SyncFact>,
    ) -> bool {
        let all_pods = self.spec_sum(all);
        let min_available = (d.spec.replicas - rolling::max_unavailable(&d.spec)) as i64;
        let (new_spec, new_avail) = new_rs
            .map(|n| {
                (
                    self.rs(n).replicas as i64,
                    self.rs(n).status.available_replicas as i64,
                )
            })
            .unwrap_or((0, 0));
        let budget = rolling::max_scaled_down(all_pods, min_available, new_spec, new_avail);
        why.push(SyncFact::OldBudget {
            budget,
            pods: all_pods,
            min_available,
            new_unavailable: new_spec - new_avail,
        });
        if budget <= 0 {
            return false;
        }
        let before: Vec<i32> = active_old.iter().map(|n| self.rs(n).replicas).collect();
        let views: Vec<OldRsView> = active_old
            .iter()
            .map(|n| OldRsView {
                spec: self.rs(n).replicas,
                available: self.rs(n).status.available_replicas,
            })
            .collect();
        let (sizes, cleaned) = rolling::cleanup_unhealthy(&views, budget);
        for (n, s) in active_old.iter().zip(&sizes) {
            self.scale_rs_and_record(n, *s, d);
        }
        // Cached statuses: the cleanup above has not lowered them yet.
        let available: i64 = all
            .iter()
            .map(|n| self.rs(n).status.available_replicas as i64)
            .sum();
        let (sizes2, removed) =
            rolling::scale_down_old_for_rolling(&sizes, available, min_available);
        for (n, s) in active_old.iter().zip(&sizes2) {
            self.scale_rs_and_record(n, *s, d);
        }
        for (n, was) in active_old.iter().zip(before) {
            let now = self.rs(n).replicas;
            if now != was {
                why.push(SyncFact::OldScaled {
                    rs: n.clone(),
                    from: was,
                    to: now,
                });
            }
        }
        cleaned + removed > 0
    }

    /// §9 rolloutRecreate.
    fn rollout_recreate(&mut self, name: &str, rs_list: &[String]) {
        let (mut new_rs, old) = self.get_all(name, rs_list, false);
        let d = self.deployments[name].clone();
        let mut all: Vec<String> = old.clone();
        all.extend(new_rs.iter().cloned());
        let mut scaled = false;
        let mut why = vec![SyncFact::RecreatePlan {
            desired: d.spec.replicas,
        }];
        for n in old
            .iter()
            .filter(|n| self.rs(n).replicas > 0)
            .cloned()
            .collect::<Vec<_>>()
        {
            let from = self.rs(&n).replicas;
            why.push(SyncFact::OldScaled {
                rs: n.clone(),
                from,
                to: 0,
            });
            scaled |= self.scale_rs_and_record(&n, 0, &d);
        }
        if scaled {
            self.set_sync_trace(name, why);
            self.sync_rollout_status(name, &all, new_rs.as_deref());
            return;
        }
        if self.old_pods_running(&old) {
            let left: i32 = old.iter().map(|n| self.pod_counts(n).nonterminal).sum();
            why.push(SyncFact::RecreateWaiting { old_pods: left });
            self.set_sync_trace(name, why);
            self.sync_rollout_status(name, &all, new_rs.as_deref());
            return;
        }
        if new_rs.is_none() {
            new_rs = self.get_new_rs(name, &old, true);
            all = old.clone();
            all.extend(new_rs.iter().cloned());
        }
        let d = self.deployments[name].clone();
        if let Some(n) = &new_rs {
            let cur = self.rs(n).replicas;
            if cur != d.spec.replicas {
                let to = d.spec.replicas;
                why.push(SyncFact::RecreateNew {
                    rs: n.clone(),
                    from: cur,
                    to,
                });
            }
            self.scale_rs_and_record(n, d.spec.replicas, &d);
        }
        if rolling::deployment_complete(&d.spec, d.generation, &d.status) {
            why.push(SyncFact::Complete);
            self.cleanup_deployment(&d, &old);
        }
        self.set_sync_trace(name, why);
        self.sync_rollout_status(name, &all, new_rs.as_deref());
    }

    /// §9 oldPodsRunning: old RS status counts, or any non-terminal pod of an old RS
    /// (terminating ones included).
    fn old_pods_running(&self, old: &[String]) -> bool {
        old.iter()
            .any(|n| self.rs(n).status.replicas > 0 || self.pod_counts(n).nonterminal > 0)
    }

    /// §11.1 isScalingEvent (which also syncs the revision, as upstream).
    fn is_scaling_event(&mut self, d: &Deployment, rs_list: &[String]) -> bool {
        let (new_rs, old) = self.get_all(&d.name, rs_list, false);
        let replicas = self.deployments[&d.name].spec.replicas;
        old.iter().chain(new_rs.iter()).any(|n| {
            let rs = self.rs(n);
            rs.replicas > 0
                && rs
                    .annotations
                    .get(ANN_DESIRED_REPLICAS)
                    .and_then(|v| v.parse::<i32>().ok())
                    .is_some_and(|v| v != replicas)
        })
    }

    /// §11.2 sync(): the paused and scaling-event path.
    fn sync_scale(&mut self, d: &Deployment, rs_list: &[String]) {
        let (new_rs, old) = self.get_all(&d.name, rs_list, false);
        let d = self.deployments[&d.name].clone();
        let mut names: Vec<String> = old.clone();
        names.extend(new_rs.iter().cloned());
        let before: Vec<(String, i32)> = names
            .iter()
            .map(|n| (n.clone(), self.rs(n).replicas))
            .collect();
        self.scale(&d, new_rs.as_deref(), &old);
        // The "why" view: a scaling event, not a rollout step.
        let mut why = vec![SyncFact::Scaling {
            desired: d.spec.replicas,
            specs_sum: before.iter().map(|(_, r)| *r as i64).sum::<i64>(),
            paused: d.spec.paused,
        }];
        if before.iter().filter(|(_, r)| *r > 0).count() > 1
            && matches!(d.spec.strategy, Strategy::RollingUpdate { .. })
        {
            let max_total = d.spec.replicas + rolling::max_surge(&d.spec);
            why.push(SyncFact::Proportional { max_total });
        }
        for (n, was) in &before {
            if let Some(rs) = self.replica_sets.get(n) {
                if rs.replicas != *was {
                    let (from, to) = (*was, rs.replicas);
                    why.push(SyncFact::Scaled {
                        rs: n.clone(),
                        from,
                        to,
                    });
                }
            }
        }
        self.set_sync_trace(&d.name, why);
        if d.spec.paused {
            self.cleanup_deployment(&d, &old);
        }
        let mut all = old.clone();
        all.extend(new_rs.iter().cloned());
        let all: Vec<String> = all
            .into_iter()
            .filter(|n| self.replica_sets.contains_key(n))
            .collect();
        self.sync_deployment_status(&d.name, &all, new_rs.as_deref());
    }

    /// §11.3 scale().
    fn scale(&mut self, d: &Deployment, new_rs: Option<&str>, old: &[String]) {
        let mut old_newest_first: Vec<String> = old.to_vec();
        old_newest_first.reverse();
        let mut candidates = old_newest_first.clone();
        candidates.extend(new_rs.map(str::to_string));
        let active: Vec<String> = candidates
            .iter()
            .filter(|n| self.rs(n).replicas > 0)
            .cloned()
            .collect();
        let target = match active.len() {
            0 => new_rs
                .map(str::to_string)
                .or_else(|| old_newest_first.first().cloned()),
            1 => Some(active[0].clone()),
            _ => None,
        };
        if let Some(t) = target {
            if self.rs(&t).replicas != d.spec.replicas {
                self.scale_rs_and_record(&t, d.spec.replicas, d);
            }
            return;
        }
        if let Some(n) = new_rs {
            let rs = self.rs(n);
            let saturated = rs.replicas == d.spec.replicas
                && rs
                    .annotations
                    .get(ANN_DESIRED_REPLICAS)
                    .and_then(|v| v.parse::<i32>().ok())
                    == Some(d.spec.replicas)
                && rs.status.available_replicas == d.spec.replicas;
            if saturated {
                for o in old
                    .iter()
                    .filter(|o| self.rs(o).replicas > 0)
                    .cloned()
                    .collect::<Vec<_>>()
                {
                    self.scale_rs_and_record(&o, 0, d);
                }
                return;
            }
        }
        if matches!(d.spec.strategy, Strategy::RollingUpdate { .. }) {
            let views: Vec<ScaleView> = active
                .iter()
                .map(|n| {
                    let rs = self.rs(n);
                    ScaleView {
                        name: n.clone(),
                        spec: rs.replicas,
                        creation_ms: rs.creation_ms,
                        max_replicas_annotation: rs
                            .annotations
                            .get(ANN_MAX_REPLICAS)
                            .and_then(|v| v.parse().ok()),
                    }
                })
                .collect();
            let (sizes, _) = rolling::proportional_sizes(
                d.spec.replicas,
                rolling::max_surge(&d.spec),
                d.status.replicas,
                views,
            );
            for (n, s) in sizes {
                self.scale_rs(&n, s, d);
            }
        }
    }

    /// §14 cleanupDeployment.
    fn cleanup_deployment(&mut self, d: &Deployment, old: &[String]) {
        let limit = d.spec.revision_history_limit;
        if limit == i32::MAX {
            return;
        }
        let mut candidates: Vec<String> = old
            .iter()
            .filter(|n| self.replica_sets.contains_key(n))
            .cloned()
            .collect();
        let diff = candidates.len() as i64 - limit.max(0) as i64;
        if diff <= 0 {
            return;
        }
        crate::order::sort_by(&mut candidates, |a, b| {
            let (ra, rb) = (self.rs(a), self.rs(b));
            match (ra.revision(), rb.revision()) {
                (Some(x), Some(y)) if x != y => x.cmp(&y),
                _ => (ra.creation_ms, &ra.name).cmp(&(rb.creation_ms, &rb.name)),
            }
        });
        for n in candidates.into_iter().take(diff as usize) {
            let rs = self.rs(&n);
            if rs.status.replicas != 0
                || rs.replicas != 0
                || rs.generation > rs.status.observed_generation
            {
                continue;
            }
            self.delete_replica_set(&n);
        }
    }

    /// §15.1 calculateStatus.
    fn calculate_status(
        &self,
        d: &Deployment,
        all: &[String],
        new_rs: Option<&str>,
    ) -> DeploymentStatus {
        let rss: Vec<&ReplicaSet> = all
            .iter()
            .filter_map(|n| self.replica_sets.get(n))
            .collect();
        let available: i32 = rss.iter().map(|r| r.status.available_replicas).sum();
        let total_spec: i32 = rss.iter().map(|r| r.replicas).sum();
        let mut status = DeploymentStatus {
            observed_generation: d.generation,
            replicas: rss.iter().map(|r| r.status.replicas).sum(),
            updated_replicas: new_rs
                .and_then(|n| self.replica_sets.get(n))
                .map(|r| r.status.replicas)
                .unwrap_or(0),
            ready_replicas: rss.iter().map(|r| r.status.ready_replicas).sum(),
            available_replicas: available,
            unavailable_replicas: (total_spec - available).max(0),
            conditions: d.status.conditions.clone(),
            collision_count: d.status.collision_count,
        };
        let c = if available >= d.spec.replicas - rolling::max_unavailable(&d.spec) {
            self.condition(
                AVAILABLE,
                ConditionStatus::True,
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.".into(),
            )
        } else {
            self.condition(
                AVAILABLE,
                ConditionStatus::False,
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.".into(),
            )
        };
        status.set_condition(c);
        status
    }

    /// §15.2 syncDeploymentStatus.
    fn sync_deployment_status(&mut self, name: &str, all: &[String], new_rs: Option<&str>) {
        let d = self.deployments[name].clone();
        let status = self.calculate_status(&d, all, new_rs);
        if status != d.status {
            let mut nd = d;
            nd.status = status;
            self.write_deployment(nd);
        }
    }

    /// §15.2 syncRolloutStatus.
    fn sync_rollout_status(&mut self, name: &str, all: &[String], new_rs: Option<&str>) {
        let d = self.deployments[name].clone();
        let all: Vec<String> = all
            .iter()
            .filter(|n| self.replica_sets.contains_key(n))
            .cloned()
            .collect();
        let mut st = self.calculate_status(&d, &all, new_rs);
        let enabled = d.spec.progress_deadline_enabled();
        if !enabled {
            st.remove_condition(PROGRESSING);
        }
        let current = st.condition(PROGRESSING).cloned();
        let is_complete = st.replicas == st.updated_replicas
            && current
                .as_ref()
                .is_some_and(|c| c.reason == rolling::REASON_NEW_RS_AVAILABLE);
        if enabled && !is_complete {
            let subject = |verb: &str| match new_rs {
                Some(n) => format!("ReplicaSet \"{n}\" {verb}"),
                None => format!("Deployment \"{}\" {verb}", d.name),
            };
            if rolling::deployment_complete(&d.spec, d.generation, &st) {
                let c = self.condition(
                    PROGRESSING,
                    ConditionStatus::True,
                    rolling::REASON_NEW_RS_AVAILABLE,
                    subject("has successfully progressed."),
                );
                st.set_condition(c);
            } else if rolling::deployment_progressing(&d.status, &st) {
                let mut c = self.condition(
                    PROGRESSING,
                    ConditionStatus::True,
                    "ReplicaSetUpdated",
                    subject("is progressing."),
                );
                if let Some(cur) = &current {
                    if cur.status == ConditionStatus::True {
                        c.last_transition_ms = cur.last_transition_ms;
                    }
                }
                st.remove_condition(PROGRESSING);
                st.conditions.push(c);
            } else if rolling::deployment_timed_out(&d.spec, &st, self.now_ms) {
                let c = self.condition(
                    PROGRESSING,
                    ConditionStatus::False,
                    rolling::REASON_TIMED_OUT,
                    subject("has timed out progressing."),
                );
                st.set_condition(c);
            }
        }
        st.remove_condition("ReplicaFailure");
        if st == d.status {
            self.requeue_stuck(&d, &st);
            return;
        }
        let mut nd = d;
        nd.status = st;
        self.write_deployment(nd);
    }

    /// §15.4 requeueStuckDeployment: wake the Deployment when its deadline passes.
    fn requeue_stuck(&mut self, d: &Deployment, st: &DeploymentStatus) {
        if !d.spec.progress_deadline_enabled() {
            return;
        }
        let Some(c) = st.condition(PROGRESSING) else {
            return;
        };
        if rolling::deployment_complete(&d.spec, d.generation, st)
            || c.reason == rolling::REASON_TIMED_OUT
        {
            return;
        }
        let pds_ms = d.spec.progress_deadline_seconds.unwrap_or(0).max(0) as u64 * 1000;
        let deadline = c.last_update_ms + pds_ms;
        let at = if deadline < self.now_ms + 1000 {
            // Under a second left: upstream requeues with rate limiting (5 ms first).
            self.now_ms + 5
        } else {
            deadline + 1000
        };
        if self
            .requeue_at
            .get(&d.name)
            .is_some_and(|t| *t <= at && *t > self.now_ms)
        {
            return;
        }
        self.requeue_at.insert(d.name.clone(), at);
        self.schedule(
            at,
            Wake::Deployment {
                name: d.name.clone(),
            },
        );
    }

    /// §12 checkPausedConditions.
    fn check_paused_conditions(&mut self, name: &str) {
        let d = &self.deployments[name];
        if !d.spec.progress_deadline_enabled() {
            return;
        }
        let cond = d.status.condition(PROGRESSING);
        if cond.is_some_and(|c| c.reason == rolling::REASON_TIMED_OUT) {
            return;
        }
        let paused_reason = cond.is_some_and(|c| c.reason == "DeploymentPaused");
        let c = if d.spec.paused && !paused_reason {
            self.condition(
                PROGRESSING,
                ConditionStatus::Unknown,
                "DeploymentPaused",
                "Deployment is paused".into(),
            )
        } else if !d.spec.paused && paused_reason {
            self.condition(
                PROGRESSING,
                ConditionStatus::Unknown,
                "DeploymentResumed",
                "Deployment is resumed".into(),
            )
        } else {
            return;
        };
        let mut nd = d.clone();
        nd.status.set_condition(c);
        self.write_deployment(nd);
    }
}

/// §1.2 copying rule onto an existing RS: add or overwrite, never remove.
fn copy_deployment_annotations(d: &Deployment, rs: &mut ReplicaSet) -> bool {
    let mut changed = false;
    for (k, v) in &d.annotations {
        if ANNOTATIONS_NOT_COPIED.contains(&k.as_str()) {
            continue;
        }
        if rs.annotations.get(k) != Some(v) {
            rs.annotations.insert(k.clone(), v.clone());
            changed = true;
        }
    }
    changed
}

fn copy_annotations_into(d: &Deployment, into: &mut Labels) {
    for (k, v) in &d.annotations {
        if !ANNOTATIONS_NOT_COPIED.contains(&k.as_str()) {
            into.insert(k.clone(), v.clone());
        }
    }
}

/// §6.2: drop the oldest entries until the new one fits in `limit` characters.
pub fn append_revision_history(history: &str, old_rev: &str, limit: usize) -> String {
    if history.is_empty() {
        return old_rev.to_string();
    }
    let mut entries: Vec<&str> = history.split(',').collect();
    let len = |e: &Vec<&str>| {
        if e.is_empty() {
            0
        } else {
            e.iter().map(|s| s.len()).sum::<usize>() + e.len() - 1
        }
    };
    while !entries.is_empty() && len(&entries) + old_rev.len() + 1 > limit {
        entries.remove(0);
    }
    if entries.is_empty() && old_rev.len() > limit {
        return String::new();
    }
    entries.push(old_rev);
    entries.join(",")
}
