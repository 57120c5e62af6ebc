//! The command table: every command's path, flags (type, default, help), one-line
//! help and handler, in the order `kubectl help` lists them. Parsing, `--help`, tab
//! completion and dispatch all read this one table. It must not hold command logic:
//! handlers live in the verb families' files.

use super::args::{CommandSpec, Flag, FlagDef, FlagType};
use super::output::{Failure, Files, Output};
use super::{apply, config, edit, get, pod, rollout, service, wait};
use crate::sim::Sim;

/// What runs a command: the cluster, the files `-f` reads, the parsed line, and
/// where the output goes. An `Err` ends the command with its error, printed after
/// whatever it wrote (an aggregate of errors goes to `Output::fail` as it happens).
pub type Handler =
    fn(&mut Sim, &dyn Files, &super::args::Parsed, &mut Output) -> Result<(), Failure>;

#[derive(Debug)]
pub struct Command {
    pub spec: CommandSpec,
    pub run: Handler,
    /// Whether it can change the cluster (or its clock). Reading commands never
    /// replace the future when typed in the past (time travel keeps it).
    pub changes: bool,
    /// Whether it lists objects: in another namespace it finds none (kubectl's
    /// `No resources found in NS namespace.`) where other commands are refused.
    pub lists: bool,
    /// Whether a dry run marks its operation lines (`scaled (dry run)`); `rollout
    /// undo` prints its own (the template it would restore).
    pub marks_dry_run: bool,
    /// Whether the handler reads `-n` and `-A` itself (`get`: minikube's
    /// kube-system pods, every namespace's objects).
    pub scoped: bool,
}

const fn text(flag: Flag, long: &'static str, short: Option<char>, help: &'static str) -> FlagDef {
    FlagDef::new(flag, long, short, FlagType::Text, "", help)
}

const fn boolean(
    flag: Flag,
    long: &'static str,
    default: &'static str,
    help: &'static str,
) -> FlagDef {
    FlagDef::new(flag, long, None, FlagType::Bool, default, help)
}

const fn int(flag: Flag, long: &'static str, default: &'static str, help: &'static str) -> FlagDef {
    FlagDef::new(flag, long, None, FlagType::Int, default, help)
}

const FILENAME: FlagDef = FlagDef::new(
    Flag::Filename,
    "filename",
    Some('f'),
    FlagType::Texts,
    "",
    "The files that contain the configurations",
);
const RECORD: FlagDef = boolean(
    Flag::Record,
    "record",
    "false",
    "Record current kubectl command in the resource annotation (deprecated)",
);
const SELECTOR: FlagDef = text(
    Flag::Selector,
    "selector",
    Some('l'),
    "Selector (label query) to filter on, supports '=', '==', '!=', 'k' and '!k'",
);
const OUTPUT: FlagDef = text(
    Flag::Output,
    "output",
    Some('o'),
    "Output format: json, yaml, name or wide",
);
const VALIDATE: FlagDef = FlagDef::new(
    Flag::Validate,
    "validate",
    None,
    FlagType::Optional("strict"),
    "strict",
    "Must be one of: strict (or true), warn, ignore (or false)",
);
const DRY_RUN: FlagDef = FlagDef::new(
    Flag::DryRun,
    "dry-run",
    None,
    FlagType::Optional("unchanged"),
    "none",
    "Must be \"none\", \"server\", or \"client\"",
);

const fn cmd(
    path: &'static str,
    flags: &'static [FlagDef],
    help: &'static str,
    run: Handler,
) -> Command {
    Command {
        spec: CommandSpec { path, flags, help },
        run,
        changes: true,
        lists: false,
        marks_dry_run: true,
        scoped: false,
    }
}

impl Command {
    /// A command that lists objects (`get`, `describe`).
    const fn listing(self) -> Command {
        Command {
            lists: true,
            ..self
        }
    }

    /// A command that reads `-n` and `-A` itself.
    const fn scoped(self) -> Command {
        Command {
            scoped: true,
            ..self
        }
    }

