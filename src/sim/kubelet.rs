//! The node: the kubelet's pod lifecycle (bind, pull, start, probe, crash, back-off,
//! stop, remove) as steps with documented, seeded timings, and the kubelet's own
//! state for each pod ([`NodePod`]). Every change to a pod's API object goes through
//! the store's `update_pod`, so ReplicaSet counts stay exact. It must not touch
//! ReplicaSets or Deployments beyond reading a ReplicaSet's minReadySeconds; what an
//! image does comes from [`super::registry`].
//!
//! Timings (all drawn from the seeded PRNG, so a seed fixes them):
//! - scheduling: 5-40 ms after creation the pod is bound to the node `minikube`.
//! - image pull: the first pull of an image on the node takes its catalogue time
//!   (nginx 5-9 s, httpd 4-7 s, `*alpine*` tags 2-4 s, the `slow` demo 25-30 s);
//!   pods needing an image that is being pulled wait for that pull. Later pods find it
//!   cached: with `imagePullPolicy: IfNotPresent` at once, with `Always` (the default
//!   for `:latest` or no tag) after a 0.4-1.2 s registry check.
//! - container start: 0.3-1.5 s after the image is there, observed at the kubelet's
//!   next 1 s relist tick (PLEG), which is also when exits and stops are seen.
//! - readiness: with no readinessProbe, ready once running; with one, the first probe
//!   runs at initialDelaySeconds after start and then every periodSeconds.
//! - deletion: the container gets SIGTERM, stops after the image's shutdown time (at
//!   most terminationGracePeriodSeconds; a kill at the grace period exits 137), the pod
//!   goes to a terminal phase at the next tick, and the object is removed 0.2-1 s later.
//! - image pull back-off (ImagePullBackOff): 10 s, doubling, capped at 300 s.
//! - crash back-off, as the kubelet's `doBackOff` over client-go's `flowcontrol.Backoff`:
//!   the first crash restarts at once; from the second, CrashLoopBackOff waits
//!   10 s after the exit, then 20 s, 40 s ... capped at 300 s; a crash more than
//!   600 s (twice the cap) after the last one starts again from an immediate restart.

use std::rc::Rc;

use super::events::{EventText, EventType};
use super::objects::{ContainerState, Pod, PodId, PodPhase, ProbeHandler, TimeMs};
use super::registry::{self, AppBehaviour, ImageInfo};
use super::rng::Rng;
use super::{Sim, Wake};

/// Where a pod is in the kubelet model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// Pending, not yet bound to a node.
    Unscheduled,
    /// Bound; ContainerCreating while its image is pulled.
    Pulling,
    /// ErrImagePull just reported.
    PullFailed,
    /// ImagePullBackOff, waiting to retry.
    PullBackOff,
    /// Image present; ContainerCreating while the container is created and started.
    Starting,
    /// Container running; readiness per probe.
    Running,
    /// Container exited with an error (STATUS Error / OOMKilled).
    Crashed,
    /// CrashLoopBackOff, waiting to restart.
    CrashBackOff,
    /// Deletion requested; the container is stopping (STATUS Terminating).
    Stopping,
    /// Terminal phase after deletion; the object is about to be removed.
    Terminal,
}

pub const NODE_NAME: &str = "minikube";
pub const BACKOFF_INITIAL_MS: u64 = 10_000;
pub const BACKOFF_MAX_MS: u64 = 300_000;
pub const RELIST_PERIOD_MS: u64 = 1_000;

/// A pod as the node holds it: the API object, and what only the kubelet tracks.
/// Derefs to the [`Pod`], so the store reads it as one.
#[derive(Clone, Debug)]
pub struct NodePod {
    pub pod: Pod,
    /// Current step of the lifecycle.
    pub(super) step: Step,
    /// Invalidates timers that were scheduled before the pod's last step change.
    pub(super) epoch: u32,
    /// How many image pull back-offs the pod has served; drives the delay.
    pub(super) backoff_count: u32,
    /// The kubelet's crash back-off entry for the container, once it has crashed.
    pub(super) crash_backoff: Option<CrashBackoff>,
    /// What its images do (shared by every pod of the ReplicaSet).
    pub(super) profile: Rc<ImageInfo>,
}

impl NodePod {
    pub(super) fn new(pod: Pod, profile: Rc<ImageInfo>) -> NodePod {
        NodePod {
            pod,
            step: Step::Unscheduled,
            epoch: 0,
            backoff_count: 0,
            crash_backoff: None,
            profile,
        }
    }
}

