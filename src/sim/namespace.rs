//! Namespaces: minikube's four, and the ones the learner creates. The learner's
//! objects all live in `default` (a namespace the learner makes holds nothing);
//! deleting an empty namespace is immediate.

use super::*;

/// The most namespaces the learner can add.
pub const MAX_NAMESPACES: usize = 20;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Namespace {
    pub name: String,
    pub uid: String,
    pub creation_ms: TimeMs,
}

/// minikube's namespaces, made before the learner types.
pub(super) fn minikube_namespaces() -> NameMap<Namespace> {
    let mut out = NameMap::new();
    for (i, name) in minikube::NAMESPACES.iter().enumerate() {
        let uid = format!("5b0e3a3c-0000-4000-8000-00000000000{i}");
        let ns = Namespace {
            name: name.to_string(),
            uid,
            creation_ms: 0,
        };
        out.insert(name.to_string(), ns);
    }
    out
}

impl Sim {
    /// Every namespace, by name.
    pub fn namespaces(&self) -> impl Iterator<Item = &Namespace> {
        self.namespaces.values()
    }

    pub fn namespace(&self, name: &str) -> Option<&Namespace> {
        self.namespaces.get(name)
    }

    pub fn create_namespace(&mut self, name: &str) -> Result<(), SimError> {
        if self.namespaces.contains_key(name) {
            return Err(SimError::AlreadyExists(name.to_string()));
        }
        if self.namespaces.len() >= minikube::NAMESPACES.len() + MAX_NAMESPACES {
            return Err(SimError::TooMany(format!(
                "the playground holds at most {MAX_NAMESPACES} namespaces of yours"
            )));
        }
        if self.dry_run {
            return Ok(());
        }
        let uid = format_uid(self.rng.u128());
        let ns = Namespace {
            name: name.to_string(),
            uid,
            creation_ms: self.now_ms,
        };
        self.namespaces.insert(name.to_string(), ns);
        Ok(())
    }

    /// Deletes a namespace of the learner's (minikube's own are the caller's to
    /// refuse, in the API server's words).
    pub fn delete_namespace(&mut self, name: &str) -> Result<(), SimError> {
        if !self.namespaces.contains_key(name) {
            return Err(SimError::NotFound(name.to_string()));
        }
        if !self.dry_run {
            self.namespaces.remove(name);
        }
        Ok(())
    }
}
