//! The journal (every command that reached the cluster, at its simulated time, with
//! the files it read) and the files a command can read with `-f`: the editor's file,
//! the presets, the lesson's files. A journal entry carries its files, so replaying it
//! never depends on what the editor holds later. It must not run commands.

use super::lessons::{lesson_file, Lesson};
use super::presets::PRESETS;
use crate::kubectl::{Files, Line};
use crate::sim::TimeMs;

/// One command of the journal. `files` are the files the command read (`-f`, every
/// one that existed), as they were when it ran.
#[derive(Clone, Debug, PartialEq)]
pub struct JournalEntry {
    pub at_ms: TimeMs,
    pub line: String,
    pub files: Vec<(String, String)>,
}

/// What `-f` can read: the named files first (the editor's, or a journal entry's),
/// then the presets, then the lesson's files.
pub struct CommandFiles<'a> {
    pub files: Vec<(&'a str, &'a str)>,
    pub lesson: Option<&'static Lesson>,
}

impl<'a> CommandFiles<'a> {
    /// The editor's file, then the built-in ones.
    pub fn editor(name: &'a str, text: &'a str, lesson: Option<&'static Lesson>) -> Self {
        CommandFiles {
            files: vec![(name, text)],
            lesson,
        }
    }

    /// Only the built-in files.
    pub fn builtin(lesson: Option<&'static Lesson>) -> Self {
        CommandFiles {
            files: Vec::new(),
            lesson,
        }
    }
}

impl Files for CommandFiles<'_> {
    fn read(&self, path: &str) -> Option<String> {
        let path = path.trim_start_matches("./");
        if let Some((_, text)) = self.files.iter().find(|(name, _)| *name == path) {
            return Some(text.to_string());
        }
        PRESETS
            .iter()
            .find(|(_, f, _)| *f == path)
            .map(|(_, _, y)| y.to_string())
            .or_else(|| {
                self.lesson
                    .and_then(|l| lesson_file(l, path))
                    .map(str::to_string)
            })
    }
}

impl JournalEntry {
    /// The entry for `line` (parsed as `parsed`) run at `at_ms`, with every file it
    /// reads as `files` serves it now.
    pub fn new(at_ms: TimeMs, line: &str, parsed: &Line, files: &CommandFiles) -> JournalEntry {
        let mut read: Vec<(String, String)> = Vec::new();
        for name in parsed.files() {
            if read.iter().any(|(n, _)| n == name) {
                continue;
            }
            if let Some(text) = files.read(name) {
                read.push((name.to_string(), text));
            }
        }
        JournalEntry {
            at_ms,
            line: line.to_string(),
            files: read,
        }
    }

    /// What this entry's command reads when it runs again.
    pub fn files(&self, lesson: Option<&'static Lesson>) -> CommandFiles<'_> {
        CommandFiles {
            files: self
                .files
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect(),
            lesson,
        }
    }
}
