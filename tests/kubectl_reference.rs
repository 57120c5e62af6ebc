//! Real kubectl as the reference, without a cluster: what kubectl v1.33 prints
//! before it talks to any server (YAML errors, flag and argument errors, client dry
//! runs, `set image --local` in every form, `-o yaml`'s string styles, quantities,
//! YAML 1.1 values as decoded, `-o json`'s escapes) against what `kubesim` prints.
//!
//! The corpora are data, under `tests/reference/<suite>/`: the files kubectl reads
//! (`*.yaml`, byte for byte), the command lines (`commands`: the words after
//! `kubectl`, one line each, run in that folder with no server), and kubectl
//! v1.33's answers recorded beside them (`kubectl-1.33.out`: each command's stdout
//! and stderr as they interleave, and its exit status). Every machine compares
//! kubesim with the recording. Where kubectl.1.33 is present (beside the `kubectl`
//! on PATH) each command is run again and must print what was recorded, so a
//! recording cannot drift from the binary. After changing a corpus, record it anew
//! with `RECORD_REFERENCE=1 cargo test --release --test suite kubectl_reference`.

use crate::common::{self, Scratch};
use std::path::{Path, PathBuf};
use std::process::Command;

const RECORDING: &str = "kubectl-1.33.out";

/// What kubectl printed for one command line: stdout and stderr as they
/// interleave, and its exit status.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Answer {
    exit: i32,
    output: String,
}

/// One corpus with kubectl's recorded answers, checked against the live binary
/// where there is one.
struct Suite {
    name: &'static str,
    dir: PathBuf,
    commands: Vec<String>,
    answers: Vec<Answer>,
}

/// The `local` suite, loaded (and checked against the live binary) once for the
/// three tests that read it.
fn local() -> &'static Suite {
    static LOCAL: std::sync::OnceLock<Suite> = std::sync::OnceLock::new();
    LOCAL.get_or_init(|| Suite::load("local"))
}

/// kubectl.1.33 beside the `kubectl` on PATH, if this machine has it.
fn live_kubectl() -> Option<PathBuf> {
    let on_path = Command::new("sh")
        .args(["-c", "readlink -f \"$(command -v kubectl)\""])
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&on_path.stdout).trim());
    Some(path.parent()?.join("kubectl.1.33")).filter(|p| p.exists())
}

impl Suite {
    fn load(name: &'static str) -> Suite {
        let dir = common::repo().join("tests/reference").join(name);
        let commands: Vec<String> = std::fs::read_to_string(dir.join("commands"))
            .unwrap_or_else(|e| panic!("{name}/commands: {e}"))
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        let kubectl = live_kubectl();
        if std::env::var("RECORD_REFERENCE").as_deref() == Ok("1") {
            let kubectl = kubectl
                .as_deref()
                .expect("RECORD_REFERENCE=1 needs kubectl.1.33");
            let answers = run_kubectl(kubectl, &dir, &commands);
            std::fs::write(dir.join(RECORDING), write_recording(&commands, &answers)).unwrap();
        }
        let text = std::fs::read_to_string(dir.join(RECORDING)).unwrap_or_else(|e| {
            panic!("{name}/{RECORDING}: {e} (record it with RECORD_REFERENCE=1)")
        });
        let (lines, answers) =
            read_recording(&text).unwrap_or_else(|e| panic!("{name}/{RECORDING}: {e}"));
        assert_eq!(
            lines, commands,
            "{name}: the recording is not of these commands; record it anew with RECORD_REFERENCE=1"
        );
        let suite = Suite {
            name,
            dir,
            commands,
            answers,
        };
        match kubectl {
            Some(kubectl) => suite.check_recording(&kubectl),
            None => eprintln!("{name}: kubectl.1.33 not found; compared with the recording only"),
        }
        suite
    }

    /// The live binary must print what was recorded.
    fn check_recording(&self, kubectl: &Path) {
        let live = run_kubectl(kubectl, &self.dir, &self.commands);
        let drift: Vec<String> = self
            .commands
            .iter()
            .zip(live.iter().zip(&self.answers))
            .filter(|(_, (live, recorded))| live != recorded)
            .map(|(line, (live, recorded))| {
                format!(
                    "kubectl {line}\n--- recorded (exit {})\n{}--- kubectl.1.33 now (exit {})\n{}",
                    recorded.exit, recorded.output, live.exit, live.output
                )
            })
            .collect();
        assert!(
            drift.is_empty(),
            "{}: {} recorded answers differ from kubectl.1.33:\n{}",
            self.name,
            drift.len(),
            drift.join("\n")
        );
    }

