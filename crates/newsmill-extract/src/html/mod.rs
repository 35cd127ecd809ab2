//! HTML pages to blocks and page metadata, in one pass over lol_html's token stream (no DOM is
//! built; decision 13).
//!
//! [`walk`] reads the token stream and builds blocks, [`context`] carries each element's
//! block context down the tree, [`vocab`] knows the tags and class names, and
//! [`main_container`] marks the element that holds the article.

use self::walk::parse_dom;
use crate::blocks::Block;
use crate::slim::slim;

mod context;
mod main_container;
#[cfg(test)]
mod tests;
mod vocab;
mod walk;

/// What the page says about itself outside the body.
#[derive(Debug, Default)]
pub(crate) struct PageMeta {
    /// `<title>` text.
    pub title_tag: Option<String>,
    /// `<meta>` name/property/itemprop (lowercased) → content, in page order.
    pub metas: Vec<(String, String)>,
    /// Raw texts of `<script type="application/ld+json">`.
    pub json_ld: Vec<String>,
    /// `<html lang>`.
    pub lang: Option<String>,
    /// Elements that hold dates (`<time>`, `itemprop=datePublished`, a date class), first
    /// few.
    pub marks: Vec<crate::dates::DateMark>,
    /// `<link rel=canonical>`.
    pub canonical: Option<String>,
    /// Texts of `rel=author` links and elements whose class says byline/author.
    pub bylines: Vec<String>,
    /// The page's JSON-LD article, parsed once from [`PageMeta::json_ld`].
    pub ld: crate::meta::LdArticle,
}

impl PageMeta {
    /// The first `<meta>` content for any of `keys`, in the order of `keys`.
    pub fn meta(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| {
            self.metas
                .iter()
                .find(|(name, value)| name == k && !value.trim().is_empty())
                .map(|(_, v)| v.trim())
        })
    }
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Parses `html` into blocks and page metadata, after dropping what extraction never reads
/// ([`slim`]).
pub(crate) fn parse(html: &str) -> (Vec<Block>, PageMeta) {
    parse_dom(&slim(html))
}
