//! A binary logistic-regression classifier over hashed sparse features.
//!
//! Features are strings hashed into a fixed table, so scoring a block is a few dozen table
//! look-ups with no allocation. Training is AdaGrad SGD with per-example weights (long blocks
//! count more, as they do in the metric). A model encodes as its non-zero weights, quantised, so
//! the committed model files stay small and load in milliseconds.

/// Number of bits of the feature hash table.
pub(crate) const BITS: u32 = 18;
/// Size of the feature hash table.
pub(crate) const SIZE: usize = 1 << BITS;

/// Folds a 64-bit hash into a table index.
#[inline]
pub(crate) fn feature_from_hash(h: u64) -> u32 {
    ((h ^ (h >> 29)) as u32) & (SIZE as u32 - 1)
}

/// The starting state of a 64-bit FNV-1a hash.
pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One step of a 64-bit FNV-1a hash: `x` (a byte, or a character's code) mixed into `h`.
#[inline]
pub(crate) const fn fnv(h: u64, x: u64) -> u64 {
    (h ^ x).wrapping_mul(0x0100_0000_01b3)
}

/// A feature namespace (`"tag"`, `"p1"`) as the hash state after its bytes. Each byte is a
/// multiply that waits for the one before, and block features hash about a thousand bytes a
/// block, so the namespaces are hashed once, at compile time ([`ns!`]); the hashes, and so
/// the model files, are the same as hashing the whole string.
#[derive(Clone, Copy)]
pub(crate) struct Ns(pub(crate) u64);

impl Ns {
    /// The hash state after `name`.
    pub(crate) const fn of(name: &str) -> Ns {
        let bytes = name.as_bytes();
        let mut h = FNV_OFFSET;
        let mut i = 0;
        while i < bytes.len() {
            h = fnv(h, bytes[i] as u64);
            i += 1;
        }
        Ns(h)
    }
}

/// A feature namespace hashed at compile time: `ns!("tag")`.
macro_rules! ns {
    ($name:literal) => {
        const { $crate::linear::Ns::of($name) }
    };
}
pub(crate) use ns;

/// Hashes a namespaced feature (`"tag"`, `"p"`) into a table index (FNV-1a, 64-bit).
#[inline]
pub(crate) fn feature(namespace: &str, value: &str) -> u32 {
    let h = namespace
        .as_bytes()
        .iter()
        .chain(std::iter::once(&0xffu8))
        .chain(value.as_bytes())
        .fold(FNV_OFFSET, |h, &b| fnv(h, u64::from(b)));
    feature_from_hash(h)
}

/// One training example: feature indices, label, weight.
#[derive(Debug, Clone)]
pub(crate) struct Example {
    pub features: Vec<u32>,
    pub label: bool,
    pub weight: f32,
}

/// Trained weights, held as the 16-bit values the model file stores (units of 1/`SCALE`):
/// half the memory of `f32` weights, so more of the table a block's features look up stays
/// in cache; scoring a block is dominated by those look-ups.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    weights: Vec<i16>,
    bias: f32,
}

/// Weights are stored as 16-bit integers in units of 1/`SCALE`.
const SCALE: f32 = 2048.0;

/// A cursor over a decompressed model file.
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, at: 0 }
    }

    /// The next `n` bytes, or an error if the file ends first.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or("model file: truncated")?;
        let out = &self.buf[self.at..end];
        self.at = end;
        Ok(out)
    }

    pub fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    pub fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
}

impl Model {
    /// Appends the model to a model file's payload: `bias: f32`, `count: u32` and `count`
    /// entries of (LEB128 gap to the previous non-zero index, `i16` weight · `SCALE`), all
    /// little-endian. Quantising to 1/2048 changes no decision measured on the development
    /// sets.
    pub fn encode(&self, buf: &mut Vec<u8>) {
        buf.extend_from_slice(&self.bias.to_le_bytes());
        let entries: Vec<(usize, i16)> = self
            .weights
            .iter()
            .copied()
            .enumerate()
            .filter(|&(_, q)| q != 0)
            .collect();
        buf.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        let mut last = 0usize;
        for (i, q) in entries {
            let mut gap = (i - last) as u32;
            last = i;
            loop {
                let byte = (gap & 0x7f) as u8;
                gap >>= 7;
                if gap == 0 {
                    buf.push(byte);
                    break;
                }
                buf.push(byte | 0x80);
            }
            buf.extend_from_slice(&q.to_le_bytes());
        }
    }

    /// Reads a model written by [`Model::encode`].
    pub fn decode(r: &mut Reader<'_>) -> Result<Model, String> {
        let bias = r.f32()?;
        let entries = r.u32()?;
        let mut weights = vec![0i16; SIZE];
        let mut index = 0usize;
        for _ in 0..entries {
            let mut gap = 0u32;
            for shift in (0..35).step_by(7) {
                let byte = r.take(1)?[0];
                gap |= u32::from(byte & 0x7f) << shift;
                if byte & 0x80 == 0 {
                    break;
                }
            }
            index += gap as usize;
            let q = i16::from_le_bytes(r.take(2)?.try_into().expect("2 bytes"));
            *weights
                .get_mut(index)
                .ok_or("model file: weight index out of range")? = q;
        }
        Ok(Model { weights, bias })
    }

