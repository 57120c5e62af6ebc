//! Upstream case tables, ported as data. Each table names the Kubernetes test it
//! comes from (kubernetes/kubernetes pkg/controller/deployment/..., and kubectl's
//! polymorphichelpers/rollout_status_test.go).

use rollout_playground::kubectl::rollout_status_message;
use rollout_playground::sim::rolling::*;
use rollout_playground::sim::*;

fn ip(s: &str) -> IntOrPercent {
    match s.parse::<i64>() {
        Ok(i) => IntOrPercent::Int(i),
        Err(_) => IntOrPercent::Percent(s.to_string()),
    }
}

fn spec(replicas: i32, surge: &str, unavailable: &str) -> DeploymentSpec {
    DeploymentSpec {
        replicas,
        selector: Labels::new(),
        template: PodTemplate {
            labels: Labels::new(),
            annotations: Labels::new(),
            spec: PodSpec {
                containers: vec![],
                restart_policy: "Always".into(),
                termination_grace_period_seconds: 30,
                dns_policy: "ClusterFirst".into(),
                scheduler_name: "default-scheduler".into(),
                extra: Default::default(),
            },
        },
        strategy: Strategy::RollingUpdate {
            max_surge: ip(surge),
            max_unavailable: ip(unavailable),
        },
        min_ready_seconds: 0,
        revision_history_limit: 10,
        progress_deadline_seconds: Some(600),
        paused: false,
    }
}

/// deployment_util_test.go TestResolveFenceposts. maxSurge/maxUnavailable are given
/// as strings there (`intstr.FromString`), so "5" is an error, not an int.
#[test]
fn resolve_fenceposts_table() {
    /// (maxSurge, maxUnavailable, desired, surge, unavailable, error)
    type Case = (
        Option<&'static str>,
        Option<&'static str>,
        i32,
        i32,
        i32,
        bool,
    );
    let cases: &[Case] = &[
        (Some("0%"), Some("0%"), 0, 0, 1, false),
        (Some("39%"), Some("39%"), 10, 4, 3, false),
        (Some("oops"), Some("39%"), 10, 0, 0, true),
        (Some("55%"), Some("urg"), 10, 0, 0, true),
        (None, Some("39%"), 10, 0, 3, false),
        (Some("39%"), None, 10, 4, 0, false),
        (None, None, 10, 0, 1, false),
    ];
    for (i, (s, u, desired, es, eu, err)) in cases.iter().enumerate() {
        let s = s.map(|v| IntOrPercent::Percent(v.to_string()));
        let u = u.map(|v| IntOrPercent::Percent(v.to_string()));
        let got = resolve_fenceposts(s.as_ref(), u.as_ref(), *desired);
        match got {
            Ok((gs, gu)) => {
                assert!(!err, "case {i}: expected an error, got {gs}:{gu}");
                assert_eq!((gs, gu), (*es, *eu), "case {i}");
            }
            Err(_) => assert!(*err, "case {i}: unexpected error"),
        }
    }
}

/// Design doc §8.1 examples (fencepost rounding), which the upstream table covers in part.
#[test]
fn fencepost_examples() {
    for (replicas, s, u, es, eu) in [
        (10, "39%", "39%", 4, 3),
        (3, "25%", "25%", 1, 0),
        (4, "25%", "25%", 1, 1),
        (1, "25%", "25%", 1, 0),
        (10, "0", "1%", 0, 1),
    ] {
        let d = spec(replicas, s, u);
        assert_eq!(
            (max_surge(&d), max_unavailable(&d)),
            (es, eu),
            "{replicas} {s} {u}"
        );
    }
    assert_eq!(
        max_unavailable(&spec(0, "0%", "0%")),
        0,
        "replicas 0 gives MaxUnavailable 0"
    );
}

/// deployment_util_test.go TestNewRSNewReplicas: allRSs holds only a 5-replica RS
/// (rs5), maxUnavailable 1.
#[test]
fn new_rs_new_replicas_table() {
    // (name, recreate, depReplicas, newRSReplicas, maxSurge, expected)
    let cases = [
        ("can not scale up - to newRSReplicas", false, 1, 5, 1, 5),
        ("scale up - to depReplicas", false, 6, 2, 10, 6),
        ("recreate - to depReplicas", true, 3, 1, 1, 3),
    ];
    for (name, recreate, dep, new_rs, surge, expected) in cases {
        let mut d = spec(dep, &surge.to_string(), "1");
        if recreate {
            d.strategy = Strategy::Recreate;
        }
        assert_eq!(
            new_rs_new_replicas(&d, 5, new_rs).unwrap(),
            expected,
            "{name}"
        );
    }
}

