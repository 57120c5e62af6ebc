//! Lessons: the tutorial's two hands-on samples as guided tours, and one rollback
//! scenario per situation in its "When is K8s rollback used?" list. All data: a
//! tour is steps (what happens and why, the command, and a check of the outcome);
//! a scenario is a manifest, set-up commands that inject the fault through the
//! spec or the image, a goal, and a check of the goal. Every action is an ordinary
//! kubectl command, so lessons replay, travel in time and share like anything else.
//!
//! It must not touch the DOM or run commands: `app` draws lessons, `model` runs
//! their commands, and checks read the timeline only through [`Observed`].

use super::traffic::{TrafficSample, TrafficTotals, DEFAULT_LOAD_RPS};
use crate::sim::*;

/// What lesson checks read of a timeline: the cluster, the commands that ran, and
/// the traffic samples.
pub trait Observed {
    fn sim(&self) -> &Sim;
    /// A console command starting with `prefix` ran.
    fn ran(&self, prefix: &str) -> bool;
    fn traffic(&self) -> &[TrafficSample];
}

/// What a step (or a goal) waits for, checked against the cluster.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Check {
    /// A console command starting with this text ran.
    Ran(&'static str),
    Exists(&'static str),
    Gone(&'static str),
    /// This many available replicas.
    Available(&'static str, i32),
    /// The pod template runs this image.
    Image(&'static str, &'static str),
    /// The rollout finished, every replica updated and available, on this image.
    Complete(&'static str, &'static str),
    /// `deployment.kubernetes.io/revision` has this value.
    Revision(&'static str, i64),
    Paused(&'static str, bool),
    /// A Service of this name exists.
    Service(&'static str),
}

impl Check {
    pub fn holds(&self, p: &impl Observed) -> bool {
        let sim = p.sim();
        let image = |d: &Deployment| {
            d.spec
                .template
                .spec
                .containers
                .first()
                .map(|c| c.image.clone())
                .unwrap_or_default()
        };
        match *self {
            Check::Ran(prefix) => p.ran(prefix),
            Check::Exists(d) => sim.deployment(d).is_some(),
            Check::Service(s) => sim.service(s).is_some(),
            Check::Gone(d) => sim.deployment(d).is_none() && sim.pod_count() == 0,
            Check::Available(d, n) => sim
                .deployment(d)
                .is_some_and(|d| d.status.available_replicas == n),
            Check::Image(d, want) => sim.deployment(d).is_some_and(|d| image(d) == want),
            Check::Complete(d, want) => sim
                .deployment(d)
                .is_some_and(|d| image(d) == want && complete(sim, d)),
            Check::Revision(d, rev) => sim.deployment(d).is_some_and(|d| {
                d.annotations
                    .get(ANN_REVISION)
                    .and_then(|r| r.parse::<i64>().ok())
                    == Some(rev)
            }),
            Check::Paused(d, paused) => sim.deployment(d).is_some_and(|d| d.spec.paused == paused),
        }
    }
}

/// Rolled out: status caught up with the spec, every replica updated and
/// available, and no pod left over from an older ReplicaSet.
fn complete(sim: &Sim, d: &Deployment) -> bool {
    let s = &d.status;
    s.observed_generation >= d.generation
        && s.updated_replicas == d.spec.replicas
        && s.available_replicas == d.spec.replicas
        && s.replicas == d.spec.replicas
        && sim
            .replica_sets_of(&d.name)
            .iter()
            .filter(|rs| !rs.template.equal_ignore_hash(&d.spec.template))
            .all(|rs| sim.pod_counts(&rs.name).nonterminal == 0)
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub title: &'static str,
    /// What will happen and why.
    pub text: &'static str,
    pub command: &'static str,
    pub check: Check,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    Tour,
    Scenario,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lesson {
    pub id: &'static str,
    pub title: &'static str,
    pub kind: Kind,
    pub intro: &'static str,
    /// Tours: the steps. Scenarios: none.
    pub steps: &'static [Step],
    /// Scenarios: the manifest (file name, YAML) the set-up applies.
    pub manifest: Option<(&'static str, &'static str)>,
    /// Scenarios: commands (and `sleep`s) run at the start; the last injects the fault.
    pub setup: &'static [&'static str],
    pub goal: &'static str,
    /// Where a real cluster would show the cause.
    pub clue: &'static str,
    /// Requests per second after the fault: (seconds after it, load).
    pub spike: Option<(u64, u32)>,
    pub goal_check: Goal,
}

/// A scenario's goal.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Goal {
    None,
    /// The Deployment rolled out again on a good image with no downtime since the
    /// fault, and (when set) no request failing in the last ten seconds.
    Healthy {
        deployment: &'static str,
        good_images: &'static [&'static str],
        quiet_errors: bool,
    },
    /// No endpoint runs this image any more, the stable Deployment is whole, and no
    /// request failed in the last ten seconds.
    Drained {
        stable: &'static str,
        replicas: i32,
        bad_image: &'static str,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum GoalStatus {
    /// Not yet, and why not.
    Pending(String),
    Met,
}

/// A lesson in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonState {
    pub id: &'static str,
    /// Tours: the current step.
    pub step: usize,
    /// Scenarios: when the fault was injected (goal accounting starts here).
    pub started_ms: TimeMs,
    /// Traffic since the fault.
    pub since: TrafficTotals,
}

impl LessonState {
    pub fn new(id: &'static str, started_ms: TimeMs) -> LessonState {
        LessonState {
            id,
            step: 0,
            started_ms,
            since: TrafficTotals::default(),
        }
    }

    pub fn lesson(&self) -> Option<&'static Lesson> {
        find(self.id)
    }

    pub fn load_rps(&self, now_ms: TimeMs) -> u32 {
        match self.lesson().and_then(|l| l.spike) {
            Some((after_s, rps)) if now_ms >= self.started_ms.saturating_add(after_s * 1000) => rps,
            _ => DEFAULT_LOAD_RPS,
        }
    }
}

pub fn find(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

/// Whether a scenario's goal is met, and if not, why not.
pub fn goal_status(p: &impl Observed, st: &LessonState) -> GoalStatus {
    let Some(lesson) = st.lesson() else {
        return GoalStatus::Pending("unknown lesson".into());
    };
    // Ten seconds of traffic since the fault, with no failed request.
    let recent = || p.traffic().iter().rev().take(10);
    let recent_errors: u32 = recent()
        .filter(|s| s.t_ms > st.started_ms)
        .map(|s| s.errors)
        .sum();
    let quiet = recent().all(|s| s.t_ms > st.started_ms) && recent_errors == 0;
    let status = match lesson.goal_check {
        Goal::None => Err("no goal".to_string()),
        Goal::Healthy {
            deployment,
            good_images,
            quiet_errors,
        } => healthy(p.sim(), st, deployment, good_images).and_then(|()| {
            if quiet_errors && !quiet {
                Err("waiting for ten seconds without failed requests".into())
            } else {
                Ok(())
            }
        }),
        Goal::Drained {
            stable,
            replicas,
            bad_image,
        } => drained(p.sim(), stable, replicas, bad_image).and_then(|()| {
            if quiet {
                Ok(())
            } else {
                Err("waiting for ten seconds without failed requests".into())
            }
        }),
    };
    match status {
        Ok(()) => GoalStatus::Met,
        Err(why) => GoalStatus::Pending(why),
    }
}

/// `Goal::Healthy`: the Deployment kept serving, every pod runs a good image,
/// and the rollout finished; else what is still wrong.
fn healthy(
    sim: &Sim,
    st: &LessonState,
    deployment: &str,
    good_images: &[&str],
) -> Result<(), String> {
    let Some(d) = sim.deployment(deployment) else {
        return Err(format!(
            "deployment {deployment} is gone; it should keep serving"
        ));
    };
    if st.since.downtime_s > 0 {
        return Err(format!(
            "the Service had no endpoint for {} s after the fault: that is downtime (start again to retry)",
            st.since.downtime_s
        ));
    }
    let bad: Vec<String> = sim
        .pods()
        .filter(|pod| pod.owner_rs.starts_with(&format!("{deployment}-")))
        .filter_map(|pod| pod.images.first().map(|i| i.to_string()))
        .filter(|i| !good_images.contains(&i.as_str()))
        .collect();
    if let Some(i) = bad.first() {
        return Err(format!("{} pod(s) still run {i}", bad.len()));
    }
    if !complete(sim, d) {
        return Err("the rollout has not finished yet".into());
    }
    Ok(())
}

/// `Goal::Drained`: no ready pod of the bad image serves, and the stable
/// Deployment keeps its replicas available; else what is still wrong.
fn drained(sim: &Sim, stable: &str, replicas: i32, bad_image: &str) -> Result<(), String> {
    let serving_bad = sim
        .pods()
        .filter(|pod| pod.ready && pod.deletion_ms.is_none())
        .filter(|pod| pod.images.first().is_some_and(|i| &**i == bad_image))
        .count();
    if serving_bad > 0 {
        return Err(format!(
            "{serving_bad} ready pod(s) of {bad_image} still get traffic"
        ));
    }
    let whole = sim
        .deployment(stable)
        .is_some_and(|d| d.status.available_replicas >= replicas);
    if !whole {
        return Err(format!("{stable} must keep {replicas} available replicas"));
    }
    Ok(())
}

const SHOP_V1: &str = "playground/app:v1";

macro_rules! shop_yaml {
    ($extra:literal) => {
        concat!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n  labels:\n    app: shop\nspec:\n  replicas: 4\n  minReadySeconds: 10\n  progressDeadlineSeconds: 60\n  selector:\n    matchLabels:\n      app: shop\n  template:\n    metadata:\n      labels:\n        app: shop\n    spec:\n      containers:\n      - name: app\n        image: playground/app:v1\n",
            $extra,
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  selector:\n    app: shop\n  ports:\n  - port: 80\n    targetPort: 8080\n"
        )
    };
}

const SHOP: &str = shop_yaml!("");
const SHOP_PROBE: &str = shop_yaml!("        readinessProbe:\n          httpGet:\n            path: /healthz\n            port: 8080\n          periodSeconds: 2\n");
const SHOP_MEMORY: &str =
    shop_yaml!("        resources:\n          limits:\n            memory: 128Mi\n");
const SHOP_CONFIG: &str = shop_yaml!(
    "        env:\n        - name: DATABASE_URL\n          value: postgres://db:5432/shop\n"
);
const CANARY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  replicas: 4\n  minReadySeconds: 10\n  selector:\n    matchLabels:\n      app: shop\n      track: stable\n  template:\n    metadata:\n      labels:\n        app: shop\n        track: stable\n    spec:\n      containers:\n      - name: app\n        image: playground/app:v1\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop-canary\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: shop\n      track: canary\n  template:\n    metadata:\n      labels:\n        app: shop\n        track: canary\n    spec:\n      containers:\n      - name: app\n        image: playground/app:v1\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  selector:\n    app: shop\n  ports:\n  - port: 80\n    targetPort: 8080\n";

const fn scenario(
    id: &'static str,
    title: &'static str,
    intro: &'static str,
    manifest: &'static str,
    setup: &'static [&'static str],
    clue: &'static str,
    goal_check: Goal,
) -> Lesson {
    Lesson {
        id,
        title,
        kind: Kind::Scenario,
        intro,
        steps: &[],
        manifest: Some(("shop.yaml", manifest)),
        setup,
        goal: "Restore a healthy version without downtime.",
        clue,
        spike: None,
        goal_check,
    }
}

const HEALTHY_V1: Goal = Goal::Healthy {
    deployment: "shop",
    good_images: &[SHOP_V1],
    quiet_errors: false,
};

pub static LESSONS: &[Lesson] = &[
    Lesson {
        id: "tour-recreate",
        title: "Tour: Recreate (hands-on sample 1)",
        kind: Kind::Tour,
        intro: "The tutorial's first sample: a Deployment of 5 nginx pods with strategy Recreate. An update deletes every old pod before it creates the first new one, so the app is briefly down.",
        steps: &[
            Step { title: "Create the Deployment", text: "kubectl apply sends recreate-deployment.yaml: 5 replicas of nginx, strategy Recreate. The Deployment controller creates a ReplicaSet, which creates 5 pods; each pulls nginx, starts, and becomes ready.", command: "kubectl apply -f recreate-deployment.yaml", check: Check::Exists("rcdeployment") },
            Step { title: "Watch the pods start", text: "Pods go Pending, then ContainerCreating while the image is pulled, then Running. Press play (or Step) until all 5 are available.", command: "kubectl get pods -o wide", check: Check::Available("rcdeployment", 5) },
            Step { title: "Put a Service in front", text: "kubectl expose makes a Service that selects the Deployment's pods (app=recreate) on port 80. Its endpoints are the pods that are ready; the traffic panel sends it 100 requests a second.", command: "kubectl expose deployment rcdeployment --port=80", check: Check::Service("rcdeployment") },
            Step { title: "Look at the ReplicaSet", text: "One ReplicaSet, named after the Deployment plus the pod template's hash, owns the 5 pods: DESIRED 5, CURRENT 5, READY 5.", command: "kubectl get rs", check: Check::Ran("kubectl get rs") },
            Step { title: "Update the image to httpd", text: "Changing the pod template makes a new revision. With Recreate, the controller first scales the old ReplicaSet to 0 and waits until every old pod is gone; only then does it create the new ReplicaSet's pods. Watch the lanes: old and new pods never exist together.", command: "kubectl set image deployment rcdeployment nginx=httpd", check: Check::Image("rcdeployment", "httpd") },
            Step { title: "Wait for the new pods", text: "The new ReplicaSet scales to 5 and its pods pull httpd and start. The traffic panel shows the outage Recreate causes.", command: "kubectl get rs", check: Check::Complete("rcdeployment", "httpd") },
            Step { title: "Read the history", text: "Each template change is a revision; the old ReplicaSet stays (scaled to 0) so you can roll back to it.", command: "kubectl rollout history deployment/rcdeployment", check: Check::Ran("kubectl rollout history") },
            Step { title: "Delete the Deployment", text: "Deleting the Deployment deletes its ReplicaSets, and their pods terminate.", command: "kubectl delete -f recreate-deployment.yaml", check: Check::Gone("rcdeployment") },
        ],
        manifest: None,
        setup: &[],
        goal: "",
        clue: "",
        spike: None,
        goal_check: Goal::None,
    },
    Lesson {
        id: "tour-rolling",
        title: "Tour: RollingUpdate (hands-on sample 2)",
        kind: Kind::Tour,
        intro: "The tutorial's second sample: 10 nginx pods with RollingUpdate, maxSurge 2 and maxUnavailable 2. An update never runs more than 12 pods (10 + 2) and never has fewer than 8 available (10 - 2), so the app stays up.",
        steps: &[
            Step { title: "Create the Deployment", text: "10 replicas, strategy RollingUpdate with maxSurge 2 and maxUnavailable 2.", command: "kubectl apply -f rolling-deployment.yaml", check: Check::Exists("rolldeployment") },
            Step { title: "Wait for 10 available pods", text: "The first ReplicaSet creates all 10 pods at once: there is nothing old to keep available yet.", command: "kubectl get rs", check: Check::Available("rolldeployment", 10) },
            Step { title: "Put a Service in front", text: "kubectl expose makes a Service that selects the Deployment's pods (app=rolling) on port 80; the traffic panel sends it 100 requests a second, spread over its ready endpoints.", command: "kubectl expose deployment rolldeployment --port=80", check: Check::Service("rolldeployment") },
            Step { title: "Update the image to httpd", text: "The controller may add up to 2 pods over 10 (maxSurge) and take down up to 2 (maxUnavailable): 12 pods at most, 8 available at least. Watch the guardrail meters stay inside those bounds while the new ReplicaSet grows and the old one shrinks.", command: "kubectl set image deployment rolldeployment nginx=httpd --record", check: Check::Image("rolldeployment", "httpd") },
            Step { title: "Wait for the rollout", text: "kubectl rollout status waits (in simulated time) until every replica is updated and available.", command: "kubectl rollout status deployment/rolldeployment", check: Check::Complete("rolldeployment", "httpd") },
            Step { title: "Update again, to httpd:alpine", text: "A third revision; --record keeps the command as the change-cause shown by the history.", command: "kubectl set image deployment rolldeployment nginx=httpd:alpine --record=true", check: Check::Image("rolldeployment", "httpd:alpine") },
            Step { title: "Read the history", text: "Revisions 1 (nginx), 2 (httpd) and 3 (httpd:alpine).", command: "kubectl rollout history deployment rolldeployment", check: Check::Ran("kubectl rollout history") },
            Step { title: "Undo", text: "rollout undo goes back to the previous revision (2, httpd). Its ReplicaSet is reused and renumbered: revision 2 becomes revision 4 and disappears from the list.", command: "kubectl rollout undo deployment/rolldeployment", check: Check::Revision("rolldeployment", 4) },
            Step { title: "Undo again", text: "Back to httpd:alpine, now revision 5. Pause it in the next step while it is still rolling.", command: "kubectl rollout undo deployment/rolldeployment", check: Check::Revision("rolldeployment", 5) },
            Step { title: "Pause the rollout", text: "A paused Deployment keeps its ReplicaSets exactly where they are: the lanes freeze mid-rollout, with at most 12 pods.", command: "kubectl rollout pause deployment/rolldeployment", check: Check::Paused("rolldeployment", true) },
            Step { title: "Resume", text: "Resuming lets the controller finish the rollout within the same bounds.", command: "kubectl rollout resume deployment/rolldeployment", check: Check::Complete("rolldeployment", "httpd:alpine") },
        ],
        manifest: None,
        setup: &[],
        goal: "",
        clue: "",
        spike: None,
        goal_check: Goal::None,
    },
    scenario("buggy-release", "Buggy release", "Version 2 of the shop crashes on start. The rollout stops after the first new pods go into CrashLoopBackOff; maxUnavailable (25% of 4 = 1) keeps 3 old pods serving.", SHOP, &["kubectl apply -f shop.yaml", "sleep 30s", "kubectl set image deployment/shop app=playground/app:crash"], "kubectl get pods shows CrashLoopBackOff; kubectl logs on a new pod shows the panic.", HEALTHY_V1),
    scenario("failed-health-check", "Failed health checks", "The new version never passes its readiness probe. Its pods run but never become ready, the rollout stalls, and after progressDeadlineSeconds (60 s) the Deployment reports ProgressDeadlineExceeded.", SHOP_PROBE, &["kubectl apply -f shop.yaml", "sleep 30s", "kubectl set image deployment/shop app=playground/app:unready"], "kubectl describe pod shows \"Readiness probe failed\" events; kubectl rollout status reports the exceeded deadline.", HEALTHY_V1),
    scenario("increased-latency", "Increased latency", "Version 2 rolls out fine, every pod is ready, yet users complain: each request now takes 2.4 s. Nothing in kubectl looks wrong; the traffic panel shows it.", SHOP, &["kubectl apply -f shop.yaml", "sleep 30s", "kubectl set image deployment/shop app=playground/app:slowresponse"], "The traffic panel: latency per version.", Goal::Healthy { deployment: "shop", good_images: &[SHOP_V1], quiet_errors: false }),
    scenario("database-migration", "Database migration issue", "Version 4 expects a schema migration that was never applied, and exits on start.", SHOP, &["kubectl apply -f shop.yaml", "sleep 30s", "kubectl set image deployment/shop app=playground/app:migrate"], "kubectl logs on a crashing pod: relation \"orders_v2\" does not exist.", HEALTHY_V1),
    scenario("memory-spike", "Memory spike", "The new version leaks memory and is killed by its 128Mi limit a few seconds after each start: OOMKilled, then CrashLoopBackOff.", SHOP_MEMORY, &["kubectl apply -f shop.yaml", "sleep 30s", "kubectl set image deployment/shop app=playground/app:oom"], "kubectl describe pod: Last State Terminated, Reason OOMKilled, Exit Code 137.", HEALTHY_V1),
    scenario("configuration-error", "Configuration error", "The new release reads DATABASE_URL, and the change that shipped with it set a MySQL URL. Each new pod exits with a config error.", SHOP_CONFIG, &["kubectl apply -f shop.yaml", "sleep 30s", "kubectl apply -f shop-badconfig.yaml"], "kubectl logs: DATABASE_URL must be a postgres:// URL. Undo, or fix the value with kubectl edit.", Goal::Healthy { deployment: "shop", good_images: &[SHOP_V1, "playground/app:badconfig"], quiet_errors: false }),
    scenario("dependency-conflict", "Dependency conflict", "A library upgrade in the new release removed a function the app imports; it fails at start.", SHOP, &["kubectl apply -f shop.yaml", "sleep 30s", "kubectl set image deployment/shop app=playground/app:deps"], "kubectl logs: ImportError: cannot import name 'escape' from 'jinja2'.", HEALTHY_V1),
    scenario("security-vulnerability", "Security vulnerability", "The rollout of playground/app:vulnerable succeeds and every pod is healthy, but the security scanner flags the image: CVE-2026-31337, critical, remote code execution. It must not keep serving.", SHOP, &["kubectl apply -f shop.yaml", "sleep 30s", "kubectl set image deployment/shop app=playground/app:vulnerable", "sleep 25s"], "Scanner: playground/app:vulnerable has a critical CVE. Everything in kubectl looks healthy.", HEALTHY_V1),
    Lesson {
        id: "canary",
        title: "Canary gone wrong",
        kind: Kind::Scenario,
        intro: "A canary Deployment (1 pod) shares the Service with the stable one (4 pods), so it takes about a fifth of the traffic. Its new version fails 40% of its requests: some users see errors.",
        steps: &[],
        manifest: Some(("shop.yaml", CANARY)),
        setup: &["kubectl apply -f shop.yaml", "sleep 30s", "kubectl set image deployment/shop-canary app=playground/app:canary-bad"],
        goal: "Stop the canary's errors without touching the stable Deployment.",
        clue: "The traffic panel: errors per version. The Service selects app=shop, which both Deployments' pods carry.",
        spike: None,
        goal_check: Goal::Drained { stable: "shop", replicas: 4, bad_image: "playground/app:canary-bad" },
    },
    Lesson {
        id: "autoscaling-failure",
        title: "Autoscaling failure",
        kind: Kind::Scenario,
        intro: "The new version serves only 12 requests per second per pod. It rolls out fine at the usual 100 requests/s, then traffic spikes to 400 requests/s and most requests fail.",
        steps: &[],
        manifest: Some(("shop.yaml", SHOP)),
        setup: &["kubectl apply -f shop.yaml", "sleep 30s", "kubectl set image deployment/shop app=playground/app:weak"],
        goal: "Serve the spike again: no failed request for ten seconds.",
        clue: "The traffic panel: requests per version, errors and latency. Undo, or scale out far enough (400 / 12 per pod).",
        spike: Some((25, 400)),
        goal_check: Goal::Healthy { deployment: "shop", good_images: &[SHOP_V1, "playground/app:weak"], quiet_errors: true },
    },
];

/// The configuration scenario's second file: the new image with the env change
/// that shipped with it.
pub const SHOP_BADCONFIG: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n  labels:\n    app: shop\nspec:\n  replicas: 4\n  minReadySeconds: 10\n  progressDeadlineSeconds: 60\n  selector:\n    matchLabels:\n      app: shop\n  template:\n    metadata:\n      labels:\n        app: shop\n    spec:\n      containers:\n      - name: app\n        image: playground/app:badconfig\n        env:\n        - name: DATABASE_URL\n          value: mysql://db:3306/shop\n";

/// A file a lesson's set-up applies, by name.
pub fn lesson_file(lesson: &Lesson, name: &str) -> Option<&'static str> {
    match lesson.manifest {
        Some((file, yaml)) if file == name => Some(yaml),
        _ if lesson.id == "configuration-error" && name == "shop-badconfig.yaml" => {
            Some(SHOP_BADCONFIG)
        }
        _ => None,
    }
}
