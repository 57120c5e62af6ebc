//! The browser app (yew). Placeholder until the playground UI lands.
pub fn start() {}
