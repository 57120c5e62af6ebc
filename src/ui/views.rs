//! View models: what the components draw, built from the cluster each time it
//! changes (Deployment cards, lanes of pods, how a pod looks, the clock's text).
//! Plain data and pure functions of the [`Sim`], so they are tested natively. It must
//! not hold state or touch web-sys or yew.

use crate::kubectl::rollout_status_message;
use crate::sim::rolling::{max_surge, max_unavailable};
use crate::sim::*;

/// Up to this many pods a lane draws them as DOM tiles (CSS transitions);
/// above it, on a canvas (one element, however many pods).
pub const DOM_TILE_LIMIT: usize = 150;
/// Above this many pods a lane shows counts per state instead of single pods.
pub const TILE_LIMIT: usize = 3_000;

/// How a pod looks: its state (class name, visible text, glyph).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PodLook {
    Pending,
    Creating,
    RunningNotReady,
    Ready,
    Available,
    Terminating,
    Completed,
    PullError,
    CrashLoop,
}

impl PodLook {
    pub fn of(p: &Pod) -> PodLook {
        if p.phase.is_terminal() {
            return PodLook::Completed;
        }
        if p.deletion_ms.is_some() {
            return PodLook::Terminating;
        }
        match &p.container {
            ContainerState::Waiting { reason, .. } => match *reason {
                "ErrImagePull" | "ImagePullBackOff" => PodLook::PullError,
                "CrashLoopBackOff" => PodLook::CrashLoop,
                "ContainerCreating" => PodLook::Creating,
                _ => PodLook::Pending,
            },
            ContainerState::Terminated { .. } => PodLook::CrashLoop,
            ContainerState::Running { .. } if p.available => PodLook::Available,
            ContainerState::Running { .. } if p.ready => PodLook::Ready,
            ContainerState::Running { .. } => PodLook::RunningNotReady,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            PodLook::Pending => "pending",
            PodLook::Creating => "creating",
            PodLook::RunningNotReady => "notready",
            PodLook::Ready => "ready",
            PodLook::Available => "available",
            PodLook::Terminating => "terminating",
            PodLook::Completed => "completed",
            PodLook::PullError => "pullerror",
            PodLook::CrashLoop => "crashloop",
        }
    }

    /// Never colour alone: each state has a glyph and words too.
    pub fn glyph(self) -> &'static str {
        match self {
            PodLook::Pending => "…",
            PodLook::Creating => "◔",
            PodLook::RunningNotReady => "◑",
            PodLook::Ready => "◕",
            PodLook::Available => "●",
            PodLook::Terminating => "✕",
            PodLook::Completed => "○",
            PodLook::PullError => "⚠",
            PodLook::CrashLoop => "↻",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PodLook::Pending => "Pending",
            PodLook::Creating => "ContainerCreating",
            PodLook::RunningNotReady => "Running, not ready",
            PodLook::Ready => "Ready (minReadySeconds)",
            PodLook::Available => "Available",
            PodLook::Terminating => "Terminating",
            PodLook::Completed => "Stopped",
            PodLook::PullError => "ImagePullBackOff",
            PodLook::CrashLoop => "CrashLoopBackOff",
        }
    }

    pub const ALL: [PodLook; 9] = [
        PodLook::Pending,
        PodLook::Creating,
        PodLook::RunningNotReady,
        PodLook::Ready,
        PodLook::Available,
        PodLook::Terminating,
        PodLook::Completed,
        PodLook::PullError,
        PodLook::CrashLoop,
    ];

    /// How many pods show each look, in `ALL` order, leaving out looks no pod has.
    pub fn tally(looks: impl Iterator<Item = PodLook>) -> Vec<(PodLook, usize)> {
        let mut counts = [0usize; 9];
        for look in looks {
            counts[look as usize] += 1;
        }
        PodLook::ALL
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(look, n)| (*look, n))
            .collect()
    }
}

