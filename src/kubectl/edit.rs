//! The verbs that change one Deployment in place: `set image`, `scale`, `annotate`,
//! and `edit` (which `kubesim` explains it cannot open; the web console opens the
//! editor). It must not touch the browser or disk.

use super::args::{Flag, Parsed};
use super::output::{Files, Output, RECORD_WARNING};
use super::resources::*;
use crate::sim::*;

/// `kubectl set image deployment/NAME CONTAINER=IMAGE...`.
pub fn set_image(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) {
    // Positional args: the resource (1 or 2 words), then container=image pairs.
    let (res_args, pairs): (Vec<String>, Vec<String>) =
        p.args.iter().cloned().partition(|a| !a.contains('='));
    if res_args.is_empty() {
        out.fail(NO_RESOURCES);
        return;
    }
    let name = match single_deployment(&res_args) {
        Ok(n) => n,
        Err(e) => {
            out.fail(e);
            return;
        }
    };
    if pairs.is_empty() {
        out.fail("at least one image update is required");
        return;
    }
    let record = p.bool(Flag::Record);
    if record {
        out.err(RECORD_WARNING);
    }
    let Some(mut d) = sim.deployment(&name).cloned() else {
        out.fail(not_found(Kind::Deployment, &name));
        return;
    };
    for pair in &pairs {
        let (c, img) = pair.split_once('=').unwrap_or((pair.as_str(), ""));
        if img.is_empty() {
            out.fail(format!(
                "invalid image update {pair:?}: expected container=image"
            ));
            return;
        }
        let mut hit = false;
        for container in d.spec.template.spec.containers.iter_mut() {
            if c == "*" || container.name == c {
                container.image = img.to_string();
                hit = true;
            }
        }
        if !hit {
            out.fail(format!("unable to find container named {c:?}"));
            return;
        }
    }
    let live = sim.deployment(&name).cloned();
    if live.as_ref().map(|l| &l.spec) == Some(&d.spec) {
        // kubectl prints nothing when the image is already set.
        return;
    }
    if record {
        d.annotations
            .insert(ANN_CHANGE_CAUSE.to_string(), p.change_cause());
    }
    if update(sim, &d, out) || out.exit_code == 0 {
        out.out(format!("deployment.apps/{name} image updated\n"));
    }
}

/// `kubectl scale deployment/NAME --replicas=N`.
pub fn scale(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) {
    let Some(replicas) = p.int(Flag::Replicas) else {
        out.fail("required flag(s) \"replicas\" not set");
        return;
    };
    if replicas < 0 {
        out.fail(
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        );
        return;
    }
    if p.args.is_empty() && p.given(Flag::Filename).is_none() {
        out.fail(NO_RESOURCES);
        return;
    }
    let Some(mut d) = deployment_or_fail(sim, p, out) else {
        // kubectl scale wraps the lookup's error in its own.
        for (_, text) in out.chunks.iter_mut() {
            *text = text.replace("Error from server (NotFound): ", "error: no objects passed to scale ");
        }
        return;
    };
    if replicas > MAX_REPLICAS as i64 {
        out.fail(format!(
            "The Deployment {:?} is invalid: spec.replicas: Invalid value: {replicas}: must be less than or equal to {MAX_REPLICAS} (the playground's limit)",
            d.name
        ));
        return;
    }
    if p.bool(Flag::Record) {
        out.err(RECORD_WARNING);
        d.annotations
            .insert(ANN_CHANGE_CAUSE.to_string(), p.change_cause());
    }
    d.spec.replicas = replicas as i32;
    update(sim, &d, out);
    if out.exit_code == 0 {
        out.out(format!("deployment.apps/{} scaled\n", d.name));
    }
}

/// `kubectl annotate deployment/NAME KEY=VALUE... KEY-...`.
pub fn annotate(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) {
    let (res, kvs): (Vec<String>, Vec<String>) = p
        .args
        .iter()
        .cloned()
        .partition(|a| !(a.contains('=') || a.ends_with('-')));
    let name = match single_deployment(&res) {
        Ok(n) => n,
        Err(e) => {
            out.fail(e);
            return;
        }
    };
    if kvs.is_empty() {
        out.fail("at least one annotation update is required");
        return;
    }
    let Some(mut d) = sim.deployment(&name).cloned() else {
        out.fail(not_found(Kind::Deployment, &name));
        return;
    };
    for kv in &kvs {
        if let Some((k, v)) = kv.split_once('=') {
            if let Some(old) = d.annotations.get(k) {
                if !p.bool(Flag::Overwrite) && old != v {
                    out.fail(format!("--overwrite is false but found the following declared annotation(s): '{k}' already has a value ({old})"));
                    return;
                }
            }
            d.annotations.insert(k.to_string(), v.to_string());
        } else if let Some(k) = kv.strip_suffix('-') {
            d.annotations.remove(k);
        }
    }
    if p.bool(Flag::Record) {
        out.err(RECORD_WARNING);
        d.annotations
            .insert(ANN_CHANGE_CAUSE.to_string(), p.change_cause());
    }
    update(sim, &d, out);
    if out.exit_code == 0 {
        out.out(format!("deployment.apps/{name} annotated\n"));
    }
}

/// `kubectl edit`: `kubesim` has no editor (the web console opens the object in its
/// YAML editor before the line reaches here).
pub fn edit(_: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) {
    if p.args.is_empty() && p.given(Flag::Filename).is_none() {
        out.fail(NO_RESOURCES);
        return;
    }
    out.fail(
        "kubectl edit opens an interactive editor, which kubesim does not have: change the YAML file and run \"kubectl apply -f\" again (the web playground's editor does this)",
    );
}