    /// kubesim's output for each of `lines` (kubectl command lines, without the
    /// program), run as one script over a copy of the suite's files.
    fn kubesim(&self, lines: &[String]) -> Vec<String> {
        let scratch = Scratch::new(&format!("kubesim-ref-{}", self.name));
        for entry in std::fs::read_dir(&self.dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "yaml") {
                std::fs::copy(&path, scratch.join(path.file_name().unwrap())).unwrap();
            }
        }
        let script: String = lines.iter().map(|l| format!("kubectl {l}\n")).collect();
        std::fs::write(scratch.join("script.kubesim"), script).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_kubesim"))
            .arg(scratch.join("script.kubesim"))
            .output()
            .unwrap();
        let transcript = String::from_utf8_lossy(&out.stdout).into_owned();
        let outputs: Vec<String> = transcript
            .split("$ kubectl ")
            .skip(1)
            .map(|o| o.split_once('\n').map_or("", |(_, rest)| rest).to_string())
            .collect();
        assert_eq!(
            outputs.len(),
            lines.len(),
            "kubesim transcript:\n{transcript}"
        );
        outputs
    }

    /// The recorded answer to `line`.
    fn answer(&self, line: &str) -> &Answer {
        let i = self.commands.iter().position(|c| c == line);
        &self.answers[i.unwrap_or_else(|| panic!("{}: no command {line:?}", self.name))]
    }

    /// Every command through kubesim against the recording, compared by `view`
    /// (the whole output, or the part a suite holds kubesim to).
    fn compare(&self, view: fn(&str) -> String) -> (usize, Vec<String>) {
        let ours = self.kubesim(&self.commands);
        let mut differ = Vec::new();
        for ((line, answer), ours) in self.commands.iter().zip(&self.answers).zip(&ours) {
            let (theirs, ours) = (view(&answer.output), view(ours));
            if theirs != ours {
                differ.push(format!(
                    "kubectl {line}\n--- kubectl\n{theirs}\n--- kubesim\n{ours}"
                ));
            }
        }
        (self.commands.len() - differ.len(), differ)
    }

    /// [`Suite::compare`] on whole outputs, reported and asserted.
    fn assert_identical(&self, what: &str) {
        let (same, differ) = self.compare(str::to_string);
        eprintln!(
            "{what}: {same} of {} commands byte-identical",
            self.commands.len()
        );
        assert!(
            differ.is_empty(),
            "{} differ:\n{}",
            differ.len(),
            differ.join("\n")
        );
    }
}

/// Each command in `dir` through kubectl (as a link named `kubectl`, so
/// `--record` writes the same change-cause), with no server and a scratch HOME.
fn run_kubectl(kubectl: &Path, dir: &Path, commands: &[String]) -> Vec<Answer> {
    let home = Scratch::new("kubesim-ref-home");
    std::fs::create_dir_all(home.join("bin")).unwrap();
    let exe = home.join("bin/kubectl");
    std::os::unix::fs::symlink(kubectl, &exe).unwrap();
    commands
        .iter()
        .map(|line| {
            let out = Command::new("sh")
                .arg("-c")
                .arg("exec \"$0\" \"$@\" 2>&1")
                .arg(&exe)
                .args(line.split_whitespace())
                .current_dir(dir)
                .env("KUBECONFIG", "/dev/null")
                .env("HOME", &*home)
                .output()
                .unwrap();
            Answer {
                exit: out.status.code().unwrap_or(-1),
                output: String::from_utf8_lossy(&out.stdout).into_owned(),
            }
        })
        .collect()
}

/// `$ kubectl LINE`, `# exit N, B bytes`, then exactly B bytes of output.
fn write_recording(commands: &[String], answers: &[Answer]) -> String {
    let mut text = String::new();
    for (line, a) in commands.iter().zip(answers) {
        text.push_str(&format!(
            "$ kubectl {line}\n# exit {}, {} bytes\n{}",
            a.exit,
            a.output.len(),
            a.output
        ));
        if !a.output.ends_with('\n') {
            // Not counted: keeps the next header at the start of a line.
            text.push('\n');
        }
    }
    text
}

