//! Ordering with few compiled copies: one stable sort for the whole crate, and
//! [`NameMap`], the name-keyed map for the cluster's small collections.
//!
//! Each `slice::sort_by` call site with its own element type compiles to ~3.5 KB of
//! wasm; routing every sort through one index sort with a `dyn` comparator keeps a
//! single copy. Likewise each `BTreeMap<K, V>` type brings ~5 KB of node, insert and
//! rebalancing code; a sorted `Vec` brings a few hundred bytes (see ARCHITECTURE.md,
//! page budget). Same results as `sort_by` and `BTreeMap`: stable, sorted by key.
//!
//! It must not know any playground type.

use std::cmp::Ordering;

mod go_sort;
pub use go_sort::go_sort_indices;

/// Stable sort of `v` by `cmp`, like `v.sort_by(cmp)`.
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = sorted_indices(v.len(), &|a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    // Every index appears exactly once in `order`, so each slot is taken once.
    v.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Stable sort by a key, like `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

fn sorted_indices(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
}

/// A map from names to values, iterated in name order like `BTreeMap<String, V>`.
///
/// Kept as a sorted `Vec`: O(log n) lookup, O(n) insert and remove. Use it for
/// collections of tens or hundreds (Deployments, ReplicaSets, labels), never for pods.
#[derive(Clone, PartialEq, Eq)]
pub struct NameMap<V> {
    entries: Vec<(String, V)>,
}

/// A set of names in name order.
pub type NameSet = NameMap<()>;

impl<V> Default for NameMap<V> {
    fn default() -> Self {
        NameMap {
            entries: Vec::new(),
        }
    }
}

impl<V: std::fmt::Debug> std::fmt::Debug for NameMap<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V> NameMap<V> {
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        let names: &[(String, V)] = &self.entries;
        find_name(&|i| names[i].0.as_str(), names.len(), name)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, name: &str) -> Option<&V> {
        let i = self.find(name).ok()?;
        Some(&self.entries[i].1)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut V> {
        let i = self.find(name).ok()?;
        Some(&mut self.entries[i].1)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Inserts or replaces; returns the value that was there.
    pub fn insert(&mut self, name: impl Into<String>, value: V) -> Option<V> {
        let name = name.into();
        match self.find(&name) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (name, value));
                None
            }
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<V> {
        let i = self.find(name).ok()?;
        Some(self.entries.remove(i).1)
    }

    /// The value under `name`, made by `make` first if there is none.
    pub fn get_or_insert_with(&mut self, name: &str, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(name) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (name.to_string(), make()));
                i
            }
        };
        &mut self.entries[i].1
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &V)> + Clone {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + Clone {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + Clone {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> {
        self.entries.iter_mut().map(|(_, v)| v)
    }
}

impl NameMap<()> {
    /// Set form of `insert`: true when the name was not there yet.
    pub fn add(&mut self, name: &str) -> bool {
        match self.find(name) {
            Ok(_) => false,
            Err(i) => {
                self.entries.insert(i, (name.to_string(), ()));
                true
            }
        }
    }
}

impl<V, Q: AsRef<str> + ?Sized> std::ops::Index<&Q> for NameMap<V> {
    type Output = V;
    /// Like `BTreeMap`'s: panics when the name is missing.
    fn index(&self, name: &Q) -> &V {
        match self.get(name.as_ref()) {
            Some(v) => v,
            None => panic!("no entry named {:?}", name.as_ref()),
        }
    }
}

/// Binary search over names, compiled once for every value type.
fn find_name<'a>(
    name_at: &dyn Fn(usize) -> &'a str,
    len: usize,
    name: &str,
) -> Result<usize, usize> {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match name_at(mid).cmp(name) {
            Ordering::Less => lo = mid + 1,
            Ordering::Greater => hi = mid,
            Ordering::Equal => return Ok(mid),
        }
    }
    Err(lo)
}

impl<K: Into<String>, V> FromIterator<(K, V)> for NameMap<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut m = NameMap::new();
        m.extend(iter);
        m
    }
}

impl<K: Into<String>, V> Extend<(K, V)> for NameMap<V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<V> IntoIterator for NameMap<V> {
    type Item = (String, V);
    type IntoIter = std::vec::IntoIter<(String, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a, V> IntoIterator for &'a NameMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, V)>,
        fn(&'a (String, V)) -> (&'a String, &'a V),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::rng::Rng;

    #[test]
    fn sorts_stably_like_std() {
        let mut rng = Rng::new(7);
        for len in [0usize, 1, 2, 5, 40, 333] {
            let v: Vec<(u8, usize)> = (0..len)
                .map(|i| ((rng.next_u64() >> 60) as u8, i))
                .collect();
            let mut ours = v.clone();
            super::sort_by_key(&mut ours, |p| p.0);
            let mut std = v.clone();
            std.sort_by_key(|p| p.0);
            assert_eq!(ours, std);
        }
    }

    #[test]
    fn name_map_behaves_like_btree_map() {
        use std::collections::BTreeMap;
        let mut rng = Rng::new(11);
        let mut ours: super::NameMap<u32> = super::NameMap::new();
        let mut std: BTreeMap<String, u32> = BTreeMap::new();
        for step in 0..5_000u32 {
            let seed = rng.next_u64();
            let key = format!("rs-{}", (seed >> 33) % 97);
            match (seed >> 20) % 4 {
                0 | 1 => assert_eq!(ours.insert(key.clone(), step), std.insert(key, step)),
                2 => assert_eq!(ours.remove(&key), std.remove(&key)),
                _ => {
                    *ours.get_or_insert_with(&key, || 0) += 1;
                    *std.entry(key.clone()).or_insert(0) += 1;
                }
            }
            assert_eq!(ours.len(), std.len());
        }
        let ours_items: Vec<(String, u32)> = ours.clone().into_iter().collect();
        let std_items: Vec<(String, u32)> = std.clone().into_iter().collect();
        assert_eq!(ours_items, std_items);
        assert_eq!(ours.get("rs-5"), std.get("rs-5"));
        assert_eq!(ours.contains_key("nope"), std.contains_key("nope"));
        let mut set = super::NameSet::new();
        assert!(set.add("b") && set.add("a") && !set.add("b"));
        assert_eq!(set.keys().collect::<Vec<_>>(), ["a", "b"]);
    }
}
