//! HTML pages to blocks and page metadata, in one pass over the DOM.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use ego_tree::iter::Edge;
use newsmill_model::RemovedKind;
use scraper::{Html, Node};

use crate::blocks::Block;
use crate::linear::feature;

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
    /// `datetime` attributes of `<time>` elements, first few.
    pub times: Vec<String>,
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

/// Elements whose content is never article text.
fn is_skipped(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "select"
            | "option"
            | "textarea"
            | "button"
            | "input"
            | "title"
            | "video"
            | "audio"
            | "map"
    )
}

/// Block-level elements, as static names for [`Block::tag`].
fn block_tag(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "p" => "p",
        "div" => "div",
        "section" => "section",
        "article" => "article",
        "main" => "main",
        "h1" => "h1",
        "h2" => "h2",
        "h3" => "h3",
        "h4" | "h5" | "h6" => "h4",
        "li" => "li",
        "ul" | "ol" | "menu" | "dir" => "ul",
        "dl" => "dl",
        "dt" => "dt",
        "dd" => "dd",
        "td" | "th" => "td",
        "tr" | "table" | "tbody" | "thead" | "tfoot" | "caption" => "table",
        "blockquote" => "blockquote",
        "pre" => "pre",
        "figure" => "figure",
        "figcaption" => "figcaption",
        "header" => "header",
        "footer" => "footer",
        "nav" => "nav",
        "aside" => "aside",
        "form" | "fieldset" => "form",
        "address" => "address",
        "center" | "details" | "summary" | "dialog" | "hgroup" | "body" | "html" => "div",
        "hr" => "hr",
        _ => return None,
    })
}

/// Class/id vocabulary that generalises across sites; `exact` stems must be a whole token.
const STEMS: &[&str] = &[
    "article",
    "content",
    "body",
    "story",
    "text",
    "post",
    "entry",
    "main",
    "comment",
    "share",
    "social",
    "related",
    "recommend",
    "promo",
    "advert",
    "sponsor",
    "newsletter",
    "subscri",
    "footer",
    "header",
    "sidebar",
    "widget",
    "caption",
    "credit",
    "byline",
    "author",
    "date",
    "time",
    "breadcrumb",
    "more",
    "read",
    "popular",
    "trending",
    "video",
    "photo",
    "image",
    "gallery",
    "figure",
    "media",
    "embed",
    "twitter",
    "facebook",
    "meta",
    "title",
    "headline",
    "summary",
    "lead",
    "intro",
    "teaser",
    "card",
    "list",
    "item",
    "footnote",
    "copyright",
    "legal",
    "cookie",
    "modal",
    "banner",
    "hidden",
    "print",
    "rail",
    "aside",
    "signup",
    "login",
    "paywall",
    "disclaimer",
    "topic",
    "most",
    "hero",
    "column",
    "wrap",
    "container",
    "inner",
    "page",
    "section",
    "module",
    "block",
    "rich",
    "prose",
    "paragraph",
    "para",
    "detail",
    "field",
    "region",
    "bottom",
    "right",
    "left",
    "link",
    "button",
    "icon",
    "logo",
    "search",
    "popup",
    "overlay",
    "notice",
    "alert",
    "outbrain",
    "taboola",
    "skip",
    "label",
    "category",
    "source",
    "quote",
    "note",
    "update",
    "correction",
    "timestamp",
    "published",
    "info",
    "follow",
    "contact",
    "about",
    "email",
    "toolbar",
    "tools",
    "extra",
    "secondary",
    "primary",
    "feature",
    "highlight",
    "menu",
    "nav",
];
const EXACT: &[&str] = &[
    "ad", "ads", "col", "img", "top", "btn", "bio", "tag", "tags", "dfp", "gpt", "foot", "head",
    "pic",
];

static STEM_MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(STEMS)
        .expect("static patterns")
});

/// The vocabulary stems a `class` or `id` value contains.
fn class_tokens(value: &str, out: &mut Vec<&'static str>) {
    for m in STEM_MATCHER.find_overlapping_iter(value) {
        let stem = STEMS[m.pattern().as_usize()];
        if !out.contains(&stem) {
            out.push(stem);
        }
    }
    for raw in value.split(|c: char| !c.is_ascii_alphanumeric()) {
        if raw.len() > 4 || raw.is_empty() {
            continue;
        }
        if let Some(&stem) = EXACT.iter().find(|s| s.eq_ignore_ascii_case(raw)) {
            if !out.contains(&stem) {
                out.push(stem);
            }
        }
    }
}

