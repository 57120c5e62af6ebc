//! The node model: a simulated image registry and the kubelet's pod lifecycle, as a
//! table of steps with documented, seeded timings. It only decides what a pod does
//! next and when; the store (`mod.rs`) applies it. It must not touch ReplicaSets or
//! Deployments.
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
//! - back-off (ImagePullBackOff, CrashLoopBackOff): 10 s, doubling, capped at 300 s.

use super::objects::{EnvVar, TimeMs};
use super::rng::Rng;

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

/// What the application in an image does once started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppBehaviour {
    Healthy,
    /// Exits after `run_ms` with `exit_code`; `reason` is what kubectl shows.
    Crash {
        run_ms: u64,
        exit_code: i32,
        reason: &'static str,
        log: String,
    },
    /// Answers readiness probes with failure forever (needs a readinessProbe to matter).
    NeverReady,
    /// Answers readiness probes with success only `ready_after_ms` after start.
    SlowReady {
        ready_after_ms: u64,
    },
}

/// The simulated registry's answer for one image reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    /// `None` when the registry has it; otherwise the pull error message.
    pub pull_error: Option<String>,
    pub pull_ms: (u64, u64),
    pub start_ms: (u64, u64),
    pub shutdown_ms: (u64, u64),
    pub behaviour: AppBehaviour,
    pub size_bytes: u64,
}

/// Repository -> tags the simulated registry serves. Documented in README.md.
const CATALOGUE: &[(&str, &[&str])] = &[
    (
        "nginx",
        &[
            "latest",
            "stable",
            "mainline",
            "alpine",
            "1.14.2",
            "1.16.1",
            "1.19",
            "1.21",
            "1.23",
            "1.25",
            "1.26",
            "1.27",
            "1.27-alpine",
            "1.28",
            "1.29",
        ],
    ),
    (
        "httpd",
        &["latest", "alpine", "2.4", "2.4-alpine", "2.4.62", "2.4.63"],
    ),
    (
        "redis",
        &["latest", "alpine", "7", "7-alpine", "7.2", "7.4"],
    ),
    ("busybox", &["latest", "1.36"]),
    ("registry.k8s.io/pause", &["3.9", "3.10"]),
    (
        "playground/app",
        &[
            "v1",
            "v2",
            "v3",
            "crash",
            "unready",
            "slow",
            "oom",
            "migrate",
            "badconfig",
            "deps",
            "vulnerable",
            "slowresponse",
            "canary-bad",
            "weak",
        ],
    ),
];

/// Splits `repo[:tag][@digest]` (a registry host with a port is kept in the repo).
pub fn split_image(image: &str) -> (String, String) {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last_slash = no_digest.rfind('/').map(|i| i + 1).unwrap_or(0);
    match no_digest[last_slash..].rfind(':') {
        Some(i) => (
            no_digest[..last_slash + i].to_string(),
            no_digest[last_slash + i + 1..].to_string(),
        ),
        None => (no_digest.to_string(), "latest".to_string()),
    }
}

/// Strips the implicit `docker.io/` and `docker.io/library/` prefixes.
fn normalise_repo(repo: &str) -> &str {
    repo.strip_prefix("docker.io/library/")
        .or_else(|| repo.strip_prefix("docker.io/"))
        .or_else(|| repo.strip_prefix("library/"))
        .unwrap_or(repo)
}

/// The default `imagePullPolicy` the API server gives a container.
pub fn default_pull_policy(image: &str) -> &'static str {
    let (_, tag) = split_image(image);
    if tag == "latest" && !image.contains('@') {
        "Always"
    } else {
        "IfNotPresent"
    }
}

