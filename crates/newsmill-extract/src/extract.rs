use chrono::NaiveDate;
use newsmill_model::{Article, DateSource, Format, Link, RawDoc, Removed, RemovedKind};

use crate::blocks::{article_region, drop_related_runs, kind_of, proven_chrome, Block};
use crate::classifier::Classifier;
use crate::dates::parse::{date_in_url, normalize_date};
use crate::dates::{self, Dates, Evidence};
use crate::meta;

static HTML_MODEL: &[u8] = include_bytes!("../models/html.model.gz");
static TEXT_MODEL: &[u8] = include_bytes!("../models/text.model.gz");

/// Why a document could not be extracted at all.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The bytes are not text in any encoding (NUL bytes, control characters).
    #[error("{what}: binary content ({share:.0}% control or undecodable characters); skipped")]
    Binary {
        /// The document.
        what: String,
        /// Percentage of suspicious characters in the first 8 KiB.
        share: f32,
    },
    /// A model file is unreadable.
    #[error("model: {0}")]
    Model(String),
}

/// The extraction stage: models loaded once, then [`Extractor::extract`] per document.
///
/// `Extractor` is `Sync`: share one across threads.
#[derive(Debug, Clone)]
pub struct Extractor {
    html: Classifier,
    text: Classifier,
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor::new()
    }
}

impl Extractor {
    /// The extractor with the models committed in the crate (`models/*.model.gz`).
    pub fn new() -> Extractor {
        Extractor::from_model_bytes(HTML_MODEL, TEXT_MODEL)
            .expect("the models committed with the crate are readable")
    }

    /// An extractor with models from files written by `newsmill train extract`. An empty byte
    /// string stands for an untrained model (every block scores 0.5 and is kept).
    pub fn from_model_bytes(html: &[u8], text: &[u8]) -> Result<Extractor, ExtractError> {
        let load = |bytes: &[u8]| {
            if bytes.is_empty() {
                Ok(Classifier::untrained())
            } else {
                Classifier::read(bytes).map_err(ExtractError::Model)
            }
        };
        Ok(Extractor {
            html: load(html)?,
            text: load(text)?,
        })
    }

    pub(crate) fn with_models(html: Classifier, text: Classifier) -> Extractor {
        Extractor { html, text }
    }

    pub(crate) fn models(&self) -> (&Classifier, &Classifier) {
        (&self.html, &self.text)
    }

    /// Extracts the article of one page. A page with no article gives an [`Article`] with an
    /// empty body and [`Article::empty_reason`]; only content that is not text at all is an error.
    pub fn extract(&self, raw: &RawDoc) -> Result<Article, ExtractError> {
        let (text, links) = decode_raw(raw);
        let share = junk_share(&text);
        if share > 0.1 {
            return Err(ExtractError::Binary {
                what: raw.origin.describe(),
                share: share * 100.0,
            });
        }
        let fetched = raw.origin.warc_date.as_deref().and_then(fetch_day);
        let mut article = if raw.format == Format::Html {
            self.extract_html(&text, raw.url.as_deref(), raw.body_only, fetched)
        } else {
            self.extract_text(&text, fetched)
        };
        article.links = links;
        if article.url.is_none() {
            article.url = raw.url.clone();
        }
        if article.title.is_none() {
            article.title = raw.title_hint.clone();
        }
        if raw.format == Format::Text {
            article.title = article.title.as_deref().map(crate::markdown::title);
        }
        article.title = article.title.as_deref().map(meta::trim_pictographs);
        // A date the container states (a feed's `pubDate`, a JSONL `published`) is the
        // publisher's own: it wins over a date read from the address or the text.
        let weak = matches!(
            article.published_source,
            None | Some(DateSource::Url | DateSource::Text)
        );
        if let Some(hint) = raw.published_hint.as_deref().and_then(normalize_date) {
            if weak {
                article.published = Some(hint);
                article.published_source = Some(DateSource::Input);
            }
        }
        if article.published.is_none() {
            if let Some(day) = article.url.as_deref().and_then(date_in_url) {
                article.published = Some(day.format("%Y-%m-%d").to_string());
                article.published_source = Some(DateSource::Url);
            }
        }
        // What the container states about the document wins over what the page suggests: a
        // channel export names its channel, where the address only gives `t.me`.
        if raw.outlet_hint.is_some() {
            article.outlet = raw.outlet_hint.clone();
        }
        if article.outlet.is_none() {
            article.outlet = article.url.as_deref().and_then(meta::domain);
        }
        if !raw.authors_hint.is_empty() {
            article.authors = raw.authors_hint.clone();
        }
        finish(&mut article);
        if raw.lang_hint.is_some() {
            article.lang = raw.lang_hint.clone();
        }
        Ok(article)
    }