fn read_recording(mut text: &str) -> Result<(Vec<String>, Vec<Answer>), String> {
    let (mut lines, mut answers) = (Vec::new(), Vec::new());
    while !text.is_empty() {
        let (line, rest) = text
            .strip_prefix("$ kubectl ")
            .and_then(|t| t.split_once('\n'))
            .ok_or_else(|| format!("expected `$ kubectl` after {} answers", answers.len()))?;
        let (head, rest) = rest.split_once('\n').ok_or("a header without its answer")?;
        let (exit, bytes) = head
            .strip_prefix("# exit ")
            .and_then(|h| h.strip_suffix(" bytes"))
            .and_then(|h| h.split_once(", "))
            .ok_or_else(|| format!("bad header {head:?}"))?;
        let exit: i32 = exit.parse().map_err(|_| format!("bad exit in {head:?}"))?;
        let bytes: usize = bytes
            .parse()
            .map_err(|_| format!("bad length in {head:?}"))?;
        let output = rest
            .get(..bytes)
            .ok_or_else(|| format!("{line}: shorter than {bytes} bytes"))?;
        text = &rest[bytes..];
        if !output.ends_with('\n') {
            text = text.strip_prefix('\n').unwrap_or(text);
        }
        lines.push(line.to_string());
        answers.push(Answer {
            exit,
            output: output.to_string(),
        });
    }
    Ok((lines, answers))
}

