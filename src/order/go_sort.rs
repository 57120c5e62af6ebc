//! Go's `sort.Sort` (the pattern-defeating quicksort of Go 1.19 and later,
//! `sort/zsortinterface.go`), ported step for step. It is not stable, but it is
//! deterministic: given the same input order and `Less`, it leaves equal elements
//! exactly where kubectl's Go leaves them, which is what `describe`'s event list
//! needs. It sorts a permutation of indices, so one compiled copy serves any type.
//!
//! It must not know any playground type.

/// The order Go's `sort.Sort` leaves `n` elements in, as indices into the input,
/// with `less(i, j)` comparing input elements `i` and `j`.
pub fn go_sort_indices(n: usize, less: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut data = Data {
        perm: (0..n).collect(),
        less,
    };
    if n > 1 {
        let limit = usize::BITS - n.leading_zeros();
        pdqsort(&mut data, 0, n, limit);
    }
    data.perm
}

struct Data<'a> {
    perm: Vec<usize>,
    less: &'a dyn Fn(usize, usize) -> bool,
}

impl Data<'_> {
    fn less(&self, i: usize, j: usize) -> bool {
        (self.less)(self.perm[i], self.perm[j])
    }
    fn swap(&mut self, i: usize, j: usize) {
        self.perm.swap(i, j);
    }
}

#[derive(PartialEq)]
enum Hint {
    Unknown,
    Increasing,
    Decreasing,
}

fn insertion_sort(data: &mut Data, a: usize, b: usize) {
    for i in a + 1..b {
        let mut j = i;
        while j > a && data.less(j, j - 1) {
            data.swap(j, j - 1);
            j -= 1;
        }
    }
}

fn sift_down(data: &mut Data, lo: usize, hi: usize, first: usize) {
    let mut root = lo;
    loop {
        let mut child = 2 * root + 1;
        if child >= hi {
            return;
        }
        if child + 1 < hi && data.less(first + child, first + child + 1) {
            child += 1;
        }
        if !data.less(first + root, first + child) {
            return;
        }
        data.swap(first + root, first + child);
        root = child;
    }
}

fn heap_sort(data: &mut Data, a: usize, b: usize) {
    let (first, hi) = (a, b - a);
    for i in (0..=(hi - 1) / 2).rev() {
        sift_down(data, i, hi, first);
    }
    for i in (0..hi).rev() {
        data.swap(first, first + i);
        sift_down(data, 0, i, first);
    }
}

fn pdqsort(data: &mut Data, mut a: usize, mut b: usize, mut limit: u32) {
    const MAX_INSERTION: usize = 12;
    let (mut was_balanced, mut was_partitioned) = (true, true);
    loop {
        let length = b - a;
        if length <= MAX_INSERTION {
            insertion_sort(data, a, b);
            return;
        }
        if limit == 0 {
            heap_sort(data, a, b);
            return;
        }
        if !was_balanced {
            break_patterns(data, a, b);
            limit -= 1;
        }
        let (mut pivot, mut hint) = choose_pivot(data, a, b);
        if hint == Hint::Decreasing {
            reverse_range(data, a, b);
            pivot = (b - 1) - (pivot - a);
            hint = Hint::Increasing;
        }
        if was_balanced
            && was_partitioned
            && hint == Hint::Increasing
            && partial_insertion_sort(data, a, b)
        {
            return;
        }
        if a > 0 && !data.less(a - 1, pivot) {
            a = partition_equal(data, a, b, pivot);
            continue;
        }
        let (mid, already_partitioned) = partition(data, a, b, pivot);
        was_partitioned = already_partitioned;
        let (left_len, right_len) = (mid - a, b - mid);
        let balance_threshold = length / 8;
        if left_len < right_len {
            was_balanced = left_len >= balance_threshold;
            pdqsort(data, a, mid, limit);
            a = mid + 1;
        } else {
            was_balanced = right_len >= balance_threshold;
            pdqsort(data, mid + 1, b, limit);
            b = mid;
        }
    }
}

// Go's indices here can step one below `a` (`j--` past it) before a loop test
// stops them; they are signed so the port can do the same.
fn partition(data: &mut Data, a: usize, b: usize, pivot: usize) -> (usize, bool) {
    data.swap(a, pivot);
    let (mut i, mut j) = (a as isize + 1, b as isize - 1);
    let less = |d: &Data, x: isize| d.less(x as usize, a);
    while i <= j && less(data, i) {
        i += 1;
    }
    while i <= j && !less(data, j) {
        j -= 1;
    }
    if i > j {
        data.swap(j as usize, a);
        return (j as usize, true);
    }
    data.swap(i as usize, j as usize);
    i += 1;
    j -= 1;
    loop {
        while i <= j && less(data, i) {
            i += 1;
        }
        while i <= j && !less(data, j) {
            j -= 1;
        }
        if i > j {
            break;
        }
        data.swap(i as usize, j as usize);
        i += 1;
        j -= 1;
    }
    data.swap(j as usize, a);
    (j as usize, false)
}

