//! Gradient-boosted decision trees over the hashed binary block features.
//!
//! Each internal node asks whether one feature is present; leaves hold log-odds. Trees are
//! grown to a fixed depth by the exact Newton gain of the weighted logistic loss, over the same
//! sparse features the linear model reads. They learn the conjunctions a linear model cannot
//! (a long line that ends with a full stop is prose whatever its capitals say), and the
//! linear model keeps the smooth evidence of many weak features; the classifier mixes the two
//! (decision 36).

use crate::linear::{Example, Reader, SIZE};

/// A boosted ensemble of complete binary trees of one depth, in heap order: internal node `i`
/// asks whether `features[i]` is present and goes to `2i + 1` if so, else to `2i + 2`. A
/// branch that stopped growing early asks for [`NEVER`], and every leaf below it holds its
/// value. Every walk is then `depth` steps with no data-dependent branch. (A feature-first
/// walk, setting per-tree masks from an index of the nodes each feature answers, profiled no
/// faster and was dropped.)
///
/// The trees lie end to end in two flat arrays, so a walk over the forest reads memory in
/// order rather than chasing one allocation per tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Forest {
    base: f32,
    depth: u32,
    /// `2^depth - 1` features per tree, one per internal node.
    features: Vec<u32>,
    /// `2^depth` log-odds per tree, one per leaf.
    leaves: Vec<f32>,
}

/// One tree while it is grown.
struct Tree {
    features: Vec<u32>,
    leaves: Vec<f32>,
}

/// A feature index no example has: a test that always fails.
const NEVER: u32 = SIZE as u32;

/// The deepest tree a model file may hold.
const MAX_DEPTH: u32 = 12;

/// How a forest is grown.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Params {
    /// Number of trees.
    pub trees: usize,
    /// Splits from the root to a leaf.
    pub depth: usize,
    /// Shrinkage of each tree's leaves.
    pub rate: f32,
    /// L2 penalty on leaf values (in the Newton step's denominator).
    pub lambda: f64,
    /// Least weighted hessian on each side of a split.
    pub min_hess: f64,
    /// A feature seen in fewer training examples is never split on.
    pub min_count: usize,
}

impl Forest {
    /// Probability that the example with `features` is positive. `present` is scratch space
    /// kept by the caller across examples: a bit per feature of the hash table (plus
    /// [`NEVER`]'s, always clear), set for this example's features and cleared again after.
    pub fn predict(&self, features: &[u32], present: &mut Vec<u64>) -> f32 {
        present.resize(SIZE / 64 + 1, 0);
        for &f in features {
            present[f as usize / 64] |= 1 << (f % 64);
        }
        let inner = (1usize << self.depth) - 1;
        let mut z = self.base;
        for (t, leaves) in self.leaves.chunks_exact(inner + 1).enumerate() {
            let features = &self.features[t * inner..(t + 1) * inner];
            let mut at = 0usize;
            for _ in 0..self.depth {
                let f = features[at] as usize;
                at = 2 * at + 2 - ((present[f / 64] >> (f % 64)) & 1) as usize;
            }
            z += leaves[at - inner];
        }
        for &f in features {
            present[f as usize / 64] = 0;
        }
        1.0 / (1.0 + (-z).exp())
    }

