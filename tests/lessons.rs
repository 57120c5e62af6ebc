//! Lessons, traffic, time travel, share links and exports, through the playground
//! model (the same code the page runs). Data-driven: every tour is finished step by
//! step, every scenario is checked to be really broken and then fixed by its
//! solution, and share links round-trip to the identical cluster.

use rollout_playground::ui::lessons::{self, goal_status, GoalStatus, Kind};
use rollout_playground::ui::model::Playground;
use rollout_playground::ui::share;

/// Everything that identifies a cluster state: time, pods (name, phase, ready),
/// ReplicaSets (name, desired, ready), Deployments (name, revision, image).
fn fingerprint(p: &Playground) -> String {
    let sim = p.sim();
    let mut s = format!("t={}\n", sim.now_ms());
    for pod in sim.pods() {
        s.push_str(&format!(
            "pod {} {:?} ready={}\n",
            pod.name, pod.phase, pod.ready
        ));
    }
    for rs in sim.replica_sets() {
        s.push_str(&format!(
            "rs {} {} {}\n",
            rs.name, rs.replicas, rs.status.ready_replicas
        ));
    }
    for d in sim.deployments() {
        s.push_str(&format!(
            "deploy {} {:?} {:?}\n",
            d.name,
            d.annotations.get("deployment.kubernetes.io/revision"),
            d.spec.template.spec.containers.first().map(|c| &c.image)
        ));
    }
    s
}

/// Advances one simulated second at a time until `done` or `limit_s` seconds.
fn run_until(p: &mut Playground, limit_s: u64, mut done: impl FnMut(&Playground) -> bool) -> bool {
    for _ in 0..limit_s {
        if done(p) {
            return true;
        }
        p.advance(1_000);
    }
    done(p)
}

#[test]
fn both_tours_finish_step_by_step() {
    for id in ["tour-recreate", "tour-rolling"] {
        let mut p = Playground::new(7);
        p.start_lesson(id);
        let lesson = lessons::find(id).expect("tour exists");
        let mut recreate_overlap = false;
        for (i, step) in lesson.steps.iter().enumerate() {
            let (n, current, _) = p.tour_step().expect("a current step");
            assert_eq!((n, current.title), (i, step.title), "{id}");
            p.next_tour_step();
            // Not done before its command ran (the check is real) ...
            if !matches!(step.check, lessons::Check::Ran(_)) && i > 0 {
                assert_eq!(
                    p.tour_step().map(|s| s.0),
                    Some(i),
                    "{id} step {i} advanced before its command"
                );
            }
            p.run_tour_step();
            let ok = run_until(&mut p, 600, |p| {
                p.tour_step().is_some_and(|(_, _, done)| done)
            });
            assert!(ok, "{id}: step {i} ({}) never completed", step.title);
            if id == "tour-recreate" {
                // Recreate: never an old pod beside a new one.
                let sim = p.sim();
                let owners: std::collections::BTreeSet<_> = sim
                    .pods()
                    .filter(|x| !x.phase.is_terminal())
                    .map(|x| x.owner_rs.to_string())
                    .collect();
                recreate_overlap |= owners.len() > 1;
            }
            p.next_tour_step();
        }
        assert!(p.tour_step().is_none(), "{id}: past the last step");
        assert!(
            !recreate_overlap,
            "Recreate tour showed old and new pods together"
        );
    }
}

/// (scenario, the commands that solve it).
fn solutions() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        (
            "buggy-release",
            vec!["kubectl rollout undo deployment/shop"],
        ),
        (
            "failed-health-check",
            vec!["kubectl rollout undo deployment/shop"],
        ),
        (
            "increased-latency",
            vec!["kubectl rollout undo deployment/shop"],
        ),
        (
            "database-migration",
            vec!["kubectl rollout undo deployment/shop"],
        ),
        ("memory-spike", vec!["kubectl rollout undo deployment/shop"]),
        (
            "configuration-error",
            vec!["kubectl rollout undo deployment/shop"],
        ),
        (
            "dependency-conflict",
            vec!["kubectl rollout undo deployment/shop"],
        ),
        (
            "security-vulnerability",
            vec!["kubectl rollout undo deployment/shop"],
        ),
        (
            "canary",
            vec!["kubectl scale deployment/shop-canary --replicas=0"],
        ),
        (
            "autoscaling-failure",
            vec!["kubectl rollout undo deployment/shop"],
        ),
    ]
}

