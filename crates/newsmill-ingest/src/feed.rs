use std::path::Path;

use newsmill_model::{Format, Origin, RawDoc};
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::IngestError;

/// The parts of an RSS `<item>` or Atom `<entry>` that make a document.
#[derive(Default)]
struct Item {
    title: Option<String>,
    link: Option<String>,
    id: Option<String>,
    published: Option<String>,
    /// Candidate bodies (`content:encoded`, `content`, `description`, `summary`); the longest wins.
    bodies: Vec<String>,
}

/// Every item of an RSS 2.0, RSS 1.0 (RDF) or Atom feed as an HTML document.
///
/// The body is the item's longest content field (`content:encoded`, Atom `content`,
/// `description`, `summary`), taken as HTML; its link, title, publication date and guid go into
/// the document's url, hints and `origin.source_id`. A feed that is not well-formed XML is one
/// [`IngestError::Feed`] with the position where parsing failed.
pub fn parse_feed(bytes: &[u8], path: &Path) -> Result<Vec<RawDoc>, IngestError> {
    let mut reader = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut docs = Vec::new();
    let mut item: Option<Item> = None;
    // The local name of the element whose text is being collected, and the text so far.
    let mut field: Option<String> = None;
    let mut text = String::new();
    let mut saw_root = false;
    let error = |reader: &Reader<&[u8]>, e: &dyn std::fmt::Display| IngestError::Feed {
        path: path.to_path_buf(),
        message: format!("at byte {}: {e}", reader.buffer_position()),
    };
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| error(&reader, &e))?;
        match event {
            Event::Start(e) => {
                let name = local(e.local_name().as_ref());
                if matches!(name.as_str(), "rss" | "feed" | "rdf") {
                    saw_root = true;
                }
                if name == "item" || name == "entry" {
                    item = Some(Item::default());
                } else if item.is_some() {
                    if name == "link" {
                        if let Some(href) = link_href(&e) {
                            set_link(item.as_mut(), href);
                        }
                    }
                    field = Some(name);
                    text.clear();
                }
            }
            Event::Empty(e) if local(e.local_name().as_ref()) == "link" => {
                if let Some(href) = link_href(&e) {
                    set_link(item.as_mut(), href);
                }
            }
            Event::Text(e) if field.is_some() => {
                text.push_str(e.as_ref());
            }
            Event::CData(e) if field.is_some() => {
                text.push_str(e.as_ref());
            }
            Event::GeneralRef(e) if field.is_some() => {
                let name: String = e.as_ref().to_owned();
                match e.resolve_char_ref() {
                    Ok(Some(c)) => text.push(c),
                    _ => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => text.push_str(s),
                        None => {
                            text.push('&');
                            text.push_str(&name);
                            text.push(';');
                        }
                    },
                }
            }
            Event::End(e) => {
                let name = local(e.local_name().as_ref());
                if name == "item" || name == "entry" {
                    if let Some(done) = item.take() {
                        docs.push(into_doc(done, path, docs.len() as u64));
                    }
                    field = None;
                } else if let (Some(current), Some(open)) = (item.as_mut(), field.as_deref()) {
                    if open == name {
                        let value = text.trim().to_string();
                        if !value.is_empty() {
                            match name.as_str() {
                                "title" => current.title = Some(value),
                                "link" if current.link.is_none() => current.link = Some(value),
                                "guid" | "id" => current.id = Some(value),
                                "pubdate" | "published" | "date" | "updated" | "issued"
                                    if current.published.is_none() =>
                                {
                                    current.published = Some(value)
                                }
                                "encoded" | "content" | "description" | "summary" => {
                                    current.bodies.push(value)
                                }
                                _ => {}
                            }
                        }
                        field = None;
                        text.clear();
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !saw_root {
        return Err(IngestError::Feed {
            path: path.to_path_buf(),
            message: "no <rss>, <feed> or <rdf:RDF> root element".into(),
        });
    }
    Ok(docs)
}

fn local(name: &str) -> String {
    name.to_ascii_lowercase()
}

fn link_href(e: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    let mut href = None;
    let mut rel_ok = true;
    for attr in e.attributes().flatten() {
        match attr.key.local_name().as_ref() {
            "href" => href = Some(attr.value.to_string()),
            "rel" => rel_ok = attr.value.as_ref() == "alternate",
            _ => {}
        }
    }
    href.filter(|_| rel_ok)
}

fn set_link(item: Option<&mut Item>, href: String) {
    if let Some(item) = item {
        if item.link.is_none() {
            item.link = Some(href);
        }
    }
}

fn into_doc(item: Item, path: &Path, index: u64) -> RawDoc {
    let body = item
        .bodies
        .into_iter()
        .max_by_key(String::len)
        .unwrap_or_default();
    let mut html = String::with_capacity(body.len() + 64);
    if let Some(title) = &item.title {
        html.push_str("<title>");
        html.push_str(&escape(title));
        html.push_str("</title>");
    }
    html.push_str(&body);
    let origin = Origin {
        path: Some(path.to_string_lossy().into_owned()),
        item: Some(index),
        source_id: item.id,
        ..Origin::default()
    };
    let mut doc = RawDoc::new(origin, Format::Html, html.into_bytes());
    doc.charset = Some("utf-8".into());
    doc.url = item.link;
    doc.title_hint = item.title;
    doc.published_hint = item.published;
    doc.body_only = true;
    doc
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rss_items() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Feed</title>
<item><title>Первая &amp; новость</title><link>https://ex.ru/1</link><pubDate>Wed, 20 Sep 2023 10:00:00 +0300</pubDate>
<description>short</description><content:encoded><![CDATA[<p>Полный текст новости.</p>]]></content:encoded><guid>g1</guid></item>
<item><title>Second</title><link>https://ex.ru/2</link><description>&lt;p&gt;Body two&lt;/p&gt;</description></item>
</channel></rss>"#;
        let docs = parse_feed(rss.as_bytes(), Path::new("f.rss")).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].title_hint.as_deref(), Some("Первая & новость"));
        assert_eq!(docs[0].url.as_deref(), Some("https://ex.ru/1"));
        assert_eq!(docs[0].origin.source_id.as_deref(), Some("g1"));
        assert!(String::from_utf8_lossy(&docs[0].bytes).contains("<p>Полный текст новости.</p>"));
        assert!(String::from_utf8_lossy(&docs[1].bytes).contains("<p>Body two</p>"));
        assert_eq!(docs[1].origin.item, Some(1));
    }

    #[test]
    fn reads_atom_entries() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A</title>
<link rel="alternate" href="https://ex.com/a"/><published>2023-09-20T10:00:00Z</published>
<content type="html">&lt;p&gt;Text&lt;/p&gt;</content></entry></feed>"#;
        let docs = parse_feed(atom.as_bytes(), Path::new("f.atom")).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].url.as_deref(), Some("https://ex.com/a"));
        assert_eq!(
            docs[0].published_hint.as_deref(),
            Some("2023-09-20T10:00:00Z")
        );
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(parse_feed(b"<rss><channel><item><title>x</item>", Path::new("f.rss")).is_err());
        assert!(parse_feed(b"<html></html>", Path::new("f.xml")).is_err());
    }
}
