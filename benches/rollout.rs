//! Benchmark (not a test): how long the engine takes to run a RollingUpdate (25%/25%)
//! of N replicas to completion, through the same kubectl path `kubesim` uses.
//! `cargo bench --bench rollout` prints a table (median and minimum of several runs:
//! wall time on a shared VM is noisy); `BENCH_SIZES=1000,10000` picks sizes.
//!
//! Each run: create the Deployment, let it become fully available, then time
//! `kubectl set image` + `kubectl rollout status` until "successfully rolled out".

use rollout_playground::kubectl::script::Session;
use rollout_playground::kubectl::NoFiles;
use std::time::Instant;

fn run(n: u64) -> (f64, f64, u64, u64) {
    let mut s = Session::new(1);
    let t0 = Instant::now();
    let out = s.run_line(
        &NoFiles,
        &format!("kubectl create deployment web --image=nginx:1.25 --replicas={n}"),
    );
    assert_eq!(out.exit_code, 0, "{}", out.text());
    let out = s.run_line(&NoFiles, "kubectl rollout status deployment/web");
    assert!(
        out.stdout().ends_with("successfully rolled out\n"),
        "{}",
        out.text()
    );
    let create_ms = t0.elapsed().as_secs_f64() * 1e3;
    let syncs_before = s.sim.sync_count;
    let sim_start = s.sim.now_ms();
    let t1 = Instant::now();
    let out = s.run_line(&NoFiles, "kubectl set image deployment/web *=nginx:1.26");
    assert_eq!(out.exit_code, 0);
    let out = s.run_line(&NoFiles, "kubectl rollout status deployment/web");
    let rollout_ms = t1.elapsed().as_secs_f64() * 1e3;
    assert!(
        out.stdout().ends_with("successfully rolled out\n"),
        "{}",
        out.text()
    );
    (
        rollout_ms,
        create_ms,
        s.sim.sync_count - syncs_before,
        s.sim.now_ms() - sim_start,
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let sizes: Vec<u64> = std::env::var("BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|v| v.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 3_000, 10_000, 30_000, 100_000]);
    println!(
        "{:>9}  {:>12}  {:>10}  {:>10}  {:>14}  {:>9}  {:>12}",
        "replicas", "rollout ms", "min ms", "ns/pod", "create+ready ms", "syncs", "sim seconds"
    );
    for n in sizes {
        let runs = std::env::var("BENCH_RUNS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(if n >= 30_000 { 3 } else { 7 });
        let mut rollout = Vec::new();
        let mut create = Vec::new();
        let mut syncs = 0;
        let mut sim_ms = 0;
        for _ in 0..runs {
            let (r, c, s, t) = run(n);
            rollout.push(r);
            create.push(c);
            syncs = s;
            sim_ms = t;
        }
        let min = rollout.iter().cloned().fold(f64::MAX, f64::min);
        let r = median(rollout);
        println!(
            "{n:>9}  {r:>12.1}  {min:>10.1}  {:>10.0}  {:>14.1}  {syncs:>9}  {:>12.1}",
            r * 1e6 / n as f64,
            median(create),
            sim_ms as f64 / 1000.0
        );
    }
}
