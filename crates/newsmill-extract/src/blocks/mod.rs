//! Blocks: the unit both extractors classify (an HTML block element's text, or a line of
//! scraped text), their features, and the rules that name why a dropped block was dropped.
//!
//! [`page`] reads what a whole page says about each block (its headline, article region,
//! related-stories runs, topic words), [`features`] turns a block into the classifier's
//! features, [`context`] adds the second pass's view of the first pass, and [`kinds`] names
//! why a dropped block was dropped.
use std::rc::Rc;

use newsmill_model::RemovedKind;

mod context;
mod features;
mod kinds;
mod page;
#[cfg(test)]
mod tests;

pub(crate) use self::context::{context_features, PageContext};
pub(crate) use self::features::features;
pub(crate) use self::kinds::{kind_of, proven_chrome};
pub(crate) use self::page::{
    are_lines, article_region, drop_related_runs, ends_sentence, is_caption, is_related_heading,
    PageStats, CAPTION,
};

/// One block of a page, with what its source (DOM or line) told about it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    /// Whitespace-collapsed text.
    pub text: String,
    /// The block element (`p`, `h2`, `li`, …) or `line` for scraped text.
    pub tag: &'static str,
    /// Number of words ([`count_words`]).
    pub words: u32,
    /// Characters of the text inside links.
    pub link_chars: u32,
    /// Pre-hashed features of the block's DOM context (ancestor classes, semantic ancestors).
    pub context: Vec<u32>,
    /// A kind the DOM context says (inside `<nav>`, `<figcaption>`, a `comments` box, …).
    pub hint: Option<RemovedKind>,
    /// Inside the container that holds most of the page's paragraph text.
    pub in_main: bool,
    /// HTML only: the ids of the block-level elements around the block, outermost first
    /// (the block's own element last). Blocks of one element share it.
    pub ancestry: Rc<[u32]>,
    /// HTML only: the block follows the heading of a box of other stories ("You may also
    /// like", a heading whose class says related) inside that heading's parent element. Over
    /// the 92 development pages such blocks hold 3,500 words on 41 pages, none of them
    /// article text (decision 46).
    pub teaser_box: bool,
    /// HTML only: the block's words are the heading of a box of other stories
    /// ([`is_related_heading`]), read once when the block is made.
    pub related_heading: bool,
    /// HTML only: the block is inside an element shown in print only (`d-none
    /// d-print-block`): a citation or copyright notice for printouts, which a reader of the
    /// page never sees. Such blocks are parsed as usual, so the model's features are those
    /// of the page as it was, and dropped as chrome (decision 47).
    pub print_only: bool,
    /// Share of the block's words found in the page's JSON-LD `articleBody`, when it has one.
    pub ld_overlap: Option<f32>,
    /// Share of the block's words found in the page's description meta tag, when it has one.
    pub desc_overlap: Option<f32>,
}

impl Block {
    /// Whether most of the block's visible characters are link text: a menu item, a
    /// headline pointing to another story.
    pub fn mostly_links(&self) -> bool {
        self.link_chars as usize * 2 > self.text.chars().filter(|c| !c.is_whitespace()).count()
    }

    /// A block of `text` from `tag`, with its token count filled in.
    pub fn new(text: String, tag: &'static str) -> Block {
        let words = count_words(&text);
        Block {
            text,
            tag,
            words,
            ..Block::default()
        }
    }
}

/// Counts words: `\w+` tokens, as the metric does, plus one for every two Chinese or
/// Japanese characters, which are written without spaces (a Japanese paragraph is a few
/// `\w+` tokens long, and would otherwise look like a navigation link).
pub(crate) fn count_words(text: &str) -> u32 {
    let mut n = 0;
    let mut unspaced = 0;
    let mut in_word = false;
    for c in text.chars() {
        let w = is_alphanumeric(c) || c == '_';
        if w && !in_word {
            n += 1;
        }
        if matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}') {
            unspaced += 1;
        }
        in_word = w;
    }
    n + unspaced / 2
}

/// `char::is_alphanumeric` with the answer for ASCII and the Russian alphabet given directly:
/// the general lookup is a binary search over Unicode tables, and page text is mostly these.
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    match c {
        '\0'..='\x7f' => c.is_ascii_alphanumeric(),
        'А'..='я' | 'Ё' | 'ё' => true,
        _ => c.is_alphanumeric(),
    }
}
