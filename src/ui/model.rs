//! The playground's state without the DOM: the kubectl session, the editor buffer,
//! the console, the simulation clock, the guardrail chart samples, and the view models
//! the components draw. Every button becomes a kubectl command here, so what a click
//! does is exactly what typing it does. Compiled natively too, so it is unit-tested
//! without a browser. It must not touch web-sys or yew.

use crate::kubectl::script::Session;
use crate::kubectl::{args, rollout_status_message, Files, Output};
use crate::sim::rolling::{max_surge, max_unavailable};
use crate::sim::*;

pub const RECREATE_YAML: &str = include_str!("../../presets/recreate-deployment.yaml");
pub const ROLLING_YAML: &str = include_str!("../../presets/rolling-deployment.yaml");
pub const BLANK_YAML: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n";

/// (label, file name, YAML).
pub const PRESETS: &[(&str, &str, &str)] = &[
    (
        "Recreate (tutorial)",
        "recreate-deployment.yaml",
        RECREATE_YAML,
    ),
    (
        "RollingUpdate (tutorial)",
        "rolling-deployment.yaml",
        ROLLING_YAML,
    ),
    ("Blank", "deployment.yaml", BLANK_YAML),
];

pub const SPEEDS: &[f64] = &[0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0];
/// Up to this many pods a lane draws them as DOM tiles (CSS transitions);
/// above it, on a canvas (one element, however many pods).
pub const DOM_TILE_LIMIT: usize = 150;
/// Above this many pods a lane shows counts per state instead of single pods.
pub const TILE_LIMIT: usize = 3_000;
/// The chart keeps this many one-second samples.
pub const CHART_SAMPLES: usize = 240;
/// Replaying a share link stops beyond this many pod creations.
pub const MAX_REPLAY_PODS: u64 = 120_000;
/// A frame never advances the sim by more than this much wall time (tab switches).
pub const MAX_FRAME_MS: f64 = 250.0;

#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleEntry {
    pub command: String,
    pub output: Output,
    pub at_ms: TimeMs,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    pub t_ms: TimeMs,
    pub pods: i32,
    pub available: i32,
    pub updated: i32,
    pub max_pods: i32,
    pub min_available: i32,
}

/// The editor's error, placed at a line when the manifest says where.
#[derive(Clone, Debug, PartialEq)]
pub struct EditorError {
    pub line: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

pub struct Playground {
    pub session: Session,
    pub seed: u64,
    pub editor: String,
    pub editor_file: String,
    pub editor_error: Option<EditorError>,
    /// Shared with the components; changed copy-on-write.
    pub console: std::rc::Rc<Vec<ConsoleEntry>>,
    pub history: Vec<String>,
    pub speed: f64,
    pub playing: bool,
    /// Shared with the chart; changed copy-on-write.
    pub samples: std::rc::Rc<Vec<Sample>>,
    /// The Deployment the buttons act on.
    pub selected: Option<String>,
    /// Bumped on every visible change; components re-render when it moves.
    pub version: u64,
    /// What the ARIA live region says.
    pub announcement: String,
    /// Sub-millisecond remainder of frame time not yet given to the sim.
    carry_ms: f64,
    /// Every command that reached the cluster, at its simulated time: the session
    /// can be rebuilt from the seed and this log (time travel, share links).
    pub journal: Vec<JournalEntry>,
    /// How many journal entries the current timeline has run. Below `journal.len()`
    /// after travelling back: the rest run again as the clock reaches them, until a
    /// new command replaces them.
    pub applied: usize,
    /// The furthest simulated time this timeline has reached.
    pub horizon_ms: TimeMs,
    /// Requests per second through the Service, one sample per simulated second.
    pub traffic: std::rc::Rc<Vec<super::traffic::TrafficSample>>,
    pub traffic_totals: super::traffic::TrafficTotals,
    /// The lesson being followed (a guided tour or a rollback scenario), if any.
    pub lesson: Option<super::lessons::LessonState>,
    /// When rebuilding from a share link: stop once the sim has created this many
    /// pods, so a hostile link cannot freeze the tab.
    replay_pod_budget: Option<u64>,
}

/// One command of the journal. `file` is the editor's file as it was when the
/// command ran, when the command read it (`apply -f`).
#[derive(Clone, Debug, PartialEq)]
pub struct JournalEntry {
    pub at_ms: TimeMs,
    pub line: String,
    pub file: Option<(String, String)>,
}

struct PlaygroundFiles<'a> {
    editor_file: &'a str,
    editor: &'a str,
    lesson: Option<&'static super::lessons::Lesson>,
}

impl<'a> PlaygroundFiles<'a> {
    /// What `-f` can read: the editor's file, the presets, the lesson's files.
    fn new(
        editor_file: &'a str,
        editor: &'a str,
        lesson: &Option<super::lessons::LessonState>,
    ) -> Self {
        PlaygroundFiles {
            editor_file,
            editor,
            lesson: lesson.as_ref().and_then(|l| l.lesson()),
        }
    }
}

impl Files for PlaygroundFiles<'_> {
    fn read(&self, path: &str) -> Option<String> {
        let path = path.trim_start_matches("./");
        if path == self.editor_file {
            return Some(self.editor.to_string());
        }
        PRESETS
            .iter()
            .find(|(_, f, _)| *f == path)
            .map(|(_, _, y)| y.to_string())
            .or_else(|| {
                self.lesson
                    .and_then(|l| super::lessons::lesson_file(l, path))
                    .map(str::to_string)
            })
    }
}