    /// Body decisions: the model's probabilities, overruled by the lexicons where the text
    /// proves chrome, decoded with the contiguity prior of [`decode_region`]. On HTML the DOM context already tells the model most of what the lexicons know, and
    /// measured on the development pages the lexicons cost more than they gain there, so
    /// they apply to scraped text only.
    fn classify(&self, blocks: &[Block], format: Format) -> Vec<bool> {
        let html = format == Format::Html;
        let mut probs = self.model(format).probabilities(blocks);
        for (p, b) in probs.iter_mut().zip(blocks) {
            if proven_chrome(b, html).is_some() {
                *p = 0.0;
            }
        }
        if html {
            drop_related_runs(blocks, &mut probs);
        }
        decode_region(
            &probs,
            blocks,
            if html { HTML_DECODING } else { TEXT_DECODING },
        )
    }

    /// Every block of the page with the model's probability that it is article text: what
    /// `newsmill explain` shows, for seeing why a block was kept or dropped.
    pub fn block_scores(&self, raw: &RawDoc) -> Vec<(String, f32)> {
        let blocks = blocks_of(raw);
        let probs = self.model(raw.format).probabilities(&blocks);
        blocks.into_iter().map(|b| b.text).zip(probs).collect()
    }

    fn model(&self, format: Format) -> &Classifier {
        match format {
            Format::Html => &self.html,
            Format::Text => &self.text,
        }
    }

    fn extract_html(
        &self,
        text: &str,
        url: Option<&str>,
        body_only: bool,
        fetched: Option<NaiveDate>,
    ) -> Article {
        let (blocks, page) = crate::html::parse(text);
        let keep = if body_only {
            blocks
                .iter()
                .map(|b| b.words > 0 && proven_chrome(b, true).is_none())
                .collect()
        } else {
            self.classify(&blocks, Format::Html)
        };
        let ld = &page.ld;
        let page_url = page.canonical.as_deref().or(url).unwrap_or_default();
        let outlet = page
            .meta(&["og:site_name", "application-name", "twitter:site"])
            .map(|s| s.trim_start_matches('@').to_string())
            .filter(|s| !meta::is_section_name(s, page_url))
            .or(ld.publisher.clone());
        let title = page
            .meta(&["og:title", "twitter:title"])
            .map(|t| meta::clean_title(t, outlet.as_deref()))
            .or_else(|| ld.headline.as_deref().map(meta::unescape_twice_escaped))
            .or_else(|| {
                blocks
                    .iter()
                    .find(|b| b.tag == "h1")
                    .map(|b| b.text.clone())
            })
            .or_else(|| {
                page.title_tag
                    .as_deref()
                    .map(|t| meta::clean_title(t, outlet.as_deref()))
            });
        let mut bylines = ld.authors.clone();
        if bylines.is_empty() {
            if let Some(a) = page.meta(&["author", "article:author", "byl", "sailthru.author"]) {
                bylines.push(a.to_string());
            }
        }
        // Persons stay authors; an agency named as the author is a credited source.
        let outlets: Vec<&str> = outlet.iter().map(String::as_str).collect();
        let (authors, agencies) = crate::authors::persons_and_agencies(&bylines, &outlets);
        let lang = page
            .lang
            .as_deref()
            .or(ld.lang.as_deref())
            .map(|l| l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase());
        let mut article = Article {
            url: page
                .canonical
                .clone()
                .filter(|c| c.starts_with("http"))
                .or(url.map(str::to_owned)),
            lang,
            outlet,
            title,
            authors,
            credited_sources: agencies,
            ..Article::default()
        };
        let title = article.title.clone();
        split_blocks(&blocks, &keep, title.as_deref(), &mut article);
        let og_url = page.meta(&["og:url"]);
        let urls: Vec<&str> = [article.url.as_deref(), og_url, url]
            .into_iter()
            .flatten()
            .collect();
        let title_at = title
            .as_deref()
            .and_then(|t| blocks.iter().position(|b| b.text == t))
            .or_else(|| blocks.iter().position(|b| b.tag == "h1"));
        let dates = dates::choose(&Evidence {
            ld_published: ld.published.as_deref(),
            ld_modified: ld.modified.as_deref(),
            metas: &page.metas,
            marks: &page.marks,
            urls: &urls,
            blocks: &blocks,
            keep: &keep,
            title_at,
            lang: article.lang.as_deref(),
            fetched,
        });
        set_dates(&mut article, dates);
        article
    }

