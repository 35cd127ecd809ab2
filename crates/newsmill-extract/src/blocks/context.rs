//! The second pass's view of the first: the first pass's probabilities around each block and,
//! for scraped text, where a line stands against the page's prose (decision 45).
use super::features::{bucket, feat};
use super::page::{article_region, nearest};
use crate::linear::ns;

/// What the second pass reads of a whole page's first-pass probabilities (decision 45).
pub(crate) struct PageContext<'a> {
    probs: &'a [f32],
    /// Scraped text only: where each line stands against the page's prose.
    pub(super) lines: Option<LineContext>,
}

/// Where each line of scraped text stands against the page's prose, by the first pass. HTML
/// does without: its markup already outlines the article, and the region features moved it
/// by +0.002 over three runs of one seed and −0.004 over three of another.
pub(super) struct LineContext {
    /// The article region as the decoder finds it ([`article_region`]).
    pub(super) span: Option<(usize, usize)>,
    /// For each line, the nearest sure prose line before it and after it (probability at
    /// least [`SURE_PROB`], at least [`SURE_WORDS`] words).
    pub(super) sure: Vec<(Option<usize>, Option<usize>)>,
}

/// How sure the first pass must be of a line, and how long the line must be, for it to
/// anchor [`LineContext::sure`]. Over nine runs, 0.5 and
/// 10 words scored 0.9007 against 0.8975 for 0.7 and 15; on seed 0, 0.85 and 20 scored
/// 0.8957 (decision 45).
const SURE_PROB: f32 = 0.5;
const SURE_WORDS: u32 = 10;

impl<'a> PageContext<'a> {
    /// The context of blocks with `words` each and first-pass `probs`; `text` says the blocks
    /// are lines of scraped text.
    pub fn new(probs: &'a [f32], words: &[u32], text: bool) -> PageContext<'a> {
        PageContext {
            probs,
            lines: text.then(|| LineContext::new(probs, words)),
        }
    }
}

impl LineContext {
    pub(super) fn new(probs: &[f32], words: &[u32]) -> LineContext {
        LineContext {
            span: article_region(probs, words.iter().copied()),
            sure: nearest(probs.len(), |i| {
                probs[i] >= SURE_PROB && words[i] >= SURE_WORDS
            }),
        }
    }

    /// The features of line `i` whose own first-pass probability bucket is `own`.
    fn features(&self, i: usize, own: &str, out: &mut Vec<u32>) {
        let (rel, dist) = match self.span {
            None => ("none", 0),
            Some((a, _)) if i < a => ("before", a - i),
            Some((_, b)) if i > b => ("after", i - b),
            Some((a, b)) => ("in", (i - a).min(b - i)),
        };
        out.push(feat(ns!("s2_span"), &[rel, own]));
        out.push(feat(ns!("s2_span_dist"), &[rel, bucket(dist)]));
        let gap = |j: Option<usize>| j.map_or("none", |j| bucket(j.abs_diff(i)));
        let (prev, next) = (gap(self.sure[i].0), gap(self.sure[i].1));
        out.push(feat(ns!("s2_sure"), &[prev, next]));
        out.push(feat(ns!("s2_sure_own"), &[prev, next, own]));
    }
}

/// Features of the second pass: the first pass's probabilities around block `i`, so that the
/// decision follows the article's contiguity (a short line between two body paragraphs is
/// body; a long one amid chrome is likely a teaser); for scraped text, also where the line
/// stands against the page's prose ([`LineContext`]).
pub(crate) fn context_features(ctx: &PageContext, i: usize, out: &mut Vec<u32>) {
    let probs = ctx.probs;
    let pb = |p: f32| bucket((p * 10.0) as usize);
    let own = pb(probs[i]);
    out.push(feat(ns!("s2_own"), &[own]));
    if let Some(lines) = &ctx.lines {
        lines.features(i, own, out);
    }
    for (name, j) in [
        (ns!("s2_p1"), i.checked_sub(1)),
        (ns!("s2_n1"), Some(i + 1)),
        (ns!("s2_p2"), i.checked_sub(2)),
        (ns!("s2_n2"), Some(i + 2)),
    ] {
        let v = j.and_then(|j| probs.get(j)).map_or("none", |&p| pb(p));
        out.push(feat(name, &[v]));
        out.push(feat(name, &[v, own]));
    }
    let window = |range: std::ops::Range<usize>| {
        let slice = &probs[range.start.min(probs.len())..range.end.min(probs.len())];
        if slice.is_empty() {
            "none"
        } else {
            pb(slice.iter().sum::<f32>() / slice.len() as f32)
        }
    };
    let before = window(i.saturating_sub(5)..i);
    let after = window(i + 1..i + 6);
    out.push(feat(ns!("s2_before"), &[before]));
    out.push(feat(ns!("s2_after"), &[after]));
    out.push(feat(ns!("s2_around"), &[before, after, own]));
}
