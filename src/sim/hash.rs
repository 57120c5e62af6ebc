//! `ComputeHash` for pod templates: FNV-1a 32 over a canonical dump of the defaulted
//! template, the collision count appended as upstream does, the decimal digits then
//! re-encoded through the name alphabet. Go's spew dump cannot be reproduced byte for
//! byte, so the values differ from a real cluster's; their shape (1-10 characters from
//! `456789bcdf`) and their stability (same template, same name) are the same.

use super::objects::{Container, PodTemplate, Probe, ProbeHandler};
use super::rng::NAME_ALPHABET;
use std::fmt::Write;

pub fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= *b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The pod-template-hash of `template` (which must not carry the hash label).
pub fn compute_hash(template: &PodTemplate, collision_count: Option<i32>) -> String {
    let mut bytes = canonical_template(template).into_bytes();
    if let Some(c) = collision_count {
        // Upstream appends the uint32 little-endian followed by four zero bytes.
        bytes.extend_from_slice(&(c as u32).to_le_bytes());
        bytes.extend_from_slice(&[0, 0, 0, 0]);
    }
    encode_hash(fnv1a32(&bytes))
}

/// Decimal digits of `sum`, each mapped to `alphabet[digit_char mod 27]`.
pub fn encode_hash(sum: u32) -> String {
    sum.to_string()
        .bytes()
        .map(|c| NAME_ALPHABET[(c as usize) % 27] as char)
        .collect()
}

fn canonical_template(t: &PodTemplate) -> String {
    let mut s = String::new();
    let _ = write!(s, "labels{:?};annotations{:?};", t.labels, t.annotations);
    let spec = &t.spec;
    let _ = write!(
        s,
        "restartPolicy={};grace={};dns={};scheduler={};extra={:?};",
        spec.restart_policy,
        spec.termination_grace_period_seconds,
        spec.dns_policy,
        spec.scheduler_name,
        spec.extra
    );
    for c in &spec.containers {
        canonical_container(&mut s, c);
    }
    s
}

fn canonical_container(s: &mut String, c: &Container) {
    let _ = write!(
        s,
        "container{{name={};image={};pull={};",
        c.name, c.image, c.image_pull_policy
    );
    for p in &c.ports {
        let _ = write!(s, "port={}/{}/{:?};", p.container_port, p.protocol, p.name);
    }
    for e in &c.env {
        let _ = write!(s, "env={}={};", e.name, e.value);
    }
    canonical_probe(s, "readiness", &c.readiness_probe);
    canonical_probe(s, "liveness", &c.liveness_probe);
    let _ = write!(
        s,
        "mem={:?};tmp={};tmpol={};extra={:?}}}",
        c.memory_limit, c.termination_message_path, c.termination_message_policy, c.extra
    );
}

fn canonical_probe(s: &mut String, kind: &str, p: &Option<Probe>) {
    if let Some(p) = p {
        let h = match &p.handler {
            ProbeHandler::HttpGet { path, port } => format!("http:{path}:{port}"),
            ProbeHandler::TcpSocket { port } => format!("tcp:{port}"),
            ProbeHandler::Exec { command } => format!("exec:{command:?}"),
        };
        let _ = write!(
            s,
            "{kind}={h}/{}/{}/{}/{}/{};",
            p.initial_delay_seconds,
            p.period_seconds,
            p.timeout_seconds,
            p.success_threshold,
            p.failure_threshold
        );
    }
}