/// The file a command reads with `-f NAME` / `--filename=NAME`, if any.
pub fn file_argument(line: &str) -> Option<String> {
    let words = args::tokenize(line).ok()?;
    let mut it = words.iter();
    while let Some(w) = it.next() {
        if w == "-f" || w == "--filename" {
            return it.next().cloned();
        }
        if let Some(v) = w
            .strip_prefix("-f=")
            .or_else(|| w.strip_prefix("--filename="))
        {
            return Some(v.to_string());
        }
    }
    None
}

impl Playground {
    pub fn new(seed: u64) -> Playground {
        Playground {
            session: Session::new(seed),
            seed,
            editor: RECREATE_YAML.to_string(),
            editor_file: PRESETS[0].1.to_string(),
            editor_error: None,
            console: Default::default(),
            history: Vec::new(),
            speed: 1.0,
            playing: true,
            samples: Default::default(),
            selected: None,
            version: 0,
            announcement: String::new(),
            carry_ms: 0.0,
            journal: Vec::new(),
            applied: 0,
            horizon_ms: 0,
            traffic: Default::default(),
            traffic_totals: Default::default(),
            lesson: None,
            replay_pod_budget: None,
        }
    }

    pub fn sim(&self) -> &Sim {
        &self.session.sim
    }

    /// Loads a preset into the editor (nothing is applied).
    pub fn load_preset(&mut self, index: usize) {
        if let Some((_, file, yaml)) = PRESETS.get(index) {
            self.editor = yaml.to_string();
            self.editor_file = file.to_string();
            self.editor_error = None;
            self.version += 1;
        }
    }

    /// Runs one console line (kubectl or sleep), echoes it, and returns its output.
    pub fn run(&mut self, line: &str) -> Output {
        let line = line.trim();
        if line.is_empty() {
            return Output::default();
        }
        if self.history.last().map(String::as_str) != Some(line) {
            self.history.push(line.to_string());
        }
        if line == "clear" {
            std::rc::Rc::make_mut(&mut self.console).clear();
            self.version += 1;
            return Output::default();
        }
        if let Some(sleep) = crate::kubectl::script::sleep_ms(line) {
            // Time passing is not a command: the clock advances (chart and traffic
            // sampled as usual) and the journal only records commands.
            let mut out = Output::default();
            match sleep {
                Ok(ms) => self.advance(ms),
                Err(e) => out.fail(e),
            }
            self.push_console(line, out.clone(), self.sim().now_ms());
            return out;
        }
        // A new command in the past replaces the commands that came after it.
        self.journal.truncate(self.applied);
        // The file the command reads, as it is now: replay must not depend on
        // what the editor holds later.
        let file = file_argument(line).and_then(|name| {
            let files = PlaygroundFiles::new(&self.editor_file, &self.editor, &self.lesson);
            let name = name.trim_start_matches("./").to_string();
            files.read(&name).map(|text| (name, text))
        });
        self.journal.push(JournalEntry {
            at_ms: self.sim().now_ms(),
            line: line.to_string(),
            file,
        });
        self.applied = self.journal.len();
        self.horizon_ms = self.sim().now_ms();
        let out = self.execute(line);
        self.horizon_ms = self.horizon_ms.max(self.sim().now_ms());
        out
    }

    /// Runs a command without recording it (the journal's own replay uses this).
    fn execute(&mut self, line: &str) -> Output {
        let at_ms = self.session.sim.now_ms();
        let output = match self.edit_target(line) {
            Some(name) => self.open_in_editor(&name),
            None => {
                let files = PlaygroundFiles::new(&self.editor_file, &self.editor, &self.lesson);
                self.session.run_line(&files, line)
            }
        };
        self.push_console(line, output.clone(), at_ms);
        output
    }

    fn push_console(&mut self, line: &str, output: Output, at_ms: TimeMs) {
        let console = std::rc::Rc::make_mut(&mut self.console);
        console.push(ConsoleEntry {
            command: line.to_string(),
            output,
            at_ms,
        });
        if console.len() > 500 {
            console.drain(..100);
        }
        self.after_change();
    }

    /// `kubectl edit deployment NAME` (or `deployment/NAME`, `deploy NAME`): the
    /// Deployment to open in the editor, when it exists. Anything else (other kinds,
    /// a missing name) goes to kubectl, which explains.
    fn edit_target(&self, line: &str) -> Option<String> {
        let words = args::tokenize(line).ok()?;
        let rest: Vec<&str> = words
            .iter()
            .map(String::as_str)
            .filter(|w| !w.starts_with('-'))
            .collect();
        if rest.len() < 3 || rest[0] != "kubectl" || rest[1] != "edit" {
            return None;
        }
        let name = match rest[2].split_once('/') {
            Some(("deployment" | "deployments" | "deploy" | "deployment.apps", name)) => name,
            None if matches!(rest[2], "deployment" | "deployments" | "deploy") => rest.get(3)?,
            _ => return None,
        };
        self.sim().deployment(name).map(|d| d.name.clone())
    }

    /// The web playground's `kubectl edit`: the live object, as `-o yaml` prints it,
    /// goes into the editor; Apply saves it.
    fn open_in_editor(&mut self, name: &str) -> Output {
        let mut out = Output::default();
        let Some(d) = self.sim().deployment(name) else {
            return out;
        };
        self.editor =
            crate::manifest::render::to_yaml(&crate::manifest::render::deployment_json(d));
        self.editor_file = format!("deployment-{name}.yaml");
        self.editor_error = None;
        out.chunks.push((
            crate::kubectl::Stream::Stdout,
            format!(
                "Editing deployment.apps/{name} in the YAML editor: change it, then press Apply (kubectl apply -f {}).\n",
                self.editor_file
            ),
        ));
        out
    }