    /// A command whose dry run prints its own lines.
    const fn own_dry_run_lines(self) -> Command {
        Command {
            marks_dry_run: false,
            ..self
        }
    }
}

/// A command that only reads the cluster.
const fn reader(
    path: &'static str,
    flags: &'static [FlagDef],
    help: &'static str,
    run: Handler,
) -> Command {
    Command {
        changes: false,
        ..cmd(path, flags, help, run)
    }
}

pub const COMMANDS: &[Command] = &[
    cmd(
        "apply",
        &[
            FILENAME,
            RECORD,
            DRY_RUN,
            OUTPUT,
            VALIDATE,
            boolean(
                Flag::ServerSide,
                "server-side",
                "false",
                "Apply runs in the server instead of the client",
            ),
        ],
        "Apply a configuration to a resource by file name",
        apply::apply,
    ),
    cmd(
        "create",
        &[
            FILENAME,
            RECORD,
            DRY_RUN,
            OUTPUT,
            VALIDATE,
            boolean(
                Flag::SaveConfig,
                "save-config",
                "false",
                "Save the configuration in the last-applied-configuration annotation",
            ),
            text(
                Flag::Image,
                "image",
                None,
                "Image names to run (create deployment)",
            ),
            FlagDef::new(
                Flag::Replicas,
                "replicas",
                Some('r'),
                FlagType::Int32,
                "1",
                "Number of replicas to create (create deployment)",
            ),
            FlagDef::new(
                Flag::Tcp,
                "tcp",
                None,
                FlagType::Texts,
                "[]",
                "Port pairs can be specified as '<port>:<targetPort>' (create service)",
            ),
            int(
                Flag::NodePort,
                "node-port",
                "0",
                "Port used to expose the service on each node in a cluster (create service nodeport)",
            ),
            FlagDef::new(
                Flag::Port,
                "port",
                None,
                FlagType::Int32,
                "-1",
                "The containerPort that this deployment exposes",
            ),
        ],
        "Create a resource from a file or a deployment from an image",
        apply::create,
    ),
    reader(
        "get",
        &[
            OUTPUT,
            SELECTOR,
            text(
                Flag::FieldSelector,
                "field-selector",
                None,
                "Selector (field query) to filter on, supports '=', '==', and '!='.",
            ),
            boolean(
                Flag::ShowLabels,
                "show-labels",
                "false",
                "Show all labels as the last column",
            ),
            FlagDef::new(
                Flag::AllNamespaces,
                "all-namespaces",
                Some('A'),
                FlagType::Bool,
                "false",
                "List the requested objects across all namespaces",
            ),
            text(
                Flag::LabelColumns,
                "label-columns",
                Some('L'),
                "Labels to present as columns",
            ),
            FlagDef::new(
                Flag::Watch,
                "watch",
                Some('w'),
                FlagType::Bool,
                "false",
                "Watch for changes after listing",
            ),
        ],
        "Display one or many resources",
        get::get,
    )
    .listing()
    .scoped(),
    reader(
        "describe",
        &[SELECTOR],
        "Show details of a specific resource or group of resources",
        get::describe,
    )
    .listing(),
    cmd(
        "delete",
        &[
            FILENAME,
            SELECTOR,
            DRY_RUN,
            int(
                Flag::GracePeriod,
                "grace-period",
                "-1",
                "Period of time in seconds given to the resource to terminate gracefully",
            ),
            boolean(
                Flag::Force,
                "force",
                "false",
                "Immediately remove resources from the API",
            ),
            boolean(
                Flag::Wait,
                "wait",
                "true",
                "Wait for resources to be gone before returning",
            ),
            boolean(
                Flag::All,
                "all",
                "false",
                "Delete all resources of the given types",
            ),
            FlagDef::new(
                Flag::Cascade,
                "cascade",
                None,
                FlagType::Optional("background"),
                "background",
                "Must be \"background\", \"orphan\", or \"foreground\". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.",
            ),
        ],
        "Delete resources by file names, resource and names, or by label selector",
        apply::delete,
    ),
    cmd(
        "set image",
        &[
            FILENAME,
            RECORD,
            DRY_RUN,
            OUTPUT,
            boolean(
                Flag::Local,
                "local",
                "false",
                "If true, set image will NOT contact api-server but run locally.",
            ),
            boolean(
                Flag::All,
                "all",
                "false",
                "Select all resources of the given types",
            ),
        ],
        "Update the image of a pod template",
        edit::set_image,
    ),
    cmd(
        "set env",
        &[
            text(
                Flag::Container,
                "containers",
                Some('c'),
                "The names of containers in the selected pod templates to change - may use wildcards",
            ),
            boolean(
                Flag::List,
                "list",
                "false",
                "If true, display the environment and any changes in the standard format.",
            ),
            RECORD,
            DRY_RUN,
            OUTPUT,
        ],
        "Update environment variables on a pod template",
        edit::set_env,
    ),
    cmd(
        "set resources",
        &[
            text(
                Flag::Container,
                "containers",
                Some('c'),
                "The names of containers in the selected pod templates to change, all containers are selected by default - may use wildcards",
            ),
            text(
                Flag::Limits,
                "limits",
                None,
                "The resource requirement limits for this container.  For example, 'cpu=200m,memory=512Mi'.",
            ),
            text(
                Flag::Requests,
                "requests",
                None,
                "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.",
            ),
            RECORD,
            DRY_RUN,
            OUTPUT,
        ],
        "Update resource requests/limits on objects with pod templates",
        edit::set_resources,
    ),
    cmd(
        "scale",
        &[
            DRY_RUN,
            OUTPUT,
            int(
                Flag::Replicas,
                "replicas",
                "0",
                "The new desired number of replicas. Required.",
            ),
            RECORD,
            int(
                Flag::CurrentReplicas,
                "current-replicas",
                "-1",
                "Precondition for current size",
            ),
        ],
        "Set a new size for a deployment",
        edit::scale,
    ),
    cmd(
        "annotate",
        &[
            DRY_RUN,
            boolean(
                Flag::Overwrite,
                "overwrite",
                "false",
                "Allow existing annotations to be overwritten",
            ),
            RECORD,
        ],
        "Update the annotations on a resource",
        edit::annotate,
    ),
    reader(
        "wait",
        &[
            text(
                Flag::For,
                "for",
                None,
                "The condition to wait on: [delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]",
            ),
            SELECTOR,
            boolean(Flag::All, "all", "false", "Select all resources in the namespace of the specified resource types"),
            FlagDef::new(
                Flag::Timeout,
                "timeout",
                None,
                FlagType::Duration,
                "30s",
                "The length of time to wait before giving up",
            ),
        ],
        "Experimental: Wait for a specific condition on one or many resources",
        wait::wait,
    ),
    cmd(
        "replace",
        &[FILENAME, RECORD, DRY_RUN, OUTPUT],
        "Replace a resource by file name or stdin",
        apply::replace,
    ),
    cmd(
        "patch",
        &[
            text(
                Flag::Patch,
                "patch",
                Some('p'),
                "The patch to be applied to the resource JSON file.",
            ),
            FlagDef::new(
                Flag::Type,
                "type",
                None,
                FlagType::Text,
                "strategic",
                "The type of patch being provided; one of [json merge strategic]",
            ),
            DRY_RUN,
            OUTPUT,
            RECORD,
        ],
        "Update fields of a resource",
        edit::patch,
    )
    .own_dry_run_lines(),
    cmd(
        "expose",
        &[
            DRY_RUN,
            OUTPUT,
            text(
                Flag::Port,
                "port",
                None,
                "The port that the service should serve on. Copied from the resource being exposed, if unspecified",
            ),
            text(
                Flag::TargetPort,
                "target-port",
                None,
                "Name or number for the port on the container that the service should direct traffic to. Optional.",
            ),
            text(
                Flag::Type,
                "type",
                None,
                "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.",
            ),
            text(
                Flag::Protocol,
                "protocol",
                None,
                "The network protocol for the service to be created. Default is 'TCP'.",
            ),
            text(Flag::Name, "name", None, "The name for the newly created object."),
            text(
                Flag::Selector,
                "selector",
                None,
                "A label selector to use for this service. Only equality-based selector requirements are supported. If empty (the default) infer the selector from the replication controller or replica set.)",
            ),
            text(
                Flag::Labels,
                "labels",
                Some('l'),
                "Labels to apply to the service created by this call.",
            ),
        ],
        "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service",
        service::expose,
    ),
    cmd(
        "run",
        &[
            DRY_RUN,
            OUTPUT,
            text(Flag::Image, "image", None, "The image for the container to run."),
            text(
                Flag::Port,
                "port",
                None,
                "The port that this container exposes.",
            ),
            text(
                Flag::Labels,
                "labels",
                Some('l'),
                "Comma separated labels to apply to the pod. Will override previous values.",
            ),
            FlagDef::new(
                Flag::Env,
                "env",
                None,
                FlagType::Texts,
                "[]",
                "Environment variables to set in the container.",
            ),
            text(
                Flag::Restart,
                "restart",
                None,
                "The restart policy for this Pod.  Legal values [Always, OnFailure, Never].",
            ),
            boolean(
                Flag::Command,
                "command",
                "false",
                "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default.",
            ),
        ],
        "Run a particular image on the cluster",
        pod::run,
    ),
    cmd(
        "label",
        &[
            DRY_RUN,
            OUTPUT,
            boolean(
                Flag::Overwrite,
                "overwrite",
                "false",
                "Allow existing labels to be overwritten",
            ),
            RECORD,
        ],
        "Update the labels on a resource",
        edit::label,
    )
    .own_dry_run_lines(),
    reader(
        "edit",
        &[RECORD, OUTPUT],
        "Edit a resource on the server",
        edit::edit,
    ),
    reader(
        "logs",
        &[
            text(
                Flag::Container,
                "container",
                Some('c'),
                "Print the logs of this container",
            ),
            boolean(
                Flag::Previous,
                "previous",
                "false",
                "Print the logs of the previous instance of the container",
            ),
            int(
                Flag::Tail,
                "tail",
                "-1",
                "Lines of recent log file to display",
            ),
            boolean(
                Flag::Follow,
                "follow",
                "false",
                "Specify if the logs should be streamed",
            ),
            SELECTOR,
            boolean(
                Flag::Prefix,
                "prefix",
                "false",
                "Prefix each log line with the log source (pod name and container name)",
            ),
            FlagDef::new(
                Flag::Since,
                "since",
                None,
                FlagType::Duration,
                "0s",
                "Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used.",
            ),
        ],
        "Print the logs for a container in a pod",
        get::logs,
    ),
    cmd(
        "rollout status",
        &[
            FlagDef::new(
                Flag::Timeout,
                "timeout",
                None,
                FlagType::Duration,
                "0s",
                "The length of time to wait before ending watch, zero means never",
            ),
            FlagDef::new(
                Flag::Watch,
                "watch",
                Some('w'),
                FlagType::Bool,
                "true",
                "Watch the status of the rollout until it's done",
            ),
            int(
                Flag::Revision,
                "revision",
                "0",
                "Pin to a specific revision for showing its status",
            ),
        ],
        "Show the status of the rollout",
        rollout::status,
    ),
    reader(
        "rollout history",
        &[
            int(
                Flag::Revision,
                "revision",
                "0",
                "See the details, including podTemplate of the revision specified",
            ),
            OUTPUT,
        ],
        "View rollout history",
        rollout::history,
    ),
    cmd(
        "rollout undo",
        &[
            int(
                Flag::ToRevision,
                "to-revision",
                "0",
                "The revision to rollback to. Default to 0 (last revision).",
            ),
            DRY_RUN,
            OUTPUT,
        ],
        "Undo a previous rollout",
        rollout::undo,
    )
    .own_dry_run_lines(),
    cmd(
        "rollout pause",
        &[],
        "Mark the provided resource as paused",
        rollout::pause,
    ),
    cmd(
        "rollout resume",
        &[],
        "Resume a paused resource",
        rollout::resume,
    ),
    cmd(
        "rollout restart",
        &[],
        "Restart a resource",
        rollout::restart,
    ),
    reader(
        "version",
        &[
            boolean(
                Flag::Client,
                "client",
                "false",
                "If true, shows client version only (no server required)",
            ),
            OUTPUT,
        ],
        "Print the client and server version information",
        get::version,
    ),
    reader(
        "api-resources",
        &[
            OUTPUT,
            FlagDef::new(
                Flag::Namespaced,
                "namespaced",
                None,
                FlagType::Bool,
                "true",
                "If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.",
            ),
            boolean(
                Flag::NoHeaders,
                "no-headers",
                "false",
                "When using the default or custom-column output format, don't print headers (default print headers).",
            ),
        ],
        "Print the supported API resources on the server",
        config::api_resources,
    ),
    reader(
        "api-versions",
        &[],
        "Print the supported API versions on the server, in the form of \"group/version\"",
        config::api_versions,
    ),
    reader(
        "config current-context",
        &[],
        "Display the current-context",
        config::current_context,
    ),
    reader(
        "config get-contexts",
        &[],
        "Describe one or many contexts",
        config::get_contexts,
    ),
    reader(
        "config view",
        &[],
        "Display merged kubeconfig settings or a specified kubeconfig file",
        config::view,
    ),
    reader(
        "cluster-info",
        &[],
        "Display cluster information",
        get::cluster_info,
    ),
];

