//! Kubernetes' protobuf request bodies, read into the JSON object the same request
//! would have carried as `application/json`.
//!
//! client-go's typed clients send built-in objects as
//! `application/vnd.kubernetes.protobuf` and do not fall back to JSON when a
//! server refuses it (a 415 is final), so `kubectl create deployment` against
//! `kubesim serve` needs this. The envelope is `k8s\0` and a `runtime.Unknown`
//! (typeMeta, raw); `raw` is the object in the field numbers of
//! k8s.io/api's and apimachinery's `generated.proto`, of which [`DEPLOYMENT`]
//! lists the ones the simulator acts on.
//!
//! It must not guess: a field it does not know that carries a value is refused
//! with its number and message (send JSON instead), never dropped; a zero value
//! is what Go's marshaller writes for every unset non-pointer field, and reads as
//! absent, as `omitempty` JSON would. It never encodes: replies stay JSON, which
//! every client accepts. Bounded by the body limit the caller enforces; the
//! schema is a tree, so nesting is bounded by it too.

use serde_json::{Map, Value as J};

/// How one field reads.
#[derive(Clone, Copy)]
enum Kind {
    Str,
    /// A non-pointer number or bool in Go: zero means unset.
    Int,
    Bool,
    /// A pointer (`*int32`) in Go: present on the wire means set, zero included.
    IntPtr,
    Msg(&'static [Field]),
    /// An embedded struct whose fields JSON writes in the parent (`Probe.handler`).
    Inline(&'static [Field]),
    Msgs(&'static [Field]),
    Strs,
    /// `map<string, string>`.
    StrMap,
    /// `map<string, Quantity>`: a Quantity is `{string = 1}`, JSON's plain string.
    Quantities,
    IntOrString,
    /// `metav1.Time`; a client's create sends it empty (JSON `null`).
    Time,
}

type Field = (u32, &'static str, Kind);

use Kind::*;

const OBJECT_META: &[Field] = &[
    (1, "name", Str),
    (2, "generateName", Str),
    (3, "namespace", Str),
    (5, "uid", Str),
    (6, "resourceVersion", Str),
    (7, "generation", Int),
    (8, "creationTimestamp", Time),
    (9, "deletionTimestamp", Time),
    (11, "labels", StrMap),
    (12, "annotations", StrMap),
    (14, "finalizers", Strs),
];
const REQUIREMENT: &[Field] = &[(1, "key", Str), (2, "operator", Str), (3, "values", Strs)];
const LABEL_SELECTOR: &[Field] = &[
    (1, "matchLabels", StrMap),
    (2, "matchExpressions", Msgs(REQUIREMENT)),
];
const CONTAINER_PORT: &[Field] = &[
    (1, "name", Str),
    (2, "hostPort", Int),
    (3, "containerPort", Int),
    (4, "protocol", Str),
    (5, "hostIP", Str),
];
const ENV_VAR: &[Field] = &[(1, "name", Str), (2, "value", Str)];
const RESOURCES: &[Field] = &[(1, "limits", Quantities), (2, "requests", Quantities)];
const EXEC: &[Field] = &[(1, "command", Strs)];
const HTTP_GET: &[Field] = &[
    (1, "path", Str),
    (2, "port", IntOrString),
    (3, "host", Str),
    (4, "scheme", Str),
];
const TCP_SOCKET: &[Field] = &[(1, "port", IntOrString), (2, "host", Str)];
const PROBE_HANDLER: &[Field] = &[
    (1, "exec", Msg(EXEC)),
    (2, "httpGet", Msg(HTTP_GET)),
    (3, "tcpSocket", Msg(TCP_SOCKET)),
];
const PROBE: &[Field] = &[
    (1, "handler", Inline(PROBE_HANDLER)),
    (2, "initialDelaySeconds", Int),
    (3, "timeoutSeconds", Int),
    (4, "periodSeconds", Int),
    (5, "successThreshold", Int),
    (6, "failureThreshold", Int),
];
const CONTAINER: &[Field] = &[
    (1, "name", Str),
    (2, "image", Str),
    (3, "command", Strs),
    (4, "args", Strs),
    (5, "workingDir", Str),
    (6, "ports", Msgs(CONTAINER_PORT)),
    (7, "env", Msgs(ENV_VAR)),
    (8, "resources", Msg(RESOURCES)),
    (10, "livenessProbe", Msg(PROBE)),
    (11, "readinessProbe", Msg(PROBE)),
    (13, "terminationMessagePath", Str),
    (14, "imagePullPolicy", Str),
    (16, "stdin", Bool),
    (17, "stdinOnce", Bool),
    (18, "tty", Bool),
    (20, "terminationMessagePolicy", Str),
    (22, "startupProbe", Msg(PROBE)),
];
const POD_SPEC: &[Field] = &[
    (2, "containers", Msgs(CONTAINER)),
    (3, "restartPolicy", Str),
    (4, "terminationGracePeriodSeconds", IntPtr),
    (6, "dnsPolicy", Str),
    (7, "nodeSelector", StrMap),
    (8, "serviceAccountName", Str),
    (9, "serviceAccount", Str),
    (10, "nodeName", Str),
    (11, "hostNetwork", Bool),
    (12, "hostPID", Bool),
    (13, "hostIPC", Bool),
    (16, "hostname", Str),
    (17, "subdomain", Str),
    (19, "schedulerName", Str),
    (20, "initContainers", Msgs(CONTAINER)),
];
const POD_TEMPLATE: &[Field] = &[
    (1, "metadata", Msg(OBJECT_META)),
    (2, "spec", Msg(POD_SPEC)),
];
const ROLLING_UPDATE: &[Field] = &[
    (1, "maxUnavailable", IntOrString),
    (2, "maxSurge", IntOrString),
];
const STRATEGY: &[Field] = &[(1, "type", Str), (2, "rollingUpdate", Msg(ROLLING_UPDATE))];
const DEPLOYMENT_SPEC: &[Field] = &[
    (1, "replicas", IntPtr),
    (2, "selector", Msg(LABEL_SELECTOR)),
    (3, "template", Msg(POD_TEMPLATE)),
    (4, "strategy", Msg(STRATEGY)),
    (5, "minReadySeconds", Int),
    (6, "revisionHistoryLimit", IntPtr),
    (7, "paused", Bool),
    (9, "progressDeadlineSeconds", IntPtr),
];
/// `apps/v1` Deployment; its status (3) is the server's to write and is ignored,
/// as the API server ignores a status sent with a create.
const DEPLOYMENT: &[Field] = &[
    (1, "metadata", Msg(OBJECT_META)),
    (2, "spec", Msg(DEPLOYMENT_SPEC)),
];
const SERVICE_PORT: &[Field] = &[
    (1, "name", Str),
    (2, "protocol", Str),
    (6, "appProtocol", Str),
    (3, "port", Int),
    (4, "targetPort", IntOrString),
    (5, "nodePort", Int),
];
const SERVICE_SPEC: &[Field] = &[
    (1, "ports", Msgs(SERVICE_PORT)),
    (2, "selector", StrMap),
    (3, "clusterIP", Str),
    (18, "clusterIPs", Strs),
    (4, "type", Str),
    (5, "externalIPs", Strs),
    (7, "sessionAffinity", Str),
    (8, "loadBalancerIP", Str),
    (10, "externalName", Str),
    (11, "externalTrafficPolicy", Str),
    (13, "publishNotReadyAddresses", Bool),
    (19, "ipFamilies", Strs),
    (17, "ipFamilyPolicy", Str),
    (22, "internalTrafficPolicy", Str),
];
/// `v1` Service (what `kubectl create service` and `expose` send); its status
/// (3) is ignored as a Deployment's is.
const SERVICE: &[Field] = &[
    (1, "metadata", Msg(OBJECT_META)),
    (2, "spec", Msg(SERVICE_SPEC)),
];
/// `v1` Namespace (`kubectl create namespace`): its spec holds finalizers only.
const NAMESPACE: &[Field] = &[
    (1, "metadata", Msg(OBJECT_META)),
    (2, "spec", Msg(&[(1, "finalizers", Strs)])),
];
const TYPE_META: &[Field] = &[(1, "apiVersion", Str), (2, "kind", Str)];

/// Why a body could not be read: `Malformed` is a 400, `Unsupported` a 415.
#[derive(Debug, PartialEq)]
pub enum ProtoError {
    Malformed(String),
    Unsupported(String),
}

/// One wire value: a varint, or the bytes of a length-delimited field.
enum Wire<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    /// fixed32/fixed64: no field the simulator reads uses them.
    Fixed,
}

struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn varint(&mut self) -> Result<u64, ProtoError> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = *self
                .buf
                .get(self.at)
                .ok_or_else(|| malformed("truncated varint"))?;
            self.at += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(malformed("varint longer than 10 bytes"))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ProtoError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| malformed("field runs past the end"))?;
        let s = &self.buf[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn next(&mut self) -> Result<Option<(u32, Wire<'a>)>, ProtoError> {
        if self.at >= self.buf.len() {
            return Ok(None);
        }
        let key = self.varint()?;
        let number = u32::try_from(key >> 3).map_err(|_| malformed("field number out of range"))?;
        let wire = match key & 7 {
            0 => Wire::Varint(self.varint()?),
            1 => {
                self.take(8)?;
                Wire::Fixed
            }
            2 => {
                let n = usize::try_from(self.varint()?)
                    .map_err(|_| malformed("length out of range"))?;
                Wire::Bytes(self.take(n)?)
            }
            5 => {
                self.take(4)?;
                Wire::Fixed
            }
            w => return Err(malformed(&format!("wire type {w}"))),
        };
        Ok(Some((number, wire)))
    }
}

fn malformed(why: &str) -> ProtoError {
    ProtoError::Malformed(format!(
        "the body of the request was in an unknown format: protobuf: {why}"
    ))
}

fn text(b: &[u8]) -> Result<String, ProtoError> {
    String::from_utf8(b.to_vec()).map_err(|_| malformed("string field is not UTF-8"))
}

/// Reads a `k8s\0` envelope holding an apps/v1 Deployment or a v1 Service.
pub fn decode(body: &[u8]) -> Result<J, ProtoError> {
    let unknown = body
        .strip_prefix(b"k8s\0")
        .ok_or_else(|| malformed("missing the k8s envelope"))?;
    let mut r = Reader {
        buf: unknown,
        at: 0,
    };
    let (mut type_meta, mut raw) = (Map::new(), None);
    while let Some((number, wire)) = r.next()? {
        match (number, wire) {
            (1, Wire::Bytes(b)) => type_meta = message(b, TYPE_META, "TypeMeta")?,
            (2, Wire::Bytes(b)) => raw = Some(b),
            _ => {}
        }
    }
    let kind = type_meta.get("kind").and_then(J::as_str).unwrap_or("");
    let api_version = type_meta
        .get("apiVersion")
        .and_then(J::as_str)
        .unwrap_or("");
    let schema = match (api_version, kind) {
        ("apps/v1", "Deployment") => DEPLOYMENT,
        ("v1", "Service") => SERVICE,
        // A Pod's first two fields are a template's: metadata and spec.
        ("v1", "Pod") => POD_TEMPLATE,
        ("v1", "Namespace") => NAMESPACE,
        _ => {
            return Err(ProtoError::Unsupported(format!(
                "the simulator reads protobuf only for apps/v1 Deployment and v1 Service, Pod and Namespace (got {api_version:?} {kind:?}); send application/json"
            )))
        }
    };
    let mut object = Map::new();
    object.insert("apiVersion".into(), J::from(api_version));
    object.insert("kind".into(), J::from(kind));
    object.extend(message(raw.unwrap_or_default(), schema, kind)?);
    Ok(J::Object(object))
}

fn message(buf: &[u8], schema: &'static [Field], name: &str) -> Result<Map<String, J>, ProtoError> {
    let mut out = Map::new();
    let mut r = Reader { buf, at: 0 };
    while let Some((number, wire)) = r.next()? {
        let Some(&(_, key, kind)) = schema.iter().find(|f| f.0 == number) else {
            let empty = match wire {
                Wire::Varint(v) => v == 0,
                Wire::Bytes(b) => b.is_empty(),
                Wire::Fixed => false,
            };
            if empty
                || (matches!(name, "Deployment" | "Service" | "Pod" | "Namespace") && number == 3)
            {
                continue;
            }
            return Err(ProtoError::Unsupported(format!(
                "protobuf field {number} of {name} is not simulated; send application/json"
            )));
        };
        let bad = || malformed(&format!("field {key} of {name} has the wrong wire type"));
        match (kind, wire) {
            (Str, Wire::Bytes(b)) => {
                if !b.is_empty() {
                    out.insert(key.into(), J::from(text(b)?));
                }
            }
            (Int, Wire::Varint(v)) => {
                if v != 0 {
                    out.insert(key.into(), J::from(v as i64));
                }
            }
            (IntPtr, Wire::Varint(v)) => {
                out.insert(key.into(), J::from(v as i64));
            }
            (Bool, Wire::Varint(v)) => {
                if v != 0 {
                    out.insert(key.into(), J::from(true));
                }
            }
            (Time, Wire::Bytes(b)) => {
                if !b.is_empty() {
                    return Err(ProtoError::Unsupported(format!(
                        "a set {key} is not simulated; send application/json"
                    )));
                }
                out.insert(key.into(), J::Null);
            }
            (Msg(s), Wire::Bytes(b)) => {
                let m = message(b, s, key)?;
                if !m.is_empty() {
                    out.insert(key.into(), J::Object(m));
                }
            }
            (Inline(s), Wire::Bytes(b)) => out.extend(message(b, s, key)?),
            (Msgs(s), Wire::Bytes(b)) => push(&mut out, key, J::Object(message(b, s, key)?)),
            (Strs, Wire::Bytes(b)) => push(&mut out, key, J::from(text(b)?)),
            (StrMap | Quantities, Wire::Bytes(b)) => {
                let (k, v) = entry(b, matches!(kind, Quantities))?;
                let map = out.entry(key).or_insert_with(|| J::Object(Map::new()));
                if let J::Object(m) = map {
                    m.insert(k, J::from(v));
                }
            }
            (IntOrString, Wire::Bytes(b)) => {
                if let Some(v) = int_or_string(b)? {
                    out.insert(key.into(), v);
                }
            }
            _ => return Err(bad()),
        }
    }
    Ok(out)
}

fn push(out: &mut Map<String, J>, key: &str, v: J) {
    if let J::Array(a) = out.entry(key).or_insert_with(|| J::Array(Vec::new())) {
        a.push(v);
    }
}

/// A map entry: key = 1, value = 2 (a Quantity's value is its own field 1).
fn entry(b: &[u8], quantity: bool) -> Result<(String, String), ProtoError> {
    let mut r = Reader { buf: b, at: 0 };
    let (mut k, mut v) = (String::new(), String::new());
    while let Some((number, wire)) = r.next()? {
        match (number, wire) {
            (1, Wire::Bytes(b)) => k = text(b)?,
            (2, Wire::Bytes(b)) if quantity => {
                let mut q = Reader { buf: b, at: 0 };
                while let Some((n, w)) = q.next()? {
                    if let (1, Wire::Bytes(s)) = (n, w) {
                        v = text(s)?;
                    }
                }
            }
            (2, Wire::Bytes(b)) => v = text(b)?,
            _ => return Err(malformed("map entry")),
        }
    }
    Ok((k, v))
}

/// `intstr.IntOrString`: type 0 is intVal (2), type 1 strVal (3).
fn int_or_string(b: &[u8]) -> Result<Option<J>, ProtoError> {
    let mut r = Reader { buf: b, at: 0 };
    let (mut is_string, mut int_val, mut str_val) = (false, 0i64, String::new());
    while let Some((number, wire)) = r.next()? {
        match (number, wire) {
            (1, Wire::Varint(t)) => is_string = t == 1,
            // An int32 on the wire: a negative one is sign-extended to 64 bits.
            (2, Wire::Varint(v)) => int_val = i64::from(v as i32),
            (3, Wire::Bytes(s)) => str_val = text(s)?,
            _ => return Err(malformed("IntOrString")),
        }
    }
    if b.is_empty() {
        return Ok(None);
    }
    Ok(Some(if is_string {
        J::from(str_val)
    } else {
        J::from(int_val)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_it_cannot_read() {
        assert!(matches!(decode(b"{}"), Err(ProtoError::Malformed(_))));
        assert!(matches!(
            decode(b"k8s\0\x0a\x05"),
            Err(ProtoError::Malformed(_))
        ));
        // A core/v1 Node: typeMeta {apiVersion "v1", kind "Node"}.
        assert!(matches!(
            decode(b"k8s\0\x0a\x0a\x0a\x02v1\x12\x04Node"),
            Err(ProtoError::Unsupported(_))
        ));
    }
}
