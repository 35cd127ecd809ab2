//! Page → [`Article`]: the extraction stage of newsmill.
//!
//! An HTML page is parsed into blocks (the text of each block-level element, with its DOM
//! context); scraped text is split into lines. A classifier trained on real pages (`newsmill
//! train extract`: linear models mixed with boosted trees) decides which blocks are the
//! article; every other block is kept in
//! [`Article::removed`] with a kind (caption, credit, teaser, promo, …). Metadata comes from
//! JSON-LD, `<meta>` tags, `<time>`, the URL and the visible text: title, publication date,
//! authors, outlet, language, lead, wire dateline and credited agencies.
//!
//! ```
//! use newsmill_extract::Extractor;
//! use newsmill_model::{Format, Origin, RawDoc};
//!
//! let page = "Армения и Азербайджан остаются партнерами России\n\
//!             Подписаться\n\
//!             МОСКВА, 20 сен – РИА Новости. Контакты России с Арменией продолжаются, она была и \
//!             остается для РФ союзником и партнером, заявил пресс-секретарь президента Дмитрий \
//!             Песков, добавив, что контакты с Азербайджаном также продолжаются.\n\
//!             \"Мы продолжаем наши контакты и с армянской стороной. Армения была и остается нашим \
//!             очень важным союзником, партнером, близкой нам страной\", — заявил Песков.\n\
//!             Лента новостей\n0";
//! let raw = RawDoc::new(Origin::default(), Format::Text, page.as_bytes().to_vec());
//! let article = Extractor::new().extract(&raw).unwrap();
//! assert_eq!(article.title.as_deref(), Some("Армения и Азербайджан остаются партнерами России"));
//! assert_eq!(article.paragraphs.len(), 2);
//! assert_eq!(article.dateline.unwrap().place.as_deref(), Some("Москва"));
//! assert!(article.removed.iter().any(|r| r.text == "Подписаться"));
//! ```
#![deny(missing_docs)]

mod authors;
mod blocks;
mod classifier;
mod dates;
mod decode;
mod extract;
mod html;
mod linear;
mod markdown;
mod meta;
mod score;
mod slim;
mod synthetic;
mod text;
mod train;
mod trees;

pub use authors::persons_and_agencies;
pub use decode::decode;
pub use extract::{ExtractError, Extractor};
pub use score::{score_pages, PageScore, Scores};
pub use synthetic::synthetic_scraped_pages;
pub use train::{GoldPage, Trained};
