//! What a command prints (stdout and stderr chunks in order, and an exit code) and
//! where `-f` files come from. It must not know the terminal or the browser.

/// Where `-f` files come from: the disk for `kubesim`, the editor for the web app.
pub trait Files {
    /// The file's text, or `None` when it does not exist.
    fn read(&self, path: &str) -> Option<String>;
}

/// No files at all.
pub struct NoFiles;
impl Files for NoFiles {
    fn read(&self, _: &str) -> Option<String> {
        None
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// A command's output as a terminal shows it: stdout and stderr in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub chunks: Vec<(Stream, String)>,
    pub exit_code: i32,
    /// The command goes on printing as the cluster changes (`rollout status`).
    pub follow: Option<Follow>,
}

/// A command that waits and goes on printing (kubectl's watches); polled and run
/// to its end by [`super::follow`], which says how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Follow {
    /// kubectl's `rollout status` watch: prints the status at each change of the
    /// Deployment (`resourceVersion`), ends when it is done or fails.
    RolloutStatus {
        name: String,
        last_resource_version: u64,
        /// `--timeout`: when it gives up. None waits for ever, as kubectl does.
        timeout_at_ms: Option<crate::sim::TimeMs>,
    },
}


impl Output {
    pub fn out(&mut self, s: impl Into<String>) {
        self.chunks.push((Stream::Stdout, s.into()));
    }
    pub fn err(&mut self, s: impl Into<String>) {
        self.chunks.push((Stream::Stderr, s.into()));
    }
    /// An `error: ...` line on stderr and exit status 1.
    pub fn fail(&mut self, msg: impl Into<String>) {
        let msg = msg.into();
        let msg = if msg.starts_with("error: ")
            || msg.starts_with("Error from server")
            || msg.starts_with("The Deployment ")
        {
            msg
        } else {
            format!("error: {msg}")
        };
        self.err(format!("{}\n", msg.trim_end_matches('\n')));
        self.exit_code = 1;
    }
    pub fn text(&self) -> String {
        self.chunks.iter().map(|(_, s)| s.as_str()).collect()
    }
    pub fn stdout(&self) -> String {
        self.chunks
            .iter()
            .filter(|(s, _)| *s == Stream::Stdout)
            .map(|(_, s)| s.as_str())
            .collect()
    }
    pub fn stderr(&self) -> String {
        self.chunks
            .iter()
            .filter(|(s, _)| *s == Stream::Stderr)
            .map(|(_, s)| s.as_str())
            .collect()
    }
}

/// What `--record` prints on stderr (kubectl v1.33 deprecates the flag).
pub const RECORD_WARNING: &str =
    "Flag --record has been deprecated, --record will be removed in the future\n";
