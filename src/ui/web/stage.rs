//! The stage's components (wasm only): a Deployment's card, its guardrail meters,
//! one lane per ReplicaSet with its pods as tiles, or on a canvas above
//! `DOM_TILE_LIMIT` pods (the redraw plan is `canvas.rs`; this file only paints it).
//! It must not hold simulation logic.

use crate::num;
use crate::ui::canvas::{self, CanvasModel, Paint, CELL};
use crate::ui::model::*;
use gloo_render::AnimationFrame;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub view: DeploymentView,
    pub selected: bool,
}

#[function_component(DeploymentStage)]
pub fn deployment_stage(p: &StageProps) -> Html {
    let v = &p.view;
    let over = v.pods > v.max_pods;
    let under = v.available < v.min_available;
    html! {
        <article class={classes!("deployment", p.selected.then_some("selected"))} aria-label={format!("Deployment {}", v.name)}>
            <header class="card">
                <h3>{ format!("deployment/{}", v.name) }</h3>
                <span class="badge strategy">{ v.strategy.clone() }</span>
                if v.paused { <span class="badge paused-badge">{"paused"}</span> }
                <span class="badge">{ format!("revision {}", v.revision) }</span>
                <span class="badge">{ format!("{} replicas", v.replicas) }</span>
                <p class="surge">{ v.surge_text.clone() }</p>
                <ul class="conditions">
                    // ASCII: `str::to_lowercase` would bring Unicode's case tables (8 KB gzip).
                    { for v.conditions.iter().map(|(k, s, r)| html!{ <li class={classes!("cond", s.to_ascii_lowercase())}>{ format!("{k}={s} ") }<small>{ r.clone() }</small></li> }) }
                </ul>
                <p class="status-line">{ v.status_line.clone() }</p>
            </header>
            <div class="guardrails">
                <Meter label="pods" value={v.pods} bound={v.max_pods} text={format!("pods {} of at most {} (replicas + maxSurge)", v.pods, v.max_pods)} bad={over} />
                <Meter label="available" value={v.available} bound={v.min_available.max(v.replicas)} text={format!("available {} of at least {} (replicas − maxUnavailable)", v.available, v.min_available)} bad={under} />
            </div>
            <div class="lanes">
                { for v.lanes.iter().map(|l| html! { <Lane lane={l.clone()} key={l.name.clone()} /> }) }
            </div>
        </article>
    }
}