/// deployment_util_test.go TestMaxUnavailable (maxSurge 1).
#[test]
fn max_unavailable_table() {
    let cases = [
        ("less than replicas", 10, "5", 5),
        ("equal replicas", 10, "10", 10),
        ("greater than replicas", 5, "10", 5),
        ("replicas is 0", 0, "10", 0),
        ("less than replicas with percents", 10, "50%", 5),
        ("equal replicas with percents", 10, "100%", 10),
        ("greater than replicas with percents", 5, "100%", 5),
    ];
    for (name, replicas, u, expected) in cases {
        assert_eq!(max_unavailable(&spec(replicas, "1", u)), expected, "{name}");
    }
    let mut recreate = spec(10, "1", "1");
    recreate.strategy = Strategy::Recreate;
    assert_eq!(
        max_unavailable(&recreate),
        0,
        "with Recreate deployment strategy"
    );
}

/// rolling_test.go TestDeploymentController_reconcileNewReplicaSet: maxUnavailable 0;
/// allRSs = [new, old].
#[test]
fn reconcile_new_replica_set_table() {
    // (deploymentReplicas, maxSurge, oldReplicas, newReplicas, scaleExpected, expectedNew)
    let cases = [
        (10, 0, 10, 0, false, 0),
        (10, 2, 10, 0, true, 2),
        (10, 2, 5, 0, true, 7),
        (10, 2, 10, 2, false, 0),
        (10, 2, 2, 11, true, 10),
    ];
    for (i, (replicas, surge, old, new, scale, expected)) in cases.into_iter().enumerate() {
        let d = spec(replicas, &surge.to_string(), "0");
        // reconcileNewReplicaSet: equal -> nothing; above -> scale down; else NewRSNewReplicas.
        let target = if new == replicas {
            new
        } else if new > replicas {
            replicas
        } else {
            new_rs_new_replicas(&d, (old + new) as i64, new).unwrap()
        };
        assert_eq!(target != new, scale, "case {i}: scaled");
        if scale {
            assert_eq!(target, expected, "case {i}");
        }
    }
}

/// rolling_test.go TestDeploymentController_reconcileOldReplicaSets (maxSurge 0).
/// Also the design doc's §8.3 table, which states the resulting old sizes.
#[test]
fn reconcile_old_replica_sets_table() {
    // (replicas, maxUnavailable, oldReplicas, newReplicas, oldAvailable, newAvailable, scaleExpected, expectedOld)
    let cases = [
        (10, 0, 10, 0, 10, 0, true, 9),
        (10, 2, 10, 0, 10, 0, true, 8),
        (10, 2, 10, 0, 8, 0, true, 8),
        (10, 2, 10, 0, 9, 0, true, 8),
        (10, 2, 8, 2, 8, 0, false, 8),
    ];
    for (i, (replicas, u, old, new, old_avail, new_avail, scale, expected)) in
        cases.into_iter().enumerate()
    {
        let d = spec(replicas, "0", &u.to_string());
        let min_available = (replicas - max_unavailable(&d)) as i64;
        let budget = max_scaled_down(
            (old + new) as i64,
            min_available,
            new as i64,
            new_avail as i64,
        );
        let mut size = old;
        let mut scaled = 0;
        if budget > 0 {
            let (sizes, cleaned) = cleanup_unhealthy(
                &[OldRsView {
                    spec: old,
                    available: old_avail,
                }],
                budget,
            );
            let (sizes2, removed) =
                scale_down_old_for_rolling(&sizes, (old_avail + new_avail) as i64, min_available);
            size = sizes2[0];
            scaled = cleaned + removed;
        }
        assert_eq!(scaled > 0, scale, "case {i}: scaled");
        assert_eq!(size, expected, "case {i}: old size");
    }
}

/// rolling_test.go TestDeploymentController_cleanupUnhealthyReplicas (replicas 10).
#[test]
fn cleanup_unhealthy_replicas_table() {
    // (oldReplicas, readyPods, maxCleanupCount, cleanupCountExpected)
    let cases = [(10, 8, 1, 1), (10, 8, 3, 2), (10, 8, 0, 0), (10, 10, 3, 0)];
    for (i, (old, ready, budget, expected)) in cases.into_iter().enumerate() {
        let (sizes, cleaned) = cleanup_unhealthy(
            &[OldRsView {
                spec: old,
                available: ready,
            }],
            budget,
        );
        assert_eq!(cleaned, expected, "case {i}");
        assert_eq!(sizes[0] as i64, old as i64 - expected, "case {i}: size");
    }
}

