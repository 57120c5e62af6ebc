//! Services and what the endpoint controllers make of them: a Service stores its
//! spec with the cluster IP and node ports the API server allocated; its
//! endpoints are not stored but read from the pods its selector picks, so they
//! follow readiness at every instant (the Endpoints and EndpointSlice
//! controllers' output, without their batching delay).
//!
//! The API server's allocations come from the simulator's one random stream:
//! a cluster IP in minikube's 10.96.0.0/12 (its dynamic band, above the first
//! 256 addresses), a node port in 30000-32767.

use super::*;

/// minikube's service CIDR, 10.96.0.0/12.
const SERVICE_CIDR_BASE: u32 = 0x0a60_0000;
const SERVICE_CIDR_SIZE: u32 = 1 << 20;
/// The static band the allocator leaves to IPs asked for by number.
const SERVICE_STATIC_BAND: u32 = 256;
pub const NODE_PORT_MIN: i32 = 30000;
pub const NODE_PORT_MAX: i32 = 32767;
/// The most Services the learner can make.
pub const MAX_SERVICES: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceType {
    ClusterIP,
    NodePort,
    LoadBalancer,
}

impl ServiceType {
    pub fn parse(s: &str) -> Option<ServiceType> {
        Some(match s {
            "ClusterIP" => ServiceType::ClusterIP,
            "NodePort" => ServiceType::NodePort,
            "LoadBalancer" => ServiceType::LoadBalancer,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::ClusterIP => "ClusterIP",
            ServiceType::NodePort => "NodePort",
            ServiceType::LoadBalancer => "LoadBalancer",
        }
    }

    /// Whether each port gets a node port.
    pub fn has_node_ports(self) -> bool {
        self != ServiceType::ClusterIP
    }
}

/// `targetPort`: a number, or the name of a container port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetPort {
    Number(i32),
    Name(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePort {
    pub name: String,
    pub protocol: String,
    pub port: i32,
    pub target_port: TargetPort,
    /// 0 until allocated (ClusterIP Services keep 0).
    pub node_port: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSpec {
    pub type_: ServiceType,
    /// Empty: the Service has no selector, and no endpoints are made for it.
    pub selector: Labels,
    pub ports: Vec<ServicePort>,
    pub session_affinity: String,
    /// `clusterIP: None` as written: a headless Service, with no IP.
    pub headless: bool,
    /// A cluster IP asked for by number.
    pub requested_ip: Option<u32>,
    /// `Cluster` or `Local`, for Services with node ports; empty otherwise.
    pub external_traffic_policy: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub name: String,
    pub namespace: &'static str,
    pub uid: String,
    pub labels: Labels,
    pub annotations: Labels,
    pub creation_ms: TimeMs,
    /// Counts this Service's own writes (as `Deployment::resource_version`).
    pub resource_version: u64,
    pub spec: ServiceSpec,
    /// 10.96.0.0/12 as a number; None for a headless Service.
    pub cluster_ip: Option<u32>,
    /// The EndpointSlice the controller made (`<name>-<5 random>`), and the uids of
    /// it and of the Endpoints object.
    pub slice_name: String,
    pub slice_uid: String,
    pub endpoints_uid: String,
}

impl Service {
    pub fn cluster_ip_text(&self) -> String {
        match self.cluster_ip {
            Some(n) => ipv4(n),
            None => "None".to_string(),
        }
    }
}

pub fn ipv4(n: u32) -> String {
    let b = n.to_be_bytes();
    format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
}

/// One endpoint of a Service: a pod (or, for `kubernetes`, the API server).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub ip: String,
    /// The pod: name and uid; None for the API server's own address.
    pub pod: Option<(Rc<str>, String)>,
    pub node_name: Option<&'static str>,
    pub ready: bool,
    pub serving: bool,
    pub terminating: bool,
    /// Each Service port resolved against the pod: (port name, number, protocol).
    pub ports: Vec<(String, i32, String)>,
}

impl Sim {
    /// The learner's Services, by name.
    pub fn services(&self) -> impl Iterator<Item = &Service> {
        self.services.values()
    }

    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.get(name)
    }

    /// The Service a create would store (its IP and node ports allocated from a copy
    /// of the random stream), checked but not stored: what a dry run answers.
    pub fn service_to_create(
        &self,
        name: &str,
        labels: Labels,
        annotations: Labels,
        spec: ServiceSpec,
    ) -> Result<Service, SimError> {
        self.build_service(&mut self.rng.clone(), name, labels, annotations, spec)
    }

    fn build_service(
        &self,
        rng: &mut rng::Rng,
        name: &str,
        labels: Labels,
        annotations: Labels,
        mut spec: ServiceSpec,
    ) -> Result<Service, SimError> {
        if self.services.contains_key(name) || is_fixed_service(name) {
            return Err(SimError::AlreadyExists(name.to_string()));
        }
        if self.services.len() >= MAX_SERVICES {
            return Err(SimError::TooMany(format!(
                "the playground holds at most {MAX_SERVICES} services"
            )));
        }
        let uid = format_uid(rng.u128());
        self.allocate_node_ports(&mut spec, rng, None)?;
        let cluster_ip = match (spec.headless, spec.requested_ip) {
            (true, _) => None,
            (false, Some(ip)) => Some(self.claim_cluster_ip(ip)?),
            (false, None) => Some(self.allocate_cluster_ip(rng)),
        };
        Ok(Service {
            name: name.to_string(),
            namespace: "default",
            uid,
            labels,
            annotations,
            creation_ms: self.now_ms,
            resource_version: 1,
            spec,
            cluster_ip,
            slice_name: format!("{name}-{}", rng.name_suffix(5)),
            slice_uid: format_uid(rng.u128()),
            endpoints_uid: format_uid(rng.u128()),
        })
    }

    pub fn create_service(
        &mut self,
        name: &str,
        labels: Labels,
        annotations: Labels,
        spec: ServiceSpec,
    ) -> Result<(), SimError> {
        let mut rng = self.rng.clone();
        let s = self.build_service(&mut rng, name, labels, annotations, spec)?;
        if !self.dry_run {
            self.rng = rng;
            self.services.insert(name.to_string(), s);
        }
        Ok(())
    }

    /// An update of a Service's labels, annotations and spec: its cluster IP stays,
    /// and a port that asks for no node port keeps the one it had.
    pub fn update_service(
        &mut self,
        name: &str,
        labels: Labels,
        annotations: Labels,
        spec: ServiceSpec,
    ) -> Result<Service, SimError> {
        let old = self
            .services
            .get(name)
            .ok_or_else(|| SimError::NotFound(name.to_string()))?
            .clone();
        let mut spec = spec;
        let mut rng = self.rng.clone();
        self.allocate_node_ports(&mut spec, &mut rng, Some(&old))?;
        if spec.headless != old.spec.headless
            || spec
                .requested_ip
                .is_some_and(|ip| Some(ip) != old.cluster_ip)
        {
            let asked = spec.requested_ip.map_or("None".to_string(), ipv4);
            return Err(SimError::Invalid(format!(
                "spec.clusterIPs[0]: Invalid value: []string{{{asked:?}}}: may not change once set"
            )));
        }
        let mut new = old.clone();
        (new.labels, new.annotations, new.spec) = (labels, annotations, spec);
        if !self.dry_run && new != old {
            new.resource_version += 1;
            self.rng = rng;
            self.services.insert(name.to_string(), new.clone());
        }
        Ok(new)
    }

    pub fn delete_service(&mut self, name: &str) -> Result<(), SimError> {
        if !self.services.contains_key(name) {
            return Err(SimError::NotFound(name.to_string()));
        }
        if !self.dry_run {
            self.services.remove(name);
        }
        Ok(())
    }

    /// A cluster IP asked for by number: refused outside the range or when taken.
    fn claim_cluster_ip(&self, ip: u32) -> Result<u32, SimError> {
        let text = ipv4(ip);
        if !(SERVICE_CIDR_BASE..SERVICE_CIDR_BASE + SERVICE_CIDR_SIZE).contains(&ip) {
            return Err(SimError::Invalid(format!("spec.clusterIPs: Invalid value: []string{{{text:?}}}: failed to allocate IP {text}: the provided IP ({text}) is not in the valid range. The range of valid IPs is 10.96.0.0/12")));
        }
        let taken =
            fixed_cluster_ips().contains(&ip) || self.services().any(|s| s.cluster_ip == Some(ip));
        if taken {
            return Err(SimError::Invalid(format!("spec.clusterIPs: Invalid value: []string{{{text:?}}}: failed to allocate IP {text}: provided IP is already allocated")));
        }
        Ok(ip)
    }

    fn allocate_cluster_ip(&self, rng: &mut rng::Rng) -> u32 {
        let used: Vec<u32> = self.services().filter_map(|s| s.cluster_ip).collect();
        loop {
            let offset = rng.range(SERVICE_STATIC_BAND as u64, (SERVICE_CIDR_SIZE - 1) as u64);
            let ip = SERVICE_CIDR_BASE + offset as u32;
            if !used.contains(&ip) && !fixed_cluster_ips().contains(&ip) {
                return ip;
            }
        }
    }

    /// Gives each port of a NodePort or LoadBalancer Service its node port: the one
    /// asked for (refused when taken), the one the same port had before an update,
    /// or a random free one. A ClusterIP Service's ports have none.
    fn allocate_node_ports(
        &self,
        spec: &mut ServiceSpec,
        rng: &mut rng::Rng,
        old: Option<&Service>,
    ) -> Result<(), SimError> {
        let mut used: Vec<i32> = self
            .services()
            .filter(|s| old.is_none_or(|o| o.name != s.name))
            .flat_map(|s| s.spec.ports.iter().map(|p| p.node_port))
            .filter(|&p| p != 0)
            .collect();
        if !spec.type_.has_node_ports() {
            spec.ports.iter_mut().for_each(|p| p.node_port = 0);
            return Ok(());
        }
        for i in 0..spec.ports.len() {
            let p = &spec.ports[i];
            let mut want = p.node_port;
            if want == 0 {
                want = old
                    .and_then(|o| {
                        o.spec
                            .ports
                            .iter()
                            .find(|q| q.port == p.port && q.protocol == p.protocol)
                    })
                    .map_or(0, |q| q.node_port);
            } else if !(NODE_PORT_MIN..=NODE_PORT_MAX).contains(&want) {
                return Err(SimError::Invalid(format!(
                    "spec.ports[{i}].nodePort: Invalid value: {want}: provided port is not in the valid range. The range of valid ports is {NODE_PORT_MIN}-{NODE_PORT_MAX}"
                )));
            } else if used.contains(&want) {
                return Err(SimError::Invalid(format!(
                    "spec.ports[{i}].nodePort: Invalid value: {want}: provided port is already allocated"
                )));
            }
            while want == 0 || used.contains(&want) {
                want = rng.range(NODE_PORT_MIN as u64, NODE_PORT_MAX as u64 + 1) as i32;
            }
            used.push(want);
            spec.ports[i].node_port = want;
        }
        Ok(())
    }

    /// The endpoints of `svc` now: the pods its selector picks in its namespace that
    /// have an IP and have not ended, in IP order (as text, as the controllers sort
    /// them), each with the Service's ports resolved against its containers.
    pub fn endpoints(&self, svc: &Service) -> Vec<Endpoint> {
        if let Some(fixed) = fixed_endpoints(svc) {
            return fixed;
        }
        if svc.spec.selector.is_empty() {
            return Vec::new();
        }
        let picks = |p: &&Pod| {
            p.namespace == svc.namespace
                && p.pod_ip.is_some()
                && !p.phase.is_terminal()
                && svc
                    .spec
                    .selector
                    .iter()
                    .all(|(k, v)| p.labels.get(k) == Some(v))
        };
        let system = super::minikube::system_pods().iter();
        let mut out: Vec<Endpoint> = self
            .pods()
            .chain(system)
            .filter(picks)
            .filter_map(|p| self.endpoint_of(svc, p))
            .collect();
        out.sort_by(|a, b| a.ip.cmp(&b.ip));
        out
    }

    fn endpoint_of(&self, svc: &Service, p: &Pod) -> Option<Endpoint> {
        let mut ports = Vec::new();
        for sp in &svc.spec.ports {
            let number = match &sp.target_port {
                TargetPort::Number(n) => *n,
                TargetPort::Name(name) => self.container_port_named(p, name)?,
            };
            ports.push((sp.name.clone(), number, sp.protocol.clone()));
        }
        let terminating = p.deletion_ms.is_some();
        Some(Endpoint {
            ip: p.ip()?,
            pod: Some((p.name.clone(), p.uid_string())),
            node_name: p.node_name,
            ready: p.ready && !terminating,
            serving: p.ready,
            terminating,
            ports,
        })
    }

    fn container_port_named(&self, p: &Pod, name: &str) -> Option<i32> {
        self.pod_template(p)?
            .spec
            .containers
            .iter()
            .flat_map(|c| &c.ports)
            .find(|cp| cp.name.as_deref() == Some(name))
            .map(|cp| cp.container_port as i32)
    }
}

// ----- minikube's own Services ----------------------------------------------

/// The Services minikube starts with: `kubernetes` (the API server, in `default`)
/// and `kube-dns` (CoreDNS, in kube-system).
pub fn system_services() -> &'static [Service] {
    SYSTEM_SERVICES.with(|s| *s)
}

