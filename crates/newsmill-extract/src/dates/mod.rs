//! Publication and modification dates: every place a reader would find one, ranked the way a
//! careful reader trusts them (decision 50).
//!
//! Candidates come from the page's JSON-LD article, its `<meta>` tags, `<time>` elements and
//! elements whose markup says they hold a date, the address, and the byline lines around the
//! headline. [`choose`] ranks them: a publisher's own structured publication date first, then
//! marked-up publication times, the address, byline text, unmarked times, and last any date in
//! the page's own text. Modification dates are kept apart and never stand in for publication.
//! Nothing is invented: a page that shows no date keeps none.

pub(crate) mod parse;

use chrono::NaiveDate;
use newsmill_model::{DateSource, RemovedKind};

use self::parse::{dates_in_text, relative_date, NumericOrder, Stamp};
use crate::blocks::Block;

/// What a date claims to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// When the piece was first published.
    Published,
    /// When it was last changed.
    Modified,
    /// Not said.
    Unknown,
}

/// An element of the page that holds a date: a `<time>`, an element with `itemprop`
/// `datePublished`, or one whose class says date or timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateMark {
    /// The machine-readable value (`datetime` or `content`), when the element has one.
    pub value: Option<String>,
    /// What the markup says the date is.
    pub role: Role,
    /// The index of the block that holds the element's text.
    pub block: usize,
}

/// The dates chosen for a page, each with where it was read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Dates {
    /// Publication date, ISO 8601.
    pub published: Option<(String, DateSource)>,
    /// Last modification, when the page gives one apart from publication.
    pub modified: Option<(String, DateSource)>,
}

/// What a page offers to date it by.
pub(crate) struct Evidence<'a> {
    /// JSON-LD `datePublished` / `dateModified` of the page's own article (or web page).
    pub ld_published: Option<&'a str>,
    /// JSON-LD `dateModified`.
    pub ld_modified: Option<&'a str>,
    /// `<meta>` key (lower case) → content, in page order.
    pub metas: &'a [(String, String)],
    /// Elements that hold dates.
    pub marks: &'a [DateMark],
    /// Addresses of the page (canonical, `og:url`, the one it was fetched from).
    pub urls: &'a [&'a str],
    /// The page's blocks.
    pub blocks: &'a [Block],
    /// Which blocks are the article.
    pub keep: &'a [bool],
    /// The headline's block, when it was found.
    pub title_at: Option<usize>,
    /// The language of the page, which orders all-numeric dates.
    pub lang: Option<&'a str>,
    /// The day the page was fetched, for relative dates and as the latest possible date.
    pub fetched: Option<NaiveDate>,
}

/// `<meta>` keys that give the publication date, most specific first.
const META_PUBLISHED: &[&str] = &[
    "article:published_time",
    "datepublished",
    "og:published_time",
    "article:published",
    "published_time",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "datecreated",
    "citation_publication_date",
    "citation_date",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
    "og:article:published_time",
    "date",
    "dc.date",
    "dcterms.date",
    "created",
    "release_date",
];

/// `<meta>` keys that give the last modification.
const META_MODIFIED: &[&str] = &[
    "article:modified_time",
    "datemodified",
    "og:updated_time",
    "article:modified",
    "modified_time",
    "og:article:modified_time",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "revised",
];

/// A `<meta>` key of a vendor's own vocabulary that names a publication date
/// (`bt:pubdate`, `five_hundred_pixels:uploaded`, `article.created`): trusted below the
/// standard keys.
fn vendor_date_key(key: &str) -> bool {
    let dated = [
        "publish", "pubdate", "pub_date", "created", "uploaded", "date",
    ]
    .iter()
    .any(|w| key.contains(w));
    let other = [
        "modif", "updat", "expir", "revis", "valid", "birth", "event", "start", "end",
    ]
    .iter()
    .any(|w| key.contains(w));
    dated && !other
}

/// A date offered by the page, with how far it is trusted (lower is better).
#[derive(Debug, Clone)]
struct Candidate {
    stamp: Stamp,
    source: DateSource,
    tier: u8,
    /// How far from the headline, in blocks, for dates read from the text.
    distance: usize,
}

