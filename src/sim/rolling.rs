//! The Deployment controller's arithmetic as pure functions: fenceposts,
//! NewRSNewReplicas, the old-ReplicaSet scale-down budget, proportional scaling and the
//! complete / progressing / timed-out predicates. No object store, no time source: the
//! controller (`controller.rs`) feeds these numbers and acts on the answers, and the
//! conformance tests drive them with upstream's case tables.

use super::objects::{DeploymentSpec, DeploymentStatus, IntOrPercent, Strategy, TimeMs};

/// `ResolveFenceposts`: surge rounds up, unavailable rounds down, and if both come
/// out 0 unavailable becomes 1 so a rollout can always make progress.
pub fn resolve_fenceposts(
    max_surge: Option<&IntOrPercent>,
    max_unavailable: Option<&IntOrPercent>,
    desired: i32,
) -> Result<(i32, i32), String> {
    let zero = IntOrPercent::Int(0);
    let surge = max_surge.unwrap_or(&zero).scaled(desired as i64, true)?;
    let unavailable = max_unavailable
        .unwrap_or(&zero)
        .scaled(desired as i64, false)?;
    let (surge, mut unavailable) = (clamp_i32(surge), clamp_i32(unavailable));
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    Ok((surge, unavailable))
}

fn clamp_i32(v: i64) -> i32 {
    v.clamp(i32::MIN as i64, i32::MAX as i64) as i32
}

/// `MaxSurge(d)`: 0 unless RollingUpdate.
pub fn max_surge(spec: &DeploymentSpec) -> i32 {
    match &spec.strategy {
        Strategy::RollingUpdate {
            max_surge,
            max_unavailable,
        } => resolve_fenceposts(Some(max_surge), Some(max_unavailable), spec.replicas)
            .map(|r| r.0)
            .unwrap_or(0),
        Strategy::Recreate => 0,
    }
}

/// `MaxUnavailable(d)`: 0 unless RollingUpdate or when replicas is 0; clamped to replicas.
pub fn max_unavailable(spec: &DeploymentSpec) -> i32 {
    match &spec.strategy {
        Strategy::RollingUpdate {
            max_surge,
            max_unavailable,
        } if spec.replicas != 0 => {
            let u = resolve_fenceposts(Some(max_surge), Some(max_unavailable), spec.replicas)
                .map(|r| r.1)
                .unwrap_or(0);
            u.min(spec.replicas)
        }
        _ => 0,
    }
}

/// `NewRSNewReplicas`. `all_rs_replicas` is the sum of `spec.replicas` over the
/// ReplicaSets passed upstream as allRSs (the new one included when it is there).
pub fn new_rs_new_replicas(
    spec: &DeploymentSpec,
    all_rs_replicas: i64,
    new_rs_replicas: i32,
) -> Result<i32, String> {
    match &spec.strategy {
        Strategy::Recreate => Ok(spec.replicas),
        Strategy::RollingUpdate { max_surge, .. } => {
            // The raw surge, without ResolveFenceposts' both-zero fix.
            let surge = max_surge.scaled(spec.replicas as i64, true)?;
            let max_total = spec.replicas as i64 + surge;
            if all_rs_replicas >= max_total {
                return Ok(new_rs_replicas);
            }
            let scale_up =
                (max_total - all_rs_replicas).min(spec.replicas as i64 - new_rs_replicas as i64);
            Ok(clamp_i32(new_rs_replicas as i64 + scale_up))
        }
    }
}

/// `maxScaledDown` in reconcileOldReplicaSets: how many old pods may go now.
/// New pods that are not yet available eat into the budget.
pub fn max_scaled_down(
    all_pods: i64,
    min_available: i64,
    new_rs_spec: i64,
    new_rs_available: i64,
) -> i64 {
    let new_unavailable = new_rs_spec - new_rs_available;
    all_pods - min_available - new_unavailable
}

/// One ReplicaSet as `cleanupUnhealthyReplicas` and the scale-down see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OldRsView {
    pub spec: i32,
    pub available: i32,
}

/// `cleanupUnhealthyReplicas`: old RSs oldest first; each loses up to its unavailable
/// pods, within `budget`. Returns the new sizes and how many were cleaned up.
pub fn cleanup_unhealthy(old_oldest_first: &[OldRsView], budget: i64) -> (Vec<i32>, i64) {
    let mut total = 0i64;
    let mut sizes: Vec<i32> = old_oldest_first.iter().map(|r| r.spec).collect();
    for (i, rs) in old_oldest_first.iter().enumerate() {
        if total >= budget {
            break;
        }
        if rs.spec == 0 || rs.spec == rs.available {
            continue;
        }
        let scaled_down = (budget - total).min((rs.spec - rs.available) as i64);
        sizes[i] = rs.spec - scaled_down as i32;
        total += scaled_down;
    }
    (sizes, total)
}

/// `scaleDownOldReplicaSetsForRollingUpdate`: with `available` the cached sum over
/// all RSs, remove `available - min_available` old pods, oldest RS first.
pub fn scale_down_old_for_rolling(
    old_oldest_first: &[i32],
    available: i64,
    min_available: i64,
) -> (Vec<i32>, i64) {
    let mut sizes = old_oldest_first.to_vec();
    if available <= min_available {
        return (sizes, 0);
    }
    let to_remove = available - min_available;
    let mut total = 0i64;
    for s in sizes.iter_mut() {
        if total >= to_remove {
            break;
        }
        if *s == 0 {
            continue;
        }
        let down = (*s as i64).min(to_remove - total);
        *s -= down as i32;
        total += down;
    }
    (sizes, total)
}

