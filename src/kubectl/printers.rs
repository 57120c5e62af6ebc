//! kubectl's output formats (kubectl-formats.md): Go's tabwriter, HumanDuration,
//! the `get` tables and the `describe` pages. Pure functions of the cluster and the
//! current time; nothing here changes state.

use crate::manifest::time::rfc1123z;
use crate::sim::events::Event;
use crate::sim::*;

/// Go's `text/tabwriter` with space padding: cells are tab-terminated, a column is
/// aligned across a block of consecutive lines that all have a cell there, and the
/// last cell of a line is never padded.
pub fn tabwrite(text: &str, min_width: usize, padding: usize) -> String {
    let lines: Vec<Vec<&str>> = text
        .split_terminator('\n')
        .map(|l| l.split('\t').collect())
        .collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut widths: Vec<usize> = Vec::new();
    format_block(
        &lines,
        0,
        lines.len(),
        &mut widths,
        min_width,
        padding,
        &mut out,
    );
    // Every line was written with a newline; keep the input's lack of a final one.
    if out.ends_with('\n') && !text.ends_with('\n') {
        out.pop();
    }
    out
}

fn cell_width(s: &str) -> usize {
    s.chars().count()
}

fn format_block(
    lines: &[Vec<&str>],
    mut line0: usize,
    line1: usize,
    widths: &mut Vec<usize>,
    min_width: usize,
    padding: usize,
    out: &mut String,
) {
    let column = widths.len();
    let mut this = line0;
    while this < line1 {
        if column >= lines[this].len() - 1 {
            this += 1;
            continue;
        }
        write_lines(lines, line0, this, widths, out);
        line0 = this;
        let mut width = min_width;
        while this < line1 {
            let line = &lines[this];
            if column >= line.len() - 1 {
                break;
            }
            width = width.max(cell_width(line[column]) + padding);
            this += 1;
        }
        widths.push(width);
        format_block(lines, line0, this, widths, min_width, padding, out);
        widths.pop();
        line0 = this;
    }
    write_lines(lines, line0, line1, widths, out);
}

fn write_lines(lines: &[Vec<&str>], from: usize, to: usize, widths: &[usize], out: &mut String) {
    for line in &lines[from..to] {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j < line.len() - 1 {
                let w = widths.get(j).copied().unwrap_or(0);
                for _ in cell_width(cell)..w {
                    out.push(' ');
                }
            }
        }
        out.push('\n');
    }
}

/// A kubectl table: header and rows through the tabwriter (minwidth 6, padding 3).
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut text = header.join("\t");
    text.push('\n');
    for r in rows {
        text.push_str(&r.join("\t"));
        text.push('\n');
    }
    tabwrite(&text, 6, 3)
}

/// apimachinery `duration.HumanDuration`.
pub fn human_duration(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    if secs < -1 {
        return "<invalid>".into();
    }
    if secs < 0 {
        return "0s".into();
    }
    if secs < 120 {
        return format!("{secs}s");
    }
    let minutes = secs / 60;
    if minutes < 10 {
        let s = secs % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = secs / 3600;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    let days = hours / 24;
    if days < 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{days}d")
        } else {
            format!("{days}d{h}h")
        };
    }
    if days < 730 {
        return format!("{days}d");
    }
    let years = days / 365;
    if years < 8 {
        let d = days % 365;
        return if d == 0 {
            format!("{years}y")
        } else {
            format!("{years}y{d}d")
        };
    }
    format!("{years}y")
}

pub fn age(now: TimeMs, since: TimeMs) -> String {
    human_duration(now as i64 - since as i64)
}

/// The pod's READY column.
pub fn pod_ready(p: &Pod) -> String {
    let n = p.container_names.len();
    let ready = if p.ready && !p.phase.is_terminal() {
        n
    } else {
        0
    };
    format!("{ready}/{n}")
}

/// The pod's STATUS column (printPod).
pub fn pod_status(p: &Pod) -> String {
    let mut reason = p.phase.as_str().to_string();
    match &p.container {
        ContainerState::Waiting { reason: r, .. } if !r.is_empty() => reason = r.to_string(),
        ContainerState::Terminated { reason: r, .. } => reason = r.to_string(),
        _ => {}
    }
    if p.deletion_ms.is_some() && !p.phase.is_terminal() {
        return "Terminating".into();
    }
    reason
}

