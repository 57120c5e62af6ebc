//! The simulated image registry: which images and tags exist, how long they take to
//! pull and start, and what the application inside does (the `playground/app` demo
//! tags crash, never get ready, leak memory, ...). Pure data and lookups: it must not
//! know pods, timers or the store.

use super::objects::EnvVar;

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
