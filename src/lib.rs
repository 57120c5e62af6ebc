//! Rollout Playground: a Kubernetes Deployment rollout and rollback simulator.
//!
//! Layers, arrows pointing one way (`ui -> kubectl -> manifest -> sim -> value`):
//! - [`value`]: serde_json's JSON tree (kubectl converts YAML to JSON before it
//!   decodes) and our Go-style printer for it; no Kubernetes knowledge.
//! - [`sim`]: the deterministic cluster (controllers, kubelet model, clock, PRNG),
//!   and a pod template's stored form (`sim::stored`), which its hash is over.
//! - [`manifest`]: YAML to Deployment specs with the API server's defaults and
//!   validation, and objects back to YAML/JSON for `-o yaml|json`.
//! - [`kubectl`]: command parsing, execution over the sim, and kubectl's printers;
//!   [`kubectl::script`] runs `kubesim` scripts (kubectl lines, `sleep`, comments).
//! - [`ui`]: the playground model (native and wasm) and the yew app (wasm only).
//!
//! The contract: same seed + same commands at the same simulated times = the same
//! output, byte for byte, however time is sliced.

pub mod base64;
pub mod kubectl;
pub mod manifest;
pub mod num;
pub mod order;
/// `kubesim serve`: the Kubernetes API over the simulated cluster (native only).
#[cfg(not(target_arch = "wasm32"))]
pub mod serve;
pub mod sim;
pub mod value;

pub mod ui;
