//! `kubectl rollout`: status (which waits as a [`Follow`], as kubectl watches),
//! history, undo, pause, resume and restart. It must not touch the browser.

use super::args::{DryRun, Flag, OutputFormat, Parsed};
use super::follow::Polled;
use super::output::Follow;
use super::output::{Failure, Files, Output};
use super::printers::*;
use super::resources::*;
use crate::manifest;
use crate::sim::*;

/// `kubectl rollout status deployment/NAME`.
pub fn status(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    let d = the_deployment(sim, p)?;
    let name = d.name.clone();
    if let Some(want) = p.int(Flag::Revision) {
        if want < 0 {
            return Err(Failure::from(format!(
                "revision must be a positive integer: {want}"
            )));
        }
        let cur = d.annotations.get(ANN_REVISION).cloned().unwrap_or_default();
        if want > 0 && cur != want.to_string() {
            return Err(Failure::from(format!(
                "desired revision ({want}) is different from the running revision ({cur})"
            )));
        }
    }
    let timeout_ms = p.duration_ms(Flag::Timeout).filter(|t| *t > 0);
    let mut follow = Follow::RolloutStatus {
        name,
        // Never a real resourceVersion: the first poll prints the status now.
        last_resource_version: u64::MAX,
        timeout_at_ms: timeout_ms.map(|t| sim.now_ms().saturating_add(t)),
    };
    if follow.poll(sim, out) == Polled::Waiting && p.bool(Flag::Watch) {
        out.follow = Some(follow);
    }
    Ok(())
}

fn revisions_of(sim: &Sim, name: &str) -> Vec<(i64, ReplicaSet)> {
    let mut v: Vec<(i64, ReplicaSet)> = sim
        .replica_sets_of(name)
        .into_iter()
        .filter_map(|r| {
            r.annotations
                .get(ANN_REVISION)
                .and_then(|s| s.parse::<i64>().ok())
                .map(|rev| (rev, r.clone()))
        })
        .collect();
    crate::order::sort_by_key(&mut v, |(r, _)| *r);
    v
}

/// `kubectl rollout history deployment/NAME [--revision=N]`.
pub fn history(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    if let Some(want) = p.int(Flag::Revision).filter(|r| *r < 0) {
        return Err(Failure::from(format!(
            "revision must be a positive integer: {want}"
        )));
    }
    let d = the_deployment(sim, p)?;
    let revs = revisions_of(sim, &d.name);
    if p.output != OutputFormat::Default {
        return print_revisions(p, &d, &revs, out);
    }
    if let Some(want) = p.int(Flag::Revision) {
        if want > 0 {
            let Some((_, rs)) = revs.iter().find(|(rev, _)| *rev == want) else {
                return Err(Failure::from("unable to find the specified revision"));
            };
            let mut t = rs.template.clone();
            if let Some(cc) = rs.annotations.get(ANN_CHANGE_CAUSE) {
                t.annotations
                    .insert(ANN_CHANGE_CAUSE.to_string(), cc.clone());
            }
            out.out(format!(
                "deployment.apps/{} with revision #{want}\n{}\n",
                d.name,
                pod_template_section(&t)
            ));
            return Ok(());
        }
    }
    if revs.is_empty() {
        out.out(format!(
            "deployment.apps/{} \nNo rollout history found.\n",
            d.name
        ));
        return Ok(());
    }
    let mut text = String::from("REVISION\tCHANGE-CAUSE\n");
    for (rev, rs) in &revs {
        text.push_str(&format!(
            "{rev}\t{}\n",
            rs.annotations
                .get(ANN_CHANGE_CAUSE)
                .map(String::as_str)
                .unwrap_or("<none>")
        ));
    }
    out.out(format!(
        "deployment.apps/{} \n{}\n",
        d.name,
        tabwrite(&text, 0, 2)
    ));
    Ok(())
}

/// `rollout history -o FORMAT`: each revision is its ReplicaSet, printed as kubectl
/// holds it (the Go struct), the one `--revision` names or all in order.
fn print_revisions(
    p: &Parsed,
    d: &Deployment,
    revs: &[(i64, ReplicaSet)],
    out: &mut Output,
) -> Result<(), Failure> {
    if let Some(e) = super::output::printer_error(&p.output) {
        return Err(Failure::from(e));
    }
    let want = p.int(Flag::Revision).filter(|r| *r > 0);
    if want.is_some_and(|want| !revs.iter().any(|(rev, _)| *rev == want)) {
        return Err(Failure::from("unable to find the specified revision"));
    }
    let chosen = revs
        .iter()
        .filter(|(rev, _)| want.is_none_or(|want| *rev == want));
    for (i, (_, rs)) in chosen.enumerate() {
        if i > 0 && p.output == OutputFormat::Yaml {
            out.out("---\n");
        }
        let v = manifest::render::replica_set_json(rs, &d.uid);
        out.print_object(&p.output, &v, "replicaset.apps", Some("v1.ReplicaSet"));
    }
    Ok(())
}

