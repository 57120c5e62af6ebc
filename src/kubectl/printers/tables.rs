//! The `get` tables: each kind's columns and cells (shared with `kubesim serve`'s
//! Tables) and the events table.

use super::text::*;
use crate::sim::events::Event;
use crate::sim::*;

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

/// The columns labels add to a table: `-L KEY` (a column per key, headed by the
/// key's last `/` part, upper-cased, as kubectl's `formatLabelHeaders`) and then
/// `--show-labels` (LABELS, every label).
#[derive(Clone, Copy, Default)]
pub struct LabelColumns<'a> {
    pub keys: &'a [String],
    pub show_all: bool,
}

impl LabelColumns<'_> {
    pub fn extend_header(&self, header: &mut Vec<String>) {
        for k in self.keys {
            header.push(k.rsplit('/').next().unwrap_or(k).to_ascii_uppercase());
        }
        if self.show_all {
            header.push("LABELS".into());
        }
    }

    pub fn extend_row(&self, row: &mut Vec<String>, labels: &Labels) {
        for k in self.keys {
            row.push(labels.get(k).cloned().unwrap_or_default());
        }
        if self.show_all {
            row.push(labels_string(labels));
        }
    }
}

/// A table before tabwriter: its header and rows.
pub struct Grid {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    pub fn new(header: &[&str], rows: Vec<Vec<String>>) -> Grid {
        Grid {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows,
        }
    }

    pub fn text(&self) -> String {
        let header: Vec<&str> = self.header.iter().map(String::as_str).collect();
        table(&header, &self.rows)
    }
}

pub fn pods_grid(pods: &[&Pod], now: TimeMs, wide: bool, prefix: &str) -> Grid {
    let mut header: Vec<String> = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
        .map(String::from)
        .to_vec();
    if wide {
        header.extend(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"].map(String::from));
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
            r
        })
        .collect();
    Grid { header, rows }
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

pub fn rs_grid(rss: &[&ReplicaSet], now: TimeMs, wide: bool, prefix: &str) -> Grid {
    let mut header: Vec<String> = ["NAME", "DESIRED", "CURRENT", "READY", "AGE"]
        .map(String::from)
        .to_vec();
    if wide {
        header.extend(["CONTAINERS", "IMAGES", "SELECTOR"].map(String::from));
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
            r
        })
        .collect();
    Grid { header, rows }
}

pub fn deploy_grid(ds: &[&Deployment], now: TimeMs, wide: bool, prefix: &str) -> Grid {
    let mut header: Vec<String> = ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
        .map(String::from)
        .to_vec();
    if wide {
        header.extend(["CONTAINERS", "IMAGES", "SELECTOR"].map(String::from));
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
            r
        })
        .collect();
    Grid { header, rows }
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

/// The node's columns and its row (`get nodes`, and `kubesim serve`'s Table).
pub const NODE_COLUMNS: [&str; 5] = ["NAME", "STATUS", "ROLES", "AGE", "VERSION"];

pub fn node_cells(name: String, age: String) -> Vec<String> {
    let version = crate::kubectl::KUBECTL_VERSION.into();
    vec![name, "Ready".into(), "control-plane".into(), age, version]
}

/// `get svc`'s columns (`-o wide` adds SELECTOR).
pub const SERVICE_COLUMNS: [&str; 6] = [
    "NAME",
    "TYPE",
    "CLUSTER-IP",
    "EXTERNAL-IP",
    "PORT(S)",
    "AGE",
];

/// printService's cells: `80/TCP`, `80:30080/TCP` with a node port.
pub fn service_cells(s: &Service, name: String, age: String, wide: bool) -> Vec<String> {
    let ports: Vec<String> = s
        .spec
        .ports
        .iter()
        .map(|p| match p.node_port {
            0 => format!("{}/{}", p.port, p.protocol),
            n => format!("{}:{n}/{}", p.port, p.protocol),
        })
        .collect();
    let external = match s.spec.type_ {
        ServiceType::LoadBalancer => "<pending>",
        _ => "<none>",
    };
    let mut cells = vec![
        name,
        s.spec.type_.as_str().to_string(),
        s.cluster_ip_text(),
        external.to_string(),
        if ports.is_empty() {
            "<none>".to_string()
        } else {
            ports.join(",")
        },
        age,
    ];
    if wide {
        cells.push(match s.spec.selector.is_empty() {
            true => "<none>".to_string(),
            false => labels_string(&s.spec.selector),
        });
    }
    cells
}

pub fn service_grid(ss: &[&Service], now: TimeMs, wide: bool, prefix: &str) -> Grid {
    let mut header = SERVICE_COLUMNS.to_vec();
    if wide {
        header.push("SELECTOR");
    }
    let rows = ss
        .iter()
        .map(|s| {
            service_cells(
                s,
                format!("{prefix}{}", s.name),
                age(now, s.creation_ms),
                wide,
            )
        })
        .collect();
    Grid::new(&header, rows)
}

/// `formatEndpoints`: up to three ready `ip:port`, then `+ N more...`.
pub fn endpoints_cell(eps: &[Endpoint]) -> String {
    let ready: Vec<&Endpoint> = eps.iter().filter(|e| e.ready && !e.terminating).collect();
    if eps.iter().all(|e| e.terminating) {
        return "<none>".to_string();
    }
    let ports = eps
        .iter()
        .find(|e| !e.terminating)
        .map_or(0, |e| e.ports.len());
    let mut list = Vec::new();
    let mut count = 0;
    for i in 0..ports.max(1) {
        count += ready.len();
        for e in &ready {
            if list.len() == 3 {
                break;
            }
            list.push(match e.ports.get(i) {
                Some((_, port, _)) => format!("{}:{port}", e.ip),
                None => e.ip.clone(),
            });
        }
    }
    let text = list.join(",");
    if count > 3 {
        format!("{text} + {} more...", count - 3)
    } else {
        text
    }
}

pub fn endpoints_grid(ss: &[&Service], sim: &Sim, prefix: &str) -> Grid {
    let rows = ss
        .iter()
        .map(|s| {
            let eps = sim.endpoints(s);
            vec![
                format!("{prefix}{}", s.name),
                endpoints_cell(&eps),
                age(sim.now_ms(), s.creation_ms),
            ]
        })
        .collect();
    Grid::new(&["NAME", "ENDPOINTS", "AGE"], rows)
}

/// `listWithMoreString`: up to three items, then `+ N more...`; `<unset>` for none.
fn up_to_three(items: Vec<String>) -> String {
    let more = items.len().saturating_sub(3);
    let text = items.into_iter().take(3).collect::<Vec<_>>().join(",");
    match (more, text.is_empty()) {
        (0, true) => "<unset>".to_string(),
        (0, false) => text,
        (n, _) => format!("{text} + {n} more..."),
    }
}

pub fn slices_grid(ss: &[&Service], sim: &Sim, prefix: &str) -> Grid {
    let rows = ss
        .iter()
        .map(|s| {
            let eps = sim.endpoints(s);
            let ports = eps.first().map_or(Vec::new(), |e| {
                e.ports.iter().map(|(_, p, _)| p.to_string()).collect()
            });
            let addresses = eps.iter().map(|e| e.ip.clone()).collect();
            vec![
                format!("{prefix}{}", s.slice_name),
                "IPv4".to_string(),
                up_to_three(ports),
                up_to_three(addresses),
                age(sim.now_ms(), s.creation_ms),
            ]
        })
        .collect();
    Grid::new(&["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], rows)
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

pub fn events_grid(events: &[&Event], now: TimeMs) -> Grid {
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
    Grid::new(&["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], rows)
}