fn hint_of(tag: &str, stems: &[&'static str]) -> Option<RemovedKind> {
    match tag {
        "nav" | "menu" => return Some(RemovedKind::Navigation),
        "footer" => return Some(RemovedKind::Navigation),
        "figcaption" => return Some(RemovedKind::Caption),
        _ => {}
    }
    for &s in stems {
        let kind = match s {
            "comment" => RemovedKind::Comments,
            "related" | "recommend" | "teaser" | "popular" | "trending" | "most" | "outbrain"
            | "taboola" => RemovedKind::Teaser,
            "share" | "social" | "follow" | "advert" | "ad" | "ads" | "promo" | "sponsor"
            | "banner" | "dfp" | "gpt" => RemovedKind::Promo,
            "subscri" | "newsletter" | "signup" => RemovedKind::Subscribe,
            "credit" | "copyright" => RemovedKind::Credit,
            "caption" => RemovedKind::Caption,
            "byline" | "author" | "timestamp" | "published" => RemovedKind::Meta,
            "breadcrumb" | "menu" | "nav" | "footer" => RemovedKind::Navigation,
            _ => continue,
        };
        return Some(kind);
    }
    None
}

struct Frame {
    id: u32,
    tag: &'static str,
    block: bool,
    stems: Vec<&'static str>,
    hint: Option<RemovedKind>,
    link: bool,
}

struct Builder {
    frames: Vec<Frame>,
    blocks: Vec<Block>,
    /// For each block, the ids of its block-level ancestors (innermost last).
    ancestry: Vec<Vec<u32>>,
    text: String,
    link_chars: u32,
    next_id: u32,
}

impl Builder {
    fn flush(&mut self) {
        if self.text.trim().is_empty() {
            self.text.clear();
            self.link_chars = 0;
            return;
        }
        let raw = std::mem::take(&mut self.text);
        let link_chars = std::mem::take(&mut self.link_chars);
        let tag = self
            .frames
            .iter()
            .rev()
            .find(|f| f.block)
            .map_or("div", |f| f.tag);
        let mut context = Vec::new();
        let mut hint = None;
        let mut seen: Vec<&str> = Vec::new();
        for (depth, frame) in self.frames.iter().rev().enumerate() {
            if hint.is_none() {
                hint = frame.hint;
            }
            if frame.block
                && matches!(
                    frame.tag,
                    "article"
                        | "main"
                        | "nav"
                        | "footer"
                        | "header"
                        | "aside"
                        | "form"
                        | "figure"
                        | "blockquote"
                        | "li"
                        | "table"
                        | "td"
                )
                && !seen.contains(&frame.tag)
            {
                seen.push(frame.tag);
                context.push(feature("in", frame.tag));
            }
            if frame.link {
                context.push(feature("in", "a"));
            }
            for &stem in &frame.stems {
                if depth < 2 {
                    context.push(feature("c_near", stem));
                }
                context.push(feature("c_any", stem));
            }
        }
        context.sort_unstable();
        context.dedup();
        let ancestry: Vec<u32> = self
            .frames
            .iter()
            .filter(|f| f.block)
            .map(|f| f.id)
            .collect();
        // Two line breaks in a row separate paragraphs inside one element.
        let total_chars = raw.chars().count().max(1) as u32;
        for part in raw.split("\n\n") {
            let text = collapse(part);
            if text.is_empty() {
                continue;
            }
            let mut block = Block::new(text, tag);
            let share = block.text.chars().count() as u32;
            block.link_chars = link_chars.min(total_chars) * share / total_chars;
            block.context = context.clone();
            block.hint = hint;
            self.blocks.push(block);
            self.ancestry.push(ancestry.clone());
        }
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

static RAW_TEXT: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(["<script", "<style", "<!--", "<svg"])
        .expect("static patterns")
});

/// Drops what the parser would spend most of its time on and extraction never reads: the
/// bodies of scripts (but JSON-LD), styles and inline SVG, and comments. The tags themselves
/// stay, so the tree keeps its shape.
fn strip_raw_text(html: &str) -> std::borrow::Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(m) = RAW_TEXT.find(&html[at..]) {
        let start = at + m.start();
        let (close, keep_open): (&str, bool) = match m.pattern().as_usize() {
            0 => ("</script", true),
            1 => ("</style", true),
            2 => ("-->", false),
            _ => ("</svg", true),
        };
        let open_end = if keep_open {
            match html[start..].find('>') {
                Some(i) => start + i + 1,
                None => break,
            }
        } else {
            start
        };
        let open_tag = &html[start..open_end];
        if keep_open && open_tag.to_ascii_lowercase().contains("ld+json") {
            at = open_end;
            continue;
        }
        let body_start = if keep_open { open_end } else { start + 4 };
        let end = find_ascii_ci(&html[body_start..], close).map(|i| body_start + i);
        let Some(end) = end else { break };
        out.push_str(&html[copied..open_end]);
        copied = if keep_open { end } else { end + close.len() };
        at = copied;
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    std::borrow::Cow::Owned(out)
}

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let first = needle.as_bytes()[0];
    let bytes = hay.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(first, &bytes[from..]) {
        let at = from + i;
        if bytes.len() - at >= needle.len()
            && bytes[at..at + needle.len()].eq_ignore_ascii_case(needle.as_bytes())
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Parses `html` into blocks and page metadata.
pub(crate) fn parse(html: &str) -> (Vec<Block>, PageMeta) {
    let html = strip_raw_text(html);
    let doc = Html::parse_document(&html);
    let mut meta = PageMeta::default();
    let mut b = Builder {
        frames: Vec::new(),
        blocks: Vec::new(),
        ancestry: Vec::new(),
        text: String::new(),
        link_chars: 0,
        next_id: 0,
    };
    let mut skip_until = None;
    let mut stem_cache: HashMap<&str, Vec<&'static str>> = HashMap::new();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip_until.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(el) => {
                        let name = el.name();
                        match name {
                            "html" => meta.lang = el.attr("lang").map(str::to_owned),
                            "meta" => {
                                let key = el
                                    .attr("property")
                                    .or_else(|| el.attr("name"))
                                    .or_else(|| el.attr("itemprop"))
                                    .or_else(|| el.attr("http-equiv"));
                                if let (Some(k), Some(v)) = (key, el.attr("content")) {
                                    meta.metas.push((k.to_ascii_lowercase(), v.to_string()));
                                }
                            }
                            "link"
                                if el
                                    .attr("rel")
                                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
                            {
                                meta.canonical = el.attr("href").map(str::to_owned);
                            }
                            "time" if meta.times.len() < 8 => {
                                if let Some(dt) = el.attr("datetime") {
                                    meta.times.push(dt.to_string());
                                }
                            }
                            "title" if meta.title_tag.is_none() => {
                                let text: String = node
                                    .descendants()
                                    .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
                                    .collect();
                                meta.title_tag = Some(collapse(&text));
                            }
                            "script"
                                if el.attr("type").is_some_and(|t| {
                                    t.eq_ignore_ascii_case("application/ld+json")
                                }) =>
                            {
                                let text: String = node
                                    .descendants()
                                    .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
                                    .collect();
                                meta.json_ld.push(text);
                            }
                            _ => {}
                        }
                        if is_skipped(name)
                            || el.attr("hidden").is_some()
                            || el.attr("aria-hidden") == Some("true")
                                && name != "html"
                                && name != "body"
                        {
                            skip_until = Some(node.id());
                            continue;
                        }
                        if name == "br" {
                            b.text.push('\n');
                            continue;
                        }
                        // Pages repeat the same class strings thousands of times: look each up once.
                        let mut stems = Vec::new();
                        for value in [el.attr("class"), el.attr("id")].into_iter().flatten() {
                            let found = stem_cache.entry(value).or_insert_with(|| {
                                let mut v = Vec::new();
                                class_tokens(value, &mut v);
                                v
                            });
                            for &s in found.iter() {
                                if !stems.contains(&s) {
                                    stems.push(s);
                                }
                            }
                        }
                        if el.attr("rel").is_some_and(|r| r.contains("author")) {
                            stems.push("author");
                        }
                        let block = block_tag(name);
                        if block.is_some() {
                            b.flush();
                        }
                        let tag = block.unwrap_or("inline");
                        let hint = hint_of(tag, &stems);
                        b.frames.push(Frame {
                            id: b.next_id,
                            tag,
                            block: block.is_some(),
                            stems,
                            hint,
                            link: name == "a",
                        });
                        b.next_id += 1;
                    }
                    Node::Text(t) => {
                        if b.frames.iter().any(|f| f.link) {
                            b.link_chars += t.chars().filter(|c| !c.is_whitespace()).count() as u32;
                        }
                        b.text.push_str(t);
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip_until {
                    if id == node.id() {
                        skip_until = None;
                    }
                    continue;
                }
                if let Node::Element(el) = node.value() {
                    if el.name() == "br" {
                        continue;
                    }
                    if b.frames.last().is_some_and(|f| f.block) {
                        b.flush();
                    }
                    b.frames.pop();
                }
            }
        }
    }
    b.flush();
    // Byline candidates for the author field.
    for block in &b.blocks {
        if block.hint == Some(RemovedKind::Meta) && block.words <= 8 && meta.bylines.len() < 4 {
            meta.bylines.push(block.text.clone());
        }
    }
    meta.ld = crate::meta::json_ld_article(&meta).unwrap_or_default();
    mark_main(&mut b.blocks, &b.ancestry);
    mark_ld_overlap(&mut b.blocks, &meta);
    (b.blocks, meta)
}