    /// Applies the editor's YAML with `kubectl apply -f`, and places any error.
    pub fn apply_editor(&mut self) -> Output {
        let out = self.run(&format!("kubectl apply -f {}", self.editor_file));
        self.editor_error = None;
        if out.exit_code != 0 {
            let placed = match crate::manifest::parse(&self.editor) {
                Err(e) => Some((e.line(), e.field())),
                Ok(docs) => docs
                    .into_iter()
                    .find_map(|d| d.err())
                    .map(|e| (e.line(), e.field())),
            };
            let (line, field) = placed.unwrap_or((None, None));
            self.editor_error = Some(EditorError {
                line,
                field,
                message: out.stderr().trim_end().to_string(),
            });
        }
        self.version += 1;
        out
    }

    /// The Deployment the controls act on: the chosen one, else the first.
    pub fn target(&self) -> Option<String> {
        match &self.selected {
            Some(n) if self.sim().deployment(n).is_some() => Some(n.clone()),
            _ => self.sim().deployments().next().map(|d| d.name.clone()),
        }
    }

    /// A button's command for the target Deployment (None when there is none).
    pub fn command_for(&self, action: &Action) -> Option<String> {
        let name = self.target()?;
        let d = self.sim().deployment(&name)?;
        Some(match action {
            Action::SetImage(image) => {
                let container = d
                    .spec
                    .template
                    .spec
                    .containers
                    .first()
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| "*".into());
                format!("kubectl set image deployment/{name} {container}={image}")
            }
            Action::Undo => format!("kubectl rollout undo deployment/{name}"),
            Action::UndoTo(rev) => {
                format!("kubectl rollout undo deployment/{name} --to-revision={rev}")
            }
            Action::Pause => format!("kubectl rollout pause deployment/{name}"),
            Action::Resume => format!("kubectl rollout resume deployment/{name}"),
            Action::Restart => format!("kubectl rollout restart deployment/{name}"),
            Action::Scale(delta) => format!(
                "kubectl scale deployment/{name} --replicas={}",
                (d.spec.replicas as i64 + delta).max(0)
            ),
            Action::Delete => format!("kubectl delete deployment {name}"),
        })
    }

    pub fn act(&mut self, action: &Action) -> Option<Output> {
        let cmd = self.command_for(action)?;
        Some(self.run(&cmd))
    }

    /// Advances the clock by one animation frame of `wall_ms` at the current speed.
    pub fn frame(&mut self, wall_ms: f64) {
        // NaN or a clock that went backwards gives no time.
        if !self.playing || wall_ms.is_nan() || wall_ms <= 0.0 {
            return;
        }
        let sim_ms = wall_ms.min(MAX_FRAME_MS) * self.speed + self.carry_ms;
        let whole = sim_ms.floor();
        self.carry_ms = sim_ms - whole;
        if whole >= 1.0 {
            self.advance(whole as u64);
        }
    }

    /// Advances simulated time, sampling the chart and the traffic every simulated
    /// second, and running journal entries left from before a travel back in time
    /// when the clock reaches them.
    pub fn advance(&mut self, ms: TimeMs) {
        let target = self.session.sim.now_ms().saturating_add(ms);
        self.advance_to(target);
    }

    pub fn advance_to(&mut self, target: TimeMs) {
        let before = self.session.sim.now_ms();
        loop {
            if self
                .replay_pod_budget
                .is_some_and(|b| self.sim().pods_created() > b)
            {
                break;
            }
            while let Some(e) = self.journal.get(self.applied) {
                if e.at_ms > self.sim().now_ms() {
                    break;
                }
                let e = e.clone();
                self.applied += 1;
                if let Some((file, text)) = e.file {
                    self.editor_file = file;
                    self.editor = text;
                }
                self.execute(&e.line);
            }
            let t = self.session.sim.now_ms();
            if t >= target {
                break;
            }
            let next_second = (t / 1000 + 1) * 1000;
            let next_entry = self
                .journal
                .get(self.applied)
                .map_or(TimeMs::MAX, |e| e.at_ms);
            let step_to = next_second.min(target).min(next_entry.max(t + 1));
            self.session.sim.advance_to(step_to);
            if step_to == next_second {
                self.sample();
            }
        }
        let now = self.session.sim.now_ms();
        self.horizon_ms = self.horizon_ms.max(now);
        if now != before {
            self.after_change();
        }
    }

    /// Rebuilds the session as it was at `t_ms` (replaying the journal from the
    /// seed; the engine is deterministic, so the state is exactly what it was) and
    /// pauses there. Later commands stay in the journal and run again as the clock
    /// passes them, unless a new command replaces them.
    pub fn travel_to(&mut self, t_ms: TimeMs) {
        let t_ms = t_ms.min(self.horizon_ms.max(self.sim().now_ms()));
        let mut p = Playground::new(self.seed);
        p.journal = std::mem::take(&mut self.journal);
        p.horizon_ms = self.horizon_ms.max(self.sim().now_ms());
        p.selected = self.selected.clone();
        p.lesson = self.lesson.take().map(|mut l| {
            l.since = Default::default();
            l
        });
        p.advance_to(t_ms);
        p.editor = std::mem::take(&mut self.editor);
        p.editor_file = std::mem::take(&mut self.editor_file);
        p.history = std::mem::take(&mut self.history);
        p.speed = self.speed;
        p.playing = false;
        p.version = self.version + 1;
        *self = p;
        self.after_change();
    }

    /// Jumps to the next moment anything happens.
    pub fn step(&mut self) {
        if let Some(t) = self.session.sim.next_deadline() {
            let now = self.session.sim.now_ms();
            self.advance(t.saturating_sub(now).max(1));
        }
    }

    /// Starts over with the same seed (`new_seed` None) or another one, replaying nothing.
    pub fn reset(&mut self, new_seed: Option<u64>) {
        let seed = new_seed.unwrap_or(self.seed);
        self.session = Session::new(seed);
        self.seed = seed;
        self.console = Default::default();
        self.samples = Default::default();
        self.traffic = Default::default();
        self.traffic_totals = Default::default();
        self.journal.clear();
        self.applied = 0;
        self.horizon_ms = 0;
        self.lesson = None;
        self.editor_error = None;
        self.carry_ms = 0.0;
        self.after_change();
    }

    fn sample(&mut self) {
        let load = self
            .lesson
            .as_ref()
            .map(|l| l.load_rps(self.sim().now_ms()));
        let selector = self.lesson.as_ref().and_then(|l| l.service_selector());
        let t = super::traffic::sample(
            self.sim(),
            self.target().as_deref(),
            selector.as_ref(),
            load,
        );
        if let Some(t) = t {
            // Totals start once the Service first has an endpoint: the seconds
            // before the first pod is ready are start-up, not an outage.
            if !t.down || self.traffic_totals.requests > 0 {
                self.traffic_totals.add(&t);
            }
            if let Some(l) = self.lesson.as_mut() {
                if t.t_ms > l.started_ms {
                    l.since.add(&t);
                }
            }
            let traffic = std::rc::Rc::make_mut(&mut self.traffic);
            traffic.push(t);
            if traffic.len() > CHART_SAMPLES {
                traffic.drain(..traffic.len() - CHART_SAMPLES);
            }
        }
        let Some(name) = self.target() else { return };
        let Some(b) = invariants::bounds(self.sim(), &name) else {
            return;
        };
        let updated = self
            .sim()
            .deployment(&name)
            .map(|d| d.status.updated_replicas)
            .unwrap_or(0);
        let t_ms = self.sim().now_ms();
        let samples = std::rc::Rc::make_mut(&mut self.samples);
        samples.push(Sample {
            t_ms,
            pods: b.pods,
            available: b.available,
            updated,
            max_pods: b.max_pods,
            min_available: b.min_available,
        });
        if samples.len() > CHART_SAMPLES {
            samples.drain(..samples.len() - CHART_SAMPLES);
        }
    }

    fn after_change(&mut self) {
        self.version += 1;
        if let Some(d) = self
            .target()
            .and_then(|n| self.sim().deployment(&n).cloned())
        {
            let (msg, _, _) = rollout_status_message(&d);
            let msg = msg.trim_end().to_string();
            if msg != self.announcement {
                self.announcement = msg;
            }
        }
    }

    /// Starts a lesson from a fresh cluster (same seed). A scenario's set-up runs
    /// as ordinary commands (in the journal, so it replays and shares); its goal is
    /// counted from the moment the fault is in.
    pub fn start_lesson(&mut self, id: &str) {
        use super::lessons::{find, lesson_file, Kind, LessonState};
        let Some(lesson) = find(id) else { return };
        self.reset(None);
        self.lesson = Some(LessonState::new(lesson.id, TimeMs::MAX));
        match lesson.kind {
            Kind::Tour => {
                let preset = if lesson.id == "tour-rolling" { 1 } else { 0 };
                self.load_preset(preset);
            }
            Kind::Scenario => {
                for line in lesson.setup {
                    if let Some(text) =
                        file_argument(line).and_then(|f| lesson_file(lesson, &f).map(|t| (f, t)))
                    {
                        self.editor_file = text.0;
                        self.editor = text.1.to_string();
                    }
                    self.run(line);
                }
            }
        }
        let now = self.sim().now_ms();
        if let Some(l) = self.lesson.as_mut() {
            l.started_ms = if lesson.kind == Kind::Tour { 0 } else { now };
            l.since = Default::default();
        }
        self.playing = true;
        self.after_change();
    }

    /// The current tour step and whether its check holds.
    pub fn tour_step(&self) -> Option<(usize, &'static super::lessons::Step, bool)> {
        let st = self.lesson.as_ref()?;
        let step = st.lesson()?.steps.get(st.step)?;
        Some((st.step, step, step.check.holds(self)))
    }

    /// Runs the current tour step's command (as if typed).
    pub fn run_tour_step(&mut self) {
        if let Some((_, step, _)) = self.tour_step() {
            self.run(step.command);
        }
    }

    /// Moves to the next tour step, once the current one's check holds.
    pub fn next_tour_step(&mut self) {
        if let Some((_, _, true)) = self.tour_step() {
            if let Some(l) = self.lesson.as_mut() {
                l.step += 1;
            }
            self.version += 1;
        }
    }

    pub fn leave_lesson(&mut self) {
        self.lesson = None;
        self.version += 1;
    }

    /// This session as a share link's contents.
    pub fn to_shared(&self, panels: Vec<String>) -> super::share::Shared {
        super::share::Shared {
            seed: self.seed,
            time_ms: self.sim().now_ms(),
            editor: (self.editor_file.clone(), self.editor.clone()),
            journal: self.journal[..self.applied].to_vec(),
            lesson: self
                .lesson
                .as_ref()
                .map(|l| (l.id.to_string(), l.step, l.started_ms)),
            panels,
        }
    }

    /// Rebuilds a shared session: the same seed, the same commands at the same
    /// simulated times, so the same cluster. Paused, at the shared time. A link
    /// that asks for more than `MAX_REPLAY_PODS` pod creations is refused.
    pub fn from_shared(s: &super::share::Shared) -> Result<Playground, super::share::ShareError> {
        let mut p = Playground::new(s.seed);
        if let Some((id, step, started)) = &s.lesson {
            if let Some(l) = super::lessons::find(id) {
                let mut st = super::lessons::LessonState::new(l.id, *started);
                st.step = *step;
                p.lesson = Some(st);
            }
        }
        p.journal = s.journal.clone();
        p.replay_pod_budget = Some(MAX_REPLAY_PODS);
        p.advance_to(s.time_ms);
        if p.sim().pods_created() > MAX_REPLAY_PODS {
            return Err(super::share::ShareError(format!(
                "This share link asks for more than {MAX_REPLAY_PODS} pods to be simulated, more than a browser tab should replay; the default playground is loaded instead."
            )));
        }
        p.replay_pod_budget = None;
        p.editor_file = s.editor.0.clone();
        p.editor = s.editor.1.clone();
        p.playing = false;
        p.version += 1;
        Ok(p)
    }

    /// The console as a terminal would show it (`$ command`, then the output).
    pub fn transcript(&self) -> String {
        let mut t = String::new();
        for e in self.console.iter() {
            t.push_str(&format!("$ {}\n", e.command));
            t.push_str(&e.output.text());
        }
        t
    }

    /// A bash script that replays this session's commands on a real cluster
    /// (minikube or kind): each file as a heredoc before the command that reads it,
    /// and the simulated time between commands as `sleep`.
    pub fn shell_script(&self) -> String {
        let mut sh = format!(
            "#!/usr/bin/env bash\n# Rollout Playground session (seed {}), replayed on a real cluster.\n# Start one first: `minikube start` or `kind create cluster`. Timings follow the\n# simulated ones; real image pulls may take longer.\nset -euo pipefail\n",
            self.seed
        );
        if self.journal[..self.applied].iter().any(|e| {
            e.line.contains("playground/app:")
                || e.file
                    .as_ref()
                    .is_some_and(|(_, t)| t.contains("playground/app:"))
        }) {
            sh.push_str("# playground/app:* are the simulator's demo images; no real registry serves them.\n# Build your own image with the same behaviour, or substitute one, before running this.\n");
        }
        let mut written: Vec<(String, String)> = Vec::new();
        let mut last_ms = 0;
        for e in &self.journal[..self.applied] {
            let gap_s = e.at_ms.saturating_sub(last_ms) / 1000;
            if gap_s > 0 {
                sh.push_str(&format!("sleep {gap_s}\n"));
            }
            last_ms = e.at_ms;
            if let Some((name, text)) = &e.file {
                if !written.iter().any(|(n, t)| n == name && t == text) {
                    let mut delim = "YAML".to_string();
                    while text.lines().any(|l| l == delim) {
                        delim.push('_');
                    }
                    sh.push_str(&format!(
                        "cat > {} <<'{delim}'\n{}{}{delim}\n",
                        shell_quote(name),
                        text,
                        if text.ends_with('\n') { "" } else { "\n" }
                    ));
                    written.retain(|(n, _)| n != name);
                    written.push((name.clone(), text.clone()));
                }
            }
            if e.line.starts_with("kubectl edit") {
                sh.push_str(&format!(
                    "# {} (interactive; the next apply carries the edit)\n",
                    e.line
                ));
            } else {
                sh.push_str(&e.line);
                sh.push('\n');
            }
        }
        sh
    }

    /// Tab completion: the candidates for the last word of `input`.
    pub fn complete(&self, input: &str) -> Vec<String> {
        complete(self.sim(), input)
    }
}

