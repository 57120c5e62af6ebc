//! The `kubesim` binary: a script file, standard input, and its exit statuses.

mod common;
use common::*;
use std::io::Write;
use std::process::{Command, Stdio};

fn kubesim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kubesim"))
}

#[test]
fn runs_a_script_and_prints_the_golden_transcript() {
    let out = kubesim()
        .arg(repo().join("presets/tutorial-recreate.kubesim"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        read("tests/golden/tutorial-recreate.out")
    );
}

#[test]
fn the_seed_changes_pod_names_but_not_the_shape() {
    let run = |seed: &str| {
        let out = kubesim()
            .args(["--seed", seed])
            .arg(repo().join("presets/tutorial-recreate.kubesim"))
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let (a, b) = (run("1"), run("2"));
    assert_ne!(a, b);
    assert_eq!(a.lines().count(), b.lines().count());
    assert_eq!(run("2"), b, "same seed, same transcript");
}

#[test]
fn reads_standard_input_as_an_interactive_playground() {
    let mut child = kubesim()
        .current_dir(repo().join("presets"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"kubectl apply -f rolling-deployment.yaml\nsleep 30s\nkubectl get deploy\nkubectl nonsense\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "bad lines do not stop the session");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("$ kubectl apply -f rolling-deployment.yaml\ndeployment.apps/rolldeployment created\n$ sleep 30s\n"), "{text}");
    assert!(
        text.contains("rolldeployment   10/10   10           10          30s\n"),
        "{text}"
    );
    assert!(
        text.ends_with("$ kubectl nonsense\nerror: unknown command \"nonsense\" for \"kubectl\"\n"),
        "{text}"
    );
}

#[test]
fn a_missing_script_is_exit_status_one() {
    let out = kubesim()
        .arg("/nonexistent/script.kubesim")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("kubesim: cannot read /nonexistent/script.kubesim"));
    let bad = kubesim().args(["--seed", "x"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn completes_from_the_same_command_table_and_cluster_as_the_web_console() {
    let complete = |line: &str| {
        let out = kubesim().args(["--complete", line]).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(complete("kubectl rollout u"), "undo\n");
    assert_eq!(
        complete("kubectl rollout status deployment/x --t"),
        "--timeout\n"
    );
    // After a script, the cluster's names complete too.
    let dir = std::env::temp_dir().join(format!("kubesim-complete-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        repo().join("presets/recreate-deployment.yaml"),
        dir.join("d.yaml"),
    )
    .unwrap();
    std::fs::write(dir.join("s.kubesim"), "kubectl apply -f d.yaml\n").unwrap();
    let mut cmd = kubesim();
    cmd.args(["--complete", "kubectl rollout undo deployment/"])
        .arg(dir.join("s.kubesim"));
    let out = cmd.output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "deployment/rcdeployment\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