/// client-go's `flowcontrol.Backoff` entry: the wait the next crash gets, and
/// the exit time it was last moved on at (`lastUpdate`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct CrashBackoff {
    pub backoff_ms: u64,
    pub last_update_ms: TimeMs,
}

impl CrashBackoff {
    /// `Backoff.Next(id, at)`: a fresh or expired entry starts at 10 s, a live one
    /// doubles, capped at 300 s.
    fn next(entry: Option<CrashBackoff>, at: TimeMs) -> CrashBackoff {
        let backoff_ms = match entry {
            Some(e) if !e.expired(at) => (e.backoff_ms * 2).min(BACKOFF_MAX_MS),
            _ => BACKOFF_INITIAL_MS,
        };
        CrashBackoff {
            backoff_ms,
            last_update_ms: at,
        }
    }

    /// `hasExpired`: more than twice the cap since the last update.
    fn expired(&self, at: TimeMs) -> bool {
        at.saturating_sub(self.last_update_ms) > 2 * BACKOFF_MAX_MS
    }
}

impl std::ops::Deref for NodePod {
    type Target = Pod;
    fn deref(&self) -> &Pod {
        &self.pod
    }
}

/// An image on the node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ImageState {
    Pulling { started_ms: TimeMs, done_ms: TimeMs },
    Present,
}

/// Back-off after `count` earlier back-offs: 10 s, 20 s, 40 s, ... capped at 300 s.
pub fn backoff_ms(count: u32) -> u64 {
    let shift = count.min(16);
    (BACKOFF_INITIAL_MS << shift).min(BACKOFF_MAX_MS)
}

/// The next relist tick strictly after `t`.
pub fn next_tick(t: TimeMs) -> TimeMs {
    (t / RELIST_PERIOD_MS + 1) * RELIST_PERIOD_MS
}

pub fn jitter(rng: &mut Rng, range: (u64, u64)) -> u64 {
    rng.range(range.0, range.1)
}

/// Human form of a pull duration as the kubelet's "Pulled" event prints it.
pub fn format_pull_duration(ms: u64) -> String {
    format!("{}.{:03}s", ms / 1000, ms % 1000)
}

impl Sim {
    /// Moves a pod to a new kubelet step, invalidating its pending timers.
    fn set_step(&mut self, id: PodId, step: Step, container: ContainerState) -> u32 {
        let epoch = self.node_pod_mut(id, |n| {
            n.step = step;
            n.epoch += 1;
            n.epoch
        });
        self.update_pod(id, |p| p.container = container);
        epoch.unwrap_or(0)
    }

    /// The kubelet's own state of a pod; the API object changes only through
    /// `update_pod`.
    fn node_pod_mut<R>(&mut self, id: PodId, f: impl FnOnce(&mut NodePod) -> R) -> Option<R> {
        self.pods.get_mut(&id).map(|n| f(n))
    }

    fn alloc_ip(&mut self) -> u32 {
        let n = self.next_ip;
        self.next_ip = if self.next_ip >= 65_533 {
            3
        } else {
            self.next_ip + 1
        };
        n
    }

    pub(super) fn kubelet_step(&mut self, id: PodId) {
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        match pod.step {
            Step::Unscheduled => self.bind_pod(id),
            Step::Pulling => self.pull_done(id),
            Step::PullFailed => self.enter_pull_backoff(id),
            Step::PullBackOff => self.start_pull(id),
            Step::Starting => self.container_started(id),
            Step::Running => self.container_exited(id),
            Step::Crashed => self.after_crash(id),
            Step::CrashBackOff => self.end_crash_backoff(id),
            Step::Stopping => self.container_stopped(id),
            Step::Terminal => self.remove_pod(id),
        }
    }

    fn bind_pod(&mut self, id: PodId) {
        let Some(name) = self.update_pod(id, |p| {
            p.node_name = Some(NODE_NAME);
            p.name.clone()
        }) else {
            return;
        };
        self.record(
            EventType::Normal,
            "Scheduled",
            "pod",
            &name,
            EventText::around("Successfully assigned default/", &name, " to minikube"),
            "default-scheduler",
        );
        self.start_pull(id);
    }

