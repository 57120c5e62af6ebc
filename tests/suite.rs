//! Every native integration test in one binary: one link instead of fifteen (the
//! release profile links with LTO, and each test binary paid for it). Each module
//! is one family of tests, named as it was when each was its own binary; run one
//! family with `cargo test --release --test suite golden::`. `browser.rs` stays its
//! own target: it runs in Chromium (wasm32).

mod common;

mod architecture;
mod bad_input;
mod cli;
mod conformance;
mod determinism;
mod fuzz_inputs;
mod fuzz_yaml;
mod golden;
mod invariants;
mod kubectl_reference;
mod kubelet;
mod lessons;
mod num;
mod selectors;
mod serve_api;
mod serve_differential;
mod services;
mod tutorial;
