//! `kubectl wait`: each object in turn until its condition holds (`--for=
//! condition=TYPE[=STATUS]`, `--for=delete`, `--for=jsonpath={.a.b}=VALUE`), or
//! `--timeout` (default 30 s) passes for it. It waits as `rollout status` does
//! (a [`Follow`]: scripts run it to its end, the page follows its clock).

use super::args::{Flag, Parsed};
use super::follow::exists;
use super::output::{Failure, Files, Follow, Output, WaitFor, WaitKind, WaitTarget};
use super::resources::*;
use crate::sim::*;

const DEFAULT_TIMEOUT_MS: u64 = 30_000;

fn parse_for(text: &str) -> Result<WaitFor, Failure> {
    let lower = text.to_ascii_lowercase();
    if lower == "delete" {
        return Ok(WaitFor::Delete);
    }
    if let Some(rest) = text.strip_prefix("condition=") {
        let (kind, status) = rest.split_once('=').unwrap_or((rest, "true"));
        return Ok(WaitFor::Condition {
            kind: kind.to_string(),
            status: status.to_string(),
        });
    }
    if let Some(rest) = text.strip_prefix("jsonpath=") {
        let (expr, value) = match rest.rsplit_once("}=") {
            Some((e, v)) => (format!("{e}}}"), Some(v.to_string())),
            None => (rest.to_string(), None),
        };
        let inner = expr
            .strip_prefix("{.")
            .and_then(|e| e.strip_suffix('}'))
            .filter(|e| {
                e.split('.').all(|p| {
                    !p.is_empty()
                        && p.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                })
            });
        let Some(inner) = inner else {
            return Err(Failure::from(format!(
                "the playground's wait reads simple JSONPath like {{.status.readyReplicas}}=3 (got {rest:?})"
            )));
        };
        return Ok(WaitFor::JsonPath {
            path: inner.split('.').map(String::from).collect(),
            value,
        });
    }
    Err(Failure::from(format!("unrecognized condition: {text:?}")))
}

/// `kubectl wait TYPE/NAME... | TYPE -l SEL | TYPE --all --for=...`.
pub fn wait(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    let wait_for = parse_for(p.text(Flag::For))?;
    let refs = refs(&p.args)?;
    let selector = p.text(Flag::Selector);
    if let Some((kind, _)) = refs.first() {
        check_selector(*kind, selector)?;
    }
    let mut targets = Vec::new();
    for (kind, names) in refs {
        let kind = match kind {
            Kind::Deployment => WaitKind::Deployment,
            Kind::ReplicaSet => WaitKind::ReplicaSet,
            Kind::Pod => WaitKind::Pod,
            other => {
                return Err(Failure::from(format!(
                    "the playground waits on deployments, replicasets and pods (got {})",
                    other.resource()
                )))
            }
        };
        if names.is_empty() {
            targets.extend(listed(sim, kind, selector));
            continue;
        }
        for name in names {
            if !exists(sim, kind, &name) {
                if wait_for == WaitFor::Delete {
                    continue;
                }
                return Err(not_found(kind_of(kind), &name));
            }
            targets.push(WaitTarget { kind, name });
        }
    }
    if targets.is_empty() {
        if wait_for == WaitFor::Delete {
            return Ok(());
        }
        return Err(Failure::from("no matching resources found"));
    }
    let timeout_ms = p.duration_ms(Flag::Timeout).unwrap_or(DEFAULT_TIMEOUT_MS);
    let mut follow = Follow::Wait {
        targets,
        wait_for,
        timeout_ms,
        deadline_ms: sim.now_ms().saturating_add(timeout_ms),
        timed_out: Vec::new(),
    };
    if follow.poll(sim, out) == super::follow::Polled::Waiting {
        out.follow = Some(follow);
    }
    Ok(())
}

fn listed(sim: &Sim, kind: WaitKind, selector: &str) -> Vec<WaitTarget> {
    selected_names(sim, kind_of(kind), selector)
        .into_iter()
        .map(|name| WaitTarget { kind, name })
        .collect()
}

fn kind_of(kind: WaitKind) -> Kind {
    match kind {
        WaitKind::Deployment => Kind::Deployment,
        WaitKind::ReplicaSet => Kind::ReplicaSet,
        WaitKind::Pod => Kind::Pod,
    }
}