#[test]
fn every_scenario_is_broken_until_its_solution_fixes_it() {
    let scenarios: Vec<_> = lessons::LESSONS
        .iter()
        .filter(|l| l.kind == Kind::Scenario)
        .collect();
    assert_eq!(
        scenarios.len(),
        10,
        "one scenario per situation in the tutorial's list"
    );
    let solutions = solutions();
    for lesson in scenarios {
        let (_, fix) = solutions
            .iter()
            .find(|(id, _)| *id == lesson.id)
            .expect("a solution for every scenario");
        let mut p = Playground::new(11);
        p.start_lesson(lesson.id);
        let st = p.lesson().cloned().expect("lesson state");
        assert!(
            st.started_ms > 0,
            "{}: the fault goes in after the set-up",
            lesson.id
        );
        // Left alone for 90 s, the goal is not met: the fault is real.
        p.advance(90_000);
        let st = p.lesson().cloned().expect("lesson state");
        assert!(
            matches!(goal_status(&p, &st), GoalStatus::Pending(_)),
            "{}: goal met without doing anything",
            lesson.id
        );
        for cmd in fix {
            let out = p.run(cmd);
            assert_eq!(out.exit_code, 0, "{}: {cmd}: {}", lesson.id, out.text());
        }
        let met = run_until(&mut p, 300, |p| {
            let st = p.lesson().cloned().expect("lesson state");
            goal_status(p, &st) == GoalStatus::Met
        });
        let st = p.lesson().cloned().expect("lesson state");
        assert!(
            met,
            "{}: solution did not meet the goal: {:?}",
            lesson.id,
            goal_status(&p, &st)
        );
    }
}

#[test]
fn scenario_clues_are_where_a_real_cluster_shows_them() {
    let mut p = Playground::new(3);
    p.start_lesson("failed-health-check");
    p.advance(120_000);
    let status = p.run("kubectl rollout status deployment/shop --timeout=1s");
    assert!(
        status.text().contains("exceeded its progress deadline"),
        "{}",
        status.text()
    );
    let pods = p.run("kubectl describe pods");
    assert!(
        pods.text().contains("Readiness probe failed"),
        "{}",
        pods.text()
    );

    let mut p = Playground::new(3);
    p.start_lesson("database-migration");
    p.advance(20_000);
    let crashing = p
        .sim()
        .pods()
        .find(|x| x.images.first().is_some_and(|i| i.ends_with(":migrate")))
        .map(|x| x.name.to_string())
        .expect("a new pod");
    let logs = p.run(&format!("kubectl logs {crashing}"));
    assert!(
        logs.text()
            .contains("relation \"orders_v2\" does not exist"),
        "{}",
        logs.text()
    );

    let mut p = Playground::new(3);
    p.start_lesson("increased-latency");
    p.advance(60_000);
    assert!(p
        .timeline
        .traffic()
        .last()
        .expect("traffic")
        .versions
        .iter()
        .any(|v| v.latency_ms >= 2_000));
}

#[test]
fn traffic_shows_recreate_outage_and_no_rolling_downtime() {
    for (preset, file, deploy, expect_down) in [
        (0, "recreate-deployment.yaml", "rcdeployment", true),
        (1, "rolling-deployment.yaml", "rolldeployment", false),
    ] {
        let mut p = Playground::new(5);
        p.load_preset(preset);
        p.run(&format!("kubectl apply -f {file}"));
        p.run(&format!("kubectl expose deployment {deploy} --port=80"));
        p.advance(90_000);
        let before = p.timeline.traffic_totals().downtime_s;
        p.run(&format!(
            "kubectl set image deployment/{deploy} nginx=httpd"
        ));
        p.advance(90_000);
        let down = p.timeline.traffic_totals().downtime_s - before;
        assert_eq!(down > 0, expect_down, "{deploy}: {down} s of downtime");
        assert_eq!(
            p.timeline.traffic().last().expect("sample").versions[0].image,
            "httpd"
        );
    }
}

