//! Same seed + same commands = the same transcript, byte for byte, however time is
//! sliced; and a different seed gives different names.

use crate::common;
use common::*;
use rollout_playground::kubectl::script::Session;
use rollout_playground::kubectl::{args, Files};

const EXTRA: &str = "kubectl get events\nkubectl describe deployment\nkubectl get pods -o yaml\nkubectl get rs -o json\n";

/// Runs `script`, executing each `sleep` as advances of `slice_ms` (0 = one advance).
fn transcript(seed: u64, files: &dyn Files, script: &str, slice_ms: u64) -> String {
    let mut s = Session::new(seed);
    let mut out = String::new();
    for line in script.lines().chain(EXTRA.lines()) {
        match line.trim().strip_prefix("sleep ") {
            Some(arg) if slice_ms > 0 => {
                out.push_str(&format!("$ {line}\n"));
                let mut left = args::parse_duration_ms(arg.trim()).unwrap();
                while left > 0 {
                    let step = left.min(slice_ms);
                    s.sim.advance(step);
                    left -= step;
                }
            }
            _ => out.push_str(&s.transcript_line(files, line)),
        }
    }
    out
}

fn scripts() -> Vec<(String, String)> {
    vec![
        ("recreate".into(), read("presets/tutorial-recreate.kubesim")),
        ("rolling".into(), read("presets/tutorial-rolling.kubesim")),
        (
            "failures".into(),
            "kubectl create deployment web --image=nginx:1.25 --replicas=6\nsleep 20s\nkubectl set image deployment/web nginx=playground/app:crash\nsleep 95s\nkubectl get pods\nkubectl set image deployment/web nginx=nginx:nope\nsleep 47s\nkubectl get pods\nkubectl rollout undo deployment/web --to-revision=1\nsleep 13s\nkubectl scale deployment web --replicas=11\nsleep 2m\nkubectl get pods\n".into(),
        ),
    ]
}

#[test]
fn same_seed_gives_identical_transcripts() {
    for (name, script) in scripts() {
        let a = transcript(42, &presets(), &script, 0);
        let b = transcript(42, &presets(), &script, 0);
        assert_eq!(a, b, "{name}: two runs differ");
        assert!(a.len() > 2_000, "{name}: the transcript has substance");
    }
}

#[test]
fn coarse_and_fine_time_slicing_agree() {
    for (name, script) in scripts() {
        let coarse = transcript(9, &presets(), &script, 0);
        for slice in [1_000, 97, 10] {
            let fine = transcript(9, &presets(), &script, slice);
            if coarse != fine {
                let line = coarse
                    .lines()
                    .zip(fine.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                panic!("{name}: slicing by {slice} ms differs from one advance at line {line}:\n{}\nvs\n{}", coarse.lines().nth(line).unwrap_or(""), fine.lines().nth(line).unwrap_or(""));
            }
        }
    }
}

#[test]
fn different_seeds_give_different_pod_names() {
    let script = read("presets/tutorial-recreate.kubesim");
    let a = transcript(1, &presets(), &script, 0);
    let b = transcript(2, &presets(), &script, 0);
    assert_ne!(a, b);
    // The ReplicaSet names come from the template hash, not the seed.
    let rs_line = |t: &str| {
        t.lines()
            .find(|l| l.starts_with("rcdeployment-") && l.split_whitespace().count() == 5)
            .map(|l| l.split_whitespace().next().unwrap().to_string())
    };
    assert_eq!(rs_line(&a), rs_line(&b));
}
