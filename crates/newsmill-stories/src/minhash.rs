//! MinHash signatures of shingle sets and an LSH index over them.
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Hash functions per signature.
pub const SIGNATURE_LEN: usize = 64;
/// LSH bands (of `SIGNATURE_LEN / BANDS` rows each): two documents whose shingle sets have
/// Jaccard similarity s share a band with probability 1 − (1 − s⁴)¹⁶: 0.99 at s = 0.6, 0.23 at
/// s = 0.25.
const BANDS: usize = 16;
const ROWS: usize = SIGNATURE_LEN / BANDS;

/// The minimum of each of `SIGNATURE_LEN` hash functions over a document's shingles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub [u32; SIGNATURE_LEN]);

impl Serialize for Signature {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.as_slice().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Signature, D::Error> {
        let v = Vec::<u32>::deserialize(d)?;
        let a: [u32; SIGNATURE_LEN] = v.try_into().map_err(|v: Vec<u32>| {
            serde::de::Error::invalid_length(v.len(), &"a MinHash signature of 64 values")
        })?;
        Ok(Signature(a))
    }
}

/// Odd multipliers of the hash functions, fixed for ever: signatures stored with articles
/// must stay comparable.
const MULTIPLIERS: [u64; SIGNATURE_LEN] = constants(1);
/// Offsets of the hash functions.
const OFFSETS: [u64; SIGNATURE_LEN] = constants(2);

const fn constants(seed: u64) -> [u64; SIGNATURE_LEN] {
    let mut out = [0; SIGNATURE_LEN];
    let mut i = 0;
    while i < SIGNATURE_LEN {
        out[i] = mix(seed.wrapping_mul(0x1000_0000_01b3) ^ i as u64) | 1;
        i += 1;
    }
    out
}

/// SplitMix64: a fast, well-mixed 64-bit permutation.
const fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl Signature {
    /// The signature of a set of 64-bit shingle hashes; an empty set gives all-`u32::MAX`,
    /// which matches nothing by [`Signature::jaccard`].
    pub fn of(shingles: impl IntoIterator<Item = u64>) -> Signature {
        let mut mins = [u32::MAX; SIGNATURE_LEN];
        for s in shingles {
            let base = mix(s);
            // Multiply-shift hashing of the mixed value, one odd multiplier and one offset per
            // function: a multiply and an add each, which the compiler vectorises.
            for ((m, a), b) in mins.iter_mut().zip(&MULTIPLIERS).zip(&OFFSETS) {
                let h = (a.wrapping_mul(base).wrapping_add(*b) >> 32) as u32;
                *m = (*m).min(h);
            }
        }
        Signature(mins)
    }

    /// Whether the signature came from an empty set.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&m| m == u32::MAX)
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        if self.is_empty() || other.is_empty() {
            return 0.0;
        }
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / SIGNATURE_LEN as f64
    }

    fn band_key(&self, band: usize) -> u64 {
        let mut h = band as u64;
        for &v in &self.0[band * ROWS..(band + 1) * ROWS] {
            h = mix(h ^ u64::from(v));
        }
        h
    }
}

/// Documents by LSH band: adding a document returns the earlier documents that share a band
/// with it, the near-duplicate candidates, in time linear in their number. Buckets are capped so
/// that thousands of identical copies cost no more than the cap each.
#[derive(Debug, Default)]
pub struct LshIndex {
    buckets: FxHashMap<u64, Vec<u32>>,
}

/// Documents remembered per bucket: beyond it, a new copy is compared with the first ones only.
const BUCKET_CAP: usize = 64;

impl LshIndex {
    /// An empty index.
    pub fn new() -> LshIndex {
        LshIndex::default()
    }

    /// Makes room for `docs` more documents.
    pub fn reserve(&mut self, docs: usize) {
        self.buckets.reserve(docs.saturating_mul(BANDS) / 2);
    }

    /// Adds document `id` and returns the distinct earlier documents sharing a band with it.
    pub fn insert(&mut self, id: u32, sig: &Signature) -> Vec<u32> {
        let mut out = Vec::new();
        if sig.is_empty() {
            return out;
        }
        for band in 0..BANDS {
            let bucket = self.buckets.entry(sig.band_key(band)).or_default();
            out.extend(bucket.iter().copied());
            if bucket.len() < BUCKET_CAP {
                bucket.push(id);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(range: std::ops::Range<u64>) -> Signature {
        Signature::of(range)
    }

    #[test]
    fn jaccard_is_estimated() {
        let a = set(0..1000);
        assert_eq!(a.jaccard(&a), 1.0);
        let half = set(500..1500); // true Jaccard 1/3
        let j = a.jaccard(&half);
        assert!((0.2..0.47).contains(&j), "{j}");
        assert!(a.jaccard(&set(5000..6000)) < 0.1);
        assert_eq!(Signature::of([]).jaccard(&Signature::of([])), 0.0);
    }

    #[test]
    fn lsh_finds_near_copies_and_not_strangers() {
        let mut idx = LshIndex::new();
        assert!(idx.insert(0, &set(0..1000)).is_empty());
        assert_eq!(idx.insert(1, &set(0..950)), vec![0]);
        assert!(idx.insert(2, &set(9000..10000)).is_empty());
    }

    #[test]
    fn identical_copies_are_capped() {
        let mut idx = LshIndex::new();
        let s = set(0..100);
        for i in 0..10_000 {
            assert!(idx.insert(i, &s).len() <= BUCKET_CAP);
        }
    }
}
