//! Layering: `sim` knows nothing above it and reads no clock or entropy; `manifest`
//! knows no command syntax or browser; only `ui` touches the browser.

use std::path::Path;

fn sources(dir: &Path) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(sources(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            v.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    v
}

fn forbid(dir: &str, words: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let files = sources(&root);
    assert!(!files.is_empty(), "{dir} has sources");
    for (path, text) in files {
        for w in words {
            assert!(
                !text.contains(w),
                "{path} mentions {w:?}, which its layer must not use"
            );
        }
    }
}

#[test]
fn sim_is_pure() {
    forbid(
        "src/sim",
        &[
            "serde",
            "yew",
            "web_sys",
            "gloo",
            "crate::kubectl",
            "crate::manifest",
            "crate::ui",
            "Instant",
            "SystemTime",
            "HashMap",
            "HashSet",
            "rand::",
            "getrandom",
            "std::fs",
            "std::env",
        ],
    );
}

#[test]
fn manifest_does_not_know_commands_or_the_browser() {
    forbid(
        "src/manifest",
        &[
            "crate::kubectl",
            "crate::ui",
            "yew",
            "web_sys",
            "Instant",
            "SystemTime",
        ],
    );
}

#[test]
fn kubectl_does_not_know_the_browser() {
    forbid(
        "src/kubectl",
        &[
            "crate::ui",
            "yew",
            "web_sys",
            "Instant",
            "SystemTime",
            "std::fs",
            "HashMap",
        ],
    );
}

/// Only `src/ui/web/` names yew, web-sys or gloo: everything else in the crate is
/// plain Rust, tested natively (`num.rs` alone calls JavaScript's float parser,
/// through js-sys).
#[test]
fn only_the_web_folder_touches_the_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let web = root.join("ui/web");
    let mut checked = 0;
    for (path, text) in sources(&root) {
        if Path::new(&path).starts_with(&web) || path.ends_with("src/main.rs") {
            continue;
        }
        checked += 1;
        for w in [
            "yew::",
            "web_sys::",
            "gloo_",
            "use yew",
            "use web_sys",
            "use gloo",
        ] {
            assert!(
                !text.contains(w),
                "{path} mentions {w:?}: only src/ui/web/ may"
            );
        }
        if !path.ends_with("src/num.rs") {
            assert!(!text.contains("js_sys::"), "{path} mentions js_sys");
        }
    }
    assert!(checked > 50, "checked {checked} files");
    let root = root.join("ui");
    for name in [
        "model.rs",
        "lessons.rs",
        "traffic.rs",
        "share.rs",
        "timeline.rs",
    ] {
        let text = std::fs::read_to_string(root.join(name)).unwrap();
        for w in ["Instant", "SystemTime", "HashMap"] {
            assert!(!text.contains(w), "src/ui/{name} mentions {w:?}");
        }
    }
}

/// serde_json is the one JSON layer, page and server alike (the guide's decision),
/// and the only serde crate the page sees: the YAML reader is ours (go-yaml's YAML
/// 1.1, which serde_yaml does not read), and the rest of serde stays out of the
/// page (serde with serde_yaml once cost 57 KiB of its gzip weight). One `Value`
/// type, so `kubesim serve` and json-patch take the page's trees as they are.
#[test]
fn serde_json_is_the_one_json_layer() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let mut section = "";
    let mut page_serde = Vec::new();
    for line in manifest.lines() {
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let page = section == "[dependencies]" || section.starts_with("[target.'cfg(target_arch");
        if page && line.contains("serde") {
            page_serde.push(line);
        }
    }
    assert_eq!(
        page_serde.len(),
        1,
        "the page's serde crates: {page_serde:?}"
    );
    let line = page_serde[0];
    assert!(
        line.starts_with("serde_json = ") && line.contains("preserve_order"),
        "{line}"
    );
    assert!(
        manifest.contains("[target.'cfg(not(target_arch = \"wasm32\"))'.dependencies]\ntiny_http")
    );
    let value = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/value.rs"))
        .unwrap();
    assert!(
        value.contains("pub use serde_json::{Number, Value};"),
        "src/value.rs re-exports serde_json's tree"
    );
}

/// Code that runs in the browser keeps core's float and Unicode case code out of
/// the page (about 31 KB of gzip between them): floats go through `num`, case
/// changes are ASCII. Only `num` itself may call std's float parser.
#[test]
fn page_weight_guards() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (path, text) in sources(&root) {
        if path.ends_with("num.rs") || path.contains("/bin/") {
            continue;
        }
        for w in [
            ".to_lowercase()",
            ".to_uppercase()",
            "parse::<f64>",
            "{:.",
            ":.1}",
            ":.2}",
        ] {
            assert!(
                !text.contains(w),
                "{path} uses {w:?}: use crate::num or the ASCII form (page budget)"
            );
        }
    }
}