    /// Begins (or joins) the pulls of a pod's images.
    fn start_pull(&mut self, id: PodId) {
        let now = self.now_ms;
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        let info = Rc::clone(&pod.profile);
        let name = pod.name.clone();
        let images = Rc::clone(&pod.images);
        let pull_always = Rc::clone(&pod.pull_always);
        let epoch = self.set_step(
            id,
            Step::Pulling,
            ContainerState::Waiting {
                reason: "ContainerCreating",
                message: String::new(),
            },
        );
        if info.pull_error.is_some() {
            self.record(
                EventType::Normal,
                "Pulling",
                "pod",
                &name,
                EventText::around("Pulling image \"", &images[0], "\""),
                "kubelet",
            );
            let fail_at = now + jitter(&mut self.rng, (500, 2_000));
            self.schedule(fail_at, Wake::Pod { id, epoch });
            return;
        }
        let mut ready_at = now;
        for (i, img) in images.iter().enumerate() {
            let policy_always = pull_always.get(i).copied().unwrap_or(false);
            // (when the image is there, whether the kubelet calls the registry)
            let (done, pulling) = match self.images.get(img).copied() {
                // Cached and IfNotPresent: no registry call, no event.
                Some(ImageState::Present) if !policy_always => (now, false),
                // Cached but Always: the registry check is quick.
                Some(ImageState::Present) => (now + jitter(&mut self.rng, (400, 1_200)), true),
                // Another pod's pull of this image is running: wait for it.
                Some(ImageState::Pulling { done_ms, .. }) => (done_ms, true),
                None => {
                    let info = registry::image_info(img, &[], None);
                    let done_ms = now + jitter(&mut self.rng, info.pull_ms);
                    self.images.insert(
                        img.to_string(),
                        ImageState::Pulling {
                            started_ms: now,
                            done_ms,
                        },
                    );
                    (done_ms, true)
                }
            };
            if pulling {
                self.record(
                    EventType::Normal,
                    "Pulling",
                    "pod",
                    &name,
                    EventText::around("Pulling image \"", img, "\""),
                    "kubelet",
                );
            }
            ready_at = ready_at.max(done);
        }
        self.schedule(ready_at, Wake::Pod { id, epoch });
    }

    fn pull_done(&mut self, id: PodId) {
        let now = self.now_ms;
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        let info = Rc::clone(&pod.profile);
        let name = pod.name.clone();
        let images = Rc::clone(&pod.images);
        let pull_always = Rc::clone(&pod.pull_always);
        let started_waiting = pod.last_termination_ms.unwrap_or(pod.creation_ms);
        if let Some(err) = info.pull_error.clone() {
            let img = images[0].clone();
            self.set_step(
                id,
                Step::PullFailed,
                ContainerState::Waiting {
                    reason: "ErrImagePull",
                    message: err.clone(),
                },
            );
            self.record(
                EventType::Warning,
                "Failed",
                "pod",
                &name,
                format!("Failed to pull image \"{img}\": {err}"),
                "kubelet",
            );
            self.record(
                EventType::Warning,
                "Failed",
                "pod",
                &name,
                "Error: ErrImagePull".to_string(),
                "kubelet",
            );
            let epoch = self.pods[&id].epoch;
            self.schedule(next_tick(now), Wake::Pod { id, epoch });
            return;
        }
        for (i, img) in images.iter().enumerate() {
            match self.images.get(img).copied() {
                Some(ImageState::Pulling {
                    started_ms,
                    done_ms,
                }) if done_ms <= now => {
                    self.images.insert(img.to_string(), ImageState::Present);
                    let took = done_ms - started_ms;
                    let waited = now.saturating_sub(started_waiting.min(started_ms));
                    let size = registry::image_info(img, &[], None).size_bytes;
                    self.record(
                        EventType::Normal,
                        "Pulled",
                        "pod",
                        &name,
                        format!(
                            "Successfully pulled image \"{img}\" in {} ({} including waiting). Image size: {size} bytes.",
                            format_pull_duration(took),
                            format_pull_duration(waited.max(took))
                        ),
                        "kubelet",
                    );
                }
                Some(ImageState::Pulling { .. }) => {
                    // Another pull of the same image is still running; wait for it.
                    let epoch = self.pods[&id].epoch;
                    if let Some(ImageState::Pulling { done_ms, .. }) = self.images.get(img).copied()
                    {
                        self.schedule(done_ms, Wake::Pod { id, epoch });
                    }
                    return;
                }
                Some(ImageState::Present) => {
                    if pull_always.get(i).copied().unwrap_or(false) {
                        self.record(
                            EventType::Normal,
                            "Pulled",
                            "pod",
                            &name,
                            format!("Successfully pulled image \"{img}\" in 812ms (812ms including waiting). Image size: {} bytes.", info.size_bytes),
                            "kubelet",
                        );
                    } else {
                        self.record(
                            EventType::Normal,
                            "Pulled",
                            "pod",
                            &name,
                            EventText::around(
                                "Container image \"",
                                img,
                                "\" already present on machine",
                            ),
                            "kubelet",
                        );
                    }
                }
                None => {
                    self.images.insert(img.to_string(), ImageState::Present);
                }
            }
        }
        let epoch = self.set_step(
            id,
            Step::Starting,
            ContainerState::Waiting {
                reason: "ContainerCreating",
                message: String::new(),
            },
        );
        let start = now + jitter(&mut self.rng, info.start_ms);
        self.schedule(next_tick(start), Wake::Pod { id, epoch });
    }