/// One pod tile. Cheap to build every frame: a shared name and an enum.
#[derive(Clone, Debug, PartialEq)]
pub struct PodView {
    /// Creation order within the cluster (pod ids only grow).
    pub id: crate::sim::PodId,
    pub name: std::rc::Rc<str>,
    pub look: PodLook,
    pub restarts: i32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LaneView {
    pub name: String,
    pub hash: String,
    pub revision: String,
    pub images: String,
    pub desired: i32,
    pub current: i32,
    pub ready: i32,
    pub is_new: bool,
    /// No Deployment owns these pods any more (see [`orphan_lanes`]).
    pub orphaned: bool,
    /// Pods one by one, or empty when `counts` is used (large ReplicaSets).
    pub pods: std::rc::Rc<Vec<PodView>>,
    pub counts: Vec<(PodLook, usize)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DeploymentView {
    pub name: String,
    pub strategy: String,
    /// e.g. "maxSurge 25% (1), maxUnavailable 25% (0)".
    pub surge_text: String,
    pub replicas: i32,
    pub revision: String,
    pub paused: bool,
    pub conditions: Vec<(String, String, String)>,
    pub pods: i32,
    pub max_pods: i32,
    pub available: i32,
    pub min_available: i32,
    pub updated: i32,
    pub status_line: String,
    pub lanes: Vec<LaneView>,
    pub history: Vec<(i64, String, bool)>,
}

/// A lane's pods one by one, or counts per look above `TILE_LIMIT`.
fn pod_views(pods: &[&Pod]) -> (std::rc::Rc<Vec<PodView>>, Vec<(PodLook, usize)>) {
    if pods.len() > TILE_LIMIT {
        return (
            Default::default(),
            PodLook::tally(pods.iter().map(|p| PodLook::of(p))),
        );
    }
    let views = pods
        .iter()
        .map(|p| PodView {
            id: p.id,
            name: std::rc::Rc::clone(&p.name),
            look: PodLook::of(p),
            restarts: p.restart_count,
        })
        .collect();
    (std::rc::Rc::new(views), Vec::new())
}

/// Pods no Deployment owns any more, one lane per former ReplicaSet: a deleted
/// Deployment's pods while they terminate, or what `--cascade=orphan` left. The
/// stage shows them until they are gone, as `get pods` lists them.
pub fn orphan_lanes(sim: &Sim) -> Vec<LaneView> {
    let owned = |rs: &str| {
        sim.replica_set(rs)
            .is_some_and(|r| sim.deployment(&r.owner).is_some())
    };
    // By former ReplicaSet: a pod's name is its ReplicaSet's plus a suffix (the
    // garbage collector has already cleared `owner_rs` of a deleted one).
    let mut groups: Vec<(&str, Vec<&Pod>)> = Vec::new();
    for p in sim.pods().filter(|p| !owned(&p.owner_rs)) {
        let rs = p.name.rsplit_once('-').map_or(&*p.name, |(rs, _)| rs);
        match groups.iter_mut().find(|(r, _)| *r == rs) {
            Some((_, pods)) => pods.push(p),
            None => groups.push((rs, vec![p])),
        }
    }
    groups
        .into_iter()
        .map(|(rs, pods)| {
            // In name order (as `get pods` lists them), which is as stable.
            let (views, counts) = pod_views(&pods);
            let first = pods[0];
            LaneView {
                name: rs.to_string(),
                hash: first
                    .labels
                    .get(LABEL_POD_TEMPLATE_HASH)
                    .cloned()
                    .unwrap_or_default(),
                revision: String::new(),
                images: first.images.join(", "),
                desired: 0,
                current: pods.len() as i32,
                ready: pods.iter().filter(|p| p.ready).count() as i32,
                is_new: false,
                orphaned: true,
                pods: views,
                counts,
            }
        })
        .collect()
}

pub fn deployment_views(sim: &Sim) -> Vec<DeploymentView> {
    sim.deployments().map(|d| deployment_view(sim, d)).collect()
}

pub fn deployment_view(sim: &Sim, d: &Deployment) -> DeploymentView {
    let (strategy, surge_text) = match &d.spec.strategy {
        Strategy::Recreate => (
            "Recreate".to_string(),
            "all old pods go before new ones start".to_string(),
        ),
        Strategy::RollingUpdate {
            max_surge: s,
            max_unavailable: u,
        } => (
            "RollingUpdate".to_string(),
            format!(
                "maxSurge {} ({}), maxUnavailable {} ({})",
                s.display(),
                max_surge(&d.spec),
                u.display(),
                max_unavailable(&d.spec)
            ),
        ),
    };
    let b = invariants::bounds(sim, &d.name).unwrap_or(invariants::Bounds {
        pods: 0,
        max_pods: 0,
        available: 0,
        min_available: 0,
        revision: 0,
    });
    let rss = sim.replica_sets_of(&d.name);
    let lanes = lanes_of(sim, d, &rss);
    let mut history: Vec<(i64, String, bool)> = rss
        .iter()
        .filter_map(|r| {
            let rev = r.annotations.get(ANN_REVISION)?.parse().ok()?;
            Some((
                rev,
                r.annotations
                    .get(ANN_CHANGE_CAUSE)
                    .cloned()
                    .unwrap_or_else(|| r.images().join(", ")),
                r.template.equal_ignore_hash(&d.spec.template),
            ))
        })
        .collect();
    crate::order::sort_by_key(&mut history, |h| h.0);
    DeploymentView {
        name: d.name.clone(),
        strategy,
        surge_text,
        replicas: d.spec.replicas,
        revision: d.annotations.get(ANN_REVISION).cloned().unwrap_or_default(),
        paused: d.spec.paused,
        conditions: d
            .status
            .conditions
            .iter()
            .map(|c| {
                (
                    c.kind.clone(),
                    c.status.as_str().to_string(),
                    c.reason.clone(),
                )
            })
            .collect(),
        pods: b.pods,
        max_pods: b.max_pods,
        available: b.available,
        min_available: b.min_available,
        updated: d.status.updated_replicas,
        status_line: rollout_status_message(d).0.trim_end().to_string(),
        lanes,
        history,
    }
}

/// A lane per ReplicaSet: the new one first, then old ones newest first; empty
/// old lanes collapse last.
fn lanes_of(sim: &Sim, d: &Deployment, rss: &[&ReplicaSet]) -> Vec<LaneView> {
    let mut lanes: Vec<LaneView> = rss
        .iter()
        .rev()
        .map(|rs| {
            // Creation order: stable tiles, new pods at the end, and no sort per frame.
            let pods: Vec<&Pod> = sim.pods_of_in_creation_order(&rs.name).collect();
            let (views, counts) = pod_views(&pods);
            LaneView {
                name: rs.name.clone(),
                hash: rs.template_hash().to_string(),
                revision: rs
                    .annotations
                    .get(ANN_REVISION)
                    .cloned()
                    .unwrap_or_default(),
                images: rs.images().join(", "),
                desired: rs.replicas,
                current: rs.status.replicas,
                ready: rs.status.ready_replicas,
                is_new: rs.template.equal_ignore_hash(&d.spec.template),
                orphaned: false,
                pods: views,
                counts,
            }
        })
        .collect();
    crate::order::sort_by_key(&mut lanes, |l| {
        (
            !l.is_new,
            l.desired == 0 && l.current == 0 && l.pods.is_empty() && l.counts.is_empty(),
        )
    });
    lanes
}

/// Human form of simulated time for the clock (`1m05.2s`).
pub fn clock_text(ms: TimeMs) -> String {
    let s = ms / 1000;
    let tenth = (ms % 1000) / 100;
    if s >= 3600 {
        format!("{}h{:02}m{:02}s", s / 3600, s % 3600 / 60, s % 60)
    } else if s >= 60 {
        format!("{}m{:02}.{tenth}s", s / 60, s % 60)
    } else {
        format!("{s}.{tenth}s")
    }
}

/// Parses a speed the user typed or chose; clamps to the supported range.
pub fn parse_speed(s: &str) -> f64 {
    crate::num::parse_f64(s.trim_end_matches('x'))
        .filter(|v| v.is_finite())
        .map(|v| v.clamp(0.25, 20.0))
        .unwrap_or(1.0)
}

#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    /// The event's last occurrence: rows are keyed by it, so a new event inserts one
    /// row instead of rewriting the text of every row below it.
    pub seq: u64,
    pub age: String,
    pub kind: &'static str,
    pub reason: &'static str,
    pub object: String,
    pub message: String,
}

/// The event table: the latest 40 events, aged as `kubectl get events` ages them.
pub fn event_rows(sim: &Sim) -> Vec<EventRow> {
    let now = sim.now_ms();
    sim.events()
        .latest(40)
        .into_iter()
        .map(|e| EventRow {
            seq: e.seq,
            age: crate::kubectl::printers::age(now, e.last_ms)
                + &if e.count > 1 {
                    format!(" (x{})", e.count)
                } else {
                    String::new()
                },
            kind: e.kind.as_str(),
            reason: e.reason,
            object: format!("{}/{}", e.object_kind, e.object_name),
            message: e.message().into_owned(),
        })
        .collect()
}

/// The "why" panel's lines for one sync: each fact of `sim::SyncFact` in words
/// (the bounds take two lines).
pub fn sync_lines(facts: &[SyncFact]) -> Vec<String> {
    let mut lines = Vec::new();
    for f in facts {
        if let SyncFact::Bounds {
            desired: r,
            surge_written,
            surge,
            unavailable_written,
            unavailable,
        } = f
        {
            lines.push(format!("Desired {r}. maxSurge {surge_written} -> {surge} (rounded up), maxUnavailable {unavailable_written} -> {unavailable} (rounded down)."));
        }
        lines.push(fact_line(f));
    }
    lines
}

/// A fact's line (for the bounds, their second).
fn fact_line(f: &SyncFact) -> String {
    match f {
        SyncFact::Bounds { desired: r, surge, unavailable, .. } => format!("Max total pods = {r} + {surge} = {}; min available = {r} - {unavailable} = {}.", r + surge, r - unavailable),
        SyncFact::Now { pods, available } => format!("Now: {pods} pod(s) in ReplicaSet specs, {available} available."),
        SyncFact::NewScaledUp { rs, from, to, max_total, pods, desired } => format!("New ReplicaSet {rs}: {from} -> {to}. Room = max total {max_total} - pods {pods} = {}, and never more than {desired} desired.", max_total - pods),
        SyncFact::NewScaledDown { rs, from, to } => format!("New ReplicaSet {rs}: {from} -> {to}, down to the desired count."),
        SyncFact::NewBlocked { rs, at } => format!("New ReplicaSet {rs} stays at {at}: no room to surge (pods already at the maximum)."),
        SyncFact::OldBudget { budget, pods, min_available, new_unavailable } => format!("Old ReplicaSets may lose {budget} pod(s): pods {pods} - min available {min_available} - new pods not yet available {new_unavailable}."),
        SyncFact::OldScaled { rs, from, to } => format!("Old ReplicaSet {rs}: {from} -> {to}."),
        SyncFact::WaitingForNewPods => "Nothing scaled down: taking an old pod now would drop availability below the minimum; waiting for new pods to become available.".into(),
        SyncFact::Complete => "Rollout complete: every replica is updated and available.".into(),
        SyncFact::RecreatePlan { desired } => format!("Desired {desired}. Recreate: scale every old ReplicaSet to 0, wait until none of their pods exist, then create the new pods."),
        SyncFact::RecreateWaiting { old_pods } => format!("Waiting: {old_pods} old pod(s) still exist, so no new pod may start yet."),
        SyncFact::RecreateNew { rs, from, to } => format!("No old pod left: new ReplicaSet {rs}: {from} -> {to}."),
        SyncFact::Scaling { desired, specs_sum, paused } => {
            let paused = if *paused { " (the rollout is paused, so no rollout step runs)" } else { "" };
            format!("Scaling event: desired is now {desired}, while the ReplicaSets' specs sum to {specs_sum}{paused}.")
        }
        SyncFact::Proportional { max_total } => format!("Several ReplicaSets are active, so the change is shared in proportion to their sizes, within replicas + maxSurge = {max_total}."),
        SyncFact::Scaled { rs, from, to } => format!("ReplicaSet {rs}: {from} -> {to}."),
    }
}
