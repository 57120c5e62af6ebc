//! `kubectl describe node minikube`: the node, its lease, its conditions and
//! capacity, and the pods it runs with what they request (`describeNode` and
//! `describeNodeResource`).

use super::text::*;
use crate::manifest::node::*;
use crate::manifest::quantity;
use crate::manifest::time::rfc1123z;
use crate::sim::minikube::{system_pod_resources, NODE_CAPACITY, SYSTEM_NAMESPACE};
use crate::sim::*;

/// A pod's (requests, limits), container by container, as (resource, quantity).
type Resources = (Vec<(String, String)>, Vec<(String, String)>);

fn pod_resources(sim: &Sim, p: &Pod) -> Resources {
    if p.namespace == SYSTEM_NAMESPACE {
        let (r, l) = system_pod_resources(&p.name);
        let own = |l: &[(&str, &str)]| {
            l.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        return (own(r), own(l));
    }
    let mut out: Resources = Default::default();
    for c in sim
        .pod_template(p)
        .map_or(&[][..], |t| &t.spec.containers[..])
    {
        for (key, list) in [
            ("resources.requests", &mut out.0),
            ("resources.limits", &mut out.1),
        ] {
            let map = c.extra.get(key).and_then(|t| crate::value::from_str(t));
            for (k, v) in map.iter().filter_map(|m| m.as_object()).flatten() {
                list.push((k.clone(), v.as_str().unwrap_or("").to_string()));
            }
        }
    }
    out
}

/// The sum of `name` over `list` (in nano-units, and the first one's format), as
/// `addResourceList` adds quantities.
fn total(list: &[(String, String)], name: &str) -> (i128, bool) {
    let mut sum = (0, false);
    for (i, (_, q)) in list.iter().filter(|(k, _)| k == name).enumerate() {
        let (n, binary) = quantity::nanos(q).unwrap_or((0, false));
        sum.0 += n;
        if i == 0 {
            sum.1 = binary;
        }
    }
    sum
}

/// `q (p%)`: the quantity and its share of the allocatable amount, as kubectl
/// truncates it (milli-units for CPU, units else).
fn share((nanos, binary): (i128, bool), name: &str) -> String {
    let alloc = NODE_CAPACITY
        .iter()
        .find(|(k, _)| *k == name)
        .and_then(|(_, v)| quantity::nanos(v))
        .map_or(0, |(n, _)| n);
    let unit = if name == "cpu" {
        1_000_000
    } else {
        1_000_000_000
    };
    let up = |n: i128| (n + unit - 1).div_euclid(unit);
    let pct = if alloc == 0 {
        0
    } else {
        (up(nanos) as f64 / up(alloc) as f64 * 100.0) as i64
    };
    format!("{} ({pct}%)", quantity::from_nanos(nanos, binary))
}

fn header(out: &mut String, now: TimeMs) {
    out.push_str("Name:\tminikube\nRoles:\tcontrol-plane\n");
    let map = |l: &[(&str, &str)]| -> Labels {
        l.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    super::describe::map_lines(out, "", "Labels", &map(&NODE_LABELS), "=", &[]);
    super::describe::map_lines(out, "", "Annotations", &map(&NODE_ANNOTATIONS), ": ", &[]);
    out.push_str(&format!("CreationTimestamp:\t{}\n", rfc1123z(0)));
    out.push_str("Taints:\t<none>\nUnschedulable:\tfalse\n");
    out.push_str("Lease:\n  HolderIdentity:\tminikube\n  AcquireTime:\t<unset>\n");
    out.push_str(&format!("  RenewTime:\t{}\n", rfc1123z(renew_ms(now))));
    out.push_str(
        "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
    );
    out.push_str("  ----\t------\t-----------------\t------------------\t------\t-------\n");
    let (beat, t0) = (rfc1123z(heartbeat_ms(now)), rfc1123z(0));
    for (kind, status, reason, message) in NODE_CONDITIONS {
        out.push_str(&format!(
            "  {kind} \t{status} \t{beat} \t{t0} \t{reason} \t{message}\n"
        ));
    }
    out.push_str(&format!(
        "Addresses:\n  InternalIP:\t{NODE_IP}\n  Hostname:\tminikube\n"
    ));
    for title in ["Capacity", "Allocatable"] {
        out.push_str(&format!("{title}:\n"));
        for (k, v) in NODE_CAPACITY {
            out.push_str(&format!("  {k}:\t{v}\n"));
        }
    }
    out.push_str("System Info:\n");
    let titles = [
        "Machine ID",
        "System UUID",
        "Boot ID",
        "Kernel Version",
        "OS Image",
        "Operating System",
        "Architecture",
        "Container Runtime Version",
        "Kubelet Version",
        "Kube-Proxy Version",
    ];
    for (title, (_, v)) in titles.iter().zip(NODE_INFO) {
        out.push_str(&format!("  {title}:\t{v}\n"));
    }
    out.push_str("PodCIDR:\t10.244.0.0/24\nPodCIDRs:\t10.244.0.0/24\n");
}

pub fn describe_node(sim: &Sim) -> String {
    let now = sim.now_ms();
    let mut out = String::new();
    header(&mut out, now);
    // The pods bound to the node that have not ended, as the API lists them (by
    // namespace, then name).
    let mut pods: Vec<&Pod> = sim
        .pods()
        .chain(minikube::system_pods())
        .filter(|p| p.node_name.is_some() && !p.phase.is_terminal())
        .collect();
    crate::order::sort_by(&mut pods, |a, b| {
        (a.namespace, &*a.name).cmp(&(b.namespace, &*b.name))
    });
    out.push_str(&format!(
        "Non-terminated Pods:\t({} in total)\n",
        pods.len()
    ));
    out.push_str(
        "  Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    out.push_str(
        "  ---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let mut all: Resources = Default::default();
    for p in &pods {
        let (req, lim) = pod_resources(sim, p);
        out.push_str(&format!(
            "  {}\t{}\t\t{}\t{}\t{}\t{}\t{}\n",
            p.namespace,
            p.name,
            share(total(&req, "cpu"), "cpu"),
            share(total(&lim, "cpu"), "cpu"),
            share(total(&req, "memory"), "memory"),
            share(total(&lim, "memory"), "memory"),
            super::tables::age(now, p.creation_ms)
        ));
        all.0.extend(req);
        all.1.extend(lim);
    }
    out.push_str(
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    out.push_str("  Resource\tRequests\tLimits\n  --------\t--------\t------\n");
    for name in [
        "cpu",
        "memory",
        "ephemeral-storage",
        "hugepages-1Gi",
        "hugepages-2Mi",
    ] {
        let (r, l) = (total(&all.0, name), total(&all.1, name));
        out.push_str(&format!(
            "  {name}\t{}\t{}\n",
            share(r, name),
            share(l, name)
        ));
    }
    out.push_str("Events:\t<none>\n");
    tabwrite(&out, 0, 2)
}
