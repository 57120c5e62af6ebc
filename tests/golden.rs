//! Golden transcripts: each script in presets/ and tests/golden/ (seed 1, files
//! relative to the script) must print exactly tests/golden/<name>.out. Re-bless after
//! an intended change with `UPDATE_EXPECT=1 cargo test --release --test suite golden::`.

use crate::common;
use common::*;
use rollout_playground::kubectl::script::Session;
use std::path::PathBuf;

fn scripts() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in ["presets", "tests/golden"] {
        for e in std::fs::read_dir(repo().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "kubesim") {
                v.push(p);
            }
        }
    }
    v.sort();
    v
}

pub fn expected_path(script: &std::path::Path) -> PathBuf {
    repo().join("tests/golden").join(format!(
        "{}.out",
        script.file_stem().unwrap().to_string_lossy()
    ))
}

#[test]
fn transcripts_match_golden_files() {
    let update = std::env::var("UPDATE_EXPECT").is_ok();
    let mut failures = Vec::new();
    let all = scripts();
    assert!(all.len() >= 3, "found the scripts: {all:?}");
    for script in all {
        let files = Dir(script.parent().unwrap().to_path_buf());
        let text = std::fs::read_to_string(&script).unwrap();
        let got = Session::new(1).run_script(&files, &text);
        let path = expected_path(&script);
        if update {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            let line = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(got.lines().count().min(want.lines().count()));
            failures.push(format!(
                "{}: differs from {} at line {}:\n  got:  {:?}\n  want: {:?}",
                script.display(),
                path.display(),
                line + 1,
                got.lines().nth(line),
                want.lines().nth(line)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(re-bless with UPDATE_EXPECT=1 if the change is intended)",
        failures.join("\n")
    );
}