/// The module a file under `src/` defines (`ui::model`; "" for `lib.rs`).
fn module_of(rel: &str) -> String {
    let rel = rel.trim_end_matches(".rs");
    let rel = rel.strip_suffix("/mod").unwrap_or(rel);
    if rel == "lib" {
        return String::new();
    }
    rel.replace('/', "::")
}

/// Every `a::b::c` path a file names through `crate::`, `super::`, `self::` or a
/// child module, with `use` groups (`use super::{a, b::{c, d}}`) expanded.
fn named_paths(text: &str) -> Vec<String> {
    fn expand(prefix: &str, body: &str, out: &mut Vec<String>) {
        // Split `body` at top-level commas.
        let (mut depth, mut start) = (0, 0);
        let bytes: Vec<char> = body.chars().collect();
        let mut parts = Vec::new();
        for (i, c) in bytes.iter().enumerate() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(bytes[start..i].iter().collect::<String>());
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(bytes[start..].iter().collect::<String>());
        for p in parts {
            let p = p.trim();
            if p.is_empty() {
                continue;
            }
            match p.find("::{") {
                Some(i) if p.ends_with('}') => {
                    let head = format!("{prefix}{}::", &p[..i]);
                    expand(&head, &p[i + 3..p.len() - 1], out);
                }
                _ => out.push(format!("{prefix}{}", p.split(" as ").next().unwrap_or(p))),
            }
        }
    }
    let mut paths = Vec::new();
    // `use` statements, possibly over several lines.
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut rest = code.as_str();
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().last();
        rest = &rest[i + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = rest.find(';') else { break };
        let stmt: String = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
        expand("", &stmt.replace(":: {", "::{"), &mut paths);
        rest = &rest[end..];
    }
    // Paths written in place (`crate::sim::registry::split_image(...)`).
    for start in ["crate::", "super::", "self::"] {
        let mut s = code.as_str();
        while let Some(i) = s.find(start) {
            let tail = &s[i..];
            let end = tail
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(tail.len());
            paths.push(tail[..end].trim_end_matches(':').to_string());
            s = &s[i + start.len()..];
        }
    }
    paths
}

