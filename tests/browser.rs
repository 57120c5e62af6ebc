//! Component tests in headless Chromium (wasm-bindgen-test): the real App, mounted
//! with a fixed seed and the clock off (Step drives time), clicked, and read back
//! from the DOM. Run by `./dev test` (wasm32 only).
#![cfg(target_arch = "wasm32")]

#[path = "common/floats.rs"]
mod floats;

use gloo_timers::future::TimeoutFuture;
use rollout_playground::ui::share::PageOptions;
use rollout_playground::ui::{mount, App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn settle() {
    // Yew renders on its own scheduler; give it a turn.
    TimeoutFuture::new(20).await;
}

fn root() -> Element {
    let doc = document();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

/// The real App in a fresh element: a fixed seed, the clock off (Step drives time),
/// rendered once. Keep the handle alive for the test's length.
async fn mounted(seed: u64, options: PageOptions) -> (Element, yew::AppHandle<App>) {
    // The page's guard script, which index.html loads before the wasm.
    if js_sys::Reflect::has(&web_sys::window().unwrap(), &"rolloutPlayground".into()) != Ok(true) {
        js_sys::Function::new_no_args(include_str!("../src/ui/web/guard.js"))
            .call0(&wasm_bindgen::JsValue::NULL)
            .unwrap();
    }
    let root = root();
    let app = mount(
        root.clone(),
        AppProps {
            seed,
            autoplay: false,
            options,
        },
    );
    settle().await;
    (root, app)
}

async fn click(root: &Element, selector: &str) {
    let el: HtmlElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap();
    el.click();
    settle().await;
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

async fn step_until(root: &Element, what: &str, mut done: impl FnMut(&Element) -> bool) {
    for _ in 0..400 {
        if done(root) {
            return;
        }
        click(root, "#step").await;
    }
    panic!("never reached: {what}");
}

async fn apply_rolling_preset(root: &Element) {
    let presets = root.query_selector_all(".presets button").unwrap();
    presets
        .item(1)
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    click(root, "#apply").await;
}

#[wasm_bindgen_test]
async fn apply_then_undo_renumbers_revisions_and_echoes_kubectl() {
    let (root, _app) = mounted(3, Default::default()).await;
    apply_rolling_preset(&root).await;
    assert!(text(&root, ".console").contains("$ kubectl apply -f rolling-deployment.yaml"));
    assert!(text(&root, ".console").contains("deployment.apps/rolldeployment created"));
    step_until(&root, "10 available pods", |r| {
        count(r, ".lane.new .pod.available") == 10
    })
    .await;
    assert!(text(&root, ".deployment .card").contains("revision 1"));

    click(&root, "#update-image").await;
    assert!(text(&root, ".console")
        .contains("$ kubectl set image deployment/rolldeployment nginx=httpd"));
    step_until(&root, "rollout to httpd", |r| {
        count(r, ".lane.new .pod.available") == 10 && count(r, ".lane.old .pod") == 0
    })
    .await;
    assert!(text(&root, ".deployment .card").contains("revision 2"));

    click(&root, "#undo").await;
    assert!(text(&root, ".console").contains("$ kubectl rollout undo deployment/rolldeployment"));
    assert!(text(&root, ".console").contains("deployment.apps/rolldeployment rolled back"));
    assert!(
        text(&root, ".deployment .card").contains("revision 3"),
        "undo makes revision 3"
    );
    let history = text(&root, ".history");
    assert!(
        history.contains("#3") && history.contains("#2") && !history.contains("#1"),
        "revision 1 became 3: {history}"
    );
}

#[wasm_bindgen_test]
async fn pause_freezes_the_replica_sets_and_resume_finishes() {
    let (root, _app) = mounted(5, Default::default()).await;
    apply_rolling_preset(&root).await;
    step_until(&root, "10 available pods", |r| {
        count(r, ".lane.new .pod.available") == 10
    })
    .await;
    click(&root, "#update-image").await;
    click(&root, "#pause").await;
    assert!(text(&root, ".console").contains("$ kubectl rollout pause deployment/rolldeployment"));
    assert!(text(&root, ".deployment .card").contains("paused"));
    assert_eq!(text(&root, "#pause"), "Resume rollout");
    let frozen: Vec<String> = (0..count(&root, ".lane-head .counts"))
        .map(|i| {
            root.query_selector_all(".lane-head .counts")
                .unwrap()
                .item(i)
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect();
    for _ in 0..20 {
        click(&root, "#step").await;
    }
    let desired = |r: &Element| -> Vec<String> {
        (0..count(r, ".lane-head .counts"))
            .map(|i| {
                r.query_selector_all(".lane-head .counts")
                    .unwrap()
                    .item(i)
                    .unwrap()
                    .text_content()
                    .unwrap()
                    .split(" · ")
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(
        desired(&root),
        frozen
            .iter()
            .map(|s| s.split(" · ").next().unwrap().to_string())
            .collect::<Vec<_>>(),
        "desired counts stay while paused"
    );
    assert!(
        count(&root, ".pod") <= 12 + 2,
        "no rollout progress while paused"
    );
    click(&root, "#pause").await;
    assert!(text(&root, ".console").contains("$ kubectl rollout resume deployment/rolldeployment"));
    step_until(&root, "rollout finished", |r| {
        text(r, ".status-line").contains("successfully rolled out")
    })
    .await;
}

#[wasm_bindgen_test]
async fn invalid_yaml_shows_its_line_and_changes_nothing() {
    let (root, _app) = mounted(1, Default::default()).await;
    let ta: web_sys::HtmlTextAreaElement = root
        .query_selector("#yaml")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    ta.set_value(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replica: 3\n",
    );
    ta.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    click(&root, "#apply").await;
    let err = text(&root, ".error-box");
    assert!(err.contains("Line 6, spec.replica"), "{err}");
    assert!(
        err.contains("strict decoding error: unknown field \"spec.replica\""),
        "{err}"
    );
    assert_eq!(count(&root, ".deployment"), 0, "nothing was created");
    assert_eq!(count(&root, ".gutter mark"), 1, "the error line is marked");
}

#[wasm_bindgen_test]
async fn a_tour_step_waits_for_its_outcome_and_the_timeline_travels_back() {
    let (root, _app) = mounted(
        5,
        rollout_playground::ui::share::page_options("?lesson=tour-recreate", ""),
    )
    .await;
    assert!(text(&root, "#tour-step h3").starts_with("Step 1 of 8"));
    click(&root, "#tour-run").await;
    assert!(text(&root, ".console").contains("$ kubectl apply -f recreate-deployment.yaml"));
    click(&root, "#tour-next").await;
    // Step 2 waits for 5 available pods: Next stays disabled until the clock gets there.
    assert!(text(&root, "#tour-step h3").starts_with("Step 2 of 8"));
    let next_disabled = |root: &Element| {
        root.query_selector("#tour-next")
            .unwrap()
            .unwrap()
            .has_attribute("disabled")
    };
    assert!(next_disabled(&root));
    step_until(&root, "5 available pods", |r| !next_disabled(r)).await;
    assert_eq!(count(&root, ".lane .pod.available"), 5);
    // Travel back to 1 s: nothing is available yet, and the step waits again.
    let input: web_sys::HtmlInputElement = root
        .query_selector("#timeline")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_value("1000");
    input
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(text(&root, ".clock .time"), "1.0s");
    assert_eq!(count(&root, ".lane .pod.available"), 0);
    assert!(next_disabled(&root));
}

/// `num` hands floats to JavaScript in the browser; its answers must be std's:
/// the same parse (to the bit) and the same shortest digits, for random values and
/// random strings over the float alphabet.
#[wasm_bindgen_test]
fn floats_in_the_browser_match_std() {
    assert_eq!(floats::disagreement_with_std(5_000, 17), None);
}