/// rolling_test.go TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate
/// (maxSurge 0, allRSs = [old]).
#[test]
fn scale_down_old_for_rolling_update_table() {
    // (replicas, maxUnavailable, readyPods, oldReplicas, scaleExpected, expectedOld)
    let cases = [
        (10, 0, 10, 10, true, 9),
        (10, 2, 10, 10, true, 8),
        (10, 2, 8, 10, false, 10),
        (10, 2, 10, 0, false, 0),
        (10, 2, 1, 10, false, 10),
    ];
    for (i, (replicas, u, ready, old, scale, expected)) in cases.into_iter().enumerate() {
        let d = spec(replicas, "0", &u.to_string());
        let min_available = (replicas - max_unavailable(&d)) as i64;
        let (sizes, removed) = scale_down_old_for_rolling(&[old], ready as i64, min_available);
        assert_eq!(removed > 0, scale, "case {i}");
        assert_eq!(sizes[0], expected, "case {i}");
    }
}

/// sync_test.go TestScale, as tabulated in k8s-deployment-semantics.md §11.3 (the
/// rows that reach proportional scaling). The max-replicas annotation is the old
/// replicas + old surge; RSs are listed newest first, the newest being the new RS.
#[test]
fn proportional_scaling_table() {
    /// (old replicas, old surge, new replicas, new surge, sizes newest first, expected)
    type Case = (i32, i32, i32, i32, &'static [i32], &'static [i32]);
    let cases: &[Case] = &[
        (5, 0, 10, 0, &[2, 3], &[4, 6]),
        (5, 0, 3, 0, &[2, 3], &[1, 2]),
        (9, 0, 4, 0, &[8, 1], &[4, 0]),
        (7, 0, 10, 0, &[2, 3, 2], &[3, 4, 3]),
        (13, 0, 8, 0, &[2, 8, 3], &[1, 5, 2]),
        (3, 0, 4, 0, &[1, 1, 1], &[2, 1, 1]),
        (3, 0, 2, 0, &[1, 1, 1], &[1, 1, 0]),
        (6, 0, 0, 0, &[3, 2, 1], &[0, 0, 0]),
        (10, 2, 20, 2, &[6, 6], &[11, 11]),
        (10, 3, 50, 6, &[5, 8], &[22, 34]),
        // No new RS: the old ones share the growth (4 -> 5, leftover to the newest).
        (4, 0, 5, 0, &[2, 2], &[3, 2]),
    ];
    for (i, (old_r, old_s, new_r, new_s, before, expected)) in cases.iter().enumerate() {
        let views: Vec<ScaleView> = before
            .iter()
            .enumerate()
            .map(|(j, s)| ScaleView {
                name: format!("rs{j}"),
                spec: *s,
                // Newest first: rs0 is the newest.
                creation_ms: 1000 - j as u64,
                max_replicas_annotation: Some(old_r + old_s),
            })
            .collect();
        let status_replicas: i32 = before.iter().sum();
        let (sizes, _) = proportional_sizes(*new_r, *new_s, status_replicas, views);
        let mut got: Vec<(String, i32)> = sizes;
        got.sort();
        let got: Vec<i32> = got.into_iter().map(|(_, s)| s).collect();
        assert_eq!(&got, expected, "case {i}: {old_r}->{new_r} from {before:?}");
    }
}

/// deployment_util_test.go TestDeploymentComplete: (desired, current, updated,
/// available, maxUnavailable, maxSurge).
#[test]
fn deployment_complete_table() {
    let cases = [
        (
            "min but not all pods become available",
            (5, 5, 5, 4, 1, 0),
            false,
        ),
        ("min availability is not honored", (5, 5, 5, 3, 1, 0), false),
        ("complete", (5, 5, 5, 5, 0, 0), true),
        (
            "all pods are available but not updated",
            (5, 5, 4, 5, 0, 0),
            false,
        ),
        ("still running old pods", (1, 2, 1, 1, 0, 1), false),
        (
            "one replica deployment never comes up",
            (1, 1, 1, 0, 1, 1),
            false,
        ),
    ];
    for (name, (desired, current, updated, available, u, s), expected) in cases {
        let d = spec(desired, &s.to_string(), &u.to_string());
        let status = DeploymentStatus {
            replicas: current,
            updated_replicas: updated,
            available_replicas: available,
            ..Default::default()
        };
        assert_eq!(deployment_complete(&d, 0, &status), expected, "{name}");
    }
}

/// deployment_util_test.go TestDeploymentProgressing: (current, updated, ready, available).
#[test]
fn deployment_progressing_table() {
    let st = |c, u, r, a| DeploymentStatus {
        replicas: c,
        updated_replicas: u,
        ready_replicas: r,
        available_replicas: a,
        ..Default::default()
    };
    let cases = [
        ("updated pods", st(10, 4, 4, 4), st(10, 6, 4, 4), true),
        ("not progressing", st(10, 4, 4, 4), st(10, 4, 4, 4), false),
        ("old pods removed", st(10, 4, 6, 6), st(8, 4, 6, 6), true),
        ("less new pods", st(10, 7, 3, 3), st(10, 6, 3, 3), false),
        (
            "less overall but more new pods",
            st(10, 4, 7, 7),
            st(8, 8, 5, 5),
            true,
        ),
        ("more ready pods", st(10, 10, 9, 8), st(10, 10, 10, 8), true),
        (
            "more available pods",
            st(10, 10, 10, 9),
            st(10, 10, 10, 10),
            true,
        ),
    ];
    for (name, old, new, expected) in cases {
        assert_eq!(deployment_progressing(&old, &new), expected, "{name}");
    }
}

