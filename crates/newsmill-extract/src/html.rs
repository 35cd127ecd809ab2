//! HTML pages to blocks and page metadata, in one pass over lol_html's token stream (no DOM is
//! built; decision 13).

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::{Element, SourceLocation, TextChunk, TextType};
use lol_html::{doc_text, element, end_tag, HtmlRewriter, Settings};
use newsmill_model::RemovedKind;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::blocks::Block;
use crate::linear::feature;
use crate::slim::slim;

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

/// Whether a `class` value names content shown on hover: a tooltip, a popover, a rollover
/// or a hover card.
fn names_hover(class: &str) -> bool {
    static HOVER: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(["tooltip", "popover", "rollover", "hovercard", "hover-card"])
            .expect("static patterns")
    });
    HOVER.is_match(class)
}

/// Whether a `class` value shows its element in print only: Bootstrap's `d-none` with a
/// `d-print-*` display (`d-none d-print-block`), `visible-print-block`, Foundation's
/// `show-for-print`, `print-only`. Sites put the citation and copyright notice a printout
/// needs there (decision 47).
fn names_print_only(class: &str) -> bool {
    const PRINT_ONLY: [&str; 7] = [
        "visible-print",
        "visible-print-block",
        "visible-print-inline",
        "visible-print-inline-block",
        "show-for-print",
        "print-only",
        "printonly",
    ];
    let mut screen_none = false;
    let mut print_shown = false;
    for token in class.split_ascii_whitespace() {
        if PRINT_ONLY.iter().any(|p| token.eq_ignore_ascii_case(p)) {
            return true;
        }
        screen_none |= token.eq_ignore_ascii_case("d-none");
        print_shown |= token
            .get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("d-print-"))
            && !token.eq_ignore_ascii_case("d-print-none");
    }
    screen_none && print_shown
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
    // "main-content-wrap has-section-nav": a box that names itself the main content is not
    // chrome because a modifier mentions navigation.
    if stems.iter().any(|s| matches!(*s, "main" | "content")) {
        return None;
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
    /// The element's name where the tree-building rules in [`Walker::close_implied`] need it
    /// (`p`, `li`, `td`, `table`, …), else "".
    name: &'static str,
    tag: &'static str,
    block: bool,
    /// An element whose content is never read (`<script>`, `<nav hidden>`, …).
    skip: bool,
    hint: Option<RemovedKind>,
    /// A picture's box (`<figure>`, a class naming an image or photo): its text is a caption.
    figure: bool,
    link: bool,
    /// Its class names a tooltip, popover or rollover ([`names_hover`]).
    hover: bool,
    /// A child of it was the heading of a box of other stories: the children after it are
    /// that box's stories.
    teasers_follow: bool,
    /// Its class shows it in print only ([`names_print_only`]).
    print_only: bool,
    /// Context features of this element, hashed once when it opens: `in` for the semantic
    /// containers, `c_any` for its class/id stems (`c_near` ones in [`Frame::near`]).
    any: Vec<u32>,
    /// `c_near` features: given only to blocks at most one element below.
    near: Vec<u32>,
    /// What this frame and its ancestors give a block inside it ([`Builder::inherited`]).
    inherited: Option<Inherited>,
}

/// What an open element and its ancestors give every block inside it.
#[derive(Clone)]
struct Inherited {
    /// The `any` features of the element and its ancestors, sorted, without repeats; shared
    /// with the parent when the element adds none, as most do.
    context: Rc<[u32]>,
    /// Ids of the block-level elements among them, outermost first.
    ancestry: Rc<[u32]>,
    /// The innermost block-level tag ("div" when there is none).
    tag: &'static str,
    /// The innermost class hint.
    hint: Option<RemovedKind>,
    /// Whether any of them is outside the article ([`Frame::outside_article`]).
    aside: bool,
}

impl Inherited {
    /// What text outside any element gets.
    fn top() -> Inherited {
        Inherited {
            context: Rc::from([]),
            ancestry: Rc::from([]),
            tag: "div",
            hint: None,
            aside: false,
        }
    }
}

impl Frame {
    /// A container whose text is not the article's: an `<aside>`, a picture's box, or a box
    /// its classes call navigation, teaser, comments, promotion, caption or credit.
    fn outside_article(&self) -> bool {
        self.tag == "aside"
            || self.figure
            || matches!(
                self.hint,
                Some(
                    RemovedKind::Navigation
                        | RemovedKind::Teaser
                        | RemovedKind::Comments
                        | RemovedKind::Promo
                        | RemovedKind::Caption
                        | RemovedKind::Credit
                )
            )
    }
}

#[derive(Default)]
struct Builder {
    frames: Vec<Frame>,
    blocks: Vec<Block>,
    /// For each block, whether it sits in a container that is not the article's (an
    /// `<aside>`, a navigation, teaser, comment or promotion box, a picture's box): such
    /// blocks do not vote for the main container.
    aside: Vec<bool>,
    text: String,
    link_chars: u32,
    next_id: u32,
}

