//! A linear-chain tagger: BILOU labels over tokens, hashed features, an averaged structured
//! perceptron for training and Viterbi for decoding, with the label grammar built into the decoder
//! (an entity can only continue with I/L of its own type).
use std::io::{Read, Write};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use newsmill_model::EntityType;

use crate::features::BITS;
use crate::NerError;

/// `O`, then B/I/L/U for each of PER, LOC, ORG.
pub const LABELS: usize = 13;
/// The pseudo-label before the first token.
const START: usize = LABELS;

/// Position of a token in an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// First token of a multi-token entity.
    Begin,
    /// Inner token.
    Inside,
    /// Last token of a multi-token entity.
    Last,
    /// A one-token entity.
    Unit,
}

/// The label of `part` of an entity of type `kind`.
pub fn label(kind: EntityType, part: Part) -> u8 {
    let t = match kind {
        EntityType::Per => 0,
        EntityType::Loc => 1,
        EntityType::Org => 2,
    };
    span_label(t, part)
}

/// Type and part of a label; `None` for `O`.
pub fn unlabel(label: u8) -> Option<(EntityType, Part)> {
    span_unlabel(label).map(|(t, part)| (EntityType::ALL[t], part))
}

/// The label of `part` of a span of type `t` (0, 1 or 2): the tagger knows three span types
/// and a grammar over their parts, not what the types mean, so other layers (the attribution
/// tagger of `newsmill-quotes`: source, cue, content) train and decode with it as well.
///
/// # Panics
/// If `t` is not 0, 1 or 2.
pub fn span_label(t: usize, part: Part) -> u8 {
    assert!(t < 3, "the tagger has three span types");
    let k = match part {
        Part::Begin => 0,
        Part::Inside => 1,
        Part::Last => 2,
        Part::Unit => 3,
    };
    1 + 4 * t as u8 + k
}

/// Span type (0, 1 or 2) and part of a label; `None` for `O`.
pub fn span_unlabel(label: u8) -> Option<(usize, Part)> {
    if label == 0 || label as usize >= LABELS {
        return None;
    }
    let t = ((label - 1) / 4) as usize;
    let part = [Part::Begin, Part::Inside, Part::Last, Part::Unit][((label - 1) % 4) as usize];
    Some((t, part))
}

fn allowed(prev: usize, cur: usize) -> bool {
    let open = |l: usize| l != 0 && l < LABELS && matches!((l - 1) % 4, 0 | 1);
    if open(prev) {
        // Continue the same entity.
        cur != 0 && (cur - 1) / 4 == (prev - 1) / 4 && matches!((cur - 1) % 4, 1 | 2)
    } else {
        cur == 0 || matches!((cur - 1) % 4, 0 | 3)
    }
}

fn can_end(l: usize) -> bool {
    l == 0 || matches!((l - 1) % 4, 2 | 3)
}

/// Best label sequence under the label grammar, given per-token emission scores and transition
/// scores `trans[prev][cur]` (row `START` for the first token).
// Dynamic programming over label indices reads clearest with index loops.
#[allow(clippy::needless_range_loop)]
fn viterbi(emit: &[[f32; LABELS]], trans: &[[f32; LABELS]; LABELS + 1]) -> Vec<u8> {
    let n = emit.len();
    if n == 0 {
        return Vec::new();
    }
    // Transitions the label grammar forbids score -∞, so the inner loop needs no test: a sum
    // with -∞ never beats the best, exactly as a skipped predecessor never did.
    let mut masked = *trans;
    for (p, row) in masked.iter_mut().enumerate() {
        for (c, t) in row.iter_mut().enumerate() {
            if !allowed(p, c) {
                *t = f32::NEG_INFINITY;
            }
        }
    }
    let mut score = vec![[f32::NEG_INFINITY; LABELS]; n];
    let mut back = vec![[0u8; LABELS]; n];
    for c in 0..LABELS {
        score[0][c] = masked[START][c] + emit[0][c];
    }
    for i in 1..n {
        let prev = score[i - 1];
        for c in 0..LABELS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for p in 0..LABELS {
                let s = prev[p] + masked[p][c];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            if best > f32::NEG_INFINITY {
                score[i][c] = best + emit[i][c];
                back[i][c] = arg;
            }
        }
    }
    let mut last = 0usize;
    let mut best = f32::NEG_INFINITY;
    for c in 0..LABELS {
        if can_end(c) && score[n - 1][c] > best {
            best = score[n - 1][c];
            last = c;
        }
    }
    let mut out = vec![0u8; n];
    out[n - 1] = last as u8;
    for i in (1..n).rev() {
        out[i - 1] = back[i][out[i] as usize];
    }
    out
}

/// The trained tagger: a sparse table of weight rows by feature bucket, and transition weights.
pub struct Model {
    index: Vec<u32>,
    /// Quantised rows (weight × `SCALE`), padded to 16 lanes: summing them in integers gives
    /// exactly the quantised model's scores, vectorises, and halves the memory traffic of `f32`.
    rows: Vec<[i16; 16]>,
    trans: [[f32; LABELS]; LABELS + 1],
}

