//! A pod template's stored form: the JSON the API server keeps for it, with its
//! defaults, fields in Go struct order, zero values omitted. `-o json|yaml` print
//! it (manifest::render) and the pod-template-hash is computed over it
//! (`hash.rs`), as the deployment controller hashes what the API server stored.
//! It must not print: text is the printers' business.

use super::objects::*;
use crate::json;
use crate::value::{self, Map, Value};

pub fn labels_json(l: &Labels) -> Value {
    Value::Object(
        l.iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

pub fn insert_nonempty(m: &mut Map, key: &str, l: &Labels) {
    if !l.is_empty() {
        m.insert(key.to_string(), labels_json(l));
    }
}

pub fn intstr(v: &IntOrPercent) -> Value {
    match v {
        IntOrPercent::Int(i) => json!(i),
        IntOrPercent::Percent(s) => json!(s),
    }
}

fn probe_json(p: &Probe) -> Value {
    let mut m = Map::new();
    match &p.handler {
        ProbeHandler::HttpGet { path, port } => {
            let port: Value = port
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| json!(port));
            m.insert(
                "httpGet".into(),
                json!({"path": path, "port": port, "scheme": "HTTP"}),
            );
        }
        ProbeHandler::TcpSocket { port } => {
            let port: Value = port
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| json!(port));
            m.insert("tcpSocket".into(), json!({"port": port}));
        }
        ProbeHandler::Exec { command } => {
            m.insert("exec".into(), json!({"command": command}));
        }
    }
    if p.initial_delay_seconds != 0 {
        m.insert("initialDelaySeconds".into(), json!(p.initial_delay_seconds));
    }
    m.insert("timeoutSeconds".into(), json!(p.timeout_seconds));
    m.insert("periodSeconds".into(), json!(p.period_seconds));
    m.insert("successThreshold".into(), json!(p.success_threshold));
    m.insert("failureThreshold".into(), json!(p.failure_threshold));
    Value::Object(m)
}

fn container_json(c: &Container) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(c.name));
    m.insert("image".into(), json!(c.image));
    for (k, v) in &c.extra {
        if !k.contains('.') {
            m.insert(k.clone(), value::from_str(v).unwrap_or(Value::Null));
        }
    }
    if !c.ports.is_empty() {
        let ports: Vec<Value> = c
            .ports
            .iter()
            .map(|p| {
                let mut pm = Map::new();
                if let Some(n) = &p.name {
                    pm.insert("name".into(), json!(n));
                }
                pm.insert("containerPort".into(), json!(p.container_port));
                pm.insert("protocol".into(), json!(p.protocol));
                Value::Object(pm)
            })
            .collect();
        m.insert("ports".into(), Value::Array(ports));
    }
    if !c.env.is_empty() {
        m.insert(
            "env".into(),
            Value::Array(
                c.env
                    .iter()
                    .map(|e| {
                        // EnvVar's `value` and `valueFrom` are omitempty.
                        let mut em = Map::new();
                        em.insert("name".into(), json!(e.name));
                        if !e.value.is_empty() {
                            em.insert("value".into(), json!(e.value));
                        }
                        if let Some(v) = c.extra.get(&format!("env.{}.valueFrom", e.name)) {
                            em.insert(
                                "valueFrom".into(),
                                value::from_str(v).unwrap_or(Value::Null),
                            );
                        }
                        Value::Object(em)
                    })
                    .collect(),
            ),
        );
    }
    let mut resources = Map::new();
    for key in ["limits", "requests"] {
        if let Some(v) = c.extra.get(&format!("resources.{key}")) {
            resources.insert(key.to_string(), value::from_str(v).unwrap_or(Value::Null));
        }
    }
    m.insert("resources".into(), Value::Object(resources));
    if let Some(p) = &c.liveness_probe {
        m.insert("livenessProbe".into(), probe_json(p));
    }
    if let Some(p) = &c.readiness_probe {
        m.insert("readinessProbe".into(), probe_json(p));
    }
    m.insert(
        "terminationMessagePath".into(),
        json!(c.termination_message_path),
    );
    m.insert(
        "terminationMessagePolicy".into(),
        json!(c.termination_message_policy),
    );
    m.insert("imagePullPolicy".into(), json!(c.image_pull_policy));
    Value::Object(m)
}

pub fn pod_spec_json(s: &PodSpec, node_name: Option<&str>) -> Value {
    let mut m = Map::new();
    m.insert(
        "containers".into(),
        Value::Array(s.containers.iter().map(container_json).collect()),
    );
    m.insert("restartPolicy".into(), json!(s.restart_policy));
    m.insert(
        "terminationGracePeriodSeconds".into(),
        json!(s.termination_grace_period_seconds),
    );
    m.insert("dnsPolicy".into(), json!(s.dns_policy));
    if let Some(n) = node_name {
        m.insert("nodeName".into(), json!(n));
    }
    m.insert("securityContext".into(), json!({}));
    m.insert("schedulerName".into(), json!(s.scheduler_name));
    for (k, v) in &s.extra {
        m.insert(k.clone(), value::from_str(v).unwrap_or(Value::Null));
    }
    Value::Object(m)
}

pub fn template_json(t: &PodTemplate) -> Value {
    let mut meta = Map::new();
    meta.insert("creationTimestamp".into(), Value::Null);
    insert_nonempty(&mut meta, "labels", &t.labels);
    insert_nonempty(&mut meta, "annotations", &t.annotations);
    json!({"metadata": Value::Object(meta), "spec": pod_spec_json(&t.spec, None)})
}
