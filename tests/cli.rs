//! The `kubesim` binary: a script file, standard input, and its exit statuses.

use crate::common;
use common::*;
use std::io::Write;
use std::process::{Command, Stdio};

fn kubesim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kubesim"))
}

/// Runs `cmd` with `input` on its standard input.
fn with_stdin(cmd: &mut Command, input: &[u8]) -> std::process::Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
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
    let out = with_stdin(
        kubesim().current_dir(repo().join("presets")),
        b"kubectl apply -f rolling-deployment.yaml\nsleep 30s\nkubectl get deploy\nkubectl nonsense\n",
    );
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
    let dir = Scratch::new("kubesim-complete");
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
}

/// Hostile or odd files through the real binary, under a 512 MiB address-space
/// limit and a time bound: an alias bomb, a 300-character name, an empty file,
/// bytes that are not UTF-8 (kubectl reads them; they become U+FFFD), and a line
/// of standard input that is not UTF-8 (the session goes on).
#[test]
fn hostile_files_are_refused_quickly_within_bounded_memory() {
    let dir = Scratch::new("kubesim-hostile");
    let ten = |name: &str| vec![format!("*{name}"); 10].join(", ");
    let bomb = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    s: &s \"{}\"\nx:\n  a: &a [{}]\n  b: &b [{}]\n  c: &c [{}]\n  d: [{}]\n",
        "x".repeat(100_000), ten("s"), ten("a"), ten("b"), ten("c")
    );
    let good = std::fs::read_to_string(repo().join("presets/recreate-deployment.yaml")).unwrap();
    std::fs::write(dir.join("bomb.yaml"), bomb).unwrap();
    std::fs::write(
        dir.join("long.yaml"),
        good.replace("name: rcdeployment", &format!("name: {}", "n".repeat(300))),
    )
    .unwrap();
    std::fs::write(dir.join("empty.yaml"), "# nothing here\n").unwrap();
    // A Latin-1 comment, as an editor on another system might save it.
    let mut latin1 = b"# caf\xe9 au lait\n".to_vec();
    latin1.extend_from_slice(good.as_bytes());
    std::fs::write(dir.join("latin1.yaml"), latin1).unwrap();
    std::fs::write(
        dir.join("s.kubesim"),
        "kubectl apply -f bomb.yaml\nkubectl apply -f long.yaml\nkubectl apply -f empty.yaml\nkubectl apply -f latin1.yaml\n",
    )
    .unwrap();
    let started = std::time::Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 524288 && exec {} {}",
            env!("CARGO_BIN_EXE_kubesim"),
            dir.join("s.kubesim").display()
        ))
        .output()
        .unwrap();
    let took = started.elapsed();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(took < std::time::Duration::from_secs(5), "took {took:?}");
    let expected = [
        "$ kubectl apply -f bomb.yaml\nerror: error parsing bomb.yaml: error converting YAML to JSON: yaml: ",
        "document contains excessive aliasing\n",
        &format!("$ kubectl apply -f long.yaml\nThe Deployment \"{0}\" is invalid: metadata.name: Invalid value: \"{0}\": must be no more than 253 characters\n", "n".repeat(300)),
        "$ kubectl apply -f empty.yaml\nerror: no objects passed to apply\n",
        "$ kubectl apply -f latin1.yaml\ndeployment.apps/rcdeployment created\n",
    ];
    for e in expected {
        assert!(text.contains(e), "expected {e:?} in\n{text}");
    }
    // Standard input: a line that is not UTF-8 is read (lossily) and the rest too.
    let out = with_stdin(
        &mut kubesim(),
        b"kubectl get po\xff\nkubectl version --client\n",
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("$ kubectl get po\u{fffd}\n"), "{text}");
    assert!(text.contains("Client Version: v1.33.1"), "{text}");
}
