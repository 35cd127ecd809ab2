//! Scraped text (one line per block element) to blocks, and the headline among them.

use crate::blocks::Block;
use crate::html::collapse;

/// The non-empty lines of `text` as blocks, with `in_main` marking the span between the first
/// and last sentence-like long line (the region the article most likely occupies).
pub(crate) fn lines(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = text
        .lines()
        .map(collapse)
        .filter(|l| !l.is_empty())
        .map(|l| Block::new(l, "line"))
        .collect();
    let long = |b: &Block| b.words >= 20 && crate::blocks::ends_sentence(&b.text);
    if let (Some(first), Some(last)) = (blocks.iter().position(long), blocks.iter().rposition(long))
    {
        for b in &mut blocks[first..=last] {
            b.in_main = true;
        }
    }
    blocks
}

/// The headline: among the lines before the body, one that another line repeats with a site
/// suffix (`<title>` and `<h1>` both rendered), else the first headline-like line.
pub(crate) fn title_line(blocks: &[Block], keep: &[bool]) -> Option<usize> {
    let first_body = keep.iter().position(|&k| k).unwrap_or(blocks.len());
    let candidates = || {
        (0..first_body).filter(|&i| {
            let b = &blocks[i];
            b.words >= 3
                && b.words <= 40
                && !b.text.ends_with(['.', ':', '。', '：'])
                && !crate::blocks::is_caption(&b.text)
        })
    };
    candidates()
        .find(|&i| {
            let t = &blocks[i].text;
            blocks[..first_body]
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && o.text.len() > t.len() && o.text.starts_with(t.as_str()))
        })
        .or_else(|| candidates().next())
}