    fn extract_text(&self, text: &str, fetched: Option<NaiveDate>) -> Article {
        let blocks = crate::text::lines(text);
        let keep = self.classify(&blocks, Format::Text);
        let title_at = crate::text::title_line(&blocks, &keep);
        let title = title_at.map(|i| blocks[i].text.clone());
        let mut article = Article {
            title,
            ..Article::default()
        };
        let title = article.title.clone();
        split_blocks(&blocks, &keep, title.as_deref(), &mut article);
        // Captions carry the outlet and the date: "… - Sputnik Литва, 1920, 20.09.2023".
        if let Some(c) = blocks
            .iter()
            .find_map(|b| crate::blocks::CAPTION.captures(&b.text))
        {
            article.outlet = Some(c[2].trim().to_string());
            if let Some(date) = normalize_date(&c[3]) {
                article.published = Some(date);
                article.published_source = Some(DateSource::Text);
            }
        }
        if article.published.is_none() {
            // Scraped text has no markup: the byline lines before the body and around the
            // headline are all there is.
            let dates = dates::choose(&Evidence {
                ld_published: None,
                ld_modified: None,
                metas: &[],
                marks: &[],
                urls: &[],
                blocks: &blocks,
                keep: &keep,
                title_at,
                lang: None,
                fetched,
            });
            set_dates(&mut article, dates);
        }
        article
    }
}

/// Puts the chosen dates on the article.
fn set_dates(article: &mut Article, dates: Dates) {
    (article.published, article.published_source) = dates.published.unzip();
    (article.modified, article.modified_source) = dates.modified.unzip();
}

/// The day a WARC record (or another container) says the page was fetched.
fn fetch_day(stamp: &str) -> Option<NaiveDate> {
    dates::parse::stamp(stamp).map(|s| s.day)
}

/// The text of a raw document, decoded as every path of extraction decodes it, with the links
/// its markup named. Scraped text has Telegram's markdown read ([`crate::markdown`]).
fn decode_raw(raw: &RawDoc) -> (String, Vec<Link>) {
    let html = raw.format == Format::Html;
    let text =
        crate::decode::decode(&raw.bytes, raw.charset.as_deref(), html, raw.url.as_deref()).0;
    if html {
        (text, Vec::new())
    } else {
        crate::markdown::read(text)
    }
}

