//! What a fresh minikube v1.35 cluster runs before the learner types anything:
//! the kube-system pods (its control plane as static pods, CoreDNS, kube-proxy and
//! the storage provisioner), all Running and ready since the cluster started.
//! They are fixed: no controller, kubelet step or random draw touches them, so
//! seeds and the simulated pods' names and IPs are what they were without them
//! (CoreDNS holds 10.244.0.2; the learner's first pod gets 10.244.0.3, as on
//! minikube). `owner_rs` names the controller that made the pod (a ReplicaSet,
//! the kube-proxy DaemonSet) or is empty for a static pod.

use super::objects::*;
use std::rc::Rc;

pub const SYSTEM_NAMESPACE: &str = "kube-system";

/// The namespaces minikube starts with, in name order.
pub const NAMESPACES: [&str; 4] = ["default", "kube-node-lease", "kube-public", "kube-system"];

/// (name, owner, labels, container, image, pod IP or None for the node's network)
type Fixture = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
    Option<u32>,
);

const CONTROL_PLANE: &str = "control-plane";

const PODS: [Fixture; 7] = [
    (
        "coredns-674b8bbfcf-8qf4d",
        "coredns-674b8bbfcf",
        &[("k8s-app", "kube-dns"), ("pod-template-hash", "674b8bbfcf")],
        "coredns",
        "registry.k8s.io/coredns/coredns:v1.12.0",
        Some(2),
    ),
    (
        "etcd-minikube",
        "",
        &[("component", "etcd"), ("tier", CONTROL_PLANE)],
        "etcd",
        "registry.k8s.io/etcd:3.5.21-0",
        None,
    ),
    (
        "kube-apiserver-minikube",
        "",
        &[("component", "kube-apiserver"), ("tier", CONTROL_PLANE)],
        "kube-apiserver",
        "registry.k8s.io/kube-apiserver:v1.33.1",
        None,
    ),
    (
        "kube-controller-manager-minikube",
        "",
        &[
            ("component", "kube-controller-manager"),
            ("tier", CONTROL_PLANE),
        ],
        "kube-controller-manager",
        "registry.k8s.io/kube-controller-manager:v1.33.1",
        None,
    ),
    (
        "kube-proxy-4xk7m",
        "kube-proxy",
        &[
            ("controller-revision-hash", "7bb84c4984"),
            ("k8s-app", "kube-proxy"),
            ("pod-template-generation", "1"),
        ],
        "kube-proxy",
        "registry.k8s.io/kube-proxy:v1.33.1",
        None,
    ),
    (
        "kube-scheduler-minikube",
        "",
        &[("component", "kube-scheduler"), ("tier", CONTROL_PLANE)],
        "kube-scheduler",
        "registry.k8s.io/kube-scheduler:v1.33.1",
        None,
    ),
    (
        "storage-provisioner",
        "",
        &[
            ("addonmanager.kubernetes.io/mode", "Reconcile"),
            ("integration-test", "storage-provisioner"),
        ],
        "storage-provisioner",
        "gcr.io/k8s-minikube/storage-provisioner:v5",
        None,
    ),
];

fn system_pod(i: usize, f: &Fixture) -> Pod {
    let (name, owner, labels, container, image, ip) = *f;
    Pod {
        // Far from the simulator's ids, which count up from 1.
        id: PodId::MAX - i as u64,
        name: name.into(),
        namespace: SYSTEM_NAMESPACE,
        host_network: ip.is_none(),
        uid: 0x6b1d_0000_4000_8000_0000_0000_0000_0000 | i as u128,
        owner_rs: owner.into(),
        labels: Rc::new(
            labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ),
        annotations: Rc::default(),
        creation_ms: 0,
        node_name: Some(super::kubelet::NODE_NAME),
        pod_ip: ip,
        phase: PodPhase::Running,
        container: ContainerState::Running { started_ms: 0 },
        container_names: Rc::new(vec![container.into()]),
        images: Rc::new(vec![image.into()]),
        pull_always: Rc::new(vec![false]),
        ready: true,
        ready_since_ms: Some(0),
        available: true,
        restart_count: 0,
        last_termination_ms: None,
        deletion_ms: None,
        grace_period_seconds: 30,
        readiness_probe: None,
        memory_limit: None,
        env: Rc::default(),
    }
}

thread_local! {
    static SYSTEM_PODS: &'static [Pod] =
        Vec::leak(PODS.iter().enumerate().map(|(i, f)| system_pod(i, f)).collect());
}

/// minikube's kube-system pods, in name order.
pub fn system_pods() -> &'static [Pod] {
    SYSTEM_PODS.with(|p| *p)
}

/// The kube-system pod named `name`.
pub fn system_pod_named(name: &str) -> Option<&'static Pod> {
    system_pods().iter().find(|p| &*p.name == name)
}

/// The node's capacity (its allocatable is the same: minikube reserves nothing),
/// in the order `describe node` prints resources (by name).
pub const NODE_CAPACITY: [(&str, &str); 6] = [
    ("cpu", "2"),
    ("ephemeral-storage", "61202244Ki"),
    ("hugepages-1Gi", "0"),
    ("hugepages-2Mi", "0"),
    ("memory", "3912532Ki"),
    ("pods", "110"),
];

type ResourceList = &'static [(&'static str, &'static str)];

/// The kube-system pods' resources as their manifests ask for them: (pod name,
/// requests, limits); the others ask for none.
const SYSTEM_RESOURCES: [(&str, ResourceList, ResourceList); 5] = [
    (
        "coredns-674b8bbfcf-8qf4d",
        &[("cpu", "100m"), ("memory", "70Mi")],
        &[("memory", "170Mi")],
    ),
    (
        "etcd-minikube",
        &[("cpu", "100m"), ("memory", "100Mi")],
        &[],
    ),
    ("kube-apiserver-minikube", &[("cpu", "250m")], &[]),
    ("kube-controller-manager-minikube", &[("cpu", "200m")], &[]),
    ("kube-scheduler-minikube", &[("cpu", "100m")], &[]),
];

/// A kube-system pod's (requests, limits).
pub fn system_pod_resources(name: &str) -> (ResourceList, ResourceList) {
    SYSTEM_RESOURCES
        .iter()
        .find(|(n, ..)| *n == name)
        .map_or((&[], &[]), |(_, r, l)| (*r, *l))
}

/// The kubelet's version (the API server's and kubectl's are the same).
pub const KUBELET_VERSION: &str = "v1.33.1";
