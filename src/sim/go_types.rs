//! Reads the Go struct definitions generated into [`super::spew_schema`]: a
//! struct's fields in Go order (with their JSON names and `omitempty`), and the
//! kind of a named scalar type. Shared by the spew dump (`hash.rs`) and Go's JSON
//! encoding of a decoded object (`manifest::typed`). It must not know what any
//! field means.

use super::spew_schema::SCHEMA;

/// One field of a Go struct.
pub struct GoField {
    pub go_name: &'static str,
    /// The JSON name, or `_` for an embedded struct whose fields are inline.
    pub json: String,
    /// A reflect type string: `*v1.Probe`, `[]v1.Container`, `map[string]string`.
    pub ty: &'static str,
    pub omitempty: bool,
}

/// The fields of struct `ty` in Go order, if the schema expands it.
pub fn struct_fields(ty: &str) -> Option<impl Iterator<Item = GoField>> {
    let mut lines = SCHEMA.lines();
    lines.find(|l| l.strip_prefix('=') == Some(ty))?;
    Some(
        lines
            .take_while(|l| !l.starts_with(['=', '!']))
            .filter_map(|l| {
                let (l, omitempty) = match l.strip_suffix(" !") {
                    Some(l) => (l, false),
                    None => (l, true),
                };
                let mut w = l.split(' ');
                let (go_name, second, third) = (w.next()?, w.next()?, w.next());
                Some(match third {
                    Some(ty) => GoField {
                        go_name,
                        json: second.to_string(),
                        ty,
                        omitempty,
                    },
                    // No JSON name written: it is the Go name, first letter lowered.
                    None => GoField {
                        go_name,
                        json: go_name[..1].to_ascii_lowercase() + &go_name[1..],
                        ty: second,
                        omitempty,
                    },
                })
            }),
    )
}

/// The kind of a scalar type (`s`, `i`, `b`, `f`), if the schema names it.
pub fn scalar_kind(ty: &str) -> Option<&'static str> {
    SCHEMA
        .lines()
        .filter_map(|l| l.strip_prefix('!')?.split_once(' '))
        .find(|(t, _)| *t == ty)
        .map(|(_, k)| k)
}