/// The blocks of a raw document as the classifier sees them (page metadata aside).
pub(crate) fn blocks_of(raw: &RawDoc) -> Vec<Block> {
    let (text, _) = decode_raw(raw);
    match raw.format {
        Format::Html => crate::html::parse(&text).0,
        Format::Text => crate::text::lines(&text),
    }
}

/// Thresholds of [`decode_region`], chosen by 5-fold cross-validation on the development sets
/// (`newsmill eval extract --cv 5`): HTML 0.913 → 0.923, text 0.829 → 0.836.
#[derive(Debug, Clone, Copy)]
struct Decoding {
    /// Probability a block inside the article region needs.
    inside: f32,
    /// Probability a block outside it needs.
    outside: f32,
    /// Fewer body words than this falls back to the page's relatively best blocks.
    min_words: u32,
    /// The fallback keeps blocks within this share of the best block's probability.
    relative: f32,
    /// Keep the short items a kept lead-in introduces ([`keep_introduced_items`]).
    lead_ins: bool,
}

/// Below this best probability a page is taken to have no article, rather than its least
/// unlikely blocks passed off as one.
const MIN_FALLBACK_EVIDENCE: f32 = 0.02;

const HTML_DECODING: Decoding = Decoding {
    inside: 0.25,
    outside: 0.8,
    min_words: 50,
    relative: 0.5,
    lead_ins: true,
};
/// Scraped text trusts the region more than HTML does: re-measured over nine runs after the
/// trees of decision 36, inside 0.35 → 0.25 and outside 0.7 → 0.9 took F1 from 0.886 to 0.889
/// (decision 42).
const TEXT_DECODING: Decoding = Decoding {
    inside: 0.25,
    outside: 0.9,
    min_words: 50,
    relative: 0.5,
    lead_ins: false,
};

/// Body decisions from probabilities, with the prior that an article is one contiguous run
/// of blocks: the run with the largest sum of `(p - 0.5)·√words` is the article region
/// ([`article_region`]); inside it a block needs less evidence, outside more. A page where
/// nothing clears the bar keeps its relatively best blocks rather than nothing.
fn decode_region(probs: &[f32], blocks: &[Block], d: Decoding) -> Vec<bool> {
    let best_span = article_region(probs, blocks.iter().map(|b| b.words));
    let mut keep: Vec<bool> = probs
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let within = best_span.is_some_and(|(a, b)| a <= i && i <= b);
            p > if within { d.inside } else { d.outside }
        })
        .collect();
    if d.lead_ins {
        keep_introduced_items(probs, blocks, &mut keep);
    }
    let kept_words: u32 = blocks
        .iter()
        .zip(&keep)
        .filter(|(_, &k)| k)
        .map(|(b, _)| b.words)
        .sum();
    if kept_words < d.min_words {
        // Fall back to the page's relatively best blocks, if any prose block has evidence.
        let max = probs
            .iter()
            .zip(blocks)
            .filter(|(_, b)| b.words >= 10)
            .map(|(&p, _)| p)
            .fold(0.0f32, f32::max);
        if max >= MIN_FALLBACK_EVIDENCE {
            let bar = max * d.relative;
            for ((k, &p), b) in keep.iter_mut().zip(probs).zip(blocks) {
                *k = p >= bar && b.words > 0;
            }
        }
        // A fragment (a page shorter than an article's minimum, such as one paragraph with no
        // chrome around it) keeps what neither its markup nor the model calls chrome
        // outright: no navigation, footer or other hint from the DOM, not mostly link text,
        // and a probability above the evidence floor. The models are trained on whole pages,
        // and their probability for a lone short paragraph swings between retrainings
        // (0.73 and 0.11 for "<p>Deep text.</p>"), so the bar is the floor, not `inside`.
        let page_words: u32 = blocks.iter().map(|b| b.words).sum();
        if page_words < d.min_words && !keep.contains(&true) {
            for ((k, &p), b) in keep.iter_mut().zip(probs).zip(blocks) {
                let mostly_links = b.link_chars as usize * 2 > b.text.chars().count();
                *k = p >= MIN_FALLBACK_EVIDENCE && b.words > 0 && b.hint.is_none() && !mostly_links;
            }
        }
    }
    keep
}