    /// Fits a forest to `examples` by Newton boosting of the weighted logistic loss. The
    /// same examples give the same forest.
    pub fn train(examples: &[Example], p: Params) -> Forest {
        let n = examples.len();
        let depth = (p.depth as u32).min(MAX_DEPTH);
        let inner = (1usize << depth) - 1;
        let mut counts = vec![0u32; SIZE];
        for ex in examples {
            for &f in &ex.features {
                counts[f as usize] += 1;
            }
        }
        // Each example's splittable features, sorted, for partitioning by binary search.
        let sorted: Vec<Vec<u32>> = examples
            .iter()
            .map(|ex| {
                let mut v: Vec<u32> = ex
                    .features
                    .iter()
                    .copied()
                    .filter(|&f| counts[f as usize] as usize >= p.min_count)
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        let (pos, all) = examples.iter().fold((0f64, 0f64), |(a, b), ex| {
            let w = f64::from(ex.weight);
            (a + if ex.label { w } else { 0.0 }, b + w)
        });
        let prior = (pos + 1.0) / (all + 2.0);
        let base = (prior / (1.0 - prior)).ln() as f32;
        let mut margins = vec![base; n];
        let (mut grad, mut hess) = (vec![0f64; n], vec![0f64; n]);
        let (mut acc_g, mut acc_h) = (vec![0f64; SIZE], vec![0f64; SIZE]);
        let mut touched = Vec::new();
        let mut features = Vec::with_capacity(p.trees * inner);
        let mut leaves = Vec::with_capacity(p.trees * (inner + 1));
        for _ in 0..p.trees {
            for (i, ex) in examples.iter().enumerate() {
                let q = 1.0 / (1.0 + f64::from(-margins[i]).exp());
                let w = f64::from(ex.weight);
                grad[i] = (q - if ex.label { 1.0 } else { 0.0 }) * w;
                hess[i] = (q * (1.0 - q)).max(1e-6) * w;
            }
            let mut tree = Tree {
                features: vec![NEVER; inner],
                leaves: vec![0.0; inner + 1],
            };
            // (node, its examples, its depth)
            let mut stack = vec![(0usize, (0..n).collect::<Vec<usize>>(), 0u32)];
            while let Some((at, members, level)) = stack.pop() {
                let g: f64 = members.iter().map(|&i| grad[i]).sum();
                let h: f64 = members.iter().map(|&i| hess[i]).sum();
                let mut best: Option<(f64, u32)> = None;
                if level < depth {
                    for &i in &members {
                        for &f in &sorted[i] {
                            let f = f as usize;
                            if acc_h[f] == 0.0 {
                                touched.push(f);
                            }
                            acc_g[f] += grad[i];
                            acc_h[f] += hess[i];
                        }
                    }
                    let parent = g * g / (h + p.lambda);
                    for &f in &touched {
                        let (gl, hl) = (acc_g[f], acc_h[f]);
                        let (gr, hr) = (g - gl, h - hl);
                        if hl >= p.min_hess && hr >= p.min_hess {
                            let gain =
                                gl * gl / (hl + p.lambda) + gr * gr / (hr + p.lambda) - parent;
                            if gain > best.map_or(1e-9, |b| b.0) {
                                best = Some((gain, f as u32));
                            }
                        }
                        acc_g[f] = 0.0;
                        acc_h[f] = 0.0;
                    }
                    touched.clear();
                }
                match best {
                    Some((_, feature)) => {
                        let (yes, no): (Vec<usize>, Vec<usize>) = members
                            .iter()
                            .partition(|&&i| sorted[i].binary_search(&feature).is_ok());
                        tree.features[at] = feature;
                        stack.push((2 * at + 1, yes, level + 1));
                        stack.push((2 * at + 2, no, level + 1));
                    }
                    None => {
                        let v = (-g / (h + p.lambda)) as f32 * p.rate;
                        for &i in &members {
                            margins[i] += v;
                        }
                        // Every leaf under this node: the span of heap indices `depth - level`
                        // levels down.
                        let span = 1usize << (depth - level);
                        let first = (at + 1) * span - 1 - inner;
                        tree.leaves[first..first + span].fill(v);
                    }
                }
            }
            features.extend_from_slice(&tree.features);
            leaves.extend_from_slice(&tree.leaves);
        }
        Forest {
            base,
            depth,
            features,
            leaves,
        }
    }

    /// Number of trees.
    fn len(&self) -> usize {
        self.leaves.len() >> self.depth
    }

    /// Appends the forest to a model file's payload: `base: f32`, `depth: u32`, `trees: u32`,
    /// then per tree its `2^depth - 1` features (`u32`) and `2^depth` leaves (`f32`), all
    /// little-endian.
    pub fn encode(&self, buf: &mut Vec<u8>) {
        buf.extend_from_slice(&self.base.to_le_bytes());
        buf.extend_from_slice(&self.depth.to_le_bytes());
        buf.extend_from_slice(&(self.len() as u32).to_le_bytes());
        let inner = (1usize << self.depth) - 1;
        for t in 0..self.len() {
            for f in &self.features[t * inner..(t + 1) * inner] {
                buf.extend_from_slice(&f.to_le_bytes());
            }
            for v in &self.leaves[t * (inner + 1)..(t + 1) * (inner + 1)] {
                buf.extend_from_slice(&v.to_le_bytes());
            }
        }
    }

    /// Reads a forest written by [`Forest::encode`], checking that every feature is in the
    /// table (or [`NEVER`]), so that scoring cannot read out of bounds.
    pub fn decode(r: &mut Reader<'_>) -> Result<Forest, String> {
        let base = r.f32()?;
        let depth = r.u32()?;
        if depth > MAX_DEPTH {
            return Err(format!("model file: trees of depth {depth}"));
        }
        let inner = (1usize << depth) - 1;
        let count = r.u32()?;
        let (mut features, mut leaves) = (Vec::new(), Vec::new());
        for _ in 0..count {
            for _ in 0..inner {
                let f = r.u32()?;
                if f > NEVER {
                    return Err("model file: tree feature out of range".into());
                }
                features.push(f);
            }
            for _ in 0..=inner {
                leaves.push(r.f32()?);
            }
        }
        Ok(Forest {
            base,
            depth,
            features,
            leaves,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linear::feature;

    const PARAMS: Params = Params {
        trees: 30,
        depth: 3,
        rate: 0.3,
        lambda: 1.0,
        min_hess: 0.1,
        min_count: 1,
    };

    /// Positive exactly when both `a` and `b` are present: a conjunction no linear model over
    /// the two features separates from either alone with a margin, which two splits do.
    #[test]
    fn learns_a_conjunction_and_round_trips() {
        let (a, b, c) = (feature("w", "a"), feature("w", "b"), feature("w", "c"));
        let sets = [vec![a, b], vec![a, c], vec![b, c], vec![a, b, c], vec![c]];
        let examples: Vec<Example> = (0..200)
            .map(|i| {
                let features = sets[i % sets.len()].clone();
                Example {
                    label: features.contains(&a) && features.contains(&b),
                    features,
                    weight: 1.0,
                }
            })
            .collect();
        let forest = Forest::train(&examples, PARAMS);
        let mut masks = Vec::new();
        let mut predict = |f: &[u32]| forest.predict(f, &mut masks);
        assert!(predict(&[a, b]) > 0.9);
        assert!(predict(&[a, b, c]) > 0.9);
        assert!(predict(&[a, c]) < 0.1);
        assert!(predict(&[b, c]) < 0.1);
        assert!(predict(&[c]) < 0.1);

        let mut buf = Vec::new();
        forest.encode(&mut buf);
        let back = Forest::decode(&mut Reader::new(&buf)).unwrap();
        assert_eq!(back, forest);
        // A truncated payload and a feature past the table are errors, not panics.
        assert!(Forest::decode(&mut Reader::new(&buf[..buf.len() - 1])).is_err());
        let mut bad = Vec::new();
        Forest {
            base: 0.0,
            depth: 1,
            features: vec![NEVER + 1],
            leaves: vec![1.0, -1.0],
        }
        .encode(&mut bad);
        assert!(Forest::decode(&mut Reader::new(&bad)).is_err());
    }
}
