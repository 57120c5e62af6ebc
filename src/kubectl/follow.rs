//! Commands that keep printing as the cluster changes, as kubectl's watches do:
//! `rollout status` (and its `--watch`). A handler prints what is true now and,
//! when it would wait, hands back a [`Follow`]. Scripts ([`super::script`]) run it
//! to its end at once, moving the simulated clock timer by timer; the page keeps
//! it and polls it after every instant its running clock passes, until it ends,
//! Ctrl+C or the next command. Either way the lines and their times are the same.
//! It must not read a clock: time is the sim's.

use super::output::{Failure, Follow, Output, WaitFor, WaitKind, WaitTarget};
use crate::manifest::render;
use crate::sim::{Deployment, Sim, TimeMs};

/// How a poll left the command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Polled {
    Waiting,
    Ended,
}

impl Follow {
    /// When the command gives up waiting, if ever.
    pub fn timeout_at_ms(&self) -> Option<TimeMs> {
        match self {
            Follow::RolloutStatus { timeout_at_ms, .. } => *timeout_at_ms,
            Follow::Wait { deadline_ms, .. } => Some(*deadline_ms),
        }
    }

    /// Prints what changed since the last poll.
    pub fn poll(&mut self, sim: &Sim, out: &mut Output) -> Polled {
        match self {
            Follow::RolloutStatus {
                name,
                last_resource_version,
                timeout_at_ms,
            } => {
                let Some(d) = sim.deployment(name) else {
                    out.fail("object has been deleted");
                    return Polled::Ended;
                };
                if d.resource_version != *last_resource_version {
                    *last_resource_version = d.resource_version;
                    let (msg, done, error) = rollout_status_message(d);
                    if error {
                        out.fail(msg);
                        return Polled::Ended;
                    }
                    out.out(msg);
                    if done {
                        return Polled::Ended;
                    }
                }
                if timeout_at_ms.is_some_and(|t| sim.now_ms() >= t) {
                    out.fail("timed out waiting for the condition");
                    return Polled::Ended;
                }
                Polled::Waiting
            }
            Follow::Wait {
                targets,
                wait_for,
                timeout_ms,
                deadline_ms,
                timed_out,
            } => {
                while let Some(t) = targets.first() {
                    let prefix = t.kind.name_prefix();
                    if met(sim, t, wait_for) {
                        out.out(format!("{prefix}/{} condition met\n", t.name));
                    } else if sim.now_ms() >= *deadline_ms {
                        timed_out.push(format!(
                            "timed out waiting for the condition on {}/{}",
                            t.kind.resource(),
                            t.name
                        ));
                    } else {
                        return Polled::Waiting;
                    }
                    targets.remove(0);
                    *deadline_ms = sim.now_ms().saturating_add(*timeout_ms);
                }
                // kubectl's aggregate: one error with its prefix, several bare.
                match timed_out.len() {
                    0 => {}
                    1 => out.fail(timed_out[0].clone()),
                    _ => out.fail(Failure::printed(timed_out.join("\n"))),
                }
                Polled::Ended
            }
        }
    }

    /// Runs the command to its end now (scripts): the clock moves to each timer
    /// in turn. With no `--timeout` it stops after `ROLLOUT_STATUS_MAX_WAIT_MS` of
    /// simulated time, where kubectl would wait for ever.
    pub fn run_to_end(mut self, sim: &mut Sim, out: &mut Output) {
        if matches!(self, Follow::Wait { .. }) {
            // Each target has its own deadline; the poll ends the wait.
            loop {
                let limit = self.timeout_at_ms().unwrap_or(u64::MAX);
                match sim.next_deadline() {
                    Some(t) if t <= limit => sim.advance_to(t),
                    _ => sim.advance_to(limit),
                }
                if self.poll(sim, out) == Polled::Ended {
                    return;
                }
            }
        }
        let limit = self
            .timeout_at_ms()
            .unwrap_or(sim.now_ms().saturating_add(ROLLOUT_STATUS_MAX_WAIT_MS));
        loop {
            match sim.next_deadline() {
                Some(t) if t <= limit => sim.advance_to(t),
                _ => {
                    sim.advance_to(limit);
                    if self.poll(sim, out) == Polled::Waiting {
                        out.fail("timed out waiting for the condition");
                    }
                    return;
                }
            }
            if self.poll(sim, out) == Polled::Ended {
                return;
            }
        }
    }
}

