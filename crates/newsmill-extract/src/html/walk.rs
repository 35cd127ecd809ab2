//! One pass over lol_html's token stream: elements opened and closed as a browser's tree
//! builder would (implied end tags), attributes read in place, text gathered into blocks, and
//! the page's metadata read on the way.
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::{Element, SourceLocation, TextChunk, TextType};
use lol_html::{doc_text, element, end_tag, HtmlRewriter, Settings};
use newsmill_model::RemovedKind;
use rustc_hash::FxHashMap;

use super::context::{Builder, Frame};
use super::main_container::{mark_main, mark_overlaps};
use super::vocab::{block_tag, class_tokens, hint_of, is_skipped, names_hover, names_print_only};
use super::{collapse, PageMeta};
use crate::blocks::Block;
use crate::dates::{DateMark, Role};
use crate::linear::feature;

/// How many date-holding elements a page's metadata keeps: the page's own date is near the
/// top, and a long list of teasers has one per item.
const MAX_DATE_MARKS: usize = 24;

/// Parses `html` as it is into blocks and page metadata.
///
/// lol_html tokenizes the page as a stream and calls [`Walker`] for every start tag, end tag
/// and run of text; no DOM is built (decision 13). lol_html reports an end tag for each element
/// it closes, explicitly or because an ancestor closed, but it does not apply HTML's
/// tree-construction rules, so the few that shape blocks (a `<div>` closes an open `<p>`, an
/// `<li>` the previous `<li>`, …) are applied here.
pub(super) fn parse_dom(html: &str) -> (Vec<Block>, PageMeta) {
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
pub(super) fn tokenize(src: &str, settings: Settings<'_, '_>) {
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
pub(super) struct Walker {
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
    pub(super) fn open(&mut self, el: &Element<'_, '_>) -> Option<u32> {
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
        let hidden = attrs.hidden && !is_streamed_segment(attrs.id.as_deref())
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
        if name != "meta" && self.meta.marks.len() < MAX_DATE_MARKS {
            self.read_date_mark(name, attrs);
        }
    }

    /// Records an element that holds a date: a `<time>`, an element whose `itemprop` names
    /// a date, or one whose class says date or timestamp.
    fn read_date_mark(&mut self, name: &str, attrs: &Attrs<'_>) {
        let prop_is = |p: &str| {
            attrs
                .itemprop
                .as_deref()
                .is_some_and(|v| v.eq_ignore_ascii_case(p))
        };
        let prop_role =
            if prop_is("datepublished") || prop_is("datecreated") || prop_is("uploaddate") {
                Some(Role::Published)
            } else if prop_is("datemodified") {
                Some(Role::Modified)
            } else {
                None
            };
        if name != "time" && prop_role.is_none() && attrs.class.is_none() {
            return;
        }
        let (class_says_date, class_role) = match attrs.class.as_deref() {
            Some(c) => {
                let stems = self.stems_of(c);
                let role = if stems.contains(&"update") {
                    Role::Modified
                } else if stems.contains(&"published") {
                    Role::Published
                } else {
                    Role::Unknown
                };
                let says = stems
                    .iter()
                    .any(|s| matches!(*s, "date" | "timestamp" | "published"));
                (says, role)
            }
            None => (false, Role::Unknown),
        };
        let role = prop_role.unwrap_or(class_role);
        let decoded =
            |value: &Option<Cow<'_, str>>| value.as_ref().map(|v| decode_entities(v.to_string()));
        let value = decoded(&attrs.datetime).or_else(|| decoded(&attrs.content));
        let mark = match name {
            "time" => Some(value),
            _ if prop_role.is_some() => Some(value),
            _ if class_says_date => Some(None),
            _ => None,
        };
        if let Some(value) = mark {
            self.meta.marks.push(DateMark {
                value,
                role,
                block: self.b.blocks.len(),
            });
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
    pub(super) fn close(&mut self, id: u32) {
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
    pub(super) fn text(&mut self, chunk: &TextChunk<'_>) {
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
    pub(super) fn finish(mut self) -> (Vec<Block>, PageMeta) {
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
pub(super) fn tag_name<'a>(src: &'a str, el: &Element<'_, '_>) -> Cow<'a, str> {
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
pub(super) struct Attrs<'a> {
    pub(super) hidden: bool,
    pub(super) aria_hidden: Option<Cow<'a, str>>,
    pub(super) class: Option<Cow<'a, str>>,
    pub(super) id: Option<Cow<'a, str>>,
    pub(super) rel: Option<Cow<'a, str>>,
    pub(super) itemprop: Option<Cow<'a, str>>,
    pub(super) lang: Option<Cow<'a, str>>,
    pub(super) property: Option<Cow<'a, str>>,
    pub(super) name: Option<Cow<'a, str>>,
    pub(super) http_equiv: Option<Cow<'a, str>>,
    pub(super) content: Option<Cow<'a, str>>,
    pub(super) datetime: Option<Cow<'a, str>>,
    pub(super) type_: Option<Cow<'a, str>>,
    pub(super) href: Option<Cow<'a, str>>,
}

impl<'a> Attrs<'a> {
    /// Reads `el`'s attributes from `src`, the text lol_html is tokenizing.
    pub(super) fn read(src: &'a str, el: &Element<'_, '_>) -> Self {
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

/// Whether a hidden element is a segment of a page streamed by React (`<div hidden
/// id="S:4">`, `id="S:f"`: the number is written in base 32): the page's script moves it into place as soon as it arrives, so a reader sees
/// it. Next.js sites send their whole article this way.
fn is_streamed_segment(id: Option<&str>) -> bool {
    id.and_then(|id| id.strip_prefix("S:"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric()))
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