/// Magic bytes of the model file, version 2: rows stored sparse ([`Model::write`]).
const MAGIC: &[u8; 8] = b"NMNER\x002\n";
/// Version 1, with every row's thirteen weights written out; still read.
const MAGIC_V1: &[u8; 8] = b"NMNER\x001\n";
const SCALE: f32 = 256.0;

impl Model {
    fn emissions(&self, feats: &[Vec<u32>]) -> Vec<[f32; LABELS]> {
        feats
            .iter()
            .map(|fs| {
                let mut e = [0i32; 16];
                for &f in fs {
                    let r = self.index[f as usize];
                    if r != u32::MAX {
                        let row = &self.rows[r as usize];
                        for k in 0..16 {
                            e[k] += row[k] as i32;
                        }
                    }
                }
                scores(&e)
            })
            .collect()
    }

    /// Labels for one sequence, given each token's features.
    pub fn tag(&self, feats: &[Vec<u32>]) -> Vec<u8> {
        viterbi(&self.emissions(feats), &self.trans)
    }

    /// Serialises the model: gzip of a header, the transition table, and for each non-zero bucket
    /// its gap from the previous one (LEB128), a 16-bit mask of the labels whose weight is not
    /// zero, and those weights quantised to `i16`. Three weights in four are zero, so the
    /// sparse rows take a third of the bytes that start-up has to decompress.
    pub fn write(&self, out: impl Write) -> std::io::Result<()> {
        let mut gz = GzEncoder::new(out, flate2::Compression::best());
        gz.write_all(MAGIC)?;
        for row in &self.trans {
            for w in row {
                gz.write_all(&w.to_le_bytes())?;
            }
        }
        let mut last = 0usize;
        let mut count = 0u32;
        let mut body = Vec::new();
        for (bucket, &r) in self.index.iter().enumerate() {
            if r == u32::MAX {
                continue;
            }
            leb128(&mut body, (bucket - last) as u64);
            last = bucket;
            let row = &self.rows[r as usize][..LABELS];
            let mask = row
                .iter()
                .enumerate()
                .filter(|(_, &q)| q != 0)
                .fold(0u16, |m, (k, _)| m | 1 << k);
            body.extend_from_slice(&mask.to_le_bytes());
            for q in row.iter().filter(|&&q| q != 0) {
                body.extend_from_slice(&q.to_le_bytes());
            }
            count += 1;
        }
        gz.write_all(&count.to_le_bytes())?;
        gz.write_all(&body)?;
        gz.finish()?;
        Ok(())
    }

    /// The model without the rows whose weights all lie within `±min` (in score units): an
    /// averaged perceptron leaves many features it barely used, which cost file size and
    /// start-up time and decide nothing.
    pub fn pruned(&self, min: f32) -> Model {
        let limit = (min * SCALE) as i32;
        let mut index = vec![u32::MAX; self.index.len()];
        let mut rows = Vec::new();
        for (bucket, row) in self.sparse_rows() {
            if row.iter().any(|&q| i32::from(q).abs() > limit) {
                index[bucket as usize] = rows.len() as u32;
                rows.push(row);
            }
        }
        Model {
            index,
            rows,
            trans: self.trans,
        }
    }

    /// Reads what [`Model::write`] wrote.
    pub fn read(bytes: &[u8]) -> Result<Model, NerError> {
        Ok(Sparse::read(bytes)?.into_model())
    }

    /// The model's rows in bucket order.
    fn sparse_rows(&self) -> impl Iterator<Item = (u32, [i16; 16])> + '_ {
        self.index
            .iter()
            .enumerate()
            .filter(|(_, &r)| r != u32::MAX)
            .map(|(bucket, &r)| (bucket as u32, self.rows[r as usize]))
    }
}

/// A model file's rows in bucket order, kept as sparse as the file has them: a mask of the
/// labels with a weight, and those weights. A [`Tagger`] is built from two of these without
/// either model's table of every bucket (8 MB a model) or their full rows: start-up time is
/// mostly the first touch of fresh memory, so what is never allocated is what saves it.
struct Sparse {
    buckets: Vec<u32>,
    masks: Vec<u16>,
    /// The non-zero weights of every row, one after another.
    values: Vec<i16>,
    trans: [[f32; LABELS]; LABELS + 1],
}

