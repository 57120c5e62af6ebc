//! No panic on any input: seeded random command lines (real words, wrong words,
//! absurd numbers, stray quotes, unicode) and random mutations of the tutorial YAML.
//! Every line must return normally; a refused line must leave the cluster unchanged;
//! the cluster's invariants hold throughout. A failure prints its seed and input.

use crate::common;
use rollout_playground::kubectl::script::Session;
use rollout_playground::kubectl::Files;
use rollout_playground::sim::invariants;
use rollout_playground::sim::rng::Rng;
use std::collections::BTreeMap;

struct Mem(BTreeMap<String, String>);
impl Files for Mem {
    fn read(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

const WORDS: &[&str] = &[
    "kubectl",
    "get",
    "describe",
    "apply",
    "create",
    "delete",
    "scale",
    "set",
    "image",
    "rollout",
    "status",
    "history",
    "undo",
    "pause",
    "resume",
    "restart",
    "annotate",
    "logs",
    "edit",
    "version",
    "deployment",
    "deploy",
    "deployments",
    "rs",
    "replicaset",
    "po",
    "pods",
    "pod",
    "events",
    "all",
    "nodes",
    "svc",
    "rolldeployment",
    "deployment/rolldeployment",
    "rs/x",
    "pod/x",
    "-f",
    "--filename",
    "rolling-deployment.yaml",
    "missing.yaml",
    "-o",
    "yaml",
    "json",
    "wide",
    "name",
    "table",
    "-l",
    "app=rolling",
    "app!=x",
    "!app",
    "--show-labels",
    "--replicas",
    "--replicas=3",
    "--replicas=-4",
    "--replicas=99999999999999999999",
    "--replicas=1e9",
    "--to-revision=1",
    "--to-revision=-1",
    "--to-revision=abc",
    "--revision=2",
    "--timeout=1s",
    "--timeout=xyz",
    "--watch=false",
    "--record",
    "--overwrite",
    "nginx=httpd",
    "nginx=",
    "*=nginx:1.25",
    "=x",
    "a=b",
    "k-",
    "--",
    "-",
    "--=",
    "'",
    "\"",
    "\\",
    "é",
    "💥",
    "$(rm -rf /)",
    "\t",
    "-n",
    "prod",
    "default",
    "--all",
    "--grace-period=0",
    "-x",
    "--help",
];

fn random_line(rng: &mut Rng) -> String {
    let n = rng.range(0, 9) as usize;
    let mut words: Vec<&str> = Vec::new();
    if rng.range(0, 10) > 0 {
        words.push("kubectl");
    }
    for _ in 0..n {
        words.push(WORDS[rng.range(0, WORDS.len() as u64) as usize]);
    }
    words.join(" ")
}

fn state(s: &mut Session) -> String {
    let f = Mem(BTreeMap::new());
    format!(
        "{}{}",
        s.run_line(&f, "kubectl get deploy,rs,pods -o yaml").text(),
        s.run_line(&f, "kubectl get events").text()
    )
}

#[test]
fn random_command_lines_never_panic() {
    for seed in 0..40u64 {
        let mut rng = Rng::new(seed);
        let mut s = Session::new(seed);
        let files = Mem([(
            "rolling-deployment.yaml".to_string(),
            common::read("presets/rolling-deployment.yaml"),
        )]
        .into());
        s.run_line(&files, "kubectl apply -f rolling-deployment.yaml");
        for _ in 0..75 {
            let line = random_line(&mut rng);
            let out = s.run_line(&files, &line);
            let errors = invariants::check(&s.sim);
            assert!(
                errors.is_empty(),
                "seed {seed}: after {line:?}: {errors:?}\n{}",
                out.text()
            );
            if rng.range(0, 4) == 0 {
                s.sim.advance(rng.range(0, 20_000));
            }
        }
    }
}

#[test]
fn refused_lines_change_nothing() {
    for seed in 0..15u64 {
        let mut rng = Rng::new(seed ^ 77);
        let mut s = Session::new(seed);
        let files = Mem([(
            "rolling-deployment.yaml".to_string(),
            common::read("presets/rolling-deployment.yaml"),
        )]
        .into());
        s.run_line(&files, "kubectl apply -f rolling-deployment.yaml");
        s.sim.advance(30_000);
        for _ in 0..40 {
            let line = random_line(&mut rng);
            // rollout status and delete pod wait by design: time moves even when they fail.
            if line.contains("status") || line.contains("delete") {
                continue;
            }
            let before = state(&mut s);
            let out = s.run_line(&files, &line);
            if out.exit_code != 0 {
                assert_eq!(
                    state(&mut s),
                    before,
                    "seed {seed}: refused {line:?} changed the cluster:\n{}",
                    out.text()
                );
            }
        }
    }
}

#[test]
fn mutated_yaml_never_panics_and_refusals_change_nothing() {
    let base = common::read("presets/rolling-deployment.yaml");
    let junk = [
        "",
        " ",
        "  ",
        "\t",
        ":",
        "- ",
        "{",
        "}",
        "[",
        "]",
        "'",
        "\"",
        "#",
        "&a",
        "*a",
        "!!int",
        "999999999999",
        "-1",
        "%",
        "\u{0}",
        "é",
        "---\n",
        "\n",
    ];
    for seed in 0..400u64 {
        let mut rng = Rng::new(seed);
        let mut text: Vec<char> = base.chars().collect();
        for _ in 0..rng.range(1, 6) {
            let pos = rng.range(0, text.len() as u64 + 1) as usize;
            match rng.range(0, 3) {
                0 if pos < text.len() => {
                    text.remove(pos);
                }
                1 => {
                    let j = junk[rng.range(0, junk.len() as u64) as usize];
                    for (k, c) in j.chars().enumerate() {
                        text.insert((pos + k).min(text.len()), c);
                    }
                }
                _ => {
                    let from = rng.range(0, text.len() as u64) as usize;
                    let c = text[from];
                    text.insert(pos.min(text.len()), c);
                }
            }
        }
        let yaml: String = text.into_iter().collect();
        let mut s = Session::new(seed);
        let good = Mem([("rolling-deployment.yaml".to_string(), base.clone())].into());
        s.run_line(&good, "kubectl apply -f rolling-deployment.yaml");
        s.sim.advance(20_000);
        let before = state(&mut s);
        let files = Mem([("x.yaml".to_string(), yaml.clone())].into());
        let out = s.run_line(&files, "kubectl apply -f x.yaml");
        if out.exit_code != 0
            && !out.stdout().contains("configured")
            && !out.stdout().contains("created")
        {
            assert_eq!(
                state(&mut s),
                before,
                "seed {seed}: a refused apply changed the cluster\n{yaml}\n{}",
                out.text()
            );
        }
        assert!(invariants::check(&s.sim).is_empty(), "seed {seed}");
    }
}

/// The YAML reader on its own: random damage to real manifests never panics or
/// hangs, and whatever it accepts survives a round trip through JSON (which is
/// YAML's flow syntax): print the tree as JSON, read that back as YAML, same JSON.
/// `YAML_FUZZ=N` runs N cases (default 20,000).
#[test]
fn yaml_reader_survives_damage_and_round_trips_through_json() {
    use rollout_playground::manifest::value::to_string;
    use rollout_playground::manifest::yaml::parse_documents;
    let bases = [
        common::read("presets/rolling-deployment.yaml"),
        common::read("presets/recreate-deployment.yaml"),
        "a: &x {b: [1, 2.5, \"q\\tq\", 'it''s', ~, yes]}\nc: *x\nd: |\n  one\n  two\ne: >-\n  folded\n  text\nf:\n- - 0x1F\n  - -0o17\n- {}\n---\n- [a, {b: c}]\n".to_string(),
    ];
    let junk = [
        "",
        " ",
        "\t",
        ":",
        "- ",
        "{",
        "}",
        "[",
        "]",
        ",",
        "'",
        "\"",
        "#",
        "&a ",
        "*a",
        "!!str ",
        "|",
        ">",
        "? ",
        "---\n",
        "...\n",
        "\n",
        "\\",
        "é",
        "1e400",
        "<<: ",
        // Keys and tags as kubectl's YAML step takes them.
        "!!binary ",
        "!!int ",
        "! ",
        "!foo ",
        "!<tag:yaml.org,2002:str> ",
        "&a.b ",
        "[a]: ",
        "{a: 1}: ",
        "? [",
        "\n: ",
        "~: ",
        "18446744073709551615: ",
        "1e6: ",
        ".inf: ",
        "!!str,",
    ];
    let cases: u64 = std::env::var("YAML_FUZZ")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let mut accepted = 0;
    for seed in 0..cases {
        let mut rng = Rng::new(seed);
        let base = &bases[rng.range(0, bases.len() as u64) as usize];
        let mut text: Vec<char> = base.chars().collect();
        for _ in 0..rng.range(1, 5) {
            let pos = rng.range(0, text.len() as u64 + 1) as usize;
            if rng.range(0, 2) == 0 && pos < text.len() {
                text.remove(pos);
            } else {
                let j = junk[rng.range(0, junk.len() as u64) as usize];
                for (k, c) in j.chars().enumerate() {
                    text.insert((pos + k).min(text.len()), c);
                }
            }
        }
        let yaml: String = text.into_iter().collect();
        let Ok(docs) = parse_documents(&yaml) else {
            continue;
        };
        accepted += 1;
        for (_, v) in &docs {
            let json = to_string(v);
            let back = parse_documents(&json)
                .unwrap_or_else(|e| panic!("seed {seed}: JSON {json} is not YAML: {e:?}"));
            assert_eq!(back.len(), 1, "seed {seed}: {json}");
            // Equal as JSON (a float 2.0 prints as 2, as Go prints it, and reads back as an int).
            assert_eq!(to_string(&back[0].1), json, "seed {seed}: {yaml:?}");
        }
    }
    assert!(
        accepted > cases / 10,
        "the damage is mild enough that many cases still parse ({accepted})"
    );
}
