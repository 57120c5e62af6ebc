//! The yew app: draws the [`Playground`] model and turns clicks, keys and animation
//! frames into model calls. Every control runs a kubectl command through the model,
//! which echoes it in the console. Animation is CSS over the model's states; nothing
//! here feeds back into the simulation except the clock.

use super::panels::{Chart, ConsoleLog, EventLog};
use super::stage::{orphan_stage, DeploymentStage};
use crate::num;
use crate::ui::console::{ConsoleInput, Key};
use crate::ui::model::*;
use crate::ui::presets::PRESETS;
use crate::ui::share::Panel;
use crate::ui::views::sync_lines;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
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
    pub options: crate::ui::share::PageOptions,
}

/// The page's guard script (`src/ui/web/guard.js`), loaded before the wasm.
#[wasm_bindgen(js_namespace = rolloutPlayground)]
extern "C" {
    /// Calls `f(time, held)` on the next animation frame after `delay_ms`, only
    /// while the page is visible and in view; `held` says it waited for that.
    #[wasm_bindgen(js_name = frame)]
    fn request_frame(f: &js_sys::Function, delay_ms: f64);
    /// A frame waiting on its delay comes at once.
    fn wake();
    /// Keeps a share link of the session for "Reload this session".
    #[wasm_bindgen(js_name = saveGood)]
    fn save_good(link: &str);
    /// Shows the error box with "Reload this session".
    fn fatal(message: &str);
}

/// While the clock plays and nothing is due sooner, the page draws this often
/// (wall time): enough for the clock's tenths, far below 60 frames a second.
const IDLE_FRAME_MS: f64 = 100.0;
/// A timer due sooner than this gets the next animation frame, not a timeout.
const MIN_SLEEP_MS: f64 = 20.0;

pub enum Msg {
    /// An animation frame at `time`; `held` if the page was hidden or out of view.
    Frame {
        time: f64,
        held: bool,
    },
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
    Reset {
        new_seed: bool,
    },
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
    RestoreReplaced,
}

pub struct App {
    model: Playground,
    console: ConsoleInput,
    image_input: String,
    last_frame: Option<f64>,
    /// The frame loop's callback, handed to the guard script for every frame.
    frame_callback: Closure<dyn FnMut(f64, bool)>,
    /// A frame is requested (on a timer or an animation frame).
    frame_pending: bool,
    /// What the last saved share link held: (journal length, commands run, lesson step).
    saved: (usize, usize, usize),
    views: Rc<Vec<DeploymentView>>,
    /// Pods no Deployment owns (a deleted Deployment's, while they terminate).
    orphans: Rc<Vec<LaneView>>,
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
    panels: Option<Vec<Panel>>,
}

impl App {
    /// Requests the next frame while the clock plays: the frame loop sleeps when
    /// paused (a click or a key wakes it, see `update`), and between timers that
    /// are far apart it draws at `IDLE_FRAME_MS`.
    fn schedule_frame(&mut self, ctx: &Context<Self>) {
        if !ctx.props().autoplay || !self.model.playing() {
            return;
        }
        if self.frame_pending {
            wake();
            return;
        }
        let sim = self.model.sim();
        let now = sim.now_ms();
        let next_command = self
            .model
            .timeline
            .journal()
            .get(self.model.timeline.applied());
        let due = [sim.next_deadline(), next_command.map(|e| e.at_ms)]
            .into_iter()
            .flatten()
            .min()
            .map_or(f64::INFINITY, |t| {
                t.saturating_sub(now) as f64 / self.model.bench.speed
            });
        let delay_ms = due.min(IDLE_FRAME_MS);
        request_frame(
            self.frame_callback.as_ref().unchecked_ref(),
            if delay_ms < MIN_SLEEP_MS {
                0.0
            } else {
                delay_ms
            },
        );
        self.frame_pending = true;
    }

    /// Hands the guard script a share link of the session after each command, so
    /// "Reload this session" after a crash comes back to the last one that worked.
    /// A session too long for a link keeps the last one that fitted.
    fn save_good_state(&mut self) {
        let t = &self.model.timeline;
        let now = (
            t.journal().len(),
            t.applied(),
            t.lesson().map_or(0, |l| l.step + 1),
        );
        if now != self.saved {
            self.saved = now;
            if let Ok(link) = crate::ui::share::encode(
                &self
                    .model
                    .to_shared(self.panels.clone().unwrap_or_default()),
            ) {
                save_good(&link);
            }
        }
    }

