//! The timeline: everything the seed and the journal rebuild. The kubectl session,
//! the journal and how much of it has run, the console, the chart and traffic
//! samples, the lesson's progress and the replay budget. [`Timeline::replay`] builds
//! the timeline of any moment from the seed and the journal; time travel and share
//! links are that one call. It must not hold what the person holds (the editor, input
//! history, speed, selection: see `model::Workbench`) or touch web-sys or yew.

use std::rc::Rc;

use super::journal::{CommandFiles, JournalEntry};
use super::lessons::{LessonState, Observed};
use super::traffic::{TrafficSample, TrafficTotals};
use crate::kubectl::follow::Polled;
use crate::kubectl::script::Session;
use crate::kubectl::Follow;
use crate::kubectl::{parse_line, Edit, Line, Output};
use crate::sim::*;

/// The chart keeps this many one-second samples.
pub const CHART_SAMPLES: usize = 240;
/// The console keeps at most this many entries (it then drops the oldest 100).
const CONSOLE_ENTRIES: usize = 500;

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

/// A command's result, and for `kubectl edit` the object to open in the editor
/// (the person's workbench decides whether to open it: a replay never does).
pub struct Ran {
    pub output: Output,
    /// `kubectl edit`'s object, for the editor.
    pub edit: Option<Edit>,
    /// Later commands this one replaced (a changing command typed in the past).
    pub replaced: Vec<JournalEntry>,
}

pub struct Timeline {
    session: Session,
    seed: u64,
    /// Every command that reached the cluster, at its simulated time.
    journal: Vec<JournalEntry>,
    /// How many journal entries this timeline has run. Below `journal.len()` after
    /// travelling back: the rest run again as the clock reaches them, until a new
    /// command replaces them.
    applied: usize,
    /// The furthest simulated time this timeline has reached.
    horizon_ms: TimeMs,
    /// Shared with the components; changed copy-on-write.
    console: Rc<Vec<ConsoleEntry>>,
    /// Shared with the chart; changed copy-on-write.
    samples: Rc<Vec<Sample>>,
    /// Requests per second through the Service, one sample per simulated second.
    traffic: Rc<Vec<TrafficSample>>,
    traffic_totals: TrafficTotals,
    /// The Service the traffic panel draws (see `traffic::pick_service`); None
    /// when no Service selects pods.
    service: Option<String>,
    /// A command still printing as the clock runs (`rollout status`), whose
    /// output is the console's last entry. Ctrl+C or the next command ends it.
    following: Option<Follow>,
    /// The lesson being followed (a guided tour or a rollback scenario), if any.
    lesson: Option<LessonState>,
    /// When rebuilding from a share link: stop once the sim has created this many
    /// pods, so a hostile link cannot freeze the tab.
    replay_pod_budget: Option<u64>,
}

/// The journal's line for Ctrl+C in the console, and what the console echoes.
pub const INTERRUPT: &str = "^C";
const INTERRUPT_ECHO: &str = "^C\n";

impl Timeline {
    pub fn new(seed: u64) -> Timeline {
        Timeline {
            session: Session::new(seed),
            seed,
            journal: Vec::new(),
            applied: 0,
            horizon_ms: 0,
            console: Default::default(),
            samples: Default::default(),
            traffic: Default::default(),
            traffic_totals: Default::default(),
            service: None,
            following: None,
            lesson: None,
            replay_pod_budget: None,
        }
    }

    /// The timeline at `until_ms`: a fresh cluster from `seed`, the journal's
    /// commands run at their times. The engine is deterministic, so this is exactly
    /// the state that was. Entries after `until_ms` stay in the journal, unapplied.
    /// `selected` is the Deployment the chart and the traffic follow.
    pub fn replay(
        seed: u64,
        journal: Vec<JournalEntry>,
        lesson: Option<LessonState>,
        until_ms: TimeMs,
        selected: Option<&str>,
        pod_budget: Option<u64>,
    ) -> Timeline {
        let mut t = Timeline::new(seed);
        t.journal = journal;
        t.lesson = lesson;
        t.replay_pod_budget = pod_budget;
        t.advance_to(until_ms, selected);
        t.replay_pod_budget = None;
        t
    }

