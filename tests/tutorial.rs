//! The tutorial's two hands-on sessions (../shared/seed/), run as the scripts in
//! presets/, must show what the tutorial shows, in shape.

use crate::common;
use common::*;
use rollout_playground::sim::invariants;
use rollout_playground::sim::*;

#[test]
fn presets_are_the_tutorial_files_unchanged() {
    let seed = repo().join("../shared/seed");
    if !seed.exists() {
        eprintln!("../shared/seed not present; comparing nothing");
        return;
    }
    for f in ["recreate-deployment.yaml", "rolling-deployment.yaml"] {
        assert_eq!(
            read(&format!("presets/{f}")),
            std::fs::read_to_string(seed.join(f)).unwrap(),
            "{f} differs from the tutorial"
        );
    }
}

#[test]
fn recreate_removes_every_old_pod_before_creating_a_new_one() {
    let script = read("presets/tutorial-recreate.kubesim");
    let mut image_changed = false;
    let mut saw_old_after_change = false;
    let mut saw_new = false;
    let mut max_new_running = 0;
    let steps = run_stepped(1, &presets(), &script, |sim, line| {
        if line.contains("set image") {
            image_changed = true;
        }
        let Some(d) = sim.deployment("rcdeployment") else {
            return;
        };
        let rss = sim.replica_sets_of("rcdeployment");
        let new: Vec<&ReplicaSet> = rss
            .iter()
            .copied()
            .filter(|r| r.template.equal_ignore_hash(&d.spec.template))
            .collect();
        let old: Vec<&ReplicaSet> = rss
            .iter()
            .copied()
            .filter(|r| !r.template.equal_ignore_hash(&d.spec.template))
            .collect();
        let new_pods: usize = new.iter().map(|r| sim.pods_of(&r.name).len()).sum();
        let old_pods: usize = old.iter().map(|r| sim.pods_of(&r.name).len()).sum();
        assert!(
            new_pods == 0 || old_pods == 0,
            "at {} ms ({line}): {new_pods} new pods exist beside {old_pods} old pods",
            sim.now_ms()
        );
        if image_changed {
            saw_old_after_change |= old_pods > 0;
            saw_new |= new_pods > 0;
            let running = new
                .iter()
                .flat_map(|r| sim.pods_of(&r.name))
                .filter(|p| p.phase == PodPhase::Running && p.ready)
                .count();
            max_new_running = max_new_running.max(running);
        }
        assert!(
            invariants::check(sim).is_empty(),
            "{:?}",
            invariants::check(sim)
        );
    });
    assert!(
        saw_old_after_change && saw_new,
        "the check saw both generations"
    );
    assert_eq!(max_new_running, 5, "all 5 httpd pods ran");
    let rs = outputs(&steps, "kubectl get rs");
    assert!(
        rs[0].stdout().contains("   5         5         5   "),
        "5/5/5 once running:\n{}",
        rs[0].stdout()
    );
    let last_rs = rs.last().unwrap().stdout();
    assert_eq!(
        last_rs.lines().count(),
        3,
        "two ReplicaSets after the update:\n{last_rs}"
    );
    assert!(
        last_rs
            .lines()
            .any(|l| l.split_whitespace().skip(1).take(3).collect::<Vec<_>>() == ["0", "0", "0"]),
        "old RS at 0:\n{last_rs}"
    );
    let deleted = outputs(&steps, "kubectl delete");
    assert_eq!(
        deleted[0].stdout(),
        "deployment.apps \"rcdeployment\" deleted\n"
    );
    let last_pods = outputs(&steps, "kubectl get pods").last().unwrap().stderr();
    assert_eq!(last_pods, "No resources found in default namespace.\n");
}