impl Builder {
    /// What the innermost open frame passes to a block inside it, derived on first use
    /// for it and for each ancestor not yet derived. Lazily, because most elements (links,
    /// list items of menus, spans) never end a block themselves.
    fn inherited(&mut self) -> Inherited {
        let Some(last) = self.frames.len().checked_sub(1) else {
            return Inherited::top();
        };
        let from = self.frames[..=last]
            .iter()
            .rposition(|f| f.inherited.is_some())
            .map_or(0, |i| i + 1);
        for i in from..=last {
            let up = i
                .checked_sub(1)
                .and_then(|p| self.frames[p].inherited.clone())
                .unwrap_or_else(Inherited::top);
            let frame = &self.frames[i];
            let context = if frame.any.is_empty() {
                up.context
            } else {
                let mut merged: Vec<u32> = up.context.iter().chain(&frame.any).copied().collect();
                merged.sort_unstable();
                merged.dedup();
                merged.into()
            };
            let ancestry = if frame.block {
                up.ancestry.iter().copied().chain([frame.id]).collect()
            } else {
                up.ancestry
            };
            let inherited = Inherited {
                context,
                ancestry,
                tag: if frame.block { frame.tag } else { up.tag },
                hint: frame.hint.or(up.hint),
                aside: up.aside || frame.outside_article(),
            };
            self.frames[i].inherited = Some(inherited);
        }
        self.frames[last]
            .inherited
            .clone()
            .unwrap_or_else(Inherited::top)
    }

