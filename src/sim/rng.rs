//! A small seeded PRNG (SplitMix64). The only source of randomness in the simulator:
//! pod name suffixes, UIDs and timing jitter. Never seeded from a clock.

#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

/// The apimachinery `rand.String` alphabet: no vowels, no 0, 1 or 3.
pub const NAME_ALPHABET: &[u8; 27] = b"bcdfghjklmnpqrstvwxz2456789";

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng {
            state: seed ^ 0x5DEE_CE66_D1CE_4E5B,
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..hi` (hi exclusive); `lo` when the range is empty.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo + self.next_u64() % (hi - lo)
    }

    pub fn u128(&mut self) -> u128 {
        ((self.next_u64() as u128) << 64) | self.next_u64() as u128
    }

    /// A random pod-name suffix of `n` characters from [`NAME_ALPHABET`].
    pub fn name_suffix(&mut self, n: usize) -> String {
        let mut s = String::with_capacity(n);
        self.push_name_suffix(&mut s, n);
        s
    }

    /// Appends a random suffix to `s` (no allocation beyond `s`'s own).
    pub fn push_name_suffix(&mut self, s: &mut String, n: usize) {
        for _ in 0..n {
            s.push(NAME_ALPHABET[(self.next_u64() % 27) as usize] as char);
        }
    }
}