/// Keeps the items a kept lead-in introduces: after a block of six or more words that ends
/// in a colon ("Ecco allora le offerte da non lasciarsi sfuggire:", "The idea looks like
/// this:"), the run of short blocks (under 25 words, no class hint) inside the lead-in's
/// parent element is kept, but for proven chrome (probability 0). The model judges each
/// list item alone, and short items with links or numbers look like menus to it: on the
/// development pages it dropped 470 words of such items on two pages, and the run holds no
/// chrome there (decision 47).
fn keep_introduced_items(probs: &[f32], blocks: &[Block], keep: &mut [bool]) {
    const ITEM_WORDS: u32 = 25;
    const MAX_ITEMS: usize = 60;
    let mut i = 0;
    while i < blocks.len() {
        let lead = &blocks[i];
        let parent = lead.ancestry.len().checked_sub(2).map(|k| lead.ancestry[k]);
        let (true, Some(parent)) = (keep[i] && is_lead_in(lead), parent) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < blocks.len()
            && j - i <= MAX_ITEMS
            && blocks[j].words < ITEM_WORDS
            && blocks[j].hint.is_none()
            && blocks[j].ancestry.contains(&parent)
        {
            keep[j] |= probs[j] > 0.0 && blocks[j].words > 0;
            j += 1;
        }
        i = j;
    }
}

/// A sentence that introduces what follows: six or more words ending in a colon.
fn is_lead_in(block: &Block) -> bool {
    block.words >= 6 && block.text.trim_end().ends_with([':', '：'])
}

/// Splits blocks into body paragraphs and removed blocks with their kinds.
fn split_blocks(blocks: &[Block], keep: &[bool], title: Option<&str>, article: &mut Article) {
    let title_norm = title.map(|t| t.to_lowercase());
    let is_title_text = |text: &str| {
        // Compare lengths before lower-casing: almost every block differs from the title.
        title_norm.as_deref().is_some_and(|t| {
            text.len().abs_diff(t.len()) <= t.len() / 8 + 4 && text.to_lowercase() == *t
        })
    };
    let mut body_started = false;
    for (i, (block, &k)) in blocks.iter().zip(keep).enumerate() {
        let is_title = is_title_text(&block.text);
        // A paragraph repeated right after itself is a template's double (a lead shown twice,
        // a "Share" button above and below), dropped like chrome; a table cell repeating the
        // one before it is data: a standings table's "1" and "1".
        let repeated = k && block.tag != "td" && article.paragraphs.last() == Some(&block.text);
        if k && !is_title && !repeated {
            article.paragraphs.push(block.text.clone());
            body_started = true;
        } else {
            let kind = if is_title {
                RemovedKind::Title
            } else {
                kind_of(block, i.checked_sub(1).map(|j| &blocks[j]), body_started)
            };
            article.removed.push(Removed {
                text: block.text.clone(),
                kind,
            });
        }
    }
}