    fn flush(&mut self) {
        if self.text.trim().is_empty() {
            self.text.clear();
            self.link_chars = 0;
            return;
        }
        let raw = std::mem::take(&mut self.text);
        let link_chars = std::mem::take(&mut self.link_chars);
        let top = self.inherited();
        let mut context = top.context.to_vec();
        let near = &self.frames[self.frames.len().saturating_sub(2)..];
        if near.iter().any(|f| !f.near.is_empty()) {
            for frame in near {
                context.extend_from_slice(&frame.near);
            }
            context.sort_unstable();
            context.dedup();
        }
        let teaser_box = self.frames.iter().any(|f| f.teasers_follow);
        let print_only = self.frames.iter().any(|f| f.print_only);
        let Inherited {
            tag,
            hint,
            aside,
            ancestry,
            ..
        } = top;
        // Two line breaks in a row separate paragraphs inside one element.
        let total_chars = raw.chars().count().max(1) as u32;
        let parts: Vec<&str> = if memchr::memmem::find(raw.as_bytes(), b"\n\n").is_some() {
            raw.split("\n\n").collect()
        } else {
            vec![raw.as_str()]
        };
        for part in parts {
            let text = collapse(part);
            if text.is_empty() {
                continue;
            }
            let mut block = Block::new(text, tag);
            let share = block.text.chars().count() as u32;
            block.link_chars = link_chars.min(total_chars) * share / total_chars;
            block.context = context.clone();
            block.hint = hint;
            block.teaser_box = teaser_box;
            block.print_only = print_only;
            block.related_heading = crate::blocks::is_related_heading(&block);
            block.ancestry = Rc::clone(&ancestry);
            self.blocks.push(block);
            self.aside.push(aside);
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

/// Parses `html` into blocks and page metadata, after dropping what extraction never reads
/// ([`slim`]).
pub(crate) fn parse(html: &str) -> (Vec<Block>, PageMeta) {
    parse_dom(&slim(html))
}

/// Parses `html` as it is into blocks and page metadata.
///
/// lol_html tokenizes the page as a stream and calls [`Walker`] for every start tag, end tag
/// and run of text; no DOM is built (decision 13). lol_html reports an end tag for each element
/// it closes, explicitly or because an ancestor closed, but it does not apply HTML's
/// tree-construction rules, so the few that shape blocks (a `<div>` closes an open `<p>`, an
/// `<li>` the previous `<li>`, …) are applied here.
fn parse_dom(html: &str) -> (Vec<Block>, PageMeta) {
    let src: Rc<str> = Rc::from(html);
    let walker = Rc::new(RefCell::new(Walker {
        src: Rc::clone(&src),
        ..Walker::default()
    }));
    {
        let on_element = Rc::clone(&walker);
        let on_text = Rc::clone(&walker);
        tokenize(
            &src,
            Settings {
                element_content_handlers: vec![element!("*", move |el| {
                    let id = on_element.borrow_mut().open(el);
                    if let Some(id) = id {
                        let on_end = Rc::clone(&on_element);
                        el.on_end_tag(end_tag!(move |_| {
                            on_end.borrow_mut().close(id);
                            Ok(())
                        }))?;
                    }
                    Ok(())
                })],
                document_content_handlers: vec![doc_text!(move |chunk| {
                    on_text.borrow_mut().text(chunk);
                    Ok(())
                })],
                ..Settings::new()
            },
        );
    }
    let walker = std::mem::take(&mut *walker.borrow_mut());
    walker.finish()
}

/// Feeds `src` to lol_html with the handlers of `settings`, parsing leniently (as a browser
/// does) and discarding the output.
fn tokenize(src: &str, settings: Settings<'_, '_>) {
    let mut rewriter = HtmlRewriter::new(
        Settings {
            strict: false,
            ..settings
        },
        |_: &[u8]| {},
    );
    // Handlers never fail and memory is not capped, so neither call can; should one, the
    // blocks read so far are still the page's best reading.
    let _ = rewriter.write(src.as_bytes());
    let _ = rewriter.end();
}

/// What a run of text is being collected for, besides the body.
#[derive(Clone, Copy, PartialEq)]
enum Capture {
    Title,
    JsonLd,
}

/// The state of one walk over a page's tokens: the block builder, the page metadata, and the
/// text waiting for the next tag.
#[derive(Default)]
struct Walker {
    /// The page being walked: tag names and attribute values are read as slices of it. Shared,
    /// because lol_html wants end-tag handlers that own what they hold.
    src: Rc<str>,
    b: Builder,
    meta: PageMeta,
    /// Open frames with `skip` set: while any is open, text and elements are not read.
    skipping: u32,
    /// Text since the last tag, entities not yet decoded (lol_html may split a text node).
    pending: String,
    /// Collects `<title>` or JSON-LD text, with the id of the element it belongs to.
    capture: Option<(Capture, u32)>,
    captured: String,
    /// Pages repeat the same class strings thousands of times: each is read once.
    classes: FxHashMap<String, ClassRead>,
}

/// What a `class` (or `id`, `itemprop`) value says, read once per distinct value.
struct ClassRead {
    /// Its stems ([`class_tokens`]).
    stems: Vec<&'static str>,
    /// It names hover content ([`names_hover`]).
    hover: bool,
    /// It shows the element in print only ([`names_print_only`]).
    print_only: bool,
}

impl Walker {
    /// A start tag. Returns the frame id to close at its end tag, if one was opened.
    fn open(&mut self, el: &Element<'_, '_>) -> Option<u32> {
        self.take_text();
        let id = self.b.next_id;
        self.b.next_id += 1;
        let can_have_content = el.can_have_content();
        if self.skipping > 0 {
            return None;
        }
        let src = Rc::clone(&self.src);
        let name = tag_name(&src, el);
        let name = name.as_ref();
        // Most elements of a slimmed page have no attributes left: no lookups for those.
        let plain = el.attributes().is_empty();
        let attrs = if plain {
            Attrs::default()
        } else {
            Attrs::read(&src, el)
        };
        self.read_meta(name, &attrs, id);
        self.close_implied(name);
        let hidden = attrs.hidden
            || attrs.aria_hidden.as_deref() == Some("true") && name != "html" && name != "body";
        let (hover, print_only) = match attrs.class.as_deref() {
            Some(c) => {
                let read = self.read_class(c);
                (read.hover, read.print_only)
            }
            None => (false, false),
        };
        // A hover card (a person's photo and latest stories, a glossary entry) is shown
        // only while the pointer rests on the word it explains: the element that names it
        // inside another that does, links aside, since the link is the word itself.
        let hover_card = hover && name != "a" && self.b.frames.iter().any(|f| f.hover);
        if is_skipped(name) || hidden || hover_card {
            if !can_have_content {
                return None;
            }
            self.skipping += 1;
            self.b.frames.push(Frame {
                id,
                name: "",
                tag: "inline",
                block: false,
                skip: true,
                hint: None,
                figure: false,
                link: false,
                hover: false,
                teasers_follow: false,
                print_only: false,
                any: Vec::new(),
                near: Vec::new(),
                inherited: None,
            });
            return Some(id);
        }
        if name == "br" {
            self.b.text.push('\n');
            return None;
        }
        let mut stems = Vec::new();
        for value in [&attrs.class, &attrs.id].into_iter().flatten() {
            for &s in self.stems_of(value) {
                if !stems.contains(&s) {
                    stems.push(s);
                }
            }
        }
        if attrs.rel.as_ref().is_some_and(|r| r.contains("author")) {
            stems.push("author");
        }
        // Schema.org microdata names what an element is (`itemprop="articleBody"`), whatever
        // the site's class names: its stems are features of their own.
        let mut props = Vec::new();
        if let Some(value) = &attrs.itemprop {
            props.extend(self.stems_of(value).iter().map(|s| feature("ip_any", s)));
        }
        let block = block_tag(name);
        if block.is_some() {
            self.b.flush();
        }
        if !can_have_content {
            return None;
        }
        let tag = block.unwrap_or("inline");
        let link = name == "a";
        let page_level = name == "body" || name == "html";
        let mut any: Vec<u32> = stems.iter().map(|s| feature("c_any", s)).collect();
        any.extend(props);
        if block.is_some()
            && matches!(
                tag,
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
        {
            any.push(feature("in", tag));
        }
        if link {
            any.push(feature("in", "a"));
        }
        self.b.frames.push(Frame {
            id,
            name: implied_name(name),
            tag,
            block: block.is_some(),
            skip: false,
            // `<body>` classes describe the page ("no-sidebar nav-below-header
            // featured-image-active"), not a box within it.
            hint: if page_level {
                None
            } else {
                hint_of(tag, &stems)
            },
            figure: !page_level
                && (tag == "figure"
                    || stems.iter().any(|s| {
                        matches!(*s, "image" | "photo" | "gallery" | "figure" | "img" | "pic")
                    })),
            link,
            hover,
            teasers_follow: false,
            print_only,
            near: stems.iter().map(|s| feature("c_near", s)).collect(),
            any,
            inherited: None,
        });
        Some(id)
    }

    /// The metadata a start tag carries: `<html lang>`, `<meta>`, canonical link, `<time>`,
    /// and the start of `<title>` or JSON-LD text.
    fn read_meta(&mut self, name: &str, attrs: &Attrs<'_>, id: u32) {
        let decoded =
            |value: &Option<Cow<'_, str>>| value.as_ref().map(|v| decode_entities(v.to_string()));
        match name {
            "html" => self.meta.lang = decoded(&attrs.lang),
            "meta" => {
                let key = [
                    &attrs.property,
                    &attrs.name,
                    &attrs.itemprop,
                    &attrs.http_equiv,
                ]
                .into_iter()
                .find(|k| k.is_some())
                .and_then(decoded);
                if let (Some(k), Some(v)) = (key, decoded(&attrs.content)) {
                    self.meta.metas.push((k.to_ascii_lowercase(), v));
                }
            }
            "link"
                if attrs
                    .rel
                    .as_ref()
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                self.meta.canonical = decoded(&attrs.href);
            }
            "time" if self.meta.times.len() < 8 => {
                if let Some(dt) = decoded(&attrs.datetime) {
                    self.meta.times.push(dt);
                }
            }
            "title" if self.meta.title_tag.is_none() => {
                self.capture = Some((Capture::Title, id));
            }
            "script"
                if attrs
                    .type_
                    .as_ref()
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                self.capture = Some((Capture::JsonLd, id));
            }
            _ => {}
        }
    }

    /// The class-name stems of a `class`, `id` or `itemprop` value.
    fn stems_of(&mut self, value: &str) -> &[&'static str] {
        &self.read_class(value).stems
    }

    /// What a `class`, `id` or `itemprop` value says, read once per distinct value: pages
    /// repeat the same few values thousands of times.
    fn read_class(&mut self, value: &str) -> &ClassRead {
        if !self.classes.contains_key(value) {
            let mut stems = Vec::new();
            class_tokens(value, &mut stems);
            let read = ClassRead {
                stems,
                hover: names_hover(value),
                print_only: names_print_only(value),
            };
            self.classes.insert(value.to_owned(), read);
        }
        &self.classes[value]
    }

    /// Applies the tree-construction rules that end an element without its end tag, for the
    /// elements that make blocks: a block-level start tag closes an open `<p>`; `<li>`, `<dt>`,
    /// `<dd>`, `<tr>` and cells close their open predecessor; a heading closes a heading.
    fn close_implied(&mut self, name: &str) {
        let frames = &self.b.frames;
        // Searches open elements from the innermost for one of `targets`, giving up at any of
        // `walls` (HTML's "scope").
        let find = |targets: &[&str], walls: &[&str]| -> Option<usize> {
            for (i, f) in frames.iter().enumerate().rev() {
                if targets.contains(&f.name) {
                    return Some(i);
                }
                if walls.contains(&f.name) {
                    return None;
                }
            }
            None
        };
        const SCOPE: &[&str] = &["table", "td", "th", "caption", "button", "html", "template"];
        let at = match name {
            "li" => find(&["li"], &["ul", "ol", "table", "td", "th", "html"]),
            "dt" | "dd" => find(&["dt", "dd"], &["dl", "table", "td", "th", "html"]),
            "tr" => find(&["tr"], &["table", "html", "template"]),
            "td" | "th" => find(&["td", "th"], &["tr", "table", "html", "template"]),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => frames
                .last()
                .is_some_and(|f| f.name == "h")
                .then(|| frames.len() - 1),
            _ => None,
        };
        let at = at.or_else(|| closes_p(name).then(|| find(&["p"], SCOPE)).flatten());
        if let Some(at) = at {
            self.pop_to(at);
        }
    }

    /// An end tag (or an element lol_html closed because an ancestor ended): closes the frame
    /// `id` and any still open inside it. A frame already closed by a rule above is ignored.
    fn close(&mut self, id: u32) {
        self.take_text();
        if self.capture.is_some_and(|(_, c)| c == id) {
            self.end_capture();
        }
        if let Some(at) = self.b.frames.iter().rposition(|f| f.id == id) {
            self.pop_to(at);
        }
    }

    /// Pops open frames down to and including index `at`, ending each block as it closes.
    fn pop_to(&mut self, at: usize) {
        while self.b.frames.len() > at {
            let blocks_before = self.b.blocks.len();
            if self.b.frames.last().is_some_and(|f| f.block) {
                self.b.flush();
            }
            if let Some(frame) = self.b.frames.pop() {
                if frame.skip {
                    self.skipping -= 1;
                }
                // A box of other stories: its heading, then the stories, in one container.
                // The heading says so by its class or by its words.
                let class_says = frame.hint == Some(RemovedKind::Teaser)
                    && matches!(frame.tag, "h1" | "h2" | "h3" | "h4");
                // Or its words, read once when the block was made.
                let text_says = || {
                    self.b.blocks[blocks_before..]
                        .last()
                        .is_some_and(|b| b.related_heading)
                };
                if frame.block && (class_says || text_says()) {
                    if let Some(parent) = self.b.frames.last_mut() {
                        parent.teasers_follow = true;
                    }
                }
            }
        }
    }

    /// A run of text from lol_html.
    fn text(&mut self, chunk: &TextChunk<'_>) {
        let text = chunk.as_str();
        if let Some((kind, _)) = self.capture {
            if kind == Capture::JsonLd || chunk.text_type() != TextType::ScriptData {
                self.captured.push_str(text);
            }
        } else if self.skipping == 0 && chunk.text_type() == TextType::Data {
            self.pending.push_str(text);
        }
    }

    /// Moves the pending text into the current block, decoded.
    fn take_text(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut text = decode_entities(std::mem::take(&mut self.pending));
        // Like the HTML parser: CRLF and CR are line feeds (two make a paragraph break).
        if memchr::memchr(b'\r', text.as_bytes()).is_some() {
            text = text.replace("\r\n", "\n").replace('\r', "\n");
        }
        if self.b.frames.iter().any(|f| f.link) {
            self.b.link_chars += text.chars().filter(|c| !c.is_whitespace()).count() as u32;
        }
        self.b.text.push_str(&text);
        // The buffer is kept for the next run of text.
        text.clear();
        self.pending = text;
    }

    fn end_capture(&mut self) {
        let Some((kind, _)) = self.capture.take() else {
            return;
        };
        let text = std::mem::take(&mut self.captured);
        match kind {
            Capture::Title => self.meta.title_tag = Some(collapse(&decode_entities(text))),
            Capture::JsonLd => self.meta.json_ld.push(text),
        }
    }

    /// Ends the walk: closes what is open and derives the page-level marks.
    fn finish(mut self) -> (Vec<Block>, PageMeta) {
        self.take_text();
        self.end_capture();
        self.pop_to(0);
        self.b.flush();
        let Walker {
            mut b, mut meta, ..
        } = self;
        // Byline candidates for the author field.
        for block in &b.blocks {
            if block.hint == Some(RemovedKind::Meta) && block.words <= 8 && meta.bylines.len() < 4 {
                meta.bylines.push(block.text.clone());
            }
        }
        meta.ld = crate::meta::json_ld_article(&meta).unwrap_or_default();
        mark_main(&mut b.blocks, &b.aside);
        mark_overlaps(&mut b.blocks, &meta);
        (b.blocks, meta)
    }
}

/// The lower-case name of `el`'s start tag, read from the page (`src`) where it can be: lol_html's
/// own accessor allocates a string per call, and the walk asks once per element.
fn tag_name<'a>(src: &'a str, el: &Element<'_, '_>) -> Cow<'a, str> {
    let raw = src.get(el.source_location().bytes()).and_then(|tag| {
        let name = tag.strip_prefix('<')?;
        let end = name
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .unwrap_or(name.len());
        Some(&name[..end]).filter(|n| !n.is_empty())
    });
    match raw {
        Some(name) if !name.bytes().any(|b| b.is_ascii_uppercase()) => Cow::Borrowed(name),
        Some(name) => Cow::Owned(name.to_ascii_lowercase()),
        None => Cow::Owned(el.tag_name()),
    }
}