/// A learner's Service cannot take this name in `default`.
pub fn is_fixed_service(name: &str) -> bool {
    name == "kubernetes"
}

pub fn fixed_cluster_ips() -> [u32; 2] {
    [KUBERNETES_IP, KUBE_DNS_IP]
}

const KUBERNETES_IP: u32 = 0x0a60_0001;
const KUBE_DNS_IP: u32 = 0x0a60_000a;

/// The API server's own endpoint, which it keeps for `kubernetes` itself.
pub fn fixed_endpoints(svc: &Service) -> Option<Vec<Endpoint>> {
    (svc.namespace == "default" && svc.name == "kubernetes").then(|| {
        vec![Endpoint {
            ip: super::objects::NODE_IP.to_string(),
            pod: None,
            node_name: None,
            ready: true,
            serving: true,
            terminating: false,
            ports: vec![("https".into(), 8443, "TCP".into())],
        }]
    })
}

#[allow(clippy::too_many_arguments)]
fn fixed_service(
    i: u128,
    name: &str,
    namespace: &'static str,
    labels: &[(&str, &str)],
    annotations: &[(&str, &str)],
    spec: ServiceSpec,
    ip: u32,
    slice_name: &str,
) -> Service {
    let map = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let uid = |n: u128| format_uid(0x0b4d_6ad2_5c5e_4c39_9b1f_6a3c_1b1c_0000 | n);
    Service {
        name: name.into(),
        namespace,
        uid: uid(i),
        labels: map(labels),
        annotations: map(annotations),
        creation_ms: 0,
        resource_version: 1,
        spec,
        cluster_ip: Some(ip),
        slice_name: slice_name.into(),
        slice_uid: uid(i + 0x10),
        endpoints_uid: uid(i + 0x20),
    }
}

