#!/usr/bin/env python3
"""Writes src/sim/spew_schema.rs: the Go struct definitions behind a Deployment
(field order, Go field names, JSON names and whether they are omitempty, reflect
type strings), read from the upstream source of the Kubernetes version the
playground reports, so sim/hash.rs can write the spew dump that Kubernetes'
ComputeHash hashes and manifest/typed.rs can encode an object as Go's
encoding/json encodes the struct.

Usage: tools/spew-schema.py CORE_V1_TYPES_GO META_V1_TYPES_GO APPS_V1_TYPES_GO VERSION > src/sim/spew_schema.rs
(the files: kubernetes/api core/v1/types.go and apps/v1/types.go, and
kubernetes/apimachinery pkg/apis/meta/v1/types.go, at the tags v0.MINOR.0).

Only the structs a template of ours can populate, and the Deployment's own, are
written in full, with every struct they hold by value; any other type is named
(its type string is what a nil pointer, slice or map prints) but not expanded.
"""
import re
import sys

core_src, meta_src, apps_src, version = sys.argv[1:5]

# What our templates can hold (sim::objects), and so what the dump must expand.
POPULATED = ["v1.PodTemplateSpec", "v1.ObjectMeta", "v1.PodSpec", "v1.Container",
             "v1.ContainerPort", "v1.EnvVar", "v1.ResourceRequirements", "v1.Probe",
             "v1.ProbeHandler", "v1.HTTPGetAction", "v1.TCPSocketAction", "v1.ExecAction",
             "v1.HTTPHeader", "v1.PodSecurityContext",
             # What templates commonly hold beyond those, so that `set image --local`
             # and the stored object drop their zero values and unknown fields.
             "v1.Volume", "v1.VolumeMount", "v1.EmptyDirVolumeSource", "v1.ConfigMapVolumeSource",
             "v1.SecretVolumeSource", "v1.PersistentVolumeClaimVolumeSource",
             "v1.HostPathVolumeSource", "v1.KeyToPath", "v1.EnvVarSource", "v1.EnvFromSource",
             "v1.ConfigMapKeySelector", "v1.SecretKeySelector", "v1.ObjectFieldSelector",
             "v1.ResourceFieldSelector", "v1.ConfigMapEnvSource", "v1.SecretEnvSource",
             "v1.SecurityContext", "v1.Capabilities", "v1.Toleration", "v1.LocalObjectReference",
             # The Deployment around the template (never in a template, so the hash
             # does not see them).
             "v1.Deployment", "v1.TypeMeta", "v1.DeploymentSpec", "v1.DeploymentStrategy",
             "v1.RollingUpdateDeployment", "v1.DeploymentStatus", "v1.DeploymentCondition",
             "v1.LabelSelector", "v1.LabelSelectorRequirement",
             # The ReplicaSet a revision is (`rollout history --revision=N -o json`).
             "v1.ReplicaSet", "v1.ReplicaSetSpec", "v1.ReplicaSetStatus", "v1.ReplicaSetCondition",
             # A Service as the API server decodes it (strict fields, Go's type errors).
             "v1.Service", "v1.ServiceSpec", "v1.ServicePort", "v1.ServiceStatus",
             "v1.LoadBalancerStatus", "v1.SessionAffinityConfig", "v1.ClientIPConfig",
             # A bare Pod (`kubectl run`, Pod manifests); its status is the server's.
             "v1.Pod"]
# Written by hand in hash.rs (their fields are not plain data).
SPECIAL = {"v1.Time", "intstr.IntOrString", "resource.Quantity"}
BUILTIN = {"string": "s", "bool": "b", "int": "i", "int32": "i", "int64": "i", "uint64": "i", "float64": "f"}


def parse(path, pkg_aliases):
    """struct name -> [(go name, json name or '' for inline, go type expr, omitempty)];
    named non-struct types -> underlying expr."""
    text = open(path).read()
    structs, named = {}, {}
    for m in re.finditer(r"^type (\w+) struct \{\n(.*?)^\}", text, re.S | re.M):
        fields = []
        for line in m.group(2).split("\n"):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            tag = re.search(r'json:"([^"]*)"', line)
            json = tag.group(1).split(",")[0] if tag else ""
            omit = bool(tag) and "omitempty" in tag.group(1).split(",")[1:]
            code = line.split("`")[0].split("//")[0].split()
            if len(code) == 1:  # embedded
                fields.append((code[0].split(".")[-1].lstrip("*"), json, code[0], True))
            elif len(code) >= 2 and code[0][0].isupper():
                fields.append((code[0], json, code[1], omit))
        structs[m.group(1)] = fields
    for m in re.finditer(r"^type (\w+) ([\w\[\]\.\*]+)\s*$", text, re.M):
        named[m.group(1)] = m.group(2)
    return structs, named


