//! The built-in files: the tutorial's two Deployments, unchanged, and a blank one.
//! Data only.

pub const RECREATE_YAML: &str = include_str!("../../presets/recreate-deployment.yaml");
pub const ROLLING_YAML: &str = include_str!("../../presets/rolling-deployment.yaml");
pub const BLANK_YAML: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n";

/// (label, file name, YAML).
pub const PRESETS: &[(&str, &str, &str)] = &[
    (
        "Recreate (tutorial)",
        "recreate-deployment.yaml",
        RECREATE_YAML,
    ),
    (
        "RollingUpdate (tutorial)",
        "rolling-deployment.yaml",
        ROLLING_YAML,
    ),
    ("Blank", "deployment.yaml", BLANK_YAML),
];
