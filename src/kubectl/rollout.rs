//! `kubectl rollout`: status (which waits as a [`Follow`], as kubectl watches),
//! history, undo, pause, resume and restart. It must not touch the browser.

use super::args::{DryRun, Flag, Parsed};
use super::follow::Polled;
use super::output::Follow;
use super::output::{Files, Output};
use super::printers::*;
use super::resources::*;
use crate::manifest;
use crate::sim::*;

/// `kubectl rollout status deployment/NAME`.
pub fn status(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) {
    let Some(d) = deployment_or_fail(sim, p, out) else {
        return;
    };
    let name = d.name.clone();
    if let Some(want) = p.int(Flag::Revision) {
        if want < 0 {
            out.fail(format!("revision must be a positive integer: {want}"));
            return;
        }
        let cur = d.annotations.get(ANN_REVISION).cloned().unwrap_or_default();
        if want > 0 && cur != want.to_string() {
            out.fail(format!(
                "desired revision ({want}) is different from the running revision ({cur})"
            ));
            return;
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
pub fn history(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) {
    if let Some(want) = p.int(Flag::Revision).filter(|r| *r < 0) {
        out.fail(format!("revision must be a positive integer: {want}"));
        return;
    }
    let Some(d) = deployment_or_fail(sim, p, out) else {
        return;
    };
    let revs = revisions_of(sim, &d.name);
    if let Some(want) = p.int(Flag::Revision) {
        if want > 0 {
            let Some((_, rs)) = revs.iter().find(|(rev, _)| *rev == want) else {
                out.fail("unable to find the specified revision");
                return;
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
            return;
        }
    }
    if revs.is_empty() {
        out.out(format!(
            "deployment.apps/{} \nNo rollout history found.\n",
            d.name
        ));
        return;
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
}

/// `kubectl rollout undo deployment/NAME [--to-revision=N]`.
pub fn undo(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) {
    let Some(d) = deployment_or_fail(sim, p, out) else {
        return;
    };
    let to: i64 = p.int(Flag::ToRevision).unwrap_or(0);
    if to < 0 {
        out.fail(format!("unable to find specified revision {to} in history"));
        return;
    }
    let revs = revisions_of(sim, &d.name);
    let target = if to == 0 {
        if revs.len() < 2 {
            out.fail(format!(
                "no rollout history found for deployment {:?}",
                d.name
            ));
            return;
        }
        revs[revs.len() - 2].1.clone()
    } else {
        match revs.iter().find(|(r, _)| *r == to) {
            Some((_, rs)) => rs.clone(),
            None => {
                out.fail(format!("unable to find specified revision {to} in history"));
                return;
            }
        }
    };
    if p.dry_run != Ok(DryRun::None) {
        out.out(format!(
            "deployment.apps/{} Pod Template:\n{}",
            d.name,
            tabwrite(&pod_template_section(&target.template.without_hash()), 0, 2)
        ));
        return;
    }
    if d.spec.paused {
        out.fail("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
        return;
    }
    if target.template.equal_ignore_hash(&d.spec.template) {
        out.out(format!("deployment.apps/{} skipped rollback (current template already matches revision {to})\n", d.name));
        return;
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
    update(sim, &nd, out);
    if out.exit_code == 0 {
        out.out(format!("deployment.apps/{} rolled back\n", d.name));
    }
}

fn set_paused(sim: &mut Sim, p: &Parsed, out: &mut Output, pause: bool) {
    let Some(mut d) = deployment_or_fail(sim, p, out) else {
        return;
    };
    if d.spec.paused == pause {
        let state = if pause {
            "already paused"
        } else {
            "not paused"
        };
        out.fail(format!("deployments.apps {:?} is {state}", d.name));
        return;
    }
    d.spec.paused = pause;
    update(sim, &d, out);
    if out.exit_code == 0 {
        out.out(format!(
            "deployment.apps/{} {}\n",
            d.name,
            if pause { "paused" } else { "resumed" }
        ));
    }
}

/// `kubectl rollout pause deployment/NAME`.
pub fn pause(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) {
    set_paused(sim, p, out, true);
}

/// `kubectl rollout resume deployment/NAME`.
pub fn resume(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) {
    set_paused(sim, p, out, false);
}

/// `kubectl rollout restart deployment/NAME`.
pub fn restart(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) {
    let Some(mut d) = deployment_or_fail(sim, p, out) else {
        return;
    };
    if d.spec.paused {
        out.fail(format!(
            "deployments.apps {:?} can't restart paused deployment (run rollout resume first)",
            d.name
        ));
        return;
    }
    let stamp = manifest::time::rfc3339(sim.now_ms());
    if d.spec.template.annotations.get(ANN_RESTARTED_AT) == Some(&stamp) {
        out.fail(format!(
            "failed to create patch for {}: if restart has already been triggered within the past second, please wait before attempting to trigger another",
            d.name
        ));
        return;
    }
    d.spec
        .template
        .annotations
        .insert(ANN_RESTARTED_AT.to_string(), stamp);
    update(sim, &d, out);
    if out.exit_code == 0 {
        out.out(format!("deployment.apps/{} restarted\n", d.name));
    }
}