    /// Rebuilds the view models that changed. `frame_ms` is set for animation
    /// frames: the event table then refreshes at most every `EVENT_REFRESH_MS`
    /// (at 1,000 pods, dozens of events a frame would rebuild the table each frame,
    /// faster than anyone reads it); after a click or a command it refreshes at once.
    fn refresh_views(&mut self, frame_ms: Option<f64>) {
        if self.views_version != self.model.version {
            self.views = Rc::new(deployment_views(self.model.sim()));
            self.orphans = Rc::new(orphan_lanes(self.model.sim()));
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
    fn apply_options(&mut self, o: &crate::ui::share::PageOptions) {
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

    /// Runs one message against the model; returns whether the view changed.
    fn handle(&mut self, msg: Msg) -> bool {
        let before = self.model.version;
        match msg {
            Msg::Frame { time, held } => {
                if held {
                    // The page was hidden or out of view: resume where it was.
                    self.last_frame = None;
                }
                let dt = self.last_frame.map(|l| time - l).unwrap_or(0.0);
                self.last_frame = Some(time);
                self.model.frame(dt);
                if self.model.version == before && !self.event_rows_due(Some(time)) {
                    return false;
                }
                self.refresh_views(Some(time));
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
                // Ctrl+C with nothing selected stops a following command; with a
                // selection it copies, as everywhere.
                if e.ctrl_key() && e.key().eq_ignore_ascii_case("c") && self.model.following() {
                    let input = e.target_unchecked_into::<HtmlInputElement>();
                    if input.selection_start().ok().flatten()
                        == input.selection_end().ok().flatten()
                    {
                        e.prevent_default();
                        self.model.interrupt();
                        self.refresh_views(None);
                        return true;
                    }
                }
                let model = &self.model;
                match self
                    .console
                    .key(&e.key(), e.shift_key(), &model.bench.history, |line| {
                        model.complete(line)
                    }) {
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
                let link = crate::ui::share::encode(&self.model.to_shared(panels)).ok();
                let code = crate::ui::share::embed_code(&href, link.as_deref());
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
            Msg::RestoreReplaced => {
                self.model.restore_replaced();
                self.last_frame = None;
            }
        }
        self.refresh_views(None);
        true
    }

    fn shows(&self, panel: Panel) -> bool {
        self.panels.as_ref().is_none_or(|p| p.contains(&panel))
    }

    fn share_link(&self) -> Result<String, String> {
        let panels = self.panels.clone().unwrap_or_default();
        let link = crate::ui::share::encode(&self.model.to_shared(panels)).map_err(|e| e.0)?;
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
            frame_callback: {
                let link = ctx.link().clone();
                Closure::new(move |time, held| link.send_message(Msg::Frame { time, held }))
            },
            frame_pending: false,
            saved: (0, 0, 0),
            views: Rc::new(Vec::new()),
            orphans: Rc::new(Vec::new()),
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
        let frame = matches!(msg, Msg::Frame { .. });
        let render = self.handle(msg);
        if frame {
            self.frame_pending = false;
        } else {
            self.save_good_state();
        }
        self.schedule_frame(ctx);
        render
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
                    if self.shows(Panel::Editor) && !self.readonly {
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
                        if m.lesson().is_some() && self.shows(Panel::Lesson) {
                            { self.lesson_view(ctx) }
                        }
                        <div class="stage-head">
                            <h2 id="stage-h">{"Cluster"}</h2>
                            { self.clock_view(ctx) }
                        </div>
                        if self.shows(Panel::Timeline) {
                            { self.timeline_view(ctx) }
                        }
                        if let Some(r) = &m.bench.replaced {
                            <div class="replaced" role="status" id="replaced">
                                <p>{ format!("The command at {} replaced {} later {} of the timeline.", clock_text(r.at_ms), r.count, if r.count == 1 { "command" } else { "commands" }) }</p>
                                <button class="small" id="restore-replaced" onclick={link.callback(|_| Msg::RestoreReplaced)}>{"Restore them"}</button>
                            </div>
                        }
                        if self.views.len() > 1 {
                            <label class="select-deploy">{"Deployment: "}
                                <select onchange={link.callback(|e: Event| Msg::Select(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                                    { for self.views.iter().map(|v| html!{ <option value={v.name.clone()} selected={Some(&v.name) == target.as_ref()}>{ v.name.clone() }</option> }) }
                                </select>
                            </label>
                        }
                        if self.views.is_empty() && self.orphans.is_empty() {
                            <p class="empty">{"No Deployments yet. Pick a preset and press Apply, or type "}<code>{"kubectl apply -f recreate-deployment.yaml"}</code>{" in the console, or start a lesson."}</p>
                        }
                        { for self.views.iter().map(|v| html! { <DeploymentStage view={v.clone()} selected={Some(&v.name) == target.as_ref()} /> }) }
                        if !self.orphans.is_empty() {
                            { orphan_stage(&self.orphans) }
                        }
                        if !self.shows(Panel::Editor) && self.shows(Panel::Controls) && !self.readonly {
                            { self.controls_view(ctx, target_view.as_ref()) }
                        }
                        if let Some(v) = &target_view {
                            if self.shows(Panel::Chart) {
                                <Chart samples={m.timeline.samples().clone()} version={m.version} max_pods={v.max_pods} min_available={v.min_available} replicas={v.replicas} />
                            }
                        }
                        if self.shows(Panel::Traffic) {
                            { self.traffic_view() }
                        }
                        if self.shows(Panel::Why) {
                            { self.why_view() }
                        }

                    </section>
                    if self.shows(Panel::Console) || self.shows(Panel::Events) {
                        <section class="panel console-panel" aria-labelledby="console-h">
                            if self.shows(Panel::Console) {
                                <h2 id="console-h">{"kubectl console"}</h2>
                                <ConsoleLog entries={m.timeline.console().clone()} version={m.version} />
                                if !self.readonly {
                                    { self.console_input_view(ctx) }
                                }
                            }
                            if self.shows(Panel::Events) {
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
                            { for crate::ui::lessons::LESSONS.iter().filter(|l| l.kind == crate::ui::lessons::Kind::Tour).map(|l| html!{ <option value={l.id} selected={self.lesson_pick == l.id}>{ l.title }</option> }) }
                        </optgroup>
                        <optgroup label="Rollback scenarios">
                            { for crate::ui::lessons::LESSONS.iter().filter(|l| l.kind == crate::ui::lessons::Kind::Scenario).map(|l| html!{ <option value={l.id} selected={self.lesson_pick == l.id}>{ l.title }</option> }) }
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
        use crate::ui::lessons::{goal_status, GoalStatus, Kind};
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
        let end = m.timeline.horizon_ms().max(now).max(1);
        let pct = |t: u64| format!("left: {}%", num::fixed(t as f64 * 100.0 / end as f64, 2));
        html! {
            <div class="timeline" role="group" aria-label="Timeline">
                <label for="timeline">{"Time travel"}</label>
                <div class="track">
                    <input id="timeline" type="range" min="0" max={end.to_string()} step={TRAVEL_STEP_MS.to_string()} value={now.to_string()}
                        aria-valuetext={clock_text(now)}
                        oninput={link.callback(|e: InputEvent| Msg::Travel(e.target_unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(0)))} />
                    <div class="marks" aria-hidden="true">
                        { for m.sim().events().latest(60).into_iter().filter(|e| e.object_kind == "deployment" || e.kind.as_str() == "Warning").map(|e| {
                            let at = e.last_ms;
                            html! { <span class={classes!("mark", "event", (e.kind.as_str() == "Warning").then_some("warning"))} style={pct(at)} title={format!("{} {}: {}", clock_text(at), e.reason, e.message())}></span> }
                        }) }
                        { for m.timeline.journal().iter().enumerate().map(|(i, e)| {
                            let at = e.at_ms;
                            html! { <button class={classes!("mark", (i >= m.timeline.applied()).then_some("future"))} style={pct(at)} title={format!("{} {}", clock_text(at), e.line)} tabindex="-1" onclick={link.callback(move |_| Msg::Travel(at))}></button> }
                        }) }
                    </div>
                </div>
                <span class="small">{ format!("{} / {}", clock_text(now), clock_text(end)) }</span>
            </div>
        }
    }

    fn traffic_view(&self) -> Html {
        let m = &self.model;
        if m.timeline.traffic_service().is_none() {
            // Nothing sends traffic to pods no Service selects: say how to make one.
            let Some(name) = m.target() else {
                return html! {};
            };
            return html! {
                <section class="traffic" aria-labelledby="traffic-h" id="traffic">
                    <h3 id="traffic-h">{"Traffic: no Service"}</h3>
                    <p>{"No Service selects these pods, so no request reaches them. "}<code>{ format!("kubectl expose deployment {name} --port=80") }</code>{" makes one."}</p>
                </section>
            };
        }
        let Some(last) = m.timeline.traffic().last() else {
            return html! {};
        };
        let totals = m
            .lesson()
            .filter(|l| l.started_ms > 0 && l.started_ms < u64::MAX)
            .map(|l| (l.since, "Since the fault"))
            .unwrap_or((
                m.timeline.traffic_totals(),
                "Since the Service first had an endpoint",
            ));
        let vulnerable = m.sim().pods().any(|p| {
            p.images
                .first()
                .is_some_and(|i| &**i == "playground/app:vulnerable")
        });
        html! {
            <section class="traffic" aria-labelledby="traffic-h" id="traffic">
                <h3 id="traffic-h">{ format!("Traffic: Service {} receiving {} requests/s", last.service, last.load_rps) }</h3>
                if last.down && m.timeline.traffic_totals().requests > 0 {
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
                <ul>{ for sync_lines(&last.facts).into_iter().map(|l| html! { <li>{ l }</li> }) }</ul>
                { for traces.map(|t| html! {
                    <details class="earlier">
                        <summary>{ format!("Earlier sync at {}", clock_text(t.at_ms)) }</summary>
                        <ul>{ for sync_lines(&t.facts).into_iter().map(|l| html! { <li>{ l }</li> }) }</ul>
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
                        aria-describedby="console-keys"
                        value={self.console.text.clone()}
                        oninput={link.callback(|e: InputEvent| Msg::ConsoleInput(e.target_unchecked_into::<HtmlInputElement>().value()))}
                        onkeydown={link.callback(Msg::ConsoleKey)} />
                </div>
                <p class="hint keys" id="console-keys">{ if self.model.following() { "Ctrl+C stops the command that is watching; the next command stops it too." } else { "Tab completes; Esc then Tab (or Tab on an empty line) moves on." } }</p>
                if !self.console.completions.is_empty() {
                    <p class="completions" aria-live="polite">{ self.console.completions.join("   ") }</p>
                }
            </>
        }
    }
}

/// The event table's refresh interval while the clock runs.
const EVENT_REFRESH_MS: f64 = 250.0;

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

/// Through yew: its renderer replaces a hook set with `std::panic::set_hook` by
/// its own unless one was set this way (so the error box never showed before).
fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        // The guard script's error box, with "Reload this session"; it logs the
        // message to the console too.
        fatal(&info.to_string());
    }));
}

/// The page options from `?query` and `#fragment`.
fn options_from_url() -> crate::ui::share::PageOptions {
    let location = web_sys::window().map(|w| w.location());
    let query = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    let hash = location
        .as_ref()
        .and_then(|l| l.hash().ok())
        .unwrap_or_default();
    crate::ui::share::page_options(&query, &hash)
}

/// Mounts the app into `#app` with the seed from `?seed=N`.
pub fn start() {
    install_panic_hook();
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    else {
        fatal("the page has no #app element");
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

/// Fails on purpose, so tests can see the crash guard at work: `0` panics (the
/// panic hook, then a trap), anything else is a bare wasm trap with no hook.
#[wasm_bindgen]
pub fn debug_trap(kind: u32) {
    if kind == 0 {
        panic!("debug_trap was called");
    }
    core::arch::wasm32::unreachable();
}

/// Mounts the app into `root` (component tests).
pub fn mount(root: web_sys::Element, props: AppProps) -> yew::AppHandle<App> {
    install_panic_hook();
    yew::Renderer::<App>::with_root_and_props(root, props).render()
}
