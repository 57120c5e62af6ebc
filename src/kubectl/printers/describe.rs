//! The `describe` pages: Deployment, ReplicaSet and Pod, with the pod template
//! section, events and the QoS class.

use super::tables::event_age;
use super::text::*;
use crate::manifest::time::rfc1123z;
use crate::sim::events::Event;
use crate::sim::*;

/// `Labels:\tk=v` with continuation lines `\tk2=v2`, as describe writes them.
pub(super) fn map_lines(
    out: &mut String,
    indent: &str,
    title: &str,
    m: &Labels,
    sep: &str,
    skip: &[&str],
) {
    let items: Vec<(&String, &String)> = m
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .collect();
    if items.is_empty() {
        out.push_str(&format!("{indent}{title}:\t<none>\n"));
        return;
    }
    for (i, (k, v)) in items.iter().enumerate() {
        let head = if i == 0 {
            format!("{indent}{title}:")
        } else {
            String::new()
        };
        // printAnnotationsMultiline: a long or multi-line value goes under its
        // key, each line shortened to 138 bytes.
        let v = v.strip_suffix('\n').unwrap_or(v);
        let value = if sep == ": " && (v.len() + k.len() + 2 > 140 || v.contains('\n')) {
            let lines: Vec<String> = v
                .split('\n')
                .map(|l| format!("{indent}\t  {}", shorten(l, 138)))
                .collect();
            format!("{k}:\n{}", lines.join("\n"))
        } else {
            format!("{k}{sep}{v}")
        };
        out.push_str(&format!("{head}\t{value}\n"));
    }
}

/// kubectl's `shorten`: at most `n` bytes, then `...`.
fn shorten(s: &str, n: usize) -> String {
    if s.len() <= n {
        return s.to_string();
    }
    let mut end = n;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}

