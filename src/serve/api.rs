//! The Kubernetes REST API over the simulated cluster: one request in, one reply
//! out (or a watch to open). Reads come from the [`Store`]; writes decode the
//! object kubectl sent exactly as `kubectl apply -f` decodes a file (strict, with
//! the API server's defaults and validation, in `manifest`) and go to the `Sim`
//! as the built-in commands send them. Errors are `Status` objects in the API
//! server's words, so real kubectl prints them as it prints a real cluster's.
//!
//! It must not read a clock or touch a socket (`serve::run` does both).

use super::discovery;
use super::store::{self, Change, Res, Store};
use crate::kubectl::{self, selector_matches_str, NoFiles};
use crate::manifest::patch;
use crate::manifest::{self, DeploymentManifest, ManifestError};

mod services;
use crate::sim::{Labels, Sim, SimError, TimeMs};
use serde_json::{json, Value as J};

pub struct Request {
    pub method: String,
    /// The path, percent-decoded, without the query.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub accept: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Request {
    pub fn param(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

pub enum Reply {
    Json(u16, J),
    /// JSON with a media type of its own (aggregated discovery's).
    JsonAs(u16, &'static str, J),
    Text(u16, String),
    /// Open a watch: the events to send at once, then every later change the
    /// filter matches (as a one-row Table when `table`, as `get -w` asks).
    Watch {
        filter: Filter,
        initial: Vec<J>,
        table: bool,
    },
}

/// Which objects a list or watch wants.
pub struct Filter {
    pub res: Res,
    pub namespace: Option<String>,
    pub labels: String,
    pub fields: Vec<(String, bool, String)>,
}

impl Filter {
    pub fn matches(&self, res: Res, o: &J) -> bool {
        if res != self.res {
            return false;
        }
        let text = |path: &str| -> String {
            match o.pointer(&format!("/{}", path.replace('.', "/"))) {
                Some(J::String(s)) => s.clone(),
                Some(J::Null) | None => String::new(),
                Some(other) => other.to_string(),
            }
        };
        if let Some(ns) = &self.namespace {
            if res.namespaced() && text("metadata.namespace") != *ns {
                return false;
            }
        }
        for (path, eq, want) in &self.fields {
            if (text(path) == *want) != *eq {
                return false;
            }
        }
        if self.labels.is_empty() {
            return true;
        }
        let labels: Labels = o
            .pointer("/metadata/labels")
            .and_then(J::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default();
        selector_matches_str(&self.labels, &labels).unwrap_or(false)
    }
}

pub fn status(code: u16, reason: &str, message: impl Into<String>, details: J) -> Reply {
    let mut s = json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": message.into(), "reason": reason, "code": code});
    if !details.is_null() {
        s["details"] = details;
    }
    Reply::Json(code, s)
}

pub(super) fn not_found(res: Res, name: &str) -> Reply {
    status(
        404,
        "NotFound",
        format!("{} {name:?} not found", res.qualified()),
        json!({"name": name, "group": res.group(), "kind": res.plural()}),
    )
}

/// What `exec`, `attach` and `port-forward` get, at once: they would hold a
/// connection open to a process, and a simulated pod runs none.
pub const NO_CONTAINERS: &str = "the playground's pods run no processes: exec, attach and port-forward are not simulated (try kubectl logs or kubectl describe pod)";

/// A path the API server has no route for.
fn no_route() -> Reply {
    status(
        404,
        "NotFound",
        "the server could not find the requested resource",
        J::Null,
    )
}

/// Creates anywhere but `default` are refused: the learner's objects live there.
pub(super) fn only_default(ns: &str) -> Option<Reply> {
    (ns != "default").then(|| {
        status(
            403,
            "Forbidden",
            format!("the playground simulates the \"default\" namespace only (got {ns:?})"),
            J::Null,
        )
    })
}

/// A write to what the playground changes only through its owners.
pub(super) fn read_only(r: Res) -> Reply {
    match r {
        Res::Deployment | Res::Service => method_not_allowed(),
        _ => status(
            405,
            "MethodNotAllowed",
            format!(
                "the playground changes {} only through Deployments and Services",
                r.plural()
            ),
            J::Null,
        ),
    }
}

pub(super) fn bad_request(message: impl Into<String>) -> Reply {
    status(400, "BadRequest", message, J::Null)
}

pub(super) fn method_not_allowed() -> Reply {
    status(
        405,
        "MethodNotAllowed",
        "the server does not allow this method on the requested resource",
        J::Null,
    )
}

/// A manifest error as the API server reports it.
fn manifest_status(e: &ManifestError, name: &str) -> Reply {
    manifest_status_of(Res::Deployment, e, name)
}

/// `Deployment.apps "x"`, `Service "x"`: how a Status message names an object.
fn object_name(res: Res, name: &str) -> String {
    match res.group() {
        "" => format!("{} {name:?}", res.kind()),
        g => format!("{}.{g} {name:?}", res.kind()),
    }
}

/// A manifest error about an object of `res`, as the API server reports it.
pub(super) fn manifest_status_of(res: Res, e: &ManifestError, name: &str) -> Reply {
    let (kind, group) = (res.kind(), res.group());
    match e {
        ManifestError::Invalid { name: n, causes } => {
            let n = if n.is_empty() { name } else { n };
            let causes: Vec<J> = causes
                .iter()
                .map(|c| json!({"reason": c.kind.reason(), "message": c.body(), "field": c.field}))
                .collect();
            // The API server's aggregate: one error plain, several in brackets.
            let list: Vec<String> = causes_of(e).iter().map(|c| c.to_string()).collect();
            let message = match list.len() {
                1 => format!("{} is invalid: {}", object_name(res, n), list[0]),
                _ => format!("{} is invalid: [{}]", object_name(res, n), list.join(", ")),
            };
            status(422, "Invalid", message, json!({"name": n, "group": group, "kind": kind, "causes": causes}))
        }
        ManifestError::UnknownField { all, .. } => bad_request(format!(
            "{kind} in version \"v1\" cannot be handled as a {kind}: strict decoding error: {}",
            manifest::unknown_fields_text(all)
        )),
        ManifestError::Type { message, .. } => bad_request(format!(
            "{kind} in version \"v1\" cannot be handled as a {kind}: {message}"
        )),
        ManifestError::Unsupported { path, message, .. } => status(
            422,
            "Invalid",
            format!("{} is invalid: {path}: {message}", object_name(res, name)),
            json!({"name": name, "group": group, "kind": kind, "causes": [{"reason": "FieldValueNotSupported", "message": message, "field": path}]}),
        ),
        ManifestError::UnsupportedKind { kind, api_version, .. } => bad_request(format!(
            "the playground simulates apps/v1 Deployments only (got kind {kind:?}, apiVersion {api_version:?})"
        )),
        ManifestError::NotSet { what, .. } => bad_request(format!("Object '{what}' is missing in the request body")),
        ManifestError::Syntax { problem, .. } => bad_request(problem.clone()),
    }
}

fn causes_of(e: &ManifestError) -> Vec<manifest::FieldError> {
    match e {
        ManifestError::Invalid { causes, .. } => causes.clone(),
        _ => Vec::new(),
    }
}

fn sim_status(e: &SimError, name: &str) -> Reply {
    sim_status_of(Res::Deployment, e, name)
}

pub(super) fn sim_status_of(res: Res, e: &SimError, name: &str) -> Reply {
    match e {
        SimError::AlreadyExists(n) => status(
            409,
            "AlreadyExists",
            format!("{} {n:?} already exists", res.qualified()),
            json!({"name": n, "group": res.group(), "kind": res.plural()}),
        ),
        SimError::NotFound(n) => not_found(res, n),
        SimError::TooMany(msg) | SimError::Invalid(msg) => {
            let (field, why) = msg.split_once(": ").unwrap_or(("spec", msg));
            status(
                422,
                "Invalid",
                format!("{} is invalid: {msg}", object_name(res, name)),
                json!({"name": name, "group": res.group(), "kind": res.kind(), "causes": [{"reason": "FieldValueInvalid", "message": why, "field": field}]}),
            )
        }
    }
}

fn conflict(name: &str) -> Reply {
    status(
        409,
        "Conflict",
        format!("Operation cannot be fulfilled on deployments.apps {name:?}: the object has been modified; please apply your changes to the latest version and try again"),
        json!({"name": name, "group": "apps", "kind": "deployments"}),
    )
}

/// Decodes an object as `kubectl apply -f` decodes a file: JSON is YAML, so the
/// same strict decoder, defaults and validation.
/// A write's object decoded as the API server decodes it under `fieldValidation`
/// (kubectl's `--validate`): `Strict` (kubectl's default) refuses unknown fields;
/// `Warn` and `Ignore` drop them, and `Warn` answers with a warning for each.
fn decode(
    object: &J,
    req: &Request,
    warnings: &mut Vec<String>,
) -> Result<DeploymentManifest, ManifestError> {
    let text = serde_json::to_string(object).expect("JSON");
    let validation = req.param("fieldValidation").unwrap_or("Strict");
    let docs = if validation == "Warn" || validation == "Ignore" {
        manifest::parse_tolerant(&text)?
    } else {
        manifest::parse(&text)?
    };
    let m = docs
        .into_iter()
        .next()
        .unwrap_or(Err(ManifestError::Syntax {
            line: None,
            problem: "empty request body".into(),
        }))?;
    if validation == "Warn" {
        warnings.extend(
            m.unknown_fields
                .iter()
                .map(|f| format!("unknown field {f:?}")),
        );
    }
    Ok(m)
}

pub struct Api {
    pub sim: Sim,
    pub store: Store,
    /// Changes not yet sent to watches.
    pub pending: Vec<Change>,
    pub host: String,
    /// Some watch wants Tables: each change gets its row at the instant it happens.
    pub want_tables: bool,
    /// The warnings the reply being made carries (`Warning: 299 - "..."` headers).
    pub warnings: Vec<String>,
}

/// The longest simulated jump one `advance` takes (a week).
pub const MAX_ADVANCE_MS: TimeMs = 7 * 24 * 3_600_000;

impl Api {
    pub fn new(seed: u64, shift_s: i64, host: String) -> Api {
        let sim = Sim::new(seed);
        let store = Store::new(&sim, shift_s);
        Api {
            sim,
            store,
            pending: Vec::new(),
            host,
            want_tables: false,
            warnings: Vec::new(),
        }
    }

    pub(super) fn refresh(&mut self) {
        let mut changes = self.store.refresh(&self.sim);
        if self.want_tables {
            for c in changes.iter_mut() {
                c.table = Some(store::table(&self.sim, c.res, &[&c.object], c.rv));
            }
        }
        self.pending.extend(changes);
    }

    /// Moves simulated time to `t`, one instant at a time, so each instant's
    /// changes reach watches as their own events.
    pub fn advance_to(&mut self, t: TimeMs) {
        while let Some(d) = self.sim.next_deadline() {
            if d > t {
                break;
            }
            self.sim.advance_to(d);
            self.refresh();
            if self.sim.now_ms() < d {
                break;
            }
        }
        self.sim.advance_to(t);
        self.refresh();
    }

    pub fn handle(&mut self, req: &Request) -> Reply {
        let segs: Vec<&str> = req.path.split('/').filter(|s| !s.is_empty()).collect();
        let aggregated = req.accept.contains("as=APIGroupDiscoveryList");
        let get = req.method == "GET";
        match segs.as_slice() {
            ["version"] if get => Reply::Json(200, discovery::version()),
            ["api"] if get && aggregated => {
                Reply::JsonAs(200, discovery::AGGREGATED_TYPE, discovery::aggregated(true))
            }
            ["apis"] if get && aggregated => Reply::JsonAs(
                200,
                discovery::AGGREGATED_TYPE,
                discovery::aggregated(false),
            ),
            ["api"] if get => Reply::Json(200, discovery::api_versions(&self.host)),
            ["apis"] if get => Reply::Json(200, discovery::group_list()),
            ["api", "v1"] if get => Reply::Json(200, discovery::resource_list("")),
            ["apis", g, "v1"] if get && discovery::NAMED_GROUPS.contains(g) => {
                Reply::Json(200, discovery::resource_list(g))
            }
            ["openapi", "v3"] if get => Reply::Json(200, discovery::openapi_index()),
            ["openapi", "v3", "api", "v1"] if get => {
                Reply::Json(200, discovery::openapi_group("").expect("core"))
            }
            ["openapi", "v3", "apis", g, "v1"] if get && discovery::NAMED_GROUPS.contains(g) => {
                Reply::Json(200, discovery::openapi_group(g).expect("a named group"))
            }
            ["healthz"] | ["livez"] | ["readyz"] => Reply::Text(200, "ok".into()),
            ["api", "v1", rest @ ..] => self.resource(req, "", rest),
            ["apis", g, "v1", rest @ ..] if discovery::NAMED_GROUPS.contains(g) => {
                self.resource(req, g, rest)
            }
            _ => no_route(),
        }
    }

    /// `rest`: `namespaces/NS/RES[/NAME[/SUB]]`, or `RES[/NAME]`.
    fn resource(&mut self, req: &Request, group: &str, rest: &[&str]) -> Reply {
        let (ns, res, name, sub) = match rest {
            ["namespaces", ns, res, tail @ ..] => {
                (Some(*ns), *res, tail.first().copied(), tail.get(1).copied())
            }
            [res, tail @ ..] => (None, *res, tail.first().copied(), tail.get(1).copied()),
            [] => return no_route(),
        };
        let Some(r) = Res::from_name(group, res) else {
            return no_route();
        };
        if rest.len() > 3 + 2 * usize::from(ns.is_some()) {
            return no_route();
        }
        if r.namespaced() && name.is_some() && ns.is_none() {
            return no_route();
        }
        if let Some(missing) = ns.filter(|ns| self.sim.namespace(ns).is_none()) {
            // Listing in a namespace that does not exist is empty, as it is on an
            // API server; anything else is NotFound.
            if req.method != "GET" || name.is_some() {
                return status(
                    404,
                    "NotFound",
                    format!("namespaces {missing:?} not found"),
                    json!({"name": missing, "kind": "namespaces"}),
                );
            }
        }
        let ns_s = ns.unwrap_or("");
        if r == Res::Endpoints {
            self.warnings
                .push(crate::kubectl::ENDPOINTS_DEPRECATED.to_string());
        }
        match (req.method.as_str(), name, sub) {
            ("GET", None, None) => {
                if req.param("watch").is_some_and(|w| w == "true" || w == "1") {
                    self.watch(req, r, ns)
                } else {
                    self.list(req, r, ns)
                }
            }
            ("GET", Some(n), None) => self.get_one(req, r, ns_s, n),
            ("GET", Some(n), Some("log")) if r == Res::Pod => self.logs(n, req),
            ("GET" | "POST", Some(n), Some("exec" | "attach" | "portforward")) if r == Res::Pod => {
                match self.store.get(r, ns_s, n) {
                    Some(_) => bad_request(NO_CONTAINERS),
                    None => not_found(r, n),
                }
            }
            ("GET", Some(n), Some("scale")) if r == Res::Deployment => {
                match self.scale_object(ns_s, n) {
                    Some(s) => Reply::Json(200, s),
                    None => not_found(r, n),
                }
            }
            ("POST", None, None) if r == Res::Deployment => self.create(req, ns_s),
            ("PUT", Some(n), None) if r == Res::Deployment => match parse_body(req) {
                Ok(body) => self.write(req, ns_s, n, body),
                Err(e) => e,
            },
            ("PATCH", Some(n), None) if r == Res::Deployment => self.patch(req, ns_s, n),
            ("PATCH", Some(n), Some("scale")) | ("PUT", Some(n), Some("scale"))
                if r == Res::Deployment =>
            {
                self.patch_scale(req, ns_s, n)
            }
            ("DELETE", Some(n), None) if r == Res::Deployment || r == Res::Pod => {
                self.delete(req, r, ns_s, n)
            }
            (m, _, None)
                if m != "GET" && (r.written_here() || (r == Res::Pod && m != "DELETE")) =>
            {
                self.object_write(req, r, ns_s, name)
            }
            ("POST" | "PUT" | "PATCH" | "DELETE", _, _) => read_only(r),
            _ => no_route(),
        }
    }

    /// One object, as JSON or as a Table row.
    fn get_one(&self, req: &Request, r: Res, ns: &str, name: &str) -> Reply {
        match self.store.get(r, ns, name) {
            Some(o) if wants_table(req) => {
                Reply::Json(200, store::table(&self.sim, r, &[o], self.store.rv()))
            }
            Some(o) => Reply::Json(200, o.clone()),
            None => not_found(r, name),
        }
    }

    fn filter(&self, req: &Request, res: Res, ns: Option<&str>) -> Result<Filter, Reply> {
        let labels = req.param("labelSelector").unwrap_or("").to_string();
        if let Err(e) = selector_matches_str(&labels, &Labels::new()) {
            return Err(bad_request(e));
        }
        let fields = kubectl::selector::parse_fields(req.param("fieldSelector").unwrap_or(""))
            .and_then(|terms| {
                kubectl::selector::check_field_labels(res.plural(), &terms)?;
                Ok(terms)
            })
            .map_err(bad_request)?
            .into_iter()
            .map(|t| (t.path, t.equal, t.value))
            .collect();
        Ok(Filter {
            res,
            namespace: ns.map(str::to_string),
            labels,
            fields,
        })
    }

    fn list(&self, req: &Request, res: Res, ns: Option<&str>) -> Reply {
        let filter = match self.filter(req, res, ns) {
            Ok(f) => f,
            Err(e) => return e,
        };
        let items: Vec<&J> = self
            .store
            .list(res, ns)
            .into_iter()
            .filter(|o| filter.matches(res, o))
            .collect();
        if wants_table(req) {
            return Reply::Json(200, store::table(&self.sim, res, &items, self.store.rv()));
        }
        Reply::Json(
            200,
            store::list_object(res, items.into_iter().cloned().collect(), self.store.rv()),
        )
    }

    fn watch(&self, req: &Request, res: Res, ns: Option<&str>) -> Reply {
        let filter = match self.filter(req, res, ns) {
            Ok(f) => f,
            Err(e) => return e,
        };
        let table = wants_table(req);
        // Replayed history as Tables shows each object's row as it is now (rows are
        // kept only from the moment some watch asks for Tables).
        let as_event = |kind: &str, o: &J| {
            let object = if table {
                store::table(&self.sim, res, &[o], self.store.rv())
            } else {
                o.clone()
            };
            json!({"type": kind, "object": object})
        };
        let initial = match req.param("resourceVersion").unwrap_or("") {
            "" | "0" => self
                .store
                .list(res, ns)
                .into_iter()
                .filter(|o| filter.matches(res, o))
                .map(|o| as_event("ADDED", o))
                .collect(),
            rv => {
                let Ok(rv) = rv.parse::<u64>() else {
                    return bad_request(format!("invalid resource version: {rv:?}"));
                };
                match self.store.since(rv) {
                    Some(changes) => changes
                        .into_iter()
                        .filter(|c| filter.matches(c.res, &c.object))
                        .map(|c| as_event(c.kind, &c.object))
                        .collect(),
                    None => vec![
                        json!({"type": "ERROR", "object": {"kind": "Status", "apiVersion": "v1", "metadata": {},
                        "status": "Failure", "message": format!("too old resource version: {rv} ({})", self.store.rv()), "reason": "Expired", "code": 410}}),
                    ],
                }
            }
        };
        Reply::Watch {
            filter,
            initial,
            table,
        }
    }

    fn logs(&mut self, name: &str, req: &Request) -> Reply {
        let tail_lines = req.param("tailLines");
        let tail = match tail_lines.map(str::parse::<i64>) {
            None => -1,
            Some(Ok(n)) if n >= 0 => n,
            Some(_) => {
                return bad_request(format!(
                    "tailLines: Invalid value: {:?}",
                    tail_lines.unwrap_or("")
                ))
            }
        };
        let container = req.param("container").unwrap_or("");
        if !container
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return bad_request(format!("container {container} is not valid for pod {name}"));
        }
        let since = match req.param("sinceSeconds").map(str::parse::<u64>) {
            None => 0,
            Some(Ok(n)) if n > 0 => n,
            Some(_) => return bad_request("sinceSeconds: Invalid value: must be greater than 0"),
        };
        let line =
            format!("kubectl logs {name} --tail={tail} --container={container} --since={since}s");
        let out = kubectl::run(&mut self.sim, &NoFiles, &line);
        if out.exit_code == 0 {
            return Reply::Text(200, out.stdout());
        }
        let err = out.stderr();
        let err = err.trim_end();
        if let Some(rest) = err.strip_prefix("Error from server (BadRequest): ") {
            return bad_request(rest);
        }
        if let Some(rest) = err.strip_prefix("Error from server (NotFound): ") {
            return status(404, "NotFound", rest, json!({"name": name, "kind": "pods"}));
        }
        bad_request(err.trim_start_matches("error: "))
    }

    fn scale_object(&self, ns: &str, name: &str) -> Option<J> {
        let o = self.store.get(Res::Deployment, ns, name)?;
        let d = self.sim.deployment(name)?;
        let selector: Vec<String> = d
            .spec
            .selector
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let meta = o.get("metadata")?;
        Some(json!({"kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": {"name": name, "namespace": ns, "uid": meta.get("uid"), "resourceVersion": meta.get("resourceVersion"), "creationTimestamp": meta.get("creationTimestamp")},
            "spec": {"replicas": d.spec.replicas},
            "status": {"replicas": d.status.replicas, "selector": selector.join(",")}}))
    }

    fn create(&mut self, req: &Request, ns: &str) -> Reply {
        let body = match parse_body(req) {
            Ok(b) => b,
            Err(e) => return e,
        };
        if let Some(Some(bns)) = body.pointer("/metadata/namespace").map(J::as_str) {
            if bns != ns {
                return bad_request("the namespace of the provided object does not match the namespace sent on the request");
            }
        }
        if let Some(refused) = only_default(ns) {
            return refused;
        }
        let m = match decode(&body, req, &mut self.warnings) {
            Ok(m) => m,
            Err(e) => {
                return manifest_status(
                    &e,
                    body.pointer("/metadata/name")
                        .and_then(J::as_str)
                        .unwrap_or(""),
                )
            }
        };
        if dry_run(req) {
            // What the create would store (defaulted, with its uid and time).
            let d = match self
                .sim
                .deployment_to_create(&m.name, m.labels, m.annotations, m.spec)
            {
                Ok(d) => d,
                Err(e) => return sim_status(&e, &m.name),
            };
            let mut object = crate::manifest::render::deployment_json(&d);
            crate::manifest::render::as_created(&mut object);
            super::store::shift_times(&mut object, self.store.shift_s);
            return Reply::Json(201, object);
        }
        if let Err(e) = self.sim.create_deployment(
            &m.name,
            m.labels.clone(),
            m.annotations.clone(),
            m.spec.clone(),
        ) {
            return sim_status(&e, &m.name);
        }
        self.refresh();
        Reply::Json(
            201,
            self.store
                .get(Res::Deployment, ns, &m.name)
                .cloned()
                .unwrap_or(J::Null),
        )
    }

    /// Writes `object` over Deployment `name` (PUT, and every patch once applied).
    fn write(&mut self, req: &Request, ns: &str, name: &str, object: J) -> Reply {
        let Some(live) = self.store.get(Res::Deployment, ns, name).cloned() else {
            return not_found(Res::Deployment, name);
        };
        let rv = |o: &J| {
            o.pointer("/metadata/resourceVersion")
                .and_then(J::as_str)
                .unwrap_or("")
                .to_string()
        };
        let sent = rv(&object);
        if !sent.is_empty() && sent != rv(&live) {
            return conflict(name);
        }
        match object.pointer("/metadata/name").and_then(J::as_str) {
            Some(n) if n == name => {}
            Some(n) => {
                return bad_request(format!(
                    "the name of the object ({n}) does not match the name on the URL ({name})"
                ))
            }
            None => {}
        }
        let m = match decode(&object, req, &mut self.warnings) {
            Ok(m) => m,
            Err(e) => return manifest_status(&e, name),
        };
        let Some(current) = self.sim.deployment(name).cloned() else {
            return not_found(Res::Deployment, name);
        };
        let immutable = manifest::validate_update(&current.spec.selector, &m);
        if !immutable.is_empty() {
            return manifest_status(
                &ManifestError::Invalid {
                    name: name.to_string(),
                    causes: immutable,
                },
                name,
            );
        }
        let dry = dry_run(req);
        // What the update would store, before any controller acts.
        let answer = dry.then(|| {
            crate::manifest::render::as_updated(&current, &m.labels, &m.annotations, &m.spec)
        });
        let written = self.on_sim(dry, |s| {
            s.update_deployment(name, m.labels, m.annotations, m.spec)
        });
        if let Err(e) = written {
            return sim_status(&e, name);
        }
        if let Some(mut answer) = answer {
            super::store::shift_times(&mut answer, self.store.shift_s);
            // The resourceVersion the server gave the live object, not the simulator's.
            if let Some(rv) = self
                .store
                .get(Res::Deployment, ns, name)
                .and_then(|o| o.pointer("/metadata/resourceVersion"))
                .cloned()
            {
                answer["metadata"]["resourceVersion"] = rv;
            }
            return Reply::Json(200, answer);
        }
        self.refresh();
        Reply::Json(
            200,
            self.store
                .get(Res::Deployment, ns, name)
                .cloned()
                .unwrap_or(J::Null),
        )
    }

    fn patch(&mut self, req: &Request, ns: &str, name: &str) -> Reply {
        let body = match parse_body(req) {
            Ok(b) => b,
            Err(e) => return e,
        };
        let Some(mut object) = self.store.get(Res::Deployment, ns, name).cloned() else {
            return not_found(Res::Deployment, name);
        };
        let before_rv = object.pointer("/metadata/resourceVersion").cloned();
        if let Err(e) = apply_patch(&req.content_type, &mut object, &body) {
            return e;
        }
        // The API server patches a map and marshals it, keys sorted, before it
        // decodes the result: its warnings come in that order.
        crate::value::sort_keys(&mut object);
        // A patch that names no resourceVersion applies to the live object.
        if body.pointer("/metadata/resourceVersion").is_none() {
            if let (Some(meta), Some(rv)) = (
                object.get_mut("metadata").and_then(J::as_object_mut),
                before_rv,
            ) {
                meta.insert("resourceVersion".into(), rv);
            }
        }
        self.write(req, ns, name, object)
    }

    fn patch_scale(&mut self, req: &Request, ns: &str, name: &str) -> Reply {
        let body = match parse_body(req) {
            Ok(b) => b,
            Err(e) => return e,
        };
        let Some(mut scale) = self.scale_object(ns, name) else {
            return not_found(Res::Deployment, name);
        };
        if req.method == "PUT" {
            scale = body.clone();
        } else if let Err(e) = apply_patch(&req.content_type, &mut scale, &body) {
            return e;
        }
        let Some(replicas) = scale.pointer("/spec/replicas").and_then(J::as_i64) else {
            return bad_request("Scale in version \"v1\" cannot be handled as a Scale: spec.replicas must be an integer");
        };
        if replicas < 0 {
            return status(
                422,
                "Invalid",
                format!("Scale.autoscaling {name:?} is invalid: spec.replicas: Invalid value: {replicas}: must be greater than or equal to 0"),
                json!({"name": name, "group": "autoscaling", "kind": "Scale", "causes": [{"reason": "FieldValueInvalid", "message": format!("Invalid value: {replicas}: must be greater than or equal to 0"), "field": "spec.replicas"}]}),
            );
        }
        let Some(mut d) = self.sim.deployment(name).cloned() else {
            return not_found(Res::Deployment, name);
        };
        d.spec.replicas = replicas.min(i64::from(i32::MAX)) as i32;
        let dry = dry_run(req);
        let written = self.on_sim(dry, |s| {
            s.update_deployment(name, d.labels, d.annotations, d.spec)
        });
        if let Err(e) = written {
            return sim_status(&e, name);
        }
        if !dry {
            self.refresh();
        }
        match self.scale_object(ns, name) {
            Some(s) => Reply::Json(200, s),
            None => not_found(Res::Deployment, name),
        }
    }

    /// A write to the cluster, as a dry run (`Sim::dry_run`, the mechanism
    /// kubectl's `--dry-run` uses too) when the request asks for one.
    fn on_sim<R>(&mut self, dry: bool, write: impl FnOnce(&mut Sim) -> R) -> R {
        if dry {
            self.sim.dry_run(write)
        } else {
            write(&mut self.sim)
        }
    }

    fn delete(&mut self, req: &Request, res: Res, ns: &str, name: &str) -> Reply {
        let Some(object) = self.store.get(res, ns, name).cloned() else {
            return not_found(res, name);
        };
        let dry = dry_run(req);
        // DeleteOptions in the body (kubectl's) or the query.
        let orphan = req.param("propagationPolicy") == Some("Orphan")
            || parse_body(req).is_ok_and(|b| b["propagationPolicy"] == "Orphan");
        let done = self.on_sim(dry, |s| match res {
            Res::Deployment if orphan => s.orphan_deployment(name),
            Res::Deployment => s.delete_deployment(name),
            _ => s.delete_pod(name),
        });
        if let Err(e) = done {
            return sim_status(&e, name);
        }
        if dry {
            return Reply::Json(200, object);
        }
        self.refresh();
        match self.store.get(res, ns, name) {
            // Still there (a pod's grace period): the object, being deleted.
            Some(o) => Reply::Json(200, o.clone()),
            None => Reply::Json(
                200,
                json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                    "details": {"name": name, "group": res.group(), "kind": res.plural(), "uid": object.pointer("/metadata/uid")}}),
            ),
        }
    }
}

fn wants_table(req: &Request) -> bool {
    req.accept.contains("as=Table")
}

/// `?dryRun=All`, or (DELETE) `"dryRun": ["All"]` in the body's DeleteOptions.
pub(super) fn dry_run(req: &Request) -> bool {
    req.param("dryRun").is_some_and(|d| d == "All")
        || serde_json::from_slice::<J>(&req.body)
            .ok()
            .and_then(|b| b.get("dryRun").cloned())
            .is_some_and(|d| d.as_array().is_some_and(|a| a.iter().any(|x| x == "All")))
}

pub(super) fn parse_body(req: &Request) -> Result<J, Reply> {
    if req.body.len() > 3 * 1024 * 1024 {
        return Err(status(
            413,
            "RequestEntityTooLarge",
            "the request body is larger than 3 MiB",
            J::Null,
        ));
    }
    // Typed clients (`kubectl create deployment`) send protobuf and never retry
    // with JSON.
    if req
        .content_type
        .starts_with("application/vnd.kubernetes.protobuf")
    {
        return super::protobuf::decode(&req.body).map_err(|e| match e {
            super::protobuf::ProtoError::Malformed(m) => bad_request(m),
            super::protobuf::ProtoError::Unsupported(m) => {
                status(415, "UnsupportedMediaType", m, J::Null)
            }
        });
    }
    serde_json::from_slice(&req.body).map_err(|e| {
        bad_request(format!(
            "the body of the request was in an unknown format: {e}"
        ))
    })
}

pub(super) fn apply_patch(content_type: &str, target: &mut J, patch_body: &J) -> Result<(), Reply> {
    let kind = content_type.split(';').next().unwrap_or("").trim();
    match kind {
        "application/strategic-merge-patch+json" => patch::strategic_merge(target, patch_body).map_err(bad_request),
        "application/merge-patch+json" => {
            patch::merge_patch(target, patch_body);
            Ok(())
        }
        "application/json-patch+json" => patch::json_patch(target, patch_body).map_err(|e| status(422, "Invalid", e, J::Null)),
        other => Err(status(
            415,
            "UnsupportedMediaType",
            format!("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got {other:?}; server-side apply is not simulated)"),
            J::Null,
        )),
    }
}