/// Fields derived from the body, the same for every input format.
fn finish(article: &mut Article) {
    if article.paragraphs.is_empty() {
        article.empty_reason = Some("no block of the page was classified as article text".into());
    }
    article.lead = article.paragraphs.first().cloned();
    // The dateline opens the first paragraph of the story proper, which may follow a lead.
    if let Some((dateline, agency)) = article
        .paragraphs
        .iter()
        .take(3)
        .find_map(|p| meta::dateline(p))
    {
        article.dateline = Some(dateline);
        if let Some(agency) = agency {
            article
                .credited_sources
                .extend(meta::credited_sources(&format!("({agency})")));
        }
    }
    let body = article.text();
    for source in meta::credited_sources(&body) {
        if !article.credited_sources.contains(&source) {
            article.credited_sources.push(source);
        }
    }
    // The outlet itself is not a credited source ("ВИЛЬНЮС, 20 сен – Sputnik" on Sputnik Литва).
    if let Some(outlet) = &article.outlet {
        let outlet = outlet.to_lowercase();
        article
            .credited_sources
            .retain(|s| !outlet.contains(&s.to_lowercase()));
    }
    if article.lang.is_none() || article.lang.as_deref().is_some_and(|l| l.len() != 2) {
        article.lang = detect_lang(&article.paragraphs).or(article.lang.take());
    } else if let Some(detected) = detect_lang(&article.paragraphs) {
        // Pages often keep a template's `lang`; trust a confident detection over it.
        article.lang = Some(detected);
    }
}

/// Characters of prose the language is detected from. With 400 of them, instead of the
/// body's first 1,000 characters, the 184 development pages kept every language they had, and
/// two pages that had none gained one (decision 42).
const LANG_SAMPLE: usize = 400;

/// The body's language, from a sample of its prose paragraphs (those of eight words or more,
/// in order) rather than its first characters, which may be a table or a byline; the
/// paragraphs in order when none is prose.
fn detect_lang(paragraphs: &[String]) -> Option<String> {
    let prose: Vec<&String> = paragraphs
        .iter()
        .filter(|p| p.split_whitespace().nth(7).is_some())
        .collect();
    let read = if prose.is_empty() {
        paragraphs.iter().collect()
    } else {
        prose
    };
    let (mut sample, mut chars) = (String::with_capacity(LANG_SAMPLE * 2), 0);
    for p in read {
        if chars >= LANG_SAMPLE {
            break;
        }
        if chars > 0 {
            sample.push('\n');
            chars += 1;
        }
        let before = sample.len();
        sample.extend(p.chars().take(LANG_SAMPLE));
        chars += sample[before..].chars().count();
    }
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    Some(
        match code {
            "rus" => "ru",
            "eng" => "en",
            "ukr" => "uk",
            "bel" => "be",
            "deu" => "de",
            "fra" => "fr",
            "spa" => "es",
            "ita" => "it",
            "por" => "pt",
            "pol" => "pl",
            "tur" => "tr",
            "ara" => "ar",
            "cmn" => "zh",
            "jpn" => "ja",
            "nld" => "nl",
            "ces" => "cs",
            "bul" => "bg",
            "srp" => "sr",
            "kat" => "ka",
            "hye" => "hy",
            "aze" => "az",
            "kaz" => "kk",
            other => other,
        }
        .to_string(),
    )
}

