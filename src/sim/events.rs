//! The event log: what `kubectl get events` and the Events section of `describe`
//! show. Repeats of the same (object, reason, message) are folded into one entry with
//! a count and a last-seen time, as the event recorder's correlator does.

use super::objects::TimeMs;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::rc::Rc;

/// An event's message. Most are a fixed text around one name, kept unformatted until
/// printed so recording an event costs no formatting and no allocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventText {
    Owned(String),
    Around {
        before: &'static str,
        arg: Rc<str>,
        after: &'static str,
    },
}

impl EventText {
    pub fn around(before: &'static str, arg: &Rc<str>, after: &'static str) -> EventText {
        EventText::Around {
            before,
            arg: Rc::clone(arg),
            after,
        }
    }

    pub fn text(&self) -> Cow<'_, str> {
        match self {
            EventText::Owned(s) => Cow::Borrowed(s),
            EventText::Around { before, arg, after } => Cow::Owned(format!("{before}{arg}{after}")),
        }
    }
}

impl From<String> for EventText {
    fn from(s: String) -> EventText {
        EventText::Owned(s)
    }
}

/// At most this many distinct events are kept; older ones are dropped, as a real
/// cluster drops events after an hour.
pub const EVENT_LOG_CAPACITY: usize = 5_000;

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
    pub object_name: Rc<str>,
    message: EventText,
    pub source: &'static str,
    pub first_ms: TimeMs,
    pub last_ms: TimeMs,
    pub count: u32,
    /// Monotonic sequence number of the last occurrence; orders the log.
    pub seq: u64,
    /// Hash of the folding key.
    key: u64,
}

#[derive(Clone, Debug, Default)]
pub struct EventLog {
    /// In order of first occurrence; `front_id` is the id of `events[0]`.
    events: VecDeque<Event>,
    front_id: u64,
    /// Folding key hash -> id of the newest event with that key hash. (A collision
    /// only means an older event stops folding; the content is always checked.)
    index: FoldIndex,
    seq: u64,
}

impl Event {
    pub fn message(&self) -> Cow<'_, str> {
        self.message.text()
    }
}

/// A fast 64-bit hash (FxHash's mixing, eight bytes at a time) of the folding key.
fn key_hash(object_kind: &str, name: &str, reason: &str, message: &EventText) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0;
    let (m1, m2, m3) = match message {
        EventText::Owned(s) => (s.as_str(), "", ""),
        EventText::Around { before, arg, after } => (*before, &**arg, *after),
    };
    for part in [object_kind, name, reason, m1, m2, m3] {
        let bytes = part.as_bytes();
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ w).wrapping_mul(K);
        }
        let mut tail = [0u8; 8];
        tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        h = (h.rotate_left(5) ^ u64::from_le_bytes(tail) ^ bytes.len() as u64).wrapping_mul(K);
    }
    h
}

/// An open-addressing hash table (linear probing, backward-shift deletion) from key
/// hash to event id: one cache line per lookup, no allocation per event, and no
/// iteration, so no order can leak out of it.
#[derive(Clone, Debug)]
struct FoldIndex {
    /// (key, id); key 0 marks an empty slot.
    slots: Vec<(u64, u64)>,
}

impl Default for FoldIndex {
    fn default() -> Self {
        // A power of two at least four times the log's capacity keeps probes short.
        FoldIndex {
            slots: vec![(0, 0); (EVENT_LOG_CAPACITY * 4).next_power_of_two()],
        }
    }
}

impl FoldIndex {
    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    fn get(&self, key: u64) -> Option<u64> {
        let mut i = key as usize & self.mask();
        loop {
            match self.slots[i] {
                (0, _) => return None,
                (k, id) if k == key => return Some(id),
                _ => i = (i + 1) & self.mask(),
            }
        }
    }

    fn insert(&mut self, key: u64, id: u64) {
        let mut i = key as usize & self.mask();
        while self.slots[i].0 != 0 && self.slots[i].0 != key {
            i = (i + 1) & self.mask();
        }
        self.slots[i] = (key, id);
    }

    fn remove(&mut self, key: u64) {
        let mask = self.mask();
        let mut i = key as usize & mask;
        loop {
            match self.slots[i].0 {
                0 => return,
                k if k == key => break,
                _ => i = (i + 1) & mask,
            }
        }
        // Backward-shift: pull later entries of the probe run into the hole.
        let mut hole = i;
        let mut j = (i + 1) & mask;
        while self.slots[j].0 != 0 {
            let home = self.slots[j].0 as usize & mask;
            let dist_j = j.wrapping_sub(home) & mask;
            let dist_hole = hole.wrapping_sub(home) & mask;
            if dist_hole <= dist_j {
                self.slots[hole] = self.slots[j];
                hole = j;
            }
            j = (j + 1) & mask;
        }
        self.slots[hole] = (0, 0);
    }
}

impl EventLog {
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        &mut self,
        now: TimeMs,
        kind: EventType,
        reason: &'static str,
        object_kind: &'static str,
        object_name: &Rc<str>,
        message: EventText,
        source: &'static str,
    ) {
        self.seq += 1;
        let seq = self.seq;
        // These name a pod whose name is never reused, so they cannot repeat.
        let foldable = !matches!(
            reason,
            "Scheduled" | "SuccessfulCreate" | "SuccessfulDelete" | "Killing"
        );
        // 0 marks an empty slot in the index.
        let h = if foldable {
            key_hash(object_kind, object_name, reason, &message).max(1)
        } else {
            0
        };
        if let Some(id) = self.index.get(h).filter(|_| foldable) {
            if let Some(e) = self.events.get_mut(id.wrapping_sub(self.front_id) as usize) {
                if e.reason == reason
                    && e.object_kind == object_kind
                    && e.object_name == *object_name
                    && e.message == message
                {
                    e.count += 1;
                    e.last_ms = now;
                    e.seq = seq;
                    return;
                }
            }
        }
        if self.events.len() >= EVENT_LOG_CAPACITY {
            if let Some(old) = self.events.pop_front() {
                if old.key != 0 && self.index.get(old.key) == Some(self.front_id) {
                    self.index.remove(old.key);
                }
            }
            self.front_id += 1;
        }
        let id = self.front_id + self.events.len() as u64;
        if foldable {
            self.index.insert(h, id);
        }
        self.events.push_back(Event {
            kind,
            reason,
            object_kind,
            object_name: Rc::clone(object_name),
            message,
            source,
            first_ms: now,
            last_ms: now,
            count: 1,
            seq,
            key: h,
        });
    }

    /// The sequence number of the newest occurrence (changes on every record).
    pub fn last_seq(&self) -> u64 {
        self.seq
    }

    /// The `n` most recent events, newest first, without sorting the whole log.
    pub fn latest(&self, n: usize) -> Vec<&Event> {
        let mut top: Vec<&Event> = Vec::with_capacity(n + 1);
        for e in &self.events {
            if top.len() < n || e.seq > top[top.len() - 1].seq {
                let at = top.partition_point(|x| x.seq > e.seq);
                top.insert(at, e);
                top.truncate(n);
            }
        }
        top
    }

    /// Oldest first by last occurrence.
    pub fn iter(&self) -> impl Iterator<Item = &Event> {
        let mut v: Vec<&Event> = self.events.iter().collect();
        crate::order::sort_by_key(&mut v, |e| e.seq);
        v.into_iter()
    }

    pub fn for_object<'a>(
        &'a self,
        object_kind: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Event> + 'a {
        self.iter()
            .filter(move |e| e.object_kind == object_kind && &*e.object_name == name)
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}
