//! The yew app: draws the [`Playground`] model and turns clicks, keys and animation
//! frames into model calls. Every control runs a kubectl command through the model,
//! which echoes it in the console. Animation is CSS over the model's states; nothing
//! here feeds back into the simulation except the clock.

use super::canvas::{self, CanvasModel, Paint, CELL};
use super::console::{ConsoleInput, Key};
use super::model::*;
use super::presets::PRESETS;
use crate::num;
use gloo_render::AnimationFrame;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// The PRNG seed (`?seed=N` in the URL).
    #[prop_or(1)]
    pub seed: u64,
    /// Run the clock on animation frames; tests turn it off and use Step.
    #[prop_or(true)]
    pub autoplay: bool,
    /// How the page was opened (embed options, a share link).
    #[prop_or_default]
    pub options: super::share::PageOptions,
}

pub enum Msg {
    Frame(f64),
    Preset(usize),
    EditorInput(String),
    Apply,
    ConsoleInput(String),
    ConsoleKey(KeyboardEvent),
    Act(Action),
    ImageInput(String),
    TogglePlay,
    Step,
    Speed(f64),
    Reset { new_seed: bool },
    Select(String),
    Travel(u64),
    LessonPick(String),
    StartLesson,
    LeaveLesson,
    TourRun,
    TourNext,
    CopyLink,
    CopyEmbed,
    ExportTxt,
    ExportSh,
    TogglePresenter,
    DismissNotice,
}

pub struct App {
    model: Playground,
    console: ConsoleInput,
    image_input: String,
    last_frame: Option<f64>,
    frame: Option<AnimationFrame>,
    views: Rc<Vec<DeploymentView>>,
    views_version: u64,
    /// The event table, rebuilt only when the event log changed.
    event_rows: Rc<Vec<EventRow>>,
    /// When (animation-frame time) the event table was last rebuilt.
    events_at_ms: f64,
    event_seq: u64,
    /// A message for the user above the page (a damaged share link, a copied link).
    notice: Option<String>,
    lesson_pick: String,
    presenter: bool,
    embed: bool,
    readonly: bool,
    /// Panels shown (None: all).
    panels: Option<Vec<String>>,
}

impl App {
    fn schedule_frame(&mut self, ctx: &Context<Self>) {
        if ctx.props().autoplay {
            let link = ctx.link().clone();
            self.frame = Some(gloo_render::request_animation_frame(move |t| {
                link.send_message(Msg::Frame(t))
            }));
        }
    }

    /// Rebuilds the view models that changed. `frame_ms` is set for animation
    /// frames: the event table then refreshes at most every `EVENT_REFRESH_MS`
    /// (at 1,000 pods, dozens of events a frame would rebuild the table each frame,
    /// faster than anyone reads it); after a click or a command it refreshes at once.
    fn refresh_views(&mut self, frame_ms: Option<f64>) {
        if self.views_version != self.model.version {
            self.views = Rc::new(deployment_views(self.model.sim()));
            self.views_version = self.model.version;
        }
        if self.event_rows_due(frame_ms) {
            self.event_rows = Rc::new(event_rows(self.model.sim()));
            self.event_seq = self.model.sim().events().last_seq();
            self.events_at_ms = frame_ms.unwrap_or(self.events_at_ms);
        }
    }

    /// New events exist and, on an animation frame, the table's refresh interval
    /// has passed.
    fn event_rows_due(&self, frame_ms: Option<f64>) -> bool {
        self.model.sim().events().last_seq() != self.event_seq
            && frame_ms.is_none_or(|t| t - self.events_at_ms >= EVENT_REFRESH_MS)
    }