/// The attributes of a start tag that extraction reads, as the page wrote them (character
/// references not yet decoded), borrowed from the page where lol_html gives their place in it;
/// the first of a repeated name counts, as in a browser. One pass over the tag replaces a scan
/// and two allocations per `get_attribute` call (lol_html lower-cases the asked name into a
/// new string, then copies the value), which profiling put at a tenth of the walk.
#[derive(Default)]
struct Attrs<'a> {
    hidden: bool,
    aria_hidden: Option<Cow<'a, str>>,
    class: Option<Cow<'a, str>>,
    id: Option<Cow<'a, str>>,
    rel: Option<Cow<'a, str>>,
    itemprop: Option<Cow<'a, str>>,
    lang: Option<Cow<'a, str>>,
    property: Option<Cow<'a, str>>,
    name: Option<Cow<'a, str>>,
    http_equiv: Option<Cow<'a, str>>,
    content: Option<Cow<'a, str>>,
    datetime: Option<Cow<'a, str>>,
    type_: Option<Cow<'a, str>>,
    href: Option<Cow<'a, str>>,
}

impl<'a> Attrs<'a> {
    /// Reads `el`'s attributes from `src`, the text lol_html is tokenizing.
    fn read(src: &'a str, el: &Element<'_, '_>) -> Self {
        let mut attrs = Attrs::default();
        for attr in el.attributes() {
            let span = |at: Option<SourceLocation>| at.and_then(|at| src.get(at.bytes()));
            // lol_html gives no place for an attribute without a value (`<div hidden>`):
            // those are copied out.
            let (name, value): (Cow<'a, str>, Cow<'a, str>) = match (
                span(attr.name_source_location()),
                span(attr.value_source_location()),
            ) {
                (Some(name), Some(value)) => (name.into(), value.into()),
                _ => (attr.name().into(), attr.value().into()),
            };
            let is = |key: &str| name.eq_ignore_ascii_case(key);
            let slot = match name.len() {
                2 if is("id") => &mut attrs.id,
                3 if is("rel") => &mut attrs.rel,
                4 if is("lang") => &mut attrs.lang,
                4 if is("name") => &mut attrs.name,
                4 if is("type") => &mut attrs.type_,
                4 if is("href") => &mut attrs.href,
                5 if is("class") => &mut attrs.class,
                6 if is("hidden") => {
                    attrs.hidden = true;
                    continue;
                }
                7 if is("content") => &mut attrs.content,
                8 if is("itemprop") => &mut attrs.itemprop,
                8 if is("property") => &mut attrs.property,
                8 if is("datetime") => &mut attrs.datetime,
                10 if is("http-equiv") => &mut attrs.http_equiv,
                11 if is("aria-hidden") => &mut attrs.aria_hidden,
                _ => continue,
            };
            slot.get_or_insert(value);
        }
        attrs
    }
}