/// deployment_util_test.go TestDeploymentTimedOut: pds 10 s, lastUpdate 01:09 or
/// 01:11, now 01:20.
#[test]
fn deployment_timed_out_table() {
    let at = |m: u64, s: u64| (m * 60 + s) * 1000;
    let cond = |reason: &str, from: u64| DeploymentStatus {
        conditions: vec![Condition {
            kind: "Progressing".into(),
            status: ConditionStatus::True,
            reason: reason.into(),
            message: String::new(),
            last_update_ms: from,
            last_transition_ms: from,
        }],
        ..Default::default()
    };
    let with_pds = |pds: Option<i32>| {
        let mut d = spec(1, "1", "1");
        d.progress_deadline_seconds = pds;
        d
    };
    let cases = [
        (
            "nil progressDeadlineSeconds",
            with_pds(None),
            cond("", at(1, 9)),
            at(1, 20),
            false,
        ),
        (
            "infinite progressDeadlineSeconds",
            with_pds(Some(i32::MAX)),
            cond("", at(1, 9)),
            at(1, 20),
            false,
        ),
        (
            "10s, 11s elapsed",
            with_pds(Some(10)),
            cond("", at(1, 9)),
            at(1, 20),
            true,
        ),
        (
            "10s, 9s elapsed",
            with_pds(Some(10)),
            cond("", at(1, 11)),
            at(1, 20),
            false,
        ),
        (
            "previous status was a complete deployment",
            with_pds(Some(10)),
            cond("NewReplicaSetAvailable", 0),
            at(1, 20),
            false,
        ),
    ];
    for (name, d, status, now, expected) in cases {
        assert_eq!(deployment_timed_out(&d, &status, now), expected, "{name}");
    }
}

/// kubectl polymorphichelpers rollout_status_test.go TestDeploymentStatusViewerStatus.
#[test]
fn rollout_status_messages_table() {
    // (generation, specReplicas, observedGeneration, replicas, updated, available, msg, done)
    let cases = [
        (0, 1, 1, 1, 0, 1, "Waiting for deployment \"foo\" rollout to finish: 0 out of 1 new replicas have been updated...\n", false),
        (1, 1, 1, 2, 1, 2, "Waiting for deployment \"foo\" rollout to finish: 1 old replicas are pending termination...\n", false),
        (1, 2, 1, 2, 2, 1, "Waiting for deployment \"foo\" rollout to finish: 1 of 2 updated replicas are available...\n", false),
        (1, 2, 1, 2, 2, 2, "deployment \"foo\" successfully rolled out\n", true),
        (2, 2, 1, 2, 2, 2, "Waiting for deployment spec update to be observed...\n", false),
    ];
    for (i, (generation, replicas, observed, current, updated, available, msg, done)) in
        cases.into_iter().enumerate()
    {
        let d = Deployment {
            name: "foo".into(),
            uid: String::new(),
            labels: Labels::new(),
            annotations: Labels::new(),
            generation,
            resource_version: 1,
            creation_ms: 0,
            spec: spec(replicas, "1", "1"),
            status: DeploymentStatus {
                observed_generation: observed,
                replicas: current,
                updated_replicas: updated,
                available_replicas: available,
                ..Default::default()
            },
        };
        let (m, d_done, err) = rollout_status_message(&d);
        assert!(!err, "case {i}");
        assert_eq!((m.as_str(), d_done), (msg, done), "case {i}");
    }
}

/// deployment_util_test.go TestSetNewReplicaSetAnnotations / revision-history trimming
/// (design doc §6.2: limit 5, bumps 11 -> 12 -> 13 -> 14).
#[test]
fn revision_history_trimming() {
    use rollout_playground::sim::hash::encode_hash;
    let limit = 5;
    let mut history = String::new();
    let mut got = Vec::new();
    for old in ["11", "12", "13"] {
        history = append_history(&history, old, limit);
        got.push(history.clone());
    }
    assert_eq!(got, ["11", "11,12", "12,13"]);
    // hash_test: the decimal digits map through the alphabet to 4-9 and b,c,d,f only.
    assert_eq!(encode_hash(1234567890), "56789bcdf4");
}

fn append_history(h: &str, old: &str, limit: usize) -> String {
    // The controller's function is internal; drive it through the public re-export.
    rollout_playground::sim::revision_history_append(h, old, limit)
}
