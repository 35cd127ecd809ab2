//! A binary logistic-regression classifier over hashed sparse features.
//!
//! Features are strings hashed into a fixed table, so scoring a block is a few dozen table
//! look-ups with no allocation. Training is AdaGrad SGD with per-example weights (long blocks
//! count more, as they do in the metric). Models serialise as gzip-compressed JSON holding only
//! the non-zero weights, so the committed files stay small.

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

/// Number of bits of the feature hash table.
const BITS: u32 = 18;
const SIZE: usize = 1 << BITS;

/// Folds a 64-bit hash into a table index.
#[inline]
pub(crate) fn feature_from_hash(h: u64) -> u32 {
    ((h ^ (h >> 29)) as u32) & (SIZE as u32 - 1)
}

/// Hashes a namespaced feature (`"tag"`, `"p"`) into a table index (FNV-1a, 64-bit).
#[inline]
pub(crate) fn feature(namespace: &str, value: &str) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in namespace
        .as_bytes()
        .iter()
        .chain(std::iter::once(&0xffu8))
        .chain(value.as_bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    feature_from_hash(h)
}

/// One training example: feature indices, label, weight.
#[derive(Debug, Clone)]
pub(crate) struct Example {
    pub features: Vec<u32>,
    pub label: bool,
    pub weight: f32,
}

/// Trained weights.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    weights: Vec<f32>,
    bias: f32,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    format: String,
    bits: u32,
    stages: Vec<StoredStage>,
}

#[derive(Serialize, Deserialize)]
struct StoredStage {
    bias: f32,
    /// (index, weight) pairs of the non-zero weights.
    weights: Vec<(u32, f32)>,
}

const FORMAT: &str = "newsmill-linear-2";

/// Writes models (the stages of one classifier) as gzip-compressed JSON.
pub(crate) fn write_stages(stages: &[&Model], out: impl Write) -> std::io::Result<()> {
    let stored = Stored {
        format: FORMAT.into(),
        bits: BITS,
        stages: stages
            .iter()
            .map(|m| StoredStage {
                bias: m.bias,
                weights: m
                    .weights
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| w.abs() > 1e-4)
                    .map(|(i, &w)| (i as u32, (w * 1e4).round() / 1e4))
                    .collect(),
            })
            .collect(),
    };
    let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::best());
    serde_json::to_writer(&mut gz, &stored)?;
    gz.finish()?;
    Ok(())
}

/// Reads models written by [`write_stages`].
pub(crate) fn read_stages(input: impl Read) -> Result<Vec<Model>, String> {
    let stored: Stored = serde_json::from_reader(flate2::read::GzDecoder::new(input))
        .map_err(|e| format!("model file: {e}"))?;
    if stored.format != FORMAT || stored.bits != BITS {
        return Err(format!(
            "model file: format {} with {} bits, expected {FORMAT} with {BITS}; run `newsmill train extract`",
            stored.format, stored.bits
        ));
    }
    Ok(stored
        .stages
        .into_iter()
        .map(|stage| {
            let mut weights = vec![0f32; SIZE];
            for (i, w) in stage.weights {
                if let Some(slot) = weights.get_mut(i as usize) {
                    *slot = w;
                }
            }
            Model {
                weights,
                bias: stage.bias,
            }
        })
        .collect())
}

impl Model {
    /// Probability that the example with `features` is positive.
    #[inline]
    pub fn predict(&self, features: &[u32]) -> f32 {
        let z: f32 = self.bias
            + features
                .iter()
                .map(|&f| self.weights[f as usize])
                .sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }

    /// Fits a model to `examples` with `epochs` passes of AdaGrad.
    pub fn train(examples: &[Example], epochs: usize, l2: f32) -> Model {
        let mut weights = vec![0f32; SIZE];
        let mut grad_sq = vec![1e-6f32; SIZE];
        let mut bias = 0f32;
        let mut bias_sq = 1e-6f32;
        let rate = 0.2f32;
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
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
        Model { weights, bias }
    }
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
        let model = Model::train(&examples, 5, 1e-6);
        assert!(model.predict(&[pos]) > 0.9);
        assert!(model.predict(&[neg]) < 0.1);
        let mut buf = Vec::new();
        write_stages(&[&model], &mut buf).unwrap();
        let back = read_stages(&buf[..]).unwrap();
        assert_eq!(back.len(), 1);
        assert!((back[0].predict(&[pos]) - model.predict(&[pos])).abs() < 1e-3);
        assert!(read_stages(&b"junk"[..]).is_err());
    }
}
