//! A byte-level pass that shrinks a page before the HTML tokenizer sees it.
//!
//! Profiling the dev pages (158 KB of HTML each on average) put most of extraction time in
//! tokenizing and tree building, and most of what was tokenized is never read: script
//! and style bodies, inline SVG, comments, and attributes such as `src`, `srcset`, `style`,
//! `onclick` or `data-*` (after scripts, 68 % of the remaining bytes sit inside start tags). This
//! pass drops them with `memchr` scans so the parser works on about a third of the input:
//!
//! - the bodies of `<script>` (except JSON-LD), `<style>` and `<svg>`; the tags stay, so the tree
//!   keeps its shape;
//! - comments;
//! - every attribute of a start tag but the few extraction reads ([`KEPT`]), and `href` except
//!   on `<link>`.
//!
//! It follows the HTML tokenizer's rules for where a tag starts and ends (quoted values may hold
//! `>`; `<` starts a tag only before an ASCII letter) and leaves the text of raw-text elements
//! (`<title>`, `<textarea>`, `<noscript>`, …) untouched, where `<b>` is text, not a tag. Whatever
//! it cannot read as a complete tag (a page cut inside a tag or a comment) it copies unchanged,
//! so the parser still decides what broken input means. Extraction of a slimmed page is the same
//! as of the original (a property test checks it); only the parse is cheaper.
//!
//! See `docs/decisions/0013-streaming-html-and-slim-pages.md`.

use memchr::{memchr, memmem};

/// Attributes extraction reads (`html.rs`), lower-case; `href` is kept on `<link>` only.
/// `type` also steers the tree builder (`<input type=hidden>` in tables).
const KEPT: [&[u8]; 13] = [
    b"aria-hidden",
    b"class",
    b"content",
    b"datetime",
    b"hidden",
    b"http-equiv",
    b"id",
    b"itemprop",
    b"lang",
    b"name",
    b"property",
    b"rel",
    b"type",
];

/// Elements whose content the tokenizer reads as text up to their end tag, with that end tag:
/// copied as they are, so that a `<b>` inside a `<title>` stays text.
const RAW_TEXT: [(&[u8], &[u8]); 7] = [
    (b"title", b"</title"),
    (b"textarea", b"</textarea"),
    (b"noscript", b"</noscript"),
    (b"xmp", b"</xmp"),
    (b"iframe", b"</iframe"),
    (b"noembed", b"</noembed"),
    (b"noframes", b"</noframes"),
];

