//! Checks tests call after every step. Structural ones always hold; the rollout
//! bounds are reported as numbers so a test can assert them where they apply.

use super::objects::*;
use super::{rolling, PodCounts, Sim};
use std::collections::BTreeSet;

/// What a Deployment's rollout looks like against its guardrails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// Active (non-terminating) pods of all its ReplicaSets.
    pub pods: i32,
    /// replicas + maxSurge.
    pub max_pods: i32,
    /// Available pods of all its ReplicaSets.
    pub available: i32,
    /// replicas - maxUnavailable.
    pub min_available: i32,
    pub revision: i64,
}

pub fn bounds(sim: &Sim, name: &str) -> Option<Bounds> {
    let d = sim.deployment(name)?;
    let rss = sim.replica_sets_of(name);
    let counts: Vec<PodCounts> = rss.iter().map(|r| sim.pod_counts(&r.name)).collect();
    Some(Bounds {
        pods: counts.iter().map(|c| c.active).sum(),
        max_pods: d.spec.replicas + rolling::max_surge(&d.spec),
        available: counts.iter().map(|c| c.available).sum(),
        min_available: d.spec.replicas - rolling::max_unavailable(&d.spec),
        revision: d
            .annotations
            .get(ANN_REVISION)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
    })
}

/// Structural invariants of a settled cluster. Returns every violation found.
pub fn check(sim: &Sim) -> Vec<String> {
    let mut errors = Vec::new();
    if sim.runaway_reconciles() > 0 {
        errors.push(format!(
            "reconcile loop hit its pass limit {} time(s)",
            sim.runaway_reconciles()
        ));
    }
    for rs in sim.replica_sets() {
        let mut recount = PodCounts::default();
        for p in sim.pods_of(&rs.name) {
            if *p.owner_rs != *rs.name {
                errors.push(format!(
                    "pod {} indexed under {} but owned by {:?}",
                    p.name, rs.name, p.owner_rs
                ));
            }
            let active = p.is_active();
            recount.active += active as i32;
            recount.ready += (active && p.ready) as i32;
            recount.available += (active && p.available) as i32;
            recount.terminating += p.is_terminating() as i32;
            recount.nonterminal += (!p.phase.is_terminal()) as i32;
            if p.available && !p.ready {
                errors.push(format!("pod {} available but not ready", p.name));
            }
            if !selector_matches(&rs.selector, &p.labels) {
                errors.push(format!(
                    "pod {} does not match the selector of {}",
                    p.name, rs.name
                ));
            }
        }
        if recount != sim.pod_counts(&rs.name) {
            errors.push(format!(
                "{}: live counts {:?} != recount {:?}",
                rs.name,
                sim.pod_counts(&rs.name),
                recount
            ));
        }
        // A settled RS has exactly spec active pods and a status that says so.
        if recount.active != rs.replicas {
            errors.push(format!(
                "{}: {} active pods for spec {}",
                rs.name, recount.active, rs.replicas
            ));
        }
        let s = &rs.status;
        if s.replicas != recount.active
            || s.ready_replicas != recount.ready
            || s.available_replicas != recount.available
        {
            errors.push(format!(
                "{}: status {:?} disagrees with pods {:?}",
                rs.name, s, recount
            ));
        }
        if s.available_replicas > s.ready_replicas
            || s.ready_replicas > s.replicas
            || rs.replicas < 0
        {
            errors.push(format!(
                "{}: impossible status {:?} (spec {})",
                rs.name, s, rs.replicas
            ));
        }
        if !rs.owner.is_empty() && sim.deployment(&rs.owner).is_none() {
            errors.push(format!("{} outlived its deployment {}", rs.name, rs.owner));
        }
    }
    for d in sim.deployments() {
        let rss = sim.replica_sets_of(&d.name);
        let same_template = rss
            .iter()
            .filter(|r| r.template.equal_ignore_hash(&d.spec.template))
            .count();
        if same_template > 1 {
            errors.push(format!(
                "{}: {same_template} ReplicaSets share its template",
                d.name
            ));
        }
        let mut revisions = BTreeSet::new();
        for r in &rss {
            if let Some(rev) = r.annotations.get(ANN_REVISION) {
                if !revisions.insert(rev.clone()) {
                    errors.push(format!(
                        "{}: revision {rev} held by two ReplicaSets",
                        d.name
                    ));
                }
            }
        }
        let s = &d.status;
        if s.observed_generation != d.generation {
            errors.push(format!(
                "{}: observedGeneration {} behind generation {}",
                d.name, s.observed_generation, d.generation
            ));
        }
        if s.updated_replicas > s.replicas
            || s.ready_replicas > s.replicas
            || s.available_replicas > s.ready_replicas
        {
            errors.push(format!("{}: impossible status {:?}", d.name, s));
        }
    }
    errors
}

/// Guardrails that hold while specs change only through replicas, image, pause,
/// resume and undo (editing maxSurge mid-rollout may legitimately break the first):
/// RollingUpdate never runs more than replicas + maxSurge pods, and Recreate never
/// runs a new pod beside an old one. The second has one upstream exception the
/// simulator reproduces: pausing or scaling a Recreate Deployment while its old pods
/// terminate sends it through `scale()`, which sizes an existing new ReplicaSet at once.
/// Each error starts with the Deployment's name and a colon.
pub fn check_guardrails(sim: &Sim) -> Vec<String> {
    let mut errors = Vec::new();
    for d in sim.deployments() {
        let rss = sim.replica_sets_of(&d.name);
        let b = bounds(sim, &d.name).expect("deployment exists");
        if b.pods > b.max_pods.max(d.spec.replicas)
            && matches!(d.spec.strategy, Strategy::RollingUpdate { .. })
        {
            errors.push(format!(
                "{}: {} pods exceed replicas + maxSurge = {}",
                d.name, b.pods, b.max_pods
            ));
        }
        if d.spec.strategy == Strategy::Recreate {
            // No new pod while any old pod still runs.
            if let Some(new_rs) = rss
                .iter()
                .find(|r| r.template.equal_ignore_hash(&d.spec.template))
            {
                let new_pods = sim.pod_counts(&new_rs.name).nonterminal;
                let old_running: i32 = rss
                    .iter()
                    .filter(|r| r.name != new_rs.name)
                    .map(|r| sim.pod_counts(&r.name).nonterminal)
                    .sum();
                if new_pods > 0 && old_running > 0 {
                    errors.push(format!(
                        "{}: Recreate has {new_pods} new pods beside {old_running} old ones",
                        d.name
                    ));
                }
            }
        }
    }
    errors
}