pub fn pod_restarts(p: &Pod, now: TimeMs) -> String {
    match (p.restart_count, p.last_termination_ms) {
        (0, _) => "0".into(),
        (n, Some(t)) => format!("{n} ({} ago)", age(now, t)),
        (n, None) => n.to_string(),
    }
}

pub fn pods_table(
    pods: &[&Pod],
    now: TimeMs,
    wide: bool,
    show_labels: bool,
    prefix: &str,
) -> String {
    let mut header = vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
    if wide {
        header.extend(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
    }
    if show_labels {
        header.push("LABELS");
    }
    let rows: Vec<Vec<String>> = pods
        .iter()
        .map(|p| {
            let mut r = vec![
                format!("{prefix}{}", p.name),
                pod_ready(p),
                pod_status(p),
                pod_restarts(p, now),
                age(now, p.creation_ms),
            ];
            if wide {
                r.push(p.ip().unwrap_or_else(|| "<none>".into()));
                r.push(p.node_name.unwrap_or("<none>").to_string());
                r.push("<none>".into());
                r.push("<none>".into());
            }
            if show_labels {
                r.push(labels_string(&p.labels));
            }
            r
        })
        .collect();
    table(&header, &rows)
}

/// The CONTAINERS and IMAGES cells of `-o wide`, each comma-joined.
fn container_cells(t: &PodTemplate) -> [String; 2] {
    let join = |field: fn(&Container) -> &str| {
        t.spec
            .containers
            .iter()
            .map(field)
            .collect::<Vec<_>>()
            .join(",")
    };
    [join(|c| &c.name), join(|c| &c.image)]
}

pub fn rs_table(
    rss: &[&ReplicaSet],
    now: TimeMs,
    wide: bool,
    show_labels: bool,
    prefix: &str,
) -> String {
    let mut header = vec!["NAME", "DESIRED", "CURRENT", "READY", "AGE"];
    if wide {
        header.extend(["CONTAINERS", "IMAGES", "SELECTOR"]);
    }
    if show_labels {
        header.push("LABELS");
    }
    let rows: Vec<Vec<String>> = rss
        .iter()
        .map(|rs| {
            let mut r = vec![
                format!("{prefix}{}", rs.name),
                rs.replicas.to_string(),
                rs.status.replicas.to_string(),
                rs.status.ready_replicas.to_string(),
                age(now, rs.creation_ms),
            ];
            if wide {
                r.extend(container_cells(&rs.template));
                r.push(labels_string(&rs.selector));
            }
            if show_labels {
                r.push(labels_string(&rs.labels));
            }
            r
        })
        .collect();
    table(&header, &rows)
}

pub fn deploy_table(
    ds: &[&Deployment],
    now: TimeMs,
    wide: bool,
    show_labels: bool,
    prefix: &str,
) -> String {
    let mut header = vec!["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"];
    if wide {
        header.extend(["CONTAINERS", "IMAGES", "SELECTOR"]);
    }
    if show_labels {
        header.push("LABELS");
    }
    let rows: Vec<Vec<String>> = ds
        .iter()
        .map(|d| {
            let mut r = vec![
                format!("{prefix}{}", d.name),
                format!("{}/{}", d.status.ready_replicas, d.spec.replicas),
                d.status.updated_replicas.to_string(),
                d.status.available_replicas.to_string(),
                age(now, d.creation_ms),
            ];
            if wide {
                r.extend(container_cells(&d.spec.template));
                r.push(labels_string(&d.spec.selector));
            }
            if show_labels {
                r.push(labels_string(&d.labels));
            }
            r
        })
        .collect();
    table(&header, &rows)
}

// ----- Table cells for `kubesim serve` (native only) ---------------------------
//
// The API server's Tables carry every column; these give the same cells as the
// table printers above (the differential suite holds the two against each other
// through real kubectl). Kept out of the page, which prints only the tables.

/// Every column of a pod's row, the `-o wide` ones included (the API server's
/// Table has them all; kubectl hides the wide ones unless asked).
#[cfg(not(target_arch = "wasm32"))]
pub fn pod_cells(p: &Pod, now: TimeMs) -> Vec<String> {
    vec![
        p.name.to_string(),
        pod_ready(p),
        pod_status(p),
        pod_restarts(p, now),
        age(now, p.creation_ms),
        p.ip().unwrap_or_else(|| "<none>".into()),
        p.node_name.unwrap_or("<none>").to_string(),
        "<none>".into(),
        "<none>".into(),
    ]
}

#[cfg(not(target_arch = "wasm32"))]
pub const POD_COLUMNS: [&str; 9] = [
    "NAME",
    "READY",
    "STATUS",
    "RESTARTS",
    "AGE",
    "IP",
    "NODE",
    "NOMINATED NODE",
    "READINESS GATES",
];
#[cfg(not(target_arch = "wasm32"))]
pub const RS_COLUMNS: [&str; 8] = [
    "NAME",
    "DESIRED",
    "CURRENT",
    "READY",
    "AGE",
    "CONTAINERS",
    "IMAGES",
    "SELECTOR",
];
#[cfg(not(target_arch = "wasm32"))]
pub const DEPLOY_COLUMNS: [&str; 8] = [
    "NAME",
    "READY",
    "UP-TO-DATE",
    "AVAILABLE",
    "AGE",
    "CONTAINERS",
    "IMAGES",
    "SELECTOR",
];

/// Every column of a ReplicaSet's row (see [`pod_cells`]).
#[cfg(not(target_arch = "wasm32"))]
pub fn rs_cells(rs: &ReplicaSet, now: TimeMs) -> Vec<String> {
    let [containers, images] = container_cells(&rs.template);
    vec![
        rs.name.clone(),
        rs.replicas.to_string(),
        rs.status.replicas.to_string(),
        rs.status.ready_replicas.to_string(),
        age(now, rs.creation_ms),
        containers,
        images,
        labels_string(&rs.selector),
    ]
}

/// Every column of a Deployment's row (see [`pod_cells`]).
#[cfg(not(target_arch = "wasm32"))]
pub fn deploy_cells(d: &Deployment, now: TimeMs) -> Vec<String> {
    let [containers, images] = container_cells(&d.spec.template);
    vec![
        d.name.clone(),
        format!("{}/{}", d.status.ready_replicas, d.spec.replicas),
        d.status.updated_replicas.to_string(),
        d.status.available_replicas.to_string(),
        age(now, d.creation_ms),
        containers,
        images,
        labels_string(&d.spec.selector),
    ]
}

pub fn event_age(e: &Event, now: TimeMs) -> String {
    if e.count > 1 {
        format!(
            "{} (x{} over {})",
            age(now, e.last_ms),
            e.count,
            age(now, e.first_ms)
        )
    } else {
        age(now, e.last_ms)
    }
}

pub fn events_table(events: &[&Event], now: TimeMs) -> String {
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            vec![
                event_age(e, now),
                e.kind.as_str().to_string(),
                e.reason.to_string(),
                format!("{}/{}", e.object_kind, e.object_name),
                e.message().into_owned(),
            ]
        })
        .collect();
    table(&["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], &rows)
}

// ----- describe ----------------------------------------------------------------

/// `Labels:\tk=v` with continuation lines `\tk2=v2`, as describe writes them.
fn map_lines(out: &mut String, indent: &str, title: &str, m: &Labels, sep: &str, skip: &[&str]) {
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
        let value = if v.len() > 140 && sep == ": " {
            format!("{k}:\n{indent}  {v}")
        } else {
            format!("{k}{sep}{v}")
        };
        out.push_str(&format!("{head}\t{value}\n"));
    }
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
        if let Some(m) = &c.memory_limit {
            out.push_str("    Limits:\n");
            out.push_str(&format!("      memory:\t{m}\n"));
        }
        if let Some(p) = &c.liveness_probe {
            out.push_str(&format!("    Liveness:\t{}\n", probe_text(p)));
        }
        if let Some(p) = &c.readiness_probe {
            out.push_str(&format!("    Readiness:\t{}\n", probe_text(p)));
        }
        if c.env.is_empty() {
            out.push_str("    Environment:\t<none>\n");
        } else {
            out.push_str("    Environment:\n");
            for e in &c.env {
                out.push_str(&format!("      {}:\t{}\n", e.name, e.value));
            }
        }
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
    let rss = sim.replica_sets_of(&d.name);
    if !rss.is_empty() {
        let new = rss
            .iter()
            .find(|r| r.template.equal_ignore_hash(&d.spec.template));
        let olds: Vec<String> = rss
            .iter()
            .filter(|r| Some(r.name.as_str()) != new.map(|n| n.name.as_str()))
            .map(|r| {
                format!(
                    "{} ({}/{} replicas created)",
                    r.name, r.status.replicas, r.replicas
                )
            })
            .collect();
        out.push_str(&format!(
            "OldReplicaSets:\t{}\n",
            if olds.is_empty() {
                "<none>".to_string()
            } else {
                olds.join(", ")
            }
        ));
        let new_text = new
            .map(|r| {
                format!(
                    "{} ({}/{} replicas created)",
                    r.name, r.status.replicas, r.replicas
                )
            })
            .unwrap_or_else(|| "<none>".into());
        out.push_str(&format!("NewReplicaSet:\t{new_text}\n"));
    }
    let events: Vec<&Event> = sim.events().for_object("deployment", &d.name).collect();
    out.push_str(&events_section(&events, now));
    tabwrite(&out, 0, 2)
}