    /// Applies the page options: a share link, else a lesson or a preset (applied
    /// at once in an embed), a start time and the display settings.
    fn apply_options(&mut self, o: &super::share::PageOptions) {
        self.embed = o.embed;
        self.readonly = o.readonly;
        self.presenter = o.presenter;
        self.panels = o.panels.clone();
        if let Some(theme) = &o.theme {
            if let Some(root) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("data-theme", theme);
            }
        }
        match &o.share {
            Some(Ok(shared)) => match Playground::from_shared(shared) {
                Ok(model) => {
                    let playing = self.model.playing();
                    self.model = model;
                    self.model
                        .set_playing(o.autoplay.unwrap_or(false) && playing);
                    if !shared.panels.is_empty() && self.panels.is_none() {
                        self.panels = Some(shared.panels.clone());
                    }
                    return;
                }
                Err(e) => self.notice = Some(e.to_string()),
            },
            Some(Err(e)) => self.notice = Some(e.to_string()),
            None => {}
        }
        if let Some(id) = &o.lesson {
            self.model.start_lesson(id);
        } else if let Some(i) = o.preset {
            self.model.load_preset(i);
            if o.embed {
                self.model.apply_editor();
            }
        }
        if let Some(s) = o.start_s {
            self.model.advance(s * 1000);
        }
        if let Some(a) = o.autoplay {
            self.model.set_playing(a);
        }
    }

    fn shows(&self, panel: &str) -> bool {
        self.panels
            .as_ref()
            .is_none_or(|p| p.iter().any(|x| x == panel))
    }

    fn share_link(&self) -> Result<String, String> {
        let panels = self.panels.clone().unwrap_or_default();
        let link = super::share::encode(&self.model.to_shared(panels)).map_err(|e| e.0)?;
        let href = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        let base = href.split('#').next().unwrap_or("").to_string();
        Ok(format!("{base}#s={link}"))
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = AppProps;

    fn create(ctx: &Context<Self>) -> Self {
        let model = Playground::new(ctx.props().seed);
        let mut app = App {
            model,
            console: ConsoleInput::default(),
            image_input: "httpd".into(),
            last_frame: None,
            frame: None,
            views: Rc::new(Vec::new()),
            views_version: u64::MAX,
            event_rows: Rc::new(Vec::new()),
            event_seq: u64::MAX,
            events_at_ms: f64::NEG_INFINITY,
            notice: None,
            lesson_pick: "tour-recreate".into(),
            presenter: false,
            embed: false,
            readonly: false,
            panels: None,
        };
        app.model.set_playing(ctx.props().autoplay);
        app.apply_options(&ctx.props().options);
        app.refresh_views(None);
        app.schedule_frame(ctx);
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let before = self.model.version;
        match msg {
            Msg::Frame(t) => {
                let dt = self.last_frame.map(|l| t - l).unwrap_or(0.0);
                self.last_frame = Some(t);
                self.model.frame(dt);
                self.schedule_frame(ctx);
                if self.model.version == before && !self.event_rows_due(Some(t)) {
                    return false;
                }
                self.refresh_views(Some(t));
                return true;
            }
            Msg::Preset(i) => self.model.load_preset(i),
            Msg::EditorInput(text) => {
                self.model.set_editor(text);
                return true;
            }
            Msg::Apply => {
                self.model.apply_editor();
            }
            Msg::ConsoleInput(v) => {
                self.console.set_text(v);
                return true;
            }
            Msg::ConsoleKey(e) => {
                let model = &self.model;
                match self
                    .console
                    .key(&e.key(), &model.bench.history, |line| model.complete(line))
                {
                    Key::Run(line) => {
                        e.prevent_default();
                        self.model.run(&line);
                    }
                    Key::Handled => e.prevent_default(),
                    Key::Ignored => return false,
                }
            }
            Msg::Act(a) => {
                self.model.act(&a);
            }
            Msg::ImageInput(v) => {
                self.image_input = v;
                return true;
            }
            Msg::TogglePlay => {
                self.model.set_playing(!self.model.playing());
                self.last_frame = None;
                if self.model.playing() && self.frame.is_none() {
                    self.schedule_frame(ctx);
                }
                return true;
            }
            Msg::Step => self.model.step(),
            Msg::Speed(s) => {
                self.model.set_speed(s);
                return true;
            }
            Msg::Reset { new_seed } => {
                let seed = if new_seed {
                    (js_sys::Math::random() * 1e9) as u64 + 1
                } else {
                    self.model.seed()
                };
                self.model.reset(Some(seed));
            }
            Msg::Select(name) => self.model.select(Some(name)),
            Msg::Travel(t) => {
                self.model.travel_to(t);
                self.last_frame = None;
            }
            Msg::LessonPick(id) => {
                self.lesson_pick = id;
                return true;
            }
            Msg::StartLesson => {
                let id = self.lesson_pick.clone();
                self.model.start_lesson(&id);
                self.last_frame = None;
                if self.frame.is_none() {
                    self.schedule_frame(ctx);
                }
            }
            Msg::LeaveLesson => self.model.leave_lesson(),
            Msg::TourRun => self.model.run_tour_step(),
            Msg::TourNext => self.model.next_tour_step(),
            Msg::CopyLink => {
                self.notice = Some(match self.share_link() {
                    Ok(link) => {
                        if let Some(w) = web_sys::window() {
                            let hash = link.split_once('#').map(|(_, h)| h).unwrap_or("");
                            let _ = w.location().set_hash(hash);
                        }
                        copy_text(&link);
                        "Link copied. It reproduces this exact moment: same seed, same commands, same time.".into()
                    }
                    Err(e) => e,
                });
            }
            Msg::CopyEmbed => {
                let href = web_sys::window()
                    .and_then(|w| w.location().href().ok())
                    .unwrap_or_default();
                // The embed shows this very session (a share link), else the tutorial.
                let panels = self.panels.clone().unwrap_or_default();
                let link = super::share::encode(&self.model.to_shared(panels)).ok();
                let code = super::share::embed_code(&href, link.as_deref());
                copy_text(&code);
                self.notice = Some(format!("Embed code copied: {code}"));
            }
            Msg::ExportTxt => download(
                "rollout-playground-transcript.txt",
                &self.model.transcript(),
            ),
            Msg::ExportSh => download("rollout-playground-session.sh", &self.model.shell_script()),
            Msg::TogglePresenter => {
                self.presenter = !self.presenter;
                return true;
            }
            Msg::DismissNotice => {
                self.notice = None;
                return true;
            }
        }
        self.refresh_views(None);
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let m = &self.model;
        let target = m.target();
        let target_view = self
            .views
            .iter()
            .find(|v| Some(&v.name) == target.as_ref())
            .cloned();
        let root_class = classes!(
            "app",
            self.presenter.then_some("presenter"),
            self.embed.then_some("embed"),
            self.readonly.then_some("readonly")
        );
        html! {
            <div class={root_class}>
                if !self.embed {
                    <header class="top">
                        <div>
                            <h1>{"Rollout Playground"}</h1>
                            <p class="tagline">{"Kubernetes Deployment rollouts and rollbacks, simulated faithfully in your browser."}</p>
                        </div>
                        { self.toolbar_view(ctx) }
                    </header>
                }
                if let Some(n) = &self.notice {
                    <div class="notice" role="status" id="notice">
                        <p>{ n.clone() }</p>
                        <button class="small" onclick={link.callback(|_| Msg::DismissNotice)} aria-label="Dismiss message">{"×"}</button>
                    </div>
                }
                <div role="status" aria-live="polite" class="visually-hidden" id="announcer">{ m.announcement.clone() }</div>
                <main class="layout">
                    if self.shows("editor") && !self.readonly {
                        <section class="panel editor-panel" aria-labelledby="editor-h">
                            <h2 id="editor-h">{"Deployment YAML"}</h2>
                            <div class="presets" role="group" aria-label="Presets">
                                { for PRESETS.iter().enumerate().map(|(i, (label, file, _))| {
                                    let pressed = m.bench.editor_file == *file;
                                    html! { <button class="chip" aria-pressed={pressed.to_string()} onclick={link.callback(move |_| Msg::Preset(i))}>{ *label }</button> }
                                }) }
                            </div>
                            { self.editor_view(ctx) }
                            <div class="row">
                                <button class="primary" id="apply" onclick={link.callback(|_| Msg::Apply)}>{ format!("Apply  (kubectl apply -f {})", m.bench.editor_file) }</button>
                            </div>
                            { self.controls_view(ctx, target_view.as_ref()) }
                        </section>
                    }
                    <section class="panel stage-panel" aria-labelledby="stage-h">
                        if m.lesson().is_some() && self.shows("lesson") {
                            { self.lesson_view(ctx) }
                        }
                        <div class="stage-head">
                            <h2 id="stage-h">{"Cluster"}</h2>
                            { self.clock_view(ctx) }
                        </div>
                        if self.shows("timeline") {
                            { self.timeline_view(ctx) }
                        }
                        if self.views.len() > 1 {
                            <label class="select-deploy">{"Deployment: "}
                                <select onchange={link.callback(|e: Event| Msg::Select(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                                    { for self.views.iter().map(|v| html!{ <option value={v.name.clone()} selected={Some(&v.name) == target.as_ref()}>{ v.name.clone() }</option> }) }
                                </select>
                            </label>
                        }
                        if self.views.is_empty() {
                            <p class="empty">{"No Deployments yet. Pick a preset and press Apply, or type "}<code>{"kubectl apply -f recreate-deployment.yaml"}</code>{" in the console, or start a lesson."}</p>
                        }
                        { for self.views.iter().map(|v| html! { <DeploymentStage view={v.clone()} selected={Some(&v.name) == target.as_ref()} /> }) }
                        if !self.shows("editor") && self.shows("controls") && !self.readonly {
                            { self.controls_view(ctx, target_view.as_ref()) }
                        }
                        if let Some(v) = &target_view {
                            if self.shows("chart") {
                                <Chart samples={m.timeline.samples.clone()} version={m.version} max_pods={v.max_pods} min_available={v.min_available} replicas={v.replicas} />
                            }
                        }
                        if self.shows("traffic") {
                            { self.traffic_view() }
                        }
                        if self.shows("why") {
                            { self.why_view() }
                        }

                    </section>
                    if self.shows("console") || self.shows("events") {
                        <section class="panel console-panel" aria-labelledby="console-h">
                            if self.shows("console") {
                                <h2 id="console-h">{"kubectl console"}</h2>
                                <ConsoleLog entries={m.timeline.console.clone()} version={m.version} />
                                if !self.readonly {
                                    { self.console_input_view(ctx) }
                                }
                            }
                            if self.shows("events") {
                                <EventLog rows={self.event_rows.clone()} version={self.event_seq} />
                            }
                        </section>
                    }
                </main>
                if !self.embed {
                    <footer class="foot">
                        {"Emulates Kubernetes v1.33 on one node (minikube). Seed "}{ m.seed() }{". Same seed and commands give the same cluster."}
                    </footer>
                }
            </div>
        }
    }
}

impl App {
    fn editor_view(&self, ctx: &Context<Self>) -> Html {
        let m = &self.model;
        let lines = m.bench.editor.lines().count().max(1) + 1;
        let err_line = m.bench.editor_error.as_ref().and_then(|e| e.line);
        html! {
            <>
                <div class="editor" >
                    <pre class="gutter" aria-hidden="true">
                        { for (1..=lines).map(|n| if Some(n) == err_line { html!{ <mark>{ format!("{n}\n") }</mark> } } else { html!{ format!("{n}\n") } }) }
                    </pre>
                    <textarea id="yaml" aria-label="Deployment YAML" spellcheck="false" rows={lines.to_string()}
                        aria-invalid={m.bench.editor_error.is_some().to_string()}
                        aria-describedby="yaml-error"
                        value={m.bench.editor.clone()}
                        oninput={ctx.link().callback(|e: InputEvent| Msg::EditorInput(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
                </div>
                if let Some(err) = &m.bench.editor_error {
                    <div class="error-box" role="alert" id="yaml-error">
                        <strong>{ match (err.line, &err.field) {
                            (Some(l), Some(f)) => format!("Line {l}, {f}: "),
                            (Some(l), None) => format!("Line {l}: "),
                            (None, Some(f)) => format!("{f}: "),
                            _ => String::new(),
                        } }</strong>
                        <pre>{ err.message.clone() }</pre>
                        <p class="hint">{"Nothing was changed in the cluster."}</p>
                    </div>
                }
            </>
        }
    }

    fn toolbar_view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        html! {
            <div class="toolbar" role="group" aria-label="Lessons, sharing and export">
                <label class="lesson-pick">{"Lesson "}
                    <select id="lesson-select" onchange={link.callback(|e: Event| Msg::LessonPick(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                        <optgroup label="Guided tours">
                            { for super::lessons::LESSONS.iter().filter(|l| l.kind == super::lessons::Kind::Tour).map(|l| html!{ <option value={l.id} selected={self.lesson_pick == l.id}>{ l.title }</option> }) }
                        </optgroup>
                        <optgroup label="Rollback scenarios">
                            { for super::lessons::LESSONS.iter().filter(|l| l.kind == super::lessons::Kind::Scenario).map(|l| html!{ <option value={l.id} selected={self.lesson_pick == l.id}>{ l.title }</option> }) }
                        </optgroup>
                    </select>
                </label>
                <button id="start-lesson" onclick={link.callback(|_| Msg::StartLesson)}>{"Start"}</button>
                <button id="copy-link" onclick={link.callback(|_| Msg::CopyLink)}>{"Copy link"}</button>
                <button id="copy-embed" onclick={link.callback(|_| Msg::CopyEmbed)}>{"Copy embed code"}</button>
                <button id="export-txt" onclick={link.callback(|_| Msg::ExportTxt)}>{"Transcript .txt"}</button>
                <button id="export-sh" onclick={link.callback(|_| Msg::ExportSh)}>{"Script .sh"}</button>
                <button id="presenter" aria-pressed={self.presenter.to_string()} onclick={link.callback(|_| Msg::TogglePresenter)}>{"Presenter"}</button>
            </div>
        }
    }

    fn lesson_view(&self, ctx: &Context<Self>) -> Html {
        use super::lessons::{goal_status, GoalStatus, Kind};
        let link = ctx.link();
        let m = &self.model;
        let Some(st) = m.lesson() else {
            return html! {};
        };
        let Some(lesson) = st.lesson() else {
            return html! {};
        };
        html! {
            <section class="lesson" aria-labelledby="lesson-h" id="lesson">
                <div class="lesson-head">
                    <h2 id="lesson-h">{ lesson.title }</h2>
                    <button class="small" id="leave-lesson" onclick={link.callback(|_| Msg::LeaveLesson)}>{"Leave"}</button>
                </div>
                <p>{ lesson.intro }</p>
                if lesson.kind == Kind::Tour {
                    if let Some((i, step, done)) = m.tour_step() {
                        <div class="step" id="tour-step">
                            <h3>{ format!("Step {} of {}: {}", i + 1, lesson.steps.len(), step.title) }</h3>
                            <p>{ step.text }</p>
                            <p class="row"><code>{ step.command }</code>
                                <button id="tour-run" onclick={link.callback(|_| Msg::TourRun)}>{"Run"}</button></p>
                            <p class={classes!("check", done.then_some("done"))} id="tour-check">
                                { if done { "✓ Done. On to the next step." } else { "Waiting for the outcome… (run the command, then let the clock play)" } }
                            </p>
                            <button class="primary" id="tour-next" disabled={!done} onclick={link.callback(|_| Msg::TourNext)}>{ if i + 1 == lesson.steps.len() { "Finish" } else { "Next step" } }</button>
                        </div>
                    } else {
                        <p class="check done" id="tour-done">{"✓ Tour complete."}</p>
                    }
                } else {
                    <p><strong>{"Goal: "}</strong>{ lesson.goal }</p>
                    { match goal_status(m, st) {
                        GoalStatus::Met => html! { <p class="check done" id="goal">{"✓ Goal met: healthy again, with no downtime."}</p> },
                        GoalStatus::Pending(why) => html! { <p class="check" id="goal">{ format!("Not yet: {why}.") }</p> },
                    } }
                    <details><summary>{"Hint"}</summary><p>{ lesson.clue }</p></details>
                }
            </section>
        }
    }

    fn timeline_view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let m = &self.model;
        let now = m.sim().now_ms();
        let end = m.timeline.horizon_ms.max(now).max(1);
        let pct = |t: u64| format!("left: {}%", num::fixed(t as f64 * 100.0 / end as f64, 2));
        html! {
            <div class="timeline" role="group" aria-label="Timeline">
                <label for="timeline">{"Time travel"}</label>
                <div class="track">
                    <input id="timeline" type="range" min="0" max={end.to_string()} step="100" value={now.to_string()}
                        aria-valuetext={clock_text(now)}
                        oninput={link.callback(|e: InputEvent| Msg::Travel(e.target_unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(0)))} />
                    <div class="marks" aria-hidden="true">
                        { for m.sim().events().latest(60).into_iter().filter(|e| e.object_kind == "deployment" || e.kind.as_str() == "Warning").map(|e| {
                            let at = e.last_ms;
                            html! { <span class={classes!("mark", "event", (e.kind.as_str() == "Warning").then_some("warning"))} style={pct(at)} title={format!("{} {}: {}", clock_text(at), e.reason, e.message())}></span> }
                        }) }
                        { for m.timeline.journal.iter().enumerate().map(|(i, e)| {
                            let at = e.at_ms;
                            html! { <button class={classes!("mark", (i >= m.timeline.applied).then_some("future"))} style={pct(at)} title={format!("{} {}", clock_text(at), e.line)} tabindex="-1" onclick={link.callback(move |_| Msg::Travel(at))}></button> }
                        }) }
                    </div>
                </div>
                <span class="small">{ format!("{} / {}", clock_text(now), clock_text(end)) }</span>
            </div>
        }
    }

    fn traffic_view(&self) -> Html {
        let m = &self.model;
        let Some(last) = m.timeline.traffic.last() else {
            return html! {};
        };
        let totals = m
            .lesson()
            .filter(|l| l.started_ms > 0 && l.started_ms < u64::MAX)
            .map(|l| (l.since, "Since the fault"))
            .unwrap_or((
                m.timeline.traffic_totals,
                "Since the Service first had an endpoint",
            ));
        let vulnerable = m.sim().pods().any(|p| {
            p.images
                .first()
                .is_some_and(|i| &**i == "playground/app:vulnerable")
        });
        html! {
            <section class="traffic" aria-labelledby="traffic-h" id="traffic">
                <h3 id="traffic-h">{ format!("Traffic: a Service receiving {} requests/s", last.load_rps) }</h3>
                if last.down && m.timeline.traffic_totals.requests > 0 {
                    <p class="down" role="alert">{"No ready endpoint: every request fails. This is downtime."}</p>
                }
                <div class="wide" tabindex="0" role="region" aria-label="Traffic per version">
                <table>
                    <thead><tr><th>{"Version"}</th><th>{"Endpoints"}</th><th>{"Requests/s"}</th><th>{"Errors/s"}</th><th>{"Latency"}</th></tr></thead>
                    <tbody>
                        { for last.versions.iter().map(|v| html! {
                            <tr class={classes!((v.errors > 0).then_some("warning"))}>
                                <td><code>{ v.image.clone() }</code></td><td>{ v.endpoints }</td><td>{ v.requests }</td><td>{ v.errors }</td><td>{ format!("{} ms", v.latency_ms) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                </div>
                <p class="totals" id="traffic-totals">{ format!("{}: {} requests, {} failed, {} s of downtime.", totals.1, totals.0.requests, totals.0.errors, totals.0.downtime_s) }</p>
                if vulnerable {
                    <p class="scan" role="alert">{"Security scanner: playground/app:vulnerable has CVE-2026-31337 (critical, remote code execution)."}</p>
                }
            </section>
        }
    }

    fn why_view(&self) -> Html {
        let m = &self.model;
        let Some(name) = m.target() else {
            return html! {};
        };
        let mut traces = m.sim().sync_traces(&name);
        let Some(last) = traces.next() else {
            return html! {};
        };
        html! {
            <details class="why" id="why" open=true>
                <summary>{ format!("Why: the controller's last sync of {name} (at {})", clock_text(last.at_ms)) }</summary>
                <ul>{ for last.lines.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                { for traces.map(|t| html! {
                    <details class="earlier">
                        <summary>{ format!("Earlier sync at {}", clock_text(t.at_ms)) }</summary>
                        <ul>{ for t.lines.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                    </details>
                }) }
            </details>
        }
    }

    fn controls_view(&self, ctx: &Context<Self>, v: Option<&DeploymentView>) -> Html {
        let link = ctx.link();
        let Some(v) = v else { return html! {} };
        let image = self.image_input.clone();
        let replicas = v.replicas;
        html! {
            <div class="controls" aria-label="Rollout controls">
                <h2>{ format!("Roll out deployment/{}", v.name) }</h2>
                <form class="row" onsubmit={link.callback(move |e: SubmitEvent| { e.prevent_default(); Msg::Act(Action::SetImage(image.clone())) })}>
                    <label for="image">{"Image"}</label>
                    <input id="image" list="images" value={self.image_input.clone()}
                        oninput={link.callback(|e: InputEvent| Msg::ImageInput(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                    <datalist id="images">
                        { for ["nginx", "nginx:1.27", "httpd", "httpd:alpine", "playground/app:v1", "playground/app:v2", "playground/app:crash", "playground/app:unready", "playground/app:slow", "nginx:does-not-exist"].iter().map(|i| html!{ <option value={*i} /> }) }
                    </datalist>
                    <button type="submit" id="update-image">{"Update image"}</button>
                </form>
                <div class="row buttons">
                    <button id="undo" onclick={link.callback(|_| Msg::Act(Action::Undo))}>{"Undo"}</button>
                    if v.paused {
                        <button id="pause" class="paused" onclick={link.callback(|_| Msg::Act(Action::Resume))}>{"Resume rollout"}</button>
                    } else {
                        <button id="pause" onclick={link.callback(|_| Msg::Act(Action::Pause))}>{"Pause rollout"}</button>
                    }
                    <button id="restart" onclick={link.callback(|_| Msg::Act(Action::Restart))}>{"Restart"}</button>
                    <span class="scale" role="group" aria-label="Scale">
                        <button id="scale-down" aria-label="Scale down by one" disabled={replicas == 0} onclick={link.callback(|_| Msg::Act(Action::Scale(-1)))}>{"−"}</button>
                        <span class="replicas">{ format!("{replicas} replicas") }</span>
                        <button id="scale-up" aria-label="Scale up by one" onclick={link.callback(|_| Msg::Act(Action::Scale(1)))}>{"+"}</button>
                    </span>
                </div>
                <h3>{"Revisions"}</h3>
                <ol class="history">
                    { for v.history.iter().rev().map(|(rev, cause, current)| {
                        let rev = *rev;
                        html! {
                            <li class={classes!(current.then_some("current"))}>
                                <span class="rev">{ format!("#{rev}") }</span>
                                <span class="cause">{ cause.clone() }</span>
                                if *current {
                                    <span class="badge">{"current"}</span>
                                } else {
                                    <button class="small" onclick={link.callback(move |_| Msg::Act(Action::UndoTo(rev)))}>{ format!("Roll back to #{rev}") }</button>
                                }
                            </li>
                        }
                    }) }
                </ol>
            </div>
        }
    }

    fn clock_view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let m = &self.model;
        html! {
            <div class="clock" role="group" aria-label="Simulation clock">
                <span class="time" title="Simulated time">{ clock_text(m.sim().now_ms()) }</span>
                <button id="play" aria-pressed={m.playing().to_string()} onclick={link.callback(|_| Msg::TogglePlay)}>{ if m.playing() { "Pause clock" } else { "Play" } }</button>
                <button id="step" onclick={link.callback(|_| Msg::Step)} title="Jump to the next event">{"Step"}</button>
                <label>{"Speed "}
                    <select id="speed" onchange={link.callback(|e: Event| Msg::Speed(parse_speed(&e.target_unchecked_into::<HtmlSelectElement>().value())))}>
                        { for SPEEDS.iter().map(|s| html!{ <option value={num::plain(*s)} selected={(*s - m.bench.speed).abs() < 1e-9}>{ format!("{}×", num::plain(*s)) }</option> }) }
                    </select>
                </label>
                <button id="reset" onclick={link.callback(|_| Msg::Reset { new_seed: false })} title="Start over with the same seed">{"Reset"}</button>
                <button id="new-seed" onclick={link.callback(|_| Msg::Reset { new_seed: true })}>{"New seed"}</button>
            </div>
        }
    }

    fn console_input_view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        html! {
            <>
                <div class="prompt">
                    <label for="console-input" class="dollar">{"$"}</label>
                    <input id="console-input" autocomplete="off" spellcheck="false" aria-label="kubectl command"
                        placeholder="kubectl get pods   (Tab completes, ↑/↓ history)"
                        value={self.console.text.clone()}
                        oninput={link.callback(|e: InputEvent| Msg::ConsoleInput(e.target_unchecked_into::<HtmlInputElement>().value()))}
                        onkeydown={link.callback(Msg::ConsoleKey)} />
                </div>
                if !self.console.completions.is_empty() {
                    <p class="completions" aria-live="polite">{ self.console.completions.join("   ") }</p>
                }
            </>
        }
    }
}

// ----- the stage -------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct StageProps {
    view: DeploymentView,
    selected: bool,
}

#[function_component(DeploymentStage)]
fn deployment_stage(p: &StageProps) -> Html {
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
                <span class="badge">{ if l.is_new { "new" } else { "old" } }</span>
                <span class="badge">{ format!("rev {}", l.revision) }</span>
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

/// The event table's refresh interval while the clock runs.
const EVENT_REFRESH_MS: f64 = 250.0;

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

// ----- chart ----------------------------------------------------------------------

#[derive(Properties)]
struct ChartProps {
    samples: Rc<Vec<Sample>>,
    version: u64,
    max_pods: i32,
    min_available: i32,
    replicas: i32,
}

impl PartialEq for ChartProps {
    fn eq(&self, o: &Self) -> bool {
        self.version == o.version
            && self.max_pods == o.max_pods
            && self.min_available == o.min_available
    }
}

#[function_component(Chart)]
fn chart(p: &ChartProps) -> Html {
    const W: f64 = 300.0;
    const H: f64 = 90.0;
    let s = &p.samples;
    let top = s
        .iter()
        .map(|x| x.pods.max(x.max_pods))
        .max()
        .unwrap_or(p.max_pods)
        .max(p.max_pods)
        .max(1) as f64;
    let n = s.len().max(2) as f64;
    let y = |v: i32| H - (v as f64 / top) * (H - 6.0) - 3.0;
    let line = |f: &dyn Fn(&Sample) -> i32| -> String {
        s.iter()
            .enumerate()
            .map(|(i, x)| {
                format!(
                    "{},{}",
                    num::fixed(i as f64 * W / (n - 1.0), 1),
                    num::fixed(y(f(x)), 1)
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    html! {
        <figure class="chart">
            <svg viewBox={format!("0 0 {} {}", W as u32, H as u32)} preserveAspectRatio="none" role="img" aria-label={format!("Pods over the last {} simulated seconds against the bounds: at most {}, at least {} available", s.len(), p.max_pods, p.min_available)}>
                <line class="bound max" x1="0" x2={num::plain(W)} y1={num::fixed(y(p.max_pods), 1)} y2={num::fixed(y(p.max_pods), 1)} />
                <line class="bound min" x1="0" x2={num::plain(W)} y1={num::fixed(y(p.min_available), 1)} y2={num::fixed(y(p.min_available), 1)} />
                <polyline class="series total" points={line(&|x| x.pods)} />
                <polyline class="series available" points={line(&|x| x.available)} />
                <polyline class="series updated" points={line(&|x| x.updated)} />
            </svg>
            <figcaption>
                <span class="key total">{"total pods"}</span>
                <span class="key available">{"available"}</span>
                <span class="key updated">{"updated"}</span>
                <span class="key max">{ format!("max pods {}", p.max_pods) }</span>
                <span class="key min">{ format!("min available {}", p.min_available) }</span>
            </figcaption>
        </figure>
    }
}

// ----- console and events ------------------------------------------------------------

#[derive(Properties)]
struct ConsoleProps {
    entries: Rc<Vec<ConsoleEntry>>,
    version: u64,
}

impl PartialEq for ConsoleProps {
    /// The console changes only through the model, which bumps the version.
    fn eq(&self, o: &Self) -> bool {
        self.version == o.version
    }
}

#[function_component(ConsoleLog)]
fn console_log(p: &ConsoleProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(p.entries.len(), move |len| {
            // Scrolling reads the layout; with nothing to show (start-up) it would
            // force one inside the first render for nothing.
            if *len > 0 {
                if let Some(el) = node.cast::<web_sys::Element>() {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    }
    html! {
        <div class="console" ref={node} role="log" aria-label="Console output" tabindex="0">
            if p.entries.is_empty() {
                <p class="hint">{"Every button runs a kubectl command, echoed here. Try "}<code>{"kubectl get pods"}</code>{"."}</p>
            }
            { for p.entries.iter().map(|e| html! {
                <div class="entry">
                    <div class="cmd">{ format!("$ {}", e.command) }</div>
                    { for e.output.chunks.iter().map(|(stream, text)| html! {
                        <pre class={classes!(if *stream == crate::kubectl::Stream::Stderr { "stderr" } else { "stdout" })}>{ text.clone() }</pre>
                    }) }
                </div>
            }) }
        </div>
    }
}

#[derive(Properties)]
struct EventProps {
    rows: Rc<Vec<EventRow>>,
    version: u64,
}

impl PartialEq for EventProps {
    fn eq(&self, o: &Self) -> bool {
        self.version == o.version
    }
}

#[function_component(EventLog)]
fn event_log(p: &EventProps) -> Html {
    html! {
        <details class="events" open=true>
            <summary>{"Events (kubectl get events, newest first)"}</summary>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Events">
                <table>
                    <thead><tr><th>{"LAST SEEN"}</th><th>{"TYPE"}</th><th>{"REASON"}</th><th>{"OBJECT"}</th><th>{"MESSAGE"}</th></tr></thead>
                    <tbody>
                        { for p.rows.iter().map(|r| html! {
                            <tr key={r.seq} class={classes!((r.kind == "Warning").then_some("warning"))}>
                                <td>{ r.age.clone() }</td><td>{ r.kind }</td><td>{ r.reason }</td><td>{ r.object.clone() }</td><td>{ r.message.clone() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </details>
    }
}

/// Copies text to the clipboard when the browser allows it (the notice shows the
/// text too, for browsers that do not).
fn copy_text(text: &str) {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let clipboard = js_sys::Reflect::get(&window, &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()));
    if let Ok(clipboard) = clipboard {
        if let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) {
            if let Some(write) = write.dyn_ref::<js_sys::Function>() {
                let _ = write.call1(&clipboard, &text.into());
            }
        }
    }
}

/// Saves text as a file through a `data:` link (no request leaves the page).
fn download(file: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(a) = doc.create_element("a") else {
        return;
    };
    let href = format!(
        "data:text/plain;charset=utf-8,{}",
        js_sys::encode_uri_component(text)
    );
    let _ = a.set_attribute("href", &href);
    let _ = a.set_attribute("download", file);
    if let Ok(a) = a.dyn_into::<web_sys::HtmlElement>() {
        a.click();
    }
}

// ----- start-up -------------------------------------------------------------------

/// Shows a panic as an error box instead of leaving a dead page.
fn show_fatal(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    let Ok(div) = doc.create_element("div") else {
        return;
    };
    div.set_id("fatal");
    let _ = div.set_attribute("role", "alert");
    let _ = div.set_attribute("class", "fatal");
    div.set_text_content(Some(&format!(
        "Rollout Playground hit an internal error and stopped: {message}\nReload the page to start again. Please report this with the steps that led to it."
    )));
    let _ = body.prepend_with_node_1(&div);
}

fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal(&info.to_string());
    }));
}

/// The page options from `?query` and `#fragment`.
fn options_from_url() -> super::share::PageOptions {
    let location = web_sys::window().map(|w| w.location());
    let query = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    let hash = location
        .as_ref()
        .and_then(|l| l.hash().ok())
        .unwrap_or_default();
    super::share::page_options(&query, &hash)
}

/// Mounts the app into `#app` with the seed from `?seed=N`.
pub fn start() {
    install_panic_hook();
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    else {
        show_fatal("the page has no #app element");
        return;
    };
    yew::Renderer::<App>::with_root_and_props(root, {
        let options = options_from_url();
        AppProps {
            seed: options.seed.unwrap_or(1),
            autoplay: true,
            options,
        }
    })
    .render();
}

/// Mounts the app into `root` (component tests).
pub fn mount(root: web_sys::Element, props: AppProps) -> yew::AppHandle<App> {
    install_panic_hook();
    yew::Renderer::<App>::with_root_and_props(root, props).render()
}
