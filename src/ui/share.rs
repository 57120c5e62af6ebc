//! Share links: the scenario (seed, the timed commands with the files they read,
//! the simulated time, the editor, the lesson and the visible panels) as text in
//! the URL fragment. Opening the link replays the commands from the seed, and the
//! deterministic engine rebuilds exactly the same state (same pod names, same
//! ReplicaSets). Files equal to a built-in one travel as a reference.
//!
//! Decoding treats the link as hostile: every field is checked and bounded, and
//! anything wrong gives one clear message (the page then loads the default).
//! It must not run commands; `model` replays what this decodes.

use super::journal::JournalEntry;
use super::lessons;
use super::presets::PRESETS;
use crate::sim::TimeMs;

/// The longest link fragment accepted or produced, in characters.
pub const MAX_LINK_CHARS: usize = 12_000;
/// The latest simulated time a link may ask for (replaying takes time).
pub const MAX_LINK_TIME_MS: TimeMs = 6 * 3_600_000;
pub const MAX_COMMANDS: usize = 400;
pub const MAX_LINE_CHARS: usize = 1_000;

const HEADER: &str = "rollout-playground 1";

#[derive(Clone, Debug, PartialEq)]
pub struct Shared {
    pub seed: u64,
    pub time_ms: TimeMs,
    /// The editor's file name and text.
    pub editor: (String, String),
    pub journal: Vec<JournalEntry>,
    /// (lesson id, tour step, when the scenario's fault went in).
    pub lesson: Option<(String, usize, TimeMs)>,
    pub panels: Vec<Panel>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareError(pub String);

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn bad(why: impl Into<String>) -> ShareError {
    ShareError(format!("This share link is damaged or not from Rollout Playground ({}); the default playground is loaded instead.", why.into()))
}

/// Built-in files, referenced by index instead of copied into links.
fn builtin_files() -> Vec<(&'static str, &'static str)> {
    let mut v: Vec<(&str, &str)> = PRESETS.iter().map(|(_, f, y)| (*f, *y)).collect();
    for l in lessons::LESSONS {
        if let Some(m) = l.manifest {
            v.push(m);
        }
    }
    v.push(("shop-badconfig.yaml", lessons::SHOP_BADCONFIG));
    v
}

/// The link text (base64url, no padding) for a session.
pub fn encode(s: &Shared) -> Result<String, ShareError> {
    let builtins = builtin_files();
    // A comma separates the files of one command.
    let named_badly = |n: &str| {
        n.is_empty() || n.contains(char::is_whitespace) || n.contains('/') || n.contains(',')
    };
    if named_badly(&s.editor.0)
        || s.journal
            .iter()
            .any(|e| e.files.iter().any(|(n, _)| named_badly(n)))
    {
        return Err(ShareError(
            "A file name with spaces, commas or slashes cannot go into a link; rename the file."
                .into(),
        ));
    }
    let mut files: Vec<(String, String)> = Vec::new();
    let mut file_ref = |name: &str, text: &str, out: &mut String| -> String {
        if let Some(i) = builtins.iter().position(|(n, t)| *n == name && *t == text) {
            return format!("b{i}");
        }
        let i = match files.iter().position(|(n, t)| n == name && t == text) {
            Some(i) => i,
            None => {
                files.push((name.to_string(), text.to_string()));
                out.push_str(&format!("file {} {}\n{}\n", name, text.len(), text));
                files.len() - 1
            }
        };
        format!("f{i}")
    };
    let mut body = String::new();
    let editor = file_ref(&s.editor.0, &s.editor.1, &mut body);
    let mut lines = format!("seed {}\ntime {}\neditor {editor}\n", s.seed, s.time_ms);
    if let Some((id, step, started)) = &s.lesson {
        lines.push_str(&format!("lesson {id} {step} {started}\n"));
    }
    if !s.panels.is_empty() {
        let names: Vec<&str> = s.panels.iter().map(|p| p.name()).collect();
        lines.push_str(&format!("panels {}\n", names.join(",")));
    }
    for e in &s.journal {
        let f = if e.files.is_empty() {
            "-".to_string()
        } else {
            let refs: Vec<String> = e
                .files
                .iter()
                .map(|(n, t)| file_ref(n, t, &mut body))
                .collect();
            refs.join(",")
        };
        lines.push_str(&format!("cmd {} {f} {}\n", e.at_ms, e.line));
    }
    let text = format!("{HEADER}\n{body}{lines}");
    let link = base64url_encode(text.as_bytes());
    if link.len() > MAX_LINK_CHARS {
        return Err(ShareError(format!(
            "This session is too long for a link ({} characters; the limit is {MAX_LINK_CHARS}). Export the .sh script instead, or reset and share a shorter session.",
            link.len()
        )));
    }
    Ok(link)
}

pub fn decode(link: &str) -> Result<Shared, ShareError> {
    if link.len() > MAX_LINK_CHARS {
        return Err(bad(format!("longer than {MAX_LINK_CHARS} characters")));
    }
    let bytes = base64url_decode(link).ok_or_else(|| bad("not base64url"))?;
    let text = String::from_utf8(bytes).map_err(|_| bad("not UTF-8 text"))?;
    let builtins = builtin_files();
    let mut files: Vec<(String, String)> = Vec::new();
    let mut rest = text.as_str();
    let mut out = Shared {
        seed: 0,
        time_ms: 0,
        editor: (String::new(), String::new()),
        journal: Vec::new(),
        lesson: None,
        panels: Vec::new(),
    };
    let mut header = false;
    let mut seen_seed = false;
    let lookup = |files: &[(String, String)], r: &str| file_ref(&builtins, files, r);
    while !rest.is_empty() {
        let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
        rest = after;
        if !header {
            if line != HEADER {
                return Err(bad("unknown format"));
            }
            header = true;
            continue;
        }
        let (key, value) = line.split_once(' ').unwrap_or((line, ""));
        match key {
            "file" => {
                let (file, after) = file_entry(value, rest)?;
                files.push(file);
                rest = after;
            }
            "seed" => {
                out.seed = value.parse().map_err(|_| bad("bad seed"))?;
                seen_seed = true;
            }
            "time" => {
                out.time_ms = value.parse().map_err(|_| bad("bad time"))?;
                if out.time_ms > MAX_LINK_TIME_MS {
                    return Err(bad("the simulated time is beyond 6 hours"));
                }
            }
            "editor" => out.editor = lookup(&files, value)?,
            "lesson" => out.lesson = Some(lesson_line(value)?),
            "panels" => {
                for p in value.split(',').filter(|p| !p.is_empty()) {
                    let panel =
                        Panel::parse(p).ok_or_else(|| bad(format!("unknown panel {p:?}")))?;
                    out.panels.push(panel);
                }
            }
            "cmd" => {
                if out.journal.len() >= MAX_COMMANDS {
                    return Err(bad(format!("more than {MAX_COMMANDS} commands")));
                }
                let entry = cmd_line(value, out.time_ms, &|r| lookup(&files, r))?;
                if out.journal.last().is_some_and(|e| e.at_ms > entry.at_ms) {
                    return Err(bad("commands out of order"));
                }
                out.journal.push(entry);
            }
            "" => {}
            other => return Err(bad(format!("unknown field {other:?}"))),
        }
    }
    if !header || !seen_seed {
        return Err(bad("no seed"));
    }
    Ok(out)
}

/// A file's name and text.
type NamedFile = (String, String);

/// A file reference: `bN` a built-in file, `fN` one the link carries.
fn file_ref(
    builtins: &[(&str, &str)],
    files: &[(String, String)],
    r: &str,
) -> Result<(String, String), ShareError> {
    let (kind, idx) = r.split_at(r.len().min(1));
    let i: usize = idx
        .parse()
        .map_err(|_| bad(format!("bad file reference {r:?}")))?;
    match kind {
        "b" => builtins.get(i).map(|(n, t)| (n.to_string(), t.to_string())),
        "f" => files.get(i).cloned(),
        _ => None,
    }
    .ok_or_else(|| bad(format!("unknown file reference {r:?}")))
}

/// `file NAME LENGTH`, then that many bytes and a line break: the file, and
/// what follows it.
fn file_entry<'t>(value: &str, rest: &'t str) -> Result<(NamedFile, &'t str), ShareError> {
    let (name, len) = value.split_once(' ').ok_or_else(|| bad("bad file line"))?;
    let len: usize = len.parse().map_err(|_| bad("bad file length"))?;
    if name.is_empty() || name.contains('/') || len > rest.len() || !rest.is_char_boundary(len) {
        return Err(bad("bad file entry"));
    }
    let after = rest[len..]
        .strip_prefix('\n')
        .ok_or_else(|| bad("file not terminated"))?;
    Ok(((name.to_string(), rest[..len].to_string()), after))
}

