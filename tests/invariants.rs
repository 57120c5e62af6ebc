//! Seeded random command sequences: scale, set image (healthy and failing images),
//! pause/resume, undo, restart and time, mid-rollout. After every command and every
//! timer the structural invariants and guardrails must hold; available pods never drop
//! below replicas - maxUnavailable on their own; revisions only grow; and once a
//! healthy image is set and the Deployment resumed, the rollout converges.
//! A failure prints its seed; `INVARIANT_SEEDS=N` runs more seeds.

use rollout_playground::kubectl::script::Session;
use rollout_playground::kubectl::{rollout_status_message, NoFiles};
use rollout_playground::manifest;
use rollout_playground::sim::invariants::{self, bounds};
use rollout_playground::sim::rng::Rng;
use rollout_playground::sim::*;
use std::collections::BTreeMap;

const HEALTHY: &[&str] = &[
    "nginx:1.25",
    "nginx:1.26",
    "httpd",
    "httpd:alpine",
    "nginx",
    "playground/app:v1",
    "playground/app:v2",
];
const FAILING: &[&str] = &[
    "playground/app:crash",
    "playground/app:unready",
    "nginx:does-not-exist",
    "playground/app:slow",
    "playground/app:oom",
];

fn manifest_yaml(rng: &mut Rng, name: &str) -> String {
    let replicas = rng.range(0, 16);
    let values = ["0", "1", "2", "3", "25%", "50%", "100%"];
    let (surge, unavailable) = loop {
        let s = values[rng.range(0, values.len() as u64) as usize];
        let u = values[rng.range(0, values.len() as u64 - 1) as usize];
        if !(s.trim_end_matches('%') == "0" && u.trim_end_matches('%') == "0") {
            break (s, u);
        }
    };
    let quote = |v: &str| {
        if v.ends_with('%') {
            format!("\"{v}\"")
        } else {
            v.to_string()
        }
    };
    let strategy = if rng.range(0, 4) == 0 {
        "    type: Recreate\n".to_string()
    } else {
        format!("    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: {}\n      maxUnavailable: {}\n", quote(surge), quote(unavailable))
    };
    let mrs = [0, 0, 3][rng.range(0, 3) as usize];
    let probe = if rng.range(0, 3) == 0 {
        "        readinessProbe:\n          httpGet:\n            path: /\n            port: 80\n          initialDelaySeconds: 2\n          periodSeconds: 3\n"
    } else {
        ""
    };
    let pds = [600, 30][rng.range(0, 2) as usize];
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {replicas}\n  minReadySeconds: {mrs}\n  progressDeadlineSeconds: {pds}\n  revisionHistoryLimit: {}\n  selector:\n    matchLabels:\n      app: {name}\n  strategy:\n{strategy}  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.25\n{probe}",
        rng.range(0, 4)
    )
}

struct Tracker {
    revision: BTreeMap<String, i64>,
    /// Recreate Deployments paused or scaled mid-transition (see check_guardrails).
    recreate_exempt: std::collections::BTreeSet<String>,
}

fn deployment_is_healthy(sim: &Sim, name: &str) -> bool {
    sim.replica_sets_of(name)
        .iter()
        .all(|r| r.images().iter().all(|i| HEALTHY.contains(&i.as_str())))
}

/// Checks after every step. `timer_only`: no user command happened since `before`.
fn check(
    seed: u64,
    sim: &Sim,
    before: &BTreeMap<String, (i32, i32, bool)>,
    timer_only: bool,
    t: &mut Tracker,
    what: &str,
) {
    for d in sim.deployments() {
        if rollout_status_message(d).1 && !d.spec.paused {
            t.recreate_exempt.remove(&d.name);
        }
    }
    let guardrails = invariants::check_guardrails(sim).into_iter().filter(|e| {
        !(e.contains("Recreate has")
            && t.recreate_exempt
                .iter()
                .any(|n| e.starts_with(&format!("{n}:"))))
    });
    let errors: Vec<String> = invariants::check(sim)
        .into_iter()
        .chain(guardrails)
        .collect();
    assert!(
        errors.is_empty(),
        "seed {seed}, at {} ms after {what}: {errors:?}",
        sim.now_ms()
    );
    for d in sim.deployments() {
        let b = bounds(sim, &d.name).unwrap();
        let prev = t.revision.insert(d.name.clone(), b.revision).unwrap_or(0);
        // Revisions only grow, except that upstream restarts numbering from the
        // highest remaining ReplicaSet when cleanup has deleted all the others.
        let max_kept = sim
            .replica_sets_of(&d.name)
            .iter()
            .filter_map(|r| r.revision())
            .max()
            .unwrap_or(0);
        assert!(
            b.revision >= prev || max_kept < prev,
            "seed {seed}: revision of {} went {prev} -> {} after {what} with revision {max_kept} still kept",
            d.name,
            b.revision
        );
        if timer_only {
            if let Some((avail_before, min_before, healthy_before)) = before.get(&d.name) {
                if *healthy_before
                    && avail_before >= min_before
                    && deployment_is_healthy(sim, &d.name)
                {
                    assert!(
                        b.available >= b.min_available,
                        "seed {seed}, at {} ms after {what}: {} available < min {} (was {avail_before})",
                        sim.now_ms(),
                        b.available,
                        b.min_available
                    );
                }
            }
        }
    }
}