/// The traffic panel sends requests to a Service that exists: none before
/// `expose`, the new one's ready endpoints after, none again once it is deleted.
#[test]
fn traffic_goes_to_the_services_that_exist() {
    let mut p = Playground::new(5);
    p.load_preset(1);
    p.run("kubectl apply -f rolling-deployment.yaml");
    p.advance(30_000);
    assert!(p.timeline.traffic().is_empty(), "no Service, no traffic");
    assert_eq!(p.timeline.traffic_service(), None);
    p.run("kubectl expose deployment rolldeployment --port=80");
    p.advance(5_000);
    let last = p.timeline.traffic().last().expect("a sample");
    assert_eq!(last.service, "rolldeployment");
    assert_eq!(last.versions[0].endpoints, 10);
    assert!(!last.down);
    p.run("kubectl delete svc rolldeployment");
    p.advance(5_000);
    assert_eq!(p.timeline.traffic_service(), None);
}

fn tutorial_session(seed: u64) -> (Playground, Vec<(u64, String)>) {
    let mut p = Playground::new(seed);
    p.load_preset(1);
    let mut marks = Vec::new();
    p.run("kubectl apply -f rolling-deployment.yaml");
    for (wait_s, cmd) in [
        (
            40,
            "kubectl set image deployment rolldeployment nginx=httpd --record",
        ),
        (7, "kubectl rollout pause deployment/rolldeployment"),
        (30, "kubectl rollout resume deployment/rolldeployment"),
        (50, "kubectl rollout undo deployment/rolldeployment"),
        (45, "kubectl scale deployment/rolldeployment --replicas=4"),
    ] {
        for _ in 0..wait_s {
            p.advance(1_000);
            marks.push((p.sim().now_ms(), fingerprint(&p)));
        }
        p.run(cmd);
    }
    p.advance(20_000);
    marks.push((p.sim().now_ms(), fingerprint(&p)));
    (p, marks)
}

#[test]
fn time_travel_rebuilds_exactly_the_state_at_any_moment() {
    let (mut p, marks) = tutorial_session(21);
    let end = fingerprint(&p);
    for (t, want) in marks.iter().step_by(17) {
        p.travel_to(*t);
        assert_eq!(&fingerprint(&p), want, "state at t={t}");
    }
    // Forward again: the later commands run again as the clock passes them.
    let horizon = p.timeline.horizon_ms();
    p.travel_to(marks[3].0);
    p.advance_to(horizon);
    assert_eq!(fingerprint(&p), end);
    // A new command in the past replaces the future.
    p.travel_to(marks[50].0);
    p.run("kubectl scale deployment/rolldeployment --replicas=2");
    assert_eq!(p.timeline.journal().len(), p.timeline.applied());
    assert!(p.timeline.journal().iter().all(|e| e.at_ms <= marks[50].0));
}

