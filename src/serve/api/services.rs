//! Services and bare Pods written through the API: create, update (PUT and the
//! three patches) and delete, decoded and validated as `kubectl apply -f`
//! decodes a file, and answered as the API server answers (the stored object, or
//! its Status).

use super::*;
use crate::manifest::{Document, PodManifest, ServiceManifest};

impl Api {
    /// A write to a Service (create, update with PUT or PATCH, delete) or to a
    /// bare pod (create, PATCH; pods are deleted as every pod is).
    pub(super) fn object_write(
        &mut self,
        req: &Request,
        r: Res,
        ns: &str,
        name: Option<&str>,
    ) -> Reply {
        match (r, req.method.as_str(), name) {
            (Res::Service, "POST", None) => self.create_service(req, ns),
            (Res::Service, "PATCH" | "PUT", Some(n)) => self.write_service(req, ns, n),
            (Res::Service, "DELETE", Some(n)) => self.delete_service(req, ns, n),
            (Res::Pod, "POST", None) => self.create_pod(req, ns),
            (Res::Pod, "PATCH", Some(n)) => self.patch_pod(req, ns, n),
            (Res::Namespace, "POST", None) => self.create_namespace(req),
            (Res::Namespace, "DELETE", Some(n)) => self.delete_namespace(req, n),
            _ => method_not_allowed(),
        }
    }

    /// The Service or Pod (`res`) in a request's body, as the API server decodes
    /// it under `fieldValidation` (see [`decode`]): a Warn answers with a warning
    /// for each unknown field.
    fn decode_object(&mut self, object: &J, req: &Request, res: Res) -> Result<Document, Reply> {
        let text = serde_json::to_string(object).expect("JSON");
        let validation = req.param("fieldValidation").unwrap_or("Strict");
        let tolerant = validation == "Warn" || validation == "Ignore";
        let name = object
            .pointer("/metadata/name")
            .and_then(J::as_str)
            .unwrap_or("")
            .to_string();
        let docs = manifest::parse_objects(&text, tolerant)
            .map_err(|e| manifest_status_of(res, &e, &name))?;
        let document = match docs.into_iter().next() {
            Some(Ok(d @ (Document::Service(_) | Document::Pod(_)))) => d,
            Some(Err(e)) => return Err(manifest_status_of(res, &e.error, &name)),
            _ => {
                return Err(bad_request(format!(
                    "the request body is not a v1 {}",
                    res.kind()
                )))
            }
        };
        let unknown = match &document {
            Document::Service(m) => &m.unknown_fields,
            Document::Pod(m) => &m.unknown_fields,
            Document::Deployment(m) => &m.unknown_fields,
        };
        if validation == "Warn" {
            let warn = |f: &String| format!("unknown field {f:?}");
            self.warnings.extend(unknown.iter().map(warn));
        }
        Ok(document)
    }

    fn decode_service(&mut self, object: &J, req: &Request) -> Result<ServiceManifest, Reply> {
        match self.decode_object(object, req, Res::Service)? {
            Document::Service(m) => Ok(m),
            _ => Err(bad_request("the request body is not a v1 Service")),
        }
    }

    fn decode_pod(&mut self, object: &J, req: &Request) -> Result<PodManifest, Reply> {
        match self.decode_object(object, req, Res::Pod)? {
            Document::Pod(m) => Ok(m),
            _ => Err(bad_request("the request body is not a v1 Pod")),
        }
    }

    fn create_service(&mut self, req: &Request, ns: &str) -> Reply {
        let body = match parse_body(req) {
            Ok(b) => b,
            Err(e) => return e,
        };
        if let Some(refused) = only_default(ns) {
            return refused;
        }
        let m = match self.decode_service(&body, req) {
            Ok(m) => m,
            Err(e) => return e,
        };
        if dry_run(req) {
            return match self
                .sim
                .service_to_create(&m.name, m.labels, m.annotations, m.spec)
            {
                Ok(s) => {
                    let mut v = manifest::service::service_json(&s);
                    super::super::store::shift_times(&mut v, self.store.shift_s);
                    Reply::Json(201, v)
                }
                Err(e) => sim_status_of(Res::Service, &e, &m.name),
            };
        }
        let made = self
            .sim
            .create_service(&m.name, m.labels, m.annotations, m.spec);
        if let Err(e) = made {
            return sim_status_of(Res::Service, &e, &m.name);
        }
        self.refresh();
        let stored = self.store.get(Res::Service, ns, &m.name).cloned();
        Reply::Json(201, stored.unwrap_or(J::Null))
    }

    /// PUT, or a patch applied to the stored Service, then written as an update.
    fn write_service(&mut self, req: &Request, ns: &str, name: &str) -> Reply {
        let body = match parse_body(req) {
            Ok(b) => b,
            Err(e) => return e,
        };
        let Some(mut object) = self.store.get(Res::Service, ns, name).cloned() else {
            return not_found(Res::Service, name);
        };
        if req.method == "PUT" {
            object = body;
        } else if let Err(e) = apply_patch(&req.content_type, &mut object, &body) {
            return e;
        }
        crate::value::sort_keys(&mut object);
        let m = match self.decode_service(&object, req) {
            Ok(m) => m,
            Err(e) => return e,
        };
        let dry = dry_run(req);
        let written = self.on_sim(dry, |s| {
            s.update_service(name, m.labels, m.annotations, m.spec)
        });
        match written {
            Err(e) => sim_status_of(Res::Service, &e, name),
            Ok(s) if dry => {
                let mut v = manifest::service::service_json(&s);
                super::super::store::shift_times(&mut v, self.store.shift_s);
                Reply::Json(200, v)
            }
            Ok(_) => {
                self.refresh();
                let stored = self.store.get(Res::Service, ns, name).cloned();
                Reply::Json(200, stored.unwrap_or(J::Null))
            }
        }
    }