/// Ranks what the page offers and picks its publication and modification dates.
pub(crate) fn choose(ev: &Evidence<'_>) -> Dates {
    let latest = ev
        .fetched
        .unwrap_or_else(today)
        .succ_opt()
        .unwrap_or(NaiveDate::MAX);
    let earliest = NaiveDate::from_ymd_opt(1995, 1, 1).unwrap_or(NaiveDate::MIN);
    let plausible = |s: &Stamp| (earliest..=latest).contains(&s.day);
    let order = match ev.lang {
        Some("en") => NumericOrder::MonthFirst,
        _ => NumericOrder::DayFirst,
    };

    let mut published: Vec<Candidate> = Vec::new();
    let mut modified: Vec<Candidate> = Vec::new();
    let push_at =
        |list: &mut Vec<Candidate>, stamp: Option<Stamp>, source, tier, distance: usize| {
            if let Some(stamp) = stamp.filter(|s| plausible(s)) {
                list.push(Candidate {
                    stamp,
                    source,
                    tier,
                    distance,
                });
            }
        };
    let push = |list: &mut Vec<Candidate>, stamp: Option<Stamp>, source, tier| {
        push_at(list, stamp, source, tier, 0);
    };

    // Tier 0: the publisher's structured publication date.
    push(
        &mut published,
        ev.ld_published.and_then(parse::stamp),
        DateSource::JsonLd,
        0,
    );
    push(
        &mut modified,
        ev.ld_modified.and_then(parse::stamp),
        DateSource::JsonLd,
        0,
    );
    for (key, value) in ev.metas {
        if META_PUBLISHED.contains(&key.as_str()) {
            push(&mut published, parse::stamp(value), DateSource::Meta, 0);
        } else if META_MODIFIED.contains(&key.as_str()) {
            push(&mut modified, parse::stamp(value), DateSource::Meta, 0);
        } else if vendor_date_key(key) {
            push(&mut published, parse::stamp(value), DateSource::Meta, 1);
        }
    }

    // Marked-up dates outside boxes of other stories and comments.
    for mark in ev.marks {
        let block = ev.blocks.get(mark.block);
        // A date the markup declares the publication's is trusted in a page footer too; an
        // unnamed one there is another page's.
        let away = match mark.role {
            Role::Unknown => block.is_some_and(elsewhere),
            _ => block.is_some_and(in_other_story),
        };
        if away {
            continue;
        }
        let stamp = mark.value.as_deref().and_then(parse::stamp).or_else(|| {
            // An element whose class says date, without a machine value: read its text.
            block.and_then(|b| text_date(&b.text, order, ev.fetched))
        });
        // The words win over the markup: "Veröffentlicht: 30.07.2019" marked `dateModified`.
        let role = match block.map(|b| cue_of(&b.text)) {
            Some(Some(role)) if mark.value.is_none() => role,
            _ => mark.role,
        };
        match role {
            Role::Published => push(&mut published, stamp, DateSource::Time, 1),
            Role::Modified => push(&mut modified, stamp, DateSource::Time, 1),
            Role::Unknown => push(&mut published, stamp, DateSource::Time, 4),
        }
    }

    // The address.
    for url in ev.urls {
        push(
            &mut published,
            parse::date_in_url(url).map(Stamp::day),
            DateSource::Url,
            2,
        );
    }

    // Byline lines: short blocks around the headline (whatever their class calls them:
    // a date over a headline is often styled as a "teaser-meta"), and blocks the page marks
    // as meta.
    for (i, block) in ev.blocks.iter().enumerate() {
        let near_title = ev.title_at.is_some_and(|t| i + 3 >= t && i <= t + 12)
            && block.words <= 25
            && !in_other_story(block)
            && block.hint != Some(RemovedKind::Comments);
        let byline = block.hint == Some(RemovedKind::Meta);
        if !(near_title || byline && !elsewhere(block)) {
            continue;
        }
        let Some(stamp) = text_date(&block.text, order, ev.fetched) else {
            continue;
        };
        // Below the headline is where bylines sit; a line above it counts as farther.
        let distance = ev
            .title_at
            .map_or(i, |t| if i >= t { i - t } else { 2 * (t - i) });
        if cue_of(&block.text) == Some(Role::Modified) {
            push_at(&mut modified, Some(stamp), DateSource::Text, 3, distance);
        } else {
            push_at(&mut published, Some(stamp), DateSource::Text, 3, distance);
        }
    }

    // Only a modification date: the page's own date all the same, and the best there is.
    if published.is_empty() {
        if let Some(first) = modified.iter().min_by_key(|c| (c.tier, c.stamp.day)) {
            let first = Candidate {
                tier: 5,
                ..first.clone()
            };
            published.push(first);
        }
    }
    // Nothing marked on the page: the lead image's address (`og:image` under `/2020/10/26/`) dates
    // the upload of the article's own picture, which goes up with the article.
    if published.is_empty() {
        let image = ev
            .metas
            .iter()
            .filter(|(k, _)| k == "og:image" || k == "twitter:image")
            .find_map(|(_, v)| parse::date_in_url(v));
        push(&mut published, image.map(Stamp::day), DateSource::Url, 6);
    }
    // Last: the first date in the article's own text or the blocks next to it.
    if published.is_empty() {
        let first_kept = ev.keep.iter().position(|&k| k);
        let start = ev.title_at.or(first_kept).unwrap_or(0);
        let fallback = ev.blocks[start.min(ev.blocks.len())..]
            .iter()
            .chain(&ev.blocks[..start.min(ev.blocks.len())])
            .filter(|b| !elsewhere(b) && b.words <= 12)
            .find_map(|b| text_date(&b.text, order, ev.fetched).filter(|s| plausible(s)));
        push(&mut published, fallback, DateSource::Text, 7);
    }

    let best = |list: &[Candidate]| -> Option<Candidate> {
        let tier = list.iter().map(|c| c.tier).min()?;
        let in_tier = list.iter().filter(|c| c.tier == tier);
        if tier == 0 {
            // The publisher's metadata: the earliest day, since a page's original date
            // precedes its re-stamps (a JSON-LD date re-written at a later save).
            in_tier.min_by_key(|c| c.stamp.day).cloned()
        } else {
            // Dates on the page: the one nearest the headline, else the first.
            in_tier.min_by_key(|c| c.distance).cloned()
        }
    };
    let mut pub_best = best(&published);
    let mod_best = modified
        .iter()
        .filter(|c| c.tier == 0)
        .max_by_key(|c| c.stamp.day)
        .or_else(|| modified.iter().max_by_key(|c| c.stamp.day))
        .cloned();

    // A UTC stamp near midnight is on the publisher's day only if nothing local says
    // otherwise: the page writing the same instant in its own zone gives the local day.
    if let Some(p) = &pub_best {
        if p.stamp.utc_near_midnight() {
            let local = published
                .iter()
                .find(|c| c.stamp.day != p.stamp.day && p.stamp.same_instant_local(&c.stamp));
            if let Some(local) = local {
                pub_best = Some(Candidate {
                    stamp: local.stamp.clone(),
                    source: local.source,
                    tier: p.tier,
                    distance: local.distance,
                });
            }
        }
    }
    // The date the page shows its reader under the headline, when the publisher's metadata
    // calls that day a modification days after the publication: the article was re-issued,
    // and is presented (and read) as of the day shown.
    if let Some(p) = &pub_best {
        let shown = published
            .iter()
            .filter(|c| c.tier == 3 && c.distance <= 3)
            .min_by_key(|c| c.distance);
        if let Some(shown) = shown {
            let re_issued = modified
                .iter()
                .any(|m| m.tier <= 1 && m.stamp.day == shown.stamp.day);
            // Days later, not the same night's correction.
            let later = (shown.stamp.day - p.stamp.day).num_days() >= 2;
            if p.tier == 0 && later && re_issued {
                pub_best = Some(shown.clone());
            }
        }
    }
    let modified = mod_best.filter(|m| {
        pub_best
            .as_ref()
            .is_none_or(|p| m.stamp.iso != p.stamp.iso && m.stamp.day >= p.stamp.day)
    });
    Dates {
        published: pub_best.map(|c| (c.stamp.iso, c.source)),
        modified: modified.map(|c| (c.stamp.iso, c.source)),
    }
}

