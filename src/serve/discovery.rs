//! What kubectl asks before it asks for objects: `/version`, API discovery (legacy
//! and aggregated) and the OpenAPI v3 documents kubectl's field validation reads.
//! Built from one table of resources, so every form of discovery agrees.
//!
//! It must not touch the cluster.

use crate::kubectl::KUBECTL_VERSION;
use serde_json::{json, Value as J};

/// One resource the server serves.
pub struct Resource {
    pub group: &'static str,
    pub name: &'static str,
    pub singular: &'static str,
    pub kind: &'static str,
    pub namespaced: bool,
    pub short_names: &'static [&'static str],
    pub categories: &'static [&'static str],
    pub verbs: &'static [&'static str],
    /// Subresources: (name, group, version, kind, verbs).
    pub subresources: &'static [(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static [&'static str],
    )],
}

const RW: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];
const RO: &[&str] = &["get", "list", "watch"];

pub const RESOURCES: &[Resource] = &[
    Resource {
        group: "",
        name: "pods",
        singular: "pod",
        kind: "Pod",
        namespaced: true,
        short_names: &["po"],
        categories: &["all"],
        verbs: RW,
        subresources: &[("log", "", "v1", "Pod", &["get"])],
    },
    Resource {
        group: "",
        name: "events",
        singular: "event",
        kind: "Event",
        namespaced: true,
        short_names: &["ev"],
        categories: &[],
        verbs: RO,
        subresources: &[],
    },
    Resource {
        group: "",
        name: "services",
        singular: "service",
        kind: "Service",
        namespaced: true,
        short_names: &["svc"],
        categories: &["all"],
        verbs: RW,
        subresources: &[],
    },
    Resource {
        group: "",
        name: "endpoints",
        singular: "endpoints",
        kind: "Endpoints",
        namespaced: true,
        short_names: &["ep"],
        categories: &[],
        verbs: RO,
        subresources: &[],
    },
    Resource {
        group: "coordination.k8s.io",
        name: "leases",
        singular: "lease",
        kind: "Lease",
        namespaced: true,
        short_names: &[],
        categories: &[],
        verbs: RO,
        subresources: &[],
    },
    Resource {
        group: "discovery.k8s.io",
        name: "endpointslices",
        singular: "endpointslice",
        kind: "EndpointSlice",
        namespaced: true,
        short_names: &[],
        categories: &[],
        verbs: RO,
        subresources: &[],
    },
    Resource {
        group: "",
        name: "namespaces",
        singular: "namespace",
        kind: "Namespace",
        namespaced: false,
        short_names: &["ns"],
        categories: &[],
        verbs: &[
            "create", "delete", "get", "list", "patch", "update", "watch",
        ],
        subresources: &[],
    },
    Resource {
        group: "",
        name: "nodes",
        singular: "node",
        kind: "Node",
        namespaced: false,
        short_names: &["no"],
        categories: &[],
        verbs: RO,
        subresources: &[],
    },
    Resource {
        group: "apps",
        name: "deployments",
        singular: "deployment",
        kind: "Deployment",
        namespaced: true,
        short_names: &["deploy"],
        categories: &["all"],
        verbs: RW,
        subresources: &[
            (
                "scale",
                "autoscaling",
                "v1",
                "Scale",
                &["get", "patch", "update"],
            ),
            (
                "status",
                "apps",
                "v1",
                "Deployment",
                &["get", "patch", "update"],
            ),
        ],
    },
    Resource {
        group: "apps",
        name: "replicasets",
        singular: "replicaset",
        kind: "ReplicaSet",
        namespaced: true,
        short_names: &["rs"],
        categories: &["all"],
        verbs: RO,
        subresources: &[("scale", "autoscaling", "v1", "Scale", &["get"])],
    },
];

pub fn resource(group: &str, name: &str) -> Option<&'static Resource> {
    RESOURCES
        .iter()
        .find(|r| r.group == group && r.name == name)
}

pub fn version() -> J {
    json!({
        "major": "1",
        "minor": "33",
        "gitVersion": KUBECTL_VERSION,
        "gitCommit": "8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828",
        "gitTreeState": "clean",
        "buildDate": "2025-05-15T08:19:08Z",
        "goVersion": "go1.24.2",
        "compiler": "gc",
        "platform": "linux/amd64",
    })
}

fn group_version(group: &str) -> String {
    if group.is_empty() {
        "v1".into()
    } else {
        format!("{group}/v1")
    }
}

/// Short names and categories, when the resource has any (both discovery forms).
fn put_names(o: &mut J, r: &Resource) {
    if !r.short_names.is_empty() {
        o["shortNames"] = json!(r.short_names);
    }
    if !r.categories.is_empty() {
        o["categories"] = json!(r.categories);
    }
}

