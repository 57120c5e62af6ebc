//! The playground without the DOM: a [`Timeline`] (what the seed and the journal
//! rebuild) and a [`Workbench`] (what the person holds: the editor, input history,
//! speed, play/pause, the selected Deployment), and every action on them. Every
//! button becomes a kubectl command here, so a click does exactly what typing does.
//! Time travel replaces the timeline and never touches the workbench. Compiled
//! natively too, so it is unit-tested without a browser. It must not touch web-sys
//! or yew.

use super::journal::CommandFiles;
use super::lessons::Observed;
use super::presets::{PRESETS, RECREATE_YAML};
use super::timeline::Timeline;
use super::traffic::TrafficSample;
use crate::kubectl::{parse_line, rollout_status_message, Edit, Line, Output};
use crate::sim::*;

pub use super::journal::JournalEntry;
pub use super::timeline::{ConsoleEntry, Sample, CHART_SAMPLES};
pub use super::views::*;

pub const SPEEDS: &[f64] = &[0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0];
/// Replaying a share link stops beyond this many pod creations.
pub const MAX_REPLAY_PODS: u64 = 120_000;
/// A frame never advances the sim by more than this much wall time (tab switches).
pub const MAX_FRAME_MS: f64 = 250.0;
/// The time-travel slider's step.
pub const TRAVEL_STEP_MS: TimeMs = 100;

/// The editor's error, placed at a line when the manifest says where.
#[derive(Clone, Debug, PartialEq)]
pub struct EditorError {
    pub line: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

/// Commands a command typed in the past replaced, kept so one action brings them
/// back: the journal as it was, and where its timeline stood.
#[derive(Clone, Debug, PartialEq)]
pub struct Replaced {
    /// When the replacing command ran.
    pub at_ms: TimeMs,
    /// How many later commands it replaced.
    pub count: usize,
    journal: Vec<JournalEntry>,
    horizon_ms: TimeMs,
}

/// What the person holds, which time travel never touches.
pub struct Workbench {
    pub editor: String,
    pub editor_file: String,
    pub editor_error: Option<EditorError>,
    /// Console input history, oldest first.
    pub history: Vec<String>,
    pub speed: f64,
    pub playing: bool,
    /// The Deployment the buttons act on.
    pub selected: Option<String>,
    /// Sub-millisecond remainder of frame time not yet given to the sim.
    carry_ms: f64,
    /// The future the last command in the past replaced, until it is restored or
    /// another command replaces a future again.
    pub replaced: Option<Replaced>,
    /// `kubectl edit` in the editor: the file it opened, the object's name and the
    /// text as it was opened, so Apply sends only what the person changed.
    editing: Option<(String, String, String)>,
}

impl Workbench {
    fn new() -> Workbench {
        Workbench {
            editor: RECREATE_YAML.to_string(),
            editor_file: PRESETS[0].1.to_string(),
            editor_error: None,
            history: Vec::new(),
            speed: 1.0,
            playing: true,
            selected: None,
            carry_ms: 0.0,
            replaced: None,
            editing: None,
        }
    }
}

pub struct Playground {
    pub timeline: Timeline,
    pub bench: Workbench,
    /// Bumped on every visible change; components re-render when it moves.
    pub version: u64,
    /// What the ARIA live region says.
    pub announcement: String,
}

impl Playground {
    pub fn new(seed: u64) -> Playground {
        Playground {
            timeline: Timeline::new(seed),
            bench: Workbench::new(),
            version: 0,
            announcement: String::new(),
        }
    }

    pub fn sim(&self) -> &Sim {
        self.timeline.sim()
    }

    pub fn seed(&self) -> u64 {
        self.timeline.seed()
    }

    pub fn playing(&self) -> bool {
        self.bench.playing
    }

    pub fn set_playing(&mut self, playing: bool) {
        self.bench.playing = playing;
        self.version += 1;
    }

    pub fn set_speed(&mut self, speed: f64) {
        self.bench.speed = speed;
        self.version += 1;
    }