/// What follows a start tag.
enum After {
    /// Ordinary markup.
    Markup,
    /// A body the parser reads as text up to the end tag: dropped (`script`, `style`, `svg`).
    Drop(&'static [u8]),
    /// A body read as text up to the end tag: copied as it is (`title`, `textarea`, JSON-LD …).
    Copy(&'static [u8]),
    /// Text to the end of the page (`plaintext`).
    Rest,
}

/// Returns `html` without what extraction never reads (see the module documentation).
pub(crate) fn slim(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len() / 2);
    let mut at = 0;
    while let Some(i) = memchr(b'<', &bytes[at..]) {
        let lt = at + i;
        out.extend_from_slice(&bytes[at..lt]);
        let rest = &bytes[lt..];
        if rest.starts_with(b"<!--") {
            let end = comment_end(rest);
            match end {
                Some(end) => at = lt + end,
                None => {
                    out.extend_from_slice(rest);
                    at = bytes.len();
                }
            }
            continue;
        }
        match rest.get(1) {
            Some(b) if b.is_ascii_alphabetic() => {}
            Some(b'/' | b'!' | b'?') => {
                out.push(b'<');
                at = lt + 1;
                continue;
            }
            _ => {
                // A `<` that is text. Written as a reference, so that a comment dropped after
                // it cannot join it to the next word as a tag (`<<!---->b` is the text `<b`).
                out.extend_from_slice(b"&lt;");
                at = lt + 1;
                continue;
            }
        }
        let Some((end, after)) = start_tag(rest, &mut out) else {
            // Cut inside the tag: let the parser see it as it is.
            out.extend_from_slice(rest);
            at = bytes.len();
            break;
        };
        at = lt + end;
        match after {
            After::Markup => {}
            After::Rest => break,
            After::Drop(close) | After::Copy(close) => {
                let end = if close == b"</script" {
                    script_end(&bytes[at..])
                } else {
                    find_ci(&bytes[at..], close)
                };
                let Some(j) = end else {
                    out.extend_from_slice(&bytes[at..]);
                    at = bytes.len();
                    break;
                };
                if let After::Copy(_) = after {
                    out.extend_from_slice(&bytes[at..at + j]);
                }
                at += j;
                // The end tag itself is copied as markup by the next turn of the loop.
                out.extend_from_slice(b"</");
                at += 2;
            }
        }
    }
    out.extend_from_slice(&bytes[at..]);
    // Every cut is at an ASCII byte (`<`, `>`, quote, whitespace), so the bytes stay UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Reads the start tag at the front of `tag` (which begins with `<` and a letter), writes its
/// slim form to `out` and returns its length and what follows it; `None` if the input ends first.
fn start_tag(tag: &[u8], out: &mut Vec<u8>) -> Option<(usize, After)> {
    let mut i = 1;
    while i < tag.len() && !is_space(tag[i]) && tag[i] != b'/' && tag[i] != b'>' {
        i += 1;
    }
    let name = &tag[1..i];
    let mark = out.len();
    out.extend_from_slice(&tag[..i]);
    let is_link = name.eq_ignore_ascii_case(b"link");
    let mut json_ld = false;
    let mut self_closing = false;
    loop {
        // Before an attribute name: whitespace and stray slashes.
        while i < tag.len() && (is_space(tag[i]) || tag[i] == b'/') {
            self_closing = tag[i] == b'/';
            i += 1;
        }
        if i >= tag.len() {
            out.truncate(mark);
            return None;
        }
        if tag[i] == b'>' {
            i += 1;
            break;
        }
        self_closing = false;
        let start = i;
        // A name may begin with `=`; then it runs to whitespace, `/`, `>` or `=`.
        i += 1;
        while i < tag.len() && !is_space(tag[i]) && !matches!(tag[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let attr = &tag[start..i];
        let mut j = i;
        while j < tag.len() && is_space(tag[j]) {
            j += 1;
        }
        let mut value = None;
        if j < tag.len() && tag[j] == b'=' {
            j += 1;
            while j < tag.len() && is_space(tag[j]) {
                j += 1;
            }
            if j >= tag.len() {
                out.truncate(mark);
                return None;
            }
            let value_start = j;
            match tag[j] {
                quote @ (b'"' | b'\'') => {
                    let Some(k) = memchr(quote, &tag[j + 1..]) else {
                        out.truncate(mark);
                        return None;
                    };
                    value = Some(&tag[j + 1..j + 1 + k]);
                    j += k + 2;
                }
                b'>' => {}
                _ => {
                    while j < tag.len() && !is_space(tag[j]) && tag[j] != b'>' {
                        j += 1;
                    }
                    value = Some(&tag[value_start..j]);
                }
            }
            i = j;
        }
        let keep = KEPT.iter().any(|k| attr.eq_ignore_ascii_case(k))
            || is_link && attr.eq_ignore_ascii_case(b"href");
        if keep {
            out.push(b' ');
            out.extend_from_slice(&tag[start..i]);
        }
        if attr.eq_ignore_ascii_case(b"type")
            && value.is_some_and(|v| v.trim_ascii().eq_ignore_ascii_case(b"application/ld+json"))
        {
            json_ld = true;
        }
    }
    if self_closing {
        out.push(b'/');
    }
    out.push(b'>');
    let after = if name.eq_ignore_ascii_case(b"script") {
        if json_ld {
            After::Copy(b"</script")
        } else {
            After::Drop(b"</script")
        }
    } else if name.eq_ignore_ascii_case(b"style") {
        After::Drop(b"</style")
    } else if name.eq_ignore_ascii_case(b"svg") {
        if self_closing {
            After::Markup
        } else {
            After::Drop(b"</svg")
        }
    } else if name.eq_ignore_ascii_case(b"plaintext") {
        After::Rest
    } else {
        RAW_TEXT
            .iter()
            .find(|(raw, _)| name.eq_ignore_ascii_case(raw))
            .map_or(After::Markup, |&(_, close)| After::Copy(close))
    };
    Some((i, after))
}

/// Length of the comment at the front of `rest` (which begins with `<!--`), `None` if unclosed.
/// A comment ends at the first `-->` or `--!>`; `<!-->` and `<!--->` are empty comments.
fn comment_end(rest: &[u8]) -> Option<usize> {
    let body = &rest[4..];
    if body.starts_with(b">") {
        return Some(5);
    }
    if body.starts_with(b"->") {
        return Some(6);
    }
    let mut from = 0;
    while let Some(j) = memmem::find(&body[from..], b"--") {
        let at = from + j + 2;
        if body[at..].starts_with(b">") {
            return Some(4 + at + 1);
        }
        if body[at..].starts_with(b"!>") {
            return Some(4 + at + 2);
        }
        from = from + j + 1;
    }
    None
}

/// Position of the `</script` that ends a script body, following the tokenizer's escape
/// states: after `<!--`, a `<script` starts a "double-escaped" stretch in which `</script` does
/// not end the script, until `-->` or a matching `</script`.
fn script_end(body: &[u8]) -> Option<usize> {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let is_tag_end = |at: usize| match body.get(at) {
        None => true,
        Some(&b) => is_space(b) || b == b'/' || b == b'>',
    };
    let mut state = State::Data;
    let mut i = 0;
    while let Some(j) = memchr::memchr2(b'<', b'-', &body[i..]) {
        let at = i + j;
        let rest = &body[at..];
        i = at + 1;
        if rest[0] == b'-' {
            if state != State::Data && rest.starts_with(b"-->") {
                state = State::Data;
                i = at + 3;
            }
            continue;
        }
        if rest.len() >= 8 && rest[..8].eq_ignore_ascii_case(b"</script") && is_tag_end(at + 8) {
            match state {
                State::DoubleEscaped => state = State::Escaped,
                _ => return Some(at),
            }
        } else if state == State::Data && rest.starts_with(b"<!--") {
            // `<!-->` escapes nothing: the dashes are looked at again as a possible `-->`.
            state = State::Escaped;
            i = at + 2;
        } else if state == State::Escaped
            && rest.len() >= 7
            && rest[..7].eq_ignore_ascii_case(b"<script")
            && is_tag_end(at + 7)
        {
            state = State::DoubleEscaped;
        }
    }
    None
}

/// HTML's whitespace inside tags.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Position of `needle` (ASCII) in `hay`, ignoring ASCII case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (lower, upper) = (
        needle[0].to_ascii_lowercase(),
        needle[0].to_ascii_uppercase(),
    );
    let mut from = 0;
    while let Some(i) = memchr::memchr2(lower, upper, &hay[from..]) {
        let at = from + i;
        if hay.len() - at >= needle.len() && hay[at..at + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_unread_attributes_and_raw_text() {
        let page = "<p class=\"lead\" style=\"color:red\" data-x='a>b'>a</p>\
                    <script>if (a<b) {}</script><!-- <p>x</p> -->\
                    <script type=\"application/ld+json\">{\"a\":\"<b>\"}</script>\
                    <STYLE>p{}</STYLE><a href=\"/x\" onclick=go()>b</a><img src=x.jpg alt=\"\"/>\
                    <link rel=canonical href=\"https://e.com/a\"><svg viewBox=\"0 0 1 1\"><path d=\"M0\"/></svg>";
        assert_eq!(
            slim(page),
            "<p class=\"lead\">a</p><script></script>\
             <script type=\"application/ld+json\">{\"a\":\"<b>\"}</script>\
             <STYLE></STYLE><a>b</a><img/>\
             <link rel=canonical href=\"https://e.com/a\"><svg></svg>"
        );
    }

    #[test]
    fn raw_text_elements_are_copied_as_text() {
        let page = "<title>a <b onclick=x> c</title><textarea><p style=x></textarea>";
        assert_eq!(slim(page), page);
    }

    #[test]
    fn truncated_input_is_left_to_the_parser() {
        for page in [
            "<p>x</p><script>never closed",
            "<p>x</p><div class=\"open",
            "<p>x</p><!-- open",
            "<p>x</p><div a=",
            "<p>x</p><div",
            "a < b and c <",
        ] {
            let slimmed = slim(page);
            assert!(page.starts_with("<p>x</p>") == slimmed.starts_with("<p>x</p>"));
        }
        assert_eq!(
            slim("<p>x</p><div class=\"open"),
            "<p>x</p><div class=\"open"
        );
        assert_eq!(slim("a < b and c <"), "a &lt; b and c &lt;");
    }

    #[test]
    fn multibyte_text_survives() {
        let page = "<p data-ф=\"ж\">Привет, <em title=\"мир\">мир</em>!</p>";
        assert_eq!(slim(page), "<p>Привет, <em>мир</em>!</p>");
    }
}
