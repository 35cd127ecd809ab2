//! The markup's vocabulary: which elements are blocks or never read, hover cards and
//! print-only classes, and the class and id stems that hint at chrome (with the kind they name).
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use newsmill_model::RemovedKind;

/// Elements whose content is never article text.
pub(super) fn is_skipped(tag: &str) -> bool {
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
pub(super) fn names_hover(class: &str) -> bool {
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
pub(super) fn names_print_only(class: &str) -> bool {
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
pub(super) fn block_tag(tag: &str) -> Option<&'static str> {
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
pub(super) fn class_tokens(value: &str, out: &mut Vec<&'static str>) {
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

pub(super) fn hint_of(tag: &str, stems: &[&'static str]) -> Option<RemovedKind> {
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