pub fn describe_rs(sim: &Sim, rs: &ReplicaSet) -> String {
    let now = sim.now_ms();
    let mut out = String::new();
    out.push_str(&format!("Name:\t{}\n", rs.name));
    out.push_str("Namespace:\tdefault\n");
    out.push_str(&format!("Selector:\t{}\n", labels_string(&rs.selector)));
    map_lines(&mut out, "", "Labels", &rs.labels, "=", &[]);
    map_lines(&mut out, "", "Annotations", &rs.annotations, ": ", &[]);
    out.push_str(&format!("Controlled By:\tDeployment/{}\n", rs.owner));
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
    let rs = sim.replica_set(&p.owner_rs);
    let mut out = String::new();
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
    map_lines(&mut out, "", "Labels", &p.labels, "=", &[]);
    map_lines(&mut out, "", "Annotations", &p.annotations, ": ", &[]);
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
    out.push_str("Containers:\n");
    let containers: Vec<Container> = rs
        .map(|r| r.template.spec.containers.clone())
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
        if p.restart_count > 0 {
            if let Some(t) = p.last_termination_ms {
                let info = kubelet_last_state(sim, p);
                out.push_str("    Last State:\tTerminated\n");
                out.push_str(&format!("      Reason:\t{}\n", info.0));
                out.push_str(&format!("      Exit Code:\t{}\n", info.1));
                out.push_str(&format!("      Finished:\t{}\n", rfc1123z(t)));
            }
        }
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
            if let Some(m) = &c.memory_limit {
                out.push_str("    Limits:\n");
                out.push_str(&format!("      memory:\t{m}\n"));
            }
            if let Some(pr) = &c.readiness_probe {
                out.push_str(&format!("    Readiness:\t{}\n", probe_text(pr)));
            }
            if c.env.is_empty() {
                out.push_str("    Environment:\t<none>\n");
            } else {
                out.push_str("    Environment:\n");
                for e in &c.env {
                    out.push_str(&format!("      {}:\t{}\n", e.name, e.value));
                }
            }
        }
        out.push_str("    Mounts:\t<none>\n");
    }
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
    out.push_str("Volumes:\t<none>\n");
    out.push_str(&format!("QoS Class:\t{}\n", qos_class(&containers)));
    out.push_str("Node-Selectors:\t<none>\n");
    out.push_str("Tolerations:\tnode.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n");
    out.push_str("\tnode.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n");
    let events: Vec<&Event> = sim.events().for_object("pod", &p.name).collect();
    out.push_str(&events_section(&events, now));
    tabwrite(&out, 0, 2)
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
