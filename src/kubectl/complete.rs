//! Tab completion for kubectl lines: commands, resource types, object names,
//! flags and `container=` pairs, read from the command table in [`super::args`]
//! and the cluster. It must not change anything.

use super::args;
use super::commands::{self, COMMANDS};
use crate::sim::Sim;

/// Candidates for the word being typed at the end of `input`.
pub fn complete(sim: &Sim, input: &str) -> Vec<String> {
    let words: Vec<&str> = input.split_whitespace().collect();
    let typing_new = input.ends_with(' ') || input.is_empty();
    let (done, partial): (&[&str], &str) = if typing_new {
        (&words[..], "")
    } else {
        (&words[..words.len() - 1], words[words.len() - 1])
    };
    let pick = |options: Vec<String>| -> Vec<String> {
        let mut v: Vec<String> = options
            .into_iter()
            .filter(|o| o.starts_with(partial) && o != partial)
            .collect();
        crate::order::sort_by(&mut v, |a, b| a.cmp(b));
        v.dedup();
        v
    };
    if done.is_empty() {
        return pick(vec!["kubectl".into(), "sleep".into(), "clear".into()]);
    }
    if done[0] != "kubectl" {
        return Vec::new();
    }
    let positional: Vec<&str> = done[1..]
        .iter()
        .copied()
        .filter(|w| !w.starts_with('-'))
        .collect();
    // Flags.
    if partial.starts_with('-') {
        let path = command_path(&positional);
        let mut flags: Vec<String> = args::GLOBAL_FLAGS
            .iter()
            .map(|f| format!("--{}", f.long))
            .collect();
        if let Some(c) = path.as_deref().and_then(commands::find) {
            flags.extend(c.spec.flags.iter().map(|f| format!("--{}", f.long)));
        }
        return pick(flags);
    }
    match positional.len() {
        0 => pick(
            args::top_level_commands(&commands::specs())
                .into_iter()
                .map(String::from)
                .collect(),
        ),
        1 if positional[0] == "rollout" || positional[0] == "set" => pick(
            COMMANDS
                .iter()
                .filter_map(|c| {
                    c.spec
                        .path
                        .strip_prefix(&format!("{} ", positional[0]))
                        .map(String::from)
                })
                .collect(),
        ),
        _ => pick(argument_candidates(sim, &positional)),
    }
}

/// What may follow a command's words: `container=` pairs for `set image` once the
/// Deployment is named, else resource types (and `deployment/NAME`), then names.
fn argument_candidates(sim: &Sim, positional: &[&str]) -> Vec<String> {
    let path = command_path(positional).unwrap_or_default();
    let after = &positional[path.split(' ').count().min(positional.len())..];
    let named = after.first().is_some_and(|w| w.contains('/')) || after.len() >= 2;
    if path == "set image" && named {
        let name = after
            .iter()
            .find_map(|w| w.strip_prefix("deployment/"))
            .or(after.get(1).copied())
            .unwrap_or("");
        let containers = sim
            .deployment(name)
            .map(|d| &d.spec.template.spec.containers);
        return containers
            .map(|cs| cs.iter().map(|c| format!("{}=", c.name)).collect())
            .unwrap_or_default();
    }
    match after {
        [] => {
            let types = [
                "deployment",
                "deploy",
                "replicaset",
                "rs",
                "pod",
                "pods",
                "events",
                "all",
            ];
            let mut v: Vec<String> = types.iter().map(|s| s.to_string()).collect();
            // `deployment/NAME` in one word.
            v.extend(sim.deployments().map(|d| format!("deployment/{}", d.name)));
            v
        }
        [kind] => match *kind {
            "deployment" | "deployments" | "deploy" => {
                sim.deployments().map(|d| d.name.clone()).collect()
            }
            "replicaset" | "replicasets" | "rs" => {
                sim.replica_sets().map(|r| r.name.clone()).collect()
            }
            "pod" | "pods" | "po" => sim.pods().map(|p| p.name.to_string()).collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn command_path(positional: &[&str]) -> Option<String> {
    let first = positional.first()?;
    if let Some(second) = positional.get(1) {
        let two = format!("{first} {second}");
        if commands::find(&two).is_some() {
            return Some(two);
        }
    }
    commands::find(first).map(|_| first.to_string())
}

/// The longest common prefix of the candidates (what Tab inserts).
pub fn common_prefix(cands: &[String]) -> String {
    let Some(first) = cands.first() else {
        return String::new();
    };
    let mut len = first.len();
    for c in &cands[1..] {
        len = len.min(
            first
                .bytes()
                .zip(c.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    first[..len].to_string()
}
