//! A structure-aware YAML fuzzer: seeded random trees of mappings, sequences and
//! scalars, written in block and flow forms with anchors, aliases and merge keys,
//! nested. The generator knows the value each tree means (go-yaml v2's reading,
//! which kubectl uses: a merge key writes its mapping's keys where it stands, so a
//! later explicit key wins over it and an earlier one does not; in a merge list the
//! earlier mapping wins), so every case has an exact expected answer: the reader
//! must give that value, or the one error the tree deserves (an unknown anchor,
//! excessive aliasing). Alias bombs far over the budget must be refused.
//! `YAML_STRUCTURE_FUZZ=N` runs N cases (default 3,000). A failure prints its seed
//! and its text.

use rollout_playground::manifest::value::{to_string, Value};
use rollout_playground::manifest::yaml::parse_documents;
use rollout_playground::sim::rng::Rng;

/// A tree to write: what it means is computed from it, not from the text.
#[derive(Clone, Debug)]
enum Tree {
    /// YAML text and the value it stands for.
    Scalar(String, Value),
    Seq {
        flow: bool,
        items: Vec<Tree>,
    },
    /// Entries are (key, value); a key of `<<` is a merge key.
    Map {
        flow: bool,
        entries: Vec<(String, Tree)>,
    },
    Anchor(String, Box<Tree>),
    Alias(String),
}

struct Gen<'a> {
    rng: &'a mut Rng,
    /// Anchors defined so far, in document order (an alias may only name these).
    anchors: Vec<(String, bool)>,
    next_anchor: usize,
    next_word: usize,
}

impl Gen<'_> {
    fn pick(&mut self, n: u64) -> u64 {
        self.rng.range(0, n)
    }

    fn scalar(&mut self) -> Tree {
        self.next_word += 1;
        let n = self.next_word;
        match self.pick(7) {
            0 => Tree::Scalar(format!("w{n}"), Value::String(format!("w{n}"))),
            1 => Tree::Scalar(format!("{n}"), Value::from(n as i64)),
            2 => Tree::Scalar(format!("\"q\\t{n}\""), Value::String(format!("q\t{n}"))),
            3 => Tree::Scalar(format!("'it''s {n}'"), Value::String(format!("it's {n}"))),
            4 => Tree::Scalar("~".into(), Value::Null),
            5 => Tree::Scalar("true".into(), Value::Bool(true)),
            _ => Tree::Scalar(
                format!("two words {n}"),
                Value::String(format!("two words {n}")),
            ),
        }
    }

    /// A node; inside a flow collection everything is flow.
    fn node(&mut self, depth: u32, in_flow: bool) -> Tree {
        let leaf = depth == 0 || self.pick(3) == 0;
        let mut tree = if leaf {
            match self.pick(6) {
                0 if !self.anchors.is_empty() => {
                    let i = self.pick(self.anchors.len() as u64) as usize;
                    return Tree::Alias(self.anchors[i].0.clone());
                }
                _ => self.scalar(),
            }
        } else if self.pick(2) == 0 {
            let flow = in_flow || self.pick(3) == 0;
            let items = (0..self.pick(4) + 1)
                .map(|_| self.node(depth - 1, flow))
                .collect();
            Tree::Seq { flow, items }
        } else {
            let flow = in_flow || self.pick(3) == 0;
            self.map(depth, flow)
        };
        if self.pick(4) == 0 {
            self.next_anchor += 1;
            let name = format!("a{}", self.next_anchor);
            let is_map = matches!(tree, Tree::Map { .. });
            tree = Tree::Anchor(name.clone(), Box::new(tree));
            self.anchors.push((name, is_map));
        }
        tree
    }

    fn map(&mut self, depth: u32, flow: bool) -> Tree {
        let mut entries = Vec::new();
        for k in 0..self.pick(4) + 1 {
            let maps: Vec<String> = self
                .anchors
                .iter()
                .filter(|a| a.1)
                .map(|a| a.0.clone())
                .collect();
            if !maps.is_empty() && self.pick(4) == 0 && !entries.iter().any(|(key, _)| key == "<<")
            {
                // A merge: one mapping, or a list of them.
                let value = if self.pick(2) == 0 {
                    Tree::Alias(maps[self.pick(maps.len() as u64) as usize].clone())
                } else {
                    let items = (0..self.pick(3) + 1)
                        .map(|_| Tree::Alias(maps[self.pick(maps.len() as u64) as usize].clone()))
                        .collect();
                    Tree::Seq { flow: true, items }
                };
                entries.push(("<<".to_string(), value));
            }
            // Keys repeat across mappings, so merges overlap explicit keys.
            let key = format!("k{}", (k + self.pick(3)) % 5);
            if entries.iter().any(|(existing, _)| *existing == key) {
                continue;
            }
            let value = self.node(depth.saturating_sub(1), flow);
            entries.push((key, value));
        }
        Tree::Map { flow, entries }
    }
}