/// Reading the cluster (or a dry run) in the past keeps the future; changing it replaces the
/// future, says how much, and one action brings the old future back.
#[test]
fn time_travel_keeps_the_future_for_reading_commands_and_restores_a_replaced_one() {
    let (mut p, marks) = tutorial_session(21);
    let end = fingerprint(&p);
    let horizon = p.timeline.horizon_ms();
    let commands = p.timeline.journal().len();
    p.travel_to(marks[50].0);
    let ahead = p.timeline.journal().len() - p.timeline.applied();
    assert!(ahead >= 3, "later commands are ahead: {ahead}");
    for line in [
        "kubectl get rs",
        "kubectl describe deployment rolldeployment",
        "kubectl rollout history deployment/rolldeployment",
        "kubectl get pods -o wide",
        "kubectl logs deployment/rolldeployment",
        "kubectl version",
        "kubectl frobnicate",
        "kubectl scale --help",
        "kubectl scale deployment/rolldeployment --replicas=2 --dry-run=client",
        "kubectl delete deployment rolldeployment --dry-run=server",
    ] {
        p.run(line);
        assert_eq!(
            p.timeline.journal().len() - p.timeline.applied(),
            ahead,
            "{line} kept the future"
        );
        assert!(p.bench.replaced.is_none(), "{line} replaced nothing");
    }
    assert_eq!(p.timeline.horizon_ms(), horizon);
    // Playing on, the future runs again as before: the same cluster at the end.
    p.advance_to(horizon);
    assert_eq!(
        fingerprint(&p),
        end,
        "reading in the past changed nothing ahead"
    );
    assert_eq!(p.timeline.journal().len(), commands + 10);

    // A changing command replaces the future, and Restore brings it back.
    p.travel_to(marks[50].0);
    let before = fingerprint(&p);
    p.run("kubectl scale deployment/rolldeployment --replicas=2");
    let replaced = p.bench.replaced.clone().expect("the future it replaced");
    assert_eq!(replaced.count, ahead);
    assert_eq!(replaced.at_ms, marks[50].0);
    p.restore_replaced();
    assert!(p.bench.replaced.is_none());
    assert_eq!(
        fingerprint(&p),
        before,
        "back to the moment before the new command"
    );
    assert_eq!(
        p.timeline.journal().len() - p.timeline.applied(),
        ahead,
        "the old future is ahead again"
    );
    p.advance_to(horizon);
    assert_eq!(fingerprint(&p), end, "and plays out as it did");
}

#[test]
fn share_links_round_trip_to_the_identical_cluster() {
    let (p, _) = tutorial_session(99);
    // Every panel an embed may show goes into a link and back (the embed snippet's
    // own `panels=console,chart` once made links that would not open).
    let shared = p.to_shared(share::Panel::ALL.to_vec());
    let link = share::encode(&shared).expect("fits in a link");
    assert!(
        link.len() < 2_000,
        "tutorial link is {} characters",
        link.len()
    );
    let back = share::decode(&link).expect("decodes");
    assert_eq!(back, shared);
    let q = Playground::from_shared(&back).expect("replays");
    assert_eq!(fingerprint(&q), fingerprint(&p));
    assert_eq!(q.transcript(), p.transcript());

    // A scenario in progress, with its own manifest and lesson state.
    let mut s = Playground::new(4);
    s.start_lesson("canary");
    s.advance(12_000);
    let link = share::encode(&s.to_shared(vec![])).expect("fits");
    let r = Playground::from_shared(&share::decode(&link).expect("decodes")).expect("replays");
    assert_eq!(fingerprint(&r), fingerprint(&s));
    assert_eq!(
        r.lesson().map(|l| (l.id, l.started_ms)),
        s.lesson().map(|l| (l.id, l.started_ms))
    );
    assert_eq!(r.timeline.traffic().last(), s.timeline.traffic().last());
}

#[test]
fn share_links_have_a_size_limit() {
    let mut p = Playground::new(1);
    p.bench.editor_file = "big.yaml".into();
    p.bench.editor = format!(
        "{}# {}\n",
        rollout_playground::ui::presets::BLANK_YAML,
        "x".repeat(share::MAX_LINK_CHARS)
    );
    p.run("kubectl apply -f big.yaml");
    let err = share::encode(&p.to_shared(vec![])).expect_err("too long");
    assert!(err.0.contains("too long for a link"), "{err}");
    assert!(share::decode(&"A".repeat(share::MAX_LINK_CHARS + 1)).is_err());
}

