//! The event log: what `kubectl get events` and the Events section of `describe`
//! show. Repeats of the same (object, reason, message) within the recent window are
//! folded into one entry with a count, as the event recorder does.

use super::objects::TimeMs;
use std::collections::VecDeque;

/// At most this many distinct events are kept; older ones are dropped, as a real
/// cluster drops events after an hour.
pub const EVENT_LOG_CAPACITY: usize = 5_000;
/// How far back a repeat is looked for when folding.
const FOLD_WINDOW: usize = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub kind: EventType,
    pub reason: &'static str,
    /// `deployment`, `replicaset` or `pod`.
    pub object_kind: &'static str,
    pub object_name: String,
    pub message: String,
    pub source: &'static str,
    pub first_ms: TimeMs,
    pub last_ms: TimeMs,
    pub count: u32,
    /// Monotonic sequence number of the last occurrence; orders the log.
    pub seq: u64,
}

#[derive(Clone, Debug, Default)]
pub struct EventLog {
    events: VecDeque<Event>,
    seq: u64,
}

impl EventLog {
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        &mut self,
        now: TimeMs,
        kind: EventType,
        reason: &'static str,
        object_kind: &'static str,
        object_name: &str,
        message: String,
        source: &'static str,
    ) {
        self.seq += 1;
        let seq = self.seq;
        let len = self.events.len();
        for i in (len.saturating_sub(FOLD_WINDOW)..len).rev() {
            let e = &mut self.events[i];
            if e.reason == reason && e.object_name == object_name && e.object_kind == object_kind && e.message == message {
                e.count += 1;
                e.last_ms = now;
                e.seq = seq;
                let folded = self.events.remove(i).expect("index in range");
                self.events.push_back(folded);
                return;
            }
        }
        if self.events.len() >= EVENT_LOG_CAPACITY {
            self.events.pop_front();
        }
        self.events.push_back(Event {
            kind,
            reason,
            object_kind,
            object_name: object_name.to_string(),
            message,
            source,
            first_ms: now,
            last_ms: now,
            count: 1,
            seq,
        });
    }

    /// Oldest first (by last occurrence).
    pub fn iter(&self) -> impl Iterator<Item = &Event> {
        self.events.iter()
    }

    pub fn for_object<'a>(&'a self, object_kind: &'a str, name: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.events.iter().filter(move |e| e.object_kind == object_kind && e.object_name == name)
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}