    fn enter_pull_backoff(&mut self, id: PodId) {
        let now = self.now_ms;
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        let name = pod.name.clone();
        let img = pod.images[0].clone();
        let count = pod.backoff_count;
        let epoch = self.set_step(
            id,
            Step::PullBackOff,
            ContainerState::Waiting {
                reason: "ImagePullBackOff",
                message: format!("Back-off pulling image \"{img}\""),
            },
        );
        self.node_pod_mut(id, |n| n.backoff_count += 1);
        self.record(
            EventType::Normal,
            "BackOff",
            "pod",
            &name,
            format!("Back-off pulling image \"{img}\""),
            "kubelet",
        );
        self.record(
            EventType::Warning,
            "Failed",
            "pod",
            &name,
            "Error: ImagePullBackOff".to_string(),
            "kubelet",
        );
        self.schedule(now + backoff_ms(count), Wake::Pod { id, epoch });
    }

    fn container_started(&mut self, id: PodId) {
        let now = self.now_ms;
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        let info = Rc::clone(&pod.profile);
        let name = pod.name.clone();
        let containers = Rc::clone(&pod.container_names);
        let probe = pod.readiness_probe.clone();
        let needs_ip = pod.pod_ip.is_none();
        let ip = if needs_ip {
            Some(self.alloc_ip())
        } else {
            None
        };
        let epoch = self.set_step(
            id,
            Step::Running,
            ContainerState::Running { started_ms: now },
        );
        self.update_pod(id, |p| {
            p.phase = PodPhase::Running;
            if let Some(ip) = ip {
                p.pod_ip = Some(ip);
            }
        });
        for c in containers.iter() {
            self.record(
                EventType::Normal,
                "Created",
                "pod",
                &name,
                EventText::around("Created container: ", c, ""),
                "kubelet",
            );
            self.record(
                EventType::Normal,
                "Started",
                "pod",
                &name,
                EventText::around("Started container ", c, ""),
                "kubelet",
            );
        }
        if let AppBehaviour::Crash { run_ms, .. } = info.behaviour {
            self.schedule(next_tick(now + run_ms), Wake::Pod { id, epoch });
        }
        match probe {
            None => self.set_ready(id, true),
            Some(p) => {
                let first = now + (p.initial_delay_seconds.max(0) as u64) * 1000;
                self.schedule(first, Wake::Probe { id, epoch });
            }
        }
    }

    pub(super) fn readiness_probe(&mut self, id: PodId) {
        let now = self.now_ms;
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        let ContainerState::Running { started_ms } = pod.container else {
            return;
        };
        let Some(probe) = pod.readiness_probe.clone() else {
            return;
        };
        let info = Rc::clone(&pod.profile);
        let name = pod.name.clone();
        let epoch = pod.epoch;
        let ok = match info.behaviour {
            AppBehaviour::Healthy | AppBehaviour::Crash { .. } => true,
            AppBehaviour::NeverReady => false,
            AppBehaviour::SlowReady { ready_after_ms } => now >= started_ms + ready_after_ms,
        };
        if ok {
            self.set_ready(id, true);
            return;
        }
        let detail = match &probe.handler {
            ProbeHandler::HttpGet { .. } => "HTTP probe failed with statuscode: 503".to_string(),
            ProbeHandler::TcpSocket { port } => format!(
                "dial tcp {}:{port}: connect: connection refused",
                self.pods[&id].ip().unwrap_or_default()
            ),
            ProbeHandler::Exec { .. } => {
                "command terminated with non-zero exit code: exit status 1".to_string()
            }
        };
        self.record(
            EventType::Warning,
            "Unhealthy",
            "pod",
            &name,
            format!("Readiness probe failed: {detail}"),
            "kubelet",
        );
        let period = (probe.period_seconds.max(1) as u64) * 1000;
        self.schedule(now + period, Wake::Probe { id, epoch });
    }

