//! The node `minikube` and its lease as the API serves them: capacity,
//! conditions, addresses and system info as a fresh minikube reports them; the
//! lease the kubelet renews every 10 seconds.

use super::time::rfc3339;
use super::value::{Map, Value};
use crate::json;
use crate::sim::minikube::NODE_CAPACITY;
use crate::sim::TimeMs;

pub const NODE_UID: &str = "0b4d6ad2-5c5e-4c39-9b1f-6a3c1b1c0001";

/// The node's conditions: (type, status, reason, message), in the kubelet's order.
pub const NODE_CONDITIONS: [(&str, &str, &str, &str); 4] = [
    (
        "MemoryPressure",
        "False",
        "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available",
    ),
    (
        "DiskPressure",
        "False",
        "KubeletHasNoDiskPressure",
        "kubelet has no disk pressure",
    ),
    (
        "PIDPressure",
        "False",
        "KubeletHasSufficientPID",
        "kubelet has sufficient PID available",
    ),
    (
        "Ready",
        "True",
        "KubeletReady",
        "kubelet is posting ready status",
    ),
];

/// (field, value) of the node's system info, as `describe node` lists it.
pub const NODE_INFO: [(&str, &str); 10] = [
    ("machineID", "3bd4c5e06a3e4d5c8f6b2a1d9e0c7b42"),
    ("systemUUID", "6a1f2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b"),
    ("bootID", "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"),
    ("kernelVersion", "6.1.0"),
    ("osImage", "Ubuntu 22.04.5 LTS"),
    ("operatingSystem", "linux"),
    ("architecture", "amd64"),
    ("containerRuntimeVersion", "docker://27.4.1"),
    ("kubeletVersion", crate::sim::minikube::KUBELET_VERSION),
    ("kubeProxyVersion", ""),
];

/// The annotations kubeadm and the node controller give minikube's node.
pub const NODE_ANNOTATIONS: [(&str, &str); 3] = [
    (
        "kubeadm.alpha.kubernetes.io/cri-socket",
        "unix:///var/run/cri-dockerd.sock",
    ),
    ("node.alpha.kubernetes.io/ttl", "0"),
    (
        "volumes.kubernetes.io/controller-managed-attach-detach",
        "true",
    ),
];

pub const NODE_LABELS: [(&str, &str); 4] = [
    ("kubernetes.io/hostname", "minikube"),
    ("kubernetes.io/os", "linux"),
    ("minikube.k8s.io/name", "minikube"),
    ("node-role.kubernetes.io/control-plane", ""),
];

fn pairs(list: &[(&str, &str)]) -> Value {
    let m: Map = list
        .iter()
        .map(|(k, v)| (k.to_string(), Value::from(*v)))
        .collect();
    Value::Object(m)
}

/// The kubelet's last heartbeat: it posts its status when something changes, and
/// at least every 5 minutes.
pub fn heartbeat_ms(now: TimeMs) -> TimeMs {
    now - now % 300_000
}

/// The lease's renew time: the kubelet renews it every 10 seconds.
pub fn renew_ms(now: TimeMs) -> TimeMs {
    now - now % 10_000
}

pub fn node_json(now: TimeMs) -> Value {
    let t0 = rfc3339(0);
    let beat = rfc3339(heartbeat_ms(now));
    let conditions: Vec<Value> = NODE_CONDITIONS
        .iter()
        .map(|(kind, status, reason, message)| {
            json!({"type": kind, "status": status, "lastHeartbeatTime": beat, "lastTransitionTime": t0, "reason": reason, "message": message})
        })
        .collect();
    json!({"apiVersion": "v1", "kind": "Node", "metadata": {
        "name": "minikube", "uid": NODE_UID, "creationTimestamp": t0,
        "labels": pairs(&NODE_LABELS), "annotations": pairs(&NODE_ANNOTATIONS)},
      "spec": {"podCIDR": "10.244.0.0/24", "podCIDRs": Value::Array(vec![json!("10.244.0.0/24")])},
      "status": {
        "capacity": pairs(&NODE_CAPACITY), "allocatable": pairs(&NODE_CAPACITY),
        "conditions": Value::Array(conditions),
        "addresses": [{"type": "InternalIP", "address": crate::sim::NODE_IP}, {"type": "Hostname", "address": "minikube"}],
        "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
        "nodeInfo": pairs(&NODE_INFO)}})
}

/// `kube-node-lease/minikube`, which the kubelet holds and renews.
pub fn lease_json(now: TimeMs) -> Value {
    let renew = rfc3339(renew_ms(now)).replace('Z', ".000000Z");
    json!({"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {
        "name": "minikube", "namespace": "kube-node-lease", "uid": "0b4d6ad2-5c5e-4c39-9b1f-6a3c1b1c0005",
        "creationTimestamp": rfc3339(0),
        "ownerReferences": Value::Array(vec![json!({"apiVersion": "v1", "kind": "Node", "name": "minikube", "uid": NODE_UID})])},
      "spec": {"holderIdentity": "minikube", "leaseDurationSeconds": 40, "renewTime": renew}})
}