/// A word as a POSIX shell reads it literally.
fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// What the control buttons do; each becomes a kubectl command.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SetImage(String),
    Undo,
    UndoTo(i64),
    Pause,
    Resume,
    Restart,
    Scale(i64),
    Delete,
}

/// Candidates for the word being typed at the end of `input`.
pub fn complete(sim: &Sim, input: &str) -> Vec<String> {
    let words: Vec<&str> = input.split_whitespace().collect();
    let typing_new = input.ends_with(' ') || input.is_empty();
    let (done, partial): (&[&str], &str) = if typing_new {
        (&words[..], "")
    } else {
        (&words[..words.len() - 1], words[words.len() - 1])
    };
    let pick = |options: Vec<String>| -> Vec<String> {
        let mut v: Vec<String> = options
            .into_iter()
            .filter(|o| o.starts_with(partial) && o != partial)
            .collect();
        crate::order::sort_by(&mut v, |a, b| a.cmp(b));
        v.dedup();
        v
    };
    if done.is_empty() {
        return pick(vec!["kubectl".into(), "sleep".into(), "clear".into()]);
    }
    if done[0] != "kubectl" {
        return Vec::new();
    }
    let positional: Vec<&str> = done[1..]
        .iter()
        .copied()
        .filter(|w| !w.starts_with('-'))
        .collect();
    // Flags.
    if partial.starts_with('-') {
        let path = command_path(&positional);
        let mut flags: Vec<String> = args::GLOBAL_FLAGS
            .iter()
            .map(|f| format!("--{}", f.long))
            .collect();
        if let Some(defs) = path.as_deref().and_then(args::command_flags) {
            flags.extend(defs.iter().map(|f| format!("--{}", f.long)));
        }
        return pick(flags);
    }
    match positional.len() {
        0 => pick(
            args::top_level_commands()
                .into_iter()
                .map(String::from)
                .collect(),
        ),
        1 if positional[0] == "rollout" || positional[0] == "set" => pick(
            args::COMMANDS
                .iter()
                .filter_map(|(p, _, _)| {
                    p.strip_prefix(&format!("{} ", positional[0]))
                        .map(String::from)
                })
                .collect(),
        ),
        _ => {
            let path = command_path(&positional).unwrap_or_default();
            let after: Vec<&str> =
                positional[path.split(' ').count().min(positional.len())..].to_vec();
            let types = [
                "deployment",
                "deploy",
                "replicaset",
                "rs",
                "pod",
                "pods",
                "events",
                "all",
            ];
            // set image: container=image pairs once the Deployment is named.
            let named = after.first().is_some_and(|w| w.contains('/')) || after.len() >= 2;
            if path == "set image" && named {
                let name = after
                    .iter()
                    .find_map(|w| w.strip_prefix("deployment/"))
                    .or(after.get(1).copied())
                    .unwrap_or("");
                let v = sim
                    .deployment(name)
                    .map(|d| {
                        d.spec
                            .template
                            .spec
                            .containers
                            .iter()
                            .map(|c| format!("{}=", c.name))
                            .collect()
                    })
                    .unwrap_or_default();
                return pick(v);
            }
            match after.len() {
                0 => {
                    let mut v: Vec<String> = types.iter().map(|s| s.to_string()).collect();
                    // `deployment/NAME` in one word.
                    for d in sim.deployments() {
                        v.push(format!("deployment/{}", d.name));
                    }
                    pick(v)
                }
                1 => {
                    let names: Vec<String> = match after[0] {
                        "deployment" | "deployments" | "deploy" => {
                            sim.deployments().map(|d| d.name.clone()).collect()
                        }
                        "replicaset" | "replicasets" | "rs" => {
                            sim.replica_sets().map(|r| r.name.clone()).collect()
                        }
                        "pod" | "pods" | "po" => sim.pods().map(|p| p.name.to_string()).collect(),
                        _ => Vec::new(),
                    };
                    pick(names)
                }
                _ => Vec::new(),
            }
        }
    }
}