impl Sparse {
    /// Reads a model file, decompressing as it goes rather than into one buffer first.
    fn read(bytes: &[u8]) -> Result<Sparse, NerError> {
        let mut r = std::io::BufReader::with_capacity(1 << 16, GzDecoder::new(bytes));
        let bad = |what: &str| NerError::Model(format!("truncated or corrupt model ({what})"));
        let mut magic = [0u8; MAGIC.len()];
        r.read_exact(&mut magic)
            .map_err(|e| NerError::Model(format!("not a gzip model: {e}")))?;
        let sparse_rows = match &magic {
            m if m == MAGIC => true,
            m if m == MAGIC_V1 => false,
            _ => return Err(NerError::Model("not a newsmill NER model".into())),
        };
        let mut word = [0u8; 4];
        let mut trans = [[0f32; LABELS]; LABELS + 1];
        for row in trans.iter_mut() {
            for w in row.iter_mut() {
                r.read_exact(&mut word).map_err(|_| bad("transitions"))?;
                *w = f32::from_le_bytes(word);
            }
        }
        r.read_exact(&mut word).map_err(|_| bad("count"))?;
        let count = u32::from_le_bytes(word) as usize;
        // A corrupt count must not reserve gigabytes: a row takes three bytes or more.
        let reserve = count.min(bytes.len());
        let mut buckets = Vec::with_capacity(reserve);
        let mut masks = Vec::with_capacity(reserve);
        let mut values = Vec::with_capacity(reserve * 4);
        let mut bucket = 0u64;
        let mut packed = [0u8; 2 * LABELS];
        for _ in 0..count {
            bucket += read_leb128_from(&mut r).ok_or_else(|| bad("gap"))?;
            if bucket >= 1 << BITS {
                return Err(bad("bucket"));
            }
            let mask = if sparse_rows {
                r.read_exact(&mut packed[..2]).map_err(|_| bad("mask"))?;
                let mask = u16::from_le_bytes([packed[0], packed[1]]);
                if mask >> LABELS != 0 {
                    return Err(bad("mask"));
                }
                let n = mask.count_ones() as usize;
                r.read_exact(&mut packed[..2 * n]).map_err(|_| bad("row"))?;
                values.extend(
                    packed[..2 * n]
                        .chunks_exact(2)
                        .map(|b| i16::from_le_bytes([b[0], b[1]])),
                );
                mask
            } else {
                r.read_exact(&mut packed).map_err(|_| bad("row"))?;
                let mut mask = 0u16;
                for (k, b) in packed.chunks_exact(2).enumerate() {
                    let w = i16::from_le_bytes([b[0], b[1]]);
                    if w != 0 {
                        mask |= 1 << k;
                        values.push(w);
                    }
                }
                mask
            };
            buckets.push(bucket as u32);
            masks.push(mask);
        }
        Ok(Sparse {
            buckets,
            masks,
            values,
            trans,
        })
    }

    /// The rows in bucket order, each spread out to its sixteen lanes.
    fn iter(&self) -> impl Iterator<Item = (u32, [i16; 16])> + '_ {
        let mut at = 0usize;
        self.buckets
            .iter()
            .zip(&self.masks)
            .map(move |(&bucket, &mask)| {
                let mut row = [0i16; 16];
                for (k, w) in row[..LABELS].iter_mut().enumerate() {
                    if mask & 1 << k != 0 {
                        *w = self.values[at];
                        at += 1;
                    }
                }
                (bucket, row)
            })
    }

    /// The model with its table of every bucket.
    fn into_model(self) -> Model {
        let mut index = vec![u32::MAX; 1 << BITS];
        let rows = self
            .iter()
            .enumerate()
            .map(|(i, (bucket, row))| {
                index[bucket as usize] = i as u32;
                row
            })
            .collect();
        Model {
            index,
            rows,
            trans: self.trans,
        }
    }
}

/// One feature's weights in both passes, on one cache line: lanes 0..13 the first pass, lanes
/// 16..29 the second.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Row([i16; 32]);

/// The first pass's scores of a sequence and the second pass's partial sums over the same
/// features, which the second pass completes with its document features.
pub struct FirstScores {
    /// Labels the first pass chose.
    pub labels: Vec<u8>,
    partial: Vec<[i32; 16]>,
}

/// A two-pass tagger ready to run: both models' weight rows merged so that a feature costs one
/// table lookup and one cache line for both passes. The second pass reads the same per-token
/// features as the first plus a few document features, so its sum over the shared features is
/// gathered in the same sweep, and the second pass only adds what is new.
pub struct Tagger {
    index: Vec<u32>,
    rows: Vec<Row>,
    /// Whether the CPU runs the AVX2 build of the row sums (detected once, at construction).
    avx2: bool,
    first: [[f32; LABELS]; LABELS + 1],
    second: Option<[[f32; LABELS]; LABELS + 1]>,
}

impl Tagger {
    /// Merges a first-pass model and an optional second-pass model.
    pub fn new(first: &Model, second: Option<&Model>) -> Tagger {
        Tagger::merge(
            || first.sparse_rows(),
            second.map(|m| move || m.sparse_rows()),
            first.trans,
            second.map(|m| m.trans),
        )
    }

    /// Reads a first-pass model file and an optional second-pass one, as [`Model::write`]
    /// wrote them, straight into a tagger: the two files are decompressed at once on two
    /// threads, and no model's table of every bucket is built. This is what start-up waits
    /// for, so it matters: about half the time and memory of reading two [`Model`]s and
    /// merging them.
    pub fn read(first: &[u8], second: Option<&[u8]>) -> Result<Tagger, NerError> {
        let (a, b) = std::thread::scope(|scope| {
            let b = second.map(|bytes| scope.spawn(move || Sparse::read(bytes)));
            let a = Sparse::read(first);
            let b = b.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            (a, b)
        });
        let a = a?;
        let b = b.transpose()?;
        Ok(Tagger::merge(
            || a.iter(),
            b.as_ref().map(|s| move || s.iter()),
            a.trans,
            b.as_ref().map(|s| s.trans),
        ))
    }