#[test]
fn rolling_update_keeps_within_surge_and_unavailable_and_undo_renumbers() {
    let script = read("presets/tutorial-rolling.kubesim");
    let mut first_rollout_done = false;
    let mut max_pods = 0;
    let mut min_available = i32::MAX;
    let mut paused_specs: Option<Vec<(String, i32)>> = None;
    let mut paused_checks = 0;
    let steps = run_stepped(7, &presets(), &script, |sim, line| {
        assert!(
            invariants::check(sim).is_empty(),
            "{:?}",
            invariants::check(sim)
        );
        assert!(
            invariants::check_guardrails(sim).is_empty(),
            "{:?}",
            invariants::check_guardrails(sim)
        );
        let Some(d) = sim.deployment("rolldeployment") else {
            return;
        };
        let rss = sim.replica_sets_of("rolldeployment");
        let pods: i32 = rss.iter().map(|r| r.status.replicas).sum();
        let available: i32 = rss.iter().map(|r| r.status.available_replicas).sum();
        if available == 10 {
            first_rollout_done = true;
        }
        if first_rollout_done {
            assert!(
                pods <= 12,
                "at {} ms ({line}): {pods} pods > 12",
                sim.now_ms()
            );
            assert!(
                available >= 8,
                "at {} ms ({line}): {available} available < 8",
                sim.now_ms()
            );
            max_pods = max_pods.max(pods);
            min_available = min_available.min(available);
        }
        let specs: Vec<(String, i32)> = rss.iter().map(|r| (r.name.clone(), r.replicas)).collect();
        if d.spec.paused {
            match &paused_specs {
                None => paused_specs = Some(specs),
                Some(frozen) => {
                    assert_eq!(frozen, &specs, "ReplicaSets moved while paused");
                    paused_checks += 1;
                }
            }
        }
    });
    assert_eq!(max_pods, 12, "the rollout used its full surge");
    assert_eq!(
        min_available, 8,
        "the rollout used its full unavailability budget"
    );
    assert!(
        paused_checks > 10,
        "the pause was observed over many steps ({paused_checks})"
    );
    let frozen = paused_specs.expect("paused");
    assert!(
        frozen.iter().filter(|(_, r)| *r > 0).count() == 2,
        "paused mid-rollout with two active ReplicaSets: {frozen:?}"
    );
    assert_eq!(
        frozen.iter().map(|(_, r)| r).sum::<i32>(),
        12,
        "12 pods while paused: {frozen:?}"
    );

    let history = outputs(&steps, "kubectl rollout history");
    let revisions = |o: &rollout_playground::kubectl::Output| -> Vec<String> {
        o.stdout()
            .lines()
            .skip(2)
            .filter(|l| !l.is_empty())
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    assert_eq!(revisions(history[0]), ["1", "2", "3"]);
    assert!(
        history[0].stdout().contains(
            "2         kubectl set image deployment rolldeployment nginx=httpd --record=true\n"
        ),
        "{}",
        history[0].stdout()
    );
    assert!(history[0].stdout().contains(
        "3         kubectl set image deployment rolldeployment nginx=httpd:alpine --record=true\n"
    ));
    assert_eq!(
        revisions(history[1]),
        ["1", "3", "4"],
        "undo made revision 4 and revision 2 disappeared"
    );
    assert!(history[1].stdout().contains(
        "4         kubectl set image deployment rolldeployment nginx=httpd --record=true\n"
    ));
    assert_eq!(revisions(history[2]), ["1", "4", "5"]);
    let status = outputs(&steps, "kubectl rollout status");
    assert!(
        status[0]
            .stdout()
            .ends_with("deployment \"rolldeployment\" successfully rolled out\n"),
        "resume finished the rollout"
    );
    let rs_after = outputs(&steps, "kubectl get rs");
    let after_resume = rs_after[rs_after.len() - 2].stdout();
    let active: Vec<&str> = after_resume
        .lines()
        .skip(1)
        .filter(|l| l.split_whitespace().nth(1) != Some("0"))
        .collect();
    assert_eq!(
        active.len(),
        1,
        "one active ReplicaSet after resume:\n{after_resume}"
    );
    assert!(
        active[0].contains("  10        10        10  "),
        "{after_resume}"
    );
}

/// The ReplicaSet names a real cluster gave the tutorial's templates (Kubernetes
/// v1.32.0, recorded in ../shared/seed): the pod-template-hash is ComputeHash's
/// over the spew dump of the defaulted template, so the names must be the same.
const TUTORIAL_REPLICA_SETS: &[&str] = &[
    "rcdeployment-687df9bcb7",
    "rcdeployment-588d5d854c",
    "rolldeployment-6b947d555",
    "rolldeployment-9b659bdf9",
    "rolldeployment-7bd8467cd",
];

#[test]
fn replica_set_names_are_the_ones_a_real_cluster_gave_the_tutorial() {
    // The names as the tutorial's transcript shows them, where it is at hand.
    let seed = repo().join("../shared/seed/rollout-rollback-tutorial.txt");
    if let Ok(text) = std::fs::read_to_string(&seed) {
        let mut seen: Vec<String> = Vec::new();
        for word in text.split(|c: char| c.is_whitespace()) {
            let Some((deploy, hash)) = word.split_once('-') else {
                continue;
            };
            let is_hash =
                (6..=10).contains(&hash.len()) && hash.bytes().all(|b| b"456789bcdf".contains(&b));
            if ["rcdeployment", "rolldeployment"].contains(&deploy)
                && is_hash
                && !seen.contains(&word.to_string())
            {
                seen.push(word.to_string());
            }
        }
        seen.sort();
        let mut want: Vec<String> = TUTORIAL_REPLICA_SETS
            .iter()
            .map(|s| s.to_string())
            .collect();
        want.sort();
        assert_eq!(seen, want, "the tutorial's ReplicaSets");
    }
    let mut ours: Vec<String> = Vec::new();
    for script in [
        "presets/tutorial-recreate.kubesim",
        "presets/tutorial-rolling.kubesim",
    ] {
        run_stepped(1, &presets(), &read(script), |sim, _| {
            for rs in sim.replica_sets() {
                if !ours.contains(&rs.name) {
                    ours.push(rs.name.clone());
                }
            }
        });
    }
    ours.sort();
    let mut want: Vec<String> = TUTORIAL_REPLICA_SETS
        .iter()
        .map(|s| s.to_string())
        .collect();
    want.sort();
    assert_eq!(ours, want);
}