/// One active ReplicaSet as proportional scaling sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaleView {
    pub name: String,
    pub spec: i32,
    pub creation_ms: TimeMs,
    /// The `max-replicas` annotation, when present and parsable.
    pub max_replicas_annotation: Option<i32>,
}

/// The part of `scale()` that runs with several active RSs under RollingUpdate:
/// returns every active RS with its new size (all are written, which also refreshes
/// their annotations). `actives` is old RSs newest first, then the new RS.
pub fn proportional_sizes(
    replicas: i32,
    surge: i32,
    status_replicas: i32,
    mut actives: Vec<ScaleView>,
) -> (Vec<(String, i32)>, &'static str) {
    let sum: i64 = actives.iter().map(|r| r.spec as i64).sum();
    let allowed: i64 = if replicas > 0 {
        replicas as i64 + surge as i64
    } else {
        0
    };
    let to_add = allowed - sum;
    let newer_first =
        |a: &ScaleView, b: &ScaleView| (b.creation_ms, &b.name).cmp(&(a.creation_ms, &a.name));
    let op = if to_add > 0 {
        crate::order::sort_by(&mut actives, |a, b| {
            b.spec.cmp(&a.spec).then_with(|| newer_first(a, b))
        });
        "up"
    } else if to_add < 0 {
        crate::order::sort_by(&mut actives, |a, b| {
            b.spec.cmp(&a.spec).then_with(|| newer_first(b, a))
        });
        "down"
    } else {
        ""
    };
    let mut added = 0i64;
    let mut sizes: Vec<(String, i32)> = Vec::with_capacity(actives.len());
    for rs in &actives {
        if to_add != 0 {
            let p = proportion(rs, replicas, surge, status_replicas, to_add, added);
            sizes.push((rs.name.clone(), (rs.spec as i64 + p) as i32));
            added += p;
        } else {
            sizes.push((rs.name.clone(), rs.spec));
        }
    }
    if to_add != 0 && !sizes.is_empty() {
        let leftover = to_add - added;
        let first = &mut sizes[0].1;
        *first = ((*first as i64 + leftover).max(0)) as i32;
    }
    (sizes, op)
}

/// `GetProportion`.
fn proportion(
    rs: &ScaleView,
    replicas: i32,
    surge: i32,
    status_replicas: i32,
    to_add: i64,
    added: i64,
) -> i64 {
    if rs.spec == 0 || to_add == 0 || to_add == added {
        return 0;
    }
    let fraction = replica_set_fraction(rs, replicas, surge, status_replicas);
    let allowed = to_add - added;
    if to_add > 0 {
        fraction.min(allowed)
    } else {
        fraction.max(allowed)
    }
}

/// `getReplicaSetFraction`, with the newer fallback for a 0 or missing annotation.
fn replica_set_fraction(rs: &ScaleView, replicas: i32, surge: i32, status_replicas: i32) -> i64 {
    if replicas == 0 {
        return -(rs.spec as i64);
    }
    let max_now = replicas as i64 + surge as i64;
    let before = match rs.max_replicas_annotation {
        Some(v) if v > 0 => v as i64,
        _ => status_replicas as i64,
    };
    if before == 0 {
        return 0;
    }
    let new_size = (rs.spec as f64 * max_now as f64) / before as f64;
    // math.Round: half away from zero.
    new_size.round() as i64 - rs.spec as i64
}

/// `DeploymentComplete`.
pub fn deployment_complete(
    spec: &DeploymentSpec,
    generation: i64,
    status: &DeploymentStatus,
) -> bool {
    status.updated_replicas == spec.replicas
        && status.replicas == spec.replicas
        && status.available_replicas == spec.replicas
        && status.observed_generation >= generation
}

/// `DeploymentProgressing`: did anything move forward since the stored status?
pub fn deployment_progressing(stored: &DeploymentStatus, new: &DeploymentStatus) -> bool {
    let old_old = stored.replicas - stored.updated_replicas;
    let new_old = new.replicas - new.updated_replicas;
    new.updated_replicas > stored.updated_replicas
        || new_old < old_old
        || new.ready_replicas > stored.ready_replicas
        || new.available_replicas > stored.available_replicas
}

pub const REASON_NEW_RS_AVAILABLE: &str = "NewReplicaSetAvailable";
pub const REASON_TIMED_OUT: &str = "ProgressDeadlineExceeded";

/// `DeploymentTimedOut`: strictly past lastUpdateTime + progressDeadlineSeconds.
pub fn deployment_timed_out(
    spec: &DeploymentSpec,
    status: &DeploymentStatus,
    now_ms: TimeMs,
) -> bool {
    if !spec.progress_deadline_enabled() {
        return false;
    }
    let Some(cond) = status.condition("Progressing") else {
        return false;
    };
    if cond.reason == REASON_NEW_RS_AVAILABLE {
        return false;
    }
    if cond.reason == REASON_TIMED_OUT {
        return true;
    }
    let pds_ms = spec.progress_deadline_seconds.unwrap_or(0).max(0) as u64 * 1000;
    cond.last_update_ms + pds_ms < now_ms
}