    /// Chooses the Deployment the buttons act on; the chart starts over for it.
    pub fn select(&mut self, name: Option<String>) {
        if self.bench.selected != name {
            self.bench.selected = name;
            self.timeline.clear_samples();
        }
        self.after_change();
    }

    /// The person edited the YAML: the text is theirs, the old error no longer
    /// points at it.
    pub fn set_editor(&mut self, text: String) {
        self.bench.editor = text;
    }

    /// Loads a preset into the editor (nothing is applied).
    pub fn load_preset(&mut self, index: usize) {
        if let Some((_, file, yaml)) = PRESETS.get(index) {
            self.bench.editor = yaml.to_string();
            self.bench.editor_file = file.to_string();
            self.bench.editor_error = None;
            self.version += 1;
        }
    }

    /// A command is still printing as the clock runs (`rollout status`).
    pub fn following(&self) -> bool {
        self.timeline.following()
    }

    /// Ctrl+C: stops the command that is following, as a terminal does.
    pub fn interrupt(&mut self) {
        if self.following() {
            let files = CommandFiles::builtin(None);
            self.timeline
                .record(super::timeline::INTERRUPT, &Line::Nothing, &files);
            self.after_change();
        }
    }

    /// Runs one console line (kubectl or sleep), echoes it, and returns its output.
    pub fn run(&mut self, line: &str) -> Output {
        self.run_parsed(line, parse_line(line))
    }

    /// [`Playground::run`] for a line already parsed (`parsed` is `line`'s parse).
    fn run_parsed(&mut self, line: &str, parsed: Line) -> Output {
        let line = line.trim();
        if line.is_empty() {
            return Output::default();
        }
        if self.bench.history.last().map(String::as_str) != Some(line) {
            self.bench.history.push(line.to_string());
        }
        if !parsed.journaled() && self.following() {
            // Time passing or a cleared screen is not in the journal: the stop
            // must be, or a replay would follow on through it.
            self.interrupt();
        }
        match parsed {
            Line::Nothing => return Output::default(),
            Line::Clear => {
                self.timeline.clear_console();
                self.version += 1;
                return Output::default();
            }
            Line::Sleep(sleep) => {
                // Time passing is not a command: the clock advances (chart and
                // traffic sampled as usual) and the journal only records commands.
                let mut out = Output::default();
                match sleep {
                    Ok(ms) => self.advance(ms),
                    Err(e) => out.fail(e),
                }
                let now = self.sim().now_ms();
                self.timeline.push_console(line, out.clone(), now);
                self.after_change();
                return out;
            }
            Line::Kubectl(_) | Line::Refused(_) => {}
        }
        let lesson = self.timeline.lesson().and_then(|l| l.lesson());
        let files = CommandFiles::editor(&self.bench.editor_file, &self.bench.editor, lesson);
        let (at_ms, horizon_before) = (self.sim().now_ms(), self.timeline.horizon_ms());
        let ran = self.timeline.record(line, &parsed, &files);
        if !ran.replaced.is_empty() {
            // The journal as it was: all but the new command, then what it replaced.
            let journal = self.timeline.journal();
            let mut before = journal[..journal.len() - 1].to_vec();
            let count = ran.replaced.len();
            before.extend(ran.replaced);
            self.bench.replaced = Some(Replaced {
                at_ms,
                count,
                journal: before,
                horizon_ms: horizon_before,
            });
        }
        if let Some(Edit { name, file, text }) = ran.edit {
            self.bench.editing = Some((file.clone(), name, text.clone()));
            self.bench.editor_file = file;
            self.bench.editor = text;
            self.bench.editor_error = None;
        }
        self.after_change();
        ran.output
    }