core_structs, core_named = parse(core_src, {})
meta_structs, meta_named = parse(meta_src, {})
apps_structs, apps_named = parse(apps_src, {})


def reflect(expr, local):
    """A Go type expression in package `local` ('core' or 'meta') as reflect's Type.String()."""
    if expr.startswith("*"):
        return "*" + reflect(expr[1:], local)
    if expr.startswith("[]"):
        return "[]" + reflect(expr[2:], local)
    m = re.match(r"map\[([^\]]+)\](.*)", expr)
    if m:
        return f"map[{reflect(m.group(1), local)}]{reflect(m.group(2), local)}"
    if expr in BUILTIN:
        return expr
    if "." in expr:
        pkg, name = expr.split(".")
        return {"metav1": "v1", "v1": "v1", "types": "types", "intstr": "intstr", "resource": "resource"}[pkg] + "." + name
    return "v1." + expr


def lookup(t):
    """(fields, package) of a struct type string, or None."""
    name = t.split(".", 1)[1] if "." in t else t
    if t.startswith("v1.") and name in core_structs and t not in {"v1.ObjectMeta", "v1.Time"}:
        return core_structs[name], "core"
    if t.startswith("v1.") and name in meta_structs:
        return meta_structs[name], "meta"
    if t.startswith("v1.") and name in apps_structs:
        return apps_structs[name], "apps"
    return None


def kind_of(t):
    """'s', 'i', 'b', 'f' for scalar types, else None."""
    if t in BUILTIN:
        return BUILTIN[t]
    if t == "types.UID":
        return "s"
    if t == "intstr.Type":
        return "i"
    if t.startswith("v1."):
        name = t[3:]
        under = core_named.get(name) or meta_named.get(name) or apps_named.get(name)
        if under in BUILTIN:
            return BUILTIN[under]
    return None


expand, scalars, queue = [], {}, list(POPULATED)
while queue:
    t = queue.pop(0)
    if t in expand or t in SPECIAL:
        continue
    found = lookup(t)
    if not found:
        sys.exit(f"struct {t} not found in the sources")
    expand.append(t)
    for _, _, expr, _ in found[0]:
        ft = reflect(expr, found[1])
        base = ft.lstrip("*")
        while base.startswith("[]"):
            base = base[2:]
        k = kind_of(base)
        if k:
            scalars[base] = k
        elif not ft.startswith(("*", "[]", "map[")) and lookup(ft) and ft not in SPECIAL:
            queue.append(ft)  # held by value: always printed in full
        elif ft.startswith("v1.") and not lookup(ft) and not k and ft not in SPECIAL:
            # A named map or slice type (ResourceList): printed as a type string.
            pass

print(f"//! Generated by tools/spew-schema.py from Kubernetes v{version} (kubernetes/api")
print(f"//! core/v1 and apps/v1 types.go, kubernetes/apimachinery meta/v1 types.go, at")
print(f"//! v0.{version.split('.')[1]}.0). Do not edit: run the script. The Go structs behind a")
print("//! Deployment, in field order: a line `=TYPE` starts a struct, then one line a")
print("//! field, `GoName [jsonName] TYPE [!]` (the JSON name only where it is not the Go")
print("//! name with a lower-case first letter; `_`: an embedded struct whose fields are")
print("//! inline; `!`: a field without `omitempty`, which JSON always carries); lines")
print("//! `!TYPE K` name a scalar type of kind s(tring), i(nteger), b(ool) or f(loat).")
print("//! Text rather than a table of string slices, for the page's weight.")
print()
print(f'pub const KUBERNETES_VERSION: &str = "v{version}";')
print()
lines = []
for t in expand:
    fields, local = lookup(t)
    lines.append(f"={t}")
    for name, json, expr, omit in fields:
        # The JSON name is left out where it is the Go name with a lower-case first letter.
        derived = name[0].lower() + name[1:]
        json_part = "" if json == derived else f" {json or '_'}"
        lines.append(f"{name}{json_part} {reflect(expr, local)}{'' if omit else ' !'}")
for t, k in sorted(scalars.items()):
    lines.append(f"!{t} {k}")
print("pub const SCHEMA: &str = \"\\")
for l in lines:
    print(f"{l}\\n\\")
print("\";")
