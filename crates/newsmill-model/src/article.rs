use serde::{Deserialize, Serialize};

/// Why a block of the page was left out of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RemovedKind {
    /// The headline, taken into [`Article::title`] rather than the body.
    Title,
    /// An image or video caption ("… - Sputnik Литва, 1920, 20.09.2023").
    Caption,
    /// A photo or media credit ("© Sputnik / Алексей Никольский").
    Credit,
    /// A link to another story: a related headline in or after the body.
    Teaser,
    /// A call to subscribe ("Подписаться", "Sign up for our newsletter").
    Subscribe,
    /// A bare counter (views, comments, shares: "0", "12 comments").
    Counter,
    /// A promotion of the outlet's channels or products ("… теперь в Telegram!").
    Promo,
    /// Reader comments and the widgets around them.
    Comments,
    /// Menus, breadcrumbs, section lists, footers.
    Navigation,
    /// Author, date and tag lines: metadata kept in the record's fields instead.
    Meta,
    /// A line of hashtags ("#москва #дтп"), a post's topic tags.
    Tags,
    /// A channel's sign-off: its handle ("@banksta"), a link to send it news ("📱 Прислать
    /// новость"), a mirror to read it by ("Читать нас без VPN можно здесь: …").
    Signoff,
    /// Anything else that is not the article.
    Chrome,
}

impl RemovedKind {
    /// Every kind, in a stable order (used by model files and reports).
    pub const ALL: [RemovedKind; 13] = [
        RemovedKind::Title,
        RemovedKind::Caption,
        RemovedKind::Credit,
        RemovedKind::Teaser,
        RemovedKind::Subscribe,
        RemovedKind::Counter,
        RemovedKind::Promo,
        RemovedKind::Comments,
        RemovedKind::Navigation,
        RemovedKind::Meta,
        RemovedKind::Tags,
        RemovedKind::Signoff,
        RemovedKind::Chrome,
    ];

    /// The lowercase name used in records.
    pub fn as_str(self) -> &'static str {
        match self {
            RemovedKind::Title => "title",
            RemovedKind::Caption => "caption",
            RemovedKind::Credit => "credit",
            RemovedKind::Teaser => "teaser",
            RemovedKind::Subscribe => "subscribe",
            RemovedKind::Counter => "counter",
            RemovedKind::Promo => "promo",
            RemovedKind::Comments => "comments",
            RemovedKind::Navigation => "navigation",
            RemovedKind::Meta => "meta",
            RemovedKind::Tags => "tags",
            RemovedKind::Signoff => "signoff",
            RemovedKind::Chrome => "chrome",
        }
    }
}

/// A block that extraction dropped, kept so that nothing is silently lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// The block's text, whitespace-collapsed.
    pub text: String,
    /// Why it was dropped.
    pub kind: RemovedKind,
}

/// The opening line of a wire story: "ВИЛЬНЮС, 20 сен – Sputnik", "WASHINGTON (Reuters)".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The place, in its dictionary form and title case ("Вильнюс").
    pub place: Option<String>,
    /// The dateline as written.
    pub text: String,
}

/// Where a date was read from, so that an analyst can judge how far to trust it.
///
/// The order is roughly that of trust: a publisher's structured data first, then what a reader
/// sees on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DateSource {
    /// The container gave it (a feed's `pubDate`, a JSONL `published` field).
    #[serde(rename = "input")]
    Input,
    /// The page's JSON-LD article (`datePublished`, `dateModified`).
    #[serde(rename = "json-ld")]
    JsonLd,
    /// A `<meta>` tag (`article:published_time`, `date`, `dc.date`, …).
    #[serde(rename = "meta")]
    Meta,
    /// A `<time>` element's `datetime`, or an element marked as the publication date.
    #[serde(rename = "time")]
    Time,
    /// The page address (`/2023/09/20/`).
    #[serde(rename = "url")]
    Url,
    /// A byline or dateline as the reader sees it ("20 сентября 2023, 14:05", "vor 2 Tagen").
    #[serde(rename = "text")]
    Text,
}

impl DateSource {
    /// The name used in records and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Input => "input",
            DateSource::JsonLd => "json-ld",
            DateSource::Meta => "meta",
            DateSource::Time => "time",
            DateSource::Url => "url",
            DateSource::Text => "text",
        }
    }
}

/// A link the source marked up in the body: a Telegram post's `[text](url)`, kept as metadata
/// while its text stays in the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The link's text as it reads in the body.
    pub text: String,
    /// Where it points.
    pub url: String,
}

/// A clean article: what extraction makes of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The page address, when known.
    pub url: Option<String>,
    /// ISO 639-1 code of the body's language ("ru", "en"), when it could be told.
    pub lang: Option<String>,
    /// The publication that carries the page ("Sputnik Литва", "Reuters", else the domain).
    pub outlet: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The standfirst or first paragraph.
    pub lead: Option<String>,
    /// Publication date, ISO 8601 (`2023-09-20` or `2023-09-20T14:05:00+03:00`).
    pub published: Option<String>,
    /// Where [`Article::published`] was read from.
    pub published_source: Option<DateSource>,
    /// Last modification date, ISO 8601, where the page gives one apart from `published`.
    pub modified: Option<String>,
    /// Where [`Article::modified`] was read from.
    pub modified_source: Option<DateSource>,
    /// Bylines, in page order.
    pub authors: Vec<String>,
    /// The wire dateline at the start of the body.
    pub dateline: Option<Dateline>,
    /// Agencies the text credits as its source ("РИА Новости", "Reuters").
    pub credited_sources: Vec<String>,
    /// The body, one entry a paragraph.
    pub paragraphs: Vec<String>,
    /// Everything dropped from the page, in page order.
    pub removed: Vec<Removed>,
    /// Links the source marked up in its text (Telegram markdown), in order.
    pub links: Vec<Link>,
    /// Why the body is empty, when it is (no article found on the page).
    pub empty_reason: Option<String>,
}

impl Article {
    /// The body as one text: paragraphs joined by a blank line.
    pub fn text(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}