    pub fn sim(&self) -> &Sim {
        &self.session.sim
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Every command that reached the cluster, at its simulated time (after a
    /// travel back, those from `applied()` on are still ahead).
    pub fn journal(&self) -> &[JournalEntry] {
        &self.journal
    }

    /// How many journal entries have run.
    pub fn applied(&self) -> usize {
        self.applied
    }

    /// The furthest simulated time this timeline has reached.
    pub fn horizon_ms(&self) -> TimeMs {
        self.horizon_ms
    }

    /// The console's entries, shared with the components.
    pub fn console(&self) -> &Rc<Vec<ConsoleEntry>> {
        &self.console
    }

    /// The chart's samples, shared with the components.
    pub fn samples(&self) -> &Rc<Vec<Sample>> {
        &self.samples
    }

    /// The chart starts over (another Deployment chosen).
    pub fn clear_samples(&mut self) {
        self.samples = Default::default();
    }

    /// The Service the traffic panel draws, if any.
    pub fn traffic_service(&self) -> Option<&str> {
        self.service.as_deref()
    }

    /// Requests per second through the Service, one sample per simulated second.
    pub fn traffic(&self) -> &[TrafficSample] {
        &self.traffic
    }

    pub fn traffic_totals(&self) -> TrafficTotals {
        self.traffic_totals
    }

    /// A command is still printing as the clock runs.
    pub fn following(&self) -> bool {
        self.following.is_some()
    }

    pub fn lesson(&self) -> Option<&LessonState> {
        self.lesson.as_ref()
    }

    pub fn lesson_mut(&mut self) -> Option<&mut LessonState> {
        self.lesson.as_mut()
    }

    pub fn set_lesson(&mut self, lesson: Option<LessonState>) {
        self.lesson = lesson;
    }

    /// Time travel: the timeline rebuilt from the seed and the journal at `t_ms`,
    /// its future kept ahead (it runs again as the clock passes it) and its
    /// horizon kept; a lesson's progress counts anew from there. The slider moves
    /// in steps of `step_ms`, so a last step short of the present means the present.
    pub fn travel(&mut self, t_ms: TimeMs, step_ms: TimeMs, selected: Option<&str>) {
        let horizon_ms = self.horizon_ms.max(self.sim().now_ms());
        let t_ms = if t_ms.saturating_add(step_ms) > horizon_ms {
            horizon_ms
        } else {
            t_ms
        };
        let journal = std::mem::take(&mut self.journal);
        self.rebuild(journal, t_ms, horizon_ms, selected);
    }

    /// The timeline `journal` makes at `at_ms`, with `horizon_ms` as its furthest
    /// point (bringing back a future a command in the past replaced).
    pub fn restore(
        &mut self,
        journal: Vec<JournalEntry>,
        at_ms: TimeMs,
        horizon_ms: TimeMs,
        selected: Option<&str>,
    ) {
        self.rebuild(journal, at_ms, horizon_ms, selected);
    }

    fn rebuild(
        &mut self,
        journal: Vec<JournalEntry>,
        at_ms: TimeMs,
        horizon_ms: TimeMs,
        selected: Option<&str>,
    ) {
        let lesson = self.lesson.take().map(|mut l| {
            l.since = Default::default();
            l
        });
        *self = Timeline::replay(self.seed, journal, lesson, at_ms, selected, None);
        self.horizon_ms = horizon_ms;
    }

    /// The Deployment the chart and traffic follow: the chosen one, else the first.
    pub fn target(&self, selected: Option<&str>) -> Option<String> {
        match selected {
            Some(n) if self.sim().deployment(n).is_some() => Some(n.to_string()),
            _ => self.sim().deployments().next().map(|d| d.name.clone()),
        }
    }

    /// Runs a command now and records it in the journal. In the past (after a
    /// travel back), a command that can change the cluster replaces the commands
    /// that came after this moment (a new future starts) and returns them; a
    /// reading command (`get`, `describe`, ...) is slotted in and keeps them.
    /// `parsed` is `line` as `kubectl::parse_line` read it.
    pub fn record(&mut self, line: &str, parsed: &Line, files: &CommandFiles) -> Ran {
        let now = self.sim().now_ms();
        let changes = parsed.changes_cluster();
        let replaced = if changes {
            self.journal.split_off(self.applied)
        } else {
            Vec::new()
        };
        // The files the command reads, as they are now: replay must not depend on
        // what the editor holds later.
        let entry = JournalEntry::new(now, line, parsed, files);
        self.journal.insert(self.applied, entry);
        self.applied += 1;
        if changes {
            self.horizon_ms = now;
        }
        let mut ran = self.execute(self.applied - 1, Some(parsed));
        self.horizon_ms = self.horizon_ms.max(self.sim().now_ms());
        ran.replaced = replaced;
        ran
    }

    /// Runs journal entry `index` (the journal's own replay uses this, and parses
    /// the entry's line; a command just typed comes with its parse).
    fn execute(&mut self, index: usize, parsed: Option<&Line>) -> Ran {
        let at_ms = self.session.sim.now_ms();
        let entry = &self.journal[index];
        // A new line ends the command still following, as a terminal's next
        // command can only come after it; Ctrl+C ends it and is echoed there.
        let interrupted = self.following.take().is_some();
        if entry.line == INTERRUPT {
            if interrupted {
                let mut echo = Output::default();
                echo.out(INTERRUPT_ECHO);
                self.append_console(echo);
            }
            return Ran {
                output: Output::default(),
                edit: None,
                replaced: Vec::new(),
            };
        }
        let reparsed;
        let parsed = match parsed {
            Some(p) => p,
            None => {
                reparsed = parse_line(&entry.line);
                &reparsed
            }
        };
        let lesson = self.lesson.as_ref().and_then(|l| l.lesson());
        let files = entry.files(lesson);
        let mut output = self.session.start(&files, parsed);
        self.following = output.follow.take();
        // The page has an editor: `kubectl edit` opens the object in it.
        let edit = output.edit.take();
        if let Some(e) = &edit {
            output.out(e.opened_line());
        }
        let line = self.journal[index].line.clone();
        self.push_console(&line, output.clone(), at_ms);
        Ran {
            output,
            edit,
            replaced: Vec::new(),
        }
    }

    /// Echoes a line and its output in the console (commands, `sleep`).
    pub fn push_console(&mut self, line: &str, output: Output, at_ms: TimeMs) {
        let console = Rc::make_mut(&mut self.console);
        console.push(ConsoleEntry {
            command: line.to_string(),
            output,
            at_ms,
        });
        if console.len() > CONSOLE_ENTRIES {
            console.drain(..100);
        }
    }

    /// Adds output to the console's last entry (a following command's). Nothing
    /// to add touches nothing: the console is shared with the view, and a write
    /// would copy it on every poll.
    fn append_console(&mut self, out: Output) {
        if out.chunks.is_empty() {
            return;
        }
        if let Some(last) = Rc::make_mut(&mut self.console).last_mut() {
            last.output.chunks.extend(out.chunks);
            last.output.exit_code = out.exit_code.max(last.output.exit_code);
        }
    }

    /// Polls the following command after the clock moved; its new lines go to
    /// its console entry.
    fn poll_following(&mut self) {
        let Some(follow) = self.following.as_mut() else {
            return;
        };
        let mut out = Output::default();
        if follow.poll(&self.session.sim, &mut out) == Polled::Ended {
            self.following = None;
        }
        self.append_console(out);
    }

    pub fn clear_console(&mut self) {
        Rc::make_mut(&mut self.console).clear();
    }

    /// Advances simulated time to `target`, sampling the chart and the traffic
    /// every simulated second, and running journal entries left from before a
    /// travel back in time when the clock reaches them. Returns whether the clock
    /// moved.
    pub fn advance_to(&mut self, target: TimeMs, selected: Option<&str>) -> bool {
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
                self.applied += 1;
                self.execute(self.applied - 1, None);
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
            let mut step_to = next_second.min(target).min(next_entry.max(t + 1));
            if let Some(f) = &self.following {
                // Every instant the cluster changes, so the lines do not depend
                // on how the page slices time into frames.
                let due = [self.session.sim.next_deadline(), f.timeout_at_ms()];
                step_to = due
                    .into_iter()
                    .flatten()
                    .fold(step_to, |a, b| a.min(b.max(t + 1)));
            }
            self.session.sim.advance_to(step_to);
            self.poll_following();
            if step_to == next_second {
                self.sample(selected);
            }
        }
        let now = self.session.sim.now_ms();
        self.horizon_ms = self.horizon_ms.max(now);
        now != before
    }

    fn sample(&mut self, selected: Option<&str>) {
        let load = self
            .lesson
            .as_ref()
            .map(|l| l.load_rps(self.sim().now_ms()));
        let target = self.target(selected);
        let followed = target.as_deref().and_then(|n| self.sim().deployment(n));
        let service = super::traffic::pick_service(self.sim(), followed, self.service.as_deref());
        let t = service.map(|s| super::traffic::sample(self.sim(), s, load));
        self.service = service.map(|s| s.name.clone());
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
            let traffic = Rc::make_mut(&mut self.traffic);
            traffic.push(t);
            if traffic.len() > CHART_SAMPLES {
                traffic.drain(..traffic.len() - CHART_SAMPLES);
            }
        }
        let Some(name) = target else { return };
        let Some(b) = invariants::bounds(self.sim(), &name) else {
            return;
        };
        let updated = self
            .sim()
            .deployment(&name)
            .map(|d| d.status.updated_replicas)
            .unwrap_or(0);
        let t_ms = self.sim().now_ms();
        let samples = Rc::make_mut(&mut self.samples);
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

    /// The commands this timeline has run (what a share link or a script carries).
    pub fn applied_journal(&self) -> &[JournalEntry] {
        &self.journal[..self.applied]
    }
}

impl Observed for Timeline {
    fn sim(&self) -> &Sim {
        &self.session.sim
    }

    fn ran(&self, prefix: &str) -> bool {
        self.console.iter().any(|e| e.command.starts_with(prefix))
    }

    fn traffic(&self) -> &[TrafficSample] {
        &self.traffic
    }
}
