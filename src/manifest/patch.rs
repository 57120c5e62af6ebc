//! The three patch forms kubectl sends: JSON merge patch (RFC 7386), JSON patch
//! (RFC 6902, through the `json-patch` crate) and Kubernetes' strategic merge
//! patch, with the directives kubectl's patches use (`$patch`, `$retainKeys`,
//! `$setElementOrder/…`, `$deleteFromPrimitiveList/…`) and the merge keys of the
//! objects this server stores (apimachinery's `strategicpatch`, for the fields of
//! Deployments and pod templates).
//!
//! It must not know the cluster: patches go from JSON to JSON. Shared by `kubesim
//! serve` and the built-in `kubectl patch`; JSON patch is native only (the page
//! says so and offers the other two).

use serde_json::{Map, Value as J};

/// RFC 7386 (the page's, in `crate::value`).
pub use crate::value::merge_patch;

/// RFC 6902; the error is the server's words.
#[cfg(not(target_arch = "wasm32"))]
pub fn json_patch(target: &mut J, patch: &J) -> Result<(), String> {
    let ops: json_patch::Patch = serde_json::from_value(patch.clone()).map_err(|e| {
        format!("the server rejected our request due to an error in our request: {e}")
    })?;
    json_patch::patch(target, &ops).map_err(|e| e.to_string())
}

/// The list fields that merge element by element, and the key they merge on
/// (`patchMergeKey` in the Go types); `None` for lists of scalars merged as sets
/// (`finalizers`). Every other list is replaced whole.
fn merge_key(field: &str) -> Option<Option<&'static str>> {
    Some(match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "env"
        | "volumes"
        | "imagePullSecrets" => Some("name"),
        "ports" => Some("containerPort"),
        "volumeMounts" => Some("mountPath"),
        "volumeDevices" => Some("devicePath"),
        "conditions" => Some("type"),
        "ownerReferences" => Some("uid"),
        "hostAliases" => Some("ip"),
        "finalizers" => None,
        _ => return None,
    })
}

/// A strategic merge patch onto `target`.
pub fn strategic_merge(target: &mut J, patch: &J) -> Result<(), String> {
    let J::Object(p) = patch else {
        return Err("invalid patch: a strategic merge patch must be a JSON object".into());
    };
    if !target.is_object() {
        *target = J::Object(Map::new());
    }
    merge_map(target.as_object_mut().expect("object"), p)
}

fn merge_map(t: &mut Map<String, J>, p: &Map<String, J>) -> Result<(), String> {
    match p.get("$patch").and_then(J::as_str) {
        Some("replace") => {
            *t = p.clone();
            t.shift_remove("$patch");
            return Ok(());
        }
        Some("delete") => {
            t.clear();
            return Ok(());
        }
        Some(other) => return Err(format!("unknown patch type: {other:?}")),
        None => {}
    }
    if let Some(J::Array(keep)) = p.get("$retainKeys") {
        let keep: Vec<&str> = keep.iter().filter_map(J::as_str).collect();
        t.retain(|k, _| keep.contains(&k.as_str()));
    }
    for (k, v) in p {
        if k.starts_with('$') {
            if let Some(field) = k.strip_prefix("$deleteFromPrimitiveList/") {
                if let (Some(J::Array(list)), J::Array(drop)) = (t.get_mut(field), v) {
                    list.retain(|x| !drop.contains(x));
                }
            }
            continue;
        }
        if v.is_null() {
            t.shift_remove(k);
            continue;
        }
        match (t.get_mut(k), v) {
            (Some(J::Object(tm)), J::Object(pm)) => merge_map(tm, pm)?,
            (Some(J::Array(tl)), J::Array(pl)) if merge_key(k).is_some() => {
                merge_list(tl, pl, merge_key(k).flatten())?
            }
            (_, J::Object(pm)) => {
                // A map where there was none: the patch, without its directives.
                let mut fresh = Map::new();
                merge_map(&mut fresh, pm)?;
                t.insert(k.clone(), J::Object(fresh));
            }
            (_, J::Array(pl)) if merge_key(k).is_some() => {
                let mut fresh = Vec::new();
                merge_list(&mut fresh, pl, merge_key(k).flatten())?;
                t.insert(k.clone(), J::Array(fresh));
            }
            _ => {
                t.insert(k.clone(), v.clone());
            }
        }
    }
    // `$setElementOrder/<list>`: the order the patched list must have.
    for (k, order) in p {
        let Some(field) = k.strip_prefix("$setElementOrder/") else {
            continue;
        };
        let (Some(J::Array(list)), J::Array(order)) = (t.get_mut(field), order) else {
            continue;
        };
        let key = merge_key(field)
            .flatten()
            .map(|k| port_key(k, &[list, order]));
        let position = |x: &J| {
            order.iter().position(|o| match key {
                Some(key) => o.get(key) == x.get(key),
                None => o == x,
            })
        };
        let mut indexed: Vec<(usize, J)> = list
            .drain(..)
            .enumerate()
            .map(|(i, x)| (position(&x).unwrap_or(order.len() + i), x))
            .collect();
        indexed.sort_by_key(|(i, _)| *i);
        list.extend(indexed.into_iter().map(|(_, x)| x));
    }
    Ok(())
}