/// `lesson ID STEP STARTED`.
fn lesson_line(value: &str) -> Result<(String, usize, TimeMs), ShareError> {
    let mut parts = value.split(' ');
    let id = parts.next().unwrap_or("");
    let lesson = lessons::find(id).ok_or_else(|| bad(format!("unknown lesson {id:?}")))?;
    let step: usize = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("bad lesson step"))?;
    let started: TimeMs = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("bad lesson start"))?;
    if step > lesson.steps.len() {
        return Err(bad("bad lesson step"));
    }
    Ok((lesson.id.to_string(), step, started))
}

/// `cmd AT FILES LINE`: a kubectl line (or Ctrl+C) no later than the link's time,
/// with the files it read (`-`: none; else references joined by commas).
fn cmd_line(
    value: &str,
    time_ms: TimeMs,
    lookup: &dyn Fn(&str) -> Result<NamedFile, ShareError>,
) -> Result<JournalEntry, ShareError> {
    let mut parts = value.splitn(3, ' ');
    let at: TimeMs = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("bad command time"))?;
    let f = parts.next().unwrap_or("");
    let cmd = parts.next().unwrap_or("");
    if at > time_ms {
        return Err(bad("commands out of order"));
    }
    // Ctrl+C, which stopped a command that was following, is journaled too.
    if !(cmd.starts_with("kubectl ") || cmd == super::timeline::INTERRUPT)
        || cmd.chars().count() > MAX_LINE_CHARS
        || cmd.chars().any(char::is_control)
    {
        return Err(bad("a command that is not a kubectl command"));
    }
    let files = match f {
        "-" => Vec::new(),
        refs => refs.split(',').map(lookup).collect::<Result<_, _>>()?,
    };
    Ok(JournalEntry {
        at_ms: at,
        line: cmd.to_string(),
        files,
    })
}

