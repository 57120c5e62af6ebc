//! The browser playground. [`model`] is the state and every action as kubectl
//! commands (no DOM, unit-tested natively); `app` is the yew app drawing it (wasm
//! only). This is the only layer that touches the browser.

pub mod lessons;
pub mod model;
pub mod share;
pub mod traffic;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub use app::{mount, start, App, AppProps};