    /// The tagger of two models given as rows in bucket order (`first()` and `second()` give
    /// the same rows each time they are called: once to count, once to copy).
    fn merge<I, J>(
        first: impl Fn() -> I,
        second: Option<impl Fn() -> J>,
        first_trans: [[f32; LABELS]; LABELS + 1],
        second_trans: Option<[[f32; LABELS]; LABELS + 1]>,
    ) -> Tagger
    where
        I: Iterator<Item = (u32, [i16; 16])>,
        J: Iterator<Item = (u32, [i16; 16])>,
    {
        let count = union(first(), second.as_ref().map(|f| f())).count();
        let mut index = vec![u32::MAX; 1 << BITS];
        let mut rows = Vec::with_capacity(count);
        for (bucket, a, b) in union(first(), second.as_ref().map(|f| f())) {
            let mut row = Row([0; 32]);
            if let Some(a) = a {
                row.0[..16].copy_from_slice(&a);
            }
            if let Some(b) = b {
                row.0[16..].copy_from_slice(&b);
            }
            index[bucket as usize] = rows.len() as u32;
            rows.push(row);
        }
        #[cfg(target_arch = "x86_64")]
        let avx2 = std::arch::is_x86_feature_detected!("avx2");
        #[cfg(not(target_arch = "x86_64"))]
        let avx2 = false;
        Tagger {
            index,
            rows,
            avx2,
            first: first_trans,
            second: second_trans,
        }
    }

    /// Whether a second pass follows the first.
    pub fn has_second(&self) -> bool {
        self.second.is_some()
    }

    /// The first pass over one sequence, given each token's features.
    pub fn tag_first(&self, feats: &[Vec<u32>]) -> FirstScores {
        let mut emit = Vec::with_capacity(feats.len());
        let mut partial = Vec::with_capacity(if self.second.is_some() {
            feats.len()
        } else {
            0
        });
        for fs in feats {
            let e = self.sum_rows(fs);
            emit.push(scores(&e[..16]));
            if self.second.is_some() {
                partial.push(e[16..].try_into().expect("16 lanes"));
            }
        }
        FirstScores {
            labels: viterbi(&emit, &self.first),
            partial,
        }
    }

    /// Both passes' integer scores over one token's features.
    fn sum_rows(&self, fs: &[u32]) -> [i32; 32] {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is set only where the CPU has AVX2, the only requirement of
            // `sum_rows_avx2`.
            return unsafe { sum_rows_avx2(&self.index, &self.rows, fs) };
        }
        sum_rows_portable(&self.index, &self.rows, fs)
    }

    /// The second pass over a sequence the first pass scored, given each token's document
    /// features. Without a second model, the first pass's labels.
    pub fn tag_second(&self, first: FirstScores, doc_feats: &[Vec<u32>]) -> Vec<u8> {
        let Some(trans) = &self.second else {
            return first.labels;
        };
        let emit: Vec<[f32; LABELS]> = first
            .partial
            .into_iter()
            .zip(doc_feats)
            .map(|(mut e, fs)| {
                for &f in fs {
                    let r = self.index[f as usize];
                    if r != u32::MAX {
                        for (a, &w) in e.iter_mut().zip(&self.rows[r as usize].0[16..]) {
                            *a += i32::from(w);
                        }
                    }
                }
                scores(&e)
            })
            .collect();
        viterbi(&emit, trans)
    }
}

/// A row of one or both models, under its bucket.
type Both = (u32, Option<[i16; 16]>, Option<[i16; 16]>);

/// The union of two models' rows, each in bucket order: every bucket once, with the row of
/// each model that has it.
fn union<I, J>(a: I, b: Option<J>) -> impl Iterator<Item = Both>
where
    I: Iterator<Item = (u32, [i16; 16])>,
    J: Iterator<Item = (u32, [i16; 16])>,
{
    let mut a = a.peekable();
    let mut b = b.map(Iterator::peekable);
    std::iter::from_fn(move || {
        let ka = a.peek().map(|&(k, _)| k);
        let kb = b.as_mut().and_then(|b| b.peek().map(|&(k, _)| k));
        let key = match (ka, kb) {
            (None, None) => return None,
            (Some(x), None) | (None, Some(x)) => x,
            (Some(x), Some(y)) => x.min(y),
        };
        let ra = if ka == Some(key) {
            a.next().map(|(_, r)| r)
        } else {
            None
        };
        let rb = if kb == Some(key) {
            b.as_mut().and_then(Iterator::next).map(|(_, r)| r)
        } else {
            None
        };
        Some((key, ra, rb))
    })
}

/// The sum of the rows of features `fs` (widened to `i32`).
#[inline(always)]
fn sum_rows_portable(index: &[u32], rows: &[Row], fs: &[u32]) -> [i32; 32] {
    let mut e = [0i32; 32];
    for &f in fs {
        let r = index[f as usize];
        if r != u32::MAX {
            for (a, &w) in e.iter_mut().zip(&rows[r as usize].0) {
                *a += i32::from(w);
            }
        }
    }
    e
}