    /// Applies the editor's YAML with `kubectl apply -f`, and places any error.
    /// After `kubectl edit`, only what the person changed since opening the object
    /// is applied, onto the object as it is now (as kubectl edit sends a two-way
    /// patch): changes made meanwhile (a scale, a rollout) are kept, not reverted.
    pub fn apply_editor(&mut self) -> Output {
        let line = format!("kubectl apply -f {}", self.bench.editor_file);
        let patch = self.edit_patch();
        let sent_merged = matches!(patch, Some(Ok(_)));
        let out = match patch {
            Some(Ok(merged)) => {
                // The journal keeps the merged object (what was sent); the
                // editor keeps the person's text.
                let edited = std::mem::replace(&mut self.bench.editor, merged);
                let out = self.run(&line);
                self.bench.editor = edited;
                if out.exit_code == 0 {
                    // The next Apply sends what changes after this one.
                    if let Some(e) = self.bench.editing.as_mut() {
                        e.2 = self.bench.editor.clone();
                    }
                }
                out
            }
            Some(Err(e)) => {
                let mut out = Output::default();
                out.fail(e);
                self.timeline
                    .push_console(&line, out.clone(), self.sim().now_ms());
                out
            }
            None => self.run(&line),
        };
        self.bench.editor_error = None;
        if out.exit_code != 0 {
            // Where the command placed its error. After `kubectl edit` the file sent
            // was the merged object, so the field is found in the person's text.
            let placed = out
                .error_at
                .as_ref()
                .filter(|at| at.file == self.bench.editor_file);
            let field = placed.and_then(|at| at.field.clone());
            let line = if sent_merged {
                field
                    .as_deref()
                    .and_then(|f| crate::manifest::locate_field(&self.bench.editor, 1, f))
            } else {
                placed.and_then(|at| at.line)
            };
            self.bench.editor_error = Some(EditorError {
                line,
                field,
                message: out.stderr().trim_end().to_string(),
            });
        }
        self.version += 1;
        out
    }

    /// For an editor holding a `kubectl edit` buffer: the live object with the
    /// person's changes since opening laid over it, as YAML; `None` for any other
    /// file (or when the object is gone: apply then says what kubectl says).
    fn edit_patch(&self) -> Option<Result<String, String>> {
        use crate::manifest::{render, yaml};
        let (file, name, original) = self.bench.editing.as_ref()?;
        if *file != self.bench.editor_file {
            return None;
        }
        let live = self.sim().deployment(name)?;
        let parse = |text: &str| -> Option<crate::manifest::value::Value> {
            yaml::parse_documents(text)
                .ok()?
                .into_iter()
                .next()
                .map(|(_, v)| v)
        };
        let (Some(before), Some(after)) = (parse(original), parse(&self.bench.editor)) else {
            // Not YAML any more: apply reports the error at its line.
            return None;
        };
        for key in ["/apiVersion", "/kind", "/metadata/name"] {
            if before.pointer(key) != after.pointer(key) {
                return Some(Err(
                    "At least one of apiVersion, kind and name was changed".into()
                ));
            }
        }
        // What kubectl edit sends: the merge patch from what was opened to what
        // was saved, onto the object as it is now.
        let mut merged = render::deployment_json(live);
        crate::value::merge_patch(&mut merged, &crate::value::merge_diff(&before, &after));
        Some(Ok(render::to_yaml(&merged)))
    }

    /// The Deployment the controls act on: the chosen one, else the first.
    pub fn target(&self) -> Option<String> {
        self.timeline.target(self.bench.selected.as_deref())
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
        if !self.bench.playing || wall_ms.is_nan() || wall_ms <= 0.0 {
            return;
        }
        let sim_ms = wall_ms.min(MAX_FRAME_MS) * self.bench.speed + self.bench.carry_ms;
        let whole = sim_ms.floor();
        self.bench.carry_ms = sim_ms - whole;
        if whole >= 1.0 {
            self.advance(whole as u64);
        }
    }

    /// Advances simulated time by `ms` (see [`Timeline::advance_to`]).
    pub fn advance(&mut self, ms: TimeMs) {
        let target = self.sim().now_ms().saturating_add(ms);
        self.advance_to(target);
    }

    pub fn advance_to(&mut self, target: TimeMs) {
        if self
            .timeline
            .advance_to(target, self.bench.selected.as_deref())
        {
            self.after_change();
        }
    }