fn command_path(positional: &[&str]) -> Option<String> {
    let first = positional.first()?;
    if let Some(second) = positional.get(1) {
        let two = format!("{first} {second}");
        if args::command_flags(&two).is_some() {
            return Some(two);
        }
    }
    args::command_flags(first).map(|_| first.to_string())
}

/// The longest common prefix of the candidates (what Tab inserts).
pub fn common_prefix(cands: &[String]) -> String {
    let Some(first) = cands.first() else {
        return String::new();
    };
    let mut len = first.len();
    for c in &cands[1..] {
        len = len.min(
            first
                .bytes()
                .zip(c.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    first[..len].to_string()
}

// ----- view models ------------------------------------------------------------

/// How a pod looks: its state (class name, visible text, glyph).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PodLook {
    Pending,
    Creating,
    RunningNotReady,
    Ready,
    Available,
    Terminating,
    Completed,
    PullError,
    CrashLoop,
}

impl PodLook {
    pub fn of(p: &Pod) -> PodLook {
        if p.phase.is_terminal() {
            return PodLook::Completed;
        }
        if p.deletion_ms.is_some() {
            return PodLook::Terminating;
        }
        match &p.container {
            ContainerState::Waiting { reason, .. } => match *reason {
                "ErrImagePull" | "ImagePullBackOff" => PodLook::PullError,
                "CrashLoopBackOff" => PodLook::CrashLoop,
                "ContainerCreating" => PodLook::Creating,
                _ => PodLook::Pending,
            },
            ContainerState::Terminated { .. } => PodLook::CrashLoop,
            ContainerState::Running { .. } if p.available => PodLook::Available,
            ContainerState::Running { .. } if p.ready => PodLook::Ready,
            ContainerState::Running { .. } => PodLook::RunningNotReady,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            PodLook::Pending => "pending",
            PodLook::Creating => "creating",
            PodLook::RunningNotReady => "notready",
            PodLook::Ready => "ready",
            PodLook::Available => "available",
            PodLook::Terminating => "terminating",
            PodLook::Completed => "completed",
            PodLook::PullError => "pullerror",
            PodLook::CrashLoop => "crashloop",
        }
    }

    /// Never colour alone: each state has a glyph and words too.
    pub fn glyph(self) -> &'static str {
        match self {
            PodLook::Pending => "…",
            PodLook::Creating => "◔",
            PodLook::RunningNotReady => "◑",
            PodLook::Ready => "◕",
            PodLook::Available => "●",
            PodLook::Terminating => "✕",
            PodLook::Completed => "○",
            PodLook::PullError => "⚠",
            PodLook::CrashLoop => "↻",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PodLook::Pending => "Pending",
            PodLook::Creating => "ContainerCreating",
            PodLook::RunningNotReady => "Running, not ready",
            PodLook::Ready => "Ready (minReadySeconds)",
            PodLook::Available => "Available",
            PodLook::Terminating => "Terminating",
            PodLook::Completed => "Stopped",
            PodLook::PullError => "ImagePullBackOff",
            PodLook::CrashLoop => "CrashLoopBackOff",
        }
    }

    pub const ALL: [PodLook; 9] = [
        PodLook::Pending,
        PodLook::Creating,
        PodLook::RunningNotReady,
        PodLook::Ready,
        PodLook::Available,
        PodLook::Terminating,
        PodLook::Completed,
        PodLook::PullError,
        PodLook::CrashLoop,
    ];

    /// How many pods show each look, in `ALL` order, leaving out looks no pod has.
    pub fn tally(looks: impl Iterator<Item = PodLook>) -> Vec<(PodLook, usize)> {
        let mut counts = [0usize; 9];
        for look in looks {
            counts[look as usize] += 1;
        }
        PodLook::ALL
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(look, n)| (*look, n))
            .collect()
    }
}