fn system_service_list() -> Vec<Service> {
    let port = |name: &str, protocol: &str, port: i32, target: i32| ServicePort {
        name: name.into(),
        protocol: protocol.into(),
        port,
        target_port: TargetPort::Number(target),
        node_port: 0,
    };
    let spec = |selector: &[(&str, &str)], ports| ServiceSpec {
        type_: ServiceType::ClusterIP,
        selector: selector
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ports,
        session_affinity: "None".into(),
        headless: false,
        requested_ip: None,
        external_traffic_policy: String::new(),
    };
    vec![
        fixed_service(
            2,
            "kubernetes",
            "default",
            &[("component", "apiserver"), ("provider", "kubernetes")],
            &[],
            spec(&[], vec![port("https", "TCP", 443, 8443)]),
            KUBERNETES_IP,
            "kubernetes",
        ),
        fixed_service(
            4,
            "kube-dns",
            super::minikube::SYSTEM_NAMESPACE,
            &[
                ("k8s-app", "kube-dns"),
                ("kubernetes.io/cluster-service", "true"),
                ("kubernetes.io/name", "CoreDNS"),
            ],
            &[
                ("prometheus.io/port", "9153"),
                ("prometheus.io/scrape", "true"),
            ],
            spec(
                &[("k8s-app", "kube-dns")],
                vec![
                    port("dns", "UDP", 53, 53),
                    port("dns-tcp", "TCP", 53, 53),
                    port("metrics", "TCP", 9153, 9153),
                ],
            ),
            KUBE_DNS_IP,
            "kube-dns-x9p2k",
        ),
    ]
}

thread_local! {
    static SYSTEM_SERVICES: &'static [Service] =
        Vec::leak(system_service_list());
}