/// Share of NULs, control characters and U+FFFD in the first 8 KiB of characters.
fn junk_share(text: &str) -> f32 {
    let mut total = 0u32;
    let mut junk = 0u32;
    for c in text.chars().take(8192) {
        total += 1;
        if c == '\u{fffd}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) {
            junk += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        junk as f32 / total as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsmill_model::Origin;

    #[test]
    fn binary_junk_is_an_error() {
        let raw = RawDoc::new(
            Origin::default(),
            Format::Html,
            (0u8..=255).cycle().take(5000).collect(),
        );
        assert!(matches!(
            Extractor::new().extract(&raw),
            Err(ExtractError::Binary { .. })
        ));
    }

    fn block_in(text: &str, tag: &'static str, ancestry: &[u32]) -> Block {
        let mut b = Block::new(text.into(), tag);
        b.ancestry = ancestry.into();
        b
    }

    #[test]
    fn items_a_kept_lead_in_introduces_are_kept() {
        // Element 1 is the article's box; 2 the lead-in paragraph, 3 the list, 9 a footer.
        let blocks = vec![
            block_in(
                "Ecco allora le offerte da non lasciarsi sfuggire su Amazon:",
                "p",
                &[1, 2],
            ),
            block_in("1) Lego Star Wars 75188", "p", &[1, 3]),
            block_in("http://amzn.to/2iJFhRj", "p", &[1, 3]),
            block_in("2) Polistil 960574 Pista Elettrica", "p", &[1, 3]),
            block_in("Share", "p", &[1, 3]),
            block_in("Lascia un commento", "p", &[9, 10]),
        ];
        let keep = |probs: &[f32]| {
            let mut keep = vec![false; probs.len()];
            keep[0] = true;
            keep_introduced_items(probs, &blocks, &mut keep);
            keep
        };
        // Proven chrome (probability 0) stays out, and the run ends at the article's box.
        assert_eq!(
            keep(&[0.99, 0.2, 0.1, 0.3, 0.0, 0.2]),
            [true, true, true, true, false, false]
        );
        // A lead-in the model dropped introduces nothing.
        let mut none = vec![false; blocks.len()];
        keep_introduced_items(&[0.1; 6], &blocks, &mut none);
        assert!(!none.contains(&true));
        // Nor does a short label with a colon.
        assert!(!is_lead_in(&Block::new("Share this:".into(), "p")));
    }

    #[test]
    fn a_table_keeps_its_repeated_cells_and_a_double_paragraph_goes() {
        let blocks: Vec<Block> = [("1", "td"), ("1", "td"), ("Share", "p"), ("Share", "p")]
            .into_iter()
            .map(|(t, tag)| Block::new(t.into(), tag))
            .collect();
        let mut article = Article::default();
        split_blocks(&blocks, &[true; 4], None, &mut article);
        assert_eq!(article.paragraphs, ["1", "1", "Share"]);
        // The double is in `removed`, like every block that is not in the body.
        let removed: Vec<&str> = article.removed.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(removed, ["Share"]);
    }

    #[test]
    fn a_fragment_keeps_its_paragraph_whatever_the_model_says() {
        let blocks = vec![Block::new("Deep text.".into(), "p")];
        for p in [0.05, 0.11, 0.73] {
            assert_eq!(
                decode_region(&[p], &blocks, HTML_DECODING),
                vec![true],
                "{p}"
            );
        }
        // Proven chrome (probability set to 0) and navigation stay out.
        assert_eq!(decode_region(&[0.0], &blocks, HTML_DECODING), vec![false]);
        let mut nav = Block::new("Home News".into(), "li");
        nav.hint = Some(RemovedKind::Navigation);
        assert_eq!(decode_region(&[0.4], &[nav], HTML_DECODING), vec![false]);
    }

    #[test]
    fn language_is_read_from_prose_not_from_a_leading_table() {
        let table: Vec<String> = (1..=30)
            .map(|i| format!("{i}a etapa: {i} de maio – Interlagos"))
            .collect();
        let prose = "O calendário da temporada foi divulgado pela organização nesta semana, \
                     com doze etapas e duas datas ainda sem pista definida pelos promotores.";
        let mut paragraphs = table.clone();
        paragraphs.push(prose.to_string());
        // The first 1,000 characters, all table, were read as no language at all.
        assert_eq!(detect_lang(&paragraphs).as_deref(), Some("pt"));
        // With no prose at all, the paragraphs are read in order.
        let english = vec!["The results of the vote".to_string(); 3];
        assert_eq!(detect_lang(&english).as_deref(), Some("en"));
        assert_eq!(detect_lang(&[]), None);
    }

    #[test]
    fn page_without_article_has_a_reason() {
        let raw = RawDoc::new(
            Origin::default(),
            Format::Html,
            b"<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav>\
              <footer><a href=/privacy>Privacy</a></footer></body></html>"
                .to_vec(),
        );
        let article = Extractor::new().extract(&raw).unwrap();
        assert!(article.paragraphs.is_empty(), "{:?}", article.paragraphs);
        assert!(article.empty_reason.is_some());
        assert_eq!(article.removed.len(), 2);
    }
}