/// `GET /api/v1` and `GET /apis/apps/v1`: an `APIResourceList`.
pub fn resource_list(group: &str) -> J {
    let mut items = Vec::new();
    for r in RESOURCES.iter().filter(|r| r.group == group) {
        let mut o = json!({
            "name": r.name,
            "singularName": r.singular,
            "namespaced": r.namespaced,
            "kind": r.kind,
            "verbs": r.verbs,
        });
        put_names(&mut o, r);
        items.push(o);
        for (sub, g, v, kind, verbs) in r.subresources {
            let mut s = json!({
                "name": format!("{}/{sub}", r.name),
                "singularName": "",
                "namespaced": r.namespaced,
                "kind": kind,
                "verbs": verbs,
            });
            if *g != r.group {
                s["group"] = json!(g);
                s["version"] = json!(v);
            }
            items.push(s);
        }
    }
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version(group), "resources": items})
}

/// The API groups besides the legacy one, each at `v1`.
pub const NAMED_GROUPS: [&str; 3] = ["apps", "coordination.k8s.io", "discovery.k8s.io"];

pub fn api_versions(host: &str) -> J {
    json!({"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": host}]})
}

pub fn group_list() -> J {
    let groups: Vec<J> = NAMED_GROUPS
        .iter()
        .map(|g| {
            let gv = json!({"groupVersion": format!("{g}/v1"), "version": "v1"});
            json!({"name": g, "versions": [gv.clone()], "preferredVersion": gv})
        })
        .collect();
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

/// The media type that tells kubectl a discovery reply is aggregated.
pub const AGGREGATED_TYPE: &str =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

/// `GET /api` or `/apis` with the aggregated-discovery Accept header: every
/// resource of the legacy group (`/api`) or of the named groups (`/apis`) at once.
pub fn aggregated(legacy: bool) -> J {
    let groups: &[&str] = if legacy { &[""] } else { &NAMED_GROUPS };
    let items: Vec<J> = groups
        .iter()
        .map(|g| {
            let resources: Vec<J> = RESOURCES
                .iter()
                .filter(|r| r.group == *g)
                .map(|r| {
                    let mut o = json!({
                        "resource": r.name,
                        "responseKind": {"group": r.group, "version": "v1", "kind": r.kind},
                        "scope": if r.namespaced { "Namespaced" } else { "Cluster" },
                        "singularResource": r.singular,
                        "verbs": r.verbs,
                    });
                    put_names(&mut o, r);
                    if !r.subresources.is_empty() {
                        o["subresources"] = r
                            .subresources
                            .iter()
                            .map(|(sub, g, v, kind, verbs)| {
                                json!({"subresource": sub, "responseKind": {"group": g, "version": v, "kind": kind}, "verbs": verbs})
                            })
                            .collect();
                    }
                    o
                })
                .collect();
            json!({
                "metadata": {"name": g, "creationTimestamp": null},
                "versions": [{"version": "v1", "resources": resources, "freshness": "Current"}],
            })
        })
        .collect();
    json!({"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": {}, "items": items})
}

/// `GET /openapi/v3`: where each group version's document is.
pub fn openapi_index() -> J {
    json!({"paths": {
        "api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=ROLLOUTPLAYGROUND1"},
        "apis/apps/v1": {"serverRelativeURL": "/openapi/v3/apis/apps/v1?hash=ROLLOUTPLAYGROUND1"},
        "apis/coordination.k8s.io/v1": {"serverRelativeURL": "/openapi/v3/apis/coordination.k8s.io/v1?hash=ROLLOUTPLAYGROUND1"},
        "apis/discovery.k8s.io/v1": {"serverRelativeURL": "/openapi/v3/apis/discovery.k8s.io/v1?hash=ROLLOUTPLAYGROUND1"},
    }})
}

/// `GET /openapi/v3/api/v1` or `/openapi/v3/apis/apps/v1`: enough of the document
/// for kubectl to see that PATCH takes `fieldValidation` (so it lets this server
/// validate, strictly, as an API server does). The PATCH operations declare no
/// request body, so kubectl computes strategic merge patches from its own
/// built-in types, as it does for every built-in kind.
pub fn openapi_group(group: &str) -> Option<J> {
    if !group.is_empty() && !NAMED_GROUPS.contains(&group) {
        return None;
    }
    let prefix = if group.is_empty() {
        "/api/v1".to_string()
    } else {
        format!("/apis/{group}/v1")
    };
    let mut paths = serde_json::Map::new();
    for r in RESOURCES.iter().filter(|r| r.group == group) {
        let path = if r.namespaced {
            format!("{prefix}/namespaces/{{namespace}}/{}/{{name}}", r.name)
        } else {
            format!("{prefix}/{}/{{name}}", r.name)
        };
        paths.insert(
            path,
            json!({"patch": {
                "x-kubernetes-group-version-kind": {"group": r.group, "version": "v1", "kind": r.kind},
                "x-kubernetes-action": "patch",
                "parameters": [
                    {"name": "dryRun", "in": "query", "schema": {"type": "string"}},
                    {"name": "fieldManager", "in": "query", "schema": {"type": "string"}},
                    {"name": "fieldValidation", "in": "query", "schema": {"type": "string"}},
                ],
            }}),
        );
    }
    Some(json!({
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": KUBECTL_VERSION},
        "paths": paths,
        "components": {"schemas": {}},
    }))
}
