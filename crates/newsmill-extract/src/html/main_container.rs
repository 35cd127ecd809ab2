//! The main container: the element that holds most paragraph-like text (widened over an
//! article split into section boxes), and the blocks that overlap the JSON-LD `articleBody`.
use std::collections::HashMap;

use rustc_hash::FxHashSet;

use super::PageMeta;
use crate::blocks::Block;

/// Marks the blocks inside the element that holds most paragraph-like text (Readability's idea:
/// each long, link-poor block gives its length to its parent and half to its grandparent).
pub(super) fn mark_main(blocks: &mut [Block], aside: &[bool]) {
    let mut scores: HashMap<u32, f32> = HashMap::new();
    for (block, &aside) in blocks.iter().zip(aside) {
        let anc = &block.ancestry;
        let chars = block.text.len() as f32;
        if aside || block.words < 12 || block.link_chars as f32 > chars * 0.3 {
            continue;
        }
        let gain = chars + 100.0 * block.text.matches(['.', ',']).count().min(10) as f32;
        for (k, id) in anc.iter().rev().take(3).enumerate() {
            *scores.entry(*id).or_insert(0.0) += gain / (1 << k) as f32;
        }
    }
    let Some((&best, _)) = scores
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
    else {
        return;
    };
    let best = widen_main(best, &scores, blocks);
    for block in blocks.iter_mut() {
        block.in_main = block.ancestry.contains(&best);
    }
}

/// The ancestor of `best` that holds the article when its text is split over sibling
/// containers (one `<div>` per section, each with a few paragraphs), where the best element
/// alone is one section. As Readability.js does: the nearest ancestor holding at least three
/// other elements that score nearly as high as the best.
fn widen_main(best: u32, scores: &HashMap<u32, f32>, blocks: &[Block]) -> u32 {
    let chain = |id: u32| -> &[u32] {
        blocks
            .iter()
            .map(|b| &b.ancestry)
            .find_map(|anc| anc.iter().position(|&a| a == id).map(|k| &anc[..=k]))
            .unwrap_or(&[])
    };
    let top = scores.get(&best).copied().unwrap_or(0.0);
    let rivals: Vec<&[u32]> = scores
        .iter()
        .filter(|&(&id, &s)| id != best && s >= top * 0.75)
        .map(|(&id, _)| chain(id))
        .filter(|c| !c.contains(&best))
        .collect();
    let own = chain(best);
    for &a in own.iter().rev().skip(1) {
        if rivals.iter().filter(|c| c.contains(&a)).count() >= 3 {
            return a;
        }
    }
    best
}

/// Fills [`Block::ld_overlap`] from the JSON-LD `articleBody`, when the page has a long one,
/// and [`Block::desc_overlap`] from the page's description (`og:description`,
/// `description`), which often repeats the lead paragraph.
pub(super) fn mark_overlaps(blocks: &mut [Block], meta: &PageMeta) {
    if let Some(body) = meta.ld.body.as_deref().filter(|b| b.len() > 200) {
        let words = word_set(body);
        for block in blocks.iter_mut() {
            block.ld_overlap = Some(overlap(&words, &block.text));
        }
    }
    let desc = meta
        .meta(&["og:description", "description", "twitter:description"])
        .filter(|d| d.len() > 50);
    if let Some(desc) = desc {
        let words = word_set(desc);
        for block in blocks.iter_mut().filter(|b| b.words >= 5) {
            block.desc_overlap = Some(overlap(&words, &block.text));
        }
    }
}

/// The lower-cased words of `text`.
fn word_set(text: &str) -> FxHashSet<String> {
    text.to_lowercase()
        .split(|c: char| !crate::blocks::is_alphanumeric(c))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Share of the words of `text` found in `words` (lower-cased), lower-casing only the words
/// that need it: this runs over every block of most pages.
fn overlap(words: &FxHashSet<String>, text: &str) -> f32 {
    let (mut hit, mut all) = (0, 0);
    let mut lower = String::new();
    for w in text
        .split(|c: char| !crate::blocks::is_alphanumeric(c))
        .filter(|w| !w.is_empty())
    {
        all += 1;
        let w = if w.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80)
            && w.chars().any(char::is_uppercase)
        {
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            lower.as_str()
        } else {
            w
        };
        hit += usize::from(words.contains(w));
    }
    if all == 0 {
        0.0
    } else {
        hit as f32 / all as f32
    }
}
