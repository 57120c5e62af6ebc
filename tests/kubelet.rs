//! The kubelet's timings, as a learner watching `get pods` meets them.

use rollout_playground::kubectl::{self, NoFiles};
use rollout_playground::sim::Sim;

/// For each restart of the only pod: how long after its container's exit it came
/// (simulated ms), following the cluster one instant at a time.
fn restart_waits(image: &str, until_ms: u64) -> Vec<u64> {
    let mut sim = Sim::new(7);
    let out = kubectl::run(
        &mut sim,
        &NoFiles,
        &format!("kubectl create deployment c --image={image}"),
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr());
    let mut waits = Vec::new();
    let mut restarts = 0;
    while let Some(t) = sim.next_deadline().filter(|t| *t <= until_ms) {
        sim.advance_to(t);
        let pod = sim.pods().next().expect("the pod");
        if pod.restart_count > restarts {
            restarts = pod.restart_count;
            let exited = pod.last_termination_ms.expect("an exit before a restart");
            waits.push(sim.now_ms() - exited);
        }
    }
    waits
}

/// The real kubelet (`doBackOff` over client-go's `flowcontrol.Backoff`) restarts a
/// crashed container at once the first time, then waits 10 s, 20 s, 40 s ...
/// after each exit, capped at 300 s. The kubelet notices on its 1 s relist.
#[test]
fn crash_loop_back_off_is_the_kubelets() {
    let waits = restart_waits("playground/app:crash", 20 * 60_000);
    let expected_s = [0, 10, 20, 40, 80, 160, 300, 300];
    assert!(
        waits.len() >= expected_s.len(),
        "restarts after {waits:?} ms"
    );
    for (i, (wait, want)) in waits.iter().zip(expected_s).enumerate() {
        assert!(
            *wait >= want * 1000 && *wait <= want * 1000 + 1000,
            "restart {}: {wait} ms after the exit, the kubelet waits {want} s (all: {waits:?})",
            i + 1
        );
    }
}
