//! The wasm entry point Trunk builds: mounts the playground app.

#[cfg(target_arch = "wasm32")]
fn main() {
    rollout_playground::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The playground app runs in the browser: build it with `trunk build` (see README.md). For a terminal playground, run `cargo run --bin kubesim`.");
}
