//! Go's `encoding/json` over an object decoded into its Go struct: what kubectl
//! prints for an object it read from a file and never sent (`set image --local -o
//! json|yaml`) or built itself (`create deployment --dry-run=client -o json|yaml`).
//! Fields come out in the struct's order; a zero `omitempty` field drops out, a
//! struct held by value never does (`resources: {}`, `status: {}`), a zero time is
//! `null` (`creationTimestamp: null`); fields the struct lacks are dropped; maps are
//! sorted by key. The structs are those generated from the Kubernetes source
//! (`sim::spew_schema`); a type it does not expand is carried as the file wrote it.
//!
//! It must not validate or default: `--local` does neither (that is the API
//! server's work), and type errors are the decoder's (`super::parse_local`).

use super::time::{parse_rfc3339, rfc3339_unix};
use crate::sim::go_types::{scalar_kind, struct_fields, GoField};
use crate::value::{self, Map, Value};

/// `v` (the JSON a file decoded to; None: the field is absent) as Go encodes the
/// value of type `ty` (a reflect type string such as `v1.Deployment`) that `v`
/// decodes into.
pub fn encode(ty: &str, v: Option<&Value>) -> Value {
    // Go's decoder leaves a field at its zero value for `null`.
    let v = v.filter(|v| !v.is_null());
    if let Some(elem) = ty.strip_prefix('*') {
        return v.map_or(Value::Null, |v| encode(elem, Some(v)));
    }
    if let Some(elem) = ty.strip_prefix("[]") {
        return match v {
            Some(Value::Array(items)) => {
                Value::Array(items.iter().map(|i| encode(elem, Some(i))).collect())
            }
            _ => Value::Null,
        };
    }
    if let Some(rest) = ty.strip_prefix("map[") {
        let elem = rest.split_once(']').map_or("string", |(_, e)| e);
        return map(elem, v);
    }
    match ty {
        "v1.ResourceList" => map("resource.Quantity", v),
        // metav1.Time marshals a zero time as null and any other at whole seconds, UTC.
        "v1.Time" => match v {
            Some(Value::String(s)) => {
                parse_rfc3339(s).map_or_else(|| s.as_str().into(), |t| rfc3339_unix(t).into())
            }
            _ => Value::Null,
        },
        "intstr.IntOrString" => match v {
            Some(v) => int(v),
            None => Value::from(0),
        },
        // Printed in its canonical form (`0.5` as `500m`); the decoder has already
        // refused what a Quantity cannot read.
        "resource.Quantity" => match v {
            Some(v) => super::quantity::of_json(v).map_or_else(|_| v.clone(), Value::from),
            None => "0".into(),
        },
        _ => match struct_fields(ty) {
            Some(fields) => {
                let mut out = Map::new();
                for f in fields {
                    if f.json == "_" {
                        if let Value::Object(inline) = encode(f.ty, v) {
                            out.extend(inline);
                        }
                        continue;
                    }
                    let field = v.and_then(|v| v.get(&f.json));
                    let e = encode(f.ty, field);
                    if !(f.omitempty && is_empty(f.ty, &e)) {
                        out.insert(f.json, e);
                    }
                }
                Value::Object(out)
            }
            None => match (scalar_kind(ty), v) {
                (Some("i"), Some(v)) => int(v),
                (_, Some(v)) => v.clone(),
                (Some("s"), None) => "".into(),
                (Some("b"), None) => false.into(),
                (Some(_), None) => Value::from(0),
                (None, None) => Value::Null,
            },
        },
    }
}

/// A map's entries sorted by key, as Go marshals a map.
fn map(elem: &str, v: Option<&Value>) -> Value {
    match v {
        Some(Value::Object(m)) => {
            let mut keys: Vec<&String> = m.keys().collect();
            crate::order::sort_by(&mut keys, |a, b| a.cmp(b));
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), encode(elem, m.get(k))))
                    .collect(),
            )
        }
        _ => Value::Null,
    }
}

/// A whole number as an integer (YAML's `1e3` decodes into an int32 as 1000).
fn int(v: &Value) -> Value {
    match v {
        Value::Number(n) => value::as_int(n).map_or_else(|| v.clone(), Value::from),
        _ => v.clone(),
    }
}

/// Whether Go's `omitempty` leaves out this encoded value of type `ty`: nil
/// pointers, empty slices and maps, zero scalars; never a struct held by value.
fn is_empty(ty: &str, v: &Value) -> bool {
    if ty.starts_with('*')
        || ty.starts_with("[]")
        || ty.starts_with("map[")
        || ty == "v1.ResourceList"
    {
        return match v {
            Value::Null => true,
            Value::Array(a) => a.is_empty(),
            Value::Object(m) => m.is_empty() && !ty.starts_with('*'),
            _ => false,
        };
    }
    match (scalar_kind(ty), v) {
        (Some(_), Value::String(s)) => s.is_empty(),
        (Some(_), Value::Bool(b)) => !b,
        (Some(_), Value::Number(n)) => n.as_f64() == Some(0.0),
        _ => false,
    }
}