/// A block in a box of other stories, comments or navigation: dates there are of other pages.
fn elsewhere(block: &Block) -> bool {
    in_other_story(block)
        || matches!(
            block.hint,
            Some(RemovedKind::Comments | RemovedKind::Teaser | RemovedKind::Navigation)
        )
}

/// A block of a box of other stories, found from the box's heading.
fn in_other_story(block: &Block) -> bool {
    block.teaser_box || block.related_heading
}

/// The first date a byline-like text gives, relative ones resolved against the fetch day.
fn text_date(text: &str, order: NumericOrder, fetched: Option<NaiveDate>) -> Option<Stamp> {
    if text.len() > 600 {
        return None;
    }
    dates_in_text(text, order)
        .first()
        .map(|f| Stamp::day(f.date))
        .or_else(|| relative_date(text, fetched?).map(Stamp::day))
}

/// What the words before a byline's date say it is: "Updated", "Aktualisiert", "Обновлено"
/// name a modification; "Published", "Veröffentlicht", "Опубликовано" the publication.
fn cue_of(text: &str) -> Option<Role> {
    let head: String = text.chars().take(40).collect::<String>().to_lowercase();
    let at = |cues: &[&str]| cues.iter().filter_map(|c| head.find(c)).min();
    let updated = at(&[
        "updated",
        "update:",
        "aktualisiert",
        "обновлен",
        "modifié",
        "mis à jour",
        "actualizado",
        "aggiornato",
    ]);
    let published = at(&[
        "published",
        "posted",
        "veröffentlicht",
        "erstellt",
        "опубликован",
        "publié",
        "publicado",
        "pubblicato",
    ]);
    match (published, updated) {
        (Some(p), Some(u)) if u < p => Some(Role::Modified),
        (Some(_), _) => Some(Role::Published),
        (None, Some(_)) => Some(Role::Modified),
        (None, None) => None,
    }
}

/// Today, from the system clock (chrono is built without its clock feature).
fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.date_naive())
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests;
