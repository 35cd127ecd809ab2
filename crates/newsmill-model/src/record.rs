use serde::{Deserialize, Serialize};

use crate::{Article, DateSource, Dateline, Entity, Link, Origin, Quote, Removed};

/// One document as newsmill emits it: the serialised form of the annotated document.
///
/// Field order and names follow the data contract in DESIGN.md. The annotation layers
/// (`entities`, `quotes`) are the shared types of this crate (`Entity`, `Quote`); the stages that fill them
/// depend on this crate, never the other way round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Content hash of the normalised body (see [`content_id`]).
    pub id: String,
    /// The page address.
    pub url: Option<String>,
    /// Where the document came from.
    pub origin: Origin,
    /// Language of the body.
    pub lang: Option<String>,
    /// The publication.
    pub outlet: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The standfirst or first paragraph.
    pub lead: Option<String>,
    /// Publication date, ISO 8601.
    pub published: Option<String>,
    /// Where `published` was read from (`json-ld`, `meta`, `time`, `url`, `text`, `input`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published_source: Option<DateSource>,
    /// Last modification date, ISO 8601, when the page gives one apart from `published`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub modified: Option<String>,
    /// Where `modified` was read from.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub modified_source: Option<DateSource>,
    /// Bylines.
    pub authors: Vec<String>,
    /// The wire dateline.
    pub dateline: Option<Dateline>,
    /// Agencies credited as source.
    pub credited_sources: Vec<String>,
    /// The body, paragraphs joined by a blank line.
    pub text: String,
    /// What extraction dropped, with its kind.
    pub removed: Vec<Removed>,
    /// Links the source marked up in its text (Telegram markdown `[text](url)`); absent when
    /// there are none.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub links: Vec<Link>,
    /// Why `text` is empty, when it is.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub empty_reason: Option<String>,
    /// Named entities (stand-off over `text`); filled by the annotation stage.
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Quotes (stand-off over `text`); filled by the annotation stage.
    #[serde(default)]
    pub quotes: Vec<Quote>,
}

impl Record {
    /// The record of an extracted article, with its content id.
    pub fn from_article(article: Article, origin: Origin) -> Record {
        let text = article.text();
        let id = if text.is_empty() {
            // No body: identify by what we have, so distinct empty pages stay distinct.
            let mut key = String::new();
            for part in [
                &article.url,
                &article.title,
                &origin.path,
                &origin.warc_record_id,
            ]
            .into_iter()
            .flatten()
            {
                key.push_str(part);
                key.push('\u{1f}');
            }
            key.push_str(&origin.line.map(|l| l.to_string()).unwrap_or_default());
            content_id(&key)
        } else {
            content_id(&text)
        };
        Record {
            id,
            url: article.url,
            origin,
            lang: article.lang,
            outlet: article.outlet,
            title: article.title,
            lead: article.lead,
            published: article.published,
            published_source: article.published_source,
            modified: article.modified,
            modified_source: article.modified_source,
            authors: article.authors,
            dateline: article.dateline,
            credited_sources: article.credited_sources,
            text,
            removed: article.removed,
            links: article.links,
            empty_reason: article.empty_reason,
            entities: Vec::new(),
            quotes: Vec::new(),
        }
    }
}

/// The content id of a body: the first 128 bits of BLAKE3 over the text with whitespace
/// collapsed and letters lowercased, as 32 hex digits.
///
/// Normalising first means that the same article re-rendered with other line breaks or
/// capitalised headings gets the same id, so stores can upsert by id.
pub fn content_id(text: &str) -> String {
    // Normalised into one buffer and hashed once: BLAKE3 fed a character at a time costs
    // more than the normalising.
    let mut normal = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !normal.is_empty() {
            normal.push(' ');
        }
        if word.is_ascii() {
            normal.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            normal.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    let hash = blake3::hash(normal.as_bytes());
    hash.as_bytes()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids are stored: the hash must stay what it was when it was computed a character at a
    /// time.
    #[test]
    fn content_id_is_stable() {
        fn reference(text: &str) -> String {
            let mut hasher = blake3::Hasher::new();
            let mut buf = [0u8; 4];
            let (mut pending_space, mut started) = (false, false);
            for c in text.chars() {
                if c.is_whitespace() {
                    pending_space = started;
                    continue;
                }
                if pending_space {
                    hasher.update(b" ");
                    pending_space = false;
                }
                started = true;
                for lc in c.to_lowercase() {
                    hasher.update(lc.encode_utf8(&mut buf).as_bytes());
                }
            }
            let hash = hasher.finalize();
            hash.as_bytes()[..16]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        }
        for text in [
            "",
            "   ",
            "Hello   World\n\nAgain ",
            "\u{a0}МОСКВА, 20 сен – РИА Новости.\u{2003}ПЕСКОВ заявил",
            "İstanbul ΣΟΦΊΑ straße",
        ] {
            assert_eq!(content_id(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn content_id_ignores_whitespace_and_case() {
        assert_eq!(
            content_id("Hello   world\n\nAgain"),
            content_id(" hello world again ")
        );
        assert_ne!(content_id("Hello world"), content_id("Hello word"));
    }

    #[test]
    fn empty_bodies_of_different_pages_get_different_ids() {
        let a = Record::from_article(
            Article::default(),
            Origin {
                path: Some("a.html".into()),
                ..Origin::default()
            },
        );
        let b = Record::from_article(
            Article::default(),
            Origin {
                path: Some("b.html".into()),
                ..Origin::default()
            },
        );
        assert_ne!(a.id, b.id);
    }

    #[test]
    fn record_serialises_contract_fields() {
        let r = Record::from_article(
            Article {
                paragraphs: vec!["x".into()],
                ..Article::default()
            },
            Origin::default(),
        );
        let v = serde_json::to_value(&r).unwrap();
        for key in [
            "id",
            "url",
            "origin",
            "lang",
            "outlet",
            "title",
            "lead",
            "published",
            "authors",
            "dateline",
            "credited_sources",
            "text",
            "removed",
            "entities",
            "quotes",
        ] {
            assert!(v.get(key).is_some(), "missing {key}");
        }
    }
}
