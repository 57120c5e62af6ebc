//! The verbs that change one Deployment in place: `set image` (and `set image
//! --local`, which changes the objects in files and prints them), `scale`,
//! `annotate`, and `edit` (which `kubesim` explains it cannot open; the web console
//! opens the editor). It must not touch the browser or disk.

use super::args::{DryRun, Flag, OutputFormat, Parsed};
use super::output::{Edit, Failure, Files, Output, RECORD_WARNING};
use super::resources::*;
#[cfg(not(target_arch = "wasm32"))]
use crate::manifest::typed;
use crate::manifest::{self, render, ManifestError};
use crate::sim::*;
use crate::value::{self, Value};

const LOCAL_RESOURCES: &str = "you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'";

/// `kubectl set image deployment/NAME CONTAINER=IMAGE...`.
pub fn set_image(
    sim: &mut Sim,
    files: &dyn Files,
    p: &Parsed,
    out: &mut Output,
) -> Result<(), Failure> {
    // Positional args: the resource (1 or 2 words), then container=image pairs.
    let (res_args, pairs): (Vec<String>, Vec<String>) =
        p.args.iter().cloned().partition(|a| !a.contains('='));
    // Printed as the flag is parsed, before anything can fail.
    let record = p.bool(Flag::Record);
    if record {
        out.err(RECORD_WARNING);
    }
    if let Some(e) = super::output::printer_error(&p.output) {
        return Err(Failure::from(e));
    }
    if p.bool(Flag::Local) {
        return local(files, p, &pairs, &res_args, out);
    }
    if res_args.is_empty() {
        return Err(Failure::from(NO_RESOURCES));
    }
    let name = single_deployment(&res_args)?;
    if pairs.is_empty() {
        return Err(Failure::from("at least one image update is required"));
    }
    let Some(mut d) = sim.deployment(&name).cloned() else {
        return Err(not_found(Kind::Deployment, &name));
    };
    let missing = set_template_images(&mut d, &pairs)?;
    let live = sim.deployment(&name).cloned();
    // kubectl patches what it found and reports the containers it did not; it
    // prints nothing for an empty patch.
    if live.as_ref().map(|l| &l.spec) != Some(&d.spec) {
        if record {
            d.annotations
                .insert(ANN_CHANGE_CAUSE.to_string(), p.change_cause());
        }
        // Under a server dry run, the object the patch would leave.
        let answer = match (&live, sim.is_dry_run()) {
            (Some(live), true) => {
                let mut v = render::as_updated(live, &d.labels, &d.annotations, &d.spec);
                // A client dry run patches the object locally: no registry to bump
                // the generation.
                if p.dry_run == Ok(DryRun::Client) {
                    v["metadata"]["generation"] = live.generation.into();
                }
                Some(v)
            }
            _ => None,
        };
        match update(sim, &d) {
            Err(e) => out.fail(e),
            Ok(_) => match (
                &p.output,
                answer.or_else(|| sim.deployment(&name).map(render::deployment_json)),
            ) {
                (OutputFormat::Default | OutputFormat::Name, _) | (_, None) => out.out(format!(
                    "deployment.apps/{name}{}\n",
                    if p.output == OutputFormat::Default {
                        " image updated"
                    } else {
                        ""
                    }
                )),
                // The object as the server answers the patch (kubectl decodes it
                // into its typed struct).
                (format, Some(v)) => out.answer(format, &v, true),
            },
        }
    }
    fail_missing(missing, out);
    Ok(())
}

/// `set image --local`: the files' objects changed and printed; in kubesim only
/// (weight no learner of the page meets, DEVELOPERS.md).
fn local(
    files: &dyn Files,
    p: &Parsed,
    pairs: &[String],
    res_args: &[String],
    out: &mut Output,
) -> Result<(), Failure> {
    if !res_args.is_empty() {
        return Err(Failure::from(LOCAL_RESOURCES));
    }
    #[cfg(not(target_arch = "wasm32"))]
    return set_image_local(files, p, pairs, out);
    #[cfg(target_arch = "wasm32")]
    {
        let _ = (files, p, pairs, out);
        Err(Failure::from(
            "set image --local is available in kubesim, not in the page: change the image in the editor and Apply, or run set image on the live Deployment",
        ))
    }
}

