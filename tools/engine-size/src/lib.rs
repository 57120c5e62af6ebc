//! Everything the page does without a DOM: the cluster, kubectl, manifests, the
//! playground model with its journal, lessons, traffic and share links. Each is
//! reachable from the one export, so the linker keeps it.
use rollout_playground::kubectl::complete::complete;
use rollout_playground::ui::model::{deployment_views, Playground};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn run(seed: u64, script: &str, lesson: &str) -> String {
    let mut p = Playground::new(seed);
    if !lesson.is_empty() {
        p.start_lesson(lesson);
        p.run_tour_step();
    }
    for line in script.lines() {
        p.run(line);
        p.frame(250.0);
    }
    p.travel_to(1_000);
    let views = deployment_views(p.sim());
    let lanes: usize = views.iter().map(|v| v.lanes.len()).sum();
    let words = complete(p.sim(), "kubectl get po").join(" ");
    let shared = p.to_shared(Vec::new());
    let replay = Playground::from_shared(&shared)
        .map(|q| q.transcript())
        .unwrap_or_default();
    format!("{lanes} {words}") + &p.transcript() + &p.shell_script() + &replay
}
