//! One stable sort for the whole crate. Each `slice::sort_by` call site with its
//! own element type compiles to ~3.5 KB of wasm; routing every sort through one
//! index sort with a `dyn` comparator keeps a single copy (see ARCHITECTURE.md,
//! page budget). Same results as `sort_by`: stable, O(n log n).
//!
//! It must not know any playground type.

use std::cmp::Ordering;

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

#[cfg(test)]
mod tests {
    #[test]
    fn sorts_stably_like_std() {
        let mut seed = 7u64;
        for len in [0usize, 1, 2, 5, 40, 333] {
            let v: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            super::sort_by_key(&mut ours, |p| p.0);
            let mut std = v.clone();
            std.sort_by_key(|p| p.0);
            assert_eq!(ours, std);
        }
    }
}