/// The table's rows without their handlers, for the parser and completion.
pub fn specs() -> Vec<&'static CommandSpec> {
    COMMANDS.iter().map(|c| &c.spec).collect()
}

pub fn find(path: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.spec.path == path)
}

/// `kubectl help`.
pub fn help_text() -> String {
    let mut s = String::from(
        "kubectl controls the simulated Kubernetes cluster of Rollout Playground.\n\nCommands:\n",
    );
    for c in COMMANDS {
        s.push_str(&format!("  {}\t{}\n", c.spec.path, c.spec.help));
    }
    s.push_str("\nUsage:\n  kubectl [command] [TYPE] [NAME] [flags]\n\nUse \"kubectl <command> --help\" for more information about a given command.\n");
    super::printers::tabwrite(&s, 0, 3)
}

/// `kubectl COMMAND --help`: each matching command's help, usage and flags.
pub fn command_help(command: &str) -> String {
    let mut s = String::new();
    for c in COMMANDS.iter().filter(|c| c.spec.path.starts_with(command)) {
        s.push_str(&format!(
            "{}.\n\nUsage:\n  kubectl {}",
            c.spec.help, c.spec.path
        ));
        for f in c.spec.flags {
            let short = f.short.map(|c| format!("-{c}, ")).unwrap_or_default();
            let v = match f.ty {
                FlagType::Optional(_) => "[=VALUE]",
                _ if f.takes_value() => "=VALUE",
                _ => "",
            };
            s.push_str(&format!(" [{short}--{}{v}]", f.long));
        }
        s.push_str("\n\n");
        // The page leaves the flags' help out: it weighs about a kilobyte, under a
        // page budget that has none to spare (kubesim prints it).
        if !c.spec.flags.is_empty() && !cfg!(target_arch = "wasm32") {
            let mut table = String::from("Options:\n");
            for f in c.spec.flags {
                let short = f.short.map(|c| format!("-{c}, ")).unwrap_or_default();
                let default = match f.default {
                    "" => String::new(),
                    d => format!(" (default {d})"),
                };
                table.push_str(&format!("    {short}--{}\t{}{default}\n", f.long, f.help));
            }
            s.push_str(&super::printers::tabwrite(&table, 0, 2));
            s.push('\n');
        }
    }
    s
}