/// The link's text encoding (URL-safe base64, no padding).
pub use crate::base64::{decode_url as base64url_decode, encode_url as base64url_encode};

/// How the page was opened: `?embed=1&preset=rolling&autoplay=0&readonly=1&
/// panels=stage,console&theme=dark&t=30&seed=7&lesson=canary`, and a share link in
/// the fragment (`#s=...`). Unknown or malformed values are ignored (the default
/// stands), except a damaged share link, which is reported.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageOptions {
    pub seed: Option<u64>,
    pub embed: bool,
    pub preset: Option<usize>,
    pub lesson: Option<String>,
    pub autoplay: Option<bool>,
    pub readonly: bool,
    pub panels: Option<Vec<Panel>>,
    pub theme: Option<String>,
    pub presenter: bool,
    /// Start this many simulated seconds in (after applying the preset).
    pub start_s: Option<u64>,
    pub share: Option<Result<Shared, ShareError>>,
}

/// A panel an embed may show (`panels=`), besides the stage, which is always on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Editor,
    Console,
    Controls,
    Traffic,
    Timeline,
    Why,
    Events,
    Lesson,
    Chart,
}

impl Panel {
    pub const ALL: [Panel; 9] = [
        Panel::Editor,
        Panel::Console,
        Panel::Controls,
        Panel::Traffic,
        Panel::Timeline,
        Panel::Why,
        Panel::Events,
        Panel::Lesson,
        Panel::Chart,
    ];

    /// Its name in `panels=` and in share links.
    pub fn name(self) -> &'static str {
        match self {
            Panel::Editor => "editor",
            Panel::Console => "console",
            Panel::Controls => "controls",
            Panel::Traffic => "traffic",
            Panel::Timeline => "timeline",
            Panel::Why => "why",
            Panel::Events => "events",
            Panel::Lesson => "lesson",
            Panel::Chart => "chart",
        }
    }

    pub fn parse(name: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.name() == name)
    }
}

pub fn page_options(query: &str, fragment: &str) -> PageOptions {
    let mut o = PageOptions::default();
    for pair in query.trim_start_matches('?').split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let on = matches!(v, "" | "1" | "true" | "yes");
        match k {
            "seed" => o.seed = v.parse().ok(),
            "embed" => o.embed = on,
            "preset" => {
                o.preset = match v {
                    "recreate" | "0" => Some(0),
                    "rolling" | "rollingupdate" | "1" => Some(1),
                    "blank" | "2" => Some(2),
                    _ => None,
                }
            }
            "lesson" | "scenario" => o.lesson = lessons::find(v).map(|l| l.id.to_string()),
            "autoplay" => o.autoplay = Some(on),
            "readonly" => o.readonly = on,
            "presenter" => o.presenter = on,
            "panels" => o.panels = Some(v.split(',').filter_map(Panel::parse).collect()),
            "theme" if matches!(v, "light" | "dark") => o.theme = Some(v.to_string()),
            "t" => o.start_s = v.parse().ok().filter(|s| *s <= MAX_LINK_TIME_MS / 1000),
            _ => {}
        }
    }
    if let Some(link) = fragment.trim_start_matches('#').strip_prefix("s=") {
        o.share = Some(decode(link));
    }
    o
}

/// The `<iframe>` that embeds this session. `page_url` is the page's own address;
/// `share_link` the session's link fragment (`s=...`), or `None` when the session
/// does not fit in a link, in which case the embed shows the RollingUpdate tutorial.
pub fn embed_code(page_url: &str, share_link: Option<&str>) -> String {
    let base = page_url.split(['?', '#']).next().unwrap_or("");
    let src = match share_link {
        Some(link) => format!("{base}?embed=1&autoplay=1#s={link}"),
        None => format!("{base}?embed=1&preset=rolling&autoplay=1&panels=console,chart"),
    };
    format!(
        "<iframe src=\"{src}\" title=\"Rollout Playground\" width=\"100%\" height=\"560\" style=\"border:0\" loading=\"lazy\"></iframe>"
    )
}