/// The fields `v` holds that Go's struct `ty` lacks, named as the API server's
/// strict decoding (sigs.k8s.io/json) names them, `spec.template.spec.containers[0].x`,
/// in the order the document holds them. Types the schema does not expand are
/// not looked into.
pub fn unknown_fields(ty: &str, v: &Value, path: &str, out: &mut Vec<String>) {
    if let Some(elem) = ty.strip_prefix('*') {
        return unknown_fields(elem, v, path, out);
    }
    if let Some(elem) = ty.strip_prefix("[]") {
        if let Value::Array(items) = v {
            for (i, item) in items.iter().enumerate() {
                unknown_fields(elem, item, &format!("{path}[{i}]"), out);
            }
        }
        return;
    }
    let (Value::Object(m), Some(known)) = (v, fields_inline(ty)) else {
        return;
    };
    for (k, child) in m {
        let field = if path.is_empty() {
            k.clone()
        } else {
            format!("{path}.{k}")
        };
        match known.iter().find(|f| f.json == *k) {
            Some(f) => unknown_fields(f.ty, child, &field, out),
            None => out.push(field),
        }
    }
}

/// The fields a JSON object of struct `ty` holds, an embedded struct's inline
/// (TypeMeta's kind and apiVersion, Volume's VolumeSource), if the schema expands it.
fn fields_inline(ty: &str) -> Option<Vec<GoField>> {
    let mut fields = Vec::new();
    for f in struct_fields(ty)? {
        if f.json == "_" {
            fields.extend(struct_fields(f.ty).into_iter().flatten());
        } else {
            fields.push(f);
        }
    }
    Some(fields)
}

/// How Go's `encoding/json` names a JSON value it cannot decode (`cannot unmarshal
/// string into ...`); a number headed for an integer field is named with its value.
pub fn json_kind(v: &Value, into_integer: bool) -> String {
    match v {
        Value::String(_) => "string".to_string(),
        Value::Number(n) if into_integer => format!("number {}", value::number_text(n)),
        Value::Number(_) => "number".to_string(),
        Value::Bool(_) => "bool".to_string(),
        Value::Array(_) => "array".to_string(),
        Value::Object(_) => "object".to_string(),
        Value::Null => "null".to_string(),
    }
}

/// Field `json` of struct `ty` as the API server keeps it after decoding `v` into
/// the struct and encoding it again: None where Go leaves it out (a field the struct
/// lacks, which the decoder drops, or a zero `omitempty` one).
pub fn field(ty: &str, json: &str, v: &Value) -> Option<Value> {
    let f = struct_fields(ty)?.find(|f| f.json == json)?;
    let e = encode(f.ty, Some(v));
    (!(f.omitempty && is_empty(f.ty, &e))).then_some(e)
}

/// The first value in `v` that Go's decoder cannot put in a `ty` (a field of the
/// struct `parent`, at `path`), as `encoding/json` words it: `cannot unmarshal string
/// into Go struct field PodSpec.spec.template.spec.volumes of type []v1.Volume`.
/// Paths carry no indices, as Go's do not. A quantity gives apimachinery's error.
/// Types the schema does not expand, times and int-or-strings are not looked into.
pub fn type_error(ty: &str, v: &Value, parent: &str, path: &str) -> Option<String> {
    let elem = ty.trim_start_matches('*');
    let fits = match (v, elem) {
        (Value::Null, _) => return None,
        // A Quantity refuses what it cannot read in its own words.
        (_, "resource.Quantity") => return super::quantity::of_json(v).err().map(String::from),
        (_, "v1.Time" | "intstr.IntOrString") => return None,
        (Value::Array(items), _) if elem.starts_with("[]") => {
            return items
                .iter()
                .find_map(|i| type_error(&elem[2..], i, parent, path));
        }
        (Value::Object(m), _) if elem.starts_with("map[") || elem == "v1.ResourceList" => {
            let value_ty = elem.split_once(']').map_or("string", |(_, t)| t);
            return m.values().find_map(|i| {
                type_error(
                    if elem == "v1.ResourceList" {
                        "resource.Quantity"
                    } else {
                        value_ty
                    },
                    i,
                    parent,
                    path,
                )
            });
        }
        (Value::Object(m), _) if struct_fields(elem).is_some() => {
            let name = elem.rsplit('.').next().unwrap_or(elem);
            let fields = fields_inline(elem).unwrap_or_default();
            return m.iter().find_map(|(k, child)| {
                let f = fields.iter().find(|f| f.json == *k)?;
                type_error(f.ty, child, name, &format!("{path}.{k}"))
            });
        }
        (Value::String(_), _) => scalar_kind(elem) == Some("s"),
        (Value::Bool(_), _) => scalar_kind(elem) == Some("b"),
        (Value::Number(n), _) => match scalar_kind(elem) {
            Some("i") => value::as_int(n).is_some(),
            Some("f") => true,
            _ => false,
        },
        _ => false,
    };
    if fits
        || (scalar_kind(elem).is_none()
            && struct_fields(elem).is_none()
            && !elem.starts_with(['[', 'm']))
    {
        return None;
    }
    let got = json_kind(v, scalar_kind(elem) == Some("i"));
    Some(format!(
        "json: cannot unmarshal {got} into Go struct field {parent}.{path} of type {elem}"
    ))
}