/// The names [`Walker::close_implied`] tests frames for, as static strings; headings are "h".
fn implied_name(name: &str) -> &'static str {
    match name {
        "p" => "p",
        "li" => "li",
        "dt" => "dt",
        "dd" => "dd",
        "tr" => "tr",
        "td" => "td",
        "th" => "th",
        "ul" => "ul",
        "ol" => "ol",
        "dl" => "dl",
        "table" => "table",
        "caption" => "caption",
        "button" => "button",
        "html" => "html",
        "template" => "template",
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => "h",
        _ => "",
    }
}

/// Start tags that close an open `<p>` (HTML's "close a p element" in the in-body rules).
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "dd"
            | "dt"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "ul"
    )
}

/// `text` with character references decoded (`&amp;`, `&laquo;`, `&#8212;`); the string itself
/// when it has none.
fn decode_entities(text: String) -> String {
    let decoded = match html_escape::decode_html_entities(&text) {
        Cow::Owned(d) => Some(d),
        Cow::Borrowed(_) => None,
    };
    decoded.unwrap_or(text)
}

/// Marks the blocks inside the element that holds most paragraph-like text (Readability's idea:
/// each long, link-poor block gives its length to its parent and half to its grandparent).
fn mark_main(blocks: &mut [Block], aside: &[bool]) {
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
fn mark_overlaps(blocks: &mut [Block], meta: &PageMeta) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph long enough to count for the main container.
    fn para(topic: &str) -> String {
        format!(
            "<p>The {topic} report, published on Monday, says that the council will meet again \
             next week, and that the vote, delayed twice, is now expected before the summer.</p>"
        )
    }

    fn main_texts(html: &str) -> Vec<String> {
        let (blocks, _) = parse(html);
        blocks
            .into_iter()
            .filter(|b| b.in_main)
            .map(|b| b.text)
            .collect()
    }

    #[test]
    fn hover_cards_inside_the_word_they_explain_are_not_read() {
        let html = "<p>He threatened Rep. <span class=\"rollover-people\">\
             <a class=\"rollover-people-link\" href=\"/p/1\">Ilhan Omar</a>\
             <span class=\"rollover-people-block\"><a href=\"/s/2\">Latest stories about \
             her</a></span></span> (D-Minn.) in June.</p>\
             <p>A <span class=\"tooltip\">quorum<span class=\"tooltiptext\">the least number \
             of members</span></span> was present.</p>";
        let (blocks, _) = parse(html);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "He threatened Rep. Ilhan Omar (D-Minn.) in June.",
                "A quorum was present."
            ]
        );
    }

    #[test]
    fn print_only_elements_are_marked() {
        let html = "<article><p>Seen on screen.</p>\
             <div class=\"d-none d-print-block\"><p>Citation: retrieved 18 November.</p></div>\
             <div class=\"d-none d-md-block\"><p>Shown on wider screens.</p></div>\
             <p class=\"visible-print-block\">This document is subject to copyright.</p>\
             </article>";
        let (blocks, _) = parse(html);
        let marks: Vec<(&str, bool)> = blocks
            .iter()
            .map(|b| (b.text.as_str(), b.print_only))
            .collect();
        assert_eq!(
            marks,
            [
                ("Seen on screen.", false),
                ("Citation: retrieved 18 November.", true),
                ("Shown on wider screens.", false),
                ("This document is subject to copyright.", true),
            ]
        );
        assert!(names_print_only("D-NONE d-print-inline"));
        assert!(!names_print_only("d-none d-print-none"));
        assert!(!names_print_only("d-print-block"));
    }

    #[test]
    fn what_follows_a_related_heading_in_its_box_is_marked() {
        let html = format!(
            "<body><article><div class=\"entry\">{}{}</div>\
             <div class=\"box\"><h3>Você pode gostar...</h3><article>{}</article>\
             <article>{}</article></div>\
             <div><h3 class=\"relatedpoststitle\">More</h3><ul><li>Other story</li></ul></div>\
             {}</article></body>",
            para("lead"),
            para("body"),
            para("teaser1"),
            para("teaser2"),
            para("after")
        );
        let (blocks, _) = parse(&html);
        let starts: Vec<String> = blocks
            .iter()
            .map(|b| b.text.chars().take(16).collect())
            .collect();
        let marked: Vec<(&str, bool)> = starts
            .iter()
            .zip(&blocks)
            .map(|(s, b)| (s.as_str(), b.teaser_box))
            .collect();
        assert_eq!(
            marked,
            [
                ("The lead report,", false),
                ("The body report,", false),
                ("Você pode gostar", false),
                ("The teaser1 repo", true),
                ("The teaser2 repo", true),
                ("More", false),
                ("Other story", true),
                // Past the box, the article's own container is unmarked.
                ("The after report", false),
            ]
        );
    }

    #[test]
    fn an_article_split_into_section_boxes_is_main_as_a_whole() {
        let sections: String = ["budget", "school", "road", "park"]
            .iter()
            .map(|t| {
                format!(
                    "<div class=\"block\"><div class=\"text\">{}{}</div></div>",
                    para(t),
                    para(t)
                )
            })
            .collect();
        let html = format!(
            "<body><div class=\"article\">{sections}</div><div>{}</div></body>",
            para("other")
        );
        let main = main_texts(&html);
        assert_eq!(main.len(), 8, "{main:?}");
        assert!(main.iter().all(|t| !t.contains("other")));
    }

    #[test]
    fn asides_captions_and_page_classes_do_not_choose_the_main_container() {
        let teasers: String = (0..6)
            .map(|i| format!("<article>{}</article>", para(&format!("teaser{i}"))))
            .collect();
        let html = format!(
            "<body class=\"no-sidebar nav-below-header featured-image\">\
             <div class=\"main-content has-section-nav\"><article>\
             <div class=\"image\"><p>In this file photo, made available by the agency, the \
             minister, left, and his deputy, right, arrive at the meeting, in Berlin, on May 2, 2019, \
             with the delegation, escorted by police, officials, guards, and reporters.</p></div>\
             {}{}</article></div><aside>{teasers}</aside></body>",
            para("lead"),
            para("body")
        );
        let main = main_texts(&html);
        assert_eq!(main.len(), 3, "{main:?}");
        assert!(main.iter().any(|t| t.contains("lead")) && main.iter().any(|t| t.contains("body")));
        let (blocks, _) = parse(&html);
        assert!(blocks
            .iter()
            .any(|b| b.text.contains("lead") && b.hint.is_none()));
    }

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
    fn omitted_end_tags_close_as_in_a_browser() {
        let (blocks, _) = parse(
            "<body><div class=story><p>One.<p>Two.<div>Three.</div><ul><li>A<li>B</ul>\
             <table><tr><td>x<td>y<tr><td>z</table><h2>Head<h3>Sub</h3></div>\
             <footer>Foot</footer></body>",
        );
        let texts: Vec<(&str, &str)> = blocks.iter().map(|b| (b.text.as_str(), b.tag)).collect();
        assert_eq!(
            texts,
            [
                ("One.", "p"),
                ("Two.", "p"),
                ("Three.", "div"),
                ("A", "li"),
                ("B", "li"),
                ("x", "td"),
                ("y", "td"),
                ("z", "td"),
                ("Head", "h2"),
                ("Sub", "h3"),
                ("Foot", "footer"),
            ]
        );
        // "Three." is the div's own text, not inside the paragraph before it: the two `<p>`
        // blocks and the div are siblings, and only the footer is outside the story box.
        let story = blocks[0].context.clone();
        assert!(blocks[..10].iter().all(|b| b.hint.is_none()));
        assert_ne!(blocks[10].context, story);
        assert_eq!(blocks[10].hint, Some(RemovedKind::Navigation));
    }

    #[test]
    fn character_references_and_line_breaks_are_decoded() {
        let (blocks, meta) = parse(
            "<html><head><title>A &amp; B &laquo;C&raquo;</title>\
             <meta property=og:title content=\"Q&amp;A &#8212; now\"></head>\
             <body><div>Line&nbsp;one\r\n\r\nLine two &#x2014; &lt;b&gt;</div></body></html>",
        );
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        // `&nbsp;` decodes to a no-break space, which block text collapses like any space.
        assert_eq!(texts, ["Line one", "Line two — <b>"]);
        assert_eq!(meta.title_tag.as_deref(), Some("A & B «C»"));
        assert_eq!(meta.meta(&["og:title"]), Some("Q&A — now"));
    }

    #[test]
    fn unread_elements_end_with_their_parent_when_their_end_tag_is_missing() {
        let (blocks, meta) = parse(
            "<div><select><option>one<option>two</select><p>After select.</p>\
             <div hidden><p>Hidden.<span>deep</div><p>After hidden.</p>\
             <section><button>Press</section><p>After button.</p></div>\
             <script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"headline\":\"H &amp; I\"}</script>",
        );
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["After select.", "After hidden.", "After button."]);
        // JSON-LD is read as it is written: its references are JSON's business, not HTML's.
        assert_eq!(meta.json_ld.len(), 1);
        assert!(meta.json_ld[0].contains("H &amp; I"));
    }

    /// A parse with the element ids of [`Block::ancestry`] renumbered in order of first use:
    /// slimming drops elements, so the ids differ while the tree they describe does not.
    fn numbered((mut blocks, meta): (Vec<Block>, PageMeta)) -> (Vec<Block>, PageMeta) {
        let mut ids: HashMap<u32, u32> = HashMap::new();
        for block in &mut blocks {
            let renumbered: Vec<u32> = block
                .ancestry
                .iter()
                .map(|id| {
                    let next = ids.len() as u32;
                    *ids.entry(*id).or_insert(next)
                })
                .collect();
            block.ancestry = renumbered.into();
        }
        (blocks, meta)
    }

    /// The slimming pass changes the cost of a parse, never its result: every real page in the
    /// shared dev set gives the same blocks and metadata with and without it.
    #[test]
    fn slimming_keeps_every_dev_page_the_same() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/extraction/dev"
        );
        let Ok(entries) = std::fs::read_dir(dir) else {
            eprintln!("skipped: {dir} is not there");
            return;
        };
        let mut pages = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("html") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("readable page");
            let (html, _) = crate::decode::decode(&bytes, None, true, None);
            let slimmed = slim(&html);
            assert!(slimmed.len() < html.len(), "{}", path.display());
            assert_eq!(
                format!("{:?}", numbered(parse_dom(&html))),
                format!("{:?}", numbered(parse_dom(&slimmed))),
                "{}",
                path.display()
            );
            pages += 1;
        }
        assert!(pages >= 90, "only {pages} pages in {dir}");
    }

    fn tag_soup() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        proptest::collection::vec(
            prop_oneof![
                Just("<p class=lead style='a>b' data-x=\"1\">"),
                Just("</p>"),
                Just("<div id=main onclick=go() hidden>"),
                Just("<DIV CLASS=\"Article-Body\"/ >"),
                Just("</div>"),
                Just("<nav aria-hidden=true>"),
                Just("</nav>"),
                Just("<script src=x.js>var a = '<p>';"),
                Just("</script>"),
                Just("<script type=application/ld+json>{\"@type\":\"NewsArticle\"}"),
                Just("<style>p{}"),
                Just("</style>"),
                Just("<title>a <b x=y> c"),
                Just("</title>"),
                Just("<textarea><p style=x>"),
                Just("</textarea>"),
                Just("<!--"),
                Just("-->"),
                Just("--!>"),
                Just("<!-->"),
                Just("<a href='/x' title=\"t\">"),
                Just("</a>"),
                Just("<link rel=canonical href=https://e.com/a>"),
                Just("<meta property=og:title content='T > U'>"),
                Just("<time datetime=2023-09-20 class=date>"),
                Just("<table><input type=hidden name=n><tr><td>"),
                Just("<br/>"),
                Just("<img src=x alt=\"a>b\">"),
                Just("< p>"),
                Just("<"),
                Just("="),
                Just("'"),
                Just("\""),
                Just(">"),
                Just("<script><!--"),
                Just("<script>"),
                Just("<noscript><p class=x>"),
                Just("</noscript>"),
                Just("<iframe src=x>"),
                Just("</iframe>"),
                Just("<plaintext>"),
                Just("<div class = \"x\" >"),
                Just("<x-y data=1 class=z>"),
                Just("<SPAN Class=a CLASS=b ARIA-HIDDEN=true Hidden>"),
                Just("<meta NAME=description content=a&amp;b itemprop=x HTTP-EQUIV=y>"),
                Just("<html lang='ru' id=\"\" rel>"),
                Just("<?xml version='1.0'?>"),
                Just("<!DOCTYPE html>"),
                Just("</p foo='>'>"),
                Just("&lt;"),
                Just("Слова и текст, "),
                Just("more words. "),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// The walk reads tag names and attributes from the page itself; they must be what
        /// lol_html's own (allocating) accessors return, on any input.
        #[test]
        fn tags_are_read_as_lol_html_reads_them(html in tag_soup()) {
            let mismatches = RefCell::new(Vec::new());
            tokenize(
                &html,
                Settings {
                    element_content_handlers: vec![element!("*", |el| {
                        let attrs = Attrs::read(&html, el);
                        let read = [
                            ("aria-hidden", &attrs.aria_hidden),
                            ("class", &attrs.class),
                            ("id", &attrs.id),
                            ("rel", &attrs.rel),
                            ("itemprop", &attrs.itemprop),
                            ("lang", &attrs.lang),
                            ("property", &attrs.property),
                            ("name", &attrs.name),
                            ("http-equiv", &attrs.http_equiv),
                            ("content", &attrs.content),
                            ("datetime", &attrs.datetime),
                            ("type", &attrs.type_),
                            ("href", &attrs.href),
                        ];
                        let mut m = mismatches.borrow_mut();
                        if tag_name(&html, el) != el.tag_name() {
                            m.push(format!("tag {}", el.tag_name()));
                        }
                        if attrs.hidden != el.has_attribute("hidden") {
                            m.push("hidden".to_owned());
                        }
                        for (key, value) in read {
                            if value.as_deref().map(str::to_owned) != el.get_attribute(key) {
                                m.push(format!("{key}: {value:?}"));
                            }
                        }
                        Ok(())
                    })],
                    ..Settings::new()
                },
            );
            proptest::prop_assert!(mismatches.borrow().is_empty(), "{:?}", mismatches.borrow());
        }

        /// Same property on generated tag soup: quotes holding `>`, unclosed tags and comments,
        /// raw-text elements, self-closing and upper-case tags. (Inline SVG is left out: its
        /// body is dropped whole, even where HTML inside it would break out of foreign content.)
        #[test]
        fn slimming_keeps_tag_soup_the_same(html in tag_soup()) {
            proptest::prop_assert_eq!(
                format!("{:?}", parse_dom(&html)),
                format!("{:?}", parse_dom(&slim(&html)))
            );
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(10_000) + "text" + &"</div>".repeat(10_000);
        let (blocks, _) = parse(&html);
        assert_eq!(blocks.len(), 1);
    }
}
