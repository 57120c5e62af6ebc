//! The browser playground. [`model`] is the state and every action as kubectl
//! commands (no DOM, unit-tested natively): a [`timeline`] rebuilt from the seed and
//! the [`journal`], and the workbench the person holds. [`views`] are the view models
//! the components draw; `app` is the yew app drawing them (wasm only). This is the
//! only layer that touches the browser.

pub mod canvas;
pub mod console;
pub mod journal;
pub mod lessons;
pub mod model;
pub mod presets;
pub mod share;
pub mod timeline;
pub mod traffic;
pub mod views;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod panels;
#[cfg(target_arch = "wasm32")]
mod stage;
#[cfg(target_arch = "wasm32")]
pub use app::{mount, start, App, AppProps};