/// `kubectl rollout undo deployment/NAME [--to-revision=N]`.
pub fn undo(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    let d = the_deployment(sim, p)?;
    let to: i64 = p.int(Flag::ToRevision).unwrap_or(0);
    if to < 0 {
        return Err(Failure::from(format!(
            "unable to find specified revision {to} in history"
        )));
    }
    let revs = revisions_of(sim, &d.name);
    let target = if to == 0 {
        if revs.len() < 2 {
            return Err(Failure::from(format!(
                "no rollout history found for deployment {:?}",
                d.name
            )));
        }
        revs[revs.len() - 2].1.clone()
    } else {
        match revs.iter().find(|(r, _)| *r == to) {
            Some((_, rs)) => rs.clone(),
            None => {
                return Err(Failure::from(format!(
                    "unable to find specified revision {to} in history"
                )));
            }
        }
    };
    let mode = p.dry_run.clone().unwrap_or(DryRun::None);
    // kubectl prints the object it read before the rollback (`-o`), else the
    // rollbacker's result after the name: the template a client dry run would
    // restore (describe's raw lines), or what the server did.
    let live = manifest::render::deployment_json(&d);
    let result = match mode {
        DryRun::Client => pod_template_section(&target.template),
        _ => roll_back(sim, &d, &target, to, mode)?,
    };
    match &p.output {
        OutputFormat::Default => out.out(format!(
            "deployment.apps/{} {result}{}\n",
            d.name,
            mode.suffix()
        )),
        format => {
            if let Some(e) = super::output::printer_error(format) {
                return Err(Failure::from(e));
            }
            out.answer(format, &live, false)
        }
    }
    Ok(())
}

/// The rollbacker's server side: refused while paused, skipped when the template
/// already matches, else the revision's template and annotations written back.
fn roll_back(
    sim: &mut Sim,
    d: &Deployment,
    target: &ReplicaSet,
    to: i64,
    mode: DryRun,
) -> Result<String, Failure> {
    if d.spec.paused {
        return Err(Failure::from("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"));
    }
    if target.template.equal_ignore_hash(&d.spec.template) {
        return Ok(format!(
            "skipped rollback (current template already matches revision {to})"
        ));
    }
    let mut nd = d.clone();
    nd.spec.template = target.template.without_hash();
    let mut ann = Labels::new();
    for k in ANNOTATIONS_NOT_COPIED {
        if let Some(v) = d.annotations.get(k) {
            ann.insert(k.to_string(), v.clone());
        }
    }
    for (k, v) in &target.annotations {
        if !ANNOTATIONS_NOT_COPIED.contains(&k.as_str()) {
            ann.insert(k.clone(), v.clone());
        }
    }
    nd.annotations = ann;
    if mode == DryRun::Server {
        sim.dry_run(|sim| update(sim, &nd))?;
    } else {
        update(sim, &nd)?;
    }
    Ok("rolled back".to_string())
}

fn set_paused(sim: &mut Sim, p: &Parsed, out: &mut Output, pause: bool) -> Result<(), Failure> {
    let mut d = the_deployment(sim, p)?;
    if d.spec.paused == pause {
        let state = if pause {
            "already paused"
        } else {
            "not paused"
        };
        return Err(Failure::from(format!(
            "deployments.apps {:?} is {state}",
            d.name
        )));
    }
    d.spec.paused = pause;
    update(sim, &d)?;
    out.out(format!(
        "deployment.apps/{} {}\n",
        d.name,
        if pause { "paused" } else { "resumed" }
    ));
    Ok(())
}

/// `kubectl rollout pause deployment/NAME`.
pub fn pause(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    set_paused(sim, p, out, true)
}

/// `kubectl rollout resume deployment/NAME`.
pub fn resume(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    set_paused(sim, p, out, false)
}

/// `kubectl rollout restart deployment/NAME`.
pub fn restart(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    let mut d = the_deployment(sim, p)?;
    if d.spec.paused {
        return Err(Failure::from(format!(
            "deployments.apps {:?} can't restart paused deployment (run rollout resume first)",
            d.name
        )));
    }
    let stamp = manifest::time::rfc3339(sim.now_ms());
    if d.spec.template.annotations.get(ANN_RESTARTED_AT) == Some(&stamp) {
        return Err(Failure::from(format!(
            "failed to create patch for {}: if restart has already been triggered within the past second, please wait before attempting to trigger another",
            d.name
        )));
    }
    d.spec
        .template
        .annotations
        .insert(ANN_RESTARTED_AT.to_string(), stamp);
    update(sim, &d)?;
    out.out(format!("deployment.apps/{} restarted\n", d.name));
    Ok(())
}