    /// Rebuilds the timeline as it was at `t_ms` and pauses there. Later commands
    /// stay in the journal and run again as the clock passes them, unless a new
    /// command replaces them. The workbench (editor, history, speed) is untouched.
    pub fn travel_to(&mut self, t_ms: TimeMs) {
        let selected = self.bench.selected.as_deref();
        self.timeline.travel(t_ms, TRAVEL_STEP_MS, selected);
        self.bench.playing = false;
        self.after_change();
    }

    /// Brings back the commands the last command in the past replaced: the
    /// timeline as it was just before that command, paused there, with its old
    /// future ahead again.
    pub fn restore_replaced(&mut self) {
        let Some(r) = self.bench.replaced.take() else {
            return;
        };
        let selected = self.bench.selected.as_deref();
        self.timeline
            .restore(r.journal, r.at_ms, r.horizon_ms, selected);
        self.bench.playing = false;
        self.after_change();
    }

    /// Jumps to the next moment anything happens.
    pub fn step(&mut self) {
        if let Some(t) = self.sim().next_deadline() {
            let now = self.sim().now_ms();
            self.advance(t.saturating_sub(now).max(1));
        }
    }

    /// Starts over with the same seed (`new_seed` None) or another one, replaying nothing.
    pub fn reset(&mut self, new_seed: Option<u64>) {
        let seed = new_seed.unwrap_or(self.timeline.seed());
        self.timeline = Timeline::new(seed);
        self.bench.editor_error = None;
        self.bench.carry_ms = 0.0;
        self.bench.replaced = None;
        self.after_change();
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
        self.timeline
            .set_lesson(Some(LessonState::new(lesson.id, TimeMs::MAX)));
        match lesson.kind {
            Kind::Tour => {
                let preset = if lesson.id == "tour-rolling" { 1 } else { 0 };
                self.load_preset(preset);
            }
            Kind::Scenario => {
                for line in lesson.setup {
                    // The editor shows the file the set-up applies.
                    let parsed = parse_line(line);
                    if let Some((file, text)) = parsed
                        .files()
                        .into_iter()
                        .find_map(|f| lesson_file(lesson, f).map(|t| (f.to_string(), t)))
                    {
                        self.bench.editor_file = file;
                        self.bench.editor = text.to_string();
                    }
                    self.run_parsed(line, parsed);
                }
            }
        }
        let now = self.sim().now_ms();
        if let Some(l) = self.timeline.lesson_mut() {
            l.started_ms = if lesson.kind == Kind::Tour { 0 } else { now };
            l.since = Default::default();
        }
        self.bench.playing = true;
        self.after_change();
    }

    /// The lesson being followed, if any.
    pub fn lesson(&self) -> Option<&super::lessons::LessonState> {
        self.timeline.lesson()
    }

    /// The current tour step and whether its check holds.
    pub fn tour_step(&self) -> Option<(usize, &'static super::lessons::Step, bool)> {
        let st = self.timeline.lesson()?;
        let step = st.lesson()?.steps.get(st.step)?;
        Some((st.step, step, step.check.holds(&self.timeline)))
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
            if let Some(l) = self.timeline.lesson_mut() {
                l.step += 1;
            }
            self.version += 1;
        }
    }

    pub fn leave_lesson(&mut self) {
        self.timeline.set_lesson(None);
        self.version += 1;
    }

    /// This session as a share link's contents.
    pub fn to_shared(&self, panels: Vec<super::share::Panel>) -> super::share::Shared {
        super::share::Shared {
            seed: self.timeline.seed(),
            time_ms: self.sim().now_ms(),
            editor: (self.bench.editor_file.clone(), self.bench.editor.clone()),
            journal: self.timeline.applied_journal().to_vec(),
            lesson: self
                .timeline
                .lesson()
                .map(|l| (l.id.to_string(), l.step, l.started_ms)),
            panels,
        }
    }

