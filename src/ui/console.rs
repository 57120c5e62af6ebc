//! The console's input line: what a key does to it. Enter runs the line, Up and
//! Down walk the input history, Tab completes (the longest common prefix of the
//! candidates, listed when there are several). Tab never traps the keyboard
//! (WCAG 2.1.2): on an empty line, after Escape, or with Shift it is the browser's,
//! and focus moves on. Plain Rust, tested natively; `app`
//! passes keys in and prevents the browser's default only when a key was used. It
//! must not touch web-sys or yew, or run commands itself.

use crate::kubectl::complete::common_prefix;

/// What a key did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    /// Run this line (Enter); the input is now empty.
    Run(String),
    /// The key changed the input; the browser must not act on it too.
    Handled,
    /// Not ours (Tab with nothing to complete moves focus on, as it should).
    Ignored,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConsoleInput {
    pub text: String,
    /// Where Up/Down are in the history; None when editing a new line.
    history_pos: Option<usize>,
    /// Shown under the input when Tab found several candidates.
    pub completions: Vec<String>,
    /// Escape was the last key: the next Tab leaves the console.
    escaped: bool,
}

impl ConsoleInput {
    /// The person typed: the text is theirs, old candidates no longer apply.
    pub fn set_text(&mut self, text: String) {
        self.text = text;
        self.completions.clear();
        self.escaped = false;
    }

    /// Handles `key` (a `KeyboardEvent.key`) against the input `history` (oldest
    /// first); `complete` gives the candidates for a line.
    pub fn key(
        &mut self,
        key: &str,
        shift: bool,
        history: &[String],
        complete: impl FnOnce(&str) -> Vec<String>,
    ) -> Key {
        let escaped = std::mem::take(&mut self.escaped);
        match key {
            "Escape" => {
                self.completions.clear();
                self.escaped = true;
                Key::Handled
            }
            // Leaving: Shift+Tab, Tab after Escape, Tab on an empty line.
            "Tab" if shift || escaped || self.text.trim().is_empty() => Key::Ignored,
            "Enter" => {
                self.history_pos = None;
                self.completions.clear();
                Key::Run(std::mem::take(&mut self.text))
            }
            "ArrowUp" => {
                if !history.is_empty() {
                    let pos = self
                        .history_pos
                        .map(|p| p.saturating_sub(1))
                        .unwrap_or(history.len() - 1);
                    self.history_pos = Some(pos);
                    self.text = history[pos].clone();
                }
                Key::Handled
            }
            "ArrowDown" => {
                match self.history_pos {
                    Some(p) if p + 1 < history.len() => {
                        self.history_pos = Some(p + 1);
                        self.text = history[p + 1].clone();
                    }
                    _ => {
                        self.history_pos = None;
                        self.text.clear();
                    }
                }
                Key::Handled
            }
            "Tab" => {
                let cands = complete(&self.text);
                if cands.is_empty() {
                    return Key::Ignored;
                }
                let prefix = common_prefix(&cands);
                let keep = match self.text.rfind(' ') {
                    Some(i) if !self.text.ends_with(' ') => self.text[..=i].to_string(),
                    _ if self.text.ends_with(' ') => self.text.clone(),
                    _ => String::new(),
                };
                let single = cands.len() == 1 && !prefix.ends_with('=') && !prefix.ends_with('/');
                self.text = format!("{keep}{prefix}{}", if single { " " } else { "" });
                self.completions = if cands.len() > 1 { cands } else { Vec::new() };
                Key::Handled
            }
            _ => Key::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn up_and_down_walk_the_history_and_enter_runs_the_line() {
        let history = words(&["kubectl get pods", "kubectl get rs"]);
        let mut c = ConsoleInput::default();
        c.set_text("kubectl ver".into());
        assert_eq!(c.key("ArrowUp", false, &history, |_| vec![]), Key::Handled);
        assert_eq!(c.text, "kubectl get rs");
        c.key("ArrowUp", false, &history, |_| vec![]);
        c.key("ArrowUp", false, &history, |_| vec![]);
        assert_eq!(c.text, "kubectl get pods", "stops at the oldest");
        c.key("ArrowDown", false, &history, |_| vec![]);
        assert_eq!(c.text, "kubectl get rs");
        c.key("ArrowDown", false, &history, |_| vec![]);
        assert_eq!(c.text, "", "past the newest: a new, empty line");
        c.set_text("kubectl get deploy".into());
        assert_eq!(
            c.key("Enter", false, &history, |_| vec![]),
            Key::Run("kubectl get deploy".into())
        );
        assert_eq!(c.text, "");
        assert_eq!(c.key("a", false, &history, |_| vec![]), Key::Ignored);
    }

    #[test]
    fn tab_inserts_the_common_prefix_and_lists_several_candidates() {
        let mut c = ConsoleInput::default();
        c.set_text("kubectl get dep".into());
        let key = c.key("Tab", false, &[], |line| {
            assert_eq!(line, "kubectl get dep");
            words(&["deploy", "deployment", "deployment/web"])
        });
        assert_eq!(key, Key::Handled);
        assert_eq!(c.text, "kubectl get deploy");
        assert_eq!(c.completions.len(), 3);
        c.set_text("kubectl rollout u".into());
        assert!(c.completions.is_empty(), "typing drops the old list");
        c.key("Tab", false, &[], |_| words(&["undo"]));
        assert_eq!(
            c.text, "kubectl rollout undo ",
            "one candidate: a space follows"
        );
        c.set_text("kubectl set image deployment/web ".into());
        c.key("Tab", false, &[], |_| words(&["nginx="]));
        assert_eq!(
            c.text, "kubectl set image deployment/web nginx=",
            "no space after ="
        );
        // Nothing to complete: Tab is the browser's, so focus moves on.
        c.set_text("kubectl frobnicate ".into());
        assert_eq!(c.key("Tab", false, &[], |_| vec![]), Key::Ignored);
        assert_eq!(common_prefix(&words(&["deploy", "deployment"])), "deploy");
    }

    #[test]
    fn tab_never_traps_the_keyboard() {
        let complete = |_: &str| words(&["clear", "kubectl", "sleep"]);
        let mut c = ConsoleInput::default();
        assert_eq!(
            c.key("Tab", false, &[], complete),
            Key::Ignored,
            "an empty line"
        );
        c.set_text("   ".into());
        assert_eq!(
            c.key("Tab", false, &[], complete),
            Key::Ignored,
            "only spaces"
        );
        c.set_text("kub".into());
        assert_eq!(
            c.key("Tab", true, &[], complete),
            Key::Ignored,
            "Shift+Tab goes back"
        );
        assert_eq!(c.key("Escape", false, &[], complete), Key::Handled);
        assert_eq!(
            c.key("Tab", false, &[], complete),
            Key::Ignored,
            "Escape, then Tab"
        );
        assert_eq!(c.text, "kub", "leaving keeps what was typed");
        assert_eq!(
            c.key("Tab", false, &[], complete),
            Key::Handled,
            "back to completing"
        );
    }
}