#[test]
fn damaged_or_hostile_links_are_refused_with_a_message() {
    let (p, _) = tutorial_session(2);
    let good = share::encode(&p.to_shared(vec![])).expect("encodes");
    let text = |t: &str| share::base64url_encode(t.as_bytes());
    let cases = vec![
        String::new(),
        "!!!not base64!!!".into(),
        good[..good.len() / 2].to_string(),
        good.replace('A', "B"),
        text("hello"),
        text("rollout-playground 1\nseed x\n"),
        text("rollout-playground 1\nseed 1\ntime 999999999999\n"),
        text("rollout-playground 1\nseed 1\ntime 10\ncmd 5 - rm -rf /\n"),
        text("rollout-playground 1\nseed 1\ntime 10\ncmd 9 - kubectl get pods\ncmd 3 - kubectl get pods\n"),
        text("rollout-playground 1\nseed 1\ntime 10\ncmd 1 f9 kubectl apply -f x.yaml\n"),
        text("rollout-playground 1\nseed 1\nfile a.yaml 99999\nshort\n"),
        text("rollout-playground 1\nseed 1\nlesson no-such-lesson 0 0\n"),
        text("rollout-playground 1\nseed 1\npanels editor,evil\n"),
        text("rollout-playground 1\nseed 1\nwhat 1\n"),
        text("rollout-playground 1\ntime 1\n"),
    ];
    for c in &cases {
        let err = share::decode(c).expect_err("refused");
        assert!(
            err.0
                .starts_with("This share link is damaged or not from Rollout Playground"),
            "{c:?}: {err}"
        );
    }
    // Random damage never panics and never yields a different session silently.
    let mut rng = rollout_playground::sim::rng::Rng::new(12345);
    for _ in 0..2_000 {
        let seed = rng.next_u64();
        let mut bytes = good.clone().into_bytes();
        let i = (seed >> 33) as usize % bytes.len();
        bytes[i] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
            [(seed >> 20) as usize % 64];
        let damaged = String::from_utf8(bytes).expect("ascii");
        if let Ok(s) = share::decode(&damaged) {
            let _ = Playground::from_shared(&s);
        }
    }
    // A well-formed link that asks for far too much work is refused, not replayed.
    let mut text = String::from("rollout-playground 1\nseed 1\ntime 3600000\neditor b0\ncmd 0 - kubectl create deployment big --image=nginx:1.25 --replicas=100000\n");
    for i in 1..40 {
        text.push_str(&format!(
            "cmd {} - kubectl set image deployment/big nginx=nginx:1.{}\n",
            i * 60_000,
            25 + i % 2
        ));
    }
    let hostile = share::decode(&share::base64url_encode(text.as_bytes())).expect("well-formed");
    let err = Playground::from_shared(&hostile).err().expect("refused");
    assert!(err.0.contains("more than 120000 pods"), "{err}");
}

#[test]
fn exports_are_a_transcript_and_a_script_for_a_real_cluster() {
    let (p, _) = tutorial_session(8);
    let t = p.transcript();
    assert!(
        t.starts_with(
            "$ kubectl apply -f rolling-deployment.yaml\ndeployment.apps/rolldeployment created\n"
        ),
        "{t}"
    );
    let sh = p.shell_script();
    assert!(sh.starts_with("#!/usr/bin/env bash\n"));
    assert!(
        sh.contains("cat > rolling-deployment.yaml <<'YAML'\napiVersion: apps/v1\n"),
        "{sh}"
    );
    assert!(
        sh.contains(
            "\nsleep 40\nkubectl set image deployment rolldeployment nginx=httpd --record\n"
        ),
        "{sh}"
    );
    assert_eq!(sh.matches("cat > ").count(), 1, "each file once");
}

#[test]
fn why_explains_the_last_sync_with_its_numbers() {
    let mut p = Playground::new(6);
    p.load_preset(1);
    p.run("kubectl apply -f rolling-deployment.yaml");
    p.advance(60_000);
    p.run("kubectl set image deployment rolldeployment nginx=httpd");
    let trace = p.sim().sync_trace("rolldeployment").expect("trace");
    let why = rollout_playground::ui::views::sync_lines(&trace.facts).join("\n");
    assert!(
        why.contains(
            "Desired 10. maxSurge 2 -> 2 (rounded up), maxUnavailable 2 -> 2 (rounded down)."
        ),
        "{why}"
    );
    assert!(
        why.contains("Max total pods = 10 + 2 = 12; min available = 10 - 2 = 8."),
        "{why}"
    );
    // Scaling mid-rollout is shared out in proportion, and the panel says so.
    p.advance(3_000);
    p.run("kubectl scale deployment/rolldeployment --replicas=20");
    let why: String = p
        .sim()
        .sync_traces("rolldeployment")
        .flat_map(|t| rollout_playground::ui::views::sync_lines(&t.facts))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(why.contains("Scaling event: desired is now 20"), "{why}");
    assert!(
        why.contains("in proportion to their sizes, within replicas + maxSurge = 22."),
        "{why}"
    );
}

