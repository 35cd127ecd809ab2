//! The extraction metric of scrapinghub's article-extraction-benchmark, as
//! `shared/tools/extraction_score.py` computes it: per page, 4-gram shingles over `\w+`
//! tokens, TP/FP/FN normalised by their sum; precision and recall are means over pages.

use std::collections::HashMap;

/// `\w+` tokens as Python's `re` finds them (letters, digits, underscore).
pub(crate) fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let w = c.is_alphanumeric() || c == '_';
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// 4-gram shingles with counts (a text shorter than 4 tokens is one shingle of all of them).
pub(crate) fn shingles<'a>(tokens: &[&'a str]) -> HashMap<Vec<&'a str>, u32> {
    let mut out = HashMap::new();
    let n = 4;
    let count = if tokens.len() >= n {
        tokens.len() - n + 1
    } else {
        1
    };
    for i in 0..count {
        let end = (i + n).min(tokens.len());
        if i < end {
            *out.entry(tokens[i..end].to_vec()).or_insert(0) += 1;
        }
    }
    out
}

/// One page's normalised true positives, false positives and false negatives, and whether the
/// token sequences are equal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageScore {
    /// Share of shingles in both.
    pub tp: f64,
    /// Share only in the prediction.
    pub fp: f64,
    /// Share only in the gold.
    pub fn_: f64,
    /// Same tokens exactly.
    pub exact: bool,
}

impl PageScore {
    /// Scores `pred` against `gold`.
    pub fn new(gold: &str, pred: &str) -> PageScore {
        let (gt, pt) = (tokens(gold), tokens(pred));
        let (a, b) = (shingles(&gt), shingles(&pt));
        let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
        for (k, &tc) in &a {
            let pc = b.get(k).copied().unwrap_or(0);
            tp += f64::from(tc.min(pc));
            fn_ += f64::from(tc.saturating_sub(pc));
        }
        for (k, &pc) in &b {
            let tc = a.get(k).copied().unwrap_or(0);
            fp += f64::from(pc.saturating_sub(tc));
        }
        let s = tp + fp + fn_;
        let (tp, fp, fn_) = if s > 0.0 {
            (tp / s, fp / s, fn_ / s)
        } else {
            (tp, fp, fn_)
        };
        PageScore {
            tp,
            fp,
            fn_,
            exact: gt == pt,
        }
    }

    /// The scorer's rule for precision (`miss` = fp) and recall (`miss` = fn): 1 when the page
    /// is perfect, 0 when nothing of this side matched, else the ratio.
    fn ratio(&self, miss: f64) -> f64 {
        if self.fp == 0.0 && self.fn_ == 0.0 {
            1.0
        } else if self.tp == 0.0 && miss == 0.0 {
            0.0
        } else {
            self.tp / (self.tp + miss)
        }
    }

    fn precision(&self) -> f64 {
        self.ratio(self.fp)
    }

    fn recall(&self) -> f64 {
        self.ratio(self.fn_)
    }
}

/// The benchmark's summary over pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Harmonic mean of the mean precision and the mean recall.
    pub f1: f64,
    /// Mean precision over pages that predicted anything.
    pub precision: f64,
    /// Mean recall over pages whose gold has anything.
    pub recall: f64,
    /// Share of pages whose tokens match exactly.
    pub accuracy: f64,
}

/// Summarises page scores as the scorer does.
pub fn score_pages(pages: &[PageScore]) -> Scores {
    let mean = |v: Vec<f64>| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let precision = mean(
        pages
            .iter()
            .filter(|p| p.tp + p.fp > 0.0)
            .map(PageScore::precision)
            .collect(),
    );
    let recall = mean(
        pages
            .iter()
            .filter(|p| p.tp + p.fn_ > 0.0)
            .map(PageScore::recall)
            .collect(),
    );
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let accuracy = mean(pages.iter().map(|p| f64::from(u8::from(p.exact))).collect());
    Scores {
        f1,
        precision,
        recall,
        accuracy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_word_runs() {
        assert_eq!(tokens("Hello, мир_1 — 2023!"), ["Hello", "мир_1", "2023"]);
    }

    #[test]
    fn perfect_and_empty_predictions() {
        let gold = "one two three four five six";
        let s = score_pages(&[PageScore::new(gold, gold)]);
        assert_eq!((s.f1, s.accuracy), (1.0, 1.0));
        let s = score_pages(&[PageScore::new(gold, "")]);
        assert_eq!(s.recall, 0.0);
    }

    #[test]
    fn partial_overlap() {
        // gold shingles: abcd bcde; pred: abcd bcdx → tp 1, fp 1, fn 1.
        let p = PageScore::new("a b c d e", "a b c d x");
        assert!((p.tp - 1.0 / 3.0).abs() < 1e-9);
        let s = score_pages(&[p]);
        assert!((s.f1 - 0.5).abs() < 1e-9);
    }
}