/// Marks the blocks inside the element that holds most paragraph-like text (Readability's idea:
/// each long, link-poor block gives its length to its parent and half to its grandparent).
fn mark_main(blocks: &mut [Block], ancestry: &[Vec<u32>]) {
    let mut scores: HashMap<u32, f32> = HashMap::new();
    for (block, anc) in blocks.iter().zip(ancestry) {
        let chars = block.text.len() as f32;
        if block.words < 12 || block.link_chars as f32 > chars * 0.3 {
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
    for (block, anc) in blocks.iter_mut().zip(ancestry) {
        block.in_main = anc.contains(&best);
    }
}

/// Fills [`Block::ld_overlap`] from the JSON-LD `articleBody`, when the page has a long one.
fn mark_ld_overlap(blocks: &mut [Block], meta: &PageMeta) {
    let Some(body) = meta.ld.body.as_deref().filter(|b| b.len() > 200) else {
        return;
    };
    let lower = body.to_lowercase();
    let words: HashSet<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for block in blocks {
        let text = block.text.to_lowercase();
        let (mut hit, mut all) = (0, 0);
        for w in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            all += 1;
            hit += usize::from(words.contains(w));
        }
        block.ld_overlap = Some(if all == 0 {
            0.0
        } else {
            hit as f32 / all as f32
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_follow_block_elements_and_skip_scripts() {
        let (blocks, meta) = parse(
            "<html lang=ru><head><title>T | Site</title><meta property='og:site_name' content='Site'></head>\
             <body><nav><a href=/>Home</a></nav><article><h1>Head</h1><p>One <b>two</b> three.</p>\
             <script>var x = 1;</script><p>Four<br><br>Five</p></article></body></html>",
        );
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Home", "Head", "One two three.", "Four", "Five"]);
        assert_eq!(blocks[0].hint, Some(RemovedKind::Navigation));
        assert_eq!(blocks[0].link_chars, 4);
        assert_eq!(meta.title_tag.as_deref(), Some("T | Site"));
        assert_eq!(meta.meta(&["og:site_name"]), Some("Site"));
        assert_eq!(meta.lang.as_deref(), Some("ru"));
    }

    #[test]
    fn raw_text_is_stripped_but_json_ld_kept() {
        let page = "<p>a</p><script>if (a<b) {}</script><!-- <p>x</p> --><script type=\"application/ld+json\">{}</script><STYLE>p{}</STYLE><p>b</p>";
        assert_eq!(
            strip_raw_text(page),
            "<p>a</p><script></script><script type=\"application/ld+json\">{}</script><STYLE></STYLE><p>b</p>"
        );
        assert_eq!(
            strip_raw_text("<p>x</p><script>never closed"),
            "<p>x</p><script>never closed"
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(10_000) + "text" + &"</div>".repeat(10_000);
        let (blocks, _) = parse(&html);
        assert_eq!(blocks.len(), 1);
    }
}