#[test]
fn page_options_take_what_they_know_and_ignore_the_rest() {
    let o = share::page_options("?embed=1&preset=rolling&autoplay=0&readonly=1&panels=console,evil,traffic&theme=dark&t=30&seed=7", "");
    assert!(o.embed && o.readonly);
    assert_eq!(o.preset, Some(1));
    assert_eq!(o.autoplay, Some(false));
    assert_eq!(
        o.panels,
        Some(vec![share::Panel::Console, share::Panel::Traffic])
    );
    assert_eq!(
        (o.theme.as_deref(), o.start_s, o.seed),
        (Some("dark"), Some(30), Some(7))
    );
    let o = share::page_options(
        "?lesson=canary&theme=neon&t=99999999&seed=-3&preset=nope",
        "#s=%%%",
    );
    assert_eq!(o.lesson.as_deref(), Some("canary"));
    assert_eq!(
        (o.theme, o.start_s, o.seed, o.preset),
        (None, None, None, None)
    );
    assert!(matches!(o.share, Some(Err(_))));
    assert_eq!(share::page_options("", ""), share::PageOptions::default());
}

#[test]
fn describe_pod_reports_the_qos_class_the_api_server_assigns() {
    let base = rollout_playground::ui::presets::BLANK_YAML;
    for (resources, want) in [
        ("", "BestEffort"),
        ("        resources:\n          limits:\n            memory: 128Mi\n", "Burstable"),
        ("        resources:\n          limits:\n            memory: 128Mi\n            cpu: 500m\n", "Guaranteed"),
        ("        resources:\n          requests:\n            cpu: 100m\n          limits:\n            memory: 128Mi\n            cpu: 500m\n", "Burstable"),
    ] {
        let mut p = Playground::new(1);
        p.bench.editor = format!("{base}{resources}");
        p.apply_editor();
        p.advance(5_000);
        let out = p.run("kubectl describe pods");
        let qos = out.text().lines().find(|l| l.starts_with("QoS Class:")).map(|l| l.split_whitespace().last().unwrap_or("").to_string());
        assert_eq!(qos.as_deref(), Some(want), "{resources:?}");
    }
}