fn partition_equal(data: &mut Data, a: usize, b: usize, pivot: usize) -> usize {
    data.swap(a, pivot);
    let (mut i, mut j) = (a as isize + 1, b as isize - 1);
    loop {
        while i <= j && !data.less(a, i as usize) {
            i += 1;
        }
        while i <= j && data.less(a, j as usize) {
            j -= 1;
        }
        if i > j {
            break;
        }
        data.swap(i as usize, j as usize);
        i += 1;
        j -= 1;
    }
    i as usize
}

fn partial_insertion_sort(data: &mut Data, a: usize, b: usize) -> bool {
    const MAX_STEPS: usize = 5;
    const SHORTEST_SHIFTING: usize = 50;
    let mut i = a + 1;
    for _ in 0..MAX_STEPS {
        while i < b && !data.less(i, i - 1) {
            i += 1;
        }
        if i == b {
            return true;
        }
        if b - a < SHORTEST_SHIFTING {
            return false;
        }
        data.swap(i, i - 1);
        // Go shifts down to index 1, not to `a`.
        if i - a >= 2 {
            let mut j = i - 1;
            while j >= 1 && data.less(j, j - 1) {
                data.swap(j, j - 1);
                j -= 1;
            }
        }
        if b - i >= 2 {
            let mut j = i + 1;
            while j < b && data.less(j, j - 1) {
                data.swap(j, j - 1);
                j += 1;
            }
        }
    }
    false
}

fn break_patterns(data: &mut Data, a: usize, b: usize) {
    let length = b - a;
    if length >= 8 {
        // Go's xorshift, seeded with the length.
        let mut random = length as u64;
        let modulus = 1usize << (usize::BITS - length.leading_zeros());
        for idx in a + (length / 4) * 2 - 1..=a + (length / 4) * 2 + 1 {
            random ^= random << 13;
            random ^= random >> 7;
            random ^= random << 17;
            let mut other = (random as usize) & (modulus - 1);
            if other >= length {
                other -= length;
            }
            data.swap(idx, a + other);
        }
    }
}

fn choose_pivot(data: &mut Data, a: usize, b: usize) -> (usize, Hint) {
    const SHORTEST_NINTHER: usize = 50;
    const MAX_SWAPS: usize = 4 * 3;
    let l = b - a;
    let mut swaps = 0;
    let (mut i, mut j, mut k) = (a + l / 4, a + l / 4 * 2, a + l / 4 * 3);
    if l >= 8 {
        if l >= SHORTEST_NINTHER {
            i = median(data, i - 1, i, i + 1, &mut swaps);
            j = median(data, j - 1, j, j + 1, &mut swaps);
            k = median(data, k - 1, k, k + 1, &mut swaps);
        }
        j = median(data, i, j, k, &mut swaps);
    }
    match swaps {
        0 => (j, Hint::Increasing),
        MAX_SWAPS => (j, Hint::Decreasing),
        _ => (j, Hint::Unknown),
    }
}

fn order2(data: &Data, a: usize, b: usize, swaps: &mut usize) -> (usize, usize) {
    if data.less(b, a) {
        *swaps += 1;
        return (b, a);
    }
    (a, b)
}

fn median(data: &Data, a: usize, b: usize, c: usize, swaps: &mut usize) -> usize {
    let (a, b) = order2(data, a, b, swaps);
    let (b, c) = order2(data, b, c, swaps);
    let _ = c;
    let (_, b) = order2(data, a, b, swaps);
    b
}

fn reverse_range(data: &mut Data, a: usize, b: usize) {
    let (mut i, mut j) = (a, b - 1);
    while i < j {
        data.swap(i, j);
        i += 1;
        j -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::go_sort_indices;

    /// Sorted results, whatever the input: every index once, keys in order.
    #[test]
    fn sorts_every_shape() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for n in [0, 1, 2, 12, 13, 49, 50, 51, 200, 1000] {
            for distinct in [1, 2, 5, 1000] {
                let keys: Vec<u64> = (0..n)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        seed % distinct
                    })
                    .collect();
                for input in [
                    keys.clone(),
                    {
                        let mut k = keys.clone();
                        k.sort();
                        k
                    },
                    {
                        let mut k = keys.clone();
                        k.sort();
                        k.reverse();
                        k
                    },
                ] {
                    let order = go_sort_indices(input.len(), &|i, j| input[i] < input[j]);
                    let mut seen = order.clone();
                    seen.sort();
                    assert_eq!(seen, (0..input.len()).collect::<Vec<_>>());
                    assert!(
                        order.windows(2).all(|w| input[w[0]] <= input[w[1]]),
                        "n={n} distinct={distinct}"
                    );
                }
            }
        }
    }
}