    /// Probability that the example with `features` is positive.
    #[inline]
    pub fn predict(&self, features: &[u32]) -> f32 {
        let sum: i32 = features
            .iter()
            .map(|&f| i32::from(self.weights[f as usize]))
            .sum();
        let z = self.bias + sum as f32 / SCALE;
        1.0 / (1.0 + (-z).exp())
    }

    /// Fits `bags` models to `examples`, each visiting them in its own shuffled order, and
    /// averages their weights (a linear model's average scores as the average of the scores
    /// before the sigmoid). The order alone moves single pages by up to 0.3 in F1; the average
    /// keeps what every order learns. `bags` = 1 is [`Model::train`]. The same seed gives the
    /// same model.
    pub fn train_bagged(
        examples: &[Example],
        epochs: usize,
        l2: f32,
        seed: u64,
        bags: u64,
    ) -> Model {
        let n = bags.max(1);
        let (mut weights, mut bias) = fit(examples, epochs, l2, seed);
        for b in 1..n {
            let (w, c) = fit(
                examples,
                epochs,
                l2,
                seed.wrapping_mul(31).wrapping_add(b * 1_000_003),
            );
            for (sum, x) in weights.iter_mut().zip(&w) {
                *sum += x;
            }
            bias += c;
        }
        let n = n as f32;
        weights.iter_mut().for_each(|w| *w /= n);
        Model::quantised(&weights, bias / n)
    }

    /// A model of `f32` weights, rounded to the 16-bit values it is held and stored as.
    /// Rounding to 1/2048 changes no decision measured on the development sets.
    fn quantised(weights: &[f32], bias: f32) -> Model {
        Model {
            weights: weights
                .iter()
                .map(|&w| (w * SCALE).round().clamp(-32767.0, 32767.0) as i16)
                .collect(),
            bias,
        }
    }

    /// Fits a model to `examples` with `epochs` passes of AdaGrad, visiting them in an order
    /// shuffled by `seed` (the same seed gives the same model).
    pub fn train(examples: &[Example], epochs: usize, l2: f32, seed: u64) -> Model {
        let (weights, bias) = fit(examples, epochs, l2, seed);
        Model::quantised(&weights, bias)
    }
}

/// [`Model::train`]'s weights and bias before rounding.
fn fit(examples: &[Example], epochs: usize, l2: f32, seed: u64) -> (Vec<f32>, f32) {
    let mut weights = vec![0f32; SIZE];
    let mut grad_sq = vec![1e-6f32; SIZE];
    let mut bias = 0f32;
    let mut bias_sq = 1e-6f32;
    let rate = 0.2f32;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64 ^ seed;
    for _ in 0..epochs {
        // Deterministic shuffle (xorshift), so training is reproducible.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        for &i in &order {
            let ex = &examples[i];
            let z: f32 = bias
                + ex.features
                    .iter()
                    .map(|&f| weights[f as usize])
                    .sum::<f32>();
            let p = 1.0 / (1.0 + (-z).exp());
            let g = (p - if ex.label { 1.0 } else { 0.0 }) * ex.weight;
            for &f in &ex.features {
                let f = f as usize;
                let gi = g + l2 * weights[f];
                grad_sq[f] += gi * gi;
                weights[f] -= rate * gi / grad_sq[f].sqrt();
            }
            bias_sq += g * g;
            bias -= rate * g / bias_sq.sqrt();
        }
    }
    (weights, bias)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let pos = feature("w", "good");
        let neg = feature("w", "bad");
        let examples: Vec<Example> = (0..50)
            .flat_map(|_| {
                [
                    Example {
                        features: vec![pos],
                        label: true,
                        weight: 1.0,
                    },
                    Example {
                        features: vec![neg],
                        label: false,
                        weight: 1.0,
                    },
                ]
            })
            .collect();
        let model = Model::train(&examples, 5, 1e-6, 0);
        assert!(model.predict(&[pos]) > 0.9);
        assert!(model.predict(&[neg]) < 0.1);
        let mut buf = Vec::new();
        model.encode(&mut buf);
        let back = Model::decode(&mut Reader::new(&buf)).unwrap();
        assert!((back.predict(&[pos]) - model.predict(&[pos])).abs() < 1e-3);
        assert!(Model::decode(&mut Reader::new(&buf[..buf.len() - 1])).is_err());
    }

    #[test]
    fn bagged_models_average_their_orders() {
        let (a, b) = (feature("w", "a"), feature("w", "b"));
        // A noisy feature: its weight depends on the order examples are seen in.
        let examples: Vec<Example> = (0..40)
            .map(|i| Example {
                features: if i % 3 == 0 { vec![a, b] } else { vec![a] },
                label: i % 2 == 0,
                weight: 1.0,
            })
            .collect();
        let single = Model::train(&examples, 3, 1e-3, 7);
        let one_bag = Model::train_bagged(&examples, 3, 1e-3, 7, 1);
        assert_eq!(single.weights, one_bag.weights);
        let bagged = Model::train_bagged(&examples, 3, 1e-3, 7, 4);
        assert_eq!(
            bagged.weights,
            Model::train_bagged(&examples, 3, 1e-3, 7, 4).weights
        );
        // Other orders learn another weight for the noisy feature, and the average differs
        // from the first order's.
        let second = Model::train(&examples, 3, 1e-3, 7u64.wrapping_mul(31) + 1_000_003);
        assert_ne!(single.weights[b as usize], second.weights[b as usize]);
        assert_ne!(single.weights[b as usize], bagged.weights[b as usize]);
    }
}