/// What the tree means, as go-yaml v2 reads it.
fn meaning(t: &Tree, anchors: &mut Vec<(String, Value)>) -> Value {
    match t {
        Tree::Scalar(_, v) => v.clone(),
        Tree::Seq { items, .. } => {
            Value::Array(items.iter().map(|i| meaning(i, anchors)).collect())
        }
        Tree::Map { entries, .. } => {
            let mut out: Vec<(String, Value)> = Vec::new();
            let put = |out: &mut Vec<(String, Value)>, k: String, v: Value| match out
                .iter_mut()
                .find(|(x, _)| *x == k)
            {
                Some(slot) => slot.1 = v,
                None => out.push((k, v)),
            };
            for (k, v) in entries {
                let v = meaning(v, anchors);
                if k == "<<" {
                    // A list merges from its last mapping to its first: the first wins.
                    let maps = match v {
                        Value::Array(items) => items.into_iter().rev().collect(),
                        one => vec![one],
                    };
                    for m in maps {
                        let Value::Object(m) = m else {
                            unreachable!("merges name mappings")
                        };
                        for k in m.keys().cloned().collect::<Vec<_>>() {
                            put(&mut out, k.clone(), m.get(&k).cloned().unwrap());
                        }
                    }
                } else {
                    put(&mut out, k.clone(), v);
                }
            }
            let mut map = rollout_playground::manifest::value::Map::new();
            for (k, v) in out {
                map.insert(k, v);
            }
            Value::Object(map)
        }
        Tree::Anchor(name, inner) => {
            let v = meaning(inner, anchors);
            anchors.push((name.clone(), v.clone()));
            v
        }
        Tree::Alias(name) => anchors
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .expect("generated aliases name earlier anchors"),
    }
}

/// The tree as YAML. `indent` is the block's column.
fn write(t: &Tree, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match t {
        Tree::Scalar(text, _) => out.push_str(text),
        Tree::Alias(name) => {
            out.push('*');
            out.push_str(name);
        }
        // In flow context (block entries go through `write_value`).
        Tree::Anchor(name, inner) => {
            out.push('&');
            out.push_str(name);
            out.push(' ');
            write(inner, indent, out);
        }
        Tree::Seq { flow: true, items } => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(item, indent, out);
            }
            out.push(']');
        }
        Tree::Map {
            flow: true,
            entries,
        } => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push_str(": ");
                write(v, indent, out);
            }
            out.push('}');
        }
        Tree::Seq { flow: false, items } => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(&pad);
                out.push('-');
                write_value(item, indent + 2, out);
            }
        }
        Tree::Map {
            flow: false,
            entries,
        } if entries.is_empty() => out.push_str("{}"),
        Tree::Map {
            flow: false,
            entries,
        } => {
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(&pad);
                out.push_str(k);
                out.push(':');
                write_value(v, indent + 2, out);
            }
        }
    }
}

/// A block entry's value after its `key:` or `-`: an anchor stays on that line,
/// a block collection goes on the lines below at `indent`.
fn write_value(t: &Tree, indent: usize, out: &mut String) {
    let inner = match t {
        Tree::Anchor(name, inner) => {
            out.push_str(" &");
            out.push_str(name);
            inner
        }
        other => other,
    };
    if is_block(inner) {
        out.push('\n');
    } else {
        out.push(' ');
    }
    write(inner, indent, out);
}

