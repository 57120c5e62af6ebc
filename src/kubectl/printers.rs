//! kubectl's output formats (kubectl-formats.md): Go's tabwriter and
//! HumanDuration (`text`), the `get` tables (`tables`) and the `describe` pages
//! (`describe`). Pure functions of the cluster and the current time; nothing here
//! changes state.

mod describe;
mod node;
mod tables;
mod text;

pub use describe::*;
pub use node::describe_node;
pub use tables::*;
pub use text::*;