    fn set_ready(&mut self, id: PodId, ready: bool) {
        let now = self.now_ms;
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        if pod.ready == ready {
            return;
        }
        let mrs = self
            .replica_sets
            .get(&pod.owner_rs)
            .map(|r| r.min_ready_seconds)
            .unwrap_or(0);
        self.update_pod(id, |p| {
            p.ready = ready;
            p.ready_since_ms = ready.then_some(now);
            p.available = ready && mrs <= 0;
        });
        if ready && mrs > 0 {
            // The RS controller re-checks availability minReadySeconds + 1 s later.
            self.schedule(
                now + (mrs as u64 + 1) * 1000,
                Wake::Available {
                    id,
                    ready_since_ms: now,
                },
            );
        }
    }

    pub(super) fn availability_check(&mut self, id: PodId, ready_since_ms: TimeMs) {
        let now = self.now_ms;
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        if !pod.ready || pod.ready_since_ms != Some(ready_since_ms) || pod.available {
            return;
        }
        let mrs = self
            .replica_sets
            .get(&pod.owner_rs)
            .map(|r| r.min_ready_seconds)
            .unwrap_or(0)
            .max(0) as u64;
        if ready_since_ms + mrs * 1000 < now {
            self.update_pod(id, |p| p.available = true);
        } else {
            self.schedule(
                ready_since_ms + (mrs + 1) * 1000,
                Wake::Available { id, ready_since_ms },
            );
        }
    }

    /// The RS's minReadySeconds changed: re-evaluate its ready pods.
    pub(super) fn min_ready_changed(&mut self, rs: &str) {
        let now = self.now_ms;
        let mrs = self
            .replica_sets
            .get(rs)
            .map(|r| r.min_ready_seconds)
            .unwrap_or(0)
            .max(0) as u64;
        let ids: Vec<PodId> = self
            .rs_pods
            .get(rs)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default();
        for id in ids {
            let Some(p) = self.pods.get(&id) else {
                continue;
            };
            let Some(since) = p.ready_since_ms else {
                continue;
            };
            let avail = mrs == 0 || since + mrs * 1000 < now;
            if p.available != avail {
                self.update_pod(id, |p| p.available = avail);
            }
            if !avail {
                self.schedule(
                    since + (mrs + 1) * 1000,
                    Wake::Available {
                        id,
                        ready_since_ms: since,
                    },
                );
            }
        }
    }

    fn container_exited(&mut self, id: PodId) {
        let now = self.now_ms;
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        let AppBehaviour::Crash {
            exit_code, reason, ..
        } = Rc::clone(&pod.profile).behaviour
        else {
            return;
        };
        let epoch = self.set_step(
            id,
            Step::Crashed,
            ContainerState::Terminated {
                reason,
                exit_code,
                finished_ms: now,
            },
        );
        self.set_ready(id, false);
        self.update_pod(id, |p| p.last_termination_ms = Some(now));
        self.schedule(next_tick(now), Wake::Pod { id, epoch });
    }

    /// The kubelet sees the exit: `doBackOff` restarts at once when the container
    /// has no live back-off entry, else waits out the entry's back-off from the exit.
    fn after_crash(&mut self, id: PodId) {
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        let exited = pod.last_termination_ms.unwrap_or(self.now_ms);
        match pod.crash_backoff {
            Some(entry) if !entry.expired(exited) => self.enter_crash_backoff(id, entry, exited),
            entry => {
                let next = CrashBackoff::next(entry, exited);
                let exit_state = pod.container.clone();
                self.node_pod_mut(id, |n| n.crash_backoff = Some(next));
                self.restart_container(id, exit_state);
            }
        }
    }

    fn enter_crash_backoff(&mut self, id: PodId, entry: CrashBackoff, exited: TimeMs) {
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        let name = pod.name.clone();
        let c = pod.container_names[0].clone();
        let uid = pod.uid_string();
        let epoch = self.set_step(
            id,
            Step::CrashBackOff,
            ContainerState::Waiting {
                reason: "CrashLoopBackOff",
                message: format!(
                    "back-off {}s restarting failed container={c} pod={name}_default({uid})",
                    entry.backoff_ms / 1000
                ),
            },
        );
        self.record(
            EventType::Warning,
            "BackOff",
            "pod",
            &name,
            format!("Back-off restarting failed container {c} in pod {name}_default({uid})"),
            "kubelet",
        );
        self.schedule(
            next_tick(exited + entry.backoff_ms),
            Wake::Pod { id, epoch },
        );
    }

