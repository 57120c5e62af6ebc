//! The browser playground. [`model`] is the state and every action as kubectl
//! commands (no DOM, unit-tested natively): a [`timeline`] rebuilt from the seed and
//! the [`journal`], and the workbench the person holds. [`views`] are the view models
//! the components draw; `web` holds the yew components drawing them (wasm only):
//! the one folder that names yew or web-sys.

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
mod web;
#[cfg(target_arch = "wasm32")]
pub use web::{mount, start, App, AppProps};