/// The longest `rollout status` waits when nothing else stops it (simulated time).
pub const ROLLOUT_STATUS_MAX_WAIT_MS: u64 = 3_600_000;

/// kubectl's `DeploymentStatusViewer.Status`: (message, done, error).
pub fn rollout_status_message(d: &Deployment) -> (String, bool, bool) {
    let name = &d.name;
    let s = &d.status;
    if d.generation > s.observed_generation {
        return (
            "Waiting for deployment spec update to be observed...\n".into(),
            false,
            false,
        );
    }
    if s.condition("Progressing")
        .is_some_and(|c| c.reason == "ProgressDeadlineExceeded")
    {
        return (
            format!("deployment {name:?} exceeded its progress deadline"),
            false,
            true,
        );
    }
    if s.updated_replicas < d.spec.replicas {
        return (
            format!("Waiting for deployment {name:?} rollout to finish: {} out of {} new replicas have been updated...\n", s.updated_replicas, d.spec.replicas),
            false,
            false,
        );
    }
    if s.replicas > s.updated_replicas {
        return (
            format!("Waiting for deployment {name:?} rollout to finish: {} old replicas are pending termination...\n", s.replicas - s.updated_replicas),
            false,
            false,
        );
    }
    if s.available_replicas < s.updated_replicas {
        return (
            format!("Waiting for deployment {name:?} rollout to finish: {} of {} updated replicas are available...\n", s.available_replicas, s.updated_replicas),
            false,
            false,
        );
    }
    (
        format!("deployment {name:?} successfully rolled out\n"),
        true,
        false,
    )
}

/// Whether the object is there (`wait --for=delete` ends when it is not).
pub fn exists(sim: &Sim, kind: WaitKind, name: &str) -> bool {
    match kind {
        WaitKind::Deployment => sim.deployment(name).is_some(),
        WaitKind::ReplicaSet => sim.replica_set(name).is_some(),
        _ => sim.pod(name).is_some(),
    }
}

/// Whether `t` meets `wait_for` now.
pub fn met(sim: &Sim, t: &WaitTarget, wait_for: &WaitFor) -> bool {
    match wait_for {
        WaitFor::Delete => !exists(sim, t.kind, &t.name),
        WaitFor::Condition { kind, status } => conditions(sim, t)
            .iter()
            .any(|(k, s)| k.eq_ignore_ascii_case(kind) && s.eq_ignore_ascii_case(status)),
        WaitFor::JsonPath { path, value } => {
            let Some(json) = object_json(sim, t) else {
                return false;
            };
            let mut at = &json;
            for part in path {
                match at.get(part) {
                    Some(next) => at = next,
                    None => return false,
                }
            }
            let text = match at {
                crate::value::Value::String(s) => s.clone(),
                other => crate::value::to_string(other),
            };
            value.as_ref().is_none_or(|v| *v == text)
        }
    }
}

/// The object's status conditions as (type, status).
fn conditions(sim: &Sim, t: &WaitTarget) -> Vec<(String, String)> {
    match t.kind {
        WaitKind::Deployment => sim
            .deployment(&t.name)
            .map(|d| {
                d.status
                    .conditions
                    .iter()
                    .map(|c| (c.kind.clone(), c.status.as_str().to_string()))
                    .collect()
            })
            .unwrap_or_default(),
        WaitKind::Pod => sim
            .pod(&t.name)
            .map(|p| {
                let ready = p.ready && !p.phase.is_terminal();
                let flag = |b: bool| if b { "True" } else { "False" }.to_string();
                vec![
                    ("Initialized".into(), "True".into()),
                    ("Ready".into(), flag(ready)),
                    ("ContainersReady".into(), flag(ready)),
                    ("PodScheduled".into(), flag(p.node_name.is_some())),
                ]
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn object_json(sim: &Sim, t: &WaitTarget) -> Option<crate::value::Value> {
    match t.kind {
        WaitKind::Deployment => sim.deployment(&t.name).map(render::deployment_json),
        WaitKind::ReplicaSet => sim.replica_set(&t.name).map(|r| {
            let owner = sim
                .deployment(&r.owner)
                .map(|d| d.uid.as_str())
                .unwrap_or("");
            render::replica_set_json(r, owner)
        }),
        _ => sim.pod(&t.name).map(|p| render::pod_json_in(sim, p)),
    }
}