    /// Rebuilds a shared session: the same seed, the same commands at the same
    /// simulated times, so the same cluster. Paused, at the shared time. A link
    /// that asks for more than `MAX_REPLAY_PODS` pod creations is refused.
    pub fn from_shared(s: &super::share::Shared) -> Result<Playground, super::share::ShareError> {
        let lesson = s.lesson.as_ref().and_then(|(id, step, started)| {
            super::lessons::find(id).map(|l| {
                let mut st = super::lessons::LessonState::new(l.id, *started);
                st.step = *step;
                st
            })
        });
        let timeline = Timeline::replay(
            s.seed,
            s.journal.clone(),
            lesson,
            s.time_ms,
            None,
            Some(MAX_REPLAY_PODS),
        );
        if timeline.sim().pods_created() > MAX_REPLAY_PODS {
            return Err(super::share::ShareError(format!(
                "This share link asks for more than {MAX_REPLAY_PODS} pods to be simulated, more than a browser tab should replay; the default playground is loaded instead."
            )));
        }
        let mut p = Playground::new(s.seed);
        p.timeline = timeline;
        p.bench.editor_file = s.editor.0.clone();
        p.bench.editor = s.editor.1.clone();
        p.bench.playing = false;
        p.after_change();
        Ok(p)
    }

