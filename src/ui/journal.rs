//! The journal (every command that reached the cluster, at its simulated time, with
//! the file it read) and the files a command can read with `-f`: the editor's file,
//! the presets, the lesson's files. A journal entry carries its file, so replaying it
//! never depends on what the editor holds later. It must not run commands.

use super::lessons::{lesson_file, Lesson};
use super::presets::PRESETS;
use crate::kubectl::Files;
use crate::sim::TimeMs;

/// One command of the journal. `file` is the file as it was when the command ran,
/// when the command read one (`apply -f`).
#[derive(Clone, Debug, PartialEq)]
pub struct JournalEntry {
    pub at_ms: TimeMs,
    pub line: String,
    pub file: Option<(String, String)>,
}

/// What `-f` can read: one named file (the editor's, or a journal entry's), then the
/// presets, then the lesson's files.
pub struct CommandFiles<'a> {
    pub file: Option<(&'a str, &'a str)>,
    pub lesson: Option<&'static Lesson>,
}

impl Files for CommandFiles<'_> {
    fn read(&self, path: &str) -> Option<String> {
        let path = path.trim_start_matches("./");
        if let Some((name, text)) = self.file {
            if path == name {
                return Some(text.to_string());
            }
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
    /// The entry for `line` run at `at_ms`, with the file it reads as `files`
    /// serves it now.
    pub fn new(at_ms: TimeMs, line: &str, files: &CommandFiles) -> JournalEntry {
        let file = crate::kubectl::args::file_argument(line).and_then(|name| {
            let name = name.trim_start_matches("./").to_string();
            files.read(&name).map(|text| (name, text))
        });
        JournalEntry {
            at_ms,
            line: line.to_string(),
            file,
        }
    }

    /// What this entry's command reads when it runs again.
    pub fn files(&self, lesson: Option<&'static Lesson>) -> CommandFiles<'_> {
        CommandFiles {
            file: self.file.as_ref().map(|(n, t)| (n.as_str(), t.as_str())),
            lesson,
        }
    }
}