/// [`sum_rows_portable`] compiled for AVX2, where widening and adding a 64-byte row takes four
/// instructions instead of SSE2's dozen: the sums are the hot loop of tagging.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn sum_rows_avx2(index: &[u32], rows: &[Row], fs: &[u32]) -> [i32; 32] {
    sum_rows_portable(index, rows, fs)
}

/// Label scores from quantised integer sums.
fn scores(e: &[i32]) -> [f32; LABELS] {
    let mut out = [0f32; LABELS];
    for (o, &v) in out.iter_mut().zip(e) {
        *o = v as f32 / SCALE;
    }
    out
}

fn leb128(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Reads one LEB128 number from a byte stream.
fn read_leb128_from(r: &mut impl std::io::BufRead) -> Option<u64> {
    let mut v = 0u64;
    let mut byte = [0u8; 1];
    for i in 0..10 {
        r.read_exact(&mut byte).ok()?;
        v |= u64::from(byte[0] & 0x7f) << (7 * i);
        if byte[0] & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// One training sequence: features and gold labels per token.
#[derive(Clone)]
pub struct Instance {
    /// Hashed features of each token.
    pub feats: Vec<Vec<u32>>,
    /// Gold label of each token.
    pub gold: Vec<u8>,
}

/// Perceptrons averaged per model by [`Trainer::train`], each in its own example order: over
/// epochs 18, 20 and 22, one gave `nerel_dev` F1 0.871 / 0.868 / 0.868 and five give
/// 0.870 / 0.871 / 0.871.
const BAGS: u64 = 5;

/// Averaged structured perceptron (Collins 2002) with the lazy-averaging trick: `w` holds the
/// current weights, `u` the step-weighted sum of updates; the average is `w - u / c`.
pub struct Trainer {
    w: Vec<f32>,
    u: Vec<f32>,
    tw: [[f32; LABELS]; LABELS + 1],
    tu: [[f32; LABELS]; LABELS + 1],
    c: f32,
}

impl Default for Trainer {
    fn default() -> Self {
        Trainer {
            w: vec![0.0; (1 << BITS) * LABELS],
            u: vec![0.0; (1 << BITS) * LABELS],
            tw: [[0.0; LABELS]; LABELS + 1],
            tu: [[0.0; LABELS]; LABELS + 1],
            c: 1.0,
        }
    }
}

impl Trainer {
    /// Trains [`BAGS`] perceptrons, each visiting `data` in its own pseudo-random order, and
    /// averages their weights. One perceptron's F1 moves by ±0.003 with the order alone (and
    /// with the epoch count); the average keeps what the orders agree on.
    pub fn train(data: &[Instance], epochs: usize) -> Model {
        let mut sum: Vec<f32> = Vec::new();
        let mut trans = [[0f32; LABELS]; LABELS + 1];
        for bag in 0..BAGS {
            let (w, t) = Trainer::train_one(data, epochs, bag);
            if sum.is_empty() {
                sum = w;
            } else {
                sum.iter_mut().zip(&w).for_each(|(a, b)| *a += b);
            }
            for (row, add) in trans.iter_mut().zip(&t) {
                row.iter_mut().zip(add).for_each(|(a, b)| *a += b);
            }
        }
        let n = BAGS as f32;
        sum.iter_mut().for_each(|w| *w /= n);
        trans.iter_mut().flatten().for_each(|w| *w /= n);
        Model::from_dense(&sum, trans)
    }

    /// One averaged perceptron over `data`, its order drawn from `bag`: dense weights and
    /// transitions.
    fn train_one(
        data: &[Instance],
        epochs: usize,
        bag: u64,
    ) -> (Vec<f32>, [[f32; LABELS]; LABELS + 1]) {
        let mut t = Trainer::default();
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut seed = 0x9e3779b97f4a7c15u64 ^ bag.wrapping_mul(0xd1b5_4a32_d192_ed03);
        for _ in 0..epochs {
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            for &k in &order {
                t.step(&data[k]);
            }
        }
        t.finish()
    }

    fn step(&mut self, inst: &Instance) {
        let emit: Vec<[f32; LABELS]> = inst
            .feats
            .iter()
            .map(|fs| {
                let mut e = [0f32; LABELS];
                for &f in fs {
                    let row = &self.w[f as usize * LABELS..(f as usize + 1) * LABELS];
                    for (a, b) in e.iter_mut().zip(row) {
                        *a += b;
                    }
                }
                e
            })
            .collect();
        let pred = viterbi(&emit, &self.tw);
        if pred != inst.gold {
            let c = self.c;
            for (i, fs) in inst.feats.iter().enumerate() {
                let (g, p) = (inst.gold[i] as usize, pred[i] as usize);
                if g != p {
                    for &f in fs {
                        let base = f as usize * LABELS;
                        self.w[base + g] += 1.0;
                        self.u[base + g] += c;
                        self.w[base + p] -= 1.0;
                        self.u[base + p] -= c;
                    }
                }
                let (gp, pp) = if i == 0 {
                    (START, START)
                } else {
                    (inst.gold[i - 1] as usize, pred[i - 1] as usize)
                };
                if (gp, g) != (pp, p) {
                    self.tw[gp][g] += 1.0;
                    self.tu[gp][g] += c;
                    self.tw[pp][p] -= 1.0;
                    self.tu[pp][p] -= c;
                }
            }
        }
        self.c += 1.0;
    }

    fn finish(self) -> (Vec<f32>, [[f32; LABELS]; LABELS + 1]) {
        let c = self.c;
        let avg: Vec<f32> = self.w.iter().zip(&self.u).map(|(w, u)| w - u / c).collect();
        let mut trans = [[0f32; LABELS]; LABELS + 1];
        for (p, row) in trans.iter_mut().enumerate() {
            for (l, w) in row.iter_mut().enumerate() {
                *w = self.tw[p][l] - self.tu[p][l] / c;
            }
        }
        (avg, trans)
    }
}

impl Model {
    /// A model from dense weights (`bucket * LABELS + label`), keeping only rows with a weight
    /// that survives quantisation, so the model in memory after training is the one a reload
    /// gives.
    fn from_dense(w: &[f32], trans: [[f32; LABELS]; LABELS + 1]) -> Model {
        let mut index = vec![u32::MAX; 1 << BITS];
        let mut rows = Vec::new();
        for (bucket, slot) in index.iter_mut().enumerate() {
            let mut row = [0i16; 16];
            for (q, x) in row
                .iter_mut()
                .zip(&w[bucket * LABELS..(bucket + 1) * LABELS])
            {
                *q = (x * SCALE).round().clamp(i16::MIN as f32, i16::MAX as f32) as i16;
            }
            if row.iter().any(|&q| q != 0) {
                *slot = rows.len() as u32;
                rows.push(row);
            }
        }
        Model { index, rows, trans }
    }
}

/// A linear-chain CRF trained by AdaGrad on the log-likelihood, with the label grammar as hard
/// constraints (disallowed transitions have probability zero in training as in decoding).
pub struct CrfTrainer {
    w: Vec<f32>,
    g2: Vec<f32>,
    trans: [[f32; LABELS]; LABELS + 1],
    tg2: [[f32; LABELS]; LABELS + 1],
    rate: f32,
    l2: f32,
}

fn log_sum_exp(xs: impl Iterator<Item = f64>) -> f64 {
    let v: Vec<f64> = xs.collect();
    let m = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + v.iter().map(|x| (x - m).exp()).sum::<f64>().ln()
}

impl CrfTrainer {
    /// Trains for `epochs` passes in a fixed pseudo-random order; `rate` is AdaGrad's step and
    /// `l2` a per-update weight decay on the touched weights.
    pub fn train(data: &[Instance], epochs: usize, rate: f32, l2: f32) -> Model {
        let mut t = CrfTrainer {
            w: vec![0.0; (1 << BITS) * LABELS],
            g2: vec![0.0; (1 << BITS) * LABELS],
            trans: [[0.0; LABELS]; LABELS + 1],
            tg2: [[0.0; LABELS]; LABELS + 1],
            rate,
            l2,
        };
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut seed = 0x9e3779b97f4a7c15u64;
        for _ in 0..epochs {
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            for &k in &order {
                t.step(&data[k]);
            }
        }
        Model::from_dense(&t.w, t.trans)
    }

    #[allow(clippy::needless_range_loop)]
    fn step(&mut self, inst: &Instance) {
        let n = inst.feats.len();
        if n == 0 {
            return;
        }
        let emit: Vec<[f64; LABELS]> = inst
            .feats
            .iter()
            .map(|fs| {
                let mut e = [0f64; LABELS];
                for &f in fs {
                    let row = &self.w[f as usize * LABELS..(f as usize + 1) * LABELS];
                    for (a, b) in e.iter_mut().zip(row) {
                        *a += *b as f64;
                    }
                }
                e
            })
            .collect();
        let tr = |p: usize, c: usize| -> f64 {
            if allowed(p, c) {
                self.trans[p][c] as f64
            } else {
                f64::NEG_INFINITY
            }
        };
        let mut alpha = vec![[f64::NEG_INFINITY; LABELS]; n];
        for c in 0..LABELS {
            alpha[0][c] = tr(START, c) + emit[0][c];
        }
        for i in 1..n {
            for c in 0..LABELS {
                alpha[i][c] =
                    log_sum_exp((0..LABELS).map(|p| alpha[i - 1][p] + tr(p, c))) + emit[i][c];
            }
        }
        let mut beta = vec![[f64::NEG_INFINITY; LABELS]; n];
        for c in 0..LABELS {
            beta[n - 1][c] = if can_end(c) { 0.0 } else { f64::NEG_INFINITY };
        }
        for i in (0..n - 1).rev() {
            for p in 0..LABELS {
                beta[i][p] =
                    log_sum_exp((0..LABELS).map(|c| tr(p, c) + emit[i + 1][c] + beta[i + 1][c]));
            }
        }
        let log_z = log_sum_exp((0..LABELS).map(|c| alpha[n - 1][c] + beta[n - 1][c]));
        if !log_z.is_finite() {
            return;
        }
        // Emission gradients (gold minus expected), applied per feature with AdaGrad.
        for i in 0..n {
            let mut grad = [0f32; LABELS];
            for c in 0..LABELS {
                let p = (alpha[i][c] + beta[i][c] - log_z).exp();
                grad[c] = -(p as f32);
            }
            grad[inst.gold[i] as usize] += 1.0;
            for &f in &inst.feats[i] {
                let base = f as usize * LABELS;
                for c in 0..LABELS {
                    let g = grad[c];
                    if g.abs() < 1e-4 {
                        continue;
                    }
                    let k = base + c;
                    let g = g - self.l2 * self.w[k];
                    self.g2[k] += g * g;
                    self.w[k] += self.rate * g / (self.g2[k].sqrt() + 1e-6);
                }
            }
        }
        // Transition gradients.
        let mut tgrad = [[0f32; LABELS]; LABELS + 1];
        for c in 0..LABELS {
            tgrad[START][c] -= (alpha[0][c] + beta[0][c] - log_z).exp() as f32;
        }
        for i in 1..n {
            for p in 0..LABELS {
                if alpha[i - 1][p] == f64::NEG_INFINITY {
                    continue;
                }
                for c in 0..LABELS {
                    if !allowed(p, c) {
                        continue;
                    }
                    let m =
                        alpha[i - 1][p] + self.trans[p][c] as f64 + emit[i][c] + beta[i][c] - log_z;
                    tgrad[p][c] -= m.exp() as f32;
                }
            }
        }
        tgrad[START][inst.gold[0] as usize] += 1.0;
        for i in 1..n {
            tgrad[inst.gold[i - 1] as usize][inst.gold[i] as usize] += 1.0;
        }
        for p in 0..=LABELS {
            for c in 0..LABELS {
                let g = tgrad[p][c];
                if g != 0.0 {
                    self.tg2[p][c] += g * g;
                    self.trans[p][c] += self.rate * g / (self.tg2[p][c].sqrt() + 1e-6);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_obeys_the_label_grammar() {
        // Emissions that on their own would say I-PER after O.
        let mut emit = vec![[0f32; LABELS]; 3];
        emit[1][label(EntityType::Per, Part::Inside) as usize] = 10.0;
        emit[2][label(EntityType::Loc, Part::Last) as usize] = 10.0;
        let out = viterbi(&emit, &[[0f32; LABELS]; LABELS + 1]);
        for w in 0..out.len() {
            let prev = if w == 0 { START } else { out[w - 1] as usize };
            assert!(allowed(prev, out[w] as usize), "{out:?}");
        }
        assert!(can_end(out[2] as usize));
    }

    /// The masked pass picks what a pass testing the grammar at every step picks.
    #[test]
    fn viterbi_matches_a_pass_that_tests_every_transition() {
        fn reference(emit: &[[f32; LABELS]], trans: &[[f32; LABELS]; LABELS + 1]) -> Vec<u8> {
            let n = emit.len();
            let mut score = vec![[f32::NEG_INFINITY; LABELS]; n];
            let mut back = vec![[0u8; LABELS]; n];
            for c in (0..LABELS).filter(|&c| allowed(START, c)) {
                score[0][c] = trans[START][c] + emit[0][c];
            }
            for i in 1..n {
                for c in 0..LABELS {
                    let mut best = (f32::NEG_INFINITY, 0u8);
                    for p in 0..LABELS {
                        if score[i - 1][p] > f32::NEG_INFINITY && allowed(p, c) {
                            let s = score[i - 1][p] + trans[p][c];
                            if s > best.0 {
                                best = (s, p as u8);
                            }
                        }
                    }
                    if best.0 > f32::NEG_INFINITY {
                        score[i][c] = best.0 + emit[i][c];
                        back[i][c] = best.1;
                    }
                }
            }
            let last = (0..LABELS)
                .filter(|&c| can_end(c))
                .fold((f32::NEG_INFINITY, 0), |b, c| {
                    if score[n - 1][c] > b.0 {
                        (score[n - 1][c], c)
                    } else {
                        b
                    }
                })
                .1;
            let mut out = vec![last as u8; n];
            for i in (1..n).rev() {
                out[i - 1] = back[i][out[i] as usize];
            }
            out
        }
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 2000) as f32 / 100.0 - 10.0
        };
        for n in 1..40 {
            let emit: Vec<[f32; LABELS]> =
                (0..n).map(|_| std::array::from_fn(|_| next())).collect();
            let trans: [[f32; LABELS]; LABELS + 1] =
                std::array::from_fn(|_| std::array::from_fn(|_| next()));
            assert_eq!(viterbi(&emit, &trans), reference(&emit, &trans), "n = {n}");
        }
    }

    /// A model with a few random rows over buckets `0..rows`.
    fn random_model(seed: &mut u64, rows: usize) -> Model {
        let mut next = || {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            (*seed % 2001) as i16 - 1000
        };
        let mut index = vec![u32::MAX; 1 << BITS];
        let mut table = Vec::new();
        for (b, slot) in index.iter_mut().enumerate().take(rows) {
            if b % 3 == 0 {
                continue;
            }
            *slot = table.len() as u32;
            let mut row = [0i16; 16];
            row[..LABELS].iter_mut().for_each(|w| *w = next());
            table.push(row);
        }
        let trans = std::array::from_fn(|_| std::array::from_fn(|_| f32::from(next()) / SCALE));
        Model {
            index,
            rows: table,
            trans,
        }
    }

    /// The merged tagger labels as the two models do on their own: the first over the token
    /// features, the second over those plus the document features.
    #[test]
    fn merged_passes_equal_the_separate_models() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let first = random_model(&mut seed, 64);
        let second = random_model(&mut seed, 80);
        let tagger = Tagger::new(&first, Some(&second));
        for n in 1..30usize {
            let feats: Vec<Vec<u32>> = (0..n)
                .map(|i| (0..6).map(|k| ((i * 7 + k * 13 + n) % 70) as u32).collect())
                .collect();
            let doc: Vec<Vec<u32>> = (0..n)
                .map(|i| vec![64 + (i % 16) as u32, 1 << (BITS - 1)])
                .collect();
            let scored = tagger.tag_first(&feats);
            assert_eq!(scored.labels, first.tag(&feats), "n = {n}");
            let all: Vec<Vec<u32>> = feats
                .iter()
                .zip(&doc)
                .map(|(a, b)| a.iter().chain(b).copied().collect())
                .collect();
            assert_eq!(tagger.tag_second(scored, &doc), second.tag(&all), "n = {n}");
        }
        let alone = Tagger::new(&first, None);
        assert!(!alone.has_second());
        let feats = vec![vec![1, 2, 4]; 5];
        assert_eq!(
            alone.tag_second(alone.tag_first(&feats), &[]),
            first.tag(&feats)
        );
    }

    /// A model file as version 1 wrote it: every row's thirteen weights.
    fn write_v1(m: &Model) -> Vec<u8> {
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(MAGIC_V1).unwrap();
        for w in m.trans.iter().flatten() {
            gz.write_all(&w.to_le_bytes()).unwrap();
        }
        let rows: Vec<(u32, [i16; 16])> = m.sparse_rows().collect();
        gz.write_all(&(rows.len() as u32).to_le_bytes()).unwrap();
        let mut body = Vec::new();
        let mut last = 0;
        for (bucket, row) in rows {
            leb128(&mut body, u64::from(bucket - last));
            last = bucket;
            for q in &row[..LABELS] {
                body.extend_from_slice(&q.to_le_bytes());
            }
        }
        gz.write_all(&body).unwrap();
        gz.finish().unwrap()
    }

    /// A model with zeros in its rows reads back as it was written, from this version's sparse
    /// rows and from version 1's full ones, and a tagger read from the files equals one merged
    /// from the models.
    #[test]
    fn model_files_round_trip_in_both_versions() {
        let mut seed = 0x51_7cc1_b727_220au64;
        let mut first = random_model(&mut seed, 300);
        for (i, row) in first.rows.iter_mut().enumerate() {
            for (k, w) in row[..LABELS].iter_mut().enumerate() {
                if (i + k) % 4 != 0 {
                    *w = 0;
                }
            }
        }
        first.rows[0] = [0; 16];
        let second = random_model(&mut seed, 120);
        let mut v2 = Vec::new();
        first.write(&mut v2).unwrap();
        let v1 = write_v1(&first);
        assert!(v2.len() < v1.len(), "{} against {}", v2.len(), v1.len());
        for bytes in [&v2, &v1] {
            let back = Model::read(bytes).unwrap();
            assert_eq!(back.index, first.index);
            assert_eq!(back.rows, first.rows);
            assert_eq!(back.trans, first.trans);
        }
        let mut second_file = Vec::new();
        second.write(&mut second_file).unwrap();
        let read = Tagger::read(&v2, Some(&second_file)).unwrap();
        let merged = Tagger::new(&first, Some(&second));
        assert_eq!(read.index, merged.index);
        assert!(read.rows.iter().zip(&merged.rows).all(|(a, b)| a.0 == b.0));
        assert_eq!(read.rows.len(), merged.rows.len());
        assert!(Tagger::read(&v2[..v2.len() / 2], None).is_err());
        assert!(Tagger::read(b"not a model", None).is_err());
    }

    /// The AVX2 build of the row sums adds exactly what the portable one does.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn row_sums_agree_across_instruction_sets() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            return;
        }
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let first = random_model(&mut seed, 200);
        let second = random_model(&mut seed, 200);
        let tagger = Tagger::new(&first, Some(&second));
        for n in 0..40u32 {
            let fs: Vec<u32> = (0..n).map(|k| (k * 31 + n) % 220).collect();
            let portable = sum_rows_portable(&tagger.index, &tagger.rows, &fs);
            // SAFETY: AVX2 was detected above.
            let avx2 = unsafe { sum_rows_avx2(&tagger.index, &tagger.rows, &fs) };
            assert_eq!(portable, avx2, "n = {n}");
        }
    }

    #[test]
    fn labels_round_trip() {
        for t in EntityType::ALL {
            for p in [Part::Begin, Part::Inside, Part::Last, Part::Unit] {
                assert_eq!(unlabel(label(t, p)), Some((t, p)));
            }
        }
        assert_eq!(unlabel(0), None);
    }
}