pub fn image_info(image: &str, env: &[EnvVar], memory_limit: Option<&str>) -> ImageInfo {
    let (repo, tag) = split_image(image);
    let repo = normalise_repo(&repo);
    let mut info = ImageInfo {
        pull_error: None,
        pull_ms: (5_000, 9_000),
        start_ms: (300, 1_500),
        shutdown_ms: (100, 900),
        behaviour: AppBehaviour::Healthy,
        size_bytes: 72_195_292,
    };
    let Some((_, tags)) = CATALOGUE.iter().find(|(r, _)| *r == repo) else {
        info.pull_error = Some(format!(
            "failed to pull and unpack image \"docker.io/{repo}:{tag}\": failed to resolve reference \"docker.io/{repo}:{tag}\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"
        ));
        return info;
    };
    if !tags.contains(&tag.as_str()) {
        info.pull_error = Some(format!(
            "failed to pull and unpack image \"docker.io/library/{repo}:{tag}\": failed to resolve reference \"docker.io/library/{repo}:{tag}\": docker.io/library/{repo}:{tag}: not found"
        ));
        return info;
    }
    match repo {
        "httpd" => {
            info.pull_ms = (4_000, 7_000);
            info.size_bytes = 58_232_741;
        }
        "redis" => info.size_bytes = 45_123_456,
        "busybox" | "registry.k8s.io/pause" => {
            info.pull_ms = (1_000, 2_000);
            info.size_bytes = 2_155_000;
        }
        "playground/app" => {
            info.pull_ms = (2_000, 4_000);
            info.size_bytes = 18_400_000;
        }
        _ => {}
    }
    if tag.contains("alpine") {
        info.pull_ms = (2_000, 4_000);
        info.size_bytes /= 4;
    }
    if repo == "busybox" {
        // busybox's default command exits at once: Completed, then CrashLoopBackOff.
        info.behaviour = AppBehaviour::Crash {
            run_ms: 200,
            exit_code: 0,
            reason: "Completed",
            log: String::new(),
        };
    }
    if repo == "playground/app" {
        info.behaviour = demo_behaviour(&tag, env, memory_limit);
        if tag == "slow" {
            info.pull_ms = (25_000, 30_000);
            info.start_ms = (3_000, 5_000);
        }
    }
    info
}

/// The documented behaviours of the `playground/app` demo tags.
fn demo_behaviour(tag: &str, env: &[EnvVar], memory_limit: Option<&str>) -> AppBehaviour {
    let crash = |run_ms, exit_code, reason, log: &str| AppBehaviour::Crash {
        run_ms,
        exit_code,
        reason,
        log: log.to_string(),
    };
    match tag {
        "crash" => crash(2_000, 1, "Error", "panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation]\n"),
        "unready" => AppBehaviour::NeverReady,
        "slow" => AppBehaviour::SlowReady { ready_after_ms: 45_000 },
        "oom" => {
            // Leaks until the memory limit kills it; with no limit it still exhausts the node.
            let _ = memory_limit;
            crash(6_000, 137, "OOMKilled", "allocating cache...\nallocating cache...\n")
        }
        "migrate" => crash(1_500, 1, "Error", "starting app v4\nERROR: relation \"orders_v2\" does not exist (SQLSTATE 42P01)\nschema migration 0042_orders_v2 has not been applied\n"),
        "badconfig" => {
            let ok = env.iter().any(|e| e.name == "DATABASE_URL" && e.value.starts_with("postgres://"));
            if ok {
                AppBehaviour::Healthy
            } else {
                crash(800, 1, "Error", "config error: DATABASE_URL must be a postgres:// URL\n")
            }
        }
        "deps" => crash(1_200, 1, "Error", "ImportError: cannot import name 'escape' from 'jinja2' (jinja2 3.1 removed it)\n"),
        _ => AppBehaviour::Healthy,
    }
}

/// The profile of a pod from its first container (behaviour, timings); any image the
/// registry does not know fails the pull.
pub fn pod_profile(images: &[String], env: &[EnvVar], memory_limit: Option<&str>) -> ImageInfo {
    let mut info = image_info(
        images.first().map(String::as_str).unwrap_or(""),
        env,
        memory_limit,
    );
    for img in images.iter().skip(1) {
        let other = image_info(img, &[], None);
        if other.pull_error.is_some() && info.pull_error.is_none() {
            info.pull_error = other.pull_error;
        }
    }
    info
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