/// One pod tile. Cheap to build every frame: a shared name and an enum.
#[derive(Clone, Debug, PartialEq)]
pub struct PodView {
    /// Creation order within the cluster (pod ids only grow).
    pub id: crate::sim::PodId,
    pub name: std::rc::Rc<str>,
    pub look: PodLook,
    pub restarts: i32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LaneView {
    pub name: String,
    pub hash: String,
    pub revision: String,
    pub images: String,
    pub desired: i32,
    pub current: i32,
    pub ready: i32,
    pub is_new: bool,
    /// Pods one by one, or empty when `counts` is used (large ReplicaSets).
    pub pods: std::rc::Rc<Vec<PodView>>,
    pub counts: Vec<(PodLook, usize)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DeploymentView {
    pub name: String,
    pub strategy: String,
    /// e.g. "maxSurge 25% (1), maxUnavailable 25% (0)".
    pub surge_text: String,
    pub replicas: i32,
    pub revision: String,
    pub paused: bool,
    pub conditions: Vec<(String, String, String)>,
    pub pods: i32,
    pub max_pods: i32,
    pub available: i32,
    pub min_available: i32,
    pub updated: i32,
    pub status_line: String,
    pub lanes: Vec<LaneView>,
    pub history: Vec<(i64, String, bool)>,
}

pub fn deployment_views(sim: &Sim) -> Vec<DeploymentView> {
    sim.deployments().map(|d| deployment_view(sim, d)).collect()
}

pub fn deployment_view(sim: &Sim, d: &Deployment) -> DeploymentView {
    let (strategy, surge_text) = match &d.spec.strategy {
        Strategy::Recreate => (
            "Recreate".to_string(),
            "all old pods go before new ones start".to_string(),
        ),
        Strategy::RollingUpdate {
            max_surge: s,
            max_unavailable: u,
        } => (
            "RollingUpdate".to_string(),
            format!(
                "maxSurge {} ({}), maxUnavailable {} ({})",
                s.display(),
                max_surge(&d.spec),
                u.display(),
                max_unavailable(&d.spec)
            ),
        ),
    };
    let b = invariants::bounds(sim, &d.name).unwrap_or(invariants::Bounds {
        pods: 0,
        max_pods: 0,
        available: 0,
        min_available: 0,
        revision: 0,
    });
    let rss = sim.replica_sets_of(&d.name);
    let mut lanes: Vec<LaneView> = rss
        .iter()
        .rev()
        .map(|rs| {
            // Creation order: stable tiles, new pods at the end, and no sort per frame.
            let pods: Vec<&Pod> = sim.pods_of_in_creation_order(&rs.name).collect();
            let (views, counts) = if pods.len() > TILE_LIMIT {
                let counts = PodLook::tally(pods.iter().map(|p| PodLook::of(p)));
                (std::rc::Rc::new(Vec::new()), counts)
            } else {
                let views = pods
                    .iter()
                    .map(|p| PodView {
                        id: p.id,
                        name: std::rc::Rc::clone(&p.name),
                        look: PodLook::of(p),
                        restarts: p.restart_count,
                    })
                    .collect();
                (std::rc::Rc::new(views), Vec::new())
            };
            LaneView {
                name: rs.name.clone(),
                hash: rs.template_hash().to_string(),
                revision: rs
                    .annotations
                    .get(ANN_REVISION)
                    .cloned()
                    .unwrap_or_default(),
                images: rs.images().join(", "),
                desired: rs.replicas,
                current: rs.status.replicas,
                ready: rs.status.ready_replicas,
                is_new: rs.template.equal_ignore_hash(&d.spec.template),
                pods: views,
                counts,
            }
        })
        .collect();
    // New ReplicaSet first, then old ones newest first; empty old lanes collapse last.
    crate::order::sort_by_key(&mut lanes, |l| {
        (
            !l.is_new,
            l.desired == 0 && l.current == 0 && l.pods.is_empty() && l.counts.is_empty(),
        )
    });
    let mut history: Vec<(i64, String, bool)> = rss
        .iter()
        .filter_map(|r| {
            let rev = r.annotations.get(ANN_REVISION)?.parse().ok()?;
            Some((
                rev,
                r.annotations
                    .get(ANN_CHANGE_CAUSE)
                    .cloned()
                    .unwrap_or_else(|| r.images().join(", ")),
                r.template.equal_ignore_hash(&d.spec.template),
            ))
        })
        .collect();
    crate::order::sort_by_key(&mut history, |h| h.0);
    DeploymentView {
        name: d.name.clone(),
        strategy,
        surge_text,
        replicas: d.spec.replicas,
        revision: d.annotations.get(ANN_REVISION).cloned().unwrap_or_default(),
        paused: d.spec.paused,
        conditions: d
            .status
            .conditions
            .iter()
            .map(|c| {
                (
                    c.kind.clone(),
                    c.status.as_str().to_string(),
                    c.reason.clone(),
                )
            })
            .collect(),
        pods: b.pods,
        max_pods: b.max_pods,
        available: b.available,
        min_available: b.min_available,
        updated: d.status.updated_replicas,
        status_line: rollout_status_message(d).0.trim_end().to_string(),
        lanes,
        history,
    }
}

/// Human form of simulated time for the clock (`1m05.2s`).
pub fn clock_text(ms: TimeMs) -> String {
    let s = ms / 1000;
    let tenth = (ms % 1000) / 100;
    if s >= 3600 {
        format!("{}h{:02}m{:02}s", s / 3600, s % 3600 / 60, s % 60)
    } else if s >= 60 {
        format!("{}m{:02}.{tenth}s", s / 60, s % 60)
    } else {
        format!("{s}.{tenth}s")
    }
}

/// Parses a speed the user typed or chose; clamps to the supported range.
pub fn parse_speed(s: &str) -> f64 {
    crate::num::parse_f64(s.trim_end_matches('x'))
        .filter(|v| v.is_finite())
        .map(|v| v.clamp(0.25, 20.0))
        .unwrap_or(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buttons_are_kubectl_commands() {
        let mut p = Playground::new(1);
        p.load_preset(1);
        let out = p.apply_editor();
        assert_eq!(out.text(), "deployment.apps/rolldeployment created\n");
        assert_eq!(
            p.command_for(&Action::SetImage("httpd".into())).unwrap(),
            "kubectl set image deployment/rolldeployment nginx=httpd"
        );
        assert_eq!(
            p.command_for(&Action::Scale(2)).unwrap(),
            "kubectl scale deployment/rolldeployment --replicas=12"
        );
        assert_eq!(
            p.command_for(&Action::UndoTo(1)).unwrap(),
            "kubectl rollout undo deployment/rolldeployment --to-revision=1"
        );
        p.act(&Action::Pause);
        assert_eq!(
            p.console.last().unwrap().command,
            "kubectl rollout pause deployment/rolldeployment"
        );
        assert!(p.sim().deployment("rolldeployment").unwrap().spec.paused);
    }

    #[test]
    fn kubectl_edit_opens_the_live_object_and_apply_saves_it() {
        let mut p = Playground::new(1);
        p.load_preset(1);
        p.apply_editor();
        p.advance(30_000);
        let out = p.run("kubectl edit deployment/rolldeployment");
        assert!(
            out.text()
                .starts_with("Editing deployment.apps/rolldeployment in the YAML editor"),
            "{}",
            out.text()
        );
        assert_eq!(p.editor_file, "deployment-rolldeployment.yaml");
        assert!(
            p.editor.contains("  name: rolldeployment\n") && p.editor.contains("- image: nginx\n"),
            "{}",
            p.editor
        );
        p.editor = p.editor.replace("- image: nginx\n", "- image: httpd\n");
        let out = p.apply_editor();
        assert_eq!(out.text(), "deployment.apps/rolldeployment configured\n");
        assert!(
            p.sim()
                .replica_sets_of("rolldeployment")
                .iter()
                .any(|r| r.images() == ["httpd"]),
            "a new ReplicaSet rolls out httpd"
        );
        // Other kinds and unknown names still get kubectl's answer.
        assert!(p
            .run("kubectl edit deployment nope")
            .text()
            .contains("kubectl edit opens an interactive editor"));
    }

    #[test]
    fn frames_advance_by_speed_and_clamp_long_gaps() {
        let mut p = Playground::new(1);
        p.speed = 2.0;
        for _ in 0..60 {
            p.frame(16.0);
        }
        assert_eq!(p.sim().now_ms(), 1920);
        p.frame(10_000.0);
        assert_eq!(
            p.sim().now_ms(),
            1920 + 500,
            "a long gap counts as {MAX_FRAME_MS} ms of wall time"
        );
        p.playing = false;
        p.frame(16.0);
        assert_eq!(p.sim().now_ms(), 2420);
    }

    #[test]
    fn bad_yaml_is_placed_at_its_line_and_changes_nothing() {
        let mut p = Playground::new(1);
        p.editor =
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replica: 3\n"
                .into();
        p.editor_file = "deployment.yaml".into();
        let out = p.apply_editor();
        assert_eq!(out.exit_code, 1);
        let err = p.editor_error.clone().unwrap();
        assert_eq!(err.line, Some(6));
        assert_eq!(err.field.as_deref(), Some("spec.replica"));
        assert!(p.sim().deployments().next().is_none());
    }

    #[test]
    fn tab_completes_commands_types_names_and_flags() {
        let mut p = Playground::new(1);
        p.load_preset(0);
        p.apply_editor();
        assert_eq!(complete(p.sim(), "kub"), ["kubectl"]);
        assert_eq!(complete(p.sim(), "kubectl roll"), ["rollout"]);
        assert_eq!(complete(p.sim(), "kubectl rollout u"), ["undo"]);
        assert_eq!(
            complete(p.sim(), "kubectl rollout undo deployment/"),
            ["deployment/rcdeployment"]
        );
        assert_eq!(complete(p.sim(), "kubectl get deploy rc"), ["rcdeployment"]);
        assert_eq!(
            complete(p.sim(), "kubectl rollout undo deployment/rcdeployment --to"),
            ["--to-revision"]
        );
        assert_eq!(
            complete(p.sim(), "kubectl set image deployment/rcdeployment n"),
            ["nginx="]
        );
        assert_eq!(
            common_prefix(&["deploy".into(), "deployment".into()]),
            "deploy"
        );
    }

    #[test]
    fn stage_groups_large_replica_sets_into_counts() {
        // Above TILE_LIMIT pods a lane shows counts per state.
        let mut p = Playground::new(1);
        p.run("kubectl create deployment big --image=nginx --replicas=4000");
        p.advance(30_000);
        let v = deployment_views(p.sim());
        assert_eq!(v[0].lanes[0].pods.len(), 0);
        assert_eq!(v[0].lanes[0].counts, vec![(PodLook::Available, 4000)]);
        p.run("kubectl scale deployment big --replicas=5");
        p.advance(5_000);
        let v = deployment_views(p.sim());
        assert_eq!(v[0].lanes[0].pods.len(), 5);
    }
}