fn snapshot(sim: &Sim) -> BTreeMap<String, (i32, i32, bool)> {
    sim.deployments()
        .map(|d| {
            let b = bounds(sim, &d.name).unwrap();
            (
                d.name.clone(),
                (
                    b.available,
                    b.min_available,
                    deployment_is_healthy(sim, &d.name),
                ),
            )
        })
        .collect()
}

fn advance_checked(seed: u64, s: &mut Session, ms: u64, t: &mut Tracker) {
    let target = s.sim.now_ms() + ms;
    loop {
        let before = snapshot(&s.sim);
        match s.sim.next_deadline() {
            Some(at) if at <= target => s.sim.advance_to(at),
            _ => {
                s.sim.advance_to(target);
                check(seed, &s.sim, &before, true, t, "time");
                return;
            }
        }
        check(seed, &s.sim, &before, true, t, "a timer");
    }
}

fn run_seed(seed: u64) {
    let mut rng = Rng::new(seed ^ 0xA5A5);
    let mut s = Session::new(seed);
    let mut t = Tracker {
        revision: BTreeMap::new(),
        recreate_exempt: Default::default(),
    };
    let names = ["web", "api"];
    let count = 1 + rng.range(0, 2) as usize;
    for name in &names[..count] {
        let yaml = manifest_yaml(&mut rng, name);
        let docs = manifest::parse(&yaml).expect("generated YAML parses");
        let m =
            docs.into_iter().next().unwrap().unwrap_or_else(|e| {
                panic!("seed {seed}: generated manifest invalid: {e:?}\n{yaml}")
            });
        s.sim
            .create_deployment(&m.name, m.labels, m.annotations, m.spec)
            .unwrap();
        check(seed, &s.sim, &BTreeMap::new(), false, &mut t, "create");
    }
    for step in 0..30 {
        let name = names[rng.range(0, count as u64) as usize];
        let cmd = match rng.range(0, 10) {
            0 => format!(
                "kubectl scale deployment {name} --replicas={}",
                rng.range(0, 21)
            ),
            1 | 2 => format!(
                "kubectl set image deployment/{name} app={}",
                HEALTHY[rng.range(0, HEALTHY.len() as u64) as usize]
            ),
            3 => format!(
                "kubectl set image deployment/{name} app={}",
                FAILING[rng.range(0, FAILING.len() as u64) as usize]
            ),
            4 => format!("kubectl rollout pause deployment/{name}"),
            5 => format!("kubectl rollout resume deployment/{name}"),
            6 => format!("kubectl rollout undo deployment/{name}"),
            7 => format!("kubectl rollout restart deployment/{name}"),
            8 => format!(
                "kubectl rollout undo deployment/{name} --to-revision={}",
                rng.range(1, 5)
            ),
            _ => String::new(),
        };
        if !cmd.is_empty() {
            if cmd.contains("pause") || cmd.contains("scale") {
                t.recreate_exempt.insert(name.to_string());
            }
            let out = s.run_line(&NoFiles, &cmd);
            if std::env::var("INVARIANT_TRACE").is_ok() {
                eprintln!("[{} ms] {cmd}\n{}", s.sim.now_ms(), out.text());
                eprintln!("{}", s.run_line(&NoFiles, "kubectl get rs").text());
            }
            assert!(
                !out.text().contains("panicked"),
                "seed {seed}: {cmd}: {}",
                out.text()
            );
            check(
                seed,
                &s.sim,
                &BTreeMap::new(),
                false,
                &mut t,
                &format!("step {step}: {cmd}"),
            );
        }
        let sleep_ms = [0, 500, 1_000, 3_000, 10_000, 30_000][rng.range(0, 6) as usize];
        advance_checked(seed, &mut s, sleep_ms, &mut t);
    }
    // Converge: resume, a healthy image, and time.
    for name in &names[..count] {
        let _ = s.run_line(
            &NoFiles,
            &format!("kubectl rollout resume deployment/{name}"),
        );
        let _ = s.run_line(
            &NoFiles,
            &format!("kubectl set image deployment/{name} app=nginx:1.27"),
        );
    }
    advance_checked(seed, &mut s, 20 * 60_000, &mut t);
    for name in &names[..count] {
        let d = s.sim.deployment(name).unwrap();
        let (msg, done, _) = rollout_status_message(d);
        assert!(done, "seed {seed}: {name} did not converge: {msg}");
        let rss = s.sim.replica_sets_of(name);
        let active: Vec<&&ReplicaSet> = rss.iter().filter(|r| r.replicas > 0).collect();
        assert!(
            active.len() <= 1,
            "seed {seed}: {name} still has {} active ReplicaSets",
            active.len()
        );
        let limit = d.spec.revision_history_limit as usize;
        assert!(
            rss.len() <= limit + 1,
            "seed {seed}: {name} keeps {} ReplicaSets for a limit of {limit}",
            rss.len()
        );
    }
}

#[test]
fn random_sequences_keep_the_invariants() {
    let seeds: u64 = std::env::var("INVARIANT_SEEDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let first: u64 = std::env::var("INVARIANT_FIRST_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    for seed in first..first + seeds {
        run_seed(seed);
    }
}
