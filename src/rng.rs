//! Seeded, portable randomness. Every random choice in minima (weight initialisation, data
//! subsets, batch order) comes from here rather than from a backend's RNG, so that a run is the
//! same on every backend and every platform given the same seeds.

/// SplitMix64 (Steele, Lea & Flood, 2014): tiny, fast, and good enough for shuffles and
/// initialisation. Not cryptographic.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// A generator for a named component of a run, so that, e.g., the order of model 3 does not
    /// share a stream with the initialisation of model 3.
    ///
    /// Never inlined: inlined into a loop over models with a constant name, its unrolled chain
    /// of hashes sends LLVM's loop vectoriser into exponential time (release builds of minutes).
    #[inline(never)]
    pub fn for_component(seed: u64, component: &str, index: u64) -> Self {
        let mut h = seed ^ 0x9E37_79B9_7F4A_7C15;
        for b in component.bytes() {
            h = mix(h ^ u64::from(b));
        }
        Self::new(mix(h ^ mix(index.wrapping_add(1))))
    }

    /// Where the stream is: [`Rng::new`] of it goes on exactly from here (a checkpoint keeps it).
    pub fn state(&self) -> u64 {
        self.state
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.state)
    }

    /// Uniform in [0, 1), with 24 bits of precision (exactly representable as f32).
    pub fn next_f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Uniform in [low, high).
    pub fn uniform(&mut self, low: f32, high: f32) -> f32 {
        low + (high - low) * self.next_f32()
    }

    /// Uniform integer in 0..n (n > 0), without modulo bias (Lemire's multiply-shift, with rejection).
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        let n = n as u64;
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = u128::from(self.next_u64()) * u128::from(n);
            if (m as u64) >= threshold {
                return (m >> 64) as usize;
            }
        }
    }

    /// Fisher–Yates shuffle in place.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// A standard normal value (Box–Muller; the second value of each pair is not kept).
    pub fn normal(&mut self) -> f64 {
        // 1 − u is in (0, 1]: the logarithm is finite.
        let (u, v) = (1.0 - f64::from(self.next_f32()), f64::from(self.next_f32()));
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// A random permutation of 0..n.
    pub fn permutation(&mut self, n: usize) -> Vec<usize> {
        let mut p: Vec<usize> = (0..n).collect();
        self.shuffle(&mut p);
        p
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_components_differ() {
        let a: Vec<u64> = (0..5).map(|_| Rng::new(7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut x = Rng::for_component(1, "order", 0);
        let mut y = Rng::for_component(1, "order", 1);
        let mut z = Rng::for_component(1, "init", 0);
        let (x, y, z) = (x.next_u64(), y.next_u64(), z.next_u64());
        assert!(x != y && x != z && y != z);
    }

    #[test]
    fn below_is_in_range_and_roughly_uniform() {
        let mut rng = Rng::new(3);
        let mut counts = [0usize; 6];
        for _ in 0..60_000 {
            counts[rng.below(6)] += 1;
        }
        for c in counts {
            assert!((9_000..11_000).contains(&c), "{counts:?}");
        }
    }

    #[test]
    fn permutation_is_a_permutation() {
        let mut p = Rng::new(11).permutation(100);
        assert_ne!(p, (0..100).collect::<Vec<_>>());
        p.sort_unstable();
        assert_eq!(p, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn uniform_stays_in_bounds() {
        let mut rng = Rng::new(5);
        for _ in 0..10_000 {
            let v = rng.uniform(-0.25, 0.25);
            assert!((-0.25..0.25).contains(&v));
        }
    }
}
