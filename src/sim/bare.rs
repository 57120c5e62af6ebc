//! Pods no controller owns: `kubectl run` and Pod manifests. The kubelet runs
//! them as it runs any pod; nothing replaces one that is deleted, and no
//! ReplicaSet counts it (its `owner_rs` is empty), so the ReplicaSet controller
//! never adopts or deletes it.

use super::*;

/// The most bare pods one simulated cluster holds.
pub const MAX_BARE_PODS: usize = 100;

impl Sim {
    /// The template a pod was made from: its ReplicaSet's, or a bare pod's own.
    pub fn pod_template(&self, p: &Pod) -> Option<&PodTemplate> {
        match self.replica_sets.get(&p.owner_rs) {
            Some(rs) => Some(&rs.template),
            None if p.namespace == DEFAULT_NAMESPACE => self.bare_pods.get(&p.name),
            None => None,
        }
    }

    /// Creates a pod no controller owns, named `name`, from `template` (its
    /// labels, annotations and spec).
    pub fn create_bare_pod(&mut self, name: &str, template: PodTemplate) -> Result<(), SimError> {
        if self.pod_names.contains_key(name) {
            return Err(SimError::AlreadyExists(name.to_string()));
        }
        if self.bare_pods.len() >= MAX_BARE_PODS {
            return Err(SimError::TooMany(format!(
                "the playground holds at most {MAX_BARE_PODS} pods made without a Deployment"
            )));
        }
        if self.dry_run {
            return Ok(());
        }
        let id = self.next_pod_id;
        let name: Rc<str> = Rc::from(name);
        self.pod_names.insert(Rc::clone(&name), id);
        let shared = replicaset::shared_of("", &template);
        let grace = template.spec.termination_grace_period_seconds;
        self.bare_pods.insert(name.to_string(), template);
        self.spawn_pod(id, name, shared, grace);
        self.reconcile();
        Ok(())
    }

    /// Replaces a bare pod's labels and annotations (what an update may change
    /// besides images, which the playground does not change in place).
    pub fn relabel_pod(&mut self, name: &str, labels: Labels, annotations: Labels) -> bool {
        let Some(&id) = self.pod_names.get(name) else {
            return false;
        };
        if self.dry_run {
            return true;
        }
        if let Some(t) = self.bare_pods.get_mut(name) {
            t.labels = labels.clone();
            t.annotations = annotations.clone();
        }
        self.update_pod(id, |p| {
            p.labels = Rc::new(labels);
            p.annotations = Rc::new(annotations);
        });
        true
    }
}