/// YAML errors: `apply --dry-run=client -f F` on broken files; the first line
/// (kubectl's error) identical.
#[test]
fn yaml_errors_are_kubectls() {
    let suite = Suite::load("yaml-errors");
    let first_line = |s: &str| s.lines().next().unwrap_or("").to_string();
    let (same, differ) = suite.compare(first_line);
    eprintln!(
        "YAML errors: {same} of {} cases byte-identical",
        suite.commands.len()
    );
    assert!(
        differ.is_empty(),
        "{} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
    assert!(
        suite
            .answers
            .iter()
            .all(|a| a.exit == 1 && a.output.starts_with("error: ")),
        "every case of the corpus is an error kubectl reports"
    );
}

/// Command lines kubectl answers before it needs a server: flag and argument
/// errors, which learners meet first, and client dry runs.
#[test]
fn argument_errors_are_kubectls() {
    let suite = Suite::load("args");
    assert!(
        !suite.answers.iter().any(|a| a.output.contains("refused")),
        "a line in args/commands needs a server: it belongs in serve_differential"
    );
    suite.assert_identical("argument errors");
}

/// `set image --local -f F ...`: kubectl decodes each file into its Go struct,
/// sets the images and prints the objects as Go encodes them, with no server. The
/// corpus: the tutorial's files, every field of the Deployment's structs in
/// foreign orders, zero values and nulls, unknown fields, specs only a server
/// refuses, init containers, several documents, broken files, keys and tags, pod
/// fields past the tutorial's, the YAML 1.1 values; every form of the command.
#[test]
fn set_image_local_is_kubectls() {
    local().assert_identical("set image --local");
}

/// kubectl's `-o yaml` writes every string as go-yaml v2 chooses: each string as a
/// map value, a map key and a sequence item, through `set image --local -o yaml`.
#[test]
fn yaml_output_strings_are_kubectls() {
    Suite::load("yaml-strings").assert_identical("-o yaml strings");
}

/// `resources` quantities as a limit and a request, through `set image --local -o
/// json`: apimachinery's parse, canonical form, rounding, binary cap and errors.
#[test]
fn quantities_are_kubectls() {
    Suite::load("quantities").assert_identical("quantities");
}

/// `-o json`'s indentation and escapes: the annotation line of `set image --local -o
/// json` (recorded in the `local` suite) against `get -o json` after an apply.
#[test]
fn json_output_is_indented_and_escaped_as_kubectl_prints_it() {
    let suite = local();
    let theirs = &suite
        .answer("set image --local -o json -f json-escapes.yaml c=httpd")
        .output;
    let ours = suite.kubesim(&[
        "apply -f json-escapes.yaml".into(),
        "get deployment web -o json".into(),
    ]);
    let note = |text: &str| {
        text.lines()
            .find(|l| l.contains("\"note\""))
            .map(str::to_string)
    };
    assert!(note(theirs).is_some(), "kubectl printed:\n{theirs}");
    // The same depth in both (metadata.annotations.note): indentation and escapes.
    assert_eq!(note(&ours[1]), note(theirs));
}

/// The decoded-values corpus (`local/value-FIELD-N.yaml`): YAML 1.1 scalars (`yes`,
/// `on`, `010`, `0x10`, `1_000`, ...) in fields of every type a Deployment has, as
/// kubectl decodes them (`set image --local -o json`, recorded in `local`) and as
/// the playground stores them (`apply -f`, then `get -o json`). Both give the same
/// value, or both refuse it with the same `json: ...` reason. Values the API
/// server's validation refuses are left out: `--local` does not validate.
#[test]
fn decoded_values_are_kubectls() {
    // (field, where it is in the object).
    const FIELDS: [(&str, &str); 6] = [
        ("replicas", "/spec/replicas"),
        ("minReadySeconds", "/spec/minReadySeconds"),
        ("paused", "/spec/paused"),
        ("annotation", "/metadata/annotations/note"),
        ("env", "/spec/template/spec/containers/0/env/0/value"),
        (
            "containerPort",
            "/spec/template/spec/containers/0/ports/0/containerPort",
        ),
    ];
    let suite = local();
    let reason = |err: &str| err.rsplit("json: ").next().unwrap_or("").trim().to_string();
    let (mut same, mut differ, mut compared) = (0, Vec::new(), 0);
    for (field, pointer) in FIELDS {
        let files: Vec<String> = suite
            .commands
            .iter()
            .filter_map(|c| c.strip_prefix(&format!("set image --local -f value-{field}-")))
            .filter_map(|rest| rest.strip_suffix(" web=changed -o json"))
            .map(|n| format!("value-{field}-{n}"))
            .collect();
        assert!(files.len() > 20, "{field}: {} value files", files.len());
        // One script for them all: apply, read back, delete.
        let lines: Vec<String> = files
            .iter()
            .flat_map(|f| {
                [
                    format!("apply -f {f}"),
                    "get deployment web -o json".into(),
                    "delete deployment web".into(),
                ]
            })
            .collect();
        let outputs = suite.kubesim(&lines);
        for (file, out) in files.iter().zip(outputs.chunks(3)) {
            let answer = suite.answer(&format!("set image --local -f {file} web=changed -o json"));
            let theirs = if answer.exit == 0 {
                let j: serde_json::Value = serde_json::from_str(&answer.output).unwrap();
                match j.pointer(pointer) {
                    // `--local` does not default; the API server sets an unset
                    // replicas to 1 (SetDefaults_Deployment), as the playground does.
                    None if field == "replicas" => Ok(serde_json::json!(1)),
                    v => Ok(v.cloned().unwrap_or(serde_json::Value::Null)),
                }
            } else {
                Err(reason(&answer.output))
            };
            let ours = match serde_json::from_str::<serde_json::Value>(&out[1]) {
                // Omitted zero values print as nothing, as kubectl's omitempty fields do.
                Ok(j) => Ok(j
                    .pointer(pointer)
                    .cloned()
                    .unwrap_or(serde_json::Value::Null)),
                Err(_) => Err(reason(out[0].lines().next().unwrap_or(""))),
            };
            if matches!(&ours, Err(e) if e.contains(" is invalid: ")) {
                continue;
            }
            compared += 1;
            let (theirs, ours) = (zero_as_one(&theirs), zero_as_one(&ours));
            if theirs == ours {
                same += 1;
            } else {
                differ.push(format!("{file}: kubectl {theirs:?}, playground {ours:?}"));
            }
        }
    }
    eprintln!("decoded values: {same} of {compared} identical");
    assert!(
        differ.is_empty(),
        "{} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

/// A decoded value as text, every zero value (false, 0, "", null) as one, since
/// omitempty prints none of them.
fn zero_as_one(r: &Result<serde_json::Value, String>) -> Result<String, String> {
    match r {
        Ok(serde_json::Value::Bool(false)) | Ok(serde_json::Value::Null) => Ok("<zero>".into()),
        Ok(serde_json::Value::Number(n)) if n.as_f64() == Some(0.0) => Ok("<zero>".into()),
        Ok(serde_json::Value::String(s)) if s.is_empty() => Ok("<zero>".into()),
        Ok(v) => Ok(v.to_string()),
        Err(e) => Err(e.clone()),
    }
}

/// The recording's framing reads back what it wrote, whatever the output ends with.
#[test]
fn recordings_read_back() {
    let commands = vec![
        "get pods".to_string(),
        "apply -f x.yaml".to_string(),
        "version".to_string(),
    ];
    let answers = vec![
        Answer {
            exit: 1,
            output: "error: a\n$ kubectl fake\n".into(),
        },
        Answer {
            exit: 0,
            output: "no newline".into(),
        },
        Answer {
            exit: 0,
            output: String::new(),
        },
    ];
    let text = write_recording(&commands, &answers);
    assert_eq!(read_recording(&text), Ok((commands, answers)));
    assert!(read_recording("$ kubectl x\n# exit 0, 99 bytes\nshort").is_err());
}