    fn delete_service(&mut self, req: &Request, ns: &str, name: &str) -> Reply {
        let Some(object) = self.store.get(Res::Service, ns, name).cloned() else {
            return not_found(Res::Service, name);
        };
        if ns != "default" || crate::sim::is_fixed_service(name) {
            return status(
                405,
                "MethodNotAllowed",
                format!("the playground keeps minikube's own Service {name:?}"),
                J::Null,
            );
        }
        let dry = dry_run(req);
        if let Err(e) = self.on_sim(dry, |s| s.delete_service(name)) {
            return sim_status_of(Res::Service, &e, name);
        }
        if !dry {
            self.refresh();
        }
        // A Service goes at once: the API server answers with the object as it was.
        Reply::Json(200, object)
    }

    /// A bare pod (`kubectl run`, a Pod manifest).
    fn create_pod(&mut self, req: &Request, ns: &str) -> Reply {
        let body = match parse_body(req) {
            Ok(b) => b,
            Err(e) => return e,
        };
        if let Some(refused) = only_default(ns) {
            return refused;
        }
        let m = match self.decode_pod(&body, req) {
            Ok(m) => m,
            Err(e) => return e,
        };
        let dry = dry_run(req);
        let made = self.on_sim(dry, |s| s.create_bare_pod(&m.name, m.template));
        if let Err(e) = made {
            return sim_status_of(Res::Pod, &e, &m.name);
        }
        if dry {
            return Reply::Json(201, body);
        }
        self.refresh();
        let stored = self.store.get(Res::Pod, ns, &m.name).cloned();
        Reply::Json(201, stored.unwrap_or(J::Null))
    }

    /// A patch of a bare pod: labels and annotations change; a spec that differs
    /// from the running pod's is refused, as the playground changes no pod in place.
    fn patch_pod(&mut self, req: &Request, ns: &str, name: &str) -> Reply {
        let body = match parse_body(req) {
            Ok(b) => b,
            Err(e) => return e,
        };
        let Some(mut object) = self.store.get(Res::Pod, ns, name).cloned() else {
            return not_found(Res::Pod, name);
        };
        let before = object.clone();
        if let Err(e) = apply_patch(&req.content_type, &mut object, &body) {
            return e;
        }
        let same_spec = before.get("spec") == object.get("spec");
        let labels = string_map(object.pointer("/metadata/labels"));
        let owner = self
            .sim
            .pod(name)
            .and_then(|p| self.sim.replica_set(&p.owner_rs));
        if owner.is_some_and(|rs| !crate::sim::selector_matches(&rs.selector, &labels)) {
            let why = "the playground does not release a pod from its ReplicaSet";
            return status(
                422,
                "Invalid",
                format!("Pod {name:?} is invalid: metadata.labels: Forbidden: {why}"),
                J::Null,
            );
        }
        if !same_spec {
            return status(
                422,
                "Invalid",
                format!("Pod {name:?} is invalid: spec: Forbidden: the playground does not change a pod's spec in place"),
                json!({"name": name, "kind": "Pod", "causes": [{"reason": "FieldValueForbidden", "message": "Forbidden: the playground does not change a pod's spec in place", "field": "spec"}]}),
            );
        }
        let annotations = string_map(object.pointer("/metadata/annotations"));
        let dry = dry_run(req);
        self.on_sim(dry, |s| s.relabel_pod(name, labels, annotations));
        if !dry {
            self.refresh();
        }
        let stored = self.store.get(Res::Pod, ns, name).cloned();
        Reply::Json(
            200,
            if dry {
                object
            } else {
                stored.unwrap_or(J::Null)
            },
        )
    }

    fn create_namespace(&mut self, req: &Request) -> Reply {
        let body = match parse_body(req) {
            Ok(b) => b,
            Err(e) => return e,
        };
        let name = body
            .pointer("/metadata/name")
            .and_then(J::as_str)
            .unwrap_or("")
            .to_string();
        if let Some(cause) = crate::kubectl::namespace_name_error(&name) {
            let e = manifest::ManifestError::Invalid {
                name: name.clone(),
                causes: vec![cause],
            };
            return manifest_status_of(Res::Namespace, &e, &name);
        }
        let dry = dry_run(req);
        if let Err(e) = self.on_sim(dry, |s| s.create_namespace(&name)) {
            return sim_status_of(Res::Namespace, &e, &name);
        }
        if dry {
            return Reply::Json(201, body);
        }
        self.refresh();
        let stored = self.store.get(Res::Namespace, "", &name).cloned();
        Reply::Json(201, stored.unwrap_or(J::Null))
    }

    fn delete_namespace(&mut self, req: &Request, name: &str) -> Reply {
        let Some(object) = self.store.get(Res::Namespace, "", name).cloned() else {
            return not_found(Res::Namespace, name);
        };
        if let Some(why) = crate::kubectl::namespace_immortal(name) {
            return status(
                403,
                "Forbidden",
                why,
                json!({"name": name, "kind": "namespaces"}),
            );
        }
        let dry = dry_run(req);
        if let Err(e) = self.on_sim(dry, |s| s.delete_namespace(name)) {
            return sim_status_of(Res::Namespace, &e, name);
        }
        if !dry {
            self.refresh();
        }
        Reply::Json(200, object)
    }
}

/// A JSON object of strings as labels (other values are not labels).
fn string_map(v: Option<&J>) -> crate::sim::Labels {
    v.and_then(J::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .collect()
}