/// `ports` merges on `containerPort` in a container and on `port` in a Service
/// (the only field name whose key depends on the struct): told by the elements.
fn port_key<'k>(key: &'k str, lists: &[&[J]]) -> &'k str {
    let service = lists
        .iter()
        .flat_map(|l| l.iter())
        .any(|x| x.get("port").is_some() && x.get("containerPort").is_none());
    if key == "containerPort" && service {
        "port"
    } else {
        key
    }
}

fn merge_list(t: &mut Vec<J>, p: &[J], key: Option<&str>) -> Result<(), String> {
    let key = key.map(|k| port_key(k, &[t, p]));
    let Some(key) = key else {
        for x in p {
            if !t.contains(x) {
                t.push(x.clone());
            }
        }
        return Ok(());
    };
    // `[{"$patch": "replace"}, ...]` replaces the whole list with the rest.
    if p.iter()
        .any(|x| x.get("$patch").and_then(J::as_str) == Some("replace") && x.get(key).is_none())
    {
        *t = p
            .iter()
            .filter(|x| x.get("$patch").is_none())
            .cloned()
            .collect();
        return Ok(());
    }
    for x in p {
        let Some(id) = x.get(key) else {
            return Err(format!(
                "map: {x} does not contain declared merge key: {key}"
            ));
        };
        let found = t.iter().position(|e| e.get(key) == Some(id));
        match (x.get("$patch").and_then(J::as_str), found) {
            (Some("delete"), Some(i)) => {
                t.remove(i);
            }
            (Some("delete"), None) => {}
            (_, Some(i)) => {
                if let (J::Object(tm), J::Object(pm)) = (&mut t[i], x) {
                    merge_map(tm, pm)?;
                }
            }
            (_, None) => {
                let mut fresh = Map::new();
                if let J::Object(pm) = x {
                    merge_map(&mut fresh, pm)?;
                }
                t.push(J::Object(fresh));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn containers_merge_by_name_and_keep_order() {
        let mut live = json!({"spec": {"template": {"spec": {"containers": [
            {"name": "a", "image": "nginx"}, {"name": "b", "image": "busybox"}]}}}});
        let patch = json!({"spec": {"template": {"spec": {
            "$setElementOrder/containers": [{"name": "a"}, {"name": "b"}],
            "containers": [{"name": "b", "image": "httpd"}]}}}});
        strategic_merge(&mut live, &patch).unwrap();
        assert_eq!(
            live,
            json!({"spec": {"template": {"spec": {"containers": [
                {"name": "a", "image": "nginx"}, {"name": "b", "image": "httpd"}]}}}})
        );
    }

    #[test]
    fn retain_keys_and_null_delete() {
        let mut live = json!({"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}, "paused": true});
        let patch = json!({"strategy": {"$retainKeys": ["type"], "type": "Recreate", "rollingUpdate": null}, "paused": null});
        strategic_merge(&mut live, &patch).unwrap();
        assert_eq!(live, json!({"strategy": {"type": "Recreate"}}));
    }

    #[test]
    fn delete_directive_in_a_merged_list() {
        let mut live = json!({"env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]});
        strategic_merge(
            &mut live,
            &json!({"env": [{"name": "A", "$patch": "delete"}]}),
        )
        .unwrap();
        assert_eq!(live, json!({"env": [{"name": "B", "value": "2"}]}));
    }
}