/// Sets each `container=image` of `pairs` in the template (`*`: every container);
/// the containers it did not find, in kubectl's words.
fn set_template_images(d: &mut Deployment, pairs: &[String]) -> Result<Vec<String>, Failure> {
    let mut missing = Vec::new();
    for pair in pairs {
        let (c, img) = pair.split_once('=').unwrap_or((pair.as_str(), ""));
        if img.is_empty() {
            let why = format!("invalid image update {pair:?}: expected container=image");
            return Err(Failure::from(why));
        }
        let mut hit = false;
        for container in d.spec.template.spec.containers.iter_mut() {
            if c == "*" || container.name == c {
                container.image = img.to_string();
                hit = true;
            }
        }
        if !hit {
            missing.push(format!("unable to find container named {c:?}"));
        }
    }
    Ok(missing)
}

/// The containers it did not find, a line each, as kubectl prints an aggregate.
fn fail_missing(missing: Vec<String>, out: &mut Output) {
    for m in missing {
        out.fail(m);
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// `kubectl set image --local -f FILE CONTAINER=IMAGE...`: every object of the
/// files decoded as kubectl decodes it (nothing validated or defaulted), its images
/// set in containers and init containers, and printed as Go encodes it; an object
/// it leaves unchanged prints nothing, as kubectl skips an empty patch.
fn set_image_local(
    files: &dyn Files,
    p: &Parsed,
    pairs: &[String],
    out: &mut Output,
) -> Result<(), Failure> {
    let format = &p.output;
    let paths = p.texts(Flag::Filename);
    if paths.is_empty() {
        return Err(Failure::from(NO_RESOURCES));
    }
    let docs = local_documents(files, &paths)?;
    if pairs.is_empty() {
        return Err(Failure::from("at least one image update is required"));
    }
    if pairs.len() > 1 && pairs.iter().any(|pr| pr.starts_with("*=")) {
        return Err(Failure::from("all containers are already specified by *, but saw more than one container_name=container_image pairs"));
    }
    if p.dry_run == Ok(DryRun::Server) {
        return Err(Failure::from(
            "cannot specify --local and --dry-run=server - did you mean --dry-run=client?",
        ));
    }
    let record = p.bool(Flag::Record);
    let mut missing = Vec::new();
    let mut printed = 0;
    for doc in docs {
        let before = typed::encode("v1.Deployment", Some(&doc));
        let mut changed = doc;
        for pair in pairs {
            let (c, img) = pair.split_once('=').unwrap_or((pair.as_str(), ""));
            if !set_images(&mut changed, c, img) {
                missing.push(format!("unable to find container named {c:?}"));
            }
        }
        if record {
            if let Some(meta) = object_at(&mut changed, "metadata") {
                if let Some(ann) = object_at(meta, "annotations") {
                    ann.as_object_mut()
                        .map(|a| a.insert(ANN_CHANGE_CAUSE.into(), p.change_cause().into()));
                }
            }
        }
        let after = typed::encode("v1.Deployment", Some(&changed));
        if after == before {
            continue;
        }
        let name = after
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("");
        printed += 1;
        if *format == OutputFormat::Yaml {
            if printed > 1 {
                out.out("---\n");
            }
            out.yaml(&after);
            continue;
        }
        out.out(match format {
            OutputFormat::Json => format!("{}\n", value::to_string_pretty(&after)),
            OutputFormat::Name => format!("deployment.apps/{name}\n"),
            _ => format!("deployment.apps/{name} image updated\n"),
        });
    }
    fail_missing(missing, out);
    Ok(())
}

#[cfg(not(target_arch = "wasm32"))]
/// Every document of the files, as kubectl decodes them before it changes
/// anything: one unreadable file or bad document fails the command.
fn local_documents(files: &dyn Files, paths: &[&str]) -> Result<Vec<Value>, Failure> {
    let mut docs = Vec::new();
    for path in paths {
        let Some(text) = files.read(path) else {
            return Err(Failure::from(format!("the path {path:?} does not exist")));
        };
        let parsed =
            manifest::parse_local(&text).and_then(|d| d.into_iter().collect::<Result<Vec<_>, _>>());
        docs.extend(parsed.map_err(|e| local_error(&e, path))?);
    }
    Ok(docs)
}

#[cfg(not(target_arch = "wasm32"))]
/// A decoding error of `--local` in kubectl's words.
fn local_error(e: &ManifestError, path: &str) -> Failure {
    match e {
        ManifestError::Type { message, .. } => {
            Failure::from(format!("unable to decode {path:?}: {message}"))
        }
        other => super::documents::manifest_failure(other, path, "creating"),
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// The object under `key` of `v` (an object), made if it is missing or null.
fn object_at<'v>(v: &'v mut Value, key: &str) -> Option<&'v mut Value> {
    let m = v.as_object_mut()?;
    let slot = m.entry(key).or_insert(Value::Null);
    if slot.is_null() {
        *slot = Value::Object(Default::default());
    }
    Some(slot).filter(|s| s.is_object())
}

#[cfg(not(target_arch = "wasm32"))]
/// kubectl's `setImage` over the template's init containers and containers (of a
/// Deployment's JSON): whether any container is named `container` (`*`: any).
fn set_images(doc: &mut Value, container: &str, image: &str) -> bool {
    let mut found = false;
    for list in ["initContainers", "containers"] {
        let Some(Value::Array(items)) = doc.pointer_mut(&format!("/spec/template/spec/{list}"))
        else {
            continue;
        };
        for c in items.iter_mut().filter_map(Value::as_object_mut) {
            if container == "*" || c.get("name").and_then(Value::as_str).unwrap_or("") == container
            {
                c.insert("image".into(), image.into());
                found = true;
            }
        }
    }
    found
}

/// `--record` as `scale` and `patch` do it: a second write, after the change,
/// when the change-cause it would set is not there yet.
fn record_change_cause(sim: &mut Sim, name: &str, p: &Parsed) -> Result<(), Failure> {
    let Some(mut d) = sim.deployment(name).cloned() else {
        return Ok(());
    };
    let cause = p.change_cause();
    if d.annotations.get(ANN_CHANGE_CAUSE) == Some(&cause) {
        return Ok(());
    }
    d.annotations.insert(ANN_CHANGE_CAUSE.to_string(), cause);
    update(sim, &d).map(|_| ())
}

/// `kubectl scale deployment/NAME --replicas=N`.
pub fn scale(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    let Some(replicas) = p.int(Flag::Replicas) else {
        return Err(Failure::from("required flag(s) \"replicas\" not set"));
    };
    if let Some(e) = super::output::printer_error(&p.output) {
        return Err(Failure::from(e));
    }
    if replicas < 0 {
        return Err(Failure::from(
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        ));
    }
    if p.int(Flag::CurrentReplicas).is_some_and(|c| c < -1) {
        return Err(Failure::from(
            "The --current-replicas must specify an integer of -1 or greater",
        ));
    }
    if p.args.is_empty() && p.given(Flag::Filename).is_none() {
        return Err(Failure::from(NO_RESOURCES));
    }
    // kubectl scale wraps the lookup's error in its own.
    let mut d = the_deployment(sim, p).map_err(|e| {
        Failure::printed(e.text().replace(
            "Error from server (NotFound): ",
            "error: no objects passed to scale ",
        ))
    })?;
    // kubectl's ScalePrecondition, checked against the scale subresource it read.
    if let Some(want) = p.int(Flag::CurrentReplicas).filter(|c| *c != -1) {
        if want != i64::from(d.spec.replicas) {
            return Err(Failure::from(format!(
                "Expected replicas to be {want}, was {}",
                d.spec.replicas
            )));
        }
    }
    if replicas > MAX_REPLICAS as i64 {
        return Err(Failure::printed(format!(
            "The Deployment {:?} is invalid: spec.replicas: Invalid value: {replicas}: must be less than or equal to {MAX_REPLICAS} (the playground's limit)",
            d.name
        )));
    }
    let record = p.bool(Flag::Record);
    if record {
        out.err(RECORD_WARNING);
    }
    // With -o kubectl prints the object as it found it, before the scale.
    let found = sim.deployment(&d.name).map(render::deployment_json);
    d.spec.replicas = replicas as i32;
    update(sim, &d)?;
    if record && !sim.is_dry_run() {
        record_change_cause(sim, &d.name, p)?;
    }
    match (&p.output, found) {
        (OutputFormat::Default, _) | (_, None) => {
            out.out(format!("deployment.apps/{} scaled\n", d.name))
        }
        (format, Some(v)) => out.answer(format, &v, false),
    }
    Ok(())
}

/// `kubectl annotate deployment/NAME KEY=VALUE... KEY-...`.
pub fn annotate(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    let (res, kvs): (Vec<String>, Vec<String>) = p
        .args
        .iter()
        .cloned()
        .partition(|a| !(a.contains('=') || a.ends_with('-')));
    if let Ok(refs) = refs(&res) {
        if let [(kind @ (Kind::Service | Kind::Pod), names)] = &refs[..] {
            if let [name] = &names[..] {
                let target = (*kind, name.as_str());
                return super::labels::annotate_object(sim, p, out, target, &kvs);
            }
        }
    }
    let name = single_deployment(&res)?;
    if kvs.is_empty() {
        return Err(Failure::from("at least one annotation update is required"));
    }
    let Some(mut d) = sim.deployment(&name).cloned() else {
        return Err(not_found(Kind::Deployment, &name));
    };
    for kv in &kvs {
        if let Some((k, v)) = kv.split_once('=') {
            if let Some(old) = d.annotations.get(k) {
                if !p.bool(Flag::Overwrite) && old != v {
                    return Err(Failure::from(format!("--overwrite is false but found the following declared annotation(s): '{k}' already has a value ({old})")));
                }
            }
            d.annotations.insert(k.to_string(), v.to_string());
        } else if let Some(k) = kv.strip_suffix('-') {
            d.annotations.remove(k);
        }
    }
    if p.bool(Flag::Record) {
        out.err(RECORD_WARNING);
        d.annotations
            .insert(ANN_CHANGE_CAUSE.to_string(), p.change_cause());
    }
    update(sim, &d)?;
    out.out(format!("deployment.apps/{name} annotated\n"));
    Ok(())
}

/// `KEY=VALUE` and `KEY-` words, as kubectl's `parseLabels` reads them.
fn parse_label_updates(words: &[String]) -> Result<(Labels, Vec<String>), Failure> {
    let mut set = Labels::new();
    let mut remove = Vec::new();
    for w in words {
        if w.contains('=') {
            let parts: Vec<&str> = w.split('=').collect();
            let [k, v] = parts[..] else {
                return Err(Failure::from(format!("invalid label spec: {w}")));
            };
            if !manifest::is_label_value(v) {
                return Err(Failure::from(format!(
                    "invalid label value: {}: {}",
                    super::args::go_quote(w),
                    manifest::LABEL_VALUE_MSG
                )));
            }
            set.insert(k.to_string(), v.to_string());
        } else if let Some(k) = w.strip_suffix('-') {
            remove.push(k.to_string());
        } else {
            return Err(Failure::from(format!("unknown label spec: {w}")));
        }
    }
    if remove.iter().any(|k| set.contains_key(k)) {
        return Err(Failure::from(
            "can not both modify and remove a label in the same command",
        ));
    }
    Ok((set, remove))
}

/// `kubectl label deployment/NAME KEY=VALUE... KEY-...`: `labeled`, `not labeled`
/// or `unlabeled` as kubectl's `updateDataChangeMsg` tells them apart (by whether
/// the object's JSON changed, and grew or shrank).
pub fn label(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    let (res, words): (Vec<String>, Vec<String>) = p
        .args
        .iter()
        .cloned()
        .partition(|a| !(a.contains('=') || a.ends_with('-')));
    if let Some(e) = super::output::printer_error(&p.output) {
        return Err(Failure::from(e));
    }
    if words.is_empty() {
        return Err(Failure::from("at least one label update is required"));
    }
    let (set, remove) = parse_label_updates(&words)?;
    if let Ok(refs) = refs(&res) {
        if let [(kind @ (Kind::Service | Kind::Pod), names)] = &refs[..] {
            if let [name] = &names[..] {
                let target = (*kind, name.as_str());
                return super::labels::label_object(sim, p, out, target, (set, remove));
            }
        }
    }
    let name = single_deployment(&res)?;
    let Some(old) = sim.deployment(&name).cloned() else {
        return Err(not_found(Kind::Deployment, &name));
    };
    let mut d = old.clone();
    let dry_client = p.dry_run == Ok(DryRun::Client);
    for k in &remove {
        if d.labels.remove(k).is_none() && !dry_client {
            out.out(format!("label {k:?} not found.\n"));
        }
    }
    for (k, v) in &set {
        match d.labels.get(k) {
            Some(was) if was != v && !p.bool(Flag::Overwrite) => {
                return Err(Failure::from(format!(
                    "'{k}' already has a value ({was}), and --overwrite is false"
                )))
            }
            _ => d.labels.insert(k.clone(), v.clone()),
        };
    }
    if p.bool(Flag::Record) {
        out.err(RECORD_WARNING);
        d.annotations
            .insert(ANN_CHANGE_CAUSE.to_string(), p.change_cause());
    }
    let causes = manifest::validate_metadata_labels(&d.labels);
    if !causes.is_empty() {
        return Err(Failure::printed(super::documents::invalid_text(
            &name, &causes,
        )));
    }
    let json_len = |d: &Deployment| value::to_string(&render::deployment_json(d)).len();
    let message = if old == d {
        "not labeled"
    } else if !p.bool(Flag::Overwrite) && json_len(&d) < json_len(&old) {
        "unlabeled"
    } else {
        "labeled"
    };
    let mode = p.dry_run.clone().unwrap_or(DryRun::None);
    if mode == DryRun::None {
        update(sim, &d)?;
    } else {
        sim.dry_run(|sim| update(sim, &d))?;
    }
    match &p.output {
        OutputFormat::Default => out.out(format!(
            "deployment.apps/{name} {message}{}\n",
            mode.suffix()
        )),
        format => {
            let shown = sim.deployment(&name).filter(|_| mode == DryRun::None);
            let v = render::deployment_json(shown.unwrap_or(&d));
            out.answer(format, &v, false)
        }
    }
    Ok(())
}

/// `kubectl patch deployment/NAME -p PATCH [--type=strategic|merge|json]`: the
/// patch (JSON or YAML) applied to the live object as the API server applies it,
/// the result decoded, validated and written as an update. kubectl's line says
/// `patched` or `patched (no change)`, with no dry-run mark (its printer's
/// operation replaces the mark).
pub fn patch(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    let text = p.text(Flag::Patch);
    if text.is_empty() {
        return Err(Failure::from(
            "must specify --patch or --patch-file containing the contents of the patch",
        ));
    }
    let kind = p.text(Flag::Type);
    if !["json", "merge", "strategic"].contains(&kind) {
        return Err(Failure::from(format!(
            "--type must be one of [json merge strategic], not {kind:?}"
        )));
    }
    let patch = parse_patch(text)?;
    let d = the_deployment(sim, p)?;
    let live = render::deployment_json(&d);
    let mut object = live.clone();
    apply_patch(kind, &mut object, &patch)?;
    let m = decode_patched(&d.name, &object)?;
    let immutable = manifest::validate_update(&d.spec.selector, &m);
    if !immutable.is_empty() {
        return Err(Failure::printed(super::documents::invalid_text(
            &d.name, &immutable,
        )));
    }
    let mut nd = d.clone();
    (nd.labels, nd.annotations, nd.spec) = (m.labels, m.annotations, m.spec);
    let record = p.bool(Flag::Record);
    if record {
        out.err(RECORD_WARNING);
    }
    let changed = if p.dry_run == Ok(DryRun::None) {
        let changed = update(sim, &nd)?;
        if record {
            record_change_cause(sim, &d.name, p)?;
        }
        changed
    } else {
        sim.dry_run(|sim| update(sim, &nd))?;
        nd != d
    };
    match &p.output {
        OutputFormat::Default => {
            let what = if changed {
                "patched"
            } else {
                "patched (no change)"
            };
            out.out(format!("deployment.apps/{} {what}\n", d.name));
        }
        format => {
            let shown = sim
                .deployment(&d.name)
                .filter(|_| p.dry_run == Ok(DryRun::None));
            out.answer(
                format,
                &render::deployment_json(shown.unwrap_or(&nd)),
                false,
            )
        }
    }
    Ok(())
}

/// `-p`'s text, JSON or YAML, as kubectl's `yaml.ToJSON` reads it.
fn parse_patch(text: &str) -> Result<Value, Failure> {
    let unable = |problem: String| Failure::from(format!("unable to parse {text:?}: {problem}"));
    let docs = manifest::yaml::parse_documents(text).map_err(|e| {
        unable(match e.line {
            Some(l) => format!("yaml: line {l}: {}", e.problem),
            None => format!("yaml: {}", e.problem),
        })
    })?;
    Ok(docs
        .into_iter()
        .next()
        .map(|(_, v)| v)
        .unwrap_or(Value::Null))
}

/// The API server's patch step, in its words.
fn apply_patch(kind: &str, object: &mut Value, patch: &Value) -> Result<(), Failure> {
    use manifest::patch as p;
    match kind {
        "merge" => {
            p::merge_patch(object, patch);
            Ok(())
        }
        "strategic" => p::strategic_merge(object, patch)
            .map_err(|e| Failure::printed(format!("Error from server (BadRequest): {e}"))),
        #[cfg(not(target_arch = "wasm32"))]
        _ => p::json_patch(object, patch)
            .map_err(|e| Failure::printed(format!("The request is invalid: {e}"))),
        #[cfg(target_arch = "wasm32")]
        _ => Err(Failure::from(
            "--type=json is not available in the page (kubesim has it): use --type=merge or the default strategic patch",
        )),
    }
}

/// The patched object decoded as an update is: the server's type and validation
/// errors as kubectl prints them.
fn decode_patched(name: &str, object: &Value) -> Result<manifest::DeploymentManifest, Failure> {
    let text = value::to_string(object);
    let first = manifest::parse(&text).and_then(|docs| {
        docs.into_iter()
            .next()
            .unwrap_or(Err(ManifestError::Syntax {
                line: None,
                problem: "empty patch result".into(),
            }))
    });
    first.map_err(|e| match e {
        ManifestError::Invalid { causes, .. } => {
            Failure::printed(super::documents::invalid_text(name, &causes))
        }
        ManifestError::Type { message, .. } => Failure::printed(format!(
            "Error from server (BadRequest): Deployment in version \"v1\" cannot be handled as a Deployment: {message}"
        )),
        ManifestError::UnknownField { all, .. } => Failure::printed(format!(
            "Error from server (BadRequest): Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: {}",
            manifest::unknown_fields_text(&all)
        )),
        ManifestError::Unsupported { path, message, .. } => Failure::printed(format!(
            "The Deployment {name:?} is invalid: {path}: {message}"
        )),
        ManifestError::UnsupportedKind { kind, api_version, .. } => Failure::printed(format!(
            "Error from server (BadRequest): the playground simulates apps/v1 Deployments only (got kind {kind:?}, apiVersion {api_version:?})"
        )),
        ManifestError::NotSet { what, .. } => Failure::printed(format!(
            "Error from server (BadRequest): Object '{what}' is missing in the request body"
        )),
        ManifestError::Syntax { problem, .. } => {
            Failure::printed(format!("Error from server (BadRequest): {problem}"))
        }
    })
}

/// `validation.IsEnvVarName`'s message.
const ENV_NAME_MSG: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

fn is_env_var_name(k: &str) -> bool {
    let ok = |c: char| c.is_ascii_alphanumeric() || "-._".contains(c);
    k.chars()
        .next()
        .is_some_and(|c| ok(c) && !c.is_ascii_digit())
        && k.chars().all(ok)
}

/// `KEY=VALUE` to set and `KEY-` to remove, in order, as kubectl's `ParseEnv` reads them.
fn parse_env(words: &[String]) -> Result<Vec<(String, Option<String>)>, Failure> {
    let mut out = Vec::new();
    for w in words {
        let (k, v) = match w.split_once('=') {
            Some((k, v)) => (k, Some(v.to_string())),
            None => (w.strip_suffix('-').unwrap_or(w), None),
        };
        if !is_env_var_name(k) {
            return Err(Failure::from(format!(
                "{k:?} is not a valid key name: {ENV_NAME_MSG}"
            )));
        }
        out.push((k.to_string(), v));
    }
    Ok(out)
}

/// Sets and removes `changes` in one container's `env` list (JSON).
fn update_env(container: &mut Value, changes: &[(String, Option<String>)]) {
    let Some(c) = container.as_object_mut() else {
        return;
    };
    let mut env: Vec<Value> = match c.get("env") {
        Some(Value::Array(list)) => list.clone(),
        _ => Vec::new(),
    };
    for (k, v) in changes {
        let at = env
            .iter()
            .position(|e| e.get("name").and_then(Value::as_str) == Some(k));
        match (v, at) {
            (Some(v), Some(i)) => {
                env[i] = value::obj([("name", k.as_str().into()), ("value", v.as_str().into())])
            }
            (Some(v), None) => env.push(value::obj([
                ("name", k.as_str().into()),
                ("value", v.as_str().into()),
            ])),
            (None, Some(i)) => {
                env.remove(i);
            }
            (None, None) => {}
        }
    }
    if env.is_empty() {
        c.shift_remove("env");
    } else {
        c.insert("env".into(), Value::Array(env));
    }
}

/// `kubectl set env deployment/NAME KEY=VALUE... KEY-... [-c CONTAINER] [--list]`:
/// `env updated` when the template changed, nothing when it did not.
pub fn set_env(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    let (res, words): (Vec<String>, Vec<String>) = p
        .args
        .iter()
        .cloned()
        .partition(|a| !(a.contains('=') || a.ends_with('-')));
    let changes = parse_env(&words)?;
    let name = single_deployment(&res)?;
    let Some(d) = sim.deployment(&name).cloned() else {
        return Err(not_found(Kind::Deployment, &name));
    };
    let pattern = p.text(Flag::Container);
    let live = render::deployment_json(&d);
    let mut object = live.clone();
    let matched = each_container(&mut object, pattern, |c| update_env(c, &changes));
    if p.bool(Flag::List) {
        list_env(&object, &name, out);
        return Ok(());
    }
    if matched == 0 {
        let pattern = if pattern.is_empty() { "*" } else { pattern };
        out.err(format!(
            "Warning: Deployment/{name} does not have any containers matching {pattern:?}\n"
        ));
    }
    if object == live {
        return Ok(());
    }
    write_template(sim, p, &d, &object, "env updated", out)
}

/// Runs `f` on each container of a Deployment's JSON that `pattern` names
/// (`-c`; empty or `*` is every one); how many it ran on.
fn each_container(object: &mut Value, pattern: &str, mut f: impl FnMut(&mut Value)) -> usize {
    let Some(Value::Array(cs)) = object.pointer_mut("/spec/template/spec/containers") else {
        return 0;
    };
    let mut matched = 0;
    for c in cs.iter_mut() {
        let name = c.get("name").and_then(Value::as_str).unwrap_or("");
        if pattern.is_empty() || pattern == "*" || pattern == name {
            matched += 1;
            f(c);
        }
    }
    matched
}

/// What the `set` verbs do with a changed object: decode it as an update (the
/// server's errors), add `--record`'s change-cause, write it, and print
/// `deployment.apps/NAME WHAT` or the object (`-o`).
fn write_template(
    sim: &mut Sim,
    p: &Parsed,
    d: &Deployment,
    object: &Value,
    what: &str,
    out: &mut Output,
) -> Result<(), Failure> {
    let m = decode_patched(&d.name, object)?;
    let mut nd = d.clone();
    (nd.labels, nd.annotations, nd.spec) = (m.labels, m.annotations, m.spec);
    if p.bool(Flag::Record) {
        out.err(RECORD_WARNING);
        nd.annotations
            .insert(ANN_CHANGE_CAUSE.to_string(), p.change_cause());
    }
    update(sim, &nd)?;
    match &p.output {
        OutputFormat::Default => out.out(format!("deployment.apps/{} {what}\n", nd.name)),
        format => out.answer(format, &render::deployment_json(&nd), false),
    }
    Ok(())
}

/// `--limits`/`--requests` text (`cpu=200m,memory=512Mi`): each name and its
/// quantity, canonical as `ParseQuantity` leaves it.
fn parse_resource_list(text: &str) -> Result<Vec<(String, String)>, Failure> {
    let mut out = Vec::new();
    for part in text.split(',').filter(|p| !p.is_empty()) {
        let Some((name, q)) = part.split_once('=') else {
            return Err(Failure::from(format!("Invalid argument syntax {part}")));
        };
        let q = manifest::quantity::canonical(q).map_err(Failure::from)?;
        out.push((name.to_string(), q));
    }
    Ok(out)
}

/// `kubectl set resources deployment/NAME --limits=... --requests=... [-c NAME]`:
/// `resource requirements updated` when the template changed, nothing when not.
pub fn set_resources(
    sim: &mut Sim,
    _: &dyn Files,
    p: &Parsed,
    out: &mut Output,
) -> Result<(), Failure> {
    let (limits, requests) = (p.text(Flag::Limits), p.text(Flag::Requests));
    if limits.is_empty() && requests.is_empty() {
        return Err(Failure::from(
            "you must specify an update to requests or limits (in the form of --requests/--limits)",
        ));
    }
    let lists = [
        ("limits", parse_resource_list(limits)?),
        ("requests", parse_resource_list(requests)?),
    ];
    let d = the_deployment(sim, p)?;
    let pattern = p.text(Flag::Container);
    let live = render::deployment_json(&d);
    let mut object = live.clone();
    each_container(&mut object, pattern, |c| {
        for (field, list) in &lists {
            for (name, q) in list {
                let slot = &mut c["resources"][*field];
                if !slot.is_object() {
                    *slot = Value::Object(value::Map::new());
                }
                slot[name.as_str()] = q.as_str().into();
            }
        }
    });
    if object == live {
        return Ok(());
    }
    write_template(sim, p, &d, &object, "resource requirements updated", out)
}

/// `--list`: each container's environment, as `set env --list` prints it.
fn list_env(object: &Value, name: &str, out: &mut Output) {
    let Some(Value::Array(cs)) = object.pointer("/spec/template/spec/containers") else {
        return;
    };
    for c in cs {
        let cname = c.get("name").and_then(Value::as_str).unwrap_or("");
        out.out(format!("# Deployment {name}, container {cname}\n"));
        if let Some(Value::Array(env)) = c.get("env") {
            for e in env {
                let k = e.get("name").and_then(Value::as_str).unwrap_or("");
                match e.get("value").and_then(Value::as_str) {
                    Some(v) => out.out(format!("{k}={v}\n")),
                    None => out.out(format!("# {k} from a source\n")),
                }
            }
        }
    }
}

/// `kubectl edit`: `kubesim` has no editor (the web console opens the object in its
/// YAML editor before the line reaches here).
/// `kubectl edit deployment/NAME`: the live object, as `-o yaml` prints it, handed
/// back as [`Edit`] for whoever has an editor (the page); kubesim's session says
/// it has none.
pub fn edit(sim: &mut Sim, _: &dyn Files, p: &Parsed, out: &mut Output) -> Result<(), Failure> {
    if p.args.is_empty() && p.given(Flag::Filename).is_none() {
        return Err(Failure::from(NO_RESOURCES));
    }
    if p.args.is_empty() {
        // `edit -f FILE` edits the objects a file names: no editor here either.
        return Err(Failure::from(Edit::NO_EDITOR));
    }
    let d = the_deployment(sim, p)?;
    let text = render::to_yaml(&render::deployment_json(&d));
    out.edit = Some(Edit {
        file: format!("deployment-{}.yaml", d.name),
        name: d.name,
        text,
    });
    Ok(())
}