/// No module imports another that imports it back, directly or around a loop. A
/// child naming its own parent's items (`use super::Sim` in a file that holds more
/// of `impl Sim`) is how a module is split across files, and is not an import back.
#[test]
fn no_import_cycles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files: Vec<(String, String)> = sources(&root)
        .into_iter()
        .map(|(p, t)| {
            let rel = p[root.display().to_string().len() + 1..].to_string();
            (rel, t)
        })
        .filter(|(rel, _)| !rel.starts_with("bin/") && rel != "main.rs")
        .collect();
    let modules: Vec<String> = files.iter().map(|(rel, _)| module_of(rel)).collect();
    let known = |m: &str| modules.iter().any(|x| x == m);
    let mut edges: Vec<(String, String)> = Vec::new();
    for (rel, text) in &files {
        let me = module_of(rel);
        let parent = me
            .rsplit_once("::")
            .map(|p| p.0.to_string())
            .unwrap_or_default();
        for path in named_paths(text) {
            let mut segs: Vec<String> = Vec::new();
            let mut words = path.split("::").filter(|w| !w.is_empty()).peekable();
            match words.peek().copied() {
                Some("crate") => {
                    words.next();
                }
                Some("super") => {
                    words.next();
                    segs.extend(
                        parent
                            .split("::")
                            .filter(|s| !s.is_empty())
                            .map(String::from),
                    );
                }
                Some("self") => {
                    words.next();
                    segs.extend(me.split("::").filter(|s| !s.is_empty()).map(String::from));
                }
                Some(first) if known([me.as_str(), first].join("::").trim_start_matches(':')) => {
                    segs.extend(me.split("::").filter(|s| !s.is_empty()).map(String::from));
                }
                _ => continue,
            }
            segs.extend(words.map(String::from));
            // The deepest module the path names.
            let target = (0..=segs.len())
                .rev()
                .map(|n| segs[..n].join("::"))
                .find(|m| known(m))
                .unwrap_or_default();
            let ancestor =
                target.is_empty() || me == target || me.starts_with(&format!("{target}::"));
            if !ancestor && !edges.contains(&(me.clone(), target.clone())) {
                edges.push((me.clone(), target));
            }
        }
    }
    // Depth-first search for a loop.
    fn visit(
        m: &str,
        edges: &[(String, String)],
        stack: &mut Vec<String>,
        done: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == m) {
            let mut cycle = stack[i..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if done.iter().any(|d| d == m) {
            return None;
        }
        stack.push(m.to_string());
        for (_, to) in edges.iter().filter(|(from, _)| from == m) {
            if let Some(c) = visit(to, edges, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.push(m.to_string());
        None
    }
    let (mut stack, mut done) = (Vec::new(), Vec::new());
    for m in &modules {
        if let Some(cycle) = visit(m, &edges, &mut stack, &mut done) {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
    assert!(
        edges.len() > 40,
        "the check sees the imports ({} edges)",
        edges.len()
    );
}

/// A file a newcomer can read: none under `src/` is longer than 1,200 lines.
#[test]
fn no_source_file_over_1200_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (path, text) in sources(&root) {
        let n = text.lines().count();
        assert!(n <= 1_200, "{path} has {n} lines");
    }
}

/// Functions longer than this are hard to read against the Go they follow.
const MAX_FN_LINES: usize = 80;

/// The functions over [`MAX_FN_LINES`] when the rule came in, with their length
/// then: each may only shrink, and leaves the list once it fits. Nothing new joins.
const LONG_FUNCTIONS: &[(&str, usize)] = &[
    ("src/manifest/emit.rs::write_scalar", 128),
    ("src/manifest/quantity.rs::canonical", 116),
    ("src/manifest/yaml.rs::Parser::block_scalar", 93),
    ("src/manifest/yaml.rs::Parser::inline_value", 107),
    ("src/manifest/yaml.rs::Parser::quoted", 125),
    ("src/serve/mod.rs::run", 86),
    ("src/serve/store.rs::table", 81),
    ("src/sim/controller.rs::Sim::get_new_rs", 156),
    ("src/sim/hash.rs::dump", 126),
    ("src/sim/invariants.rs::check", 110),
    ("src/sim/kubelet.rs::Sim::pull_done", 113),
    ("src/ui/web/app.rs::App::handle", 144),
    ("src/ui/web/app.rs::App::view", 120),
    ("src/ui/web/stage.rs::draw_pods", 95),
];

/// Every function under `src/` (free, in an impl or a trait, nested or in a test
/// module) with its file and its length in lines, from `fn` to the closing brace.
fn function_lengths() -> Vec<(String, usize)> {
    use syn::visit::Visit;
    struct Lengths<'a> {
        file: &'a str,
        /// The type of the impl being walked (`Sim::`), so equal names differ.
        owner: String,
        found: Vec<(String, usize)>,
    }
    impl Lengths<'_> {
        fn add(&mut self, name: &syn::Ident, fn_token: &syn::token::Fn, block: &syn::Block) {
            let (from, to) = (
                fn_token.span.start().line,
                block.brace_token.span.close().end().line,
            );
            self.found.push((
                format!("{}::{}{name}", self.file, self.owner),
                to - from + 1,
            ));
        }
    }
    impl<'ast> Visit<'ast> for Lengths<'_> {
        fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
            let owner = match &*i.self_ty {
                syn::Type::Path(p) => p.path.segments.last().map(|s| format!("{}::", s.ident)),
                _ => None,
            };
            let outer = std::mem::replace(&mut self.owner, owner.unwrap_or_default());
            syn::visit::visit_item_impl(self, i);
            self.owner = outer;
        }
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            self.add(&f.sig.ident, &f.sig.fn_token, &f.block);
            syn::visit::visit_item_fn(self, f);
        }
        fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
            self.add(&f.sig.ident, &f.sig.fn_token, &f.block);
            syn::visit::visit_impl_item_fn(self, f);
        }
        fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
            if let Some(block) = &f.default {
                self.add(&f.sig.ident, &f.sig.fn_token, block);
            }
            syn::visit::visit_trait_item_fn(self, f);
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for (path, text) in sources(&root.join("src")) {
        let rel = path
            .strip_prefix(&format!("{}/", root.display()))
            .unwrap_or(&path)
            .to_string();
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let mut v = Lengths {
            file: &rel,
            owner: String::new(),
            found: Vec::new(),
        };
        v.visit_file(&file);
        all.extend(v.found);
    }
    all.sort();
    all
}

/// Short functions: nothing new over 80 lines, and the old ones only shrink.
#[test]
fn no_new_function_over_80_lines() {
    let lengths = function_lengths();
    assert!(
        lengths.len() > 500,
        "found {} functions: the scan is broken",
        lengths.len()
    );
    let mut problems = Vec::new();
    for (name, n) in &lengths {
        let allowed = LONG_FUNCTIONS
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, max)| *max);
        match allowed {
            None if *n > MAX_FN_LINES => {
                problems.push(format!("{name} has {n} lines (at most {MAX_FN_LINES})"))
            }
            Some(max) if *n > max => problems.push(format!(
                "{name} grew to {n} lines (listed at {max}: it may only shrink)"
            )),
            Some(_) if *n <= MAX_FN_LINES => problems.push(format!(
                "{name} now has {n} lines: take it off LONG_FUNCTIONS"
            )),
            // A ratchet: what a function gave up it cannot take back.
            Some(max) if *n < max => {
                problems.push(format!("{name} shrank to {n} lines: list it at {n}"))
            }
            _ => {}
        }
    }
    for (name, _) in LONG_FUNCTIONS {
        if !lengths.iter().any(|(f, _)| f == name) {
            problems.push(format!(
                "{name} is listed in LONG_FUNCTIONS but no longer exists: take it off"
            ));
        }
    }
    let over = lengths.iter().filter(|(_, n)| *n > MAX_FN_LINES).count();
    eprintln!("{over} functions over {MAX_FN_LINES} lines");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
