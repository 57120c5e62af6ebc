//! `ComputeHash` for pod templates: FNV-1a 32 over a canonical dump of the defaulted
//! template, the collision count appended as upstream does, the decimal digits then
//! re-encoded through the name alphabet. Go's spew dump cannot be reproduced byte for
//! byte, so the values differ from a real cluster's; their shape (1-10 characters from
//! `456789bcdf`) and their stability (same template, same name) are the same.
//!
//! The dump is written field by field here, never through a `Debug` impl of ours:
//! a changed `Debug` would otherwise rename every ReplicaSet. Strings are quoted as
//! Rust quotes a `str`, which is what the dump has always held.

use super::objects::{Container, Labels, PodTemplate, Probe, ProbeHandler};
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

/// A quoted string (`"a\"b"`).
fn quoted(s: &mut String, text: &str) {
    let _ = write!(s, "{text:?}");
}

/// A string map as `{"k": "v", ...}`, in key order.
fn map(s: &mut String, m: &Labels) {
    s.push('{');
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        quoted(s, k);
        s.push_str(": ");
        quoted(s, v);
    }
    s.push('}');
}

/// An optional string as `Some("x")` or `None`.
fn optional(s: &mut String, v: Option<&str>) {
    match v {
        Some(v) => {
            s.push_str("Some(");
            quoted(s, v);
            s.push(')');
        }
        None => s.push_str("None"),
    }
}

fn canonical_template(t: &PodTemplate) -> String {
    let mut s = String::new();
    s.push_str("labels");
    map(&mut s, &t.labels);
    s.push_str(";annotations");
    map(&mut s, &t.annotations);
    s.push(';');
    let spec = &t.spec;
    let _ = write!(
        s,
        "restartPolicy={};grace={};dns={};scheduler={};extra=",
        spec.restart_policy,
        spec.termination_grace_period_seconds,
        spec.dns_policy,
        spec.scheduler_name,
    );
    map(&mut s, &spec.extra);
    s.push(';');
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
        let _ = write!(s, "port={}/{}/", p.container_port, p.protocol);
        optional(s, p.name.as_deref());
        s.push(';');
    }
    for e in &c.env {
        let _ = write!(s, "env={}={};", e.name, e.value);
    }
    canonical_probe(s, "readiness", &c.readiness_probe);
    canonical_probe(s, "liveness", &c.liveness_probe);
    s.push_str("mem=");
    optional(s, c.memory_limit.as_deref());
    let _ = write!(
        s,
        ";tmp={};tmpol={};extra=",
        c.termination_message_path, c.termination_message_policy
    );
    map(s, &c.extra);
    s.push('}');
}

fn canonical_probe(s: &mut String, kind: &str, p: &Option<Probe>) {
    if let Some(p) = p {
        let h = match &p.handler {
            ProbeHandler::HttpGet { path, port } => format!("http:{path}:{port}"),
            ProbeHandler::TcpSocket { port } => format!("tcp:{port}"),
            ProbeHandler::Exec { command } => {
                let mut e = String::from("exec:[");
                for (i, word) in command.iter().enumerate() {
                    if i > 0 {
                        e.push_str(", ");
                    }
                    quoted(&mut e, word);
                }
                e.push(']');
                e
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::objects::{ContainerPort, EnvVar, PodSpec};

    /// The dump is pinned byte for byte: a change here renames every ReplicaSet
    /// (and the golden transcripts would show it).
    #[test]
    fn the_dump_is_written_field_by_field() {
        let mut labels = Labels::new();
        labels.insert("app", "web".to_string());
        let mut annotations = Labels::new();
        annotations.insert("note", "it's \"quoted\"\n".to_string());
        let mut extra = Labels::new();
        extra.insert("hostNetwork", "true".to_string());
        let probe = Probe {
            handler: ProbeHandler::Exec {
                command: vec!["cat".into(), "/tmp/ready".into()],
            },
            initial_delay_seconds: 5,
            period_seconds: 10,
            timeout_seconds: 1,
            success_threshold: 1,
            failure_threshold: 3,
        };
        let t = PodTemplate {
            labels,
            annotations,
            spec: PodSpec {
                containers: vec![Container {
                    name: "web".into(),
                    image: "nginx:1.27".into(),
                    image_pull_policy: "IfNotPresent".into(),
                    ports: vec![ContainerPort {
                        container_port: 80,
                        protocol: "TCP".into(),
                        name: Some("http".into()),
                    }],
                    env: vec![EnvVar {
                        name: "MODE".into(),
                        value: "prod".into(),
                    }],
                    readiness_probe: Some(probe),
                    liveness_probe: None,
                    memory_limit: Some("128Mi".into()),
                    termination_message_path: "/dev/termination-log".into(),
                    termination_message_policy: "File".into(),
                    extra: Labels::new(),
                }],
                restart_policy: "Always".into(),
                termination_grace_period_seconds: 30,
                dns_policy: "ClusterFirst".into(),
                scheduler_name: "default-scheduler".into(),
                extra,
            },
        };
        assert_eq!(
            canonical_template(&t),
            concat!(
                r#"labels{"app": "web"};annotations{"note": "it's \"quoted\"\n"};"#,
                r#"restartPolicy=Always;grace=30;dns=ClusterFirst;scheduler=default-scheduler;extra={"hostNetwork": "true"};"#,
                r#"container{name=web;image=nginx:1.27;pull=IfNotPresent;port=80/TCP/Some("http");env=MODE=prod;"#,
                r#"readiness=exec:["cat", "/tmp/ready"]/5/10/1/1/3;mem=Some("128Mi");tmp=/dev/termination-log;tmpol=File;extra={}}"#,
            )
        );
    }
}
