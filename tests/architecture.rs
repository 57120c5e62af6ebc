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

/// Everything in `ui` except the yew app is plain Rust, tested natively.
#[test]
fn ui_models_do_not_touch_the_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    for name in ["model.rs", "lessons.rs", "traffic.rs", "share.rs"] {
        let text = std::fs::read_to_string(root.join(name)).unwrap();
        for w in [
            "yew::",
            "web_sys::",
            "js_sys::",
            "gloo_",
            "Instant",
            "SystemTime",
            "HashMap",
        ] {
            assert!(!text.contains(w), "src/ui/{name} mentions {w:?}");
        }
    }
}

/// The crate's own YAML and JSON code replaced serde; it must not creep back in
/// (it cost 57 KiB of the gzip page).
#[test]
fn no_serde() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    assert!(
        !manifest.contains("serde"),
        "Cargo.toml depends on serde again"
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
