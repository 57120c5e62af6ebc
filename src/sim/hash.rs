//! `ComputeHash` for pod templates, as the deployment controller computes the
//! `pod-template-hash`: FNV-1a 32 over go-spew's `%#v` dump of the defaulted v1
//! `PodTemplateSpec` (`DeepHashObject`), the collision count appended as upstream
//! does, then `rand.SafeEncodeString` of the decimal sum. ReplicaSet and pod names
//! are therefore those a real cluster gives the same template.
//!
//! The dump walks the template as the API server stores it (`stored.rs`)
//! through the Go struct definitions in [`super::spew_schema`], generated from the
//! upstream source by `tools/spew-schema.py`: every field in Go order, typed as
//! spew types it, nil pointers, slices and maps as `(T)<nil>`. What it cannot know
//! exactly (the inside of a `resource.Quantity`) it still writes deterministically,
//! so such templates get stable names that differ from a cluster's.
//!
//! It must not read anything but the template: same template, same name.

use super::go_types::{scalar_kind, struct_fields};
use super::objects::PodTemplate;
use super::rng::NAME_ALPHABET;
use crate::value::{self, Value};

pub fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= *b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The pod-template-hash of `template` (which must not carry the hash label).
pub fn compute_hash(template: &PodTemplate, collision_count: Option<i32>) -> String {
    let mut bytes = spew_dump(template).into_bytes();
    if let Some(c) = collision_count {
        // Upstream appends the uint32 little-endian in an 8-byte buffer.
        bytes.extend_from_slice(&(c as u32).to_le_bytes());
        bytes.extend_from_slice(&[0, 0, 0, 0]);
    }
    encode_hash(fnv1a32(&bytes))
}

/// Decimal digits of `sum`, each mapped to `alphabet[digit_char mod 27]`.
pub fn encode_hash(sum: u32) -> String {
    sum.to_string()
        .bytes()
        .map(|c| NAME_ALPHABET[(c as usize) % 27] as char)
        .collect()
}

/// `spew.ConfigState{Indent: " ", SortKeys: true, DisableMethods: true,
/// SpewKeys: true}.Sprintf("%#v", template)`.
pub fn spew_dump(template: &PodTemplate) -> String {
    let json = super::stored::template_json(template);
    let mut out = String::new();
    dump("v1.PodTemplateSpec", Some(&json), true, &mut out);
    out
}

/// go-spew's formatter for one value of Go type `ty` (a reflect type string), with
/// its `(type)` prefix unless `show_type` is off (slice elements, map entries,
/// what a pointer points to). `value` is the JSON field; None is Go's zero value.
fn dump(ty: &str, value: Option<&Value>, show_type: bool, out: &mut String) {
    let value = value.filter(|v| **v != Value::Null);
    let typed = |out: &mut String| {
        if show_type {
            out.push('(');
            out.push_str(ty);
            out.push(')');
        }
    };
    if let Some(elem) = ty.strip_prefix('*') {
        let Some(v) = value else {
            typed(out);
            out.push_str("<nil>");
            return;
        };
        if show_type {
            typed(out);
        } else {
            out.push_str("<*>");
        }
        return dump(elem, Some(v), false, out);
    }
    typed(out);
    if let Some(elem) = ty.strip_prefix("[]") {
        // Decoded from protobuf, as the controller's informer decodes it, an empty
        // list is a nil slice.
        match value {
            Some(Value::Array(items)) if !items.is_empty() => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    dump(elem, Some(item), false, out);
                }
                out.push(']');
            }
            _ => out.push_str("<nil>"),
        }
        return;
    }
    if ty.starts_with("map[") || ty == "v1.ResourceList" {
        match value {
            Some(Value::Object(m)) if m.iter().next().is_some() => {
                let mut entries: Vec<(&String, &Value)> = m.iter().collect();
                crate::order::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
                out.push_str("map[");
                for (i, (k, v)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(k);
                    out.push(':');
                    scalar(v, out);
                }
                out.push(']');
            }
            _ => out.push_str("<nil>"),
        }
        return;
    }
    match ty {
        // metav1.Time embeds a time.Time; a template's is always the zero time.
        "v1.Time" => out
            .push_str("{Time:(time.Time){wall:(uint64)0 ext:(int64)0 loc:(*time.Location)<nil>}}"),
        "intstr.IntOrString" => match value {
            Some(Value::String(s)) => {
                out.push_str("{Type:(intstr.Type)1 IntVal:(int32)0 StrVal:(string)");
                out.push_str(s);
                out.push('}');
            }
            v => {
                out.push_str("{Type:(intstr.Type)0 IntVal:(int32)");
                scalar(v.unwrap_or(&Value::from(0)), out);
                out.push_str(" StrVal:(string)}");
            }
        },
        _ => match struct_fields(ty) {
            Some(fields) => {
                out.push('{');
                for (
                    i,
                    super::go_types::GoField {
                        go_name: name,
                        json,
                        ty: field_ty,
                        ..
                    },
                ) in fields.enumerate()
                {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(name);
                    out.push(':');
                    // An embedded struct with `json:",inline"` reads the same object.
                    let field = if json == "_" {
                        value
                    } else {
                        match value {
                            Some(Value::Object(m)) => m.get(&json),
                            _ => None,
                        }
                    };
                    dump(field_ty, field, true, out);
                }
                out.push('}');
            }
            None => match (scalar_kind(ty), value) {
                (Some(_), Some(v)) => scalar(v, out),
                (Some("b"), None) => out.push_str("false"),
                (Some("i" | "f"), None) => out.push('0'),
                (Some(_), None) => {}
                // A struct the schema does not expand (none of our templates hold
                // one): written so the name stays stable, not as Go would.
                (None, v) => {
                    out.push('{');
                    if let Some(v) = v {
                        out.push_str(&value::to_string(v));
                    }
                    out.push('}');
                }
            },
        },
    }
}

/// A scalar as spew's formatter writes it: strings raw, numbers in decimal.
fn scalar(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => out.push_str(s),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&value::number_text(n)),
        other => out.push_str(&value::to_string(other)),
    }
}