/// Written on lines of its own below its key or dash (an anchor goes before it).
fn is_block(t: &Tree) -> bool {
    match t {
        Tree::Seq { flow, items } => !flow && !items.is_empty(),
        Tree::Map { flow, entries } => !flow && !entries.is_empty(),
        Tree::Anchor(_, inner) => is_block(inner),
        _ => false,
    }
}

/// JSON with every mapping's keys sorted (Go's encoder sorts them; order is not meaning).
fn canonical(v: &Value) -> String {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
            Value::Object(m) => {
                let mut out = rollout_playground::manifest::value::Map::new();
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                for k in keys {
                    out.insert(k.clone(), sorted(m.get(k).unwrap()));
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }
    to_string(&sorted(v))
}

fn cases() -> u64 {
    std::env::var("YAML_STRUCTURE_FUZZ")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000)
}

#[test]
fn generated_trees_read_back_as_the_value_they_mean() {
    let (mut anchored, mut merged, mut flow_anchored) = (0, 0, 0);
    for seed in 0..cases() {
        let mut rng = Rng::new(seed);
        let mut gen = Gen {
            rng: &mut rng,
            anchors: Vec::new(),
            next_anchor: 0,
            next_word: 0,
        };
        let tree = gen.map(4, false);
        let mut text = String::new();
        write(&tree, 0, &mut text);
        text.push('\n');
        let expected = canonical(&meaning(&tree, &mut Vec::new()));
        anchored += text.contains('&') as u32;
        merged += text.contains("<<") as u32;
        flow_anchored +=
            (text.contains("[&") || text.contains(", &") || text.contains("{k0: &")) as u32;
        let docs = parse_documents(&text)
            .unwrap_or_else(|e| panic!("seed {seed}: refused: {e:?}\n{text}"));
        assert_eq!(docs.len(), 1, "seed {seed}\n{text}");
        assert_eq!(canonical(&docs[0].1), expected, "seed {seed}\n{text}");
    }
    // The generator really makes what this test is about.
    let n = cases() as u32;
    assert!(
        anchored > n / 2 && merged > n / 10 && flow_anchored > n / 20,
        "{anchored} anchored, {merged} merged, {flow_anchored} with anchors in flow"
    );
}

#[test]
fn unknown_anchors_and_alias_bombs_get_go_yamls_errors() {
    for seed in 0..cases() / 10 {
        let mut rng = Rng::new(seed ^ 0xb0b);
        // An alias to an anchor defined later (or never) is unknown where it stands.
        let mut gen = Gen {
            rng: &mut rng,
            anchors: vec![("later".into(), false)],
            next_anchor: 0,
            next_word: 0,
        };
        let tree = gen.map(3, false);
        let mut text = String::new();
        write(&tree, 0, &mut text);
        if text.contains("*later") {
            let err = parse_documents(&format!("{text}\nz: &later 1\n")).expect_err(&text);
            assert!(
                format!("{err:?}").contains("unknown anchor 'later' referenced"),
                "seed {seed}: {err:?}\n{text}"
            );
        }
        // A bomb: each level repeats the previous one `fan` times, far past the budget.
        let fan = rng.range(6, 12);
        let levels = (12.0_f64.ln() / (fan as f64).ln() * 8.0).ceil() as u64;
        let mut bomb = format!("l0: &l0 [\"{}\"]\n", "x".repeat(rng.range(1, 50) as usize));
        for l in 1..=levels {
            let refs = vec![format!("*l{}", l - 1); fan as usize].join(", ");
            bomb.push_str(&format!("l{l}: &l{l} [{refs}]\n"));
        }
        let err = parse_documents(&bomb).expect_err("a bomb is refused");
        assert!(
            format!("{err:?}").contains("document contains excessive aliasing"),
            "seed {seed}: {err:?}"
        );
    }
}