fn ports_text(c: &Container) -> String {
    if c.ports.is_empty() {
        return "<none>".into();
    }
    c.ports
        .iter()
        .map(|p| match &p.name {
            Some(n) => format!("{}/{} ({n})", p.container_port, p.protocol),
            None => format!("{}/{}", p.container_port, p.protocol),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn probe_text(p: &Probe) -> String {
    let h = match &p.handler {
        ProbeHandler::HttpGet { path, port } => format!("http-get http://:{port}{path}"),
        ProbeHandler::TcpSocket { port } => format!("tcp-socket :{port}"),
        ProbeHandler::Exec { command } => format!("exec [{}]", command.join(" ")),
    };
    format!(
        "{h} delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds,
        p.timeout_seconds,
        p.period_seconds,
        p.success_threshold,
        p.failure_threshold
    )
}

/// The "Pod Template:" section shared by describe deployment/rs and history --revision.
pub fn pod_template_section(t: &PodTemplate) -> String {
    let mut out = String::from("Pod Template:\n");
    map_lines(&mut out, "  ", "Labels", &t.labels, "=", &[]);
    if !t.annotations.is_empty() {
        map_lines(&mut out, "  ", "Annotations", &t.annotations, ": ", &[]);
    }
    out.push_str("  Containers:\n");
    for c in &t.spec.containers {
        out.push_str(&format!("   {}:\n", c.name));
        out.push_str(&format!("    Image:\t{}\n", c.image));
        let label = if c.ports.len() > 1 { "Ports" } else { "Port" };
        out.push_str(&format!("    {label}:\t{}\n", ports_text(c)));
        let host = if c.ports.is_empty() {
            "<none>".to_string()
        } else {
            c.ports
                .iter()
                .map(|p| format!("0/{}", p.protocol))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let hlabel = if c.ports.len() > 1 {
            "Host Ports"
        } else {
            "Host Port"
        };
        out.push_str(&format!("    {hlabel}:\t{host}\n"));
        limits_lines(&mut out, c);
        if let Some(p) = &c.liveness_probe {
            out.push_str(&format!("    Liveness:\t{}\n", probe_text(p)));
        }
        if let Some(p) = &c.readiness_probe {
            out.push_str(&format!("    Readiness:\t{}\n", probe_text(p)));
        }
        environment_lines(&mut out, c);
        out.push_str("    Mounts:\t<none>\n");
    }
    out.push_str("  Volumes:\t<none>\n");
    out.push_str("  Node-Selectors:\t<none>\n");
    out.push_str("  Tolerations:\t<none>\n");
    out
}

fn events_section(events: &[&Event], now: TimeMs) -> String {
    if events.is_empty() {
        return "Events:\t<none>\n".into();
    }
    let mut out = String::from(
        "Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n",
    );
    // The API lists an object's events by name (`OBJECT.<first seen, hex>`), so in
    // the order they first happened (ours come by last occurrence); kubectl then
    // sorts them by last timestamp, in whole seconds, with Go's unstable
    // sort.Sort, which decides where events of one second go.
    let mut events = events.to_vec();
    crate::order::sort_by_key(&mut events, |e| e.first_ms);
    let order = crate::order::go_sort_indices(events.len(), &|i, j| {
        events[i].last_ms / 1000 < events[j].last_ms / 1000
    });
    for e in order.into_iter().map(|i| events[i]) {
        out.push_str(&format!(
            "  {}\t{}\t{}\t{}\t{}\n",
            e.kind.as_str(),
            e.reason,
            event_age(e, now),
            e.source,
            e.message()
        ));
    }
    out
}

pub fn describe_deployment(sim: &Sim, d: &Deployment) -> String {
    let now = sim.now_ms();
    let mut out = String::new();
    out.push_str(&format!("Name:\t{}\n", d.name));
    out.push_str("Namespace:\tdefault\n");
    out.push_str(&format!(
        "CreationTimestamp:\t{}\n",
        rfc1123z(d.creation_ms)
    ));
    map_lines(&mut out, "", "Labels", &d.labels, "=", &[]);
    map_lines(
        &mut out,
        "",
        "Annotations",
        &d.annotations,
        ": ",
        &[ANN_LAST_APPLIED],
    );
    out.push_str(&format!("Selector:\t{}\n", labels_string(&d.spec.selector)));
    let s = &d.status;
    out.push_str(&format!(
        "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
        d.spec.replicas,
        s.updated_replicas,
        s.replicas,
        s.available_replicas,
        s.unavailable_replicas
    ));
    match &d.spec.strategy {
        Strategy::Recreate => out.push_str("StrategyType:\tRecreate\n"),
        Strategy::RollingUpdate { .. } => out.push_str("StrategyType:\tRollingUpdate\n"),
    }
    out.push_str(&format!("MinReadySeconds:\t{}\n", d.spec.min_ready_seconds));
    if let Strategy::RollingUpdate {
        max_surge,
        max_unavailable,
    } = &d.spec.strategy
    {
        out.push_str(&format!(
            "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
            max_unavailable.display(),
            max_surge.display()
        ));
    }
    out.push_str(&pod_template_section(&d.spec.template));
    if !s.conditions.is_empty() {
        out.push_str("Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n");
        for c in &s.conditions {
            out.push_str(&format!(
                "  {} \t{}\t{}\n",
                c.kind,
                c.status.as_str(),
                c.reason
            ));
        }
    }
    replica_sets_lines(sim, d, &mut out);
    let events: Vec<&Event> = sim.events().for_object("deployment", &d.name).collect();
    out.push_str(&events_section(&events, now));
    tabwrite(&out, 0, 2)
}

/// `OldReplicaSets:` and `NewReplicaSet:`, each `NAME (created/desired replicas
/// created)`, when the Deployment has any.
fn replica_sets_lines(sim: &Sim, d: &Deployment, out: &mut String) {
    let rss = sim.replica_sets_of(&d.name);
    if rss.is_empty() {
        return;
    }
    let text = |r: &ReplicaSet| {
        format!(
            "{} ({}/{} replicas created)",
            r.name, r.status.replicas, r.replicas
        )
    };
    let new = rss
        .iter()
        .find(|r| r.template.equal_ignore_hash(&d.spec.template));
    let olds: Vec<String> = rss
        .iter()
        .filter(|r| Some(r.name.as_str()) != new.map(|n| n.name.as_str()))
        .map(|r| text(r))
        .collect();
    let olds = if olds.is_empty() {
        "<none>".to_string()
    } else {
        olds.join(", ")
    };
    out.push_str(&format!("OldReplicaSets:\t{olds}\n"));
    let new_text = new.map(|r| text(r)).unwrap_or_else(|| "<none>".into());
    out.push_str(&format!("NewReplicaSet:\t{new_text}\n"));
}

pub fn describe_rs(sim: &Sim, rs: &ReplicaSet) -> String {
    let now = sim.now_ms();
    let mut out = String::new();
    out.push_str(&format!("Name:\t{}\n", rs.name));
    out.push_str("Namespace:\tdefault\n");
    out.push_str(&format!("Selector:\t{}\n", labels_string(&rs.selector)));
    map_lines(&mut out, "", "Labels", &rs.labels, "=", &[]);
    map_lines(&mut out, "", "Annotations", &rs.annotations, ": ", &[]);
    if !rs.owner.is_empty() {
        out.push_str(&format!("Controlled By:\tDeployment/{}\n", rs.owner));
    }
    out.push_str(&format!(
        "Replicas:\t{} current / {} desired\n",
        rs.status.replicas, rs.replicas
    ));
    let pods = sim.pods_of(&rs.name);
    let count = |ph: PodPhase| {
        pods.iter()
            .filter(|p| p.phase == ph && p.deletion_ms.is_none())
            .count()
    };
    out.push_str(&format!(
        "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed\n",
        count(PodPhase::Running),
        count(PodPhase::Pending),
        count(PodPhase::Succeeded),
        count(PodPhase::Failed)
    ));
    out.push_str(&pod_template_section(&rs.template));
    let events: Vec<&Event> = sim.events().for_object("replicaset", &rs.name).collect();
    out.push_str(&events_section(&events, now));
    tabwrite(&out, 0, 2)
}

pub fn describe_pod(sim: &Sim, p: &Pod) -> String {
    let now = sim.now_ms();
    let mut out = String::new();
    pod_header(&mut out, p, now);
    out.push_str("Containers:\n");
    let containers: Vec<Container> = sim
        .pod_template(p)
        .map(|t| t.spec.containers.clone())
        .unwrap_or_default();
    for (i, name) in p.container_names.iter().enumerate() {
        out.push_str(&format!("  {name}:\n"));
        let image = p.images.get(i).cloned().unwrap_or_default();
        // The runtime's IDs are not simulated: kubectl prints the lines, empty.
        let reported = p.node_name.is_some();
        if reported {
            out.push_str("    Container ID:\t\n");
        }
        out.push_str(&format!("    Image:\t{image}\n"));
        if reported {
            out.push_str("    Image ID:\t\n");
        }
        if let Some(c) = containers.get(i) {
            out.push_str(&format!("    Port:\t{}\n", ports_text(c)));
            out.push_str(&format!(
                "    Host Port:\t{}\n",
                if c.ports.is_empty() {
                    "<none>".to_string()
                } else {
                    "0/TCP".to_string()
                }
            ));
        }
        container_state(&mut out, p);
        last_state(&mut out, sim, p);
        out.push_str(&format!(
            "    Ready:\t{}\n",
            if p.ready && !p.phase.is_terminal() {
                "True"
            } else {
                "False"
            }
        ));
        out.push_str(&format!("    Restart Count:\t{}\n", p.restart_count));
        if let Some(c) = containers.get(i) {
            container_settings(&mut out, c);
        }
        out.push_str("    Mounts:\t<none>\n");
    }
    pod_conditions(&mut out, p);
    out.push_str("Volumes:\t<none>\n");
    out.push_str(&format!("QoS Class:\t{}\n", qos_class(&containers)));
    out.push_str("Node-Selectors:\t<none>\n");
    out.push_str("Tolerations:\tnode.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n");
    out.push_str("\tnode.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n");
    let events: Vec<&Event> = sim.events().for_object("pod", &p.name).collect();
    out.push_str(&events_section(&events, now));
    tabwrite(&out, 0, 2)
}

/// Name to Controlled By: who and where the pod is, its status and IPs.
fn pod_header(out: &mut String, p: &Pod, now: TimeMs) {
    out.push_str(&format!("Name:\t{}\n", p.name));
    out.push_str("Namespace:\tdefault\n");
    out.push_str("Priority:\t0\n");
    out.push_str("Service Account:\tdefault\n");
    match &p.node_name {
        Some(n) => out.push_str(&format!("Node:\t{n}/192.168.49.2\n")),
        None => out.push_str("Node:\t<none>\n"),
    }
    if p.node_name.is_some() {
        out.push_str(&format!("Start Time:\t{}\n", rfc1123z(p.creation_ms)));
    }
    map_lines(out, "", "Labels", &p.labels, "=", &[]);
    map_lines(out, "", "Annotations", &p.annotations, ": ", &[]);
    if p.deletion_ms.is_some() {
        out.push_str(&format!(
            "Status:\tTerminating (lasts {})\n",
            human_duration(now as i64 - p.deletion_ms.unwrap_or(now) as i64)
        ));
        out.push_str(&format!(
            "Termination Grace Period:\t{}s\n",
            p.grace_period_seconds
        ));
    } else {
        out.push_str(&format!("Status:\t{}\n", p.phase.as_str()));
    }
    let ip = p.ip().unwrap_or_default();
    out.push_str(&format!("IP:\t{ip}\n"));
    if p.pod_ip.is_some() {
        out.push_str("IPs:\n");
        out.push_str(&format!("  IP:\t{ip}\n"));
    } else {
        out.push_str("IPs:\t<none>\n");
    }
    if !p.owner_rs.is_empty() {
        out.push_str(&format!("Controlled By:\tReplicaSet/{}\n", p.owner_rs));
    }
}

/// A container's `State:` and its details.
fn container_state(out: &mut String, p: &Pod) {
    match &p.container {
        ContainerState::Waiting { reason, .. } => {
            out.push_str("    State:\tWaiting\n");
            let r = if reason.is_empty() {
                "ContainerCreating"
            } else {
                reason
            };
            out.push_str(&format!("      Reason:\t{r}\n"));
        }
        ContainerState::Running { started_ms } => {
            out.push_str("    State:\tRunning\n");
            out.push_str(&format!("      Started:\t{}\n", rfc1123z(*started_ms)));
        }
        ContainerState::Terminated {
            reason,
            exit_code,
            finished_ms,
        } => {
            out.push_str("    State:\tTerminated\n");
            out.push_str(&format!("      Reason:\t{reason}\n"));
            out.push_str(&format!("      Exit Code:\t{exit_code}\n"));
            out.push_str(&format!("      Finished:\t{}\n", rfc1123z(*finished_ms)));
        }
    }
}

/// `Last State:` after a restart.
fn last_state(out: &mut String, sim: &Sim, p: &Pod) {
    if p.restart_count > 0 {
        if let Some(t) = p.last_termination_ms {
            let info = kubelet_last_state(sim, p);
            out.push_str("    Last State:\tTerminated\n");
            out.push_str(&format!("      Reason:\t{}\n", info.0));
            out.push_str(&format!("      Exit Code:\t{}\n", info.1));
            out.push_str(&format!("      Finished:\t{}\n", rfc1123z(t)));
        }
    }
}

/// Limits, readiness probe and environment, from the template.
fn container_settings(out: &mut String, c: &Container) {
    limits_lines(out, c);
    if let Some(pr) = &c.readiness_probe {
        out.push_str(&format!("    Readiness:\t{}\n", probe_text(pr)));
    }
    environment_lines(out, c);
}

/// A container's `Limits:` and `Requests:`, each resource by name, as the
/// template holds them (canonical quantities).
fn limits_lines(out: &mut String, c: &Container) {
    for (key, title) in [
        ("resources.limits", "Limits"),
        ("resources.requests", "Requests"),
    ] {
        let Some(map) = c
            .extra
            .get(key)
            .and_then(|text| crate::value::from_str(text))
            .and_then(|v| v.as_object().cloned())
        else {
            continue;
        };
        if map.is_empty() {
            continue;
        }
        let mut names: Vec<&String> = map.keys().collect();
        names.sort();
        out.push_str(&format!("    {title}:\n"));
        for n in names {
            let q = map[n.as_str()].as_str().unwrap_or("");
            out.push_str(&format!("      {n}:\t{q}\n"));
        }
    }
}

/// A container's `Environment:`, a line per variable, or `<none>`.
fn environment_lines(out: &mut String, c: &Container) {
    if c.env.is_empty() {
        out.push_str("    Environment:\t<none>\n");
        return;
    }
    out.push_str("    Environment:\n");
    for e in &c.env {
        out.push_str(&format!("      {}:\t{}\n", e.name, e.value));
    }
}

/// The pod's conditions table.
fn pod_conditions(out: &mut String, p: &Pod) {
    out.push_str("Conditions:\n  Type\tStatus\n");
    let ready = if p.ready && !p.phase.is_terminal() {
        "True"
    } else {
        "False"
    };
    let started = p.pod_ip.is_some();
    for (t, s) in [
        (
            "PodReadyToStartContainers",
            if started { "True" } else { "False" },
        ),
        ("Initialized", "True"),
        ("Ready", ready),
        ("ContainersReady", ready),
        (
            "PodScheduled",
            if p.node_name.is_some() {
                "True"
            } else {
                "False"
            },
        ),
    ] {
        out.push_str(&format!("  {t} \t{s} \n"));
    }
}

fn kubelet_last_state(sim: &Sim, p: &Pod) -> (String, i32) {
    // The pod's own profile, computed once when its ReplicaSet made it.
    match sim.pod_behaviour(p.id) {
        Some(crate::sim::registry::AppBehaviour::Crash {
            exit_code, reason, ..
        }) => (reason.to_string(), *exit_code),
        _ => ("Error".into(), 1),
    }
}

/// The pod's QoS class as the API server assigns it: BestEffort with no requests or
/// limits at all; Guaranteed when every container limits both cpu and memory and
/// requests what it limits (requests default to limits); Burstable otherwise.
pub fn qos_class(containers: &[Container]) -> &'static str {
    use crate::manifest::value::{self, from_str, Value};
    let resources = |c: &Container, kind: &str| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = match c
            .extra
            .get(&format!("resources.{kind}"))
            .and_then(|t| from_str(t))
        {
            Some(Value::Object(m)) => m
                .iter()
                .map(|(k, x)| (k.clone(), value::to_string(x)))
                .collect(),
            _ => Vec::new(),
        };
        if kind == "limits" {
            if let Some(m) = &c.memory_limit {
                v.retain(|(k, _)| k != "memory");
                v.push(("memory".into(), format!("{m:?}")));
            }
        }
        v
    };
    let any = containers
        .iter()
        .any(|c| !resources(c, "limits").is_empty() || !resources(c, "requests").is_empty());
    if !any {
        return "BestEffort";
    }
    let guaranteed = containers.iter().all(|c| {
        let limits = resources(c, "limits");
        let requests = resources(c, "requests");
        ["cpu", "memory"].iter().all(|r| {
            let limit = limits.iter().find(|(k, _)| k == r).map(|(_, v)| v);
            let request = requests.iter().find(|(k, _)| k == r).map(|(_, v)| v);
            limit.is_some() && (request.is_none() || request == limit)
        })
    });
    if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

/// `describeService`: the Service, with its endpoints as its EndpointSlice gives
/// them per port (`formatEndpointSlices`).
pub fn describe_service(sim: &Sim, s: &Service) -> String {
    let mut out = String::new();
    out.push_str(&format!("Name:\t{}\nNamespace:\t{}\n", s.name, s.namespace));
    map_lines(&mut out, "", "Labels", &s.labels, "=", &[]);
    let skip = [ANN_LAST_APPLIED];
    map_lines(&mut out, "", "Annotations", &s.annotations, ": ", &skip);
    out.push_str(&format!("Selector:\t{}\n", labels_string(&s.spec.selector)));
    out.push_str(&format!("Type:\t{}\n", s.spec.type_.as_str()));
    out.push_str("IP Family Policy:\tSingleStack\nIP Families:\tIPv4\n");
    let ip = s.cluster_ip_text();
    out.push_str(&format!("IP:\t{ip}\nIPs:\t{ip}\n"));
    let eps = sim.endpoints(s);
    let has_slice = crate::manifest::service::endpoint_slice_json(s, &[]).is_some();
    for p in &s.spec.ports {
        let name = if p.name.is_empty() {
            "<unset>"
        } else {
            &p.name
        };
        out.push_str(&format!("Port:\t{name}\t{}/{}\n", p.port, p.protocol));
        let target = match &p.target_port {
            TargetPort::Number(n) => n.to_string(),
            TargetPort::Name(n) => n.clone(),
        };
        out.push_str(&format!("TargetPort:\t{target}/{}\n", p.protocol));
        if p.node_port != 0 {
            out.push_str(&format!(
                "NodePort:\t{name}\t{}/{}\n",
                p.node_port, p.protocol
            ));
        }
        let text = if has_slice {
            slice_endpoints_text(&eps, &p.name)
        } else {
            "<none>".to_string()
        };
        out.push_str(&format!("Endpoints:\t{text}\n"));
    }
    out.push_str(&format!("Session Affinity:\t{}\n", s.spec.session_affinity));
    if !s.spec.external_traffic_policy.is_empty() {
        out.push_str(&format!(
            "External Traffic Policy:\t{}\n",
            s.spec.external_traffic_policy
        ));
    }
    out.push_str("Internal Traffic Policy:\tCluster\n");
    out.push_str(&events_section(&[], sim.now_ms()));
    tabwrite(&out, 0, 2)
}

/// `formatEndpointSlices` for one Service port, over the one slice: ready
/// endpoints' `ip:port`, three at most, then `+ N more...` (kubectl's count
/// starts to say "more" at the fourth endpoint, ready or not).
fn slice_endpoints_text(eps: &[Endpoint], port_name: &str) -> String {
    let mut list: Vec<String> = Vec::new();
    let (mut more, mut count) = (false, 0);
    let ports = eps.first().map_or(&[][..], |e| &e.ports[..]);
    for (i, (name, _, _)) in ports.iter().enumerate() {
        if name != port_name {
            continue;
        }
        for e in eps {
            if list.len() == 3 {
                more = true;
            }
            if !e.ready {
                continue;
            }
            if !more {
                list.push(format!("{}:{}", e.ip, e.ports[i].1));
            }
            count += 1;
        }
    }
    let text = list.join(",");
    if more {
        format!("{text} + {} more...", count - 3)
    } else {
        text
    }
}
