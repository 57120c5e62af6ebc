//! Commands that keep printing as the cluster changes, as kubectl's watches do:
//! `rollout status` (and its `--watch`). A handler prints what is true now and,
//! when it would wait, hands back a [`Follow`]. Scripts ([`super::script`]) run it
//! to its end at once, moving the simulated clock timer by timer; the page keeps
//! it and polls it after every instant its running clock passes, until it ends,
//! Ctrl+C or the next command. Either way the lines and their times are the same.
//! It must not read a clock: time is the sim's.

use super::output::{Follow, Output};
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
        }
    }

    /// Runs the command to its end now (scripts): the clock moves to each timer
    /// in turn. With no `--timeout` it stops after `ROLLOUT_STATUS_MAX_WAIT_MS` of
    /// simulated time, where kubectl would wait for ever.
    pub fn run_to_end(mut self, sim: &mut Sim, out: &mut Output) {
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
