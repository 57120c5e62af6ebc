//! The yew components (wasm only): the app shell and its controls (`app`), the
//! stage of Deployments, lanes and pods (`stage`), the chart, console log and event
//! table (`panels`), and `guard.js`, the plain-JavaScript frame gate and crash
//! guard loaded before the wasm. The only folder that names yew or web-sys; they
//! draw `crate::ui`'s view models and call its model's methods.

mod app;
mod panels;
mod stage;

pub use app::{mount, start, App, AppProps};