/// Pods no Deployment owns any more, until they are gone (`views::orphan_lanes`).
/// A plain function, not a component: it redraws with the page, and a component
/// of its own cost 2.4 KB of page weight.
pub fn orphan_stage(lanes: &[LaneView]) -> Html {
    html! {
        <article class="deployment orphans" aria-label="Pods without a Deployment">
            <header class="card">
                <h3>{"Pods without a Deployment"}</h3>
                <p class="surge">{"A deleted Deployment's pods while they terminate, or what a --cascade=orphan delete left running."}</p>
            </header>
            <div class="lanes">
                { for lanes.iter().map(|l| html! { <Lane lane={l.clone()} key={l.name.clone()} /> }) }
            </div>
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct MeterProps {
    label: &'static str,
    value: i32,
    bound: i32,
    text: String,
    bad: bool,
}

#[function_component(Meter)]
fn meter(p: &MeterProps) -> Html {
    let max = p.bound.max(p.value).max(1);
    html! {
        <div class={classes!("meter", p.bad.then_some("bad"))}>
            <meter min="0" max={max.to_string()} value={p.value.to_string()} aria-label={p.label}></meter>
            <span>{ p.text.clone() }{ if p.bad { " ⚠" } else { "" } }</span>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct LaneProps {
    lane: LaneView,
}

#[function_component(Lane)]
fn lane(p: &LaneProps) -> Html {
    let l = &p.lane;
    let empty = l.desired == 0 && l.current == 0 && l.pods.is_empty() && l.counts.is_empty();
    html! {
        <section class={classes!("lane", if l.is_new { "new" } else { "old" }, empty.then_some("collapsed"))} aria-label={format!("ReplicaSet {}", l.name)}>
            <div class="lane-head">
                <span class="rs-name">{ l.name.clone() }</span>
                <span class="badge">{ if l.orphaned { "no owner" } else if l.is_new { "new" } else { "old" } }</span>
                if !l.orphaned { <span class="badge">{ format!("rev {}", l.revision) }</span> }
                <span class="image">{ l.images.clone() }</span>
                <span class="counts" title="DESIRED / CURRENT / READY">{ format!("desired {} · current {} · ready {}", l.desired, l.current, l.ready) }</span>
            </div>
            <p class="visually-hidden">{ lane_summary(l) }</p>
            if l.counts.is_empty() && l.pods.len() > DOM_TILE_LIMIT {
                <PodCanvas pods={l.pods.clone()} />
            } else if l.counts.is_empty() {
                <ul class="pods" aria-hidden="true">
                    { for l.pods.iter().map(|pod| html! { <PodTile key={&*pod.name} name={pod.name.clone()} look={pod.look} restarts={pod.restarts} /> }) }
                </ul>
            } else {
                <ul class="pod-counts">
                    { for l.counts.iter().map(|(look, n)| html! {
                        <li class={classes!("pod-count", look.class())}><span class="glyph" aria-hidden="true">{ look.glyph() }</span>{ format!("{n} {}", look.label()) }</li>
                    }) }
                </ul>
            }
        </section>
    }
}

/// One pod. Its props are cheap to compare, so a frame re-renders only the tiles
/// whose state changed.
#[derive(Properties, PartialEq)]
struct PodTileProps {
    name: Rc<str>,
    look: PodLook,
    restarts: i32,
}

/// One element per tile; screen readers get the lane's summary instead of
/// a thousand tiles.
#[function_component(PodTile)]
fn pod_tile(p: &PodTileProps) -> Html {
    let title = if p.restarts > 0 {
        format!("{}: {}, {} restarts", p.name, p.look.label(), p.restarts)
    } else {
        format!("{}: {}", p.name, p.look.label())
    };
    html! { <li class={classes!("pod", p.look.class())} title={title}>{ p.look.glyph() }</li> }
}

/// "3 Available, 2 ContainerCreating" for a lane.
fn lane_summary(l: &LaneView) -> String {
    let mut counts: Vec<(PodLook, usize)> = l.counts.clone();
    if counts.is_empty() {
        counts = PodLook::tally(l.pods.iter().map(|p| p.look));
    }
    if counts.is_empty() {
        return "no pods".into();
    }
    counts
        .iter()
        .map(|(look, n)| format!("{n} {}", look.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Large lanes: every pod drawn on one canvas, so a thousand pods cost one element.
/// A pod whose state changes cross-fades to its new colour over 250 ms (at once
/// under `prefers-reduced-motion`).
#[derive(Properties, PartialEq)]
struct PodCanvasProps {
    pods: Rc<Vec<PodView>>,
}

#[derive(Default)]
struct CanvasState {
    /// Which cells to redraw, and the fades (plain Rust: `ui/canvas.rs`).
    model: CanvasModel,
    pods: Rc<Vec<PodView>>,
    /// The one pending redraw: new props and fades share it, so a lane draws at
    /// most once per frame.
    frame: Option<AnimationFrame>,
    /// One pre-drawn tile per look, for the current theme and pixel ratio:
    /// copying a tile is far cheaper than stroking and filling an arc (in software
    /// rendering, canvas raster time was most of each frame at 1,000 pods).
    sprites: Option<(bool, f64, web_sys::HtmlCanvasElement)>,
    /// The lane's width, read again only when the viewport width changes:
    /// `clientWidth` forces a synchronous layout after each DOM update.
    width: Option<(f64, f64)>,
}

fn look_index(l: PodLook) -> usize {
    PodLook::ALL.iter().position(|x| *x == l).unwrap_or(0)
}

fn schedule_draw(
    canvas: &web_sys::HtmlCanvasElement,
    state: &std::rc::Rc<std::cell::RefCell<CanvasState>>,
) {
    let mut st = state.borrow_mut();
    if st.frame.is_some() {
        return;
    }
    let state2 = state.clone();
    let canvas2 = canvas.clone();
    st.frame = Some(gloo_render::request_animation_frame(move |_| {
        state2.borrow_mut().frame = None;
        draw_pods(&canvas2, &state2)
    }));
}

fn matches_media(window: &web_sys::Window, query: &str) -> bool {
    window
        .match_media(query)
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// Draws one tile per look into an offscreen canvas, in the theme's colours.
fn make_sprites(
    window: &web_sys::Window,
    canvas: &web_sys::HtmlCanvasElement,
    dpr: f64,
) -> Option<web_sys::HtmlCanvasElement> {
    use wasm_bindgen::JsCast;
    let css = window.get_computed_style(canvas).ok().flatten();
    let sheet: web_sys::HtmlCanvasElement = window
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    let cell_px = (CELL * dpr).ceil() as u32;
    sheet.set_width(cell_px * PodLook::ALL.len() as u32);
    sheet.set_height(cell_px);
    let ctx: web_sys::CanvasRenderingContext2d = sheet.get_context("2d").ok()??.dyn_into().ok()?;
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    for (i, look) in PodLook::ALL.iter().enumerate() {
        let colour = css
            .as_ref()
            .and_then(|c| {
                c.get_property_value(&format!("--{}", canvas_var(*look)))
                    .ok()
            })
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "#888".into());
        draw_pod(
            &ctx,
            *look,
            i as f64 * cell_px as f64 / dpr + CELL / 2.0,
            CELL / 2.0,
            &colour,
        );
    }
    Some(sheet)
}

fn draw_pods(
    canvas: &web_sys::HtmlCanvasElement,
    state: &std::rc::Rc<std::cell::RefCell<CanvasState>>,
) {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let now = window.performance().map(|p| p.now()).unwrap_or(0.0);
    let reduced = matches_media(&window, "(prefers-reduced-motion: reduce)");
    let dark = matches_media(&window, "(prefers-color-scheme: dark)");
    let viewport = window
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .unwrap_or(0.0);
    let mut st = state.borrow_mut();
    let width = match st.width {
        Some((vw, w)) if vw == viewport => w,
        _ => {
            let w = canvas
                .parent_element()
                .map(|p| p.client_width())
                .unwrap_or(300)
                .max(CELL as i32) as f64;
            st.width = Some((viewport, w));
            w
        }
    };
    let pods = st.pods.clone();
    let (cols, rows) = canvas::grid(width, pods.len());
    let height = rows as f64 * CELL;
    let dpr = window.device_pixel_ratio().max(1.0);
    let (w_px, h_px) = ((width * dpr) as u32, (height * dpr) as u32);
    let Ok(Some(ctx)) = canvas.get_context("2d") else {
        return;
    };
    let Ok(ctx) = ctx.dyn_into::<web_sys::CanvasRenderingContext2d>() else {
        return;
    };
    if canvas.width() != w_px || canvas.height() != h_px {
        // Resizing clears the canvas: every cell is drawn again.
        canvas.set_width(w_px);
        canvas.set_height(h_px);
        let _ = canvas
            .style()
            .set_property("height", &format!("{}px", num::plain(height)));
        st.model.invalidate();
    }
    if st
        .sprites
        .as_ref()
        .is_none_or(|(d, r, _)| *d != dark || *r != dpr)
    {
        st.sprites = make_sprites(&window, canvas, dpr).map(|s| (dark, dpr, s));
        st.model.invalidate();
    }
    let Some((_, _, sheet)) = st.sprites.clone() else {
        return;
    };
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    let cell_src = (CELL * dpr).ceil();
    let (paints, animating) = st.model.plan(&pods, cols, now, reduced);
    let blit = |look: PodLook, x: f64, y: f64| {
        let _ = ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            &sheet,
            look_index(look) as f64 * cell_src,
            0.0,
            cell_src,
            cell_src,
            x,
            y,
            CELL,
            CELL,
        );
    };
    for p in paints {
        ctx.clear_rect(p.x, p.y, CELL, CELL);
        if let Paint::Fade { from, to, alpha } = p.paint {
            if alpha < 1.0 {
                ctx.set_global_alpha(1.0 - alpha);
                blit(from, p.x, p.y);
            }
            if alpha > 0.0 {
                ctx.set_global_alpha(alpha);
                blit(to, p.x, p.y);
            }
        }
    }
    ctx.set_global_alpha(1.0);
    drop(st);
    if animating {
        schedule_draw(canvas, state);
    }
}

fn canvas_var(l: PodLook) -> &'static str {
    match l {
        PodLook::Completed => "terminating",
        other => other.class(),
    }
}

/// A pod as its tile would look: filled when ready, outlined otherwise; square when
/// failing or going away; dashed while pending.
fn draw_pod(ctx: &web_sys::CanvasRenderingContext2d, look: PodLook, x: f64, y: f64, colour: &str) {
    let r = 6.0;
    ctx.begin_path();
    let square = matches!(
        look,
        PodLook::Terminating | PodLook::Completed | PodLook::PullError | PodLook::CrashLoop
    );
    if square {
        ctx.rect(x - r, y - r, 2.0 * r, 2.0 * r);
    } else {
        let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
    }
    let dash = js_sys::Array::new();
    if look == PodLook::Pending || look == PodLook::Terminating {
        dash.push(&2.0.into());
        dash.push(&2.0.into());
    }
    let _ = ctx.set_line_dash(&dash);
    ctx.set_line_width(if square { 2.5 } else { 1.8 });
    ctx.set_stroke_style_str(colour);
    ctx.stroke();
    match look {
        PodLook::Available | PodLook::Ready => {
            ctx.set_fill_style_str(colour);
            ctx.fill();
        }
        PodLook::RunningNotReady | PodLook::Creating => {
            // Partly filled: the container exists but is not ready yet.
            ctx.save();
            ctx.set_global_alpha(ctx.global_alpha() * 0.35);
            ctx.set_fill_style_str(colour);
            ctx.fill();
            ctx.restore();
        }
        _ => {}
    }
}

#[function_component(PodCanvas)]
fn pod_canvas(p: &PodCanvasProps) -> Html {
    let canvas = use_node_ref();
    let state = use_mut_ref(CanvasState::default);
    {
        let canvas = canvas.clone();
        let state = state.clone();
        use_effect_with(p.pods.clone(), move |pods| {
            state.borrow_mut().pods = pods.clone();
            if let Some(c) = canvas.cast::<web_sys::HtmlCanvasElement>() {
                schedule_draw(&c, &state);
            }
        });
    }
    // A tooltip for the pod under the pointer, like a tile's title.
    let onmousemove = {
        let canvas = canvas.clone();
        let state = state.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(c) = canvas.cast::<web_sys::Element>() else {
                return;
            };
            let st = state.borrow();
            let Some((_, width)) = st.width else { return };
            let (x, y) = (e.offset_x() as f64, e.offset_y() as f64);
            match canvas::pod_at(width, x, y, st.pods.len()).and_then(|i| st.pods.get(i)) {
                Some(pod) => {
                    let _ =
                        c.set_attribute("title", &format!("{}: {}", pod.name, pod.look.label()));
                }
                None => {
                    let _ = c.remove_attribute("title");
                }
            }
        })
    };
    html! { <canvas ref={canvas} class="pod-canvas" aria-hidden="true" {onmousemove}></canvas> }
}