    /// The console as a terminal would show it (`$ command`, then the output).
    pub fn transcript(&self) -> String {
        let mut t = String::new();
        for e in self.timeline.console().iter() {
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
            self.timeline.seed()
        );
        if self.timeline.applied_journal().iter().any(|e| {
            e.line.contains("playground/app:")
                || e.files.iter().any(|(_, t)| t.contains("playground/app:"))
        }) {
            sh.push_str("# playground/app:* are the simulator's demo images; no real registry serves them.\n# Build your own image with the same behaviour, or substitute one, before running this.\n");
        }
        let mut written: Vec<(String, String)> = Vec::new();
        let mut last_ms = 0;
        for e in self.timeline.applied_journal() {
            if e.line == super::timeline::INTERRUPT {
                // A script's `rollout status` ends by itself (or at its --timeout).
                continue;
            }
            let gap_s = e.at_ms.saturating_sub(last_ms) / 1000;
            if gap_s > 0 {
                sh.push_str(&format!("sleep {gap_s}\n"));
            }
            last_ms = e.at_ms;
            for (name, text) in &e.files {
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
            if matches!(parse_line(&e.line), Line::Kubectl(i) if i.parsed.command == "edit") {
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
        crate::kubectl::complete::complete(self.sim(), input)
    }
}

impl Observed for Playground {
    fn sim(&self) -> &Sim {
        self.timeline.sim()
    }

    fn ran(&self, prefix: &str) -> bool {
        self.timeline.ran(prefix)
    }

    fn traffic(&self) -> &[TrafficSample] {
        self.timeline.traffic()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubectl::complete::{common_prefix, complete};

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
            p.timeline.console().last().unwrap().command,
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
        assert_eq!(p.bench.editor_file, "deployment-rolldeployment.yaml");
        assert!(
            p.bench.editor.contains("  name: rolldeployment\n")
                && p.bench.editor.contains("- image: nginx\n"),
            "{}",
            p.bench.editor
        );
        p.bench.editor = p
            .bench
            .editor
            .replace("- image: nginx\n", "- image: httpd\n");
        let out = p.apply_editor();
        assert_eq!(out.text(), "deployment.apps/rolldeployment configured\n");
        assert!(
            p.sim()
                .replica_sets_of("rolldeployment")
                .iter()
                .any(|r| r.images() == ["httpd"]),
            "a new ReplicaSet rolls out httpd"
        );
        // Every form kubectl takes opens the editor (the parse is kubectl's, not a
        // scan of its own); unknown names get kubectl's answer, and the page never
        // prints kubesim's "no editor".
        for line in [
            "kubectl edit -n default deployment rolldeployment",
            "kubectl edit deployment.apps rolldeployment",
            "kubectl edit deploy/rolldeployment --namespace=default",
        ] {
            let out = p.run(line);
            assert!(
                out.text()
                    .starts_with("Editing deployment.apps/rolldeployment"),
                "{line}: {}",
                out.text()
            );
        }
        assert_eq!(
            p.run("kubectl edit deployment nope").text(),
            "Error from server (NotFound): deployments.apps \"nope\" not found\n"
        );
    }

    /// An edit opened before a scale does not undo the scale: Apply sends only
    /// what the person changed (kubectl edit's two-way patch), onto the live object.
    #[test]
    fn a_stale_edit_applies_only_its_own_changes() {
        let mut p = Playground::new(1);
        p.load_preset(1);
        p.apply_editor();
        p.advance(30_000);
        p.run("kubectl edit deployment rolldeployment");
        let opened = p.bench.editor.clone();
        p.run("kubectl scale deployment rolldeployment --replicas=4");
        p.advance(10_000);
        p.set_editor(opened.replace("- image: nginx\n", "- image: httpd\n"));
        let edited = p.bench.editor.clone();
        let out = p.apply_editor();
        assert_eq!(out.text(), "deployment.apps/rolldeployment configured\n");
        let d = p.sim().deployment("rolldeployment").unwrap();
        assert_eq!(d.spec.replicas, 4, "the scale made meanwhile is kept");
        assert_eq!(d.spec.template.spec.containers[0].image, "httpd");
        assert_eq!(p.bench.editor, edited, "the editor keeps the person's text");
        // Renaming is refused, as kubectl edit refuses it, and nothing changes.
        p.set_editor(edited.replace("  name: rolldeployment\n", "  name: other\n"));
        let out = p.apply_editor();
        assert_eq!(
            out.text(),
            "error: At least one of apiVersion, kind and name was changed\n"
        );
        assert!(p.sim().deployment("other").is_none());
    }

    #[test]
    fn frames_advance_by_speed_and_clamp_long_gaps() {
        let mut p = Playground::new(1);
        p.set_speed(2.0);
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
        p.set_playing(false);
        p.frame(16.0);
        assert_eq!(p.sim().now_ms(), 2420);
    }

    #[test]
    fn bad_yaml_is_placed_at_its_line_and_changes_nothing() {
        let mut p = Playground::new(1);
        p.bench.editor =
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replica: 3\n"
                .into();
        p.bench.editor_file = "deployment.yaml".into();
        let out = p.apply_editor();
        assert_eq!(out.exit_code, 1);
        let err = p.bench.editor_error.clone().unwrap();
        assert_eq!(err.line, Some(6));
        assert_eq!(err.field.as_deref(), Some("spec.replica"));
        assert!(p.sim().deployments().next().is_none());
    }

    /// The place comes from the command's own error (no second parse): a syntax
    /// error at its line; after `kubectl edit`, a field error at the field's line
    /// in the person's text (the command read the merged object).
    #[test]
    fn errors_are_placed_from_the_command_in_both_editor_modes() {
        let mut p = Playground::new(1);
        p.bench.editor =
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: [\n".into();
        p.bench.editor_file = "deployment.yaml".into();
        let out = p.apply_editor();
        // The line kubectl's message names.
        let named = out
            .stderr()
            .split("yaml: line ")
            .nth(1)
            .and_then(|r| r.split(':').next()?.parse().ok());
        assert!(named.is_some(), "{}", out.stderr());
        assert_eq!(p.bench.editor_error.clone().unwrap().line, named);
        p.load_preset(1);
        p.apply_editor();
        p.run("kubectl edit deployment rolldeployment");
        let text = format!(
            "# a comment the live object does not have\n{}",
            p.bench.editor
        );
        p.set_editor(text.replace("  replicas: 10\n", "  replicas: -1\n"));
        let out = p.apply_editor();
        assert_eq!(out.exit_code, 1, "{}", out.text());
        let err = p.bench.editor_error.clone().unwrap();
        assert_eq!(err.field.as_deref(), Some("spec.replicas"));
        let want = p
            .bench
            .editor
            .lines()
            .position(|l| l == "  replicas: -1")
            .unwrap()
            + 1;
        assert_eq!(err.line, Some(want));
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
