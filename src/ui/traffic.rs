//! The traffic model: a Service in front of the pods receives a steady stream of
//! simulated requests, sampled once per simulated second. Its endpoints are the pods
//! its selector matches that are Ready and not terminating, as kube-proxy routes;
//! requests spread evenly over them. What a pod answers depends on its image (the
//! demo images' documented traffic behaviour, below). With no endpoint, every
//! request fails: that second is downtime. Deterministic: no randomness, only
//! the sim's state at each whole second.
//!
//! It must not change the cluster; it only reads it.

use crate::sim::*;

/// Requests per second the Service receives when nothing else is set.
pub const DEFAULT_LOAD_RPS: u32 = 100;

/// How a pod answers traffic, from its first container's image.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Answering {
    /// Requests per second one pod can serve; beyond it, 503s.
    pub capacity_rps: u32,
    /// Of the requests it serves, this many per thousand are errors (HTTP 500).
    pub errors_per_mille: u32,
    /// Typical (median) latency of a served request.
    pub latency_ms: u32,
}

/// The demo images' traffic behaviour (documented in README.md):
/// `playground/app:slowresponse` answers in 2.4 s; `:canary-bad` fails 40% of
/// requests; `:weak` serves only 12 requests/s per pod. Everything else: 1,000
/// requests/s per pod, no errors, 25 ms.
pub fn answering(image: &str) -> Answering {
    let normal = Answering {
        capacity_rps: 1_000,
        errors_per_mille: 0,
        latency_ms: 25,
    };
    match image.strip_prefix("playground/app:") {
        Some("slowresponse") => Answering {
            latency_ms: 2_400,
            ..normal
        },
        Some("canary-bad") => Answering {
            errors_per_mille: 400,
            ..normal
        },
        Some("weak") => Answering {
            capacity_rps: 12,
            latency_ms: 180,
            ..normal
        },
        _ => normal,
    }
}

/// One version's share of one second.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionTraffic {
    pub image: String,
    pub endpoints: u32,
    pub requests: u32,
    pub errors: u32,
    pub latency_ms: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrafficSample {
    pub t_ms: TimeMs,
    /// The Service the requests go to.
    pub service: String,
    pub load_rps: u32,
    pub versions: Vec<VersionTraffic>,
    pub errors: u32,
    /// No endpoint at all: every request failed.
    pub down: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TrafficTotals {
    pub requests: u64,
    pub errors: u64,
    pub downtime_s: u64,
    /// The slowest median latency any version had in a second with traffic.
    pub worst_latency_ms: u32,
}

impl TrafficTotals {
    pub fn add(&mut self, s: &TrafficSample) {
        self.requests += s.load_rps as u64;
        self.errors += s.errors as u64;
        self.downtime_s += s.down as u64;
        for v in &s.versions {
            if v.requests > 0 {
                self.worst_latency_ms = self.worst_latency_ms.max(v.latency_ms);
            }
        }
    }
}

/// The Service the traffic panel sends requests to: of the Services that select
/// pods, the one selecting the followed Deployment's pods, else the one drawn
/// before (`previous`), else the first by name. None when there is none.
pub fn pick_service<'s>(
    sim: &'s Sim,
    target: Option<&Deployment>,
    previous: Option<&str>,
) -> Option<&'s Service> {
    let candidates: Vec<&Service> = sim
        .services()
        .filter(|s| !s.spec.selector.is_empty())
        .collect();
    let selects = |s: &&&Service| {
        target.is_some_and(|d| selector_matches(&s.spec.selector, &d.spec.template.labels))
    };
    let found = candidates.iter().find(selects);
    let kept = || {
        candidates
            .iter()
            .find(|s| Some(s.name.as_str()) == previous)
    };
    found.or_else(kept).or(candidates.first()).copied()
}

/// One second of traffic through `service`.
pub fn sample(sim: &Sim, service: &Service, load_rps: Option<u32>) -> TrafficSample {
    let selector = &service.spec.selector;
    let load = load_rps.unwrap_or(DEFAULT_LOAD_RPS);
    // Endpoints per ReplicaSet from the counts the sim keeps (ready, not being
    // deleted): a sample costs one step per ReplicaSet, not per pod.
    let groups: Vec<(String, u32)> = sim
        .replica_sets()
        .filter(|rs| {
            selector
                .iter()
                .all(|(k, v)| rs.template.labels.get(k) == Some(v))
        })
        .map(|rs| {
            let image = rs
                .template
                .spec
                .containers
                .first()
                .map(|c| c.image.clone())
                .unwrap_or_default();
            (image, sim.pod_counts(&rs.name).ready.max(0) as u32)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let n: u32 = groups.iter().map(|(_, n)| n).sum();
    let mut sample = TrafficSample {
        t_ms: sim.now_ms(),
        service: service.name.clone(),
        load_rps: load,
        versions: Vec::new(),
        errors: 0,
        down: n == 0 && load > 0,
    };
    if n == 0 {
        sample.errors = load;
        return sample;
    }
    // Even spread: the first `c` endpoints have taken floor(load * c / n) requests.
    let mut before = 0u64;
    for (image, endpoints) in groups {
        let upto = before + endpoints as u64;
        let requests = (load as u64 * upto / n as u64 - load as u64 * before / n as u64) as u32;
        before = upto;
        let a = answering(&image);
        let capacity = a.capacity_rps.saturating_mul(endpoints);
        let served = requests.min(capacity);
        let failed = requests - served + (served as u64 * a.errors_per_mille as u64 / 1000) as u32;
        // Saturated pods queue: their latency grows with the overload.
        let latency = if requests > capacity {
            (a.latency_ms as u64 * requests as u64 / capacity.max(1) as u64) as u32
        } else {
            a.latency_ms
        };
        match sample.versions.iter_mut().find(|v| v.image == image) {
            Some(v) => {
                v.endpoints += endpoints;
                v.requests += requests;
                v.errors += failed;
                v.latency_ms = v.latency_ms.max(latency);
            }
            None => sample.versions.push(VersionTraffic {
                image,
                endpoints,
                requests,
                errors: failed,
                latency_ms: latency,
            }),
        }
        sample.errors += failed;
    }
    sample
}