    /// The back-off is over: the entry moves on (`Backoff.Next`) and the
    /// container restarts.
    fn end_crash_backoff(&mut self, id: PodId) {
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        let exited = pod.last_termination_ms.unwrap_or(self.now_ms);
        let next = CrashBackoff::next(pod.crash_backoff, exited);
        self.node_pod_mut(id, |n| n.crash_backoff = Some(next));
        self.restart_container(
            id,
            ContainerState::Waiting {
                reason: "CrashLoopBackOff",
                message: String::new(),
            },
        );
    }

    /// A new container starts; until it runs the status shows `while_starting`
    /// (the exit it replaces, or the back-off it waited out).
    fn restart_container(&mut self, id: PodId, while_starting: ContainerState) {
        let now = self.now_ms;
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        let info = Rc::clone(&pod.profile);
        let epoch = self.set_step(id, Step::Starting, while_starting);
        self.update_pod(id, |p| p.restart_count += 1);
        let start = now + jitter(&mut self.rng, info.start_ms);
        self.schedule(next_tick(start), Wake::Pod { id, epoch });
    }

    /// Graceful deletion: the pod leaves its ReplicaSet's counts at once and stops.
    pub(super) fn request_pod_deletion(&mut self, id: PodId) {
        let now = self.now_ms;
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        if pod.deletion_ms.is_some() {
            return;
        }
        let running = matches!(pod.container, ContainerState::Running { .. });
        let name = pod.name.clone();
        let containers = Rc::clone(&pod.container_names);
        let grace_ms = (pod.grace_period_seconds.max(0) as u64) * 1000;
        let info = Rc::clone(&pod.profile);
        let container = pod.container.clone();
        let epoch = self.set_step(id, Step::Stopping, container);
        self.update_pod(id, |p| p.deletion_ms = Some(now));
        if running {
            for c in containers.iter() {
                self.record(
                    EventType::Normal,
                    "Killing",
                    "pod",
                    &name,
                    EventText::around("Stopping container ", c, ""),
                    "kubelet",
                );
            }
            let stop = jitter(&mut self.rng, info.shutdown_ms).min(grace_ms);
            self.schedule(next_tick(now + stop), Wake::Pod { id, epoch });
        } else {
            // Nothing to stop: the pod goes with the next relist.
            let epoch = self.set_step(
                id,
                Step::Terminal,
                ContainerState::Waiting {
                    reason: "",
                    message: String::new(),
                },
            );
            self.update_pod(id, |p| p.phase = PodPhase::Failed);
            self.schedule(next_tick(now), Wake::Pod { id, epoch });
        }
    }

    fn container_stopped(&mut self, id: PodId) {
        let now = self.now_ms;
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        let grace_ms = (pod.grace_period_seconds.max(0) as u64) * 1000;
        let killed = pod
            .deletion_ms
            .is_some_and(|d| now >= d + grace_ms && grace_ms > 0)
            && Rc::clone(&pod.profile).shutdown_ms.0 > grace_ms;
        let (phase, reason, code) = if killed {
            (PodPhase::Failed, "Error", 137)
        } else {
            (PodPhase::Succeeded, "Completed", 0)
        };
        let epoch = self.set_step(
            id,
            Step::Terminal,
            ContainerState::Terminated {
                reason,
                exit_code: code,
                finished_ms: now,
            },
        );
        self.update_pod(id, |p| {
            p.phase = phase;
            p.ready = false;
            p.available = false;
        });
        let gone = now + jitter(&mut self.rng, (200, 1_000));
        self.schedule(gone, Wake::Pod { id, epoch });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Backoff.Next` doubles a live entry to the cap and starts an expired one
    /// (no update for more than twice the cap) over at 10 s.
    #[test]
    fn crash_backoff_doubles_then_resets_after_ten_minutes() {
        let mut entry = CrashBackoff::next(None, 0);
        let mut waits = vec![entry.backoff_ms / 1000];
        for t in 1..8 {
            entry = CrashBackoff::next(Some(entry), t * 1000);
            waits.push(entry.backoff_ms / 1000);
        }
        assert_eq!(waits, [10, 20, 40, 80, 160, 300, 300, 300]);
        assert!(!entry.expired(entry.last_update_ms + 600_000));
        assert!(entry.expired(entry.last_update_ms + 600_001));
        let fresh = CrashBackoff::next(Some(entry), entry.last_update_ms + 600_001);
        assert_eq!(fresh.backoff_ms, 10_000);
    }
}