/// The embed snippet opens this very session: its iframe's address, read back as
/// page options, is an autoplaying embed whose link replays to the same cluster.
#[test]
fn the_embed_code_shows_this_session_or_the_tutorial() {
    let mut p = Playground::new(5);
    p.load_preset(1);
    p.apply_editor();
    p.advance(20_000);
    let link = share::encode(&p.to_shared(vec![])).expect("fits");
    let code = share::embed_code("https://example.org/play/?seed=5#s=old", Some(&link));
    let src = code
        .split("src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("an iframe src");
    assert!(code.starts_with("<iframe ") && code.contains("title=\"Rollout Playground\""));
    let (query, fragment) = src
        .strip_prefix("https://example.org/play/")
        .and_then(|s| s.split_once('#'))
        .expect("the page's own address, without its old query and fragment");
    let o = share::page_options(query, fragment);
    assert!(o.embed);
    assert_eq!(o.autoplay, Some(true));
    let shared = o.share.expect("a share link").expect("decodes");
    let q = Playground::from_shared(&shared).expect("replays");
    assert_eq!(q.sim().now_ms(), p.sim().now_ms());
    assert_eq!(
        q.sim()
            .pods()
            .map(|p| p.name.to_string())
            .collect::<Vec<_>>(),
        p.sim()
            .pods()
            .map(|p| p.name.to_string())
            .collect::<Vec<_>>()
    );
    // No link (too long): the RollingUpdate tutorial, with console and chart.
    let code = share::embed_code("https://example.org/play/", None);
    let src = code
        .split("src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    let o = share::page_options(src.strip_prefix("https://example.org/play/").unwrap(), "");
    assert_eq!(o.preset, Some(1));
    assert_eq!(
        o.panels,
        Some(vec![share::Panel::Console, share::Panel::Chart])
    );
}

/// A share link that applies an alias bomb with every one of its commands replays
/// in bounded time: each parse stops at the YAML budget, which counts what
/// aliases copy (bytes included).
#[test]
fn a_share_link_full_of_alias_bombs_replays_in_bounded_time() {
    let ten = |name: &str| vec![format!("*{name}"); 10].join(",");
    let bomb = format!(
        "a: &s \"{}\"\nb: &a [{}]\nc: &b [{}]\nd: &c [{}]\ne: [{}]\n",
        "x".repeat(2_500),
        ten("s"),
        ten("a"),
        ten("b"),
        ten("c")
    );
    assert!(bomb.len() < 3_000);
    let journal: Vec<_> = (0..share::MAX_COMMANDS as u64)
        .map(|i| rollout_playground::ui::journal::JournalEntry {
            at_ms: i * 10,
            line: "kubectl apply -f bomb.yaml".into(),
            files: vec![("bomb.yaml".into(), bomb.clone())],
        })
        .collect();
    let shared = share::Shared {
        seed: 1,
        time_ms: 10_000,
        editor: ("bomb.yaml".into(), bomb.clone()),
        journal,
        lesson: None,
        panels: vec![],
    };
    let started = std::time::Instant::now();
    let p = Playground::from_shared(&shared).expect("replays");
    let took = started.elapsed();
    assert!(p
        .transcript()
        .contains("document contains excessive aliasing"));
    assert!(p.sim().deployments().next().is_none());
    assert!(
        took < std::time::Duration::from_secs(3),
        "replay took {took:?}"
    );
    eprintln!("400 bomb applies replayed in {took:?}");
}

/// The console text after `script` (lines, or `+N` to advance N ms in frames of
/// `frame_ms`), and the clock at the end.
fn console_after(script: &[&str], frame_ms: u64) -> (String, u64) {
    let mut p = Playground::new(21);
    p.load_preset(1);
    p.set_playing(true);
    for step in script {
        if let Some(ms) = step.strip_prefix('+') {
            let total: u64 = ms.parse().unwrap();
            let mut done = 0;
            while done < total {
                let slice = frame_ms.min(total - done);
                p.advance(slice);
                done += slice;
            }
        } else {
            p.run(step);
        }
    }
    (p.transcript(), p.sim().now_ms())
}

#[test]
fn rollout_status_in_the_page_follows_the_clock_instead_of_jumping() {
    let script = [
        "kubectl apply -f rolling-deployment.yaml",
        "+40000",
        "kubectl set image deployment rolldeployment nginx=httpd",
        "kubectl rollout status deployment/rolldeployment",
    ];
    // At once: the status now, and the clock where it was.
    let (now, t) = console_after(&script, 16);
    assert_eq!(t, 40_000, "rollout status does not move the clock");
    let after = now
        .split("$ kubectl rollout status deployment/rolldeployment\n")
        .nth(1)
        .unwrap();
    assert_eq!(after.lines().count(), 1, "{after}");
    assert!(
        after.starts_with("Waiting for deployment \"rolldeployment\" rollout to finish: "),
        "{after}"
    );
    // As the clock runs: the same lines, however time is sliced into frames,
    // and the same as a script (which runs it to the end at once).
    let mut running = script.to_vec();
    running.push("+120000");
    let (a, _) = console_after(&running, 16);
    let (b, _) = console_after(&running, 250);
    let (c, _) = console_after(&running, 120_000);
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert!(
        a.trim_end()
            .ends_with("deployment \"rolldeployment\" successfully rolled out"),
        "{a}"
    );
    // Many pods, many changes: each its own line, however the frames fall.
    let big = [
        "kubectl create deployment big --image=nginx --replicas=60",
        "+60000",
        "kubectl set image deployment big nginx=httpd",
        "kubectl rollout status deployment/big",
        "+300000",
    ];
    let (big_a, _) = console_after(&big, 16);
    let (big_c, _) = console_after(&big, 300_000);
    assert_eq!(big_a, big_c);
    assert!(
        big_a.lines().filter(|l| l.starts_with("Waiting")).count() >= 4,
        "{big_a}"
    );
    assert!(
        big_a
            .trim_end()
            .ends_with("deployment \"big\" successfully rolled out"),
        "{big_a}"
    );
    let mut session = rollout_playground::kubectl::script::Session::new(21);
    let files = rollout_playground::ui::journal::CommandFiles::editor(
        "rolling-deployment.yaml",
        rollout_playground::ui::presets::PRESETS[1].2,
        None,
    );
    session.run_line(&files, "kubectl apply -f rolling-deployment.yaml");
    session.sim.advance(40_000);
    session.run_line(
        &files,
        "kubectl set image deployment rolldeployment nginx=httpd",
    );
    let script_out = session
        .run_line(&files, "kubectl rollout status deployment/rolldeployment")
        .text();
    assert_eq!(
        a.split("$ kubectl rollout status deployment/rolldeployment\n")
            .nth(1)
            .unwrap(),
        script_out
    );
}

#[test]
fn rollout_status_on_a_paused_deployment_waits_until_ctrl_c_as_kubectl_does() {
    let mut p = Playground::new(3);
    p.load_preset(1);
    p.run("kubectl apply -f rolling-deployment.yaml");
    p.advance(40_000);
    p.run("kubectl rollout pause deployment/rolldeployment");
    p.run("kubectl set image deployment rolldeployment nginx=httpd");
    p.run("kubectl rollout status deployment/rolldeployment");
    assert!(p.following());
    p.advance(2 * 3_600_000);
    assert_eq!(
        p.sim().now_ms(),
        40_000 + 2 * 3_600_000,
        "only the clock moved it"
    );
    assert!(
        p.following(),
        "kubectl waits for ever on a paused Deployment"
    );
    p.interrupt();
    assert!(!p.following());
    let text = p.transcript();
    let tail = text
        .split("$ kubectl rollout status deployment/rolldeployment\n")
        .nth(1)
        .unwrap();
    assert_eq!(
        tail,
        "Waiting for deployment \"rolldeployment\" rollout to finish: 0 out of 10 new replicas have been updated...\n^C\n"
    );
    // The stop is in the journal: a share link replays the same console.
    let link = share::encode(&p.to_shared(vec![])).expect("fits");
    let q = Playground::from_shared(&share::decode(&link).unwrap()).expect("replays");
    assert_eq!(q.transcript(), text);
    assert!(!q.following());
    // The next command ends a following one too, without ^C; so does sleep, with it.
    p.run("kubectl rollout status deployment/rolldeployment");
    p.run("kubectl get deploy");
    assert!(!p.following());
    p.run("kubectl rollout status deployment/rolldeployment");
    p.run("sleep 5s");
    assert!(!p.following());
    assert!(
        p.transcript().ends_with("updated...\n^C\n$ sleep 5s\n"),
        "{}",
        p.transcript()
    );
    assert!(!p.shell_script().contains("^C"));
}

#[test]
fn travelling_to_the_sliders_last_step_is_the_present() {
    let (mut p, _) = tutorial_session(5);
    p.advance(1_234);
    let present = fingerprint(&p);
    let now = p.sim().now_ms();
    assert_ne!(
        now % 100,
        0,
        "the present is between two of the slider's steps"
    );
    p.travel_to(1_000);
    // The slider's last step (a multiple of 100 ms) stops short of `now`.
    p.travel_to(now / 100 * 100);
    assert_eq!(p.sim().now_ms(), now);
    assert_eq!(fingerprint(&p), present);
}
